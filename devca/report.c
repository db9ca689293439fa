/* The reports of latch certs (see report.h). */
#include "devca/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void lt_report_set(char *msg, size_t msg_cap, const char *fmt, ...)
{
    if (msg == NULL || msg_cap == 0)
        return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, msg_cap, fmt, args);
    va_end(args);
}

void lt_report_add(char *msg, size_t msg_cap, const char *fmt, ...)
{
    if (msg == NULL || msg_cap == 0)
        return;
    size_t used = strnlen(msg, msg_cap);
    if (used + 1 >= msg_cap)
        return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg + used, msg_cap - used, fmt, args);
    va_end(args);
}
