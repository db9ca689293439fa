/* The OCSP response a BoGo server staples (-ocsp-response): latch staples from a file, so the
 * runner's base64 bytes go to a temporary file under $TMPDIR, removed when the shim ends. */
#ifndef LATCH_BOGO_SHIM_OCSP_H
#define LATCH_BOGO_SHIM_OCSP_H

#include <latch.h>

/* Staples the base64 response b64 for cfg's last identity. 0; 1 on a failure (the reason on
 * stderr); 89 when latch cannot staple these bytes (it staples only a response that parses as an
 * OCSPResponse, RFC 6960; the runner's are four arbitrary bytes). */
int shim_ocsp_staple(latch_config *cfg, const char *b64);

/* Removes the temporary file, if any. */
void shim_ocsp_cleanup(void);

#endif
