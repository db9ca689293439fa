/* Revocation for the development CA (`latch certs revoke`, `latch certs crl`): marking one of
 * its certificates revoked in DIR/revoked (devca/revoked.h), and writing the CRL that lists
 * them. Messages as in devca.h: a report on success, one sentence on failure. */
#ifndef LT_DEVCA_REVOKE_H
#define LT_DEVCA_REVOKE_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h" /* latch_status */

#define LT_DEVCA_CRL_DEFAULT_DAYS 7
#define LT_DEVCA_CRL_MAX_DAYS 366
#define LT_DEVCA_CRL_FILE "ca.crl"

/* The reason code (RFC 5280 §5.3.1) of a reason name ("keyCompromise", case as in the RFC), or
 * -1 for a name that is not one. removeFromCRL is refused: it belongs to delta CRLs. */
int lt_devca_reason_code(const char *name);

/* Revokes a certificate of the CA in dir (NULL: the default directory) at now (0: the current
 * time) with reason (a code from lt_devca_reason_code). what is a PEM certificate file (or
 * "what.pem"), which must have been issued by this CA (its issuer is the CA's subject and its
 * signature verifies with the CA's key), or else a serial number in hex. A certificate already
 * on the list, or one of another CA, is LATCH_ERR_INVALID_ARG. */
latch_status lt_devca_revoke(const char *dir, const char *what, int reason, int64_t now, char *msg,
                             size_t msg_cap);

/* Writes the CA's CRL to out_path (NULL: DIR/ca.crl), mode 0644, as PEM "X509 CRL": version 2,
 * signed by the CA's key with the CA certificate's signature algorithm, thisUpdate now (0: the
 * current time), nextUpdate now + days (0: LT_DEVCA_CRL_DEFAULT_DAYS; at most
 * LT_DEVCA_CRL_MAX_DAYS), authorityKeyIdentifier and cRLNumber (thisUpdate in Unix seconds, so
 * numbers grow without a counter file) extensions, and every revoked certificate with its
 * revocationDate and, unless unspecified, a reasonCode. */
latch_status lt_devca_crl(const char *dir, const char *out_path, unsigned days, int64_t now, char *msg,
                          size_t msg_cap);

#endif
