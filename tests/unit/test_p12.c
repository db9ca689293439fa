/* Unit tests for devca/p12.c: a PKCS#12 bundle built in memory is read back by libcrypto's own
 * PKCS#12 code as a second opinion (RFC 7292): the MAC verifies with the right password and not
 * with a wrong one, the key, the leaf and the CA come back equal to what went in, the leaf
 * carries the friendly name and localKeyId, the algorithms are PBES2/AES-256-CBC and
 * HMAC-SHA256 with 2048 iterations, and the DER is what libcrypto would encode itself. */
#include "lt_test.h"

#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "base/err.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/p12.h"

typedef struct {
    lt_privkey *ca_key, *leaf_key;
    uint8_t *ca_der, *leaf_der;
    size_t ca_len, leaf_len;
} test_chain;

/* A CA and a leaf it signed, both of key type type. */
static int make_chain(lt_key_type type, test_chain *chain)
{
    uint8_t name[256], *spki = NULL;
    size_t spki_len = 0;
    memset(chain, 0, sizeof *chain);
    if (lt_privkey_generate(type, 2048, &chain->ca_key) < 0 ||
        lt_privkey_generate(type, 2048, &chain->leaf_key) < 0 ||
        lt_privkey_spki(chain->ca_key, &spki, &spki_len) < 0)
        return -1;
    lt_writer w = lt_writer_init(name, sizeof name);
    lt_issue_write_name(&w, "latch test CA", NULL, "latch test CA");
    lt_issue_issuer issuer = { chain->ca_key, lt_span_make(name, w.len), { 0 } };
    int rc = lt_issue_key_id(spki, spki_len, issuer.key_id);
    free(spki);
    lt_issue_params params = { 0 };
    params.is_ca = 1;
    params.subject_key = chain->ca_key;
    params.subject = issuer.subject;
    params.not_before = 1767225600; /* 2026-01-01 */
    params.not_after = 1767225600 + 3650 * 86400LL;
    if (rc == 0 && !w.err)
        rc = lt_issue_certificate(&issuer, &params, &chain->ca_der, &chain->ca_len);
    lt_issue_san san;
    char msg[128];
    if (rc == 0)
        rc = lt_issue_parse_name("localhost", &san, msg, sizeof msg);
    params.is_ca = 0;
    params.subject_key = chain->leaf_key;
    params.sans = &san;
    params.san_count = 1;
    if (rc == 0)
        rc = lt_issue_certificate(&issuer, &params, &chain->leaf_der, &chain->leaf_len);
    return rc;
}

static void free_chain(test_chain *chain)
{
    free(chain->ca_der);
    free(chain->leaf_der);
    lt_privkey_free(chain->ca_key);
    lt_privkey_free(chain->leaf_key);
}

static int build(const test_chain *chain, const char *name, const char *password, uint8_t **der,
                 size_t *der_len)
{
    lt_p12_input in = { lt_span_make(chain->leaf_der, chain->leaf_len),
                        lt_span_make(chain->ca_der, chain->ca_len), chain->leaf_key, name,
                        password };
    return lt_p12_build(&in, der, der_len);
}

static int cert_der_is(X509 *cert, const uint8_t *der, size_t len)
{
    unsigned char *encoded = NULL;
    int n = cert != NULL ? i2d_X509(cert, &encoded) : 0;
    int same = n > 0 && (size_t)n == len && memcmp(encoded, der, len) == 0;
    OPENSSL_free(encoded);
    return same;
}

static long find_in(const uint8_t *hay, size_t hay_len, const uint8_t *needle, size_t n)
{
    for (size_t i = 0; n > 0 && i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return (long)i;
    return -1;
}

/* Everything a reader needs, checked through libcrypto, for one key type and one name. */
static void check_bundle(lt_key_type type, const char *name, const char *password)
{
    test_chain chain;
    uint8_t *der = NULL;
    size_t der_len = 0;
    LT_CHECK_INT(make_chain(type, &chain), 0);
    LT_CHECK_INT(build(&chain, name, password, &der, &der_len), 0);
    if (der == NULL) {
        free_chain(&chain);
        return;
    }
    const unsigned char *at = der;
    PKCS12 *p12 = d2i_PKCS12(NULL, &at, (long)der_len);
    LT_CHECK(p12 != NULL);
    LT_CHECK(at == der + der_len);
    if (p12 == NULL)
        goto out;
    /* DER: libcrypto encodes the outer structure back to the same bytes */
    unsigned char *again = NULL;
    int again_len = i2d_PKCS12(p12, &again);
    LT_CHECK(again_len > 0 && (size_t)again_len == der_len && memcmp(again, der, der_len) == 0);
    OPENSSL_free(again);

    LT_CHECK_INT(PKCS12_verify_mac(p12, password, -1), 1);
    LT_CHECK_INT(PKCS12_verify_mac(p12, "changeiT", -1), 0);
    const ASN1_OCTET_STRING *mac = NULL, *salt = NULL;
    const X509_ALGOR *mac_alg = NULL;
    const ASN1_INTEGER *iterations = NULL;
    const ASN1_OBJECT *mac_oid = NULL;
    PKCS12_get0_mac(&mac, &mac_alg, &salt, &iterations, p12);
    X509_ALGOR_get0(&mac_oid, NULL, NULL, mac_alg);
    LT_CHECK_INT(OBJ_obj2nid(mac_oid), NID_sha256);
    LT_CHECK_INT(ASN1_STRING_length(mac), 32);
    LT_CHECK_INT(ASN1_STRING_length(salt), LT_P12_SALT_LEN);
    LT_CHECK_INT(ASN1_INTEGER_get(iterations), LT_P12_ITERATIONS);

    /* both bags under PBES2: PBKDF2 with hmacWithSHA256 and 2048 iterations, AES-256-CBC */
    static const uint8_t prf[] = { 0x02, 0x02, 0x08, 0x00, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86,
                                   0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09, 0x05, 0x00 };
    static const uint8_t aes[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01,
                                   0x2a, 0x04, 0x10 };
    long first_prf = find_in(der, der_len, prf, sizeof prf);
    LT_CHECK(first_prf > 0);
    LT_CHECK(first_prf > 0 && find_in(der + first_prf + 1, der_len - (size_t)first_prf - 1, prf, sizeof prf) > 0);
    long first_aes = find_in(der, der_len, aes, sizeof aes);
    LT_CHECK(first_aes > 0 && find_in(der + first_aes + 1, der_len - (size_t)first_aes - 1, aes, sizeof aes) > 0);

    /* the key's SafeBag, decoded and encoded again by libcrypto, is byte for byte ours: its
     * attributes are a DER SET OF, sorted */
    STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
    LT_CHECK(safes != NULL && sk_PKCS7_num(safes) == 2);
    if (safes != NULL && sk_PKCS7_num(safes) == 2) {
        LT_CHECK_INT(OBJ_obj2nid(sk_PKCS7_value(safes, 0)->type), NID_pkcs7_encrypted);
        LT_CHECK_INT(OBJ_obj2nid(sk_PKCS7_value(safes, 1)->type), NID_pkcs7_data);
        STACK_OF(PKCS12_SAFEBAG) *bags = PKCS12_unpack_p7data(sk_PKCS7_value(safes, 1));
        LT_CHECK(bags != NULL && sk_PKCS12_SAFEBAG_num(bags) == 1);
        if (bags != NULL && sk_PKCS12_SAFEBAG_num(bags) == 1) {
            PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, 0);
            LT_CHECK_INT(PKCS12_SAFEBAG_get_nid(bag), NID_pkcs8ShroudedKeyBag);
            unsigned char *bag_der = NULL;
            int bag_len = i2d_PKCS12_SAFEBAG(bag, &bag_der);
            LT_CHECK(bag_len > 0 && find_in(der, der_len, bag_der, (size_t)bag_len) > 0);
            OPENSSL_free(bag_der);
        }
        sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
    sk_PKCS7_pop_free(safes, PKCS7_free);

    EVP_PKEY *pkey = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *extra = NULL;
    LT_CHECK_INT(PKCS12_parse(p12, password, &pkey, &cert, &extra), 1);
    /* the key: equal to the leaf's (libcrypto reads our PKCS#8 DER back) */
    uint8_t *key_der = NULL;
    size_t key_len = 0;
    LT_CHECK_INT(lt_privkey_to_der(chain.leaf_key, &key_der, &key_len), 0);
    const unsigned char *key_at = key_der;
    EVP_PKEY *ours = key_der != NULL ? d2i_AutoPrivateKey(NULL, &key_at, (long)key_len) : NULL;
    LT_CHECK(pkey != NULL && ours != NULL && EVP_PKEY_eq(pkey, ours) == 1);
    EVP_PKEY_free(ours);
    free(key_der);
    LT_CHECK(cert_der_is(cert, chain.leaf_der, chain.leaf_len));
    LT_CHECK(extra != NULL && sk_X509_num(extra) == 1);
    if (extra != NULL && sk_X509_num(extra) == 1)
        LT_CHECK(cert_der_is(sk_X509_value(extra, 0), chain.ca_der, chain.ca_len));
    int alias_len = 0, key_id_len = 0;
    const unsigned char *alias = cert != NULL ? X509_alias_get0(cert, &alias_len) : NULL;
    LT_CHECK(alias != NULL && (size_t)alias_len == strlen(name) && memcmp(alias, name, strlen(name)) == 0);
    const unsigned char *key_id = cert != NULL ? X509_keyid_get0(cert, &key_id_len) : NULL;
    uint8_t sha1[20];
    LT_CHECK_INT(lt_hash(LT_HASH_SHA1, chain.leaf_der, chain.leaf_len, sha1), 0);
    LT_CHECK(key_id != NULL && key_id_len == 20 && memcmp(key_id, sha1, 20) == 0);
    EVP_PKEY_free(pkey);
    X509_free(cert);
    sk_X509_pop_free(extra, X509_free);
    PKCS12_free(p12);
out:
    free(der);
    free_chain(&chain);
}

static void test_ecdsa_bundle_reads_back_in_libcrypto(void)
{
    check_bundle(LT_KEY_EC_P256, "localhost", "changeit");
}

static void test_rsa_bundle_reads_back_in_libcrypto(void)
{
    check_bundle(LT_KEY_RSA, "localhost", "changeit");
}

/* A name longer than the localKeyId attribute sorts after it in the SET OF: the other order. */
static void test_long_friendly_name_and_utf8_password(void)
{
    check_bundle(LT_KEY_EC_P256,
                 "a-rather-long-development-host-name-for-sorting.example.test", "p\xc3\xa4sswort");
}

static void test_bad_passwords_and_names_are_refused(void)
{
    test_chain chain;
    uint8_t *der = NULL;
    size_t der_len = 0;
    LT_CHECK_INT(make_chain(LT_KEY_EC_P256, &chain), 0);
    LT_CHECK_INT(build(&chain, "localhost", "", &der, &der_len), LT_ERR_INVALID_ARG);
    /* U+1F511 is past the BMP; a lone continuation byte and an overlong '/' are not UTF-8 */
    LT_CHECK_INT(build(&chain, "localhost", "key\xf0\x9f\x94\x91", &der, &der_len), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(build(&chain, "localhost", "a\x80", &der, &der_len), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(build(&chain, "\xc0\xaf", "changeit", &der, &der_len), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(build(&chain, "", "changeit", &der, &der_len), LT_ERR_INVALID_ARG);
    LT_CHECK(der == NULL);
    free_chain(&chain);
}

int main(void)
{
    LT_RUN(test_ecdsa_bundle_reads_back_in_libcrypto);
    LT_RUN(test_rsa_bundle_reads_back_in_libcrypto);
    LT_RUN(test_long_friendly_name_and_utf8_password);
    LT_RUN(test_bad_passwords_and_names_are_refused);
    return lt_test_summary();
}
