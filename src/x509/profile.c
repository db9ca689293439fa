/* Certificate profile rules by role (see profile.h). Sources: RFC 5280 §4.1.2.2 (serialNumber),
 * §4.2.1.1-2 (key identifiers), §4.2.1.3 (keyUsage), §4.2.1.9 (basicConstraints), §4.2.1.11
 * (policyConstraints), §4.2.1.12 (extKeyUsage), §4.2.2.1 (authorityInfoAccess); CA/Browser Forum
 * Baseline Requirements §7.1.2.1 (root CA certificates) and §7.1.2.7 (subscriber certificates).
 * Where a rule breaks, the verdict says which kind of rule: the form of an extension is
 * bad-extension, a CA power where none belongs is key-usage or not-ca. */
#include "x509/profile.h"

#include <stdio.h>

#include "x509/der.h"
#include "x509/time.h"

bool lt_profile_self_issued(const lt_cert *cert)
{
    return lt_span_eq(cert->subject, cert->issuer);
}

static lt_verify_error lt_profile_check_serial(const lt_cert *c, const char *name, char *why, size_t cap)
{
    /* §4.1.2.2: "The serial number MUST be a positive integer ... Conforming CAs MUST NOT use
     * serialNumber values longer than 20 octets." The parser has already checked the INTEGER is
     * minimal, so a zero is the single octet 00 and a negative number has its top bit set. */
    if (c->serial.len > 0 && (c->serial.p[0] & 0x80)) {
        snprintf(why, cap, "certificate '%s' has a negative serial number", name);
        return LT_VERIFY_MALFORMED;
    }
    if (c->serial.len == 1 && c->serial.p[0] == 0) {
        snprintf(why, cap, "certificate '%s' has the serial number zero; it must be positive", name);
        return LT_VERIFY_MALFORMED;
    }
    if (c->serial.len > LT_PROFILE_MAX_SERIAL_LEN) {
        snprintf(why, cap, "certificate '%s' has a serial number of %zu octets; at most %u are allowed",
                 name, c->serial.len, LT_PROFILE_MAX_SERIAL_LEN);
        return LT_VERIFY_MALFORMED;
    }
    return LT_VERIFY_OK;
}

static lt_verify_error lt_profile_check_forms(const lt_cert *c, const char *name, char *why, size_t cap)
{
    /* §4.1.2.4: "The issuer field MUST contain a non-empty distinguished name". This is also
     * what refuses a CA with an empty subject (§4.1.2.6): whatever it signs has an empty issuer. */
    if (c->issuer.len <= 2) {
        snprintf(why, cap, "certificate '%s' has an empty issuer name", name);
        return LT_VERIFY_BAD_NAME;
    }
    /* §4.2.1.1 and §4.2.1.2: both key identifier extensions "MUST be marked as non-critical". */
    if (c->has_authority_key_id && c->authority_key_id_critical) {
        snprintf(why, cap, "certificate '%s' marks its authorityKeyIdentifier critical; it must not be",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    if (c->has_subject_key_id && c->subject_key_id_critical) {
        snprintf(why, cap, "certificate '%s' marks its subjectKeyIdentifier critical; it must not be",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    /* §4.2.1.11: "Conforming CAs MUST mark this extension as critical" and MUST NOT issue it as
     * an empty sequence. */
    if (c->has_policy_constraints && !c->policy_constraints_critical) {
        snprintf(why, cap, "certificate '%s' has a policyConstraints extension that is not critical",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    if (c->has_policy_constraints && c->policy_constraints_empty) {
        snprintf(why, cap, "certificate '%s' has an empty policyConstraints extension", name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    /* §4.2.2.1: SIZE (1..MAX), and "Conforming CAs MUST mark this extension as non-critical". */
    if (c->has_authority_info_access && c->authority_info_access_count == 0) {
        snprintf(why, cap, "certificate '%s' has an authorityInfoAccess extension with no entry", name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    if (c->has_authority_info_access && c->authority_info_access_critical) {
        snprintf(why, cap, "certificate '%s' marks its authorityInfoAccess critical; it must not be",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    return LT_VERIFY_OK;
}

lt_verify_error lt_profile_check_common(const lt_cert *c, char *why, size_t cap)
{
    char name[128];
    lt_cert_display_name(c, name, sizeof name);
    lt_verify_error e = lt_profile_check_serial(c, name, why, cap);
    return e != LT_VERIFY_OK ? e : lt_profile_check_forms(c, name, why, cap);
}

lt_verify_error lt_profile_check_ca(const lt_cert *c, char *why, size_t cap)
{
    char name[128];
    /* §4.2.1.2: "this extension MUST appear in all conforming CA certificates": it is how the
     * certificates below find their issuer among several of one name. */
    if (!c->has_subject_key_id) {
        lt_cert_display_name(c, name, sizeof name);
        snprintf(why, cap, "CA certificate '%s' has no subjectKeyIdentifier", name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    return LT_VERIFY_OK;
}

/* The CA/Browser Forum's Baseline Requirements took effect on 2012-07-01: roots made before
 * then were made under no such profile and are grandfathered by it, and several still trusted by
 * every browser differ from it in form only (Go Daddy and Starfield Class 2: basicConstraints not
 * critical; QuoVadis Root CA 2 and 3, Certigna: an authorityKeyIdentifier naming an issuer and
 * serial; TWCA Global Root CA: no subjectKeyIdentifier). Such a root is held to RFC 5280's
 * substance (validity, critical extensions, cA, keyCertSign, a name), not to the BR's form. */
#define LT_PROFILE_BR_EFFECTIVE 1341100800 /* 2012-07-01T00:00:00Z */

lt_verify_error lt_profile_check_anchor(const lt_cert *c, int64_t time, char *why, size_t cap)
{
    char name[128], when[40], oid[64];
    lt_cert_display_name(c, name, sizeof name);

    if (time > c->not_after) {
        lt_time_format(c->not_after, when, sizeof when);
        snprintf(why, cap, "trust anchor '%s' expired on %s", name, when);
        return LT_VERIFY_EXPIRED;
    }
    if (time < c->not_before) {
        lt_time_format(c->not_before, when, sizeof when);
        snprintf(why, cap, "trust anchor '%s' is not valid until %s", name, when);
        return LT_VERIFY_NOT_YET_VALID;
    }
    if (c->has_unknown_critical) {
        lt_der_oid_to_text(c->unknown_critical_oid, oid, sizeof oid);
        snprintf(why, cap, "trust anchor '%s' has a critical extension latch does not understand (%s)",
                 name, oid);
        return LT_VERIFY_UNKNOWN_CRITICAL_EXTENSION;
    }
    /* Not the serial number: no one looks an anchor up by it, and trusted roots in use have the
     * serial number zero (Go Daddy and Starfield Root Certificate Authority - G2). */
    lt_verify_error e = lt_profile_check_forms(c, name, why, cap);
    if (e != LT_VERIFY_OK)
        return e;
    /* CABF §7.1.2.1.4 / RFC 5280 §4.2.1.9: a root has basicConstraints, critical, cA TRUE. */
    if (!c->has_basic_constraints || !c->is_ca) {
        snprintf(why, cap, "trust anchor '%s' is not a CA certificate (no basicConstraints cA)", name);
        return LT_VERIFY_NOT_CA;
    }
    int under_br = c->not_before >= LT_PROFILE_BR_EFFECTIVE;
    if (!c->basic_constraints_critical && under_br) {
        snprintf(why, cap, "trust anchor '%s' has a basicConstraints extension that is not critical",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    if (c->has_key_usage && !(c->key_usage & LT_KU_KEY_CERT_SIGN)) {
        snprintf(why, cap, "trust anchor '%s' may not sign certificates (its keyUsage lacks keyCertSign)",
                 name);
        return LT_VERIFY_KEY_USAGE;
    }
    e = under_br ? lt_profile_check_ca(c, why, cap) : LT_VERIFY_OK;
    if (e != LT_VERIFY_OK) {
        snprintf(why, cap, "trust anchor '%s' has no subjectKeyIdentifier", name);
        return e;
    }
    /* An anchor that another CA issued (an intermediate or cross-certificate trusted directly)
     * is not a root: CABF §7.1.2.1 does not describe it, the rules of a CA certificate below a
     * root do. It names its issuer's key (RFC 5280 §4.2.1.1); its extKeyUsage, like an
     * intermediate's, is path.c's check against the purpose. */
    if (!lt_profile_self_issued(c)) {
        if (c->authority_key_id.len == 0) {
            snprintf(why, cap, "trust anchor '%s' is not self-issued and has no authorityKeyIdentifier keyIdentifier",
                     name);
            return LT_VERIFY_BAD_EXTENSION;
        }
        return LT_VERIFY_OK;
    }
    /* CABF §7.1.2.1.2: extKeyUsage MUST NOT be present in a root CA certificate. */
    if (c->has_ext_key_usage) {
        snprintf(why, cap, "trust anchor '%s' has an extKeyUsage extension, which a root must not have",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    /* CABF §7.1.2.1.3: a root's authorityKeyIdentifier, if present, is its own keyIdentifier
     * and nothing else (an issuer and serial there would tie it to another certificate). */
    if (c->has_authority_key_id && under_br) {
        const char *wrong = NULL;
        if (c->authority_key_id.len == 0)
            wrong = "has no keyIdentifier";
        else if (!lt_span_eq(c->authority_key_id, c->subject_key_id))
            wrong = "does not match its subjectKeyIdentifier";
        else if (c->aki_has_cert_issuer || c->aki_has_cert_serial)
            wrong = "names an issuer or serial number";
        if (wrong != NULL) {
            snprintf(why, cap, "trust anchor '%s' has an authorityKeyIdentifier that %s", name, wrong);
            return LT_VERIFY_BAD_EXTENSION;
        }
    }
    return LT_VERIFY_OK;
}

lt_verify_error lt_profile_check_leaf(const lt_cert *c, lt_purpose purpose, char *why, size_t cap)
{
    char name[128];
    lt_cert_display_name(c, name, sizeof name);

    /* RFC 5280 §4.2.1.9, CABF §7.1.2.7.8: an end entity's cA is FALSE. A CA certificate
     * presented as a peer's own is refused for every purpose, as rustls-webpki does: its key
     * could sign a certificate for any name the path allows. */
    if (c->has_basic_constraints && c->is_ca) {
        snprintf(why, cap, "certificate '%s' is a CA certificate (basicConstraints cA TRUE) and cannot be an end entity",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    /* §4.2.1.3: keyCertSign only "if the cA bit in the basic constraints extension is also
     * asserted"; CABF §7.1.2.7.11 forbids it in subscriber certificates. */
    if (c->has_key_usage && (c->key_usage & LT_KU_KEY_CERT_SIGN)) {
        snprintf(why, cap, "certificate '%s' is an end entity whose keyUsage allows keyCertSign", name);
        return LT_VERIFY_KEY_USAGE;
    }
    if (purpose != LT_PURPOSE_SERVER)
        return LT_VERIFY_OK;
    /* CABF §7.1.2.7.10: a TLS server certificate's extKeyUsage MUST be present, non-critical,
     * and MUST NOT hold anyExtendedKeyUsage. Client certificates come from enterprise PKIs the
     * Baseline Requirements do not govern; for them RFC 5280 §4.2.1.12 applies (no extension:
     * any purpose). */
    if (!c->has_ext_key_usage) {
        snprintf(why, cap, "certificate '%s' has no extKeyUsage; a server certificate must list serverAuth",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    if (c->ext_key_usage_critical) {
        snprintf(why, cap, "certificate '%s' marks its extKeyUsage critical; a server certificate must not",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    if (c->ext_key_usage & LT_EKU_ANY) {
        snprintf(why, cap, "certificate '%s' has anyExtendedKeyUsage, which a server certificate must not have",
                 name);
        return LT_VERIFY_BAD_EXTENSION;
    }
    return LT_VERIFY_OK;
}

lt_verify_error lt_profile_check_link(const lt_cert *child, const lt_cert *issuer, char *why, size_t cap)
{
    char name[128];
    /* §4.2.1.1: "The keyIdentifier field of the authorityKeyIdentifier extension MUST be
     * included in all certificates generated by conforming CAs" except a self-signed one. */
    if (child->authority_key_id.len > 0 || lt_span_eq(child->spki, issuer->spki))
        return LT_VERIFY_OK;
    lt_cert_display_name(child, name, sizeof name);
    snprintf(why, cap, "certificate '%s' has no authorityKeyIdentifier %s", name,
             child->has_authority_key_id ? "keyIdentifier" : "extension");
    return LT_VERIFY_BAD_EXTENSION;
}
