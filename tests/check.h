/* tests/check.h — assertions for callsim's tests: on failure they print file:line, the
 * expression and both values, and end the test process with status 1. One case per
 * process: run as `test_<room> CASE`, each case its own ctest entry. */
#ifndef CALLSIM_TESTS_CHECK_H
#define CALLSIM_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_FAIL_(...)                                                                           \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);                              \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        exit(1);                                                                                   \
    } while (0)

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if (!(expr))                                                                               \
            CHECK_FAIL_("%s", #expr);                                                              \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                                         \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_)                                                                              \
            CHECK_FAIL_("%s == %s (%lld vs %lld)", #a, #b, a_, b_);                                \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                                     \
            CHECK_FAIL_(                                                                           \
                "%s == %s (\"%s\" vs \"%s\")", #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");    \
    } while (0)

/* |a - b| <= tol */
#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);                             \
        if (!(fabs(a_ - b_) <= t_))                                                                \
            CHECK_FAIL_("%s ~ %s (%.12g vs %.12g, |diff| %.3g > %.3g)",                            \
                        #a,                                                                        \
                        #b,                                                                        \
                        a_,                                                                        \
                        b_,                                                                        \
                        fabs(a_ - b_),                                                             \
                        t_);                                                                       \
    } while (0)

/* |a - b| <= rel * |b| */
#define CHECK_REL(a, b, rel)                                                                       \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b), r_ = (double)(rel);                             \
        if (!(fabs(a_ - b_) <= r_ * fabs(b_)))                                                     \
            CHECK_FAIL_("%s ~ %s (%.15g vs %.15g, rel diff %.3g > %.3g)",                          \
                        #a,                                                                        \
                        #b,                                                                        \
                        a_,                                                                        \
                        b_,                                                                        \
                        fabs(a_ - b_) / fabs(b_),                                                  \
                        r_);                                                                       \
    } while (0)

/* A table of named cases and a main() that runs the one named on the command line. */
typedef struct check_case {
    const char *name;
    void (*fn)(void);
} check_case;

#define CHECK_MAIN(cases)                                                                          \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        if (argc != 2) {                                                                           \
            fprintf(stderr, "usage: %s CASE\n", argv[0]);                                          \
            return 2;                                                                              \
        }                                                                                          \
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)                              \
            if (strcmp(cases[i].name, argv[1]) == 0) {                                             \
                cases[i].fn();                                                                     \
                printf("ok %s\n", argv[1]);                                                        \
                return 0;                                                                          \
            }                                                                                      \
        fprintf(stderr, "no such case: %s\n", argv[1]);                                            \
        return 2;                                                                                  \
    }

#endif
