/* libFuzzer harness: CRL parsing (x509/crl.c), walking every entry, the issuingDistributionPoint
 * name (x509/crldp.c), the CRL set's copy, index and
 * lookup (x509/crlset.c), and reading the same bytes as a PEM or DER CRL file's contents. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x509/crl.h"
#include "x509/crldp.h"
#include "x509/crlset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_crl crl;
    lt_crlset set;
    char why[160];
    memset(&set, 0, sizeof set);
    if (lt_crl_parse(data, size, &crl, NULL) == 0) {
        lt_reader entries = lt_reader_from_span(crl.revoked);
        lt_crl_entry entry;
        while (lt_crl_entry_next(&entries, crl.version, &entry, NULL) == 1)
            (void)lt_crl_reason_name(entry.reason);
        /* a distribution point name the parse accepted is well formed, so it meets itself */
        if (crl.idp_full_name.len > 0 && !lt_crldp_names_meet(crl.idp_full_name, crl.idp_full_name))
            __builtin_trap();
        if (lt_crlset_add_der(&set, data, size, NULL) == 0) {
            const uint8_t serial[] = { 0x01 };
            (void)lt_crlset_find(&set.items[0], lt_span_make(serial, sizeof serial), NULL);
            lt_reader again = lt_reader_from_span(crl.revoked);
            if (lt_crl_entry_next(&again, crl.version, &entry, NULL) == 1 &&
                lt_crlset_find(&set.items[0], entry.serial, NULL) == NULL)
                __builtin_trap(); /* every entry must be found in the index */
        }
        lt_crlset_clear(&set);
    }
    if (lt_crlset_add_data(&set, data, size, why, sizeof why) == 0 && set.count == 0 && size > 0)
        __builtin_trap(); /* success adds at least one CRL */
    lt_crlset_clear(&set);
    return 0;
}
