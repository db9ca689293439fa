/* Writing OCSP responses (see ocsp.h): RFC 6960 §4.2.1 with EXPLICIT tags, §4.1.1 CertID. */
#include "devca/ocsp.h"

#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "devca/issue.h"
#include "x509/derw.h"
#include "x509/oid.h"

static const uint8_t LT_OID_OCSP_BASIC_W[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01 };

static int ocsp_write_cert_id(lt_writer *w, const lt_ocsp_write_single *s)
{
    uint8_t name_hash[LT_MAX_HASH], key_hash[LT_MAX_HASH];
    size_t n = lt_hash_len(s->hash);
    lt_derw_block id, alg;
    LT_TRY(lt_hash(s->hash, s->issuer_name.p, s->issuer_name.len, name_hash));
    LT_TRY(lt_hash(s->hash, s->issuer_key.p, s->issuer_key.len, key_hash));
    lt_derw_open_sequence(w, &id);
    lt_derw_open_sequence(w, &alg);
    if (s->hash == LT_HASH_SHA1)
        lt_derw_oid(w, LT_OID_SHA1, sizeof LT_OID_SHA1);
    else
        lt_derw_oid(w, LT_OID_SHA256, sizeof LT_OID_SHA256);
    lt_derw_null(w);
    lt_derw_close(w, &alg);
    lt_derw_octet_string(w, name_hash, n);
    lt_derw_octet_string(w, key_hash, n);
    lt_derw_tlv(w, LT_DER_INTEGER, s->serial.p, s->serial.len);
    lt_derw_close(w, &id);
    return 0;
}

/* GeneralizedTime always (RFC 6960 uses it for every time), YYYYMMDDHHMMSSZ. */
static void ocsp_write_time(lt_writer *w, int64_t t)
{
    lt_derw_civil c = lt_derw_civil_from_unix(t);
    char text[16];
    if (c.year < 0 || c.year > 9999) {
        w->err = LT_ERR_INVALID_ARG;
        return;
    }
    for (int i = 3, y = (int)c.year; i >= 0; i--, y /= 10)
        text[i] = (char)('0' + y % 10);
    unsigned parts[5] = { c.month, c.day, c.hour, c.minute, c.second };
    for (int i = 0; i < 5; i++) {
        text[4 + 2 * i] = (char)('0' + parts[i] / 10);
        text[5 + 2 * i] = (char)('0' + parts[i] % 10);
    }
    text[14] = 'Z';
    lt_derw_tlv(w, LT_DER_GENERALIZED_TIME, text, 15);
}

/* Extensions [1] EXPLICIT { { 1.3.6.1.4.1.99999.1, TRUE, OCTET STRING {} } }: an extension
 * no one knows, marked critical (tests). */
static void ocsp_write_critical_extension(lt_writer *w)
{
    static const uint8_t unknown_oid[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x01 };
    lt_derw_block tag, list, ext;
    lt_derw_open_explicit(w, 1, &tag);
    lt_derw_open_sequence(w, &list);
    lt_derw_open_sequence(w, &ext);
    lt_derw_oid(w, unknown_oid, sizeof unknown_oid);
    lt_derw_boolean(w, 1);
    lt_derw_octet_string(w, "", 0);
    lt_derw_close(w, &ext);
    lt_derw_close(w, &list);
    lt_derw_close(w, &tag);
}

static int ocsp_write_single(lt_writer *w, const lt_ocsp_write_single *s, int critical_extension)
{
    lt_derw_block one, info, tag;
    lt_derw_open_sequence(w, &one);
    LT_TRY(ocsp_write_cert_id(w, s));
    if (s->status == LT_OCSP_GOOD) {
        lt_derw_context_primitive(w, 0, "", 0);
    } else if (s->status == LT_OCSP_REVOKED) {
        lt_derw_open_context(w, 1, &info);
        ocsp_write_time(w, s->revocation_time);
        if (s->revocation_reason >= 0) {
            uint8_t reason = (uint8_t)s->revocation_reason;
            lt_derw_open_explicit(w, 0, &tag);
            lt_derw_tlv(w, 0x0a, &reason, 1); /* ENUMERATED */
            lt_derw_close(w, &tag);
        }
        lt_derw_close(w, &info);
    } else {
        lt_derw_context_primitive(w, 2, "", 0);
    }
    ocsp_write_time(w, s->this_update);
    if (s->next_update != 0) {
        lt_derw_open_explicit(w, 0, &tag);
        ocsp_write_time(w, s->next_update);
        lt_derw_close(w, &tag);
    }
    if (critical_extension)
        ocsp_write_critical_extension(w);
    lt_derw_close(w, &one);
    return 0;
}

int lt_ocsp_write(const lt_ocsp_write_params *p, uint8_t **der, size_t *der_len)
{
    uint8_t *tbs_buf = NULL, *out_buf = NULL, *signature = NULL;
    uint8_t key_hash[20];
    size_t sig_len = 0;
    int rc;

    lt_sig_alg sig_alg = lt_issue_sig_alg(lt_privkey_type(p->key));
    if (sig_alg == LT_SIG_NONE)
        return LT_ERR_UNSUPPORTED;
    size_t tbs_cap = 1024 + p->responder_name.len + p->n_singles * (400 + 2 * LT_MAX_HASH);
    size_t certs_len = 0;
    for (size_t i = 0; i < p->n_certs; i++)
        certs_len += p->certs[i].len;
    tbs_buf = lt_malloc(tbs_cap);
    if (tbs_buf == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    lt_writer w = lt_writer_init(tbs_buf, tbs_cap);
    lt_derw_block data, responder, responses;
    lt_derw_open_sequence(&w, &data);
    if (p->by_key) {
        rc = lt_hash(LT_HASH_SHA1, p->responder_key.p, p->responder_key.len, key_hash);
        if (rc < 0)
            goto out;
        lt_derw_open_explicit(&w, 2, &responder);
        lt_derw_octet_string(&w, key_hash, sizeof key_hash);
    } else {
        lt_derw_open_explicit(&w, 1, &responder);
        lt_derw_raw(&w, p->responder_name.p, p->responder_name.len);
    }
    lt_derw_close(&w, &responder);
    ocsp_write_time(&w, p->produced_at);
    lt_derw_open_sequence(&w, &responses);
    for (size_t i = 0; i < p->n_singles; i++) {
        rc = ocsp_write_single(&w, &p->singles[i], p->critical_extension == 2);
        if (rc < 0)
            goto out;
    }
    lt_derw_close(&w, &responses);
    if (p->critical_extension == 1)
        ocsp_write_critical_extension(&w);
    lt_derw_close(&w, &data);
    if (w.err) {
        rc = w.err;
        goto out;
    }

    sig_len = lt_privkey_sig_max(p->key);
    signature = lt_malloc(sig_len);
    if (signature == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    rc = lt_privkey_sign(p->key, sig_alg, tbs_buf, w.len, signature, &sig_len);
    if (rc < 0)
        goto out;

    size_t out_cap = w.len + sig_len + certs_len + 128;
    out_buf = lt_malloc(out_cap);
    if (out_buf == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    lt_writer o = lt_writer_init(out_buf, out_cap);
    lt_derw_block top, status_tag, bytes, basic_octets, basic, certs_tag, certs;
    uint8_t successful = 0;
    lt_derw_open_sequence(&o, &top);
    lt_derw_tlv(&o, 0x0a, &successful, 1); /* responseStatus ENUMERATED successful (0) */
    lt_derw_open_explicit(&o, 0, &status_tag);
    lt_derw_open_sequence(&o, &bytes);
    lt_derw_oid(&o, LT_OID_OCSP_BASIC_W, sizeof LT_OID_OCSP_BASIC_W);
    lt_derw_open(&o, LT_DER_OCTET_STRING, &basic_octets);
    lt_derw_open_sequence(&o, &basic);
    lt_derw_raw(&o, tbs_buf, w.len);
    lt_issue_write_sig_alg(&o, sig_alg);
    lt_derw_bit_string(&o, signature, sig_len);
    if (p->n_certs > 0) {
        lt_derw_open_explicit(&o, 0, &certs_tag);
        lt_derw_open_sequence(&o, &certs);
        for (size_t i = 0; i < p->n_certs; i++)
            lt_derw_raw(&o, p->certs[i].p, p->certs[i].len);
        lt_derw_close(&o, &certs);
        lt_derw_close(&o, &certs_tag);
    }
    lt_derw_close(&o, &basic);
    lt_derw_close(&o, &basic_octets);
    lt_derw_close(&o, &bytes);
    lt_derw_close(&o, &status_tag);
    lt_derw_close(&o, &top);
    if (o.err) {
        rc = o.err;
        goto out;
    }
    *der = out_buf;
    *der_len = o.len;
    out_buf = NULL;
    rc = 0;
out:
    lt_free(out_buf);
    lt_free(signature);
    lt_free(tbs_buf);
    return rc;
}
