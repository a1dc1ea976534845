#pragma once
// A socket call the program made (or, for a capture file, one the packets imply), as a typed
// value: which call, on which socket, between which endpoints, with what numbers. No sentence is
// stored: the ladder, the explanation and every export write their own words when they draw it,
// in the language of that moment.
#include "ConnectionTracker.h" // hv::TcpState
#include "TcpPacket.h" // hv::Endpoint

#include <QMetaType>
#include <cstdint>

namespace hv {

enum class CallSide : uint8_t { Client, Server };

enum class CallKind : uint8_t {
    Socket,         // socket(): a descriptor, no address yet
    Bind,           // bind(local)
    Listen,         // listen(backlog): a passive open
    Connect,        // connect(peer): an active open, the SYN follows
    ConnectReturns, // connect() has returned: 0 (error == 0) or -1 with error (ECONNREFUSED ...)
    AcceptReturns,  // accept() returned a connected socket
    Send,           // send(bytes); -1 with error when the kernel refused them (EPIPE, ECONNRESET)
    Recv,           // recv() returned bytes (0: the peer's FIN, end of stream; -1 with error: ECONNRESET ...)
    Shutdown,       // shutdown(SHUT_WR): a half-close, the FIN follows
    Close,          // close(): a FIN follows on an open connection (a RST when abortive)
};
constexpr int kCallKinds = int(CallKind::Close) + 1;

// The call's name in exports and JSON, always English: "socket", "connect returns", "accept returns" ...
const char *callName(CallKind kind);

// What the kernel itself says of a socket (getsockopt TCP_INFO), sampled right after a call the
// program made on it (none for close(): after it there is no descriptor to ask).
struct KernelView {
    bool known = false;
    TcpState state = TcpState::Unknown; // tcpi_state
    uint8_t retransmits = 0;            // tcpi_retransmits: unacknowledged retransmissions now
    uint32_t rtoUs = 0, rttUs = 0;      // tcpi_rto, tcpi_rtt (microseconds)
    uint32_t sndMss = 0;                // tcpi_snd_mss
    // A listener: tcpi_unacked is the number of connections waiting in its accept queue, and
    // tcpi_sacked its backlog (verified on Linux 6.x).
    uint32_t unacked = 0, sacked = 0;
    int64_t sampledUs = 0;              // when it was asked (CLOCK_REALTIME, as the capture's times)
    bool operator==(const KernelView &) const = default;
};
// TCP_INFO of `fd` now; known = false when it cannot be read.
KernelView sampleKernel(int fd);

struct SocketCall {
    CallKind kind = CallKind::Socket;
    CallSide side = CallSide::Client;
    bool inferred = false; // deduced from the packets of a capture file, not made by this program
    bool abortive = false; // Close with SO_LINGER 0: the kernel sends RST instead of FIN
    bool dualStack = false; // Listen on an IPv6 socket that takes IPv4 too (IPV6_V6ONLY off)
    bool reuseAddress = false; // Bind with SO_REUSEADDR set first
    // Close of a socket whose connection had already failed (the peer's RST: recv() or send()
    // returned -1 with ECONNRESET): the descriptor is freed, nothing goes on the wire, no FIN.
    bool connectionGone = false;
    // The program's own number for the socket (unique in the process; 0 for an inferred call),
    // and for a socket accept() returned, the number of the listening socket it came from.
    uint32_t socket = 0;
    uint32_t listener = 0;
    // The socket's addresses as the kernel gave them (getsockname/getpeername). A port of 0 means
    // not known yet (socket() before connect()) or none (a listener has no peer).
    Endpoint local;
    Endpoint peer;
    // On pcap's clock (CLOCK_REALTIME, microseconds). A call that makes the kernel send something
    // (connect, send, shutdown, close) is timed just before the system call; a call that reports
    // what the kernel did (connect/accept/recv returning) is timed when the program noticed.
    int64_t timeUs = 0;
    int64_t bytes = -1; // Send, Recv
    bool endsWithNewline = false; // Send: the last of those bytes is "\n" (the chat's end of a message)
    int backlog = -1;   // Listen
    KernelView kernel;  // the kernel's own view right after the call (not for inferred calls)
    // AcceptReturns: the listener's accept queue right after this accept() (connections still
    // waiting there, TCP_INFO), and its backlog; -1: not known.
    int acceptQueue = -1;
    int error = 0;      // errno of a call that failed (ConnectReturns: ECONNREFUSED, ETIMEDOUT ...; Recv, Send: ECONNRESET, EPIPE)

    bool hasPeer() const { return peer.port != 0; }
};

int64_t realtimeMicros();
// A fresh socket number for SocketCall::socket (never 0).
uint32_t newSocketSerial();

} // namespace hv

Q_DECLARE_METATYPE(hv::SocketCall)
