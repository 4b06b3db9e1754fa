/* due.c - see due.h. */
#include "import/due.h"
#include "base/date.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

static bool at(const char *s, const char *word) { return strncmp(s, word, strlen(word)) == 0; }

static int month_end(int y, int m)
{
    return m == 12 ? date_from_ymd(y, 12, 31) : date_from_ymd(y, m + 1, 1) - 1;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* Digits at s (at most max of them), their value in *v; NULL if none. */
static const char *digits(const char *s, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && s[n] >= '0' && s[n] <= '9') x = x * 10 + (s[n++] - '0');
    if (!n || (s[n] >= '0' && s[n] <= '9')) return NULL;
    *v = x;
    return s + n;
}

static int quarter_number(const char *s, const char **end)
{
    static const char *const CN[] = { "一", "二", "三", "四" };
    for (int q = 0; q < 4; q++)
        if (at(s, CN[q])) { *end = s + 3; return q + 1; }
    if (*s >= '1' && *s <= '4') { *end = s + 1; return *s - '0'; }
    return 0;
}

/* 底, 末, 内, 前, 以前 after a date belong to its phrase. */
static const char *suffix_end(const char *s)
{
    static const char *const SUFFIX[] = { "底", "末", "内", "以前", "前", NULL };
    for (int i = 0; SUFFIX[i]; i++)
        if (at(s, SUFFIX[i])) { s += strlen(SUFFIX[i]); i = -1; }
    return s;
}

/* After "YYYY年" (or at a phrase without a year): the date meant, the end
 * of the phrase in *end. */
static int date_after_year(int y, const char *s, const char **end)
{
    const char *p = skip_blanks(s), *q;
    int m, d, quarter;
    if (at(p, "第")) p = skip_blanks(p + 3);
    if ((quarter = quarter_number(p, &q)) && at(skip_blanks(q), "季度")) {
        *end = skip_blanks(q) + strlen("季度");
        return month_end(y, quarter * 3);
    }
    if (at(p, "上半年")) { *end = p + strlen("上半年"); return date_from_ymd(y, 6, 30); }
    if (at(p, "下半年")) { *end = p + strlen("下半年"); return date_from_ymd(y, 12, 31); }
    if ((q = digits(p, 2, &m)) && m >= 1 && m <= 12 && at(skip_blanks(q), "月")) {
        q = skip_blanks(skip_blanks(q) + strlen("月"));
        const char *r = digits(q, 2, &d);
        if (r && at(skip_blanks(r), "日") && date_from_ymd(y, m, d) != DATE_NONE) {
            *end = suffix_end(skip_blanks(r) + strlen("日"));
            return date_from_ymd(y, m, d);
        }
        *end = suffix_end(q);
        return month_end(y, m);
    }
    *end = suffix_end(s);
    return date_from_ymd(y, 12, 31);
}

/* The length of a word saying the work goes on at s, or 0. */
static size_t ongoing_at(const char *s)
{
    static const char *const WORDS[] = { "长期坚持", "持续推进", "长期", "持续", "每年", "常态化", "逐年", "定期", NULL };
    for (int i = 0; WORDS[i]; i++)
        if (at(s, WORDS[i])) return strlen(WORDS[i]);
    return 0;
}

Due due_in_text(const char *text, int default_year)
{
    Due best = { DUE_NONE, DATE_NONE, 0, 0 };
    size_t ongoing_at_byte = (size_t)-1, ongoing_len = 0;
    for (const char *s = text; *s;) {
        int y = 0, date = DATE_NONE;
        const char *end = NULL, *start = s, *r;
        bool digit_before = s > text && s[-1] >= '0' && s[-1] <= '9';
        if (!digit_before && (r = digits(s, 4, &y)) && y >= 2000 && y <= 2099 && at(skip_blanks(r), "年"))
            date = date_after_year(y, skip_blanks(r) + strlen("年"), &end);
        else if (default_year && !digit_before && !(s - text >= 3 && at(s - 3, "年"))) {
            /* 年底前, 6月底前, 第三季度 in a 完成时限 cell */
            if (at(s, "年底") || at(s, "年内") || at(s, "年末")) { date = date_from_ymd(default_year, 12, 31); end = suffix_end(s + 3); }
            else if ((r = digits(s, 2, &y)) && at(skip_blanks(r), "月") && y >= 1 && y <= 12)
                date = date_after_year(default_year, s, &end);
            else if (at(s, "第") && strstr(s, "季度") == s + 6)
                date = date_after_year(default_year, s, &end);
        }
        if (date != DATE_NONE) {
            if (best.kind != DUE_DATE || date > best.date) {
                best.kind = DUE_DATE;
                best.date = date;
                best.at = (size_t)(start - text);
                best.len = (size_t)(end - start);
            }
            s = end > s ? end : s + utf8_len(s);
            continue;
        }
        if (ongoing_at_byte == (size_t)-1 && (ongoing_len = ongoing_at(s))) ongoing_at_byte = (size_t)(s - text);
        s += utf8_len(s);
    }
    if (best.kind == DUE_NONE && ongoing_at_byte != (size_t)-1) {
        best.kind = DUE_ONGOING;
        best.at = ongoing_at_byte;
        best.len = ongoing_len;
    }
    return best;
}
