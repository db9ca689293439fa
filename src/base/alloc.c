/* Heap allocation (see alloc.h): the C library's, or the application's (latch_set_allocator),
 * with a failure that tests can inject. */
#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *(*lt_alloc_malloc)(size_t) = malloc;
static void *(*lt_alloc_realloc)(void *, size_t) = realloc;
static void (*lt_alloc_free)(void *) = free;

void lt_alloc_set(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t), void (*free_fn)(void *))
{
    lt_alloc_malloc = malloc_fn;
    lt_alloc_realloc = realloc_fn;
    lt_alloc_free = free_fn;
}

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
    return LT_ALLOC_FAILS() ? NULL : lt_alloc_malloc(n);
}

void *lt_calloc(size_t count, size_t n)
{
    if (n != 0 && count > SIZE_MAX / n)
        return NULL;
    void *p = LT_ALLOC_FAILS() ? NULL : lt_alloc_malloc(count * n);
    if (p != NULL)
        memset(p, 0, count * n);
    return p;
}

void *lt_realloc(void *p, size_t n)
{
    return LT_ALLOC_FAILS() ? NULL : lt_alloc_realloc(p, n);
}

void lt_free(void *p)
{
    if (p != NULL)
        lt_alloc_free(p);
}

char *lt_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = lt_malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}
