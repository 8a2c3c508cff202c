#!/usr/bin/env bash
# The AOT cache's training run (Java 25+, JEP 514/515), at image build time: starts clearance from APP_DIR with the
# shipped JVM flags and -XX:AOTCacheOutput, drives the paths production takes (start-up, health, a token minted and
# reviewed, access reviews, metrics), stops it with SIGTERM and leaves APP_DIR/app.aot. The production JVM then
# starts with -XX:AOTCache=app.aot: classes come already parsed, linked and profiled, and ready comes sooner.
#
#   src/main/docker/aot-train.sh APP_DIR [JAVA]        # APP_DIR: target/quarkus-app of an aot-jar build
#
# The production JVM must name the jar by the same absolute path (the cache records the class path): in the image,
# /deployments/quarkus-run.jar. Needs only bash (its /dev/tcp) and java: the runtime image has neither curl nor wget. The cache is only valid for
# the same JVM build, the same class path and compatible flags, so it is made in the image that runs it, with the
# flags of jvm.options; a JVM that cannot use it says so once and starts without it (it never refuses to start).
set -euo pipefail

APP_DIR=$(cd "${1:?usage: aot-train.sh APP_DIR [JAVA]}" && pwd)
JAVA=${2:-java}
PORT=${AOT_TRAIN_PORT:-18380}
REQUESTS=${AOT_TRAIN_REQUESTS:-2000}
OPTIONS=${AOT_TRAIN_JVM_OPTIONS:-$APP_DIR/jvm.options}
cd "$APP_DIR"
rm -f app.aot

# http METHOD PATH [BODY [CONTENT_TYPE]]: one HTTP/1.1 request on a new connection; prints the body, and the status
# line to fd 3 (the caller checks it)
http() {
    local method=$1 path=$2 body=${3:-} type=${4:-application/json} response
    exec 5<>"/dev/tcp/127.0.0.1/$PORT" || return 1
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s' \
        "$method" "$path" "$type" "${#body}" "$body" >&5
    response=$(cat <&5)
    exec 5<&-
    printf '%s\n' "${response%%$'\r'*}" >&3
    printf '%s' "${response#*$'\r\n\r\n'}"
}

expect_200() {
    local status
    status=$(http "$@" 3>&1 >/dev/null) || return 1
    [[ $status == *" 200 "* ]] || { echo "aot-train: $1 $2 answered '$status'" >&2; return 1; }
}

# shellcheck disable=SC2086  # the options file is read by the launcher
"$JAVA" "@$OPTIONS" -XX:AOTCacheOutput=app.aot -Dquarkus.profile=demo -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$PORT" -Dclearance.dev-issuer.issuer="http://localhost:$PORT/dev-issuer" \
    -jar "$APP_DIR/quarkus-run.jar" >aot-train.log 2>&1 &
pid=$!
trap 'kill -KILL $pid 2>/dev/null || true' EXIT

for _ in $(seq 600); do
    expect_200 GET /q/health/ready 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat aot-train.log >&2; echo "aot-train: clearance exited during start-up" >&2; exit 1; }
    sleep 0.1
done
expect_200 GET /q/health/ready

token() { http POST /dev-issuer/token "user=$1&groups=$2&alg=$3&format=raw" application/x-www-form-urlencoded 3>/dev/null; }
review() {
    printf '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"%s","audiences":["dev-cluster"]}}' "$1"
}
access() {
    printf '{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"oidc:user:%s","groups":["oidc:%s"],"resourceAttributes":{"namespace":"%s","verb":"%s","resource":"pods"}}}' "$@"
}
rs=$(token alice team-a RS256) es=$(token bob team-b ES256)
[[ -n $rs && -n $es ]] || { echo "aot-train: the development issuer minted no token" >&2; exit 1; }
for (( i = 0; i < REQUESTS; i++ )); do
    expect_200 POST /authenticate "$(review "$rs")"
    (( i % 4 )) || expect_200 POST /authenticate "$(review "$es")"
    (( i % 8 )) || expect_200 POST /authenticate "$(review "$(token "u$i" team-a RS256)")"
    (( i % 2 )) || expect_200 POST /authorize "$(access alice team-a team-a get)"
    (( i % 16 )) || expect_200 POST /authorize "$(access bob team-b team-a delete)"
done
expect_200 GET /q/metrics
expect_200 GET /q/health/live

kill -TERM "$pid"
wait "$pid" || true   # the JVM writes the cache as it exits
trap - EXIT
[[ -s app.aot ]] || { tail -n 30 aot-train.log >&2; echo "aot-train: no app.aot was written" >&2; exit 1; }
echo "aot-train: $(du -h app.aot | cut -f1) AOT cache written to $APP_DIR/app.aot after $REQUESTS rounds of reviews"
