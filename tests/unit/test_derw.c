/* Unit tests for src/x509/derw.c: exact DER bytes for each primitive (X.690), the short/long
 * length boundary, nested blocks, INTEGER sign padding, RFC 5280 §4.1.2.5 times, overflow. */
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "base/writer.h"
#include "x509/derw.h"

static void check_bytes(const lt_writer *w, const char *hex, int line)
{
    unsigned char want[512];
    int n = lt_test_unhex(hex, want, sizeof want);
    if (w->err != 0 || n < 0 || (size_t)n != w->len || memcmp(w->buf, want, w->len) != 0) {
        fprintf(stderr, "  line %d: err %d, got", line, w->err);
        for (size_t i = 0; i < w->len; i++)
            fprintf(stderr, " %02x", w->buf[i]);
        fprintf(stderr, "\n  expected %s\n", hex);
        lt_test_current_failed = 1;
    }
}
#define CHECK_BYTES(w, hex) check_bytes(&(w), (hex), __LINE__)

static void test_primitives_encode_exactly(void)
{
    uint8_t buf[128];
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_boolean(&w, 1);
    lt_derw_boolean(&w, 0);
    lt_derw_null(&w);
    CHECK_BYTES(w, "0101ff 010100 0500");

    static const uint8_t basic_constraints[] = { 0x55, 0x1d, 0x13 };
    w = lt_writer_init(buf, sizeof buf);
    lt_derw_oid(&w, basic_constraints, sizeof basic_constraints);
    lt_derw_octet_string(&w, "\x01\x02", 2);
    lt_derw_bit_string(&w, "\xab", 1);
    lt_derw_utf8_string(&w, "h\xc3\xa9", 3);
    lt_derw_printable_string(&w, "A b", 3);
    CHECK_BYTES(w, "0603551d13 04020102 030200ab 0c0368c3a9 1303412062");

    w = lt_writer_init(buf, sizeof buf);
    lt_derw_context_primitive(&w, 2, "a.b", 3);
    lt_derw_tlv(&w, 0x16, "x", 1);
    lt_derw_raw(&w, "\x05\x00", 2);
    CHECK_BYTES(w, "8203612e62 160178 0500");
}

static void test_printable_string_rejects_at_sign(void)
{
    uint8_t buf[16];
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_printable_string(&w, "a@b", 3);
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
}

static void test_integer_strips_zeros_and_pads_high_bit(void)
{
    uint8_t buf[64];
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_integer_u64(&w, 0);
    lt_derw_integer_u64(&w, 2);
    lt_derw_integer_u64(&w, 127);
    lt_derw_integer_u64(&w, 128);
    lt_derw_integer_u64(&w, 256);
    lt_derw_integer_u64(&w, 0xffffffffffffffffULL);
    CHECK_BYTES(w, "020100 020102 02017f 02020080 02020100 0209 00ffffffffffffffff");

    static const uint8_t be[] = { 0x00, 0x00, 0x80, 0x01 };
    static const uint8_t zeros[] = { 0x00, 0x00 };
    w = lt_writer_init(buf, sizeof buf);
    lt_derw_integer_bytes(&w, be, sizeof be);
    lt_derw_integer_bytes(&w, be + 3, 1);
    lt_derw_integer_bytes(&w, zeros, sizeof zeros);
    CHECK_BYTES(w, "0203008001 020101 020100");
}

/* X.690 §8.1.3: lengths below 128 use one byte; 128 and up use 0x80|n then n bytes. */
static void test_length_short_long_boundary(void)
{
    static uint8_t buf[600], body[300];
    size_t sizes[] = { 127, 128, 255, 256 };
    const char *headers[] = { "307f", "308180", "3081ff", "30820100" };
    for (size_t i = 0; i < 4; i++) {
        lt_writer w = lt_writer_init(buf, sizeof buf);
        lt_derw_block seq;
        lt_derw_open_sequence(&w, &seq);
        memset(body, 0x5a, sizeof body);
        lt_derw_raw(&w, body, sizes[i]);
        lt_derw_close(&w, &seq);
        unsigned char header[4];
        int header_len = lt_test_unhex(headers[i], header, sizeof header);
        LT_CHECK_INT(w.err, 0);
        LT_CHECK_INT(w.len, (size_t)header_len + sizes[i]);
        LT_CHECK_MEM(buf, header, (size_t)header_len);
        LT_CHECK(buf[header_len] == 0x5a && buf[w.len - 1] == 0x5a);
    }
    /* primitives use the same rule */
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_octet_string(&w, body, 128);
    LT_CHECK_INT(w.len, 131);
    LT_CHECK_MEM(buf, "\x04\x81\x80", 3);
}

static void test_nested_blocks_fix_up_outer_lengths(void)
{
    static uint8_t buf[400], body[200];
    memset(body, 0x11, sizeof body);
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_block outer, explicit_tag, set, inner;
    lt_derw_open_sequence(&w, &outer);
    lt_derw_open_explicit(&w, 0, &explicit_tag);
    lt_derw_integer_u64(&w, 2);
    lt_derw_close(&w, &explicit_tag);
    lt_derw_open_set(&w, &set);
    lt_derw_open_sequence(&w, &inner);
    lt_derw_raw(&w, body, 200);
    lt_derw_close(&w, &inner);
    lt_derw_close(&w, &set);
    lt_derw_close(&w, &outer);
    LT_CHECK_INT(w.err, 0);
    /* outer body: a0 03 02 01 02 (5) + set 31 81 cb (3) + seq 30 81 c8 (3) + 200 = 211 */
    static const uint8_t head[] = { 0x30, 0x81, 0xd3, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                    0x31, 0x81, 0xcb, 0x30, 0x81, 0xc8, 0x11 };
    LT_CHECK_INT(w.len, 214);
    LT_CHECK_MEM(buf, head, sizeof head);

    w = lt_writer_init(buf, sizeof buf);
    lt_derw_open_context(&w, 3, &outer);
    lt_derw_open(&w, LT_DER_OCTET_STRING, &inner);
    lt_derw_null(&w);
    lt_derw_close(&w, &inner);
    lt_derw_close(&w, &outer);
    CHECK_BYTES(w, "a304 0402 0500");
}

/* RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
static void test_time_switches_form_at_2050(void)
{
    uint8_t buf[64];
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_time(&w, 2524607999LL);   /* 2049-12-31 23:59:59 */
    lt_derw_time(&w, 2524608000LL);   /* 2050-01-01 00:00:00 */
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(w.len, 15 + 17);
    LT_CHECK_MEM(buf, "\x17\x0d" "491231235959Z", 15);
    LT_CHECK_MEM(buf + 15, "\x18\x0f" "20500101000000Z", 17);

    w = lt_writer_init(buf, sizeof buf);
    lt_derw_time(&w, 0);
    lt_derw_time(&w, 951782400LL);    /* 2000-02-29 00:00:00, a leap day */
    lt_derw_time(&w, -631152000LL);   /* 1950-01-01 */
    LT_CHECK_MEM(buf, "\x17\x0d" "700101000000Z", 15);
    LT_CHECK_MEM(buf + 15, "\x17\x0d" "000229000000Z", 15);
    LT_CHECK_MEM(buf + 30, "\x17\x0d" "500101000000Z", 15);

    w = lt_writer_init(buf, sizeof buf);
    lt_derw_time(&w, -631152001LL);   /* 1949: not representable */
    LT_CHECK_INT(w.err, LT_ERR_INVALID_ARG);
}

static void test_overflow_is_buffer_error_and_sticky(void)
{
    uint8_t buf[130];
    static uint8_t body[128];
    /* the body fits with a short placeholder, but not once the long form needs a byte more */
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_block seq;
    lt_derw_open_sequence(&w, &seq);
    lt_derw_raw(&w, body, 128);
    LT_CHECK_INT(w.err, 0);
    lt_derw_close(&w, &seq);
    LT_CHECK_INT(w.err, LT_ERR_BUFFER);
    lt_derw_null(&w);
    LT_CHECK_INT(w.err, LT_ERR_BUFFER);

    uint8_t small[3];
    w = lt_writer_init(small, sizeof small);
    lt_derw_integer_u64(&w, 0x8000);
    LT_CHECK_INT(w.err, LT_ERR_BUFFER);
}

int main(void)
{
    LT_RUN(test_primitives_encode_exactly);
    LT_RUN(test_printable_string_rejects_at_sign);
    LT_RUN(test_integer_strips_zeros_and_pads_high_bit);
    LT_RUN(test_length_short_long_boundary);
    LT_RUN(test_nested_blocks_fix_up_outer_lengths);
    LT_RUN(test_time_switches_form_at_2050);
    LT_RUN(test_overflow_is_buffer_error_and_sticky);
    return lt_test_summary();
}
