#!/usr/bin/env bash
# Proxy overhead on loopback: the same requests straight to a stand-in API server (bench/ProxyUpstream.java) and
# through clearance's proxy (token verified, a verdict-cache hit after the first request; impersonation headers
# added; one audit event per request, to stdout as the image does).
#
#   bench/proxy.sh                              # this jar: R=3 rounds
#   bench/proxy.sh --baseline /tmp/old/quarkus-run.jar   # this jar and another, alternating, R rounds each
#   R=1 D=3 bench/proxy.sh                      # a quick trial (figures not meaningful)
#
# Pinning: clearance runs alone on SERVER_CPUS (core 0); wrk, curl and the stand-in API server share LOAD_CPUS
# (core 1), in both the direct and the proxied runs, so "proxied / direct" is what the proxy costs when it has a
# core of its own (as on its own node), not what three processes on two cores get.
#
# Each round, for one jar (fresh JVM; WARMUP s of proxied load and D s direct first):
#   small GET (a ~1 KiB pod list) at C connections, direct then proxied: req/s, and clearance's CPU per proxied
#   request (user + system time of its JVM over the run / requests);
#   the same at one connection: p50 and p99, direct and proxied (the latency the proxy adds);
#   a BIG-byte body, direct then proxied: MB/s (curl, body discarded);
#   clearance's peak RSS.
# One JSON line per round to BENCH_RESULTS, then a summary: every round, and medians per jar.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

R=${R:-3}                       # rounds per jar
D=${D:-10}                      # seconds per wrk run
WARMUP=${WARMUP:-40}            # seconds of proxied load before measuring (one core JITs slowly: 5 s gave a third of
                                # the steady throughput)
C=${C:-16}                      # connections for the throughput runs
BIG=${BIG:-1073741824}          # bytes of the large body
SERVER_CPUS=${SERVER_CPUS-0}    # clearance's cores ("" for no pinning)
LOAD_CPUS=${LOAD_CPUS-1}        # wrk, curl and the stand-in API server
UPSTREAM_PORT=${UPSTREAM_PORT:-18090}
APP_PORT=${APP_PORT:-18091}
PROXY_PORT=${PROXY_PORT:-18092}
JVM_OPTIONS=${JVM_OPTIONS-@$SHIPPED_JVM_OPTIONS}   # the shipped flags; JVM_OPTIONS="" for the JVM's defaults
BASELINE=""
BASELINE_JVM_OPTIONS=${BASELINE_JVM_OPTIONS-$JVM_OPTIONS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as the image sets it
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}

while (( $# )); do
    case $1 in
        --baseline) BASELINE=$(readlink -f "$2"); shift 2 ;;
        --results) BENCH_RESULTS=$2; shift 2 ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done

JAVA=$(bench_java)
WORK=$(mktemp -d)
BENCH_RESULTS=${BENCH_RESULTS:-$WORK/results.jsonl}
UPSTREAM_PID=""
JAVA_PID=""
cleanup() {
    java_stop
    [[ -n $UPSTREAM_PID ]] && kill "$UPSTREAM_PID" 2>/dev/null || true
    [[ $BENCH_RESULTS == "$WORK"/* ]] && cp "$BENCH_RESULTS" "${TMPDIR:-/tmp}/proxy-bench-last.jsonl" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

bench_require curl wrk jq
bench_build_jar "$JAR"
[[ -z $BASELINE || -f $BASELINE ]] || die "no baseline jar at $BASELINE"

# shellcheck disable=SC2046  # the taskset prefix is a list of words
$(pinned "$LOAD_CPUS") "$JAVA" -Dsun.net.httpserver.nodelay=true "$ROOT/bench/ProxyUpstream.java" "$UPSTREAM_PORT" \
    >"$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!
for _ in $(seq 1 240); do curl -s -o /dev/null "http://$BENCH_HOST:$UPSTREAM_PORT/" && break; sleep 0.25; done
cat >"$WORK/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: bench, cluster: {server: "http://$BENCH_HOST:$UPSTREAM_PORT"}}]
users: [{name: proxy, user: {token: bench-proxy-token}}]
contexts: [{name: bench, context: {cluster: bench, user: proxy}}]
current-context: bench
KC

PATH_SMALL=/api/v1/namespaces/bench/pods
DIRECT="http://$BENCH_HOST:$UPSTREAM_PORT$PATH_SMALL"
PROXIED="http://$BENCH_HOST:$PROXY_PORT$PATH_SMALL"
TOKEN=""

# wrk_run URL CONNS -> "requests req/s p50_us p99_us non2xx"
wrk_run() {
    # shellcheck disable=SC2046
    $(pinned "$LOAD_CPUS") wrk -t1 -c"$2" -d"${D}s" --latency -H "Authorization: Bearer $TOKEN" "$1" | awk '
        function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
        /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = us($2) } /^ +99%/ { p99 = us($2) }
        /Non-2xx/ { bad = $NF }
        END { printf "%d %d %.0f %.0f %d\n", n, rps, p50, p99, bad + 0 }'
}

# big_mbs URL -> MB/s of one download of the large body (curl pinned with the load)
big_mbs() {
    # shellcheck disable=SC2046
    $(pinned "$LOAD_CPUS") curl -s -o /dev/null -w '%{size_download} %{time_total} %{http_code}\n' \
        -H "Authorization: Bearer $TOKEN" "$1" | awk -v want="$BIG" '
        { if ($3 != 200 || $1 != want) { print "bad"; exit } printf "%.0f\n", $1 / $2 / 1000000 }'
}

# round LABEL JAR OPTIONS N: one fresh JVM, measured as the header says
round() {
    local label=$1 jar=$2 options=$3 n=$4
    # shellcheck disable=SC2086  # a list of options
    java_start "$WORK/app-$label-$n.log" "$APP_PORT" "$SERVER_CPUS" "$jar" $options -Dquarkus.profile=demo \
        -Dclearance.proxy.enabled=true -Dclearance.proxy.insecure-plain-http=true -Dclearance.proxy.host=$BENCH_HOST \
        -Dclearance.proxy.port="$PROXY_PORT" -Dclearance.proxy.upstream.kubeconfig="$WORK/kubeconfig" \
        -Dclearance.audit.sink=stdout -Dquarkus.log.category.\"dev.clearance\".level=INFO
    TOKEN=$(curl -sf -d user=bench -d groups=team-a -d format=raw "http://$BENCH_HOST:$APP_PORT/dev-issuer/token")
    [[ -n $TOKEN ]] || die "no token from the development issuer"
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$PROXIED")
    [[ $code == 200 ]] || { tail "$WORK/app-$label-$n.log" >&2; die "the proxy answered $code"; }

    D=$WARMUP wrk_run "$PROXIED" "$C" >/dev/null
    big_mbs "http://$BENCH_HOST:$PROXY_PORT/big?bytes=$BIG" >/dev/null   # the large-body path warms up too
    wrk_run "$DIRECT" "$C" >/dev/null
    local d_n d_rps p_n p_rps bad1 bad2 bad3 bad4 d50 d99 p50 p99 before after
    read -r d_n d_rps _ _ bad1 < <(wrk_run "$DIRECT" "$C")
    before=$(cpu_ticks "$JAVA_PID")
    read -r p_n p_rps _ _ bad2 < <(wrk_run "$PROXIED" "$C")
    after=$(cpu_ticks "$JAVA_PID")
    local cpu_us
    cpu_us=$(awk -v b="$before" -v a="$after" -v n="$p_n" -v hz="$CLK_TCK" 'BEGIN {
        split(b, x, " "); split(a, y, " "); printf "%.1f", ((y[1] - x[1]) + (y[2] - x[2])) * 1000000 / hz / n }')
    read -r _ _ d50 d99 bad3 < <(wrk_run "$DIRECT" 1)
    read -r _ _ p50 p99 bad4 < <(wrk_run "$PROXIED" 1)
    local d_big p_big
    d_big=$(big_mbs "http://$BENCH_HOST:$UPSTREAM_PORT/big?bytes=$BIG")
    p_big=$(big_mbs "http://$BENCH_HOST:$PROXY_PORT/big?bytes=$BIG")
    local rss
    rss=$(peak_rss_mb "$JAVA_PID")
    java_stop
    local bad=$(( bad1 + bad2 + bad3 + bad4 ))
    (( bad == 0 )) || warn_loudly "$bad answers were not 2xx in round $n of $label"
    [[ $d_big != bad && $p_big != bad ]] || warn_loudly "a large download was cut short in round $n of $label"
    log "$label round $n: c=$C ${d_rps} / ${p_rps} req/s direct / proxied, ${cpu_us} µs CPU per proxied request;" \
        "c=1 p50 ${d50} / ${p50} µs, p99 ${d99} / ${p99} µs; $((BIG / 1048576)) MiB ${d_big} / ${p_big} MB/s; peak RSS ${rss} MiB"
    json_line jar "$label" round "$n" conns "$C" direct_rps "$d_rps" proxied_rps "$p_rps" server_us_per_req "$cpu_us" \
        direct_p50_us "$d50" proxied_p50_us "$p50" direct_p99_us "$d99" proxied_p99_us "$p99" \
        direct_big_mbs "$d_big" proxied_big_mbs "$p_big" peak_rss_mb "$rss" non2xx "$bad"
}

print_environment
log "clearance on cores '${SERVER_CPUS}', wrk/curl/stand-in on '${LOAD_CPUS}'; R=$R D=${D}s WARMUP=${WARMUP}s C=$C BIG=$BIG"
for n in $(seq 1 "$R"); do
    round new "$JAR" "$JVM_OPTIONS" "$n"
    [[ -z $BASELINE ]] || round baseline "$BASELINE" "$BASELINE_JVM_OPTIONS" "$n"
done

echo
echo "proxy overhead per round and medians per jar (clearance pinned alone; see the header)"
jq -rs '
  def med: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def row: [.jar, (.round | tostring), (.direct_rps | tostring), (.proxied_rps | tostring),
            ((.proxied_rps / .direct_rps * 100 | round | tostring) + " %"), (.server_us_per_req | tostring),
            (.direct_p99_us | tostring), (.proxied_p99_us | tostring), ((.proxied_p99_us - .direct_p99_us) | tostring),
            (.direct_big_mbs | tostring), (.proxied_big_mbs | tostring), (.peak_rss_mb | tostring)];
  (["jar", "round", "direct req/s", "proxied req/s", "ratio", "µs/req", "direct p99 µs", "proxied p99 µs",
    "added p99 µs", "direct MB/s", "proxied MB/s", "peak RSS MiB"] | @tsv),
  (.[] | row | @tsv),
  (group_by(.jar)[] | . as $g | [($g[0].jar), "median", ($g | map(.direct_rps) | med | tostring),
     ($g | map(.proxied_rps) | med | tostring), (($g | map(.proxied_rps / .direct_rps * 100) | med | round | tostring) + " %"),
     ($g | map(.server_us_per_req) | med | tostring), ($g | map(.direct_p99_us) | med | tostring),
     ($g | map(.proxied_p99_us) | med | tostring), ($g | map(.proxied_p99_us - .direct_p99_us) | med | tostring),
     ($g | map(.direct_big_mbs) | med | tostring), ($g | map(.proxied_big_mbs) | med | tostring),
     ($g | map(.peak_rss_mb) | med | tostring)] | @tsv)
' "$BENCH_RESULTS" | column -t -s $'\t'
echo "results: $BENCH_RESULTS"
