#include "LabNetwork.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hv {

namespace {

NetworkChoice g_current;

// One line of a /proc file ("" when it cannot be read).
std::string readLine(const char *path)
{
    std::string line;
    if (FILE *f = std::fopen(path, "re")) {
        char buffer[256] = {0};
        if (std::fgets(buffer, sizeof buffer, f))
            line = buffer;
        std::fclose(f);
    }
    while (!line.empty() && (line.back() == '\n' || line.back() == ' '))
        line.pop_back();
    return line;
}

bool writeFile(const char *path, const std::string &text)
{
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ::close(fd);
    return ok;
}

// The effective capability set of this process (CapEff in /proc/self/status).
unsigned long long effectiveCapabilities()
{
    unsigned long long caps = 0;
    if (FILE *f = std::fopen("/proc/self/status", "re")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
            if (std::strncmp(line, "CapEff:", 7) == 0)
                caps = std::strtoull(line + 7, nullptr, 16);
        std::fclose(f);
    }
    return caps;
}

} // namespace

bool hostMayCapture()
{
    constexpr int NetAdmin = 12, NetRaw = 13; // linux/capability.h
    const unsigned long long caps = effectiveCapabilities();
    return ::geteuid() == 0 || ((caps >> NetRaw & 1) && (caps >> NetAdmin & 1));
}

std::string userNamespaceSetting()
{
    // Debian's and Ubuntu's switch; the kernel's own count; Ubuntu 23.10+'s AppArmor restriction.
    if (readLine("/proc/sys/kernel/unprivileged_userns_clone") == "0")
        return "kernel.unprivileged_userns_clone = 0";
    if (readLine("/proc/sys/user/max_user_namespaces") == "0")
        return "user.max_user_namespaces = 0";
    if (readLine("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1")
        return "kernel.apparmor_restrict_unprivileged_userns = 1 (AppArmor)";
    return {};
}

NetworkChoice enterNetwork(NetworkChoice::Asked asked)
{
    NetworkChoice c;
    c.hostMayCapture = hostMayCapture();
    if (asked == NetworkChoice::Asked::Host || (asked == NetworkChoice::Asked::Auto && c.hostMayCapture)) {
        g_current = c;
        return c;
    }
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
        const int error = errno;
        c.labRefused = std::strerror(error);
        const std::string setting = userNamespaceSetting();
        if (!setting.empty())
            c.labRefused += " (" + setting + ")";
        g_current = c;
        return c;
    }
    // Ourselves inside as outside: files keep their owners, and the process holds every
    // capability over its own namespaces (and none over the host's).
    const bool mapped = writeFile("/proc/self/setgroups", "deny")
        && writeFile("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1\n")
        && writeFile("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1\n");
    bool up = false;
    if (mapped) {
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ifreq ifr{};
        std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        up = fd >= 0 && ::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0
            && (ifr.ifr_flags |= IFF_UP, ::ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
        if (fd >= 0)
            ::close(fd);
    }
    if (!mapped || !up) {
        // In a namespace of our own that does not work: nothing to capture anywhere. Say why.
        c.labRefused = std::string(mapped ? "cannot bring up the lab's loopback: " : "cannot map the user into the lab: ")
            + std::strerror(errno);
        c.kind = NetworkChoice::Kind::Lab;
        g_current = c;
        return c;
    }
    c.kind = NetworkChoice::Kind::Lab;
    g_current = c;
    return c;
}

const NetworkChoice &currentNetwork()
{
    return g_current;
}

} // namespace hv
