// Real capture: libpcap on lo in the capture thread while a real client connects to a real server.
#include "Capture.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>
#include <QTemporaryDir>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <thread>

using namespace hv;

class TestCaptureLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handshakeOnLoopback();
    void stopIsPrompt();
    void missingInterfaceIsReported();
    void filterChangeLosesNothing();
    void filterChangeBeforeAnyTraffic();
    void filterChangeOnACookedCapture();
    void rejectedFilterKeepsTheOldOne();
    void filterHoldsFromTheFirstPacket();
    void kernelDropsAreCounted();
    void noDropsAreZeroNotUnknown();
};

// What a failed() or problem() spy holds, in words (Qt 6 evaluates a QVERIFY2 message always).
static QString failureText(const QSignalSpy &spy)
{
    return spy.isEmpty() ? QStringLiteral("no failure reported")
                         : describeFailure(spy.first().first().value<CaptureFailure>());
}

static std::vector<Segment> collect(const QList<QList<QVariant>> &batches)
{
    std::vector<Segment> all;
    for (const auto &args : batches) {
        const auto b = args.at(0).value<CaptureBatch>();
        all.insert(all.end(), b.segments.begin(), b.segments.end());
    }
    return all;
}

// The latest snapshot of every connection the batches touched, by id.
static std::map<uint32_t, Connection> connectionsOf(const QList<QList<QVariant>> &batches)
{
    std::map<uint32_t, Connection> all;
    for (const auto &args : batches)
        for (const Connection &c : args.at(0).value<CaptureBatch>().connections)
            all[c.id] = c;
    return all;
}

// The segments of the connections whose server listens on `port`.
static std::vector<Segment> segmentsToPort(const QList<QList<QVariant>> &batches, quint16 port)
{
    const std::map<uint32_t, Connection> connections = connectionsOf(batches);
    std::vector<Segment> out;
    for (const Segment &seg : collect(batches))
        if (connections.at(seg.connection).server.port == port)
            out.push_back(seg);
    return out;
}

// Runs the event loop for `ms` without pauses (QTest::qWait sleeps 10 ms between its rounds,
// which would thin out a 2 ms timer).
static void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

// A live capture on lo with `filter`, started (or the test fails).
static bool startLive(Capture &capture, const QString &filter, quint16 serverPort,
                      const QString &interface = QStringLiteral("lo"))
{
    QSignalSpy started(&capture, &Capture::started);
    QSignalSpy failed(&capture, &Capture::failed);
    CaptureRequest req;
    req.kind = CaptureRequest::Kind::Live;
    req.source = interface;
    req.filter = filter;
    req.serverPortHint = serverPort;
    capture.start(req);
    if (!started.wait(10000)) {
        qWarning("capture did not start: %s", qPrintable(failureText(failed)));
        return false;
    }
    return true;
}

void TestCaptureLive::handshakeOnLoopback()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();

    Capture capture;
    QSignalSpy started(&capture, &Capture::started);
    QSignalSpy batches(&capture, &Capture::batchReady);
    QSignalSpy failed(&capture, &Capture::failed);
    QSignalSpy finished(&capture, &Capture::finished);
    CaptureRequest req;
    req.kind = CaptureRequest::Kind::Live;
    req.source = QStringLiteral("lo");
    req.filter = QStringLiteral("tcp port %1").arg(port);
    req.serverPortHint = port;
    capture.start(req);
    QVERIFY2(started.wait(10000), qPrintable(QStringLiteral("capture did not start: ") + failureText(failed)));
    QCOMPARE(started.first().first().value<SourceInfo>().linkType, QStringLiteral("EN10MB"));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(server.waitForNewConnection(5000));
    QTcpSocket *peer = server.nextPendingConnection();
    client.write("hello");
    QVERIFY(client.waitForBytesWritten(5000));
    QTRY_VERIFY_WITH_TIMEOUT(peer->bytesAvailable() >= 5 || peer->waitForReadyRead(100), 5000);

    // Wait until the data segment has come through the capture thread.
    QTRY_VERIFY_WITH_TIMEOUT(collect(batches).size() >= 4, 5000);
    capture.requestStop();
    QVERIFY(finished.wait(5000));
    QVERIFY(!capture.isRunning());

    const std::vector<Segment> segs = collect(batches);
    QVERIFY2(segs.size() >= 4, qPrintable(QString::number(segs.size())));
    const Segment &syn = segs[0];
    const Segment &synAck = segs[1];
    const Segment &ack = segs[2];
    QCOMPARE(syn.flags, TcpFlag::Syn);
    QCOMPARE(synAck.flags, uint16_t(TcpFlag::Syn | TcpFlag::Ack));
    QCOMPARE(ack.flags, TcpFlag::Ack);
    QCOMPARE(syn.from, Side::Client);
    QCOMPARE(synAck.from, Side::Server);
    QCOMPARE(ack.from, Side::Client);
    // The arithmetic the program teaches, checked on what the kernel really sent.
    QCOMPARE(synAck.ack, syn.seq + 1);
    QCOMPARE(ack.ack, synAck.seq + 1);
    QCOMPARE(ack.seq, syn.seq + 1);
    QCOMPARE(syn.relSeq, 0u);
    QCOMPARE(synAck.relSeq, 0u);
    QCOMPARE(synAck.relAck, 1u);
    QCOMPARE(ack.relSeq, 1u);
    QCOMPARE(ack.relAck, 1u);
    QVERIFY(syn.options.mss > 0);
    QCOMPARE(syn.clientState, TcpState::SynSent);
    QCOMPARE(ack.clientState, TcpState::Established);
    QCOMPARE(ack.serverState, TcpState::Established);
    // Frame numbers count every packet libpcap handed over, from 1.
    QCOMPARE(syn.frame, 1u);
    QVERIFY(syn.timeUs > 0 && synAck.timeUs >= syn.timeUs && ack.timeUs >= synAck.timeUs);

    auto data = std::find_if(segs.begin(), segs.end(), [](const Segment &s) { return s.len > 0; });
    QVERIFY(data != segs.end());
    QCOMPARE(data->len, 5u);
    QCOMPARE(data->from, Side::Client);
    QCOMPARE(data->relSeq, 1u);
    QCOMPARE(QString::fromStdString(flagsLabel(data->flags)), QStringLiteral("PSH, ACK"));
}

void TestCaptureLive::stopIsPrompt()
{
    // With no traffic at all, a stop still returns at once (breakloop + the 10 ms buffer timeout).
    Capture capture;
    QSignalSpy started(&capture, &Capture::started);
    QSignalSpy finished(&capture, &Capture::finished);
    CaptureRequest req;
    req.source = QStringLiteral("lo");
    req.filter = QStringLiteral("tcp port %1").arg(hvtest::freePort());
    capture.start(req);
    QVERIFY(started.wait(10000));
    QElapsedTimer t;
    t.start();
    capture.stop();
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(!capture.isRunning());
}

void TestCaptureLive::missingInterfaceIsReported()
{
    Capture capture;
    QSignalSpy failed(&capture, &Capture::failed);
    QSignalSpy finished(&capture, &Capture::finished);
    CaptureRequest req;
    req.source = QStringLiteral("nosuchif0");
    capture.start(req);
    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.size(), 1);
    const auto failure = failed.first().first().value<CaptureFailure>();
    const QString message = describeFailure(failure);
    QCOMPARE(failure.kind, CaptureFailure::Kind::NoSuchInterface);
    QCOMPARE(failure.subject, QStringLiteral("nosuchif0"));
    QCOMPARE(message, QStringLiteral("cannot capture on nosuchif0: no such interface"));
}

// A filter that takes in a second port, given while the first one carries a stream: every byte of
// the stream is captured once (nothing lost while the filter changes, nothing twice), and the new
// port's handshake is there in full.
void TestCaptureLive::filterChangeLosesNothing()
{
    QTcpServer serverA, serverB;
    QVERIFY(serverA.listen(QHostAddress::LocalHost, 0));
    QVERIFY(serverB.listen(QHostAddress::LocalHost, 0));
    const quint16 portA = serverA.serverPort(), portB = serverB.serverPort();
    const QString oldFilter = QStringLiteral("tcp port %1").arg(portA);
    const QString newFilter = QStringLiteral("tcp port %1 or tcp port %2").arg(portA).arg(portB);

    Capture capture;
    QSignalSpy batches(&capture, &Capture::batchReady);
    QSignalSpy changed(&capture, &Capture::filterChanged);
    QSignalSpy problems(&capture, &Capture::problem);
    QVERIFY(startLive(capture, oldFilter, portA));
    QCOMPARE(capture.filter(), oldFilter);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, portA);
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(serverA.waitForNewConnection(5000));
    QTcpSocket *peer = serverA.nextPendingConnection();
    client.setSocketOption(QAbstractSocket::LowDelayOption, 1); // many small segments, not a few merged ones
    qint64 received = 0;
    connect(peer, &QTcpSocket::readyRead, peer, [&] { received += peer->readAll().size(); });

    // A short message every ~2 ms for ~1.5 s; the filter changes half-way.
    qint64 sent = 0;
    int messages = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(2);
    connect(&tick, &QTimer::timeout, &client, [&] {
        const QByteArray m = QByteArrayLiteral("m") + QByteArray::number(++messages) + ';';
        QCOMPARE(client.write(m), m.size());
        sent += m.size();
    });
    QElapsedTimer clock;
    clock.start();
    tick.start();
    spin(750);

    QElapsedTimer change;
    change.start();
    capture.setFilter(newFilter);
    QVERIFY(changed.wait(2000));
    const qint64 changeMs = change.elapsed();
    QVERIFY2(changeMs < 60, qPrintable(QString::number(changeMs)));
    QCOMPARE(changed.first().first().toString(), newFilter);
    QCOMPARE(capture.filter(), newFilter);

    QTcpSocket clientB;
    clientB.connectToHost(QHostAddress::LocalHost, portB);
    QSignalSpy connectedB(&clientB, &QTcpSocket::connected);
    QVERIFY(connectedB.wait(5000));
    clientB.write("hello B");
    spin(int(std::max<qint64>(0, 1500 - clock.elapsed())));
    tick.stop();
    QVERIFY(serverB.hasPendingConnections());
    QTRY_VERIFY_WITH_TIMEOUT(segmentsToPort(batches, portB).size() >= 4, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(received, sent, 5000);
    // Everything sent reached the capture before it stops (the last data segment, with its length).
    const auto capturedA = [&] {
        qint64 bytes = 0;
        for (const Segment &seg : segmentsToPort(batches, portA))
            if (seg.from == Side::Client)
                bytes += seg.len;
        return bytes;
    };
    QTRY_VERIFY_WITH_TIMEOUT(capturedA() >= sent, 5000);
    capture.stop();
    QVERIFY2(problems.isEmpty(), qPrintable(failureText(problems)));

    // A: the client's data segments, in capture order, each starting where the one before ended.
    qint64 bytes = 0;
    uint32_t next = 1; // relative: the SYN took 0
    int dataSegments = 0;
    for (const Segment &seg : segmentsToPort(batches, portA)) {
        if (seg.from != Side::Client || seg.len == 0)
            continue;
        QVERIFY2(seg.relSeq == next, qPrintable(QStringLiteral("frame %1: relSeq %2, expected %3 (a gap: bytes lost; "
                                                               "below: captured twice)")
                                                    .arg(seg.frame).arg(seg.relSeq).arg(next)));
        QVERIFY2(!seg.retransmission, qPrintable(QString::number(seg.frame)));
        next = seg.relSeq + seg.len;
        bytes += seg.len;
        ++dataSegments;
    }
    QCOMPARE(bytes, sent);
    QVERIFY2(dataSegments >= 100, qPrintable(QString::number(dataSegments))); // a stream, not a burst

    // B: its handshake, whole.
    const std::vector<Segment> b = segmentsToPort(batches, portB);
    QVERIFY2(b.size() >= 4, qPrintable(QString::number(b.size())));
    QCOMPARE(b[0].flags, TcpFlag::Syn);
    QCOMPARE(b[1].flags, uint16_t(TcpFlag::Syn | TcpFlag::Ack));
    QCOMPARE(b[2].flags, TcpFlag::Ack);
    QCOMPARE(b[2].from, Side::Client);
    QCOMPARE(connectionsOf(batches).at(b[0].connection).handshake, Handshake::Complete);
    QVERIFY(std::any_of(b.begin(), b.end(), [](const Segment &seg) { return seg.from == Side::Client && seg.len == 7; }));
    qInfo("%d data segments, %lld bytes, all captured once; filter in effect %lld ms after setFilter()",
          dataSegments, bytes, changeMs);
}

// The filter changes before the first filter has seen a packet at all: what the new one takes in
// is there from its first packet (libpcap's own filtering of the ring's first block must not hold
// the old filter; see CaptureWorker::setFilterAtOpen).
void TestCaptureLive::filterChangeBeforeAnyTraffic()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();
    Capture capture;
    QSignalSpy batches(&capture, &Capture::batchReady);
    QSignalSpy changed(&capture, &Capture::filterChanged);
    QVERIFY(startLive(capture, QStringLiteral("tcp port %1").arg(hvtest::freePort()), port));
    capture.setFilter(QStringLiteral("tcp port %1").arg(port));
    QVERIFY(changed.wait(2000));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(server.waitForNewConnection(5000));
    client.write("hello");
    QTRY_VERIFY_WITH_TIMEOUT(segmentsToPort(batches, port).size() >= 4, 5000);
    capture.stop();
    const std::vector<Segment> segs = segmentsToPort(batches, port);
    QCOMPARE(segs[0].flags, TcpFlag::Syn);
    QCOMPARE(segs[0].frame, 1u);
    QCOMPARE(segs[1].flags, uint16_t(TcpFlag::Syn | TcpFlag::Ack));
    QCOMPARE(segs[2].flags, TcpFlag::Ack);
    QCOMPARE(segs[3].len, 5u);
}

// On "any" (Linux cooked headers, v2 here so that each frame names its interface; libpcap rewrites
// their programs before the kernel sees them) the change goes through pcap_setfilter(): it takes
// effect all the same.
void TestCaptureLive::filterChangeOnACookedCapture()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();
    Capture capture;
    QSignalSpy started(&capture, &Capture::started);
    QSignalSpy batches(&capture, &Capture::batchReady);
    QSignalSpy changed(&capture, &Capture::filterChanged);
    QVERIFY(startLive(capture, QStringLiteral("tcp port %1").arg(hvtest::freePort()), port, QStringLiteral("any")));
    QCOMPARE(started.first().first().value<SourceInfo>().linkType, QStringLiteral("LINUX_SLL2"));
    const QString filter = QStringLiteral("tcp port %1").arg(port);
    capture.setFilter(filter);
    QVERIFY(changed.wait(2000));
    QCOMPARE(capture.filter(), filter);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(segmentsToPort(batches, port).size() >= 3, 5000);
    capture.stop();
    QCOMPARE(segmentsToPort(batches, port).front().flags, TcpFlag::Syn);
}

// A filter that does not compile is reported and changes nothing: the capture goes on, with the
// filter it had.
void TestCaptureLive::rejectedFilterKeepsTheOldOne()
{
    QTcpServer server, other;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();
    const QString filter = QStringLiteral("tcp port %1").arg(port);
    Capture capture;
    QSignalSpy batches(&capture, &Capture::batchReady);
    QSignalSpy changed(&capture, &Capture::filterChanged);
    QSignalSpy problems(&capture, &Capture::problem);
    QSignalSpy failed(&capture, &Capture::failed);
    QSignalSpy finished(&capture, &Capture::finished);
    QVERIFY(startLive(capture, filter, port));

    capture.setFilter(QStringLiteral("tcp port nonsense"));
    QVERIFY(problems.wait(2000));
    const auto problem = problems.first().first().value<CaptureFailure>();
    QCOMPARE(problem.kind, CaptureFailure::Kind::FilterRejected);
    QCOMPARE(problem.subject, QStringLiteral("tcp port nonsense"));
    QVERIFY2(!problem.detail.isEmpty(), "libpcap's words are kept");
    const QString message = describeFailure(problem);
    QVERIFY2(message.startsWith(QLatin1String("capture filter 'tcp port nonsense' rejected: ")), qPrintable(message));
    QVERIFY(changed.isEmpty());
    QVERIFY(failed.isEmpty());
    QVERIFY(finished.isEmpty());
    QVERIFY(capture.isRunning());
    QCOMPARE(capture.filter(), filter);

    // Still capturing, with the old filter: the port it names, not another one.
    QTcpSocket elsewhere, client;
    elsewhere.connectToHost(QHostAddress::LocalHost, other.serverPort());
    QVERIFY(elsewhere.waitForConnected(5000));
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(segmentsToPort(batches, port).size() >= 3, 5000);
    capture.stop();
    for (const auto &[id, c] : connectionsOf(batches))
        QCOMPARE(c.server.port, port);
}

// The filter given at the start holds from the very first packet, although the ring takes packets
// from the moment libpcap activates it, before the filter is attached: unrelated traffic running
// all along never shows.
void TestCaptureLive::filterHoldsFromTheFirstPacket()
{
    QUdpSocket sink;
    QVERIFY(sink.bind(QHostAddress::LocalHost, 0));
    const quint16 sinkPort = sink.localPort();
    std::atomic<bool> flooding{true};
    std::thread flood([&] {
        const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(sinkPort);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const char datagram[32] = {};
        while (flooding.load()) {
            ::sendto(fd, datagram, sizeof datagram, 0, reinterpret_cast<const sockaddr *>(&to), sizeof to);
            ::usleep(50);
        }
        ::close(fd);
    });
    uint64_t frames = 0;
    for (int run = 0; run < 5 && !frames; ++run) {
        Capture capture;
        QSignalSpy batches(&capture, &Capture::batchReady);
        if (!startLive(capture, QStringLiteral("tcp port %1").arg(hvtest::freePort()), 0))
            break;
        QTest::qWait(50);
        capture.stop();
        for (const auto &args : batches)
            frames = std::max(frames, args.at(0).value<CaptureBatch>().counts.total);
    }
    flooding.store(false);
    flood.join();
    QCOMPARE(frames, uint64_t(0));
}

// A UDP sink on loopback and `count` datagrams of 32 bytes sent to it: each successful sendto()
// is exactly one packet on lo. Returns how many were sent.
static int floodUdp(quint16 port, int count)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char datagram[32] = {};
    int sent = 0;
    for (int i = 0; i < count; ++i)
        if (::sendto(fd, datagram, sizeof datagram, 0, reinterpret_cast<const sockaddr *>(&to), sizeof to) == sizeof datagram)
            ++sent;
    ::close(fd);
    return sent;
}

// The last batch's counts: the running totals, with the drops as of the capture's end.
static PacketCounts lastCounts(const QSignalSpy &batches)
{
    return batches.isEmpty() ? PacketCounts{} : batches.last().at(0).value<CaptureBatch>().counts;
}

// The kernel really drops, and says how many. The worker is held still with its raw-packet file on
// a FIFO that nobody reads yet (as a stalled disk would hold it: pcap_dump_open() waits for a
// reader), while the smallest ring libpcap makes (bufferBytes 1: one 256 KiB block of TPACKET_V3)
// takes a flood far larger than it. A second capture with a big ring counts the same flood
// independently. Every packet is either kept or counted as dropped: kept + dropped = sent.
void TestCaptureLive::kernelDropsAreCounted()
{
    QUdpSocket sink;
    QVERIFY(sink.bind(QHostAddress::LocalHost, 0));
    const QString filter = QStringLiteral("udp port %1").arg(sink.localPort());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("raw.pcap")));
    QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);

    Capture witness; // a big ring, read as usual: it sees the whole flood
    QSignalSpy witnessBatches(&witness, &Capture::batchReady);
    CaptureRequest big;
    big.source = QStringLiteral("lo");
    big.filter = filter;
    big.bufferBytes = 64 << 20;
    QSignalSpy witnessStarted(&witness, &Capture::started);
    witness.start(big);
    QVERIFY(witnessStarted.wait(10000));

    Capture small;
    QSignalSpy batches(&small, &Capture::batchReady);
    QSignalSpy started(&small, &Capture::started);
    CaptureRequest tiny = big;
    tiny.bufferBytes = 1;
    tiny.dumpPath = QString::fromLocal8Bit(fifo);
    small.start(tiny);
    // Whatever happens below, the worker gets its reader before the capture is stopped, and the
    // reader its end of file after.
    std::thread drain;
    auto release = [&] {
        if (drain.joinable())
            return;
        drain = std::thread([&] {
            const int fd = ::open(fifo.constData(), O_RDONLY);
            char buffer[65536];
            while (fd >= 0 && ::read(fd, buffer, sizeof buffer) > 0) {
            }
            if (fd >= 0)
                ::close(fd);
        });
    };
    struct Finally {
        std::function<void()> f;
        ~Finally() { f(); }
    } finally{[&] {
        release();
        small.stop();
        drain.join();
    }};
    QVERIFY(started.wait(10000)); // the filter is on the ring; the worker now waits for a reader

    constexpr int Flood = 20000; // ~2 MB in the ring, eight times what one block holds
    const int sent = floodUdp(sink.localPort(), Flood);
    QVERIFY2(sent > Flood * 9 / 10, qPrintable(QString::number(sent)));
    QTest::qWait(100); // the last datagrams are through the kernel
    release();
    // Datagrams to a sink make no segments, so no batch until the last one, which stop() sends
    // after reading what the kernel holds (the ring's blocks are handed over within its 10 ms
    // timeout).
    QTest::qWait(300);
    small.stop();
    witness.stop();

    const PacketCounts kept = lastCounts(batches);
    const PacketCounts all = lastCounts(witnessBatches);
    qInfo("sent %d: the small ring kept %llu and dropped %llu; the big one kept %llu and dropped %llu", sent,
          qulonglong(kept.total), qulonglong(kept.dropped.value_or(0)), qulonglong(all.total),
          qulonglong(all.dropped.value_or(0)));
    QCOMPARE(all.total, uint64_t(sent));
    QCOMPARE(all.dropped, std::optional<uint64_t>(0));
    QVERIFY(kept.dropped.has_value());
    QVERIFY2(*kept.dropped > 0, "the kernel dropped nothing: the test did not fill the ring");
    QVERIFY(kept.total < uint64_t(sent));
    // libpcap's ps_drop counts what passed the filter and found no room. On lo each packet is in
    // the ring once (the outgoing copies are kept out), so every packet sent is kept or dropped.
    QCOMPARE(kept.total + *kept.dropped, uint64_t(sent));
    // lo has the interface counters (and drops nothing there).
    QVERIFY(kept.ifDropped.has_value());
}

// A live capture that dropped nothing says 0 (a number) in every batch, the first one too.
void TestCaptureLive::noDropsAreZeroNotUnknown()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Capture capture;
    QSignalSpy batches(&capture, &Capture::batchReady);
    QVERIFY(startLive(capture, QStringLiteral("tcp port %1").arg(server.serverPort()), server.serverPort()));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(collect(batches).size() >= 3, 5000);
    capture.stop();
    for (const auto &args : batches)
        QCOMPARE(args.at(0).value<CaptureBatch>().counts.dropped, std::optional<uint64_t>(0));
    QVERIFY(lastCounts(batches).total >= 3);
}

QTEST_GUILESS_MAIN(TestCaptureLive)
#include "tst_capture_live.moc"
