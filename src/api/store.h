/* Internal views of the public certificate containers, for the verifier and (later) the
 * handshake. */
#ifndef LT_API_STORE_H
#define LT_API_STORE_H

#include "latch.h"
#include "x509/certset.h"

const lt_certset *lt_roots_set(const latch_roots *roots);
/* One more user of a roots object (latch_roots_free lets go of one). */
void lt_roots_ref(latch_roots *roots);
const lt_certset *lt_certlist_set(const latch_certlist *list);

#endif
