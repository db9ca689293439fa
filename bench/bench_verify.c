/* How long path validation can take on the worst input latch accepts (docs/verification.md):
 *   - the search budget: a leaf and 32 intermediates (the input cap), all of one name and no
 *     key identifiers, each certified by another's key, so every certificate is a candidate issuer
 *     of every other and the search runs until its budget of signature checks ends it (`limit`);
 *   - the same mesh with RSA-8192 keys (the largest latch accepts) for the dearest signatures;
 *   - the name-constraints budget: a CA with 500 permitted dNSName subtrees over a leaf with 499
 *     SANs of 200 characters, just under the 250,000 comparisons a path may make.
 * Certificates are made here with libcrypto's X.509 API (a benchmark may; the library may not).
 * Prints the median of RUNS runs of latch_verify() for each, and its verdict.
 *   bench_verify [--quick]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "latch.h"

#define MESH 33 /* a leaf and LATCH_CERTLIST_MAX_INTERMEDIATES */
#define NC_SUBTREES 500
#define NC_SANS 499

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static EVP_PKEY *make_key(int rsa_bits)
{
    return rsa_bits ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)rsa_bits)
                    : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (ext == NULL || !X509_add_ext(cert, ext, -1)) {
        fprintf(stderr, "bench_verify: cannot add extension %s\n", value);
        exit(1);
    }
    X509_EXTENSION_free(ext);
}

/* A certificate for subject_key named cn, signed by issuer_key under issuer_cn; ca or leaf. */
static X509 *make_cert(const char *cn, EVP_PKEY *subject_key, const char *issuer_cn, EVP_PKEY *issuer_key,
                       int ca, int serial)
{
    X509 *c = X509_new();
    X509_set_version(c, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
    X509_gmtime_adj(X509_getm_notBefore(c), -3600);
    X509_gmtime_adj(X509_getm_notAfter(c), 86400L * 30);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_NAME_add_entry_by_txt(X509_get_issuer_name(c), "CN", MBSTRING_ASC, (const unsigned char *)issuer_cn, -1, -1, 0);
    X509_set_pubkey(c, subject_key);
    add_ext(c, NULL, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    /* one key identifier for every key: issuers cannot be told apart by it, only by signatures */
    if (ca)
        add_ext(c, NULL, NID_subject_key_identifier, "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14");
    if (strcmp(cn, issuer_cn) != 0 || ca)
        add_ext(c, NULL, NID_authority_key_identifier,
                "DER:30:16:80:14:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14");
    add_ext(c, NULL, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    if (!ca) {
        add_ext(c, NULL, NID_ext_key_usage, "serverAuth");
        if (cn[0] != '\0') {
            char san[300];
            snprintf(san, sizeof san, "DNS:%s", cn);
            add_ext(c, NULL, NID_subject_alt_name, san);
        }
    }
    X509_sign(c, issuer_key, EVP_sha256());
    return c;
}

static char *pem_of(X509 *c)
{
    BIO *b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, c);
    char *data;
    long len = BIO_get_mem_data(b, &data);
    char *out = malloc((size_t)len + 1);
    memcpy(out, data, (size_t)len);
    out[len] = '\0';
    BIO_free(b);
    return out;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs latch_verify runs times; prints the median and the verdict. */
static void measure(const char *what, latch_roots *roots, latch_certlist *list, const char *host, int runs)
{
    double t[64];
    latch_verify_params params = { 0 };
    latch_verify_result result;
    params.host = host;
    params.max_intermediates = 64; /* as many as the path allows: the budget is what is measured */
    latch_status st = LATCH_OK;
    for (int i = 0; i < runs; i++) {
        double t0 = now_s();
        st = latch_verify(roots, list, &params, &result);
        t[i] = now_s() - t0;
    }
    qsort(t, (size_t)runs, sizeof t[0], cmp_double);
    printf("%-62s %9.2f ms  %s\n", what, t[runs / 2] * 1000.0,
           st == LATCH_OK ? "valid" : latch_verify_error_name(result.error));
    if (st != LATCH_OK && getenv("BENCH_VERBOSE") != NULL)
        printf("  (%s)\n", result.reason);
}

/* MESH certificates under one name, certificate i signed by key i+1 (the last by key 1), none
 * with key identifiers: every one is a candidate issuer of every other. The root has its own. */
static void bench_mesh(int rsa_bits, int runs)
{
    EVP_PKEY *keys[MESH + 1];
    int n_keys = rsa_bits ? 2 : MESH + 1; /* RSA-8192 keys take long to make: two, alternating */
    for (int i = 0; i < n_keys; i++)
        keys[i] = make_key(rsa_bits);
    for (int i = n_keys; i <= MESH; i++)
        keys[i] = keys[i % n_keys];
    latch_certlist *list = latch_certlist_new();
    X509 *leaf = make_cert("mesh.test", keys[0], "Mesh", keys[1], 0, 1);
    char *pem = pem_of(leaf);
    latch_certlist_add_pem(list, pem, strlen(pem));
    free(pem);
    X509_free(leaf);
    for (int i = 1; i < MESH; i++) {
        X509 *c = make_cert("Mesh", keys[i], "Mesh", keys[i % (MESH - 1) + 1], 1, i + 1);
        pem = pem_of(c);
        latch_certlist_add_pem(list, pem, strlen(pem));
        free(pem);
        X509_free(c);
    }
    EVP_PKEY *root_key = make_key(0);
    X509 *root = make_cert("Mesh Root", root_key, "Mesh Root", root_key, 1, 1000);
    latch_roots *roots = latch_roots_new();
    pem = pem_of(root);
    latch_roots_add_pem(roots, pem, strlen(pem));
    free(pem);
    X509_free(root);
    char what[96];
    snprintf(what, sizeof what, "search budget: %d certificates of one name, %s", MESH,
             rsa_bits ? "RSA-8192 signatures" : "ECDSA P-256");
    measure(what, roots, list, "mesh.test", runs);
    latch_roots_free(roots);
    latch_certlist_free(list);
    for (int i = 0; i < n_keys; i++)
        EVP_PKEY_free(keys[i]);
    EVP_PKEY_free(root_key);
}

static void bench_name_constraints(int runs)
{
    EVP_PKEY *root_key = make_key(0), *ca_key = make_key(0), *leaf_key = make_key(0);
    static char spec[NC_SUBTREES * 64 + 64], sans[NC_SANS * 216 + 64];
    size_t used = (size_t)snprintf(spec, sizeof spec, "critical,");
    for (int i = 0; i < NC_SUBTREES; i++)
        used += (size_t)snprintf(spec + used, sizeof spec - used, "%spermitted;DNS:.zone%d.example.test",
                                 i ? "," : "", i);
    /* two labels of 60 characters, then the name's own: about 180 characters a name */
    const char *label = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    used = 0;
    for (int i = 0; i < NC_SANS; i++) /* each name is in the last zone: every subtree is tried */
        used += (size_t)snprintf(sans + used, sizeof sans - used, "%sDNS:%s.%s.n%d.zone%d.example.test",
                                 i ? "," : "", label, label, i, NC_SUBTREES - 1);
    X509 *root = make_cert("NC Root", root_key, "NC Root", root_key, 1, 1);
    X509 *ca = make_cert("NC CA", ca_key, "NC Root", root_key, 1, 2);
    add_ext(ca, root, NID_name_constraints, spec);
    X509_sign(ca, root_key, EVP_sha256());
    X509 *leaf = make_cert("", leaf_key, "NC CA", ca_key, 0, 3);
    X509_NAME_delete_entry(X509_get_subject_name(leaf), 0);
    static char critical_sans[sizeof sans + 16];
    snprintf(critical_sans, sizeof critical_sans, "critical,%s", sans); /* empty subject: critical SAN */
    add_ext(leaf, ca, NID_subject_alt_name, critical_sans);
    X509_sign(leaf, ca_key, EVP_sha256());
    latch_roots *roots = latch_roots_new();
    latch_certlist *list = latch_certlist_new();
    char *pem = pem_of(root);
    latch_roots_add_pem(roots, pem, strlen(pem));
    free(pem);
    pem = pem_of(leaf);
    latch_certlist_add_pem(list, pem, strlen(pem));
    free(pem);
    pem = pem_of(ca);
    latch_certlist_add_pem(list, pem, strlen(pem));
    free(pem);
    char host[256];
    snprintf(host, sizeof host, "%s.%s.n0.zone%d.example.test", label, label, NC_SUBTREES - 1);
    measure("name constraints: 500 subtrees x 499 SANs of 180 characters", roots, list, host, runs);
    latch_roots_free(roots);
    latch_certlist_free(list);
    X509_free(root);
    X509_free(ca);
    X509_free(leaf);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(leaf_key);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    int runs = quick ? 3 : 15;
    printf("latch_verify() on the worst inputs it accepts (median of %d runs)\n", runs);
    bench_mesh(0, runs);
    bench_name_constraints(runs);
    if (!quick)
        bench_mesh(8192, 5);
    return 0;
}
