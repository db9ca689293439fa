/* Unit tests for src/x509/psl.c: the Public Suffix List's format and algorithm
 * (https://github.com/publicsuffix/list/wiki/Format), RFC 3492 Punycode for its Unicode rules,
 * its limits, and Debian's list as the process loads it. */
#include "lt_test.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/err.h"
#include "x509/psl.h"

static const char lt_small_list[] =
    "// a comment line\n"
    "com\n"
    "uk\n"
    "co.uk   trailing text after white space is ignored\n"
    "*.ck\n"
    "!www.ck\n"
    "// ===BEGIN PRIVATE DOMAINS===\n"
    "github.io\n"
    "\xe5\x85\xac\xe5\x8f\xb8.cn\n"   /* 公司.cn */
    "b\xc3\xbc" "cher.example\n"       /* bücher.example */
    "\r\n"
    "*.kawasaki.jp\n";

static lt_psl *small(void)
{
    lt_psl *psl = NULL;
    if (lt_psl_parse((const uint8_t *)lt_small_list, strlen(lt_small_list), &psl) != 0)
        return NULL;
    return psl;
}

static bool ps(const lt_psl *psl, const char *name)
{
    return lt_psl_is_public_suffix(psl, (const uint8_t *)name, strlen(name));
}

static void test_rules_normal_wildcard_and_exception(void)
{
    lt_psl *psl = small();
    LT_CHECK(psl != NULL);
    if (psl == NULL)
        return;
    LT_CHECK_INT(lt_psl_rule_count(psl), 9);
    LT_CHECK(ps(psl, "com"));
    LT_CHECK(ps(psl, "co.uk"));
    LT_CHECK(ps(psl, "CO.UK"));
    LT_CHECK(!ps(psl, "example.co.uk"));
    LT_CHECK(!ps(psl, "example.com"));
    /* "*.ck": every name one label under ck is a suffix, except the "!www.ck" exception */
    LT_CHECK(ps(psl, "foo.ck"));
    LT_CHECK(!ps(psl, "www.ck"));
    LT_CHECK(!ps(psl, "a.foo.ck"));
    /* a wildcard rule does not make its own base a suffix */
    LT_CHECK(!ps(psl, "kawasaki.jp"));
    LT_CHECK(ps(psl, "city.kawasaki.jp"));
    /* the private section counts as well */
    LT_CHECK(ps(psl, "github.io"));
    LT_CHECK(!ps(psl, "example.github.io"));
    /* the implicit "*" rule: any single label */
    LT_CHECK(ps(psl, "test"));
    LT_CHECK(!ps(psl, "example.test"));
    LT_CHECK(!ps(psl, ""));
    lt_psl_free(psl);
}

static void test_unicode_rules_become_a_labels(void)
{
    lt_psl *psl = small();
    LT_CHECK(psl != NULL);
    if (psl == NULL)
        return;
    /* RFC 3492 and the list's own A-label forms */
    LT_CHECK(ps(psl, "xn--55qx5d.cn"));
    LT_CHECK(ps(psl, "xn--bcher-kva.example"));
    LT_CHECK(!ps(psl, "bcher.example"));
    lt_psl_free(psl);
}

static void test_fallback_refuses_single_labels_only(void)
{
    LT_CHECK(ps(NULL, "com"));
    LT_CHECK(ps(NULL, "test"));
    LT_CHECK(!ps(NULL, "co.uk"));
    LT_CHECK(!ps(NULL, "github.io"));
}

static void test_malformed_lines_are_skipped_not_fatal(void)
{
    static const char text[] =
        "a.*.b\n"          /* a wildcard not first */
        "\xff\xfe.com\n"   /* not UTF-8 */
        "\xc0\xaf.com\n"   /* overlong UTF-8 */
        "\xed\xa0\x80.x\n" /* a surrogate */
        "a..b\n"           /* an empty label */
        ".lead\n"
        "trail.\n"
        "!\n"
        "*.\n"
        "sp ace.ok\n"      /* read up to the white space: "sp" */
        "good.example\n";
    lt_psl *psl = NULL;
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)text, sizeof text - 1, &psl), 0);
    if (psl == NULL)
        return;
    LT_CHECK_INT(lt_psl_rule_count(psl), 2);
    LT_CHECK(ps(psl, "good.example"));
    lt_psl_free(psl);

    /* a 64-byte label and a 254-byte name are no rules; 63 and 253 are */
    char line[400];
    memset(line, 'a', 64);
    line[64] = '\0';
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)line, 64, &psl), 0);
    LT_CHECK_INT(lt_psl_rule_count(psl), 0);
    lt_psl_free(psl);
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)line, 63, &psl), 0);
    LT_CHECK_INT(lt_psl_rule_count(psl), 1);
    lt_psl_free(psl);
    for (size_t i = 0; i < 254; i++)
        line[i] = i % 2 ? '.' : 'a';
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)line, 253, &psl), 0);
    LT_CHECK_INT(lt_psl_rule_count(psl), 1);
    lt_psl_free(psl);
    /* 254 bytes: "aa.a.a...a" (the first label two letters) */
    memmove(line + 1, line, 253);
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)line, 254, &psl), 0);
    LT_CHECK_INT(lt_psl_rule_count(psl), 0);
    lt_psl_free(psl);
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)line + 1, 253, &psl), 0);
    LT_CHECK_INT(lt_psl_rule_count(psl), 1);
    lt_psl_free(psl);

    /* random bytes: no crash, whatever comes out */
    uint8_t noise[4096];
    srand(7);
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof noise; i++)
            noise[i] = (uint8_t)rand();
        psl = NULL;
        if (lt_psl_parse(noise, sizeof noise, &psl) == 0) {
            LT_CHECK(psl != NULL);
            (void)ps(psl, "a.b");
        }
        lt_psl_free(psl);
    }
}

static int parse_n_rules(size_t n)
{
    char *text = malloc(n * 3 + 1);
    lt_psl *psl = NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(text + 3 * i, "ab\n", 3);
    int rc = lt_psl_parse((const uint8_t *)text, n * 3, &psl);
    if (rc == 0 && lt_psl_rule_count(psl) != n)
        rc = -100;
    lt_psl_free(psl);
    free(text);
    return rc;
}

static void test_rule_and_size_limits(void)
{
    LT_CHECK_INT(parse_n_rules(LT_PSL_MAX_RULES - 1), 0);
    LT_CHECK_INT(parse_n_rules(LT_PSL_MAX_RULES), 0);
    LT_CHECK_INT(parse_n_rules(LT_PSL_MAX_RULES + 1), LT_ERR_LIMIT);

    /* file size: comments only, LT_PSL_MAX_FILE - 1, LT_PSL_MAX_FILE, + 1 bytes */
    size_t cap = LT_PSL_MAX_FILE + 1;
    uint8_t *text = malloc(cap);
    memset(text, '/', cap);
    for (size_t i = 1000; i < cap; i += 1000)
        text[i] = '\n';
    for (size_t n = LT_PSL_MAX_FILE - 1; n <= LT_PSL_MAX_FILE + 1; n++) {
        lt_psl *psl = NULL;
        LT_CHECK_INT(lt_psl_parse(text, n, &psl), n > LT_PSL_MAX_FILE ? LT_ERR_LIMIT : 0);
        lt_psl_free(psl);
    }
    free(text);
}

static void test_out_of_memory_is_an_error(void)
{
    for (unsigned long nth = 1; nth <= 4; nth++) {
        lt_psl *psl = NULL;
        lt_alloc_fail_nth(nth);
        int rc = lt_psl_parse((const uint8_t *)lt_small_list, strlen(lt_small_list), &psl);
        lt_alloc_fail_nth(0);
        LT_CHECK(rc == LT_ERR_NOMEM || (rc == 0 && psl != NULL));
        lt_psl_free(psl);
    }
}

/* The list Debian's publicsuffix package installs, as the library loads it (once). */
static void test_default_list_is_debians(void)
{
    if (access(LT_PSL_DEFAULT_PATH, R_OK) != 0 || getenv(LT_PSL_ENV) != NULL) {
        printf("  (skipped: %s not installed or %s set)\n", LT_PSL_DEFAULT_PATH, LT_PSL_ENV);
        return;
    }
    const lt_psl *psl = lt_psl_default();
    LT_CHECK(psl != NULL);
    LT_CHECK(lt_psl_default() == psl);
    LT_CHECK(lt_psl_rule_count(psl) > 5000);
    LT_CHECK(ps(psl, "co.uk"));
    LT_CHECK(ps(psl, "github.io"));
    LT_CHECK(ps(psl, "xn--55qx5d.cn"));
    LT_CHECK(!ps(psl, "www.ck"));
    LT_CHECK(!ps(psl, "example.com"));
}

static void *lt_load_in_thread(void *arg)
{
    const lt_psl **seen = arg;
    *seen = lt_psl_default();
    return NULL;
}

/* Threads asking for the list at once all get the one loaded copy. */
static void test_default_list_loads_once_across_threads(void)
{
    pthread_t threads[8];
    const lt_psl *seen[8];
    for (size_t i = 0; i < 8; i++)
        LT_CHECK_INT(pthread_create(&threads[i], NULL, lt_load_in_thread, &seen[i]), 0);
    for (size_t i = 0; i < 8; i++)
        pthread_join(threads[i], NULL);
    for (size_t i = 1; i < 8; i++)
        LT_CHECK(seen[i] == seen[0]);
    LT_CHECK(lt_psl_default() == seen[0]);
}

int main(void)
{
    LT_RUN(test_rules_normal_wildcard_and_exception);
    LT_RUN(test_unicode_rules_become_a_labels);
    LT_RUN(test_fallback_refuses_single_labels_only);
    LT_RUN(test_malformed_lines_are_skipped_not_fatal);
    LT_RUN(test_rule_and_size_limits);
    LT_RUN(test_out_of_memory_is_an_error);
    LT_RUN(test_default_list_loads_once_across_threads);
    LT_RUN(test_default_list_is_debians);
    return lt_test_summary();
}
