/* The ClientHello and Certificate codecs (src/tls/codec_client_hello.c, codec_certificate.c)
 * alone, as test_codec.c does the others: round trips over random valid structs (parse(write(x))
 * is x field by field, and writing what was parsed gives the same bytes), every length field one
 * too short and one too long, the body cut at every byte; then the rules particular to these two
 * (unknown ClientHello extensions passed over but counted, a type twice is illegal_parameter, a
 * chain longer than latch takes is LT_ERR_LIMIT) and the RFC 8448 messages read and written back. */
#include <stdlib.h>

#include "lt_codec_test.h"

static int lt_has_type(const lt_ext_list *list, uint16_t type)
{
    return lt_ext_find(list, type) != NULL;
}

/* The extensions latch knows in a ClientHello (ext.c's table), and types it cannot know: GREASE
 * (RFC 8701) and an unassigned range. */
static const uint16_t lt_known[] = {
    LT_EXT_SERVER_NAME, LT_EXT_STATUS_REQUEST, LT_EXT_SUPPORTED_GROUPS, LT_EXT_EC_POINT_FORMATS,
    LT_EXT_SIGNATURE_ALGORITHMS, LT_EXT_ALPN, LT_EXT_SCT, LT_EXT_PADDING, LT_EXT_ENCRYPT_THEN_MAC,
    LT_EXT_EXTENDED_MASTER_SECRET, LT_EXT_COMPRESS_CERTIFICATE, LT_EXT_RECORD_SIZE_LIMIT,
    LT_EXT_SESSION_TICKET, LT_EXT_PRE_SHARED_KEY, LT_EXT_EARLY_DATA, LT_EXT_SUPPORTED_VERSIONS,
    LT_EXT_COOKIE, LT_EXT_PSK_KEY_EXCHANGE_MODES, LT_EXT_CERTIFICATE_AUTHORITIES,
    LT_EXT_POST_HANDSHAKE_AUTH, LT_EXT_SIGNATURE_ALGORITHMS_CERT, LT_EXT_KEY_SHARE,
    LT_EXT_RENEGOTIATION_INFO,
};
#define LT_KNOWN (sizeof lt_known / sizeof lt_known[0])

static uint16_t lt_rng_unknown_type(void)
{
    if (lt_rng_below(2)) {
        uint16_t g = (uint16_t)(0x0a + 0x10 * lt_rng_below(16));
        return (uint16_t)(g << 8 | g);
    }
    return (uint16_t)(0x4000 + lt_rng_below(0x1000));
}

/* Adds an extension of that type at a random place in list, unless the type is there. */
static void lt_rng_insert(lt_ext_list *list, uint16_t type, size_t max_data)
{
    if (lt_has_type(list, type) || list->n == LT_MAX_EXTENSIONS)
        return;
    size_t at = lt_rng_below((uint32_t)list->n + 1);
    memmove(&list->items[at + 1], &list->items[at], (list->n - at) * sizeof list->items[0]);
    list->items[at].type = type;
    list->items[at].data = lt_rng_span(0, max_data);
    list->n++;
}

/* What the maker expects the parse to give besides the struct written, and to say. */
static lt_ext_list lt_ch_known;  /* the ClientHello's known extensions, in order */
static uint16_t lt_ch_last;      /* the type of its last extension, or 0 */
static int lt_ct_tls13;          /* which Certificate syntax */

/* ClientHello: known extensions and, in a third of them, unknown ones in between */
static void gen_ch(lt_any *x)
{
    static uint8_t random[32];
    lt_client_hello_msg *ch = &x->ch;
    for (size_t i = 0; i < 32; i++)
        random[i] = (uint8_t)lt_rng();
    ch->legacy_version = lt_rng_below(2) ? 0x0303 : (uint16_t)lt_rng();
    ch->random = lt_span_make(random, 32);
    ch->session_id = lt_rng_span(0, 32);
    ch->cipher_suites = lt_rng_bytes(2 * lt_rng_len(1, lt_rng_below(10) ? 150 : 0x7fff)); /* pairs */
    ch->compression_methods = lt_rng_below(3) ? lt_rng_span(1, 1) : lt_rng_span(1, 255);
    ch->extensions_present = lt_rng_below(6) != 0;
    ch->exts.n = 0;
    if (ch->extensions_present) {
        size_t max_data = lt_rng_below(8) ? 40 : 600;
        size_t n_known = lt_rng_below(lt_rng_below(4) == 0 ? LT_KNOWN + 1 : 6);
        while (ch->exts.n < n_known)
            lt_rng_insert(&ch->exts, lt_known[lt_rng_below(LT_KNOWN)], max_data);
        if (lt_rng_below(3) == 0) {
            size_t n = ch->exts.n + 1 + lt_rng_below(lt_rng_below(4) == 0 ? LT_MAX_EXTENSIONS - LT_KNOWN : 4);
            while (ch->exts.n < n)
                lt_rng_insert(&ch->exts, lt_rng_unknown_type(), max_data);
        }
    }
    lt_ch_known.n = 0;
    for (size_t i = 0; i < ch->exts.n; i++)
        for (size_t k = 0; k < LT_KNOWN; k++)
            if (ch->exts.items[i].type == lt_known[k])
                lt_ch_known.items[lt_ch_known.n++] = ch->exts.items[i];
    lt_ch_last = ch->exts.n > 0 ? ch->exts.items[ch->exts.n - 1].type : 0;
    lt_lossless = lt_ch_known.n == ch->exts.n;
    ch->last_ext_type = lt_ch_last; /* (ignored by the write) */
}
static void write_ch(lt_writer *w, const lt_any *x) { lt_client_hello_msg_write(w, &x->ch); }
static int parse_ch(lt_span m, lt_any *x) { return lt_client_hello_msg_parse(m, &x->ch); }
static int eq_ch(const lt_any *a, const lt_any *b)
{
    return a->ch.legacy_version == b->ch.legacy_version && lt_same(a->ch.random, b->ch.random) &&
           lt_same(a->ch.session_id, b->ch.session_id) && lt_same(a->ch.cipher_suites, b->ch.cipher_suites) &&
           lt_same(a->ch.compression_methods, b->ch.compression_methods) &&
           a->ch.extensions_present == b->ch.extensions_present && lt_same_exts(&lt_ch_known, &b->ch.exts) &&
           b->ch.last_ext_type == lt_ch_last;
}
static void layout_ch(const uint8_t *m, size_t len, lt_layout *l)
{
    size_t at = lt_vec(l, m, lt_vec(l, m, lt_vec(l, m, 4 + 2 + 32, 1), 2), 1);
    if (at < len) {
        l->cut_ok = at - 4;
        lt_vec_exts(l, m, at);
    }
}

/* Certificate: a chain of 0 to the bound, now and then one certificate over 64 KiB (a length
 * with its top byte set); in TLS 1.3 a context and, per entry, a few extensions */
static void gen_ct(lt_any *x, int tls13)
{
    lt_certificate *ct = &x->ct;
    lt_ct_tls13 = tls13;
    lt_lossless = 1;
    ct->tls13 = tls13;
    ct->context = tls13 ? lt_rng_span(0, 255) : lt_span_make(NULL, 0);
    ct->n = lt_rng_len(0, LT_CERTIFICATE_MAX_ENTRIES);
    for (size_t i = 0; i < ct->n; i++) {
        ct->entries[i].der = lt_rng_span(1, lt_rng_below(100) ? 300 : 70000);
        ct->entries[i].extensions = lt_span_make(NULL, 0);
        if (!tls13 || lt_rng_below(2))
            continue;
        /* the contents of a valid extensions vector: written, less its own length */
        lt_ext_list exts;
        exts.n = 0;
        for (size_t k = 1 + lt_rng_below(4); exts.n < k;)
            lt_rng_insert(&exts, (uint16_t)lt_rng(), 40);
        lt_writer w = lt_writer_init(lt_pool + lt_pool_used, sizeof lt_pool - lt_pool_used);
        lt_ext_write_list(&w, &exts);
        if (w.err == 0) {
            ct->entries[i].extensions = lt_span_make(w.buf + 2, w.len - 2);
            lt_pool_used += w.len;
        }
    }
}
static void gen_ct13(lt_any *x) { gen_ct(x, 1); }
static void gen_ct12(lt_any *x) { gen_ct(x, 0); }
static void write_ct(lt_writer *w, const lt_any *x) { lt_certificate_write(w, &x->ct); }
static int parse_ct(lt_span m, lt_any *x) { return lt_certificate_parse(m, lt_ct_tls13, &x->ct); }
static int eq_ct(const lt_any *a, const lt_any *b)
{
    if (a->ct.tls13 != b->ct.tls13 || !lt_same(a->ct.context, b->ct.context) || a->ct.n != b->ct.n)
        return 0;
    for (size_t i = 0; i < a->ct.n; i++)
        if (!lt_same(a->ct.entries[i].der, b->ct.entries[i].der) ||
            !lt_same(a->ct.entries[i].extensions, b->ct.entries[i].extensions))
            return 0;
    return 1;
}
static void layout_ct(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    size_t at = lt_ct_tls13 ? lt_vec(l, m, 4, 1) : 4;
    size_t end = lt_vec(l, m, at, 3);
    for (size_t p = at + 3; p < end;) {
        /* a certificate's length one off shifts what follows it: in TLS 1.3 the entry's
         * extensions block may then take in the next entries and find a type twice there
         * (illegal_parameter before the framing is seen to fail) */
        p = lt_vec(l, m, p, 3);
        l->f[l->n - 1].reframes = lt_ct_tls13 || p < end;
        if (lt_ct_tls13) {
            size_t block = l->n;
            p = lt_vec_exts(l, m, p);
            /* (the last entry's is the last field of the list: one off cannot end it right) */
            l->f[block].reframes = p < end;
        }
    }
}

/* CertificateStatus (RFC 6066 §8): ocsp and a response of 1 byte to past 64 KiB */
static void gen_cs(lt_any *x) { x->cs.response = lt_rng_span(1, lt_rng_below(50) ? 3000 : 70000); }
static void write_cs(lt_writer *w, const lt_any *x) { lt_certificate_status_write(w, &x->cs); }
static int parse_cs(lt_span m, lt_any *x) { return lt_certificate_status_parse(m, &x->cs); }
static int eq_cs(const lt_any *a, const lt_any *b) { return lt_same(a->cs.response, b->cs.response); }
static void layout_cs(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    lt_vec(l, m, 4 + 1, 3);
}

static const lt_codec_case lt_cases[] = {
    { "ClientHello", gen_ch, write_ch, parse_ch, eq_ch, layout_ch },
    { "Certificate (1.3)", gen_ct13, write_ct, parse_ct, eq_ct, layout_ct },
    { "Certificate (1.2)", gen_ct12, write_ct, parse_ct, eq_ct, layout_ct },
    { "CertificateStatus", gen_cs, write_cs, parse_cs, eq_cs, layout_cs },
};
#define LT_CASES (sizeof lt_cases / sizeof lt_cases[0])

/* parse(write(x)) == x, and write(parse(write(x))) == write(x) when nothing was passed over. */
static void test_round_trips_over_random_structs(void) { lt_codec_round_trips(lt_cases, LT_CASES); }

/* Every length field one too short and one too long: a decode error, never a crash; inside a
 * list of items, a decode error or another valid list (lt_field). */
static void test_every_length_field_off_by_one_is_a_decode_error(void) { lt_codec_length_fields(lt_cases, LT_CASES); }

/* The body cut short at every byte: a decode error, but for a ClientHello without extensions. */
static void test_truncation_at_every_byte_is_a_decode_error(void) { lt_codec_truncations(lt_cases, LT_CASES); }

/* Each parse takes only its own message type. */
static void test_another_message_type_is_a_decode_error(void)
{
    lt_codec_other_type(lt_cases, LT_CASES, LT_HS_SERVER_HELLO);
}

/* ---- ClientHello ---- */

/* A ClientHello whose extensions are these types, in this order (repeats allowed: the writer's
 * list would refuse them), each with one byte of data; extensions absent when n is SIZE_MAX. */
static size_t lt_ch_with(uint8_t *buf, size_t cap, const uint16_t *types, size_t n)
{
    static const uint8_t random[32], suites[2] = { 0x13, 0x01 }, null_compression[1] = { 0 };
    lt_writer w = lt_writer_init(buf, cap);
    lt_writer_block msg, block;
    lt_codec_open(&w, LT_HS_CLIENT_HELLO, &msg);
    lt_writer_u16(&w, 0x0303);
    lt_writer_bytes(&w, random, 32);
    lt_writer_u8(&w, 0);
    lt_writer_u16(&w, 2);
    lt_writer_bytes(&w, suites, 2);
    lt_writer_u8(&w, 1);
    lt_writer_bytes(&w, null_compression, 1);
    if (n != SIZE_MAX) {
        lt_writer_open16(&w, &block);
        for (size_t i = 0; i < n; i++) {
            lt_writer_u16(&w, types[i]);
            lt_writer_u16(&w, 1);
            lt_writer_u8(&w, (uint8_t)i);
        }
        lt_writer_close(&w, &block);
    }
    lt_writer_close(&w, &msg);
    return w.err ? 0 : w.len;
}

/* GREASE and other unknown extensions are passed over but still counted: the last type is the
 * last on the wire, so that a pre_shared_key followed by an unknown one is seen not to be last
 * (§4.2.11); and a block of more extensions than a list holds is read whole. */
static void test_client_hello_passes_over_unknown_extensions_but_counts_the_last(void)
{
    uint8_t buf[4096], again[4096];
    uint16_t types[300];
    lt_client_hello_msg ch;
    size_t len;

    static const uint16_t mixed[] = { LT_EXT_SERVER_NAME, 0x0a0a, LT_EXT_SUPPORTED_VERSIONS, 0x4321 };
    len = lt_ch_with(buf, sizeof buf, mixed, 4);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.exts.n, 2);
    LT_CHECK_INT(ch.exts.items[0].type, LT_EXT_SERVER_NAME);
    LT_CHECK_INT(ch.exts.items[0].data.len, 1);
    LT_CHECK_INT(ch.exts.items[0].data.p[0], 0);
    LT_CHECK_INT(ch.exts.items[1].type, LT_EXT_SUPPORTED_VERSIONS);
    LT_CHECK_INT(ch.exts.items[1].data.p[0], 2);
    LT_CHECK_INT(ch.last_ext_type, 0x4321);
    /* written back: the same message without the two unknown ones */
    static const uint16_t known_only[] = { LT_EXT_SERVER_NAME, LT_EXT_SUPPORTED_VERSIONS };
    uint8_t expected[512];
    size_t expected_len = lt_ch_with(expected, sizeof expected, known_only, 2);
    expected[expected_len - 1] = 2; /* (the data bytes count the position) */
    lt_writer w = lt_writer_init(again, sizeof again);
    lt_client_hello_msg_write(&w, &ch);
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(w.len, expected_len);
    LT_CHECK_MEM(again, expected, expected_len);

    /* pre_shared_key last after 299 unknown extensions (more than LT_MAX_EXTENSIONS) */
    for (size_t i = 0; i < 299; i++)
        types[i] = (uint16_t)(0x4000 + i);
    types[299] = LT_EXT_PRE_SHARED_KEY;
    len = lt_ch_with(buf, sizeof buf, types, 300);
    LT_CHECK(len > 0);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.exts.n, 1);
    LT_CHECK_INT(ch.exts.items[0].type, LT_EXT_PRE_SHARED_KEY);
    LT_CHECK_INT(ch.last_ext_type, LT_EXT_PRE_SHARED_KEY);
    /* and with a GREASE extension after it: the parse takes it, last_ext_type tells */
    static const uint16_t psk_not_last[] = { LT_EXT_KEY_SHARE, LT_EXT_PRE_SHARED_KEY, 0x1a1a };
    len = lt_ch_with(buf, sizeof buf, psk_not_last, 3);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.exts.n, 2);
    LT_CHECK_INT(ch.last_ext_type, 0x1a1a);

    /* no extensions at all (TLS 1.2, RFC 5246 §7.4.1.2), and an empty block: both read */
    len = lt_ch_with(buf, sizeof buf, NULL, SIZE_MAX);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.extensions_present, 0);
    LT_CHECK_INT(ch.last_ext_type, 0);
    len = lt_ch_with(buf, sizeof buf, NULL, 0);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.extensions_present, 1);
    LT_CHECK_INT(ch.exts.n, 0);
    LT_CHECK_INT(ch.last_ext_type, 0);
}

/* §4.2: a type twice is illegal_parameter, known or not, however far apart. */
static void test_client_hello_repeated_extension_is_illegal_parameter(void)
{
    uint8_t buf[4096];
    uint16_t types[102];
    lt_client_hello_msg ch;
    static const uint16_t known_twice[] = { LT_EXT_KEY_SHARE, LT_EXT_SERVER_NAME, LT_EXT_KEY_SHARE };
    static const uint16_t unknown_twice[] = { 0x2a2a, LT_EXT_SERVER_NAME, 0x2a2a };
    size_t len = lt_ch_with(buf, sizeof buf, known_twice, 3);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), LT_ERR_PROTOCOL);
    len = lt_ch_with(buf, sizeof buf, unknown_twice, 3);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), LT_ERR_PROTOCOL);
    types[0] = types[101] = LT_EXT_SUPPORTED_GROUPS;
    for (size_t i = 1; i < 101; i++)
        types[i] = (uint16_t)(0x4000 + i);
    len = lt_ch_with(buf, sizeof buf, types, 102);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), LT_ERR_PROTOCOL);
    /* and with a trailing byte after the block as well: still illegal_parameter */
    len = lt_ch_with(buf, sizeof buf, known_twice, 3);
    buf[len] = 0;
    lt_put_be(buf + 1, 3, len - 4 + 1);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len + 1), &ch), LT_ERR_PROTOCOL);
    types[101] = LT_EXT_SIGNATURE_ALGORITHMS;
    len = lt_ch_with(buf, sizeof buf, types, 102);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.exts.n, 2);
}

/* The fixed fields' own rules: suites in pairs, at least one; a compression method; a
 * session_id of at most 32; after the compression methods an extensions block or nothing. */
static void test_client_hello_field_rules(void)
{
    uint8_t buf[512];
    lt_client_hello_msg ch;
    size_t len = lt_ch_with(buf, sizeof buf, NULL, SIZE_MAX);
    size_t suites_at = 4 + 2 + 32 + 1;
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len), &ch), 0);
    LT_CHECK_INT(ch.cipher_suites.len, 2);
    LT_CHECK_INT(ch.compression_methods.len, 1);

    /* suites of 3 bytes, the message framed around them: odd is not a list of pairs */
    uint8_t odd[512];
    memcpy(odd, buf, suites_at + 4);
    odd[suites_at + 1] = 3;
    odd[suites_at + 4] = 0xff;
    memcpy(odd + suites_at + 5, buf + suites_at + 4, len - suites_at - 4);
    lt_put_be(odd + 1, 3, len + 1 - 4);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(odd, len + 1), &ch), LT_ERR_DECODE);
    odd[suites_at + 1] = 4; /* (the same bytes, now two pairs and no compression) */
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(odd, len + 1), &ch), LT_ERR_DECODE);

    /* no suite, no compression method: each a decode error even when framed */
    uint8_t none[512];
    memcpy(none, buf, suites_at);
    none[suites_at] = 0, none[suites_at + 1] = 0, none[suites_at + 2] = 1, none[suites_at + 3] = 0;
    lt_put_be(none + 1, 3, suites_at + 4 - 4);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(none, suites_at + 4), &ch), LT_ERR_DECODE);
    memcpy(none, buf, len);
    none[len - 2] = 0;
    lt_put_be(none + 1, 3, len - 1 - 4);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(none, len - 1), &ch), LT_ERR_DECODE);

    /* one byte after the compression methods is neither nothing nor a block */
    buf[len] = 0;
    lt_put_be(buf + 1, 3, len + 1 - 4);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, len + 1), &ch), LT_ERR_DECODE);

    /* a 33-byte session_id, framed: refused */
    uint8_t long_id[512];
    memcpy(long_id, buf, suites_at - 1);
    long_id[suites_at - 1] = 33;
    memset(long_id + suites_at, 7, 33);
    memcpy(long_id + suites_at + 33, buf + suites_at, len - suites_at);
    lt_put_be(long_id + 1, 3, len + 33 - 4);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(long_id, len + 33), &ch), LT_ERR_DECODE);
    long_id[suites_at - 1] = 32; /* 32 and the next byte read as the suites' length: no */
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(long_id, len + 33), &ch), LT_ERR_DECODE);
}

/* A ClientHello its parse would refuse is not written: the writer fails instead. */
static void test_client_hello_write_refuses_what_would_not_read_back(void)
{
    uint8_t buf[1024], bytes[300] = { 0 };
    lt_client_hello_msg good, ch;
    memset(&good, 0, sizeof good);
    good.legacy_version = 0x0303;
    good.random = lt_span_make(bytes, 32);
    good.cipher_suites = lt_span_make(bytes, 2);
    good.compression_methods = lt_span_make(bytes, 1);
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_client_hello_msg_write(&w, &good);
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(w.len, 4 + 2 + 32 + 1 + 2 + 2 + 1 + 1);

#define LT_REFUSED(change) do { \
        ch = good; \
        change; \
        w = lt_writer_init(buf, sizeof buf); \
        lt_client_hello_msg_write(&w, &ch); \
        LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG); \
    } while (0)
    LT_REFUSED(ch.random.len = 31);
    LT_REFUSED(ch.session_id = lt_span_make(bytes, 33));
    LT_REFUSED(ch.cipher_suites.len = 0);
    LT_REFUSED(ch.cipher_suites.len = 3);
    LT_REFUSED(ch.compression_methods.len = 0);
    LT_REFUSED(ch.compression_methods.len = 256);
    LT_REFUSED((ch.exts.n = 1, ch.exts.items[0].type = 0, ch.exts.items[0].data = lt_span_make(bytes, 0)));
    LT_REFUSED((ch.extensions_present = 1, ch.exts.n = 2, ch.exts.items[0].type = ch.exts.items[1].type = 0x0a0a,
                ch.exts.items[0].data = ch.exts.items[1].data = lt_span_make(bytes, 0)));
#undef LT_REFUSED
    /* the list is written as it is, unknown types too (a client may send GREASE) */
    ch = good;
    ch.extensions_present = 1;
    ch.exts.n = 1;
    ch.exts.items[0].type = 0x0a0a;
    ch.exts.items[0].data = lt_span_make(bytes, 0);
    w = lt_writer_init(buf, sizeof buf);
    lt_client_hello_msg_write(&w, &ch);
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(buf, w.len), &ch), 0);
    LT_CHECK_INT(ch.exts.n, 0);
    LT_CHECK_INT(ch.last_ext_type, 0x0a0a);
}

/* ---- the RFC 8448 messages (tests/vectors/rfc8448/, from scripts/rfc8448_extract.py) ---- */

/* The nth (from 0) message labelled label in that trace, unhexed into out; its length, or 0. */
static size_t lt_rfc8448(const char *file, const char *label, int nth, uint8_t *out, size_t cap)
{
    char path[128], line[8192];
    snprintf(path, sizeof path, "vectors/rfc8448/%s", file);
    FILE *f = fopen(path, "r");
    size_t len = 0;
    if (f == NULL) {
        fprintf(stderr, "  cannot open %s\n", path);
        return 0;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (line[0] == '#' || tab2 == NULL)
            continue;
        *tab2 = '\0';
        if (strcmp(tab1 + 1, label) != 0 || nth-- > 0)
            continue;
        tab2[1 + strcspn(tab2 + 1, "\n")] = '\0';
        int n = lt_test_unhex(tab2 + 1, out, cap);
        len = n > 0 ? (size_t)n : 0;
        break;
    }
    fclose(f);
    return len;
}

static void lt_check_writes_back(const uint8_t *msg, size_t len, const lt_client_hello_msg *ch,
                                 const lt_certificate *ct)
{
    uint8_t again[1024];
    lt_writer w = lt_writer_init(again, sizeof again);
    if (ch != NULL)
        lt_client_hello_msg_write(&w, ch);
    else
        lt_certificate_write(&w, ct);
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(w.len, len);
    LT_CHECK_MEM(again, msg, len);
}

/* §3's ClientHello and §5's two (the second with the cookie and padding): every extension in
 * them is one latch knows, so each is read and written back byte for byte. */
static void test_rfc8448_client_hellos_read_and_write_back(void)
{
    static const uint16_t simple[] = { 0, 0xff01, 10, 35, 51, 43, 13, 45, 28 };
    static const uint16_t second[] = { 0, 0xff01, 10, 51, 43, 13, 44, 45, 28, 21 };
    uint8_t msg[1024];
    lt_client_hello_msg ch;
    size_t len = lt_rfc8448("simple_1rtt.txt", "ClientHello", 0, msg, sizeof msg);
    LT_CHECK_INT(len, 4 + 0xc0);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(msg, len), &ch), 0);
    LT_CHECK_INT(ch.legacy_version, 0x0303);
    LT_CHECK(ch.random.p == msg + 6 && ch.random.len == 32);
    LT_CHECK_INT(ch.session_id.len, 0);
    LT_CHECK_INT(ch.cipher_suites.len, 6);
    LT_CHECK_INT(ch.cipher_suites.p[1], 0x01);
    LT_CHECK_INT(ch.compression_methods.len, 1);
    LT_CHECK_INT(ch.extensions_present, 1);
    LT_CHECK_INT(ch.exts.n, sizeof simple / sizeof simple[0]);
    for (size_t i = 0; i < ch.exts.n && i < sizeof simple / sizeof simple[0]; i++)
        LT_CHECK_INT(ch.exts.items[i].type, simple[i]);
    LT_CHECK_INT(ch.last_ext_type, LT_EXT_RECORD_SIZE_LIMIT);
    lt_check_writes_back(msg, len, &ch, NULL);

    len = lt_rfc8448("hrr.txt", "ClientHello", 1, msg, sizeof msg);
    LT_CHECK_INT(len, 4 + 0x1fc);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(msg, len), &ch), 0);
    LT_CHECK_INT(ch.exts.n, sizeof second / sizeof second[0]);
    for (size_t i = 0; i < ch.exts.n && i < sizeof second / sizeof second[0]; i++)
        LT_CHECK_INT(ch.exts.items[i].type, second[i]);
    LT_CHECK_INT(ch.last_ext_type, LT_EXT_PADDING);
    lt_check_writes_back(msg, len, &ch, NULL);
    len = lt_rfc8448("hrr.txt", "ClientHello", 0, msg, sizeof msg);
    LT_CHECK_INT(len, 4 + 0xb0);
    LT_CHECK_INT(lt_client_hello_msg_parse(lt_span_make(msg, len), &ch), 0);
    lt_check_writes_back(msg, len, &ch, NULL);
}

/* ---- Certificate ---- */

/* A Certificate of n entries of 2 bytes each ({0x30, i}), in that syntax; in TLS 1.3 entry
 * exts_at gets the extension block exts (its contents, exts_len bytes), the others none. */
static size_t lt_ct_with(uint8_t *buf, size_t cap, int tls13, size_t n, size_t exts_at, const uint8_t *exts,
                         size_t exts_len)
{
    lt_writer w = lt_writer_init(buf, cap);
    lt_writer_block msg, list, block;
    lt_codec_open(&w, LT_HS_CERTIFICATE, &msg);
    if (tls13)
        lt_writer_u8(&w, 0);
    lt_writer_open24(&w, &list);
    for (size_t i = 0; i < n; i++) {
        lt_writer_u24(&w, 2);
        lt_writer_u8(&w, 0x30);
        lt_writer_u8(&w, (uint8_t)i);
        if (!tls13)
            continue;
        lt_writer_open16(&w, &block);
        if (i == exts_at)
            lt_writer_bytes(&w, exts, exts_len);
        lt_writer_close(&w, &block);
    }
    lt_writer_close(&w, &list);
    lt_writer_close(&w, &msg);
    return w.err ? 0 : w.len;
}

/* certmsg.c refuses more than its bound of certificates (bad_certificate, LATCH_ERR_LIMIT); the
 * codec tells that case apart from a malformed message: LT_ERR_LIMIT only when well-formed. */
static void test_certificate_longer_than_the_bound_is_limit(void)
{
    uint8_t buf[1024];
    lt_certificate ct;
    static const uint8_t twice[] = { 0, 5, 0, 0, 0, 5, 0, 0 };
    for (int tls13 = 0; tls13 <= 1; tls13++) {
        size_t len = lt_ct_with(buf, sizeof buf, tls13, LT_CERTIFICATE_MAX_ENTRIES, SIZE_MAX, NULL, 0);
        LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), tls13, &ct), 0);
        LT_CHECK_INT(ct.n, LT_CERTIFICATE_MAX_ENTRIES);
        LT_CHECK_INT(ct.entries[LT_CERTIFICATE_MAX_ENTRIES - 1].der.p[1], LT_CERTIFICATE_MAX_ENTRIES - 1);
        len = lt_ct_with(buf, sizeof buf, tls13, LT_CERTIFICATE_MAX_ENTRIES + 1, SIZE_MAX, NULL, 0);
        ct.n = 99;
        LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), tls13, &ct), LT_ERR_LIMIT);
        LT_CHECK_INT(ct.n, 99); /* (not written) */
        len = lt_ct_with(buf, sizeof buf, tls13, 100, SIZE_MAX, NULL, 0);
        LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), tls13, &ct), LT_ERR_LIMIT);
        /* malformed past the bound: a decode error, not a limit */
        len = lt_ct_with(buf, sizeof buf, tls13, LT_CERTIFICATE_MAX_ENTRIES + 3, SIZE_MAX, NULL, 0);
        buf[len - (tls13 ? 5 : 3)] = 0; /* the last entry's length 2 -> 0 */
        LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), tls13, &ct), LT_ERR_DECODE);
    }
    size_t len = lt_ct_with(buf, sizeof buf, 1, LT_CERTIFICATE_MAX_ENTRIES + 3, LT_CERTIFICATE_MAX_ENTRIES + 2,
                            twice, sizeof twice);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), 1, &ct), LT_ERR_PROTOCOL);
}

/* An empty certificate_list (a client without a certificate) reads in both versions. */
static void test_certificate_empty_list_reads(void)
{
    uint8_t buf[64];
    lt_certificate ct;
    static const uint8_t tls12[] = { LT_HS_CERTIFICATE, 0, 0, 3, 0, 0, 0 };
    static const uint8_t tls13[] = { LT_HS_CERTIFICATE, 0, 0, 6, 2, 0xaa, 0xbb, 0, 0, 0 };
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(tls12, sizeof tls12), 0, &ct), 0);
    LT_CHECK_INT(ct.n, 0);
    LT_CHECK_INT(ct.tls13, 0);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(tls13, sizeof tls13), 1, &ct), 0);
    LT_CHECK_INT(ct.n, 0);
    LT_CHECK_INT(ct.tls13, 1);
    LT_CHECK(ct.context.p == tls13 + 5 && ct.context.len == 2);
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_certificate_write(&w, &ct);
    LT_CHECK_INT(w.len, sizeof tls13);
    LT_CHECK_MEM(buf, tls13, sizeof tls13);
    /* each version's bytes are not the other's */
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(tls12, sizeof tls12), 1, &ct), LT_ERR_DECODE);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(tls13, sizeof tls13), 0, &ct), LT_ERR_DECODE);
}

/* An entry's extensions are read as any extension block (§4.2): a type twice is
 * illegal_parameter, a malformed block a decode error; a TLS 1.2 entry has none. */
static void test_certificate_entry_extensions_are_checked(void)
{
    uint8_t buf[256];
    lt_certificate ct;
    static const uint8_t two[] = { 0, 5, 0, 1, 9, 0, 18, 0, 0 };
    static const uint8_t twice[] = { 0, 5, 0, 0, 0, 5, 0, 0 };
    static const uint8_t cut[] = { 0, 5, 0, 2, 0 };
    size_t len = lt_ct_with(buf, sizeof buf, 1, 3, 1, two, sizeof two);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), 1, &ct), 0);
    LT_CHECK_INT(ct.n, 3);
    LT_CHECK_INT(ct.entries[0].extensions.len, 0);
    LT_CHECK_INT(ct.entries[1].extensions.len, sizeof two);
    LT_CHECK_MEM(ct.entries[1].extensions.p, two, sizeof two);
    LT_CHECK_INT(ct.entries[1].der.len, 2);
    len = lt_ct_with(buf, sizeof buf, 1, 3, 1, twice, sizeof twice);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), 1, &ct), LT_ERR_PROTOCOL);
    len = lt_ct_with(buf, sizeof buf, 1, 3, 2, cut, sizeof cut);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(buf, len), 1, &ct), LT_ERR_DECODE);
    /* an empty certificate is no certificate: opaque cert_data<1..2^24-1> */
    static const uint8_t empty_der[] = { LT_HS_CERTIFICATE, 0, 0, 6, 0, 0, 3, 0, 0, 0 };
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(empty_der, sizeof empty_der), 0, &ct), LT_ERR_DECODE);
}

/* A Certificate its parse would refuse is not written: the writer fails instead. */
static void test_certificate_write_refuses_what_would_not_read_back(void)
{
    uint8_t buf[1024], bytes[300] = { 0x30 };
    static const uint8_t twice[] = { 0, 5, 0, 0, 0, 5, 0, 0 };
    lt_certificate good, ct;
    memset(&good, 0, sizeof good);
    good.tls13 = 1;
    good.n = 2;
    good.entries[0].der = good.entries[1].der = lt_span_make(bytes, 10);
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_certificate_write(&w, &good);
    LT_CHECK_INT(w.err, 0);

#define LT_REFUSED(change) do { \
        ct = good; \
        change; \
        w = lt_writer_init(buf, sizeof buf); \
        lt_certificate_write(&w, &ct); \
        LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG); \
    } while (0)
    LT_REFUSED(ct.context = lt_span_make(bytes, 256));
    LT_REFUSED((ct.tls13 = 0, ct.context = lt_span_make(bytes, 1)));
    LT_REFUSED((ct.tls13 = 0, ct.entries[1].extensions = lt_span_make(bytes, 4)));
    LT_REFUSED(ct.entries[1].der.len = 0);
    LT_REFUSED(ct.n = LT_CERTIFICATE_MAX_ENTRIES + 1);
    LT_REFUSED(ct.entries[0].extensions = lt_span_make(twice, sizeof twice));
    LT_REFUSED(ct.entries[0].extensions = lt_span_make(twice, 3));
#undef LT_REFUSED
}

/* §3's server Certificate: one RSA certificate, an empty context and no entry extensions; read
 * and written back byte for byte. */
/* CertificateStatus: ocsp (1) is its only status_type, and the response is not empty (RFC 6066
 * §8); a writer does not write what would not read back. */
static void test_certificate_status_rules(void)
{
    static const uint8_t good[] = { 22, 0, 0, 5, 1, 0, 0, 1, 0x30 };
    static const uint8_t other_type[] = { 22, 0, 0, 5, 2, 0, 0, 1, 0x30 };
    static const uint8_t empty[] = { 22, 0, 0, 4, 1, 0, 0, 0 };
    lt_certificate_status cs;
    LT_CHECK_INT(lt_certificate_status_parse(lt_span_make(good, sizeof good), &cs), 0);
    LT_CHECK_INT(cs.response.len, 1);
    LT_CHECK_INT(lt_certificate_status_parse(lt_span_make(other_type, sizeof other_type), &cs), LT_ERR_DECODE);
    LT_CHECK_INT(lt_certificate_status_parse(lt_span_make(empty, sizeof empty), &cs), LT_ERR_DECODE);
    LT_CHECK_INT(lt_certificate_status_body_parse(lt_span_make(good + 4, sizeof good - 4), &cs), 0);
    LT_CHECK_INT(lt_certificate_status_body_parse(lt_span_make(other_type + 4, sizeof other_type - 4), &cs),
                 LT_ERR_DECODE);
    uint8_t out[16];
    lt_writer w = lt_writer_init(out, sizeof out);
    cs.response = lt_span_make(NULL, 0);
    lt_certificate_status_write(&w, &cs);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
}

static void test_rfc8448_certificate_reads_and_writes_back(void)
{
    uint8_t msg[1024];
    lt_certificate ct;
    size_t len = lt_rfc8448("simple_1rtt.txt", "Certificate", 0, msg, sizeof msg);
    LT_CHECK_INT(len, 4 + 0x1b9);
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(msg, len), 1, &ct), 0);
    LT_CHECK_INT(ct.context.len, 0);
    LT_CHECK_INT(ct.n, 1);
    /* the DER SEQUENCE, 0x1ac bytes after its 4-byte header */
    LT_CHECK(ct.entries[0].der.p == msg + 4 + 1 + 3 + 3);
    LT_CHECK_INT(ct.entries[0].der.len, 0x1b0);
    LT_CHECK_INT(ct.entries[0].der.p[0], 0x30);
    LT_CHECK_INT(ct.entries[0].extensions.len, 0);
    lt_check_writes_back(msg, len, NULL, &ct);
    /* in TLS 1.2 syntax the same bytes do not read */
    LT_CHECK_INT(lt_certificate_parse(lt_span_make(msg, len), 0, &ct), LT_ERR_DECODE);
}

int main(void)
{
    LT_RUN(test_round_trips_over_random_structs);
    LT_RUN(test_every_length_field_off_by_one_is_a_decode_error);
    LT_RUN(test_truncation_at_every_byte_is_a_decode_error);
    LT_RUN(test_another_message_type_is_a_decode_error);
    LT_RUN(test_client_hello_passes_over_unknown_extensions_but_counts_the_last);
    LT_RUN(test_client_hello_repeated_extension_is_illegal_parameter);
    LT_RUN(test_client_hello_field_rules);
    LT_RUN(test_client_hello_write_refuses_what_would_not_read_back);
    LT_RUN(test_rfc8448_client_hellos_read_and_write_back);
    LT_RUN(test_certificate_longer_than_the_bound_is_limit);
    LT_RUN(test_certificate_empty_list_reads);
    LT_RUN(test_certificate_entry_extensions_are_checked);
    LT_RUN(test_certificate_write_refuses_what_would_not_read_back);
    LT_RUN(test_rfc8448_certificate_reads_and_writes_back);
    LT_RUN(test_certificate_status_rules);
    return lt_test_summary();
}
