// libFuzzer target: the input is a capture file (pcap or pcapng). It goes through the capture
// thread's own code, CaptureWorker::run() -- libpcap's reader, the link-type check, the read loop,
// PacketPipeline's decode + track + batch -- called directly, with no thread and no event loop.
// Each batch is checked for what the GUI relies on, so a wrong result is a finding, not only a crash.
#include "CaptureWorker.h"
#include "CompactSegment.h"

#include <QString>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
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

// What the batches said so far, to check the next one against.
struct Seen {
    uint32_t lastSegmentFrame = 0;
    uint32_t lastErrorFrame = 0;
    uint64_t segments = 0;
    uint32_t connections = 0;
    bool readError = false;
    // The timeline's way of keeping segments: 36-byte records packed against the latest
    // snapshot of their connection. Each must come back exactly.
    hv::SegmentStore store;
    std::vector<hv::Connection> latest; // index = id - 1
    std::vector<hv::Segment> all;       // every segment, to read back once the last snapshot is in
};

void check(const hv::CaptureBatch &b, Seen &seen)
{
    for (const hv::Segment &s : b.segments) {
        CHECK(!seen.readError); // nothing follows a read error
        CHECK(s.frame > seen.lastSegmentFrame);
        seen.lastSegmentFrame = s.frame;
        CHECK(s.connection >= 1);
        bool snapshotted = false;
        for (const hv::Connection &c : b.connections)
            snapshotted = snapshotted || c.id == s.connection;
        CHECK(snapshotted); // the GUI finds every segment's connection in the same batch
        if (s.connection > seen.connections) {
            CHECK(s.connection == seen.connections + 1);
            seen.connections = s.connection;
        }
        CHECK(s.clientState <= hv::TcpState::Unknown && s.serverState <= hv::TcpState::Unknown);
        CHECK(s.options.sackBlockCount <= s.options.sackBlocks.size());
        CHECK(s.options.wscale <= 14);
    }
    // Only the connections this batch's segments touched are snapshotted, each once.
    for (size_t i = 0; i < b.connections.size(); ++i) {
        const hv::Connection &c = b.connections[i];
        CHECK(c.id >= 1 && c.id <= seen.connections);
        CHECK(i == 0 || b.connections[i - 1].id < c.id);
        bool touched = false;
        for (const hv::Segment &s : b.segments)
            touched = touched || s.connection == c.id;
        CHECK(touched);
        CHECK(c.segmentCount >= 1);
    }
    for (const hv::Connection &c : b.connections) {
        if (seen.latest.size() < c.id)
            seen.latest.resize(c.id);
        seen.latest[c.id - 1] = c;
    }
    const size_t first = seen.store.size();
    for (const hv::Segment &s : b.segments) {
        seen.store.append(s, seen.latest[s.connection - 1]);
        seen.all.push_back(s);
    }
    for (size_t i = 0; i < b.segments.size(); ++i) {
        CHECK(seen.store.get(first + i, seen.latest) == b.segments[i]);
        CHECK(seen.store.timeUs(first + i) == b.segments[i].timeUs);
    }
    seen.segments += b.segments.size();
    // A revision names an earlier (or this batch's) segment of its own connection; applied to the
    // store it reads back exactly.
    for (const hv::StateRevision &r : b.revisions) {
        CHECK(r.connection >= 1 && r.connection <= seen.connections);
        CHECK(r.clientState <= hv::TcpState::Unknown && r.serverState <= hv::TcpState::Unknown);
        CHECK(r.lastFrame == 0 || r.lastFrame >= r.frame);
        auto it = std::lower_bound(seen.all.begin(), seen.all.end(), r.frame,
                                   [](const hv::Segment &x, uint32_t f) { return x.frame < f; });
        CHECK(it != seen.all.end() && it->frame == r.frame && it->connection == r.connection);
        const uint32_t last = r.lastFrame ? r.lastFrame : r.frame;
        for (; it != seen.all.end() && it->frame <= last; ++it) {
            if (it->connection != r.connection || (r.lastFrame && it->from != hv::Side::Client))
                continue;
            const auto index = size_t(it - seen.all.begin());
            const hv::TcpState client = r.lastFrame ? it->clientState : r.clientState;
            seen.store.setStates(index, client, r.serverState);
            it->clientState = client;
            it->serverState = r.serverState;
            CHECK(seen.store.get(index, seen.latest) == *it);
        }
    }
    for (const hv::CaptureError &e : b.errors) {
        CHECK(!e.kind.isEmpty() && !e.reason.isEmpty());
        CHECK(e.frame == 0 || e.frame >= seen.lastErrorFrame);
        if (e.frame)
            seen.lastErrorFrame = e.frame;
        if (e.kind == QLatin1String("read"))
            seen.readError = true;
    }
    const hv::PacketCounts &n = b.counts;
    CHECK(n.tcp == seen.segments);
    CHECK(n.total == n.tcp + n.truncated + n.malformed + n.skipped);
    CHECK(seen.lastSegmentFrame <= n.total);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // A memory file the worker opens by path, as it opens any capture.
    const int fd = memfd_create("capture", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t written = 0;
    while (written < size) {
        const ssize_t n = ::write(fd, data + written, size - written);
        if (n <= 0)
            break;
        written += size_t(n);
    }

    hv::CaptureRequest request;
    request.kind = hv::CaptureRequest::Kind::File;
    request.source = QStringLiteral("/proc/self/fd/%1").arg(fd);
    hv::CaptureWorker worker(request);
    Seen seen;
    bool started = false, failed = false, finished = false;
    QObject::connect(&worker, &hv::CaptureWorker::started, [&](const hv::SourceInfo &) { started = true; });
    QObject::connect(&worker, &hv::CaptureWorker::failed, [&](const hv::CaptureFailure &failure) {
        CHECK(!started && !hv::describeFailure(failure).isEmpty());
        failed = true;
    });
    QObject::connect(&worker, &hv::CaptureWorker::batchReady, [&](const hv::CaptureBatch &b) {
        CHECK(started);
        check(b, seen);
    });
    QObject::connect(&worker, &hv::CaptureWorker::finished, [&] { finished = true; });
    worker.run();
    CHECK(finished);
    CHECK(started != failed);
    // Read back with the connections as they ended, as the timeline reads them later.
    CHECK(seen.store.size() == seen.all.size());
    for (size_t i = 0; i < seen.all.size(); ++i)
        CHECK(seen.store.get(i, seen.latest) == seen.all[i]);
    ::close(fd);
    return 0;
}
