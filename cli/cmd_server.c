/* `latch server`: serves TLS on a port with one worker thread per core, each with its own epoll
 * loop and listening socket (srv_worker.c), connections bounded by --max-connections and the
 * file descriptor limit, deadlines for the handshake, idleness and lifetime (srv_conn.c), and
 * what each connection is for in srv_app.c (--http page, --www files, --echo). This file reads
 * the server's own options (srv_args.c the ones it shares with `latch proxy`) and hands the
 * process to srv_run.c: SIGTERM/SIGINT stop it (every connection closed with close_notify),
 * SIGHUP reloads the certificates, keys, OCSP responses, roots and ticket keys without touching
 * open connections. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "net.h"
#include "srv.h"
#include "tlsopts.h"

static const char srv_usage[] =
    "usage: latch server --cert FILE --key FILE [--cert FILE --key FILE ...] [--port N]\n"
    "                    [--bind ADDR] [--echo | --http | --www DIR] [--once]\n"
    "                    [--alpn LIST] [--groups LIST] [--suites LIST] [--key-update]\n"
    "                    [--profile NAME] [--tls12|--tls13] [--rsa-kex] [--require-ems]\n"
    "                    [--require-client-cert|--request-client-cert --client-roots FILE]\n"
    "                    [--trace] [--ocsp FILE (after a --cert)] [--ticket-keys FILE]\n"
    "                    [--workers N] [--max-connections N] [--handshake-timeout S]\n"
    "                    [--idle-timeout S] [--max-lifetime S] [--shutdown-timeout S]\n"
    "                    [--access-log FILE] [--stats S]\n"
    "\n"
    "Serves TLS 1.3 and TLS 1.2. Each --cert (a PEM chain, leaf first) goes with the --key after it; with\n"
    "several, the certificate is chosen by the client's server name and signature algorithms.\n"
    "\n"
    "  --port N        port to listen on (default 8443; 0 picks a free one)\n"
    "  --bind ADDR     address to listen on (default 127.0.0.1; :: or 0.0.0.0 for all)\n"
    "  --http          answer HTTP requests with a page describing the connection (default)\n"
    "  --www DIR       serve the files under DIR over HTTP\n"
    "  --echo          send back whatever the client sends\n"
    "  --once          exit after the first connection (status 0 if it went well; one worker)\n"
    "  --alpn LIST     application protocols we accept, e.g. http/1.1\n"
    "  --groups LIST   key exchange groups in our order of preference (default\n"
    "                  X25519MLKEM768,x25519,secp256r1,secp384r1; a post-quantum hybrid the\n"
    "                  client supports is chosen first, by HelloRetryRequest if need be)\n"
    "  --suites LIST   cipher suites in our order of preference\n"
    "  --key-update    send a KeyUpdate (asking for one back) after each handshake\n"
    CLI_TLSOPTS_HELP
    "  --trace         narrate each handshake step by step on stderr (as latch trace does)\n"
    "  --ocsp FILE     staple this OCSP response (DER) for the --cert before it, to clients that\n"
    "                  ask (TLS 1.3 and 1.2); read again when the file changes\n"
    SRV_ARGS_HELP
    "\n"
    "Prints \"listening on ADDR:PORT\" once listening, then one line per connection on stderr.\n"
    "SIGTERM and SIGINT stop it: no new connections, a close_notify to every open one, exit once they\n"
    "have closed or --shutdown-timeout has passed. SIGHUP reads the certificates, keys, OCSP\n"
    "responses, client roots and ticket keys again for new connections; open ones go on as they\n"
    "were, and a file that does not load keeps the old configuration (the log says why).\n"
    "--www refuses paths with \"..\" segments, serves DIR/index.html for \"/\", and 404 else;\n"
    "files of any size are sent as the client reads them, 64 KiB held per connection at a time.\n"
    "--echo holds up to 1 MiB a client has not read back; then it reads no more from that\n"
    "client until it does (while the echo keeps going out).\n"
    "Exit status: 0 when stopped by a signal, or (--once) if the connection went well; 1 if it did\n"
    "not or the server could not start; 2 bad usage.\n";

static int srv_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "latch server: %s%s%s\nrun 'latch server --help' for usage\n", msg,
            arg ? " " : "", arg ? arg : "");
    return 2;
}

static srv_shared srv;

int cli_server_main(int argc, char **argv)
{
    int modes = 0;
    cli_tlsopts tlsopts;
    srv_args args;
    memset(&srv, 0, sizeof srv);
    srv.who = "latch server";
    srv.build_config = srv_config_build;
    srv_args_init(&srv, &args, &tlsopts);
    srv_options *opt = &srv.opt;
    srv_tls_files *files = &srv.files;
    opt->mode = SRV_MODE_HTTP;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken = srv_args_parse(&srv, &args, arg, value);
        if (taken < 0)
            return 2;
        if (taken > 0) {
            i += taken - 1;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(srv_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--http") == 0 || strcmp(arg, "--echo") == 0) {
            opt->mode = arg[2] == 'h' ? SRV_MODE_HTTP : SRV_MODE_ECHO;
            modes++;
        } else if (strcmp(arg, "--once") == 0) {
            opt->once = 1;
        } else if (strcmp(arg, "--key-update") == 0) {
            opt->key_update = 1;
        } else if (value == NULL) {
            return srv_usage_error(arg[0] == '-' ? "unknown option or missing value:" : "unexpected argument", arg);
        } else if (strcmp(arg, "--ocsp") == 0) {
            if (files->n_certs == 0)
                return srv_usage_error("--ocsp FILE goes after the --cert it is for", NULL);
            files->ocsps[files->n_certs - 1] = value;
            i++;
        } else if (strcmp(arg, "--www") == 0) {
            opt->mode = SRV_MODE_WWW;
            opt->www = value;
            modes++;
            i++;
        } else if (strcmp(arg, "--port") == 0 || strcmp(arg, "--bind") == 0) {
            *(arg[2] == 'p' ? &args.port : &args.bind_addr) = value;
            i++;
        } else {
            return srv_usage_error("unknown option", arg);
        }
    }
    if (files->n_certs == 0 || files->n_certs != args.n_keys)
        return srv_usage_error("each --cert needs a --key (and at least one of each)", NULL);
    if (!cli_net_port_ok("latch server", args.port))
        return 2;
    /* a --www directory that is not one is a mistake to say now, not a 404 for every request */
    struct stat www_st;
    if (opt->mode == SRV_MODE_WWW) {
        int found = stat(opt->www, &www_st) == 0;
        if (!found || !S_ISDIR(www_st.st_mode)) {
            fprintf(stderr, "latch server: --www %s: %s\n", opt->www, found ? "not a directory" : strerror(errno));
            return 2;
        }
    }
    if (modes > 1)
        return srv_usage_error("choose one of --http, --www and --echo", NULL);
    if ((files->client_auth != 0) != (files->client_roots != NULL))
        return srv_usage_error("--require-client-cert and --request-client-cert go with "
                               "--client-roots FILE (and the other way round)", NULL);
    if (opt->once)
        opt->workers = 1;

    return srv_run(&srv, &args);
}
