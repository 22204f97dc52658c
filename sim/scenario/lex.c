/* lex.c — checks on the raw scenario text for what libconfig 1.5 accepts silently:
 * "@include" (which would read other files) and integer literals too large for their
 * type (libconfig 1.5 wraps 2147483648 to -2147483648). Part of sim/scenario. The scan
 * follows libconfig's lexer: comments (#, //, / * * /), strings, names, numbers. */
#include "scenario_int.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

bool csi_lex_includes(csi_ctx *cx, const char *text, const char *loc)
{
    bool ok = true;
    unsigned line = 1;
    const char *p = text;
    while (*p) {
        /* libconfig only honours @include at the start of a line (after blanks) */
        const char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (strncmp(q, "@include", 8) == 0) {
            csi_diag_raw(cx, loc, line, "@include is not supported (a scenario is one file)");
            ok = false;
        }
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
        line++;
    }
    return ok;
}

static bool is_name_start(char c)
{
    return isalpha((unsigned char)c) || c == '*';
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '*' || c == '_' || c == '-';
}

/* Reports the integer literal at p (length len, negative when neg) if it does not fit the
 * type libconfig gives it: int without suffix L, int64 with. */
static bool check_integer(csi_ctx *cx,
                          const char *p,
                          size_t len,
                          bool neg,
                          bool hex,
                          bool is64,
                          const char *loc,
                          bool literal_loc,
                          unsigned line)
{
    uint64_t limit = is64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
    if (neg && !hex)
        limit += 1;
    uint64_t v = 0;
    bool over = false;
    unsigned base = hex ? 16 : 10;
    for (size_t i = hex ? 2 : 0; i < len; i++) {
        char c = p[i];
        unsigned d = isdigit((unsigned char)c) ? (unsigned)(c - '0')
                                               : (unsigned)(tolower((unsigned char)c) - 'a' + 10);
        if (v > (limit - d) / base) {
            over = true;
            break;
        }
        v = v * base + d;
    }
    if (!over)
        return true;
    int shown = len > 40 ? 40 : (int)len;
    csi_diag_raw(cx,
                 loc,
                 literal_loc ? 0 : line,
                 "integer %s%.*s%s is out of range (at most %s; write it with a decimal point%s)",
                 neg ? "-" : "",
                 shown,
                 p,
                 len > 40 ? "..." : "",
                 is64 ? "9223372036854775807" : "2147483647",
                 is64 ? "" : " or a suffix L");
    return false;
}

bool csi_lex_integers(csi_ctx *cx, const char *text, const char *loc, bool literal_loc)
{
    bool ok = true;
    unsigned line = 1;
    const char *p = text;
    while (*p) {
        char c = *p;
        if (c == '\n') {
            line++;
            p++;
        } else if (c == '#' || (c == '/' && p[1] == '/')) {
            while (*p && *p != '\n')
                p++;
        } else if (c == '/' && p[1] == '*') {
            p += 2;
            while (*p && !(p[0] == '*' && p[1] == '/')) {
                if (*p == '\n')
                    line++;
                p++;
            }
            if (*p)
                p += 2;
        } else if (c == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1])
                    p++;
                if (*p == '\n')
                    line++;
                p++;
            }
            if (*p)
                p++;
        } else if (is_name_start(c)) {
            while (is_name_char(*p))
                p++;
        } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1]))) {
            bool neg = p > text && p[-1] == '-';
            const char *start = p;
            bool hex = c == '0' && (p[1] == 'x' || p[1] == 'X');
            if (hex) {
                p += 2;
                while (isxdigit((unsigned char)*p))
                    p++;
            } else {
                while (isdigit((unsigned char)*p))
                    p++;
            }
            size_t len = (size_t)(p - start);
            bool is_float = false;
            if (!hex && (*p == '.' || *p == 'e' || *p == 'E')) {
                is_float = true;
                /* skip the rest of the float: digits, '.', exponent with sign */
                while (isdigit((unsigned char)*p) || *p == '.' || *p == 'e' || *p == 'E' ||
                       ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
                    p++;
            }
            bool is64 = false;
            if (!is_float && *p == 'L') {
                is64 = true;
                while (*p == 'L')
                    p++;
            }
            if (!is_float && (!hex || len > 2) &&
                !check_integer(cx, start, len, neg, hex, is64, loc, literal_loc, line))
                ok = false;
        } else {
            p++;
        }
    }
    return ok;
}
