/* Hashes, HMAC and HKDF (RFC 5869). SHA-1 is here only so that a caller that explicitly allows it
 * can verify legacy signatures, and for the localKeyId of a PKCS#12 bundle (an identifier that
 * pairs a key with its certificate, not a signature); nothing in TLS hashes with it. */
#ifndef LT_CRYPTO_HASH_H
#define LT_CRYPTO_HASH_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LT_HASH_NONE = 0,
    LT_HASH_SHA1,
    LT_HASH_SHA256,
    LT_HASH_SHA384,
    LT_HASH_SHA512,
} lt_hash_id;

#define LT_MAX_HASH 64

/* Output length in bytes (0 for LT_HASH_NONE or an unknown id). */
size_t lt_hash_len(lt_hash_id id);
/* "SHA-256", ... */
const char *lt_hash_name(lt_hash_id id);

/* One-shot digest; out must hold lt_hash_len(id) bytes. */
LT_MUST_USE int lt_hash(lt_hash_id id, const void *data, size_t len, uint8_t *out);

/* Incremental digest (for transcripts). The context is opaque and heap-allocated. */
typedef struct lt_hash_ctx lt_hash_ctx;
LT_MUST_USE int lt_hash_ctx_new(lt_hash_id id, lt_hash_ctx **out);
LT_MUST_USE int lt_hash_ctx_update(lt_hash_ctx *ctx, const void *data, size_t len);
/* Writes the digest of everything so far without ending the context. */
LT_MUST_USE int lt_hash_ctx_peek(const lt_hash_ctx *ctx, uint8_t *out);
/* The digest of everything so far followed by extra, without changing the context. */
LT_MUST_USE int lt_hash_ctx_peek_with(const lt_hash_ctx *ctx, const void *extra, size_t extra_len, uint8_t *out);
void lt_hash_ctx_free(lt_hash_ctx *ctx);

/* The hash of the empty string (computed once). */
LT_MUST_USE int lt_hash_empty(lt_hash_id id, uint8_t *out);

/* HMAC(key, data); out holds lt_hash_len(id) bytes. */
LT_MUST_USE int lt_hmac(lt_hash_id id, const void *key, size_t key_len, const void *data, size_t len,
            uint8_t *out);

/* One HMAC key used for many MACs (the TLS 1.2 PRF): the key's inner and outer pads are hashed
 * once (RFC 2104), each MAC then copies those digest states instead of starting over. */
typedef struct lt_hmac_key lt_hmac_key;
LT_MUST_USE int lt_hmac_key_new(lt_hash_id id, const void *key, size_t key_len, lt_hmac_key **out);
/* HMAC(key, a || b); either may be empty. */
LT_MUST_USE int lt_hmac_key_mac(lt_hmac_key *k, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t *out);
void lt_hmac_key_free(lt_hmac_key *k);

/* HKDF-Extract(salt, ikm) -> prk (lt_hash_len(id) bytes). An empty salt means a string of
 * hash-length zeros (RFC 5869 §2.2). */
LT_MUST_USE int lt_hkdf_extract(lt_hash_id id, const void *salt, size_t salt_len, const void *ikm,
                    size_t ikm_len, uint8_t *prk);
/* HKDF-Expand(prk, info, L) -> okm; L at most 255 * hash length (RFC 5869 §2.3), else
 * LT_ERR_INVALID_ARG. */
LT_MUST_USE int lt_hkdf_expand(lt_hash_id id, const void *prk, size_t prk_len, const void *info,
                   size_t info_len, uint8_t *okm, size_t okm_len);
/* Several HKDF-Expand outputs from one PRK (a TLS 1.3 secret feeds two to four): the PRK's HMAC
 * pads are hashed once for all of them. On failure every output is wiped. */
typedef struct {
    const void *info;
    size_t info_len;
    uint8_t *out;
    size_t out_len;
} lt_hkdf_output;
LT_MUST_USE int lt_hkdf_expand_many(lt_hash_id id, const void *prk, size_t prk_len, const lt_hkdf_output *outputs,
                        size_t count);

#endif
