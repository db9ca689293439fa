/* Every heap allocation latch makes goes through these: the C library's allocator, or the
 * application's (latch_set_allocator). In the library the unit tests link
 * (LT_TEST_HOOKS) an allocation can be made to fail on purpose: the Nth from now, so that a test
 * can fail each allocation of a handshake in turn and check for a clean failure (no crash, no
 * leak, a sentence and an alert). */
#ifndef LT_BASE_ALLOC_H
#define LT_BASE_ALLOC_H

#include <stddef.h>

void *lt_malloc(size_t n);
void *lt_calloc(size_t count, size_t n);
void *lt_realloc(void *p, size_t n);
char *lt_strdup(const char *s);
void lt_free(void *p);
/* The allocator to use from now on (latch_set_allocator: before anything is allocated). */
void lt_alloc_set(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t), void (*free_fn)(void *));

#ifdef LT_TEST_HOOKS
/* The nth allocation from now (1: the next) fails, once; 0 disarms. Per thread. Returns how many
 * allocations were made since the last call (to find how many a handshake makes). */
unsigned long lt_alloc_fail_nth(unsigned long nth);
#endif

#endif
