/* clock.h — wall-clock seconds for timing and timeouts (not simulated time).
 * Part of sim/core. */
#ifndef CS_CORE_CLOCK_H
#define CS_CORE_CLOCK_H

#include <time.h>

/* Seconds on the monotonic clock: differences are elapsed wall time. */
static inline double cs_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
