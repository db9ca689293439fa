/* Name formatting (RFC 5280 §4.1.2.4, attribute types from App. A; the short labels follow
 * RFC 4514 §3). */
#include "x509/dn.h"

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
