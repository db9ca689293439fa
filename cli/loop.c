/* The tool's event loop (see loop.h). */
#include "loop.h"

#include <errno.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "net.h"

#define CLI_LOOP_BATCH 256

int cli_loop_init(cli_loop *loop)
{
    cli_heap_init(&loop->timers);
    loop->woken = 0;
    loop->batch = NULL;
    loop->batch_next = loop->batch_len = 0;
    loop->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    loop->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    /* (the wake fd's data is NULL: no item) */
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    if (loop->epoll_fd < 0 || loop->wake_fd < 0 ||
        epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, loop->wake_fd, &ev) < 0) {
        int saved = errno;
        cli_loop_close(loop);
        errno = saved;
        return -1;
    }
    return 0;
}

void cli_loop_close(cli_loop *loop)
{
    if (loop->epoll_fd >= 0)
        close(loop->epoll_fd);
    if (loop->wake_fd >= 0)
        close(loop->wake_fd);
    loop->epoll_fd = loop->wake_fd = -1;
    cli_heap_free(&loop->timers);
}

int cli_loop_add(cli_loop *loop, cli_loop_item *item, uint32_t events)
{
    item->timer.slot = CLI_TIMER_OFF;
    item->events = 0;
    item->added = 0;
    return cli_loop_watch(loop, item, events);
}

int cli_loop_watch(cli_loop *loop, cli_loop_item *item, uint32_t events)
{
    if (events == item->events)
        return 0;
    /* an fd watched for nothing leaves the epoll set: epoll reports EPOLLHUP and EPOLLERR
     * whatever it is asked for, so a socket with both ends shut (or reset) would wake the loop
     * on every turn while its owner waits for something else (the proxy's other socket) */
    if (events == 0) {
        (void)epoll_ctl(loop->epoll_fd, EPOLL_CTL_DEL, item->fd, NULL);
        item->added = 0;
        item->events = 0;
        return 0;
    }
    struct epoll_event ev = { .events = events, .data.ptr = item };
    if (epoll_ctl(loop->epoll_fd, item->added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, item->fd, &ev) < 0)
        return -1;
    item->added = 1;
    item->events = events;
    return 0;
}

/* The item's deadline and any event for it still to be handed out in this turn go. */
static void cli_loop_forget(cli_loop *loop, cli_loop_item *item)
{
    item->added = 0;
    item->events = 0;
    cli_heap_remove(&loop->timers, &item->timer);
    for (int i = loop->batch_next; i < loop->batch_len; i++)
        if (loop->batch[i].data.ptr == item)
            loop->batch[i].events = 0;
}

void cli_loop_remove(cli_loop *loop, cli_loop_item *item)
{
    if (item->added)
        (void)epoll_ctl(loop->epoll_fd, EPOLL_CTL_DEL, item->fd, NULL);
    cli_loop_forget(loop, item);
}

void cli_loop_close_fd(cli_loop *loop, cli_loop_item *item)
{
    cli_loop_forget(loop, item);
    if (item->fd >= 0)
        close(item->fd);
    item->fd = -1;
}

int cli_loop_deadline(cli_loop *loop, cli_loop_item *item, int64_t at_ms)
{
    if (at_ms < 0) {
        cli_heap_remove(&loop->timers, &item->timer);
        return 0;
    }
    return cli_heap_set(&loop->timers, &item->timer, at_ms);
}

int cli_loop_run_once(cli_loop *loop, int max_wait_ms)
{
    struct epoll_event events[CLI_LOOP_BATCH];
    int64_t now = cli_net_now_ms();
    cli_timer *first = cli_heap_top(&loop->timers);
    int wait_ms = max_wait_ms;
    if (first != NULL && (wait_ms < 0 || first->deadline - now < wait_ms))
        wait_ms = first->deadline <= now ? 0 : (int)(first->deadline - now);
    int n = epoll_wait(loop->epoll_fd, events, CLI_LOOP_BATCH, wait_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    /* each fd appears once in a batch; a callback that frees other items removes them first,
     * which clears their events (events 0) in the rest of the batch */
    loop->batch = events;
    loop->batch_len = n;
    for (int i = 0; i < n; i++) {
        loop->batch_next = i + 1;
        cli_loop_item *item = events[i].data.ptr;
        if (events[i].events == 0)
            continue;
        if (item == NULL) {
            uint64_t count;
            if (read(loop->wake_fd, &count, sizeof count) < 0 && errno != EAGAIN) {
                loop->batch_len = 0;
                return -1;
            }
            loop->woken = 1;
            continue;
        }
        item->on_ready(item, events[i].events);
    }
    loop->batch_len = 0;
    now = cli_net_now_ms();
    for (cli_timer *t; (t = cli_heap_top(&loop->timers)) != NULL && t->deadline <= now;) {
        cli_loop_item *item = (cli_loop_item *)((char *)t - offsetof(cli_loop_item, timer));
        cli_heap_remove(&loop->timers, t);
        item->on_deadline(item);
    }
    return 0;
}

void cli_loop_wake(cli_loop *loop)
{
    uint64_t one = 1;
    /* (a full counter still wakes the loop: EAGAIN is fine) */
    if (write(loop->wake_fd, &one, sizeof one) < 0)
        return;
}
