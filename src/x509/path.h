/* Certification path building and validation: RFC 5280 §6.1 as the Web PKI applies it (the
 * behaviour of rustls-webpki): from the leaf through the supplied intermediates, in any order,
 * to any trust anchor, trying every candidate issuer (cross-signs, expired alternates) under a
 * fixed budget so no input can make it slow. Trust anchors are names and keys: their own
 * validity and extensions other than name constraints are not checked. */
#ifndef LT_X509_PATH_H
#define LT_X509_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h"
#include "x509/cert.h"
#include "x509/name.h"

/* Limits on the search: how many issuer candidates it may consider and how many signatures it
 * may check before it gives up with LATCH_VERIFY_LIMIT. */
#define LT_PATH_MAX_CANDIDATES 1000
#define LT_PATH_MAX_SIGNATURES 100

typedef struct {
    const lt_name_ref *name;     /* NULL: do not check the name */
    int64_t time;                /* Unix seconds */
    latch_purpose purpose;
    unsigned max_intermediates;  /* at most LATCH_MAX_PATH - 2 */
    int allow_sha1;
} lt_path_params;

typedef struct {
    latch_verify_error error;
    char reason[384];
    size_t len;                           /* certificates in path[], leaf first */
    const lt_cert *path[LATCH_MAX_PATH];  /* the last one is the trust anchor */
} lt_path_result;

/* Validates leaf. Returns 0 when a valid path was found (result->path holds it), or
 * LT_ERR_VERIFY with result->error and result->reason set. */
int lt_path_verify(const lt_cert *leaf, const lt_cert *const *intermediates, size_t n_intermediates,
                   const lt_cert *const *anchors, size_t n_anchors, const lt_path_params *params,
                   lt_path_result *result);

#endif
