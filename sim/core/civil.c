/* civil.c — Gregorian dates, clock times and unit durations (scenario syntax).
 * Part of sim/core. Date arithmetic after Howard Hinnant's days_from_civil. */
#include "callsim/civil.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int64_t cs_civil_to_days(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t mp = (m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cs_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* Reads exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool parse_date_prefix(const char **p, int64_t *days)
{
    int y, m, d;
    if (!digits(p, 4, &y) || **p != '-')
        return false;
    (*p)++;
    if (!digits(p, 2, &m) || **p != '-')
        return false;
    (*p)++;
    if (!digits(p, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    int64_t z = cs_civil_to_days(y, m, d);
    int yy, mm, dd;
    cs_civil_from_days(z, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d) /* 2022-02-30 */
        return false;
    *days = z;
    return true;
}

static bool parse_clock_prefix(const char **p, double *tod)
{
    int h, mi, s = 0;
    if (!digits(p, 2, &h) || **p != ':')
        return false;
    (*p)++;
    if (!digits(p, 2, &mi))
        return false;
    if (**p == ':') {
        (*p)++;
        if (!digits(p, 2, &s))
            return false;
    }
    if (h > 24 || mi > 59 || s > 59 || (h == 24 && (mi || s)))
        return false;
    *tod = h * 3600.0 + mi * 60.0 + s;
    return true;
}

bool cs_civil_parse_date(const char *s, int64_t *days)
{
    const char *p = s;
    return parse_date_prefix(&p, days) && *p == '\0';
}

bool cs_civil_parse_datetime(const char *s, bool allow_date_only, int64_t *days, double *tod_s)
{
    const char *p = s;
    if (!parse_date_prefix(&p, days))
        return false;
    if (*p == '\0') {
        *tod_s = 0;
        return allow_date_only;
    }
    if (*p != ' ' && *p != 'T')
        return false;
    p++;
    double tod;
    if (!parse_clock_prefix(&p, &tod) || *p != '\0' || tod >= 86400)
        return false;
    *tod_s = tod;
    return true;
}

bool cs_civil_parse_clock(const char *s, double *tod_s)
{
    const char *p = s;
    return parse_clock_prefix(&p, tod_s) && *p == '\0';
}

bool cs_civil_parse_duration(const char *s, double *seconds)
{
    if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
        return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v) || v < 0)
        return false;
    double unit = 1;
    if (*end) {
        switch (*end) {
        case 's':
            unit = 1;
            break;
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'd':
            unit = 86400;
            break;
        default:
            return false;
        }
        if (end[1] != '\0')
            return false;
    }
    /* strtod accepts "inf", "nan", hex: only plain decimals are durations */
    for (const char *q = s; q < end; q++)
        if (!isdigit((unsigned char)*q) && *q != '.' && *q != 'e' && *q != 'E')
            return false;
    *seconds = v * unit;
    return isfinite(*seconds);
}
