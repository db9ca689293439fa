/* CRL sets (see crlset.h). */
#include "x509/crlset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "x509/pem.h"

/* A total order on serials: shorter first, then bytewise. INTEGERs are minimal (the parser
 * checked), so two encodings are equal exactly when the numbers are. */
static int lt_crlset_serial_cmp(lt_span a, lt_span b)
{
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    return memcmp(a.p, b.p, a.len);
}

static int lt_crlset_entry_cmp(const void *a, const void *b)
{
    return lt_crlset_serial_cmp(((const lt_crl_entry *)a)->serial, ((const lt_crl_entry *)b)->serial);
}

static int lt_crlset_index(lt_crlset_item *item)
{
    lt_reader entries = lt_reader_from_span(item->crl.revoked);
    size_t n = 0;
    item->entries = lt_calloc(item->crl.n_revoked ? item->crl.n_revoked : 1, sizeof *item->entries);
    if (item->entries == NULL)
        return LT_ERR_NOMEM;
    lt_span scope = lt_span_make(NULL, 0);
    while (n < item->crl.n_revoked && lt_crl_entry_next(&entries, item->crl.version, &item->entries[n], NULL) == 1) {
        /* §5.3.3: an entry without certificateIssuer belongs to the issuer of the entry before */
        if (item->entries[n].has_certificate_issuer)
            scope = item->entries[n].certificate_issuer;
        item->entries[n].scope = scope;
        n++;
    }
    if (n != item->crl.n_revoked) /* the parse walked the same entries */
        return LT_ERR_INTERNAL;
    qsort(item->entries, n, sizeof *item->entries, lt_crlset_entry_cmp);
    return 0;
}

int lt_crlset_add_der(lt_crlset *set, const uint8_t *der, size_t len, const char **problem)
{
    lt_crlset_item item;
    const char *ignored;
    int rc;
    if (problem == NULL)
        problem = &ignored;
    *problem = NULL;
    for (size_t i = 0; i < set->count; i++)
        if (set->items[i].len == len && memcmp(set->items[i].der, der, len) == 0)
            return 0;
    if (set->count >= LT_CRLSET_MAX) {
        *problem = "too many CRLs";
        return LT_ERR_LIMIT;
    }
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 4;
        lt_crlset_item *grown = lt_realloc(set->items, cap * sizeof *grown);
        if (grown == NULL)
            return LT_ERR_NOMEM;
        set->items = grown;
        set->cap = cap;
    }
    memset(&item, 0, sizeof item);
    item.der = lt_malloc(len ? len : 1);
    if (item.der == NULL)
        return LT_ERR_NOMEM;
    memcpy(item.der, der, len);
    item.len = len;
    rc = lt_crl_parse(item.der, len, &item.crl, problem);
    if (rc == 0)
        rc = lt_crlset_index(&item);
    if (rc < 0) {
        lt_free(item.entries);
        lt_free(item.der);
        return rc;
    }
    set->items[set->count++] = item;
    return 0;
}

static void lt_crlset_drop_from(lt_crlset *set, size_t start)
{
    while (set->count > start) {
        set->count--;
        lt_free(set->items[set->count].entries);
        lt_free(set->items[set->count].der);
    }
}

int lt_crlset_add_data(lt_crlset *set, const uint8_t *data, size_t len, char *why, size_t why_cap)
{
    size_t pos = 0, start = set->count, blocks = 0;
    const char *problem = NULL;
    int rc = 0;
    if (why_cap)
        why[0] = '\0';
    for (;;) {
        uint8_t *der = NULL;
        size_t der_len = 0;
        rc = lt_pem_next((const char *)data, len, &pos, "X509 CRL", &der, &der_len);
        if (rc == 0)
            break;
        blocks++;
        if (rc == 1) {
            rc = lt_crlset_add_der(set, der, der_len, &problem);
            lt_free(der);
        } else {
            problem = "its PEM block is not valid base64";
        }
        if (rc < 0) {
            snprintf(why, why_cap, "CRL %zu: %s", blocks, problem ? problem : lt_err_str(rc));
            lt_crlset_drop_from(set, start);
            return rc;
        }
    }
    if (blocks > 0)
        return 0;
    /* no PEM: the whole input is one DER CRL (what CAs publish at their distribution points) */
    rc = lt_crlset_add_der(set, data, len, &problem);
    if (rc < 0)
        snprintf(why, why_cap, "%s", rc == LT_ERR_DECODE && len > 0 && data[0] != 0x30
                                         ? "neither a PEM \"X509 CRL\" nor a DER CRL"
                                         : problem ? problem : lt_err_str(rc));
    return rc;
}

const lt_crl_entry *lt_crlset_find(const lt_crlset_item *item, lt_span serial, size_t *count)
{
    size_t lo = 0, hi = item->crl.n_revoked, n = 0;
    /* the first entry not below serial; in an indirect CRL one serial can be listed once per
     * certificate issuer, so the equal ones that follow are counted too */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lt_crlset_serial_cmp(item->entries[mid].serial, serial) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo + n < item->crl.n_revoked && lt_crlset_serial_cmp(item->entries[lo + n].serial, serial) == 0)
        n++;
    if (count != NULL)
        *count = n;
    return n > 0 ? &item->entries[lo] : NULL;
}

void lt_crlset_clear(lt_crlset *set)
{
    lt_crlset_drop_from(set, 0);
    lt_free(set->items);
    set->items = NULL;
    set->count = set->cap = 0;
}
