/* The tool's event loop (Linux): epoll over non-blocking sockets, a deadline per item, and a
 * way for another thread to wake the loop. Level-triggered: an item says what it waits for
 * (readable, writable, both, neither) after each turn, and is called while that holds. One loop
 * per thread; nothing in it is shared. */
#ifndef LATCH_CLI_LOOP_H
#define LATCH_CLI_LOOP_H

#include <stdint.h>
#include <sys/epoll.h>

#include "heap.h"

typedef struct cli_loop_item cli_loop_item;

struct cli_loop_item {
    int fd;
    uint32_t events;   /* EPOLLIN / EPOLLOUT being waited for */
    int added;         /* in the epoll set (only while it waits for something) */
    cli_timer timer;
    /* the fd is ready (revents: EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR); may remove and free
     * the item */
    void (*on_ready)(cli_loop_item *item, uint32_t revents);
    /* the deadline has passed (the timer is off again); may remove and free the item */
    void (*on_deadline)(cli_loop_item *item);
};

typedef struct {
    int epoll_fd;
    int wake_fd;          /* an eventfd other threads write to */
    int woken;            /* set when it was written, cleared by the loop's owner */
    cli_heap timers;
    /* the batch being handed out: an item removed by another's callback (the proxy's two
     * sockets of one connection) is taken out of what remains of it */
    struct epoll_event *batch;
    int batch_next, batch_len;
} cli_loop;

/* 0, or -1 with errno. */
int cli_loop_init(cli_loop *loop);
void cli_loop_close(cli_loop *loop);
/* An item with its fd and callbacks set: watched for events (0: none yet). 0 or -1 (errno). */
int cli_loop_add(cli_loop *loop, cli_loop_item *item, uint32_t events);
/* Changes what the item waits for (no system call when it is unchanged); an item that waits
 * for nothing is out of the epoll set, so that not even EPOLLHUP/EPOLLERR wake the loop for it. */
int cli_loop_watch(cli_loop *loop, cli_loop_item *item, uint32_t events);
/* Takes the item out of the loop: its fd, its deadline, and any event for it still to be handed
 * out in this turn (the fd is not closed; the item may then be freed). */
void cli_loop_remove(cli_loop *loop, cli_loop_item *item);
/* The same for an item whose fd goes now, and closes it (fd -1 then): the close takes the fd out
 * of the epoll set, no epoll_ctl needed, as nothing else (no dup, no child: sockets are
 * close-on-exec) holds the socket open. */
void cli_loop_close_fd(cli_loop *loop, cli_loop_item *item);
/* The item's deadline (monotonic ms; < 0: none). 0, or -1 when out of memory. */
int cli_loop_deadline(cli_loop *loop, cli_loop_item *item, int64_t at_ms);
/* Waits for events at most max_wait_ms (and never past the first deadline), calls the items
 * that are ready, then those whose deadlines have passed. 0, or -1 with errno (EINTR is 0). */
int cli_loop_run_once(cli_loop *loop, int max_wait_ms);
/* From any thread: the loop's wait ends and loop->woken is set. */
void cli_loop_wake(cli_loop *loop);

#endif
