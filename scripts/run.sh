#!/usr/bin/env bash
# Installs what is missing, builds a Release build, grants live-capture capabilities, starts the program.
# Arguments are passed to handshake-viz (e.g. scripts/run.sh --read capture.pcap).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/deps.sh"

hv_install "${HV_BUILD_PACKAGES[@]}"
hv_build "$top"
hv_grant_capture "$top/build/handshake-viz" || true

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    case " $* " in
        *" --export "*) ;;
        *) echo "run.sh: no display to show the window on (DISPLAY is not set). On a server, try: xvfb-run -a scripts/run.sh" >&2
           exit 1 ;;
    esac
fi
exec "$top/build/handshake-viz" "$@"
