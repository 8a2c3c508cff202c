#!/usr/bin/env bash
# Benchmark of clearance's TokenReview webhook (POST /authenticate) on this machine.
#
#   bench/authn.sh                      # defaults: N=2000 tokens per algorithm, R=3 runs of D=10 s
#   N=200 R=1 D=3 WARMUP=5 WARMUP_MAX=10 bench/authn.sh   # a quick trial (figures not meaningful)
#
# 1. mints N RS256 and N ES256 tokens from a demo instance (development issuer) and saves its JWKS;
# 2. for each case starts a fresh production-like instance trusting that JWKS as a file, measures the
#    time until /q/health/ready answers 200, warms it up, then drives /authenticate with wrk:
#      rs256-distinct  cache-ttl=0   every request verifies an RS256 signature
#      rs256-cached    cache-ttl=2m  the same tokens again and again: verdict cache hits
#      es256-distinct  cache-ttl=0   every request verifies an ES256 signature
#      rs256-short     cache-ttl=0   RS256 under a clearance.issuers.* block mapping sub, groups, platform_host
#      rs256-file      cache-ttl=0   the same tokens and identities from an AuthenticationConfiguration file with
#                                    3 CEL mappings and 2 CEL validation rules (compare with rs256-short)
#    A case may be named several times (CASES="rs256-short rs256-file rs256-short rs256-file": A B A B);
#    the JVM under test runs on SERVER_CPUS and wrk on LOAD_CPUS (taskset), and each run reports the
#    server's CPU time per request (utime + stime of the JVM over the run, divided by the requests).
#    R runs at peak concurrency (median req/s, p50, p99), then one latency run at about half of peak;
# 3. prints a summary table, the JVM's peak RSS, the Java version and the CPU.
# Every answer that is not HTTP 200 with "authenticated":true is counted (bench/authn.lua); the count must
# be 0. See bench/README.md for every setting.
set -euo pipefail

# ---- settings (environment) -------------------------------------------------------------------------
N=${N:-2000}                      # distinct tokens per algorithm
R=${R:-3}                         # measured runs per case at peak concurrency
D=${D:-10}                        # seconds per measured run (and for the half-load latency run)
WARMUP=${WARMUP:-10}              # minimum seconds of warm-up per case, at peak concurrency, in 5 s steps
WARMUP_MAX=${WARMUP_MAX:-60}      # warm-up goes on while throughput still rises, up to this many seconds
PROBE=${PROBE:-2}                 # seconds per probe when looking for the half-load connection count
THREADS=${THREADS:-1}             # wrk threads at peak
CONNS=${CONNS:-32}                # wrk connections at peak
DEMO_PORT=${DEMO_PORT:-18080}     # demo instance that mints the tokens
PORT=${PORT:-18081}               # production-like instance under test
HEAP=${HEAP--Xms64m -Xmx128m}           # HEAP="" for the JVM defaults
GC=${GC--XX:+UseSerialGC}         # GC="" for the JVM's default choice (G1 on this kind of machine)
JAVA_OPTS=${JAVA_OPTS:-}          # anything else for the JVM under test
CASES=${CASES:-rs256-distinct rs256-cached es256-distinct}
KEEP_WORK=${KEEP_WORK:-0}         # 1: keep the work directory (tokens, JWKS, logs, wrk outputs)
SERVER_CPUS=${SERVER_CPUS:-0}     # cores for the JVM under test (taskset -c); "" for no pinning
LOAD_CPUS=${LOAD_CPUS:-1}         # cores for wrk and the minting instance

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LUA=$ROOT/bench/authn.lua
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
if [[ -n ${JAVA_HOME:-} ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
HOST=127.0.0.1
AUDIENCE=dev-cluster
# the minted tokens' iss: https, so that an AuthenticationConfiguration (https only, as kube-apiserver) can name it;
# nothing fetches it, the instances under test read the saved JWKS from a file
BENCH_ISSUER=https://bench.clearance.invalid/dev-issuer
CLK_TCK=$(getconf CLK_TCK)

WORK=""
JAVA_PID=""
BACKGROUND_PIDS=()
ISSUER=""
MINTED_AT=0
TOKEN_LIFETIME=0
SUMMARY=()

# ---- small helpers ----------------------------------------------------------------------------------
log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$(date +%T)" "$*" >&2; exit 1; }
now_ms() { local us=${EPOCHREALTIME/[.,]/}; echo $(( us / 1000 )); }

# median of numbers (mean of the two middle ones for an even count)
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
us_to_ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

cleanup() {
    local rc=$?
    stop_java
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

# ---- prerequisites ----------------------------------------------------------------------------------
require_tools() {
    command -v curl >/dev/null || die "curl is required"
    command -v "$JAVA" >/dev/null || die "no java: set JAVA_HOME or put java on the PATH"
    if ! command -v wrk >/dev/null; then
        if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
            log "installing wrk (apt-get install -y wrk)"
            apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
        else
            die "wrk is missing: install it, e.g. 'sudo apt-get install -y wrk' (Debian/Ubuntu) or 'brew install wrk'"
        fi
    fi
}

build_jar() {
    if [[ ! -f $JAR ]]; then
        log "building $JAR (./mvnw -B -q package -DskipTests)"
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
    fi
    [[ -f $JAR ]] || die "no jar at $JAR"
}

# pinned CPUS: the taskset prefix for a command, or nothing when pinning is off or impossible
pinned() {
    if [[ -n $1 ]] && command -v taskset >/dev/null; then printf 'taskset -c %s' "$1"; fi
}

# server CPU ticks (utime + stime) of the JVM under test
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$JAVA_PID/stat"
}

port_free() {
    ! curl -s -o /dev/null --max-time 1 "http://$HOST:$1/"
}

# ---- JVM lifecycle ----------------------------------------------------------------------------------
# start_java LOG PORT ARGS...: launches java in the background (JAVA_PID) and waits until /q/health/ready
# answers 200; READY_MS = milliseconds from the launch to that first 200.
start_java() {
    local logfile=$1 port=$2 cpus=$3
    shift 3
    port_free "$port" || die "port $port is in use (set PORT / DEMO_PORT)"
    local started
    started=$(now_ms)
    # shellcheck disable=SC2046  # the taskset prefix is a list of words
    (cd "$WORK" && exec $(pinned "$cpus") "$JAVA" "$@" -Dquarkus.http.host=$HOST -Dquarkus.http.port="$port" -jar "$JAR") >"$logfile" 2>&1 &
    JAVA_PID=$!
    local deadline=$(( started + 120000 )) code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$HOST:$port/q/health/ready" || true)
        [[ $code == 200 ]] && break
        if ! kill -0 "$JAVA_PID" 2>/dev/null; then
            tail -n 20 "$logfile" >&2
            JAVA_PID=""
            die "java exited before it was ready (log above: $logfile)"
        fi
        (( $(now_ms) < deadline )) || { tail -n 20 "$logfile" >&2; die "not ready after 120 s"; }
        sleep 0.01
    done
    READY_MS=$(( $(now_ms) - started ))
}

stop_java() {
    [[ -n $JAVA_PID ]] || return 0
    kill -TERM "$JAVA_PID" 2>/dev/null || true
    local i
    for i in $(seq 100); do
        kill -0 "$JAVA_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$JAVA_PID" 2>/dev/null || true
    wait "$JAVA_PID" 2>/dev/null || true
    JAVA_PID=""
}

peak_rss_mb() {
    awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$JAVA_PID/status"
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
    start_java "$WORK/demo.log" "$DEMO_PORT" "$LOAD_CPUS" -Dquarkus.profile=demo \
        -Dclearance.dev-issuer.token-lifetime="${TOKEN_LIFETIME}s" -Dclearance.dev-issuer.issuer=$BENCH_ISSUER \
        -Dclearance.issuers.dev.jwks-url="http://$HOST:$DEMO_PORT/dev-issuer/jwks"
    local t0
    t0=$(now_ms)
    MINTED_AT=$(date +%s)
    mint_tokens RS256 "$WORK/tokens-rs256.txt"
    mint_tokens ES256 "$WORK/tokens-es256.txt"
    curl -sf "http://$HOST:$DEMO_PORT/dev-issuer/jwks" >"$WORK/jwks.json" || die "cannot fetch the JWKS"
    stop_java
    ISSUER=$(token_issuer "$WORK/tokens-rs256.txt")
    [[ -n $ISSUER ]] || die "cannot read iss from the minted tokens"
    log "minted $(( 2 * N )) tokens in $(( $(now_ms) - t0 )) ms; iss=$ISSUER"
}

# ---- load ------------------------------------------------------------------------------------------
# wrk_run LABEL THREADS CONNS SECONDS TOKENS: sets RUN_RPS RUN_P50 RUN_P99 (microseconds) RUN_BAD RUN_SOCKET
# and appends them with the label to $WORK/runs.txt (the source of the refusal counts)
wrk_run() {
    local label=$1 threads=$2 conns=$3 seconds=$4 tokens=$5 out="$WORK/wrk-$1.txt" line before after
    before=$(cpu_ticks)
    # shellcheck disable=SC2046  # the taskset prefix is a list of words
    $(pinned "$LOAD_CPUS") wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$LUA" "http://$HOST:$PORT" -- "$tokens" \
        >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($label)"; }
    after=$(cpu_ticks)
    line=$(awk -v ticks=$(( after - before )) -v hz="$CLK_TCK" '/^BENCH / {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        cpu = v["requests"] > 0 ? ticks / hz * 1e6 / v["requests"] : 0
        printf "%.1f %d %d %d %d %.1f\n", v["rps"], v["p50_us"], v["p99_us"], v["bad"], v["socket_errors"], cpu }' "$out")
    [[ -n $line ]] || { cat "$out" >&2; die "no BENCH line in the wrk output ($label)"; }
    echo "$label $line" >>"$WORK/runs.txt"
    read -r RUN_RPS RUN_P50 RUN_P99 RUN_BAD RUN_SOCKET RUN_CPU <<<"$line"
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
    local name=$1 label=$2 alg ttl tokens trust
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
    log "case $label: $alg, cache-ttl=$ttl, issuer from $trust, $N tokens cycled"
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
    # shellcheck disable=SC2086  # HEAP, GC and JAVA_OPTS are lists of options
    start_java "$WORK/$label.log" "$PORT" "$SERVER_CPUS" $HEAP $GC $JAVA_OPTS "${issuer_opts[@]}" \
        -Dclearance.authn.cache-ttl=$ttl \
        -Dclearance.authz.namespace-source=static -Dquarkus.profile=plain
    # (plain: the prod profile's settings without TLS, which wrk on loopback does not need; no cluster here: the authorizer's namespaces come from static configuration, so readiness
    #  only waits for the issuer's keys)
    local ready=$READY_MS
    log "  ready in $ready ms (pid $JAVA_PID)"
    smoke_test "$tokens"

    warm_up "$label" "$tokens"

    local rpss=() p50s=() p99s=() cpus=() i
    for (( i = 1; i <= R; i++ )); do
        wrk_run "$label-run$i" "$THREADS" "$CONNS" "$D" "$tokens"
        rpss+=("$RUN_RPS") p50s+=("$RUN_P50") p99s+=("$RUN_P99") cpus+=("$RUN_CPU")
        log "  run $i/$R -t$THREADS -c$CONNS: $(printf '%.0f' "$RUN_RPS") req/s, p50 $(us_to_ms "$RUN_P50") ms, p99 $(us_to_ms "$RUN_P99") ms, server CPU $RUN_CPU µs/req"
    done
    local peak peak_p50 peak_p99 peak_cpu
    peak=$(median "${rpss[@]}") peak_p50=$(median "${p50s[@]}") peak_p99=$(median "${p99s[@]}") peak_cpu=$(median "${cpus[@]}")

    find_half_conns "$label" "$peak" "$tokens"
    wrk_run "$label-half" 1 "$HALF_CONNS" "$D" "$tokens"
    local pct
    pct=$(awk -v h="$RUN_RPS" -v p="$peak" 'BEGIN { printf "%.0f", 100 * h / p }')
    log "  half load -t1 -c$HALF_CONNS: $(printf '%.0f' "$RUN_RPS") req/s (${pct}% of peak), p50 $(us_to_ms "$RUN_P50") ms, p99 $(us_to_ms "$RUN_P99") ms"

    local rss bad socket
    rss=$(peak_rss_mb)
    stop_java
    bad=$(awk -v p="$label-" 'index($1, p) == 1 { s += $5 } END { print s + 0 }' "$WORK/runs.txt")
    socket=$(awk -v p="$label-" 'index($1, p) == 1 { s += $6 } END { print s + 0 }' "$WORK/runs.txt")
    log "  peak RSS ${rss} MB; bad answers: $bad; socket errors: $socket"
    if (( bad > 0 || socket > 0 )); then
        warn_loudly "case $label: $bad answers were not HTTP 200 with \"authenticated\":true and $socket socket errors occurred; its figures are WORTHLESS (outputs in $WORK)"
        KEEP_WORK=1
    fi
    # one summary row: label, peak conns, req/s, p50, p99, CPU, half conns, req/s, %, p50, p99, RSS, ready, bad
    SUMMARY+=("$label $CONNS $(printf '%.0f' "$peak") $(us_to_ms "$peak_p50") $(us_to_ms "$peak_p99") $peak_cpu $HALF_CONNS $(printf '%.0f' "$RUN_RPS") $pct $(us_to_ms "$RUN_P50") $(us_to_ms "$RUN_P99") $rss $ready $(( bad + socket ))")
}

warn_loudly() {
    {
        echo
        echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
        echo "!!! WARNING: $*"
        echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
        echo
    } >&2
}

# the rs256-file case's AuthenticationConfiguration (bench/authentication-config.yaml with this run's issuer)
write_authentication_config() {
    sed -e "s|__ISSUER__|$ISSUER|" -e "s|__AUDIENCE__|$AUDIENCE|" "$ROOT/bench/authentication-config.yaml" >"$1"
}

# per case name, the medians over its repetitions (A B A B runs): req/s, server µs/req, p99
print_medians() {
    local names
    names=$(printf '%s\n' "${SUMMARY[@]}" | awk '{ split($1, n, "#"); print n[1] }' | sort -u)
    (( $(printf '%s\n' "${SUMMARY[@]}" | wc -l) > $(wc -w <<<"$names") )) || return 0
    echo
    echo "medians over repetitions:"
    local name
    for name in $names; do
        printf '%s\n' "${SUMMARY[@]}" | awk -v n="$name" '{ split($1, k, "#"); if (k[1] == n) print }' >"$WORK/rows.txt"
        printf '  %-15s %2d x  req/s %9s  server µs/req %7s  p99 ms %6s\n' "$name" "$(wc -l <"$WORK/rows.txt")" \
            "$(median $(awk '{ print $3 }' "$WORK/rows.txt"))" "$(median $(awk '{ print $6 }' "$WORK/rows.txt"))" \
            "$(median $(awk '{ print $5 }' "$WORK/rows.txt"))"
    done
}

# ---- report -----------------------------------------------------------------------------------------
print_environment() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    echo "java:     $(command -v "$JAVA") -> $(readlink -f "$(command -v "$JAVA")")"
    echo "          $("$JAVA" -version 2>&1 | sed -n '1p;2p' | paste -sd' ' -)"
    echo "cpu:      $(nproc) x ${cpu:-unknown}"
    echo "wrk:      $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
    echo "settings: N=$N R=$R D=${D}s WARMUP=${WARMUP}-${WARMUP_MAX}s peak=-t$THREADS -c$CONNS jvm='$(echo $HEAP $GC $JAVA_OPTS)'"
    echo "pinning:  server on cores '${SERVER_CPUS:-any}', wrk on '${LOAD_CPUS:-any}' ($(command -v taskset >/dev/null && echo taskset || echo 'no taskset: not pinned'))"
}

print_summary() {
    echo
    echo "================================================ clearance /authenticate ================================================"
    print_environment
    echo
    printf '%-17s %4s %9s %8s %8s %9s | %6s %9s %5s %8s %8s | %7s %8s %5s\n' \
        "" "peak" "" "" "" "server" "half" "" "" "" "" "" "" ""
    printf '%-17s %4s %9s %8s %8s %9s | %6s %9s %5s %8s %8s | %7s %8s %5s\n' \
        case conns "req/s" "p50 ms" "p99 ms" "µs/req" conns "req/s" "%peak" "p50 ms" "p99 ms" "RSS MB" "ready ms" bad
    local row
    for row in "${SUMMARY[@]}"; do
        # shellcheck disable=SC2086  # a row is a list of words
        printf '%-17s %4s %9s %8s %8s %9s | %6s %9s %4s%% %8s %8s | %7s %8s %5s\n' $row
    done
    print_medians
    echo
    echo "server µs/req: the JVM's CPU time (user + system) over a peak run divided by its requests, median of the runs;"
    echo "peak: median of $R runs of ${D}s; half: one ${D}s run with one wrk thread and fewer connections; RSS: VmHWM of the JVM;"
    echo "ready: from launching java to the first 200 from /q/health/ready; bad: answers that were not 200 + authenticated:true."
    local total
    total=$(awk '{ s += $5 + $6 } END { print s + 0 }' "$WORK/runs.txt")
    if (( total > 0 )); then
        warn_loudly "$total bad answers or socket errors in total: these results measure failures, not authentications"
        return 1
    fi
}

# ---- main -------------------------------------------------------------------------------------------
main() {
    local v
    for v in N R D WARMUP WARMUP_MAX PROBE THREADS CONNS; do
        [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
    done
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    require_tools
    build_jar
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/clearance-bench.XXXXXX")
    : >"$WORK/runs.txt"
    # tokens must outlive the whole run: 3 cases of start-up, probes, warm-up and runs, with a margin;
    # the instances under test accept that lifetime (max-token-lifetime) and nothing else changes
    local cases=0 c
    for c in $CASES; do cases=$(( cases + 1 )); done
    TOKEN_LIFETIME=$(( 2 * cases * (60 + WARMUP_MAX + (R + 1) * D) + 300 ))
    (( TOKEN_LIFETIME >= 900 )) || TOKEN_LIFETIME=900

    log "clearance benchmark; work directory $WORK"
    print_environment
    mint_all
    declare -A seen=()
    for c in $CASES; do
        seen[$c]=$(( ${seen[$c]:-0} + 1 ))
        run_case "$c" "$c#${seen[$c]}"
    done
    print_summary
}

main "$@"
