/* wolfSSL in bench_tls (see peer.h). Debian's build has no static RSA key exchange. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "peer.h"

typedef struct {
    WOLFSSL_CTX *client, *server;
    int tls13;
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

static void *w_setup(const peer_mode *m)
{
    char path[600];
    if (m->rsa_kex)
        return NULL;
    wolfSSL_Init();
    w_ctx *c = calloc(1, sizeof *c);
    c->tls13 = !m->tls12;
    c->client = wolfSSL_CTX_new(m->tls12 ? wolfTLSv1_2_client_method() : wolfTLSv1_3_client_method());
    c->server = wolfSSL_CTX_new(m->tls12 ? wolfTLSv1_2_server_method() : wolfTLSv1_3_server_method());
    int ok = c->client != NULL && c->server != NULL;
    snprintf(path, sizeof path, "%s/ca.pem", m->pki);
    ok = ok && wolfSSL_CTX_load_verify_locations(c->client, path, NULL) == WOLFSSL_SUCCESS;
    snprintf(path, sizeof path, "%s/%s.pem", m->pki, m->cert);
    ok = ok && wolfSSL_CTX_use_certificate_chain_file(c->server, path) == WOLFSSL_SUCCESS;
    snprintf(path, sizeof path, "%s/%s-key.pem", m->pki, m->cert);
    ok = ok && wolfSSL_CTX_use_PrivateKey_file(c->server, path, WOLFSSL_FILETYPE_PEM) == WOLFSSL_SUCCESS;
    const char *list = m->tls12 ? "ECDHE-ECDSA-AES128-GCM-SHA256" : "TLS13-AES128-GCM-SHA256";
    ok = ok && wolfSSL_CTX_set_cipher_list(c->client, list) == WOLFSSL_SUCCESS &&
         wolfSSL_CTX_set_cipher_list(c->server, list) == WOLFSSL_SUCCESS;
    if (!ok) {
        fprintf(stderr, "wolfSSL setup failed\n");
        return NULL;
    }
    wolfSSL_CTX_set_verify(c->client, WOLFSSL_VERIFY_PEER, NULL);
    wolfSSL_CTX_SetIORecv(c->client, w_recv);
    wolfSSL_CTX_SetIOSend(c->client, w_send);
    wolfSSL_CTX_SetIORecv(c->server, w_recv);
    wolfSSL_CTX_SetIOSend(c->server, w_send);
    if (!m->tls12)
        wolfSSL_CTX_no_ticket_TLSv13(c->server);
    return c;
}

static double w_handshakes(void *p, int n)
{
    w_ctx *c = p;
    double start = peer_now();
    for (int i = 0; i < n; i++) {
        w_end ce = { &c->to_client, &c->to_server }, se = { &c->to_server, &c->to_client };
        c->to_client.len = c->to_client.off = c->to_server.len = c->to_server.off = 0;
        WOLFSSL *cs = wolfSSL_new(c->client), *ss = wolfSSL_new(c->server);
        wolfSSL_SetIOReadCtx(cs, &ce);
        wolfSSL_SetIOWriteCtx(cs, &ce);
        wolfSSL_SetIOReadCtx(ss, &se);
        wolfSSL_SetIOWriteCtx(ss, &se);
        wolfSSL_check_domain_name(cs, "localhost");
        wolfSSL_UseSNI(cs, WOLFSSL_SNI_HOST_NAME, "localhost", 9);
        if (c->tls13)
            wolfSSL_UseKeyShare(cs, WOLFSSL_ECC_X25519);
        int cd = 0, sd = 0;
        for (int round = 0; round < 60 && !(cd && sd); round++) {
            if (!cd)
                cd = wolfSSL_connect(cs) == WOLFSSL_SUCCESS;
            if (!sd)
                sd = wolfSSL_accept(ss) == WOLFSSL_SUCCESS;
        }
        wolfSSL_free(cs);
        wolfSSL_free(ss);
        if (!cd || !sd)
            return 0;
    }
    return (double)n / (peer_now() - start);
}

static void w_teardown(void *p)
{
    w_ctx *c = p;
    wolfSSL_CTX_free(c->client);
    wolfSSL_CTX_free(c->server);
    free(c);
}

const peer_lib peer_wolfssl = { "wolfSSL", w_version, w_setup, w_handshakes, w_teardown, NULL, NULL };
