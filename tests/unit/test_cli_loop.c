/* The tool's event loop (cli/loop.c): an item whose callback removes another item that is ready
 * in the same batch (the proxy drops a connection's TLS socket and its backend socket together,
 * and frees both) keeps that other item's event from being handed out after its removal; and an
 * item that waits for nothing is not woken, not even by a socket whose both ends are shut (which
 * epoll reports as EPOLLHUP whatever it is asked for: the proxy's backend socket once both its
 * directions have ended, while the client still takes what was sent). */
#include "lt_test.h"

#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"

typedef struct {
    cli_loop_item item;
    cli_loop *loop;
    int calls;
    cli_loop_item *partner; /* removed by this item's callback */
} lt_loop_probe;

static void lt_probe_ready(cli_loop_item *item, uint32_t revents)
{
    lt_loop_probe *p = (lt_loop_probe *)item;
    (void)revents;
    p->calls++;
    if (p->partner != NULL)
        cli_loop_remove(p->loop, p->partner);
    cli_loop_remove(p->loop, item);
}

static void lt_probe_deadline(cli_loop_item *item)
{
    (void)item;
}

static void test_item_removed_by_another_in_its_batch_is_not_called(void)
{
    cli_loop loop;
    int a[2], b[2];
    LT_CHECK(cli_loop_init(&loop) == 0);
    LT_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, a) == 0);
    LT_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, b) == 0);
    lt_loop_probe first = { .item = { .fd = a[0], .on_ready = lt_probe_ready, .on_deadline = lt_probe_deadline },
                            .loop = &loop };
    lt_loop_probe second = { .item = { .fd = b[0], .on_ready = lt_probe_ready, .on_deadline = lt_probe_deadline },
                             .loop = &loop };
    first.partner = &second.item;
    second.partner = &first.item;
    LT_CHECK(cli_loop_add(&loop, &first.item, EPOLLIN) == 0);
    LT_CHECK(cli_loop_add(&loop, &second.item, EPOLLIN) == 0);
    /* both readable before the wait: one batch holds both */
    LT_CHECK(write(a[1], "x", 1) == 1);
    LT_CHECK(write(b[1], "y", 1) == 1);
    LT_CHECK(cli_loop_run_once(&loop, 1000) == 0);
    /* whichever came first removed the other: exactly one callback ran */
    LT_CHECK_INT(first.calls + second.calls, 1);
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    cli_loop_close(&loop);
}

static void test_item_waiting_for_nothing_is_not_woken_by_a_hangup(void)
{
    cli_loop loop;
    int pair[2];
    LT_CHECK(cli_loop_init(&loop) == 0);
    LT_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    lt_loop_probe probe = { .item = { .fd = pair[0], .on_ready = lt_probe_ready, .on_deadline = lt_probe_deadline },
                            .loop = &loop };
    LT_CHECK(cli_loop_add(&loop, &probe.item, EPOLLIN) == 0);
    LT_CHECK(cli_loop_watch(&loop, &probe.item, 0) == 0);
    /* both ends shut: EPOLLHUP */
    LT_CHECK(shutdown(pair[0], SHUT_WR) == 0);
    close(pair[1]);
    LT_CHECK(cli_loop_run_once(&loop, 200) == 0);
    LT_CHECK_INT(probe.calls, 0);
    /* watched again, it is called (it reads the end) */
    LT_CHECK(cli_loop_watch(&loop, &probe.item, EPOLLIN) == 0);
    LT_CHECK(cli_loop_run_once(&loop, 1000) == 0);
    LT_CHECK_INT(probe.calls, 1);
    close(pair[0]);
    cli_loop_close(&loop);
}

int main(void)
{
    LT_RUN(test_item_removed_by_another_in_its_batch_is_not_called);
    LT_RUN(test_item_waiting_for_nothing_is_not_woken_by_a_hangup);
    return lt_test_summary();
}
