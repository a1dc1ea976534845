// libFuzzer target: one raw frame. Bytes 0-1 (big-endian) are the link type, bytes 2-3 how many
// more bytes the frame had on the wire than were captured; the rest is the captured frame.
// An Ok result is checked against the bounds the decoder promises and then tracked.
#include "ConnectionTracker.h"
#include "TcpPacket.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            broken(#cond);                                                                                             \
    } while (0)

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    const int linkType = data[0] << 8 | data[1];
    const uint32_t beyondCapture = uint32_t(data[2] << 8 | data[3]);
    const auto caplen = static_cast<uint32_t>(size - 4);
    const uint32_t origLen = caplen + beyondCapture;
    const hv::DecodeResult r = hv::decodeFrame(linkType, data + 4, caplen, origLen);

    if (r.status != hv::DecodeStatus::Ok) {
        CHECK(!r.reason.empty());
        return 0;
    }
    CHECK(hv::isSupportedLinkType(linkType));
    const hv::TcpPacket &t = r.tcp;
    CHECK(t.ipOffset < t.tcpOffset);
    CHECK(t.tcpHeaderLen >= 20 && t.tcpHeaderLen <= 60 && t.tcpHeaderLen % 4 == 0);
    CHECK(size_t(t.tcpOffset) + t.tcpHeaderLen <= caplen);               // the header was read, not guessed
    CHECK(uint64_t(t.tcpOffset) + t.tcpHeaderLen + t.payloadLen <= origLen); // no payload beyond the wire
    CHECK(t.options.sackBlockCount <= t.options.sackBlocks.size());
    CHECK(t.options.wscale <= 14);
    CHECK(t.options.mss <= 0xFFFF);
    CHECK(!hv::flagsLabel(t.flags).empty());
    CHECK(t.src.toString().size() >= 6 && t.dst.toString().size() >= 6); // "[::]:0" at least

    // The same segment twice, then answered: opens a connection, sees a retransmission or a new
    // state, never throws (connection() is .at()).
    hv::ConnectionTracker tracker;
    const hv::Segment first = tracker.track(1, 0, t);
    const hv::Segment again = tracker.track(2, 1, t);
    hv::TcpPacket answer = t;
    std::swap(answer.src, answer.dst);
    std::swap(answer.seq, answer.ack);
    answer.flags = static_cast<uint16_t>(answer.flags | hv::TcpFlag::Ack);
    const hv::Segment reply = tracker.track(3, 2, answer);
    CHECK(first.connection == 1 && (again.connection == 1 || again.connection == 2));
    CHECK(reply.connection == again.connection);
    CHECK(tracker.connection(reply.connection).segmentCount >= 1);
    return 0;
}
