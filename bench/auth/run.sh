#!/usr/bin/env bash
# Password logins, refresh grants and client-credentials grants per second (p50/p99) against the
# running us-east-1 identity-service (./threshold up), from a JDK-only load generator on the same
# machine. Usage: bench/auth/run.sh [seconds per scenario, default 20] [concurrency, default 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
./threshold status >/dev/null 2>&1 || { echo "start the system first: ./threshold up" >&2; exit 1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/auth/AuthBench.java http://127.0.0.1:8110 http://127.0.0.1:8025 \
  "$(cat .threshold/secrets/operator-token)" "${1:-20}" "${2:-8}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
