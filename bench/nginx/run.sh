#!/usr/bin/env bash
# A private nginx (Debian nginx-light) as the reference proxy of the benches.
#   bench/nginx/run.sh start DIR PORT UPSTREAM   e.g. start /tmp/x 8090 127.0.0.1:8110
#                                                prints the master's pid once nginx answers on PORT
#   bench/nginx/run.sh stop DIR                  stops the nginx started with that DIR
# Config: bench/nginx/nginx.conf.in (1 worker, keepalive 64 to the upstream, no access log),
# rendered into DIR with its own pid file, error log and temp paths. Installs nginx-light when
# nginx is missing (root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?start|stop}
dir=${2:?directory}
case "$cmd" in
  start)
    port=${3:?port} upstream=${4:?upstream host:port}
    if ! command -v nginx >/dev/null; then
      [[ $(id -u) -eq 0 ]] || { echo "nginx missing: apt-get install -y nginx-light" >&2; exit 1; }
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light >/dev/null
    fi
    if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
      echo "port $port is taken" >&2; exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    sed -e "s|@PREFIX@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@UPSTREAM@|$upstream|g" \
      "$here/nginx.conf.in" >"$dir/nginx.conf"
    nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
    setsid nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" </dev/null >>"$dir/stdout.log" 2>&1 &
    for _ in $(seq 50); do
      if [[ -s "$dir/nginx.pid" ]] && timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
        cat "$dir/nginx.pid"; exit 0
      fi
      sleep 0.1
    done
    echo "nginx did not start (see $dir/error.log)" >&2; cat "$dir/error.log" >&2 || true; exit 1
    ;;
  stop)
    [[ -s "$dir/nginx.pid" ]] || exit 0
    pid=$(cat "$dir/nginx.pid")
    # only a master nginx started with this prefix
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "nginx.*-p $dir"; then
      kill -QUIT "$pid" 2>/dev/null || true
      for _ in $(seq 50); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
      [[ -d /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/nginx.pid"
    ;;
  *) echo "usage: $0 start DIR PORT UPSTREAM | stop DIR" >&2; exit 2 ;;
esac
