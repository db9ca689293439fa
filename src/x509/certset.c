/* Certificate sets (see certset.h). */
#include "x509/certset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "x509/pem.h"

static int lt_certset_contains(const lt_certset *set, const uint8_t *der, size_t len)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->items[i].len == len && memcmp(set->items[i].der, der, len) == 0)
            return 1;
    return 0;
}

int lt_certset_add_der(lt_certset *set, const uint8_t *der, size_t len, const char **problem)
{
    lt_certset_entry entry;
    const char *ignored;
    if (problem == NULL)
        problem = &ignored;
    *problem = NULL;
    if (set->dedupe && lt_certset_contains(set, der, len))
        return 0;
    if (set->limit && set->count >= set->limit) {
        *problem = "too many certificates";
        return LT_ERR_LIMIT;
    }
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 2; /* peer chains are short; stores double up */
        lt_certset_entry *grown = lt_realloc(set->items, cap * sizeof *grown);
        if (grown == NULL)
            return LT_ERR_NOMEM;
        set->items = grown;
        set->cap = cap;
    }
    entry.der = lt_malloc(len ? len : 1);
    if (entry.der == NULL)
        return LT_ERR_NOMEM;
    memcpy(entry.der, der, len);
    entry.len = len;
    int rc = lt_cert_parse(entry.der, len, &entry.cert, problem);
    if (rc < 0) {
        lt_free(entry.der);
        return rc;
    }
    set->items[set->count++] = entry;
    return 0;
}

int lt_certset_add_pem(lt_certset *set, const char *pem, size_t len, int skip_bad, size_t *added,
                       size_t *skipped, char *why, size_t why_cap)
{
    size_t pos = 0, start = set->count, blocks = 0;
    int rc;
    *added = 0;
    if (skipped)
        *skipped = 0;
    if (why_cap)
        why[0] = '\0';
    for (;;) {
        uint8_t *der = NULL;
        size_t der_len = 0;
        const char *problem = NULL;
        rc = lt_pem_next(pem, len, &pos, "CERTIFICATE", &der, &der_len);
        if (rc == 0)
            break;
        blocks++;
        if (rc == 1) {
            size_t before = set->count;
            rc = lt_certset_add_der(set, der, der_len, &problem);
            lt_free(der);
            if (rc == 0)
                *added += set->count - before;
        } else {
            problem = "its PEM block is not valid base64";
        }
        if (rc == LT_ERR_NOMEM || rc == LT_ERR_LIMIT)
            goto fail;
        if (rc < 0) {
            if (skip_bad) {
                if (skipped)
                    (*skipped)++;
                continue;
            }
            snprintf(why, why_cap, "certificate %zu: %s", blocks, problem ? problem : "malformed");
            goto fail;
        }
    }
    if (blocks == 0) {
        snprintf(why, why_cap, "no PEM certificate found");
        rc = LT_ERR_DECODE;
        goto fail;
    }
    return 0;
fail:
    while (set->count > start)
        lt_free(set->items[--set->count].der);
    *added = 0;
    if (rc == LT_ERR_LIMIT)
        snprintf(why, why_cap, "too many certificates (at most %zu)", set->limit);
    return rc;
}

void lt_certset_clear(lt_certset *set)
{
    for (size_t i = 0; i < set->count; i++)
        lt_free(set->items[i].der);
    lt_free(set->items);
    set->items = NULL;
    set->count = set->cap = 0;
}
