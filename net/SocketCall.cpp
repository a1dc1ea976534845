#include "SocketCall.h"

#include <atomic>
#include <ctime>

namespace hv {

const char *callName(CallKind kind)
{
    switch (kind) {
    case CallKind::Socket: return "socket";
    case CallKind::Bind: return "bind";
    case CallKind::Listen: return "listen";
    case CallKind::Connect: return "connect";
    case CallKind::ConnectReturns: return "connect returns";
    case CallKind::AcceptReturns: return "accept returns";
    case CallKind::Send: return "send";
    case CallKind::Recv: return "recv";
    case CallKind::Shutdown: return "shutdown";
    case CallKind::Close: return "close";
    }
    return "?";
}

int64_t realtimeMicros()
{
    // The clock libpcap stamps packets with on Linux, so calls and segments interleave correctly.
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

uint32_t newSocketSerial()
{
    static std::atomic<uint32_t> next{0};
    return ++next;
}

} // namespace hv
