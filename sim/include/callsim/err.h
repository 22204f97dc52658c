/* callsim/err.h — error codes and the error record every fallible call fills.
 * Part of the public API. The library never prints: it returns a negative CS_E* status and
 * writes the message(s) into a caller-supplied cs_err (which may be NULL). */
#ifndef CALLSIM_ERR_H
#define CALLSIM_ERR_H

#include <stddef.h>

/* X(name, value, text): one list for codes, names and messages (libuv's UV_ERRNO_MAP). */
#define CS_ERRNO_MAP(X)                                                                            \
    X(OK, 0, "success")                                                                            \
    X(EINVAL, -1, "invalid argument")                                                              \
    X(ENOMEM, -2, "out of memory")                                                                 \
    X(EIO, -3, "input/output error")                                                               \
    X(ESCENARIO, -4, "invalid scenario")                                                           \
    X(EUSAGE, -5, "usage error")                                                                   \
    X(EROUTER, -6, "router failure")                                                               \
    X(ENUMERIC, -7, "numerical failure")                                                           \
    X(EINTR, -8, "interrupted")

enum {
#define CS_ERR_ENUM_(name, value, text) CS_##name = value,
    CS_ERRNO_MAP(CS_ERR_ENUM_)
#undef CS_ERR_ENUM_
};

#define CS_ERR_MSG_MAX 4096 /* bytes of message text kept, all diagnostics together */
#define CS_ERR_DIAG_MAX 20  /* scenario diagnostics collected before giving up */

/* The caller's error record. `msg` holds one diagnostic per line (no trailing newline);
 * scenario diagnostics have GCC's shape "file:line: message". */
typedef struct cs_err {
    int code;                 /* first CS_E* status set; CS_OK when none */
    int count;                /* diagnostics appended (may exceed what msg could keep) */
    char msg[CS_ERR_MSG_MAX]; /* newline-separated diagnostics, NUL-terminated */
} cs_err;

/* Clears `err` (no-op for NULL). */
void cs_err_clear(cs_err *err);

/* Appends one printf-style diagnostic line and records `code` if none was set yet.
 * Returns `code`, so a failure is `return cs_err_set(err, CS_EINVAL, "...", ...);`.
 * The single place every library failure passes through: a good breakpoint. */
int cs_err_set(cs_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Name ("EINVAL") and text of a code; "unknown" for a code not in the map. */
const char *cs_err_name(int code);
const char *cs_err_text(int code);

/* Aborts with file:line and the failed expression: for broken invariants (bugs), never for
 * bad input. Active in every build type. */
#define cs_assert(expr) ((expr) ? (void)0 : cs_assert_fail_(#expr, __FILE__, __LINE__))
void cs_assert_fail_(const char *expr, const char *file, int line)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

#endif
