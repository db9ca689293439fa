/* Unit tests for src/x509/der.c and src/x509/time.c: every strict-DER rule and every time
 * format rule (X.690 §8.1, §10, §11; RFC 5280 §4.1.2.5). */
#include "lt_test.h"

#include "base/err.h"
#include "x509/der.h"
#include "x509/time.h"

static lt_reader rd(const uint8_t *p, size_t n) { return lt_reader_init(p, n); }

static void test_der_short_and_long_lengths(void)
{
    const uint8_t short_form[] = { 0x04, 0x02, 0xaa, 0xbb };
    lt_reader r = rd(short_form, sizeof short_form);
    lt_der_elem e = lt_der_read(&r);
    LT_CHECK(lt_reader_done(&r));
    LT_CHECK_INT(e.tag, 0x04);
    LT_CHECK_INT(e.value.len, 2);
    LT_CHECK_INT(e.whole.len, 4);

    uint8_t long_form[3 + 200] = { 0x04, 0x81, 200 };
    r = rd(long_form, sizeof long_form);
    e = lt_der_read(&r);
    LT_CHECK(lt_reader_done(&r));
    LT_CHECK_INT(e.value.len, 200);
}

static void test_der_rejects_indefinite_length(void)
{
    const uint8_t in[] = { 0x30, 0x80, 0x00, 0x00 };
    lt_reader r = rd(in, sizeof in);
    lt_der_read(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_rejects_non_minimal_length(void)
{
    const uint8_t long_for_short[] = { 0x04, 0x81, 0x05, 1, 2, 3, 4, 5 };
    lt_reader r = rd(long_for_short, sizeof long_for_short);
    lt_der_read(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);

    uint8_t leading_zero[4 + 200] = { 0x04, 0x82, 0x00, 200 };
    r = rd(leading_zero, sizeof leading_zero);
    lt_der_read(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_rejects_length_past_end(void)
{
    const uint8_t in[] = { 0x04, 0x05, 1, 2 };
    lt_reader r = rd(in, sizeof in);
    lt_der_read(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    const uint8_t huge[] = { 0x04, 0x85, 1, 0, 0, 0, 0 };
    r = rd(huge, sizeof huge);
    lt_der_read(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_rejects_high_tag_number(void)
{
    const uint8_t in[] = { 0x1f, 0x81, 0x00, 0x00 };
    lt_reader r = rd(in, sizeof in);
    lt_der_read(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_expect_wrong_tag_fails(void)
{
    const uint8_t in[] = { 0x02, 0x01, 0x05 };
    lt_reader r = rd(in, sizeof in);
    lt_der_expect(&r, LT_DER_OCTET_STRING);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_integer_minimality(void)
{
    const uint8_t ok1[] = { 0x00 }, ok2[] = { 0x00, 0x80 }, ok3[] = { 0x7f }, ok4[] = { 0xff, 0x7f };
    const uint8_t bad1[] = { 0x00, 0x7f }, bad2[] = { 0xff, 0x80 };
    LT_CHECK(lt_der_integer_ok(lt_span_make(ok1, 1)));
    LT_CHECK(lt_der_integer_ok(lt_span_make(ok2, 2)));
    LT_CHECK(lt_der_integer_ok(lt_span_make(ok3, 1)));
    LT_CHECK(lt_der_integer_ok(lt_span_make(ok4, 2)));
    LT_CHECK(!lt_der_integer_ok(lt_span_make(bad1, 2)));
    LT_CHECK(!lt_der_integer_ok(lt_span_make(bad2, 2)));
    LT_CHECK(!lt_der_integer_ok(lt_span_make(ok1, 0)));
}

static void test_der_read_uint_range_and_sign(void)
{
    const uint8_t three[] = { 0x02, 0x01, 0x03 };
    lt_reader r = rd(three, sizeof three);
    LT_CHECK_INT(lt_der_read_uint(&r, 10), 3);
    LT_CHECK(lt_reader_done(&r));
    r = rd(three, sizeof three);
    lt_der_read_uint(&r, 2);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    const uint8_t negative[] = { 0x02, 0x01, 0x80 };
    r = rd(negative, sizeof negative);
    lt_der_read_uint(&r, 1000);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_boolean_only_00_or_ff(void)
{
    const uint8_t t[] = { 0x01, 0x01, 0xff }, f[] = { 0x01, 0x01, 0x00 }, bad[] = { 0x01, 0x01, 0x01 };
    lt_reader r = rd(t, 3);
    LT_CHECK(lt_der_read_bool(&r) && lt_reader_done(&r));
    r = rd(f, 3);
    LT_CHECK(!lt_der_read_bool(&r) && lt_reader_done(&r));
    r = rd(bad, 3);
    lt_der_read_bool(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_bit_string_unused_bits(void)
{
    unsigned unused;
    const uint8_t ok[] = { 0x03, 0x02, 0x07, 0x80 };
    lt_reader r = rd(ok, sizeof ok);
    lt_span bits = lt_der_read_bits(&r, &unused);
    LT_CHECK(lt_reader_done(&r));
    LT_CHECK_INT(unused, 7);
    LT_CHECK_INT(bits.len, 1);
    /* unused bits must be zero in DER */
    const uint8_t nonzero_pad[] = { 0x03, 0x02, 0x07, 0x81 };
    r = rd(nonzero_pad, sizeof nonzero_pad);
    lt_der_read_bits(&r, &unused);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    const uint8_t too_many[] = { 0x03, 0x02, 0x08, 0x00 };
    r = rd(too_many, sizeof too_many);
    lt_der_read_bits(&r, &unused);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    const uint8_t empty_with_unused[] = { 0x03, 0x01, 0x03 };
    r = rd(empty_with_unused, sizeof empty_with_unused);
    lt_der_read_bits(&r, &unused);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    const uint8_t no_content[] = { 0x03, 0x00 };
    r = rd(no_content, sizeof no_content);
    lt_der_read_bits(&r, &unused);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_null_must_be_empty(void)
{
    const uint8_t ok[] = { 0x05, 0x00 }, bad[] = { 0x05, 0x01, 0x00 };
    lt_reader r = rd(ok, 2);
    lt_der_read_null(&r);
    LT_CHECK(lt_reader_done(&r));
    r = rd(bad, 3);
    lt_der_read_null(&r);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_der_check_tree_bounds_nesting(void)
{
    uint8_t nested[2 * 40];
    for (size_t i = 0; i < 40; i++) {
        nested[2 * i] = 0x30;
        nested[2 * i + 1] = (uint8_t)(2 * (39 - i));
    }
    LT_CHECK_INT(lt_der_check_tree(lt_span_make(nested, sizeof nested), LT_DER_MAX_DEPTH),
                 LT_ERR_DECODE);
    LT_CHECK_INT(lt_der_check_tree(lt_span_make(nested + 2 * 30, 20), LT_DER_MAX_DEPTH), 0);
}

static void test_der_check_tree_rejects_constructed_strings_and_trailing(void)
{
    const uint8_t constructed_octets[] = { 0x24, 0x03, 0x04, 0x01, 0x00 };
    LT_CHECK_INT(lt_der_check_tree(lt_span_make(constructed_octets, sizeof constructed_octets), 8),
                 LT_ERR_DECODE);
    const uint8_t trailing_inside[] = { 0x30, 0x03, 0x05, 0x00, 0x00 };
    LT_CHECK_INT(lt_der_check_tree(lt_span_make(trailing_inside, sizeof trailing_inside), 8),
                 LT_ERR_DECODE);
}

static void test_der_oid_text(void)
{
    const uint8_t oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
    char text[64];
    lt_der_oid_to_text(lt_span_make(oid, sizeof oid), text, sizeof text);
    LT_CHECK(strcmp(text, "1.2.840.113549.1.1.11") == 0);
    const uint8_t ext[] = { 0x55, 0x1d, 0x13 };
    lt_der_oid_to_text(lt_span_make(ext, sizeof ext), text, sizeof text);
    LT_CHECK(strcmp(text, "2.5.29.19") == 0);
}

static int64_t parse_time(uint8_t tag, const char *s, int *rc)
{
    int64_t t = -1;
    *rc = lt_time_parse(tag, lt_span_make(s, strlen(s)), &t);
    return t;
}

static void test_time_utc_and_generalized(void)
{
    int rc;
    LT_CHECK_INT(parse_time(LT_DER_UTC_TIME, "700101000000Z", &rc), 0);
    LT_CHECK_INT(rc, 0);
    LT_CHECK_INT(parse_time(LT_DER_UTC_TIME, "491231235959Z", &rc), 2524607999LL);
    LT_CHECK_INT(parse_time(LT_DER_UTC_TIME, "500101000000Z", &rc), -631152000LL);
    LT_CHECK_INT(parse_time(LT_DER_GENERALIZED_TIME, "20500101000000Z", &rc), 2524608000LL);
    LT_CHECK_INT(rc, 0);
    LT_CHECK_INT(parse_time(LT_DER_UTC_TIME, "240229120000Z", &rc), 1709208000LL);
    LT_CHECK_INT(rc, 0);
}

static void test_time_rejects_bad_forms(void)
{
    int rc;
    parse_time(LT_DER_UTC_TIME, "7001010000Z", &rc);       /* no seconds */
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_UTC_TIME, "700101000000+0100", &rc); /* offset */
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_GENERALIZED_TIME, "20500101000000.5Z", &rc);
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_UTC_TIME, "230229000000Z", &rc);     /* not a leap year */
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_UTC_TIME, "701301000000Z", &rc);     /* month 13 */
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_UTC_TIME, "700101240000Z", &rc);     /* hour 24 */
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_UTC_TIME, "70010100000aZ", &rc);
    LT_CHECK_INT(rc, LT_ERR_DECODE);
    parse_time(LT_DER_GENERALIZED_TIME, "700101000000Z", &rc); /* wrong length for its tag */
    LT_CHECK_INT(rc, LT_ERR_DECODE);
}

static void test_time_format_and_text(void)
{
    char out[40];
    int64_t t;
    lt_time_format(1709208000LL, out, sizeof out);
    LT_CHECK(strcmp(out, "2024-02-29 12:00:00 UTC") == 0);
    LT_CHECK_INT(lt_time_parse_text("2026-06-01T00:00:00Z", &t), 0);
    LT_CHECK_INT(t, 1780272000LL);
    LT_CHECK_INT(lt_time_parse_text("1780272000", &t), 0);
    LT_CHECK_INT(t, 1780272000LL);
    LT_CHECK_INT(lt_time_parse_text("2026-06-01 00:00:00", &t), LT_ERR_DECODE);
    LT_CHECK_INT(lt_time_parse_text("2026-02-30T00:00:00Z", &t), LT_ERR_DECODE);
}

int main(void)
{
    LT_RUN(test_der_short_and_long_lengths);
    LT_RUN(test_der_rejects_indefinite_length);
    LT_RUN(test_der_rejects_non_minimal_length);
    LT_RUN(test_der_rejects_length_past_end);
    LT_RUN(test_der_rejects_high_tag_number);
    LT_RUN(test_der_expect_wrong_tag_fails);
    LT_RUN(test_der_integer_minimality);
    LT_RUN(test_der_read_uint_range_and_sign);
    LT_RUN(test_der_boolean_only_00_or_ff);
    LT_RUN(test_der_bit_string_unused_bits);
    LT_RUN(test_der_null_must_be_empty);
    LT_RUN(test_der_check_tree_bounds_nesting);
    LT_RUN(test_der_check_tree_rejects_constructed_strings_and_trailing);
    LT_RUN(test_der_oid_text);
    LT_RUN(test_time_utc_and_generalized);
    LT_RUN(test_time_rejects_bad_forms);
    LT_RUN(test_time_format_and_text);
    return lt_test_summary();
}
