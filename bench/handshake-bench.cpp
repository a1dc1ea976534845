// handshake-bench decode FILE
//
// How fast a saved capture goes into the model, against the practical limit measured in the same
// run: a bare libpcap pcap_dispatch loop over the same file. Passes, each over the whole file:
//   bare      pcap_dispatch with a callback that only counts           (the limit)
//   decode    + hv::decodeFrame                                        (link/IP/TCP decoding)
//   pipeline  + ConnectionTracker, counts, batches (PacketPipeline)    (the capture thread's work)
//   model     + what a batch costs on its way into the timeline: the copy a queued signal makes,
//               and every Segment appended to one vector, as Timeline::appendBatch keeps them
//   compact   pipeline + batches moved (not copied) to a SegmentStore: 36-byte records, each
//               appended with its batch's snapshot of its connection
// Each pass runs 3 times; the fastest counts. Batches are cut as CaptureWorker cuts them: after a
// dispatch of 4096 packets, once 16 ms have passed or 65536 segments are waiting. Bytes per
// segment: malloc's growth over the model pass (segments kept, tracker alive) divided by the
// segments; the same over the compact pass. Prints key=value lines.
#include "CaptureWorker.h"
#include "CompactSegment.h"
#include "LadderBench.h"
#include "PacketPipeline.h"

#include <malloc.h>
#include <pcap/pcap.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Rates are per second of this process's CPU time: on a shared machine, waiting for a core is
// not the code's cost, and it would fall unevenly on the passes.
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Bytes malloc has handed out and not had back (small blocks plus mmapped ones).
size_t heapInUse()
{
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

struct Pass {
    uint64_t packets = 0;
    double seconds = 0;
    double pps() const { return seconds > 0 ? double(packets) / seconds : 0; }
};

pcap_t *openFile(const char *path, std::string *error)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    if (!p)
        *error = errbuf;
    return p;
}

// Runs `perPacket` over every packet of the file, in dispatches of 4096 like the worker, and
// `afterDispatch` after each.
template<typename PerPacket, typename AfterDispatch>
bool readAll(const char *path, Pass *pass, std::string *error, const PerPacket &perPacket,
             const AfterDispatch &afterDispatch)
{
    pcap_t *p = openFile(path, error);
    if (!p)
        return false;
    struct Ctx {
        const PerPacket *f;
        uint64_t n;
    } ctx{&perPacket, 0};
    const auto cb = [](u_char *user, const pcap_pkthdr *h, const u_char *bytes) {
        auto *c = reinterpret_cast<Ctx *>(user);
        ++c->n;
        (*c->f)(*h, bytes);
    };
    const double start = cpuSeconds();
    for (;;) {
        const int n = pcap_dispatch(p, 4096, cb, reinterpret_cast<u_char *>(&ctx));
        if (n < 0) {
            *error = pcap_geterr(p);
            pcap_close(p);
            return false;
        }
        if (n == 0)
            break;
        afterDispatch();
    }
    pass->seconds = cpuSeconds() - start;
    pass->packets = ctx.n;
    pcap_close(p);
    return true;
}

int linkTypeOf(const char *path, std::string *error)
{
    pcap_t *p = openFile(path, error);
    if (!p)
        return -1;
    const int dlt = pcap_datalink(p);
    pcap_close(p);
    return dlt;
}

// The worker's rule for handing a batch over.
class FlushClock {
public:
    bool due(size_t pendingSegments)
    {
        const Clock::time_point now = Clock::now();
        if (now - last_ < std::chrono::milliseconds(hv::CaptureWorker::FlushIntervalMs) && pendingSegments < 65536)
            return false;
        last_ = now;
        return true;
    }

private:
    Clock::time_point last_ = Clock::now();
};

// The fastest of a few runs of one pass: the others lost time to something else on the machine.
constexpr int kRuns = 3;

template<typename RunOnce>
bool best(Pass *pass, const RunOnce &runOnce)
{
    for (int i = 0; i < kRuns; ++i) {
        Pass p;
        if (!runOnce(&p))
            return false;
        if (i == 0 || p.seconds < pass->seconds)
            *pass = p;
    }
    return true;
}

int decodeBench(const char *path)
{
    std::string error;
    const int linkType = linkTypeOf(path, &error);
    if (linkType < 0) {
        std::fprintf(stderr, "handshake-bench: cannot read %s: %s\n", path, error.c_str());
        return 1;
    }
    const auto nothing = [] {};

    // bare: what reading the file costs at all (the first run also brings it into the page cache).
    Pass bare;
    uint64_t bytesSeen = 0;
    const auto bareOnce = [&](Pass *pass) {
        bytesSeen = 0;
        return readAll(path, pass, &error, [&](const pcap_pkthdr &h, const u_char *) { bytesSeen += h.caplen; }, nothing);
    };

    // decode
    Pass decode;
    uint64_t ok = 0;
    const auto decodeOnce = [&](Pass *pass) {
        ok = 0;
        return readAll(
            path, pass, &error,
            [&](const pcap_pkthdr &h, const u_char *bytes) {
                ok += hv::decodeFrame(linkType, bytes, h.caplen, h.len).status == hv::DecodeStatus::Ok;
            },
            nothing);
    };

    // pipeline: the capture thread's work; batches are dropped. The heap it keeps afterwards is
    // the tracker's (per connection, not per segment).
    Pass pipelinePass;
    size_t trackerBytes = 0;
    uint64_t connections = 0;
    const auto pipelineOnce = [&](Pass *pass) {
        const size_t heapBefore = heapInUse();
        hv::PacketPipeline pipeline(linkType);
        FlushClock clock;
        if (!readAll(
                path, pass, &error, [&](const pcap_pkthdr &h, const u_char *bytes) { pipeline.addFrame(h, bytes); },
                [&] {
                    if (pipeline.pending() && clock.due(pipeline.pendingSegments()))
                        (void)pipeline.takeBatch();
                }))
            return false;
        (void)pipeline.takeBatch();
        trackerBytes = heapInUse() - heapBefore;
        connections = pipeline.tracker().connections().size();
        return true;
    };

    // model: pipeline + the queued signal's copy + every Segment appended to one vector, as
    // Timeline::appendBatch keeps them. The heap it keeps afterwards is the tracker's plus the
    // vector's (with its geometric-growth slack).
    Pass model;
    size_t heapModel = 0;
    uint64_t segments = 0;
    size_t capacity = 0;
    const auto modelOnce = [&](Pass *pass) {
        const size_t heapBefore = heapInUse();
        hv::PacketPipeline pipeline(linkType);
        std::vector<hv::Segment> timeline;
        FlushClock clock;
        const auto deliver = [&] {
            const hv::CaptureBatch emitted = pipeline.takeBatch();
            const hv::CaptureBatch queued = emitted; // a queued signal copies its argument into the event
            timeline.insert(timeline.end(), queued.segments.begin(), queued.segments.end());
        };
        if (!readAll(
                path, pass, &error, [&](const pcap_pkthdr &h, const u_char *bytes) { pipeline.addFrame(h, bytes); },
                [&] {
                    if (pipeline.pending() && clock.due(pipeline.pendingSegments()))
                        deliver();
                }))
            return false;
        deliver();
        heapModel = heapInUse() - heapBefore;
        segments = timeline.size();
        capacity = timeline.capacity();
        return true;
    };

    // compact: pipeline + every batch moved to the GUI side (a queued signal can move its argument)
    // and its segments appended to a SegmentStore, each with its connection's snapshot from the
    // batch. The heap it keeps afterwards is the tracker's plus the store's. (A Timeline would
    // also keep a table of the latest snapshots: 68 bytes per connection, not counted here.)
    Pass compact;
    size_t heapCompact = 0, storeBytes = 0, rareShared = 0, rareOwn = 0;
    uint64_t compactSegments = 0;
    const auto compactOnce = [&](Pass *pass) {
        const size_t heapBefore = heapInUse();
        hv::PacketPipeline pipeline(linkType);
        hv::SegmentStore store;
        FlushClock clock;
        std::vector<uint32_t> snapshotOf; // connection id - first id of the batch -> index in the batch
        const auto deliver = [&] {
            hv::CaptureBatch emitted = pipeline.takeBatch();
            const hv::CaptureBatch queued = std::move(emitted);
            if (queued.connections.empty())
                return;
            // Snapshots come in id order.
            const uint32_t first = queued.connections.front().id;
            snapshotOf.assign(queued.connections.back().id - first + 1, 0);
            for (uint32_t i = 0; i < queued.connections.size(); ++i)
                snapshotOf[queued.connections[i].id - first] = i;
            for (const hv::Segment &s : queued.segments)
                store.append(s, queued.connections[snapshotOf[s.connection - first]]);
        };
        if (!readAll(
                path, pass, &error, [&](const pcap_pkthdr &h, const u_char *bytes) { pipeline.addFrame(h, bytes); },
                [&] {
                    if (pipeline.pending() && clock.due(pipeline.pendingSegments()))
                        deliver();
                }))
            return false;
        deliver();
        snapshotOf = {};
        heapCompact = heapInUse() - heapBefore;
        compactSegments = store.size();
        storeBytes = store.memoryBytes();
        rareOwn = store.ownRareCount();
        rareShared = store.sharedRareCount();
        return true;
    };

    if (!best(&bare, bareOnce) || !best(&decode, decodeOnce) || !best(&pipelinePass, pipelineOnce)
        || !best(&model, modelOnce) || !best(&compact, compactOnce)) {
        std::fprintf(stderr, "handshake-bench: %s: %s\n", path, error.c_str());
        return 1;
    }

    const double ratio = bare.pps() > 0 ? model.pps() / bare.pps() : 0;
    const double perSegment = segments ? double(heapModel) / double(segments) : 0;
    std::printf("file=%s\n", path);
    std::printf("packets=%llu\n", static_cast<unsigned long long>(bare.packets));
    std::printf("captured_bytes=%llu\n", static_cast<unsigned long long>(bytesSeen));
    std::printf("segments=%llu\n", static_cast<unsigned long long>(segments));
    std::printf("connections=%llu\n", static_cast<unsigned long long>(connections));
    std::printf("decoded_ok=%llu\n", static_cast<unsigned long long>(ok));
    std::printf("bare_pps=%.0f\n", bare.pps());
    std::printf("decode_pps=%.0f\n", decode.pps());
    std::printf("pipeline_pps=%.0f\n", pipelinePass.pps());
    std::printf("model_pps=%.0f\n", model.pps());
    std::printf("ratio=%.3f\n", ratio);
    std::printf("bare_ns_per_packet=%.1f\n", 1e9 / bare.pps());
    std::printf("decode_added_ns_per_packet=%.1f\n", 1e9 / decode.pps() - 1e9 / bare.pps());
    std::printf("track_batch_added_ns_per_packet=%.1f\n", 1e9 / pipelinePass.pps() - 1e9 / decode.pps());
    std::printf("deliver_added_ns_per_packet=%.1f\n", 1e9 / model.pps() - 1e9 / pipelinePass.pps());
    std::printf("sizeof_segment=%zu\n", sizeof(hv::Segment));
    std::printf("sizeof_tcp_options=%zu\n", sizeof(hv::TcpOptions));
    std::printf("bytes_per_segment=%.1f\n", perSegment);
    // capacity, not size: the growth slack is kept too
    std::printf("timeline_vector_bytes_per_segment=%.1f\n",
                segments ? double(capacity * sizeof(hv::Segment)) / double(segments) : 0);
    std::printf("tracker_bytes_per_segment=%.1f\n", segments ? double(trackerBytes) / double(segments) : 0);
    std::printf("tracker_bytes_per_connection=%.1f\n", connections ? double(trackerBytes) / double(connections) : 0);
    std::printf("target_ratio=0.50 ratio_met=%s\n", ratio >= 0.5 ? "yes" : "no");
    std::printf("target_bytes_per_segment=48 bytes_met=%s\n", perSegment <= 48 ? "yes" : "no");
    const double compactRatio = bare.pps() > 0 ? compact.pps() / bare.pps() : 0;
    const double compactPerSegment = compactSegments ? double(heapCompact) / double(compactSegments) : 0;
    std::printf("compact_segments=%llu\n", static_cast<unsigned long long>(compactSegments));
    std::printf("compact_pps=%.0f\n", compact.pps());
    std::printf("compact_ratio=%.3f\n", compactRatio);
    std::printf("compact_added_ns_per_packet=%.1f\n", 1e9 / compact.pps() - 1e9 / pipelinePass.pps());
    std::printf("sizeof_compact_segment=%zu\n", sizeof(hv::CompactSegment));
    std::printf("compact_bytes_per_segment=%.1f\n", compactPerSegment);
    std::printf("compact_store_bytes_per_segment=%.1f\n",
                compactSegments ? double(storeBytes) / double(compactSegments) : 0);
    std::printf("compact_shared_side_entries=%zu compact_own_side_entries=%zu\n", rareShared, rareOwn);
    std::printf("compact_ratio_met=%s compact_bytes_met=%s\n", compactRatio >= 0.5 ? "yes" : "no",
                compactPerSegment <= 48 ? "yes" : "no");
    return 0;
}

void usage()
{
    std::fprintf(stderr, "usage: handshake-bench ladder N [CONNECTIONS]\n"
                         "  frame/export ms of the ladder at N steps vs 100 steps, and bytes kept per step\n");
    std::fprintf(stderr, "usage: handshake-bench decode FILE\n"
                         "  packets/s of FILE into the model vs a bare libpcap loop, and bytes kept per segment\n");
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && std::strcmp(argv[1], "decode") == 0)
        return decodeBench(argv[2]);
    if ((argc == 3 || argc == 4) && std::strcmp(argv[1], "ladder") == 0)
        return ladderBench(argc - 1, argv + 1);
    usage();
    return 2;
}
