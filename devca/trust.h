/* `latch certs install` / `uninstall`: adding the development CA to the trust stores that
 * programs on this machine read, and taking it out again, as mkcert -install does:
 *   - the system store, from which OpenSSL, GnuTLS, curl and most programs take their roots:
 *     the CA's PEM goes into the distribution's anchor directory and its tool rebuilds the
 *     bundle (Debian and Ubuntu: /usr/local/share/ca-certificates and update-ca-certificates;
 *     Fedora and RHEL: /etc/pki/ca-trust/source/anchors and update-ca-trust extract). It needs
 *     root: latch does not call sudo itself, it says what to run.
 *   - NSS databases, which Chromium (~/.pki/nssdb) and Firefox (each profile's cert9.db) read:
 *     through NSS's certutil (Debian: libnss3-tools), the CA trusted for TLS servers ("C,,")
 *     under its own subject CN as nickname.
 * LATCH_SYSTEM_CA_DIR names another anchor directory (with the Debian layout), for packaging and
 * tests; the store's tool is then still taken from PATH. */
#ifndef LT_DEVCA_TRUST_H
#define LT_DEVCA_TRUST_H

#include <stddef.h>

#include "latch.h" /* latch_status */

typedef struct {
    int system;                 /* the system store */
    const char *const *nss_dbs; /* NSS database directories named by the user (made if missing) */
    size_t n_nss_dbs;
} lt_devca_trust_targets;

/* Adds (install set) or removes the CA of ca_dir (NULL: the default directory) in the targets.
 * Targets with neither system nor an NSS database mean the system store and every NSS database
 * found under HOME (~/.pki/nssdb, Firefox profiles); none found is a failure. msg gets one line
 * per target saying what changed ("added to", "already in", "removed from", "was not in") or why
 * it could not. Returns LATCH_OK when every target is done, LATCH_ERR_INVALID_ARG when there is
 * no CA in ca_dir, LATCH_ERR_IO when some target failed (the others are still done). */
latch_status lt_devca_trust(const char *ca_dir, const lt_devca_trust_targets *targets, int install,
                            char *msg, size_t msg_cap);

#endif
