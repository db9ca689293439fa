/* Bulk throughput through a relay, for `make bench-server` (bench/bench_server.sh): a sink on
 * --sink-port that reads until the end of TCP, and a sender that connects to the relay on --port
 * (a TLS terminator such as `latch proxy`, hitch, stunnel or nginx's stream module whose backend is
 * the sink, or a plain TCP relay such as socat), writes --mbytes MiB in 16 KiB writes and shuts
 * its end. With --tls the sender speaks TLS 1.3 over latch's client (AES-128-GCM, x25519, the
 * chain verified against --ca for "localhost"), so the relay decrypts every byte; without it the
 * bytes go as they are. The sink checks the count and the sum of the bytes it got, so a relay
 * that loses or changes data fails the run instead of looking fast.
 * Prints one line: "bulk: BYTES bytes in SECONDS s, MB/s", timed from the end of the handshake
 * to the sink's end of file. A benchmark, never a test: it prints figures and judges only the
 * data's integrity (exit 1 if it was not whole). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "latch.h"

#define BULK_CHUNK 16384

typedef struct {
    int listen_fd;
    uint64_t bytes, sum;
    double end_s;
    int failed;
} bulk_sink;

static double bulk_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t bulk_sum(const uint8_t *p, size_t n)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += p[i];
    return sum;
}

/* The backend: one connection, read to the end, counted. */
static void *bulk_sink_run(void *arg)
{
    bulk_sink *sink = arg;
    int fd = accept(sink->listen_fd, NULL, NULL);
    if (fd < 0) {
        perror("bench_relay_bulk: accept");
        sink->failed = 1;
        return NULL;
    }
    static uint8_t buf[1 << 17];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            perror("bench_relay_bulk: sink read");
            sink->failed = 1;
            break;
        }
        if (n == 0)
            break;
        sink->bytes += (uint64_t)n;
        sink->sum += bulk_sum(buf, (size_t)n);
    }
    sink->end_s = bulk_now_s();
    close(fd);
    return NULL;
}

static int bulk_listen(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 8) < 0) {
        perror("bench_relay_bulk: sink listen");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int bulk_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("bench_relay_bulk: connect");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static latch_conn *bulk_tls_client(const char *ca, int fd)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    latch_conn *conn = NULL;
    if (cfg == NULL || latch_config_set_roots_file(cfg, ca) != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS13, LATCH_TLS13) != LATCH_OK ||
        latch_config_set_suites(cfg, "TLS_AES_128_GCM_SHA256") != LATCH_OK ||
        latch_config_set_groups(cfg, "x25519") != LATCH_OK || latch_config_freeze(cfg) != LATCH_OK) {
        fprintf(stderr, "bench_relay_bulk: client configuration: %s\n", cfg ? latch_config_error(cfg) : "no memory");
        goto out;
    }
    conn = latch_conn_new(cfg, "localhost");
    if (conn == NULL) {
        fprintf(stderr, "bench_relay_bulk: %s\n", latch_conn_new_error());
        goto out;
    }
    if (latch_conn_set_fd(conn, fd) != LATCH_OK || latch_handshake(conn) != LATCH_OK) {
        fprintf(stderr, "bench_relay_bulk: handshake: %s\n", latch_conn_error(conn));
        latch_conn_free(conn);
        conn = NULL;
    }
out:
    latch_config_free(cfg);
    return conn;
}

/* Writes all of len: through the engine (TLS) or straight to the socket. */
static int bulk_write_all(latch_conn *conn, int fd, const uint8_t *p, size_t len)
{
    while (len > 0) {
        size_t n = 0;
        if (conn != NULL) {
            if (latch_fd_write(conn, p, len, &n) != LATCH_OK) {
                fprintf(stderr, "bench_relay_bulk: write: %s\n", latch_conn_error(conn));
                return -1;
            }
        } else {
            ssize_t w = write(fd, p, len);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                perror("bench_relay_bulk: write");
                return -1;
            }
            n = (size_t)w;
        }
        p += n;
        len -= n;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int port = 0, sink_port = 0, tls = 0, rc = 1, fd = -1;
    uint64_t mbytes = 1024;
    const char *ca = "tests/vectors/pki/ca.pem";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
        if (strcmp(a, "--tls") == 0) {
            tls = 1;
            continue;
        }
        i++;
        if (strcmp(a, "--port") == 0)
            port = atoi(v);
        else if (strcmp(a, "--sink-port") == 0)
            sink_port = atoi(v);
        else if (strcmp(a, "--mbytes") == 0)
            mbytes = strtoull(v, NULL, 10);
        else if (strcmp(a, "--ca") == 0)
            ca = v;
        else
            port = -1;
    }
    if (port <= 0 || sink_port <= 0 || mbytes == 0) {
        fprintf(stderr, "usage: bench_relay_bulk --port RELAY --sink-port BACKEND [--tls [--ca FILE]] [--mbytes N]\n");
        return 2;
    }
    bulk_sink sink = { .listen_fd = bulk_listen(sink_port) };
    if (sink.listen_fd < 0)
        return 1;
    pthread_t sink_thread;
    int sink_running = 0;
    if (pthread_create(&sink_thread, NULL, bulk_sink_run, &sink) != 0) {
        close(sink.listen_fd);
        return 1;
    }
    sink_running = 1;
    latch_conn *conn = NULL;
    static uint8_t chunk[BULK_CHUNK];
    uint64_t total = mbytes << 20, sent_sum = 0;
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (uint8_t)((i * 2654435761u) >> 13);
    fd = bulk_connect(port);
    if (fd < 0)
        goto out;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (tls && (conn = bulk_tls_client(ca, fd)) == NULL)
        goto out;
    double start_s = bulk_now_s();
    for (uint64_t sent = 0; sent < total; sent += sizeof chunk) {
        /* each chunk differs from the one before in its first byte, so a chunk lost or sent
         * twice changes the sum */
        chunk[0] = (uint8_t)(sent / sizeof chunk);
        sent_sum += bulk_sum(chunk, sizeof chunk);
        if (bulk_write_all(conn, fd, chunk, sizeof chunk) < 0)
            goto out;
    }
    if (conn != NULL && latch_fd_close(conn) != LATCH_OK)
        fprintf(stderr, "bench_relay_bulk: close_notify: %s\n", latch_conn_error(conn));
    shutdown(fd, SHUT_WR);
    pthread_join(sink_thread, NULL);
    sink_running = 0;
    double seconds = sink.end_s - start_s;
    if (sink.failed || sink.bytes != total || sink.sum != sent_sum) {
        fprintf(stderr, "bench_relay_bulk: the sink got %llu bytes of %llu (sum %s)\n",
                (unsigned long long)sink.bytes, (unsigned long long)total, sink.sum == sent_sum ? "right" : "wrong");
        goto out;
    }
    printf("bulk: %llu bytes in %.3f s, %.1f MB/s\n", (unsigned long long)total, seconds,
           seconds > 0 ? (double)total / seconds / 1e6 : 0.0);
    rc = 0;
out:
    if (sink_running) {
        /* the sink may still wait in accept() or read(): closing ends it */
        shutdown(sink.listen_fd, SHUT_RDWR);
        pthread_cancel(sink_thread);
        pthread_join(sink_thread, NULL);
    }
    latch_conn_free(conn);
    if (fd >= 0)
        close(fd);
    close(sink.listen_fd);
    return rc;
}
