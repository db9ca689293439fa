/* Resumption: TLS 1.3 tickets (psk_dhe_ke) engine to engine; sessions exported and imported as
 * bytes; and every way a resumption must turn into a full handshake instead: a tampered ticket,
 * an expired one, one sealed by another server's key, another server name, a suite of another
 * hash. A wrong binder is an attack and ends the handshake. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "api/conn.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/proto.h"
#include "tls/session.h"

static latch_config *lt_server(uint16_t version)
{
    static const char *const cert = "p256";
    latch_config *cfg = lt_pair_server_config(&cert, 1);
    latch_config_set_versions(cfg, LATCH_TLS12, version);
    return cfg;
}

static latch_config *lt_client(uint16_t version)
{
    latch_config *cfg = lt_pair_client_config();
    latch_config_set_versions(cfg, version, version);
    return cfg;
}

/* A handshake plus one exchange each way (so a TLS 1.3 ticket arrives). Returns 1 when the
 * handshake completed; *resumed says whether both sides resumed. */
static int lt_connect(latch_config *ccfg, latch_config *scfg, const char *name, int *resumed,
                      uint8_t *session, size_t *session_len)
{
    lt_pair p = { 0 };
    uint8_t buf[64];
    size_t n = 0;
    int ok = lt_pair_handshake(&p, ccfg, scfg, name);
    *resumed = ok && latch_conn_resumed(p.client) && latch_conn_resumed(p.server);
    if (ok && latch_conn_resumed(p.client) != latch_conn_resumed(p.server)) {
        fprintf(stderr, "  the two sides disagree about resumption\n");
        ok = 0;
    }
    if (ok) {
        ok = latch_write(p.server, "ping", 4, &n) == LATCH_OK;
        lt_pair_pump(&p);
        ok = ok && latch_read(p.client, buf, sizeof buf, &n) == LATCH_OK && n == 4;
        if (ccfg->verify) /* (an unverified peer has no subject to report) */
            LT_CHECK_STR_CONTAINS(latch_conn_peer_subject(p.client), "localhost");
    } else {
        fprintf(stderr, "  client '%s', server '%s'\n", latch_conn_error(p.client), latch_conn_error(p.server));
    }
    if (session != NULL)
        *session_len = 0;
    if (ok && session != NULL)
        LT_CHECK_INT(latch_conn_session_export(p.client, session, 8192, session_len), LATCH_OK);
    lt_pair_free(&p);
    return ok;
}

static void test_resume13(void)
{
    latch_config *scfg = lt_server(LATCH_TLS13), *ccfg = lt_client(LATCH_TLS13);
    int resumed = 0;
    LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
    LT_CHECK(!resumed);
    for (int i = 0; i < 3; i++) { /* each resumption brings a fresh ticket */
        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(resumed);
    }
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* The session as bytes, into a new client config (another process, say). */
static void test_export_import(void)
{
    static uint8_t session[8192];
    size_t len = 0;
    int resumed = 0;
    latch_config *scfg = lt_server(LATCH_TLS13), *ccfg = lt_client(LATCH_TLS13);
    LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, session, &len));
    LT_CHECK(len > 100);
    latch_config *fresh = lt_client(LATCH_TLS13);
    LT_CHECK_INT(latch_config_session_import(fresh, session, len), LATCH_OK);
    LT_CHECK(lt_connect(fresh, scfg, "localhost", &resumed, NULL, NULL));
    LT_CHECK(resumed);
    /* malformed bytes are refused */
    LT_CHECK_INT(latch_config_session_import(fresh, session, len - 1), LATCH_ERR_DECODE);
    session[0] ^= 1;
    LT_CHECK_INT(latch_config_session_import(fresh, session, len), LATCH_ERR_DECODE);
    latch_config_free(fresh);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* A client config holding a session made against scfg, changed by `bend`. */
static latch_config *lt_client_with_session(latch_config *scfg, uint16_t version,
                                            void (*bend)(lt_client_session *))
{
    latch_config *ccfg = lt_client(version), *maker = lt_client(version);
    int resumed;
    LT_CHECK(lt_connect(maker, scfg, "localhost", &resumed, NULL, NULL));
    lt_client_session *s = malloc(sizeof *s);
    LT_CHECK(lt_session_cache_get(&maker->sessions, "localhost", s));
    if (bend != NULL)
        bend(s);
    LT_CHECK_INT(latch_config_freeze(ccfg), LATCH_OK);
    LT_CHECK_INT(lt_session_cache_put(&ccfg->sessions, s), 0);
    free(s);
    latch_config_free(maker);
    return ccfg;
}

static void lt_flip_ticket(lt_client_session *s) { s->ticket[s->ticket_len / 2] ^= 0x01; }
static void lt_rename(lt_client_session *s) { strcpy(s->st.server_name, "test.latch"); }

/* Each of these ends in a full handshake that works. */
static void lt_expect_full(latch_config *ccfg, latch_config *scfg, const char *name)
{
    int resumed = 1;
    LT_CHECK(lt_connect(ccfg, scfg, name, &resumed, NULL, NULL));
    LT_CHECK(!resumed);
}

/* A connection without a server name: the config keeps no session for it by itself (another
 * nameless connection may be another server), but one the application imports is offered. */
static void test_nameless_import(void)
{
    static uint8_t session[8192];
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS12 : LATCH_TLS13;
        size_t len = 0;
        int resumed = 1;
        latch_config *scfg = lt_server(LATCH_TLS13), *ccfg = lt_client(version);
        LT_CHECK_INT(latch_config_set_verify(ccfg, 0), LATCH_OK);
        LT_CHECK(lt_connect(ccfg, scfg, NULL, &resumed, session, &len));
        LT_CHECK(!resumed);
        LT_CHECK(len > 0);
        LT_CHECK(lt_connect(ccfg, scfg, NULL, &resumed, NULL, NULL));
        LT_CHECK(!resumed);
        latch_config *fresh = lt_client(version);
        LT_CHECK_INT(latch_config_set_verify(fresh, 0), LATCH_OK);
        LT_CHECK_INT(latch_config_session_import(fresh, session, len), LATCH_OK);
        LT_CHECK(lt_connect(fresh, scfg, NULL, &resumed, session, &len));
        LT_CHECK(resumed);
        /* a named connection is not offered the nameless session */
        latch_config *named = lt_client(version);
        LT_CHECK_INT(latch_config_set_verify(named, 0), LATCH_OK);
        LT_CHECK_INT(latch_config_session_import(named, session, len), LATCH_OK);
        lt_expect_full(named, scfg, "localhost");
        latch_config_free(named);
        latch_config_free(fresh);
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
}

static void test_full_handshake_instead(void)
{
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS12 : LATCH_TLS13;
        latch_config *scfg = lt_server(LATCH_TLS13), *ccfg;
        /* tampered */
        ccfg = lt_client_with_session(scfg, version, lt_flip_ticket);
        lt_expect_full(ccfg, scfg, "localhost");
        latch_config_free(ccfg);
        /* another server name: the ticket says "localhost" */
        ccfg = lt_client_with_session(scfg, version, lt_rename);
        lt_expect_full(ccfg, scfg, "test.latch");
        latch_config_free(ccfg);
        /* expired: the server's clock moves past the lifetime */
        ccfg = lt_client_with_session(scfg, version, NULL);
        scfg->time_offset = LT_DEFAULT_TICKET_LIFETIME + 10;
        ccfg->time_offset = 0; /* the client still believes in it and offers it */
        lt_expect_full(ccfg, scfg, "localhost");
        scfg->time_offset = 0;
        latch_config_free(ccfg);
        /* another server (another ticket key) */
        latch_config *other = lt_server(LATCH_TLS13);
        ccfg = lt_client_with_session(scfg, version, NULL);
        lt_expect_full(ccfg, other, "localhost");
        latch_config_free(ccfg);
        latch_config_free(other);
        latch_config_free(scfg);
    }
}

/* TLS 1.3: a suite with another hash cannot use the ticket. */
static void test_other_hash(void)
{
    latch_config *scfg = lt_server(LATCH_TLS13);
    latch_config *ccfg = lt_client_with_session(scfg, LATCH_TLS13, NULL);
    latch_config *sha384 = lt_server(LATCH_TLS13);
    latch_config_free(sha384);
    /* the same server, now preferring AES-256 (SHA-384) */
    latch_config *scfg2 = lt_server(LATCH_TLS13);
    latch_config_set_suites(scfg2, "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256");
    latch_config_set_ticket_key(scfg2, (const uint8_t *)"0123456789abcdef0123456789abcdef0123456789abcdef", 48);
    latch_config *scfg1 = lt_server(LATCH_TLS13);
    latch_config_set_ticket_key(scfg1, (const uint8_t *)"0123456789abcdef0123456789abcdef0123456789abcdef", 48);
    latch_config *c = lt_client_with_session(scfg1, LATCH_TLS13, NULL);
    int resumed = 0;
    /* same key, same hash: resumes across the two server configs */
    LT_CHECK(lt_connect(c, scfg1, "localhost", &resumed, NULL, NULL));
    LT_CHECK(resumed);
    latch_config_free(c);
    c = lt_client_with_session(scfg1, LATCH_TLS13, NULL);
    lt_expect_full(c, scfg2, "localhost");
    latch_config_free(c);
    latch_config_free(scfg1);
    latch_config_free(scfg2);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* A wrong binder on a ticket the server can use: decrypt_error. */
static uint8_t lt_bent[8192];
static void lt_bend_binder(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    if ((*msg)[0] != LT_HS_CLIENT_HELLO || *len > sizeof lt_bent)
        return;
    memcpy(lt_bent, *msg, *len);
    lt_bent[*len - 1] ^= 0x01; /* the binder ends the ClientHello */
    *msg = lt_bent;
}

static void test_bad_binder(void)
{
    latch_config *scfg = lt_server(LATCH_TLS13);
    latch_config *ccfg = lt_client_with_session(scfg, LATCH_TLS13, NULL);
    lt_pair p = { 0 };
    p.client = lt_conn_create(ccfg, "localhost");
    p.server = latch_conn_new(scfg, NULL);
    p.client->hs->replay_substitute = lt_bend_binder;
    LT_CHECK_INT(lt_conn_start(p.client), 0);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_DECRYPT_ERROR);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "binder");
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* A server with tickets off takes none, even one sealed with its own key (as in TLS 1.3); a
 * TLS 1.2 client then resumes by session ID. */
static void test_tickets_off_takes_none(void)
{
    static const uint8_t key[48] = "0123456789abcdef0123456789abcdef0123456789abcdef";
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        latch_config *with = lt_server(LATCH_TLS13), *without = lt_server(LATCH_TLS13);
        LT_CHECK_INT(latch_config_set_ticket_key(with, key, sizeof key), LATCH_OK);
        LT_CHECK_INT(latch_config_set_ticket_key(without, key, sizeof key), LATCH_OK);
        LT_CHECK_INT(latch_config_set_session_tickets(without, 0), LATCH_OK);
        latch_config *ccfg = lt_client_with_session(with, version, NULL);
        lt_expect_full(ccfg, without, "localhost");
        latch_config_free(ccfg);
        /* the ticket still works where tickets are on */
        ccfg = lt_client_with_session(with, version, NULL);
        int resumed = 0;
        LT_CHECK(lt_connect(ccfg, with, "localhost", &resumed, NULL, NULL));
        LT_CHECK(resumed);
        latch_config_free(ccfg);
        latch_config_free(with);
        latch_config_free(without);
    }
}

static void lt_drop_ticket(lt_client_session *s) { s->ticket_len = 0; }
static void lt_forget_ems(lt_client_session *s) { s->st.ems = 0; }
static void lt_drop_session_id(lt_client_session *s) { s->session_id_len = 0; }

/* TLS 1.2: by ticket (RFC 5077) and by session ID, each resuming again and again; the
 * extended master secret must be as it was. */
static void test_resume12(void)
{
    latch_config *scfg = lt_server(LATCH_TLS13), *ccfg = lt_client(LATCH_TLS12);
    int resumed = 0;
    LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
    LT_CHECK(!resumed);
    for (int i = 0; i < 3; i++) {
        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(resumed);
    }
    latch_config_free(ccfg);
    /* by session ID alone (the server's cache) */
    ccfg = lt_client_with_session(scfg, LATCH_TLS12, lt_drop_ticket);
    LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
    LT_CHECK(resumed);
    latch_config_free(ccfg);
    /* a session recorded without EMS is never offered (RFC 7627 §5.4): a full handshake */
    ccfg = lt_client_with_session(scfg, LATCH_TLS12, lt_forget_ems);
    LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
    LT_CHECK(!resumed);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* The next record `from` sends, its tag bent on the way: `to` must fail it with bad_record_mac. */
static void lt_forge_record(latch_conn *from, latch_conn *to)
{
    size_t n = 0, len = 0, room = 0;
    uint8_t buf[64];
    LT_CHECK_INT(latch_write(from, "pong", 4, &n), LATCH_OK);
    const uint8_t *out = latch_net_out_buf(from, &len);
    LT_CHECK(out != NULL && len > 0 && len <= sizeof buf);
    memcpy(buf, out, len);
    latch_net_out_consumed(from, len);
    buf[len - 1] ^= 0x01; /* the tag: a forged record */
    uint8_t *in = latch_net_in_buf(to, &room);
    LT_CHECK(in != NULL && room >= len);
    memcpy(in, buf, len);
    latch_status st = latch_net_in_commit(to, len);
    if (st >= 0)
        st = latch_read(to, buf, sizeof buf, &n);
    LT_CHECK_INT(st, LATCH_ERR_PROTOCOL);
    LT_CHECK_INT(latch_conn_alert_sent(to), LT_ALERT_BAD_RECORD_MAC);
}

/* RFC 5246 §7.2.2 ("any connection terminated with a fatal alert MUST NOT be resumed") and RFC
 * 8446 §6.2 (the PSKs of a failed connection SHOULD be discarded): a client connection that
 * resumed, took a fresh ticket, and then failed on a forged record leaves nothing to resume. */
static void test_failed_connection_is_not_resumed(void)
{
    static const uint16_t versions[] = { LATCH_TLS12, LATCH_TLS13 };
    for (size_t v = 0; v < 2; v++) {
        latch_config *scfg = lt_server(LATCH_TLS13), *ccfg = lt_client(versions[v]);
        int resumed = 0;
        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(resumed);

        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, ccfg, scfg, "localhost"));
        LT_CHECK(latch_conn_resumed(p.client));
        size_t n = 0;
        uint8_t buf[64];
        LT_CHECK_INT(latch_write(p.server, "ping", 4, &n), LATCH_OK);
        lt_pair_pump(&p); /* (a TLS 1.3 client takes its new ticket here) */
        LT_CHECK_INT(latch_read(p.client, buf, sizeof buf, &n), LATCH_OK);
        lt_forge_record(p.server, p.client);
        lt_pair_free(&p);

        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(!resumed);
        /* and the full handshake's session resumes as usual */
        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(resumed);
        if (lt_test_current_failed)
            fprintf(stderr, "  in TLS 1.%d\n", versions[v] == LATCH_TLS13 ? 3 : 2);
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
}

/* The server's side of RFC 5246 §7.2.2: a TLS 1.2 session it keeps by ID is forgotten when a
 * connection of that session fails, the one that made it (a full handshake) or one that resumed
 * it; the client, which saw no alert, offers it again and gets a full handshake. */
static void test_failed_connection_server_forgets_id(void)
{
    for (int resumed_conn = 0; resumed_conn <= 1; resumed_conn++) {
        latch_config *scfg = lt_server(LATCH_TLS13), *ccfg = lt_client(LATCH_TLS12);
        LT_CHECK_INT(latch_config_set_session_tickets(scfg, 0), LATCH_OK); /* session IDs alone */
        int resumed = 0;
        if (resumed_conn)
            LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, ccfg, scfg, "localhost"));
        LT_CHECK_INT(latch_conn_resumed(p.server), resumed_conn);
        lt_forge_record(p.client, p.server);
        lt_pair_free(&p);

        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(!resumed);
        LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
        LT_CHECK(resumed); /* the new session resumes as usual */
        if (lt_test_current_failed)
            fprintf(stderr, "  %s connection failed\n", resumed_conn ? "a resumed" : "a full handshake's");
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
}

/* Ticket keys shared by a fleet (latch_config_set_ticket_keys): the first key seals, every key
 * opens; a server without the sealing key does a full handshake; keys set on a frozen config
 * take effect at once; 1 to LATCH_MAX_TICKET_KEYS keys of 48 bytes, each bound at N-1, N, N+1. */
static const uint8_t *lt_keys(uint8_t *out, const char *tags)
{
    /* one 48-byte key per letter, every byte the letter */
    for (size_t i = 0; tags[i]; i++)
        memset(out + 48 * i, tags[i], 48);
    return out;
}

static latch_config *lt_server_keys(uint16_t version, const char *tags)
{
    uint8_t keys[48 * 16];
    latch_config *cfg = lt_server(version);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, lt_keys(keys, tags), 48 * strlen(tags)), LATCH_OK);
    LT_CHECK_INT(latch_config_freeze(cfg), LATCH_OK);
    return cfg;
}

static void lt_expect_resumed(latch_config *ccfg, latch_config *scfg)
{
    int resumed = 0;
    LT_CHECK(lt_connect(ccfg, scfg, "localhost", &resumed, NULL, NULL));
    LT_CHECK(resumed);
}

static void test_shared_ticket_keys(void)
{
    static const uint16_t versions[] = { LATCH_TLS13, LATCH_TLS12 };
    for (size_t v = 0; v < 2; v++) {
        uint16_t version = versions[v];
        latch_config *a = lt_server_keys(LATCH_TLS13, "A"), *ba = lt_server_keys(LATCH_TLS13, "BA");
        latch_config *b = lt_server_keys(LATCH_TLS13, "B"), *cb = lt_server_keys(LATCH_TLS13, "CB");
        /* (TLS 1.2: by ticket alone, not the session ID another server could not know anyway) */
        latch_config *ccfg = lt_client_with_session(a, version, NULL);
        lt_expect_resumed(ccfg, ba);                 /* an older key still opens */
        latch_config_free(ccfg);
        ccfg = lt_client_with_session(a, version, version == LATCH_TLS12 ? lt_drop_session_id : NULL);
        lt_expect_full(ccfg, b, "localhost");        /* a server without A cannot */
        latch_config_free(ccfg);
        ccfg = lt_client_with_session(ba, version, version == LATCH_TLS12 ? lt_drop_session_id : NULL);
        lt_expect_full(ccfg, a, "localhost");        /* BA seals with B, which A lacks */
        latch_config_free(ccfg);
        ccfg = lt_client_with_session(ba, version, NULL);
        lt_expect_resumed(ccfg, cb);
        latch_config_free(ccfg);
        /* new keys on a frozen, running config: b learns A and opens A's tickets from now on */
        uint8_t keys[48 * 2];
        LT_CHECK_INT(latch_config_set_ticket_keys(b, lt_keys(keys, "BA"), sizeof keys), LATCH_OK);
        ccfg = lt_client_with_session(a, version, NULL);
        lt_expect_resumed(ccfg, b);
        latch_config_free(ccfg);
        /* and forgets A again */
        LT_CHECK_INT(latch_config_set_ticket_keys(b, lt_keys(keys, "B"), 48), LATCH_OK);
        ccfg = lt_client_with_session(a, version, version == LATCH_TLS12 ? lt_drop_session_id : NULL);
        lt_expect_full(ccfg, b, "localhost");
        latch_config_free(ccfg);
        latch_config_free(a);
        latch_config_free(ba);
        latch_config_free(b);
        latch_config_free(cb);
    }
}

static void test_ticket_keys_bounds(void)
{
    uint8_t keys[48 * 9];
    lt_keys(keys, "ABCDEFGHI");
    latch_config *cfg = lt_server(LATCH_TLS13);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 0), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, NULL, 48), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 47), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 48), LATCH_OK);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 49), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 48 * (LATCH_MAX_TICKET_KEYS - 1)), LATCH_OK);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 48 * LATCH_MAX_TICKET_KEYS), LATCH_OK);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 48 * (LATCH_MAX_TICKET_KEYS + 1)), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "1 to 8 keys of 48 bytes");
    latch_config_free(cfg);
    cfg = lt_client(LATCH_TLS13);
    LT_CHECK_INT(latch_config_set_ticket_keys(cfg, keys, 48), LATCH_ERR_INVALID_ARG);
    latch_config_free(cfg);
    /* the last of 8 keys still opens its tickets */
    latch_config *h = lt_server_keys(LATCH_TLS13, "H"), *all = lt_server_keys(LATCH_TLS13, "ABCDEFGH");
    latch_config *ccfg = lt_client_with_session(h, LATCH_TLS13, NULL);
    lt_expect_resumed(ccfg, all);
    latch_config_free(ccfg);
    latch_config_free(h);
    latch_config_free(all);
}

int main(void)
{
    LT_RUN(test_resume12);
    LT_RUN(test_failed_connection_is_not_resumed);
    LT_RUN(test_failed_connection_server_forgets_id);
    LT_RUN(test_resume13);
    LT_RUN(test_export_import);
    LT_RUN(test_nameless_import);
    LT_RUN(test_full_handshake_instead);
    LT_RUN(test_other_hash);
    LT_RUN(test_bad_binder);
    LT_RUN(test_tickets_off_takes_none);
    LT_RUN(test_shared_ticket_keys);
    LT_RUN(test_ticket_keys_bounds);
    return lt_test_summary();
}
