/* The Public Suffix List (see psl.h): its format (https://github.com/publicsuffix/list/wiki/Format:
 * one rule per line up to the first white space, "//" comments, "*." wildcard and "!" exception
 * rules), the algorithm that decides a name's public suffix, and RFC 3492 Punycode for the rules
 * written in Unicode. The parse is linear in the file and bounded by LT_PSL_MAX_FILE and
 * LT_PSL_MAX_RULES; a lookup is a few binary searches. */
#include "x509/psl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"

#define LT_PSL_NAME_MAX 253
#define LT_PSL_LABEL_MAX 63

/* A rule is stored as the name it is about: "co.uk" for "co.uk", "ck" for "*.ck", "www.ck" for
 * "!www.ck". */
enum { LT_PSL_NORMAL = 0, LT_PSL_WILDCARD = 1, LT_PSL_EXCEPTION = 2 };

typedef struct {
    const char *name;   /* into lt_psl.names, set once the list is read */
    uint32_t off;
    uint16_t len;
    uint8_t kind;
} lt_psl_rule;

struct lt_psl {
    char *names;        /* every rule's name, lowercase A-labels, back to back */
    size_t names_len, names_cap;
    lt_psl_rule *rules; /* sorted by kind, then name */
    size_t count, cap;
};

static int lt_psl_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* RFC 3492 §6.1 bias adaptation. */
static uint32_t lt_psl_adapt(uint32_t delta, uint32_t points, int first)
{
    uint32_t k = 0;
    delta = first ? delta / 700 : delta / 2;
    delta += delta / points;
    while (delta > ((36 - 1) * 26) / 2) {
        delta /= 36 - 1;
        k += 36;
    }
    return k + (36 * delta) / (delta + 38);
}

/* Appends the Punycode of code points cp[0..n) (RFC 3492 §6.3) at out[*at..cap). Returns 0, or
 * -1 when it does not fit or would overflow (never for a label that fits in 63 bytes). */
static int lt_psl_punycode(const uint32_t *cp, size_t n, char *out, size_t cap, size_t *at)
{
    uint32_t code = 128, bias = 72, delta = 0, handled = 0, basic = 0;
    for (size_t i = 0; i < n; i++) {
        if (cp[i] < 0x80) {
            if (*at >= cap)
                return -1;
            out[(*at)++] = (char)lt_psl_lower((int)cp[i]);
            basic++;
        }
    }
    handled = basic;
    if (basic > 0) {
        if (*at >= cap)
            return -1;
        out[(*at)++] = '-';
    }
    while (handled < n) {
        uint32_t next = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            if (cp[i] >= code && cp[i] < next)
                next = cp[i];
        /* n is at most LT_PSL_LABEL_MAX and code points at most 0x10FFFF: delta stays far below
         * 2^32, but check as §6.4 asks */
        if ((uint64_t)(next - code) * (handled + 1) + delta > UINT32_MAX)
            return -1;
        delta += (next - code) * (handled + 1);
        code = next;
        for (size_t i = 0; i < n; i++) {
            if (cp[i] < code) {
                delta++;
            } else if (cp[i] == code) {
                uint32_t q = delta;
                for (uint32_t k = 36;; k += 36) {
                    uint32_t t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
                    if (q < t)
                        break;
                    uint32_t digit = t + (q - t) % (36 - t);
                    if (*at >= cap)
                        return -1;
                    out[(*at)++] = (char)(digit < 26 ? 'a' + digit : '0' + digit - 26);
                    q = (q - t) / (36 - t);
                }
                if (*at >= cap)
                    return -1;
                out[(*at)++] = (char)(q < 26 ? 'a' + q : '0' + q - 26);
                bias = lt_psl_adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled++;
            }
        }
        delta++;
        code++;
    }
    return 0;
}

/* Decodes one UTF-8 character at p[*i..len) (RFC 3629: shortest form, no surrogates). */
static int lt_psl_utf8(const uint8_t *p, size_t len, size_t *i, uint32_t *cp)
{
    uint8_t c = p[*i];
    size_t extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;
    static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
    uint32_t v;
    if (extra == 4 || extra >= len - *i)
        return -1;
    v = extra == 0 ? c : (uint32_t)c & (0x3fu >> extra);
    for (size_t k = 1; k <= extra; k++) {
        if ((p[*i + k] & 0xc0) != 0x80)
            return -1;
        v = (v << 6) | (p[*i + k] & 0x3f);
    }
    if (v < min[extra] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return -1;
    *i += extra + 1;
    *cp = v;
    return 0;
}

/* Turns a rule's name (UTF-8 labels) into lowercase A-labels in out. Returns the length, or -1
 * for a name latch cannot use (empty label, a '*' inside, bad UTF-8, too long). */
static int lt_psl_to_ascii(const uint8_t *p, size_t len, char out[LT_PSL_NAME_MAX + 1])
{
    size_t at = 0, i = 0;
    while (i <= len) {
        uint32_t cp[LT_PSL_LABEL_MAX + 1];
        size_t n = 0, start = i;
        int ascii = 1;
        while (i < len && p[i] != '.') {
            if (n == LT_PSL_LABEL_MAX + 1 || lt_psl_utf8(p, len, &i, &cp[n]) < 0)
                return -1;
            ascii &= cp[n] < 0x80;
            if (cp[n] < 0x80 && !((cp[n] >= 'a' && cp[n] <= 'z') || (cp[n] >= 'A' && cp[n] <= 'Z') ||
                                  (cp[n] >= '0' && cp[n] <= '9') || cp[n] == '-' || cp[n] == '_'))
                return -1;
            n++;
        }
        if (i == start)
            return -1;
        if (at > 0) {
            if (at >= LT_PSL_NAME_MAX)
                return -1;
            out[at++] = '.';
        }
        size_t label_at = at;
        if (!ascii) {
            if (at + 4 > LT_PSL_NAME_MAX)
                return -1;
            memcpy(out + at, "xn--", 4);
            at += 4;
            if (lt_psl_punycode(cp, n, out, LT_PSL_NAME_MAX, &at) < 0)
                return -1;
        } else {
            for (size_t k = 0; k < n; k++) {
                if (at >= LT_PSL_NAME_MAX)
                    return -1;
                out[at++] = (char)lt_psl_lower((int)cp[k]);
            }
        }
        if (at - label_at > LT_PSL_LABEL_MAX)
            return -1;
        i++; /* the dot, or one past the end */
    }
    out[at] = '\0';
    return (int)at;
}

static int lt_psl_compare(uint8_t kind_a, const char *a, size_t a_len, uint8_t kind_b,
                          const char *b, size_t b_len)
{
    if (kind_a != kind_b)
        return kind_a < kind_b ? -1 : 1;
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
    if (c != 0)
        return c;
    return a_len < b_len ? -1 : a_len > b_len;
}

static int lt_psl_rule_order(const void *x, const void *y)
{
    const lt_psl_rule *a = x, *b = y;
    return lt_psl_compare(a->kind, a->name, a->len, b->kind, b->name, b->len);
}

/* Adds one line's rule (up to its first white space). Returns 0 (used or skipped) or an error. */
static int lt_psl_add_line(lt_psl *psl, const uint8_t *line, size_t len)
{
    uint8_t kind = LT_PSL_NORMAL;
    char name[LT_PSL_NAME_MAX + 1];
    size_t n = 0;
    while (n < len && line[n] != ' ' && line[n] != '\t' && line[n] != '\r')
        n++;
    if (n == 0 || (n >= 2 && line[0] == '/' && line[1] == '/'))
        return 0;
    if (line[0] == '!') {
        kind = LT_PSL_EXCEPTION;
        line++;
        n--;
    } else if (n >= 2 && line[0] == '*' && line[1] == '.') {
        kind = LT_PSL_WILDCARD;
        line += 2;
        n -= 2;
    }
    int name_len = lt_psl_to_ascii(line, n, name);
    if (name_len <= 0)
        return 0; /* not a rule latch can use (or a '*' elsewhere than first): skipped */
    if (psl->count == LT_PSL_MAX_RULES)
        return LT_ERR_LIMIT;
    if (psl->count == psl->cap) {
        size_t grown_cap = psl->cap ? psl->cap * 2 : 1024;
        lt_psl_rule *grown = lt_realloc(psl->rules, grown_cap * sizeof *grown);
        if (grown == NULL)
            return LT_ERR_NOMEM;
        psl->rules = grown;
        psl->cap = grown_cap;
    }
    if (psl->names_cap - psl->names_len < (size_t)name_len) {
        size_t grown_cap = psl->names_cap ? psl->names_cap * 2 : 64 * 1024;
        char *grown = lt_realloc(psl->names, grown_cap);
        if (grown == NULL)
            return LT_ERR_NOMEM;
        psl->names = grown;
        psl->names_cap = grown_cap;
    }
    psl->rules[psl->count].off = (uint32_t)psl->names_len;
    psl->rules[psl->count].len = (uint16_t)name_len;
    psl->rules[psl->count].kind = kind;
    memcpy(psl->names + psl->names_len, name, (size_t)name_len);
    psl->names_len += (size_t)name_len;
    psl->count++;
    return 0;
}

int lt_psl_parse(const uint8_t *text, size_t len, lt_psl **out)
{
    size_t pos = 0;
    int rc = 0;
    lt_psl *psl;
    if (len > LT_PSL_MAX_FILE)
        return LT_ERR_LIMIT;
    psl = lt_calloc(1, sizeof *psl);
    if (psl == NULL)
        return LT_ERR_NOMEM;
    if (len >= 3 && text[0] == 0xef && text[1] == 0xbb && text[2] == 0xbf)
        pos = 3; /* a UTF-8 byte order mark */
    while (pos < len) {
        const uint8_t *nl = memchr(text + pos, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - (text + pos)) : len - pos;
        rc = lt_psl_add_line(psl, text + pos, line_len);
        if (rc < 0)
            goto out;
        pos += line_len + 1;
    }
    for (size_t i = 0; i < psl->count; i++)
        psl->rules[i].name = psl->names + psl->rules[i].off;
    if (psl->count > 0)
        qsort(psl->rules, psl->count, sizeof *psl->rules, lt_psl_rule_order);
    *out = psl;
    psl = NULL;
    rc = 0;
out:
    lt_psl_free(psl);
    return rc;
}

void lt_psl_free(lt_psl *psl)
{
    if (psl == NULL)
        return;
    lt_free(psl->names);
    lt_free(psl->rules);
    lt_free(psl);
}

size_t lt_psl_rule_count(const lt_psl *psl)
{
    return psl ? psl->count : 0;
}

static bool lt_psl_has(const lt_psl *psl, uint8_t kind, const char *name, size_t len)
{
    size_t lo = 0, hi = psl->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const lt_psl_rule *r = &psl->rules[mid];
        int c = lt_psl_compare(kind, name, len, r->kind, r->name, r->len);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/* The list's algorithm, asked one question: is the public suffix of name the whole name? An
 * exception rule matching name or one of its parents makes the suffix shorter than name; else
 * name is one when a rule names it, a wildcard rule names its parent, or it is one label (the
 * implicit "*" rule). */
bool lt_psl_is_public_suffix(const lt_psl *psl, const uint8_t *name, size_t len)
{
    char lower[LT_PSL_NAME_MAX];
    const char *dot;
    if (len == 0 || len > LT_PSL_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)lt_psl_lower(name[i]);
    dot = memchr(lower, '.', len);
    if (dot == NULL)
        return true;
    if (psl == NULL)
        return false;
    for (const char *at = lower; at != NULL;) {
        size_t rest = len - (size_t)(at - lower);
        if (lt_psl_has(psl, LT_PSL_EXCEPTION, at, rest))
            return false;
        const char *next = memchr(at, '.', rest);
        at = next ? next + 1 : NULL;
    }
    if (lt_psl_has(psl, LT_PSL_NORMAL, lower, len))
        return true;
    return lt_psl_has(psl, LT_PSL_WILDCARD, dot + 1, len - (size_t)(dot + 1 - lower));
}

static pthread_once_t lt_psl_once = PTHREAD_ONCE_INIT;
static lt_psl *lt_psl_loaded;

static void lt_psl_load(void)
{
    const char *path = getenv(LT_PSL_ENV);
    uint8_t *text = NULL;
    size_t len = 0;
    if (path == NULL || path[0] == '\0')
        path = LT_PSL_DEFAULT_PATH;
    if (lt_file_read(path, &text, &len) < 0)
        return; /* absent or unreadable: the fallback */
    if (lt_psl_parse(text, len, &lt_psl_loaded) < 0)
        lt_psl_loaded = NULL;
    lt_free(text);
}

const lt_psl *lt_psl_default(void)
{
    if (pthread_once(&lt_psl_once, lt_psl_load) != 0)
        return NULL;
    return lt_psl_loaded;
}
