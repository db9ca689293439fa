/* Per-thread libcrypto objects (see thread.c); src/crypto only. */
#ifndef LT_CRYPTO_THREAD_H
#define LT_CRYPTO_THREAD_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* This thread's digest contexts, one per use that never nests inside another: whoever uses one
 * initialises it first and resets it when done (its state may derive from a secret). NULL when
 * out of memory. */
typedef enum {
    LT_THREAD_MD_WORK,  /* an HMAC's running hash */
    LT_THREAD_MD_INNER, /* an HMAC key's inner pad, hashed once for several messages */
    LT_THREAD_MD_OUTER, /* and its outer pad */
    LT_THREAD_MD_HASH,  /* one-shot hashes and transcript snapshots */
    LT_THREAD_MD_SLOTS
} lt_thread_md;
EVP_MD_CTX *lt_thread_md_ctx(lt_thread_md slot);
/* This thread's EVP_PKEY_fromdata context for keys of template_key's type (fromdata_init done).
 * NULL on failure. */
EVP_PKEY_CTX *lt_thread_import_ctx(const EVP_PKEY *template_key);
/* This thread's X25519 peer key object holding public_key, in *out with a reference for the
 * caller (to free): EVP_PKEY_dup of a template costs 50 times a change of its public key.
 * LT_ERR_NOMEM, or LT_ERR_DECODE when libcrypto refuses the public key. */
LT_MUST_USE int lt_thread_x25519_peer(const EVP_PKEY *template_key, const uint8_t *public_key, size_t len, EVP_PKEY **out);
/* len random bytes (at most LT_THREAD_RANDOM_MAX) from this thread's pool of DRBG output. */
#define LT_THREAD_RANDOM_MAX 128
LT_MUST_USE int lt_thread_random(uint8_t *out, size_t len);

#endif
