/* Service identity: is a certificate valid for the host name or IP address being contacted?
 * RFC 9525 (RFC 6125bis) §6.3 and §7.1, as the Web PKI applies it: subjectAltName only (a
 * common name is never used), DNS names compared as ASCII case-insensitively, a wildcard only as
 * the whole left-most label matching exactly one label and never directly under a single-label
 * suffix ("*.com"), IP addresses (§6.4) only against iPAddress entries. A-labels ("xn--...") are
 * compared as given. */
#ifndef LT_X509_NAME_H
#define LT_X509_NAME_H

#include "base/err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "x509/cert.h"

#define LT_NAME_MAX 253

/* What the client is connecting to: a DNS name or an IP address. */
typedef struct {
    bool is_ip;
    uint8_t ip[16];
    size_t ip_len;           /* 4 or 16 */
    char host[LT_NAME_MAX + 1];
    size_t host_len;
} lt_name_ref;

/* A host name (LDH labels, a trailing dot dropped). An IP literal given as a host becomes an IP
 * reference, as a browser would treat it. Returns 0 or LT_ERR_INVALID_ARG. */
LT_MUST_USE int lt_name_ref_host(const char *host, lt_name_ref *ref);
/* A textual IPv4 or IPv6 address. Returns 0 or LT_ERR_INVALID_ARG. */
LT_MUST_USE int lt_name_ref_ip(const char *ip, lt_name_ref *ref);

/* Whether a presented dNSName (possibly a wildcard) matches a reference host. */
bool lt_name_dns_matches(lt_span presented, const char *host, size_t host_len);
/* Whether the certificate's subjectAltName has an entry matching ref. */
bool lt_name_cert_matches(const lt_cert *cert, const lt_name_ref *ref);
/* "DNS:a.example, IP:127.0.0.1, ..." (at most cap bytes) for messages. */
void lt_name_list_sans(const lt_cert *cert, char *out, size_t cap);
/* Text of an IP address of 4 or 16 bytes. */
void lt_name_ip_text(const uint8_t *ip, size_t len, char *out, size_t cap);

#endif
