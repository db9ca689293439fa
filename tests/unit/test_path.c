/* Unit tests for src/x509/path.c that need shapes the chain corpus (tests/chains) cannot make
 * with the openssl CLI: certificates are issued in-process with devca/issue.c. Each test
 * names the rule: the search budget bounds a mesh of cross-signed CAs, a cycle ends, and a
 * verified path is reported leaf first. */
#include "lt_party.h"
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "x509/cert.h"
#include "x509/path.h"

#define T0 1767225600LL /* 2026-01-01 */

typedef struct {
    uint8_t *der;
    size_t len;
    lt_cert cert;
} issued;

typedef struct {
    lt_privkey *key;
    uint8_t name[128];
    size_t name_len;
    uint8_t key_id[LT_ISSUE_KEY_ID_LEN];
} party;

static int make_party(const char *cn, party *p)
{
    memset(p, 0, sizeof *p);
    return LT_PARTY_MAKE("path", cn, p);
}

/* subject certified by issuer; CA with the given pathLen (-1: none) or a leaf for "a.test" (a
 * leaf party's CN is "a.test" too: a server certificate's CN is a copy of a SAN). */
static int issue(const party *issuer, const party *subject, int is_ca, int path_len, issued *out)
{
    lt_issue_issuer by = { issuer->key, lt_span_make(issuer->name, issuer->name_len), { 0 } };
    lt_issue_san san = { .type = LT_ISSUE_SAN_DNS };
    lt_issue_params params = { 0 };
    memcpy(by.key_id, issuer->key_id, sizeof by.key_id);
    snprintf(san.text, sizeof san.text, "a.test");
    params.is_ca = is_ca;
    params.path_len = path_len;
    params.subject_key = subject->key;
    params.subject = lt_span_make(subject->name, subject->name_len);
    params.not_before = T0;
    params.not_after = T0 + 365 * 86400LL;
    params.sans = &san;
    params.san_count = is_ca ? 0 : 1;
    if (lt_issue_certificate(&by, &params, &out->der, &out->len) < 0)
        return -1;
    return lt_cert_parse(out->der, out->len, &out->cert, NULL);
}

static lt_path_params params_at(const lt_name_ref *ref)
{
    lt_path_params p = { 0 };
    p.name = ref;
    p.time = T0 + 86400;
    p.purpose = LT_PURPOSE_SERVER;
    p.max_intermediates = 6;
    return p;
}

static void test_valid_path_is_reported_leaf_first(void)
{
    party root, inter, leaf;
    issued root_cert, inter_cert, leaf_cert;
    lt_name_ref ref;
    lt_path_result result;
    LT_CHECK_INT(make_party("Root", &root) | make_party("Inter", &inter) | make_party("a.test", &leaf), 0);
    LT_CHECK_INT(issue(&root, &root, 1, -1, &root_cert), 0);
    LT_CHECK_INT(issue(&root, &inter, 1, 0, &inter_cert), 0);
    LT_CHECK_INT(issue(&inter, &leaf, 0, 0, &leaf_cert), 0);
    LT_CHECK(lt_name_ref_host("a.test", &ref) == 0);
    lt_path_params p = params_at(&ref);
    const lt_cert *inters[] = { &inter_cert.cert }, *anchors[] = { &root_cert.cert };
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, inters, 1, anchors, 1, &p, &result), 0);
    LT_CHECK_INT(result.len, 3);
    LT_CHECK(result.path[0] == &leaf_cert.cert && result.path[1] == &inter_cert.cert &&
             result.path[2] == &root_cert.cert);
    /* the same without the intermediate: no issuer for the leaf */
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, NULL, 0, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_UNKNOWN_ISSUER);
    LT_CHECK_STR_CONTAINS(result.reason, "issuer 'Inter' of 'a.test' not found");
    free(root_cert.der); free(inter_cert.der); free(leaf_cert.der);
    lt_privkey_free(root.key); lt_privkey_free(inter.key); lt_privkey_free(leaf.key);
}

static void test_cycle_between_two_cas_ends(void)
{
    /* A and B certify each other; nothing leads to a trusted root */
    party a, b, leaf, root;
    issued a_by_b, b_by_a, leaf_cert, root_cert;
    lt_name_ref ref;
    lt_path_result result;
    LT_CHECK_INT(make_party("A", &a) | make_party("B", &b) | make_party("a.test", &leaf) |
                 make_party("Root", &root), 0);
    LT_CHECK_INT(issue(&b, &a, 1, -1, &a_by_b) | issue(&a, &b, 1, -1, &b_by_a) |
                 issue(&a, &leaf, 0, 0, &leaf_cert) | issue(&root, &root, 1, -1, &root_cert), 0);
    LT_CHECK(lt_name_ref_host("a.test", &ref) == 0);
    lt_path_params p = params_at(&ref);
    const lt_cert *inters[] = { &a_by_b.cert, &b_by_a.cert }, *anchors[] = { &root_cert.cert };
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, inters, 2, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_UNKNOWN_ISSUER);
    free(a_by_b.der); free(b_by_a.der); free(leaf_cert.der); free(root_cert.der);
    lt_privkey_free(a.key); lt_privkey_free(b.key); lt_privkey_free(leaf.key); lt_privkey_free(root.key);
}

/* Two CAs with one name (two development CAs: latch certs gave every CA the same name) and other
 * keys: a leaf of one, against the other as the only root, has no issuer (its authorityKeyIdentifier
 * is not that root's subjectKeyIdentifier), rather than a bad signature; the right root verifies. */
static void test_same_name_other_key_is_unknown_issuer(void)
{
    party mine, theirs, leaf;
    issued mine_cert, theirs_cert, leaf_cert;
    lt_name_ref ref;
    lt_path_result result;
    LT_CHECK_INT(make_party("Dev CA", &mine) | make_party("Dev CA", &theirs) | make_party("a.test", &leaf), 0);
    LT_CHECK_INT(issue(&mine, &mine, 1, -1, &mine_cert) | issue(&theirs, &theirs, 1, -1, &theirs_cert) |
                 issue(&mine, &leaf, 0, 0, &leaf_cert), 0);
    LT_CHECK(lt_name_ref_host("a.test", &ref) == 0);
    lt_path_params p = params_at(&ref);
    const lt_cert *other[] = { &theirs_cert.cert }, *right[] = { &mine_cert.cert };
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, NULL, 0, other, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_UNKNOWN_ISSUER);
    LT_CHECK_STR_CONTAINS(result.reason, "issuer 'Dev CA' of 'a.test' not found");
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, NULL, 0, right, 1, &p, &result), 0);
    /* both as roots: the one that issued it is found, whichever comes first */
    const lt_cert *both[] = { &theirs_cert.cert, &mine_cert.cert };
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, NULL, 0, both, 2, &p, &result), 0);
    free(mine_cert.der); free(theirs_cert.der); free(leaf_cert.der);
    lt_privkey_free(mine.key); lt_privkey_free(theirs.key); lt_privkey_free(leaf.key);
}

#define MESH 5

static void test_search_budget_bounds_a_cross_signed_mesh(void)
{
    /* MESH keys under one name, every key certified by every key: without a budget the search
     * would walk MESH^6 paths. It must give up with LT_VERIFY_LIMIT instead. */
    party mesh[MESH], leaf, root;
    issued cross[MESH * MESH], leaf_cert, root_cert;
    const lt_cert *inters[MESH * MESH], *anchors[1];
    lt_name_ref ref;
    lt_path_result result;
    int rc = make_party("Root", &root) | make_party("a.test", &leaf);
    for (int i = 0; i < MESH; i++)
        rc |= make_party("Mesh", &mesh[i]);
    for (int i = 0; i < MESH; i++)
        for (int j = 0; j < MESH; j++) {
            rc |= issue(&mesh[j], &mesh[i], 1, -1, &cross[i * MESH + j]);
            inters[i * MESH + j] = &cross[i * MESH + j].cert;
        }
    rc |= issue(&mesh[0], &leaf, 0, 0, &leaf_cert) | issue(&root, &root, 1, -1, &root_cert);
    LT_CHECK_INT(rc, 0);
    anchors[0] = &root_cert.cert;
    LT_CHECK(lt_name_ref_host("a.test", &ref) == 0);
    lt_path_params p = params_at(&ref);
    LT_CHECK_INT(lt_path_verify(&leaf_cert.cert, inters, MESH * MESH, anchors, 1, &p, &result),
                 LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_LIMIT);
    LT_CHECK_STR_CONTAINS(result.reason, "gave up");
    for (int i = 0; i < MESH * MESH; i++)
        free(cross[i].der);
    for (int i = 0; i < MESH; i++)
        lt_privkey_free(mesh[i].key);
    free(leaf_cert.der); free(root_cert.der);
    lt_privkey_free(leaf.key); lt_privkey_free(root.key);
}

int main(void)
{
    LT_RUN(test_valid_path_is_reported_leaf_first);
    LT_RUN(test_cycle_between_two_cas_ends);
    LT_RUN(test_same_name_other_key_is_unknown_issuer);
    LT_RUN(test_search_budget_bounds_a_cross_signed_mesh);
    return lt_test_summary();
}
