/* Random bytes from libcrypto's DRBG. */
#ifndef LT_CRYPTO_RAND_H
#define LT_CRYPTO_RAND_H

#include "base/err.h"
#include <stddef.h>

LT_MUST_USE int lt_random(void *out, size_t len);

#endif
