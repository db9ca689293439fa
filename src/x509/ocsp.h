/* OCSP responses (RFC 6960): parsing an OCSPResponse that carries a BasicOCSPResponse (§4.2.1),
 * and checking it for one certificate and its issuer (§3.2, §4.2.2.2): the certID (hash of the
 * issuer's Name and key, the serial), the signer (the issuer itself, or a responder the issuer
 * certified directly for id-kp-OCSPSigning), the thisUpdate/nextUpdate window and the status.
 * The parse allocates nothing: spans point into the response's DER. */
#ifndef LT_X509_OCSP_H
#define LT_X509_OCSP_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "x509/cert.h"
#include "x509/path.h"

/* Bounds on the work one response may ask for: SingleResponses looked at, certificates
 * carried (each may cost a signature check). More is refused as malformed. */
#define LT_OCSP_MAX_RESPONSES 64
#define LT_OCSP_MAX_CERTS 4
/* Clock skew allowed around thisUpdate and nextUpdate, in seconds. */
#define LT_OCSP_SKEW 300
/* A response without nextUpdate ("newer information is always available", §4.2.2.1) is used
 * only while its thisUpdate is at most this old. */
#define LT_OCSP_MAX_AGE_WITHOUT_NEXT (7 * 86400)

typedef enum { LT_OCSP_GOOD = 0, LT_OCSP_REVOKED = 1, LT_OCSP_UNKNOWN = 2 } lt_ocsp_status;

typedef struct {
    lt_span tbs;                 /* ResponseData, whole element: the signed bytes */
    int by_key;                  /* responderID: 1 byKey, 0 byName */
    lt_span responder;           /* the Name (whole element) or the SHA-1 KeyHash */
    int64_t produced_at;
    lt_span responses;           /* contents of responses (SEQUENCE OF SingleResponse) */
    size_t n_responses;
    lt_sig_alg sig_alg;          /* LT_SIG_NONE when latch does not support it */
    lt_span sig_alg_oid;
    lt_span signature;
    lt_span certs[LT_OCSP_MAX_CERTS]; /* DER Certificates that came with the response */
    size_t n_certs;
    int unknown_critical;        /* a critical responseExtension latch does not know */
} lt_ocsp_response;

/* Parses a DER OCSPResponse. A responseStatus other than successful, or a response type other
 * than id-pkix-ocsp-basic: LT_ERR_UNSUPPORTED; malformed (or over the limits above):
 * LT_ERR_DECODE. *problem (if not NULL) gets a phrase on failure. */
LT_MUST_USE int lt_ocsp_parse(const uint8_t *der, size_t len, lt_ocsp_response *out, const char **problem);

/* What a response says about one certificate. */
typedef struct {
    lt_verify_error error;       /* LT_VERIFY_OK (good), LT_VERIFY_REVOKED, or
                                    LT_VERIFY_REVOCATION_UNKNOWN (status unknown, or the
                                    response is unusable: reason says why) */
    lt_ocsp_status status;       /* meaningful when the response was usable */
    int64_t produced_at;
    int64_t this_update;
    int64_t next_update;         /* 0 when absent */
    int64_t revocation_time;     /* revoked only */
    int revocation_reason;       /* CRLReason (RFC 5280 §5.3.1), -1 when absent */
    char reason[384];            /* a sentence naming the certificate */
} lt_ocsp_result;

/* Checks resp for cert, issued by issuer, at time (Unix seconds). Returns 0 when the response
 * is usable and says good; otherwise LT_ERR_VERIFY with result->error REVOKED or
 * REVOCATION_UNKNOWN and result->reason set. */
LT_MUST_USE int lt_ocsp_check(const lt_ocsp_response *resp, const lt_cert *cert, const lt_cert *issuer, int64_t time,
                  lt_ocsp_result *result);

/* lt_ocsp_parse and lt_ocsp_check in one: a response that does not parse is
 * REVOCATION_UNKNOWN with the parse problem in the reason. */
LT_MUST_USE int lt_ocsp_verify(const uint8_t *der, size_t len, const lt_cert *cert, const lt_cert *issuer, int64_t time,
                   lt_ocsp_result *result);

/* For people: "good, produced 2026-01-01 00:00:00 UTC, next update ..." (the status with its
 * dates), "revoked, produced ...: <reason>", or "not usable: <reason>". */
void lt_ocsp_describe(const lt_ocsp_result *result, char *out, size_t cap);

/* "good", "revoked", "unknown". */
const char *lt_ocsp_status_name(lt_ocsp_status status);
/* The CRLReason's name ("keyCompromise", ...), or "unspecified" for an unknown code. */
const char *lt_ocsp_reason_name(int reason);

#endif
