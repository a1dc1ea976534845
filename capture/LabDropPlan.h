#pragma once
// Which segments the lab network's kernel drops, so that the ladder can say so.
//
// On loopback a packet is captured as it is sent and the lab's nftables rule drops it after, on
// its way in; on the veth pair it is captured on the client's interface before the server host's
// input drops it. The capture alone would show a lost segment as delivered, and the tracker would
// move the receiver's state on a segment it never got: a state that never happened.
//
// So the lab's rules are deterministic, and this plan repeats them. Each rule is scoped to one
// connection (the client binds its port before connect(), the rules name both ports) and counts
// the segments it matches in the kernel (nftables `numgen inc`): "the first N SYNs", or for a
// loss rate, "the k-th segment each way when k mod 100 is one of these slots" (slots drawn at
// random per connection, so the losses look random and are still known). The tracker meets the
// same segments in the same order in the capture, counts them the same way and marks the ones
// dropped: the receiver's state does not move on those.
//
// Armed from the GUI thread just before connect(), claimed by the capture thread when the
// connection's first segment arrives: a mutex guards the hand-over, never a segment.
#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

namespace hv {

struct LabDropRule {
    // PeerSyn: the pure SYN the server's side sends (a simultaneous open: it connect()s too).
    enum class Kind : uint8_t { Syn, SynAck, Ack, Fin, Loss, PeerSyn };
    Kind kind = Kind::Syn;
    int count = 0;                  // Syn .. Fin: the first `count` matching segments
    std::array<bool, 100> dropAt{}; // Loss: the k-th segment each way is dropped when dropAt[k % 100]
};

// What one connection's rules have seen so far (the tracker's copy of the kernel's counters).
class LabDropMirror {
public:
    LabDropMirror() = default;
    explicit LabDropMirror(std::vector<LabDropRule> rules) : rules_(std::move(rules)), seen_(rules_.size() * 2, 0) {}

    // Whether the lab's kernel drops this segment (from the client or the server, with these TCP
    // flags, sequence number and length), counting it as the kernel's rules do, and remembering
    // what of this side's was lost and what has come through since. Once per segment, in capture
    // order; the questions below are asked before it, of the segments before.
    bool drops(bool fromClient, uint16_t flags, uint32_t seq, uint32_t len);

    // A copy (a retransmission) with these flags brings the receiver what the lab dropped: its
    // SYN (or SYN+ACK) or its FIN, every earlier one lost. A copy of data changes no state.
    bool copyDelivers(bool fromClient, uint16_t flags) const;
    // Data of this side the lab dropped has not come through yet: a FIN or RST sent past the hole
    // waits in the receiver's out-of-order queue (or draws a challenge ACK), and its effect on the
    // receiver is not known from the packets.
    bool hasHole(bool fromClient) const { return !holes_[fromClient ? 0 : 1].empty(); }
    // A SYN of this side has reached its peer (false while every one so far was dropped).
    bool synArrived(bool fromClient) const { return synDelivered_[fromClient ? 0 : 1]; }
    bool synLost(bool fromClient) const { return synLost_[fromClient ? 0 : 1]; }
    uint32_t generation() const { return generation_; } // which arming of the plan it came from
    void retire() { retired_ = true; }                   // its rules are gone: drops() drops nothing more

private:
    std::vector<LabDropRule> rules_;
    std::vector<uint32_t> seen_; // per rule and direction (2i: from the client, 2i+1: from the server)
    // Per side (0: the client's): SYNs and FINs dropped / delivered, the starts of dropped data
    // not delivered since (a few at most: each is retransmitted within an RTO).
    std::array<bool, 2> synLost_{}, synDelivered_{}, finLost_{}, finDelivered_{};
    std::array<std::vector<uint32_t>, 2> holes_;
    uint32_t generation_ = 0;
    bool retired_ = false;
    friend class LabDropPlan;
};

class LabDropPlan {
public:
    // GUI thread, before connect(): the rules for the connection from clientPort to serverPort
    // (replacing what was armed and not yet claimed).
    void arm(uint16_t clientPort, uint16_t serverPort, std::vector<LabDropRule> rules);
    // Capture thread, on a connection's first segment: its rules, if it is the armed one (then
    // they are taken), else none.
    bool claim(uint16_t clientPort, uint16_t serverPort, LabDropMirror *out);
    // GUI thread, just before the lab's rules are deleted (a new connection's replace them): the
    // connections armed so far have no rule from `atUs` on, and their mirrors stop there.
    void retireAll(int64_t atUs);
    // Capture thread: whether the rules of mirror `generation` were gone by `timeUs`.
    bool retired(uint32_t generation, int64_t timeUs);

private:
    std::mutex mutex_;
    uint32_t generation_ = 0;            // of the rules armed last
    std::vector<int64_t> retiredAtUs_;   // by generation - 1: when its rules went (0: still there)
    bool armed_ = false;
    uint16_t clientPort_ = 0, serverPort_ = 0;
    std::vector<LabDropRule> rules_;
};

// Whether a rule of this kind matches a segment (the same test as the lab's nftables rule).
bool labRuleMatches(LabDropRule::Kind kind, bool fromClient, uint16_t flags);

} // namespace hv
