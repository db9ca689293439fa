/* The library's status codes (LT_ERR_*, base/err.h) become the public latch_status here and
 * nowhere else: the layers below speak LT_ERR_* only. */
#ifndef LT_API_STATUS_H
#define LT_API_STATUS_H

#include "latch.h"

/* 0 or an LT_ERR_* value as the latch_status that means the same. */
latch_status lt_status_public(int rc);

#endif
