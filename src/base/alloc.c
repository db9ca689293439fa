/* Heap allocation (see alloc.h): the C library's, with a failure that tests can inject. */
#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

#ifdef LT_TEST_HOOKS
static _Thread_local unsigned long lt_alloc_countdown; /* 0: no failure armed */
static _Thread_local unsigned long lt_alloc_made;

unsigned long lt_alloc_fail_nth(unsigned long nth)
{
    unsigned long made = lt_alloc_made;
    lt_alloc_countdown = nth;
    lt_alloc_made = 0;
    return made;
}

/* 1 when this allocation is the one to fail. */
static int lt_alloc_fails(void)
{
    lt_alloc_made++;
    return lt_alloc_countdown != 0 && --lt_alloc_countdown == 0;
}
#define LT_ALLOC_FAILS() lt_alloc_fails()
#else
#define LT_ALLOC_FAILS() 0
#endif

void *lt_malloc(size_t n)
{
    return LT_ALLOC_FAILS() ? NULL : malloc(n);
}

void *lt_calloc(size_t count, size_t n)
{
    return LT_ALLOC_FAILS() ? NULL : calloc(count, n);
}

void *lt_realloc(void *p, size_t n)
{
    return LT_ALLOC_FAILS() ? NULL : realloc(p, n);
}

char *lt_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = lt_malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}
