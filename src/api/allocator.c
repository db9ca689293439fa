/* The application's allocator for everything latch allocates (libcrypto has its own:
 * CRYPTO_set_mem_functions). */
#include "latch.h"

#include "base/alloc.h"

LATCH_API latch_status latch_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                                           void (*free_fn)(void *))
{
    if (malloc_fn == NULL || realloc_fn == NULL || free_fn == NULL)
        return LATCH_ERR_INVALID_ARG;
    lt_alloc_set(malloc_fn, realloc_fn, free_fn);
    return LATCH_OK;
}
