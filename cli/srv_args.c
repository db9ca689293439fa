/* The options `latch server` and `latch proxy` share: the certificates and keys, client
 * authentication, the protocol options, the workers, the limits and deadlines, the logs. Each
 * command reads its own options first and hands the rest here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srv.h"
#include "tlsopts.h"

#define SRV_DEFAULT_MAX_CONNECTIONS 50000L
#define SRV_MAX_WORKERS 256

int srv_args_number(const srv_shared *sh, const char *arg, const char *value, long min, long max, long *out)
{
    char *end = NULL;
    long n = value[0] >= '0' && value[0] <= '9' ? strtol(value, &end, 10) : -1;
    if (end == NULL || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "%s: %s takes a number from %ld to %ld, not '%s'\n", sh->who, arg, min, max, value);
        return 0;
    }
    *out = n;
    return 1;
}

void srv_args_init(srv_shared *sh, srv_args *args, void *tlsopts)
{
    memset(args, 0, sizeof *args);
    args->bind_addr = "127.0.0.1";
    args->port = "8443";
    srv_options *opt = &sh->opt;
    opt->max_connections = SRV_DEFAULT_MAX_CONNECTIONS;
    opt->handshake_ms = 10000;
    opt->idle_ms = 300000;
    opt->shutdown_ms = 10000;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    opt->workers = cores < 1 ? 1 : cores > SRV_MAX_WORKERS ? SRV_MAX_WORKERS : (int)cores;
    cli_tlsopts_init(tlsopts);
    sh->files.tlsopts = tlsopts;
}

int srv_args_parse(srv_shared *sh, srv_args *args, const char *arg, const char *value)
{
    srv_options *opt = &sh->opt;
    srv_tls_files *files = &sh->files;
    int taken, used;
    long n;
    if (strcmp(arg, "--trace") == 0) {
        files->trace = 1;
        return 1;
    } else if (strcmp(arg, "--require-client-cert") == 0) {
        files->client_auth = LATCH_CLIENT_AUTH_REQUIRE;
        return 1;
    } else if (strcmp(arg, "--request-client-cert") == 0) {
        files->client_auth = LATCH_CLIENT_AUTH_REQUEST;
        return 1;
    } else if ((taken = cli_tlsopts_parse((cli_tlsopts *)files->tlsopts, arg, value, &used)) != 0) {
        return taken < 0 ? -1 : 1 + used;
    }
    static const char *const with_value[] = {
        "--cert", "--key", "--client-roots", "--ticket-keys", "--access-log", "--workers",
        "--max-connections", "--handshake-timeout", "--idle-timeout", "--max-lifetime",
        "--shutdown-timeout", "--stats", "--alpn", "--groups", "--suites",
    };
    size_t known = 0;
    while (known < sizeof with_value / sizeof with_value[0] && strcmp(arg, with_value[known]) != 0)
        known++;
    if (known == sizeof with_value / sizeof with_value[0])
        return 0;
    if (value == NULL) {
        fprintf(stderr, "%s: unknown option or missing value: %s\nrun '%s --help' for usage\n", sh->who, arg,
                sh->who);
        return -1;
    }
    if (strcmp(arg, "--cert") == 0 || strcmp(arg, "--key") == 0) {
        if ((arg[2] == 'c' ? files->n_certs : args->n_keys) >= SRV_MAX_IDENTITIES) {
            fprintf(stderr, "%s: too many certificates\n", sh->who);
            return -1;
        }
        if (arg[2] == 'c')
            files->certs[files->n_certs++] = value;
        else
            files->keys[args->n_keys++] = value;
    } else if (strcmp(arg, "--client-roots") == 0 || strcmp(arg, "--ticket-keys") == 0 ||
               strcmp(arg, "--access-log") == 0) {
        *(arg[2] == 'c' ? &files->client_roots : arg[2] == 't' ? &files->ticket_keys : &args->access_log) = value;
    } else if (strcmp(arg, "--workers") == 0) {
        if (!srv_args_number(sh, arg, value, 1, SRV_MAX_WORKERS, &n))
            return -1;
        opt->workers = (int)n;
    } else if (strcmp(arg, "--max-connections") == 0) {
        if (!srv_args_number(sh, arg, value, 1, 10000000, &n))
            return -1;
        opt->max_connections = n;
        args->explicit_max = 1;
    } else if (strcmp(arg, "--stats") == 0) {
        if (!srv_args_number(sh, arg, value, 1, 86400, &n))
            return -1;
        opt->stats_seconds = (int)n;
    } else if (arg[2] == 'a' || arg[2] == 'g' || strcmp(arg, "--suites") == 0) {
        *(arg[2] == 'a' ? &files->alpn : arg[2] == 'g' ? &files->groups : &files->suites) = value;
    } else {
        if (!srv_args_number(sh, arg, value, 1, 7 * 86400, &n))
            return -1;
        *(arg[2] == 'h' ? &opt->handshake_ms : arg[2] == 'i' ? &opt->idle_ms
          : arg[2] == 'm' ? &opt->lifetime_ms : &opt->shutdown_ms) = (int64_t)n * 1000;
    }
    return 2;
}
