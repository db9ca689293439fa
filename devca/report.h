/* The reports latch certs prints: every devca function takes a message buffer (msg, msg_cap; msg
 * may be NULL) that gets one sentence on failure, or lines for people on success. These write
 * into it; text past the buffer's end is cut, never overflowed. */
#ifndef LT_DEVCA_REPORT_H
#define LT_DEVCA_REPORT_H

#include <stddef.h>

/* Replaces the report with fmt's text. */
void lt_report_set(char *msg, size_t msg_cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends fmt's text to the report already there. */
void lt_report_add(char *msg, size_t msg_cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
