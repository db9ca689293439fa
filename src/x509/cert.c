/* Certificate parsing: RFC 5280 §4.1 (TBSCertificate and its fields) and §4.2 (the extensions
 * latch understands: basicConstraints §4.2.1.9, keyUsage §4.2.1.3, extKeyUsage §4.2.1.12,
 * subjectAltName §4.2.1.6, nameConstraints §4.2.1.10, key identifiers §4.2.1.1/§4.2.1.2,
 * policyConstraints §4.2.1.11 and authorityInfoAccess §4.2.2.1 for their form, certificatePolicies
 * §4.2.1.4 tolerated). Criticality is recorded where a rule depends on it. "A certificate MUST NOT include more than one instance
 * of a particular extension" (§4.2), and an unrecognised critical extension is recorded so path
 * validation can reject the certificate. */
#include "x509/cert.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "x509/algid.h"
#include "x509/crldp.h"
#include "x509/der.h"
#include "x509/dn.h"
#include "x509/oid.h"
#include "x509/time.h"

/* Reads an element and returns its whole encoding (for the signed TBS and Names). */
static lt_span lt_cert_whole(lt_reader *r, uint8_t tag)
{
    lt_der_elem e = lt_der_read(r);
    if (lt_reader_ok(r) && e.tag != tag)
        lt_reader_fail(r, LT_ERR_DECODE);
    return e.whole;
}

/* An EXPLICIT [n] holding exactly one DirectoryString (EDIPartyName's two fields). */
static bool lt_general_name_directory_string(lt_reader *r, unsigned n)
{
    lt_reader field = lt_der_enter(r, LT_DER_CONTEXT_CONS(n));
    lt_der_elem s = lt_der_read(&field);
    return lt_reader_done(&field) && lt_dn_directory_string_ok(s.tag, s.value);
}

/* Whether a GeneralName's contents are of its form (RFC 5280 App. A.2, the IMPLICIT module):
 * otherName a type OID and one [0] EXPLICIT value, DER, a Unicode string valid in its type (as
 * libcrypto decodes the value's own type, not what lies inside a SEQUENCE); x400Address and
 * directoryName (an EXPLICIT Name) well-formed DER; ediPartyName an optional [0] and a [1]
 * EXPLICIT DirectoryString; registeredID an OID. The string forms and iPAddress are checked
 * where they are matched. */
static bool lt_general_name_form_ok(unsigned number, lt_span value)
{
    lt_reader r = lt_reader_from_span(value);
    const char *problem;
    switch (number) {
    case LT_GN_OTHER_NAME: {
        lt_span type = lt_der_expect(&r, LT_DER_OID);
        lt_span any = lt_der_expect(&r, LT_DER_CONTEXT_CONS(0));
        lt_reader one = lt_reader_from_span(any);
        lt_der_elem v = lt_der_read(&one);
        bool unicode = v.tag == LT_DER_UTF8_STRING || v.tag == LT_DER_BMP_STRING ||
                       v.tag == LT_DER_UNIVERSAL_STRING;
        return lt_reader_done(&r) && lt_der_oid_ok(type) && lt_reader_done(&one) &&
               lt_der_check_tree(any, LT_DER_MAX_DEPTH) == 0 &&
               (!unicode || lt_dn_directory_string_ok(v.tag, v.value));
    }
    case LT_GN_X400:
        return lt_der_check_tree(value, LT_DER_MAX_DEPTH) == 0;
    case LT_GN_DIRECTORY:
        return lt_dn_check(value, &problem) == 0 && lt_der_check_tree(value, LT_DER_MAX_DEPTH) == 0;
    case LT_GN_EDI_PARTY:
        if (lt_der_peek(&r, LT_DER_CONTEXT_CONS(0)) && !lt_general_name_directory_string(&r, 0))
            return false;
        return lt_general_name_directory_string(&r, 1) && lt_reader_done(&r);
    case LT_GN_REGISTERED_ID:
        return lt_der_oid_ok(value);
    default:
        return true;
    }
}

int lt_general_names_next(lt_reader *names, unsigned *tag, lt_span *value)
{
    if (!lt_reader_ok(names))
        return LT_ERR_DECODE;
    if (lt_reader_empty(names))
        return 0;
    lt_der_elem e = lt_der_read(names);
    if (!lt_reader_ok(names) || (e.tag & 0xc0) != 0x80)
        return LT_ERR_DECODE;
    unsigned number = e.tag & 0x1f;
    /* otherName, x400Address, directoryName and ediPartyName are constructed; the rest not. */
    int constructed = (e.tag & LT_DER_CONSTRUCTED) != 0;
    int must_construct = number == LT_GN_OTHER_NAME || number == LT_GN_X400 ||
                         number == LT_GN_DIRECTORY || number == LT_GN_EDI_PARTY;
    if (number > LT_GN_REGISTERED_ID || constructed != must_construct ||
        !lt_general_name_form_ok(number, e.value))
        return LT_ERR_DECODE;
    *tag = number;
    *value = e.value;
    return 1;
}

/* Walks a GeneralNames body once to check it is well formed and non-empty. */
static int lt_cert_check_general_names(lt_span body)
{
    lt_reader r = lt_reader_from_span(body);
    unsigned tag;
    lt_span value;
    int count = 0, rc;
    while ((rc = lt_general_names_next(&r, &tag, &value)) == 1)
        count++;
    return rc < 0 || count == 0 ? LT_ERR_DECODE : 0;
}

static int lt_cert_check_subtrees(lt_span body)
{
    lt_reader r = lt_reader_from_span(body);
    if (lt_reader_empty(&r))
        return LT_ERR_DECODE;
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        lt_reader subtree = lt_der_enter(&r, LT_DER_SEQUENCE);
        lt_der_elem base = lt_der_read(&subtree);
        lt_reader one = lt_reader_from_span(base.whole);
        unsigned tag;
        lt_span value;
        /* RFC 5280 §4.2.1.10: minimum MUST be zero and maximum MUST be absent, so neither is
         * encoded in DER. */
        if (!lt_reader_done(&subtree) || lt_general_names_next(&one, &tag, &value) != 1)
            return LT_ERR_DECODE;
    }
    return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
}

static int lt_cert_basic_constraints(lt_cert *cert, lt_span v, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    lt_reader bc = lt_der_enter(&r, LT_DER_SEQUENCE);
    /* cA is DEFAULT FALSE; an explicit FALSE is not DER but common, and harmless. */
    if (lt_der_peek(&bc, LT_DER_BOOLEAN))
        cert->is_ca = lt_der_read_bool(&bc);
    if (lt_der_peek(&bc, LT_DER_INTEGER))
        cert->path_len = (int)lt_der_read_uint(&bc, 255);
    if (!lt_reader_done(&bc) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    cert->has_basic_constraints = true;
    cert->basic_constraints_critical = critical;
    return 0;
}

static int lt_cert_key_usage(lt_cert *cert, lt_span v)
{
    lt_reader r = lt_reader_from_span(v);
    unsigned unused;
    lt_span bits = lt_der_read_bits(&r, &unused);
    unsigned usage = 0;
    if (!lt_reader_done(&r) || bits.len == 0 || bits.len > 2)
        return LT_ERR_DECODE;
    for (size_t i = 0; i < bits.len * 8; i++)
        if (bits.p[i / 8] & (0x80u >> (i % 8)))
            usage |= 1u << i;
    if (usage == 0) /* RFC 5280 §4.2.1.3: at least one bit MUST be set */
        return LT_ERR_DECODE;
    cert->has_key_usage = true;
    cert->key_usage = usage;
    return 0;
}

static int lt_cert_ext_key_usage(lt_cert *cert, lt_span v, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    unsigned eku = 0;
    if (lt_reader_empty(&list))
        return LT_ERR_DECODE;
    while (lt_reader_ok(&list) && !lt_reader_empty(&list)) {
        lt_span oid = lt_der_expect(&list, LT_DER_OID);
        if (LT_OID_IS(oid, LT_OID_KP_SERVER_AUTH))
            eku |= LT_EKU_SERVER_AUTH;
        else if (LT_OID_IS(oid, LT_OID_KP_CLIENT_AUTH))
            eku |= LT_EKU_CLIENT_AUTH;
        else if (LT_OID_IS(oid, LT_OID_ANY_EXT_KEY_USAGE))
            eku |= LT_EKU_ANY;
        else if (LT_OID_IS(oid, LT_OID_KP_EMAIL_PROTECTION))
            eku |= LT_EKU_EMAIL_PROTECTION;
        else if (LT_OID_IS(oid, LT_OID_KP_OCSP_SIGNING))
            eku |= LT_EKU_OCSP_SIGNING;
    }
    if (!lt_reader_done(&list) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    cert->has_ext_key_usage = true;
    cert->ext_key_usage_critical = critical;
    cert->ext_key_usage = eku;
    return 0;
}

static int lt_cert_subject_alt_name(lt_cert *cert, lt_span v, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    lt_span names = lt_der_expect(&r, LT_DER_SEQUENCE);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    LT_TRY(lt_cert_check_general_names(names));
    cert->has_subject_alt_name = true;
    cert->subject_alt_name_critical = critical;
    cert->subject_alt_name = names;
    return 0;
}

static int lt_cert_name_constraints(lt_cert *cert, lt_span v, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    lt_reader nc = lt_der_enter(&r, LT_DER_SEQUENCE);
    if (lt_der_peek(&nc, LT_DER_CONTEXT_CONS(0)))
        cert->permitted_subtrees = lt_der_expect(&nc, LT_DER_CONTEXT_CONS(0));
    if (lt_der_peek(&nc, LT_DER_CONTEXT_CONS(1)))
        cert->excluded_subtrees = lt_der_expect(&nc, LT_DER_CONTEXT_CONS(1));
    if (!lt_reader_done(&nc) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    /* §4.2.1.10: an empty NameConstraints sequence is not allowed. */
    if (cert->permitted_subtrees.p == NULL && cert->excluded_subtrees.p == NULL)
        return LT_ERR_DECODE;
    if (cert->permitted_subtrees.p != NULL)
        LT_TRY(lt_cert_check_subtrees(cert->permitted_subtrees));
    if (cert->excluded_subtrees.p != NULL)
        LT_TRY(lt_cert_check_subtrees(cert->excluded_subtrees));
    cert->has_name_constraints = true;
    cert->name_constraints_critical = critical;
    return 0;
}

static int lt_cert_key_ids(lt_cert *cert, lt_span v, int authority, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    if (!authority) {
        cert->subject_key_id = lt_der_expect(&r, LT_DER_OCTET_STRING);
        cert->has_subject_key_id = true;
        cert->subject_key_id_critical = critical;
        return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
    }
    /* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0], authorityCertIssuer [1]
     * GeneralNames, authorityCertSerialNumber [2] INTEGER }, all IMPLICIT and OPTIONAL. */
    lt_reader aki = lt_der_enter(&r, LT_DER_SEQUENCE);
    if (lt_der_peek(&aki, LT_DER_CONTEXT(0)))
        cert->authority_key_id = lt_der_expect(&aki, LT_DER_CONTEXT(0));
    if (lt_der_peek(&aki, LT_DER_CONTEXT_CONS(1))) {
        LT_TRY(lt_cert_check_general_names(lt_der_expect(&aki, LT_DER_CONTEXT_CONS(1))));
        cert->aki_has_cert_issuer = true;
    }
    if (lt_der_peek(&aki, LT_DER_CONTEXT(2))) {
        if (!lt_der_integer_ok(lt_der_expect(&aki, LT_DER_CONTEXT(2))))
            return LT_ERR_DECODE;
        cert->aki_has_cert_serial = true;
    }
    if (!lt_reader_done(&aki) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    cert->has_authority_key_id = true;
    cert->authority_key_id_critical = critical;
    return 0;
}

/* PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL,
 * inhibitPolicyMapping [1] SkipCerts OPTIONAL }. latch does no policy processing (neither does
 * the Web PKI); the form is checked so that path.c can hold it to §4.2.1.11 (critical, not
 * empty). */
static int lt_cert_policy_constraints(lt_cert *cert, lt_span v, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    lt_reader pc = lt_der_enter(&r, LT_DER_SEQUENCE);
    bool empty = lt_reader_ok(&pc) && lt_reader_empty(&pc);
    for (uint8_t tag = 0; tag < 2; tag++)
        if (lt_der_peek(&pc, LT_DER_CONTEXT(tag)) && !lt_der_integer_ok(lt_der_expect(&pc, LT_DER_CONTEXT(tag))))
            return LT_ERR_DECODE;
    if (!lt_reader_done(&pc) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    cert->has_policy_constraints = true;
    cert->policy_constraints_critical = critical;
    cert->policy_constraints_empty = empty;
    return 0;
}

/* AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription { accessMethod
 * OID, accessLocation GeneralName }. The entries are counted, not used: an empty sequence is
 * left for path.c to refuse with a reason. */
static int lt_cert_authority_info_access(lt_cert *cert, lt_span v, bool critical)
{
    lt_reader r = lt_reader_from_span(v);
    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    unsigned count = 0;
    while (lt_reader_ok(&list) && !lt_reader_empty(&list)) {
        lt_reader desc = lt_der_enter(&list, LT_DER_SEQUENCE);
        lt_der_expect(&desc, LT_DER_OID);
        unsigned tag;
        lt_span value;
        if (lt_general_names_next(&desc, &tag, &value) != 1 || !lt_reader_done(&desc))
            return LT_ERR_DECODE;
        count++;
    }
    if (!lt_reader_done(&list) || !lt_reader_done(&r))
        return LT_ERR_DECODE;
    cert->has_authority_info_access = true;
    cert->authority_info_access_critical = critical;
    cert->authority_info_access_count = count;
    return 0;
}

/* RFC 7633 §6: Features ::= SEQUENCE OF INTEGER; status_request (5) is "must staple". */
static int lt_cert_tls_feature(lt_cert *cert, lt_span v)
{
    lt_reader r = lt_reader_from_span(v);
    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    while (lt_reader_ok(&list) && !lt_reader_empty(&list))
        if (lt_der_read_uint(&list, 65535) == 5)
            cert->must_staple = true;
    return lt_reader_done(&list) && lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
}

static int lt_cert_one_extension(lt_cert *cert, lt_span oid, bool critical, lt_span value)
{
    if (LT_OID_IS(oid, LT_OID_BASIC_CONSTRAINTS))
        return lt_cert_basic_constraints(cert, value, critical);
    if (LT_OID_IS(oid, LT_OID_KEY_USAGE))
        return lt_cert_key_usage(cert, value);
    if (LT_OID_IS(oid, LT_OID_EXT_KEY_USAGE))
        return lt_cert_ext_key_usage(cert, value, critical);
    if (LT_OID_IS(oid, LT_OID_SUBJECT_ALT_NAME))
        return lt_cert_subject_alt_name(cert, value, critical);
    if (LT_OID_IS(oid, LT_OID_NAME_CONSTRAINTS))
        return lt_cert_name_constraints(cert, value, critical);
    if (LT_OID_IS(oid, LT_OID_SUBJECT_KEY_ID))
        return lt_cert_key_ids(cert, value, 0, critical);
    if (LT_OID_IS(oid, LT_OID_AUTHORITY_KEY_ID))
        return lt_cert_key_ids(cert, value, 1, critical);
    if (LT_OID_IS(oid, LT_OID_POLICY_CONSTRAINTS))
        return lt_cert_policy_constraints(cert, value, critical);
    if (LT_OID_IS(oid, LT_OID_AUTHORITY_INFO_ACCESS))
        return lt_cert_authority_info_access(cert, value, critical);
    if (LT_OID_IS(oid, LT_OID_TLS_FEATURE))
        return lt_cert_tls_feature(cert, value);
    if (LT_OID_IS(oid, LT_OID_CRL_DISTRIBUTION_POINTS)) {
        /* read so that revocation can match partitioned and indirect CRLs; latch never fetches
         * from them */
        cert->has_crl_distribution_points = true;
        return lt_crldp_parse_list(value, &cert->crl_distribution_points);
    }
    if (LT_OID_IS(oid, LT_OID_CERT_POLICIES)) {
        /* Tolerated: the Web PKI does not process policies, but the value must be DER. */
        lt_reader r = lt_reader_from_span(value);
        lt_der_expect(&r, LT_DER_SEQUENCE);
        return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
    }
    if (critical && !cert->has_unknown_critical) {
        cert->has_unknown_critical = true;
        cert->unknown_critical_oid = oid;
    }
    return 0;
}

static int lt_cert_extensions(lt_cert *cert, lt_span body, const char **problem)
{
    lt_reader r = lt_reader_from_span(body);
    lt_reader list = lt_der_enter(&r, LT_DER_SEQUENCE);
    lt_span seen[LT_CERT_MAX_EXTENSIONS];
    size_t count = 0;

    if (lt_reader_empty(&list) || !lt_reader_done(&r)) {
        *problem = "malformed extensions";
        return LT_ERR_DECODE;
    }
    while (lt_reader_ok(&list) && !lt_reader_empty(&list)) {
        lt_reader ext = lt_der_enter(&list, LT_DER_SEQUENCE);
        lt_span oid = lt_der_expect(&ext, LT_DER_OID);
        bool critical = false;
        if (lt_der_peek(&ext, LT_DER_BOOLEAN))
            critical = lt_der_read_bool(&ext);
        lt_span value = lt_der_expect(&ext, LT_DER_OCTET_STRING);
        if (!lt_reader_done(&ext)) {
            *problem = "malformed extension";
            return LT_ERR_DECODE;
        }
        if (count == LT_CERT_MAX_EXTENSIONS) {
            *problem = "too many extensions";
            return LT_ERR_DECODE;
        }
        for (size_t i = 0; i < count; i++) {
            if (lt_span_eq(seen[i], oid)) {
                *problem = "an extension appears twice";
                return LT_ERR_DECODE;
            }
        }
        seen[count++] = oid;
        if (lt_cert_one_extension(cert, oid, critical, value) < 0) {
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

/* A signature AlgorithmIdentifier, named as the problem when its parameters break the rule of
 * its algorithm (RFC 3279 §2.2.1 NULL or absent for PKCS #1, RFC 5758 §3.2 absent for ECDSA,
 * RFC 4055 §3.1 RSASSA-PSS-params for PSS), where a reader that failed would only say the
 * structure is malformed. A reader that had failed before is left to its caller. */
static int lt_cert_read_sig_alg(lt_reader *r, lt_sig_alg *alg, lt_span *oid, const char **problem)
{
    bool was_ok = lt_reader_ok(r);
    lt_algid_read_sig(r, alg, oid);
    if (was_ok && !lt_reader_ok(r)) {
        *problem = "malformed signature algorithm";
        return -1;
    }
    return 0;
}

int lt_cert_parse(const uint8_t *der, size_t len, lt_cert *out, const char **problem)
{
    const char *ignored;
    lt_cert cert;
    lt_reader r = lt_reader_init(der, len);
    lt_span tbs_alg_whole, outer_alg_whole, tbs_alg_oid;
    lt_sig_alg tbs_alg;
    size_t at;

    if (problem == NULL)
        problem = &ignored;
    *problem = "not a DER certificate";
    memset(&cert, 0, sizeof cert);
    cert.path_len = -1;
    cert.der = lt_span_make(der, len);

    /* Every constructed element is strict DER, at a bounded depth. */
    if (lt_der_check_tree(cert.der, LT_DER_MAX_DEPTH) < 0)
        return LT_ERR_DECODE;

    lt_reader certificate = lt_der_enter(&r, LT_DER_SEQUENCE);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    cert.tbs = lt_cert_whole(&certificate, LT_DER_SEQUENCE);
    at = certificate.pos;
    if (lt_cert_read_sig_alg(&certificate, &cert.sig_alg, &cert.sig_alg_oid, problem) < 0)
        return LT_ERR_DECODE;
    outer_alg_whole = lt_span_make(certificate.p + at, certificate.pos - at);
    unsigned unused;
    cert.signature = lt_der_read_bits(&certificate, &unused);
    if (!lt_reader_done(&certificate)) {
        *problem = "malformed certificate structure";
        return LT_ERR_DECODE;
    }
    if (unused != 0) { /* every signature latch knows is whole octets (RFC 3279, RFC 4055, RFC 8410) */
        *problem = "the signature is not a whole number of octets";
        return LT_ERR_DECODE;
    }

    lt_reader tbs = lt_reader_from_span(cert.tbs);
    tbs = lt_der_enter(&tbs, LT_DER_SEQUENCE);
    cert.version = 1;
    if (lt_der_peek(&tbs, LT_DER_CONTEXT_CONS(0))) {
        lt_reader version = lt_der_enter(&tbs, LT_DER_CONTEXT_CONS(0));
        /* v1 is the DEFAULT and so is never encoded in DER. */
        cert.version = (unsigned)lt_der_read_uint(&version, 2) + 1;
        if (!lt_reader_done(&version) || cert.version == 1) {
            *problem = "malformed version";
            return LT_ERR_DECODE;
        }
    }
    cert.serial = lt_der_expect(&tbs, LT_DER_INTEGER);
    if (lt_reader_ok(&tbs) && (!lt_der_integer_ok(cert.serial) || cert.serial.len > 21)) {
        *problem = "malformed serial number";
        return LT_ERR_DECODE;
    }
    at = tbs.pos;
    if (lt_cert_read_sig_alg(&tbs, &tbs_alg, &tbs_alg_oid, problem) < 0)
        return LT_ERR_DECODE;
    tbs_alg_whole = lt_span_make(tbs.p + at, tbs.pos - at);
    cert.issuer = lt_cert_whole(&tbs, LT_DER_SEQUENCE);

    lt_reader validity = lt_der_enter(&tbs, LT_DER_SEQUENCE);
    lt_der_elem not_before = lt_der_read(&validity);
    lt_der_elem not_after = lt_der_read(&validity);
    if (!lt_reader_done(&validity) ||
        lt_time_parse(not_before.tag, not_before.value, &cert.not_before) < 0 ||
        lt_time_parse(not_after.tag, not_after.value, &cert.not_after) < 0) {
        *problem = "malformed validity period";
        return LT_ERR_DECODE;
    }
    cert.subject = lt_cert_whole(&tbs, LT_DER_SEQUENCE);
    if (lt_reader_ok(&tbs) && (lt_dn_check(cert.issuer, problem) < 0 || lt_dn_check(cert.subject, problem) < 0))
        return LT_ERR_DECODE;
    cert.spki = lt_cert_whole(&tbs, LT_DER_SEQUENCE);
    lt_reader spki_outer = lt_reader_from_span(cert.spki);
    lt_reader spki = lt_der_enter(&spki_outer, LT_DER_SEQUENCE);
    /* AlgorithmIdentifier: an OID and at most one parameters element (RFC 5280 §4.1.1.2); the
     * key itself is decoded when it is used */
    lt_reader key_alg = lt_der_enter(&spki, LT_DER_SEQUENCE);
    lt_der_expect(&key_alg, LT_DER_OID);
    if (lt_reader_ok(&key_alg) && !lt_reader_empty(&key_alg))
        (void)lt_der_read(&key_alg);
    cert.public_key = lt_der_read_bits(&spki, &unused);
    if (!lt_reader_done(&key_alg) || !lt_reader_done(&spki) || unused != 0) {
        *problem = "malformed subject public key info";
        return LT_ERR_DECODE;
    }
    /* issuerUniqueID [1] and subjectUniqueID [2] (§4.1.2.8): unused, but still BIT STRINGs; a
     * count of unused bits over 7 is not one (fuzz_der_diff: latch took it, libcrypto refuses) */
    for (uint8_t n = 1; n <= 2; n++) {
        if (cert.version >= 2 && lt_der_peek(&tbs, LT_DER_CONTEXT(n)))
            (void)lt_der_read_bits_as(&tbs, LT_DER_CONTEXT(n), &unused);
    }
    if (!lt_reader_ok(&tbs)) {
        *problem = "malformed unique identifier";
        return LT_ERR_DECODE;
    }
    if (cert.version != 3 && lt_der_peek(&tbs, LT_DER_CONTEXT_CONS(3))) { /* RFC 5280 §4.1.2.9 */
        *problem = "extensions in a certificate that is not version 3";
        return LT_ERR_DECODE;
    }
    if (cert.version == 3 && lt_der_peek(&tbs, LT_DER_CONTEXT_CONS(3))) {
        lt_span exts = lt_der_expect(&tbs, LT_DER_CONTEXT_CONS(3));
        if (lt_reader_ok(&tbs))
            LT_TRY(lt_cert_extensions(&cert, exts, problem));
    }
    if (!lt_reader_done(&tbs)) {
        *problem = "malformed TBSCertificate";
        return LT_ERR_DECODE;
    }
    /* §4.1.1.2: signatureAlgorithm MUST equal the signature field of the TBSCertificate. */
    if (!lt_span_eq(tbs_alg_whole, outer_alg_whole)) {
        *problem = "the two signature algorithm fields differ";
        return LT_ERR_DECODE;
    }
    *out = cert;
    return 0;
}

void lt_cert_display_name(const lt_cert *cert, char *out, size_t cap)
{
    if (lt_dn_common_name(cert->subject, out, cap) && out[0] != '\0')
        return;
    if (cert->has_subject_alt_name) {
        lt_reader names = lt_reader_from_span(cert->subject_alt_name);
        unsigned tag;
        lt_span value;
        while (lt_general_names_next(&names, &tag, &value) == 1) {
            if (tag == LT_GN_DNS && cap > 0) {
                size_t n = value.len < cap - 1 ? value.len : cap - 1;
                for (size_t i = 0; i < n; i++)
                    out[i] = (char)(value.p[i] >= 0x20 && value.p[i] < 0x7f ? value.p[i] : '?');
                out[n] = '\0';
                return;
            }
        }
    }
    lt_dn_format(cert->subject, out, cap);
    if (out[0] == '\0')
        snprintf(out, cap, "(empty subject)");
}
