/* calendar.c — calendar queue of events keyed by (time, sequence), plus arrival lanes.
 * Part of sim/core. A hotline keeps one pending event per busy agent, spread over a few
 * handle times: a calendar queue finds the earliest in a bucket or two and files a new one
 * with a multiply and a short list walk, where a heap sifts through log n levels of
 * unpredictable comparisons for every pop and push. */
#include "core/calendar.h"

#include "callsim/err.h"

#include <math.h>
#include <stdlib.h>

#define NIL UINT32_MAX
#define MIN_BUCKETS 16
#define SAMPLE 25            /* earliest events that set the width */
#define WORK_PER_POP_LIMIT 6 /* scanned buckets + list steps per pop that call for retuning */

static inline bool node_before(const cs_cal_node *a, double t, uint64_t seq)
{
    return a->t < t || (a->t == t && a->seq < seq);
}

/* Virtual bucket of time t: monotone in t, so later buckets never hold earlier events. */
static inline uint64_t vbucket(const cs_calendar *c, double t)
{
    double x = t * c->inv_width;
    if (!(x > 0))
        return 0;
    /* through int64: one instruction, where a direct uint64 conversion branches */
    return (uint64_t)(x < 0x1p62 ? (int64_t)x : INT64_C(1) << 62);
}

/* Makes room for `cap` nodes; new ones go on the free list, lowest first. */
static int reserve_nodes(cs_calendar *c, size_t cap)
{
    if (cap > (size_t)NIL)
        return CS_ENOMEM;
    cs_cal_node *p = realloc(c->node, cap * sizeof *p);
    if (!p)
        return CS_ENOMEM;
    c->node = p;
    for (size_t k = cap; k-- > c->cap;) {
        p[k].next = c->free_node;
        c->free_node = (uint32_t)k;
    }
    c->cap = cap;
    return 0;
}

/* Files node k into its bucket, after every event that precedes it. An event at or after
 * the bucket's last one is appended directly: many events at one instant (a shift of
 * thousands logging in) would otherwise walk the whole list each, O(n^2). */
static inline void file_node(cs_calendar *c, uint32_t k)
{
    cs_cal_node *e = &c->node[k];
    uint64_t vb = vbucket(c, e->t);
    size_t b = vb & (c->nb - 1);
    uint32_t *p = &c->bucket[b];
    if (*p != NIL && node_before(&c->node[c->tail[b]], e->t, e->seq)) {
        p = &c->node[c->tail[b]].next;
    } else {
        while (*p != NIL && node_before(&c->node[*p], e->t, e->seq)) {
            p = &c->node[*p].next;
            c->work++;
        }
    }
    e->next = *p;
    *p = k;
    if (e->next == NIL)
        c->tail[b] = k;
    if (vb < c->cur)
        c->cur = vb;
}

/* Width from the spacing of the earliest events (Brown's estimate: three times their mean
 * separation, outliers dropped); keeps the old width when they all coincide. */
static double estimate_width(const cs_calendar *c)
{
    double s[SAMPLE];
    size_t m = 0;
    for (size_t b = 0; b < c->nb; b++)
        for (uint32_t k = c->bucket[b]; k != NIL; k = c->node[k].next) {
            double t = c->node[k].t;
            if (m == SAMPLE && t >= s[m - 1])
                continue;
            size_t i = m < SAMPLE ? m++ : m - 1;
            for (; i > 0 && s[i - 1] > t; i--)
                s[i] = s[i - 1];
            s[i] = t;
        }
    if (m < 2)
        return c->width;
    double mean = (s[m - 1] - s[0]) / (double)(m - 1), sum = 0;
    size_t used = 0;
    for (size_t i = 1; i < m; i++) {
        double d = s[i] - s[i - 1];
        if (d <= 2 * mean) {
            sum += d;
            used++;
        }
    }
    double w = used && sum > 0 ? 3 * sum / (double)used : 3 * mean;
    return isfinite(w) && w > 1e-9 ? w : c->width;
}

/* Rebuilds the ring with nb buckets and a freshly estimated width. Grows the bucket array
 * only past its high-water mark. */
static int rebuild(cs_calendar *c, size_t nb)
{
    if (nb > c->bucket_cap) {
        uint32_t *b = realloc(c->bucket, nb * sizeof *b);
        if (!b)
            return CS_ENOMEM;
        c->bucket = b;
        uint32_t *t = realloc(c->tail, nb * sizeof *t);
        if (!t)
            return CS_ENOMEM;
        c->tail = t;
        c->bucket_cap = nb;
    }
    double w = estimate_width(c);
    /* unlink every event into one chain, then file them again */
    uint32_t chain = NIL;
    for (size_t b = 0; b < c->nb; b++) {
        uint32_t k = c->bucket[b];
        while (k != NIL) {
            uint32_t next = c->node[k].next;
            c->node[k].next = chain;
            chain = k;
            k = next;
        }
    }
    for (size_t b = 0; b < nb; b++)
        c->bucket[b] = NIL;
    c->nb = nb;
    c->width = w;
    c->inv_width = 1.0 / w;
    c->cur = UINT64_MAX;
    while (chain != NIL) {
        uint32_t next = c->node[chain].next;
        file_node(c, chain);
        chain = next;
    }
    c->work = 0;
    c->pops = 0;
    c->min_valid = false;
    c->head_valid = false;
    return 0;
}

int cs_calendar_init(cs_calendar *c, size_t cap, size_t n_lanes)
{
    *c = (cs_calendar){0};
    c->free_node = NIL;
    c->width = 1.0;
    c->inv_width = 1.0;
    if (cap < 16)
        cap = 16;
    c->lanes = malloc((n_lanes ? n_lanes : 1) * sizeof *c->lanes);
    c->n_lanes = n_lanes;
    for (size_t i = 0; c->lanes && i < n_lanes; i++)
        c->lanes[i].t = INFINITY;
    if (!c->lanes || reserve_nodes(c, cap) != 0 || rebuild(c, MIN_BUCKETS) != 0) {
        cs_calendar_fini(c);
        return CS_ENOMEM;
    }
    return 0;
}

void cs_calendar_fini(cs_calendar *c)
{
    free(c->lanes);
    free(c->node);
    free(c->bucket);
    free(c->tail);
    *c = (cs_calendar){0};
}

int cs_calendar_push(
    cs_calendar *c, double t, uint16_t kind, uint32_t idx, uint32_t gen, uint16_t aux)
{
    if (c->free_node == NIL && reserve_nodes(c, c->cap * 2) != 0)
        return CS_ENOMEM;
    uint32_t k = c->free_node;
    cs_cal_node *e = &c->node[k];
    c->free_node = e->next;
    e->t = t;
    e->seq = c->next_seq++;
    e->pay = (cs_event_payload){.idx = idx, .gen = gen, .kind = kind, .aux = aux};
    file_node(c, k);
    /* the newest event precedes the cached earliest only if strictly earlier */
    if (c->min_valid && (c->min_k == NIL || t < c->node[c->min_k].t))
        c->min_k = k;
    if (c->head_valid && t < c->head_t) {
        c->head_t = t;
        c->head_lane = false;
    }
    /* More than two events a bucket: double the ring (and retune its width). Failing to
     * grow only costs speed: the event is queued either way. */
    if (++c->n > 2 * c->nb)
        (void)rebuild(c, 2 * c->nb);
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
    cs_assert(!isfinite(l->t)); /* one pending event a lane: the head cache relies on it */
    l->t = t;
    l->seq = c->next_seq++;
    l->pay = (cs_event_payload){.idx = idx, .kind = kind};
    lanes_rescan(c);
    if (c->head_valid && t < c->head_t) { /* then it is also the earliest lane */
        c->head_t = t;
        c->head_lane = true;
    }
}

size_t cs_calendar_size(const cs_calendar *c)
{
    size_t n = c->n;
    for (size_t i = 0; i < c->n_lanes; i++)
        n += isfinite(c->lanes[i].t);
    return n;
}

/* The earliest node in the buckets (there must be one); moves `cur` to its bucket. */
static uint32_t bucket_min(cs_calendar *c)
{
    size_t mask = c->nb - 1;
    for (size_t i = 0; i < c->nb; i++, c->cur++) {
        uint32_t k = c->bucket[c->cur & mask];
        if (k != NIL && vbucket(c, c->node[k].t) <= c->cur)
            return k;
        c->work++;
    }
    /* A year without events (a quiet night): search the heads directly. */
    uint32_t best = NIL;
    for (size_t b = 0; b < c->nb; b++) {
        uint32_t k = c->bucket[b];
        if (k != NIL &&
            (best == NIL || node_before(&c->node[k], c->node[best].t, c->node[best].seq)))
            best = k;
    }
    c->cur = vbucket(c, c->node[best].t);
    return best;
}

/* The earliest node in the buckets or NIL, cached between pops (a push can only replace
 * it by itself). */
static inline uint32_t earliest(cs_calendar *c)
{
    if (!c->min_valid) {
        c->min_k = c->n ? bucket_min(c) : NIL;
        c->min_valid = true;
    }
    return c->min_k;
}

/* Finds the earliest pending event of all into the head cache. */
static inline void find_head(cs_calendar *c)
{
    uint32_t k = earliest(c);
    c->head_lane = false;
    c->head_t = k != NIL ? c->node[k].t : INFINITY;
    if (c->n_lanes) {
        const cs_lane *l = &c->lanes[c->lane_min];
        if (isfinite(l->t) && (k == NIL || !node_before(&c->node[k], l->t, l->seq))) {
            c->head_t = l->t;
            c->head_lane = true;
        }
    }
    c->head_valid = true;
}

double cs_calendar_next_time(cs_calendar *c)
{
    if (!c->head_valid)
        find_head(c);
    return c->head_t;
}

static inline cs_event event_of(double t, uint64_t seq, const cs_event_payload *p)
{
    return (cs_event){
        .t = t, .seq = seq, .idx = p->idx, .gen = p->gen, .kind = p->kind, .aux = p->aux};
}

bool cs_calendar_pop(cs_calendar *c, cs_event *out)
{
    if (!c->head_valid)
        find_head(c);
    if (c->head_lane) {
        cs_lane *l = &c->lanes[c->lane_min];
        *out = event_of(l->t, l->seq, &l->pay);
        l->t = INFINITY;
        lanes_rescan(c);
        c->head_valid = false; /* the buckets' earliest stays known */
        return true;
    }
    uint32_t k = c->min_k;
    if (k == NIL)
        return false;
    cs_cal_node *e = &c->node[k];
    *out = event_of(e->t, e->seq, &e->pay);
    c->min_valid = false;
    c->head_valid = false;
    c->bucket[c->cur & (c->nb - 1)] = e->next;
    e->next = c->free_node;
    c->free_node = k;
    if (--c->n == 0)
        c->cur = UINT64_MAX; /* the next push sets it */
    /* Retune when the count has halved, or when pops have been doing too much walking
     * for a while (the spacing of events changed since the width was set). */
    if (++c->pops >= 2 * c->nb) {
        if (c->nb > MIN_BUCKETS && c->n < c->nb / 2)
            rebuild(c, c->nb / 2); /* shrinking never allocates */
        else if (c->work > WORK_PER_POP_LIMIT * c->pops)
            rebuild(c, c->nb);
        else
            c->work = c->pops = 0;
    }
    return true;
}
