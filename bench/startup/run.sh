#!/usr/bin/env bash
# Start-up time and idle memory of each service, measured on the running local system.
#
#   ./threshold up && bench/startup/run.sh            # 3 starts per process, writes bench/RESULTS.md
#   RUNS=5 IDLE_SECONDS=30 BENCH_PROCS="gateway" BENCH_MODES=plain bench/startup/run.sh
#
# For each mode (BENCH_MODES, default "appcds plain": with and without the AppCDS archive that
# ./threshold uses by default) and each process (default: the us-east-1 services and the gateway;
# eu-central-1 runs the same jars), RUNS times: stop it, start it with ./threshold start --no-wait,
# then
#   - "started in Xs": Quarkus' own start-up time, from the log line;
#   - wall to ready:   from the launch of the JVM to the first 200 of /q/health/ready (50 ms polls);
#   - idle RSS:        VmRSS of /proc/<pid>/status after IDLE_SECONDS without traffic;
#   - idle CPU:        CPU time used during those IDLE_SECONDS, in % of one core.
# Raw numbers go to bench/startup/out/ (git-ignored); the table replaces the section
# "Start-up and idle memory" of bench/RESULTS.md (WRITE_RESULTS=0 to leave it alone).
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-20}
read -r -a PROCS <<<"${BENCH_PROCS:-identity-us-east-1 mfa-us-east-1 invitation-us-east-1 gateway}"
read -r -a MODES <<<"${BENCH_MODES:-appcds plain}"
GOAL_START_S=3
GOAL_RSS_MIB=200
RESULTS=bench/RESULTS.md
SECTION="## Start-up and idle memory"
OUT=bench/startup/out
mkdir -p "$OUT"
RAW="$OUT/startup-$(date +%Y%m%dT%H%M%S).csv"

now_ms() { date +%s%3N; }
log_errors() {
  grep -E ' ERROR |^Caused by:' ".threshold/logs/$1.log" | cut -c1-400 | tail -n 6 >&2 || true
  tail -n 5 ".threshold/logs/$1.log" | cut -c1-400 >&2
}
port_of() {
  case "$1" in
    gateway) echo 8080 ;;
    *-us-east-1) case "$1" in identity-*) echo 8110 ;; mfa-*) echo 8120 ;; invitation-*) echo 8130 ;; esac ;;
    *-eu-central-1) case "$1" in identity-*) echo 8210 ;; mfa-*) echo 8220 ;; invitation-*) echo 8230 ;; esac ;;
    *) echo "unknown process $1" >&2; exit 1 ;;
  esac
}
# health is on the management interface: the public port + 1000 (./threshold)
health_port_of() { echo $(( $(port_of "$1") + 1000 )); }

echo "==> checking the system (./threshold status)"
if ! ./threshold status >/dev/null; then
  ./threshold status || true
  echo "warning: not every process is up; the table's set-up line would be wrong (run ./threshold up)" >&2
fi
for p in "${PROCS[@]}"; do
  curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$(health_port_of "$p")/q/health/ready" \
    || { echo "error: $p is not ready: run ./threshold up first" >&2; exit 1; }
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "mode,process,run,started_in_s,wall_to_ready_s,idle_rss_kib,idle_cpu_pct" >"$RAW"
# modes alternate start by start, so that a change of machine load hits both alike
set_mode() {
  case "$1" in
    appcds) export THRESHOLD_APPCDS=1 ;;
    plain) export THRESHOLD_APPCDS=0 ;;
    *) echo "error: unknown mode $1 (appcds, plain)" >&2; exit 1 ;;
  esac
}
for p in "${PROCS[@]}"; do
  port=$(health_port_of "$p")
  for i in $(seq 1 "$RUNS"); do
    for mode in "${MODES[@]}"; do
      set_mode "$mode"
      while :; do
        ./threshold stop "$p" >/dev/null
        ./threshold start "$p" --no-wait >/dev/null
        launched=$(cat ".threshold/run/$p.launched")
        pid=$(cat ".threshold/run/$p.pid")
        training=0 actual=plain
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q ArchiveClassesAtExit && training=1
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q SharedArchiveFile && actual=appcds
        deadline=$(( $(date +%s) + 180 ))
        until curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; do
          (( $(date +%s) < deadline )) || { echo "error: $p not ready after 180 s" >&2; log_errors "$p"; exit 1; }
          sleep 0.05
        done
        ready=$(now_ms)
        ((training)) || break
        echo "    $p: AppCDS training start (archive written at exit), not counted"
      done
      wall=$(awk -v a="$launched" -v b="$ready" 'BEGIN{printf "%.2f", (b-a)/1000}')
      started=""
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        started=$(grep -o 'started in [0-9.]*s' ".threshold/logs/$p.log" | tail -1 | grep -o '[0-9.]*[0-9]' || true)
        [[ -n "$started" ]] && break
        sleep 0.2
      done
      sleep 2   # let start-up work (JIT, first health checks) settle before the idle window
      ticks0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      sleep "$IDLE_SECONDS"
      ticks1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      cpu=$(awk -v d=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" -v s="$IDLE_SECONDS" 'BEGIN{printf "%.1f", d / hz / s * 100}')
      rss=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status")
      echo "$actual,$p,$i,${started:-NA},$wall,$rss,$cpu" >>"$RAW"
      printf '    %-7s %-24s run %d: started in %ss, ready after %ss, idle RSS %d MiB, idle CPU %s%%\n' "$actual" "$p" "$i" "${started:-?}" "$wall" $((rss / 1024)) "$cpu"
    done
  done
done
unset THRESHOLD_APPCDS
# leave every measured process running in the runner's default configuration
./threshold restart "${PROCS[@]}" >/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "    raw numbers: $RAW"

# ---- the table ----------------------------------------------------------------------------------
table=$(awk -F, -v gs="$GOAL_START_S" -v gr="$GOAL_RSS_MIB" '
  NR == 1 { next }
  {
    k = $1 SUBSEP $2
    if (!(k in seen)) { seen[k] = 1; order[++n] = k; mode[k] = $1; proc[k] = $2 }
    s[k] = s[k] (s[k] == "" ? "" : " / ") $4
    w[k] = w[k] (w[k] == "" ? "" : " / ") $5
    r[k] = r[k] (r[k] == "" ? "" : " / ") int($6 / 1024)
    c[k] = c[k] (c[k] == "" ? "" : " / ") $7
    if ($4 != "NA" && $4 + 0 > smax[k]) smax[k] = $4 + 0
    if ($5 + 0 > wmax[k]) wmax[k] = $5 + 0
    if ($6 / 1024 > rmax[k]) rmax[k] = $6 / 1024
  }
  END {
    print "| process | JVM | \"started in\" (s), per start | wall to ready (s) | idle RSS (MiB) | idle CPU (% of a core) | goal < " gs " s, < " gr " MiB |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      k = order[i]
      v = ""
      if (smax[k] >= gs) v = "start-up"
      if (rmax[k] >= gr) v = v (v == "" ? "" : ", ") "memory"
      verdict = (v == "") ? "met" : "NOT met (" v ")"
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", proc[k], (mode[k] == "appcds" ? "AppCDS" : "plain"), s[k], w[k], r[k], c[k], verdict
    }
  }' "$RAW")

busy_note=""
if awk -v l="${load_before%% *}" -v m="${load_after%% *}" -v n="$(nproc)" 'BEGIN{exit !((l > n + 1) || (m > n + 1))}'; then
  # the bench's own JVM starts account for about one
  busy_note="- **The machine was busy** (1-minute load average above cores + 1): other processes (builds,
  test suites) competed for the CPU, so these start-up times are inflated and vary from start to
  start; compare the two JVM modes with each other, not with the goal."
fi
[[ -n "${BENCH_NOTE:-}" ]] && busy_note="${busy_note:+$busy_note
}- $BENCH_NOTE"
java_version=$(java -version 2>&1 | head -1)
java_opts=$(tr '\0' ' ' <"/proc/$(cat ".threshold/run/${PROCS[0]}.pid")/cmdline" | grep -o -- '-X[^ ]*' | grep -v -- '-XX:SharedArchiveFile\|-Xlog:cds' | tr '\n' ' ')
section=$(cat <<MD
$SECTION

Measured by \`bench/startup/run.sh\` on $(date -u +%Y-%m-%d) at commit \`$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\`,
with the whole local system up (\`./threshold up\`: 6 service JVMs, gateway, GreenMail).
Each process was stopped and started $RUNS times per JVM mode, modes alternating, one process at
a time; the others stayed up and idle.

- "started in": Quarkus' own log line. Wall to ready: JVM launch to the first 200 of \`/q/health/ready\` (on the management port).
- Idle RSS: \`VmRSS\` from \`/proc/<pid>/status\` after ${IDLE_SECONDS} s without traffic; idle CPU:
  user+system time over those ${IDLE_SECONDS} s (from \`/proc/<pid>/stat\`; schedulers, outbox relay, health).
- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB RAM ($(free -m | awk '/^Mem:/{print $2}') MiB), $java_version.
- JVM options (from \`./threshold\`): \`${java_opts% }\`; "AppCDS" adds
  \`-XX:SharedArchiveFile=.threshold/cds/<module>.jsa\` (a dynamic archive recorded by an earlier
  run of the same jar; \`./threshold\` does this by default), "plain" is \`THRESHOLD_APPCDS=0\`.
- Load average (1/5/15 min) before: $load_before, after: $load_after.
- eu-central-1 runs the same jars as us-east-1.
${busy_note}

$table
MD
)

if [[ "${WRITE_RESULTS:-1}" == 1 ]]; then
  [[ -f "$RESULTS" ]] || printf '# Benchmark results\n\n' >"$RESULTS"
  tmp=$(mktemp)
  SECTION_TEXT="$section" awk -v head="$SECTION" '
    BEGIN { text = ENVIRON["SECTION_TEXT"] }
    $0 == head { print text; print ""; skipping = 1; done = 1; next }
    skipping && /^## / { skipping = 0 }
    !skipping { print }
    END { if (!done) { print ""; print text } }
  ' "$RESULTS" >"$tmp"
  # squeeze runs of blank lines
  cat -s "$tmp" >"$RESULTS"
  rm -f "$tmp"
  echo "==> wrote the section \"${SECTION#\#\# }\" of $RESULTS"
fi
echo
echo "$table"
