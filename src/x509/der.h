/* Strict DER decoding (X.690 §10) over the bounds-checked reader: definite lengths only, in
 * their shortest form, single-byte tags, and the primitive rules X.509 relies on (minimal
 * INTEGERs, DER BOOLEANs, BIT STRING unused bits). Every function fails the reader with
 * LT_ERR_DECODE on a violation, so a structure is parsed straight through and checked once. */
#ifndef LT_X509_DER_H
#define LT_X509_DER_H

#include "base/err.h"
#include <stdbool.h>
#include <stdint.h>

#include "base/reader.h"

enum {
    LT_DER_BOOLEAN = 0x01,
    LT_DER_INTEGER = 0x02,
    LT_DER_BIT_STRING = 0x03,
    LT_DER_OCTET_STRING = 0x04,
    LT_DER_NULL = 0x05,
    LT_DER_OID = 0x06,
    LT_DER_ENUMERATED = 0x0a,
    LT_DER_UTF8_STRING = 0x0c,
    LT_DER_PRINTABLE_STRING = 0x13,
    LT_DER_T61_STRING = 0x14,
    LT_DER_IA5_STRING = 0x16,
    LT_DER_UTC_TIME = 0x17,
    LT_DER_GENERALIZED_TIME = 0x18,
    LT_DER_UNIVERSAL_STRING = 0x1c,
    LT_DER_BMP_STRING = 0x1e,
    LT_DER_SEQUENCE = 0x30,
    LT_DER_SET = 0x31,
};
#define LT_DER_CONSTRUCTED 0x20
#define LT_DER_CONTEXT(n) ((uint8_t)(0x80 | (n)))          /* [n] IMPLICIT primitive */
#define LT_DER_CONTEXT_CONS(n) ((uint8_t)(0xa0 | (n)))     /* [n] constructed / EXPLICIT */

/* How deep lt_der_check_tree() descends before it refuses the input. */
#define LT_DER_MAX_DEPTH 24

/* One element: its tag, its contents, and the whole encoding (tag, length and contents). */
typedef struct {
    uint8_t tag;
    lt_span value;
    lt_span whole;
} lt_der_elem;

/* Reads the next element, whatever its tag. */
lt_der_elem lt_der_read(lt_reader *r);
/* Reads the next element, which must carry tag; returns its contents. */
lt_span lt_der_expect(lt_reader *r, uint8_t tag);
/* Like lt_der_expect, but returns a reader over the contents (for SEQUENCE, SET, [n]). */
lt_reader lt_der_enter(lt_reader *r, uint8_t tag);
/* True if the next element has tag (without consuming or failing). */
bool lt_der_peek(const lt_reader *r, uint8_t tag);

/* INTEGER contents: valid (non-empty, minimal) check, and a small non-negative value. */
bool lt_der_integer_ok(lt_span value);
/* Reads an INTEGER that must be in [0, max]. */
uint64_t lt_der_read_uint(lt_reader *r, uint64_t max);
/* Reads a BOOLEAN (0x00 or 0xff only). */
bool lt_der_read_bool(lt_reader *r);
/* Reads a BIT STRING; returns its bits as bytes and sets *unused_bits. Unused bits must be 0. */
lt_span lt_der_read_bits(lt_reader *r, unsigned *unused_bits);
/* The same for a BIT STRING under an IMPLICIT tag (a certificate's unique identifiers). */
lt_span lt_der_read_bits_as(lt_reader *r, uint8_t tag, unsigned *unused_bits);
/* Reads a NULL. */
void lt_der_read_null(lt_reader *r);

/* Checks that span is a sequence of well-formed DER elements, descending into constructed
 * ones up to max_depth levels, each universal BOOLEAN, INTEGER, ENUMERATED, BIT STRING, NULL
 * and OBJECT IDENTIFIER valid in DER wherever it stands. Returns 0 or LT_ERR_DECODE. */
LT_MUST_USE int lt_der_check_tree(lt_span span, unsigned max_depth);

/* OBJECT IDENTIFIER contents: non-empty, each subidentifier in the fewest base-128 digits,
 * the last one closed (X.690 §8.19.2). */
bool lt_der_oid_ok(lt_span oid);
/* Compares OID contents with a constant. */
bool lt_der_oid_is(lt_span oid, const uint8_t *want, size_t want_len);
#define LT_OID_IS(span, arr) lt_der_oid_is((span), (arr), sizeof(arr))

/* Writes the dotted form of OID contents ("1.2.840.113549.1.1.11") into out. */
void lt_der_oid_to_text(lt_span oid, char *out, size_t cap);

#endif
