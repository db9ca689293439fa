/* TLS 1.2 negative tests: a wrong Finished, a forged ServerKeyExchange signature, a point off
 * the curve, malformed RSA key exchange blocks (which must fail exactly like a wrong secret: at
 * the Finished, with the same alert and the same bytes before it), and renegotiation refused. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "api/conn.h"
#include "crypto/pkey.h"
#include "crypto/rand.h"
#include "crypto/rsa_kex.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/proto.h"

static latch_config *lt_client12(const char *suites, const char *groups)
{
    latch_config *cfg = lt_pair_client_config();
    latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS12);
    latch_config_set_rsa_key_exchange(cfg, 1);
    if (suites)
        latch_config_set_suites(cfg, suites);
    if (groups)
        latch_config_set_groups(cfg, groups);
    return cfg;
}

static latch_config *lt_server12(const char *cert)
{
    latch_config *cfg = lt_pair_server_config(&cert, 1);
    latch_config_set_rsa_key_exchange(cfg, 1);
    return cfg;
}

/* Starts both ends; the client's messages of type `type` go through `hook` first. */
static void lt_start(lt_pair *p, latch_config *ccfg, latch_config *scfg,
                     void (*hook)(void *, const uint8_t **, size_t *))
{
    memset(p, 0, sizeof *p);
    p->client = lt_conn_create(ccfg, "localhost");
    p->server = latch_conn_new(scfg, NULL);
    p->client->hs->replay_substitute = hook;
    LT_CHECK_INT(lt_conn_start(p->client), 0);
}

/* The first handshake message of a type in a plaintext flight (records of type 22), or NULL. */
static uint8_t *lt_find_message(uint8_t *out, size_t len, uint8_t type)
{
    for (size_t pos = 0; pos + 5 <= len;) {
        size_t rec = (size_t)out[pos + 3] << 8 | out[pos + 4];
        if (out[pos] == LT_CT_HANDSHAKE)
            for (size_t m = pos + 5; m + 4 <= pos + 5 + rec;) {
                if (out[m] == type)
                    return out + m;
                m += 4 + ((size_t)out[m + 1] << 16 | (size_t)out[m + 2] << 8 | out[m + 3]);
            }
        pos += 5 + rec;
    }
    return NULL;
}

/* ---- a wrong Finished ---- */
static uint8_t lt_tampered[2048];
static void lt_bad_finished(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    if ((*msg)[0] != LT_HS_FINISHED)
        return;
    memcpy(lt_tampered, *msg, *len);
    lt_tampered[4] ^= 0x01; /* verify_data differs, the record itself is sound */
    *msg = lt_tampered;
}

static void test_wrong_finished(void)
{
    lt_pair p;
    latch_config *ccfg = lt_client12(NULL, NULL), *scfg = lt_server12("p256");
    lt_start(&p, ccfg, scfg, lt_bad_finished);
    lt_pair_pump(&p);
    LT_CHECK(!latch_conn_handshake_done(p.server));
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_DECRYPT_ERROR);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "Finished does not match");
    LT_CHECK_INT(latch_conn_alert_received(p.client), LT_ALERT_DECRYPT_ERROR);
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* ---- the server's flight, bent on its way ---- */
static void lt_bend_server_flight(const char *cert, size_t offset_from_end, int alert, const char *reason)
{
    lt_pair p;
    latch_config *ccfg = lt_client12(NULL, NULL), *scfg = lt_server12(cert);
    lt_start(&p, ccfg, scfg, NULL);
    lt_pair_move(p.client, p.server, 0, &p.server_status);
    size_t len;
    uint8_t *out = (uint8_t *)latch_net_out_buf(p.server, &len);
    uint8_t *ske = lt_find_message(out, len, LT_HS_SERVER_KEY_EXCHANGE);
    LT_CHECK(ske != NULL);
    if (ske != NULL) {
        size_t ske_len = 4 + ((size_t)ske[1] << 16 | (size_t)ske[2] << 8 | ske[3]);
        ske[ske_len - offset_from_end] ^= 0x40;
    }
    lt_pair_move(p.server, p.client, 0, &p.client_status);
    LT_CHECK(p.client_status < 0);
    LT_CHECK_INT(latch_conn_alert_sent(p.client), alert);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), reason);
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

static void test_bad_server_key_exchange(void)
{
    lt_bend_server_flight("p256", 5, LT_ALERT_DECRYPT_ERROR, "signature");       /* in the ECDSA signature */
    lt_bend_server_flight("rsa2048", 20, LT_ALERT_DECRYPT_ERROR, "signature");   /* in the RSA signature */
}

/* ---- the client's P-256 point off the curve ---- */
static void lt_bad_point(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    if ((*msg)[0] != LT_HS_CLIENT_KEY_EXCHANGE)
        return;
    memcpy(lt_tampered, *msg, *len);
    lt_tampered[*len - 1] ^= 0x01; /* the last byte of y */
    *msg = lt_tampered;
}

static void test_point_off_curve(void)
{
    lt_pair p;
    latch_config *ccfg = lt_client12(NULL, "secp256r1"), *scfg = lt_server12("p256");
    lt_start(&p, ccfg, scfg, lt_bad_point);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "point is invalid");
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* ---- RSA key exchange: malformed blocks look exactly like a wrong secret ---- */
static int lt_rsa_flaw;
static lt_pubkey *lt_server_key;
static void lt_rsa_block(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    uint8_t em[256], ct[256], secret[48];
    size_t ct_len = 0;
    if ((*msg)[0] != LT_HS_CLIENT_KEY_EXCHANGE)
        return;
    LT_CHECK(lt_random(secret, sizeof secret) == 0); /* never the client's own secret */
    secret[0] = 0x03;
    secret[1] = 0x03;
    em[0] = 0x00;
    em[1] = 0x02;
    for (size_t i = 2; i < sizeof em - 49; i++)
        em[i] = 0x5a;
    em[sizeof em - 49] = 0x00;
    memcpy(em + sizeof em - 48, secret, 48);
    switch (lt_rsa_flaw) {
    case 1: em[1] = 0x01; break;                 /* wrong block type */
    case 2: em[sizeof em - 49] = 0x33; break;    /* no separator */
    case 3: em[100] = 0x00; break;               /* separator too early: secret too long */
    case 4: em[sizeof em - 47] = 0x01; break;    /* wrong version */
    default: break;                              /* 0: well formed, but not the client's secret */
    }
    LT_CHECK(lt_rsa_raw_public(lt_server_key, em, sizeof em, ct, sizeof ct, &ct_len) == 0);
    memcpy(lt_tampered, *msg, 6); /* type, length, vector length: unchanged (256 bytes) */
    memcpy(lt_tampered + 6, ct, ct_len);
    *msg = lt_tampered;
    *len = 6 + ct_len;
}

static void test_rsa_blocks_fail_alike(void)
{
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    lt_privkey *priv = NULL;
    LT_CHECK_INT(lt_privkey_from_pem_file(LT_PKI "rsa2048-key.pem", &priv), 0);
    LT_CHECK_INT(lt_privkey_spki(priv, &spki, &spki_len), 0);
    LT_CHECK_INT(lt_pubkey_from_spki(spki, spki_len, &lt_server_key), 0);
    size_t reference_out = 0;
    for (lt_rsa_flaw = 0; lt_rsa_flaw <= 4; lt_rsa_flaw++) {
        lt_pair p;
        latch_config *ccfg = lt_client12("TLS_RSA_WITH_AES_128_GCM_SHA256", NULL), *scfg = lt_server12("rsa2048");
        lt_start(&p, ccfg, scfg, lt_rsa_block);
        lt_pair_move(p.client, p.server, 0, &p.server_status);  /* ClientHello */
        lt_pair_move(p.server, p.client, 0, &p.client_status);  /* the server's flight */
        /* the client's answer: the ClientKeyExchange is taken without complaint */
        size_t len;
        const uint8_t *out = latch_net_out_buf(p.client, &len);
        size_t first = 5 + ((size_t)out[3] << 8 | out[4]);     /* the CKE record */
        uint8_t *in;
        size_t room;
        in = latch_net_in_buf(p.server, &room);
        memcpy(in, out, first);
        LT_CHECK_INT(latch_net_in_commit(p.server, first), LATCH_OK);
        size_t server_out;
        latch_net_out_buf(p.server, &server_out);
        LT_CHECK_INT(server_out, 0); /* nothing said about the block */
        latch_net_out_consumed(p.client, first);
        /* ChangeCipherSpec and Finished: the Finished cannot be opened, as with a wrong secret */
        lt_pair_move(p.client, p.server, 0, &p.server_status);
        LT_CHECK_INT(p.server_status, LATCH_ERR_PROTOCOL);
        LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_BAD_RECORD_MAC);
        latch_net_out_buf(p.server, &server_out);
        if (lt_rsa_flaw == 0)
            reference_out = server_out;
        LT_CHECK_INT(server_out, reference_out); /* the same bytes on the wire: one alert */
        lt_pair_free(&p);
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
    free(spki);
    lt_privkey_free(priv);
    lt_pubkey_free(lt_server_key);
}

/* ---- renegotiation ---- */
static void test_renegotiation_refused(void)
{
    lt_pair p = { 0 };
    latch_config *ccfg = lt_client12(NULL, NULL), *scfg = lt_server12("p256");
    LT_CHECK(lt_pair_handshake(&p, ccfg, scfg, "localhost"));
    /* the server asks (HelloRequest): the client says no_renegotiation and goes on */
    static const uint8_t hello_request[4] = { 0, 0, 0, 0 };
    LT_CHECK_INT(lt_conn_queue_handshake(p.server, hello_request, 4, 0), 0);
    LT_CHECK_INT(lt_conn_flush_flight(p.server), 0);
    lt_pair_move(p.server, p.client, 0, &p.client_status);
    size_t len;
    const uint8_t *out = latch_net_out_buf(p.client, &len);
    LT_CHECK(len > 0 && out[0] == LT_CT_ALERT);
    lt_pair_pump(&p);
    LT_CHECK_INT(p.server_status, LATCH_OK);
    /* the client asks (a new ClientHello): the server says no_renegotiation and goes on */
    static const uint8_t client_hello[8] = { LT_HS_CLIENT_HELLO, 0, 0, 4, 3, 3, 0, 0 };
    LT_CHECK_INT(lt_conn_queue_handshake(p.client, client_hello, 8, 0), 0);
    LT_CHECK_INT(lt_conn_flush_flight(p.client), 0);
    lt_pair_pump(&p);
    LT_CHECK_INT(p.server_status, LATCH_OK);
    LT_CHECK_INT(p.client_status, LATCH_OK);
    size_t n = 0;
    uint8_t buf[16];
    LT_CHECK_INT(latch_write(p.client, "after", 5, &n), LATCH_OK);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_read(p.server, buf, sizeof buf, &n), LATCH_OK);
    LT_CHECK(n == 5 && memcmp(buf, "after", 5) == 0);
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* ---- legacy_session_id ---- */
/* The session ID of the ClientHello conn has queued. */
static size_t lt_hello_session_id(latch_conn *conn, uint8_t *id)
{
    size_t len;
    const uint8_t *out = latch_net_out_buf(conn, &len);
    const uint8_t *ch = lt_find_message((uint8_t *)out, len, LT_HS_CLIENT_HELLO);
    LT_CHECK(ch != NULL);
    if (ch == NULL)
        return 0;
    memcpy(id, ch + 4 + 2 + 32 + 1, ch[4 + 2 + 32]);
    return ch[4 + 2 + 32];
}

/* The server's ServerHello with the client's session ID in place of its own. */
static uint8_t lt_echo[2048];
static void lt_echo_client_session_id(void *arg, const uint8_t **msg, size_t *len)
{
    const lt_hs *client_hs = arg;
    const uint8_t *m = *msg;
    if (m[0] != LT_HS_SERVER_HELLO || *len > sizeof lt_echo - 64)
        return;
    size_t at = 4 + 2 + 32, old = m[at], n = 0;
    memcpy(lt_echo, m, at);
    n = at;
    lt_echo[n++] = (uint8_t)client_hs->session_id_len;
    memcpy(lt_echo + n, client_hs->session_id, client_hs->session_id_len);
    n += client_hs->session_id_len;
    memcpy(lt_echo + n, m + at + 1 + old, *len - (at + 1 + old));
    n += *len - (at + 1 + old);
    lt_echo[1] = (uint8_t)((n - 4) >> 16);
    lt_echo[2] = (uint8_t)((n - 4) >> 8);
    lt_echo[3] = (uint8_t)(n - 4);
    *msg = lt_echo;
    *len = n;
}

/* RFC 5246 §7.4.1.2: a client without a session to resume sends an empty session ID (the
 * random one of TLS 1.3's compatibility mode only when it offers TLS 1.3, §D.4); and a server
 * that echoes an ID the client offered no TLS 1.2 session for claims a resumption of nothing
 * (illegal_parameter). */
static void test_session_id_rules(void)
{
    uint8_t id[32];
    latch_config *ccfg = lt_client12(NULL, NULL);
    latch_conn *c = latch_conn_new(ccfg, "localhost");
    LT_CHECK(c != NULL);
    LT_CHECK_INT(lt_hello_session_id(c, id), 0);
    latch_conn_free(c);
    latch_config_free(ccfg);
    ccfg = lt_client12(NULL, NULL);
    LT_CHECK_INT(latch_config_set_versions(ccfg, LATCH_TLS12, LATCH_TLS13), LATCH_OK);
    c = latch_conn_new(ccfg, "localhost");
    LT_CHECK_INT(lt_hello_session_id(c, id), 32);
    latch_conn_free(c);

    latch_config *scfg = lt_server12("p256");
    latch_config_set_versions(scfg, LATCH_TLS12, LATCH_TLS12);
    lt_pair p = { 0 };
    p.client = latch_conn_new(ccfg, "localhost");
    p.server = lt_conn_create(scfg, NULL);
    p.server->hs->replay_substitute = lt_echo_client_session_id;
    p.server->hs->replay_arg = p.client->hs;
    lt_pair_pump(&p);
    LT_CHECK(!latch_conn_handshake_done(p.client));
    LT_CHECK_INT(latch_conn_alert_sent(p.client), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "session ID");
    lt_pair_free(&p);
    latch_config_free(scfg);
    latch_config_free(ccfg);
}

/* RFC 5246 §7.4.1.3: a ClientHello without extensions gets a ServerHello without the block
 * (not an empty one); with extensions, the block is there. */
static void test_server_hello_omits_an_empty_extension_block(void)
{
    for (int with_exts = 0; with_exts <= 1; with_exts++) {
        uint8_t hello[128];
        lt_writer w = lt_writer_init(hello, sizeof hello);
        lt_writer_block rec, msg, v;
        lt_writer_u8(&w, LT_CT_HANDSHAKE);
        lt_writer_u16(&w, 0x0301);
        lt_writer_open16(&w, &rec);
        lt_writer_u8(&w, LT_HS_CLIENT_HELLO);
        lt_writer_open24(&w, &msg);
        lt_writer_u16(&w, 0x0303);
        for (int i = 0; i < 32; i++)
            lt_writer_u8(&w, (uint8_t)i);
        lt_writer_u8(&w, 0); /* no session ID */
        lt_writer_open16(&w, &v);
        lt_writer_u16(&w, 0x009c); /* TLS_RSA_WITH_AES_128_GCM_SHA256: no curves or schemes needed */
        lt_writer_close(&w, &v);
        lt_writer_bytes(&w, "\x01\x00", 2); /* null compression */
        if (with_exts)
            lt_writer_bytes(&w, "\x00\x04\x00\x17\x00\x00", 6); /* extended_master_secret */
        lt_writer_close(&w, &msg);
        lt_writer_close(&w, &rec);
        LT_CHECK(!w.err);
        latch_config *scfg = lt_server12("rsa2048");
        latch_conn *s = latch_conn_new(scfg, NULL);
        size_t room = 0, len = 0;
        uint8_t *in = latch_net_in_buf(s, &room);
        LT_CHECK(in != NULL && room >= w.len);
        memcpy(in, hello, w.len);
        latch_net_in_commit(s, w.len);
        uint8_t *out = (uint8_t *)latch_net_out_buf(s, &len);
        const uint8_t *sh = out ? lt_find_message(out, len, LT_HS_SERVER_HELLO) : NULL;
        LT_CHECK(sh != NULL);
        if (sh != NULL) {
            size_t body = (size_t)sh[1] << 16 | (size_t)sh[2] << 8 | sh[3];
            size_t fixed = 2 + 32 + 1 + sh[4 + 2 + 32] + 2 + 1;
            if (with_exts)
                LT_CHECK(body > fixed);
            else
                LT_CHECK_INT(body, fixed);
        }
        latch_conn_free(s);
        latch_config_free(scfg);
    }
}

int main(void)
{
    LT_RUN(test_wrong_finished);
    LT_RUN(test_bad_server_key_exchange);
    LT_RUN(test_point_off_curve);
    LT_RUN(test_rsa_blocks_fail_alike);
    LT_RUN(test_renegotiation_refused);
    LT_RUN(test_session_id_rules);
    LT_RUN(test_server_hello_omits_an_empty_extension_block);
    return lt_test_summary();
}
