#include "ConnectionTracker.h"

#include <algorithm>
#include <cstring>

namespace hv {

namespace {

constexpr int8_t kMaxWindowShift = 14; // RFC 7323 2.3: larger shifts are treated as 14

// Flag combinations no conforming stack sends. They are shown and flagged, but the tracker
// believes nothing they say: no state moves, no ISN/FIN/scale is learnt from them. (Linux drops
// SYN+FIN in LISTEN; RFC 793 drops any segment without ACK once synchronised.)
constexpr uint16_t kNonsense = Anomaly::Nonsense;

// Sequence-space comparisons, modulo 2^32 (RFC 793 3.3).
bool seqLe(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) <= 0; }
bool seqGt(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) > 0; }

uint16_t anomaliesOf(const TcpPacket &pkt)
{
    const uint16_t f = pkt.flags;
    const bool syn = f & TcpFlag::Syn, ack = f & TcpFlag::Ack;
    const bool fin = f & TcpFlag::Fin, rst = f & TcpFlag::Rst;
    uint16_t a = 0;
    if (syn && fin)
        a |= Anomaly::SynFin;
    if (syn && rst)
        a |= Anomaly::SynRst;
    if (syn && pkt.payloadLen > 0)
        a |= Anomaly::DataOnSyn;
    if (!ack && pkt.ack != 0)
        a |= Anomaly::AckNumberWithoutAckFlag;
    if (f == 0)
        a |= Anomaly::NoFlags;
    if (fin && !ack && !syn) // a SYN+FIN is already flagged as such
        a |= Anomaly::FinWithoutAck;
    if (!pkt.optionProblem.empty())
        a |= Anomaly::BadOptions;
    if (pkt.src.addr.v6 && pkt.ipLength == IpLength::Frame)
        a |= Anomaly::Ipv6PayloadLengthZero;
    return a;
}

// A 64-bit hash of one endpoint (all 16 address bytes, the family, the port).
uint64_t endpointHash(const Endpoint &e)
{
    uint64_t lo = 0, hi = 0;
    std::memcpy(&lo, e.addr.bytes.data(), 8);
    std::memcpy(&hi, e.addr.bytes.data() + 8, 8);
    const uint64_t rest = uint64_t(e.port) | uint64_t(e.addr.v6) << 16;
    uint64_t h = lo * 0x9E3779B97F4A7C15ull + ((hi * 0xC2B2AE3D27D4EB4Full) >> 7) + rest * 0x165667B19E3779F9ull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

// The same for both directions of a 4-tuple (a sum commutes; a socket connected to itself still
// gets a spread-out value, unlike with a xor).
uint64_t tupleHash(const Endpoint &a, const Endpoint &b)
{
    return endpointHash(a) + endpointHash(b);
}

// Endpoint's operator==, without the memcmp call std::array's makes.
bool same(const Endpoint &a, const Endpoint &b)
{
    uint64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
    std::memcpy(&a0, a.addr.bytes.data(), 8);
    std::memcpy(&a1, a.addr.bytes.data() + 8, 8);
    std::memcpy(&b0, b.addr.bytes.data(), 8);
    std::memcpy(&b1, b.addr.bytes.data() + 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0 && a.port == b.port && a.addr.v6 == b.addr.v6;
}

bool sameTuple(const Connection &c, const Endpoint &src, const Endpoint &dst)
{
    return (same(src, c.client) && same(dst, c.server)) || (same(src, c.server) && same(dst, c.client));
}

constexpr size_t kFirstTableSize = 64; // slots; a power of two

bool isGone(TcpState s) { return s == TcpState::TimeWait || s == TcpState::Closed; }

} // namespace

const char *tcpStateName(TcpState s)
{
    switch (s) {
    case TcpState::Closed: return "CLOSED";
    case TcpState::Listen: return "LISTEN";
    case TcpState::SynSent: return "SYN_SENT";
    case TcpState::SynRcvd: return "SYN_RCVD";
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::FinWait1: return "FIN_WAIT_1";
    case TcpState::FinWait2: return "FIN_WAIT_2";
    case TcpState::Closing: return "CLOSING";
    case TcpState::TimeWait: return "TIME_WAIT";
    case TcpState::CloseWait: return "CLOSE_WAIT";
    case TcpState::LastAck: return "LAST_ACK";
    case TcpState::Unknown: return "?";
    }
    return "?";
}

const char *sideName(Side s)
{
    return s == Side::Client ? "client" : "server";
}

const char *handshakeName(Handshake h)
{
    switch (h) {
    case Handshake::None: return "none";
    case Handshake::Partial: return "partial";
    case Handshake::Complete: return "complete";
    case Handshake::Refused: return "refused";
    }
    return "?";
}

std::vector<std::string> anomalyNames(uint16_t mask)
{
    static constexpr std::pair<uint16_t, const char *> names[] = {
        {Anomaly::SynFin, "syn_fin"},
        {Anomaly::SynRst, "syn_rst"},
        {Anomaly::DataOnSyn, "data_on_syn"},
        {Anomaly::AckNumberWithoutAckFlag, "ack_number_without_ack_flag"},
        {Anomaly::NoFlags, "no_flags"},
        {Anomaly::FinWithoutAck, "fin_without_ack"},
        {Anomaly::BadOptions, "bad_options"},
        {Anomaly::Ipv6PayloadLengthZero, "ipv6_payload_length_0"},
        {Anomaly::DroppedByLab, "dropped_by_lab"},
    };
    std::vector<std::string> out;
    for (const auto &[bit, name] : names)
        if (mask & bit)
            out.emplace_back(name);
    return out;
}

// Roles when the connection's first segment is not a pure SYN (the capture started later):
// a SYN+ACK comes from the server; otherwise the port being listened on (the hint) is the
// server; otherwise the lower port, since servers sit on well-known (< 1024) or registered
// ports and clients on ephemeral ones (Linux: 32768-60999). Equal ports: the receiver of the
// first segment seen is taken as the server.
uint32_t ConnectionTracker::openConnection(const TcpPacket &pkt, const Probe &where, uint64_t hash)
{
    const uint16_t f = pkt.flags;
    const bool syn = f & TcpFlag::Syn, ack = f & TcpFlag::Ack, rst = f & TcpFlag::Rst;
    const bool nonsense = anomaliesOf(pkt) & kNonsense;

    bool srcIsClient = true;
    if (syn)
        srcIsClient = !ack;
    else if (serverPortHint_ != 0 && (pkt.src.port == serverPortHint_) != (pkt.dst.port == serverPortHint_))
        srcIsClient = pkt.dst.port == serverPortHint_;
    else if (pkt.src.port != pkt.dst.port)
        srcIsClient = pkt.src.port > pkt.dst.port;

    Connection c;
    c.id = static_cast<uint32_t>(connections_.size() + 1);
    c.client = srcIsClient ? pkt.src : pkt.dst;
    c.server = srcIsClient ? pkt.dst : pkt.src;
    // What an observer arriving now can infer of the states *before* this segment. A client that
    // sends a SYN was CLOSED; its server is Unknown until it answers. Of a connection first seen
    // through a RST or a segment no stack sends, nothing is known.
    if (nonsense || rst) {
        c.clientState = TcpState::Unknown;
        c.serverState = TcpState::Unknown;
    } else if (syn && ack) { // the SYN was missed: the client is waiting for this answer
        c.clientState = TcpState::SynSent;
        c.serverState = TcpState::SynRcvd;
    } else if (!syn && ack) { // mid-connection
        c.clientState = TcpState::Established;
        c.serverState = TcpState::Established;
    }
    c.clientInitial = c.clientState;
    c.serverInitial = c.serverState;
    // Grown by an eighth, not doubled: kept for the whole capture, and a doubling leaves a quarter
    // of it unused on average (an eighth costs more copying and page faults: a few ns a packet).
    if (connections_.size() == connections_.capacity())
        connections_.reserve(connections_.size() + std::max<size_t>(connections_.size() / 8, 64));
    connections_.push_back(c);
    if (sent_.empty() || sent_.back().size() == kSentChunk) {
        sent_.emplace_back();
        sent_.back().reserve(kSentChunk);
    }
    sent_.back().emplace_back();
    if (where.id != 0) { // a new connection on a known tuple takes its slot over
        slots_[where.slot].id = c.id;
        return c.id;
    }
    // A new tuple goes first in its run, the others move up one (to the free slot the probe ended
    // on): the connections being looked up are mostly the latest, and they are found at once.
    const size_t mask = slots_.size() - 1;
    const size_t home = hash & mask;
    for (size_t i = where.slot; i != home; i = (i - 1) & mask)
        slots_[i] = slots_[(i - 1) & mask];
    slots_[home] = Slot{uint32_t(hash), c.id};
    if (++tuples_ * 4 > slots_.size() * 3) // at most 3/4 full
        growTable();
    return c.id;
}

ConnectionTracker::Probe ConnectionTracker::find(const Endpoint &src, const Endpoint &dst, uint64_t hash) const
{
    const size_t mask = slots_.size() - 1;
    const auto h = uint32_t(hash);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot slot = slots_[i];
        if (slot.id == 0)
            return {i, 0};
        if (slot.hash == h && sameTuple(connections_[slot.id - 1], src, dst))
            return {i, slot.id};
    }
}

void ConnectionTracker::growTable()
{
    std::vector<Slot> slots(slots_.empty() ? kFirstTableSize : slots_.size() * 2);
    const size_t mask = slots.size() - 1;
    for (const Slot &old : slots_) {
        if (old.id == 0)
            continue;
        size_t i = old.hash & mask;
        while (slots[i].id != 0)
            i = (i + 1) & mask;
        slots[i] = old;
    }
    slots_ = std::move(slots);
}

// A fresh pure SYN on a 4-tuple whose connection is over (both sides TIME_WAIT or CLOSED) opens a
// new connection, unless it repeats the sender's ISN (then it is a retransmission).
bool ConnectionTracker::startsNewConnection(uint32_t id, const TcpPacket &pkt) const
{
    constexpr uint16_t pureSynMask = TcpFlag::Syn | TcpFlag::Ack | TcpFlag::Fin | TcpFlag::Rst;
    if ((pkt.flags & pureSynMask) != TcpFlag::Syn)
        return false;
    const Connection &c = connections_[id - 1];
    const bool fromClient = same(pkt.src, c.client);
    const SentByOneSide &sender = fromClient ? sent(id).client : sent(id).server;
    const bool sameIsn = sender.synSeqKnown && sender.synSeq == pkt.seq;
    // A client whose SYNs nobody ever answered may give up and connect again from the same
    // port: a SYN with another ISN is a new connection, not a copy of the old one.
    if (fromClient && c.clientState == TcpState::SynSent && c.serverState == TcpState::Unknown && !c.sawSynAck)
        return sender.synSeqKnown && !sameIsn;
    if (!isGone(c.clientState) || !isGone(c.serverState))
        return false;
    return !sameIsn;
}

Segment ConnectionTracker::track(uint32_t frame, int64_t timeUs, const TcpPacket &pkt)
{
    const uint16_t f = pkt.flags;
    const bool syn = f & TcpFlag::Syn, ack = f & TcpFlag::Ack;
    const bool fin = f & TcpFlag::Fin, rst = f & TcpFlag::Rst;
    const uint32_t len = pkt.payloadLen;
    uint16_t anomalies = anomaliesOf(pkt);
    const bool nonsense = anomalies & kNonsense;

    if (slots_.empty())
        growTable();
    const uint64_t hash = tupleHash(pkt.src, pkt.dst);
    const Probe where = find(pkt.src, pkt.dst, hash);
    const bool opened = where.id == 0 || startsNewConnection(where.id, pkt);
    const uint32_t id = opened ? openConnection(pkt, where, hash) : where.id;
    Connection &c = connections_[id - 1];
    SentByBothSides &both = sent(id);

    // With src == dst (a socket connected to itself) every segment counts as the client's.
    const bool fromClient = same(pkt.src, c.client);

    // The lab's rules for this connection, counted as its kernel counts them (LabDropPlan.h).
    LabDropMirror *lab = nullptr;
    if (labPlan_) {
        if (opened) {
            LabDropMirror claimed;
            if (labPlan_->claim(c.client.port, c.server.port, &claimed))
                labMirrors_[id] = std::move(claimed);
        }
        if (!labMirrors_.empty())
            if (auto it = labMirrors_.find(id); it != labMirrors_.end()) {
                // Its rules were deleted (another connection's replaced them): from then on the
                // lab drops nothing of it, and what it dropped before still waits for its copies.
                if (labPlan_->retired(it->second.generation(), timeUs))
                    it->second.retire();
                lab = &it->second;
            }
    }
    const bool copyDelivers = lab && lab->copyDelivers(fromClient, f);
    const bool pastHole = lab && lab->hasHole(fromClient);
    const bool lost = lab && lab->drops(fromClient, f, pkt.seq, len);
    if (lost)
        anomalies |= Anomaly::DroppedByLab;
    SentByOneSide &own = fromClient ? both.client : both.server;
    SentByOneSide &peer = fromClient ? both.server : both.client;
    uint32_t &ownBase = fromClient ? c.clientIsn : c.serverIsn;
    bool &ownBaseKnown = fromClient ? c.clientIsnKnown : c.serverIsnKnown;
    uint32_t &peerBase = fromClient ? c.serverIsn : c.clientIsn;
    bool &peerBaseKnown = fromClient ? c.serverIsnKnown : c.clientIsnKnown;
    // Worked on in registers, stored once below: the segment reads them back right away, and a
    // two-byte load of two bytes just stored one by one cannot be forwarded from the store buffer.
    TcpState senderState = fromClient ? c.clientState : c.serverState;
    TcpState receiverState = fromClient ? c.serverState : c.clientState;
    int8_t &ownWscale = fromClient ? c.clientWscale : c.serverWscale;
    const int8_t peerWscale = fromClient ? c.serverWscale : c.clientWscale;

    // Wireshark's base_seq (packet-tcp.c, tcp_analyze_sequence_number): relative numbers start
    // at 1 when the SYN was not seen, and the reverse base comes from the first ACK number.
    if (!ownBaseKnown) {
        ownBase = syn ? pkt.seq : pkt.seq - 1;
        ownBaseKnown = true;
    }
    if (!peerBaseKnown && ack) {
        peerBase = pkt.ack - 1;
        peerBaseKnown = true;
    }

    // A SYN+ACK after the same side's pure SYN (simultaneous open) repeats the ISN but is news.
    bool retransmission = false;
    if (syn)
        retransmission = own.synSeqKnown && own.synSeq == pkt.seq && (ack ? own.sentSynAck : own.sentSyn);
    else if (len > 0)
        retransmission = own.endKnown && seqLe(pkt.seq + len, own.highestEnd);
    if (fin && own.finSent)
        retransmission = true;

    const bool acksPeerFin = ack && peer.finSent && pkt.ack == peer.finSeq + 1;
    // Lenient when the receiver's SYN was not captured: any ACK is taken as its ACK.
    const bool acksPeerSyn = ack && (!peer.synSeqKnown || pkt.ack == peer.synSeq + 1);

    // Its SYN+ACK again from a server an ACK had made ESTABLISHED: the server never took that ACK
    // (Linux drops it while the accept queue is full) and is still in SYN_RCVD. The client's
    // segments since then did not move the server either.
    if (syn && ack && !nonsense && !fromClient && own.sentSynAck && own.pending && c.establishingFrame != 0
        && !both.synCopySinceSynAck) {
        revisions_.push_back({id, c.establishingFrame, frame - 1, TcpState::Unknown, TcpState::SynRcvd});
        own.pending = false;
        {
            senderState = TcpState::SynRcvd;
            own.reachedEstablished = false;
            c.establishingFrame = 0;
            c.sawHandshakeAck = false;
            if (c.handshake == Handshake::Complete)
                c.handshake = Handshake::Partial;
        }
    }

    // The receiver's SYN_RCVD -> ESTABLISHED on an ACK of its SYN, which a retransmitted segment
    // may carry too (the copy of data an earlier, dropped segment carried).
    auto establishReceiver = [&] {
        receiverState = TcpState::Established;
        peer.reachedEstablished = true;
        if (fromClient && c.establishingFrame == 0) {
            c.establishingFrame = frame;
            peer.pending = true; // the server has sent nothing since
        }
    };

    // A segment moves its sender's state when it is news (not a copy), and its receiver's when it
    // arrives: not one the lab dropped, and a copy only where the lab dropped the one before it.
    const bool moveSender = !retransmission;
    const bool moveReceiver = !lost && (!retransmission || copyDelivers);
    if (!nonsense && (moveSender || moveReceiver)) {
        const TcpState senderBefore = senderState;
        if (rst) {
            if (moveSender)
                senderState = TcpState::Closed;
            // A RST to a server that never answered proves nothing about it.
            if (moveReceiver && receiverState != TcpState::Unknown)
                receiverState = TcpState::Closed;
        } else {
            // The sender, from what it sends.
            if (moveSender) {
                if (syn && !ack && (senderState == TcpState::Closed || senderState == TcpState::Listen))
                    senderState = TcpState::SynSent;
                // A pure SYN from a side that had the peer's SYN unanswered: the two SYNs crossed
                // (a simultaneous open); it sent its own and has the peer's, so SYN_RCVD.
                // Unless the lab dropped every SYN of the peer so far: then it has none, and this
                // SYN is its own active open from CLOSED (the two connect()s of a simultaneous open).
                else if (syn && !ack && senderState == TcpState::Unknown) {
                    const bool peerSynArrived = !lab || lab->synArrived(!fromClient) || !lab->synLost(!fromClient);
                    senderState = peerSynArrived ? TcpState::SynRcvd : TcpState::SynSent;
                    if (!peerSynArrived && !fromClient && c.serverInitial == TcpState::Unknown)
                        c.serverInitial = TcpState::Closed;
                }
                // (A pure SYN from a side we put in SYN_RCVD is a simultaneous open: it had sent
                // its SYN before the peer's arrived, and has the peer's by now, so SYN_RCVD stands.)
                else if (syn && ack && (senderState == TcpState::Listen || senderState == TcpState::Unknown))
                    senderState = TcpState::SynRcvd;
                if (fin) {
                    if (senderState == TcpState::Established || senderState == TcpState::SynRcvd)
                        senderState = TcpState::FinWait1;
                    else if (senderState == TcpState::CloseWait)
                        // A FIN that does not ack the peer's FIN was sent before that FIN arrived:
                        // simultaneous close, FIN_WAIT_1 then the peer's FIN -> CLOSING.
                        senderState = (acksPeerFin || own.ackedPeerFin) ? TcpState::LastAck : TcpState::Closing;
                }
            }

            // The receiver, from what it receives: the ACK field before the FIN (RFC 793 p. 72-75).
            if (ack && moveReceiver) {
                if (acksPeerSyn && (receiverState == TcpState::SynRcvd || (syn && receiverState == TcpState::SynSent))) {
                    establishReceiver();
                } else if (acksPeerFin) {
                    if (receiverState == TcpState::FinWait1)
                        receiverState = TcpState::FinWait2;
                    else if (receiverState == TcpState::Closing)
                        receiverState = TcpState::TimeWait;
                    else if (receiverState == TcpState::LastAck)
                        receiverState = TcpState::Closed;
                }
            }
            // A SYN to a side that had sent its own is a simultaneous open (SYN_RCVD, proven by
            // the SYN it sent). To any other side it proves nothing yet: the answer will tell.
            if (syn && !ack && moveReceiver) {
                if (receiverState == TcpState::SynSent) {
                    receiverState = TcpState::SynRcvd;
                    c.simultaneousOpen = true;
                }
                else if (receiverState == TcpState::Listen || receiverState == TcpState::Closed)
                    receiverState = TcpState::Unknown;
            }
            if (fin && moveReceiver) {
                if (receiverState == TcpState::Established || receiverState == TcpState::SynRcvd)
                    receiverState = TcpState::CloseWait;
                else if (receiverState == TcpState::FinWait1)
                    receiverState = TcpState::Closing;
                else if (receiverState == TcpState::FinWait2)
                    receiverState = TcpState::TimeWait;
            }
        }

        // Handshake classification.
        if (syn && !ack && fromClient) {
            c.sawSyn = true;
            if (c.handshake == Handshake::None &&
                (senderBefore == TcpState::Closed || senderBefore == TcpState::Listen))
                c.handshake = Handshake::Partial;
        }
        if (syn && ack) {
            c.sawSynAck = true;
            // The SYN+ACK that took the client from SYN_SENT to ESTABLISHED: connect() returns.
            if (!fromClient && receiverState == TcpState::Established && c.synAckFrame == 0)
                c.synAckFrame = frame;
        }
        if (rst && moveReceiver && !fromClient && c.handshake == Handshake::Partial && !c.sawSynAck) {
            c.handshake = Handshake::Refused;
            c.refusalFrame = frame;
        }
        if (c.handshake == Handshake::Partial && both.client.reachedEstablished && both.server.reachedEstablished) {
            c.handshake = Handshake::Complete;
            c.sawHandshakeAck = true;
        }
    } else if (!nonsense && !lost && retransmission && ack && !syn && !rst && acksPeerSyn
               && receiverState == TcpState::SynRcvd) {
        establishReceiver();
        if (c.handshake == Handshake::Partial && both.client.reachedEstablished && both.server.reachedEstablished) {
            c.handshake = Handshake::Complete;
            c.sawHandshakeAck = true;
        }
    }

    // An answer to the SYN the server had not answered: its row's server state is proven now
    // (SYN_RCVD for a SYN+ACK, CLOSED all along for a RST), and so is the server's state before.
    // A SYN the lab dropped was never answered: the server's next SYN+ACK or RST answers a copy
    // (its row is the copy's), and a pure SYN of the server's is its own connect().
    if (!nonsense && !fromClient && (syn || rst) && both.unansweredSyn != 0 && both.unansweredLost) {
        if (ack || rst) {
            both.unansweredSyn = 0;
            both.unansweredLost = false;
            both.client.pending = false;
        }
    } else if (!nonsense && !fromClient && (syn || rst) && both.unansweredSyn != 0) {
        const TcpState proven = syn ? TcpState::SynRcvd : TcpState::Closed;
        revisions_.push_back({id, both.unansweredSyn, 0, TcpState::SynSent, proven});
        both.unansweredSyn = 0;
        // A SYN+ACK proves a listener; a RST, nothing listening; a pure SYN (the SYNs crossed: a
        // simultaneous open), a side that was CLOSED and connected too.
        if (c.serverInitial == TcpState::Unknown && both.client.pending)
            c.serverInitial = syn && ack ? TcpState::Listen : TcpState::Closed;
        if (syn && !ack)
            c.simultaneousOpen = true;
        both.client.pending = false;
    }

    // A FIN or RST sent past data the lab dropped: the receiver holds the FIN until the hole is
    // filled (a RST there draws a challenge ACK). What it does is not in the packets: claim nothing.
    if (!nonsense && !lost && (fin || rst) && pastHole && receiverState != TcpState::Unknown)
        receiverState = TcpState::Unknown;

    if (!nonsense && syn)
        both.synCopySinceSynAck = fromClient ? (!ack && retransmission) || both.synCopySinceSynAck : false;

    // What this side has sent, for the segments still to come.
    if (!nonsense) {
        if (syn) {
            if (!own.synSeqKnown) {
                own.synSeqKnown = true;
                own.synSeq = pkt.seq;
                // Scaling is settled by the first SYN of each side (RFC 7323 2.2).
                ownWscale = pkt.options.wscale < 0 ? int8_t(-1)
                    : pkt.options.wscale > kMaxWindowShift ? kMaxWindowShift : pkt.options.wscale;
            }
            if (ack)
                own.sentSynAck = true;
            else
                own.sentSyn = true;
        }
        if (fin && !own.finSent) {
            own.finSent = true;
            own.finSeq = pkt.seq + len;
        }
        if (acksPeerFin)
            own.ackedPeerFin = true;
        const uint32_t end = pkt.seq + len + (syn ? 1u : 0u) + (fin ? 1u : 0u);
        if (!own.endKnown || seqGt(end, own.highestEnd)) {
            own.endKnown = true;
            own.highestEnd = end;
        }
    }

    // Wireshark's rule (packet-tcp.c, verify_tcp_window_scaling; checked against tshark 4.0): a
    // side's windows are scaled by its own shift once its SYN carried WS, unless the other side's
    // SYN was seen without it. An uncaptured SYN does not stop it: a SYN+ACK carries WS only in
    // answer to a SYN that did. A side whose SYN was not seen shows the raw value (as Wireshark
    // with the default "window scaling unknown" preference). A SYN's own window is never scaled.
    const bool peerDeclinedScaling = peer.synSeqKnown && peerWscale < 0;
    const bool scaling = own.synSeqKnown && ownWscale >= 0 && !peerDeclinedScaling;

    // A socket connected to itself (src == dst) is both ends of one connection: its segments
    // prove no state of a "client" or a "server", so none is claimed.
    if (same(c.client, c.server)) {
        senderState = TcpState::Unknown;
        receiverState = TcpState::Unknown;
    }
    (fromClient ? c.clientState : c.serverState) = senderState;
    (fromClient ? c.serverState : c.clientState) = receiverState;
    ++c.segmentCount;
    const TcpState clientAfter = c.clientState, serverAfter = c.serverState;

    // A SYN the server has not answered (yet): the answer, or the next copy, will tell. The
    // client's state after a SYN is SYN_SENT, what the revision keeps.
    if (!nonsense && syn && !ack && fromClient && serverAfter == TcpState::Unknown) {
        both.client.pending = both.unansweredSyn == 0 && c.segmentCount == 1;
        both.unansweredSyn = frame;
        both.unansweredLost = lost;
    }
    // Whether the server really took the ACK that made it ESTABLISHED is open until it sends
    // something other than a SYN+ACK.
    if (!fromClient && !syn)
        both.server.pending = false;

    // Every member named, in order: no zeroing pass first (a rep stos, slow to start, that showed
    // in profiles) over a record written whole anyway.
    return Segment{
        .frame = frame,
        .timeUs = timeUs,
        .connection = id,
        .from = fromClient ? Side::Client : Side::Server,
        .flags = f,
        .seq = pkt.seq,
        .ack = pkt.ack,
        .relSeq = pkt.seq - ownBase,
        .relAck = ack ? pkt.ack - peerBase : 0,
        .len = len,
        .win = pkt.window,
        .winScaled = (scaling && !syn) ? uint32_t(pkt.window) << ownWscale : pkt.window,
        .ttl = pkt.ttl,
        .options = pkt.options,
        .retransmission = retransmission,
        .anomalies = anomalies,
        .clientState = clientAfter,
        .serverState = serverAfter,
    };
}

} // namespace hv
