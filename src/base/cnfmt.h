/* cnfmt.h - Chinese renderings of numbers, dates and quarters. */
#ifndef JINDU_CNFMT_H
#define JINDU_CNFMT_H

#include "base/util.h"

/* 12 -> 十二, 105 -> 一百零五, 2024 -> 二千零二十四 (n >= 0, < 10^12) */
void cn_num(Buf *b, long long n);
/* digit by digit with 〇: 2024 -> 二〇二四 */
void cn_digits(Buf *b, long long n);
/* 2024年9月30日 */
void cn_date(Buf *b, int days);
/* 二〇二四年九月三十日 */
void cn_date_upper(Buf *b, int days);
/* 第三季度 */
void cn_quarter(Buf *b, int quarter);
/* A quantity with at most `decimals` decimals and no trailing zeros:
 * 62.5, 40, 0.93. Rounds half away from zero. */
/* x with exactly `decimals` places, rounded half away from zero (the
 * template filter fixed). fmt_number drops trailing zeros. Every number
 * jindu prints goes through one of these two. */
void fmt_fixed(Buf *b, double x, int decimals);
void fmt_number(Buf *b, double x, int decimals);

#endif
