#include "api/status.h"

#include "base/err.h"

/* The codes are the same numbers on purpose (a status crosses the boundary without a table
 * lookup); these keep them so. */
_Static_assert((int)LT_OK == (int)LATCH_OK, "status codes differ");
_Static_assert((int)LT_ERR_INVALID_ARG == (int)LATCH_ERR_INVALID_ARG, "status codes differ");
_Static_assert((int)LT_ERR_NOMEM == (int)LATCH_ERR_NOMEM, "status codes differ");
_Static_assert((int)LT_ERR_IO == (int)LATCH_ERR_IO, "status codes differ");
_Static_assert((int)LT_ERR_DECODE == (int)LATCH_ERR_DECODE, "status codes differ");
_Static_assert((int)LT_ERR_CRYPTO == (int)LATCH_ERR_CRYPTO, "status codes differ");
_Static_assert((int)LT_ERR_UNSUPPORTED == (int)LATCH_ERR_UNSUPPORTED, "status codes differ");
_Static_assert((int)LT_ERR_VERIFY == (int)LATCH_ERR_VERIFY, "status codes differ");
_Static_assert((int)LT_ERR_LIMIT == (int)LATCH_ERR_LIMIT, "status codes differ");
_Static_assert((int)LT_ERR_BUFFER == (int)LATCH_ERR_BUFFER, "status codes differ");
_Static_assert((int)LT_ERR_INTERNAL == (int)LATCH_ERR_INTERNAL, "status codes differ");
_Static_assert((int)LT_ERR_PROTOCOL == (int)LATCH_ERR_PROTOCOL, "status codes differ");
_Static_assert((int)LT_ERR_PEER_ALERT == (int)LATCH_ERR_PEER_ALERT, "status codes differ");
_Static_assert(LT_ERR_COUNT == 13, "a status code was added: map it above");

latch_status lt_status_public(int rc)
{
    /* anything else (a positive count, an unknown code) is a bug below: never success */
    if (rc > 0 || rc <= -LT_ERR_COUNT)
        return LATCH_ERR_INTERNAL;
    return (latch_status)rc;
}
