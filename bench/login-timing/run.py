#!/usr/bin/env python3
"""Known email + wrong password vs unknown email: median login time through the gateway.

Issue 12, attack 3: the answer must not tell whether an email exists, by status or by time.
Needs ./threshold up and an active password user (--email). Each sample comes from its own
client address (X-Forwarded-For, trusted from loopback), so no lockout interferes; the two kinds
alternate so that drift of the machine hits both alike. Prints both medians and their ratio.
"""
import argparse, json, statistics, time, urllib.request, urllib.error, uuid

def attempt(gateway, region, email, client):
    body = json.dumps({"email": email, "password": "Wrong-Password-" + uuid.uuid4().hex[:6]}).encode()
    req = urllib.request.Request(gateway + "/api/v2/auth/login", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Region": region, "X-Forwarded-For": client})
    start = time.perf_counter()
    try:
        urllib.request.urlopen(req, timeout=10).read()
        status = 200
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, (time.perf_counter() - start) * 1000

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--gateway", default="http://localhost:8080")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--email", required=True)
    p.add_argument("--samples", type=int, default=60)
    a = p.parse_args()
    known, unknown, statuses = [], [], set()
    for i in range(a.samples + 5):
        for kind, email, sink in (("known", a.email, known), ("unknown", "nobody-%s@nowhere.test" % uuid.uuid4().hex, unknown)):
            status, ms = attempt(a.gateway, a.region, email, "198.18.%d.%d" % (i // 250, i % 250))
            statuses.add((kind, status))
            if i >= 5:  # warm-up
                sink.append(ms)
    mk, mu = statistics.median(known), statistics.median(unknown)
    print(json.dumps({"samples": len(known), "statuses": sorted(statuses), "median_known_ms": round(mk, 2),
                      "median_unknown_ms": round(mu, 2), "ratio": round(mk / mu, 3)}))

if __name__ == "__main__":
    main()
