#include "PacketPipeline.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <utility>

namespace hv {

int64_t timestampMicros(const timeval &tv)
{
    // Within +-2^62 us (146,000 years either way) the difference of any two times still fits.
    constexpr int64_t limit = int64_t(1) << 62;
    int64_t us = 0;
    if (__builtin_mul_overflow(int64_t(tv.tv_sec), int64_t(1000000), &us))
        return tv.tv_sec < 0 ? -limit : limit;
    if (__builtin_add_overflow(us, int64_t(tv.tv_usec), &us))
        return tv.tv_usec < 0 ? -limit : limit;
    return std::clamp(us, -limit, limit);
}

PacketPipeline::PacketPipeline(int linkType, uint16_t serverPortHint) : linkType_(linkType)
{
    tracker_.setServerPortHint(serverPortHint);
}

void PacketPipeline::followOneInterfacePerDirection()
{
    if (linkType_ != DLT_LINUX_SLL2)
        return;
    oneInterface_ = true;
    batch_.counts.copies = 0;
}

bool PacketPipeline::isCopy(const uint8_t *bytes, uint32_t caplen, int64_t timeUs, const TcpPacket &tcp)
{
    // The cooked v2 header: protocol (2), reserved (2), then the interface index (4, big-endian).
    if (caplen < 8)
        return false;
    const uint32_t ifindex = uint32_t(bytes[4]) << 24 | uint32_t(bytes[5]) << 16 | uint32_t(bytes[6]) << 8 | bytes[7];
    // Each direction on its own interface: with two routes (Wi-Fi and Ethernet on one LAN) a
    // student's segments may come in on one and ours go out on the other.
    const auto [it, first] = interfaceOf_.try_emplace(EndpointPair{tcp.src, tcp.dst}, Sighting{ifindex, timeUs});
    Sighting &seen = it->second;
    if (first || seen.ifindex == ifindex) {
        seen.lastUs = timeUs;
        return false;
    }
    // A copy comes within microseconds of the first sighting (a bridge hands it on at once);
    // after a quiet second the direction has moved (a new route, the 4-tuple used again).
    if (timeUs - seen.lastUs > kCopyWindowUs) {
        seen = {ifindex, timeUs};
        return false;
    }
    return true;
}

void PacketPipeline::addFrame(const pcap_pkthdr &header, const uint8_t *bytes)
{
    ++frame_;
    PacketCounts &c = batch_.counts;
    ++c.total;
    DecodeResult r = decodeFrame(linkType_, bytes, header.caplen, header.len);
    switch (r.status) {
    case DecodeStatus::Ok: {
        ++c.tcp;
        if (oneInterface_ && isCopy(bytes, header.caplen, timestampMicros(header.ts), r.tcp)) {
            ++*c.copies;
            return;
        }
        // A batch takes about as many segments as the one before: room for them at once, rather
        // than a dozen regrowths copying what is already there.
        if (batch_.segments.capacity() == 0)
            batch_.segments.reserve(lastBatchSegments_ + lastBatchSegments_ / 2);
        const Segment &seg = batch_.segments.emplace_back(tracker_.track(frame_, timestampMicros(header.ts), r.tcp));
        if (seg.connection >= touched_.size())
            touched_.resize(seg.connection + 1, 0);
        touched_[seg.connection] = 1;
        return;
    }
    case DecodeStatus::Skipped:
        ++c.skipped;
        return;
    case DecodeStatus::Truncated:
        ++c.truncated;
        batch_.errors.push_back({frame_, QStringLiteral("truncated"), QString::fromStdString(r.reason)});
        return;
    case DecodeStatus::Malformed:
        ++c.malformed;
        batch_.errors.push_back({frame_, QStringLiteral("malformed"), QString::fromStdString(r.reason)});
        return;
    }
}

void PacketPipeline::addError(CaptureError error)
{
    batch_.errors.push_back(std::move(error));
}

CaptureBatch PacketPipeline::takeBatch()
{
    // A revision of a segment still in this batch is made here, in place: the GUI never sees the
    // unproven state (a SYN and its SYN+ACK mostly arrive within one batch). Those of segments
    // already handed over go with the batch.
    for (const StateRevision &r : tracker_.takeRevisions()) {
        const auto first = std::lower_bound(batch_.segments.begin(), batch_.segments.end(), r.frame,
                                             [](const Segment &s, uint32_t f) { return s.frame < f; });
        if (first == batch_.segments.end() || first->frame != r.frame) {
            batch_.revisions.push_back(r);
            continue;
        }
        if (r.lastFrame == 0) {
            first->clientState = r.clientState;
            first->serverState = r.serverState;
            continue;
        }
        for (auto it = first; it != batch_.segments.end() && it->frame <= r.lastFrame; ++it)
            if (it->connection == r.connection && it->from == Side::Client)
                it->serverState = r.serverState;
    }
    for (uint32_t id = 1; id < touched_.size(); ++id)
        if (touched_[id])
            batch_.connections.push_back(tracker_.connection(id));
    std::fill(touched_.begin(), touched_.end(), 0);
    CaptureBatch out = std::exchange(batch_, CaptureBatch{});
    lastBatchSegments_ = std::max<size_t>(out.segments.size(), 16);
    batch_.counts = out.counts;
    return out;
}

} // namespace hv
