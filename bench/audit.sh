#!/usr/bin/env bash
# What the audit trail costs: bench/authn.sh's cached RS256 case (the cheapest requests, so the most sensitive
# to per-event work) with clearance.audit.sink=stdout (the default; the JVM's stdout is redirected to a file by
# authn.sh) and with clearance.audit.sink=none, alternating, ROUNDS times each. Prints the peak req/s of every run
# and the median ratio, from authn.sh's JSON lines.
#
#   bench/audit.sh                # 2 rounds, about 6 minutes
#   ROUNDS=3 CASE=rs256-distinct bench/audit.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

ROUNDS=${ROUNDS:-2}
CASE=${CASE:-rs256-cached}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
bench_require jq

for ((round = 1; round <= ROUNDS; round++)); do
  for sink in stdout none; do
    log "round $round, audit sink $sink ..."
    CASES=$CASE JAVA_OPTS="-Dclearance.audit.sink=$sink" "$ROOT/bench/authn.sh" --results "$WORK/$sink.jsonl" \
      > "$WORK/$sink-$round.txt" 2>&1 || { cat "$WORK/$sink-$round.txt" >&2; exit 1; }
  done
done

echo
echo "case $CASE, peak req/s per run:"
for sink in stdout none; do
  echo "  audit $sink: $(jq -r '.rps' "$WORK/$sink.jsonl" | paste -sd' ' -)"
done
with=$(median $(jq -r '.rps' "$WORK/stdout.jsonl"))
without=$(median $(jq -r '.rps' "$WORK/none.jsonl"))
awk -v w="$with" -v n="$without" 'BEGIN {printf "median: stdout %d, none %d req/s: the audit costs %.1f %% of throughput\n", w, n, (1 - w / n) * 100}'
