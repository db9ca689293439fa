/* Unit tests for src/crypto/hash.c, kdf.c, rand.c and init.c: SHA digests against FIPS 180-2
 * Appendix values, HMAC-SHA256 against RFC 4231 §4.2/§4.3, HKDF against RFC 5869 Appendix A. */
#include "lt_test.h"

#include <stdint.h>

#include "base/err.h"
#include "crypto/crypto.h"
#include "crypto/hash.h"
#include "crypto/rand.h"

static int unhex(const char *hex, uint8_t *out, size_t cap)
{
    return lt_test_unhex(hex, out, cap);
}

static void check_digest_of_abc(lt_hash_id id, const char *expect_hex)
{
    uint8_t expect[LT_MAX_HASH], got[LT_MAX_HASH];
    int n = unhex(expect_hex, expect, sizeof expect);
    LT_CHECK_INT(n, lt_hash_len(id));
    LT_CHECK_INT(lt_hash(id, "abc", 3, got), 0);
    LT_CHECK_MEM(got, expect, (size_t)n);
}

static void test_sha_of_abc_matches_fips180(void)
{
    check_digest_of_abc(LT_HASH_SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d");
    check_digest_of_abc(LT_HASH_SHA256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_digest_of_abc(LT_HASH_SHA384,
                        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
                        "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    check_digest_of_abc(LT_HASH_SHA512,
                        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

static void test_hash_lengths_and_names(void)
{
    LT_CHECK_INT(lt_hash_len(LT_HASH_SHA1), 20);
    LT_CHECK_INT(lt_hash_len(LT_HASH_SHA256), 32);
    LT_CHECK_INT(lt_hash_len(LT_HASH_SHA384), 48);
    LT_CHECK_INT(lt_hash_len(LT_HASH_SHA512), 64);
    LT_CHECK_INT(lt_hash_len(LT_HASH_NONE), 0);
    LT_CHECK(strcmp(lt_hash_name(LT_HASH_SHA384), "SHA-384") == 0);
}

static void test_hash_unknown_id_is_invalid_arg(void)
{
    uint8_t out[LT_MAX_HASH];
    lt_hash_ctx *ctx = NULL;
    LT_CHECK_INT(lt_hash(LT_HASH_NONE, "abc", 3, out), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_hash((lt_hash_id)99, "abc", 3, out), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_hash_ctx_new(LT_HASH_NONE, &ctx), LT_ERR_INVALID_ARG);
    LT_CHECK(ctx == NULL);
}

static void test_incremental_equals_one_shot_and_peek_keeps_running(void)
{
    static const char msg[] = "the quick brown fox jumps over the lazy dog";
    size_t msg_len = sizeof msg - 1;
    for (lt_hash_id id = LT_HASH_SHA1; id <= LT_HASH_SHA512; id++) {
        uint8_t one_shot_prefix[LT_MAX_HASH], one_shot_all[LT_MAX_HASH];
        uint8_t peek_prefix[LT_MAX_HASH], peek_all[LT_MAX_HASH], peek_again[LT_MAX_HASH];
        size_t hash_len = lt_hash_len(id);
        lt_hash_ctx *ctx = NULL;
        LT_CHECK_INT(lt_hash(id, msg, 10, one_shot_prefix), 0);
        LT_CHECK_INT(lt_hash(id, msg, msg_len, one_shot_all), 0);
        LT_CHECK_INT(lt_hash_ctx_new(id, &ctx), 0);
        if (ctx == NULL)
            continue;
        LT_CHECK_INT(lt_hash_ctx_update(ctx, msg, 3), 0);
        LT_CHECK_INT(lt_hash_ctx_update(ctx, NULL, 0), 0);
        LT_CHECK_INT(lt_hash_ctx_update(ctx, msg + 3, 7), 0);
        LT_CHECK_INT(lt_hash_ctx_peek(ctx, peek_prefix), 0);
        LT_CHECK_MEM(peek_prefix, one_shot_prefix, hash_len);
        /* the context goes on after a peek */
        LT_CHECK_INT(lt_hash_ctx_update(ctx, msg + 10, msg_len - 10), 0);
        LT_CHECK_INT(lt_hash_ctx_peek(ctx, peek_all), 0);
        LT_CHECK_MEM(peek_all, one_shot_all, hash_len);
        LT_CHECK_INT(lt_hash_ctx_peek(ctx, peek_again), 0);
        LT_CHECK_MEM(peek_again, one_shot_all, hash_len);
        lt_hash_ctx_free(ctx);
    }
    lt_hash_ctx_free(NULL);
}

static void test_hmac_sha256_rfc4231_cases_1_and_2(void)
{
    uint8_t key[20], expect[32], mac[32];
    memset(key, 0x0b, sizeof key);
    unhex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", expect,
          sizeof expect);
    LT_CHECK_INT(lt_hmac(LT_HASH_SHA256, key, sizeof key, "Hi There", 8, mac), 0);
    LT_CHECK_MEM(mac, expect, sizeof expect);

    unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", expect,
          sizeof expect);
    LT_CHECK_INT(lt_hmac(LT_HASH_SHA256, "Jefe", 4, "what do ya want for nothing?", 28, mac), 0);
    LT_CHECK_MEM(mac, expect, sizeof expect);
}

static void test_hmac_with_empty_key_is_hmac_of_zero_key(void)
{
    /* RFC 2104 pads the key with zeros to the block size, so "" and one zero byte agree. */
    uint8_t zero = 0, mac_empty[32], mac_zero[32];
    LT_CHECK_INT(lt_hmac(LT_HASH_SHA256, NULL, 0, "x", 1, mac_empty), 0);
    LT_CHECK_INT(lt_hmac(LT_HASH_SHA256, &zero, 1, "x", 1, mac_zero), 0);
    LT_CHECK_MEM(mac_empty, mac_zero, sizeof mac_zero);
}

/* One RFC 5869 Appendix A case: extract then expand, checking PRK and OKM exactly. */
static void check_hkdf_case(lt_hash_id id, const char *ikm_hex, const char *salt_hex,
                            const char *info_hex, const char *prk_hex, const char *okm_hex)
{
    uint8_t ikm[128], salt[128], info[128], prk_expect[64], okm_expect[128];
    uint8_t prk[64], okm[128];
    int ikm_len = unhex(ikm_hex, ikm, sizeof ikm);
    int salt_len = unhex(salt_hex, salt, sizeof salt);
    int info_len = unhex(info_hex, info, sizeof info);
    int prk_len = unhex(prk_hex, prk_expect, sizeof prk_expect);
    int okm_len = unhex(okm_hex, okm_expect, sizeof okm_expect);
    LT_CHECK(ikm_len >= 0 && salt_len >= 0 && info_len >= 0 && okm_len > 0);
    LT_CHECK_INT(prk_len, lt_hash_len(id));
    LT_CHECK_INT(lt_hkdf_extract(id, salt, (size_t)salt_len, ikm, (size_t)ikm_len, prk), 0);
    LT_CHECK_MEM(prk, prk_expect, (size_t)prk_len);
    LT_CHECK_INT(lt_hkdf_expand(id, prk, (size_t)prk_len, info, (size_t)info_len, okm,
                                (size_t)okm_len), 0);
    LT_CHECK_MEM(okm, okm_expect, (size_t)okm_len);
}

static void test_hkdf_rfc5869_a1_basic_sha256(void)
{
    check_hkdf_case(LT_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
                    "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
                    "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
                    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                    "34007208d5b887185865");
}

static void test_hkdf_rfc5869_a2_long_inputs_sha256(void)
{
    check_hkdf_case(LT_HASH_SHA256,
                    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
                    "404142434445464748494a4b4c4d4e4f",
                    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
                    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
                    "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
                    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
                    "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
                    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
                    "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
                    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                    "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                    "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

static void test_hkdf_rfc5869_a3_empty_salt_is_hashlen_zeros(void)
{
    check_hkdf_case(LT_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
                    "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
                    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                    "9d201395faa4b61a96c8");
    /* and an explicit all-zero salt of HashLen gives the same PRK */
    uint8_t ikm[22], zeros[32] = { 0 }, prk_empty[32], prk_zeros[32];
    memset(ikm, 0x0b, sizeof ikm);
    LT_CHECK_INT(lt_hkdf_extract(LT_HASH_SHA256, NULL, 0, ikm, sizeof ikm, prk_empty), 0);
    LT_CHECK_INT(lt_hkdf_extract(LT_HASH_SHA256, zeros, sizeof zeros, ikm, sizeof ikm,
                                 prk_zeros), 0);
    LT_CHECK_MEM(prk_empty, prk_zeros, sizeof prk_zeros);
}

static void test_hkdf_rfc5869_a4_basic_sha1(void)
{
    check_hkdf_case(LT_HASH_SHA1, "0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
                    "f0f1f2f3f4f5f6f7f8f9", "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
                    "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2"
                    "c22e422478d305f3f896");
}

static void test_hkdf_expand_refuses_more_than_255_blocks(void)
{
    static uint8_t okm[255 * 32 + 1];
    uint8_t prk[32];
    memset(prk, 0x42, sizeof prk);
    memset(okm, 0xee, sizeof okm);
    LT_CHECK_INT(lt_hkdf_expand(LT_HASH_SHA256, prk, sizeof prk, "", 0, okm, 255 * 32 + 1),
                 LT_ERR_INVALID_ARG);
    /* nothing was written */
    LT_CHECK_INT(okm[0], 0xee);
    /* exactly 255 blocks is allowed */
    LT_CHECK_INT(lt_hkdf_expand(LT_HASH_SHA256, prk, sizeof prk, "", 0, okm, 255 * 32), 0);
    LT_CHECK_INT(lt_hkdf_expand(LT_HASH_NONE, prk, sizeof prk, "", 0, okm, 16),
                 LT_ERR_INVALID_ARG);
}

static void test_random_fills_and_differs(void)
{
    uint8_t a[64], b[64], zeros[64] = { 0 };
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    LT_CHECK_INT(lt_random(a, sizeof a), 0);
    LT_CHECK_INT(lt_random(b, sizeof b), 0);
    LT_CHECK(memcmp(a, zeros, sizeof a) != 0);
    LT_CHECK(memcmp(a, b, sizeof a) != 0);
    LT_CHECK_INT(lt_random(NULL, 0), 0);
    LT_CHECK_INT(lt_random(NULL, 1), LT_ERR_INVALID_ARG);
}

static void test_crypto_init_is_idempotent_and_last_error_empty(void)
{
    char buf[256];
    LT_CHECK_INT(lt_crypto_init(), 0);
    LT_CHECK_INT(lt_crypto_init(), 0);
    (void)lt_crypto_last_error(buf, sizeof buf);
    LT_CHECK(strcmp(lt_crypto_last_error(buf, sizeof buf), "") == 0);
}

int main(void)
{
    LT_RUN(test_sha_of_abc_matches_fips180);
    LT_RUN(test_hash_lengths_and_names);
    LT_RUN(test_hash_unknown_id_is_invalid_arg);
    LT_RUN(test_incremental_equals_one_shot_and_peek_keeps_running);
    LT_RUN(test_hmac_sha256_rfc4231_cases_1_and_2);
    LT_RUN(test_hmac_with_empty_key_is_hmac_of_zero_key);
    LT_RUN(test_hkdf_rfc5869_a1_basic_sha256);
    LT_RUN(test_hkdf_rfc5869_a2_long_inputs_sha256);
    LT_RUN(test_hkdf_rfc5869_a3_empty_salt_is_hashlen_zeros);
    LT_RUN(test_hkdf_rfc5869_a4_basic_sha1);
    LT_RUN(test_hkdf_expand_refuses_more_than_255_blocks);
    LT_RUN(test_random_fills_and_differs);
    LT_RUN(test_crypto_init_is_idempotent_and_last_error_empty);
    return lt_test_summary();
}
