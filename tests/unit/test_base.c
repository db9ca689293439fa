/* Unit tests for src/base: reader, writer, constant-time helpers, wipe, the error table, the
 * monotonic clock and text search. */
#include "lt_test.h"

#include "base/clock.h"
#include "base/ct.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/text.h"
#include "base/wipe.h"
#include "base/writer.h"

static void test_reader_reads_big_endian_integers(void)
{
    const uint8_t in[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    lt_reader r = lt_reader_init(in, sizeof in);
    LT_CHECK_INT(lt_reader_u8(&r), 1);
    LT_CHECK_INT(lt_reader_u16(&r), 0x0203);
    LT_CHECK_INT(lt_reader_u24(&r), 0x040506);
    LT_CHECK_INT(lt_reader_u32(&r), 0x0708090a);
    LT_CHECK(lt_reader_done(&r));
}

static void test_reader_overrun_sets_error_and_returns_zero(void)
{
    const uint8_t in[] = { 0xff, 0xff, 0xff };
    lt_reader r = lt_reader_init(in, sizeof in);
    LT_CHECK_INT(lt_reader_u32(&r), 0);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    /* sticky: later reads that would fit still fail */
    LT_CHECK_INT(lt_reader_u8(&r), 0);
    LT_CHECK(!lt_reader_done(&r));
    LT_CHECK_INT(lt_reader_left(&r), 0);
}

static void test_reader_trailing_bytes_are_not_done(void)
{
    const uint8_t in[] = { 1, 2, 3 };
    lt_reader r = lt_reader_init(in, sizeof in);
    lt_reader_u16(&r);
    LT_CHECK(lt_reader_ok(&r));
    LT_CHECK(!lt_reader_done(&r));
}

static void test_reader_vec16_bounds(void)
{
    const uint8_t in[] = { 0x00, 0x02, 0xaa, 0xbb, 0xcc };
    lt_reader r = lt_reader_init(in, sizeof in);
    lt_reader v = lt_reader_vec16(&r, 2, 4);
    LT_CHECK_INT(lt_reader_u16(&v), 0xaabb);
    LT_CHECK(lt_reader_done(&v));
    LT_CHECK_INT(lt_reader_u8(&r), 0xcc);
    LT_CHECK(lt_reader_done(&r));

    /* a length below the minimum */
    r = lt_reader_init(in, sizeof in);
    v = lt_reader_vec16(&r, 3, 4);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    LT_CHECK(!lt_reader_ok(&v));

    /* a length above the maximum */
    r = lt_reader_init(in, sizeof in);
    v = lt_reader_vec16(&r, 0, 1);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
}

static void test_reader_vec_longer_than_input_fails(void)
{
    const uint8_t in8[] = { 0x05, 1, 2 };
    lt_reader r = lt_reader_init(in8, sizeof in8);
    lt_reader v = lt_reader_vec8(&r, 0, 255);
    LT_CHECK_INT(r.err, LT_ERR_DECODE);
    LT_CHECK_INT(lt_reader_u8(&v), 0);
    LT_CHECK(!lt_reader_ok(&v));

    const uint8_t in24[] = { 0x00, 0x00, 0x02, 7, 8 };
    r = lt_reader_init(in24, sizeof in24);
    v = lt_reader_vec24(&r, 1, 1 << 24);
    LT_CHECK_INT(lt_reader_u16(&v), 0x0708);
    LT_CHECK(lt_reader_done(&v) && lt_reader_done(&r));
}

static void test_reader_bytes_points_into_input(void)
{
    const uint8_t in[] = { 9, 8, 7 };
    lt_reader r = lt_reader_init(in, sizeof in);
    lt_reader_u8(&r);
    lt_span s = lt_reader_bytes(&r, 2);
    LT_CHECK(s.p == in + 1 && s.len == 2);
    lt_span none = lt_reader_bytes(&r, 1);
    LT_CHECK(none.p == NULL && none.len == 0);
    uint8_t out[4] = { 1, 1, 1, 1 };
    lt_reader_copy(&r, out, 4);
    LT_CHECK_INT(out[0] | out[1] | out[2] | out[3], 0);
}

static void test_reader_null_input(void)
{
    lt_reader r = lt_reader_init(NULL, 4);
    LT_CHECK_INT(r.err, LT_ERR_INVALID_ARG);
    r = lt_reader_init(NULL, 0);
    LT_CHECK(lt_reader_done(&r));
}

static void test_writer_nested_blocks_get_lengths(void)
{
    uint8_t buf[32];
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_writer_block outer, inner;
    lt_writer_open16(&w, &outer);
    lt_writer_u8(&w, 0x01);
    lt_writer_open8(&w, &inner);
    lt_writer_u24(&w, 0x020304);
    lt_writer_close(&w, &inner);
    lt_writer_u32(&w, 0x05060708);
    lt_writer_close(&w, &outer);
    const uint8_t expect[] = { 0x00, 0x09, 0x01, 0x03, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
    LT_CHECK_INT(w.err, 0);
    LT_CHECK_INT(w.len, sizeof expect);
    LT_CHECK_MEM(buf, expect, sizeof expect);
}

static void test_writer_overflow_is_sticky(void)
{
    uint8_t buf[3];
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_writer_u16(&w, 1);
    lt_writer_u16(&w, 2);
    LT_CHECK_INT(w.err, LT_ERR_BUFFER);
    lt_writer_u8(&w, 3);
    LT_CHECK_INT(w.len, 2);
}

static void test_writer_block_too_long_for_prefix(void)
{
    uint8_t buf[300];
    uint8_t body[256] = { 0 };
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_writer_block b;
    lt_writer_open8(&w, &b);
    lt_writer_bytes(&w, body, sizeof body);
    lt_writer_close(&w, &b);
    LT_CHECK_INT(w.err, LT_ERR_LIMIT);
}

static void test_ct_eq(void)
{
    const uint8_t a[] = { 1, 2, 3, 4 }, b[] = { 1, 2, 3, 5 };
    LT_CHECK_INT(lt_ct_eq(a, a, 4), 1);
    LT_CHECK_INT(lt_ct_eq(a, b, 4), 0);
    LT_CHECK_INT(lt_ct_eq(a, b, 3), 1);
    LT_CHECK_INT(lt_ct_eq(a, b, 0), 1);
}

static void test_ct_masks_and_select(void)
{
    LT_CHECK_INT(lt_ct_is_zero_mask(0), 0xffffffffu);
    LT_CHECK_INT(lt_ct_is_zero_mask(1), 0);
    LT_CHECK_INT(lt_ct_is_zero_mask(0x80000000u), 0);
    LT_CHECK_INT(lt_ct_eq_mask(7, 7), 0xffffffffu);
    LT_CHECK_INT(lt_ct_eq_mask(7, 8), 0);
    LT_CHECK_INT(lt_ct_lt_mask(3, 4), 0xffffffffu);
    LT_CHECK_INT(lt_ct_lt_mask(4, 4), 0);
    LT_CHECK_INT(lt_ct_select_u32(0xffffffffu, 1, 2), 1);
    LT_CHECK_INT(lt_ct_select_u32(0, 1, 2), 2);
    uint8_t a[3] = { 1, 2, 3 }, b[3] = { 7, 8, 9 }, out[3];
    lt_ct_select(0xff, a, b, out, 3);
    LT_CHECK_MEM(out, a, 3);
    lt_ct_select(0x00, a, b, out, 3);
    LT_CHECK_MEM(out, b, 3);
}

static void test_wipe_clears(void)
{
    uint8_t secret[16];
    memset(secret, 0xa5, sizeof secret);
    lt_wipe(secret, sizeof secret);
    for (size_t i = 0; i < sizeof secret; i++)
        LT_CHECK_INT(secret[i], 0);
    lt_wipe(NULL, 5);
}

static void test_err_table_covers_every_code(void)
{
    for (int e = 0; e > -LT_ERR_COUNT; e--)
        LT_CHECK(strcmp(lt_err_str(e), "unknown error") != 0);
    LT_CHECK(strcmp(lt_err_str(-LT_ERR_COUNT), "unknown error") == 0);
    LT_CHECK(strcmp(lt_err_str(LT_ERR_DECODE), "malformed input") == 0);
}

/* Timings subtract two readings: the clock never goes back, and it moves. */
static void test_clock_is_monotonic_and_moves(void)
{
    int64_t first = lt_clock_monotonic_us(), last = first;
    for (int i = 0; i < 1000000 && last == first; i++) {
        int64_t now = lt_clock_monotonic_us();
        LT_CHECK(now >= last);
        last = now;
    }
    LT_CHECK(last > first);
}

/* PEM BEGIN lines are found one after another, in text that is not NUL-terminated; a BEGIN
 * whose dashes are not on its line is no label, and the search never reads past len. */
static void test_pem_labels_found_in_order(void)
{
    const char text[] = "junk\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                        "-----BEGIN broken\n-----\n-----BEGIN ENCRYPTED PRIVATE KEY-----\n";
    size_t len = sizeof text - 1, pos = 0;
    lt_span label;
    LT_CHECK(lt_pem_label_next(text, len, &pos, &label) && lt_text_is(label, "CERTIFICATE"));
    LT_CHECK(lt_pem_label_next(text, len, &pos, &label) && lt_text_is(label, "ENCRYPTED PRIVATE KEY"));
    LT_CHECK(!lt_text_is(label, "ENCRYPTED PRIVATE KE"));
    LT_CHECK(!lt_pem_label_next(text, len, &pos, &label));
    LT_CHECK_INT(pos, len);
    /* cut inside the last line's dashes: no label */
    pos = 0;
    size_t cut = len - 3;
    LT_CHECK(lt_pem_label_next(text, cut, &pos, &label) && lt_text_is(label, "CERTIFICATE"));
    LT_CHECK(!lt_pem_label_next(text, cut, &pos, &label));
    LT_CHECK(lt_text_find(text, len, "END") == text + 43);
    LT_CHECK(lt_text_find(text, 45, "END") == NULL);
    LT_CHECK(lt_text_find(text, 0, "j") == NULL);
}

int main(void)
{
    LT_RUN(test_reader_reads_big_endian_integers);
    LT_RUN(test_reader_overrun_sets_error_and_returns_zero);
    LT_RUN(test_reader_trailing_bytes_are_not_done);
    LT_RUN(test_reader_vec16_bounds);
    LT_RUN(test_reader_vec_longer_than_input_fails);
    LT_RUN(test_reader_bytes_points_into_input);
    LT_RUN(test_reader_null_input);
    LT_RUN(test_writer_nested_blocks_get_lengths);
    LT_RUN(test_writer_overflow_is_sticky);
    LT_RUN(test_writer_block_too_long_for_prefix);
    LT_RUN(test_ct_eq);
    LT_RUN(test_pem_labels_found_in_order);
    LT_RUN(test_ct_masks_and_select);
    LT_RUN(test_wipe_clears);
    LT_RUN(test_err_table_covers_every_code);
    LT_RUN(test_clock_is_monotonic_and_moves);
    return lt_test_summary();
}
