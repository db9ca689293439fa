/* Every heap allocation latch makes goes through these. In the library the unit tests link
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

#ifdef LT_TEST_HOOKS
/* The nth allocation from now (1: the next) fails, once; 0 disarms. Per thread. Returns how many
 * allocations were made since the last call (to find how many a handshake makes). */
unsigned long lt_alloc_fail_nth(unsigned long nth);
#endif

#endif
