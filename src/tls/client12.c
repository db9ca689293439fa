/* The TLS 1.2 client (RFC 5246 §7.3): after a ServerHello that chose TLS 1.2, reads the server's
 * Certificate, ServerKeyExchange (ECDHE, RFC 8422 §5.4: its signature checked with the leaf
 * key), optional CertificateRequest and ServerHelloDone; answers with [Certificate],
 * ClientKeyExchange (our ECDHE share, or the pre-master secret encrypted to the server's RSA
 * key), ChangeCipherSpec and Finished; then checks the server's Finished.
 * States: WAIT_CERT -> (WAIT_SKE) -> WAIT_SHD -> WAIT_CCS -> WAIT_FINISHED -> CONNECTED. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/rand.h"
#include "crypto/rsa_kex.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/ext.h"
#include "tls/proto.h"
#include "tls/note.h"

int lt_client12_server_hello(latch_conn *conn, const lt_server_hello *sh, const uint8_t *msg, size_t len)
{
    lt_hs *hs = conn->hs;
    const latch_config *cfg = conn->config;
    const lt_ext_list *exts = &sh->exts;
    uint16_t suite_id = sh->cipher_suite;
    uint8_t compression = sh->compression;
    conn->version = LATCH_TLS12;

    const lt_suite *suite = lt_suite_find(suite_id);
    if (suite == NULL || !lt_neg_config_suite(cfg, suite_id) || suite->version != LATCH_TLS12 || compression != 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server chose cipher suite 0x%04x or compression %u, which we did "
                            "not offer for TLS 1.2", suite_id, compression);
    conn->suite = suite;
    LT_TRY(lt_conn_check_exts(conn, exts, LT_EXT_IN_SH12, "the ServerHello"));
    /* RFC 5746 §3.4: an empty renegotiated_connection, or no secure renegotiation at all */
    const lt_ext *ri = lt_ext_find(exts, LT_EXT_RENEGOTIATION_INFO);
    if (ri == NULL)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the server does not support secure renegotiation (RFC 5746)");
    if (ri->data.len != 1 || ri->data.p[0] != 0)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the server's renegotiation_info is not empty");
    const lt_ext *ems = lt_ext_find(exts, LT_EXT_EXTENDED_MASTER_SECRET);
    if (ems != NULL && ems->data.len != 0)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed extended_master_secret");
    hs->ems = ems != NULL;
    if (!hs->ems && cfg->require_ems)
        return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                            "the server does not support the extended master secret (RFC 7627), "
                            "which we require");
    /* RFC 7366 §3: an answer to ours (lt_conn_check_exts saw that we asked), and never with an
     * AEAD suite */
    hs->etm = lt_ext_find(exts, LT_EXT_ENCRYPT_THEN_MAC) != NULL;
    if (hs->etm && !lt_suite_is_cbc(suite))
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server chose encrypt_then_mac with %s, an AEAD suite (RFC 7366 §3)",
                            suite->name);
    const lt_ext *formats = lt_ext_find(exts, LT_EXT_EC_POINT_FORMATS);
    if (formats != NULL) {
        lt_reader f = lt_reader_from_span(formats->data);
        lt_reader list = lt_reader_vec8(&f, 1, 255);
        if (!lt_reader_done(&f) || memchr(list.p, 0, list.len) == NULL)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server does not take uncompressed points");
    }
    LT_TRY(lt_client_alpn_check(conn, lt_ext_find(exts, LT_EXT_ALPN)));
    const lt_ext *record_limit = lt_ext_find(exts, LT_EXT_RECORD_SIZE_LIMIT);
    if (record_limit != NULL)
        LT_TRY(lt_conn_peer_record_limit(conn, record_limit));

    memcpy(hs->server_random, sh->random.p, 32);
    memcpy(hs->server_session_id, sh->session_id.p, sh->session_id.len);
    hs->server_session_id_len = sh->session_id.len;
    int ticket_expected = lt_ext_find(exts, LT_EXT_SESSION_TICKET) != NULL;
    /* RFC 6066 §8: an empty status_request says a CertificateStatus may follow the Certificate */
    const lt_ext *status = lt_ext_find(exts, LT_EXT_STATUS_REQUEST);
    if (status != NULL && status->data.len != 0)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "the server's status_request is not empty");
    hs->staple_promised = status != NULL;
    LT_TRY(lt_transcript_set_hash(&hs->transcript, suite->hash));
    LT_TRY(lt_transcript_add(&hs->transcript, msg, len));
    lt_kex_free(hs->kex); /* the TLS 1.3 shares we offered are not used */
    hs->kex = NULL;
    lt_kex_free(hs->extra_kex);
    hs->extra_kex = NULL;

    /* the server echoes the session ID we offered: it resumes (RFC 5246 §7.4.1.3, RFC 5077) */
    const lt_client_session *offer = hs->offer;
    if (offer != NULL && offer->st.version == LATCH_TLS12 && sh->session_id.len > 0 &&
        sh->session_id.len == hs->session_id_len && memcmp(sh->session_id.p, hs->session_id, sh->session_id.len) == 0) {
        if (offer->st.suite != suite_id)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server resumed the session with another cipher suite");
        /* RFC 7627 §5.3: the extended master secret must be as it was */
        if (offer->st.ems != hs->ems)
            return lt_conn_fail(conn, LT_ALERT_HANDSHAKE_FAILURE, LT_ERR_PROTOCOL,
                                "the server resumed the session %s the extended master secret it was "
                                "made with", hs->ems ? "with" : "without");
        memcpy(conn->master12, offer->st.secret, sizeof conn->master12);
        if (lt_conn12_key_block(conn) < 0)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key derivation failed");
        conn->resumed = 1;
        memcpy(conn->peer_subject, offer->peer_subject, sizeof conn->peer_subject);
        memcpy(conn->peer_root, offer->peer_root, sizeof conn->peer_root);
        /* ([NewSessionTicket], ChangeCipherSpec, Finished) */
        return ticket_expected ? lt_next_c12(LT_C12_WAIT_NST) : lt_next_c12(LT_C12_WAIT_CCS);
    }
    /* an echo of an ID we sent for no TLS 1.2 session (TLS 1.3's compatibility mode, §D.4 of
     * RFC 8446) would resume a session we do not have */
    if (sh->session_id.len > 0 && sh->session_id.len == hs->session_id_len &&
        memcmp(sh->session_id.p, hs->session_id, sh->session_id.len) == 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server echoed our session ID, resuming a session we did not offer");
    hs->ticket_expected = ticket_expected; /* (after our Finished) */
    return lt_next_c12(LT_C12_WAIT_CERT);
}

/* NewSessionTicket (RFC 5077 §3.3), before the server's ChangeCipherSpec. */
int lt_client12_on_new_session_ticket(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    const lt_new_session_ticket12 nst = m->parsed.new_session_ticket12;
    if (nst.ticket.len > 0 && nst.ticket.len <= LT_SESSION_TICKET_MAX) {
        hs->new_ticket = lt_malloc(nst.ticket.len);
        if (hs->new_ticket == NULL)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
        memcpy(hs->new_ticket, nst.ticket.p, nst.ticket.len);
        hs->new_ticket_len = nst.ticket.len;
        hs->new_ticket_lifetime = nst.lifetime_hint;
    }
    return lt_next_c12(LT_C12_WAIT_CCS); /* one per handshake (an empty one too) */
}

/* After the handshake: the session to resume next time (a new ticket, the server's session ID,
 * or, resumed without a new ticket, the same session again). */
static void lt_client12_keep_session(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    if (!conn->ems)
        return; /* RFC 7627 §5.4: a session without the extended master secret is not resumed */
    lt_client_session *s = lt_malloc(sizeof *s);
    if (s == NULL)
        return;
    if (conn->resumed && hs->new_ticket == NULL) {
        *s = *hs->offer;
    } else {
        memset(s, 0, sizeof *s);
        uint32_t lifetime = hs->new_ticket_lifetime ? hs->new_ticket_lifetime : LT_DEFAULT_TICKET_LIFETIME;
        lt_conn12_session_state(conn, lifetime > 604800 ? 604800 : lifetime, &s->st);
        if (hs->new_ticket != NULL) {
            memcpy(s->ticket, hs->new_ticket, hs->new_ticket_len);
            s->ticket_len = hs->new_ticket_len;
        }
        memcpy(s->session_id, hs->server_session_id, hs->server_session_id_len);
        s->session_id_len = hs->server_session_id_len;
        memcpy(s->peer_subject, conn->peer_subject, sizeof s->peer_subject);
        memcpy(s->peer_root, conn->peer_root, sizeof s->peer_root);
    }
    if (s->ticket_len == 0 && s->session_id_len == 0) { /* nothing to resume with */
        lt_wipe(s, sizeof *s);
        lt_free(s);
        return;
    }
    lt_conn_keep_session(conn, s);
    lt_wipe(s, sizeof *s);
    lt_free(s);
}

/* The leaf must fit the suite: ECDSA suites take EC (and Ed25519, RFC 8422 §5.3) keys, RSA ones
 * RSA keys (the RSA key exchange an rsaEncryption key). */
int lt_client12_on_certificate(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_certmsg_read(conn, &m->parsed.certificate));
    lt_key_type key = lt_pubkey_type(conn->hs->peer_key);
    int fits = conn->suite->auth == LT_AUTH_ECDSA
                   ? key == LT_KEY_EC_P256 || key == LT_KEY_EC_P384 || key == LT_KEY_ED25519
                   : key == LT_KEY_RSA || (key == LT_KEY_RSA_PSS && conn->suite->kx == LT_KX_ECDHE);
    if (!fits)
        return lt_conn_fail(conn, LT_ALERT_UNSUPPORTED_CERTIFICATE, LT_ERR_PROTOCOL,
                            "the server's %s certificate does not fit %s", lt_key_type_name(key),
                            conn->suite->name);
    if (conn->hs->staple_promised)
        return conn->suite->kx == LT_KX_ECDHE ? lt_next_c12(LT_C12_WAIT_STATUS_SKE) : lt_next_c12(LT_C12_WAIT_STATUS_SHD);
    return conn->suite->kx == LT_KX_ECDHE ? lt_next_c12(LT_C12_WAIT_SKE) : lt_next_c12(LT_C12_WAIT_SHD);
}

/* CertificateStatus (RFC 6066 §8): the stapled OCSP response, checked against the certificate
 * just verified. */
int lt_client12_on_certificate_status(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_certmsg_check_staple(conn, &m->parsed.certificate_status.response));
    conn->hs->staple_done = 1;
    return m->from == LT_C12_WAIT_STATUS_SKE ? lt_next_c12(LT_C12_WAIT_SKE) : lt_next_c12(LT_C12_WAIT_SHD);
}

/* ServerKeyExchange for ECDHE (RFC 8422 §5.4): ECParameters (named_curve), the server's point,
 * and a signature over client_random || server_random || those params. */
int lt_client12_on_server_key_exchange(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    const lt_server_key_exchange ske = m->parsed.server_key_exchange;
    uint16_t group = ske.group, scheme = ske.scheme;
    if (!lt_neg_config_group(conn->config, group) || lt_group_is_hybrid((lt_group)group))
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server chose group 0x%04x, which we did not offer", group);
    const lt_sigscheme *s = lt_sigscheme_find(scheme);
    if (s == NULL || !lt_neg_our_sigscheme(LATCH_TLS12, scheme) ||
        !lt_sigscheme12_fits_key(s, lt_pubkey_type(hs->peer_key)))
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server signed its key exchange with scheme 0x%04x, which we did not "
                            "offer for its key", scheme);
    /* the signed content: the randoms, then the params as sent (at most 4 + 255 bytes) */
    uint8_t content[64 + 4 + 255];
    memcpy(content, hs->client_random, 32);
    memcpy(content + 32, hs->server_random, 32);
    memcpy(content + 64, ske.params.p, ske.params.len);
    int good = lt_pubkey_verify(hs->peer_key, s->alg, content, 64 + ske.params.len, ske.signature.p,
                                ske.signature.len) == 0;
    if (LT_TRACING(conn))
        lt_note_verify(conn, "ServerKeyExchange signature", good,
                        good ? "the server signed its ECDHE key and both randoms with its certificate's key"
                             : "the signature does not verify", "scheme", s->name, NULL);
    if (!good)
        return lt_conn_fail(conn, LT_ALERT_DECRYPT_ERROR, LT_ERR_VERIFY,
                            "the server's key exchange signature (%s) does not verify", s->name);
    LT_TRY(lt_kex_generate((lt_group)group, &hs->kex));
    if (lt_kex_derive(hs->kex, ske.point.p, ske.point.len, hs->pms, sizeof hs->pms, &hs->pms_len) < 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server's %s point is invalid", lt_group_name((lt_group)group));
    conn->group = group;
    conn->sigscheme = scheme;
    hs->kex_group = group;
    return lt_next_c12(LT_C12_WAIT_SHD);
}

/* CertificateRequest (RFC 5246 §7.4.4): the certificate types and schemes the server takes
 * decide which of our certificates answers (the CA names are not used to choose). */
int lt_client12_on_certificate_request(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    const lt_certificate_request12 cr = m->parsed.certificate_request12;
    hs->cert_types_len = cr.cert_types.len < sizeof hs->cert_types ? cr.cert_types.len : sizeof hs->cert_types;
    memcpy(hs->cert_types, cr.cert_types.p, hs->cert_types_len);
    hs->n_peer_sigschemes = 0;
    lt_reader schemes = lt_reader_from_span(cr.sigschemes); /* (pairs: the parse saw to it) */
    while (!lt_reader_empty(&schemes))
        lt_sigscheme_list_add(hs->peer_sigschemes, &hs->n_peer_sigschemes, 64, lt_reader_u16(&schemes));
    return lt_next_c12(LT_C12_WAIT_SHD_AFTER_CR);
}

/* ClientKeyExchange (RFC 5246 §7.4.7, RFC 8422 §5.7). */
static int lt_client12_key_exchange(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    uint8_t body[2 + 1024];
    size_t n = 0;
    if (conn->suite->kx == LT_KX_ECDHE) {
        LT_TRY(lt_kex_public(hs->kex, body, sizeof body, &n));
    } else {
        /* the pre-master secret: our offered version, then 46 random bytes (§7.4.7.1) */
        hs->pms[0] = (uint8_t)(hs->client_version >> 8);
        hs->pms[1] = (uint8_t)hs->client_version;
        LT_TRY(lt_random(hs->pms + 2, 46));
        hs->pms_len = 48;
        LT_TRY(lt_rsa_kex_encrypt(hs->peer_key, hs->pms, body, sizeof body, &n));
    }
    LT_TRY(lt_conn_scratch(conn, n + 16));
    lt_client_key_exchange cke = { conn->suite->kx, lt_span_make(body, n) };
    lt_writer w = lt_writer_init(hs->scratch, hs->scratch_cap);
    lt_client_key_exchange_write(&w, &cke);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, hs->scratch, w.len, 1);
}

int lt_client12_on_server_hello_done(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    (void)m; /* (empty: its codec checked) */
    int rc = 0;
    /* no CertificateStatus came: what must-staple or the config say of that */
    if (!hs->staple_done)
        LT_TRY(lt_certmsg_check_staple(conn, NULL));
    uint16_t scheme = 0;
    const lt_identity *id = NULL;
    if (m->from == LT_C12_WAIT_SHD_AFTER_CR) {
        /* our certificate if one fits, else an empty Certificate (§7.4.6) */
        id = lt_client_identity(conn, 1, hs->cert_types, hs->cert_types_len, &scheme);
        rc = lt_certmsg_write(conn, id, NULL, 0);
    }
    if (rc == 0)
        rc = lt_client12_key_exchange(conn);
    if (rc == 0)
        rc = lt_conn12_derive_keys(conn); /* EMS: the session hash ends with the key exchange */
    if (rc == 0 && id != NULL)
        rc = lt_conn12_certverify_write(conn, id, scheme);
    if (rc == 0)
        rc = lt_conn12_send_ccs_finished(conn);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, rc == LT_ERR_NOMEM ? LT_ERR_NOMEM : LT_ERR_CRYPTO,
                            "could not complete our key exchange: %s", lt_err_str(rc));
    return hs->ticket_expected ? lt_next_c12(LT_C12_WAIT_NST) : lt_next_c12(LT_C12_WAIT_CCS);
}

int lt_client12_on_finished(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_conn12_finished_read(conn, &m->parsed.finished, m->th));
    /* resumed: the server spoke first, our ChangeCipherSpec and Finished answer */
    if (conn->resumed && lt_conn12_send_ccs_finished(conn) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "could not send our Finished");
    lt_client12_keep_session(conn);
    return lt_next_c12_post();
}
