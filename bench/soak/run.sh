#!/usr/bin/env bash
# Soak (issue 13, item 5; long mode, not in CI):
#
#   bench/soak/run.sh [--duration 30m] [--max-seconds 60] [--rate R] [--fraction 0.7]
#                     [--threads 8] [--outage 30s] [--no-outage] [--keep-up] [--noisy] [--no-write]
#
# 1. ./threshold up (stopped again at the end unless it was all running before or --keep-up);
# 2. an org with 20 admins; the mixed workload of bench/lua/soak.lua through the gateway (logins,
#    refreshes, /users/me, admin lists of users and invitations, single invitations, MFA devices)
#    unpaced for --max-seconds (default a tenth of the duration, 15-60 s): the maximum rate;
# 3. the same mix at 70 % of it (or --rate) for --duration, sampling every 10 s the RSS and
#    established TCP connections of every process (ss), the broker's connections per vhost and
#    the consumers of threshold-us-east-1; in the middle `rabbitmqctl stop_app`, then `start_app`
#    after --outage (default 30 s) — restored by a trap whatever happens;
# 4. after the load (up to 60 s to drain): errors outside the outage window (must be 0), RSS and
#    connection trend (first vs last 5 minutes, or thirds of a shorter run), queues with ready
#    messages and no consumer (must be none) -> bench/RESULTS.md "Soak" (between
#    <!-- bench:soak begin --> and <!-- bench:soak end -->), raw samples in .threshold/bench/.
#
# The broker is the one the system uses: RabbitMQ on 127.0.0.1:5672, or a private node given by
# THRESHOLD_RABBITMQ_NODE (name, for rabbitmqctl -n) and THRESHOLD_RABBITMQ_PORT, which
# ./threshold passes to the services too. On a machine where others use the shared broker, use a
# private one (bench/soak/private-broker.sh start; see its header) instead of stopping theirs.
# Takes the duration + about 3 minutes (set-up, maximum, drain).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

seconds() {
  local v=$1
  case "$v" in
    *m) awk -v x="${v%m}" 'BEGIN{print x*60}' ;;
    *h) awk -v x="${v%h}" 'BEGIN{print x*3600}' ;;
    *s) echo "${v%s}" ;;
    *) echo "$v" ;;
  esac
}
argv="$*"
keep_up=0 args=()
while (($#)); do
  case "$1" in
    --duration|--max-seconds|--outage) args+=("$1" "$(seconds "$2")"); shift ;;
    --rate|--fraction|--threads|--users|--mix|--grace|--drain) args+=("$1" "$2"); shift ;;
    --no-outage|--noisy|--no-write) args+=("$1") ;;
    --keep-up) keep_up=1 ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see bench/soak/run.sh --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null

work=$(mktemp -d /tmp/threshold-soak.XXXXXX)
was_up=0
./threshold status >/dev/null 2>&1 && was_up=1
started_at=$(date +%s)
harness=""
ctl() { if [[ -n "${THRESHOLD_RABBITMQ_NODE:-}" ]]; then rabbitmqctl -n "$THRESHOLD_RABBITMQ_NODE" "$@"; else rabbitmqctl "$@"; fi; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$harness" && -d /proc/$harness ]]; then kill -TERM "$harness" 2>/dev/null || true; wait "$harness" 2>/dev/null || true; fi
  if [[ -s "$work/pids/wrk.pid" ]]; then
    local w; w=$(cat "$work/pids/wrk.pid")
    if tr '\0' ' ' <"/proc/$w/cmdline" 2>/dev/null | grep -q "^wrk "; then kill -TERM "$w" 2>/dev/null || true; fi
  fi
  # the broker is never left stopped
  if [[ -e "$work/broker-stopped" ]]; then
    echo "==> restoring the broker (rabbitmqctl start_app)"
    ctl start_app || true
    ctl await_startup || true
  fi
  if ((was_up == 0 && keep_up == 0)); then
    echo "==> stopping the system this run started (--keep-up keeps it)"
    ./threshold down || true
  fi
  rm -rf "$work"
  echo "==> bench/soak/run.sh finished after $(( $(date +%s) - started_at )) s (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> ./threshold up"
./threshold up
echo "==> soak (work directory $work)"
python3 bench/soak/soak.py --work "$work" "--argv=$argv" "${args[@]}" &
harness=$!
wait "$harness"
