/* wolfSSL in bench_tls (see peer.h). Debian's build has no static RSA key exchange. Resumption by
 * TLS 1.3 ticket (psk_dhe_ke: the client sends an X25519 share), TLS 1.2 ticket (RFC 5077) or TLS
 * 1.2 session ID (wolfSSL's own server cache); the client keeps its session here, outside the
 * cache, and PEER_FULL turns the cache off on both sides. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "peer.h"

typedef struct {
    WOLFSSL_CTX *client, *server;
    int tls13;
    peer_resumption res;
    WOLFSSL_SESSION *session; /* client: the newest session, offered next */
    peer_pipe to_server, to_client;
} w_ctx;

typedef struct {
    peer_pipe *in, *out;
} w_end;

static int w_send(WOLFSSL *ssl, char *buf, int len, void *p)
{
    (void)ssl;
    w_end *e = p;
    size_t n = peer_pipe_write(e->out, buf, (size_t)len);
    return n ? (int)n : WOLFSSL_CBIO_ERR_WANT_WRITE;
}

static int w_recv(WOLFSSL *ssl, char *buf, int len, void *p)
{
    (void)ssl;
    w_end *e = p;
    size_t n = peer_pipe_read(e->in, buf, (size_t)len);
    return n ? (int)n : WOLFSSL_CBIO_ERR_WANT_READ;
}

static const char *w_version(void)
{
    return wolfSSL_lib_version();
}

static void w_teardown(void *p)
{
    w_ctx *c = p;
    if (c->session != NULL)
        wolfSSL_SESSION_free(c->session);
    wolfSSL_CTX_free(c->client);
    wolfSSL_CTX_free(c->server);
    free(c);
    wolfSSL_Cleanup();
}

static void *w_setup(const peer_mode *m)
{
    char path[600];
    if (m->rsa_kex || (m->res == PEER_RESUME_ID && !m->tls12))
        return NULL; /* no static RSA in Debian's build; session IDs are TLS 1.2 */
    w_ctx *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    wolfSSL_Init();
    c->tls13 = !m->tls12;
    c->res = m->res;
    c->client = wolfSSL_CTX_new(m->tls12 ? wolfTLSv1_2_client_method() : wolfTLSv1_3_client_method());
    c->server = wolfSSL_CTX_new(m->tls12 ? wolfTLSv1_2_server_method() : wolfTLSv1_3_server_method());
    int ok = c->client != NULL && c->server != NULL;
    snprintf(path, sizeof path, "%s/ca.pem", m->pki);
    ok = ok && wolfSSL_CTX_load_verify_locations(c->client, path, NULL) == WOLFSSL_SUCCESS;
    snprintf(path, sizeof path, "%s/%s.pem", m->pki, m->cert);
    ok = ok && wolfSSL_CTX_use_certificate_chain_file(c->server, path) == WOLFSSL_SUCCESS;
    snprintf(path, sizeof path, "%s/%s-key.pem", m->pki, m->cert);
    ok = ok && wolfSSL_CTX_use_PrivateKey_file(c->server, path, WOLFSSL_FILETYPE_PEM) == WOLFSSL_SUCCESS;
    const char *list = m->tls12 ? (m->chacha ? "ECDHE-ECDSA-CHACHA20-POLY1305" : "ECDHE-ECDSA-AES128-GCM-SHA256")
                                : (m->chacha ? "TLS13-CHACHA20-POLY1305-SHA256" : "TLS13-AES128-GCM-SHA256");
    ok = ok && wolfSSL_CTX_set_cipher_list(c->client, list) == WOLFSSL_SUCCESS &&
         wolfSSL_CTX_set_cipher_list(c->server, list) == WOLFSSL_SUCCESS;
    /* the client's session is kept here, not in wolfSSL's global cache; the server caches
     * sessions only to resume them by ID */
    ok = ok && wolfSSL_CTX_set_session_cache_mode(c->client, WOLFSSL_SESS_CACHE_OFF) == WOLFSSL_SUCCESS &&
         wolfSSL_CTX_set_session_cache_mode(c->server, m->res == PEER_RESUME_ID ? WOLFSSL_SESS_CACHE_SERVER
                                                                                : WOLFSSL_SESS_CACHE_OFF) ==
             WOLFSSL_SUCCESS;
    if (m->res == PEER_RESUME_TICKET && m->tls12)
        ok = ok && wolfSSL_CTX_UseSessionTicket(c->client) == WOLFSSL_SUCCESS;
    if (m->res != PEER_RESUME_TICKET && !m->tls12)
        ok = ok && wolfSSL_CTX_no_ticket_TLSv13(c->server) == 0; /* 0, not WOLFSSL_SUCCESS */
    if (!ok) {
        fprintf(stderr, "wolfSSL setup failed\n");
        w_teardown(c);
        return NULL;
    }
    wolfSSL_CTX_set_verify(c->client, WOLFSSL_VERIFY_PEER, NULL);
    wolfSSL_CTX_SetIORecv(c->client, w_recv);
    wolfSSL_CTX_SetIOSend(c->client, w_send);
    wolfSSL_CTX_SetIORecv(c->server, w_recv);
    wolfSSL_CTX_SetIOSend(c->server, w_send);
    return c;
}

/* A client and a server over two pipes, handshaken; with offer, the client offers c->session.
 * 0 on success (both in *cs and *ss), -1 on failure (none left). */
static int w_pair(w_ctx *c, peer_pipe *to_server, peer_pipe *to_client, w_end *ce, w_end *se, WOLFSSL **cs,
                  WOLFSSL **ss, int offer)
{
    *ce = (w_end){ to_client, to_server };
    *se = (w_end){ to_server, to_client };
    to_client->len = to_client->off = to_server->len = to_server->off = 0;
    *cs = wolfSSL_new(c->client);
    *ss = wolfSSL_new(c->server);
    int bad = *cs == NULL || *ss == NULL;
    if (!bad) {
        wolfSSL_SetIOReadCtx(*cs, ce);
        wolfSSL_SetIOWriteCtx(*cs, ce);
        wolfSSL_SetIOReadCtx(*ss, se);
        wolfSSL_SetIOWriteCtx(*ss, se);
        bad = wolfSSL_check_domain_name(*cs, "localhost") != WOLFSSL_SUCCESS ||
              wolfSSL_UseSNI(*cs, WOLFSSL_SNI_HOST_NAME, "localhost", 9) != WOLFSSL_SUCCESS ||
              (c->tls13 && wolfSSL_UseKeyShare(*cs, WOLFSSL_ECC_X25519) != WOLFSSL_SUCCESS) ||
              (offer && wolfSSL_set_session(*cs, c->session) != WOLFSSL_SUCCESS);
    }
    int cd = 0, sd = 0;
    for (int round = 0; round < 60 && !(cd && sd) && !bad; round++) {
        if (!cd)
            cd = wolfSSL_connect(*cs) == WOLFSSL_SUCCESS;
        if (!sd)
            sd = wolfSSL_accept(*ss) == WOLFSSL_SUCCESS;
    }
    if (cd && sd && c->tls13 && c->res == PEER_RESUME_TICKET) {
        char b;
        int r = wolfSSL_read(*cs, &b, 1); /* takes the NewSessionTicket in */
        bad = r >= 0 || wolfSSL_get_error(*cs, r) != WOLFSSL_ERROR_WANT_READ;
    }
    if (cd && sd && !bad)
        return 0;
    wolfSSL_free(*cs);
    wolfSSL_free(*ss);
    return -1;
}

static int w_keep_session(w_ctx *c, WOLFSSL *client)
{
    WOLFSSL_SESSION *fresh = wolfSSL_get1_session(client);
    if (fresh == NULL)
        return -1;
    if (c->session != NULL)
        wolfSSL_SESSION_free(c->session);
    c->session = fresh;
    return 0;
}

static double w_handshakes(void *p, int n)
{
    w_ctx *c = p;
    WOLFSSL *cs, *ss;
    w_end ce, se;
    int resume = c->res != PEER_FULL;
    if (resume && c->session == NULL) { /* the session the timed handshakes resume */
        if (w_pair(c, &c->to_server, &c->to_client, &ce, &se, &cs, &ss, 0) < 0)
            return 0;
        int rc = w_keep_session(c, cs);
        wolfSSL_free(cs);
        wolfSSL_free(ss);
        if (rc < 0)
            return 0;
    }
    double start = peer_now();
    for (int i = 0; i < n; i++) {
        if (w_pair(c, &c->to_server, &c->to_client, &ce, &se, &cs, &ss, resume) < 0)
            return 0;
        int ok = !resume || (wolfSSL_session_reused(cs) && w_keep_session(c, cs) == 0);
        wolfSSL_free(cs);
        wolfSSL_free(ss);
        if (!ok)
            return 0;
    }
    return (double)n / (peer_now() - start);
}

static double w_bulk(void *p, size_t total)
{
    static uint8_t buf[16384], got[16384];
    w_ctx *c = p;
    WOLFSSL *cs, *ss;
    w_end ce, se;
    if (w_pair(c, &c->to_server, &c->to_client, &ce, &se, &cs, &ss, 0) < 0)
        return 0;
    size_t done = 0;
    double start = peer_now();
    while (done < total) {
        int want = total - done < sizeof buf ? (int)(total - done) : (int)sizeof buf;
        int n = wolfSSL_write(cs, buf, want), r;
        if (n <= 0)
            break;
        done += (size_t)n;
        while ((r = wolfSSL_read(ss, got, sizeof got)) > 0)
            ;
        if (wolfSSL_get_error(ss, r) != WOLFSSL_ERROR_WANT_READ || c->to_server.off != c->to_server.len)
            break;
    }
    double seconds = peer_now() - start;
    wolfSSL_free(cs);
    wolfSSL_free(ss);
    return done < total ? 0 : (double)total / seconds / 1e6;
}

/* Heap in use: the main arena and mmap'd blocks (large buffers may be either). */
static double w_heap(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (double)mi.uordblks + (double)mi.hblkhd;
}

static int w_idle_memory(void *p, int n, double *client_b, double *server_b)
{
    w_ctx *c = p;
    int made = 0, rc = -1;
    /* the pipes and ends are the harness's, allocated before the first count */
    peer_pipe *pipes = calloc((size_t)n * 2, sizeof *pipes);
    w_end *ends = calloc((size_t)n * 2, sizeof *ends);
    WOLFSSL **ssl = calloc((size_t)n * 2, sizeof *ssl);
    if (pipes == NULL || ends == NULL || ssl == NULL)
        goto out;
    /* connections first until the library's shared state stops growing: it is no connection's
     * (Debian's build has FP_ECC: a cache of point tables, filled over the first six or so TLS 1.2
     * handshakes, 1.6 MB each) */
    for (int i = 0; i < 10; i++) {
        if (w_pair(c, &pipes[0], &pipes[1], &ends[0], &ends[1], &ssl[0], &ssl[1], 0) < 0)
            goto out;
        wolfSSL_free(ssl[0]);
        wolfSSL_free(ssl[1]);
        ssl[0] = ssl[1] = NULL;
    }
    double before = w_heap();
    for (; made < n; made++)
        if (w_pair(c, &pipes[2 * made], &pipes[2 * made + 1], &ends[2 * made], &ends[2 * made + 1], &ssl[2 * made],
                   &ssl[2 * made + 1], 0) < 0)
            goto out;
    double both = w_heap();
    for (int i = 0; i < n; i++) {
        wolfSSL_free(ssl[2 * i + 1]);
        ssl[2 * i + 1] = NULL;
    }
    double clients = w_heap();
    *client_b = (clients - before) / n;
    *server_b = (both - clients) / n;
    rc = 0;
out:
    for (int i = 0; ssl != NULL && i < made * 2; i++)
        if (ssl[i] != NULL)
            wolfSSL_free(ssl[i]);
    free(pipes);
    free(ends);
    free(ssl);
    return rc;
}

const peer_lib peer_wolfssl = { "wolfSSL", w_version, w_setup, w_handshakes, w_teardown, w_bulk, w_idle_memory };
