/* The OCSP response a server staples for one of its certificates (RFC 6066 §8, RFC 8446
 * §4.4.2.1), read from a file and read again when the file changes, so that a responder's fresh
 * answer reaches clients without a restart. A config's connections share it across threads. */
#ifndef LT_TLS_STAPLE_H
#define LT_TLS_STAPLE_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

/* The largest response stapled: it must fit a TLS 1.3 certificate entry's extensions
 * (2^16 - 1 bytes with their headers), and real ones are a few kilobytes. */
#define LT_STAPLE_MAX 16384

typedef struct lt_staple lt_staple;

/* Reads the response in path (DER OCSPResponse, which must parse: x509/ocsp.h). On failure
 * returns LT_ERR_IO, LT_ERR_LIMIT or LT_ERR_DECODE with a sentence in why. */
LT_MUST_USE int lt_staple_open(const char *path, lt_staple **out, char *why, size_t why_cap);
void lt_staple_free(lt_staple *staple);

/* A copy of the current response (malloc'd, the caller frees it). The file is looked at again
 * at most once a second: when its modification time or size changed, it is read again, and a
 * new content that does not parse leaves the old response in place. LT_ERR_NOMEM only. */
LT_MUST_USE int lt_staple_take(lt_staple *staple, uint8_t **out, size_t *len);

#endif
