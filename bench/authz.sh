#!/usr/bin/env bash
# Benchmarks POST /authorize with wrk on loopback: a realistic decision mix (see authz.lua) over
# group namespaces from a static policy, for several namespace counts, to show that a decision costs
# the same whatever the number of namespaces. Prints req/s, p50 and p99 (medians of R runs).
#
#   bench/authz.sh                      # namespace counts 100 1000 10000, 200 groups
#   COUNTS="1000" R=5 D=20 bench/authz.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"

COUNTS=${COUNTS:-"100 1000 10000"}
GROUPS_N=${GROUPS_N:-200}
R=${R:-3}
D=${D:-10}
WARMUP=${WARMUP:-20}   # the JIT needs 15-20 s on 2 cores before figures settle
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-18181}
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
JVM_OPTIONS=${JVM_OPTIONS-@$SHIPPED_JVM_OPTIONS}   # the shipped flags; JVM_OPTIONS="" for the JVM's defaults
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as the image sets it
WORK=$(mktemp -d)
JAVA_PID=""
trap 'java_stop; rm -rf "$WORK"' EXIT

need() {
  bench_require curl wrk
  bench_build_jar "$JAR"
}

groups_for() { echo $(( $1 < GROUPS_N ? $1 : GROUPS_N )); } # never more groups than namespaces

policy() { # $1 = namespace count: ns-i owned by group-(i mod groups)
  local file=$WORK/policy-$1.properties groups
  groups=$(groups_for "$1")
  for ((i = 0; i < $1; i++)); do
    echo "clearance.authz.static.namespaces.ns-$i.group=group-$((i % groups))"
  done > "$file"
  echo "$file"
}

start() { # $1 = policy file
  # shellcheck disable=SC2086  # a list of options
  java_start "$WORK/server.log" "$PORT" "" "$JAR" $JVM_OPTIONS -Dquarkus.profile=demo \
    -Dclearance.dev-issuer.issuer="http://localhost:$PORT/dev-issuer" -Dquarkus.config.locations="$1"
}

stop() { java_stop; }

median_of_lines() { median $(cat); }

run() { # $1 = namespaces, $2 = duration, $3 = connections, $4 = threads
  NAMESPACES=$1 NS_GROUPS=$(groups_for "$1") wrk -t"$4" -c"$3" -d"$2"s -s bench/authz.lua "http://127.0.0.1:$PORT" | grep '^RESULT'
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

need
print_environment
printf '\n%-11s %10s %9s %9s %12s %12s\n' namespaces "req/s" "p50 ms" "p99 ms" "rss MB" "errors"
for count in $COUNTS; do
  start "$(policy "$count")"
  run "$count" "$WARMUP" "$CONNECTIONS" "$THREADS" > /dev/null
  : > "$WORK/runs"
  for ((i = 0; i < R; i++)); do run "$count" "$D" "$CONNECTIONS" "$THREADS" >> "$WORK/runs"; done
  rss=$(peak_rss_mb "$JAVA_PID")
  errors=$(field errors < "$WORK/runs" | paste -sd+ | bc)
  rps=$(field rps < "$WORK/runs" | median_of_lines)
  p50=$(field p50_ms < "$WORK/runs" | median_of_lines)
  p99=$(field p99_ms < "$WORK/runs" | median_of_lines)
  printf '%-11s %10s %9s %9s %12s %12s\n' "$count" "$rps" "$p50" "$p99" "$rss" "$errors"
  allowed=$(field allowed < "$WORK/runs" | paste -sd+ | bc); noop=$(field noopinion < "$WORK/runs" | paste -sd+ | bc)
  echo "            mix: $allowed allowed, $noop no opinion (expected about 9:1)"
  # latency at about half of peak: fewer connections (wrk has no constant-rate mode)
  half=$(run "$count" "$D" 2 1)
  echo "            at -c2 -t1: $(echo "$half" | field rps) req/s, p50 $(echo "$half" | field p50_ms) ms, p99 $(echo "$half" | field p99_ms) ms"
  stop
done
