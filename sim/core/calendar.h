/* calendar.h — the event calendar: small fixed-size events ordered by (time, sequence).
 * Part of sim/core: it knows event kinds only as numbers. A 4-ary heap in one growable
 * array; no allocation per event once the array has grown to the working size. */
#ifndef CS_CORE_CALENDAR_H
#define CS_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_event {
    double t;     /* simulated time, s */
    uint64_t seq; /* insertion order: equal times run first-in first-out */
    uint32_t idx; /* entity index (meaning depends on kind) */
    uint32_t gen; /* entity generation at scheduling; a mismatch at dispatch = cancelled */
    uint16_t kind;
    uint16_t aux; /* small payload (e.g. which break) */
    uint32_t pad_;
} cs_event;

/* A heap entry: the time and a key packing the insertion sequence (high 40 bits, so
 * comparing keys compares sequences) with the slot of the event's payload (low 24 bits).
 * 16 bytes, four children to a cache line. */
typedef struct cs_heap_entry {
    double t;
    uint64_t key;
} cs_heap_entry;

typedef struct cs_event_payload {
    uint32_t idx, gen;
    uint16_t kind, aux;
} cs_event_payload;

#define CS_CALENDAR_SLOT_BITS 24 /* at most 16,777,216 pending events */

/* A lane: a recurring source (one per arrival stream) that has at most one pending event
 * at a time. Lanes live beside the heap, so the most frequent events never sift. */
typedef struct cs_lane {
    double t; /* +inf when empty */
    uint64_t seq;
    cs_event_payload pay;
} cs_lane;

typedef struct cs_calendar {
    cs_lane *lanes; /* [n_lanes] */
    size_t n_lanes;
    size_t lane_min;     /* index of the earliest lane (valid when n_lanes > 0) */
    cs_heap_entry *heap; /* heap[0] is the earliest unless `hole` */
    size_t n;            /* entries in heap, counting the hole */
    size_t cap;
    cs_event_payload *pay; /* [cap] payloads by slot */
    uint32_t *free_slots;  /* [cap] stack of unused slots */
    size_t n_free;
    uint64_t next_seq;
    bool hole;       /* heap[0] was popped and not yet refilled */
    bool peek_valid; /* peek_t is the earliest pending time */
    double peek_t;
} cs_calendar;

/* Initialises an empty calendar with room for `cap` events and `n_lanes` lanes.
 * Returns 0 or CS_ENOMEM. */
int cs_calendar_init(cs_calendar *c, size_t cap, size_t n_lanes);
void cs_calendar_fini(cs_calendar *c);

/* Schedules an event; the calendar assigns its sequence number. Amortised O(log n); grows
 * the array geometrically when full. Returns 0 or CS_ENOMEM. */
int cs_calendar_push(
    cs_calendar *c, double t, uint16_t kind, uint32_t idx, uint32_t gen, uint16_t aux);

/* Schedules the pending event of lane `lane` (which must be empty: a lane holds one event).
 * Ordered with heap events by (time, sequence) like any other. O(lanes). */
void cs_calendar_lane_push(cs_calendar *c, size_t lane, double t, uint16_t kind, uint32_t idx);

/* Number of pending events. */
size_t cs_calendar_size(const cs_calendar *c);

/* Time of the earliest pending event, or +inf when empty. */
double cs_calendar_next_time(cs_calendar *c);

/* Removes the earliest event into *out. Returns false when empty. The root slot is left
 * as a hole and refilled by the next push (one sift-down for a pop + push pair, the
 * common case: an event that schedules its successor). */
bool cs_calendar_pop(cs_calendar *c, cs_event *out);

#endif
