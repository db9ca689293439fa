/* A bounded FIFO of bytes for the tool's pumps: a producer (the engine's plaintext, a file)
 * writes at the tail, a consumer (latch_write) takes from the head, each in whatever sizes it
 * likes. A ring, so every byte is copied once in and once out; its storage is allocated when
 * first written and can be given back whenever the queue is empty. */
#ifndef LATCH_CLI_QUEUE_H
#define LATCH_CLI_QUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data; /* cap bytes once allocated, else NULL */
    size_t cap;    /* the most the queue holds */
    size_t head;   /* offset of the oldest byte */
    size_t len;    /* bytes held */
} cli_queue;

/* An empty queue that will hold at most cap bytes (nothing is allocated yet). */
void cli_queue_init(cli_queue *q, size_t cap);
/* Where the next bytes go: a contiguous window of *room bytes (0 when full; a wrapped ring
 * offers the rest on the next call), or NULL with *room 0 when the storage cannot be allocated. */
uint8_t *cli_queue_tail(cli_queue *q, size_t *room);
/* n bytes were written at the tail (n <= the room given). */
void cli_queue_commit(cli_queue *q, size_t n);
/* Copies all of data in, or nothing (-1) if it does not fit or cannot be allocated. */
int cli_queue_push(cli_queue *q, const void *data, size_t len);
/* The oldest bytes, contiguous (*len 0 when empty). */
const uint8_t *cli_queue_head(const cli_queue *q, size_t *len);
/* n of the oldest bytes were used (n <= the length given). */
void cli_queue_consume(cli_queue *q, size_t n);
size_t cli_queue_len(const cli_queue *q);
size_t cli_queue_room(const cli_queue *q);
/* Gives the storage back if the queue is empty (an idle connection holds none). */
void cli_queue_release(cli_queue *q);
/* Gives the storage back and empties the queue. */
void cli_queue_free(cli_queue *q);

#endif
