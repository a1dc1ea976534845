#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, real-capture, interop, GUI, end-to-end).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/deps.sh"

hv_install "${HV_BUILD_PACKAGES[@]}" "${HV_TEST_PACKAGES[@]}"
hv_build "$top"

# The capture tests record real traffic on lo: as root that just works; otherwise give the
# binaries that open lo the capability (tcpdump needs it too).
if [ "$(id -u)" -ne 0 ]; then
    for bin in "$top/build/handshake-viz" "$top/build/handshake-bench" "$top"/build/tests/tst_*; do
        [ -x "$bin" ] && hv_grant_capture "$bin" || true
    done
    hv_grant_capture "$(command -v tcpdump)" || true
fi

cd "$top/build"
# GUI tests use the offscreen platform (set per test in tests/CMakeLists.txt).
ctest --output-on-failure --timeout 600 -j 1 "$@"

# A short fuzzing run of the capture path (clang, ASan + UBSan) on every test run; longer runs:
# scripts/fuzz.sh 600. HV_FUZZ_SECONDS=0 skips it.
fuzz_seconds=${HV_FUZZ_SECONDS:-30}
if [ "$fuzz_seconds" -gt 0 ]; then
    "$top/scripts/fuzz.sh" "$fuzz_seconds"
fi
