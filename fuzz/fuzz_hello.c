/* libFuzzer harness, structure-aware: the input drives a generator of ClientHellos (RFC 8446
 * §4.1.2, RFC 5246 §7.4.1.2) fed to the server of fuzz_engine.h, because byte mutation rarely
 * gets a hello past its first length checks. The generator picks the legacy version, session
 * ID, cipher suites, compression methods and a list of extensions from palettes of what real
 * clients send and what they should not: known and unknown extensions in any order, GREASE
 * values (RFC 8701) among suites, groups, versions and extensions, duplicated extensions, key
 * shares for groups latch has (a valid X25519 or P-256 share) and has not, lengths at their
 * edges, and at times one length field off by one. The hello goes in one record or fragmented
 * over several.
 *
 * The server's answer must be coherent: a ServerHello (or HelloRetryRequest) and no failure, or
 * a failure with a reason and an alert as its last record, nothing else. And when the input
 * asks for a clean hello (every choice well-formed, TLS 1.3 with TLS_AES_128_GCM_SHA256, an
 * X25519 share and an ECDSA signature scheme offered), the answer must be a ServerHello. */
#include <stdbool.h>
#include <stdlib.h>

#include "fuzz_engine.h"
#include "tls/proto.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static latch_config *server_config;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    server_config = lt_fuzz_server_config();
    if (server_config == NULL)
        __builtin_trap(); /* the fixed configuration must load (fuzz_engine.h: LT_FUZZ_PKI) */
    return 0;
}

/* ---- the choices: bytes of the input, zeros once it is used up (so a rare choice, a flaw,
 * is the last value, never the 0 an exhausted input gives) ---- */
typedef struct {
    const uint8_t *p;
    size_t left;
} choices;

static unsigned pick(choices *c, unsigned n)
{
    if (n <= 1 || c->left == 0)
        return 0;
    c->left--;
    return *c->p++ % n;
}

static uint16_t pick16(choices *c)
{
    return (uint16_t)(pick(c, 256) << 8 | pick(c, 256));
}

/* ---- a growing message with nested length prefixes ---- */
typedef struct {
    uint8_t buf[16384];
    size_t len;
    bool overflow;
    bool skewed;       /* a length field was set off by one on purpose */
} msg;

static void put(msg *m, const void *p, size_t n)
{
    if (m->len + n > sizeof m->buf) {
        m->overflow = true;
        return;
    }
    memcpy(m->buf + m->len, p, n);
    m->len += n;
}

static void put8(msg *m, unsigned v)
{
    uint8_t b = (uint8_t)v;
    put(m, &b, 1);
}

static void put16(msg *m, unsigned v)
{
    put8(m, v >> 8);
    put8(m, v);
}

/* opens a length prefix of width bytes; close fills it (skew: off by one, up or down) */
static size_t open_len(msg *m, int width)
{
    size_t at = m->len;
    for (int i = 0; i < width; i++)
        put8(m, 0);
    return at;
}

static void close_len(msg *m, size_t at, int width, choices *c, bool *clean)
{
    if (m->overflow)
        return;
    size_t n = m->len - at - (size_t)width;
    /* now and then a length off by one (the clean hello has none) */
    if (!*clean && pick(c, 128) == 127) {
        n = pick(c, 2) ? n + 1 : n - 1;
        m->skewed = true;
    }
    for (int i = width - 1; i >= 0; i--, n >>= 8)
        m->buf[at + (size_t)i] = (uint8_t)n;
}

/* ---- palettes ---- */
static uint16_t grease(choices *c)
{
    unsigned g = pick(c, 16);
    return (uint16_t)((g << 12) | 0x0a00 | (g << 4) | 0x0a);
}

static const uint16_t suites[] = {
    0x1301, 0x1302, 0x1303, 0x1304, 0x1305,                 /* TLS 1.3 (the last two latch lacks) */
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca8, 0xcca9, 0x009c, 0x009d, /* TLS 1.2 AEAD */
    0xc009, 0xc013, 0x002f, 0x0035, 0x000a, 0x0005,         /* CBC, 3DES, RC4 */
    0x00ff, 0x5600, 0x0000,                                 /* SCSVs, NULL */
};
static const uint16_t groups[] = { 0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x11ec, 0x6399 };
static const uint16_t schemes[] = { 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808,
                                    0x0401, 0x0501, 0x0601, 0x0203, 0x0201, 0x0101 };
static const uint16_t versions[] = { 0x0304, 0x0303, 0x0302, 0x0301, 0x0300, 0x7f1c, 0xfefd };

/* a P-256 public key that is on the curve (the generator point) */
static const uint8_t p256_point[65] = {
    0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
    0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5 };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* a 16-bit-prefixed list of n values, each from the palette, GREASE or anything */
static void u16_list(msg *m, choices *c, bool *clean, const uint16_t *palette, size_t count, uint16_t must)
{
    size_t at = open_len(m, 2);
    if (*clean)
        put16(m, must);
    unsigned n = pick(c, 8);
    for (unsigned i = 0; i < n; i++) {
        unsigned kind = pick(c, 8);
        put16(m, kind == 0 ? grease(c) : kind == 1 && !*clean ? pick16(c) : palette[pick(c, (unsigned)count)]);
    }
    close_len(m, at, 2, c, clean);
}

/* The extension types the generator knows how to fill. */
enum { X_SNI, X_GROUPS, X_POINTS, X_SIGALGS, X_VERSIONS, X_KEY_SHARE, X_PSK_MODES, X_PSK, X_TICKET, X_EMS,
       X_RENEG, X_ETM, X_ALPN, X_STATUS, X_SCT, X_RSL, X_MFL, X_PHA, X_COOKIE, X_EARLY, X_PADDING,
       X_GREASE, X_UNKNOWN, X_COUNT };
static const uint16_t ext_types[X_COUNT] = { 0, 10, 11, 13, 43, 51, 45, 41, 35, 23, 0xff01, 22, 16, 5, 18,
                                             28, 1, 49, 44, 42, 21, 0, 0 };
/* the ones a clean hello may carry besides the four it needs (X_GROUPS, X_SIGALGS, X_VERSIONS,
 * X_KEY_SHARE) */
static const bool clean_ok[X_COUNT] = { [X_SNI] = true, [X_POINTS] = true, [X_PSK_MODES] = true,
                                        [X_TICKET] = true, [X_EMS] = true, [X_RENEG] = true, [X_ETM] = true,
                                        [X_ALPN] = true, [X_STATUS] = true, [X_SCT] = true, [X_RSL] = true,
                                        [X_PADDING] = true, [X_GREASE] = true, [X_UNKNOWN] = true };

static void key_share_entry(msg *m, choices *c, bool *clean, uint16_t group)
{
    put16(m, group);
    size_t at = open_len(m, 2);
    if (group == 0x001d) {
        /* X25519: 32 bytes (an all-zero key latch must refuse, RFC 8446 §7.4.2), or an edge */
        size_t n = *clean ? 32 : (size_t[]){ 32, 32, 31, 33, 0 }[pick(c, 5)];
        for (size_t i = 0; i < n; i++)
            put8(m, *clean ? 9 + i : pick(c, 256));
    } else if (group == 0x0017) {
        unsigned how = pick(c, 3);
        if (how == 0)
            put(m, p256_point, sizeof p256_point);
        else
            for (size_t i = 0; i < (how == 1 ? 65u : pick(c, 100)); i++)
                put8(m, pick(c, 256));
    } else {
        size_t n = pick(c, 4) == 0 ? pick(c, 200) : group == 0x11ec ? 1216 : group == 0x0018 ? 97 : 1;
        for (size_t i = 0; i < n; i++)
            put8(m, pick(c, 256));
    }
    close_len(m, at, 2, c, clean);
}

static void extension_body(msg *m, choices *c, bool *clean, int kind)
{
    size_t at;
    switch (kind) {
    case X_SNI: {
        static const char *const names[] = { "localhost", "www.example.com", "127.0.0.1", "", "a..b", "xn--bcher-kva.example" };
        at = open_len(m, 2);
        unsigned n = *clean ? 1 : 1 + pick(c, 3);
        for (unsigned i = 0; i < n; i++) {
            const char *name = names[*clean ? pick(c, 2) : pick(c, N(names))];
            put8(m, *clean ? 0 : pick(c, 4) == 0 ? pick(c, 256) : 0);
            size_t len_at = open_len(m, 2);
            put(m, name, strlen(name));
            close_len(m, len_at, 2, c, clean);
        }
        close_len(m, at, 2, c, clean);
        break;
    }
    case X_GROUPS:
        u16_list(m, c, clean, groups, N(groups), 0x001d);
        break;
    case X_POINTS:
        at = open_len(m, 1);
        put8(m, 0);
        if (pick(c, 2))
            put8(m, 1);
        close_len(m, at, 1, c, clean);
        break;
    case X_SIGALGS:
        u16_list(m, c, clean, schemes, N(schemes), 0x0403);
        break;
    case X_VERSIONS: {
        at = open_len(m, 1);
        if (*clean)
            put16(m, 0x0304);
        unsigned n = pick(c, 4);
        for (unsigned i = 0; i < n; i++)
            put16(m, pick(c, 4) == 0 ? grease(c) : versions[pick(c, N(versions))]);
        close_len(m, at, 1, c, clean);
        break;
    }
    case X_KEY_SHARE: {
        at = open_len(m, 2);
        /* clean: the X25519 share alone (a share for a group the client did not list, or two
         * for one group, a server may refuse: RFC 8446 §4.2.8) */
        if (*clean)
            key_share_entry(m, c, clean, 0x001d);
        for (unsigned i = 0, n = *clean ? 0 : pick(c, 4); i < n; i++)
            key_share_entry(m, c, clean, pick(c, 4) == 0 ? grease(c) : groups[pick(c, N(groups))]);
        close_len(m, at, 2, c, clean);
        break;
    }
    case X_PSK_MODES:
        at = open_len(m, 1);
        put8(m, 1);
        if (pick(c, 2))
            put8(m, pick(c, 3));
        close_len(m, at, 1, c, clean);
        break;
    case X_PSK: {
        /* identities and binders; the server's ticket key never sealed these */
        size_t ids = open_len(m, 2);
        unsigned n = 1 + pick(c, 3);
        for (unsigned i = 0; i < n; i++) {
            size_t id = open_len(m, 2);
            for (unsigned j = 0, len = 1 + pick(c, 80); j < len; j++)
                put8(m, pick(c, 256));
            close_len(m, id, 2, c, clean);
            put16(m, pick16(c));
            put16(m, pick16(c));
        }
        close_len(m, ids, 2, c, clean);
        size_t binders = open_len(m, 2);
        for (unsigned i = 0, count = pick(c, 2) ? n : pick(c, 4); i < count; i++) {
            size_t b = open_len(m, 1);
            for (unsigned j = 0, len = (unsigned[]){ 32, 48, 31, 0 }[pick(c, 4)]; j < len; j++)
                put8(m, pick(c, 256));
            close_len(m, b, 1, c, clean);
        }
        close_len(m, binders, 2, c, clean);
        break;
    }
    case X_TICKET:
    case X_UNKNOWN:
    case X_GREASE:
    case X_COOKIE:
        for (unsigned j = 0, len = *clean && kind == X_TICKET ? 0 : pick(c, 40); j < len; j++)
            put8(m, pick(c, 256));
        break;
    case X_EMS:
    case X_ETM:
    case X_PHA:
    case X_EARLY:
    case X_SCT:
        break;
    case X_RENEG:
        put8(m, 0);
        break;
    case X_ALPN: {
        static const char *const protos[] = { "h2", "http/1.1", "", "x" };
        at = open_len(m, 2);
        for (unsigned i = 0, n = 1 + pick(c, 3); i < n; i++) {
            const char *p = protos[*clean ? pick(c, 2) : pick(c, N(protos))];
            put8(m, strlen(p));
            put(m, p, strlen(p));
        }
        close_len(m, at, 2, c, clean);
        break;
    }
    case X_STATUS:
        put8(m, 1);  /* ocsp */
        put16(m, 0); /* no responder IDs */
        put16(m, 0); /* no request extensions */
        break;
    case X_RSL:
        /* the limit at its edges: 64 is the least allowed (RFC 8449 §4), 2^14 + 1 the most in 1.3 */
        put16(m, (unsigned[]){ 64, 16385, 16384, 512 }[pick(c, 4)] - (*clean ? 0 : pick(c, 2)));
        break;
    case X_MFL:
        put8(m, pick(c, 6));
        break;
    case X_PADDING:
        for (unsigned j = 0, len = pick(c, 256); j < len; j++)
            put8(m, 0);
        break;
    }
}

/* a whole ClientHello message; *clean stays true only when every choice was well-formed */
static void client_hello(msg *m, choices *c, bool *clean)
{
    put8(m, 1);
    size_t body = open_len(m, 3);
    put16(m, *clean ? 0x0303 : (unsigned[]){ 0x0303, 0x0303, 0x0301, 0x0302, 0x0304, 0x0300 }[pick(c, 6)]);
    for (int i = 0; i < 32; i++)
        put8(m, pick(c, 256));
    size_t sid = open_len(m, 1);
    for (unsigned i = 0, n = (unsigned[]){ 0, 32, 32, 1, 33 }[*clean ? pick(c, 3) : pick(c, 5)]; i < n; i++)
        put8(m, pick(c, 256));
    close_len(m, sid, 1, c, clean);
    size_t list = open_len(m, 2);
    if (*clean)
        put16(m, 0x1301);
    for (unsigned i = 0, n = pick(c, 12); i < n; i++)
        put16(m, pick(c, 6) == 0 ? grease(c) : suites[pick(c, N(suites))]);
    if (!*clean && pick(c, 32) == 31)
        put8(m, 0x13); /* an odd length */
    close_len(m, list, 2, c, clean);
    size_t comp = open_len(m, 1);
    unsigned how = *clean ? 0 : pick(c, 6);
    if (how == 1 || how == 2)
        put8(m, 1); /* DEFLATE, which no one may use */
    if (how != 2 && how != 3)
        put8(m, 0);
    close_len(m, comp, 1, c, clean);
    if (!*clean && pick(c, 16) == 15) {
        close_len(m, body, 3, c, clean); /* no extensions at all: a TLS 1.2 hello of old */
        return;
    }
    size_t exts = open_len(m, 2);
    bool seen[X_COUNT] = { false };
    int order[48];
    size_t count = 0;
    if (*clean) {
        order[count++] = X_GROUPS;
        order[count++] = X_SIGALGS;
        order[count++] = X_VERSIONS;
        order[count++] = X_KEY_SHARE;
    }
    for (unsigned i = 0, n = pick(c, 16); i < n && count < N(order); i++) {
        int kind = (int)pick(c, X_COUNT);
        if (*clean && (!clean_ok[kind] || seen[kind]))
            continue;
        /* (several GREASE or unknown extensions may share a type by chance: not clean) */
        seen[kind] = *clean || (kind != X_GREASE && kind != X_UNKNOWN);
        order[count++] = kind;
    }
    /* shuffled: the order is the input's too (but pre_shared_key, where it is, often last) */
    for (size_t i = count; i > 1; i--) {
        size_t j = pick(c, (unsigned)i);
        int t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < count; i++) {
        int kind = order[i];
        uint16_t type = ext_types[kind];
        if (kind == X_GREASE)
            type = grease(c);
        else if (kind == X_UNKNOWN)
            type = (uint16_t)(0x3000 + pick(c, 0x1000)); /* unassigned */
        put16(m, type);
        size_t ext = open_len(m, 2);
        extension_body(m, c, clean, kind);
        close_len(m, ext, 2, c, clean);
    }
    close_len(m, exts, 2, c, clean);
    close_len(m, body, 3, c, clean);
}

/* ---- the server's answer ---- */
static void fail(const char *what, latch_conn *conn)
{
    fprintf(stderr, "fuzz_hello: %s (server: '%s')\n", what, latch_conn_error(conn));
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static msg hello, records;
    choices c = { data, size };
    bool clean = pick(&c, 4) == 0;
    memset(&hello, 0, sizeof hello);
    client_hello(&hello, &c, &clean);
    if (hello.overflow)
        return 0;
    /* into records: one, or fragments of the input's sizes (at least one byte each) */
    memset(&records, 0, sizeof records);
    bool fragmented = pick(&c, 4) == 3;
    for (size_t at = 0; at < hello.len;) {
        size_t n = hello.len - at;
        if (fragmented)
            n = 1 + pick(&c, (unsigned)(n < 256 ? n : 256));
        if (n > LT_MAX_PLAINTEXT)
            n = LT_MAX_PLAINTEXT;
        put8(&records, 22);
        put16(&records, at == 0 && !clean && pick(&c, 8) == 7 ? 0x0301 : 0x0303);
        put16(&records, (unsigned)n);
        put(&records, hello.buf + at, n);
        at += n;
    }
    if (records.overflow)
        return 0;

    latch_conn *conn = lt_fuzz_server_conn(server_config);
    if (conn == NULL)
        return 0;
    latch_status st = LATCH_OK;
    const uint8_t *in = records.buf;
    size_t left = records.len;
    while (left > 0 && st >= 0) {
        size_t room;
        uint8_t *dst = latch_net_in_buf(conn, &room);
        if (dst == NULL || room == 0)
            break;
        size_t n = left < room ? left : room;
        memcpy(dst, in, n);
        st = latch_net_in_commit(conn, n);
        in += n;
        left -= n;
    }
    size_t out_len = 0;
    const uint8_t *out = latch_net_out_buf(conn, &out_len);
    if (out == NULL)
        out_len = 0;
    if (st < 0) {
        /* a failure: a reason, and an alert as the last record sent */
        const char *why = latch_conn_error(conn);
        if (why == NULL || why[0] == '\0')
            fail("a failure without a reason", conn);
        size_t at = 0, last = SIZE_MAX;
        while (at + 5 <= out_len) {
            last = at;
            at += 5 + ((size_t)out[at + 3] << 8 | out[at + 4]);
        }
        if (last == SIZE_MAX || (out[last] != 21 && out[last] != 23))
            fail("a failure without an alert", conn);
        if (clean)
            fail("a clean TLS 1.3 hello was refused", conn);
    } else if (!hello.skewed) {
        /* the whole hello is in: the answer starts with a ServerHello (or a retry request) */
        if (out_len < 10 || out[0] != 22 || out[5] != 2)
            fail("a hello taken without a ServerHello", conn);
        static const uint8_t hrr_random[8] = { 0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11 };
        if (clean && out_len >= 5 + 4 + 2 + 8 && memcmp(out + 11, hrr_random, 8) == 0)
            fail("a clean hello with an X25519 share got a HelloRetryRequest", conn);
    }
    lt_fuzz_drain(conn);
    latch_conn_free(conn);
    return 0;
}
