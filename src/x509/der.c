/* Strict DER decoding (see der.h). X.690 §8.1 (identifier and length octets), §10.1 (definite,
 * shortest length form), §8.3/§10 INTEGER minimality, §11.1 BOOLEAN, §11.2 BIT STRING. */
#include "x509/der.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

lt_der_elem lt_der_read(lt_reader *r)
{
    lt_der_elem e = { 0, { NULL, 0 }, { NULL, 0 } };
    size_t start = r->pos;
    uint8_t tag = lt_reader_u8(r);
    uint8_t first = lt_reader_u8(r);
    size_t len = 0;

    if (!lt_reader_ok(r))
        return e;
    /* High tag numbers (multi-byte identifiers) appear nowhere in X.509 as profiled. */
    if ((tag & 0x1f) == 0x1f) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return e;
    }
    if (first < 0x80) {
        len = first;
    } else {
        size_t nbytes = first & 0x7f;
        /* 0x80 is the indefinite form (BER only); more than 4 length bytes is never needed. */
        if (nbytes == 0 || nbytes > 4) {
            lt_reader_fail(r, LT_ERR_DECODE);
            return e;
        }
        for (size_t i = 0; i < nbytes; i++)
            len = (len << 8) | lt_reader_u8(r);
        /* Shortest form: the long form only for >= 128, and no leading zero byte. */
        if (!lt_reader_ok(r) || len < 0x80 || (len >> (8 * (nbytes - 1))) == 0) {
            lt_reader_fail(r, LT_ERR_DECODE);
            return e;
        }
    }
    e.value = lt_reader_bytes(r, len);
    if (!lt_reader_ok(r))
        return e;
    e.tag = tag;
    e.whole = lt_span_make(r->p + start, r->pos - start);
    return e;
}

lt_span lt_der_expect(lt_reader *r, uint8_t tag)
{
    lt_der_elem e = lt_der_read(r);
    if (lt_reader_ok(r) && e.tag != tag) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return lt_span_make(NULL, 0);
    }
    return e.value;
}

lt_reader lt_der_enter(lt_reader *r, uint8_t tag)
{
    lt_span v = lt_der_expect(r, tag);
    lt_reader sub = lt_reader_from_span(v);
    if (!lt_reader_ok(r))
        sub.err = r->err;
    return sub;
}

bool lt_der_peek(const lt_reader *r, uint8_t tag)
{
    return lt_reader_ok(r) && r->pos < r->len && r->p[r->pos] == tag;
}

bool lt_der_integer_ok(lt_span v)
{
    if (v.len == 0)
        return false;
    if (v.len > 1 && ((v.p[0] == 0x00 && !(v.p[1] & 0x80)) || (v.p[0] == 0xff && (v.p[1] & 0x80))))
        return false;
    return true;
}

uint64_t lt_der_read_uint(lt_reader *r, uint64_t max)
{
    lt_span v = lt_der_expect(r, LT_DER_INTEGER);
    uint64_t value = 0;
    if (!lt_reader_ok(r))
        return 0;
    if (!lt_der_integer_ok(v) || (v.p[0] & 0x80) || v.len > 9) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return 0;
    }
    for (size_t i = 0; i < v.len; i++) {
        if (value >> 56) {
            lt_reader_fail(r, LT_ERR_DECODE);
            return 0;
        }
        value = (value << 8) | v.p[i];
    }
    if (value > max) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return 0;
    }
    return value;
}

bool lt_der_read_bool(lt_reader *r)
{
    lt_span v = lt_der_expect(r, LT_DER_BOOLEAN);
    if (!lt_reader_ok(r))
        return false;
    if (v.len != 1 || (v.p[0] != 0x00 && v.p[0] != 0xff)) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return false;
    }
    return v.p[0] == 0xff;
}

lt_span lt_der_read_bits(lt_reader *r, unsigned *unused_bits)
{
    return lt_der_read_bits_as(r, LT_DER_BIT_STRING, unused_bits);
}

lt_span lt_der_read_bits_as(lt_reader *r, uint8_t tag, unsigned *unused_bits)
{
    lt_span v = lt_der_expect(r, tag);
    lt_span none = { NULL, 0 };
    *unused_bits = 0;
    if (!lt_reader_ok(r))
        return none;
    if (v.len == 0 || v.p[0] > 7 || (v.len == 1 && v.p[0] != 0)) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return none;
    }
    unsigned unused = v.p[0];
    /* DER: the unused trailing bits are zero. */
    if (v.len > 1 && (v.p[v.len - 1] & ((1u << unused) - 1u)) != 0) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return none;
    }
    *unused_bits = unused;
    return lt_span_make(v.p + 1, v.len - 1);
}

void lt_der_read_null(lt_reader *r)
{
    lt_span v = lt_der_expect(r, LT_DER_NULL);
    if (lt_reader_ok(r) && v.len != 0)
        lt_reader_fail(r, LT_ERR_DECODE);
}

bool lt_der_oid_ok(lt_span oid)
{
    if (oid.len == 0 || (oid.p[oid.len - 1] & 0x80) != 0)
        return false;
    for (size_t i = 0; i < oid.len; i++)
        if (oid.p[i] == 0x80 && (i == 0 || (oid.p[i - 1] & 0x80) == 0))
            return false; /* a subidentifier with a leading zero digit */
    return true;
}

/* The contents rules of the universal primitives X.509 uses (X.690 §8.2, §8.3, §8.4, §8.6, §8.8,
 * §8.19, §11.1, §11.2), wherever they stand: also in the parts latch does not read itself (an
 * algorithm's parameters, an attribute's value). */
static bool lt_der_primitive_ok(uint8_t tag, lt_span v)
{
    switch (tag) {
    case LT_DER_BOOLEAN:
        return v.len == 1 && (v.p[0] == 0x00 || v.p[0] == 0xff);
    case LT_DER_INTEGER:
    case LT_DER_ENUMERATED:
        return lt_der_integer_ok(v);
    case LT_DER_BIT_STRING:
        return v.len > 0 && v.p[0] <= 7 && (v.len > 1 || v.p[0] == 0) &&
               (v.len == 1 || (v.p[v.len - 1] & ((1u << v.p[0]) - 1u)) == 0);
    case LT_DER_NULL:
        return v.len == 0;
    case LT_DER_OID:
        return lt_der_oid_ok(v);
    case LT_DER_SEQUENCE & ~LT_DER_CONSTRUCTED:
    case LT_DER_SET & ~LT_DER_CONSTRUCTED:
        return false; /* §8.9.1, §8.11.1: a SEQUENCE or SET is always constructed */
    default:
        return true;
    }
}

int lt_der_check_tree(lt_span span, unsigned max_depth)
{
    lt_reader r = lt_reader_from_span(span);
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        lt_der_elem e = lt_der_read(&r);
        if (!lt_reader_ok(&r))
            break;
        if ((e.tag & 0xe0) == 0 && !lt_der_primitive_ok(e.tag, e.value))
            return LT_ERR_DECODE;
        if (e.tag & LT_DER_CONSTRUCTED) {
            /* DER forbids the constructed forms of universal string types (X.690 §10.2). */
            if ((e.tag & 0xc0) == 0 && e.tag != LT_DER_SEQUENCE && e.tag != LT_DER_SET)
                return LT_ERR_DECODE;
            if (max_depth == 0)
                return LT_ERR_DECODE;
            LT_TRY(lt_der_check_tree(e.value, max_depth - 1));
        }
    }
    return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
}

bool lt_der_oid_is(lt_span oid, const uint8_t *want, size_t want_len)
{
    return oid.len == want_len && memcmp(oid.p, want, want_len) == 0;
}

void lt_der_oid_to_text(lt_span oid, char *out, size_t cap)
{
    size_t used = 0;
    uint64_t arc = 0;
    int first = 1;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < oid.len && used < cap; i++) {
        arc = (arc << 7) | (oid.p[i] & 0x7f);
        if (oid.p[i] & 0x80)
            continue;
        int n;
        if (first) {
            unsigned top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
            n = snprintf(out + used, cap - used, "%u.%llu", top,
                         (unsigned long long)(arc - 40u * top));
            first = 0;
        } else {
            n = snprintf(out + used, cap - used, ".%llu", (unsigned long long)arc);
        }
        if (n < 0)
            return;
        used += (size_t)n;
        arc = 0;
    }
}
