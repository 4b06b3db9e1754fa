/* linebreak.c - see linebreak.h. */
#include "linebreak.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>

static bool in_list(uint32_t cp, const uint32_t *list)
{
    for (; *list; list++)
        if (*list == cp) return true;
    return false;
}

bool lb_no_start(uint32_t cp)
{
    static const uint32_t list[] = {
        0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015,
        0x3009, 0x201D, 0x2019, 0x2026, 0x2014, 0x00B7, 0xFF05, 0x2030, 0x2103, 0xFF0E, 0x3017, 0xFF3D, 0xFF5D,
        ',', '.', ';', ':', '?', '!', ')', ']', '}', '%', 0 };
    return in_list(cp, list);
}

bool lb_no_end(uint32_t cp)
{
    static const uint32_t list[] = { 0xFF08, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3008, 0x201C, 0x2018,
                                     0x3016, 0xFF3B, 0xFF5B, '(', '[', '{', 0xFFE5, '$', 0 };
    return in_list(cp, list);
}

/* Part of an unbreakable Latin/number run: 5G, DRG, 1,234.5, 3.0MRI, 50% */
bool lb_latin(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '.' ||
           cp == ',' || cp == '_' || cp == '-' || cp == '+' || cp == '/' || cp == '#' || cp == '&' || cp == '@' || cp == '%' ||
           (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* May a line break fall between a and b? */
static bool can_break(uint32_t a, uint32_t b)
{
    if (b == ' ') return false;          /* break after the space instead */
    if (a == ' ') return true;
    if (lb_no_start(b) || lb_no_end(a)) return false;
    if (lb_latin(a) && lb_latin(b)) return false;
    if ((a == 0x2014 && b == 0x2014) || (a == 0x2026 && b == 0x2026)) return false;
    return true;
}

int lb_stretch_gaps(const char *s, size_t len)
{
    int gaps = 0;
    uint32_t prev = 0;
    bool first = true;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        if (!first && !(lb_latin(prev) && lb_latin(cp))) gaps++;
        prev = cp;
        first = false;
        i += (size_t)l;
    }
    return gaps;
}

typedef struct {
    size_t off;
    uint32_t cp;
    double w;
} Ch;

size_t linebreak(const char *text, size_t len, double first, double width, AdvanceFn adv, void *ctx,
                 Line **out)
{
    Ch *ch = NULL;
    size_t n = 0, cap = 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int l = utf8_decode(s + i, len - i, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        if (cp == '\n' || cp == '\r' || cp == '\t') cp = ' ';
        Ch *c = ARRAY_PUSH(ch, n, cap);
        c->off = i;
        c->cp = cp;
        c->w = adv(ctx, cp);
        i += (size_t)l;
    }
    Line *lines = NULL;
    size_t nl = 0, lcap = 0;
    size_t start = 0;
    while (start < n) {
        while (start < n && ch[start].cp == ' ') start++;   /* no spaces at a line's start */
        if (start >= n) break;
        double measure = nl == 0 ? first : width;
        double w = 0;
        size_t j = start, brk = 0;    /* brk: last allowed break (index of next line's first char) */
        bool have_brk = false;
        while (j < n) {
            if (j > start && can_break(ch[j - 1].cp, ch[j].cp)) { brk = j; have_brk = true; }
            if (ch[j].cp != ' ' && w + ch[j].w > measure + 1e-6 && j > start) break;
            w += ch[j].w;
            j++;
        }
        size_t end;
        if (j >= n) end = n;
        else if (have_brk) end = brk;     /* push-out */
        else end = j;                      /* one run wider than the line: cut it */
        size_t e = end;
        while (e > start && ch[e - 1].cp == ' ') e--;
        Line *ln = ARRAY_PUSH(lines, nl, lcap);
        ln->start = ch[start].off;
        ln->end = e < n ? ch[e].off : len;
        ln->width = 0;
        for (size_t k = start; k < e; k++) ln->width += ch[k].w;
        ln->n_chars = (int)(e - start);
        ln->last = end >= n;
        start = end;
    }
    if (nl) lines[nl - 1].last = true;
    free(ch);
    *out = lines;
    return nl;
}
