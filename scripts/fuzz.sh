#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) in build-fuzz/ and runs each one for
# SECONDS (default 60) on a copy of its seed corpus in fuzz/corpus/<target>/.
# Exit status: 0 when no target found anything; otherwise non-zero, with the inputs that crash,
# hang or leak kept in build-fuzz/findings/<target>/ (replay one: build-fuzz/fuzz/<target> FILE).
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/deps.sh"

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_capture_file fuzz_decode_frame)

hv_install "${HV_BUILD_PACKAGES[@]}" clang-14 libclang-rt-14-dev

build="$top/build-fuzz"
CC=clang-14 CXX=clang++-14 cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DHV_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

# Offscreen Qt, and sanitizer reports that stop the run (UBSan is built not to recover).
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for t in "${targets[@]}"; do
    work=$(mktemp -d "${TMPDIR:-/tmp}/hv-fuzz-$t.XXXXXX")
    mkdir -p "$work/corpus" "$build/findings/$t"
    cp -r "$top/fuzz/corpus/$t/." "$work/corpus/"
    dict=()
    [ -f "$top/fuzz/$t.dict" ] && dict=(-dict="$top/fuzz/$t.dict")
    # A capture file holds many frames; one frame is at most a jumbo frame or so.
    max_len=65536
    [ "$t" = fuzz_decode_frame ] && max_len=9000
    echo "==> $t for ${seconds}s (corpus copy in $work/corpus)"
    rc=0
    "$build/fuzz/$t" "$work/corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="$build/findings/$t/" 2>"$work/log" || rc=$?
    # (a crash prints the final stats twice)
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$work/log" \
        | awk '!seen[$1]++ { print "    " $0 }' || true
    if [ "$rc" -ne 0 ]; then
        echo "!!> $t: finding (exit $rc); log: $work/log; inputs: $build/findings/$t/" >&2
        grep -E 'ERROR|SUMMARY|invariant broken|runtime error' "$work/log" | head -5 >&2 || true
        status=1
    else
        rm -rf "$work"
    fi
done
exit $status
