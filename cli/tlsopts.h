/* Protocol options both `latch client` and `latch server` take: --tls12 / --tls13 (only that
 * version), --rsa-kex (allow TLS 1.2's RSA key exchange), --require-ems (refuse TLS 1.2 peers
 * without the extended master secret; --allow-no-ems, the default, is still taken). */
#ifndef LATCH_CLI_TLSOPTS_H
#define LATCH_CLI_TLSOPTS_H

#include "latch.h"

typedef struct {
    uint16_t min_version, max_version;
    int versions_named;          /* --tls12 / --tls13 seen */
    int rsa_kex;
    int require_ems;
} cli_tlsopts;

#define CLI_TLSOPTS_HELP \
    "  --tls12, --tls13    speak only that version; both, or neither: both, 1.3 preferred\n" \
    "  --rsa-kex           allow TLS 1.2's RSA key exchange (no forward secrecy; off by default)\n" \
    "  --require-ems       refuse TLS 1.2 peers without the extended master secret (RFC 7627);\n" \
    "                      by default they get full handshakes that are never resumed\n" \
    "  SSLKEYLOGFILE=FILE  (environment) append the session keys there, for Wireshark\n"

void cli_tlsopts_init(cli_tlsopts *o);
/* 1 if arg is one of these options (and was taken), else 0. */
int cli_tlsopts_parse(cli_tlsopts *o, const char *arg);
/* Applies them to a config (and SSLKEYLOGFILE, when set, as its key log); on failure
 * latch_config_error says why. */
latch_status cli_tlsopts_apply(const cli_tlsopts *o, latch_config *cfg);
/* The group, or "RSA key exchange" when there is none (TLS 1.2 RSA suites). */
const char *cli_group_name(const latch_conn *conn);
/* The server's signature scheme, or "none (RSA key exchange)". */
const char *cli_scheme_name(const latch_conn *conn);
/* --sess-in: imports a saved session into the config (a warning and no resumption when the
 * file cannot be used). --sess-out: saves the connection's session (mode 0600: it is secret).
 * 0 on success, -1 with a message on stderr. */
int cli_session_load(latch_config *cfg, const char *path);
int cli_session_save(const latch_conn *conn, const char *path);
/* "TLS 1.3" / "TLS 1.2". */
const char *cli_version_name(uint16_t version);

#endif
