/* libFuzzer harness, differential: host name, IP address and e-mail address matching
 * (x509/name.c) against a second implementation written here from the RFCs alone, as simply as
 * they read: RFC 6125 §6.4 (DNS names: labels compared case-insensitively, a trailing dot
 * ignored, a wildcard in the left-most label only, partial wildcards such as "f*.example.com"
 * allowed, §6.4.3), §6.4.4 and RFC 5280 §4.2.1.6 (IP addresses: the bytes), RFC 8398 §5 and
 * RFC 5280 §7.5 (e-mail: the local part byte for byte, the domain case-insensitively). A
 * reference host that is an IP literal (a trailing dot dropped first, as the WHATWG URL parser
 * does) is an IP reference.
 *
 * The first byte picks DNS, IP or e-mail; the rest is the presented name (a subjectAltName
 * entry), a zero byte, and the reference text. Both sides say whether the reference is valid
 * (and what it is) and whether the certificate matches it; where they disagree the harness
 * aborts, except for latch's deliberate strictness, listed in docs/fuzzing.md and below in
 * deliberate(). */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/cert.h"
#include "x509/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the second implementation ---- */

static int m_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool m_same_nocase(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    if (a_len != b_len)
        return false;
    for (size_t i = 0; i < a_len; i++)
        if (m_lower(a[i]) != m_lower(b[i]))
            return false;
    return true;
}

/* RFC 1123 §2.1 host names: letters, digits and hyphens, and the underscore that real names
 * carry (latch's reference syntax, name.h) */
static bool m_label_char(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* dot-separated labels of 1 to 63 such characters, 253 bytes at most; *labels gets the count */
static bool m_host_ok(const uint8_t *s, size_t len, size_t *labels)
{
    size_t count = 0, start = 0;
    if (len == 0 || len > 253)
        return false;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (i == start || i - start > 63)
                return false;
            count++;
            start = i + 1;
        } else if (!m_label_char(s[i])) {
            return false;
        }
    }
    *labels = count;
    return true;
}

/* a dotted quad: four decimal numbers 0-255 without leading zeros (RFC 3986 §3.2.2 dec-octet) */
static bool m_ipv4(const char *s, uint8_t out[4])
{
    for (int part = 0; part < 4; part++) {
        unsigned value = 0;
        int digits = 0;
        if (part > 0 && *s++ != '.')
            return false;
        while (*s >= '0' && *s <= '9') {
            if (digits > 0 && value == 0)
                return false; /* a leading zero */
            value = value * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || value > 255)
                return false;
        }
        if (digits == 0)
            return false;
        out[part] = (uint8_t)value;
    }
    return *s == '\0';
}

/* An IP reference: the dotted quad above, or IPv6 text as libc reads it (latch reads it the same
 * way: that parser is not what this harness tests). Returns the address length, 0 if none. */
static size_t m_ip(const char *s, uint8_t out[16])
{
    if (m_ipv4(s, out))
        return 4;
    if (strchr(s, ':') != NULL && inet_pton(AF_INET6, s, out) == 1)
        return 16;
    return 0;
}

typedef enum { M_INVALID, M_DNS, M_IP, M_EMAIL } m_kind;

typedef struct {
    m_kind kind;
    char text[512];
    size_t len;
    uint8_t ip[16];
    size_t ip_len;
} m_ref;

/* A reference host: one trailing dot dropped, then an IP literal or a host name. */
static void m_ref_host(const char *s, m_ref *ref)
{
    size_t len = strlen(s), labels;
    memset(ref, 0, sizeof *ref);
    if (len > 0 && s[len - 1] == '.')
        len--;
    if (len >= sizeof ref->text)
        return;
    memcpy(ref->text, s, len);
    ref->len = len;
    if ((ref->ip_len = m_ip(ref->text, ref->ip)) > 0)
        ref->kind = M_IP;
    else if (m_host_ok((const uint8_t *)ref->text, len, &labels))
        ref->kind = M_DNS;
}

/* An addr-spec as RFC 5321 §4.1.2 allows it unquoted, simply: a local part of 1 to 64 printable
 * characters (up to the last '@'), then a host name. */
static void m_ref_email(const char *s, m_ref *ref)
{
    const char *at = strrchr(s, '@');
    size_t labels;
    memset(ref, 0, sizeof *ref);
    if (at == NULL || at == s || at - s > 64 || strlen(s) >= sizeof ref->text)
        return;
    for (const char *c = s; c < at; c++)
        if (*c < 0x21 || *c > 0x7e)
            return;
    if (!m_host_ok((const uint8_t *)at + 1, strlen(at + 1), &labels))
        return;
    ref->kind = M_EMAIL;
    ref->len = strlen(s);
    memcpy(ref->text, s, ref->len + 1);
}

/* RFC 6125 §6.4: does the presented dNSName p match the reference host? */
static bool m_dns_matches(const uint8_t *p, size_t len, const m_ref *ref)
{
    size_t labels, ref_labels;
    if (len > 0 && p[len - 1] == '.')
        len--;
    const uint8_t *dot = memchr(p, '.', len);
    const uint8_t *star = memchr(p, '*', len);
    if (star == NULL) /* §6.4.1: the whole name, ASCII case-insensitively */
        return m_host_ok(p, len, &labels) && m_same_nocase(p, len, (const uint8_t *)ref->text, ref->len);
    /* §6.4.3: one '*' in the left-most label only, standing for one label's characters; what
     * follows is a host name; the reference has the same number of labels */
    if (dot == NULL || star > dot || memchr(star + 1, '*', len - (size_t)(star + 1 - p)) != NULL)
        return false;
    size_t rest_len = len - (size_t)(dot + 1 - p);
    if (!m_host_ok(dot + 1, rest_len, &labels) ||
        !m_host_ok((const uint8_t *)ref->text, ref->len, &ref_labels) || ref_labels != labels + 1)
        return false;
    const uint8_t *r = (const uint8_t *)ref->text;
    const uint8_t *r_dot = memchr(r, '.', ref->len);
    size_t prefix = (size_t)(star - p), suffix = (size_t)(dot - star - 1), first = (size_t)(r_dot - r);
    return first >= prefix + suffix && m_same_nocase(p, prefix, r, prefix) &&
           m_same_nocase(star + 1, suffix, r + first - suffix, suffix) &&
           m_same_nocase(dot, len - (size_t)(dot - p), r_dot, ref->len - first);
}

/* RFC 8398 §5 with RFC 5280 §7.5: local parts byte for byte, domains case-insensitively */
static bool m_email_matches(const uint8_t *p, size_t len, const m_ref *ref)
{
    const uint8_t *at = NULL;
    for (size_t i = 0; i < len; i++)
        if (p[i] == '@')
            at = p + i;
    const char *ref_at = strrchr(ref->text, '@');
    if (at == NULL)
        return false;
    size_t local = (size_t)(at - p), ref_local = (size_t)(ref_at - ref->text);
    return local == ref_local && memcmp(p, ref->text, local) == 0 &&
           m_same_nocase(at + 1, len - local - 1, (const uint8_t *)ref_at + 1, ref->len - ref_local - 1);
}

/* ---- the deliberate strictness (docs/fuzzing.md): latch refuses what the RFC reading above
 * takes ---- */

/* 1. A partial wildcard ("f*.example.com", "*x.example.com"): RFC 6125 §6.4.3 lets a client
 *    match it; the CA/Browser Forum's BR §7.1.2.7.12 forbid issuing one, so latch never does.
 * 2. A wildcard over a single label ("*.com", "*.local"): RFC 6125 §7.2 warns of it; latch
 *    matches a wildcard only over two labels or more. */
static bool deliberate(const uint8_t *p, size_t len)
{
    size_t labels;
    if (len > 0 && p[len - 1] == '.')
        len--;
    const uint8_t *dot = memchr(p, '.', len);
    if (dot == NULL || memchr(p, '*', (size_t)(dot - p)) == NULL)
        return false;
    if (dot - p != 1)
        return true; /* 1 */
    return m_host_ok(dot + 1, len - 2, &labels) && labels == 1; /* 2 */
}

/* ---- the harness ---- */

static void fail(const char *what, const uint8_t *p, size_t len, const char *ref, int got, int want)
{
    fprintf(stderr, "fuzz_name: %s: presented '%.*s', reference '%s' (latch: %d, RFC reading: %d)\n", what,
            (int)len, (const char *)p, ref, got, want);
    abort();
}

/* GeneralNames contents holding one name of the given context tag */
static size_t general_name(uint8_t tag, const uint8_t *p, size_t len, uint8_t *out)
{
    size_t at = 0;
    out[at++] = (uint8_t)(0x80 | tag);
    if (len < 128) {
        out[at++] = (uint8_t)len;
    } else if (len < 256) {
        out[at++] = 0x81;
        out[at++] = (uint8_t)len;
    } else {
        out[at++] = 0x82;
        out[at++] = (uint8_t)(len >> 8);
        out[at++] = (uint8_t)len;
    }
    memcpy(out + at, p, len);
    return at + len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t san[70000];
    char reference[600];
    if (size < 1)
        return 0;
    int kind = data[0] % 3;
    const uint8_t *p = data + 1, *zero = memchr(p, 0, size - 1);
    size_t p_len = zero != NULL ? (size_t)(zero - p) : size - 1;
    size_t ref_len = zero != NULL ? size - 1 - p_len - 1 : 0;
    if (ref_len >= sizeof reference || p_len > 60000)
        return 0;
    memcpy(reference, zero != NULL ? zero + 1 : p, ref_len);
    reference[ref_len] = '\0';
    if (strlen(reference) != ref_len)
        return 0; /* a reference is a C string */

    lt_name_ref ref;
    m_ref model;
    int rc;
    if (kind == 0) {
        rc = lt_name_ref_host(reference, &ref);
        m_ref_host(reference, &model);
    } else if (kind == 1) {
        rc = lt_name_ref_ip(reference, &ref);
        memset(&model, 0, sizeof model);
        if ((model.ip_len = m_ip(reference, model.ip)) > 0)
            model.kind = M_IP;
    } else {
        rc = lt_name_ref_email(reference, &ref);
        m_ref_email(reference, &model);
    }
    if ((rc == 0) != (model.kind != M_INVALID))
        fail("a valid reference", p, p_len, reference, rc == 0, model.kind != M_INVALID);
    if (rc != 0)
        return 0;
    if (ref.is_ip != (model.kind == M_IP) || ref.is_email != (model.kind == M_EMAIL))
        fail("an IP or e-mail reference", p, p_len, reference, ref.is_ip * 2 + ref.is_email,
             (model.kind == M_IP) * 2 + (model.kind == M_EMAIL));
    if (ref.is_ip && (ref.ip_len != model.ip_len || memcmp(ref.ip, model.ip, ref.ip_len) != 0))
        fail("the reference's address", p, p_len, reference, (int)ref.ip_len, (int)model.ip_len);
    if (!ref.is_ip && !ref.is_email && (ref.host_len != model.len || memcmp(ref.host, model.text, model.len) != 0))
        fail("the reference's host name", p, p_len, reference, (int)ref.host_len, (int)model.len);

    /* the presented name as a certificate's only subjectAltName entry, of the kind of the
     * reference (a dNSName for a host, an iPAddress for an address, an rfc822Name for e-mail) */
    bool want;
    uint8_t tag;
    if (model.kind == M_DNS) {
        want = m_dns_matches(p, p_len, &model);
        tag = 2;
    } else if (model.kind == M_IP) {
        want = p_len == model.ip_len && memcmp(p, model.ip, p_len) == 0;
        tag = 7;
    } else {
        want = m_email_matches(p, p_len, &model);
        tag = 1;
    }
    lt_cert cert;
    memset(&cert, 0, sizeof cert);
    cert.has_subject_alt_name = true;
    cert.subject_alt_name = lt_span_make(san, general_name(tag, p, p_len, san));
    bool got = lt_name_cert_matches(&cert, &ref);
    if (got != want && !(want && !got && model.kind == M_DNS && deliberate(p, p_len)))
        fail("the certificate matches", p, p_len, reference, got, want);
    if (model.kind == M_DNS && lt_name_dns_matches(lt_span_make(p, p_len), ref.host, ref.host_len) != got)
        fail("lt_name_dns_matches and lt_name_cert_matches", p, p_len, reference, !got, got);
    return 0;
}
