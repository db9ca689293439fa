/* The DER writer: X.690 Distinguished Encoding Rules on top of base/writer, for building the
 * certificates `latch certs` issues (RFC 5280 §4.1). Lengths in DER are minimal and
 * variable-width (X.690 §10.1, §8.1.3), so a constructed element is opened with a one-byte
 * placeholder length and closed when its body is known; closing moves the body right when the
 * long form needs more length bytes. Errors are sticky in the lt_writer (w->err): LT_ERR_BUFFER
 * when full, LT_ERR_INVALID_ARG for a value DER cannot carry. */
#ifndef LT_X509_DERW_H
#define LT_X509_DERW_H

#include <stddef.h>
#include <stdint.h>

#include "base/writer.h"
#include "x509/der.h" /* the tag constants */

/* An open element: where its tag byte is. */
typedef struct {
    size_t at;
} lt_derw_block;

/* Opens an element with any tag (e.g. an OCTET STRING that wraps DER, as extnValue does). */
void lt_derw_open(lt_writer *w, uint8_t tag, lt_derw_block *b);
void lt_derw_open_sequence(lt_writer *w, lt_derw_block *b);
void lt_derw_open_set(lt_writer *w, lt_derw_block *b);
/* Context-specific constructed [n] (0 <= n <= 30): an EXPLICIT tag, or an IMPLICIT tag on a
 * constructed type. */
void lt_derw_open_context(lt_writer *w, unsigned n, lt_derw_block *b);
static inline void lt_derw_open_explicit(lt_writer *w, unsigned n, lt_derw_block *b)
{
    lt_derw_open_context(w, n, b);
}
/* Writes the element's length (short form below 128, else the minimal long form). */
void lt_derw_close(lt_writer *w, const lt_derw_block *b);

/* A whole element: tag, minimal length, content. */
void lt_derw_tlv(lt_writer *w, uint8_t tag, const void *content, size_t len);
/* Context-specific primitive [n] (IMPLICIT tagging of a primitive type). */
void lt_derw_context_primitive(lt_writer *w, unsigned n, const void *content, size_t len);

/* INTEGER from an unsigned big-endian magnitude: leading zeros are stripped, and a 0x00 is
 * prepended when the high bit is set so the value stays non-negative (X.690 §8.3.2). */
void lt_derw_integer_bytes(lt_writer *w, const uint8_t *be, size_t len);
void lt_derw_integer_u64(lt_writer *w, uint64_t value);
/* TRUE is 0xff in DER (X.690 §11.1). */
void lt_derw_boolean(lt_writer *w, int value);
void lt_derw_null(lt_writer *w);
/* OID from its DER content bytes (e.g. 55 1d 13 for basicConstraints). */
void lt_derw_oid(lt_writer *w, const uint8_t *content, size_t len);
void lt_derw_octet_string(lt_writer *w, const void *p, size_t len);
/* BIT STRING with 0 unused bits. */
void lt_derw_bit_string(lt_writer *w, const void *p, size_t len);
void lt_derw_utf8_string(lt_writer *w, const char *s, size_t len);
/* PrintableString: A-Z a-z 0-9 space ' ( ) + , - . / : = ? only; anything else is
 * LT_ERR_INVALID_ARG. */
void lt_derw_printable_string(lt_writer *w, const char *s, size_t len);
/* A Time per RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ for 1950..2049, GeneralizedTime
 * YYYYMMDDHHMMSSZ from 2050 (through 9999). unix_seconds outside that range is
 * LT_ERR_INVALID_ARG. */
void lt_derw_time(lt_writer *w, int64_t unix_seconds);
/* A pre-encoded element copied as is. */
void lt_derw_raw(lt_writer *w, const void *der, size_t len);

/* Civil date and time (UTC) of Unix seconds, proleptic Gregorian. */
typedef struct {
    int64_t year;
    unsigned month, day, hour, minute, second;
} lt_derw_civil;
lt_derw_civil lt_derw_civil_from_unix(int64_t unix_seconds);

#endif
