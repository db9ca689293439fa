/* Distinguished names (RFC 5280 §4.1.2.4) as text for people. Names are compared as DER bytes
 * elsewhere; this file only reads them to print them. */
#ifndef LT_X509_DN_H
#define LT_X509_DN_H

#include "base/err.h"
#include <stddef.h>

#include "base/span.h"

/* "CN=example.com, O=Example" (most significant last, as OpenSSL's -nameopt oneline reverses
 * it; latch prints in encoded order). Non-printable bytes become '?'. */
void lt_dn_format(lt_span name, char *out, size_t cap);
/* The last commonName in the name, or "" when there is none. Returns 1 when found. */
LT_MUST_USE int lt_dn_common_name(lt_span name, char *out, size_t cap);

#endif
