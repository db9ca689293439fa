/* Name constraint checking (see constraints.h; RFC 5280 §4.2.1.10). DNS constraints match
 * whole labels from the right ("example.com" covers "example.com" and "a.example.com"; the
 * leading-dot form ".example.com" covers subdomains only); IP constraints are address and mask. */
#include "x509/constraints.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "x509/der.h"
#include "x509/name.h"

static const char *lt_constraints_type_name(unsigned tag)
{
    static const char *const names[] = { "otherName", "rfc822Name", "dNSName", "x400Address",
                                         "directoryName", "ediPartyName", "URI", "iPAddress",
                                         "registeredID" };
    return tag < sizeof names / sizeof names[0] ? names[tag] : "unknown";
}

static int lt_constraints_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool lt_constraints_suffix(const uint8_t *name, size_t name_len, const uint8_t *suffix,
                                  size_t suffix_len)
{
    if (suffix_len > name_len)
        return false;
    const uint8_t *tail = name + name_len - suffix_len;
    for (size_t i = 0; i < suffix_len; i++)
        if (lt_constraints_lower(tail[i]) != lt_constraints_lower(suffix[i]))
            return false;
    return true;
}

/* Does DNS name fall inside the subtree base? */
static bool lt_constraints_dns_within(lt_span name, lt_span base)
{
    if (base.len == 0)
        return true;
    if (base.p[0] == '.') /* subdomains only */
        return name.len > base.len && lt_constraints_suffix(name.p, name.len, base.p, base.len);
    if (name.len == base.len)
        return lt_constraints_suffix(name.p, name.len, base.p, base.len);
    return name.len > base.len && name.p[name.len - base.len - 1] == '.' &&
           lt_constraints_suffix(name.p, name.len, base.p, base.len);
}

/* Could a wildcard name ("*.a.example") stand for some name inside base? Needed for excluded
 * subtrees: "*.a.example" must be refused when "x.a.example" is excluded. */
static bool lt_constraints_wildcard_reaches(lt_span name, lt_span base)
{
    if (name.len < 2 || name.p[0] != '*' || name.p[1] != '.')
        return false;
    lt_span b = base;
    if (b.len > 0 && b.p[0] == '.') {
        b.p++;
        b.len--;
    }
    const uint8_t *dot = memchr(b.p, '.', b.len);
    if (dot == NULL)
        return false;
    lt_span rest = { dot, b.len - (size_t)(dot - b.p) };
    return rest.len == name.len - 1 && lt_constraints_suffix(name.p + 1, name.len - 1, rest.p,
                                                             rest.len);
}

static bool lt_constraints_ip_within(lt_span ip, lt_span base)
{
    if (base.len != 2 * ip.len)
        return false;
    for (size_t i = 0; i < ip.len; i++) {
        uint8_t mask = base.p[ip.len + i];
        if ((ip.p[i] & mask) != (base.p[i] & mask))
            return false;
    }
    return true;
}

/* Looks for name (of type tag) in subtrees. *has_type says whether any subtree has that type. */
static bool lt_constraints_match(lt_span subtrees, unsigned tag, lt_span name, bool excluded,
                                 bool *has_type)
{
    lt_reader r = lt_reader_from_span(subtrees);
    *has_type = false;
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        lt_reader subtree = lt_reader_from_span(lt_der_expect(&r, LT_DER_SEQUENCE));
        unsigned base_tag;
        lt_span base;
        if (lt_general_names_next(&subtree, &base_tag, &base) != 1 || base_tag != tag)
            continue;
        *has_type = true;
        if (tag == LT_GN_DNS && (lt_constraints_dns_within(name, base) ||
                                 (excluded && lt_constraints_wildcard_reaches(name, base))))
            return true;
        if (tag == LT_GN_IP && lt_constraints_ip_within(name, base))
            return true;
    }
    return false;
}

/* Finds a subtree whose type latch does not check. */
static int lt_constraints_unsupported(lt_span subtrees, unsigned *tag_out)
{
    lt_reader r = lt_reader_from_span(subtrees);
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        lt_reader subtree = lt_reader_from_span(lt_der_expect(&r, LT_DER_SEQUENCE));
        unsigned tag;
        lt_span base;
        if (lt_general_names_next(&subtree, &tag, &base) == 1 && tag != LT_GN_DNS &&
            tag != LT_GN_IP) {
            *tag_out = tag;
            return 1;
        }
    }
    return 0;
}

static void lt_constraints_describe(unsigned tag, lt_span name, char *out, size_t cap)
{
    if (tag == LT_GN_IP) {
        char ip[64];
        lt_name_ip_text(name.p, name.len, ip, sizeof ip);
        snprintf(out, cap, "IP:%s", ip);
    } else {
        snprintf(out, cap, "DNS:%.*s", (int)(name.len > 200 ? 200 : name.len),
                 (const char *)name.p);
    }
}

int lt_constraints_check(const lt_cert *ca, const lt_cert *subject, char *why, size_t why_cap)
{
    unsigned bad_tag;
    lt_reader names;
    unsigned tag;
    lt_span name;

    if (!ca->has_name_constraints)
        return 0;
    if (ca->name_constraints_critical &&
        (lt_constraints_unsupported(ca->permitted_subtrees, &bad_tag) ||
         lt_constraints_unsupported(ca->excluded_subtrees, &bad_tag))) {
        snprintf(why, why_cap, "it has %s name constraints, which latch does not check",
                 lt_constraints_type_name(bad_tag));
        return LT_ERR_UNSUPPORTED;
    }
    if (!subject->has_subject_alt_name)
        return 0;
    names = lt_reader_from_span(subject->subject_alt_name);
    while (lt_general_names_next(&names, &tag, &name) == 1) {
        bool has_type;
        char text[240];
        if (tag != LT_GN_DNS && tag != LT_GN_IP)
            continue;
        if (lt_constraints_match(ca->excluded_subtrees, tag, name, true, &has_type)) {
            lt_constraints_describe(tag, name, text, sizeof text);
            snprintf(why, why_cap, "%s is in its excluded subtrees", text);
            return LT_ERR_VERIFY;
        }
        if (!lt_constraints_match(ca->permitted_subtrees, tag, name, false, &has_type) &&
            has_type) {
            lt_constraints_describe(tag, name, text, sizeof text);
            snprintf(why, why_cap, "%s is outside its permitted subtrees", text);
            return LT_ERR_VERIFY;
        }
    }
    return 0;
}
