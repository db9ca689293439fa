/* libFuzzer harness: certificate parsing and everything that reads a parsed certificate for
 * messages (display name, SAN list, name matching, the rules on a leaf's names, name
 * constraints against itself). */
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"
#include "x509/constraints.h"
#include "x509/dn.h"
#include "x509/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_cert cert;
    char text[512];
    lt_name_ref ref;
    if (lt_cert_parse(data, size, &cert, NULL) != 0)
        return 0;
    lt_cert_display_name(&cert, text, sizeof text);
    lt_dn_format(cert.issuer, text, sizeof text);
    lt_name_list_sans(&cert, text, sizeof text);
    /* (fixed, valid references: each parses) */
    if (lt_name_ref_host("a.example.com", &ref) == 0)
        (void)lt_name_cert_matches(&cert, &ref);
    if (lt_name_ref_ip("10.1.2.3", &ref) == 0)
        (void)lt_name_cert_matches(&cert, &ref);
    if (lt_name_ref_email("a@example.com", &ref) == 0)
        (void)lt_name_cert_matches(&cert, &ref);
    (void)lt_name_check_leaf(&cert, true, NULL, text, sizeof text);
    (void)lt_name_check_leaf(&cert, false, NULL, text, sizeof text);
    size_t budget = LT_CONSTRAINTS_MAX_COMPARISONS;
    (void)lt_constraints_check(&cert, &cert, &budget, text, sizeof text);
    return 0;
}
