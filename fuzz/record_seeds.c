/* Records the engine harnesses' seeds: real handshakes between an in-memory latch client and
 * server, in the fuzzing build, each side's byte stream written as a file. The harness's own
 * fixed configuration (fuzz_engine.h, fuzz_resume.h) plays the side that is recorded for:
 * fuzz_server's and fuzz_server_mtls's seeds are what clients of several kinds sent its server,
 * fuzz_client's and fuzz_client_resume's what servers of several kinds answered its client (the
 * latter's after the byte that picks the session it offered). The random stream restarts before
 * the harness's side is made, as in the harness, so its ClientHello (session ID, randoms) is the
 * one the recorded answers fit.
 * Usage: record_seeds <seeds-dir>   (writes <dir>/<harness>/ for the four engine harnesses and
 *        the sessions a client exports, <dir>/fuzz_session/)
 *        record_seeds --check <seed>...  replays each seed in its harness's configuration (the
 *        directory above it names the harness) and fails unless the handshake completes, then
 *        each server's stream again with its signatures flipped: the fuzzing build's transparent
 *        mode is what lets a replayed stream, and a mutated one, through. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_resume.h"

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

/* What the harnesses make once at their start: fuzz_server_mtls's remembered session and
 * fuzz_client_resume's sessions (made by lt_sessions_make, the same in every process). */
static lt_fuzz_id_session id_session;
static uint8_t resume_sessions[LT_FUZZ_RESUME_KINDS][4096];
static size_t resume_lens[LT_FUZZ_RESUME_KINDS];
static latch_config *resume_servers[LT_FUZZ_RESUME_KINDS]; /* the servers that made them */

/* The sessions are the same in every process but for their secrets: the transcript they are
 * derived from holds the server's ECDSA signature, whose nonce libcrypto draws, not the stream.
 * The fuzzing build checks no binder or Finished and leaves records in the clear, so a recorded
 * answer to a session still replays with the harness's own. */
static int lt_sessions_make(void)
{
    latch_config *mtls = lt_fuzz_server_make(1);
    int rc = mtls != NULL ? lt_fuzz_id_session_make(mtls, &id_session) : -1;
    latch_config_free(mtls);
    for (int kind = 0; rc == 0 && kind < LT_FUZZ_RESUME_KINDS; kind++)
        rc = lt_fuzz_resume_session(kind, &resume_servers[kind], resume_sessions[kind], sizeof resume_sessions[kind],
                                    &resume_lens[kind]);
    return rc;
}

static void lt_sessions_free(void)
{
    for (int kind = 0; kind < LT_FUZZ_RESUME_KINDS; kind++) {
        latch_config_free(resume_servers[kind]);
        resume_servers[kind] = NULL;
    }
}

static int lt_is_server_harness(const char *harness)
{
    return strncmp(harness, "fuzz_server", 11) == 0;
}

/* The harness's side of a connection, made as the harness makes it (its config in *cfg, freed
 * by the caller); kind: fuzz_client_resume's session. */
static latch_conn *lt_harness_conn(const char *harness, int kind, latch_config **cfg)
{
    *cfg = NULL;
    if (strcmp(harness, "fuzz_server") == 0) {
        *cfg = lt_fuzz_server_config();
        return *cfg != NULL ? lt_fuzz_server_conn(*cfg) : NULL;
    }
    if (strcmp(harness, "fuzz_server_mtls") == 0) {
        *cfg = lt_fuzz_server_make(1);
        return *cfg != NULL ? lt_fuzz_server_conn_keeping(*cfg, &id_session.kept) : NULL;
    }
    if (strcmp(harness, "fuzz_client_resume") == 0) {
        *cfg = lt_fuzz_client_make(1, LATCH_TLS13);
        return *cfg != NULL ? lt_fuzz_resume_client(*cfg, resume_sessions[kind], resume_lens[kind]) : NULL;
    }
    lt_random_fuzz_reset();
    *cfg = lt_fuzz_client_config();
    return *cfg != NULL ? latch_conn_new(*cfg, "localhost") : NULL;
}

/* One handshake of the harness's side with the variant on the other, then lt_talk. Writes the
 * stream the harness side received (fuzz_client_resume's after the byte of its kind). */
static int lt_record(const char *dir, const char *harness, const char *name, int kind, latch_config *variant)
{
    lt_stream c2s = { 0 }, s2c = { 0 };
    latch_config *fixed = NULL;
    latch_conn *client, *server;
    int for_server = lt_is_server_harness(harness);
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
        server = lt_harness_conn(harness, kind, &fixed);
    } else {
        client = lt_harness_conn(harness, kind, &fixed);
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
    if (strcmp(harness, "fuzz_client_resume") == 0) {
        uint8_t *with_kind = malloc(s2c.len + 1);
        if (with_kind == NULL)
            abort();
        with_kind[0] = (uint8_t)kind;
        memcpy(with_kind + 1, s2c.data, s2c.len);
        free(s2c.data);
        s2c.data = with_kind;
        s2c.len++;
    }
    rc = lt_write(dir, harness, name, for_server ? &c2s : &s2c);
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

/* A client of version max with a certificate (the RSA or P-256 test identity), for the
 * mutual-TLS server. */
static latch_config *lt_client_with(const char *cert, uint16_t max, const char *suites)
{
    char chain[256], key[256];
    latch_config *cfg = lt_client(max, suites, NULL);
    snprintf(chain, sizeof chain, LT_FUZZ_PKI "%s.pem", cert);
    snprintf(key, sizeof key, LT_FUZZ_PKI "%s-key.pem", cert);
    if (cfg != NULL && latch_config_add_identity(cfg, chain, key) != LATCH_OK) {
        fprintf(stderr, "client variant: %s\n", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* A client that offers the session fuzz_server_mtls's server remembers by ID. */
static latch_config *lt_client_remembered(void)
{
    latch_config *cfg = lt_client_with("p256", LATCH_TLS12, NULL);
    if (cfg != NULL && latch_config_session_import(cfg, id_session.session, id_session.session_len) != LATCH_OK) {
        fprintf(stderr, "the remembered session does not import: %s\n", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* The server that gave fuzz_client_resume's client its session of that kind (lt_sessions_make),
 * handed over once: it resumes the session. */
static latch_config *lt_resuming_server(int kind)
{
    latch_config *cfg = resume_servers[kind];
    resume_servers[kind] = NULL;
    return cfg;
}

/* A server that asks for a client certificate and resumes nothing (no tickets, an empty ID
 * cache): the client offers its session and gets a full handshake. (Not the TLS 1.2 session
 * ID: from the restarted stream this server would draw the same ID for its new session, and
 * the client would take the echo for a resumption.) */
static latch_config *lt_mtls_server(uint16_t max)
{
    return lt_fuzz_mtls_peer(max, 0);
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
    static const char *const harnesses[] = { "fuzz_server", "fuzz_client", "fuzz_server_mtls", "fuzz_client_resume" };
    const char *harness = NULL;
    char dir[64];
    FILE *f = fopen(path, "rb");
    size_t size = f != NULL ? fread(data, 1, sizeof data, f) : 0;
    if (f != NULL)
        fclose(f);
    for (size_t i = 0; i < sizeof harnesses / sizeof harnesses[0]; i++) {
        snprintf(dir, sizeof dir, "%s/", harnesses[i]);
        if (strstr(path, dir) != NULL)
            harness = harnesses[i];
    }
    int resume = harness != NULL && strcmp(harness, "fuzz_client_resume") == 0;
    if (size <= (size_t)resume || harness == NULL) {
        fprintf(stderr, "%s: not a seed of an engine harness\n", path);
        return -1;
    }
    int for_server = lt_is_server_harness(harness);
    int kind = resume ? data[0] % LT_FUZZ_RESUME_KINDS : 0;
    uint8_t *records = data + resume;
    size_t records_len = size - (size_t)resume;
    if (tamper && for_server) {
        /* a byte of each ClientHello's random (a retry's must equal the first's): the
         * transcript, and so the PSK binder, changes */
        for (size_t at = 0; at + 11 < size; at += 5 + ((size_t)data[at + 3] << 8 | data[at + 4]))
            if (data[at] == 22 && data[at + 5] == 1)
                data[at + 11] ^= 0x01;
    } else if (tamper && lt_tamper_signatures(records, records_len) == 0) {
        return 0; /* nothing signed to tamper with */
    }
    latch_config *cfg;
    latch_conn *conn = lt_harness_conn(harness, kind, &cfg);
    int done = 0;
    if (conn != NULL) {
        lt_fuzz_feed(conn, records, records_len);
        /* a seed named for a resumption must resume, not fall back to a full handshake */
        int resumed = strstr(path, "resumed") == NULL || latch_conn_resumed(conn);
        done = latch_conn_handshake_done(conn) && resumed;
        printf("%s %s%s: %s\n", done ? "ok" : "not ok", path,
               !tamper ? "" : for_server ? " (its random changed)" : " (its signatures flipped)",
               done ? "the handshake completed" : !resumed ? "not resumed" : latch_conn_error(conn));
    }
    latch_conn_free(conn);
    latch_config_free(cfg);
    return done ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--check") == 0) {
        int failed = lt_sessions_make() < 0;
        for (int i = 2; i < argc; i++) {
            failed |= lt_check(argv[i], 0) < 0;
            failed |= lt_check(argv[i], 1) < 0;
        }
        lt_sessions_free();
        return failed ? 1 : 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: record_seeds <seeds-dir>\n");
        return 2;
    }
    const char *dir = argv[1];
    int failed = 0;
    if (lt_sessions_make() < 0) {
        lt_sessions_free();
        return 1;
    }
    /* what the harness's server hears */
    failed |= lt_record(dir, "fuzz_server", "tls13", 0, lt_client(LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls13-chacha20", 0, lt_client(LATCH_TLS13, "TLS_CHACHA20_POLY1305_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls13-p256", 0, lt_client(LATCH_TLS13, NULL, "secp256r1")) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls13-hrr", 0, lt_client(LATCH_TLS13, NULL, "secp384r1,x25519")) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls12-ecdhe-ecdsa", 0,
                        lt_client(LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls12-ecdhe-rsa", 0,
                        lt_client(LATCH_TLS12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls12-rsa", 0, lt_client(LATCH_TLS12, "TLS_RSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls13-resumed", 0, lt_resuming_client(LATCH_TLS13)) < 0;
    failed |= lt_record(dir, "fuzz_server", "tls12-resumed", 0, lt_resuming_client(LATCH_TLS12)) < 0;
    /* what the harness's client hears */
    failed |= lt_record(dir, "fuzz_client", "tls13", 0, lt_server("p256", LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls13-rsa", 0, lt_server("rsa2048", LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls13-ed25519", 0, lt_server("ed25519", LATCH_TLS13, NULL, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls13-aes256", 0, lt_server("p256", LATCH_TLS13, "TLS_AES_256_GCM_SHA384", NULL)) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls13-hrr", 0, lt_server("p256", LATCH_TLS13, NULL, "secp256r1")) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls12-ecdhe-ecdsa", 0, lt_server("p256", LATCH_TLS12, NULL, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls12-ecdhe-rsa", 0, lt_server("rsa2048", LATCH_TLS12, NULL, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_client", "tls12-rsa", 0,
                        lt_server("rsa2048", LATCH_TLS12, "TLS_RSA_WITH_AES_128_GCM_SHA256", NULL)) < 0;
    /* what the mutual-TLS server hears (fuzz_server_mtls) */
    failed |= lt_record(dir, "fuzz_server_mtls", "tls13-mtls", 0, lt_client_with("p256", LATCH_TLS13, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server_mtls", "tls13-mtls-rsa", 0, lt_client_with("rsa2048", LATCH_TLS13, NULL)) < 0;
    failed |= lt_record(dir, "fuzz_server_mtls", "tls12-ecdhe-mtls", 0,
                        lt_client_with("p256", LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) < 0;
    failed |= lt_record(dir, "fuzz_server_mtls", "tls12-rsa-mtls-rsa", 0,
                        lt_client_with("rsa2048", LATCH_TLS12, "TLS_RSA_WITH_AES_128_GCM_SHA256")) < 0;
    failed |= lt_record(dir, "fuzz_server_mtls", "tls12-resumed-id", 0, lt_client_remembered()) < 0;
    /* what the resuming client with a certificate hears (fuzz_client_resume) */
    failed |= lt_record(dir, "fuzz_client_resume", "tls13-resumed", LT_FUZZ_RESUME_TLS13,
                        lt_resuming_server(LT_FUZZ_RESUME_TLS13)) < 0;
    failed |= lt_record(dir, "fuzz_client_resume", "tls12-resumed-ticket", LT_FUZZ_RESUME_TLS12_TICKET,
                        lt_resuming_server(LT_FUZZ_RESUME_TLS12_TICKET)) < 0;
    failed |= lt_record(dir, "fuzz_client_resume", "tls12-resumed-id", LT_FUZZ_RESUME_TLS12_ID,
                        lt_resuming_server(LT_FUZZ_RESUME_TLS12_ID)) < 0;
    failed |= lt_record(dir, "fuzz_client_resume", "tls13-mtls", LT_FUZZ_RESUME_TLS13, lt_mtls_server(LATCH_TLS13)) < 0;
    failed |= lt_record(dir, "fuzz_client_resume", "tls12-mtls", LT_FUZZ_RESUME_TLS12_TICKET, lt_mtls_server(LATCH_TLS12)) < 0;
    /* what a client exports */
    failed |= lt_record_session(dir, "tls13", LATCH_TLS13) < 0;
    failed |= lt_record_session(dir, "tls12", LATCH_TLS12) < 0;
    lt_sessions_free();
    return failed ? 1 : 0;
}
