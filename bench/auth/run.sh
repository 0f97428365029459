#!/usr/bin/env bash
# Password logins, refresh grants and client-credentials grants per second, with p50/p99, against
# the running us-east-1 identity-service (./threshold up), load from wrk (Debian) on the same
# machine. Usage: bench/auth/run.sh [seconds per scenario, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-15}
command -v wrk >/dev/null || sudo -n true 2>/dev/null || true
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
curl -fsS http://127.0.0.1:9110/q/health/ready >/dev/null || { echo "start the system first: ./threshold up" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/auth/setup.py "$work"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # name threads connections script path
  echo "== $1"
  BENCH_TOKENS="$work/tokens.txt" wrk -t"$2" -c"$3" -d"${seconds}s" --latency -s "$4" "http://127.0.0.1:8110$5" \
    | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx"
}
run "password login (2 in flight: the hashing pool's threads)" 2 2 "$work/login.lua" /api/v2/auth/login
run "password login (4 in flight)" 2 4 "$work/login.lua" /api/v2/auth/login
run "refresh grant (8 sessions)" 8 8 bench/auth/refresh.lua /api/v2/auth/refresh
run "client credentials grant" 2 16 "$work/cc.lua" /oauth/token
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
