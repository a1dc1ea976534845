#pragma once
// Where live capture runs, decided once at start, before Qt starts any thread.
//
// The host's network: where this process may capture (root, or the binary has CAP_NET_RAW and
// CAP_NET_ADMIN). Otherwise the lab network: the process enters a user namespace of its own and a
// network namespace inside it (unshare(CLONE_NEWUSER | CLONE_NEWNET), which needs no privilege on
// a stock kernel), maps its own uid and gid to themselves, and brings that namespace's loopback
// up. There it holds CAP_NET_RAW and CAP_NET_ADMIN over its own network only: the server, the
// client and the capture all run there, on a `lo` that nothing outside sees. The namespaces live
// exactly as long as the process: nothing is left behind when it exits, however it exits.
// unshare(CLONE_NEWUSER) is refused to a process with more than one thread, so enter() is called
// at the top of main(), before any QCoreApplication exists.
//
// Plain C++ and POSIX: nothing here needs Qt.
#include <string>

namespace hv {

struct NetworkChoice {
    enum class Kind { Host, Lab };
    enum class Asked { Auto, Host, Lab }; // --network: unset, host, lab
    Kind kind = Kind::Host;
    bool hostMayCapture = false; // root, or the binary's capabilities
    // Lab asked for or needed but unavailable: why (the errno's words and, where one is found,
    // the setting that refuses it: kernel.unprivileged_userns_clone, user.max_user_namespaces,
    // kernel.apparmor_restrict_unprivileged_userns). Empty when nothing was refused.
    std::string labRefused;
    bool twoHosts = false; // the lab's two-hosts layout is up
};

// Decides, and enters the lab when that is the choice. Call once, single-threaded.
NetworkChoice enterNetwork(NetworkChoice::Asked asked);

// The lab's two-hosts layout, once in the lab: a second network namespace (the server host), a
// veth pair between them (client0 10.0.0.1/24 and fd00::1/64 here, server0 10.0.0.2/24 and
// fd00::2/64 there, MTU 1500 as on a
// real LAN), and ChatServer told to make its listener there (HostNamespace.h). Any thread (the
// child it forks makes only system calls); false with *error (the step and the errno's words).
bool makeTwoHosts(std::string *error);

// The layout changed while the program runs: two hosts (made on first use, from any thread) or
// one again (the server host kept, unused). False with *error when the two hosts cannot be made.
bool useTwoHosts(bool twoHosts, std::string *error);

// Every segment in the lab held delayMs ms on its way out (netem, where the kernel has it), or the
// lab's links limited to rateKbit kbit/s (tbf); both 0: neither. On one host on lo, on two hosts
// on each host's end of the veth pair. False with *error (netem missing is said plainly, with
// the rate limit as the way out). Any thread, in the lab only.
bool shapeLab(int delayMs, int rateKbit, std::string *error);

// In the lab: the input method in use (ibus, fcitx: from QT_IM_MODULE, GTK_IM_MODULE, XMODIFIERS)
// and the abstract Unix socket it is reached at (IBUS_ADDRESS, ibus's bus files, the D-Bus
// session address): abstract sockets belong to a network namespace, so from inside the lab it
// cannot be reached and typing Chinese may not work. "" when nothing says so.
std::string inputMethodOutOfReach();

// What was decided at start (Host with hostMayCapture false before enterNetwork()).
const NetworkChoice &currentNetwork();

// Whether this process may capture on the host's network: effective uid 0 or CAP_NET_RAW and
// CAP_NET_ADMIN in its effective set.
bool hostMayCapture();

// Why unprivileged user namespaces are refused on this machine, from the settings that refuse
// them ("" when none of them does).
std::string userNamespaceSetting();

} // namespace hv
