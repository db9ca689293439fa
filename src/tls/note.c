#include "tls/note.h"

#include "tls/conn.h"

void lt_note_message(latch_conn *conn, int outgoing, const uint8_t *msg, size_t len)
{
    conn->config->notes->message(conn, outgoing, msg, len);
}

void lt_note_received(latch_conn *conn, uint16_t type, const void *parsed, const uint8_t *msg, size_t len)
{
    conn->config->notes->received(conn, type, parsed, msg, len);
}

void lt_note_verify(latch_conn *conn, const char *name, int ok, const char *summary, ...)
{
    va_list ap;
    va_start(ap, summary);
    conn->config->notes->verify(conn, name, ok, summary, ap);
    va_end(ap);
}

void lt_note_keys(latch_conn *conn, const char *name, const char *summary, ...)
{
    va_list ap;
    va_start(ap, summary);
    conn->config->notes->keys(conn, name, summary, ap);
    va_end(ap);
}

void lt_note_alert(latch_conn *conn, int outgoing, int level, int description)
{
    conn->config->notes->alert(conn, outgoing, level, description);
}

void lt_note_data(latch_conn *conn, int outgoing, size_t len)
{
    conn->config->notes->data(conn, outgoing, len);
}

void lt_note_done(latch_conn *conn)
{
    conn->config->notes->done(conn);
}
