/* CRL parsing (see crl.h): RFC 5280 §5.1 (CertificateList, TBSCertList), §5.2 (CRL extensions),
 * §5.3 (entry extensions). Strict DER throughout (der.c); as in certificates, an extension may
 * appear once (§4.2 applies to CRL extensions by §5.2's reference to the same syntax), and one
 * latch does not handle is recorded when critical so that revocation checking refuses the CRL
 * (§5.2: "a CRL validation MUST fail if it encounters a critical extension which it does not
 * know how to process"). */
#include "x509/crl.h"

#include <string.h>

#include "base/err.h"
#include "x509/algid.h"
#include "x509/crldp.h"
#include "x509/der.h"
#include "x509/time.h"

#define LT_DER_ENUMERATED 0x0a

static const uint8_t lt_oid_authority_key_id[] = { 0x55, 0x1d, 0x23 };
static const uint8_t lt_oid_crl_number[] = { 0x55, 0x1d, 0x14 };
static const uint8_t lt_oid_delta_crl_indicator[] = { 0x55, 0x1d, 0x1b };
static const uint8_t lt_oid_issuing_distribution_point[] = { 0x55, 0x1d, 0x1c };
static const uint8_t lt_oid_reason_code[] = { 0x55, 0x1d, 0x15 };
static const uint8_t lt_oid_invalidity_date[] = { 0x55, 0x1d, 0x18 };
static const uint8_t lt_oid_certificate_issuer[] = { 0x55, 0x1d, 0x1d };

/* One Extension of a list: its OID, criticality and extnValue contents. */
typedef struct {
    lt_span oid;
    bool critical;
    lt_span value;
} lt_crl_ext;

/* Walks an Extensions SEQUENCE (contents of the outer element in body) and hands each extension
 * to one(), refusing duplicates and more than LT_CRL_MAX_EXTENSIONS. */
static int lt_crl_extensions(lt_span body, int (*one)(void *ctx, const lt_crl_ext *ext), void *ctx,
                             const char **problem)
{
    lt_reader r = lt_reader_from_span(body);
    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    lt_span seen[LT_CRL_MAX_EXTENSIONS];
    size_t count = 0;

    /* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension */
    if (lt_reader_empty(&list) || !lt_reader_done(&r)) {
        *problem = "malformed extensions";
        return LT_ERR_DECODE;
    }
    while (lt_reader_ok(&list) && !lt_reader_empty(&list)) {
        lt_reader ext_r = lt_der_enter(&list, LT_DER_SEQUENCE);
        lt_crl_ext ext = { lt_der_expect(&ext_r, LT_DER_OID), false, { NULL, 0 } };
        if (lt_der_peek(&ext_r, LT_DER_BOOLEAN)) {
            ext.critical = lt_der_read_bool(&ext_r);
            /* critical is DEFAULT FALSE: DER never encodes FALSE */
            if (lt_reader_ok(&ext_r) && !ext.critical)
                lt_reader_fail(&ext_r, LT_ERR_DECODE);
        }
        ext.value = lt_der_expect(&ext_r, LT_DER_OCTET_STRING);
        if (!lt_reader_done(&ext_r)) {
            *problem = "malformed extension";
            return LT_ERR_DECODE;
        }
        if (count == LT_CRL_MAX_EXTENSIONS) {
            *problem = "too many extensions";
            return LT_ERR_DECODE;
        }
        for (size_t i = 0; i < count; i++) {
            if (lt_span_eq(seen[i], ext.oid)) {
                *problem = "an extension appears twice";
                return LT_ERR_DECODE;
            }
        }
        seen[count++] = ext.oid;
        if (one(ctx, &ext) < 0) {
            *problem = "malformed extension";
            return LT_ERR_DECODE;
        }
    }
    if (!lt_reader_done(&list)) {
        *problem = "malformed extensions";
        return LT_ERR_DECODE;
    }
    return 0;
}

/* A non-negative INTEGER of at most 20 octets (cRLNumber, BaseCRLNumber: §5.2.3, §5.2.4). */
static int lt_crl_number(lt_span value, lt_span *out)
{
    lt_reader r = lt_reader_from_span(value);
    lt_span n = lt_der_expect(&r, LT_DER_INTEGER);
    if (!lt_reader_done(&r) || !lt_der_integer_ok(n) || (n.p[0] & 0x80) ||
        n.len > 20 + (n.p[0] == 0))
        return LT_ERR_DECODE;
    *out = n;
    return 0;
}

/* An IMPLICIT [n] BOOLEAN whose DEFAULT is FALSE: when present, DER makes it TRUE. */
static bool lt_crl_idp_flag(lt_reader *r, unsigned n)
{
    if (!lt_der_peek(r, LT_DER_CONTEXT(n)))
        return false;
    lt_span v = lt_der_expect(r, LT_DER_CONTEXT(n));
    if (lt_reader_ok(r) && (v.len != 1 || v.p[0] != 0xff))
        lt_reader_fail(r, LT_ERR_DECODE);
    return lt_reader_ok(r);
}

/* issuingDistributionPoint (§5.2.5). */
static int lt_crl_idp(lt_crl *crl, lt_span value)
{
    lt_reader r = lt_reader_from_span(value);
    lt_reader idp = lt_der_enter(&r, LT_DER_SEQUENCE);
    if (lt_der_peek(&idp, LT_DER_CONTEXT_CONS(0))) {
        lt_span name = lt_der_expect(&idp, LT_DER_CONTEXT_CONS(0));
        if (!lt_reader_ok(&idp) || lt_crldp_read_name(name, &crl->idp_full_name, &crl->idp_relative_name) < 0)
            return LT_ERR_DECODE;
        crl->idp_has_distribution_point = true;
    }
    crl->idp_only_user = lt_crl_idp_flag(&idp, 1);
    crl->idp_only_ca = lt_crl_idp_flag(&idp, 2);
    if (lt_der_peek(&idp, LT_DER_CONTEXT(3))) {
        /* ReasonFlags, IMPLICIT BIT STRING: at least one flag */
        lt_span v = lt_der_expect(&idp, LT_DER_CONTEXT(3));
        if (lt_reader_ok(&idp) && (v.len < 2 || v.p[0] > 7))
            lt_reader_fail(&idp, LT_ERR_DECODE);
        crl->idp_only_some_reasons = true;
    }
    crl->idp_indirect = lt_crl_idp_flag(&idp, 4);
    crl->idp_only_attribute = lt_crl_idp_flag(&idp, 5);
    if (!lt_reader_done(&idp) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    /* "at most one of onlyContainsUserCerts, onlyContainsCACerts, and onlyContainsAttributeCerts
     * may be set to TRUE", and the extension is never an empty sequence */
    if (crl->idp_only_user + crl->idp_only_ca + crl->idp_only_attribute > 1 ||
        value.len == 2)
        return LT_ERR_DECODE;
    crl->has_idp = true;
    return 0;
}

static int lt_crl_one_extension(void *ctx, const lt_crl_ext *ext)
{
    lt_crl *crl = ctx;
    if (LT_OID_IS(ext->oid, lt_oid_authority_key_id)) {
        lt_reader r = lt_reader_from_span(ext->value);
        lt_reader aki = lt_der_enter(&r, LT_DER_SEQUENCE);
        if (lt_der_peek(&aki, LT_DER_CONTEXT(0)))
            crl->authority_key_id = lt_der_expect(&aki, LT_DER_CONTEXT(0));
        if (lt_der_peek(&aki, LT_DER_CONTEXT_CONS(1)))
            lt_der_read(&aki);
        if (lt_der_peek(&aki, LT_DER_CONTEXT(2)))
            lt_der_read(&aki);
        return lt_reader_done(&aki) && lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
    }
    if (LT_OID_IS(ext->oid, lt_oid_crl_number)) {
        crl->has_crl_number = true;
        return lt_crl_number(ext->value, &crl->crl_number);
    }
    if (LT_OID_IS(ext->oid, lt_oid_delta_crl_indicator)) {
        lt_span base;
        crl->is_delta = true;
        return lt_crl_number(ext->value, &base);
    }
    if (LT_OID_IS(ext->oid, lt_oid_issuing_distribution_point))
        return lt_crl_idp(crl, ext->value);
    if (ext->critical && !crl->has_unknown_critical) {
        crl->has_unknown_critical = true;
        crl->unknown_critical_oid = ext->oid;
    }
    return 0;
}

static int lt_crl_one_entry_extension(void *ctx, const lt_crl_ext *ext)
{
    lt_crl_entry *entry = ctx;
    lt_reader r = lt_reader_from_span(ext->value);
    if (LT_OID_IS(ext->oid, lt_oid_reason_code)) {
        lt_span v = lt_der_expect(&r, LT_DER_ENUMERATED);
        /* 7 is not a reason (§5.3.1); unspecified (0) SHOULD NOT be encoded but is harmless */
        if (!lt_reader_done(&r) || v.len != 1 || v.p[0] > LT_CRL_REASON_AA_COMPROMISE || v.p[0] == 7)
            return LT_ERR_DECODE;
        entry->reason = v.p[0];
        return 0;
    }
    if (LT_OID_IS(ext->oid, lt_oid_invalidity_date)) {
        int64_t when;
        lt_span v = lt_der_expect(&r, LT_DER_GENERALIZED_TIME);
        if (!lt_reader_done(&r) || lt_time_parse(LT_DER_GENERALIZED_TIME, v, &when) < 0)
            return LT_ERR_DECODE;
        return 0;
    }
    if (LT_OID_IS(ext->oid, lt_oid_certificate_issuer)) {
        entry->certificate_issuer = lt_der_expect(&r, LT_DER_SEQUENCE);
        if (!lt_reader_done(&r) || lt_crldp_check_names(entry->certificate_issuer) < 0)
            return LT_ERR_DECODE;
        entry->has_certificate_issuer = true;
        return 0;
    }
    if (ext->critical && !entry->has_unknown_critical) {
        entry->has_unknown_critical = true;
        entry->unknown_critical_oid = ext->oid;
    }
    return 0;
}

/* Reads a Time (UTCTime or GeneralizedTime). */
static int lt_crl_time(lt_reader *r, int64_t *out)
{
    lt_der_elem t = lt_der_read(r);
    if (!lt_reader_ok(r))
        return LT_ERR_DECODE;
    return lt_time_parse(t.tag, t.value, out);
}

int lt_crl_entry_next(lt_reader *entries, unsigned version, lt_crl_entry *out, const char **problem)
{
    const char *ignored;
    lt_crl_entry entry;
    if (problem == NULL)
        problem = &ignored;
    if (!lt_reader_ok(entries))
        return LT_ERR_DECODE;
    if (lt_reader_empty(entries))
        return 0;
    memset(&entry, 0, sizeof entry);
    entry.reason = LT_CRL_REASON_NONE;
    lt_reader e = lt_der_enter(entries, LT_DER_SEQUENCE);
    entry.serial = lt_der_expect(&e, LT_DER_INTEGER);
    if (!lt_reader_ok(&e) || !lt_der_integer_ok(entry.serial) || entry.serial.len > 21) {
        *problem = "malformed serial number in an entry";
        return LT_ERR_DECODE;
    }
    if (lt_crl_time(&e, &entry.date) < 0) {
        *problem = "revocationDate is not a valid time";
        return LT_ERR_DECODE;
    }
    if (!lt_reader_empty(&e)) {
        lt_der_elem exts = lt_der_read(&e);
        if (version < 2) {
            *problem = "entry extensions in a version 1 CRL";
            return LT_ERR_DECODE;
        }
        if (!lt_reader_ok(&e) || exts.tag != LT_DER_SEQUENCE) {
            *problem = "malformed entry";
            return LT_ERR_DECODE;
        }
        LT_TRY(lt_crl_extensions(exts.whole, lt_crl_one_entry_extension, &entry, problem));
    }
    if (!lt_reader_done(&e)) {
        *problem = "malformed entry";
        return LT_ERR_DECODE;
    }
    *out = entry;
    return 1;
}

int lt_crl_parse(const uint8_t *der, size_t len, lt_crl *out, const char **problem)
{
    const char *ignored;
    lt_crl crl;
    lt_reader r = lt_reader_init(der, len);
    lt_span tbs_alg_whole, outer_alg_whole, tbs_alg_oid;
    lt_sig_alg tbs_alg;
    unsigned unused;
    size_t at;

    if (problem == NULL)
        problem = &ignored;
    *problem = "not a DER CRL";
    memset(&crl, 0, sizeof crl);
    crl.der = lt_span_make(der, len);
    if (lt_der_check_tree(crl.der, LT_DER_MAX_DEPTH) < 0)
        return LT_ERR_DECODE;

    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    lt_der_elem tbs_elem = lt_der_read(&list);
    crl.tbs = tbs_elem.whole;
    at = list.pos;
    lt_algid_read_sig(&list, &crl.sig_alg, &crl.sig_alg_oid);
    outer_alg_whole = lt_span_make(list.p + at, list.pos - at);
    crl.signature = lt_der_read_bits(&list, &unused);
    if (!lt_reader_done(&list) || tbs_elem.tag != LT_DER_SEQUENCE || unused != 0) {
        *problem = "malformed CertificateList structure";
        return LT_ERR_DECODE;
    }

    lt_reader tbs = lt_reader_from_span(tbs_elem.value);
    crl.version = 1;
    if (lt_der_peek(&tbs, LT_DER_INTEGER)) {
        /* Version is OPTIONAL, not DEFAULT: present, it MUST be v2 (1) (§5.1.2.1) */
        if (lt_der_read_uint(&tbs, 1) != 1 || !lt_reader_ok(&tbs)) {
            *problem = "malformed version (a CRL is version 1, absent, or version 2)";
            return LT_ERR_DECODE;
        }
        crl.version = 2;
    }
    at = tbs.pos;
    lt_algid_read_sig(&tbs, &tbs_alg, &tbs_alg_oid);
    tbs_alg_whole = lt_span_make(tbs.p + at, tbs.pos - at);
    lt_der_elem issuer = lt_der_read(&tbs);
    crl.issuer = issuer.whole;
    if (!lt_reader_ok(&tbs) || issuer.tag != LT_DER_SEQUENCE) {
        *problem = "malformed issuer";
        return LT_ERR_DECODE;
    }
    if (lt_crl_time(&tbs, &crl.this_update) < 0) {
        *problem = "thisUpdate is not a valid time";
        return LT_ERR_DECODE;
    }
    if (lt_der_peek(&tbs, LT_DER_UTC_TIME) || lt_der_peek(&tbs, LT_DER_GENERALIZED_TIME)) {
        if (lt_crl_time(&tbs, &crl.next_update) < 0) {
            *problem = "nextUpdate is not a valid time";
            return LT_ERR_DECODE;
        }
        crl.has_next_update = true;
        if (crl.next_update < crl.this_update) {
            *problem = "nextUpdate is before thisUpdate";
            return LT_ERR_DECODE;
        }
    }
    if (lt_der_peek(&tbs, LT_DER_SEQUENCE)) {
        crl.revoked = lt_der_expect(&tbs, LT_DER_SEQUENCE);
        /* "When there are no revoked certificates, the revoked certificates list MUST be
         * absent" (§5.1.2.6) */
        if (crl.revoked.len == 0) {
            *problem = "an empty revokedCertificates list (it must be absent)";
            return LT_ERR_DECODE;
        }
        lt_reader entries = lt_reader_from_span(crl.revoked);
        lt_crl_entry entry;
        int rc;
        while ((rc = lt_crl_entry_next(&entries, crl.version, &entry, problem)) == 1) {
            crl.n_revoked++;
            if (entry.has_certificate_issuer)
                crl.entry_certificate_issuer = true;
            if (entry.has_unknown_critical && !crl.has_unknown_critical) {
                crl.has_unknown_critical = true;
                crl.unknown_critical_oid = entry.unknown_critical_oid;
            }
        }
        if (rc < 0)
            return rc;
    }
    if (lt_der_peek(&tbs, LT_DER_CONTEXT_CONS(0))) {
        lt_span exts = lt_der_expect(&tbs, LT_DER_CONTEXT_CONS(0));
        if (crl.version < 2) {
            *problem = "extensions in a version 1 CRL";
            return LT_ERR_DECODE;
        }
        if (lt_reader_ok(&tbs))
            LT_TRY(lt_crl_extensions(exts, lt_crl_one_extension, &crl, problem));
    }
    if (!lt_reader_done(&tbs)) {
        *problem = "malformed TBSCertList";
        return LT_ERR_DECODE;
    }
    /* §5.1.1.2: signatureAlgorithm MUST equal the signature field of the TBSCertList */
    if (!lt_span_eq(tbs_alg_whole, outer_alg_whole)) {
        *problem = "the two signature algorithm fields differ";
        return LT_ERR_DECODE;
    }
    *out = crl;
    return 0;
}

const char *lt_crl_reason_name(int reason)
{
    static const char *const names[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
        "aACompromise",
    };
    if (reason < 0 || (size_t)reason >= sizeof names / sizeof names[0])
        return NULL;
    return names[reason];
}
