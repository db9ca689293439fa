/* An interop peer on mbedTLS 2.28 (Debian's libmbedtls-dev): a client or a server, TLS 1.2 only
 * (2.28's TLS 1.3 is an experimental option Debian leaves off), a chosen suite (static RSA key
 * exchange included), mutual TLS, resumption over two connections (the server has both a session
 * ticket key and a session ID cache), and the extended master secret switched off
 * (mbedtls_ssl_conf_extended_master_secret). mbedTLS 2.28 has no "was it resumed" call: a client
 * counts the certificates its verify callback sees (none in a resumed handshake), a server sees
 * its session cache or ticket parser succeed.
 * Usage: see peer_common.h; prints one fact a line on stdout. */
#define _POSIX_C_SOURCE 200809L
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cache.h>
#include <mbedtls/ssl_ticket.h>
#include <mbedtls/x509_crt.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer_common.h"

typedef struct {
    peer_tls t;
    mbedtls_ssl_context ssl;
    int certs_seen; /* by the client's verify callback */
    int resumed;    /* by the server's cache or ticket parser */
} m_conn;

static m_conn *current; /* the connection whose handshake is running (one at a time) */

static int m_send(void *p, const unsigned char *buf, size_t len)
{
    ssize_t n = send(((m_conn *)p)->t.fd, buf, len, MSG_NOSIGNAL);
    if (n >= 0)
        return (int)n;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? MBEDTLS_ERR_SSL_WANT_WRITE
                                                                      : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int m_recv(void *p, unsigned char *buf, size_t len)
{
    ssize_t n = recv(((m_conn *)p)->t.fd, buf, len, 0);
    if (n >= 0)
        return (int)n;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? MBEDTLS_ERR_SSL_WANT_READ
                                                                      : MBEDTLS_ERR_NET_RECV_FAILED;
}

static int m_result(int ret)
{
    if (ret == MBEDTLS_ERR_SSL_WANT_READ)
        return PEER_WANT_READ;
    if (ret == MBEDTLS_ERR_SSL_WANT_WRITE)
        return PEER_WANT_WRITE;
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == 0)
        return PEER_CLOSED;
    char msg[200];
    mbedtls_strerror(ret, msg, sizeof msg);
    peer_fail("mbedTLS: %s (-0x%04x)", msg, (unsigned)-ret);
    return PEER_ERROR;
}

static int m_handshake(peer_tls *t)
{
    current = (m_conn *)t;
    int ret = mbedtls_ssl_handshake(&((m_conn *)t)->ssl);
    return ret == 0 ? 0 : m_result(ret);
}

static int m_read(peer_tls *t, uint8_t *buf, size_t cap)
{
    int ret = mbedtls_ssl_read(&((m_conn *)t)->ssl, buf, cap);
    return ret > 0 ? ret : m_result(ret);
}

static int m_write(peer_tls *t, const uint8_t *buf, size_t len)
{
    int ret = mbedtls_ssl_write(&((m_conn *)t)->ssl, buf, len);
    return ret > 0 ? ret : m_result(ret);
}

static int m_close(peer_tls *t)
{
    int ret = mbedtls_ssl_close_notify(&((m_conn *)t)->ssl);
    return ret == 0 ? 0 : m_result(ret);
}

static int m_server;

static void m_report(peer_tls *t)
{
    m_conn *c = (m_conn *)t;
    const char *version = mbedtls_ssl_get_version(&c->ssl);
    const char *name = peer_suite_name((uint16_t)mbedtls_ssl_get_ciphersuite_id(mbedtls_ssl_get_ciphersuite(&c->ssl)));
    int resumed = m_server ? c->resumed : c->certs_seen == 0;
    printf("handshake: %s, %s, %s\n", strcmp(version, "TLSv1.2") == 0 ? "TLS 1.2" : "other version",
           name ? name : "other suite", resumed ? "resumed" : "new");
    const mbedtls_x509_crt *peer = mbedtls_ssl_get_peer_cert(&c->ssl);
    if (m_server && peer != NULL && mbedtls_ssl_get_verify_result(&c->ssl) == 0) {
        char subject[256];
        mbedtls_x509_dn_gets(subject, sizeof subject, &peer->subject);
        printf("client certificate verified: %s\n", subject);
    }
}

static int m_count_cert(void *p, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    (void)p;
    (void)crt;
    (void)depth;
    (void)flags; /* the verification result stays as mbedTLS found it */
    if (current != NULL)
        current->certs_seen++;
    return 0;
}

static int m_cache_get(void *cache, mbedtls_ssl_session *session)
{
    int ret = mbedtls_ssl_cache_get(cache, session);
    if (ret == 0 && current != NULL)
        current->resumed = 1;
    return ret;
}

static int m_ticket_parse(void *tickets, mbedtls_ssl_session *session, unsigned char *buf, size_t len)
{
    int ret = mbedtls_ssl_ticket_parse(tickets, session, buf, len);
    if (ret == 0 && current != NULL)
        current->resumed = 1;
    return ret;
}

int main(int argc, char **argv)
{
    peer_args a;
    peer_parse_args(&a, argc, argv, "peer_mbedtls");
    if (a.version == 13 || a.hrr || a.key_update) {
        printf("unsupported: TLS 1.3 (not in mbedTLS 2.28 as Debian builds it)\n");
        return 3;
    }
    m_server = a.server;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca, cert;
    mbedtls_pk_context key;
    mbedtls_ssl_config conf;
    mbedtls_ssl_ticket_context tickets;
    mbedtls_ssl_cache_context cache;
    mbedtls_ssl_session session;
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&ca);
    mbedtls_x509_crt_init(&cert);
    mbedtls_pk_init(&key);
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_ticket_init(&tickets);
    mbedtls_ssl_cache_init(&cache);
    mbedtls_ssl_session_init(&session);
    int suites[2] = { a.suite ? peer_suite_code(a.suite) : 0, 0 };
    int rc = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0);
    if (rc == 0 && a.ca != NULL)
        rc = mbedtls_x509_crt_parse_file(&ca, a.ca);
    if (rc == 0 && a.cert != NULL)
        rc = mbedtls_x509_crt_parse_file(&cert, a.cert);
    if (rc == 0 && a.key != NULL)
        rc = mbedtls_pk_parse_keyfile(&key, a.key, NULL);
    if (rc == 0)
        rc = mbedtls_ssl_config_defaults(&conf, a.server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                         MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (rc == 0) {
        mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
        mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
        mbedtls_ssl_conf_max_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
        if (suites[0] != 0)
            mbedtls_ssl_conf_ciphersuites(&conf, suites);
        if (a.no_ems)
            mbedtls_ssl_conf_extended_master_secret(&conf, MBEDTLS_SSL_EXTENDED_MS_DISABLED);
        if (a.cert != NULL)
            rc = mbedtls_ssl_conf_own_cert(&conf, &cert, &key);
    }
    if (rc == 0 && a.server) {
        mbedtls_ssl_conf_authmode(&conf, a.require_client_cert ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_NONE);
        if (a.require_client_cert)
            mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
        mbedtls_ssl_conf_session_cache(&conf, &cache, m_cache_get, mbedtls_ssl_cache_set);
        rc = mbedtls_ssl_ticket_setup(&tickets, mbedtls_ctr_drbg_random, &drbg, MBEDTLS_CIPHER_AES_256_GCM, 86400);
        mbedtls_ssl_conf_session_tickets_cb(&conf, mbedtls_ssl_ticket_write, m_ticket_parse, &tickets);
    } else if (rc == 0) {
        mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
        mbedtls_ssl_conf_verify(&conf, m_count_cert, NULL);
    }
    if (rc != 0) {
        char msg[200];
        mbedtls_strerror(rc, msg, sizeof msg);
        peer_fail("mbedTLS setup: %s", msg);
        return 1;
    }
    int listen_fd = a.server ? peer_listen(a.port) : -1;
    if (a.server && listen_fd < 0)
        return 1;
    int have_session = 0;
    for (int i = 0; i < a.conns && rc == 0; i++) {
        m_conn c = { .t = { .handshake = m_handshake, .read = m_read, .write = m_write, .close = m_close } };
        mbedtls_ssl_init(&c.ssl);
        c.t.fd = a.server ? peer_accept(listen_fd) : peer_connect(a.port);
        if (c.t.fd < 0 || mbedtls_ssl_setup(&c.ssl, &conf) != 0 ||
            (!a.server && mbedtls_ssl_set_hostname(&c.ssl, "localhost") != 0) ||
            (have_session && mbedtls_ssl_set_session(&c.ssl, &session) != 0)) {
            rc = peer_fail("mbedTLS cannot start connection %d", i + 1);
        } else {
            mbedtls_ssl_set_bio(&c.ssl, &c, m_send, m_recv, NULL);
            if (peer_run(&c.t, &a, m_report) < 0)
                rc = 1;
            else if (!a.server && a.resume) {
                mbedtls_ssl_session_free(&session);
                mbedtls_ssl_session_init(&session);
                have_session = mbedtls_ssl_get_session(&c.ssl, &session) == 0;
            }
        }
        current = NULL;
        mbedtls_ssl_free(&c.ssl);
        if (c.t.fd >= 0)
            close(c.t.fd);
    }
    if (listen_fd >= 0)
        close(listen_fd);
    mbedtls_ssl_session_free(&session);
    mbedtls_ssl_cache_free(&cache);
    mbedtls_ssl_ticket_free(&tickets);
    mbedtls_ssl_config_free(&conf);
    mbedtls_pk_free(&key);
    mbedtls_x509_crt_free(&cert);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    printf("%s\n", rc == 0 ? "done" : "failed");
    return rc;
}
