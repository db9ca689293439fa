/* What the handshake tells an observer: each message that goes by, each verification step, each
 * key schedule stage, each alert, and the end of the handshake. The trace (src/trace, a layer
 * above) implements these and is installed in the config when the application asks for a trace
 * (latch_config_set_trace), so the handshake names no code above it and pays one pointer test
 * when nobody watches (LT_TRACING). */
#ifndef LT_TLS_NOTE_H
#define LT_TLS_NOTE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "latch.h"

typedef struct {
    /* a handshake message (type byte first, as on the wire) or, with msg NULL, a ChangeCipherSpec */
    void (*message)(latch_conn *conn, int outgoing, const uint8_t *msg, size_t len);
    /* a received message its codec has read (parsed: the member of its type, machine.h) */
    void (*received)(latch_conn *conn, uint16_t type, const void *parsed, const uint8_t *msg, size_t len);
    /* fields: key, value pairs (const char *) ending with NULL */
    void (*verify)(latch_conn *conn, const char *name, int ok, const char *summary, va_list fields);
    void (*keys)(latch_conn *conn, const char *name, const char *summary, va_list ap);
    void (*alert)(latch_conn *conn, int outgoing, int level, int description);
    /* a record of application data (len bytes of it), sealed or opened */
    void (*data)(latch_conn *conn, int outgoing, size_t len);
    void (*done)(latch_conn *conn);
} lt_note_ops;

/* Each passes the note on to the config's observer (call them under LT_TRACING only). */
void lt_note_message(latch_conn *conn, int outgoing, const uint8_t *msg, size_t len);
void lt_note_received(latch_conn *conn, uint16_t type, const void *parsed, const uint8_t *msg, size_t len);
void lt_note_verify(latch_conn *conn, const char *name, int ok, const char *summary, ...);
void lt_note_keys(latch_conn *conn, const char *name, const char *summary, ...)
    __attribute__((format(printf, 3, 4)));
void lt_note_alert(latch_conn *conn, int outgoing, int level, int description);
void lt_note_data(latch_conn *conn, int outgoing, size_t len);
void lt_note_done(latch_conn *conn);

#endif
