/* latch_roots: the public trust store, a handle on x509/roots.c's store (the same object: its
 * struct carries the public type's tag). Here only what the API adds: argument checks. */
#include "latch.h"

#include "api/status.h"
#include "x509/roots.h"

LATCH_API latch_roots *latch_roots_new(void)
{
    return lt_roots_new();
}

LATCH_API void latch_roots_free(latch_roots *roots)
{
    lt_roots_free(roots);
}

LATCH_API latch_status latch_roots_add_pem(latch_roots *roots, const char *pem, size_t len)
{
    if (roots == NULL || pem == NULL)
        return LATCH_ERR_INVALID_ARG;
    return lt_status_public(lt_roots_add_pem(roots, pem, len));
}

LATCH_API latch_status latch_roots_add_file(latch_roots *roots, const char *path)
{
    if (roots == NULL || path == NULL)
        return LATCH_ERR_INVALID_ARG;
    return lt_status_public(lt_roots_add_file(roots, path));
}

LATCH_API latch_status latch_roots_add_system(latch_roots *roots)
{
    if (roots == NULL)
        return LATCH_ERR_INVALID_ARG;
    return lt_status_public(lt_roots_add_system(roots));
}

LATCH_API size_t latch_roots_count(const latch_roots *roots)
{
    return roots ? roots->set.count : 0;
}

LATCH_API size_t latch_roots_skipped(const latch_roots *roots)
{
    return roots ? roots->skipped : 0;
}
