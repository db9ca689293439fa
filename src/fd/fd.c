/* The socket convenience layer over the sans-I/O engine: it moves bytes between a file
 * descriptor and the engine's buffers. Blocking descriptors run to completion; non-blocking
 * ones return LATCH_WANT_READ or LATCH_WANT_WRITE for the caller's poll loop. It sits above the
 * API: the public functions, and api/conn.h for the descriptor kept with the connection. */
#include <errno.h>
#include <unistd.h>

#include "latch.h"

#include "api/conn.h"

LATCH_API latch_status latch_conn_set_fd(latch_conn *conn, int fd)
{
    if (conn == NULL || fd < 0)
        return LATCH_ERR_INVALID_ARG;
    lt_conn_fd_set(conn, fd);
    return LATCH_OK;
}

LATCH_API latch_status latch_fd_flush(latch_conn *conn, int fd)
{
    if (conn == NULL || fd < 0)
        return LATCH_ERR_INVALID_ARG;
    for (;;) {
        size_t len;
        const uint8_t *out = latch_net_out_buf(conn, &len);
        if (len == 0)
            return LATCH_OK;
        ssize_t n = write(fd, out, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return LATCH_WANT_WRITE;
            return LATCH_ERR_IO;
        }
        latch_net_out_consumed(conn, (size_t)n);
    }
}

LATCH_API latch_status latch_fd_fill(latch_conn *conn, int fd)
{
    size_t room;
    if (conn == NULL || fd < 0)
        return LATCH_ERR_INVALID_ARG;
    uint8_t *in = latch_net_in_buf(conn, &room);
    if (in == NULL) {
        latch_status failure = lt_conn_failure(conn);
        return failure != LATCH_OK ? failure : LATCH_ERR_INTERNAL;
    }
    if (room == 0)
        return LATCH_OK; /* unread plaintext fills the buffer: latch_read it first */
    for (;;) {
        ssize_t n = read(fd, in, room);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return LATCH_WANT_READ;
            return LATCH_ERR_IO;
        }
        if (n == 0)
            return LATCH_CLOSED;
        /* one read at a time: the caller reads the plaintext before more records arrive */
        return latch_net_in_commit(conn, (size_t)n);
    }
}

LATCH_API latch_status latch_handshake(latch_conn *conn)
{
    if (conn == NULL || lt_conn_fd(conn) < 0)
        return LATCH_ERR_INVALID_ARG;
    int fd = lt_conn_fd(conn);
    for (;;) {
        latch_status st = latch_fd_flush(conn, fd);
        if (st != LATCH_OK)
            return st;
        st = lt_conn_failure(conn);
        if (st != LATCH_OK)
            return st;
        if (latch_conn_handshake_done(conn))
            return LATCH_OK;
        st = latch_fd_fill(conn, fd);
        if (st == LATCH_CLOSED) {
            lt_conn_explain(conn, "the peer closed the connection during the handshake");
            return LATCH_ERR_IO;
        }
        if (st != LATCH_OK) {
            (void)latch_fd_flush(conn, fd); /* an alert may be waiting */
            return st;
        }
    }
}

LATCH_API latch_status latch_fd_read(latch_conn *conn, void *buf, size_t cap, size_t *n)
{
    *n = 0;
    if (conn == NULL || lt_conn_fd(conn) < 0)
        return LATCH_ERR_INVALID_ARG;
    int fd = lt_conn_fd(conn);
    for (;;) {
        latch_status st = latch_read(conn, buf, cap, n);
        /* answers to the peer (KeyUpdate) go out as we read */
        latch_status flushed = latch_fd_flush(conn, fd);
        if (flushed != LATCH_OK && flushed != LATCH_WANT_WRITE)
            return flushed;
        if (st != LATCH_WANT_READ)
            return st;
        st = latch_fd_fill(conn, fd);
        if (st == LATCH_CLOSED) {
            /* EOF without close_notify: a truncation the application must hear about */
            lt_conn_explain(conn, "the peer closed the connection without close_notify");
            return LATCH_ERR_IO;
        }
        if (st != LATCH_OK) {
            (void)latch_fd_flush(conn, fd);
            return st;
        }
    }
}

LATCH_API latch_status latch_fd_write(latch_conn *conn, const void *buf, size_t len, size_t *n)
{
    *n = 0;
    if (conn == NULL || lt_conn_fd(conn) < 0)
        return LATCH_ERR_INVALID_ARG;
    int fd = lt_conn_fd(conn);
    latch_status st = latch_fd_flush(conn, fd);
    if (st != LATCH_OK)
        return st;
    st = latch_write(conn, buf, len, n);
    if (st != LATCH_OK) {
        (void)latch_fd_flush(conn, fd); /* an alert (or close_notify) the failure queued goes out first */
        return st;
    }
    st = latch_fd_flush(conn, fd);
    return st == LATCH_WANT_WRITE && *n > 0 ? LATCH_OK : st;
}

LATCH_API latch_status latch_fd_close(latch_conn *conn)
{
    if (conn == NULL || lt_conn_fd(conn) < 0)
        return LATCH_ERR_INVALID_ARG;
    latch_status st = latch_close_notify(conn);
    if (st != LATCH_OK)
        return st;
    return latch_fd_flush(conn, lt_conn_fd(conn));
}
