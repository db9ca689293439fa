/* Random bytes from libcrypto's DRBG (RAND_bytes, NIST SP 800-90A): client and server randoms
 * (RFC 8446 §4.1.2), ephemeral secrets and the RSA pre-master fallback (RFC 5246 §7.4.7.1).
 * Small requests come from a per-thread pool of DRBG output (thread.c): a handshake asks for
 * half a dozen values of 32 bytes, and each RAND_bytes call costs about what 512 bytes do. */
#include "crypto/rand.h"

#include <limits.h>

#include <openssl/rand.h>

#include "base/err.h"
#include "base/wipe.h"
#include "crypto/crypto.h"
#include "crypto/thread.h"

int lt_random(void *out, size_t len)
{
    unsigned char *at = out;
    size_t left = len;
    LT_TRY(lt_crypto_init());
    if (out == NULL && len != 0)
        return LT_ERR_INVALID_ARG;
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
