/* Protocol options `latch client`, `latch server` and `latch trace` take: --profile (modern,
 * intermediate or old: docs/profiles.md), then, overriding its parts, --tls12 / --tls13 (only
 * that version), --rsa-kex (add TLS 1.2's RSA key exchange to the profile), --require-ems
 * (refuse TLS 1.2 peers without the extended master secret; --allow-no-ems, the default, is
 * still taken). */
#ifndef LATCH_CLI_TLSOPTS_H
#define LATCH_CLI_TLSOPTS_H

#include "latch.h"

typedef struct {
    uint16_t min_version, max_version;
    int versions_named;          /* --tls12 / --tls13 seen */
    latch_profile profile;
    int rsa_kex;                 /* --rsa-kex seen: added to the profile */
    int require_ems;
    int ems_named;               /* --require-ems / --allow-no-ems seen */
} cli_tlsopts;

#define CLI_TLSOPTS_HELP \
    "  --profile NAME      modern (TLS 1.3 only), intermediate (the default: TLS 1.3 and 1.2\n" \
    "                      with ECDHE and AEAD suites) or old (adds TLS 1.2's RSA key exchange\n" \
    "                      and CBC suites, for clients from before 2014); the options below\n" \
    "                      and --suites/--groups change it (docs/profiles.md)\n" \
    "  --tls12, --tls13    speak only that version; both, or neither: both, 1.3 preferred\n" \
    "  --rsa-kex           allow TLS 1.2's RSA key exchange (no forward secrecy; off by default)\n" \
    "  --require-ems       refuse TLS 1.2 peers without the extended master secret (RFC 7627);\n" \
    "                      by default they get full handshakes that are never resumed\n" \
    "  SSLKEYLOGFILE=FILE  (environment) append the session keys there, for Wireshark\n"

void cli_tlsopts_init(cli_tlsopts *o);
/* 1 if arg is one of these options (and was taken), else 0; --profile takes value (the next
 * argument: *used is set to 1 when it was consumed), and -1 is an unknown profile or a missing
 * value (a message is on stderr). */
int cli_tlsopts_parse(cli_tlsopts *o, const char *arg, const char *value, int *used);
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
