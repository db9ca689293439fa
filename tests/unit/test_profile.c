/* Unit tests for src/x509/profile.c and the way src/x509/path.c applies it: the profile rules a
 * certificate must follow for its role on a path (trust anchor, intermediate, end entity), the
 * key and serial rules, and self-issued intermediates. The certificates are written here at test
 * time with the DER writer (src/x509/derw.h), extension by extension, so each test can break
 * exactly one rule (a criticality, a missing field) that no certificate tool would make on
 * request. Each test asserts the verdict token and the sentence. */
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "x509/cert.h"
#include "x509/derw.h"
#include "x509/oid.h"
#include "x509/path.h"
#include "x509/profile.h"
#include "x509/roots.h"

#include <time.h>

#define T0 1767225600LL /* 2026-01-01 */
#define DAY 86400LL
#define MAX_EXTS 12

/* keyUsage first-octet bits, most significant first (RFC 5280 §4.2.1.3) */
#define KU_DIGITAL_SIGNATURE 0x80
#define KU_KEY_CERT_SIGN 0x04
#define KU_CRL_SIGN 0x02

typedef struct {
    lt_privkey *key;
    const char *cn;
    uint8_t key_id[20];
} party;

typedef struct {
    const uint8_t *oid;
    size_t oid_len;
    int critical;
    uint8_t value[300];
    size_t value_len;
} ext;

/* What goes into one certificate; the defaults come from spec_root/spec_ca/spec_leaf and each
 * test changes the one thing it is about. */
typedef struct {
    uint8_t serial[24];
    size_t serial_len;           /* INTEGER contents, written as given (negative, zero...) */
    const party *issuer;
    const party *subject;
    const char *subject_cn;      /* NULL: an empty subject Name */
    const char *issuer_cn;
    int64_t not_before, not_after;
    const uint8_t *spki;         /* NULL: the subject party's key */
    size_t spki_len;
    ext exts[MAX_EXTS];
    size_t n_exts;
} spec;

typedef struct {
    uint8_t *der;
    size_t len;
    lt_cert cert;
} made;

static int make_party(const char *cn, lt_key_type type, unsigned bits, party *p)
{
    uint8_t *spki = NULL, digest[32];
    size_t spki_len = 0;
    memset(p, 0, sizeof *p);
    p->cn = cn;
    if (lt_privkey_generate(type, bits, &p->key) < 0 || lt_privkey_spki(p->key, &spki, &spki_len) < 0)
        return -1;
    int rc = lt_hash(LT_HASH_SHA256, spki, spki_len, digest);
    memcpy(p->key_id, digest, sizeof p->key_id);
    free(spki);
    return rc;
}

static ext *spec_ext(spec *s, const uint8_t *oid, size_t oid_len)
{
    for (size_t i = 0; i < s->n_exts; i++)
        if (s->exts[i].oid_len == oid_len && memcmp(s->exts[i].oid, oid, oid_len) == 0)
            return &s->exts[i];
    if (s->n_exts == MAX_EXTS)
        abort();
    ext *e = &s->exts[s->n_exts++];
    memset(e, 0, sizeof *e);
    e->oid = oid;
    e->oid_len = oid_len;
    return e;
}

#define SPEC_EXT(s, OID) spec_ext((s), OID, sizeof OID)

static void spec_drop(spec *s, const uint8_t *oid, size_t oid_len)
{
    ext *e = spec_ext(s, oid, oid_len);
    size_t i = (size_t)(e - s->exts);
    memmove(&s->exts[i], &s->exts[i + 1], (s->n_exts - i - 1) * sizeof *e);
    s->n_exts--;
}

#define SPEC_DROP(s, OID) spec_drop((s), OID, sizeof OID)

/* Writes an extension's value with the DER writer: open, fill, close. */
#define EXT_VALUE(e, w) for (lt_writer w = lt_writer_init((e)->value, sizeof (e)->value); \
                             w.cap; (e)->value_len = w.len, w.cap = 0)

static void set_basic_constraints(spec *s, int critical, int ca, int path_len)
{
    ext *e = SPEC_EXT(s, LT_OID_BASIC_CONSTRAINTS);
    lt_derw_block b;
    e->critical = critical;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &b);
        if (ca)
            lt_derw_boolean(&w, 1);
        if (ca && path_len >= 0)
            lt_derw_integer_u64(&w, (uint64_t)path_len);
        lt_derw_close(&w, &b);
    }
}

static void set_key_usage(spec *s, uint8_t bits)
{
    ext *e = SPEC_EXT(s, LT_OID_KEY_USAGE);
    uint8_t content[2] = { 0, bits };
    while (content[0] < 7 && (bits & (1u << content[0])) == 0)
        content[0]++;
    e->critical = 1;
    EXT_VALUE(e, w) lt_derw_tlv(&w, LT_DER_BIT_STRING, content, sizeof content);
}

/* extKeyUsage: server, client, any (each 0/1) */
static void set_eku(spec *s, int critical, int server, int client, int any)
{
    ext *e = SPEC_EXT(s, LT_OID_EXT_KEY_USAGE);
    lt_derw_block b;
    e->critical = critical;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &b);
        if (server)
            lt_derw_oid(&w, LT_OID_KP_SERVER_AUTH, sizeof LT_OID_KP_SERVER_AUTH);
        if (client)
            lt_derw_oid(&w, LT_OID_KP_CLIENT_AUTH, sizeof LT_OID_KP_CLIENT_AUTH);
        if (any)
            lt_derw_oid(&w, LT_OID_ANY_EXT_KEY_USAGE, sizeof LT_OID_ANY_EXT_KEY_USAGE);
        lt_derw_close(&w, &b);
    }
}

static void set_ski(spec *s, int critical, const uint8_t *key_id)
{
    ext *e = SPEC_EXT(s, LT_OID_SUBJECT_KEY_ID);
    e->critical = critical;
    EXT_VALUE(e, w) lt_derw_octet_string(&w, key_id, 20);
}

/* authorityKeyIdentifier: key_id (NULL: no keyIdentifier), and optionally an
 * authorityCertIssuer / authorityCertSerialNumber. */
static void set_aki(spec *s, int critical, const uint8_t *key_id, int with_issuer, int with_serial)
{
    ext *e = SPEC_EXT(s, LT_OID_AUTHORITY_KEY_ID);
    lt_derw_block b, names;
    static const uint8_t uri[] = "http://ca.test/";
    static const uint8_t serial = 7;
    e->critical = critical;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &b);
        if (key_id != NULL)
            lt_derw_context_primitive(&w, 0, key_id, 20);
        if (with_issuer) {
            lt_derw_open_context(&w, 1, &names);
            lt_derw_context_primitive(&w, 6, uri, sizeof uri - 1);
            lt_derw_close(&w, &names);
        }
        if (with_serial)
            lt_derw_context_primitive(&w, 2, &serial, 1);
        lt_derw_close(&w, &b);
    }
}

static void set_san_dns(spec *s, const char *dns)
{
    ext *e = SPEC_EXT(s, LT_OID_SUBJECT_ALT_NAME);
    lt_derw_block b;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &b);
        lt_derw_context_primitive(&w, 2, dns, strlen(dns));
        lt_derw_close(&w, &b);
    }
}

/* nameConstraints: permitted dNSName subtree */
static void set_nc_permit_dns(spec *s, const char *dns)
{
    ext *e = SPEC_EXT(s, LT_OID_NAME_CONSTRAINTS);
    lt_derw_block nc, permitted, subtree;
    e->critical = 1;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &nc);
        lt_derw_open_context(&w, 0, &permitted);
        lt_derw_open_sequence(&w, &subtree);
        lt_derw_context_primitive(&w, 2, dns, strlen(dns));
        lt_derw_close(&w, &subtree);
        lt_derw_close(&w, &permitted);
        lt_derw_close(&w, &nc);
    }
}

/* policyConstraints { requireExplicitPolicy [0] 0 }, or an empty sequence */
static void set_policy_constraints(spec *s, int critical, int empty)
{
    static const uint8_t zero = 0;
    ext *e = SPEC_EXT(s, LT_OID_POLICY_CONSTRAINTS);
    lt_derw_block b;
    e->critical = critical;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &b);
        if (!empty)
            lt_derw_context_primitive(&w, 0, &zero, 1);
        lt_derw_close(&w, &b);
    }
}

/* authorityInfoAccess with n caIssuers URIs */
static void set_aia(spec *s, int critical, int n)
{
    static const uint8_t ca_issuers[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02 };
    static const char uri[] = "http://ca.test/ca.der";
    ext *e = SPEC_EXT(s, LT_OID_AUTHORITY_INFO_ACCESS);
    lt_derw_block b, desc;
    e->critical = critical;
    EXT_VALUE(e, w) {
        lt_derw_open_sequence(&w, &b);
        for (int i = 0; i < n; i++) {
            lt_derw_open_sequence(&w, &desc);
            lt_derw_oid(&w, ca_issuers, sizeof ca_issuers);
            lt_derw_context_primitive(&w, 6, uri, sizeof uri - 1);
            lt_derw_close(&w, &desc);
        }
        lt_derw_close(&w, &b);
    }
}

static void spec_base(spec *s, const party *issuer, const party *subject)
{
    memset(s, 0, sizeof *s);
    s->serial[0] = 0x01;
    s->serial_len = 1;
    s->issuer = issuer;
    s->subject = subject;
    s->subject_cn = subject->cn;
    s->issuer_cn = issuer->cn;
    s->not_before = T0;
    s->not_after = T0 + 365 * DAY;
}

/* A Web-PKI-valid root, intermediate and server leaf (for "a.test"). */
static void spec_root(spec *s, const party *root)
{
    spec_base(s, root, root);
    set_basic_constraints(s, 1, 1, -1);
    set_key_usage(s, KU_KEY_CERT_SIGN | KU_CRL_SIGN);
    set_ski(s, 0, root->key_id);
}

static void spec_ca(spec *s, const party *issuer, const party *ca, int path_len)
{
    spec_base(s, issuer, ca);
    set_basic_constraints(s, 1, 1, path_len);
    set_key_usage(s, KU_KEY_CERT_SIGN | KU_CRL_SIGN);
    set_ski(s, 0, ca->key_id);
    set_aki(s, 0, issuer->key_id, 0, 0);
}

static void spec_leaf(spec *s, const party *issuer, const party *leaf)
{
    spec_base(s, issuer, leaf);
    set_basic_constraints(s, 1, 0, -1);
    set_key_usage(s, KU_DIGITAL_SIGNATURE);
    set_eku(s, 0, 1, 0, 0);
    set_san_dns(s, "a.test");
    set_ski(s, 0, leaf->key_id);
    set_aki(s, 0, issuer->key_id, 0, 0);
}

static void write_name(lt_writer *w, const char *cn)
{
    lt_derw_block name, rdn, attribute;
    lt_derw_open_sequence(w, &name);
    if (cn != NULL) {
        lt_derw_open_set(w, &rdn);
        lt_derw_open_sequence(w, &attribute);
        lt_derw_oid(w, LT_OID_AT_COMMON_NAME, sizeof LT_OID_AT_COMMON_NAME);
        lt_derw_utf8_string(w, cn, strlen(cn));
        lt_derw_close(w, &attribute);
        lt_derw_close(w, &rdn);
    }
    lt_derw_close(w, &name);
}

static void write_sig_alg(lt_writer *w)
{
    lt_derw_block b;
    lt_derw_open_sequence(w, &b);
    lt_derw_oid(w, LT_OID_ECDSA_SHA256, sizeof LT_OID_ECDSA_SHA256);
    lt_derw_close(w, &b);
}

/* Builds, signs (ECDSA P-256 issuers, SHA-256) and parses the certificate. */
static int build(const spec *s, made *out)
{
    uint8_t tbs_buf[4096], sig[160], *spki = NULL;
    size_t spki_len = 0, sig_len = sizeof sig;
    lt_derw_block tbs, version, validity, explicit_tag, list, one, value, certificate;
    memset(out, 0, sizeof *out);
    if (s->spki != NULL) {
        spki = malloc(s->spki_len);
        memcpy(spki, s->spki, s->spki_len);
        spki_len = s->spki_len;
    } else if (lt_privkey_spki(s->subject->key, &spki, &spki_len) < 0) {
        return -1;
    }
    lt_writer w = lt_writer_init(tbs_buf, sizeof tbs_buf);
    lt_derw_open_sequence(&w, &tbs);
    lt_derw_open_explicit(&w, 0, &version);
    lt_derw_integer_u64(&w, 2);
    lt_derw_close(&w, &version);
    lt_derw_tlv(&w, LT_DER_INTEGER, s->serial, s->serial_len);
    write_sig_alg(&w);
    write_name(&w, s->issuer_cn);
    lt_derw_open_sequence(&w, &validity);
    lt_derw_time(&w, s->not_before);
    lt_derw_time(&w, s->not_after);
    lt_derw_close(&w, &validity);
    write_name(&w, s->subject_cn);
    lt_derw_raw(&w, spki, spki_len);
    lt_derw_open_explicit(&w, 3, &explicit_tag);
    lt_derw_open_sequence(&w, &list);
    for (size_t i = 0; i < s->n_exts; i++) {
        lt_derw_open_sequence(&w, &one);
        lt_derw_oid(&w, s->exts[i].oid, s->exts[i].oid_len);
        if (s->exts[i].critical)
            lt_derw_boolean(&w, 1);
        lt_derw_open(&w, LT_DER_OCTET_STRING, &value);
        lt_derw_raw(&w, s->exts[i].value, s->exts[i].value_len);
        lt_derw_close(&w, &value);
        lt_derw_close(&w, &one);
    }
    lt_derw_close(&w, &list);
    lt_derw_close(&w, &explicit_tag);
    lt_derw_close(&w, &tbs);
    free(spki);
    if (w.err || lt_privkey_sign(s->issuer->key, LT_SIG_ECDSA_SHA256, tbs_buf, w.len, sig, &sig_len) < 0)
        return -1;
    out->der = malloc(w.len + sig_len + 64);
    lt_writer c = lt_writer_init(out->der, w.len + sig_len + 64);
    lt_derw_open_sequence(&c, &certificate);
    lt_derw_raw(&c, tbs_buf, w.len);
    write_sig_alg(&c);
    lt_derw_bit_string(&c, sig, sig_len);
    lt_derw_close(&c, &certificate);
    out->len = c.len;
    if (c.err)
        return -1;
    return lt_cert_parse(out->der, out->len, &out->cert, NULL);
}

/* The parties of most tests: Root - Inter - Leaf, all P-256. */
static party root, inter, leaf;

static lt_path_params params_for(lt_purpose purpose)
{
    static lt_name_ref ref;
    lt_path_params p = { 0 };
    if (lt_name_ref_host("a.test", &ref) < 0)
        abort();
    p.name = purpose == LT_PURPOSE_SERVER ? &ref : NULL;
    p.time = T0 + DAY;
    p.purpose = purpose;
    p.max_intermediates = 6;
    return p;
}

/* Verifies leaf_spec - inter_spec - root_spec (inter_spec NULL: leaf directly under the root);
 * returns the verdict (LT_VERIFY_OK on success) and leaves the reason in reason. */
static lt_verify_error verify3(const spec *leaf_spec, const spec *inter_spec, const spec *root_spec,
                               lt_purpose purpose, char *reason, size_t cap)
{
    made l, i, r;
    lt_path_result result;
    lt_path_params p = params_for(purpose);
    memset(&i, 0, sizeof i);
    if (build(leaf_spec, &l) < 0 || build(root_spec, &r) < 0 || (inter_spec && build(inter_spec, &i) < 0)) {
        snprintf(reason, cap, "(test certificate not made)");
        return LT_VERIFY_MALFORMED + 100;
    }
    const lt_cert *inters[] = { &i.cert }, *anchors[] = { &r.cert };
    int rc = lt_path_verify(&l.cert, inters, inter_spec ? 1 : 0, anchors, 1, &p, &result);
    snprintf(reason, cap, "%s", result.reason);
    free(l.der); free(i.der); free(r.der);
    if ((rc == 0) != (result.error == LT_VERIFY_OK))
        return LT_VERIFY_MALFORMED + 101;
    return result.error;
}

/* ---- the trust anchor ------------------------------------------------------------------- */

static void check_anchor(void (*change)(spec *), lt_verify_error want, const char *says)
{
    spec l, i, r;
    char reason[384];
    spec_leaf(&l, &inter, &leaf);
    spec_ca(&i, &root, &inter, -1);
    spec_root(&r, &root);
    change(&r);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), want);
    LT_CHECK_STR_CONTAINS(reason, says);
}

static void anchor_unchanged(spec *r) { (void)r; }
static void anchor_expired(spec *r) { r->not_before = T0 - 400 * DAY; r->not_after = T0; }
static void anchor_not_yet_valid(spec *r) { r->not_before = T0 + 2 * DAY; }
static void anchor_unknown_critical(spec *r)
{
    static const uint8_t oid[] = { 0x2a, 0x03, 0x04 };
    ext *e = SPEC_EXT(r, oid);
    e->critical = 1;
    EXT_VALUE(e, w) lt_derw_null(&w);
}
static void anchor_no_bc(spec *r) { SPEC_DROP(r, LT_OID_BASIC_CONSTRAINTS); }
static void anchor_bc_not_critical(spec *r) { set_basic_constraints(r, 0, 1, -1); }
static void anchor_bc_not_ca(spec *r) { set_basic_constraints(r, 1, 0, -1); }
static void anchor_ku_no_cert_sign(spec *r) { set_key_usage(r, KU_DIGITAL_SIGNATURE | KU_CRL_SIGN); }
static void anchor_no_ku(spec *r) { SPEC_DROP(r, LT_OID_KEY_USAGE); }
static void anchor_eku(spec *r) { set_eku(r, 0, 1, 0, 0); }
static void anchor_no_ski(spec *r) { SPEC_DROP(r, LT_OID_SUBJECT_KEY_ID); }
static void anchor_aki_own(spec *r) { set_aki(r, 0, root.key_id, 0, 0); }
static void anchor_aki_other(spec *r) { set_aki(r, 0, inter.key_id, 0, 0); }
static void anchor_aki_no_key_id(spec *r) { set_aki(r, 0, NULL, 1, 1); }
static void anchor_aki_issuer(spec *r) { set_aki(r, 0, root.key_id, 1, 0); }
static void anchor_aki_serial(spec *r) { set_aki(r, 0, root.key_id, 0, 1); }
static void anchor_serial_zero(spec *r) { r->serial[0] = 0x00; }
static void anchor_aki_critical(spec *r) { set_aki(r, 1, root.key_id, 0, 0); }

static void test_trust_anchor_is_held_to_the_root_profile(void)
{
    check_anchor(anchor_unchanged, LT_VERIFY_OK, "");
    check_anchor(anchor_expired, LT_VERIFY_EXPIRED, "trust anchor 'Root' expired on");
    check_anchor(anchor_not_yet_valid, LT_VERIFY_NOT_YET_VALID, "trust anchor 'Root' is not valid until");
    check_anchor(anchor_unknown_critical, LT_VERIFY_UNKNOWN_CRITICAL_EXTENSION,
                 "trust anchor 'Root' has a critical extension latch does not understand (1.2.3.4)");
    check_anchor(anchor_no_bc, LT_VERIFY_NOT_CA, "trust anchor 'Root' is not a CA certificate");
    check_anchor(anchor_bc_not_ca, LT_VERIFY_NOT_CA, "trust anchor 'Root' is not a CA certificate");
    check_anchor(anchor_bc_not_critical, LT_VERIFY_BAD_EXTENSION,
                 "trust anchor 'Root' has a basicConstraints extension that is not critical");
    check_anchor(anchor_ku_no_cert_sign, LT_VERIFY_KEY_USAGE, "trust anchor 'Root' may not sign certificates");
    check_anchor(anchor_no_ku, LT_VERIFY_OK, ""); /* keyUsage is checked only when present */
    check_anchor(anchor_eku, LT_VERIFY_BAD_EXTENSION, "trust anchor 'Root' has an extKeyUsage extension");
    check_anchor(anchor_no_ski, LT_VERIFY_BAD_EXTENSION, "trust anchor 'Root' has no subjectKeyIdentifier");
    check_anchor(anchor_aki_own, LT_VERIFY_OK, "");
    check_anchor(anchor_aki_other, LT_VERIFY_BAD_EXTENSION,
                 "trust anchor 'Root' has an authorityKeyIdentifier that does not match its subjectKeyIdentifier");
    check_anchor(anchor_aki_no_key_id, LT_VERIFY_BAD_EXTENSION,
                 "trust anchor 'Root' has an authorityKeyIdentifier that has no keyIdentifier");
    check_anchor(anchor_aki_issuer, LT_VERIFY_BAD_EXTENSION,
                 "trust anchor 'Root' has an authorityKeyIdentifier that names an issuer or serial number");
    check_anchor(anchor_aki_serial, LT_VERIFY_BAD_EXTENSION,
                 "trust anchor 'Root' has an authorityKeyIdentifier that names an issuer or serial number");
    /* the serial number rule is not an anchor's: roots in use have the serial number zero */
    check_anchor(anchor_serial_zero, LT_VERIFY_OK, "");
    check_anchor(anchor_aki_critical, LT_VERIFY_BAD_EXTENSION,
                 "certificate 'Root' marks its authorityKeyIdentifier critical");
}

/* Roots made before the Baseline Requirements (2012-07-01) answer to RFC 5280's substance, not
 * to the BR's form: one made the day before may lack a critical basicConstraints, a
 * subjectKeyIdentifier, or have an authorityKeyIdentifier naming an issuer; one made on the day
 * may not. What is not form (cA, keyCertSign, validity, extKeyUsage) holds for every root. */
#define BR_DAY 1341100800LL /* 2012-07-01 */
static int64_t anchor_born;
static void anchor_old_bc_not_critical(spec *r) { r->not_before = anchor_born; set_basic_constraints(r, 0, 1, -1); }
static void anchor_old_no_ski(spec *r) { r->not_before = anchor_born; SPEC_DROP(r, LT_OID_SUBJECT_KEY_ID); }
static void anchor_old_aki_issuer(spec *r) { r->not_before = anchor_born; set_aki(r, 0, root.key_id, 1, 1); }
static void anchor_old_no_bc(spec *r) { r->not_before = anchor_born; SPEC_DROP(r, LT_OID_BASIC_CONSTRAINTS); }
static void anchor_old_eku(spec *r) { r->not_before = anchor_born; anchor_eku(r); }
static void anchor_old_ku(spec *r) { r->not_before = anchor_born; set_key_usage(r, KU_DIGITAL_SIGNATURE | KU_CRL_SIGN); }

static void test_roots_before_the_baseline_requirements(void)
{
    anchor_born = BR_DAY - DAY;
    check_anchor(anchor_old_bc_not_critical, LT_VERIFY_OK, "");
    check_anchor(anchor_old_no_ski, LT_VERIFY_OK, "");
    check_anchor(anchor_old_aki_issuer, LT_VERIFY_OK, "");
    check_anchor(anchor_old_no_bc, LT_VERIFY_NOT_CA, "is not a CA certificate");
    check_anchor(anchor_old_eku, LT_VERIFY_BAD_EXTENSION, "has an extKeyUsage extension");
    check_anchor(anchor_old_ku, LT_VERIFY_KEY_USAGE, "may not sign certificates");
    anchor_born = BR_DAY;
    check_anchor(anchor_old_bc_not_critical, LT_VERIFY_BAD_EXTENSION, "basicConstraints extension that is not critical");
    check_anchor(anchor_old_no_ski, LT_VERIFY_BAD_EXTENSION, "has no subjectKeyIdentifier");
    check_anchor(anchor_old_aki_issuer, LT_VERIFY_BAD_EXTENSION, "names an issuer or serial number");
}

/* Every root of this machine's store that has not expired is a trust anchor latch accepts: the
 * rules must not refuse roots the browsers trust. (Skipped where there is no system store.) */
static void test_system_roots_pass_the_anchor_rules(void)
{
    lt_roots *roots = lt_roots_new();
    LT_CHECK(roots != NULL);
    if (roots == NULL || lt_roots_add_system(roots) < 0 || roots->set.count == 0) {
        printf("# no system store: skipped\n");
        lt_roots_free(roots);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    size_t refused = 0, expired = 0;
    for (size_t i = 0; i < roots->set.count; i++) {
        const lt_cert *c = &roots->set.items[i].cert;
        char why[384];
        if (now > c->not_after) {
            expired++;
            continue;
        }
        lt_verify_error e = lt_profile_check_anchor(c, now, why, sizeof why);
        if (e != LT_VERIFY_OK) {
            printf("# refused: %s [%s]\n", why, lt_path_error_name(e));
            refused++;
        }
    }
    printf("# %zu system roots, %zu expired, %zu refused\n", roots->set.count, expired, refused);
    LT_CHECK(refused == 0);
    lt_roots_free(roots);
}

static void test_trust_anchor_with_empty_subject_is_bad_name(void)
{
    /* What the anchor signs has the empty Name as its issuer, which is refused (RFC 5280
     * §4.1.2.4), so a CA with an empty subject (§4.1.2.6) is never used. */
    party nameless = root;
    spec l, r;
    char reason[384];
    nameless.cn = NULL;
    spec_leaf(&l, &nameless, &leaf);
    spec_root(&r, &nameless);
    LT_CHECK_INT(verify3(&l, NULL, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_NAME);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has an empty issuer name");
}

/* An intermediate trusted directly is held to the rules of a CA below a root, not of a root: an
 * extKeyUsage that allows the purpose, an authorityKeyIdentifier naming its issuer's key. */
static void test_intermediate_as_trust_anchor(void)
{
    spec l, i;
    made ml, mi;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    const lt_cert *anchors[] = { &mi.cert };
    spec_leaf(&l, &inter, &leaf);
    LT_CHECK_INT(build(&l, &ml), 0);
    for (int k = 0; k < 4; k++) {
        spec_ca(&i, &root, &inter, -1);
        if (k == 1)
            set_eku(&i, 0, 1, 1, 0);
        if (k == 2)
            set_eku(&i, 0, 0, 1, 0);
        if (k == 3)
            SPEC_DROP(&i, LT_OID_AUTHORITY_KEY_ID);
        LT_CHECK_INT(build(&i, &mi), 0);
        int rc = lt_path_verify(&ml.cert, NULL, 0, anchors, 1, &p, &result);
        if (k < 2) {
            LT_CHECK_INT(rc, 0);
            LT_CHECK_INT(result.len, 2);
        } else {
            LT_CHECK_INT(rc, LT_ERR_VERIFY);
            LT_CHECK_INT(result.error, k == 2 ? LT_VERIFY_PURPOSE : LT_VERIFY_BAD_EXTENSION);
            LT_CHECK_STR_CONTAINS(result.reason, k == 2 ? "trust anchor 'Inter' is restricted by extKeyUsage"
                                                        : "trust anchor 'Inter' is not self-issued and has no authorityKeyIdentifier");
        }
        free(mi.der);
    }
    free(ml.der);
}

/* RFC 5280 §4.1.2.4 and §4.1.2.6: an empty issuer name anywhere, an empty subject in a CA. */
static void test_empty_names(void)
{
    party nameless = inter;
    spec l, i, r;
    char reason[384];
    nameless.cn = NULL;
    spec_root(&r, &root);
    r.issuer_cn = NULL; /* a root whose issuer field is empty */
    spec_leaf(&l, &root, &leaf);
    LT_CHECK_INT(verify3(&l, NULL, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_NAME);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'Root' has an empty issuer name");
    spec_root(&r, &root);
    spec_ca(&i, &root, &nameless, -1);
    spec_leaf(&l, &nameless, &leaf);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_NAME);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has an empty issuer name");
}

/* Two trust anchors of one name and key (a root re-issued with new dates): an expired one listed
 * first does not hide the valid one; alone, it is reported as the expired trust anchor. The same
 * for an intermediate cross-signed by an expired-anchored and a valid-anchored root. */
static void test_failing_anchor_does_not_hide_a_valid_path(void)
{
    spec l, i, old_root, new_root, other_root, i_by_other;
    made ml, mi, mold, mnew, mother, mi_other;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    party other;
    LT_CHECK_INT(make_party("Other Root", LT_KEY_EC_P256, 0, &other), 0);
    spec_leaf(&l, &inter, &leaf);
    spec_ca(&i, &root, &inter, -1);
    spec_root(&old_root, &root);
    old_root.not_before = T0 - 400 * DAY;
    old_root.not_after = T0;
    spec_root(&new_root, &root);
    spec_root(&other_root, &other);
    spec_ca(&i_by_other, &other, &inter, -1);
    LT_CHECK_INT(build(&l, &ml) | build(&i, &mi) | build(&old_root, &mold) | build(&new_root, &mnew) |
                 build(&other_root, &mother) | build(&i_by_other, &mi_other), 0);
    const lt_cert *inters[] = { &mi.cert }, *both[] = { &mold.cert, &mnew.cert }, *old_only[] = { &mold.cert };
    LT_CHECK_INT(lt_path_verify(&ml.cert, inters, 1, both, 2, &p, &result), 0);
    LT_CHECK(result.len == 3 && result.path[2] == &mnew.cert);
    LT_CHECK_INT(lt_path_verify(&ml.cert, inters, 1, old_only, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_EXPIRED);
    LT_CHECK_STR_CONTAINS(result.reason, "trust anchor 'Root' expired on");
    /* cross-signed: Inter by Root (only the expired Root trusted) and by Other Root */
    const lt_cert *cross[] = { &mi.cert, &mi_other.cert }, *anchors[] = { &mold.cert, &mother.cert };
    LT_CHECK_INT(lt_path_verify(&ml.cert, cross, 2, anchors, 2, &p, &result), 0);
    LT_CHECK(result.len == 3 && result.path[2] == &mother.cert);
    free(ml.der); free(mi.der); free(mold.der); free(mnew.der); free(mother.der); free(mi_other.der);
    lt_privkey_free(other.key);
}

/* ---- key identifiers ------------------------------------------------------------------- */

static void test_key_identifiers_present_and_not_critical(void)
{
    spec l, i, r;
    char reason[384];
    spec_root(&r, &root);

    spec_leaf(&l, &inter, &leaf);
    spec_ca(&i, &root, &inter, -1);
    SPEC_DROP(&l, LT_OID_AUTHORITY_KEY_ID);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has no authorityKeyIdentifier extension");

    spec_leaf(&l, &inter, &leaf);
    set_aki(&l, 0, NULL, 0, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has no authorityKeyIdentifier keyIdentifier");

    spec_leaf(&l, &inter, &leaf);
    set_aki(&l, 1, inter.key_id, 0, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' marks its authorityKeyIdentifier critical");

    spec_leaf(&l, &inter, &leaf);
    set_ski(&l, 1, leaf.key_id);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' marks its subjectKeyIdentifier critical");

    /* a leaf needs no subjectKeyIdentifier (RFC 5280 §4.2.1.2: SHOULD) */
    spec_leaf(&l, &inter, &leaf);
    SPEC_DROP(&l, LT_OID_SUBJECT_KEY_ID);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_OK);

    /* an intermediate needs both */
    spec_leaf(&l, &inter, &leaf);
    SPEC_DROP(&i, LT_OID_SUBJECT_KEY_ID);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "CA certificate 'Inter' has no subjectKeyIdentifier");
    spec_ca(&i, &root, &inter, -1);
    SPEC_DROP(&i, LT_OID_AUTHORITY_KEY_ID);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'Inter' has no authorityKeyIdentifier extension");
}

/* ---- the end entity ------------------------------------------------------------------------ */

static void test_end_entity_is_not_a_ca(void)
{
    spec l, i, r;
    char reason[384];
    spec_root(&r, &root);
    spec_ca(&i, &root, &inter, -1);
    for (int purpose = LT_PURPOSE_SERVER; purpose <= LT_PURPOSE_CLIENT; purpose++) {
        spec_leaf(&l, &inter, &leaf);
        set_eku(&l, 0, 1, 1, 0);
        LT_CHECK_INT(verify3(&l, &i, &r, (lt_purpose)purpose, reason, sizeof reason), LT_VERIFY_OK);
        set_basic_constraints(&l, 1, 1, -1);
        LT_CHECK_INT(verify3(&l, &i, &r, (lt_purpose)purpose, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
        LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' is a CA certificate (basicConstraints cA TRUE)");
        set_basic_constraints(&l, 1, 0, -1);
        set_key_usage(&l, KU_DIGITAL_SIGNATURE | KU_KEY_CERT_SIGN);
        LT_CHECK_INT(verify3(&l, &i, &r, (lt_purpose)purpose, reason, sizeof reason), LT_VERIFY_KEY_USAGE);
        LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' is an end entity whose keyUsage allows keyCertSign");
    }
}

static void test_server_leaf_extended_key_usage(void)
{
    spec l, i, r;
    char reason[384];
    spec_root(&r, &root);
    spec_ca(&i, &root, &inter, -1);

    spec_leaf(&l, &inter, &leaf);
    SPEC_DROP(&l, LT_OID_EXT_KEY_USAGE);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has no extKeyUsage");
    /* for a client certificate, no extKeyUsage means any purpose (RFC 5280 §4.2.1.12) */
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_CLIENT, reason, sizeof reason), LT_VERIFY_OK);

    set_eku(&l, 1, 1, 1, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' marks its extKeyUsage critical");
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_CLIENT, reason, sizeof reason), LT_VERIFY_OK);

    set_eku(&l, 0, 1, 0, 1);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has anyExtendedKeyUsage");

    set_eku(&l, 0, 0, 1, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_PURPOSE);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_CLIENT, reason, sizeof reason), LT_VERIFY_OK);
    set_eku(&l, 0, 1, 0, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_OK);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_CLIENT, reason, sizeof reason), LT_VERIFY_PURPOSE);
}

/* ---- serial numbers, RSA moduli, policyConstraints, authorityInfoAccess -------------------- */

static void test_serial_number_positive_and_at_most_20_octets(void)
{
    spec l, i, r;
    char reason[384];
    spec_root(&r, &root);
    spec_ca(&i, &root, &inter, -1);
    spec_leaf(&l, &inter, &leaf);
    for (size_t len = 19; len <= 21; len++) {
        memset(l.serial, 0x5a, len);
        l.serial_len = len;
        LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason),
                     len <= 20 ? LT_VERIFY_OK : LT_VERIFY_MALFORMED);
    }
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has a serial number of 21 octets; at most 20 are allowed");
    /* 20 octets whose top bit is set need a 21st, sign octet */
    l.serial[0] = 0x00;
    l.serial[1] = 0x80;
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_MALFORMED);
    l.serial[0] = 0x00;
    l.serial_len = 1;
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_MALFORMED);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has the serial number zero");
    l.serial[0] = 0xff;
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_MALFORMED);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has a negative serial number");
    l.serial[0] = 0x01;
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_OK);
    /* an intermediate's serial too */
    i.serial[0] = 0x80;
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_MALFORMED);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'Inter' has a negative serial number");
}

/* An RSA SubjectPublicKeyInfo whose modulus has exactly bits bits (odd, not a real product of
 * primes: the leaf's key is parsed, never used, and libcrypto keygen makes only even sizes). */
static size_t rsa_spki(unsigned bits, uint8_t *out, size_t cap)
{
    static const uint8_t rsa_encryption[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
    uint8_t modulus[520];
    size_t len = (bits + 7) / 8;
    lt_derw_block info, alg, bitstring, key;
    memset(modulus, 0xa5, len);
    unsigned shift = (unsigned)(8 * len - bits); /* unused high bits of the first octet */
    modulus[0] = (uint8_t)((0xa5u & (0xffu >> shift)) | (0x80u >> shift)); /* top bit: bits - 1 */
    modulus[len - 1] |= 1;
    lt_writer w = lt_writer_init(out, cap);
    lt_derw_open_sequence(&w, &info);
    lt_derw_open_sequence(&w, &alg);
    lt_derw_oid(&w, rsa_encryption, sizeof rsa_encryption);
    lt_derw_null(&w);
    lt_derw_close(&w, &alg);
    lt_derw_open(&w, LT_DER_BIT_STRING, &bitstring);
    lt_writer_u8(&w, 0);
    lt_derw_open_sequence(&w, &key);
    lt_derw_integer_bytes(&w, modulus, len);
    lt_derw_integer_u64(&w, 65537);
    lt_derw_close(&w, &key);
    lt_derw_close(&w, &bitstring);
    lt_derw_close(&w, &info);
    return w.err ? 0 : w.len;
}

static void test_rsa_modulus_is_whole_octets(void)
{
    spec l, i, r;
    char reason[384];
    uint8_t spki[600];
    static const unsigned sizes[] = { 2048, 2055, 2056, 2057, 4095, 4096 };
    spec_root(&r, &root);
    spec_ca(&i, &root, &inter, -1);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        spec_leaf(&l, &inter, &leaf);
        l.spki = spki;
        l.spki_len = rsa_spki(sizes[k], spki, sizeof spki);
        LT_CHECK(l.spki_len > 0);
        LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason),
                     sizes[k] % 8 == 0 ? LT_VERIFY_OK : LT_VERIFY_WEAK_KEY);
        if (sizes[k] % 8 != 0) {
            char want[80];
            snprintf(want, sizeof want, "has a %u-bit RSA modulus, not a whole number of octets", sizes[k]);
            LT_CHECK_STR_CONTAINS(reason, want);
        }
    }
}

static void test_policy_constraints_critical_and_not_empty(void)
{
    spec l, i, r;
    char reason[384];
    spec_root(&r, &root);
    spec_leaf(&l, &inter, &leaf);
    spec_ca(&i, &root, &inter, -1);
    set_policy_constraints(&i, 1, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_OK);
    set_policy_constraints(&i, 0, 0);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'Inter' has a policyConstraints extension that is not critical");
    set_policy_constraints(&i, 1, 1);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'Inter' has an empty policyConstraints extension");
}

static void test_authority_info_access_has_an_entry(void)
{
    spec l, i, r;
    char reason[384];
    spec_root(&r, &root);
    spec_ca(&i, &root, &inter, -1);
    spec_leaf(&l, &inter, &leaf);
    for (int n = 0; n <= 2; n++) {
        set_aia(&l, 0, n);
        LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason),
                     n == 0 ? LT_VERIFY_BAD_EXTENSION : LT_VERIFY_OK);
        if (n == 0)
            LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' has an authorityInfoAccess extension with no entry");
    }
    set_aia(&l, 1, 1);
    LT_CHECK_INT(verify3(&l, &i, &r, LT_PURPOSE_SERVER, reason, sizeof reason), LT_VERIFY_BAD_EXTENSION);
    LT_CHECK_STR_CONTAINS(reason, "certificate 'a.test' marks its authorityInfoAccess critical");
}

/* The parser reads the three fields of authorityKeyIdentifier, policyConstraints and
 * authorityInfoAccess, and refuses their malformed forms (a parse error, not a verdict). */
static void set_raw(spec *s, const uint8_t *oid, size_t oid_len, const uint8_t *value, size_t len)
{
    ext *e = spec_ext(s, oid, oid_len);
    memcpy(e->value, value, len);
    e->value_len = len;
}

static void test_extension_forms_parse(void)
{
    spec l;
    made m;
    spec_leaf(&l, &inter, &leaf);
    set_aki(&l, 0, inter.key_id, 1, 1);
    set_policy_constraints(&l, 1, 0);
    set_aia(&l, 0, 2);
    LT_CHECK_INT(build(&l, &m), 0);
    LT_CHECK(m.cert.has_authority_key_id && m.cert.aki_has_cert_issuer && m.cert.aki_has_cert_serial);
    LT_CHECK_MEM(m.cert.authority_key_id.p, inter.key_id, 20);
    LT_CHECK(m.cert.has_policy_constraints && m.cert.policy_constraints_critical &&
             !m.cert.policy_constraints_empty);
    LT_CHECK(m.cert.has_authority_info_access && m.cert.authority_info_access_count == 2);
    free(m.der);

    static const uint8_t aki_serial_not_minimal[] = { 0x30, 0x04, 0x82, 0x02, 0x00, 0x01 };
    static const uint8_t aki_issuer_empty[] = { 0x30, 0x02, 0xa1, 0x00 };
    static const uint8_t pc_out_of_order[] = { 0x30, 0x06, 0x81, 0x01, 0x00, 0x80, 0x01, 0x00 };
    static const uint8_t aia_no_location[] = { 0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05,
                                               0x05, 0x07, 0x30, 0x02 };
    static const struct {
        const uint8_t *oid;
        size_t oid_len;
        const uint8_t *value;
        size_t len;
    } bad[] = {
        { LT_OID_AUTHORITY_KEY_ID, sizeof LT_OID_AUTHORITY_KEY_ID, aki_serial_not_minimal, sizeof aki_serial_not_minimal },
        { LT_OID_AUTHORITY_KEY_ID, sizeof LT_OID_AUTHORITY_KEY_ID, aki_issuer_empty, sizeof aki_issuer_empty },
        { LT_OID_POLICY_CONSTRAINTS, sizeof LT_OID_POLICY_CONSTRAINTS, pc_out_of_order, sizeof pc_out_of_order },
        { LT_OID_AUTHORITY_INFO_ACCESS, sizeof LT_OID_AUTHORITY_INFO_ACCESS, aia_no_location, sizeof aia_no_location },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        spec_leaf(&l, &inter, &leaf);
        set_raw(&l, bad[k].oid, bad[k].oid_len, bad[k].value, bad[k].len);
        LT_CHECK_INT(build(&l, &m), LT_ERR_DECODE);
        free(m.der);
    }
}

/* ---- self-issued intermediates (key rollover) ---------------------------------------------- */

/* Root - Inter(old key, pathLen 0) - Inter(new key, self-issued by the old) - Leaf. */
typedef struct {
    party new_inter, plain_ca;
    made leaf, rollover, old, root, plain, plain_leaf;
} rollover_set;

static int make_rollover(rollover_set *s, int old_path_len, int nc)
{
    spec l, ro, old, r, plain, plain_leaf;
    if (make_party("Inter", LT_KEY_EC_P256, 0, &s->new_inter) < 0 ||
        make_party("Plain", LT_KEY_EC_P256, 0, &s->plain_ca) < 0)
        return -1;
    spec_root(&r, &root);
    spec_ca(&old, &root, &inter, old_path_len);
    spec_ca(&ro, &inter, &s->new_inter, -1);
    spec_leaf(&l, &s->new_inter, &leaf);
    if (nc) {
        /* the old key's certificate permits a.test only; the rollover certificate names
         * another DNS name, which name constraints must pass over (RFC 5280 §6.1.3 (b)) */
        set_nc_permit_dns(&old, "a.test");
        set_san_dns(&ro, "ca.other.test");
    }
    /* the same shape, but the middle CA has its own name: not self-issued */
    spec_ca(&plain, &inter, &s->plain_ca, -1);
    spec_leaf(&plain_leaf, &s->plain_ca, &leaf);
    return build(&l, &s->leaf) | build(&ro, &s->rollover) | build(&old, &s->old) | build(&r, &s->root) |
           build(&plain, &s->plain) | build(&plain_leaf, &s->plain_leaf);
}

static void free_rollover(rollover_set *s)
{
    free(s->leaf.der); free(s->rollover.der); free(s->old.der); free(s->root.der); free(s->plain.der);
    free(s->plain_leaf.der);
    lt_privkey_free(s->new_inter.key);
    lt_privkey_free(s->plain_ca.key);
}

static void test_self_issued_intermediate_not_counted_by_path_length(void)
{
    rollover_set s;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    LT_CHECK_INT(make_rollover(&s, 0, 0), 0);
    LT_CHECK(lt_profile_self_issued(&s.rollover.cert) && !lt_profile_self_issued(&s.plain.cert));
    const lt_cert *inters[] = { &s.rollover.cert, &s.old.cert }, *anchors[] = { &s.root.cert };
    LT_CHECK_INT(lt_path_verify(&s.leaf.cert, inters, 2, anchors, 1, &p, &result), 0);
    LT_CHECK_INT(result.len, 4);
    /* the depth limit counts the same way: one intermediate that is not self-issued */
    p.max_intermediates = 1;
    LT_CHECK_INT(lt_path_verify(&s.leaf.cert, inters, 2, anchors, 1, &p, &result), 0);
    p.max_intermediates = 0;
    LT_CHECK_INT(lt_path_verify(&s.leaf.cert, inters, 2, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_LIMIT);
    /* a CA of another name in the same place is counted: pathLen 0 refuses it, and so does a
     * depth limit of 1 */
    const lt_cert *plain_inters[] = { &s.plain.cert, &s.old.cert };
    p.max_intermediates = 6;
    LT_CHECK_INT(lt_path_verify(&s.plain_leaf.cert, plain_inters, 2, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_PATH_LENGTH);
    LT_CHECK_STR_CONTAINS(result.reason, "'Inter' allows 0 intermediate CAs below it");
    p.max_intermediates = 1;
    LT_CHECK_INT(lt_path_verify(&s.plain_leaf.cert, plain_inters, 2, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_LIMIT);
    free_rollover(&s);
}

static void test_self_issued_intermediate_skips_name_constraints(void)
{
    rollover_set s;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    LT_CHECK_INT(make_rollover(&s, -1, 1), 0);
    const lt_cert *inters[] = { &s.rollover.cert, &s.old.cert }, *anchors[] = { &s.root.cert };
    LT_CHECK_INT(lt_path_verify(&s.leaf.cert, inters, 2, anchors, 1, &p, &result), 0);
    LT_CHECK_INT(result.len, 4);
    free_rollover(&s);
}

/* A root that rolled its key over: Root's new key certified by its old one (self-issued, right
 * below the anchor), then Inter, then the leaf. Only Inter counts against a depth limit of 1. */
static void test_self_issued_below_anchor_not_counted_by_depth(void)
{
    party root_new;
    spec sp;
    made mr, mnew, mi, ml;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    LT_CHECK_INT(make_party("Root", LT_KEY_EC_P256, 0, &root_new), 0);
    int rc = 0;
    spec_root(&sp, &root);
    rc |= build(&sp, &mr);
    spec_ca(&sp, &root, &root_new, -1);
    rc |= build(&sp, &mnew);
    spec_ca(&sp, &root_new, &inter, -1);
    rc |= build(&sp, &mi);
    spec_leaf(&sp, &inter, &leaf);
    rc |= build(&sp, &ml);
    LT_CHECK_INT(rc, 0);
    const lt_cert *inters[] = { &mi.cert, &mnew.cert }, *anchors[] = { &mr.cert };
    p.max_intermediates = 1;
    LT_CHECK_INT(lt_path_verify(&ml.cert, inters, 2, anchors, 1, &p, &result), 0);
    LT_CHECK_INT(result.len, 4);
    p.max_intermediates = 0;
    LT_CHECK_INT(lt_path_verify(&ml.cert, inters, 2, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_LIMIT);
    free(mr.der); free(mnew.der); free(mi.der); free(ml.der);
    lt_privkey_free(root_new.key);
}

/* Self-issued intermediates are not counted by the depth limit, but a path still holds at most
 * LT_PATH_MAX_LEN certificates: a leaf, n intermediates named "Inter" (the first issued by the
 * root, each next one by the key before it) and the root. */
static void test_self_issued_chain_is_bounded(void)
{
    enum { N = LT_PATH_MAX_LEN - 2 };
    party keys[N + 1];
    made certs[N + 1], ml, mr;
    spec sp;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    const lt_cert *inters[N + 1], *anchors[] = { &mr.cert };
    int rc = 0;
    spec_root(&sp, &root);
    rc |= build(&sp, &mr);
    for (int k = 0; k <= N; k++) {
        rc |= make_party("Inter", LT_KEY_EC_P256, 0, &keys[k]);
        spec_ca(&sp, k == 0 ? &root : &keys[k - 1], &keys[k], -1);
        rc |= build(&sp, &certs[k]);
        inters[k] = &certs[k].cert;
    }
    LT_CHECK_INT(rc, 0);
    p.max_intermediates = 1; /* only the first, issued by the root, counts */
    for (int n = N - 1; n <= N + 1; n++) {
        spec_leaf(&sp, &keys[n - 1], &leaf);
        LT_CHECK_INT(build(&sp, &ml), 0);
        rc = lt_path_verify(&ml.cert, inters, (size_t)n, anchors, 1, &p, &result);
        if (n <= N) {
            LT_CHECK_INT(rc, 0);
            LT_CHECK_INT(result.len, (size_t)n + 2);
        } else {
            LT_CHECK_INT(rc, LT_ERR_VERIFY);
            LT_CHECK_INT(result.error, LT_VERIFY_LIMIT);
        }
        free(ml.der);
    }
    for (int k = 0; k <= N; k++) {
        free(certs[k].der);
        lt_privkey_free(keys[k].key);
    }
    free(mr.der);
}

/* A path that is too long reports `limit`, even when a same-named alternative with a forged
 * subjectKeyIdentifier failed its signature on the way. */
static void test_depth_failure_outranks_a_rejected_alternative(void)
{
    party i1, i2, forged;
    spec l, s_i2, s_forged, s_i1, r;
    made ml, mi2, mforged, mi1, mr;
    lt_path_result result;
    lt_path_params p = params_for(LT_PURPOSE_SERVER);
    LT_CHECK_INT(make_party("I1", LT_KEY_EC_P256, 0, &i1) | make_party("I2", LT_KEY_EC_P256, 0, &i2) |
                 make_party("I2", LT_KEY_EC_P256, 0, &forged), 0);
    memcpy(forged.key_id, i2.key_id, sizeof forged.key_id);
    spec_root(&r, &root);
    spec_ca(&s_i1, &root, &i1, -1);
    spec_ca(&s_i2, &i1, &i2, -1);
    spec_ca(&s_forged, &i1, &forged, -1);
    spec_leaf(&l, &i2, &leaf);
    LT_CHECK_INT(build(&l, &ml) | build(&s_i2, &mi2) | build(&s_forged, &mforged) | build(&s_i1, &mi1) |
                 build(&r, &mr), 0);
    const lt_cert *inters[] = { &mforged.cert, &mi2.cert, &mi1.cert }, *anchors[] = { &mr.cert };
    LT_CHECK_INT(lt_path_verify(&ml.cert, inters, 3, anchors, 1, &p, &result), 0);
    LT_CHECK_INT(result.len, 4);
    p.max_intermediates = 1;
    LT_CHECK_INT(lt_path_verify(&ml.cert, inters, 3, anchors, 1, &p, &result), LT_ERR_VERIFY);
    LT_CHECK_INT(result.error, LT_VERIFY_LIMIT);
    LT_CHECK_STR_CONTAINS(result.reason, "the path needs more than 1 intermediate certificates");
    free(ml.der); free(mi2.der); free(mforged.der); free(mi1.der); free(mr.der);
    lt_privkey_free(i1.key); lt_privkey_free(i2.key); lt_privkey_free(forged.key);
}

int main(void)
{
    if (make_party("Root", LT_KEY_EC_P256, 0, &root) < 0 || make_party("Inter", LT_KEY_EC_P256, 0, &inter) < 0 ||
        make_party("a.test", LT_KEY_EC_P256, 0, &leaf) < 0)
        return 1;
    LT_RUN(test_trust_anchor_is_held_to_the_root_profile);
    LT_RUN(test_roots_before_the_baseline_requirements);
    LT_RUN(test_system_roots_pass_the_anchor_rules);
    LT_RUN(test_trust_anchor_with_empty_subject_is_bad_name);
    LT_RUN(test_empty_names);
    LT_RUN(test_intermediate_as_trust_anchor);
    LT_RUN(test_failing_anchor_does_not_hide_a_valid_path);
    LT_RUN(test_key_identifiers_present_and_not_critical);
    LT_RUN(test_end_entity_is_not_a_ca);
    LT_RUN(test_server_leaf_extended_key_usage);
    LT_RUN(test_serial_number_positive_and_at_most_20_octets);
    LT_RUN(test_rsa_modulus_is_whole_octets);
    LT_RUN(test_policy_constraints_critical_and_not_empty);
    LT_RUN(test_authority_info_access_has_an_entry);
    LT_RUN(test_extension_forms_parse);
    LT_RUN(test_self_issued_intermediate_not_counted_by_path_length);
    LT_RUN(test_self_issued_intermediate_skips_name_constraints);
    LT_RUN(test_self_issued_below_anchor_not_counted_by_depth);
    LT_RUN(test_self_issued_chain_is_bounded);
    LT_RUN(test_depth_failure_outranks_a_rejected_alternative);
    lt_privkey_free(root.key);
    lt_privkey_free(inter.key);
    lt_privkey_free(leaf.key);
    return lt_test_summary();
}
