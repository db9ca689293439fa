/* Certificate revocation lists: parsing a CertificateList (RFC 5280 §5.1), its extensions
 * (§5.2: authorityKeyIdentifier, cRLNumber, deltaCRLIndicator, issuingDistributionPoint) and its
 * entries (§5.3: reasonCode, invalidityDate, certificateIssuer). The parse allocates nothing and
 * points into the DER, which must outlive the lt_crl. It checks structure and encodings and
 * records what policy needs; whether a CRL may be used for a certificate (signature, times,
 * scope) is revocation.c's job, so a parsed CRL can carry things latch later refuses (a delta
 * CRL, an unknown critical extension). */
#ifndef LT_X509_CRL_H
#define LT_X509_CRL_H

#include "base/err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/reader.h"
#include "base/span.h"
#include "crypto/pkey.h"

/* CRLReason codes (RFC 5280 §5.3.1); 7 is not used. */
enum {
    LT_CRL_REASON_UNSPECIFIED = 0,
    LT_CRL_REASON_KEY_COMPROMISE = 1,
    LT_CRL_REASON_CA_COMPROMISE = 2,
    LT_CRL_REASON_AFFILIATION_CHANGED = 3,
    LT_CRL_REASON_SUPERSEDED = 4,
    LT_CRL_REASON_CESSATION_OF_OPERATION = 5,
    LT_CRL_REASON_CERTIFICATE_HOLD = 6,
    LT_CRL_REASON_REMOVE_FROM_CRL = 8,
    LT_CRL_REASON_PRIVILEGE_WITHDRAWN = 9,
    LT_CRL_REASON_AA_COMPROMISE = 10,
};
#define LT_CRL_REASON_NONE (-1) /* no reasonCode entry extension */

/* How many extensions a CRL, or one entry, may carry. */
#define LT_CRL_MAX_EXTENSIONS 16

/* One revokedCertificates entry. */
typedef struct {
    lt_span serial;          /* userCertificate INTEGER contents */
    int64_t date;            /* revocationDate, Unix seconds */
    int reason;              /* LT_CRL_REASON_*, or LT_CRL_REASON_NONE */
    bool has_certificate_issuer;  /* an indirect CRL's entry */
    lt_span certificate_issuer;   /* its GeneralNames contents (this entry's own extension) */
    lt_span scope;  /* GeneralNames contents of the certificateIssuer in force for this entry:
                       its own or the most recent before it in the list (§5.3.3); empty: the
                       CRL issuer. Set by crlset.c's index, which walks the list in order. */
    bool has_unknown_critical;
    lt_span unknown_critical_oid;
} lt_crl_entry;

typedef struct {
    lt_span der;             /* the whole CertificateList */
    lt_span tbs;             /* TBSCertList, whole element: the signed bytes */
    unsigned version;        /* 1 or 2 */
    lt_sig_alg sig_alg;      /* LT_SIG_NONE when latch does not support the algorithm */
    lt_span sig_alg_oid;
    lt_span signature;       /* signatureValue bits */
    lt_span issuer;          /* Name, whole element */
    int64_t this_update;
    bool has_next_update;
    int64_t next_update;
    lt_span revoked;         /* revokedCertificates contents (empty when absent) */
    size_t n_revoked;
    lt_span authority_key_id;   /* keyIdentifier, or empty */
    bool has_crl_number;
    lt_span crl_number;         /* INTEGER contents */
    bool is_delta;              /* deltaCRLIndicator present */
    bool has_idp;               /* issuingDistributionPoint present */
    bool idp_has_distribution_point;
    lt_span idp_full_name;      /* its fullName, GeneralNames contents (empty when relative) */
    bool idp_relative_name;     /* a nameRelativeToCRLIssuer: latch matches no certificate to it */
    bool idp_only_user;
    bool idp_only_ca;
    bool idp_only_some_reasons;
    bool idp_indirect;
    bool idp_only_attribute;
    bool has_unknown_critical;  /* a CRL extension, or one entry's, latch does not handle */
    lt_span unknown_critical_oid;
    bool entry_certificate_issuer; /* some entry carries certificateIssuer (indirect CRL) */
} lt_crl;

/* Parses one DER CertificateList (exactly, no trailing bytes), every entry included. On failure
 * returns LT_ERR_DECODE and, if problem is not NULL, points it at a phrase saying what is wrong
 * ("revocationDate is not a valid time", "an extension appears twice", ...). */
LT_MUST_USE int lt_crl_parse(const uint8_t *der, size_t len, lt_crl *crl, const char **problem);

/* Reads the next entry of crl->revoked (a reader over it): 1 and *entry filled, 0 at the end,
 * or LT_ERR_DECODE. version is the CRL's (entry extensions need v2). */
LT_MUST_USE int lt_crl_entry_next(lt_reader *entries, unsigned version, lt_crl_entry *entry,
                                  const char **problem);

/* The RFC 5280 name of a reason code ("keyCompromise"), or NULL for one that is not defined. */
const char *lt_crl_reason_name(int reason);

#endif
