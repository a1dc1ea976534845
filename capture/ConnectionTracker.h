#pragma once
// Follows TCP connections across segments: roles, ISNs, relative numbers, window scaling,
// the inferred TCP state of each side, handshake classification, retransmissions, anomalies.
#include "TcpPacket.h"

#include "LabDropPlan.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hv {

// RFC 793's states, and Unknown: what the packets do not prove (yet). A server that has received a
// SYN but not answered it is Unknown: a SYN+ACK later proves SYN_RCVD, a RST proves it was CLOSED
// all along, and a SYN nobody answers (dropped by a full accept queue, filtered, lost) proves
// nothing about the server at all.
enum class TcpState : uint8_t {
    Closed, Listen, SynSent, SynRcvd, Established,
    FinWait1, FinWait2, Closing, TimeWait, CloseWait, LastAck,
    Unknown,
};
const char *tcpStateName(TcpState s); // RFC 793 names: "SYN_SENT", "TIME_WAIT" ...; Unknown: "?"

enum class Side : uint8_t { Client, Server };
const char *sideName(Side s); // "client" / "server"

enum class Handshake : uint8_t { None, Partial, Complete, Refused };
const char *handshakeName(Handshake h); // "none" "partial" "complete" "refused"

namespace Anomaly {
constexpr uint16_t SynFin = 0x01;
constexpr uint16_t SynRst = 0x02;
constexpr uint16_t DataOnSyn = 0x04;
constexpr uint16_t AckNumberWithoutAckFlag = 0x08;
constexpr uint16_t NoFlags = 0x10;
constexpr uint16_t FinWithoutAck = 0x20;
constexpr uint16_t BadOptions = 0x40;
// IPv6 payload length 0 without a Jumbo Payload option (TcpPacket::ipLength == Frame): the
// frame's length was used. Linux BIG TCP super-packets look like this to a capture; the wire
// never carries them, and tshark calls them malformed.
constexpr uint16_t Ipv6PayloadLengthZero = 0x80;
// Not the segment's fault: the lab network's own rule dropped it after the capture saw it
// (LabDropPlan.h). Its receiver never got it, and no state of the receiver moves on it.
constexpr uint16_t DroppedByLab = 0x100;
// Flag combinations no conforming stack sends: the tracker believes nothing such a segment says
// (no state moves). The other anomalies are remarks on a segment that counts as usual.
constexpr uint16_t Nonsense = SynFin | SynRst | NoFlags | FinWithoutAck;
} // namespace Anomaly
std::vector<std::string> anomalyNames(uint16_t mask); // "syn_fin", "syn_rst", ... in bit order

// One tracked segment: the plain record between decoding and drawing.
struct Segment {
    uint32_t frame = 0;      // 1-based frame number in the capture
    int64_t timeUs = 0;      // microseconds since the epoch
    uint32_t connection = 0; // Connection::id
    Side from = Side::Client;
    uint16_t flags = 0;
    uint32_t seq = 0, ack = 0;
    uint32_t relSeq = 0, relAck = 0;
    uint32_t len = 0;
    uint16_t win = 0;
    uint32_t winScaled = 0;
    uint8_t ttl = 0;
    TcpOptions options;
    bool retransmission = false;
    uint16_t anomalies = 0;  // Anomaly:: bits
    TcpState clientState = TcpState::Closed; // after this segment
    TcpState serverState = TcpState::Closed;
    bool operator==(const Segment &) const = default;
};

struct Connection {
    uint32_t id = 0; // 1-based, in order of first appearance
    Endpoint client;
    Endpoint server;
    Handshake handshake = Handshake::None;
    TcpState clientState = TcpState::Closed; // now (after its latest segment)
    TcpState serverState = TcpState::Unknown;
    // Before its first segment, as far as the packets prove it: a client that sends a SYN was
    // CLOSED; a server is LISTEN once a SYN+ACK answers that first SYN, CLOSED once a RST does,
    // Unknown else (a first SYN nobody answered proves nothing, whatever answered a later copy).
    TcpState clientInitial = TcpState::Closed;
    TcpState serverInitial = TcpState::Unknown;
    // The segments that decide the handshake (frame numbers; 0: none): the SYN+ACK that made the
    // client ESTABLISHED (connect() returns after it), the client's segment that made the server
    // ESTABLISHED (accept() can return after it), the RST that refused the SYN.
    uint32_t synAckFrame = 0;
    uint32_t establishingFrame = 0;
    uint32_t refusalFrame = 0;
    // Both sides sent a pure SYN and they crossed: two connect() calls, no listener (then the
    // client's SYN+ACK is what established the server: establishingFrame).
    bool simultaneousOpen = false;
    uint32_t clientIsn = 0, serverIsn = 0;  // base sequence numbers (Wireshark's base_seq)
    bool clientIsnKnown = false, serverIsnKnown = false;
    int8_t clientWscale = -1, serverWscale = -1;
    bool sawSyn = false, sawSynAck = false, sawHandshakeAck = false;
    uint32_t segmentCount = 0;
};

// A segment tracked earlier whose states later packets proved otherwise: a SYN's server state once
// the SYN+ACK (SYN_RCVD) or a RST (CLOSED) answers it; the client's segments after an ACK that the
// server turned out to have dropped (its SYN+ACK came again: still SYN_RCVD, a full accept queue).
struct StateRevision {
    uint32_t connection = 0;
    uint32_t frame = 0;
    // 0: the one segment `frame`. Otherwise every segment of the connection from `frame` to
    // `lastFrame` (both included) that the client sent gets `serverState`, and keeps its own
    // client state (clientState is Unknown then).
    uint32_t lastFrame = 0;
    TcpState clientState = TcpState::Closed; // the segment's states after it, as now proven
    TcpState serverState = TcpState::Closed;
};

class ConnectionTracker {
public:
    // A port known to be listened on (live mode): decides the server side without a SYN.
    void setServerPortHint(uint16_t port) { serverPortHint_ = port; }
    // The lab network's drops (live capture in the lab only): a connection armed in the plan has
    // its dropped segments marked Anomaly::DroppedByLab, and they move only their sender's state.
    void setLabDropPlan(std::shared_ptr<LabDropPlan> plan) { labPlan_ = std::move(plan); }

    // Tracks one decoded segment and returns it with roles, relative numbers and states filled in.
    Segment track(uint32_t frame, int64_t timeUs, const TcpPacket &pkt);

    const std::vector<Connection> &connections() const { return connections_; }
    const Connection &connection(uint32_t id) const { return connections_.at(id - 1); }

    // The revisions made since the last call, in the order they were made.
    std::vector<StateRevision> takeRevisions() { return std::exchange(revisions_, {}); }
    bool hasRevisions() const { return !revisions_.empty(); }

private:
    // What one side has sent so far: enough to recognise retransmissions and the ACKs of its
    // SYN and FIN. Per connection, never per segment; packed (13 bytes, not 16): x86 reads
    // unaligned words at no cost, and a capture has many connections.
    struct [[gnu::packed]] SentByOneSide {
        uint32_t synSeq = 0;            // the ISN of its SYN or SYN+ACK, when synSeqKnown
        uint32_t finSeq = 0;            // the sequence number its FIN occupies (seq + len), when finSent
        uint32_t highestEnd = 0;        // highest seq + len (+1 per SYN/FIN) sent, when endKnown
        bool synSeqKnown : 1 = false;   // a SYN or SYN+ACK was sent
        bool sentSyn : 1 = false;       // a pure SYN (active open)
        bool sentSynAck : 1 = false;
        bool finSent : 1 = false;
        bool ackedPeerFin : 1 = false;  // this side has acknowledged the other side's FIN
        bool endKnown : 1 = false;
        bool reachedEstablished : 1 = false;
        // The client: its latest SYN the server has not answered is its first (an answer to it
        // proves the server's state before the connection). The server: it has sent nothing but
        // SYN+ACKs since the ACK that made it ESTABLISHED (a SYN+ACK again proves that ACK was
        // dropped).
        bool pending : 1 = false;
    };
    struct [[gnu::packed]] SentByBothSides {
        SentByOneSide client, server;
        // The client's latest SYN the server has not answered yet (0: none): the answer revises
        // its row. Per connection rather than in a map: most connections have one for a round
        // trip, and a map's node for each would cost more than these four bytes.
        uint32_t unansweredSyn = 0;
        // A copy of the client's SYN came after the server's latest SYN+ACK: the next SYN+ACK may
        // answer that copy (a server in SYN_RCVD answers a SYN again), so it proves nothing about
        // the client's ACK in between.
        bool synCopySinceSynAck = false;
        // The lab dropped that SYN (unansweredSyn): what the server sends next answers no SYN of it.
        bool unansweredLost = false;
    };

    // Where a 4-tuple is, or would go, in the table below.
    struct Probe {
        size_t slot;
        uint32_t id; // 0: the tuple is not in the table; slot is the free one it would take
    };
    Probe find(const Endpoint &src, const Endpoint &dst, uint64_t hash) const;
    void growTable();
    uint32_t openConnection(const TcpPacket &pkt, const Probe &where, uint64_t hash);
    bool startsNewConnection(uint32_t id, const TcpPacket &pkt) const;

    SentByBothSides &sent(uint32_t id) { return sent_[(id - 1) >> kSentChunkBits][(id - 1) & (kSentChunk - 1)]; }
    const SentByBothSides &sent(uint32_t id) const
    {
        return sent_[(id - 1) >> kSentChunkBits][(id - 1) & (kSentChunk - 1)];
    }

    uint16_t serverPortHint_ = 0;
    std::shared_ptr<LabDropPlan> labPlan_;
    std::unordered_map<uint32_t, LabDropMirror> labMirrors_; // by connection id: the lab's few
    std::vector<Connection> connections_;
    // Parallel to connections_, in chunks: never copied as it grows, and no slack past the last.
    static constexpr unsigned kSentChunkBits = 12;
    static constexpr size_t kSentChunk = size_t(1) << kSentChunkBits;
    std::vector<std::vector<SentByBothSides>> sent_;
    // The 4-tuple, in either direction, -> the latest connection on it: open addressing with
    // linear probing over a power-of-two table. A slot holds a connection id (0: free; the
    // connection's endpoints are the key, so none are copied here) and the low 32 bits of the
    // tuple's hash: they place the slot, and a probe of another tuple ends on them almost always
    // without touching a Connection; growing never reads one either. Tuples are never removed: a
    // new connection on one takes its slot over. A new tuple goes first in its run of slots.
    struct Slot {
        uint32_t hash = 0;
        uint32_t id = 0;
    };
    std::vector<Slot> slots_;
    size_t tuples_ = 0;

    std::vector<StateRevision> revisions_;
};

} // namespace hv
