/* A real latch client and hand-made server answers, for the tests of the client's checks of
 * the ServerHello (test_client13.c, test_client12.c): the client sends its ClientHello, the test
 * builds a ServerHello (or HelloRetryRequest) with one field bent and feeds it as a plaintext
 * record. Files are relative to tests/ (the working directory of unit tests). */
#ifndef LT_HELLO_H
#define LT_HELLO_H

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
    /* TLS 1.2 (with versions 1 and key_share 1) */
    int reneg;                /* renegotiation_info: 0 none, 1 empty (RFC 5746), 2 not empty */
    int ems;                  /* extended_master_secret: 0 none, 1 empty, 2 one byte */
    int point_formats;        /* ec_point_formats: 0 none, 1 uncompressed, 2 compressed only */
    int status;               /* status_request: 0 none, 1 empty, 2 one byte */
    int record_limit;         /* record_size_limit: 0 none, -1 three bytes, else its value */
} lt_sh_spec;

#define LT_SUITE_ECDHE_ECDSA_AES128 0xc02b

/* A TLS 1.2 ServerHello that a default client takes: ECDHE-ECDSA with AES-128-GCM, secure
 * renegotiation and the extended master secret. */
static inline lt_sh_spec lt_sh12(void)
{
    lt_sh_spec spec = { 0 };
    spec.versions = 1;
    spec.key_share = 1;
    spec.suite = LT_SUITE_ECDHE_ECDSA_AES128;
    spec.reneg = 1;
    spec.ems = 1;
    return spec;
}

/* A client with the default configuration, and its first flight taken out. */
typedef struct {
    latch_config *cfg;
    latch_conn *conn;
    uint8_t session_id[32];
    size_t session_id_len;
} lt_client;

/* The client of cfg (the lt_client's from then on; NULL fails) starts. */
static inline int lt_client_start_with(lt_client *c, latch_config *cfg)
{
    size_t len;
    memset(c, 0, sizeof *c);
    c->cfg = cfg;
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

static inline int lt_client_start(lt_client *c)
{
    return lt_client_start_with(c, lt_pair_client_config());
}

static inline void lt_client_end(lt_client *c)
{
    latch_conn_free(c->conn);
    latch_config_free(c->cfg);
}

/* The server's answer as a plaintext record. */
static inline size_t lt_build_server_hello(const lt_client *c, const lt_sh_spec *spec, uint8_t *out, size_t cap)
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
    else if (spec->versions == 1) /* TLS 1.2: a new session of the server's (RFC 5246 §7.4.1.3) */
        for (size_t i = 0; i < c->session_id_len; i++)
            sid[i] = (uint8_t)(0xa0 + i);
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
    if (spec->reneg) {
        lt_writer_u16(&w, LT_EXT_RENEGOTIATION_INFO);
        lt_writer_open16(&w, &ext);
        lt_writer_open8(&w, &inner);
        if (spec->reneg == 2)
            lt_writer_u8(&w, 0x5a);
        lt_writer_close(&w, &inner);
        lt_writer_close(&w, &ext);
    }
    if (spec->ems) {
        lt_writer_u16(&w, LT_EXT_EXTENDED_MASTER_SECRET);
        lt_writer_open16(&w, &ext);
        if (spec->ems == 2)
            lt_writer_u8(&w, 0);
        lt_writer_close(&w, &ext);
    }
    if (spec->point_formats) {
        lt_writer_u16(&w, LT_EXT_EC_POINT_FORMATS);
        lt_writer_open16(&w, &ext);
        lt_writer_open8(&w, &inner);
        lt_writer_u8(&w, spec->point_formats == 1 ? 0 : 1);
        lt_writer_close(&w, &inner);
        lt_writer_close(&w, &ext);
    }
    if (spec->status) {
        lt_writer_u16(&w, LT_EXT_STATUS_REQUEST);
        lt_writer_open16(&w, &ext);
        if (spec->status == 2)
            lt_writer_u8(&w, 1);
        lt_writer_close(&w, &ext);
    }
    if (spec->record_limit) {
        lt_writer_u16(&w, LT_EXT_RECORD_SIZE_LIMIT);
        lt_writer_open16(&w, &ext);
        lt_writer_u16(&w, (uint16_t)(spec->record_limit > 0 ? spec->record_limit : 0x4000));
        if (spec->record_limit < 0)
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
static inline latch_status lt_feed(latch_conn *conn, const uint8_t *data, size_t len)
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
static inline int lt_answer(lt_client *c, const lt_sh_spec *spec, const char *reason)
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
static inline int lt_first_answer(const lt_sh_spec *spec, const char *reason)
{
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    int alert = lt_answer(&c, spec, reason);
    lt_client_end(&c);
    return alert;
}

#endif
