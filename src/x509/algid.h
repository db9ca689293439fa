/* Signature AlgorithmIdentifiers (RFC 5280 §4.1.1.2) mapped to latch's lt_sig_alg: RSA PKCS#1
 * v1.5 (RFC 4055 §5, NULL or absent parameters), RSASSA-PSS with explicit parameters (RFC 4055
 * §3.1: only SHA-256/384/512, MGF1 with the same hash, salt length equal to the hash length,
 * trailer 1), ECDSA (RFC 5758 §3.2, no parameters) and Ed25519 (RFC 8410 §3, no parameters). */
#ifndef LT_X509_ALGID_H
#define LT_X509_ALGID_H

#include "base/reader.h"
#include "crypto/pkey.h"

/* Reads an AlgorithmIdentifier SEQUENCE from r. Structural errors fail r; a well-formed but
 * unsupported algorithm sets *alg to LT_SIG_NONE and *oid to its OID. */
void lt_algid_read_sig(lt_reader *r, lt_sig_alg *alg, lt_span *oid);

#endif
