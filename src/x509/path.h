/* Certification path building and validation: RFC 5280 §6.1 as the Web PKI applies it (the
 * behaviour of rustls-webpki): from the leaf through the supplied intermediates, in any order,
 * to any trust anchor, trying every candidate issuer (cross-signs, expired alternates) under a
 * fixed budget so no input can make it slow. A trust anchor is held to the rules of a root
 * certificate (profile.h): a path that ends at an anchor breaking them fails, unless another
 * anchor or cross-sign gives a path that holds. */
#ifndef LT_X509_PATH_H
#define LT_X509_PATH_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"
#include "x509/certset.h"
#include "x509/name.h"

/* Limits on the search: how many issuer candidates it may consider and how many signatures it
 * may check before it gives up with LT_VERIFY_LIMIT. */
#define LT_PATH_MAX_CANDIDATES 1000
#define LT_PATH_MAX_SIGNATURES 100
/* The longest path, anchor included, and how many intermediates a path has by default. The
 * public LATCH_MAX_PATH and LATCH_DEFAULT_MAX_INTERMEDIATES are these (api/verify.c checks). */
#define LT_PATH_MAX_LEN 16
#define LT_PATH_DEFAULT_MAX_INTERMEDIATES 6

/* Why a path was refused. The public latch_verify_error has the same members in the same order
 * (api/verify.c maps one to the other and checks that they agree). */
typedef enum {
    LT_VERIFY_OK = 0,
    LT_VERIFY_EXPIRED,
    LT_VERIFY_NOT_YET_VALID,
    LT_VERIFY_UNKNOWN_ISSUER,
    LT_VERIFY_BAD_SIGNATURE,
    LT_VERIFY_NOT_CA,
    LT_VERIFY_PATH_LENGTH,
    LT_VERIFY_KEY_USAGE,
    LT_VERIFY_PURPOSE,
    LT_VERIFY_NAME_CONSTRAINTS,
    LT_VERIFY_HOST_MISMATCH,
    LT_VERIFY_WEAK_KEY,
    LT_VERIFY_BAD_ALGORITHM,
    LT_VERIFY_UNKNOWN_CRITICAL_EXTENSION,
    LT_VERIFY_MALFORMED,
    LT_VERIFY_LIMIT,
    LT_VERIFY_BAD_EXTENSION,
    LT_VERIFY_BAD_NAME,
    LT_VERIFY_REVOKED,
    LT_VERIFY_REVOCATION_UNKNOWN,
} lt_verify_error;

/* What the leaf is for: the extKeyUsage it must allow (serverAuth, clientAuth or
 * emailProtection). The rules of the Web PKI's server certificates on names (a CN that is a copy
 * of a SAN, no wildcard over a public suffix) apply to LT_PURPOSE_SERVER only. */
typedef enum { LT_PURPOSE_SERVER = 0, LT_PURPOSE_CLIENT = 1, LT_PURPOSE_EMAIL = 2 } lt_purpose;

struct lt_revocation_sources; /* x509/revocation.h */

typedef struct {
    const lt_name_ref *name;     /* NULL: do not check the name */
    int64_t time;                /* Unix seconds */
    lt_purpose purpose;
    unsigned max_intermediates;  /* at most LT_PATH_MAX_LEN - 2 */
    int allow_sha1;
    const struct lt_revocation_sources *revocation; /* NULL: revocation is not checked */
    int crl_signer;              /* the "leaf" is an indirect CRL's issuer (revocation.c): the
                                    end-entity, purpose and name rules do not apply to it */
} lt_path_params;

typedef struct {
    lt_verify_error error;
    char reason[384];
    size_t len;                           /* certificates in path[], leaf first */
    const lt_cert *path[LT_PATH_MAX_LEN]; /* the last one is the trust anchor */
} lt_path_result;

/* A short, stable token for an error ("expired", "unknown-issuer", ...; "unknown" for a value
 * out of range): latch_verify_error_name and the handshake's failure sentences use it. */
const char *lt_path_error_name(lt_verify_error error);

/* Validates leaf. Returns 0 when a valid path was found (result->path holds it), or
 * LT_ERR_VERIFY with result->error and result->reason set. */
LT_MUST_USE int lt_path_verify(const lt_cert *leaf, const lt_cert *const *intermediates, size_t n_intermediates,
                   const lt_cert *const *anchors, size_t n_anchors, const lt_path_params *params,
                   lt_path_result *result);
/* (Revocation, when params->revocation asks for it, may validate an indirect CRL's issuer with
 * this same function, over the same intermediates and the path's anchor alone, and without
 * revocation: one level deep, never more.) */

/* lt_path_verify over certificate sets: the first certificate of chain is the leaf, the rest
 * are candidate intermediates, every certificate of anchors is a trust anchor (what the
 * handshake and latch_verify both do). LT_ERR_NOMEM when the lists cannot be made; otherwise as
 * lt_path_verify. chain must not be empty. */
LT_MUST_USE int lt_path_verify_sets(const lt_certset *chain, const lt_certset *anchors, const lt_path_params *params,
                        lt_path_result *result);

#endif
