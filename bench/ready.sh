#!/usr/bin/env bash
# Time to ready: from launching the JVM to the first 200 from /q/health/ready, on one pinned core (a 1-CPU pod),
# production-like (plain HTTP, one issuer whose keys come from a file, a static policy), with the shipped JVM flags.
#
#   bench/ready.sh                      # Java 17 with the default jar, and the image's runtime: Java 25 + AOT cache
#   RUNS=11 bench/ready.sh
#   BASELINE_JAR=/tmp/old/quarkus-run.jar BASELINE_JVM_OPTIONS="-Xms64m -Xmx160m -XX:+UseSerialGC" bench/ready.sh
#
# Variants, launched in turn (A B C A B C ...), RUNS times each; prints every launch, the median and the peak RSS:
#   java17-fastjar    $JAVA17 -jar target/quarkus-app/quarkus-run.jar                 (what ./mvnw package makes)
#   java25-aotjar     $JAVA25 with an aot-jar build, no AOT cache
#   java25-aotcache   $JAVA25 with the aot-jar build and the AOT cache src/main/docker/aot-train.sh makes (the image)
#   java17-baseline   with BASELINE_JAR: $JAVA17 -jar BASELINE_JAR with BASELINE_JVM_OPTIONS (another commit's jar)
# The aot-jar build (./mvnw package -Dquarkus.package.jar.type=aot-jar into target/ready-aot) and its cache are
# made first, as the Dockerfile does. JAVA25 defaults to the Temurin 25 under /usr/lib/jvm.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

RUNS=${RUNS:-7}
PORT=${PORT:-18481}
CPUS=${CPUS-0}
JAVA17=${JAVA17:-$(command -v java)}
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25-jdk-* 2>/dev/null | head -n 1)/bin/java}
BASELINE_JAR=${BASELINE_JAR:-}
BASELINE_JVM_OPTIONS=${BASELINE_JVM_OPTIONS-@$SHIPPED_JVM_OPTIONS}
VARIANTS=${VARIANTS:-${BASELINE_JAR:+java17-baseline }java17-fastjar java25-aotjar java25-aotcache}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
AOT_DIR=$ROOT/target/ready-aot

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
bench_require curl jq
[[ -x $JAVA25 ]] || die "no Java 25 at $JAVA25 (set JAVA25)"
bench_build_jar "$ROOT/target/quarkus-app/quarkus-run.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clearance-ready.XXXXXX")
BENCH_RESULTS=${BENCH_RESULTS:-$WORK/ready.jsonl}
JAVA_PID=""
trap 'java_stop; rm -rf "$WORK"' EXIT

if [[ ! -f $AOT_DIR/quarkus-run.jar || $AOT_DIR/quarkus-run.jar -ot $ROOT/target/quarkus-app/quarkus-run.jar ]]; then
    log "building the aot-jar layout into $AOT_DIR"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory="$AOT_DIR")
fi
cp "$SHIPPED_JVM_OPTIONS" "$AOT_DIR/jvm.options"
log "training run for the AOT cache (src/main/docker/aot-train.sh)"
bash "$ROOT/src/main/docker/aot-train.sh" "$AOT_DIR" "$JAVA25" | tail -n 1

"$(bench_java)" "$ROOT/bench/java/dev/clearance/bench/MintTokens.java" "$WORK" 1 https://bench.clearance.invalid/ready dev-cluster 600
CONFIG=(-Dquarkus.profile=plain -Dclearance.authz.namespace-source=static
    -Dclearance.issuers.ready.issuer=https://bench.clearance.invalid/ready -Dclearance.issuers.ready.audiences=dev-cluster
    -Dclearance.issuers.ready.jwks-file="$WORK/jwks.json" -Dclearance.issuers.ready.algorithms=ES256)

launch() { # VARIANT: sets READY_MS and RSS
    local java jar extra=() options="@$SHIPPED_JVM_OPTIONS"
    case $1 in
        java17-baseline) java=$JAVA17 jar=$BASELINE_JAR options=$BASELINE_JVM_OPTIONS ;;
        java17-fastjar) java=$JAVA17 jar=$ROOT/target/quarkus-app/quarkus-run.jar ;;
        java25-aotjar) java=$JAVA25 jar=$AOT_DIR/quarkus-run.jar ;;
        java25-aotcache) java=$JAVA25 jar=$AOT_DIR/quarkus-run.jar extra=(-XX:AOTCache="$AOT_DIR/app.aot") ;;
        *) die "unknown variant $1" ;;
    esac
    # shellcheck disable=SC2086  # options is a list of flags
    JAVA_HOME=$(dirname "$(dirname "$java")") java_start "$WORK/$1.log" "$PORT" "$CPUS" "$jar" $options "${extra[@]}" "${CONFIG[@]}"
    RSS=$(rss_mb "$JAVA_PID")
    java_stop
}

print_environment
echo "jvm:      @${SHIPPED_JVM_OPTIONS#"$ROOT"/}: $(grep -v '^#' "$SHIPPED_JVM_OPTIONS" | sed 's/ *#.*//' | paste -sd' ' -)"
echo "pinned:   core '${CPUS:-any}'; Java 17: $JAVA17; Java 25: $JAVA25"
for (( i = 1; i <= RUNS; i++ )); do
    for v in $VARIANTS; do
        launch "$v"
        log "run $i $v: ready in $READY_MS ms, RSS at ready $RSS MB"
        json_line bench ready variant "$v" run "$i" ready_ms "$READY_MS" rss_mb "$RSS"
    done
done
echo
jq -rs 'def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    group_by(.variant)[] | "\(.[0].variant | . + " " * (16 - length)) ready ms: median \(map(.ready_ms) | median), min \(map(.ready_ms) | min), max \(map(.ready_ms) | max); RSS at ready \(map(.rss_mb) | median) MB (\(length) launches)"' "$BENCH_RESULTS"
