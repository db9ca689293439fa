/* Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)-(c)) for the name types the Web PKI uses:
 * dNSName and iPAddress. A CA whose nameConstraints are critical and include any other name
 * type is refused rather than half-checked. */
#ifndef LT_X509_CONSTRAINTS_H
#define LT_X509_CONSTRAINTS_H

#include "base/err.h"
#include <stddef.h>

#include "x509/cert.h"

/* Checks every subjectAltName entry of subject against ca's constraints. Returns 0 when all
 * names are allowed; LT_ERR_VERIFY with a phrase in why ("DNS:evil.example is not in the
 * permitted subtrees") when one is not; LT_ERR_UNSUPPORTED when ca has a critical constraint of
 * a type latch does not check (why says which). */
LT_MUST_USE int lt_constraints_check(const lt_cert *ca, const lt_cert *subject, char *why, size_t why_cap);

#endif
