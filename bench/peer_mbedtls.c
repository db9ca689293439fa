/* mbedTLS 2.28 in bench_tls (see peer.h): TLS 1.2 only (its TLS 1.3 is not in 2.28). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#include "peer.h"

typedef struct {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca, cert;
    mbedtls_pk_context key;
    mbedtls_ssl_config client, server;
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

static void *m_setup(const peer_mode *m)
{
    char path[600];
    if (!m->tls12)
        return NULL;
    m_ctx *c = calloc(1, sizeof *c);
    mbedtls_entropy_init(&c->entropy);
    mbedtls_ctr_drbg_init(&c->drbg);
    mbedtls_x509_crt_init(&c->ca);
    mbedtls_x509_crt_init(&c->cert);
    mbedtls_pk_init(&c->key);
    mbedtls_ssl_config_init(&c->client);
    mbedtls_ssl_config_init(&c->server);
    int rc = mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy, NULL, 0);
    snprintf(path, sizeof path, "%s/ca.pem", m->pki);
    rc |= mbedtls_x509_crt_parse_file(&c->ca, path);
    snprintf(path, sizeof path, "%s/%s.pem", m->pki, m->cert);
    rc |= mbedtls_x509_crt_parse_file(&c->cert, path);
    snprintf(path, sizeof path, "%s/%s-key.pem", m->pki, m->cert);
    rc |= mbedtls_pk_parse_keyfile(&c->key, path, NULL);
    c->suites[0] = m->rsa_kex ? MBEDTLS_TLS_RSA_WITH_AES_128_GCM_SHA256 : MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
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
    if (rc != 0) {
        fprintf(stderr, "mbedTLS setup failed: -0x%04x\n", (unsigned)-rc);
        return NULL;
    }
    return c;
}

static double m_handshakes(void *p, int n)
{
    m_ctx *c = p;
    double start = peer_now();
    for (int i = 0; i < n; i++) {
        mbedtls_ssl_context cs, ss;
        m_end ce = { &c->to_client, &c->to_server }, se = { &c->to_server, &c->to_client };
        c->to_client.len = c->to_client.off = c->to_server.len = c->to_server.off = 0;
        mbedtls_ssl_init(&cs);
        mbedtls_ssl_init(&ss);
        mbedtls_ssl_setup(&cs, &c->client);
        mbedtls_ssl_setup(&ss, &c->server);
        mbedtls_ssl_set_hostname(&cs, "localhost");
        mbedtls_ssl_set_bio(&cs, &ce, m_send, m_recv, NULL);
        mbedtls_ssl_set_bio(&ss, &se, m_send, m_recv, NULL);
        int cd = 0, sd = 0, bad = 0;
        for (int round = 0; round < 60 && !(cd && sd) && !bad; round++) {
            if (!cd) {
                int r = mbedtls_ssl_handshake(&cs);
                cd = r == 0;
                bad |= r != 0 && r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE;
            }
            if (!sd) {
                int r = mbedtls_ssl_handshake(&ss);
                sd = r == 0;
                bad |= r != 0 && r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE;
            }
        }
        mbedtls_ssl_free(&cs);
        mbedtls_ssl_free(&ss);
        if (!cd || !sd)
            return 0;
    }
    return (double)n / (peer_now() - start);
}

static void m_teardown(void *p)
{
    m_ctx *c = p;
    mbedtls_ssl_config_free(&c->client);
    mbedtls_ssl_config_free(&c->server);
    mbedtls_x509_crt_free(&c->ca);
    mbedtls_x509_crt_free(&c->cert);
    mbedtls_pk_free(&c->key);
    mbedtls_ctr_drbg_free(&c->drbg);
    mbedtls_entropy_free(&c->entropy);
    free(c);
}

const peer_lib peer_mbedtls = { "mbedTLS", m_version, m_setup, m_handshakes, m_teardown, NULL, NULL };
