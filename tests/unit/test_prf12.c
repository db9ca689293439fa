/* The TLS 1.2 PRF against known answers: P_SHA256 is the vector published on the TLS working
 * group list (msg03416) and used by many stacks; P_SHA384 uses that message's inputs, its output
 * computed independently with Python's hmac module following RFC 5246 §5. */
#include "lt_test.h"

#include "tls/prf12.h"

static void lt_check_prf(lt_hash_id hash, const char *secret_hex, const char *seed_hex,
                         const char *expect_hex)
{
    uint8_t secret[16], seed[16], expect[160], out[160];
    int expect_len = lt_test_unhex(expect_hex, expect, sizeof expect);
    LT_CHECK_INT(lt_test_unhex(secret_hex, secret, sizeof secret), 16);
    LT_CHECK_INT(lt_test_unhex(seed_hex, seed, sizeof seed), 16);
    LT_CHECK(expect_len > 0);
    LT_CHECK_INT(lt_prf12(hash, secret, 16, "test label", seed, 16, NULL, 0, out, (size_t)expect_len), 0);
    LT_CHECK_MEM(out, expect, (size_t)expect_len);
    /* the seed may come in two pieces */
    memset(out, 0, sizeof out);
    LT_CHECK_INT(lt_prf12(hash, secret, 16, "test label", seed, 5, seed + 5, 11, out, (size_t)expect_len), 0);
    LT_CHECK_MEM(out, expect, (size_t)expect_len);
}

static void test_prf_sha256(void)
{
    lt_check_prf(LT_HASH_SHA256, "9bbe436ba940f017b17652849a71db35", "a0ba9f936cda311827a6f796ffd5198c",
                 "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af"
                 "0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                 "87347b66");
}

static void test_prf_sha384(void)
{
    lt_check_prf(LT_HASH_SHA384, "b80b733d6ceefcdc71566ea48e5567df", "cd665cf6a8447dd6ff8b27555edb7465",
                 "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0"
                 "e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                 "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e099070"
                 "3d73e56f");
}

/* The derived values are the PRF with the right labels and seeds in the right order. */
static void test_derivations(void)
{
    uint8_t pms[48], cr[32], sr[32], hash[32], master[48], expect[48], block[40], expect_block[40];
    uint8_t vd[12], expect_vd[12], seed[64];
    for (int i = 0; i < 48; i++)
        pms[i] = (uint8_t)i;
    for (int i = 0; i < 32; i++) {
        cr[i] = (uint8_t)(0x10 + i);
        sr[i] = (uint8_t)(0x80 + i);
        hash[i] = (uint8_t)(0xc0 + i);
    }
    memcpy(seed, cr, 32);
    memcpy(seed + 32, sr, 32);
    LT_CHECK_INT(lt_prf12_master(LT_HASH_SHA256, pms, 48, NULL, cr, sr, master), 0);
    LT_CHECK_INT(lt_prf12(LT_HASH_SHA256, pms, 48, "master secret", seed, 64, NULL, 0, expect, 48), 0);
    LT_CHECK_MEM(master, expect, 48);
    LT_CHECK_INT(lt_prf12_master(LT_HASH_SHA256, pms, 48, hash, cr, sr, master), 0);
    LT_CHECK_INT(lt_prf12(LT_HASH_SHA256, pms, 48, "extended master secret", hash, 32, NULL, 0, expect, 48), 0);
    LT_CHECK_MEM(master, expect, 48);
    memcpy(seed, sr, 32);
    memcpy(seed + 32, cr, 32);
    LT_CHECK_INT(lt_prf12_key_block(LT_HASH_SHA256, master, cr, sr, block, sizeof block), 0);
    LT_CHECK_INT(lt_prf12(LT_HASH_SHA256, master, 48, "key expansion", seed, 64, NULL, 0, expect_block, 40), 0);
    LT_CHECK_MEM(block, expect_block, 40);
    LT_CHECK_INT(lt_prf12_finished(LT_HASH_SHA256, master, 1, hash, vd), 0);
    LT_CHECK_INT(lt_prf12(LT_HASH_SHA256, master, 48, "client finished", hash, 32, NULL, 0, expect_vd, 12), 0);
    LT_CHECK_MEM(vd, expect_vd, 12);
}

int main(void)
{
    LT_RUN(test_prf_sha256);
    LT_RUN(test_prf_sha384);
    LT_RUN(test_derivations);
    return lt_test_summary();
}
