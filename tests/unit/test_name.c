/* Unit tests for src/x509/name.c (RFC 9525 host name and IP matching, e-mail matching, the
 * syntax rules on a leaf's names) and src/x509/constraints.c (RFC 5280 §4.2.1.10 name
 * constraints and their work budget). */
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "x509/constraints.h"
#include "x509/name.h"

static int matches(const char *presented, const char *host)
{
    return lt_name_dns_matches(lt_span_make(presented, strlen(presented)), host, strlen(host));
}

static void test_exact_match_is_case_insensitive(void)
{
    LT_CHECK(matches("www.example.com", "www.example.com"));
    LT_CHECK(matches("WWW.Example.COM", "www.example.com"));
    LT_CHECK(matches("www.example.com.", "www.example.com"));
    LT_CHECK(!matches("www.example.com", "example.com"));
    LT_CHECK(!matches("example.com", "www.example.com"));
}

static void test_wildcard_matches_exactly_one_label(void)
{
    LT_CHECK(matches("*.example.com", "a.example.com"));
    LT_CHECK(matches("*.EXAMPLE.com", "A.example.COM"));
    LT_CHECK(!matches("*.example.com", "a.b.example.com"));
    LT_CHECK(!matches("*.example.com", "example.com"));
    LT_CHECK(!matches("*.example.com", ".example.com"));
}

static void test_wildcard_never_partial_label_or_bare_tld(void)
{
    LT_CHECK(!matches("f*.example.com", "foo.example.com"));
    LT_CHECK(!matches("*oo.example.com", "foo.example.com"));
    LT_CHECK(!matches("a.*.example.com", "a.b.example.com"));
    LT_CHECK(!matches("*.com", "example.com"));
    LT_CHECK(!matches("*", "localhost"));
    LT_CHECK(!matches("*.*.example.com", "a.b.example.com"));
}

static void test_idna_a_labels_compared_as_given(void)
{
    LT_CHECK(matches("xn--bcher-kva.example", "xn--bcher-kva.example"));
    LT_CHECK(matches("*.xn--bcher-kva.example", "www.xn--bcher-kva.example"));
    LT_CHECK(!matches("xn--bcher-kva.example", "bücher.example"));
}

static void test_reference_host_validation(void)
{
    lt_name_ref ref;
    LT_CHECK_INT(lt_name_ref_host("example.com", &ref), 0);
    LT_CHECK(!ref.is_ip);
    LT_CHECK_INT(lt_name_ref_host("example.com.", &ref), 0);
    LT_CHECK_INT(ref.host_len, 11);
    LT_CHECK_INT(lt_name_ref_host("", &ref), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_name_ref_host("a..b", &ref), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_name_ref_host("*.example.com", &ref), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_name_ref_host("exa mple.com", &ref), LT_ERR_INVALID_ARG);
    /* an IP literal given as a host becomes an IP reference */
    LT_CHECK_INT(lt_name_ref_host("127.0.0.1", &ref), 0);
    LT_CHECK(ref.is_ip && ref.ip_len == 4);
    LT_CHECK_INT(lt_name_ref_ip("::1", &ref), 0);
    LT_CHECK(ref.is_ip && ref.ip_len == 16 && ref.ip[15] == 1);
    LT_CHECK_INT(lt_name_ref_ip("localhost", &ref), LT_ERR_INVALID_ARG);
    /* 253 bytes at most (LT_NAME_MAX), a trailing dot not counted */
    char name[260];
    for (size_t len = LT_NAME_MAX - 1; len <= LT_NAME_MAX + 1; len++) {
        for (size_t i = 0; i < len; i++)
            name[i] = i % 50 == 49 ? '.' : 'a';
        name[len] = '\0';
        LT_CHECK_INT(lt_name_ref_host(name, &ref), len <= LT_NAME_MAX ? 0 : LT_ERR_INVALID_ARG);
        name[len] = '.';
        name[len + 1] = '\0';
        LT_CHECK_INT(lt_name_ref_host(name, &ref), len <= LT_NAME_MAX ? 0 : LT_ERR_INVALID_ARG);
        LT_CHECK(len > LT_NAME_MAX || ref.host_len == len);
    }
}

/* Builds a certificate whose only meaningful fields are the SAN and name constraints. */
static lt_cert cert_with(const uint8_t *san, size_t san_len, const uint8_t *permitted,
                         size_t permitted_len, const uint8_t *excluded, size_t excluded_len)
{
    lt_cert c;
    memset(&c, 0, sizeof c);
    if (san) {
        c.has_subject_alt_name = true;
        c.subject_alt_name = lt_span_make(san, san_len);
    }
    if (permitted || excluded) {
        c.has_name_constraints = true;
        c.name_constraints_critical = true;
        c.permitted_subtrees = lt_span_make(permitted, permitted_len);
        c.excluded_subtrees = lt_span_make(excluded, excluded_len);
    }
    return c;
}

/* lt_constraints_check with a fresh budget. */
static int nc(const lt_cert *ca, const lt_cert *subject, char *why, size_t cap)
{
    size_t budget = LT_CONSTRAINTS_MAX_COMPARISONS;
    return lt_constraints_check(ca, subject, &budget, why, cap);
}

static void test_cert_san_matching_dns_and_ip(void)
{
    /* SAN: DNS:a.example, IP:127.0.0.1, DNS:127.0.0.2 */
    const uint8_t san[] = { 0x82, 9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e',
                            0x87, 4, 127, 0, 0, 1,
                            0x82, 9, '1', '2', '7', '.', '0', '.', '0', '.', '2' };
    lt_cert c = cert_with(san, sizeof san, NULL, 0, NULL, 0);
    lt_name_ref ref;
    LT_CHECK(lt_name_ref_host("a.example", &ref) == 0);
    LT_CHECK(lt_name_cert_matches(&c, &ref));
    LT_CHECK(lt_name_ref_host("b.example", &ref) == 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
    LT_CHECK(lt_name_ref_ip("127.0.0.1", &ref) == 0);
    LT_CHECK(lt_name_cert_matches(&c, &ref));
    /* a dNSName that spells an IP never satisfies an IP reference */
    LT_CHECK(lt_name_ref_ip("127.0.0.2", &ref) == 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
    LT_CHECK(lt_name_ref_ip("::1", &ref) == 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
    /* nor does a host that is an address in absolute form (a trailing dot): it is the address
     * (found by fuzz_name) */
    LT_CHECK(lt_name_ref_host("127.0.0.2.", &ref) == 0);
    LT_CHECK(ref.is_ip && ref.ip_len == 4 && ref.ip[3] == 2);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
    LT_CHECK(lt_name_ref_host("127.0.0.1.", &ref) == 0);
    LT_CHECK(lt_name_cert_matches(&c, &ref));
    LT_CHECK(lt_name_ref_host("::1.", &ref) == 0);
    LT_CHECK(ref.is_ip && ref.ip_len == 16);
    LT_CHECK(lt_name_ref_host("a.example.", &ref) == 0);
    LT_CHECK(!ref.is_ip && lt_name_cert_matches(&c, &ref));
    char list[128];
    lt_name_list_sans(&c, list, sizeof list);
    LT_CHECK(strcmp(list, "DNS:a.example, IP:127.0.0.1, DNS:127.0.0.2") == 0);
}

static void test_no_san_never_matches(void)
{
    lt_cert c = cert_with(NULL, 0, NULL, 0, NULL, 0);
    lt_name_ref ref;
    LT_CHECK(lt_name_ref_host("a.example", &ref) == 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
}

static void test_constraints_permitted_dns(void)
{
    /* permitted: DNS:allowed.test */
    const uint8_t permitted[] = { 0x30, 14, 0x82, 12, 'a', 'l', 'l', 'o', 'w', 'e', 'd', '.', 't', 'e', 's', 't' };
    const uint8_t ok_san[] = { 0x82, 15, 'o', 'k', '.', 'a', 'l', 'l', 'o', 'w', 'e', 'd', '.', 't', 'e', 's', 't' };
    const uint8_t bad_san[] = { 0x82, 15, 'o', 'k', '.', 'n', 'o', 'l', 'o', 'w', 'e', 'd', '.', 't', 'e', 's', 't' };
    const uint8_t near_miss[] = { 0x82, 13, 'x', 'a', 'l', 'l', 'o', 'w', 'e', 'd', '.', 't', 'e', 's', 't' };
    lt_cert ca = cert_with(NULL, 0, permitted, sizeof permitted, NULL, 0);
    lt_cert ok = cert_with(ok_san, sizeof ok_san, NULL, 0, NULL, 0);
    lt_cert bad = cert_with(bad_san, sizeof bad_san, NULL, 0, NULL, 0);
    lt_cert near = cert_with(near_miss, sizeof near_miss, NULL, 0, NULL, 0);
    char why[256];
    LT_CHECK_INT(nc(&ca, &ok, why, sizeof why), 0);
    LT_CHECK_INT(nc(&ca, &bad, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "DNS:ok.nolowed.test is outside its permitted subtrees");
    /* label boundary: "xallowed.test" is not under "allowed.test" */
    LT_CHECK_INT(nc(&ca, &near, why, sizeof why), LT_ERR_VERIFY);
}

static void test_constraints_excluded_dns_and_wildcards(void)
{
    /* excluded: DNS:bad.test */
    const uint8_t excluded[] = { 0x30, 10, 0x82, 8, 'b', 'a', 'd', '.', 't', 'e', 's', 't' };
    const uint8_t under[] = { 0x82, 10, 'x', '.', 'b', 'a', 'd', '.', 't', 'e', 's', 't' };
    const uint8_t wildcard[] = { 0x82, 6, '*', '.', 't', 'e', 's', 't' };
    const uint8_t other[] = { 0x82, 9, 'g', 'o', 'o', 'd', '.', 't', 'e', 's', 't' };
    lt_cert ca = cert_with(NULL, 0, NULL, 0, excluded, sizeof excluded);
    lt_cert c1 = cert_with(under, sizeof under, NULL, 0, NULL, 0);
    lt_cert c2 = cert_with(wildcard, sizeof wildcard, NULL, 0, NULL, 0);
    lt_cert c3 = cert_with(other, sizeof other, NULL, 0, NULL, 0);
    char why[256];
    LT_CHECK_INT(nc(&ca, &c1, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "excluded");
    /* "*.test" could stand for "bad.test" */
    LT_CHECK_INT(nc(&ca, &c2, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_INT(nc(&ca, &c3, why, sizeof why), 0);
}

static void test_constraints_ip_subnets(void)
{
    /* permitted: IP:10.0.0.0/255.0.0.0 */
    const uint8_t permitted[] = { 0x30, 10, 0x87, 8, 10, 0, 0, 0, 255, 0, 0, 0 };
    const uint8_t inside[] = { 0x87, 4, 10, 1, 2, 3 };
    const uint8_t outside[] = { 0x87, 4, 192, 168, 1, 1 };
    const uint8_t v6[] = { 0x87, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    lt_cert ca = cert_with(NULL, 0, permitted, sizeof permitted, NULL, 0);
    lt_cert a = cert_with(inside, sizeof inside, NULL, 0, NULL, 0);
    lt_cert b = cert_with(outside, sizeof outside, NULL, 0, NULL, 0);
    lt_cert c = cert_with(v6, sizeof v6, NULL, 0, NULL, 0);
    char why[256];
    LT_CHECK_INT(nc(&ca, &a, why, sizeof why), 0);
    LT_CHECK_INT(nc(&ca, &b, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "IP:192.168.1.1");
    /* an IPv6 name is not restricted by an IPv4-only permitted list... of the same type it is */
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), LT_ERR_VERIFY);
}

static void test_constraints_unchecked_type_refuses_only_names_of_that_type(void)
{
    /* permitted: URI:https://a.example (latch does not check URI constraints) */
    const uint8_t permitted[] = { 0x30, 19, 0x86, 17, 'h', 't', 't', 'p', 's', ':', '/', '/', 'a', '.',
                                  'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    const uint8_t dns_san[] = { 0x82, 9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    const uint8_t uri_san[] = { 0x86, 17, 'h', 't', 't', 'p', 's', ':', '/', '/', 'a', '.',
                                'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    lt_cert ca = cert_with(NULL, 0, permitted, sizeof permitted, NULL, 0);
    lt_cert dns = cert_with(dns_san, sizeof dns_san, NULL, 0, NULL, 0);
    lt_cert uri = cert_with(uri_san, sizeof uri_san, NULL, 0, NULL, 0);
    char why[256];
    LT_CHECK_INT(nc(&ca, &dns, why, sizeof why), 0);
    LT_CHECK_INT(nc(&ca, &uri, why, sizeof why), LT_ERR_UNSUPPORTED);
    LT_CHECK_STR_CONTAINS(why, "URI");
}

/* ---- DER made here: TLVs with long-form lengths ---- */

/* not inlined: GCC cannot see that callers size their buffers for what they write */
__attribute__((noinline)) static size_t tlv(uint8_t *out, uint8_t tag, const void *value, size_t len)
{
    size_t n = 0;
    out[n++] = tag;
    if (len < 0x80) {
        out[n++] = (uint8_t)len;
    } else if (len < 0x100) {
        out[n++] = 0x81;
        out[n++] = (uint8_t)len;
    } else if (len < 0x10000) {
        out[n++] = 0x82;
        out[n++] = (uint8_t)(len >> 8);
        out[n++] = (uint8_t)len;
    } else {
        out[n++] = 0x83;
        out[n++] = (uint8_t)(len >> 16);
        out[n++] = (uint8_t)(len >> 8);
        out[n++] = (uint8_t)len;
    }
    memmove(out + n, value, len);
    return n + len;
}

/* A Name with one RDN per attribute: types[i] (2.5.4.x's last arc, or 0 for emailAddress), values[i]
 * as tags[i] strings. */
static size_t name_of(uint8_t *out, size_t count, const uint8_t *types, const uint8_t *tags,
                      const char *const *values)
{
    static const uint8_t email_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01 };
    uint8_t rdns[1024], atv[300], set[300];
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t oid[3] = { 0x55, 0x04, types[i] };
        size_t a = types[i] ? tlv(atv, 0x06, oid, 3) : tlv(atv, 0x06, email_oid, sizeof email_oid);
        a += tlv(atv + a, tags[i], values[i], strlen(values[i]));
        size_t sq = tlv(set, 0x30, atv, a);
        n += tlv(rdns + n, 0x31, set, sq);
    }
    return tlv(out, 0x30, rdns, n);
}

static size_t name_cn(uint8_t *out, const char *cn)
{
    const uint8_t type = 3, tag = 0x0c;
    return name_of(out, 1, &type, &tag, &cn);
}

/* A leaf: a subject, a SAN (GeneralNames contents), and its criticality. */
static lt_cert leaf_with(const uint8_t *subject, size_t subject_len, const uint8_t *san,
                         size_t san_len, bool san_critical)
{
    lt_cert c = cert_with(san, san_len, NULL, 0, NULL, 0);
    c.subject = lt_span_make(subject, subject_len);
    c.subject_alt_name_critical = san_critical;
    return c;
}

static lt_name_verdict check_leaf(const lt_cert *c, bool server, const char *want_why)
{
    char why[300] = "";
    lt_name_verdict v = lt_name_check_leaf(c, server, NULL, why, sizeof why);
    if (want_why != NULL)
        LT_CHECK_STR_CONTAINS(why, want_why);
    return v;
}

static void test_dns_syntax_is_preferred_name_syntax(void)
{
    static const char *const good[] = { "a.example", "A-1.example", "xn--bcher-kva.example",
                                        "1.example", "a.b.c.d.example", "localhost", "*.example.com",
                                        "a.example1" };
    static const char *const bad[] = { "a_b.example", "a..example", ".a.example", "a.example.",
                                       "-a.example", "a-.example", "a.*.example", "f*.example",
                                       "*", "*.", "**.example", "a b.example", "127.0.0.1",
                                       "a.123", "", "a.example\x01", "a.example-" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        LT_CHECK(lt_name_dns_syntax_ok(lt_span_make(good[i], strlen(good[i])), true));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (lt_name_dns_syntax_ok(lt_span_make(bad[i], strlen(bad[i])), true))
            LT_CHECK(!"bad name accepted" || bad[i] == NULL);
    /* no wildcard where none is allowed (name constraints) */
    LT_CHECK(!lt_name_dns_syntax_ok(lt_span_make("*.example.com", 13), false));
    /* labels of 63 and names of 253 bytes, not 64 and 254 */
    char name[300];
    memset(name, 'a', 64);
    LT_CHECK(lt_name_dns_syntax_ok(lt_span_make(name, 63), true));
    LT_CHECK(!lt_name_dns_syntax_ok(lt_span_make(name, 64), true));
    for (size_t i = 0; i < 254; i++)
        name[i] = i % 2 ? '.' : 'a';
    LT_CHECK(lt_name_dns_syntax_ok(lt_span_make(name, 251), true));
    LT_CHECK(lt_name_dns_syntax_ok(lt_span_make(name, 253), true));
    memmove(name + 1, name, 253); /* "aa.a.a...": 254 bytes */
    LT_CHECK(!lt_name_dns_syntax_ok(lt_span_make(name, 254), true));
    LT_CHECK(lt_name_dns_syntax_ok(lt_span_make(name + 1, 253), true));
}

static void test_ip_text_is_canonical(void)
{
    static const struct { const char *in, *out; } cases[] = {
        { "192.0.2.1", "192.0.2.1" },
        { "2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
        { "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" }, /* one 0 field is not shortened */
        { "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },          /* the longest run */
        { "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },    /* the first of equal runs */
        { "::1", "::1" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_name_ref ref;
        char text[64];
        LT_CHECK_INT(lt_name_ref_ip(cases[i].in, &ref), 0);
        lt_name_ip_text(ref.ip, ref.ip_len, text, sizeof text);
        if (strcmp(text, cases[i].out) != 0)
            LT_CHECK_STR_CONTAINS(text, cases[i].out);
    }
}

static void test_server_cn_must_be_a_copy_of_a_san(void)
{
    /* SAN: DNS:www.example.com, IP:192.0.2.1, IP:2001:db8::1 */
    const uint8_t san[] = { 0x82, 15, 'w', 'w', 'w', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm',
                            0x87, 4, 192, 0, 2, 1,
                            0x87, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    static const char *const copies[] = { "www.example.com", "192.0.2.1", "2001:db8::1" };
    static const char *const not_copies[] = { "WWW.example.com", "example.com", "192.000.2.1",
                                              "2001:DB8::1", "2001:db8:0:0:0:0:0:1", "www.example.com." };
    uint8_t subject[300];
    for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++) {
        lt_cert c = leaf_with(subject, name_cn(subject, copies[i]), san, sizeof san, false);
        LT_CHECK_INT(check_leaf(&c, true, NULL), LT_NAME_OK);
    }
    for (size_t i = 0; i < sizeof not_copies / sizeof not_copies[0]; i++) {
        lt_cert c = leaf_with(subject, name_cn(subject, not_copies[i]), san, sizeof san, false);
        LT_CHECK_INT(check_leaf(&c, true, "is not a copy of any of its subjectAltNames"), LT_NAME_BAD_NAME);
        /* a client certificate's CN is its own business */
        LT_CHECK_INT(check_leaf(&c, false, NULL), LT_NAME_OK);
    }
    /* a CN and no SAN at all */
    lt_cert c = leaf_with(subject, name_cn(subject, "www.example.com"), NULL, 0, false);
    LT_CHECK_INT(check_leaf(&c, true, "not a copy"), LT_NAME_BAD_NAME);
    /* two CNs, even both copies: BR §7.1.4.3 wants a single one */
    const uint8_t types[2] = { 3, 3 }, tags[2] = { 0x0c, 0x13 };
    const char *values[2] = { "www.example.com", "192.0.2.1" };
    c = leaf_with(subject, name_of(subject, 2, types, tags, values), san, sizeof san, false);
    LT_CHECK_INT(check_leaf(&c, true, "its subject has 2 common names"), LT_NAME_BAD_NAME);
    LT_CHECK_INT(check_leaf(&c, false, NULL), LT_NAME_OK);
    /* no CN at all is fine */
    const uint8_t o_type = 10, o_tag = 0x0c;
    const char *o_value = "Example";
    c = leaf_with(subject, name_of(subject, 1, &o_type, &o_tag, &o_value), san, sizeof san, false);
    LT_CHECK_INT(check_leaf(&c, true, NULL), LT_NAME_OK);
}

static void test_san_entries_in_valid_syntax(void)
{
    static const struct { uint8_t tag; const char *value; size_t len; const char *why; } cases[] = {
        { 0x82, "a_b.example.com", 15, "DNS:a_b.example.com is not a valid DNS name" },
        { 0x82, "a..example.com", 14, "not a valid DNS name" },
        { 0x82, ".example.com", 12, "not a valid DNS name" },
        { 0x82, "f*.example.com", 14, "not a valid DNS name" },
        { 0x82, "a.*.example.com", 15, "not a valid DNS name" },
        { 0x87, "\x01\x02\x03\x04\x05", 5, "IP address of 5 bytes" },
        { 0x81, "no-at-sign.example", 18, "not a valid e-mail address" },
        { 0x81, "@example.com", 12, "not a valid e-mail address" },
        { 0x81, "a@exa_mple.com", 14, "not a valid e-mail address" },
    };
    uint8_t subject[2] = { 0x30, 0 }, san[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = tlv(san, cases[i].tag, cases[i].value, cases[i].len);
        lt_cert c = leaf_with(subject, sizeof subject, san, n, true);
        LT_CHECK_INT(check_leaf(&c, false, cases[i].why), LT_NAME_BAD_NAME);
    }
    /* the good forms of each */
    size_t n = tlv(san, 0x82, "*.example.com", 13);
    n += tlv(san + n, 0x87, "\x01\x02\x03\x04", 4);
    n += tlv(san + n, 0x81, "Some.One@Example.COM", 20);
    lt_cert c = leaf_with(subject, sizeof subject, san, n, true);
    LT_CHECK_INT(check_leaf(&c, true, NULL), LT_NAME_OK);
}

static void test_san_critical_exactly_when_subject_empty(void)
{
    uint8_t empty[2] = { 0x30, 0 }, subject[100];
    size_t subject_len = name_cn(subject, "a.example");
    const uint8_t san[] = { 0x82, 9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    lt_cert c = leaf_with(empty, sizeof empty, san, sizeof san, true);
    LT_CHECK_INT(check_leaf(&c, true, NULL), LT_NAME_OK);
    c = leaf_with(empty, sizeof empty, san, sizeof san, false);
    LT_CHECK_INT(check_leaf(&c, true, "needs a critical subjectAltName"), LT_NAME_BAD_EXTENSION);
    LT_CHECK_INT(check_leaf(&c, false, NULL), LT_NAME_BAD_EXTENSION); /* RFC 5280: every leaf */
    c = leaf_with(empty, sizeof empty, NULL, 0, false);
    LT_CHECK_INT(check_leaf(&c, false, "needs a critical subjectAltName"), LT_NAME_BAD_EXTENSION);
    c = leaf_with(subject, subject_len, san, sizeof san, false);
    LT_CHECK_INT(check_leaf(&c, true, NULL), LT_NAME_OK);
    c = leaf_with(subject, subject_len, san, sizeof san, true);
    LT_CHECK_INT(check_leaf(&c, true, "critical although its subject is not empty"), LT_NAME_BAD_EXTENSION);
    LT_CHECK_INT(check_leaf(&c, false, NULL), LT_NAME_OK); /* the BR rule is for servers */
}

static void test_name_constraints_only_in_ca_certificates(void)
{
    const uint8_t permitted[] = { 0x30, 11, 0x82, 9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    const uint8_t san[] = { 0x82, 9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    uint8_t subject[100];
    size_t subject_len = name_cn(subject, "a.example");
    lt_cert c = leaf_with(subject, subject_len, san, sizeof san, false);
    c.has_name_constraints = true;
    c.permitted_subtrees = lt_span_make(permitted, sizeof permitted);
    LT_CHECK_INT(check_leaf(&c, true, "nameConstraints but is not a CA"), LT_NAME_BAD_EXTENSION);
    LT_CHECK_INT(check_leaf(&c, false, NULL), LT_NAME_BAD_EXTENSION);
    c.has_basic_constraints = true;
    c.is_ca = true;
    LT_CHECK_INT(check_leaf(&c, true, NULL), LT_NAME_OK);
}

static void test_wildcard_over_public_suffix_refused(void)
{
    static const char list[] = "com\nuk\nco.uk\n*.ck\n!www.ck\ngithub.io\n";
    lt_psl *psl = NULL;
    LT_CHECK_INT(lt_psl_parse((const uint8_t *)list, sizeof list - 1, &psl), 0);
    static const struct { const char *san; bool with_list, fallback; } cases[] = {
        { "*.co.uk", false, true },      { "*.github.io", false, true },
        { "*.com", false, false },       { "*.test", false, false },
        { "*.example.co.uk", true, true }, { "*.a.github.io", true, true },
        { "*.foo.ck", false, true },     { "*.www.ck", true, true },
        { "*.example.com", true, true }, { "co.uk", true, true },
    };
    uint8_t empty[2] = { 0x30, 0 }, san[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = tlv(san, 0x82, cases[i].san, strlen(cases[i].san));
        lt_cert c = leaf_with(empty, sizeof empty, san, n, true);
        char why[300] = "";
        lt_name_verdict with_list = lt_name_check_leaf(&c, true, psl, why, sizeof why);
        lt_name_verdict fallback = lt_name_check_leaf(&c, true, NULL, why, sizeof why);
        if ((with_list == LT_NAME_OK) != cases[i].with_list || (fallback == LT_NAME_OK) != cases[i].fallback) {
            fprintf(stderr, "  %s: with the list %d, fallback %d\n", cases[i].san, with_list, fallback);
            LT_CHECK(!"wildcard verdict");
        }
        /* only server certificates */
        LT_CHECK_INT(lt_name_check_leaf(&c, false, psl, why, sizeof why), LT_NAME_OK);
    }
    size_t n = tlv(san, 0x82, "*.co.uk", 7);
    lt_cert c = leaf_with(empty, sizeof empty, san, n, true);
    char why[300];
    LT_CHECK_INT(lt_name_check_leaf(&c, true, psl, why, sizeof why), LT_NAME_BAD_NAME);
    LT_CHECK_STR_CONTAINS(why, "DNS:*.co.uk is a wildcard directly above a public suffix");
    lt_psl_free(psl);
}

static void test_email_reference_matching(void)
{
    uint8_t san[300];
    size_t n = tlv(san, 0x81, "Alice@Example.COM", 17);
    n += tlv(san + n, 0x82, "example.com", 11);
    lt_cert c = cert_with(san, n, NULL, 0, NULL, 0);
    lt_name_ref ref;
    LT_CHECK_INT(lt_name_ref_email("Alice@example.com", &ref), 0);
    LT_CHECK(lt_name_cert_matches(&c, &ref));          /* the domain without case */
    LT_CHECK_INT(lt_name_ref_email("alice@example.com", &ref), 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));         /* the local part exactly */
    LT_CHECK_INT(lt_name_ref_email("Alice@other.example", &ref), 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
    /* a host reference never matches an rfc822Name, an e-mail reference never a dNSName */
    LT_CHECK_INT(lt_name_ref_email("x@example.com", &ref), 0);
    LT_CHECK(!lt_name_cert_matches(&c, &ref));
    LT_CHECK_INT(lt_name_ref_email("no-at-sign", &ref), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_name_ref_email("@example.com", &ref), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_name_ref_email("a b@example.com", &ref), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_name_ref_email("a@exa..mple", &ref), LT_ERR_INVALID_ARG);
    char local[80];
    memset(local, 'a', 65);
    memcpy(local + 64, "@x.example", 11);
    LT_CHECK_INT(lt_name_ref_email(local, &ref), 0);   /* 64-byte local part */
    memset(local, 'a', 65);
    memcpy(local + 65, "@x.example", 11);
    LT_CHECK_INT(lt_name_ref_email(local, &ref), LT_ERR_INVALID_ARG);
    char list[200];
    lt_name_list_sans(&c, list, sizeof list);
    LT_CHECK_STR_CONTAINS(list, "email:Alice@Example.COM, DNS:example.com");
}

/* ---- name constraints ---- */

static size_t subtree(uint8_t *out, uint8_t tag, const void *value, size_t len)
{
    uint8_t inner[600];
    size_t n = tlv(inner, tag, value, len);
    return tlv(out, 0x30, inner, n);
}

static void test_constraints_rfc822_forms(void)
{
    uint8_t mailbox[100], host[100], domain[100], san[200];
    lt_cert ca_mailbox = cert_with(NULL, 0, mailbox, subtree(mailbox, 0x81, "Bob@Example.com", 15), NULL, 0);
    lt_cert ca_host = cert_with(NULL, 0, host, subtree(host, 0x81, "example.com", 11), NULL, 0);
    lt_cert ca_domain = cert_with(NULL, 0, domain, subtree(domain, 0x81, ".example.com", 12), NULL, 0);
    static const struct { const char *mail; int mailbox, host, domain; } cases[] = {
        { "Bob@example.com", 0, 0, LT_ERR_VERIFY },
        { "Bob@EXAMPLE.COM", 0, 0, LT_ERR_VERIFY },
        { "bob@example.com", LT_ERR_VERIFY, 0, LT_ERR_VERIFY },
        { "Bob@mail.example.com", LT_ERR_VERIFY, LT_ERR_VERIFY, 0 },
        { "Bob@other.com", LT_ERR_VERIFY, LT_ERR_VERIFY, LT_ERR_VERIFY },
        { "Bob@badexample.com", LT_ERR_VERIFY, LT_ERR_VERIFY, LT_ERR_VERIFY },
    };
    char why[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = tlv(san, 0x81, cases[i].mail, strlen(cases[i].mail));
        lt_cert c = cert_with(san, n, NULL, 0, NULL, 0);
        c.subject = lt_span_make("\x30\x00", 2);
        LT_CHECK_INT(nc(&ca_mailbox, &c, why, sizeof why), cases[i].mailbox);
        LT_CHECK_INT(nc(&ca_host, &c, why, sizeof why), cases[i].host);
        LT_CHECK_INT(nc(&ca_domain, &c, why, sizeof why), cases[i].domain);
    }
    /* excluded host; the subject's emailAddress attribute is checked too */
    lt_cert ca_excl = cert_with(NULL, 0, NULL, 0, host, subtree(host, 0x81, "example.com", 11));
    uint8_t subject[200];
    const uint8_t type = 0, tag = 0x16;
    const char *value = "eve@example.com";
    lt_cert c = cert_with(NULL, 0, NULL, 0, NULL, 0);
    c.subject = lt_span_make(subject, name_of(subject, 1, &type, &tag, &value));
    LT_CHECK_INT(nc(&ca_excl, &c, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "email:eve@example.com is in its excluded subtrees");
}

static void test_constraints_directory_name_prefix(void)
{
    /* constraint: O=Example, C=US (as RDNs in this order); names under it and not */
    uint8_t base[200], subtrees[300], subject[300];
    const uint8_t types2[2] = { 10, 6 }, tags2[2] = { 0x0c, 0x13 };
    const char *base_values[2] = { "Example  Corp", "US" };
    size_t base_len = name_of(base, 2, types2, tags2, base_values);
    size_t st_len = subtree(subtrees, 0xa4, base, base_len);
    lt_cert ca = cert_with(NULL, 0, subtrees, st_len, NULL, 0);
    lt_cert excl = cert_with(NULL, 0, NULL, 0, subtrees, st_len);
    char why[256];

    const uint8_t types3[3] = { 10, 6, 3 }, tags3[3] = { 0x13, 0x13, 0x0c };
    const char *inside[3] = { " example corp ", "us", "a.example" };
    lt_cert c = cert_with(NULL, 0, NULL, 0, NULL, 0);
    c.subject = lt_span_make(subject, name_of(subject, 3, types3, tags3, inside));
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), 0);       /* case and spaces folded, Printable = UTF8 */
    LT_CHECK_INT(nc(&excl, &c, why, sizeof why), LT_ERR_VERIFY);
    const char *other_org[3] = { "Other Corp", "US", "a.example" };
    c.subject = lt_span_make(subject, name_of(subject, 3, types3, tags3, other_org));
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "directory name is outside its permitted subtrees");
    LT_CHECK_INT(nc(&excl, &c, why, sizeof why), 0);
    /* the constraint longer than the name, and in another order, are not prefixes */
    const uint8_t types1[1] = { 10 }, tags1[1] = { 0x0c };
    const char *org_only[1] = { "Example Corp" };
    c.subject = lt_span_make(subject, name_of(subject, 1, types1, tags1, org_only));
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), LT_ERR_VERIFY);
    const uint8_t swapped_types[3] = { 6, 10, 3 };
    const char *swapped[3] = { "US", "Example Corp", "a.example" };
    c.subject = lt_span_make(subject, name_of(subject, 3, swapped_types, tags3, swapped));
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), LT_ERR_VERIFY);
    /* an empty subject is not checked; a directoryName SAN is */
    uint8_t san[300];
    size_t san_len = tlv(san, 0xa4, subject, name_of(subject, 3, types3, tags3, other_org));
    c = cert_with(san, san_len, NULL, 0, NULL, 0);
    c.subject = lt_span_make("\x30\x00", 2);
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), LT_ERR_VERIFY);
    san_len = tlv(san, 0xa4, subject, name_of(subject, 3, types3, tags3, inside));
    c = cert_with(san, san_len, NULL, 0, NULL, 0);
    c.subject = lt_span_make("\x30\x00", 2);
    LT_CHECK_INT(nc(&ca, &c, why, sizeof why), 0);
}

static void test_constraints_in_invalid_syntax_refused(void)
{
    static const struct { uint8_t tag; const char *value; size_t len; int want; } cases[] = {
        { 0x82, "a_b.example", 11, LT_ERR_DECODE },
        { 0x82, "*.example", 9, LT_ERR_DECODE },
        { 0x82, "a..example", 10, LT_ERR_DECODE },
        { 0x82, ".example.com", 12, 0 },
        { 0x82, "", 0, LT_ERR_VERIFY }, /* valid: it excludes every name */
        { 0x87, "\x0a\x00\x00\x00\xff\x00\xff\x00", 8, LT_ERR_DECODE }, /* mask not a prefix */
        { 0x87, "\x0a\x00\x00\x00\xff\x00\x00", 7, LT_ERR_DECODE },
        { 0x87, "\x0a\x00\x00\x00\xff\xf0\x00\x00", 8, 0 },
        { 0x81, "@example.com", 12, LT_ERR_DECODE },
        { 0x81, "a@b@c_d", 7, LT_ERR_DECODE },
        { 0xa4, "\x31\x00", 2, LT_ERR_DECODE },
    };
    const uint8_t san[] = { 0x82, 9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e' };
    lt_cert c = cert_with(san, sizeof san, NULL, 0, NULL, 0);
    c.subject = lt_span_make("\x30\x00", 2);
    uint8_t subtrees[100];
    char why[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_cert ca = cert_with(NULL, 0, NULL, 0, subtrees,
                               subtree(subtrees, cases[i].tag, cases[i].value, cases[i].len));
        int rc = nc(&ca, &c, why, sizeof why);
        if (rc != cases[i].want)
            fprintf(stderr, "  case %zu\n", i);
        LT_CHECK_INT(rc, cases[i].want);
    }
}

/* The budget: (SAN entries + 1) x subtrees per (CA, certificate) pair, at most
 * LT_CONSTRAINTS_MAX_COMPARISONS for a path. */
static int budget_case(size_t n_subtrees, size_t n_sans, size_t *budget)
{
    /* a subtree is 10 bytes, a SAN entry 8 */
    uint8_t *subtrees = malloc(n_subtrees * 10 + 16), *san = malloc(n_sans * 8 + 16);
    size_t st_len = 0, san_len = 0;
    char why[256];
    for (size_t i = 0; i < n_subtrees; i++)
        st_len += subtree(subtrees + st_len, 0x82, "b.test", 6);
    for (size_t i = 0; i < n_sans; i++)
        san_len += tlv(san + san_len, 0x82, "a.test", 6);
    lt_cert ca = cert_with(NULL, 0, NULL, 0, subtrees, st_len);
    lt_cert c = cert_with(n_sans ? san : NULL, san_len, NULL, 0, NULL, 0);
    c.subject = lt_span_make("\x30\x00", 2);
    int rc = lt_constraints_check(&ca, &c, budget, why, sizeof why);
    if (rc == LT_ERR_LIMIT)
        LT_CHECK_STR_CONTAINS(why, "250000 comparisons");
    free(subtrees);
    free(san);
    return rc;
}

static void test_constraints_work_budget(void)
{
    const size_t max = LT_CONSTRAINTS_MAX_COMPARISONS;
    size_t budget;
    /* one name (the subject) against N-1, N, N+1 subtrees */
    budget = max;
    LT_CHECK_INT(budget_case(max - 1, 0, &budget), 0);
    LT_CHECK_INT(budget, 1);
    budget = max;
    LT_CHECK_INT(budget_case(max, 0, &budget), 0);
    LT_CHECK_INT(budget, 0);
    budget = max;
    LT_CHECK_INT(budget_case(max + 1, 0, &budget), LT_ERR_LIMIT);
    LT_CHECK_INT(budget, max);
    /* 499 SANs + the subject = 500 names x 500 subtrees = N; one SAN more is over */
    budget = max;
    LT_CHECK_INT(budget_case(500, 499, &budget), 0);
    budget = max;
    LT_CHECK_INT(budget_case(500, 500, &budget), LT_ERR_LIMIT);
    /* the subject's emailAddress attributes are names too */
    {
        uint8_t subject[200], subtrees[20];
        const uint8_t types[2] = { 0, 0 }, tags[2] = { 0x16, 0x16 };
        const char *values[2] = { "a@b.test", "c@d.test" };
        lt_cert ca = cert_with(NULL, 0, NULL, 0, subtrees, subtree(subtrees, 0x82, "b.test", 6));
        lt_cert c = cert_with(NULL, 0, NULL, 0, NULL, 0);
        c.subject = lt_span_make(subject, name_of(subject, 2, types, tags, values));
        LT_CHECK_INT(lt_constraints_cost(&ca, &c), 3);
    }
    /* the budget is the path's: what one pair used is gone for the next */
    budget = max;
    LT_CHECK_INT(budget_case(max / 2, 0, &budget), 0);
    LT_CHECK_INT(budget_case(max / 2, 0, &budget), 0);
    LT_CHECK_INT(budget_case(1, 0, &budget), LT_ERR_LIMIT);
}

int main(void)
{
    LT_RUN(test_exact_match_is_case_insensitive);
    LT_RUN(test_wildcard_matches_exactly_one_label);
    LT_RUN(test_wildcard_never_partial_label_or_bare_tld);
    LT_RUN(test_idna_a_labels_compared_as_given);
    LT_RUN(test_reference_host_validation);
    LT_RUN(test_cert_san_matching_dns_and_ip);
    LT_RUN(test_no_san_never_matches);
    LT_RUN(test_constraints_permitted_dns);
    LT_RUN(test_constraints_excluded_dns_and_wildcards);
    LT_RUN(test_constraints_ip_subnets);
    LT_RUN(test_constraints_unchecked_type_refuses_only_names_of_that_type);
    LT_RUN(test_dns_syntax_is_preferred_name_syntax);
    LT_RUN(test_ip_text_is_canonical);
    LT_RUN(test_server_cn_must_be_a_copy_of_a_san);
    LT_RUN(test_san_entries_in_valid_syntax);
    LT_RUN(test_san_critical_exactly_when_subject_empty);
    LT_RUN(test_name_constraints_only_in_ca_certificates);
    LT_RUN(test_wildcard_over_public_suffix_refused);
    LT_RUN(test_email_reference_matching);
    LT_RUN(test_constraints_rfc822_forms);
    LT_RUN(test_constraints_directory_name_prefix);
    LT_RUN(test_constraints_in_invalid_syntax_refused);
    LT_RUN(test_constraints_work_budget);
    return lt_test_summary();
}
