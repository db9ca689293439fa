/* Constant-time comparison and selection (see ct.h for why). */
#include "base/ct.h"

int lt_ct_eq(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *pa = (const volatile uint8_t *)a;
    const volatile uint8_t *pb = (const volatile uint8_t *)b;
    uint32_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (uint32_t)(pa[i] ^ pb[i]);
    return (int)(lt_ct_is_zero_mask(diff) & 1u);
}

void lt_ct_select(uint8_t mask, const uint8_t *a, const uint8_t *b, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)((a[i] & mask) | (b[i] & (uint8_t)~mask));
}
