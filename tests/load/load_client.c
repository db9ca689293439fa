/* A load and abuse client for `latch server --echo` (tests/load/), over latch's public API and
 * one epoll loop, on loopback. In order, each phase finished before the next starts, all of
 * them held open together until the end:
 *   --stalled N     TCP connections that send the first byte of a ClientHello and then nothing
 *   --idle N        TLS 1.3 handshakes completed, then silent
 *   --noread        one client that sends without end and never reads what comes back
 *   --concurrent N  new TLS 1.3 handshakes all at once, each then an echo of "ping" and a close
 *   --sequential N  the same one after another (--rss-pid PID: the server's VmRSS every 1000)
 *   --hold S        then everything held open S seconds more (less if the server closes it all)
 * (--setup-timeout S: how long the idle handshakes may take, default 30; --batch N: the idle
 * handshakes N at a time)
 * Then, with --expect-close, it waits for the server to close the idle connections and counts
 * those that ended with close_notify. Every connection is a full handshake (a config per
 * connection: nothing to resume). Prints one line per phase, with the p50 and p99 time from
 * connect() to the echo (printed, never judged), and exits 0 when every connection that should
 * have worked did. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "latch.h"

typedef enum { KIND_STALL, KIND_IDLE, KIND_PROBE, KIND_NOREAD } client_kind;
typedef enum { ST_CONNECTING, ST_HANDSHAKE, ST_ECHO, ST_HELD, ST_DONE, ST_FAILED } client_state;

typedef struct {
    client_kind kind;
    client_state state;
    int fd;
    latch_conn *conn;
    double started_ms;
    size_t echoed;
    int closed_by_notify;
} client;

static int port, epoll_fd;
static const char *ca_path = "tests/vectors/pki/ca.pem";
static latch_roots *roots;
static int verbose;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void fail(client *c, const char *why)
{
    if (verbose || c->kind == KIND_PROBE)
        fprintf(stderr, "load_client: a %s connection failed: %s\n",
                c->kind == KIND_PROBE ? "new" : c->kind == KIND_IDLE ? "idle" : "other",
                c->conn && latch_conn_error(c->conn)[0] ? latch_conn_error(c->conn) : why);
    c->state = ST_FAILED;
    if (c->fd >= 0) {
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    }
    latch_conn_free(c->conn);
    c->conn = NULL;
}

static void finish(client *c)
{
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    c->state = ST_DONE;
    latch_conn_free(c->conn);
    c->conn = NULL;
}

static void watch(client *c)
{
    size_t pending = 0;
    uint32_t events = EPOLLIN;
    if (c->state == ST_CONNECTING)
        events = EPOLLOUT;
    else if (c->conn != NULL) {
        latch_net_out_buf(c->conn, &pending);
        if (pending > 0 || c->kind == KIND_NOREAD)
            events |= EPOLLOUT;
        if (c->kind == KIND_NOREAD && c->state == ST_HELD)
            events = EPOLLOUT; /* it never reads */
    }
    if (c->kind == KIND_STALL && c->state == ST_HELD)
        events = EPOLLIN; /* to see the server close it */
    struct epoll_event ev = { .events = events, .data.ptr = c };
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &ev);
}

static int start(client *c, client_kind kind)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    c->started_ms = now_ms();
    if (c->fd < 0) {
        perror("load_client: socket");
        c->state = ST_FAILED;
        return -1;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS) {
        fail(c, strerror(errno));
        return -1;
    }
    c->state = ST_CONNECTING;
    struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev);
    return 0;
}

static void step(client *c, uint32_t events)
{
    if (c->state == ST_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0)
            return fail(c, strerror(err));
        if (c->kind == KIND_STALL) {
            /* the record header's first byte: a handshake record, then nothing */
            if (write(c->fd, "\x16", 1) != 1)
                return fail(c, "write");
            c->state = ST_HELD;
            return watch(c);
        }
        latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
        if (cfg == NULL || latch_config_set_roots(cfg, roots) != LATCH_OK ||
            latch_config_set_versions(cfg, LATCH_TLS13, LATCH_TLS13) != LATCH_OK) {
            latch_config_free(cfg);
            return fail(c, "config");
        }
        c->conn = latch_conn_new(cfg, "localhost");
        latch_config_free(cfg); /* (the connection keeps it) */
        if (c->conn == NULL)
            return fail(c, latch_conn_new_error());
        c->state = ST_HANDSHAKE;
    } else if (c->kind == KIND_STALL) {
        char b[64];
        ssize_t n = read(c->fd, b, sizeof b);
        if (n == 0 || (n < 0 && errno != EAGAIN))
            return fail(c, "closed by the server");
        return;
    }
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !(c->kind == KIND_NOREAD && c->state == ST_HELD)) {
        latch_status st = latch_fd_fill(c->conn, c->fd);
        if (st < 0)
            return fail(c, "fill");
        if (st == LATCH_CLOSED && !c->closed_by_notify) {
            /* the end of TCP: fine after the server's close_notify */
            if (c->state == ST_HELD)
                return fail(c, "closed without close_notify");
            return fail(c, "connection closed");
        }
    }
    if (c->state == ST_HANDSHAKE && latch_conn_handshake_done(c->conn)) {
        if (c->kind == KIND_PROBE) {
            size_t n = 0;
            if (latch_write(c->conn, "ping", 4, &n) != LATCH_OK || n != 4)
                return fail(c, "write");
            c->state = ST_ECHO;
        } else {
            c->state = ST_HELD;
        }
    }
    if (c->state == ST_ECHO || (c->state == ST_HELD && c->kind == KIND_IDLE)) {
        for (;;) {
            uint8_t buf[256];
            size_t n = 0;
            latch_status st = latch_read(c->conn, buf, sizeof buf, &n);
            if (st == LATCH_CLOSED) {
                c->closed_by_notify = 1;
                break;
            }
            if (st < 0)
                return fail(c, "read");
            if (st != LATCH_OK)
                break;
            c->echoed += n;
        }
        if (c->state == ST_ECHO && c->echoed >= 4) {
            c->started_ms = now_ms() - c->started_ms; /* now the latency */
            latch_close_notify(c->conn);
            latch_fd_flush(c->conn, c->fd);
            return finish(c);
        }
        if (c->closed_by_notify && c->state == ST_HELD) {
            latch_close_notify(c->conn);
            latch_fd_flush(c->conn, c->fd);
            return finish(c);
        }
    }
    if (c->kind == KIND_NOREAD && c->state == ST_HELD) {
        static const uint8_t junk[16384];
        for (int i = 0; i < 8; i++) {
            size_t n = 0;
            if (latch_write(c->conn, junk, sizeof junk, &n) < 0)
                return fail(c, "write");
            if (latch_fd_flush(c->conn, c->fd) != LATCH_OK)
                break;
        }
    }
    if (latch_fd_flush(c->conn, c->fd) < 0)
        return fail(c, "flush");
    watch(c);
}

/* Runs the loop until every client in [from, to) has left the states in busy, or timeout. */
static void run_until(client *all, size_t from, size_t to, double timeout_ms, int (*busy)(const client *))
{
    double deadline = now_ms() + timeout_ms;
    for (;;) {
        size_t left = 0;
        for (size_t i = from; i < to; i++)
            left += busy(&all[i]) != 0;
        if (left == 0 || now_ms() > deadline)
            return;
        struct epoll_event evs[256];
        int n = epoll_wait(epoll_fd, evs, 256, 100);
        for (int i = 0; i < n; i++)
            step(evs[i].data.ptr, evs[i].events);
    }
}

static int busy_setup(const client *c) { return c->state == ST_CONNECTING || c->state == ST_HANDSHAKE; }
static int busy_probe(const client *c) { return c->state != ST_DONE && c->state != ST_FAILED; }
static int busy_held(const client *c) { return c->state == ST_HELD; }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* "N ok, M failed, p50 .. ms, p99 .. ms" for the probes in [from, to); the count that failed */
static size_t report(const char *phase, client *all, size_t from, size_t to, double elapsed_ms)
{
    size_t ok = 0, failed = 0;
    double *lat = malloc((to - from + 1) * sizeof *lat);
    for (size_t i = from; i < to; i++) {
        if (all[i].state == ST_DONE)
            lat[ok++] = all[i].started_ms;
        else
            failed++;
    }
    qsort(lat, ok, sizeof *lat, cmp_double);
    printf("%s: %zu ok, %zu failed, %.0f handshakes/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", phase, ok,
           failed, elapsed_ms > 0 ? (double)ok * 1000.0 / elapsed_ms : 0.0, ok ? lat[ok / 2] : 0.0,
           ok ? lat[(ok * 99) / 100 < ok ? (ok * 99) / 100 : ok - 1] : 0.0, ok ? lat[ok - 1] : 0.0);
    free(lat);
    fflush(stdout);
    return failed;
}

static long rss_kb(int pid)
{
    char path[64], line[256];
    long kb = -1;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    while (f != NULL && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    size_t n_stalled = 0, n_idle = 0, n_concurrent = 0, n_sequential = 0;
    int noread = 0, expect_close = 0, rss_pid = 0, hold_s = 0;
    double setup_ms = 30000;
    size_t batch = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
        if (strcmp(a, "--noread") == 0) { noread = 1; continue; }
        if (strcmp(a, "--expect-close") == 0) { expect_close = 1; continue; }
        if (strcmp(a, "--verbose") == 0) { verbose = 1; continue; }
        i++;
        if (strcmp(a, "--port") == 0) port = atoi(v);
        else if (strcmp(a, "--ca") == 0) ca_path = v;
        else if (strcmp(a, "--stalled") == 0) n_stalled = strtoul(v, NULL, 10);
        else if (strcmp(a, "--idle") == 0) n_idle = strtoul(v, NULL, 10);
        else if (strcmp(a, "--concurrent") == 0) n_concurrent = strtoul(v, NULL, 10);
        else if (strcmp(a, "--sequential") == 0) n_sequential = strtoul(v, NULL, 10);
        else if (strcmp(a, "--rss-pid") == 0) rss_pid = atoi(v);
        else if (strcmp(a, "--hold") == 0) hold_s = atoi(v);
        else if (strcmp(a, "--setup-timeout") == 0) setup_ms = 1000.0 * atof(v);
        else if (strcmp(a, "--batch") == 0) batch = strtoul(v, NULL, 10);
        else {
            fprintf(stderr, "load_client: unknown option %s\n", a);
            return 2;
        }
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    roots = latch_roots_new();
    if (port <= 0 || roots == NULL || latch_roots_add_file(roots, ca_path) != LATCH_OK) {
        fprintf(stderr, "load_client: --port N and --ca FILE (a readable CA) are needed\n");
        return 2;
    }
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    size_t total = n_stalled + n_idle + (size_t)noread + n_concurrent + 1;
    client *all = calloc(total, sizeof *all);
    size_t at = 0, failed = 0;
    for (size_t i = 0; i < n_stalled; i++)
        start(&all[at++], KIND_STALL);
    run_until(all, 0, at, 10000, busy_setup);
    size_t idle_from = at;
    /* (--batch N: N handshakes at a time, so the server's peak is N handshakes, not all) */
    for (size_t done = 0; done < n_idle;) {
        size_t n = batch > 0 && batch < n_idle - done ? batch : n_idle - done;
        for (size_t i = 0; i < n; i++)
            start(&all[at++], KIND_IDLE);
        run_until(all, idle_from, at, setup_ms, busy_setup);
        done += n;
    }
    size_t idle_held = 0;
    for (size_t i = idle_from; i < at; i++)
        idle_held += all[i].state == ST_HELD;
    if (n_stalled)
        printf("stalled: %zu connections sent one byte and stopped\n", n_stalled);
    if (n_idle)
        printf("idle: %zu of %zu handshakes completed and held\n", idle_held, n_idle);
    failed += n_idle - idle_held;
    if (noread) {
        start(&all[at], KIND_NOREAD);
        run_until(all, at, at + 1, 10000, busy_setup);
        if (all[at].state != ST_HELD)
            failed++;
        at++;
        /* let it fill every buffer on the way before the others start */
        run_until(all, 0, 0, 1000, busy_setup);
        double until = now_ms() + 1000;
        while (now_ms() < until) {
            struct epoll_event evs[256];
            int n = epoll_wait(epoll_fd, evs, 256, 50);
            for (int i = 0; i < n; i++)
                step(evs[i].data.ptr, evs[i].events);
        }
        printf("noread: a client sending without reading is %s\n", all[at - 1].state == ST_HELD ? "held" : "gone");
    }
    if (n_concurrent) {
        size_t from = at;
        double t0 = now_ms();
        for (size_t i = 0; i < n_concurrent; i++)
            start(&all[at++], KIND_PROBE);
        run_until(all, from, at, 50000, busy_probe);
        failed += report("concurrent", all, from, at, now_ms() - t0);
    }
    if (n_sequential) {
        size_t ok = 0;
        double *lat = malloc(n_sequential * sizeof *lat), t0 = now_ms();
        long first_rss = -1;
        for (size_t i = 0; i < n_sequential; i++) {
            client *c = &all[at];
            start(c, KIND_PROBE);
            run_until(all, at, at + 1, 10000, busy_probe);
            if (c->state == ST_DONE)
                lat[ok++] = c->started_ms;
            else if (c->fd >= 0)
                fail(c, "no echo within 10 s");
            if (rss_pid && (i + 1) % 1000 == 0) {
                long kb = rss_kb(rss_pid);
                if (first_rss < 0)
                    first_rss = kb;
                printf("rss after %zu: %ld kB\n", i + 1, kb);
                fflush(stdout);
            }
        }
        double elapsed = now_ms() - t0;
        qsort(lat, ok, sizeof *lat, cmp_double);
        printf("sequential: %zu ok, %zu failed, %.0f handshakes/s, latency p50 %.1f ms, p99 %.1f ms\n", ok,
               n_sequential - ok, elapsed > 0 ? (double)ok * 1000 / elapsed : 0, ok ? lat[ok / 2] : 0,
               ok ? lat[(ok * 99) / 100] : 0);
        failed += n_sequential - ok;
        free(lat);
    }
    if (n_stalled || n_idle) {
        size_t still = 0;
        for (size_t i = 0; i < idle_from + n_idle; i++)
            still += all[i].state == ST_HELD;
        printf("held: %zu of %zu stalled and idle connections still open\n", still, n_stalled + idle_held);
    }
    if (hold_s > 0) {
        printf("holding %d s\n", hold_s);
        fflush(stdout);
        /* (until every held connection has been closed by the server, if that comes first) */
        double until = now_ms() + hold_s * 1000.0;
        size_t held = 1;
        while (now_ms() < until && held > 0) {
            held = 0;
            for (size_t i = 0; i < at; i++)
                held += all[i].state == ST_HELD;
            struct epoll_event evs[256];
            int n = epoll_wait(epoll_fd, evs, 256, 50);
            for (int i = 0; i < n; i++)
                step(evs[i].data.ptr, evs[i].events);
        }
    }
    if (expect_close) {
        run_until(all, idle_from, idle_from + n_idle, 30000, busy_held);
        size_t notified = 0;
        for (size_t i = idle_from; i < idle_from + n_idle; i++)
            notified += all[i].closed_by_notify && all[i].state == ST_DONE;
        printf("closed by the server: %zu of %zu idle connections, with close_notify\n", notified, idle_held);
        failed += idle_held - notified;
    }
    fflush(stdout);
    for (size_t i = 0; i < at; i++) {
        latch_conn_free(all[i].conn);
        if (all[i].fd >= 0)
            close(all[i].fd);
    }
    free(all);
    latch_roots_free(roots);
    close(epoll_fd);
    return failed ? 1 : 0;
}
