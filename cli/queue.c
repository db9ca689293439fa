/* A bounded ring of bytes between a producer and a consumer (see queue.h). */
#include "queue.h"

#include <stdlib.h>
#include <string.h>

void cli_queue_init(cli_queue *q, size_t cap)
{
    q->data = NULL;
    q->cap = cap;
    q->head = 0;
    q->len = 0;
}

uint8_t *cli_queue_tail(cli_queue *q, size_t *room)
{
    *room = 0;
    if (q->data == NULL && (q->data = malloc(q->cap)) == NULL)
        return NULL;
    size_t tail = (q->head + q->len) % q->cap;
    if (q->len == q->cap)
        *room = 0;
    else if (tail >= q->head)
        *room = q->cap - tail; /* up to the end; the space before the head comes next */
    else
        *room = q->head - tail;
    return q->data + tail;
}

void cli_queue_commit(cli_queue *q, size_t n)
{
    q->len += n;
}

int cli_queue_push(cli_queue *q, const void *data, size_t len)
{
    if (len > cli_queue_room(q))
        return -1;
    while (len > 0) {
        size_t room;
        uint8_t *tail = cli_queue_tail(q, &room);
        if (tail == NULL)
            return -1;
        size_t n = len < room ? len : room;
        memcpy(tail, data, n);
        cli_queue_commit(q, n);
        data = (const uint8_t *)data + n;
        len -= n;
    }
    return 0;
}

const uint8_t *cli_queue_head(const cli_queue *q, size_t *len)
{
    size_t to_end = q->cap - q->head;
    *len = q->len < to_end ? q->len : to_end;
    return q->len == 0 ? q->data : q->data + q->head;
}

void cli_queue_consume(cli_queue *q, size_t n)
{
    q->len -= n;
    /* an empty ring starts again at the beginning: the next windows are as large as can be */
    q->head = q->len == 0 ? 0 : (q->head + n) % q->cap;
}

size_t cli_queue_len(const cli_queue *q)
{
    return q->len;
}

size_t cli_queue_room(const cli_queue *q)
{
    return q->cap - q->len;
}

void cli_queue_release(cli_queue *q)
{
    if (q->len == 0) {
        free(q->data);
        q->data = NULL;
        q->head = 0;
    }
}

void cli_queue_free(cli_queue *q)
{
    free(q->data);
    cli_queue_init(q, q->cap);
}
