/* The development CA behind `latch certs`, like mkcert: a local root CA, kept in a directory of
 * the user's, signs leaf certificates for host names and IP addresses, so a development server
 * can be trusted by adding one root (the CA's ca.pem) to a client. This is the tool's code, not
 * the library's: a static library that only the latch tool and the unit tests link, neither
 * exported nor installed. It is built on the library's internal modules (keys from crypto/, DER
 * and PEM from x509/); its callers need only this header and latch.h.
 *
 * The CA directory holds:
 *   ca.pem       the CA certificate (PEM),
 *   ca-key.pem   its private key (PKCS#8 PEM, mode 0600; the directory is made with mode 0700).
 * The CA is valid for 10 years and may sign leaves only (pathLenConstraint 0). A leaf is valid
 * from one hour before it is issued (clock skew) for opt->days days, and carries its names as
 * subjectAltNames. Never trust such a CA anywhere but on the machines you develop on.
 *
 * Messages: every function below takes msg/msg_cap (msg may be NULL). On success msg gets a
 * report for people, one or more lines (what was written, names, validity, key type); on failure
 * one sentence saying what went wrong. */
#ifndef LT_DEVCA_DEVCA_H
#define LT_DEVCA_DEVCA_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h" /* latch_status */

#define LT_DEVCA_DEFAULT_DAYS 825
#define LT_DEVCA_MAX_DAYS 3650
#define LT_DEVCA_MAX_NAMES 100

typedef struct {
    int rsa;          /* RSA keys (CA: RSA-3072, leaf: RSA-2048) instead of ECDSA P-256 */
    int client;       /* a leaf for client authentication too: extKeyUsage serverAuth+clientAuth */
    unsigned days;    /* leaf validity in days; 0 means LT_DEVCA_DEFAULT_DAYS; at most
                         LT_DEVCA_MAX_DAYS */
    int64_t now;      /* Unix seconds to issue at; 0 means the current time */
    int p12;          /* issue only: also write a PKCS#12 bundle (devca/p12.h), whose password
                         is $LATCH_P12_PASSWORD when set and not empty, else
                         LT_DEVCA_P12_PASSWORD (an environment variable, not an option: command
                         lines show in ps) */
} lt_devca_options;

/* The PKCS#12 password by default: mkcert's, and Java's keystore default. */
#define LT_DEVCA_P12_PASSWORD "changeit"

/* The default CA directory: $LATCH_CA_DIR, else $XDG_DATA_HOME/latch, else
 * $HOME/.local/share/latch. LATCH_ERR_INVALID_ARG when none of these variables is set,
 * LATCH_ERR_BUFFER when the path does not fit in cap bytes (with its NUL). */
latch_status lt_devca_default_dir(char *out, size_t cap);

/* Makes a CA in dir (NULL: the default directory), creating the directory if needed. The key
 * is ECDSA P-256, or RSA-3072 with opt->rsa (opt may be NULL); its type decides how leaves are
 * signed (ecdsa-with-SHA256, or sha256WithRSAEncryption). When dir already holds a CA nothing is
 * changed and LATCH_OK is returned with a message saying so; a directory holding only one of
 * the two files is LATCH_ERR_INVALID_ARG. Only opt->rsa and opt->now are used. */
latch_status lt_devca_make_ca(const char *dir, const lt_devca_options *opt, char *msg,
                              size_t msg_cap);

/* Issues a leaf for names[0..n_names) (1..LT_DEVCA_MAX_NAMES host names, "*.example.test"
 * wildcards, IPv4 or IPv6 literals), signed by the CA in ca_dir (NULL: the default directory),
 * which must exist. Host names must be LDH names and are lowercased; an invalid name is
 * LATCH_ERR_INVALID_ARG with a message naming it. The subject's CN is the first name.
 * Writes out_prefix.pem (the leaf certificate alone) and out_prefix-key.pem (its PKCS#8 key,
 * mode 0600), replacing existing files. out_prefix NULL means the first name in the current
 * directory, '*' spelled "_wildcard" and ':' spelled '_', with "+N" when N more names follow
 * ("localhost+2"). The key is ECDSA P-256, or RSA-2048 with opt->rsa. With opt->p12 it also
 * writes out_prefix.p12 (mode 0600): the leaf, its key and the CA certificate in a PKCS#12
 * bundle for Java and Windows, whose alias (friendlyName) is the first name; the report says
 * which password opens it (without repeating one taken from the environment). */
latch_status lt_devca_issue(const char *ca_dir, const char *const *names, size_t n_names,
                            const lt_devca_options *opt, const char *out_prefix, char *msg,
                            size_t msg_cap);

#endif
