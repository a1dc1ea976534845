#include "BindProbe.h"

#include "HostNamespace.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace hv {

BindProbe probeBind(const Endpoint &where, bool reuseAddress, CallSide side)
{
    BindProbe out;
    SocketCall call;
    call.side = side;
    call.socket = newSocketSerial();
    call.local = where;
    call.reuseAddress = reuseAddress;
    const int family = where.addr.v6 ? AF_INET6 : AF_INET;
    call.kind = CallKind::Socket;
    call.timeUs = realtimeMicros();
    int fd = -1;
    {
        const ServerHostScope onServerHost;
        fd = onServerHost.ok() ? ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;
    }
    if (fd < 0) {
        out.error = errno;
        return out;
    }
    SocketCall opened = call;
    opened.local = {};
    out.calls.push_back(opened);
    if (reuseAddress) {
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (family == AF_INET) {
        auto *in = reinterpret_cast<sockaddr_in *>(&ss);
        in->sin_family = AF_INET;
        in->sin_port = htons(where.port);
        std::copy_n(where.addr.bytes.data(), 4, reinterpret_cast<uint8_t *>(&in->sin_addr));
        len = sizeof(sockaddr_in);
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&ss);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(where.port);
        std::copy_n(where.addr.bytes.data(), 16, in6->sin6_addr.s6_addr);
        len = sizeof(sockaddr_in6);
    }
    call.kind = CallKind::Bind;
    call.timeUs = realtimeMicros();
    out.error = ::bind(fd, reinterpret_cast<sockaddr *>(&ss), len) == 0 ? 0 : errno;
    call.error = out.error;
    out.calls.push_back(call);
    call.kind = CallKind::Close;
    call.error = 0;
    call.local = {}; // (a close() of a bound, unconnected socket: nothing goes on the wire)
    call.timeUs = realtimeMicros();
    ::close(fd);
    out.calls.push_back(call);
    return out;
}

} // namespace hv
