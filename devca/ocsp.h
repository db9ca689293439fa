/* Writing OCSP responses (RFC 6960 §4.2.1) for `latch certs ocsp` and the tests: an
 * OCSPResponse (successful, id-pkix-ocsp-basic) whose BasicOCSPResponse holds the given
 * SingleResponses, signed by the given key. Any certID fields may be given, so tests can make
 * responses about the wrong certificate, the wrong issuer, or with many entries. */
#ifndef LT_DEVCA_OCSP_H
#define LT_DEVCA_OCSP_H

#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "x509/ocsp.h"

typedef struct {
    lt_hash_id hash;           /* certID hashAlgorithm: LT_HASH_SHA1 or LT_HASH_SHA256 */
    lt_span issuer_name;       /* the issuer's Name DER (hashed here) */
    lt_span issuer_key;        /* the issuer's subjectPublicKey bits (hashed here) */
    lt_span serial;            /* INTEGER contents */
    lt_ocsp_status status;
    int64_t revocation_time;   /* revoked only */
    int revocation_reason;     /* revoked only: CRLReason, or -1 for none */
    int64_t this_update;
    int64_t next_update;       /* 0: none */
} lt_ocsp_write_single;

typedef struct {
    const lt_privkey *key;     /* signs the response */
    int by_key;                /* responderID byKey (SHA-1 of responder_key) instead of byName */
    lt_span responder_name;    /* byName: the signer's subject Name DER */
    lt_span responder_key;     /* byKey: the signer's subjectPublicKey bits */
    int64_t produced_at;
    const lt_ocsp_write_single *singles;
    size_t n_singles;
    const lt_span *certs;      /* DER certificates to include (a delegated responder's) */
    size_t n_certs;
    int critical_extension;    /* tests: add a critical extension no one knows, 1 in
                                  responseExtensions, 2 in each singleExtensions */
} lt_ocsp_write_params;

/* Builds and signs the response (ecdsa-with-SHA256/384 or sha256WithRSAEncryption, by key
 * type); *der is malloc'd (caller frees). */
int lt_ocsp_write(const lt_ocsp_write_params *params, uint8_t **der, size_t *der_len);

#endif
