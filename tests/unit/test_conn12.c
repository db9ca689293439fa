/* TLS 1.2 engine to engine, in memory: every TLS 1.2 suite with each certificate type it takes,
 * the RSA key exchange switched on and off, the extended master secret on and off, version
 * negotiation both ways, and the downgrade sentinel. */
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "api/conn.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/proto.h"

/* Sends text each way and reads it back. */
static int lt_exchange(lt_pair *p, const char *text)
{
    uint8_t got[256];
    size_t n = 0, len = strlen(text);
    for (int dir = 0; dir < 2; dir++) {
        latch_conn *from = dir ? p->server : p->client, *to = dir ? p->client : p->server;
        if (latch_write(from, text, len, &n) != LATCH_OK || n != len)
            return 0;
        lt_pair_pump(p);
        if (latch_read(to, got, sizeof got, &n) != LATCH_OK || n != len || memcmp(got, text, len) != 0)
            return 0;
    }
    return 1;
}

static latch_config *lt_client12(void)
{
    latch_config *cfg = lt_pair_client_config();
    latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS12);
    return cfg;
}

static void test_suites(void)
{
    static const struct {
        const char *suite, *cert;
    } cases[] = {
        { "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "p256" },
        { "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "p384" },
        { "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ed25519" },
        { "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "p256" },
        { "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "p384" },
        { "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ed25519" },
        { "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "p256" },
        { "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "p384" },
        { "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ed25519" },
        { "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "rsa2048" },
        { "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "rsa2048" },
        { "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "rsa2048" },
        { "TLS_RSA_WITH_AES_128_GCM_SHA256", "rsa2048" },
        { "TLS_RSA_WITH_AES_256_GCM_SHA384", "rsa2048" },
    };
    static const char *const groups[] = { "x25519", "secp256r1", "secp384r1" };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t g = 0; g < 3; g++) {
            int rsa = strncmp(cases[i].suite, "TLS_RSA_", 8) == 0;
            if (rsa && g > 0)
                continue; /* no group in the RSA key exchange */
            lt_pair p = { 0 };
            latch_config *server_cfg = lt_pair_server_config(&cases[i].cert, 1);
            latch_config *client_cfg = lt_client12();
            LT_CHECK_INT(latch_config_set_rsa_key_exchange(client_cfg, rsa), LATCH_OK);
            LT_CHECK_INT(latch_config_set_rsa_key_exchange(server_cfg, rsa), LATCH_OK);
            LT_CHECK_INT(latch_config_set_suites(client_cfg, cases[i].suite), LATCH_OK);
            /* the server's single group decides (the client's list also bounds an ECDSA
             * certificate's curve in TLS 1.2, so it keeps all three) */
            LT_CHECK_INT(latch_config_set_groups(server_cfg, groups[g]), LATCH_OK);
            int ok = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
            if (!ok)
                fprintf(stderr, "  %s / %s / %s: client '%s', server '%s'\n", cases[i].suite, cases[i].cert,
                        groups[g], latch_conn_error(p.client), latch_conn_error(p.server));
            LT_CHECK(ok);
            LT_CHECK_INT(latch_conn_version(p.client), LATCH_TLS12);
            LT_CHECK_INT(latch_conn_version(p.server), LATCH_TLS12);
            LT_CHECK(strcmp(latch_conn_suite(p.client), cases[i].suite) == 0);
            if (!rsa)
                LT_CHECK(strcmp(latch_conn_group(p.server), groups[g]) == 0);
            LT_CHECK(lt_exchange(&p, "twelve"));
            /* the same master secret on both sides */
            LT_CHECK_MEM(p.client->master12, p.server->master12, 48);
            lt_pair_free(&p);
            latch_config_free(client_cfg);
            latch_config_free(server_cfg);
        }
}

/* The RSA key exchange is off unless both sides switch it on. */
static void test_rsa_kex_off_by_default(void)
{
    static const char *const cert = "rsa2048";
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_client12();
    LT_CHECK_INT(latch_config_set_suites(client_cfg, "TLS_RSA_WITH_AES_128_GCM_SHA256"), LATCH_OK);
    LT_CHECK_INT(latch_config_freeze(client_cfg), LATCH_ERR_INVALID_ARG); /* refused unswitched */
    latch_config_free(client_cfg);

    client_cfg = lt_client12();
    LT_CHECK_INT(latch_config_set_rsa_key_exchange(client_cfg, 1), LATCH_OK);
    LT_CHECK_INT(latch_config_set_suites(client_cfg, "TLS_RSA_WITH_AES_128_GCM_SHA256"), LATCH_OK);
    LT_CHECK(!lt_pair_handshake(&p, client_cfg, server_cfg, "localhost")); /* the server's is off */
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_HANDSHAKE_FAILURE);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    /* switched on at the server, a default client still does ECDHE */
    latch_config_free(server_cfg);
    server_cfg = lt_pair_server_config(&cert, 1);
    LT_CHECK_INT(latch_config_set_rsa_key_exchange(server_cfg, 1), LATCH_OK);
    client_cfg = lt_client12();
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK(strcmp(latch_conn_suite(p.client), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") == 0);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* A ClientHello without one extension, standing in for a legacy client: the test hook swaps
 * it in before it is sent and hashed. */
static uint8_t lt_stripped[2048];
static uint16_t lt_strip_type = LT_EXT_EXTENDED_MASTER_SECRET;
static void lt_strip_ems(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    const uint8_t *m = *msg;
    if (m[0] != LT_HS_CLIENT_HELLO || *len > sizeof lt_stripped)
        return;
    size_t pos = 4 + 2 + 32;
    pos += 1 + m[pos];                                  /* session id */
    pos += 2 + ((size_t)m[pos] << 8 | m[pos + 1]);      /* suites */
    pos += 1 + m[pos];                                  /* compression */
    size_t exts_at = pos, out = pos + 2;
    memcpy(lt_stripped, m, pos + 2);
    for (pos += 2; pos + 4 <= *len;) {
        size_t ext_len = 4 + ((size_t)m[pos + 2] << 8 | m[pos + 3]);
        if (((unsigned)m[pos] << 8 | m[pos + 1]) != lt_strip_type) {
            memcpy(lt_stripped + out, m + pos, ext_len);
            out += ext_len;
        }
        pos += ext_len;
    }
    size_t exts_len = out - exts_at - 2, body = out - 4;
    lt_stripped[exts_at] = (uint8_t)(exts_len >> 8);
    lt_stripped[exts_at + 1] = (uint8_t)exts_len;
    lt_stripped[1] = (uint8_t)(body >> 16);
    lt_stripped[2] = (uint8_t)(body >> 8);
    lt_stripped[3] = (uint8_t)body;
    *msg = lt_stripped;
    *len = out;
}

/* EMS: offered always, required where configured. A client that does not offer it (EMS
 * stripped from latch's hello) is refused by a requiring server and served by one that accepts
 * legacy peers, with the RFC 5246 master secret; a requiring client refuses such a server. */
static void test_ems(void)
{
    static const char *const cert = "p256";
    for (int client_req = 0; client_req < 2; client_req++)
        for (int server_req = 0; server_req < 2; server_req++)
            for (int strip = 0; strip < 2; strip++) {
                lt_pair p = { 0 };
                latch_config *server_cfg = lt_pair_server_config(&cert, 1);
                latch_config *client_cfg = lt_client12();
                latch_config_set_require_ems(client_cfg, client_req);
                latch_config_set_require_ems(server_cfg, server_req);
                p.client = lt_conn_create(client_cfg, "localhost");
                p.server = latch_conn_new(server_cfg, NULL);
                if (strip)
                    p.client->hs->replay_substitute = lt_strip_ems;
                LT_CHECK_INT(lt_conn_start(p.client), 0);
                lt_pair_pump(&p);
                int ok = latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server);
                /* without EMS the server refuses if it requires it; else the client refuses the
                 * server's EMS-less answer if it requires it */
                int expect = !strip || (!server_req && !client_req);
                LT_CHECK_INT(ok, expect);
                if (ok) {
                    LT_CHECK_INT(p.client->ems, !strip);
                    LT_CHECK_INT(p.server->ems, !strip);
                    LT_CHECK(lt_exchange(&p, "ems"));
                } else {
                    LT_CHECK_STR_CONTAINS(latch_conn_error(server_req ? p.server : p.client),
                                          "extended master secret");
                }
                lt_pair_free(&p);
                latch_config_free(client_cfg);
                latch_config_free(server_cfg);
            }
}

/* The default (RFC 7627 §5.3-5.4, as OpenSSL, BoringSSL and rustls): a peer without EMS gets a
 * full handshake, said so, but no ticket, no session ID and no resumption; with EMS the same
 * configs resume. */
static void test_no_ems_full_handshake_never_resumed(void)
{
    static const char *const cert = "p256";
    for (int strip = 0; strip < 2; strip++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_client12();
        for (int round = 0; round < 2; round++) {
            lt_pair p = { .client = lt_conn_create(client_cfg, "localhost"),
                          .server = latch_conn_new(server_cfg, NULL) };
            if (strip)
                p.client->hs->replay_substitute = lt_strip_ems;
            LT_CHECK_INT(lt_conn_start(p.client), 0);
            lt_pair_pump(&p);
            LT_CHECK(latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server));
            LT_CHECK_INT(latch_conn_extended_master_secret(p.client), !strip);
            LT_CHECK_INT(latch_conn_extended_master_secret(p.server), !strip);
            LT_CHECK(lt_exchange(&p, "no ems"));
            /* the second round resumes only with EMS */
            LT_CHECK_INT(latch_conn_resumed(p.client), round == 1 && !strip);
            LT_CHECK_INT(latch_conn_resumed(p.server), round == 1 && !strip);
            uint8_t session[4096];
            size_t len = 0;
            LT_CHECK_INT(latch_conn_session_export(p.client, session, sizeof session, &len),
                         strip ? LATCH_ERR_INVALID_ARG : LATCH_OK);
            /* and the server remembered nothing by ID for it (nor sealed a ticket: the client
             * would have kept it) */
            LT_CHECK_INT(server_cfg->session_ids.next, strip ? 0 : 1);
            lt_pair_free(&p);
        }
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* RFC 5246 §7.4.1.4.1: a TLS 1.2 client without signature_algorithms takes SHA-1 signatures
 * only, which latch does not make: the RSA key exchange (no signature) serves it, ECDHE is
 * refused with a sentence that says why. */
static void test_no_signature_algorithms(void)
{
    static const char *const cert = "rsa2048";
    for (int rsa_kex = 0; rsa_kex < 2; rsa_kex++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_client12();
        latch_config_set_rsa_key_exchange(server_cfg, rsa_kex);
        latch_config_set_rsa_key_exchange(client_cfg, 1);
        lt_pair p = { .client = lt_conn_create(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        lt_strip_type = LT_EXT_SIGNATURE_ALGORITHMS;
        p.client->hs->replay_substitute = lt_strip_ems;
        LT_CHECK_INT(lt_conn_start(p.client), 0);
        lt_pair_pump(&p);
        lt_strip_type = LT_EXT_EXTENDED_MASTER_SECRET;
        int ok = latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server);
        LT_CHECK_INT(ok, rsa_kex);
        if (ok) {
            LT_CHECK_STR_CONTAINS(latch_conn_suite(p.server), "TLS_RSA_WITH_");
            LT_CHECK(lt_exchange(&p, "no sigalgs"));
        } else {
            LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_HANDSHAKE_FAILURE);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "no signature_algorithms");
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "SHA-1");
        }
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* The trace's notes about SHA-1 (the old profile says when it signs with it). */
static int lt_sha1_noted;
static void lt_sha1_trace(void *arg, const latch_conn *conn, const latch_trace_event *ev)
{
    (void)arg;
    (void)conn;
    if (ev->type == LATCH_TRACE_VERIFY && strcmp(ev->name, "SHA-1 signature") == 0 &&
        strstr(ev->summary, "RFC 5246 §7.4.1.4.1") != NULL)
        lt_sha1_noted++;
}

/* Whether sig verifies over content with SHA-1 under the public key of cert_pem (libcrypto, an
 * independent opinion). */
static int lt_sha1_verifies(const char *cert_pem, const uint8_t *content, size_t len, const uint8_t *sig,
                            size_t sig_len)
{
    FILE *f = fopen(cert_pem, "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    EVP_PKEY *key = x ? X509_get_pubkey(x) : NULL;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = key != NULL && md != NULL && EVP_DigestVerifyInit(md, NULL, EVP_sha1(), NULL, key) == 1 &&
             EVP_DigestVerify(md, sig, sig_len, content, len) == 1;
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(key);
    X509_free(x);
    return ok;
}

/* RFC 5246 §7.4.1.4.1: an old-profile server meets a TLS 1.2 client without signature_algorithms
 * with the default it implies: its ServerKeyExchange is signed with {sha1, rsa} or {sha1, ecdsa},
 * which libcrypto verifies, and the trace says so. (latch's own client never accepts SHA-1, so
 * the handshake stops there.) */
static void test_old_profile_signs_with_sha1_without_signature_algorithms(void)
{
    static const char *const certs[] = { "rsa2048", "p256" };
    static const uint16_t schemes[] = { 0x0201, 0x0203 };
    for (size_t k = 0; k < 2; k++) {
        latch_config *server_cfg = lt_pair_server_config(&certs[k], 1);
        latch_config *client_cfg = lt_client12();
        LT_CHECK_INT(latch_config_set_profile(server_cfg, LATCH_PROFILE_OLD), LATCH_OK);
        latch_config_set_trace(server_cfg, lt_sha1_trace, NULL);
        lt_sha1_noted = 0;
        lt_pair p = { .client = lt_conn_create(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        lt_strip_type = LT_EXT_SIGNATURE_ALGORITHMS;
        p.client->hs->replay_substitute = lt_strip_ems;
        LT_CHECK_INT(lt_conn_start(p.client), 0);
        lt_pair_move(p.client, p.server, 0, &p.server_status); /* the ClientHello */
        lt_strip_type = LT_EXT_EXTENDED_MASTER_SECRET;
        /* the server's flight: plaintext records of handshake messages */
        size_t len = 0;
        const uint8_t *out = latch_net_out_buf(p.server, &len);
        static uint8_t msgs[16384];
        size_t n = 0;
        for (size_t at = 0; out != NULL && at + 5 <= len;) {
            size_t frag = (size_t)out[at + 3] << 8 | out[at + 4];
            if (at + 5 + frag > len || n + frag > sizeof msgs)
                break;
            memcpy(msgs + n, out + at + 5, frag);
            n += frag;
            at += 5 + frag;
        }
        const uint8_t *server_random = NULL, *ske = NULL;
        size_t ske_len = 0;
        for (size_t at = 0; at + 4 <= n;) {
            size_t body = (size_t)msgs[at + 1] << 16 | (size_t)msgs[at + 2] << 8 | msgs[at + 3];
            if (msgs[at] == LT_HS_SERVER_HELLO)
                server_random = msgs + at + 4 + 2;
            if (msgs[at] == LT_HS_SERVER_KEY_EXCHANGE) {
                ske = msgs + at + 4;
                ske_len = body;
            }
            at += 4 + body;
        }
        LT_CHECK(server_random != NULL && ske != NULL && ske_len > 8);
        if (ske != NULL && server_random != NULL) {
            size_t params = 4 + ske[3]; /* curve_type, named_curve, the point */
            LT_CHECK_INT((unsigned)ske[params] << 8 | ske[params + 1], schemes[k]);
            size_t sig_len = (size_t)ske[params + 2] << 8 | ske[params + 3];
            uint8_t content[64 + 200];
            memcpy(content, p.client->hs->client_random, 32);
            memcpy(content + 32, server_random, 32);
            memcpy(content + 64, ske, params);
            char pem[64];
            snprintf(pem, sizeof pem, LT_PKI "%s.pem", certs[k]);
            LT_CHECK(lt_sha1_verifies(pem, content, 64 + params, ske + params + 4, sig_len));
        }
        LT_CHECK_INT(lt_sha1_noted, 1);
        lt_pair_free(&p);
        latch_config_free(server_cfg);
        latch_config_free(client_cfg);
    }
}

/* RFC 5246 §7.4.7.1: the RSA pre-master secret carries the ClientHello's client_version as
 * sent, also when a client sends more than 0x0303 there; the server compares with that. */
static uint8_t lt_versioned[2048];
static void lt_legacy_version_0304(void *arg, const uint8_t **msg, size_t *len)
{
    latch_conn *client = arg;
    if ((*msg)[0] != LT_HS_CLIENT_HELLO || *len > sizeof lt_versioned)
        return;
    memcpy(lt_versioned, *msg, *len);
    lt_versioned[4] = 0x03;
    lt_versioned[5] = 0x04;
    client->hs->client_version = 0x0304;
    *msg = lt_versioned;
}

static void test_rsa_kex_client_version_as_sent(void)
{
    static const char *const cert = "rsa2048";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_client12();
    latch_config_set_rsa_key_exchange(server_cfg, 1);
    latch_config_set_suites(client_cfg, "TLS_RSA_WITH_AES_128_GCM_SHA256");
    latch_config_set_rsa_key_exchange(client_cfg, 1);
    lt_pair p = { .client = lt_conn_create(client_cfg, "localhost"),
                  .server = latch_conn_new(server_cfg, NULL) };
    p.client->hs->replay_substitute = lt_legacy_version_0304;
    p.client->hs->replay_arg = p.client;
    LT_CHECK_INT(lt_conn_start(p.client), 0);
    lt_pair_pump(&p);
    LT_CHECK(latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server));
    LT_CHECK_INT(p.server_status, LATCH_OK);
    LT_CHECK(lt_exchange(&p, "client_version 0x0304"));
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* Version negotiation: each side's range decides. */
static void test_versions(void)
{
    static const char *const cert = "p256";
    static const struct {
        uint16_t cmin, cmax, smin, smax, expect;
    } cases[] = {
        { LATCH_TLS12, LATCH_TLS13, LATCH_TLS12, LATCH_TLS13, LATCH_TLS13 },
        { LATCH_TLS12, LATCH_TLS12, LATCH_TLS12, LATCH_TLS13, LATCH_TLS12 },
        { LATCH_TLS12, LATCH_TLS13, LATCH_TLS12, LATCH_TLS12, LATCH_TLS12 },
        { LATCH_TLS13, LATCH_TLS13, LATCH_TLS12, LATCH_TLS12, 0 },
        { LATCH_TLS12, LATCH_TLS12, LATCH_TLS13, LATCH_TLS13, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_pair p = { 0 };
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        LT_CHECK_INT(latch_config_set_versions(client_cfg, cases[i].cmin, cases[i].cmax), LATCH_OK);
        LT_CHECK_INT(latch_config_set_versions(server_cfg, cases[i].smin, cases[i].smax), LATCH_OK);
        int ok = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
        LT_CHECK_INT(ok, cases[i].expect != 0);
        if (ok)
            LT_CHECK_INT(latch_conn_version(p.client), cases[i].expect);
        else
            LT_CHECK_INT(latch_conn_alert_sent(p.server) == LT_ALERT_PROTOCOL_VERSION ||
                         latch_conn_alert_sent(p.client) == LT_ALERT_PROTOCOL_VERSION, 1);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    LT_CHECK_INT(latch_config_set_versions(cfg, 0x0302, LATCH_TLS13), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_versions(cfg, LATCH_TLS13, LATCH_TLS12), LATCH_ERR_INVALID_ARG);
    latch_config_free(cfg);
}

/* A TLS 1.3-capable server that settles for 1.2 marks its random (RFC 8446 §4.1.3); a client
 * that offered 1.3 and sees the mark aborts. The ServerHello a 1.2-only client got is replayed
 * to a client that offered 1.3. */
static void test_downgrade_sentinel(void)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client12 = lt_client12(), *client13 = lt_pair_client_config();
    latch_conn *client = latch_conn_new(client12, "localhost");
    latch_conn *server = latch_conn_new(server_cfg, NULL);
    latch_status st = LATCH_OK;
    lt_pair_move(client, server, 0, &st);
    size_t len;
    const uint8_t *out = latch_net_out_buf(server, &len);
    LT_CHECK(len > 5 + 38 && out[5] == LT_HS_SERVER_HELLO);
    LT_CHECK_MEM(out + 5 + 6 + 24, "DOWNGRD\x01", 8);
    size_t sh_len = 5 + ((size_t)out[3] << 8 | out[4]);
    latch_conn *victim = latch_conn_new(client13, "localhost");
    size_t room;
    uint8_t *in = latch_net_in_buf(victim, &room);
    memcpy(in, out, sh_len);
    LT_CHECK_INT(latch_net_in_commit(victim, sh_len), LATCH_ERR_PROTOCOL);
    LT_CHECK_INT(latch_conn_alert_sent(victim), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_STR_CONTAINS(latch_conn_error(victim), "downgrade");
    latch_conn_free(victim);
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(client12);
    latch_config_free(client13);
    latch_config_free(server_cfg);
}

/* TLS 1.2 too holds a large application_data record sealed until it is read, and decrypts it
 * into the caller's buffer, whole or in parts, with both AEAD families (GCM's explicit nonce). */
static void test_held_records(void)
{
    static const char *const cert = "p256";
    static const char *const suites[] = { "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                                          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" };
    static uint8_t msg[16384], got[16384];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 29 + 3);
    for (size_t k = 0; k < 2; k++) {
        for (int whole = 0; whole < 2; whole++) {
            latch_config *server_cfg = lt_pair_server_config(&cert, 1);
            latch_config *client_cfg = lt_client12();
            lt_pair p = { 0 };
            size_t n = 0, total = 0, cap = whole ? sizeof got : 3000;
            LT_CHECK_INT(latch_config_set_suites(client_cfg, suites[k]), LATCH_OK);
            LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
            LT_CHECK_INT(latch_write(p.client, msg, sizeof msg, &n), LATCH_OK);
            lt_pair_pump(&p);
            LT_CHECK(p.server->record_held);
            while (total < sizeof msg && latch_read(p.server, got + total, cap, &n) == LATCH_OK) {
                total += n;
                if (cap > sizeof got - total)
                    cap = sizeof got - total;
            }
            LT_CHECK_INT(total, sizeof msg);
            LT_CHECK_MEM(got, msg, sizeof msg);
            lt_pair_free(&p);
            latch_config_free(client_cfg);
            latch_config_free(server_cfg);
        }
    }
}

int main(void)
{
    LT_RUN(test_suites);
    LT_RUN(test_rsa_kex_off_by_default);
    LT_RUN(test_ems);
    LT_RUN(test_no_ems_full_handshake_never_resumed);
    LT_RUN(test_no_signature_algorithms);
    LT_RUN(test_old_profile_signs_with_sha1_without_signature_algorithms);
    LT_RUN(test_rsa_kex_client_version_as_sent);
    LT_RUN(test_versions);
    LT_RUN(test_downgrade_sentinel);
    LT_RUN(test_held_records);
    return lt_test_summary();
}
