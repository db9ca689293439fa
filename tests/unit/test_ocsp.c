/* Unit tests for src/x509/ocsp.c (RFC 6960): responses are made in-process with devca/ocsp.c,
 * signed by a CA issued with devca/issue.c, so each rule can be broken on its own: the certID
 * (serial, issuer name hash, issuer key hash, SHA-1 and SHA-256), the signer (the issuer, a
 * delegated responder and everything that disqualifies one), the time window with its skew, the
 * status, and the limits on what one response may make latch look at. */
#include "lt_party.h"
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/ocsp.h"
#include "x509/cert.h"
#include "x509/ocsp.h"

#define T0 1767225600LL /* 2026-01-01 */
#define NOW (T0 + 10 * 86400LL)

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

static party ca, other_ca, responder, stranger;
static issued ca_cert, other_ca_cert, leaf, delegate, delegate_no_eku, delegate_by_other,
    delegate_expired;

static int make_party(const char *cn, party *p)
{
    memset(p, 0, sizeof *p);
    return LT_PARTY_MAKE("ocsp", cn, p);
}

typedef struct {
    int is_ca, ocsp_signer, must_staple;
    int64_t not_after;
} shape;

static int issue(const party *issuer, const party *subject, shape s, issued *out)
{
    lt_issue_issuer by = { issuer->key, lt_span_make(issuer->name, issuer->name_len), { 0 } };
    lt_issue_san san = { .type = LT_ISSUE_SAN_DNS };
    lt_issue_params params = { 0 };
    memcpy(by.key_id, issuer->key_id, sizeof by.key_id);
    snprintf(san.text, sizeof san.text, "a.test");
    params.is_ca = s.is_ca;
    params.path_len = -1;
    params.ocsp_signer = s.ocsp_signer;
    params.must_staple = s.must_staple;
    params.subject_key = subject->key;
    params.subject = lt_span_make(subject->name, subject->name_len);
    params.not_before = T0;
    params.not_after = s.not_after ? s.not_after : T0 + 365 * 86400LL;
    params.sans = &san;
    params.san_count = s.is_ca ? 0 : 1;
    if (lt_issue_certificate(&by, &params, &out->der, &out->len) < 0)
        return -1;
    return lt_cert_parse(out->der, out->len, &out->cert, NULL);
}

/* A good response about the leaf, signed by the CA (byName, SHA-1 certID), valid for a day
 * around NOW; tests change one thing at a time. */
typedef struct {
    lt_ocsp_write_single single;
    lt_ocsp_write_params params;
} spec;

static spec good_spec(void)
{
    spec s;
    memset(&s, 0, sizeof s);
    s.single.hash = LT_HASH_SHA1;
    s.single.issuer_name = ca_cert.cert.subject;
    s.single.issuer_key = ca_cert.cert.public_key;
    s.single.serial = leaf.cert.serial;
    s.single.status = LT_OCSP_GOOD;
    s.single.revocation_reason = -1;
    s.single.this_update = NOW - 3600;
    s.single.next_update = NOW + 86400;
    s.params.key = ca.key;
    s.params.responder_name = ca_cert.cert.subject;
    s.params.responder_key = ca_cert.cert.public_key;
    s.params.produced_at = NOW - 3600;
    return s;
}

/* Writes the response of s and checks it for the leaf at time; returns the lt_ocsp_verify rc. */
static int check_at(spec *s, int64_t time, lt_ocsp_result *result)
{
    uint8_t *der = NULL;
    size_t len = 0;
    if (s->params.singles == NULL) {
        s->params.singles = &s->single;
        s->params.n_singles = 1;
    }
    if (lt_ocsp_write(&s->params, &der, &len) < 0)
        return -1000;
    int rc = lt_ocsp_verify(der, len, &leaf.cert, &ca_cert.cert, time, result);
    free(der);
    return rc;
}

static int check(spec *s, lt_ocsp_result *result)
{
    return check_at(s, NOW, result);
}

static void test_good_response_from_the_issuer_is_accepted(void)
{
    spec s = good_spec();
    lt_ocsp_result r;
    LT_CHECK_INT(check(&s, &r), 0);
    LT_CHECK_INT(r.error, LT_VERIFY_OK);
    LT_CHECK_INT(r.status, LT_OCSP_GOOD);
    LT_CHECK_INT(r.this_update, NOW - 3600);
    LT_CHECK_INT(r.next_update, NOW + 86400);
    LT_CHECK_INT(r.produced_at, NOW - 3600);
}

static void test_cert_id_with_sha256_is_matched(void)
{
    spec s = good_spec();
    lt_ocsp_result r;
    s.single.hash = LT_HASH_SHA256;
    LT_CHECK_INT(check(&s, &r), 0);
}

static void test_responder_by_key_is_matched(void)
{
    spec s = good_spec();
    lt_ocsp_result r;
    s.params.by_key = 1;
    LT_CHECK_INT(check(&s, &r), 0);
    /* byKey names a key; the CA's name with another key does not make it the CA */
    s.params.responder_key = other_ca_cert.cert.public_key;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
}

static void test_revoked_gives_reason_and_time(void)
{
    spec s = good_spec();
    lt_ocsp_result r;
    s.single.status = LT_OCSP_REVOKED;
    s.single.revocation_time = T0 + 5 * 86400;
    s.single.revocation_reason = 1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOKED);
    LT_CHECK_INT(r.revocation_time, T0 + 5 * 86400);
    LT_CHECK_INT(r.revocation_reason, 1);
    LT_CHECK_STR_CONTAINS(r.reason, "keyCompromise");
    LT_CHECK_STR_CONTAINS(r.reason, "2026-01-06 00:00:00 UTC");
    /* no reason code: "unspecified" */
    s.single.revocation_reason = -1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOKED);
    LT_CHECK_INT(r.revocation_reason, -1);
    LT_CHECK_STR_CONTAINS(r.reason, "unspecified");
}

static void test_unknown_status_is_revocation_unknown(void)
{
    spec s = good_spec();
    lt_ocsp_result r;
    s.single.status = LT_OCSP_UNKNOWN;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "status unknown");
}

static void test_cert_id_must_match_serial_issuer_name_and_key(void)
{
    static const uint8_t other_serial[] = { 0x01, 0x02, 0x03 };
    lt_ocsp_result r;
    spec s = good_spec();
    s.single.serial = lt_span_make(other_serial, sizeof other_serial);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "not about 'stranger'");

    s = good_spec();
    s.single.issuer_name = other_ca_cert.cert.subject;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "no certID matches");

    s = good_spec();
    s.single.issuer_key = other_ca_cert.cert.public_key;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "no certID matches");

    /* the same with SHA-256 */
    s = good_spec();
    s.single.hash = LT_HASH_SHA256;
    s.single.issuer_key = other_ca_cert.cert.public_key;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "no certID matches");
}

static void test_signature_must_be_the_signers(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    /* names the CA but signed with another key */
    s.params.key = stranger.key;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "bad signature");

    /* a flipped bit in the signed data */
    uint8_t *der = NULL;
    size_t len = 0;
    s = good_spec();
    s.params.singles = &s.single;
    s.params.n_singles = 1;
    LT_CHECK_INT(lt_ocsp_write(&s.params, &der, &len), 0);
    LT_CHECK_INT(lt_ocsp_verify(der, len, &leaf.cert, &ca_cert.cert, NOW, &r), 0);
    /* producedAt's last digit sits inside the signed ResponseData */
    for (size_t i = 0; i + 15 < len; i++) {
        if (der[i] == 0x18 && der[i + 1] == 15) {
            der[i + 2 + 13] ^= 1;
            break;
        }
    }
    LT_CHECK_INT(lt_ocsp_verify(der, len, &leaf.cert, &ca_cert.cert, NOW, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "bad signature");
    free(der);
}

static void test_unknown_signer_is_refused(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    s.params.key = stranger.key;
    s.params.responder_name = lt_span_make(stranger.name, stranger.name_len);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "signed neither by its issuer nor by a responder");
}

static spec delegated_spec(const issued *cert)
{
    static lt_span certs[1];
    spec s = good_spec();
    certs[0] = lt_span_make(cert->der, cert->len);
    s.params.key = responder.key;
    s.params.responder_name = cert->cert.subject;
    s.params.certs = certs;
    s.params.n_certs = 1;
    return s;
}

static void test_delegated_responder_is_accepted(void)
{
    lt_ocsp_result r;
    spec s = delegated_spec(&delegate);
    LT_CHECK(delegate.cert.ext_key_usage & LT_EKU_OCSP_SIGNING);
    LT_CHECK_INT(check(&s, &r), 0);
    s.params.by_key = 1;
    s.params.responder_key = delegate.cert.public_key;
    LT_CHECK_INT(check(&s, &r), 0);
}

static void test_delegated_responder_needs_ocsp_signing(void)
{
    lt_ocsp_result r;
    spec s = delegated_spec(&delegate_no_eku);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "id-kp-OCSPSigning");
}

static void test_delegated_responder_must_be_issued_by_the_issuer(void)
{
    lt_ocsp_result r;
    spec s = delegated_spec(&delegate_by_other);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "is not issued by the certificate's issuer");
}

static void test_delegated_responder_signature_is_checked(void)
{
    /* a responder certificate naming the CA as issuer but signed by another key */
    party impostor_ca = ca;
    issued forged;
    impostor_ca.key = stranger.key;
    shape sh = { .ocsp_signer = 1 };
    LT_CHECK_INT(issue(&impostor_ca, &responder, sh, &forged), 0);
    lt_ocsp_result r;
    spec s = delegated_spec(&forged);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "valid signature of the certificate's issuer");
    free(forged.der);
}

static void test_delegated_responder_must_be_valid_at_the_time(void)
{
    lt_ocsp_result r;
    spec s = delegated_spec(&delegate_expired);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "has expired");
    /* the same certificate one second before it expires is fine */
    LT_CHECK_INT(check_at(&s, delegate_expired.cert.not_after, &r), 0);
    /* and a responder before its notBefore is not */
    s = delegated_spec(&delegate);
    LT_CHECK_INT(check_at(&s, delegate.cert.not_before - 1, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "is not yet valid");
}

static void test_delegated_responder_must_come_with_the_response(void)
{
    lt_ocsp_result r;
    spec s = delegated_spec(&delegate);
    s.params.n_certs = 0;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "signed neither by its issuer");
}

static void test_this_update_allows_the_skew_and_no_more(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    s.single.this_update = NOW + LT_OCSP_SKEW - 1;
    LT_CHECK_INT(check(&s, &r), 0);
    s.single.this_update = NOW + LT_OCSP_SKEW;
    LT_CHECK_INT(check(&s, &r), 0);
    s.single.this_update = NOW + LT_OCSP_SKEW + 1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "is not valid before");
}

static void test_next_update_allows_the_skew_and_no_more(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    s.single.next_update = NOW - LT_OCSP_SKEW + 1;
    LT_CHECK_INT(check(&s, &r), 0);
    s.single.next_update = NOW - LT_OCSP_SKEW;
    LT_CHECK_INT(check(&s, &r), 0);
    s.single.next_update = NOW - LT_OCSP_SKEW - 1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "out of date");
}

static void test_next_update_before_this_update_is_refused(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    s.single.this_update = NOW - 10;
    s.single.next_update = NOW - 20;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "nextUpdate before its thisUpdate");
}

static void test_without_next_update_a_response_ages_out(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    s.single.next_update = 0;
    s.single.this_update = NOW - LT_OCSP_MAX_AGE_WITHOUT_NEXT + 1;
    LT_CHECK_INT(check(&s, &r), 0);
    LT_CHECK_INT(r.next_update, 0);
    s.single.this_update = NOW - LT_OCSP_MAX_AGE_WITHOUT_NEXT;
    LT_CHECK_INT(check(&s, &r), 0);
    s.single.this_update = NOW - LT_OCSP_MAX_AGE_WITHOUT_NEXT - 1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "no nextUpdate");
}

static void test_revoked_in_a_stale_response_is_not_believed(void)
{
    /* the window is checked before the status: an out-of-date "revoked" is unknown, too */
    lt_ocsp_result r;
    spec s = good_spec();
    s.single.status = LT_OCSP_REVOKED;
    s.single.revocation_time = T0;
    s.single.next_update = NOW - LT_OCSP_SKEW - 1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
}

/* n SingleResponses, the last one about the leaf, the others about other serials. */
static int check_many(size_t n, lt_ocsp_result *r)
{
    lt_ocsp_write_single *singles = calloc(n, sizeof *singles);
    uint8_t(*serials)[2] = calloc(n, 2);
    spec s = good_spec();
    for (size_t i = 0; i < n; i++) {
        singles[i] = s.single;
        if (i + 1 < n) {
            serials[i][0] = 0x40;
            serials[i][1] = (uint8_t)i;
            singles[i].serial = lt_span_make(serials[i], 2);
        }
    }
    s.params.singles = singles;
    s.params.n_singles = n;
    int rc = check(&s, r);
    free(singles);
    free(serials);
    return rc;
}

static void test_single_responses_are_bounded(void)
{
    lt_ocsp_result r;
    LT_CHECK_INT(check_many(LT_OCSP_MAX_RESPONSES - 1, &r), 0);
    LT_CHECK_INT(check_many(LT_OCSP_MAX_RESPONSES, &r), 0);
    LT_CHECK_INT(check_many(LT_OCSP_MAX_RESPONSES + 1, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "too many SingleResponses");
}

static void test_certificates_in_a_response_are_bounded(void)
{
    lt_span certs[LT_OCSP_MAX_CERTS + 1];
    lt_ocsp_result r;
    spec s = delegated_spec(&delegate);
    /* the delegate last, after certificates that do not sign */
    for (size_t i = 0; i <= LT_OCSP_MAX_CERTS; i++)
        certs[i] = lt_span_make(leaf.der, leaf.len);
    s.params.certs = certs;
    s.params.n_certs = LT_OCSP_MAX_CERTS - 1;
    certs[s.params.n_certs - 1] = lt_span_make(delegate.der, delegate.len);
    LT_CHECK_INT(check(&s, &r), 0);
    s.params.n_certs = LT_OCSP_MAX_CERTS;
    certs[s.params.n_certs - 1] = lt_span_make(delegate.der, delegate.len);
    LT_CHECK_INT(check(&s, &r), 0);
    s.params.n_certs = LT_OCSP_MAX_CERTS + 1;
    certs[s.params.n_certs - 1] = lt_span_make(delegate.der, delegate.len);
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "too many certificates");
}

static void test_unknown_critical_extension_is_refused(void)
{
    lt_ocsp_result r;
    spec s = good_spec();
    s.params.critical_extension = 1;
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "critical extension");
    s.params.critical_extension = 2; /* in the SingleResponse */
    LT_CHECK_INT(check(&s, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "critical extension");
    s.params.critical_extension = 0;
    LT_CHECK_INT(check(&s, &r), 0);
}

static void test_unsuccessful_response_status_is_not_usable(void)
{
    /* OCSPResponse { responseStatus tryLater (3) } */
    static const uint8_t try_later[] = { 0x30, 0x03, 0x0a, 0x01, 0x03 };
    static const uint8_t bad_enum[] = { 0x30, 0x04, 0x0a, 0x02, 0x00, 0x03 };
    lt_ocsp_result r;
    LT_CHECK_INT(lt_ocsp_verify(try_later, sizeof try_later, &leaf.cert, &ca_cert.cert, NOW, &r), LT_ERR_VERIFY);
    LT_CHECK_INT(r.error, LT_VERIFY_REVOCATION_UNKNOWN);
    LT_CHECK_STR_CONTAINS(r.reason, "not usable: tryLater");
    LT_CHECK_INT(lt_ocsp_verify(bad_enum, sizeof bad_enum, &leaf.cert, &ca_cert.cert, NOW, &r), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(r.reason, "malformed");
}

static void test_every_truncation_and_trailing_byte_is_refused(void)
{
    uint8_t *der = NULL;
    size_t len = 0;
    lt_ocsp_response resp;
    spec s = good_spec();
    s.params.singles = &s.single;
    s.params.n_singles = 1;
    LT_CHECK_INT(lt_ocsp_write(&s.params, &der, &len), 0);
    LT_CHECK_INT(lt_ocsp_parse(der, len, &resp, NULL), 0);
    LT_CHECK_INT(resp.n_responses, 1);
    for (size_t n = 0; n < len; n++)
        LT_CHECK(lt_ocsp_parse(der, n, &resp, NULL) < 0);
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, der, len);
    longer[len] = 0;
    LT_CHECK(lt_ocsp_parse(longer, len + 1, &resp, NULL) < 0);
    free(longer);
    free(der);
}

static void test_tls_feature_status_request_is_must_staple(void)
{
    issued plain, stapled;
    shape sh = { 0 };
    LT_CHECK_INT(issue(&ca, &stranger, sh, &plain), 0);
    sh.must_staple = 1;
    LT_CHECK_INT(issue(&ca, &stranger, sh, &stapled), 0);
    LT_CHECK(!plain.cert.must_staple);
    LT_CHECK(stapled.cert.must_staple);
    free(plain.der);
    free(stapled.der);
}

int main(void)
{
    shape ca_shape = { .is_ca = 1 }, leaf_shape = { 0 }, signer = { .ocsp_signer = 1 };
    shape expired = { .ocsp_signer = 1, .not_after = NOW - 1 };
    if (make_party("OCSP test CA", &ca) < 0 || make_party("other CA", &other_ca) < 0 ||
        make_party("OCSP responder", &responder) < 0 || make_party("stranger", &stranger) < 0 ||
        issue(&ca, &ca, ca_shape, &ca_cert) < 0 || issue(&other_ca, &other_ca, ca_shape, &other_ca_cert) < 0 ||
        issue(&ca, &stranger, leaf_shape, &leaf) < 0 || issue(&ca, &responder, signer, &delegate) < 0 ||
        issue(&ca, &responder, leaf_shape, &delegate_no_eku) < 0 ||
        issue(&other_ca, &responder, signer, &delegate_by_other) < 0 ||
        issue(&ca, &responder, expired, &delegate_expired) < 0) {
        fprintf(stderr, "cannot make the test certificates\n");
        return 1;
    }
    LT_RUN(test_good_response_from_the_issuer_is_accepted);
    LT_RUN(test_cert_id_with_sha256_is_matched);
    LT_RUN(test_responder_by_key_is_matched);
    LT_RUN(test_revoked_gives_reason_and_time);
    LT_RUN(test_unknown_status_is_revocation_unknown);
    LT_RUN(test_cert_id_must_match_serial_issuer_name_and_key);
    LT_RUN(test_signature_must_be_the_signers);
    LT_RUN(test_unknown_signer_is_refused);
    LT_RUN(test_delegated_responder_is_accepted);
    LT_RUN(test_delegated_responder_needs_ocsp_signing);
    LT_RUN(test_delegated_responder_must_be_issued_by_the_issuer);
    LT_RUN(test_delegated_responder_signature_is_checked);
    LT_RUN(test_delegated_responder_must_be_valid_at_the_time);
    LT_RUN(test_delegated_responder_must_come_with_the_response);
    LT_RUN(test_this_update_allows_the_skew_and_no_more);
    LT_RUN(test_next_update_allows_the_skew_and_no_more);
    LT_RUN(test_next_update_before_this_update_is_refused);
    LT_RUN(test_without_next_update_a_response_ages_out);
    LT_RUN(test_revoked_in_a_stale_response_is_not_believed);
    LT_RUN(test_single_responses_are_bounded);
    LT_RUN(test_certificates_in_a_response_are_bounded);
    LT_RUN(test_unknown_critical_extension_is_refused);
    LT_RUN(test_unsuccessful_response_status_is_not_usable);
    LT_RUN(test_every_truncation_and_trailing_byte_is_refused);
    LT_RUN(test_tls_feature_status_request_is_must_staple);
    return lt_test_summary();
}
