/* The only door to libcrypto. Everything else in latch calls these small typed functions; no
 * other folder includes an OpenSSL header. lt_crypto_init() fetches every EVP object once (OpenSSL
 * 3 takes a global lock per fetch), and every function here calls it, so callers need not. */
#ifndef LT_CRYPTO_CRYPTO_H
#define LT_CRYPTO_CRYPTO_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"

/* Fetches the EVP table once per process; safe to call from any thread, any number of times.
 * Returns 0 or LT_ERR_CRYPTO. */
LT_MUST_USE int lt_crypto_init(void);

/* The oldest error on this thread's libcrypto queue, as text in buf, for messages ("" when there
 * is none). Returns buf (or "" when cap is 0). Clears the queue. */
const char *lt_crypto_last_error(char *buf, size_t cap);

#endif
