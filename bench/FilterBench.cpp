#include "FilterBench.h"

#include "ConnectionFilter.h"
#include "ConnectionTracker.h"
#include "Timeline.h"

#include <QCoreApplication>

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace hv;

namespace {

using Clock = std::chrono::steady_clock;

TcpPacket packet(const Endpoint &src, const Endpoint &dst, uint16_t flags, uint32_t seq, uint32_t ack)
{
    TcpPacket p;
    p.src = src;
    p.dst = dst;
    p.flags = flags;
    p.seq = seq;
    p.ack = ack;
    p.window = 65535;
    return p;
}

// Fastest of 5 runs, in milliseconds.
template <typename F>
double best(F &&f)
{
    double ms = 1e300;
    for (int i = 0; i < 5; ++i) {
        const auto t0 = Clock::now();
        f();
        ms = std::min(ms, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return ms;
}

} // namespace

int filterBench(int argc, char **argv)
{
    const long n = argc >= 2 ? std::strtol(argv[1], nullptr, 10) : 200000;
    if (n < 1 || n > 5000000) {
        std::fprintf(stderr, "handshake-bench filter: CONNECTIONS must be 1 to 5000000\n");
        return 2;
    }
    int qargc = 1;
    char name[] = "handshake-bench";
    char *qargv[] = {name, nullptr};
    QCoreApplication app(qargc, qargv);

    // Students on 250 hosts (10.0.H.1), each connecting to one server: most complete, one in
    // ten refused (a port nobody listens on), one in twenty reset after the handshake.
    ConnectionTracker tracker;
    CaptureBatch batch;
    uint32_t frame = 0;
    const Endpoint server{IpAddress::v4(10, 0, 0, 254), 6666};
    for (long i = 0; i < n; ++i) {
        const Endpoint client{IpAddress::v4(10, 0, uint8_t(i % 250), 1), uint16_t(20000 + (i / 250) % 40000)};
        Endpoint to = server;
        const bool refused = i % 10 == 3, reset = i % 20 == 7;
        if (refused)
            to.port = 6667;
        const int64_t t = 1'700'000'000'000'000 + i * 100;
        batch.segments.push_back(tracker.track(++frame, t, packet(client, to, TcpFlag::Syn, 1000, 0)));
        if (refused) {
            batch.segments.push_back(tracker.track(++frame, t + 10, packet(to, client, TcpFlag::Rst | TcpFlag::Ack, 0, 1001)));
            continue;
        }
        batch.segments.push_back(tracker.track(++frame, t + 10, packet(to, client, TcpFlag::Syn | TcpFlag::Ack, 5000, 1001)));
        batch.segments.push_back(tracker.track(++frame, t + 20, packet(client, to, TcpFlag::Ack, 1001, 5001)));
        if (reset)
            batch.segments.push_back(tracker.track(++frame, t + 30, packet(client, to, TcpFlag::Rst | TcpFlag::Ack, 1001, 5001)));
    }
    batch.connections = tracker.connections();
    batch.counts.total = batch.counts.tcp = frame;
    Timeline timeline;
    timeline.setSource({QStringLiteral("file"), QStringLiteral("bench"), QStringLiteral("EN10MB"), QString(), {}, {}});
    timeline.appendBatch(batch);
    std::printf("connections=%zu segments=%zu\n", timeline.connections().size(), timeline.segmentCount());

    size_t baselineCount = 0;
    const double baseline = best([&] {
        baselineCount = 0;
        for (const Connection &c : timeline.connections())
            baselineCount += c.handshake == Handshake::Refused;
    });
    std::printf("baseline_scan_ms=%.3f refused=%zu\n", baseline, baselineCount);
    const char *queries[] = {"refused", "reset", "6666", "#199999", "10.0.3.", "10.0.3.1:20000", "complete 10.0.1", "nonsense"};
    double worst = 0;
    for (const char *q : queries) {
        const ConnectionQuery parsed = parseConnectionQuery(QString::fromUtf8(q));
        size_t found = 0;
        const double ms = best([&] { found = filterConnections(timeline, parsed).size(); });
        worst = std::max(worst, ms);
        std::printf("query=\"%s\" matches=%zu ms=%.3f ratio_to_baseline=%.1f\n", q, found, ms, ms / std::max(baseline, 1e-6));
    }
    std::printf("worst_ms=%.3f target_ms=50 %s\n", worst, worst < 50 ? "met" : "missed");
    return 0;
}
