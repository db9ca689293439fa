/* Name constraint checking (see constraints.h; RFC 5280 §4.2.1.10, §6.1.3 (b)-(c)).
 *  - dNSName: whole labels from the right ("example.com" covers "example.com" and
 *    "a.example.com"; the leading-dot form ".example.com" covers subdomains only, as OpenSSL and
 *    rustls-webpki read it); an excluded subtree also refuses a wildcard that could stand for a
 *    name inside it.
 *  - iPAddress: address and mask (the mask a prefix), only against addresses of the same size.
 *  - rfc822Name: a mailbox ("a@host", local part exact, host without case), a host ("host": every
 *    mailbox there) or a domain (".host": every mailbox at a host under it), against rfc822Name
 *    entries and the subject's emailAddress attributes.
 *  - directoryName: the constraint's RDNs a prefix of the name's, against the subject and
 *    directoryName entries. RDNs compare as RFC 5280 §7.1 asks for the common case: equal bytes,
 *    or attribute by attribute the same types and values, where PrintableString and UTF8String
 *    values compare without ASCII case and with leading, trailing and repeated spaces ignored.
 *    Other Unicode case foldings of RFC 4518 are not applied: such values compare as bytes. */
#include "x509/constraints.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "x509/der.h"
#include "x509/dn.h"
#include "x509/name.h"
#include "x509/oid.h"

static const char *lt_constraints_type_name(unsigned tag)
{
    static const char *const names[] = { "otherName", "rfc822Name", "dNSName", "x400Address",
                                         "directoryName", "ediPartyName", "URI", "iPAddress",
                                         "registeredID" };
    return tag < sizeof names / sizeof names[0] ? names[tag] : "unknown";
}

static bool lt_constraints_checked_type(unsigned tag)
{
    return tag == LT_GN_DNS || tag == LT_GN_IP || tag == LT_GN_RFC822 || tag == LT_GN_DIRECTORY;
}

static int lt_constraints_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool lt_constraints_equal_nocase(const uint8_t *a, const uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (lt_constraints_lower(a[i]) != lt_constraints_lower(b[i]))
            return false;
    return true;
}

static bool lt_constraints_suffix(const uint8_t *name, size_t name_len, const uint8_t *suffix,
                                  size_t suffix_len)
{
    if (suffix_len > name_len)
        return false;
    return lt_constraints_equal_nocase(name + name_len - suffix_len, suffix, suffix_len);
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

/* The position of the last '@' of an addr-spec, or NULL. */
static const uint8_t *lt_constraints_at_sign(lt_span mail)
{
    const uint8_t *at = NULL;
    for (size_t i = 0; i < mail.len; i++)
        if (mail.p[i] == '@')
            at = mail.p + i;
    return at;
}

/* Does the mailbox fall inside the rfc822Name subtree base? A mailbox without '@' falls inside
 * nothing (and the caller treats it as inside every excluded subtree). */
static bool lt_constraints_mail_within(lt_span mail, lt_span base)
{
    const uint8_t *at = lt_constraints_at_sign(mail), *base_at = lt_constraints_at_sign(base);
    if (at == NULL)
        return false;
    lt_span host = { at + 1, mail.len - (size_t)(at + 1 - mail.p) };
    if (base_at != NULL) {
        size_t local = (size_t)(at - mail.p);
        return mail.len == base.len && local == (size_t)(base_at - base.p) &&
               memcmp(mail.p, base.p, local) == 0 &&
               lt_constraints_equal_nocase(at, base_at, mail.len - local);
    }
    if (base.len > 0 && base.p[0] == '.')
        return host.len > base.len && lt_constraints_suffix(host.p, host.len, base.p, base.len);
    return host.len == base.len && lt_constraints_equal_nocase(host.p, base.p, base.len);
}

/* A DirectoryString value with ASCII case and insignificant spaces folded, into out (at most
 * cap bytes). Returns the length, or -1 when it does not fit (then values compare as bytes). */
static int lt_constraints_fold(lt_span v, uint8_t *out, size_t cap)
{
    size_t n = 0, i = 0;
    if (v.len > 2 * cap)
        return -1; /* too long to fold into cap bytes: compared as bytes, in bounded time */
    while (i < v.len && v.p[i] == ' ')
        i++;
    for (; i < v.len; i++) {
        if (v.p[i] == ' ' && (i + 1 == v.len || v.p[i + 1] == ' '))
            continue; /* a run of spaces keeps its last one, unless it ends the value */
        if (n == cap)
            return -1;
        out[n++] = (uint8_t)lt_constraints_lower(v.p[i]);
    }
    return (int)n;
}

static bool lt_constraints_is_text(uint8_t tag)
{
    return tag == LT_DER_PRINTABLE_STRING || tag == LT_DER_UTF8_STRING;
}

static bool lt_constraints_value_equal(lt_der_elem a, lt_der_elem b)
{
    uint8_t fa[256], fb[256];
    if (a.tag == b.tag && lt_span_eq(a.value, b.value))
        return true;
    if (!lt_constraints_is_text(a.tag) || !lt_constraints_is_text(b.tag))
        return false;
    int na = lt_constraints_fold(a.value, fa, sizeof fa);
    int nb = lt_constraints_fold(b.value, fb, sizeof fb);
    return na >= 0 && na == nb && memcmp(fa, fb, (size_t)na) == 0;
}

/* Two RDNs (SET OF AttributeTypeAndValue, contents): DER sorts a SET's members, so equal RDNs
 * list their attributes in one order. */
static bool lt_constraints_rdn_equal(lt_span a, lt_span b)
{
    if (lt_span_eq(a, b))
        return true;
    lt_reader ra = lt_reader_from_span(a), rb = lt_reader_from_span(b);
    while (lt_reader_ok(&ra) && lt_reader_ok(&rb) && !lt_reader_empty(&ra) && !lt_reader_empty(&rb)) {
        lt_reader atv_a = lt_der_enter(&ra, LT_DER_SEQUENCE), atv_b = lt_der_enter(&rb, LT_DER_SEQUENCE);
        lt_span type_a = lt_der_expect(&atv_a, LT_DER_OID), type_b = lt_der_expect(&atv_b, LT_DER_OID);
        lt_der_elem value_a = lt_der_read(&atv_a), value_b = lt_der_read(&atv_b);
        if (!lt_reader_done(&atv_a) || !lt_reader_done(&atv_b) || !lt_span_eq(type_a, type_b) ||
            !lt_constraints_value_equal(value_a, value_b))
            return false;
    }
    return lt_reader_done(&ra) && lt_reader_done(&rb);
}

/* Is base (RDNSequence contents) a prefix of name (RDNSequence contents)? */
static bool lt_constraints_dn_within(lt_span name, lt_span base)
{
    lt_reader rn = lt_reader_from_span(name), rb = lt_reader_from_span(base);
    while (lt_reader_ok(&rb) && !lt_reader_empty(&rb)) {
        lt_span base_rdn = lt_der_expect(&rb, LT_DER_SET);
        if (!lt_reader_ok(&rn) || lt_reader_empty(&rn))
            return false;
        lt_span name_rdn = lt_der_expect(&rn, LT_DER_SET);
        if (!lt_reader_ok(&rn) || !lt_reader_ok(&rb) || !lt_constraints_rdn_equal(name_rdn, base_rdn))
            return false;
    }
    return lt_reader_ok(&rb);
}

/* The contents of the Name a directoryName holds ([4] EXPLICIT Name). */
static lt_span lt_constraints_directory(lt_span value)
{
    lt_reader r = lt_reader_from_span(value);
    lt_span name = lt_der_expect(&r, LT_DER_SEQUENCE);
    return lt_reader_done(&r) ? name : lt_span_make(NULL, 0);
}

static bool lt_constraints_within(unsigned tag, lt_span name, lt_span base, bool excluded)
{
    switch (tag) {
    case LT_GN_DNS:
        return lt_constraints_dns_within(name, base) ||
               (excluded && lt_constraints_wildcard_reaches(name, base));
    case LT_GN_IP:
        return lt_constraints_ip_within(name, base);
    case LT_GN_RFC822:
        /* a mailbox latch cannot read is taken as inside every excluded subtree */
        return lt_constraints_mail_within(name, base) ||
               (excluded && lt_constraints_at_sign(name) == NULL);
    case LT_GN_DIRECTORY:
        return lt_constraints_dn_within(name, lt_constraints_directory(base));
    default:
        return false;
    }
}

/* Looks for name (of type tag; for directoryName, RDNSequence contents) in subtrees.
 * *has_type says whether any subtree has that type. */
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
        if (lt_constraints_within(tag, name, base, excluded))
            return true;
    }
    return false;
}

/* Whether one constraint is in valid syntax (RFC 5280 §4.2.1.10). */
static bool lt_constraints_base_ok(unsigned tag, lt_span base)
{
    if (tag == LT_GN_DNS) {
        if (base.len == 0)
            return true; /* every name */
        if (base.p[0] == '.')
            base = lt_span_make(base.p + 1, base.len - 1);
        return lt_name_dns_syntax_ok(base, false);
    }
    if (tag == LT_GN_IP) {
        if (base.len != 8 && base.len != 32)
            return false;
        bool zeros = false;
        for (size_t i = base.len / 2; i < base.len; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                bool one = (base.p[i] >> bit) & 1;
                if (one && zeros)
                    return false; /* the mask is not a prefix */
                zeros |= !one;
            }
        }
        return true;
    }
    if (tag == LT_GN_RFC822) {
        const uint8_t *at = lt_constraints_at_sign(base);
        if (at != NULL) {
            if (at == base.p)
                return false;
            base = lt_span_make(at + 1, base.len - (size_t)(at + 1 - base.p));
        } else if (base.len > 0 && base.p[0] == '.') {
            base = lt_span_make(base.p + 1, base.len - 1);
        }
        return lt_name_dns_syntax_ok(base, false);
    }
    if (tag == LT_GN_DIRECTORY) {
        lt_reader r = lt_reader_from_span(lt_constraints_directory(base));
        if (lt_constraints_directory(base).p == NULL)
            return false;
        while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
            lt_reader set = lt_der_enter(&r, LT_DER_SET);
            if (lt_reader_empty(&set))
                return false;
            while (lt_reader_ok(&set) && !lt_reader_empty(&set)) {
                lt_reader atv = lt_der_enter(&set, LT_DER_SEQUENCE);
                lt_der_expect(&atv, LT_DER_OID);
                lt_der_read(&atv);
                if (!lt_reader_done(&atv))
                    return false;
            }
            if (!lt_reader_done(&set))
                return false;
        }
        return lt_reader_done(&r);
    }
    return true;
}

static size_t lt_constraints_count(lt_span list, bool general_names)
{
    lt_reader r = lt_reader_from_span(list);
    size_t n = 0;
    unsigned tag;
    lt_span value;
    if (general_names) {
        while (lt_general_names_next(&r, &tag, &value) == 1)
            n++;
        return n;
    }
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        lt_der_read(&r);
        n++;
    }
    return n;
}

/* How many emailAddress attributes the subject has (each checked as an rfc822Name). */
static size_t lt_constraints_count_emails(lt_span subject)
{
    lt_reader r = lt_reader_from_span(subject);
    lt_reader rdns = lt_der_enter(&r, LT_DER_SEQUENCE);
    size_t n = 0;
    while (lt_reader_ok(&rdns) && !lt_reader_empty(&rdns)) {
        lt_reader set = lt_der_enter(&rdns, LT_DER_SET);
        while (lt_reader_ok(&set) && !lt_reader_empty(&set)) {
            lt_reader atv = lt_der_enter(&set, LT_DER_SEQUENCE);
            lt_span type = lt_der_expect(&atv, LT_DER_OID);
            n += lt_reader_ok(&atv) &&
                 lt_der_oid_is(type, LT_OID_AT_EMAIL_ADDRESS, sizeof LT_OID_AT_EMAIL_ADDRESS);
        }
    }
    return n;
}

size_t lt_constraints_cost(const lt_cert *ca, const lt_cert *subject)
{
    size_t names = 1 + lt_constraints_count_emails(subject->subject) +
                   (subject->has_subject_alt_name ? lt_constraints_count(subject->subject_alt_name, true) : 0);
    size_t subtrees = lt_constraints_count(ca->permitted_subtrees, false) +
                      lt_constraints_count(ca->excluded_subtrees, false);
    return names * subtrees;
}

/* Finds a constraint in invalid syntax (returns 1, its type in *tag_out) and notes in *types
 * (bit per GeneralName tag) which types are constrained. */
static int lt_constraints_scan(lt_span subtrees, unsigned *types, unsigned *tag_out)
{
    lt_reader r = lt_reader_from_span(subtrees);
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        lt_span body = lt_der_expect(&r, LT_DER_SEQUENCE);
        lt_reader subtree = lt_reader_from_span(body);
        unsigned tag;
        lt_span base;
        if (lt_general_names_next(&subtree, &tag, &base) != 1) {
            /* the parse (cert.c) refuses such a certificate; refused here too, not skipped */
            *tag_out = body.len > 0 ? body.p[0] & 0x1fu : LT_GN_REGISTERED_ID + 1;
            return 1;
        }
        *types |= 1u << tag;
        if (!lt_constraints_base_ok(tag, base)) {
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
    } else if (tag == LT_GN_DIRECTORY) {
        snprintf(out, cap, "its directory name");
    } else {
        snprintf(out, cap, "%s:%.*s", tag == LT_GN_DNS ? "DNS" : "email",
                 (int)(name.len > 200 ? 200 : name.len), (const char *)name.p);
        for (char *c = out; *c; c++)
            if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
                *c = '?';
    }
}

/* One name of the subject against both subtree lists. */
static int lt_constraints_one(const lt_cert *ca, unsigned tag, lt_span name, char *why,
                              size_t why_cap)
{
    bool has_type;
    char text[240];
    if (lt_constraints_match(ca->excluded_subtrees, tag, name, true, &has_type)) {
        lt_constraints_describe(tag, name, text, sizeof text);
        snprintf(why, why_cap, "%s is in its excluded subtrees", text);
        return LT_ERR_VERIFY;
    }
    if (!lt_constraints_match(ca->permitted_subtrees, tag, name, false, &has_type) && has_type) {
        lt_constraints_describe(tag, name, text, sizeof text);
        snprintf(why, why_cap, "%s is outside its permitted subtrees", text);
        return LT_ERR_VERIFY;
    }
    return 0;
}

/* RFC 5280 §4.2.1.10: rfc822Name constraints apply to emailAddress attributes of the subject
 * too (OpenSSL applies them always; so does latch, the stricter reading). */
typedef struct {
    const lt_cert *ca;
    char *why;
    size_t why_cap;
} lt_constraints_email_check;

static int lt_constraints_email_one(void *arg, uint8_t tag, lt_span value)
{
    (void)tag;
    const lt_constraints_email_check *c = arg;
    return lt_constraints_one(c->ca, LT_GN_RFC822, value, c->why, c->why_cap);
}

static int lt_constraints_subject_emails(const lt_cert *ca, lt_span subject, char *why, size_t why_cap)
{
    lt_constraints_email_check check = { ca, why, why_cap };
    return lt_dn_each_attribute(subject, LT_OID_AT_EMAIL_ADDRESS, sizeof LT_OID_AT_EMAIL_ADDRESS,
                                lt_constraints_email_one, &check);
}

int lt_constraints_check(const lt_cert *ca, const lt_cert *subject, size_t *budget, char *why,
                         size_t why_cap)
{
    unsigned types = 0, bad_tag = 0;
    lt_reader names;
    unsigned tag;
    lt_span name;

    if (!ca->has_name_constraints)
        return 0;
    size_t cost = lt_constraints_cost(ca, subject);
    if (cost > *budget) {
        snprintf(why, why_cap,
                 "checking its name constraints would take more than the %u comparisons a path may use",
                 LT_CONSTRAINTS_MAX_COMPARISONS);
        return LT_ERR_LIMIT;
    }
    *budget -= cost;
    if (lt_constraints_scan(ca->permitted_subtrees, &types, &bad_tag) ||
        lt_constraints_scan(ca->excluded_subtrees, &types, &bad_tag)) {
        snprintf(why, why_cap, "one of its %s name constraints is not in valid syntax",
                 lt_constraints_type_name(bad_tag));
        return LT_ERR_DECODE;
    }
    if ((types & (1u << LT_GN_DIRECTORY)) && subject->subject.len > 2) {
        lt_reader r = lt_reader_from_span(subject->subject);
        lt_span rdns = lt_der_expect(&r, LT_DER_SEQUENCE);
        LT_TRY(lt_constraints_one(ca, LT_GN_DIRECTORY, rdns, why, why_cap));
    }
    if (types & (1u << LT_GN_RFC822))
        LT_TRY(lt_constraints_subject_emails(ca, subject->subject, why, why_cap));
    if (!subject->has_subject_alt_name)
        return 0;
    names = lt_reader_from_span(subject->subject_alt_name);
    while (lt_general_names_next(&names, &tag, &name) == 1) {
        if (!(types & (1u << tag)))
            continue;
        if (!lt_constraints_checked_type(tag)) {
            snprintf(why, why_cap,
                     "it has %s name constraints, which latch does not check, and a %s name is below it",
                     lt_constraints_type_name(tag), lt_constraints_type_name(tag));
            return LT_ERR_UNSUPPORTED;
        }
        if (tag == LT_GN_DIRECTORY) {
            name = lt_constraints_directory(name);
            if (name.p == NULL) {
                snprintf(why, why_cap, "a directoryName below it is malformed");
                return LT_ERR_VERIFY;
            }
        }
        LT_TRY(lt_constraints_one(ca, tag, name, why, why_cap));
    }
    return 0;
}
