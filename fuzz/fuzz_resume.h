/* What fuzz_server_mtls.c, fuzz_client_resume.c and the seed recorder (record_seeds.c) share: the
 * sessions those two harnesses resume, each made once by a real handshake between latch's own
 * client and server in the fuzzing build. The random stream restarts before each such handshake,
 * so a session is the same in every process but for its secret (derived from a transcript that
 * holds an ECDSA signature, whose nonce libcrypto draws). The fuzzing build's records are in the
 * clear and its binders and Finished always match, so the secret decides nothing: the seeds
 * recorded against one process's session replay in another, and an input found by a run
 * reproduces alone. */
#ifndef LT_FUZZ_RESUME_H
#define LT_FUZZ_RESUME_H

#include "fuzz_engine.h"
#include "tls/session.h"

/* The session the mutual-TLS server remembers by ID, and the client's export of it. */
typedef struct {
    lt_id_entry kept;
    uint8_t session[4096];
    size_t session_len;
} lt_fuzz_id_session;

/* The sessions fuzz_client_resume's client offers: the input's first byte picks one. */
enum {
    LT_FUZZ_RESUME_TLS13,        /* a TLS 1.3 ticket (PSK with (EC)DHE) */
    LT_FUZZ_RESUME_TLS12_TICKET, /* a TLS 1.2 ticket (RFC 5077) */
    LT_FUZZ_RESUME_TLS12_ID,     /* a TLS 1.2 session ID (the server issues no tickets) */
    LT_FUZZ_RESUME_KINDS
};

/* Lets the client read what the server sent after the handshake (a TLS 1.3 NewSessionTicket),
 * so that it has a session to export. */
static inline void lt_fuzz_settle(latch_conn *client, latch_conn *server)
{
    uint8_t buf[256];
    size_t n;
    lt_fuzz_pump(client, server);
    (void)latch_read(client, buf, sizeof buf, &n);
    lt_fuzz_pump(client, server);
}

/* One handshake of lt_fuzz_client_make(1, max)'s client with server_cfg, the stream restarted
 * first; the client's session is exported into out. 0, or -1 when the handshake or the export
 * failed. */
static inline int lt_fuzz_first_handshake(latch_config *server_cfg, uint16_t max, uint8_t *out, size_t cap,
                                          size_t *len)
{
    lt_random_fuzz_reset();
    latch_config *client_cfg = lt_fuzz_client_make(1, max);
    latch_conn *client = client_cfg != NULL ? latch_conn_new(client_cfg, "localhost") : NULL;
    latch_conn *server = client != NULL ? latch_conn_new(server_cfg, NULL) : NULL;
    int rc = -1;
    if (server != NULL) {
        lt_fuzz_settle(client, server);
        if (latch_conn_handshake_done(client) && latch_conn_handshake_done(server) &&
            latch_conn_session_export(client, out, cap, len) == LATCH_OK)
            rc = 0;
    }
    if (rc < 0)
        fprintf(stderr, "the fuzzing session's handshake failed: client '%s', server '%s'\n",
                client != NULL ? latch_conn_error(client) : latch_conn_new_error(),
                server != NULL ? latch_conn_error(server) : "none");
    latch_conn_free(server);
    latch_conn_free(client);
    latch_config_free(client_cfg);
    return rc;
}

/* fuzz_server_mtls's remembered session: a TLS 1.2 handshake of a client with a certificate
 * against cfg (lt_fuzz_server_make(1), which caches it by ID; a TLS 1.3 one keeps nothing by
 * ID), the cache entry copied out. */
static inline int lt_fuzz_id_session_make(latch_config *cfg, lt_fuzz_id_session *out)
{
    lt_id_cache_clear(&cfg->session_ids);
    if (lt_id_cache_init(&cfg->session_ids) < 0 ||
        lt_fuzz_first_handshake(cfg, LATCH_TLS12, out->session, sizeof out->session, &out->session_len) < 0)
        return -1;
    for (size_t i = 0; cfg->session_ids.items != NULL && i < LT_ID_CACHE_SIZE; i++)
        if (cfg->session_ids.items[i].st.created != 0) {
            out->kept = cfg->session_ids.items[i];
            return 0;
        }
    fprintf(stderr, "the mutual-TLS server remembered no session by ID\n");
    return -1;
}

/* A connection of the mutual-TLS server that owes nothing to the inputs before it: its ID cache
 * holds exactly the remembered session, and the stream restarts. The cache's slots are wiped in
 * place, not freed and allocated again for each input (half a megabyte: a run's time went to
 * the allocator). */
static inline latch_conn *lt_fuzz_server_conn_keeping(latch_config *cfg, const lt_id_entry *kept)
{
    lt_id_cache *ids = &cfg->session_ids;
    if (ids->items != NULL)
        memset(ids->items, 0, LT_ID_CACHE_SIZE * sizeof *ids->items);
    ids->next = 0;
    if (lt_id_cache_put(ids, kept->id, &kept->st) < 0)
        return NULL;
    lt_random_fuzz_reset();
    return latch_conn_new(cfg, NULL);
}

/* A server that requires a client certificate: the P-256 identity, TLS 1.2 up to max, tickets
 * issued or not. The stream restarts first, so its ticket key is the same in every process. */
static inline latch_config *lt_fuzz_mtls_peer(uint16_t max, int tickets)
{
    lt_random_fuzz_reset();
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    if (cfg == NULL)
        return lt_fuzz_config_failed(cfg);
    if (latch_config_add_identity(cfg, LT_FUZZ_PKI "p256.pem", LT_FUZZ_PKI "p256-key.pem") != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS12, max) != LATCH_OK ||
        latch_config_set_client_auth(cfg, LATCH_CLIENT_AUTH_REQUIRE, LT_FUZZ_PKI "ca.pem") != LATCH_OK ||
        latch_config_set_session_tickets(cfg, tickets) != LATCH_OK ||
        latch_config_set_clock(cfg, lt_fuzz_clock, NULL) != LATCH_OK || latch_config_freeze(cfg) != LATCH_OK)
        return lt_fuzz_config_failed(cfg);
    return cfg;
}

/* The server that gives fuzz_client_resume's client its session of that kind: TLS 1.3 or only
 * 1.2, tickets or (the ID kind) none. */
static inline latch_config *lt_fuzz_resume_server(int kind)
{
    return lt_fuzz_mtls_peer(kind == LT_FUZZ_RESUME_TLS13 ? LATCH_TLS13 : LATCH_TLS12, kind != LT_FUZZ_RESUME_TLS12_ID);
}

/* The session of that kind, exported into out: a first handshake with a fresh
 * lt_fuzz_resume_server(kind), which is handed back in *server_cfg when asked for (the recorder
 * resumes with it), else freed. */
static inline int lt_fuzz_resume_session(int kind, latch_config **server_cfg, uint8_t *out, size_t cap, size_t *len)
{
    latch_config *cfg = lt_fuzz_resume_server(kind);
    int rc = cfg != NULL ? lt_fuzz_first_handshake(cfg, LATCH_TLS13, out, cap, len) : -1;
    if (server_cfg != NULL && rc == 0)
        *server_cfg = cfg;
    else
        latch_config_free(cfg);
    return rc;
}

/* fuzz_client_resume's client, for one input, on the harness's one config (lt_fuzz_client_make(1,
 * LATCH_TLS13): loading its key for each input cost more than the handshake): the sessions the
 * config remembers are forgotten (an input's NewSessionTicket would be offered to the next), the
 * session of that kind imported, and the stream restarted, as for fuzz_client. */
static inline latch_conn *lt_fuzz_resume_client(latch_config *cfg, const uint8_t *session, size_t len)
{
    lt_session_cache_clear(&cfg->sessions);
    if (lt_session_cache_init(&cfg->sessions) < 0 || latch_config_session_import(cfg, session, len) != LATCH_OK)
        return NULL;
    lt_random_fuzz_reset();
    return latch_conn_new(cfg, "localhost");
}

#endif
