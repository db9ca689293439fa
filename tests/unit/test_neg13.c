/* TLS 1.3 negative tests (and the TLS 1.2 server's extension checks, with the same hand-made
 * hellos): each malformed or misplaced input gets the alert its RFC names for it and an error,
 * never a crash. ClientHellos are built here by hand so every field can be bent;
 * the server side is a real latch server fed through its input window. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "api/conn.h"
#include "base/writer.h"
#include "crypto/kex.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/proto.h"

/* What a hand-made ClientHello should contain. */
typedef struct {
    int duplicate_groups;     /* supported_groups twice */
    int empty_share;          /* a zero-length x25519 key_exchange */
    int bad_point;            /* a secp256r1 share that is not on the curve */
    int no_key_share;
    int no_versions;          /* a TLS 1.2-style hello */
    int grease;               /* GREASE suite, group, extension and version */
    int compression;          /* offer DEFLATE too */
    int truncate_exts;        /* extensions block longer than the message */
    int cookie;               /* a cookie nobody asked for */
    int early_data;           /* early_data + a (well-formed, unknown) pre_shared_key */
    int bad_psk;              /* a pre_shared_key with 1: more identities than binders; 2: a
                                 31-byte binder, shorter than PskBinderEntry allows */
    int no_psk_modes;         /* a pre_shared_key without psk_key_exchange_modes */
    int p256_too;             /* supported_groups lists secp256r1 after x25519 (no share for it) */
    uint16_t legacy_version;  /* 0: 0x0303 */
    uint16_t record_version;  /* 0: 0x0301 */
    int long_lists;           /* 100 unknown values before the usable one in each list, and 100
                                 unknown extensions before the real ones */
    int alpn;                 /* 1: "h2"; 2: an empty name; 3: a list longer than its bytes;
                                 4: "h2" then a truncated name */
    int fallback;             /* TLS_FALLBACK_SCSV and a TLS 1.2 suite (RFC 7507) */
    int psk_not_last;         /* an extension after pre_shared_key */
    int two_shares;           /* the x25519 share twice */
    int sni;                  /* server_name: 1 "a.test"; 2 "a\0b"; 3 name type 1; 4 an empty name */
    int no_shares;            /* a key_share with an empty list (the server asks for one: HRR) */
    int other_random;         /* another random than the usual one */
    int p256;                 /* secp256r1 (group and share) in place of x25519 */
    uint16_t suite;           /* 0: TLS_AES_128_GCM_SHA256 */
    const uint8_t *echo_cookie; /* a cookie to send back (after a HelloRetryRequest) */
    size_t echo_cookie_len;
    /* TLS 1.2 extensions: 1 well-formed, 2 bent (renegotiation_info not empty, a byte in
     * extended_master_secret or encrypt_then_mac, compressed points only) */
    int reneg, ems, etm, formats;
} lt_ch_spec;

static size_t lt_build_client_hello(const lt_ch_spec *spec, uint8_t *out, size_t cap)
{
    lt_writer w = lt_writer_init(out, cap);
    lt_writer_block rec, msg, v, exts, ext, list, inner;
    uint8_t share[LT_KEX_MAX_PUBLIC];
    size_t share_len = 0;
    lt_kex *kex = NULL;
    uint16_t group = spec->bad_point || spec->p256 ? LT_GROUP_SECP256R1 : LT_GROUP_X25519;
    if (lt_kex_generate((lt_group)group, &kex) < 0 ||
        lt_kex_public(kex, share, sizeof share, &share_len) < 0)
        return 0;
    lt_kex_free(kex);
    if (spec->bad_point)
        share[40] ^= 1; /* moves the point off the curve */

    lt_writer_u8(&w, LT_CT_HANDSHAKE);
    lt_writer_u16(&w, spec->record_version ? spec->record_version : 0x0301);
    lt_writer_open16(&w, &rec);
    lt_writer_u8(&w, LT_HS_CLIENT_HELLO);
    lt_writer_open24(&w, &msg);
    lt_writer_u16(&w, spec->legacy_version ? spec->legacy_version : 0x0303);
    for (int i = 0; i < 32; i++)
        lt_writer_u8(&w, (uint8_t)(spec->other_random ? 100 + i : i));
    lt_writer_open8(&w, &v);
    lt_writer_close(&w, &v);
    lt_writer_open16(&w, &v);
    if (spec->grease)
        lt_writer_u16(&w, 0x2a2a);
    lt_writer_u16(&w, spec->suite ? spec->suite : 0x1301);
    if (spec->fallback) {
        lt_writer_u16(&w, 0xc02b); /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
        lt_writer_u16(&w, 0x5600); /* TLS_FALLBACK_SCSV */
    }
    lt_writer_close(&w, &v);
    lt_writer_open8(&w, &v);
    lt_writer_u8(&w, 0);
    if (spec->compression)
        lt_writer_u8(&w, 1);
    lt_writer_close(&w, &v);

    lt_writer_open16(&w, &exts);
    for (int i = 0; spec->long_lists && i < 100; i++) {
        lt_writer_u16(&w, (uint16_t)(0x7000 + i)); /* unknown, empty */
        lt_writer_u16(&w, 0);
    }
    if (spec->alpn) {
        static const struct { const char *bytes; size_t len; } alpn[] = {
            { "\x00\x03\x02h2", 5 },           /* "h2" */
            { "\x00\x04\x02h2\x00", 6 },       /* "h2", "" */
            { "\x00\x07\x02h2", 5 },           /* says 7 bytes, has 3 */
            { "\x00\x05\x02h2\x05" "ab", 7 },     /* "h2", then 5 bytes promised, 2 there */
        };
        lt_writer_u16(&w, LT_EXT_ALPN);
        lt_writer_u16(&w, (uint16_t)alpn[spec->alpn - 1].len);
        lt_writer_bytes(&w, alpn[spec->alpn - 1].bytes, alpn[spec->alpn - 1].len);
    }
    if (spec->sni) {
        static const struct { const char *bytes; size_t len; } sni[] = {
            { "\x00\x09\x00\x00\x06" "a.test", 11 },
            { "\x00\x06\x00\x00\x03" "a\0b", 8 },
            { "\x00\x09\x01\x00\x06" "a.test", 11 },
            { "\x00\x03\x00\x00\x00", 5 },
        };
        lt_writer_u16(&w, LT_EXT_SERVER_NAME);
        lt_writer_u16(&w, (uint16_t)sni[spec->sni - 1].len);
        lt_writer_bytes(&w, sni[spec->sni - 1].bytes, sni[spec->sni - 1].len);
    }
    if (spec->reneg)
        lt_writer_bytes(&w, spec->reneg == 1 ? "\xff\x01\x00\x01\x00" : "\xff\x01\x00\x02\x01\x00",
                        spec->reneg == 1 ? 5 : 6);
    if (spec->ems)
        lt_writer_bytes(&w, spec->ems == 1 ? "\x00\x17\x00\x00" : "\x00\x17\x00\x01\x00", spec->ems == 1 ? 4 : 5);
    if (spec->etm)
        lt_writer_bytes(&w, spec->etm == 1 ? "\x00\x16\x00\x00" : "\x00\x16\x00\x01\x00", spec->etm == 1 ? 4 : 5);
    if (spec->formats)
        lt_writer_bytes(&w, spec->formats == 1 ? "\x00\x0b\x00\x02\x01\x00" : "\x00\x0b\x00\x02\x01\x01", 6);
    if (spec->truncate_exts)
        lt_writer_bytes(&w, "\x00\x2b\x00\x10\x02\x03", 6); /* claims 16 bytes, has 2 */
    if (spec->grease) {
        lt_writer_u16(&w, 0x0a0a);
        lt_writer_u16(&w, 0);
    }
    if (!spec->no_versions) {
        lt_writer_u16(&w, LT_EXT_SUPPORTED_VERSIONS);
        lt_writer_open16(&w, &ext);
        lt_writer_open8(&w, &list);
        if (spec->grease)
            lt_writer_u16(&w, 0x5a5a);
        for (int i = 0; spec->long_lists && i < 100; i++)
            lt_writer_u16(&w, (uint16_t)(0x7f00 + i)); /* drafts and unknown versions */
        lt_writer_u16(&w, 0x0304);
        lt_writer_close(&w, &list);
        lt_writer_close(&w, &ext);
    }
    for (int copy = 0; copy < (spec->duplicate_groups ? 2 : 1); copy++) {
        lt_writer_u16(&w, LT_EXT_SUPPORTED_GROUPS);
        lt_writer_open16(&w, &ext);
        lt_writer_open16(&w, &list);
        if (spec->grease)
            lt_writer_u16(&w, 0x3a3a);
        for (int i = 0; spec->long_lists && i < 100; i++)
            lt_writer_u16(&w, (uint16_t)(0x6000 + i));
        lt_writer_u16(&w, group);
        if (spec->p256_too)
            lt_writer_u16(&w, LT_GROUP_SECP256R1);
        lt_writer_close(&w, &list);
        lt_writer_close(&w, &ext);
    }
    lt_writer_u16(&w, LT_EXT_SIGNATURE_ALGORITHMS);
    lt_writer_open16(&w, &ext);
    lt_writer_open16(&w, &list);
    for (int i = 0; spec->long_lists && i < 100; i++)
        lt_writer_u16(&w, (uint16_t)(0x0e00 + i)); /* schemes latch does not know */
    lt_writer_u16(&w, 0x0403);
    lt_writer_close(&w, &list);
    lt_writer_close(&w, &ext);
    if (!spec->no_key_share) {
        lt_writer_u16(&w, LT_EXT_KEY_SHARE);
        lt_writer_open16(&w, &ext);
        lt_writer_open16(&w, &list);
        if (spec->grease) {
            lt_writer_u16(&w, 0x3a3a);
            lt_writer_u16(&w, 1);
            lt_writer_u8(&w, 0);
        }
        for (int copy = 0; copy < (spec->no_shares ? 0 : spec->two_shares ? 2 : 1); copy++) {
            lt_writer_u16(&w, group);
            lt_writer_open16(&w, &inner);
            if (!spec->empty_share)
                lt_writer_bytes(&w, share, share_len);
            lt_writer_close(&w, &inner);
        }
        lt_writer_close(&w, &list);
        lt_writer_close(&w, &ext);
    }
    if (spec->cookie) {
        lt_writer_u16(&w, LT_EXT_COOKIE);
        lt_writer_bytes(&w, "\x00\x05\x00\x03" "abc", 7);
    }
    if (spec->echo_cookie != NULL) {
        lt_writer_u16(&w, LT_EXT_COOKIE);
        lt_writer_open16(&w, &ext);
        lt_writer_open16(&w, &inner);
        lt_writer_bytes(&w, spec->echo_cookie, spec->echo_cookie_len);
        lt_writer_close(&w, &inner);
        lt_writer_close(&w, &ext);
    }
    if ((spec->early_data || spec->bad_psk || spec->psk_not_last) && !spec->no_psk_modes) {
        lt_writer_u16(&w, LT_EXT_PSK_KEY_EXCHANGE_MODES);
        lt_writer_bytes(&w, "\x00\x02\x01\x01", 4);
    }
    if (spec->early_data) {
        lt_writer_u16(&w, LT_EXT_EARLY_DATA);
        lt_writer_u16(&w, 0);
    }
    if (spec->early_data || spec->bad_psk || spec->psk_not_last) { /* last (§4.2.11) */
        lt_writer_u16(&w, LT_EXT_PRE_SHARED_KEY);
        lt_writer_open16(&w, &ext);
        lt_writer_open16(&w, &list); /* identities: one 4-byte identity, or two */
        for (int i = 0; i < (spec->bad_psk == 1 ? 2 : 1); i++)
            lt_writer_bytes(&w, "\x00\x04tick\x00\x00\x00\x01", 10);
        lt_writer_close(&w, &list);
        lt_writer_open16(&w, &list); /* binders: one of 32 bytes (or 31) */
        size_t binder_len = spec->bad_psk == 2 ? 31 : 32;
        lt_writer_u8(&w, (uint8_t)binder_len);
        for (size_t i = 0; i < binder_len; i++)
            lt_writer_u8(&w, (uint8_t)i);
        lt_writer_close(&w, &list);
        lt_writer_close(&w, &ext);
    }
    if (spec->psk_not_last) {
        lt_writer_u16(&w, 0x7fff); /* unknown, empty */
        lt_writer_u16(&w, 0);
    }
    lt_writer_close(&w, &exts);
    lt_writer_close(&w, &msg);
    lt_writer_close(&w, &rec);
    return w.err ? 0 : w.len;
}

static latch_conn *lt_server(latch_config **cfg)
{
    static const char *const cert = "p256";
    *cfg = lt_pair_server_config(&cert, 1);
    return latch_conn_new(*cfg, NULL);
}

/* Feeds bytes into conn; returns the status of the last commit. */
static latch_status lt_feed(latch_conn *conn, const uint8_t *data, size_t len)
{
    latch_status st = LATCH_OK;
    while (len > 0 && st == LATCH_OK) {
        size_t room;
        uint8_t *in = latch_net_in_buf(conn, &room);
        if (in == NULL || room == 0)
            return LATCH_ERR_BUFFER;
        size_t n = len < room ? len : room;
        memcpy(in, data, n);
        st = latch_net_in_commit(conn, n);
        data += n;
        len -= n;
    }
    return st;
}

/* The server's answer to a hand-made ClientHello: its alert, or -1 if it went on. */
static int lt_server_alert_for(const lt_ch_spec *spec, const char *reason)
{
    uint8_t hello[4096];
    latch_config *cfg;
    latch_conn *server = lt_server(&cfg);
    size_t len = lt_build_client_hello(spec, hello, sizeof hello);
    LT_CHECK(len > 0);
    latch_status st = lt_feed(server, hello, len);
    int alert = latch_conn_alert_sent(server);
    if (reason != NULL) {
        LT_CHECK(st < 0);
        LT_CHECK_STR_CONTAINS(latch_conn_error(server), reason);
        /* the alert is on the wire: one plaintext alert record */
        size_t out_len;
        const uint8_t *out = latch_net_out_buf(server, &out_len);
        LT_CHECK(out_len == 7 && out[0] == LT_CT_ALERT && out[5] == 2 && out[6] == alert);
    }
    latch_conn_free(server);
    latch_config_free(cfg);
    return alert;
}

static void test_client_hello_errors(void)
{
    lt_ch_spec spec;
    memset(&spec, 0, sizeof spec);
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1); /* the baseline is accepted */
    spec.grease = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1); /* GREASE is ignored */

    memset(&spec, 0, sizeof spec);
    spec.duplicate_groups = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "repeats"), LT_ALERT_ILLEGAL_PARAMETER);
    memset(&spec, 0, sizeof spec);
    spec.empty_share = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "key_share"), LT_ALERT_DECODE_ERROR);
    memset(&spec, 0, sizeof spec);
    spec.bad_point = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "share"), LT_ALERT_ILLEGAL_PARAMETER);
    memset(&spec, 0, sizeof spec);
    spec.no_key_share = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "key_share"), LT_ALERT_MISSING_EXTENSION);
    memset(&spec, 0, sizeof spec);
    spec.no_versions = 1; /* a TLS 1.2 hello with TLS 1.3 suites only */
    LT_CHECK_INT(lt_server_alert_for(&spec, "no TLS 1.2 cipher suite"), LT_ALERT_HANDSHAKE_FAILURE);
    spec.legacy_version = 0x0302; /* TLS 1.1 */
    LT_CHECK_INT(lt_server_alert_for(&spec, "older than TLS 1.2"), LT_ALERT_PROTOCOL_VERSION);
    spec.legacy_version = 0x0300; /* SSL 3.0 */
    LT_CHECK_INT(lt_server_alert_for(&spec, "SSL 3.0 or older"), LT_ALERT_PROTOCOL_VERSION);
    /* Appendix D.5: SSL 3.0 or older in legacy_version, even with TLS 1.3 in supported_versions */
    memset(&spec, 0, sizeof spec);
    spec.legacy_version = 0x0300;
    LT_CHECK_INT(lt_server_alert_for(&spec, "SSL 3.0 or older"), LT_ALERT_PROTOCOL_VERSION);
    spec.legacy_version = 0x0200;
    LT_CHECK_INT(lt_server_alert_for(&spec, "SSL 3.0 or older"), LT_ALERT_PROTOCOL_VERSION);
    spec.legacy_version = 0x0301; /* TLS 1.0 there is fine when supported_versions says 1.3 */
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1);
    /* long lists are read whole: the usable version, group, scheme and share come after 100
     * unknown ones, behind 100 unknown extensions */
    memset(&spec, 0, sizeof spec);
    spec.long_lists = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1);
    /* §5.1, RFC 5246 Appendix E.1: the first record's version is any {3, x} */
    memset(&spec, 0, sizeof spec);
    spec.record_version = 0x03fe;
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1);
    spec.record_version = 0x0300;
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1);
    spec.record_version = 0x0403;
    LT_CHECK_INT(lt_server_alert_for(&spec, "did not send TLS records"), LT_ALERT_DECODE_ERROR);
    /* RFC 7301 §3.1: a malformed ALPN list is a decode_error, whether or not we use ALPN */
    for (int alpn = 1; alpn <= 4; alpn++) {
        memset(&spec, 0, sizeof spec);
        spec.alpn = alpn;
        LT_CHECK_INT(lt_server_alert_for(&spec, alpn == 1 ? NULL : "malformed ALPN"),
                     alpn == 1 ? -1 : LT_ALERT_DECODE_ERROR);
    }
    memset(&spec, 0, sizeof spec);
    spec.compression = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "compression"), LT_ALERT_ILLEGAL_PARAMETER);
    memset(&spec, 0, sizeof spec);
    spec.truncate_exts = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "malformed"), LT_ALERT_DECODE_ERROR);
    memset(&spec, 0, sizeof spec);
    spec.cookie = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "cookie we never sent"), LT_ALERT_ILLEGAL_PARAMETER);
    memset(&spec, 0, sizeof spec);
    /* identities and binders that do not pair up: fields inconsistent with each other (§6.2) */
    spec.bad_psk = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "one binder for each"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.bad_psk = 2; /* below PskBinderEntry's 32 bytes (§4.2.11): no valid encoding */
    LT_CHECK_INT(lt_server_alert_for(&spec, "malformed pre_shared_key"), LT_ALERT_DECODE_ERROR);
    memset(&spec, 0, sizeof spec);
    spec.early_data = 1; /* §4.2.9: a PSK offered without psk_key_exchange_modes MUST abort */
    spec.no_psk_modes = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "psk_key_exchange_modes"), LT_ALERT_MISSING_EXTENSION);
    memset(&spec, 0, sizeof spec);
    spec.early_data = 1; /* an unknown ticket: a full handshake instead */
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1);
    /* §4.2.11: pre_shared_key is the last extension */
    memset(&spec, 0, sizeof spec);
    spec.psk_not_last = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "pre_shared_key is not the last extension"), LT_ALERT_ILLEGAL_PARAMETER);
    /* §4.2.8: one share per group */
    memset(&spec, 0, sizeof spec);
    spec.two_shares = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "two key shares for group 0x001d"), LT_ALERT_ILLEGAL_PARAMETER);
    /* RFC 7507: the fallback signal from a client that could have had TLS 1.3 */
    memset(&spec, 0, sizeof spec);
    spec.fallback = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1); /* (it offers TLS 1.3: no fallback) */
    spec.no_versions = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, "fell back to TLS 1.2 although both sides speak TLS 1.3"),
                 LT_ALERT_INAPPROPRIATE_FALLBACK);
    /* RFC 6066 §3: one host_name of 1 to 255 bytes, with no NUL in it */
    for (int sni = 1; sni <= 4; sni++) {
        memset(&spec, 0, sizeof spec);
        spec.sni = sni;
        static const char *const reasons[] = { NULL, "the server_name contains a NUL byte",
                                               "malformed server_name", "malformed server_name" };
        LT_CHECK_INT(lt_server_alert_for(&spec, reasons[sni - 1]),
                     sni == 1 ? -1 : sni == 2 ? LT_ALERT_ILLEGAL_PARAMETER : LT_ALERT_DECODE_ERROR);
    }
}

/* A ClientHello offering 0-RTT, then `records` early-data records of `size` bytes that cannot
 * open under the handshake keys. mode 1: the server asks for a client certificate; 2: it answers
 * with a HelloRetryRequest. The server's alert, or -1 when it skipped them. */
static int lt_server_alert_after_early_data(int records, size_t size, int mode)
{
    lt_ch_spec spec;
    static uint8_t buf[1024 + 5 + 16640 + 1];
    static const char *const cert = "p256";
    latch_config *cfg = lt_pair_server_config(&cert, 1);
    if (mode == 1) /* the server then waits for the client's Certificate, not its Finished */
        LT_CHECK_INT(latch_config_set_client_auth(cfg, LATCH_CLIENT_AUTH_REQUIRE, LT_PKI "ca.pem"), LATCH_OK);
    if (mode == 2) /* (hrr) a group the client has no share for: HelloRetryRequest */
        LT_CHECK_INT(latch_config_set_groups(cfg, "secp256r1"), LATCH_OK);
    latch_conn *server = latch_conn_new(cfg, NULL);
    memset(&spec, 0, sizeof spec);
    spec.early_data = 1;
    spec.p256_too = mode == 2;
    size_t len = lt_build_client_hello(&spec, buf, sizeof buf);
    LT_CHECK(len > 0);
    LT_CHECK_INT(lt_feed(server, buf, len), LATCH_OK);
    memset(buf, 0x5a, sizeof buf);
    buf[0] = LT_CT_APPLICATION_DATA;
    buf[1] = 0x03;
    buf[2] = 0x03;
    buf[3] = (uint8_t)(size >> 8);
    buf[4] = (uint8_t)size;
    for (int i = 0; i < records; i++)
        lt_feed(server, buf, 5 + size);
    int alert = latch_conn_alert_sent(server);
    latch_conn_free(server);
    latch_config_free(cfg);
    return alert;
}

static void test_early_data_skipped(void)
{
    /* §4.2.10: rejected 0-RTT is skipped, within a budget (64 KiB) */
    for (int mtls = 0; mtls <= 1; mtls++) {
        LT_CHECK_INT(lt_server_alert_after_early_data(3, 1000, mtls), -1);
        LT_CHECK_INT(lt_server_alert_after_early_data(5, 16000, mtls), LT_ALERT_BAD_RECORD_MAC);
    }
    /* after a HelloRetryRequest, skipped by type; they are ciphertexts, up to 2^14 + 256 bytes
     * each (§5.2), not plaintexts of 2^14 at most */
    LT_CHECK_INT(lt_server_alert_after_early_data(3, 1000, 2), -1);
    LT_CHECK_INT(lt_server_alert_after_early_data(1, 16384, 2), -1);
    LT_CHECK_INT(lt_server_alert_after_early_data(3, 16385, 2), -1);
    LT_CHECK_INT(lt_server_alert_after_early_data(1, 16640, 2), -1);
    LT_CHECK_INT(lt_server_alert_after_early_data(1, 16641, 2), LT_ALERT_RECORD_OVERFLOW);
    LT_CHECK_INT(lt_server_alert_after_early_data(5, 16000, 2), LT_ALERT_UNEXPECTED_MESSAGE);
}

/* The TLS 1.2 server's checks of the ClientHello's extensions (RFC 5746 §3.6, RFC 7627 §5.1,
 * RFC 7366 §2, RFC 8422 §5.1.2), with the same hand-made hellos (no supported_versions, a TLS 1.2
 * suite): each bent extension next to its well-formed form. */
static void test_tls12_client_hello_extensions(void)
{
    lt_ch_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.no_versions = 1;
    spec.suite = 0xc02b; /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    spec.p256 = 1;       /* the curve of the server's certificate (RFC 8422 §5.1.1) */
    spec.reneg = spec.ems = spec.etm = spec.formats = 1;
    LT_CHECK_INT(lt_server_alert_for(&spec, NULL), -1);
    spec.reneg = 2;
    LT_CHECK_INT(lt_server_alert_for(&spec, "the client's renegotiation_info is not empty"),
                 LT_ALERT_HANDSHAKE_FAILURE);
    spec.reneg = 1;
    spec.ems = 2;
    LT_CHECK_INT(lt_server_alert_for(&spec, "malformed extended_master_secret"), LT_ALERT_DECODE_ERROR);
    spec.ems = 1;
    spec.etm = 2;
    LT_CHECK_INT(lt_server_alert_for(&spec, "malformed encrypt_then_mac"), LT_ALERT_DECODE_ERROR);
    spec.etm = 1;
    spec.formats = 2;
    LT_CHECK_INT(lt_server_alert_for(&spec, "the client does not take uncompressed points"),
                 LT_ALERT_ILLEGAL_PARAMETER);
}

/* The cookie of the HelloRetryRequest waiting in the server's output (copied to cookie, at most
 * cap bytes); its length, or 0. */
static size_t lt_hrr_cookie(latch_conn *server, uint8_t *cookie, size_t cap)
{
    size_t len;
    const uint8_t *out = latch_net_out_buf(server, &len);
    if (out == NULL || len < 5 || out[0] != LT_CT_HANDSHAKE)
        return 0;
    lt_reader r = lt_reader_init(out + 5, len - 5);
    if (lt_reader_u8(&r) != LT_HS_SERVER_HELLO)
        return 0;
    lt_reader body = lt_reader_vec24(&r, 0, 0xffffff);
    lt_reader_bytes(&body, 2 + 32);     /* legacy_version, random */
    lt_reader_vec8(&body, 0, 32);       /* legacy_session_id_echo */
    lt_reader_bytes(&body, 2 + 1);      /* cipher_suite, legacy_compression_method */
    lt_reader exts = lt_reader_vec16(&body, 0, 0xffff);
    while (lt_reader_ok(&exts) && exts.len > 0) {
        uint16_t type = lt_reader_u16(&exts);
        lt_reader data = lt_reader_vec16(&exts, 0, 0xffff);
        if (type == LT_EXT_COOKIE) {
            lt_reader value = lt_reader_vec16(&data, 1, 0xffff);
            if (!lt_reader_done(&data) || value.len > cap)
                return 0;
            memcpy(cookie, value.p, value.len);
            return value.len;
        }
    }
    return 0;
}

/* §4.1.2: the second ClientHello is the first with the share the HelloRetryRequest asked for,
 * and its cookie echoed: anything else changed is refused. */
static void test_second_client_hello_after_retry(void)
{
    for (int variant = 0; variant < 7; variant++) {
        uint8_t hello[4096], cookie[512];
        latch_config *cfg;
        latch_conn *server = lt_server(&cfg);
        lt_ch_spec first;
        memset(&first, 0, sizeof first);
        first.no_shares = 1;
        size_t len = lt_build_client_hello(&first, hello, sizeof hello);
        LT_CHECK(lt_feed(server, hello, len) >= 0);
        LT_CHECK_INT(server->hello_retry, 1);
        size_t cookie_len = lt_hrr_cookie(server, cookie, sizeof cookie);
        LT_CHECK(cookie_len > 0);
        size_t out_len;
        if (latch_net_out_buf(server, &out_len) != NULL)
            latch_net_out_consumed(server, out_len);

        lt_ch_spec second;
        memset(&second, 0, sizeof second);
        second.echo_cookie = cookie;
        second.echo_cookie_len = cookie_len;
        const char *reason = NULL;
        int alert = -1;
        switch (variant) {
        case 1:
            second.echo_cookie = NULL;
            reason = "the second ClientHello does not echo our cookie", alert = LT_ALERT_MISSING_EXTENSION;
            break;
        case 2:
            cookie[cookie_len / 2] ^= 0x01;
            reason = "echoes a cookie we did not send", alert = LT_ALERT_ILLEGAL_PARAMETER;
            break;
        case 3:
            second.other_random = 1;
            reason = "the second ClientHello changed its random", alert = LT_ALERT_ILLEGAL_PARAMETER;
            break;
        case 4:
            second.suite = 0x1302;
            reason = "the second ClientHello changed the cipher suites", alert = LT_ALERT_ILLEGAL_PARAMETER;
            break;
        case 5:
            second.p256 = 1;
            reason = "the second ClientHello changed the supported groups", alert = LT_ALERT_ILLEGAL_PARAMETER;
            break;
        case 6:
            second.no_shares = 1;
            reason = "no key share for the group we asked for", alert = LT_ALERT_ILLEGAL_PARAMETER;
            break;
        }
        len = lt_build_client_hello(&second, hello, sizeof hello);
        latch_status st = lt_feed(server, hello, len);
        LT_CHECK_INT(latch_conn_alert_sent(server), alert);
        if (reason != NULL) {
            LT_CHECK(st < 0);
            LT_CHECK_STR_CONTAINS(latch_conn_error(server), reason);
        } else {
            LT_CHECK(st >= 0);
            LT_CHECK(latch_net_out_buf(server, &out_len) != NULL && out_len > 0); /* its flight */
        }
        latch_conn_free(server);
        latch_config_free(cfg);
    }
}

/* Raw records fed to a fresh server. */
static int lt_server_alert_for_bytes(const uint8_t *data, size_t len)
{
    latch_config *cfg;
    latch_conn *server = lt_server(&cfg);
    latch_status st = lt_feed(server, data, len);
    LT_CHECK(st < 0);
    int alert = latch_conn_alert_sent(server);
    latch_conn_free(server);
    latch_config_free(cfg);
    return alert;
}

static void test_record_errors(void)
{
    /* an unknown record type */
    static const uint8_t unknown_type[] = { 0x19, 0x03, 0x03, 0x00, 0x01, 0x00 };
    LT_CHECK_INT(lt_server_alert_for_bytes(unknown_type, sizeof unknown_type), LT_ALERT_UNEXPECTED_MESSAGE);
    /* application data before the handshake */
    static const uint8_t early_data[] = { 0x17, 0x03, 0x03, 0x00, 0x01, 0x00 };
    LT_CHECK_INT(lt_server_alert_for_bytes(early_data, sizeof early_data), LT_ALERT_UNEXPECTED_MESSAGE);
    /* a plaintext record over 2^14 bytes */
    static const uint8_t oversized[] = { 0x16, 0x03, 0x03, 0x40, 0x01 };
    LT_CHECK_INT(lt_server_alert_for_bytes(oversized, sizeof oversized), LT_ALERT_RECORD_OVERFLOW);
    /* not TLS at all (an HTTP request) */
    static const uint8_t http[] = "GET / HTTP/1.1\r\n\r\n";
    LT_CHECK_INT(lt_server_alert_for_bytes(http, sizeof http - 1), LT_ALERT_DECODE_ERROR);
    /* a Finished where the ClientHello belongs */
    static const uint8_t finished[] = { 0x16, 0x03, 0x03, 0x00, 0x24, 0x14, 0x00, 0x00, 0x20,
                                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    LT_CHECK_INT(lt_server_alert_for_bytes(finished, sizeof finished), LT_ALERT_UNEXPECTED_MESSAGE);
    /* an empty handshake record */
    static const uint8_t empty[] = { 0x16, 0x03, 0x03, 0x00, 0x00 };
    LT_CHECK_INT(lt_server_alert_for_bytes(empty, sizeof empty), LT_ALERT_UNEXPECTED_MESSAGE);
    /* a ClientHello whose body is cut short inside its record */
    static const uint8_t cut[] = { 0x16, 0x03, 0x01, 0x00, 0x06, 0x01, 0x00, 0x00, 0x02, 0x03, 0x03 };
    LT_CHECK_INT(lt_server_alert_for_bytes(cut, sizeof cut), LT_ALERT_DECODE_ERROR);
}

/* The client's view: the server's first flight with one byte flipped, records cut, or
 * messages swapped. */
static void test_client_side_errors(void)
{
    static const char *const cert = "p256";
    for (int variant = 0; variant < 4; variant++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        latch_conn *client = latch_conn_new(client_cfg, "localhost");
        latch_conn *server = latch_conn_new(server_cfg, NULL);
        latch_status st = LATCH_OK;
        lt_pair_move(client, server, 0, &st);
        size_t len;
        const uint8_t *flight = latch_net_out_buf(server, &len);
        uint8_t *copy = malloc(2 * len + 64); /* room for the ServerHello twice (variant 2) */
        memcpy(copy, flight, len);
        size_t sh_len = LT_RECORD_HEADER_LEN + ((size_t)copy[3] << 8 | copy[4]);
        int expected;
        if (variant == 0) {         /* a flipped bit in the encrypted part: bad_record_mac */
            copy[len - 3] ^= 0x20;
            expected = LT_ALERT_BAD_RECORD_MAC;
        } else if (variant == 1) {  /* an encrypted record claiming more than 2^14+256 */
            size_t at = sh_len;
            while (copy[at] == LT_CT_CHANGE_CIPHER_SPEC)
                at += LT_RECORD_HEADER_LEN + ((size_t)copy[at + 3] << 8 | copy[at + 4]);
            copy[at + 3] = 0x41;
            copy[at + 4] = 0x01;
            expected = LT_ALERT_RECORD_OVERFLOW;
        } else if (variant == 2) {  /* the ServerHello twice */
            memmove(copy + sh_len, copy, sh_len);
            len = 2 * sh_len;
            expected = LT_ALERT_UNEXPECTED_MESSAGE;
        } else {                    /* a ServerHello picking a suite that was not offered */
            /* ServerHello body: version(2) random(32) sid_len(1) sid(32) suite(2) */
            size_t suite_at = LT_RECORD_HEADER_LEN + 4 + 2 + 32 + 1 + copy[LT_RECORD_HEADER_LEN + 4 + 2 + 32];
            copy[suite_at] = 0x00;
            copy[suite_at + 1] = 0x9c;
            len = sh_len;
            expected = LT_ALERT_ILLEGAL_PARAMETER;
        }
        st = lt_feed(client, copy, len);
        LT_CHECK(st < 0);
        if (latch_conn_alert_sent(client) != expected)
            fprintf(stderr, "  variant %d: alert %d, expected %d (%s)\n", variant,
                    latch_conn_alert_sent(client), expected, latch_conn_error(client));
        LT_CHECK_INT(latch_conn_alert_sent(client), expected);
        free(copy);
        latch_conn_free(client);
        latch_conn_free(server);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* The first certificate entry's (empty) extensions block replaced by lt_entry_exts: a peer that
 * sends per-certificate extensions. */
static const uint8_t *lt_entry_exts;
static size_t lt_entry_exts_len;
static uint8_t lt_cert_msg[8192];
static void lt_add_entry_exts(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    const uint8_t *m = *msg;
    if (m[0] != LT_HS_CERTIFICATE || *len + lt_entry_exts_len > sizeof lt_cert_msg)
        return;
    size_t at = 4 + 1 + m[4] + 3;                                          /* first entry */
    at += 3 + ((size_t)m[at] << 16 | (size_t)m[at + 1] << 8 | m[at + 2]); /* its certificate */
    memcpy(lt_cert_msg, m, at);
    memcpy(lt_cert_msg + at, lt_entry_exts, lt_entry_exts_len);
    memcpy(lt_cert_msg + at + lt_entry_exts_len, m + at + 2, *len - at - 2);
    size_t grown = *len - 2 + lt_entry_exts_len;
    size_t body = grown - 4, list_at = 4 + 1 + m[4], list = grown - list_at - 3;
    lt_cert_msg[1] = (uint8_t)(body >> 16);
    lt_cert_msg[2] = (uint8_t)(body >> 8);
    lt_cert_msg[3] = (uint8_t)body;
    lt_cert_msg[list_at] = (uint8_t)(list >> 16);
    lt_cert_msg[list_at + 1] = (uint8_t)(list >> 8);
    lt_cert_msg[list_at + 2] = (uint8_t)list;
    *msg = lt_cert_msg;
    *len = grown;
}

/* RFC 8446 §4.4.2, §4.2: a certificate entry's extensions must answer ones we sent: latch asks
 * for status_request alone (OCSP stapling), so an SCT or an unknown one is unsupported_extension;
 * a status_request must hold a CertificateStatus (RFC 8446 §4.4.2.1), and a malformed block is a
 * decode_error; an empty block is fine. */
static void test_certificate_entry_extensions(void)
{
    static const char *const cert = "p256";
    static const struct {
        const char *bytes;
        size_t len;
        int alert; /* -1: accepted */
        const char *why;
    } cases[] = {
        { "\x00\x00", 2, -1, NULL },
        /* an empty status_request: no CertificateStatus in it */
        { "\x00\x04\x00\x05\x00\x00", 6, LT_ALERT_DECODE_ERROR, "malformed status_request" },
        { "\x00\x04\x00\x12\x00\x00", 6, LT_ALERT_UNSUPPORTED_EXTENSION, "certificate entry 1" }, /* SCT */
        { "\x00\x05\x12\x34\x00\x01\x00", 7, LT_ALERT_UNSUPPORTED_EXTENSION, "certificate entry 1" }, /* unknown */
        /* (a malformed block: the Certificate's codec refuses the message before any entry is
         * looked at) */
        { "\x00\x03\x12\x34\x00", 5, LT_ALERT_DECODE_ERROR, "malformed Certificate" }, /* truncated */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        lt_entry_exts = (const uint8_t *)cases[i].bytes;
        lt_entry_exts_len = cases[i].len;
        p.server->hs->replay_substitute = lt_add_entry_exts; /* its Certificate, as it is sent */
        lt_pair_pump(&p);
        int done = latch_conn_handshake_done(p.client);
        LT_CHECK_INT(done, cases[i].alert == -1);
        if (cases[i].alert != -1) {
            LT_CHECK_INT(latch_conn_alert_sent(p.client), cases[i].alert);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), cases[i].why);
        }
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* The server's Certificate or CertificateVerify bent as it is sent: lt_bend_variant says how. */
static int lt_bend_variant;
static uint8_t lt_bent_msg[8192];
static void lt_bend(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    const uint8_t *m = *msg;
    if (*len + 2 > sizeof lt_bent_msg)
        return;
    if (m[0] == LT_HS_CERTIFICATE_VERIFY && lt_bend_variant < 0x10000) {
        memcpy(lt_bent_msg, m, *len);
        lt_bent_msg[4] = (uint8_t)(lt_bend_variant >> 8);
        lt_bent_msg[5] = (uint8_t)lt_bend_variant;
        *msg = lt_bent_msg;
    } else if (m[0] == LT_HS_CERTIFICATE && lt_bend_variant == 0x10000) {
        /* a one-byte certificate_request_context where the server's is empty */
        size_t body = *len - 4 + 1;
        lt_bent_msg[0] = m[0];
        lt_bent_msg[1] = (uint8_t)(body >> 16);
        lt_bent_msg[2] = (uint8_t)(body >> 8);
        lt_bent_msg[3] = (uint8_t)body;
        lt_bent_msg[4] = 1;
        lt_bent_msg[5] = 0x42;
        memcpy(lt_bent_msg + 6, m + 5, *len - 5);
        *msg = lt_bent_msg;
        *len += 1;
    } else if (m[0] == LT_HS_CERTIFICATE && lt_bend_variant == 0x10001) {
        /* the first certificate's outer SEQUENCE tag made a SET: it does not parse */
        memcpy(lt_bent_msg, m, *len);
        lt_bent_msg[4 + 1 + m[4] + 3 + 3] = 0x31;
        *msg = lt_bent_msg;
    }
}

/* §4.4.2 and §4.4.3: the server's Certificate has an empty context and certificates that parse;
 * its CertificateVerify uses a scheme we offered for TLS 1.3, and one that fits its key. */
static void test_server_certificate_and_signature_scheme(void)
{
    static const char *const cert = "p256";
    static const struct {
        int variant;
        int alert; /* -1: accepted */
        const char *why;
    } cases[] = {
        { 0x0403, -1, NULL }, /* ecdsa_secp256r1_sha256, as sent */
        { 0x0201, LT_ALERT_ILLEGAL_PARAMETER, "the peer signed with scheme 0x0201, which we did not offer" },
        { 0x0401, LT_ALERT_ILLEGAL_PARAMETER, "the peer signed with scheme 0x0401, which we did not offer" },
        { 0x0503, LT_ALERT_ILLEGAL_PARAMETER, "which does not match its" },
        { 0x0804, LT_ALERT_ILLEGAL_PARAMETER, "which does not match its" },
        { 0x10000, LT_ALERT_ILLEGAL_PARAMETER, "the peer's Certificate has a non-empty request context" },
        { 0x10001, LT_ALERT_BAD_CERTIFICATE, "certificate 1 from the peer does not parse" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        latch_config_set_versions(client_cfg, LATCH_TLS13, LATCH_TLS13);
        lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        lt_bend_variant = cases[i].variant;
        p.server->hs->replay_substitute = lt_bend;
        lt_pair_pump(&p);
        LT_CHECK_INT(latch_conn_handshake_done(p.client), cases[i].alert == -1);
        LT_CHECK_INT(latch_conn_alert_sent(p.client), cases[i].alert);
        if (cases[i].why != NULL)
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), cases[i].why);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* The server's ServerHello with its supported_versions (0x0304) replaced by another version. */
static uint8_t lt_bent_sh[2048]; /* a hybrid key share's ServerHello is 1.2 KB */
static uint16_t lt_bent_version;
static void lt_bend_selected_version(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    if ((*msg)[0] != LT_HS_SERVER_HELLO || *len > sizeof lt_bent_sh)
        return;
    memcpy(lt_bent_sh, *msg, *len);
    for (size_t i = 4; i + 6 <= *len; i++)
        if (memcmp(lt_bent_sh + i, "\x00\x2b\x00\x02\x03\x04", 6) == 0) {
            lt_bent_sh[i + 4] = (uint8_t)(lt_bent_version >> 8);
            lt_bent_sh[i + 5] = (uint8_t)lt_bent_version;
        }
    *msg = lt_bent_sh;
}

/* The server's HelloRetryRequest with the start of another ServerHello after it. */
static void lt_append_partial_hello(void *arg, const uint8_t **msg, size_t *len)
{
    static const uint8_t partial[] = { LT_HS_SERVER_HELLO, 0x00, 0x00, 0x40, 0x03, 0x03 };
    int *seen = arg;
    if ((*msg)[0] != LT_HS_SERVER_HELLO || (*seen)++ > 0 || *len + sizeof partial > sizeof lt_bent_sh)
        return;
    memcpy(lt_bent_sh, *msg, *len);
    memcpy(lt_bent_sh + *len, partial, sizeof partial);
    *msg = lt_bent_sh;
    *len += sizeof partial;
}

/* §5.1: a ServerHello must end its record, a HelloRetryRequest too (the client answers it before
 * anything else may come): unexpected_message. */
static void test_hello_retry_request_ends_its_record(void)
{
    static const char *const cert = "p256";
    latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_groups(scfg, "secp256r1"), LATCH_OK); /* the client shares x25519 */
    int seen = 0;
    lt_pair p = { 0 };
    p.client = latch_conn_new(ccfg, "localhost");
    p.server = lt_conn_create(scfg, NULL);
    p.server->hs->replay_substitute = lt_append_partial_hello;
    p.server->hs->replay_arg = &seen;
    latch_status st;
    lt_pair_move(p.client, p.server, 0, &st);
    lt_pair_move(p.server, p.client, 0, &st);
    LT_CHECK_INT(latch_conn_alert_sent(p.client), LT_ALERT_UNEXPECTED_MESSAGE);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "must end its record");
    /* refused before answering: the alert is all it sends, no second ClientHello first */
    size_t len = 0;
    const uint8_t *out = latch_net_out_buf(p.client, &len);
    LT_CHECK(out != NULL && len == 7 && out[0] == LT_CT_ALERT);
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* The server's CertificateRequest with a request context. */
static void lt_add_request_context(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    const uint8_t *m = *msg;
    if (m[0] != LT_HS_CERTIFICATE_REQUEST || m[4] != 0 || *len + 3 > sizeof lt_bent_sh)
        return;
    size_t n = 0;
    lt_bent_sh[n++] = m[0];
    n += 3; /* the length, below */
    memcpy(lt_bent_sh + n, "\x03" "ctx", 4);
    n += 4;
    memcpy(lt_bent_sh + n, m + 5, *len - 5);
    n += *len - 5;
    lt_bent_sh[1] = (uint8_t)((n - 4) >> 16);
    lt_bent_sh[2] = (uint8_t)((n - 4) >> 8);
    lt_bent_sh[3] = (uint8_t)(n - 4);
    *msg = lt_bent_sh;
    *len = n;
}

/* §4.3.2: a CertificateRequest in the handshake has an empty context (a non-empty one is for
 * post-handshake authentication): illegal_parameter. */
static void test_certificate_request_context_in_handshake(void)
{
    static const char *const cert = "p256";
    latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_client_auth(scfg, LATCH_CLIENT_AUTH_REQUIRE, LT_PKI "ca.pem"), LATCH_OK);
    LT_CHECK_INT(latch_config_add_identity(ccfg, LT_PKI "p256.pem", LT_PKI "p256-key.pem"), LATCH_OK);
    lt_pair p = { 0 };
    p.client = latch_conn_new(ccfg, "localhost");
    p.server = lt_conn_create(scfg, NULL);
    p.server->hs->replay_substitute = lt_add_request_context;
    lt_pair_pump(&p);
    LT_CHECK(!latch_conn_handshake_done(p.client));
    LT_CHECK_INT(latch_conn_alert_sent(p.client), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "non-empty request context");
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* §4.2, §4.6.1: a NewSessionTicket's extensions are checked though unused: early_data once (and
 * unknown ones passed over) is fine; twice is illegal_parameter. */
static void test_ticket_extensions_checked(void)
{
    static const char *const cert = "p256";
    static const uint8_t once[] = { 0x00, 0x2a, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00, 0x7a, 0x7a, 0x00, 0x00 };
    static const uint8_t twice[] = { 0x00, 0x2a, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00,
                                     0x00, 0x2a, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00 };
    for (int dup = 0; dup <= 1; dup++) {
        latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, ccfg, scfg, "localhost"));
        uint8_t msg[256];
        lt_new_session_ticket13 nst = {
            .lifetime = 3600, .age_add = 1, .nonce = lt_span_make((const uint8_t *)"n", 1),
            .ticket = lt_span_make((const uint8_t *)"ticket", 6),
            .extensions = dup ? lt_span_make(twice, sizeof twice) : lt_span_make(once, sizeof once),
        };
        lt_writer w = lt_writer_init(msg, sizeof msg);
        lt_new_session_ticket13_write(&w, &nst);
        LT_CHECK(!w.err);
        LT_CHECK_INT(lt_conn_queue_handshake(p.server, msg, w.len, 0), 0);
        LT_CHECK_INT(lt_conn_flush_flight(p.server), 0);
        lt_pair_pump(&p);
        uint8_t buf[16];
        size_t n = 0;
        LT_CHECK_INT(latch_read(p.client, buf, sizeof buf, &n), dup ? LATCH_ERR_PROTOCOL : LATCH_WANT_READ);
        if (dup) {
            LT_CHECK_INT(latch_conn_alert_sent(p.client), LT_ALERT_ILLEGAL_PARAMETER);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "NewSessionTicket repeats an extension");
        }
        lt_pair_free(&p);
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
}

/* §4.2.1: a ServerHello whose supported_versions names a version we did not offer, or one before
 * TLS 1.3, MUST be answered with illegal_parameter. */
static void test_selected_version_not_offered(void)
{
    static const uint16_t versions[] = { 0x0303, 0x0302, 0x7f1c };
    static const char *const cert = "p256";
    for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
        latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
        lt_pair p = { 0 };
        p.client = latch_conn_new(ccfg, "localhost");
        p.server = lt_conn_create(scfg, NULL);
        lt_bent_version = versions[v];
        p.server->hs->replay_substitute = lt_bend_selected_version;
        lt_pair_pump(&p);
        LT_CHECK(!latch_conn_handshake_done(p.client));
        LT_CHECK_INT(latch_conn_alert_sent(p.client), LT_ALERT_ILLEGAL_PARAMETER);
        LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "supported_versions selects");
        lt_pair_free(&p);
        latch_config_free(ccfg);
        latch_config_free(scfg);
    }
}

int main(void)
{
    LT_RUN(test_client_hello_errors);
    LT_RUN(test_server_certificate_and_signature_scheme);
    LT_RUN(test_second_client_hello_after_retry);
    LT_RUN(test_selected_version_not_offered);
    LT_RUN(test_hello_retry_request_ends_its_record);
    LT_RUN(test_tls12_client_hello_extensions);
    LT_RUN(test_ticket_extensions_checked);
    LT_RUN(test_certificate_request_context_in_handshake);
    LT_RUN(test_record_errors);
    LT_RUN(test_client_side_errors);
    LT_RUN(test_early_data_skipped);
    LT_RUN(test_certificate_entry_extensions);
    return lt_test_summary();
}
