#pragma once
// The capture thread's per-frame step: decode, track, count, and gather the results into the
// next batch. No threads and no I/O, so the same code runs under CaptureWorker's libpcap
// callback, the fuzz targets and the benchmark.
#include "CaptureBatch.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

struct pcap_pkthdr;
struct timeval;

namespace hv {

class PacketPipeline {
public:
    explicit PacketPipeline(int linkType, uint16_t serverPortHint = 0);

    // One frame as libpcap hands it over: numbered, decoded, tracked, counted, and its segment or
    // error appended to the pending batch.
    void addFrame(const pcap_pkthdr &header, const uint8_t *bytes);
    // An error that is no frame's decoding (a read or write failure), into the pending batch.
    void addError(CaptureError error);

    bool pending() const { return !batch_.segments.empty() || !batch_.errors.empty() || tracker_.hasRevisions(); }
    size_t pendingSegments() const { return batch_.segments.size(); }

    // The pending batch, with a snapshot of every connection its segments touched. The next batch
    // starts empty; its counts run on from these.
    CaptureBatch takeBatch();

    uint32_t frameCount() const { return frame_; } // frames added so far: the last one's number
    const ConnectionTracker &tracker() const { return tracker_; }
    void setLabDropPlan(std::shared_ptr<LabDropPlan> plan) { tracker_.setLabDropPlan(std::move(plan)); }
    // Frames from several interfaces at once (Linux cooked v2 headers, which name the interface:
    // a capture on "any", live or read back): a segment that crosses a bridge is seen on the
    // bridge and on its port, twice, and the second copy would look like a retransmission. Each
    // direction of a connection is then followed on the first interface it was seen on; its
    // frames on another within a second of the last one there are counted as copies
    // (PacketCounts::copies) and not tracked. Other link types have no interface to tell.
    void followOneInterfacePerDirection();

private:
    // One direction of a connection: (source, destination).
    using EndpointPair = std::pair<Endpoint, Endpoint>;
    struct Sighting {
        uint32_t ifindex = 0; // the interface the direction is followed on
        int64_t lastUs = 0;   // its latest frame there
    };
    static constexpr int64_t kCopyWindowUs = 1000000;
    bool isCopy(const uint8_t *bytes, uint32_t caplen, int64_t timeUs, const TcpPacket &tcp);

    int linkType_;
    bool oneInterface_ = false;
    std::map<EndpointPair, Sighting> interfaceOf_; // per direction of a connection (a few dozen bytes each)
    uint32_t frame_ = 0;
    ConnectionTracker tracker_;
    CaptureBatch batch_;
    std::vector<uint8_t> touched_; // per connection id: a segment of the pending batch is on it
    size_t lastBatchSegments_ = 16; // the previous batch's segments: the next one reserves half as many more
};

// A pcap timestamp (microsecond precision) in microseconds since the epoch. pcapng stores 64-bit
// times in any resolution, plus an offset, so the seconds libpcap hands over can be far beyond what
// microseconds hold (a fuzzer's first find): those saturate at +-2^62 us.
int64_t timestampMicros(const timeval &tv);

} // namespace hv
