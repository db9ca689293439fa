/* The API's connection functions that are not public: creation in two steps (for test
 * replays), and what the socket layer above the API (src/fd/fd.c) needs of a connection beyond
 * latch.h: the descriptor latch_conn_set_fd gave, the status that failed the connection, and a
 * sentence for an end the engine never saw (the peer closing its socket). */
#ifndef LT_API_CONN_H
#define LT_API_CONN_H

#include "base/err.h"
#include "latch.h"

/* Creates a connection without starting it, and starts it (the client's ClientHello): two
 * steps so that test replays can inject randoms and ephemeral keys in between. */
latch_conn *lt_conn_create(latch_config *cfg, const char *server_name);
LT_MUST_USE int lt_conn_start(latch_conn *conn);

/* The descriptor kept with the connection; -1 until one is set. */
void lt_conn_fd_set(latch_conn *conn, int fd);
int lt_conn_fd(const latch_conn *conn);
/* LATCH_OK while the connection works; once it has failed, the status it failed with. */
latch_status lt_conn_failure(const latch_conn *conn);
/* Says why the connection ended unless a sentence is there already. */
void lt_conn_explain(latch_conn *conn, const char *sentence);

#endif
