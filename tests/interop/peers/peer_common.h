/* What the interop peers (peer_wolfssl.c, peer_mbedtls.c, peer_bearssl.c) share: their command
 * line, the loopback socket, a bounded wait on it, and the data exchanged once the handshake is
 * done (an echo with an optional KeyUpdate between two messages, or a bulk transfer both ways at
 * once with SHA-256 over each direction). Each peer wraps its library's non-blocking connection
 * in a peer_tls; everything it prints goes to stdout, one fact a line, for the tests to match. */
#ifndef PEER_COMMON_H
#define PEER_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* results of the peer_tls operations besides a byte count */
enum { PEER_WANT_READ = -1, PEER_WANT_WRITE = -2, PEER_CLOSED = -3, PEER_ERROR = -4 };

typedef struct peer_tls peer_tls;
struct peer_tls {
    int fd;
    /* 0 when the handshake is done, else PEER_WANT_* or PEER_ERROR */
    int (*handshake)(peer_tls *t);
    /* bytes read (> 0), or PEER_WANT_*, PEER_CLOSED (close_notify) or PEER_ERROR */
    int (*read)(peer_tls *t, uint8_t *buf, size_t cap);
    /* bytes taken (> 0), or PEER_WANT_* (call again with the same buffer) or PEER_ERROR */
    int (*write)(peer_tls *t, const uint8_t *buf, size_t len);
    /* sends close_notify: 0 when sent, or PEER_WANT_* or PEER_ERROR */
    int (*close)(peer_tls *t);
    /* starts a KeyUpdate asking the other side for one: 0, or PEER_ERROR; NULL if impossible */
    int (*key_update)(peer_tls *t);
};

typedef struct {
    int server;              /* "server" or "client" */
    int port;
    int version;             /* 12, 13 or 0 for both */
    const char *suite;       /* IANA name, or NULL for the library's default */
    const char *cert, *key;  /* our certificate chain and key (a server's, or a client's for mTLS) */
    const char *ca;          /* roots for the other side's certificate */
    int require_client_cert; /* server: mutual TLS */
    int conns;               /* connections: a server serves this many, a client makes them */
    int resume;              /* client: every connection after the first resumes the session */
    int key_update;          /* start a KeyUpdate between the two echoed messages */
    int no_ems;              /* TLS 1.2 without the extended master secret */
    int hrr;                 /* TLS 1.3: force a HelloRetryRequest */
    long bulk;               /* bytes each way, at the same time; 0 for the echo */
} peer_args;

/* Parses the command line (exits 2 on bad usage) and arms the watchdog: no peer lives past
 * 60 s, so a hang fails instead of blocking the test. */
void peer_parse_args(peer_args *a, int argc, char **argv, const char *name);

/* the IANA name of a cipher suite code, or NULL; its OpenSSL-style name (wolfSSL's TLS13-... for
 * TLS 1.3); the code of an IANA name, or 0 */
const char *peer_suite_name(uint16_t code);
const char *peer_suite_short_name(uint16_t code);
uint16_t peer_suite_code(const char *name);

/* a listening socket on 127.0.0.1:port (and prints "listening on ..."), an accepted and a
 * connected non-blocking socket; -1 on failure (said on stderr) */
int peer_listen(int port);
int peer_accept(int listen_fd);
int peer_connect(int port);

/* Handshake, then the echo or bulk exchange of a, then close_notify; prints what it saw.
 * report prints the negotiated parameters once the handshake is done. 0 if all went well. */
int peer_run(peer_tls *t, const peer_args *a, void (*report)(peer_tls *t));

/* prints "peer: ..." on stderr and returns -1 */
int peer_fail(const char *fmt, ...);

#endif
