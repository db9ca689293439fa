/* SHA-3 and SHAKE (FIPS 202) for ML-KEM (FIPS 203 §4.1): H = SHA3-256, G = SHA3-512, J and PRF
 * = SHAKE256, XOF = SHAKE128. Every input is given as two parts because ML-KEM always hashes a
 * concatenation (d||k, m||H(ek), z||c, s||b, rho||j||i); either part may be empty. */
#ifndef LT_CRYPTO_SHA3_H
#define LT_CRYPTO_SHA3_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LT_SHA3_256 = 0,
    LT_SHA3_512,
    LT_SHAKE128,
    LT_SHAKE256,
} lt_sha3_id;

#define LT_SHA3_SLOTS (LT_SHAKE256 + 1)

/* SHA3-256(a||b) -> 32 bytes, SHA3-512(a||b) -> 64 bytes, SHAKE(a||b) -> out_len bytes: out_len
 * must be 32 for LT_SHA3_256, 64 for LT_SHA3_512, anything above 0 for the XOFs. */
LT_MUST_USE int lt_sha3(lt_sha3_id id, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t *out,
                        size_t out_len);

#endif
