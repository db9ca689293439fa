/* libFuzzer harness: OCSP response parsing and checking (x509/ocsp.c). A response that parses
 * is checked with the certificates it carries standing in for the certificate and its issuer,
 * so the certID search, the signer search and the time checks all see fuzzed input. */
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"
#include "x509/ocsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_ocsp_response resp;
    lt_ocsp_result result;
    lt_cert first, last;
    char text[512];
    if (lt_ocsp_parse(data, size, &resp, NULL) != 0 || resp.n_certs == 0)
        return 0;
    if (lt_cert_parse(resp.certs[0].p, resp.certs[0].len, &first, NULL) != 0)
        return 0;
    if (lt_cert_parse(resp.certs[resp.n_certs - 1].p, resp.certs[resp.n_certs - 1].len, &last, NULL) != 0)
        return 0;
    (void)lt_ocsp_check(&resp, &first, &last, resp.produced_at, &result);
    lt_ocsp_describe(&result, text, sizeof text);
    (void)lt_ocsp_verify(data, size, &last, &first, resp.produced_at + 86400, &result);
    return 0;
}
