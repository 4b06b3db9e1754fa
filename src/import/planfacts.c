/* planfacts.c - see planfacts.h. */
#include "import/planfacts.h"
#include "import/cleantext.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    P_DOC_NO_LINE,     /* a line that is a document number and nothing else */
    P_DATE_LINE,       /* 2023年6月2日 on its own */
    P_QUOTED,          /* 《…》 */
    P_VALID_DATE,      /* 有效期至2025年12月31日 */
    P_VALID_YEARS,     /* 有效期5年 */
    P_TERM,            /* 实施期限为2022—2025年 */
    P_YEAR_RANGE,      /* （2022-2025年） in the title */
    P_COUNT
} Pat;

#define DOC_NO "(\\p{Han}{2,12})\\s*[〔\\[［【(（]\\s*(\\d{4})\\s*[〕\\]］】)）]\\s*(\\d{1,4})\\s*号"
#define DASH "(?:—|－|-|–|~|～|至|到)"
static const char *const PATTERNS[P_COUNT] = {
    [P_DOC_NO_LINE] = "^\\s*(?:(?:发文字号|文号|发文号)\\s*[:：]?\\s*)?" DOC_NO "\\s*(?:签发人\\s*[:：].*)?$",
    [P_DATE_LINE] = "^\\s*(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*$",
    [P_QUOTED] = "《([^《》]{4,100})》",
    /* 有效期至2025年12月31日, 有效期：2022年4月26日至2025年12月31日, 有效期至2025年底 */
    [P_VALID_DATE] = "有效期[^。；]{0,24}?(?:至|到|截至|截止到?)\\s*(\\d{4})\\s*年\\s*(?:(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日|底|末)",
    [P_VALID_YEARS] = "有效期\\s*(?:为|是)?\\s*([0-9一二三四五六七八九十]{1,2})\\s*年",
    [P_TERM] = "实施(?:期限|期|时间|周期)\\s*(?:为|是|：|:)?\\s*(\\d{4})\\s*年?(?:\\s*\\d{1,2}\\s*月)?(?:\\s*\\d{1,2}\\s*日)?\\s*"
               DASH "\\s*(\\d{4})\\s*年(?:\\s*(\\d{1,2})\\s*月)?(?:\\s*(\\d{1,2})\\s*日)?",
    [P_YEAR_RANGE] = "(\\d{4})\\s*" DASH "\\s*(\\d{4})\\s*年",
};

typedef struct {
    pcre2_code *re[P_COUNT];
    pcre2_match_data *md;
    Arena *a;
} Pats;

static void pats_open(Pats *p, Arena *a)
{
    p->a = a;
    for (int i = 0; i < P_COUNT; i++) {
        int code;
        PCRE2_SIZE off;
        p->re[i] = pcre2_compile((PCRE2_SPTR)PATTERNS[i], PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
        if (!p->re[i]) {
            fprintf(stderr, "jindu: internal error: plan-facts pattern %d does not compile at %zu\n", i, (size_t)off);
            exit(3);
        }
    }
    p->md = pcre2_match_data_create(8, NULL);
    if (!p->md) out_of_memory();
}

static void pats_close(Pats *p)
{
    for (int i = 0; i < P_COUNT; i++) pcre2_code_free(p->re[i]);
    pcre2_match_data_free(p->md);
}

static bool found(Pats *p, Pat i, const char *s, size_t from)
{
    return pcre2_match(p->re[i], (PCRE2_SPTR)s, strlen(s), from, 0, p->md, NULL) > 0;
}

static size_t at(Pats *p, int g, bool end) { return pcre2_get_ovector_pointer(p->md)[2 * g + (end ? 1 : 0)]; }

static char *grp(Pats *p, const char *s, int g)
{
    size_t a = at(p, g, false), b = at(p, g, true);
    if (a == PCRE2_UNSET) return NULL;
    return arena_strndup(p->a, s + a, b - a);
}

static int grp_int(Pats *p, const char *s, int g)
{
    char *t = grp(p, s, g);
    return t ? atoi(t) : 0;
}

static char *doc_no_of(Pats *p, const char *s)
{
    return arena_printf(p->a, "%s〔%s〕%s号", grp(p, s, 1), grp(p, s, 2), grp(p, s, 3));
}

static char *join(Arena *a, char **lines, size_t n)
{
    Buf b = {0};
    for (size_t i = 0; i < n; i++) buf_puts(&b, lines[i]);
    char *s = arena_strdup(a, b.len ? buf_cstr(&b) : "");
    buf_free(&b);
    return s;
}

/* ---- the 印发 sentence and the title in it ---- */

static bool starts(const char *s, const char *w) { return strncmp(s, w, strlen(w)) == 0; }

/* The sentence that issues the plan: it says 印发 followed by 给/你们/各
 * or preceded by 现/予. Its bounds in text, or false. */
static bool issuing_sentence(const char *text, size_t *from, size_t *to)
{
    for (const char *f = strstr(text, "印发"); f; f = strstr(f + 1, "印发")) {
        const char *after = f + strlen("印发");
        bool issues = starts(after, "给") || starts(after, "你们") || starts(after, "各") || starts(after, "至");
        if (!issues && f - text >= 3) issues = starts(f - 3, "现") || starts(f - 3, "予");
        if (!issues) continue;
        size_t s = 0;   /* after the last 。：； before it */
        for (const char *q = text; q < f; q += utf8_len(q))
            if (starts(q, "。") || starts(q, "：") || starts(q, "；")) s = (size_t)(q - text) + 3;
        const char *e = strstr(f, "。");
        *from = s;
        *to = e ? (size_t)(e - text) : strlen(text);
        return true;
    }
    return false;
}

/* A 《…》 that is cited (根据《…》, 《…》精神) rather than issued. */
static bool cited(const char *text, size_t open, size_t close)
{
    static const char *const BEFORE[] = { "根据", "按照", "依据", "落实", "贯彻", "对照", "参照", "依照", "结合", NULL };
    static const char *const AFTER[] = { "精神", "要求", "部署", "规定", NULL };
    for (int k = 0; BEFORE[k]; k++) {
        size_t n = strlen(BEFORE[k]);
        for (size_t back = n; back <= n + 6 && back <= open; back += 3)
            if (strncmp(text + open - back, BEFORE[k], n) == 0) return true;
    }
    const char *after = text + close;
    while (*after == ' ') after++;
    if (starts(after, "（") || starts(after, "(")) {   /* skip its number: 《…》（国办发〔2021〕18号）精神 */
        const char *c = strstr(after, "）");
        if (c && c - after < 60) after = c + strlen("）");
    }
    for (int k = 0; AFTER[k]; k++)
        if (starts(after, AFTER[k])) return true;
    return false;
}

/* The last 《…》 before 印发 in the issuing sentence that is not cited. */
static char *issued_title(Pats *p, const char *text, size_t from, size_t to, size_t *close_out)
{
    char *best = NULL;
    for (size_t off = from; off < to && found(p, P_QUOTED, text, off) && at(p, 0, false) < to; off = at(p, 0, true)) {
        size_t open = at(p, 0, false), close = at(p, 0, true);
        if (cited(text, open, close)) continue;
        best = grp(p, text, 1);
        *close_out = close;
    }
    return best;
}

/* "关于印发X的通知": X without its 《》. */
static char *notice_title(Arena *a, const char *text)
{
    const char *f = strstr(text, "关于印发");
    const char *e = f ? strstr(f, "的通知") : NULL;
    if (!f || !e || e - f > 240) return NULL;
    f += strlen("关于印发");
    if (starts(f, "《") && e - f > 6 && strncmp(e - 3, "》", 3) == 0) { f += 3; e -= 3; }
    return arena_strndup(a, f, (size_t)(e - f));
}

/* No notice: the plan's own heading, the line ending in 方案 … before its
 * first part (its first half may sit on the line before). */
static char *heading_title(Arena *a, char **lines, size_t head)
{
    static const char *const ENDS[] = { "方案", "计划", "规划", "意见", "办法", "细则", "年）", "年)", NULL };
    for (size_t i = 0; i < head; i++) {
        size_t l = strlen(lines[i]);
        if (starts(lines[i], "一、")) break;
        if (l > 150 || starts(lines[i], "关于") || strstr(lines[i], "。")) continue;
        for (int k = 0; ENDS[k]; k++) {
            size_t el = strlen(ENDS[k]);
            if (l < el || strcmp(lines[i] + l - el, ENDS[k]) != 0) continue;
            if (l <= 12 && i > 0 && strlen(lines[i - 1]) <= 120 && !strstr(lines[i - 1], "。"))
                return arena_printf(a, "%s%s", lines[i - 1], lines[i]);
            return arena_strdup(a, lines[i]);
        }
    }
    return NULL;
}

/* ---- the number, the date, the office ---- */

static void read_number(Pats *p, char **lines, size_t head, const char *text, size_t title_close, PlanFacts *f)
{
    for (size_t i = 0; i < head && !f->doc_no; i++)
        if (found(p, P_DOC_NO_LINE, lines[i], 0)) f->doc_no = doc_no_of(p, lines[i]);
    if (f->doc_no || !title_close) return;
    /* 现将《X》（某发〔2024〕3号）印发给你们: the number right after the title */
    const char *after = text + title_close;
    while (*after == ' ') after++;
    if (!starts(after, "（") && !starts(after, "(")) return;
    char *paren = arena_strndup(p->a, after, strnlen(after, 80));
    char *close = strstr(paren, "）");
    if (close) *close = '\0';
    const char *num = paren + (starts(paren, "（") ? 3 : 1);
    char *line = arena_strdup(p->a, num);
    if (found(p, P_DOC_NO_LINE, line, 0)) f->doc_no = doc_no_of(p, line);
}

static void read_issue(Pats *p, char **lines, size_t head, PlanFacts *f)
{
    for (size_t i = 0; i < head && f->issued_on == DATE_NONE; i++) {
        if (!found(p, P_DATE_LINE, lines[i], 0)) continue;
        f->issued_on = date_from_ymd(grp_int(p, lines[i], 1), grp_int(p, lines[i], 2), grp_int(p, lines[i], 3));
        if (f->issued_on == DATE_NONE) continue;
        if (i > 0 && !starts(lines[i - 1], "（") && strlen(lines[i - 1]) <= 90 && !strstr(lines[i - 1], "。"))
            f->issued_by = arena_strdup(p->a, lines[i - 1]);
    }
    for (size_t i = 0; i < head && !f->issued_by; i++) {
        const char *k = strstr(lines[i], "关于印发");
        if (k && k > lines[i]) f->issued_by = arena_strndup(p->a, lines[i], (size_t)(k - lines[i]));
        else if (k == lines[i] && i > 0 && strlen(lines[i - 1]) <= 90) f->issued_by = arena_strdup(p->a, lines[i - 1]);
    }
    if (f->issued_by) f->issued_by = text_trim(p->a, f->issued_by, strlen(f->issued_by));
}

static int cn_or_arabic(const char *s)
{
    static const char *const D[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
    for (int i = 0; i < 10; i++)
        if (starts(s, D[i])) return i + 1;
    return atoi(s);
}

/* Until when the plan runs, by what it says, most explicit first. */
static void read_validity(Pats *p, const char *text, PlanFacts *f)
{
    int y, m, d;
    if (found(p, P_VALID_DATE, text, 0)) {
        int month = grp_int(p, text, 2);
        f->valid_until = month ? date_from_ymd(grp_int(p, text, 1), month, grp_int(p, text, 3))
                               : date_from_ymd(grp_int(p, text, 1), 12, 31);   /* 年底 */
    } else if (found(p, P_TERM, text, 0)) {
        int end_year = grp_int(p, text, 2), end_month = grp_int(p, text, 3), end_day = grp_int(p, text, 4);
        f->valid_until = end_day     ? date_from_ymd(end_year, end_month, end_day)
                         : end_month ? date_from_ymd(end_month == 12 ? end_year + 1 : end_year, end_month % 12 + 1, 1) - 1
                                     : date_from_ymd(end_year, 12, 31);
    } else if (f->issued_on != DATE_NONE && found(p, P_VALID_YEARS, text, 0)) {
        int years = cn_or_arabic(grp(p, text, 1));
        date_to_ymd(f->issued_on, &y, &m, &d);
        if (years > 0 && years < 30) f->valid_until = date_from_ymd(y + years, m, d) - 1;
    } else if (f->title && found(p, P_YEAR_RANGE, f->title, 0)) {
        f->valid_until = date_from_ymd(grp_int(p, f->title, 2), 12, 31);
        f->valid_from = arena_printf(p->a, "方案名称中的“%s”", grp(p, f->title, 0));
        return;
    }
    if (f->valid_until != DATE_NONE) f->valid_from = grp(p, text, 0);
}

void planfacts_read(Arena *a, char **lines, size_t n, size_t head, PlanFacts *f)
{
    memset(f, 0, sizeof *f);
    f->issued_on = f->valid_until = DATE_NONE;
    if (head > n) head = n;
    Pats p;
    pats_open(&p, a);
    char *top = join(a, lines, head), *all = join(a, lines, n);
    size_t from, to, title_close = 0;
    if (issuing_sentence(top, &from, &to)) f->title = issued_title(&p, top, from, to, &title_close);
    if (!f->title) f->title = notice_title(a, top);
    if (!f->title) f->title = heading_title(a, lines, head);
    read_number(&p, lines, head, top, title_close, f);
    read_issue(&p, lines, head, f);
    read_validity(&p, all, f);
    pats_close(&p);
}
