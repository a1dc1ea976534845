#pragma once
// Addresses between the kernel's, Qt's and the capture's forms. An IPv4-mapped IPv6 address
// (::ffff:127.0.0.1, what a dual-stack socket reports) is the IPv4 address the packets carry.
#include "TcpPacket.h"

#include <QHostAddress>
#include <QString>

struct sockaddr;

namespace hv {

Endpoint endpointFrom(const sockaddr *address);
Endpoint endpointFrom(const QHostAddress &address, quint16 port);
Endpoint localEndpointOf(int fd);  // getsockname; port 0 on failure
Endpoint peerEndpointOf(int fd);   // getpeername; port 0 when not connected
QHostAddress hostAddressOf(const Endpoint &endpoint);
// 0.0.0.0 or ::: a listener on every address of the machine.
bool isWildcard(const IpAddress &address);

// "127.0.0.1:6666", "[::1]:6666".
QString endpointText(const Endpoint &endpoint);
QString endpointText(const QHostAddress &address, quint16 port);

} // namespace hv
