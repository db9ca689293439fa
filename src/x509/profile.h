/* The certificate profile rules of path validation: what each certificate on a path must look
 * like for its role (trust anchor, intermediate CA, end entity), apart from signatures, names
 * and the search itself, which path.c does. RFC 5280 §4.1.2.2 and §4.2 as the CA/Browser Forum
 * Baseline Requirements §7.1.2 apply them. Each check returns LT_VERIFY_OK or the verdict, with
 * a sentence naming the certificate in why. */
#ifndef LT_X509_PROFILE_H
#define LT_X509_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"
#include "x509/path.h"

/* The longest serialNumber accepted, in INTEGER content octets (RFC 5280 §4.1.2.2). */
#define LT_PROFILE_MAX_SERIAL_LEN 20

/* subject == issuer, byte for byte: a self-issued certificate (RFC 5280 §6.1: key rollover
 * certificates), which pathLenConstraint and name constraints pass over. */
bool lt_profile_self_issued(const lt_cert *cert);

/* Rules for every certificate, whatever its role: the serial number (positive, at most
 * LT_PROFILE_MAX_SERIAL_LEN octets: malformed), a non-empty issuer name (bad-name), key
 * identifiers non-critical, policyConstraints critical and not empty, authorityInfoAccess not
 * empty and non-critical (bad-extension). */
lt_verify_error lt_profile_check_common(const lt_cert *cert, char *why, size_t cap);

/* A CA certificate below the anchor: it carries a subjectKeyIdentifier (RFC 5280 §4.2.1.2). */
lt_verify_error lt_profile_check_ca(const lt_cert *cert, char *why, size_t cap);

/* The trust anchor as a certificate: valid at time, no unknown critical extension, the extension
 * forms of lt_profile_check_common (not its serial number rule), basicConstraints present,
 * critical and cA, keyUsage keyCertSign when present, a subjectKeyIdentifier. A self-issued
 * anchor, a root, also has no extKeyUsage and an authorityKeyIdentifier, if any, that is its own
 * keyIdentifier alone (CABF §7.1.2.1); an anchor another CA issued has an authorityKeyIdentifier
 * keyIdentifier (RFC 5280 §4.2.1.1). Every reason names the anchor as a trust anchor. (An anchor with an empty subject is
 * never reached: what it signs has an empty issuer name, which lt_profile_check_common
 * refuses.) */
lt_verify_error lt_profile_check_anchor(const lt_cert *cert, int64_t time, char *why, size_t cap);

/* The end-entity certificate: not a CA (cA FALSE, no keyCertSign) for any purpose; for server
 * authentication also an extKeyUsage that is present, non-critical and without
 * anyExtendedKeyUsage (CABF §7.1.2.7.6/10). Whether the extKeyUsage allows the purpose is
 * path.c's check. */
lt_verify_error lt_profile_check_leaf(const lt_cert *cert, lt_purpose purpose, char *why, size_t cap);

/* The link from child to the issuer whose key verified its signature: a child that is not
 * self-signed (its issuer's key is not its own) has an authorityKeyIdentifier with a
 * keyIdentifier (RFC 5280 §4.2.1.1). */
lt_verify_error lt_profile_check_link(const lt_cert *child, const lt_cert *issuer, char *why, size_t cap);

#endif
