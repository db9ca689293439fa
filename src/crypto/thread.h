/* Per-thread libcrypto objects (see thread.c); src/crypto only. */
#ifndef LT_CRYPTO_THREAD_H
#define LT_CRYPTO_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* This thread's digest context for HMAC: whoever uses it initialises it first; nothing else may
 * use it until that user is done. NULL when out of memory. */
EVP_MD_CTX *lt_thread_md_ctx(void);
/* This thread's EVP_PKEY_fromdata context for keys of template_key's type (fromdata_init done).
 * NULL on failure. */
EVP_PKEY_CTX *lt_thread_import_ctx(const EVP_PKEY *template_key);
/* len random bytes from this thread's pool of DRBG output (requests over 128 bytes go to the
 * DRBG directly). */
int lt_thread_random(uint8_t *out, size_t len);

#endif
