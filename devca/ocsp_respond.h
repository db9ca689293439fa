/* The development CA's OCSP responses (`latch certs ocsp`), for the tool: this header needs
 * latch.h alone. Messages as in devca.h: a report on success, one sentence on failure. */
#ifndef LT_DEVCA_OCSP_RESPOND_H
#define LT_DEVCA_OCSP_RESPOND_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h" /* latch_status */

#define LT_DEVCA_OCSP_DEFAULT_DAYS 7
#define LT_DEVCA_OCSP_MAX_DAYS 366

/* `latch certs ocsp LEAF.pem`: the development CA in dir (NULL: the default directory) answers
 * for the leaf in leaf_path, which it must have issued: revoked (with its time and reason) when
 * DIR/revoked lists its serial, else good. The response is signed by the CA itself (responderID
 * byName, certID with SHA-1 as RFC 5019 asks), producedAt and thisUpdate now (0: the current
 * time), nextUpdate now + days (0: LT_DEVCA_OCSP_DEFAULT_DAYS; at most LT_DEVCA_OCSP_MAX_DAYS),
 * and written as DER (what `latch server --ocsp` and `openssl s_server -status_file` take) to
 * out_path, or by default next to the leaf: LEAF.pem -> LEAF.ocsp.der (mode 0644). Messages as
 * in devca.h. */
latch_status lt_devca_ocsp(const char *dir, const char *leaf_path, const char *out_path, unsigned days, int64_t now,
                           char *msg, size_t msg_cap);

#endif
