/* The arithmetic inside ML-KEM-768 (src/crypto/mlkem.c), checked against its definitions in FIPS
 * 203 rather than through whole key exchanges: the reductions over every input they may get, the
 * NTT against the sums of §4.3 it computes, the base-case products (Algorithm 12) against
 * schoolbook sums mod q, and Compress against exact division. The fast forms (16-bit Montgomery
 * and Barrett steps, sums reduced once) are where a wrong bound would show only for rare values,
 * which the known-answer tests of test_mlkem.c may never draw; here the extremes are fed in
 * directly.
 *
 * The file includes mlkem.c to reach its static functions; the library's own copy is not linked
 * in (this object defines every external symbol it would have brought). */
#include "lt_test.h"

#include "crypto/mlkem.c"

#define Q 3329

/* x mod q in [0, q) for any int64 */
static int64_t mod_q(int64_t x)
{
    x %= Q;
    return x < 0 ? x + Q : x;
}

static int64_t pow_mod_q(int64_t base, unsigned e)
{
    int64_t r = 1;
    for (; e > 0; e--)
        r = r * base % Q;
    return r;
}

static unsigned bitrev7(unsigned i)
{
    unsigned r = 0;
    for (unsigned b = 0; b < 7; b++)
        r |= ((i >> b) & 1) << (6 - b);
    return r;
}

/* a small deterministic generator for test inputs */
static uint32_t rng_state = 0x2545f491;
static uint16_t random_below_q(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (uint16_t)((rng_state >> 8) % Q);
}

/* pattern 0: every coefficient q - 1; 1: all 0; 2: 0 and q - 1 alternating; others random */
static void fill(lt_poly *f, int pattern)
{
    for (unsigned j = 0; j < LT_MLKEM_N; j++) {
        switch (pattern) {
        case 0:
            f->c[j] = Q - 1;
            break;
        case 1:
            f->c[j] = 0;
            break;
        case 2:
            f->c[j] = j % 2 ? Q - 1 : 0;
            break;
        default:
            f->c[j] = random_below_q();
        }
    }
}

static void test_barrett_centres_every_int16(void)
{
    int bad = 0;
    for (int32_t a = INT16_MIN; a <= INT16_MAX; a++) {
        int16_t r = lt_barrett_centred((int16_t)a);
        bad += r < -(Q - 1) / 2 || r > (Q - 1) / 2 || mod_q((int64_t)r - a) != 0;
    }
    LT_CHECK_INT(bad, 0);
}

/* lt_mont_mul(a, zeta) = a zeta 2^-16 mod q, in (-q, q), for every factor mlkem.c gives it (the
 * tables' zetas and gammas, 2^32 mod q and 128^-1 2^16 mod q) and every a the transforms and the
 * base-case sums give it (|a| < 8q in the forward NTT, the largest) */
static void test_montgomery_product_within_its_bound(void)
{
    const int64_t r_inverse = 169; /* 2^-16 mod q */
    int bad = 0;
    LT_CHECK_INT(mod_q(65536 * r_inverse), 1);
    for (unsigned i = 0; i < 128 + 2; i++) {
        int16_t factors[3] = { 1353, 512, 0 };
        if (i < 128) {
            factors[0] = lt_mlkem_zetas_mont[i];
            factors[1] = lt_mlkem_zetas_inverse_mont[i];
            factors[2] = lt_mlkem_gammas_mont[i];
        }
        for (unsigned z = 0; z < 3; z++) {
            for (int32_t a = -8 * Q + 1; a < 8 * Q; a++) {
                int16_t r = lt_mont_mul((int16_t)a, factors[z], lt_mont_qinv(factors[z]));
                bad += r <= -Q || r >= Q || mod_q((int64_t)r - mod_q((int64_t)a * factors[z] * r_inverse)) != 0;
            }
        }
    }
    LT_CHECK_INT(bad, 0);
}

/* NTT(f) per §4.3: coefficients 2i and 2i+1 are the even and the odd half of f evaluated at
 * zeta^(2 BitRev7(i) + 1), zeta = 17 */
static void ntt_reference(const lt_poly *f, int64_t out[LT_MLKEM_N])
{
    for (unsigned i = 0; i < 128; i++) {
        int64_t point = pow_mod_q(17, 2 * bitrev7(i) + 1), power = 1, even = 0, odd = 0;
        for (unsigned j = 0; j < 128; j++) {
            even = (even + f->c[2 * j] * power) % Q;
            odd = (odd + f->c[2 * j + 1] * power) % Q;
            power = power * point % Q;
        }
        out[2 * i] = even;
        out[2 * i + 1] = odd;
    }
}

static void test_ntt_matches_its_definition_and_inverts(void)
{
    for (int pattern = 0; pattern < 8; pattern++) {
        lt_poly f, g;
        int64_t want[LT_MLKEM_N];
        int bad = 0;
        fill(&f, pattern);
        g = f;
        ntt_reference(&f, want);
        lt_poly_ntt(&g);
        for (unsigned j = 0; j < LT_MLKEM_N; j++)
            bad += g.c[j] != want[j];
        lt_poly_ntt_inverse(&g);
        bad += memcmp(&f, &g, sizeof f) != 0;
        LT_CHECK_INT(bad, 0);
    }
}

/* NTT^-1 of the extremes as well: whatever g in [0, q), NTT(NTT^-1(g)) = g by the sums above */
static void test_inverse_ntt_matches_its_definition(void)
{
    for (int pattern = 0; pattern < 8; pattern++) {
        lt_poly f, g;
        int64_t back[LT_MLKEM_N];
        int bad = 0;
        fill(&g, pattern);
        f = g;
        lt_poly_ntt_inverse(&f);
        for (unsigned j = 0; j < LT_MLKEM_N; j++)
            bad += f.c[j] >= Q;
        ntt_reference(&f, back);
        for (unsigned j = 0; j < LT_MLKEM_N; j++)
            bad += back[j] != g.c[j];
        LT_CHECK_INT(bad, 0);
    }
}

/* Algorithm 12 summed over k: with gamma_i = zeta^(2 BitRev7(i) + 1), out[2i] = sum of a0 b0 +
 * a1 b1 gamma_i and out[2i+1] = sum of a0 b1 + a1 b0, mod q */
static void test_base_case_products_match_schoolbook(void)
{
    for (int pattern = 0; pattern < 8; pattern++) {
        lt_poly f[LT_MLKEM_K], g[LT_MLKEM_K], out;
        const lt_poly *rows[LT_MLKEM_K] = { &f[0], &f[1], &f[2] };
        int bad = 0;
        for (unsigned k = 0; k < LT_MLKEM_K; k++) {
            fill(&f[k], pattern);
            fill(&g[k], pattern);
        }
        lt_poly_dot(&out, rows, g);
        for (unsigned i = 0; i < 128; i++) {
            int64_t gamma = pow_mod_q(17, 2 * bitrev7(i) + 1), even = 0, odd = 0;
            for (unsigned k = 0; k < LT_MLKEM_K; k++) {
                int64_t a0 = f[k].c[2 * i], a1 = f[k].c[2 * i + 1], b0 = g[k].c[2 * i], b1 = g[k].c[2 * i + 1];
                even += a0 * b0 + a1 * b1 % Q * gamma;
                odd += a0 * b1 + a1 * b0;
            }
            bad += out.c[2 * i] != mod_q(even) || out.c[2 * i + 1] != mod_q(odd);
        }
        LT_CHECK_INT(bad, 0);
    }
}

/* Compress_d(x) = round(2^d x / q) mod 2^d, rounding half up (§4.2.1), for every x in [0, q) */
static void test_compress_is_exact_division(void)
{
    static const unsigned ds[] = { 1, LT_MLKEM_DV, LT_MLKEM_DU };
    for (unsigned n = 0; n < sizeof ds / sizeof ds[0]; n++) {
        unsigned d = ds[n];
        int bad = 0;
        for (unsigned base = 0; base < Q; base += LT_MLKEM_N) {
            lt_poly f;
            for (unsigned j = 0; j < LT_MLKEM_N; j++)
                f.c[j] = (uint16_t)((base + j) % Q);
            lt_poly_compress(&f, d);
            for (unsigned j = 0; j < LT_MLKEM_N; j++) {
                uint32_t x = (base + j) % Q;
                bad += (uint32_t)f.c[j] != (((x << d) * 2 + Q) / (2 * Q)) % (1u << d);
            }
        }
        LT_CHECK_INT(bad, 0);
    }
}

int main(void)
{
    LT_RUN(test_barrett_centres_every_int16);
    LT_RUN(test_montgomery_product_within_its_bound);
    LT_RUN(test_ntt_matches_its_definition_and_inverts);
    LT_RUN(test_inverse_ntt_matches_its_definition);
    LT_RUN(test_base_case_products_match_schoolbook);
    LT_RUN(test_compress_is_exact_division);
    return lt_test_summary();
}
