#!/usr/bin/env bash
# Gateway overhead, side by side: the same request (GET /.well-known/jwks.json with X-Region) sent
#   direct   to one identity-service,
#   gateway  through the Threshold gateway in front of it (both regions point at that one service),
#   nginx    through nginx (Debian nginx-light, 1 worker, upstream keepalive 64) in front of it.
# Throughput with wrk -t2 -c16 (default), latency with wrk -t1 -c1; rounds interleave the three targets
# in rotating order, so a noisy neighbour hits all of them alike. With --overload it also drives the
# gateway and identity-service with twice as many clients as their in-flight limit and reports the
# refused (503) share and the p99 of the requests that were admitted.
#
# Self-contained: starts identity-service, the gateway and nginx on their own ports (below), stops
# them when done, writes a markdown report to stdout (progress goes to stderr).
#
# Usage: bench/gateway/run.sh [--duration 8s] [--rounds 3] [--connections 16] [--latency-duration 5s]
#                             [--overload | --overload-only] [--no-build]
# Environment:
#   BENCH_IDENTITY_PORT (18110), BENCH_GATEWAY_PORT (18080), BENCH_NGINX_PORT (18090); management ports +1000
#   BENCH_DB_NAME       database for identity-service (default threshold_bench_gateway; created with
#                       schema identity if missing, as ./threshold setup does, via psql -U postgres)
#   BENCH_RABBITMQ_VHOST (default threshold-test), THRESHOLD_SECRETS_DIR (default .threshold/secrets,
#                       generated into .threshold/bench-gateway/secrets when that is missing)
#   THRESHOLD_JAVA_HOME / JAVA_HOME (default: the newest /usr/lib/jvm/* >= 17, as ./threshold)
#   THRESHOLD_JAVA_OPTS (default: ./threshold's -Xms32m -Xmx192m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)
#   BENCH_GATEWAY_JAVA_OPTS extra JVM options for the gateway only (e.g. a JFR recording)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=8s
LAT_DURATION=5s
ROUNDS=3
CONNS=16
THREADS=2
PROXY=1
OVERLOAD=0
BUILD=1
while (($#)); do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --latency-duration) LAT_DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --overload) OVERLOAD=1; shift ;;
    --overload-only) OVERLOAD=1; PROXY=0; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ID_PORT=${BENCH_IDENTITY_PORT:-18110}
GW_PORT=${BENCH_GATEWAY_PORT:-18080}
NGX_PORT=${BENCH_NGINX_PORT:-18090}
DB_NAME=${BENCH_DB_NAME:-threshold_bench_gateway}
VHOST=${BENCH_RABBITMQ_VHOST:-threshold-test}
STATE=${BENCH_STATE_DIR:-$ROOT/.threshold/bench-gateway}
JAVA_OPTS=${THRESHOLD_JAVA_OPTS:--Xms32m -Xmx192m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
PATH_UNDER_TEST=/.well-known/jwks.json

log() { printf '[bench/gateway] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
mkdir -p "$STATE/logs"

# --- tools -----------------------------------------------------------------------------------------
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || need_apt+=(nginx-light)
if ((${#need_apt[@]})); then
  log "installing ${need_apt[*]}"
  apt-get install -y -q "${need_apt[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${need_apt[@]}" >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

java_version_of() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/{print $2; exit}'; }
pick_java() {
  local home="" d v best="" best_v=""
  if [[ -n "${THRESHOLD_JAVA_HOME:-}" ]]; then home=$THRESHOLD_JAVA_HOME
  elif [[ -n "${JAVA_HOME:-}" ]]; then home=$JAVA_HOME
  else
    for d in /usr/lib/jvm/*/; do
      d=${d%/}
      [[ -x "$d/bin/java" && ! -L "$d" ]] || continue
      v=$(java_version_of "$d")
      [[ "${v%%.*}" =~ ^[0-9]+$ && "${v%%.*}" -ge 17 ]] || continue
      if [[ -z "$best" || "$(printf '%s\n%s\n' "$best_v" "$v" | sort -V | tail -1)" == "$v" ]]; then best=$d best_v=$v; fi
    done
    home=$best
  fi
  if [[ -n "$home" ]]; then JAVA="$home/bin/java"; else JAVA=$(command -v java); fi
  JAVA_VERSION=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/{print $2; exit}')
  JAVA_FLAGS=""
  if ((${JAVA_VERSION%%.*} >= 24)); then JAVA_FLAGS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"; fi
}
pick_java

# --- build -----------------------------------------------------------------------------------------
GW_JAR=$ROOT/gateway/target/quarkus-app/quarkus-run.jar
ID_JAR=$ROOT/identity-service/target/quarkus-app/quarkus-run.jar
stale() { [[ ! -f "$1" ]] || [[ -n "$(find "$2" "$ROOT/common/src/main" -newer "$1" -type f -print -quit 2>/dev/null)" ]]; }
if ((BUILD)) && { stale "$GW_JAR" "$ROOT/gateway/src/main/java" || stale "$ID_JAR" "$ROOT/identity-service/src/main"; }; then
  log "building gateway and identity-service (./mvnw package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -o -q -pl gateway,identity-service -am package -DskipTests >"$STATE/logs/build.log" 2>&1) \
    || { tail -30 "$STATE/logs/build.log" >&2; die "build failed"; }
fi
[[ -f "$GW_JAR" && -f "$ID_JAR" ]] || die "jars missing: build with ./mvnw -pl gateway,identity-service -am package"

# --- database and secrets --------------------------------------------------------------------------
psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -w -X -q -v ON_ERROR_STOP=1 "$@"; }
if [[ -z "$(PGPASSWORD=threshold_identity psql -h 127.0.0.1 -U threshold_identity -w -d "$DB_NAME" -Atqc \
    "select 1 from information_schema.schemata where schema_name = 'identity'" 2>/dev/null </dev/null)" ]]; then
  log "creating database $DB_NAME (schema identity)"
  psql_admin -d postgres >/dev/null <<SQL
SELECT 'CREATE DATABASE $DB_NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\gexec
REVOKE ALL ON DATABASE $DB_NAME FROM PUBLIC;
GRANT CONNECT ON DATABASE $DB_NAME TO threshold_identity;
SQL
  psql_admin -d "$DB_NAME" -c "CREATE SCHEMA IF NOT EXISTS identity AUTHORIZATION threshold_identity" >/dev/null
fi

SECRETS=${THRESHOLD_SECRETS_DIR:-$ROOT/.threshold/secrets}
if [[ ! -f "$SECRETS/key-encryption-key" ]]; then
  SECRETS=$STATE/secrets
  if [[ ! -f "$SECRETS/key-encryption-key" ]]; then
    log "generating throwaway secrets in ${SECRETS#"$ROOT"/}"
    mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
    openssl rand -base64 32 >"$SECRETS/key-encryption-key"
    openssl rand -base64 32 >"$SECRETS/mfa-encryption-key"
    openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' >"$SECRETS/operator-token"
    openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' >"$SECRETS/internal-token"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$SECRETS/mfa-proof-signing-key.pem" 2>/dev/null
    openssl pkey -in "$SECRETS/mfa-proof-signing-key.pem" -pubout -out "$SECRETS/mfa-proof-verify-key.pem"
  fi
fi

# --- processes -------------------------------------------------------------------------------------
PIDS=()
NGINX_PID_FILE=$STATE/nginx.pid
cleanup() {
  local p
  if [[ -f "$NGINX_PID_FILE" ]]; then kill "$(cat "$NGINX_PID_FILE")" 2>/dev/null || true; fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$ID_PORT" "$((ID_PORT + 1000))" "$GW_PORT" "$((GW_PORT + 1000))" "$NGX_PORT"; do
  port_free "$p" || die "port $p is in use (BENCH_*_PORT choose others)"
done

wait_ready() { # name url pid
  local i
  for i in $(seq 240); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { tail -40 "$STATE/logs/$1.log" >&2; die "$1 exited"; }
    sleep 0.5
  done
  tail -40 "$STATE/logs/$1.log" >&2; die "$1 not ready"
}

start_identity() {
  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT="$ID_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$((ID_PORT + 1000))" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    THRESHOLD_REGION=us-east-1 THRESHOLD_DB_HOST=127.0.0.1 THRESHOLD_DB_PORT=5432 THRESHOLD_DB_NAME="$DB_NAME" \
    THRESHOLD_DB_USER=threshold_identity THRESHOLD_DB_PASSWORD=threshold_identity \
    THRESHOLD_RABBITMQ_HOST=127.0.0.1 THRESHOLD_RABBITMQ_PORT=5672 THRESHOLD_RABBITMQ_USER=guest \
    THRESHOLD_RABBITMQ_PASSWORD=guest THRESHOLD_RABBITMQ_VHOST="$VHOST" \
    THRESHOLD_SMTP_HOST=127.0.0.1 THRESHOLD_SMTP_PORT=3025 THRESHOLD_PUBLIC_BASE_URL="http://localhost:$GW_PORT" \
    THRESHOLD_OPERATOR_TOKEN="$(cat "$SECRETS/operator-token")" THRESHOLD_INTERNAL_TOKEN="$(cat "$SECRETS/internal-token")" \
    THRESHOLD_IDENTITY_URL="http://127.0.0.1:$ID_PORT" THRESHOLD_INVITATION_URL="http://127.0.0.1:1" \
    THRESHOLD_MFA_URL="http://127.0.0.1:1" THRESHOLD_SECRETS_DIR="$SECRETS" \
    THRESHOLD_KEY_ENCRYPTION_KEY="$(cat "$SECRETS/key-encryption-key")" \
    THRESHOLD_MFA_ENCRYPTION_KEY="$(cat "$SECRETS/mfa-encryption-key")" \
    THRESHOLD_MFA_PROOF_SIGNING_KEY="$(cat "$SECRETS/mfa-proof-signing-key.pem")" \
    THRESHOLD_MFA_PROOF_VERIFY_KEY="$(cat "$SECRETS/mfa-proof-verify-key.pem")" \
    THRESHOLD_SESSION_COOKIE_SECURE=false \
    THRESHOLD_OVERLOAD_MAX_IN_FLIGHT="${BENCH_IDENTITY_MAX_IN_FLIGHT:-64}" \
    "$JAVA" $JAVA_FLAGS $JAVA_OPTS ${BENCH_IDENTITY_JAVA_OPTS:-} "$@" -jar "$ID_JAR" >"$STATE/logs/identity.log" 2>&1 &
  ID_PID=$!
  PIDS+=("$ID_PID")
  wait_ready identity "http://127.0.0.1:$((ID_PORT + 1000))/q/health/ready" "$ID_PID"
}

start_gateway() {
  cat >"$STATE/gateway-regions.properties" <<EOF
threshold.gateway.regions.us-east-1.name=US East (N. Virginia)
threshold.gateway.regions.us-east-1.order=1
threshold.gateway.regions.us-east-1.identity=http://127.0.0.1:$ID_PORT
threshold.gateway.regions.us-east-1.mfa=http://127.0.0.1:$ID_PORT
threshold.gateway.regions.us-east-1.invitation=http://127.0.0.1:$ID_PORT
threshold.gateway.regions.eu-central-1.name=EU (Frankfurt)
threshold.gateway.regions.eu-central-1.order=2
threshold.gateway.regions.eu-central-1.identity=http://127.0.0.1:$ID_PORT
threshold.gateway.regions.eu-central-1.mfa=http://127.0.0.1:$ID_PORT
threshold.gateway.regions.eu-central-1.invitation=http://127.0.0.1:$ID_PORT
threshold.gateway.cors.origins=http://localhost:$GW_PORT
EOF
  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT="$GW_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$((GW_PORT + 1000))" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    "$JAVA" $JAVA_FLAGS $JAVA_OPTS ${BENCH_GATEWAY_JAVA_OPTS:-} "$@" \
    "-Dthreshold.gateway.overload.max-in-flight=${BENCH_GATEWAY_MAX_IN_FLIGHT:-128}" \
    "-Dquarkus.config.locations=$STATE/gateway-regions.properties" -jar "$GW_JAR" >"$STATE/logs/gateway.log" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  wait_ready gateway "http://127.0.0.1:$((GW_PORT + 1000))/q/health/ready" "$GW_PID"
}

start_nginx() {
  mkdir -p "$STATE/nginx"
  # What the gateway does to a proxied request, as far as nginx can: X-Forwarded-*, a request id, the
  # browser security headers, an access log line per request; keep-alive to the upstream.
  cat >"$STATE/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $NGINX_PID_FILE;
error_log $STATE/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log $STATE/logs/nginx-access.log;
  client_body_temp_path $STATE/nginx/body;
  proxy_temp_path $STATE/nginx/proxy;
  fastcgi_temp_path $STATE/nginx/fastcgi;
  uwsgi_temp_path $STATE/nginx/uwsgi;
  scgi_temp_path $STATE/nginx/scgi;
  upstream identity { server 127.0.0.1:$ID_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGX_PORT;
    keepalive_requests 100000;
    location / {
      proxy_pass http://identity;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$proxy_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id always;
      add_header X-Content-Type-Options nosniff always;
      add_header Referrer-Policy no-referrer always;
      add_header X-Frame-Options DENY always;
    }
  }
}
EOF
  "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -e "$STATE/logs/nginx-error.log" \
    || die "nginx did not start (see $STATE/logs/nginx-error.log)"
  local i
  for i in $(seq 40); do curl -fsS -o /dev/null -H 'X-Region: us-east-1' "http://127.0.0.1:$NGX_PORT$PATH_UNDER_TEST" && return 0; sleep 0.25; done
  die "nginx does not answer"
}

url_of() { case "$1" in direct) echo "http://127.0.0.1:$ID_PORT$PATH_UNDER_TEST" ;; gateway) echo "http://127.0.0.1:$GW_PORT$PATH_UNDER_TEST" ;; nginx) echo "http://127.0.0.1:$NGX_PORT$PATH_UNDER_TEST" ;; esac; }
proxy_pid_of() { case "$1" in direct) echo "" ;; gateway) echo "$GW_PID" ;; nginx) pgrep -P "$(cat "$NGINX_PID_FILE")" | head -1 ;; esac; }

# CPU seconds (user+system) of a process, from /proc
cpu_of() { [[ -n "$1" && -r "/proc/$1/stat" ]] && awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15)/hz}' "/proc/$1/stat" || echo 0; }
rss_of() { [[ -n "$1" && -r "/proc/$1/status" ]] && awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$1/status" || echo 0; }
# wrk latency line value -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); printf "%.3f", v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); printf "%.3f", v} else if (v ~ /s$/) {sub(/s$/,"",v); printf "%.3f", v*1000} else print v }'; }

# run_wrk TARGET THREADS CONNS DURATION [extra wrk args] -> sets RPS P50 P99 ERRORS CPU_PROXY CPU_ID
run_wrk() {
  local target=$1 t=$2 c=$3 d=$4; shift 4
  local out ppid c0 i0 c1 i1 secs
  ppid=$(proxy_pid_of "$target")
  c0=$(cpu_of "$ppid"); i0=$(cpu_of "$ID_PID")
  out=$(wrk -t"$t" -c"$c" -d"$d" --latency -H 'X-Region: us-east-1' "$@" "$(url_of "$target")")
  c1=$(cpu_of "$ppid"); i1=$(cpu_of "$ID_PID")
  secs=$(awk '/requests in/{for(i=1;i<=NF;i++) if ($i ~ /s,$/) {v=$i; sub(/s,$/,"",v); if (v ~ /m$/) {sub(/m$/,"",v); v*=60} print v; exit}}' <<<"$out")
  RPS=$(awk '/Requests\/sec/{printf "%d", $2}' <<<"$out")
  P50=$(to_ms "$(awk '$1=="50%"{print $2; exit}' <<<"$out")")
  P99=$(to_ms "$(awk '$1=="99%"{print $2; exit}' <<<"$out")")
  ERRORS=$(awk '/Non-2xx/{n+=$NF} /Socket errors/{gsub(",","");for(i=1;i<=NF;i++) if ($i ~ /^[0-9]+$/) n+=$i} END{print n+0}' <<<"$out")
  CPU_PROXY=$(awk -v a="$c0" -v b="$c1" -v s="${secs:-1}" 'BEGIN{printf "%d", 100*(b-a)/s}')
  CPU_ID=$(awk -v a="$i0" -v b="$i1" -v s="${secs:-1}" 'BEGIN{printf "%d", 100*(b-a)/s}')
  REQS=$(awk '/requests in/{print $1; exit}' <<<"$out")
  # CPU time the proxy spent per request: unlike req/s, barely moved by other processes on the machine
  US_PER_REQ=$(awk -v a="$c0" -v b="$c1" -v n="${REQS:-0}" 'BEGIN{ if (n > 0) printf "%.1f", 1e6*(b-a)/n; else print 0 }')
  ID_US_PER_REQ=$(awk -v a="$i0" -v b="$i1" -v n="${REQS:-0}" 'BEGIN{ if (n > 0) printf "%.1f", 1e6*(b-a)/n; else print 0 }')
  LAST_WRK_OUT=$out
}

min_max() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "-"; else if (a[1]==a[NR]) print a[1]; else print a[1] "-" a[NR] }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%g\n", (a[NR/2]+a[NR/2+1])/2 }'; }
fmt_k() { awk -v v="$1" 'BEGIN{ printf "%\047d", v }' 2>/dev/null || echo "$1"; }

START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && echo " (+ uncommitted changes)" || true)

log "Java $JAVA_VERSION ($JAVA); starting identity-service :$ID_PORT"
start_identity
log "starting gateway :$GW_PORT"
start_gateway
if ((PROXY)); then
  log "starting nginx :$NGX_PORT"
  start_nginx
fi

for target in direct gateway; do
  curl -fsS -o /dev/null -H 'X-Region: us-east-1' "$(url_of "$target")" || die "$target does not answer $PATH_UNDER_TEST"
done

echo "## Gateway overhead (bench/gateway/run.sh)"
echo
echo "- $(date -u +%Y-%m-%dT%H:%MZ), commit \`$COMMIT\`$DIRTY; Java $JAVA_VERSION; JVM options \`$JAVA_OPTS\`; $(nproc) cores; $(nginx -v 2>&1 | sed 's/.*: //') (1 worker, upstream keepalive 64)."
echo "- \`GET $PATH_UNDER_TEST\` with \`X-Region: us-east-1\`; identity-service :$ID_PORT, gateway :$GW_PORT, nginx :$NGX_PORT; wrk and all three on the same $(nproc) cores."

if ((PROXY)); then
  TARGETS=(direct gateway nginx)
  # the JVMs need their hot paths compiled (C2) before they are measured; on a busy machine that takes a while
  # (measured here: 10 s was not always enough for the gateway on a machine with load 25), so the gateway gets 4 passes
  log "warm-up (5 s at -c$CONNS and 2 s at -c1 per pass: 2 passes for direct and nginx, 4 for the gateway)"
  for pass in 1 2 3 4; do
    for target in "${TARGETS[@]}"; do
      [[ $target != gateway && $pass -gt 2 ]] && continue
      run_wrk "$target" "$THREADS" "$CONNS" 5s >/dev/null; run_wrk "$target" 1 1 2s >/dev/null
    done
  done
  declare -A R_RPS R_P50 R_P99 R_ERR R_CPU R_IDCPU R_LAT R_LAT99 R_US R_IDUS
  for round in $(seq "$ROUNDS"); do
    offset=$(( (round - 1) % 3 ))
    order=("${TARGETS[@]:$offset}" "${TARGETS[@]:0:$offset}")
    for target in "${order[@]}"; do
      run_wrk "$target" "$THREADS" "$CONNS" "$DURATION"
      R_RPS[$target]+="$RPS "; R_P50[$target]+="$P50 "; R_P99[$target]+="$P99 "; R_ERR[$target]+="$ERRORS "
      R_CPU[$target]+="$CPU_PROXY "; R_IDCPU[$target]+="$CPU_ID "; R_US[$target]+="$US_PER_REQ "; R_IDUS[$target]+="$ID_US_PER_REQ "
      log "round $round $target -c$CONNS: $RPS req/s p50 ${P50} ms p99 ${P99} ms errors $ERRORS cpu proxy ${CPU_PROXY}% (${US_PER_REQ} us/req) identity ${CPU_ID}% (${ID_US_PER_REQ} us/req)"
    done
    for target in "${order[@]}"; do
      run_wrk "$target" 1 1 "$LAT_DURATION"
      R_LAT[$target]+="$P50 "; R_LAT99[$target]+="$P99 "
      log "round $round $target -c1: p50 ${P50} ms p99 ${P99} ms"
    done
  done
  # per-round ratios and added latency
  read -ra gw_rps <<<"${R_RPS[gateway]}"; read -ra ngx_rps <<<"${R_RPS[nginx]}"; read -ra dir_rps <<<"${R_RPS[direct]}"
  read -ra gw_lat <<<"${R_LAT[gateway]}"; read -ra ngx_lat <<<"${R_LAT[nginx]}"; read -ra dir_lat <<<"${R_LAT[direct]}"
  ratio_nginx="" ratio_direct="" added_gw="" added_ngx=""
  for i in "${!gw_rps[@]}"; do
    ratio_nginx+="$(awk -v a="${gw_rps[$i]}" -v b="${ngx_rps[$i]}" 'BEGIN{printf "%.2f", a/b}') "
    ratio_direct+="$(awk -v a="${gw_rps[$i]}" -v b="${dir_rps[$i]}" 'BEGIN{printf "%.2f", a/b}') "
    added_gw+="$(awk -v a="${gw_lat[$i]}" -v b="${dir_lat[$i]}" 'BEGIN{printf "%.3f", a-b}') "
    added_ngx+="$(awk -v a="${ngx_lat[$i]}" -v b="${dir_lat[$i]}" 'BEGIN{printf "%.3f", a-b}') "
  done
  echo "- $ROUNDS rounds, targets interleaved in rotating order; throughput: wrk -t$THREADS -c$CONNS -d$DURATION; latency: wrk -t1 -c1 -d$LAT_DURATION (one request at a time). Ranges are min-max over the rounds (median in brackets)."
  echo "- Load average before: $START_LOAD; after: $(cut -d' ' -f1-3 /proc/loadavg). RSS after: identity $(rss_of "$ID_PID") MiB, gateway $(rss_of "$GW_PID") MiB."
  echo
  echo "| target | req/s (-c$CONNS) | p50 / p99 ms (-c$CONNS) | p50 / p99 ms (-c1) | proxy CPU % | proxy CPU µs/request | identity CPU µs/request | errors |"
  echo "|---|---|---|---|---|---|---|---|"
  for target in "${TARGETS[@]}"; do
    printf '| %s | %s (%s) | %s / %s | %s / %s | %s | %s | %s | %s |\n' "$target" \
      "$(min_max <<<"${R_RPS[$target]}")" "$(median <<<"${R_RPS[$target]}")" \
      "$(min_max <<<"${R_P50[$target]}")" "$(min_max <<<"${R_P99[$target]}")" \
      "$(min_max <<<"${R_LAT[$target]}")" "$(min_max <<<"${R_LAT99[$target]}")" \
      "$( [[ $target == direct ]] && echo - || min_max <<<"${R_CPU[$target]}")" \
      "$( [[ $target == direct ]] && echo - || echo "$(min_max <<<"${R_US[$target]}") ($(median <<<"${R_US[$target]}"))")" \
      "$(min_max <<<"${R_IDUS[$target]}")" \
      "$(tr ' ' '\n' <<<"${R_ERR[$target]}" | awk '{n+=$1} END{print n+0}')"
  done
  echo
  echo "| ratio / added latency, per round | range (median) | goal |"
  echo "|---|---|---|"
  echo "| gateway / nginx throughput | $(min_max <<<"$ratio_nginx") ($(median <<<"$ratio_nginx")) | >= 0.7 |"
  echo "| gateway / direct throughput | $(min_max <<<"$ratio_direct") ($(median <<<"$ratio_direct")) | |"
  echo "| gateway p50 added at -c1 (ms) | $(min_max <<<"$added_gw") ($(median <<<"$added_gw")) | <= 0.3 |"
  echo "| nginx p50 added at -c1 (ms) | $(min_max <<<"$added_ngx") ($(median <<<"$added_ngx")) | |"
  cpu_ratio=$(awk -v g="$(median <<<"${R_US[gateway]}")" -v n="$(median <<<"${R_US[nginx]}")" 'BEGIN{ if (g > 0) printf "%.2f", n/g; else print "-" }')
  echo "| nginx / gateway CPU per request (medians) | $cpu_ratio | the throughput ratio a CPU-bound machine would see |"
  echo
fi

if ((OVERLOAD)); then
  ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
  LUA=$ROOT/bench/gateway/admitted.lua
  # admitted T C DURATION URL [header...] -> sets A_OK A_REFUSED A_RETRY A_OTHER A_P50 A_P99 A_SECS (one connection per
  # wrk thread: admitted.lua times each request between its request and response)
  admitted() {
    local t=$1 c=$2 d=$3 url=$4; shift 4
    local hdr=() h line
    for h in "$@"; do hdr+=(-H "$h"); done
    line=$(wrk -t"$t" -c"$c" -d"$d" -s "$LUA" "${hdr[@]}" "$url" 2>/dev/null | grep '^ADMITTED')
    A_OK=$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line"); A_REFUSED=$(sed -n 's/.* refused=\([0-9]*\).*/\1/p' <<<"$line")
    A_RETRY=$(sed -n 's/.* retry_after=\([0-9]*\).*/\1/p' <<<"$line"); A_OTHER=$(sed -n 's/.* other=\([0-9]*\).*/\1/p' <<<"$line")
    A_P50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line"); A_P99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    A_SECS=$(sed -n 's/.* secs=\([0-9.]*\).*/\1/p' <<<"$line")
  }
  # overload NAME URL LIMIT [header...]: unloaded latency, the saturating load, then twice the in-flight limit in
  # concurrent clients, each sending its next request as soon as it has an answer
  overload() {
    local name=$1 url=$2 limit=$3; shift 3
    local over=$((2 * limit)) sat_rps sat_p99 unl_p50 unl_p99
    admitted 1 1 3s "$url" "$@"   # warm-up
    admitted 1 1 5s "$url" "$@"; unl_p50=$A_P50; unl_p99=$A_P99
    admitted "$CONNS" "$CONNS" "$DURATION" "$url" "$@"
    sat_rps=$(awk -v n="$A_OK" -v s="$A_SECS" 'BEGIN{printf "%d", n/s}'); sat_p99=$A_P99
    log "$name: unloaded p50 $unl_p50 ms p99 $unl_p99 ms; saturated ($CONNS clients) $sat_rps req/s p99 $sat_p99 ms; now $over clients"
    admitted "$over" "$over" "$DURATION" "$url" "$@"
    awk -v name="$name" -v limit="$limit" -v over="$over" -v up50="$unl_p50" -v up99="$unl_p99" -v srps="$sat_rps" \
        -v sp99="$sat_p99" -v ok="$A_OK" -v ref="$A_REFUSED" -v retry="$A_RETRY" -v other="$A_OTHER" -v p50="$A_P50" \
        -v p99="$A_P99" -v secs="$A_SECS" 'BEGIN{
      total = ok + ref + other; if (total == 0) total = 1
      printf "| %s | %d | %.2f / %.2f | %d / %.2f | %d | %d | %d (%.0f%%) | %s | %d | %.2f / %.2f | %.1f x | %.1f x |\n",
        name, limit, up50, up99, srps, sp99, over, ok / secs, ref, 100 * ref / total, (ref ? retry "/" ref : "-"), other,
        p50, p99, (up99 > 0 ? p99 / up99 : 0), (sp99 > 0 ? p99 / sp99 : 0) }'
  }
  echo
  echo "### Overload: twice the in-flight limit in clients"
  echo
  echo "- Per target (wrk with bench/gateway/admitted.lua, one connection per wrk thread, each request timed): unloaded (1 client, 5 s), saturated ($CONNS clients, $DURATION), then 2 x max-in-flight clients ($DURATION), every client sending its next request as soon as it has an answer. Admitted = 2xx; refused = 503/429; Retry-After: refused answers that carried it."
  echo "- identity-service max-in-flight \`${BENCH_IDENTITY_MAX_IN_FLIGHT:-64}\`, gateway max-in-flight \`${BENCH_GATEWAY_MAX_IN_FLIGHT:-128}\`; load average now $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| target | max in flight | unloaded p50 / p99 ms | saturated req/s / p99 ms | clients | admitted req/s | refused (share) | with Retry-After | other errors | admitted p50 / p99 ms | admitted p99 / unloaded p99 | admitted p99 / saturated p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  overload identity-direct "$(url_of direct)" "${BENCH_IDENTITY_MAX_IN_FLIGHT:-64}" "X-Region: us-east-1"
  overload gateway "$(url_of gateway)" "${BENCH_GATEWAY_MAX_IN_FLIGHT:-128}" "X-Region: us-east-1"
  for extra in ${BENCH_OVERLOAD_TARGETS:-}; do
    # name=url=limit, e.g. mfa=http://127.0.0.1:8120/api/v2/mfa/devices=64 (with BENCH_OVERLOAD_HEADER for a bearer)
    IFS='=' read -r n u l <<<"$extra"
    overload "$n" "$u" "${l:-64}" ${BENCH_OVERLOAD_HEADER:+"$BENCH_OVERLOAD_HEADER"}
  done
  echo
fi
