/* options.c — policy options as the host passes them: "key=value;key=value" (the scenario
 * loader writes them from routing.<policy>; a plugin gets the same text).
 * Part of sim/route. */
#include "route/route_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int csi_option(const char *config, const char *key, char *buf, size_t n)
{
    size_t klen = strlen(key);
    for (const char *s = config; s && *s;) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len > klen && strncmp(s, key, klen) == 0 && s[klen] == '=') {
            size_t vlen = len - klen - 1;
            if (vlen + 1 > n)
                return -1;
            memcpy(buf, s + klen + 1, vlen);
            buf[vlen] = '\0';
            return 1;
        }
        s = end ? end + 1 : s + len;
    }
    return 0;
}

bool csi_option_number(const char *config, const char *key, double *out)
{
    char buf[64];
    int found = csi_option(config, key, buf, sizeof buf);
    if (found <= 0)
        return found == 0;
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool csi_option_categories(const char *config, const char *key, size_t n_categories, uint64_t *out)
{
    char buf[512];
    int found = csi_option(config, key, buf, sizeof buf);
    if (found <= 0)
        return found == 0;
    uint64_t mask = 0;
    for (char *s = buf; *s;) {
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || v >= n_categories || (*end && *end != ','))
            return false;
        mask |= UINT64_C(1) << v;
        if (*end && !end[1])
            return false; /* a trailing comma */
        s = *end ? end + 1 : end;
    }
    *out = mask;
    return true;
}
