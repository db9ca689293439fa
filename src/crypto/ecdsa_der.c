/* Strict parsing of the ECDSA signature encoding, ECDSA-Sig-Value ::= SEQUENCE { r INTEGER,
 * s INTEGER } (RFC 3279 §2.2.3, RFC 8446 §4.2.3), in DER (X.690 §8.3, §10.1). Every signature is
 * checked here before libcrypto sees it, so that one signature has exactly one accepted encoding
 * (no malleability through padding, long-form lengths, negative values or trailing bytes). */
#include "crypto/internal.h"

#include "base/err.h"

/* X.690 §8.3.2: the first nine bits of a multi-octet INTEGER are not all zero nor all one. r and s
 * are in [1, n-1], so a negative value (high bit set) is malformed too. */
static bool lt_der_positive_integer_ok(lt_span value)
{
    if (value.len == 0)
        return false;
    if (value.p[0] & 0x80)
        return false;
    if (value.len > 1 && value.p[0] == 0x00 && (value.p[1] & 0x80) == 0)
        return false;
    return true;
}

int lt_ecdsa_der_check(const uint8_t *sig, size_t len)
{
    lt_reader outer = lt_reader_init(sig, len);
    lt_reader seq = lt_reader_from_span(lt_der_read_tlv(&outer, 0x30));
    if (!lt_reader_done(&outer))
        return LT_ERR_DECODE;
    lt_span r_value = lt_der_read_tlv(&seq, 0x02);
    lt_span s_value = lt_der_read_tlv(&seq, 0x02);
    if (!lt_reader_done(&seq))
        return LT_ERR_DECODE;
    if (!lt_der_positive_integer_ok(r_value) || !lt_der_positive_integer_ok(s_value))
        return LT_ERR_DECODE;
    return 0;
}
