/* latch: a TLS 1.3 / TLS 1.2 library. This is the whole public API; every type is opaque and
 * every function is documented here. Functions return a latch_status: LATCH_OK (0) on success,
 * a negative value on failure. */
#ifndef LATCH_H
#define LATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LATCH_API __attribute__((visibility("default")))
#else
#define LATCH_API
#endif

#define LATCH_VERSION_STRING "0.1.0"

typedef enum {
    LATCH_OK = 0,
    LATCH_WANT_READ = 1,
    LATCH_WANT_WRITE = 2,
    LATCH_CLOSED = 3,
    LATCH_ERR_INVALID_ARG = -1,
    LATCH_ERR_NOMEM = -2,
    LATCH_ERR_IO = -3,
    LATCH_ERR_DECODE = -4,
    LATCH_ERR_CRYPTO = -5,
    LATCH_ERR_UNSUPPORTED = -6,
    LATCH_ERR_VERIFY = -7,
    LATCH_ERR_LIMIT = -8,
    LATCH_ERR_BUFFER = -9,
    LATCH_ERR_INTERNAL = -10,
} latch_status;

/* A short phrase for a status ("malformed input"); never NULL. */
LATCH_API const char *latch_status_str(latch_status status);

/* The library's version, e.g. "0.1.0". */
LATCH_API const char *latch_version(void);

#ifdef __cplusplus
}
#endif
#endif
