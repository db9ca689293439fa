/* Socket <-> engine byte moving for the tool (see tlsio.h). */
#include "tlsio.h"

#include <errno.h>
#include <unistd.h>

int cli_tls_flush(latch_conn *conn, int fd)
{
    for (;;) {
        size_t len;
        const uint8_t *out = latch_net_out_buf(conn, &len);
        if (len == 0)
            return 0;
        ssize_t n = write(fd, out, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? 1 : -1;
        }
        latch_net_out_consumed(conn, (size_t)n);
    }
}

int cli_tls_fill(latch_conn *conn, int fd)
{
    int got = 0;
    for (;;) {
        size_t room;
        uint8_t *in = latch_net_in_buf(conn, &room);
        if (in == NULL)
            return -1; /* the connection failed */
        if (room == 0)
            return got; /* unread plaintext fills the buffer: the caller reads it first */
        ssize_t n = read(fd, in, room);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return got;
            return -1;
        }
        if (n == 0)
            return got ? 1 : -2;
        if (latch_net_in_commit(conn, (size_t)n) < 0)
            return -1;
        got = 1;
        return 1; /* let the caller read plaintext before more records arrive */
    }
}
