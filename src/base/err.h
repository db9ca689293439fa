/* One error enum for the whole library, and a table of what each value means. Functions return
 * 0 on success or a negative LT_ERR_* value; outputs are written only on success. */
#ifndef LT_BASE_ERR_H
#define LT_BASE_ERR_H

enum {
    LT_OK = 0,
    LT_ERR_INVALID_ARG = -1,  /* the caller passed something unusable */
    LT_ERR_NOMEM = -2,        /* an allocation failed */
    LT_ERR_IO = -3,           /* a file could not be read or written */
    LT_ERR_DECODE = -4,       /* input bytes are malformed */
    LT_ERR_CRYPTO = -5,       /* libcrypto refused an operation */
    LT_ERR_UNSUPPORTED = -6,  /* well-formed, but not something latch accepts */
    LT_ERR_VERIFY = -7,       /* a signature or a certificate did not verify */
    LT_ERR_LIMIT = -8,        /* a size, count or budget limit was reached */
    LT_ERR_BUFFER = -9,       /* an output buffer is too small */
    LT_ERR_INTERNAL = -10,    /* a broken invariant: a bug in latch */
    LT_ERR_PROTOCOL = -11,    /* the peer broke the TLS protocol, or a handshake failed */
    LT_ERR_PEER_ALERT = -12,  /* the peer sent a fatal alert */
};
#define LT_ERR_COUNT 13

/* A short phrase for an LT_ERR_* value ("malformed input", ...); never NULL. */
const char *lt_err_str(int err);

/* On every function whose status must not be dropped (GCC and Clang warn, -Werror fails). */
#define LT_MUST_USE __attribute__((warn_unused_result))

#define LT_TRY(expr) do { int lt_rc_ = (expr); if (lt_rc_ < 0) return lt_rc_; } while (0)

#endif
