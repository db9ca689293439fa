/* The record limit with a real peer: a latch server writes 2^24 + 1000 one-byte records to
 * OpenSSL's libssl (an independent second opinion, in memory). In TLS 1.3 latch changes keys
 * with a KeyUpdate at 2^24 and OpenSSL reads every byte, in order, across it. In TLS 1.2 latch
 * stops after 2^24 records with a close_notify and a clear error: OpenSSL opens every record it
 * got (so each was sealed under the keys from the master secret) and then sees a clean close. */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/record.h"

#define LT_EXTRA_RECORDS 1000

typedef struct {
    latch_conn *server;
    SSL *client;
    BIO *client_in;  /* what latch sent, for OpenSSL to read */
    BIO *client_out; /* what OpenSSL sent, for latch */
    int key_updates_seen;
} lt_ossl_pair;

static void lt_msg_seen(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl,
                        void *arg)
{
    (void)version;
    (void)ssl;
    lt_ossl_pair *p = arg;
    if (!write_p && content_type == SSL3_RT_HANDSHAKE && len > 0 && ((const uint8_t *)buf)[0] == LT_HS_KEY_UPDATE)
        p->key_updates_seen++;
}

/* Moves bytes both ways once; returns how many moved. */
static size_t lt_ossl_move(lt_ossl_pair *p)
{
    size_t moved = 0, len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(p->server, &len)) != NULL && len > 0) {
        int n = BIO_write(p->client_in, out, (int)len);
        if (n <= 0)
            break;
        latch_net_out_consumed(p->server, (size_t)n);
        moved += (size_t)n;
    }
    while (BIO_ctrl_pending(p->client_out) > 0) {
        uint8_t *in = latch_net_in_buf(p->server, &room);
        if (in == NULL || room == 0)
            break;
        int n = BIO_read(p->client_out, in, (int)room);
        if (n <= 0)
            break;
        latch_net_in_commit(p->server, (size_t)n);
        moved += (size_t)n;
    }
    return moved;
}

static int lt_ossl_pair_new(lt_ossl_pair *p, SSL_CTX *ctx, latch_config *server_cfg)
{
    memset(p, 0, sizeof *p);
    p->server = latch_conn_new(server_cfg, NULL);
    p->client = SSL_new(ctx);
    p->client_in = BIO_new(BIO_s_mem());
    p->client_out = BIO_new(BIO_s_mem());
    SSL_set_bio(p->client, p->client_in, p->client_out);
    SSL_set_connect_state(p->client);
    SSL_set_msg_callback(p->client, lt_msg_seen);
    SSL_set_msg_callback_arg(p->client, p);
    SSL_set_tlsext_host_name(p->client, "localhost");
    for (int round = 0; round < 50; round++) {
        int rc = SSL_do_handshake(p->client);
        lt_ossl_move(p);
        if (rc == 1 && latch_conn_handshake_done(p->server))
            return 1;
    }
    return 0;
}

/* The server writes n one-byte records (the byte is the record's number, mod 251), as many as
 * its output takes at a time, while OpenSSL reads; returns the bytes OpenSSL read, checked. */
static uint64_t lt_stream(lt_ossl_pair *p, uint64_t n, latch_status *write_status, int *read_end)
{
    static uint8_t data[4096], got[16384];
    uint64_t written = 0, read = 0;
    int stalled = 0;
    *write_status = LATCH_OK;
    *read_end = SSL_ERROR_NONE;
    p->server->send_limit = 1; /* one byte per record: many records, little data */
    while (stalled < 3) {
        if (written < n && *write_status == LATCH_OK) {
            size_t want = n - written < sizeof data ? (size_t)(n - written) : sizeof data, taken = 0;
            for (size_t i = 0; i < want; i++)
                data[i] = (uint8_t)((written + i) % 251);
            *write_status = latch_write(p->server, data, want, &taken);
            if (*write_status == LATCH_WANT_WRITE)
                *write_status = LATCH_OK;
            written += taken;
        }
        size_t moved = lt_ossl_move(p);
        for (;;) {
            int r = SSL_read(p->client, got, sizeof got);
            if (r <= 0) {
                int e = SSL_get_error(p->client, r);
                if (e != SSL_ERROR_WANT_READ)
                    *read_end = e;
                break;
            }
            for (int i = 0; i < r; i++) {
                if (got[i] != (uint8_t)((read + (uint64_t)i) % 251)) {
                    fprintf(stderr, "  byte %llu differs\n", (unsigned long long)(read + (uint64_t)i));
                    return read;
                }
            }
            read += (uint64_t)r;
        }
        lt_ossl_move(p);
        stalled = moved == 0 && (written == n || *write_status != LATCH_OK) ? stalled + 1 : 0;
        if (*read_end != SSL_ERROR_NONE)
            break;
    }
    return read;
}

static SSL_CTX *lt_ossl_ctx(int version)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    SSL_CTX_load_verify_locations(ctx, LT_PKI "ca.pem", NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_read_ahead(ctx, 1);
    return ctx;
}

static void test_tls13_key_update_at_2_24_with_openssl(void)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config_set_session_tickets(server_cfg, 0);
    SSL_CTX *ctx = lt_ossl_ctx(TLS1_3_VERSION);
    lt_ossl_pair p;
    LT_CHECK(lt_ossl_pair_new(&p, ctx, server_cfg));
    latch_status write_status;
    int read_end;
    uint64_t n = LT_RECORD_KEY_LIMIT + LT_EXTRA_RECORDS;
    uint64_t read = lt_stream(&p, n, &write_status, &read_end);
    LT_CHECK_INT(write_status, LATCH_OK);
    LT_CHECK_INT(read_end, SSL_ERROR_NONE);
    LT_CHECK(read == n);
    LT_CHECK_INT(p.key_updates_seen, 1);
    LT_CHECK(p.server->write_keys.seq == LT_EXTRA_RECORDS);
    /* and OpenSSL's answer still reaches latch */
    uint8_t buf[8];
    size_t got = 0;
    LT_CHECK_INT(SSL_write(p.client, "pong", 4), 4);
    lt_ossl_move(&p);
    LT_CHECK_INT(latch_read(p.server, buf, sizeof buf, &got), LATCH_OK);
    LT_CHECK_INT(got, 4);
    SSL_free(p.client);
    latch_conn_free(p.server);
    SSL_CTX_free(ctx);
    latch_config_free(server_cfg);
}

static void test_tls12_closes_at_2_24_with_openssl(void)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config_set_session_tickets(server_cfg, 0);
    SSL_CTX *ctx = lt_ossl_ctx(TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256");
    lt_ossl_pair p;
    LT_CHECK(lt_ossl_pair_new(&p, ctx, server_cfg));
    latch_status write_status;
    int read_end;
    uint64_t read = lt_stream(&p, LT_RECORD_KEY_LIMIT + LT_EXTRA_RECORDS, &write_status, &read_end);
    LT_CHECK_INT(write_status, LATCH_ERR_LIMIT);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "open a new connection");
    /* every record up to the limit opened under the master secret's keys (the server's
     * Finished was the first of the 2^24), then close_notify */
    LT_CHECK(read == LT_RECORD_KEY_LIMIT - 1);
    LT_CHECK_INT(read_end, SSL_ERROR_ZERO_RETURN);
    LT_CHECK_INT(p.key_updates_seen, 0);
    SSL_free(p.client);
    latch_conn_free(p.server);
    SSL_CTX_free(ctx);
    latch_config_free(server_cfg);
}

int main(void)
{
    LT_RUN(test_tls13_key_update_at_2_24_with_openssl);
    LT_RUN(test_tls12_closes_at_2_24_with_openssl);
    return lt_test_summary();
}
