/* A small test harness: each tests/unit/test_<module>.c defines test functions, runs them with
 * LT_RUN, and ends main with lt_test_summary(), which prints "N passed, N failed" and sets the exit
 * status. A check that fails prints its file, line and expression and fails that test. */
#ifndef LT_TEST_H
#define LT_TEST_H

#include <stdio.h>
#include <string.h>

static int lt_test_passed, lt_test_failed, lt_test_current_failed;

#define LT_CHECK(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        lt_test_current_failed = 1; \
    } } while (0)

#define LT_CHECK_INT(a, b) do { \
    long long lt_a_ = (long long)(a), lt_b_ = (long long)(b); \
    if (lt_a_ != lt_b_) { \
        fprintf(stderr, "  %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, \
                #a, lt_a_, #b, lt_b_); \
        lt_test_current_failed = 1; \
    } } while (0)

#define LT_CHECK_MEM(a, b, n) do { \
    if (memcmp((a), (b), (n)) != 0) { \
        fprintf(stderr, "  %s:%d: bytes differ: %s vs %s\n", __FILE__, __LINE__, #a, #b); \
        lt_test_current_failed = 1; \
    } } while (0)

#define LT_CHECK_STR_CONTAINS(hay, needle) do { \
    const char *lt_h_ = (hay); \
    if (lt_h_ == NULL || strstr(lt_h_, (needle)) == NULL) { \
        fprintf(stderr, "  %s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__, \
                lt_h_ ? lt_h_ : "(null)", (needle)); \
        lt_test_current_failed = 1; \
    } } while (0)

#define LT_RUN(fn) do { \
    lt_test_current_failed = 0; \
    fn(); \
    if (lt_test_current_failed) { lt_test_failed++; fprintf(stderr, "FAIL %s\n", #fn); } \
    else { lt_test_passed++; } \
    } while (0)

static inline int lt_test_summary(void)
{
    printf("%d passed, %d failed\n", lt_test_passed, lt_test_failed);
    return lt_test_failed ? 1 : 0;
}

/* Hex string ("0a1b...", spaces ignored) to bytes; returns the length or -1. */
static inline int lt_test_unhex(const char *hex, unsigned char *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        int v;
        char c = *hex;
        if (c == ' ' || c == '\n') continue;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else return -1;
        if (hi < 0) { hi = v; continue; }
        if (n >= cap) return -1;
        out[n++] = (unsigned char)(hi << 4 | v);
        hi = -1;
    }
    return hi < 0 ? (int)n : -1;
}

#endif
