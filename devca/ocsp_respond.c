/* `latch certs ocsp` (see ocsp_respond.h): the development CA's OCSP answer for one of its leaves, from
 * its revoked list (devca/revoked.h), signed by the CA (RFC 6960 §4.2.2.2: the issuer itself). */
#include "devca/ocsp_respond.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"
#include "devca/ca.h"
#include "devca/files.h"
#include "devca/ocsp.h"
#include "devca/revoked.h"
#include "devca/report.h"
#include "x509/cert.h"
#include "x509/pem.h"
#include "x509/time.h"

#define OCSP_PATH_MAX 4096

/* Reads the leaf (the first certificate of a PEM file) into *der and checks that the CA issued
 * it: its issuer is the CA's subject and the CA's key made its signature. */
static int ocsp_read_leaf(const char *path, const lt_cert *ca, uint8_t **der, size_t *der_len, lt_cert *leaf,
                          char *msg, size_t cap)
{
    uint8_t *pem = NULL;
    size_t pem_len = 0, pos = 0;
    lt_pubkey *ca_key = NULL;
    char why[128];
    int rc = lt_file_read(path, &pem, &pem_len);
    if (rc < 0) {
        lt_report_set(msg, cap, "cannot read %s: %s", path, lt_file_why(rc, why, sizeof why));
        return rc;
    }
    rc = lt_pem_next((const char *)pem, pem_len, &pos, "CERTIFICATE", der, der_len);
    lt_free(pem);
    if (rc != 1 || lt_cert_parse(*der, *der_len, leaf, NULL) < 0) {
        lt_report_set(msg, cap, "%s holds no certificate latch can read", path);
        return LT_ERR_INVALID_ARG;
    }
    rc = lt_pubkey_from_spki(ca->spki.p, ca->spki.len, &ca_key);
    if (rc == 0 && (!lt_span_eq(leaf->issuer, ca->subject) ||
                    lt_pubkey_verify(ca_key, leaf->sig_alg, leaf->tbs.p, leaf->tbs.len, leaf->signature.p,
                                     leaf->signature.len) < 0)) {
        lt_report_set(msg, cap, "%s was not issued by this CA", path);
        rc = LT_ERR_INVALID_ARG;
    } else if (rc < 0) {
        lt_report_set(msg, cap, "cannot read the CA's own key: %s", lt_err_str(rc));
    }
    lt_pubkey_free(ca_key);
    return rc;
}

/* The entry of the revoked list for serial (INTEGER contents), or NULL. */
static const lt_devca_revoked *ocsp_find_revoked(const lt_devca_revoked *list, size_t n, lt_span serial)
{
    while (serial.len > 1 && serial.p[0] == 0) { /* the list holds magnitudes */
        serial.p++;
        serial.len--;
    }
    for (size_t i = 0; i < n; i++)
        if (list[i].serial_len == serial.len && memcmp(list[i].serial, serial.p, serial.len) == 0)
            return &list[i];
    return NULL;
}

latch_status lt_devca_ocsp(const char *dir, const char *leaf_path, const char *out_path, unsigned days, int64_t now,
                           char *msg, size_t msg_cap)
{
    char ca_dir[OCSP_PATH_MAX], path[OCSP_PATH_MAX + 16], from[40], to[40], when[40], name[128];
    uint8_t *subject = NULL, *ca_der = NULL, *leaf_der = NULL, *response = NULL;
    size_t ca_der_len = 0, leaf_der_len = 0, response_len = 0, n = 0;
    lt_devca_revoked *list = NULL;
    lt_privkey *key = NULL;
    lt_issue_issuer issuer = { 0 };
    lt_cert ca, leaf;
    int rc;

    if (msg != NULL && msg_cap > 0)
        msg[0] = '\0';
    if (days == 0)
        days = LT_DEVCA_OCSP_DEFAULT_DAYS;
    if (days > LT_DEVCA_OCSP_MAX_DAYS) {
        lt_report_set(msg, msg_cap, "an OCSP response for %u days is too long (at most %d)", days, LT_DEVCA_OCSP_MAX_DAYS);
        return LATCH_ERR_INVALID_ARG;
    }
    if (now == 0)
        now = (int64_t)time(NULL);
    rc = lt_devca_ca_open(dir, ca_dir, sizeof ca_dir, &key, &subject, &ca_der, &ca_der_len, &issuer, msg,
                          msg_cap);
    if (rc < 0)
        goto out;
    rc = lt_cert_parse(ca_der, ca_der_len, &ca, NULL);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "the CA certificate does not parse");
        goto out;
    }
    rc = ocsp_read_leaf(leaf_path, &ca, &leaf_der, &leaf_der_len, &leaf, msg, msg_cap);
    if (rc < 0)
        goto out;
    rc = lt_devca_revoked_load(ca_dir, &list, &n);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "%s/%s is not a revoked list latch can read: %s", ca_dir, LT_DEVCA_REVOKED_FILE,
                 rc == LT_ERR_IO ? strerror(errno) : lt_err_str(rc));
        goto out;
    }
    const lt_devca_revoked *revoked = ocsp_find_revoked(list, n, leaf.serial);
    int64_t next = now + (int64_t)days * 86400;
    /* reasonCode unspecified is left out, as in a CRL entry (RFC 5280 §5.3.1) */
    lt_ocsp_write_single single = { LT_HASH_SHA1, ca.subject, ca.public_key, leaf.serial,
                                    revoked ? LT_OCSP_REVOKED : LT_OCSP_GOOD, revoked ? revoked->when : 0,
                                    revoked && revoked->reason != 0 ? revoked->reason : -1, now, next };
    lt_ocsp_write_params params = { key, 0, ca.subject, ca.public_key, now, &single, 1, NULL, 0, 0 };
    rc = lt_ocsp_write(&params, &response, &response_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot make the OCSP response: %s", lt_err_str(rc));
        goto out;
    }
    if (out_path != NULL) {
        snprintf(path, sizeof path, "%s", out_path);
    } else {
        /* next to the leaf: LEAF.pem -> LEAF.ocsp.der */
        size_t len = strlen(leaf_path);
        if (len > 4 && strcmp(leaf_path + len - 4, ".pem") == 0)
            len -= 4;
        if (len >= OCSP_PATH_MAX) {
            lt_report_set(msg, msg_cap, "the path %s is too long", leaf_path);
            rc = LT_ERR_INVALID_ARG;
            goto out;
        }
        snprintf(path, sizeof path, "%.*s.ocsp.der", (int)len, leaf_path);
    }
    rc = lt_files_write(path, response, response_len, 0644, 0);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    lt_cert_display_name(&leaf, name, sizeof name);
    lt_time_format(now, from, sizeof from);
    lt_time_format(next, to, sizeof to);
    if (revoked != NULL) {
        lt_time_format(revoked->when, when, sizeof when);
        lt_report_set(msg, msg_cap, "Wrote the OCSP response %s for '%s': revoked on %s (%s), valid %s to %s.\n", path,
                 name, when, lt_ocsp_reason_name(revoked->reason), from, to);
    } else {
        lt_report_set(msg, msg_cap, "Wrote the OCSP response %s for '%s': good, valid %s to %s.\n", path, name, from, to);
    }
out:
    lt_free(response);
    lt_free(list);
    lt_free(leaf_der);
    lt_free(ca_der);
    lt_free(subject);
    lt_privkey_free(key);
    return (latch_status)rc;
}
