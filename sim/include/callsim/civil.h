/* callsim/civil.h — calendar dates, clock times and durations as scenario files write them.
 * Pure functions, no time zones: a scenario's clock is the hotline's local civil time. */
#ifndef CALLSIM_CIVIL_H
#define CALLSIM_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (no validation). */
int64_t cs_civil_to_days(int y, int m, int d);

/* Inverse of cs_civil_to_days. */
void cs_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Parses "YYYY-MM-DD" (a real calendar date). Returns false on any other text. */
bool cs_civil_parse_date(const char *s, int64_t *days);

/* Parses "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" into days and seconds after midnight;
 * with `allow_date_only`, "YYYY-MM-DD" alone is accepted as midnight. */
bool cs_civil_parse_datetime(const char *s, bool allow_date_only, int64_t *days, double *tod_s);

/* Parses a clock time "HH:MM" or "HH:MM:SS" (00:00 .. 24:00) into seconds after midnight. */
bool cs_civil_parse_clock(const char *s, double *tod_s);

/* Parses a duration with a unit: "90s", "4m", "1.5h", "2d" (also "90" = seconds).
 * Rejects negative, non-finite and trailing garbage. */
bool cs_civil_parse_duration(const char *s, double *seconds);

#endif
