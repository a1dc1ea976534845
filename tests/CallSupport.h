#pragma once
// Typed socket calls as the program's sockets report them, for tests that feed a Timeline by hand.
#include "SocketCall.h"

namespace hvtest {

inline hv::Endpoint loopback(uint16_t port)
{
    return {hv::IpAddress::v4(127, 0, 0, 1), port};
}

// A call on a listening socket (socket, bind, listen, close): no peer.
inline hv::SocketCall listenerCall(hv::CallKind kind, int64_t timeUs, uint32_t socket, const hv::Endpoint &local,
                                   int backlog = -1)
{
    hv::SocketCall c;
    c.kind = kind;
    c.side = hv::CallSide::Server;
    c.socket = socket;
    c.local = local;
    c.timeUs = timeUs;
    c.backlog = backlog;
    return c;
}

// A call on a connected (or connecting) socket.
inline hv::SocketCall connectedCall(hv::CallKind kind, hv::CallSide side, int64_t timeUs, uint32_t socket,
                                    const hv::Endpoint &local, const hv::Endpoint &peer, int64_t bytes = -1,
                                    uint32_t listener = 0)
{
    hv::SocketCall c;
    c.kind = kind;
    c.side = side;
    c.socket = socket;
    c.listener = listener;
    c.local = local;
    c.peer = peer;
    c.timeUs = timeUs;
    c.bytes = bytes;
    return c;
}

} // namespace hvtest
