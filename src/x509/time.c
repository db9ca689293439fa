/* Certificate time decoding and formatting (RFC 5280 §4.1.2.5.1 UTCTime, §4.1.2.5.2
 * GeneralizedTime). Conversion uses the days-from-civil algorithm, so no libc time zone is
 * involved. */
#include "x509/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "x509/der.h"

int64_t lt_time_days_from_civil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t yoe = year - era * 400;
    int64_t mp = (int64_t)(month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + (int64_t)day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static unsigned lt_time_days_in_month(int64_t year, unsigned month)
{
    static const unsigned days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* n ASCII digits at p as a number, or -1. */
static int64_t lt_time_digits(const uint8_t *p, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static int lt_time_assemble(int64_t year, int64_t month, int64_t day, int64_t hour,
                            int64_t minute, int64_t second, int64_t *out)
{
    if (year < 0 || month < 1 || month > 12 || day < 1 ||
        day > lt_time_days_in_month(year, (unsigned)month) || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 59)
        return LT_ERR_DECODE;
    int64_t days = lt_time_days_from_civil(year, (unsigned)month, (unsigned)day);
    *out = days * 86400 + hour * 3600 + minute * 60 + second;
    return 0;
}

int lt_time_parse(uint8_t tag, lt_span v, int64_t *out)
{
    const uint8_t *p = v.p;
    int64_t year;
    size_t ylen;
    if (tag == LT_DER_UTC_TIME && v.len == 13) {
        ylen = 2;
        year = lt_time_digits(p, 2);
        if (year < 0)
            return LT_ERR_DECODE;
        year += year >= 50 ? 1900 : 2000;
    } else if (tag == LT_DER_GENERALIZED_TIME && v.len == 15) {
        ylen = 4;
        year = lt_time_digits(p, 4);
    } else {
        return LT_ERR_DECODE;
    }
    /* Seconds are present and the zone is Z (RFC 5280): no fractions, no offsets. */
    if (p[v.len - 1] != 'Z')
        return LT_ERR_DECODE;
    return lt_time_assemble(year, lt_time_digits(p + ylen, 2), lt_time_digits(p + ylen + 2, 2),
                            lt_time_digits(p + ylen + 4, 2), lt_time_digits(p + ylen + 6, 2),
                            lt_time_digits(p + ylen + 8, 2), out);
}

void lt_time_format(int64_t t, char *out, size_t cap)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    /* civil-from-days */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    snprintf(out, cap, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld UTC", (long long)year,
             (long long)month, (long long)day, (long long)(secs / 3600),
             (long long)(secs / 60 % 60), (long long)(secs % 60));
}

int lt_time_parse_text(const char *text, int64_t *out)
{
    size_t n = strlen(text);
    const uint8_t *p = (const uint8_t *)text;
    if (n > 0 && n <= 18 && strspn(text, "0123456789") == n) {
        *out = (int64_t)strtoll(text, NULL, 10);
        return 0;
    }
    if (n != 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' ||
        p[19] != 'Z')
        return LT_ERR_DECODE;
    return lt_time_assemble(lt_time_digits(p, 4), lt_time_digits(p + 5, 2),
                            lt_time_digits(p + 8, 2), lt_time_digits(p + 11, 2),
                            lt_time_digits(p + 14, 2), lt_time_digits(p + 17, 2), out);
}
