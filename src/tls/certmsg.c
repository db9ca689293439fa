/* Certificate, CertificateVerify and Finished (RFC 8446 §4.4.2-§4.4.4), for both roles.
 * The peer's chain is verified with latch's own path validation against the configured roots
 * and the server name, the leaf key must make the CertificateVerify signature with a scheme we
 * offered, and Finished is compared in constant time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/ct.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/proto.h"
#include "tls/note.h"
#include "x509/dn.h"
#include "x509/name.h"
#include "x509/ocsp.h"
#include "x509/path.h"
#include "x509/revocation.h"
#include "x509/roots.h"
#include "x509/time.h"


static int lt_certmsg_alert_for(lt_verify_error error);

/* Whether this server staples an OCSP response for identity: the client asked (RFC 6066 §8)
 * and there is one. */
int lt_certmsg_staples(const latch_conn *conn, const lt_identity *identity)
{
    return conn->role == LATCH_ROLE_SERVER && conn->hs->status_request && identity != NULL &&
           identity->staple != NULL;
}

/* The TLS 1.2 CertificateStatus (RFC 6066 §8) with identity's current response. */
int lt_certstatus_write(latch_conn *conn, const lt_identity *identity)
{
    lt_certificate_status cs;
    uint8_t *der = NULL;
    size_t der_len = 0;
    LT_TRY(lt_staple_take(identity->staple, &der, &der_len));
    cs.response = lt_span_make(der, der_len);
    int rc = lt_conn_scratch(conn, der_len + 8);
    if (rc == 0) {
        lt_writer w = lt_writer_init(conn->hs->scratch, conn->hs->scratch_cap);
        lt_certificate_status_write(&w, &cs);
        rc = w.err ? w.err : lt_conn_queue_handshake(conn, conn->hs->scratch, w.len, 1);
    }
    lt_free(der);
    return rc;
}

/* The leaf entry's extensions in TLS 1.3 (§4.4.2.1): status_request holding a CertificateStatus
 * body, in a fresh buffer (*out, freed by the caller). */
static int lt_certmsg_leaf_status_ext(const lt_identity *identity, uint8_t **out, size_t *len)
{
    lt_certificate_status cs;
    uint8_t *der = NULL;
    size_t der_len = 0;
    LT_TRY(lt_staple_take(identity->staple, &der, &der_len));
    size_t cap = der_len + 8;
    uint8_t *buf = lt_malloc(cap);
    if (buf == NULL) {
        lt_free(der);
        return LT_ERR_NOMEM;
    }
    cs.response = lt_span_make(der, der_len);
    lt_writer w = lt_writer_init(buf, cap);
    lt_writer_block data;
    lt_writer_u16(&w, LT_EXT_STATUS_REQUEST);
    lt_writer_open16(&w, &data); /* (LT_STAPLE_MAX keeps it within 16 bits) */
    lt_certificate_status_body_write(&w, &cs);
    lt_writer_close(&w, &data);
    lt_free(der);
    if (w.err) {
        lt_free(buf);
        return w.err;
    }
    *out = buf;
    *len = w.len;
    return 0;
}

int lt_certmsg_write(latch_conn *conn, const lt_identity *identity, const uint8_t *context,
                     size_t context_len)
{
    size_t need = 16 + context_len;
    lt_certificate ct;
    uint8_t *leaf_exts = NULL;
    int rc;
    memset(&ct, 0, sizeof ct);
    ct.tls13 = conn->version != LATCH_TLS12; /* TLS 1.2: no context, no extensions */
    ct.context = lt_span_make(context, ct.tls13 ? context_len : 0);
    /* (a config takes no longer chain: lt_config_take_identity) */
    if (identity != NULL && identity->chain.count > LT_CERTIFICATE_MAX_ENTRIES)
        return LT_ERR_LIMIT;
    for (size_t i = 0; identity != NULL && i < identity->chain.count; i++) {
        ct.entries[ct.n++].der = lt_span_make(identity->chain.items[i].der, identity->chain.items[i].len);
        need += 8 + identity->chain.items[i].len;
    }
    /* TLS 1.3 staples in the leaf's entry (RFC 8446 §4.4.2.1) */
    if (ct.tls13 && ct.n > 0 && lt_certmsg_staples(conn, identity)) {
        size_t exts_len = 0;
        LT_TRY(lt_certmsg_leaf_status_ext(identity, &leaf_exts, &exts_len));
        ct.entries[0].extensions = lt_span_make(leaf_exts, exts_len);
        need += exts_len;
    }
    rc = lt_conn_scratch(conn, need);
    if (rc < 0)
        goto out;
    lt_writer w = lt_writer_init(conn->hs->scratch, conn->hs->scratch_cap);
    lt_certificate_write(&w, &ct);
    rc = w.err ? w.err : lt_conn_queue_handshake(conn, conn->hs->scratch, w.len, 1);
out:
    lt_free(leaf_exts);
    return rc;
}

int lt_certmsg_check_staple(latch_conn *conn, const lt_span *response)
{
    const latch_config *cfg = conn->config;
    const lt_cert *leaf = conn->hs->staple_leaf, *issuer = conn->hs->staple_issuer;
    lt_ocsp_result result;
    char name[128], text[600];

    if (conn->role != LATCH_ROLE_CLIENT || !cfg->verify || cfg->ocsp_mode == LATCH_OCSP_OFF || leaf == NULL)
        return 0;
    int required = cfg->ocsp_mode == LATCH_OCSP_REQUIRE || leaf->must_staple;
    lt_cert_display_name(leaf, name, sizeof name);
    if (issuer == NULL) /* the server's certificate is itself a trust anchor: nothing to ask about */
        return 0;
    if (response == NULL) {
        /* (most servers staple nothing: only a requirement makes it worth a line) */
        if (!required)
            return 0;
        if (LT_TRACING(conn))
            lt_note_verify(conn, "OCSP response", 0, "the server stapled none, and one is required", NULL);
        return lt_conn_fail(conn, LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, LT_ERR_VERIFY,
                            "server certificate rejected: the server stapled no OCSP response for '%s', which %s "
                            "[revocation-unknown]",
                            name, leaf->must_staple ? "demands one (must-staple, RFC 7633)" : "the configuration requires");
    }
    int rc = lt_ocsp_verify(response->p, response->len, leaf, issuer, lt_config_now(cfg), &result);
    lt_ocsp_describe(&result, text, sizeof text);
    if (LT_TRACING(conn)) {
        char produced[40] = "", next[40] = "";
        if (result.produced_at != 0) /* (0: it did not parse) */
            lt_time_format(result.produced_at, produced, sizeof produced);
        if (result.next_update != 0)
            lt_time_format(result.next_update, next, sizeof next);
        if (rc < 0 && result.error == LT_VERIFY_REVOCATION_UNKNOWN && !required) {
            size_t n = strlen(text);
            snprintf(text + n, sizeof text - n, " (ignored)");
        }
        lt_note_verify(conn, "OCSP response", rc == 0, text, "status",
                       rc == 0 || result.error == LT_VERIFY_REVOKED ? lt_ocsp_status_name(result.status) : "unusable",
                       "produced", produced, "next_update", next, NULL);
    }
    if (rc == 0 || (result.error == LT_VERIFY_REVOCATION_UNKNOWN && !required)) {
        conn->ocsp_status = rc == 0 ? LATCH_OCSP_GOOD : LATCH_OCSP_IGNORED;
        return 0;
    }
    return lt_conn_fail(conn, lt_certmsg_alert_for(result.error), LT_ERR_VERIFY, "server certificate rejected: %s [%s]",
                        result.reason, lt_path_error_name(result.error));
}

static int lt_certmsg_alert_for(lt_verify_error error)
{
    switch (error) {
    case LT_VERIFY_EXPIRED:
    case LT_VERIFY_NOT_YET_VALID:
        return LT_ALERT_CERTIFICATE_EXPIRED;
    case LT_VERIFY_UNKNOWN_ISSUER:
        return LT_ALERT_UNKNOWN_CA;
    case LT_VERIFY_WEAK_KEY:
    case LT_VERIFY_BAD_ALGORITHM:
    case LT_VERIFY_UNKNOWN_CRITICAL_EXTENSION:
        return LT_ALERT_UNSUPPORTED_CERTIFICATE;
    case LT_VERIFY_REVOKED:
        return LT_ALERT_CERTIFICATE_REVOKED;
    case LT_VERIFY_REVOCATION_UNKNOWN:
        return LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE;
    default:
        return LT_ALERT_BAD_CERTIFICATE;
    }
}

/* Verifies the received chain (leaf first) for the server name. */
static int lt_certmsg_verify_chain(latch_conn *conn)
{
    /* a client checks the server against its roots; a server its clients against the client roots */
    const lt_roots *anchors = conn->role == LATCH_ROLE_CLIENT ? conn->config->roots : conn->config->client_roots;
    lt_path_params params;
    lt_revocation_sources revocation;
    lt_path_result *result = NULL;
    lt_name_ref ref;
    int rc;

    memset(&params, 0, sizeof params);
    if (conn->role == LATCH_ROLE_CLIENT && conn->server_name[0] != '\0') {
        if (lt_name_ref_host(conn->server_name, &ref) < 0)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_INVALID_ARG,
                                "'%s' is not a host name or IP address", conn->server_name);
        params.name = &ref;
    }
    params.time = lt_config_now(conn->config); /* the config's clock: validity and tickets agree */
    params.purpose = conn->role == LATCH_ROLE_CLIENT ? LT_PURPOSE_SERVER : LT_PURPOSE_CLIENT;
    params.max_intermediates = LT_PATH_DEFAULT_MAX_INTERMEDIATES;
    revocation.crls = &conn->config->crls;
    revocation.require = conn->config->require_crl;
    params.revocation = &revocation;
    result = lt_calloc(1, sizeof *result);
    rc = result == NULL ? LT_ERR_NOMEM : lt_path_verify_sets(&conn->peer_certs, &anchors->set, &params, result);
    if (rc == LT_ERR_NOMEM) {
        rc = lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (rc < 0 && LT_TRACING(conn))
        lt_note_verify(conn, "certificate chain", 0, result->reason, "error", lt_path_error_name(result->error),
                       NULL);
    if (rc < 0) {
        rc = lt_conn_fail(conn, lt_certmsg_alert_for(result->error), LT_ERR_VERIFY,
                          "%s certificate rejected: %s [%s]",
                          conn->role == LATCH_ROLE_CLIENT ? "server" : "client", result->reason,
                          lt_path_error_name(result->error));
        goto out;
    }
    /* for the OCSP response, which is checked against the issuer the path went through */
    conn->hs->staple_leaf = result->path[0];
    conn->hs->staple_issuer = result->len >= 2 ? result->path[1] : NULL;
    lt_cert_display_name(result->path[0], conn->peer_subject, sizeof conn->peer_subject);
    lt_cert_display_name(result->path[result->len - 1], conn->peer_root, sizeof conn->peer_root);
    if (LT_TRACING(conn)) {
        char summary[700], from[40], to[40], sans[300];
        const lt_cert *leaf = result->path[0];
        lt_time_format(leaf->not_before, from, sizeof from);
        lt_time_format(leaf->not_after, to, sizeof to);
        lt_name_list_sans(leaf, sans, sizeof sans);
        int n = snprintf(summary, sizeof summary, "signature chain of %zu to trusted root '%s'; valid %.10s "
                         "to %.10s", result->len, conn->peer_root, from, to);
        if (params.name != NULL && n > 0 && (size_t)n < sizeof summary)
            snprintf(summary + n, sizeof summary - (size_t)n, "; '%s' matches subjectAltName %s",
                     conn->server_name, sans);
        else if (n > 0 && (size_t)n < sizeof summary)
            snprintf(summary + n, sizeof summary - (size_t)n, "; usable for client authentication");
        lt_note_verify(conn, "certificate chain", 1, summary, "root", conn->peer_root, "subject",
                        conn->peer_subject, "not_before", from, "not_after", to, "san", sans, NULL);
    }
out:
    lt_free(result);
    return rc;
}

/* The application's own check (latch_config_set_verify_callback), after latch's: it may refuse
 * a chain latch accepted (pinning, policy), never accept one latch refused. A refusal is
 * certificate_unknown (RFC 8446 §6.2, RFC 5246 §7.2.2: "some other (unspecified) issue ...
 * rendering it unacceptable"): the certificate is not corrupt nor badly signed (bad_certificate),
 * it is not the one the application wants. */
static int lt_certmsg_application_check(latch_conn *conn)
{
    const latch_config *cfg = conn->config;
    char why[200] = "";
    if (cfg->verify_cb == NULL)
        return 0;
    if (cfg->verify_cb(cfg->verify_cb_arg, conn, why, sizeof why) == 0)
        return 0;
    why[sizeof why - 1] = '\0';
    return lt_conn_fail(conn, LT_ALERT_CERTIFICATE_UNKNOWN, LT_ERR_VERIFY, "%s certificate refused by the application: %s",
                        conn->role == LATCH_ROLE_CLIENT ? "server" : "client", why[0] ? why : "(no reason given)");
}

/* The leaf's keyUsage, when it has one, must allow what its key does in this handshake (RFC 5280
 * §4.2.1.3; RFC 8446 §4.4.2.2, RFC 5246 §7.4.2): sign (CertificateVerify, ServerKeyExchange), or,
 * for the TLS 1.2 RSA key exchange, encipher the pre-master secret. This is about the protocol,
 * not about trust, so it holds with verification off too. */
static int lt_certmsg_key_usage_check(latch_conn *conn, const lt_cert *leaf)
{
    int encipher = conn->role == LATCH_ROLE_CLIENT && conn->version == LATCH_TLS12 && conn->suite != NULL &&
                   conn->suite->kx == LT_KX_RSA;
    unsigned need = encipher ? LT_KU_KEY_ENCIPHERMENT : LT_KU_DIGITAL_SIGNATURE;
    if (!leaf->has_key_usage || (leaf->key_usage & need) != 0)
        return 0;
    char name[128];
    lt_cert_display_name(leaf, name, sizeof name);
    return lt_conn_fail(conn, LT_ALERT_BAD_CERTIFICATE, LT_ERR_VERIFY,
                        "certificate '%s' may not be used %s: its keyUsage lacks %s [key-usage]", name,
                        encipher ? "for the RSA key exchange" : "to sign the handshake",
                        encipher ? "keyEncipherment" : "digitalSignature");
}

int lt_certmsg_read(latch_conn *conn, const lt_certificate *ct)
{
    lt_hs *hs = conn->hs;
    int tls13 = ct->tls13; /* TLS 1.2: no context, no extensions */
    /* the server's certificate_request_context is empty (§4.4.2), and so is ours, which a
     * client echoes */
    if (ct->context.len != 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the peer's Certificate has a non-empty request context");
    lt_certificate_status staple;
    int stapled = 0;
    lt_certset_clear(&conn->peer_certs);
    conn->peer_certs.limit = LT_CERTIFICATE_MAX_ENTRIES; /* (the codec refuses more) */
    hs->staple_leaf = hs->staple_issuer = NULL;
    for (size_t i = 0; i < ct->n; i++) {
        const char *problem = NULL;
        /* §4.4.2, §4.2: an entry's extensions answer ones we sent (status_request, SCT), and
         * latch asks for none: any is unsolicited (the codec has checked their syntax) */
        lt_ext_list entry_exts;
        entry_exts.n = 0;
        if (tls13 && ct->entries[i].extensions.len > 0 && lt_ext_parse(ct->entries[i].extensions, &entry_exts) < 0)
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                "malformed extensions in the peer's certificate entry %zu", i + 1);
        if (entry_exts.n > 0) {
            char what[64];
            snprintf(what, sizeof what, "the peer's certificate entry %zu", i + 1);
            LT_TRY(lt_conn_check_exts(conn, &entry_exts, LT_EXT_IN_CT, what));
            /* the leaf's status_request holds its CertificateStatus (§4.4.2.1); one with
             * another entry is about a certificate latch does not ask about, and ignored */
            const lt_ext *status = lt_ext_find(&entry_exts, LT_EXT_STATUS_REQUEST);
            if (i == 0 && status != NULL) {
                if (lt_certificate_status_body_parse(status->data, &staple) < 0)
                    return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                        "malformed status_request in the server's certificate entry "
                                        "(RFC 8446 §4.4.2.1)");
                stapled = 1;
            }
        }
        int rc = lt_certset_add_der(&conn->peer_certs, ct->entries[i].der.p, ct->entries[i].der.len, &problem);
        if (rc == LT_ERR_NOMEM) /* (a longer list never gets here: the codec refuses it) */
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
        if (rc < 0)
            return lt_conn_fail(conn, LT_ALERT_BAD_CERTIFICATE, LT_ERR_DECODE,
                                "certificate %zu from the peer does not parse: %s", i + 1,
                                problem ? problem : "malformed");
    }
    /* a client may have no certificate: fine when the server only requested one */
    if (conn->peer_certs.count == 0 && conn->role == LATCH_ROLE_SERVER &&
        conn->config->client_auth == LATCH_CLIENT_AUTH_REQUEST)
        return 0;
    if (conn->peer_certs.count == 0)
        /* TLS 1.2 has no certificate_required (RFC 5246 §7.4.6: handshake_failure) */
        return lt_conn_fail(conn, conn->role == LATCH_ROLE_CLIENT ? LT_ALERT_DECODE_ERROR
                                  : tls13 ? LT_ALERT_CERTIFICATE_REQUIRED : LT_ALERT_HANDSHAKE_FAILURE,
                            LT_ERR_PROTOCOL, "the peer sent no certificate");
    /* a server without client roots leaves the check to the application's callback (freeze
     * made sure there is one), as a client with verification off does */
    if (conn->role == LATCH_ROLE_SERVER ? conn->config->client_roots != NULL : conn->config->verify)
        LT_TRY(lt_certmsg_verify_chain(conn));
    /* TLS 1.3 has the response now, or none; TLS 1.2's may follow in a CertificateStatus */
    if (tls13)
        LT_TRY(lt_certmsg_check_staple(conn, stapled ? &staple.response : NULL));
    LT_TRY(lt_certmsg_application_check(conn));
    const lt_cert *leaf = &conn->peer_certs.items[0].cert;
    LT_TRY(lt_certmsg_key_usage_check(conn, leaf));
    int rc = lt_pubkey_from_spki(leaf->spki.p, leaf->spki.len, &hs->peer_key);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_UNSUPPORTED_CERTIFICATE, LT_ERR_UNSUPPORTED,
                            "the peer's certificate has a key latch cannot use");
    return 0;
}

/* The content covered by a CertificateVerify signature (§4.4.3): 64 spaces, the context
 * string, a zero byte, the transcript hash (th, or the current one when NULL). */
static size_t lt_certverify_content(const latch_conn *conn, int from_server, const uint8_t *th, uint8_t *out)
{
    static const char server_ctx[] = "TLS 1.3, server CertificateVerify";
    static const char client_ctx[] = "TLS 1.3, client CertificateVerify";
    const char *context = from_server ? server_ctx : client_ctx;
    size_t n = 0;
    memset(out, 0x20, 64);
    n += 64;
    memcpy(out + n, context, sizeof server_ctx); /* includes the terminating zero byte */
    n += sizeof server_ctx;
    if (th != NULL)
        memcpy(out + n, th, lt_hash_len(conn->suite->hash));
    else if (lt_transcript_current(&conn->hs->transcript, out + n) < 0)
        return 0;
    return n + lt_hash_len(conn->suite->hash);
}

int lt_certverify_write(latch_conn *conn, const lt_identity *identity, uint16_t scheme)
{
    uint8_t content[64 + 34 + LT_MAX_HASH];
    size_t content_len = lt_certverify_content(conn, conn->role == LATCH_ROLE_SERVER, NULL, content);
    if (content_len == 0)
        return LT_ERR_INTERNAL;
    return lt_certverify_emit(conn, identity, scheme, content, content_len);
}

int lt_certverify_emit(latch_conn *conn, const lt_identity *identity, uint16_t scheme,
                       const uint8_t *content, size_t content_len)
{
    const lt_sigscheme *s = lt_sigscheme_find(scheme);
    size_t sig_cap = lt_privkey_sig_max(identity->key), sig_len = sig_cap;
    if (s == NULL)
        return LT_ERR_INTERNAL;
    /* the message (at most the signature and 8 bytes) in the scratch's first part, the
     * signature it carries after it */
    size_t msg_cap = sig_cap + 16;
    LT_TRY(lt_conn_scratch(conn, msg_cap + sig_cap));
    uint8_t *sig = conn->hs->scratch + msg_cap;
    LT_TRY(lt_privkey_sign(identity->key, s->alg, content, content_len, sig, &sig_len));
    lt_certificate_verify cv = { scheme, lt_span_make(sig, sig_len) };
    lt_writer w = lt_writer_init(conn->hs->scratch, msg_cap);
    lt_certificate_verify_write(&w, &cv);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, conn->hs->scratch, w.len, 1);
}

int lt_certverify_read(latch_conn *conn, const lt_certificate_verify *cv, const uint8_t *th)
{
    lt_hs *hs = conn->hs;
    uint8_t content[64 + 34 + LT_MAX_HASH];
    uint16_t scheme = cv->scheme;
    const lt_sigscheme *s = lt_sigscheme_find(scheme);
    if (s == NULL || !lt_neg_our_sigscheme(LATCH_TLS13, scheme) || !s->tls13)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the peer signed with scheme 0x%04x, which we did not offer", scheme);
    /* TLS 1.3 binds ECDSA schemes to a curve and rsae/pss schemes to a key type (§4.2.3) */
    if (lt_pubkey_type(hs->peer_key) != s->key)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the peer signed with %s, which does not match its %s key", s->name,
                            lt_key_type_name(lt_pubkey_type(hs->peer_key)));
    size_t content_len = lt_certverify_content(conn, conn->role == LATCH_ROLE_CLIENT, th, content);
    if (content_len == 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_INTERNAL, "transcript unavailable");
    int good = lt_pubkey_verify(hs->peer_key, s->alg, content, content_len, cv->signature.p,
                                cv->signature.len) == 0;
    if (LT_TRACING(conn))
        lt_note_verify(conn, "CertificateVerify", good, good ? "the signature over the transcript checks out "
                        "with the certificate's key: the peer holds its private key"
                        : "the signature does not verify", "scheme", s->name, NULL);
    if (!good)
        return lt_conn_fail(conn, LT_ALERT_DECRYPT_ERROR, LT_ERR_VERIFY,
                            "the peer's CertificateVerify signature (%s) does not verify", s->name);
    if (conn->role == LATCH_ROLE_CLIENT) /* conn->sigscheme is the server's */
        conn->sigscheme = scheme;
    return 0;
}

int lt_conn13_finished_write(latch_conn *conn, const uint8_t *base_secret)
{
    uint8_t msg[4 + LT_MAX_HASH], verify_data[LT_MAX_HASH], transcript_hash[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(conn->suite->hash);
    int rc = lt_transcript_current(&conn->hs->transcript, transcript_hash);
    if (rc == 0)
        rc = lt_keysched13_finished(conn->suite->hash, base_secret, transcript_hash, verify_data);
    if (rc < 0)
        return rc;
    lt_finished fin = { lt_span_make(verify_data, hash_len) };
    lt_writer w = lt_writer_init(msg, sizeof msg);
    lt_finished_write(&w, &fin);
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, msg, w.len, 1);
}

int lt_conn13_finished_read(latch_conn *conn, const uint8_t *base_secret, const lt_finished *fin, const uint8_t *th)
{
    uint8_t expected[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(conn->suite->hash); /* (the verify_data's length: its codec saw to it) */
    int rc = lt_keysched13_finished(conn->suite->hash, base_secret, th, expected);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "cannot compute Finished");
    int rc2 = lt_finished_check(conn, expected, fin->verify_data.p, hash_len);
    lt_wipe(expected, sizeof expected);
    return rc2;
}

int lt_finished_check(latch_conn *conn, const uint8_t *expected, const uint8_t *verify_data, size_t n)
{
    /* in constant time: the verify_data is a MAC */
    int match = lt_ct_eq(expected, verify_data, n);
#ifdef LT_FUZZING
    match = 1; /* every Finished matches (docs/fuzzing.md) */
#endif
    if (LT_TRACING(conn))
        lt_note_verify(conn, "Finished", match,
                        match ? (conn->role == LATCH_ROLE_CLIENT ? "the server's Finished matches: the server "
                                 "proved it holds the same keys" : "the client's Finished matches: the client "
                                 "proved it holds the same keys")
                              : "the peer's Finished does not match: it does not hold the same keys", NULL);
    if (!match)
        return lt_conn_fail(conn, LT_ALERT_DECRYPT_ERROR, LT_ERR_VERIFY,
                            "the peer's Finished does not match: it does not hold the same keys");
    return 0;
}

/* The subjects of the client roots as DistinguishedName entries (RFC 8446 §4.2.4, RFC 5246
 * §7.4.4), inside the caller's open vector; left out when they would not fit a message. */
static void lt_write_ca_names(lt_writer *w, const latch_config *cfg)
{
    const lt_certset *roots = cfg->client_roots != NULL ? &cfg->client_roots->set : NULL;
    size_t total = 0;
    lt_writer_block dn;
    for (size_t i = 0; roots != NULL && i < roots->count; i++)
        total += 2 + roots->items[i].cert.subject.len;
    if (roots == NULL || total > 16384)
        return;
    for (size_t i = 0; i < roots->count; i++) {
        lt_writer_open16(w, &dn);
        lt_writer_bytes(w, roots->items[i].cert.subject.p, roots->items[i].cert.subject.len);
        lt_writer_close(w, &dn);
    }
}

/* The bytes of a CertificateRequest: the message, and the CA names written before it (under
 * 16 KiB: lt_write_ca_names). */
#define LT_CERTREQUEST_CAP 20000

int lt_certrequest_write(latch_conn *conn)
{
    uint8_t schemes[128];
    lt_writer list = lt_writer_init(schemes, sizeof schemes);
    int tls12 = conn->version == LATCH_TLS12;
    for (size_t i = 0; i < (tls12 ? lt_sigschemes12_count : lt_sigschemes13_count); i++)
        lt_writer_u16(&list, tls12 ? lt_sigschemes12[i] : lt_sigschemes13[i]);
    /* the names in the scratch's second part, the message written from them in its first; in
     * TLS 1.3 as certificate_authorities' contents (their length first) */
    LT_TRY(lt_conn_scratch(conn, 2 * LT_CERTREQUEST_CAP));
    uint8_t *names_at = conn->hs->scratch + LT_CERTREQUEST_CAP;
    lt_writer names = lt_writer_init(names_at, LT_CERTREQUEST_CAP);
    lt_writer_block names_block;
    if (!tls12)
        lt_writer_open16(&names, &names_block);
    lt_write_ca_names(&names, conn->config);
    if (!tls12)
        lt_writer_close(&names, &names_block);
    if (list.err || names.err)
        return list.err ? list.err : names.err;
    lt_writer w = lt_writer_init(conn->hs->scratch, LT_CERTREQUEST_CAP);
    if (tls12) {
        /* certificate_types: rsa_sign, ecdsa_sign (which covers EdDSA, RFC 8422 §5.5) */
        static const uint8_t types[2] = { 1, 64 };
        lt_certificate_request12 cr = { lt_span_make(types, sizeof types), lt_span_make(schemes, list.len),
                                        lt_span_make(names_at, names.len) };
        lt_certificate_request12_write(&w, &cr);
    } else {
        /* signature_algorithms' contents: the list with its length first */
        uint8_t sigalgs[2 + sizeof schemes];
        lt_writer d = lt_writer_init(sigalgs, sizeof sigalgs);
        lt_writer_block block;
        lt_certificate_request13 cr;
        cr.context = lt_span_make(NULL, 0); /* empty during the handshake */
        cr.exts.n = 0;
        lt_writer_open16(&d, &block);
        lt_writer_bytes(&d, schemes, list.len);
        lt_writer_close(&d, &block);
        lt_ext_list_add(&cr.exts, &d, 0, LT_EXT_SIGNATURE_ALGORITHMS);
        if (names.len > 2) /* the extension may not be empty: left out */
            lt_ext_list_add(&cr.exts, &names, 0, LT_EXT_CERTIFICATE_AUTHORITIES);
        if (d.err)
            return d.err;
        lt_certificate_request13_write(&w, &cr);
    }
    if (w.err)
        return w.err;
    return lt_conn_queue_handshake(conn, conn->hs->scratch, w.len, 1);
}

/* What a client's identity must fit: the server's schemes (hs->peer_sigschemes) and, in TLS 1.2,
 * its certificate types. */
typedef struct {
    const lt_hs *hs;
    int tls12;
    const uint8_t *cert_types;
    size_t n_types;
} lt_client_fit_ctx;

static int lt_client_identity_fits(const lt_identity *id, const void *arg, uint16_t *scheme)
{
    const lt_client_fit_ctx *c = arg;
    if (c->tls12) {
        /* the certificate type must be one the server takes */
        uint8_t type = id->key_type == LT_KEY_RSA || id->key_type == LT_KEY_RSA_PSS ? 1 : 64;
        if (memchr(c->cert_types, type, c->n_types) == NULL)
            return 0;
    }
    size_t sig_bytes = lt_privkey_sig_max(id->key);
    *scheme = c->tls12 ? lt_sigscheme12_for_key(id->key_type, sig_bytes, c->hs->peer_sigschemes, c->hs->n_peer_sigschemes)
                       : lt_sigscheme_for_key(id->key_type, sig_bytes, c->hs->peer_sigschemes, c->hs->n_peer_sigschemes);
    return *scheme != 0;
}

const lt_identity *lt_client_identity(latch_conn *conn, int tls12, const uint8_t *cert_types,
                                      size_t n_types, uint16_t *scheme)
{
    lt_client_fit_ctx ctx = { conn->hs, tls12, cert_types, n_types };
    return lt_neg_identity(conn->config, NULL, -1, lt_client_identity_fits, &ctx, scheme);
}
