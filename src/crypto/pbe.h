/* Password-based cryptography for PKCS#12 files (`latch certs issue --p12`): PBKDF2 (RFC 8018
 * §5.2), the PKCS#12 key derivation of RFC 7292 Appendix B.2 (which still keys a PFX's MAC), and
 * AES-CBC with PKCS#7 padding (RFC 8018 §6.2 / B.2.5, the PBES2 encryption scheme). Nothing in
 * TLS uses these; they are fetched from libcrypto on first use, not by lt_crypto_init(). */
#ifndef LT_CRYPTO_PBE_H
#define LT_CRYPTO_PBE_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define LT_AES256_KEY_LEN 32
#define LT_AES_BLOCK_LEN 16

/* The diversifier ID of RFC 7292 Appendix B.3: what the derived bytes are for. */
typedef enum {
    LT_PKCS12_KDF_KEY = 1,
    LT_PKCS12_KDF_IV = 2,
    LT_PKCS12_KDF_MAC = 3,
} lt_pkcs12_kdf_purpose;

/* PBKDF2 with HMAC-prf (RFC 8018 §5.2): out_len bytes from password (any bytes; PBES2 takes the
 * UTF-8 text), salt and iterations (at least 1). LT_ERR_INVALID_ARG for a bad argument. */
LT_MUST_USE int lt_pbkdf2(lt_hash_id prf, const void *password, size_t password_len,
                          const uint8_t *salt, size_t salt_len, uint32_t iterations, uint8_t *out,
                          size_t out_len);

/* The PKCS#12 KDF (RFC 7292 Appendix B.2) with hash: out_len bytes for purpose. password is
 * already formatted as B.1 says: a BMPString's big-endian UCS-2 code units followed by two zero
 * bytes (lt_pkcs12_kdf does not convert text). LT_ERR_UNSUPPORTED when libcrypto lacks it. */
LT_MUST_USE int lt_pkcs12_kdf(lt_hash_id hash, lt_pkcs12_kdf_purpose purpose,
                              const uint8_t *password, size_t password_len, const uint8_t *salt,
                              size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);

/* The length of len bytes once padded to whole AES blocks: PKCS#7 padding always adds 1..16
 * bytes (RFC 8018 §6.1.1 step 4, RFC 5652 §6.3). */
static inline size_t lt_aes_cbc_padded_len(size_t len)
{
    return len - len % LT_AES_BLOCK_LEN + LT_AES_BLOCK_LEN;
}

/* AES-256-CBC encryption of in[0..len) with PKCS#7 padding. out holds
 * lt_aes_cbc_padded_len(len) bytes (it may not overlap in); *out_len gets that length. */
LT_MUST_USE int lt_aes256_cbc_encrypt(const uint8_t key[LT_AES256_KEY_LEN],
                                      const uint8_t iv[LT_AES_BLOCK_LEN], const uint8_t *in,
                                      size_t len, uint8_t *out, size_t *out_len);

#endif
