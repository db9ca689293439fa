/* TLS 1.3 engine to engine, in memory: every suite x group x certificate type, HelloRetryRequest,
 * KeyUpdate both ways, 1-byte chunking, ALPN, exporters, close_notify, verification failures
 * with their alerts, and a 64 MiB transfer each way with a checksum. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "crypto/hash.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/record.h"

static const char *const suites[] = { "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                      "TLS_CHACHA20_POLY1305_SHA256" };
static const char *const groups[] = { "x25519", "secp256r1", "secp384r1" };
static const struct {
    const char *cert;
    const char *scheme;
} certs[] = {
    { "p256", "ecdsa_secp256r1_sha256" },
    { "p384", "ecdsa_secp384r1_sha384" },
    { "rsa2048", "rsa_pss_rsae_sha256" },
    { "ed25519", "ed25519" },
};

/* Sends len bytes from `from` to `to` through the pair and reads them back into got. Returns
 * the number of bytes that arrived. */
static size_t lt_send(lt_pair *p, latch_conn *from, latch_conn *to, const uint8_t *data, size_t len,
                      uint8_t *got, size_t cap)
{
    size_t sent = 0, received = 0, n;
    int idle = 0;
    while ((sent < len || received < len) && idle < 3) {
        int progress = 0;
        if (sent < len && latch_write(from, data + sent, len - sent, &n) == LATCH_OK && n > 0) {
            sent += n;
            progress = 1;
        }
        if (lt_pair_pump(p) > 0)
            progress = 1;
        while (received < cap && latch_read(to, got + received, cap - received, &n) == LATCH_OK) {
            received += n;
            progress = 1;
        }
        idle = progress ? 0 : idle + 1;
    }
    return received;
}

static int lt_roundtrip(lt_pair *p, const char *text)
{
    uint8_t got[256];
    size_t len = strlen(text);
    if (lt_send(p, p->client, p->server, (const uint8_t *)text, len, got, sizeof got) != len ||
        memcmp(got, text, len) != 0)
        return 0;
    if (lt_send(p, p->server, p->client, (const uint8_t *)text, len, got, sizeof got) != len ||
        memcmp(got, text, len) != 0)
        return 0;
    return 1;
}

static void test_matrix(void)
{
    for (size_t c = 0; c < sizeof certs / sizeof certs[0]; c++) {
        for (size_t s = 0; s < 3; s++) {
            for (size_t g = 0; g < 3; g++) {
                lt_pair p = { 0 };
                latch_config *server_cfg = lt_pair_server_config(&certs[c].cert, 1);
                latch_config *client_cfg = lt_pair_client_config();
                LT_CHECK(server_cfg != NULL && client_cfg != NULL);
                if (server_cfg == NULL || client_cfg == NULL)
                    return;
                LT_CHECK_INT(latch_config_set_suites(client_cfg, suites[s]), LATCH_OK);
                LT_CHECK_INT(latch_config_set_groups(client_cfg, groups[g]), LATCH_OK);
                int ok = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
                if (!ok)
                    fprintf(stderr, "  %s %s %s: client '%s', server '%s'\n", certs[c].cert,
                            suites[s], groups[g], latch_conn_error(p.client),
                            latch_conn_error(p.server));
                LT_CHECK(ok);
                if (ok) {
                    LT_CHECK_INT(latch_conn_version(p.client), LATCH_TLS13);
                    LT_CHECK_INT(latch_conn_version(p.server), LATCH_TLS13);
                    LT_CHECK(strcmp(latch_conn_suite(p.client), suites[s]) == 0);
                    LT_CHECK(strcmp(latch_conn_suite(p.server), suites[s]) == 0);
                    LT_CHECK(strcmp(latch_conn_group(p.client), groups[g]) == 0);
                    LT_CHECK(strcmp(latch_conn_group(p.server), groups[g]) == 0);
                    LT_CHECK(strcmp(latch_conn_signature_scheme(p.client), certs[c].scheme) == 0);
                    LT_CHECK(strcmp(latch_conn_signature_scheme(p.server), certs[c].scheme) == 0);
                    LT_CHECK_INT(latch_conn_hello_retry(p.client), 0);
                    LT_CHECK(strcmp(latch_conn_peer_root(p.client), "ca") == 0);
                    LT_CHECK_INT(latch_conn_peer_cert_count(p.client), 1);
                    LT_CHECK(lt_roundtrip(&p, "hello over TLS 1.3"));
                }
                lt_pair_free(&p);
                latch_config_free(client_cfg);
                latch_config_free(server_cfg);
            }
        }
    }
}

static void test_hello_retry(void)
{
    static const char *const cert = "p256";
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    /* the client's share is x25519; the server accepts only secp384r1 */
    LT_CHECK_INT(latch_config_set_groups(client_cfg, "x25519,secp384r1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_groups(server_cfg, "secp384r1"), LATCH_OK);
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK_INT(latch_conn_hello_retry(p.client), 1);
    LT_CHECK_INT(latch_conn_hello_retry(p.server), 1);
    LT_CHECK(strcmp(latch_conn_group(p.client), "secp384r1") == 0);
    LT_CHECK(lt_roundtrip(&p, "after a HelloRetryRequest"));
    lt_pair_free(&p);

    /* no group in common at all: handshake_failure */
    LT_CHECK_INT(latch_config_set_groups(client_cfg, "x25519"), LATCH_ERR_INVALID_ARG); /* frozen */
    latch_config *client2 = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_groups(client2, "x25519,secp256r1"), LATCH_OK);
    LT_CHECK(!lt_pair_handshake(&p, client2, server_cfg, "localhost"));
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_HANDSHAKE_FAILURE);
    LT_CHECK_INT(latch_conn_alert_received(p.client), LT_ALERT_HANDSHAKE_FAILURE);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "group");
    lt_pair_free(&p);
    latch_config_free(client2);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_key_update(void)
{
    static const char *const cert = "p256";
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    for (int round = 0; round < 3; round++) {
        LT_CHECK_INT(latch_key_update(p.client, round == 1), LATCH_OK);
        LT_CHECK(lt_roundtrip(&p, "after the client's KeyUpdate"));
        LT_CHECK_INT(latch_key_update(p.server, round != 1), LATCH_OK);
        LT_CHECK(lt_roundtrip(&p, "after the server's KeyUpdate"));
    }
    uint8_t a[32], b[32];
    LT_CHECK_INT(latch_export_keying_material(p.client, "EXPORTER-latch-test", (const uint8_t *)"ctx", 3,
                                              a, sizeof a), LATCH_OK);
    LT_CHECK_INT(latch_export_keying_material(p.server, "EXPORTER-latch-test", (const uint8_t *)"ctx", 3,
                                              b, sizeof b), LATCH_OK);
    LT_CHECK_MEM(a, b, sizeof a);
    LT_CHECK_INT(latch_export_keying_material(p.server, "EXPORTER-latch-test", NULL, 0, b, sizeof b),
                 LATCH_OK);
    LT_CHECK(memcmp(a, b, sizeof a) != 0);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_one_byte_chunks(void)
{
    static const char *const cert = "rsa2048";
    lt_pair p = { 0 };
    p.chunk = 1;
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_groups(client_cfg, "secp256r1,secp384r1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_groups(server_cfg, "secp384r1"), LATCH_OK); /* HRR too */
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK(lt_roundtrip(&p, "one byte at a time"));
    LT_CHECK_INT(latch_key_update(p.client, 1), LATCH_OK);
    LT_CHECK(lt_roundtrip(&p, "one byte at a time, new keys"));
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_alpn_and_close(void)
{
    static const char *const cert = "ed25519";
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_alpn(client_cfg, "h2,http/1.1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_alpn(server_cfg, "http/1.1"), LATCH_OK);
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "test.latch"));
    LT_CHECK(strcmp(latch_conn_alpn(p.client), "http/1.1") == 0);
    LT_CHECK(strcmp(latch_conn_alpn(p.server), "http/1.1") == 0);
    LT_CHECK(strcmp(latch_conn_server_name(p.server), "test.latch") == 0);
    /* the client closes; the server reads CLOSED, answers, and the client reads CLOSED */
    uint8_t buf[16];
    size_t n;
    LT_CHECK_INT(latch_close_notify(p.client), LATCH_OK);
    LT_CHECK_INT(latch_write(p.client, "late", 4, &n), LATCH_CLOSED);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_read(p.server, buf, sizeof buf, &n), LATCH_CLOSED);
    LT_CHECK_INT(latch_close_notify(p.server), LATCH_OK);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_read(p.client, buf, sizeof buf, &n), LATCH_CLOSED);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void lt_expect_failure(const char *cert, const char *host, int alert, const char *reason)
{
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK(!lt_pair_handshake(&p, client_cfg, server_cfg, host));
    LT_CHECK_INT(latch_conn_alert_sent(p.client), alert);
    LT_CHECK_INT(latch_conn_alert_received(p.server), alert);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), reason);
    LT_CHECK(p.client_status < 0);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_verification_failures(void)
{
    lt_expect_failure("p256", "other.example", LT_ALERT_BAD_CERTIFICATE, "other.example");
    lt_expect_failure("untrusted", "localhost", LT_ALERT_UNKNOWN_CA, "other-ca");
    lt_expect_failure("expired", "localhost", LT_ALERT_CERTIFICATE_EXPIRED, "expired");
}

static void test_big_transfer(void)
{
    static const char *const cert = "p256";
    const size_t total = 64u << 20, block = 1u << 20;
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    uint8_t *data = malloc(block), *got = malloc(block);
    LT_CHECK(data && got && lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    for (int dir = 0; dir < 2 && data && got; dir++) {
        latch_conn *from = dir ? p.server : p.client, *to = dir ? p.client : p.server;
        lt_hash_ctx *sent_hash = NULL, *got_hash = NULL;
        uint8_t sent_digest[32], got_digest[32];
        size_t received = 0;
        LT_CHECK_INT(lt_hash_ctx_new(LT_HASH_SHA256, &sent_hash), 0);
        LT_CHECK_INT(lt_hash_ctx_new(LT_HASH_SHA256, &got_hash), 0);
        for (size_t off = 0; off < total; off += block) {
            for (size_t i = 0; i < block; i++)
                data[i] = (uint8_t)((off + i) * 2654435761u >> 13);
            LT_CHECK(lt_hash_ctx_update(sent_hash, data, block) == 0);
            size_t n = lt_send(&p, from, to, data, block, got, block);
            LT_CHECK(lt_hash_ctx_update(got_hash, got, n) == 0);
            received += n;
        }
        LT_CHECK_INT(received, total);
        LT_CHECK(lt_hash_ctx_peek(sent_hash, sent_digest) == 0);
        LT_CHECK(lt_hash_ctx_peek(got_hash, got_digest) == 0);
        LT_CHECK_MEM(sent_digest, got_digest, 32);
        lt_hash_ctx_free(sent_hash);
        lt_hash_ctx_free(got_hash);
    }
    free(data);
    free(got);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* latch_read_view shows the decrypted data in place, record by record; consuming part of it
 * leaves the rest in the window; consuming all goes on to the next record; more than is there is
 * refused; after close_notify the view says CLOSED. */
static void test_read_view(void)
{
    static const char *const cert = "p256";
    static uint8_t msg[20000];
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    const uint8_t *data = NULL;
    size_t len = 0, n = 0, got = 0;
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 1);
    LT_CHECK_INT(latch_read_view(p.server, &data, &len), LATCH_WANT_READ);
    LT_CHECK(data == NULL && len == 0);
    LT_CHECK_INT(latch_write(p.client, msg, sizeof msg, &n), LATCH_OK);
    LT_CHECK_INT(n, sizeof msg);
    lt_pair_pump(&p);
    /* two records: 16384 bytes, then the rest */
    LT_CHECK_INT(latch_read_view(p.server, &data, &len), LATCH_OK);
    LT_CHECK_INT(len, 16384);
    LT_CHECK_MEM(data, msg, 100);
    LT_CHECK_INT(latch_read_consume(p.server, 100), LATCH_OK);
    got = 100;
    LT_CHECK_INT(latch_read_view(p.server, &data, &len), LATCH_OK);
    LT_CHECK_INT(len, 16384 - 100);
    LT_CHECK_INT(latch_read_consume(p.server, len + 1), LATCH_ERR_INVALID_ARG);
    for (int quiet = 0; got < sizeof msg && quiet < 2;) {
        if (latch_read_view(p.server, &data, &len) != LATCH_OK) {
            quiet += lt_pair_pump(&p) == 0; /* the next record was still on its way */
            continue;
        }
        LT_CHECK(got + len <= sizeof msg);
        if (got + len > sizeof msg)
            break;
        LT_CHECK_MEM(data, msg + got, len);
        got += len;
        LT_CHECK_INT(latch_read_consume(p.server, len), LATCH_OK);
    }
    LT_CHECK_INT(got, sizeof msg);
    LT_CHECK_INT(latch_close_notify(p.client), LATCH_OK);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_read_view(p.server, &data, &len), LATCH_CLOSED);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* A large application_data record waits sealed until it is read, and latch_read decrypts it
 * straight into the caller's buffer: whole, or the part that fits with the rest read next. A
 * held record that does not authenticate fails the read with bad_record_mac and leaves nothing
 * of its plaintext in the caller's buffer. */
static void test_held_records(void)
{
    static const char *const cert = "p256";
    static uint8_t msg[16384], got[16384];
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 13 + 5);
    for (int variant = 0; variant < 3; variant++) {
        lt_pair p = { 0 };
        size_t n = 0, total = 0;
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        LT_CHECK_INT(latch_write(p.client, msg, sizeof msg, &n), LATCH_OK);
        if (variant == 2) { /* a bit flipped in the sealed record's ciphertext */
            size_t len;
            const uint8_t *out = latch_net_out_buf(p.client, &len);
            LT_CHECK(len > 1000);
            ((uint8_t *)out)[1000] ^= 0x04;
        }
        lt_pair_pump(&p);
        LT_CHECK(p.server->record_held);
        LT_CHECK_INT(p.server->app_len, 0);
        memset(got, 0xaa, sizeof got);
        if (variant == 2) {
            LT_CHECK(latch_read(p.server, got, sizeof got, &n) < 0);
            LT_CHECK_INT(n, 0);
            LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_BAD_RECORD_MAC);
            size_t leaked = 0;
            for (size_t i = 0; i < sizeof got; i++)
                leaked += got[i] == msg[i];
            LT_CHECK(leaked < 256); /* chance matches only: the plaintext was wiped */
        } else {
            size_t cap = variant == 0 ? sizeof got : 1000;
            while (total < sizeof msg && latch_read(p.server, got + total, cap, &n) == LATCH_OK) {
                LT_CHECK(n > 0 && n <= cap);
                total += n;
                if (cap > sizeof got - total)
                    cap = sizeof got - total;
            }
            LT_CHECK_INT(total, sizeof msg);
            LT_CHECK_MEM(got, msg, sizeof msg);
            LT_CHECK(!p.server->record_held);
        }
        lt_pair_free(&p);
    }
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* A held record read straight into the caller's buffer, then a small record behind it that the
 * same read opens in place: both arrive, in order. */
static void test_held_then_small(void)
{
    static const char *const cert = "p256";
    static uint8_t msg[4000], got[16384];
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    lt_pair p = { 0 };
    size_t n = 0;
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 11);
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK_INT(latch_write(p.client, msg, sizeof msg, &n), LATCH_OK);
    LT_CHECK_INT(latch_write(p.client, "and a tail", 10, &n), LATCH_OK);
    lt_pair_pump(&p);
    /* both records are in the server's input: the first held, the small one behind it */
    LT_CHECK(p.server->record_held);
    LT_CHECK_INT(p.server->in_len - p.server->in_pos, (sizeof msg + 22) + (10 + 22));
    LT_CHECK_INT(latch_read(p.server, got, sizeof got, &n), LATCH_OK);
    LT_CHECK_INT(n, sizeof msg);
    LT_CHECK_MEM(got, msg, sizeof msg);
    LT_CHECK_INT(latch_read(p.server, got, sizeof got, &n), LATCH_OK);
    LT_CHECK_INT(n, 10);
    LT_CHECK_MEM(got, "and a tail", 10);
    LT_CHECK_INT(latch_read(p.server, got, sizeof got, &n), LATCH_WANT_READ);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* Whatever the write sizes, the hand-over chunks and the read sizes, and whether the reader uses
 * latch_read or the view, the bytes arrive whole and in order (TLS 1.3 with KeyUpdates in between,
 * and 1.2; some records are held, some opened as they arrive, some read in parts). */
static void test_read_paths_keep_the_stream(void)
{
    static const char *const cert = "p256";
    static uint8_t sent[1u << 20], got[1u << 20], buf[20000];
    uint32_t rng = 12345;
#define LT_RAND() (rng = rng * 1103515245u + 12345u, (rng >> 8) & 0xffffff)
    for (size_t i = 0; i < sizeof sent; i++)
        sent[i] = (uint8_t)(LT_RAND() >> 3);
    for (int tls12 = 0; tls12 < 2; tls12++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        if (tls12)
            LT_CHECK_INT(latch_config_set_versions(client_cfg, LATCH_TLS12, LATCH_TLS12), LATCH_OK);
        lt_pair p = { 0 };
        size_t written = 0, received = 0, n = 0;
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        for (int round = 0; round < 100000 && received < sizeof sent; round++) {
            /* TLS 1.3: now and then a KeyUpdate between the records, which changes the keys the
             * reader opens everything behind it with */
            if (!tls12 && LT_RAND() % 16 == 0)
                LT_CHECK_INT(latch_key_update(p.client, (int)(LT_RAND() % 2)), LATCH_OK);
            if (written < sizeof sent && LT_RAND() % 3 != 0) {
                size_t len = LT_RAND() % 4 == 0 ? LT_RAND() % 64 : LT_RAND() % 20000;
                if (len > sizeof sent - written)
                    len = sizeof sent - written;
                if (latch_write(p.client, sent + written, len, &n) == LATCH_OK)
                    written += n;
            }
            p.chunk = LT_RAND() % 2 ? 0 : 1 + LT_RAND() % 5000;
            lt_pair_move(p.client, p.server, p.chunk, &p.server_status);
            lt_pair_move(p.server, p.client, 0, &p.client_status); /* KeyUpdate answers */
            for (int reads = (int)(LT_RAND() % 4); reads >= 0; reads--) {
                size_t cap = LT_RAND() % 3 == 0 ? 1 + LT_RAND() % 100 : 1 + LT_RAND() % sizeof buf;
                if (LT_RAND() % 4 == 0) {
                    const uint8_t *view = NULL;
                    size_t len = 0;
                    if (latch_read_view(p.server, &view, &len) != LATCH_OK)
                        break;
                    size_t take = len < cap ? len : cap;
                    LT_CHECK(received + take <= sizeof got);
                    memcpy(got + received, view, take);
                    received += take;
                    LT_CHECK_INT(latch_read_consume(p.server, take), LATCH_OK);
                } else {
                    if (latch_read(p.server, buf, cap, &n) != LATCH_OK)
                        break;
                    LT_CHECK(received + n <= sizeof got && n <= cap);
                    memcpy(got + received, buf, n);
                    received += n;
                }
            }
        }
#undef LT_RAND
        LT_CHECK_INT(p.server_status, LATCH_OK);
        LT_CHECK_INT(p.client_status, LATCH_OK);
        LT_CHECK_INT(received, sizeof sent);
        LT_CHECK(memcmp(got, sent, sizeof sent) == 0);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* A held record is not always application data in TLS 1.3: a NewSessionTicket large enough to be
 * held is handled when the application reads, and none of it shows in the caller's buffer. */
static void test_held_ticket(void)
{
    static const char *const cert = "p256";
    static uint8_t record[4096], nst[4096], got[8192];
    uint8_t before[8192], after[8192];
    size_t before_len = 0, after_len = 0, n = 0, len = 0, room = 0;
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK_INT(latch_conn_session_export(p.client, before, sizeof before, &before_len), LATCH_OK);
    /* NewSessionTicket: lifetime, age_add, nonce<1>, ticket<3000> (0x5a...), no extensions */
    uint8_t *m = nst; /* sealed from here into record */
    size_t body = 4 + 4 + 1 + 1 + 2 + 3000 + 2;
    memset(m, 0, 4 + body);
    m[0] = LT_HS_NEW_SESSION_TICKET;
    m[2] = (uint8_t)(body >> 8);
    m[3] = (uint8_t)body;
    m[4 + 3] = 60;             /* lifetime 60 s */
    m[4 + 8] = 1;              /* nonce length */
    m[4 + 10] = 3000 >> 8;     /* ticket length */
    m[4 + 11] = 3000 & 0xff;
    memset(m + 4 + 12, 0x5a, 3000);
    LT_CHECK_INT(lt_record_seal(&p.server->write_keys, LT_CT_HANDSHAKE, m, 4 + body, record, sizeof record, &len),
                 0);
    uint8_t *in = latch_net_in_buf(p.client, &room);
    LT_CHECK(in != NULL && room >= len);
    memcpy(in, record, len);
    LT_CHECK_INT(latch_net_in_commit(p.client, len), LATCH_OK);
    LT_CHECK(p.client->record_held);
    memset(got, 0xaa, sizeof got);
    LT_CHECK_INT(latch_read(p.client, got, sizeof got, &n), LATCH_WANT_READ);
    LT_CHECK_INT(n, 0);
    LT_CHECK(!p.client->record_held);
    for (size_t i = 0; i < 4 + body; i++)
        if (got[i] != 0) {
            LT_CHECK(got[i] == 0);
            break;
        }
    LT_CHECK_INT(latch_conn_session_export(p.client, after, sizeof after, &after_len), LATCH_OK);
    LT_CHECK(after_len > before_len + 2000); /* the new, longer ticket is the session now */
    /* the same ticket again with a large application record behind it, both held: the view
     * handles the ticket and shows the data; it never says WANT_READ with data buffered */
    static uint8_t data_record[4096], big[16384];
    size_t data_len = 0;
    /* a full record first, so that the client's input buffer has grown to hold both */
    LT_CHECK_INT(latch_write(p.server, big, sizeof big, &n), LATCH_OK);
    lt_pair_pump(&p);
    for (size_t total = 0; total < sizeof big && latch_read(p.client, got, sizeof got, &n) == LATCH_OK;)
        total += n;
    uint8_t *payload = data_record + LT_RECORD_HEADER_LEN;
    memset(payload, 0x33, 3000);
    LT_CHECK_INT(lt_record_seal(&p.server->write_keys, LT_CT_HANDSHAKE, m, 4 + body, record, sizeof record, &len),
                 0);
    LT_CHECK_INT(lt_record_seal(&p.server->write_keys, LT_CT_APPLICATION_DATA, payload, 3000, data_record,
                                sizeof data_record, &data_len), 0);
    in = latch_net_in_buf(p.client, &room);
    LT_CHECK(in != NULL && room >= len + data_len);
    if (in != NULL && room >= len + data_len) {
        memcpy(in, record, len);
        memcpy(in + len, data_record, data_len);
        LT_CHECK_INT(latch_net_in_commit(p.client, len + data_len), LATCH_OK);
        const uint8_t *view = NULL;
        size_t view_len = 0;
        LT_CHECK_INT(latch_read_view(p.client, &view, &view_len), LATCH_OK);
        LT_CHECK_INT(view_len, 3000);
        LT_CHECK(view != NULL && view[0] == 0x33 && view[2999] == 0x33);
    }
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* The largest ClientHello latch builds (every suite, every group, the longest host name, ALPN
 * names filling its 256 bytes, TLS 1.2 offered too) fits the buffer it is built in, and its
 * fields come back from the codec as they were set. */
static void test_largest_client_hello(void)
{
    char host[254], alpn[300];
    memset(host, 'a', sizeof host - 1);
    host[sizeof host - 1] = '\0';
    for (size_t i = 63; i < sizeof host - 1; i += 64)
        host[i] = '.'; /* (labels of 63 bytes) */
    size_t n = 0;
    alpn[0] = '\0';
    while (n + 2 + 40 <= 256) { /* names of 40 bytes: 41 each on the wire, 6 of them */
        if (n > 0)
            strcat(alpn, ",");
        size_t at = strlen(alpn);
        memset(alpn + at, 'p' + (char)(n / 41), 40);
        alpn[at + 40] = '\0';
        n += 41;
    }
    latch_config *cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS13), LATCH_OK);
    LT_CHECK_INT(latch_config_set_groups(cfg, "secp384r1,x25519,secp256r1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_alpn(cfg, alpn), LATCH_OK);
    latch_conn *conn = latch_conn_new(cfg, host);
    LT_CHECK(conn != NULL);
    if (conn == NULL) {
        fprintf(stderr, "  %s\n", latch_conn_new_error());
    } else {
        size_t len = 0;
        const uint8_t *out = latch_net_out_buf(conn, &len);
        lt_client_hello_msg ch;
        LT_CHECK(len > 5 + 4 && lt_client_hello_msg_parse(lt_span_make(out + 5, len - 5), &ch) == 0);
        const lt_ext *sni = lt_ext_find(&ch.exts, LT_EXT_SERVER_NAME);
        LT_CHECK(sni != NULL && sni->data.len == 2 + 1 + 2 + strlen(host));
        const lt_ext *a = lt_ext_find(&ch.exts, LT_EXT_ALPN);
        LT_CHECK(a != NULL && a->data.len == 2 + n);
        latch_conn_free(conn);
    }
    latch_config_free(cfg);
}

int main(void)
{
    LT_RUN(test_matrix);
    LT_RUN(test_hello_retry);
    LT_RUN(test_key_update);
    LT_RUN(test_one_byte_chunks);
    LT_RUN(test_alpn_and_close);
    LT_RUN(test_verification_failures);
    LT_RUN(test_big_transfer);
    LT_RUN(test_read_view);
    LT_RUN(test_held_records);
    LT_RUN(test_held_then_small);
    LT_RUN(test_read_paths_keep_the_stream);
    LT_RUN(test_held_ticket);
    LT_RUN(test_largest_client_hello);
    return lt_test_summary();
}
