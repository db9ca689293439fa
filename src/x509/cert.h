/* X.509 v3 certificate parsing (RFC 5280 §4.1, §4.2). The parse allocates nothing: every span
 * points into the certificate's DER, which must outlive the lt_cert. It checks structure and
 * encodings; policy (validity time, CA rules, algorithms accepted) is path.c's job, so a parsed
 * certificate can carry things latch later refuses (an unknown critical extension, SHA-1). */
#ifndef LT_X509_CERT_H
#define LT_X509_CERT_H

#include "base/err.h"
#include <stdbool.h>
#include <stdint.h>

#include "base/reader.h"
#include "base/span.h"
#include "crypto/pkey.h"

/* keyUsage bits (RFC 5280 §4.2.1.3), bit 0 = digitalSignature. */
enum {
    LT_KU_DIGITAL_SIGNATURE = 1u << 0,
    LT_KU_NON_REPUDIATION = 1u << 1,
    LT_KU_KEY_ENCIPHERMENT = 1u << 2,
    LT_KU_DATA_ENCIPHERMENT = 1u << 3,
    LT_KU_KEY_AGREEMENT = 1u << 4,
    LT_KU_KEY_CERT_SIGN = 1u << 5,
    LT_KU_CRL_SIGN = 1u << 6,
    LT_KU_ENCIPHER_ONLY = 1u << 7,
    LT_KU_DECIPHER_ONLY = 1u << 8,
};

/* extKeyUsage purposes latch tracks. */
enum {
    LT_EKU_SERVER_AUTH = 1u << 0,
    LT_EKU_CLIENT_AUTH = 1u << 1,
    LT_EKU_ANY = 1u << 2,
    LT_EKU_EMAIL_PROTECTION = 1u << 3,
    LT_EKU_OCSP_SIGNING = 1u << 4, /* id-kp-OCSPSigning (RFC 6960 §4.2.2.2) */
};

/* GeneralName tags (RFC 5280 §4.2.1.6), as context-specific tag numbers. */
enum {
    LT_GN_OTHER_NAME = 0,
    LT_GN_RFC822 = 1,
    LT_GN_DNS = 2,
    LT_GN_X400 = 3,
    LT_GN_DIRECTORY = 4,
    LT_GN_EDI_PARTY = 5,
    LT_GN_URI = 6,
    LT_GN_IP = 7,
    LT_GN_REGISTERED_ID = 8,
};

#define LT_CERT_MAX_EXTENSIONS 32

typedef struct {
    lt_span der;            /* the whole Certificate */
    lt_span tbs;            /* TBSCertificate, whole element: the signed bytes */
    unsigned version;       /* 1, 2 or 3 */
    lt_span serial;         /* INTEGER contents */
    lt_sig_alg sig_alg;     /* LT_SIG_NONE when latch does not support the algorithm */
    lt_span sig_alg_oid;    /* for messages about an unsupported algorithm */
    lt_span signature;      /* signatureValue bits */
    lt_span issuer;         /* Name, whole element, compared byte for byte */
    lt_span subject;
    int64_t not_before;     /* Unix seconds */
    int64_t not_after;
    lt_span spki;           /* SubjectPublicKeyInfo, whole element */
    lt_span public_key;     /* subjectPublicKey bits (for key identifiers) */

    bool has_basic_constraints;
    bool basic_constraints_critical;
    bool is_ca;
    int path_len;           /* pathLenConstraint, or -1 when absent */
    bool has_key_usage;
    unsigned key_usage;     /* LT_KU_* */
    bool has_ext_key_usage;
    bool ext_key_usage_critical;
    unsigned ext_key_usage; /* LT_EKU_* */
    bool has_subject_alt_name;
    bool subject_alt_name_critical;
    lt_span subject_alt_name;   /* GeneralNames contents */
    bool has_name_constraints;
    bool name_constraints_critical;
    lt_span permitted_subtrees; /* GeneralSubtrees contents, or empty */
    lt_span excluded_subtrees;
    bool has_subject_key_id;
    bool subject_key_id_critical;
    lt_span subject_key_id;
    bool has_authority_key_id;
    bool authority_key_id_critical;
    lt_span authority_key_id;     /* keyIdentifier; empty when the extension has none */
    bool aki_has_cert_issuer;     /* authorityCertIssuer present */
    bool aki_has_cert_serial;     /* authorityCertSerialNumber present */
    bool has_policy_constraints;  /* parsed for its form only: latch does no policy processing */
    bool policy_constraints_critical;
    bool policy_constraints_empty;
    bool has_authority_info_access;
    bool authority_info_access_critical;
    unsigned authority_info_access_count; /* AccessDescriptions */
    bool has_crl_distribution_points;
    lt_span crl_distribution_points; /* DistributionPoints, SEQUENCE contents (x509/crldp.h) */
    bool has_unknown_critical;
    lt_span unknown_critical_oid;
    bool must_staple;       /* TLS feature status_request (RFC 7633) */
} lt_cert;

/* Parses one DER certificate (exactly, no trailing bytes). On failure returns LT_ERR_DECODE or
 * LT_ERR_UNSUPPORTED and, if problem is not NULL, points it at a phrase saying what is wrong
 * ("extension appears twice", "signature algorithms do not match", ...). */
LT_MUST_USE int lt_cert_parse(const uint8_t *der, size_t len, lt_cert *cert, const char **problem);

/* The certificate's name for messages: its subject CN, else its first DNS SAN, else the
 * whole subject. */
void lt_cert_display_name(const lt_cert *cert, char *out, size_t cap);

/* Iterates GeneralNames contents: returns 1 and fills tag and value for the next name, 0 at the
 * end, or LT_ERR_DECODE, also for a name whose contents are not of its form (RFC 5280 §4.2.1.6):
 * names latch never matches are checked too, as libcrypto decodes them all. */
LT_MUST_USE int lt_general_names_next(lt_reader *names, unsigned *tag, lt_span *value);

#endif
