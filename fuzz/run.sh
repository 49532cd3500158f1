#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) in this process (no -jobs or -fork: the
# machine is shared), on its seed corpus.
# New interesting inputs go to build-fuzz/corpus/<target>/ (the tree's seeds stay as they are);
# a crash, a non-InputError exception, a sanitizer report or a hang (> 10 s on one input)
# leaves the input in build-fuzz/artifacts/ and fails the run.
# FUZZ_SEED fixes libFuzzer's seed (`make fuzz`, the CI stage, uses 1, so that CI explores the same
# inputs on every run and a finding reproduces); unset or 0, a random seed (`make fuzz-long`).
# FUZZ_RUNS, when set, stops each target after that many inputs (SECONDS stays the cap): with a fixed
# seed the same inputs are tried on a fast or a slow machine, so CI passes or fails as it did here.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${FUZZ_BUILD:-build-fuzz}
seed=${FUZZ_SEED:-0}
runs=()
[[ -n ${FUZZ_RUNS:-} ]] && runs=(-runs="$FUZZ_RUNS")
targets=("$@")
((${#targets[@]})) || targets=($(cd fuzz/corpus && ls))
mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  dict=()
  [[ -f fuzz/${t#fuzz_}.dict ]] && dict=(-dict="fuzz/${t#fuzz_}.dict")
  echo "fuzz: $t for ${seconds}s${FUZZ_RUNS:+ or $FUZZ_RUNS inputs, whichever ends first}"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -seed="$seed" "${runs[@]}" "${dict[@]}" -artifact_prefix="$build/artifacts/$t-" \
    "$build/corpus/$t" "fuzz/corpus/$t" 2>&1 | grep -Ev '^(#[0-9]|"|\s+NEW_FUNC)' || { echo "fuzz: $t FAILED; see $build/artifacts/"; exit 1; }
done
