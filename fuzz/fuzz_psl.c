/* libFuzzer harness: the Public Suffix List parser (x509/psl.c) on any bytes, and a lookup of
 * the input's first line in what it parsed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x509/psl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_psl *psl = NULL;
    if (lt_psl_parse(data, size, &psl) != 0)
        return 0;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t first = nl ? (size_t)(nl - data) : size;
    (void)lt_psl_is_public_suffix(psl, data, first);
    lt_psl_free(psl);
    return 0;
}
