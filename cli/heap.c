/* The loop's deadline heap (see heap.h). */
#include "heap.h"

#include <stdlib.h>

void cli_heap_init(cli_heap *h)
{
    h->items = NULL;
    h->len = h->cap = 0;
}

void cli_heap_free(cli_heap *h)
{
    for (size_t i = 0; i < h->len; i++)
        h->items[i]->slot = CLI_TIMER_OFF;
    free(h->items);
    cli_heap_init(h);
}

static void cli_heap_place(cli_heap *h, size_t i, cli_timer *t)
{
    h->items[i] = t;
    t->slot = i;
}

static void cli_heap_up(cli_heap *h, size_t i)
{
    cli_timer *t = h->items[i];
    while (i > 0 && h->items[(i - 1) / 2]->deadline > t->deadline) {
        cli_heap_place(h, i, h->items[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    cli_heap_place(h, i, t);
}

static void cli_heap_down(cli_heap *h, size_t i)
{
    cli_timer *t = h->items[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->len)
            break;
        if (child + 1 < h->len && h->items[child + 1]->deadline < h->items[child]->deadline)
            child++;
        if (h->items[child]->deadline >= t->deadline)
            break;
        cli_heap_place(h, i, h->items[child]);
        i = child;
    }
    cli_heap_place(h, i, t);
}

int cli_heap_set(cli_heap *h, cli_timer *t, int64_t deadline)
{
    if (t->slot != CLI_TIMER_OFF) {
        int64_t old = t->deadline;
        t->deadline = deadline;
        if (deadline < old)
            cli_heap_up(h, t->slot);
        else
            cli_heap_down(h, t->slot);
        return 0;
    }
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        cli_timer **items = realloc(h->items, cap * sizeof *items);
        if (items == NULL)
            return -1;
        h->items = items;
        h->cap = cap;
    }
    t->deadline = deadline;
    cli_heap_place(h, h->len++, t);
    cli_heap_up(h, t->slot);
    return 0;
}

void cli_heap_remove(cli_heap *h, cli_timer *t)
{
    size_t i = t->slot;
    if (i == CLI_TIMER_OFF)
        return;
    t->slot = CLI_TIMER_OFF;
    cli_timer *last = h->items[--h->len];
    if (i == h->len)
        return;
    /* the last timer fills the hole, then moves whichever way its deadline says */
    cli_heap_place(h, i, last);
    if (i > 0 && h->items[(i - 1) / 2]->deadline > last->deadline)
        cli_heap_up(h, i);
    else
        cli_heap_down(h, i);
}

cli_timer *cli_heap_top(const cli_heap *h)
{
    return h->len ? h->items[0] : NULL;
}
