/* Shared between the files of src/crypto and nowhere else: the table of pre-fetched EVP objects
 * filled by lt_crypto_init(), the strict DER helpers used for SubjectPublicKeyInfo
 * (RFC 5280 §4.1.2.7) and ECDSA-Sig-Value (RFC 3279 §2.2.3), and the key-type and signature
 * set-up shared by public and private keys. This header may include OpenSSL because it is only
 * included from src/crypto. */
#ifndef LT_CRYPTO_INTERNAL_H
#define LT_CRYPTO_INTERNAL_H

#include "base/err.h"
#include <stdbool.h>

#include <openssl/evp.h>

#include "base/reader.h"
#include "crypto/aead.h"
#include "crypto/cbc.h"
#include "crypto/crypto.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "crypto/sha3.h"

/* The pre-fetched digest for id, or NULL for an unknown id. Only valid after lt_crypto_init()
 * returned 0. */
const EVP_MD *lt_crypto_md(lt_hash_id id);

/* The pre-fetched SHA-3 or SHAKE digest, or NULL. */
const EVP_MD *lt_crypto_sha3(lt_sha3_id id);

/* The pre-fetched cipher of an AEAD, or NULL. */
const EVP_CIPHER *lt_crypto_cipher(lt_aead_id id);
/* The pre-fetched CBC cipher, or NULL; and HMAC. */
const EVP_CIPHER *lt_crypto_cbc_cipher(lt_cbc_id id);
EVP_MAC *lt_crypto_hmac(void);

/* DER (X.690 §8.1, §10.1): reads one TLV with the given single-byte tag and a definite,
 * minimally encoded length, and returns its contents. Any deviation fails the reader with
 * LT_ERR_DECODE. */
lt_span lt_der_read_tlv(lt_reader *r, uint8_t tag);

/* 0 when sig is a strict DER ECDSA-Sig-Value (SEQUENCE of two minimal positive INTEGERs, no
 * trailing bytes), else LT_ERR_DECODE. */
LT_MUST_USE int lt_ecdsa_der_check(const uint8_t *sig, size_t len);

/* Which latch key type a libcrypto key is: 0 and *type, or LT_ERR_UNSUPPORTED. */
LT_MUST_USE int lt_pkey_classify(const EVP_PKEY *pkey, lt_key_type *type);
unsigned lt_pkey_type_bits(const EVP_PKEY *pkey, lt_key_type type);
bool lt_pkey_type_allows(const EVP_PKEY *pkey, lt_key_type type, lt_sig_alg alg);
/* Whether the key may make at least one signature latch makes: not so for an id-RSASSA-PSS key
 * whose parameters ask for a salt longer than its hash, or name two different hashes. */
bool lt_pkey_signs_any(const EVP_PKEY *pkey, lt_key_type type);
/* Prepares md_ctx to sign (signing true) or verify with alg: the digest, and for RSA-PSS the
 * padding, MGF1 hash and salt length = hash length. The caller checked lt_pkey_type_allows. */
LT_MUST_USE int lt_pkey_sig_init(EVP_MD_CTX *md_ctx, EVP_PKEY *pkey, lt_sig_alg alg, bool signing);
/* The padding of an RSA signature algorithm on a sign or verify context (PKCS#1 v1.5, or PSS
 * with MGF1 on the same hash and a salt as long as the hash); nothing for other algorithms. */
LT_MUST_USE int lt_pkey_sig_params(EVP_PKEY_CTX *pkey_ctx, lt_sig_alg alg);
/* Prepared signing contexts of one private key (sigctx.c). */
typedef struct lt_sigctx_table lt_sigctx_table;
lt_sigctx_table *lt_sigctx_table_new(void);
void lt_sigctx_table_free(lt_sigctx_table *table);
/* Sign (*sig_len: room in, length out; contexts kept in the key's table) or verify (LT_ERR_VERIFY
 * when it does not) the hash of msg through a prepared context; not for Ed25519. */
LT_MUST_USE int lt_pkey_sign_digest(lt_sigctx_table *table, EVP_PKEY *pkey, lt_sig_alg alg, const uint8_t *msg,
                        size_t msg_len, uint8_t *sig, size_t *sig_len);
LT_MUST_USE int lt_pkey_verify_digest(EVP_PKEY *pkey, lt_sig_alg alg, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len);

/* keycache.c: public keys already decoded, by their exact SubjectPublicKeyInfo DER. get returns
 * a new reference (and the key's type) or NULL; put keeps a reference of its own. */
EVP_PKEY *lt_keycache_get(const uint8_t *der, size_t len, lt_key_type *type);
void lt_keycache_put(const uint8_t *der, size_t len, EVP_PKEY *pkey, lt_key_type type);

/* The libcrypto key inside a latch key (for the RSA key exchange). */
EVP_PKEY *lt_pubkey_evp(const lt_pubkey *key);
EVP_PKEY *lt_privkey_evp(const lt_privkey *key);

#endif
