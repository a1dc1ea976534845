// handshake-bench ladder N [CONNECTIONS]
//
// What the ladder costs on screen as the timeline grows, against a baseline of 100 steps measured
// in the same run. The timeline is a capture file's: CONNECTIONS conversations (default 1, the
// stress case: one connection of N steps) of SYN, SYN+ACK, ACK, data and ACKs in turn, then
// FIN, ACK, FIN, ACK, run through the real ConnectionTracker and Timeline, so each step is a
// segment or a socket call inferred from them.
//
//   frame_ms         one viewport-sized frame (1200 x 800) halfway down the shown ladder, the way
//                    LadderView paints it: updateLadder (nothing new) + LadderPainter::paint over
//                    the visible rect + the sticky headers, into a 1200 x 800 image. Median of 200.
//   append_frame_ms  the live case: one more segment arrives, then updateLadder + the same frame.
//   all_frame_ms     with CONNECTIONS > 1: the "All connections" view (updateStack + paintStack).
//   export_ms        exportTimeline() of a 1,000-step timeline to .png (default options), median of 3.
//   layout_cpu_ms    the first, full layout of the shown ladder (what a resize or zoom redoes).
// Times are medians of wall-clock time; the *_cpu_ms twins count this process's CPU time only,
// which a busy machine does not inflate.
//   bytes_per_step   heap growth for the timeline (segments, inferred calls, step lists) per step,
//                    plus the shown ladder's geometry per step of that ladder.
//   all_frame_ms     lays out at most LadderView::kMaxStackedLadders ladders, as the view does.
// Prints key=value lines, then the targets: frame_ms <= 2 x the 100-step frame and <= 4 ms;
// export_ms < 1000.
#include "LadderBench.h"

#include "ConnectionTracker.h"
#include "Exporter.h"
#include "LadderLayout.h"
#include "LadderPainter.h"
#include "LadderView.h"
#include "Timeline.h"

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kViewWidth = 1200, kViewHeight = 800;
constexpr int kFrames = 200;
constexpr int64_t kT0 = 1764170000000000;
constexpr int64_t kGapUs = 35;

size_t heapInUse()
{
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// This process's CPU time: on a shared machine, waiting for a core is not the code's cost.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

// Wall-clock and CPU milliseconds of repeated runs.
struct Samples {
    std::vector<double> wall, cpu;
    template<typename F>
    void run(const F &f)
    {
        const Clock::time_point w = Clock::now();
        const double c = cpuMs();
        f();
        cpu.push_back(cpuMs() - c);
        wall.push_back(msSince(w));
    }
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Segments of synthetic conversations, through the tracker as the capture thread would.
class Conversations {
public:
    // Enough segments for `steps` steps over `connections` connections: each connection has
    // 3 + data + 4 segments and 6 inferred calls (listen, connect, connect returns, accept
    // returns, two close).
    Conversations(size_t steps, size_t connections) : connections_(std::max<size_t>(1, connections))
    {
        perConnection_ = std::max<size_t>(steps / connections_, 14) - 6;
    }

    std::vector<hv::CaptureBatch> batches()
    {
        std::vector<hv::CaptureBatch> out;
        hv::CaptureBatch batch;
        uint32_t frame = 0;
        int64_t t = kT0;
        for (size_t c = 0; c < connections_; ++c) {
            const uint16_t port = uint16_t(32768 + c % 28000);
            const hv::Endpoint client{hv::IpAddress::v4(127, 0, 0, 1), port};
            const hv::Endpoint server{hv::IpAddress::v4(127, 0, 0, 1), 6666};
            uint32_t cseq = 1000000 + uint32_t(c) * 7919, sseq = 3000000 + uint32_t(c) * 104729;
            uint32_t id = 0;
            auto send = [&](bool fromClient, uint16_t flags, uint32_t len) {
                hv::TcpPacket p;
                p.src = fromClient ? client : server;
                p.dst = fromClient ? server : client;
                p.seq = fromClient ? cseq : sseq;
                p.ack = (flags & hv::TcpFlag::Ack) ? (fromClient ? sseq : cseq) : 0;
                p.flags = flags;
                p.window = 512;
                p.payloadLen = len;
                p.tcpHeaderLen = 32;
                p.ttl = 64;
                p.options.hasTimestamps = true;
                p.options.tsval = uint32_t(t / 1000);
                if (flags & hv::TcpFlag::Syn) {
                    p.tcpHeaderLen = 40;
                    p.options.mss = 65495;
                    p.options.sackPerm = true;
                    p.options.wscale = 7;
                }
                const uint32_t advance = len + ((flags & (hv::TcpFlag::Syn | hv::TcpFlag::Fin)) ? 1 : 0);
                (fromClient ? cseq : sseq) += advance;
                hv::Segment s = tracker_.track(++frame, t, p);
                t += kGapUs;
                id = s.connection;
                batch.segments.push_back(s);
                if (batch.segments.size() >= 4096)
                    flush(batch, out, id, frame);
            };
            using namespace hv::TcpFlag;
            send(true, Syn, 0);
            send(false, Syn | Ack, 0);
            send(true, Ack, 0);
            const size_t data = perConnection_ > 7 ? perConnection_ - 7 : 0;
            for (size_t i = 0; i < data; ++i)
                send(i % 2 == 0, i % 2 == 0 ? Psh | Ack : Ack, i % 2 == 0 ? 100 : 0);
            send(true, Fin | Ack, 0);
            send(false, Ack, 0);
            send(false, Fin | Ack, 0);
            send(true, Ack, 0);
            batch.connections.push_back(tracker_.connection(id));
        }
        flush(batch, out, 0, frame);
        return out;
    }

private:
    void flush(hv::CaptureBatch &batch, std::vector<hv::CaptureBatch> &out, uint32_t current, uint32_t frames)
    {
        if (current)
            batch.connections.push_back(tracker_.connection(current));
        batch.counts.total = batch.counts.tcp = frames;
        out.push_back(std::move(batch));
        batch = {};
    }

    hv::ConnectionTracker tracker_;
    size_t connections_;
    size_t perConnection_;
};

struct Built {
    std::unique_ptr<hv::Timeline> timeline;
    size_t timelineBytes = 0;
};

Built buildTimeline(size_t steps, size_t connections)
{
    Conversations conversations(steps, connections);
    std::vector<hv::CaptureBatch> batches = conversations.batches();
    Built b;
    const size_t before = heapInUse();
    b.timeline = std::make_unique<hv::Timeline>();
    b.timeline->setSource({QStringLiteral("file"), QStringLiteral("bench.pcap"), QStringLiteral("EN10MB"), QString(), {}, {}});
    for (const hv::CaptureBatch &batch : batches)
        b.timeline->appendBatch(batch);
    for (const hv::Connection &c : b.timeline->connections())
        (void)b.timeline->steps(c.id); // the step lists are part of what is kept
    b.timelineBytes = heapInUse() - before;
    return b;
}

uint32_t stressedConnection(const hv::Timeline &t)
{
    uint32_t best = 1;
    for (const hv::Connection &c : t.connections())
        if (t.steps(c.id).size() > t.steps(best).size())
            best = c.id;
    return best;
}

QFont benchFont()
{
    QFont f = QGuiApplication::font();
    f.setPixelSize(14);
    return f;
}

// One frame as LadderView::paintEvent draws it, scrolled to `scrollY`.
void paintFrame(QImage &image, const hv::LadderGeometry &g, qreal scrollY)
{
    QPainter p(&image);
    const QRectF viewport(0, 0, kViewWidth, kViewHeight);
    p.fillRect(viewport, hv::LadderPainter::background());
    p.translate(0, -scrollY);
    hv::LadderPainter::paint(p, g, viewport.translated(0, scrollY));
    p.resetTransform();
    if (scrollY > g.client.rect.top())
        hv::LadderPainter::paintHeaders(p, g, 0);
}

struct FrameFigures {
    size_t steps = 0;      // over every connection
    size_t shownSteps = 0; // of the ladder drawn: the connection with the most
    double layoutMs = 0;                          // the first, full layout (CPU)
    double relayoutMs = 0;                        // median of full layouts again (a resize, a zoom)
    double frameMs = 0, frameCpuMs = 0;           // medians
    double appendFrameMs = 0, appendFrameCpuMs = 0;
    double allFrameMs = 0, allFrameCpuMs = 0;     // 0 with one connection
    size_t timelineBytes = 0, geometryBytes = 0;
};

FrameFigures measureFrames(size_t steps, size_t connections, bool withAppends)
{
    FrameFigures f;
    Built built = buildTimeline(steps, connections);
    hv::Timeline &t = *built.timeline;
    const uint32_t id = stressedConnection(t);
    f.shownSteps = t.steps(id).size();
    for (const hv::Connection &c : t.connections())
        f.steps += t.steps(c.id).size();
    f.timelineBytes = built.timelineBytes;
    const QFont font = benchFont();

    const size_t before = heapInUse();
    hv::LadderGeometry g;
    const double start = cpuMs();
    hv::updateLadder(g, t, id, font, kViewWidth);
    f.layoutMs = cpuMs() - start;
    f.geometryBytes = heapInUse() - before;
    {
        // A resize or a zoom lays every row out again: alternate widths, the median counts.
        std::vector<double> again;
        for (int i = 0, n = qEnvironmentVariableIntValue("HV_RELAYOUTS") ? qEnvironmentVariableIntValue("HV_RELAYOUTS") : 9; i < n; ++i) {
            const double t0 = cpuMs();
            hv::updateLadder(g, t, id, font, kViewWidth + (i % 2 ? -40 : 0));
            again.push_back(cpuMs() - t0);
        }
        f.relayoutMs = median(again);
    }

    QImage image(kViewWidth, kViewHeight, QImage::Format_ARGB32_Premultiplied);
    const qreal middle = std::max<qreal>(0, g.contentSize.height() / 2 - kViewHeight / 2);
    Samples frames;
    for (int i = 0; i < kFrames; ++i) {
        frames.run([&] {
            hv::updateLadder(g, t, id, font, kViewWidth);
            paintFrame(image, g, middle);
        });
    }
    f.frameMs = median(frames.wall);
    f.frameCpuMs = median(frames.cpu);

    if (withAppends) {
        // Live: a segment at a time on the shown connection, each followed by a frame.
        const hv::Connection c = *t.connection(id);
        const hv::Segment last = t.segments()[t.segmentIndices(id).back()]; // a copy: appends move the vector
        Samples appends;
        for (int i = 0; i < kFrames; ++i) {
            hv::CaptureBatch b;
            hv::Segment s = last;
            s.frame = last.frame + uint32_t(i) + 1;
            s.timeUs = last.timeUs + (i + 1) * kGapUs;
            s.flags = hv::TcpFlag::Ack;
            s.len = 0;
            b.segments.push_back(s);
            b.connections.push_back(c);
            b.counts = t.counts();
            appends.run([&] {
                t.appendBatch(b);
                hv::updateLadder(g, t, id, font, kViewWidth);
                paintFrame(image, g, middle);
            });
        }
        f.appendFrameMs = median(appends.wall);
        f.appendFrameCpuMs = median(appends.cpu);
    }

    if (connections > 1) {
        hv::LadderStack stack;
        const std::vector<uint32_t> ids = hv::stackedConnections(t);
        hv::updateStack(stack, t, ids, font, kViewWidth, {}, hv::LadderView::kMaxStackedLadders);
        const qreal y = std::max<qreal>(0, stack.contentSize.height() / 2 - kViewHeight / 2);
        Samples all;
        for (int i = 0; i < kFrames / 4; ++i) {
            all.run([&] {
                hv::updateStack(stack, t, hv::stackedConnections(t), font, kViewWidth, {},
                                hv::LadderView::kMaxStackedLadders);
                QPainter p(&image);
                p.translate(0, -y);
                hv::LadderPainter::paintStack(p, stack, QRectF(0, y, kViewWidth, kViewHeight));
            });
        }
        f.allFrameMs = median(all.wall);
        f.allFrameCpuMs = median(all.cpu);
    }
    return f;
}

struct ExportFigures {
    double ms = -1, cpuMs = -1;
    QSize size;
};

ExportFigures measureExport(size_t steps, const QString &dir)
{
    Built built = buildTimeline(steps, 1);
    const QString path = QDir(dir).filePath(QStringLiteral("ladder.png"));
    Samples runs;
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) {
        runs.run([&] {
            QString error;
            ok = hv::exportTimeline(*built.timeline, path, &error);
            if (!ok)
                std::fprintf(stderr, "handshake-bench: %s\n", qUtf8Printable(error));
        });
    }
    ExportFigures f;
    if (ok) {
        f.ms = median(runs.wall);
        f.cpuMs = median(runs.cpu);
        f.size = QImage(path).size();
    }
    return f;
}

} // namespace

int ladderBench(int argc, char **argv)
{
    const long steps = argc >= 2 ? std::strtol(argv[1], nullptr, 10) : 0;
    const long connections = argc >= 3 ? std::strtol(argv[2], nullptr, 10) : 1;
    if (steps < 100 || connections < 1 || size_t(steps) / size_t(connections) < 14) {
        std::fprintf(stderr, "handshake-bench ladder: N must be >= 100 and at least 14 steps per connection\n");
        return 2;
    }
    // Fonts need a QGuiApplication; drawing into a QImage needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int qargc = 1;
    char *qargv[] = {argv[0], nullptr};
    QGuiApplication app(qargc, qargv);

    (void)measureFrames(100, 1, false); // warms up font, glyph and allocator caches for both
    const FrameFigures base = measureFrames(100, 1, false);
    const FrameFigures big = measureFrames(size_t(steps), size_t(connections), true);
    QTemporaryDir dir;
    const ExportFigures exported = measureExport(1000, dir.path());
    const double ratio = base.frameMs > 0 ? big.frameMs / base.frameMs : 0;
    // The timeline holds every step; the geometry only the shown ladder's.
    const double timelinePerStep = double(big.timelineBytes) / double(std::max<size_t>(1, big.steps));
    const double geometryPerStep = double(big.geometryBytes) / double(std::max<size_t>(1, big.shownSteps));
    const double bytesPerStep = timelinePerStep + geometryPerStep;

    std::printf("steps=%zu\n", big.steps);
    std::printf("connections=%ld\n", connections);
    std::printf("shown_steps=%zu\n", big.shownSteps);
    std::printf("viewport=%dx%d\n", kViewWidth, kViewHeight);
    std::printf("layout_cpu_ms=%.1f\n", big.layoutMs);
    std::printf("frame_ms=%.3f\n", big.frameMs);
    std::printf("frame_cpu_ms=%.3f\n", big.frameCpuMs);
    std::printf("append_frame_ms=%.3f\n", big.appendFrameMs);
    std::printf("append_frame_cpu_ms=%.3f\n", big.appendFrameCpuMs);
    if (connections > 1) {
        std::printf("all_frame_ms=%.3f\n", big.allFrameMs);
        std::printf("all_frame_cpu_ms=%.3f\n", big.allFrameCpuMs);
    }
    std::printf("baseline_steps=%zu\n", base.shownSteps);
    std::printf("baseline_frame_ms=%.3f\n", base.frameMs);
    std::printf("baseline_frame_cpu_ms=%.3f\n", base.frameCpuMs);
    std::printf("baseline_layout_cpu_ms=%.3f\n", base.layoutMs);
    std::printf("relayout_cpu_ms=%.2f\n", big.relayoutMs);
    std::printf("baseline_relayout_cpu_ms=%.3f\n", base.relayoutMs);
    // The full layout of a resize or zoom, against the same at 100 steps (the first layout of a
    // run also warms font caches, which falls on whichever ladder comes first).
    const double layoutRatio = base.relayoutMs > 0 ? big.relayoutMs / base.relayoutMs : 0;
    std::printf("layout_ratio=%.1f\n", layoutRatio);
    std::printf("ratio=%.2f\n", ratio);
    std::printf("cpu_ratio=%.2f\n", base.frameCpuMs > 0 ? big.frameCpuMs / base.frameCpuMs : 0);
    std::printf("export_steps=1000\n");
    std::printf("export_png=%dx%d\n", exported.size.width(), exported.size.height());
    std::printf("export_ms=%.1f\n", exported.ms);
    std::printf("export_cpu_ms=%.1f\n", exported.cpuMs);
    std::printf("timeline_bytes_per_step=%.1f\n", timelinePerStep);
    std::printf("geometry_bytes_per_step=%.1f\n", geometryPerStep);
    std::printf("bytes_per_step=%.1f\n", bytesPerStep);
    std::printf("target_ratio=2.0 ratio_met=%s\n", ratio <= 2.0 ? "yes" : "no");
    std::printf("target_frame_ms=4.0 frame_met=%s\n", big.frameMs <= 4.0 ? "yes" : "no");
    std::printf("target_layout_ratio=20 layout_met=%s\n", layoutRatio > 0 && layoutRatio <= 20 ? "yes" : "no");
    std::printf("target_export_ms=1000 export_met=%s\n", exported.ms >= 0 && exported.ms < 1000 ? "yes" : "no");
    return 0;
}
