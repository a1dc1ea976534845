#include "LabNetwork.h"

#include "HostNamespace.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <vector>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <csignal>
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

namespace {

// One attribute into a netlink message being built (4-byte aligned).
struct NetlinkMessage {
    alignas(nlmsghdr) char buffer[1024] = {0};
    nlmsghdr *header() { return reinterpret_cast<nlmsghdr *>(buffer); }
    char *tail() { return buffer + NLMSG_ALIGN(header()->nlmsg_len); }
    rtattr *add(unsigned short type, const void *data, size_t size)
    {
        auto *a = reinterpret_cast<rtattr *>(tail());
        a->rta_type = type;
        a->rta_len = static_cast<unsigned short>(RTA_LENGTH(size));
        if (size)
            std::memcpy(RTA_DATA(a), data, size);
        header()->nlmsg_len = NLMSG_ALIGN(header()->nlmsg_len) + RTA_ALIGN(a->rta_len);
        return a;
    }
    void append(const void *data, size_t size)
    {
        std::memcpy(tail(), data, size);
        header()->nlmsg_len = NLMSG_ALIGN(header()->nlmsg_len) + unsigned(NLMSG_ALIGN(size));
    }
    void end(rtattr *nest) { nest->rta_len = static_cast<unsigned short>(tail() - reinterpret_cast<char *>(nest)); }
};

// Sends one request to the kernel's rtnetlink (in the calling thread's network namespace) and
// reads its answer: 0, or the errno it refused with.
int talk(NetlinkMessage &m)
{
    const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return errno;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    int result = 0;
    if (::sendto(fd, m.buffer, m.header()->nlmsg_len, 0, reinterpret_cast<sockaddr *>(&kernel), sizeof kernel) < 0) {
        result = errno;
    } else {
        char reply[1024];
        const ssize_t n = ::recv(fd, reply, sizeof reply, 0);
        const auto *r = reinterpret_cast<const nlmsghdr *>(reply);
        if (n < ssize_t(sizeof(nlmsghdr)) || r->nlmsg_type != NLMSG_ERROR)
            result = EPROTO;
        else
            result = -static_cast<const nlmsgerr *>(NLMSG_DATA(r))->error;
    }
    ::close(fd);
    return result;
}

// ip link add client0 type veth peer name server0 netns <serverNs>
bool addVethPair(int serverNs, std::string *error)
{
    NetlinkMessage m;
    m.header()->nlmsg_len = NLMSG_LENGTH(sizeof(ifinfomsg));
    m.header()->nlmsg_type = RTM_NEWLINK;
    m.header()->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
    m.add(IFLA_IFNAME, "client0", 8);
    rtattr *info = m.add(IFLA_LINKINFO, nullptr, 0);
    m.add(IFLA_INFO_KIND, "veth", 5);
    rtattr *data = m.add(IFLA_INFO_DATA, nullptr, 0);
    rtattr *peer = m.add(VETH_INFO_PEER, nullptr, 0);
    const ifinfomsg peerInfo{};
    m.append(&peerInfo, sizeof peerInfo);
    m.add(IFLA_IFNAME, "server0", 8);
    const uint32_t ns = uint32_t(serverNs);
    m.add(IFLA_NET_NS_FD, &ns, sizeof ns);
    m.end(peer);
    m.end(data);
    m.end(info);
    if (const int e = talk(m); e != 0) {
        *error = std::string("cannot make the veth pair: ") + std::strerror(e);
        return false;
    }
    return true;
}

// ip link show IF: its MTU (1500 when it cannot be read).
int interfaceMtu(const char *interface)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, interface, IFNAMSIZ - 1);
    const int mtu = fd >= 0 && ::ioctl(fd, SIOCGIFMTU, &ifr) == 0 ? ifr.ifr_mtu : 1500;
    if (fd >= 0)
        ::close(fd);
    return mtu;
}

// tc qdisc replace dev IF root netem delay MS | tbf rate KBIT ...; or tc qdisc del dev IF root.
// 0 on success, else the errno (ENOENT: this kernel has no such qdisc).
int shapeLink(const char *interface, int delayMs, int rateKbit)
{
    const int index = int(::if_nametoindex(interface));
    if (index <= 0)
        return ENODEV;
    NetlinkMessage m;
    m.header()->nlmsg_len = NLMSG_LENGTH(sizeof(tcmsg));
    auto *tc = static_cast<tcmsg *>(NLMSG_DATA(m.header()));
    tc->tcm_family = AF_UNSPEC;
    tc->tcm_ifindex = index;
    tc->tcm_parent = TC_H_ROOT;
    tc->tcm_handle = 0x10000; // 1:
    if (delayMs <= 0 && rateKbit <= 0) {
        m.header()->nlmsg_type = RTM_DELQDISC;
        m.header()->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
        const int e = talk(m);
        return e == ENOENT || e == EINVAL ? 0 : e; // there was none
    }
    m.header()->nlmsg_type = RTM_NEWQDISC;
    m.header()->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK;
    if (delayMs > 0) {
        m.add(TCA_KIND, "netem", 6);
        // netem's options: its struct first, then attributes (the delay in nanoseconds).
        tc_netem_qopt q{};
        q.limit = 1000;
        rtattr *options = m.add(TCA_OPTIONS, &q, sizeof q);
        const int64_t ns = int64_t(delayMs) * 1000000;
        m.add(TCA_NETEM_LATENCY64, &ns, sizeof ns);
        m.end(options);
    } else {
        m.add(TCA_KIND, "tbf", 4);
        rtattr *options = m.add(TCA_OPTIONS, nullptr, 0);
        tc_tbf_qopt q{};
        q.rate.rate = uint32_t(int64_t(rateKbit) * 1000 / 8); // bytes a second
        q.rate.linklayer = TC_LINKLAYER_ETHERNET;              // no rate table wanted
        // The bucket holds one packet of the interface's largest (tbf cuts bigger GSO packets
        // into those; loopback's are 64 KiB, the veth pair's 1500 bytes), the queue a second of
        // the rate (32 KiB at least) beyond that: a segment waits for the ones before it, and
        // only a sender far ahead of the rate loses some.
        const uint32_t burst = uint32_t(interfaceMtu(interface)) + 64;
        q.limit = burst + std::max<uint32_t>(q.rate.rate, 32768);
        m.add(TCA_TBF_PARMS, &q, sizeof q);
        m.add(TCA_TBF_BURST, &burst, sizeof burst);
        m.end(options);
    }
    return talk(m);
}

// ip addr add ADDR/24 dev IF; ip link set IF up (in the calling thread's namespace).
bool configure(const char *interface, const char *address, std::string *error)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, interface, IFNAMSIZ - 1);
    auto *sin = reinterpret_cast<sockaddr_in *>(&ifr.ifr_addr);
    sin->sin_family = AF_INET;
    ::inet_pton(AF_INET, address, &sin->sin_addr);
    bool ok = fd >= 0 && ::ioctl(fd, SIOCSIFADDR, &ifr) == 0;
    if (ok) {
        ::inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
        ok = ::ioctl(fd, SIOCSIFNETMASK, &ifr) == 0;
    }
    if (ok)
        ok = ::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags |= IFF_UP, ::ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
    if (!ok)
        *error = std::string("cannot set up ") + interface + ": " + std::strerror(errno);
    if (fd >= 0)
        ::close(fd);
    return ok;
}

// ip -6 addr add ADDR/64 dev IF nodad (in the calling thread's namespace): without duplicate
// address detection the address is usable at once, not after a second of "tentative".
bool configure6(const char *interface, const char *address, std::string *error)
{
    writeFile(("/proc/sys/net/ipv6/conf/" + std::string(interface) + "/accept_dad").c_str(), "0");
    const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct {
        in6_addr addr;
        uint32_t prefixlen;
        int ifindex;
    } req{}; // struct in6_ifreq (linux/ipv6.h), which clashes with netinet/in.h
    ::inet_pton(AF_INET6, address, &req.addr);
    req.prefixlen = 64;
    req.ifindex = int(::if_nametoindex(interface));
    const bool ok = fd >= 0 && req.ifindex > 0 && ::ioctl(fd, SIOCSIFADDR, &req) == 0;
    if (!ok)
        *error = std::string("cannot give ") + interface + " " + address + ": " + std::strerror(errno);
    if (fd >= 0)
        ::close(fd);
    return ok;
}

} // namespace

bool makeTwoHosts(std::string *error)
{
    if (g_current.kind != NetworkChoice::Kind::Lab) {
        *error = "the two-hosts layout is made in the lab network only";
        return false;
    }
    // The server host: a child moves into a network namespace of its own (it holds
    // CAP_SYS_ADMIN over our user namespace), we open it, and the child goes: the open
    // descriptor keeps the namespace for as long as this process lives, and no longer.
    int ready[2], done[2];
    if (::pipe2(ready, O_CLOEXEC) != 0 || ::pipe2(done, O_CLOEXEC) != 0) {
        *error = std::string("pipe: ") + std::strerror(errno);
        return false;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        *error = std::string("fork: ") + std::strerror(errno);
        return false;
    }
    if (child == 0) {
        ::close(ready[0]);
        ::close(done[1]); // or the read below never sees the end
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        char ok = ::unshare(CLONE_NEWNET) == 0 ? 'k' : 'x';
        [[maybe_unused]] ssize_t n = ::write(ready[1], &ok, 1);
        n = ::read(done[0], &ok, 1);
        ::_exit(0);
    }
    ::close(ready[1]);
    ::close(done[0]);
    char ok = 0;
    const bool childReady = ::read(ready[0], &ok, 1) == 1 && ok == 'k';
    const std::string nsPath = "/proc/" + std::to_string(child) + "/ns/net";
    const int serverNs = childReady ? ::open(nsPath.c_str(), O_RDONLY | O_CLOEXEC) : -1;
    ::close(done[1]); // the child may go
    ::close(ready[0]);
    ::waitpid(child, nullptr, 0);
    const int ownNs = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (serverNs < 0 || ownNs < 0) {
        *error = std::string("cannot make the server host's namespace: ") + std::strerror(errno);
        return false;
    }
    if (!addVethPair(serverNs, error) || !configure("client0", "10.0.0.1", error) || !configure6("client0", "fd00::1", error))
        return false;
    if (::setns(serverNs, CLONE_NEWNET) != 0) {
        *error = std::string("cannot enter the server host: ") + std::strerror(errno);
        return false;
    }
    bool serverUp = configure("server0", "10.0.0.2", error) && configure6("server0", "fd00::2", error);
    if (serverUp) { // its own loopback too
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ifreq ifr{};
        std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        if (fd >= 0 && ::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
            ifr.ifr_flags |= IFF_UP;
            ::ioctl(fd, SIOCSIFFLAGS, &ifr);
        }
        if (fd >= 0)
            ::close(fd);
    }
    ::setns(ownNs, CLONE_NEWNET);
    if (!serverUp)
        return false;
    setServerHostNamespace(serverNs, ownNs);
    g_current.twoHosts = true;
    return true;
}

std::string inputMethodOutOfReach()
{
    if (g_current.kind != NetworkChoice::Kind::Lab)
        return {};
    std::string method;
    for (const char *variable : {"QT_IM_MODULE", "GTK_IM_MODULE", "XMODIFIERS"}) {
        const char *v = std::getenv(variable);
        const std::string value = v ? v : "";
        if (value.find("ibus") != std::string::npos)
            method = "ibus";
        else if (value.find("fcitx") != std::string::npos)
            method = "fcitx";
        if (!method.empty())
            break;
    }
    if (method.empty())
        return {};
    // Where it is reached: ibus at its own address (the variable, or the files ibus writes), fcitx
    // through the session bus.
    std::vector<std::string> addresses;
    if (const char *a = std::getenv(method == "ibus" ? "IBUS_ADDRESS" : "DBUS_SESSION_BUS_ADDRESS"))
        addresses.emplace_back(a);
    if (method == "ibus") {
        const char *config = std::getenv("XDG_CONFIG_HOME");
        const char *home = std::getenv("HOME");
        const std::string folder = config && *config ? std::string(config) + "/ibus/bus" : home ? std::string(home) + "/.config/ibus/bus" : "";
        if (DIR *d = folder.empty() ? nullptr : ::opendir(folder.c_str())) {
            while (const dirent *e = ::readdir(d)) {
                if (e->d_name[0] == '.')
                    continue;
                if (FILE *f = std::fopen((folder + "/" + e->d_name).c_str(), "r")) {
                    char line[512];
                    while (std::fgets(line, sizeof line, f))
                        if (std::strncmp(line, "IBUS_ADDRESS=", 13) == 0)
                            addresses.emplace_back(line + 13);
                    std::fclose(f);
                }
            }
            ::closedir(d);
        }
    }
    for (std::string a : addresses) {
        if (a.find("abstract=") == std::string::npos)
            continue;
        while (!a.empty() && (a.back() == '\n' || a.back() == '\r'))
            a.pop_back();
        return method + " (" + a.substr(0, a.find(',')) + ")";
    }
    return {};
}

bool useTwoHosts(bool twoHosts, std::string *error)
{
    if (g_current.kind != NetworkChoice::Kind::Lab) {
        *error = "the lab's layout is chosen in the lab network only";
        return false;
    }
    if (twoHosts && !serverHostMade() && !makeTwoHosts(error))
        return false;
    useServerHost(twoHosts);
    g_current.twoHosts = twoHosts;
    return true;
}

bool shapeLab(int delayMs, int rateKbit, std::string *error)
{
    if (g_current.kind != NetworkChoice::Kind::Lab) {
        *error = "segments are delayed or rate-limited in the lab network only";
        return false;
    }
    auto failed = [&](const char *interface, int e) {
        if (e == ENOENT && delayMs > 0)
            *error = "this kernel has no netem (the sch_netem module), so the lab cannot delay segments; "
                     "--rate KBIT limits the rate with tbf instead, and a segment then waits for the ones before it "
                     "(serialisation delay)";
        else
            *error = std::string("cannot ") + (delayMs > 0 ? "delay segments on " : rateKbit > 0 ? "limit the rate on " : "stop shaping ")
                + interface + ": " + std::strerror(e);
        return false;
    };
    if (!g_current.twoHosts) {
        const int e = shapeLink("lo", delayMs, rateKbit);
        return e == 0 || failed("lo", e);
    }
    // Each host's way out: the client's segments on client0, the server's on server0.
    if (const int e = shapeLink("client0", delayMs, rateKbit); e != 0)
        return failed("client0", e);
    const ServerHostScope there;
    if (!there.ok()) {
        *error = std::string("cannot enter the server host: ") + std::strerror(errno);
        return false;
    }
    const int e = shapeLink("server0", delayMs, rateKbit);
    return e == 0 || failed("server0", e);
}

const NetworkChoice &currentNetwork()
{
    return g_current;
}

} // namespace hv
