/* Host name and IP address matching (see name.h; RFC 9525 §6.3, §6.4, §7.1). */
#include "x509/name.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

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
    size_t len = strlen(host), labels;
    if (lt_name_ref_ip(host, ref) == 0)
        return 0;
    memset(ref, 0, sizeof *ref);
    if (len > 0 && host[len - 1] == '.')
        len--;
    if (!lt_name_labels_ok((const uint8_t *)host, len, &labels))
        return LT_ERR_INVALID_ARG;
    memcpy(ref->host, host, len);
    ref->host[len] = '\0';
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

bool lt_name_cert_matches(const lt_cert *cert, const lt_name_ref *ref)
{
    lt_reader names;
    unsigned tag;
    lt_span value;
    if (!cert->has_subject_alt_name)
        return false;
    names = lt_reader_from_span(cert->subject_alt_name);
    while (lt_general_names_next(&names, &tag, &value) == 1) {
        if (ref->is_ip && tag == LT_GN_IP) {
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
