/* calendar.c — 4-ary min-heap of events keyed by (time, sequence).
 * Part of sim/core. A 4-ary heap halves the depth of a binary one and keeps a node's
 * children in two cache lines; a pop leaves a hole at the root that the next push fills
 * with a single sift-down, which is what event-driven models do most. */
#include "core/calendar.h"

#include "callsim/err.h"

#include <math.h>
#include <stdlib.h>

#define SLOT_MASK ((UINT64_C(1) << CS_CALENDAR_SLOT_BITS) - 1)

static inline bool before(const cs_heap_entry *a, const cs_heap_entry *b)
{
    return a->t < b->t || (a->t == b->t && a->key < b->key);
}

/* Makes room for `cap` events: heap, payloads and free slots grow together. */
static int reserve(cs_calendar *c, size_t cap)
{
    if (cap > (size_t)SLOT_MASK + 1)
        return CS_ENOMEM;
    cs_heap_entry *h = realloc(c->heap, cap * sizeof *h);
    if (!h)
        return CS_ENOMEM;
    c->heap = h;
    cs_event_payload *p = realloc(c->pay, cap * sizeof *p);
    if (!p)
        return CS_ENOMEM;
    c->pay = p;
    uint32_t *f = realloc(c->free_slots, cap * sizeof *f);
    if (!f)
        return CS_ENOMEM;
    c->free_slots = f;
    /* New slots go on the stack so that low slots are used first. */
    for (size_t s = cap; s-- > c->cap;)
        c->free_slots[c->n_free++] = (uint32_t)s;
    c->cap = cap;
    return 0;
}

int cs_calendar_init(cs_calendar *c, size_t cap, size_t n_lanes)
{
    *c = (cs_calendar){0};
    if (cap < 16)
        cap = 16;
    c->lanes = malloc((n_lanes ? n_lanes : 1) * sizeof *c->lanes);
    c->n_lanes = n_lanes;
    for (size_t i = 0; c->lanes && i < n_lanes; i++)
        c->lanes[i].t = INFINITY;
    if (!c->lanes || reserve(c, cap) != 0) {
        cs_calendar_fini(c);
        return CS_ENOMEM;
    }
    return 0;
}

void cs_calendar_fini(cs_calendar *c)
{
    free(c->lanes);
    free(c->heap);
    free(c->pay);
    free(c->free_slots);
    *c = (cs_calendar){0};
}

/* Places e at position i (a hole) and sifts it down among n entries. */
static void sift_down(cs_heap_entry *h, size_t n, size_t i, cs_heap_entry e)
{
    for (;;) {
        size_t first = 4 * i + 1;
        if (first >= n)
            break;
        size_t best = first;
        if (first + 4 <= n) {
            /* full family: a tournament of two pairs, fewer unpredictable branches */
            size_t a = before(&h[first + 1], &h[first]) ? first + 1 : first;
            size_t b = before(&h[first + 3], &h[first + 2]) ? first + 3 : first + 2;
            best = before(&h[b], &h[a]) ? b : a;
        } else {
            for (size_t k = first + 1; k < n; k++)
                if (before(&h[k], &h[best]))
                    best = k;
        }
        if (!before(&h[best], &e))
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = e;
}

static void sift_up(cs_heap_entry *h, size_t i, cs_heap_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!before(&e, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

/* Refills a root hole with the last entry. */
static void fill_hole(cs_calendar *c)
{
    c->hole = false;
    c->n--;
    if (c->n > 0)
        sift_down(c->heap, c->n, 0, c->heap[c->n]);
}

int cs_calendar_push(
    cs_calendar *c, double t, uint16_t kind, uint32_t idx, uint32_t gen, uint16_t aux)
{
    if (c->n_free == 0 && reserve(c, c->cap * 2) != 0)
        return CS_ENOMEM;
    uint32_t slot = c->free_slots[--c->n_free];
    if (c->peek_valid && t < c->peek_t)
        c->peek_t = t;
    c->pay[slot] = (cs_event_payload){.idx = idx, .gen = gen, .kind = kind, .aux = aux};
    cs_heap_entry e = {.t = t, .key = c->next_seq++ << CS_CALENDAR_SLOT_BITS | slot};
    if (c->hole) {
        c->hole = false;
        sift_down(c->heap, c->n, 0, e);
        return 0;
    }
    sift_up(c->heap, c->n++, e);
    return 0;
}

static void lanes_rescan(cs_calendar *c)
{
    size_t best = 0;
    for (size_t i = 1; i < c->n_lanes; i++) {
        const cs_lane *a = &c->lanes[i], *b = &c->lanes[best];
        if (a->t < b->t || (a->t == b->t && a->seq < b->seq))
            best = i;
    }
    c->lane_min = best;
}

void cs_calendar_lane_push(cs_calendar *c, size_t lane, double t, uint16_t kind, uint32_t idx)
{
    cs_lane *l = &c->lanes[lane];
    if (c->peek_valid && t < c->peek_t)
        c->peek_t = t;
    l->t = t;
    l->seq = c->next_seq++;
    l->pay = (cs_event_payload){.idx = idx, .kind = kind};
    lanes_rescan(c);
}

size_t cs_calendar_size(const cs_calendar *c)
{
    size_t n = c->n - (c->hole ? 1 : 0);
    for (size_t i = 0; i < c->n_lanes; i++)
        n += isfinite(c->lanes[i].t);
    return n;
}

/* Time and sequence of the earliest heap entry (the hole's successor when there is one). */
static const cs_heap_entry *heap_peek(const cs_calendar *c)
{
    if (!c->hole)
        return c->n ? &c->heap[0] : NULL;
    /* Without refilling: the earliest is among the root's children, and a push that
     * follows will fill the hole for free. */
    size_t last = c->n - 1;
    if (last == 0)
        return NULL;
    const cs_heap_entry *best = &c->heap[last];
    size_t end = last < 5 ? last : 5;
    for (size_t k = 1; k < end; k++)
        if (before(&c->heap[k], best))
            best = &c->heap[k];
    return best;
}

double cs_calendar_next_time(cs_calendar *c)
{
    /* Cached between pops: a push can only lower it. */
    if (c->peek_valid)
        return c->peek_t;
    const cs_heap_entry *h = heap_peek(c);
    double t = h ? h->t : INFINITY;
    if (c->n_lanes && c->lanes[c->lane_min].t < t)
        t = c->lanes[c->lane_min].t;
    c->peek_t = t;
    c->peek_valid = true;
    return t;
}

bool cs_calendar_pop(cs_calendar *c, cs_event *out)
{
    c->peek_valid = false;
    if (c->hole)
        fill_hole(c);
    if (c->n_lanes) {
        cs_lane *l = &c->lanes[c->lane_min];
        if (isfinite(l->t) &&
            (c->n == 0 || l->t < c->heap[0].t ||
             (l->t == c->heap[0].t && l->seq < c->heap[0].key >> CS_CALENDAR_SLOT_BITS))) {
            *out = (cs_event){.t = l->t,
                              .seq = l->seq,
                              .idx = l->pay.idx,
                              .gen = l->pay.gen,
                              .kind = l->pay.kind,
                              .aux = l->pay.aux};
            l->t = INFINITY;
            lanes_rescan(c);
            return true;
        }
    }
    if (c->n == 0)
        return false;
    const cs_heap_entry *e = &c->heap[0];
    uint32_t slot = (uint32_t)(e->key & SLOT_MASK);
    const cs_event_payload *p = &c->pay[slot];
    *out = (cs_event){.t = e->t,
                      .seq = e->key >> CS_CALENDAR_SLOT_BITS,
                      .idx = p->idx,
                      .gen = p->gen,
                      .kind = p->kind,
                      .aux = p->aux};
    c->free_slots[c->n_free++] = slot;
    c->hole = true;
    return true;
}
