#!/bin/bash
# The Debian package: built with cpack from this build, installed with dpkg -i, run, removed and
# purged, twice: with the debconf question handshake-viz/allow-capture answered no (the default:
# everyone may run it, no capability, no group) and yes (root:handshake-viz 0750 with the capture
# capabilities, a user outside the group refused). Nothing of it may remain after.
# Exit 77 (skipped) where it must not install: not root, or a handshake-viz package already here.
set -euo pipefail
build=$1
BIN=/usr/bin/handshake-viz
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || { echo "SKIP: installing a .deb needs root (CI runs as root)"; exit 77; }
if dpkg-query -W -f='${Status}' handshake-viz 2>/dev/null | grep -q "ok installed"; then
    echo "SKIP: a handshake-viz package is installed on this machine: not touching it"; exit 77
fi
[ ! -e "$BIN" ] || fail "$BIN exists and belongs to no package: not overwriting it"

cd "$build"
rm -f handshake-viz_*.deb
cpack -G DEB >/dev/null || fail "cpack -G DEB failed"
deb=$(ls handshake-viz_*_amd64.deb)
echo "built $deb ($(stat -c %s "$deb") bytes)"
contents=$(dpkg-deb -c "$deb")
grep -q "./usr/share/applications/handshake-viz.desktop" <<<"$contents" || fail "no .desktop in the package"
grep -q "./usr/share/icons/hicolor/scalable/apps/handshake-viz.svg" <<<"$contents" || fail "no icon in the package"

gone() {
    for f in "$BIN" /usr/share/applications/handshake-viz.desktop /usr/share/icons/hicolor/scalable/apps/handshake-viz.svg; do
        [ ! -e "$f" ] || fail "$f is still there after dpkg -r"
    done
    [ -z "$(dpkg-statoverride --list "$BIN" 2>/dev/null)" ] || fail "a stat override is left for $BIN"
    if dpkg-query -W -f='${Status}' handshake-viz 2>/dev/null | grep -q "ok installed"; then fail "still installed"; fi
}

for answer in false true; do
    echo "== allow-capture: $answer"
    echo "handshake-viz handshake-viz/allow-capture boolean $answer" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >/dev/null || fail "dpkg -i failed"
    [ "$("$BIN" --version)" = "handshake-viz 0.1.0" ] || fail "--version of the installed program"
    owner=$(stat -c '%U:%G %a' "$BIN")
    caps=$(getcap "$BIN" || true)
    if [ "$answer" = false ]; then
        [ "$owner" = "root:root 755" ] || fail "no: expected root:root 755, got $owner"
        [ -z "$caps" ] || fail "no: the binary has capabilities: $caps"
        getent group handshake-viz >/dev/null && fail "no: a group handshake-viz was made"
        # Through a shell: setpriv's own exec of the program does not show what the user may run.
        setpriv --reuid 65534 --regid 65534 --clear-groups sh -c "exec $BIN --version" >/dev/null || fail "no: a user may not run it"
    else
        [ "$owner" = "root:handshake-viz 750" ] || fail "yes: expected root:handshake-viz 750, got $owner"
        echo "$caps" | grep -q "cap_net_admin,cap_net_raw=eip" || fail "yes: capabilities missing: '$caps'"
        if setpriv --reuid 65534 --regid 65534 --clear-groups sh -c "exec $BIN --version" >/dev/null 2>&1; then
            fail "yes: a user outside the group handshake-viz may run it"
        fi
        group=$(getent group handshake-viz | cut -d: -f3)
        setpriv --reuid 65534 --regid 65534 --groups "$group" sh -c "exec $BIN --version" >/dev/null || fail "yes: a member of the group may not run it"
    fi
    dpkg -r handshake-viz >/dev/null || fail "dpkg -r failed"
    gone
    dpkg --purge handshake-viz >/dev/null || fail "dpkg --purge failed"
    getent group handshake-viz >/dev/null && fail "the group handshake-viz is left after purge"
    [ -z "$(debconf-show handshake-viz 2>/dev/null)" ] || fail "debconf still holds the question after purge"
    echo "ok: installed, ran, removed, purged"
done
echo "PASS"
