/* TLS 1.2's RSA key exchange (RFC 5246 §7.4.7.1): the client encrypts the 48-byte pre-master
 * secret to the server's RSA key with PKCS#1 v1.5; the server decrypts it without giving any
 * padding oracle (Bleichenbacher, ROBOT, Marvin): it draws a random fallback first, decrypts
 * with raw RSA, checks the padding, length and version bytes with constant-time code, and takes
 * the decrypted secret or the fallback with a constant-time select. A bad block is never
 * reported: the handshake just fails at Finished, like any wrong secret. */
#ifndef LT_CRYPTO_RSA_KEX_H
#define LT_CRYPTO_RSA_KEX_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/pkey.h"

#define LT_PMS_LEN 48

/* Client: RSAES-PKCS1-v1_5 encryption of the pre-master secret (rsaEncryption keys only). */
LT_MUST_USE int lt_rsa_kex_encrypt(const lt_pubkey *key, const uint8_t pms[LT_PMS_LEN], uint8_t *out, size_t cap,
                       size_t *out_len);

/* Server: the pre-master secret from ct, or a random one when ct is not a valid encryption of a
 * 48-byte secret starting with client_version. Returns 0 in both cases; an error only when
 * something that does not depend on the secret failed (memory, RNG, not an RSA key). */
LT_MUST_USE int lt_rsa_kex_decrypt(const lt_privkey *key, const uint8_t *ct, size_t ct_len, uint16_t client_version,
                       uint8_t pms[LT_PMS_LEN]);

/* The constant-time heart of lt_rsa_kex_decrypt, separate so a test can run it with the block
 * marked secret under valgrind: em is the raw RSA output (k bytes; below 59 nothing is valid).
 * pms receives
 * em[k-48..k) when em = 00 02 PS(>= 8 non-zero bytes) 00 version(2) secret(46), else fallback.
 * No branch and no memory index depends on the contents of em or fallback. */
void lt_rsa_pms_select(const uint8_t *em, size_t k, uint16_t client_version,
                       const uint8_t fallback[LT_PMS_LEN], uint8_t pms[LT_PMS_LEN]);

/* The raw public operation (m^e mod n), for tests that build their own blocks. */
LT_MUST_USE int lt_rsa_raw_public(const lt_pubkey *key, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                      size_t *out_len);

#endif
