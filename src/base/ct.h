/* Constant-time helpers: for comparing MACs, Finished and binders, and for selecting between a
 * decrypted and a fallback secret without a branch (RFC 5246 §7.4.7.1). Each runs in time that
 * depends only on the lengths, never on the contents. */
#ifndef LT_BASE_CT_H
#define LT_BASE_CT_H

#include <stddef.h>
#include <stdint.h>

/* Declares p[0..n) public from here on: a verdict or a length computed from secrets that the
 * peer learns anyway (a record authenticated or not, and then its length). A no-op, except in
 * test builds run under valgrind (tests/ct/), where secrets are marked undefined so that any
 * branch on them is reported: there it marks the bytes defined again. */
#if defined(LT_TEST_HOOKS) && defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define LT_CT_PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#endif
#endif
#ifndef LT_CT_PUBLIC
#define LT_CT_PUBLIC(p, n) ((void)(p), (void)(n))
#endif

/* 1 if a[0..n) == b[0..n), else 0. */
int lt_ct_eq(const void *a, const void *b, size_t n);

/* All ones (0xffffffff) if x == 0, else 0. */
static inline uint32_t lt_ct_is_zero_mask(uint32_t x)
{
    return (uint32_t)(0u - (((~x) & (x - 1u)) >> 31));
}

/* All ones if a == b, else 0. */
static inline uint32_t lt_ct_eq_mask(uint32_t a, uint32_t b)
{
    return lt_ct_is_zero_mask(a ^ b);
}

/* All ones if a < b (both < 2^31), else 0. */
static inline uint32_t lt_ct_lt_mask(uint32_t a, uint32_t b)
{
    return (uint32_t)(0u - ((a - b) >> 31));
}

/* mask is all ones or zero: returns a when set, b when clear. */
static inline uint32_t lt_ct_select_u32(uint32_t mask, uint32_t a, uint32_t b)
{
    return (a & mask) | (b & ~mask);
}

/* out[i] = mask ? a[i] : b[i] for i < n; mask is 0xff or 0x00. out may alias a or b. */
void lt_ct_select(uint8_t mask, const uint8_t *a, const uint8_t *b, uint8_t *out, size_t n);

#endif
