#!/usr/bin/env bash
# Proxy overhead on loopback: the same requests straight to a stand-in API server (bench/ProxyUpstream.java) and
# through clearance's proxy (token verified, cached after the first request; impersonation headers added).
#
#   bench/proxy.sh                 # R=5 alternating runs of D=10 s each way
#   R=1 D=3 bench/proxy.sh         # a quick trial
#
# Prints, for small GETs (a ~1 KiB pod list): throughput at C connections, and p50/p99 at one connection
# (the added latency); and for a large body (BIG bytes): MB/s direct and through the proxy. Medians of R runs.
set -euo pipefail

R=${R:-5}
D=${D:-10}
C=${C:-16}
BIG=${BIG:-1073741824}
UPSTREAM_PORT=${UPSTREAM_PORT:-18090}
APP_PORT=${APP_PORT:-18091}
PROXY_PORT=${PROXY_PORT:-18092}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
JVM_OPTIONS=${JVM_OPTIONS-@$SHIPPED_JVM_OPTIONS}   # the shipped flags; JVM_OPTIONS="" for the JVM's defaults
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as the image sets it
JAVA=$(bench_java)
WORK=$(mktemp -d)
PIDS=()
JAVA_PID=""
cleanup() { java_stop; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

bench_require curl wrk
bench_build_jar "$JAR"

"$JAVA" -Dsun.net.httpserver.nodelay=true "$ROOT/bench/ProxyUpstream.java" "$UPSTREAM_PORT" >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)
cat >"$WORK/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: bench, cluster: {server: "http://127.0.0.1:$UPSTREAM_PORT"}}]
users: [{name: proxy, user: {token: bench-proxy-token}}]
contexts: [{name: bench, context: {cluster: bench, user: proxy}}]
current-context: bench
KC
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$UPSTREAM_PORT/" && break; sleep 0.25; done
# shellcheck disable=SC2086  # a list of options
java_start "$WORK/app.log" "$APP_PORT" "" "$JAR" $JVM_OPTIONS -Dquarkus.profile=demo \
    -Dclearance.proxy.enabled=true -Dclearance.proxy.insecure-plain-http=true -Dclearance.proxy.host=127.0.0.1 \
    -Dclearance.proxy.port="$PROXY_PORT" -Dclearance.proxy.upstream.kubeconfig="$WORK/kubeconfig" \
    -Dclearance.audit.sink=stdout -Dquarkus.log.category.\"dev.clearance\".level=INFO
TOKEN=$(curl -sf -d user=bench -d groups=team-a -d format=raw "http://127.0.0.1:$APP_PORT/dev-issuer/token")
[[ -n $TOKEN ]] || { echo "no token from the development issuer" >&2; tail "$WORK/app.log" >&2; exit 1; }
PATH_SMALL=/api/v1/namespaces/bench/pods
DIRECT="http://127.0.0.1:$UPSTREAM_PORT$PATH_SMALL"
PROXIED="http://127.0.0.1:$PROXY_PORT$PATH_SMALL"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$PROXIED")
[[ $code == 200 ]] || { echo "the proxy answered $code" >&2; tail "$WORK/app.log" >&2; exit 1; }

# wrk_run URL CONNS -> "req/s p50_us p99_us non2xx"
wrk_run() {
    wrk -t1 -c"$2" -d"${D}s" --latency -H "Authorization: Bearer $TOKEN" "$1" | awk '
        function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
        /Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = us($2) } /^ +99%/ { p99 = us($2) } /Non-2xx/ { bad = $NF }
        END { printf "%d %.0f %.0f %d\n", rps, p50, p99, bad + 0 }'
}

log "warming up (${D}s each way)"
wrk_run "$DIRECT" "$C" >/dev/null; wrk_run "$PROXIED" "$C" >/dev/null
declare -a d_rps p_rps d_p50 p_p50 d_p99 p_p99
for i in $(seq 1 "$R"); do
    read -r rps _ _ bad < <(wrk_run "$DIRECT" "$C"); d_rps+=("$rps")
    read -r rps _ _ bad2 < <(wrk_run "$PROXIED" "$C"); p_rps+=("$rps")
    read -r _ p50 p99 _ < <(wrk_run "$DIRECT" 1); d_p50+=("$p50"); d_p99+=("$p99")
    read -r _ p50 p99 bad3 < <(wrk_run "$PROXIED" 1); p_p50+=("$p50"); p_p99+=("$p99")
    log "run $i: direct ${d_rps[-1]} req/s, proxied ${p_rps[-1]} req/s; c=1 p50 ${d_p50[-1]}/${p_p50[-1]} us, p99 ${d_p99[-1]}/${p_p99[-1]} us (non-2xx: $bad $bad2 $bad3)"
done
big_mbs() {
    curl -s -o /dev/null -w '%{size_download} %{time_total}\n' -H "Authorization: Bearer $TOKEN" "$1" \
        | awk '{ printf "%.0f\n", $1 / $2 / 1000000 }'
}
declare -a d_big p_big
for i in $(seq 1 "$R"); do
    d_big+=("$(big_mbs "http://127.0.0.1:$UPSTREAM_PORT/big?bytes=$BIG")")
    p_big+=("$(big_mbs "http://127.0.0.1:$PROXY_PORT/big?bytes=$BIG")")
done
RSS=$(rss_mb "$JAVA_PID")
echo
echo "proxy overhead, medians of $R runs (${D}s each), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
printf '%-34s %12s %12s %12s\n' "" direct proxied added
printf '%-34s %12s %12s %12s\n' "small GET req/s at c=$C" "$(median "${d_rps[@]}")" "$(median "${p_rps[@]}")" "-"
dp50=$(median "${d_p50[@]}"); pp50=$(median "${p_p50[@]}"); dp99=$(median "${d_p99[@]}"); pp99=$(median "${p_p99[@]}")
printf '%-34s %12s %12s %12s\n' "small GET p50 us at c=1" "$dp50" "$pp50" "$(awk -v a="$pp50" -v b="$dp50" 'BEGIN { print a - b }')"
printf '%-34s %12s %12s %12s\n' "small GET p99 us at c=1" "$dp99" "$pp99" "$(awk -v a="$pp99" -v b="$dp99" 'BEGIN { print a - b }')"
printf '%-34s %12s %12s %12s\n' "$((BIG / 1048576)) MiB body, MB/s" "$(median "${d_big[@]}")" "$(median "${p_big[@]}")" "-"
echo "clearance RSS after the runs: ${RSS} MB"
