/* Random bytes from libcrypto's DRBG. */
#ifndef LT_CRYPTO_RAND_H
#define LT_CRYPTO_RAND_H

#include "base/err.h"
#include <stddef.h>

LT_MUST_USE int lt_random(void *out, size_t len);

#ifdef LT_FUZZING
/* The fuzzing build only (docs/fuzzing.md): lt_random is a deterministic stream from a fixed
 * seed, and this restarts it, so that a harness gives each input the same randoms. */
void lt_random_fuzz_reset(void);
#endif

#endif
