/* The message table behind lt_err_str(). */
#include "base/err.h"

static const char *const lt_err_messages[LT_ERR_COUNT] = {
    "success",
    "invalid argument",
    "out of memory",
    "input/output error",
    "malformed input",
    "cryptographic operation failed",
    "unsupported",
    "verification failed",
    "limit exceeded",
    "buffer too small",
    "internal error",
    "TLS handshake or protocol failure",
    "the peer sent a fatal alert",
};

const char *lt_err_str(int err)
{
    if (err > 0 || err <= -LT_ERR_COUNT)
        return "unknown error";
    return lt_err_messages[-err];
}
