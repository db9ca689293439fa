/* Configuration profiles (latch_config_set_profile, docs/profiles.md): the default is the
 * intermediate profile and offers exactly what latch offered before profiles existed (the same
 * ClientHello, field by field, but for its random parts), the modern profile offers TLS 1.3
 * alone, the old one adds the RSA key exchange and then the CBC suites (with encrypt-then-MAC)
 * after every AEAD suite, and a setter called after a profile overrides its part. */
#include "lt_test.h"

#include "lt_pair.h"

#include "base/err.h"
#include "tls/codec.h"
#include "tls/proto.h"

/* What the default ClientHello offered before profiles: TLS 1.3's suites, then the ECDHE ones. */
static const uint16_t lt_pre_profile_suites[] = { 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c,
                                                  0xcca9, 0xc02f, 0xc030, 0xcca8 };
/* ... and with the RSA key exchange switched on, its two suites after them. */
static const uint16_t lt_pre_profile_rsa_suites[] = { 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c, 0xcca9,
                                                      0xc02f, 0xc030, 0xcca8, 0x009c, 0x009d };
/* The extensions it sent, in order (no ALPN, no session to resume). */
/* (status_request came with OCSP stapling, which clients ask for by default: docs/revocation.md) */
static const uint16_t lt_pre_profile_exts[] = {
    LT_EXT_SERVER_NAME, LT_EXT_SUPPORTED_VERSIONS, LT_EXT_EXTENDED_MASTER_SECRET, LT_EXT_RENEGOTIATION_INFO,
    LT_EXT_EC_POINT_FORMATS, LT_EXT_SESSION_TICKET, LT_EXT_SUPPORTED_GROUPS, LT_EXT_KEY_SHARE,
    LT_EXT_SIGNATURE_ALGORITHMS, LT_EXT_SIGNATURE_ALGORITHMS_CERT, LT_EXT_STATUS_REQUEST,
    LT_EXT_RECORD_SIZE_LIMIT, LT_EXT_PSK_KEY_EXCHANGE_MODES,
};

typedef struct {
    uint8_t bytes[4096];
    size_t len;
    lt_client_hello_msg ch;
} lt_hello;

/* The first flight of a client made from cfg: its ClientHello, parsed. */
static int lt_hello_of(latch_config *cfg, lt_hello *h)
{
    size_t len = 0;
    latch_conn *c = latch_conn_new(cfg, "example.com");
    if (c == NULL)
        return -1;
    const uint8_t *out = latch_net_out_buf(c, &len);
    int rc = -1;
    if (out != NULL && len > LT_RECORD_HEADER_LEN && len <= sizeof h->bytes && out[0] == LT_CT_HANDSHAKE) {
        memcpy(h->bytes, out + LT_RECORD_HEADER_LEN, len - LT_RECORD_HEADER_LEN);
        h->len = len - LT_RECORD_HEADER_LEN;
        rc = lt_client_hello_msg_parse(lt_span_make(h->bytes, h->len), &h->ch);
    }
    latch_conn_free(c);
    return rc;
}

static int lt_suites_are(const lt_hello *h, const uint16_t *want, size_t n)
{
    if (h->ch.cipher_suites.len != 2 * n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (((uint16_t)h->ch.cipher_suites.p[2 * i] << 8 | h->ch.cipher_suites.p[2 * i + 1]) != want[i])
            return 0;
    return 1;
}

static const lt_ext *lt_ext_of(const lt_hello *h, uint16_t type)
{
    for (size_t i = 0; i < h->ch.exts.n; i++)
        if (h->ch.exts.items[i].type == type)
            return &h->ch.exts.items[i];
    return NULL;
}

static int lt_has_suite(const lt_hello *h, uint16_t suite)
{
    for (size_t i = 0; i + 1 < h->ch.cipher_suites.len; i += 2)
        if (((uint16_t)h->ch.cipher_suites.p[i] << 8 | h->ch.cipher_suites.p[i + 1]) == suite)
            return 1;
    return 0;
}

static latch_config *lt_client(int profile)
{
    latch_config *cfg = lt_pair_client_config();
    if (cfg != NULL && profile >= 0 && latch_config_set_profile(cfg, (latch_profile)profile) != LATCH_OK) {
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* Two hellos are the same but for their random, session ID and key share. */
static void lt_check_same_hello(const lt_hello *a, const lt_hello *b)
{
    LT_CHECK_INT(a->ch.legacy_version, b->ch.legacy_version);
    LT_CHECK_INT(a->ch.cipher_suites.len, b->ch.cipher_suites.len);
    LT_CHECK_MEM(a->ch.cipher_suites.p, b->ch.cipher_suites.p, a->ch.cipher_suites.len);
    LT_CHECK_INT(a->ch.exts.n, b->ch.exts.n);
    for (size_t i = 0; i < a->ch.exts.n && i < b->ch.exts.n; i++) {
        const lt_ext *x = &a->ch.exts.items[i], *y = &b->ch.exts.items[i];
        LT_CHECK_INT(x->type, y->type);
        if (x->type == LT_EXT_KEY_SHARE) /* fresh each time: the group and length only */
            LT_CHECK(x->data.len == y->data.len && memcmp(x->data.p, y->data.p, 6) == 0);
        else if (x->type == y->type && x->data.len == y->data.len)
            LT_CHECK_MEM(x->data.p, y->data.p, x->data.len);
        else
            LT_CHECK_INT(x->data.len, y->data.len);
    }
}

static void test_default_is_intermediate_and_offers_what_it_did_before_profiles_and_the_hybrid(void)
{
    lt_hello def, inter;
    latch_config *a = lt_client(-1), *b = lt_client(LATCH_PROFILE_INTERMEDIATE);
    LT_CHECK(a != NULL && b != NULL);
    LT_CHECK_INT(lt_hello_of(a, &def), 0);
    LT_CHECK_INT(lt_hello_of(b, &inter), 0);
    LT_CHECK(lt_suites_are(&def, lt_pre_profile_suites, sizeof lt_pre_profile_suites / 2));
    LT_CHECK_INT(def.ch.exts.n, sizeof lt_pre_profile_exts / sizeof lt_pre_profile_exts[0]);
    for (size_t i = 0; i < def.ch.exts.n && i < sizeof lt_pre_profile_exts / sizeof lt_pre_profile_exts[0]; i++)
        LT_CHECK_INT(def.ch.exts.items[i].type, lt_pre_profile_exts[i]);
    /* supported_groups: the post-quantum hybrid X25519MLKEM768 (added since profiles), then what
     * it offered before: x25519, secp256r1, secp384r1 */
    const lt_ext *groups = lt_ext_of(&def, LT_EXT_SUPPORTED_GROUPS);
    LT_CHECK(groups != NULL);
    if (groups != NULL) {
        LT_CHECK_INT(groups->data.len, 10);
        LT_CHECK_MEM(groups->data.p, "\x00\x08\x11\xec\x00\x1d\x00\x17\x00\x18", 10);
    }
    /* key_share: X25519MLKEM768's 1216 bytes and x25519's 32, in one ClientHello */
    const lt_ext *shares = lt_ext_of(&def, LT_EXT_KEY_SHARE);
    LT_CHECK(shares != NULL);
    if (shares != NULL && shares->data.len == 2 + 4 + 1216 + 4 + 32) {
        LT_CHECK_MEM(shares->data.p, "\x04\xe8\x11\xec\x04\xc0", 6);
        LT_CHECK_MEM(shares->data.p + 6 + 1216, "\x00\x1d\x00\x20", 4);
        /* one x25519 key serves both shares: the hybrid's curve half is the x25519 share */
        LT_CHECK_MEM(shares->data.p + 6 + 1184, shares->data.p + 6 + 1216 + 4, 32);
    } else {
        LT_CHECK_INT(shares ? shares->data.len : 0, 2 + 4 + 1216 + 4 + 32);
    }
    lt_check_same_hello(&def, &inter);
    latch_config_free(a);
    latch_config_free(b);
}

static void test_rsa_kex_adds_to_the_default_as_before(void)
{
    lt_hello h;
    latch_config *cfg = lt_client(-1);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_rsa_key_exchange(cfg, 1), LATCH_OK);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK(lt_suites_are(&h, lt_pre_profile_rsa_suites, sizeof lt_pre_profile_rsa_suites / 2));
    latch_config_free(cfg);
}

static void test_modern_offers_tls13_alone(void)
{
    static const uint16_t want[] = { 0x1301, 0x1302, 0x1303 };
    lt_hello h;
    latch_config *cfg = lt_client(LATCH_PROFILE_MODERN);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK(lt_suites_are(&h, want, 3));
    const lt_ext *versions = lt_ext_of(&h, LT_EXT_SUPPORTED_VERSIONS);
    LT_CHECK(versions != NULL && versions->data.len == 3 && memcmp(versions->data.p, "\x02\x03\x04", 3) == 0);
    LT_CHECK(lt_ext_of(&h, LT_EXT_EXTENDED_MASTER_SECRET) == NULL); /* nothing of TLS 1.2 */
    latch_config_free(cfg);
}

static void test_old_adds_rsa_key_exchange_and_cbc_after_every_aead(void)
{
    lt_hello h;
    latch_config *cfg = lt_client(LATCH_PROFILE_OLD);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK(lt_has_suite(&h, 0x009c) && lt_has_suite(&h, 0x009d));
    /* every ECDHE AEAD suite before them, TLS 1.3's first */
    LT_CHECK(h.ch.cipher_suites.len >= 22 && memcmp(h.ch.cipher_suites.p, "\x13\x01\x13\x02\x13\x03\xc0\x2b\xc0\x2f", 10) == 0);
    LT_CHECK(memcmp(h.ch.cipher_suites.p + 18, "\x00\x9c\x00\x9d", 4) == 0);
    /* then the CBC suites, and encrypt-then-MAC asked for them (RFC 7366) */
    LT_CHECK(h.ch.cipher_suites.len == 2 * 23 && memcmp(h.ch.cipher_suites.p + 22, "\xc0\x23\xc0\x27", 4) == 0);
    LT_CHECK(lt_ext_of(&h, LT_EXT_ENCRYPT_THEN_MAC) != NULL);
    latch_config_free(cfg);
}

static void test_settings_after_a_profile_override_it(void)
{
    lt_hello h;
    /* the RSA key exchange switched off again takes its suites out of the old profile */
    latch_config *cfg = lt_client(LATCH_PROFILE_OLD);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_rsa_key_exchange(cfg, 0), LATCH_OK);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK(!lt_has_suite(&h, 0x009c) && !lt_has_suite(&h, 0x009d) && lt_has_suite(&h, 0xc02f));
    latch_config_free(cfg);
    /* encrypt-then-MAC switched off: the old profile's client no longer asks for it */
    cfg = lt_client(LATCH_PROFILE_OLD);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_encrypt_then_mac(cfg, 0), LATCH_OK);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK(lt_ext_of(&h, LT_EXT_ENCRYPT_THEN_MAC) == NULL && lt_has_suite(&h, 0xc013));
    latch_config_free(cfg);
    /* versions after modern: TLS 1.2 back */
    cfg = lt_client(LATCH_PROFILE_MODERN);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS13), LATCH_OK);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK(lt_ext_of(&h, LT_EXT_EXTENDED_MASTER_SECRET) != NULL);
    LT_CHECK(lt_has_suite(&h, 0xc02b)); /* with the default TLS 1.2 suites: modern has none */
    latch_config_free(cfg);
    /* an explicit suite list after the old profile is that list */
    cfg = lt_client(LATCH_PROFILE_OLD);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_suites(cfg, "TLS_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                 LATCH_OK);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    static const uint16_t two[] = { 0x1301, 0xc02f };
    LT_CHECK(lt_suites_are(&h, two, 2));
    latch_config_free(cfg);
    /* and a profile after settings replaces them */
    cfg = lt_client(-1);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS12), LATCH_OK);
    LT_CHECK_INT(latch_config_set_groups(cfg, "secp384r1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_profile(cfg, LATCH_PROFILE_INTERMEDIATE), LATCH_OK);
    lt_hello def;
    latch_config *plain = lt_client(-1);
    LT_CHECK(plain != NULL);
    LT_CHECK_INT(lt_hello_of(cfg, &h), 0);
    LT_CHECK_INT(lt_hello_of(plain, &def), 0);
    lt_check_same_hello(&h, &def);
    latch_config_free(plain);
    latch_config_free(cfg);
}

static void test_unknown_profile_is_refused_with_a_reason(void)
{
    latch_config *cfg = lt_client(-1);
    LT_CHECK(cfg != NULL);
    LT_CHECK_INT(latch_config_set_profile(cfg, (latch_profile)3), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "unknown profile 3");
    LT_CHECK_INT(latch_config_set_profile(cfg, (latch_profile)-1), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_profile(NULL, LATCH_PROFILE_OLD), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_freeze(cfg), LATCH_OK);
    LT_CHECK_INT(latch_config_set_profile(cfg, LATCH_PROFILE_OLD), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "frozen");
    latch_config_free(cfg);
}

int main(void)
{
    LT_RUN(test_default_is_intermediate_and_offers_what_it_did_before_profiles_and_the_hybrid);
    LT_RUN(test_rsa_kex_adds_to_the_default_as_before);
    LT_RUN(test_modern_offers_tls13_alone);
    LT_RUN(test_old_adds_rsa_key_exchange_and_cbc_after_every_aead);
    LT_RUN(test_settings_after_a_profile_override_it);
    LT_RUN(test_unknown_profile_is_refused_with_a_reason);
    return lt_test_summary();
}
