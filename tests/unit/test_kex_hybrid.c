/* The post-quantum hybrid groups of draft-ietf-tls-ecdhe-mlkem: both sides of X25519MLKEM768 and
 * SecP256r1MLKEM768 agree; each group's share layout and secret order (ML-KEM first for
 * X25519MLKEM768, the curve first for SecP256r1MLKEM768) against a responder built here from the
 * halves; wrong lengths at N-1, N, N+1; an encapsulation key failing the modulus check; a bad
 * curve half; a tampered ciphertext (implicit rejection: no error, another secret). */
#include "lt_test.h"

#include <string.h>

#include "base/err.h"
#include "crypto/kex.h"
#include "crypto/mlkem.h"

static const lt_group hybrids[2] = { LT_GROUP_X25519MLKEM768, LT_GROUP_SECP256R1MLKEM768 };

static void test_sizes_and_names(void)
{
    LT_CHECK_INT(lt_kex_public_len(LT_GROUP_X25519MLKEM768), 1216);
    LT_CHECK_INT(lt_kex_response_len(LT_GROUP_X25519MLKEM768), 1120);
    LT_CHECK_INT(lt_kex_public_len(LT_GROUP_SECP256R1MLKEM768), 1249);
    LT_CHECK_INT(lt_kex_response_len(LT_GROUP_SECP256R1MLKEM768), 1153);
    LT_CHECK_INT(lt_kex_response_len(LT_GROUP_X25519), 32);
    LT_CHECK(strcmp(lt_group_name(LT_GROUP_X25519MLKEM768), "X25519MLKEM768") == 0);
    LT_CHECK(strcmp(lt_group_name(LT_GROUP_SECP256R1MLKEM768), "SecP256r1MLKEM768") == 0);
    LT_CHECK(lt_group_is_hybrid(LT_GROUP_X25519MLKEM768) && !lt_group_is_hybrid(LT_GROUP_X25519));
    LT_CHECK_STR_CONTAINS(lt_group_share_parts(LT_GROUP_X25519MLKEM768, 0), "ML-KEM-768 encapsulation key + x25519");
    LT_CHECK_INT(LT_GROUP_X25519MLKEM768, 0x11ec);
    LT_CHECK_INT(LT_GROUP_SECP256R1MLKEM768, 0x11eb);
}

/* client: generate, public; server: accept, public; client: derive. Same 64 bytes. */
static void test_both_sides_agree(void)
{
    for (int g = 0; g < 2; g++) {
        static uint8_t share[LT_KEX_MAX_PUBLIC], response[LT_KEX_MAX_PUBLIC];
        uint8_t s1[64], s2[64];
        size_t share_len = 0, response_len = 0, n1 = 0, n2 = 0;
        lt_kex *client = NULL, *server = NULL;
        LT_CHECK_INT(lt_kex_generate(hybrids[g], &client), 0);
        LT_CHECK_INT(lt_kex_generate_responder(hybrids[g], &server), 0);
        if (client == NULL || server == NULL)
            return;
        LT_CHECK_INT(lt_kex_public(client, share, sizeof share, &share_len), 0);
        LT_CHECK_INT(share_len, lt_kex_public_len(hybrids[g]));
        /* a responder has nothing to say before it accepted a share */
        LT_CHECK_INT(lt_kex_public(server, response, sizeof response, &response_len), LT_ERR_INVALID_ARG);
        LT_CHECK_INT(lt_kex_accept(server, share, share_len, s1, sizeof s1, &n1), 0);
        LT_CHECK_INT(lt_kex_public(server, response, sizeof response, &response_len), 0);
        LT_CHECK_INT(response_len, lt_kex_response_len(hybrids[g]));
        LT_CHECK_INT(lt_kex_derive(client, response, response_len, s2, sizeof s2, &n2), 0);
        LT_CHECK_INT(n1, 64);
        LT_CHECK_INT(n2, 64);
        LT_CHECK_MEM(s1, s2, 64);
        /* a second accept on the same responder is refused */
        LT_CHECK_INT(lt_kex_accept(server, share, share_len, s1, sizeof s1, &n1), LT_ERR_INVALID_ARG);
        lt_kex_free(client);
        lt_kex_free(server);
    }
}

/* The responder made here from the halves, in the draft's order (§4.2, §4.3): the client's
 * derive must give exactly mlkem || x25519, or p256 || mlkem. */
static void test_layout_and_secret_order(void)
{
    for (int g = 0; g < 2; g++) {
        lt_group group = hybrids[g], curve = g == 0 ? LT_GROUP_X25519 : LT_GROUP_SECP256R1;
        int mlkem_first = g == 0;
        size_t curve_len = lt_kex_public_len(curve);
        static uint8_t share[LT_KEX_MAX_PUBLIC], response[LT_KEX_MAX_PUBLIC], ct[LT_MLKEM768_CT_LEN];
        uint8_t curve_pub[LT_KEX_MAX_PUBLIC], mlkem_ss[32], curve_ss[64], want[64], got[64];
        size_t share_len = 0, n = 0, curve_ss_len = 0;
        lt_kex *client = NULL, *ours = NULL;
        LT_CHECK_INT(lt_kex_generate(group, &client), 0);
        LT_CHECK_INT(lt_kex_generate(curve, &ours), 0);
        if (client == NULL || ours == NULL)
            return;
        LT_CHECK_INT(lt_kex_public(client, share, sizeof share, &share_len), 0);
        const uint8_t *ek = share + (mlkem_first ? 0 : curve_len);
        const uint8_t *client_curve = share + (mlkem_first ? LT_MLKEM768_EK_LEN : 0);
        /* the ML-KEM part is an encapsulation key: it passes the modulus check */
        LT_CHECK_INT(lt_mlkem768_encaps(ek, LT_MLKEM768_EK_LEN, ct, mlkem_ss), 0);
        LT_CHECK_INT(lt_kex_derive(ours, client_curve, curve_len, curve_ss, sizeof curve_ss, &curve_ss_len), 0);
        LT_CHECK_INT(curve_ss_len, 32);
        LT_CHECK_INT(lt_kex_public(ours, curve_pub, sizeof curve_pub, &n), 0);
        memcpy(response + (mlkem_first ? 0 : curve_len), ct, LT_MLKEM768_CT_LEN);
        memcpy(response + (mlkem_first ? LT_MLKEM768_CT_LEN : 0), curve_pub, curve_len);
        memcpy(want + (mlkem_first ? 0 : 32), mlkem_ss, 32);
        memcpy(want + (mlkem_first ? 32 : 0), curve_ss, 32);
        LT_CHECK_INT(lt_kex_derive(client, response, lt_kex_response_len(group), got, sizeof got, &n), 0);
        LT_CHECK_MEM(got, want, 64);
        lt_kex_free(client);
        lt_kex_free(ours);
    }
}

static void test_wrong_lengths(void)
{
    for (int g = 0; g < 2; g++) {
        static uint8_t share[LT_KEX_MAX_PUBLIC + 1], response[LT_KEX_MAX_PUBLIC + 1];
        uint8_t s[64];
        size_t share_len = 0, response_len = 0, n = 0;
        lt_kex *client = NULL, *server = NULL;
        LT_CHECK_INT(lt_kex_generate(hybrids[g], &client), 0);
        if (client == NULL)
            return;
        LT_CHECK_INT(lt_kex_public(client, share, sizeof share, &share_len), 0);
        for (int delta = -1; delta <= 1; delta += 2) {
            LT_CHECK_INT(lt_kex_generate_responder(hybrids[g], &server), 0);
            LT_CHECK_INT(lt_kex_accept(server, share, (size_t)((int)share_len + delta), s, sizeof s, &n), LT_ERR_DECODE);
            lt_kex_free(server);
        }
        LT_CHECK_INT(lt_kex_generate_responder(hybrids[g], &server), 0);
        LT_CHECK_INT(lt_kex_accept(server, share, share_len, s, sizeof s, &n), 0);
        LT_CHECK_INT(lt_kex_public(server, response, sizeof response, &response_len), 0);
        LT_CHECK_INT(lt_kex_derive(client, response, response_len - 1, s, sizeof s, &n), LT_ERR_DECODE);
        LT_CHECK_INT(lt_kex_derive(client, response, response_len + 1, s, sizeof s, &n), LT_ERR_DECODE);
        LT_CHECK_INT(lt_kex_derive(client, response, response_len, s, sizeof s, &n), 0);
        /* a secret buffer one short of 64 bytes */
        LT_CHECK_INT(lt_kex_derive(client, response, response_len, s, 63, &n), LT_ERR_BUFFER);
        lt_kex_free(server);
        lt_kex_free(client);
    }
}

/* FIPS 203 §7.2 through the draft's §4.2: a coefficient of q in the client's key is refused */
static void test_modulus_check_failure(void)
{
    for (int g = 0; g < 2; g++) {
        static uint8_t share[LT_KEX_MAX_PUBLIC];
        uint8_t s[64];
        size_t share_len = 0, n = 0, ek_at = g == 0 ? 0 : 65;
        lt_kex *client = NULL, *server = NULL;
        LT_CHECK_INT(lt_kex_generate(hybrids[g], &client), 0);
        if (client == NULL)
            return;
        LT_CHECK_INT(lt_kex_public(client, share, sizeof share, &share_len), 0);
        share[ek_at] = 0x01; /* first coefficient: 0xd01 = 3329 = q */
        share[ek_at + 1] = (uint8_t)((share[ek_at + 1] & 0xf0) | 0x0d);
        LT_CHECK_INT(lt_kex_generate_responder(hybrids[g], &server), 0);
        LT_CHECK_INT(lt_kex_accept(server, share, share_len, s, sizeof s, &n), LT_ERR_DECODE);
        lt_kex_free(server);
        share[ek_at] = 0x00; /* 0xd00 = q - 1 */
        LT_CHECK_INT(lt_kex_generate_responder(hybrids[g], &server), 0);
        LT_CHECK_INT(lt_kex_accept(server, share, share_len, s, sizeof s, &n), 0);
        lt_kex_free(server);
        lt_kex_free(client);
    }
}

/* the curve half is checked as RFC 8446 says: a small-order x25519 point, an off-curve P-256 one */
static void test_bad_curve_half(void)
{
    for (int g = 0; g < 2; g++) {
        static uint8_t share[LT_KEX_MAX_PUBLIC];
        uint8_t s[64];
        size_t share_len = 0, n = 0;
        lt_kex *client = NULL, *server = NULL;
        LT_CHECK_INT(lt_kex_generate(hybrids[g], &client), 0);
        if (client == NULL)
            return;
        LT_CHECK_INT(lt_kex_public(client, share, sizeof share, &share_len), 0);
        if (g == 0)
            memset(share + LT_MLKEM768_EK_LEN, 0, 32); /* u = 0: all-zero secret */
        else
            share[40] ^= 1; /* off the curve */
        LT_CHECK_INT(lt_kex_generate_responder(hybrids[g], &server), 0);
        int rc = lt_kex_accept(server, share, share_len, s, sizeof s, &n);
        LT_CHECK_INT(rc, g == 0 ? LT_ERR_VERIFY : LT_ERR_DECODE);
        lt_kex_free(server);
        lt_kex_free(client);
    }
}

/* a flipped ciphertext bit: decapsulation answers (implicit rejection) with another secret */
static void test_tampered_ciphertext(void)
{
    static uint8_t share[LT_KEX_MAX_PUBLIC], response[LT_KEX_MAX_PUBLIC];
    uint8_t s1[64], s2[64];
    size_t share_len = 0, response_len = 0, n = 0;
    lt_kex *client = NULL, *server = NULL;
    LT_CHECK_INT(lt_kex_generate(LT_GROUP_X25519MLKEM768, &client), 0);
    LT_CHECK_INT(lt_kex_generate_responder(LT_GROUP_X25519MLKEM768, &server), 0);
    if (client == NULL || server == NULL)
        return;
    LT_CHECK_INT(lt_kex_public(client, share, sizeof share, &share_len), 0);
    LT_CHECK_INT(lt_kex_accept(server, share, share_len, s1, sizeof s1, &n), 0);
    LT_CHECK_INT(lt_kex_public(server, response, sizeof response, &response_len), 0);
    response[100] ^= 0x04;
    LT_CHECK_INT(lt_kex_derive(client, response, response_len, s2, sizeof s2, &n), 0);
    LT_CHECK(memcmp(s1, s2, 32) != 0);     /* the ML-KEM half differs */
    LT_CHECK_MEM(s1 + 32, s2 + 32, 32);    /* the x25519 half does not */
    lt_kex_free(client);
    lt_kex_free(server);
}

/* one x25519 key for both of a default client's shares: the hybrid's curve half is that key's
 * share, either share's exchange works, and freeing the hybrid leaves the borrowed key whole */
static void test_sharing_the_curve_key(void)
{
    static uint8_t share[LT_KEX_MAX_PUBLIC], response[LT_KEX_MAX_PUBLIC];
    uint8_t x_pub[32], s1[64], s2[64];
    size_t n = 0, share_len = 0, response_len = 0;
    lt_kex *x = NULL, *hybrid = NULL, *server = NULL, *p256 = NULL;
    LT_CHECK_INT(lt_kex_generate(LT_GROUP_X25519, &x), 0);
    if (x == NULL)
        return;
    LT_CHECK_INT(lt_kex_generate_sharing(LT_GROUP_X25519MLKEM768, x, &hybrid), 0);
    LT_CHECK_INT(lt_kex_generate(LT_GROUP_SECP256R1, &p256), 0);
    LT_CHECK_INT(lt_kex_generate_sharing(LT_GROUP_X25519MLKEM768, p256, &server), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_kex_generate_sharing(LT_GROUP_X25519, x, &server), LT_ERR_INVALID_ARG);
    if (hybrid == NULL)
        return;
    LT_CHECK_INT(lt_kex_public(x, x_pub, sizeof x_pub, &n), 0);
    LT_CHECK_INT(lt_kex_public(hybrid, share, sizeof share, &share_len), 0);
    LT_CHECK_MEM(share + LT_MLKEM768_EK_LEN, x_pub, 32);
    LT_CHECK_INT(lt_kex_generate_responder(LT_GROUP_X25519MLKEM768, &server), 0);
    LT_CHECK_INT(lt_kex_accept(server, share, share_len, s1, sizeof s1, &n), 0);
    LT_CHECK_INT(lt_kex_public(server, response, sizeof response, &response_len), 0);
    LT_CHECK_INT(lt_kex_derive(hybrid, response, response_len, s2, sizeof s2, &n), 0);
    LT_CHECK_MEM(s1, s2, 64);
    lt_kex_free(hybrid); /* x stays usable */
    lt_kex_free(server);
    server = NULL;
    LT_CHECK_INT(lt_kex_generate(LT_GROUP_X25519, &server), 0);
    uint8_t peer_pub[32], a[32], b[32];
    LT_CHECK_INT(lt_kex_public(server, peer_pub, sizeof peer_pub, &n), 0);
    LT_CHECK_INT(lt_kex_derive(x, peer_pub, 32, a, sizeof a, &n), 0);
    LT_CHECK_INT(lt_kex_derive(server, x_pub, 32, b, sizeof b, &n), 0);
    LT_CHECK_MEM(a, b, 32);
    lt_kex_free(server);
    lt_kex_free(p256);
    lt_kex_free(x);
}

int main(void)
{
    LT_RUN(test_sizes_and_names);
    LT_RUN(test_both_sides_agree);
    LT_RUN(test_layout_and_secret_order);
    LT_RUN(test_wrong_lengths);
    LT_RUN(test_modulus_check_failure);
    LT_RUN(test_bad_curve_half);
    LT_RUN(test_tampered_ciphertext);
    LT_RUN(test_sharing_the_curve_key);
    return lt_test_summary();
}
