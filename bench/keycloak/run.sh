#!/usr/bin/env bash
# Keycloak for the benches: org.keycloak:keycloak-quarkus-dist (the version identity-service's SSO
# tests use, identity-service/pom.xml <keycloak.version>) from the local Maven repository / Maven
# Central, unpacked once into .threshold/lib/keycloak-<version> and built for Postgres; run in
# production mode on a dedicated database (bench_keycloak, recreated on every start), on a
# Java 21+ JDK, with one realm imported.
#
#   bench/keycloak/run.sh fetch                       unpack + build if needed; prints the home
#   bench/keycloak/run.sh start DIR REALM.json PORT   (re)creates the database, starts Keycloak,
#                                                     waits for the realm; prints the pid
#   bench/keycloak/run.sh stop DIR                    stops it (SIGTERM, SIGKILL after 30 s)
#
# env: KEYCLOAK_JAVA_HOME (default: the newest /usr/lib/jvm/* of version 21+),
#      KEYCLOAK_ARGON2_MEMORY_KIB / _ITERATIONS / _PARALLELISM (default 19456 / 2 / 1, the
#      OWASP cost identity-service hashes with), KEYCLOAK_DB (default bench_keycloak),
#      KEYCLOAK_DB_POOL_MAX (default 20 database connections: Keycloak's own default of 100 alone
#      exhausts a default Postgres, max_connections 100, shared with the services),
#      KEYCLOAK_START_TIMEOUT (s, default 300). Log: DIR/keycloak.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$root/identity-service/pom.xml" | head -1)
version=${version:-26.7.3}
lib="$root/.threshold/lib"
home="$lib/keycloak-$version"
db=${KEYCLOAK_DB:-bench_keycloak}

java_home() {
  if [[ -n "${KEYCLOAK_JAVA_HOME:-}" ]]; then echo "$KEYCLOAK_JAVA_HOME"; return; fi
  local d v best="" best_v=0
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [[ -L "$d" || ! -x "$d/bin/java" ]] && continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
    [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best_v" ]] && { best=$d; best_v=$v; }
  done
  [[ -n "$best" ]] || { echo "Keycloak needs Java 21+: set KEYCLOAK_JAVA_HOME" >&2; exit 1; }
  echo "$best"
}

psql_admin() {
  if psql -h 127.0.0.1 -U postgres -w -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -w -X -q -v ON_ERROR_STOP=1 "$@"
  else
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"
  fi
}

fetch() {
  if [[ ! -x "$home/bin/kc.sh" ]]; then
    mkdir -p "$lib"
    echo "unpacking org.keycloak:keycloak-quarkus-dist:$version into ${lib#"$root"/}" >&2
    "$root/mvnw" -B -q -N -f "$root/pom.xml" dependency:unpack \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$version:zip" "-DoutputDirectory=$lib" >&2
  fi
  # build-time options are persisted in the distribution: build once for Postgres
  local want="db=postgres health=false"
  if [[ "$(cat "$home/.bench-build" 2>/dev/null)" != "$want" ]]; then
    echo "kc.sh build --db=postgres (once per unpacked distribution)" >&2
    JAVA_HOME=$(java_home) "$home/bin/kc.sh" build --db=postgres >"$lib/keycloak-build.log" 2>&1 \
      || { tail -20 "$lib/keycloak-build.log" >&2; exit 1; }
    echo "$want" >"$home/.bench-build"
  fi
  echo "$home"
}

case "${1:-}" in
  fetch) fetch ;;
  start)
    dir=${2:?directory} realm=${3:?realm json} port=${4:?port}
    fetch >/dev/null
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then echo "port $port is taken" >&2; exit 1; fi
    psql_admin -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db') THEN CREATE ROLE $db LOGIN PASSWORD '$db'; END IF;
END \$\$;
DROP DATABASE IF EXISTS $db WITH (FORCE);
CREATE DATABASE $db OWNER $db;
SQL
    rm -rf "$home/data/import"; mkdir -p "$home/data/import"
    cp "$realm" "$home/data/import/"
    echo "$port" >"$dir/port"
    realm_name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["realm"])' "$realm")
    JAVA_HOME=$(java_home) setsid "$home/bin/kc.sh" start --optimized \
      --http-enabled=true --http-host=127.0.0.1 --http-port="$port" --http-management-port=$((port + 1000)) \
      --hostname-strict=false --cache=local \
      --db-url="jdbc:postgresql://127.0.0.1:5432/$db" --db-username="$db" --db-password="$db" \
      --db-pool-initial-size=2 --db-pool-min-size=2 --db-pool-max-size="${KEYCLOAK_DB_POOL_MAX:-20}" \
      --import-realm \
      --spi-password-hashing--argon2--memory="${KEYCLOAK_ARGON2_MEMORY_KIB:-19456}" \
      --spi-password-hashing--argon2--iterations="${KEYCLOAK_ARGON2_ITERATIONS:-2}" \
      --spi-password-hashing--argon2--parallelism="${KEYCLOAK_ARGON2_PARALLELISM:-1}" \
      </dev/null >"$dir/keycloak.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/keycloak-sh.pid"
    deadline=$(( $(date +%s) + ${KEYCLOAK_START_TIMEOUT:-300} ))
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/realms/$realm_name/.well-known/openid-configuration" 2>/dev/null; do
      if [[ ! -d /proc/$pid ]]; then tail -30 "$dir/keycloak.log" >&2; echo "Keycloak exited (log: $dir/keycloak.log)" >&2; exit 1; fi
      if (( $(date +%s) > deadline )); then tail -30 "$dir/keycloak.log" >&2; echo "Keycloak not ready (log: $dir/keycloak.log)" >&2; exit 1; fi
      sleep 1
    done
    # kc.sh runs Keycloak's JVM as its child: that is the process to measure and to stop
    jpid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    echo "${jpid:-$pid}" >"$dir/keycloak.pid"
    echo "${jpid:-$pid}"
    ;;
  stop)
    dir=${2:?directory}
    # the JVM (keycloak.pid, once ready) and kc.sh (keycloak-sh.pid); only processes whose
    # command line names this distribution
    for f in keycloak.pid keycloak-sh.pid; do
      [[ -s "$dir/$f" ]] || continue
      pid=$(cat "$dir/$f")
      pids=("$pid")
      [[ $f == keycloak-sh.pid ]] && pids+=($(ps -o pid= --ppid "$pid" 2>/dev/null || true))
      for p in "${pids[@]}"; do
        if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "keycloak-$version"; then
          kill -TERM "$p" 2>/dev/null || true
          for _ in $(seq 300); do [[ -d /proc/$p ]] || break; sleep 0.1; done
          [[ -d /proc/$p ]] && kill -KILL "$p" 2>/dev/null || true
        fi
      done
      rm -f "$dir/$f"
    done
    # a start interrupted before it wrote the pid files: this distribution's processes on the port
    if [[ -s "$dir/port" ]]; then
      port=$(cat "$dir/port")
      for p in $(pgrep -f -- "--http-port=$port" || true); do
        if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "$home"; then kill -KILL "$p" 2>/dev/null || true; fi
      done
    fi
    ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
