"""bench/soak/run.sh's harness (issue 13, item 5): the maximum rate of a mixed workload, then
that workload at 70 % of it for the soak's duration with one broker outage in the middle,
sampling RSS, TCP connections and the broker every 10 s; writes the "Soak" section of
bench/RESULTS.md. Called by bench/soak/run.sh after ./threshold up."""
import argparse
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from benchlib import (GATEWAY, PASSWORD, REGION, ROOT, STATE, Group, Org, Wrk, install_signal_exit, log,  # noqa: E402
                      login, parallel, pid_file, port_owner, postmaster_pid, tcp_connections, write_lines)

BEGIN = "<!-- bench:soak begin -->"
END = "<!-- bench:soak end -->"
VHOSTS = ["threshold-us-east-1", "threshold-eu-central-1"]
PROCS = ["identity-us-east-1", "mfa-us-east-1", "invitation-us-east-1", "identity-eu-central-1", "mfa-eu-central-1",
         "invitation-eu-central-1", "gateway", "greenmail"]


def rabbitmqctl(*args, timeout=60):
    node = os.environ.get("THRESHOLD_RABBITMQ_NODE")
    cmd = ["rabbitmqctl"] + (["-n", node] if node else []) + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), (r.stderr or r.stdout).strip()[-300:]))
    return r.stdout


def queues(vhost):
    """[(name, ready, consumers)] or None when the broker does not answer."""
    try:
        out = rabbitmqctl("-q", "list_queues", "-p", vhost, "name", "messages_ready", "consumers", "--no-table-headers", timeout=30)
    except Exception:
        return None
    rows = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1].isdigit():
            rows.append((parts[0], int(parts[1]), int(parts[2])))
    return rows


def broker_connections():
    """vhost -> client connections, or None when the broker does not answer."""
    try:
        out = rabbitmqctl("-q", "list_connections", "vhost", "--no-table-headers", timeout=30)
    except Exception:
        return None
    counts = {v: 0 for v in VHOSTS}
    for line in out.splitlines():
        v = line.strip()
        if v:
            counts[v] = counts.get(v, 0) + 1
    return counts


class Soak:
    def __init__(self, a):
        self.a = a
        self.pids = os.path.join(a.work, "pids")
        self.events = os.path.join(a.work, "events")
        os.makedirs(self.pids, exist_ok=True)
        os.makedirs(self.events, exist_ok=True)
        self.wrk = Wrk(a.work, self.pids)
        self.samples = []
        self.outage = {}
        self.broker_stopped = False
        self.marker = os.path.join(a.work, "broker-stopped")
        self.started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        broker_port = int(os.environ.get("THRESHOLD_RABBITMQ_PORT", "5672"))
        self.groups = [Group(n, [pid_file(n)]) for n in PROCS if pid_file(n)]
        self.groups.append(Group("rabbitmq", [port_owner(broker_port)]))
        self.groups.append(Group("postgres", [postmaster_pid()], with_children=True, rss=False))

    # -----------------------------------------------------------------------------------------
    def setup(self):
        a = self.a
        log("data: an org with %d admins (the soak's sessions log in as them)" % a.users)
        self.org = Org("soak")
        self.users = [self.org.email("a", i) for i in range(a.users)]
        self.org.invite(self.users, roles=("admin",))
        self.org.accept(self.users)
        self.users_file = write_lines(os.path.join(a.work, "users.txt"), self.users)

    def wrk_env(self, rate, tag):
        def one(i):
            result, refresh = login(self.users[i % len(self.users)])
            return "%s\t%s" % (result["accessToken"], refresh)
        sessions = write_lines(os.path.join(self.a.work, "sessions-%s.txt" % tag), parallel(one, range(self.a.threads), workers=2))
        return {"BENCH_USERS": self.users_file, "BENCH_SESSIONS": sessions, "BENCH_PASSWORD": PASSWORD, "BENCH_REGION": REGION,
                "BENCH_RATE": str(rate), "BENCH_MIX": self.a.mix, "BENCH_EVENTS": os.path.join(self.events, tag),
                "BENCH_RUN": self.org.run + tag}

    def measure_max(self):
        a = self.a
        os.makedirs(os.path.join(self.events, "max"), exist_ok=True)
        log("maximum: the mix unpaced, %d connections, %d s" % (a.threads, a.max_seconds))
        self.max = self.wrk.run(GATEWAY, "soak.lua", a.threads, a.threads, a.max_seconds, self.wrk_env(0, "max"))
        self.max_rate = self.max["ok"] / self.max["seconds"]
        log("maximum: %.0f ok/s (%d errors)" % (self.max_rate, self.max["failed"]))

    # -----------------------------------------------------------------------------------------
    def sample(self):
        t = time.time()
        conns = tcp_connections()
        row = {"t": t, "rss": {}, "tcp": {}}
        for g in self.groups:
            pids = g.pids()
            if g.rss:
                row["rss"][g.name] = round(g.rss_mib(), 1)
            row["tcp"][g.name] = sum(conns.get(p, 0) for p in pids)
        row["broker_connections"] = broker_connections()
        q = queues(VHOSTS[0])
        row["consumers"] = sum(c for _, _, c in q) if q is not None else None
        row["ready"] = sum(r for _, r, _ in q) if q is not None else None
        self.samples.append(row)

    def sampler(self, stop):
        while not stop.is_set():
            try:
                self.sample()
            except Exception as e:  # a sample must never end the soak
                log("sample failed: %s" % e)
            stop.wait(self.a.interval)

    def broker_outage(self, at, stop):
        a = self.a
        if stop.wait(max(0, at - time.time())):
            return
        before = queues(VHOSTS[0])
        self.outage["consumers_before"] = sum(c for _, _, c in before) if before else None
        log("outage: rabbitmqctl stop_app")
        open(self.marker, "w").close()
        self.broker_stopped = True
        self.outage["stop"] = time.time()
        rabbitmqctl("stop_app")
        self.outage["stopped"] = time.time()
        stop.wait(max(0, a.outage - (time.time() - self.outage["stop"])))
        self.restore()
        log("outage: broker back after %.0f s; waiting for the consumers" % (self.outage["started"] - self.outage["stop"]))
        deadline = time.time() + 180
        while time.time() < deadline and not stop.is_set():
            q = queues(VHOSTS[0])
            n = sum(c for _, _, c in q) if q else 0
            if q is not None and self.outage["consumers_before"] is not None and n >= self.outage["consumers_before"]:
                self.outage["consumers_back"] = time.time()
                log("outage: %d consumers again %.1f s after start_app" % (n, time.time() - self.outage["started"]))
                return
            time.sleep(1)
        log("outage: consumers NOT back to %s after 180 s" % self.outage["consumers_before"])

    def restore(self):
        if self.broker_stopped:
            rabbitmqctl("start_app")
            rabbitmqctl("await_startup", timeout=120)
            self.outage["started"] = time.time()
            self.broker_stopped = False
            if os.path.exists(self.marker):
                os.unlink(self.marker)

    def soak(self):
        a = self.a
        self.rate = a.rate or round(self.max_rate * a.fraction, 1)
        os.makedirs(os.path.join(self.events, "soak"), exist_ok=True)
        log("soak: %.0f requests/s (%.0f %% of the maximum) for %d s, %d connections; broker outage of %d s in the middle"
            % (self.rate, 100 * self.rate / self.max_rate, a.duration, a.threads, a.outage if not a.no_outage else 0))
        stop = threading.Event()
        sampler = threading.Thread(target=self.sampler, args=(stop,), daemon=True)
        self.t0 = time.time()
        sampler.start()
        outage = None
        if not a.no_outage:
            outage = threading.Thread(target=self.broker_outage, args=(self.t0 + a.duration / 2 - a.outage / 2, stop), daemon=True)
            outage.start()
        cpu0 = {g.name: g.cpu() for g in self.groups}
        try:
            self.result = self.wrk.run(GATEWAY, "soak.lua", a.threads, a.threads, a.duration, self.wrk_env(self.rate, "soak"))
        finally:
            self.cpu = {g.name: g.cpu() - cpu0[g.name] for g in self.groups}
            self.t1 = time.time()
            if outage:
                outage.join(timeout=240)
            stop.set()
            sampler.join()
            self.restore()
        # after the load: the backlog drains, then no queue may hold ready messages without consumers
        log("after: waiting up to %d s for the queues to drain" % a.drain)
        deadline = time.time() + a.drain
        while True:
            self.final_queues = {v: queues(v) for v in VHOSTS}
            ready = sum(r for v in VHOSTS for _, r, _ in (self.final_queues[v] or []))
            if ready == 0 or time.time() > deadline:
                break
            time.sleep(2)
        self.drained_after = time.time() - self.t1
        self.sample()

    # -----------------------------------------------------------------------------------------
    def errors(self):
        out = []
        for path in glob.glob(os.path.join(self.events, "soak", "thread-*.log")):
            for line in open(path):
                if line.startswith("E "):
                    parts = line.rstrip("\n").split(" ", 4)
                    out.append((int(parts[1]) / 1000, parts[2], parts[3], parts[4] if len(parts) > 4 else ""))
        return sorted(out)

    def report(self):
        a, r = self.a, self.result
        window = None
        if "stop" in self.outage:
            window = (self.outage["stop"], self.outage.get("started", self.t1) + a.grace)
        errors = self.errors()
        inside = [e for e in errors if window and window[0] <= e[0] <= window[1]]
        outside = [e for e in errors if not (window and window[0] <= e[0] <= window[1])]
        socket = sum(r["errors"][k] for k in ("connect", "read", "write", "timeout"))
        # RSS is judged after a warm-up of a third of the run (JIT, caches, the Serial heap growing to its
        # -Xmx): the window right after it against the last window. A leak keeps growing past the
        # warm-up; a bounded heap does not. The first window is shown too.
        span = min(300, a.duration / 6)
        warmup = a.duration / 3
        start = [s for s in self.samples if s["t"] <= self.t0 + span]
        first = [s for s in self.samples if self.t0 + warmup <= s["t"] <= self.t0 + warmup + span]
        last = [s for s in self.samples if self.t1 - span <= s["t"] <= self.t1 + 1]
        def avg(rows, kind, name):
            vals = [s[kind].get(name) for s in rows if s[kind].get(name) is not None]
            return sum(vals) / len(vals) if vals else None
        def bavg(rows, vhost):
            vals = [s["broker_connections"][vhost] for s in rows if s.get("broker_connections")]
            return sum(vals) / len(vals) if vals else None
        rel = lambda t: "%d:%02d" % (int(t - self.t0) // 60, int(t - self.t0) % 60)  # noqa: E731
        L = []
        L.append("Run %s, `bench/soak/run.sh %s`%s. Machine: %s cores, %s; commit `%s`; load average before %s, after %s." % (
            self.started, " ".join(a.argv) or "(defaults)",
            " — **noisy run: the machine was shared with other builds and tests; validation of the harness only**" if a.noisy else "",
            os.cpu_count(), self.meta["cpu"], self.meta["commit"], self.meta["load_before"], " ".join(open("/proc/loadavg").read().split()[:3])))
        L.append("")
        L.append("- Broker: %s on 127.0.0.1:%s (RabbitMQ %s)." % (
            os.environ.get("THRESHOLD_RABBITMQ_NODE") or "the shared node", os.environ.get("THRESHOLD_RABBITMQ_PORT", "5672"),
            self.meta.get("rabbitmq", "?")))
        L.append("- Workload through the gateway (bench/lua/soak.lua), %d connections, one session each (logins and refreshes "
                 "replace it), weights `%s`; %d org admins; each invitation to a new address." % (a.threads, a.mix, a.users))
        L.append("- Maximum: %.0f requests/s over %d s unpaced (%d errors). Soak: %.0f requests/s asked (%.0f %%), %.1f/s answered "
                 "2xx over %d s (%d requests, p50 %.1f ms, p99 %.1f ms)." % (
                     self.max_rate, a.max_seconds, self.max["failed"], self.rate, 100 * self.rate / self.max_rate,
                     r["ok"] / r["seconds"], r["seconds"], r["requests"], r["latency_us"]["p50"] / 1000, r["latency_us"]["p99"] / 1000))
        if window:
            back = self.outage.get("consumers_back")
            L.append("- Broker outage: `rabbitmqctl stop_app` %s into the soak (min:s), `start_app` %.0f s later (at %s); consumers of %s back to %s %s. "
                     "Outage window for errors: stop_app until %d s after start_app." % (
                         rel(self.outage["stop"]), self.outage["started"] - self.outage["stop"], rel(self.outage["started"]),
                         VHOSTS[0], self.outage.get("consumers_before"),
                         ("%.1f s after start_app" % (back - self.outage["started"])) if back else "**not within 180 s**", a.grace))
        else:
            L.append("- No broker outage (--no-outage).")
        verdict = "met" if not outside and socket == 0 else "**missed**"
        L.append("- Errors: %d answered non-2xx in total, %d inside the outage window, **%d outside** (goal: 0, %s); "
                 "socket errors/timeouts (no timestamp, counted as outside): %d. By operation: %s." % (
                     len(errors), len(inside), len(outside), verdict, socket,
                     ", ".join("%s %d" % (k[5:], v) for k, v in sorted(r["counters"].items()) if k.startswith("fail_")) or "none"))
        for e in outside[:5]:
            L.append("  - outside, %s into the soak: %s %s %s" % (rel(e[0]), e[1], e[2], e[3][:120].replace("|", "/")))
        L.append("")
        L.append("Trend after a warm-up of %d s: the %d s after it vs the last %d s of the soak (samples every %d s); "
                 "the first %d s for comparison:" % (warmup, span, span, a.interval, span))
        L.append("")
        L.append("| process | RSS MiB start | RSS MiB after warm-up | RSS MiB last | change | TCP connections after warm-up | last |")
        L.append("|---|---|---|---|---|---|---|")
        flat = True
        for g in self.groups:
            f, l = avg(first, "rss", g.name), avg(last, "rss", g.name)
            tf, tl = avg(first, "tcp", g.name), avg(last, "tcp", g.name)
            change = ""
            if f and l:
                pct = 100 * (l - f) / f
                change = "%+.1f %%" % pct
                if pct > 10 and g.name not in ("greenmail",):
                    flat = False
                    change += " **grows**"
            if tf is not None and tl is not None and tl > max(tf * 1.2, tf + 3) and g.name not in ("greenmail",):
                flat = False
            s0 = avg(start, "rss", g.name)
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (g.name, "%.0f" % s0 if s0 else "-", "%.0f" % f if f else "-", "%.0f" % l if l else "-", change,
                                                          "%.1f" % tf if tf is not None else "-", "%.1f" % tl if tl is not None else "-"))
        for v in VHOSTS:
            bf, bl = bavg(first, v), bavg(last, v)
            L.append("| broker connections, %s | | | | | %s | %s |" % (v, "%.1f" % bf if bf is not None else "-", "%.1f" % bl if bl is not None else "-"))
        L.append("")
        L.append("RSS and connections flat after the warm-up (no service grows by more than 10 %%, no connection count by more than 20 %%): %s." % (
            "met" if flat else "**missed**"))
        stuck, busy = [], []
        for v in VHOSTS:
            for name, ready, consumers in self.final_queues.get(v) or []:
                if ready and not consumers:
                    stuck.append("%s/%s (%d ready)" % (v, name, ready))
                elif ready:
                    busy.append("%s/%s (%d ready, %d consumers)" % (v, name, ready, consumers))
        unreadable = [v for v in VHOSTS if self.final_queues.get(v) is None]
        L.append("Queues %.0f s after the load (`rabbitmqctl list_queues -p <vhost> name messages_ready consumers`): %s%s%s." % (
            self.drained_after,
            "no queue with ready messages and no consumer (met)" if not stuck and not unreadable else
            "**ready messages without consumers: %s**" % ", ".join(stuck) if stuck else "",
            "; still draining: " + ", ".join(busy) if busy else "",
            "; **no answer for %s**" % ", ".join(unreadable) if unreadable else ""))
        L.append("")
        L.append("CPU seconds during the soak: %s." % ", ".join("%s %.0f" % (k, v) for k, v in sorted(self.cpu.items(), key=lambda kv: -kv[1])))
        return "\n".join(L)

    def write(self, text):
        raw = os.path.join(STATE, "bench", "soak-%s.json" % time.strftime("%Y%m%d-%H%M%S"))
        os.makedirs(os.path.dirname(raw), exist_ok=True)
        json.dump({"max": self.max, "result": self.result, "outage": self.outage, "samples": self.samples,
                   "errors": self.errors(), "final_queues": self.final_queues}, open(raw, "w"), indent=1)
        log("raw samples: %s" % os.path.relpath(raw, ROOT))
        if self.a.no_write:
            return
        path = self.a.results
        content = open(path).read()
        block = "%s\n%s\n%s" % (BEGIN, text, END)
        if BEGIN in content and END in content:
            content = content[:content.index(BEGIN)] + block + content[content.index(END) + len(END):]
        else:
            content = content.rstrip("\n") + "\n\n## Soak (bench/soak/run.sh)\n\n" + block + "\n"
        open(path, "w").write(content)
        log("written to %s" % os.path.relpath(path, ROOT))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work", required=True)
    p.add_argument("--duration", type=float, default=1800)
    p.add_argument("--max-seconds", type=float, default=0, help="default: a tenth of the duration, 15-60 s")
    p.add_argument("--rate", type=float, default=0, help="requests/s instead of a fraction of the measured maximum")
    p.add_argument("--fraction", type=float, default=0.7)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--outage", type=float, default=30)
    p.add_argument("--grace", type=float, default=10, help="seconds after start_app still inside the outage window")
    p.add_argument("--drain", type=float, default=60)
    p.add_argument("--interval", type=float, default=10)
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--mix", default="login:5,refresh:20,me:30,users:15,invitations:15,invite:5,devices:10")
    p.add_argument("--no-outage", action="store_true")
    p.add_argument("--noisy", action="store_true")
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--results", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    p.add_argument("--argv", default="")
    a = p.parse_args()
    a.argv = a.argv.split() if a.argv else []
    if not a.max_seconds:
        a.max_seconds = min(60, max(15, a.duration / 10))
    if not a.no_outage and a.outage >= a.duration / 2:
        raise SystemExit("the outage (%d s) must be shorter than half the duration (%d s)" % (a.outage, a.duration))
    install_signal_exit()
    soak = Soak(a)
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    soak.meta = {"cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
                 "commit": head + (" (with uncommitted changes)" if dirty else ""),
                 "load_before": " ".join(open("/proc/loadavg").read().split()[:3])}
    try:
        status = rabbitmqctl("-q", "status", timeout=60)
        m = re.search(r"RabbitMQ version: ([\d.]+)", status) or re.search(r'"RabbitMQ","([\d.]+)"', status)
        soak.meta["rabbitmq"] = m.group(1) if m else "?"
    except Exception:
        pass
    started = time.time()
    try:
        soak.setup()
        soak.measure_max()
        soak.soak()
        text = soak.report()
        print(text)
        soak.write(text)
    finally:
        soak.restore()
    log("soak finished in %.0f s" % (time.time() - started))


if __name__ == "__main__":
    main()
