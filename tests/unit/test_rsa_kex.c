/* The RSA key exchange's pre-master secret: encryption round trip, every malformed block falls
 * back to a random secret (never an error), and, under valgrind, proof that the padding check
 * neither branches nor indexes on the secret: the decrypted block is marked undefined and
 * memcheck reports any jump that depends on it. `--leaky` runs the same check on a naive,
 * branching implementation so tests/ct/test_valgrind_ct.sh can show the detection works. */
#include <stdlib.h>

#include "lt_test.h"

#include "base/err.h"
#include "crypto/pkey.h"
#include "crypto/rsa_kex.h"

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define LT_HAVE_MEMCHECK 1
#endif
#endif
#ifndef LT_HAVE_MEMCHECK
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#define K 256 /* RSA-2048 */

static lt_privkey *priv;
static lt_pubkey *pub;

static int lt_load_keys(void)
{
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    int rc = lt_privkey_from_pem_file("vectors/pki/rsa2048-key.pem", &priv);
    if (rc == 0)
        rc = lt_privkey_spki(priv, &spki, &spki_len);
    if (rc == 0)
        rc = lt_pubkey_from_spki(spki, spki_len, &pub);
    free(spki);
    return rc;
}

/* A PKCS#1 v1.5 type 2 block around secret, then bent by `flaw`. */
enum { LT_GOOD, LT_BAD_FIRST, LT_BAD_TYPE, LT_ZERO_IN_PS, LT_NO_SEPARATOR, LT_EARLY_SEPARATOR,
       LT_BAD_VERSION, LT_FLAWS };
static void lt_block(uint8_t em[K], const uint8_t secret[48], int flaw)
{
    em[0] = 0x00;
    em[1] = 0x02;
    for (size_t i = 2; i < K - 49; i++)
        em[i] = (uint8_t)(1 + (i * 37) % 255); /* non-zero padding */
    em[K - 49] = 0x00;
    memcpy(em + K - 48, secret, 48);
    switch (flaw) {
    case LT_BAD_FIRST: em[0] = 0x01; break;
    case LT_BAD_TYPE: em[1] = 0x01; break;
    case LT_ZERO_IN_PS: em[40] = 0x00; break;
    case LT_NO_SEPARATOR: em[K - 49] = 0x07; break;
    case LT_EARLY_SEPARATOR: em[K - 60] = 0x00; em[K - 49] = 0x07; break; /* a 59-byte "secret" */
    case LT_BAD_VERSION: em[K - 48] = 0x03; em[K - 47] = 0x01; break;
    default: break;
    }
}

static void test_round_trip(void)
{
    uint8_t secret[48], ct[K], out[48];
    size_t ct_len = 0;
    secret[0] = 0x03;
    secret[1] = 0x03;
    for (int i = 2; i < 48; i++)
        secret[i] = (uint8_t)(i * 5);
    LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct, sizeof ct, &ct_len), 0);
    LT_CHECK_INT(ct_len, K);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, 0x0303, out), 0);
    LT_CHECK_MEM(out, secret, 48);
    /* the version must be the one the client offered */
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, 0x0302, out), 0);
    LT_CHECK(memcmp(out, secret, 48) != 0);
}

/* Each flawed block decrypts to a random secret, and a different one each time; the good block
 * to its secret. Through the real RSA private operation. */
static void test_flawed_blocks(void)
{
    uint8_t secret[48], em[K], ct[K], out1[48], out2[48];
    size_t ct_len = 0;
    for (int i = 0; i < 48; i++)
        secret[i] = (uint8_t)(0x40 + i);
    secret[0] = 0x03;
    secret[1] = 0x03;
    for (int flaw = 0; flaw < LT_FLAWS; flaw++) {
        lt_block(em, secret, flaw);
        LT_CHECK_INT(lt_rsa_raw_public(pub, em, K, ct, sizeof ct, &ct_len), 0);
        LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, 0x0303, out1), 0);
        LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, 0x0303, out2), 0);
        if (flaw == LT_GOOD) {
            LT_CHECK_MEM(out1, secret, 48);
        } else {
            LT_CHECK(memcmp(out1, secret, 48) != 0);
            LT_CHECK(memcmp(out1, out2, 48) != 0); /* fresh randomness each time */
        }
    }
    /* a ciphertext of the wrong length, and one >= n: still 0, a random secret */
    memset(ct, 0xff, sizeof ct);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, K - 1, 0x0303, out1), 0);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, K, 0x0303, out2), 0);
    LT_CHECK(memcmp(out1, out2, 48) != 0);
}

/* The naive check --leaky runs: an early exit on the first bad byte, like the oracles. */
static void lt_leaky_select(const uint8_t *em, size_t k, uint16_t version, const uint8_t fallback[48],
                            uint8_t pms[48])
{
    size_t i = 2;
    if (em[0] != 0 || em[1] != 2)
        goto bad;
    while (i < k && em[i] != 0)
        i++;
    if (i != k - 49 || em[k - 48] != (version >> 8) || em[k - 47] != (version & 0xff))
        goto bad;
    memcpy(pms, em + k - 48, 48);
    return;
bad:
    memcpy(pms, fallback, 48);
}

/* Runs the selection on each flawed block with the block and the fallback marked secret. The
 * result is made defined only after the call, so any branch inside on the secret is reported. */
static void lt_run_marked(void (*select)(const uint8_t *, size_t, uint16_t, const uint8_t *, uint8_t *))
{
    uint8_t secret[48], em[K], fallback[48], pms[48];
    for (int i = 0; i < 48; i++) {
        secret[i] = (uint8_t)(0x20 + i);
        fallback[i] = (uint8_t)(0x90 + i);
    }
    secret[0] = 0x03;
    secret[1] = 0x03;
    for (int flaw = 0; flaw < LT_FLAWS; flaw++) {
        lt_block(em, secret, flaw);
        VALGRIND_MAKE_MEM_UNDEFINED(em, sizeof em);
        VALGRIND_MAKE_MEM_UNDEFINED(fallback, sizeof fallback);
        select(em, K, 0x0303, fallback, pms);
        VALGRIND_MAKE_MEM_DEFINED(pms, sizeof pms);
        VALGRIND_MAKE_MEM_DEFINED(em, sizeof em);
        VALGRIND_MAKE_MEM_DEFINED(fallback, sizeof fallback);
        LT_CHECK_MEM(pms, flaw == LT_GOOD ? secret : fallback, 48);
    }
}

static void test_select_constant_time(void)
{
    lt_run_marked(lt_rsa_pms_select);
}

static void test_leaky_select(void)
{
    lt_run_marked(lt_leaky_select);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--leaky") == 0) {
        LT_RUN(test_leaky_select);
        return lt_test_summary();
    }
    if (lt_load_keys() < 0) {
        fprintf(stderr, "cannot load the RSA test key\n");
        return 1;
    }
    LT_RUN(test_round_trip);
    LT_RUN(test_flawed_blocks);
    LT_RUN(test_select_constant_time);
    lt_privkey_free(priv);
    lt_pubkey_free(pub);
    return lt_test_summary();
}
