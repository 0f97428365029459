#!/usr/bin/env bash
# ES256 / RS256 / EdDSA sign and verify rates, one thread, on every JDK >= 17 under /usr/lib/jvm
# (or the JAVA_HOMEs given as arguments). Usage: bench/signatures/run.sh [seconds-per-round [rounds]]
# Runs the single-file program with the source launcher: nothing to build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-2} rounds=${2:-3}
homes=()
for d in /usr/lib/jvm/*/; do
  d=${d%/}
  [[ -L "$d" || ! -x "$d/bin/java" ]] && continue
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
  [[ -n "$v" && "$v" -ge 17 ]] && homes+=("$d")
done
((${#homes[@]})) || homes=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for home in "${homes[@]}"; do
  "$home/bin/java" -XX:+UseSerialGC "$here/Signatures.java" "$seconds" "$rounds"
  echo
done
