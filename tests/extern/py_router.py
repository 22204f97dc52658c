#!/usr/bin/env python3
"""py_router.py — a minimal external router for callsim in Python (standard library only),
to show the protocol of docs/router-protocol.md is language-neutral, and to misbehave on
purpose for the fault tests.

    py_router.py SOCKET_PATH [--fault KIND --at N] [--ready-file PATH]

Policy: the most urgent waiting call first (then the oldest), to the longest-idle agent
with its skill. KIND makes the N-th step of the whole process (counted over all
connections) go wrong, once (nonsense: every step from the N-th on):
  crash      the process exits            hang       the session never answers
  close      the session closes the socket malformed  a line that is not JSON
  oversized  a 5 MiB line                  nonsense   unknown call, busy agent, wrong
  error      an {"type":"error"} reply                skill, a duplicate, plus good ones
  badhello   (at the hello) protocol version 2
"""
import json
import os
import socketserver
import sys
import threading
import time

FAULT = None
AT = 0
steps_seen = 0
fired = False
lock = threading.Lock()


def fault_now():
    """True at the AT-th step of the process (nonsense: at every step from there)."""
    global steps_seen, fired
    with lock:
        steps_seen += 1
        if FAULT and not fired and steps_seen >= AT:
            fired = FAULT != "nonsense"
            return True
        return False


class Session:
    def __init__(self, hello):
        self.cats = hello["categories"]
        self.waiting = {}  # call -> (prio, order, skill)
        self.idle = {}  # agent -> set of skills, in the order they became idle
        self.skills = {}  # agent -> skills, also while busy (for "rejected")
        self.calls = {}  # call -> (prio, order, skill)
        self.order = 0

    def event(self, e):
        ev = e.get("ev")
        if ev == "arrived":
            self.order += 1
            self.calls[e["call"]] = (e["prio"], self.order, e["skill"])
            self.waiting[e["call"]] = self.calls[e["call"]]
        elif ev == "abandoned":
            self.waiting.pop(e["call"], None)
        elif ev == "ready":
            self.idle.pop(e["agent"], None)
            self.skills[e["agent"]] = set(e["skills"])
            self.idle[e["agent"]] = self.skills[e["agent"]]
        elif ev in ("away",):
            self.idle.pop(e["agent"], None)
        elif ev == "assigned":
            self.waiting.pop(e["call"], None)
            self.idle.pop(e["agent"], None)
        elif ev == "rejected":
            # the pair did not happen: what is still free comes back
            if e["call_waiting"] and e["call"] in self.calls:
                self.waiting[e["call"]] = self.calls[e["call"]]
            if e["agent_idle"] and e["agent"] in self.skills:
                self.idle[e["agent"]] = self.skills[e["agent"]]
        # "tick" and unknown events: nothing to do

    def decide(self):
        out = []
        for call, (prio, order, skill) in sorted(self.waiting.items(), key=lambda kv: kv[1][:2]):
            agent = next((a for a, sk in self.idle.items() if skill in sk), None)
            if agent is not None:
                del self.idle[agent]
                out.append([call, agent])
        for call, _ in out:
            del self.waiting[call]
        return out


class Handler(socketserver.StreamRequestHandler):
    def send(self, obj_or_text):
        text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
        self.wfile.write((text + "\n").encode())
        self.wfile.flush()

    def handle(self):
        session = None
        for raw in self.rfile:
            msg = json.loads(raw)
            kind = msg.get("type")
            if kind == "hello":
                if FAULT == "badhello":
                    self.send({"type": "hello", "version": [2, 0], "name": "py"})
                    return
                session = Session(msg)
                self.send({"type": "hello", "version": [1, 0], "name": "py-fifo"})
            elif kind == "step":
                if msg.get("replay"):
                    session = Session({"categories": session.cats})
                for e in msg["events"]:
                    session.event(e)
                faulty = FAULT != "badhello" and fault_now()
                before = self.nonsense(session) if faulty and FAULT == "nonsense" else []
                reply = {"type": "decide", "seq": msg["seq"], "assign": session.decide()}
                if faulty:
                    if self.misbehave(msg, reply, before):
                        return
                else:
                    self.send(reply)
            elif kind == "bye":
                return

    @staticmethod
    def nonsense(session):
        """Pairs the simulator must refuse, chosen before the router decides: a waiting call
        with an idle agent that lacks its skill, a waiting call with a busy agent."""
        bad = []
        for c, (_, _, skill) in session.waiting.items():
            a = next((a for a, sk in session.idle.items() if skill not in sk), None)
            if a is not None:
                bad.append([c, a])
                break
        busy = next((a for a in session.skills if a not in session.idle), None)
        if session.waiting and busy is not None:
            bad.append([next(iter(session.waiting)), busy])
        return bad

    def misbehave(self, msg, reply, before):
        """Sends the faulty reply; True when the session is over."""
        if FAULT == "crash":
            os._exit(3)
        if FAULT == "hang":
            time.sleep(3600)
            return True
        if FAULT == "close":
            return True
        if FAULT == "malformed":
            self.send('{"type":"decide","seq":')
            return False
        if FAULT == "oversized":
            self.send('{"type":"decide","seq":%d,"pad":"%s"}' % (msg["seq"], "x" * (5 << 20)))
            return False
        if FAULT == "error":
            self.send({"type": "error", "seq": msg["seq"], "message": "routing table reload"})
            return False
        if FAULT == "nonsense":
            good = reply["assign"]
            after = [[987654, 0]]  # a call that does not exist
            if good:
                after.append(good[0])  # the same pair twice: the second is refused
            self.send({"type": "decide", "seq": msg["seq"], "assign": before + good + after})
            return False
        raise SystemExit("unknown fault " + FAULT)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    global FAULT, AT
    args = sys.argv[1:]
    path = args.pop(0)
    ready = None
    while args:
        a = args.pop(0)
        if a == "--fault":
            FAULT = args.pop(0)
        elif a == "--at":
            AT = int(args.pop(0))
        elif a == "--ready-file":
            ready = args.pop(0)
    if os.path.exists(path):
        os.unlink(path)
    with Server(path, Handler) as srv:
        if ready:
            open(ready, "w").close()
        srv.serve_forever()


if __name__ == "__main__":
    main()
