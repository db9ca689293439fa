/* Certificate times (RFC 5280 §4.1.2.5): UTCTime "YYMMDDHHMMSSZ" (YY >= 50 is 19YY) and
 * GeneralizedTime "YYYYMMDDHHMMSSZ", both in UTC with seconds and no fraction, as Unix seconds. */
#ifndef LT_X509_TIME_H
#define LT_X509_TIME_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"

/* Parses the contents of a UTCTime (tag 0x17) or GeneralizedTime (0x18). */
LT_MUST_USE int lt_time_parse(uint8_t tag, lt_span value, int64_t *out);
/* Unix seconds -> "2026-11-22 00:00:00 UTC". */
void lt_time_format(int64_t t, char *out, size_t cap);
/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t lt_time_days_from_civil(int64_t year, unsigned month, unsigned day);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" or a decimal count of Unix seconds (for the tool). */
LT_MUST_USE int lt_time_parse_text(const char *text, int64_t *out);

#endif
