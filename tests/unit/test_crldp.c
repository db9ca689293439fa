/* Unit tests for src/x509/crldp.c: CRLDistributionPoints read strictly (RFC 5280 §4.2.1.13),
 * DistributionPointName (§5.2.5), and the name matching revocation uses (§6.3.3 (b)(2)). The
 * values are written here with latch's DER writer; the path-level rules are in test_crl.c. */
#include "lt_test.h"

#include <string.h>

#include "base/err.h"
#include "x509/crldp.h"
#include "x509/der.h"
#include "x509/derw.h"

static const uint8_t name_a[] = { 0x30, 0x0b, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x00 };
static const uint8_t name_b[] = { 0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 'b' };

/* GeneralNames contents: a URI, then (when dn is set) a directoryName. */
static size_t names(uint8_t *buf, size_t cap, const char *uri, const uint8_t *dn, size_t dn_len)
{
    lt_writer w = lt_writer_init(buf, cap);
    lt_derw_block b;
    if (uri)
        lt_derw_context_primitive(&w, 6, uri, strlen(uri));
    if (dn) {
        lt_derw_open_explicit(&w, 4, &b);
        lt_derw_raw(&w, dn, dn_len);
        lt_derw_close(&w, &b);
    }
    return w.err ? 0 : w.len;
}

static void test_names_meet_on_equal_tag_and_value(void)
{
    uint8_t a[128], b[128], c[128];
    size_t la = names(a, sizeof a, "http://x.test/a.crl", name_a, sizeof name_a);
    size_t lb = names(b, sizeof b, NULL, name_a, sizeof name_a);
    size_t lc = names(c, sizeof c, "http://x.test/A.crl", name_b, sizeof name_b);
    LT_CHECK(lt_crldp_names_meet(lt_span_make(a, la), lt_span_make(b, lb)));
    LT_CHECK(lt_crldp_names_meet(lt_span_make(a, la), lt_span_make(a, la)));
    /* byte for byte: a URI in another case is another name */
    LT_CHECK(!lt_crldp_names_meet(lt_span_make(a, la), lt_span_make(c, lc)));
    LT_CHECK(lt_crldp_names_have_directory(lt_span_make(a, la), lt_span_make(name_a, sizeof name_a)));
    LT_CHECK(!lt_crldp_names_have_directory(lt_span_make(a, la), lt_span_make(name_b, sizeof name_b)));
    /* a URI holding the Name's bytes is not a directoryName */
    uint8_t d[128];
    lt_writer w = lt_writer_init(d, sizeof d);
    lt_derw_context_primitive(&w, 6, name_a, sizeof name_a);
    LT_CHECK(!lt_crldp_names_have_directory(lt_span_make(d, w.len), lt_span_make(name_a, sizeof name_a)));
    LT_CHECK(!lt_crldp_names_meet(lt_span_make(d, w.len), lt_span_make(b, lb)));
}

static void test_distribution_point_name_forms(void)
{
    uint8_t buf[256], n[128];
    lt_span full;
    bool relative;
    size_t ln = names(n, sizeof n, "http://x.test/a.crl", NULL, 0);
    lt_writer w = lt_writer_init(buf, sizeof buf);
    lt_derw_tlv(&w, 0xa0, n, ln);
    LT_CHECK_INT(lt_crldp_read_name(lt_span_make(buf, w.len), &full, &relative), 0);
    LT_CHECK(!relative && full.len == ln);
    /* nameRelativeToCRLIssuer: read, never matched */
    static const uint8_t rel[] = { 0xa1, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x00 };
    LT_CHECK_INT(lt_crldp_read_name(lt_span_make(rel, sizeof rel), &full, &relative), 0);
    LT_CHECK(relative && full.len == 0);
    /* an empty fullName, an empty RDN, trailing bytes, another tag */
    static const uint8_t empty_full[] = { 0xa0, 0x00 }, empty_rel[] = { 0xa1, 0x00 },
                         trailing[] = { 0xa1, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x00, 0x00 },
                         other[] = { 0xa2, 0x00 };
    LT_CHECK_INT(lt_crldp_read_name(lt_span_make(empty_full, 2), &full, &relative), LT_ERR_DECODE);
    LT_CHECK_INT(lt_crldp_read_name(lt_span_make(empty_rel, 2), &full, &relative), LT_ERR_DECODE);
    LT_CHECK_INT(lt_crldp_read_name(lt_span_make(trailing, sizeof trailing), &full, &relative), LT_ERR_DECODE);
    LT_CHECK_INT(lt_crldp_read_name(lt_span_make(other, 2), &full, &relative), LT_ERR_DECODE);
}

static void test_reasons_and_list_form(void)
{
    lt_span list;
    lt_crldp dp;
    /* SEQUENCE { SEQUENCE { [1] reasons keyCompromise, [2] { [4] name_a } } } */
    uint8_t v[64];
    lt_writer w = lt_writer_init(v, sizeof v);
    lt_derw_block outer, point, issuer, dn;
    const uint8_t reasons[] = { 0x06, 0x40 };
    lt_derw_open_sequence(&w, &outer);
    lt_derw_open_sequence(&w, &point);
    lt_derw_context_primitive(&w, 1, reasons, sizeof reasons);
    lt_derw_open_context(&w, 2, &issuer);
    lt_derw_open_explicit(&w, 4, &dn);
    lt_derw_raw(&w, name_a, sizeof name_a);
    lt_derw_close(&w, &dn);
    lt_derw_close(&w, &issuer);
    lt_derw_close(&w, &point);
    lt_derw_close(&w, &outer);
    LT_CHECK_INT(lt_crldp_parse_list(lt_span_make(v, w.len), &list), 0);
    lt_reader r = lt_reader_from_span(list);
    LT_CHECK_INT(lt_crldp_next(&r, &dp), 1);
    LT_CHECK(dp.has_reasons && dp.full_name.len == 0 && dp.crl_issuer.len > 0);
    LT_CHECK_INT(lt_crldp_next(&r, &dp), 0);
    /* reasons with no bits, or an unused-bits count over 7 */
    uint8_t bad[64];
    memcpy(bad, v, w.len);
    bad[6] = 0x08; /* the unused-bits octet of reasons */
    LT_CHECK_INT(lt_crldp_parse_list(lt_span_make(bad, w.len), &list), LT_ERR_DECODE);
    static const uint8_t no_bits[] = { 0x30, 0x04, 0x30, 0x02, 0x81, 0x00 };
    LT_CHECK_INT(lt_crldp_parse_list(lt_span_make(no_bits, sizeof no_bits), &list), LT_ERR_DECODE);
    /* trailing bytes after the list */
    uint8_t trail[65];
    memcpy(trail, v, w.len);
    trail[w.len] = 0;
    LT_CHECK_INT(lt_crldp_parse_list(lt_span_make(trail, w.len + 1), &list), LT_ERR_DECODE);
}

int main(void)
{
    LT_RUN(test_names_meet_on_equal_tag_and_value);
    LT_RUN(test_distribution_point_name_forms);
    LT_RUN(test_reasons_and_list_form);
    return lt_test_summary();
}
