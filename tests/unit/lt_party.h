/* A party of the unit tests that issue certificates in-process (devca/issue.c): a fresh P-256
 * key, a subject Name "O=latch tests, OU=<unit>, CN=<cn>" and the key identifier of its key. */
#ifndef LT_PARTY_H
#define LT_PARTY_H

#include <stdlib.h>
#include <string.h>

#include "base/writer.h"
#include "crypto/pkey.h"
#include "devca/issue.h"

/* Fills key, name, name_len and key_id of p (any struct with these fields); 0 or -1. */
#define LT_PARTY_MAKE(unit, cn, p)                                                              \
    lt_party_make_fields((unit), (cn), &(p)->key, (p)->name, sizeof (p)->name, &(p)->name_len, \
                         (p)->key_id)

static inline int lt_party_make_fields(const char *unit, const char *cn, lt_privkey **key, uint8_t *name,
                                       size_t name_cap, size_t *name_len, uint8_t key_id[LT_ISSUE_KEY_ID_LEN])
{
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    *key = NULL;
    if (lt_privkey_generate(LT_KEY_EC_P256, 0, key) < 0)
        return -1;
    lt_writer w = lt_writer_init(name, name_cap);
    lt_issue_write_name(&w, "latch tests", unit, cn);
    *name_len = w.len;
    if (w.err || lt_privkey_spki(*key, &spki, &spki_len) < 0)
        return -1;
    int rc = lt_issue_key_id(spki, spki_len, key_id);
    free(spki);
    return rc;
}

#endif
