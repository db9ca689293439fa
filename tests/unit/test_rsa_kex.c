/* Unit tests for src/crypto/rsa_kex.c: the TLS 1.2 RSA pre-master secret (RFC 5246 §7.4.7.1).
 * A round trip with the RSA-2048 test certificate and key (tests/vectors/pki), then ciphertexts
 * of hand-built encodings, each wrong in one way, made with the raw public operation: every bad
 * one must come back as a fresh random secret with status 0, never an error. The constant-time
 * check lt_rsa_pms_select is also driven directly; under valgrind its inputs are marked undefined,
 * so memcheck reports "Conditional jump or move depends on uninitialised value(s)" if it branches
 * or indexes memory on them. `test_rsa_kex --leaky` runs the same marked check on a naive,
 * branching implementation written below, so tests/ct/test_valgrind_ct.sh can show that the
 * detection works. The test runs with tests/ as its working directory. */
#include "lt_test.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/err.h"
#include "base/file.h"
#include "crypto/pkey.h"
#include "crypto/rand.h"
#include "crypto/rsa_kex.h"
#include "x509/cert.h"
#include "x509/pem.h"

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define LT_HAVE_MEMCHECK 1
#endif
#endif
#ifndef LT_HAVE_MEMCHECK
#define RUNNING_ON_VALGRIND 0
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#define PKI "vectors/pki/"
#define PMS LT_PMS_LEN
#define K2048 256
#define TLS12 0x0303

/* --- keys ------------------------------------------------------------------------------------ */

/* The public key of the first certificate in a PEM file, through latch's own X.509 parser. */
static lt_pubkey *load_cert_key(const char *path)
{
    uint8_t *text = NULL, *der = NULL;
    size_t text_len = 0, der_len = 0, pos = 0;
    lt_cert cert;
    lt_pubkey *pub = NULL;
    LT_CHECK_INT(lt_file_read(path, &text, &text_len), 0);
    if (text == NULL)
        return NULL;
    LT_CHECK_INT(lt_pem_next((const char *)text, text_len, &pos, "CERTIFICATE", &der, &der_len), 1);
    if (der != NULL) {
        LT_CHECK_INT(lt_cert_parse(der, der_len, &cert, NULL), 0);
        LT_CHECK_INT(lt_pubkey_from_spki(cert.spki.p, cert.spki.len, &pub), 0);
    }
    free(der);
    free(text);
    return pub;
}

static lt_privkey *load_private_key(const char *path)
{
    lt_privkey *priv = NULL;
    LT_CHECK_INT(lt_privkey_from_pem_file(path, &priv), 0);
    return priv;
}

/* --- hand-built encodings -------------------------------------------------------------------- */

typedef enum {
    BLOCK_GOOD,
    BLOCK_FIRST_BYTE_NOT_ZERO,    /* 01 02 ... */
    BLOCK_TYPE_1,                 /* 00 01 ...: a signature block, not an encryption block */
    BLOCK_ZERO_IN_PADDING,        /* 00 02 then a zero after 3 padding bytes (too short PS) */
    BLOCK_ZERO_AT_PADDING_END,    /* the last padding byte zero: PS ends one byte early */
    BLOCK_NO_SEPARATOR,           /* no zero byte anywhere after 00 02 */
    BLOCK_SEPARATOR_TOO_EARLY,    /* 00 ends PS one byte early: a 49-byte message */
    BLOCK_SEPARATOR_TOO_LATE,     /* 00 ends PS one byte late: a 47-byte message */
    BLOCK_WRONG_VERSION_MAJOR,    /* 02 03 instead of 03 03 */
    BLOCK_WRONG_VERSION_MINOR,    /* 03 02 instead of 03 03 */
} block_kind;

static const block_kind bad_blocks[] = {
    BLOCK_FIRST_BYTE_NOT_ZERO, BLOCK_TYPE_1, BLOCK_ZERO_IN_PADDING, BLOCK_ZERO_AT_PADDING_END,
    BLOCK_NO_SEPARATOR, BLOCK_SEPARATOR_TOO_EARLY, BLOCK_SEPARATOR_TOO_LATE,
    BLOCK_WRONG_VERSION_MAJOR, BLOCK_WRONG_VERSION_MINOR,
};
#define BAD_BLOCK_COUNT (sizeof bad_blocks / sizeof bad_blocks[0])

/* Fills em (k bytes) with 00 02 PS 00 secret, secret = client_version and 46 random bytes that
 * include zeros (a valid secret may hold any byte), then breaks it as kind says. The secret as
 * encoded is em[k-48..k) in every case. */
static void build_block(uint8_t *em, size_t k, uint16_t client_version, block_kind kind)
{
    size_t separator = k - PMS - 1;
    LT_CHECK_INT(lt_random(em, k), 0);
    em[0] = 0x00;
    em[1] = 0x02;
    for (size_t i = 2; i < separator; i++)
        if (em[i] == 0)
            em[i] = 0x5a;
    em[separator] = 0x00;
    em[separator + 1] = (uint8_t)(client_version >> 8);
    em[separator + 2] = (uint8_t)client_version;
    em[separator + 3] = 0x00;
    em[k - 1] = 0x00;
    switch (kind) {
    case BLOCK_GOOD:
        break;
    case BLOCK_FIRST_BYTE_NOT_ZERO:
        em[0] = 0x01;
        break;
    case BLOCK_TYPE_1:
        em[1] = 0x01;
        break;
    case BLOCK_ZERO_IN_PADDING:
        em[5] = 0x00;
        break;
    case BLOCK_ZERO_AT_PADDING_END:
        em[separator - 1] = 0x00;
        break;
    case BLOCK_NO_SEPARATOR:
        em[separator] = 0x33;
        break;
    case BLOCK_SEPARATOR_TOO_EARLY:
        em[separator - 1] = 0x00;
        em[separator] = 0x44;
        break;
    case BLOCK_SEPARATOR_TOO_LATE:
        /* PS runs one byte longer, into where client_version's first byte belongs */
        em[separator] = 0x55;
        em[separator + 1] = 0x00;
        break;
    case BLOCK_WRONG_VERSION_MAJOR:
        em[separator + 1] ^= 0x01;
        break;
    case BLOCK_WRONG_VERSION_MINOR:
        em[separator + 2] ^= 0x01;
        break;
    }
}

/* --- the constant-time check, marked secret for memcheck -------------------------------------- */

typedef void select_fn(const uint8_t *em, size_t k, uint16_t client_version,
                       const uint8_t fallback[PMS], uint8_t pms[PMS]);

/* Runs select with em and fallback undefined for memcheck: any branch, conditional move or
 * address computed from them inside select is reported. The output is marked defined again
 * before anyone looks at it (otherwise the test's own memcmp would be reported). */
static void select_as_secret(select_fn *select_impl, const uint8_t *em, size_t k,
                             uint16_t client_version, const uint8_t fallback[PMS], uint8_t pms[PMS])
{
    if (RUNNING_ON_VALGRIND) {
        (void)VALGRIND_MAKE_MEM_UNDEFINED(em, k);
        (void)VALGRIND_MAKE_MEM_UNDEFINED(fallback, PMS);
    }
    select_impl(em, k, client_version, fallback, pms);
    if (RUNNING_ON_VALGRIND) {
        (void)VALGRIND_MAKE_MEM_DEFINED(em, k);
        (void)VALGRIND_MAKE_MEM_DEFINED(fallback, PMS);
        (void)VALGRIND_MAKE_MEM_DEFINED(pms, PMS);
    }
}

/* What a first attempt often looks like: correct results, but every check is a branch and the
 * secret's position is found by scanning, so timing and cache traces depend on the plaintext. It
 * exists only to prove that the valgrind check catches such code (--leaky). */
static void naive_pms_select(const uint8_t *em, size_t k, uint16_t client_version,
                             const uint8_t fallback[PMS], uint8_t pms[PMS])
{
    const uint8_t *chosen = fallback;
    if (k >= 2 + 8 + 1 + PMS && em[0] == 0x00 && em[1] == 0x02) {
        size_t i = 2;
        while (i < k && em[i] != 0x00)
            i++;
        if (i == k - PMS - 1 && em[i + 1] == (client_version >> 8)
            && em[i + 2] == (client_version & 0xff))
            chosen = em + i + 1;
    }
    memcpy(pms, chosen, PMS);
}

/* Checks select on every kind of block of size k: the good one yields the encoded secret, every
 * bad one exactly the fallback. */
static void check_select_all_blocks(select_fn *select_impl, size_t k)
{
    uint8_t em[512], fallback[PMS], pms[PMS], expected[PMS];
    if (k > sizeof em)
        return;
    memset(fallback, 0xa5, sizeof fallback);
    build_block(em, k, TLS12, BLOCK_GOOD);
    memcpy(expected, em + k - PMS, PMS);
    select_as_secret(select_impl, em, k, TLS12, fallback, pms);
    LT_CHECK_MEM(pms, expected, PMS);
    for (size_t b = 0; b < BAD_BLOCK_COUNT; b++) {
        build_block(em, k, TLS12, bad_blocks[b]);
        memset(pms, 0, sizeof pms);
        select_as_secret(select_impl, em, k, TLS12, fallback, pms);
        if (memcmp(pms, fallback, PMS) != 0)
            fprintf(stderr, "  block kind %d of %zu bytes was not replaced\n", (int)bad_blocks[b], k);
        LT_CHECK_MEM(pms, fallback, PMS);
    }
}

static void test_select_takes_the_secret_only_from_a_valid_block_of_256_bytes(void)
{
    check_select_all_blocks(lt_rsa_pms_select, K2048);
}

static void test_select_works_for_other_modulus_sizes(void)
{
    check_select_all_blocks(lt_rsa_pms_select, 128);
    check_select_all_blocks(lt_rsa_pms_select, 384);
    check_select_all_blocks(lt_rsa_pms_select, 512);
}

/* Every padding byte is checked: a zero at any position of PS, first to last, means the
 * separator came early, so the block is bad (an off-by-one in the loop bounds fails here). */
static void test_select_rejects_a_zero_at_every_padding_position(void)
{
    uint8_t em[K2048], fallback[PMS], pms[PMS];
    memset(fallback, 0x3c, sizeof fallback);
    size_t rejected = 0;
    for (size_t i = 2; i < K2048 - PMS - 1; i++) {
        build_block(em, K2048, TLS12, BLOCK_GOOD);
        em[i] = 0x00;
        select_as_secret(lt_rsa_pms_select, em, K2048, TLS12, fallback, pms);
        rejected += memcmp(pms, fallback, PMS) == 0;
    }
    LT_CHECK_INT(rejected, K2048 - PMS - 1 - 2);
}

/* The client_version compared is the one passed in, both bytes of it. */
static void test_select_checks_the_version_passed_in(void)
{
    uint8_t em[K2048], fallback[PMS], pms[PMS];
    memset(fallback, 0x77, sizeof fallback);
    build_block(em, K2048, 0x0301, BLOCK_GOOD);
    select_as_secret(lt_rsa_pms_select, em, K2048, 0x0301, fallback, pms);
    LT_CHECK_MEM(pms, em + K2048 - PMS, PMS);
    select_as_secret(lt_rsa_pms_select, em, K2048, 0x0303, fallback, pms);
    LT_CHECK_MEM(pms, fallback, PMS);
    select_as_secret(lt_rsa_pms_select, em, K2048, 0x0201, fallback, pms);
    LT_CHECK_MEM(pms, fallback, PMS);
}

/* PKCS#1 v1.5 needs at least 8 padding bytes: with k = 59 there are exactly 8 and the block is
 * good; with k = 58 a block of the same shape has 7 and must be refused, as must anything
 * shorter (where 48 bytes do not even fit). */
static void test_select_needs_eight_padding_bytes(void)
{
    uint8_t em[64], fallback[PMS], pms[PMS];
    memset(fallback, 0x11, sizeof fallback);
    build_block(em, 59, TLS12, BLOCK_GOOD);
    select_as_secret(lt_rsa_pms_select, em, 59, TLS12, fallback, pms);
    LT_CHECK_MEM(pms, em + 59 - PMS, PMS);
    build_block(em, 58, TLS12, BLOCK_GOOD);
    select_as_secret(lt_rsa_pms_select, em, 58, TLS12, fallback, pms);
    LT_CHECK_MEM(pms, fallback, PMS);
    memset(em, 0, sizeof em);
    select_as_secret(lt_rsa_pms_select, em, 10, TLS12, fallback, pms);
    LT_CHECK_MEM(pms, fallback, PMS);
}

/* --- through RSA ----------------------------------------------------------------------------- */

static void test_round_trip_with_the_rsa2048_certificate_and_key(void)
{
    lt_pubkey *pub = load_cert_key(PKI "rsa2048.pem");
    lt_privkey *priv = load_private_key(PKI "rsa2048-key.pem");
    uint8_t secret[PMS], pms[PMS], ct[600], ct2[600];
    size_t ct_len = 0, ct2_len = 0;
    if (pub == NULL || priv == NULL)
        goto out;
    LT_CHECK_INT(lt_pubkey_bits(pub), 2048);
    LT_CHECK_INT(lt_random(secret, sizeof secret), 0);
    secret[0] = 0x03;
    secret[1] = 0x03;
    LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct, sizeof ct, &ct_len), 0);
    LT_CHECK_INT(ct_len, K2048);
    memset(pms, 0, sizeof pms);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, TLS12, pms), 0);
    LT_CHECK_MEM(pms, secret, PMS);
    /* the padding is random, so the same secret never encrypts the same way twice */
    LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct2, sizeof ct2, &ct2_len), 0);
    LT_CHECK(ct2_len == ct_len && memcmp(ct, ct2, ct_len) != 0);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct2, ct2_len, TLS12, pms), 0);
    LT_CHECK_MEM(pms, secret, PMS);
    /* a client that offered another version: the secret is replaced, and still status 0 */
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, 0x0302, pms), 0);
    LT_CHECK(memcmp(pms, secret, PMS) != 0);
    /* the ciphertext needs the full modulus length */
    LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct, K2048 - 1, &ct_len), LT_ERR_BUFFER);
out:
    lt_pubkey_free(pub);
    lt_privkey_free(priv);
}

/* Encrypts em with the raw public operation and decrypts it: status 0 always; returns the pms. */
static void decrypt_block(const lt_pubkey *pub, const lt_privkey *priv, const uint8_t *em,
                          uint8_t pms[PMS])
{
    uint8_t ct[K2048];
    size_t ct_len = 0;
    LT_CHECK_INT(lt_rsa_raw_public(pub, em, K2048, ct, sizeof ct, &ct_len), 0);
    LT_CHECK_INT(ct_len, K2048);
    memset(pms, 0, PMS);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, ct_len, TLS12, pms), 0);
}

static void test_every_malformed_encoding_yields_a_fresh_random_secret(void)
{
    lt_pubkey *pub = load_cert_key(PKI "rsa2048.pem");
    lt_privkey *priv = load_private_key(PKI "rsa2048-key.pem");
    uint8_t em[K2048], first[PMS], second[PMS];
    if (pub == NULL || priv == NULL)
        goto out;
    build_block(em, K2048, TLS12, BLOCK_GOOD);
    decrypt_block(pub, priv, em, first);
    LT_CHECK_MEM(first, em + K2048 - PMS, PMS);
    for (size_t b = 0; b < BAD_BLOCK_COUNT; b++) {
        build_block(em, K2048, TLS12, bad_blocks[b]);
        decrypt_block(pub, priv, em, first);
        decrypt_block(pub, priv, em, second);
        if (memcmp(first, em + K2048 - PMS, PMS) == 0 || memcmp(first, second, PMS) == 0)
            fprintf(stderr, "  block kind %d was not replaced by a random secret\n",
                    (int)bad_blocks[b]);
        LT_CHECK(memcmp(first, em + K2048 - PMS, PMS) != 0);
        LT_CHECK(memcmp(second, em + K2048 - PMS, PMS) != 0);
        LT_CHECK(memcmp(first, second, PMS) != 0);
    }
out:
    lt_pubkey_free(pub);
    lt_privkey_free(priv);
}

/* A ciphertext of the wrong length, or whose value is not below the modulus, is public: still
 * status 0 and a random secret, so the peer sees no difference in the handshake. */
static void test_ciphertext_of_wrong_length_or_too_large_yields_a_random_secret(void)
{
    lt_pubkey *pub = load_cert_key(PKI "rsa2048.pem");
    lt_privkey *priv = load_private_key(PKI "rsa2048-key.pem");
    uint8_t secret[PMS], ct[K2048 + 1], first[PMS], second[PMS];
    size_t ct_len = 0;
    static const size_t lengths[] = { 0, 1, K2048 - 1, K2048 + 1 };
    if (pub == NULL || priv == NULL)
        goto out;
    LT_CHECK_INT(lt_random(secret, sizeof secret), 0);
    secret[0] = 0x03;
    secret[1] = 0x03;
    LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct, sizeof ct, &ct_len), 0);
    ct[K2048] = 0x00;
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, lengths[i], TLS12, first), 0);
        LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, lengths[i], TLS12, second), 0);
        LT_CHECK(memcmp(first, secret, PMS) != 0);
        LT_CHECK(memcmp(first, second, PMS) != 0);
    }
    memset(ct, 0xff, K2048);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, K2048, TLS12, first), 0);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, K2048, TLS12, second), 0);
    LT_CHECK(memcmp(first, second, PMS) != 0);
out:
    lt_pubkey_free(pub);
    lt_privkey_free(priv);
}

/* RFC 8017 §7.2.2 step 1: the ciphertext is exactly k bytes. A valid ciphertext that happens to
 * start with a zero byte, sent without it, is the same number, but it is still refused. */
static void test_valid_ciphertext_without_its_leading_zero_is_refused(void)
{
    lt_pubkey *pub = load_cert_key(PKI "rsa2048.pem");
    lt_privkey *priv = load_private_key(PKI "rsa2048-key.pem");
    uint8_t secret[PMS], ct[K2048], pms[PMS];
    size_t ct_len = 0;
    if (pub == NULL || priv == NULL)
        goto out;
    LT_CHECK_INT(lt_random(secret, sizeof secret), 0);
    secret[0] = 0x03;
    secret[1] = 0x03;
    /* one ciphertext in 256 starts with 00: the chance of none in 4096 tries is e^-16 */
    ct[0] = 0xff;
    for (int tries = 0; tries < 4096 && ct[0] != 0x00; tries++)
        LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct, sizeof ct, &ct_len), 0);
    LT_CHECK_INT(ct[0], 0x00);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, K2048, TLS12, pms), 0);
    LT_CHECK_MEM(pms, secret, PMS);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct + 1, K2048 - 1, TLS12, pms), 0);
    LT_CHECK(memcmp(pms, secret, PMS) != 0);
out:
    lt_pubkey_free(pub);
    lt_privkey_free(priv);
}

/* Only rsaEncryption keys transport secrets; the others are a caller's error, not the peer's. */
static void test_non_rsa_keys_are_unsupported(void)
{
    lt_pubkey *pub = load_cert_key(PKI "p256.pem");
    lt_privkey *priv = load_private_key(PKI "p256-key.pem");
    uint8_t secret[PMS] = { 0x03, 0x03 }, ct[K2048], pms[PMS];
    size_t ct_len = 0;
    LT_CHECK_INT(lt_rsa_kex_encrypt(pub, secret, ct, sizeof ct, &ct_len), LT_ERR_UNSUPPORTED);
    LT_CHECK_INT(lt_rsa_raw_public(pub, ct, sizeof ct, ct, sizeof ct, &ct_len), LT_ERR_UNSUPPORTED);
    memset(ct, 0x01, sizeof ct);
    LT_CHECK_INT(lt_rsa_kex_decrypt(priv, ct, sizeof ct, TLS12, pms), LT_ERR_UNSUPPORTED);
    LT_CHECK_INT(lt_rsa_kex_decrypt(NULL, ct, sizeof ct, TLS12, pms), LT_ERR_INVALID_ARG);
    lt_pubkey_free(pub);
    lt_privkey_free(priv);
}

/* --leaky: the naive implementation is right about every block, so the only thing valgrind can
 * object to is how it gets there. */
static void test_naive_select_gives_correct_results(void)
{
    check_select_all_blocks(naive_pms_select, K2048);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--leaky") == 0) {
        if (!RUNNING_ON_VALGRIND)
            printf("not under valgrind: the naive select runs, but nothing can catch it\n");
        LT_RUN(test_naive_select_gives_correct_results);
        return lt_test_summary();
    }
    LT_RUN(test_select_takes_the_secret_only_from_a_valid_block_of_256_bytes);
    LT_RUN(test_select_works_for_other_modulus_sizes);
    LT_RUN(test_select_rejects_a_zero_at_every_padding_position);
    LT_RUN(test_select_checks_the_version_passed_in);
    LT_RUN(test_select_needs_eight_padding_bytes);
    LT_RUN(test_round_trip_with_the_rsa2048_certificate_and_key);
    LT_RUN(test_every_malformed_encoding_yields_a_fresh_random_secret);
    LT_RUN(test_ciphertext_of_wrong_length_or_too_large_yields_a_random_secret);
    LT_RUN(test_valid_ciphertext_without_its_leading_zero_is_refused);
    LT_RUN(test_non_rsa_keys_are_unsupported);
    return lt_test_summary();
}
