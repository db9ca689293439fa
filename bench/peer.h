/* Other TLS libraries in bench_tls: each peer file (bench/peer_<name>.c) runs its own client and
 * server in memory, in the modes it supports: full and resumed handshakes, bulk data, and the heap
 * held by idle connections, for the tables. */
#ifndef BENCH_PEER_H
#define BENCH_PEER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum { PEER_FULL, PEER_RESUME_TICKET, PEER_RESUME_ID } peer_resumption;

typedef struct {
    int tls12;            /* else TLS 1.3 */
    const char *cert;     /* "p256" or "rsa2048" (files in pki) */
    int rsa_kex;          /* TLS 1.2 static RSA key exchange */
    const char *pki;
    peer_resumption res;  /* PEER_FULL: no tickets, no session cache on either side */
    int chacha;           /* ChaCha20-Poly1305 instead of AES-128-GCM (the bulk runs) */
} peer_mode;

typedef struct {
    const char *name;
    const char *(*version)(void);
    /* NULL when the mode is not supported (the table says so) */
    void *(*setup)(const peer_mode *m);
    /* handshakes per second, the client verifying chain and host name; with m->res they resume
     * the session of the previous handshake (the first call starts with a full one). 0 when a
     * handshake fails or one meant to resume did not. */
    double (*handshakes)(void *ctx, int n);
    void (*teardown)(void *ctx);
    /* MB/s of application data client to server over one established connection, 16 KiB writes,
     * the server reading everything; 0 on failure. NULL: not measured. */
    double (*bulk)(void *ctx, size_t total);
    /* heap bytes (glibc mallinfo2) held per established idle connection, over n pairs: client and
     * server separately. 0 on success. NULL: not measured. */
    int (*idle_memory)(void *ctx, int n, double *client_b, double *server_b);
} peer_lib;

extern const peer_lib peer_gnutls, peer_mbedtls, peer_wolfssl;

#include <time.h>

static inline double peer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A one-way byte queue between an in-memory client and server. */
typedef struct {
    uint8_t buf[65536];
    size_t len, off;
} peer_pipe;

static inline size_t peer_pipe_write(peer_pipe *p, const void *data, size_t len)
{
    if (p->off == p->len)
        p->off = p->len = 0;
    size_t room = sizeof p->buf - p->len;
    size_t n = len < room ? len : room;
    memcpy(p->buf + p->len, data, n);
    p->len += n;
    return n;
}

static inline size_t peer_pipe_read(peer_pipe *p, void *out, size_t cap)
{
    size_t n = p->len - p->off < cap ? p->len - p->off : cap;
    memcpy(out, p->buf + p->off, n);
    p->off += n;
    return n;
}

#endif
