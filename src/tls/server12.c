/* The TLS 1.2 server (RFC 5246 §7.3), entered when a ClientHello offers TLS 1.2 and not 1.3 (or
 * this server stops at 1.2): picks the suite (server preference) together with a certificate
 * that can serve it and, for ECDHE, a group and signature scheme; sends ServerHello,
 * Certificate, ServerKeyExchange and ServerHelloDone as one flight; takes ClientKeyExchange
 * (ECDHE point, or the RSA-encrypted pre-master secret, decrypted without any secret-dependent
 * branch: crypto/rsa_kex.c), the client's ChangeCipherSpec and Finished; answers with its own.
 * States: WAIT_CKE -> WAIT_CCS -> WAIT_FINISHED -> CONNECTED. */
#include <string.h>

#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/rand.h"
#include "crypto/rsa_kex.h"
#include "tls/clienthello.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/proto.h"
#include "x509/name.h"

static int lt_server12_server_hello(latch_conn *conn, const lt_client_hello *ch, int secure_reneg);

/* What the server settled on for this handshake. */
typedef struct {
    const lt_suite *suite;
    const lt_identity *identity;
    uint16_t group;
    uint16_t scheme;
} lt_server12_choice;

static int lt_server12_key_fits(const lt_suite *suite, lt_key_type key, const lt_client_hello *ch)
{
    if (suite->auth == LT_AUTH_ECDSA) {
        /* RFC 8422 §5.1.1: the client's curves bound an ECDSA certificate's curve too */
        uint16_t curve = key == LT_KEY_EC_P256 ? LT_GROUP_SECP256R1 : key == LT_KEY_EC_P384 ? LT_GROUP_SECP384R1 : 0;
        int listed = !ch->groups_sent || curve == 0 || lt_neg_has(ch->groups, ch->n_groups, curve);
        return (key == LT_KEY_EC_P256 || key == LT_KEY_EC_P384 || key == LT_KEY_ED25519) && listed;
    }
    if (suite->kx == LT_KX_RSA)
        return key == LT_KEY_RSA; /* encrypting to it needs rsaEncryption */
    return key == LT_KEY_RSA || key == LT_KEY_RSA_PSS;
}

/* What a TLS 1.2 identity must fit: the suite, and the client's curves and schemes. */
typedef struct {
    const lt_suite *suite;
    const lt_client_hello *ch;
    const lt_hs *hs;
    int sha1_default;
} lt_server12_fit_ctx;

static int lt_server12_identity_fits(const lt_identity *id, const void *arg, uint16_t *scheme)
{
    const lt_server12_fit_ctx *c = arg;
    if (!lt_server12_key_fits(c->suite, id->key_type, c->ch))
        return 0;
    *scheme = 0;
    if (c->suite->kx != LT_KX_ECDHE)
        return 1; /* the RSA key exchange signs nothing */
    if (!c->ch->sigalgs_sent && c->sha1_default) {
        /* RFC 5246 §7.4.1.4.1: no signature_algorithms means {sha1, the key's algorithm} */
        *scheme = id->key_type == LT_KEY_RSA ? 0x0201
                  : id->key_type == LT_KEY_EC_P256 || id->key_type == LT_KEY_EC_P384 ? 0x0203 : 0;
        return *scheme != 0;
    }
    *scheme = lt_sigscheme12_for_key(id->key_type, lt_privkey_sig_max(id->key), c->hs->peer_sigschemes, c->hs->n_peer_sigschemes);
    return *scheme != 0;
}

/* Suites in our order, every AEAD suite before any CBC one whatever the list says (CBC's
 * MAC-then-encrypt is only for clients that have nothing better); for each, a certificate (one
 * valid for the server name first) whose key serves it and, for ECDHE, a scheme the client takes
 * and a common group. */
static int lt_server12_choose(latch_conn *conn, const lt_client_hello *ch, lt_server12_choice *c)
{
    const latch_config *cfg = conn->config;
    uint16_t group = lt_neg_group12(cfg, ch);
    for (size_t k = 0; k < 2 * cfg->n_suites; k++) {
        size_t i = k % cfg->n_suites;
        const lt_suite *suite = lt_suite_find(cfg->suites[i]);
        if (suite == NULL || suite->version != LATCH_TLS12 || !lt_neg_wire_has(ch->suites, suite->id))
            continue;
        if (lt_suite_is_cbc(suite) != (k >= cfg->n_suites)) /* AEADs on the first pass, CBC on the second */
            continue;
        if (suite->kx == LT_KX_ECDHE && group == 0)
            continue;
        lt_server12_fit_ctx fit = { suite, ch, conn->hs, cfg->sha1_default };
        uint16_t scheme = 0;
        const lt_identity *id = lt_neg_identity(cfg, conn->server_name, conn->hs->identity_only,
                                                lt_server12_identity_fits, &fit, &scheme);
        if (id == NULL)
            continue;
        c->suite = suite;
        c->identity = id;
        c->group = suite->kx == LT_KX_ECDHE ? group : 0;
        c->scheme = scheme;
        return 0;
    }
    if (!ch->sigalgs_sent && !cfg->sha1_default)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the client sent no signature_algorithms, so only SHA-1 signatures would do "
                            "(RFC 5246 §7.4.1.4.1), which latch makes only in the old profile; only the RSA "
                            "key exchange (no signature) could serve it, and %s",
                            cfg->rsa_kex ? "no RSA key exchange suite fits" : "it is off");
    return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                        "no TLS 1.2 cipher suite of the client's fits our certificates and settings");
}

/* NewSessionTicket (RFC 5077 §3.3): the session's state sealed under our ticket key. */
static int lt_server12_send_ticket(latch_conn *conn)
{
    lt_session_state st;
    uint8_t ticket[LT_TICKET_MAX], msg[LT_TICKET_MAX + 16];
    size_t ticket_len = 0;
    lt_conn12_session_state(conn, conn->config->ticket_lifetime, &st);
    int rc = lt_ticket_seal(&conn->config->ticket_keys, &st, st.created, ticket, sizeof ticket, &ticket_len);
    lt_wipe(&st, sizeof st);
    if (rc < 0)
        return rc;
    lt_new_session_ticket12 nst = { conn->config->ticket_lifetime, lt_span_make(ticket, ticket_len) };
    lt_writer w = lt_writer_init(msg, sizeof msg);
    lt_new_session_ticket12_write(&w, &nst);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, msg, w.len, 1);
}

/* The session as a server remembers it by ID. */
static void lt_server12_remember(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    lt_session_state st;
    if (hs->server_session_id_len != 32 || conn->resumed)
        return;
    lt_conn12_session_state(conn, conn->config->ticket_lifetime, &st);
    if (lt_id_cache_put(&conn->config->session_ids, hs->server_session_id, &st) == 0) {
        memcpy(conn->cached_id, hs->server_session_id, 32);
        conn->has_cached_id = 1;
    }
    lt_wipe(&st, sizeof st);
}

/* Resumption (RFC 5246 §7.3, RFC 5077 §3.1): the client's ticket, else its session ID. Usable
 * when ours, unexpired, of TLS 1.2, for this server name, with a suite both sides still take,
 * and with the extended master secret as the client offers it now (RFC 7627 §5.3: a session
 * made with it and a client no longer offering it is an attack). Returns 1 to resume, 0 for a
 * full handshake, or a failure. */
static int lt_server12_find_session(latch_conn *conn, const lt_client_hello *ch)
{
    lt_hs *hs = conn->hs;
    const latch_config *cfg = conn->config;
    lt_session_state *st = &hs->resume;
    int64_t now = lt_config_now(cfg);
    const lt_ext *ticket = lt_ext_find(&ch->exts, LT_EXT_SESSION_TICKET);
    int found = 0, by_id = 0;
    if (cfg->ticket_lifetime == 0)
        return 0;
    /* tickets off: none issued and none taken (as TLS 1.3's PSKs), even one sealed with our key */
    if (ticket != NULL && ticket->data.len > 0 && !cfg->no_tickets)
        found = lt_ticket_open(&conn->config->ticket_keys, ticket->data.p, ticket->data.len, now, st) == 0;
    else if (ch->session_id.len == 32)
        found = by_id = lt_id_cache_get(&conn->config->session_ids, ch->session_id.p, ch->session_id.len, st) &&
                        now >= st->created && now - st->created <= (int64_t)st->lifetime;
    if (!found || st->version != LATCH_TLS12 || strcmp(st->server_name, conn->server_name) != 0)
        return 0;
    const lt_suite *suite = lt_suite_find(st->suite);
    if (suite == NULL || !lt_neg_config_suite(cfg, st->suite) || !lt_neg_wire_has(ch->suites, st->suite))
        return 0;
    if (st->ems && !hs->ems)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the client resumes an extended-master-secret session without it (RFC 7627)");
    if (!st->ems)
        return 0; /* (never issued now; RFC 7627 §5.3: a full handshake instead) */
    conn->suite = suite;
    if (by_id) { /* if this resumption fails, the session goes (RFC 5246 §7.2.2) */
        memcpy(conn->cached_id, ch->session_id.p, 32);
        conn->has_cached_id = 1;
    }
    return 1;
}

/* The abbreviated handshake: ServerHello, [NewSessionTicket], ChangeCipherSpec, Finished. */
static int lt_server12_resume(latch_conn *conn, const lt_client_hello *ch, const uint8_t *msg, size_t len,
                              int secure_reneg)
{
    lt_hs *hs = conn->hs;
    conn->resumed = 1;
    memcpy(conn->master12, hs->resume.secret, sizeof conn->master12);
    memcpy(conn->peer_subject, hs->resume.client_subject, sizeof conn->peer_subject - 1);
    /* the session ID echoed says "resumed" (with a ticket, the client's fresh one) */
    memcpy(hs->server_session_id, ch->session_id.p, ch->session_id.len);
    hs->server_session_id_len = ch->session_id.len;
    int rc = lt_transcript_set_hash(&hs->transcript, conn->suite->hash);
    if (rc == 0)
        rc = lt_transcript_add(&hs->transcript, msg, len);
    if (rc == 0)
        rc = lt_server12_server_hello(conn, ch, secure_reneg);
    if (rc == 0)
        rc = lt_conn12_key_block(conn);
    if (rc == 0 && hs->ticket_expected)
        rc = lt_server12_send_ticket(conn);
    if (rc == 0)
        rc = lt_conn12_send_ccs_finished(conn);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "could not resume the session");
    return lt_next_s12(LT_S12_WAIT_CCS);
}

static int lt_server12_server_hello(latch_conn *conn, const lt_client_hello *ch, int secure_reneg)
{
    lt_hs *hs = conn->hs;
    /* the extensions' contents: renegotiation_info, ec_point_formats, record_size_limit and an
     * ALPN protocol at most */
    uint8_t ext_data[1 + 2 + 2 + 2 + 1 + 255];
    lt_writer d = lt_writer_init(ext_data, sizeof ext_data);
    lt_server_hello sh;
    size_t at;
    memset(&sh, 0, sizeof sh);
    sh.legacy_version = LATCH_TLS12;
    sh.random = lt_span_make(hs->server_random, 32);
    sh.session_id = lt_span_make(hs->server_session_id, hs->server_session_id_len);
    sh.cipher_suite = conn->suite->id;
    sh.extensions_present = 1;
    if (secure_reneg) {
        at = d.len;
        lt_writer_u8(&d, 0); /* an empty renegotiated_connection (RFC 5746 §3.6) */
        lt_ext_list_add(&sh.exts, &d, at, LT_EXT_RENEGOTIATION_INFO);
    }
    if (hs->ems)
        lt_ext_list_add(&sh.exts, &d, d.len, LT_EXT_EXTENDED_MASTER_SECRET);
    /* RFC 7366 §3: encrypt-then-MAC when the client asks and the suite is CBC, never with an
     * AEAD (its answer would be a protocol error) */
    hs->etm = lt_suite_is_cbc(conn->suite) && !conn->config->no_etm &&
              lt_ext_find(&ch->exts, LT_EXT_ENCRYPT_THEN_MAC) != NULL;
    if (hs->etm)
        lt_ext_list_add(&sh.exts, &d, d.len, LT_EXT_ENCRYPT_THEN_MAC);
    if (hs->ticket_expected) /* RFC 5077 §3.2: a NewSessionTicket will come */
        lt_ext_list_add(&sh.exts, &d, d.len, LT_EXT_SESSION_TICKET);
    if (conn->suite->kx == LT_KX_ECDHE && lt_ext_find(&ch->exts, LT_EXT_EC_POINT_FORMATS) != NULL) {
        at = d.len;
        lt_writer_bytes(&d, "\x01\x00", 2); /* uncompressed only (RFC 8422 §5.2) */
        lt_ext_list_add(&sh.exts, &d, at, LT_EXT_EC_POINT_FORMATS);
    }
    if (lt_ext_find(&ch->exts, LT_EXT_RECORD_SIZE_LIMIT) != NULL) {
        at = d.len;
        lt_writer_u16(&d, (uint16_t)lt_ext_record_size_limit_value(conn->config->record_limit, 0));
        lt_ext_list_add(&sh.exts, &d, at, LT_EXT_RECORD_SIZE_LIMIT);
    }
    /* RFC 6066 §8: an empty status_request, and the CertificateStatus after the Certificate */
    if (lt_certmsg_staples(conn, hs->identity) && !conn->resumed)
        lt_ext_list_add(&sh.exts, &d, d.len, LT_EXT_STATUS_REQUEST);
    if (conn->alpn[0] != '\0') {
        at = d.len;
        lt_ext_write_alpn_data(&d, conn->alpn);
        lt_ext_list_add(&sh.exts, &d, at, LT_EXT_ALPN);
    }
    if (d.err)
        return d.err;
    /* RFC 5246 §7.4.1.3: the block is optional; a client that sent none gets none, as old ones
     * that know no extensions expect, rather than an empty one */
    sh.extensions_present = sh.exts.n > 0;
    LT_TRY(lt_conn_scratch(conn, 512));
    lt_writer w = lt_writer_init(hs->scratch, hs->scratch_cap);
    lt_server_hello_write(&w, &sh);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, hs->scratch, w.len, 1);
}

/* ServerKeyExchange (RFC 8422 §5.4): named_curve params and our point, signed over the randoms. */
static int lt_server12_key_exchange(latch_conn *conn, const lt_identity *id, uint16_t scheme)
{
    lt_hs *hs = conn->hs;
    const lt_sigscheme *s = lt_sigscheme_find(scheme);
    uint8_t content[64 + 4 + LT_KEX_MAX_PUBLIC], point[LT_KEX_MAX_PUBLIC];
    size_t point_len = 0, sig_cap = lt_privkey_sig_max(id->key), sig_len = sig_cap;
    if (s == NULL)
        return LT_ERR_INTERNAL;
    if (hs->kex == NULL)
        LT_TRY(lt_kex_generate((lt_group)hs->kex_group, &hs->kex));
    LT_TRY(lt_kex_public(hs->kex, point, sizeof point, &point_len));
    /* signed: both randoms, then the params as the message carries them */
    memcpy(content, hs->client_random, 32);
    memcpy(content + 32, hs->server_random, 32);
    lt_writer params = lt_writer_init(content + 64, sizeof content - 64);
    lt_server_key_exchange_write_params(&params, hs->kex_group, lt_span_make(point, point_len));
    if (params.err)
        return params.err;
    /* the message (at most params + signature + 8 bytes) in the scratch's first part, the
     * signature it carries after it */
    size_t msg_cap = params.len + sig_cap + 16;
    LT_TRY(lt_conn_scratch(conn, msg_cap + sig_cap));
    uint8_t *sig = hs->scratch + msg_cap;
    LT_TRY(lt_privkey_sign(id->key, s->alg, content, 64 + params.len, sig, &sig_len));
    if (lt_sig_hash(s->alg) == LT_HASH_SHA1 && LT_TRACING(conn))
        lt_note_verify(conn, "SHA-1 signature", 1,
                       "the client sent no signature_algorithms: the ServerKeyExchange is signed with SHA-1, "
                       "RFC 5246 §7.4.1.4.1's default (the old profile allows it)",
                       "scheme", s->name, NULL);
    lt_server_key_exchange ske = {
        .group = hs->kex_group,
        .point = lt_span_make(point, point_len),
        .scheme = scheme,
        .signature = lt_span_make(sig, sig_len),
    };
    lt_writer w = lt_writer_init(hs->scratch, msg_cap);
    lt_server_key_exchange_write(&w, &ske);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, hs->scratch, w.len, 1);
}

int lt_server12_client_hello(latch_conn *conn, const lt_client_hello *ch, const uint8_t *msg, size_t len)
{
    lt_hs *hs = conn->hs;
    const latch_config *cfg = conn->config;
    lt_server12_choice choice = { 0 };
    conn->version = LATCH_TLS12;
    memcpy(hs->client_random, ch->random.p, 32);
    memcpy(conn->client_random, ch->random.p, 32);
    /* RFC 5246 §7.4.7.1: the pre-master secret carries ClientHello.client_version as sent
     * (a client that offers more than TLS 1.2 there puts that, not 0x0303) */
    hs->client_version = ch->legacy_version;
    LT_TRY(lt_client_hello_sni_alpn(conn, ch));

    /* RFC 5746 §3.6: an initial handshake's renegotiation_info is empty */
    const lt_ext *ri = lt_ext_find(&ch->exts, LT_EXT_RENEGOTIATION_INFO);
    if (ri != NULL && (ri->data.len != 1 || ri->data.p[0] != 0))
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the client's renegotiation_info is not empty");
    const lt_ext *ems = lt_ext_find(&ch->exts, LT_EXT_EXTENDED_MASTER_SECRET);
    if (ems != NULL && ems->data.len != 0)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed extended_master_secret");
    hs->ems = ems != NULL;
    if (!hs->ems && cfg->require_ems)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the client does not offer the extended master secret (RFC 7627), "
                            "which we require");
    const lt_ext *etm = lt_ext_find(&ch->exts, LT_EXT_ENCRYPT_THEN_MAC);
    if (etm != NULL && etm->data.len != 0)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed encrypt_then_mac");
    const lt_ext *formats = lt_ext_find(&ch->exts, LT_EXT_EC_POINT_FORMATS);
    if (formats != NULL) {
        lt_reader f = lt_reader_from_span(formats->data);
        lt_reader list = lt_reader_vec8(&f, 1, 255);
        if (!lt_reader_done(&f) || memchr(list.p, 0, list.len) == NULL)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the client does not take uncompressed points");
    }
    const lt_ext *record_limit = lt_ext_find(&ch->exts, LT_EXT_RECORD_SIZE_LIMIT);
    if (record_limit != NULL)
        LT_TRY(lt_conn_peer_record_limit(conn, record_limit));
    /* a client that sends session_ticket (even empty) takes tickets; a session without the
     * extended master secret is never resumed (RFC 7627 §5.3-5.4: the triple handshake attack
     * needs resumption or renegotiation, and latch refuses renegotiation), so it gets none */
    hs->ticket_expected = cfg->ticket_lifetime > 0 && !cfg->no_tickets && hs->ems &&
                          lt_ext_find(&ch->exts, LT_EXT_SESSION_TICKET) != NULL;
    int resume = lt_server12_find_session(conn, ch);
    if (resume < 0)
        return resume;
    if (!LT_HOOK(hs->server_random_set))
        LT_TRY(lt_random(hs->server_random, 32));
    if (cfg->max_version >= LATCH_TLS13)
        memcpy(hs->server_random + 24, LT_DOWNGRADE_TLS12, 8);
    if (resume)
        return lt_server12_resume(conn, ch, msg, len, ri != NULL || ch->reneg_scsv);
    /* a full handshake: a session ID to find it again by (none without the extended master
     * secret: such a session is never resumed) */
    if (cfg->ticket_lifetime > 0 && hs->ems) {
        hs->server_session_id_len = 32;
        LT_TRY(lt_random(hs->server_session_id, 32));
    }
    LT_TRY(lt_server12_choose(conn, ch, &choice));
    conn->suite = choice.suite;
    conn->group = choice.group;
    conn->sigscheme = choice.scheme;
    hs->identity = choice.identity;
    hs->sigscheme = choice.scheme;
    hs->kex_group = choice.group;

    if (cfg->client_auth != LATCH_CLIENT_AUTH_NONE)
        lt_transcript_keep(&hs->transcript); /* for the client's CertificateVerify */
    LT_TRY(lt_transcript_set_hash(&hs->transcript, conn->suite->hash));
    LT_TRY(lt_transcript_add(&hs->transcript, msg, len));

    uint8_t done[4];
    lt_writer done_w = lt_writer_init(done, sizeof done);
    lt_empty_msg_write(&done_w, LT_HS_SERVER_HELLO_DONE);
    int rc = done_w.err;
    if (rc == 0)
        rc = lt_server12_server_hello(conn, ch, ri != NULL || ch->reneg_scsv);
    if (rc == 0)
        rc = lt_certmsg_write(conn, hs->identity, NULL, 0);
    if (rc == 0 && lt_certmsg_staples(conn, hs->identity))
        rc = lt_certstatus_write(conn, hs->identity);
    if (rc == 0 && conn->suite->kx == LT_KX_ECDHE)
        rc = lt_server12_key_exchange(conn, hs->identity, hs->sigscheme);
    if (rc == 0 && cfg->client_auth != LATCH_CLIENT_AUTH_NONE)
        rc = lt_certrequest_write(conn);
    if (rc == 0)
        rc = lt_conn_queue_handshake(conn, done, sizeof done, 1);
    if (rc == 0)
        rc = lt_conn_flush_flight(conn);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, rc == LT_ERR_NOMEM ? LT_ERR_NOMEM : LT_ERR_CRYPTO,
                            "could not build our first flight: %s", lt_err_str(rc));
    return cfg->client_auth != LATCH_CLIENT_AUTH_NONE ? lt_next_s12(LT_S12_WAIT_CERT) : lt_next_s12(LT_S12_WAIT_CKE);
}

/* ClientKeyExchange: the client's point, or the encrypted pre-master secret. A bad RSA block is
 * not noticed here: the pre-master secret becomes random and the Finished will not match. */
int lt_server12_on_client_key_exchange(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    const lt_client_key_exchange cke = m->parsed.client_key_exchange;
    int rc;
    if (cke.kx == LT_KX_ECDHE) {
        rc = lt_kex_derive(hs->kex, cke.exchange.p, cke.exchange.len, hs->pms, sizeof hs->pms, &hs->pms_len);
        if (rc < 0)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the client's %s point is invalid", lt_group_name((lt_group)hs->kex_group));
    } else {
        rc = lt_rsa_kex_decrypt(hs->identity->key, cke.exchange.p, cke.exchange.len, hs->client_version,
                                hs->pms);
        hs->pms_len = 48;
        if (rc < 0)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO,
                                "RSA decryption failed: %s", lt_err_str(rc));
    }
    /* (the transcript ends with this message: the extended master secret's session hash) */
    if (lt_conn12_derive_keys(conn) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key derivation failed");
    /* a client that sent a certificate proves it holds its key next */
    return conn->peer_certs.count ? lt_next_s12(LT_S12_WAIT_CV) : lt_next_s12(LT_S12_WAIT_CCS);
}

int lt_server12_on_certificate(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_certmsg_read(conn, &m->parsed.certificate));
    return lt_next_s12(LT_S12_WAIT_CKE);
}

int lt_server12_on_certificate_verify(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_conn12_certverify_read(conn, &m->parsed.certificate_verify, m->len));
    return lt_next_s12(LT_S12_WAIT_CCS);
}

int lt_server12_on_finished(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_conn12_finished_read(conn, &m->parsed.finished, m->th));
    int rc = 0;
    if (!conn->resumed) { /* resumed, we spoke first */
        if (conn->hs->ticket_expected)
            rc = lt_server12_send_ticket(conn);
        if (rc == 0)
            rc = lt_conn12_send_ccs_finished(conn);
    }
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "could not send our Finished");
    lt_server12_remember(conn);
    return lt_next_s12_post();
}
