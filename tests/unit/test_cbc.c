/* TLS 1.2 CBC records (crypto/cbc.c through tls/record12.c, RFC 5246 §6.2.3.2, RFC 7366): round
 * trips for every cipher, MAC and encrypt-then-MAC setting at every length around the block and
 * MAC sizes; records crafted here with libcrypto (a second opinion on the format) that open; and
 * the adversarial ones, each of which must be bad_record_mac (LT_ERR_VERIFY) and nothing else:
 * every wrong padding byte, padding length 255, a MAC off by one bit in each position, truncated
 * records, records shorter than IV + MAC, a padding longer than the record (the decrypted length
 * would underflow). Timing is not asserted here (bench/bench_cbc.c prints it); the absence of
 * secret-dependent branches is checked under valgrind (--ct, tests/ct/test_valgrind_ct.sh). */
#include "lt_test.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define RUNNING_ON_VALGRIND 0
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#include "lt_pair.h"

#include "base/err.h"
#include "crypto/hash.h"
#include "tls/conn.h"
#include "tls/prf12.h"
#include "tls/proto.h"
#include "tls/record.h"

static const lt_cbc_id lt_ciphers[] = { LT_CBC_AES_128, LT_CBC_AES_256 };
static const lt_hash_id lt_macs[] = { LT_HASH_SHA1, LT_HASH_SHA256, LT_HASH_SHA384 };
static uint8_t lt_key[32], lt_mac_key[48];
static uint64_t lt_craft_seq; /* the sequence number crafted records are MACed with */

static void lt_keys_init(void)
{
    for (size_t i = 0; i < sizeof lt_key; i++)
        lt_key[i] = (uint8_t)(7 * i + 1);
    for (size_t i = 0; i < sizeof lt_mac_key; i++)
        lt_mac_key[i] = (uint8_t)(0x40 + i);
}

static void lt_keys(lt_record_keys *k, lt_cbc_id cbc, lt_hash_id mac, int etm, int encrypting)
{
    memset(k, 0, sizeof *k);
    LT_CHECK_INT(lt_record_keys_set12_cbc(k, cbc, mac, lt_key, lt_mac_key, etm, encrypting), 0);
}

static void test_round_trips(void)
{
    uint8_t buf[600], msg[300];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 13 + 5);
    for (size_t c = 0; c < 2; c++)
        for (size_t m = 0; m < 3; m++)
            for (int etm = 0; etm < 2; etm++) {
                lt_record_keys w, r;
                lt_keys(&w, lt_ciphers[c], lt_macs[m], etm, 1);
                lt_keys(&r, lt_ciphers[c], lt_macs[m], etm, 0);
                size_t mac_len = lt_hash_len(lt_macs[m]);
                LT_CHECK_INT(lt_record_prefix(&w), LT_RECORD_HEADER_LEN + 16);
                LT_CHECK_INT(lt_record_overhead(&w), LT_RECORD_HEADER_LEN + 16 + mac_len + 16);
                for (size_t len = 0; len < 80; len++) {
                    size_t record_len = 0, off = 0, plain_len = 0;
                    LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, msg, len, buf, sizeof buf,
                                                  &record_len), 0);
                    /* the fewest padding bytes: the record is as short as it can be */
                    size_t inside = len + (etm ? 0 : mac_len) + 1;
                    size_t want = LT_RECORD_HEADER_LEN + 16 + (inside + 15) / 16 * 16 + (etm ? mac_len : 0);
                    LT_CHECK_INT(record_len, want);
                    LT_CHECK_INT(lt_record12_open(&r, buf, record_len, &off, &plain_len), 0);
                    LT_CHECK_INT(plain_len, len);
                    LT_CHECK_INT(off, LT_RECORD_HEADER_LEN + 16);
                    LT_CHECK_MEM(buf + off, msg, len);
                }
                lt_record_keys_clear(&w);
                lt_record_keys_clear(&r);
            }
}

static void test_ivs_are_fresh_and_records_not_replayable(void)
{
    uint8_t a[128], b[128], copy[128];
    size_t la = 0, lb = 0, off = 0, n = 0;
    lt_record_keys w, r;
    lt_keys(&w, LT_CBC_AES_128, LT_HASH_SHA256, 0, 1);
    lt_keys(&r, LT_CBC_AES_128, LT_HASH_SHA256, 0, 0);
    LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, (const uint8_t *)"same", 4, a, sizeof a, &la), 0);
    w.seq = 0; /* the same record again: only the IV makes it differ */
    LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, (const uint8_t *)"same", 4, b, sizeof b, &lb), 0);
    LT_CHECK_INT(la, lb);
    LT_CHECK(memcmp(a + 5, b + 5, 16) != 0);
    memcpy(copy, a, la);
    LT_CHECK_INT(lt_record12_open(&r, a, la, &off, &n), 0);
    LT_CHECK_INT(lt_record12_open(&r, copy, la, &off, &n), LT_ERR_VERIFY); /* its sequence number passed */
    /* the type is authenticated */
    LT_CHECK_INT(lt_record12_seal(&w, LT_CT_APPLICATION_DATA, (const uint8_t *)"same", 4, b, sizeof b, &lb), 0);
    b[0] = LT_CT_HANDSHAKE;
    LT_CHECK_INT(lt_record12_open(&r, b, lb, &off, &n), LT_ERR_VERIFY);
    lt_record_keys_clear(&w);
    lt_record_keys_clear(&r);
}

/* --- records made by hand, with libcrypto ----------------------------------------------------- */

typedef struct {
    size_t pad_len;       /* the padding_length byte; pad_len + 1 bytes of padding */
    long bad_pad_byte;    /* index into the padding of a byte made wrong, or -1 */
    long mac_bit;         /* a bit of the MAC flipped, or -1 */
    size_t drop;          /* bytes cut from the end after encryption */
    int etm;
    int last_byte;        /* when >= 0, the last plaintext byte (the padding length) set to it */
} lt_craft;

/* HMAC(ad || data) with libcrypto's one-shot HMAC. */
static void lt_test_hmac(const EVP_MD *md, unsigned int mac_len, const uint8_t ad[13], const uint8_t *data, size_t len,
                         uint8_t *out)
{
    static uint8_t joined[17100];
    unsigned int out_len = 0;
    memcpy(joined, ad, 13);
    if (len > 0)
        memcpy(joined + 13, data, len);
    HMAC(md, lt_mac_key, (int)mac_len, joined, 13 + len, out, &out_len);
}

/* A record of type application_data, sequence number 0, holding data[0..len) as `how` says. */
static size_t lt_record_craft(lt_cbc_id cbc, lt_hash_id mac, const uint8_t *data, size_t len, const lt_craft *how,
                              uint8_t *out, size_t cap)
{
    static uint8_t body[17000];
    uint8_t ad[13] = { 0, 0, 0, 0, 0, 0, 0, 0, LT_CT_APPLICATION_DATA, 3, 3, 0, 0 };
    for (size_t i = 0; i < 8; i++)
        ad[i] = (uint8_t)(lt_craft_seq >> (56 - 8 * i));
    uint8_t iv[16];
    unsigned int mac_len = (unsigned int)lt_hash_len(mac);
    const EVP_MD *md = mac == LT_HASH_SHA1 ? EVP_sha1() : mac == LT_HASH_SHA256 ? EVP_sha256() : EVP_sha384();
    for (size_t i = 0; i < 16; i++)
        iv[i] = (uint8_t)(0xc0 + i);
    size_t n = 0;
    memcpy(body, data, len);
    n = len;
    if (!how->etm) {
        ad[11] = (uint8_t)(len >> 8);
        ad[12] = (uint8_t)len;
        lt_test_hmac(md, mac_len, ad, data, len, body + n);
        if (how->mac_bit >= 0)
            body[n + (size_t)how->mac_bit / 8] ^= (uint8_t)(1u << (how->mac_bit % 8));
        n += mac_len;
    }
    for (size_t i = 0; i <= how->pad_len; i++)
        body[n + i] = (uint8_t)how->pad_len;
    if (how->bad_pad_byte >= 0)
        body[n + (size_t)how->bad_pad_byte] ^= 0x01;
    n += how->pad_len + 1;
    if (how->last_byte >= 0)
        body[n - 1] = (uint8_t)how->last_byte;
    if (n % 16 != 0)
        return 0; /* the caller chose a padding that does not fill the block */
    EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
    int outl = 0;
    EVP_EncryptInit_ex(e, cbc == LT_CBC_AES_128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc(), NULL, lt_key, iv);
    EVP_CIPHER_CTX_set_padding(e, 0);
    EVP_EncryptUpdate(e, out + 5 + 16, &outl, body, (int)n);
    EVP_CIPHER_CTX_free(e);
    memcpy(out + 5, iv, 16);
    size_t fragment = 16 + n;
    if (how->etm) {
        ad[11] = (uint8_t)(fragment >> 8);
        ad[12] = (uint8_t)fragment;
        lt_test_hmac(md, mac_len, ad, out + 5, fragment, out + 5 + fragment);
        if (how->mac_bit >= 0)
            out[5 + fragment + (size_t)how->mac_bit / 8] ^= (uint8_t)(1u << (how->mac_bit % 8));
        fragment += mac_len;
    }
    fragment -= how->drop;
    if (5 + fragment > cap)
        return 0;
    out[0] = LT_CT_APPLICATION_DATA;
    out[1] = 3;
    out[2] = 3;
    out[3] = (uint8_t)(fragment >> 8);
    out[4] = (uint8_t)fragment;
    return 5 + fragment;
}

/* Opens a crafted record with fresh keys; the status, and the plaintext when it opened. */
static int lt_open_crafted(lt_cbc_id cbc, lt_hash_id mac, const uint8_t *data, size_t len, const lt_craft *how)
{
    static uint8_t rec[17000];
    size_t n = lt_record_craft(cbc, mac, data, len, how, rec, sizeof rec), off = 0, plain_len = 0;
    if (n == 0)
        return 1; /* not a record this test can make */
    lt_record_keys r;
    lt_keys(&r, cbc, mac, how->etm, 0);
    int rc = lt_record12_open(&r, rec, n, &off, &plain_len);
    if (rc == 0 && (plain_len != len || memcmp(rec + off, data, len) != 0))
        rc = 2;
    LT_CHECK_INT(r.seq, rc == 0 ? 1u : 0u);
    lt_record_keys_clear(&r);
    return rc;
}

/* The padding length that fills the block for len bytes of data (plus a MAC inside). */
static size_t lt_fill(size_t len, size_t mac_inside, size_t extra_blocks)
{
    return (16 - (len + mac_inside + 1) % 16) % 16 + 16 * extra_blocks;
}

static void test_records_made_by_libcrypto_open(void)
{
    uint8_t data[64];
    memset(data, 0x5a, sizeof data);
    for (size_t c = 0; c < 2; c++)
        for (size_t m = 0; m < 3; m++)
            for (int etm = 0; etm < 2; etm++) {
                size_t mac_inside = etm ? 0 : lt_hash_len(lt_macs[m]);
                for (size_t len = 0; len < 40; len += 13) {
                    /* any valid padding opens, the longest (255) included (§6.2.3.2) */
                    for (size_t extra = 0; extra < 16; extra++) {
                        lt_craft how = { lt_fill(len, mac_inside, extra), -1, -1, 0, etm, -1 };
                        if (how.pad_len > 255)
                            break;
                        LT_CHECK_INT(lt_open_crafted(lt_ciphers[c], lt_macs[m], data, len, &how), 0);
                    }
                }
            }
}

static void test_every_wrong_padding_byte_is_bad_record_mac(void)
{
    uint8_t data[40];
    memset(data, 0x33, sizeof data);
    for (size_t c = 0; c < 2; c++)
        for (size_t m = 0; m < 3; m++)
            for (int etm = 0; etm < 2; etm++) {
                size_t mac_inside = etm ? 0 : lt_hash_len(lt_macs[m]);
                size_t len = 21;
                for (size_t extra = 0; extra < 16; extra += 5) {
                    size_t pad = lt_fill(len, mac_inside, extra);
                    for (size_t i = 0; i <= pad; i++) {
                        lt_craft how = { pad, (long)i, -1, 0, etm, -1 };
                        LT_CHECK_INT(lt_open_crafted(lt_ciphers[c], lt_macs[m], data, len, &how), LT_ERR_VERIFY);
                    }
                }
            }
}

static void test_padding_longer_than_the_record_is_bad_record_mac(void)
{
    /* 255 is a legal padding length (test_records_made_by_libcrypto_open), but not in a record
     * shorter than the padding it claims: the decrypted length would underflow. Nor is any
     * length byte that reaches into the IV (the MAC's own bytes count as plaintext then). */
    uint8_t data[64];
    memset(data, 0xff, sizeof data);
    for (size_t m = 0; m < 3; m++)
        for (int etm = 0; etm < 2; etm++) {
            size_t mac_inside = etm ? 0 : lt_hash_len(lt_macs[m]);
            for (size_t len = 0; len < 48; len += 16) {
                size_t pad = lt_fill(len, mac_inside, 0);
                size_t body = len + mac_inside + pad + 1;
                static const int claims[] = { 255, 254, 128 };
                for (size_t k = 0; k < 3; k++) {
                    lt_craft how = { pad, -1, -1, 0, etm, claims[k] };
                    LT_CHECK((size_t)claims[k] + 1 > body);
                    LT_CHECK_INT(lt_open_crafted(LT_CBC_AES_128, lt_macs[m], data, len, &how), LT_ERR_VERIFY);
                }
                /* one more than the record holds, after the MAC: every byte is padding */
                lt_craft over = { pad, -1, -1, 0, etm, (int)body };
                if (body <= 255)
                    LT_CHECK_INT(lt_open_crafted(LT_CBC_AES_128, lt_macs[m], data, len, &over), LT_ERR_VERIFY);
            }
        }
}

static void test_a_mac_off_by_one_bit_anywhere_is_bad_record_mac(void)
{
    uint8_t data[30];
    memset(data, 0x61, sizeof data);
    for (size_t m = 0; m < 3; m++)
        for (int etm = 0; etm < 2; etm++) {
            size_t mac_len = lt_hash_len(lt_macs[m]);
            for (long bit = 0; bit < (long)(8 * mac_len); bit++) {
                lt_craft how = { lt_fill(sizeof data, etm ? 0 : mac_len, 0), -1, bit, 0, etm, -1 };
                LT_CHECK_INT(lt_open_crafted(LT_CBC_AES_256, lt_macs[m], data, sizeof data, &how), LT_ERR_VERIFY);
            }
        }
}

static void test_truncated_and_short_records_are_bad_record_mac(void)
{
    uint8_t data[100];
    memset(data, 0x7e, sizeof data);
    for (size_t m = 0; m < 3; m++)
        for (int etm = 0; etm < 2; etm++) {
            size_t mac_len = lt_hash_len(lt_macs[m]);
            size_t pad = lt_fill(sizeof data, etm ? 0 : mac_len, 0);
            uint8_t rec[300];
            lt_craft full = { pad, -1, -1, 0, etm, -1 };
            size_t whole = lt_record_craft(LT_CBC_AES_128, lt_macs[m], data, sizeof data, &full, rec, sizeof rec);
            /* every shorter length: cut blocks, cut bytes, down to nothing after the header */
            for (size_t drop = 1; drop <= whole - 5; drop++) {
                lt_craft how = { pad, -1, -1, drop, etm, -1 };
                LT_CHECK_INT(lt_open_crafted(LT_CBC_AES_128, lt_macs[m], data, sizeof data, &how), LT_ERR_VERIFY);
            }
        }
}

static void test_shortest_records_at_the_limit(void)
{
    /* The shortest record: IV and one padded block holding the MAC and the padding length
     * (MAC-then-encrypt), or IV, one block and the MAC (encrypt-then-MAC). N - 1 bytes is
     * refused, N opens an empty record, N + 1 (not a whole block) is refused. */
    for (size_t m = 0; m < 3; m++)
        for (int etm = 0; etm < 2; etm++) {
            size_t mac_len = lt_hash_len(lt_macs[m]);
            uint8_t rec[200], copy[200];
            lt_craft how = { lt_fill(0, etm ? 0 : mac_len, 0), -1, -1, 0, etm, -1 };
            size_t n = lt_record_craft(LT_CBC_AES_128, lt_macs[m], NULL, 0, &how, rec, sizeof rec);
            size_t shortest = 5 + 16 + (etm ? 16 + mac_len : (mac_len + 1 + 15) / 16 * 16);
            LT_CHECK_INT(n, shortest);
            lt_record_keys r;
            size_t off = 0, plain_len = 9;
            for (int delta = -1; delta <= 1; delta++) {
                memcpy(copy, rec, n);
                size_t len = (size_t)((long)n + delta);
                copy[3] = (uint8_t)((len - 5) >> 8);
                copy[4] = (uint8_t)(len - 5);
                lt_keys(&r, LT_CBC_AES_128, lt_macs[m], etm, 0);
                LT_CHECK_INT(lt_record12_open(&r, copy, len, &off, &plain_len), delta == 0 ? 0 : LT_ERR_VERIFY);
                lt_record_keys_clear(&r);
            }
            LT_CHECK_INT(plain_len, 0);
        }
}

static void test_plaintext_over_2_14_is_record_overflow_after_the_mac(void)
{
    /* An authentic record with 2^14 + 1 bytes of plaintext: record_overflow (a length the peer
     * chose, checked only once the record is authentic); 2^14 opens */
    static uint8_t data[16385], rec[16385 + 200];
    memset(data, 0x42, sizeof data);
    for (size_t extra = 0; extra < 2; extra++) {
        lt_record_keys w, r;
        size_t n = 0, off = 0, plain_len = 0;
        lt_keys(&w, LT_CBC_AES_128, LT_HASH_SHA1, 0, 1);
        lt_keys(&r, LT_CBC_AES_128, LT_HASH_SHA1, 0, 0);
        /* lt_record12_seal refuses more than 2^14, so the record is made by sealing 2^14 under a
         * rule-breaking length: the crafted path */
        lt_craft how = { lt_fill(16384 + extra, 20, 0), -1, -1, 0, 0, -1 };
        n = lt_record_craft(LT_CBC_AES_128, LT_HASH_SHA1, data, 16384 + extra, &how, rec, sizeof rec);
        (void)w;
        LT_CHECK(n > 0);
        LT_CHECK_INT(lt_record12_open(&r, rec, n, &off, &plain_len), extra ? LT_ERR_LIMIT : 0);
        lt_record_keys_clear(&w);
        lt_record_keys_clear(&r);
    }
}

/* --- through a connection ------------------------------------------------------------------- */

static latch_config *lt_cfg(int server, const char *suites)
{
    static const char *const cert[] = { "rsa2048" };
    latch_config *cfg = server ? lt_pair_server_config(cert, 1) : lt_pair_client_config();
    if (cfg == NULL || latch_config_set_profile(cfg, LATCH_PROFILE_OLD) != LATCH_OK ||
        (suites != NULL && latch_config_set_suites(cfg, suites) != LATCH_OK) ||
        latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS12) != LATCH_OK) {
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

static void test_server_takes_an_aead_over_cbc_whatever_its_order(void)
{
    /* the server lists CBC first; the client offers both: GCM wins */
    lt_pair p = { 0 };
    latch_config *c = lt_cfg(0, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    latch_config *s = lt_cfg(1, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256:TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:"
                                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    LT_CHECK(c != NULL && s != NULL);
    LT_CHECK(lt_pair_handshake(&p, c, s, "localhost"));
    LT_CHECK_STR_CONTAINS(latch_conn_suite(p.client), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    lt_pair_free(&p);
    latch_config_free(c);
    /* a client with CBC alone gets the server's first CBC suite it offers */
    c = lt_cfg(0, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    LT_CHECK(lt_pair_handshake(&p, c, s, "localhost"));
    LT_CHECK_STR_CONTAINS(latch_conn_suite(p.client), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    lt_pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

static void test_default_configs_never_speak_cbc(void)
{
    /* a client offering only CBC meets a default server: no suite in common */
    lt_pair p = { 0 };
    latch_config *c = lt_cfg(0, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    static const char *const cert[] = { "rsa2048" };
    latch_config *s = lt_pair_server_config(cert, 1);
    LT_CHECK(!lt_pair_handshake(&p, c, s, "localhost"));
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_HANDSHAKE_FAILURE);
    lt_pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

/* The client's next record, changed by `how`, goes to the server: exactly one alert,
 * bad_record_mac, and the same bytes on the wire whatever was wrong; MAC-then-encrypt and
 * encrypt-then-MAC. */
static void test_a_bad_record_gets_one_bad_record_mac(void)
{
    static const char *const suites[] = { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA256",
                                          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" };
    for (size_t k = 0; k < 6; k++) {
        size_t reference = 0;
        int etm = k >= 3;
        for (int how = 0; how < 6; how++) {
            lt_pair p = { 0 };
            latch_config *c = lt_cfg(0, suites[k % 3]), *s = lt_cfg(1, suites[k % 3]);
            LT_CHECK_INT(latch_config_set_encrypt_then_mac(etm ? s : c, 1), LATCH_OK);
            LT_CHECK_INT(latch_config_set_encrypt_then_mac(etm ? c : s, etm), LATCH_OK);
            LT_CHECK(lt_pair_handshake(&p, c, s, "localhost"));
            LT_CHECK(p.server->read_keys.cbc != NULL && lt_cbc_etm(p.server->read_keys.cbc) == etm);
            uint8_t msg[100], rec[400];
            size_t taken = 0, len = 0;
            memset(msg, 'x', sizeof msg);
            LT_CHECK_INT(latch_write(p.client, msg, sizeof msg, &taken), LATCH_OK);
            const uint8_t *out = latch_net_out_buf(p.client, &len);
            LT_CHECK(len <= sizeof rec && len > 64);
            memcpy(rec, out, len);
            latch_net_out_consumed(p.client, len);
            switch (how) {
            case 0: rec[5] ^= 0x01; break;        /* the IV: the first block's plaintext changes: the MAC */
            case 1: rec[len - 17] ^= 0x01; break; /* the block before the last: the padding length */
            case 2: rec[len - 20] ^= 0x80; break; /* the block before the last: padding or MAC */
            case 3: len -= 16; break;             /* a block short */
            case 4: len = 5 + 16 + 16; break;     /* shorter than IV + MAC */
            case 5: len -= 1; break;              /* not whole blocks */
            }
            rec[3] = (uint8_t)((len - 5) >> 8);
            rec[4] = (uint8_t)(len - 5);
            size_t room = 0;
            uint8_t *in = latch_net_in_buf(p.server, &room);
            memcpy(in, rec, len);
            LT_CHECK_INT(latch_net_in_commit(p.server, len), LATCH_ERR_PROTOCOL);
            LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_BAD_RECORD_MAC);
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "failed authentication");
            size_t server_out = 0;
            latch_net_out_buf(p.server, &server_out);
            if (how == 0)
                reference = server_out;
            LT_CHECK_INT(server_out, reference); /* one alert record, nothing else */
            static const size_t mac_len[] = { 20, 32, 48 };
            size_t mac = mac_len[k % 3];
            /* the alert, sealed */
            LT_CHECK_INT(server_out, 5 + 16 + (etm ? 16 + mac : (2 + mac + 1 + 15) / 16 * 16));
            lt_pair_free(&p);
            latch_config_free(c);
            latch_config_free(s);
        }
    }
}

/* --- constant time, under valgrind (tests/ct/test_valgrind_ct.sh) ----------------------------- */

typedef int open_fn(lt_cbc_id cbc, lt_hash_id mac, uint8_t *rec, size_t len, size_t *plain_len);

static int lt_real_open(lt_cbc_id cbc, lt_hash_id mac, uint8_t *rec, size_t len, size_t *plain_len)
{
    lt_record_keys r;
    size_t off = 0;
    lt_keys(&r, cbc, mac, 0, 0);
    int rc = lt_record12_open(&r, rec, len, &off, plain_len);
    lt_record_keys_clear(&r);
    return rc;
}

/* What a first attempt often looks like: correct verdicts, but it returns at the first wrong
 * padding byte and hashes exactly the plaintext, so its time depends on the padding (Lucky
 * Thirteen). It exists only to show that the valgrind check catches such code (--ct-leaky). */
static int lt_naive_open(lt_cbc_id cbc, lt_hash_id mac, uint8_t *rec, size_t len, size_t *plain_len)
{
    uint8_t ad[13] = { 0, 0, 0, 0, 0, 0, 0, 0, LT_CT_APPLICATION_DATA, 3, 3, 0, 0 }, computed[64];
    size_t mac_len = lt_hash_len(mac), n = len - 5 - 16;
    uint8_t *p = rec + 5 + 16;
    int outl = 0;
    EVP_CIPHER_CTX *d = EVP_CIPHER_CTX_new();
    EVP_DecryptInit_ex(d, cbc == LT_CBC_AES_128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc(), NULL, lt_key, rec + 5);
    EVP_CIPHER_CTX_set_padding(d, 0);
    EVP_DecryptUpdate(d, p, &outl, p, (int)n);
    EVP_CIPHER_CTX_free(d);
    size_t pad = p[n - 1];
    if (pad + 1 + mac_len > n)
        return LT_ERR_VERIFY;
    for (size_t i = 0; i <= pad; i++)
        if (p[n - 1 - i] != pad)
            return LT_ERR_VERIFY;
    size_t data_len = n - pad - 1 - mac_len;
    ad[11] = (uint8_t)(data_len >> 8);
    ad[12] = (uint8_t)data_len;
    const EVP_MD *md = mac == LT_HASH_SHA1 ? EVP_sha1() : mac == LT_HASH_SHA256 ? EVP_sha256() : EVP_sha384();
    lt_test_hmac(md, (unsigned int)mac_len, ad, p, data_len, computed);
    if (memcmp(computed, p + data_len, mac_len) != 0)
        return LT_ERR_VERIFY;
    *plain_len = data_len;
    return 0;
}

/* Opens crafted records with their IV and ciphertext undefined for memcheck, so the plaintext,
 * padding and MAC that come out of them are too: any branch, or address, computed from them is
 * reported, wherever it is. The verdict and the length are marked defined again before the test
 * looks at them. Good records, every kind of bad padding and a bad MAC, for each MAC. */
static void lt_ct_run(open_fn *open_impl)
{
    static uint8_t rec[2048];
    uint8_t data[200];
    memset(data, 0x2b, sizeof data);
    for (size_t m = 0; m < 3; m++) {
        size_t mac_len = lt_hash_len(lt_macs[m]);
        for (size_t len = 0; len < sizeof data; len += 37)
            for (int kind = 0; kind < 5; kind++) {
                size_t pad = lt_fill(len, mac_len, kind == 2 ? 15 : 1);
                lt_craft how = { pad, kind == 1 ? (long)pad / 2 : -1, kind == 3 ? 5 : -1, 0, 0,
                                 kind == 4 ? 255 : -1 };
                size_t n = lt_record_craft(LT_CBC_AES_128, lt_macs[m], data, len, &how, rec, sizeof rec);
                LT_CHECK(n > 0);
                size_t plain_len = 0;
                if (RUNNING_ON_VALGRIND)
                    (void)VALGRIND_MAKE_MEM_UNDEFINED(rec + 5, n - 5);
                int rc = open_impl(LT_CBC_AES_128, lt_macs[m], rec, n, &plain_len);
                if (RUNNING_ON_VALGRIND) {
                    (void)VALGRIND_MAKE_MEM_DEFINED(rec, sizeof rec);
                    (void)VALGRIND_MAKE_MEM_DEFINED(&rc, sizeof rc);
                    (void)VALGRIND_MAKE_MEM_DEFINED(&plain_len, sizeof plain_len);
                }
                int good = kind == 0 || kind == 2;
                LT_CHECK_INT(rc, good ? 0 : LT_ERR_VERIFY);
                if (good)
                    LT_CHECK_INT(plain_len, len);
            }
    }
}

static void test_ct_open_marked_secret(void)
{
    lt_ct_run(lt_real_open);
}

static void test_ct_naive_open_marked_secret(void)
{
    lt_ct_run(lt_naive_open);
}

/* A CBC session resumes (ticket), with encrypt-then-MAC asked and given again, and records flow. */
static void test_cbc_sessions_resume(void)
{
    for (int etm = 0; etm < 2; etm++) {
        latch_config *c = lt_cfg(0, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"), *s = lt_cfg(1, NULL);
        LT_CHECK_INT(latch_config_set_encrypt_then_mac(s, etm), LATCH_OK);
        for (int round = 0; round < 2; round++) {
            lt_pair p = { 0 };
            LT_CHECK(lt_pair_handshake(&p, c, s, "localhost"));
            LT_CHECK_INT(latch_conn_resumed(p.client), round);
            LT_CHECK_INT(latch_conn_resumed(p.server), round);
            LT_CHECK_STR_CONTAINS(latch_conn_suite(p.server), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
            LT_CHECK(p.client->read_keys.cbc != NULL && lt_cbc_etm(p.client->read_keys.cbc) == etm);
            size_t n = 0;
            uint8_t got[32];
            LT_CHECK_INT(latch_write(p.client, "resumed?", 8, &n), LATCH_OK);
            lt_pair_pump(&p);
            LT_CHECK_INT(latch_read(p.server, got, sizeof got, &n), LATCH_OK);
            LT_CHECK(n == 8 && memcmp(got, "resumed?", 8) == 0);
            lt_pair_free(&p);
        }
        latch_config_free(c);
        latch_config_free(s);
    }
}

/* A server that answers encrypt_then_mac where it must not: its ServerHello gets the extension. */
static uint8_t lt_sh_with_etm[1024];
static void lt_add_etm(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    const uint8_t *m = *msg;
    if (m[0] != LT_HS_SERVER_HELLO || *len + 4 > sizeof lt_sh_with_etm)
        return;
    size_t exts_at = 4 + 2 + 32 + 1 + m[4 + 2 + 32] + 2 + 1;
    memcpy(lt_sh_with_etm, m, *len);
    memcpy(lt_sh_with_etm + *len, "\x00\x16\x00\x00", 4);
    size_t exts_len = ((size_t)m[exts_at] << 8 | m[exts_at + 1]) + 4, body = *len + 4 - 4;
    lt_sh_with_etm[exts_at] = (uint8_t)(exts_len >> 8);
    lt_sh_with_etm[exts_at + 1] = (uint8_t)exts_len;
    lt_sh_with_etm[1] = (uint8_t)(body >> 16);
    lt_sh_with_etm[2] = (uint8_t)(body >> 8);
    lt_sh_with_etm[3] = (uint8_t)body;
    *msg = lt_sh_with_etm;
    *len += 4;
}

/* RFC 7366 §3: a client refuses encrypt_then_mac with an AEAD suite (illegal_parameter), and when
 * it did not ask for it (unsupported_extension). */
static void test_client_refuses_encrypt_then_mac_it_cannot_take(void)
{
    static const struct {
        const char *server_suites;
        int client_asks;
        int alert;
        const char *says;
    } cases[] = {
        { "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 1, LT_ALERT_ILLEGAL_PARAMETER, "an AEAD suite" },
        { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0, LT_ALERT_UNSUPPORTED_EXTENSION, "" },
    };
    for (size_t k = 0; k < 2; k++) {
        lt_pair p = { 0 };
        latch_config *c = lt_cfg(0, NULL), *s = lt_cfg(1, cases[k].server_suites);
        LT_CHECK_INT(latch_config_set_encrypt_then_mac(c, cases[k].client_asks), LATCH_OK);
        p.client = latch_conn_new(c, "localhost");
        p.server = latch_conn_new(s, NULL);
        LT_CHECK(p.server != NULL && p.server->hs != NULL);
        p.server->hs->replay_substitute = lt_add_etm;
        lt_pair_pump(&p);
        LT_CHECK(!latch_conn_handshake_done(p.client));
        LT_CHECK_INT(latch_conn_alert_sent(p.client), cases[k].alert);
        LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), cases[k].says);
        lt_pair_free(&p);
        latch_config_free(c);
        latch_config_free(s);
    }
}

/* RFC 5246 §6.2.3: a CBC record may be 2^14 + 2048 bytes; the longest one can really be, a full
 * plaintext with HMAC-SHA384 and 255 bytes of padding (16 + 16384 + 48 + 256 = 16704 bytes, past
 * TLS 1.3's 2^14 + 256), opens through a connection; 16 bytes more is record_overflow. The record
 * is made here with the client's keys (from the server's master secret and randoms). */
static void test_longest_padding_through_a_connection(void)
{
    const char *suite = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384";
    static uint8_t data[16384], rec[16384 + 400], got[16384];
    memset(data, 0x6c, sizeof data);
    for (int extra = 0; extra < 2; extra++) {
        lt_pair p = { 0 };
        latch_config *c = lt_cfg(0, suite), *s = lt_cfg(1, suite);
        LT_CHECK_INT(latch_config_set_encrypt_then_mac(s, 0), LATCH_OK);
        LT_CHECK(lt_pair_handshake(&p, c, s, "localhost"));
        uint8_t block[2 * 48 + 2 * 32];
        LT_CHECK_INT(lt_prf12_key_block(LT_HASH_SHA384, p.server->master12, p.server->client_random,
                                        p.server->server_random, block, sizeof block), 0);
        uint8_t saved_key[32], saved_mac[48];
        memcpy(saved_key, lt_key, 32);
        memcpy(saved_mac, lt_mac_key, 48);
        memcpy(lt_mac_key, block, 48);      /* client_write_MAC_key */
        memcpy(lt_key, block + 96, 32);     /* client_write_key */
        lt_craft_seq = p.client->write_keys.seq;
        lt_craft how = { 255, -1, -1, 0, 0, -1 };
        size_t n = lt_record_craft(LT_CBC_AES_256, LT_HASH_SHA384, data, sizeof data, &how, rec, sizeof rec);
        memcpy(lt_key, saved_key, 32);
        memcpy(lt_mac_key, saved_mac, 48);
        lt_craft_seq = 0;
        LT_CHECK_INT(n, (size_t)(5 + 16704));
        if (extra) { /* a block more than any record can be */
            memset(rec + n, 0, 16);
            n += 16;
            rec[3] = (uint8_t)((n - 5) >> 8);
            rec[4] = (uint8_t)(n - 5);
        }
        size_t room = 0, moved = 0, r = 0;
        latch_status st = LATCH_OK;
        while (moved < n && st == LATCH_OK) {
            uint8_t *in = latch_net_in_buf(p.server, &room);
            size_t k = n - moved < room ? n - moved : room;
            memcpy(in, rec + moved, k);
            st = latch_net_in_commit(p.server, k);
            moved += k;
        }
        if (!extra) {
            LT_CHECK_INT(st, LATCH_OK);
            LT_CHECK_INT(latch_read(p.server, got, sizeof got, &r), LATCH_OK);
            LT_CHECK_INT(r, sizeof data);
            LT_CHECK_MEM(got, data, sizeof data);
        } else { /* (a large record waits to be read into the caller's buffer: it fails there) */
            if (st == LATCH_OK)
                st = latch_read(p.server, got, sizeof got, &r);
            LT_CHECK_INT(st, LATCH_ERR_PROTOCOL);
            LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_RECORD_OVERFLOW);
        }
        lt_pair_free(&p);
        latch_config_free(c);
        latch_config_free(s);
    }
}

int main(int argc, char **argv)
{
    lt_keys_init();
    /* tests/ct/test_valgrind_ct.sh: the marked runs alone */
    if (argc > 1 && strcmp(argv[1], "--ct") == 0) {
        LT_RUN(test_ct_open_marked_secret);
        return lt_test_summary();
    }
    if (argc > 1 && strcmp(argv[1], "--ct-leaky") == 0) {
        LT_RUN(test_ct_naive_open_marked_secret);
        return lt_test_summary();
    }
    LT_RUN(test_round_trips);
    LT_RUN(test_ivs_are_fresh_and_records_not_replayable);
    LT_RUN(test_records_made_by_libcrypto_open);
    LT_RUN(test_every_wrong_padding_byte_is_bad_record_mac);
    LT_RUN(test_padding_longer_than_the_record_is_bad_record_mac);
    LT_RUN(test_a_mac_off_by_one_bit_anywhere_is_bad_record_mac);
    LT_RUN(test_truncated_and_short_records_are_bad_record_mac);
    LT_RUN(test_shortest_records_at_the_limit);
    LT_RUN(test_plaintext_over_2_14_is_record_overflow_after_the_mac);
    LT_RUN(test_server_takes_an_aead_over_cbc_whatever_its_order);
    LT_RUN(test_default_configs_never_speak_cbc);
    LT_RUN(test_a_bad_record_gets_one_bad_record_mac);
    LT_RUN(test_longest_padding_through_a_connection);
    LT_RUN(test_client_refuses_encrypt_then_mac_it_cannot_take);
    LT_RUN(test_cbc_sessions_resume);
    LT_RUN(test_ct_open_marked_secret);      /* (unmarked outside valgrind: the verdicts) */
    LT_RUN(test_ct_naive_open_marked_secret);
    return lt_test_summary();
}
