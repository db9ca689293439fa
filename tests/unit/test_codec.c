/* The handshake message codecs (src/tls/codec*.c) alone, without a connection: for each, round
 * trips over random valid structs (parse(write(x)) == x field by field, and writing what was
 * parsed gives the same bytes), and negative tests: every length field of the message (its
 * header's too) one too short and one too long, and the body cut at every byte (with the header
 * saying so), must be a decode error; and the few values the RFCs call illegal_parameter. */
#include "lt_codec_test.h"

static void lt_rng_exts(lt_ext_list *list, size_t min_n)
{
    size_t n = min_n + lt_rng_below(lt_rng_below(4) == 0 ? LT_MAX_EXTENSIONS - min_n + 1 : 6);
    list->n = 0;
    while (list->n < n) {
        uint16_t type = lt_rng_below(3) ? (uint16_t)lt_rng_below(64) : (uint16_t)lt_rng();
        int seen = 0;
        for (size_t i = 0; i < list->n; i++)
            seen |= list->items[i].type == type;
        if (seen)
            continue;
        list->items[list->n].type = type;
        list->items[list->n].data = lt_rng_span(0, lt_rng_below(8) ? 40 : 600);
        list->n++;
    }
}

/* The parse's context for the codecs whose syntax depends on it, set by the maker. */
static size_t lt_verify_len;
static lt_kx lt_cke_kx;

/* ServerHello */
static void gen_sh(lt_any *x)
{
    static uint8_t random[32];
    for (size_t i = 0; i < 32; i++)
        random[i] = (uint8_t)lt_rng();
    x->sh.legacy_version = lt_rng_below(2) ? 0x0303 : (uint16_t)lt_rng();
    x->sh.random = lt_rng_below(5) ? lt_span_make(random, 32) : lt_span_make(lt_hrr_random, 32);
    x->sh.session_id = lt_rng_span(0, 32);
    x->sh.cipher_suite = (uint16_t)lt_rng();
    x->sh.compression = lt_rng_below(4) ? 0 : (uint8_t)lt_rng();
    x->sh.extensions_present = lt_rng_below(6) != 0;
    x->sh.exts.n = 0;
    if (x->sh.extensions_present)
        lt_rng_exts(&x->sh.exts, 0);
    x->sh.hello_retry = x->sh.random.p == lt_hrr_random;
}
static void write_sh(lt_writer *w, const lt_any *x) { lt_server_hello_write(w, &x->sh); }
static int parse_sh(lt_span m, lt_any *x) { return lt_server_hello_parse(m, &x->sh); }
static int eq_sh(const lt_any *a, const lt_any *b)
{
    return a->sh.legacy_version == b->sh.legacy_version && lt_same(a->sh.random, b->sh.random) &&
           lt_same(a->sh.session_id, b->sh.session_id) && a->sh.cipher_suite == b->sh.cipher_suite &&
           a->sh.compression == b->sh.compression && a->sh.extensions_present == b->sh.extensions_present &&
           lt_same_exts(&a->sh.exts, &b->sh.exts) && a->sh.hello_retry == b->sh.hello_retry;
}
static void layout_sh(const uint8_t *m, size_t len, lt_layout *l)
{
    size_t at = lt_vec(l, m, 4 + 2 + 32, 1) + 3;
    if (at < len) {
        l->cut_ok = at - 4;
        lt_vec_exts(l, m, at);
    }
}

/* EncryptedExtensions */
static void gen_ee(lt_any *x) { lt_rng_exts(&x->ee.exts, 0); }
static void write_ee(lt_writer *w, const lt_any *x) { lt_encrypted_extensions_write(w, &x->ee); }
static int parse_ee(lt_span m, lt_any *x) { return lt_encrypted_extensions_parse(m, &x->ee); }
static int eq_ee(const lt_any *a, const lt_any *b) { return lt_same_exts(&a->ee.exts, &b->ee.exts); }
static void layout_ee(const uint8_t *m, size_t len, lt_layout *l) { (void)len; lt_vec_exts(l, m, 4); }

/* CertificateRequest, TLS 1.3 */
static void gen_cr13(lt_any *x)
{
    x->cr13.context = lt_rng_span(0, 255);
    lt_rng_exts(&x->cr13.exts, 1);
}
static void write_cr13(lt_writer *w, const lt_any *x) { lt_certificate_request13_write(w, &x->cr13); }
static int parse_cr13(lt_span m, lt_any *x) { return lt_certificate_request13_parse(m, &x->cr13); }
static int eq_cr13(const lt_any *a, const lt_any *b)
{
    return lt_same(a->cr13.context, b->cr13.context) && lt_same_exts(&a->cr13.exts, &b->cr13.exts);
}
static void layout_cr13(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    lt_vec_exts(l, m, lt_vec(l, m, 4, 1));
}

/* CertificateRequest, TLS 1.2 */
static void gen_cr12(lt_any *x)
{
    x->cr12.cert_types = lt_rng_span(1, 255);
    x->cr12.sigschemes = lt_rng_bytes(2 * lt_rng_len(1, 150)); /* pairs */
    x->cr12.authorities = lt_rng_span(0, 2000);
}
static void write_cr12(lt_writer *w, const lt_any *x) { lt_certificate_request12_write(w, &x->cr12); }
static int parse_cr12(lt_span m, lt_any *x) { return lt_certificate_request12_parse(m, &x->cr12); }
static int eq_cr12(const lt_any *a, const lt_any *b)
{
    return lt_same(a->cr12.cert_types, b->cr12.cert_types) && lt_same(a->cr12.sigschemes, b->cr12.sigschemes) &&
           lt_same(a->cr12.authorities, b->cr12.authorities);
}
static void layout_cr12(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    lt_vec(l, m, lt_vec(l, m, lt_vec(l, m, 4, 1), 2), 2);
}

/* CertificateVerify */
static void gen_cv(lt_any *x)
{
    x->cv.scheme = (uint16_t)lt_rng();
    x->cv.signature = lt_rng_span(1, lt_rng_below(10) ? 600 : 0xffff);
}
static void write_cv(lt_writer *w, const lt_any *x) { lt_certificate_verify_write(w, &x->cv); }
static int parse_cv(lt_span m, lt_any *x) { return lt_certificate_verify_parse(m, &x->cv); }
static int eq_cv(const lt_any *a, const lt_any *b)
{
    return a->cv.scheme == b->cv.scheme && lt_same(a->cv.signature, b->cv.signature);
}
static void layout_cv(const uint8_t *m, size_t len, lt_layout *l) { (void)len; lt_vec(l, m, 6, 2); }

/* Finished: 12 bytes (TLS 1.2) or a hash's length (TLS 1.3) */
static void gen_fin(lt_any *x)
{
    static const size_t lens[] = { 12, 32, 48 };
    lt_verify_len = lens[lt_rng_below(3)];
    x->fin.verify_data = lt_rng_span(lt_verify_len, lt_verify_len);
}
static void write_fin(lt_writer *w, const lt_any *x) { lt_finished_write(w, &x->fin); }
static int parse_fin(lt_span m, lt_any *x) { return lt_finished_parse(m, lt_verify_len, &x->fin); }
static int eq_fin(const lt_any *a, const lt_any *b) { return lt_same(a->fin.verify_data, b->fin.verify_data); }
static void layout_fin(const uint8_t *m, size_t len, lt_layout *l) { (void)m; (void)len; (void)l; }

/* ServerKeyExchange (ECDHE) */
static void gen_ske(lt_any *x)
{
    x->ske.group = (uint16_t)lt_rng();
    x->ske.point = lt_rng_span(1, 255);
    x->ske.params = lt_span_make(NULL, 0); /* (not written: checked against the bytes below) */
    x->ske.scheme = (uint16_t)lt_rng();
    x->ske.signature = lt_rng_span(1, 600);
}
static void write_ske(lt_writer *w, const lt_any *x) { lt_server_key_exchange_write(w, &x->ske); }
static int parse_ske(lt_span m, lt_any *x) { return lt_server_key_exchange_parse(m, &x->ske); }
static int eq_ske(const lt_any *a, const lt_any *b)
{
    return a->ske.group == b->ske.group && lt_same(a->ske.point, b->ske.point) && a->ske.scheme == b->ske.scheme &&
           lt_same(a->ske.signature, b->ske.signature);
}
static void layout_ske(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    lt_vec(l, m, lt_vec(l, m, 4 + 3, 1) + 2, 2);
}

/* ClientKeyExchange, both forms */
static void gen_cke(lt_any *x)
{
    lt_cke_kx = lt_rng_below(2) ? LT_KX_ECDHE : LT_KX_RSA;
    x->cke.kx = lt_cke_kx;
    x->cke.exchange = lt_rng_span(1, lt_cke_kx == LT_KX_ECDHE ? 255 : (lt_rng_below(10) ? 1024 : 0xffff));
}
static void write_cke(lt_writer *w, const lt_any *x) { lt_client_key_exchange_write(w, &x->cke); }
static int parse_cke(lt_span m, lt_any *x) { return lt_client_key_exchange_parse(m, lt_cke_kx, &x->cke); }
static int eq_cke(const lt_any *a, const lt_any *b)
{
    return a->cke.kx == b->cke.kx && lt_same(a->cke.exchange, b->cke.exchange);
}
static void layout_cke(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    lt_vec(l, m, 4, lt_cke_kx == LT_KX_ECDHE ? 1 : 2);
}

/* NewSessionTicket, TLS 1.3 */
static void gen_nst13(lt_any *x)
{
    x->nst13.lifetime = (uint32_t)lt_rng();
    x->nst13.age_add = (uint32_t)lt_rng();
    x->nst13.nonce = lt_rng_span(0, 255);
    x->nst13.ticket = lt_rng_span(1, 2000);
    x->nst13.extensions = lt_rng_span(0, 100);
}
static void write_nst13(lt_writer *w, const lt_any *x) { lt_new_session_ticket13_write(w, &x->nst13); }
static int parse_nst13(lt_span m, lt_any *x) { return lt_new_session_ticket13_parse(m, &x->nst13); }
static int eq_nst13(const lt_any *a, const lt_any *b)
{
    return a->nst13.lifetime == b->nst13.lifetime && a->nst13.age_add == b->nst13.age_add &&
           lt_same(a->nst13.nonce, b->nst13.nonce) && lt_same(a->nst13.ticket, b->nst13.ticket) &&
           lt_same(a->nst13.extensions, b->nst13.extensions);
}
static void layout_nst13(const uint8_t *m, size_t len, lt_layout *l)
{
    (void)len;
    lt_vec(l, m, lt_vec(l, m, lt_vec(l, m, 4 + 8, 1), 2), 2);
}

/* NewSessionTicket, TLS 1.2 */
static void gen_nst12(lt_any *x)
{
    x->nst12.lifetime_hint = (uint32_t)lt_rng();
    x->nst12.ticket = lt_rng_span(0, 2000);
}
static void write_nst12(lt_writer *w, const lt_any *x) { lt_new_session_ticket12_write(w, &x->nst12); }
static int parse_nst12(lt_span m, lt_any *x) { return lt_new_session_ticket12_parse(m, &x->nst12); }
static int eq_nst12(const lt_any *a, const lt_any *b)
{
    return a->nst12.lifetime_hint == b->nst12.lifetime_hint && lt_same(a->nst12.ticket, b->nst12.ticket);
}
static void layout_nst12(const uint8_t *m, size_t len, lt_layout *l) { (void)len; lt_vec(l, m, 4 + 4, 2); }

/* KeyUpdate */
static void gen_ku(lt_any *x) { x->ku.request_update = (uint8_t)lt_rng_below(2); }
static void write_ku(lt_writer *w, const lt_any *x) { lt_key_update_write(w, &x->ku); }
static int parse_ku(lt_span m, lt_any *x) { return lt_key_update_parse(m, &x->ku); }
static int eq_ku(const lt_any *a, const lt_any *b) { return a->ku.request_update == b->ku.request_update; }
static void layout_none(const uint8_t *m, size_t len, lt_layout *l) { (void)m; (void)len; (void)l; }

/* ServerHelloDone and HelloRequest */
static void gen_empty(lt_any *x) { x->empty_type = lt_rng_below(2) ? LT_HS_SERVER_HELLO_DONE : LT_HS_HELLO_REQUEST; }
static void write_empty(lt_writer *w, const lt_any *x) { lt_empty_msg_write(w, x->empty_type); }
static int parse_empty(lt_span m, lt_any *x)
{
    /* the type is the caller's to say: take the one in the header, if it is one of these two */
    uint8_t type = m.len > 0 && m.p[0] == LT_HS_HELLO_REQUEST ? LT_HS_HELLO_REQUEST : LT_HS_SERVER_HELLO_DONE;
    int rc = lt_empty_msg_parse(m, type);
    if (rc == 0)
        x->empty_type = type;
    return rc;
}
static int eq_empty(const lt_any *a, const lt_any *b) { return a->empty_type == b->empty_type; }

static const lt_codec_case lt_cases[] = {
    { "ServerHello", gen_sh, write_sh, parse_sh, eq_sh, layout_sh },
    { "EncryptedExtensions", gen_ee, write_ee, parse_ee, eq_ee, layout_ee },
    { "CertificateRequest (1.3)", gen_cr13, write_cr13, parse_cr13, eq_cr13, layout_cr13 },
    { "CertificateRequest (1.2)", gen_cr12, write_cr12, parse_cr12, eq_cr12, layout_cr12 },
    { "CertificateVerify", gen_cv, write_cv, parse_cv, eq_cv, layout_cv },
    { "Finished", gen_fin, write_fin, parse_fin, eq_fin, layout_fin },
    { "ServerKeyExchange", gen_ske, write_ske, parse_ske, eq_ske, layout_ske },
    { "ClientKeyExchange", gen_cke, write_cke, parse_cke, eq_cke, layout_cke },
    { "NewSessionTicket (1.3)", gen_nst13, write_nst13, parse_nst13, eq_nst13, layout_nst13 },
    { "NewSessionTicket (1.2)", gen_nst12, write_nst12, parse_nst12, eq_nst12, layout_nst12 },
    { "KeyUpdate", gen_ku, write_ku, parse_ku, eq_ku, layout_none },
    { "ServerHelloDone/HelloRequest", gen_empty, write_empty, parse_empty, eq_empty, layout_none },
};
#define LT_CASES (sizeof lt_cases / sizeof lt_cases[0])

/* parse(write(x)) == x, and write(parse(write(x))) == write(x), for each codec. */
static void test_round_trips_over_random_structs(void) { lt_codec_round_trips(lt_cases, LT_CASES); }

/* Every length field one too short and one too long: a decode error, never a crash (the ASan
 * build catches a read past the message); inside an extension list, a decode error or another
 * list (lt_field). */
static void test_every_length_field_off_by_one_is_a_decode_error(void) { lt_codec_length_fields(lt_cases, LT_CASES); }

/* The body cut short at every byte: a decode error, but for the one cut that leaves a valid
 * message (a ServerHello without extensions). */
static void test_truncation_at_every_byte_is_a_decode_error(void) { lt_codec_truncations(lt_cases, LT_CASES); }

/* Each parse takes only its own message type. */
static void test_another_message_type_is_a_decode_error(void)
{
    lt_codec_other_type(lt_cases, LT_CASES, LT_HS_CERTIFICATE);
}

/* The ServerHello the RFC 8446 §4.1.4 random marks is a HelloRetryRequest; another is not. */
static void test_server_hello_tells_a_hello_retry_request_by_its_random(void)
{
    uint8_t random[32], buf[256];
    lt_server_hello sh = { 0 }, back;
    memcpy(random, lt_hrr_random, 32);
    sh.legacy_version = 0x0303;
    sh.random = lt_span_make(random, 32);
    sh.cipher_suite = 0x1301;
    sh.extensions_present = 1;
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(lt_server_hello_parse(lt_span_make(buf, w.len), &back), 0);
    LT_CHECK_INT(back.hello_retry, 1);
    random[31] ^= 1;
    w = lt_writer_init(buf, sizeof buf);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(lt_server_hello_parse(lt_span_make(buf, w.len), &back), 0);
    LT_CHECK_INT(back.hello_retry, 0);
    /* the TLS 1.2 form without extensions: present or not, it comes back as it was */
    sh.extensions_present = 0;
    w = lt_writer_init(buf, sizeof buf);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.len, 4 + 2 + 32 + 1 + 2 + 1);
    LT_CHECK_INT(lt_server_hello_parse(lt_span_make(buf, w.len), &back), 0);
    LT_CHECK_INT(back.extensions_present, 0);
}

/* §4.2: a type twice in one block is illegal_parameter (LT_ERR_PROTOCOL), where extension
 * blocks are read: ServerHello, EncryptedExtensions, CertificateRequest. */
static void test_repeated_extension_is_illegal_parameter(void)
{
    static const uint8_t sh[] = { 2, 0, 0, 48, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 0, 0x13, 1, 0,
                                  0, 8, 0, 43, 0, 0, 0, 43, 0, 0 };
    static const uint8_t ee[] = { 8, 0, 0, 10, 0, 8, 0, 16, 0, 0, 0, 16, 0, 0 };
    static const uint8_t cr[] = { 13, 0, 0, 11, 0, 0, 8, 0, 13, 0, 0, 0, 13, 0, 0 };
    lt_server_hello s;
    lt_encrypted_extensions e;
    lt_certificate_request13 c;
    LT_CHECK_INT(lt_server_hello_parse(lt_span_make(sh, sizeof sh), &s), LT_ERR_PROTOCOL);
    LT_CHECK_INT(lt_encrypted_extensions_parse(lt_span_make(ee, sizeof ee), &e), LT_ERR_PROTOCOL);
    LT_CHECK_INT(lt_certificate_request13_parse(lt_span_make(cr, sizeof cr), &c), LT_ERR_PROTOCOL);
    LT_CHECK_INT(lt_codec_alert(LT_ERR_PROTOCOL), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_codec_alert(LT_ERR_DECODE), LT_ALERT_DECODE_ERROR);
    /* the same with its second copy's type changed reads */
    uint8_t fixed[sizeof sh];
    memcpy(fixed, sh, sizeof sh);
    fixed[sizeof fixed - 3] = 44;
    LT_CHECK_INT(lt_server_hello_parse(lt_span_make(fixed, sizeof fixed), &s), 0);
    LT_CHECK_INT(s.exts.n, 2);
}

/* §4.6.3: request_update other than 0 or 1 is illegal_parameter. */
static void test_key_update_request_other_than_0_or_1_is_illegal_parameter(void)
{
    uint8_t msg[5] = { LT_HS_KEY_UPDATE, 0, 0, 1, 0 };
    lt_key_update ku;
    for (int v = 0; v < 256; v++) {
        msg[4] = (uint8_t)v;
        LT_CHECK_INT(lt_key_update_parse(lt_span_make(msg, sizeof msg), &ku), v <= 1 ? 0 : LT_ERR_PROTOCOL);
    }
}

/* RFC 8422 §5.4: only named_curve params are read; explicit curves cannot be decoded. */
static void test_server_key_exchange_takes_named_curves_only(void)
{
    uint8_t msg[] = { LT_HS_SERVER_KEY_EXCHANGE, 0, 0, 10, 3, 0, 23, 1, 4, 4, 3, 0, 1, 0xaa };
    lt_server_key_exchange ske;
    LT_CHECK_INT(lt_server_key_exchange_parse(lt_span_make(msg, sizeof msg), &ske), 0);
    LT_CHECK_INT(ske.group, 23);
    LT_CHECK_INT(ske.scheme, 0x0403);
    LT_CHECK(ske.params.p == msg + 4 && ske.params.len == 5);
    for (int type = 0; type < 256; type++) {
        msg[4] = (uint8_t)type;
        LT_CHECK_INT(lt_server_key_exchange_parse(lt_span_make(msg, sizeof msg), &ske), type == 3 ? 0 : LT_ERR_DECODE);
    }
}

/* A struct that its parse would refuse is not written: the writer fails instead. */
static void test_writes_refuse_what_would_not_read_back(void)
{
    uint8_t buf[512], bytes[40] = { 0 };
    lt_writer w;
    lt_server_hello sh = { 0 };
    sh.random = lt_span_make(bytes, 31);
    w = lt_writer_init(buf, sizeof buf);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
    sh.random = lt_span_make(bytes, 32);
    sh.session_id = lt_span_make(bytes, 33);
    w = lt_writer_init(buf, sizeof buf);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
    sh.session_id = lt_span_make(bytes, 0);
    sh.extensions_present = 1;
    sh.exts.n = 2;
    sh.exts.items[0].type = sh.exts.items[1].type = 7;
    w = lt_writer_init(buf, sizeof buf);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);

    lt_certificate_verify cv = { 0x0403, { bytes, 0 } };
    w = lt_writer_init(buf, sizeof buf);
    lt_certificate_verify_write(&w, &cv);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
    lt_key_update ku = { 2 };
    w = lt_writer_init(buf, sizeof buf);
    lt_key_update_write(&w, &ku);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
    lt_certificate_request12 cr = { { bytes, 1 }, { bytes, 3 }, { bytes, 0 } };
    w = lt_writer_init(buf, sizeof buf);
    lt_certificate_request12_write(&w, &cr);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
    lt_certificate_request13 cr13 = { 0 };
    w = lt_writer_init(buf, sizeof buf);
    lt_certificate_request13_write(&w, &cr13);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
    /* and a buffer too small is the writer's own error */
    sh.exts.n = 0;
    w = lt_writer_init(buf, 20);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.err, LT_ERR_BUFFER);
}

/* Known bytes: the RFC 8448 §3 ServerHello, read and written back byte for byte. */
static void test_rfc8448_server_hello_reads_and_writes_back(void)
{
    static const char hex[] =
        "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155"
        "772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdb"
        "f7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";
    uint8_t msg[128], again[128];
    int len = lt_test_unhex(hex, msg, sizeof msg);
    lt_server_hello sh;
    LT_CHECK_INT(len, 90);
    LT_CHECK_INT(lt_server_hello_parse(lt_span_make(msg, (size_t)len), &sh), 0);
    LT_CHECK_INT(sh.legacy_version, 0x0303);
    LT_CHECK_INT(sh.cipher_suite, 0x1301);
    LT_CHECK_INT(sh.session_id.len, 0);
    LT_CHECK_INT(sh.hello_retry, 0);
    LT_CHECK_INT(sh.exts.n, 2);
    LT_CHECK_INT(sh.exts.items[0].type, LT_EXT_KEY_SHARE);
    LT_CHECK_INT(sh.exts.items[1].type, LT_EXT_SUPPORTED_VERSIONS);
    lt_writer w = lt_writer_init(again, sizeof again);
    lt_server_hello_write(&w, &sh);
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(w.len, (size_t)len);
    LT_CHECK_MEM(again, msg, (size_t)len);
}

int main(void)
{
    LT_RUN(test_round_trips_over_random_structs);
    LT_RUN(test_every_length_field_off_by_one_is_a_decode_error);
    LT_RUN(test_truncation_at_every_byte_is_a_decode_error);
    LT_RUN(test_another_message_type_is_a_decode_error);
    LT_RUN(test_server_hello_tells_a_hello_retry_request_by_its_random);
    LT_RUN(test_repeated_extension_is_illegal_parameter);
    LT_RUN(test_key_update_request_other_than_0_or_1_is_illegal_parameter);
    LT_RUN(test_server_key_exchange_takes_named_curves_only);
    LT_RUN(test_writes_refuse_what_would_not_read_back);
    LT_RUN(test_rfc8448_server_hello_reads_and_writes_back);
    return lt_test_summary();
}
