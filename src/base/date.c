/* date.c - see date.h. Day arithmetic after Howard Hinnant's
 * days_from_civil, valid for every year we accept (1..9999). */
#include "base/date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

bool date_parse(const char *s, int *days)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
    *days = date_from_ymd(y, m, d);
    return true;
}

void date_format_iso(int days, char out[16])
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

bool period_parse(const char *s, int *period)
{
    int y;
    if (strlen(s) != 6 || s[4] != 'Q' || s[5] < '1' || s[5] > '4') return false;
    if (!digits(s, 4, &y) || y < 1) return false;
    *period = y * 4 + (s[5] - '1');
    return true;
}

void period_format(int period, char out[16])
{
    snprintf(out, 16, "%04dQ%d", period_year(period) % 10000, period_quarter(period));
}

int period_year(int period) { return period / 4; }
int period_quarter(int period) { return period % 4 + 1; }

int period_first_day(int period)
{
    return date_from_ymd(period_year(period), (period_quarter(period) - 1) * 3 + 1, 1);
}

int period_last_day(int period) { return period_first_day(period + 1) - 1; }

bool source_date_epoch(long long *seconds)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e) return false;
    char *end;
    errno = 0;
    long long t = strtoll(e, &end, 10);
    if (*end || errno || t < 0) return false;
    *seconds = t;
    return true;
}
