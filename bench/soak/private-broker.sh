#!/usr/bin/env bash
# A private RabbitMQ node, for running the soak's broker outage on a machine where others use the
# shared broker (127.0.0.1:5672), which must then never be stopped.
#
#   bench/soak/private-broker.sh start [NAME] [PORT]   default soak@localhost, 5771 (distribution port +20000)
#   bench/soak/private-broker.sh stop  [NAME]
#
# Then run the system and the soak against it:
#   ./threshold down
#   export THRESHOLD_RABBITMQ_NODE=soak@localhost THRESHOLD_RABBITMQ_PORT=5771 RABBITMQ_NODENAME=soak@localhost
#   ./threshold up && bench/soak/run.sh --duration 3m
# (RABBITMQ_NODENAME makes ./threshold's rabbitmqctl calls - vhosts, permissions - reach the node.)
# Data, logs and pid live in /tmp/rabbitmq-<NAME> (owned by the rabbitmq user).
set -euo pipefail
cmd=${1:?start|stop}
name=${2:-soak@localhost}
port=${3:-5771}
base=/tmp/rabbitmq-${name%%@*}
case "$cmd" in
  start)
    mkdir -p "$base/mnesia" "$base/log"
    echo "[]." >"$base/enabled_plugins"
    echo "listeners.tcp.local = 127.0.0.1:$port" >"$base/rabbitmq.conf"
    chown -R rabbitmq:rabbitmq "$base"
    RABBITMQ_NODENAME=$name RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$((port + 20000)) \
      RABBITMQ_MNESIA_BASE=$base/mnesia RABBITMQ_LOG_BASE=$base/log RABBITMQ_PID_FILE=$base/pid \
      RABBITMQ_ENABLED_PLUGINS_FILE=$base/enabled_plugins RABBITMQ_CONFIG_FILE=$base/rabbitmq.conf \
      RABBITMQ_ADVANCED_CONFIG_FILE=$base/advanced.config \
      rabbitmq-server -detached
    # the node registers with epmd a few seconds after -detached returns
    for _ in $(seq 60); do
      rabbitmqctl -n "$name" -q await_startup --timeout 10 >/dev/null 2>&1 && { echo "$name on 127.0.0.1:$port"; exit 0; }
      sleep 2
    done
    echo "$name did not start (log: $base/log/)" >&2; exit 1
    ;;
  stop)
    rabbitmqctl -n "$name" stop "$base/pid" >/dev/null 2>&1 || rabbitmqctl -n "$name" stop
    ;;
  *) echo "usage: $0 start|stop [NAME] [PORT]" >&2; exit 2 ;;
esac
