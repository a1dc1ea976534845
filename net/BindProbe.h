#pragma once
// A bind() tried and taken back at once: socket(), optionally setsockopt(SO_REUSEADDR), bind() to
// `where`, close(). What the kernel says is the lesson (a port held by a connection in TIME_WAIT:
// EADDRINUSE without SO_REUSEADDR, accepted with it). Made on the server host in the lab's
// two-hosts layout (HostNamespace.h). Every call is returned, typed, for the ladder.
#include "SocketCall.h"

#include <vector>

namespace hv {

struct BindProbe {
    std::vector<SocketCall> calls; // socket(), bind() (its error, if any), close()
    int error = 0;                 // bind()'s errno, 0 when it was accepted
};

BindProbe probeBind(const Endpoint &where, bool reuseAddress, CallSide side = CallSide::Server);

} // namespace hv
