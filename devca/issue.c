/* Issuing development certificates (see issue.h): RFC 5280 §4.1 TBSCertificate and Certificate,
 * the extensions of §4.2.1.1-4.2.1.3, §4.2.1.6, §4.2.1.9 and §4.2.1.12, key identifiers per
 * RFC 7093 §2, and the name rules of RFC 1123 §2.1 for the subjectAltNames. */
#include "devca/issue.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/reader.h"
#include "crypto/hash.h"
#include "crypto/rand.h"
#include "x509/der.h"
#include "x509/derw.h"
#include "x509/psl.h"
#include "x509/oid.h"

/* keyUsage bits (RFC 5280 §4.2.1.3), numbered from the most significant bit of the first byte. */
#define KU_DIGITAL_SIGNATURE 0x80
#define KU_KEY_ENCIPHERMENT 0x20
#define KU_KEY_CERT_SIGN 0x04
#define KU_CRL_SIGN 0x02

#define ub_common_name 64 /* RFC 5280 Appendix A upper bounds */
#define ub_organizational_unit_name 64

static int issue_is_ldh(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static int issue_fail_name(char *msg, size_t msg_cap, const char *name, const char *why)
{
    if (msg != NULL && msg_cap > 0)
        snprintf(msg, msg_cap, "'%s' is not a valid host name or IP address: %s", name, why);
    return LT_ERR_INVALID_ARG;
}

int lt_issue_parse_name(const char *name, lt_issue_san *san, char *msg, size_t msg_cap)
{
    memset(san, 0, sizeof *san);
    size_t len = strlen(name);
    if (len == 0)
        return issue_fail_name(msg, msg_cap, name, "it is empty");
    if (len > LT_ISSUE_MAX_DNS_LEN)
        return issue_fail_name(msg, msg_cap, "...", "it is longer than 253 characters");

    if (inet_pton(AF_INET, name, san->ip) == 1) {
        san->type = LT_ISSUE_SAN_IP;
        san->ip_len = 4;
        inet_ntop(AF_INET, san->ip, san->text, sizeof san->text); /* as a CN must copy it */
        return 0;
    }
    if (inet_pton(AF_INET6, name, san->ip) == 1) {
        san->type = LT_ISSUE_SAN_IP;
        san->ip_len = 16;
        /* RFC 5952 text: the subject CN made from it must copy the SAN (BR 7.1.4.3) */
        inet_ntop(AF_INET6, san->ip, san->text, sizeof san->text);
        return 0;
    }
    if (strchr(name, ':') != NULL)
        return issue_fail_name(msg, msg_cap, name, "it is not a valid IPv6 address");

    san->type = LT_ISSUE_SAN_DNS;
    for (size_t i = 0; i <= len; i++) {
        char c = name[i];
        san->text[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    const char *label = san->text;
    if (label[0] == '*') {
        /* a wildcard is only a whole leftmost label, and must cover something (RFC 6125 §6.4.3) */
        if (label[1] != '.' || label[2] == '\0')
            return issue_fail_name(msg, msg_cap, name,
                                   "a wildcard must be a whole leftmost label, as in *.example.test");
        label += 2;
    }
    for (;;) {
        size_t label_len = 0;
        while (label[label_len] != '\0' && label[label_len] != '.')
            label_len++;
        if (label_len == 0)
            return issue_fail_name(msg, msg_cap, name, "it has an empty label");
        if (label_len > 63)
            return issue_fail_name(msg, msg_cap, name, "a label is longer than 63 characters");
        if (label[0] == '-' || label[label_len - 1] == '-')
            return issue_fail_name(msg, msg_cap, name, "a label starts or ends with a hyphen");
        for (size_t i = 0; i < label_len; i++) {
            if (!issue_is_ldh(label[i]))
                return issue_fail_name(msg, msg_cap, name,
                                       "only letters, digits, hyphens and dots are allowed");
        }
        if (label[label_len] == '\0')
            break;
        label += label_len + 1;
    }
    /* browsers, and latch's own verifier, refuse a wildcard directly over a public suffix
     * (CA/Browser Forum BR 3.2.2.6): "*.test" would be issued and then never trusted */
    const char *covered = san->text + 2;
    if (san->text[0] == '*' &&
        lt_psl_is_public_suffix(lt_psl_default(), (const uint8_t *)covered, strlen(covered)))
        return issue_fail_name(msg, msg_cap, name,
                               "a wildcard directly over a public suffix is never trusted; "
                               "use one over a name of yours, as in *.example.test");
    return 0;
}

static void issue_write_rdn(lt_writer *w, const uint8_t *oid, size_t oid_len, const char *value,
                            size_t max_len)
{
    if (value == NULL || value[0] == '\0')
        return;
    size_t len = strlen(value);
    if (len > max_len)
        len = max_len;
    lt_derw_block rdn, attribute;
    lt_derw_open_set(w, &rdn);
    lt_derw_open_sequence(w, &attribute);
    lt_derw_oid(w, oid, oid_len);
    lt_derw_utf8_string(w, value, len);
    lt_derw_close(w, &attribute);
    lt_derw_close(w, &rdn);
}

void lt_issue_write_name(lt_writer *w, const char *organization, const char *unit,
                         const char *common_name)
{
    lt_derw_block name;
    lt_derw_open_sequence(w, &name);
    issue_write_rdn(w, LT_OID_AT_ORGANIZATION, sizeof LT_OID_AT_ORGANIZATION, organization, 64);
    issue_write_rdn(w, LT_OID_AT_ORGANIZATIONAL_UNIT, sizeof LT_OID_AT_ORGANIZATIONAL_UNIT, unit,
                    ub_organizational_unit_name);
    issue_write_rdn(w, LT_OID_AT_COMMON_NAME, sizeof LT_OID_AT_COMMON_NAME, common_name, ub_common_name);
    lt_derw_close(w, &name);
}

int lt_issue_key_id(const uint8_t *spki, size_t spki_len, uint8_t key_id[LT_ISSUE_KEY_ID_LEN])
{
    lt_reader r = lt_reader_init(spki, spki_len);
    lt_reader info = lt_der_enter(&r, LT_DER_SEQUENCE);
    unsigned unused_bits;
    lt_der_expect(&info, LT_DER_SEQUENCE);
    lt_span bits = lt_der_read_bits(&info, &unused_bits);
    if (!lt_reader_done(&r) || !lt_reader_done(&info) || unused_bits != 0 || bits.len == 0)
        return LT_ERR_DECODE;
    uint8_t digest[32];
    LT_TRY(lt_hash(LT_HASH_SHA256, bits.p, bits.len, digest));
    memcpy(key_id, digest, LT_ISSUE_KEY_ID_LEN);
    return 0;
}

lt_sig_alg lt_issue_sig_alg(lt_key_type issuer_key_type)
{
    switch (issuer_key_type) {
    case LT_KEY_EC_P256:
        return LT_SIG_ECDSA_SHA256;
    case LT_KEY_EC_P384:
        return LT_SIG_ECDSA_SHA384;
    case LT_KEY_RSA:
        return LT_SIG_RSA_PKCS1_SHA256;
    default:
        return LT_SIG_NONE;
    }
}

/* AlgorithmIdentifier of a signature (RFC 5758 §3.2: ECDSA has no parameters; RFC 4055 §5:
 * sha256WithRSAEncryption has NULL parameters). */
void lt_issue_write_sig_alg(lt_writer *w, lt_sig_alg alg)
{
    lt_derw_block algorithm;
    lt_derw_open_sequence(w, &algorithm);
    if (alg == LT_SIG_ECDSA_SHA256) {
        lt_derw_oid(w, LT_OID_ECDSA_SHA256, sizeof LT_OID_ECDSA_SHA256);
    } else if (alg == LT_SIG_ECDSA_SHA384) {
        lt_derw_oid(w, LT_OID_ECDSA_SHA384, sizeof LT_OID_ECDSA_SHA384);
    } else {
        lt_derw_oid(w, LT_OID_SHA256_WITH_RSA, sizeof LT_OID_SHA256_WITH_RSA);
        lt_derw_null(w);
    }
    lt_derw_close(w, &algorithm);
}

/* Opens Extension { extnID, critical (only when TRUE: DER omits defaults), extnValue }; the
 * caller writes the value's DER and closes both blocks with issue_close_extension. */
static void issue_open_extension(lt_writer *w, const uint8_t *oid, size_t oid_len, int critical,
                                 lt_derw_block blocks[2])
{
    lt_derw_open_sequence(w, &blocks[0]);
    lt_derw_oid(w, oid, oid_len);
    if (critical)
        lt_derw_boolean(w, 1);
    lt_derw_open(w, LT_DER_OCTET_STRING, &blocks[1]);
}

static void issue_close_extension(lt_writer *w, const lt_derw_block blocks[2])
{
    lt_derw_close(w, &blocks[1]);
    lt_derw_close(w, &blocks[0]);
}

/* A one-byte KeyUsage BIT STRING; DER drops trailing zero bits (X.690 §11.2.2). */
static void issue_write_key_usage(lt_writer *w, uint8_t bits)
{
    uint8_t content[2] = { 0, bits };
    while (content[0] < 7 && (bits & (1u << content[0])) == 0)
        content[0]++;
    lt_derw_tlv(w, LT_DER_BIT_STRING, content, sizeof content);
}

static void issue_write_extensions(lt_writer *w, const lt_issue_issuer *issuer,
                                   const lt_issue_params *params, const uint8_t *subject_key_id)
{
    lt_derw_block explicit_tag, extensions, ext[2], value;
    lt_derw_open_explicit(w, 3, &explicit_tag);
    lt_derw_open_sequence(w, &extensions);

    issue_open_extension(w, LT_OID_BASIC_CONSTRAINTS, sizeof LT_OID_BASIC_CONSTRAINTS, 1, ext);
    lt_derw_open_sequence(w, &value);
    if (params->is_ca) {
        /* pathLen 0 by default: a development root signs leaves only */
        lt_derw_boolean(w, 1);
        if (params->path_len >= 0)
            lt_derw_integer_u64(w, (uint64_t)params->path_len);
    }
    lt_derw_close(w, &value);
    issue_close_extension(w, ext);

    issue_open_extension(w, LT_OID_KEY_USAGE, sizeof LT_OID_KEY_USAGE, 1, ext);
    if (params->is_ca) {
        issue_write_key_usage(w, KU_DIGITAL_SIGNATURE | KU_KEY_CERT_SIGN | KU_CRL_SIGN);
    } else {
        /* RSA key transport (TLS 1.2 static RSA) needs keyEncipherment */
        int rsa = lt_privkey_type(params->subject_key) == LT_KEY_RSA;
        issue_write_key_usage(w, (uint8_t)(KU_DIGITAL_SIGNATURE | (rsa ? KU_KEY_ENCIPHERMENT : 0)));
    }
    issue_close_extension(w, ext);

    if (!params->is_ca) {
        issue_open_extension(w, LT_OID_EXT_KEY_USAGE, sizeof LT_OID_EXT_KEY_USAGE, 0, ext);
        lt_derw_open_sequence(w, &value);
        if (params->ocsp_signer) {
            lt_derw_oid(w, LT_OID_KP_OCSP_SIGNING, sizeof LT_OID_KP_OCSP_SIGNING);
        } else {
            lt_derw_oid(w, LT_OID_KP_SERVER_AUTH, sizeof LT_OID_KP_SERVER_AUTH);
            if (params->client)
                lt_derw_oid(w, LT_OID_KP_CLIENT_AUTH, sizeof LT_OID_KP_CLIENT_AUTH);
        }
        lt_derw_close(w, &value);
        issue_close_extension(w, ext);

        if (params->must_staple) {
            /* RFC 7633 §6: Features ::= SEQUENCE OF INTEGER, status_request (5) */
            issue_open_extension(w, LT_OID_TLS_FEATURE, sizeof LT_OID_TLS_FEATURE, 0, ext);
            lt_derw_open_sequence(w, &value);
            lt_derw_integer_u64(w, 5);
            lt_derw_close(w, &value);
            issue_close_extension(w, ext);
        }

        issue_open_extension(w, LT_OID_SUBJECT_ALT_NAME, sizeof LT_OID_SUBJECT_ALT_NAME, 0, ext);
        lt_derw_open_sequence(w, &value);
        for (size_t i = 0; i < params->san_count; i++) {
            const lt_issue_san *san = &params->sans[i];
            if (san->type == LT_ISSUE_SAN_IP)
                lt_derw_context_primitive(w, 7, san->ip, san->ip_len);   /* iPAddress */
            else
                lt_derw_context_primitive(w, 2, san->text, strlen(san->text)); /* dNSName */
        }
        lt_derw_close(w, &value);
        issue_close_extension(w, ext);
    }

    /* RFC 5280 §4.2.1.1: every certificate but a self-signed one names its issuer's key. */
    if (memcmp(issuer->key_id, subject_key_id, LT_ISSUE_KEY_ID_LEN) != 0) {
        issue_open_extension(w, LT_OID_AUTHORITY_KEY_ID, sizeof LT_OID_AUTHORITY_KEY_ID, 0, ext);
        lt_derw_open_sequence(w, &value);
        lt_derw_context_primitive(w, 0, issuer->key_id, LT_ISSUE_KEY_ID_LEN); /* keyIdentifier */
        lt_derw_close(w, &value);
        issue_close_extension(w, ext);
    }

    issue_open_extension(w, LT_OID_SUBJECT_KEY_ID, sizeof LT_OID_SUBJECT_KEY_ID, 0, ext);
    lt_derw_octet_string(w, subject_key_id, LT_ISSUE_KEY_ID_LEN);
    issue_close_extension(w, ext);

    if (params->extra_extension.len > 0)
        lt_derw_raw(w, params->extra_extension.p, params->extra_extension.len);

    lt_derw_close(w, &extensions);
    lt_derw_close(w, &explicit_tag);
}

int lt_issue_certificate(const lt_issue_issuer *issuer, const lt_issue_params *params,
                         uint8_t **der, size_t *der_len)
{
    uint8_t *spki = NULL, *tbs_buf = NULL, *cert_buf = NULL, *signature = NULL;
    size_t spki_len = 0;
    int rc;

    lt_sig_alg sig_alg = lt_issue_sig_alg(lt_privkey_type(issuer->key));
    if (sig_alg == LT_SIG_NONE)
        return LT_ERR_UNSUPPORTED;
    if (!params->is_ca && (params->san_count == 0 || params->san_count > LT_ISSUE_MAX_NAMES))
        return LT_ERR_INVALID_ARG;
    if (params->not_after <= params->not_before)
        return LT_ERR_INVALID_ARG;

    rc = lt_privkey_spki(params->subject_key, &spki, &spki_len);
    if (rc < 0)
        goto out;
    uint8_t subject_key_id[LT_ISSUE_KEY_ID_LEN];
    rc = lt_issue_key_id(spki, spki_len, subject_key_id);
    if (rc < 0)
        goto out;

    uint8_t serial[16];
    rc = lt_random(serial, sizeof serial);
    if (rc < 0)
        goto out;
    serial[0] &= 0x7f; /* positive, and 16 bytes long with no padding */
    if (serial[0] == 0)
        serial[0] = 0x01;

    size_t tbs_cap = 4096 + spki_len + issuer->subject.len + params->subject.len +
                     params->san_count * (LT_ISSUE_MAX_DNS_LEN + 8) + params->extra_extension.len;
    tbs_buf = lt_malloc(tbs_cap);
    if (tbs_buf == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    lt_writer w = lt_writer_init(tbs_buf, tbs_cap);
    lt_derw_block tbs, version, validity;
    lt_derw_open_sequence(&w, &tbs);
    lt_derw_open_explicit(&w, 0, &version);
    lt_derw_integer_u64(&w, 2); /* v3 */
    lt_derw_close(&w, &version);
    lt_derw_integer_bytes(&w, serial, sizeof serial);
    lt_issue_write_sig_alg(&w, sig_alg);
    lt_derw_raw(&w, issuer->subject.p, issuer->subject.len);
    lt_derw_open_sequence(&w, &validity);
    lt_derw_time(&w, params->not_before);
    lt_derw_time(&w, params->not_after);
    lt_derw_close(&w, &validity);
    lt_derw_raw(&w, params->subject.p, params->subject.len);
    lt_derw_raw(&w, spki, spki_len);
    issue_write_extensions(&w, issuer, params, subject_key_id);
    lt_derw_close(&w, &tbs);
    if (w.err) {
        rc = w.err;
        goto out;
    }

    size_t sig_len = lt_privkey_sig_max(issuer->key);
    signature = lt_malloc(sig_len);
    if (signature == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    rc = lt_privkey_sign(issuer->key, sig_alg, tbs_buf, w.len, signature, &sig_len);
    if (rc < 0)
        goto out;

    size_t cert_cap = w.len + sig_len + 64;
    cert_buf = lt_malloc(cert_cap);
    if (cert_buf == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    lt_writer cert = lt_writer_init(cert_buf, cert_cap);
    lt_derw_block certificate;
    lt_derw_open_sequence(&cert, &certificate);
    lt_derw_raw(&cert, tbs_buf, w.len);
    lt_issue_write_sig_alg(&cert, sig_alg);
    lt_derw_bit_string(&cert, signature, sig_len);
    lt_derw_close(&cert, &certificate);
    if (cert.err) {
        rc = cert.err;
        goto out;
    }
    *der = cert_buf;
    *der_len = cert.len;
    cert_buf = NULL;
    rc = 0;
out:
    lt_free(cert_buf);
    lt_free(signature);
    lt_free(tbs_buf);
    lt_free(spki);
    return rc;
}
