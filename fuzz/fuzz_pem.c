/* libFuzzer harness: PEM bundles through the certificate set (the trust-store loader). */
#include <stddef.h>
#include <stdint.h>

#include "x509/certset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_certset set = { .limit = 64 };
    size_t added, skipped;
    char why[160];
    (void)lt_certset_add_pem(&set, (const char *)data, size, 1, &added, &skipped, why, sizeof why);
    lt_certset_clear(&set);
    return 0;
}
