/* Deadlines for the event loop: a binary min-heap of timers, each knowing its own place in the
 * heap, so setting, moving and removing one is O(log n) and the next deadline is O(1). A server
 * with tens of thousands of connections has one timer per connection; a timer wheel would also
 * do, but a heap needs no tick and no bound on how far a deadline lies. */
#ifndef LATCH_CLI_HEAP_H
#define LATCH_CLI_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define CLI_TIMER_OFF ((size_t)-1)

typedef struct {
    int64_t deadline; /* monotonic ms */
    size_t slot;      /* index in the heap, CLI_TIMER_OFF when not in it */
} cli_timer;

typedef struct {
    cli_timer **items;
    size_t len, cap;
} cli_heap;

void cli_heap_init(cli_heap *h);
void cli_heap_free(cli_heap *h);
/* Puts t in the heap at deadline, or moves it there if it already is. -1: out of memory (t is
 * then not in the heap). */
int cli_heap_set(cli_heap *h, cli_timer *t, int64_t deadline);
/* Takes t out (nothing when it is not in). */
void cli_heap_remove(cli_heap *h, cli_timer *t);
/* The timer due first, or NULL when none is set. */
cli_timer *cli_heap_top(const cli_heap *h);

#endif
