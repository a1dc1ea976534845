#include "SocketCall.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <ctime>

namespace hv {

namespace {

TcpState fromLinuxState(uint8_t state)
{
    switch (state) {
    case TCP_ESTABLISHED: return TcpState::Established;
    case TCP_SYN_SENT: return TcpState::SynSent;
    case TCP_SYN_RECV: return TcpState::SynRcvd;
    case TCP_FIN_WAIT1: return TcpState::FinWait1;
    case TCP_FIN_WAIT2: return TcpState::FinWait2;
    case TCP_TIME_WAIT: return TcpState::TimeWait;
    case TCP_CLOSE: return TcpState::Closed;
    case TCP_CLOSE_WAIT: return TcpState::CloseWait;
    case TCP_LAST_ACK: return TcpState::LastAck;
    case TCP_LISTEN: return TcpState::Listen;
    case TCP_CLOSING: return TcpState::Closing;
    default: return TcpState::Unknown;
    }
}

} // namespace

KernelView sampleKernel(int fd)
{
    KernelView k;
    if (fd < 0)
        return k;
    tcp_info info{};
    socklen_t len = sizeof info;
    k.sampledUs = realtimeMicros();
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
        return k;
    k.known = true;
    k.state = fromLinuxState(info.tcpi_state);
    k.retransmits = info.tcpi_retransmits;
    k.rtoUs = info.tcpi_rto;
    k.rttUs = info.tcpi_rtt;
    k.sndMss = info.tcpi_snd_mss;
    k.unacked = info.tcpi_unacked;
    k.sacked = info.tcpi_sacked;
    return k;
}


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
