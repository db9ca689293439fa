/* The development CA of `latch certs` (see devca.h): where the CA lives, making it, and issuing
 * leaves from it. The certificate contents are issue.c's, the files files.c's; this file chooses
 * keys, names and validity and reports to people. */
#include "devca/devca.h"
#include "devca/ca.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/pkey.h"
#include "devca/files.h"
#include "devca/issue.h"
#include "devca/p12.h"
#include "devca/pem_write.h"
#include "devca/report.h"
#include "x509/cert.h"
#include "x509/derw.h"
#include "x509/pem.h"

#define DEVCA_CA_DAYS 3650
#define DEVCA_SKEW_SECONDS 3600 /* notBefore an hour back: clocks of test machines drift */
#define DEVCA_CA_RSA_BITS 3072
#define DEVCA_LEAF_RSA_BITS 2048
#define DEVCA_PATH_MAX 4096
#define DEVCA_NAME_DER_MAX 1024
#define DEVCA_CA_CERT_FILE "ca.pem"
#define DEVCA_CA_KEY_FILE "ca-key.pem"

static const char ca_organization[] = "latch development CA";
static const char leaf_organization[] = "latch development certificate";

static int devca_join(char *out, size_t cap, const char *dir, const char *file)
{
    int n = snprintf(out, cap, "%s/%s", dir, file);
    return (n < 0 || (size_t)n >= cap) ? LT_ERR_BUFFER : 0;
}

/* "2026-11-22 00:00:00 UTC" */
static void devca_format_time(int64_t unix_seconds, char out[32])
{
    lt_derw_civil civil = lt_derw_civil_from_unix(unix_seconds);
    snprintf(out, 32, "%04lld-%02u-%02u %02u:%02u:%02u UTC", (long long)civil.year, civil.month,
             civil.day, civil.hour, civil.minute, civil.second);
}

/* "user@host" for the OU, so certificates from different machines can be told apart. */
static void devca_user_at_host(char out[128])
{
    const char *user = getenv("USER");
    if (user == NULL || user[0] == '\0') {
        struct passwd *entry = getpwuid(getuid());
        user = entry != NULL ? entry->pw_name : "user";
    }
    char host[64];
    if (gethostname(host, sizeof host) != 0)
        strcpy(host, "localhost");
    host[sizeof host - 1] = '\0';
    snprintf(out, 128, "%s@%s", user, host);
}

static int64_t devca_now(const lt_devca_options *opt)
{
    return (opt != NULL && opt->now != 0) ? opt->now : (int64_t)time(NULL);
}

static const char *devca_key_description(const lt_privkey *key, char out[32])
{
    if (lt_privkey_type(key) == LT_KEY_RSA)
        snprintf(out, 32, "RSA %u", lt_privkey_bits(key));
    else
        snprintf(out, 32, "%s", lt_key_type_name(lt_privkey_type(key)));
    return out;
}

/* Writes the certificate as PEM (0644) and the key as PKCS#8 PEM (0600); the key's PEM text is
 * wiped. exclusive refuses to replace existing files. */
static int devca_write_pair(const char *cert_path, const char *key_path, const uint8_t *der,
                            size_t der_len, const lt_privkey *key, int exclusive)
{
    char *key_pem = NULL, *cert_pem = NULL;
    size_t key_pem_len = 0, cert_pem_len = 0;
    int rc = lt_privkey_to_pem(key, &key_pem, &key_pem_len);
    if (rc < 0)
        goto out;
    size_t cert_pem_cap = lt_pem_write_size("CERTIFICATE", der_len);
    cert_pem = lt_malloc(cert_pem_cap);
    if (cert_pem == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    rc = lt_pem_write("CERTIFICATE", der, der_len, cert_pem, cert_pem_cap, &cert_pem_len);
    if (rc < 0)
        goto out;
    rc = lt_files_write(key_path, key_pem, key_pem_len, 0600, exclusive);
    if (rc < 0)
        goto out;
    rc = lt_files_write(cert_path, cert_pem, cert_pem_len, 0644, exclusive);
    if (rc < 0) {
        int saved_errno = errno;
        unlink(key_path);
        errno = saved_errno;
    }
out:
    if (key_pem != NULL) {
        lt_wipe(key_pem, key_pem_len);
        lt_free(key_pem);
    }
    lt_free(cert_pem);
    return rc;
}

latch_status lt_devca_default_dir(char *out, size_t cap)
{
    const char *env = getenv("LATCH_CA_DIR");
    int n;
    if (env != NULL && env[0] != '\0') {
        n = snprintf(out, cap, "%s", env);
    } else if ((env = getenv("XDG_DATA_HOME")) != NULL && env[0] == '/') {
        /* the XDG spec says a relative value is invalid and must be ignored */
        n = snprintf(out, cap, "%s/latch", env);
    } else if ((env = getenv("HOME")) != NULL && env[0] != '\0') {
        n = snprintf(out, cap, "%s/.local/share/latch", env);
    } else {
        return LATCH_ERR_INVALID_ARG;
    }
    return (n < 0 || (size_t)n >= cap) ? LATCH_ERR_BUFFER : LATCH_OK;
}

static int devca_resolve_dir(const char *dir, char out[DEVCA_PATH_MAX], char *msg,
                             size_t msg_cap)
{
    if (dir != NULL) {
        if (dir[0] == '\0' || strlen(dir) >= DEVCA_PATH_MAX - 32) {
            lt_report_set(msg, msg_cap, "the CA directory name is empty or too long");
            return LT_ERR_INVALID_ARG;
        }
        strcpy(out, dir);
        return 0;
    }
    int rc = (int)lt_devca_default_dir(out, DEVCA_PATH_MAX - 32);
    if (rc < 0)
        lt_report_set(msg, msg_cap, "no CA directory was given and none of LATCH_CA_DIR, "
                                "XDG_DATA_HOME or HOME is set to find the default one");
    return rc;
}

latch_status lt_devca_make_ca(const char *dir, const lt_devca_options *opt, char *msg,
                              size_t msg_cap)
{
    char ca_dir[DEVCA_PATH_MAX], cert_path[DEVCA_PATH_MAX], key_path[DEVCA_PATH_MAX];
    lt_privkey *key = NULL;
    uint8_t *spki = NULL, *der = NULL;
    size_t spki_len = 0, der_len = 0;
    int rsa = opt != NULL && opt->rsa;

    int rc = devca_resolve_dir(dir, ca_dir, msg, msg_cap);
    if (rc < 0)
        return (latch_status)rc;
    devca_join(cert_path, sizeof cert_path, ca_dir, DEVCA_CA_CERT_FILE);
    devca_join(key_path, sizeof key_path, ca_dir, DEVCA_CA_KEY_FILE);

    int have_cert = lt_files_exists(cert_path), have_key = lt_files_exists(key_path);
    if (have_cert && have_key) {
        /* the existing CA's key decides; an --rsa that cannot apply is said to be ignored */
        lt_privkey *existing = NULL;
        int existing_rsa = lt_privkey_from_pem_file(key_path, &existing) == 0 &&
                           lt_privkey_type(existing) == LT_KEY_RSA;
        lt_privkey_free(existing);
        lt_report_set(msg, msg_cap,
                  "A development CA already exists in %s; nothing was changed.\n"
                  "  certificate: %s\n  key:         %s\n%s",
                  ca_dir, cert_path, key_path,
                  rsa && !existing_rsa ? "  (--rsa was ignored: this CA's key is not RSA; remove the directory to "
                                         "make an RSA CA)\n" : "");
        return LATCH_OK;
    }
    if (have_cert || have_key) {
        lt_report_set(msg, msg_cap, "%s holds %s but not %s; remove it or choose another directory",
                  ca_dir, have_cert ? DEVCA_CA_CERT_FILE : DEVCA_CA_KEY_FILE,
                  have_cert ? DEVCA_CA_KEY_FILE : DEVCA_CA_CERT_FILE);
        return LATCH_ERR_INVALID_ARG;
    }

    rc = lt_files_make_dirs(ca_dir);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot create the CA directory %s: %s", ca_dir, strerror(errno));
        goto out;
    }
    rc = lt_privkey_generate(rsa ? LT_KEY_RSA : LT_KEY_EC_P256, DEVCA_CA_RSA_BITS, &key);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot generate the CA key: %s", lt_err_str(rc));
        goto out;
    }

    char user_at_host[128];
    devca_user_at_host(user_at_host);
    lt_issue_issuer issuer = { key, lt_span_make(NULL, 0), { 0 } };
    rc = lt_privkey_spki(key, &spki, &spki_len);
    if (rc >= 0)
        rc = lt_issue_key_id(spki, spki_len, issuer.key_id);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot read the CA key: %s", lt_err_str(rc));
        goto out;
    }
    /* every CA its own name (its key's identifier begins it), as mkcert does: a certificate of
     * another latch CA is then "unknown issuer", never a signature that does not verify */
    char common_name[64];
    snprintf(common_name, sizeof common_name, "%s %02x%02x%02x%02x", ca_organization, issuer.key_id[0],
             issuer.key_id[1], issuer.key_id[2], issuer.key_id[3]);
    uint8_t name_der[DEVCA_NAME_DER_MAX];
    lt_writer name = lt_writer_init(name_der, sizeof name_der);
    lt_issue_write_name(&name, ca_organization, user_at_host, common_name);
    if (name.err) {
        rc = name.err;
        lt_report_set(msg, msg_cap, "cannot encode the CA name: %s", lt_err_str(rc));
        goto out;
    }
    issuer.subject = lt_span_make(name_der, name.len);
    int64_t now = devca_now(opt);
    lt_issue_params params = { 0 };
    params.is_ca = 1;
    params.subject_key = key;
    params.subject = issuer.subject;
    params.not_before = now - DEVCA_SKEW_SECONDS;
    params.not_after = now + (int64_t)DEVCA_CA_DAYS * 86400;
    if (rc >= 0)
        rc = lt_issue_certificate(&issuer, &params, &der, &der_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot issue the CA certificate: %s", lt_err_str(rc));
        goto out;
    }
    rc = devca_write_pair(cert_path, key_path, der, der_len, key, 1);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot write the CA files in %s: %s", ca_dir, strerror(errno));
        goto out;
    }

    char key_text[32], from[32], until[32];
    devca_format_time(params.not_before, from);
    devca_format_time(params.not_after, until);
    lt_report_set(msg, msg_cap,
              "Created a development CA in %s\n"
              "  subject:     O=%s, OU=%s, CN=%s\n"
              "  key:         %s (signs with %s)\n"
              "  valid:       %s to %s\n"
              "  certificate: %s\n"
              "  key:         %s (keep it private)\n"
              "Trust %s in the clients you test with; never trust it anywhere else.\n",
              ca_dir, ca_organization, user_at_host, common_name,
              devca_key_description(key, key_text),
              lt_sig_name(lt_issue_sig_alg(lt_privkey_type(key))), from, until, cert_path,
              key_path, cert_path);
out:
    lt_free(der);
    lt_free(spki);
    lt_privkey_free(key);
    return (latch_status)rc;
}

/* The CA of ca_dir: its key, its subject Name DER (copied into *subject_der) and key id, and
 * its certificate's DER (*cert_der, for a PKCS#12 bundle). The key must be the one ca.pem
 * certifies. */
static int devca_load_ca(const char *ca_dir, lt_privkey **key_out, uint8_t **subject_der,
                         uint8_t **cert_der, size_t *cert_der_len, lt_issue_issuer *issuer,
                         char *msg, size_t msg_cap)
{
    char cert_path[DEVCA_PATH_MAX], key_path[DEVCA_PATH_MAX];
    uint8_t *pem = NULL, *der = NULL, *key_spki = NULL, *subject_copy = NULL;
    size_t pem_len = 0, der_len = 0, key_spki_len = 0;
    lt_privkey *key = NULL;
    lt_cert ca_cert;

    devca_join(cert_path, sizeof cert_path, ca_dir, DEVCA_CA_CERT_FILE);
    devca_join(key_path, sizeof key_path, ca_dir, DEVCA_CA_KEY_FILE);
    if (!lt_files_exists(cert_path) || !lt_files_exists(key_path)) {
        lt_report_set(msg, msg_cap, "there is no development CA in %s (make one first with "
                                "'latch certs ca')", ca_dir);
        return LT_ERR_INVALID_ARG;
    }
    int rc = lt_file_read(cert_path, &pem, &pem_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot read %s: %s", cert_path,
                  rc == LT_ERR_IO ? strerror(errno) : lt_err_str(rc));
        goto out;
    }
    size_t pem_pos = 0;
    rc = lt_pem_next((const char *)pem, pem_len, &pem_pos, "CERTIFICATE", &der, &der_len);
    if (rc == 0)
        rc = LT_ERR_DECODE;
    if (rc > 0)
        rc = lt_cert_parse(der, der_len, &ca_cert, NULL);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "%s does not hold a certificate latch can use: %s", cert_path,
                  lt_err_str(rc));
        goto out;
    }
    rc = lt_privkey_from_pem_file(key_path, &key);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot load the CA key %s: %s", key_path,
                  rc == LT_ERR_IO ? strerror(errno) : lt_err_str(rc));
        goto out;
    }
    rc = lt_privkey_spki(key, &key_spki, &key_spki_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot read the CA key's public half: %s", lt_err_str(rc));
        goto out;
    }
    if (key_spki_len != ca_cert.spki.len || memcmp(key_spki, ca_cert.spki.p, key_spki_len) != 0) {
        lt_report_set(msg, msg_cap, "%s is not the key of %s", key_path, cert_path);
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    if (lt_issue_sig_alg(lt_privkey_type(key)) == LT_SIG_NONE) {
        lt_report_set(msg, msg_cap, "the CA key %s is a %s key, which latch does not sign with",
                  key_path, lt_key_type_name(lt_privkey_type(key)));
        rc = LT_ERR_UNSUPPORTED;
        goto out;
    }
    rc = lt_issue_key_id(ca_cert.spki.p, ca_cert.spki.len, issuer->key_id);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot compute the CA key identifier: %s", lt_err_str(rc));
        goto out;
    }
    subject_copy = lt_malloc(ca_cert.subject.len);
    if (subject_copy == NULL) {
        rc = LT_ERR_NOMEM;
        lt_report_set(msg, msg_cap, "out of memory");
        goto out;
    }
    memcpy(subject_copy, ca_cert.subject.p, ca_cert.subject.len);
    issuer->key = key;
    issuer->subject = lt_span_make(subject_copy, ca_cert.subject.len);
    *key_out = key;
    *subject_der = subject_copy;
    *cert_der = der;
    *cert_der_len = der_len;
    key = NULL;
    der = NULL;
    rc = 0;
out:
    lt_privkey_free(key);
    lt_free(key_spki);
    lt_free(der);
    lt_free(pem);
    return rc;
}

/* "localhost+2", "_wildcard.example.test", "__1" for ::1 */
static int devca_default_prefix(const lt_issue_san *first, size_t n_names, char *out, size_t cap)
{
    lt_writer w = lt_writer_init(out, cap);
    for (const char *p = first->text; *p; p++) {
        if (*p == '*')
            lt_writer_bytes(&w, "_wildcard", 9);
        else if (*p == ':' || *p == '/')
            lt_writer_u8(&w, '_');
        else
            lt_writer_u8(&w, (uint8_t)*p);
    }
    if (n_names > 1) {
        char more[24];
        int n = snprintf(more, sizeof more, "+%zu", n_names - 1);
        lt_writer_bytes(&w, more, (size_t)n);
    }
    lt_writer_u8(&w, 0);
    return w.err;
}

/* The PKCS#12 password: $LATCH_P12_PASSWORD, else the default; *from_env says which, so the
 * report never prints a password the user chose. */
static const char *devca_p12_password(int *from_env)
{
    const char *env = getenv("LATCH_P12_PASSWORD");
    *from_env = env != NULL && env[0] != '\0';
    return *from_env ? env : LT_DEVCA_P12_PASSWORD;
}

latch_status lt_devca_issue(const char *ca_dir, const char *const *names, size_t n_names,
                            const lt_devca_options *opt, const char *out_prefix, char *msg,
                            size_t msg_cap)
{
    char dir[DEVCA_PATH_MAX], prefix[DEVCA_PATH_MAX];
    char cert_path[DEVCA_PATH_MAX + 8], key_path[DEVCA_PATH_MAX + 8], p12_path[DEVCA_PATH_MAX + 8];
    lt_issue_san *sans = NULL;
    lt_privkey *ca_key = NULL, *leaf_key = NULL;
    uint8_t *ca_subject = NULL, *ca_der = NULL, *der = NULL, *p12_der = NULL;
    size_t ca_der_len = 0, der_len = 0, p12_der_len = 0;
    int p12 = opt != NULL && opt->p12, p12_password_from_env = 0;
    lt_issue_issuer issuer = { 0 };
    int rc;

    if (msg != NULL && msg_cap > 0)
        msg[0] = '\0';
    if (names == NULL || n_names == 0) {
        lt_report_set(msg, msg_cap, "give at least one host name or IP address to issue for");
        return LATCH_ERR_INVALID_ARG;
    }
    if (n_names > LT_DEVCA_MAX_NAMES) {
        lt_report_set(msg, msg_cap, "%zu names are too many for one certificate (at most %d)",
                  n_names, LT_DEVCA_MAX_NAMES);
        return LATCH_ERR_INVALID_ARG;
    }
    unsigned days = (opt != NULL && opt->days != 0) ? opt->days : LT_DEVCA_DEFAULT_DAYS;
    if (days > LT_DEVCA_MAX_DAYS) {
        lt_report_set(msg, msg_cap, "%u days is longer than the %d days a certificate may last",
                  days, LT_DEVCA_MAX_DAYS);
        return LATCH_ERR_INVALID_ARG;
    }
    sans = lt_calloc(n_names, sizeof *sans);
    if (sans == NULL) {
        lt_report_set(msg, msg_cap, "out of memory");
        return LATCH_ERR_NOMEM;
    }
    for (size_t i = 0; i < n_names; i++) {
        rc = lt_issue_parse_name(names[i] != NULL ? names[i] : "", &sans[i], msg, msg_cap);
        if (rc < 0)
            goto out;
    }
    if (out_prefix != NULL) {
        int n = snprintf(prefix, sizeof prefix, "%s", out_prefix);
        rc = (out_prefix[0] == '\0' || n < 0 || (size_t)n >= sizeof prefix) ? LT_ERR_INVALID_ARG : 0;
    } else {
        rc = devca_default_prefix(&sans[0], n_names, prefix, sizeof prefix);
    }
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "the output file prefix is empty or too long");
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    snprintf(cert_path, sizeof cert_path, "%s.pem", prefix);
    snprintf(key_path, sizeof key_path, "%s-key.pem", prefix);
    snprintf(p12_path, sizeof p12_path, "%s.p12", prefix);

    rc = devca_resolve_dir(ca_dir, dir, msg, msg_cap);
    if (rc < 0)
        goto out;
    rc = devca_load_ca(dir, &ca_key, &ca_subject, &ca_der, &ca_der_len, &issuer, msg, msg_cap);
    if (rc < 0)
        goto out;

    int rsa = opt != NULL && opt->rsa;
    rc = lt_privkey_generate(rsa ? LT_KEY_RSA : LT_KEY_EC_P256, DEVCA_LEAF_RSA_BITS, &leaf_key);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot generate the certificate's key: %s", lt_err_str(rc));
        goto out;
    }
    char user_at_host[128];
    devca_user_at_host(user_at_host);
    uint8_t name_der[DEVCA_NAME_DER_MAX];
    lt_writer name = lt_writer_init(name_der, sizeof name_der);
    /* a CN longer than ub-common-name would be invalid: the SAN carries the name anyway */
    lt_issue_write_name(&name, leaf_organization, user_at_host,
                        strlen(sans[0].text) <= 64 ? sans[0].text : NULL);
    if (name.err) {
        rc = name.err;
        lt_report_set(msg, msg_cap, "cannot encode the subject name: %s", lt_err_str(rc));
        goto out;
    }

    int64_t now = devca_now(opt);
    lt_issue_params params = { 0 };
    params.client = opt != NULL && opt->client;
    params.subject_key = leaf_key;
    params.subject = lt_span_make(name_der, name.len);
    params.not_before = now - DEVCA_SKEW_SECONDS;
    params.not_after = now + (int64_t)days * 86400;
    params.sans = sans;
    params.san_count = n_names;
    rc = lt_issue_certificate(&issuer, &params, &der, &der_len);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot issue the certificate: %s", lt_err_str(rc));
        goto out;
    }
    if (p12) {
        /* built before any file is written: a password it cannot use leaves nothing behind */
        lt_p12_input bundle = { lt_span_make(der, der_len), lt_span_make(ca_der, ca_der_len),
                                leaf_key, sans[0].text,
                                devca_p12_password(&p12_password_from_env) };
        rc = lt_p12_build(&bundle, &p12_der, &p12_der_len);
        if (rc < 0) {
            if (rc == LT_ERR_INVALID_ARG)
                lt_report_set(msg, msg_cap, "cannot make the PKCS#12 bundle: LATCH_P12_PASSWORD must "
                          "be UTF-8 text of at most %d bytes, with no character past U+FFFF",
                          LT_P12_MAX_PASSWORD);
            else
                lt_report_set(msg, msg_cap, "cannot make the PKCS#12 bundle: %s", lt_err_str(rc));
            goto out;
        }
    }
    rc = devca_write_pair(cert_path, key_path, der, der_len, leaf_key, 0);
    if (rc < 0) {
        lt_report_set(msg, msg_cap, "cannot write %s and %s: %s", cert_path, key_path,
                  strerror(errno));
        goto out;
    }
    if (p12) {
        rc = lt_files_write(p12_path, p12_der, p12_der_len, 0600, 0);
        if (rc < 0) {
            /* all three files or none: a half-issued set would pair with nothing */
            int saved_errno = errno;
            unlink(cert_path);
            unlink(key_path);
            lt_report_set(msg, msg_cap, "cannot write %s: %s", p12_path, strerror(saved_errno));
            goto out;
        }
    }

    char key_text[32], from[32], until[32];
    devca_format_time(params.not_before, from);
    devca_format_time(params.not_after, until);
    lt_report_set(msg, msg_cap, "Issued a certificate for:\n");
    for (size_t i = 0; i < n_names; i++)
        lt_report_add(msg, msg_cap, "  %s %s\n", sans[i].type == LT_ISSUE_SAN_IP ? "IP: " : "DNS:",
                  sans[i].text);
    lt_report_add(msg, msg_cap,
              "  purpose:     %s\n"
              "  key:         %s, signed by the CA in %s with %s\n"
              "  valid:       %s to %s (%u days)\n"
              "  certificate: %s\n"
              "  key:         %s (keep it private)\n",
              params.client ? "TLS server and client authentication" : "TLS server authentication",
              devca_key_description(leaf_key, key_text), dir,
              lt_sig_name(lt_issue_sig_alg(lt_privkey_type(ca_key))), from, until, days,
              cert_path, key_path);
    if (p12)
        lt_report_add(msg, msg_cap,
                  "  PKCS#12:     %s (key, certificate and CA; alias \"%s\"; password %s)\n",
                  p12_path, sans[0].text,
                  p12_password_from_env ? "as set in LATCH_P12_PASSWORD"
                                        : "\"" LT_DEVCA_P12_PASSWORD "\"");
out:
    lt_free(p12_der);
    lt_free(ca_der);
    lt_free(der);
    lt_free(ca_subject);
    lt_free(sans);
    lt_privkey_free(leaf_key);
    lt_privkey_free(ca_key);
    return (latch_status)rc;
}

/* For revoke.c and crl_write.c (devca/ca.h): the same directory and CA as issuing uses. */
int lt_devca_ca_dir(const char *dir, char *out, size_t cap, char *msg, size_t msg_cap)
{
    char resolved[DEVCA_PATH_MAX];
    int rc = devca_resolve_dir(dir, resolved, msg, msg_cap);
    if (rc < 0)
        return rc;
    if (snprintf(out, cap, "%s", resolved) >= (int)cap) {
        lt_report_set(msg, msg_cap, "the CA directory name is too long");
        return LT_ERR_INVALID_ARG;
    }
    return 0;
}

int lt_devca_ca_load(const char *ca_dir, lt_privkey **key, uint8_t **subject_der, uint8_t **cert_der,
                     size_t *cert_der_len, lt_issue_issuer *issuer, char *msg, size_t msg_cap)
{
    return devca_load_ca(ca_dir, key, subject_der, cert_der, cert_der_len, issuer, msg, msg_cap);
}

int lt_devca_ca_open(const char *dir, char *ca_dir, size_t ca_dir_cap, lt_privkey **key, uint8_t **subject_der,
                     uint8_t **cert_der, size_t *cert_der_len, lt_issue_issuer *issuer, char *msg,
                     size_t msg_cap)
{
    int rc = lt_devca_ca_dir(dir, ca_dir, ca_dir_cap, msg, msg_cap);
    return rc < 0 ? rc : lt_devca_ca_load(ca_dir, key, subject_der, cert_der, cert_der_len, issuer, msg, msg_cap);
}
