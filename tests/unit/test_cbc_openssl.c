/* The TLS 1.2 CBC suites against OpenSSL's libssl, in memory (an independent second opinion):
 * every suite, latch as client and as server, with encrypt-then-MAC (RFC 7366) on and off. Each
 * handshake's Finished is a CBC record each way; then records of every length around the block
 * and MAC sizes, up to a full 2^14-byte record and a stream of many, go both ways: records
 * OpenSSL sealed open in latch and records latch sealed open in OpenSSL, byte for byte. */
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"

typedef struct {
    const char *iana, *openssl, *cert;
} lt_cbc_suite;

static const lt_cbc_suite lt_suites[] = {
    { "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", "p256" },
    { "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", "p256" },
    { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", "rsa2048" },
    { "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", "rsa2048" },
    { "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", "p256" },
    { "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", "p384" },
    { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", "rsa2048" },
    { "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", "rsa2048" },
    { "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", "rsa2048" },
    { "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", "rsa2048" },
    { "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", "rsa2048" },
    { "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", "rsa2048" },
};

typedef struct {
    latch_conn *latch;
    SSL *ssl;
    BIO *ssl_in;  /* what latch sent, for OpenSSL to read */
    BIO *ssl_out; /* what OpenSSL sent, for latch */
} lt_x;

static size_t lt_x_move(lt_x *p)
{
    size_t moved = 0, len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(p->latch, &len)) != NULL && len > 0) {
        int n = BIO_write(p->ssl_in, out, (int)len);
        if (n <= 0)
            break;
        latch_net_out_consumed(p->latch, (size_t)n);
        moved += (size_t)n;
    }
    while (BIO_ctrl_pending(p->ssl_out) > 0) {
        uint8_t *in = latch_net_in_buf(p->latch, &room);
        if (in == NULL || room == 0)
            break;
        int n = BIO_read(p->ssl_out, in, (int)room);
        if (n <= 0)
            break;
        latch_net_in_commit(p->latch, (size_t)n);
        moved += (size_t)n;
    }
    return moved;
}

static SSL_CTX *lt_x_ossl_ctx(int server, const lt_cbc_suite *s, int etm)
{
    char chain[128], key[128];
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(ctx, s->openssl);
    if (!etm)
        SSL_CTX_set_options(ctx, SSL_OP_NO_ENCRYPT_THEN_MAC);
    if (server) {
        snprintf(chain, sizeof chain, LT_PKI "%s.pem", s->cert);
        snprintf(key, sizeof key, LT_PKI "%s-key.pem", s->cert);
        SSL_CTX_use_certificate_chain_file(ctx, chain);
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM);
    } else {
        SSL_CTX_load_verify_locations(ctx, LT_PKI "ca.pem", NULL);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    return ctx;
}

static latch_config *lt_x_latch_config(int server, const lt_cbc_suite *s)
{
    latch_config *cfg = server ? lt_pair_server_config(&s->cert, 1) : lt_pair_client_config();
    if (cfg == NULL)
        return NULL;
    if (latch_config_set_profile(cfg, LATCH_PROFILE_OLD) != LATCH_OK ||
        latch_config_set_suites(cfg, s->iana) != LATCH_OK) {
        fprintf(stderr, "  config: %s\n", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

static int lt_x_handshake(lt_x *p)
{
    for (int round = 0; round < 50; round++) {
        int rc = SSL_do_handshake(p->ssl);
        lt_x_move(p);
        if (rc == 1 && latch_conn_handshake_done(p->latch)) {
            lt_x_move(p);
            return 1;
        }
    }
    return 0;
}

/* latch writes msg, OpenSSL reads it whole; then OpenSSL writes it back and latch reads it. */
static int lt_x_both_ways(lt_x *p, const uint8_t *msg, size_t len)
{
    static uint8_t got[70000];
    size_t taken = 0, have = 0;
    while (taken < len) {
        size_t n = 0;
        latch_status st = latch_write(p->latch, msg + taken, len - taken, &n);
        if (st != LATCH_OK && st != LATCH_WANT_WRITE)
            return 0;
        taken += n;
        lt_x_move(p);
        for (;;) {
            int r = SSL_read(p->ssl, got + have, (int)(sizeof got - have));
            if (r <= 0)
                break;
            have += (size_t)r;
        }
    }
    for (int round = 0; have < len && round < 100; round++) {
        lt_x_move(p);
        int r = SSL_read(p->ssl, got + have, (int)(sizeof got - have));
        if (r > 0)
            have += (size_t)r;
    }
    if (have != len || memcmp(got, msg, len) != 0)
        return 0;
    size_t sent = 0;
    have = 0;
    while (sent < len || have < len) {
        if (sent < len) {
            size_t chunk = len - sent < 16384 ? len - sent : 16384;
            int w = SSL_write(p->ssl, msg + sent, (int)chunk);
            if (w <= 0)
                return 0;
            sent += (size_t)w;
        }
        if (lt_x_move(p) == 0 && sent == len && have < len) {
            size_t n = 0;
            if (latch_read(p->latch, got + have, sizeof got - have, &n) != LATCH_OK || n == 0)
                return 0;
            have += n;
            continue;
        }
        for (;;) {
            size_t n = 0;
            if (latch_read(p->latch, got + have, sizeof got - have, &n) != LATCH_OK || n == 0)
                break;
            have += n;
        }
    }
    return memcmp(got, msg, len) == 0;
}

static void lt_x_run(const lt_cbc_suite *s, int latch_server, int etm)
{
    static uint8_t msg[65536];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 3);
    SSL_CTX *ctx = lt_x_ossl_ctx(!latch_server, s, etm);
    latch_config *cfg = lt_x_latch_config(latch_server, s);
    LT_CHECK(ctx != NULL && cfg != NULL);
    if (ctx == NULL || cfg == NULL)
        goto out;
    lt_x p = { 0 };
    p.latch = latch_conn_new(cfg, latch_server ? NULL : "localhost");
    p.ssl = SSL_new(ctx);
    p.ssl_in = BIO_new(BIO_s_mem());
    p.ssl_out = BIO_new(BIO_s_mem());
    SSL_set_bio(p.ssl, p.ssl_in, p.ssl_out);
    if (latch_server) {
        SSL_set_connect_state(p.ssl);
        SSL_set_tlsext_host_name(p.ssl, "localhost");
    } else {
        SSL_set_accept_state(p.ssl);
    }
    int done = lt_x_handshake(&p);
    if (!done)
        fprintf(stderr, "  %s, latch %s, etm %d: no handshake: %s\n", s->iana, latch_server ? "server" : "client",
                etm, latch_conn_error(p.latch));
    LT_CHECK(done);
    if (done) {
        LT_CHECK_STR_CONTAINS(latch_conn_suite(p.latch), s->iana);
        LT_CHECK_STR_CONTAINS(SSL_CIPHER_get_name(SSL_get_current_cipher(p.ssl)), s->openssl);
        /* both directions encrypt-then-MAC exactly when OpenSSL offered or took it */
        LT_CHECK(p.latch->read_keys.cbc != NULL && p.latch->write_keys.cbc != NULL);
        if (p.latch->read_keys.cbc != NULL && p.latch->write_keys.cbc != NULL) {
            LT_CHECK_INT(lt_cbc_etm(p.latch->read_keys.cbc), etm);
            LT_CHECK_INT(lt_cbc_etm(p.latch->write_keys.cbc), etm);
        }
        /* lengths around the block (16) and the MACs (20, 32, 48), a full record, many records */
        static const size_t lens[] = { 1, 2, 15, 16, 17, 19, 20, 21, 31, 32, 33, 47, 48, 49, 255, 256, 257,
                                       1000, 16383, 16384, 16385, 65536 };
        for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
            int ok = lt_x_both_ways(&p, msg, lens[i]);
            if (!ok)
                fprintf(stderr, "  %s, latch %s, etm %d: %zu bytes did not go both ways: %s\n", s->iana,
                        latch_server ? "server" : "client", etm, lens[i], latch_conn_error(p.latch));
            LT_CHECK(ok);
        }
    }
    latch_conn_free(p.latch);
    SSL_free(p.ssl);
out:
    SSL_CTX_free(ctx);
    latch_config_free(cfg);
}

static void test_every_cbc_suite_with_openssl_as_server(void)
{
    for (int etm = 0; etm < 2; etm++)
        for (size_t i = 0; i < sizeof lt_suites / sizeof lt_suites[0]; i++)
            lt_x_run(&lt_suites[i], 0, etm);
}

static void test_every_cbc_suite_with_openssl_as_client(void)
{
    for (int etm = 0; etm < 2; etm++)
        for (size_t i = 0; i < sizeof lt_suites / sizeof lt_suites[0]; i++)
            lt_x_run(&lt_suites[i], 1, etm);
}

/* RFC 7366 §3: an AEAD suite never gets encrypt-then-MAC, though the client asked for it. */
static void test_no_encrypt_then_mac_with_an_aead(void)
{
    static const lt_cbc_suite gcm = { "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
                                      "rsa2048" };
    for (int latch_server = 0; latch_server < 2; latch_server++) {
        SSL_CTX *ctx = lt_x_ossl_ctx(!latch_server, &gcm, 1);
        /* latch's client offers CBC too, so it asks for encrypt-then-MAC */
        latch_config *cfg = latch_server ? lt_x_latch_config(1, &gcm) : lt_pair_client_config();
        LT_CHECK(cfg != NULL && latch_config_set_profile(cfg, LATCH_PROFILE_OLD) == LATCH_OK);
        lt_x p = { 0 };
        p.latch = latch_conn_new(cfg, latch_server ? NULL : "localhost");
        p.ssl = SSL_new(ctx);
        p.ssl_in = BIO_new(BIO_s_mem());
        p.ssl_out = BIO_new(BIO_s_mem());
        SSL_set_bio(p.ssl, p.ssl_in, p.ssl_out);
        if (latch_server)
            SSL_set_connect_state(p.ssl);
        else
            SSL_set_accept_state(p.ssl);
        LT_CHECK(lt_x_handshake(&p));
        LT_CHECK_STR_CONTAINS(latch_conn_suite(p.latch), "GCM");
        LT_CHECK(p.latch->read_keys.cbc == NULL && p.latch->read_keys.aead != NULL);
        LT_CHECK(lt_x_both_ways(&p, (const uint8_t *)"aead", 4));
        latch_conn_free(p.latch);
        SSL_free(p.ssl);
        SSL_CTX_free(ctx);
        latch_config_free(cfg);
    }
}

int main(void)
{
    LT_RUN(test_every_cbc_suite_with_openssl_as_server);
    LT_RUN(test_every_cbc_suite_with_openssl_as_client);
    LT_RUN(test_no_encrypt_then_mac_with_an_aead);
    return lt_test_summary();
}
