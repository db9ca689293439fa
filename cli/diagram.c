/* Sequence diagrams of a traced handshake (see narrate.h): client and server lifelines, one
 * arrow per message with its key fields, encrypted arrows in green with the keys named,
 * verification and key-schedule boxes on the side that did them, alerts in red, round trips and
 * timings in the margin. SVG alone, or inside one self-contained HTML page. */
#include <stdio.h>
#include <string.h>

#include "narrate.h"

#define CLI_W 1100
#define CLI_LEFT 260
#define CLI_RIGHT 940
#define CLI_TOP 110
#define CLI_BOX_X 14     /* a box's distance from its lifeline */
#define CLI_BOX_W 560
#define CLI_LINE 14      /* between the baselines of two wrapped lines */
#define CLI_ARROW_TEXT_PX 660 /* between the lifelines (680 px), a little margin each side */
#define CLI_BOX_TEXT_PX 540   /* inside a box, less its padding */
#define CLI_MAX_LINES 24

/* Writes s[0..len) escaped for XML, with "->" drawn as an arrow. */
static void cli_xml_n(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '-' && i + 1 < len && s[i + 1] == '>') {
            fputs("→", out);
            i++;
            continue;
        }
        switch (s[i]) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(s[i], out);
        }
    }
}

/* Writes s escaped for XML, cut with "…" after max characters: for the title and the event table,
 * which are not in a box. */
static void cli_xml(FILE *out, const char *s, size_t max)
{
    size_t len = strlen(s);
    cli_xml_n(out, s, len < max ? len : max);
    if (len > max)
        fputs("…", out);
}

/* One line of wrapped text: s[start..end). */
typedef struct {
    size_t start, end;
} cli_line;

/* How wide a character is drawn, in hundredths of the font size: DejaVu Sans's advance widths
 * (the widest of the fonts system-ui falls back to on Linux), rounded up by class. Anything past
 * ASCII (an arrow, a check mark, a letter with an accent) counts as a full em. */
static unsigned cli_char_width(unsigned char c)
{
    if (c >= 0x80)
        return 100;
    if (strchr("iljI.,:;'|!", c) != NULL)
        return 32;
    if (strchr(" ft()[]/-\"`", c) != NULL)
        return 42;
    if (strchr("mwMW@%", c) != NULL)
        return 100;
    if (c >= 'a' && c <= 'z')
        return 64;
    if (c >= '0' && c <= '9')
        return 64;
    if (c >= 'A' && c <= 'Z')
        return 78;
    return 86; /* = + < > _ & # and the rest */
}

/* Splits s into lines no wider than max_px at font_px (bold text is drawn about a tenth wider),
 * breaking at spaces, and inside a word only when the word alone is wider than a line. "->" is
 * one arrow when drawn. Returns the number of lines (at least 1); text beyond max lines goes on
 * the last. */
static size_t cli_wrap(const char *s, unsigned max_px, unsigned font_px, int bold, cli_line *lines,
                       size_t max)
{
    /* widths in hundredths of a pixel, bold as 110 % */
    unsigned long limit = (unsigned long)max_px * 100u * 100u;
    unsigned long scale = (unsigned long)font_px * (bold ? 110u : 100u);
    size_t n = 0, len = strlen(s), pos = 0;
    while (n < max) {
        while (pos < len && s[pos] == ' ' && n > 0)
            pos++;
        unsigned long width = 0;
        size_t i = pos, last_space = 0;
        while (i < len) {
            unsigned long w = cli_char_width((unsigned char)s[i]) * scale;
            if (width + w > limit && i > pos && n + 1 < max)
                break;
            width += w;
            if (s[i] == ' ')
                last_space = i;
            i += (s[i] == '-' && s[i + 1] == '>') ? 2 : 1;
            while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) /* the rest of a code point */
                i++;
        }
        if (i < len && last_space > pos && s[i] != ' ')
            i = last_space; /* the line ends before the word it would cut */
        lines[n++] = (cli_line){pos, i};
        pos = i;
        if (pos >= len)
            break;
    }
    return n;
}

/* Writes the lines of s, one <text> per line from baseline y down; attrs are the <text>'s. */
static void cli_text_lines(FILE *out, const char *s, const cli_line *lines, size_t n, int x, int y,
                           const char *attrs)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "<text x=\"%d\" y=\"%d\" %s>", x, y + (int)i * CLI_LINE, attrs);
        cli_xml_n(out, s + lines[i].start, lines[i].end - lines[i].start);
        fputs("</text>\n", out);
    }
}

/* What one event's row holds: its heading and text, wrapped, and how tall the row is. */
typedef struct {
    char head[160];
    cli_line head_lines[CLI_MAX_LINES], text_lines[CLI_MAX_LINES];
    size_t n_head, n_text;
    int height;
} cli_row;

static int cli_is_arrow(const cli_event *e)
{
    return e->type == LATCH_TRACE_MESSAGE || e->type == LATCH_TRACE_ALERT;
}

static int cli_encrypted(const cli_event *e)
{
    return e->protection[0] && strcmp(e->protection, "plaintext") != 0;
}

/* A box's heading starts with a mark: a check (or a cross) for what was verified, "keys:" for
 * what was derived. */
static const char *cli_box_mark(const cli_event *e)
{
    return e->type == LATCH_TRACE_VERIFY ? (e->ok ? "\xE2\x9C\x94 " : "\xE2\x9C\x98 ")
           : e->type == LATCH_TRACE_KEYS ? "keys: " : "";
}

/* Lays out an arrow's row (heading and text above the arrow) or a box's (heading and text inside),
 * 50 px for one line of each, 14 px more for each further line. */
static void cli_row_layout(const cli_event *e, cli_row *row)
{
    int arrow = cli_is_arrow(e);
    if (arrow && cli_encrypted(e))
        snprintf(row->head, sizeof row->head, "%s (encrypted: %s)", e->name, e->protection);
    else
        snprintf(row->head, sizeof row->head, "%s%s", arrow ? "" : cli_box_mark(e), e->name);
    unsigned px = arrow ? CLI_ARROW_TEXT_PX : CLI_BOX_TEXT_PX;
    row->n_head = cli_wrap(row->head, px, 13, 1, row->head_lines, CLI_MAX_LINES);
    row->n_text = cli_wrap(e->summary, px, arrow ? 12 : 11, 0, row->text_lines, CLI_MAX_LINES);
    row->height = 50 + (int)(row->n_head + row->n_text - 2) * CLI_LINE;
}

static void cli_svg(FILE *out, const cli_events *list, const char *title)
{
    size_t rows = list->n;
    cli_row row;
    int height = CLI_TOP + 60;
    for (size_t i = 0; i < rows; i++) {
        cli_row_layout(&list->items[i], &row);
        height += row.height;
    }
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                 "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"13\">\n",
            CLI_W, height, CLI_W, height);
    fputs("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
          "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker>"
          "<marker id=\"g\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
          "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1a7f37\"/></marker>"
          "<marker id=\"k\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
          "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
          "<marker id=\"r\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
          "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#cf222e\"/></marker></defs>\n", out);
    fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", CLI_W, height);
    fputs("<text x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"600\" fill=\"#222\">", out);
    cli_xml(out, title, 100);
    fputs("</text>\n", out);
    for (int side = 0; side < 2; side++) {
        int x = side ? CLI_RIGHT : CLI_LEFT;
        fprintf(out, "<rect x=\"%d\" y=\"50\" width=\"120\" height=\"34\" rx=\"6\" fill=\"#24292f\"/>"
                     "<text x=\"%d\" y=\"72\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"600\">%s</text>\n"
                     "<line x1=\"%d\" y1=\"84\" x2=\"%d\" y2=\"%d\" stroke=\"#8c959f\" stroke-dasharray=\"4 4\"/>\n",
                x - 60, x, side ? "Server" : "Client", x, x, height - 30);
    }
    fprintf(out, "<text x=\"20\" y=\"%d\" fill=\"#57606a\" font-size=\"11\">time</text>\n", CLI_TOP - 14);
    int round_trip = 0, last_from_client = -1, top = CLI_TOP;
    for (size_t i = 0; i < rows; i++, top += row.height) {
        const cli_event *e = &list->items[i];
        cli_row_layout(e, &row);
        int head_y = top + 4, text_y = head_y + (int)row.n_head * CLI_LINE + 1;
        if (cli_is_arrow(e)) {
            int y = text_y + (int)(row.n_text - 1) * CLI_LINE + 7; /* the arrow, under its text */
            fprintf(out, "<text x=\"20\" y=\"%d\" fill=\"#57606a\" font-size=\"11\">%.2f ms</text>\n", y + 4,
                    (double)e->us / 1000.0);
            /* a round trip starts when the client speaks after hearing the server (a
             * ChangeCipherSpec goes with the flight after it) */
            int ccs = strcmp(e->name, "ChangeCipherSpec") == 0;
            if (e->type == LATCH_TRACE_MESSAGE && e->from_client && !ccs && last_from_client != 1)
                fprintf(out, "<text x=\"90\" y=\"%d\" fill=\"#8250df\" font-size=\"11\">round trip %d</text>\n",
                        y + 4, ++round_trip);
            if (!ccs)
                last_from_client = e->from_client;
            int x1 = e->from_client ? CLI_LEFT : CLI_RIGHT, x2 = e->from_client ? CLI_RIGHT : CLI_LEFT;
            int alert = e->type == LATCH_TRACE_ALERT, encrypted = cli_encrypted(e);
            const char *colour = alert ? "#cf222e" : encrypted ? "#1a7f37" : "#333";
            fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"%s "
                         "marker-end=\"url(#%s)\"/>\n",
                    x1, y, x2 + (e->from_client ? -2 : 2), y, colour, encrypted ? "2.5" : "1.5",
                    alert ? " stroke-dasharray=\"6 4\"" : "", alert ? "r" : encrypted ? "g" : "k");
            char attrs[96];
            snprintf(attrs, sizeof attrs, "text-anchor=\"middle\" font-weight=\"600\" fill=\"%s\"", colour);
            cli_text_lines(out, row.head, row.head_lines, row.n_head, (CLI_LEFT + CLI_RIGHT) / 2, head_y, attrs);
            cli_text_lines(out, e->summary, row.text_lines, row.n_text, (CLI_LEFT + CLI_RIGHT) / 2, text_y,
                           "text-anchor=\"middle\" fill=\"#57606a\" font-size=\"11.5\"");
        } else {
            /* a box on the side of whoever checked or derived, as tall as its text */
            int bx = e->from_client ? CLI_LEFT + CLI_BOX_X : CLI_RIGHT - CLI_BOX_X - CLI_BOX_W;
            int box_h = row.height - 12;
            fprintf(out, "<text x=\"20\" y=\"%d\" fill=\"#57606a\" font-size=\"11\">%.2f ms</text>\n", top + 11,
                    (double)e->us / 1000.0);
            const char *fill = e->type == LATCH_TRACE_VERIFY ? (e->ok ? "#dafbe1" : "#ffebe9")
                               : e->type == LATCH_TRACE_KEYS ? "#fff8c5" : "#ddf4ff";
            const char *stroke = e->type == LATCH_TRACE_VERIFY ? (e->ok ? "#1a7f37" : "#cf222e")
                                 : e->type == LATCH_TRACE_KEYS ? "#bf8700" : "#0969da";
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"%s\"/>\n",
                    bx, top - 4, CLI_BOX_W, box_h, fill, stroke);
            cli_text_lines(out, row.head, row.head_lines, row.n_head, bx + 8, top + 11,
                           "font-weight=\"600\" fill=\"#24292f\"");
            cli_text_lines(out, e->summary, row.text_lines, row.n_text, bx + 8,
                           top + 11 + (int)row.n_head * CLI_LINE, "fill=\"#57606a\" font-size=\"11\"");
        }
    }
    fputs("</svg>\n", out);
}

int cli_diagram_svg(const cli_events *list, const char *title, const char *path)
{
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return -1;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    cli_svg(out, list, title);
    return fclose(out) == 0 ? 0 : -1;
}

int cli_diagram_html(const cli_events *list, const char *title, const char *path)
{
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return -1;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", out);
    cli_xml(out, title, 200);
    fputs("</title>\n<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;"
          "max-width:1140px;color:#24292f}h1{font-size:1.4em}table{border-collapse:collapse;width:100%;"
          "font-size:.9em}td,th{padding:.35em .6em;border-bottom:1px solid #d0d7de;text-align:left;"
          "vertical-align:top}th{background:#f6f8fa}.enc{color:#1a7f37}.bad{color:#cf222e}"
          "svg{max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:6px}</style></head>\n<body>\n<h1>",
          out);
    cli_xml(out, title, 200);
    fputs("</h1>\n<p>Drawn by <b>latch trace</b> from the events of a real handshake. Green arrows travel "
          "encrypted (under the keys named); boxes are what each side checked (✔) and the keys it derived.</p>\n", out);
    cli_svg(out, list, title);
    fputs("<h2>Events</h2>\n<table id=\"events\"><tr><th>ms</th><th>who</th><th>event</th><th>details</th></tr>\n", out);
    for (size_t i = 0; i < list->n; i++) {
        const cli_event *e = &list->items[i];
        int encrypted = cli_encrypted(e);
        fprintf(out, "<tr%s><td>%.2f</td><td>%s</td><td>", e->type == LATCH_TRACE_VERIFY && !e->ok ? " class=\"bad\"" : "",
                (double)e->us / 1000.0,
                e->type == LATCH_TRACE_MESSAGE || e->type == LATCH_TRACE_ALERT
                    ? (e->from_client ? "client → server" : "server → client")
                    : (e->from_client ? "client" : "server"));
        cli_xml(out, e->name, 80);
        if (encrypted) {
            fputs(" <span class=\"enc\">(", out);
            cli_xml(out, e->protection, 40);
            fputs(")</span>", out);
        }
        fputs("</td><td>", out);
        cli_xml(out, e->summary, 600);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n</body></html>\n", out);
    return fclose(out) == 0 ? 0 : -1;
}
