/* report_common.c — number formatting and KPI metadata shared by the table, JSON and CSV
 * writers of sim/report. Pure functions, no state. */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool csi_kpi_is_ratio(cs_kpi k)
{
    switch (k) {
#define CSI_RATIO_(name, r, c)                                                                     \
    case CS_KPI_##name:                                                                            \
        return (r) != 0;
        CS_KPI_MAP(CSI_RATIO_)
#undef CSI_RATIO_
    case CS_KPI_COUNT:
        break;
    }
    return false;
}

bool csi_kpi_per_category(cs_kpi k)
{
    switch (k) {
#define CSI_PERCAT_(name, r, c)                                                                    \
    case CS_KPI_##name:                                                                            \
        return (c) != 0;
        CS_KPI_MAP(CSI_PERCAT_)
#undef CSI_PERCAT_
    case CS_KPI_COUNT:
        break;
    }
    return false;
}

char *csi_fmt_exact(double x, char *buf, size_t size)
{
    if (x == 0.0)
        x = 0.0; /* drops the sign of -0: "-0" would differ from "0" for the same value */
    snprintf(buf, size, "%.15g", x);
    /* 15 digits give the short, friendly form ("0.1"); fall back to 17 only when that does
     * not read back exactly, so the text is both exact and stable. */
    if (strtod(buf, NULL) != x)
        snprintf(buf, size, "%.17g", x);
    return buf;
}

char *csi_fmt_fixed(double x, int decimals, bool group, char *buf, size_t size)
{
    if (!isfinite(x)) {
        snprintf(buf, size, "-");
        return buf;
    }
    char raw[64];
    int len = snprintf(raw, sizeof raw, "%.*f", decimals, x);
    if (len < 0 || (size_t)len >= sizeof raw) {
        /* Beyond 10^60: no hotline counts that much; show it in exponent form. */
        snprintf(buf, size, "%.3g", x);
        return buf;
    }
    if (strcmp(raw, "-0") == 0 || (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1)))
        memmove(raw, raw + 1, strlen(raw)); /* "-0.0" from a tiny negative reads as 0.0 */
    if (!group) {
        snprintf(buf, size, "%s", raw);
        return buf;
    }
    const char *digits = raw[0] == '-' ? raw + 1 : raw;
    size_t int_len = strcspn(digits, ".");
    char out[96];
    size_t o = 0;
    if (raw[0] == '-')
        out[o++] = '-';
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "%s", digits + int_len);
    snprintf(buf, size, "%s", out);
    return buf;
}

int csi_finish(FILE *f)
{
    return fflush(f) != 0 || ferror(f) ? CS_EIO : 0;
}
