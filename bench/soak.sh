#!/usr/bin/env bash
# Soak of POST /authenticate at a constant rate of distinct tokens, with the JVM settings the image and the Deployment
# ship (src/main/docker/jvm.options and the image's MALLOC_ARENA_MAX): does clearance hold the rate, with a short tail,
# little GC and a flat RSS, while its verdict cache fills to its memory bound and evicts?
#
#   bench/soak.sh                          # 2,000 req/s for 10 minutes, after 30 s at that rate to warm up
#   RATE=1000 MINUTES=2 bench/soak.sh      # a shorter one
#
# 1. mints N distinct ES256 tokens with bench/java/dev/clearance/bench/MintTokens.java (JDK only, all cores): with
#    N >= RATE x cache-ttl, no token comes back while its verdict is still cached, so every request verifies and
#    every verdict is cached: the cache sits at its bound and evicts throughout;
# 2. starts one production-like instance (cache-ttl default 2m, keys from the minted JWKS file) on SERVER_CPUS and
#    paces wrk (bench/authn.lua with BENCH_RATE) on LOAD_CPUS;
# 3. measures MINUTES back-to-back one-minute runs; after each prints the achieved rate, p50, p99, max, the share
#    of that minute the JVM spent in GC pauses (jstat's GCT), its RSS and the verdict cache's entries and bytes;
# 4. prints a verdict against the targets: the rate held (>= 99 %), p99 <= 10 ms every minute, GC <= 5 % of the
#    time, RSS of the last minute within 5 % of the second's (flat). Exit status 1 when an answer was not an
#    authentication.
# One JSON line per minute goes to $BENCH_RESULTS (default: in the work directory, printed at the end).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

RATE=${RATE:-2000}
MINUTES=${MINUTES:-10}
WARMUP=${WARMUP:-30}
CONNS=${CONNS:-32}
N=${N:-$(( RATE * 130 ))}          # cache-ttl 2m: a token comes back after N / RATE seconds > 120 s
PORT=${PORT:-18281}
SERVER_CPUS=${SERVER_CPUS-0}
LOAD_CPUS=${LOAD_CPUS-1}
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
JVM_OPTIONS=${JVM_OPTIONS-@$SHIPPED_JVM_OPTIONS}
JAVA_OPTS=${JAVA_OPTS:-}
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}   # as the image sets it; "" for glibc's default
if [[ -n $MALLOC_ARENA_MAX ]]; then export MALLOC_ARENA_MAX; else unset MALLOC_ARENA_MAX; fi
ISSUER=https://bench.clearance.invalid/soak
AUDIENCE=dev-cluster
LUA=$ROOT/bench/authn.lua

for v in RATE MINUTES WARMUP CONNS N; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
done
bench_require curl wrk jq
bench_build_jar "$JAR"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clearance-soak.XXXXXX")
BENCH_RESULTS=${BENCH_RESULTS:-$WORK/soak.jsonl}
JAVA_PID=""
cleanup() {
    local rc=$?
    java_stop
    if [[ $rc == 0 ]]; then rm -rf "$WORK"; else log "work directory kept: $WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "clearance soak: $RATE req/s of distinct ES256 tokens for $MINUTES min; work directory $WORK"
print_environment
echo "jvm:      ${JVM_OPTIONS:-(JVM defaults)} $JAVA_OPTS; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-(glibc default)}; jar $JAR"
[[ -z $JVM_OPTIONS || ! -f ${JVM_OPTIONS#@} ]] || echo "          $(grep -v '^#' "${JVM_OPTIONS#@}" | sed 's/ *#.*//' | paste -sd' ' -)"

lifetime=$(( (WARMUP + MINUTES * 60) * 2 + 3600 ))
t0=$(now_ms)
"$(bench_java)" "$ROOT/bench/java/dev/clearance/bench/MintTokens.java" "$WORK" "$N" "$ISSUER" "$AUDIENCE" "$lifetime"
log "minted $N tokens in $(( ($(now_ms) - t0) / 1000 )) s"

# shellcheck disable=SC2086  # JVM_OPTIONS and JAVA_OPTS are lists of options
java_start "$WORK/server.log" "$PORT" "$SERVER_CPUS" "$JAR" $JVM_OPTIONS $JAVA_OPTS \
    -Dquarkus.profile=plain -Dclearance.authz.namespace-source=static \
    -Dclearance.issuers.soak.issuer=$ISSUER -Dclearance.issuers.soak.audiences=$AUDIENCE \
    -Dclearance.issuers.soak.jwks-file="$WORK/jwks.json" -Dclearance.issuers.soak.algorithms=ES256 \
    -Dclearance.issuers.soak.max-token-lifetime="$(( lifetime + 60 ))s"
log "ready in $READY_MS ms (pid $JAVA_PID)"

# run SECONDS: one paced wrk run; sets RPS P50 P99 MAX (µs) BAD
run() {
    local out=$WORK/wrk.txt
    # shellcheck disable=SC2046
    BENCH_RATE=$RATE $(pinned "$LOAD_CPUS") wrk -t1 -c"$CONNS" -d"$1s" --timeout 10s -s "$LUA" "http://$BENCH_HOST:$PORT" -- \
        "$WORK/tokens-es256.txt" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    read -r RPS P50 P99 MAX BAD < <(awk '/^BENCH / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%.0f %d %d %d %d\n", v["rps"], v["p50_us"], v["p99_us"], v["max_us"], v["bad"] + v["socket_errors"] }' "$out")
    [[ -n ${RPS:-} ]] || { cat "$out" >&2; die "no BENCH line in the wrk output"; }
}

metric() { curl -s "http://$BENCH_HOST:$PORT/q/metrics" | awk -v m="$1" '$1 == m { printf "%.0f", $2 }'; }

run "$WARMUP"
log "warm-up ${WARMUP}s: $RPS req/s, p99 $(us_to_ms "$P99") ms"
printf '\n%6s %9s %8s %8s %8s %7s %7s %10s %10s %5s\n' minute "req/s" "p50 ms" "p99 ms" "max ms" "GC %" "RSS MB" "cache n" "cache MB" bad
bad_total=0 p99s=() gcs=() rsss=() rpss=()
for (( m = 1; m <= MINUTES; m++ )); do
    gc0=$(gc_seconds "$JAVA_PID") w0=$(now_ms)
    run 60
    gc1=$(gc_seconds "$JAVA_PID") w1=$(now_ms)
    gc=$(awk -v a="${gc0:-0}" -v b="${gc1:-0}" -v ms=$(( w1 - w0 )) 'BEGIN { printf "%.2f", 100 * (b - a) * 1000 / ms }')
    rss=$(rss_mb "$JAVA_PID")
    entries=$(metric clearance_authn_verdict_cache_entries)
    bytes=$(metric clearance_authn_verdict_cache_bytes)
    cache_mb=$(awk -v b="${bytes:-0}" 'BEGIN { printf "%.1f", b / 1048576 }')
    printf '%6d %9d %8s %8s %8s %7s %7s %10s %10s %5d\n' "$m" "$RPS" "$(us_to_ms "$P50")" "$(us_to_ms "$P99")" "$(us_to_ms "$MAX")" \
        "$gc" "$rss" "${entries:-?}" "$cache_mb" "$BAD"
    json_line bench soak minute "$m" rate_target "$RATE" rps "$RPS" p50_ms "$(us_to_ms "$P50")" p99_ms "$(us_to_ms "$P99")" \
        max_ms "$(us_to_ms "$MAX")" gc_pct "$gc" rss_mb "$rss" cache_entries "${entries:-0}" cache_mb "$cache_mb" bad "$BAD"
    bad_total=$(( bad_total + BAD )) p99s+=("$P99") gcs+=("$gc") rsss+=("$rss") rpss+=("$RPS")
done
peak=$(peak_rss_mb "$JAVA_PID")

echo
worst_p99=$(printf '%s\n' "${p99s[@]}" | sort -g | tail -n 1)
worst_gc=$(printf '%s\n' "${gcs[@]}" | sort -g | tail -n 1)
low_rps=$(printf '%s\n' "${rpss[@]}" | sort -g | head -n 1)
second=${rsss[$(( MINUTES > 1 ? 1 : 0 ))]} last=${rsss[-1]}
verdict() { if awk "BEGIN { exit !($2) }"; then echo "  met     $1"; else echo "  MISSED  $1"; fi; }
echo "targets ($MINUTES one-minute runs; peak RSS $peak MB; bad answers $bad_total):"
verdict "rate held: lowest minute $low_rps req/s of $RATE asked (>= 99 %)" "$low_rps >= 0.99 * $RATE"
verdict "p99 <= 10 ms every minute: worst $(us_to_ms "$worst_p99") ms" "$worst_p99 <= 10000"
verdict "GC pauses <= 5 % of the time: worst minute $worst_gc %" "$worst_gc <= 5"
verdict "flat RSS: minute $(( MINUTES > 1 ? 2 : 1 )) $second MB, last $last MB (within 5 %)" "$last <= 1.05 * $second"
echo "results: $BENCH_RESULTS"
[[ $BENCH_RESULTS != "$WORK"/* ]] || { cp "$BENCH_RESULTS" "${TMPDIR:-/tmp}/clearance-soak-$(date +%Y%m%d-%H%M%S).jsonl"; echo "(copied to ${TMPDIR:-/tmp})"; }
(( bad_total == 0 )) || { warn_loudly "$bad_total answers were not authentications: the figures are worthless"; exit 1; }
