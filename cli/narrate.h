/* Turning trace events into text for people (numbered narration) and for scripts (JSON lines),
 * and keeping them for the diagrams. Used by `latch trace` and `latch server --trace`. */
#ifndef LATCH_CLI_NARRATE_H
#define LATCH_CLI_NARRATE_H

#include <stdint.h>
#include <stdio.h>

#include "latch.h"

/* One event as kept for a diagram (its own copies of the strings). */
typedef struct {
    latch_trace_type type;
    int from_client;      /* MESSAGE / ALERT: sent by the client */
    int ok;
    char name[64];
    char summary[512];
    char protection[32];
    int64_t us;
} cli_event;

typedef struct {
    cli_event *items;
    size_t n, cap;
    unsigned step;        /* the narration's message counter */
} cli_events;

/* Prints one event as a narration line ("3. Certificate ← 2 certificates: ..."), from the point of
 * view of `role`; prefix goes before each line (a peer address on the server). */
void cli_narrate(FILE *out, const char *prefix, latch_role role, const latch_trace_event *ev, unsigned *step);
/* Prints one event as a JSON object on one line. */
void cli_event_json(FILE *out, latch_role role, const latch_trace_event *ev);
/* Keeps a copy for the diagrams. */
void cli_events_add(cli_events *list, latch_role role, const latch_trace_event *ev);
/* A line of the tool's own (application data), kept like an event. */
void cli_events_note(cli_events *list, int from_client, const char *name, const char *summary,
                     const char *protection, int64_t us);
void cli_events_free(cli_events *list);

/* Sequence diagrams of the kept events (diagram.c): SVG, and a self-contained HTML page. */
int cli_diagram_svg(const cli_events *list, const char *title, const char *path);
int cli_diagram_html(const cli_events *list, const char *title, const char *path);

#endif
