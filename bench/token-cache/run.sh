#!/usr/bin/env bash
# Authenticated GET /api/v2/mfa/devices on one mfa-service, with ES256 tokens verified against a
# JWKS (as in production), load from wrk. Starts mfa-service from a built quarkus-app directory
# on a free port, with a throwaway JWKS served by python, then stops both.
# Usage: bench/token-cache/run.sh QUARKUS_APP_DIR [java binary] [seconds]
#   DB/vhost: THRESHOLD_DB_NAME (default threshold_test), THRESHOLD_RABBITMQ_VHOST (default threshold-test)
set -euo pipefail
app=${1:?quarkus-app directory of mfa-service}
java=${2:-java}
seconds=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
jwks_port=$(free_port) port=$(free_port)
issuer="http://localhost:8080/regions/us-east-1"
python3 "$here/es256.py" "$work" "$issuer"
(cd "$work" && exec python3 -m http.server "$jwks_port" --bind 127.0.0.1 >/dev/null 2>&1) & jwks_pid=$!
keys=$(cd "$here/../.." && sed -n 's/^%test.threshold.mfa.proof.signing-key=//p; s/^%test.threshold.mfa.encryption.key=//p' mfa-service/src/main/resources/application.properties)
QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 THRESHOLD_IDENTITY_URL="http://127.0.0.1:$jwks_port" \
  THRESHOLD_DB_USER=postgres THRESHOLD_DB_PASSWORD=postgres THRESHOLD_DB_NAME=${THRESHOLD_DB_NAME:-threshold_test} \
  THRESHOLD_RABBITMQ_VHOST=${THRESHOLD_RABBITMQ_VHOST:-threshold-test} \
  THRESHOLD_MFA_PROOF_SIGNING_KEY=$(sed -n 1p <<<"$keys") THRESHOLD_MFA_ENCRYPTION_KEY=$(sed -n 2p <<<"$keys") \
  "$java" -Xms32m -Xmx192m -XX:+UseSerialGC -jar "$app/quarkus-run.jar" >"$work/service.log" 2>&1 & pid=$!
trap 'kill $pid $jwks_pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
token=$(cat "$work/token.txt")
curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v2/mfa/devices" >/dev/null \
  || { tail -20 "$work/service.log"; exit 1; }
echo "java: $("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/{print $2}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
# warm-up, then the measured run
wrk -t2 -c16 -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v2/mfa/devices" >/dev/null
wrk -t2 -c16 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v2/mfa/devices" \
  | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx"
curl -fsS "http://127.0.0.1:$port/q/metrics" | grep -E '^threshold_token_cache' || true
