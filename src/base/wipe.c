/* lt_wipe(): memset that survives dead-store elimination (the empty asm with a memory clobber
 * makes the compiler assume the zeros are read), at memset's speed. */
#include "base/wipe.h"

#include <string.h>

void lt_wipe(void *p, size_t len)
{
    if (p == NULL)
        return;
    memset(p, 0, len);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
