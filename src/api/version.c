/* Version and status strings of the public API. */
#include "latch.h"

#include "base/err.h"

LATCH_API const char *latch_version(void)
{
    return LATCH_VERSION_STRING;
}

LATCH_API const char *latch_status_str(latch_status status)
{
    if (status > 0) {
        static const char *const positive[] = { "ok", "want read", "want write", "closed" };
        return (unsigned)status < 4 ? positive[status] : "unknown status";
    }
    return lt_err_str((int)status);
}
