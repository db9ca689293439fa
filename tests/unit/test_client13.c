/* Unit tests for the TLS 1.3 client's checks of the ServerHello and HelloRetryRequest
 * (src/tls/client13.c, RFC 8446 §4.1.3, §4.1.4, §4.2.1, §4.2.2, §4.2.8): a real latch client sends
 * its ClientHello, and a hand-made server answer, with one field bent, gets the alert the RFC
 * names and a sentence saying what was wrong. Each bent answer has a well-formed twin that the
 * client takes, so a check that refused everything would fail too. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "base/writer.h"
#include "crypto/kex.h"
#include "tls/conn.h"
#include "tls/proto.h"

#define LT_SUITE_AES128 0x1301
#define LT_SUITE_AES256 0x1302

/* What a hand-made ServerHello holds; zero fields take the well-formed value. */
typedef struct {
    int hrr;                  /* a HelloRetryRequest (its special random) */
    uint16_t legacy_version;  /* 0: 0x0303 */
    uint8_t compression;
    uint16_t suite;           /* 0: TLS_AES_128_GCM_SHA256 */
    int bent_session_id;      /* the client's legacy_session_id with one bit flipped */
    const char *sentinel;     /* the last 8 bytes of the random (a downgrade sentinel) */
    int versions;             /* supported_versions: 0 TLS 1.3, 1 none, 2 three bytes, 3 0x0305 */
    int key_share;            /* 0: a share of key_group (the group alone in an HRR); 1: none;
                                 2: one byte too many; 3: 32 zero bytes */
    uint16_t key_group;       /* 0: x25519 */
    int cookie;               /* HRR: 1 a cookie, 2 an empty cookie */
} lt_sh_spec;

/* A client with the default configuration, and its first flight taken out. */
typedef struct {
    latch_config *cfg;
    latch_conn *conn;
    uint8_t session_id[32];
    size_t session_id_len;
} lt_client;

static int lt_client_start(lt_client *c)
{
    size_t len;
    memset(c, 0, sizeof *c);
    c->cfg = lt_pair_client_config();
    c->conn = c->cfg ? latch_conn_new(c->cfg, "localhost") : NULL;
    if (c->conn == NULL)
        return 0;
    const uint8_t *out = latch_net_out_buf(c->conn, &len);
    /* record header (5), handshake header (4), legacy_version (2), random (32), session_id */
    if (out == NULL || len < 5 + 4 + 2 + 32 + 1 || out[5] != LT_HS_CLIENT_HELLO)
        return 0;
    c->session_id_len = out[5 + 4 + 2 + 32];
    memcpy(c->session_id, out + 5 + 4 + 2 + 32 + 1, c->session_id_len);
    latch_net_out_consumed(c->conn, len);
    return c->session_id_len == 32;
}

static void lt_client_end(lt_client *c)
{
    latch_conn_free(c->conn);
    latch_config_free(c->cfg);
}

/* The server's answer as a plaintext record. */
static size_t lt_build_server_hello(const lt_client *c, const lt_sh_spec *spec, uint8_t *out, size_t cap)
{
    lt_writer w = lt_writer_init(out, cap);
    lt_writer_block rec, msg, exts, ext, inner;
    uint16_t group = spec->key_group ? spec->key_group : LT_GROUP_X25519;
    uint8_t share[LT_KEX_MAX_PUBLIC] = { 0 }, random[32];
    size_t share_len = 32;
    if (spec->key_share != 3 && !spec->hrr) {
        lt_kex *kex = NULL;
        if (lt_kex_generate((lt_group)group, &kex) < 0 || lt_kex_public(kex, share, sizeof share, &share_len) < 0) {
            lt_kex_free(kex);
            return 0;
        }
        lt_kex_free(kex);
    }
    if (spec->hrr)
        memcpy(random, lt_hrr_random, 32);
    else
        for (size_t i = 0; i < 32; i++)
            random[i] = (uint8_t)(0x40 + i);
    if (spec->sentinel != NULL)
        memcpy(random + 24, spec->sentinel, 8);

    lt_writer_u8(&w, LT_CT_HANDSHAKE);
    lt_writer_u16(&w, 0x0303);
    lt_writer_open16(&w, &rec);
    lt_writer_u8(&w, LT_HS_SERVER_HELLO);
    lt_writer_open24(&w, &msg);
    lt_writer_u16(&w, spec->legacy_version ? spec->legacy_version : 0x0303);
    lt_writer_bytes(&w, random, 32);
    lt_writer_u8(&w, (uint8_t)c->session_id_len);
    uint8_t sid[32];
    memcpy(sid, c->session_id, c->session_id_len);
    if (spec->bent_session_id)
        sid[7] ^= 0x10;
    lt_writer_bytes(&w, sid, c->session_id_len);
    lt_writer_u16(&w, spec->suite ? spec->suite : LT_SUITE_AES128);
    lt_writer_u8(&w, spec->compression);
    lt_writer_open16(&w, &exts);
    if (spec->versions != 1) {
        lt_writer_u16(&w, LT_EXT_SUPPORTED_VERSIONS);
        lt_writer_open16(&w, &ext);
        lt_writer_u16(&w, spec->versions == 3 ? 0x0305 : 0x0304);
        if (spec->versions == 2)
            lt_writer_u8(&w, 0);
        lt_writer_close(&w, &ext);
    }
    if (spec->key_share != 1) {
        lt_writer_u16(&w, LT_EXT_KEY_SHARE);
        lt_writer_open16(&w, &ext);
        lt_writer_u16(&w, group);
        if (!spec->hrr) {
            lt_writer_open16(&w, &inner);
            lt_writer_bytes(&w, share, share_len);
            lt_writer_close(&w, &inner);
        }
        if (spec->key_share == 2)
            lt_writer_u8(&w, 0);
        lt_writer_close(&w, &ext);
    }
    if (spec->cookie) {
        lt_writer_u16(&w, LT_EXT_COOKIE);
        lt_writer_open16(&w, &ext);
        lt_writer_open16(&w, &inner);
        if (spec->cookie == 1)
            lt_writer_bytes(&w, "latch-cookie", 12);
        lt_writer_close(&w, &inner);
        lt_writer_close(&w, &ext);
    }
    lt_writer_close(&w, &exts);
    lt_writer_close(&w, &msg);
    lt_writer_close(&w, &rec);
    return w.err ? 0 : w.len;
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

/* Answers the client with spec; returns the alert it sent (-1: none) and checks its sentence. */
static int lt_answer(lt_client *c, const lt_sh_spec *spec, const char *reason)
{
    uint8_t record[1024];
    size_t len = lt_build_server_hello(c, spec, record, sizeof record);
    LT_CHECK(len > 0);
    latch_status st = lt_feed(c->conn, record, len);
    int alert = latch_conn_alert_sent(c->conn);
    if (reason != NULL) {
        LT_CHECK(st < 0);
        LT_CHECK_STR_CONTAINS(latch_conn_error(c->conn), reason);
    } else if (st < 0) {
        fprintf(stderr, "  refused a well-formed answer: %s\n", latch_conn_error(c->conn));
        LT_CHECK(st >= 0);
    }
    return alert;
}

/* One fresh client answered with spec: its alert. */
static int lt_first_answer(const lt_sh_spec *spec, const char *reason)
{
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    int alert = lt_answer(&c, spec, reason);
    lt_client_end(&c);
    return alert;
}

/* The well-formed ServerHello is taken; it then waits for EncryptedExtensions. */
static void test_well_formed_server_hello_is_taken(void)
{
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    lt_sh_spec spec = { 0 };
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK_INT(c.conn->version, LATCH_TLS13);
    LT_CHECK_INT(c.conn->group, LT_GROUP_X25519);
    lt_client_end(&c);
}

/* §4.2.1 and §4.1.3: the version fields. */
static void test_server_hello_version_fields(void)
{
    lt_sh_spec spec = { 0 };
    spec.versions = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed supported_versions in the ServerHello"), LT_ALERT_DECODE_ERROR);
    spec.versions = 3;
    LT_CHECK_INT(lt_first_answer(&spec, "the server chose an unknown version, which we did not offer"),
                 LT_ALERT_PROTOCOL_VERSION);
    /* the sentinel in a TLS 1.3 client's answer it cannot take: a downgrade, not a version */
    spec.sentinel = LT_DOWNGRADE_TLS12;
    LT_CHECK_INT(lt_first_answer(&spec, "signalled a downgrade from TLS 1.3"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.sentinel = NULL;
    spec.versions = 1; /* no supported_versions, legacy_version TLS 1.1 */
    spec.legacy_version = 0x0302;
    LT_CHECK_INT(lt_first_answer(&spec, "a version older than TLS 1.2, which we did not offer"),
                 LT_ALERT_PROTOCOL_VERSION);
    memset(&spec, 0, sizeof spec); /* TLS 1.3 selected, but legacy_version not 0x0303 */
    spec.legacy_version = 0x0302;
    LT_CHECK_INT(lt_first_answer(&spec, "bad legacy_version or compression method"), LT_ALERT_ILLEGAL_PARAMETER);
    memset(&spec, 0, sizeof spec);
    spec.compression = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "bad legacy_version or compression method"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* §4.1.3: the legacy_session_id is echoed as sent. */
static void test_server_hello_must_echo_session_id(void)
{
    lt_sh_spec spec = { 0 };
    spec.bent_session_id = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "did not echo our legacy_session_id"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* §4.2.8: one share, of the group we sent a share for, that makes a secret. */
static void test_server_hello_key_share(void)
{
    lt_sh_spec spec = { 0 };
    spec.key_share = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "the ServerHello has no key_share"), LT_ALERT_MISSING_EXTENSION);
    spec.key_share = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed key_share in the ServerHello"), LT_ALERT_DECODE_ERROR);
    spec.key_share = 0; /* P-256 is offered in supported_groups, but its share was not sent */
    spec.key_group = LT_GROUP_SECP256R1;
    LT_CHECK_INT(lt_first_answer(&spec, "key share is for group 0x0017, not the one we offered"),
                 LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_group = 0; /* the all-zero x25519 point makes an all-zero secret (RFC 7748 §6.1) */
    spec.key_share = 3;
    LT_CHECK_INT(lt_first_answer(&spec, "the server's x25519 key share is invalid"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* §4.1.4: a HelloRetryRequest must change the ClientHello, with a group we support and did not
 * already send a share for, or a cookie of at least one byte. */
static void test_hello_retry_request_checks(void)
{
    lt_sh_spec spec = { 0 };
    spec.hrr = 1;
    spec.key_share = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "HelloRetryRequest would not change the ClientHello"),
                 LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_share = 0; /* x25519 again */
    LT_CHECK_INT(lt_first_answer(&spec, "asks for group 0x001d, which we already sent"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_group = 0x0100; /* ffdhe2048 */
    LT_CHECK_INT(lt_first_answer(&spec, "asks for group 0x0100, which we did not offer"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_group = LT_GROUP_SECP256R1;
    spec.key_share = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed key_share in the HelloRetryRequest"), LT_ALERT_DECODE_ERROR);
    spec.key_share = 1;
    spec.cookie = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "HelloRetryRequest carries a malformed extension 44"), LT_ALERT_DECODE_ERROR);

    /* the well-formed ones: a new group, or a cookie alone; each gets a second ClientHello */
    spec.key_share = 0;
    spec.cookie = 0;
    lt_client c;
    size_t len;
    LT_CHECK(lt_client_start(&c));
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK(latch_net_out_buf(c.conn, &len) != NULL && len > 0);
    LT_CHECK_INT(c.conn->hs->kex_group, LT_GROUP_SECP256R1);
    lt_client_end(&c);
    spec.key_share = 1;
    spec.cookie = 1;
    LT_CHECK(lt_client_start(&c));
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK(latch_net_out_buf(c.conn, &len) != NULL && len > 0);
    LT_CHECK_INT(c.conn->hs->cookie_len, 12);
    lt_client_end(&c);
}

/* §4.1.4: after a HelloRetryRequest, the ServerHello keeps its suite and is no second retry. */
static void test_after_hello_retry_request(void)
{
    for (int variant = 0; variant < 3; variant++) {
        lt_client c;
        LT_CHECK(lt_client_start(&c));
        lt_sh_spec hrr = { 0 };
        hrr.hrr = 1;
        hrr.key_group = LT_GROUP_SECP256R1;
        LT_CHECK_INT(lt_answer(&c, &hrr, NULL), -1);
        size_t len;
        if (latch_net_out_buf(c.conn, &len) != NULL)
            latch_net_out_consumed(c.conn, len);
        lt_sh_spec sh = { 0 };
        sh.key_group = LT_GROUP_SECP256R1;
        if (variant == 0) {
            LT_CHECK_INT(lt_answer(&c, &sh, NULL), -1);
            LT_CHECK_INT(c.conn->group, LT_GROUP_SECP256R1);
        } else if (variant == 1) {
            sh.suite = LT_SUITE_AES256;
            LT_CHECK_INT(lt_answer(&c, &sh, "changed its cipher suite after HelloRetryRequest"),
                         LT_ALERT_ILLEGAL_PARAMETER);
        } else {
            LT_CHECK_INT(lt_answer(&c, &hrr, "the server sent a second HelloRetryRequest"),
                         LT_ALERT_UNEXPECTED_MESSAGE);
        }
        lt_client_end(&c);
    }
}

int main(void)
{
    LT_RUN(test_well_formed_server_hello_is_taken);
    LT_RUN(test_server_hello_version_fields);
    LT_RUN(test_server_hello_must_echo_session_id);
    LT_RUN(test_server_hello_key_share);
    LT_RUN(test_hello_retry_request_checks);
    LT_RUN(test_after_hello_retry_request);
    return lt_test_summary();
}
