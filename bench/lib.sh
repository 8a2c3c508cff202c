# Shared by the bench/ scripts (source it; it runs nothing by itself): logging, medians, the tools a benchmark
# needs, pinning, starting and stopping a JVM, reading its CPU time, GC time and peak RSS, and one JSON line per
# measured run.
#
# A script sets ROOT and WORK (and may set BENCH_RESULTS, the JSON-lines file) before calling these.
# Everything runs on loopback; nothing here talks to another host.

BENCH_HOST=127.0.0.1
CLK_TCK=$(getconf CLK_TCK)
# the JVM flags the image and the Deployment ship (an argument file, read by the java launcher as @file)
SHIPPED_JVM_OPTIONS=${ROOT:?set ROOT before sourcing bench/lib.sh}/src/main/docker/jvm.options

log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$(date +%T)" "$*" >&2; exit 1; }
now_ms() { local us=${EPOCHREALTIME/[.,]/}; echo $(( us / 1000 )); }
us_to_ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

# median of numbers (mean of the two middle ones for an even count)
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
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

# bench_java: the java binary (JAVA_HOME's when set)
bench_java() {
    if [[ -n ${JAVA_HOME:-} ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# bench_require TOOL...: each tool must be on the PATH; wrk and jq are installed with apt-get when running as root
bench_require() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null && continue
        case $tool in
            wrk|jq)
                if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
                    log "installing $tool (apt-get install -y $tool)"
                    apt-get install -y -q "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }
                else
                    die "$tool is missing: install it, e.g. 'sudo apt-get install -y $tool' (Debian/Ubuntu) or 'brew install $tool'"
                fi ;;
            *) die "$tool is required" ;;
        esac
    done
}

# bench_build_jar JAR: builds the project when JAR is the project's own jar and missing
bench_build_jar() {
    if [[ ! -f $1 && $1 == "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
        log "building $1 (./mvnw -B -q package -DskipTests)"
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
    fi
    [[ -f $1 ]] || die "no jar at $1"
}

# pinned CPUS: the taskset prefix for a command, or nothing when pinning is off or impossible
pinned() {
    if [[ -n $1 ]] && command -v taskset >/dev/null; then printf 'taskset -c %s' "$1"; fi
}

port_free() {
    ! curl -s -o /dev/null --max-time 1 "http://$BENCH_HOST:$1/"
}

# java_start LOG PORT CPUS JAR JAVA_ARGS...: launches the application in the background from WORK and waits until
# /q/health/ready answers 200. Sets JAVA_PID and READY_MS (launch to that first 200, polled every 10 ms).
java_start() {
    local logfile=$1 port=$2 cpus=$3 jar=$4 java
    shift 4
    java=$(bench_java)
    port_free "$port" || die "port $port is in use"
    local started
    started=$(now_ms)
    # shellcheck disable=SC2046  # the taskset prefix is a list of words
    (cd "$WORK" && exec $(pinned "$cpus") "$java" "$@" -Dquarkus.http.host=$BENCH_HOST -Dquarkus.http.port="$port" -jar "$jar") >"$logfile" 2>&1 &
    JAVA_PID=$!
    local deadline=$(( started + 120000 )) code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$BENCH_HOST:$port/q/health/ready" || true)
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

# java_stop: stops JAVA_PID (TERM, then KILL after 10 s)
java_stop() {
    [[ -n ${JAVA_PID:-} ]] || return 0
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

# cpu_ticks PID: "user system" CPU ticks of a process so far (fields 14 and 15 of /proc/PID/stat)
cpu_ticks() {
    awk '{ print $14, $15 }' "/proc/$1/stat"
}

# gc_seconds PID: the JVM's total GC time so far (jstat's GCT), or "" when jstat cannot attach
gc_seconds() {
    local jstat
    jstat=$(dirname "$(readlink -f "$(command -v "$(bench_java)")")")/jstat
    [[ -x $jstat ]] || return 0
    "$jstat" -gcutil "$1" 2>/dev/null | awk 'NR == 2 { print $NF }'
}

peak_rss_mb() {
    awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

rss_mb() {
    awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# json_line KEY VALUE...: appends one JSON object to BENCH_RESULTS; a VALUE that reads as a number is written as one
json_line() {
    local args=() key value
    while (( $# >= 2 )); do
        key=$1 value=$2
        shift 2
        if [[ $value =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then args+=(--argjson "$key" "$value"); else args+=(--arg "$key" "$value"); fi
    done
    jq -cn "${args[@]}" '$ARGS.named' >>"$BENCH_RESULTS"
}

# the machine and JVM, for the report
print_environment() {
    local java cpu
    java=$(bench_java)
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    echo "java:     $(command -v "$java") -> $(readlink -f "$(command -v "$java")")"
    echo "          $("$java" -version 2>&1 | sed -n '1p;2p' | paste -sd' ' -)"
    echo "cpu:      $(nproc) x ${cpu:-unknown}"
    command -v wrk >/dev/null && echo "wrk:      $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
    return 0
}
