/* cnfmt.c - see cnfmt.h. */
#include "base/cnfmt.h"
#include "base/date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const DIGITS[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

/* 0..9999 within a larger number; `leading` says whether this group begins
 * the whole number (then 10..19 read 十X, not 一十X). */
static void group(Buf *b, int n, bool leading)
{
    static const char *const UNITS[] = { "千", "百", "十", "" };
    int div[] = { 1000, 100, 10, 1 };
    bool zero = false, started = false;
    for (int i = 0; i < 4; i++) {
        int d = n / div[i] % 10;
        if (d == 0) {
            if (started) zero = true;
            continue;
        }
        if (zero) { buf_puts(b, "零"); zero = false; }
        if (!(i == 2 && d == 1 && leading && !started)) buf_puts(b, DIGITS[d]);
        buf_puts(b, UNITS[i]);
        started = true;
    }
}

void cn_num(Buf *b, long long n)
{
    if (n < 0) { buf_puts(b, "负"); n = -n; }
    if (n == 0) { buf_puts(b, "零"); return; }
    static const char *const BIG[] = { "", "万", "亿" };
    int groups[3] = { (int)(n % 10000), (int)(n / 10000 % 10000), (int)(n / 100000000 % 10000) };
    int top = groups[2] ? 2 : groups[1] ? 1 : 0;
    bool pending_zero = false;
    for (int g = top; g >= 0; g--) {
        int v = groups[g];
        if (v == 0) { pending_zero = true; continue; }
        if (g != top && (pending_zero || v < 1000)) buf_puts(b, "零");
        group(b, v, g == top);
        buf_puts(b, BIG[g]);
        pending_zero = false;
    }
}

void cn_digits(Buf *b, long long n)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", n < 0 ? -n : n);
    for (char *p = s; *p; p++) buf_puts(b, *p == '0' ? "〇" : DIGITS[*p - '0']);
}

void cn_date(Buf *b, int days)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    buf_printf(b, "%d年%d月%d日", y, m, d);
}

void cn_date_upper(Buf *b, int days)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    cn_digits(b, y);
    buf_puts(b, "年");
    cn_num(b, m);
    buf_puts(b, "月");
    cn_num(b, d);
    buf_puts(b, "日");
}

void cn_quarter(Buf *b, int q)
{
    buf_puts(b, "第");
    cn_num(b, q);
    buf_puts(b, "季度");
}

/* x rounded half away from zero to decimals places, never -0. */
static double round_to(double x, int decimals)
{
    double scale = pow(10, decimals);
    double r = round(x * scale) / scale;
    return r == 0 ? 0 : r;
}

void fmt_fixed(Buf *b, double x, int decimals)
{
    buf_printf(b, "%.*f", decimals, round_to(x, decimals));
}

void fmt_number(Buf *b, double x, int decimals)
{
    char s[64];
    snprintf(s, sizeof s, "%.*f", decimals, round_to(x, decimals));
    if (strchr(s, '.')) {
        size_t n = strlen(s);
        while (s[n - 1] == '0') s[--n] = '\0';
        if (s[n - 1] == '.') s[n - 1] = '\0';
    }
    buf_puts(b, s);
}
