/* The certificates inside a public latch_certlist, for the API's own users of one (latch_verify,
 * a config's identities). */
#ifndef LT_API_CERTLIST_H
#define LT_API_CERTLIST_H

#include "latch.h"

#include "x509/certset.h"

const lt_certset *lt_certlist_set(const latch_certlist *list);

#endif
