/* TLS 1.2 CBC records (crypto/cbc.c through tls/record12.c): round trips for every cipher, MAC
 * and encrypt-then-MAC setting at every plaintext length around the block and MAC sizes. */
#include "lt_test.h"

#include "base/err.h"
#include "tls/proto.h"
#include "tls/record.h"

static void lt_keys(lt_record_keys *w, lt_record_keys *r, lt_cbc_id cbc, lt_hash_id mac, int etm)
{
    uint8_t key[32], mac_key[48];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(7 * i + 1);
    for (size_t i = 0; i < sizeof mac_key; i++)
        mac_key[i] = (uint8_t)(0x40 + i);
    memset(w, 0, sizeof *w);
    memset(r, 0, sizeof *r);
    LT_CHECK_INT(lt_record_keys_set12_cbc(w, cbc, mac, key, mac_key, etm, 1), 0);
    LT_CHECK_INT(lt_record_keys_set12_cbc(r, cbc, mac, key, mac_key, etm, 0), 0);
}

static void test_round_trips(void)
{
    static const lt_cbc_id ciphers[] = { LT_CBC_AES_128, LT_CBC_AES_256 };
    static const lt_hash_id macs[] = { LT_HASH_SHA1, LT_HASH_SHA256, LT_HASH_SHA384 };
    uint8_t buf[600], msg[300];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 13 + 5);
    for (size_t c = 0; c < 2; c++)
        for (size_t m = 0; m < 3; m++)
            for (int etm = 0; etm < 2; etm++) {
                lt_record_keys w, r;
                lt_keys(&w, &r, ciphers[c], macs[m], etm);
                for (size_t len = 0; len < 80; len++) {
                    size_t record_len = 0, off = 0, plain_len = 0;
                    LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, msg, len, buf, sizeof buf,
                                                  &record_len), 0);
                    LT_CHECK(record_len <= LT_RECORD_HEADER_LEN + len + lt_record_overhead(&w) - LT_RECORD_HEADER_LEN + 0 + LT_RECORD_HEADER_LEN);
                    LT_CHECK_INT(lt_record12_open(&r, buf, record_len, &off, &plain_len), 0);
                    LT_CHECK_INT(plain_len, len);
                    LT_CHECK_INT(off, LT_RECORD_HEADER_LEN + 16);
                    LT_CHECK_MEM(buf + off, msg, len);
                }
                lt_record_keys_clear(&w);
                lt_record_keys_clear(&r);
            }
}

int main(void)
{
    LT_RUN(test_round_trips);
    return lt_test_summary();
}
