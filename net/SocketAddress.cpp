#include "SocketAddress.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace hv {

Endpoint endpointFrom(const sockaddr *address)
{
    Endpoint e;
    if (!address)
        return e;
    if (address->sa_family == AF_INET) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(address);
        std::memcpy(e.addr.bytes.data(), &in->sin_addr, 4);
        e.port = ntohs(in->sin_port);
    } else if (address->sa_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(address);
        const uint8_t *b = in6->sin6_addr.s6_addr;
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(b, mapped, 12) == 0) {
            std::memcpy(e.addr.bytes.data(), b + 12, 4);
        } else {
            std::memcpy(e.addr.bytes.data(), b, 16);
            e.addr.v6 = true;
        }
        e.port = ntohs(in6->sin6_port);
    }
    return e;
}

Endpoint endpointFrom(const QHostAddress &address, quint16 port)
{
    Endpoint e;
    e.port = port;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        e.addr = IpAddress::v4(uint8_t(v4 >> 24), uint8_t(v4 >> 16), uint8_t(v4 >> 8), uint8_t(v4));
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        // Only ::ffff:a.b.c.d is the IPv4 address a.b.c.d on the wire (toIPv4Address() would
        // also turn :: into 0.0.0.0, and ::1 is not 0.0.0.1).
        const Q_IPV6ADDR a = address.toIPv6Address();
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(a.c, mapped, 12) == 0) {
            e.addr = IpAddress::v4(a.c[12], a.c[13], a.c[14], a.c[15]);
        } else {
            std::memcpy(e.addr.bytes.data(), a.c, 16);
            e.addr.v6 = true;
        }
    }
    return e;
}

Endpoint localEndpointOf(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
        return {};
    return endpointFrom(reinterpret_cast<const sockaddr *>(&ss));
}

Endpoint peerEndpointOf(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
        return {};
    return endpointFrom(reinterpret_cast<const sockaddr *>(&ss));
}

QHostAddress hostAddressOf(const Endpoint &endpoint)
{
    if (!endpoint.addr.v6) {
        const auto &b = endpoint.addr.bytes;
        return QHostAddress(quint32(b[0]) << 24 | quint32(b[1]) << 16 | quint32(b[2]) << 8 | quint32(b[3]));
    }
    return QHostAddress(endpoint.addr.bytes.data());
}

bool isWildcard(const IpAddress &address)
{
    for (uint8_t b : address.bytes)
        if (b != 0)
            return false;
    return true;
}

QString endpointText(const Endpoint &endpoint)
{
    return QString::fromStdString(endpoint.toString());
}

QString endpointText(const QHostAddress &address, quint16 port)
{
    return endpointText(endpointFrom(address, port));
}

} // namespace hv
