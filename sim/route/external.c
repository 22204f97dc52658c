/* external.c — the client side of the external router protocol (docs/router-protocol.md):
 * a cs_router_vtable whose callbacks queue events and whose decide() runs one lock-step
 * round trip with a router process over a Unix or TCP socket.
 * Part of sim/route. The client keeps a mirror of what the router may assign (calls
 * waiting, agents idle, from the same events the router sees) for three reasons: it
 * refuses impossible assignments exactly as the simulation would and tells the router;
 * it skips round trips at instants where nothing can be assigned; and after a reconnection
 * it replays the state to the fresh router session. Any fault (timeout, closed socket,
 * malformed or oversized reply) drops the connection, so a late reply can never be taken
 * for the answer to a later step. */
#include "callsim/router_load.h"
#include "core/grow.h"
#include "core/clock.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Events wait for a step only while nothing can be assigned; past this many bytes they
 * are sent anyway so the queue stays bounded. */
#define FLUSH_BYTES (1u << 20)

typedef struct ext_call {
    cs_router_call c;
    uint64_t order; /* arrival order, for the replay */
    bool waiting;
} ext_call;

typedef struct ext_agent {
    uint64_t skills;
    double idle_since;
    uint64_t order; /* ready order, for the replay */
    bool idle;
} ext_agent;

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

typedef struct ext {
    char *address;
    double timeout_s;
    unsigned rep;
    size_t n_cat, n_skills;
    int32_t *priority;
    uint32_t *skill;
    uint64_t seed;
    double tick_s;
    char *config;

    int fd;          /* -1: not connected */
    bool replay;     /* the next step carries the whole state instead of the queued events */
    bool dead;       /* given up for the rest of the run */
    unsigned faults; /* consecutive faulty steps or failed connections */
    uint64_t retry_at;
    uint64_t decides; /* decide() calls so far, the clock of the back-off */
    uint64_t seq;

    buf events; /* queued events, comma-separated JSON objects */
    size_t n_events;
    buf msg; /* the step being sent */
    buf in;  /* bytes received, up to and past the reply's newline */

    ext_call *calls;
    size_t calls_cap;
    ext_agent *agents;
    size_t agents_cap;
    uint64_t next_order;
    size_t n_waiting, n_idle;

    cs_external_faults f;
} ext;

/* ---- small helpers ---- */

static int buf_reserve(buf *b, size_t more)
{
    return cs_grow((void **)&b->p, &b->cap, b->len + more, 1);
}

static int buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int buf_printf(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return CS_EINVAL;
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return 0;
        }
        if (buf_reserve(b, (size_t)n + 1) != 0)
            return CS_ENOMEM;
    }
}

static int buf_put(buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return CS_ENOMEM;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

/* Shortest of %.15g and %.17g that reads back as the same double: times must compare
 * equal on the router's side (events of one instant share a time). */
static void fmt_time(double t, char out[32])
{
    snprintf(out, 32, "%.15g", t);
    if (strtod(out, NULL) != t)
        snprintf(out, 32, "%.17g", t);
}

/* ---- the mirror ---- */

static bool call_waiting(const ext *x, uint32_t id)
{
    return id < x->calls_cap && x->calls[id].waiting;
}

static bool agent_idle(const ext *x, uint32_t a)
{
    return a < x->agents_cap && x->agents[a].idle;
}

static void take_call(ext *x, uint32_t id)
{
    if (call_waiting(x, id)) {
        x->calls[id].waiting = false;
        x->n_waiting--;
    }
}

static void take_agent(ext *x, uint32_t a)
{
    if (agent_idle(x, a)) {
        x->agents[a].idle = false;
        x->n_idle--;
    }
}

/* ---- events ---- */

/* Starts one event object in the queue ("," between events) with its kind and time; the
 * caller adds the rest of its fields and the closing brace. */
static int event_open(ext *x, const char *ev, double t)
{
    char ts[32];
    fmt_time(t, ts);
    int rc =
        buf_printf(&x->events, "%s{\"ev\":\"%s\",\"t\":%s", x->n_events > 0 ? "," : "", ev, ts);
    if (rc == 0) /* counted once in the buffer, so a failed put leaves no stray comma */
        x->n_events++;
    return rc;
}

static int put_arrived(ext *x, const cs_router_call *c)
{
    int rc = event_open(x, "arrived", c->arrived_s);
    return rc ? rc
              : buf_printf(&x->events,
                           ",\"call\":%u,\"cat\":%u,\"prio\":%d,\"skill\":%u,\"attempt\":%u}",
                           c->id,
                           c->category,
                           c->priority,
                           c->skill,
                           c->attempt);
}

/* Skills go as a list of indices: a 64-bit mask does not survive JSON numbers (doubles). */
static int put_ready(ext *x, uint32_t a, uint64_t skills, double idle_since)
{
    int rc = event_open(x, "ready", idle_since);
    if (rc == 0)
        rc = buf_printf(&x->events, ",\"agent\":%u,\"skills\":[", a);
    bool first = true;
    for (unsigned s = 0; rc == 0 && skills; s++, skills >>= 1)
        if (skills & 1) {
            rc = buf_printf(&x->events, first ? "%u" : ",%u", s);
            first = false;
        }
    return rc ? rc : buf_put(&x->events, "]}", 2);
}

static int ext_call_arrived(void *state, double now, const cs_router_call *call)
{
    (void)now;
    ext *x = state;
    if (cs_grow((void **)&x->calls, &x->calls_cap, (size_t)call->id + 1, sizeof *x->calls))
        return CS_ENOMEM;
    ext_call *c = &x->calls[call->id];
    if (!c->waiting)
        x->n_waiting++;
    c->c = *call;
    c->order = x->next_order++;
    c->waiting = true;
    return put_arrived(x, call);
}

static int ext_call_abandoned(void *state, double now, uint32_t call)
{
    ext *x = state;
    take_call(x, call);
    int rc = event_open(x, "abandoned", now);
    return rc ? rc : buf_printf(&x->events, ",\"call\":%u}", call);
}

static int ext_agent_ready(void *state, double now, const cs_router_agent *agent)
{
    (void)now;
    ext *x = state;
    if (cs_grow((void **)&x->agents, &x->agents_cap, (size_t)agent->id + 1, sizeof *x->agents))
        return CS_ENOMEM;
    ext_agent *g = &x->agents[agent->id];
    if (!g->idle)
        x->n_idle++;
    g->skills = agent->skills;
    g->idle_since = agent->idle_since;
    g->order = x->next_order++;
    g->idle = true;
    return put_ready(x, agent->id, agent->skills, agent->idle_since);
}

static int ext_agent_away(void *state, double now, uint32_t agent, cs_router_away why)
{
    ext *x = state;
    take_agent(x, agent);
    int rc = event_open(x, "away", now);
    return rc ? rc
              : buf_printf(&x->events,
                           ",\"agent\":%u,\"why\":\"%s\"}",
                           agent,
                           why == CS_AWAY_BREAK ? "break" : "shift_end");
}

static int ext_tick(void *state, double now)
{
    ext *x = state;
    int rc = event_open(x, "tick", now);
    return rc ? rc : buf_put(&x->events, "}", 1);
}

static int ext_assigned(void *state, double now, const cs_assignment *a)
{
    ext *x = state;
    take_call(x, a->call);
    take_agent(x, a->agent);
    int rc = event_open(x, "assigned", now);
    return rc ? rc : buf_printf(&x->events, ",\"call\":%u,\"agent\":%u}", a->call, a->agent);
}

/* A refused pair, with what is free after the whole reply: the router puts back exactly
 * that much of what it took out for the pair. */
static int put_rejected(ext *x, double now, uint32_t call, uint32_t agent, const char *why)
{
    int rc = event_open(x, "rejected", now);
    return rc ? rc
              : buf_printf(&x->events,
                           ",\"call\":%u,\"agent\":%u,\"reason\":\"%s\","
                           "\"call_waiting\":%s,\"agent_idle\":%s}",
                           call,
                           agent,
                           why,
                           call_waiting(x, call) ? "true" : "false",
                           agent_idle(x, agent) ? "true" : "false");
}

/* ---- the connection ---- */

static void disconnect(ext *x)
{
    if (x->fd >= 0)
        close(x->fd);
    x->fd = -1;
    x->in.len = 0;
}

/* Milliseconds left until `deadline`, rounded up, at least 0. */
static int ms_left(double deadline)
{
    double left = deadline - cs_clock_s();
    if (left <= 0)
        return 0;
    double ms = ceil(left * 1000.0);
    return ms > 1e9 ? 1000000000 : (int)ms;
}

/* Sends all of b. 0, or a fault: CS_EIO closed/reset, CS_EINTR timed out. */
static int send_all(ext *x, const char *p, size_t n, double deadline)
{
    while (n > 0) {
        ssize_t k = send(x->fd, p, n, MSG_NOSIGNAL);
        if (k > 0) {
            p += k;
            n -= (size_t)k;
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pf = {.fd = x->fd, .events = POLLOUT};
            int left = ms_left(deadline);
            if (left == 0 || poll(&pf, 1, left) == 0)
                return CS_EINTR;
            continue;
        }
        return CS_EIO;
    }
    return 0;
}

enum { RL_OK = 0, RL_TIMEOUT = 1, RL_CLOSED = 2, RL_OVERSIZED = 3, RL_NOMEM = 4 };

/* Receives one line (without its newline) into x->in; *len is its length. Bytes after
 * the newline stay for the next call. */
static int recv_line(ext *x, double deadline, size_t *len)
{
    size_t scanned = 0;
    for (;;) {
        char *nl =
            x->in.len > scanned ? memchr(x->in.p + scanned, '\n', x->in.len - scanned) : NULL;
        if (nl) {
            *len = (size_t)(nl - x->in.p);
            return *len > CS_EXTERNAL_MAX_LINE ? RL_OVERSIZED : RL_OK;
        }
        scanned = x->in.len;
        if (x->in.len > CS_EXTERNAL_MAX_LINE)
            return RL_OVERSIZED;
        if (buf_reserve(&x->in, 65536) != 0)
            return RL_NOMEM;
        ssize_t k = recv(x->fd, x->in.p + x->in.len, x->in.cap - x->in.len, 0);
        if (k > 0) {
            x->in.len += (size_t)k;
            continue;
        }
        if (k == 0)
            return RL_CLOSED;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return RL_CLOSED;
        struct pollfd pf = {.fd = x->fd, .events = POLLIN};
        int left = ms_left(deadline);
        if (left == 0)
            return RL_TIMEOUT;
        int pr = poll(&pf, 1, left);
        if (pr == 0)
            return RL_TIMEOUT;
        if (pr < 0 && errno != EINTR)
            return RL_CLOSED;
    }
}

/* Drops the line just read from x->in. */
static void consume_line(ext *x, size_t len)
{
    size_t rest = x->in.len - (len + 1);
    memmove(x->in.p, x->in.p + len + 1, rest);
    x->in.len = rest;
}

/* Opens a non-blocking socket connected to the address, or -1 with why[] set. */
static int open_socket(const char *address, double deadline, char *why, size_t why_len)
{
    int fd = -1;
    if (strncmp(address, "unix:", 5) == 0) {
        struct sockaddr_un sa;
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        const char *path = address + 5;
        if (strlen(path) >= sizeof sa.sun_path) {
            snprintf(why, why_len, "socket path too long");
            return -1;
        }
        memcpy(sa.sun_path, path, strlen(path) + 1);
        /* Non-blocking: a router that stopped accepting fills its backlog, and a blocking
         * connect would then wait without limit. */
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd >= 0)
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            snprintf(why, why_len, "cannot connect: %s", strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
    } else if (strncmp(address, "tcp:", 4) == 0) {
        char host[256];
        const char *colon = strrchr(address + 4, ':');
        size_t hl = colon ? (size_t)(colon - (address + 4)) : 0;
        if (!colon || hl == 0 || hl >= sizeof host) {
            snprintf(why, why_len, "not tcp:HOST:PORT");
            return -1;
        }
        memcpy(host, address + 4, hl);
        host[hl] = '\0';
        if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') { /* [::1] */
            memmove(host, host + 1, hl - 2);
            host[hl - 2] = '\0';
        }
        struct addrinfo hints, *res = NULL;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        int g = getaddrinfo(host, colon + 1, &hints, &res);
        if (g != 0) {
            snprintf(why, why_len, "cannot resolve '%.64s': %s", host, gai_strerror(g));
            return -1;
        }
        snprintf(why, why_len, "no address");
        for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, SOCK_STREAM, 0);
            if (fd < 0)
                continue;
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
            int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
            if (rc != 0 && errno == EINPROGRESS) {
                struct pollfd pf = {.fd = fd, .events = POLLOUT};
                int soerr = ETIMEDOUT;
                socklen_t sl = sizeof soerr;
                if (poll(&pf, 1, ms_left(deadline)) == 1)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
                rc = soerr == 0 ? 0 : -1;
                errno = soerr;
            }
            if (rc == 0)
                break;
            snprintf(why, why_len, "cannot connect: %s", strerror(errno));
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0)
            return -1;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    } else {
        snprintf(why, why_len, "address must start with unix: or tcp:");
        return -1;
    }
    return fd;
}

/* Appends a JSON string literal of s (the config text may hold anything). */
static int put_json_string(buf *b, const char *s)
{
    if (!s)
        return buf_put(b, "null", 4);
    char *j = NULL;
    cJSON *v = cJSON_CreateString(s);
    if (v)
        j = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    if (!j)
        return CS_ENOMEM;
    int rc = buf_put(b, j, strlen(j));
    cJSON_free(j);
    return rc;
}

/* Connects and exchanges hellos. 0, or a negative status with why[] set. */
static int open_session(ext *x, char *why, size_t why_len)
{
    double deadline = cs_clock_s() + x->timeout_s;
    x->fd = open_socket(x->address, deadline, why, why_len);
    if (x->fd < 0)
        return CS_EROUTER;
    x->in.len = 0;
    buf *m = &x->msg;
    m->len = 0;
    int rc = buf_printf(m,
                        "{\"type\":\"hello\",\"protocol\":\"callsim-router\",\"version\":[%d,%d],"
                        "\"replication\":%u,\"seed\":\"%llu\",\"skills\":%zu,\"tick\":%.17g,"
                        "\"categories\":[",
                        CS_EXTERNAL_PROTOCOL_MAJOR,
                        CS_EXTERNAL_PROTOCOL_MINOR,
                        x->rep,
                        (unsigned long long)x->seed,
                        x->n_skills,
                        x->tick_s);
    for (size_t c = 0; rc == 0 && c < x->n_cat; c++)
        rc = buf_printf(
            m, "%s{\"prio\":%d,\"skill\":%u}", c ? "," : "", x->priority[c], x->skill[c]);
    if (rc == 0)
        rc = buf_put(m, "],\"config\":", 11);
    if (rc == 0)
        rc = put_json_string(m, x->config);
    if (rc == 0)
        rc = buf_put(m, "}\n", 2);
    if (rc != 0) {
        snprintf(why, why_len, "out of memory");
        disconnect(x);
        return CS_ENOMEM;
    }
    if (send_all(x, m->p, m->len, deadline) != 0) {
        snprintf(why, why_len, "connection closed while sending the hello");
        disconnect(x);
        return CS_EROUTER;
    }
    size_t len;
    int r = recv_line(x, deadline, &len);
    if (r != RL_OK) {
        snprintf(why,
                 why_len,
                 "%s",
                 r == RL_TIMEOUT  ? "no hello within the timeout"
                 : r == RL_CLOSED ? "connection closed before the hello"
                 : r == RL_NOMEM  ? "out of memory"
                                  : "hello line too long");
        disconnect(x);
        return CS_EROUTER;
    }
    cJSON *j = cJSON_ParseWithLength(x->in.p, len);
    consume_line(x, len);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "version");
    const cJSON *major = cJSON_IsArray(ver) ? cJSON_GetArrayItem(ver, 0) : NULL;
    rc = 0;
    if (!cJSON_IsObject(j) || !cJSON_IsString(type) || strcmp(type->valuestring, "hello") != 0) {
        snprintf(why, why_len, "the reply to the hello is not a hello");
        rc = CS_EROUTER;
    } else if (!cJSON_IsNumber(major) || major->valuedouble != CS_EXTERNAL_PROTOCOL_MAJOR) {
        snprintf(why,
                 why_len,
                 "the router speaks protocol version %g, this build %d.%d",
                 cJSON_IsNumber(major) ? major->valuedouble : -1.0,
                 CS_EXTERNAL_PROTOCOL_MAJOR,
                 CS_EXTERNAL_PROTOCOL_MINOR);
        rc = CS_EROUTER;
    }
    cJSON_Delete(j);
    if (rc != 0)
        disconnect(x);
    return rc;
}

/* ---- one step ---- */

typedef struct order_key {
    uint64_t order;
    uint32_t id;
    bool is_call;
} order_key;

static int by_order(const void *a, const void *b)
{
    const order_key *p = a, *q = b;
    return (p->order > q->order) - (p->order < q->order);
}

/* The state a fresh router session needs, as events: calls waiting in arrival order and
 * agents idle in the order they became ready. Replaces the queued events. */
static int build_replay(ext *x)
{
    size_t n = x->n_waiting + x->n_idle;
    order_key *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return CS_ENOMEM;
    size_t i = 0;
    for (uint32_t c = 0; c < x->calls_cap; c++)
        if (x->calls[c].waiting && i < n)
            k[i++] = (order_key){x->calls[c].order, c, true};
    for (uint32_t a = 0; a < x->agents_cap; a++)
        if (x->agents[a].idle && i < n)
            k[i++] = (order_key){x->agents[a].order, a, false};
    qsort(k, i, sizeof *k, by_order);
    x->events.len = 0;
    x->n_events = 0;
    int rc = 0;
    for (size_t j = 0; rc == 0 && j < i; j++)
        rc = k[j].is_call
                 ? put_arrived(x, &x->calls[k[j].id].c)
                 : put_ready(x, k[j].id, x->agents[k[j].id].skills, x->agents[k[j].id].idle_since);
    free(k);
    return rc;
}

/* A fault at this step: count it, drop the connection, back off. */
static int fault(ext *x, uint64_t *counter)
{
    (*counter)++;
    disconnect(x);
    x->faults++;
    x->replay = true;
    if (x->faults >= CS_EXTERNAL_MAX_FAILURES) {
        x->dead = true;
        x->f.gave_up = 1;
    } else {
        x->retry_at = x->decides + (UINT64_C(1) << (x->faults - 1));
    }
    return CS_EROUTER;
}

/* Reads the assignment list of a well-formed reply. false: malformed. */
static bool take_assignments(ext *x, double now, const cJSON *list, cs_decisions *out)
{
    if (!cJSON_IsArray(list))
        return false;
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n > out->capacity)
        return false;
    const cJSON *pair;
    cJSON_ArrayForEach(pair, list)
    {
        const cJSON *c = cJSON_GetArrayItem(pair, 0), *a = cJSON_GetArrayItem(pair, 1);
        if (!cJSON_IsArray(pair) || !cJSON_IsNumber(c) || !cJSON_IsNumber(a))
            return false;
        double cv = c->valuedouble, av = a->valuedouble;
        if (!(cv >= 0 && cv <= UINT32_MAX && cv == floor(cv)) ||
            !(av >= 0 && av <= UINT32_MAX && av == floor(av)))
            return false;
    }
    static const char *const reasons[] = {NULL, "call", "agent", "skill"};
    uint8_t small[64];
    uint8_t *why = n <= sizeof small ? small : malloc(n);
    if (!why)
        return false;
    cJSON_ArrayForEach(pair, list)
    {
        uint32_t call = (uint32_t)cJSON_GetArrayItem(pair, 0)->valuedouble;
        uint32_t agent = (uint32_t)cJSON_GetArrayItem(pair, 1)->valuedouble;
        /* Passed on even when refused: the simulation refuses it the same way, counts it
         * by kind and lets the fallback decide. The router hears why. */
        size_t k = out->count;
        out->items[out->count++] = (cs_assignment){.call = call, .agent = agent};
        why[k] = !call_waiting(x, call)                                     ? 1
                 : !agent_idle(x, agent)                                    ? 2
                 : !(x->agents[agent].skills >> x->calls[call].c.skill & 1) ? 3
                                                                            : 0;
        if (why[k]) {
            x->f.rejected++;
        } else {
            take_call(x, call);
            take_agent(x, agent);
        }
    }
    /* Reported after the whole reply, so the flags say what is free in the end. */
    for (size_t k = 0; k < out->count; k++)
        if (why[k])
            put_rejected(x, now, out->items[k].call, out->items[k].agent, reasons[why[k]]);
    if (why != small)
        free(why);
    return true;
}

static int ext_decide(void *state, double now, cs_decisions *out)
{
    ext *x = state;
    out->count = 0;
    x->decides++;
    if (x->fd < 0) { /* the next session starts from a replay of the state */
        x->events.len = 0;
        x->n_events = 0;
    }
    /* Nothing can be assigned: the events wait for the next step (they carry their times). */
    if ((x->n_waiting == 0 || x->n_idle == 0) && x->events.len < FLUSH_BYTES)
        return 0;
    if (x->dead)
        return CS_EROUTER;
    if (x->fd < 0) {
        if (x->decides < x->retry_at)
            return CS_EROUTER;
        char why[160];
        if (open_session(x, why, sizeof why) != 0)
            return fault(x, &x->f.connect_failures);
        x->f.reconnects++;
    }
    if (x->replay && build_replay(x) != 0)
        return CS_ENOMEM;
    char t[32];
    fmt_time(now, t);
    buf *m = &x->msg;
    m->len = 0;
    uint64_t seq = ++x->seq;
    if (buf_printf(m,
                   "{\"type\":\"step\",\"seq\":%llu,\"t\":%s%s,\"events\":[",
                   (unsigned long long)seq,
                   t,
                   x->replay ? ",\"replay\":true" : "") != 0 ||
        buf_put(m, x->events.p ? x->events.p : "", x->events.len) != 0 || buf_put(m, "]}\n", 3))
        return CS_ENOMEM;
    /* The events are the router's now, whatever becomes of the step: after a fault the
     * next session starts from a replay. */
    x->events.len = 0;
    x->n_events = 0;
    x->replay = false;
    double deadline = cs_clock_s() + x->timeout_s;
    int s = send_all(x, m->p, m->len, deadline);
    if (s == CS_EINTR)
        return fault(x, &x->f.timeouts);
    if (s != 0)
        return fault(x, &x->f.disconnects);
    size_t len;
    int r = recv_line(x, deadline, &len);
    if (r == RL_TIMEOUT)
        return fault(x, &x->f.timeouts);
    if (r == RL_CLOSED)
        return fault(x, &x->f.disconnects);
    if (r == RL_OVERSIZED)
        return fault(x, &x->f.oversized);
    if (r == RL_NOMEM)
        return CS_ENOMEM;
    cJSON *j = cJSON_ParseWithLength(x->in.p, len);
    consume_line(x, len);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
    const cJSON *jseq = cJSON_GetObjectItemCaseSensitive(j, "seq");
    int rc = 0;
    if (!cJSON_IsObject(j) || !cJSON_IsString(type) || !cJSON_IsNumber(jseq) ||
        jseq->valuedouble != (double)seq) {
        rc = fault(x, &x->f.malformed);
    } else if (strcmp(type->valuestring, "error") == 0) {
        x->f.router_errors++;
        x->f.steps++;
        rc = CS_EROUTER;
    } else if (strcmp(type->valuestring, "decide") != 0 ||
               !take_assignments(x, now, cJSON_GetObjectItemCaseSensitive(j, "assign"), out)) {
        out->count = 0;
        rc = fault(x, &x->f.malformed);
    } else {
        x->f.steps++;
        x->faults = 0;
    }
    cJSON_Delete(j);
    return rc;
}

/* ---- life cycle ---- */

static int ext_create_refused(const cs_router_host *host, void **state)
{
    (void)host;
    *state = NULL;
    return CS_EINVAL;
}

static void ext_destroy(void *state)
{
    ext *x = state;
    if (!x)
        return;
    if (x->fd >= 0) {
        static const char bye[] = "{\"type\":\"bye\"}\n";
        send_all(x, bye, sizeof bye - 1, cs_clock_s() + x->timeout_s);
    }
    disconnect(x);
    free(x->address);
    free(x->priority);
    free(x->skill);
    free(x->config);
    free(x->events.p);
    free(x->msg.p);
    free(x->in.p);
    free(x->calls);
    free(x->agents);
    free(x);
}

static const cs_router_vtable external_vt = {
    .struct_size = sizeof(cs_router_vtable),
    .abi_major = CS_ROUTER_ABI_MAJOR,
    .abi_minor = CS_ROUTER_ABI_MINOR,
    .name = "external",
    .create = ext_create_refused,
    .destroy = ext_destroy,
    .call_arrived = ext_call_arrived,
    .call_abandoned = ext_call_abandoned,
    .agent_ready = ext_agent_ready,
    .agent_away = ext_agent_away,
    .decide = ext_decide,
    .tick = ext_tick,
    .assigned = ext_assigned,
};

const cs_router_vtable *cs_external_vtable(void)
{
    return &external_vt;
}

int cs_external_create(const cs_router_host *host,
                       const cs_external_opts *opts,
                       void **state,
                       cs_err *err)
{
    *state = NULL;
    ext *x = calloc(1, sizeof *x);
    if (!x)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    x->fd = -1;
    x->timeout_s = opts->timeout_s > 0 ? opts->timeout_s : 1.0;
    x->rep = opts->replication;
    x->n_cat = host->n_categories;
    x->n_skills = host->n_skills;
    x->seed = host->seed;
    x->tick_s = host->tick_s;
    x->address = strdup(opts->address);
    x->config = host->config ? strdup(host->config) : NULL;
    x->priority = malloc((x->n_cat ? x->n_cat : 1) * sizeof *x->priority);
    x->skill = malloc((x->n_cat ? x->n_cat : 1) * sizeof *x->skill);
    if (!x->address || (host->config && !x->config) || !x->priority || !x->skill) {
        ext_destroy(x);
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < x->n_cat; c++) {
        x->priority[c] = host->priority[c];
        x->skill[c] = host->skill[c];
    }
    char why[160];
    int rc = open_session(x, why, sizeof why);
    if (rc != 0) {
        ext_destroy(x);
        return cs_err_set(err, rc, "routing.external '%s': %s", opts->address, why);
    }
    *state = x;
    return 0;
}

void cs_external_get_faults(const void *state, cs_external_faults *out)
{
    const ext *x = state;
    *out = x->f;
}
