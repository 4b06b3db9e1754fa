/* linebreak.c - see linebreak.h. */
#include "typeset/linebreak.h"

#include <unicode/ubrk.h>
#include "base/utf8.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every mark the line-breaking rules name, with its classes
 * (docs/typesetting.md): NO_START may not begin a line, NO_END may not end
 * one; STOP marks are inked on the left of their em, with the right half
 * blank (。，、；：, closing brackets and quotes; ？！ are centred), OPEN
 * marks on the right. Push-in takes out the blank half of a STOP before
 * another STOP or an OPEN. The one table the breaker and push-in read. */
enum { NO_START = 1, NO_END = 2, STOP = 4, OPEN = 8 };
static const struct {
    uint32_t cp;
    unsigned char cls;
} MARKS[] = {
    { 0xFF0C, NO_START | STOP }, { 0x3002, NO_START | STOP }, { 0x3001, NO_START | STOP },   /* ，。、 */
    { 0xFF1B, NO_START | STOP }, { 0xFF1A, NO_START | STOP },                                /* ；： */
    { 0xFF1F, NO_START }, { 0xFF01, NO_START },                                              /* ？！ */
    { 0xFF09, NO_START | STOP }, { 0x300B, NO_START | STOP }, { 0x300D, NO_START | STOP },   /* ）》」 */
    { 0x300F, NO_START | STOP }, { 0x3011, NO_START | STOP }, { 0x3015, NO_START | STOP },   /* 』】〕 */
    { 0x3009, NO_START | STOP }, { 0x3017, NO_START | STOP },                                /* 〉〗 */
    { 0x201D, NO_START | STOP }, { 0x2019, NO_START | STOP },                                /* ”’ */
    { 0x2026, NO_START }, { 0x2014, NO_START }, { 0x00B7, NO_START },                        /* …—· */
    { 0xFF05, NO_START }, { 0x2030, NO_START }, { 0x2103, NO_START },                        /* ％‰℃ */
    { 0xFF0E, NO_START }, { 0xFF3D, NO_START }, { 0xFF5D, NO_START },                        /* ．］｝ */
    { ',', NO_START }, { '.', NO_START }, { ';', NO_START }, { ':', NO_START }, { '?', NO_START },
    { '!', NO_START }, { ')', NO_START }, { ']', NO_START }, { '}', NO_START }, { '%', NO_START },
    { 0xFF08, NO_END | OPEN }, { 0x300A, NO_END | OPEN }, { 0x300C, NO_END | OPEN },         /* （《「 */
    { 0x300E, NO_END | OPEN }, { 0x3010, NO_END | OPEN }, { 0x3014, NO_END | OPEN },         /* 『【〔 */
    { 0x3008, NO_END | OPEN }, { 0x3016, NO_END | OPEN },                                    /* 〈〖 */
    { 0x201C, NO_END | OPEN }, { 0x2018, NO_END | OPEN },                                    /* “‘ */
    { 0xFF3B, NO_END }, { 0xFF5B, NO_END }, { '(', NO_END }, { '[', NO_END }, { '{', NO_END }, /* ［｛([{ */
    { 0xFFE5, NO_END }, { '$', NO_END },                                                     /* ￥$ before a number */
};

/* MARKS by code point (all in the BMP), filled on first use: the breaker
 * asks for every pair of characters, several times a paragraph (a scan of
 * MARKS for each digit and Latin letter was a tenth of a pack's time). */
static unsigned char mark_table[0x10000];
static bool mark_table_ready;

static unsigned mark_class(uint32_t cp)
{
    if (cp >= 0x10000) return 0;
    if (!mark_table_ready) {
        for (size_t i = 0; i < sizeof MARKS / sizeof *MARKS; i++) mark_table[MARKS[i].cp] = MARKS[i].cls;
        mark_table_ready = true;
    }
    return mark_table[cp];
}

static bool lb_no_start(uint32_t cp) { return mark_class(cp) & NO_START; }   /* may not begin a line */
static bool lb_no_end(uint32_t cp) { return mark_class(cp) & NO_END; }       /* may not end a line */

/* Part of an unbreakable Latin/number run: 5G, DRG, 1,234.5, 3.0MRI, 50% */
bool lb_latin(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '.' ||
           cp == ',' || cp == '_' || cp == '-' || cp == '+' || cp == '/' || cp == '#' || cp == '&' || cp == '@' || cp == '%' ||
           (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* A digit, ASCII or full-width. */
static bool lb_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* A character that, after a number, belongs to it (GB/T 15835: a number
 * and its unit are not split at a line end): 10项, 2024年, 31日, 85分, 3万. */
static bool number_unit(uint32_t cp)
{
    static const uint32_t UNITS[] = {
        0x5E74, 0x6708, 0x65E5, 0x9879, 0x4E2A, 0x5BB6, 0x4EBA, 0x6B21, 0x5143, 0x5206,   /* 年月日项个家人次元分 */
        0x5929, 0x7EA7, 0x6240, 0x5F20, 0x5E8A, 0x5B63, 0x4E07, 0x4EBF, 0x5C81, 0x5468,   /* 天级所张床季万亿岁周 */
        0x65F6, 0x540D, 0x4F8B, 0x4EFD, 0x6761, 0x53F0, 0x5957, 0x5EA7, 0x5C42, 0x4F4D,   /* 时名例份条台套座层位 */
        0xFF05, 0x2030, 0x2103,                                                               /* ％‰℃ */
    };
    for (size_t i = 0; i < sizeof UNITS / sizeof *UNITS; i++)
        if (UNITS[i] == cp) return true;
    return false;
}

/* May a line break fall between a and b? */
static bool can_break(uint32_t a, uint32_t b)
{
    if (lb_is_mark(a) || lb_is_mark(b)) return false;   /* a bold mark stays with its characters */
    if (b == ' ') return false;          /* break after the space instead */
    if (a == ' ') return true;
    if (lb_no_start(b) || lb_no_end(a)) return false;
    if (lb_latin(a) && lb_latin(b)) return false;
    if (lb_digit(a) && number_unit(b)) return false;
    if ((a == 0x2014 && b == 0x2014) || (a == 0x2026 && b == 0x2026)) return false;
    /* a document number stays whole: 荣卫督〔2024〕2号 (〔 appears in little else) */
    if (b == 0x3014) return false;
    if (a == 0x3015 && b >= '0' && b <= '9') return false;
    if (a >= '0' && a <= '9' && b == 0x53F7) return false;
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
        i += (size_t)l;
        if (lb_is_mark(cp)) continue;   /* no room, no gap */
        if (!first && !(lb_latin(prev) && lb_latin(cp))) gaps++;
        prev = cp;
        first = false;
    }
    return gaps;
}

bool lb_squeezable(uint32_t a, uint32_t b, AdvanceFn adv, InkFn ink, void *ctx)
{
    if (!ink || !(mark_class(a) & STOP) || !(mark_class(b) & (STOP | OPEN))) return false;
    double em = adv(ctx, 0x4E00), wa = adv(ctx, a), wb = adv(ctx, b);
    if (em <= 0 || fabs(wa - em) > em * 0.05 || fabs(wb - em) > em * 0.05) return false;
    double al, ar, bl, br;
    if (!ink(ctx, a, &al, &ar) || !ink(ctx, b, &bl, &br)) return false;
    /* a's ink within its left half (a little over is fine), and clear of b's
     * by a twentieth of an em once b moves half an em closer */
    return ar <= em * 0.55 && ar <= em / 2 + bl - em * 0.05;
}

typedef struct {
    size_t off;
    uint32_t cp;          /* the character (a half-width form, LB_HALF + cp, counts as cp) */
    double w;
    bool half;            /* set half-width already (the layout compressed it): no push-in */
} Ch;

/* The issuing code of a document number (荣卫督, 荣昌府办发) stays with its
 * 〔: no break where up to three Chinese characters run on to a 〔 (longer
 * codes may break, but never next to the bracket). */
static bool inside_issuing_code(const Ch *ch, size_t n, size_t j)
{
    for (size_t k = j; k < n && k < j + 3; k++) {
        if (ch[k].cp == 0x3014) return true;
        if (ch[k].cp < 0x4E00 || ch[k].cp > 0x9FFF) return false;
    }
    return false;
}

static bool break_at(const Ch *ch, size_t n, size_t j)
{
    return j >= n || (can_break(ch[j - 1].cp, ch[j].cp) && !inside_issuing_code(ch, n, j));
}

/* Push-in: the line [start, j) is full (w wide) and may not break before j.
 * Take in up to two more characters, to the next allowed break, if the
 * blank halves of adjacent punctuation in the line make room for them,
 * taken from the line's end backwards; the squeezed characters go to ln.
 * Returns the line's end, or 0. */
/* How the text is measured: a character's advance and ink, their
 * context, and the width of a Han character (em). */
typedef struct {
    AdvanceFn adv;
    InkFn ink;
    void *ctx;
    double em;
} Metrics;

static size_t push_in(const Ch *ch, size_t n, size_t start, size_t j, double w, double measure, const Metrics *mt,
                      Line *ln)
{
    AdvanceFn adv = mt->adv;
    InkFn ink = mt->ink;
    void *ctx = mt->ctx;
    double em = mt->em;
    if (!ink || break_at(ch, n, j)) return 0;
    size_t m = j;
    do {
        w += ch[m].w;
        m++;
    } while (m < n && m < j + 2 && !break_at(ch, n, m));
    if (!break_at(ch, n, m)) return 0;
    double need = w - measure - 1e-6;
    int pairs = 0;
    for (size_t k = m - 1; k > start && need > 0 && pairs < LB_MAX_SQUEEZE; k--)
        if (!ch[k - 1].half && lb_squeezable(ch[k - 1].cp, ch[k].cp, adv, ink, ctx)) {
            ln->squeeze_at[pairs++] = ch[k - 1].off;
            need -= em / 2;
        }
    if (need > 0) return 0;
    ln->squeezed = pairs;
    return m;
}

/* lb_stretch_gaps over characters [a, b). */
static int lb_stretch_gaps_ch(const Ch *ch, size_t a, size_t b)
{
    int gaps = 0;
    uint32_t prev = 0;
    bool first = true;
    for (size_t i = a; i < b; i++) {
        if (lb_is_mark(ch[i].cp)) continue;
        if (!first) gaps += !(lb_latin(prev) && lb_latin(ch[i].cp));
        prev = ch[i].cp;
        first = false;
    }
    return gaps;
}

/* Characters of [a, b) that are not punctuation closing a line or blanks. */
static int real_chars(const Ch *ch, size_t a, size_t b)
{
    int k = 0;
    for (size_t i = a; i < b; i++) k += ch[i].cp != ' ' && !lb_no_start(ch[i].cp) && !lb_is_mark(ch[i].cp);
    return k;
}

/* Set a line's range to characters [a, b) (blanks at its end left out):
 * width, count, and the push-in squeezes that still lie inside. */
static void set_range(const Ch *ch, size_t n, size_t len, size_t a, size_t b, double em, Line *ln)
{
    while (b > a && ch[b - 1].cp == ' ') b--;
    ln->start = ch[a].off;
    ln->end = b < n ? ch[b].off : len;
    int kept = 0;
    for (int q = 0; q < ln->squeezed; q++)
        if (ln->squeeze_at[q] >= ln->start && ln->squeeze_at[q] < ln->end) ln->squeeze_at[kept++] = ln->squeeze_at[q];
    ln->squeezed = kept;
    ln->width = -kept * em / 2;
    for (size_t k = a; k < b; k++) ln->width += ch[k].w;
    ln->n_chars = (int)(b - a);
}

/* The justification a line [a, b) would need in measure, per gap, in em
 * (0 for a line without gaps). */
static double spread(const Ch *ch, const Line *ln, size_t a, size_t b, double measure, double em)
{
    int gaps = lb_stretch_gaps_ch(ch, a, b);
    return gaps > 0 ? (measure - ln->width) / gaps / em : 0;
}

/* A paragraph's last line of a single character and its closing
 * punctuation (孤字). */
static bool lone_last(const Ch *ch, size_t n, const size_t *first_ch, size_t nl)
{
    return nl >= 2 && real_chars(ch, first_ch[nl - 1], n) == 1;
}

/* No 孤字, the cheap way: the last line takes one to three characters from
 * the line above, at an allowed break, if the line above keeps two or more
 * and (in a measure of ten characters or more, text that is justified)
 * spreads no wider than a quarter em per gap. True when done. */
static bool pull_down_last(const Ch *ch, size_t n, size_t len, size_t *first_ch, Line *lines, size_t nl,
                           double measure, double em)
{
    size_t ps = first_ch[nl - 2], ls = first_ch[nl - 1];
    for (size_t b = ls; b-- > ps + 2 && ls - b <= 3;) {
        if (!break_at(ch, n, b) || 1 + real_chars(ch, b, ls) < 2) continue;
        Line prev = lines[nl - 2];
        set_range(ch, n, len, ps, b, em, &prev);
        if (measure >= 10 * em && spread(ch, &prev, ps, b, measure, em) > 0.25 + 1e-9) return false;
        lines[nl - 2] = prev;
        lines[nl - 1].squeezed = 0;
        set_range(ch, n, len, b, n, em, &lines[nl - 1]);
        first_ch[nl - 1] = b;
        return true;
    }
    return false;
}

/* Greedy breaking of ch[] into lines of at most first / width points;
 * first_ch[i] is line i's first character. */
static size_t greedy(const Ch *ch, size_t n, size_t len, double first, double width, const Metrics *mt, Line **out,
                     size_t **first_out)
{
    double em = mt->em;
    Line *lines = NULL;
    size_t nl = 0, lcap = 0, *first_ch = NULL, fcap = 0, nf = 0;
    size_t start = 0;
    while (start < n) {
        while (start < n && ch[start].cp == ' ') start++;   /* no spaces at a line's start */
        if (start >= n) break;
        *ARRAY_PUSH(first_ch, nf, fcap) = start;
        double measure = nl == 0 ? first : width;
        double w = 0;
        size_t j = start, brk = 0;    /* brk: last allowed break (index of next line's first char) */
        bool have_brk = false;
        while (j < n) {
            if (j > start && can_break(ch[j - 1].cp, ch[j].cp) && !inside_issuing_code(ch, n, j)) {
                brk = j;
                have_brk = true;
            }
            if (ch[j].cp != ' ' && w + ch[j].w > measure + 1e-6 && j > start) break;
            w += ch[j].w;
            j++;
        }
        Line *ln = ARRAY_PUSH(lines, nl, lcap);
        memset(ln, 0, sizeof *ln);
        size_t end = j >= n ? n : push_in(ch, n, start, j, w, measure, mt, ln);
        if (!end) end = have_brk ? brk : j;   /* push-out, or a run wider than the line cut */
        int squeezed = ln->squeezed;
        set_range(ch, n, len, start, end, em, ln);
        ln->squeezed = squeezed;
        ln->width = -squeezed * em / 2;
        size_t e = end;
        while (e > start && ch[e - 1].cp == ' ') e--;
        for (size_t k = start; k < e; k++) ln->width += ch[k].w;
        ln->last = end >= n;
        start = end;
    }
    if (nl) lines[nl - 1].last = true;
    *out = lines;
    *first_out = first_ch;
    return nl;
}

/* Whether lines broken narrower still read well in the true measure: no
 * line but the last spread wider than a quarter em per gap. */
static bool spreads_well(const Ch *ch, size_t n, const size_t *first_ch, const Line *lines, size_t nl,
                         double first, double width, double em)
{
    for (size_t i = 0; i + 1 < nl; i++)
        if (spread(ch, &lines[i], first_ch[i], first_ch[i + 1], i == 0 ? first : width, em) > 0.25 + 1e-9)
            return false;
    (void)n;
    return true;
}

size_t linebreak(const char *text, size_t len, double first, double width, AdvanceFn adv, void *ctx,
                 Line **out)
{
    return linebreak_pushin(text, len, first, width, adv, NULL, ctx, out);
}

static size_t break_paragraph(const char *text, size_t len, double first, double width, AdvanceFn adv, InkFn ink,
                              void *ctx, bool ragged, Line **out);

size_t linebreak_pushin(const char *text, size_t len, double first, double width, AdvanceFn adv, InkFn ink,
                        void *ctx, Line **out)
{
    return break_paragraph(text, len, first, width, adv, ink, ctx, false, out);
}

size_t linebreak_ragged(const char *text, size_t len, double first, double width, AdvanceFn adv, InkFn ink,
                        void *ctx, Line **out)
{
    return break_paragraph(text, len, first, width, adv, ink, ctx, true, out);
}

/* ragged: the lines are not justified, so how far a line would spread does
 * not limit the cure of a 孤字. */
static size_t break_paragraph(const char *text, size_t len, double first, double width, AdvanceFn adv, InkFn ink,
                              void *ctx, bool ragged, Line **out)
{
    double em = adv(ctx, 0x4E00);   /* 一: the width of a Han character */
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
        c->w = adv(ctx, cp);
        c->half = lb_is_half(cp);
        c->cp = c->half ? cp - LB_HALF : cp;
        i += (size_t)l;
    }
    size_t *first_ch;
    Metrics mt = { adv, ink, ctx, em };
    size_t nl = greedy(ch, n, len, first, width, &mt, out, &first_ch);
    /* no 孤字 (measures of two characters or less are minimum-width probes) */
    if (width >= 2 * em && lone_last(ch, n, first_ch, nl) &&
        !pull_down_last(ch, n, len, first_ch, *out, nl, ragged ? 0 : nl > 2 ? width : first, em)) {
        /* break the whole paragraph a little narrower, if its lines still
         * spread well in the true measure */
        for (int k = 1; k <= 4; k++) {
            Line *try;
            size_t *try_first;
            double cut = k * em / 2;
            size_t tn = greedy(ch, n, len, first - cut, width - cut, &mt, &try, &try_first);
            if (!lone_last(ch, n, try_first, tn) && (ragged || spreads_well(ch, n, try_first, try, tn, first, width, em))) {
                free(*out);
                free(first_ch);
                *out = try;
                first_ch = try_first;
                nl = tn;
                break;
            }
            free(try);
            free(try_first);
        }
    }
    free(first_ch);
    free(ch);
    return nl;
}

/* ---- titles ----------------------------------------------------------------- */

static bool starts_with_at(const char *text, size_t len, size_t off, const char *w)
{
    size_t n = strlen(w);
    return off + n <= len && memcmp(text + off, w, n) == 0;
}

static bool ends_with_at(const char *text, size_t off, const char *w)
{
    size_t n = strlen(w);
    return off >= n && memcmp(text + off - n, w, n) == 0;
}

/* Is the gap at byte offset `off` (between two characters) a word boundary
 * of a Chinese official title? Heuristic: no dictionary, but the words that
 * titles are built from. */
static bool title_boundary(const char *text, size_t len, size_t off, uint32_t a, uint32_t b)
{
    static const char *const before[] = { "工作", "进展", "情况", "的", "报告", "通知", "督办", "重点", "推进",
                                          "实施方案", "考核", "评估", "结果", "汇总", "会议", "材料", "关于", "滞后",
                                          NULL };
    static const char *const after[] = { "关于", "季度", "年度", "医院", "中心", "保健院", "卫生院", "委员会", "办公室",
                                         "实施方案", NULL };
    if (a == 0x201D || a == 0x300B || a == 0xFF09 || a == 0x300D) return true;     /* after ” 》 ） 」 */
    if (b == 0x201C || b == 0x300A || b == 0xFF08 || b == 0x300C) return true;     /* before “ 《 （ 「 */
    if (lb_latin(a) != lb_latin(b) && b != 0x5E74 /* 年 */) return true;
    for (const char *const *w = before; *w; w++)
        if (starts_with_at(text, len, off, *w)) return true;
    for (const char *const *w = after; *w; w++)
        if (ends_with_at(text, off, *w)) return true;
    return false;
}

/* Longer than any title: balancing it would cost time and memory that grow
 * with the square of its length (a 1 MiB name in the data); broken as a
 * paragraph instead. */
#define MAX_TITLE_BYTES 1200

/* The characters of text with their widths. */
static Ch *measure_chars(const char *text, size_t len, AdvanceFn adv, void *ctx, size_t *n_out)
{
    Ch *ch = NULL;
    size_t n = 0, cap = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int l = utf8_decode(s + i, len - i, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        Ch *c = ARRAY_PUSH(ch, n, cap);
        c->off = i;
        c->w = adv(ctx, cp);
        c->half = lb_is_half(cp);
        c->cp = c->half ? cp - LB_HALF : cp;
        i += (size_t)l;
    }
    *n_out = n;
    return ch;
}

/* pen[i]: the cost of a title line starting at character i (0 < i < n), -1
 * where none may. A broken word costs more than a few characters of
 * imbalance (a squared deviation of 4 characters is 16); a break inside a
 * quotation or a name more, inside the words below more still. */
/* Word boundaries of a Chinese title by ICU's dictionary-based break
 * iterator: word[i] is true where a word starts at character i. One
 * iterator per process, its text set per title. All true when ICU cannot
 * say (then the phrase rules alone decide). */
static UBreakIterator *word_iterator;

static void close_word_iterator(void)
{
    ubrk_close(word_iterator);
    word_iterator = NULL;
}

static bool *icu_words(const Ch *ch, size_t n)
{
    bool *word = xcalloc(n + 1, sizeof *word);
    UChar *u = xmalloc((2 * n + 1) * sizeof *u);
    size_t *at = xmalloc((2 * n + 2) * sizeof *at), m = 0;   /* UTF-16 unit -> character */
    for (size_t i = 0; i < n; i++) {
        at[m] = i;
        if (ch[i].cp >= 0x10000) { u[m++] = (UChar)(0xD800 + ((ch[i].cp - 0x10000) >> 10)); at[m] = i; }
        u[m++] = (UChar)(ch[i].cp >= 0x10000 ? 0xDC00 + ((ch[i].cp - 0x10000) & 0x3FF) : ch[i].cp);
    }
    at[m] = n;
    UErrorCode status = U_ZERO_ERROR;
    if (!word_iterator) {
        word_iterator = ubrk_open(UBRK_WORD, "zh", NULL, 0, &status);
        if (word_iterator) atexit(close_word_iterator);
    }
    UBreakIterator *bi = word_iterator;
    if (bi && U_SUCCESS(status)) ubrk_setText(bi, u, (int32_t)m, &status);
    if (!bi || U_FAILURE(status)) {
        for (size_t i = 0; i <= n; i++) word[i] = true;
    } else {
        for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) word[at[p]] = true;
        ubrk_setText(bi, NULL, 0, &status);   /* u is freed below */
    }
    free(u);
    free(at);
    return word;
}

/* Inside a date or a period (2024年第三季度, 2024年9月30日, 9月底): a break
 * before character i would split it. */
static bool inside_date(const Ch *ch, size_t n, size_t i)
{
    uint32_t a = ch[i - 1].cp, b = ch[i].cp;
    bool digit_a = a >= '0' && a <= '9', digit_b = b >= '0' && b <= '9';
    if ((a == 0x5E74 /* 年 */ || a == 0x6708 /* 月 */) && (digit_b || b == 0x7B2C /* 第 */ || b == 0x5E95 /* 底 */))
        return true;
    if (digit_a && (b == 0x5E74 || b == 0x6708 || b == 0x65E5 /* 日 */ || b == 0x5B63 /* 季 */)) return true;
    (void)n;
    return false;
}

/* Between a closing quote and an opening one close after it (“四院”同创
 * “三甲”): one term made of quoted parts. */
static bool inside_quoted_term(const Ch *ch, size_t n, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && ch[k].cp != 0x201D && i - k < 4 && ch[k].cp >= 0x4E00) k--;
    if (ch[k].cp != 0x201D) return false;
    for (size_t j = i; j < n && j < i + 4; j++)
        if (ch[j].cp == 0x201C) return true;
    return false;
}

/* Penalties of breaking a title before each character: words first, the
 * balance of its shape second (typesetting.md). -1 never (a forbidden
 * break, a document number); 0 a phrase boundary that is also a word
 * boundary (关于…|, |实施方案, around 《》); 40 another word boundary; 200
 * inside a word; 300 inside a quotation or a term of quoted parts; 400
 * inside a date or one of the set words. */
static double *title_penalties(const char *text, size_t len, const Ch *ch, size_t n)
{
    double *pen = xmalloc((n + 1) * sizeof *pen);
    bool *word = icu_words(ch, n);
    int quote_depth = 0;
    for (size_t i = 1; i < n; i++) {
        uint32_t a = ch[i - 1].cp;
        if (a == 0x201C || a == 0x300A || a == 0xFF08) quote_depth++;
        if ((a == 0x201D || a == 0x300B || a == 0xFF09) && quote_depth > 0) quote_depth--;
        if (!can_break(a, ch[i].cp) || inside_issuing_code(ch, n, i)) pen[i] = -1;
        else if (inside_date(ch, n, i)) pen[i] = 400;
        else if (quote_depth > 0 || inside_quoted_term(ch, n, i)) pen[i] = 300;
        else if (!word[i]) pen[i] = 200;
        else pen[i] = title_boundary(text, len, ch[i].off, a, ch[i].cp) ? 0 : 40;
    }
    free(word);
    static const char *const whole[] = { "第一季度", "第二季度", "第三季度", "第四季度", "季度", "年度", "考核评估",
                                         "工作进展", "实施方案", "督办通知", "卫生健康", "委员会", "人民医院", "中医院",
                                         "保健院", "疾病预防控制", "疾控中心", "重点任务", "进展情况", "工作推进", "会议材料",
                                         /* set phrases of the plans' titles */
                                         "公立医院高质量发展", "高质量发展", "医疗卫生服务体系", "县域医共体", "医防协同",
                                         "推进情况", "材料汇编", NULL };
    for (size_t i = 0; i < n; i++)
        for (const char *const *w = whole; *w; w++) {
            if (!starts_with_at(text, len, ch[i].off, *w)) continue;
            size_t wl = utf8_length(*w);
            for (size_t j = i + 1; j < i + wl && j < n; j++)
                if (pen[j] >= 0) pen[j] = fmax(pen[j], 400);
        }
    return pen;
}

/* A title being balanced: its characters, their running widths, the
 * penalties of breaking before each. */
typedef struct {
    const Ch *ch;
    size_t n, len;
    const double *prefix, *pen;
    double width, em;
} Title;

/* The cost of line [i, j) as the l-th of nl lines after the best l-1 lines
 * ending at i (cost and from of the dynamic program). */
static double title_line_cost(const Title *t, size_t nl, size_t l, size_t i, size_t j, const double *cost,
                              const size_t *from)
{
    size_t n = t->n;
    double prev = cost[(l - 1) * (n + 1) + i];
    if (prev == HUGE_VAL) return HUGE_VAL;
    double w = t->prefix[j] - t->prefix[i];
    if (w > t->width + 1e-6) return HUGE_VAL;
    double dev = (w - t->prefix[n] / (double)nl) / t->em;
    double c = prev + dev * dev + (j < n ? t->pen[j] : 0);
    /* inverted trapezoid: a line longer than the one above costs (GB/T 9704
     * allows trapezoids and diamonds: only a mild cost) */
    if (l > 1) {
        double above = t->prefix[i] - t->prefix[from[(l - 1) * (n + 1) + i]];
        if (w > above + t->em * 0.5) c += ((w - above) / t->em) * ((w - above) / t->em);
    }
    return c;
}

/* The best breaks into exactly nl lines (each of three characters or
 * more); their cost, HUGE_VAL when there are none. */
static double title_breaks(const Title *t, size_t nl, Line **lines)
{
    size_t n = t->n;
    double *cost = xmalloc((nl + 1) * (n + 1) * sizeof *cost);
    size_t *from = xmalloc((nl + 1) * (n + 1) * sizeof *from);
    for (size_t i = 0; i < (nl + 1) * (n + 1); i++) cost[i] = HUGE_VAL;
    cost[0] = 0;
    for (size_t l = 1; l <= nl; l++)
        for (size_t j = 1; j <= n; j++) {
            if ((j < n && t->pen[j] < 0) || (j == n) != (l == nl)) continue;
            for (size_t i = 0; i + 3 <= j; i++) {
                if (i > 0 && t->pen[i] < 0) continue;
                double c = title_line_cost(t, nl, l, i, j, cost, from);
                if (c < cost[l * (n + 1) + j]) {
                    cost[l * (n + 1) + j] = c;
                    from[l * (n + 1) + j] = i;
                }
            }
        }
    double total = cost[nl * (n + 1) + n];
    *lines = NULL;
    if (total < HUGE_VAL) {
        *lines = xcalloc(nl, sizeof **lines);
        for (size_t l = nl, j = n; l > 0; l--) {
            size_t i = from[l * (n + 1) + j];
            Line *ln = &(*lines)[l - 1];
            ln->start = t->ch[i].off;
            ln->end = j < n ? t->ch[j].off : t->len;
            ln->width = t->prefix[j] - t->prefix[i];
            ln->n_chars = (int)(j - i);
            ln->last = l == nl;
            j = i;
        }
    }
    free(cost);
    free(from);
    return total;
}

size_t linebreak_title(const char *text, size_t len, double width, AdvanceFn adv, void *ctx, Line **out)
{
    if (len > MAX_TITLE_BYTES) return linebreak(text, len, width, width, adv, ctx, out);
    size_t n;
    Ch *ch = measure_chars(text, len, adv, ctx, &n);
    double *prefix = xcalloc(n + 1, sizeof *prefix);
    for (size_t i = 0; i < n; i++) prefix[i + 1] = prefix[i] + ch[i].w;
    double *pen = title_penalties(text, len, ch, n);
    Title t = { ch, n, len, prefix, pen, width, n ? prefix[n] / (double)n : 1 };
    /* the fewest lines the greedy breaker needs, then the best breaks for
     * that many or one more (which costs as much as a modest imbalance) */
    Line *greedy;
    size_t lines_min = linebreak(text, len, width, width, adv, ctx, &greedy);
    free(greedy);
    size_t result_n = 0;
    Line *result = NULL;
    double result_cost = HUGE_VAL;
    for (size_t nl = lines_min; nl <= lines_min + 1 && nl > 0; nl++) {
        Line *lines;
        double total = title_breaks(&t, nl, &lines) + (nl > lines_min ? 12 : 0);
        if (lines && total < result_cost) {
            free(result);
            result = lines;
            result_cost = total;
            result_n = nl;
        } else {
            free(lines);
        }
    }
    free(pen);
    free(prefix);
    free(ch);
    if (!result) return linebreak(text, len, width, width, adv, ctx, out);   /* too short to balance */
    *out = result;
    return result_n;
}
