/* Moving bytes between a non-blocking socket and a latch connection's network windows, for the
 * tool's event loops. */
#ifndef LATCH_CLI_TLSIO_H
#define LATCH_CLI_TLSIO_H

#include "latch.h"

/* Writes what the connection has queued. 0: all sent; 1: more waits (poll for POLLOUT);
 * -1: the socket failed. */
int cli_tls_flush(latch_conn *conn, int fd);
/* Reads what the socket has into the connection. 1: bytes were processed; 0: nothing to read
 * now; -2: the peer closed the socket (EOF); -1: the socket or the connection failed
 * (latch_conn_error says why). */
int cli_tls_fill(latch_conn *conn, int fd);

#endif
