/* A strict DER tag-length-value reader for the few structures src/crypto must look at itself
 * (SubjectPublicKeyInfo's algorithm, RFC 5280 §4.1.2.7; ECDSA-Sig-Value, RFC 3279 §2.2.3).
 * It accepts only what X.690 §10.1 allows: a definite length in the shortest form (short form
 * below 128, long form without leading zero octets). */
#include "crypto/internal.h"

#include "base/err.h"

/* X.690 §8.1.3 with the DER restriction of §10.1. */
static size_t lt_der_read_len(lt_reader *r)
{
    uint8_t first = lt_reader_u8(r);
    if (!lt_reader_ok(r))
        return 0;
    if (first < 0x80)
        return first;
    size_t octets = first & 0x7fu;
    /* 0x80 is the indefinite form (BER only); more than 4 octets is beyond any length here. */
    if (octets == 0 || octets > 4) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return 0;
    }
    size_t len = 0;
    for (size_t i = 0; i < octets; i++) {
        uint8_t b = lt_reader_u8(r);
        if (i == 0 && b == 0) {
            lt_reader_fail(r, LT_ERR_DECODE);
            return 0;
        }
        len = (len << 8) | b;
    }
    if (lt_reader_ok(r) && len < 0x80) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return 0;
    }
    return len;
}

lt_span lt_der_read_tlv(lt_reader *r, uint8_t tag)
{
    if (lt_reader_u8(r) != tag || !lt_reader_ok(r)) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return lt_span_make(NULL, 0);
    }
    size_t len = lt_der_read_len(r);
    return lt_reader_bytes(r, len);
}
