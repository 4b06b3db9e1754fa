/* date.h - calendar dates as day numbers, and quarters ("2024Q3"). */
#ifndef JINDU_DATE_H
#define JINDU_DATE_H

#include <stdbool.h>

#define DATE_NONE (-2147483647 - 1)

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int days, int *y, int *m, int *d);
/* Parse a strict "YYYY-MM-DD" that is a real calendar date. */
bool date_parse(const char *s, int *days);
/* "2024-09-30" into out. */
void date_format_iso(int days, char out[16]);

/* A quarter as year*4 + (q-1). */
bool period_parse(const char *s, int *period);
void period_format(int period, char out[16]);
int period_year(int period);
int period_quarter(int period);       /* 1..4 */
int period_first_day(int period);
int period_last_day(int period);

/* SOURCE_DATE_EPOCH (reproducible builds): true with its seconds when it
 * is set to a whole number of seconds >= 0; unset, empty or malformed:
 * false (each writer then falls back to its own fixed date). The one
 * reader of the variable. */
bool source_date_epoch(long long *seconds);

#endif
