/* `latch server`: serves TLS on a port with one worker thread per core, each with its own epoll
 * loop and listening socket (srv_worker.c), connections bounded by --max-connections and the
 * file descriptor limit, deadlines for the handshake, idleness and lifetime (srv_conn.c), and
 * what each connection is for in srv_app.c (--http page, --www files, --echo). This file reads
 * the options, sets the process up, then waits for signals: SIGTERM/SIGINT stop it (every
 * connection closed with close_notify), SIGHUP reloads the certificates, keys, OCSP responses,
 * roots and ticket keys without touching open connections. */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "net.h"
#include "srv.h"
#include "tlsopts.h"

#define SRV_DEFAULT_MAX_CONNECTIONS 50000L
#define SRV_MAX_WORKERS 256
/* descriptors the process needs besides its connections: stdio, the loops, the listeners, the
 * OCSP and key log files, a reload's files */
#define SRV_SPARE_FDS 64
/* how often, and after how many new connections, freed memory is given back (malloc_trim) */
#define SRV_TRIM_EVERY_MS 10000
#define SRV_TRIM_AFTER_ACCEPTS 1000

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
    "  --require-client-cert  mutual TLS: refuse clients without a certificate that verifies\n"
    "  --request-client-cert  ask for one, take clients without (the page says which)\n"
    "  --client-roots FILE    roots that client certificates must chain to\n"
    "  --ticket-keys FILE     session ticket keys shared by several servers, so a client resumes on\n"
    "                  any of them: one key a line, 96 hex digits (openssl rand -hex 48), the current\n"
    "                  key first (it seals new tickets), older ones after it (they still open theirs);\n"
    "                  at most 8. Without it each process draws its own keys, and draws them again\n"
    "                  on SIGHUP (sessions from before then take a full handshake)\n"
    "  --workers N     threads, each with its own event loop and listening socket (default: one\n"
    "                  per core)\n"
    "  --max-connections N  connections open at once (default 50000, or as many as the file\n"
    "                  descriptor limit allows: it is raised to its hard limit when needed); more\n"
    "                  clients wait in the listen queue\n"
    "  --handshake-timeout S  seconds a client has for its whole handshake (default 10)\n"
    "  --idle-timeout S       seconds a connection may stay silent after it (default 300)\n"
    "  --max-lifetime S       seconds a connection may live at most (default: no limit)\n"
    "  --shutdown-timeout S   on SIGTERM, seconds clients have to close (default 10)\n"
    "  --access-log FILE      one line per connection when it ends ('-': stderr)\n"
    "  --stats S       every S seconds a line on stderr: connections open, handshakes per second,\n"
    "                  failures by reason\n"
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

/* A whole number from min to max for option arg; else a message and 0. */
static int srv_number(const char *arg, const char *value, long min, long max, long *out)
{
    char *end = NULL;
    long n = value[0] >= '0' && value[0] <= '9' ? strtol(value, &end, 10) : -1;
    if (end == NULL || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "latch server: %s takes a number from %ld to %ld, not '%s'\n", arg, min, max, value);
        return 0;
    }
    *out = n;
    return 1;
}

/* Room for the connections in the file descriptor limit: the soft limit raised as far as
 * needed (and the hard limit allows). A limit asked for that does not fit is an error; the
 * default shrinks to what fits. 0, or -1 with a message. */
static int srv_fit_fd_limit(srv_options *opt, int explicit_max)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return 0;
    /* --www: a file open per connection sending one */
    rlim_t per_conn = opt->mode == SRV_MODE_WWW ? 2 : 1;
    rlim_t spare = SRV_SPARE_FDS + 4 * (rlim_t)opt->workers;
    rlim_t need = (rlim_t)opt->max_connections * per_conn + spare;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
        struct rlimit raised = { want, rl.rlim_max };
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl.rlim_cur = want;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
        return 0;
    long fits = rl.rlim_cur > spare ? (long)((rl.rlim_cur - spare) / per_conn) : 0;
    if (explicit_max || fits < 1) {
        fprintf(stderr, "latch server: --max-connections %ld needs %llu file descriptors, but the limit is %llu "
                        "(hard limit %llu): raise it (ulimit -n, LimitNOFILE= in a systemd unit) or "
                        "ask for at most %ld connections\n", opt->max_connections,
                (unsigned long long)need, (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max,
                fits);
        return -1;
    }
    opt->max_connections = fits;
    return 0;
}

static srv_shared srv;

/* SIGHUP: a new configuration from the files for new connections, or the old one kept. */
static void srv_reload(void)
{
    char why[512];
    int usage_error;
    latch_config *cfg = srv_config_build(&srv.files, why, sizeof why, &usage_error);
    if (cfg == NULL) {
        fprintf(stderr, "latch server: SIGHUP: not reloaded, the running configuration stays: %s\n", why);
        return;
    }
    pthread_mutex_lock(&srv.config_lock);
    latch_config *old = srv.config;
    srv.config = cfg;
    pthread_mutex_unlock(&srv.config_lock);
    /* (connections made with the old one keep it alive until they end) */
    latch_config_free(old);
    fprintf(stderr, "latch server: SIGHUP: reloaded certificates, keys, OCSP responses, roots%s for new "
                    "connections\n", srv.files.ticket_keys ? " and ticket keys" : "");
}

/* Waits for the workers, signals and the --stats period; returns the signal that stopped the
 * server (0 when the workers ended on their own: --once). */
static int srv_supervise(srv_worker *workers, int n_workers, int signal_fd)
{
    int ended = 0, stop_signal = 0;
    int64_t last_stats = cli_net_now_ms(), last_trim = last_stats;
    uint64_t accepted_at_trim = 0;
    while (ended < n_workers) {
        struct pollfd fds[2] = { { signal_fd, POLLIN, 0 }, { srv.done_fd, POLLIN, 0 } };
        int wait_ms = SRV_TRIM_EVERY_MS;
        if (srv.opt.stats_seconds > 0 && 1000 * srv.opt.stats_seconds < wait_ms)
            wait_ms = 1000 * srv.opt.stats_seconds;
        int ready = poll(fds, 2, wait_ms);
        if (ready < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            uint64_t count = 0;
            if (read(srv.done_fd, &count, sizeof count) == sizeof count)
                ended += (int)count;
        }
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(signal_fd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGHUP) {
                    srv_reload();
                } else if (!stop_signal) {
                    stop_signal = (int)si.ssi_signo;
                    __atomic_store_n(&srv.stopping, 1, __ATOMIC_RELEASE);
                    for (int i = 0; i < n_workers; i++)
                        cli_loop_wake(&workers[i].loop);
                }
            }
        }
        int64_t now = cli_net_now_ms();
        /* a burst of handshakes leaves freed memory in the allocator's arenas (each handshake
         * holds buffers and state that an established connection gives back): after one, the
         * free pages go back to the system, so the RSS follows the connections held, not the
         * highest burst seen */
        uint64_t accepted = __atomic_load_n(&srv.accepted, __ATOMIC_RELAXED);
        if (now - last_trim >= SRV_TRIM_EVERY_MS) {
            if (accepted - accepted_at_trim >= SRV_TRIM_AFTER_ACCEPTS)
                malloc_trim(0);
            accepted_at_trim = accepted;
            last_trim = now;
        }
        if (srv.opt.stats_seconds > 0 && now - last_stats >= 1000L * srv.opt.stats_seconds) {
            srv_log_stats(&srv, (double)(now - last_stats) / 1000.0);
            last_stats = now;
        }
    }
    return stop_signal;
}

int cli_server_main(int argc, char **argv)
{
    const char *port = "8443", *bind_addr = "127.0.0.1", *access_log = NULL;
    int modes = 0, explicit_max = 0;
    size_t n_keys = 0;
    cli_tlsopts tlsopts;
    cli_tlsopts_init(&tlsopts);
    memset(&srv, 0, sizeof srv);
    srv_options *opt = &srv.opt;
    srv_tls_files *files = &srv.files;
    opt->mode = SRV_MODE_HTTP;
    opt->max_connections = SRV_DEFAULT_MAX_CONNECTIONS;
    opt->handshake_ms = 10000;
    opt->idle_ms = 300000;
    opt->shutdown_ms = 10000;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    opt->workers = cores < 1 ? 1 : cores > SRV_MAX_WORKERS ? SRV_MAX_WORKERS : (int)cores;
    files->tlsopts = &tlsopts;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken, used;
        long n;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(srv_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--http") == 0 || strcmp(arg, "--echo") == 0) {
            opt->mode = arg[2] == 'h' ? SRV_MODE_HTTP : SRV_MODE_ECHO;
            modes++;
        } else if (strcmp(arg, "--once") == 0) {
            opt->once = 1;
        } else if (strcmp(arg, "--key-update") == 0) {
            opt->key_update = 1;
        } else if (strcmp(arg, "--trace") == 0) {
            files->trace = 1;
        } else if (strcmp(arg, "--require-client-cert") == 0) {
            files->client_auth = LATCH_CLIENT_AUTH_REQUIRE;
        } else if (strcmp(arg, "--request-client-cert") == 0) {
            files->client_auth = LATCH_CLIENT_AUTH_REQUEST;
        } else if ((taken = cli_tlsopts_parse(&tlsopts, arg, value, &used)) != 0) {
            if (taken < 0)
                return 2;
            i += used;
        } else if (value == NULL) {
            return srv_usage_error(arg[0] == '-' ? "unknown option or missing value:" : "unexpected argument", arg);
        } else if (strcmp(arg, "--cert") == 0 || strcmp(arg, "--key") == 0) {
            if (files->n_certs >= SRV_MAX_IDENTITIES)
                return srv_usage_error("too many certificates", NULL);
            if (arg[2] == 'c')
                files->certs[files->n_certs++] = value;
            else
                files->keys[n_keys++] = value;
            i++;
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
        } else if (strcmp(arg, "--client-roots") == 0 || strcmp(arg, "--ticket-keys") == 0 ||
                   strcmp(arg, "--access-log") == 0) {
            *(arg[2] == 'c' ? &files->client_roots : arg[2] == 't' ? &files->ticket_keys : &access_log) = value;
            i++;
        } else if (strcmp(arg, "--workers") == 0) {
            if (!srv_number(arg, value, 1, SRV_MAX_WORKERS, &n))
                return 2;
            opt->workers = (int)n;
            i++;
        } else if (strcmp(arg, "--max-connections") == 0) {
            if (!srv_number(arg, value, 1, 10000000, &n))
                return 2;
            opt->max_connections = n;
            explicit_max = 1;
            i++;
        } else if (strcmp(arg, "--handshake-timeout") == 0 || strcmp(arg, "--idle-timeout") == 0 ||
                   strcmp(arg, "--max-lifetime") == 0 || strcmp(arg, "--shutdown-timeout") == 0) {
            if (!srv_number(arg, value, 1, 7 * 86400, &n))
                return 2;
            *(arg[2] == 'h' ? &opt->handshake_ms : arg[2] == 'i' ? &opt->idle_ms
              : arg[2] == 'm' ? &opt->lifetime_ms : &opt->shutdown_ms) = (int64_t)n * 1000;
            i++;
        } else if (strcmp(arg, "--stats") == 0) {
            if (!srv_number(arg, value, 1, 86400, &n))
                return 2;
            opt->stats_seconds = (int)n;
            i++;
        } else if (strcmp(arg, "--port") == 0 || strcmp(arg, "--bind") == 0 ||
                   strcmp(arg, "--alpn") == 0 || strcmp(arg, "--groups") == 0 ||
                   strcmp(arg, "--suites") == 0) {
            *(arg[2] == 'p' ? &port : arg[2] == 'b' ? &bind_addr : arg[2] == 'a' ? &files->alpn
              : arg[2] == 'g' ? &files->groups : &files->suites) = value;
            i++;
        } else {
            return srv_usage_error("unknown option", arg);
        }
    }
    if (files->n_certs == 0 || files->n_certs != n_keys)
        return srv_usage_error("each --cert needs a --key (and at least one of each)", NULL);
    if (!cli_net_port_ok("latch server", port))
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

    int exit_code = 1, signal_fd = -1, started = 0;
    srv_worker *workers = NULL;
    sigset_t signals;
    char why[512];
    int usage_error = 0;
    srv.done_fd = -1;
    pthread_mutex_init(&srv.config_lock, NULL);
    if (srv_fit_fd_limit(opt, explicit_max) < 0)
        return 2;
    if (access_log != NULL) {
        opt->access_log = strcmp(access_log, "-") == 0 ? stderr : fopen(access_log, "a");
        if (opt->access_log == NULL) {
            fprintf(stderr, "latch server: --access-log %s: %s\n", access_log, strerror(errno));
            return 2;
        }
    }
    srv.config = srv_config_build(files, why, sizeof why, &usage_error);
    if (srv.config == NULL) {
        fprintf(stderr, "latch server: %s\n", why);
        exit_code = usage_error ? 2 : 1;
        goto out;
    }
    signal(SIGPIPE, SIG_IGN);
    /* the signals are read by this thread alone, from a signalfd; the workers (which inherit
     * this mask) never see them */
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &signals, NULL) != 0 ||
        (signal_fd = signalfd(-1, &signals, SFD_CLOEXEC)) < 0 ||
        (srv.done_fd = eventfd(0, EFD_CLOEXEC)) < 0) {
        fprintf(stderr, "latch server: %s\n", strerror(errno));
        goto out;
    }
    workers = calloc((size_t)opt->workers, sizeof *workers);
    if (workers == NULL)
        goto out;
    /* every listener is bound before any worker starts: the port (0: the first one's) is
     * known, and a port in use is said once */
    int backlog = cli_net_somaxconn(), bound = 0;
    char bound_port[16];
    snprintf(bound_port, sizeof bound_port, "%s", port);
    for (int i = 0; i < opt->workers; i++) {
        int fd = cli_net_listen_on("latch server", bind_addr, bound_port, backlog,
                                   i == 0 ? CLI_NET_REUSEPORT_FIRST : CLI_NET_REUSEPORT_JOIN, &bound);
        if (fd < 0 || cli_net_nonblocking(fd) < 0 || srv_worker_init(&workers[i], &srv, i, fd) < 0) {
            if (fd >= 0)
                close(fd);
            if (fd >= 0)
                fprintf(stderr, "latch server: event loop: %s\n", strerror(errno));
            opt->workers = i;
            goto out;
        }
        snprintf(bound_port, sizeof bound_port, "%d", bound);
    }
    fprintf(stderr, strchr(bind_addr, ':') ? "listening on [%s]:%d\n" : "listening on %s:%d\n", bind_addr, bound);
    for (; started < opt->workers; started++)
        if (srv_worker_start(&workers[started]) < 0) {
            fprintf(stderr, "latch server: cannot start worker %d\n", started);
            __atomic_store_n(&srv.stopping, 1, __ATOMIC_RELEASE);
            for (int i = 0; i < started; i++)
                cli_loop_wake(&workers[i].loop);
            break;
        }
    int stop_signal = srv_supervise(workers, started, signal_fd);
    for (int i = 0; i < started; i++)
        srv_worker_join(&workers[i]);
    if (stop_signal) {
        uint64_t closed = srv.closed_with_notify;
        fprintf(stderr, "latch server: %s: stopped, %llu connection%s closed with close_notify\n",
                stop_signal == SIGINT ? "SIGINT" : "SIGTERM", (unsigned long long)closed, closed == 1 ? "" : "s");
        exit_code = 0;
    } else if (started == opt->workers && opt->once) {
        exit_code = workers[0].once_failed ? 1 : 0;
    }
out:
    for (int i = started; workers != NULL && i < opt->workers; i++) {
        if (workers[i].listener.fd >= 0)
            close(workers[i].listener.fd);
        cli_loop_close(&workers[i].loop);
    }
    free(workers);
    if (signal_fd >= 0)
        close(signal_fd);
    if (srv.done_fd >= 0)
        close(srv.done_fd);
    if (opt->access_log != NULL && opt->access_log != stderr)
        fclose(opt->access_log);
    latch_config_free(srv.config);
    pthread_mutex_destroy(&srv.config_lock);
    return exit_code;
}
