/* A set of parsed CRLs, each owning a copy of its DER and an index of its entries sorted by
 * serial number: the storage behind the public latch_crls and a config's CRLs. Lookups are a
 * binary search, O(log n) per certificate, so a path of at most LT_PATH_MAX_LEN certificates
 * against CRLs of n entries costs O(path length x CRLs x log n) comparisons; the sort is paid
 * once, when a CRL is added. */
#ifndef LT_X509_CRLSET_H
#define LT_X509_CRLSET_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "x509/crl.h"

/* Most CRLs in one set. A CRL's entries are not counted: the parse and the sort are linear and
 * O(n log n) in its size. */
#define LT_CRLSET_MAX 64

typedef struct {
    uint8_t *der;
    size_t len;
    lt_crl crl;              /* spans point into der */
    lt_crl_entry *entries;   /* crl.n_revoked entries, sorted by serial (length, then bytes) */
} lt_crlset_item;

/* The struct's tag is the public type's (latch.h: typedef struct latch_crls latch_crls). */
typedef struct latch_crls lt_crlset;
struct latch_crls {
    lt_crlset_item *items;
    size_t count;
    size_t cap;
    char error[160];         /* why the last add failed, for latch_crls_error */
};

/* Parses der and appends a copy. LT_ERR_DECODE (with *problem) when it does not parse,
 * LT_ERR_LIMIT when the set already holds LT_CRLSET_MAX CRLs. The same CRL twice is kept once. */
LT_MUST_USE int lt_crlset_add_der(lt_crlset *set, const uint8_t *der, size_t len, const char **problem);

/* Appends every "X509 CRL" block of a PEM text, or, when it holds none, the text as one DER
 * CRL. All or nothing: on failure nothing of this text is kept and why says which CRL and what
 * is wrong. */
LT_MUST_USE int lt_crlset_add_data(lt_crlset *set, const uint8_t *data, size_t len, char *why, size_t why_cap);

/* The first entry for serial (INTEGER contents) in item, or NULL; *count (when not NULL) is how
 * many entries from it have that serial (more than one only in an indirect CRL, one per
 * certificate issuer). */
const lt_crl_entry *lt_crlset_find(const lt_crlset_item *item, lt_span serial, size_t *count);

void lt_crlset_clear(lt_crlset *set);

#endif
