/* Host name, IP address and e-mail address matching (see name.h; RFC 9525 §6.3, §6.4, §7.1;
 * RFC 8398 §5), and the syntax rules on a leaf's names (RFC 5280 §4.2.1.6, BR §7.1.2.7.12,
 * §7.1.4.3, §3.2.2.6). */
#include "x509/name.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "x509/der.h"
#include "x509/dn.h"
#include "x509/oid.h"

static int lt_name_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool lt_name_ldh(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* Checks that p[0..len) is dot-separated labels of 1..63 LDH characters. */
static bool lt_name_labels_ok(const uint8_t *p, size_t len, size_t *label_count)
{
    size_t label = 0, labels = 0;
    if (len == 0 || len > LT_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '.') {
            if (label == 0)
                return false;
            labels++;
            label = 0;
            continue;
        }
        if (!lt_name_ldh(p[i]) || ++label > 63)
            return false;
    }
    if (label == 0)
        return false;
    *label_count = labels + 1;
    return true;
}

int lt_name_ref_ip(const char *ip, lt_name_ref *ref)
{
    memset(ref, 0, sizeof *ref);
    if (inet_pton(AF_INET, ip, ref->ip) == 1)
        ref->ip_len = 4;
    else if (inet_pton(AF_INET6, ip, ref->ip) == 1)
        ref->ip_len = 16;
    else
        return LT_ERR_INVALID_ARG;
    ref->is_ip = true;
    return 0;
}

int lt_name_ref_host(const char *host, lt_name_ref *ref)
{
    char bare[LT_NAME_MAX + 1];
    size_t len = strlen(host), labels;
    memset(ref, 0, sizeof *ref);
    /* The trailing dot of the absolute form goes first: "10.0.0.1." is the address 10.0.0.1, as a
     * browser reads it (WHATWG URL's IPv4 parser), never a DNS name whose last label is all
     * digits (RFC 1123 §2.1), which a dNSName spelling the address would match (fuzz_name) */
    if (len > 0 && host[len - 1] == '.')
        len--;
    if (len > LT_NAME_MAX)
        return LT_ERR_INVALID_ARG;
    memcpy(bare, host, len);
    bare[len] = '\0';
    if (lt_name_ref_ip(bare, ref) == 0)
        return 0;
    memset(ref, 0, sizeof *ref);
    if (!lt_name_labels_ok((const uint8_t *)bare, len, &labels))
        return LT_ERR_INVALID_ARG;
    memcpy(ref->host, bare, len + 1);
    ref->host_len = len;
    return 0;
}

static bool lt_name_equal_nocase(const uint8_t *a, const uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (lt_name_lower(a[i]) != lt_name_lower(b[i]))
            return false;
    return true;
}

bool lt_name_dns_matches(lt_span presented, const char *host, size_t host_len)
{
    const uint8_t *p = presented.p, *h = (const uint8_t *)host;
    size_t len = presented.len, labels;
    if (len > 0 && p[len - 1] == '.')
        len--;
    if (len >= 2 && p[0] == '*' && p[1] == '.') {
        /* The wildcard stands for exactly one whole label, and what follows it must be at least
         * two labels, so "*.com" matches nothing. */
        const uint8_t *suffix = p + 1; /* ".example.com" */
        size_t suffix_len = len - 1;
        if (!lt_name_labels_ok(suffix + 1, suffix_len - 1, &labels) || labels < 2)
            return false;
        const uint8_t *dot = memchr(h, '.', host_len);
        if (dot == NULL || dot == h)
            return false;
        size_t rest_len = host_len - (size_t)(dot - h);
        return rest_len == suffix_len && lt_name_equal_nocase(dot, suffix, suffix_len);
    }
    if (!lt_name_labels_ok(p, len, &labels))
        return false; /* a malformed or partial-label wildcard ("f*.example") never matches */
    return len == host_len && lt_name_equal_nocase(p, h, len);
}

int lt_name_ref_email(const char *addr, lt_name_ref *ref)
{
    size_t len = strlen(addr), labels;
    const char *at = strrchr(addr, '@');
    memset(ref, 0, sizeof *ref);
    if (at == NULL || at == addr || (size_t)(at - addr) > 64 || len > LT_EMAIL_MAX)
        return LT_ERR_INVALID_ARG;
    for (const char *c = addr; c < at; c++)
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f)
            return LT_ERR_INVALID_ARG;
    if (!lt_name_labels_ok((const uint8_t *)at + 1, strlen(at + 1), &labels))
        return LT_ERR_INVALID_ARG;
    memcpy(ref->email, addr, len + 1);
    ref->email_len = len;
    ref->is_email = true;
    return 0;
}

/* An rfc822Name matches a mailbox when the local parts are equal byte for byte and the domains
 * equal ignoring ASCII case (RFC 5280 §4.2.1.6 and §7.5: the local part is case-sensitive). */
static bool lt_name_email_matches(lt_span presented, const char *want, size_t want_len)
{
    const uint8_t *at = NULL;
    const char *want_at = strrchr(want, '@');
    for (size_t i = 0; i < presented.len; i++)
        if (presented.p[i] == '@')
            at = presented.p + i;
    if (at == NULL || want_at == NULL || presented.len != want_len)
        return false;
    size_t local = (size_t)(at - presented.p);
    return local == (size_t)(want_at - want) && memcmp(presented.p, want, local) == 0 &&
           lt_name_equal_nocase(at, (const uint8_t *)want_at, want_len - local);
}

bool lt_name_cert_matches(const lt_cert *cert, const lt_name_ref *ref)
{
    lt_reader names;
    unsigned tag;
    lt_span value;
    if (!cert->has_subject_alt_name)
        return false;
    names = lt_reader_from_span(cert->subject_alt_name);
    while (lt_general_names_next(&names, &tag, &value) == 1) {
        if (ref->is_email) {
            if (tag == LT_GN_RFC822 && lt_name_email_matches(value, ref->email, ref->email_len))
                return true;
        } else if (ref->is_ip && tag == LT_GN_IP) {
            if (value.len == ref->ip_len && memcmp(value.p, ref->ip, ref->ip_len) == 0)
                return true;
        } else if (!ref->is_ip && tag == LT_GN_DNS) {
            if (lt_name_dns_matches(value, ref->host, ref->host_len))
                return true;
        }
    }
    return false;
}

void lt_name_ip_text(const uint8_t *ip, size_t len, char *out, size_t cap)
{
    char text[INET6_ADDRSTRLEN] = "?";
    if (len == 4)
        inet_ntop(AF_INET, ip, text, sizeof text);
    else if (len == 16)
        inet_ntop(AF_INET6, ip, text, sizeof text);
    snprintf(out, cap, "%s", text);
}

void lt_name_list_sans(const lt_cert *cert, char *out, size_t cap)
{
    size_t used = 0;
    lt_reader names;
    unsigned tag;
    lt_span value;
    if (cap == 0)
        return;
    out[0] = '\0';
    if (!cert->has_subject_alt_name)
        return;
    names = lt_reader_from_span(cert->subject_alt_name);
    while (lt_general_names_next(&names, &tag, &value) == 1 && used + 1 < cap) {
        char item[300];
        if (tag == LT_GN_DNS) {
            size_t n = value.len < 253 ? value.len : 253;
            memcpy(item, "DNS:", 4);
            for (size_t i = 0; i < n; i++)
                item[4 + i] = (char)(value.p[i] >= 0x20 && value.p[i] < 0x7f ? value.p[i] : '?');
            item[4 + n] = '\0';
        } else if (tag == LT_GN_IP) {
            char ip[INET6_ADDRSTRLEN];
            lt_name_ip_text(value.p, value.len, ip, sizeof ip);
            snprintf(item, sizeof item, "IP:%s", ip);
        } else if (tag == LT_GN_RFC822) {
            size_t n = value.len < 253 ? value.len : 253;
            memcpy(item, "email:", 6);
            for (size_t i = 0; i < n; i++)
                item[6 + i] = (char)(value.p[i] >= 0x20 && value.p[i] < 0x7f ? value.p[i] : '?');
            item[6 + n] = '\0';
        } else {
            continue;
        }
        int n = snprintf(out + used, cap - used, "%s%s", used ? ", " : "", item);
        if (n < 0)
            break;
        used += (size_t)n;
        if (used >= cap) {
            used = cap - 1;
            out[used] = '\0';
        }
    }
}

bool lt_name_dns_syntax_ok(lt_span name, bool allow_wildcard)
{
    const uint8_t *p = name.p;
    size_t len = name.len, label = 0;
    bool all_digits = true;
    if (len == 0 || len > LT_NAME_MAX)
        return false;
    if (allow_wildcard && len >= 2 && p[0] == '*' && p[1] == '.') {
        p += 2;
        len -= 2;
    }
    for (size_t i = 0; i < len; i++) {
        uint8_t c = p[i];
        if (c == '.') {
            if (label == 0 || p[i - 1] == '-')
                return false;
            label = 0;
            all_digits = true;
            continue;
        }
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if (!letter && !digit && !(c == '-' && label > 0))
            return false; /* underscores, '*' inside a name, a label starting with '-' */
        if (++label > 63)
            return false;
        all_digits &= digit;
    }
    /* RFC 1123 §2.1: the top-level label is alphabetic, so no name looks like an address */
    return label > 0 && p[len - 1] != '-' && !all_digits;
}

static int lt_name_count(void *arg, uint8_t tag, lt_span value)
{
    (void)tag;
    (void)value;
    ++*(size_t *)arg;
    return 0;
}

typedef struct {
    const lt_cert *leaf;
    char *why;
    size_t cap;
} lt_name_cn_check;

/* A CN that is not a copy of any SAN: BR §7.1.4.3 wants "exactly one entry that is one of the
 * values contained in the Certificate's subjectAltName extension", the dNSName character for
 * character, an iPAddress in its RFC 5952 / dotted-quad text. Returns 1 when cn is no copy. */
static int lt_name_cn_not_copy(void *arg, uint8_t tag, lt_span cn)
{
    lt_name_cn_check *check = arg;
    lt_reader names;
    unsigned gn_tag;
    lt_span value;
    if (tag == LT_DER_UTF8_STRING || tag == LT_DER_PRINTABLE_STRING || tag == LT_DER_IA5_STRING) {
        names = lt_reader_from_span(check->leaf->subject_alt_name);
        while (check->leaf->has_subject_alt_name &&
               lt_general_names_next(&names, &gn_tag, &value) == 1) {
            if (gn_tag == LT_GN_DNS && lt_span_eq(value, cn))
                return 0;
            if (gn_tag == LT_GN_IP && (value.len == 4 || value.len == 16)) {
                char text[INET6_ADDRSTRLEN];
                lt_name_ip_text(value.p, value.len, text, sizeof text);
                if (strlen(text) == cn.len && memcmp(text, cn.p, cn.len) == 0)
                    return 0;
            }
        }
    }
    snprintf(check->why, check->cap,
             "its subject common name '%.*s' is not a copy of any of its subjectAltNames",
             (int)(cn.len > 100 ? 100 : cn.len), (const char *)cn.p);
    for (char *c = check->why; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
            *c = '?';
    return 1;
}

static void lt_name_say(char *why, size_t cap, const char *before, lt_span value, const char *after)
{
    snprintf(why, cap, "%s%.*s%s", before, (int)(value.len > 100 ? 100 : value.len),
             (const char *)value.p, after);
    for (char *c = why; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
            *c = '?';
}

/* One subjectAltName entry's syntax; for a server certificate, a wildcard's parent must not be
 * a public suffix. */
static lt_name_verdict lt_name_check_entry(unsigned tag, lt_span value, bool server,
                                           const lt_psl *psl, char *why, size_t cap)
{
    if (tag == LT_GN_DNS) {
        if (!lt_name_dns_syntax_ok(value, true)) {
            lt_name_say(why, cap, "its subjectAltName DNS:", value, " is not a valid DNS name");
            return LT_NAME_BAD_NAME;
        }
        if (server && value.len >= 2 && value.p[0] == '*' &&
            lt_psl_is_public_suffix(psl, value.p + 2, value.len - 2)) {
            lt_name_say(why, cap, "its subjectAltName DNS:", value,
                        " is a wildcard directly above a public suffix");
            return LT_NAME_BAD_NAME;
        }
    } else if (tag == LT_GN_IP && value.len != 4 && value.len != 16) {
        snprintf(why, cap, "its subjectAltName has an IP address of %zu bytes (4 or 16 expected)",
                 value.len);
        return LT_NAME_BAD_NAME;
    } else if (tag == LT_GN_RFC822) {
        const uint8_t *at = NULL;
        for (size_t i = 0; i < value.len; i++)
            if (value.p[i] == '@')
                at = value.p + i;
        if (at == NULL || at == value.p ||
            !lt_name_dns_syntax_ok(lt_span_make(at + 1, value.len - (size_t)(at + 1 - value.p)), false)) {
            lt_name_say(why, cap, "its subjectAltName email:", value,
                        " is not a valid e-mail address");
            return LT_NAME_BAD_NAME;
        }
    }
    return LT_NAME_OK;
}

lt_name_verdict lt_name_check_leaf(const lt_cert *leaf, bool server, const lt_psl *psl,
                                   char *why, size_t cap)
{
    /* an empty Name is the SEQUENCE header alone */
    bool empty_subject = leaf->subject.len <= 2;
    lt_reader names;
    unsigned tag;
    lt_span value;

    if (leaf->has_name_constraints && !(leaf->has_basic_constraints && leaf->is_ca)) {
        snprintf(why, cap, "it has nameConstraints but is not a CA certificate (RFC 5280 §4.2.1.10)");
        return LT_NAME_BAD_EXTENSION;
    }
    if (empty_subject && (!leaf->has_subject_alt_name || !leaf->subject_alt_name_critical)) {
        snprintf(why, cap, "its subject is empty, so it needs a critical subjectAltName (RFC 5280 §4.2.1.6)");
        return LT_NAME_BAD_EXTENSION;
    }
    if (server && !empty_subject && leaf->has_subject_alt_name && leaf->subject_alt_name_critical) {
        snprintf(why, cap, "its subjectAltName is critical although its subject is not empty (BR §7.1.2.7.12)");
        return LT_NAME_BAD_EXTENSION;
    }
    if (leaf->has_subject_alt_name) {
        names = lt_reader_from_span(leaf->subject_alt_name);
        while (lt_general_names_next(&names, &tag, &value) == 1) {
            lt_name_verdict v = lt_name_check_entry(tag, value, server, psl, why, cap);
            if (v != LT_NAME_OK)
                return v;
        }
    }
    if (server) {
        /* BR §7.1.4.3: "a single IP address or Fully-Qualified Domain Name", so at most one CN;
         * which also keeps comparing the CN with the SANs linear in the certificate */
        lt_name_cn_check check = { leaf, why, cap };
        size_t cns = 0;
        (void)lt_dn_each_attribute(leaf->subject, LT_OID_AT_COMMON_NAME, sizeof LT_OID_AT_COMMON_NAME,
                                     lt_name_count, &cns);
        if (cns > 1) {
            snprintf(why, cap, "its subject has %zu common names (BR §7.1.4.3 allows one)", cns);
            return LT_NAME_BAD_NAME;
        }
        if (lt_dn_each_attribute(leaf->subject, LT_OID_AT_COMMON_NAME, sizeof LT_OID_AT_COMMON_NAME,
                                   lt_name_cn_not_copy, &check) != 0)
            return LT_NAME_BAD_NAME;
    }
    return LT_NAME_OK;
}
