/* Unit tests for src/x509/crl.c, crlset.c and revocation.c. CRLs are built here with latch's DER
 * writer (every field a knob, malformed ones too) and checked against libcrypto as a second
 * opinion (a CRL libcrypto makes parses the same; the CRLs built here are ones libcrypto reads
 * and whose signatures it verifies). Certificates come from devca/issue.c. Each rule of
 * revocation checking is asserted with its verdict token through lt_path_verify. */
#include "lt_pair.h"
#include "lt_party.h"
#include "lt_test.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "base/err.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/revoked.h"
#include "x509/cert.h"
#include "x509/crl.h"
#include "x509/crldp.h"
#include "x509/crlset.h"
#include "x509/derw.h"
#include "x509/path.h"
#include "x509/revocation.h"
#include "tls/proto.h"

#define T0 1767225600LL /* 2026-01-01 */
#define NOW (T0 + 86400)
#define DAY 86400LL

typedef struct {
    lt_privkey *key;
    uint8_t name[128];
    size_t name_len;
    uint8_t key_id[LT_ISSUE_KEY_ID_LEN];
    uint8_t *der;
    size_t len;
    lt_cert cert;
} party;

static int make_party(const char *cn, party *p)
{
    memset(p, 0, sizeof *p);
    return LT_PARTY_MAKE("crl", cn, p);
}

static int certify_ext(const party *issuer, party *subject, int is_ca, lt_span extension);

static int certify(const party *issuer, party *subject, int is_ca)
{
    return certify_ext(issuer, subject, is_ca, lt_span_make(NULL, 0));
}

/* certify, with one more extension (DER) in the certificate */
static int certify_ext(const party *issuer, party *subject, int is_ca, lt_span extension)
{
    lt_issue_issuer by = { issuer->key, lt_span_make(issuer->name, issuer->name_len), { 0 } };
    lt_issue_san san = { .type = LT_ISSUE_SAN_DNS };
    lt_issue_params params = { 0 };
    memcpy(by.key_id, issuer->key_id, sizeof by.key_id);
    snprintf(san.text, sizeof san.text, "a.test");
    params.is_ca = is_ca;
    params.path_len = -1;
    params.subject_key = subject->key;
    params.subject = lt_span_make(subject->name, subject->name_len);
    params.not_before = T0;
    params.not_after = T0 + 365 * DAY;
    params.sans = &san;
    params.san_count = is_ca ? 0 : 1;
    params.extra_extension = extension;
    if (lt_issue_certificate(&by, &params, &subject->der, &subject->len) < 0)
        return -1;
    return lt_cert_parse(subject->der, subject->len, &subject->cert, NULL);
}

static void party_free(party *p)
{
    free(p->der);
    lt_privkey_free(p->key);
}

/* root - inter - leaf, made once */
static party root, inter, leaf;

/* ---- building CRLs ------------------------------------------------------------------------ */

#define MAX_ENTRIES 2048

typedef struct {
    const party *signer;        /* its key signs; its name is the issuer */
    const uint8_t *issuer_name; /* instead of signer's name, when set */
    size_t issuer_name_len;
    int v1;                     /* no version, no extensions at all */
    int version_value;          /* when not 0: write this INTEGER as version */
    int64_t this_update;        /* 0: NOW - DAY */
    int64_t next_update;        /* 0: NOW + 7 days; -1: absent */
    lt_span serials[MAX_ENTRIES];
    int reasons[MAX_ENTRIES];   /* 0 in the table means none; reason + 1 otherwise */
    size_t n;
    int empty_revoked_list;
    int entry_critical_unknown; /* on the first entry */
    int entry_certificate_issuer;
    const party *entry_issuers[MAX_ENTRIES]; /* certificateIssuer (directoryName) per entry */
    const char *idp_uri;        /* the idp_dp fullName URI; NULL: "http://crl.test/1.crl" */
    const party *idp_dirname;   /* with idp_dp: the fullName is this party's directoryName */
    int reason_code_raw;        /* when not 0: the first entry's reasonCode byte + 1 */
    int aki;                    /* 1: the signer's key id; 2: a wrong one */
    int crl_number;
    int delta;
    int idp_only_user, idp_only_ca, idp_some_reasons, idp_indirect, idp_dp, idp_only_attr;
    int critical_unknown;
    int duplicate_ext;
    unsigned extra_exts;        /* non-critical private extensions */
    int corrupt_signature;
    int mismatched_algs;
    int trailing_byte;
    int sha1;                   /* ecdsa-with-SHA1 */
    int explicit_false;         /* cRLNumber with critical FALSE written out (not DER) */
} crl_spec;

static const uint8_t oid_aki[] = { 0x55, 0x1d, 0x23 };
static const uint8_t oid_crl_number[] = { 0x55, 0x1d, 0x14 };
static const uint8_t oid_delta[] = { 0x55, 0x1d, 0x1b };
static const uint8_t oid_idp[] = { 0x55, 0x1d, 0x1c };
static const uint8_t oid_reason[] = { 0x55, 0x1d, 0x15 };
static const uint8_t oid_cert_issuer[] = { 0x55, 0x1d, 0x1d };
static const uint8_t oid_private[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x7f, 0x01 };
static const uint8_t algid_ecdsa_sha256[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
static const uint8_t algid_ecdsa_sha384[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
static const uint8_t algid_ecdsa_sha1[] = { 0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01 };

static void open_ext(lt_writer *w, const uint8_t *oid, size_t oid_len, int critical, lt_derw_block b[2])
{
    lt_derw_open_sequence(w, &b[0]);
    lt_derw_oid(w, oid, oid_len);
    if (critical)
        lt_derw_boolean(w, 1);
    lt_derw_open(w, LT_DER_OCTET_STRING, &b[1]);
}

static void close_ext(lt_writer *w, lt_derw_block b[2])
{
    lt_derw_close(w, &b[1]);
    lt_derw_close(w, &b[0]);
}

static void write_entry(lt_writer *w, const crl_spec *s, size_t i)
{
    lt_derw_block seq, exts, e[2], inner;
    lt_derw_open_sequence(w, &seq);
    lt_derw_tlv(w, LT_DER_INTEGER, s->serials[i].p, s->serials[i].len);
    lt_derw_time(w, NOW - 3600);
    int reason = s->reasons[i] - 1;
    int raw = i == 0 && s->reason_code_raw;
    int crit = i == 0 && s->entry_critical_unknown;
    int ci = i == 0 && s->entry_certificate_issuer;
    const party *by = s->entry_issuers[i];
    if (reason >= 0 || raw || crit || ci || by) {
        lt_derw_open_sequence(w, &exts);
        if (reason >= 0 || raw) {
            uint8_t code = (uint8_t)(raw ? s->reason_code_raw - 1 : reason);
            open_ext(w, oid_reason, sizeof oid_reason, 0, e);
            lt_derw_tlv(w, 0x0a, &code, 1);
            close_ext(w, e);
        }
        if (crit) {
            open_ext(w, oid_private, sizeof oid_private, 1, e);
            lt_derw_null(w);
            close_ext(w, e);
        }
        if (ci) {
            open_ext(w, oid_cert_issuer, sizeof oid_cert_issuer, 1, e);
            lt_derw_open_sequence(w, &inner);
            lt_derw_context_primitive(w, 2, "ca.test", 7);
            lt_derw_close(w, &inner);
            close_ext(w, e);
        }
        if (by) {
            lt_derw_block dn;
            open_ext(w, oid_cert_issuer, sizeof oid_cert_issuer, 1, e);
            lt_derw_open_sequence(w, &inner);
            lt_derw_open_explicit(w, 4, &dn);
            lt_derw_raw(w, by->name, by->name_len);
            lt_derw_close(w, &dn);
            lt_derw_close(w, &inner);
            close_ext(w, e);
        }
        lt_derw_close(w, &exts);
    }
    lt_derw_close(w, &seq);
}

static void write_extensions(lt_writer *w, const crl_spec *s)
{
    lt_derw_block tag, exts, e[2], inner;
    int any = s->aki || s->crl_number || s->delta || s->critical_unknown || s->extra_exts || s->duplicate_ext ||
              s->idp_only_user || s->idp_only_ca || s->idp_some_reasons || s->idp_indirect || s->idp_dp ||
              s->idp_only_attr;
    if (!any)
        return;
    lt_derw_open_explicit(w, 0, &tag);
    lt_derw_open_sequence(w, &exts);
    for (int k = 0; k < (s->aki ? 1 + s->duplicate_ext : 0); k++) {
        uint8_t id[LT_ISSUE_KEY_ID_LEN];
        memcpy(id, s->signer->key_id, sizeof id);
        if (s->aki == 2)
            id[0] ^= 1;
        open_ext(w, oid_aki, sizeof oid_aki, 0, e);
        lt_derw_open_sequence(w, &inner);
        lt_derw_context_primitive(w, 0, id, sizeof id);
        lt_derw_close(w, &inner);
        close_ext(w, e);
    }
    if (s->crl_number && s->explicit_false) {
        lt_derw_open_sequence(w, &e[0]);
        lt_derw_oid(w, oid_crl_number, sizeof oid_crl_number);
        lt_derw_boolean(w, 0);
        lt_derw_open(w, LT_DER_OCTET_STRING, &e[1]);
        lt_derw_integer_u64(w, (uint64_t)s->crl_number);
        close_ext(w, e);
    } else if (s->crl_number) {
        open_ext(w, oid_crl_number, sizeof oid_crl_number, 0, e);
        lt_derw_integer_u64(w, (uint64_t)s->crl_number);
        close_ext(w, e);
    }
    if (s->delta) {
        open_ext(w, oid_delta, sizeof oid_delta, 1, e);
        lt_derw_integer_u64(w, 1);
        close_ext(w, e);
    }
    if (s->idp_only_user || s->idp_only_ca || s->idp_some_reasons || s->idp_indirect || s->idp_dp ||
        s->idp_only_attr) {
        uint8_t t = 0xff, reasons[2] = { 7, 0x80 }; /* keyCompromise only */
        lt_derw_block dp, full;
        open_ext(w, oid_idp, sizeof oid_idp, 1, e);
        lt_derw_open_sequence(w, &inner);
        if (s->idp_dp) {
            lt_derw_open_context(w, 0, &dp);
            lt_derw_open_context(w, 0, &full);
            const char *uri = s->idp_uri ? s->idp_uri : "http://crl.test/1.crl";
            if (s->idp_dirname) {
                lt_derw_block dn;
                lt_derw_open_explicit(w, 4, &dn);
                lt_derw_raw(w, s->idp_dirname->name, s->idp_dirname->name_len);
                lt_derw_close(w, &dn);
            } else {
                lt_derw_context_primitive(w, 6, uri, strlen(uri));
            }
            lt_derw_close(w, &full);
            lt_derw_close(w, &dp);
        }
        if (s->idp_only_user)
            lt_derw_context_primitive(w, 1, &t, 1);
        if (s->idp_only_ca)
            lt_derw_context_primitive(w, 2, &t, 1);
        if (s->idp_some_reasons)
            lt_derw_context_primitive(w, 3, reasons, 2);
        if (s->idp_indirect)
            lt_derw_context_primitive(w, 4, &t, 1);
        if (s->idp_only_attr)
            lt_derw_context_primitive(w, 5, &t, 1);
        lt_derw_close(w, &inner);
        close_ext(w, e);
    }
    if (s->critical_unknown) {
        open_ext(w, oid_private, sizeof oid_private, 1, e);
        lt_derw_null(w);
        close_ext(w, e);
    }
    for (unsigned k = 0; k < s->extra_exts; k++) {
        uint8_t oid[sizeof oid_private + 1];
        memcpy(oid, oid_private, sizeof oid_private);
        oid[sizeof oid_private - 1] = (uint8_t)(k + 2);
        open_ext(w, oid, sizeof oid_private, 0, e);
        lt_derw_null(w);
        close_ext(w, e);
    }
    lt_derw_close(w, &exts);
    lt_derw_close(w, &tag);
}

/* Builds and signs the CRL s describes; *der is malloc'd. */
static int build_crl(const crl_spec *s, uint8_t **der, size_t *len)
{
    size_t cap = 4096 + s->n * 64;
    uint8_t *tbs_buf = malloc(cap), *out = malloc(cap + 256), sig[256];
    size_t sig_len = sizeof sig;
    lt_derw_block tbs, revoked, list;
    lt_writer w = lt_writer_init(tbs_buf, cap);
    lt_derw_open_sequence(&w, &tbs);
    if (s->version_value)
        lt_derw_integer_u64(&w, (uint64_t)s->version_value - 1);
    else if (!s->v1)
        lt_derw_integer_u64(&w, 1);
    if (s->sha1)
        lt_derw_raw(&w, algid_ecdsa_sha1, sizeof algid_ecdsa_sha1);
    else
        lt_derw_raw(&w, algid_ecdsa_sha256, sizeof algid_ecdsa_sha256);
    if (s->issuer_name)
        lt_derw_raw(&w, s->issuer_name, s->issuer_name_len);
    else
        lt_derw_raw(&w, s->signer->name, s->signer->name_len);
    lt_derw_time(&w, s->this_update ? s->this_update : NOW - DAY);
    if (s->next_update != -1)
        lt_derw_time(&w, s->next_update ? s->next_update : NOW + 7 * DAY);
    if (s->n > 0 || s->empty_revoked_list) {
        lt_derw_open_sequence(&w, &revoked);
        for (size_t i = 0; i < s->n; i++)
            write_entry(&w, s, i);
        lt_derw_close(&w, &revoked);
    }
    write_extensions(&w, s);
    lt_derw_close(&w, &tbs);
    if (w.err || lt_privkey_sign(s->signer->key, s->sha1 ? LT_SIG_ECDSA_SHA1 : LT_SIG_ECDSA_SHA256, tbs_buf, w.len, sig, &sig_len) < 0) {
        free(tbs_buf);
        free(out);
        return -1;
    }
    if (s->corrupt_signature)
        sig[sig_len - 3] ^= 1;
    lt_writer o = lt_writer_init(out, cap + 256);
    lt_derw_open_sequence(&o, &list);
    lt_derw_raw(&o, tbs_buf, w.len);
    if (s->mismatched_algs)
        lt_derw_raw(&o, algid_ecdsa_sha384, sizeof algid_ecdsa_sha384);
    else if (s->sha1)
        lt_derw_raw(&o, algid_ecdsa_sha1, sizeof algid_ecdsa_sha1);
    else
        lt_derw_raw(&o, algid_ecdsa_sha256, sizeof algid_ecdsa_sha256);
    lt_derw_bit_string(&o, sig, sig_len);
    lt_derw_close(&o, &list);
    if (s->trailing_byte)
        lt_writer_u8(&o, 0);
    free(tbs_buf);
    if (o.err) {
        free(out);
        return -1;
    }
    *der = out;
    *len = o.len;
    return 0;
}

static crl_spec spec_by(const party *signer)
{
    crl_spec s;
    memset(&s, 0, sizeof s);
    s.signer = signer;
    s.aki = 1;
    s.crl_number = 1;
    return s;
}

static void spec_revoke(crl_spec *s, const party *p, int reason)
{
    s->serials[s->n] = p->cert.serial;
    s->reasons[s->n] = reason + 1;
    s->n++;
}

/* ---- verifying with CRLs ------------------------------------------------------------------ */

/* Verifies leaf - inter - root at time with the given CRLs; returns the verdict. */
static lt_verify_error verify_with(const crl_spec *const *specs, size_t n_specs, int require, int64_t time,
                                   char *reason, size_t cap)
{
    lt_crlset set;
    lt_revocation_sources sources = { &set, require };
    lt_path_result result;
    lt_name_ref ref;
    memset(&set, 0, sizeof set);
    for (size_t i = 0; i < n_specs; i++) {
        uint8_t *der;
        size_t len;
        const char *problem = NULL;
        if (build_crl(specs[i], &der, &len) < 0 || lt_crlset_add_der(&set, der, len, &problem) < 0) {
            fprintf(stderr, "  CRL %zu does not build or parse: %s\n", i, problem ? problem : "?");
            lt_test_current_failed = 1;
        }
        free(der);
    }
    lt_path_params p = { 0 };
    LT_CHECK(lt_name_ref_host("a.test", &ref) == 0);
    p.name = &ref;
    p.time = time;
    p.purpose = LT_PURPOSE_SERVER;
    p.max_intermediates = 6;
    p.revocation = &sources;
    const lt_cert *inters[] = { &inter.cert }, *anchors[] = { &root.cert };
    int rc = lt_path_verify(&leaf.cert, inters, 1, anchors, 1, &p, &result);
    snprintf(reason, cap, "%s", result.reason);
    lt_crlset_clear(&set);
    LT_CHECK(rc == 0 ? result.error == LT_VERIFY_OK : rc == LT_ERR_VERIFY);
    return result.error;
}

static lt_verify_error verify2(const crl_spec *a, const crl_spec *b, int require, char *reason, size_t cap)
{
    const crl_spec *specs[] = { a, b };
    return verify_with(specs, (a != NULL) + (b != NULL), require, NOW, reason, cap);
}

/* ---- tests: parsing ----------------------------------------------------------------------- */

static void test_parse_crl_made_by_libcrypto(void)
{
    /* libcrypto as the second opinion: a v2 CRL with two entries, a reason code, cRLNumber and
     * authorityKeyIdentifier, signed by a P-256 key; latch reads the same fields */
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    X509_CRL *crl = X509_CRL_new();
    X509_NAME *name = X509_NAME_new();
    ASN1_TIME *t1 = ASN1_TIME_set(NULL, (time_t)T0), *t2 = ASN1_TIME_set(NULL, (time_t)(T0 + 7 * DAY));
    uint8_t *der = NULL;
    LT_CHECK(pkey != NULL && crl != NULL && name != NULL);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"libcrypto CA", -1, -1, 0);
    X509_CRL_set_version(crl, X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl, name);
    X509_CRL_set1_lastUpdate(crl, t1);
    X509_CRL_set1_nextUpdate(crl, t2);
    for (int i = 0; i < 2; i++) {
        X509_REVOKED *r = X509_REVOKED_new();
        ASN1_INTEGER *serial = ASN1_INTEGER_new();
        ASN1_INTEGER_set(serial, i == 0 ? 0x1234 : 0x7f0000);
        X509_REVOKED_set_serialNumber(r, serial);
        X509_REVOKED_set_revocationDate(r, t1);
        if (i == 1) {
            ASN1_ENUMERATED *code = ASN1_ENUMERATED_new();
            ASN1_ENUMERATED_set(code, 4); /* superseded */
            X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, code, 0, 0);
            ASN1_ENUMERATED_free(code);
        }
        X509_CRL_add0_revoked(crl, r);
        ASN1_INTEGER_free(serial);
    }
    ASN1_INTEGER *number = ASN1_INTEGER_new();
    ASN1_INTEGER_set(number, 42);
    X509_CRL_add1_ext_i2d(crl, NID_crl_number, number, 0, 0);
    ASN1_INTEGER_free(number);
    X509_CRL_sort(crl);
    LT_CHECK(X509_CRL_sign(crl, pkey, EVP_sha256()) > 0);
    int len = i2d_X509_CRL(crl, &der);
    LT_CHECK(len > 0);

    lt_crl parsed;
    const char *problem = NULL;
    LT_CHECK_INT(lt_crl_parse(der, (size_t)len, &parsed, &problem), 0);
    LT_CHECK_INT(parsed.version, 2);
    LT_CHECK_INT(parsed.sig_alg, LT_SIG_ECDSA_SHA256);
    LT_CHECK_INT(parsed.this_update, T0);
    LT_CHECK(parsed.has_next_update && parsed.next_update == T0 + 7 * DAY);
    LT_CHECK_INT(parsed.n_revoked, 2);
    LT_CHECK(parsed.has_crl_number && parsed.crl_number.len == 1 && parsed.crl_number.p[0] == 42);
    uint8_t *name_der = NULL;
    int name_len = i2d_X509_NAME(name, &name_der);
    LT_CHECK(parsed.issuer.len == (size_t)name_len && memcmp(parsed.issuer.p, name_der, (size_t)name_len) == 0);
    lt_reader entries = lt_reader_from_span(parsed.revoked);
    lt_crl_entry e;
    LT_CHECK_INT(lt_crl_entry_next(&entries, 2, &e, NULL), 1);
    LT_CHECK(e.serial.len == 2 && e.serial.p[0] == 0x12 && e.reason == LT_CRL_REASON_NONE && e.date == T0);
    LT_CHECK_INT(lt_crl_entry_next(&entries, 2, &e, NULL), 1);
    LT_CHECK(e.serial.len == 3 && e.serial.p[0] == 0x7f && e.reason == LT_CRL_REASON_SUPERSEDED);
    LT_CHECK_INT(lt_crl_entry_next(&entries, 2, &e, NULL), 0);
    /* the signature is libcrypto's: latch verifies it with the key */
    uint8_t *spki = NULL;
    int spki_len = i2d_PUBKEY(pkey, &spki);
    lt_pubkey *key = NULL;
    LT_CHECK(spki_len > 0 && lt_pubkey_from_spki(spki, (size_t)spki_len, &key) == 0);
    LT_CHECK_INT(lt_pubkey_verify(key, parsed.sig_alg, parsed.tbs.p, parsed.tbs.len, parsed.signature.p,
                                  parsed.signature.len), 0);
    lt_pubkey_free(key);
    OPENSSL_free(spki);
    OPENSSL_free(name_der);
    OPENSSL_free(der);
    ASN1_TIME_free(t1);
    ASN1_TIME_free(t2);
    X509_NAME_free(name);
    X509_CRL_free(crl);
    EVP_PKEY_free(pkey);
}

static void test_built_crl_is_read_by_libcrypto(void)
{
    /* the builder's CRLs are real ones: libcrypto reads one and verifies its signature */
    crl_spec s = spec_by(&inter);
    uint8_t *der;
    size_t len;
    spec_revoke(&s, &leaf, LT_CRL_REASON_KEY_COMPROMISE);
    LT_CHECK_INT(build_crl(&s, &der, &len), 0);
    const unsigned char *p = der;
    X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
    LT_CHECK(crl != NULL && p == der + len);
    const unsigned char *sp = inter.cert.spki.p;
    EVP_PKEY *key = d2i_PUBKEY(NULL, &sp, (long)inter.cert.spki.len);
    LT_CHECK(key != NULL && X509_CRL_verify(crl, key) == 1);
    LT_CHECK_INT(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 1);
    EVP_PKEY_free(key);
    X509_CRL_free(crl);
    free(der);
}

static void test_v1_crl_without_extensions_parses(void)
{
    crl_spec s = spec_by(&inter);
    uint8_t *der;
    size_t len;
    lt_crl crl;
    s.v1 = 1;
    s.aki = s.crl_number = 0;
    s.next_update = -1;
    s.serials[0] = leaf.cert.serial;
    s.n = 1;
    LT_CHECK_INT(build_crl(&s, &der, &len), 0);
    LT_CHECK_INT(lt_crl_parse(der, len, &crl, NULL), 0);
    LT_CHECK_INT(crl.version, 1);
    LT_CHECK(!crl.has_next_update && crl.n_revoked == 1);
    free(der);
}

/* Builds s and expects the parse to fail with a phrase containing want. */
static void expect_malformed(const crl_spec *s, const char *want)
{
    uint8_t *der;
    size_t len;
    lt_crl crl;
    const char *problem = NULL;
    LT_CHECK_INT(build_crl(s, &der, &len), 0);
    LT_CHECK_INT(lt_crl_parse(der, len, &crl, &problem), LT_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(problem, want);
    free(der);
}

static void test_malformed_crls_are_refused_with_a_reason(void)
{
    crl_spec s;
    s = spec_by(&inter); s.version_value = 1;          /* explicit v1 (0) */
    expect_malformed(&s, "malformed version");
    s = spec_by(&inter); s.version_value = 3;          /* v3 (2) */
    expect_malformed(&s, "malformed version");
    s = spec_by(&inter); s.v1 = 1;                     /* extensions need v2 */
    expect_malformed(&s, "extensions in a version 1 CRL");
    s = spec_by(&inter); s.v1 = 1; s.aki = s.crl_number = 0; s.reason_code_raw = 2; spec_revoke(&s, &leaf, -1);
    expect_malformed(&s, "entry extensions in a version 1 CRL");
    s = spec_by(&inter); s.empty_revoked_list = 1;
    expect_malformed(&s, "empty revokedCertificates");
    s = spec_by(&inter); s.next_update = NOW - 2 * DAY;
    expect_malformed(&s, "nextUpdate is before thisUpdate");
    s = spec_by(&inter); s.duplicate_ext = 1;
    expect_malformed(&s, "an extension appears twice");
    s = spec_by(&inter); spec_revoke(&s, &leaf, -1); s.reason_code_raw = 7 + 1;   /* 7 is no reason */
    expect_malformed(&s, "malformed extension");
    s = spec_by(&inter); spec_revoke(&s, &leaf, -1); s.reason_code_raw = 11 + 1;
    expect_malformed(&s, "malformed extension");
    s = spec_by(&inter); s.idp_only_user = s.idp_only_ca = 1;
    expect_malformed(&s, "malformed extension");
    s = spec_by(&inter); s.mismatched_algs = 1;
    expect_malformed(&s, "signature algorithm fields differ");
    s = spec_by(&inter); s.trailing_byte = 1;
    expect_malformed(&s, "not a DER CRL");
    s = spec_by(&inter); s.explicit_false = 1;        /* DEFAULT FALSE is never encoded */
    expect_malformed(&s, "malformed extension");
}

static void test_every_truncation_is_refused(void)
{
    crl_spec s = spec_by(&inter);
    uint8_t *der;
    size_t len;
    lt_crl crl;
    spec_revoke(&s, &leaf, LT_CRL_REASON_KEY_COMPROMISE);
    spec_revoke(&s, &inter, -1);
    s.idp_only_user = 1;
    LT_CHECK_INT(build_crl(&s, &der, &len), 0);
    LT_CHECK_INT(lt_crl_parse(der, len, &crl, NULL), 0);
    for (size_t n = 0; n < len; n++)
        LT_CHECK_INT(lt_crl_parse(der, n, &crl, NULL), LT_ERR_DECODE);
    free(der);
}

static void test_extension_limit(void)
{
    /* LT_CRL_MAX_EXTENSIONS counted with aki and cRLNumber: N - 1 and N parse, N + 1 does not */
    crl_spec s = spec_by(&inter);
    uint8_t *der;
    size_t len;
    lt_crl crl;
    const char *problem = NULL;
    for (unsigned total = LT_CRL_MAX_EXTENSIONS - 1; total <= LT_CRL_MAX_EXTENSIONS + 1; total++) {
        s.extra_exts = total - 2;
        LT_CHECK_INT(build_crl(&s, &der, &len), 0);
        int rc = lt_crl_parse(der, len, &crl, &problem);
        if (total <= LT_CRL_MAX_EXTENSIONS) {
            LT_CHECK_INT(rc, 0);
        } else {
            LT_CHECK_INT(rc, LT_ERR_DECODE);
            LT_CHECK_STR_CONTAINS(problem, "too many extensions");
        }
        free(der);
    }
}

static void test_set_limit_and_duplicates(void)
{
    lt_crlset set;
    memset(&set, 0, sizeof set);
    for (int i = 1; i <= LT_CRLSET_MAX + 1; i++) {
        crl_spec s = spec_by(&inter);
        uint8_t *der;
        size_t len;
        s.crl_number = i; /* each CRL different */
        LT_CHECK_INT(build_crl(&s, &der, &len), 0);
        int rc = lt_crlset_add_der(&set, der, len, NULL);
        LT_CHECK_INT(rc, i <= LT_CRLSET_MAX ? 0 : LT_ERR_LIMIT);
        if (i == 1) { /* the same CRL again is kept once */
            LT_CHECK_INT(lt_crlset_add_der(&set, der, len, NULL), 0);
            LT_CHECK_INT(set.count, 1);
        }
        free(der);
    }
    LT_CHECK_INT(set.count, LT_CRLSET_MAX);
    lt_crlset_clear(&set);
}

static void test_pem_der_and_garbage_inputs(void)
{
    crl_spec s = spec_by(&inter);
    uint8_t *der;
    size_t len;
    char why[160];
    lt_crlset set;
    memset(&set, 0, sizeof set);
    LT_CHECK_INT(build_crl(&s, &der, &len), 0);
    LT_CHECK_INT(lt_crlset_add_data(&set, der, len, why, sizeof why), 0);
    LT_CHECK_INT(set.count, 1);
    /* PEM: a good block and a bad one: nothing of the text is kept */
    BIO *bio = BIO_new(BIO_s_mem());
    const unsigned char *p = der;
    X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
    s.crl_number = 2;
    uint8_t *der2;
    size_t len2;
    LT_CHECK_INT(build_crl(&s, &der2, &len2), 0);
    const unsigned char *p2 = der2;
    X509_CRL *crl2 = d2i_X509_CRL(NULL, &p2, (long)len2);
    PEM_write_bio_X509_CRL(bio, crl2);
    BIO_puts(bio, "-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----\n");
    char *text;
    long text_len = BIO_get_mem_data(bio, &text);
    LT_CHECK_INT(lt_crlset_add_data(&set, (const uint8_t *)text, (size_t)text_len, why, sizeof why), LT_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(why, "CRL 2:");
    LT_CHECK_INT(set.count, 1);
    const char garbage[] = "not a CRL at all\n";
    LT_CHECK_INT(lt_crlset_add_data(&set, (const uint8_t *)garbage, sizeof garbage - 1, why, sizeof why),
                 LT_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(why, "neither a PEM");
    BIO_free(bio);
    X509_CRL_free(crl);
    X509_CRL_free(crl2);
    free(der);
    free(der2);
    lt_crlset_clear(&set);
}

static void test_lookup_among_many_entries(void)
{
    /* the sorted index finds a serial among 2000 others, and misses one that is not there */
    static uint8_t serials[MAX_ENTRIES][3];
    crl_spec *s = calloc(1, sizeof *s);
    uint8_t *der;
    size_t len;
    lt_crlset set;
    memset(&set, 0, sizeof set);
    *s = spec_by(&inter);
    for (size_t i = 0; i + 1 < MAX_ENTRIES; i++) {
        /* pseudo-random order, all 3 bytes with the high bit clear */
        uint32_t v = (uint32_t)(i * 2654435761u) & 0x7fffff;
        serials[i][0] = (uint8_t)((v >> 16) | 0x10);
        serials[i][1] = (uint8_t)(v >> 8);
        serials[i][2] = (uint8_t)v;
        s->serials[s->n] = lt_span_make(serials[i], 3);
        s->reasons[s->n++] = 0;
    }
    spec_revoke(s, &leaf, LT_CRL_REASON_SUPERSEDED);
    LT_CHECK_INT(build_crl(s, &der, &len), 0);
    LT_CHECK_INT(lt_crlset_add_der(&set, der, len, NULL), 0);
    const lt_crl_entry *e = lt_crlset_find(&set.items[0], leaf.cert.serial, NULL);
    LT_CHECK(e != NULL && e->reason == LT_CRL_REASON_SUPERSEDED);
    LT_CHECK(lt_crlset_find(&set.items[0], lt_span_make(serials[1234], 3), NULL) != NULL);
    LT_CHECK(lt_crlset_find(&set.items[0], inter.cert.serial, NULL) == NULL);
    lt_crlset_clear(&set);
    free(der);
    free(s);
}

/* ---- tests: revocation rules -------------------------------------------------------------- */

static void test_revoked_leaf_names_reason_and_date(void)
{
    char why[384];
    crl_spec s = spec_by(&inter);
    spec_revoke(&s, &leaf, LT_CRL_REASON_KEY_COMPROMISE);
    LT_CHECK_INT(verify2(&s, NULL, 0, why, sizeof why), LT_VERIFY_REVOKED);
    LT_CHECK_STR_CONTAINS(why, "certificate 'a.test' was revoked by 'inter'");
    LT_CHECK_STR_CONTAINS(why, "(reason: keyCompromise)");
    LT_CHECK_STR_CONTAINS(why, "on 2026-01-01 23:00:00 UTC");
    /* no reasonCode */
    s = spec_by(&inter);
    spec_revoke(&s, &leaf, -1);
    LT_CHECK_INT(verify2(&s, NULL, 0, why, sizeof why), LT_VERIFY_REVOKED);
    LT_CHECK_STR_CONTAINS(why, "(reason: unspecified)");
    /* removeFromCRL: not revoked (RFC 5280 §6.3.3 (k)), and the CRL still covers the leaf */
    s = spec_by(&inter);
    spec_revoke(&s, &leaf, LT_CRL_REASON_REMOVE_FROM_CRL);
    crl_spec by_root = spec_by(&root);
    LT_CHECK_INT(verify2(&s, &by_root, 1, why, sizeof why), LT_VERIFY_OK);
}

static void test_unlisted_certificate_passes(void)
{
    char why[384];
    crl_spec by_inter = spec_by(&inter), by_root = spec_by(&root);
    spec_revoke(&by_inter, &inter, -1); /* another serial */
    LT_CHECK_INT(verify2(&by_inter, &by_root, 0, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify2(&by_inter, &by_root, 1, why, sizeof why), LT_VERIFY_OK);
}

static void test_revoked_intermediate(void)
{
    char why[384];
    crl_spec by_root = spec_by(&root);
    spec_revoke(&by_root, &inter, LT_CRL_REASON_CA_COMPROMISE);
    LT_CHECK_INT(verify2(&by_root, NULL, 0, why, sizeof why), LT_VERIFY_REVOKED);
    LT_CHECK_STR_CONTAINS(why, "certificate 'inter' was revoked by 'root'");
    LT_CHECK_STR_CONTAINS(why, "cACompromise");
}

static void test_anchor_is_not_checked(void)
{
    /* the root listed on its own CRL: anchors are trusted as configured */
    char why[384];
    crl_spec by_root = spec_by(&root), by_inter = spec_by(&inter);
    spec_revoke(&by_root, &root, LT_CRL_REASON_KEY_COMPROMISE);
    LT_CHECK_INT(verify2(&by_root, &by_inter, 1, why, sizeof why), LT_VERIFY_OK);
}

static void test_missing_crl_fails_only_when_required(void)
{
    char why[384];
    crl_spec by_root = spec_by(&root);
    LT_CHECK_INT(verify2(NULL, NULL, 0, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify2(&by_root, NULL, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "revocation status of certificate 'a.test' is unknown: no CRL of 'inter'");
}

/* The CRL s (by inter, listing the leaf) is not used: the leaf passes without --require-crl
 * and is unknown with it, for the reason want. */
static void expect_unusable(crl_spec *s, const char *want)
{
    char why[384];
    crl_spec by_root = spec_by(&root);
    spec_revoke(s, &leaf, LT_CRL_REASON_KEY_COMPROMISE);
    LT_CHECK_INT(verify2(s, &by_root, 0, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify2(s, &by_root, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, want);
}

static void test_stale_and_future_crls_are_not_used(void)
{
    crl_spec s = spec_by(&inter);
    s.this_update = NOW - 10 * DAY;
    s.next_update = NOW - 1;
    expect_unusable(&s, "the CRL of 'inter' is stale: its nextUpdate was 2026-01-01 23:59:59 UTC");
    s = spec_by(&inter);
    s.this_update = NOW + 1;
    expect_unusable(&s, "is not valid until 2026-01-02 00:00:01 UTC (thisUpdate)");
    /* the edges: thisUpdate == time and nextUpdate == time are usable */
    char why[384];
    crl_spec edge = spec_by(&inter), by_root = spec_by(&root);
    edge.this_update = NOW;
    edge.next_update = NOW;
    spec_revoke(&edge, &leaf, -1);
    LT_CHECK_INT(verify2(&edge, &by_root, 1, why, sizeof why), LT_VERIFY_REVOKED);
    /* no nextUpdate at all: usable */
    edge.next_update = -1;
    LT_CHECK_INT(verify2(&edge, &by_root, 1, why, sizeof why), LT_VERIFY_REVOKED);
}

static void test_bad_signature_or_other_key_is_not_used(void)
{
    crl_spec s = spec_by(&inter);
    s.corrupt_signature = 1;
    expect_unusable(&s, "the signature on a CRL naming 'inter' as its issuer does not verify");
    /* signed by root's key under inter's name, no authorityKeyIdentifier: the signature fails */
    s = spec_by(&root);
    s.aki = 0;
    s.issuer_name = inter.name;
    s.issuer_name_len = inter.name_len;
    expect_unusable(&s, "does not verify");
    /* an authorityKeyIdentifier of another key: not this issuer's CRL at all */
    s = spec_by(&inter);
    s.aki = 2;
    expect_unusable(&s, "no CRL of 'inter' was given");
}

static void test_unsupported_crls_are_not_used(void)
{
    crl_spec s = spec_by(&inter);
    s.delta = 1;
    expect_unusable(&s, "is a delta CRL, which latch does not support");
    s = spec_by(&inter);
    s.entry_certificate_issuer = 1;
    expect_unusable(&s, "has certificateIssuer entries but is not an indirect CRL");
    s = spec_by(&inter);
    s.sha1 = 1;
    expect_unusable(&s, "is signed with an algorithm latch does not accept");
    s = spec_by(&inter);
    s.critical_unknown = 1;
    expect_unusable(&s, "has a critical extension latch does not handle (1.3.6.1.4.1.311.127.1)");
    s = spec_by(&inter);
    s.entry_critical_unknown = 1;
    expect_unusable(&s, "has a critical extension latch does not handle");
    /* an unknown extension that is not critical is ignored */
    char why[384];
    s = spec_by(&inter);
    s.extra_exts = 3;
    spec_revoke(&s, &leaf, -1);
    LT_CHECK_INT(verify2(&s, NULL, 0, why, sizeof why), LT_VERIFY_REVOKED);
}

static void test_distribution_point_scope(void)
{
    char why[384];
    crl_spec s = spec_by(&inter), by_root;
    /* a CRL of CA certificates only says nothing about the leaf */
    s.idp_only_ca = 1;
    expect_unusable(&s, "covers only CA certificates");
    /* one of end-entity certificates says nothing about the intermediate */
    by_root = spec_by(&root);
    by_root.idp_only_user = 1;
    spec_revoke(&by_root, &inter, -1);
    crl_spec by_inter = spec_by(&inter);
    LT_CHECK_INT(verify2(&by_inter, &by_root, 0, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify2(&by_inter, &by_root, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "covers only end-entity certificates");
    /* ... but covers the leaf */
    s = spec_by(&inter);
    s.idp_only_user = 1;
    spec_revoke(&s, &leaf, -1);
    LT_CHECK_INT(verify2(&s, NULL, 0, why, sizeof why), LT_VERIFY_REVOKED);
    s = spec_by(&inter);
    s.idp_only_attr = 1;
    expect_unusable(&s, "covers only attribute certificates");
    /* a partial CRL (some reasons, or a distribution point of its own): a listing revokes, its
     * silence does not cover */
    for (int kind = 0; kind < 2; kind++) {
        s = spec_by(&inter);
        s.idp_some_reasons = kind == 0;
        s.idp_dp = kind == 1;
        crl_spec listed = s;
        spec_revoke(&listed, &leaf, LT_CRL_REASON_KEY_COMPROMISE);
        LT_CHECK_INT(verify2(&listed, NULL, 0, why, sizeof why), LT_VERIFY_REVOKED);
        by_root = spec_by(&root);
        LT_CHECK_INT(verify2(&s, &by_root, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
        /* the leaf lists no distribution point, so none can match (more in test_partitions) */
        LT_CHECK_STR_CONTAINS(why, kind == 0 ? "covers only some revocation reasons"
                                             : "is for a distribution point that certificate 'a.test' does not list");
    }
}

static void test_signature_budget(void)
{
    /* LT_REVOCATION_MAX_SIGNATURES CRLs of inter all need their signature checked: N - 1 and N
     * pass, N + 1 gives `limit` (the root's CRL is not given, so only inter's count) */
    static crl_spec specs[LT_REVOCATION_MAX_SIGNATURES + 1];
    const crl_spec *list[LT_REVOCATION_MAX_SIGNATURES + 1];
    char why[384];
    for (size_t i = 0; i < LT_REVOCATION_MAX_SIGNATURES + 1; i++) {
        specs[i] = spec_by(&inter);
        specs[i].crl_number = (int)i + 1;
        list[i] = &specs[i];
    }
    LT_CHECK_INT(verify_with(list, LT_REVOCATION_MAX_SIGNATURES - 1, 0, NOW, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify_with(list, LT_REVOCATION_MAX_SIGNATURES, 0, NOW, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify_with(list, LT_REVOCATION_MAX_SIGNATURES + 1, 0, NOW, why, sizeof why), LT_VERIFY_LIMIT);
    LT_CHECK_STR_CONTAINS(why, "gave up checking revocation after 32 CRL signature checks");
}

static void test_crl_sign_key_usage_is_required(void)
{
    /* keyUsage present without cRLSign: the CA may not sign CRLs. devca's CAs always have it,
     * so the intermediate's parsed keyUsage is changed here (the signature is not re-checked by
     * revocation, only the CRL's) */
    char why[384];
    crl_spec s = spec_by(&inter);
    lt_cert saved = inter.cert;
    inter.cert.key_usage &= ~(unsigned)LT_KU_CRL_SIGN;
    s.serials[0] = leaf.cert.serial;
    s.reasons[0] = 0;
    s.n = 1;
    const crl_spec *specs[] = { &s };
    lt_crlset set;
    memset(&set, 0, sizeof set);
    uint8_t *der;
    size_t len;
    LT_CHECK_INT(build_crl(&s, &der, &len), 0);
    LT_CHECK_INT(lt_crlset_add_der(&set, der, len, NULL), 0);
    lt_revocation_sources sources = { &set, 1 };
    const lt_cert *path[] = { &leaf.cert, &inter.cert, &root.cert };
    lt_verify_error error = LT_VERIFY_OK;
    lt_path_params rparams = { 0 };
    rparams.time = NOW;
    LT_CHECK_INT(lt_revocation_check(&sources, path, 2, NULL, 0, &rparams, &error, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_INT(error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "'inter' may not sign CRLs (its keyUsage lacks cRLSign)");
    inter.cert = saved;
    LT_CHECK_INT(lt_revocation_check(&sources, path, 2, NULL, 0, &rparams, &error, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_INT(error, LT_VERIFY_REVOKED);
    (void)specs;
    lt_crlset_clear(&set);
    free(der);
}

/* ---- tests: distribution points, partitions and indirect CRLs ----------------------------- */

static const uint8_t oid_crl_dp[] = { 0x55, 0x1d, 0x1f };

typedef struct {
    const char *uri;            /* distributionPoint fullName URI, or NULL */
    unsigned more_uris;         /* further URIs in that fullName */
    const party *crl_issuer;    /* cRLIssuer directoryName, or NULL */
} dp_spec;

/* A cRLDistributionPoints Extension (DER) listing n points, into buf. */
static lt_span build_dp_ext(uint8_t *buf, size_t cap, const dp_spec *dps, size_t n)
{
    lt_writer w = lt_writer_init(buf, cap);
    lt_derw_block e[2], list, dp, name, full, issuer, dn;
    open_ext(&w, oid_crl_dp, sizeof oid_crl_dp, 0, e);
    lt_derw_open_sequence(&w, &list);
    for (size_t i = 0; i < n; i++) {
        lt_derw_open_sequence(&w, &dp);
        if (dps[i].uri) {
            lt_derw_open_context(&w, 0, &name);
            lt_derw_open_context(&w, 0, &full);
            for (unsigned k = 0; k <= dps[i].more_uris; k++) {
                char uri[64];
                snprintf(uri, sizeof uri, k ? "%s.%u" : "%s", dps[i].uri, k);
                lt_derw_context_primitive(&w, 6, uri, strlen(uri));
            }
            lt_derw_close(&w, &full);
            lt_derw_close(&w, &name);
        }
        if (dps[i].crl_issuer) {
            lt_derw_open_context(&w, 2, &issuer);
            lt_derw_open_explicit(&w, 4, &dn);
            lt_derw_raw(&w, dps[i].crl_issuer->name, dps[i].crl_issuer->name_len);
            lt_derw_close(&w, &dn);
            lt_derw_close(&w, &issuer);
        }
        lt_derw_close(&w, &dp);
    }
    lt_derw_close(&w, &list);
    close_ext(&w, e);
    return w.err ? lt_span_make(NULL, 0) : lt_span_make(buf, w.len);
}

/* A leaf of inter named cn with the distribution points dps; 0 or -1. */
static int make_dp_leaf(const char *cn, const dp_spec *dps, size_t n, party *p)
{
    uint8_t ext[2048];
    lt_span e = build_dp_ext(ext, sizeof ext, dps, n);
    if (e.len == 0 || make_party(cn, p) < 0)
        return -1;
    return certify_ext(&inter, p, 0, e);
}

/* Verifies leafc through the intermediates inters to root with the CRLs specs. */
static lt_verify_error verify_chain(const party *leafc, const party *const *inters, size_t n_inters,
                                    const crl_spec *const *specs, size_t n_specs, int require, char *reason,
                                    size_t cap)
{
    lt_crlset set;
    lt_revocation_sources sources = { &set, require };
    lt_path_result result;
    lt_name_ref ref;
    const lt_cert *list[8], *anchors[] = { &root.cert };
    memset(&set, 0, sizeof set);
    for (size_t i = 0; i < n_specs; i++) {
        uint8_t *der;
        size_t len;
        const char *problem = NULL;
        if (build_crl(specs[i], &der, &len) < 0 || lt_crlset_add_der(&set, der, len, &problem) < 0) {
            fprintf(stderr, "  CRL %zu does not build or parse: %s\n", i, problem ? problem : "?");
            lt_test_current_failed = 1;
        }
        free(der);
    }
    for (size_t i = 0; i < n_inters; i++)
        list[i] = &inters[i]->cert;
    lt_path_params p = { 0 };
    LT_CHECK(lt_name_ref_host("a.test", &ref) == 0);
    p.name = &ref;
    p.time = NOW;
    p.purpose = LT_PURPOSE_SERVER;
    p.max_intermediates = 6;
    p.revocation = &sources;
    int rc = lt_path_verify(&leafc->cert, list, n_inters, anchors, 1, &p, &result);
    snprintf(reason, cap, "%s", result.reason);
    lt_crlset_clear(&set);
    LT_CHECK(rc == 0 ? result.error == LT_VERIFY_OK : rc == LT_ERR_VERIFY);
    return result.error;
}

static void test_distribution_points_parse_strictly(void)
{
    uint8_t ext[4096];
    party p;
    dp_spec dps[LT_CRLDP_MAX + 1];
    LT_CHECK_INT(make_party("a.test", &p), 0);
    for (size_t i = 0; i < LT_CRLDP_MAX + 1; i++)
        dps[i] = (dp_spec){ "http://crl.test/x.crl", 0, NULL };
    /* LT_CRLDP_MAX points: N - 1 and N parse, N + 1 does not */
    for (size_t n = LT_CRLDP_MAX - 1; n <= LT_CRLDP_MAX + 1; n++) {
        int rc = certify_ext(&inter, &p, 0, build_dp_ext(ext, sizeof ext, dps, n));
        LT_CHECK_INT(rc < 0, n > LT_CRLDP_MAX);
        if (rc == 0) {
            LT_CHECK(p.cert.has_crl_distribution_points);
            lt_reader r = lt_reader_from_span(p.cert.crl_distribution_points);
            lt_crldp dp;
            size_t count = 0;
            while (lt_crldp_next(&r, &dp) == 1)
                count++;
            LT_CHECK_INT(count, n);
        }
        free(p.der);
        p.der = NULL;
    }
    /* LT_CRLDP_MAX_NAMES names in one fullName: N - 1, N parse, N + 1 does not */
    for (unsigned n = LT_CRLDP_MAX_NAMES - 1; n <= LT_CRLDP_MAX_NAMES + 1; n++) {
        dps[0].more_uris = n - 1;
        LT_CHECK_INT(certify_ext(&inter, &p, 0, build_dp_ext(ext, sizeof ext, dps, 1)) < 0,
                     n > LT_CRLDP_MAX_NAMES);
        free(p.der);
        p.der = NULL;
    }
    /* a point with neither a distributionPoint nor a cRLIssuer (§4.2.1.13), and an empty list */
    dps[0] = (dp_spec){ NULL, 0, NULL };
    LT_CHECK(certify_ext(&inter, &p, 0, build_dp_ext(ext, sizeof ext, dps, 1)) < 0);
    free(p.der);
    p.der = NULL;
    LT_CHECK(certify_ext(&inter, &p, 0, build_dp_ext(ext, sizeof ext, dps, 0)) < 0);
    free(p.der);
    p.der = NULL;
    /* a cRLIssuer alone is enough */
    dps[0] = (dp_spec){ NULL, 0, &root };
    LT_CHECK_INT(certify_ext(&inter, &p, 0, build_dp_ext(ext, sizeof ext, dps, 1)), 0);
    party_free(&p);
}

static void test_partitions(void)
{
    /* a CRL of inter for distribution point 1 covers a leaf listing point 1, not one listing
     * point 2 nor one listing none; some-reasons CRLs never cover */
    char why[384];
    party dp1, dp2;
    dp_spec one = { "http://crl.test/1.crl", 0, NULL }, two = { "http://crl.test/2.crl", 0, NULL };
    LT_CHECK_INT(make_dp_leaf("a.test", &one, 1, &dp1), 0);
    LT_CHECK_INT(make_dp_leaf("a.test", &two, 1, &dp2), 0);
    const party *inters[] = { &inter };
    crl_spec part = spec_by(&inter), by_root = spec_by(&root);
    part.idp_dp = 1;
    const crl_spec *specs[] = { &part, &by_root };
    LT_CHECK_INT(verify_chain(&dp1, inters, 1, specs, 2, 1, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify_chain(&dp2, inters, 1, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "is for a distribution point that certificate 'a.test' does not list");
    LT_CHECK_INT(verify_chain(&dp2, inters, 1, specs, 2, 0, why, sizeof why), LT_VERIFY_OK);
    /* the partition of point 2 covers dp2 */
    part.idp_uri = "http://crl.test/2.crl";
    LT_CHECK_INT(verify_chain(&dp2, inters, 1, specs, 2, 1, why, sizeof why), LT_VERIFY_OK);
    /* listed on its partition: revoked */
    spec_revoke(&part, &dp2, LT_CRL_REASON_SUPERSEDED);
    LT_CHECK_INT(verify_chain(&dp2, inters, 1, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOKED);
    /* onlySomeReasons: revokes what it lists, never covers */
    crl_spec some = spec_by(&inter);
    some.idp_dp = 1;
    some.idp_some_reasons = 1;
    specs[0] = &some;
    LT_CHECK_INT(verify_chain(&dp1, inters, 1, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "covers only some revocation reasons");
    party_free(&dp1);
    party_free(&dp2);
}

/* The indirect world: crlca (a CA under root) publishes CRLs for inter's certificates; dleaf's
 * distribution points name crlca as cRLIssuer, and root as a second one. */
static party crlca, dleaf;

static crl_spec spec_indirect(const party *signer)
{
    crl_spec s = spec_by(signer);
    s.idp_indirect = 1;
    return s;
}

static void spec_revoke_for(crl_spec *s, const party *p, const party *cert_issuer)
{
    s->entry_issuers[s->n] = cert_issuer;
    spec_revoke(s, p, LT_CRL_REASON_KEY_COMPROMISE);
}

static void test_indirect_crl_revokes(void)
{
    char why[384];
    const party *inters[] = { &inter, &crlca };
    crl_spec s = spec_indirect(&crlca);
    const crl_spec *specs[] = { &s };
    spec_revoke_for(&s, &dleaf, &inter);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 1, 0, why, sizeof why), LT_VERIFY_REVOKED);
    LT_CHECK_STR_CONTAINS(why, "certificate 'a.test' (issued by 'inter') was revoked by 'crlca'");
    LT_CHECK_STR_CONTAINS(why, "keyCompromise, indirect CRL");
    /* the root, the anchor itself, as the indirect CRL issuer (dleaf's second point) */
    crl_spec r = spec_indirect(&root);
    spec_revoke_for(&r, &dleaf, &inter);
    specs[0] = &r;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 1, 0, why, sizeof why), LT_VERIFY_REVOKED);
    /* a leaf that does not name crlca as cRLIssuer: the CRL is not for it (§6.3.3 (b)(2)(iii)) */
    crl_spec other = spec_indirect(&crlca);
    spec_revoke_for(&other, &leaf, &inter);
    specs[0] = &other;
    LT_CHECK_INT(verify_chain(&leaf, inters, 2, specs, 1, 0, why, sizeof why), LT_VERIFY_OK);
    /* without indirectCRL, crlca's CRL is crlca's own: nothing about inter's certificates */
    s.idp_indirect = 0;
    s.entry_issuers[0] = NULL;
    specs[0] = &s;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 1, 0, why, sizeof why), LT_VERIFY_OK);
    /* ... nor does it cover them */
    crl_spec by_root = spec_by(&root), complete = spec_indirect(&crlca);
    const crl_spec *two[] = { &s, &by_root };
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, two, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    two[0] = &complete;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, two, 2, 1, why, sizeof why), LT_VERIFY_OK);
}

static void test_indirect_entry_scope(void)
{
    /* §5.3.3: an entry's certificate issuer is its certificateIssuer, or that of the entry
     * before it, or, for the first ones, the CRL issuer itself */
    char why[384];
    const party *inters[] = { &inter, &crlca };
    crl_spec by_root = spec_by(&root);
    crl_spec s = spec_indirect(&crlca);
    const crl_spec *specs[] = { &s, &by_root };
    spec_revoke(&s, &dleaf, LT_CRL_REASON_KEY_COMPROMISE); /* crlca's own serial */
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_OK);
    /* inherited from the entry before: inter */
    s = spec_indirect(&crlca);
    spec_revoke_for(&s, &leaf, &inter);
    spec_revoke(&s, &dleaf, LT_CRL_REASON_KEY_COMPROMISE);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOKED);
    /* ... unless a later certificateIssuer (root) takes over before it */
    s = spec_indirect(&crlca);
    spec_revoke_for(&s, &leaf, &inter);
    spec_revoke_for(&s, &crlca, &root);
    spec_revoke(&s, &dleaf, LT_CRL_REASON_KEY_COMPROMISE);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_OK);
    /* the same serial for two issuers: each entry is looked at */
    s = spec_indirect(&crlca);
    spec_revoke_for(&s, &dleaf, &root);
    spec_revoke_for(&s, &dleaf, &inter);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOKED);
    s = spec_indirect(&crlca);
    spec_revoke_for(&s, &dleaf, &inter);
    spec_revoke_for(&s, &dleaf, &root);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOKED);
}

static void test_indirect_partition_matches_crl_issuer(void)
{
    /* dleaf's second distribution point has no name, only cRLIssuer root: root's indirect CRL
     * whose issuingDistributionPoint names root covers it (§6.3.3 (b)(2)(i)), one naming a URI
     * does not */
    char why[384];
    const party *inters[] = { &inter, &crlca };
    crl_spec plain = spec_by(&root), part = spec_indirect(&root);
    const crl_spec *specs[] = { &plain, &part };
    part.idp_dp = 1;
    part.idp_dirname = &root;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_OK);
    part.idp_dirname = NULL;
    part.idp_uri = "http://crl.test/9.crl";
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "is for a distribution point that certificate 'a.test' does not list");
    /* dleaf's first point's URI matches crlca's indirect partition */
    crl_spec ind = spec_indirect(&crlca);
    ind.idp_dp = 1;
    specs[1] = &ind;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_OK);
}

static void test_indirect_crl_issuer_must_validate(void)
{
    char why[384];
    crl_spec by_root = spec_by(&root);
    crl_spec s = spec_indirect(&crlca);
    const crl_spec *specs[] = { &s, &by_root };
    spec_revoke_for(&s, &dleaf, &inter);
    /* crlca's certificate not given */
    const party *only_inter[] = { &inter };
    LT_CHECK_INT(verify_chain(&dleaf, only_inter, 1, specs, 2, 0, why, sizeof why), LT_VERIFY_OK);
    LT_CHECK_INT(verify_chain(&dleaf, only_inter, 1, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "the indirect CRL of 'crlca' cannot be used: its issuer's certificate was not given");
    /* a crlca of the same name under another root: not the path's anchor */
    party other_root, other_ca;
    LT_CHECK_INT(make_party("other root", &other_root) | certify(&other_root, &other_root, 1), 0);
    other_ca = crlca;
    other_ca.der = NULL;
    LT_CHECK_INT(certify(&other_root, &other_ca, 1), 0);
    const party *foreign[] = { &inter, &other_ca, &other_root };
    LT_CHECK_INT(verify_chain(&dleaf, foreign, 3, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "'crlca' does not validate to the same trust anchor");
    LT_CHECK_INT(verify_chain(&dleaf, foreign, 3, specs, 2, 0, why, sizeof why), LT_VERIFY_OK);
    free(other_ca.der);
    party_free(&other_root);
    /* crlca without cRLSign (its parsed keyUsage changed: path validation does not re-read it) */
    const party *inters[] = { &inter, &crlca };
    lt_cert saved = crlca.cert;
    crlca.cert.key_usage &= ~(unsigned)LT_KU_CRL_SIGN;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "'crlca' may not sign CRLs (no keyUsage cRLSign)");
    crlca.cert.has_key_usage = false;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    crlca.cert = saved;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOKED);
    /* a crlca that has expired at the time does not validate */
    crlca.cert.not_after = NOW - 1;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "'crlca' does not validate to the same trust anchor");
    crlca.cert = saved;
    /* signed by another key than crlca's certificate's */
    s.corrupt_signature = 1;
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, specs, 2, 1, why, sizeof why), LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(why, "the signature on a CRL naming 'crlca' as its issuer does not verify");
}

static void test_indirect_issuer_validation_budget(void)
{
    /* each indirect CRL's issuer is validated once per path: LT_REVOCATION_MAX_ISSUER_PATHS
     * CRLs of crlca (N - 1, N) pass, N + 1 gives `limit` */
    static crl_spec specs[LT_REVOCATION_MAX_ISSUER_PATHS + 1];
    const crl_spec *list[LT_REVOCATION_MAX_ISSUER_PATHS + 1];
    const party *inters[] = { &inter, &crlca };
    char why[384];
    for (size_t i = 0; i < LT_REVOCATION_MAX_ISSUER_PATHS + 1; i++) {
        specs[i] = spec_indirect(&crlca);
        specs[i].crl_number = (int)i + 1;
        list[i] = &specs[i];
    }
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, list, LT_REVOCATION_MAX_ISSUER_PATHS - 1, 0, why, sizeof why),
                 LT_VERIFY_OK);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, list, LT_REVOCATION_MAX_ISSUER_PATHS, 0, why, sizeof why),
                 LT_VERIFY_OK);
    LT_CHECK_INT(verify_chain(&dleaf, inters, 2, list, LT_REVOCATION_MAX_ISSUER_PATHS + 1, 0, why, sizeof why),
                 LT_VERIFY_LIMIT);
    LT_CHECK_STR_CONTAINS(why, "gave up checking revocation after validating 4 indirect CRL issuers");
}

static void test_indirect_crl_read_by_libcrypto(void)
{
    /* second opinion: libcrypto reads the indirect CRL built here, with its issuingDistributionPoint
     * indirectCRL and the entry's certificateIssuer */
    crl_spec s = spec_indirect(&crlca);
    uint8_t *der = NULL;
    size_t len = 0;
    spec_revoke_for(&s, &dleaf, &inter);
    LT_CHECK_INT(build_crl(&s, &der, &len), 0);
    const unsigned char *q = der;
    X509_CRL *crl = d2i_X509_CRL(NULL, &q, (long)len);
    LT_CHECK(crl != NULL);
    if (crl != NULL) {
        ISSUING_DIST_POINT *idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, NULL, NULL);
        LT_CHECK(idp != NULL && idp->indirectCRL);
        ISSUING_DIST_POINT_free(idp);
        X509_REVOKED *rev = sk_X509_REVOKED_value(X509_CRL_get_REVOKED(crl), 0);
        GENERAL_NAMES *ci = rev ? X509_REVOKED_get_ext_d2i(rev, NID_certificate_issuer, NULL, NULL) : NULL;
        LT_CHECK(ci != NULL && sk_GENERAL_NAME_num(ci) == 1);
        GENERAL_NAMES_free(ci);
        X509_CRL_free(crl);
    }
    free(der);
}

/* ---- tests: the development CA's revoked list (devca/revoked.c, shared with OCSP) ---------- */

static int write_revoked(const char *dir, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/revoked", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void test_devca_revoked_list_format(void)
{
    char dir[] = "/tmp/latch-revoked-XXXXXX";
    lt_devca_revoked *list = NULL;
    size_t n = 99;
    LT_CHECK(mkdtemp(dir) != NULL);
    /* no file: an empty list */
    LT_CHECK_INT(lt_devca_revoked_load(dir, &list, &n), 0);
    LT_CHECK(list == NULL && n == 0);
    LT_CHECK_INT(write_revoked(dir, "0a1b 1780000000 1\n7f 1780000001 0\n"), 0);
    LT_CHECK_INT(lt_devca_revoked_load(dir, &list, &n), 0);
    LT_CHECK_INT(n, 2);
    if (n == 2) {
        LT_CHECK(list[0].serial_len == 2 && list[0].serial[0] == 0x0a && list[0].serial[1] == 0x1b);
        LT_CHECK(list[0].when == 1780000000 && list[0].reason == 1);
        LT_CHECK(list[1].serial_len == 1 && list[1].serial[0] == 0x7f && list[1].reason == 0);
    }
    free(list);
    /* every line in the one canonical spelling, or the file is refused */
    static const char *const bad[] = {
        "0A1B 1780000000 1\n",    /* upper case */
        "00a1 1780000000 1\n",    /* a leading zero byte */
        "a1b 1780000000 1\n",     /* odd digits */
        "0a1b  1780000000 1\n",   /* two spaces */
        "0a1b 1780000000 7\n",    /* 7 is no reason */
        "0a1b 1780000000 11\n",
        "0a1b 1780000000 1",       /* no newline */
        "0a1b 1780000000\n",
        "0a1b -5 1\n",
        "\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LT_CHECK_INT(write_revoked(dir, bad[i]), 0);
        list = NULL;
        int rc = lt_devca_revoked_load(dir, &list, &n);
        if (rc != LT_ERR_DECODE)
            fprintf(stderr, "  line %zu accepted\n", i);
        LT_CHECK_INT(rc, LT_ERR_DECODE);
        free(list);
    }
    char path[256];
    snprintf(path, sizeof path, "%s/revoked", dir);
    remove(path);
    rmdir(dir);
}

static void test_devca_serial_hex(void)
{
    /* 1 to 20 bytes: 40 hex digits pass, 42 do not; leading zeros are dropped, zero refused */
    uint8_t serial[LT_DEVCA_SERIAL_MAX];
    size_t len = 0;
    char hex[64], back[2 * LT_DEVCA_SERIAL_MAX + 1];
    for (size_t bytes = LT_DEVCA_SERIAL_MAX - 1; bytes <= LT_DEVCA_SERIAL_MAX + 1; bytes++) {
        memset(hex, 0, sizeof hex);
        for (size_t i = 0; i < 2 * bytes; i++)
            hex[i] = i == 0 ? '7' : 'e';
        int rc = lt_devca_serial_from_hex(hex, serial, &len);
        LT_CHECK_INT(rc, bytes <= LT_DEVCA_SERIAL_MAX ? 0 : LT_ERR_INVALID_ARG);
        if (rc == 0) {
            LT_CHECK_INT(len, bytes);
            lt_devca_serial_to_hex(serial, len, back);
            LT_CHECK(strcmp(back, hex) == 0);
        }
    }
    LT_CHECK_INT(lt_devca_serial_from_hex("000A1b", serial, &len), 0);
    LT_CHECK(len == 2 && serial[0] == 0x0a && serial[1] == 0x1b);
    LT_CHECK_INT(lt_devca_serial_from_hex("00", serial, &len), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_devca_serial_from_hex("", serial, &len), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_devca_serial_from_hex("0g", serial, &len), LT_ERR_INVALID_ARG);
}

/* ---- tests: the handshake -------------------------------------------------------------- */

/* A CRL of the test PKI's CA (tests/vectors/pki/ca.pem), made by libcrypto, listing serial
 * (0: nothing); DER in *der (OPENSSL_free). */
static int pki_crl(long serial, uint8_t **der)
{
    FILE *f = fopen(LT_PKI "ca.pem", "r"), *k = fopen(LT_PKI "ca-key.pem", "r");
    X509 *ca = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    EVP_PKEY *key = k ? PEM_read_PrivateKey(k, NULL, NULL, NULL) : NULL;
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *t1 = ASN1_TIME_set(NULL, time(NULL) - 3600), *t2 = ASN1_TIME_set(NULL, time(NULL) + 86400);
    int len = -1;
    if (ca != NULL && key != NULL && crl != NULL) {
        X509_CRL_set_version(crl, X509_CRL_VERSION_2);
        X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca));
        X509_CRL_set1_lastUpdate(crl, t1);
        X509_CRL_set1_nextUpdate(crl, t2);
        if (serial != 0) {
            X509_REVOKED *r = X509_REVOKED_new();
            ASN1_INTEGER *n = ASN1_INTEGER_new();
            ASN1_ENUMERATED *code = ASN1_ENUMERATED_new();
            ASN1_INTEGER_set(n, serial);
            ASN1_ENUMERATED_set(code, LT_CRL_REASON_KEY_COMPROMISE);
            X509_REVOKED_set_serialNumber(r, n);
            X509_REVOKED_set_revocationDate(r, t1);
            X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, code, 0, 0);
            X509_CRL_add0_revoked(crl, r);
            ASN1_INTEGER_free(n);
            ASN1_ENUMERATED_free(code);
        }
        if (X509_CRL_sign(crl, key, EVP_sha256()) > 0)
            len = i2d_X509_CRL(crl, der);
    }
    if (f) fclose(f);
    if (k) fclose(k);
    ASN1_TIME_free(t1);
    ASN1_TIME_free(t2);
    X509_CRL_free(crl);
    EVP_PKEY_free(key);
    X509_free(ca);
    return len;
}

static void test_handshake_refuses_a_revoked_server(void)
{
    /* a client with a CRL listing the server's certificate (p256.pem, serial 3) refuses it with
     * certificate_revoked, in both versions; one listing another serial connects; requiring a
     * CRL without one fails with bad_certificate_status_response */
    static const char *const cert = "p256";
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        for (int c = 0; c < 3; c++) {
            latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
            uint8_t *der = NULL;
            lt_pair p;
            memset(&p, 0, sizeof p);
            LT_CHECK(scfg != NULL && ccfg != NULL);
            latch_config_set_versions(scfg, version, version);
            if (c < 2) {
                int len = pki_crl(c == 0 ? 3 : 77, &der);
                LT_CHECK(len > 0);
                LT_CHECK_INT(latch_config_add_crl(ccfg, der, (size_t)len), LATCH_OK);
                OPENSSL_free(der);
            }
            LT_CHECK_INT(latch_config_set_require_crl(ccfg, 1), LATCH_OK);
            int ok = lt_pair_handshake(&p, ccfg, scfg, "localhost");
            if (c == 1) {
                if (!ok)
                    fprintf(stderr, "  %04x: %s\n", version, latch_conn_error(p.client));
                LT_CHECK(ok);
            } else {
                LT_CHECK(!ok);
                LT_CHECK_INT(latch_conn_alert_sent(p.client),
                             c == 0 ? LT_ALERT_CERTIFICATE_REVOKED : LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE);
                LT_CHECK_STR_CONTAINS(latch_conn_error(p.client),
                                      c == 0 ? "(reason: keyCompromise) [revoked]" : "[revocation-unknown]");
            }
            lt_pair_free(&p);
            latch_config_free(ccfg);
            latch_config_free(scfg);
        }
    }
}

static void test_server_refuses_a_revoked_client(void)
{
    /* mutual TLS: a server with a CRL listing the client's certificate (p256.pem) refuses it */
    static const char *const cert = "p256";
    latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
    uint8_t *der = NULL;
    lt_pair p;
    memset(&p, 0, sizeof p);
    int len = pki_crl(3, &der);
    LT_CHECK(len > 0 && scfg != NULL && ccfg != NULL);
    LT_CHECK_INT(latch_config_set_client_auth(scfg, LATCH_CLIENT_AUTH_REQUIRE, LT_PKI "ca.pem"), LATCH_OK);
    LT_CHECK_INT(latch_config_add_crl(scfg, der, (size_t)len), LATCH_OK);
    LT_CHECK_INT(latch_config_add_identity(ccfg, LT_PKI "p256.pem", LT_PKI "p256-key.pem"), LATCH_OK);
    OPENSSL_free(der);
    LT_CHECK(!lt_pair_handshake(&p, ccfg, scfg, "localhost"));
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_CERTIFICATE_REVOKED);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "client certificate rejected");
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "[revoked]");
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

static void test_config_crl_errors(void)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    LT_CHECK_INT(latch_config_add_crl(cfg, junk, sizeof junk), LATCH_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "not a usable CRL");
    LT_CHECK_INT(latch_config_add_crl_file(cfg, "no/such/file.crl"), LATCH_ERR_IO);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "cannot read CRL file 'no/such/file.crl'");
    LT_CHECK_INT(latch_config_add_crl_file(cfg, LT_PKI "ca.pem"), LATCH_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "is not a usable CRL file");
    latch_config_free(cfg);
}

int main(void)
{
    if (make_party("root", &root) | make_party("inter", &inter) | make_party("a.test", &leaf) ||
        certify(&root, &root, 1) | certify(&root, &inter, 1) | certify(&inter, &leaf, 0) ||
        make_party("crlca", &crlca) | certify(&root, &crlca, 1) ||
        make_dp_leaf("a.test", (const dp_spec[]){ { "http://crl.test/1.crl", 0, &crlca }, { NULL, 0, &root } }, 2,
                     &dleaf) < 0) {
        fprintf(stderr, "cannot make the test certificates\n");
        return 1;
    }
    LT_RUN(test_parse_crl_made_by_libcrypto);
    LT_RUN(test_built_crl_is_read_by_libcrypto);
    LT_RUN(test_v1_crl_without_extensions_parses);
    LT_RUN(test_malformed_crls_are_refused_with_a_reason);
    LT_RUN(test_every_truncation_is_refused);
    LT_RUN(test_extension_limit);
    LT_RUN(test_set_limit_and_duplicates);
    LT_RUN(test_pem_der_and_garbage_inputs);
    LT_RUN(test_lookup_among_many_entries);
    LT_RUN(test_revoked_leaf_names_reason_and_date);
    LT_RUN(test_unlisted_certificate_passes);
    LT_RUN(test_revoked_intermediate);
    LT_RUN(test_anchor_is_not_checked);
    LT_RUN(test_missing_crl_fails_only_when_required);
    LT_RUN(test_stale_and_future_crls_are_not_used);
    LT_RUN(test_bad_signature_or_other_key_is_not_used);
    LT_RUN(test_unsupported_crls_are_not_used);
    LT_RUN(test_distribution_point_scope);
    LT_RUN(test_signature_budget);
    LT_RUN(test_crl_sign_key_usage_is_required);
    LT_RUN(test_distribution_points_parse_strictly);
    LT_RUN(test_partitions);
    LT_RUN(test_indirect_crl_revokes);
    LT_RUN(test_indirect_entry_scope);
    LT_RUN(test_indirect_partition_matches_crl_issuer);
    LT_RUN(test_indirect_crl_issuer_must_validate);
    LT_RUN(test_indirect_issuer_validation_budget);
    LT_RUN(test_indirect_crl_read_by_libcrypto);
    LT_RUN(test_devca_revoked_list_format);
    LT_RUN(test_devca_serial_hex);
    LT_RUN(test_handshake_refuses_a_revoked_server);
    LT_RUN(test_server_refuses_a_revoked_client);
    LT_RUN(test_config_crl_errors);
    party_free(&root);
    party_free(&inter);
    party_free(&leaf);
    party_free(&crlca);
    party_free(&dleaf);
    return lt_test_summary();
}
