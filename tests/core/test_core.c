/* test_core.c — unit tests of sim/core: calendar order and ties, random stream seeding,
 * civil dates and durations. */
#include "check.h"

#include "callsim/civil.h"
#include "core/calendar.h"
#include "core/rng.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

static void calendar_order(void)
{
    cs_calendar c;
    CHECK_INT_EQ(cs_calendar_init(&c, 4, 0), 0);
    /* Pseudo-random times with many duplicates, pushed and popped interleaved. */
    uint64_t x = 2385;
    double last_t = -1;
    uint64_t last_seq = 0;
    size_t popped = 0;
    for (int round = 0; round < 20000; round++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        double t = (double)((x >> 33) % 500) + (last_t > 0 ? last_t : 0);
        CHECK_INT_EQ(cs_calendar_push(&c, t, 1, (uint32_t)round, 0, 0), 0);
        if (round % 3 == 2) {
            cs_event e;
            CHECK(cs_calendar_pop(&c, &e));
            CHECK(e.t > last_t || (e.t == last_t && e.seq > last_seq));
            last_t = e.t;
            last_seq = e.seq;
            popped++;
        }
    }
    cs_event e;
    while (cs_calendar_pop(&c, &e)) {
        CHECK(e.t > last_t || (e.t == last_t && e.seq > last_seq));
        last_t = e.t;
        last_seq = e.seq;
        popped++;
    }
    CHECK_INT_EQ(popped, 20000);
    CHECK_INT_EQ(cs_calendar_size(&c), 0);
    cs_calendar_fini(&c);
}

static void calendar_ties_fifo(void)
{
    cs_calendar c;
    CHECK_INT_EQ(cs_calendar_init(&c, 16, 0), 0);
    for (uint32_t i = 0; i < 100; i++)
        CHECK_INT_EQ(cs_calendar_push(&c, 7.25, 0, i, 0, 0), 0);
    cs_event e;
    for (uint32_t i = 0; i < 100; i++) {
        CHECK(cs_calendar_pop(&c, &e));
        CHECK_INT_EQ(e.idx, i);
        /* pop + push pairs fill the root hole */
        if (i == 50)
            CHECK_INT_EQ(cs_calendar_push(&c, 7.25, 0, 1000, 0, 0), 0);
    }
    CHECK(cs_calendar_pop(&c, &e));
    CHECK_INT_EQ(e.idx, 1000);
    CHECK(!cs_calendar_pop(&c, &e));
    CHECK(isinf(cs_calendar_next_time(&c)));
    cs_calendar_fini(&c);
}

/* The calendar against a plain reference on mixed time scales: bursts of equal times, a
 * far-off event per round (shift starts days ahead), counts that grow to thousands and
 * drain to none (so the ring doubles, halves and retunes its width), lanes in between. */
static void calendar_scales(void)
{
    cs_calendar c;
    CHECK_INT_EQ(cs_calendar_init(&c, 4, 2), 0);
    uint64_t x = 99;
    double now = 0;
    uint64_t last_seq = 0;
    size_t pushed = 0, popped = 0;
    for (int phase = 0; phase < 6; phase++) {
        double scale = phase % 2 ? 0.001 : 300.0; /* spacing changes by 5 orders */
        int grow = phase < 3 ? 3000 : 100;
        for (int i = 0; i < grow; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(x >> 11) * 0x1p-53;
            double t = now + (i % 7 == 0 ? 0.0 : scale * 4 * u * u);
            if (i % 97 == 0)
                t = now + 86400.0 * (1 + i % 3);
            CHECK_INT_EQ(cs_calendar_push(&c, t, 1, (uint32_t)i, 0, 0), 0);
            pushed++;
            if (i % 50 == 0 && !isfinite(c.lanes[i % 2].t)) {
                cs_calendar_lane_push(&c, (size_t)(i % 2), now + scale * u, 2, 0);
                pushed++;
            }
            if (i % 2 == 1) {
                cs_event e;
                CHECK(cs_calendar_next_time(&c) >= now);
                double peek = cs_calendar_next_time(&c);
                CHECK(cs_calendar_pop(&c, &e));
                CHECK(e.t == peek);
                CHECK(e.t > now || (e.t == now && e.seq > last_seq) || popped == 0);
                now = e.t;
                last_seq = e.seq;
                popped++;
            }
        }
        /* drain most of it */
        size_t keep = phase == 5 ? 0 : 10;
        cs_event e;
        while (cs_calendar_size(&c) > keep && cs_calendar_pop(&c, &e)) {
            CHECK(e.t > now || (e.t == now && e.seq > last_seq));
            now = e.t;
            last_seq = e.seq;
            popped++;
        }
    }
    CHECK_INT_EQ(popped, pushed);
    CHECK_INT_EQ(cs_calendar_size(&c), 0);
    CHECK(isinf(cs_calendar_next_time(&c)));
    cs_calendar_fini(&c);
}

/* callsim's MT19937 type gives GSL's gsl_rng_mt19937 sequence word for word, through the
 * inline reader, gsl_rng_get and gsl_rng_uniform alike, across several refills. */
static void rng_matches_gsl_mt19937(void)
{
    /* 0 and 2^32 + 5: GSL's default seed and its mask (unsigned long is 64 bits here) */
    const unsigned long seeds[] = {
        0, 1, 4357, 0x6d2b79f5UL, 0xffffffffUL, 123456789, (unsigned long)0x100000005ULL};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        gsl_rng *ours = gsl_rng_alloc(cs_rng_mt19937), *ref = gsl_rng_alloc(gsl_rng_mt19937);
        CHECK(ours && ref);
        gsl_rng_set(ours, seeds[k]);
        gsl_rng_set(ref, seeds[k]);
        long bad = 0;
        for (long i = 0; i < 5000; i++) { /* eight blocks of 624 */
            unsigned long want = gsl_rng_get(ref);
            unsigned long got = i % 3 == 0   ? cs_rng_u32(ours)
                                : i % 3 == 1 ? gsl_rng_get(ours)
                                             : (unsigned long)(gsl_rng_uniform(ours) * 0x1p32);
            bad += got != want;
        }
        CHECK_INT_EQ(bad, 0);
        CHECK(cs_rng_uniform(ours) == gsl_rng_uniform(ref));
        gsl_rng_free(ours);
        gsl_rng_free(ref);
    }
    /* a stream of another type is read through GSL */
    gsl_rng *t = gsl_rng_alloc(gsl_rng_taus2), *u = gsl_rng_alloc(gsl_rng_taus2);
    CHECK(cs_rng_u32(t) == gsl_rng_get(u));
    gsl_rng_free(t);
    gsl_rng_free(u);
}

/* Pearson's chi-square of draws x[0..n) against Exp(scale) over `bins` cells of equal
 * probability; returns the upper-tail p-value. */
static double exp_chi2_p(const double *x, size_t n, double scale, size_t bins)
{
    size_t *count = calloc(bins, sizeof *count);
    CHECK(count != NULL);
    for (size_t k = 0; k < n; k++) {
        double u = 1.0 - exp(-x[k] / scale); /* CDF: uniform if x ~ Exp(scale) */
        size_t b = (size_t)(u * (double)bins);
        count[b < bins ? b : bins - 1]++;
    }
    double e = (double)n / (double)bins, chi2 = 0;
    for (size_t b = 0; b < bins; b++)
        chi2 += ((double)count[b] - e) * ((double)count[b] - e) / e;
    free(count);
    return gsl_cdf_chisq_Q(chi2, (double)(bins - 1));
}

/* The ziggurat's draws are standard exponential: chi-square over 2,000 cells of equal
 * probability (the tail beyond the base rectangle and the wedges included), the mean and
 * the share beyond the tail's start, from 10^7 draws of a fixed stream. The same test
 * rejects the draws stretched by 1 %: it can fail. */
static void rng_exp1_is_exponential(void)
{
    const size_t n = 10000000;
    double *x = malloc(n * sizeof *x);
    CHECK(x != NULL);
    gsl_rng *r = cs_rng_new(cs_rng_stream_seed(2026, 0, 0, 0));
    double sum = 0;
    size_t tail = 0;
    for (size_t k = 0; k < n; k++) {
        x[k] = cs_rng_exp1(r);
        CHECK(x[k] >= 0 && isfinite(x[k]));
        sum += x[k];
        tail += x[k] > 7.69711747013104972;
    }
    double p = exp_chi2_p(x, n, 1.0, 2000), p_wrong = exp_chi2_p(x, n, 1.01, 2000);
    double mean = sum / (double)n, z_mean = (mean - 1.0) * sqrt((double)n);
    double want_tail = (double)n * exp(-7.69711747013104972);
    double z_tail = ((double)tail - want_tail) / sqrt(want_tail);
    printf("chi2 p %.4f (stretched: %.3g), mean %.6f (z %+.2f), beyond R %zu (z %+.2f)\n",
           p,
           p_wrong,
           mean,
           z_mean,
           tail,
           z_tail);
    CHECK(p > 1e-3);
    CHECK(p_wrong < 1e-6);
    CHECK(fabs(z_mean) < 4);
    CHECK(fabs(z_tail) < 4);
    gsl_rng_free(r);
    free(x);
}

static void rng_streams(void)
{
    uint64_t a = cs_rng_stream_seed(7, 0, 0, 0);
    CHECK(a == cs_rng_stream_seed(7, 0, 0, 0));
    CHECK(a != cs_rng_stream_seed(7, 1, 0, 0));
    CHECK(a != cs_rng_stream_seed(7, 0, 1, 0));
    CHECK(a != cs_rng_stream_seed(7, 0, 0, 1));
    CHECK(a != cs_rng_stream_seed(8, 0, 0, 0));
    gsl_rng *r1 = cs_rng_new(a), *r2 = cs_rng_new(a), *r3 = cs_rng_new(a + 1);
    int same = 0;
    for (int i = 0; i < 100; i++) {
        unsigned long v1 = gsl_rng_get(r1), v2 = gsl_rng_get(r2), v3 = gsl_rng_get(r3);
        CHECK(v1 == v2);
        same += v1 == v3;
    }
    CHECK(same < 3);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    gsl_rng_free(r3);
}

static void civil_dates(void)
{
    CHECK_INT_EQ(cs_civil_to_days(1970, 1, 1), 0);
    CHECK_INT_EQ(cs_civil_to_days(2022, 1, 24), 19016);
    int y, m, d;
    cs_civil_from_days(19032, &y, &m, &d);
    CHECK_INT_EQ(y, 2022);
    CHECK_INT_EQ(m, 2);
    CHECK_INT_EQ(d, 9);
    int64_t days;
    double tod;
    CHECK(cs_civil_parse_date("2022-02-08", &days));
    CHECK_INT_EQ(days, 19031);
    CHECK(!cs_civil_parse_date("2022-02-30", &days));
    CHECK(!cs_civil_parse_date("2022-2-8", &days));
    CHECK(cs_civil_parse_datetime("2022-02-09 11:00", false, &days, &tod));
    CHECK_NEAR(tod, 39600, 0);
    CHECK(!cs_civil_parse_datetime("2022-02-09", false, &days, &tod));
    CHECK(cs_civil_parse_datetime("2022-02-09", true, &days, &tod));
    CHECK(!cs_civil_parse_datetime("2022-02-09 25:00", false, &days, &tod));
    CHECK(cs_civil_parse_clock("08:30", &tod));
    CHECK_NEAR(tod, 30600, 0);
    CHECK(!cs_civil_parse_clock("8:30", &tod));
}

static void civil_durations(void)
{
    double s;
    CHECK(cs_civil_parse_duration("90s", &s));
    CHECK_NEAR(s, 90, 0);
    CHECK(cs_civil_parse_duration("4m", &s));
    CHECK_NEAR(s, 240, 0);
    CHECK(cs_civil_parse_duration("1.5h", &s));
    CHECK_NEAR(s, 5400, 0);
    CHECK(cs_civil_parse_duration("2d", &s));
    CHECK_NEAR(s, 172800, 0);
    CHECK(cs_civil_parse_duration("12.5", &s));
    CHECK_NEAR(s, 12.5, 0);
    CHECK(!cs_civil_parse_duration("-3s", &s));
    CHECK(!cs_civil_parse_duration("3 s", &s));
    CHECK(!cs_civil_parse_duration("3sec", &s));
    CHECK(!cs_civil_parse_duration("inf", &s));
    CHECK(!cs_civil_parse_duration("nan", &s));
    CHECK(!cs_civil_parse_duration("", &s));
}

static const check_case cases[] = {
    {"calendar_order", calendar_order},
    {"calendar_ties_fifo", calendar_ties_fifo},
    {"calendar_scales", calendar_scales},
    {"rng_streams", rng_streams},
    {"rng_matches_gsl_mt19937", rng_matches_gsl_mt19937},
    {"rng_exp1_is_exponential", rng_exp1_is_exponential},
    {"civil_dates", civil_dates},
    {"civil_durations", civil_durations},
};
CHECK_MAIN(cases)
