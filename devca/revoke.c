/* `latch certs revoke` (see revoke.h): which certificate is meant, whether this CA issued it,
 * and one more line in DIR/revoked. */
#include "devca/revoke.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"
#include "crypto/pkey.h"
#include "devca/ca.h"
#include "devca/files.h"
#include "devca/revoked.h"
#include "devca/report.h"
#include "x509/cert.h"
#include "x509/crl.h"
#include "x509/pem.h"
#include "x509/time.h"

#define REVOKE_PATH_MAX 4096

int lt_devca_reason_code(const char *name)
{
    for (int code = 0; code <= LT_CRL_REASON_AA_COMPROMISE; code++) {
        const char *known = lt_crl_reason_name(code);
        if (known != NULL && code != LT_CRL_REASON_REMOVE_FROM_CRL && strcmp(known, name) == 0)
            return code;
    }
    return -1;
}

/* The serial of the certificate in path, after checking that the CA (its subject and key) issued
 * it. 1 done, 0 path is not a file, or an error with msg. */
static int revoke_serial_of_file(const char *path, const uint8_t *ca_der,
                                 size_t ca_der_len, uint8_t serial[LT_DEVCA_SERIAL_MAX], size_t *serial_len,
                                 char *msg, size_t cap)
{
    uint8_t *pem = NULL, *der = NULL;
    size_t pem_len = 0, der_len = 0, pos = 0;
    lt_cert cert, ca_cert;
    lt_pubkey *ca_key = NULL;
    char why[128];
    int rc = lt_file_check(path, 0);
    if (rc < 0)
        return 0;
    rc = lt_file_read(path, &pem, &pem_len);
    if (rc < 0) {
        lt_report_set(msg, cap, "cannot read %s: %s", path, lt_file_why(rc, why, sizeof why));
        goto out;
    }
    rc = lt_pem_next((const char *)pem, pem_len, &pos, "CERTIFICATE", &der, &der_len);
    if (rc != 1 || lt_cert_parse(der, der_len, &cert, NULL) < 0) {
        lt_report_set(msg, cap, "%s holds no certificate latch can read", path);
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    rc = lt_cert_parse(ca_der, ca_der_len, &ca_cert, NULL);
    if (rc == 0)
        rc = lt_pubkey_from_spki(ca_cert.spki.p, ca_cert.spki.len, &ca_key);
    if (rc < 0) {
        lt_report_set(msg, cap, "cannot read the CA's own key: %s", lt_err_str(rc));
        goto out;
    }
    if (!lt_span_eq(cert.issuer, ca_cert.subject) ||
        lt_pubkey_verify(ca_key, cert.sig_alg, cert.tbs.p, cert.tbs.len, cert.signature.p,
                         cert.signature.len) < 0) {
        lt_report_set(msg, cap, "%s was not issued by this CA", path);
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    /* the serial's magnitude: the INTEGER without its 00 sign byte */
    lt_span s = cert.serial;
    while (s.len > 1 && s.p[0] == 0) {
        s.p++;
        s.len--;
    }
    if (s.len > LT_DEVCA_SERIAL_MAX || (s.p[0] & 0x80) || (s.len == 1 && s.p[0] == 0)) {
        lt_report_set(msg, cap, "%s has a serial number that is not 1 to 20 bytes and positive", path);
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    memcpy(serial, s.p, s.len);
    *serial_len = s.len;
    rc = 1;
out:
    lt_pubkey_free(ca_key);
    lt_free(der);
    lt_free(pem);
    return rc;
}

latch_status lt_devca_revoke(const char *dir, const char *what, int reason, int64_t now, char *msg,
                             size_t msg_cap)
{
    char ca_dir[REVOKE_PATH_MAX], list_path[REVOKE_PATH_MAX + 16], with_pem[REVOKE_PATH_MAX];
    char hex[2 * LT_DEVCA_SERIAL_MAX + 1], when[40], why[128];
    uint8_t serial[LT_DEVCA_SERIAL_MAX], *subject = NULL, *ca_der = NULL, *old = NULL, *text = NULL;
    size_t serial_len = 0, ca_der_len = 0, n = 0, old_len = 0;
    lt_devca_revoked *list = NULL;
    lt_privkey *key = NULL;
    lt_issue_issuer issuer = { 0 };
    int rc;

    if (msg != NULL && msg_cap > 0)
        msg[0] = '\0';
    if (what == NULL || what[0] == '\0' || lt_crl_reason_name(reason) == NULL ||
        reason == LT_CRL_REASON_REMOVE_FROM_CRL) {
        lt_report_set(msg, msg_cap, "give a certificate file or a serial number, and a valid reason");
        return LATCH_ERR_INVALID_ARG;
    }
    rc = lt_devca_ca_open(dir, ca_dir, sizeof ca_dir, &key, &subject, &ca_der, &ca_der_len, &issuer, msg,
                          msg_cap);
    if (rc < 0)
        goto out;
    rc = revoke_serial_of_file(what, ca_der, ca_der_len, serial, &serial_len, msg, msg_cap);
    if (rc == 0 && snprintf(with_pem, sizeof with_pem, "%s.pem", what) < (int)sizeof with_pem)
        rc = revoke_serial_of_file(with_pem, ca_der, ca_der_len, serial, &serial_len, msg, msg_cap);
    if (rc == 0 && lt_devca_serial_from_hex(what, serial, &serial_len) < 0) {
        lt_report_set(msg, msg_cap, "'%s' is neither a certificate file nor a serial number in hex (1 to 20 "
                                 "bytes, not zero)", what);
        rc = LT_ERR_INVALID_ARG;
    }
    if (rc < 0)
        goto out;
    rc = lt_devca_revoked_load_report(ca_dir, &list, &n, msg, msg_cap);
    if (rc < 0)
        goto out;
    lt_devca_serial_to_hex(serial, serial_len, hex);
    for (size_t i = 0; i < n; i++) {
        if (list[i].serial_len == serial_len && memcmp(list[i].serial, serial, serial_len) == 0) {
            lt_time_format(list[i].when, when, sizeof when);
            lt_report_set(msg, msg_cap, "serial %s is already revoked (since %s)", hex, when);
            rc = LT_ERR_INVALID_ARG;
            goto out;
        }
    }
    /* the list is rewritten whole with the new line: files.c writes a file with its mode */
    snprintf(list_path, sizeof list_path, "%s/%s", ca_dir, LT_DEVCA_REVOKED_FILE);
    if (n > 0 && (rc = lt_file_read(list_path, &old, &old_len)) < 0) {
        lt_report_set(msg, msg_cap, "cannot read %s: %s", list_path, lt_file_why(rc, why, sizeof why));
        goto out;
    }
    if (now == 0)
        now = (int64_t)time(NULL);
    text = lt_malloc(old_len + 128);
    if (text == NULL) {
        rc = LT_ERR_NOMEM;
        lt_report_set(msg, msg_cap, "out of memory");
        goto out;
    }
    if (old_len > 0)
        memcpy(text, old, old_len);
    int line = snprintf((char *)text + old_len, 128, "%s %lld %d\n", hex, (long long)now, reason);
    rc = lt_files_write(list_path, text, old_len + (size_t)line, 0644, 0);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot write %s: %s", list_path, strerror(errno));
        goto out;
    }
    lt_time_format(now, when, sizeof when);
    lt_report_set(msg, msg_cap, "Revoked serial %s on %s (reason: %s), in %s.\n"
                             "Run 'latch certs crl' to publish a CRL that lists it.\n",
               hex, when, lt_crl_reason_name(reason), list_path);
out:
    lt_free(text);
    lt_free(old);
    lt_free(list);
    lt_free(ca_der);
    lt_free(subject);
    lt_privkey_free(key);
    return (latch_status)rc;
}
