/* latch_verify's OCSP step (see verify_ocsp.h): RFC 6960 through x509/ocsp.c, on the leaf and
 * the issuer that path validation chose, so the response is checked against the issuer key
 * that was itself verified. */
#include "api/verify_ocsp.h"

#include <stdio.h>

#include "x509/ocsp.h"

int lt_verify_ocsp_apply(const latch_verify_params *params, int64_t time, lt_path_result *path, char *note,
                         size_t note_cap)
{
    lt_ocsp_result ocsp;
    char name[128];

    if (params->ocsp_response == NULL && !params->require_ocsp)
        return 0;
    lt_cert_display_name(path->path[0], name, sizeof name);
    if (path->len < 2) {
        /* the leaf is itself a trust anchor: it has no issuer to ask about it */
        snprintf(note, note_cap, "OCSP not checked: '%s' is a trust anchor", name);
        return 0;
    }
    if (params->ocsp_response == NULL) {
        path->error = LT_VERIFY_REVOCATION_UNKNOWN;
        snprintf(path->reason, sizeof path->reason,
                 "no OCSP response for certificate '%s', and one is required", name);
        return LT_ERR_VERIFY;
    }
    int rc = lt_ocsp_verify(params->ocsp_response, params->ocsp_response_len, path->path[0], path->path[1],
                            time, &ocsp);
    char text[512];
    lt_ocsp_describe(&ocsp, text, sizeof text);
    snprintf(note, note_cap, "OCSP response: %s", text);
    if (rc == 0)
        return 0;
    if (ocsp.error == LT_VERIFY_REVOCATION_UNKNOWN && !params->require_ocsp)
        return 0;
    path->error = ocsp.error;
    snprintf(path->reason, sizeof path->reason, "%s", ocsp.reason);
    return LT_ERR_VERIFY;
}
