#!/usr/bin/env bash
# Overload: identity-service and the gateway driven by twice as many clients as their in-flight limits
# (threshold.overload.max-in-flight, threshold.gateway.overload.max-in-flight). Reports the refused (503/429)
# share, whether refusals carry Retry-After, and the p50/p99 of the admitted requests against the unloaded p99.
# The processes and the measurement are bench/gateway/run.sh's (--overload-only); its options and environment
# apply, e.g. BENCH_IDENTITY_MAX_IN_FLIGHT, BENCH_GATEWAY_MAX_IN_FLIGHT, and BENCH_OVERLOAD_TARGETS for more
# services of a running system (name=url=limit ..., BENCH_OVERLOAD_HEADER for their bearer token).
# Usage: bench/overload/run.sh [--duration 8s] [--connections 16]
exec "$(cd "$(dirname "$0")/.." && pwd)/gateway/run.sh" --overload-only "$@"
