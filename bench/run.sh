#!/usr/bin/env bash
# Threshold, nginx and Keycloak side by side (issue 14): one command.
#
#   bench/run.sh [--duration 10s] [--warmup 3s] [--quick] [--users N] [--mfa-users M]
#                [--no-keycloak] [--only key,key] [--keep-up] [--noisy] [--no-write]
#
# 1. ./threshold up (builds and starts what is not running; stopped again at the end unless it
#    was all running before or --keep-up);
# 2. nginx (Debian nginx-light, bench/nginx: 1 worker, keepalive 64) on :8090 in front of
#    identity-service us-east-1 (:8110), with its own config, pid and logs in a temp directory;
# 3. Keycloak 26.7 (bench/keycloak: keycloak-quarkus-dist from Maven, Java 21+, production mode,
#    Postgres database bench_keycloak) on :8190 with a realm of the same N users, Argon2id at
#    Threshold's cost, a confidential client allowing password and client-credentials grants;
# 4. test data in Threshold: an org, N password users, M users with a TOTP device, an API client;
# 5. ceilings on this machine: ES256 signatures/s and raw Argon2id hashes/s (bench/lib/Ceilings.java);
# 6. wrk scenarios (bench/lua): warm-up, then the measured run, CPU and RSS per process;
# 7. one table with ratios and issue 14's goals into bench/RESULTS.md between
#    <!-- bench:run.sh begin --> and <!-- bench:run.sh end --> (raw JSON in .threshold/bench/).
#
# --quick: 3 s per scenario after 1 s of warm-up, 40 users: about 3-4 minutes with the system
# already up (plus ./threshold up and Keycloak's first start otherwise). Defaults: 10 s + 3 s,
# 100 users: about 8 minutes. Keycloak, nginx and wrk are stopped on exit, Ctrl-C included.
# Scenario keys for --only: see ALL_KEYS in bench/lib/run_bench.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds() { # 8s, 8, 1m, 1.5 -> seconds
  local v=$1
  case "$v" in
    *ms) awk -v x="${v%ms}" 'BEGIN{print x/1000}' ;;
    *m) awk -v x="${v%m}" 'BEGIN{print x*60}' ;;
    *s) echo "${v%s}" ;;
    *) echo "$v" ;;
  esac
}

duration="" warmup="" users="" mfa_users="" quick=0 keep_up=0 extra=()
argv="$*"
while (($#)); do
  case "$1" in
    --duration) duration=$(seconds "$2"); shift ;;
    --duration=*) duration=$(seconds "${1#*=}") ;;
    --warmup) warmup=$(seconds "$2"); shift ;;
    --warmup=*) warmup=$(seconds "${1#*=}") ;;
    --users) users=$2; shift ;;
    --mfa-users) mfa_users=$2; shift ;;
    --quick) quick=1 ;;
    --keep-up) keep_up=1 ;;
    --no-keycloak|--noisy|--no-write) extra+=("$1") ;;
    --only) extra+=(--only "$2"); shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
  shift
done
if ((quick)); then
  duration=${duration:-3} warmup=${warmup:-1} users=${users:-40}
  extra+=(--quick)
fi
duration=${duration:-10} warmup=${warmup:-3} users=${users:-100}

for tool in wrk nginx curl python3 ss; do
  if ! command -v "$tool" >/dev/null; then
    case "$tool" in nginx) pkg=nginx-light ;; ss) pkg=iproute2 ;; *) pkg=$tool ;; esac
    [[ $(id -u) -eq 0 ]] || { echo "$tool missing: apt-get install -y $pkg" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pkg" >/dev/null
  fi
done

work=$(mktemp -d /tmp/threshold-bench.XXXXXX)
was_up=0
./threshold status >/dev/null 2>&1 && was_up=1
started_at=$(date +%s)
harness=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$harness" && -d /proc/$harness ]]; then kill -TERM "$harness" 2>/dev/null || true; wait "$harness" 2>/dev/null || true; fi
  if [[ -s "$work/pids/wrk.pid" ]]; then
    local w; w=$(cat "$work/pids/wrk.pid")
    if tr '\0' ' ' <"/proc/$w/cmdline" 2>/dev/null | grep -q "^wrk "; then kill -TERM "$w" 2>/dev/null || true; fi
  fi
  bench/nginx/run.sh stop "$work/nginx" || true
  bench/keycloak/run.sh stop "$work/keycloak" || true
  mkdir -p .threshold/bench
  [[ -f "$work/keycloak/keycloak.log" ]] && cp "$work/keycloak/keycloak.log" .threshold/bench/keycloak.log
  [[ -f "$work/nginx/error.log" ]] && cp "$work/nginx/error.log" .threshold/bench/nginx-error.log
  if ((was_up == 0 && keep_up == 0)); then
    echo "==> stopping the system this run started (--keep-up keeps it)"
    ./threshold down || true
  fi
  rm -rf "$work"
  echo "==> bench/run.sh finished after $(( $(date +%s) - started_at )) s (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> ./threshold up"
./threshold up
echo "==> bench (work directory $work)"
args=(--work "$work" --duration "$duration" --warmup "$warmup" --users "$users" "--argv=$argv" "${extra[@]}")
[[ -n "$mfa_users" ]] && args+=(--mfa-users "$mfa_users")
python3 bench/lib/run_bench.py "${args[@]}" &
harness=$!
wait "$harness"
