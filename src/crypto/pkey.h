/* Public and private keys, signatures and key generation. Public keys come from
 * SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7); private keys from PEM (PKCS#8, SEC1
 * "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY"; decoding is libcrypto's). Signature algorithms are
 * named by one enum shared by X.509 and the TLS handshake:
 *  - RSA PKCS#1 v1.5 with SHA-1/256/384/512 (RFC 8017 §8.2),
 *  - RSA-PSS with SHA-256/384/512, MGF1 with the same hash, salt length = hash length
 *    (RFC 8017 §8.1, RFC 8446 rsa_pss_rsae_* / rsa_pss_pss_*), for rsaEncryption and
 *    id-RSASSA-PSS keys alike,
 *  - ECDSA on P-256/P-384 with SHA-256/384/512 (SHA-1 for legacy verification); the signature
 *    is a DER ECDSA-Sig-Value, strictly parsed (RFC 3279 §2.2.3),
 *  - Ed25519 (RFC 8032).
 */
#ifndef LT_CRYPTO_PKEY_H
#define LT_CRYPTO_PKEY_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "crypto/hash.h"

typedef enum {
    LT_KEY_NONE = 0,
    LT_KEY_RSA,       /* rsaEncryption */
    LT_KEY_RSA_PSS,   /* id-RSASSA-PSS: may only make PSS signatures */
    LT_KEY_EC_P256,
    LT_KEY_EC_P384,
    LT_KEY_ED25519,
} lt_key_type;

typedef enum {
    LT_SIG_NONE = 0,
    LT_SIG_RSA_PKCS1_SHA1,
    LT_SIG_RSA_PKCS1_SHA256,
    LT_SIG_RSA_PKCS1_SHA384,
    LT_SIG_RSA_PKCS1_SHA512,
    LT_SIG_RSA_PSS_SHA256,
    LT_SIG_RSA_PSS_SHA384,
    LT_SIG_RSA_PSS_SHA512,
    LT_SIG_ECDSA_SHA1,
    LT_SIG_ECDSA_SHA256,
    LT_SIG_ECDSA_SHA384,
    LT_SIG_ECDSA_SHA512,
    LT_SIG_ED25519,
} lt_sig_alg;

/* The hash a signature algorithm uses (LT_HASH_NONE for Ed25519). */
lt_hash_id lt_sig_hash(lt_sig_alg alg);
/* "ecdsa-with-SHA256", "sha256WithRSAEncryption", "RSASSA-PSS-SHA256", "Ed25519", ... */
const char *lt_sig_name(lt_sig_alg alg);
/* "RSA", "RSA-PSS", "ECDSA P-256", "ECDSA P-384", "Ed25519" */
const char *lt_key_type_name(lt_key_type type);

typedef struct lt_pubkey lt_pubkey;
typedef struct lt_privkey lt_privkey;

/* Parses a DER SubjectPublicKeyInfo. Unsupported algorithms or curves: LT_ERR_UNSUPPORTED;
 * malformed: LT_ERR_DECODE. */
LT_MUST_USE int lt_pubkey_from_spki(const uint8_t *der, size_t len, lt_pubkey **out);
void lt_pubkey_free(lt_pubkey *key);
lt_key_type lt_pubkey_type(const lt_pubkey *key);
/* Modulus size for RSA, field size for EC, 256 for Ed25519. */
unsigned lt_pubkey_bits(const lt_pubkey *key);
/* 1 if alg can be used with this key at all, else 0 (RSA-PSS keys refuse PKCS#1, and an
 * id-RSASSA-PSS key whose parameters name one hash refuses the others; an ECDSA key is bound to
 * its curve only by TLS 1.3 rules, which the handshake applies). */
LT_MUST_USE int lt_pubkey_allows(const lt_pubkey *key, lt_sig_alg alg);

/* Verifies sig over msg (the message, not its hash). Returns 0 when valid, LT_ERR_VERIFY when
 * not, LT_ERR_DECODE for a malformed (e.g. non-DER ECDSA) signature, LT_ERR_UNSUPPORTED for an
 * algorithm the key cannot use. */
LT_MUST_USE int lt_pubkey_verify(const lt_pubkey *key, lt_sig_alg alg, const uint8_t *msg, size_t msg_len,
                     const uint8_t *sig, size_t sig_len);

/* Decodes the first private key in a PEM text. Malformed or encrypted keys (no passphrase is
 * ever asked for), and keys whose public half is not their private half's: LT_ERR_DECODE; a key
 * type or curve latch does not use: LT_ERR_UNSUPPORTED. */
LT_MUST_USE int lt_privkey_from_pem(const char *pem, size_t len, lt_privkey **out);
/* The same from a file: LT_ERR_IO when it cannot be read, LT_ERR_LIMIT past LT_FILE_MAX. */
LT_MUST_USE int lt_privkey_from_pem_file(const char *path, lt_privkey **out);
/* Generates a fresh key: LT_KEY_EC_P256, LT_KEY_EC_P384, LT_KEY_ED25519 or LT_KEY_RSA (bits
 * 2048..8192, else LT_ERR_INVALID_ARG; e = 65537; bits is ignored for the others). Other types:
 * LT_ERR_UNSUPPORTED. */
LT_MUST_USE int lt_privkey_generate(lt_key_type type, unsigned bits, lt_privkey **out);
void lt_privkey_free(lt_privkey *key);
lt_key_type lt_privkey_type(const lt_privkey *key);
unsigned lt_privkey_bits(const lt_privkey *key);
/* The DER SubjectPublicKeyInfo of the key's public half. *out is malloc'd. */
LT_MUST_USE int lt_privkey_spki(const lt_privkey *key, uint8_t **out, size_t *out_len);
/* PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), unencrypted, NUL-terminated; *out is malloc'd and
 * the caller wipes and frees it. */
LT_MUST_USE int lt_privkey_to_pem(const lt_privkey *key, char **out, size_t *out_len);
/* The same key as PKCS#8 PrivateKeyInfo DER (RFC 5208 §5), unencrypted: what an
 * EncryptedPrivateKeyInfo (RFC 5208 §6) encrypts. *out is malloc'd; the caller wipes and frees it. */
LT_MUST_USE int lt_privkey_to_der(const lt_privkey *key, uint8_t **out, size_t *out_len);
/* Upper bound of a signature's size with this key. */
size_t lt_privkey_sig_max(const lt_privkey *key);
/* Signs msg with alg (ECDSA signatures come out DER). sig_len is in: capacity, which must be at
 * least lt_privkey_sig_max(key) (else LT_ERR_BUFFER); out: length, written only on success (the
 * bytes of sig are unspecified after a failure). LT_ERR_UNSUPPORTED when the key cannot make alg. */
LT_MUST_USE int lt_privkey_sign(const lt_privkey *key, lt_sig_alg alg, const uint8_t *msg, size_t msg_len,
                    uint8_t *sig, size_t *sig_len);

#endif
