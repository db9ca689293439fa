/* What the codec tests share (test_codec.c, test_codec2.c): a seeded PRNG and a pool for the
 * random structs, field-by-field equality, the length fields of an encoded message, and the
 * three checks every codec gets from a table of rows: round trips over random valid structs,
 * every length field one short and one long, and the message cut at every byte. */
#ifndef LT_CODEC_TEST_H
#define LT_CODEC_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lt_test.h"

#include "tls/codec.h"
#include "tls/proto.h"

#define LT_ROUNDS 1500          /* random structs per codec for the round trips */
#define LT_NEG_ROUNDS 150       /* and for the length-field and truncation tests */

/* ---- a seeded PRNG (xorshift64*), so that a failure can be replayed ---- */

static uint64_t lt_rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t lt_rng(void)
{
    lt_rng_state ^= lt_rng_state >> 12;
    lt_rng_state ^= lt_rng_state << 25;
    lt_rng_state ^= lt_rng_state >> 27;
    return lt_rng_state * 0x2545f4914f6cdd1dull;
}

static uint32_t lt_rng_below(uint32_t n) { return n ? (uint32_t)(lt_rng() % n) : 0; }

/* A length in [min, max], often at an edge, where length bugs live. */
static size_t lt_rng_len(size_t min, size_t max)
{
    switch (lt_rng_below(8)) {
    case 0: return min;
    case 1: return max;
    case 2: return min + 1 <= max ? min + 1 : min;
    case 3: return max > min ? max - 1 : max;
    default: {
        /* mostly short: messages stay small and the tests fast */
        size_t cap = max - min < 300 ? max - min : 300;
        return min + lt_rng_below((uint32_t)cap + 1);
    }
    }
}

/* Random bytes for the spans of the struct being made; reset before each struct. */
static uint8_t lt_pool[1 << 20];
static size_t lt_pool_used;

static lt_span lt_rng_bytes(size_t n)
{
    uint8_t *at = lt_pool + lt_pool_used;
    if (lt_pool_used + n > sizeof lt_pool)
        n = 0, at = lt_pool;
    for (size_t i = 0; i < n; i++)
        at[i] = (uint8_t)lt_rng();
    lt_pool_used += n;
    return lt_span_make(at, n);
}

static lt_span lt_rng_span(size_t min, size_t max) { return lt_rng_bytes(lt_rng_len(min, max)); }

static int lt_same(lt_span a, lt_span b) { return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0); }

static int lt_same_exts(const lt_ext_list *a, const lt_ext_list *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->items[i].type != b->items[i].type || !lt_same(a->items[i].data, b->items[i].data))
            return 0;
    return 1;
}

/* Any codec's struct (a row's maker fills the member of its codec). */
typedef union {
    lt_client_hello_msg ch;
    lt_certificate ct;
    lt_server_hello sh;
    lt_encrypted_extensions ee;
    lt_certificate_request13 cr13;
    lt_certificate_request12 cr12;
    lt_certificate_verify cv;
    lt_finished fin;
    lt_server_key_exchange ske;
    lt_client_key_exchange cke;
    lt_new_session_ticket13 nst13;
    lt_new_session_ticket12 nst12;
    lt_key_update ku;
    lt_certificate_status cs;
    uint8_t empty_type;
} lt_any;

/* Set by a maker whose struct does not come back whole (unknown extensions passed over). */
static int lt_lossless = 1;

/* A length field in an encoded message: where and how wide. A list of length-prefixed items is
 * not self-synchronizing: an item's length one off (but for the last item's) may frame the rest
 * as another valid list, so for those the test can only ask that the original never comes back
 * (and, under ASan, that nothing is read outside the message). */
typedef struct {
    size_t at, width;
    int reframes;
} lt_field;

#define LT_MAX_FIELDS (8 + 4 * LT_MAX_EXTENSIONS)

typedef struct {
    size_t n;
    lt_field f[LT_MAX_FIELDS];
    size_t cut_ok;               /* a body length other than the whole at which the message is
                                  * still valid (a ClientHello without extensions), or 0 */
} lt_layout;

static size_t lt_be(const uint8_t *p, size_t width)
{
    size_t v = 0;
    for (size_t i = 0; i < width; i++)
        v = v << 8 | p[i];
    return v;
}

static size_t lt_add_field(lt_layout *l, size_t at, size_t width)
{
    l->f[l->n].at = at;
    l->f[l->n].width = width;
    l->f[l->n].reframes = 0;
    l->n++;
    return at + width;
}

/* A vector at at: records its length field, returns where it ends. */
static size_t lt_vec(lt_layout *l, const uint8_t *msg, size_t at, size_t width)
{
    size_t len = lt_be(msg + at, width);
    return lt_add_field(l, at, width) + len;
}

/* An extensions vector and each extension's data length. */
static size_t lt_vec_exts(lt_layout *l, const uint8_t *msg, size_t at)
{
    size_t end = lt_vec(l, msg, at, 2);
    for (size_t p = at + 2; p < end;) {
        p = lt_vec(l, msg, p + 2, 2);
        l->f[l->n - 1].reframes = p < end;
    }
    return end;
}

typedef struct {
    const char *name;
    void (*gen)(lt_any *x);
    void (*write)(lt_writer *w, const lt_any *x);
    int (*parse)(lt_span msg, lt_any *x);
    int (*eq)(const lt_any *a, const lt_any *b);
    void (*layout)(const uint8_t *msg, size_t len, lt_layout *l);
} lt_codec_case;


static uint8_t lt_out[1 << 21], lt_again[1 << 21], lt_mut[1 << 21];
static lt_any lt_x, lt_y;

/* A fresh random struct of that codec, written into lt_out; its length, or 0 on failure. */
static size_t lt_make(const lt_codec_case *c)
{
    lt_pool_used = 0;
    lt_lossless = 1;
    memset(&lt_x, 0, sizeof lt_x);
    c->gen(&lt_x);
    lt_writer w = lt_writer_init(lt_out, sizeof lt_out);
    c->write(&w, &lt_x);
    if (w.err != 0) {
        fprintf(stderr, "  %s: write failed (%d)\n", c->name, w.err);
        return 0;
    }
    return w.len;
}

static int lt_parse(const lt_codec_case *c, const uint8_t *msg, size_t len)
{
    memset(&lt_y, 0, sizeof lt_y);
    return c->parse(lt_span_make(msg, len), &lt_y);
}

/* parse(write(x)) == x, and write(parse(write(x))) == write(x) when nothing was passed over. */
static void lt_codec_round_trips(const lt_codec_case *cases, size_t n_cases)
{
    for (size_t k = 0; k < n_cases; k++) {
        const lt_codec_case *c = &cases[k];
        int failures = 0, lossy = 0;
        for (int round = 0; round < LT_ROUNDS && failures < 3; round++) {
            size_t len = lt_make(c);
            int rc = len ? lt_parse(c, lt_out, len) : -1;
            int same = rc == 0 && c->eq(&lt_x, &lt_y);
            lt_writer w = lt_writer_init(lt_again, sizeof lt_again);
            lossy += !lt_lossless;
            if (same && lt_lossless) {
                c->write(&w, &lt_y);
                same = w.err == 0 && w.len == len && memcmp(lt_again, lt_out, len) == 0;
            }
            if (!same) {
                fprintf(stderr, "  %s: round %d does not come back (parse %d)\n", c->name, round, rc);
                failures++;
            }
        }
        if (lossy > 0)
            printf("  %s: %d of %d with unknown extensions (passed over)\n", c->name, lossy, LT_ROUNDS);
        LT_CHECK_INT(failures, 0);
    }
}

static void lt_put_be(uint8_t *p, size_t width, size_t v)
{
    for (size_t i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * (width - 1 - i)));
}

/* Every length field one too short and one too long: a decode error, never a crash (the ASan
 * build catches a read past the message, which is copied to the end of its own buffer); inside
 * a list of items, a decode error or another valid list (lt_field). */
static void lt_codec_length_fields(const lt_codec_case *cases, size_t n_cases)
{
    for (size_t k = 0; k < n_cases; k++) {
        const lt_codec_case *c = &cases[k];
        int failures = 0, reframed = 0, fields = 0, coincidences = 0;
        for (int round = 0; round < LT_NEG_ROUNDS && failures < 3; round++) {
            size_t len = lt_make(c);
            lt_layout l = { 0 };
            lt_add_field(&l, 1, 3); /* the header's */
            c->layout(lt_out, len, &l);
            fields += (int)l.n;
            for (size_t i = 0; i < l.n; i++) {
                size_t value = lt_be(lt_out + l.f[i].at, l.f[i].width);
                size_t most = ((size_t)1 << (8 * l.f[i].width)) - 1;
                for (int delta = -1; delta <= 1; delta += 2) {
                    if ((delta < 0 && value == 0) || (delta > 0 && value == most))
                        continue; /* (no such length to write) */
                    uint8_t *m = lt_mut + sizeof lt_mut - len;
                    memcpy(m, lt_out, len);
                    lt_put_be(m + l.f[i].at, l.f[i].width, delta < 0 ? value - 1 : value + 1);
                    int rc = lt_parse(c, m, len);
                    /* a length off by one can frame another valid message by chance (random
                     * bytes that read as a list of unknown extensions): one that parses to
                     * something else, or, when unknown extensions were passed over (they are
                     * not compared), perhaps to the same known ones. The same message back,
                     * with nothing passed over, means the length was not read. */
                    int same = rc == 0 && c->eq(&lt_x, &lt_y) && lt_lossless;
                    if (rc == 0 && !same && !l.f[i].reframes) {
                        coincidences++;
                        continue;
                    }
                    if (l.f[i].reframes) {
                        reframed += rc == 0;
                        if (same)
                            failures++;
                        else if (rc == 0 || rc == LT_ERR_DECODE || rc == LT_ERR_PROTOCOL)
                            continue;
                    }
                    /* refused; illegal_parameter when the shifted bytes show a repeated
                     * extension first (the parsers check that before the rest, on purpose) */
                    if (rc != LT_ERR_DECODE && rc != LT_ERR_PROTOCOL) {
                        fprintf(stderr, "  %s: round %d, length at %zu %s by one: %d, not a decode error\n",
                                c->name, round, l.f[i].at, delta < 0 ? "short" : "long", rc);
                        failures++;
                    }
                }
            }
        }
        printf("  %s: %d length fields moved both ways", c->name, fields);
        if (reframed > 0)
            printf(", %d item lengths off by one framed another valid list", reframed);
        if (coincidences > 0)
            printf(", %d framed another valid message by chance", coincidences);
        printf("\n");
        LT_CHECK_INT(failures, 0);
    }
}

/* The body cut short at every byte, its header saying so (else the header alone would refuse
 * it), and the message cut at every byte as it is: a decode error, but for the one cut that
 * leaves a valid message (a hello without extensions). */
static void lt_codec_truncations(const lt_codec_case *cases, size_t n_cases)
{
    for (size_t k = 0; k < n_cases; k++) {
        const lt_codec_case *c = &cases[k];
        int failures = 0;
        for (int round = 0; round < LT_NEG_ROUNDS && failures < 3; round++) {
            size_t len = lt_make(c);
            lt_layout l = { 0 };
            c->layout(lt_out, len, &l);
            for (size_t cut = 0; cut + 4 < len; cut++) {
                uint8_t *m = lt_mut + sizeof lt_mut - (4 + cut);
                memcpy(m, lt_out, 4 + cut);
                lt_put_be(m + 1, 3, cut);
                int rc = lt_parse(c, m, 4 + cut);
                int want = l.cut_ok != 0 && cut == l.cut_ok ? 0 : LT_ERR_DECODE;
                m = lt_mut + sizeof lt_mut - (4 + cut);
                memcpy(m, lt_out, 4 + cut);
                int rc_raw = lt_parse(c, m, 4 + cut);
                if (rc != want || rc_raw != LT_ERR_DECODE) {
                    fprintf(stderr, "  %s: round %d, cut at %zu of %zu: %d and %d\n", c->name, round,
                            cut, len - 4, rc, rc_raw);
                    failures++;
                }
            }
            for (size_t cut = 0; cut < 4 && cut < len; cut++)
                if (lt_parse(c, lt_out, cut) != LT_ERR_DECODE)
                    failures++;
        }
        LT_CHECK_INT(failures, 0);
    }
}

/* Each parse takes only its own message type. */
static void lt_codec_other_type(const lt_codec_case *cases, size_t n_cases, uint8_t other)
{
    for (size_t k = 0; k < n_cases; k++) {
        size_t len = lt_make(&cases[k]);
        lt_out[0] = other;
        LT_CHECK_INT(lt_parse(&cases[k], lt_out, len), LT_ERR_DECODE);
    }
}


#endif
