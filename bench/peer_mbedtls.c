/* mbedTLS 2.28 in bench_tls (see peer.h): TLS 1.2 only (its TLS 1.3 is not in 2.28), so its bulk
 * and idle heap figures are over TLS 1.2; resumption by ticket (RFC 5077, mbedtls_ssl_ticket) or
 * by session ID (mbedtls_ssl_cache). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cache.h>
#include <mbedtls/ssl_ticket.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#include "peer.h"

typedef struct {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca, cert;
    mbedtls_pk_context key;
    mbedtls_ssl_config client, server;
    mbedtls_ssl_ticket_context tickets; /* server, PEER_RESUME_TICKET */
    mbedtls_ssl_cache_context cache;    /* server, PEER_RESUME_ID */
    peer_resumption res;
    mbedtls_ssl_session session;        /* client: the newest session, offered next */
    int have_session;
    unsigned long certs_checked;        /* by the client: none in a resumed handshake */
    int suites[2];
    peer_pipe to_server, to_client;
} m_ctx;

typedef struct {
    peer_pipe *in, *out;
} m_end;

static int m_send(void *p, const unsigned char *buf, size_t len)
{
    m_end *e = p;
    size_t n = peer_pipe_write(e->out, buf, len);
    return n ? (int)n : MBEDTLS_ERR_SSL_WANT_WRITE;
}

static int m_recv(void *p, unsigned char *buf, size_t len)
{
    m_end *e = p;
    size_t n = peer_pipe_read(e->in, buf, len);
    return n ? (int)n : MBEDTLS_ERR_SSL_WANT_READ;
}

static const char *m_version(void)
{
    return MBEDTLS_VERSION_STRING;
}

static const mbedtls_ecp_group_id m_curves[] = { MBEDTLS_ECP_DP_CURVE25519, MBEDTLS_ECP_DP_SECP256R1,
                                                  MBEDTLS_ECP_DP_NONE };

/* Leaves the verification result as it is: counts certificates, to tell a resumption. */
static int m_count_cert(void *p, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    (void)crt;
    (void)depth;
    (void)flags;
    ((m_ctx *)p)->certs_checked++;
    return 0;
}

static void m_teardown(void *p)
{
    m_ctx *c = p;
    mbedtls_ssl_session_free(&c->session);
    mbedtls_ssl_cache_free(&c->cache);
    mbedtls_ssl_ticket_free(&c->tickets);
    mbedtls_ssl_config_free(&c->client);
    mbedtls_ssl_config_free(&c->server);
    mbedtls_x509_crt_free(&c->ca);
    mbedtls_x509_crt_free(&c->cert);
    mbedtls_pk_free(&c->key);
    mbedtls_ctr_drbg_free(&c->drbg);
    mbedtls_entropy_free(&c->entropy);
    free(c);
}

static void *m_setup(const peer_mode *m)
{
    char path[600];
    if (!m->tls12 || (m->rsa_kex && m->chacha))
        return NULL; /* no static RSA suite with ChaCha20 */
    m_ctx *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    mbedtls_entropy_init(&c->entropy);
    mbedtls_ctr_drbg_init(&c->drbg);
    mbedtls_x509_crt_init(&c->ca);
    mbedtls_x509_crt_init(&c->cert);
    mbedtls_pk_init(&c->key);
    mbedtls_ssl_config_init(&c->client);
    mbedtls_ssl_config_init(&c->server);
    mbedtls_ssl_ticket_init(&c->tickets);
    mbedtls_ssl_cache_init(&c->cache);
    mbedtls_ssl_session_init(&c->session);
    c->res = m->res;
    int rc = mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy, NULL, 0);
    snprintf(path, sizeof path, "%s/ca.pem", m->pki);
    rc |= mbedtls_x509_crt_parse_file(&c->ca, path);
    snprintf(path, sizeof path, "%s/%s.pem", m->pki, m->cert);
    rc |= mbedtls_x509_crt_parse_file(&c->cert, path);
    snprintf(path, sizeof path, "%s/%s-key.pem", m->pki, m->cert);
    rc |= mbedtls_pk_parse_keyfile(&c->key, path, NULL);
    c->suites[0] = m->rsa_kex ? MBEDTLS_TLS_RSA_WITH_AES_128_GCM_SHA256
                   : m->chacha ? MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
                               : MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    for (int s = 0; s < 2 && rc == 0; s++) {
        mbedtls_ssl_config *conf = s ? &c->server : &c->client;
        rc |= mbedtls_ssl_config_defaults(conf, s ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                          MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
        mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, &c->drbg);
        mbedtls_ssl_conf_min_version(conf, 3, 3);
        mbedtls_ssl_conf_max_version(conf, 3, 3);
        mbedtls_ssl_conf_ciphersuites(conf, c->suites);
        mbedtls_ssl_conf_curves(conf, m_curves);
    }
    mbedtls_ssl_conf_authmode(&c->client, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&c->client, &c->ca, NULL);
    rc |= mbedtls_ssl_conf_own_cert(&c->server, &c->cert, &c->key);
    /* PEER_FULL: the server has neither a ticket key nor a cache, so it resumes nothing; else the
     * client counts the certificates it checks (none in a resumed handshake) */
    if (m->res != PEER_FULL)
        mbedtls_ssl_conf_verify(&c->client, m_count_cert, c);
    if (m->res == PEER_RESUME_TICKET && rc == 0) {
        rc = mbedtls_ssl_ticket_setup(&c->tickets, mbedtls_ctr_drbg_random, &c->drbg, MBEDTLS_CIPHER_AES_256_GCM,
                                      86400);
        mbedtls_ssl_conf_session_tickets(&c->client, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
        mbedtls_ssl_conf_session_tickets_cb(&c->server, mbedtls_ssl_ticket_write, mbedtls_ssl_ticket_parse,
                                            &c->tickets);
    }
    if (m->res == PEER_RESUME_ID) {
        mbedtls_ssl_conf_session_tickets(&c->client, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
        mbedtls_ssl_conf_session_cache(&c->server, &c->cache, mbedtls_ssl_cache_get, mbedtls_ssl_cache_set);
    }
    if (rc != 0) {
        fprintf(stderr, "mbedTLS setup failed: -0x%04x\n", (unsigned)-rc);
        m_teardown(c);
        return NULL;
    }
    return c;
}

/* A client and a server context (initialised here) over two pipes, handshaken; with offer, the
 * client offers c->session. 0 on success, -1 on failure (both contexts freed). */
static int m_pair(m_ctx *c, peer_pipe *to_server, peer_pipe *to_client, m_end *ce, m_end *se,
                  mbedtls_ssl_context *cs, mbedtls_ssl_context *ss, int offer)
{
    *ce = (m_end){ to_client, to_server };
    *se = (m_end){ to_server, to_client };
    to_client->len = to_client->off = to_server->len = to_server->off = 0;
    mbedtls_ssl_init(cs);
    mbedtls_ssl_init(ss);
    int bad = mbedtls_ssl_setup(cs, &c->client) != 0 || mbedtls_ssl_setup(ss, &c->server) != 0 ||
              mbedtls_ssl_set_hostname(cs, "localhost") != 0 ||
              (offer && mbedtls_ssl_set_session(cs, &c->session) != 0);
    mbedtls_ssl_set_bio(cs, ce, m_send, m_recv, NULL);
    mbedtls_ssl_set_bio(ss, se, m_send, m_recv, NULL);
    int cd = 0, sd = 0;
    for (int round = 0; round < 60 && !(cd && sd) && !bad; round++) {
        if (!cd) {
            int r = mbedtls_ssl_handshake(cs);
            cd = r == 0;
            bad |= r != 0 && r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE;
        }
        if (!sd) {
            int r = mbedtls_ssl_handshake(ss);
            sd = r == 0;
            bad |= r != 0 && r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE;
        }
    }
    if (cd && sd)
        return 0;
    mbedtls_ssl_free(cs);
    mbedtls_ssl_free(ss);
    return -1;
}

static double m_handshakes(void *p, int n)
{
    m_ctx *c = p;
    mbedtls_ssl_context cs, ss;
    m_end ce, se;
    int resume = c->res != PEER_FULL;
    if (resume && !c->have_session) { /* the session the timed handshakes resume */
        if (m_pair(c, &c->to_server, &c->to_client, &ce, &se, &cs, &ss, 0) < 0)
            return 0;
        c->have_session = mbedtls_ssl_get_session(&cs, &c->session) == 0;
        mbedtls_ssl_free(&cs);
        mbedtls_ssl_free(&ss);
        if (!c->have_session)
            return 0;
    }
    double start = peer_now();
    for (int i = 0; i < n; i++) {
        unsigned long checked = c->certs_checked;
        if (m_pair(c, &c->to_server, &c->to_client, &ce, &se, &cs, &ss, resume) < 0)
            return 0;
        /* mbedTLS 2.28 has no "session reused" call: a resumption verifies no certificate */
        int ok = !resume || (c->certs_checked == checked && mbedtls_ssl_get_session(&cs, &c->session) == 0);
        mbedtls_ssl_free(&cs);
        mbedtls_ssl_free(&ss);
        if (!ok)
            return 0;
    }
    return (double)n / (peer_now() - start);
}

static double m_bulk(void *p, size_t total)
{
    static uint8_t buf[16384], got[16384];
    m_ctx *c = p;
    mbedtls_ssl_context cs, ss;
    m_end ce, se;
    if (m_pair(c, &c->to_server, &c->to_client, &ce, &se, &cs, &ss, 0) < 0)
        return 0;
    size_t done = 0;
    double start = peer_now();
    while (done < total) {
        size_t want = total - done < sizeof buf ? total - done : sizeof buf;
        int n = mbedtls_ssl_write(&cs, buf, want), r;
        if (n <= 0)
            break;
        done += (size_t)n;
        while ((r = mbedtls_ssl_read(&ss, got, sizeof got)) > 0)
            ;
        if (r != MBEDTLS_ERR_SSL_WANT_READ || c->to_server.off != c->to_server.len)
            break;
    }
    double seconds = peer_now() - start;
    mbedtls_ssl_free(&cs);
    mbedtls_ssl_free(&ss);
    return done < total ? 0 : (double)total / seconds / 1e6;
}

/* Heap in use: the main arena and mmap'd blocks (large buffers may be either). */
static double m_heap(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (double)mi.uordblks + (double)mi.hblkhd;
}

static int m_idle_memory(void *p, int n, double *client_b, double *server_b)
{
    m_ctx *c = p;
    int made = 0, rc = -1;
    /* the pipes and ends are the harness's, allocated before the first count; the contexts are
     * the connections' (the other libraries allocate theirs inside), allocated after it */
    peer_pipe *pipes = calloc((size_t)n * 2, sizeof *pipes);
    m_end *ends = calloc((size_t)n * 2, sizeof *ends);
    mbedtls_ssl_context **ssl = calloc((size_t)n * 2, sizeof *ssl);
    if (pipes == NULL || ends == NULL || ssl == NULL)
        goto out;
    /* one connection first: the library's one-time state (tables, caches) is no connection's */
    mbedtls_ssl_context warm_client, warm_server;
    if (m_pair(c, &pipes[0], &pipes[1], &ends[0], &ends[1], &warm_client, &warm_server, 0) < 0)
        goto out;
    mbedtls_ssl_free(&warm_client);
    mbedtls_ssl_free(&warm_server);
    double before = m_heap();
    for (; made < n; made++) {
        mbedtls_ssl_context *cs = malloc(sizeof *cs), *ss = malloc(sizeof *ss);
        if (cs == NULL || ss == NULL ||
            m_pair(c, &pipes[2 * made], &pipes[2 * made + 1], &ends[2 * made], &ends[2 * made + 1], cs, ss, 0) < 0) {
            free(cs);
            free(ss);
            goto out;
        }
        ssl[2 * made] = cs;
        ssl[2 * made + 1] = ss;
    }
    double both = m_heap();
    for (int i = 0; i < n; i++) {
        mbedtls_ssl_free(ssl[2 * i + 1]);
        free(ssl[2 * i + 1]);
        ssl[2 * i + 1] = NULL;
    }
    double clients = m_heap();
    *client_b = (clients - before) / n;
    *server_b = (both - clients) / n;
    rc = 0;
out:
    for (int i = 0; ssl != NULL && i < made * 2; i++) {
        if (ssl[i] != NULL)
            mbedtls_ssl_free(ssl[i]);
        free(ssl[i]);
    }
    free(pipes);
    free(ends);
    free(ssl);
    return rc;
}

const peer_lib peer_mbedtls = { "mbedTLS", m_version, m_setup, m_handshakes, m_teardown, m_bulk, m_idle_memory };
