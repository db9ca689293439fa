/* The trace observer of the engine harnesses (fuzz_engine.h turns it on in both fixed
 * configurations): every event the engine reports while it is fed the fuzzer's bytes is
 * formatted, as `latch trace` and `latch server --trace` would print it, by the tool's narration
 * and JSON lines (cli/narrate.c, linked into the harnesses by fuzz/run.sh), into a buffer. The
 * event itself must be whole (every string there, every field named) and its text safe to print:
 * valid UTF-8 with no control character, since a peer's bytes (a server name, an ALPN protocol, a
 * certificate's names) reach a terminal and a JSON reader through it. */
#ifndef LT_FUZZ_TRACE_H
#define LT_FUZZ_TRACE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "latch.h"
#include "narrate.h"

static inline void lt_fuzz_trace_fail(const latch_trace_event *ev, const char *what, const char *text)
{
    fprintf(stderr, "fuzz trace: %s in a '%s' event: \"%s\"\n", what, ev->name != NULL ? ev->name : "(null)",
            text != NULL ? text : "(null)");
    abort();
}

/* 1 when text is valid UTF-8 (RFC 3629 §4: no overlong form, no surrogate, at most U+10FFFF) with
 * no C0 or C1 control character and no DEL. */
static inline int lt_fuzz_trace_printable(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p != '\0') {
        unsigned long cp;
        size_t extra;
        if (*p < 0x80) {
            if (*p < 0x20 || *p == 0x7f)
                return 0;
            p++;
            continue;
        }
        if ((*p & 0xe0) == 0xc0) {
            cp = *p & 0x1fu;
            extra = 1;
        } else if ((*p & 0xf0) == 0xe0) {
            cp = *p & 0x0fu;
            extra = 2;
        } else if ((*p & 0xf8) == 0xf0) {
            cp = *p & 0x07u;
            extra = 3;
        } else {
            return 0;
        }
        for (size_t i = 1; i <= extra; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i] & 0x3fu);
        }
        static const unsigned long smallest[4] = { 0, 0x80, 0x800, 0x10000 };
        if (cp < smallest[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return 0;
        p += extra + 1;
    }
    return 1;
}

static inline void lt_fuzz_trace_check_string(const latch_trace_event *ev, const char *what, const char *text)
{
    if (text == NULL)
        lt_fuzz_trace_fail(ev, what, "is missing");
    if (!lt_fuzz_trace_printable(text))
        lt_fuzz_trace_fail(ev, what, text);
}

/* Formats the event both ways into a buffer, and checks the event and what came out. */
static inline void lt_fuzz_trace_event(void *arg, const latch_conn *conn, const latch_trace_event *ev)
{
    static char formatted[65536];
    unsigned *step = arg;
    latch_role role = latch_conn_role(conn);
    if (latch_trace_type_name(ev->type) == NULL)
        lt_fuzz_trace_fail(ev, "an event type without a name", "");
    lt_fuzz_trace_check_string(ev, "the name", ev->name);
    lt_fuzz_trace_check_string(ev, "the summary", ev->summary);
    if (ev->type == LATCH_TRACE_MESSAGE || ev->type == LATCH_TRACE_ALERT)
        lt_fuzz_trace_check_string(ev, "the protection", ev->protection);
    if (ev->n_fields > 0 && ev->fields == NULL)
        lt_fuzz_trace_fail(ev, "fields counted but missing", "");
    for (size_t i = 0; i < ev->n_fields; i++) {
        lt_fuzz_trace_check_string(ev, "a field's key", ev->fields[i].key);
        lt_fuzz_trace_check_string(ev, ev->fields[i].key, ev->fields[i].value);
    }
    FILE *out = fmemopen(formatted, sizeof formatted, "w");
    if (out == NULL)
        return;
    cli_narrate(out, "", role, ev, step);
    cli_event_json(out, role, ev);
    long written = ftell(out);
    fclose(out);
    /* each of the two is one line: a newline inside one would forge a line of its own */
    size_t newlines = 0;
    for (long i = 0; i < written && i < (long)sizeof formatted; i++)
        newlines += formatted[i] == '\n';
    if (newlines != (ev->type == LATCH_TRACE_DATA ? 1u : 2u))
        lt_fuzz_trace_fail(ev, "the narration and the JSON line are not one line each", formatted);
}

/* Turns the observer on for cfg (before it is frozen). */
static inline void lt_fuzz_trace_on(latch_config *cfg)
{
    static unsigned step;
    latch_config_set_trace(cfg, lt_fuzz_trace_event, &step);
}

#endif
