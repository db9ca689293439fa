/* OCSP responses (see ocsp.h). RFC 6960 §4.2.1 (OCSPResponse, BasicOCSPResponse, ResponseData,
 * SingleResponse; the module uses EXPLICIT tags), §4.1.1 (CertID), §4.2.2.1 (time), §4.2.2.2
 * (authorized responders), §3.2 (what a client checks before it accepts a response). */
#include "x509/ocsp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "x509/algid.h"
#include "x509/crl.h"
#include "x509/der.h"
#include "x509/oid.h"
#include "x509/time.h"

#define LT_DER_ENUMERATED 0x0a

/* id-pkix-ocsp-basic 1.3.6.1.5.5.7.48.1.1 */
static const uint8_t LT_OID_OCSP_BASIC[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01 };

/* An ENUMERATED small enough for OCSP's status codes and CRLReason; -1 when malformed. */
static int lt_ocsp_enumerated(lt_reader *r)
{
    lt_span v = lt_der_expect(r, LT_DER_ENUMERATED);
    if (!lt_reader_ok(r) || v.len != 1 || v.p[0] > 0x7f) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return -1;
    }
    return v.p[0];
}

static int64_t lt_ocsp_generalized_time(lt_reader *r)
{
    int64_t t = 0;
    lt_span v = lt_der_expect(r, LT_DER_GENERALIZED_TIME);
    if (lt_reader_ok(r) && lt_time_parse(LT_DER_GENERALIZED_TIME, v, &t) < 0)
        lt_reader_fail(r, LT_ERR_DECODE);
    return t;
}

/* Walks Extensions (RFC 5280 §4.1); returns 1 when one is critical (latch acts on none of
 * OCSP's: a nonce is only meaningful to a client that sent one, and latch sends none), 0 when
 * none is, -1 when malformed. */
static int lt_ocsp_extensions_critical(lt_span body)
{
    lt_reader r = lt_reader_from_span(body);
    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    int critical = 0;
    while (lt_reader_ok(&list) && !lt_reader_empty(&list)) {
        lt_reader ext = lt_der_enter(&list, LT_DER_SEQUENCE);
        lt_der_expect(&ext, LT_DER_OID);
        if (lt_der_peek(&ext, LT_DER_BOOLEAN) && lt_der_read_bool(&ext))
            critical = 1;
        lt_der_expect(&ext, LT_DER_OCTET_STRING);
        if (!lt_reader_done(&ext))
            return -1;
    }
    return lt_reader_done(&list) && lt_reader_done(&r) ? critical : -1;
}

static int lt_ocsp_fail(const char **problem, const char *what, int rc)
{
    *problem = what;
    return rc;
}

int lt_ocsp_parse(const uint8_t *der, size_t len, lt_ocsp_response *out, const char **problem)
{
    static const char *const statuses[] = { "successful", "malformedRequest", "internalError",
                                            "tryLater", "(4)", "sigRequired", "unauthorized" };
    const char *ignored;
    lt_ocsp_response resp;
    lt_reader r = lt_reader_init(der, len);

    if (problem == NULL)
        problem = &ignored;
    memset(&resp, 0, sizeof resp);
    if (lt_der_check_tree(lt_span_make(der, len), LT_DER_MAX_DEPTH) < 0)
        return lt_ocsp_fail(problem, "not DER", LT_ERR_DECODE);

    lt_reader top = lt_der_enter(&r, LT_DER_SEQUENCE);
    int status = lt_ocsp_enumerated(&top);
    if (!lt_reader_ok(&top) || !lt_reader_done(&r))
        return lt_ocsp_fail(problem, "not an OCSPResponse", LT_ERR_DECODE);
    if (status != 0) {
        *problem = status < (int)(sizeof statuses / sizeof statuses[0]) ? statuses[status] : "(unknown)";
        return LT_ERR_UNSUPPORTED;
    }
    /* responseBytes [0] EXPLICIT ResponseBytes: present when successful (§4.2.1) */
    lt_reader bytes_tag = lt_der_enter(&top, LT_DER_CONTEXT_CONS(0));
    lt_reader bytes = lt_der_enter(&bytes_tag, LT_DER_SEQUENCE);
    lt_span type = lt_der_expect(&bytes, LT_DER_OID);
    lt_span basic_der = lt_der_expect(&bytes, LT_DER_OCTET_STRING);
    if (!lt_reader_done(&bytes) || !lt_reader_done(&bytes_tag) || !lt_reader_done(&top))
        return lt_ocsp_fail(problem, "malformed responseBytes", LT_ERR_DECODE);
    if (!LT_OID_IS(type, LT_OID_OCSP_BASIC))
        return lt_ocsp_fail(problem, "response type is not id-pkix-ocsp-basic", LT_ERR_UNSUPPORTED);
    if (lt_der_check_tree(basic_der, LT_DER_MAX_DEPTH) < 0)
        return lt_ocsp_fail(problem, "BasicOCSPResponse is not DER", LT_ERR_DECODE);

    lt_reader basic_outer = lt_reader_from_span(basic_der);
    lt_reader basic = lt_der_enter(&basic_outer, LT_DER_SEQUENCE);
    lt_der_elem tbs = lt_der_read(&basic);
    lt_algid_read_sig(&basic, &resp.sig_alg, &resp.sig_alg_oid);
    unsigned unused = 0;
    resp.signature = lt_der_read_bits(&basic, &unused);
    if (lt_der_peek(&basic, LT_DER_CONTEXT_CONS(0))) {
        lt_reader certs_tag = lt_der_enter(&basic, LT_DER_CONTEXT_CONS(0));
        lt_reader certs = lt_der_enter(&certs_tag, LT_DER_SEQUENCE);
        while (lt_reader_ok(&certs) && !lt_reader_empty(&certs)) {
            lt_der_elem cert = lt_der_read(&certs);
            if (resp.n_certs == LT_OCSP_MAX_CERTS)
                return lt_ocsp_fail(problem, "too many certificates", LT_ERR_DECODE);
            resp.certs[resp.n_certs++] = cert.whole;
        }
        if (!lt_reader_done(&certs) || !lt_reader_done(&certs_tag))
            return lt_ocsp_fail(problem, "malformed certs", LT_ERR_DECODE);
    }
    if (!lt_reader_done(&basic) || !lt_reader_done(&basic_outer) || tbs.tag != LT_DER_SEQUENCE ||
        unused != 0)
        return lt_ocsp_fail(problem, "malformed BasicOCSPResponse", LT_ERR_DECODE);
    resp.tbs = tbs.whole;

    lt_reader data = lt_reader_from_span(tbs.value);
    if (lt_der_peek(&data, LT_DER_CONTEXT_CONS(0))) {
        /* version [0] EXPLICIT DEFAULT v1: only v1 exists, and DER leaves a default out */
        return lt_ocsp_fail(problem, "unsupported ResponseData version", LT_ERR_DECODE);
    }
    if (lt_der_peek(&data, LT_DER_CONTEXT_CONS(1))) {
        lt_reader by_name = lt_der_enter(&data, LT_DER_CONTEXT_CONS(1));
        lt_der_elem name = lt_der_read(&by_name);
        if (!lt_reader_done(&by_name) || name.tag != LT_DER_SEQUENCE)
            return lt_ocsp_fail(problem, "malformed responderID", LT_ERR_DECODE);
        resp.responder = name.whole;
    } else {
        lt_reader by_key = lt_der_enter(&data, LT_DER_CONTEXT_CONS(2));
        resp.responder = lt_der_expect(&by_key, LT_DER_OCTET_STRING);
        resp.by_key = 1;
        if (!lt_reader_done(&by_key) || resp.responder.len != 20)
            return lt_ocsp_fail(problem, "malformed responderID", LT_ERR_DECODE);
    }
    resp.produced_at = lt_ocsp_generalized_time(&data);
    lt_reader responses = lt_der_enter(&data, LT_DER_SEQUENCE);
    resp.responses = lt_span_make(responses.p, responses.len);
    while (lt_reader_ok(&responses) && !lt_reader_empty(&responses)) {
        lt_der_expect(&responses, LT_DER_SEQUENCE);
        if (++resp.n_responses > LT_OCSP_MAX_RESPONSES)
            return lt_ocsp_fail(problem, "too many SingleResponses", LT_ERR_DECODE);
    }
    if (lt_der_peek(&data, LT_DER_CONTEXT_CONS(1))) {
        lt_reader exts_tag = lt_der_enter(&data, LT_DER_CONTEXT_CONS(1));
        lt_span exts = lt_reader_rest(&exts_tag);
        int critical = lt_ocsp_extensions_critical(exts);
        if (critical < 0)
            return lt_ocsp_fail(problem, "malformed responseExtensions", LT_ERR_DECODE);
        resp.unknown_critical = critical;
    }
    if (!lt_reader_done(&responses) || !lt_reader_done(&data))
        return lt_ocsp_fail(problem, "malformed ResponseData", LT_ERR_DECODE);
    *out = resp;
    return 0;
}

/* The fields of one SingleResponse. */
typedef struct {
    lt_hash_id hash;          /* LT_HASH_NONE: a hash latch does not compute */
    lt_span name_hash, key_hash, serial;
    lt_ocsp_status status;
    int64_t revocation_time;
    int revocation_reason;
    int64_t this_update, next_update;
    int unknown_critical;
} lt_ocsp_single;

static lt_hash_id lt_ocsp_cert_id_hash(lt_reader *r)
{
    lt_reader alg = lt_der_enter(r, LT_DER_SEQUENCE);
    lt_span oid = lt_der_expect(&alg, LT_DER_OID);
    if (lt_der_peek(&alg, LT_DER_NULL)) /* parameters NULL or absent (RFC 5754 §2) */
        lt_der_read_null(&alg);
    if (!lt_reader_done(&alg))
        lt_reader_fail(r, LT_ERR_DECODE);
    if (LT_OID_IS(oid, LT_OID_SHA1))
        return LT_HASH_SHA1;
    if (LT_OID_IS(oid, LT_OID_SHA256))
        return LT_HASH_SHA256;
    if (LT_OID_IS(oid, LT_OID_SHA384))
        return LT_HASH_SHA384;
    if (LT_OID_IS(oid, LT_OID_SHA512))
        return LT_HASH_SHA512;
    return LT_HASH_NONE;
}

static int lt_ocsp_single_parse(lt_reader *list, lt_ocsp_single *s)
{
    memset(s, 0, sizeof *s);
    s->revocation_reason = -1;
    lt_reader one = lt_der_enter(list, LT_DER_SEQUENCE);
    lt_reader id = lt_der_enter(&one, LT_DER_SEQUENCE);
    s->hash = lt_ocsp_cert_id_hash(&id);
    s->name_hash = lt_der_expect(&id, LT_DER_OCTET_STRING);
    s->key_hash = lt_der_expect(&id, LT_DER_OCTET_STRING);
    s->serial = lt_der_expect(&id, LT_DER_INTEGER);
    if (!lt_reader_done(&id) || !lt_der_integer_ok(s->serial))
        return LT_ERR_DECODE;
    lt_der_elem status = lt_der_read(&one);
    if (status.tag == LT_DER_CONTEXT(0) && status.value.len == 0) {
        s->status = LT_OCSP_GOOD;
    } else if (status.tag == LT_DER_CONTEXT_CONS(1)) {
        lt_reader info = lt_reader_from_span(status.value);
        s->status = LT_OCSP_REVOKED;
        s->revocation_time = lt_ocsp_generalized_time(&info);
        if (lt_der_peek(&info, LT_DER_CONTEXT_CONS(0))) {
            lt_reader reason = lt_der_enter(&info, LT_DER_CONTEXT_CONS(0));
            s->revocation_reason = lt_ocsp_enumerated(&reason);
            if (!lt_reader_done(&reason))
                return LT_ERR_DECODE;
        }
        if (!lt_reader_done(&info))
            return LT_ERR_DECODE;
    } else if (status.tag == LT_DER_CONTEXT(2) && status.value.len == 0) {
        s->status = LT_OCSP_UNKNOWN;
    } else {
        return LT_ERR_DECODE;
    }
    s->this_update = lt_ocsp_generalized_time(&one);
    if (lt_der_peek(&one, LT_DER_CONTEXT_CONS(0))) {
        lt_reader next = lt_der_enter(&one, LT_DER_CONTEXT_CONS(0));
        s->next_update = lt_ocsp_generalized_time(&next);
        if (!lt_reader_done(&next))
            return LT_ERR_DECODE;
    }
    if (lt_der_peek(&one, LT_DER_CONTEXT_CONS(1))) {
        lt_reader exts_tag = lt_der_enter(&one, LT_DER_CONTEXT_CONS(1));
        s->unknown_critical = lt_ocsp_extensions_critical(lt_reader_rest(&exts_tag));
        if (s->unknown_critical < 0)
            return LT_ERR_DECODE;
    }
    return lt_reader_done(&one) ? 0 : LT_ERR_DECODE;
}

/* The certID hashes of issuer for one hash: over the issuer's whole DER Name, and over its
 * subjectPublicKey BIT STRING's bits (§4.1.1). */
typedef struct {
    lt_hash_id hash;
    uint8_t name[LT_MAX_HASH], key[LT_MAX_HASH];
} lt_ocsp_ids;

static int lt_ocsp_ids_for(const lt_cert *issuer, lt_hash_id hash, lt_ocsp_ids *ids)
{
    if (ids->hash == hash)
        return 0;
    LT_TRY(lt_hash(hash, issuer->subject.p, issuer->subject.len, ids->name));
    LT_TRY(lt_hash(hash, issuer->public_key.p, issuer->public_key.len, ids->key));
    ids->hash = hash;
    return 0;
}

static int lt_ocsp_digest_eq(lt_span got, const uint8_t *want, lt_hash_id hash)
{
    return got.len == lt_hash_len(hash) && memcmp(got.p, want, got.len) == 0;
}

/* Finds the SingleResponse for cert. 1 found, 0 none, <0 malformed or a hash failure. */
static int lt_ocsp_find(const lt_ocsp_response *resp, const lt_cert *cert, const lt_cert *issuer,
                        lt_ocsp_single *found)
{
    lt_ocsp_ids by_hash[2] = { { LT_HASH_NONE, { 0 }, { 0 } }, { LT_HASH_NONE, { 0 }, { 0 } } };
    lt_reader list = lt_reader_from_span(resp->responses);
    for (size_t i = 0; i < resp->n_responses; i++) {
        lt_ocsp_single s;
        LT_TRY(lt_ocsp_single_parse(&list, &s));
        if (s.hash == LT_HASH_NONE || !lt_span_eq(s.serial, cert->serial))
            continue;
        lt_ocsp_ids *ids = &by_hash[s.hash == LT_HASH_SHA1 ? 0 : 1];
        LT_TRY(lt_ocsp_ids_for(issuer, s.hash, ids));
        if (lt_ocsp_digest_eq(s.name_hash, ids->name, s.hash) &&
            lt_ocsp_digest_eq(s.key_hash, ids->key, s.hash)) {
            *found = s;
            return 1;
        }
    }
    return 0;
}

static int lt_ocsp_is_responder(const lt_ocsp_response *resp, const lt_cert *c)
{
    uint8_t key_hash[20];
    if (!resp->by_key)
        return lt_span_eq(resp->responder, c->subject);
    /* KeyHash: SHA-1 over the subjectPublicKey bits (§4.2.1): an identifier, not a signature */
    if (lt_hash(LT_HASH_SHA1, c->public_key.p, c->public_key.len, key_hash) < 0)
        return 0;
    return memcmp(key_hash, resp->responder.p, sizeof key_hash) == 0;
}

/* Verifies signed bytes with cert's key; 0 when the signature holds. */
static int lt_ocsp_signed_by(const lt_cert *cert, lt_sig_alg alg, lt_span tbs, lt_span sig)
{
    lt_pubkey *key = NULL;
    int rc = lt_pubkey_from_spki(cert->spki.p, cert->spki.len, &key);
    if (rc == 0)
        rc = lt_pubkey_verify(key, alg, tbs.p, tbs.len, sig.p, sig.len);
    lt_pubkey_free(key);
    return rc;
}

static int lt_ocsp_alg_ok(lt_sig_alg alg)
{
    return alg != LT_SIG_NONE && lt_sig_hash(alg) != LT_HASH_SHA1;
}

/* A delegated responder (§4.2.2.2): certified directly by the issuer (its issuer field is the
 * issuer's subject and the issuer's key signed it), for id-kp-OCSPSigning, with
 * digitalSignature when keyUsage is present, valid at time, no critical extension unknown. */
static const char *lt_ocsp_delegate_problem(const lt_cert *delegate, const lt_cert *issuer, int64_t time)
{
    if (!lt_span_eq(delegate->issuer, issuer->subject))
        return "is not issued by the certificate's issuer";
    if (!lt_ocsp_alg_ok(delegate->sig_alg))
        return "is signed with an algorithm latch does not accept";
    if (lt_ocsp_signed_by(issuer, delegate->sig_alg, delegate->tbs, delegate->signature) != 0)
        return "does not carry a valid signature of the certificate's issuer";
    if (!delegate->has_ext_key_usage || !(delegate->ext_key_usage & LT_EKU_OCSP_SIGNING))
        return "is not authorised for OCSP signing (no id-kp-OCSPSigning)";
    if (delegate->has_key_usage && !(delegate->key_usage & LT_KU_DIGITAL_SIGNATURE))
        return "has a keyUsage without digitalSignature";
    if (time > delegate->not_after)
        return "has expired";
    if (time < delegate->not_before)
        return "is not yet valid";
    if (delegate->has_unknown_critical)
        return "has a critical extension latch does not understand";
    return NULL;
}

static int lt_ocsp_unknown(lt_ocsp_result *result, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int lt_ocsp_unknown(lt_ocsp_result *result, const char *fmt, ...)
{
    va_list ap;
    result->error = LT_VERIFY_REVOCATION_UNKNOWN;
    va_start(ap, fmt);
    vsnprintf(result->reason, sizeof result->reason, fmt, ap);
    va_end(ap);
    return LT_ERR_VERIFY;
}

/* Finds who signed the response (§4.2.2.2) and checks the signature: 0, or LT_ERR_VERIFY with
 * result saying what went wrong. */
static int lt_ocsp_check_signer(const lt_ocsp_response *resp, const lt_cert *issuer, int64_t time,
                                const char *name, lt_ocsp_result *result)
{
    const lt_cert *signer = NULL;
    lt_cert delegate;
    const char *problem = NULL;
    char where[32] = "";

    if (!lt_ocsp_alg_ok(resp->sig_alg))
        return lt_ocsp_unknown(result, "the OCSP response for '%s' is signed with %s, which latch does not accept",
                               name, resp->sig_alg == LT_SIG_NONE ? "an unknown algorithm" : lt_sig_name(resp->sig_alg));
    if (lt_ocsp_is_responder(resp, issuer)) {
        signer = issuer;
    } else {
        for (size_t i = 0; i < resp->n_certs && signer == NULL; i++) {
            if (lt_cert_parse(resp->certs[i].p, resp->certs[i].len, &delegate, NULL) < 0) {
                problem = "does not parse";
                snprintf(where, sizeof where, "%zu", i + 1);
                continue;
            }
            if (!lt_ocsp_is_responder(resp, &delegate))
                continue;
            problem = lt_ocsp_delegate_problem(&delegate, issuer, time);
            snprintf(where, sizeof where, "%zu", i + 1);
            if (problem == NULL)
                signer = &delegate;
        }
    }
    if (signer == NULL && problem != NULL)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' is signed by a responder certificate (%s of the response) that %s",
                               name, where, problem);
    if (signer == NULL)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' is signed neither by its issuer nor by a responder the issuer authorised",
                               name);
    if (lt_ocsp_signed_by(signer, resp->sig_alg, resp->tbs, resp->signature) != 0)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' has a bad signature", name);
    return 0;
}

int lt_ocsp_check(const lt_ocsp_response *resp, const lt_cert *cert, const lt_cert *issuer, int64_t time,
                  lt_ocsp_result *result)
{
    lt_ocsp_single s;
    char name[128], when[40], limit[40];
    int rc;

    memset(result, 0, sizeof *result);
    result->revocation_reason = -1;
    result->produced_at = resp->produced_at;
    lt_cert_display_name(cert, name, sizeof name);
    if (resp->unknown_critical)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' has a critical extension latch does not understand",
                               name);
    rc = lt_ocsp_find(resp, cert, issuer, &s);
    if (rc < 0)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' is malformed (a SingleResponse)", name);
    if (rc == 0)
        return lt_ocsp_unknown(result, "the OCSP response is not about '%s' (no certID matches its issuer and serial)",
                               name);
    /* The signature before anything the response says is believed. */
    LT_TRY(lt_ocsp_check_signer(resp, issuer, time, name, result));
    if (s.unknown_critical)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' has a critical extension latch does not understand",
                               name);
    result->status = s.status;
    result->this_update = s.this_update;
    result->next_update = s.next_update;
    result->revocation_time = s.revocation_time;
    result->revocation_reason = s.revocation_reason;
    /* §4.2.2.1 and §3.2 (5), (6): a response from the future, or one past its nextUpdate, is
     * not current. */
    if (s.this_update > time + LT_OCSP_SKEW) {
        lt_time_format(s.this_update, when, sizeof when);
        return lt_ocsp_unknown(result, "the OCSP response for '%s' is not valid before %s", name, when);
    }
    if (s.next_update != 0 && s.next_update < time - LT_OCSP_SKEW) {
        lt_time_format(s.next_update, when, sizeof when);
        return lt_ocsp_unknown(result, "the OCSP response for '%s' is out of date: its next update was due %s",
                               name, when);
    }
    if (s.next_update != 0 && s.next_update < s.this_update)
        return lt_ocsp_unknown(result, "the OCSP response for '%s' has its nextUpdate before its thisUpdate", name);
    if (s.next_update == 0 && s.this_update < time - LT_OCSP_MAX_AGE_WITHOUT_NEXT) {
        lt_time_format(s.this_update, when, sizeof when);
        lt_time_format(s.this_update + LT_OCSP_MAX_AGE_WITHOUT_NEXT, limit, sizeof limit);
        return lt_ocsp_unknown(result, "the OCSP response for '%s' (thisUpdate %s, no nextUpdate) is too old to use after %s",
                               name, when, limit);
    }
    if (s.status == LT_OCSP_REVOKED) {
        lt_time_format(s.revocation_time, when, sizeof when);
        result->error = LT_VERIFY_REVOKED;
        snprintf(result->reason, sizeof result->reason,
                 "certificate '%s' was revoked on %s (%s), says its OCSP response", name, when,
                 lt_ocsp_reason_name(s.revocation_reason));
        return LT_ERR_VERIFY;
    }
    if (s.status == LT_OCSP_UNKNOWN)
        return lt_ocsp_unknown(result, "the OCSP responder does not know certificate '%s' (status unknown)", name);
    result->error = LT_VERIFY_OK;
    return 0;
}

int lt_ocsp_verify(const uint8_t *der, size_t len, const lt_cert *cert, const lt_cert *issuer, int64_t time,
                   lt_ocsp_result *result)
{
    lt_ocsp_response resp;
    const char *problem = NULL;
    char name[128];
    int rc = lt_ocsp_parse(der, len, &resp, &problem);
    if (rc < 0) {
        memset(result, 0, sizeof *result);
        result->revocation_reason = -1;
        lt_cert_display_name(cert, name, sizeof name);
        return lt_ocsp_unknown(result, rc == LT_ERR_UNSUPPORTED
                                           ? "the OCSP response for '%s' is not usable: %s"
                                           : "the OCSP response for '%s' is malformed: %s",
                               name, problem);
    }
    return lt_ocsp_check(&resp, cert, issuer, time, result);
}

void lt_ocsp_describe(const lt_ocsp_result *result, char *out, size_t cap)
{
    char produced[40], next[40];
    if (result->error == LT_VERIFY_REVOCATION_UNKNOWN) {
        snprintf(out, cap, "not usable: %s", result->reason);
        return;
    }
    lt_time_format(result->produced_at, produced, sizeof produced);
    if (result->error == LT_VERIFY_REVOKED) {
        snprintf(out, cap, "revoked, produced %s: %s", produced, result->reason);
        return;
    }
    if (result->next_update != 0)
        lt_time_format(result->next_update, next, sizeof next);
    else
        snprintf(next, sizeof next, "none given");
    snprintf(out, cap, "%s, produced %s, next update %s", lt_ocsp_status_name(result->status),
             produced, next);
}

const char *lt_ocsp_status_name(lt_ocsp_status status)
{
    switch (status) {
    case LT_OCSP_GOOD:
        return "good";
    case LT_OCSP_REVOKED:
        return "revoked";
    default:
        return "unknown";
    }
}

const char *lt_ocsp_reason_name(int reason)
{
    const char *name = lt_crl_reason_name(reason); /* OCSP's are CRLReason's (RFC 6960 §4.2.1) */
    return name != NULL ? name : "unspecified";
}
