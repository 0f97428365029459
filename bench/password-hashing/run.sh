#!/usr/bin/env bash
# Argon2id (m=19 MiB, t=2, p=1) hashes/s: Bouncy Castle, Bouncy Castle with a reused block
# pool, password4j and the native argon2-jvm, at 1 and 2 threads, several JVM forks each.
# Usage: bench/password-hashing/run.sh   (env: FORKS, WARMUP, MEASURE, JVM_ARGS, BENCH_FILTER)
# Whole run with the defaults: about 6 minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
FORKS="${FORKS:-3}"
WARMUP="${WARMUP:-2}"        # warm-up iterations of 2 s each
MEASURE="${MEASURE:-3}"      # measured iterations of 3 s each
# The services' own JVM options (./threshold): small heap, serial GC.
JVM_ARGS="${JVM_ARGS:--Xms32m -Xmx192m -XX:+UseSerialGC}"
BENCH_FILTER="${BENCH_FILTER:-Argon2Benchmark}"

# argon2-jvm binds libargon2 through JNA: the system's (Debian libargon2-1, security-updated)
# when present, otherwise the copy bundled in the argon2-jvm jar. Prefer the Debian one.
if ! ldconfig -p | grep -q 'libargon2\.so'; then
    echo "libargon2 missing: installing Debian's libargon2-1"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libargon2-1; else sudo apt-get install -y -qq libargon2-1; fi
fi

"$root/mvnw" -B -q -f "$here/pom.xml" package -DskipTests
jar="$here/target/benchmarks.jar"
mkdir -p "$out"

echo "== conditions"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git -C "$root" rev-parse --short HEAD)"
echo "nproc: $(nproc)  $(grep -m1 'model name' /proc/cpuinfo | sed 's/\s\+/ /g')"
java -version 2>&1 | head -1
echo "JVM args: $JVM_ARGS; forks $FORKS, warm-up ${WARMUP}x2 s, measurement ${MEASURE}x3 s"
echo "uptime before: $(uptime)"

echo "== cross-check (same input -> same hash in every implementation)"
java $JVM_ARGS -cp "$jar" dev.threshold.bench.password.CrossCheck

for threads in 1 2; do
    echo "== $threads thread(s)"
    java -jar "$jar" "$BENCH_FILTER" -t "$threads" -f "$FORKS" -wi "$WARMUP" -w 2s -i "$MEASURE" -r 3s \
        -jvmArgs "$JVM_ARGS" -rf json -rff "$out/threads-$threads.json" > "$out/threads-$threads.log" 2>&1 \
        || { tail -40 "$out/threads-$threads.log"; exit 1; }
    echo "uptime after $threads thread(s): $(uptime)"
done

echo "== results (hashes/s; per fork = mean of that JVM's measured iterations)"
python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
rows = {}
for t in (1, 2):
    for r in json.load(open(os.path.join(out, f"threads-{t}.json"))):
        name = r["benchmark"].rsplit(".", 1)[1]
        m = r["primaryMetric"]
        forks = [sum(f) / len(f) for f in m["rawData"]]
        rows.setdefault(name, {})[t] = (m["score"], m["scoreError"], forks)
print("| implementation | 1 thread | 2 threads | per fork, 1 thread | per fork, 2 threads |")
print("|---|---|---|---|---|")
for name, by in sorted(rows.items(), key=lambda kv: -kv[1].get(2, (0,))[0]):
    def cell(t):
        s, e, _ = by[t]; return f"{s:.1f} ± {e:.1f}"
    def forks(t):
        return " / ".join(f"{f:.1f}" for f in by[t][2])
    print(f"| {name} | {cell(1)} | {cell(2)} | {forks(1)} | {forks(2)} |")
PY
