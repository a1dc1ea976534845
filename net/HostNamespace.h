#pragma once
// The lab's two-hosts layout: the server's sockets live in a network namespace of their own (the
// "server host"), the client's in the program's. A listening socket is made in the namespace its
// thread is in: ChatServer makes its listener inside a ServerHostScope, which moves the calling
// thread into the server host's namespace and back (setns(2) on the thread alone). Accepted
// sockets are the listener's. Without a server host (one host, or the host's network) the scope
// does nothing.
namespace hv {

// The server host's namespace (an open /proc/PID/ns/net) and the program's own, or -1.
void setServerHostNamespace(int serverNs, int ownNs);
// Whether the server host is in use (made, and the layout is two hosts): the scope goes there.
bool hasServerHost();
// The layout back to one host (false) or to two again (true), the namespace kept.
void useServerHost(bool use);
bool serverHostMade();
int serverHostNamespaceFd(); // the open namespace, -1 before it is made (for setns in a child)

class ServerHostScope {
public:
    enum StayTag { Stay };
    ServerHostScope();
    explicit ServerHostScope(StayTag) {} // goes nowhere (the same type either way)
    ~ServerHostScope();
    ServerHostScope(const ServerHostScope &) = delete;
    ServerHostScope &operator=(const ServerHostScope &) = delete;
    bool ok() const { return ok_; } // false: the move failed (errno set); the socket would be the client's

private:
    bool moved_ = false;
    bool ok_ = true;
};

} // namespace hv
