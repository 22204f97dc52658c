/* test_report.c — sim/report's writers against a summary built by hand (2 categories, 3
 * intervals across midnight, 2 days, 2 agents): the JSON contract fields and nulls, CSV
 * headers and rows, --out written whole or not at all, the table's sections. */
#include "check.h"

#include "callsim/civil.h"
#include "callsim/report.h"
#include "callsim/version.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- fixture ---- */

typedef struct fixture {
    cs_model m;
    cs_category cats[2];
    cs_summary s;
    cs_kpis categories[2];
    cs_day_summary days[2];
    cs_kpis cells[3 * 2];
    cs_estimate cell_max_queue[3 * 2];
    cs_interval_summary intervals[3];
    cs_agent_summary agents[2];
} fixture;

/* With one replication every ci95 is NaN (Student t needs two). */
static cs_estimate est(const fixture *fx, double mean, double ci)
{
    if (fx->s.replications < 2)
        return (cs_estimate){mean, NAN, 1};
    return (cs_estimate){mean, ci, fx->s.replications};
}

static const cs_estimate undefined = {NAN, NAN, 0};

/* KPIs scaled by `k`, with values that carry entropy. */
static void fill_kpis(const fixture *fx, cs_kpis *out, double k)
{
    cs_estimate *v = out->v;
    v[CS_KPI_offered] = est(fx, 12345.6 * k, 123.4 * k);
    v[CS_KPI_answered] = est(fx, 11000.25 * k, 98.7 * k);
    v[CS_KPI_abandoned] = est(fx, 1210.375 * k, 20.3 * k);
    v[CS_KPI_redials] = est(fx, 301.5 * k, 3.1 * k);
    v[CS_KPI_reconnects] = est(fx, 42.2 * k, 1.7 * k);
    v[CS_KPI_p_wait] = est(fx, 0.6125, 0.0123);
    v[CS_KPI_mean_wait_s] = est(fx, 18.375, 0.61);
    v[CS_KPI_asa_s] = est(fx, 12.25, 0.43);
    v[CS_KPI_service_level] = est(fx, 0.8125, 0.0134);
    v[CS_KPI_abandon_rate] = est(fx, 0.09863, 0.0031);
    v[CS_KPI_urgent_tickets] = est(fx, 115.5 * k, 4.4 * k);
    v[CS_KPI_occupancy] = est(fx, 0.8734, 0.0052);
}

static void fixture_init(fixture *fx, int reps)
{
    memset(fx, 0, sizeof *fx);
    cs_model *m = &fx->m;
    m->name = "Hotline North";
    m->source = "scenarios/north.cfg";
    m->seed = 7;
    m->replications = reps;
    m->interval_s = 1800;
    m->start_day = cs_civil_to_days(2022, 1, 31);
    m->start_tod_s = 23 * 3600.0; /* 23:00, so the third interval starts the next day */
    m->horizon_s = 5400;
    m->warmup_s = 0;
    m->targets = (cs_targets){20, 0.80, 0.05, -1};
    fx->cats[0].name = "general";
    fx->cats[1].name = "vaccine appointments";
    m->n_categories = 2;
    m->categories = fx->cats;

    cs_summary *s = &fx->s;
    s->model = m;
    s->replications = reps;
    fill_kpis(fx, &s->totals, 1.0);
    s->categories = fx->categories;
    fill_kpis(fx, &fx->categories[0], 0.75);
    fill_kpis(fx, &fx->categories[1], 0.25);
    /* Category 1 had no answered call: its ASA is undefined in every replication. */
    fx->categories[1].v[CS_KPI_asa_s] = undefined;
    fx->categories[0].v[CS_KPI_occupancy] = undefined; /* totals-only KPI */
    fx->categories[1].v[CS_KPI_occupancy] = undefined;

    s->n_days = 2;
    s->first_day = 0;
    s->days = fx->days;
    for (int d = 0; d < 2; d++) {
        fill_kpis(fx, &fx->days[d].kpis, d == 0 ? 0.4 : 0.6);
        fx->days[d].agents_working = est(fx, 17.5 + d, 0.8);
        fx->days[d].calls_per_agent = est(fx, 251.4 + d, 6.2);
        fx->days[d].max_calls_per_agent = est(fx, 301.2 + d, 9.9);
    }

    s->n_intervals = 3;
    s->first_interval = 0;
    s->cells = fx->cells;
    s->cell_max_queue = fx->cell_max_queue;
    s->intervals = fx->intervals;
    for (int i = 0; i < 3; i++) {
        for (int c = 0; c < 2; c++) {
            fill_kpis(fx, &fx->cells[i * 2 + c], 0.1 * (i + 1) + 0.01 * c);
            fx->cells[i * 2 + c].v[CS_KPI_occupancy] = undefined;
        }
        fx->cells[i * 2 + 1].v[CS_KPI_asa_s] = undefined;
        fx->intervals[i].agents_logged_in = est(fx, 19.25 + i, 0.5);
        fx->intervals[i].occupancy = est(fx, 0.8125 + 0.01 * i, 0.02);
        fx->intervals[i].max_queue = est(fx, 7.4 + i, 1.1);
        for (size_t c = 0; c < 2; c++)
            fx->cell_max_queue[i * 2 + c] = est(fx, 3.7 + i + 0.25 * (double)c, 0.6);
    }

    s->n_agents = 2;
    s->agents = fx->agents;
    for (int a = 0; a < 2; a++) {
        fx->agents[a].calls = est(fx, 87.25 + a, 3.3);
        fx->agents[a].talk_s = est(fx, 14523.5 + a, 120.0);
        fx->agents[a].after_call_s = est(fx, 2385.75, 30.0);
        fx->agents[a].logged_in_s = est(fx, 19800, 0);
        fx->agents[a].occupancy = est(fx, 0.8540 + 0.01 * a, 0.006);
    }
    s->unfinished = est(fx, 3.2, 0.4);
    s->events = est(fx, 1234567.8, 2345.6);
    s->has_snapshot = true;
    s->snapshot_at_s = 45 * 60.0; /* 23:45 */
    s->snap_logged_in = est(fx, 18.4, 0.7);
    s->snap_talking = est(fx, 14.2, 0.9);
    s->snap_after_call = est(fx, 2.6, 0.3);
    s->snap_idle = est(fx, 1.6, 0.2);
    s->snap_on_break = est(fx, 2.2, 0.1);
    s->snap_waiting = est(fx, 9.8, 1.3);
    s->route = (cs_route_stats){.decisions = 11000};
}

/* ---- helpers ---- */

/* Runs a writer into memory; returns owned text. */
static char *capture_table(const cs_summary *s, uint64_t seed, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    *rc = cs_report_table(f, s, seed);
    CHECK(fclose(f) == 0);
    return buf;
}

static char *capture_csv(int (*w)(FILE *, const cs_summary *), const cs_summary *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    CHECK_INT_EQ(w(f, s), 0);
    CHECK(fclose(f) == 0);
    return buf;
}

static cJSON *parse_json(const cs_summary *s, uint64_t seed)
{
    char *text = cs_report_json_text(s, seed);
    CHECK(text != NULL);
    cJSON *root = cJSON_Parse(text);
    if (!root)
        CHECK_FAIL_("JSON does not parse:\n%s", text);
    free(text);
    return root;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        CHECK_FAIL_("missing JSON key \"%s\"", key);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    if (!cJSON_IsNumber(v))
        CHECK_FAIL_("JSON key \"%s\" is not a number", key);
    return v->valuedouble;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

/* Field `idx` (0-based) of a CSV line without quoted fields; owned. */
static char *csv_field(const char *line, int idx)
{
    const char *p = line;
    for (int i = 0; i < idx; i++) {
        p = strchr(p, ',');
        CHECK(p != NULL);
        p++;
    }
    size_t len = strcspn(p, ",\n");
    char *out = malloc(len + 1);
    CHECK(out != NULL);
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

static const char *nth_line(const char *text, int n)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        p = strchr(p, '\n');
        CHECK(p != NULL);
        p++;
    }
    return p;
}

static char *make_temp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/cs_report_XXXXXX", base && base[0] ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    CHECK(d != NULL);
    char *out = malloc(strlen(d) + 1);
    CHECK(out != NULL);
    strcpy(out, d);
    return out;
}

static char *path2(const char *a, const char *b)
{
    char *p = malloc(strlen(a) + strlen(b) + 2);
    CHECK(p != NULL);
    sprintf(p, "%s/%s", a, b);
    return p;
}

/* Entries of a directory other than . and .., joined by spaces in sorted-insensitive form:
 * the count is what the tests need, the names are for the failure message. */
static int dir_entries(const char *dir, char *names, size_t size)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int n = 0;
    names[0] = '\0';
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        size_t used = strlen(names);
        snprintf(names + used, size - used, "%s ", e->d_name);
    }
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        CHECK_FAIL_("cannot open %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    CHECK(m != NULL);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(f);
    CHECK(fclose(m) == 0);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    CHECK(fclose(f) == 0);
}

/* Removes the files the tests create and the directories, best effort. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        unlink(dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path2(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- JSON ---- */

static void json_fields(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    cJSON *root = parse_json(&fx.s, 42);
    CHECK_STR_EQ(get(root, "callsim")->valuestring, CALLSIM_VERSION);
    CHECK_STR_EQ(get(root, "scenario")->valuestring, "Hotline North");
    CHECK_NEAR(num(root, "seed"), 42, 0);
    CHECK_NEAR(num(root, "replications"), 5, 0);
    CHECK_NEAR(num(root, "horizon_s"), 5400, 0);
    CHECK_NEAR(num(root, "warmup_s"), 0, 0);

    const cJSON *totals = get(root, "totals");
    CHECK_INT_EQ(cJSON_GetArraySize(totals), CS_KPI_COUNT);
    for (int k = 0; k < CS_KPI_COUNT; k++) {
        const cJSON *e = get(totals, cs_kpi_name((cs_kpi)k));
        CHECK_INT_EQ(cJSON_GetArraySize(e), 2);
        CHECK_REL(num(e, "mean"), fx.s.totals.v[k].mean, 1e-15);
        CHECK_REL(num(e, "ci95"), fx.s.totals.v[k].ci95, 1e-15);
    }
    CHECK_NEAR(num(get(totals, "occupancy"), "mean"), 0.8734, 0);
    CHECK_NEAR(num(get(totals, "offered"), "mean"), 12345.6, 0);

    const cJSON *cats = get(root, "categories");
    CHECK(cJSON_IsArray(cats));
    CHECK_INT_EQ(cJSON_GetArraySize(cats), 2);
    const cJSON *c0 = cJSON_GetArrayItem(cats, 0), *c1 = cJSON_GetArrayItem(cats, 1);
    CHECK_STR_EQ(get(c0, "name")->valuestring, "general");
    CHECK_STR_EQ(get(c1, "name")->valuestring, "vaccine appointments");
    /* name + every per-category KPI, and occupancy (totals-only) absent */
    CHECK_INT_EQ(cJSON_GetArraySize(c0), 1 + CS_KPI_COUNT - 1);
    CHECK(cJSON_GetObjectItemCaseSensitive(c0, "occupancy") == NULL);
    CHECK_NEAR(num(get(c0, "offered"), "mean"), 12345.6 * 0.75, 1e-9);
    CHECK_NEAR(num(get(c1, "service_level"), "ci95"), 0.0134, 0);
    CHECK(cJSON_IsNull(get(get(c1, "asa_s"), "mean"))); /* undefined: n == 0 */
    CHECK(cJSON_IsNull(get(get(c1, "asa_s"), "ci95")));

    const cJSON *days = get(root, "days");
    CHECK_INT_EQ(cJSON_GetArraySize(days), 2);
    const cJSON *d1 = cJSON_GetArrayItem(days, 1);
    CHECK_STR_EQ(get(cJSON_GetArrayItem(days, 0), "date")->valuestring, "2022-01-31");
    CHECK_STR_EQ(get(d1, "date")->valuestring, "2022-02-01");
    CHECK_NEAR(num(get(d1, "agents_working"), "mean"), 18.5, 0);
    CHECK_NEAR(num(get(d1, "calls_per_agent"), "mean"), 252.4, 1e-12);
    CHECK_NEAR(num(get(d1, "max_calls_per_agent"), "ci95"), 9.9, 0);
    CHECK_NEAR(num(get(d1, "answered"), "mean"), 11000.25 * 0.6, 1e-9);

    CHECK_NEAR(num(get(root, "unfinished"), "mean"), 3.2, 0);
    CHECK_NEAR(num(get(root, "events"), "mean"), 1234567.8, 0);
    const cJSON *router = get(root, "router");
    CHECK_NEAR(num(router, "decisions"), 11000, 0);
    CHECK_NEAR(num(router, "invalid_call"), 0, 0);
    CHECK_NEAR(num(router, "invalid_agent"), 0, 0);
    CHECK_NEAR(num(router, "invalid_skill"), 0, 0);
    CHECK_NEAR(num(router, "router_errors"), 0, 0);

    const cJSON *snap = get(root, "snapshot");
    CHECK_STR_EQ(get(snap, "at")->valuestring, "2022-01-31 23:45");
    CHECK_NEAR(num(snap, "logged_in"), 18.4, 0);
    CHECK_NEAR(num(snap, "talking"), 14.2, 0);
    CHECK_NEAR(num(snap, "after_call"), 2.6, 0);
    CHECK_NEAR(num(snap, "idle"), 1.6, 0);
    CHECK_NEAR(num(snap, "on_break"), 2.2, 0);
    CHECK_NEAR(num(snap, "waiting"), 9.8, 0);
    cJSON_Delete(root);
}

static void json_nan_is_null(void)
{
    fixture fx;
    fixture_init(&fx, 1);
    fx.s.totals.v[CS_KPI_asa_s].mean = INFINITY; /* a non-finite mean must not leak either */
    char *text = cs_report_json_text(&fx.s, 1);
    CHECK(text != NULL);
    for (char *p = text; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    /* "nan"/"inf" are not JSON; the only place they could come from is a number. */
    if (strstr(text, "nan") || strstr(text, "inf"))
        CHECK_FAIL_("non-finite number printed:\n%s", text);
    free(text);

    cJSON *root = parse_json(&fx.s, 1);
    const cJSON *off = get(get(root, "totals"), "offered");
    CHECK_NEAR(num(off, "mean"), 12345.6, 0);
    CHECK(cJSON_IsNull(get(off, "ci95")));
    CHECK(cJSON_IsNull(get(get(get(root, "totals"), "asa_s"), "mean")));
    const cJSON *c0 = cJSON_GetArrayItem(get(root, "categories"), 0);
    CHECK(cJSON_IsNull(get(get(c0, "p_wait"), "ci95")));
    CHECK(cJSON_IsNull(get(get(root, "unfinished"), "ci95")));
    cJSON_Delete(root);
}

static void json_deterministic(void)
{
    fixture a, b;
    fixture_init(&a, 5);
    fixture_init(&b, 5);
    char *ta = cs_report_json_text(&a.s, 99);
    char *tb = cs_report_json_text(&b.s, 99);
    char *ta2 = cs_report_json_text(&a.s, 99);
    CHECK(ta && tb && ta2);
    CHECK_STR_EQ(ta, tb);
    CHECK_STR_EQ(ta, ta2);

    /* The FILE form is the text plus one newline. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    CHECK_INT_EQ(cs_report_json(f, &a.s, 99), 0);
    CHECK(fclose(f) == 0);
    CHECK_INT_EQ(len, strlen(ta) + 1);
    CHECK(memcmp(buf, ta, strlen(ta)) == 0);
    CHECK(buf[len - 1] == '\n');
    free(buf);
    free(ta);
    free(tb);
    free(ta2);
}

static void json_big_seed(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *text = cs_report_json_text(&fx.s, UINT64_MAX);
    CHECK(text != NULL);
    /* Exact: a double would have printed 18446744073709551616 or an exponent. */
    CHECK(strstr(text, "\"seed\":\t18446744073709551615") != NULL);
    free(text);
}

static void json_snapshot_absent(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    fx.s.has_snapshot = false;
    cJSON *root = parse_json(&fx.s, 3);
    CHECK(cJSON_GetObjectItemCaseSensitive(root, "snapshot") == NULL);
    cJSON_Delete(root);
}

/* ---- CSV ---- */

static const char intervals_contract[] = "start,category,offered,answered,abandoned,"
                                         "service_level,asa_s,mean_wait_s,max_queue,"
                                         "agents_logged_in,occupancy";

static void csv_intervals(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *text = capture_csv(cs_report_intervals_csv, &fx.s);
    /* The contract's columns first, in order; extras only after them. */
    CHECK(strncmp(text, intervals_contract, strlen(intervals_contract)) == 0);
    const char *after = text + strlen(intervals_contract);
    CHECK(*after == ',' || *after == '\n');
    CHECK_INT_EQ(count_lines(text), 1 + 3 * 2);

    const char *r1 = nth_line(text, 1), *r6 = nth_line(text, 6);
    CHECK(strncmp(r1, "2022-01-31 23:00,general,", 25) == 0);
    CHECK(strncmp(nth_line(text, 2), "2022-01-31 23:00,vaccine appointments,", 38) == 0);
    CHECK(strncmp(nth_line(text, 3), "2022-01-31 23:30,general,", 25) == 0);
    CHECK(strncmp(r6, "2022-02-01 00:00,vaccine appointments,", 38) == 0);

    /* Every row has as many fields as the header. */
    size_t header_commas = 0;
    for (const char *p = text; *p != '\n'; p++)
        header_commas += *p == ',';
    for (int r = 1; r <= 6; r++) {
        size_t commas = 0;
        for (const char *p = nth_line(text, r); *p != '\n'; p++)
            commas += *p == ',';
        CHECK_INT_EQ(commas, header_commas);
    }

    char *f;
    f = csv_field(r1, 2); /* 12345.6 * 0.1, written so that it reads back exactly */
    CHECK(strtod(f, NULL) == 12345.6 * 0.1);
    free(f);
    CHECK_STR_EQ(f = csv_field(r1, 3), "1100.025"); /* short when short is exact */
    free(f);
    CHECK_STR_EQ(f = csv_field(r1, 5), "0.8125"); /* service_level as a fraction */
    free(f);
    CHECK_STR_EQ(f = csv_field(r1, 8), "3.7"); /* max_queue of the interval and category */
    free(f);
    CHECK_STR_EQ(f = csv_field(r1, 9), "19.25");
    free(f);
    CHECK_STR_EQ(f = csv_field(r1, 10), "0.8125");
    free(f);
    CHECK_STR_EQ(f = csv_field(r6, 6), ""); /* undefined ASA: empty field */
    free(f);
    CHECK_STR_EQ(f = csv_field(r6, 9), "21.25"); /* interval columns repeat per category */
    free(f);
    free(text);
}

static void csv_quoting(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    fx.cats[1].name = "say \"hi\", please";
    char *text = capture_csv(cs_report_intervals_csv, &fx.s);
    CHECK(strstr(nth_line(text, 2), "2022-01-31 23:00,\"say \"\"hi\"\", please\",") ==
          nth_line(text, 2));
    free(text);
}

static void csv_agents(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *text = capture_csv(cs_report_agents_csv, &fx.s);
    CHECK_INT_EQ(count_lines(text), 3);
    CHECK_STR_EQ(text,
                 "agent,calls,talk_s,after_call_s,logged_in_s,occupancy\n"
                 "0,87.25,14523.5,2385.75,19800,0.854\n"
                 "1,88.25,14524.5,2385.75,19800,0.864\n");
    free(text);
}

/* ---- --out ---- */

static void check_out_files(const char *out, const cs_summary *s, uint64_t seed)
{
    char *p = path2(out, "summary.json");
    char *got = slurp(p);
    char *want = cs_report_json_text(s, seed);
    CHECK(want != NULL);
    CHECK_INT_EQ(strlen(got), strlen(want) + 1);
    CHECK(strncmp(got, want, strlen(want)) == 0);
    free(got);
    free(want);
    free(p);

    p = path2(out, "intervals.csv");
    got = slurp(p);
    CHECK(strncmp(got, intervals_contract, strlen(intervals_contract)) == 0);
    CHECK_INT_EQ(count_lines(got), 7);
    free(got);
    free(p);

    p = path2(out, "agents.csv");
    got = slurp(p);
    CHECK_INT_EQ(count_lines(got), 3);
    free(got);
    free(p);
}

static void write_dir_new(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *base = make_temp_dir();
    char *out = path2(base, "out");
    cs_err err;
    cs_err_clear(&err);
    int rc = cs_report_write_dir(out, &fx.s, 42, &err);
    if (rc != 0)
        CHECK_FAIL_("write_dir: %d %s", rc, err.msg);
    check_out_files(out, &fx.s, 42);
    char names[1024];
    CHECK_INT_EQ(dir_entries(out, names, sizeof names), 3);
    /* Nothing but DIR beside it: the temporary directory became DIR. */
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", base, names);
    struct stat st;
    CHECK(stat(out, &st) == 0 && S_ISDIR(st.st_mode));
    remove_tree(base);
    free(out);
    free(base);
}

static void write_dir_existing(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *base = make_temp_dir();
    char *out = path2(base, "out");
    CHECK(mkdir(out, 0777) == 0);
    char *keep = path2(out, "keep.txt");
    char *old = path2(out, "summary.json");
    spit(keep, "the planner's notes\n");
    spit(old, "{\"stale\": true}\n");

    char *slashed = path2(out, ""); /* "…/out/": the same directory */
    cs_err err;
    cs_err_clear(&err);
    int rc = cs_report_write_dir(slashed, &fx.s, 42, &err);
    if (rc != 0)
        CHECK_FAIL_("write_dir: %d %s", rc, err.msg);
    check_out_files(out, &fx.s, 42);
    char *kept = slurp(keep);
    CHECK_STR_EQ(kept, "the planner's notes\n");
    char names[1024];
    if (dir_entries(out, names, sizeof names) != 4)
        CHECK_FAIL_("in %s: %s", out, names);
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", base, names);
    remove_tree(base);
    free(kept);
    free(slashed);
    free(old);
    free(keep);
    free(out);
    free(base);
}

static void write_dir_under_file(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *base = make_temp_dir();
    char *file = path2(base, "file");
    spit(file, "x");
    char *out = path2(file, "out"); /* a directory under a regular file cannot exist */
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_write_dir(out, &fx.s, 42, &err), CS_EIO);
    CHECK_INT_EQ(err.code, CS_EIO);
    if (!strstr(err.msg, out))
        CHECK_FAIL_("message does not name %s: %s", out, err.msg);
    char names[1024];
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", base, names);

    /* A parent that does not exist fails the same way. */
    char *missing = path2(base, "missing/out");
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_write_dir(missing, &fx.s, 42, &err), CS_EIO);
    if (!strstr(err.msg, "missing/out"))
        CHECK_FAIL_("message does not name the path: %s", err.msg);
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", base, names);
    remove_tree(base);
    free(missing);
    free(out);
    free(file);
    free(base);
}

static void write_dir_onto_file(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *base = make_temp_dir();
    char *file = path2(base, "out");
    spit(file, "not a directory\n");
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_write_dir(file, &fx.s, 42, &err), CS_EIO);
    if (!strstr(err.msg, file))
        CHECK_FAIL_("message does not name %s: %s", file, err.msg);
    char *still = slurp(file);
    CHECK_STR_EQ(still, "not a directory\n");
    char names[1024];
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", base, names);
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_write_dir("", &fx.s, 42, &err), CS_EINVAL);
    remove_tree(base);
    free(still);
    free(file);
    free(base);
}

/* A directory squatting on one output name makes the swap fail part-way: the old files
 * of the other names must be back, and no temporary directory left. */
static void write_dir_rollback(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *base = make_temp_dir();
    char *out = path2(base, "out");
    CHECK(mkdir(out, 0777) == 0);
    char *sum = path2(out, "summary.json");
    char *agents = path2(out, "agents.csv");
    char *squat = path2(out, "intervals.csv");
    char *inside = path2(squat, "x");
    spit(sum, "old summary\n");
    spit(agents, "old agents\n");
    CHECK(mkdir(squat, 0777) == 0);
    spit(inside, "");
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_write_dir(out, &fx.s, 42, &err), CS_EIO);
    if (!strstr(err.msg, "intervals.csv"))
        CHECK_FAIL_("message does not name intervals.csv: %s", err.msg);
    char *got = slurp(sum);
    CHECK_STR_EQ(got, "old summary\n");
    free(got);
    got = slurp(agents);
    CHECK_STR_EQ(got, "old agents\n");
    free(got);
    struct stat st;
    CHECK(stat(inside, &st) == 0 && S_ISREG(st.st_mode));
    char names[1024];
    if (dir_entries(out, names, sizeof names) != 3)
        CHECK_FAIL_("in %s: %s", out, names);
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", base, names);

    /* Once the squatter is gone the same call replaces all three. */
    CHECK(unlink(inside) == 0 && rmdir(squat) == 0);
    cs_err_clear(&err);
    if (cs_report_write_dir(out, &fx.s, 42, &err) != 0)
        CHECK_FAIL_("write_dir: %s", err.msg);
    check_out_files(out, &fx.s, 42);
    if (dir_entries(out, names, sizeof names) != 3)
        CHECK_FAIL_("in %s: %s", out, names);
    remove_tree(base);
    free(inside);
    free(squat);
    free(agents);
    free(sum);
    free(out);
    free(base);
}

/* An existing DIR whose parent we may not write into ($HOME under /home, a shared result
 * folder): the temporary directory goes inside DIR. Root ignores permissions, so the
 * read-only parent can only be simulated as another user. */
static void write_dir_readonly_parent(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    char *base = make_temp_dir();
    char *ro = path2(base, "ro");
    char *out = path2(ro, "w");
    char *fresh = path2(ro, "new");
    CHECK(mkdir(ro, 0777) == 0 && mkdir(out, 0777) == 0);
    CHECK(chmod(ro, 0555) == 0);
    cs_err err;
    cs_err_clear(&err);
    int rc = cs_report_write_dir(out, &fx.s, 42, &err);
    int check_rc = 0, fresh_rc = 0;
    cs_err check_err, fresh_err;
    cs_err_clear(&check_err);
    cs_err_clear(&fresh_err);
    if (geteuid() != 0) {
        check_rc = cs_report_check_dir(fresh, &check_err);
        fresh_rc = cs_report_write_dir(fresh, &fx.s, 42, &fresh_err);
    }
    CHECK(chmod(ro, 0755) == 0);
    if (rc != 0)
        CHECK_FAIL_("write_dir under a read-only parent: %s", err.msg);
    check_out_files(out, &fx.s, 42);
    char names[1024];
    if (dir_entries(out, names, sizeof names) != 3)
        CHECK_FAIL_("in %s: %s", out, names);
    if (dir_entries(ro, names, sizeof names) != 1)
        CHECK_FAIL_("left behind in %s: %s", ro, names);
    if (geteuid() != 0) {
        /* A DIR still to be made there cannot be, and the check says so first. */
        CHECK_INT_EQ(check_rc, CS_EIO);
        if (!strstr(check_err.msg, "Permission denied"))
            CHECK_FAIL_("check: %s", check_err.msg);
        CHECK_INT_EQ(fresh_rc, CS_EIO);
    } else {
        printf("as root: the read-only parent itself is not simulated\n");
    }
    remove_tree(base);
    free(fresh);
    free(out);
    free(ro);
    free(base);
}

/* The check before the work: it creates nothing and refuses what write_dir would. */
static void check_dir_targets(void)
{
    char *base = make_temp_dir();
    char *file = path2(base, "file");
    char *under = path2(file, "sub");
    char *missing = path2(base, "missing/out");
    char *fresh = path2(base, "fresh");
    spit(file, "x");
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_check_dir(base, &err), 0);
    CHECK_INT_EQ(cs_report_check_dir(fresh, &err), 0);
    CHECK_INT_EQ(cs_report_check_dir(file, &err), CS_EIO);
    if (!strstr(err.msg, "Not a directory") || !strstr(err.msg, file))
        CHECK_FAIL_("regular file: %s", err.msg);
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_check_dir(under, &err), CS_EIO);
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_check_dir(missing, &err), CS_EIO);
    if (!strstr(err.msg, "No such file or directory"))
        CHECK_FAIL_("missing parent: %s", err.msg);
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_report_check_dir("", &err), CS_EINVAL);
    char names[1024];
    if (dir_entries(base, names, sizeof names) != 1)
        CHECK_FAIL_("the check created something in %s: %s", base, names);
    remove_tree(base);
    free(fresh);
    free(missing);
    free(under);
    free(file);
    free(base);
}

/* ---- table ---- */

/* Plain ASCII, at most 100 columns per line. */
static void check_layout(const char *text)
{
    size_t col = 0;
    for (const char *p = text; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\n') {
            col = 0;
            continue;
        }
        if (ch < 0x20 || ch > 0x7e)
            CHECK_FAIL_("non-ASCII byte 0x%02x in:\n%s", ch, text);
        if (++col > 100)
            CHECK_FAIL_("line longer than 100 columns in:\n%s", text);
    }
    if (strstr(text, "nan") || strstr(text, "inf "))
        CHECK_FAIL_("non-finite number printed:\n%s", text);
}

static void want(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        CHECK_FAIL_("\"%s\" missing from:\n%s", needle, text);
}

static void table_sections(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    int rc;
    char *text = capture_table(&fx.s, 42, &rc);
    CHECK_INT_EQ(rc, 0);
    check_layout(text);
    want(text, "Hotline North");
    want(text, "source     scenarios/north.cfg\n");
    want(text, "horizon    2022-01-31 23:00 to 2022-02-01 00:30 (1.5 h)\n");
    want(text, "5 replications, seed 42");
    want(text, "TOTALS");
    want(text, "offered attempts");
    want(text, "  offered attempts                    12,345.6     +/-     123.4\n");
    want(text, "service level (<= 20 s)");
    want(text, "81.2 %   +/-       1.3 %   target >= 80.0 %\n");
    want(text, "abandon rate");
    want(text, "target <= 5.0 %");
    want(text, "ASA (mean wait, answered)");
    want(text, "12.2 s   +/-       0.4 s\n"); /* 12.25 rounds to even */
    want(text, "agent occupancy");
    want(text, "unfinished at the end");
    want(text, "PER DAY");
    want(text, "2022-02-01");
    want(text, "PER CATEGORY");
    want(text, "vaccine appointments");
    want(text, "SNAPSHOT at 2022-01-31 23:45");
    want(text, "calls waiting");
    CHECK(strstr(text, "ROUTER") == NULL); /* nothing refused: nothing to say */
    fputs(text, stdout);
    free(text);
}

static void table_one_replication(void)
{
    fixture fx;
    fixture_init(&fx, 1);
    int rc;
    char *text = capture_table(&fx.s, 7, &rc);
    CHECK_INT_EQ(rc, 0);
    check_layout(text);
    want(text, "1 replication, seed 7");
    CHECK(strstr(text, "warm-up") == NULL);
    want(text, "no confidence intervals");
    CHECK(strstr(text, "+/-") == NULL);
    fputs(text, stdout);
    free(text);
}

static void table_router(void)
{
    fixture fx;
    fixture_init(&fx, 5);
    fx.m.warmup_s = 900;
    fx.s.route.invalid_agent = 3;
    fx.s.route.invalid_skill = 2;
    int rc;
    char *text = capture_table(&fx.s, 7, &rc);
    CHECK_INT_EQ(rc, 0);
    check_layout(text);
    want(text, "warm-up    0.25 h: KPIs count attempts arriving from 2022-01-31 23:15\n");
    want(text, "ROUTER");
    want(text, "11,000 decisions carried out, 5 refused");
    fputs(text, stdout);
    free(text);
}

static const check_case cases[] = {
    {"json_fields", json_fields},
    {"json_nan_is_null", json_nan_is_null},
    {"json_deterministic", json_deterministic},
    {"json_big_seed", json_big_seed},
    {"json_snapshot_absent", json_snapshot_absent},
    {"csv_intervals", csv_intervals},
    {"csv_quoting", csv_quoting},
    {"csv_agents", csv_agents},
    {"write_dir_new", write_dir_new},
    {"write_dir_existing", write_dir_existing},
    {"write_dir_under_file", write_dir_under_file},
    {"write_dir_onto_file", write_dir_onto_file},
    {"write_dir_rollback", write_dir_rollback},
    {"write_dir_readonly_parent", write_dir_readonly_parent},
    {"check_dir_targets", check_dir_targets},
    {"table_sections", table_sections},
    {"table_one_replication", table_one_replication},
    {"table_router", table_router},
};

CHECK_MAIN(cases)
