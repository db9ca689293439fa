/* The TLS 1.3 server (RFC 8446 §2, §4): reads the ClientHello (§4.1.2) and picks the version
 * (supported_versions, §4.2.1), cipher suite (server preference), group (server preference; a
 * HelloRetryRequest when the client sent no share for it, §4.1.4), certificate (by server name
 * and the client's signature_algorithms) and ALPN protocol (RFC 7301); sends ServerHello,
 * EncryptedExtensions, Certificate, CertificateVerify and Finished as one flight; checks the
 * client's Finished. Which message may come when: machine.c. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ct.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/rand.h"
#include "tls/clienthello.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/ext.h"
#include "tls/proto.h"
#include "x509/name.h"

/* Bytes of the random cookie in our HelloRetryRequest. */
#define LT_SERVER_COOKIE_LEN 32

/* A TLS 1.3 identity fits when the client takes a scheme for its key. */
static int lt_server13_identity_fits(const lt_identity *id, const void *arg, uint16_t *scheme)
{
    const lt_hs *hs = arg;
    *scheme = lt_sigscheme_for_key(id->key_type, lt_privkey_sig_max(id->key), hs->peer_sigschemes, hs->n_peer_sigschemes);
    return *scheme != 0;
}

static int lt_server13_pick_identity(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    hs->identity = lt_neg_identity(conn->config, conn->server_name, hs->identity_only, lt_server13_identity_fits,
                                   hs, &hs->sigscheme);
    if (hs->identity != NULL)
        return 0;
    return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                        "no certificate of ours can be signed for with the client's signature algorithms");
}

/* ServerHello or HelloRetryRequest (§4.1.3, §4.1.4). */
static int lt_server13_send_server_hello(latch_conn *conn, const lt_client_hello *ch, int retry)
{
    lt_hs *hs = conn->hs;
    uint8_t share[LT_KEX_MAX_PUBLIC];
    size_t share_len = 0, at;
    /* the extensions' contents: a key share (a hybrid's is 1120 or 1153 bytes), or a retry's
     * cookie (ours is 32 bytes; a test replay injects the recorded one, and a longer one than
     * fits is LT_ERR_BUFFER) */
    uint8_t ext_data[512 + LT_KEX_MAX_PUBLIC];
    lt_writer d = lt_writer_init(ext_data, sizeof ext_data);
    lt_writer_block inner;
    lt_server_hello sh;
    if (!retry)
        LT_TRY(lt_kex_public(hs->kex, share, sizeof share, &share_len));
    memset(&sh, 0, sizeof sh);
    sh.legacy_version = 0x0303;
    sh.random = lt_span_make(retry ? lt_hrr_random : hs->server_random, 32);
    sh.session_id = ch->session_id;
    sh.cipher_suite = conn->suite->id;
    sh.extensions_present = 1;
    /* key_share first, then supported_versions: the order of the RFC 8448 traces */
    at = d.len;
    lt_writer_u16(&d, hs->kex_group);
    if (!retry) {
        lt_writer_open16(&d, &inner);
        lt_writer_bytes(&d, share, share_len);
        lt_writer_close(&d, &inner);
    }
    lt_ext_list_add(&sh.exts, &d, at, LT_EXT_KEY_SHARE);
    if (!retry && hs->psk_accepted) {
        at = d.len;
        lt_writer_u16(&d, 0); /* selected_identity 0 (§4.2.11) */
        lt_ext_list_add(&sh.exts, &d, at, LT_EXT_PRE_SHARED_KEY);
    }
    if (retry) {
        /* a cookie the second ClientHello must echo: proof that the client got our
         * HelloRetryRequest at the address it claims (§4.2.2) */
        at = d.len;
        lt_writer_open16(&d, &inner);
        lt_writer_bytes(&d, hs->cookie, hs->cookie_len);
        lt_writer_close(&d, &inner);
        lt_ext_list_add(&sh.exts, &d, at, LT_EXT_COOKIE);
    }
    at = d.len;
    lt_writer_u16(&d, LATCH_TLS13);
    lt_ext_list_add(&sh.exts, &d, at, LT_EXT_SUPPORTED_VERSIONS);
    if (d.err)
        return d.err;
    /* the message: its extensions and at most 128 bytes of fixed fields and headers */
    LT_TRY(lt_conn_scratch(conn, 128 + d.len));
    lt_writer w = lt_writer_init(hs->scratch, hs->scratch_cap);
    lt_server_hello_write(&w, &sh);
    if (w.err)
        return w.err;
    if (retry) {
        /* §4.4.1: the transcript continues from message_hash(ClientHello1) */
        LT_TRY(lt_transcript_restart_for_hrr(&hs->transcript));
    }
    LT_TRY(lt_conn_queue_handshake(conn, hs->scratch, w.len, 1));
    LT_TRY(lt_conn_flush_flight(conn));
    /* §D.4: a ChangeCipherSpec right after our first handshake message, when the client is
     * in compatibility mode */
    if (ch->session_id.len > 0 && !hs->ccs_sent) {
        LT_TRY(lt_conn_send_ccs(conn));
        hs->ccs_sent = 1;
    }
    return 0;
}

static int lt_server13_encrypted_extensions(latch_conn *conn, int acked_sni, int record_limit)
{
    lt_hs *hs = conn->hs;
    uint8_t ext_data[2 + 2 + 1 + 255]; /* a record_size_limit and an ALPN protocol at most */
    lt_writer d = lt_writer_init(ext_data, sizeof ext_data);
    lt_encrypted_extensions ee;
    size_t at;
    ee.exts.n = 0;
    if (acked_sni) /* empty: "we used your server_name" (RFC 6066 §3) */
        lt_ext_list_add(&ee.exts, &d, d.len, LT_EXT_SERVER_NAME);
    if (record_limit) { /* RFC 8449 §4: only in answer to the client's */
        at = d.len;
        lt_writer_u16(&d, (uint16_t)lt_ext_record_size_limit_value(conn->config->record_limit, 1));
        lt_ext_list_add(&ee.exts, &d, at, LT_EXT_RECORD_SIZE_LIMIT);
    }
    if (conn->alpn[0] != '\0') {
        at = d.len;
        lt_ext_write_alpn_data(&d, conn->alpn);
        lt_ext_list_add(&ee.exts, &d, at, LT_EXT_ALPN);
    }
    if (d.err)
        return d.err;
    LT_TRY(lt_conn_scratch(conn, 512));
    lt_writer w = lt_writer_init(hs->scratch, hs->scratch_cap);
    lt_encrypted_extensions_write(&w, &ee);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, hs->scratch, w.len, 1);
}

/* After the hello: keys, and the rest of the first flight (§4.3-§4.4). */
static int lt_server13_flight(latch_conn *conn, const lt_client_hello *ch, lt_span peer_share)
{
    lt_hs *hs = conn->hs;
    uint8_t ecdhe[LT_KEX_MAX_SECRET];
    size_t ecdhe_len = 0;
    int rc;

    if (hs->kex == NULL)
        LT_TRY(lt_kex_generate_responder((lt_group)hs->kex_group, &hs->kex));
    /* for a hybrid, encapsulation to the client's key (draft-ietf-tls-ecdhe-mlkem §4.2: a share
     * of the wrong length or a key failing the modulus check is illegal_parameter) */
    rc = lt_kex_accept(hs->kex, peer_share.p, peer_share.len, ecdhe, sizeof ecdhe, &ecdhe_len);
    if (rc < 0) {
        lt_wipe(ecdhe, sizeof ecdhe);
        if (rc == LT_ERR_NOMEM || rc == LT_ERR_CRYPTO)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, rc, "could not compute the %s key exchange",
                                lt_group_name((lt_group)hs->kex_group));
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the client's %s key share is invalid", lt_group_name((lt_group)hs->kex_group));
    }
    if (!LT_HOOK(hs->server_random_set))
        LT_TRY(lt_random(hs->server_random, 32));
    rc = lt_server13_send_server_hello(conn, ch, 0);
    if (rc == 0)
        rc = lt_conn13_handshake_secrets(conn, ecdhe, ecdhe_len);
    lt_wipe(ecdhe, sizeof ecdhe);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 1, hs->server_hs_secret);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 0, hs->client_hs_secret);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO,
                            "could not derive the handshake keys");

    rc = lt_server13_encrypted_extensions(conn, lt_ext_find(&ch->exts, LT_EXT_SERVER_NAME) != NULL,
                                          lt_ext_find(&ch->exts, LT_EXT_RECORD_SIZE_LIMIT) != NULL);
    /* a resumed session is authenticated by its PSK: no certificates either way (§4.3.2) */
    int certs = !hs->psk_accepted;
    if (rc == 0 && certs && conn->config->client_auth != LATCH_CLIENT_AUTH_NONE)
        rc = lt_certrequest_write(conn);
    if (rc == 0 && certs)
        rc = lt_certmsg_write(conn, hs->identity, NULL, 0);
    if (rc == 0 && certs)
        rc = lt_certverify_write(conn, hs->identity, hs->sigscheme);
    if (rc == 0)
        rc = lt_conn13_finished_write(conn, hs->server_hs_secret);
    if (rc == 0)
        rc = lt_conn_flush_flight(conn);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, rc == LT_ERR_NOMEM ? LT_ERR_NOMEM : LT_ERR_CRYPTO,
                            "could not build our first flight");
    conn->sigscheme = certs ? hs->sigscheme : 0;
    /* application secrets from the transcript through our Finished */
    rc = lt_conn13_application_secrets(conn);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 1, conn->write_secret);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key derivation failed");
    return certs && conn->config->client_auth != LATCH_CLIENT_AUTH_NONE ? lt_next_s13(LT_S13_WAIT_CERT)
                                                                       : lt_next_s13(LT_S13_WAIT_FINISHED);
}

static int lt_server13_psk_dhe_ke(const lt_client_hello *ch)
{
    const lt_ext *modes = lt_ext_find(&ch->exts, LT_EXT_PSK_KEY_EXCHANGE_MODES);
    if (modes == NULL)
        return 0;
    lt_reader r = lt_reader_from_span(modes->data);
    lt_reader list = lt_reader_vec8(&r, 1, 255);
    return lt_reader_done(&r) && memchr(list.p, 1, list.len) != NULL;
}

/* Resumption (§4.2.11): the first offered identity, if it is a ticket of ours for this server
 * name and a suite with our hash, fresh (its age agrees with ours within 10 s) and bound by a
 * correct binder. A ticket we cannot use means a full handshake; a wrong binder on one we
 * can is an attack: decrypt_error. */
static int lt_server13_try_psk(latch_conn *conn, const lt_client_hello *ch, const uint8_t *msg, size_t len)
{
    lt_hs *hs = conn->hs;
    const lt_ext *psk = lt_ext_find(&ch->exts, LT_EXT_PRE_SHARED_KEY);
    if (psk == NULL || !conn->send_ticket)
        return 0;
    lt_reader r = lt_reader_from_span(psk->data);
    lt_reader identities = lt_reader_vec16(&r, 7, 0xffff);
    lt_reader binders = lt_reader_vec16(&r, 33, 0xffff);
    lt_reader ticket = lt_reader_vec16(&identities, 1, 0xffff);
    uint32_t obfuscated_age = lt_reader_u32(&identities);
    lt_reader binder = lt_reader_vec8(&binders, 32, 255);
    if (!lt_reader_ok(&r) || !lt_reader_ok(&identities) || !lt_reader_ok(&binders))
        return 0; /* (the syntax was checked with the ClientHello) */
    lt_session_state st;
    int64_t now = lt_config_now(conn->config);
    if (lt_ticket_open(&conn->config->ticket_keys, ticket.p, ticket.len, now, &st) < 0)
        return 0;
    const lt_suite *suite = lt_suite_find(st.suite);
    int64_t client_age_ms = (int64_t)(uint32_t)(obfuscated_age - st.age_add);
    int64_t server_age_ms = (now - st.created) * 1000;
    int usable = st.version == LATCH_TLS13 && suite != NULL && suite->hash == conn->suite->hash &&
                 strcmp(st.server_name, conn->server_name) == 0 &&
                 client_age_ms - server_age_ms < 11000 && server_age_ms - client_age_ms < 11000;
    int rc = 0;
    if (usable) {
        uint8_t th[LT_MAX_HASH], expected[LT_MAX_HASH];
        size_t hash_len = lt_hash_len(conn->suite->hash);
        /* the binders vector ends the ClientHello (pre_shared_key is its last extension) */
        size_t truncated = len - (2 + binders.len);
        rc = lt_transcript_current_with(&hs->transcript, msg, truncated, th);
        if (rc == 0)
            rc = lt_keysched13_binder(conn->suite->hash, st.secret, st.secret_len, th, expected);
        int binder_ok = rc == 0 && binder.len == hash_len && lt_ct_eq(expected, binder.p, hash_len);
#ifdef LT_FUZZING
        binder_ok = binder.len == hash_len; /* every binder of the right length matches (docs/fuzzing.md) */
#endif
        if (rc == 0 && !binder_ok)
            rc = lt_conn_fail(conn, LT_ALERT_DECRYPT_ERROR, LT_ERR_VERIFY,
                              "the client's PSK binder does not verify");
        else if (rc == 0) {
            memcpy(hs->psk, st.secret, st.secret_len);
            hs->psk_len = st.secret_len;
            hs->psk_accepted = 1;
            conn->resumed = 1;
            memcpy(conn->peer_subject, st.client_subject, sizeof conn->peer_subject - 1);
        }
        lt_wipe(expected, sizeof expected);
    }
    lt_wipe(&st, sizeof st);
    return rc;
}

/* The first ClientHello has no cookie (we never sent one); the second must echo ours exactly. */
static int lt_server13_check_cookie(latch_conn *conn, const lt_client_hello *ch, int second)
{
    lt_hs *hs = conn->hs;
    const lt_ext *cookie = lt_ext_find(&ch->exts, LT_EXT_COOKIE);
    if (!second) {
        if (cookie != NULL)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the ClientHello carries a cookie we never sent");
        return 0;
    }
    if (cookie == NULL)
        return lt_conn_fail(conn, LT_ALERT_MISSING_EXTENSION, LT_ERR_PROTOCOL,
                            "the second ClientHello does not echo our cookie");
    lt_reader r = lt_reader_from_span(cookie->data);
    lt_reader echoed = lt_reader_vec16(&r, 1, 0xffff);
    if (!lt_reader_done(&r))
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed cookie");
    if (echoed.len != hs->cookie_len || memcmp(echoed.p, hs->cookie, echoed.len) != 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the second ClientHello echoes a cookie we did not send");
    return 0;
}

/* The ClientHello: the first settles the version; the second (after our HelloRetryRequest) must
 * be TLS 1.3's, and as the first but for what we asked to change. */
static int lt_server13_client_hello(latch_conn *conn, const lt_client_hello_msg *m, const uint8_t *msg,
                                    size_t len, int second)
{
    lt_hs *hs = conn->hs;
    lt_client_hello ch;
    int version = lt_client_hello_parse(conn, m, second, &ch);
    if (version < 0)
        return version;
    if (version == LATCH_TLS12)
        return lt_server12_client_hello(conn, &ch, msg, len);
    if (!second) {
        memcpy(hs->client_random, ch.random.p, 32);
        memcpy(conn->client_random, ch.random.p, 32);
        LT_TRY(lt_client_hello_sni_alpn(conn, &ch));
    } else if (memcmp(hs->client_random, ch.random.p, 32) != 0) {
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the second ClientHello changed its random");
    }
    LT_TRY(lt_server13_check_cookie(conn, &ch, second));
    /* §4.2.10: we never accept 0-RTT; what the client sends under it is skipped (below) */
    if (lt_ext_find(&ch.exts, LT_EXT_EARLY_DATA) != NULL)
        conn->early_data_skip = second ? 0 : LT_MAX_SKIPPED_EARLY_DATA;
    const lt_ext *record_limit = lt_ext_find(&ch.exts, LT_EXT_RECORD_SIZE_LIMIT);
    if (record_limit != NULL)
        LT_TRY(lt_conn_peer_record_limit(conn, record_limit));
    uint16_t suite_id = lt_neg_suite13(conn->config, ch.suites);
    if (suite_id == 0)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the client offers no cipher suite we support");
    if (second && suite_id != conn->suite->id)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the second ClientHello changed the cipher suites");
    conn->suite = lt_suite_find(suite_id);
    conn->version = LATCH_TLS13;
    uint16_t group = lt_neg_group13(conn->config, &ch);
    if (group == 0)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the client supports no key exchange group we enable");
    if (second && group != hs->kex_group)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the second ClientHello changed the supported groups");
    hs->kex_group = group;
    conn->group = group;
    if (!second)
        LT_TRY(lt_server13_pick_identity(conn));
    LT_TRY(lt_transcript_set_hash(&hs->transcript, conn->suite->hash));
    /* tickets for clients that take them (psk_dhe_ke: ours always come with a fresh ECDHE) */
    conn->send_ticket = conn->config->ticket_lifetime > 0 && !conn->config->no_tickets &&
                        lt_server13_psk_dhe_ke(&ch);

    for (size_t i = 0; i < ch.n_shares; i++)
        if (ch.shares[i].group == group) {
            /* the binder covers the ClientHello up to itself: checked before it is added */
            LT_TRY(lt_server13_try_psk(conn, &ch, msg, len));
            LT_TRY(lt_transcript_add(&hs->transcript, msg, len));
            return lt_server13_flight(conn, &ch, ch.shares[i].key);
        }
    LT_TRY(lt_transcript_add(&hs->transcript, msg, len));
    if (second)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the second ClientHello has no key share for the group we asked for");
    /* no share for our group: ask for one (§4.1.4) */
    conn->hello_retry = 1;
    if (hs->cookie == NULL) { /* (a test replay injects the recorded one) */
        hs->cookie = lt_malloc(LT_SERVER_COOKIE_LEN);
        if (hs->cookie == NULL)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
        hs->cookie_len = LT_SERVER_COOKIE_LEN;
        LT_TRY(lt_random(hs->cookie, hs->cookie_len));
    }
    LT_TRY(lt_server13_send_server_hello(conn, &ch, 1));
    return lt_next_s13(LT_S13_WAIT_CH2);
}

int lt_server_on_client_hello(latch_conn *conn, const lt_msg *m)
{
    return lt_server13_client_hello(conn, &m->parsed.client_hello, m->msg, m->len, 0);
}

int lt_server13_on_client_hello2(latch_conn *conn, const lt_msg *m)
{
    return lt_server13_client_hello(conn, &m->parsed.client_hello, m->msg, m->len, 1);
}

int lt_server13_on_certificate(latch_conn *conn, const lt_msg *m)
{
    /* (the client echoes our empty certificate_request_context) */
    LT_TRY(lt_certmsg_read(conn, &m->parsed.certificate));
    return conn->peer_certs.count ? lt_next_s13(LT_S13_WAIT_CV) : lt_next_s13(LT_S13_WAIT_FINISHED);
}

int lt_server13_on_certificate_verify(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_certverify_read(conn, &m->parsed.certificate_verify, m->th));
    return lt_next_s13(LT_S13_WAIT_FINISHED);
}

int lt_server13_on_finished(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    uint8_t transcript_hash[LT_MAX_HASH];
    LT_TRY(lt_conn13_finished_read(conn, hs->client_hs_secret, &m->parsed.finished, m->th));
    int rc = lt_transcript_current(&hs->transcript, transcript_hash);
    if (rc == 0)
        rc = lt_keysched13_derive(&hs->ks, "res master", transcript_hash, conn->resumption_master);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 0, conn->read_secret);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key derivation failed");
    /* (the ticket for next time goes once the handshake is over: version.c, on_connected) */
    return lt_next_s13_post();
}
