/* Name formatting (RFC 5280 §4.1.2.4, attribute types from App. A; the short labels follow
 * RFC 4514 §3). */
#include "x509/dn.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "x509/der.h"
#include "x509/oid.h"

static const struct {
    uint8_t oid[3];
    const char *label;
} lt_dn_labels[] = {
    { { 0x55, 0x04, 0x03 }, "CN" }, { { 0x55, 0x04, 0x06 }, "C" },
    { { 0x55, 0x04, 0x07 }, "L" },  { { 0x55, 0x04, 0x08 }, "ST" },
    { { 0x55, 0x04, 0x0a }, "O" },  { { 0x55, 0x04, 0x0b }, "OU" },
    { { 0x55, 0x04, 0x05 }, "serialNumber" },
};

/* Appends a string attribute value, replacing anything outside printable ASCII with '?'. For
 * BMPString (UTF-16BE) the high byte of each code unit is skipped. */
static void lt_dn_append_value(uint8_t tag, lt_span v, char *out, size_t cap, size_t *used)
{
    size_t step = tag == LT_DER_BMP_STRING ? 2 : tag == LT_DER_UNIVERSAL_STRING ? 4 : 1;
    for (size_t i = step - 1; i < v.len && *used + 1 < cap; i += step) {
        uint8_t c = v.p[i];
        int wide = step > 1 && v.p[i - 1] != 0;
        out[(*used)++] = (char)((c >= 0x20 && c < 0x7f && !wide) ? c : '?');
    }
    out[*used] = '\0';
}

/* The code point of a valid Unicode scalar value (not a surrogate, at most U+10FFFF) read as UTF-8
 * from p[*at ..), advancing *at; -1 for a malformed, overlong or out-of-range sequence. */
static long lt_dn_utf8_next(lt_span v, size_t *at)
{
    uint8_t c = v.p[*at];
    size_t extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;
    static const long least[] = { 0, 0x80, 0x800, 0x10000 };
    if (extra > 3 || v.len - *at < extra + 1)
        return -1;
    long cp = extra == 0 ? c : c & (0x3f >> extra);
    for (size_t i = 1; i <= extra; i++) {
        uint8_t next = v.p[*at + i];
        if ((next & 0xc0) != 0x80)
            return -1;
        cp = cp << 6 | (next & 0x3f);
    }
    *at += extra + 1;
    if (cp < least[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    return cp;
}

/* An attribute's value is a string (RFC 5280 App. A: DirectoryString, PrintableString,
 * IA5String, ... and X.520's other string syntaxes), a time or a SEQUENCE; never a BOOLEAN, an
 * INTEGER, an OCTET STRING, a SET or a tag of another class, which no reader of names decodes. */
/* The value types a name may hold: the DirectoryString choices (UTF8String, PrintableString,
 * TeletexString, UniversalString, BMPString), NumericString, IA5String (emailAddress, DC), and a
 * SEQUENCE. Never a VideotexString, GraphicString, VisibleString, GeneralString or a time:
 * libcrypto refuses a certificate with one in a name (fuzz_der_diff), so no certificate in use
 * has one, and latch takes nothing OpenSSL's parser refuses. */
static bool lt_dn_value_type_ok(uint8_t tag)
{
    return tag == LT_DER_UTF8_STRING || (tag >= 0x12 && tag <= 0x14) || tag == 0x16 ||
           tag == LT_DER_UNIVERSAL_STRING || tag == LT_DER_BMP_STRING || tag == LT_DER_SEQUENCE;
}

static bool lt_dn_string_ok(uint8_t tag, lt_span v)
{
    size_t at = 0;
    if (tag == LT_DER_UTF8_STRING) {
        while (at < v.len)
            if (lt_dn_utf8_next(v, &at) < 0)
                return false;
    } else if (tag == LT_DER_BMP_STRING || tag == LT_DER_UNIVERSAL_STRING) {
        size_t unit = tag == LT_DER_BMP_STRING ? 2 : 4;
        if (v.len % unit != 0)
            return false;
        for (; at < v.len; at += unit) {
            uint32_t cp = 0;
            for (size_t i = 0; i < unit; i++)
                cp = cp << 8 | v.p[at + i];
            if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return false;
        }
    }
    return true;
}

bool lt_dn_directory_string_ok(uint8_t tag, lt_span value)
{
    bool directory = tag == LT_DER_UTF8_STRING || tag == LT_DER_PRINTABLE_STRING ||
                     tag == LT_DER_T61_STRING || tag == LT_DER_UNIVERSAL_STRING ||
                     tag == LT_DER_BMP_STRING;
    return directory && lt_dn_string_ok(tag, value);
}

int lt_dn_check(lt_span name, const char **problem)
{
    lt_reader r = lt_reader_from_span(name);
    lt_reader rdns = lt_der_enter(&r, LT_DER_SEQUENCE);
    *problem = "malformed name";
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    while (lt_reader_ok(&rdns) && !lt_reader_empty(&rdns)) {
        lt_reader set = lt_der_enter(&rdns, LT_DER_SET);
        if (lt_reader_ok(&set) && lt_reader_empty(&set)) {
            *problem = "a name holds an empty RDN";
            return LT_ERR_DECODE;
        }
        while (lt_reader_ok(&set) && !lt_reader_empty(&set)) {
            lt_reader atv = lt_der_enter(&set, LT_DER_SEQUENCE);
            lt_span type = lt_der_expect(&atv, LT_DER_OID);
            lt_der_elem value = lt_der_read(&atv);
            if (!lt_reader_done(&atv) || !lt_der_oid_ok(type))
                return LT_ERR_DECODE;
            if (!lt_dn_value_type_ok(value.tag)) {
                *problem = "a name holds a value that is not a string";
                return LT_ERR_DECODE;
            }
            if (!lt_dn_string_ok(value.tag, value.value)) {
                *problem = "a name holds a string not valid in its type";
                return LT_ERR_DECODE;
            }
        }
        if (!lt_reader_ok(&set))
            return LT_ERR_DECODE;
    }
    return lt_reader_ok(&rdns) ? 0 : LT_ERR_DECODE;
}

/* Calls fn for each attribute in encoded order (of the type oid only, unless oid is NULL);
 * stops on malformed input or at fn's first non-zero result, which it returns. */
static int lt_dn_walk(lt_span name, const uint8_t *oid, size_t oid_len,
                      int (*fn)(void *, lt_span, uint8_t, lt_span), void *arg)
{
    lt_reader r = lt_reader_from_span(name);
    lt_reader rdns = lt_der_enter(&r, LT_DER_SEQUENCE);
    while (lt_reader_ok(&rdns) && !lt_reader_empty(&rdns)) {
        lt_reader set = lt_der_enter(&rdns, LT_DER_SET);
        while (lt_reader_ok(&set) && !lt_reader_empty(&set)) {
            lt_reader atv = lt_der_enter(&set, LT_DER_SEQUENCE);
            lt_span type = lt_der_expect(&atv, LT_DER_OID);
            lt_der_elem value = lt_der_read(&atv);
            if (!lt_reader_done(&atv))
                return 0;
            int rc = oid == NULL || lt_der_oid_is(type, oid, oid_len) ? fn(arg, type, value.tag, value.value) : 0;
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

typedef struct {
    int (*fn)(void *, uint8_t, lt_span);
    void *arg;
} lt_dn_each;

static int lt_dn_each_one(void *arg, lt_span type, uint8_t tag, lt_span value)
{
    (void)type;
    const lt_dn_each *each = arg;
    return each->fn(each->arg, tag, value);
}

int lt_dn_each_attribute(lt_span name, const uint8_t *oid, size_t oid_len,
                         int (*fn)(void *arg, uint8_t tag, lt_span value), void *arg)
{
    lt_dn_each each = { fn, arg };
    return lt_dn_walk(name, oid, oid_len, lt_dn_each_one, &each);
}

typedef struct {
    char *out;
    size_t cap;
    size_t used;
} lt_dn_text;

static int lt_dn_format_one(void *arg, lt_span type, uint8_t tag, lt_span value)
{
    lt_dn_text *t = arg;
    char label[48] = "";
    for (size_t i = 0; i < sizeof lt_dn_labels / sizeof lt_dn_labels[0]; i++)
        if (lt_der_oid_is(type, lt_dn_labels[i].oid, 3))
            snprintf(label, sizeof label, "%s", lt_dn_labels[i].label);
    if (label[0] == '\0')
        lt_der_oid_to_text(type, label, sizeof label);
    int n = snprintf(t->out + t->used, t->cap - t->used, "%s%s=", t->used ? ", " : "", label);
    if (n < 0 || (size_t)n >= t->cap - t->used) {
        t->used = t->cap - 1;
        return 1;
    }
    t->used += (size_t)n;
    lt_dn_append_value(tag, value, t->out, t->cap, &t->used);
    return 0;
}

void lt_dn_format(lt_span name, char *out, size_t cap)
{
    lt_dn_text t = { out, cap, 0 };
    if (cap == 0)
        return;
    out[0] = '\0';
    (void)lt_dn_walk(name, NULL, 0, lt_dn_format_one, &t);
}

static int lt_dn_find_cn(void *arg, uint8_t tag, lt_span value)
{
    lt_dn_text *t = arg;
    t->used = 0;
    lt_dn_append_value(tag, value, t->out, t->cap, &t->used);
    if (t->used == 0)
        t->used = 1; /* found, though empty */
    return 0; /* on to the last one */
}

int lt_dn_common_name(lt_span name, char *out, size_t cap)
{
    lt_dn_text t = { out, cap, 0 };
    if (cap == 0)
        return 0;
    out[0] = '\0';
    (void)lt_dn_each_attribute(name, LT_OID_AT_COMMON_NAME, sizeof LT_OID_AT_COMMON_NAME, lt_dn_find_cn, &t);
    return t.used > 0;
}
