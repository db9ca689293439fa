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
#define CLI_ROW 50
#define CLI_TOP 110

static void cli_xml(FILE *out, const char *s, size_t max)
{
    size_t n = 0;
    for (; *s && n < max; s++, n++) {
        if (s[0] == '-' && s[1] == '>') {
            fputs("→", out);
            s++;
            continue;
        }
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
    if (*s)
        fputs("…", out);
}

static void cli_svg(FILE *out, const cli_events *list, const char *title)
{
    size_t rows = list->n;
    int height = CLI_TOP + (int)rows * CLI_ROW + 60;
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
    cli_xml(out, title, 120);
    fputs("</text>\n", out);
    for (int side = 0; side < 2; side++) {
        int x = side ? CLI_RIGHT : CLI_LEFT;
        fprintf(out, "<rect x=\"%d\" y=\"50\" width=\"120\" height=\"34\" rx=\"6\" fill=\"#24292f\"/>"
                     "<text x=\"%d\" y=\"72\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"600\">%s</text>\n"
                     "<line x1=\"%d\" y1=\"84\" x2=\"%d\" y2=\"%d\" stroke=\"#8c959f\" stroke-dasharray=\"4 4\"/>\n",
                x - 60, x, side ? "Server" : "Client", x, x, height - 30);
    }
    fprintf(out, "<text x=\"20\" y=\"%d\" fill=\"#57606a\" font-size=\"11\">time</text>\n", CLI_TOP - 14);
    int round_trip = 0, last_from_client = -1;
    for (size_t i = 0; i < rows; i++) {
        const cli_event *e = &list->items[i];
        int y = CLI_TOP + (int)i * CLI_ROW + 26;
        fprintf(out, "<text x=\"20\" y=\"%d\" fill=\"#57606a\" font-size=\"11\">%.2f ms</text>\n", y + 4,
                (double)e->us / 1000.0);
        if (e->type == LATCH_TRACE_MESSAGE || e->type == LATCH_TRACE_ALERT) {
            /* a round trip starts when the client speaks after hearing the server (a
             * ChangeCipherSpec goes with the flight after it) */
            int ccs = strcmp(e->name, "ChangeCipherSpec") == 0;
            if (e->type == LATCH_TRACE_MESSAGE && e->from_client && !ccs && last_from_client != 1)
                fprintf(out, "<text x=\"90\" y=\"%d\" fill=\"#8250df\" font-size=\"11\">round trip %d</text>\n",
                        y + 4, ++round_trip);
            if (!ccs)
                last_from_client = e->from_client;
            int x1 = e->from_client ? CLI_LEFT : CLI_RIGHT, x2 = e->from_client ? CLI_RIGHT : CLI_LEFT;
            int alert = e->type == LATCH_TRACE_ALERT;
            int encrypted = e->protection[0] && strcmp(e->protection, "plaintext") != 0;
            const char *colour = alert ? "#cf222e" : encrypted ? "#1a7f37" : "#333";
            fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"%s "
                         "marker-end=\"url(#%s)\"/>\n",
                    x1, y, x2 + (e->from_client ? -2 : 2), y, colour, encrypted ? "2.5" : "1.5",
                    alert ? " stroke-dasharray=\"6 4\"" : "", alert ? "r" : encrypted ? "g" : "k");
            fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"600\" fill=\"%s\">",
                    (CLI_LEFT + CLI_RIGHT) / 2, y - 22, colour);
            cli_xml(out, e->name, 60);
            if (encrypted)
                fprintf(out, " (encrypted: %s)", e->protection);
            fputs("</text>\n", out);
            fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#57606a\" font-size=\"11.5\">",
                    (CLI_LEFT + CLI_RIGHT) / 2, y - 7);
            cli_xml(out, e->summary, 100);
            fputs("</text>\n", out);
        } else {
            /* a box on the side of whoever checked or derived */
            int left = e->from_client;
            int bx = left ? CLI_LEFT + 14 : CLI_RIGHT - 14 - 560;
            const char *fill = e->type == LATCH_TRACE_VERIFY ? (e->ok ? "#dafbe1" : "#ffebe9")
                               : e->type == LATCH_TRACE_KEYS ? "#fff8c5" : "#ddf4ff";
            const char *stroke = e->type == LATCH_TRACE_VERIFY ? (e->ok ? "#1a7f37" : "#cf222e")
                                 : e->type == LATCH_TRACE_KEYS ? "#bf8700" : "#0969da";
            const char *mark = e->type == LATCH_TRACE_VERIFY ? (e->ok ? "\xE2\x9C\x94 " : "\xE2\x9C\x98 ")
                               : e->type == LATCH_TRACE_KEYS ? "keys: " : "";
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"560\" height=\"38\" rx=\"5\" fill=\"%s\" stroke=\"%s\"/>\n",
                    bx, y - 30, fill, stroke);
            fprintf(out, "<text x=\"%d\" y=\"%d\" font-weight=\"600\" fill=\"#24292f\">%s", bx + 8, y - 15, mark);
            cli_xml(out, e->name, 60);
            fputs("</text>\n", out);
            fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#57606a\" font-size=\"11\">", bx + 8, y - 1);
            cli_xml(out, e->summary, 92);
            fputs("</text>\n", out);
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
        int encrypted = e->protection[0] && strcmp(e->protection, "plaintext") != 0;
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
