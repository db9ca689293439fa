/* An interop peer on wolfSSL (Debian's libwolfssl-dev): a client or a server, TLS 1.3 and 1.2,
 * a chosen suite, mutual TLS, resumption over two connections (tickets or session IDs, whichever
 * wolfSSL uses), a KeyUpdate it starts (wolfSSL_update_keys), the extended master secret switched
 * off (wolfSSL_CTX_DisableExtendedMasterSecret) and a HelloRetryRequest forced: as a client by
 * sending no key share (wolfSSL_NoKeyShares), as a server by taking only secp384r1.
 * Usage: see peer_common.h; prints one fact a line on stdout. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "peer_common.h"

typedef struct {
    peer_tls t;
    WOLFSSL *ssl;
    int server;
} w_conn;

static int w_result(w_conn *c, int ret)
{
    int err = wolfSSL_get_error(c->ssl, ret);
    if (err == WOLFSSL_ERROR_WANT_READ)
        return PEER_WANT_READ;
    if (err == WOLFSSL_ERROR_WANT_WRITE)
        return PEER_WANT_WRITE;
    if (err == WOLFSSL_ERROR_ZERO_RETURN)
        return PEER_CLOSED;
    char msg[WOLFSSL_MAX_ERROR_SZ];
    peer_fail("wolfSSL: %s (%d)", wolfSSL_ERR_error_string((unsigned long)err, msg), err);
    return PEER_ERROR;
}

static int w_handshake(peer_tls *t)
{
    w_conn *c = (w_conn *)t;
    int ret = c->server ? wolfSSL_accept(c->ssl) : wolfSSL_connect(c->ssl);
    return ret == WOLFSSL_SUCCESS ? 0 : w_result(c, ret);
}

static int w_read(peer_tls *t, uint8_t *buf, size_t cap)
{
    w_conn *c = (w_conn *)t;
    int ret = wolfSSL_read(c->ssl, buf, (int)cap);
    return ret > 0 ? ret : w_result(c, ret);
}

static int w_write(peer_tls *t, const uint8_t *buf, size_t len)
{
    w_conn *c = (w_conn *)t;
    int ret = wolfSSL_write(c->ssl, buf, (int)len);
    return ret > 0 ? ret : w_result(c, ret);
}

static int w_close(peer_tls *t)
{
    w_conn *c = (w_conn *)t;
    int ret = wolfSSL_shutdown(c->ssl);
    if (ret == WOLFSSL_SUCCESS || ret == WOLFSSL_SHUTDOWN_NOT_DONE)
        return 0;
    ret = w_result(c, ret);
    return ret == PEER_CLOSED ? 0 : ret;
}

static int w_key_update(peer_tls *t)
{
    w_conn *c = (w_conn *)t;
    int ret = wolfSSL_update_keys(c->ssl);
    if (ret == WOLFSSL_SUCCESS)
        return 0;
    return ret == WOLFSSL_ERROR_WANT_WRITE ? 0 : PEER_ERROR; /* sent with the next write */
}

static void w_report(peer_tls *t)
{
    w_conn *c = (w_conn *)t;
    int version = wolfSSL_version(c->ssl);
    int suite = wolfSSL_get_current_cipher_suite(c->ssl);
    const char *name = peer_suite_name((uint16_t)suite);
    printf("handshake: %s, %s, %s\n",
           version == TLS1_3_VERSION ? "TLS 1.3" : version == TLS1_2_VERSION ? "TLS 1.2" : "other version",
           name ? name : "other suite", wolfSSL_session_reused(c->ssl) ? "resumed" : "new");
    if (c->server) {
        WOLFSSL_X509 *peer = wolfSSL_get_peer_certificate(c->ssl);
        if (peer != NULL) {
            char subject[256];
            wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(peer), subject, sizeof subject);
            printf("client certificate verified: %s\n", subject);
            wolfSSL_X509_free(peer);
        }
    }
}

static WOLFSSL_CTX *w_context(const peer_args *a)
{
    WOLFSSL_METHOD *method;
    if (a->server)
        method = a->version == 12   ? wolfTLSv1_2_server_method()
                 : a->version == 13 ? wolfTLSv1_3_server_method()
                                    : wolfSSLv23_server_method();
    else
        method = a->version == 12   ? wolfTLSv1_2_client_method()
                 : a->version == 13 ? wolfTLSv1_3_client_method()
                                    : wolfSSLv23_client_method();
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(method);
    if (ctx == NULL)
        return NULL;
    int ok = 1;
    if (a->cert != NULL)
        ok &= wolfSSL_CTX_use_certificate_chain_file(ctx, a->cert) == WOLFSSL_SUCCESS &&
              wolfSSL_CTX_use_PrivateKey_file(ctx, a->key, WOLFSSL_FILETYPE_PEM) == WOLFSSL_SUCCESS;
    if (a->ca != NULL)
        ok &= wolfSSL_CTX_load_verify_locations(ctx, a->ca, NULL) == WOLFSSL_SUCCESS;
    if (!ok) {
        peer_fail("wolfSSL cannot load the certificate, key or roots");
        wolfSSL_CTX_free(ctx);
        return NULL;
    }
    if (a->server)
        wolfSSL_CTX_set_verify(ctx,
                               a->require_client_cert ? WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT
                                                      : WOLFSSL_VERIFY_NONE,
                               NULL);
    else
        wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, NULL);
    if (a->suite != NULL && wolfSSL_CTX_set_cipher_list(ctx, peer_suite_short_name(peer_suite_code(a->suite))) != WOLFSSL_SUCCESS) {
        printf("unsupported: suite %s\n", a->suite);
        wolfSSL_CTX_free(ctx);
        return NULL;
    }
    if (a->no_ems)
        wolfSSL_CTX_DisableExtendedMasterSecret(ctx);
    if (a->hrr && a->server) {
        int groups[] = { WOLFSSL_ECC_SECP384R1 };
        if (wolfSSL_CTX_set_groups(ctx, groups, 1) != WOLFSSL_SUCCESS) {
            peer_fail("wolfSSL cannot restrict the groups");
            wolfSSL_CTX_free(ctx);
            return NULL;
        }
    }
    return ctx;
}

int main(int argc, char **argv)
{
    peer_args a;
    peer_parse_args(&a, argc, argv, "peer_wolfssl");
    wolfSSL_Init();
    WOLFSSL_CTX *ctx = w_context(&a);
    if (ctx == NULL)
        return 1;
    int listen_fd = a.server ? peer_listen(a.port) : -1;
    if (a.server && listen_fd < 0)
        return 1;
    WOLFSSL_SESSION *session = NULL;
    int rc = 0;
    for (int i = 0; i < a.conns && rc == 0; i++) {
        w_conn c = { .t = { .handshake = w_handshake, .read = w_read, .write = w_write, .close = w_close,
                            .key_update = w_key_update },
                     .server = a.server };
        c.t.fd = a.server ? peer_accept(listen_fd) : peer_connect(a.port);
        if (c.t.fd < 0 || (c.ssl = wolfSSL_new(ctx)) == NULL) {
            rc = 1;
            break;
        }
        wolfSSL_set_fd(c.ssl, c.t.fd);
        if (!a.server) {
            wolfSSL_UseSNI(c.ssl, WOLFSSL_SNI_HOST_NAME, "localhost", 9);
            wolfSSL_check_domain_name(c.ssl, "localhost");
            if (a.hrr && wolfSSL_NoKeyShares(c.ssl) != WOLFSSL_SUCCESS)
                rc = peer_fail("wolfSSL cannot leave out the key shares");
            /* a server may have given no session to resume (no ticket, no ID): a full handshake */
            if (session != NULL && a.resume && wolfSSL_set_session(c.ssl, session) != WOLFSSL_SUCCESS)
                printf("no session to offer\n");
        }
        if (rc == 0 && peer_run(&c.t, &a, w_report) < 0)
            rc = 1;
        if (rc == 0 && !a.server && a.resume) {
            if (session != NULL)
                wolfSSL_SESSION_free(session);
            session = wolfSSL_get1_session(c.ssl);
        }
        wolfSSL_free(c.ssl);
        close(c.t.fd);
    }
    if (session != NULL)
        wolfSSL_SESSION_free(session);
    if (listen_fd >= 0)
        close(listen_fd);
    wolfSSL_CTX_free(ctx);
    wolfSSL_Cleanup();
    printf("%s\n", rc == 0 ? "done" : "failed");
    return rc;
}
