#!/usr/bin/env bash
# What an AuthenticationConfiguration's CEL costs per token, in-process: bench/java/.../FileRulesCost.java maps the
# same 2,000 payloads with the short form and with a file of 3 CEL mappings + 2 CEL validation rules, in alternating
# rounds on one pinned core, and prints the medians and the added µs per token.
#
#   bench/cel-cost.sh              # 10 rounds of 200,000 tokens per rule set
#   ROUNDS=4 PER_ROUND=50000 bench/cel-cost.sh
#
# Uses target/classes and target/test-classes (run ./mvnw -q test-compile first if the code changed), the project's
# dependencies, and bench/authentication-config.yaml (the rs256-file case's file).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${ROUNDS:-10}
PER_ROUND=${PER_ROUND:-200000}
CPUS=${CPUS:-0}
if [[ -n ${JAVA_HOME:-} ]]; then JAVA=$JAVA_HOME/bin/java JAVAC=$JAVA_HOME/bin/javac; else JAVA=java JAVAC=javac; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clearance-cel-cost.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
[[ -d $ROOT/target/test-classes/dev/clearance/testsupport ]] || (cd "$ROOT" && ./mvnw -B -q test-compile)
(cd "$ROOT" && ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$WORK/cp.txt")"
"$JAVAC" -d "$WORK/classes" -cp "$CP" "$ROOT/bench/java/dev/clearance/token/FileRulesCost.java"
PIN=()
if [[ -n $CPUS ]] && command -v taskset >/dev/null; then PIN=(taskset -c "$CPUS"); fi
echo "java: $("$JAVA" -version 2>&1 | head -n 1); pinned to cores '${CPUS:-any}'"
"${PIN[@]}" "$JAVA" -Xms64m -Xmx128m -XX:+UseSerialGC -cp "$WORK/classes:$CP" dev.clearance.token.FileRulesCost \
    "$ROUNDS" "$PER_ROUND" "$ROOT/bench/authentication-config.yaml"
