/* ML-KEM-768 (FIPS 203) against C2SP's CCTV vectors (tests/vectors/mlkem/README.md): the
 * intermediate values of one KeyGen/Encaps/Decaps, the "unlucky" SampleNTT key, the strcmp
 * ciphertext, every modulus-check failure, and the accumulated pq-crystals vectors for the final
 * standard (10,000 tests hashed to one value; `--accumulated 1000000` is make check-slow's run).
 * Also the limits of every length, the modulus check at q - 1 and q, the decapsulation-key hash
 * check, and implicit rejection against J(z || c) computed here.
 *
 * `--ct` decapsulates with the decapsulation key and the ciphertext marked undefined for valgrind's
 * memcheck (tests/ct/test_valgrind_ct.sh), so a branch or an address computed from them is reported.
 *
 * The accumulated vectors need a SHAKE128 stream read in pieces, which OpenSSL 3.0's EVP cannot
 * do (one squeeze per context), so this file has a small Keccak of its own (FIPS 202), checked
 * against the stream's published first bytes. */
#include "lt_test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "crypto/mlkem.h"
#include "crypto/sha3.h"

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

#define EK LT_MLKEM768_EK_LEN
#define DK LT_MLKEM768_DK_LEN
#define CT LT_MLKEM768_CT_LEN
#define SS LT_MLKEM768_SS_LEN

/* ---- the vector files: "name = hex" lines ---- */

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "  cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *bigger = realloc(buf, 2 * cap + 1);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

/* The bytes of the line "name = <hex>"; 1 when it has exactly len bytes. */
static int vec_get(const char *text, const char *name, uint8_t *out, size_t len)
{
    size_t name_len = strlen(name);
    for (const char *line = text; line != NULL && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, name, name_len) != 0 || strncmp(line + name_len, " = ", 3) != 0)
            continue;
        const char *hex = line + name_len + 3;
        size_t hex_len = strcspn(hex, "\r\n");
        char *copy = malloc(hex_len + 1);
        if (copy == NULL)
            return 0;
        memcpy(copy, hex, hex_len);
        copy[hex_len] = '\0';
        int n = lt_test_unhex(copy, out, len);
        free(copy);
        return n == (int)len;
    }
    fprintf(stderr, "  no \"%s\" in the vector file\n", name);
    return 0;
}

/* The vectors were made for the FIPS 203 draft, whose K-PKE.KeyGen took (rho, sigma) = G(d); the
 * final standard's G(d || k) is the only difference (tests/vectors/mlkem/README.md). */
static int draft_keygen(const uint8_t d[32], const uint8_t z[32], uint8_t *ek, uint8_t *dk)
{
    uint8_t g[64];
    LT_TRY(lt_sha3(LT_SHA3_512, d, 32, NULL, 0, g, sizeof g));
    return lt_mlkem768_keygen_from_seeds(g, g + 32, z, ek, dk);
}

/* Every value the vector file gives for a full run: d, z -> ek, dk; m -> c, K; dk, c -> K. */
static void check_full_run(const char *path, int has_rho)
{
    char *text = read_text(path);
    uint8_t d[32], z[32], m[32], k[SS], rho[32], sigma[32], g[64];
    static uint8_t ek[EK], dk[DK], c[CT], ek2[EK], dk2[DK], c2[CT];
    uint8_t k2[SS], k3[SS];
    LT_CHECK(text != NULL);
    if (text == NULL)
        return;
    LT_CHECK(vec_get(text, "d", d, 32) && vec_get(text, "z", z, 32) && vec_get(text, "m", m, 32));
    LT_CHECK(vec_get(text, "ek", ek, EK) && vec_get(text, "dk", dk, DK));
    LT_CHECK(vec_get(text, "c", c, CT) && vec_get(text, "K", k, SS));
    if (has_rho) {
        /* the file's own G(d), so a failure below is ours and not a misread draft */
        LT_CHECK(vec_get(text, "ρ", rho, 32) && vec_get(text, "σ", sigma, 32));
        LT_CHECK_INT(lt_sha3(LT_SHA3_512, d, 32, NULL, 0, g, sizeof g), 0);
        LT_CHECK_MEM(g, rho, 32);
        LT_CHECK_MEM(g + 32, sigma, 32);
    }
    LT_CHECK_INT(draft_keygen(d, z, ek2, dk2), 0);
    LT_CHECK_MEM(ek2, ek, EK);
    LT_CHECK_MEM(dk2, dk, DK);
    LT_CHECK_INT(lt_mlkem768_encaps_internal(ek, EK, m, c2, k2), 0);
    LT_CHECK_MEM(c2, c, CT);
    LT_CHECK_MEM(k2, k, SS);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k3), 0);
    LT_CHECK_MEM(k3, k, SS);
    free(text);
}

static void test_intermediate_values(void)
{
    check_full_run("vectors/mlkem/intermediate-768.txt", 1);
}

static void test_unlucky_sampling_key(void)
{
    check_full_run("vectors/mlkem/unluckysample-768.txt", 0);
}

/* K̄ = J(z || c) = SHAKE256(z || c, 32), the implicit-rejection key (FIPS 203 Algorithm 18) */
static void rejection_key(const uint8_t *dk, const uint8_t *c, uint8_t out[SS])
{
    LT_CHECK_INT(lt_sha3(LT_SHAKE256, dk + DK - 32, 32, c, CT, out, SS), 0);
}

/* a ciphertext equal to the re-encryption up to a zero byte must still be rejected */
static void test_strcmp_ciphertext_is_rejected(void)
{
    char *text = read_text("vectors/mlkem/strcmp-768.txt");
    static uint8_t dk[DK], c[CT];
    uint8_t k[SS], got[SS], reject[SS];
    LT_CHECK(text != NULL);
    if (text == NULL)
        return;
    LT_CHECK(vec_get(text, "dk", dk, DK) && vec_get(text, "c", c, CT) && vec_get(text, "K", k, SS));
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, got), 0);
    LT_CHECK_MEM(got, k, SS);
    rejection_key(dk, c, reject);
    LT_CHECK_MEM(got, reject, SS);
    free(text);
}

/* every line of the file is a key with one 12-bit value in [q, 4095]: Encaps refuses each */
static void test_modulus_check_vectors(void)
{
    FILE *p = popen("gzip -dc vectors/mlkem/modulus-768.txt.gz", "r");
    static char line[2 * EK + 16];
    static uint8_t ek[EK], c[CT];
    uint8_t k[SS];
    int lines = 0, refused = 0;
    LT_CHECK(p != NULL);
    if (p == NULL)
        return;
    while (fgets(line, sizeof line, p) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (lt_test_unhex(line, ek, EK) != EK)
            continue;
        lines++;
        if (lt_mlkem768_encaps(ek, EK, c, k) == LT_ERR_DECODE)
            refused++;
    }
    LT_CHECK_INT(pclose(p), 0);
    /* the file's 780 keys, each refused */
    LT_CHECK_INT(lines, 780);
    LT_CHECK_INT(refused, lines);
}

/* the first coefficient of t̂[0] at q - 1 (accepted), q and 4095 (refused) */
static void test_modulus_check_limit(void)
{
    static uint8_t ek[EK], dk[DK], c[CT];
    uint8_t k[SS];
    LT_CHECK_INT(lt_mlkem768_keygen(ek, dk), 0);
    static const uint16_t values[] = { 3328, 3329, 3330, 4095 };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        ek[0] = (uint8_t)values[i];
        ek[1] = (uint8_t)((ek[1] & 0xf0) | (values[i] >> 8));
        int rc = lt_mlkem768_encaps(ek, EK, c, k);
        LT_CHECK_INT(rc, values[i] < 3329 ? 0 : LT_ERR_DECODE);
    }
    /* the last coefficient too (bits 4..15 of the vector's last two bytes) */
    LT_CHECK_INT(lt_mlkem768_keygen(ek, dk), 0);
    ek[1150] = (uint8_t)((ek[1150] & 0x0f) | 0x10); /* 0xd01 = 3329 */
    ek[1151] = 0xd0;
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK, c, k), LT_ERR_DECODE);
    ek[1150] = (uint8_t)((ek[1150] & 0x0f) | 0x00); /* 0xd00 = 3328 */
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK, c, k), 0);
}

/* An encapsulation key whose every coefficient is q - 1 (the largest the modulus check lets a
 * peer send) drives the largest values through the base-case products, whose sums the
 * implementation reduces once rather than per product, and through the inverse NTT and
 * compression. The expected shared secret and SHA3-256 of the ciphertext were computed by the
 * earlier implementation (a 64-bit Barrett reduction of every product), whose bounds differ. */
static void test_encaps_largest_coefficients(void)
{
    static uint8_t ek[EK], c[CT];
    uint8_t m[32], k[SS], ct_hash[32], want[32];
    for (size_t i = 0; i < 384; i++) { /* ByteEncode12 of two coefficients 0xd00 = 3328 */
        ek[3 * i] = 0x00;
        ek[3 * i + 1] = 0x0d;
        ek[3 * i + 2] = 0xd0;
    }
    for (size_t i = 0; i < 32; i++) {
        ek[1152 + i] = (uint8_t)i;
        m[i] = (uint8_t)(0xa0 + i);
    }
    LT_CHECK_INT(lt_mlkem768_encaps_internal(ek, EK, m, c, k), 0);
    LT_CHECK_INT(lt_sha3(LT_SHA3_256, c, CT, NULL, 0, ct_hash, sizeof ct_hash), 0);
    LT_CHECK_INT(lt_test_unhex("6fa052be553c8d021d10771a9a3117eeecbdb4b99135a0207900c9ef637949ad", want, sizeof want), 32);
    LT_CHECK_MEM(k, want, SS);
    LT_CHECK_INT(lt_test_unhex("8ecadf0d9b2dca4f7d49202b00033cc1c33a0776691a73fadf6625efaf3acaf7", want, sizeof want), 32);
    LT_CHECK_MEM(ct_hash, want, sizeof want);
}

static void test_lengths_at_limits(void)
{
    static uint8_t ek[EK + 1], dk[DK + 1], c[CT + 1];
    uint8_t k[SS], k2[SS];
    LT_CHECK_INT(lt_mlkem768_keygen(ek, dk), 0);
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK - 1, c, k), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK + 1, c, k), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK, c, k), 0);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT - 1, k2), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT + 1, k2), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK - 1, c, CT, k2), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK + 1, c, CT, k2), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k2), 0);
    LT_CHECK_MEM(k, k2, SS);
}

/* FIPS 203 §7.3: dk's stored H(ek) must be the hash of its ek */
static void test_decaps_key_hash_check(void)
{
    static uint8_t ek[EK], dk[DK], c[CT];
    uint8_t k[SS], k2[SS];
    LT_CHECK_INT(lt_mlkem768_keygen(ek, dk), 0);
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK, c, k), 0);
    dk[1152 + EK] ^= 1; /* H(ek) */
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k2), LT_ERR_INVALID_ARG);
    dk[1152 + EK] ^= 1;
    dk[1152 + 5] ^= 1; /* ek inside dk */
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k2), LT_ERR_INVALID_ARG);
    dk[1152 + 5] ^= 1;
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k2), 0);
    LT_CHECK_MEM(k, k2, SS);
}

/* any change to the ciphertext, first byte or last, gives J(z || c), never K */
static void test_implicit_rejection(void)
{
    static uint8_t ek[EK], dk[DK], c[CT];
    uint8_t k[SS], k2[SS], reject[SS];
    LT_CHECK_INT(lt_mlkem768_keygen(ek, dk), 0);
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK, c, k), 0);
    static const size_t positions[] = { 0, 959, 960, CT - 1 };
    for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++) {
        c[positions[i]] ^= 0x80;
        LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k2), 0);
        rejection_key(dk, c, reject);
        LT_CHECK_MEM(k2, reject, SS);
        LT_CHECK(memcmp(k2, k, SS) != 0);
        c[positions[i]] ^= 0x80;
    }
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, k2), 0);
    LT_CHECK_MEM(k2, k, SS);
}

/* a key kept with its matrix: encapsulation to its ek and both decapsulations agree, and a
 * tampered ciphertext gets J(z || c) from it too */
static void test_kept_key(void)
{
    static lt_mlkem768_key key;
    static uint8_t c[CT];
    uint8_t k[SS], k2[SS], k3[SS], reject[SS];
    LT_CHECK_INT(lt_mlkem768_keygen_key(&key), 0);
    LT_CHECK_INT(lt_mlkem768_encaps(key.dk + LT_MLKEM768_EK_AT, EK, c, k), 0);
    LT_CHECK_INT(lt_mlkem768_decaps_key(&key, c, CT, k2), 0);
    LT_CHECK_INT(lt_mlkem768_decaps(key.dk, DK, c, CT, k3), 0); /* its dk passes the hash check */
    LT_CHECK_MEM(k2, k, SS);
    LT_CHECK_MEM(k3, k, SS);
    LT_CHECK_INT(lt_mlkem768_decaps_key(&key, c, CT - 1, k2), LT_ERR_DECODE);
    LT_CHECK_INT(lt_mlkem768_decaps_key(&key, c, CT + 1, k2), LT_ERR_DECODE);
    c[7] ^= 1;
    LT_CHECK_INT(lt_mlkem768_decaps_key(&key, c, CT, k2), 0);
    rejection_key(key.dk, c, reject);
    LT_CHECK_MEM(k2, reject, SS);
    lt_mlkem768_key_clear(&key);
}

/* the final standard's KeyGen hashes d || k: the draft's keys differ */
static void test_final_keygen_separates_domains(void)
{
    uint8_t d[32] = { 1 }, z[32] = { 2 };
    static uint8_t ek[EK], dk[DK], ek2[EK], dk2[DK];
    LT_CHECK_INT(lt_mlkem768_keygen_internal(d, z, ek, dk), 0);
    LT_CHECK_INT(draft_keygen(d, z, ek2, dk2), 0);
    LT_CHECK(memcmp(ek, ek2, EK) != 0);
}

/* ---- a Keccak of the test's own for the accumulated vectors (FIPS 202) ---- */

typedef struct {
    uint64_t lanes[25];
    size_t pos;     /* bytes absorbed or squeezed in the current block */
    int squeezing;
} shake128;

#define SHAKE128_RATE 168

static uint64_t rotl64(uint64_t x, unsigned n)
{
    return n == 0 ? x : (x << n) | (x >> (64 - n));
}

/* rc(t) of FIPS 202 Algorithm 5 */
static int keccak_rc_bit(unsigned t)
{
    unsigned r = 0x01;
    for (unsigned i = 0; i < t % 255; i++) {
        r <<= 1;
        if (r & 0x100)
            r ^= 0x171;
    }
    return r & 1;
}

static void keccak_f1600(uint64_t a[25])
{
    static uint64_t round_constants[24];
    static unsigned offsets[25];
    static int ready;
    if (!ready) {
        for (unsigned ir = 0; ir < 24; ir++)
            for (unsigned j = 0; j <= 6; j++)
                if (keccak_rc_bit(j + 7 * ir))
                    round_constants[ir] |= (uint64_t)1 << ((1u << j) - 1);
        unsigned x = 1, y = 0;
        for (unsigned t = 0; t < 24; t++) {
            offsets[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
            unsigned nx = y, ny = (2 * x + 3 * y) % 5;
            x = nx;
            y = ny;
        }
        ready = 1;
    }
    for (unsigned round = 0; round < 24; round++) {
        uint64_t c[5], b[25];
        for (unsigned x = 0; x < 5; x++)
            c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (unsigned x = 0; x < 5; x++) {
            uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
            for (unsigned y = 0; y < 5; y++)
                a[x + 5 * y] ^= d;
        }
        /* rho and pi: B[y][2x + 3y] = rot(A[x][y]) */
        for (unsigned x = 0; x < 5; x++)
            for (unsigned y = 0; y < 5; y++)
                b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(a[x + 5 * y], offsets[x + 5 * y]);
        for (unsigned x = 0; x < 5; x++)
            for (unsigned y = 0; y < 5; y++)
                a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
        a[0] ^= round_constants[round];
    }
}

static void shake_xor_byte(shake128 *s, size_t i, uint8_t v)
{
    s->lanes[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

static void shake_absorb(shake128 *s, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        shake_xor_byte(s, s->pos++, p[i]);
        if (s->pos == SHAKE128_RATE) {
            keccak_f1600(s->lanes);
            s->pos = 0;
        }
    }
}

static void shake_squeeze(shake128 *s, uint8_t *out, size_t n)
{
    if (!s->squeezing) {
        shake_xor_byte(s, s->pos, 0x1f);
        shake_xor_byte(s, SHAKE128_RATE - 1, 0x80);
        keccak_f1600(s->lanes);
        s->pos = 0;
        s->squeezing = 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (s->pos == SHAKE128_RATE) {
            keccak_f1600(s->lanes);
            s->pos = 0;
        }
        out[i] = (uint8_t)(s->lanes[s->pos / 8] >> (8 * (s->pos % 8)));
        s->pos++;
    }
}

static void test_own_shake128_matches_libcrypto(void)
{
    uint8_t ours[400], theirs[400], msg[300];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7);
    shake128 s = { 0 };
    shake_absorb(&s, msg, sizeof msg);
    shake_squeeze(&s, ours, 100);
    shake_squeeze(&s, ours + 100, 300);
    LT_CHECK_INT(lt_sha3(LT_SHAKE128, msg, sizeof msg, NULL, 0, theirs, sizeof theirs), 0);
    LT_CHECK_MEM(ours, theirs, sizeof ours);
}

/* CCTV's accumulated vectors for the final standard: d, z, m and a random ciphertext drawn from
 * SHAKE128(""), ek, dk, c, K and the rejection key hashed into a running SHAKE128. */
static int run_accumulated(long count, const char *expected_hex)
{
    static uint8_t ek[EK], dk[DK], c[CT], bad_c[CT];
    uint8_t d[32], z[32], m[32], k[SS], k2[SS], reject[SS], expected[32], got[32];
    shake128 rng = { 0 }, acc = { 0 };
    int failures = 0;
    lt_test_unhex(expected_hex, expected, sizeof expected);
    for (long i = 0; i < count; i++) {
        shake_squeeze(&rng, d, 32);
        shake_squeeze(&rng, z, 32);
        shake_squeeze(&rng, m, 32);
        shake_squeeze(&rng, bad_c, CT);
        if (lt_mlkem768_keygen_internal(d, z, ek, dk) < 0 || lt_mlkem768_encaps_internal(ek, EK, m, c, k) < 0 ||
            lt_mlkem768_decaps(dk, DK, c, CT, k2) < 0 || lt_mlkem768_decaps(dk, DK, bad_c, CT, reject) < 0 ||
            memcmp(k, k2, SS) != 0) {
            if (failures++ < 3)
                fprintf(stderr, "  accumulated test %ld: a round trip failed\n", i);
        }
        shake_absorb(&acc, ek, EK);
        shake_absorb(&acc, dk, DK);
        shake_absorb(&acc, c, CT);
        shake_absorb(&acc, k, SS);
        shake_absorb(&acc, reject, SS);
    }
    shake_squeeze(&acc, got, 32);
    if (memcmp(got, expected, 32) != 0) {
        fprintf(stderr, "  accumulated hash of %ld tests differs\n", count);
        failures++;
    }
    return failures;
}

static void test_accumulated_rng_stream(void)
{
    shake128 rng = { 0 };
    uint8_t first[16], want[16];
    shake_squeeze(&rng, first, sizeof first);
    lt_test_unhex("7f9c2ba4e88f827d616045507605853e", want, sizeof want);
    LT_CHECK_MEM(first, want, sizeof first);
}

static void test_accumulated_10000(void)
{
    LT_CHECK_INT(run_accumulated(10000, "f959d18d3d1180121433bf0e05f11e7908cf9d03edc150b2b07cb90bef5bc1c1"), 0);
}

/* ---- --ct: decapsulation with its secrets marked undefined for memcheck ---- */

static void decaps_marked(const uint8_t *dk_in, const uint8_t *c_in, uint8_t out[SS])
{
    static uint8_t dk[DK], c[CT];
    memcpy(dk, dk_in, DK);
    memcpy(c, c_in, CT);
    (void)VALGRIND_MAKE_MEM_UNDEFINED(dk, DK);
    (void)VALGRIND_MAKE_MEM_UNDEFINED(c, CT);
    LT_CHECK_INT(lt_mlkem768_decaps(dk, DK, c, CT, out), 0);
    (void)VALGRIND_MAKE_MEM_DEFINED(out, SS);
}

static void test_ct_decaps(void)
{
    static uint8_t ek[EK], dk[DK], c[CT];
    uint8_t k[SS], got[SS], reject[SS];
    LT_CHECK_INT(lt_mlkem768_keygen(ek, dk), 0);
    LT_CHECK_INT(lt_mlkem768_encaps(ek, EK, c, k), 0);
    decaps_marked(dk, c, got);
    LT_CHECK_MEM(got, k, SS);
    c[CT - 1] ^= 1;
    decaps_marked(dk, c, got);
    rejection_key(dk, c, reject);
    LT_CHECK_MEM(got, reject, SS);
    /* the strcmp vector: equal up to a zero byte */
    char *text = read_text("vectors/mlkem/strcmp-768.txt");
    LT_CHECK(text != NULL);
    if (text != NULL && vec_get(text, "dk", dk, DK) && vec_get(text, "c", c, CT) && vec_get(text, "K", k, SS)) {
        decaps_marked(dk, c, got);
        LT_CHECK_MEM(got, k, SS);
    }
    free(text);
    /* the kept key of TLS's initiator: its dk marked, the ciphertext marked */
    static lt_mlkem768_key key;
    LT_CHECK_INT(lt_mlkem768_keygen_key(&key), 0);
    LT_CHECK_INT(lt_mlkem768_encaps(key.dk + LT_MLKEM768_EK_AT, EK, c, k), 0);
    for (int tamper = 0; tamper < 2; tamper++) {
        c[100] ^= (uint8_t)tamper;
        (void)VALGRIND_MAKE_MEM_UNDEFINED(key.dk, DK);
        (void)VALGRIND_MAKE_MEM_UNDEFINED(c, CT);
        LT_CHECK_INT(lt_mlkem768_decaps_key(&key, c, CT, got), 0);
        (void)VALGRIND_MAKE_MEM_DEFINED(got, SS);
        (void)VALGRIND_MAKE_MEM_DEFINED(key.dk, DK);
        (void)VALGRIND_MAKE_MEM_DEFINED(c, CT);
        if (tamper)
            rejection_key(key.dk, c, reject);
        LT_CHECK_MEM(got, tamper ? reject : k, SS);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--ct") == 0) {
        LT_RUN(test_ct_decaps);
        return lt_test_summary();
    }
    if (argc > 2 && strcmp(argv[1], "--accumulated") == 0) {
        long count = strtol(argv[2], NULL, 10);
        const char *hash = count == 10000     ? "f959d18d3d1180121433bf0e05f11e7908cf9d03edc150b2b07cb90bef5bc1c1"
                           : count == 1000000 ? "3b108396a277f2952ff3243a985c9709bcb95788c39b7b36a2c4e19d1a41e51e"
                                              : NULL;
        if (hash == NULL) {
            fprintf(stderr, "usage: test_mlkem --accumulated 10000|1000000\n");
            return 2;
        }
        int failures = run_accumulated(count, hash);
        printf("%d passed, %d failed\n", failures == 0, failures != 0);
        return failures != 0;
    }
    LT_RUN(test_intermediate_values);
    LT_RUN(test_unlucky_sampling_key);
    LT_RUN(test_strcmp_ciphertext_is_rejected);
    LT_RUN(test_modulus_check_vectors);
    LT_RUN(test_modulus_check_limit);
    LT_RUN(test_encaps_largest_coefficients);
    LT_RUN(test_lengths_at_limits);
    LT_RUN(test_decaps_key_hash_check);
    LT_RUN(test_implicit_rejection);
    LT_RUN(test_kept_key);
    LT_RUN(test_final_keygen_separates_domains);
    LT_RUN(test_own_shake128_matches_libcrypto);
    LT_RUN(test_accumulated_rng_stream);
    LT_RUN(test_accumulated_10000);
    return lt_test_summary();
}
