/* router_server.c — callsim-router: an external router for callsim that serves any routing
 * vtable (a built-in policy or a plugin) over the protocol of docs/router-protocol.md.
 *
 *   callsim-router [--policy NAME | --plugin PATH.so] [--once] [--stats]
 *                  unix:/path | tcp:HOST:PORT
 *
 * One process per connection (fork), so replications running in parallel each get their
 * own session; --once serves a single connection in the foreground (profiling, tests);
 * --stats prints the steps and assignments of each session when it ends.
 * It decides the way the simulator's built-in routing would: the events of a step are
 * handed over instant by instant (they carry their times), with a decision after each
 * instant, so the fcfs policy served here gives exactly the built-in results. */
#include "callsim/err.h"
#include "core/grow.h"
#include "callsim/router.h"
#include "callsim/router_load.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

typedef struct session {
    const cs_router_vtable *vt;
    void *router;
    FILE *in;
    int fd;
    cs_router_call *calls; /* what the router was told of each call, for "rejected" */
    size_t calls_cap;
    uint64_t *skills; /* [agents_cap] */
    size_t agents_cap;
    cs_assignment *dec;
    size_t dec_cap, n_dec;
    uint64_t steps, assigned; /* for --stats */
    char *out;
    size_t out_cap;
} session;

static void die(const char *what)
{
    fprintf(stderr, "callsim-router: %s\n", what);
    exit(1);
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void send_text(session *s, const char *text, size_t n)
{
    while (n > 0) {
        ssize_t k = send(s->fd, text, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            exit(0); /* the simulator went away */
        text += k;
        n -= (size_t)k;
    }
}

/* Creates the router from the simulator's hello and answers it. */
static void hello(session *s, const cJSON *h)
{
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(h, "version");
    const cJSON *major = cJSON_GetArrayItem(ver, 0); /* NULL when not an array or empty */
    if (!cJSON_IsNumber(major) || major->valuedouble != 1)
        die("the simulator speaks another protocol version");
    const cJSON *cats = cJSON_GetObjectItemCaseSensitive(h, "categories");
    size_t n = (size_t)cJSON_GetArraySize(cats);
    int32_t *prio = calloc(n ? n : 1, sizeof *prio);
    uint32_t *skill = calloc(n ? n : 1, sizeof *skill);
    if (!prio || !skill)
        die("out of memory");
    size_t i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cats)
    {
        prio[i] = (int32_t)num(c, "prio");
        skill[i++] = (uint32_t)num(c, "skill");
    }
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(h, "config");
    cs_router_host host = {.n_categories = n,
                           .priority = prio,
                           .skill = skill,
                           .n_skills = (size_t)num(h, "skills"),
                           .seed = strtoull(str(h, "seed"), NULL, 10),
                           .config = cJSON_IsString(cfg) ? cfg->valuestring : NULL,
                           .tick_s = num(h, "tick")};
    if (s->vt->tick && !(host.tick_s > 0))
        fprintf(stderr,
                "callsim-router: warning: %s acts on ticks but the simulator sends none "
                "(hello tick 0): set routing.tick in the scenario (the built-in overflow uses "
                "1 s), or the results differ from the built-in policy\n",
                s->vt->name ? s->vt->name : "the router");
    if (s->vt->create(&host, &s->router) < 0)
        die("the policy failed to start");
    free(prio);
    free(skill);
    char line[128];
    int len = snprintf(line,
                       sizeof line,
                       "{\"type\":\"hello\",\"version\":[1,0],\"name\":\"%s\"}\n",
                       s->vt->name ? s->vt->name : "router");
    send_text(s, line, (size_t)len);
}

static void decide(session *s, double t)
{
    if (cs_grow((void **)&s->dec, &s->dec_cap, s->n_dec + s->agents_cap + 64, sizeof *s->dec))
        die("out of memory");
    cs_decisions d = {.items = s->dec + s->n_dec, .capacity = s->agents_cap + 64, .count = 0};
    if (s->vt->decide(s->router, t, &d) < 0)
        d.count = 0;
    s->n_dec += d.count < d.capacity ? d.count : d.capacity;
}

/* A call and an agent the router gave each other are still free (the simulator refused the
 * pair): the router hears of them again. */
static void give_back(session *s, double t, const cJSON *e)
{
    uint32_t call = (uint32_t)num(e, "call"), agent = (uint32_t)num(e, "agent");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "call_waiting")) && call < s->calls_cap)
        s->vt->call_arrived(s->router, t, &s->calls[call]);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "agent_idle")) && agent < s->agents_cap) {
        cs_router_agent a = {.id = agent, .skills = s->skills[agent], .idle_since = t};
        s->vt->agent_ready(s->router, t, &a);
    }
}

static void event(session *s, const cJSON *e, double t)
{
    const char *ev = str(e, "ev");
    if (strcmp(ev, "arrived") == 0) {
        cs_router_call c = {.id = (uint32_t)num(e, "call"),
                            .category = (uint32_t)num(e, "cat"),
                            .priority = (int32_t)num(e, "prio"),
                            .skill = (uint32_t)num(e, "skill"),
                            .attempt = (uint32_t)num(e, "attempt"),
                            .arrived_s = t};
        if (cs_grow((void **)&s->calls, &s->calls_cap, (size_t)c.id + 1, sizeof *s->calls))
            die("out of memory");
        s->calls[c.id] = c;
        s->vt->call_arrived(s->router, t, &c);
    } else if (strcmp(ev, "abandoned") == 0) {
        s->vt->call_abandoned(s->router, t, (uint32_t)num(e, "call"));
    } else if (strcmp(ev, "ready") == 0) {
        cs_router_agent a = {.id = (uint32_t)num(e, "agent"), .idle_since = t};
        const cJSON *sk;
        cJSON_ArrayForEach(sk, cJSON_GetObjectItemCaseSensitive(e, "skills"))
        {
            if (cJSON_IsNumber(sk) && sk->valuedouble >= 0 && sk->valuedouble < 64)
                a.skills |= UINT64_C(1) << (unsigned)sk->valuedouble;
        }
        if (cs_grow((void **)&s->skills, &s->agents_cap, (size_t)a.id + 1, sizeof *s->skills))
            die("out of memory");
        s->skills[a.id] = a.skills;
        s->vt->agent_ready(s->router, t, &a);
    } else if (strcmp(ev, "away") == 0) {
        cs_router_away why =
            strcmp(str(e, "why"), "break") == 0 ? CS_AWAY_BREAK : CS_AWAY_SHIFT_END;
        s->vt->agent_away(s->router, t, (uint32_t)num(e, "agent"), why);
    } else if (strcmp(ev, "tick") == 0) {
        if (s->vt->tick)
            s->vt->tick(s->router, t);
    } else if (strcmp(ev, "assigned") == 0) {
        cs_assignment a = {.call = (uint32_t)num(e, "call"), .agent = (uint32_t)num(e, "agent")};
        if (s->vt->assigned) {
            s->vt->assigned(s->router, t, &a);
        } else { /* what the simulator does for a router without assigned() */
            s->vt->call_abandoned(s->router, t, a.call);
            s->vt->agent_away(s->router, t, a.agent, CS_AWAY_BREAK);
        }
    } else if (strcmp(ev, "rejected") == 0) {
        give_back(s, t, e);
    } /* unknown events are ignored: forward compatibility */
}

static void step(session *s, const cJSON *m)
{
    double now = num(m, "t");
    bool replay = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "replay"));
    s->n_dec = 0;
    bool pending = false;
    double pending_t = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m, "events"))
    {
        double t = num(e, "t");
        if (pending && t != pending_t && !replay)
            decide(s, pending_t); /* an earlier instant the simulator did not ask about */
        event(s, e, t);
        pending = true;
        pending_t = t;
    }
    decide(s, now);
    size_t need = 64 + s->n_dec * 24;
    if (cs_grow((void **)&s->out, &s->out_cap, need, 1))
        die("out of memory");
    size_t len = (size_t)snprintf(
        s->out, s->out_cap, "{\"type\":\"decide\",\"seq\":%.0f,\"assign\":[", num(m, "seq"));
    for (size_t i = 0; i < s->n_dec; i++)
        len += (size_t)snprintf(s->out + len,
                                s->out_cap - len,
                                "%s[%u,%u]",
                                i ? "," : "",
                                s->dec[i].call,
                                s->dec[i].agent);
    len += (size_t)snprintf(s->out + len, s->out_cap - len, "]}\n");
    send_text(s, s->out, len);
    s->steps++;
    s->assigned += s->n_dec;
}

static bool print_stats;

static void serve(const cs_router_vtable *vt, int fd)
{
    session s = {.vt = vt, .fd = fd, .in = fdopen(fd, "r")};
    if (!s.in)
        die("fdopen failed");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, s.in)) > 0) {
        cJSON *m = cJSON_ParseWithLength(line, (size_t)n);
        const char *type = str(m, "type");
        if (strcmp(type, "hello") == 0 && !s.router)
            hello(&s, m);
        else if (strcmp(type, "step") == 0 && s.router)
            step(&s, m);
        else if (strcmp(type, "bye") == 0) {
            cJSON_Delete(m);
            break;
        }
        cJSON_Delete(m);
    }
    free(line);
    if (print_stats)
        fprintf(stderr,
                "callsim-router: session of %llu steps, %llu assignments\n",
                (unsigned long long)s.steps,
                (unsigned long long)s.assigned);
    if (s.router)
        vt->destroy(s.router);
    free(s.calls);
    free(s.skills);
    free(s.dec);
    free(s.out);
    fclose(s.in);
}

/* The socket this process made, removed when it ends; the listener's pid, as forked
 * sessions inherit the signal handlers but must leave the socket alone. */
static char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static pid_t listener;

static void remove_socket(void)
{
    if (socket_path[0] && getpid() == listener)
        unlink(socket_path);
}

static void on_signal(int sig)
{
    remove_socket(); /* unlink and getpid are async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A stale socket from an earlier run is replaced; anything else at the path is kept. */
static void clear_socket_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return;
        fprintf(stderr, "callsim-router: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "callsim-router: %s exists and is not a socket; not replacing it\n", path);
        exit(1);
    }
    /* A socket someone still listens on is not stale: leave it to its router. */
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    if (probe >= 0) {
        int live = connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0 || errno != ECONNREFUSED;
        close(probe);
        if (live) {
            fprintf(stderr, "callsim-router: %s: another router is listening there\n", path);
            exit(1);
        }
    }
    if (unlink(path) != 0) {
        fprintf(
            stderr, "callsim-router: cannot remove the old socket %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

/* tcp:HOST:PORT's port: 1..65535 in decimal. */
static bool port_ok(const char *p)
{
    size_t len = strlen(p);
    if (len == 0 || len > 5)
        return false;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    return v >= 1 && v <= 65535;
}

static int listen_on(const char *address)
{
    int fd;
    if (strncmp(address, "unix:", 5) == 0) {
        struct sockaddr_un sa;
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        if (!address[5])
            die("address must be unix:/path (the path is empty)");
        if (strlen(address + 5) >= sizeof sa.sun_path)
            die("socket path too long");
        strcpy(sa.sun_path, address + 5);
        clear_socket_path(sa.sun_path);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
            die(strerror(errno));
        strcpy(socket_path, sa.sun_path);
        listener = getpid();
        atexit(remove_socket);
        signal(SIGTERM, on_signal);
        signal(SIGINT, on_signal);
    } else if (strncmp(address, "tcp:", 4) == 0) {
        char host[256];
        const char *colon = strrchr(address + 4, ':');
        size_t hl = colon ? (size_t)(colon - (address + 4)) : 0;
        if (!colon || hl == 0 || hl >= sizeof host || !port_ok(colon + 1))
            die("address must be tcp:HOST:PORT with a PORT from 1 to 65535");
        memcpy(host, address + 4, hl);
        host[hl] = '\0';
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res;
        if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
            die("cannot resolve the address");
        fd = socket(res->ai_family, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0)
            die(strerror(errno));
        freeaddrinfo(res);
    } else {
        die("address must be unix:/path or tcp:HOST:PORT");
    }
    if (listen(fd, 64) != 0)
        die(strerror(errno));
    return fd;
}

static const char usage[] =
    "usage: callsim-router [--policy NAME | --plugin PATH.so] [--once] [--stats] "
    "unix:/path | tcp:HOST:PORT\n";

int main(int argc, char **argv)
{
    const char *policy = "fcfs", *plugin = NULL, *address = NULL;
    bool once = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            fputs("\nServes a built-in routing policy (default fcfs) or a router plugin to\n"
                  "callsim over the external router protocol (docs/router-protocol.md).\n"
                  "  --once   serve one connection in the foreground, then exit\n"
                  "  --stats  print the steps and assignments of each session on stderr\n"
                  "A policy that acts on ticks (overflow) needs routing.tick in the scenario.\n",
                  stdout);
            return 0;
        }
        if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc)
            policy = argv[++i];
        else if (strcmp(argv[i], "--plugin") == 0 && i + 1 < argc)
            plugin = argv[++i];
        else if (strcmp(argv[i], "--once") == 0)
            once = true;
        else if (strcmp(argv[i], "--stats") == 0)
            print_stats = true;
        else if (argv[i][0] != '-' && !address)
            address = argv[i];
        else {
            fputs(usage, stderr);
            return 2;
        }
    }
    if (!address) {
        fprintf(stderr, "callsim-router: needs an address (unix:/path or tcp:HOST:PORT)\n");
        return 2;
    }
    const cs_router_vtable *vt = NULL;
    if (plugin) {
        cs_err err;
        cs_err_clear(&err);
        cs_plugin *p = cs_plugin_open(plugin, &err); /* kept open for the process's life */
        if (!p)
            die(err.msg);
        vt = cs_plugin_vtable(p);
    } else if (!(vt = cs_router_builtin(policy))) {
        die("unknown policy");
    }
    int lfd = listen_on(address);
    signal(SIGCHLD, SIG_IGN); /* children are reaped by the system */
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            die(strerror(errno));
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* fails on unix: fine */
        if (once) {
            serve(vt, fd);
            return 0;
        }
        pid_t pid = fork();
        if (pid == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            close(lfd);
            serve(vt, fd);
            _exit(0);
        }
        close(fd);
    }
}
