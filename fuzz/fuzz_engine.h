/* What the engine harnesses (fuzz_server.c, fuzz_client.c) and the seed recorder
 * (record_seeds.c) share: the fixed configurations, so that a recorded seed replays in its
 * harness, and the loop that feeds bytes to an engine. Built only with -DLT_FUZZING (fuzz/run.sh):
 * the deterministic random stream and transparent records are what let a mutated message past
 * the record layer and the Finished (docs/fuzzing.md). Both configurations trace every event
 * through fuzz_trace.h's observer. The certificates are tests/vectors/pki/,
 * found through LT_FUZZ_PKI (run.sh sets it; by default relative to the source directory). */
#ifndef LT_FUZZ_ENGINE_H
#define LT_FUZZ_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto/rand.h"
#include "fuzz_trace.h"
#include "latch.h"
#include "tls/conn.h"

#ifndef LT_FUZZING
#error "the engine harnesses need the fuzzing build (-DLT_FUZZING): see docs/fuzzing.md"
#endif

#ifndef LT_FUZZ_PKI
#define LT_FUZZ_PKI "tests/vectors/pki/"
#endif

/* 2025-01-01: inside the test certificates' validity, and the same on every run */
static inline int64_t lt_fuzz_clock(void *arg)
{
    (void)arg;
    return 1735689600;
}

/* Says why a fixed configuration did not load, and frees it. */
static inline latch_config *lt_fuzz_config_failed(latch_config *cfg)
{
    fprintf(stderr, "the fuzzing configuration does not load: %s\n", cfg != NULL ? latch_config_error(cfg) : "no memory");
    latch_config_free(cfg);
    return NULL;
}

/* The server every server input meets: TLS 1.2 and 1.3, an ECDSA and an RSA identity, the AEAD
 * suites of every key exchange (RSA key transport switched on) and two groups, so that a client
 * whose key share is P-384 gets a HelloRetryRequest. The stream restarts first: the ticket key
 * it draws is the same in every process. Made once, and reused by lt_fuzz_server_conn.
 * mtls: the same server requiring a client certificate (verified against the test root) and
 * issuing no tickets, so that a TLS 1.2 client resumes by session ID (fuzz_server_mtls). */
static inline latch_config *lt_fuzz_server_make(int mtls)
{
    lt_random_fuzz_reset();
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    if (cfg == NULL)
        return lt_fuzz_config_failed(cfg);
    if (latch_config_add_identity(cfg, LT_FUZZ_PKI "p256.pem", LT_FUZZ_PKI "p256-key.pem") != LATCH_OK ||
        latch_config_add_identity(cfg, LT_FUZZ_PKI "rsa2048.pem", LT_FUZZ_PKI "rsa2048-key.pem") != LATCH_OK ||
        latch_config_set_rsa_key_exchange(cfg, 1) != LATCH_OK ||
        latch_config_set_suites(cfg, "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,"
                                     "TLS_CHACHA20_POLY1305_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
                                     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256") != LATCH_OK ||
        latch_config_set_groups(cfg, "x25519,secp256r1") != LATCH_OK ||
        latch_config_set_clock(cfg, lt_fuzz_clock, NULL) != LATCH_OK)
        return lt_fuzz_config_failed(cfg);
    if (mtls && (latch_config_set_client_auth(cfg, LATCH_CLIENT_AUTH_REQUIRE, LT_FUZZ_PKI "ca.pem") != LATCH_OK ||
                 latch_config_set_session_tickets(cfg, 0) != LATCH_OK))
        return lt_fuzz_config_failed(cfg);
    lt_fuzz_trace_on(cfg);
    if (latch_config_freeze(cfg) != LATCH_OK)
        return lt_fuzz_config_failed(cfg);
    return cfg;
}

static inline latch_config *lt_fuzz_server_config(void)
{
    return lt_fuzz_server_make(0);
}

/* A server connection on cfg that owes nothing to the inputs before it: the TLS 1.2 session
 * IDs the config remembers are forgotten (an input could resume one an earlier input made, which
 * would not reproduce alone), and the random stream restarts (its HelloRetryRequest cookie is
 * the one a recorded client echoes). The fixed clock keeps the ticket key from rotating. */
static inline latch_conn *lt_fuzz_server_conn(latch_config *cfg)
{
    lt_id_cache_clear(&cfg->session_ids);
    if (lt_id_cache_init(&cfg->session_ids) < 0)
        return NULL;
    lt_random_fuzz_reset();
    return latch_conn_new(cfg, NULL);
}

/* The client every server's input meets: TLS 1.2 and 1.3, the default suites and RSA key
 * transport, trusting the test root. identity: with the P-256 test certificate as its own, for
 * a server that asks for one (fuzz_client_resume); max: LATCH_TLS12 for a client of 1.2 only. */
static inline latch_config *lt_fuzz_client_make(int identity, uint16_t max)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    if (cfg == NULL)
        return lt_fuzz_config_failed(cfg);
    if (latch_config_set_roots_file(cfg, LT_FUZZ_PKI "ca.pem") != LATCH_OK ||
        latch_config_set_rsa_key_exchange(cfg, 1) != LATCH_OK ||
        latch_config_set_clock(cfg, lt_fuzz_clock, NULL) != LATCH_OK ||
        (identity && latch_config_add_identity(cfg, LT_FUZZ_PKI "p256.pem", LT_FUZZ_PKI "p256-key.pem") != LATCH_OK) ||
        (max != LATCH_TLS13 && latch_config_set_versions(cfg, LATCH_TLS12, max) != LATCH_OK))
        return lt_fuzz_config_failed(cfg);
    lt_fuzz_trace_on(cfg);
    if (latch_config_freeze(cfg) != LATCH_OK)
        return lt_fuzz_config_failed(cfg);
    return cfg;
}

static inline latch_config *lt_fuzz_client_config(void)
{
    return lt_fuzz_client_make(0, LATCH_TLS13);
}

/* Moves what from has to send into to; the number of bytes moved. */
static inline size_t lt_fuzz_move(latch_conn *from, latch_conn *to)
{
    size_t moved = 0, len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        if (in == NULL || room == 0)
            break;
        size_t n = len < room ? len : room;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        moved += n;
        if (latch_net_in_commit(to, n) < 0)
            break;
    }
    return moved;
}

/* Lets a client and a server talk until neither has anything more to say. */
static inline void lt_fuzz_pump(latch_conn *client, latch_conn *server)
{
    while (lt_fuzz_move(client, server) + lt_fuzz_move(server, client) > 0)
        ;
}

/* Throws away what conn has to send (the harness plays no peer that reads it). */
static inline void lt_fuzz_drain(latch_conn *conn)
{
    size_t len;
    while (latch_net_out_buf(conn, &len) != NULL && len > 0)
        latch_net_out_consumed(conn, len);
}

/* Feeds data to conn as the peer's bytes, as much as the engine takes at a time, answering
 * nothing; after the handshake, reads what application data there is. Stops at the first
 * error: a failed connection takes nothing more. */
static inline void lt_fuzz_feed(latch_conn *conn, const uint8_t *data, size_t size)
{
    uint8_t app[4096];
    lt_fuzz_drain(conn);
    while (size > 0) {
        size_t room, n;
        uint8_t *in = latch_net_in_buf(conn, &room);
        if (in == NULL || room == 0)
            break;
        n = size < room ? size : room;
        memcpy(in, data, n);
        data += n;
        size -= n;
        latch_status st = latch_net_in_commit(conn, n);
        lt_fuzz_drain(conn);
        if (st < 0)
            break;
        while (latch_conn_handshake_done(conn) && latch_read(conn, app, sizeof app, &n) == LATCH_OK && n > 0)
            lt_fuzz_drain(conn);
    }
}

#endif
