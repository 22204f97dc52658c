/* calendar.h — the event calendar: small fixed-size events ordered by (time, sequence).
 * Part of sim/core: it knows event kinds only as numbers. A calendar queue over a pool of
 * nodes; no allocation per event once the pool and the bucket ring have grown to the
 * working size. */
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

typedef struct cs_event_payload {
    uint32_t idx, gen;
    uint16_t kind, aux;
} cs_event_payload;

/* A pending event in the calendar queue: 32 bytes, linked into its bucket's list. */
typedef struct cs_cal_node {
    double t;
    uint64_t seq;
    cs_event_payload pay;
    uint32_t next; /* next in the bucket (sorted by time, sequence), or in the free list */
} cs_cal_node;

/* A lane: a recurring source (one per arrival stream) that has at most one pending event
 * at a time. Lanes live beside the buckets, so the most frequent events are never sorted
 * in. */
typedef struct cs_lane {
    double t; /* +inf when empty */
    uint64_t seq;
    cs_event_payload pay;
} cs_lane;

/* A calendar queue (Brown 1988): time is cut into buckets of width w and bucket b of a
 * power-of-two ring holds the events of every "year" whose bucket falls on b, in a list
 * sorted by (time, sequence). The earliest event is the head of the first non-empty
 * virtual bucket from `cur` on: O(1) on average when the width suits the spacing of the
 * events, which the calendar re-estimates when the count doubles or halves, or when pops
 * start scanning many empty buckets. */
typedef struct cs_calendar {
    cs_lane *lanes; /* [n_lanes] */
    size_t n_lanes;
    size_t lane_min;   /* index of the earliest lane (valid when n_lanes > 0) */
    cs_cal_node *node; /* [cap] pool */
    size_t cap;
    uint32_t free_node; /* head of the pool's free list */
    size_t n;           /* events in buckets */
    uint32_t *bucket;   /* [nb] head node of each bucket */
    uint32_t *tail;     /* [nb] last node of each bucket; meaningful only where a head is */
    size_t nb, bucket_cap;
    double width, inv_width;
    uint64_t cur;        /* no pending event lies in a virtual bucket before this one */
    uint64_t work, pops; /* buckets scanned and list steps taken, pops: since the last tuning */
    uint64_t next_seq;
    uint32_t min_k; /* earliest node in the buckets (NIL: none) when min_valid */
    bool min_valid;
    /* The earliest pending event of all, when head_valid (which implies min_valid): the
     * earliest lane (head_lane) or node min_k. Peeking and then popping, as the event loop
     * does for every event, compares lanes and buckets once; a push only compares with it. */
    bool head_valid, head_lane;
    double head_t; /* +inf: empty */
} cs_calendar;

/* Initialises an empty calendar with room for `cap` events and `n_lanes` lanes.
 * Returns 0 or CS_ENOMEM. */
int cs_calendar_init(cs_calendar *c, size_t cap, size_t n_lanes);
void cs_calendar_fini(cs_calendar *c);

/* Schedules an event; the calendar assigns its sequence number. O(1) on average; grows the
 * pool geometrically when full. Returns 0 or CS_ENOMEM. */
int cs_calendar_push(
    cs_calendar *c, double t, uint16_t kind, uint32_t idx, uint32_t gen, uint16_t aux);

/* Schedules the pending event of lane `lane` (which must be empty: a lane holds one event).
 * Ordered with heap events by (time, sequence) like any other. O(lanes). */
void cs_calendar_lane_push(cs_calendar *c, size_t lane, double t, uint16_t kind, uint32_t idx);

/* Number of pending events. */
size_t cs_calendar_size(const cs_calendar *c);

/* Time of the earliest pending event, or +inf when empty. */
double cs_calendar_next_time(cs_calendar *c);

/* Removes the earliest event into *out. Returns false when empty. O(1) on average. */
bool cs_calendar_pop(cs_calendar *c, cs_event *out);

#endif
