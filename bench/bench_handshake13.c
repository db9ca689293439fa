/* Full TLS 1.3 handshakes per second, in memory, one thread: latch against OpenSSL's libssl on
 * the same certificate (ECDSA P-256 leaf, x25519, TLS_AES_128_GCM_SHA256, the client verifying
 * the chain and the host name). Both use the same libcrypto, so the ratio measures protocol
 * code. Runs are interleaved (latch, OpenSSL, latch, ...) and the median of each is reported.
 * This is a program, never a test: timings vary with the machine.
 *
 *   bench_handshake13 [handshakes per run (default 1000)] [runs (default 5)] [pki dir]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "latch.h"

static double lt_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char pki[512] = "tests/vectors/pki";

static const char *lt_path(char *buf, size_t cap, const char *file)
{
    snprintf(buf, cap, "%s/%s", pki, file);
    return buf;
}

/* ---- latch ---- */

static int latch_move(latch_conn *from, latch_conn *to)
{
    size_t len, room;
    const uint8_t *out;
    int moved = 0;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        size_t n = len < room ? len : room;
        if (in == NULL || n == 0)
            return -1;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        if (latch_net_in_commit(to, n) < 0)
            return -1;
        moved = 1;
    }
    return moved;
}

static double latch_run(latch_config *client_cfg, latch_config *server_cfg, int n)
{
    double start = lt_now();
    for (int i = 0; i < n; i++) {
        latch_conn *client = latch_conn_new(client_cfg, "localhost");
        latch_conn *server = latch_conn_new(server_cfg, NULL);
        int a, b;
        do {
            a = latch_move(client, server);
            b = latch_move(server, client);
        } while ((a > 0 || b > 0) && a >= 0 && b >= 0);
        if (!latch_conn_handshake_done(client) || !latch_conn_handshake_done(server)) {
            fprintf(stderr, "latch handshake failed: %s / %s\n", latch_conn_error(client),
                    latch_conn_error(server));
            exit(1);
        }
        latch_conn_free(client);
        latch_conn_free(server);
    }
    return (double)n / (lt_now() - start);
}

/* ---- OpenSSL ---- */

static SSL_CTX *ossl_ctx(int server)
{
    char buf[600];
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256");
    SSL_CTX_set1_groups_list(ctx, "X25519");
    if (server) {
        /* latch's server sends no session tickets yet: neither does this one */
        SSL_CTX_set_num_tickets(ctx, 0);
        if (SSL_CTX_use_certificate_chain_file(ctx, lt_path(buf, sizeof buf, "p256.pem")) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, lt_path(buf, sizeof buf, "p256-key.pem"), SSL_FILETYPE_PEM) != 1)
            goto fail;
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        if (SSL_CTX_load_verify_locations(ctx, lt_path(buf, sizeof buf, "ca.pem"), NULL) != 1)
            goto fail;
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    }
    return ctx;
fail:
    ERR_print_errors_fp(stderr);
    exit(1);
}

static double ossl_run(SSL_CTX *client_ctx, SSL_CTX *server_ctx, int n)
{
    double start = lt_now();
    for (int i = 0; i < n; i++) {
        SSL *client = SSL_new(client_ctx), *server = SSL_new(server_ctx);
        BIO *client_bio, *server_bio;
        BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
        SSL_set_bio(client, client_bio, client_bio);
        SSL_set_bio(server, server_bio, server_bio);
        SSL_set1_host(client, "localhost");
        SSL_set_tlsext_host_name(client, "localhost");
        SSL_set_connect_state(client);
        SSL_set_accept_state(server);
        int client_done = 0, server_done = 0;
        for (int round = 0; round < 20 && !(client_done && server_done); round++) {
            if (!client_done)
                client_done = SSL_do_handshake(client) == 1;
            if (!server_done)
                server_done = SSL_do_handshake(server) == 1;
        }
        if (!client_done || !server_done) {
            ERR_print_errors_fp(stderr);
            fprintf(stderr, "OpenSSL handshake failed\n");
            exit(1);
        }
        SSL_free(client);
        SSL_free(server);
    }
    return (double)n / (lt_now() - start);
}

static int lt_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    char buf[600], key[600];
    if (argc > 3)
        snprintf(pki, sizeof pki, "%s", argv[3]);
    if (n <= 0 || runs <= 0 || runs > 100) {
        fprintf(stderr, "usage: bench_handshake13 [handshakes per run] [runs] [pki dir]\n");
        return 2;
    }
    latch_config *client_cfg = latch_config_new(LATCH_ROLE_CLIENT);
    latch_config *server_cfg = latch_config_new(LATCH_ROLE_SERVER);
    if (latch_config_set_roots_file(client_cfg, lt_path(buf, sizeof buf, "ca.pem")) != LATCH_OK ||
        latch_config_set_suites(client_cfg, "TLS_AES_128_GCM_SHA256") != LATCH_OK ||
        latch_config_set_groups(client_cfg, "x25519") != LATCH_OK ||
        latch_config_add_identity(server_cfg, lt_path(buf, sizeof buf, "p256.pem"),
                                  lt_path(key, sizeof key, "p256-key.pem")) != LATCH_OK ||
        /* full handshakes: no tickets, so nothing resumes (OpenSSL's side issues none either) */
        latch_config_set_ticket_lifetime(server_cfg, 0) != LATCH_OK ||
        latch_config_freeze(client_cfg) != LATCH_OK || latch_config_freeze(server_cfg) != LATCH_OK) {
        fprintf(stderr, "latch config: %s%s\n", latch_config_error(client_cfg),
                latch_config_error(server_cfg));
        return 1;
    }
    SSL_CTX *client_ctx = ossl_ctx(0), *server_ctx = ossl_ctx(1);

    /* warm-up: first-use costs (fetches, page faults) out of the figures */
    latch_run(client_cfg, server_cfg, n / 10 + 1);
    ossl_run(client_ctx, server_ctx, n / 10 + 1);

    double latch_rates[100], ossl_rates[100];
    for (int r = 0; r < runs; r++) {
        latch_rates[r] = latch_run(client_cfg, server_cfg, n);
        ossl_rates[r] = ossl_run(client_ctx, server_ctx, n);
    }
    qsort(latch_rates, (size_t)runs, sizeof(double), lt_cmp);
    qsort(ossl_rates, (size_t)runs, sizeof(double), lt_cmp);
    double latch_median = latch_rates[runs / 2], ossl_median = ossl_rates[runs / 2];
    printf("TLS 1.3 full handshake, ECDSA P-256 + x25519, TLS_AES_128_GCM_SHA256, client verifies\n");
    printf("%d runs x %d handshakes (client + server in one thread), median [min-max]\n", runs, n);
    printf("  latch %-8s %9.0f handshakes/s  [%.0f-%.0f]\n", latch_version(), latch_median,
           latch_rates[0], latch_rates[runs - 1]);
    printf("  OpenSSL libssl %9.0f handshakes/s  [%.0f-%.0f]  (%s)\n", ossl_median, ossl_rates[0],
           ossl_rates[runs - 1], OpenSSL_version(OPENSSL_VERSION));
    printf("  ratio latch / OpenSSL: %.2f\n", latch_median / ossl_median);
    SSL_CTX_free(client_ctx);
    SSL_CTX_free(server_ctx);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return 0;
}
