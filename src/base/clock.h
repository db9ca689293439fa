/* Monotonic time, for how long something took (never a date: certificates and tickets use the
 * config's clock). */
#ifndef LT_BASE_CLOCK_H
#define LT_BASE_CLOCK_H

#include <stdint.h>

/* Microseconds on CLOCK_MONOTONIC: only differences mean anything. */
int64_t lt_clock_monotonic_us(void);

#endif
