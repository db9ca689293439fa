/* lt_wipe(): memset that survives dead-store elimination. */
#include "base/wipe.h"

void lt_wipe(void *p, size_t len)
{
    volatile unsigned char *v = (volatile unsigned char *)p;
    if (p == NULL)
        return;
    while (len--)
        *v++ = 0;
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
