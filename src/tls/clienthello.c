/* ClientHello parsing and version choice (see clienthello.h). */
#include "tls/clienthello.h"

#include <string.h>

#include "base/err.h"
#include "tls/negotiate.h"
#include "tls/proto.h"

/* OfferedPsks (§4.2.11): identities<7..2^16-1> of (identity<1..2^16-1>, obfuscated age), then
 * binders<33..2^16-1> of PskBinderEntry<32..255>, one per identity. latch does not resume yet
 * (the extension is then ignored and the handshake is a full one), but a malformed one is an
 * error all the same. */
/* 0; -1 when it does not parse; -2 when its identities and binders are not as many */
static int lt_ch_check_psk_syntax(lt_span data)
{
    lt_reader r = lt_reader_from_span(data);
    lt_reader identities = lt_reader_vec16(&r, 7, 0xffff);
    lt_reader binders = lt_reader_vec16(&r, 33, 0xffff);
    size_t n_identities = 0, n_binders = 0;
    if (!lt_reader_done(&r))
        return -1;
    while (lt_reader_ok(&identities) && !lt_reader_empty(&identities)) {
        lt_reader_vec16(&identities, 1, 0xffff);
        lt_reader_u32(&identities);
        n_identities++;
    }
    while (lt_reader_ok(&binders) && !lt_reader_empty(&binders)) {
        lt_reader_vec8(&binders, 32, 255);
        n_binders++;
    }
    if (!lt_reader_done(&identities) || !lt_reader_done(&binders))
        return -1;
    return n_identities == n_binders ? 0 : -2;
}

static int lt_ch_scheme_known(uint16_t v)
{
    return lt_sigscheme_find(v) != NULL;
}

/* A list of 16-bit values, read whole: the ones latch knows (keep) are stored once each, in the
 * client's order, so a long list cannot push a usable value out; the rest are passed over. */
static int lt_ch_u16_list(lt_span data, size_t len_width, int (*keep)(uint16_t), uint16_t *out, size_t cap,
                          size_t *n)
{
    lt_reader r = lt_reader_from_span(data);
    lt_reader list = len_width == 1 ? lt_reader_vec8(&r, 2, 254) : lt_reader_vec16(&r, 2, 0xfffe);
    size_t count = 0;
    if (!lt_reader_done(&r) || list.len % 2 != 0)
        return LT_ERR_DECODE;
    while (!lt_reader_empty(&list)) {
        uint16_t v = lt_reader_u16(&list);
        if (keep(v))
            lt_u16_list_add(out, &count, cap, v);
    }
    *n = count;
    return 0;
}

int lt_client_hello_parse(latch_conn *conn, const lt_client_hello_msg *m, int second, lt_client_hello *ch)
{
    memset(ch, 0, sizeof *ch);
    const latch_config *cfg = conn->config;
    /* (its syntax, GREASE and unknown extensions passed over, is the codec's: lt_client_hello_msg) */
    ch->legacy_version = m->legacy_version;
    ch->random = m->random;
    ch->session_id = m->session_id;
    ch->suites = lt_reader_from_span(m->cipher_suites);
    lt_span compression = m->compression_methods;
    ch->exts = m->exts;
    uint16_t last_ext = m->last_ext_type;

    /* RFC 8446 §D.5: a legacy_version of SSL 3.0 or older is refused, whatever else is offered */
    if (ch->legacy_version <= 0x0300)
        return lt_conn_fail(conn, LT_ALERT_PROTOCOL_VERSION, LT_ERR_PROTOCOL,
                            "the ClientHello's legacy_version is 0x%04x, SSL 3.0 or older (refused: RFC 8446 "
                            "Appendix D.5, RFC 7568)", ch->legacy_version);
    const lt_ext *versions = lt_ext_find(&ch->exts, LT_EXT_SUPPORTED_VERSIONS);
    if (versions != NULL) {
        lt_reader v = lt_reader_from_span(versions->data);
        lt_reader list = lt_reader_vec8(&v, 2, 254);
        if (!lt_reader_done(&v) || list.len % 2 != 0)
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed supported_versions");
        while (!lt_reader_empty(&list)) {
            uint16_t version = lt_reader_u16(&list);
            ch->tls13 |= version == LATCH_TLS13;
            ch->tls12 |= version == LATCH_TLS12;
        }
    } else {
        /* no supported_versions: legacy_version is the highest the client speaks (§4.2.1) */
        ch->tls12 = ch->legacy_version >= LATCH_TLS12;
    }
    for (lt_reader s = ch->suites; lt_reader_ok(&s) && !lt_reader_empty(&s);) {
        uint16_t suite = lt_reader_u16(&s);
        ch->fallback_scsv |= suite == 0x5600;
        ch->reneg_scsv |= suite == LT_SUITE_EMPTY_RENEGOTIATION_INFO_SCSV;
    }
    uint16_t version = 0;
    if (ch->tls13 && cfg->max_version >= LATCH_TLS13)
        version = LATCH_TLS13;
    else if (ch->tls12 && cfg->min_version <= LATCH_TLS12 && !second)
        version = LATCH_TLS12;
    if (version == 0)
        return lt_conn_fail(conn, LT_ALERT_PROTOCOL_VERSION, LT_ERR_PROTOCOL,
                            "the client offers %s; this server speaks %s",
                            ch->tls13 ? "TLS 1.3" : ch->tls12 ? "TLS 1.2"
                                      : "only versions older than TLS 1.2 (refused: RFC 8996)",
                            cfg->min_version == cfg->max_version
                                ? (cfg->max_version == LATCH_TLS13 ? "only TLS 1.3" : "only TLS 1.2")
                                : "TLS 1.2 and TLS 1.3");
    /* RFC 7507: a client retrying with a lower version than it could, while we speak a higher
     * one, is being downgraded */
    if (ch->fallback_scsv && version < cfg->max_version)
        return lt_conn_fail(conn, LT_ALERT_INAPPROPRIATE_FALLBACK, LT_ERR_PROTOCOL,
                            "the client fell back to TLS 1.2 although both sides speak TLS 1.3");
    /* §4.1.2: TLS 1.3 ClientHellos carry exactly the null compression method; TLS 1.2 ones
     * must offer it (RFC 5246 §7.4.1.2), and we choose it */
    int has_null = memchr(compression.p, 0, compression.len) != NULL;
    if (version == LATCH_TLS13 ? compression.len != 1 || compression.p[0] != 0 : !has_null)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the ClientHello offers compression");
    /* §4.2.11: pre_shared_key, if present, is the last extension */
    const lt_ext *psk = lt_ext_find(&ch->exts, LT_EXT_PRE_SHARED_KEY);
    if (psk != NULL && last_ext != LT_EXT_PRE_SHARED_KEY)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "pre_shared_key is not the last extension of the ClientHello");
    int psk_syntax = psk != NULL ? lt_ch_check_psk_syntax(psk->data) : 0;
    if (psk_syntax == -1)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed pre_shared_key");
    /* each identity has its binder: a count that differs is fields inconsistent with each other
     * (illegal_parameter, §6.2), not a bad encoding */
    if (psk_syntax == -2)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the pre_shared_key does not have one binder for each identity");
    /* §4.2.9: a PSK offered without psk_key_exchange_modes MUST abort the handshake */
    if (psk != NULL && version == LATCH_TLS13 && lt_ext_find(&ch->exts, LT_EXT_PSK_KEY_EXCHANGE_MODES) == NULL)
        return lt_conn_fail(conn, LT_ALERT_MISSING_EXTENSION, LT_ERR_PROTOCOL,
                            "the ClientHello offers a pre_shared_key without psk_key_exchange_modes");

    /* status_request (RFC 6066 §8): only the ocsp type (1) is one latch answers; its
     * responder IDs and request extensions are the responder's business, not ours */
    const lt_ext *status = lt_ext_find(&ch->exts, LT_EXT_STATUS_REQUEST);
    conn->hs->status_request = status != NULL && status->data.len > 0 && status->data.p[0] == 1;

    const lt_ext *groups = lt_ext_find(&ch->exts, LT_EXT_SUPPORTED_GROUPS);
    const lt_ext *key_share = lt_ext_find(&ch->exts, LT_EXT_KEY_SHARE);
    const lt_ext *sigalgs = lt_ext_find(&ch->exts, LT_EXT_SIGNATURE_ALGORITHMS);
    if (version == LATCH_TLS12) {
        /* TLS 1.2: groups (RFC 8422 §5.1.1) and signature algorithms (RFC 5246 §7.4.1.4.1)
         * may be absent; without the latter only SHA-1 signatures would do, which latch does
         * not make, so only the RSA key exchange (no signature) can serve such a client */
        ch->groups_sent = groups != NULL;
        ch->sigalgs_sent = sigalgs != NULL;
        if ((groups != NULL && lt_ch_u16_list(groups->data, 2, lt_group_known, ch->groups, 64, &ch->n_groups) < 0) ||
            (sigalgs != NULL && lt_ch_u16_list(sigalgs->data, 2, lt_ch_scheme_known, conn->hs->peer_sigschemes,
                                               64, &conn->hs->n_peer_sigschemes) < 0))
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                "malformed supported_groups or signature_algorithms");
        return LATCH_TLS12;
    }
    if (groups == NULL || key_share == NULL || sigalgs == NULL)
        return lt_conn_fail(conn, LT_ALERT_MISSING_EXTENSION, LT_ERR_PROTOCOL,
                            "the ClientHello lacks %s", groups == NULL ? "supported_groups"
                            : key_share == NULL ? "key_share" : "signature_algorithms");
    ch->groups_sent = ch->sigalgs_sent = 1;
    if (lt_ch_u16_list(groups->data, 2, lt_group_known, ch->groups, 64, &ch->n_groups) < 0 ||
        lt_ch_u16_list(sigalgs->data, 2, lt_ch_scheme_known, conn->hs->peer_sigschemes, 64,
                                   &conn->hs->n_peer_sigschemes) < 0)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                            "malformed supported_groups or signature_algorithms");
    lt_reader ks = lt_reader_from_span(key_share->data);
    lt_reader shares = lt_reader_vec16(&ks, 0, 0xffff);
    if (!lt_reader_done(&ks))
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed key_share");
    while (lt_reader_ok(&shares) && !lt_reader_empty(&shares)) {
        uint16_t group = lt_reader_u16(&shares);
        lt_reader key = lt_reader_vec16(&shares, 1, 0xffff);
        if (!lt_reader_ok(&shares))
            break;
        for (size_t i = 0; i < ch->n_shares; i++)
            if (ch->shares[i].group == group)
                return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                    "the ClientHello has two key shares for group 0x%04x", group);
        /* only groups we know are kept (a long list cannot push ours out) */
        if (ch->n_shares < sizeof ch->shares / sizeof ch->shares[0] && lt_group_known(group)) {
            ch->shares[ch->n_shares].group = group;
            ch->shares[ch->n_shares].key = lt_span_make(key.p, key.len);
            ch->n_shares++;
        }
    }
    if (!lt_reader_done(&shares))
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                            "malformed key_share (an empty key share?)");
    return LATCH_TLS13;
}

/* The application chooses from the client's list (latch_config_set_alpn_callback): a name inside
 * the list, none in common (no_application_protocol), or no ALPN at all. */
static int lt_client_hello_alpn_by_application(latch_conn *conn, const lt_ext *alpn)
{
    const latch_config *cfg = conn->config;
    const uint8_t *list = alpn->data.p + 2, *chosen = NULL;
    size_t list_len = alpn->data.len - 2;
    uint8_t chosen_len = 0;
    int rc = cfg->alpn_cb(cfg->alpn_cb_arg, conn, list, list_len, &chosen, &chosen_len);
    if (rc < 0)
        return 0; /* no ALPN on this connection */
    if (rc > 0)
        return lt_conn_fail(conn, LT_ALERT_NO_APPLICATION_PROTOCOL, LT_ERR_PROTOCOL,
                            "the application takes none of the client's application protocols");
    /* the choice must be one of the client's names, as it stands in the list */
    lt_reader names = lt_reader_init(list, list_len);
    while (lt_reader_ok(&names) && !lt_reader_empty(&names)) {
        lt_reader name = lt_reader_vec8(&names, 1, 255);
        if (name.p == chosen && name.len == chosen_len) {
            memcpy(conn->alpn, name.p, name.len);
            conn->alpn[name.len] = '\0';
            return 0;
        }
    }
    return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_INVALID_ARG,
                        "the application chose an application protocol that is not one of the client's");
}

int lt_client_hello_sni_alpn(latch_conn *conn, const lt_client_hello *ch)
{
    const lt_ext *sni = lt_ext_find(&ch->exts, LT_EXT_SERVER_NAME);
    if (sni != NULL) {
        lt_reader r = lt_reader_from_span(sni->data);
        lt_reader list = lt_reader_vec16(&r, 1, 0xffff);
        uint8_t type = lt_reader_u8(&list);
        lt_reader name = lt_reader_vec16(&list, 1, 255);
        if (!lt_reader_done(&r) || !lt_reader_ok(&list) || type != 0)
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed server_name");
        if (memchr(name.p, 0, name.len) != NULL)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server_name contains a NUL byte");
        memcpy(conn->server_name, name.p, name.len);
        conn->server_name[name.len] = '\0';
    }
    const lt_ext *alpn = lt_ext_find(&ch->exts, LT_EXT_ALPN);
    const latch_config *cfg = conn->config;
    if (alpn != NULL) {
        /* RFC 7301 §3.1: no empty names, no truncated ones: the whole list is checked, whether
         * or not we use ALPN and wherever our protocol stands in it */
        lt_reader r = lt_reader_from_span(alpn->data);
        lt_reader offered = lt_reader_vec16(&r, 2, 0xffff);
        lt_reader names = offered;
        while (lt_reader_ok(&names) && !lt_reader_empty(&names))
            lt_reader_vec8(&names, 1, 255);
        if (!lt_reader_done(&r) || !lt_reader_done(&names))
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                "malformed ALPN extension (an empty or truncated protocol name)");
    }
    if (alpn != NULL && cfg->alpn_cb != NULL)
        return lt_client_hello_alpn_by_application(conn, alpn);
    if (alpn != NULL && cfg->alpn_wire_len > 0) {
        lt_reader r = lt_reader_from_span(alpn->data);
        const uint8_t *chosen = NULL;
        size_t chosen_len = 0;
        int found = lt_neg_alpn(cfg, lt_reader_vec16(&r, 2, 0xffff), &chosen, &chosen_len);
        if (found < 0)
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed ALPN list");
        if (found == 0)
            return lt_conn_fail(conn, LT_ALERT_NO_APPLICATION_PROTOCOL, LT_ERR_PROTOCOL,
                                "the client offers no application protocol we support");
        memcpy(conn->alpn, chosen, chosen_len); /* (at most 255 bytes) */
        conn->alpn[chosen_len] = '\0';
    }
    /* the application may choose the certificate itself, knowing the server name */
    conn->hs->identity_only = -1;
    if (cfg->identity_cb != NULL) {
        int chosen = cfg->identity_cb(cfg->identity_cb_arg, conn);
        if (chosen >= (int)cfg->n_identities || chosen < -2)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_INVALID_ARG,
                                "the application chose certificate %d of %zu", chosen, cfg->n_identities);
        if (chosen == -2)
            return lt_conn_fail(conn, LT_ALERT_UNRECOGNIZED_NAME, LT_ERR_PROTOCOL,
                                "the application has no certificate for '%s'", conn->server_name);
        conn->hs->identity_only = chosen;
    }
    return 0;
}

