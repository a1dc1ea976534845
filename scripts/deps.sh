# Sourced by run.sh and test.sh: installs the Debian 12 packages that are missing, and only those.
# Idempotent: a second run asks apt nothing when everything is present.

hv_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Packages to build and run the program (qt6-translations-l10n: Qt's own words in Chinese, such as
# dialog buttons and the command line's "Usage:").
HV_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
    libqt6svg6 libgl-dev libpcap-dev libcap2-bin fonts-noto-cjk qt6-translations-l10n libnftables-dev)
# What the tests add: a display server, an independent decoder and recorder, a C compiler for the
# tutorial's programs, Python for the capture generator.
HV_TEST_PACKAGES=(xvfb xauth tshark tcpdump gcc python3 python3-pil iproute2 imagemagick poppler-utils dpkg-dev)

hv_install() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer for it (no).
    echo "wireshark-common wireshark-common/install-setuid boolean false" | hv_as_root debconf-set-selections 2>/dev/null || true
    hv_as_root apt-get update -qq
    hv_as_root apt-get install -y -qq "${missing[@]}"
}

# Configures (once) and builds the Release tree in build/.
hv_build() {
    local top=$1
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    if [ ! -f "$top/build/build.ninja" ]; then
        cmake -S "$top" -B "$top/build" -G Ninja -DCMAKE_BUILD_TYPE=Release
    fi
    cmake --build "$top/build" -j "$jobs"
}

# Live capture needs CAP_NET_RAW; give it to the binary once instead of running the GUI as root.
hv_grant_capture() {
    local bin=$1
    if hv_as_root setcap cap_net_raw,cap_net_admin+eip "$bin" 2>/dev/null; then
        return 0
    fi
    echo "note: could not grant capture capabilities to $bin (no sudo?); live capture will explain what to run" >&2
    return 1
}
