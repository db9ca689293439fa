/* The protocol options the client and the server share (see tlsopts.h). */
#include "tlsopts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_tlsopts_init(cli_tlsopts *o)
{
    o->min_version = LATCH_TLS12;
    o->max_version = LATCH_TLS13;
    o->profile = LATCH_PROFILE_INTERMEDIATE;
    o->rsa_kex = 0;
    o->require_ems = 0;
    o->ems_named = 0;
    o->versions_named = 0;
}

int cli_tlsopts_parse(cli_tlsopts *o, const char *arg, const char *value, int *used)
{
    *used = 0;
    if (strcmp(arg, "--profile") == 0) {
        static const struct { const char *name; latch_profile profile; } profiles[] = {
            { "modern", LATCH_PROFILE_MODERN },
            { "intermediate", LATCH_PROFILE_INTERMEDIATE },
            { "old", LATCH_PROFILE_OLD },
        };
        for (size_t i = 0; value != NULL && i < sizeof profiles / sizeof profiles[0]; i++)
            if (strcmp(value, profiles[i].name) == 0) {
                o->profile = profiles[i].profile;
                *used = 1;
                return 1;
            }
        fprintf(stderr, "latch: --profile takes modern, intermediate or old%s%s%s\n",
                value ? " (not '" : "", value ? value : "", value ? "')" : "");
        return -1;
    }
    /* each names a version to speak: one alone is that version only, both are both */
    if (strcmp(arg, "--tls12") == 0 || strcmp(arg, "--tls13") == 0) {
        uint16_t v = arg[6] == '2' ? LATCH_TLS12 : LATCH_TLS13;
        if (!o->versions_named)
            o->min_version = o->max_version = v;
        else if (v < o->min_version)
            o->min_version = v;
        else if (v > o->max_version)
            o->max_version = v;
        o->versions_named = 1;
    }
    else if (strcmp(arg, "--rsa-kex") == 0)
        o->rsa_kex = 1;
    else if (strcmp(arg, "--require-ems") == 0)
        o->require_ems = o->ems_named = 1;
    else if (strcmp(arg, "--allow-no-ems") == 0) { /* the default now; kept for old scripts */
        o->require_ems = 0;
        o->ems_named = 1;
    }
    else
        return 0;
    return 1;
}

/* SSLKEYLOGFILE (the NSS key log format Wireshark reads): lines appended as keys are made. */
static FILE *cli_keylog_file;

static void cli_keylog_line(void *arg, const char *line)
{
    (void)arg;
    fprintf(cli_keylog_file, "%s\n", line);
    fflush(cli_keylog_file);
}

static void cli_keylog_setup(latch_config *cfg)
{
    const char *path = getenv("SSLKEYLOGFILE");
    if (path == NULL || path[0] == '\0')
        return;
    if (cli_keylog_file == NULL) {
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
        cli_keylog_file = fd >= 0 ? fdopen(fd, "a") : NULL;
        if (cli_keylog_file == NULL) {
            fprintf(stderr, "latch: cannot open SSLKEYLOGFILE '%s': %s\n", path, strerror(errno));
            return;
        }
        fprintf(stderr, "latch: writing session keys to '%s' (SSLKEYLOGFILE): anyone with this file can "
                        "decrypt these connections\n", path);
    }
    latch_config_set_keylog(cfg, cli_keylog_line, NULL);
}

latch_status cli_tlsopts_apply(const cli_tlsopts *o, latch_config *cfg)
{
    cli_keylog_setup(cfg);
    /* the profile first; then only what was named changes it */
    latch_status st = latch_config_set_profile(cfg, o->profile);
    if (st == LATCH_OK && o->versions_named)
        st = latch_config_set_versions(cfg, o->min_version, o->max_version);
    if (st == LATCH_OK && o->rsa_kex)
        st = latch_config_set_rsa_key_exchange(cfg, 1);
    if (st == LATCH_OK && o->ems_named)
        st = latch_config_set_require_ems(cfg, o->require_ems);
    return st;
}

const char *cli_version_name(uint16_t version)
{
    return version == LATCH_TLS13 ? "TLS 1.3" : version == LATCH_TLS12 ? "TLS 1.2" : "(none)";
}

const char *cli_group_name(const latch_conn *conn)
{
    const char *group = latch_conn_group(conn);
    return group[0] ? group : latch_conn_resumed(conn) ? "none (resumed)" : "RSA key exchange";
}

const char *cli_scheme_name(const latch_conn *conn)
{
    const char *scheme = latch_conn_signature_scheme(conn);
    return scheme[0] ? scheme : latch_conn_resumed(conn) ? "none (resumed)" : "none (RSA key exchange)";
}

int cli_session_load(latch_config *cfg, const char *path)
{
    uint8_t buf[16384];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "latch client: no session from '%s' (%s): a full handshake\n", path, strerror(errno));
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    latch_status st = latch_config_session_import(cfg, buf, n);
    memset(buf, 0, sizeof buf);
    if (st != LATCH_OK) {
        fprintf(stderr, "latch client: '%s' holds no usable session (%s): a full handshake\n", path,
                latch_status_str(st));
        return -1;
    }
    return 0;
}

int cli_session_save(const latch_conn *conn, const char *path)
{
    uint8_t buf[16384];
    size_t n = 0;
    if (latch_conn_session_export(conn, buf, sizeof buf, &n) != LATCH_OK) {
        fprintf(stderr, "latch client: no session to save to '%s' (the server gave none)\n", path);
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int ok = fd >= 0 && write(fd, buf, n) == (ssize_t)n;
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    memset(buf, 0, sizeof buf);
    if (!ok) {
        fprintf(stderr, "latch client: cannot write the session to '%s': %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}
