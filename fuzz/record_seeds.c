/* Records the engine harnesses' seeds: real handshakes between an in-memory latch client and
 * server, in the fuzzing build, each side's byte stream written as a file. The harness's own
 * fixed configuration (fuzz_engine.h) plays the side that is recorded for: fuzz_server's seeds
 * are what clients of several kinds sent its server, fuzz_client's what servers of several kinds
 * answered its client. The random stream restarts before the harness's side is made, as in the
 * harness, so its ClientHello (session ID, randoms) is the one the recorded answers fit.
 * Usage: record_seeds <seeds-dir>   (writes <dir>/fuzz_server/, <dir>/fuzz_client/ and the
 *        sessions a client exports, <dir>/fuzz_session/)
 *        record_seeds --check <seed>...  replays each seed in its harness's configuration (the
 *        directory above it names the harness) and fails unless the handshake completes, then
 *        each server's stream again with its signatures flipped: the fuzzing build's transparent
 *        mode is what lets a replayed stream, and a mutated one, through. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_engine.h"

typedef struct {
    uint8_t *data;
    size_t len;
} lt_stream;

/* Moves what from has to send into to, appending it to the recording. */
static size_t lt_move(latch_conn *from, latch_conn *to, lt_stream *rec)
{
    size_t moved = 0, len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        if (in == NULL || room == 0)
            break;
        size_t n = len < room ? len : room;
        uint8_t *grown = realloc(rec->data, rec->len + n);
        if (grown == NULL)
            abort();
        rec->data = grown;
        memcpy(rec->data + rec->len, out, n);
        rec->len += n;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        moved += n;
        if (latch_net_in_commit(to, n) < 0)
            break;
    }
    return moved;
}

static void lt_pump(latch_conn *client, latch_conn *server, lt_stream *c2s, lt_stream *s2c)
{
    size_t moved;
    do {
        moved = lt_move(client, server, c2s) + lt_move(server, client, s2c);
    } while (moved > 0);
}

/* After the handshake: application data both ways, a KeyUpdate (TLS 1.3) and close_notify, so
 * the seeds reach what follows the handshake too. */
static void lt_talk(latch_conn *client, latch_conn *server, lt_stream *c2s, lt_stream *s2c)
{
    uint8_t buf[64];
    size_t n;
    (void)latch_write(client, "GET / HTTP/1.0\r\n\r\n", 18, &n);
    lt_pump(client, server, c2s, s2c);
    (void)latch_read(server, buf, sizeof buf, &n);
    (void)latch_write(server, "HTTP/1.0 200 OK\r\n\r\nhello", 24, &n);
    if (latch_conn_version(client) == LATCH_TLS13) {
        (void)latch_key_update(client, 1);
        (void)latch_key_update(server, 0);
    }
    lt_pump(client, server, c2s, s2c);
    (void)latch_read(client, buf, sizeof buf, &n);
    (void)latch_close_notify(client);
    (void)latch_close_notify(server);
    lt_pump(client, server, c2s, s2c);
}

static int lt_write(const char *dir, const char *harness, const char *name, const lt_stream *s)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, harness, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(s->data, 1, s->len, f) != s->len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        return -1;
    }
    printf("%s/%s: %zu bytes\n", harness, name, s->len);
    return 0;
}

/* One handshake; for_server: the harness's server meets the variant client (else the
 * harness's client meets the variant server). Writes the stream the harness side received. */
static int lt_record(const char *dir, const char *name, int for_server, latch_config *variant)
{
    lt_stream c2s = { 0 }, s2c = { 0 };
    latch_config *fixed;
    latch_conn *client, *server;
    int rc = -1;
    if (variant == NULL || latch_config_freeze(variant) != LATCH_OK) {
        fprintf(stderr, "%s: the variant configuration: %s\n", name,
                variant != NULL ? latch_config_error(variant) : "none");
        latch_config_free(variant);
        return -1;
    }
    /* The stream restarts as the harness restarts it, just before its side exists: a variant
     * client has drawn its ClientHello's randoms by then, so the harness's server draws the
     * same values (its HelloRetryRequest's cookie) in the recording as in the replay. */
    if (for_server) {
        client = latch_conn_new(variant, "localhost");
        fixed = lt_fuzz_server_config();
        server = fixed != NULL ? lt_fuzz_server_conn(fixed) : NULL;
    } else {
        lt_random_fuzz_reset();
        fixed = lt_fuzz_client_config();
        client = fixed != NULL ? latch_conn_new(fixed, "localhost") : NULL;
        server = latch_conn_new(variant, NULL);
    }
    if (client == NULL || server == NULL) {
        fprintf(stderr, "%s: no connection: %s\n", name, latch_conn_new_error());
        goto out;
    }
    lt_pump(client, server, &c2s, &s2c);
    if (!latch_conn_handshake_done(client) || !latch_conn_handshake_done(server)) {
        fprintf(stderr, "%s: the handshake failed: client '%s', server '%s'\n", name,
                latch_conn_error(client), latch_conn_error(server));
        goto out;
    }
    lt_talk(client, server, &c2s, &s2c);
    rc = lt_write(dir, for_server ? "fuzz_server" : "fuzz_client", name, for_server ? &c2s : &s2c);
    if (rc == 0 && latch_conn_hello_retry(client))
        printf("  (with a HelloRetryRequest)\n");
    if (rc == 0 && latch_conn_resumed(client))
        printf("  (resumed)\n");
out:
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(fixed);
    latch_config_free(variant);
    free(c2s.data);
    free(s2c.data);
    return rc;
}

static latch_config *lt_client(uint16_t max, const char *suites, const char *groups)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    if (latch_config_set_roots_file(cfg, LT_FUZZ_PKI "ca.pem") != LATCH_OK ||
        latch_config_set_clock(cfg, lt_fuzz_clock, NULL) != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS12, max) != LATCH_OK ||
        latch_config_set_rsa_key_exchange(cfg, 1) != LATCH_OK ||
        (suites != NULL && latch_config_set_suites(cfg, suites) != LATCH_OK) ||
        (groups != NULL && latch_config_set_groups(cfg, groups) != LATCH_OK)) {
        fprintf(stderr, "client variant: %s\n", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* A client of version max that resumes a session the harness's server gave it: the first
 * handshake runs here, the one recorded is the caller's. */
static latch_config *lt_resuming_client(uint16_t max)
{
    uint8_t session[4096];
    size_t len = 0;
    lt_stream c2s = { 0 }, s2c = { 0 };
    latch_config *first = lt_client(max, NULL, NULL), *again = lt_client(max, NULL, NULL);
    latch_conn *client = first != NULL && latch_config_freeze(first) == LATCH_OK ? latch_conn_new(first, "localhost") : NULL;
    latch_config *fixed = lt_fuzz_server_config(); /* the same ticket key as lt_record's */
    latch_conn *server = fixed != NULL ? lt_fuzz_server_conn(fixed) : NULL;
    int ok = client != NULL && server != NULL && again != NULL;
    if (ok) {
        lt_pump(client, server, &c2s, &s2c);
        lt_talk(client, server, &c2s, &s2c);
        ok = latch_conn_session_export(client, session, sizeof session, &len) == LATCH_OK &&
             latch_config_session_import(again, session, len) == LATCH_OK;
    }
    if (!ok)
        fprintf(stderr, "no session to resume: %s\n", client != NULL ? latch_conn_error(client) : "no client");
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(first);
    latch_config_free(fixed);
    free(c2s.data);
    free(s2c.data);
    if (!ok) {
        latch_config_free(again);
        return NULL;
    }
    return again;
}

/* fuzz_session's seeds: the session a client of version max exports after a handshake with the
 * harnesses' server (its ticket sealed under that server's key, so the harness resumes it). */
static int lt_record_session(const char *dir, const char *name, uint16_t max)
{
    uint8_t session[4096];
    size_t len = 0;
    lt_stream c2s = { 0 }, s2c = { 0 }, out = { session, 0 };
    latch_config *cfg = lt_client(max, NULL, NULL);
    lt_random_fuzz_reset();
    latch_conn *client = cfg != NULL && latch_config_freeze(cfg) == LATCH_OK ? latch_conn_new(cfg, "localhost") : NULL;
    latch_config *fixed = lt_fuzz_server_config();
    latch_conn *server = fixed != NULL ? lt_fuzz_server_conn(fixed) : NULL;
    int rc = -1;
    if (client != NULL && server != NULL) {
        lt_pump(client, server, &c2s, &s2c);
        lt_talk(client, server, &c2s, &s2c);
        if (latch_conn_session_export(client, session, sizeof session, &len) == LATCH_OK) {
            out.len = len;
            rc = lt_write(dir, "fuzz_session", name, &out);
        }
    }
    if (rc < 0)
        fprintf(stderr, "%s: no session to export: %s\n", name, client != NULL ? latch_conn_error(client) : "no client");
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(cfg);
    latch_config_free(fixed);
    free(c2s.data);
    free(s2c.data);
    return rc;
}

static latch_config *lt_server(const char *cert, uint16_t max, const char *suites, const char *groups)
{
    char chain[256], key[256];
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    snprintf(chain, sizeof chain, LT_FUZZ_PKI "%s.pem", cert);
    snprintf(key, sizeof key, LT_FUZZ_PKI "%s-key.pem", cert);
    if (latch_config_add_identity(cfg, chain, key) != LATCH_OK ||
        latch_config_set_clock(cfg, lt_fuzz_clock, NULL) != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS12, max) != LATCH_OK ||
        latch_config_set_rsa_key_exchange(cfg, 1) != LATCH_OK ||
        (suites != NULL && latch_config_set_suites(cfg, suites) != LATCH_OK) ||
        (groups != NULL && latch_config_set_groups(cfg, groups) != LATCH_OK)) {
        fprintf(stderr, "server variant: %s\n", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* Flips the last byte of every signature the server sent (TLS 1.3 CertificateVerify, TLS 1.2
 * ServerKeyExchange: the signature ends both) in a server's recorded stream, whose records the
 * fuzzing build leaves in clear (a TLS 1.3 record: content, its type, then a 16-byte tag).
 * Returns how many it flipped. */
static size_t lt_tamper_signatures(uint8_t *data, size_t size)
{
    size_t flipped = 0, at = 0;
    while (at + 5 <= size) {
        size_t len = (size_t)data[at + 3] << 8 | data[at + 4];
        size_t body = at + 5, end = body + len;
        if (end > size)
            break;
        if (data[at] == 23 && len > 17)
            end -= 17; /* the tag and the inner content type (no padding in these records) */
        else if (data[at] != 22)
            end = body;
        for (size_t m = body; m + 4 <= end;) {
            size_t mlen = (size_t)data[m + 1] << 16 | (size_t)data[m + 2] << 8 | data[m + 3];
            if (m + 4 + mlen > end)
                break;
            if ((data[m] == 15 || data[m] == 12) && mlen > 0) {
                data[m + 4 + mlen - 1] ^= 0x01;
                flipped++;
            }
            m += 4 + mlen;
        }
        at += 5 + len;
    }
    return flipped;
}

/* Replays one seed as its harness does; 0 when the handshake completed. tamper: a server's
 * signatures flipped first, or a byte of a client's random (which a resumption's binder covers):
 * the fuzzing build lets both through, as it must for a fuzzer's mutations to reach what
 * follows. */
static int lt_check(const char *path, int tamper)
{
    static uint8_t data[1 << 16];
    FILE *f = fopen(path, "rb");
    size_t size = f != NULL ? fread(data, 1, sizeof data, f) : 0;
    if (f != NULL)
        fclose(f);
    int for_server = strstr(path, "fuzz_server/") != NULL;
    if (size == 0 || (!for_server && strstr(path, "fuzz_client/") == NULL)) {
        fprintf(stderr, "%s: not a seed of fuzz_server or fuzz_client\n", path);
        return -1;
    }
    if (tamper && for_server) {
        /* a byte of each ClientHello's random (a retry's must equal the first's): the
         * transcript, and so the PSK binder, changes */
        for (size_t at = 0; at + 11 < size; at += 5 + ((size_t)data[at + 3] << 8 | data[at + 4]))
            if (data[at] == 22 && data[at + 5] == 1)
                data[at + 11] ^= 0x01;
    } else if (tamper && lt_tamper_signatures(data, size) == 0) {
        return 0; /* nothing signed to tamper with */
    }
    latch_config *cfg;
    latch_conn *conn = NULL;
    if (for_server) {
        cfg = lt_fuzz_server_config();
        conn = cfg != NULL ? lt_fuzz_server_conn(cfg) : NULL;
    } else {
        lt_random_fuzz_reset();
        cfg = lt_fuzz_client_config();
        conn = cfg != NULL ? latch_conn_new(cfg, "localhost") : NULL;
    }
    int done = 0;
    if (conn != NULL) {
        lt_fuzz_feed(conn, data, size);
        done = latch_conn_handshake_done(conn);
        printf("%s %s%s: %s\n", done ? "ok" : "not ok", path,
               !tamper ? "" : for_server ? " (its random changed)" : " (its signatures flipped)",
               done ? "the handshake completed" : latch_conn_error(conn));
    }
    latch_conn_free(conn);
    latch_config_free(cfg);
    return done ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--check") == 0) {
        int failed = 0;
        for (int i = 2; i < argc; i++) {
            failed |= lt_check(argv[i], 0) < 0;
            failed |= lt_check(argv[i], 1) < 0;
        }
        return failed ? 1 : 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: record_seeds <seeds-dir>\n");
        return 2;
    }
    const char *dir = argv[1];
    int failed = 0;
    /* what the harness's server hears */
    failed |= lt_record(dir, "tls13", 1, lt_client(LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "tls13-chacha20", 1, lt_client(LATCH_TLS13, "TLS_CHACHA20_POLY1305_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "tls13-p256", 1, lt_client(LATCH_TLS13, NULL, "secp256r1")) < 0;
    failed |= lt_record(dir, "tls13-hrr", 1, lt_client(LATCH_TLS13, NULL, "secp384r1,x25519")) < 0;
    failed |= lt_record(dir, "tls12-ecdhe-ecdsa", 1,
                        lt_client(LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "tls12-ecdhe-rsa", 1,
                        lt_client(LATCH_TLS12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "tls12-rsa", 1, lt_client(LATCH_TLS12, "TLS_RSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "tls13-resumed", 1, lt_resuming_client(LATCH_TLS13)) < 0;
    failed |= lt_record(dir, "tls12-resumed", 1, lt_resuming_client(LATCH_TLS12)) < 0;
    /* what the harness's client hears */
    failed |= lt_record(dir, "tls13", 0, lt_server("p256", LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "tls13-rsa", 0, lt_server("rsa2048", LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "tls13-ed25519", 0, lt_server("ed25519", LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "tls13-aes256", 0, lt_server("p256", LATCH_TLS13, "TLS_AES_256_GCM_SHA384", NULL)) < 0;
    failed |= lt_record(dir, "tls13-hrr", 0, lt_server("p256", LATCH_TLS13, NULL, "secp256r1")) < 0;
    failed |= lt_record(dir, "tls12-ecdhe-ecdsa", 0, lt_server("p256", LATCH_TLS12, NULL, NULL)) < 0;
    failed |= lt_record(dir, "tls12-ecdhe-rsa", 0, lt_server("rsa2048", LATCH_TLS12, NULL, NULL)) < 0;
    failed |= lt_record(dir, "tls12-rsa", 0,
                        lt_server("rsa2048", LATCH_TLS12, "TLS_RSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    /* what a client exports */
    failed |= lt_record_session(dir, "tls13", LATCH_TLS13) < 0;
    failed |= lt_record_session(dir, "tls12", LATCH_TLS12) < 0;
    return failed ? 1 : 0;
}
