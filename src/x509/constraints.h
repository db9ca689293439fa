/* Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)-(c)) for dNSName, iPAddress, rfc822Name and
 * directoryName. A constraint of another type (otherName, x400Address, ediPartyName, URI,
 * registeredID), which latch does not check, refuses a certificate below the CA only when that
 * certificate has a subjectAltName of that type: a constraint that constrains nothing present
 * is harmless whatever its criticality. Checking is bounded by a work budget counted in
 * (name, subtree) pairs, as rustls-webpki's and OpenSSL's are, so that no chain of large name
 * lists can make it slow. */
#ifndef LT_X509_CONSTRAINTS_H
#define LT_X509_CONSTRAINTS_H

#include "base/err.h"
#include <stddef.h>

#include "x509/cert.h"

/* The budget for one path: (name, subtree) pairs looked at, summed over every CA with
 * constraints and every certificate below it (rustls-webpki's is the same figure). */
#define LT_CONSTRAINTS_MAX_COMPARISONS 250000u

/* How many (name, subtree) pairs checking subject against ca costs: (subjectAltName entries + 1
 * for the subject + its emailAddress attributes) x (permitted + excluded subtrees). One pair is
 * compared in time bounded by the shorter of the name and the constraint (DirectoryString values
 * are folded only up to 256 bytes), so the work for a path is at most the budget times the
 * length of a name, and at most the budget's square root times the size of the input. */
size_t lt_constraints_cost(const lt_cert *ca, const lt_cert *subject);

/* Checks subject's names (its subject name, its emailAddress attributes and every
 * subjectAltName entry) against ca's constraints, first taking lt_constraints_cost() from
 * *budget. Returns 0 when every name is allowed; otherwise a phrase in why and
 *   LT_ERR_VERIFY       a name is outside the permitted or inside the excluded subtrees,
 *   LT_ERR_UNSUPPORTED  subject has a name of a type ca constrains and latch does not check,
 *   LT_ERR_DECODE       one of ca's constraints is not in valid syntax (a DNS name that is not
 *                       one, an IP mask that is not a prefix, ...),
 *   LT_ERR_LIMIT        the cost is more than what is left of *budget (left untouched). */
LT_MUST_USE int lt_constraints_check(const lt_cert *ca, const lt_cert *subject, size_t *budget,
                                     char *why, size_t why_cap);

#endif
