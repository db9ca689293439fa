/* Monotonic time, for the trace's timings. */
#ifndef LT_BASE_CLOCK_H
#define LT_BASE_CLOCK_H

#include <stdint.h>

/* Monotonic microseconds (CLOCK_MONOTONIC). */
int64_t lt_now_us(void);

#endif
