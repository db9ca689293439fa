/* The handshake trace (see latch.h): events built from the messages' own bytes, so the engine
 * only says "this message went by" at a few places and pays one pointer test when tracing is
 * off. */
#ifndef LT_TRACE_TRACE_H
#define LT_TRACE_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h"


/* A handshake message (type byte first, as on the wire) or, with msg NULL, a ChangeCipherSpec. */
void lt_trace_message(latch_conn *conn, int outgoing, const uint8_t *msg, size_t len);
/* A verification step; the fields are key, value pairs ending with NULL. */
void lt_trace_verify(latch_conn *conn, const char *name, int ok, const char *summary, ...);
/* A key schedule stage. */
void lt_trace_keys(latch_conn *conn, const char *name, const char *summary, ...)
    __attribute__((format(printf, 3, 4)));
void lt_trace_alert(latch_conn *conn, int outgoing, int level, int description);
void lt_trace_done(latch_conn *conn);
/* Monotonic microseconds. */
int64_t lt_trace_now_us(void);

#endif
