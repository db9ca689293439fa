/* A growable set of parsed certificates, each owning a copy of its DER: the storage behind the
 * public trust store (latch_roots) and certificate lists (latch_certlist). */
#ifndef LT_X509_CERTSET_H
#define LT_X509_CERTSET_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"

typedef struct {
    uint8_t *der;
    size_t len;
    lt_cert cert; /* spans point into der */
} lt_certset_entry;

typedef struct {
    lt_certset_entry *items;
    size_t count;
    size_t cap;
    size_t limit;     /* most entries allowed (0: no limit) */
    int dedupe;       /* skip a certificate already present (roots) */
} lt_certset;

/* Parses der and appends a copy. LT_ERR_DECODE (with *problem) when it does not parse,
 * LT_ERR_LIMIT when the set is full. A duplicate in a deduplicating set is not an error. */
LT_MUST_USE int lt_certset_add_der(lt_certset *set, const uint8_t *der, size_t len, const char **problem);

/* Appends every CERTIFICATE block of a PEM text. With skip_bad, blocks that do not decode or
 * parse are counted in *skipped and passed over; without it the first one fails the call (and
 * nothing of this text is kept), with a description in why. *added counts certificates added.
 * No certificate block at all is LT_ERR_DECODE. */
LT_MUST_USE int lt_certset_add_pem(lt_certset *set, const char *pem, size_t len, int skip_bad, size_t *added,
                       size_t *skipped, char *why, size_t why_cap);

void lt_certset_clear(lt_certset *set);

#endif
