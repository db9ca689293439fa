/* The trust store: parsed trust anchors, shared by reference count (the application's handle and
 * each config that uses it). It is the object behind the public latch_roots, whose functions in
 * api/roots.c are wrappers over these, and the handshake reads its anchors from here. */
#ifndef LT_X509_ROOTS_H
#define LT_X509_ROOTS_H

#include "base/err.h"
#include <stddef.h>

#include "x509/certset.h"

/* The struct's tag is the public type's (latch.h: typedef struct latch_roots latch_roots), so the
 * API hands these out as they are, while this layer stays below latch.h. */
typedef struct latch_roots lt_roots;
struct latch_roots {
    int refs;          /* the application's, and each config's that uses it */
    lt_certset set;    /* the anchors */
    size_t skipped;    /* certificates of bundles that did not parse */
};

/* A new, empty store with one reference; NULL when out of memory. */
lt_roots *lt_roots_new(void);
/* One more user of the store; lt_roots_free lets go of one, and the last frees it. */
void lt_roots_ref(lt_roots *roots);
void lt_roots_free(lt_roots *roots);
/* Adds every certificate of a PEM bundle in memory (skipping and counting those that do not
 * parse). LT_ERR_DECODE when it holds no certificate at all. */
LT_MUST_USE int lt_roots_add_pem(lt_roots *roots, const char *pem, size_t len);
/* A PEM bundle file, or every *.pem, *.crt and hash-named file of a directory. LT_ERR_IO when
 * the path does not exist; LT_ERR_DECODE when a directory gave no certificate. */
LT_MUST_USE int lt_roots_add_file(lt_roots *roots, const char *path);
/* $SSL_CERT_FILE or $SSL_CERT_DIR when set, else the system bundle, else the system directory. */
LT_MUST_USE int lt_roots_add_system(lt_roots *roots);

#endif
