/* Revocation checking of a validated path (RFC 5280 §6.3, as far as latch goes): each
 * certificate of the path but the trust anchor against the CRLs its issuer signed. A CRL is used
 * for a certificate when it names the certificate's issuer, its authorityKeyIdentifier (when
 * both have one) is the issuer's subjectKeyIdentifier, its signature verifies with the issuer's
 * key, the issuer's keyUsage (when present) has cRLSign, thisUpdate <= time <= nextUpdate, and
 * its issuingDistributionPoint scope covers the certificate; or, for an indirect CRL (RFC 5280
 * §5.2.5, §5.3.3), when the certificate's cRLDistributionPoints names the CRL's issuer in a
 * cRLIssuer and that issuer's certificate, with cRLSign, validates to the same trust anchor.
 * Delta CRLs and CRLs with a critical extension latch does not handle are not used. A certificate on a usable CRL
 * is revoked; one that no complete usable CRL covers has an unknown status, which fails only
 * when the caller requires revocation information. */
#ifndef LT_X509_REVOCATION_H
#define LT_X509_REVOCATION_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"
#include "x509/crlset.h"
#include "x509/path.h"

/* Most CRL signatures one path check verifies before it gives up with LT_VERIFY_LIMIT. */
#define LT_REVOCATION_MAX_SIGNATURES 32

/* What revocation information there is. */
typedef struct lt_revocation_sources {
    const lt_crlset *crls;  /* NULL: none */
    int require;            /* a certificate that nothing covers fails (revocation-unknown) */
} lt_revocation_sources;

/* Most indirect-CRL issuers one path check validates (each a path validation of its own, with
 * its own budget, LT_PATH_MAX_SIGNATURES); past that the verdict is LT_VERIFY_LIMIT. */
#define LT_REVOCATION_MAX_ISSUER_PATHS 4

/* Checks path[0 .. len - 2] (leaf first; path[len - 1], the trust anchor, is not checked, and
 * path[i + 1] issued path[i]) at params->time. An indirect CRL's issuer is looked for among
 * intermediates and the anchor, and validated (lt_path_verify with these intermediates, the
 * path's anchor alone, params' time and limits, and no revocation check). Returns 0, or
 * LT_ERR_VERIFY with *error (LT_VERIFY_REVOKED, LT_VERIFY_REVOCATION_UNKNOWN or
 * LT_VERIFY_LIMIT) and a sentence in why. */
LT_MUST_USE int lt_revocation_check(const lt_revocation_sources *sources, const lt_cert *const *path, size_t len,
                                    const lt_cert *const *intermediates, size_t n_intermediates,
                                    const lt_path_params *params, lt_verify_error *error, char *why,
                                    size_t cap);

#endif
