/* What a connected TLS 1.3 engine (src/tls/engine.c) does with protected records whose inner
 * plaintext a peer made by hand (RFC 8446 §5.2, §5.4): the whole TLSInnerPlaintext is bounded at
 * 2^14 + 1 bytes and a record at 2^14 + 256 (record_overflow), a record with no content type,
 * an empty handshake or alert record and an unknown type are unexpected_message, and empty
 * application data records are taken only a few in a row. Each limit is tried at N - 1, N and
 * N + 1. The records are sealed under the server's own write keys and fed to the client. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/record.h"

static const char *const lt_test_cert = "p256";

static int lt_pair13(lt_pair *p)
{
    latch_config *server_cfg = lt_pair_server_config(&lt_test_cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_config_set_versions(client_cfg, LATCH_TLS13, LATCH_TLS13);
    int ok = lt_pair_handshake(p, client_cfg, server_cfg, "localhost");
    latch_config_free(client_cfg); /* the connections keep their references */
    latch_config_free(server_cfg);
    /* the server's ticket, sent after the handshake, is read by the client first */
    uint8_t buf[16];
    size_t n;
    lt_pair_pump(p);
    (void)latch_read(p->client, buf, sizeof buf, &n);
    return ok;
}

/* Seals inner (a whole TLSInnerPlaintext, padding included) under the server's write keys;
 * returns the record's length. */
static size_t seal_inner(latch_conn *server, const uint8_t *inner, size_t inner_len, uint8_t *record)
{
    lt_record_keys *keys = &server->write_keys;
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    lt_record_header(record, LT_CT_APPLICATION_DATA, inner_len + LT_AEAD_TAG_LEN);
    memcpy(record + LT_RECORD_HEADER_LEN, inner, inner_len);
    lt_record_nonce(keys, nonce);
    if (lt_aead_seal(keys->aead, nonce, record, LT_RECORD_HEADER_LEN, record + LT_RECORD_HEADER_LEN, inner_len,
                     record + LT_RECORD_HEADER_LEN + inner_len) < 0)
        return 0;
    keys->seq++;
    return LT_RECORD_HEADER_LEN + inner_len + LT_AEAD_TAG_LEN;
}

/* Feeds the record to the client and reads: the status, and the bytes read in *got. */
static latch_status deliver(latch_conn *client, const uint8_t *record, size_t len, size_t *got)
{
    latch_status st = LATCH_OK;
    *got = 0;
    while (len > 0 && st >= 0) {
        size_t room;
        uint8_t *in = latch_net_in_buf(client, &room);
        if (in == NULL || room == 0)
            return LATCH_ERR_BUFFER;
        size_t n = len < room ? len : room;
        memcpy(in, record, n);
        st = latch_net_in_commit(client, n);
        record += n;
        len -= n;
    }
    if (st < 0)
        return st;
    static uint8_t buf[LT_MAX_PLAINTEXT];
    size_t n = 0;
    while ((st = latch_read(client, buf, sizeof buf, &n)) == LATCH_OK)
        *got += n;
    return st;
}

/* content bytes of 'a', the type, padding zeros */
static size_t make_inner(uint8_t *inner, size_t content, uint8_t type, size_t padding)
{
    memset(inner, 'a', content);
    inner[content] = type;
    memset(inner + content + 1, 0, padding);
    return content + 1 + padding;
}

/* Checks the client failed with unexpected_message (or alert) and a sentence containing reason. */
static void expect_failure(lt_pair *p, latch_status st, int alert, const char *reason)
{
    LT_CHECK(st < 0);
    LT_CHECK_INT(latch_conn_alert_sent(p->client), alert);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p->client), reason);
}

/* §5.4: the TLSInnerPlaintext, padding included, is at most 2^14 + 1 bytes: 2^14 bytes of data
 * and the type, or less data and more padding; one byte more is record_overflow. */
static void test_inner_plaintext_at_most_2_14_plus_1(void)
{
    uint8_t *inner = malloc(LT_MAX_CIPHERTEXT_13 + 64), *record = malloc(LT_MAX_CIPHERTEXT_13 + 128);
    static const struct { size_t content, padding; int ok; } cases[] = {
        { LT_MAX_PLAINTEXT - 1, 0, 1 }, { LT_MAX_PLAINTEXT, 0, 1 }, { LT_MAX_PLAINTEXT, 1, 0 },
        { 100, LT_MAX_PLAINTEXT - 100, 1 }, { 100, LT_MAX_PLAINTEXT - 99, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair13(&p));
        size_t got, len = seal_inner(p.server, inner,
                                     make_inner(inner, cases[i].content, LT_CT_APPLICATION_DATA, cases[i].padding),
                                     record);
        latch_status st = deliver(p.client, record, len, &got);
        if (cases[i].ok) {
            LT_CHECK_INT(st, LATCH_WANT_READ);
            LT_CHECK_INT(got, cases[i].content);
        } else {
            expect_failure(&p, st, LT_ALERT_RECORD_OVERFLOW, "larger than our record_size_limit (16384 bytes)");
        }
        lt_pair_free(&p);
    }
    /* §5.2: a record over 2^14 + 256 bytes is refused by its header alone */
    for (size_t extra = 256; extra <= 257; extra++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair13(&p));
        size_t got, len = seal_inner(p.server, inner, make_inner(inner, LT_MAX_PLAINTEXT, LT_CT_APPLICATION_DATA,
                                                                 extra - 1 - LT_AEAD_TAG_LEN), record);
        LT_CHECK_INT(len, LT_RECORD_HEADER_LEN + LT_MAX_PLAINTEXT + extra);
        latch_status st = deliver(p.client, record, len, &got);
        expect_failure(&p, st, LT_ALERT_RECORD_OVERFLOW,
                       extra == 256 ? "larger than our record_size_limit" : "a record of 16641 bytes (at most 16640");
        lt_pair_free(&p);
    }
    free(inner);
    free(record);
}

/* §5.4: no non-zero byte, so no content type: unexpected_message. */
static void test_record_without_content_type(void)
{
    uint8_t inner[40] = { 0 }, record[128];
    lt_pair p = { 0 };
    LT_CHECK(lt_pair13(&p));
    size_t got, len = seal_inner(p.server, inner, sizeof inner, record);
    expect_failure(&p, deliver(p.client, record, len, &got), LT_ALERT_UNEXPECTED_MESSAGE,
                   "the peer sent a record with no content type");
    lt_pair_free(&p);
}

/* §5.1: handshake and alert records are never empty; an unknown type is unexpected_message. */
static void test_empty_control_records_and_unknown_types(void)
{
    static const struct { uint8_t type; const char *reason; } cases[] = {
        { LT_CT_HANDSHAKE, "an empty record of type 22" },
        { LT_CT_ALERT, "an empty record of type 21" },
        { 99, "a record of unknown type 99" },
        { LT_CT_CHANGE_CIPHER_SPEC, "a record of unknown type 20" }, /* protected: §5 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t inner[8], record[64];
        lt_pair p = { 0 };
        LT_CHECK(lt_pair13(&p));
        size_t content = cases[i].type == LT_CT_HANDSHAKE || cases[i].type == LT_CT_ALERT ? 0 : 1;
        size_t got, len = seal_inner(p.server, inner, make_inner(inner, content, cases[i].type, 2), record);
        latch_status st = deliver(p.client, record, len, &got);
        expect_failure(&p, st, LT_ALERT_UNEXPECTED_MESSAGE, cases[i].reason);
        lt_pair_free(&p);
    }
}

/* Empty application data records cost the peer nothing: LT_MAX_EMPTY_RECORDS in a row are taken,
 * one more is not, and data between them starts the count again. */
static void test_empty_records_in_a_row(void)
{
    uint8_t inner[8], record[64];
    for (int n = LT_MAX_EMPTY_RECORDS - 1; n <= LT_MAX_EMPTY_RECORDS + 1; n++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair13(&p));
        latch_status st = LATCH_OK;
        size_t got;
        for (int i = 0; i < n && st >= 0; i++) {
            size_t len = seal_inner(p.server, inner, make_inner(inner, 0, LT_CT_APPLICATION_DATA, i % 3), record);
            st = deliver(p.client, record, len, &got);
        }
        if (n <= LT_MAX_EMPTY_RECORDS)
            LT_CHECK_INT(st, LATCH_WANT_READ);
        else
            expect_failure(&p, st, LT_ALERT_UNEXPECTED_MESSAGE, "too many empty records");
        lt_pair_free(&p);
    }
    lt_pair p = { 0 };
    LT_CHECK(lt_pair13(&p));
    latch_status st = LATCH_OK;
    size_t got, total = 0;
    for (int i = 0; i < 2 * LT_MAX_EMPTY_RECORDS + 1 && st >= 0; i++) {
        size_t content = i == LT_MAX_EMPTY_RECORDS ? 1 : 0;
        size_t len = seal_inner(p.server, inner, make_inner(inner, content, LT_CT_APPLICATION_DATA, 0), record);
        st = deliver(p.client, record, len, &got);
        total += got;
    }
    LT_CHECK_INT(st, LATCH_WANT_READ);
    LT_CHECK_INT(total, 1);
    lt_pair_free(&p);
}

int main(void)
{
    LT_RUN(test_inner_plaintext_at_most_2_14_plus_1);
    LT_RUN(test_record_without_content_type);
    LT_RUN(test_empty_control_records_and_unknown_types);
    LT_RUN(test_empty_records_in_a_row);
    return lt_test_summary();
}
