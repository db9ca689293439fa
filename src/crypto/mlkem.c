/* ML-KEM-768 (FIPS 203): K-PKE (§5) and the KEM around it (§6, §7), with n = 256, q = 3329,
 * k = 3, eta1 = eta2 = 2, du = 10, dv = 4 (§8, Table 2).
 *
 * Polynomials hold coefficients fully reduced in [0, q) as uint16_t (the NTTs work inside on
 * signed, partly reduced values). Every operation on secret values is branch-free and index-free:
 * reduction is Barrett's or Montgomery's (multiplications and shifts, then at most one masked
 * subtraction), Compress divides by q through a multiplication by a rounded-up
 * reciprocal that is exact over its input range (no division instruction, whose time can depend on
 * its operands), the centred binomial sampler adds bits, and the implicit-rejection choice in
 * Decaps is a masked select. Only public data steers branches: SampleNTT's rejection sampling
 * reads the public seed rho, and the lengths and the parameter set are constants. */
#include "crypto/mlkem.h"

#include <string.h>

#include "base/ct.h"
#include "base/err.h"
#include "base/wipe.h"
#include "crypto/rand.h"
#include "crypto/sha3.h"

#define LT_MLKEM_N 256
#define LT_MLKEM_Q 3329u
#define LT_MLKEM_K 3
#define LT_MLKEM_DU 10
#define LT_MLKEM_DV 4
#define LT_MLKEM_POLY_BYTES 384                            /* ByteEncode12 of one polynomial */
#define LT_MLKEM_VEC_BYTES (LT_MLKEM_K * LT_MLKEM_POLY_BYTES) /* 1152 */
#define LT_MLKEM_PRF_BYTES 128                             /* 64 eta, eta = 2 */
#define LT_MLKEM_C1_BYTES (32 * LT_MLKEM_DU * LT_MLKEM_K)      /* 960 */
#define LT_MLKEM_C2_BYTES (32 * LT_MLKEM_DV)                  /* 128 */

/* SHAKE128 delivers 168-byte blocks. Three blocks give 336 candidates for 256 coefficients, each
 * accepted with probability 3329/4096: enough but about once in a hundred matrix entries. Then
 * the stream is read again, longer (an XOF's shorter output is a prefix of its longer one: libcrypto
 * 3.0 cannot squeeze a context twice), and parsing goes on where it stopped: six blocks fail with
 * a probability near 2^-200, 32 blocks far below 2^-1000; past them the key is refused rather
 * than reading on without bound. */
#define LT_MLKEM_XOF_FIRST (3 * 168)
#define LT_MLKEM_XOF_SECOND (6 * 168)
#define LT_MLKEM_XOF_MAX (32 * 168)

typedef lt_mlkem_poly lt_poly;

/* gamma_i = zeta^(2 BitRev7(i) + 1) mod q, the moduli X^2 - gamma_i of the base-case products
 * (Appendix A), times 2^16 mod q and centred: the factor of the reduced odd-odd sum in lt_poly_dot */
static const int16_t lt_mlkem_gammas_mont[128] = {
    -1103, 1103,  430,   -430,  555,   -555,  843,   -843,  -1251, 1251,  871,   -871,  1550,  -1550, 105,   -105,
    422,   -422,  587,   -587,  177,   -177,  -235,  235,   -291,  291,   -460,  460,   1574,  -1574, 1653,  -1653,
    -246,  246,   778,   -778,  1159,  -1159, -147,  147,   -777,  777,   1483,  -1483, -602,  602,   1119,  -1119,
    -1590, 1590,  644,   -644,  -872,  872,   349,   -349,  418,   -418,  329,   -329,  -156,  156,   -75,   75,
    817,   -817,  1097,  -1097, 603,   -603,  610,   -610,  1322,  -1322, -1285, 1285,  -1465, 1465,  384,   -384,
    -1215, 1215,  -136,  136,   1218,  -1218, -1335, 1335,  -874,  874,   220,   -220,  -1187, 1187,  -1659, 1659,
    -1185, 1185,  -1530, 1530,  -1278, 1278,  794,   -794,  -1510, 1510,  -854,  854,   -870,  870,   478,   -478,
    -108,  108,   -308,  308,   996,   -996,  991,   -991,  958,   -958,  -1460, 1460,  1522,  -1522, 1628,  -1628,
};

/* ---- arithmetic mod q ---- */

/* x - q if x >= q, for x < 2q, without a branch: x - q is negative exactly when it must be undone,
 * and its sign spread over 16 bits masks q back in. 16-bit operations, so loops of it vectorise. */
static inline uint16_t lt_fq_csub(uint32_t x)
{
    int16_t r = (int16_t)((int32_t)x - (int32_t)LT_MLKEM_Q);
    return (uint16_t)(r + ((r >> 15) & (int16_t)LT_MLKEM_Q));
}

static inline uint16_t lt_fq_add(uint16_t a, uint16_t b)
{
    return lt_fq_csub((uint32_t)a + b);
}

static inline uint16_t lt_fq_sub(uint16_t a, uint16_t b)
{
    return lt_fq_csub((uint32_t)a + LT_MLKEM_Q - b);
}

/* ---- NTT (§4.3) ---- */

/* The zetas times 2^16 mod q, centred in (-q/2, q/2): a Montgomery product with one of them is the
 * plain product with the zeta, so the transforms work on ordinary residues, as signed 16-bit
 * values left partly reduced between layers. */
static const int16_t lt_mlkem_zetas_mont[128] = {
    -1044, -758,  -359,  -1517, 1493,  1422,  287,   202,   -171,  622,   1577,  182,   962,   -1202, -1474, 1468,
    573,   -1325, 264,   383,   -829,  1458,  -1602, -130,  -681,  1017,  732,   608,   -1542, 411,   -205,  -1571,
    1223,  652,   -552,  1015,  -1293, 1491,  -282,  -1544, 516,   -8,    -320,  -666,  -1618, -1162, 126,   1469,
    -853,  -90,   -271,  830,   107,   -1421, -247,  -951,  -398,  961,   -1508, -725,  448,   -1065, 677,   -1275,
    -1103, 430,   555,   843,   -1251, 871,   1550,  105,   422,   587,   177,   -235,  -291,  -460,  1574,  1653,
    -246,  778,   1159,  -147,  -777,  1483,  -602,  1119,  -1590, 644,   -872,  349,   418,   329,   -156,  -75,
    817,   1097,  603,   610,   1322,  -1285, -1465, 384,   -1215, -136,  1218,  -1335, -874,  220,   -1187, -1659,
    -1185, -1530, -1278, 794,   -1510, -854,  -870,  478,   -108,  -308,  996,   991,   958,   -1460, 1522,  1628,
};

/* The same zetas in reverse order, as Algorithm 10 reads them (from i = 127 down), so that each
 * inverse layer reads its zetas ascending, the order a vectorised loop loads them in. */
static const int16_t lt_mlkem_zetas_inverse_mont[128] = {
    1628,  1522,  -1460, 958,   991,   996,   -308,  -108,  478,   -870,  -854,  -1510, 794,   -1278, -1530, -1185,
    -1659, -1187, 220,   -874,  -1335, 1218,  -136,  -1215, 384,   -1465, -1285, 1322,  610,   603,   1097,  817,
    -75,   -156,  329,   418,   349,   -872,  644,   -1590, 1119,  -602,  1483,  -777,  -147,  1159,  778,   -246,
    1653,  1574,  -460,  -291,  -235,  177,   587,   422,   105,   1550,  871,   -1251, 843,   555,   430,   -1103,
    -1275, 677,   -1065, 448,   -725,  -1508, 961,   -398,  -951,  -247,  -1421, 107,   830,   -271,  -90,   -853,
    1469,  126,   -1162, -1618, -666,  -320,  -8,    516,   -1544, -282,  1491,  -1293, 1015,  -552,  652,   1223,
    -1571, -205,  411,   -1542, 608,   732,   1017,  -681,  -130,  -1602, 1458,  -829,  383,   264,   -1325, 573,
    1468,  -1474, -1202, 962,   182,   1577,  622,   -171,  202,   287,   1422,  1493,  -1517, -359,  -758,  -1044,
};

/* zeta q^-1 mod 2^16 as a signed 16-bit value: the second factor of lt_mont_mul. q^-1 mod 2^16 =
 * 62209. */
static int16_t lt_mont_qinv(int16_t zeta)
{
    return (int16_t)(uint16_t)((uint32_t)(uint16_t)zeta * 62209u);
}

/* a zeta 2^-16 mod q, in (-q, q) when |a zeta| < q 2^15 (Montgomery), written with 16-bit
 * operations only: hi is the high half of a zeta, lo = a (zeta q^-1) mod 2^16 makes lo q agree
 * with a zeta in its low 16 bits, so hi minus the high half of lo q is exactly (a zeta - lo q) /
 * 2^16, with nothing to carry. In this form a compiler turns each butterfly loop below into
 * 16-bit SIMD multiplications (high and low halves), eight or more coefficients at a time; no
 * step depends on a value (constant time). */
static inline int16_t lt_mont_mul(int16_t a, int16_t zeta, int16_t zeta_qinv)
{
    int16_t hi = (int16_t)(((int32_t)a * zeta) >> 16);
    int16_t lo = (int16_t)(uint16_t)((uint32_t)(uint16_t)a * (uint16_t)zeta_qinv);
    return (int16_t)(hi - (int16_t)(((int32_t)lo * (int32_t)LT_MLKEM_Q) >> 16));
}

/* a mod q centred in [-(q-1)/2, (q-1)/2] for any int16 a (Barrett): v, the estimate of a / q, is
 * a 20159 / 2^26 rounded (20159 = round(2^26 / q)), taken as the high half of a 20159 and then a
 * rounded shift by 10 bits; a - v q is centred for every one of the 65536 values of a
 * (tests/unit/test_mlkem_arith.c checks them all). 16-bit operations only, like lt_mont_mul, so
 * its loops vectorise. */
static inline int16_t lt_barrett_centred(int16_t a)
{
    int16_t v = (int16_t)(((int32_t)a * 20159) >> 16);
    v = (int16_t)((v + 512) >> 10);
    return (int16_t)(a - v * (int16_t)LT_MLKEM_Q);
}

/* Keeps GCC from unrolling the next loop completely before its vectoriser sees it: a butterfly
 * loop of 8 or 16 fully unrolled stays scalar, kept as a loop it becomes one or two vector
 * iterations. Nothing for other compilers. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define LT_MLKEM_KEEP_LOOP _Pragma("GCC unroll 1")
#else
#define LT_MLKEM_KEEP_LOOP
#endif

/* a + q when a is negative, for a in (-q, q): into [0, q) by a mask, not a branch */
static inline uint16_t lt_fq_from_signed(int16_t a)
{
    return (uint16_t)(a + ((a >> 15) & (int16_t)LT_MLKEM_Q));
}

static inline void lt_ntt_butterfly(int16_t *low, int16_t *high, int16_t zeta, int16_t zeta_qinv)
{
    int16_t t = lt_mont_mul(*high, zeta, zeta_qinv);
    *high = (int16_t)(*low - t);
    *low = (int16_t)(*low + t);
}

/* One layer of Algorithm 9 with blocks of 2 len coefficients, block b multiplied by zetas[b].
 * Inlined with a constant len, its loops have fixed trip counts and vectorise (the layers of 4
 * and 2 are left to GCC's unrolling, which does better there). */
static inline void lt_ntt_layer(int16_t r[LT_MLKEM_N], unsigned len, const int16_t *zetas)
{
    for (unsigned b = 0; b < LT_MLKEM_N / (2 * len); b++) {
        int16_t zeta = zetas[b], zeta_qinv = lt_mont_qinv(zeta);
        int16_t *low = r + 2 * len * b, *high = low + len;
        if (len >= 8) {
            LT_MLKEM_KEEP_LOOP
            for (unsigned j = 0; j < len; j++)
                lt_ntt_butterfly(&low[j], &high[j], zeta, zeta_qinv);
        } else {
            for (unsigned j = 0; j < len; j++)
                lt_ntt_butterfly(&low[j], &high[j], zeta, zeta_qinv);
        }
    }
}

/* Algorithm 9, in place: the coefficients, in [0, q) < 2^15, are read as int16_t (a signed and an
 * unsigned type of one width may alias). Each layer moves a value by less than q (|t| < q), so
 * after seven layers every value is within (-8q, 8q), inside int16_t, and a product with a zeta
 * (|zeta| < q/2) stays below 4 q^2 < q 2^15, Montgomery's bound: no reduction between layers. The
 * end brings the values back to [0, q). */
static void lt_poly_ntt(lt_poly *f)
{
    int16_t *r = (int16_t *)f->c;
    /* layer len takes the zetas from 128 / len on (Algorithm 9's i) */
    lt_ntt_layer(r, 128, lt_mlkem_zetas_mont + 1);
    lt_ntt_layer(r, 64, lt_mlkem_zetas_mont + 2);
    lt_ntt_layer(r, 32, lt_mlkem_zetas_mont + 4);
    lt_ntt_layer(r, 16, lt_mlkem_zetas_mont + 8);
    lt_ntt_layer(r, 8, lt_mlkem_zetas_mont + 16);
    lt_ntt_layer(r, 4, lt_mlkem_zetas_mont + 32);
    lt_ntt_layer(r, 2, lt_mlkem_zetas_mont + 64);
    for (unsigned j = 0; j < LT_MLKEM_N; j++)
        f->c[j] = lt_fq_from_signed(lt_barrett_centred(r[j]));
}

/* One layer of Algorithm 10, block b multiplied by zetas[b] (the caller gives them in the
 * algorithm's descending order): differences into the Montgomery product unreduced, sums reduced
 * (centred) when reduce is set, at the layers lt_poly_ntt_inverse chooses. Loops as in
 * lt_ntt_layer. */
static inline void lt_ntt_inverse_butterfly(int16_t *low, int16_t *high, int16_t zeta, int16_t zeta_qinv, int reduce)
{
    int16_t t = *low, sum = (int16_t)(t + *high);
    *low = reduce ? lt_barrett_centred(sum) : sum;
    *high = lt_mont_mul((int16_t)(*high - t), zeta, zeta_qinv);
}

static inline void lt_ntt_inverse_layer(int16_t r[LT_MLKEM_N], unsigned len, const int16_t *zetas, int reduce)
{
    for (unsigned b = 0; b < LT_MLKEM_N / (2 * len); b++) {
        int16_t zeta = zetas[b], zeta_qinv = lt_mont_qinv(zeta);
        int16_t *low = r + 2 * len * b, *high = low + len;
        if (len >= 8) {
            LT_MLKEM_KEEP_LOOP
            for (unsigned j = 0; j < len; j++)
                lt_ntt_inverse_butterfly(&low[j], &high[j], zeta, zeta_qinv, reduce);
        } else {
            for (unsigned j = 0; j < len; j++)
                lt_ntt_inverse_butterfly(&low[j], &high[j], zeta, zeta_qinv, reduce);
        }
    }
}

/* Algorithm 10, in place, then the factor 128^-1, as the Montgomery product with 128^-1 2^16 mod
 * q = 512. Reduction is lazy. A layer's differences leave the Montgomery product below q and its
 * sums below twice the largest input, so from inputs in [0, q) the values stay below 2q after the
 * first layer and 4q after the second; the third reduces its sums (to q/2) and leaves all below q,
 * and so on: with the sums reduced at the third and the sixth layers only, every layer's inputs
 * are below 4q. Then a difference is below 8q (inside int16_t), its product with a zeta (|zeta| <
 * q/2) below 4 q^2 < q 2^15 (Montgomery's bound), an unreduced sum below 8q, and the last
 * layer's values (below 2q) times 512 far inside the bound too. */
static void lt_poly_ntt_inverse(lt_poly *f)
{
    int16_t *r = (int16_t *)f->c;
    const int16_t f_mont = 512;
    /* Algorithm 10 walks the zetas down from 127: layer len starts at 256 / len - 1 */
    lt_ntt_inverse_layer(r, 2, lt_mlkem_zetas_inverse_mont + 0, 0);   /* below 2q */
    lt_ntt_inverse_layer(r, 4, lt_mlkem_zetas_inverse_mont + 64, 0);  /* below 4q */
    lt_ntt_inverse_layer(r, 8, lt_mlkem_zetas_inverse_mont + 96, 1);  /* below q */
    lt_ntt_inverse_layer(r, 16, lt_mlkem_zetas_inverse_mont + 112, 0); /* below 2q */
    lt_ntt_inverse_layer(r, 32, lt_mlkem_zetas_inverse_mont + 120, 0); /* below 4q */
    lt_ntt_inverse_layer(r, 64, lt_mlkem_zetas_inverse_mont + 124, 1); /* below q */
    lt_ntt_inverse_layer(r, 128, lt_mlkem_zetas_inverse_mont + 126, 0); /* below 2q */
    for (unsigned j = 0; j < LT_MLKEM_N; j++)
        f->c[j] = lt_fq_from_signed(lt_mont_mul(r[j], f_mont, lt_mont_qinv(f_mont)));
}

/* out = sum over k of f[k] * g[k] in the NTT domain (Algorithms 11 and 12), every product a
 * 16-bit Montgomery product (lt_mont_mul, times 2^-16), as the transforms' are: 16-bit operations
 * that a compiler can vectorise, where a 32-bit sum reduced by a 64-bit Barrett product is not.
 * Bounds: factors in [0, q) make products in (-q, q); the even and high sums of three are within
 * (-3q, 3q), the odd sum of six within (-6q, 6q), all inside int16_t. gamma enters as gamma 2^16
 * mod q (|.| < q/2), which cancels the 2^-16 of the high sum's products (3q q/2 is below
 * Montgomery's bound q 2^15). The last product, by 2^32 mod q, multiplies by 2^16 and so cancels
 * the 2^-16 of the sums, which are below 6q: the result is in (-q, q). f[k] are pointers because
 * the callers take rows of Â, columns of Â (Â^T) and t̂ alike. */
static void lt_poly_dot(lt_poly *out, const lt_poly *const f[LT_MLKEM_K], const lt_poly g[LT_MLKEM_K])
{
    const int16_t r2 = 1353, r2_qinv = lt_mont_qinv(1353); /* 2^32 mod q */
    for (unsigned i = 0; i < 128; i++) {
        int16_t even = 0, odd = 0, high = 0;
        for (unsigned k = 0; k < LT_MLKEM_K; k++) {
            int16_t a0 = (int16_t)f[k]->c[2 * i], a1 = (int16_t)f[k]->c[2 * i + 1];
            int16_t b0 = (int16_t)g[k].c[2 * i], b1 = (int16_t)g[k].c[2 * i + 1];
            int16_t b0_qinv = lt_mont_qinv(b0), b1_qinv = lt_mont_qinv(b1);
            even = (int16_t)(even + lt_mont_mul(a0, b0, b0_qinv));
            high = (int16_t)(high + lt_mont_mul(a1, b1, b1_qinv));
            odd = (int16_t)(odd + lt_mont_mul(a0, b1, b1_qinv) + lt_mont_mul(a1, b0, b0_qinv));
        }
        int16_t gamma = lt_mlkem_gammas_mont[i];
        even = (int16_t)(even + lt_mont_mul(high, gamma, lt_mont_qinv(gamma)));
        out->c[2 * i] = lt_fq_from_signed(lt_mont_mul(even, r2, r2_qinv));
        out->c[2 * i + 1] = lt_fq_from_signed(lt_mont_mul(odd, r2, r2_qinv));
    }
}

static void lt_poly_add(lt_poly *f, const lt_poly *g)
{
    for (unsigned j = 0; j < LT_MLKEM_N; j++)
        f->c[j] = lt_fq_add(f->c[j], g->c[j]);
}

/* ---- encoding and compression (§4.2.1) ---- */

/* ByteEncode_d (Algorithm 5): coefficient i's bit b is bit d i + b of the output, little-endian.
 * Coefficients go in groups whose bits fill whole bytes (8 of them for d = 1 and 4, 4 for d = 10
 * and 12: 8, 32, 40 and 48 bits), packed into one 64-bit word and written out byte by byte: the
 * same bit order as the standard's bit-by-bit loop, with no loop on bits. Every call passes a
 * constant d, so the inlined copy for each d has fixed shifts. */
static inline void lt_byte_encode(uint8_t *out, const lt_poly *f, unsigned d)
{
    const unsigned group = d > 8 ? 4 : 8, group_bytes = group * d / 8;
    for (unsigned i = 0; i < LT_MLKEM_N; i += group) {
        uint64_t bits = 0;
        for (unsigned j = 0; j < group; j++)
            bits |= (uint64_t)f->c[i + j] << (d * j);
        for (unsigned b = 0; b < group_bytes; b++)
            out[b] = (uint8_t)(bits >> (8 * b));
        out += group_bytes;
    }
}

/* ByteDecode_d (Algorithm 6), in the groups of lt_byte_encode, without the reduction mod q that
 * d = 12 asks for: callers of d = 12 either check the values (the modulus check) or reduce them. */
static inline void lt_byte_decode(lt_poly *f, const uint8_t *in, unsigned d)
{
    const unsigned group = d > 8 ? 4 : 8, group_bytes = group * d / 8;
    const uint64_t mask = (1u << d) - 1;
    for (unsigned i = 0; i < LT_MLKEM_N; i += group) {
        uint64_t bits = 0;
        for (unsigned b = 0; b < group_bytes; b++)
            bits |= (uint64_t)in[b] << (8 * b);
        for (unsigned j = 0; j < group; j++)
            f->c[i + j] = (uint16_t)((bits >> (d * j)) & mask);
        in += group_bytes;
    }
}

/* Compress_d(x) = round(2^d x / q) mod 2^d (§4.2.1). floor(n / q) for n = 2^d x + (q - 1) / 2
 * < 2^22 is (n * ceil(2^40 / q)) >> 40 exactly: the reciprocal's excess, below 2^-40 per unit of n,
 * adds less than 2^-18 < 1/q to n / q and so never carries into the next integer. */
static void lt_poly_compress(lt_poly *f, unsigned d)
{
    for (unsigned i = 0; i < LT_MLKEM_N; i++) {
        uint64_t n = ((uint64_t)f->c[i] << d) + (LT_MLKEM_Q - 1) / 2;
        f->c[i] = (uint16_t)(((n * 330282857u) >> 40) & ((1u << d) - 1));
    }
}

/* Decompress_d(y) = round(q y / 2^d) */
static void lt_poly_decompress(lt_poly *f, unsigned d)
{
    for (unsigned i = 0; i < LT_MLKEM_N; i++)
        f->c[i] = (uint16_t)(((uint32_t)f->c[i] * LT_MLKEM_Q + (1u << (d - 1))) >> d);
}

/* ByteDecode_12 of a secret vector, reduced mod q (values up to 4095 < 2q) */
static void lt_vec_decode12_reduce(lt_poly v[LT_MLKEM_K], const uint8_t *in)
{
    for (unsigned i = 0; i < LT_MLKEM_K; i++) {
        lt_byte_decode(&v[i], in + i * LT_MLKEM_POLY_BYTES, 12);
        for (unsigned j = 0; j < LT_MLKEM_N; j++)
            v[i].c[j] = lt_fq_csub(v[i].c[j]);
    }
}

/* The modulus check (§7.2): ByteEncode12(ByteDecode12(ek)) == ek, i.e. every 12-bit value of the
 * key's vector below q. The key is public, so the answer may steer a branch. 0 or LT_ERR_DECODE;
 * the decoded vector in t. */
static int lt_ek_decode(lt_poly t[LT_MLKEM_K], const uint8_t *ek)
{
    uint32_t bad = 0;
    for (unsigned i = 0; i < LT_MLKEM_K; i++) {
        lt_byte_decode(&t[i], ek + i * LT_MLKEM_POLY_BYTES, 12);
        for (unsigned j = 0; j < LT_MLKEM_N; j++)
            bad |= (LT_MLKEM_Q - 1u - t[i].c[j]) >> 31;
    }
    return bad ? LT_ERR_DECODE : 0;
}

/* ---- sampling (§4.2.2) ---- */

/* 8 bytes as a little-endian number, whatever the machine's byte order (compilers make it one
 * load where the order is little-endian) */
static inline uint64_t lt_load_le64(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
           (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* SampleNTT (Algorithm 7) from XOF(rho || j || i): Â[i][j] */
static int lt_sample_ntt(lt_poly *f, const uint8_t rho[32], uint8_t j, uint8_t i)
{
    uint8_t buf[LT_MLKEM_XOF_MAX];
    const uint8_t index[2] = { j, i };
    size_t have = LT_MLKEM_XOF_FIRST, pos = 0;
    unsigned n = 0;
    LT_TRY(lt_sha3(LT_SHAKE128, rho, 32, index, 2, buf, have));
    for (;;) {
        /* While 16 more values fit, 24 bytes at a time: each pair of triples is one 64-bit
         * little-endian read (two bytes past it, hence the + 2) whose four 12-bit fields are
         * Algorithm 7's d1, d2 of the first triple, then of the second; each is stored at
         * f->c[n] and kept by counting it (n += accepted). The same values in the same order as
         * the algorithm's two ifs, in fewer instructions than a branch per candidate and a bound
         * check per triple (the bytes are public; this is for speed only). */
        while (n + 16 <= LT_MLKEM_N && pos + 24 + 2 <= have) {
            for (unsigned pair = 0; pair < 4; pair++) {
                uint64_t bits = lt_load_le64(buf + pos + 6 * pair);
                for (unsigned field = 0; field < 4; field++) {
                    uint16_t d = (uint16_t)((bits >> (12 * field)) & 0xfff);
                    f->c[n] = d;
                    n += d < LT_MLKEM_Q;
                }
            }
            pos += 24;
        }
        while (n < LT_MLKEM_N && pos + 3 <= have) {
            uint16_t d1 = (uint16_t)(buf[pos] | ((buf[pos + 1] & 0x0f) << 8));
            uint16_t d2 = (uint16_t)((buf[pos + 1] >> 4) | (buf[pos + 2] << 4));
            pos += 3;
            if (d1 < LT_MLKEM_Q)
                f->c[n++] = d1;
            if (d2 < LT_MLKEM_Q && n < LT_MLKEM_N)
                f->c[n++] = d2;
        }
        if (n == LT_MLKEM_N)
            return 0;
        if (have == LT_MLKEM_XOF_MAX)
            return LT_ERR_CRYPTO;
        have = have == LT_MLKEM_XOF_FIRST ? LT_MLKEM_XOF_SECOND : LT_MLKEM_XOF_MAX;
        LT_TRY(lt_sha3(LT_SHAKE128, rho, 32, index, 2, buf, have));
    }
}

/* Â, regenerated from rho by KeyGen and Encrypt alike (Algorithm 13 step 6, Algorithm 14 step 6) */
static int lt_sample_matrix(lt_poly a[LT_MLKEM_K][LT_MLKEM_K], const uint8_t rho[32])
{
    for (uint8_t i = 0; i < LT_MLKEM_K; i++)
        for (uint8_t j = 0; j < LT_MLKEM_K; j++)
            LT_TRY(lt_sample_ntt(&a[i][j], rho, j, i));
    return 0;
}

/* SamplePolyCBD_2(PRF_2(seed, n)) (Algorithm 8): each coefficient is the difference of two sums
 * of two bits, brought into [0, q) by adding q and one masked subtraction. */
static int lt_sample_cbd(lt_poly *f, const uint8_t seed[32], uint8_t n)
{
    uint8_t buf[LT_MLKEM_PRF_BYTES];
    int rc = lt_sha3(LT_SHAKE256, seed, 32, &n, 1, buf, sizeof buf);
    if (rc == 0) {
        for (unsigned i = 0; i < LT_MLKEM_PRF_BYTES; i++) {
            for (unsigned half = 0; half < 2; half++) {
                uint32_t bits = (uint32_t)buf[i] >> (4 * half);
                uint32_t x = (bits & 1) + ((bits >> 1) & 1), y = ((bits >> 2) & 1) + ((bits >> 3) & 1);
                f->c[2 * i + half] = lt_fq_csub(x + LT_MLKEM_Q - y);
            }
        }
    }
    lt_wipe(buf, sizeof buf);
    return rc;
}

/* ---- K-PKE (§5) ---- */

/* K-PKE.KeyGen (Algorithm 13) after step 1: ek_pke = ByteEncode12(t̂) || rho, dk_pke =
 * ByteEncode12(ŝ); Â and t̂ into a and t_out when given (both public). */
static int lt_kpke_keygen(const uint8_t rho[32], const uint8_t sigma[32], uint8_t ek[LT_MLKEM768_EK_LEN],
                          uint8_t dk_pke[LT_MLKEM_VEC_BYTES], lt_poly a_out[LT_MLKEM_K][LT_MLKEM_K],
                          lt_poly t_out[LT_MLKEM_K])
{
    lt_poly a_own[LT_MLKEM_K][LT_MLKEM_K], s[LT_MLKEM_K], e[LT_MLKEM_K], t;
    lt_poly (*a)[LT_MLKEM_K] = a_out != NULL ? a_out : a_own;
    uint8_t n = 0;
    int rc = lt_sample_matrix(a, rho);
    for (unsigned i = 0; i < LT_MLKEM_K && rc == 0; i++)
        rc = lt_sample_cbd(&s[i], sigma, n++);
    for (unsigned i = 0; i < LT_MLKEM_K && rc == 0; i++)
        rc = lt_sample_cbd(&e[i], sigma, n++);
    if (rc < 0)
        goto out;
    for (unsigned i = 0; i < LT_MLKEM_K; i++) {
        lt_poly_ntt(&s[i]);
        lt_poly_ntt(&e[i]);
    }
    for (unsigned i = 0; i < LT_MLKEM_K; i++) {
        const lt_poly *row[LT_MLKEM_K] = { &a[i][0], &a[i][1], &a[i][2] };
        lt_poly_dot(&t, row, s);
        lt_poly_add(&t, &e[i]);
        if (t_out != NULL)
            t_out[i] = t;
        lt_byte_encode(ek + i * LT_MLKEM_POLY_BYTES, &t, 12);
        lt_byte_encode(dk_pke + i * LT_MLKEM_POLY_BYTES, &s[i], 12);
    }
    memcpy(ek + LT_MLKEM_VEC_BYTES, rho, 32);
out:
    lt_wipe(s, sizeof s);
    lt_wipe(e, sizeof e);
    lt_wipe(&t, sizeof t);
    return rc;
}

/* K-PKE.Encrypt (Algorithm 14) with t̂ already decoded and checked from ek, and Â sampled from
 * its rho */
static int lt_kpke_encrypt(const lt_poly t[LT_MLKEM_K], const lt_poly a[LT_MLKEM_K][LT_MLKEM_K], const uint8_t m[32],
                           const uint8_t r[32], uint8_t ct[LT_MLKEM768_CT_LEN])
{
    lt_poly y[LT_MLKEM_K], e1[LT_MLKEM_K], e2, u, v, mu;
    uint8_t n = 0;
    int rc = 0;
    for (unsigned i = 0; i < LT_MLKEM_K && rc == 0; i++)
        rc = lt_sample_cbd(&y[i], r, n++);
    for (unsigned i = 0; i < LT_MLKEM_K && rc == 0; i++)
        rc = lt_sample_cbd(&e1[i], r, n++);
    if (rc == 0)
        rc = lt_sample_cbd(&e2, r, n);
    if (rc < 0)
        goto out;
    for (unsigned i = 0; i < LT_MLKEM_K; i++)
        lt_poly_ntt(&y[i]);
    /* u = NTT^-1(Â^T ∘ ŷ) + e1 */
    for (unsigned i = 0; i < LT_MLKEM_K; i++) {
        const lt_poly *column[LT_MLKEM_K] = { &a[0][i], &a[1][i], &a[2][i] };
        lt_poly_dot(&u, column, y);
        lt_poly_ntt_inverse(&u);
        lt_poly_add(&u, &e1[i]);
        lt_poly_compress(&u, LT_MLKEM_DU);
        lt_byte_encode(ct + i * (32 * LT_MLKEM_DU), &u, LT_MLKEM_DU);
    }
    /* v = NTT^-1(t̂^T ∘ ŷ) + e2 + Decompress_1(ByteDecode_1(m)) */
    const lt_poly *t_vec[LT_MLKEM_K] = { &t[0], &t[1], &t[2] };
    lt_poly_dot(&v, t_vec, y);
    lt_poly_ntt_inverse(&v);
    lt_poly_add(&v, &e2);
    lt_byte_decode(&mu, m, 1);
    lt_poly_decompress(&mu, 1);
    lt_poly_add(&v, &mu);
    lt_poly_compress(&v, LT_MLKEM_DV);
    lt_byte_encode(ct + LT_MLKEM_C1_BYTES, &v, LT_MLKEM_DV);
out:
    lt_wipe(y, sizeof y);
    lt_wipe(e1, sizeof e1);
    lt_wipe(&e2, sizeof e2);
    lt_wipe(&u, sizeof u);
    lt_wipe(&v, sizeof v);
    lt_wipe(&mu, sizeof mu);
    return rc;
}

/* K-PKE.Decrypt (Algorithm 15) */
static void lt_kpke_decrypt(const uint8_t dk_pke[LT_MLKEM_VEC_BYTES], const uint8_t ct[LT_MLKEM768_CT_LEN],
                            uint8_t m[32])
{
    lt_poly s[LT_MLKEM_K], u[LT_MLKEM_K], su, w;
    const lt_poly *s_vec[LT_MLKEM_K] = { &s[0], &s[1], &s[2] };
    lt_vec_decode12_reduce(s, dk_pke);
    for (unsigned i = 0; i < LT_MLKEM_K; i++) {
        lt_byte_decode(&u[i], ct + i * (32 * LT_MLKEM_DU), LT_MLKEM_DU);
        lt_poly_decompress(&u[i], LT_MLKEM_DU);
        lt_poly_ntt(&u[i]);
    }
    lt_poly_dot(&su, s_vec, u);
    lt_poly_ntt_inverse(&su);
    /* w = v' - NTT^-1(ŝ^T ∘ NTT(u')) */
    lt_byte_decode(&w, ct + LT_MLKEM_C1_BYTES, LT_MLKEM_DV);
    lt_poly_decompress(&w, LT_MLKEM_DV);
    for (unsigned j = 0; j < LT_MLKEM_N; j++)
        w.c[j] = lt_fq_sub(w.c[j], su.c[j]);
    lt_poly_compress(&w, 1);
    lt_byte_encode(m, &w, 1);
    lt_wipe(s, sizeof s);
    lt_wipe(u, sizeof u);
    lt_wipe(&su, sizeof su);
    lt_wipe(&w, sizeof w);
}

/* ---- ML-KEM (§6, §7) ---- */

int lt_mlkem768_keygen_from_seeds(const uint8_t rho[32], const uint8_t sigma[32], const uint8_t z[32],
                                  uint8_t ek[LT_MLKEM768_EK_LEN], uint8_t dk[LT_MLKEM768_DK_LEN])
{
    /* dk = dk_pke || ek || H(ek) || z (Algorithm 16 step 3) */
    int rc = lt_kpke_keygen(rho, sigma, ek, dk, NULL, NULL);
    if (rc == 0)
        rc = lt_sha3(LT_SHA3_256, ek, LT_MLKEM768_EK_LEN, NULL, 0, dk + LT_MLKEM_VEC_BYTES + LT_MLKEM768_EK_LEN, 32);
    if (rc < 0) {
        lt_wipe(dk, LT_MLKEM768_DK_LEN);
        return rc;
    }
    memcpy(dk + LT_MLKEM_VEC_BYTES, ek, LT_MLKEM768_EK_LEN);
    memcpy(dk + LT_MLKEM768_DK_LEN - 32, z, 32);
    return 0;
}

int lt_mlkem768_keygen_internal(const uint8_t d[32], const uint8_t z[32], uint8_t ek[LT_MLKEM768_EK_LEN],
                                uint8_t dk[LT_MLKEM768_DK_LEN])
{
    /* (rho, sigma) = G(d || k): the final standard's domain separation by parameter set */
    const uint8_t k = LT_MLKEM_K;
    uint8_t g[64];
    int rc = lt_sha3(LT_SHA3_512, d, 32, &k, 1, g, sizeof g);
    if (rc == 0)
        rc = lt_mlkem768_keygen_from_seeds(g, g + 32, z, ek, dk);
    lt_wipe(g, sizeof g);
    return rc;
}

int lt_mlkem768_keygen(uint8_t ek[LT_MLKEM768_EK_LEN], uint8_t dk[LT_MLKEM768_DK_LEN])
{
    uint8_t seeds[64];
    int rc = lt_random(seeds, sizeof seeds);
    if (rc == 0)
        rc = lt_mlkem768_keygen_internal(seeds, seeds + 32, ek, dk);
    lt_wipe(seeds, sizeof seeds);
    return rc;
}

int lt_mlkem768_encaps_internal(const uint8_t *ek, size_t ek_len, const uint8_t m[32],
                                uint8_t ct[LT_MLKEM768_CT_LEN], uint8_t ss[LT_MLKEM768_SS_LEN])
{
    lt_poly t[LT_MLKEM_K], a[LT_MLKEM_K][LT_MLKEM_K];
    uint8_t g[64]; /* (K, r) = G(m || H(ek)) */
    uint8_t h[32];
    if (ek == NULL || ek_len != LT_MLKEM768_EK_LEN)
        return LT_ERR_DECODE;
    LT_TRY(lt_ek_decode(t, ek));
    int rc = lt_sample_matrix(a, ek + LT_MLKEM_VEC_BYTES);
    if (rc == 0)
        rc = lt_sha3(LT_SHA3_256, ek, ek_len, NULL, 0, h, sizeof h);
    if (rc == 0)
        rc = lt_sha3(LT_SHA3_512, m, 32, h, sizeof h, g, sizeof g);
    if (rc == 0)
        rc = lt_kpke_encrypt(t, a, m, g + 32, ct);
    if (rc == 0)
        memcpy(ss, g, LT_MLKEM768_SS_LEN);
    lt_wipe(g, sizeof g);
    return rc;
}

int lt_mlkem768_encaps(const uint8_t *ek, size_t ek_len, uint8_t ct[LT_MLKEM768_CT_LEN],
                       uint8_t ss[LT_MLKEM768_SS_LEN])
{
    uint8_t m[32];
    int rc = lt_random(m, sizeof m);
    if (rc == 0)
        rc = lt_mlkem768_encaps_internal(ek, ek_len, m, ct, ss);
    lt_wipe(m, sizeof m);
    return rc;
}

/* c == c' as a mask (0xff when equal), without stopping at the first difference or a zero byte:
 * an early exit would tell an attacker how far a forged ciphertext re-encrypts. The test build of
 * tests/ct/ defines LT_MLKEM_CT_BROKEN for a deliberately leaky comparison, to show that the
 * constant-time check catches one. */
static uint8_t lt_ct_equal_mask(const uint8_t *a, const uint8_t *b, size_t n)
{
#ifdef LT_MLKEM_CT_BROKEN
    return memcmp(a, b, n) == 0 ? 0xff : 0x00;
#else
    return (uint8_t)(0u - (unsigned)lt_ct_eq(a, b, n)); /* 1 -> 0xff, 0 -> 0 */
#endif
}

/* Decaps after its checks (Algorithm 18): K' or the implicit-rejection key, chosen by a mask */
static int lt_decaps_core(const uint8_t *dk, const lt_poly t[LT_MLKEM_K], const lt_poly a[LT_MLKEM_K][LT_MLKEM_K],
                          const uint8_t *ct, uint8_t ss[LT_MLKEM768_SS_LEN])
{
    const uint8_t *ek_hash = dk + LT_MLKEM_VEC_BYTES + LT_MLKEM768_EK_LEN;
    const uint8_t *z = ek_hash + 32;
    uint8_t m[32], g[64], reject[32];
    uint8_t ct2[LT_MLKEM768_CT_LEN];
    lt_kpke_decrypt(dk, ct, m);
    /* (K', r') = G(m' || h); K̄ = J(z || c); c' = K-PKE.Encrypt(ek, m', r') */
    int rc = lt_sha3(LT_SHA3_512, m, sizeof m, ek_hash, 32, g, sizeof g);
    if (rc == 0)
        rc = lt_sha3(LT_SHAKE256, z, 32, ct, LT_MLKEM768_CT_LEN, reject, sizeof reject);
    if (rc == 0)
        rc = lt_kpke_encrypt(t, a, m, g + 32, ct2);
    if (rc == 0)
        lt_ct_select(lt_ct_equal_mask(ct, ct2, LT_MLKEM768_CT_LEN), g, reject, ss, LT_MLKEM768_SS_LEN);
    lt_wipe(m, sizeof m);
    lt_wipe(g, sizeof g);
    lt_wipe(reject, sizeof reject);
    lt_wipe(ct2, sizeof ct2);
    return rc;
}

int lt_mlkem768_decaps(const uint8_t *dk, size_t dk_len, const uint8_t *ct, size_t ct_len,
                       uint8_t ss[LT_MLKEM768_SS_LEN])
{
    lt_poly t[LT_MLKEM_K], a[LT_MLKEM_K][LT_MLKEM_K];
    uint8_t h[32];
    if (dk == NULL || dk_len != LT_MLKEM768_DK_LEN || ct == NULL || ct_len != LT_MLKEM768_CT_LEN)
        return LT_ERR_DECODE;
    const uint8_t *ek = dk + LT_MLKEM_VEC_BYTES;
    const uint8_t *ek_hash = ek + LT_MLKEM768_EK_LEN;
    /* ek and H(ek) inside dk are the public key and its hash: public, whatever the caller marked */
    LT_CT_PUBLIC(ek, LT_MLKEM768_EK_LEN + 32);
    /* the hash check of §7.3: a key whose halves do not belong together is refused */
    LT_TRY(lt_sha3(LT_SHA3_256, ek, LT_MLKEM768_EK_LEN, NULL, 0, h, sizeof h));
    if (!lt_ct_eq(h, ek_hash, 32) || lt_ek_decode(t, ek) < 0)
        return LT_ERR_INVALID_ARG;
    LT_TRY(lt_sample_matrix(a, ek + LT_MLKEM768_EK_LEN - 32));
    return lt_decaps_core(dk, t, a, ct, ss);
}

int lt_mlkem768_keygen_key(lt_mlkem768_key *key)
{
    uint8_t seeds[64], g[64];
    const uint8_t k = LT_MLKEM_K;
    uint8_t *ek = key->dk + LT_MLKEM_VEC_BYTES;
    int rc = lt_random(seeds, sizeof seeds);
    if (rc == 0)
        rc = lt_sha3(LT_SHA3_512, seeds, 32, &k, 1, g, sizeof g);
    if (rc == 0)
        rc = lt_kpke_keygen(g, g + 32, ek, key->dk, key->a, key->t);
    if (rc == 0)
        rc = lt_sha3(LT_SHA3_256, ek, LT_MLKEM768_EK_LEN, NULL, 0, ek + LT_MLKEM768_EK_LEN, 32);
    if (rc == 0)
        memcpy(ek + LT_MLKEM768_EK_LEN + 32, seeds + 32, 32);
    else
        lt_mlkem768_key_clear(key);
    lt_wipe(seeds, sizeof seeds);
    lt_wipe(g, sizeof g);
    return rc;
}

int lt_mlkem768_decaps_key(const lt_mlkem768_key *key, const uint8_t *ct, size_t ct_len,
                           uint8_t ss[LT_MLKEM768_SS_LEN])
{
    if (key == NULL || ct == NULL || ct_len != LT_MLKEM768_CT_LEN)
        return LT_ERR_DECODE;
    return lt_decaps_core(key->dk, key->t, key->a, ct, ss);
}

void lt_mlkem768_key_clear(lt_mlkem768_key *key)
{
    lt_wipe(key, sizeof *key);
}
