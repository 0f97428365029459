#!/usr/bin/env bash
# 10,000 invitations by bulk (10 x 1,000) through invitation-service, and the time until the SMTP
# server (GreenMail, in the bench JVM) accepted every email. Needs Postgres and RabbitMQ as for
# the module tests (./threshold setup). Appends a row to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(pwd)/bench/invitations/out/latest.md"
mkdir -p "$(dirname "$out")"
./mvnw -B -q -pl common install -DskipTests
./mvnw -B -pl invitation-service test -Dtest=InvitationBulkBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.out="$out" | grep -E "BENCH|Tests run|ERROR" || true
[[ -s "$out" ]] || { echo "bench produced no result" >&2; exit 1; }
cat "$out"
echo "append this row to the table in bench/RESULTS.md (section 'Invitations: 10,000 by bulk')"
