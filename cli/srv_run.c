/* Runs a `latch server` or `latch proxy` process once its options are read: the file
 * descriptor limit fitted to --max-connections, the configuration built, one listening socket
 * and one worker thread per --workers, then this thread waits for signals: SIGTERM/SIGINT stop
 * it (every connection closed with close_notify), SIGHUP rebuilds the configuration from the
 * files for new connections without touching open ones. */
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
#include <unistd.h>

#include "net.h"
#include "srv.h"

/* descriptors the process needs besides its connections: stdio, the loops, the listeners, the
 * OCSP and key log files, a reload's files */
#define SRV_SPARE_FDS 64
/* how often, and after how many new connections, freed memory is given back (malloc_trim) */
#define SRV_TRIM_EVERY_MS 10000
#define SRV_TRIM_AFTER_ACCEPTS 1000

/* Room for the connections in the file descriptor limit: the soft limit raised as far as
 * needed (and the hard limit allows). A limit asked for that does not fit is an error; the
 * default shrinks to what fits. 0, or -1 with a message. */
static int srv_fit_fd_limit(const char *who, srv_options *opt, int explicit_max)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return 0;
    /* --www: a file open per connection sending one; the proxy: the backend's socket */
    rlim_t per_conn = opt->mode == SRV_MODE_HTTP || opt->mode == SRV_MODE_ECHO ? 1 : 2;
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
        fprintf(stderr, "%s: --max-connections %ld needs %llu file descriptors, but the limit is %llu "
                        "(hard limit %llu): raise it (ulimit -n, LimitNOFILE= in a systemd unit) or "
                        "ask for at most %ld connections\n", who, opt->max_connections,
                (unsigned long long)need, (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max,
                fits);
        return -1;
    }
    opt->max_connections = fits;
    return 0;
}

/* SIGHUP: a new configuration from the files for new connections, or the old one kept. */
static void srv_reload(srv_shared *sh)
{
    char why[512];
    int usage_error;
    latch_config *cfg = sh->build_config(&sh->files, why, sizeof why, &usage_error);
    if (cfg == NULL) {
        fprintf(stderr, "%s: SIGHUP: not reloaded, the running configuration stays: %s\n", sh->who, why);
        return;
    }
    pthread_mutex_lock(&sh->config_lock);
    latch_config *old = sh->config;
    sh->config = cfg;
    pthread_mutex_unlock(&sh->config_lock);
    /* (connections made with the old one keep it alive until they end) */
    latch_config_free(old);
    fprintf(stderr, "%s: SIGHUP: reloaded certificates, keys, OCSP responses, roots%s for new "
                    "connections\n", sh->who, sh->files.ticket_keys ? " and ticket keys" : "");
}

/* Waits for the workers, signals and the --stats period; returns the signal that stopped the
 * server (0 when the workers ended on their own: --once). */
static int srv_supervise(srv_shared *sh, srv_worker *workers, int n_workers, int signal_fd)
{
    int ended = 0, stop_signal = 0;
    int64_t last_stats = cli_net_now_ms(), last_trim = last_stats;
    uint64_t accepted_at_trim = 0;
    while (ended < n_workers) {
        struct pollfd fds[2] = { { signal_fd, POLLIN, 0 }, { sh->done_fd, POLLIN, 0 } };
        int wait_ms = SRV_TRIM_EVERY_MS;
        if (sh->opt.stats_seconds > 0 && 1000 * sh->opt.stats_seconds < wait_ms)
            wait_ms = 1000 * sh->opt.stats_seconds;
        int ready = poll(fds, 2, wait_ms);
        if (ready < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            uint64_t count = 0;
            if (read(sh->done_fd, &count, sizeof count) == sizeof count)
                ended += (int)count;
        }
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(signal_fd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGHUP) {
                    srv_reload(sh);
                } else if (!stop_signal) {
                    stop_signal = (int)si.ssi_signo;
                    __atomic_store_n(&sh->stopping, 1, __ATOMIC_RELEASE);
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
        uint64_t accepted = __atomic_load_n(&sh->accepted, __ATOMIC_RELAXED);
        if (now - last_trim >= SRV_TRIM_EVERY_MS) {
            if (accepted - accepted_at_trim >= SRV_TRIM_AFTER_ACCEPTS)
                malloc_trim(0);
            accepted_at_trim = accepted;
            last_trim = now;
        }
        if (sh->opt.stats_seconds > 0 && now - last_stats >= 1000L * sh->opt.stats_seconds) {
            srv_log_stats(sh, (double)(now - last_stats) / 1000.0);
            last_stats = now;
        }
    }
    return stop_signal;
}

int srv_run(srv_shared *sh, srv_args *args)
{
    srv_options *opt = &sh->opt;
    int exit_code = 1, signal_fd = -1, started = 0;
    srv_worker *workers = NULL;
    sigset_t signals;
    char why[512];
    int usage_error = 0;
    sh->done_fd = -1;
    pthread_mutex_init(&sh->config_lock, NULL);
    if (srv_fit_fd_limit(sh->who, opt, args->explicit_max) < 0)
        return 2;
    if (args->access_log != NULL) {
        opt->access_log = strcmp(args->access_log, "-") == 0 ? stderr : fopen(args->access_log, "a");
        if (opt->access_log == NULL) {
            fprintf(stderr, "%s: --access-log %s: %s\n", sh->who, args->access_log, strerror(errno));
            return 2;
        }
    }
    sh->config = sh->build_config(&sh->files, why, sizeof why, &usage_error);
    if (sh->config == NULL) {
        fprintf(stderr, "%s: %s\n", sh->who, why);
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
        (sh->done_fd = eventfd(0, EFD_CLOEXEC)) < 0) {
        fprintf(stderr, "%s: %s\n", sh->who, strerror(errno));
        goto out;
    }
    workers = calloc((size_t)opt->workers, sizeof *workers);
    if (workers == NULL)
        goto out;
    /* every listener is bound before any worker starts: the port (0: the first one's) is
     * known, and a port in use is said once */
    int backlog = cli_net_somaxconn(), bound = 0;
    char bound_port[16];
    snprintf(bound_port, sizeof bound_port, "%s", args->port);
    for (int i = 0; i < opt->workers; i++) {
        int fd = cli_net_listen_on(sh->who, args->bind_addr, bound_port, backlog,
                                   i == 0 ? CLI_NET_REUSEPORT_FIRST : CLI_NET_REUSEPORT_JOIN, &bound);
        if (fd < 0 || cli_net_nonblocking(fd) < 0 || srv_worker_init(&workers[i], sh, i, fd) < 0) {
            if (fd >= 0)
                close(fd);
            if (fd >= 0)
                fprintf(stderr, "%s: event loop: %s\n", sh->who, strerror(errno));
            opt->workers = i;
            goto out;
        }
        snprintf(bound_port, sizeof bound_port, "%d", bound);
    }
    fprintf(stderr, strchr(args->bind_addr, ':') ? "listening on [%s]:%d\n" : "listening on %s:%d\n", args->bind_addr,
            bound);
    for (; started < opt->workers; started++)
        if (srv_worker_start(&workers[started]) < 0) {
            fprintf(stderr, "%s: cannot start worker %d\n", sh->who, started);
            __atomic_store_n(&sh->stopping, 1, __ATOMIC_RELEASE);
            for (int i = 0; i < started; i++)
                cli_loop_wake(&workers[i].loop);
            break;
        }
    int stop_signal = srv_supervise(sh, workers, started, signal_fd);
    for (int i = 0; i < started; i++)
        srv_worker_join(&workers[i]);
    if (stop_signal) {
        uint64_t closed = sh->closed_with_notify;
        fprintf(stderr, "%s: %s: stopped, %llu connection%s closed with close_notify\n", sh->who,
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
    if (sh->done_fd >= 0)
        close(sh->done_fd);
    if (opt->access_log != NULL && opt->access_log != stderr)
        fclose(opt->access_log);
    latch_config_free(sh->config);
    pthread_mutex_destroy(&sh->config_lock);
    return exit_code;
}
