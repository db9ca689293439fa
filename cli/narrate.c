/* Narration and JSON lines from trace events (see narrate.h). */
#include "narrate.h"

#include <stdlib.h>
#include <string.h>

/* The library writes "->" in key schedules; people read arrows. */
static void cli_print_arrows(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (p[0] == '-' && p[1] == '>') {
            fputs("→", out);
            p++;
        } else {
            fputc(*p, out);
        }
    }
}

void cli_narrate(FILE *out, const char *prefix, latch_role role, const latch_trace_event *ev, unsigned *step)
{
    (void)role; /* the events already speak from our side: "→" sent, "←" received */
    if (ev->type == LATCH_TRACE_DATA)
        return; /* (a record each: latch trace sums them into one line per direction) */
    fputs(prefix, out);
    switch (ev->type) {
    case LATCH_TRACE_MESSAGE:
        fprintf(out, "%u. %s %s ", ++*step, ev->name, ev->outgoing ? "→" : "←");
        cli_print_arrows(out, ev->summary);
        if (strcmp(ev->protection, "plaintext") != 0)
            fprintf(out, "  [encrypted: %s]", ev->protection);
        break;
    case LATCH_TRACE_VERIFY:
        fprintf(out, "   %s %s: ", ev->ok ? "Verified" : "FAILED", ev->name);
        cli_print_arrows(out, ev->summary);
        break;
    case LATCH_TRACE_KEYS:
        fprintf(out, "   Keys: %s: ", ev->name);
        cli_print_arrows(out, ev->summary);
        break;
    case LATCH_TRACE_ALERT:
        fprintf(out, "   Alert %s %s", ev->outgoing ? "→" : "←", ev->summary);
        break;
    case LATCH_TRACE_DONE:
        fprintf(out, "   Done in %.1f ms: %s", (double)ev->elapsed_us / 1000.0, ev->summary);
        break;
    case LATCH_TRACE_DATA:
        break;
    }
    fputc('\n', out);
}

static void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void cli_event_json(FILE *out, latch_role role, const latch_trace_event *ev)
{
    fprintf(out, "{\"type\":\"%s\",\"role\":\"%s\",\"us\":%lld,\"name\":", latch_trace_type_name(ev->type),
            role == LATCH_ROLE_CLIENT ? "client" : "server", (long long)ev->elapsed_us);
    cli_json_string(out, ev->name);
    if (ev->type == LATCH_TRACE_MESSAGE || ev->type == LATCH_TRACE_ALERT) {
        fprintf(out, ",\"direction\":\"%s\",\"protection\":", ev->outgoing ? "sent" : "received");
        cli_json_string(out, ev->protection ? ev->protection : "");
    }
    if (ev->type == LATCH_TRACE_VERIFY)
        fprintf(out, ",\"ok\":%s", ev->ok ? "true" : "false");
    fputs(",\"summary\":", out);
    cli_json_string(out, ev->summary);
    fputs(",\"fields\":{", out);
    for (size_t i = 0; i < ev->n_fields; i++) {
        if (i)
            fputc(',', out);
        cli_json_string(out, ev->fields[i].key);
        fputc(':', out);
        cli_json_string(out, ev->fields[i].value);
    }
    fputs("}}\n", out);
    fflush(out);
}

static cli_event *cli_events_push(cli_events *list)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 32;
        cli_event *grown = realloc(list->items, cap * sizeof *grown);
        if (grown == NULL)
            return NULL;
        list->items = grown;
        list->cap = cap;
    }
    cli_event *e = &list->items[list->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void cli_events_add(cli_events *list, latch_role role, const latch_trace_event *ev)
{
    cli_event *e = cli_events_push(list);
    if (e == NULL)
        return;
    e->type = ev->type;
    e->ok = ev->ok;
    e->from_client = (role == LATCH_ROLE_CLIENT) == (ev->outgoing != 0);
    if (ev->type != LATCH_TRACE_MESSAGE && ev->type != LATCH_TRACE_ALERT)
        e->from_client = role == LATCH_ROLE_CLIENT; /* the side that checked or derived */
    snprintf(e->name, sizeof e->name, "%s", ev->name);
    snprintf(e->summary, sizeof e->summary, "%s", ev->summary);
    snprintf(e->protection, sizeof e->protection, "%s", ev->protection ? ev->protection : "");
    e->us = ev->elapsed_us;
}

void cli_events_note(cli_events *list, int from_client, const char *name, const char *summary,
                     const char *protection, int64_t us)
{
    cli_event *e = cli_events_push(list);
    if (e == NULL)
        return;
    e->type = LATCH_TRACE_MESSAGE;
    e->from_client = from_client;
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->summary, sizeof e->summary, "%s", summary);
    snprintf(e->protection, sizeof e->protection, "%s", protection);
    e->us = us;
}

void cli_events_free(cli_events *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}
