/* latch_verify's OCSP step: what an OCSP response given with latch_verify_params says about
 * the leaf of a verified path. */
#ifndef LT_API_VERIFY_OCSP_H
#define LT_API_VERIFY_OCSP_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "latch.h"
#include "x509/path.h"

/* Checks params->ocsp_response (if any) for path->path[0] issued by path->path[1] at time.
 * Returns 0 when the path stands (note says what was found, or why an unusable response was
 * ignored), or LT_ERR_VERIFY with path->error (revoked, revocation-unknown) and path->reason
 * set. */
LT_MUST_USE int lt_verify_ocsp_apply(const latch_verify_params *params, int64_t time, lt_path_result *path, char *note,
                         size_t note_cap);

#endif
