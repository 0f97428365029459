"""Shared pieces of bench/run.sh and bench/soak/run.sh: HTTP calls to the running system, test
data (an org, invited and accepted users, TOTP devices, an API client), per-process CPU, RSS and
TCP connections from /proc and ss, and wrk runs with the scripts of bench/lua.

Standard library only (Python 3.9+)."""
import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import re
import resource
import signal
import struct
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LUA = os.path.join(ROOT, "bench", "lua")
STATE = os.path.join(ROOT, ".threshold")
REGION = "us-east-1"
IDENTITY = "http://127.0.0.1:8110"
MFA = "http://127.0.0.1:8120"
INVITATION = "http://127.0.0.1:8130"
GATEWAY = "http://127.0.0.1:8080"
MAIL_API = "http://127.0.0.1:8025"
# a password that meets the default policy and shares no word with the bench's emails/names/orgs
PASSWORD = "Quartz-Lantern-8391"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------
class HttpError(Exception):
    def __init__(self, status, body, url):
        super().__init__("%s -> %s %s" % (url, status, body[:300]))
        self.status = status
        self.body = body


def call(url, body=None, headers=None, method=None, form=False, timeout=30, want_headers=False):
    """JSON (or form) request; returns the decoded JSON body (or text), raises HttpError."""
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
        else:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            result = json.loads(text) if text[:1] in "[{" else text
            return (result, response.headers) if want_headers else result
    except urllib.error.HTTPError as e:
        raise HttpError(e.code, e.read().decode(errors="replace"), url) from None


def wait_http(url, timeout, what, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("%s exited with %s" % (what, proc.returncode))
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(1)
    raise RuntimeError("%s not ready after %d s (%s)" % (what, timeout, url))


def operator_token():
    return os.environ.get("THRESHOLD_OPERATOR_TOKEN") or open(os.path.join(STATE, "secrets", "operator-token")).read().strip()


# ---------------------------------------------------------------------------------------------
# TOTP (RFC 6238: SHA-1, 6 digits, 30 s)
# ---------------------------------------------------------------------------------------------
def totp(secret_b32, step):
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (value % 1000000)


def current_step():
    return int(time.time() // 30)


# ---------------------------------------------------------------------------------------------
# Test data in the running system (us-east-1, services called directly)
# ---------------------------------------------------------------------------------------------
def invitation_token(email, timeout=180):
    """The token of the newest invitation email to EMAIL in GreenMail."""
    deadline = time.time() + timeout
    url = "%s/api/user/%s/messages/INBOX" % (MAIL_API, urllib.parse.quote(email))
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                inbox = r.read().decode()
            found = re.findall(r"invite\?token=([A-Za-z0-9_-]+)", inbox.replace("=\r\n", "").replace("=\n", "").replace("=3D", "="))
            if found:
                return found[-1]
        except Exception:
            pass
        time.sleep(0.5)
    raise RuntimeError("no invitation email for %s after %d s" % (email, timeout))


class Org:
    """An org with its first admin; users are invited in bulk and accept with PASSWORD."""

    def __init__(self, prefix):
        self.run = "%s%s" % (time.strftime("%H%M%S"), os.urandom(2).hex())
        self.name = "%s-%s" % (prefix, self.run)
        self.admin_email = "admin-%s@%s.test" % (self.run, prefix)
        created = call(IDENTITY + "/api/v2/orgs", {"name": self.name, "adminEmail": self.admin_email,
                                                   "adminName": "Admin", "locale": "en"},
                       {"Authorization": "Bearer " + operator_token()})
        self.id = created["id"]
        admin = call(IDENTITY + "/api/v2/auth/invitations/accept",
                     {"token": invitation_token(self.admin_email), "password": PASSWORD, "cookie": False})
        self.admin_access = admin["accessToken"]
        self.admin_refresh = admin["refreshToken"]

    def admin_token(self):
        """A fresh admin access token (they live 5 minutes)."""
        result = call(IDENTITY + "/api/v2/auth/refresh", {"refreshToken": self.admin_refresh})
        self.admin_refresh = result["refreshToken"]
        self.admin_access = result["accessToken"]
        return self.admin_access

    def email(self, kind, i):
        return "%s%04d-%s@%s.test" % (kind, i, self.run, self.name.split("-")[0])

    def invite(self, emails, roles=("user",)):
        for start in range(0, len(emails), 1000):
            chunk = emails[start:start + 1000]
            result = call(INVITATION + "/api/v2/invitations/bulk",
                          {"invitations": [{"email": e, "name": "Person %d" % (start + i), "roles": list(roles), "locale": "en"}
                                           for i, e in enumerate(chunk)]},
                          {"Authorization": "Bearer " + self.admin_token()}, timeout=120)
            bad = [r for r in result["results"] if r["status"] != 201]
            if bad:
                raise RuntimeError("bulk invitation refused %d rows, e.g. %s" % (len(bad), bad[0]))

    def accept(self, emails, workers=4, totp_for=()):
        """Accepts the invitations (reading each link from the mail sink); email -> login result.
        Users in totp_for also enroll a TOTP device at once (while their access token is fresh):
        their entry is then (login result, (secret, step used))."""
        totp_for = set(totp_for)

        def one(email):
            result = call(IDENTITY + "/api/v2/auth/invitations/accept",
                          {"token": invitation_token(email), "password": PASSWORD, "cookie": False}, timeout=60)
            if email in totp_for:
                return email, (result, enroll_totp(result["accessToken"]))
            return email, result
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            return dict(pool.map(one, emails))

    def api_client(self):
        client = call(IDENTITY + "/api/v2/oauth/clients", {"name": "bench-" + self.run, "roles": ["admin"]},
                      {"Authorization": "Bearer " + self.admin_token()})
        return client["clientId"], client["clientSecret"]


def enroll_totp(access_token):
    """Enrolls and validates a TOTP device in My Account; returns (secret, step used)."""
    auth = {"Authorization": "Bearer " + access_token}
    enrollment = call(MFA + "/api/v2/mfa/enrollments", {"name": "bench"}, auth)
    for attempt in range(3):
        step = current_step()
        if time.time() % 30 > 28:  # too close to the next step: wait for it
            time.sleep(2.5)
            continue
        try:
            call(MFA + "/api/v2/mfa/enrollments/%s/validate" % enrollment["id"], {"code": totp(enrollment["secret"], step)}, auth)
            return enrollment["secret"], step
        except HttpError as e:
            if e.status != 400 or attempt == 2:
                raise
            time.sleep(1)
    raise RuntimeError("TOTP validation kept failing")


def login(email, cookie=False, base=IDENTITY, region=None):
    """A password login; returns (result, refresh token or cookie value)."""
    headers = {"X-Region": region} if region else {}
    result, hdrs = call(base + "/api/v2/auth/login", {"email": email, "password": PASSWORD, "cookie": cookie},
                        headers, want_headers=True)
    if cookie:
        cookies = hdrs.get_all("Set-Cookie") or []
        value = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("threshold_refresh_"))
        return result, value
    return result, result["refreshToken"]


def parallel(fn, items, workers=4):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


# ---------------------------------------------------------------------------------------------
# Processes: CPU seconds, RSS, TCP connections
# ---------------------------------------------------------------------------------------------
def _stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    return data[data.rindex(")") + 2:].split()


def children_of(pids):
    """Direct children of the given pids."""
    wanted, out = set(pids), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(_stat(int(entry))[1]) in wanted:
                    out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


class Group:
    """A named set of processes: root pids, optionally with their children (nginx workers,
    Postgres backends). CPU counts the children a root has already reaped (cutime/cstime)."""

    def __init__(self, name, pids, with_children=False, rss=True):
        self.name, self.roots, self.with_children, self.rss = name, [p for p in pids if p], with_children, rss

    def pids(self):
        alive = [p for p in self.roots if os.path.isdir("/proc/%d" % p)]
        return alive + (children_of(alive) if self.with_children else [])

    def cpu(self):
        total = 0
        for pid in self.pids():
            try:
                f = _stat(pid)
            except OSError:
                continue
            total += int(f[11]) + int(f[12])
            if pid in self.roots:
                total += int(f[13]) + int(f[14])
        return total / CLK_TCK

    def rss_mib(self):
        total = 0
        for pid in self.pids():
            try:
                with open("/proc/%d/status" % pid) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                pass
        return total / 1024


def pid_file(name):
    try:
        pid = int(open(os.path.join(STATE, "run", name + ".pid")).read().strip())
        return pid if os.path.isdir("/proc/%d" % pid) else None
    except (OSError, ValueError):
        return None


def port_owner(port):
    out = subprocess.run(["ss", "-ltnpH", "sport = :%d" % port], capture_output=True, text=True).stdout
    m = re.search(r"pid=(\d+)", out)
    return int(m.group(1)) if m else None


def postmaster_pid():
    for path in sorted(os.listdir("/var/run/postgresql")) if os.path.isdir("/var/run/postgresql") else []:
        if path.endswith(".pid"):
            try:
                return int(open(os.path.join("/var/run/postgresql", path)).readline())
            except (OSError, ValueError):
                pass
    pid = port_owner(5432)
    # the listener may be a backend's parent anyway: the postmaster owns the listening socket
    return pid


def tcp_connections():
    """pid -> established TCP connections (ss -tanpH)."""
    out = subprocess.run(["ss", "-tanpH", "state", "established"], capture_output=True, text=True).stdout
    counts = {}
    for line in out.splitlines():
        for pid in set(re.findall(r"pid=(\d+)", line)):
            counts[int(pid)] = counts.get(int(pid), 0) + 1
    return counts


class Sampler(threading.Thread):
    """Peak RSS of each group while running (every `interval` seconds)."""

    def __init__(self, groups, interval=0.25):
        super().__init__(daemon=True)
        self.groups, self.interval = [g for g in groups if g.rss], interval
        self.peak = {g.name: 0.0 for g in self.groups}
        self.stopped = threading.Event()

    def sample(self):
        for g in self.groups:
            self.peak[g.name] = max(self.peak[g.name], g.rss_mib())

    def run(self):
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(self.interval)

    def stop(self):
        self.stopped.set()
        self.join()
        self.sample()
        return self.peak


# ---------------------------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------------------------
class Wrk:
    """Runs wrk with a script of bench/lua; its pid is written to PID_DIR/wrk.pid while it runs
    (the shell's trap stops it when the harness dies)."""

    def __init__(self, work_dir, pid_dir):
        self.work_dir, self.pid_dir = work_dir, pid_dir
        self.count = 0

    def run(self, url, script, threads, connections, seconds, env=None, timeout_s=10):
        self.count += 1
        out = os.path.join(self.work_dir, "wrk-%03d.json" % self.count)
        environment = dict(os.environ, BENCH_LUA=LUA, BENCH_OUT=out, BENCH_THREADS=str(threads), **(env or {}))
        cmd = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % max(1, round(seconds)),
               "--timeout", "%ds" % timeout_s, "-s", os.path.join(LUA, script), url]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.Popen(cmd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        pid_path = os.path.join(self.pid_dir, "wrk.pid")
        with open(pid_path, "w") as f:
            f.write(str(proc.pid))
        try:
            output, _ = proc.communicate(timeout=seconds + 60)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            os.unlink(pid_path)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0 or not os.path.exists(out):
            raise RuntimeError("wrk failed (%s): %s" % (proc.returncode, output[-2000:]))
        result = json.load(open(out))
        result["wrk_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        result["seconds"] = result["duration_us"] / 1e6
        result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0
        return result


def write_lines(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def install_signal_exit():
    """SIGTERM/SIGHUP raise SystemExit so `finally` blocks run (the shell's trap sends them)."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, handler)
