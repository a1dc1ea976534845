#include "LabDropPlan.h"

#include "TcpPacket.h"

#include <algorithm>

namespace hv {

bool labRuleMatches(LabDropRule::Kind kind, bool fromClient, uint16_t f)
{
    switch (kind) {
    case LabDropRule::Kind::Syn: return fromClient && (f & (TcpFlag::Syn | TcpFlag::Ack)) == TcpFlag::Syn;
    case LabDropRule::Kind::SynAck:
        return !fromClient && (f & (TcpFlag::Syn | TcpFlag::Ack)) == (TcpFlag::Syn | TcpFlag::Ack);
    // "tcp flags == ack": nftables compares the eight flag bits of the header's byte 13.
    case LabDropRule::Kind::Ack: return fromClient && (f & 0xff) == TcpFlag::Ack;
    case LabDropRule::Kind::Fin: return fromClient && (f & TcpFlag::Fin);
    case LabDropRule::Kind::Loss: return true; // every segment, each way counted apart
    case LabDropRule::Kind::PeerSyn: return !fromClient && (f & (TcpFlag::Syn | TcpFlag::Ack)) == TcpFlag::Syn;
    }
    return false;
}

bool LabDropMirror::drops(bool fromClient, uint16_t flags, uint32_t seq, uint32_t len)
{
    bool dropped = false;
    for (size_t i = 0; i < rules_.size() && !retired_; ++i) {
        const LabDropRule &r = rules_[i];
        if (!labRuleMatches(r.kind, fromClient, flags))
            continue;
        // A packet an earlier rule drops leaves the chain: the later rules never count it.
        uint32_t &k = seen_[2 * i + (fromClient ? 0 : 1)];
        const uint32_t n = k++;
        if (r.kind == LabDropRule::Kind::Loss ? r.dropAt[n % 100] : n < uint32_t(r.count)) {
            dropped = true;
            break;
        }
    }
    const int side = fromClient ? 0 : 1;
    if (flags & TcpFlag::Syn)
        (dropped ? synLost_ : synDelivered_)[side] = true;
    if (flags & TcpFlag::Fin)
        (dropped ? finLost_ : finDelivered_)[side] = true;
    std::vector<uint32_t> &holes = holes_[side];
    if (len > 0) {
        if (dropped) {
            holes.push_back(seq);
        } else {
            // A segment that came through covers the holes that start inside it.
            holes.erase(std::remove_if(holes.begin(), holes.end(),
                                       [&](uint32_t h) { return int32_t(h - seq) >= 0 && int32_t(h - (seq + len)) < 0; }),
                        holes.end());
        }
    }
    return dropped;
}

bool LabDropMirror::copyDelivers(bool fromClient, uint16_t flags) const
{
    const int side = fromClient ? 0 : 1;
    if (flags & TcpFlag::Syn)
        return synLost_[side] && !synDelivered_[side];
    if (flags & TcpFlag::Fin)
        return finLost_[side] && !finDelivered_[side];
    return false;
}

void LabDropPlan::arm(uint16_t clientPort, uint16_t serverPort, std::vector<LabDropRule> rules)
{
    const std::lock_guard lock(mutex_);
    armed_ = !rules.empty();
    ++generation_;
    retiredAtUs_.push_back(0);
    clientPort_ = clientPort;
    serverPort_ = serverPort;
    rules_ = std::move(rules);
}

bool LabDropPlan::claim(uint16_t clientPort, uint16_t serverPort, LabDropMirror *out)
{
    const std::lock_guard lock(mutex_);
    if (!armed_ || clientPort != clientPort_ || serverPort != serverPort_)
        return false;
    armed_ = false;
    *out = LabDropMirror(std::move(rules_));
    out->generation_ = generation_;
    rules_.clear();
    return true;
}

void LabDropPlan::retireAll(int64_t atUs)
{
    const std::lock_guard lock(mutex_);
    for (int64_t &t : retiredAtUs_)
        if (t == 0)
            t = atUs;
}

bool LabDropPlan::retired(uint32_t generation, int64_t timeUs)
{
    const std::lock_guard lock(mutex_);
    if (generation == 0 || generation > retiredAtUs_.size())
        return false;
    const int64_t at = retiredAtUs_[generation - 1];
    return at != 0 && timeUs >= at;
}

} // namespace hv
