/* Unit tests for the public certificate containers (src/api/roots.c, src/api/certlist.c) and
 * latch_verify's argument handling: a trust store skips certificates it cannot parse, a
 * certificate list is strict and all-or-nothing and bounded, and bad host or IP arguments are
 * refused before any path is built. Certificates are made in-process with devca/issue.c. */
#include "lt_test.h"

#include <stdlib.h>

#include "latch.h"

#include "base/err.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/pem_write.h"

#define T0 1767225600LL /* 2026-01-01 */

/* A self-signed CA as PEM (malloc'd), and its key. */
static char *make_root_pem(lt_privkey **key_out)
{
    lt_privkey *key = NULL;
    uint8_t name[128], *spki = NULL, *der = NULL;
    size_t spki_len = 0, der_len = 0, pem_len = 0;
    char *pem = NULL;
    lt_issue_issuer self = { 0 };
    lt_issue_params params = { 0 };
    if (lt_privkey_generate(LT_KEY_EC_P256, 0, &key) < 0)
        return NULL;
    lt_writer w = lt_writer_init(name, sizeof name);
    lt_issue_write_name(&w, "latch tests", "store", "Store Root");
    LT_CHECK(lt_privkey_spki(key, &spki, &spki_len) == 0);
    self.key = key;
    self.subject = lt_span_make(name, w.len);
    lt_issue_key_id(spki, spki_len, self.key_id);
    params.is_ca = 1;
    params.subject_key = key;
    params.subject = self.subject;
    params.not_before = T0;
    params.not_after = T0 + 86400 * 365;
    if (lt_issue_certificate(&self, &params, &der, &der_len) == 0) {
        size_t cap = lt_pem_write_size("CERTIFICATE", der_len);
        pem = malloc(cap);
        if (pem && lt_pem_write("CERTIFICATE", der, der_len, pem, cap, &pem_len) < 0) {
            free(pem);
            pem = NULL;
        }
    }
    free(spki);
    free(der);
    *key_out = key;
    return pem;
}

/* A leaf for "a.test" issued by make_root_pem's root (its key), as PEM (malloc'd). */
static char *make_leaf_pem(lt_privkey *root_key)
{
    lt_privkey *key = NULL;
    uint8_t root_name[128], name[128], *spki = NULL, *der = NULL;
    size_t spki_len = 0, der_len = 0, pem_len = 0;
    char *pem = NULL;
    lt_issue_issuer by = { 0 };
    lt_issue_params params = { 0 };
    lt_issue_san san = { .type = LT_ISSUE_SAN_DNS, .text = "a.test" };
    if (lt_privkey_generate(LT_KEY_EC_P256, 0, &key) < 0)
        return NULL;
    lt_writer w = lt_writer_init(root_name, sizeof root_name);
    lt_issue_write_name(&w, "latch tests", "store", "Store Root");
    lt_writer lw = lt_writer_init(name, sizeof name);
    lt_issue_write_name(&lw, "latch tests", "store", "a.test"); /* a copy of its SAN */
    LT_CHECK(lt_privkey_spki(root_key, &spki, &spki_len) == 0);
    by.key = root_key;
    by.subject = lt_span_make(root_name, w.len);
    lt_issue_key_id(spki, spki_len, by.key_id);
    params.subject_key = key;
    params.subject = lt_span_make(name, lw.len);
    params.not_before = T0;
    params.not_after = T0 + 86400 * 365;
    params.sans = &san;
    params.san_count = 1;
    if (lt_issue_certificate(&by, &params, &der, &der_len) == 0) {
        size_t cap = lt_pem_write_size("CERTIFICATE", der_len);
        pem = malloc(cap);
        if (pem && lt_pem_write("CERTIFICATE", der, der_len, pem, cap, &pem_len) < 0) {
            free(pem);
            pem = NULL;
        }
    }
    free(spki);
    free(der);
    lt_privkey_free(key);
    return pem;
}

static const char corrupt_pem[] = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";

static void test_roots_skip_unparsable_and_dedupe(void)
{
    lt_privkey *key = NULL;
    char *root = make_root_pem(&key);
    LT_CHECK(root != NULL);
    size_t n = strlen(root);
    char *bundle = malloc(2 * n + sizeof corrupt_pem + 16);
    sprintf(bundle, "%s%s%s", root, corrupt_pem, root);
    latch_roots *roots = latch_roots_new();
    LT_CHECK_INT(latch_roots_add_pem(roots, bundle, strlen(bundle)), LATCH_OK);
    LT_CHECK_INT(latch_roots_count(roots), 1);   /* the duplicate is kept once */
    LT_CHECK_INT(latch_roots_skipped(roots), 1); /* the corrupt one is skipped, counted */
    LT_CHECK_INT(latch_roots_add_pem(roots, "no pem", 6), LATCH_ERR_DECODE);
    LT_CHECK_INT(latch_roots_add_file(roots, "no/such/file.pem"), LATCH_ERR_IO);
    latch_roots_free(roots);
    free(bundle);
    free(root);
    lt_privkey_free(key);
}

static void test_certlist_is_all_or_nothing(void)
{
    lt_privkey *key = NULL;
    char *root = make_root_pem(&key);
    size_t n = strlen(root);
    char *bundle = malloc(n + sizeof corrupt_pem + 16);
    sprintf(bundle, "%s%s", root, corrupt_pem);
    latch_certlist *list = latch_certlist_new();
    LT_CHECK_INT(latch_certlist_add_pem(list, bundle, strlen(bundle)), LATCH_ERR_DECODE);
    LT_CHECK_INT(latch_certlist_count(list), 0);
    LT_CHECK_STR_CONTAINS(latch_certlist_error(list), "certificate 2:");
    LT_CHECK_INT(latch_certlist_add_pem(list, root, n), LATCH_OK);
    LT_CHECK_INT(latch_certlist_count(list), 1);
    latch_certlist_free(list);
    free(bundle);
    free(root);
    lt_privkey_free(key);
}

static void test_certlist_is_bounded(void)
{
    lt_privkey *key = NULL;
    char *root = make_root_pem(&key);
    size_t n = strlen(root);
    char *many = malloc(40 * n + 1);
    for (int i = 0; i < 40; i++)
        memcpy(many + (size_t)i * n, root, n);
    many[40 * n] = '\0';
    latch_certlist *list = latch_certlist_new();
    LT_CHECK_INT(latch_certlist_add_pem(list, many, 40 * n), LATCH_ERR_LIMIT);
    LT_CHECK_INT(latch_certlist_count(list), 0);
    LT_CHECK_STR_CONTAINS(latch_certlist_error(list), "too many certificates");
    latch_certlist_free(list);
    /* a leaf and 31, 32 intermediates fit; 33 do not */
    for (size_t count = 1 + LATCH_CERTLIST_MAX_INTERMEDIATES - 1;
         count <= 1 + LATCH_CERTLIST_MAX_INTERMEDIATES + 1; count++) {
        list = latch_certlist_new();
        int fits = count <= 1 + LATCH_CERTLIST_MAX_INTERMEDIATES;
        LT_CHECK_INT(latch_certlist_add_pem(list, many, count * n), fits ? LATCH_OK : LATCH_ERR_LIMIT);
        LT_CHECK_INT(latch_certlist_count(list), fits ? count : 0);
        if (!fits)
            LT_CHECK_STR_CONTAINS(latch_certlist_error(list), "a leaf and at most 32 intermediates");
        latch_certlist_free(list);
    }
    free(many);
    free(root);
    lt_privkey_free(key);
}

static void test_verify_refuses_bad_names_and_empty_lists(void)
{
    lt_privkey *key = NULL;
    char *root = make_root_pem(&key);
    latch_roots *roots = latch_roots_new();
    latch_certlist *list = latch_certlist_new();
    latch_verify_params params = { 0 };
    latch_verify_result result;
    latch_roots_add_pem(roots, root, strlen(root));
    params.time = T0 + 86400;
    LT_CHECK_INT(latch_verify(roots, list, &params, &result), LATCH_ERR_INVALID_ARG);
    latch_certlist_add_pem(list, root, strlen(root));
    params.host = "bad host";
    LT_CHECK_INT(latch_verify(roots, list, &params, &result), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(result.reason, "not a valid host name");
    params.host = NULL;
    params.ip = "300.1.1.1";
    LT_CHECK_INT(latch_verify(roots, list, &params, &result), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(result.reason, "not an IP address");
    /* a root presented as its own leaf, trusted: a CA certificate is never an end entity */
    params.ip = NULL;
    params.host = "a.test";
    LT_CHECK_INT(latch_verify(roots, list, &params, &result), LATCH_ERR_VERIFY);
    LT_CHECK(strcmp(latch_verify_error_name(result.error), "bad-extension") == 0);
    LT_CHECK_STR_CONTAINS(result.reason, "is a CA certificate");
    /* a leaf it issued: the wrong host, then without a name to check the path alone is judged */
    char *leaf = make_leaf_pem(key);
    latch_certlist_free(list);
    list = latch_certlist_new();
    LT_CHECK_INT(latch_certlist_add_pem(list, leaf, strlen(leaf)), LATCH_OK);
    params.host = "b.test";
    LT_CHECK_INT(latch_verify(roots, list, &params, &result), LATCH_ERR_VERIFY);
    LT_CHECK_INT(result.error, LATCH_VERIFY_HOST_MISMATCH);
    LT_CHECK(strcmp(latch_verify_error_name(result.error), "host-mismatch") == 0);
    params.host = NULL;
    LT_CHECK_INT(latch_verify(roots, list, &params, &result), LATCH_OK);
    LT_CHECK_INT(result.path_len, 2);
    LT_CHECK(result.path[1].is_trust_anchor);
    LT_CHECK_STR_CONTAINS(result.path[0].subject, "CN=a.test");
    LT_CHECK_STR_CONTAINS(result.path[1].subject, "CN=Store Root");
    LT_CHECK(strcmp(result.path[0].key, "ECDSA P-256") == 0);
    free(leaf);
    latch_certlist_free(list);
    latch_roots_free(roots);
    free(root);
    lt_privkey_free(key);
}

int main(void)
{
    LT_RUN(test_roots_skip_unparsable_and_dedupe);
    LT_RUN(test_certlist_is_all_or_nothing);
    LT_RUN(test_certlist_is_bounded);
    LT_RUN(test_verify_refuses_bad_names_and_empty_lists);
    return lt_test_summary();
}
