#!/usr/bin/env bash
# Benchmark of clearance's TokenReview webhook (POST /authenticate) on this machine.
#
#   bench/authn.sh                                 # defaults: N=2000 tokens per algorithm, R=3 runs of D=10 s
#   bench/authn.sh --baseline /tmp/old/quarkus-run.jar   # this jar and another in alternation, PAIRS=3 pairs
#   N=200 R=1 D=3 WARMUP=5 WARMUP_MAX=10 bench/authn.sh   # a quick trial (figures not meaningful)
#
# 1. mints N RS256 and N ES256 tokens from a demo instance (development issuer) and saves its JWKS;
# 2. for each case starts a fresh production-like instance trusting that JWKS as a file, with the JVM flags that the
#    image and the Deployment ship (src/main/docker/jvm.options), measures the time until /q/health/ready answers
#    200, warms it up, then drives /authenticate with wrk:
#      rs256-distinct  cache-ttl=0   every request verifies an RS256 signature
#      rs256-cached    cache-ttl=2m  the same tokens again and again: verdict cache hits
#      es256-distinct  cache-ttl=0   every request verifies an ES256 signature
#      rs256-short     cache-ttl=0   RS256 under a clearance.issuers.* block mapping sub, groups, platform_host
#      rs256-file      cache-ttl=0   the same tokens and identities from an AuthenticationConfiguration file with
#                                    3 CEL mappings and 2 CEL validation rules (compare with rs256-short)
#    A case may be named several times (CASES="rs256-short rs256-file rs256-short rs256-file": A B A B);
#    with --baseline OTHER.jar every case runs PAIRS times on each jar, alternating (this jar, then the other).
#    The JVM under test runs on SERVER_CPUS and wrk on LOAD_CPUS (taskset), and each run reports the server's CPU
#    time per request (user and system time of the JVM over the run, divided by the requests) and its GC time.
#    R runs at peak concurrency (median req/s, p50, p99), then one latency run at about half of peak;
# 3. writes one JSON line per case run to BENCH_RESULTS and prints the summary from those lines: every run, the
#    medians per case and jar, and with a baseline the ratio of each pair.
# Every answer that is not HTTP 200 with "authenticated":true is counted (bench/authn.lua); the count must
# be 0. See bench/README.md for every setting.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# ---- settings (environment) -------------------------------------------------------------------------
N=${N:-2000}                      # distinct tokens per algorithm
R=${R:-3}                         # measured runs per case at peak concurrency
D=${D:-10}                        # seconds per measured run (and for the half-load latency run)
WARMUP=${WARMUP:-10}              # minimum seconds of warm-up per case, at peak concurrency, in 5 s steps
WARMUP_MAX=${WARMUP_MAX:-60}      # warm-up goes on while throughput still rises, up to this many seconds
PROBE=${PROBE:-2}                 # seconds per probe when looking for the half-load connection count
THREADS=${THREADS:-1}             # wrk threads at peak
CONNS=${CONNS:-16}                # wrk connections at peak
DEMO_PORT=${DEMO_PORT:-18080}     # demo instance that mints the tokens
PORT=${PORT:-18081}               # production-like instance under test
JVM_OPTIONS=${JVM_OPTIONS-@$SHIPPED_JVM_OPTIONS}   # the shipped flags; JVM_OPTIONS="" for the JVM's defaults
HEAP=${HEAP:-}                    # e.g. HEAP="-Xmx256m" (after the shipped flags, so it wins)
GC=${GC:-}                        # e.g. GC="-XX:+UseParallelGC" together with JVM_OPTIONS="" (one collector only)
JAVA_OPTS=${JAVA_OPTS:-}          # anything else for the JVM under test
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as the image sets it
CASES=${CASES:-rs256-distinct rs256-cached es256-distinct}
KEEP_WORK=${KEEP_WORK:-0}         # 1: keep the work directory (tokens, JWKS, logs, wrk outputs)
SERVER_CPUS=${SERVER_CPUS-0}      # cores for the JVM under test (taskset -c); "" for no pinning
LOAD_CPUS=${LOAD_CPUS-1}          # cores for wrk and the minting instance
BASELINE=""                       # --baseline OTHER.jar
BASELINE_JVM_OPTIONS=${BASELINE_JVM_OPTIONS-$JVM_OPTIONS}   # the baseline's flags (default: the same)
BASELINE_JAVA_HOME=${BASELINE_JAVA_HOME-${JAVA_HOME:-}}   # the baseline's JDK (default: the same)
BASELINE_MALLOC_ARENA_MAX=${BASELINE_MALLOC_ARENA_MAX-$MALLOC_ARENA_MAX}   # "" for glibc's default
PAIRS=${PAIRS:-3}                 # with a baseline: runs of each case on each jar

LUA=$ROOT/bench/authn.lua
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
HOST=$BENCH_HOST
AUDIENCE=dev-cluster
# the minted tokens' iss: https, so that an AuthenticationConfiguration (https only, as kube-apiserver) can name it;
# nothing fetches it, the instances under test read the saved JWKS from a file
BENCH_ISSUER=https://bench.clearance.invalid/dev-issuer

WORK=""
JAVA_PID=""
BACKGROUND_PIDS=()
ISSUER=""
MINTED_AT=0
TOKEN_LIFETIME=0

cleanup() {
    local rc=$?
    java_stop
    local pid
    for pid in "${BACKGROUND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ $KEEP_WORK == 1 || $rc != 0 ]]; then
            log "work directory kept: $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

# ---- tokens -----------------------------------------------------------------------------------------
# a curl config minting tokens FROM..TO with ALG over one keep-alive connection
curl_config() {
    local alg=$1 from=$2 to=$3
    awk -v from="$from" -v to="$to" -v alg="$alg" -v url="http://$HOST:$DEMO_PORT/dev-issuer/token" 'BEGIN {
        for (i = from; i <= to; i++) {
            if (i > from) print "next"
            printf "url = \"%s\"\ndata = \"user=u%d&groups=team-%d&alg=%s&format=raw\"\nsilent\nshow-error\nfail\n", url, i, i % 200, alg
        }
    }'
}

# mint_tokens ALG FILE: N tokens, two curl processes in parallel, each on one keep-alive connection
mint_tokens() {
    local alg=$1 file=$2 half=$(( (N + 1) / 2 ))
    curl_config "$alg" 1 "$half" >"$WORK/mint-$alg-1.cfg"
    curl -K "$WORK/mint-$alg-1.cfg" >"$file.1" & BACKGROUND_PIDS+=($!)
    if (( N > half )); then
        curl_config "$alg" $(( half + 1 )) "$N" >"$WORK/mint-$alg-2.cfg"
        curl -K "$WORK/mint-$alg-2.cfg" >"$file.2" & BACKGROUND_PIDS+=($!)
    else
        : >"$file.2"
    fi
    local pid failed=0
    for pid in "${BACKGROUND_PIDS[@]}"; do wait "$pid" || failed=1; done
    (( failed == 0 )) || die "minting $alg tokens failed (is the demo instance up?)"
    BACKGROUND_PIDS=()
    cat "$file.1" "$file.2" >"$file"
    rm -f "$file.1" "$file.2"
    local lines good
    lines=$(wc -l <"$file")
    good=$(grep -cE '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' "$file" || true)
    [[ $lines == "$N" && $good == "$N" ]] || die "expected $N $alg tokens in $file, got $lines lines ($good JWTs)"
}

# the iss claim of the first token of FILE
token_issuer() {
    local payload
    payload=$(head -n 1 "$1" | cut -d. -f2 | tr '_-' '/+')
    while (( ${#payload} % 4 )); do payload+="="; done
    printf '%s' "$payload" | base64 -d | grep -o '"iss":"[^"]*"' | cut -d'"' -f4
}

mint_all() {
    log "minting $N RS256 and $N ES256 tokens on a demo instance (port $DEMO_PORT), token lifetime ${TOKEN_LIFETIME}s"
    java_start "$WORK/demo.log" "$DEMO_PORT" "$LOAD_CPUS" "$JAR" -Dquarkus.profile=demo \
        -Dclearance.dev-issuer.token-lifetime="${TOKEN_LIFETIME}s" -Dclearance.dev-issuer.issuer=$BENCH_ISSUER \
        -Dclearance.issuers.dev.jwks-url="http://$HOST:$DEMO_PORT/dev-issuer/jwks"
    local t0
    t0=$(now_ms)
    MINTED_AT=$(date +%s)
    mint_tokens RS256 "$WORK/tokens-rs256.txt"
    mint_tokens ES256 "$WORK/tokens-es256.txt"
    curl -sf "http://$HOST:$DEMO_PORT/dev-issuer/jwks" >"$WORK/jwks.json" || die "cannot fetch the JWKS"
    java_stop
    ISSUER=$(token_issuer "$WORK/tokens-rs256.txt")
    [[ -n $ISSUER ]] || die "cannot read iss from the minted tokens"
    log "minted $(( 2 * N )) tokens in $(( $(now_ms) - t0 )) ms; iss=$ISSUER"
}

# ---- load ------------------------------------------------------------------------------------------
# wrk_run LABEL THREADS CONNS SECONDS TOKENS: sets RUN_RPS RUN_P50 RUN_P99 (microseconds) RUN_BAD RUN_SOCKET, the
# server's CPU per request RUN_CPU = RUN_USER + RUN_SYS (µs) and RUN_GC (% of the run's wall time in GC pauses),
# and appends them with the label to $WORK/runs.txt (the source of the refusal counts)
wrk_run() {
    local label=$1 threads=$2 conns=$3 seconds=$4 tokens=$5 out="$WORK/wrk-$1.txt" line before after gc0 gc1 w0 w1
    before=$(cpu_ticks "$JAVA_PID") gc0=$(gc_seconds "$JAVA_PID") w0=$(now_ms)
    # shellcheck disable=SC2046  # the taskset prefix is a list of words
    $(pinned "$LOAD_CPUS") wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$LUA" "http://$HOST:$PORT" -- "$tokens" \
        >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($label)"; }
    after=$(cpu_ticks "$JAVA_PID") gc1=$(gc_seconds "$JAVA_PID") w1=$(now_ms)
    line=$(awk -v before="$before" -v after="$after" -v hz="$CLK_TCK" -v gc0="${gc0:-0}" -v gc1="${gc1:-0}" -v ms=$(( w1 - w0 )) '/^BENCH / {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        split(before, b, " "); split(after, a, " ")
        per = v["requests"] > 0 ? 1e6 / hz / v["requests"] : 0
        printf "%.1f %d %d %d %d %.1f %.1f %.1f %.2f\n", v["rps"], v["p50_us"], v["p99_us"], v["bad"], v["socket_errors"],
            (a[1] - b[1] + a[2] - b[2]) * per, (a[1] - b[1]) * per, (a[2] - b[2]) * per, 100 * (gc1 - gc0) * 1000 / ms }' "$out")
    [[ -n $line ]] || { cat "$out" >&2; die "no BENCH line in the wrk output ($label)"; }
    echo "$label $line" >>"$WORK/runs.txt"
    read -r RUN_RPS RUN_P50 RUN_P99 RUN_BAD RUN_SOCKET RUN_CPU RUN_USER RUN_SYS RUN_GC <<<"$line"
}

# find_half_conns LABEL PEAK_RPS TOKENS: sets HALF_CONNS, the connection count (one wrk thread) whose
# throughput is closest to half of PEAK_RPS, trying 1, 2, 3, 4, 6, 8, ... below CONNS with short probes
find_half_conns() {
    local label=$1 peak=$2 tokens=$3 target best=1 best_diff="" c diff
    target=$(awk -v p="$peak" 'BEGIN { print p / 2 }')
    for c in 1 2 3 4 6 8 12 16 24 32 48 64 96 128; do
        (( c < CONNS )) || break
        wrk_run "$label-probe-c$c" 1 "$c" "$PROBE" "$tokens"
        diff=$(awk -v r="$RUN_RPS" -v t="$target" 'BEGIN { d = r - t; print (d < 0 ? -d : d) }')
        log "  probe -t1 -c$c: $(printf '%.0f' "$RUN_RPS") req/s (half of peak: $(printf '%.0f' "$target"))"
        if [[ -z $best_diff ]] || awk -v d="$diff" -v b="$best_diff" 'BEGIN { exit !(d < b) }'; then
            best=$c best_diff=$diff
        fi
        awk -v r="$RUN_RPS" -v t="$target" 'BEGIN { exit !(r >= t) }' && break
    done
    HALF_CONNS=$best
}

# warm_up LABEL TOKENS: 5 s steps at peak concurrency, at least WARMUP seconds, then until a step is no more
# than 3 % faster than the one before (the JIT has settled; C2 needs 15-20 s on 2 busy cores), at most WARMUP_MAX
warm_up() {
    local label=$1 tokens=$2 step=$(( WARMUP < 5 ? WARMUP : 5 )) elapsed=0 previous=0 rates=""
    while :; do
        wrk_run "$label-warmup$(( elapsed / step + 1 ))" "$THREADS" "$CONNS" "$step" "$tokens"
        elapsed=$(( elapsed + step ))
        rates+=" $(printf '%.0f' "$RUN_RPS")"
        if (( elapsed >= WARMUP )) && awk -v r="$RUN_RPS" -v p="$previous" 'BEGIN { exit !(r <= 1.03 * p) }'; then
            log "  warm-up ${elapsed}s -t$THREADS -c$CONNS, req/s per ${step}s:$rates (settled)"
            return
        fi
        if (( elapsed >= WARMUP_MAX )); then
            log "  warm-up ${elapsed}s -t$THREADS -c$CONNS, req/s per ${step}s:$rates (still rising at WARMUP_MAX)"
            return
        fi
        previous=$RUN_RPS
    done
}

# smoke_test TOKENS: one review must come back authenticated, else the whole measurement is pointless
smoke_test() {
    local token answer
    token=$(head -n 1 "$1")
    answer=$(curl -s -w ' HTTP %{http_code}' -H 'Content-Type: application/json' "http://$HOST:$PORT/authenticate" \
        -d '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"'"$token"'","audiences":["https://kubernetes.default.svc.cluster.local"]}}')
    [[ $answer == *'"authenticated":true'*' HTTP 200' ]] || die "the first token is not accepted: $answer"
}

# ---- one case ---------------------------------------------------------------------------------------
run_case() {
    local name=$1 label=$2 jar=$3 side=$4 pair=$5 alg ttl tokens trust
    case $name in
        rs256-distinct) alg=RS256 ttl=0 trust=block ;;
        rs256-cached) alg=RS256 ttl=2m trust=block ;;
        es256-distinct) alg=ES256 ttl=0 trust=block ;;
        rs256-short) alg=RS256 ttl=0 trust=mapped-block ;;
        rs256-file) alg=RS256 ttl=0 trust=file ;;
        *) die "unknown case $name (known: rs256-distinct rs256-cached es256-distinct rs256-short rs256-file)" ;;
    esac
    tokens=$WORK/tokens-${alg,,}.txt
    local left=$(( MINTED_AT + TOKEN_LIFETIME - $(date +%s) ))
    (( left > 2 * (WARMUP_MAX + (R + 1) * D) + 60 )) || die "the minted tokens expire in ${left}s, too soon for case $name"

    echo
    log "case $label ($side: $jar): $alg, cache-ttl=$ttl, issuer from $trust, $N tokens cycled"
    local issuer_opts=()
    case $trust in
        block|mapped-block)
            issuer_opts=(-Dclearance.issuers.bench.issuer="$ISSUER" -Dclearance.issuers.bench.audiences=$AUDIENCE
                -Dclearance.issuers.bench.jwks-file="$WORK/jwks.json" -Dclearance.issuers.bench.algorithms=RS256,ES256
                -Dclearance.issuers.bench.max-token-lifetime="${TOKEN_LIFETIME}s")
            [[ $trust == block ]] || issuer_opts+=(-Dclearance.issuers.bench.extra.\"clearance.dev/platform-host\"=platform_host)
            ;;
        file)
            write_authentication_config "$WORK/authentication-config.yaml"
            issuer_opts=(-Dclearance.authn.config-file="$WORK/authentication-config.yaml"
                -Dclearance.authn.file-issuers.issuer.bench.url="$ISSUER"
                -Dclearance.authn.file-issuers.issuer.bench.jwks-file="$WORK/jwks.json"
                -Dclearance.authn.file-issuers.issuer.bench.max-token-lifetime="${TOKEN_LIFETIME}s")
            ;;
    esac
    # plain: the prod profile's settings without TLS, which wrk on loopback does not need; no cluster here: the
    # authorizer's namespaces come from static configuration, so readiness only waits for the issuer's keys
    local jvm_options=$JVM_OPTIONS extra=$JAVA_OPTS java_home=${JAVA_HOME:-} arenas=$MALLOC_ARENA_MAX
    if [[ $side == baseline ]]; then
        jvm_options=$BASELINE_JVM_OPTIONS extra="" java_home=$BASELINE_JAVA_HOME
        if [[ -n $BASELINE_MALLOC_ARENA_MAX ]]; then export MALLOC_ARENA_MAX=$BASELINE_MALLOC_ARENA_MAX; else unset MALLOC_ARENA_MAX; fi
    fi
    # shellcheck disable=SC2086  # the options are lists of options
    JAVA_HOME=$java_home java_start "$WORK/$label-$side.log" "$PORT" "$SERVER_CPUS" "$jar" $jvm_options $HEAP $GC $extra \
        "${issuer_opts[@]}" -Dclearance.authn.cache-ttl=$ttl -Dclearance.authz.namespace-source=static -Dquarkus.profile=plain
    export MALLOC_ARENA_MAX=$arenas
    local ready=$READY_MS
    log "  ready in $ready ms (pid $JAVA_PID)"
    smoke_test "$tokens"

    warm_up "$label" "$tokens"

    local rpss=() p50s=() p99s=() cpus=() users=() syss=() gcs=() i
    for (( i = 1; i <= R; i++ )); do
        wrk_run "$label-run$i" "$THREADS" "$CONNS" "$D" "$tokens"
        rpss+=("$RUN_RPS") p50s+=("$RUN_P50") p99s+=("$RUN_P99") cpus+=("$RUN_CPU") users+=("$RUN_USER") syss+=("$RUN_SYS") gcs+=("$RUN_GC")
        log "  run $i/$R -t$THREADS -c$CONNS: $(printf '%.0f' "$RUN_RPS") req/s, p50 $(us_to_ms "$RUN_P50") ms, p99 $(us_to_ms "$RUN_P99") ms, server CPU $RUN_CPU µs/req (user $RUN_USER, system $RUN_SYS), GC $RUN_GC %"
    done
    local peak
    peak=$(median "${rpss[@]}")

    find_half_conns "$label" "$peak" "$tokens"
    wrk_run "$label-half" 1 "$HALF_CONNS" "$D" "$tokens"
    local pct
    pct=$(awk -v h="$RUN_RPS" -v p="$peak" 'BEGIN { printf "%.0f", 100 * h / p }')
    log "  half load -t1 -c$HALF_CONNS: $(printf '%.0f' "$RUN_RPS") req/s (${pct}% of peak), p50 $(us_to_ms "$RUN_P50") ms, p99 $(us_to_ms "$RUN_P99") ms"

    local rss bad socket
    rss=$(peak_rss_mb "$JAVA_PID")
    java_stop
    bad=$(awk -v p="$label-" 'index($1, p) == 1 { s += $5 } END { print s + 0 }' "$WORK/runs.txt")
    socket=$(awk -v p="$label-" 'index($1, p) == 1 { s += $6 } END { print s + 0 }' "$WORK/runs.txt")
    log "  peak RSS ${rss} MB; bad answers: $bad; socket errors: $socket"
    if (( bad > 0 || socket > 0 )); then
        warn_loudly "case $label: $bad answers were not HTTP 200 with \"authenticated\":true and $socket socket errors occurred; its figures are WORTHLESS (outputs in $WORK)"
        KEEP_WORK=1
    fi
    json_line bench authn case "$name" label "$label" side "$side" pair "$pair" jar "$jar" conns "$CONNS" \
        rps "$(printf '%.0f' "$peak")" p50_ms "$(us_to_ms "$(median "${p50s[@]}")")" p99_ms "$(us_to_ms "$(median "${p99s[@]}")")" \
        cpu_us "$(median "${cpus[@]}")" user_us "$(median "${users[@]}")" sys_us "$(median "${syss[@]}")" gc_pct "$(median "${gcs[@]}")" \
        half_conns "$HALF_CONNS" half_rps "$(printf '%.0f' "$RUN_RPS")" half_pct "$pct" half_p50_ms "$(us_to_ms "$RUN_P50")" \
        half_p99_ms "$(us_to_ms "$RUN_P99")" rss_mb "$rss" ready_ms "$ready" bad "$(( bad + socket ))"
}

# the rs256-file case's AuthenticationConfiguration (bench/authentication-config.yaml with this run's issuer)
write_authentication_config() {
    sed -e "s|__ISSUER__|$ISSUER|" -e "s|__AUDIENCE__|$AUDIENCE|" "$ROOT/bench/authentication-config.yaml" >"$1"
}

# ---- report (from the JSON lines) ------------------------------------------------------------------
print_summary() {
    echo
    echo "================================================ clearance /authenticate ================================================"
    print_environment
    echo "settings: N=$N R=$R D=${D}s WARMUP=${WARMUP}-${WARMUP_MAX}s peak=-t$THREADS -c$CONNS MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
    echo "jvm:      $(echo $JVM_OPTIONS $HEAP $GC $JAVA_OPTS)"
    [[ $JVM_OPTIONS != @* ]] || echo "          ${JVM_OPTIONS#@}: $(grep -v '^#' "${JVM_OPTIONS#@}" | sed 's/ *#.*//' | paste -sd' ' -)"
    echo "pinning:  server on cores '${SERVER_CPUS:-any}', wrk on '${LOAD_CPUS:-any}' ($(command -v taskset >/dev/null && echo taskset || echo 'no taskset: not pinned'))"
    [[ -z $BASELINE ]] || echo "jars:     new = $JAR; baseline = $BASELINE (jvm: $BASELINE_JVM_OPTIONS; JAVA_HOME=${BASELINE_JAVA_HOME:-unset})"
    echo
    printf '%-17s %-8s %8s %7s %7s %8s %6s %6s %5s | %5s %8s %7s %7s | %6s %8s %4s\n' \
        case jar "req/s" "p50 ms" "p99 ms" "µs/req" user sys "GC %" conns "req/s" "p50 ms" "p99 ms" "RSS MB" "ready ms" bad
    jq -r 'select(.bench == "authn") | [.label, .side, .rps, .p50_ms, .p99_ms, .cpu_us, .user_us, .sys_us, .gc_pct,
        .half_conns, .half_rps, .half_p50_ms, .half_p99_ms, .rss_mb, .ready_ms, .bad] | @tsv' "$BENCH_RESULTS" |
        while IFS=$'\t' read -r -a row; do
            printf '%-17s %-8s %8s %7s %7s %8s %6s %6s %5s | %5s %8s %7s %7s | %6s %8s %4s\n' "${row[@]}"
        done
    echo
    echo "medians per case and jar (req/s, server µs/req, p99 ms at peak, p99 ms at half load, peak RSS MB, ready ms):"
    jq -rs 'def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        map(select(.bench == "authn")) | group_by([.case, .side])[] |
        "  \(.[0].case | . + " " * (15 - length)) \(.[0].side | . + " " * (8 - length)) \(length) runs: req/s \(map(.rps) | median),"
        + " µs/req \(map(.cpu_us) | median), p99 \(map(.p99_ms) | median) / \(map(.half_p99_ms) | median), RSS \(map(.rss_mb) | median),"
        + " ready \(map(.ready_ms) | median)"' "$BENCH_RESULTS"
    if [[ -n $BASELINE ]]; then
        echo
        echo "new / baseline per pair (req/s ratio; server µs/req ratio; under 1 for µs/req is better):"
        jq -rs 'map(select(.bench == "authn")) | group_by([.case, .pair])[] | select(length == 2) |
            (map(select(.side == "new"))[0]) as $n | (map(select(.side == "baseline"))[0]) as $b |
            "  \($n.case | . + " " * (15 - length)) pair \($n.pair): req/s \($n.rps) / \($b.rps) = \($n.rps / $b.rps * 100 | round / 100);"
            + " µs/req \($n.cpu_us) / \($b.cpu_us) = \($n.cpu_us / $b.cpu_us * 100 | round / 100);"
            + " p99 \($n.p99_ms) / \($b.p99_ms) ms; RSS \($n.rss_mb) / \($b.rss_mb) MB; ready \($n.ready_ms) / \($b.ready_ms) ms"' "$BENCH_RESULTS"
    fi
    echo
    echo "server µs/req: the JVM's CPU time (user + system) over a peak run divided by its requests, median of the runs;"
    echo "GC %: wall time in GC (jstat GCT) over the peak runs; peak: median of $R runs of ${D}s; half: one ${D}s run with"
    echo "one wrk thread and fewer connections; RSS: VmHWM of the JVM; ready: from launching java to the first 200 from"
    echo "/q/health/ready; bad: answers that were not 200 + authenticated:true. Results: $BENCH_RESULTS"
    local total
    total=$(awk '{ s += $5 + $6 } END { print s + 0 }' "$WORK/runs.txt")
    if (( total > 0 )); then
        warn_loudly "$total bad answers or socket errors in total: these results measure failures, not authentications"
        return 1
    fi
}

# ---- main -------------------------------------------------------------------------------------------
usage() {
    echo "usage: bench/authn.sh [--baseline OTHER.jar] [--results FILE.jsonl]   (settings: see bench/README.md)" >&2
    exit 2
}

main() {
    while (( $# )); do
        case $1 in
            --baseline) (( $# >= 2 )) || usage; BASELINE=$(readlink -f "$2"); shift 2 ;;
            --baseline-jvm-options) (( $# >= 2 )) || usage; BASELINE_JVM_OPTIONS=$2; shift 2 ;;
            --results) (( $# >= 2 )) || usage; BENCH_RESULTS=$2; shift 2 ;;
            -h|--help) usage ;;
            *) echo "unknown argument: $1" >&2; usage ;;
        esac
    done
    local v
    for v in N R D WARMUP WARMUP_MAX PROBE THREADS CONNS PAIRS; do
        [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
    done
    [[ -z $BASELINE || -f $BASELINE ]] || die "no baseline jar at $BASELINE"
    [[ -z $JVM_OPTIONS || $JVM_OPTIONS != @* || -f ${JVM_OPTIONS#@} ]] || die "no JVM options file at ${JVM_OPTIONS#@}"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    bench_require curl wrk jq "$(bench_java)"
    bench_build_jar "$JAR"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/clearance-bench.XXXXXX")
    BENCH_RESULTS=${BENCH_RESULTS:-$WORK/results.jsonl}
    : >"$WORK/runs.txt"
    # tokens must outlive the whole run: every case run's start-up, probes, warm-up and runs, with a margin;
    # the instances under test accept that lifetime (max-token-lifetime) and nothing else changes
    local runs=0 c
    for c in $CASES; do runs=$(( runs + 1 )); done
    [[ -z $BASELINE ]] || runs=$(( runs * PAIRS * 2 ))
    TOKEN_LIFETIME=$(( 2 * runs * (60 + WARMUP_MAX + (R + 1) * D) + 300 ))
    (( TOKEN_LIFETIME >= 900 )) || TOKEN_LIFETIME=900

    log "clearance benchmark; work directory $WORK; results $BENCH_RESULTS"
    print_environment
    mint_all
    declare -A seen=()
    local pair
    for c in $CASES; do
        seen[$c]=$(( ${seen[$c]:-0} + 1 ))
        if [[ -z $BASELINE ]]; then
            run_case "$c" "$c#${seen[$c]}" "$JAR" new "${seen[$c]}"
        else
            for (( pair = 1; pair <= PAIRS; pair++ )); do
                run_case "$c" "$c#$pair" "$JAR" new "$pair"
                run_case "$c" "$c#$pair" "$BASELINE" baseline "$pair"
            done
        fi
    done
    print_summary
    if [[ $BENCH_RESULTS == "$WORK"/* ]]; then
        local kept
        kept=${TMPDIR:-/tmp}/clearance-bench-$(date +%Y%m%d-%H%M%S).jsonl
        cp "$BENCH_RESULTS" "$kept"
        echo "(the JSON lines are copied to $kept)"
    fi
}

main "$@"
