/* `latch certs crl` (see revoke.h): the development CA's CRL, RFC 5280 §5.1 written with the DER
 * writer: TBSCertList { version v2, signature, issuer, thisUpdate, nextUpdate,
 * revokedCertificates (absent when empty, §5.1.2.6), crlExtensions [0] { authorityKeyIdentifier
 * (§5.2.1), cRLNumber (§5.2.3) } }, signed with the CA's key. */
#include "devca/revoke.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/writer.h"
#include "crypto/pkey.h"
#include "devca/ca.h"
#include "devca/files.h"
#include "devca/pem_write.h"
#include "devca/revoked.h"
#include "devca/report.h"
#include "x509/cert.h"
#include "x509/crl.h"
#include "x509/der.h"
#include "x509/derw.h"
#include "x509/time.h"

#define CRL_PATH_MAX 4096

static const uint8_t crl_oid_authority_key_id[] = { 0x55, 0x1d, 0x23 };
static const uint8_t crl_oid_crl_number[] = { 0x55, 0x1d, 0x14 };
static const uint8_t crl_oid_reason_code[] = { 0x55, 0x1d, 0x15 };

/* The CA certificate's signatureAlgorithm element, copied into the CRL as it is: "the CA's
 * signature algorithm", parameters and all. */
static lt_span crl_ca_algid(const lt_cert *ca)
{
    lt_reader r = lt_reader_from_span(ca->der);
    lt_reader cert = lt_der_enter(&r, LT_DER_SEQUENCE);
    lt_der_read(&cert); /* tbsCertificate */
    return lt_der_read(&cert).whole;
}

static void crl_write_entry(lt_writer *w, const lt_devca_revoked *entry)
{
    lt_derw_block seq, exts, ext, value;
    lt_derw_open_sequence(w, &seq);
    lt_derw_integer_bytes(w, entry->serial, entry->serial_len);
    lt_derw_time(w, entry->when);
    /* "the reason code unspecified (0) SHOULD NOT be used": leave the extension out (§5.3.1) */
    if (entry->reason != LT_CRL_REASON_UNSPECIFIED) {
        uint8_t code = (uint8_t)entry->reason;
        lt_derw_open_sequence(w, &exts);
        lt_derw_open_sequence(w, &ext);
        lt_derw_oid(w, crl_oid_reason_code, sizeof crl_oid_reason_code);
        lt_derw_open(w, LT_DER_OCTET_STRING, &value);
        lt_derw_tlv(w, 0x0a /* ENUMERATED */, &code, 1);
        lt_derw_close(w, &value);
        lt_derw_close(w, &ext);
        lt_derw_close(w, &exts);
    }
    lt_derw_close(w, &seq);
}

static void crl_write_tbs(lt_writer *w, lt_span algid, const lt_issue_issuer *issuer, int64_t now, int64_t next,
                          const lt_devca_revoked *list, size_t n)
{
    lt_derw_block tbs, revoked, explicit_tag, exts, ext, value, aki;
    lt_derw_open_sequence(w, &tbs);
    lt_derw_integer_u64(w, 1); /* v2 */
    lt_derw_raw(w, algid.p, algid.len);
    lt_derw_raw(w, issuer->subject.p, issuer->subject.len);
    lt_derw_time(w, now);
    lt_derw_time(w, next);
    if (n > 0) {
        lt_derw_open_sequence(w, &revoked);
        for (size_t i = 0; i < n; i++)
            crl_write_entry(w, &list[i]);
        lt_derw_close(w, &revoked);
    }
    lt_derw_open_explicit(w, 0, &explicit_tag);
    lt_derw_open_sequence(w, &exts);
    lt_derw_open_sequence(w, &ext);
    lt_derw_oid(w, crl_oid_authority_key_id, sizeof crl_oid_authority_key_id);
    lt_derw_open(w, LT_DER_OCTET_STRING, &value);
    lt_derw_open_sequence(w, &aki);
    lt_derw_context_primitive(w, 0, issuer->key_id, LT_ISSUE_KEY_ID_LEN);
    lt_derw_close(w, &aki);
    lt_derw_close(w, &value);
    lt_derw_close(w, &ext);
    lt_derw_open_sequence(w, &ext);
    lt_derw_oid(w, crl_oid_crl_number, sizeof crl_oid_crl_number);
    lt_derw_open(w, LT_DER_OCTET_STRING, &value);
    lt_derw_integer_u64(w, (uint64_t)now);
    lt_derw_close(w, &value);
    lt_derw_close(w, &ext);
    lt_derw_close(w, &exts);
    lt_derw_close(w, &explicit_tag);
    lt_derw_close(w, &tbs);
}

latch_status lt_devca_crl(const char *dir, const char *out_path, unsigned days, int64_t now, char *msg,
                          size_t msg_cap)
{
    char ca_dir[CRL_PATH_MAX], path[CRL_PATH_MAX + 16], from[40], to[40];
    uint8_t *subject = NULL, *ca_der = NULL, *tbs_buf = NULL, *crl_buf = NULL, *sig = NULL;
    char *pem = NULL;
    size_t ca_der_len = 0, n = 0, pem_len = 0;
    lt_devca_revoked *list = NULL;
    lt_privkey *key = NULL;
    lt_issue_issuer issuer = { 0 };
    lt_cert ca;
    int rc;

    if (msg != NULL && msg_cap > 0)
        msg[0] = '\0';
    if (days == 0)
        days = LT_DEVCA_CRL_DEFAULT_DAYS;
    if (days > LT_DEVCA_CRL_MAX_DAYS) {
        lt_report_set(msg, msg_cap, "a CRL for %u days is too long (at most %d)", days, LT_DEVCA_CRL_MAX_DAYS);
        return LATCH_ERR_INVALID_ARG;
    }
    if (now == 0)
        now = (int64_t)time(NULL);
    rc = lt_devca_ca_open(dir, ca_dir, sizeof ca_dir, &key, &subject, &ca_der, &ca_der_len, &issuer, msg,
                          msg_cap);
    if (rc < 0)
        goto out;
    rc = lt_devca_revoked_load_report(ca_dir, &list, &n, msg, msg_cap);
    if (rc < 0)
        goto out;
    rc = lt_cert_parse(ca_der, ca_der_len, &ca, NULL);
    if (rc < 0 || ca.sig_alg == LT_SIG_NONE) {
        lt_report_set(msg, msg_cap, "the CA certificate's signature algorithm is not one latch signs with");
        rc = rc < 0 ? rc : LT_ERR_UNSUPPORTED;
        goto out;
    }
    /* the CA must be allowed to sign CRLs (§4.2.1.3 cRLSign), or no verifier will take them */
    if (ca.has_key_usage && !(ca.key_usage & LT_KU_CRL_SIGN)) {
        lt_report_set(msg, msg_cap, "the CA's keyUsage lacks cRLSign, so it may not sign CRLs");
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    size_t tbs_cap = 1024 + ca.subject.len + n * 64;
    tbs_buf = lt_malloc(tbs_cap);
    sig = lt_malloc(lt_privkey_sig_max(key));
    if (tbs_buf == NULL || sig == NULL) {
        rc = LT_ERR_NOMEM;
        lt_report_set(msg, msg_cap, "out of memory");
        goto out;
    }
    lt_span algid = crl_ca_algid(&ca);
    int64_t next = now + (int64_t)days * 86400;
    lt_writer w = lt_writer_init(tbs_buf, tbs_cap);
    crl_write_tbs(&w, algid, &issuer, now, next, list, n);
    size_t sig_len = lt_privkey_sig_max(key);
    rc = w.err;
    if (rc == 0)
        rc = lt_privkey_sign(key, ca.sig_alg, tbs_buf, w.len, sig, &sig_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot make the CRL: %s", lt_err_str(rc));
        goto out;
    }
    size_t crl_cap = w.len + algid.len + sig_len + 32;
    crl_buf = lt_malloc(crl_cap);
    if (crl_buf == NULL) {
        rc = LT_ERR_NOMEM;
        lt_report_set(msg, msg_cap, "out of memory");
        goto out;
    }
    lt_writer out_w = lt_writer_init(crl_buf, crl_cap);
    lt_derw_block list_block;
    lt_derw_open_sequence(&out_w, &list_block);
    lt_derw_raw(&out_w, tbs_buf, w.len);
    lt_derw_raw(&out_w, algid.p, algid.len);
    lt_derw_bit_string(&out_w, sig, sig_len);
    lt_derw_close(&out_w, &list_block);
    size_t pem_cap = lt_pem_write_size("X509 CRL", out_w.len);
    pem = lt_malloc(pem_cap);
    rc = out_w.err ? out_w.err : pem == NULL ? LT_ERR_NOMEM : 0;
    if (rc == 0)
        rc = lt_pem_write("X509 CRL", crl_buf, out_w.len, pem, pem_cap, &pem_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot make the CRL: %s", lt_err_str(rc));
        goto out;
    }
    if (out_path != NULL)
        snprintf(path, sizeof path, "%s", out_path);
    else
        snprintf(path, sizeof path, "%s/%s", ca_dir, LT_DEVCA_CRL_FILE);
    rc = lt_files_write(path, pem, pem_len, 0644, 0);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    lt_time_format(now, from, sizeof from);
    lt_time_format(next, to, sizeof to);
    lt_report_set(msg, msg_cap, "Wrote the CRL %s: %zu revoked certificate%s, valid %s to %s (number %lld).\n",
            path, n, n == 1 ? "" : "s", from, to, (long long)now);
out:
    lt_free(pem);
    lt_free(crl_buf);
    lt_free(sig);
    lt_free(tbs_buf);
    lt_free(list);
    lt_free(ca_der);
    lt_free(subject);
    lt_privkey_free(key);
    return (latch_status)rc;
}
