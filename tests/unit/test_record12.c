/* TLS 1.2 AEAD records: the framing (explicit nonce for AES-GCM, none for ChaCha20-Poly1305),
 * round trips under both, and refusal of a changed byte, a replayed record and a wrong type.
 * Interop with OpenSSL and GnuTLS checks the bytes against other implementations. */
#include "lt_test.h"

#include "base/err.h"

#include "tls/proto.h"
#include "tls/record.h"

static void lt_round_trip(lt_aead_id aead, size_t key_len, size_t explicit_len)
{
    uint8_t key[32], iv[12], buf[256], copy[256];
    lt_record_keys w, r;
    memset(&w, 0, sizeof w);
    memset(&r, 0, sizeof r);
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(3 * i + 1);
    for (size_t i = 0; i < sizeof iv; i++)
        iv[i] = (uint8_t)(0xa0 + i);
    (void)key_len;
    LT_CHECK_INT(lt_record_keys_set12(&w, aead, key, iv), 0);
    LT_CHECK_INT(lt_record_keys_set12(&r, aead, key, iv), 0);
    LT_CHECK_INT(lt_record_prefix(&w), LT_RECORD_HEADER_LEN + explicit_len);
    LT_CHECK_INT(lt_record_overhead(&w), LT_RECORD_HEADER_LEN + explicit_len + LT_AEAD_TAG_LEN);
    for (int n = 0; n < 3; n++) {
        size_t len = 100, record_len = 0, off = 0, plain_len = 0;
        memset(buf, 0, sizeof buf);
        static const uint8_t message[] = "hello, TLS 1.2 record layer";
        len = 27;
        /* sealed in place, and straight from the caller's buffer: the same record either way */
        const uint8_t *data = message;
        if (n != 1) {
            memcpy(buf + lt_record_prefix(&w), message, len);
            data = buf + lt_record_prefix(&w);
        }
        LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, data, len, buf, sizeof buf, &record_len), 0);
        LT_CHECK_INT(record_len, LT_RECORD_HEADER_LEN + explicit_len + len + LT_AEAD_TAG_LEN);
        LT_CHECK(buf[0] == LT_CT_APPLICATION_DATA && buf[1] == 3 && buf[2] == 3);
        LT_CHECK_INT((size_t)buf[3] << 8 | buf[4], record_len - LT_RECORD_HEADER_LEN);
        if (explicit_len) /* latch's explicit nonce is its sequence number */
            LT_CHECK(buf[5 + 7] == n && buf[5] == 0);
        memcpy(copy, buf, record_len);
        /* a changed byte does not authenticate (and does not use up a sequence number) */
        copy[record_len - 20] ^= 1;
        LT_CHECK_INT(lt_record12_open(&r, copy, record_len, &off, &plain_len), LT_ERR_VERIFY);
        memcpy(copy, buf, record_len);
        copy[0] = LT_CT_HANDSHAKE; /* the type is authenticated */
        LT_CHECK_INT(lt_record12_open(&r, copy, record_len, &off, &plain_len), LT_ERR_VERIFY);
        LT_CHECK_INT(lt_record12_open(&r, buf, record_len, &off, &plain_len), 0);
        LT_CHECK_INT(off, LT_RECORD_HEADER_LEN + explicit_len);
        LT_CHECK_INT(plain_len, len);
        LT_CHECK_MEM(buf + off, "hello, TLS 1.2 record layer", 27);
    }
    /* the last record again: its sequence number has passed */
    size_t record_len = 0, off = 0, plain_len = 0;
    memcpy(buf + lt_record_prefix(&w), "again", 5);
    LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, buf + lt_record_prefix(&w), 5, buf, sizeof buf,
                                  &record_len), 0);
    memcpy(copy, buf, record_len);
    LT_CHECK_INT(lt_record12_open(&r, buf, record_len, &off, &plain_len), 0);
    LT_CHECK_INT(lt_record12_open(&r, copy, record_len, &off, &plain_len), LT_ERR_VERIFY);
    lt_record_keys_clear(&w);
    lt_record_keys_clear(&r);
}

static void test_gcm(void)
{
    lt_round_trip(LT_AEAD_AES_128_GCM, 16, 8);
    lt_round_trip(LT_AEAD_AES_256_GCM, 32, 8);
}

static void test_chacha(void)
{
    lt_round_trip(LT_AEAD_CHACHA20_POLY1305, 32, 0);
}

int main(void)
{
    LT_RUN(test_gcm);
    LT_RUN(test_chacha);
    return lt_test_summary();
}
