/* The tool's deadline heap (cli/heap.c), under which every connection of latch server keeps its
 * deadline: random sets, moves and removals checked against a plain scan after each step (the
 * top is the earliest deadline, every timer knows its slot, a removed timer is out), and the
 * order timers come out in when popped one by one. */
#include "lt_test.h"

#include <stdlib.h>

#include "heap.h"

#define N_TIMERS 300

static cli_timer timers[N_TIMERS];
static int in_heap[N_TIMERS];

static int lt_heap_consistent(const cli_heap *h)
{
    const cli_timer *earliest = NULL;
    size_t count = 0;
    for (size_t i = 0; i < N_TIMERS; i++) {
        if (!in_heap[i]) {
            if (timers[i].slot != CLI_TIMER_OFF)
                return 0;
            continue;
        }
        count++;
        if (timers[i].slot >= h->len || h->items[timers[i].slot] != &timers[i])
            return 0;
        if (earliest == NULL || timers[i].deadline < earliest->deadline)
            earliest = &timers[i];
    }
    if (count != h->len)
        return 0;
    const cli_timer *top = cli_heap_top(h);
    return earliest == NULL ? top == NULL : top != NULL && top->deadline == earliest->deadline;
}

static void test_heap_against_a_scan(void)
{
    cli_heap h;
    cli_heap_init(&h);
    for (size_t i = 0; i < N_TIMERS; i++)
        timers[i].slot = CLI_TIMER_OFF;
    srand(20261207);
    int bad = 0;
    for (int step = 0; step < 100000 && !bad; step++) {
        size_t i = (size_t)rand() % N_TIMERS;
        if (rand() % 3 == 0) {
            cli_heap_remove(&h, &timers[i]);
            in_heap[i] = 0;
        } else {
            /* (few distinct deadlines: ties are common, as they are at a millisecond's grain) */
            LT_CHECK_INT(cli_heap_set(&h, &timers[i], rand() % 50), 0);
            in_heap[i] = 1;
        }
        bad = !lt_heap_consistent(&h);
    }
    LT_CHECK(!bad);
    /* popped one by one, the deadlines never go down */
    int64_t last = -1;
    for (cli_timer *t; (t = cli_heap_top(&h)) != NULL;) {
        LT_CHECK(t->deadline >= last);
        last = t->deadline;
        cli_heap_remove(&h, t);
        in_heap[t - timers] = 0;
    }
    LT_CHECK(lt_heap_consistent(&h));
    /* removing what is not in the heap changes nothing */
    cli_heap_remove(&h, &timers[0]);
    LT_CHECK_INT((int)h.len, 0);
    cli_heap_free(&h);
}

int main(void)
{
    LT_RUN(test_heap_against_a_scan);
    return lt_test_summary();
}
