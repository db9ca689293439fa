/* What the TLS 1.2 client and server share (RFC 5246 §7.3, §7.4.9, §8.1; RFC 7627): the master
 * secret and key block, ChangeCipherSpec in both directions, and Finished. */
#include <string.h>

#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/prf12.h"
#include "tls/proto.h"
#include "tls/note.h"

#define LT_GCM_SALT_LEN 4

int lt_conn12_derive_keys(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    const lt_suite *s = conn->suite;
    uint8_t session_hash[LT_MAX_HASH];
    int rc = 0;
    /* RFC 7627 §3: session_hash covers the transcript through the ClientKeyExchange */
    if (hs->ems)
        rc = lt_transcript_current(&hs->transcript, session_hash);
    if (rc == 0)
        rc = lt_prf12_master(s->hash, hs->pms, hs->pms_len, hs->ems ? session_hash : NULL,
                             hs->client_random, hs->server_random, conn->master12);
    if (rc == 0 && LT_TRACING(conn))
        lt_note_keys(conn, "master secret",
                      "pre-master secret (%zu bytes, %s) -> master secret (48 bytes) with PRF-%s%s",
                      hs->pms_len, s->kx == LT_KX_RSA ? "sent encrypted with RSA" : "the ECDHE shared secret",
                      lt_hash_name(s->hash), hs->ems ? " over the session hash (extended master secret)"
                                                     : " over the two randoms");
    lt_wipe(hs->pms, sizeof hs->pms);
    hs->pms_len = 0;
    if (rc == 0)
        rc = lt_conn12_key_block(conn);
    return rc;
}

/* The AEAD suites' keys and IVs (RFC 5288 §3, RFC 7905 §2) from the key block. */
static int lt_conn12_aead_keys(latch_conn *conn, const uint8_t *block, size_t key_len, size_t iv_len)
{
    /* client_write_key, server_write_key, client_write_IV, server_write_IV (§6.3) */
    lt_hs *hs = conn->hs;
    const lt_suite *s = conn->suite;
    const uint8_t *client_key = block, *server_key = block + key_len;
    const uint8_t *client_iv = block + 2 * key_len, *server_iv = client_iv + iv_len;
    int client = conn->role == LATCH_ROLE_CLIENT;
    int rc = lt_record_keys_set12(&hs->pending_write, s->aead, client ? client_key : server_key,
                                  client ? client_iv : server_iv);
    if (rc == 0)
        rc = lt_record_keys_set12(&hs->pending_read, s->aead, client ? server_key : client_key,
                                  client ? server_iv : client_iv);
    return rc;
}

/* The CBC suites' MAC keys and encryption keys (§6.3); the key block's IVs would come next, but
 * TLS 1.2 sends one with every record (§6.2.3.2), so they are never derived. */
static int lt_conn12_cbc_keys(latch_conn *conn, const uint8_t *block, size_t mac_len, size_t key_len)
{
    /* client_write_MAC_key, server_write_MAC_key, client_write_key, server_write_key */
    lt_hs *hs = conn->hs;
    const lt_suite *s = conn->suite;
    const uint8_t *client_mac = block, *server_mac = block + mac_len;
    const uint8_t *client_key = block + 2 * mac_len, *server_key = client_key + key_len;
    int client = conn->role == LATCH_ROLE_CLIENT;
    int rc = lt_record_keys_set12_cbc(&hs->pending_write, s->cbc, s->mac, client ? client_key : server_key,
                                      client ? client_mac : server_mac, hs->etm, 1);
    if (rc == 0)
        rc = lt_record_keys_set12_cbc(&hs->pending_read, s->cbc, s->mac, client ? server_key : client_key,
                                      client ? server_mac : client_mac, hs->etm, 0);
    return rc;
}

int lt_conn12_key_block(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    const lt_suite *s = conn->suite;
    uint8_t block[2 * (LT_CBC_MAX_MAC_LEN + 32)];
    int cbc = lt_suite_is_cbc(s);
    size_t key_len = cbc ? lt_cbc_key_len(s->cbc) : lt_aead_key_len(s->aead);
    size_t mac_len = cbc ? lt_hash_len(s->mac) : 0;
    size_t iv_len = cbc ? 0 : s->aead == LT_AEAD_CHACHA20_POLY1305 ? LT_AEAD_NONCE_LEN : LT_GCM_SALT_LEN;
    conn->ems = hs->ems;
    memcpy(conn->server_random, hs->server_random, 32);
    int rc = lt_prf12_key_block(s->hash, conn->master12, hs->client_random, hs->server_random,
                                block, 2 * (mac_len + key_len + iv_len));
    if (rc == 0 && LT_TRACING(conn)) {
        if (cbc)
            lt_note_keys(conn, "key block",
                          "%smaster secret + both randoms -> key block with PRF-%s: two %zu-byte HMAC-%s keys "
                          "and two %zu-byte AES-CBC keys (each record carries its own IV)%s",
                          conn->resumed ? "the resumed session's " : "", lt_hash_name(s->hash), mac_len,
                          lt_hash_name(s->mac), key_len, hs->etm ? "; encrypt-then-MAC (RFC 7366)" : "");
        else
            lt_note_keys(conn, "key block",
                          "%smaster secret + both randoms -> key block with PRF-%s: two %zu-byte %s keys and "
                          "two %zu-byte IVs", conn->resumed ? "the resumed session's " : "", lt_hash_name(s->hash),
                          key_len, s->aead == LT_AEAD_CHACHA20_POLY1305 ? "ChaCha20-Poly1305" : "AES-GCM", iv_len);
    }
    if (rc == 0) {
        lt_conn_keylog(conn, "CLIENT_RANDOM", conn->master12, sizeof conn->master12);
        rc = cbc ? lt_conn12_cbc_keys(conn, block, mac_len, key_len) : lt_conn12_aead_keys(conn, block, key_len, iv_len);
    }
    lt_wipe(block, sizeof block);
    return rc;
}

/* verify_data over th, the transcript hash before the Finished (the current one when NULL). */
static int lt_conn12_finished_data(latch_conn *conn, int from_client, const uint8_t *th, uint8_t *verify_data)
{
    uint8_t transcript_hash[LT_MAX_HASH];
    int rc = 0;
    if (th == NULL) {
        rc = lt_transcript_current(&conn->hs->transcript, transcript_hash);
        th = transcript_hash;
    }
    if (rc == 0)
        rc = lt_prf12_finished(conn->suite->hash, conn->master12, from_client, th, verify_data);
    return rc;
}

int lt_conn12_send_ccs_finished(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    uint8_t msg[4 + LT_VERIFY_DATA_LEN_12], verify_data[LT_VERIFY_DATA_LEN_12];
    LT_TRY(lt_conn_flush_flight(conn));
    LT_TRY(lt_conn_send_ccs(conn));
    /* from here our records use the new keys */
    lt_record_keys_clear(&conn->write_keys);
    conn->write_keys = hs->pending_write;
    memset(&hs->pending_write, 0, sizeof hs->pending_write);
    LT_TRY(lt_conn12_finished_data(conn, conn->role == LATCH_ROLE_CLIENT, NULL, verify_data));
    lt_finished fin = { lt_span_make(verify_data, sizeof verify_data) };
    lt_writer w = lt_writer_init(msg, sizeof msg);
    lt_finished_write(&w, &fin);
    if (w.err)
        return w.err;
    LT_TRY(lt_conn_queue_handshake(conn, msg, w.len, 1));
    return lt_conn_flush_flight(conn);
}

void lt_conn12_ccs_in(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    lt_record_keys_clear(&conn->read_keys);
    conn->read_keys = hs->pending_read;
    memset(&hs->pending_read, 0, sizeof hs->pending_read);
}

int lt_conn12_finished_read(latch_conn *conn, const lt_finished *fin, const uint8_t *th)
{
    uint8_t expected[LT_VERIFY_DATA_LEN_12];
    if (lt_conn12_finished_data(conn, conn->role != LATCH_ROLE_CLIENT, th, expected) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "cannot compute Finished");
    int rc = lt_finished_check(conn, expected, fin->verify_data.p, sizeof expected);
    lt_wipe(expected, sizeof expected);
    return rc;
}

void lt_conn12_session_state(const latch_conn *conn, uint32_t lifetime, lt_session_state *st)
{
    memset(st, 0, sizeof *st);
    st->version = LATCH_TLS12;
    st->suite = conn->suite->id;
    st->created = lt_config_now(conn->config);
    st->lifetime = lifetime;
    st->ems = (uint8_t)conn->ems;
    memcpy(st->secret, conn->master12, sizeof conn->master12);
    st->secret_len = sizeof conn->master12;
    memcpy(st->server_name, conn->server_name, sizeof st->server_name - 1);
    /* a server remembers who the client proved to be */
    if (conn->role == LATCH_ROLE_SERVER && (conn->peer_certs.count > 0 || conn->resumed))
        memcpy(st->client_subject, conn->peer_subject, sizeof st->client_subject - 1);
}

int lt_conn12_certverify_write(latch_conn *conn, const lt_identity *id, uint16_t scheme)
{
    const uint8_t *msgs;
    size_t msgs_len;
    /* RFC 5246 §7.4.8: the signature covers the handshake messages themselves */
    lt_transcript_messages(&conn->hs->transcript, &msgs, &msgs_len);
    return lt_certverify_emit(conn, id, scheme, msgs, msgs_len);
}

int lt_conn12_certverify_read(latch_conn *conn, const lt_certificate_verify *cv, size_t len)
{
    lt_hs *hs = conn->hs;
    uint16_t scheme = cv->scheme;
    const lt_sigscheme *s = lt_sigscheme_find(scheme);
    if (s == NULL || !lt_neg_our_sigscheme(LATCH_TLS12, scheme) ||
        !lt_sigscheme12_fits_key(s, lt_pubkey_type(hs->peer_key)))
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the peer signed with scheme 0x%04x, which we did not offer for its key", scheme);
    const uint8_t *msgs;
    size_t msgs_len;
    lt_transcript_messages(&hs->transcript, &msgs, &msgs_len);
    if (msgs_len < len)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_INTERNAL, "the transcript was not kept");
    if (lt_pubkey_verify(hs->peer_key, s->alg, msgs, msgs_len - len, cv->signature.p, cv->signature.len) < 0)
        return lt_conn_fail(conn, LT_ALERT_DECRYPT_ERROR, LT_ERR_VERIFY,
                            "the peer's CertificateVerify signature (%s) does not verify", s->name);
    return 0;
}

int lt_server12_on_ccs(latch_conn *conn, const lt_msg *m)
{
    (void)m;
    lt_conn12_ccs_in(conn);
    return lt_next_s12(LT_S12_WAIT_FINISHED);
}

int lt_client12_on_ccs(latch_conn *conn, const lt_msg *m)
{
    (void)m;
    lt_conn12_ccs_in(conn);
    return lt_next_c12(LT_C12_WAIT_FINISHED);
}

/* RFC 5746 §4.2 / §4.4: latch never renegotiates. A HelloRequest gets the no_renegotiation
 * warning and is otherwise ignored; a client's new ClientHello the same, so the client gives up
 * on renegotiating and the connection goes on as it was. */
int lt_post12_on_renegotiation(latch_conn *conn, const lt_msg *m)
{
    (void)m;
    LT_TRY(lt_conn_warning_in(conn, "renegotiation requests"));
    LT_TRY(lt_conn_send_warning(conn, LT_ALERT_NO_RENEGOTIATION));
    return LT_STAY;
}
