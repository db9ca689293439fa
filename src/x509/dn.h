/* Distinguished names (RFC 5280 §4.1.2.4): their attributes one by one, and as text for people.
 * Names are compared elsewhere (path.c as DER bytes, constraints.c RDN by RDN). */
#ifndef LT_X509_DN_H
#define LT_X509_DN_H

#include "base/err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"

/* "CN=example.com, O=Example" (most significant last, as OpenSSL's -nameopt oneline reverses
 * it; latch prints in encoded order). Non-printable bytes become '?'. */
void lt_dn_format(lt_span name, char *out, size_t cap);
/* Checks a Name's form (RFC 5280 §4.1.2.4): a SEQUENCE of RDNs, each a SET of one or more
 * (type OID, one value) pairs, the value a string, a time or a SEQUENCE; a value of a Unicode
 * string type must be valid in it (UTF8String
 * well-formed UTF-8, BMPString UTF-16 code units, UniversalString UCS-4, none a surrogate or
 * past U+10FFFF). name is the whole element. Returns 0, or LT_ERR_DECODE and a phrase in
 * *problem. Latch compares names as bytes, but one that no reader could decode is refused with
 * its certificate, as libcrypto refuses it. */
LT_MUST_USE int lt_dn_check(lt_span name, const char **problem);
/* Whether (tag, value) is a DirectoryString (RFC 5280 §4.1.2.4: UTF8String, PrintableString,
 * TeletexString, UniversalString or BMPString) valid in its type, as lt_dn_check requires. */
bool lt_dn_directory_string_ok(uint8_t tag, lt_span value);
/* Calls fn(arg, value tag, value) for each attribute of type oid (its DER content bytes) in
 * name, in encoded order; stops at malformed input. Returns fn's first non-zero result, or 0. */
int lt_dn_each_attribute(lt_span name, const uint8_t *oid, size_t oid_len,
                         int (*fn)(void *arg, uint8_t tag, lt_span value), void *arg);
/* The last commonName in the name, or "" when there is none. Returns 1 when found. */
LT_MUST_USE int lt_dn_common_name(lt_span name, char *out, size_t cap);

#endif
