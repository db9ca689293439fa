/* Entry points of the connection engine (engine.c) used by the public API (src/api/conn.c). */
#ifndef LT_TLS_ENGINE_H
#define LT_TLS_ENGINE_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "latch.h"

/* Allocates the input buffer (lazily, on first use). */
LT_MUST_USE int lt_conn_alloc_buffers(latch_conn *conn);
/* Handles the complete records in the input buffer. Once the handshake is done, a large
 * application_data record is left sealed at the head (conn->record_held) for the application's
 * read to open. */
LT_MUST_USE int lt_conn_process(latch_conn *conn);
/* Opens the held record (into conn->read_dst when set: the application data that lands there is
 * counted in conn->read_dst_len) and goes on with the records behind it. */
LT_MUST_USE int lt_conn_open_held(latch_conn *conn);
/* Seals application data into records in the output buffer; *taken says how much fit. */
LT_MUST_USE int lt_conn_emit_app(latch_conn *conn, const uint8_t *data, size_t len, size_t *taken);
/* Queues a close_notify. */
LT_MUST_USE int lt_conn_send_close_notify(latch_conn *conn);

#endif
