/* ML-KEM-768 (FIPS 203, August 2024): the key-encapsulation mechanism of TLS 1.3's hybrid groups
 * X25519MLKEM768 and SecP256r1MLKEM768. The one primitive latch implements itself (Debian 12's
 * libcrypto has none); its hashes come from libcrypto (crypto/sha3.h).
 *
 * Byte strings only: an encapsulation key (ek, public), a decapsulation key (dk, secret), a
 * ciphertext and a 32-byte shared secret. The functions with random inputs draw them from
 * crypto/rand.h; the _internal ones take them (FIPS 203 §6, for known-answer tests). */
#ifndef LT_CRYPTO_MLKEM_H
#define LT_CRYPTO_MLKEM_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#define LT_MLKEM768_EK_LEN 1184 /* 384 k + 32 */
#define LT_MLKEM768_DK_LEN 2400 /* 768 k + 96 */
#define LT_MLKEM768_CT_LEN 1088 /* 32 (du k + dv) */
#define LT_MLKEM768_SS_LEN 32
#define LT_MLKEM768_SEED_LEN 32

/* A polynomial of R_q, coefficients in [0, q). */
typedef struct {
    uint16_t c[256];
} lt_mlkem_poly;

/* A decapsulation key kept with what decapsulation would otherwise compute again from it: the
 * matrix Â sampled from rho and the decoded t̂ (both public). For an initiator that made the key
 * itself and decapsulates once (TLS): 8.5 KB, for the handshake only. */
typedef struct {
    uint8_t dk[LT_MLKEM768_DK_LEN];
    lt_mlkem_poly a[3][3];
    lt_mlkem_poly t[3];
} lt_mlkem768_key;

/* ML-KEM.KeyGen (FIPS 203 Algorithm 19): fresh d and z. */
LT_MUST_USE int lt_mlkem768_keygen(uint8_t ek[LT_MLKEM768_EK_LEN], uint8_t dk[LT_MLKEM768_DK_LEN]);
/* ML-KEM.KeyGen_internal (Algorithm 16) from the seeds d and z. */
LT_MUST_USE int lt_mlkem768_keygen_internal(const uint8_t d[32], const uint8_t z[32], uint8_t ek[LT_MLKEM768_EK_LEN],
                                            uint8_t dk[LT_MLKEM768_DK_LEN]);
/* The same after step 1 of K-PKE.KeyGen (Algorithm 13): from (rho, sigma) = G(d || k) already
 * computed. The final standard and its draft differ only in G's input (the draft hashed d alone),
 * so this lets the draft's published intermediate values check every later step. */
LT_MUST_USE int lt_mlkem768_keygen_from_seeds(const uint8_t rho[32], const uint8_t sigma[32], const uint8_t z[32],
                                              uint8_t ek[LT_MLKEM768_EK_LEN], uint8_t dk[LT_MLKEM768_DK_LEN]);

/* ML-KEM.KeyGen into key (its encapsulation key is key->dk's, at LT_MLKEM768_EK_AT). */
LT_MUST_USE int lt_mlkem768_keygen_key(lt_mlkem768_key *key);
#define LT_MLKEM768_EK_AT 1152

/* ML-KEM.Encaps (Algorithm 20) with a fresh m, after the encapsulation-key check of §7.2: a key
 * of the wrong length or with a coefficient not below q (the modulus check) is LT_ERR_DECODE. */
LT_MUST_USE int lt_mlkem768_encaps(const uint8_t *ek, size_t ek_len, uint8_t ct[LT_MLKEM768_CT_LEN],
                                   uint8_t ss[LT_MLKEM768_SS_LEN]);
/* The same from a given m (ML-KEM.Encaps_internal, Algorithm 17). */
LT_MUST_USE int lt_mlkem768_encaps_internal(const uint8_t *ek, size_t ek_len, const uint8_t m[32],
                                            uint8_t ct[LT_MLKEM768_CT_LEN], uint8_t ss[LT_MLKEM768_SS_LEN]);

/* ML-KEM.Decaps (Algorithm 21) after the checks of §7.3: a ciphertext or key of the wrong length
 * is LT_ERR_DECODE, a key whose stored H(ek) does not match its ek is LT_ERR_INVALID_ARG. A
 * ciphertext that does not re-encrypt to itself gives the implicit-rejection key J(z || c), with
 * no branch on which of the two was chosen. */
LT_MUST_USE int lt_mlkem768_decaps(const uint8_t *dk, size_t dk_len, const uint8_t *ct, size_t ct_len,
                                   uint8_t ss[LT_MLKEM768_SS_LEN]);
/* The same with a key made by lt_mlkem768_keygen_key: no hash check (§7.3 guards against keys
 * from elsewhere; this one never left the process), no sampling of Â or decoding of t̂ again. */
LT_MUST_USE int lt_mlkem768_decaps_key(const lt_mlkem768_key *key, const uint8_t *ct, size_t ct_len,
                                       uint8_t ss[LT_MLKEM768_SS_LEN]);
/* Wipes the key. */
void lt_mlkem768_key_clear(lt_mlkem768_key *key);

#endif
