/* Unit tests for devca/issue.c and devca/pem_write.c: name rules (RFC 1123 §2.1 LDH labels,
 * wildcards, IP literals), the certificates issued (signature, serial, DER of keyUsage, key
 * identifiers), and PEM text (RFC 7468 / RFC 4648). */
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/pem_write.h"
#include "x509/cert.h"
#include "x509/derw.h"
#include "x509/pem.h"

static int name_ok(const char *name, lt_issue_san *san)
{
    char msg[256];
    return lt_issue_parse_name(name, san, msg, sizeof msg) == 0;
}

static void test_names_accept_ldh_wildcards_and_ips(void)
{
    lt_issue_san san;
    LT_CHECK(name_ok("LocalHost", &san));
    LT_CHECK_INT(san.type, LT_ISSUE_SAN_DNS);
    LT_CHECK(strcmp(san.text, "localhost") == 0);
    LT_CHECK(name_ok("*.Example.test", &san));
    LT_CHECK(strcmp(san.text, "*.example.test") == 0);
    LT_CHECK(name_ok("a-b.c0", &san));
    LT_CHECK(name_ok("127.0.0.1", &san));
    LT_CHECK_INT(san.type, LT_ISSUE_SAN_IP);
    LT_CHECK_INT(san.ip_len, 4);
    LT_CHECK_MEM(san.ip, "\x7f\x00\x00\x01", 4);
    LT_CHECK(name_ok("::1", &san));
    LT_CHECK_INT(san.ip_len, 16);
    LT_CHECK_MEM(san.ip, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
    /* the text (the leaf's CN) is canonical: RFC 5952 for IPv6 */
    LT_CHECK(name_ok("2001:DB8:0:0::0:1", &san));
    LT_CHECK(strcmp(san.text, "2001:db8::1") == 0);
}

static void test_names_reject_non_ldh_and_bad_wildcards(void)
{
    static const char *const bad[] = {
        "", "a..b", ".a", "a.", "-a.test", "a-.test", "a_b.test", "a b", "*", "*.", "a.*.test",
        "*a.test", "**.test", "*.test", "*.com", "1::2::3", "caf\xc3\xa9.test",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test", /* 64 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_issue_san san;
        char msg[256] = "";
        int rc = lt_issue_parse_name(bad[i], &san, msg, sizeof msg);
        if (rc != LT_ERR_INVALID_ARG)
            fprintf(stderr, "  accepted '%s'\n", bad[i]);
        LT_CHECK_INT(rc, LT_ERR_INVALID_ARG);
        LT_CHECK_STR_CONTAINS(msg, "is not a valid host name or IP address");
    }
}

/* Finds needle in hay; returns its offset or -1. */
static long find_bytes(const uint8_t *hay, size_t hay_len, const char *needle_hex)
{
    unsigned char needle[64];
    int n = lt_test_unhex(needle_hex, needle, sizeof needle);
    for (size_t i = 0; n > 0 && i + (size_t)n <= hay_len; i++)
        if (memcmp(hay + i, needle, (size_t)n) == 0)
            return (long)i;
    return -1;
}

typedef struct {
    lt_privkey *key;
    uint8_t name[256];
    size_t name_len;
    lt_issue_issuer issuer;
    uint8_t *der;
    size_t der_len;
} test_ca;

static int make_test_ca(lt_key_type type, test_ca *ca)
{
    memset(ca, 0, sizeof *ca);
    if (lt_privkey_generate(type, 2048, &ca->key) < 0)
        return -1;
    lt_writer w = lt_writer_init(ca->name, sizeof ca->name);
    lt_issue_write_name(&w, "latch development CA", "test@host", "latch development CA");
    if (w.err)
        return -1;
    ca->name_len = w.len;
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    if (lt_privkey_spki(ca->key, &spki, &spki_len) < 0)
        return -1;
    ca->issuer.key = ca->key;
    ca->issuer.subject = lt_span_make(ca->name, ca->name_len);
    int rc = lt_issue_key_id(spki, spki_len, ca->issuer.key_id);
    free(spki);
    if (rc < 0)
        return -1;
    lt_issue_params params = { 0 };
    params.is_ca = 1;
    params.subject_key = ca->key;
    params.subject = ca->issuer.subject;
    params.not_before = 1767225600;             /* 2026-01-01 */
    params.not_after = 1767225600 + 3650 * 86400LL;
    return lt_issue_certificate(&ca->issuer, &params, &ca->der, &ca->der_len);
}

static void free_test_ca(test_ca *ca)
{
    free(ca->der);
    lt_privkey_free(ca->key);
}

/* The signature of cert (its last BIT STRING) verifies over its TBSCertificate with key. */
static int signature_verifies(const uint8_t *cert, size_t len, const lt_privkey *key,
                              lt_sig_alg alg)
{
    /* cert = 30 len tbs sigalg bitstring; our certificates have 2- or 3-byte length headers */
    size_t at = cert[1] == 0x82 ? 4 : 3;
    size_t tbs_len = cert[at + 1] == 0x82 ? (size_t)(cert[at + 2] << 8 | cert[at + 3]) + 4
                                          : (size_t)cert[at + 2] + 3;
    const uint8_t *tbs = cert + at;
    const uint8_t *rest = tbs + tbs_len;
    size_t alg_len = (size_t)rest[1] + 2;
    const uint8_t *bits = rest + alg_len;
    size_t bits_hdr = bits[1] == 0x82 ? 4 : bits[1] == 0x81 ? 3 : 2;
    const uint8_t *sig = bits + bits_hdr + 1;
    size_t sig_len = (size_t)(cert + len - sig);
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    lt_pubkey *pub = NULL;
    int rc = lt_privkey_spki(key, &spki, &spki_len);
    if (rc == 0)
        rc = lt_pubkey_from_spki(spki, spki_len, &pub);
    if (rc == 0)
        rc = lt_pubkey_verify(pub, alg, tbs, tbs_len, sig, sig_len);
    lt_pubkey_free(pub);
    free(spki);
    return rc == 0;
}

static void test_self_signed_ca_verifies_and_reads_back(void)
{
    test_ca ca;
    LT_CHECK_INT(make_test_ca(LT_KEY_EC_P256, &ca), 0);
    if (ca.der == NULL)
        return;
    LT_CHECK(signature_verifies(ca.der, ca.der_len, ca.key, LT_SIG_ECDSA_SHA256));
    /* basicConstraints critical CA:TRUE pathLen 0; keyUsage 0x86 with one unused bit */
    LT_CHECK(find_bytes(ca.der, ca.der_len, "0603551d13 0101ff 0408 3006 0101ff 020100") > 0);
    LT_CHECK(find_bytes(ca.der, ca.der_len, "0603551d0f 0101ff 0404 03020186") > 0);
    /* ecdsa-with-SHA256 with no parameters */
    LT_CHECK(find_bytes(ca.der, ca.der_len, "300a 06082a8648ce3d040302") > 0);
    /* serial: INTEGER of 16 bytes, positive, first byte non-zero */
    long serial_at = find_bytes(ca.der, ca.der_len, "a003020102 0210");
    LT_CHECK(serial_at > 0);
    if (serial_at > 0) {
        uint8_t first = ca.der[serial_at + 7];
        LT_CHECK(first != 0 && (first & 0x80) == 0);
    }
    /* latch's own strict parser reads back what latch issues */
    lt_cert parsed;
    LT_CHECK_INT(lt_cert_parse(ca.der, ca.der_len, &parsed, NULL), 0);
    LT_CHECK_INT(parsed.subject.len, ca.name_len);
    LT_CHECK_MEM(parsed.subject.p, ca.name, ca.name_len);
    LT_CHECK(lt_span_eq(parsed.subject, parsed.issuer));
    LT_CHECK(parsed.is_ca && parsed.path_len == 0);
    LT_CHECK_INT(parsed.key_usage & LT_KU_KEY_CERT_SIGN, LT_KU_KEY_CERT_SIGN);
    uint8_t key_id[LT_ISSUE_KEY_ID_LEN];
    LT_CHECK_INT(lt_issue_key_id(parsed.spki.p, parsed.spki.len, key_id), 0);
    LT_CHECK_INT(parsed.subject_key_id.len, LT_ISSUE_KEY_ID_LEN);
    LT_CHECK_MEM(parsed.subject_key_id.p, key_id, sizeof key_id);
    LT_CHECK_MEM(key_id, ca.issuer.key_id, sizeof key_id);
    /* the SKI extension carries the same identifier */
    LT_CHECK(find_bytes(ca.der, ca.der_len, "0603551d0e 0416 0414") > 0);
    LT_CHECK_INT(lt_cert_parse(ca.der, ca.der_len - 1, &parsed, NULL), LT_ERR_DECODE);
    free_test_ca(&ca);
}

static void test_rsa_ca_signs_leaf_with_sha256_rsa_and_aki(void)
{
    test_ca ca;
    LT_CHECK_INT(make_test_ca(LT_KEY_RSA, &ca), 0);
    lt_privkey *leaf_key = NULL;
    LT_CHECK_INT(lt_privkey_generate(LT_KEY_RSA, 2048, &leaf_key), 0);
    if (ca.der == NULL || leaf_key == NULL)
        goto out;
    lt_issue_san sans[2];
    LT_CHECK(name_ok("example.test", &sans[0]));
    LT_CHECK(name_ok("10.0.0.1", &sans[1]));
    uint8_t name[256];
    lt_writer w = lt_writer_init(name, sizeof name);
    lt_issue_write_name(&w, "latch development certificate", "t@h", "example.test");
    lt_issue_params params = { 0 };
    params.client = 1;
    params.subject_key = leaf_key;
    params.subject = lt_span_make(name, w.len);
    params.not_before = 1767225600;
    params.not_after = 1767225600 + 825 * 86400LL;
    params.sans = sans;
    params.san_count = 2;
    uint8_t *der = NULL;
    size_t der_len = 0;
    LT_CHECK_INT(lt_issue_certificate(&ca.issuer, &params, &der, &der_len), 0);
    if (der == NULL)
        goto out;
    LT_CHECK(signature_verifies(der, der_len, ca.key, LT_SIG_RSA_PKCS1_SHA256));
    /* sha256WithRSAEncryption with NULL parameters */
    LT_CHECK(find_bytes(der, der_len, "300d 06092a864886f70d01010b 0500") > 0);
    /* CA:FALSE is the empty SEQUENCE; keyUsage digitalSignature|keyEncipherment (5 unused) */
    LT_CHECK(find_bytes(der, der_len, "0603551d13 0101ff 0402 3000") > 0);
    LT_CHECK(find_bytes(der, der_len, "0603551d0f 0101ff 0404 030205a0") > 0);
    /* extKeyUsage serverAuth, clientAuth */
    LT_CHECK(find_bytes(der, der_len, "0603551d25 0416 3014 06082b06010505070301 "
                                      "06082b06010505070302") > 0);
    /* SAN: dNSName example.test, iPAddress 10.0.0.1 */
    LT_CHECK(find_bytes(der, der_len, "0603551d11 0416 3014 820c6578616d706c652e74657374 "
                                      "87040a000001") > 0);
    /* AKI keyIdentifier = the CA's key id */
    long aki_at = find_bytes(der, der_len, "0603551d23 0418 3016 8014");
    LT_CHECK(aki_at > 0);
    if (aki_at > 0)
        LT_CHECK_MEM(der + aki_at + 11, ca.issuer.key_id, LT_ISSUE_KEY_ID_LEN);
    /* validity: UTCTime 2026-01-01 00:00:00 */
    LT_CHECK(find_bytes(der, der_len, "170d 3236303130313030303030305a") > 0);
    free(der);

    params.san_count = 0;
    LT_CHECK_INT(lt_issue_certificate(&ca.issuer, &params, &der, &der_len), LT_ERR_INVALID_ARG);
out:
    lt_privkey_free(leaf_key);
    free_test_ca(&ca);
}

static void test_sig_alg_follows_issuer_key(void)
{
    LT_CHECK_INT(lt_issue_sig_alg(LT_KEY_EC_P256), LT_SIG_ECDSA_SHA256);
    LT_CHECK_INT(lt_issue_sig_alg(LT_KEY_EC_P384), LT_SIG_ECDSA_SHA384);
    LT_CHECK_INT(lt_issue_sig_alg(LT_KEY_RSA), LT_SIG_RSA_PKCS1_SHA256);
    LT_CHECK_INT(lt_issue_sig_alg(LT_KEY_ED25519), LT_SIG_NONE);
}

/* RFC 4648 §10 test vectors, inside PEM armour. */
static void test_pem_write_base64_vectors(void)
{
    static const char *const inputs[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
    static const char *const outputs[] = { "", "Zg==\n", "Zm8=\n", "Zm9v\n", "Zm9vYg==\n",
                                           "Zm9vYmE=\n", "Zm9vYmFy\n" };
    for (size_t i = 0; i < 7; i++) {
        char out[128], want[128];
        size_t out_len = 0;
        snprintf(want, sizeof want, "-----BEGIN X-----\n%s-----END X-----\n", outputs[i]);
        size_t len = strlen(inputs[i]);
        LT_CHECK_INT(lt_pem_write("X", (const uint8_t *)inputs[i], len, out, sizeof out,
                                  &out_len), 0);
        LT_CHECK_INT(out_len, strlen(want));
        LT_CHECK(strcmp(out, want) == 0);
        LT_CHECK(lt_pem_write_size("X", len) >= out_len + 1);
    }
    char small[10];
    size_t out_len;
    LT_CHECK_INT(lt_pem_write("X", (const uint8_t *)"foo", 3, small, sizeof small, &out_len),
                 LT_ERR_BUFFER);
}

static void test_pem_lines_are_64_chars_and_round_trip(void)
{
    uint8_t der[100];
    for (size_t i = 0; i < sizeof der; i++)
        der[i] = (uint8_t)(i * 7 + 3);
    size_t cap = lt_pem_write_size("CERTIFICATE", sizeof der);
    char *pem = malloc(cap);
    size_t pem_len = 0;
    LT_CHECK_INT(lt_pem_write("CERTIFICATE", der, sizeof der, pem, cap, &pem_len), 0);
    /* 100 bytes -> 136 base64 chars: lines of 64, 64, 8 */
    const char *body = pem + strlen("-----BEGIN CERTIFICATE-----\n");
    LT_CHECK(body[64] == '\n' && body[129] == '\n' && body[138] == '\n');
    uint8_t *back = NULL;
    size_t back_len = 0;
    size_t pos = 0;
    LT_CHECK_INT(lt_pem_next(pem, pem_len, &pos, "CERTIFICATE", &back, &back_len), 1);
    LT_CHECK_INT(back_len, sizeof der);
    if (back != NULL)
        LT_CHECK_MEM(back, der, sizeof der);
    free(back);
    pem[40] = '!';
    pos = 0;
    LT_CHECK_INT(lt_pem_next(pem, pem_len, &pos, "CERTIFICATE", &back, &back_len), LT_ERR_DECODE);
    free(pem);
}

int main(void)
{
    LT_RUN(test_names_accept_ldh_wildcards_and_ips);
    LT_RUN(test_names_reject_non_ldh_and_bad_wildcards);
    LT_RUN(test_self_signed_ca_verifies_and_reads_back);
    LT_RUN(test_rsa_ca_signs_leaf_with_sha256_rsa_and_aki);
    LT_RUN(test_sig_alg_follows_issuer_key);
    LT_RUN(test_pem_write_base64_vectors);
    LT_RUN(test_pem_lines_are_64_chars_and_round_trip);
    return lt_test_summary();
}
