/* `latch proxy`: TLS termination (--to: the listener speaks TLS, the backends plain TCP, routed
 * by server name) or origination (--to-tls: the listener is plain TCP, the backend gets TLS,
 * verified). This file reads the proxy's own options (srv_args.c the ones it shares with
 * `latch server`) and runs the process as the server does (srv_run.c), with the relay
 * (prx_relay.c) as each connection's application. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "net.h"
#include "prx.h"
#include "tlsopts.h"

static const char prx_usage[] =
    "usage: latch proxy --listen ADDR:PORT --cert FILE --key FILE --to [NAME=]HOST:PORT ...\n"
    "                   [--proxy-protocol] [--connect-timeout S]\n"
    "                   [--require-client-cert|--request-client-cert --client-roots FILE]\n"
    "       latch proxy --listen ADDR:PORT --to-tls HOST:PORT [--roots FILE|DIR|system]\n"
    "                   [--servername NAME] [--cert FILE --key FILE] [--connect-timeout S]\n"
    "       and with either: [--alpn LIST] [--groups LIST] [--suites LIST] [--profile NAME]\n"
    "                   [--tls12|--tls13] [--ticket-keys FILE] [--workers N] [--max-connections N]\n"
    "                   [--handshake-timeout S] [--idle-timeout S] [--max-lifetime S]\n"
    "                   [--shutdown-timeout S] [--access-log FILE] [--stats S]\n"
    "\n"
    "Terminates TLS in front of a plain TCP service (--to), or originates it for a plain TCP\n"
    "client in front of a TLS service (--to-tls). Bytes pass through both ways as they come; the\n"
    "end of one direction (close_notify, or the end of TCP) passes through as the end of that\n"
    "direction only, and the other goes on until it ends too.\n"
    "\n"
    "  --listen ADDR:PORT    where to listen (port 0 picks a free one)\n"
    "  --to HOST:PORT        terminate TLS and relay the plaintext to this backend\n"
    "  --to NAME=HOST:PORT   ... for clients asking for the server name NAME (SNI); repeat for\n"
    "                        several; a name with no backend goes to the plain --to HOST:PORT, or\n"
    "                        without one is refused (unrecognized_name). Each --cert is chosen by\n"
    "                        the name as latch server does\n"
    "  --proxy-protocol      begin each backend connection with a PROXY protocol v2 header: the\n"
    "                        client's address, and TLVs for the ALPN protocol, the server name,\n"
    "                        the TLS version and suite, and the verified client certificate's\n"
    "                        subject commonName (with --require-client-cert)\n"
    "  --to-tls HOST:PORT    accept plain TCP and relay it over TLS to this backend\n"
    "  --roots FILE|DIR|system  --to-tls: trust anchors for the backend (default: system)\n"
    "  --servername NAME     --to-tls: the name to send and verify (default: HOST)\n"
    "  --cert FILE --key FILE  --to: the server's certificates (as latch server); --to-tls: a\n"
    "                        client certificate for the backend\n"
    "  --connect-timeout S   seconds a backend has to accept a connection (default 5); with\n"
    "                        --to-tls the backend's handshake deadline covers it too\n"
    CLI_TLSOPTS_HELP
    SRV_ARGS_HELP
    "\n"
    "Prints \"listening on ADDR:PORT\" once listening, then one line per connection on stderr.\n"
    "Each direction holds at most 64 KiB: a side is not read while the other does not take what\n"
    "it sent. A backend that refuses, cannot be reached or does not answer within --connect-timeout\n"
    "gets the client a close_notify at once (--to) or the end of its TCP connection (--to-tls),\n"
    "and the log says why. The access log adds backend=HOST:PORT, up= (client to backend) and\n"
    "down= (backend to client) bytes, and how the TLS peer ended (tls_end=close_notify, or\n"
    "fin-without-close_notify, which is passed on as an end of TCP all the same).\n"
    "SIGTERM and SIGINT stop it: no new connections, a close_notify on every TLS connection, exit\n"
    "once they have closed or --shutdown-timeout has passed. SIGHUP reads the certificates, keys,\n"
    "roots and ticket keys again for new connections; a file that does not load keeps the old ones.\n"
    "Backend names are resolved once, at the start.\n"
    "Exit status: 0 when stopped by a signal; 1 if it could not start; 2 bad usage.\n";

static srv_shared prx_shared;
static prx_options prx_opts_given;

static int prx_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "latch proxy: %s%s%s\nrun 'latch proxy --help' for usage\n", msg, arg ? " " : "", arg ? arg : "");
    return 2;
}

/* --listen ADDR:PORT or [V6]:PORT (port 0 too: any free one, which cli_net_split refuses as a
 * place to connect to). 0, or -1 when malformed. */
static int prx_split_listen(const char *listen, char *host, size_t host_cap, char *port, size_t port_cap)
{
    const char *colon = strrchr(listen, ':'), *start = listen, *end = colon;
    if (colon == NULL)
        return -1;
    if (listen[0] == '[') {
        start = listen + 1;
        end = strchr(listen, ']');
        if (end == NULL || end + 1 != colon)
            return -1;
    } else if (strchr(listen, ':') != colon) {
        return -1; /* an IPv6 address goes in brackets */
    }
    size_t host_len = (size_t)(end - start), port_len = strlen(colon + 1);
    if (host_len == 0 || host_len >= host_cap || port_len == 0 || port_len >= port_cap)
        return -1;
    memcpy(host, start, host_len);
    host[host_len] = '\0';
    memcpy(port, colon + 1, port_len + 1);
    return 0;
}

int cli_proxy_main(int argc, char **argv)
{
    cli_tlsopts tlsopts;
    srv_args args;
    char listen_host[256], listen_port[16], backend_host[256], backend_port[16];
    const char *listen = NULL, *to_tls = NULL, *server_name = NULL;
    int n_to = 0;
    long n;
    memset(&prx_shared, 0, sizeof prx_shared);
    memset(&prx_opts_given, 0, sizeof prx_opts_given);
    prx_shared.who = "latch proxy";
    srv_args_init(&prx_shared, &args, &tlsopts);
    prx_opts_given.default_route = -1;
    prx_opts_given.connect_ms = PRX_DEFAULT_CONNECT_S * 1000;
    srv_tls_files *files = &prx_shared.files;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken = srv_args_parse(&prx_shared, &args, arg, value);
        if (taken < 0)
            return 2;
        if (taken > 0) {
            i += taken - 1;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(prx_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--proxy-protocol") == 0) {
            prx_opts_given.proxy_protocol = 1;
        } else if (value == NULL) {
            return prx_usage_error(arg[0] == '-' ? "unknown option or missing value:" : "unexpected argument", arg);
        } else if (strcmp(arg, "--to") == 0) {
            if (prx_route_add(&prx_opts_given, value, 1) < 0)
                return 2;
            n_to++;
            i++;
        } else if (strcmp(arg, "--connect-timeout") == 0) {
            if (!srv_args_number(&prx_shared, arg, value, 1, 3600, &n))
                return 2;
            prx_opts_given.connect_ms = (int64_t)n * 1000;
            i++;
        } else if (strcmp(arg, "--listen") == 0 || strcmp(arg, "--to-tls") == 0 || strcmp(arg, "--roots") == 0 ||
                   strcmp(arg, "--servername") == 0) {
            *(arg[2] == 'l' ? &listen : arg[2] == 't' ? &to_tls : arg[2] == 'r' ? &files->roots : &server_name) = value;
            i++;
        } else {
            return prx_usage_error("unknown option", arg);
        }
    }
    if (listen == NULL || (n_to > 0) == (to_tls != NULL))
        return prx_usage_error("give --listen ADDR:PORT, and either --to HOST:PORT (terminate TLS) or "
                               "--to-tls HOST:PORT (originate it)", NULL);
    if (prx_split_listen(listen, listen_host, sizeof listen_host, listen_port, sizeof listen_port) < 0)
        return prx_usage_error("--listen takes ADDR:PORT or [V6ADDR]:PORT, not", listen);
    if (!cli_net_port_ok("latch proxy", listen_port))
        return 2;
    args.bind_addr = listen_host;
    args.port = listen_port;
    if (files->n_certs != args.n_keys)
        return prx_usage_error("each --cert needs a --key", NULL);
    if ((files->client_auth != 0) != (files->client_roots != NULL))
        return prx_usage_error("--require-client-cert and --request-client-cert go with "
                               "--client-roots FILE (and the other way round)", NULL);
    if (to_tls != NULL) {
        if (prx_opts_given.proxy_protocol || files->client_auth || files->ticket_keys || files->trace)
            return prx_usage_error("--proxy-protocol, client certificates from clients, --ticket-keys and --trace "
                                   "go with --to (TLS termination)", NULL);
        if (files->n_certs > 1)
            return prx_usage_error("--to-tls takes one client certificate (--cert FILE --key FILE)", NULL);
        if (prx_route_add(&prx_opts_given, to_tls, 0) < 0 ||
            cli_net_split("latch proxy", to_tls, backend_host, sizeof backend_host, backend_port,
                          sizeof backend_port) < 0)
            return 2;
        prx_shared.opt.mode = SRV_MODE_ORIGINATE;
        prx_shared.opt.server_name = server_name ? server_name : backend_host;
        prx_shared.build_config = prx_config_build;
    } else {
        if (files->n_certs == 0)
            return prx_usage_error("TLS termination (--to) needs --cert FILE --key FILE", NULL);
        if (files->roots || server_name)
            return prx_usage_error("--roots and --servername go with --to-tls", NULL);
        prx_shared.opt.mode = SRV_MODE_PROXY;
        prx_shared.build_config = srv_config_build;
        if (prx_opts_given.default_route < 0) {
            files->choose_identity = prx_route_check;
            files->choose_arg = &prx_opts_given;
        }
    }
    prx_shared.proxy = &prx_opts_given;
    return srv_run(&prx_shared, &args);
}
