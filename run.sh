#!/usr/bin/env bash
# Builds the daemon and the client, makes sure a stock SpamAssassin ruleset is present, and starts the
# daemon in the foreground on loopback (port 783, as spamd). Extra arguments go to the daemon, e.g.
#   ./run.sh -p 7830 --allow-tell
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -d /usr/share/spamassassin ]]; then
  echo "installing the stock SpamAssassin ruleset (Debian package spamassassin)"
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq spamassassin >/dev/null
fi

# ReadyToRun: precompiled code, so the daemon loads its ruleset and serves without waiting for the JIT.
dotnet publish src/Daemon -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/daemon -nologo -clp:ErrorsOnly
dotnet publish src/Client -c Release -o artifacts/client -nologo -clp:ErrorsOnly
dotnet publish src/Learn -c Release -o artifacts/learn -nologo -clp:ErrorsOnly
echo "client: $PWD/artifacts/client/spamc   learner: $PWD/artifacts/learn/sa-learn"

port_given=no
for a in "$@"; do case $a in -p|--port|--port=*) port_given=yes;; esac; done
# Local tests only by default, so a first start works the same on a machine without outside DNS; pass
# --nolocal to run the DNS blocklist tests as a stock spamd does (they ask dns_server, else resolv.conf).
defaults=(-i 127.0.0.1 -L)
[[ $port_given == yes ]] || { [[ $(id -u) -eq 0 ]] || defaults+=(-p 7830); }
exec artifacts/daemon/spamd "${defaults[@]}" "$@"
