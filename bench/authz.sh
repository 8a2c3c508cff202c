#!/usr/bin/env bash
# Benchmarks POST /authorize with wrk on loopback: a realistic decision mix (see authz.lua) over
# group namespaces from a static policy, for several namespace counts, to show that a decision costs
# the same whatever the number of namespaces. Prints req/s, p50 and p99 (medians of R runs).
#
#   bench/authz.sh                      # namespace counts 100 1000 10000, 200 groups
#   COUNTS="1000" R=5 D=20 bench/authz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=${COUNTS:-"100 1000 10000"}
GROUPS_N=${GROUPS_N:-200}
R=${R:-3}
D=${D:-10}
WARMUP=${WARMUP:-20}   # the JIT needs 15-20 s on 2 cores before figures settle
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-18181}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d)
PID=

cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need() {
  if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    else echo "wrk is missing: apt-get install wrk" >&2; exit 1; fi
  fi
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
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
  "$JAVA" -Xms64m -Xmx128m -Dquarkus.profile=demo -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    -Dclearance.dev-issuer.issuer="http://localhost:$PORT/dev-issuer" \
    -Dquarkus.config.locations="$1" -jar target/quarkus-app/quarkus-run.jar > "$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "clearance did not become ready; see its log:" >&2; cat "$WORK/server.log" >&2; exit 1
}

stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

run() { # $1 = namespaces, $2 = duration, $3 = connections, $4 = threads
  NAMESPACES=$1 NS_GROUPS=$(groups_for "$1") wrk -t"$4" -c"$3" -d"$2"s -s bench/authz.lua "http://127.0.0.1:$PORT" | grep '^RESULT'
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

need
echo "java: $("$JAVA" -version 2>&1 | head -1); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '\n%-11s %10s %9s %9s %12s %12s\n' namespaces "req/s" "p50 ms" "p99 ms" "rss MB" "errors"
for count in $COUNTS; do
  start "$(policy "$count")"
  run "$count" "$WARMUP" "$CONNECTIONS" "$THREADS" > /dev/null
  : > "$WORK/runs"
  for ((i = 0; i < R; i++)); do run "$count" "$D" "$CONNECTIONS" "$THREADS" >> "$WORK/runs"; done
  rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status")
  errors=$(field errors < "$WORK/runs" | paste -sd+ | bc)
  rps=$(field rps < "$WORK/runs" | median)
  p50=$(field p50_ms < "$WORK/runs" | median)
  p99=$(field p99_ms < "$WORK/runs" | median)
  printf '%-11s %10s %9s %9s %12s %12s\n' "$count" "$rps" "$p50" "$p99" "$rss" "$errors"
  allowed=$(field allowed < "$WORK/runs" | paste -sd+ | bc); noop=$(field noopinion < "$WORK/runs" | paste -sd+ | bc)
  echo "            mix: $allowed allowed, $noop no opinion (expected about 9:1)"
  # latency at about half of peak: fewer connections (wrk has no constant-rate mode)
  half=$(run "$count" "$D" 2 1)
  echo "            at -c2 -t1: $(echo "$half" | field rps) req/s, p50 $(echo "$half" | field p50_ms) ms, p99 $(echo "$half" | field p99_ms) ms"
  stop
done
