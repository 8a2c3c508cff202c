#!/usr/bin/env bash
# What the audit trail costs: bench/authn.sh's cached RS256 case (the cheapest requests, so the most sensitive
# to per-event work) with clearance.audit.sink=stdout (the default; the JVM's stdout is redirected to a file by
# authn.sh) and with clearance.audit.sink=none, alternating, ROUNDS times each. Prints the peak req/s of every run
# and the median ratio.
#
#   bench/audit.sh                # 2 rounds, about 6 minutes
#   ROUNDS=3 CASE=rs256-distinct bench/audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
CASE=${CASE:-rs256-cached}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

peak() { # the peak req/s column of the case's row in authn.sh's final table
  awk -v c="$CASE" '$1 == c {print $3}' "$1"
}

for ((round = 1; round <= ROUNDS; round++)); do
  for sink in stdout none; do
    echo "round $round, audit sink $sink ..." >&2
    CASES=$CASE JAVA_OPTS="-Dclearance.audit.sink=$sink" bench/authn.sh > "$OUT/$sink-$round.txt" 2>&1 \
      || { cat "$OUT/$sink-$round.txt" >&2; exit 1; }
    echo "$sink $(peak "$OUT/$sink-$round.txt")" >> "$OUT/peaks"
  done
done

echo
echo "case $CASE, peak req/s per run:"
sort "$OUT/peaks" | awk '{printf "  audit %-6s %s\n", $1, $2}'
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
with=$(awk '$1 == "stdout" {print $2}' "$OUT/peaks" | median)
without=$(awk '$1 == "none" {print $2}' "$OUT/peaks" | median)
awk -v w="$with" -v n="$without" 'BEGIN {printf "median: stdout %d, none %d req/s: the audit costs %.1f %% of throughput\n", w, n, (1 - w / n) * 100}'
