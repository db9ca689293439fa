/* Unit tests for src/x509/name.c (RFC 9525 host name and IP matching) and
 * src/x509/constraints.c (RFC 5280 §4.2.1.10 name constraints). */
#include "lt_test.h"

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
    LT_CHECK_INT(lt_constraints_check(&ca, &ok, why, sizeof why), 0);
    LT_CHECK_INT(lt_constraints_check(&ca, &bad, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "DNS:ok.nolowed.test is outside its permitted subtrees");
    /* label boundary: "xallowed.test" is not under "allowed.test" */
    LT_CHECK_INT(lt_constraints_check(&ca, &near, why, sizeof why), LT_ERR_VERIFY);
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
    LT_CHECK_INT(lt_constraints_check(&ca, &c1, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "excluded");
    /* "*.test" could stand for "bad.test" */
    LT_CHECK_INT(lt_constraints_check(&ca, &c2, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_INT(lt_constraints_check(&ca, &c3, why, sizeof why), 0);
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
    LT_CHECK_INT(lt_constraints_check(&ca, &a, why, sizeof why), 0);
    LT_CHECK_INT(lt_constraints_check(&ca, &b, why, sizeof why), LT_ERR_VERIFY);
    LT_CHECK_STR_CONTAINS(why, "IP:192.168.1.1");
    /* an IPv6 name is not restricted by an IPv4-only permitted list... of the same type it is */
    LT_CHECK_INT(lt_constraints_check(&ca, &c, why, sizeof why), LT_ERR_VERIFY);
}

static void test_constraints_unsupported_type_refused(void)
{
    /* permitted: directoryName (an empty Name) */
    const uint8_t permitted[] = { 0x30, 4, 0xa4, 2, 0x30, 0 };
    const uint8_t san[] = { 0x82, 1, 'a' };
    lt_cert ca = cert_with(NULL, 0, permitted, sizeof permitted, NULL, 0);
    lt_cert c = cert_with(san, sizeof san, NULL, 0, NULL, 0);
    char why[256];
    LT_CHECK_INT(lt_constraints_check(&ca, &c, why, sizeof why), LT_ERR_UNSUPPORTED);
    LT_CHECK_STR_CONTAINS(why, "directoryName");
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
    LT_RUN(test_constraints_unsupported_type_refused);
    return lt_test_summary();
}
