/* Unit tests for the parameter tables' lookups (src/tls/params.c): the suite and group lists a
 * configuration is given as text ("x25519:P-256", with ':' or ','), latch's names and the ones
 * OpenSSL users type, duplicates kept once, and every way a list is wrong said with the piece
 * that is wrong; and the TLS 1.3 signature scheme chosen for a key from the peer's list. */
#include "lt_test.h"

#include "base/err.h"
#include "crypto/kex.h"
#include "tls/params.h"

static int groups(const char *list, uint16_t *ids, size_t *n, char *bad)
{
    *n = 0;
    bad[0] = '\0';
    return lt_parse_groups(list, ids, LT_MAX_LIST, n, bad, 64);
}

static void test_group_names_and_separators(void)
{
    uint16_t ids[LT_MAX_LIST];
    size_t n;
    char bad[64];
    LT_CHECK_INT(groups("x25519:secp256r1,secp384r1", ids, &n, bad), 0);
    LT_CHECK_INT(n, 3);
    LT_CHECK(ids[0] == LT_GROUP_X25519 && ids[1] == LT_GROUP_SECP256R1 && ids[2] == LT_GROUP_SECP384R1);
    /* OpenSSL's names, in another order */
    LT_CHECK_INT(groups("P-384:prime256v1:X25519", ids, &n, bad), 0);
    LT_CHECK_INT(n, 3);
    LT_CHECK(ids[0] == LT_GROUP_SECP384R1 && ids[1] == LT_GROUP_SECP256R1 && ids[2] == LT_GROUP_X25519);
    LT_CHECK_INT(groups("P-256", ids, &n, bad), 0);
    LT_CHECK(n == 1 && ids[0] == LT_GROUP_SECP256R1);
    /* one group named twice, in both spellings, is kept once, where it came first */
    LT_CHECK_INT(groups("x25519:P-256:X25519", ids, &n, bad), 0);
    LT_CHECK_INT(n, 2);
    LT_CHECK(ids[0] == LT_GROUP_X25519 && ids[1] == LT_GROUP_SECP256R1);
    /* a separator at the end ends the list */
    LT_CHECK_INT(groups("x25519:", ids, &n, bad), 0);
    LT_CHECK_INT(n, 1);
}

static void test_bad_group_lists_name_the_bad_piece(void)
{
    uint16_t ids[LT_MAX_LIST];
    size_t n;
    char bad[64];
    LT_CHECK_INT(groups("x25519:P-521", ids, &n, bad), LT_ERR_INVALID_ARG);
    LT_CHECK(strcmp(bad, "P-521") == 0);
    LT_CHECK_INT(n, 0); /* nothing is written back on failure */
    LT_CHECK_INT(groups("", ids, &n, bad), LT_ERR_INVALID_ARG);
    LT_CHECK(strcmp(bad, "(empty list)") == 0);
    LT_CHECK_INT(groups("x25519::P-256", ids, &n, bad), LT_ERR_INVALID_ARG);
    LT_CHECK(strcmp(bad, "") == 0);
    LT_CHECK_INT(groups(",x25519", ids, &n, bad), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(groups("x25519 ", ids, &n, bad), LT_ERR_INVALID_ARG); /* names are exact */
    LT_CHECK(strcmp(bad, "x25519 ") == 0);
    /* a name of 63 bytes is looked up (and is unknown); 64 bytes is too long to be a name, and
     * the sentence quotes its first 60 */
    char name[80];
    memset(name, 'g', sizeof name);
    name[63] = '\0';
    LT_CHECK_INT(groups(name, ids, &n, bad), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(strlen(bad), 63);
    name[63] = 'g';
    name[64] = '\0';
    LT_CHECK_INT(groups(name, ids, &n, bad), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(strlen(bad), 60);
}

static void test_suite_lists(void)
{
    uint16_t ids[LT_MAX_LIST];
    size_t n = 0;
    char bad[64] = "";
    LT_CHECK_INT(lt_parse_suites("TLS_CHACHA20_POLY1305_SHA256,TLS_AES_128_GCM_SHA256", ids, LT_MAX_LIST, &n, bad,
                                 sizeof bad), 0);
    LT_CHECK(n == 2 && ids[0] == 0x1303 && ids[1] == 0x1301);
    LT_CHECK_INT(lt_parse_suites("TLS_AES_128_GCM_SHA256:TLS_RSA_WITH_RC4_128_SHA", ids, LT_MAX_LIST, &n, bad,
                                 sizeof bad), LT_ERR_INVALID_ARG);
    LT_CHECK(strcmp(bad, "TLS_RSA_WITH_RC4_128_SHA") == 0);
    /* the caller's room: two suites fit in two, a third does not */
    n = 0;
    LT_CHECK_INT(lt_parse_suites("TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384", ids, 2, &n, bad, sizeof bad), 0);
    LT_CHECK_INT(n, 2);
    LT_CHECK_INT(lt_parse_suites("TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256", ids, 2,
                                 &n, bad, sizeof bad), LT_ERR_INVALID_ARG);
    LT_CHECK(strcmp(bad, "TLS_CHACHA20_POLY1305_SHA256") == 0);
}

/* RFC 8446 §4.2.3: in TLS 1.3 an ECDSA scheme names its curve, RSA signs with PSS only; latch
 * picks by its own preference among what the peer offers. */
static void test_signature_scheme_for_key(void)
{
    static const uint16_t peer[] = { 0x0401, 0x0503, 0x0804, 0x0403, 0x0807 };
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_EC_P256, 256, peer, 5), 0x0403);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_EC_P384, 256, peer, 5), 0x0503);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_ED25519, 256, peer, 5), 0x0807);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 256, peer, 5), 0x0804);
    /* rsa_pkcs1_sha256 alone: no TLS 1.3 signature for an RSA key; nothing for an empty list */
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA, 256, peer, 1), 0);
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_EC_P256, 256, peer, 0), 0);
    static const uint16_t pss_keys[] = { 0x0804, 0x0809 };
    LT_CHECK_INT(lt_sigscheme_for_key(LT_KEY_RSA_PSS, 256, pss_keys, 2), 0x0809);
}

int main(void)
{
    LT_RUN(test_group_names_and_separators);
    LT_RUN(test_bad_group_lists_name_the_bad_piece);
    LT_RUN(test_suite_lists);
    LT_RUN(test_signature_scheme_for_key);
    return lt_test_summary();
}
