/* Service identity: is a certificate valid for the host name, IP address or e-mail address being
 * contacted? RFC 9525 (RFC 6125bis) §6.3 and §7.1, as the Web PKI applies it: subjectAltName
 * only (a common name is never used), DNS names compared as ASCII case-insensitively, a wildcard
 * only as the whole left-most label matching exactly one label and never directly under a
 * single-label suffix ("*.com"), IP addresses (§6.4) only against iPAddress entries, e-mail
 * addresses (RFC 8398 §5, S/MIME) only against rfc822Name entries. A-labels ("xn--...") are
 * compared as given.
 *
 * And the syntax of a leaf's names: dNSName entries in preferred name syntax (RFC 5280 §4.2.1.6),
 * the subjectAltName critical exactly when the subject is empty (RFC 5280 §4.2.1.6, CA/Browser
 * Forum BR §7.1.2.7.12), a server certificate's subject CN a copy of one of its SANs (BR
 * §7.1.4.3), no wildcard directly above a public suffix (BR §3.2.2.6, psl.h). */
#ifndef LT_X509_NAME_H
#define LT_X509_NAME_H

#include "base/err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "x509/cert.h"
#include "x509/psl.h"

#define LT_NAME_MAX 253
/* An addr-spec: a local part of at most 64 bytes, '@', a domain (RFC 5321 §4.5.3.1). */
#define LT_EMAIL_MAX (64 + 1 + LT_NAME_MAX)

/* What the client is connecting to: a DNS name, an IP address or an e-mail address. */
typedef struct {
    bool is_ip;
    uint8_t ip[16];
    size_t ip_len;           /* 4 or 16 */
    char host[LT_NAME_MAX + 1];
    size_t host_len;
    bool is_email;
    char email[LT_EMAIL_MAX + 1];
    size_t email_len;
} lt_name_ref;

/* A host name (LDH labels, a trailing dot dropped). An IP literal given as a host becomes an IP
 * reference, as a browser would treat it. Returns 0 or LT_ERR_INVALID_ARG. */
LT_MUST_USE int lt_name_ref_host(const char *host, lt_name_ref *ref);
/* A textual IPv4 or IPv6 address. Returns 0 or LT_ERR_INVALID_ARG. */
LT_MUST_USE int lt_name_ref_ip(const char *ip, lt_name_ref *ref);

/* An e-mail address "local@domain" (the domain a host name; the local part as given, ASCII).
 * Returns 0 or LT_ERR_INVALID_ARG. */
LT_MUST_USE int lt_name_ref_email(const char *addr, lt_name_ref *ref);

/* Whether a presented dNSName (possibly a wildcard) matches a reference host. */
bool lt_name_dns_matches(lt_span presented, const char *host, size_t host_len);
/* Whether the certificate's subjectAltName has an entry matching ref. */
bool lt_name_cert_matches(const lt_cert *cert, const lt_name_ref *ref);
/* "DNS:a.example, IP:127.0.0.1, ..." (at most cap bytes) for messages. */
void lt_name_list_sans(const lt_cert *cert, char *out, size_t cap);
/* Text of an IP address of 4 or 16 bytes: dotted quad, or RFC 5952 §4 for IPv6. */
void lt_name_ip_text(const uint8_t *ip, size_t len, char *out, size_t cap);

/* Whether name is in preferred name syntax (RFC 1034 §3.5 as RFC 1123 §2.1 relaxes it, the way
 * rustls-webpki reads it): dot-separated labels of 1 to 63 letters, digits and hyphens, none
 * starting or ending with a hyphen, the last not all digits, at most 253 bytes, no empty label,
 * no leading or trailing dot. With allow_wildcard, the left-most label may be "*" (the whole
 * label) when at least one label follows. */
bool lt_name_dns_syntax_ok(lt_span name, bool allow_wildcard);

/* What lt_name_check_leaf found. */
typedef enum { LT_NAME_OK = 0, LT_NAME_BAD_NAME, LT_NAME_BAD_EXTENSION } lt_name_verdict;

/* The rules on a leaf's own names, with a sentence in why when one is broken:
 *  - nameConstraints only in a CA certificate (RFC 5280 §4.2.1.10): bad extension;
 *  - an empty subject needs a critical subjectAltName (RFC 5280 §4.2.1.6); for a server
 *    certificate a non-empty subject needs a non-critical one (BR §7.1.2.7.12): bad extension;
 *  - dNSName entries in preferred name syntax (a wildcard only as the whole left-most label),
 *    iPAddress entries of 4 or 16 bytes, rfc822Name entries "local@domain": bad name;
 *  - server certificates: every subject CN the exact text of a dNSName entry, or of an iPAddress
 *    entry in canonical form (BR §7.1.4.3); no wildcard directly above a public suffix under
 *    psl (NULL: the single-label fallback, psl.h): bad name. */
lt_name_verdict lt_name_check_leaf(const lt_cert *leaf, bool server, const lt_psl *psl,
                                   char *why, size_t cap);

#endif
