/* What a connection does at the end of a key's life and against input that costs the peer
 * nothing: TLS 1.3 changes keys at 2^24 records; TLS 1.2 (no KeyUpdate, no renegotiation) ends
 * with a close_notify and a clear error at its AEAD's limit, and never seals a record under keys
 * that do not come from the master secret; warning alerts, ignored HelloRequests, compatibility
 * ChangeCipherSpecs and KeyUpdates are bounded, each tested at its limit N-1, N and N+1. The
 * sequence numbers are moved to the edge on both sides directly (the tests see the internals). */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/record.h"

static const char *const lt_test_cert = "p256";

/* A pair at version (LATCH_TLS12 or 13) with the given suite (NULL: the default). */
static int lt_pair_at(lt_pair *p, uint16_t version, const char *suite)
{
    latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_config_set_versions(client_cfg, version, version);
    if (suite != NULL)
        latch_config_set_suites(client_cfg, suite);
    int ok = lt_pair_handshake(p, client_cfg, server_cfg, "localhost");
    latch_config_free(client_cfg); /* the connections keep their references */
    latch_config_free(server_cfg);
    return ok;
}

/* Writes one byte on from; returns its status. */
static latch_status lt_write_byte(latch_conn *from, uint8_t byte)
{
    size_t n = 0;
    return latch_write(from, &byte, 1, &n);
}

/* Reads everything to has; returns how many bytes, checking they count up from first. */
static size_t lt_read_all(lt_pair *p, latch_conn *to, uint8_t first, latch_status *last)
{
    uint8_t buf[256];
    size_t got = 0, n = 0;
    lt_pair_pump(p);
    while ((*last = latch_read(to, buf, sizeof buf, &n)) == LATCH_OK) {
        for (size_t i = 0; i < n; i++)
            LT_CHECK_INT(buf[i], (uint8_t)(first + got + i));
        got += n;
    }
    return got;
}

/* The content types of the records waiting in conn's output (TLS 1.2: outer type = real type). */
static size_t lt_record_types(latch_conn *conn, uint8_t *types, size_t max)
{
    size_t len, pos = 0, count = 0;
    const uint8_t *out = latch_net_out_buf(conn, &len);
    while (out != NULL && pos + LT_RECORD_HEADER_LEN <= len && count < max) {
        types[count++] = out[pos];
        pos += LT_RECORD_HEADER_LEN + ((size_t)out[pos + 3] << 8 | out[pos + 4]);
    }
    return count;
}

/* TLS 1.2 at its write limit, for one direction: the records up to the limit go out and are
 * read; the next write fails with LATCH_ERR_LIMIT and a sentence, and what goes out is one
 * close_notify alert under the same keys (the peer reads a clean close), nothing else. */
static void lt_check_tls12_limit(const char *suite, uint64_t limit, int server_writes)
{
    lt_pair p = { 0 };
    LT_CHECK(lt_pair_at(&p, LATCH_TLS12, suite));
    latch_conn *from = server_writes ? p.server : p.client;
    latch_conn *to = server_writes ? p.client : p.server;
    lt_aead *write_aead = from->write_keys.aead;
    from->write_keys.seq = limit - 2;
    to->read_keys.seq = limit - 2;
    LT_CHECK_INT(lt_write_byte(from, 1), LATCH_OK);
    LT_CHECK_INT(lt_write_byte(from, 2), LATCH_OK); /* sealed as number limit - 1: the last */
    latch_status last;
    LT_CHECK_INT(lt_read_all(&p, to, 1, &last), 2);
    LT_CHECK_INT(last, LATCH_WANT_READ);

    LT_CHECK_INT(lt_write_byte(from, 3), LATCH_ERR_LIMIT);
    LT_CHECK_STR_CONTAINS(latch_conn_error(from), "open a new connection");
    LT_CHECK_STR_CONTAINS(latch_conn_error(from), "TLS 1.2");
    uint8_t types[8];
    LT_CHECK_INT(lt_record_types(from, types, 8), 1);
    LT_CHECK_INT(types[0], LT_CT_ALERT);
    /* the same key object, one record further: nothing was sealed under other keys */
    LT_CHECK(from->write_keys.aead == write_aead);
    LT_CHECK(from->write_keys.tls12);
    LT_CHECK(from->write_keys.seq == limit + 1);
    LT_CHECK_INT(lt_read_all(&p, to, 3, &last), 0);
    LT_CHECK_INT(last, LATCH_CLOSED);
    LT_CHECK_INT(lt_write_byte(from, 4), LATCH_ERR_LIMIT); /* and it stays closed */
    lt_pair_free(&p);
}

static void test_tls12_gcm_ends_at_2_24_records_with_close_notify(void)
{
    lt_check_tls12_limit("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", LT_RECORD_KEY_LIMIT, 0);
    lt_check_tls12_limit("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", LT_RECORD_KEY_LIMIT, 1);
}

static void test_tls12_chacha_ends_before_the_sequence_number_wraps(void)
{
    lt_check_tls12_limit("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", UINT64_MAX - 1, 0);
    lt_check_tls12_limit("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", UINT64_MAX - 1, 1);
}

/* TLS 1.2 ChaCha20-Poly1305 goes on past 2^24 records: its limit is the sequence number's */
static void test_tls12_chacha_goes_past_2_24(void)
{
    lt_pair p = { 0 };
    LT_CHECK(lt_pair_at(&p, LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"));
    p.client->write_keys.seq = p.server->read_keys.seq = LT_RECORD_KEY_LIMIT - 1;
    for (uint8_t i = 0; i < 3; i++)
        LT_CHECK_INT(lt_write_byte(p.client, (uint8_t)(10 + i)), LATCH_OK);
    latch_status last;
    LT_CHECK_INT(lt_read_all(&p, p.server, 10, &last), 3);
    LT_CHECK_INT(last, LATCH_WANT_READ);
    lt_pair_free(&p);
}

/* TLS 1.3: at 2^24 records the writer sends a KeyUpdate and goes on under new keys; the reader
 * follows and every byte arrives in order. */
static void test_tls13_key_update_at_2_24_records(void)
{
    static const char *const suites[] = { "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256" };
    for (size_t s = 0; s < 2; s++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_at(&p, LATCH_TLS13, suites[s]));
        uint8_t secret_before[LT_MAX_HASH];
        memcpy(secret_before, p.server->write_secret, sizeof secret_before);
        p.server->write_keys.seq = p.client->read_keys.seq = LT_RECORD_KEY_LIMIT - 2;
        for (uint8_t i = 0; i < 5; i++)
            LT_CHECK_INT(lt_write_byte(p.server, i), LATCH_OK);
        LT_CHECK(memcmp(secret_before, p.server->write_secret, sizeof secret_before) != 0);
        LT_CHECK(p.server->write_keys.seq == 3); /* records 0, 1, 2 under the new keys */
        latch_status last;
        LT_CHECK_INT(lt_read_all(&p, p.client, 0, &last), 5);
        LT_CHECK_INT(last, LATCH_WANT_READ);
        LT_CHECK(memcmp(p.client->read_secret, p.server->write_secret, sizeof secret_before) == 0);
        lt_pair_free(&p);
    }
}

/* A peer at the end of the sequence numbers without changing keys: a clear error. */
static void test_read_sequence_number_never_wraps(void)
{
    static const uint16_t versions[] = { LATCH_TLS12, LATCH_TLS13 };
    for (size_t v = 0; v < 2; v++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_at(&p, versions[v], NULL));
        /* the last number a record may have, then one more (a writer could not seal it: its
         * sequence number is set back, and the reader stops before opening anything) */
        p.client->write_keys.seq = p.server->read_keys.seq = UINT64_MAX - 1;
        LT_CHECK_INT(lt_conn_send_warning(p.client, LT_ALERT_USER_CANCELED), 0);
        p.client->write_keys.seq = UINT64_MAX - 1;
        LT_CHECK_INT(lt_conn_send_warning(p.client, LT_ALERT_USER_CANCELED), 0);
        latch_status last;
        lt_read_all(&p, p.server, 0, &last);
        LT_CHECK_INT(last, LATCH_ERR_LIMIT);
        LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "2^64 - 1 records");
        lt_pair_free(&p);
    }
}

/* Sends n warnings of the given alert from `from`; returns what `to` then says. */
static latch_status lt_warnings(lt_pair *p, latch_conn *from, latch_conn *to, int alert, int n)
{
    latch_status last;
    for (int i = 0; i < n; i++)
        LT_CHECK_INT(lt_conn_send_warning(from, alert), 0);
    lt_read_all(p, to, 0, &last);
    return last;
}

static void test_warning_alerts_four_in_a_row(void)
{
    static const uint16_t versions[] = { LATCH_TLS12, LATCH_TLS13 };
    for (size_t v = 0; v < 2; v++) {
        for (int n = 3; n <= 5; n++) {
            lt_pair p = { 0 };
            LT_CHECK(lt_pair_at(&p, versions[v], NULL));
            latch_status last = lt_warnings(&p, p.client, p.server, LT_ALERT_USER_CANCELED, n);
            LT_CHECK_INT(last, n <= LT_MAX_WARNINGS_IN ? LATCH_WANT_READ : LATCH_ERR_PROTOCOL);
            if (n > LT_MAX_WARNINGS_IN) {
                LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_UNEXPECTED_MESSAGE);
                LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "warning alerts in a row");
            }
            lt_pair_free(&p);
        }
    }
    /* data between them starts the count again: 4, data, 4 is fine */
    lt_pair p = { 0 };
    LT_CHECK(lt_pair_at(&p, LATCH_TLS12, NULL));
    LT_CHECK_INT(lt_warnings(&p, p.server, p.client, LT_ALERT_NO_RENEGOTIATION, 4), LATCH_WANT_READ);
    LT_CHECK_INT(lt_write_byte(p.server, 0), LATCH_OK);
    LT_CHECK_INT(lt_warnings(&p, p.server, p.client, LT_ALERT_NO_RENEGOTIATION, 4), LATCH_WANT_READ);
    LT_CHECK_INT(lt_warnings(&p, p.server, p.client, LT_ALERT_NO_RENEGOTIATION, 1), LATCH_ERR_PROTOCOL);
    lt_pair_free(&p);
}

/* TLS 1.2 goes on after a warning of any description (RFC 5246 §7.2; RFC 6066 §3 names a
 * server's warning unrecognized_name), a few in a row; TLS 1.3 has no warnings but close_notify
 * and user_canceled, and every other alert ends the connection whatever its level (§6.2). */
static void test_tls12_warning_alerts_of_any_kind(void)
{
    static const int alerts[] = { LT_ALERT_UNRECOGNIZED_NAME, LT_ALERT_UNEXPECTED_MESSAGE,
                                  LT_ALERT_CERTIFICATE_EXPIRED };
    for (size_t a = 0; a < sizeof alerts / sizeof alerts[0]; a++) {
        for (int n = 3; n <= 5; n++) {
            lt_pair p = { 0 };
            LT_CHECK(lt_pair_at(&p, LATCH_TLS12, NULL));
            latch_status last = lt_warnings(&p, p.server, p.client, alerts[a], n);
            LT_CHECK_INT(last, n <= LT_MAX_WARNINGS_IN ? LATCH_WANT_READ : LATCH_ERR_PROTOCOL);
            if (n <= LT_MAX_WARNINGS_IN) { /* and the connection still carries data */
                uint8_t byte;
                size_t got = 0;
                LT_CHECK_INT(lt_write_byte(p.server, 7), LATCH_OK);
                lt_pair_pump(&p);
                LT_CHECK_INT(latch_read(p.client, &byte, 1, &got), LATCH_OK);
                LT_CHECK(got == 1 && byte == 7);
            }
            lt_pair_free(&p);
        }
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_at(&p, LATCH_TLS13, NULL));
        LT_CHECK_INT(lt_warnings(&p, p.server, p.client, alerts[a], 1), LATCH_ERR_PEER_ALERT);
        LT_CHECK_INT(latch_conn_alert_received(p.client), alerts[a]);
        lt_pair_free(&p);
    }
}

/* RFC 8446 §6: TLS 1.3 has no warnings but close_notify and user_canceled; any other alert is an
 * error whatever its level says, so the no_renegotiation warning TLS 1.2 takes ends a TLS 1.3
 * connection at once, and no alert is sent back. */
static void test_tls13_other_warnings_are_errors(void)
{
    lt_pair p = { 0 };
    LT_CHECK(lt_pair_at(&p, LATCH_TLS13, NULL));
    LT_CHECK_INT(lt_warnings(&p, p.server, p.client, LT_ALERT_NO_RENEGOTIATION, 1), LATCH_ERR_PEER_ALERT);
    LT_CHECK_INT(latch_conn_alert_received(p.client), LT_ALERT_NO_RENEGOTIATION);
    LT_CHECK_INT(latch_conn_alert_sent(p.client), -1);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "the peer sent alert no_renegotiation (100)");
    lt_pair_free(&p);
    /* the same warning, one in TLS 1.2, is taken */
    LT_CHECK(lt_pair_at(&p, LATCH_TLS12, NULL));
    LT_CHECK_INT(lt_warnings(&p, p.server, p.client, LT_ALERT_NO_RENEGOTIATION, 1), LATCH_WANT_READ);
    LT_CHECK_INT(latch_conn_alert_received(p.client), -1);
    lt_pair_free(&p);
}

/* A warning before the ServerHello (a TLS 1.2 server's unrecognized_name, RFC 6066 §3): a
 * client that allows TLS 1.2 goes on, a TLS 1.3-only one takes it as the end (§6.2). */
static void test_warning_before_the_version_is_known(void)
{
    for (int tls13_only = 0; tls13_only <= 1; tls13_only++) {
        latch_config *scfg = lt_pair_server_config(&lt_test_cert, 1);
        latch_config *ccfg = lt_pair_client_config();
        if (tls13_only)
            LT_CHECK_INT(latch_config_set_versions(ccfg, LATCH_TLS13, LATCH_TLS13), LATCH_OK);
        lt_pair p = { 0 };
        p.client = latch_conn_new(ccfg, "localhost");
        p.server = latch_conn_new(scfg, NULL);
        LT_CHECK_INT(lt_conn_send_warning(p.server, LT_ALERT_UNRECOGNIZED_NAME), 0);
        lt_pair_pump(&p);
        LT_CHECK_INT(latch_conn_handshake_done(p.client), !tls13_only);
        if (tls13_only)
            LT_CHECK_INT(latch_conn_alert_received(p.client), LT_ALERT_UNRECOGNIZED_NAME);
        lt_pair_free(&p);
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
}

/* Queues a HelloRequest from the server (plaintext during the first handshake, or protected). */
static void lt_hello_request(latch_conn *server)
{
    static const uint8_t hello_request[4] = { LT_HS_HELLO_REQUEST, 0, 0, 0 };
    LT_CHECK_INT(lt_conn_queue_handshake(server, hello_request, sizeof hello_request, 0), 0);
    LT_CHECK_INT(lt_conn_flush_flight(server), 0);
}

/* RFC 5246 §7.4.1.1: a HelloRequest during the handshake is ignored (not fatal, not in the
 * transcript, so the handshake still completes), a few in a row at most. */
static void test_hello_request_during_tls12_handshake_is_ignored(void)
{
    for (int n = 0; n <= LT_MAX_WARNINGS_IN + 1; n++) {
        latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        latch_config_set_versions(client_cfg, LATCH_TLS12, LATCH_TLS12);
        lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        /* the ClientHello to the server; its flight is set aside, and n HelloRequests go first */
        lt_pair_move(p.client, p.server, 0, &p.server_status);
        size_t flight_len, room;
        const uint8_t *flight = latch_net_out_buf(p.server, &flight_len);
        uint8_t *saved = malloc(flight_len);
        memcpy(saved, flight, flight_len);
        latch_net_out_consumed(p.server, flight_len);
        for (int i = 0; i < n; i++)
            lt_hello_request(p.server);
        lt_pair_move(p.server, p.client, 0, &p.client_status);
        if (n > LT_MAX_WARNINGS_IN) {
            LT_CHECK_INT(p.client_status, LATCH_ERR_PROTOCOL);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "HelloRequests in a row");
        } else {
            LT_CHECK_INT(p.client_status, LATCH_OK);
            uint8_t *in = latch_net_in_buf(p.client, &room);
            LT_CHECK(in != NULL && room >= flight_len);
            if (in != NULL && room >= flight_len) {
                memcpy(in, saved, flight_len);
                LT_CHECK(latch_net_in_commit(p.client, flight_len) >= 0);
            }
            lt_pair_pump(&p);
            LT_CHECK(latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server));
        }
        free(saved);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* TLS 1.3 §D.4: compatibility ChangeCipherSpecs one at a time, never two in a row. */
static void test_tls13_one_compatibility_ccs(void)
{
    for (int extra = 0; extra <= 1; extra++) {
        latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        lt_pair_move(p.client, p.server, 0, &p.server_status); /* ClientHello */
        if (extra)
            LT_CHECK_INT(lt_conn_send_ccs(p.client), 0); /* before the client's own one */
        lt_pair_pump(&p);
        if (extra) {
            LT_CHECK_INT(p.server_status, LATCH_ERR_PROTOCOL);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "second ChangeCipherSpec");
        } else {
            LT_CHECK(latch_conn_handshake_done(p.server));
        }
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* 32 KeyUpdates with no data between them are taken, the 33rd is not; data starts the count
 * again. Each is real: the keys move every time. */
static void test_key_update_flood(void)
{
    for (int n = LT_MAX_KEY_UPDATES_IN - 1; n <= LT_MAX_KEY_UPDATES_IN + 1; n++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_at(&p, LATCH_TLS13, NULL));
        for (int i = 0; i < n; i++)
            LT_CHECK_INT(lt_conn13_send_key_update(p.client, 0), 0);
        latch_status last;
        lt_read_all(&p, p.server, 0, &last);
        if (n > LT_MAX_KEY_UPDATES_IN) {
            LT_CHECK_INT(last, LATCH_ERR_PROTOCOL);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "KeyUpdates");
        } else {
            LT_CHECK_INT(last, LATCH_WANT_READ);
            LT_CHECK_INT(lt_write_byte(p.client, 7), LATCH_OK);
            for (int i = 0; i < LT_MAX_KEY_UPDATES_IN; i++)
                LT_CHECK_INT(lt_conn13_send_key_update(p.client, 0), 0);
            LT_CHECK_INT(lt_read_all(&p, p.server, 7, &last), 1);
            LT_CHECK_INT(last, LATCH_WANT_READ);
        }
        lt_pair_free(&p);
    }
}

/* Requests for an update before our next write share one answer (§4.6.3): a flood of them
 * cannot fill our output. After we write, the next request is answered again. */
static void test_key_update_requests_answered_once_per_write(void)
{
    lt_pair p = { 0 };
    LT_CHECK(lt_pair_at(&p, LATCH_TLS13, NULL));
    for (int i = 0; i < 20; i++)
        LT_CHECK_INT(lt_conn13_send_key_update(p.client, 1), 0);
    /* hand the client's records to the server without letting the answers flow back */
    lt_pair_move(p.client, p.server, 0, &p.server_status);
    LT_CHECK_INT(p.server_status, LATCH_OK);
    uint8_t types[8];
    LT_CHECK_INT(lt_record_types(p.server, types, 8), 1);
    LT_CHECK_INT(lt_write_byte(p.server, 0), LATCH_OK); /* our write: the next one is answered */
    LT_CHECK_INT(lt_conn13_send_key_update(p.client, 1), 0);
    lt_pair_move(p.client, p.server, 0, &p.server_status);
    LT_CHECK_INT(lt_record_types(p.server, types, 8), 3); /* answer, data, answer */
    latch_status last;
    LT_CHECK_INT(lt_read_all(&p, p.client, 0, &last), 1);
    LT_CHECK_INT(last, LATCH_WANT_READ);
    LT_CHECK(memcmp(p.client->read_secret, p.server->write_secret, LT_MAX_HASH) == 0);
    lt_pair_free(&p);
}

/* RFC 8446 §4.6.1: a ticket lifetime over seven days is clamped by the client, not fatal. */
static void test_ticket_lifetime_over_7_days_clamped(void)
{
    for (uint32_t lifetime = 604799; lifetime <= 604801; lifetime++) {
        latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        server_cfg->ticket_lifetime = lifetime; /* (the API takes seven days at most) */
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        LT_CHECK_INT(lt_write_byte(p.server, 0), LATCH_OK);
        latch_status last;
        LT_CHECK_INT(lt_read_all(&p, p.client, 0, &last), 1);
        LT_CHECK_INT(last, LATCH_WANT_READ);
        lt_client_session s;
        LT_CHECK(lt_session_cache_get(&client_cfg->sessions, "localhost", &s));
        LT_CHECK_INT(s.st.lifetime, lifetime > 604800 ? 604800 : lifetime);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* A server may send several TLS 1.3 tickets; past LT_MAX_TICKETS_KEPT they are read and
 * ignored (each kept one costs a key derivation). */
static void test_tickets_kept_at_most_eight(void)
{
    for (int n = LT_MAX_TICKETS_KEPT - 1; n <= LT_MAX_TICKETS_KEPT + 1; n++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_at(&p, LATCH_TLS13, NULL));
        unsigned before = p.client->tickets_received; /* (the server's own ticket) */
        for (int i = 0; i < n; i++)
            LT_CHECK_INT(lt_conn13_send_ticket(p.server), 0);
        latch_status last;
        lt_read_all(&p, p.client, 0, &last);
        LT_CHECK_INT(last, LATCH_WANT_READ);
        unsigned expected = before + (unsigned)n;
        LT_CHECK_INT(p.client->tickets_received, expected > LT_MAX_TICKETS_KEPT ? LT_MAX_TICKETS_KEPT : expected);
        lt_pair_free(&p);
    }
}

/* TLS 1.2: one NewSessionTicket per handshake, an empty one too. */
static void test_tls12_one_ticket_per_handshake(void)
{
    for (int extra = 0; extra <= 1; extra++) {
        latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        latch_config_set_versions(client_cfg, LATCH_TLS12, LATCH_TLS12);
        lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        lt_pair_move(p.client, p.server, 0, &p.server_status); /* ClientHello */
        lt_pair_move(p.server, p.client, 0, &p.client_status); /* the server's first flight */
        lt_pair_move(p.client, p.server, 0, &p.server_status); /* the client's keys and Finished */
        if (extra) {
            /* an empty ticket in its own plaintext record, before the server's real one */
            static const uint8_t empty_ticket[15] = { LT_CT_HANDSHAKE, 3, 3, 0, 10, LT_HS_NEW_SESSION_TICKET,
                                                      0, 0, 6, 0, 0, 0, 60, 0, 0 };
            size_t room;
            uint8_t *in = latch_net_in_buf(p.client, &room);
            LT_CHECK(in != NULL && room >= sizeof empty_ticket);
            memcpy(in, empty_ticket, sizeof empty_ticket);
            latch_net_in_commit(p.client, sizeof empty_ticket);
        }
        lt_pair_pump(&p);
        LT_CHECK_INT(latch_conn_handshake_done(p.client), !extra);
        if (extra)
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "NewSessionTicket");
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* Java's JSSE sends a compatibility CCS after a HelloRetryRequest and another before its
 * Finished: with a handshake message between them, both are taken. */
static void test_tls13_ccs_after_hrr_and_before_finished(void)
{
    latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_groups(client_cfg, "x25519,secp384r1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_groups(server_cfg, "secp384r1"), LATCH_OK); /* a HelloRetryRequest */
    lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                  .server = latch_conn_new(server_cfg, NULL) };
    lt_pair_move(p.client, p.server, 0, &p.server_status); /* ClientHello */
    lt_pair_move(p.server, p.client, 0, &p.client_status); /* HelloRetryRequest: CCS, ClientHello */
    LT_CHECK(p.client->hs != NULL && p.client->hs->ccs_sent);
    if (p.client->hs != NULL)
        p.client->hs->ccs_sent = 0; /* and another before its Finished, as JSSE does */
    lt_pair_pump(&p);
    LT_CHECK(latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server));
    LT_CHECK_INT(latch_conn_hello_retry(p.server), 1);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    LT_RUN(test_tls12_gcm_ends_at_2_24_records_with_close_notify);
    LT_RUN(test_tls12_chacha_ends_before_the_sequence_number_wraps);
    LT_RUN(test_tls12_chacha_goes_past_2_24);
    LT_RUN(test_tls13_key_update_at_2_24_records);
    LT_RUN(test_read_sequence_number_never_wraps);
    LT_RUN(test_warning_alerts_four_in_a_row);
    LT_RUN(test_tls12_warning_alerts_of_any_kind);
    LT_RUN(test_tls13_other_warnings_are_errors);
    LT_RUN(test_warning_before_the_version_is_known);
    LT_RUN(test_hello_request_during_tls12_handshake_is_ignored);
    LT_RUN(test_tls13_one_compatibility_ccs);
    LT_RUN(test_tls13_ccs_after_hrr_and_before_finished);
    LT_RUN(test_key_update_flood);
    LT_RUN(test_key_update_requests_answered_once_per_write);
    LT_RUN(test_ticket_lifetime_over_7_days_clamped);
    LT_RUN(test_tickets_kept_at_most_eight);
    LT_RUN(test_tls12_one_ticket_per_handshake);
    return lt_test_summary();
}
