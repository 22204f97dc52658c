/* mmc_ref.c — a hand-tuned, single-purpose M/M/c (+M) simulator: the yardstick for the
 * engine's speed on W2/W3 on the machine at hand (docs/performance.md reports ratios).
 * Not part of callsim: no model, no router, no statistics beyond the three estimates.
 * Exponential services are drawn per call and kept in a binary heap of departure times,
 * like any simulator that must know each caller's own handle time; patience too.
 * Usage: mmc_ref mmc | mmc-abandon | mmc-pooled (W2 by the memoryless shortcut, pooled()). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rs = 0x9e3779b97f4a7c15ULL;
static inline double unif(void) /* xorshift64*, (0,1] */
{
    rs ^= rs >> 12;
    rs ^= rs << 25;
    rs ^= rs >> 27;
    return ((rs * 2685821657736338717ULL) >> 11) * 0x1.0p-53 + 0x1.0p-54;
}
static inline double expo(double mean)
{
    return -mean * log(unif());
}

static double *heap;
static int hn;
static void hpush(double t)
{
    int i = hn++;
    while (i > 0 && heap[(i - 1) / 2] > t) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = t;
}
static double hpop(void)
{
    double top = heap[0], x = heap[--hn];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1;
        if (l >= hn)
            break;
        if (l + 1 < hn && heap[l + 1] < heap[l])
            l++;
        if (heap[l] >= x)
            break;
        heap[i] = heap[l];
        i = l;
    }
    heap[i] = x;
    return top;
}

/* `mmc_ref mmc-pooled`: W2 by the memoryless shortcut — the state is the number of busy
 * agents and the queue; the next event comes after Exp(lambda + busy mu) and is an arrival
 * with probability lambda / rate, else a departure. No event list and no service times at
 * all: valid only because every handle time is exponential, so no general simulator can
 * do this. It shows where a figure of 14 M calls/s or more comes from on this machine. */
static int pooled(void)
{
    const int c = 265;
    const double mu = 1.0 / 300, lambda = 0.95 * c * mu;
    const long warm = 100000, count = 2000000;
    size_t cap = 1 << 20, qh = 0, qn = 0;
    double *qa = malloc(cap * sizeof *qa);
    if (!qa)
        return 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double now = 0, wait_sum = 0;
    long arrivals = 0, waited = 0, ended = 0;
    int busy = 0;
    while (arrivals < warm + count) {
        double rate = lambda + busy * mu;
        now += expo(1 / rate);
        if (unif() * rate < lambda) {
            arrivals++;
            if (busy < c) {
                busy++;
                ended += arrivals > warm;
            } else if (qn < cap) {
                qa[(qh + qn++) % cap] = arrivals > warm ? now : -1;
            } else {
                fprintf(stderr, "mmc_ref: queue past %zu callers\n", cap);
                free(qa);
                return 1;
            }
        } else if (qn) { /* the freed agent takes the head of the queue */
            double a = qa[qh];
            qh = (qh + 1) % cap;
            qn--;
            if (a >= 0) {
                waited++, ended++;
                wait_sum += now - a;
            }
        } else {
            busy--;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("{\"workload\": \"mmc-pooled\", \"calls\": %ld, \"wall_s\": %.6f, \"calls_per_s\": "
           "%.1f, \"p_wait\": %.6f, \"mean_wait_s\": %.6f, \"abandon_rate\": 0}\n",
           count,
           wall,
           (double)count / wall,
           (double)waited / (double)ended,
           wait_sum / (double)ended);
    free(qa);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "mmc-pooled") == 0)
        return pooled();
    int abandon = argc > 1 && strcmp(argv[1], "mmc-abandon") == 0;
    const int c = 265;
    const double mean_s = 300, lambda = 0.95 * c / mean_s, patience = 600;
    const long warm = 100000, count = 2000000;
    heap = malloc(sizeof(double) * (size_t)c);
    /* waiting callers: ring of (arrival, deadline) */
    size_t cap = 1 << 20, qh = 0, qn = 0;
    double *qa = malloc(cap * sizeof *qa), *qd = malloc(cap * sizeof *qd);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double now = 0, next_arr = expo(1 / lambda);
    long arrivals = 0, waited = 0, ab = 0, ended = 0;
    double wait_sum = 0;
    while (arrivals < warm + count) {
        double next_dep = hn ? heap[0] : INFINITY;
        if (next_arr <= next_dep) {
            now = next_arr;
            next_arr = now + expo(1 / lambda);
            arrivals++;
            int counted = arrivals > warm;
            if (hn < c) {
                hpush(now + expo(mean_s));
                ended += counted;
            } else {
                qa[(qh + qn) % cap] = counted ? now : -now - 1;
                qd[(qh + qn) % cap] = abandon ? now + expo(patience) : INFINITY;
                qn++;
            }
        } else {
            now = hpop();
            /* the head of the queue takes the freed agent; callers past their deadline left */
            while (qn) {
                double a = qa[qh], d = qd[qh];
                qh = (qh + 1) % cap;
                qn--;
                int counted = a >= 0;
                double arr = counted ? a : -a - 1;
                if (d < now) { /* abandoned at d (lazily discovered) */
                    if (counted) {
                        ab++, waited++, ended++;
                        wait_sum += d - arr;
                    }
                    continue;
                }
                if (counted) {
                    waited++, ended++;
                    wait_sum += now - arr;
                }
                hpush(now + expo(mean_s));
                break;
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("{\"workload\": \"%s\", \"calls\": %ld, \"wall_s\": %.6f, \"calls_per_s\": %.1f, "
           "\"p_wait\": %.6f, \"mean_wait_s\": %.6f, \"abandon_rate\": %.6f}\n",
           abandon ? "mmc-abandon" : "mmc",
           count,
           wall,
           (double)count / wall,
           (double)waited / (double)ended,
           wait_sum / (double)ended,
           (double)ab / (double)ended);
    free(heap);
    free(qa);
    free(qd);
    return 0;
}
