/* libFuzzer harness, differential: DER certificate parsing (x509/cert.c) against libcrypto's
 * d2i_X509, allowed here as a second opinion (never in the library).
 *
 * Both take the input, or both refuse it, or the harness aborts, except for latch's deliberate
 * strictness (docs/fuzzing.md, and strict() below): latch refuses at parse time what RFC 5280
 * forbids and libcrypto leaves to later checks or never checks. Where both take it, they must
 * read the same certificate: version, serial number, signature algorithm and value, issuer and
 * subject bytes, validity times, public key bits, and for each extension latch reads (basic
 * constraints, key usage, subjectAltName, extended key usage, name constraints, key
 * identifiers) its presence, criticality and values. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "x509/cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- a strict DER walk (X.690 §10, §11): definite lengths in the fewest bytes, low tag
 * numbers, SEQUENCE and SET always constructed and no other universal type constructed,
 * BOOLEAN 0x00 or 0xFF, NULL empty, INTEGER and ENUMERATED in the fewest bytes, BIT STRING
 * unused bits below 8 and zero; constructed elements walked into. Returns false at the first
 * breach. ---- */
static bool der_ok(const uint8_t *p, size_t len, int depth)
{
    if (depth > 40)
        return false;
    while (len > 0) {
        if (len < 2 || (p[0] & 0x1f) == 0x1f)
            return false;
        uint8_t tag = p[0];
        size_t n = p[1], at = 2;
        if (n == 0x80)
            return false; /* indefinite */
        if (n > 0x80) {
            size_t bytes = n & 0x7f;
            if (bytes > 3 || len < 2 + bytes || p[2] == 0)
                return false;
            n = 0;
            for (size_t i = 0; i < bytes; i++)
                n = n << 8 | p[2 + i];
            if (n < 0x80)
                return false; /* the long form for a short length */
            at += bytes;
        }
        if (n > len - at)
            return false;
        const uint8_t *v = p + at;
        if (tag & 0x20) {
            /* §10.2: a universal type is constructed only as a SEQUENCE or SET (never a
             * string in pieces) */
            if ((tag & 0xc0) == 0 && tag != 0x30 && tag != 0x31)
                return false;
            if (!der_ok(v, n, depth + 1))
                return false;
        } else if (tag == 0x10 || tag == 0x11) {
            return false; /* §8.9, §8.11: a SEQUENCE or SET is always constructed */
        } else if (tag == 0x05) {
            if (n != 0)
                return false; /* §8.8.2: a NULL has no contents */
        } else if (tag == 0x01) {
            if (n != 1 || (v[0] != 0 && v[0] != 0xff))
                return false;
        } else if (tag == 0x02 || tag == 0x0a) {
            if (n == 0 || (n > 1 && ((v[0] == 0 && !(v[1] & 0x80)) || (v[0] == 0xff && (v[1] & 0x80)))))
                return false;
        } else if (tag == 0x03) {
            if (n == 0 || v[0] > 7 || (n == 1 && v[0] != 0) || (n > 1 && (v[n - 1] & ((1u << v[0]) - 1)) != 0))
                return false;
        }
        p += at + n;
        len -= at + n;
    }
    return true;
}

/* ---- latch's deliberate strictness: the problems latch names for a refusal that libcrypto's
 * parse does not make ---- */
static const char *const strict_problems[] = {
    /* RFC 5280 §4.2: "MUST NOT include more than one instance of a particular extension" */
    "an extension appears twice",
    /* §4.1.1.2: signatureAlgorithm MUST equal TBSCertificate.signature (libcrypto checks it
     * when verifying, not parsing) */
    "the two signature algorithm fields differ",
    /* latch's bound on work per certificate (LT_CERT_MAX_EXTENSIONS) */
    "too many extensions",
    /* the extensions latch reads (basic constraints, key usage, names, ...) are parsed with the
     * certificate; libcrypto decodes an extension only when it is asked for it */
    "malformed extension",
    "malformed extensions",
    /* §4.1.2.1: v1 is the DEFAULT, never encoded; only v2 and v3 exist */
    "malformed version",
    /* §4.1.2.9: extensions "MUST only appear if the version is 3" */
    "extensions in a certificate that is not version 3",
    /* §4.1.2.2: a positive INTEGER of at most 20 octets */
    "malformed serial number",
    /* §4.1.2.5: UTCTime YYMMDDHHMMSSZ, GeneralizedTime YYYYMMDDHHMMSSZ, a real date */
    "malformed validity period",
    /* a signature algorithm's parameters as its RFC says: NULL or absent for PKCS #1 v1.5
     * (RFC 3279 §2.2.1), absent for ECDSA (RFC 5758 §3.2), RSASSA-PSS-params for PSS (RFC 4055
     * §3.1); libcrypto reads them when it verifies */
    "malformed signature algorithm",
    /* §4.1.2.7: the key is a whole number of octets */
    "malformed subject public key info",
    /* App. A: a name's attribute values are strings; libcrypto also takes the universal tags it
     * has no type for (7, 8, 9, 11, 13-15, 29, 31) */
    "a name holds a value that is not a string",
    /* and so is every signature value (RFC 3279 §2.2, RFC 4055 §3, RFC 8410 §6); libcrypto
     * takes a BIT STRING with unused bits and leaves it to the verifier */
    "the signature is not a whole number of octets",
    /* issuerUniqueID and subjectUniqueID are BIT STRINGs (§4.1.2.8) whose unused bits DER makes
     * zero (X.690 §11.2.1), with no count when there are no bits (§8.6.2.3); libcrypto clears
     * such bits and takes the count */
    "malformed unique identifier",
};

/* The length of the element at p (tag and length included), or 0 when it does not parse. */
static size_t element_len(const uint8_t *p, size_t len, size_t *header)
{
    if (len < 2)
        return 0;
    size_t n = p[1], at = 2;
    if (n > 0x80) {
        size_t bytes = n & 0x7f;
        if (bytes > 3 || len < 2 + bytes)
            return 0;
        n = 0;
        for (size_t i = 0; i < bytes; i++)
            n = n << 8 | p[2 + i];
        at += bytes;
    } else if (n == 0x80) {
        return 0;
    }
    *header = at;
    return n <= len - at ? at + n : 0;
}

/* Whether the TBSCertificate holds an issuerUniqueID [1] or subjectUniqueID [2] in constructed
 * form. Both are IMPLICIT BIT STRINGs (RFC 5280 §4.1), which DER encodes primitive (X.690 §10.2);
 * libcrypto reads a constructed one as BER's BIT STRING in pieces, and the generic walk above
 * cannot tell, not knowing the implicit type. */
static bool constructed_unique_id(const uint8_t *data, size_t size)
{
    size_t header, total = element_len(data, size, &header);
    if (total == 0 || data[0] != 0x30)
        return false;
    const uint8_t *tbs = data + header;
    size_t tbs_total = element_len(tbs, total - header, &header);
    if (tbs_total == 0 || tbs[0] != 0x30)
        return false;
    const uint8_t *p = tbs + header;
    size_t left = tbs_total - header;
    while (left > 0) {
        size_t h, n = element_len(p, left, &h);
        if (n == 0)
            return false;
        if (p[0] == 0xa1 || p[0] == 0xa2)
            return true;
        p += n;
        left -= n;
    }
    return false;
}

static bool strict(const char *problem, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < sizeof strict_problems / sizeof strict_problems[0]; i++)
        if (strcmp(problem, strict_problems[i]) == 0)
            return true;
    /* (whatever latch names: inside one, it may also stop at what BER allows and DER not) */
    if (constructed_unique_id(data, size))
        return true;
    /* a structural refusal stands when the input is not DER: libcrypto reads BER too */
    return !der_ok(data, size, 0);
}

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_der_diff: %s%s%s\n", what, detail != NULL ? ": " : "", detail != NULL ? detail : "");
    abort();
}

static bool same(const lt_span s, const uint8_t *p, size_t len)
{
    return s.len == len && (len == 0 || memcmp(s.p, p, len) == 0);
}

/* the contents of a DER element libcrypto writes (its tag and length skipped) */
static bool same_contents(const lt_span s, const uint8_t *der, int der_len)
{
    if (der_len < 2)
        return false;
    size_t at = 2;
    if (der[1] & 0x80)
        at += der[1] & 0x7f;
    return (size_t)der_len >= at && same(s, der + at, (size_t)der_len - at);
}

static int64_t openssl_time(const ASN1_TIME *t)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(t, &tm) != 1)
        return INT64_MIN;
    return (int64_t)timegm(&tm);
}

/* an extension's presence and criticality (-1: latch does not record it) as libcrypto reads them */
static void check_ext(X509 *x, int nid, bool has, int critical, const char *name)
{
    int at = X509_get_ext_by_NID(x, nid, -1);
    if ((at >= 0) != has)
        fail("extension presence differs", name);
    if (at >= 0 && critical >= 0 && (X509_EXTENSION_get_critical(X509_get_ext(x, at)) != 0) != critical)
        fail("extension criticality differs", name);
}

static void compare(const lt_cert *c, X509 *x)
{
    if ((unsigned)X509_get_version(x) + 1 != c->version)
        fail("version differs", NULL);

    unsigned char *der = NULL;
    int len = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &der);
    bool ok = same_contents(c->serial, der, len);
    OPENSSL_free(der);
    if (!ok)
        fail("serial number differs", NULL);

    const unsigned char *name_der;
    size_t name_len;
    if (!X509_NAME_get0_der(X509_get_issuer_name(x), &name_der, &name_len) || !same(c->issuer, name_der, name_len))
        fail("issuer differs", NULL);
    if (!X509_NAME_get0_der(X509_get_subject_name(x), &name_der, &name_len) || !same(c->subject, name_der, name_len))
        fail("subject differs", NULL);

    if (openssl_time(X509_get0_notBefore(x)) != c->not_before)
        fail("notBefore differs", NULL);
    if (openssl_time(X509_get0_notAfter(x)) != c->not_after)
        fail("notAfter differs", NULL);

    ASN1_BIT_STRING *key = X509_get0_pubkey_bitstr(x);
    if (key == NULL || !same(c->public_key, key->data, (size_t)key->length))
        fail("public key differs", NULL);

    const ASN1_BIT_STRING *sig;
    const X509_ALGOR *alg;
    X509_get0_signature(&sig, &alg, x);
    if (!same(c->signature, sig->data, (size_t)sig->length))
        fail("signature differs", NULL);
    const ASN1_OBJECT *alg_oid;
    X509_ALGOR_get0(&alg_oid, NULL, NULL, alg);
    der = NULL;
    len = i2d_ASN1_OBJECT(alg_oid, &der);
    ok = same_contents(c->sig_alg_oid, der, len);
    OPENSSL_free(der);
    if (!ok)
        fail("signature algorithm differs", NULL);

    /* the extensions latch reads: present, critical, and their values */
    check_ext(x, NID_basic_constraints, c->has_basic_constraints, c->basic_constraints_critical, "basicConstraints");
    check_ext(x, NID_key_usage, c->has_key_usage, -1, "keyUsage");
    check_ext(x, NID_ext_key_usage, c->has_ext_key_usage, c->ext_key_usage_critical, "extKeyUsage");
    check_ext(x, NID_subject_alt_name, c->has_subject_alt_name, c->subject_alt_name_critical, "subjectAltName");
    check_ext(x, NID_name_constraints, c->has_name_constraints, c->name_constraints_critical, "nameConstraints");
    check_ext(x, NID_subject_key_identifier, c->has_subject_key_id, c->subject_key_id_critical, "subjectKeyIdentifier");
    check_ext(x, NID_authority_key_identifier, c->has_authority_key_id, c->authority_key_id_critical,
              "authorityKeyIdentifier");
    check_ext(x, NID_policy_constraints, c->has_policy_constraints, c->policy_constraints_critical, "policyConstraints");
    check_ext(x, NID_info_access, c->has_authority_info_access, c->authority_info_access_critical,
              "authorityInfoAccess");
    check_ext(x, NID_crl_distribution_points, c->has_crl_distribution_points, -1, "cRLDistributionPoints");

    int crit;
    if (c->has_basic_constraints) {
        BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL);
        if (bc == NULL)
            fail("basicConstraints latch read, libcrypto does not", NULL);
        long path_len = bc->pathlen != NULL ? ASN1_INTEGER_get(bc->pathlen) : -1;
        bool is_ca = bc->ca != 0;
        BASIC_CONSTRAINTS_free(bc);
        if (is_ca != c->is_ca)
            fail("basicConstraints cA differs", NULL);
        if (path_len != c->path_len)
            fail("basicConstraints pathLenConstraint differs", NULL);
    }
    if (c->has_key_usage) {
        ASN1_BIT_STRING *ku = X509_get_ext_d2i(x, NID_key_usage, &crit, NULL);
        if (ku == NULL)
            fail("keyUsage latch read, libcrypto does not", NULL);
        unsigned bits = 0;
        for (int i = 0; i < 9; i++)
            if (ASN1_BIT_STRING_get_bit(ku, i))
                bits |= 1u << i;
        ASN1_BIT_STRING_free(ku);
        if (bits != c->key_usage)
            fail("keyUsage bits differ", NULL);
    }
    if (c->has_subject_alt_name) {
        GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, NULL);
        if (names == NULL)
            fail("subjectAltName latch read, libcrypto does not", NULL);
        lt_reader r = lt_reader_from_span(c->subject_alt_name);
        unsigned tag;
        lt_span value;
        int count = 0;
        while (lt_general_names_next(&r, &tag, &value) == 1)
            count++;
        int theirs = sk_GENERAL_NAME_num(names);
        GENERAL_NAMES_free(names);
        if (count != theirs)
            fail("subjectAltName entry count differs", NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_cert cert;
    const char *problem = NULL;
    int rc = lt_cert_parse(data, size, &cert, &problem);
    const unsigned char *p = data;
    X509 *x = d2i_X509(NULL, &p, (long)size);
    /* libcrypto reads one certificate from the front; latch takes exactly one, nothing after */
    bool theirs = x != NULL && p == data + size;
    if (rc == 0 && !theirs)
        fail("latch takes a certificate libcrypto refuses", NULL);
    if (rc < 0 && theirs && !strict(problem, data, size))
        fail("latch refuses a DER certificate libcrypto takes", problem);
    if (rc == 0)
        compare(&cert, x);
    X509_free(x);
    return 0;
}
