/* Negotiation as pure functions (src/tls/negotiate.c): a config against what a peer offered,
 * with no connection. */
#include <string.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "base/err.h"
#include "tls/negotiate.h"
#include "tls/params.h"

static latch_config *lt_frozen(latch_config *cfg)
{
    LT_CHECK(cfg != NULL && latch_config_freeze(cfg) == LATCH_OK);
    return cfg;
}

static void test_suite13(void)
{
    latch_config *cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_suites(cfg, "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"), LATCH_OK);
    lt_frozen(cfg);
    /* our order wins over the client's */
    static const uint8_t both[] = { 0x13, 0x01, 0x13, 0x03 };
    LT_CHECK_INT(lt_neg_suite13(cfg, lt_reader_init(both, sizeof both)), 0x1303);
    static const uint8_t aes[] = { 0x13, 0x02, 0x13, 0x01 };
    LT_CHECK_INT(lt_neg_suite13(cfg, lt_reader_init(aes, sizeof aes)), 0x1301);
    static const uint8_t none[] = { 0x13, 0x02, 0xc0, 0x2b };
    LT_CHECK_INT(lt_neg_suite13(cfg, lt_reader_init(none, sizeof none)), 0);
    LT_CHECK_INT(lt_neg_suite13(cfg, lt_reader_init(NULL, 0)), 0);
    LT_CHECK(lt_neg_config_suite(cfg, 0x1303) && !lt_neg_config_suite(cfg, 0x1302));
    LT_CHECK(lt_neg_wire_has(lt_reader_init(aes, sizeof aes), 0x1301));
    LT_CHECK(!lt_neg_wire_has(lt_reader_init(aes, 3), 0x1301)); /* a truncated list ends the search */
    latch_config_free(cfg);
}

static void test_groups(void)
{
    latch_config *cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_groups(cfg, "secp256r1,x25519"), LATCH_OK);
    lt_frozen(cfg);
    lt_client_hello ch;
    memset(&ch, 0, sizeof ch);
    ch.groups[0] = LT_GROUP_X25519;
    ch.groups[1] = LT_GROUP_SECP256R1;
    ch.n_groups = 2;
    ch.groups_sent = 1;
    ch.shares[0].group = LT_GROUP_X25519;
    ch.n_shares = 1;
    /* a share for a group we enable saves the round trip, even if we like another more */
    LT_CHECK_INT(lt_neg_group13(cfg, &ch), LT_GROUP_X25519);
    /* no usable share: our favourite of the client's (a HelloRetryRequest asks for it) */
    ch.shares[0].group = LT_GROUP_SECP384R1;
    LT_CHECK_INT(lt_neg_group13(cfg, &ch), LT_GROUP_SECP256R1);
    /* a share for a group the client does not list in supported_groups does not count */
    ch.shares[0].group = LT_GROUP_X25519;
    ch.groups[0] = LT_GROUP_SECP384R1;
    LT_CHECK_INT(lt_neg_group13(cfg, &ch), LT_GROUP_SECP256R1);
    ch.n_groups = 1;
    LT_CHECK_INT(lt_neg_group13(cfg, &ch), 0);
    /* TLS 1.2: ours among the client's; none listed means any (RFC 8422 §5.1.1) */
    LT_CHECK_INT(lt_neg_group12(cfg, &ch), 0);
    ch.groups_sent = 0;
    ch.n_groups = 0;
    LT_CHECK_INT(lt_neg_group12(cfg, &ch), LT_GROUP_SECP256R1);
    LT_CHECK(lt_neg_config_group(cfg, LT_GROUP_X25519) && !lt_neg_config_group(cfg, LT_GROUP_SECP384R1));
    latch_config_free(cfg);
}

static void test_alpn(void)
{
    latch_config *cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_alpn(cfg, "h2,http/1.1"), LATCH_OK);
    lt_frozen(cfg);
    const uint8_t *chosen = NULL;
    size_t len = 0;
    static const uint8_t offered[] = { 8, 'h', 't', 't', 'p', '/', '1', '.', '1', 2, 'h', '2' };
    LT_CHECK_INT(lt_neg_alpn(cfg, lt_reader_init(offered, sizeof offered), &chosen, &len), 1);
    LT_CHECK(len == 2 && memcmp(chosen, "h2", 2) == 0); /* ours first, whatever the client's order */
    static const uint8_t other[] = { 3, 'f', 'o', 'o' };
    LT_CHECK_INT(lt_neg_alpn(cfg, lt_reader_init(other, sizeof other), &chosen, &len), 0);
    static const uint8_t cut[] = { 3, 'f', 'o' };
    LT_CHECK_INT(lt_neg_alpn(cfg, lt_reader_init(cut, sizeof cut), &chosen, &len), LT_ERR_DECODE);
    LT_CHECK(lt_neg_alpn_offered(cfg, (const uint8_t *)"http/1.1", 8));
    LT_CHECK(!lt_neg_alpn_offered(cfg, (const uint8_t *)"http/1.", 7));
    LT_CHECK(!lt_neg_alpn_offered(cfg, (const uint8_t *)"h2c", 3));
    latch_config_free(cfg);
}

static int lt_fit_rsa(const lt_identity *id, const void *ctx, uint16_t *scheme)
{
    (void)ctx;
    *scheme = 0x0804;
    return id->key_type == LT_KEY_RSA;
}

static int lt_fit_any(const lt_identity *id, const void *ctx, uint16_t *scheme)
{
    (void)id;
    *scheme = *(const uint16_t *)ctx;
    return 1;
}

static void test_identity(void)
{
    latch_config *cfg = lt_frozen(lt_pair_server_config((const char *const[]){ "p256", "rsa2048" }, 2));
    uint16_t scheme = 0, any = 0x0403;
    const lt_identity *id = lt_neg_identity(cfg, "localhost", -1, lt_fit_any, &any, &scheme);
    LT_CHECK(id == &cfg->identities[0] && scheme == 0x0403);
    /* the first that fits */
    id = lt_neg_identity(cfg, "localhost", -1, lt_fit_rsa, NULL, &scheme);
    LT_CHECK(id == &cfg->identities[1] && scheme == 0x0804);
    /* no certificate for the name: any that fits (the client decides whether it trusts it) */
    id = lt_neg_identity(cfg, "elsewhere.example", -1, lt_fit_any, &any, &scheme);
    LT_CHECK(id == &cfg->identities[0]);
    id = lt_neg_identity(cfg, NULL, -1, lt_fit_any, &any, &scheme);
    LT_CHECK(id == &cfg->identities[0]);
    /* the application's choice only */
    id = lt_neg_identity(cfg, "localhost", 1, lt_fit_any, &any, &scheme);
    LT_CHECK(id == &cfg->identities[1]);
    scheme = 7;
    LT_CHECK(lt_neg_identity(cfg, "localhost", 0, lt_fit_rsa, NULL, &scheme) == NULL);
    LT_CHECK_INT(scheme, 7); /* untouched when nothing fits */
    LT_CHECK(lt_neg_identity(cfg, "localhost", 2, lt_fit_any, &any, &scheme) == NULL);
    latch_config_free(cfg);
}

static void test_our_sigschemes(void)
{
    LT_CHECK(lt_neg_our_sigscheme(LATCH_TLS13, 0x0403));   /* ecdsa_secp256r1_sha256 */
    LT_CHECK(!lt_neg_our_sigscheme(LATCH_TLS13, 0x0401));  /* rsa_pkcs1_sha256: never in TLS 1.3 */
    LT_CHECK(lt_neg_our_sigscheme(LATCH_TLS12, 0x0401));
    LT_CHECK(!lt_neg_our_sigscheme(LATCH_TLS12, 0x0201)); /* SHA-1: never */
    LT_CHECK(lt_neg_has((const uint16_t[]){ 1, 2, 3 }, 3, 3) && !lt_neg_has((const uint16_t[]){ 1, 2, 3 }, 2, 3));
}

/* RSA-PSS needs 2 * hash + 2 bytes of modulus (RFC 8017 §9.1.1): a key too small for the only
 * scheme the peer takes fits none (the handshake then fails with handshake_failure, not with a
 * signature that cannot be made), and a smaller hash or PKCS#1 is taken when offered. */
static void test_pss_needs_a_large_enough_key(void)
{
    static const uint16_t pss512[] = { 0x0806 }, pss512_384[] = { 0x0806, 0x0805 },
                          pss512_pkcs1[] = { 0x0806, 0x0601 };
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 129, pss512, 1), 0);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 130, pss512, 1), 0x0806);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 131, pss512, 1), 0x0806);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 128, pss512_384, 2), 0x0805);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 256, pss512_384, 2), 0x0805); /* (our order) */
    LT_CHECK_INT(lt_sigscheme12_for_key(LT_KEY_RSA, 129, pss512, 1), 0);
    LT_CHECK_INT(lt_sigscheme12_for_key(LT_KEY_RSA, 130, pss512, 1), 0x0806);
    LT_CHECK_INT(lt_sigscheme12_for_key(LT_KEY_RSA, 128, pss512_pkcs1, 2), 0x0601);
    /* other keys are not RSA-sized */
    static const uint16_t ecdsa[] = { 0x0403 };
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_EC_P256, 72, ecdsa, 1), 0x0403);
}

int main(void)
{
    LT_RUN(test_suite13);
    LT_RUN(test_groups);
    LT_RUN(test_alpn);
    LT_RUN(test_pss_needs_a_large_enough_key);
    LT_RUN(test_identity);
    LT_RUN(test_our_sigschemes);
    return lt_test_summary();
}
