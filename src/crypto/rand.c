/* Random bytes from libcrypto's DRBG (RAND_bytes, NIST SP 800-90A): client and server randoms
 * (RFC 8446 §4.1.2), ephemeral secrets and the RSA pre-master fallback (RFC 5246 §7.4.7.1).
 * Small requests come from a per-thread pool of DRBG output (thread.c): a handshake asks for
 * half a dozen values of 32 bytes, and each RAND_bytes call costs about what 512 bytes do. */
#include "crypto/rand.h"

#include <limits.h>
#include <stdint.h>

#include <openssl/rand.h>

#include "base/err.h"
#include "base/wipe.h"
#include "crypto/crypto.h"
#include "crypto/thread.h"

#ifdef LT_FUZZING
/* The fuzzing build's stream (docs/fuzzing.md): splitmix64 from a fixed seed. Never random, and
 * never in a library that ships: tests/build/test_fuzzing.sh looks for this marker. */
__attribute__((used)) static const char lt_fuzzing_marker[] =
    "LATCH FUZZING BUILD: deterministic randomness, transparent records; never ship this";

static uint64_t lt_fuzz_state;

void lt_random_fuzz_reset(void)
{
    lt_fuzz_state = 0x6c61746368667a7aULL; /* "latchfzz" */
}

static void lt_fuzz_random(unsigned char *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i % 8 == 0)
            lt_fuzz_state += 0x9e3779b97f4a7c15ULL;
        uint64_t z = lt_fuzz_state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        out[i] = (unsigned char)(z >> (8 * (i % 8)));
    }
}
#endif

int lt_random(void *out, size_t len)
{
    unsigned char *at = out;
    size_t left = len;
    LT_TRY(lt_crypto_init());
    if (out == NULL && len != 0)
        return LT_ERR_INVALID_ARG;
#ifdef LT_FUZZING
    lt_fuzz_random(at, len);
    return 0;
#endif
    if (len <= LT_THREAD_RANDOM_MAX) {
        int rc = lt_thread_random(out, len);
        if (rc < 0)
            lt_wipe(out, len);
        return rc;
    }
    /* RAND_bytes takes an int; larger requests are served in INT_MAX-sized pieces. */
    while (left > 0) {
        size_t chunk = left > (size_t)INT_MAX ? (size_t)INT_MAX : left;
        if (RAND_bytes(at, (int)chunk) != 1) {
            lt_wipe(out, len - left);
            return LT_ERR_CRYPTO;
        }
        at += chunk;
        left -= chunk;
    }
    return 0;
}
