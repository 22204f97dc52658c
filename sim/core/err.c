/* err.c — the one setter every library failure passes through, and cs_assert's landing.
 * Part of sim/core: knows nothing of calls. */
#include "callsim/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_err_clear(cs_err *err)
{
    if (!err)
        return;
    err->code = CS_OK;
    err->count = 0;
    err->msg[0] = '\0';
}

int cs_err_set(cs_err *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    if (err->code == CS_OK)
        err->code = code;
    err->count++;
    size_t used = strlen(err->msg);
    if (used + 2 >= sizeof err->msg)
        return code;
    if (used > 0)
        err->msg[used++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + used, sizeof err->msg - used, fmt, ap);
    va_end(ap);
    return code;
}

const char *cs_err_name(int code)
{
    switch (code) {
#define CS_ERR_NAME_(name, value, text)                                                            \
    case value:                                                                                    \
        return #name;
        CS_ERRNO_MAP(CS_ERR_NAME_)
#undef CS_ERR_NAME_
    }
    return "unknown";
}

const char *cs_err_text(int code)
{
    switch (code) {
#define CS_ERR_TEXT_(name, value, text)                                                            \
    case value:                                                                                    \
        return text;
        CS_ERRNO_MAP(CS_ERR_TEXT_)
#undef CS_ERR_TEXT_
    }
    return "unknown";
}

void cs_assert_fail_(const char *expr, const char *file, int line)
{
    fprintf(stderr, "%s:%d: callsim internal error: assertion failed: %s\n", file, line, expr);
    abort();
}
