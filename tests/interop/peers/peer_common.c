/* The interop peers' shared part (see peer_common.h): command line, sockets, bounded waits, the
 * echo and bulk exchanges, and a small SHA-256 (FIPS 180-4) so that every peer hashes the same way
 * whatever its library offers. */
#define _POSIX_C_SOURCE 200809L
#include "peer_common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PEER_WAIT_MS 20000 /* the longest any single wait on the socket may take */

int peer_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("peer: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

static void usage(const char *name)
{
    fprintf(stderr,
            "usage: %s server|client --port N [--tls12|--tls13] [--suite IANA_NAME]\n"
            "          [--cert FILE --key FILE] [--ca FILE] [--require-client-cert] [--conns N]\n"
            "          [--resume] [--key-update] [--no-ems] [--hrr] [--bulk BYTES]\n",
            name);
    exit(2);
}

void peer_parse_args(peer_args *a, int argc, char **argv, const char *name)
{
    memset(a, 0, sizeof *a);
    a->conns = 1;
    if (argc < 2)
        usage(name);
    if (strcmp(argv[1], "server") == 0)
        a->server = 1;
    else if (strcmp(argv[1], "client") != 0)
        usage(name);
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--tls12") == 0)
            a->version = 12;
        else if (strcmp(o, "--tls13") == 0)
            a->version = 13;
        else if (strcmp(o, "--require-client-cert") == 0)
            a->require_client_cert = 1;
        else if (strcmp(o, "--resume") == 0)
            a->resume = 1;
        else if (strcmp(o, "--key-update") == 0)
            a->key_update = 1;
        else if (strcmp(o, "--no-ems") == 0)
            a->no_ems = 1;
        else if (strcmp(o, "--hrr") == 0)
            a->hrr = 1;
        else if (v == NULL)
            usage(name);
        else if (strcmp(o, "--port") == 0)
            a->port = atoi(v), i++;
        else if (strcmp(o, "--suite") == 0)
            a->suite = v, i++;
        else if (strcmp(o, "--cert") == 0)
            a->cert = v, i++;
        else if (strcmp(o, "--key") == 0)
            a->key = v, i++;
        else if (strcmp(o, "--ca") == 0)
            a->ca = v, i++;
        else if (strcmp(o, "--conns") == 0)
            a->conns = atoi(v), i++;
        else if (strcmp(o, "--bulk") == 0)
            a->bulk = atol(v), i++;
        else
            usage(name);
    }
    if (a->port <= 0 || a->conns <= 0 || (a->suite != NULL && peer_suite_code(a->suite) == 0) ||
        (a->server && (a->cert == NULL || a->key == NULL)) || (!a->server && a->ca == NULL) ||
        (a->require_client_cert && a->ca == NULL) || (a->cert == NULL) != (a->key == NULL))
        usage(name);
    if (a->resume && a->conns < 2)
        a->conns = 2;
    alarm(60);
    setvbuf(stdout, NULL, _IOLBF, 0);
}

static const struct {
    uint16_t code;
    const char *name, *short_name; /* IANA's; OpenSSL's (wolfSSL's for TLS 1.3) */
} suites[] = {
    { 0x1301, "TLS_AES_128_GCM_SHA256", "TLS13-AES128-GCM-SHA256" },
    { 0x1302, "TLS_AES_256_GCM_SHA384", "TLS13-AES256-GCM-SHA384" },
    { 0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS13-CHACHA20-POLY1305-SHA256" },
    { 0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256" },
    { 0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384" },
    { 0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305" },
    { 0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256" },
    { 0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384" },
    { 0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305" },
    { 0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256" },
    { 0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384" },
};

const char *peer_suite_name(uint16_t code)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].code == code)
            return suites[i].name;
    return NULL;
}

const char *peer_suite_short_name(uint16_t code)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].code == code)
            return suites[i].short_name;
    return NULL;
}

uint16_t peer_suite_code(const char *name)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (strcmp(suites[i].name, name) == 0)
            return suites[i].code;
    return 0;
}

static int nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ? -1 : 0;
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sa;
}

int peer_listen(int port)
{
    struct sockaddr_in sa = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 8) < 0 || nonblocking(fd) < 0) {
        peer_fail("cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    printf("listening on 127.0.0.1:%d\n", port);
    return fd;
}

static int wait_fd(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    int n;
    do
        n = poll(&p, 1, PEER_WAIT_MS);
    while (n < 0 && errno == EINTR);
    return n > 0 ? 0 : peer_fail("timed out waiting for the other side");
}

int peer_accept(int listen_fd)
{
    if (wait_fd(listen_fd, POLLIN) < 0)
        return -1;
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0 || nonblocking(fd) < 0) {
        peer_fail("accept: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int peer_connect(int port)
{
    struct sockaddr_in sa = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || nonblocking(fd) < 0) {
        peer_fail("cannot connect to 127.0.0.1:%d: %s", port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* waits for what the library wants; -1 on a timeout or an error result */
static int wait_for(peer_tls *t, int want)
{
    if (want == PEER_WANT_READ)
        return wait_fd(t->fd, POLLIN);
    if (want == PEER_WANT_WRITE)
        return wait_fd(t->fd, POLLOUT);
    return -1;
}

static int write_all(peer_tls *t, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        int n = t->write(t, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (wait_for(t, n) < 0) {
            return peer_fail("write failed (%d)", n);
        }
    }
    return 0;
}

/* > 0 bytes, or PEER_CLOSED, or PEER_ERROR */
static int read_some(peer_tls *t, uint8_t *buf, size_t cap)
{
    for (;;) {
        int n = t->read(t, buf, cap);
        if (n > 0 || n == PEER_CLOSED)
            return n;
        if (wait_for(t, n) < 0)
            return PEER_ERROR;
    }
}

/* ---- SHA-256 ---------------------------------------------------------------------------- */
typedef struct {
    uint32_t h[8];
    uint8_t block[64];
    size_t used;
    uint64_t bytes;
} sha256;

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256 *s, const uint8_t *p)
{
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, s->h, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
                      sha256_k[i] + w[i];
        uint32_t t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)
        s->h[i] += v[i];
}

static void sha256_init(sha256 *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof iv);
    s->used = 0;
    s->bytes = 0;
}

static void sha256_update(sha256 *s, const uint8_t *p, size_t n)
{
    s->bytes += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            sha256_block(s, s->block);
            s->used = 0;
        }
    }
}

static void sha256_hex(sha256 *s, char out[65])
{
    uint64_t bits = s->bytes * 8;
    uint8_t pad[72] = { 0x80 };
    size_t padlen = (s->used < 56 ? 56 : 120) - s->used;
    for (int i = 0; i < 8; i++)
        pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(s, pad, padlen + 8);
    for (int i = 0; i < 8; i++)
        snprintf(out + 8 * i, 9, "%08x", s->h[i]);
}

/* ---- the exchanges ---------------------------------------------------------------------- */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void rng_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    rng_state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^ 0x9e3779b97f4a7c15u;
}

/* reads exactly len bytes and checks they are want */
static int read_expect(peer_tls *t, const char *want, size_t len)
{
    uint8_t buf[256];
    size_t got = 0;
    while (got < len) {
        int n = read_some(t, buf + got, len - got);
        if (n <= 0)
            return peer_fail("the echo stopped after %zu of %zu bytes", got, len);
        got += (size_t)n;
    }
    return memcmp(buf, want, len) == 0 ? 0 : peer_fail("the echo differs from what was sent");
}

static int key_update(peer_tls *t)
{
    if (t->key_update == NULL || t->key_update(t) < 0)
        return peer_fail("KeyUpdate failed");
    printf("key update sent\n");
    return 0;
}

static int echo_client(peer_tls *t, const peer_args *a)
{
    static const char first[] = "first message\n", second[] = "second message\n";
    if (write_all(t, (const uint8_t *)first, sizeof first - 1) < 0 || read_expect(t, first, sizeof first - 1) < 0)
        return -1;
    if (a->key_update && key_update(t) < 0)
        return -1;
    if (write_all(t, (const uint8_t *)second, sizeof second - 1) < 0 ||
        read_expect(t, second, sizeof second - 1) < 0)
        return -1;
    printf("echo ok\n");
    return 0;
}

static int echo_server(peer_tls *t, const peer_args *a)
{
    uint8_t buf[16384];
    long total = 0;
    for (;;) {
        int n = read_some(t, buf, sizeof buf);
        if (n == PEER_CLOSED)
            break;
        if (n < 0 || write_all(t, buf, (size_t)n) < 0)
            return peer_fail("the echo failed after %ld bytes", total);
        if (total == 0 && a->key_update && key_update(t) < 0)
            return -1;
        total += n;
    }
    printf("echoed %ld bytes\n", total);
    return 0;
}

/* a->bulk random bytes out in random chunk sizes while a->bulk bytes come in */
static int bulk(peer_tls *t, const peer_args *a)
{
    static uint8_t out[65536], in[65536];
    sha256 sent_hash, received_hash;
    long sent = 0, received = 0;
    size_t chunk = 0; /* bytes of out[] being written (kept while the library wants a retry) */
    char hex[65];
    sha256_init(&sent_hash);
    sha256_init(&received_hash);
    rng_seed();
    while (sent < a->bulk || received < a->bulk) {
        int progress = 0;
        short events = 0;
        if (received < a->bulk) {
            int n = t->read(t, in, sizeof in);
            if (n > 0) {
                sha256_update(&received_hash, in, (size_t)n);
                received += n;
                progress = 1;
            } else if (n == PEER_CLOSED || n == PEER_ERROR) {
                return peer_fail("bulk: the connection ended after %ld of %ld bytes in", received, a->bulk);
            } else {
                events |= n == PEER_WANT_READ ? POLLIN : POLLOUT;
            }
        }
        if (sent < a->bulk) {
            if (chunk == 0) {
                chunk = 1 + (size_t)(rng_next() % 40000);
                if ((long)chunk > a->bulk - sent)
                    chunk = (size_t)(a->bulk - sent);
                for (size_t i = 0; i < chunk; i += 8) {
                    uint64_t r = rng_next();
                    memcpy(out + i, &r, chunk - i < 8 ? chunk - i : 8);
                }
            }
            int n = t->write(t, out, chunk);
            if (n > 0) {
                sha256_update(&sent_hash, out, (size_t)n);
                sent += n;
                memmove(out, out + n, chunk - (size_t)n);
                chunk -= (size_t)n;
                progress = 1;
            } else if (n == PEER_ERROR || n == PEER_CLOSED) {
                return peer_fail("bulk: the connection ended after %ld of %ld bytes out", sent, a->bulk);
            } else {
                events |= n == PEER_WANT_READ ? POLLIN : POLLOUT;
            }
        }
        if (!progress && wait_fd(t->fd, events) < 0)
            return peer_fail("bulk: stuck at %ld bytes out, %ld in", sent, received);
    }
    sha256_hex(&sent_hash, hex);
    printf("bulk sent %ld sha256 %s\n", sent, hex);
    sha256_hex(&received_hash, hex);
    printf("bulk received %ld sha256 %s\n", received, hex);
    return 0;
}

/* close_notify, then the rest of the stream unread as raw bytes until the other side closes (a
 * socket closed with unread bytes would reset the connection and could lose what we sent) */
static void finish(peer_tls *t)
{
    int n;
    while ((n = t->close(t)) != 0)
        if (wait_for(t, n) < 0)
            break;
    shutdown(t->fd, SHUT_WR);
    uint8_t buf[4096];
    for (;;) {
        ssize_t got = recv(t->fd, buf, sizeof buf, 0);
        if (got > 0 || (got < 0 && errno == EINTR))
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_fd(t->fd, POLLIN) == 0)
            continue;
        break;
    }
}

int peer_run(peer_tls *t, const peer_args *a, void (*report)(peer_tls *t))
{
    int n;
    while ((n = t->handshake(t)) != 0)
        if (wait_for(t, n) < 0)
            return peer_fail("handshake failed");
    report(t);
    int rc = a->bulk > 0 ? bulk(t, a) : a->server ? echo_server(t, a) : echo_client(t, a);
    if (rc == 0)
        finish(t);
    return rc;
}
