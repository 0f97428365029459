"""bench/run.sh's harness: Threshold (us-east-1 of ./threshold up), nginx in front of
identity-service and Keycloak, side by side, with wrk; writes one table into bench/RESULTS.md.
Called by bench/run.sh after ./threshold up (see there for the options)."""
import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from benchlib import (GATEWAY, IDENTITY, PASSWORD, REGION, ROOT, STATE, Group, HttpError, Org, Sampler, Wrk,  # noqa: E402
                      call, current_step, install_signal_exit, log, login, parallel, pid_file,
                      postmaster_pid, totp, write_lines)

BEGIN = "<!-- bench:run.sh begin -->"
END = "<!-- bench:run.sh end -->"
KC_REALM = "bench"
KC_CLIENT = "bench"


def sh(*cmd, check=True):
    return subprocess.run(cmd, capture_output=True, text=True, check=check).stdout.strip()


def psql(db, sql):
    for cmd in (["psql", "-h", "127.0.0.1", "-U", "postgres", "-w", "-d", db, "-Atqc", sql],
                ["runuser", "-u", "postgres", "--", "psql", "-d", db, "-Atqc", sql]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.strip()
    raise RuntimeError("psql failed: %s" % sql)


def java_version(exe):
    out = subprocess.run([exe, "-version"], capture_output=True, text=True).stderr
    first = out.splitlines()[0] if out else "?"
    runtime = next((l for l in out.splitlines() if "Runtime Environment" in l), "")
    m = re.search(r"\(build ([^)]+)\)", runtime)
    return "%s%s" % (first.replace('"', ""), (" (build %s)" % m.group(1)) if m else "")


def argon2_params(phc):
    m = re.search(r"m=(\d+),t=(\d+),p=(\d+)", phc or "")
    return tuple(int(x) for x in m.groups()) if m else None


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = a.work
        self.pids = os.path.join(a.work, "pids")
        os.makedirs(self.pids, exist_ok=True)
        self.wrk = Wrk(a.work, self.pids)
        self.results = {}
        self.meta = {"started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        self.kc_url = "http://127.0.0.1:%d" % a.keycloak_port
        self.nginx_url = "http://127.0.0.1:%d" % a.nginx_port
        self.kc_secret = secrets.token_urlsafe(24)

    # -----------------------------------------------------------------------------------------
    # set-up
    # -----------------------------------------------------------------------------------------
    def groups(self):
        g = [Group("identity", [pid_file("identity-us-east-1")]),
             Group("mfa", [pid_file("mfa-us-east-1")]),
             Group("invitation", [pid_file("invitation-us-east-1")]),
             Group("gateway", [pid_file("gateway")]),
             Group("nginx", [self.nginx_pid], with_children=True),
             Group("postgres", [postmaster_pid()], with_children=True, rss=False)]
        if self.kc_pid:
            g.append(Group("keycloak", [self.kc_pid]))
        return g

    def setup(self):
        a = self.a
        self.nginx_pid = None
        self.kc_pid = None
        self.machine()
        idle = {g.name: g.rss_mib() for g in self.groups() if g.name in ("identity", "mfa", "invitation", "gateway")}
        log("idle RSS before the bench (MiB): %s" % ", ".join("%s %.0f" % kv for kv in idle.items()))
        self.idle_rss = idle

        log("Threshold: org, %d password users, %d TOTP users, an API client" % (a.users, a.mfa_users))
        self.org = Org("perf")
        self.users = [self.org.email("u", i) for i in range(a.users)]
        self.mfa_users = [self.org.email("m", i) for i in range(a.mfa_users)]

        kc_proc = None
        if not a.no_keycloak:
            realm = self.realm_json()
            log("Keycloak: starting (database bench_keycloak, realm %s with the same %d users)" % (KC_REALM, a.users))
            kc_proc = subprocess.Popen([os.path.join(ROOT, "bench/keycloak/run.sh"), "start", os.path.join(self.work, "keycloak"),
                                        realm, str(a.keycloak_port)], stdout=subprocess.PIPE, text=True,
                                       env=dict(os.environ, KEYCLOAK_ARGON2_MEMORY_KIB=str(self.cost[0]),
                                                KEYCLOAK_ARGON2_ITERATIONS=str(self.cost[1]),
                                                KEYCLOAK_ARGON2_PARALLELISM=str(self.cost[2])))
        self.kc_proc = kc_proc
        self.nginx_pid = int(sh(os.path.join(ROOT, "bench/nginx/run.sh"), "start", os.path.join(self.work, "nginx"),
                                str(a.nginx_port), "127.0.0.1:8110"))
        log("nginx: pid %d on :%d -> identity-service :8110" % (self.nginx_pid, a.nginx_port))

        t0 = time.time()
        self.org.invite(self.users + self.mfa_users)
        accepted = self.org.accept(self.users + self.mfa_users, totp_for=self.mfa_users)
        self.totp = {e: accepted[e][1] for e in self.mfa_users}
        self.client_id, self.client_secret = self.org.api_client()
        log("Threshold data ready in %.0f s" % (time.time() - t0))
        stored = psql("threshold_us_east_1", "select password_hash from identity.app_user where email = '%s'" % self.users[0])
        self.meta["threshold_argon2"] = argon2_params(stored)

        if kc_proc:
            out, _ = kc_proc.communicate()
            if kc_proc.returncode != 0 or not out.strip():
                # the Threshold and nginx columns are still worth having
                log("Keycloak did NOT start (log: .threshold/bench/keycloak.log): its scenarios are skipped")
                self.meta["keycloak_error"] = "Keycloak did not start (see .threshold/bench/keycloak.log)"
                kc_proc = None
        if kc_proc:
            self.kc_pid = int(out.strip().splitlines()[-1])
            cred = json.loads(psql("bench_keycloak", "select credential_data from credential where type = 'password' limit 1"))
            extra = cred.get("additionalParameters", {})
            self.meta["keycloak_argon2"] = (int(extra.get("memory", ["0"])[0]), int(cred.get("hashIterations", 0)),
                                            int(extra.get("parallelism", ["0"])[0]))
            self.meta["keycloak_java"] = java_version(os.readlink("/proc/%d/exe" % self.kc_pid))
            log("Keycloak: pid %d, stored hashes argon2 m=%d t=%d p=%d" % ((self.kc_pid,) + self.meta["keycloak_argon2"]))
            time.sleep(3)
        if self.meta.get("keycloak_argon2") and self.meta["keycloak_argon2"] != self.meta["threshold_argon2"]:
            raise RuntimeError("Argon2 cost differs: Threshold %s, Keycloak %s" % (self.meta["threshold_argon2"], self.meta["keycloak_argon2"]))
        for g in self.groups():
            if g.name in ("nginx", "keycloak"):
                self.idle_rss[g.name] = g.rss_mib()
        self.ceilings()

    def realm_json(self):
        # the cost identity-service hashes with: its defaults (PasswordConfig) unless overridden
        src = open(os.path.join(ROOT, "identity-service/src/main/java/dev/threshold/identity/password/PasswordConfig.java")).read()
        defaults = [int(x) for x in re.findall(r'@WithDefault\("(\d+)"\)\s+int (?:memoryKib|iterations|parallelism)', src)]
        props = open(os.path.join(ROOT, "identity-service/src/main/resources/application.properties")).read()
        for i, key in enumerate(("memory-kib", "iterations", "parallelism")):
            m = re.search(r"^threshold\.password\.argon2\.%s\s*=\s*(\d+)" % key, props, re.M)
            env = os.environ.get("THRESHOLD_PASSWORD_ARGON2_" + key.replace("-", "_").upper())
            if env or m:
                defaults[i] = int(env or m.group(1))
        self.cost = tuple(defaults)
        realm = {
            "realm": KC_REALM, "enabled": True, "sslRequired": "none",
            "accessTokenLifespan": 300,
            # rotation like Threshold's refresh tokens: each refresh token is good once
            "revokeRefreshToken": True, "refreshTokenMaxReuse": 0,
            "passwordPolicy": "hashAlgorithm(argon2)", "bruteForceProtected": False,
            "clients": [{"clientId": KC_CLIENT, "enabled": True, "publicClient": False, "secret": self.kc_secret,
                         "clientAuthenticatorType": "client-secret", "protocol": "openid-connect",
                         "directAccessGrantsEnabled": True, "serviceAccountsEnabled": True,
                         "standardFlowEnabled": False}],
            "users": [{"username": e, "email": e, "emailVerified": True, "enabled": True,
                       "firstName": "Person", "lastName": "N%d" % i,
                       "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}]}
                      for i, e in enumerate(self.users)],
        }
        path = os.path.join(self.work, "realm-bench.json")
        json.dump(realm, open(path, "w"))
        return path

    def machine(self):
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
        identity = pid_file("identity-us-east-1")
        head = sh("git", "-C", ROOT, "rev-parse", "--short", "HEAD")
        dirty = sh("git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no")
        self.meta.update({
            "nproc": os.cpu_count(), "cpu": cpu, "mem_gib": round(mem / 1024 / 1024),
            "kernel": platform.release(),
            "commit": head + (" (with uncommitted changes)" if dirty else ""),
            "services_java": java_version(os.readlink("/proc/%d/exe" % identity)) if identity else "?",
            "services_java_opts": " ".join(a for a in open("/proc/%d/cmdline" % identity).read().split("\0")
                                           if a.startswith("-X") and not a.startswith(("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-Xlog"))
                                           ) if identity else "?",
            "wrk": " ".join(subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]),
            "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip(),
            "postgres": psql("postgres", "show server_version"),
            "load_before": open("/proc/loadavg").read().split()[:3],
        })

    def ceilings(self):
        """ES256 signatures/s and raw Argon2id hashes/s on this machine, all cores, services' JDK."""
        identity = pid_file("identity-us-east-1")
        java = os.readlink("/proc/%d/exe" % identity)
        m, t, p = self.meta["threshold_argon2"] or self.cost
        seconds = "2" if self.a.quick else "4"
        log("ceilings: ES256 signing and raw Argon2id (m=%d t=%d p=%d) on %d threads, %s s each" % (m, t, p, os.cpu_count(), seconds))
        out = subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp",
                              os.path.join(ROOT, "identity-service/target/quarkus-app/lib/main/*"),
                              os.path.join(ROOT, "bench/lib/Ceilings.java"), seconds, str(m), str(t), str(p)],
                             capture_output=True, text=True)
        self.ceiling = {}
        for line in out.stdout.splitlines():
            k, v = line.split()
            self.ceiling[k] = float(v)
        if "argon2_native" not in self.ceiling:
            log("ceilings failed: %s" % out.stderr[-500:])
        log("ceilings: %s" % self.ceiling)

    # -----------------------------------------------------------------------------------------
    # scenarios
    # -----------------------------------------------------------------------------------------
    def threshold_token(self):
        result, _ = login(self.users[int(time.time()) % len(self.users)])
        return result["accessToken"]

    def kc_grant(self, email):
        return call("%s/realms/%s/protocol/openid-connect/token" % (self.kc_url, KC_REALM),
                    {"grant_type": "password", "scope": "openid", "client_id": KC_CLIENT, "client_secret": self.kc_secret,
                     "username": email, "password": PASSWORD}, form=True)

    def sessions(self, n, cookie=False):
        picks = [self.users[(i * 37 + int(time.time())) % len(self.users)] for i in range(n)]
        return [v for _, v in parallel(lambda e: login(e, cookie=cookie), picks)]

    def totp_file(self, users, name):
        now = current_step()
        horizon = int((self.a.warmup + self.a.duration) // 30) + 3
        lines = []
        for e in users:
            secret, used = self.totp[e]
            self.totp_next = getattr(self, "totp_next", {})
            first = max(used + 1, now, self.totp_next.get(e, 0))
            lines.append("%s\t%d\t%s" % (e, first, ",".join(totp(secret, s) for s in range(first, first + horizon))))
            self.totp_next[e] = first + horizon  # never reuse a step in a later run
        return write_lines(os.path.join(self.work, name), lines)

    def scenario(self, key, title, target, url, script, threads, conns, env=None, prepare=None, kind="requests"):
        """warm-up, then the measured run with CPU and peak RSS per process."""
        a = self.a
        if key not in a.only_keys():
            return
        log("%s (%s, %d connections)" % (title, target, conns))
        try:
            if a.warmup > 0:
                self.wrk.run(url, script, threads, conns, a.warmup, (prepare("warmup") if prepare else {}) | (env or {}))
            run_env = (prepare("run") if prepare else {}) | (env or {})
            groups = self.groups()
            sampler = Sampler(groups)
            sampler.start()
            cpu0 = {g.name: g.cpu() for g in groups}
            load0 = open("/proc/loadavg").read().split()[0]
            r = self.wrk.run(url, script, threads, conns, a.duration, run_env)
            cpu = {g.name: g.cpu() - cpu0[g.name] for g in groups}
            cpu["wrk"] = r["wrk_cpu_s"]
            r["peak_rss"] = sampler.stop()
            r["cpu"] = cpu
            r["load"] = (load0, open("/proc/loadavg").read().split()[0])
        except Exception as e:  # one broken scenario must not lose the others
            log("  FAILED: %s" % e)
            r = {"failed_run": str(e)[:300]}
        r.update(title=title, target=target, conns=conns, kind=kind)
        if kind == "chains" and "requests" in r:
            r["per_s"] = r["ok"] / r["seconds"]
            r["p50_ms"], r["p99_ms"] = r["chain_ms"]["p50"], r["chain_ms"]["p99"]
            r["wrk_errors"] = r["errors"]
            r["errors"] = r["failed"] + sum(r["errors"][k] for k in ("connect", "read", "write", "timeout"))
        elif "requests" in r:
            r["per_s"] = r["rps"]
            r["p50_ms"], r["p99_ms"] = r["latency_us"]["p50"] / 1000, r["latency_us"]["p99"] / 1000
            socket = sum(r["errors"][k] for k in ("connect", "read", "write", "timeout"))
            # status: wrk's count of answers >= 400; failed: scripts that check the body too
            r["wrk_errors"] = r["errors"]
            r["errors"] = socket + max(r["errors"]["status"], r.get("failed", 0))
        if "requests" in r:
            detail = ["%s ×%d" % (k, v) for k, v in sorted(r.get("status", {}).items()) if not k.startswith("2")]
            detail += ["%s ×%d" % (k, v) for k, v in r.get("wrk_errors", r["errors"] if isinstance(r["errors"], dict) else {}).items()
                       if k != "status" and v]
            if not r.get("status") and r.get("wrk_errors", {}).get("status"):
                detail.insert(0, "HTTP ≥ 400 ×%d" % r["wrk_errors"]["status"])
            r["error_detail"] = ", ".join(detail)
        if "per_s" in r:
            log("  %.0f/s  p50 %.2f ms  p99 %.2f ms  errors %d  %s" % (r["per_s"], r["p50_ms"], r["p99_ms"], r["errors"],
                ", ".join("%s %.1fs" % (k, v) for k, v in r["cpu"].items() if v >= 0.05)))
        self.results[key] = r

    def run_all(self):
        a = self.a
        me = "/api/v2/users/me"
        jwks = "/.well-known/jwks.json"
        tok = lambda: {"BENCH_AUTH": "Bearer " + self.threshold_token(), "BENCH_COUNT_STATUS": "1"}  # noqa: E731
        # unauthenticated GET, one connection: the latency a proxy adds
        self.scenario("jwks-direct-1", "GET jwks.json, 1 connection", "identity direct", IDENTITY + jwks, "get.lua", 1, 1)
        self.scenario("jwks-gateway-1", "GET jwks.json, 1 connection", "gateway", GATEWAY + jwks, "get.lua", 1, 1, {"BENCH_REGION": REGION})
        self.scenario("jwks-nginx-1", "GET jwks.json, 1 connection", "nginx", self.nginx_url + jwks, "get.lua", 1, 1)
        # unauthenticated GET, throughput
        self.scenario("jwks-direct", "GET jwks.json", "identity direct", IDENTITY + jwks, "get.lua", 2, 16)
        self.scenario("jwks-gateway", "GET jwks.json", "gateway", GATEWAY + jwks, "get.lua", 2, 16, {"BENCH_REGION": REGION})
        self.scenario("jwks-nginx", "GET jwks.json", "nginx", self.nginx_url + jwks, "get.lua", 2, 16)
        # authenticated GET
        self.scenario("me-direct", "GET /users/me (bearer)", "identity direct", IDENTITY + me, "get.lua", 2, 16, prepare=lambda _: tok())
        self.scenario("me-gateway", "GET /users/me (bearer)", "gateway", GATEWAY + me, "get.lua", 2, 16, prepare=lambda _: tok())
        self.scenario("me-nginx", "GET /users/me (bearer)", "nginx", self.nginx_url + me, "get.lua", 2, 16, prepare=lambda _: tok())
        if self.kc_pid:
            self.scenario("kc-userinfo", "GET userinfo (bearer)", "Keycloak",
                          "%s/realms/%s/protocol/openid-connect/userinfo" % (self.kc_url, KC_REALM), "get.lua", 2, 16,
                          prepare=lambda _: {"BENCH_AUTH": "Bearer " + self.kc_grant(self.users[0])["access_token"], "BENCH_COUNT_STATUS": "1"})
        # client-credentials grant
        basic = "Basic " + __import__("base64").b64encode(("%s:%s" % (self.client_id, self.client_secret)).encode()).decode()
        cc = {"BENCH_METHOD": "POST", "BENCH_BODY": "grant_type=client_credentials",
              "BENCH_CTYPE": "application/x-www-form-urlencoded", "BENCH_COUNT_STATUS": "1"}
        self.scenario("cc-direct", "client-credentials grant", "identity direct", IDENTITY + "/oauth/token", "get.lua", 2, 16,
                      dict(cc, BENCH_AUTH=basic))
        self.scenario("cc-gateway", "client-credentials grant", "gateway", GATEWAY + "/oauth/token", "get.lua", 2, 16,
                      dict(cc, BENCH_AUTH=basic, BENCH_REGION=REGION))
        if self.kc_pid:
            kc_basic = "Basic " + __import__("base64").b64encode(("%s:%s" % (KC_CLIENT, self.kc_secret)).encode()).decode()
            self.scenario("kc-cc", "client-credentials grant", "Keycloak",
                          "%s/realms/%s/protocol/openid-connect/token" % (self.kc_url, KC_REALM), "get.lua", 2, 16,
                          dict(cc, BENCH_AUTH=kc_basic))
        # refresh grants: 8 sessions chaining their rotated tokens, plus 8 spares
        def refresh_tokens(cookie):
            def prepare(phase):
                return {"BENCH_TOKENS": write_lines(os.path.join(self.work, "tokens-%s-%s.txt" % (cookie, phase)),
                                                    self.sessions(16, cookie=cookie))}
            return prepare
        self.scenario("refresh-body", "refresh grant (token in the body)", "identity direct", IDENTITY + "/api/v2/auth/refresh",
                      "refresh.lua", 2, 8, {"BENCH_MODE": "body"}, prepare=refresh_tokens(False))
        self.scenario("refresh-cookie", "refresh grant (cookie)", "identity direct", IDENTITY + "/api/v2/auth/refresh",
                      "refresh.lua", 2, 8, {"BENCH_MODE": "cookie", "BENCH_COOKIE": "threshold_refresh_" + REGION},
                      prepare=refresh_tokens(True))
        if self.kc_pid:
            def kc_tokens(phase):
                picks = [self.users[(i * 37) % len(self.users)] for i in range(16)]
                return {"BENCH_TOKENS": write_lines(os.path.join(self.work, "kc-tokens-%s.txt" % phase),
                                                    [r["refresh_token"] for r in parallel(self.kc_grant, picks)])}
            self.scenario("kc-refresh", "refresh grant", "Keycloak",
                          "%s/realms/%s/protocol/openid-connect/token" % (self.kc_url, KC_REALM), "refresh.lua", 2, 8,
                          {"BENCH_MODE": "keycloak", "BENCH_CLIENT_ID": KC_CLIENT, "BENCH_CLIENT_SECRET": self.kc_secret},
                          prepare=kc_tokens)
        # password logins, over the N users, 4 in flight
        users_file = write_lines(os.path.join(self.work, "users.txt"), self.users)
        login_env = {"BENCH_USERS": users_file, "BENCH_PASSWORD": PASSWORD, "BENCH_MODE": "threshold"}
        self.scenario("login-direct", "password login", "identity direct", IDENTITY + "/api/v2/auth/login", "login.lua", 2, 4, login_env)
        self.scenario("login-gateway", "password login", "gateway", GATEWAY + "/api/v2/auth/login", "login.lua", 2, 4,
                      dict(login_env, BENCH_REGION=REGION))
        # password + TOTP: warm-up and run on separate users (each TOTP step is good once)
        split = max(4, int(len(self.mfa_users) * a.warmup / (a.warmup + a.duration))) if a.warmup > 0 else 0
        self.scenario("login-totp", "password + TOTP login (3 requests)", "gateway", GATEWAY, "login_totp.lua", 4, 4,
                      {"BENCH_PASSWORD": PASSWORD, "BENCH_REGION": REGION},
                      prepare=lambda phase: {"BENCH_TOTP": self.totp_file(self.mfa_users[:split] if phase == "warmup"
                                                                          else self.mfa_users[split:], "totp-%s.txt" % phase)},
                      kind="chains")
        if self.kc_pid:
            self.scenario("kc-login", "password grant", "Keycloak",
                          "%s/realms/%s/protocol/openid-connect/token" % (self.kc_url, KC_REALM), "login.lua", 2, 4,
                          dict(login_env, BENCH_MODE="keycloak", BENCH_CLIENT_ID=KC_CLIENT, BENCH_CLIENT_SECRET=self.kc_secret))
        self.meta["load_after"] = open("/proc/loadavg").read().split()[:3]

    # -----------------------------------------------------------------------------------------
    # report
    # -----------------------------------------------------------------------------------------
    def report(self):
        a, R, meta = self.a, self.results, self.meta
        def rate(k):
            return R.get(k, {}).get("per_s")
        def ratio(k1, k2):
            x, y = rate(k1), rate(k2)
            return x / y if x and y else None
        def fmt_ratio(v, label):
            return "%.2f × %s" % (v, label) if v is not None else None
        def p50(k):
            return R.get(k, {}).get("p50_ms")

        sign = self.ceiling.get("es256_sign")
        argon = self.ceiling.get("argon2_native")
        argon_bc = self.ceiling.get("argon2_bouncycastle")
        notes = {
            "jwks-gateway-1": ("p50 %+.2f ms vs direct" % (p50("jwks-gateway-1") - p50("jwks-direct-1"))) if p50("jwks-gateway-1") and p50("jwks-direct-1") else None,
            "jwks-nginx-1": ("p50 %+.2f ms vs direct" % (p50("jwks-nginx-1") - p50("jwks-direct-1"))) if p50("jwks-nginx-1") and p50("jwks-direct-1") else None,
            "jwks-gateway": fmt_ratio(ratio("jwks-gateway", "jwks-nginx"), "nginx"),
            "jwks-nginx": fmt_ratio(ratio("jwks-nginx", "jwks-direct"), "direct"),
            "me-direct": "; ".join(x for x in (fmt_ratio(ratio("me-direct", "jwks-direct"), "unauthenticated GET"),
                                               fmt_ratio(ratio("me-direct", "kc-userinfo"), "Keycloak")) if x),
            "me-gateway": "; ".join(x for x in (fmt_ratio(ratio("me-gateway", "me-nginx"), "nginx"),
                                                fmt_ratio(ratio("me-gateway", "kc-userinfo"), "Keycloak")) if x),
            "me-nginx": fmt_ratio(ratio("me-nginx", "me-direct"), "direct"),
            "cc-direct": "; ".join(x for x in (fmt_ratio(ratio("cc-direct", "kc-cc"), "Keycloak"),
                                               fmt_ratio(rate("cc-direct") / sign, "ES256 signing ceiling") if rate("cc-direct") and sign else None) if x),
            "cc-gateway": fmt_ratio(ratio("cc-gateway", "cc-direct"), "direct"),
            "refresh-body": "; ".join(x for x in (fmt_ratio(ratio("refresh-body", "kc-refresh"), "Keycloak"),
                                                  fmt_ratio(rate("refresh-body") / sign, "ES256 signing ceiling") if rate("refresh-body") and sign else None) if x),
            "refresh-cookie": fmt_ratio(ratio("refresh-cookie", "refresh-body"), "body"),
            "login-direct": "; ".join(x for x in (fmt_ratio(ratio("login-direct", "kc-login"), "Keycloak"),
                                                  fmt_ratio(rate("login-direct") / argon, "raw Argon2id") if rate("login-direct") and argon else None) if x),
            "login-gateway": fmt_ratio(ratio("login-gateway", "login-direct"), "direct"),
            "login-totp": "; ".join(x for x in (
                fmt_ratio(ratio("login-totp", "login-gateway"), "password-only login"),
                ("threads waited %.1f s in total for unused TOTP steps (more --mfa-users)" % (R["login-totp"]["counters"]["stall_ms"] / 1000))
                if R.get("login-totp", {}).get("counters", {}).get("stall_ms") else None) if x),
            "kc-login": fmt_ratio(rate("kc-login") / argon_bc, "raw Argon2id (Bouncy Castle)") if rate("kc-login") and argon_bc else None,
        }
        short = {"identity": "identity", "mfa": "mfa", "invitation": "invitation", "gateway": "gateway", "nginx": "nginx",
                 "keycloak": "keycloak", "postgres": "pg", "wrk": "wrk"}
        lines = []
        lines.append("Run %s, `bench/run.sh %s`%s. Machine: %s cores (`nproc`), %s, %s GiB RAM, Linux %s; load average "
                     "before %s, after %s. Commit `%s`." % (
                         meta["started"], " ".join(a.argv) or "(defaults)",
                         " — **noisy run: the machine was shared with other builds and tests**" if a.noisy else "",
                         meta["nproc"], meta["cpu"], meta["mem_gib"], meta["kernel"], " ".join(meta["load_before"]),
                         " ".join(meta.get("load_after", ["?"])), meta["commit"]))
        lines.append("")
        lines.append("- Threshold services and gateway: %s, `%s`. Keycloak 26.7 (%s): %s, its own defaults for the JVM "
                     "(`kc.sh`: `-Xms64m -Xmx512m`, G1), production mode, Postgres database `bench_keycloak` (pool of at most 20 connections), `--cache=local`. "
                     "%s. %s. wrk %s; %s s warm-up, then %s s measured per scenario." % (
                         meta["services_java"], meta["services_java_opts"], self.kc_version(),
                         meta.get("keycloak_java", meta.get("keycloak_error", "not run")), meta["nginx"] + " (1 worker, keepalive 64, bench/nginx)",
                         "Postgres " + meta["postgres"], meta["wrk"], a.warmup, a.duration))
        ta, ka = meta.get("threshold_argon2"), meta.get("keycloak_argon2")
        lines.append("- Argon2id as stored: Threshold m=%s KiB, t=%s, p=%s (native libargon2); Keycloak m=%s KiB, t=%s, p=%s "
                     "(Bouncy Castle). Same %d users in both (the N password users), password logins go over all of them. "
                     "Ceilings measured before the load, %d threads on the services' JDK: ES256 %s signatures/s, "
                     "Argon2id %s hashes/s native, %s hashes/s Bouncy Castle." % (
                         *(ta or ("?",) * 3), *(ka or ("?",) * 3), len(self.users), meta["nproc"],
                         "%.0f" % sign if sign else "?", "%.1f" % argon if argon else "?", "%.1f" % argon_bc if argon_bc else "?"))
        lines.append("- Per second: requests/s (TOTP login: completed logins/s, each 3 requests; its p50/p99 are whole logins). "
                     "Errors: non-2xx answers and socket errors (by status where the script counts them: all but the jwks.json runs, which leave wrk's response parsing off). CPU: seconds of CPU each process used during the measured run "
                     "(`/proc/<pid>/stat`; nginx = master + worker, pg = the Postgres server with its backends, wrk = the load "
                     "generator). Peak RSS: highest `VmRSS` sampled every 0.25 s during the run.")
        lines.append("")
        lines.append("| scenario | target | conns | per second | p50 ms | p99 ms | errors | ratio | CPU s per process | peak RSS MiB |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        for key, r in R.items():
            if "per_s" not in r:
                lines.append("| %s | %s | %s | failed: %s | | | | | | |" % (r["title"], r["target"], r["conns"], r.get("failed_run", "?").replace("|", "/")))
                continue
            busy = [(k, v) for k, v in r["cpu"].items() if v >= 0.1]
            cpu = ", ".join("%s %.1f" % (short.get(k, k), v) for k, v in sorted(busy, key=lambda kv: -kv[1]))
            rss = ", ".join("%s %.0f" % (short.get(k, k), r["peak_rss"][k]) for k, v in sorted(busy, key=lambda kv: -kv[1])
                            if k in r["peak_rss"])
            errors = "%d" % r["errors"] + (" (%s)" % r["error_detail"] if r["errors"] and r.get("error_detail") else "")
            lines.append("| %s | %s | %d | %s | %.2f | %.2f | %s | %s | %s | %s |" % (
                r["title"], r["target"], r["conns"], "{:,.0f}".format(r["per_s"]) if r["per_s"] >= 100 else "%.1f" % r["per_s"],
                r["p50_ms"], r["p99_ms"], errors, notes.get(key) or "", cpu, rss))
        lines.append("")
        lines.extend(self.goals(rate, ratio, p50, sign, argon))
        lines.append("")
        lines.extend(self.memory())
        return "\n".join(lines)

    def kc_version(self):
        try:
            return re.search(r"keycloak-([\d.]+)", os.readlink("/proc/%d/cwd" % self.kc_pid) + " " +
                             open("/proc/%d/cmdline" % self.kc_pid).read()).group(1)
        except Exception:
            return "26.7"

    def goals(self, rate, ratio, p50, sign, argon):
        rows = []
        def goal(text, value, target, unit="", higher=True, fmt="%.2f"):
            if value is None:
                rows.append("| %s | not measured | |" % text)
                return
            met = value >= target if higher else value <= target
            if met:
                verdict = "met"
            elif higher:
                verdict = "**missed** by %.0f %% (%s%s short)" % ((1 - value / target) * 100, fmt % (target - value), unit)
            else:
                verdict = "**missed** by %s%s" % (fmt % (value - target), unit)
            rows.append("| %s | %s%s | %s |" % (text, fmt % value, unit, verdict))
        goal("authenticated `/users/me` through the gateway ≥ 10,000/s", rate("me-gateway"), 10000, "/s", fmt="%.0f")
        goal("… ≥ 1.7 × Keycloak's userinfo", ratio("me-gateway", "kc-userinfo"), 1.7, " ×")
        goal("`/users/me` direct ≥ 0.25 × the unauthenticated GET (jwks.json direct)", ratio("me-direct", "jwks-direct"), 0.25, " ×")
        goal("gateway ≥ 0.7 × nginx, unauthenticated GET", ratio("jwks-gateway", "jwks-nginx"), 0.7, " ×")
        goal("gateway ≥ 0.7 × nginx, `/users/me`", ratio("me-gateway", "me-nginx"), 0.7, " ×")
        added = p50("jwks-gateway-1") - p50("jwks-direct-1") if p50("jwks-gateway-1") and p50("jwks-direct-1") else None
        goal("p50 added by the gateway ≤ 0.3 ms (1 connection, jwks.json)", added, 0.3, " ms", higher=False)
        goal("client-credentials grant ≥ 5,000/s", rate("cc-direct"), 5000, "/s", fmt="%.0f")
        goal("refresh ≥ 0.8 × the ES256 signing ceiling (%s/s on %d cores)" % ("%.0f" % sign if sign else "?", os.cpu_count()),
             rate("refresh-body") / sign if rate("refresh-body") and sign else None, 0.8, " ×")
        goal("password logins ≥ 0.9 × raw Argon2id (%s/s, native, %d threads)" % ("%.1f" % argon if argon else "?", os.cpu_count()),
             rate("login-direct") / argon if rate("login-direct") and argon else None, 0.9, " ×")
        goal("password logins ≥ 2 × Keycloak at equal cost", ratio("login-direct", "kc-login"), 2, " ×")
        for name in ("identity", "mfa", "invitation", "gateway"):
            idle = self.idle_rss.get(name)
            peak = max([r.get("peak_rss", {}).get(name, 0) for r in self.results.values()] + [0])
            goal("%s RSS idle ≤ 200 MB" % name, idle, 200, " MiB", higher=False, fmt="%.0f")
            goal("%s RSS under load ≤ 350 MB" % name, peak or None, 350, " MiB", higher=False, fmt="%.0f")
        return ["Goals of issue 14 (same run, same machine):", "", "| goal | measured | result |", "|---|---|---|"] + rows

    def memory(self):
        names = ["identity", "mfa", "invitation", "gateway", "nginx", "keycloak"]
        rows = ["RSS per process (MiB; idle = when the bench started, before its data and load):", "", "| process | idle | peak under load (scenario) |", "|---|---|---|"]
        for n in names:
            peaks = [(r.get("peak_rss", {}).get(n, 0), r["title"] + ", " + r["target"]) for r in self.results.values()]
            if n not in self.idle_rss and not peaks:
                continue
            top = max(peaks) if peaks else (0, "")
            rows.append("| %s | %s | %s |" % (n, "%.0f" % self.idle_rss[n] if n in self.idle_rss else "?",
                                              "%.0f (%s)" % top if top[0] else "?"))
        return rows

    def write(self, text):
        raw = os.path.join(STATE, "bench", "run-%s.json" % time.strftime("%Y%m%d-%H%M%S"))
        os.makedirs(os.path.dirname(raw), exist_ok=True)
        json.dump({"meta": self.meta, "ceilings": self.ceiling, "idle_rss": self.idle_rss, "results": self.results},
                  open(raw, "w"), indent=1, default=str)
        log("raw results: %s" % os.path.relpath(raw, ROOT))
        path = self.a.results
        content = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
        block = "%s\n%s\n%s" % (BEGIN, text, END)
        if BEGIN in content and END in content:
            content = content[:content.index(BEGIN)] + block + content[content.index(END) + len(END):]
        else:
            content = content.rstrip("\n") + "\n\n## Side by side: Threshold, nginx and Keycloak (bench/run.sh)\n\n" + block + "\n"
        open(path, "w").write(content)
        log("table written to %s" % os.path.relpath(path, ROOT))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work", required=True)
    p.add_argument("--duration", type=float, default=10)
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--users", type=int, default=100)
    p.add_argument("--mfa-users", type=int, default=0, help="default: enough TOTP steps for the TOTP login scenario")
    p.add_argument("--nginx-port", type=int, default=8090)
    p.add_argument("--keycloak-port", type=int, default=8190)
    p.add_argument("--no-keycloak", action="store_true")
    p.add_argument("--only", default="", help="comma-separated scenario keys")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--noisy", action="store_true")
    p.add_argument("--results", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--argv", default="")
    a = p.parse_args()
    a.argv = a.argv.split() if a.argv else []
    if not a.mfa_users:
        # about 30 TOTP logins/s at most here; each user has 2 steps at the start of a run
        a.mfa_users = max(40, int(30 * (a.warmup + a.duration) / 2))
    keys = [k for k in a.only.split(",") if k]
    a.only_keys = lambda: keys or ALL_KEYS
    install_signal_exit()
    bench = Bench(a)
    started = time.time()
    try:
        bench.setup()
        bench.run_all()
        text = bench.report()
        print(text)
        if not a.no_write:
            bench.write(text)
        log("bench finished in %.0f s" % (time.time() - started))
    finally:
        proc = getattr(bench, "kc_proc", None)
        if proc is not None and proc.poll() is None:
            proc.terminate()


ALL_KEYS = ["jwks-direct-1", "jwks-gateway-1", "jwks-nginx-1", "jwks-direct", "jwks-gateway", "jwks-nginx", "me-direct",
            "me-gateway", "me-nginx", "kc-userinfo", "cc-direct", "cc-gateway", "kc-cc", "refresh-body", "refresh-cookie",
            "kc-refresh", "login-direct", "login-gateway", "login-totp", "kc-login"]

if __name__ == "__main__":
    main()
