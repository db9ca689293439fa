/* The DER writer (see derw.h): X.690 §8 and §10 encodings of the types a certificate uses, and
 * the Time rules of RFC 5280 §4.1.2.5. */
#include "x509/derw.h"

#include <string.h>

#include "base/err.h"

static void derw_fail(lt_writer *w, int err)
{
    if (w->err == 0)
        w->err = err;
}

/* Number of bytes of the long-form length for len (len >= 128). */
static size_t derw_length_width(size_t len)
{
    size_t width = 0;
    while (len) {
        width++;
        len >>= 8;
    }
    return width;
}

static void derw_length(lt_writer *w, size_t len)
{
    if (len < 0x80) {
        lt_writer_u8(w, (uint8_t)len);
        return;
    }
    size_t width = derw_length_width(len);
    lt_writer_u8(w, (uint8_t)(0x80 | width));
    for (size_t i = width; i > 0; i--)
        lt_writer_u8(w, (uint8_t)(len >> (8 * (i - 1))));
}

void lt_derw_open(lt_writer *w, uint8_t tag, lt_derw_block *b)
{
    b->at = w->len;
    lt_writer_u8(w, tag);
    lt_writer_u8(w, 0); /* placeholder: the short form, fixed up by close */
}

void lt_derw_open_sequence(lt_writer *w, lt_derw_block *b) { lt_derw_open(w, LT_DER_SEQUENCE, b); }
void lt_derw_open_set(lt_writer *w, lt_derw_block *b) { lt_derw_open(w, LT_DER_SET, b); }

void lt_derw_open_context(lt_writer *w, unsigned n, lt_derw_block *b)
{
    if (n > 30) {
        /* high tag numbers need the multi-byte form, which X.509 never uses */
        derw_fail(w, LT_ERR_INVALID_ARG);
        b->at = w->len;
        return;
    }
    lt_derw_open(w, LT_DER_CONTEXT_CONS(n), b);
}

void lt_derw_close(lt_writer *w, const lt_derw_block *b)
{
    if (w->err)
        return;
    size_t body_at = b->at + 2;
    size_t body_len = w->len - body_at;
    if (body_len < 0x80) {
        w->buf[b->at + 1] = (uint8_t)body_len;
        return;
    }
    size_t width = derw_length_width(body_len);
    if (width > w->cap - w->len) {
        w->err = LT_ERR_BUFFER;
        return;
    }
    memmove(w->buf + body_at + width, w->buf + body_at, body_len);
    w->buf[b->at + 1] = (uint8_t)(0x80 | width);
    for (size_t i = 0; i < width; i++)
        w->buf[b->at + 2 + i] = (uint8_t)(body_len >> (8 * (width - 1 - i)));
    w->len += width;
}

void lt_derw_tlv(lt_writer *w, uint8_t tag, const void *content, size_t len)
{
    lt_writer_u8(w, tag);
    derw_length(w, len);
    lt_writer_bytes(w, content, len);
}

void lt_derw_context_primitive(lt_writer *w, unsigned n, const void *content, size_t len)
{
    if (n > 30) {
        derw_fail(w, LT_ERR_INVALID_ARG);
        return;
    }
    lt_derw_tlv(w, LT_DER_CONTEXT(n), content, len);
}

void lt_derw_integer_bytes(lt_writer *w, const uint8_t *be, size_t len)
{
    while (len > 0 && be[0] == 0) {
        be++;
        len--;
    }
    lt_writer_u8(w, LT_DER_INTEGER);
    if (len == 0) {
        lt_writer_u8(w, 1);
        lt_writer_u8(w, 0);
        return;
    }
    int pad = (be[0] & 0x80) != 0;
    derw_length(w, len + (size_t)pad);
    if (pad)
        lt_writer_u8(w, 0);
    lt_writer_bytes(w, be, len);
}

void lt_derw_integer_u64(lt_writer *w, uint64_t value)
{
    uint8_t be[8];
    for (size_t i = 0; i < 8; i++)
        be[i] = (uint8_t)(value >> (8 * (7 - i)));
    lt_derw_integer_bytes(w, be, sizeof be);
}

void lt_derw_boolean(lt_writer *w, int value)
{
    uint8_t content = value ? 0xff : 0x00;
    lt_derw_tlv(w, LT_DER_BOOLEAN, &content, 1);
}

void lt_derw_null(lt_writer *w)
{
    lt_derw_tlv(w, LT_DER_NULL, NULL, 0);
}

void lt_derw_oid(lt_writer *w, const uint8_t *content, size_t len)
{
    if (len == 0) {
        derw_fail(w, LT_ERR_INVALID_ARG);
        return;
    }
    lt_derw_tlv(w, LT_DER_OID, content, len);
}

void lt_derw_octet_string(lt_writer *w, const void *p, size_t len)
{
    lt_derw_tlv(w, LT_DER_OCTET_STRING, p, len);
}

void lt_derw_bit_string(lt_writer *w, const void *p, size_t len)
{
    lt_writer_u8(w, LT_DER_BIT_STRING);
    derw_length(w, len + 1);
    lt_writer_u8(w, 0); /* unused bits */
    lt_writer_bytes(w, p, len);
}

void lt_derw_utf8_string(lt_writer *w, const char *s, size_t len)
{
    lt_derw_tlv(w, LT_DER_UTF8_STRING, s, len);
}

static int derw_is_printable(char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr(" '()+,-./:=?", c) != NULL;
}

void lt_derw_printable_string(lt_writer *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!derw_is_printable(s[i])) {
            derw_fail(w, LT_ERR_INVALID_ARG);
            return;
        }
    }
    lt_derw_tlv(w, LT_DER_PRINTABLE_STRING, s, len);
}

/* days since 1970-01-01 -> (year, month, day): H. Hinnant's civil_from_days, exact for the
 * proleptic Gregorian calendar over the whole int64 range used here. */
lt_derw_civil lt_derw_civil_from_unix(int64_t unix_seconds)
{
    lt_derw_civil civil;
    int64_t days = unix_seconds / 86400;
    int64_t secs = unix_seconds % 86400;
    if (secs < 0) {
        secs += 86400;
        days -= 1;
    }
    civil.hour = (unsigned)(secs / 3600);
    civil.minute = (unsigned)(secs / 60 % 60);
    civil.second = (unsigned)(secs % 60);

    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    civil.day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    civil.month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    civil.year = yoe + era * 400 + (civil.month <= 2);
    return civil;
}

static void derw_digits(char *out, uint64_t value, size_t n)
{
    for (size_t i = n; i > 0; i--) {
        out[i - 1] = (char)('0' + value % 10);
        value /= 10;
    }
}

void lt_derw_time(lt_writer *w, int64_t unix_seconds)
{
    /* 1950-01-01T00:00:00Z and 10000-01-01T00:00:00Z */
    if (unix_seconds < -631152000LL || unix_seconds >= 253402300800LL) {
        derw_fail(w, LT_ERR_INVALID_ARG);
        return;
    }
    lt_derw_civil civil = lt_derw_civil_from_unix(unix_seconds);
    char text[15];
    size_t at = 0;
    uint8_t tag;
    if (civil.year < 2050) {
        tag = LT_DER_UTC_TIME;
        derw_digits(text, (uint64_t)(civil.year % 100), 2);
        at = 2;
    } else {
        tag = LT_DER_GENERALIZED_TIME;
        derw_digits(text, (uint64_t)civil.year, 4);
        at = 4;
    }
    derw_digits(text + at, civil.month, 2);
    derw_digits(text + at + 2, civil.day, 2);
    derw_digits(text + at + 4, civil.hour, 2);
    derw_digits(text + at + 6, civil.minute, 2);
    derw_digits(text + at + 8, civil.second, 2);
    text[at + 10] = 'Z';
    lt_derw_tlv(w, tag, text, at + 11);
}

void lt_derw_raw(lt_writer *w, const void *der, size_t len)
{
    lt_writer_bytes(w, der, len);
}
