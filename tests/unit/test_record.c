/* Unit tests for TLS 1.3 record protection (src/tls/record.c, RFC 8446 §5.2-§5.5): the zero
 * padding of TLSInnerPlaintext is stripped and the last non-zero byte is the type; a record with
 * none is an error (§5.4: unexpected_message), a content over 2^14 bytes is one (record_overflow)
 * however much padding follows, a record too short for a tag cannot authenticate, a sequence
 * number never wraps, and a record that does not authenticate leaves nothing decrypted in the
 * caller's buffer. Records with hand-made inner plaintexts are sealed here with the AEAD itself,
 * under every AEAD. */
#include <stdlib.h>

#include "lt_test.h"

#include "base/err.h"
#include "tls/proto.h"
#include "tls/record.h"

static const lt_aead_id aeads[] = { LT_AEAD_AES_128_GCM, LT_AEAD_AES_256_GCM, LT_AEAD_CHACHA20_POLY1305 };
static const char *const aead_names[] = { "AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305" };

#define RECORD_CAP (LT_RECORD_HEADER_LEN + LT_MAX_CIPHERTEXT_13 + 64)

/* A writer's and a reader's keys for the same traffic secret. */
static int keys_pair(lt_aead_id aead, lt_record_keys *w, lt_record_keys *r)
{
    uint8_t key[LT_AEAD_MAX_KEY_LEN], iv[LT_AEAD_NONCE_LEN];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(0xa0 + i);
    for (size_t i = 0; i < sizeof iv; i++)
        iv[i] = (uint8_t)(0x10 * i);
    memset(w, 0, sizeof *w);
    memset(r, 0, sizeof *r);
    return lt_record_keys_set(w, aead, key, iv) == 0 && lt_record_keys_set(r, aead, key, iv) == 0;
}

/* Seals inner (a whole TLSInnerPlaintext, as given) as the next record of w; returns its length. */
static size_t seal_inner(lt_record_keys *w, const uint8_t *inner, size_t inner_len, uint8_t *record)
{
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    lt_record_header(record, LT_CT_APPLICATION_DATA, inner_len + LT_AEAD_TAG_LEN);
    memcpy(record + LT_RECORD_HEADER_LEN, inner, inner_len);
    lt_record_nonce(w, nonce);
    if (lt_aead_seal(w->aead, nonce, record, LT_RECORD_HEADER_LEN, record + LT_RECORD_HEADER_LEN, inner_len,
                     record + LT_RECORD_HEADER_LEN + inner_len) < 0)
        return 0;
    w->seq++;
    return LT_RECORD_HEADER_LEN + inner_len + LT_AEAD_TAG_LEN;
}

/* content bytes of 'a', then type, then padding zero bytes */
static size_t make_inner(uint8_t *inner, size_t content, uint8_t type, size_t padding)
{
    memset(inner, 'a', content);
    inner[content] = type;
    memset(inner + content + 1, 0, padding);
    return content + 1 + padding;
}

static void test_padding_is_stripped(void)
{
    uint8_t *inner = malloc(RECORD_CAP), *record = malloc(RECORD_CAP);
    for (size_t a = 0; a < 3; a++) {
        lt_record_keys w, r;
        LT_CHECK(keys_pair(aeads[a], &w, &r));
        static const size_t paddings[] = { 0, 1, 200 };
        for (size_t p = 0; p < 3; p++) {
            size_t len = seal_inner(&w, inner, make_inner(inner, 5, LT_CT_HANDSHAKE, paddings[p]), record);
            uint8_t type = 0;
            size_t plain_len = 0;
            LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), 0);
            LT_CHECK_INT(type, LT_CT_HANDSHAKE);
            LT_CHECK_INT(plain_len, 5);
            LT_CHECK_MEM(record + LT_RECORD_HEADER_LEN, "aaaaa", 5);
        }
        /* the content may be empty: the type alone */
        size_t len = seal_inner(&w, inner, make_inner(inner, 0, LT_CT_ALERT, 10), record);
        uint8_t type = 0;
        size_t plain_len = 99;
        LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), 0);
        LT_CHECK_INT(type, LT_CT_ALERT);
        LT_CHECK_INT(plain_len, 0);
        if (lt_test_current_failed)
            fprintf(stderr, "  under %s\n", aead_names[a]);
        lt_record_keys_clear(&w);
        lt_record_keys_clear(&r);
    }
    free(inner);
    free(record);
}

/* §5.4: "If a receiving implementation does not find a non-zero octet in the cleartext, it MUST
 * terminate the connection with an unexpected_message alert": LT_ERR_DECODE. */
static void test_no_content_type_is_an_error(void)
{
    uint8_t inner[64] = { 0 }, record[128];
    for (size_t a = 0; a < 3; a++) {
        lt_record_keys w, r;
        LT_CHECK(keys_pair(aeads[a], &w, &r));
        static const size_t lens[] = { 1, 64 };
        for (size_t i = 0; i < 2; i++) {
            size_t len = seal_inner(&w, inner, lens[i], record);
            uint8_t type;
            size_t plain_len;
            LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), LT_ERR_DECODE);
        }
        lt_record_keys_clear(&w);
        lt_record_keys_clear(&r);
    }
}

/* §5.2 and §5.4: the content (without type and padding) is at most 2^14 bytes: 2^14 - 1 and 2^14
 * open, 2^14 + 1 is record_overflow (LT_ERR_LIMIT). Padding is not content here; the engine
 * bounds the whole TLSInnerPlaintext at 2^14 + 1 before it opens a record (test_engine_records). */
static void test_content_limit_is_2_14(void)
{
    uint8_t *inner = malloc(RECORD_CAP), *record = malloc(RECORD_CAP);
    for (size_t a = 0; a < 3; a++) {
        lt_record_keys w, r;
        LT_CHECK(keys_pair(aeads[a], &w, &r));
        static const size_t contents[] = { LT_MAX_PLAINTEXT - 1, LT_MAX_PLAINTEXT, LT_MAX_PLAINTEXT + 1 };
        for (size_t c = 0; c < 3; c++) {
            size_t len = seal_inner(&w, inner, make_inner(inner, contents[c], LT_CT_APPLICATION_DATA, 0), record);
            uint8_t type;
            size_t plain_len = 0;
            int rc = lt_record_open(&r, record, len, &type, &plain_len);
            LT_CHECK_INT(rc, contents[c] <= LT_MAX_PLAINTEXT ? 0 : LT_ERR_LIMIT);
            if (rc == 0)
                LT_CHECK_INT(plain_len, contents[c]);
        }
        size_t len = seal_inner(&w, inner, make_inner(inner, LT_MAX_PLAINTEXT, LT_CT_APPLICATION_DATA, 255), record);
        uint8_t type;
        size_t plain_len = 0;
        LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), 0);
        LT_CHECK_INT(plain_len, LT_MAX_PLAINTEXT);
        lt_record_keys_clear(&w);
        lt_record_keys_clear(&r);
    }
    free(inner);
    free(record);
}

/* The shortest record that can authenticate holds a type and a tag; one byte less cannot. */
static void test_short_record_cannot_authenticate(void)
{
    uint8_t inner[1] = { LT_CT_ALERT }, record[64];
    lt_record_keys w, r;
    LT_CHECK(keys_pair(LT_AEAD_AES_128_GCM, &w, &r));
    size_t len = seal_inner(&w, inner, 1, record);
    LT_CHECK_INT(len, LT_RECORD_HEADER_LEN + 1 + LT_AEAD_TAG_LEN);
    uint8_t type;
    size_t plain_len;
    LT_CHECK_INT(lt_record_open(&r, record, len - 1, &type, &plain_len), LT_ERR_VERIFY);
    LT_CHECK_INT(r.seq, 0); /* nothing was opened */
    LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), 0);
    LT_CHECK_INT(r.seq, 1);
    lt_record_keys_clear(&w);
    lt_record_keys_clear(&r);
}

/* A record opened into the caller's buffer: the content split between it and the record, and
 * when it does not authenticate, the buffer is wiped of what was decrypted into it. */
static void test_open_into_split_and_wiped_on_failure(void)
{
    uint8_t inner[64], record[128], saved[128], dst[64];
    for (size_t a = 0; a < 3; a++) {
        lt_record_keys w, r;
        LT_CHECK(keys_pair(aeads[a], &w, &r));
        size_t inner_len = make_inner(inner, 10, LT_CT_APPLICATION_DATA, 3);
        /* three bytes into dst, the rest (and the type) in place */
        size_t len = seal_inner(&w, inner, inner_len, record);
        uint8_t type = 0;
        size_t plain_len = 0, direct = 0;
        LT_CHECK_INT(lt_record_open_into(&r, record, len, dst, 3, &type, &plain_len, &direct), 0);
        LT_CHECK_INT(direct, 3);
        LT_CHECK_INT(plain_len, 10);
        LT_CHECK_INT(type, LT_CT_APPLICATION_DATA);
        LT_CHECK_MEM(dst, "aaa", 3);
        LT_CHECK_MEM(record + LT_RECORD_HEADER_LEN + 3, "aaaaaaa", 7);
        /* all of it into dst: the type is found there */
        len = seal_inner(&w, inner, inner_len, record);
        LT_CHECK_INT(lt_record_open_into(&r, record, len, dst, sizeof dst, &type, &plain_len, &direct), 0);
        LT_CHECK_INT(direct, inner_len);
        LT_CHECK_INT(plain_len, 10);
        LT_CHECK_INT(type, LT_CT_APPLICATION_DATA);
        LT_CHECK_MEM(dst, "aaaaaaaaaa", 10);
        /* a flipped bit in the header (the additional data), then in the tag */
        for (int where = 0; where < 2; where++) {
            len = seal_inner(&w, inner, inner_len, record);
            memcpy(saved, record, len);
            record[where == 0 ? 2 : len - 1] ^= 0x01;
            memset(dst, 0x55, sizeof dst);
            uint64_t seq = r.seq;
            LT_CHECK_INT(lt_record_open_into(&r, record, len, dst, sizeof dst, &type, &plain_len, &direct),
                         LT_ERR_VERIFY);
            LT_CHECK_INT(r.seq, seq);
            for (size_t i = 0; i < inner_len; i++)
                LT_CHECK_INT(dst[i], 0);
            /* the genuine record still opens at the same sequence number */
            LT_CHECK_INT(lt_record_open_into(&r, saved, len, dst, sizeof dst, &type, &plain_len, &direct), 0);
        }
        /* a padding-only record opened into dst: an error, and dst wiped */
        memset(inner, 0, sizeof inner);
        len = seal_inner(&w, inner, 20, record);
        memset(dst, 0x55, sizeof dst);
        LT_CHECK_INT(lt_record_open_into(&r, record, len, dst, sizeof dst, &type, &plain_len, &direct), LT_ERR_DECODE);
        for (size_t i = 0; i < 20; i++)
            LT_CHECK_INT(dst[i], 0);
        lt_record_keys_clear(&w);
        lt_record_keys_clear(&r);
    }
}

/* §5.3: a sequence number never wraps: the last one seals and opens, then neither side goes on. */
static void test_sequence_number_never_wraps(void)
{
    uint8_t record[128];
    lt_record_keys w, r;
    LT_CHECK(keys_pair(LT_AEAD_CHACHA20_POLY1305, &w, &r));
    w.seq = r.seq = UINT64_MAX - 1;
    size_t len = 0;
    LT_CHECK_INT(lt_record_seal(&w, LT_CT_APPLICATION_DATA, (const uint8_t *)"x", 1, record, sizeof record, &len), 0);
    uint8_t type;
    size_t plain_len;
    LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), 0);
    LT_CHECK_INT(type, LT_CT_APPLICATION_DATA);
    LT_CHECK(w.seq == UINT64_MAX && r.seq == UINT64_MAX);
    LT_CHECK_INT(lt_record_seal(&w, LT_CT_APPLICATION_DATA, (const uint8_t *)"x", 1, record, sizeof record, &len),
                 LT_ERR_LIMIT);
    LT_CHECK_INT(lt_record_open(&r, record, len, &type, &plain_len), LT_ERR_LIMIT);
    lt_record_keys_clear(&w);
    lt_record_keys_clear(&r);
}

/* Sealing refuses more than 2^14 bytes and a buffer without room for header, type and tag. */
static void test_seal_arguments(void)
{
    uint8_t *data = calloc(1, LT_MAX_PLAINTEXT + 1), *record = malloc(RECORD_CAP);
    lt_record_keys w, r;
    LT_CHECK(keys_pair(LT_AEAD_AES_256_GCM, &w, &r));
    size_t len = 0;
    LT_CHECK_INT(lt_record_seal(&w, LT_CT_APPLICATION_DATA, data, LT_MAX_PLAINTEXT + 1, record, RECORD_CAP, &len),
                 LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_record_seal(&w, LT_CT_APPLICATION_DATA, data, LT_MAX_PLAINTEXT, record, RECORD_CAP, &len), 0);
    LT_CHECK_INT(len, LT_RECORD_HEADER_LEN + LT_MAX_PLAINTEXT + 1 + LT_AEAD_TAG_LEN);
    size_t exact = LT_RECORD_HEADER_LEN + 10 + 1 + LT_AEAD_TAG_LEN;
    LT_CHECK_INT(lt_record_seal(&w, LT_CT_APPLICATION_DATA, data, 10, record, exact - 1, &len), LT_ERR_BUFFER);
    LT_CHECK_INT(w.seq, 1); /* the refused ones used no sequence number */
    LT_CHECK_INT(lt_record_seal(&w, LT_CT_APPLICATION_DATA, data, 10, record, exact, &len), 0);
    LT_CHECK_INT(len, exact);
    lt_record_keys_clear(&w);
    lt_record_keys_clear(&r);
    free(data);
    free(record);
}

int main(void)
{
    LT_RUN(test_padding_is_stripped);
    LT_RUN(test_no_content_type_is_an_error);
    LT_RUN(test_content_limit_is_2_14);
    LT_RUN(test_short_record_cannot_authenticate);
    LT_RUN(test_open_into_split_and_wiped_on_failure);
    LT_RUN(test_sequence_number_never_wraps);
    LT_RUN(test_seal_arguments);
    return lt_test_summary();
}
