/* Issuing the certificates of `latch certs`: a TBSCertificate (RFC 5280 §4.1) for a development
 * root CA or a leaf, signed with the issuer's key. Also the small pieces around it: checking
 * the names a leaf is for (LDH labels, RFC 1123 §2.1; IP literals), the subject Name, key
 * identifiers (RFC 7093 §2 method 1: SHA-256 truncated to 160 bits) and reading back the
 * subject and key of a CA certificate latch made. No file I/O here. */
#ifndef LT_DEVCA_ISSUE_H
#define LT_DEVCA_ISSUE_H

#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "base/writer.h"
#include "crypto/pkey.h"

#define LT_ISSUE_KEY_ID_LEN 20
#define LT_ISSUE_MAX_NAMES 100
#define LT_ISSUE_MAX_DNS_LEN 253 /* RFC 1035 §2.3.4, without the trailing dot */

typedef enum { LT_ISSUE_SAN_DNS = 0, LT_ISSUE_SAN_IP } lt_issue_san_type;

/* One subjectAltName entry (RFC 5280 §4.2.1.6). */
typedef struct {
    lt_issue_san_type type;
    char text[LT_ISSUE_MAX_DNS_LEN + 1]; /* the DNS name lowercased, or the IP in canonical text */
    uint8_t ip[16];                      /* the address, network order (4 or 16 bytes) */
    size_t ip_len;
} lt_issue_san;

/* Checks one name given by a user and fills san: an IPv4 or IPv6 literal becomes an iPAddress;
 * anything else must be a DNS name of LDH labels (1..63 characters, letters, digits and inner
 * hyphens), at most 253 characters, optionally starting with the wildcard label "*." followed by
 * at least one label. DNS names are lowercased. On failure returns LT_ERR_INVALID_ARG and
 * writes a sentence into msg. */
int lt_issue_parse_name(const char *name, lt_issue_san *san, char *msg, size_t msg_cap);

/* Writes a Name (RFC 5280 §4.1.2.4) of one RDN per attribute, in the order O, OU, CN, each a
 * UTF8String; a NULL or empty attribute is left out. */
void lt_issue_write_name(lt_writer *w, const char *organization, const char *unit,
                         const char *common_name);

/* The key identifier of a SubjectPublicKeyInfo: the first 20 bytes of SHA-256 over the
 * subjectPublicKey BIT STRING's bits (without tag, length and unused-bits byte). */
int lt_issue_key_id(const uint8_t *spki, size_t spki_len, uint8_t key_id[LT_ISSUE_KEY_ID_LEN]);

/* The signature algorithm an issuer key signs certificates with: ecdsa-with-SHA256 for P-256,
 * ecdsa-with-SHA384 for P-384, sha256WithRSAEncryption for RSA; LT_SIG_NONE for anything else. */
lt_sig_alg lt_issue_sig_alg(lt_key_type issuer_key_type);
/* Writes the AlgorithmIdentifier of one of those signature algorithms. */
void lt_issue_write_sig_alg(lt_writer *w, lt_sig_alg alg);

/* Who signs: the issuer's key, its subject Name DER (copied into the issuer field) and its
 * subjectKeyIdentifier (the authorityKeyIdentifier of what it issues). */
typedef struct {
    const lt_privkey *key;
    lt_span subject;
    uint8_t key_id[LT_ISSUE_KEY_ID_LEN];
} lt_issue_issuer;

/* What is issued. A CA gets basicConstraints CA:TRUE (pathLen path_len) and keyUsage
 * keyCertSign|cRLSign|digitalSignature; a leaf gets CA:FALSE, keyUsage digitalSignature
 * (+keyEncipherment for an RSA key), extKeyUsage serverAuth (+clientAuth when client is set)
 * and the subjectAltNames (at least one). Both get a subjectKeyIdentifier, and an
 * authorityKeyIdentifier unless self-signed (the issuer's key identifier is the subject's). A self-signed CA passes itself as issuer (same key, same Name). */
typedef struct {
    int is_ca;
    int path_len;                  /* CA only: pathLenConstraint (0 by default), -1 for none */
    int client;
    int ocsp_signer;               /* leaf only: extKeyUsage id-kp-OCSPSigning instead (a
                                      delegated OCSP responder, RFC 6960 §4.2.2.2) */
    int must_staple;               /* leaf only: the TLS feature status_request (RFC 7633) */
    const lt_privkey *subject_key; /* the public half is certified */
    lt_span subject;               /* Name DER (lt_issue_write_name) */
    int64_t not_before;            /* Unix seconds */
    int64_t not_after;
    const lt_issue_san *sans;
    size_t san_count;
    lt_span extra_extension;       /* one more Extension, DER, written as is after the others
                                      (tests: cRLDistributionPoints); empty for none */
} lt_issue_params;

/* Builds and signs the certificate; *der is malloc'd (caller frees). The serial is 16 random
 * bytes, positive, with a non-zero first byte (RFC 5280 §4.1.2.2). */
int lt_issue_certificate(const lt_issue_issuer *issuer, const lt_issue_params *params,
                         uint8_t **der, size_t *der_len);


#endif
