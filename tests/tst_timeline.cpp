// The GUI-thread model: batches merge, snapshots are replaced, calls stay in time order and are
// attached to the right connection, steps merge segments and calls stably.
#include "Timeline.h"

#include <QSignalSpy>
#include <QTest>

using namespace hv;

namespace {

Connection connection(uint32_t id, uint16_t clientPort, Handshake hs = Handshake::Partial, bool sawSyn = true)
{
    Connection c;
    c.id = id;
    c.client = {IpAddress::v4(127, 0, 0, 1), clientPort};
    c.server = {IpAddress::v4(127, 0, 0, 1), 6666};
    c.handshake = hs;
    c.sawSyn = sawSyn;
    return c;
}

Segment segment(uint32_t connectionId, uint32_t frame, int64_t timeUs, Side from, uint16_t flags)
{
    Segment s;
    s.connection = connectionId;
    s.frame = frame;
    s.timeUs = timeUs;
    s.from = from;
    s.flags = flags;
    return s;
}

SocketCall call(int64_t timeUs, CallSide side, const char *name)
{
    return SocketCall{timeUs, side, QString::fromLatin1(name), QString(), false};
}

constexpr int64_t T0 = 1764170000000000;

// One connection's handshake at T0, T0+100, T0+200 µs.
CaptureBatch handshakeBatch(uint32_t id, int64_t t0, uint32_t firstFrame)
{
    CaptureBatch b;
    b.segments.push_back(segment(id, firstFrame, t0, Side::Client, TcpFlag::Syn));
    b.segments.push_back(segment(id, firstFrame + 1, t0 + 100, Side::Server, TcpFlag::Syn | TcpFlag::Ack));
    b.segments.push_back(segment(id, firstFrame + 2, t0 + 200, Side::Client, TcpFlag::Ack));
    b.connections.push_back(connection(id, uint16_t(40000 + id), Handshake::Complete));
    b.counts.total = b.counts.tcp = firstFrame + 2;
    return b;
}

QStringList describe(const Timeline &t, uint32_t id)
{
    QStringList out;
    for (const TimelineStep &s : t.steps(id)) {
        if (s.kind == TimelineStep::Kind::Segment)
            out << QStringLiteral("#%1").arg(t.segments()[s.index].frame);
        else
            out << t.call(s).call;
    }
    return out;
}

// One segment of a file as the tracker hands it over: who sent it, its flags, the states after it.
struct Seen {
    char from; // 'c' client, 's' server
    uint16_t flags;
    TcpState client, server;
    bool retransmission = false;
};
using Script = std::vector<Seen>;

constexpr uint16_t SYN = TcpFlag::Syn, ACK = TcpFlag::Ack, FIN = TcpFlag::Fin, RST = TcpFlag::Rst,
                   PSH = TcpFlag::Psh;
using St = TcpState;

SourceInfo fileSource()
{
    return {QStringLiteral("file"), QStringLiteral("x.pcap"), QStringLiteral("EN10MB"), QString()};
}

// The script as connection `id`'s segments, 100 µs apart from t0, frames from firstFrame.
CaptureBatch scriptBatch(const Script &script, uint32_t id = 1, int64_t t0 = T0, uint32_t firstFrame = 1)
{
    CaptureBatch b;
    for (size_t i = 0; i < script.size(); ++i) {
        const Seen &x = script[i];
        Segment s = segment(id, firstFrame + uint32_t(i), t0 + int64_t(i) * 100,
                            x.from == 'c' ? Side::Client : Side::Server, x.flags);
        s.clientState = x.client;
        s.serverState = x.server;
        s.retransmission = x.retransmission;
        b.segments.push_back(s);
    }
    b.connections.push_back(connection(id, uint16_t(40000 + id), Handshake::Complete));
    return b;
}

const Script kHandshake = {
    {'c', SYN, St::SynSent, St::SynRcvd},
    {'s', SYN | ACK, St::Established, St::SynRcvd},
    {'c', ACK, St::Established, St::Established},
};

} // namespace

Q_DECLARE_METATYPE(Script)

class TestTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchesMerge();
    void snapshotsReplacedById();
    void gapsInIds();
    void errorsAccumulateCountsReplace();
    void callsKeptInTimeOrder();
    void stepsMergeStably();
    void attachCalls_data();
    void attachCalls();
    void callsWaitForTheirConnection();
    void defaultConnection();
    void stepsFollowChanges();
    void clearEmpties();
    void inferredCalls_data();
    void inferredCalls();
    void inferredCallsDescribeTheirSide();
    void inferredCallsStayOnTheirConnection();
    void inferredAcrossBatches();
    void inferredCallsAtTheSameTimeKeepCaptureOrder();
    void liveCallsAreNotInferred();
};

void TestTimeline::batchesMerge()
{
    Timeline t;
    QSignalSpy spy(&t, &Timeline::changed);
    CaptureBatch a = handshakeBatch(1, T0, 1);
    CaptureBatch b;
    b.segments.push_back(segment(1, 4, T0 + 300, Side::Client, TcpFlag::Psh | TcpFlag::Ack));
    b.connections.push_back(connection(1, 40001, Handshake::Complete));
    t.appendBatch(a);
    t.appendBatch(b);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(t.segments().size(), size_t(4));
    for (uint32_t i = 0; i < 4; ++i)
        QCOMPARE(t.segments()[i].frame, i + 1);
    QCOMPARE(t.segmentIndices(1), (std::vector<uint32_t>{0, 1, 2, 3}));
    QCOMPARE(t.steps(1).size(), size_t(4));
}

void TestTimeline::snapshotsReplacedById()
{
    Timeline t;
    CaptureBatch a;
    a.segments.push_back(segment(1, 1, T0, Side::Client, TcpFlag::Syn));
    a.connections.push_back(connection(1, 40001, Handshake::Partial));
    a.connections.back().segmentCount = 1;
    t.appendBatch(a);
    QCOMPARE(t.connection(1)->handshake, Handshake::Partial);

    CaptureBatch b;
    b.segments.push_back(segment(1, 2, T0 + 1, Side::Server, TcpFlag::Syn | TcpFlag::Ack));
    b.segments.push_back(segment(2, 3, T0 + 2, Side::Client, TcpFlag::Syn));
    b.connections.push_back(connection(1, 40001, Handshake::Complete));
    b.connections.back().segmentCount = 2;
    b.connections.push_back(connection(2, 40002));
    t.appendBatch(b);

    QCOMPARE(t.connections().size(), size_t(2));
    QCOMPARE(t.connection(1)->handshake, Handshake::Complete);
    QCOMPARE(t.connection(1)->segmentCount, 2u);
    QCOMPARE(t.connection(2)->client.port, uint16_t(40002));
    QCOMPARE(t.segmentIndices(2), (std::vector<uint32_t>{2}));
}

void TestTimeline::gapsInIds()
{
    Timeline t;
    CaptureBatch b;
    b.segments.push_back(segment(3, 7, T0, Side::Client, TcpFlag::Syn));
    b.connections.push_back(connection(3, 40003));
    t.appendBatch(b);
    QCOMPARE(t.connections().size(), size_t(3));
    QVERIFY(t.connection(1) == nullptr);
    QVERIFY(t.connection(2) == nullptr);
    QVERIFY(t.connection(4) == nullptr);
    QCOMPARE(t.connection(3)->id, 3u);
    QVERIFY(t.steps(1).empty());
    QCOMPARE(t.steps(3).size(), size_t(1));
    QVERIFY(t.steps(99).empty());
    QCOMPARE(t.defaultConnectionId(), 3u);
}

void TestTimeline::errorsAccumulateCountsReplace()
{
    Timeline t;
    CaptureBatch a;
    a.errors.push_back({3, QStringLiteral("truncated"), QStringLiteral("snaplen")});
    a.counts = {10, 8, 1, 0, 1};
    CaptureBatch b;
    b.errors.push_back({9, QStringLiteral("malformed"), QStringLiteral("data offset 3 < 5")});
    b.counts = {20, 17, 1, 1, 1};
    t.appendBatch(a);
    t.appendBatch(b);
    t.appendError({0, QStringLiteral("read"), QStringLiteral("file ends inside a record")});
    QCOMPARE(t.errors().size(), size_t(3));
    QCOMPARE(t.errors()[0].frame, 3u);
    QCOMPARE(t.errors()[1].kind, QStringLiteral("malformed"));
    QCOMPARE(t.errors()[2].kind, QStringLiteral("read"));
    QCOMPARE(t.counts().total, uint64_t(20));
    QCOMPARE(t.counts().tcp, uint64_t(17));
    QCOMPARE(t.counts().malformed, uint64_t(1));
}

void TestTimeline::callsKeptInTimeOrder()
{
    Timeline t;
    QSignalSpy spy(&t, &Timeline::changed);
    t.appendCall(call(T0 + 50, CallSide::Client, "send"));
    t.appendCall(call(T0 + 10, CallSide::Server, "listen"));
    t.appendCall(call(T0 + 30, CallSide::Client, "connect"));
    t.appendCall(call(T0 + 30, CallSide::Client, "connect returns")); // same time: after the first
    t.appendCall(call(T0 + 90, CallSide::Client, "close"));
    QCOMPARE(spy.count(), 5);
    QStringList names;
    int64_t last = 0;
    for (const SocketCall &c : t.calls()) {
        names << c.call;
        QVERIFY(c.timeUs >= last);
        last = c.timeUs;
    }
    QCOMPARE(names, (QStringList{"listen", "connect", "connect returns", "send", "close"}));
}

void TestTimeline::stepsMergeStably()
{
    Timeline t;
    t.appendCall(call(T0 - 1000, CallSide::Server, "listen"));
    t.appendCall(call(T0, CallSide::Client, "connect"));                // same time as the SYN: before it
    t.appendCall(call(T0 + 100, CallSide::Client, "connect returns"));  // same time as the SYN+ACK: after it
    t.appendCall(call(T0 + 200, CallSide::Server, "accept returns"));   // same time as the ACK: after it
    t.appendCall(call(T0 + 250, CallSide::Client, "send"));
    t.appendBatch(handshakeBatch(1, T0, 1));
    CaptureBatch more;
    // Two segments with one timestamp, and one out of time order: capture order is kept.
    more.segments.push_back(segment(1, 4, T0 + 300, Side::Client, TcpFlag::Psh | TcpFlag::Ack));
    more.segments.push_back(segment(1, 5, T0 + 300, Side::Server, TcpFlag::Ack));
    more.segments.push_back(segment(1, 6, T0 + 290, Side::Server, TcpFlag::Ack));
    more.connections.push_back(connection(1, 40001, Handshake::Complete));
    t.appendBatch(more);

    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3",
                                           "accept returns", "send", "#4", "#5", "#6"}));
    for (const TimelineStep &s : t.steps(1)) {
        const int64_t expected = s.kind == TimelineStep::Kind::Segment ? t.segments()[s.index].timeUs
                                                                       : t.call(s).timeUs;
        QCOMPARE(s.timeUs, expected);
    }
    QVERIFY(t.steps(0).empty());
}

void TestTimeline::attachCalls_data()
{
    QTest::addColumn<qint64>("offsetUs"); // from T0 (connection 1: T0..T0+200; connection 2: T0+10 s..)
    QTest::addColumn<QString>("call");
    QTest::addColumn<uint>("expected");

    QTest::newRow("listen long before anything") << qint64(-60'000'000) << "listen" << 1u;
    QTest::newRow("connect just before #1") << qint64(-20) << "connect" << 1u;
    QTest::newRow("inside #1") << qint64(150) << "connect returns" << 1u;
    QTest::newRow("close 0.5 s after #1") << qint64(500'000) << "close" << 1u;
    QTest::newRow("close 5 s after #1: latest") << qint64(5'000'000) << "close" << 1u;
    QTest::newRow("connect 5 s after #1: next") << qint64(5'000'000) << "connect" << 2u;
    QTest::newRow("connect just before #2") << qint64(10'000'000 - 30) << "connect" << 2u;
    QTest::newRow("close after #2") << qint64(10'000'300) << "close" << 2u;
    QTest::newRow("long after everything") << qint64(600'000'000) << "close" << 2u;
}

void TestTimeline::attachCalls()
{
    QFETCH(qint64, offsetUs);
    QFETCH(QString, call);
    QFETCH(uint, expected);
    Timeline t;
    t.appendBatch(handshakeBatch(1, T0, 1));
    t.appendBatch(handshakeBatch(2, T0 + 10'000'000, 4));
    t.appendCall(SocketCall{T0 + offsetUs, CallSide::Client, call, QString(), false});
    QCOMPARE(t.callConnection(0), uint32_t(expected));
    const auto &steps = t.steps(expected);
    QVERIFY(std::any_of(steps.begin(), steps.end(), [](const TimelineStep &s) {
        return s.kind == TimelineStep::Kind::Call && s.index == 0;
    }));
    QVERIFY(t.steps(0).empty());
}

void TestTimeline::callsWaitForTheirConnection()
{
    // Live: listen() and connect() are logged before the capture delivers the SYN.
    Timeline t;
    t.appendCall(call(T0 - 5000, CallSide::Server, "listen"));
    t.appendCall(call(T0 - 20, CallSide::Client, "connect"));
    QCOMPARE(t.callConnection(0), 0u);
    QCOMPARE(describe(t, 0), (QStringList{"listen", "connect"}));
    t.appendBatch(handshakeBatch(1, T0, 1));
    QVERIFY(t.steps(0).empty());
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "#3"}));

    // A reconnection 60 s later: its connect() waits for its own SYN instead of joining #1.
    t.appendCall(call(T0 + 60'000'000, CallSide::Client, "connect"));
    QCOMPARE(t.callConnection(2), 0u);
    QCOMPARE(t.steps(1).size(), size_t(5));
    t.appendBatch(handshakeBatch(2, T0 + 60'000'050, 4));
    QCOMPARE(describe(t, 2), (QStringList{"connect", "#4", "#5", "#6"}));
}

void TestTimeline::defaultConnection()
{
    Timeline t;
    QCOMPARE(t.defaultConnectionId(), 0u);
    t.appendBatch(handshakeBatch(1, T0, 1));
    QCOMPARE(t.defaultConnectionId(), 1u);
    CaptureBatch midStream; // capture started after its handshake: no SYN seen
    midStream.segments.push_back(segment(2, 4, T0 + 500, Side::Client, TcpFlag::Ack));
    midStream.connections.push_back(connection(2, 40002, Handshake::None, false));
    t.appendBatch(midStream);
    QCOMPARE(t.defaultConnectionId(), 1u);
    t.appendBatch(handshakeBatch(3, T0 + 900, 5));
    QCOMPARE(t.defaultConnectionId(), 3u);

    Timeline noSyn;
    noSyn.appendBatch(midStream);
    QCOMPARE(noSyn.defaultConnectionId(), 2u);
}

void TestTimeline::stepsFollowChanges()
{
    Timeline t;
    t.appendBatch(handshakeBatch(1, T0, 1));
    QCOMPARE(t.steps(1).size(), size_t(3));
    t.appendCall(call(T0 + 150, CallSide::Client, "connect returns"));
    QCOMPARE(describe(t, 1), (QStringList{"#1", "#2", "connect returns", "#3"}));
    t.appendCall(call(T0 - 10, CallSide::Client, "connect")); // shifts every call index
    QCOMPARE(describe(t, 1), (QStringList{"connect", "#1", "#2", "connect returns", "#3"}));
    CaptureBatch more;
    more.segments.push_back(segment(1, 4, T0 + 400, Side::Client, TcpFlag::Fin | TcpFlag::Ack));
    more.connections.push_back(connection(1, 40001, Handshake::Complete));
    t.appendBatch(more);
    QCOMPARE(describe(t, 1), (QStringList{"connect", "#1", "#2", "connect returns", "#3", "#4"}));
}

void TestTimeline::clearEmpties()
{
    Timeline t;
    t.setSource({QStringLiteral("file"), QStringLiteral("x.pcap"), QStringLiteral("EN10MB"), QString()});
    t.appendBatch(handshakeBatch(1, T0, 1));
    t.appendCall(call(T0, CallSide::Client, "connect"));
    QSignalSpy spy(&t, &Timeline::changed);
    t.clear();
    QCOMPARE(spy.count(), 1);
    QVERIFY(t.segments().empty());
    QVERIFY(t.calls().empty());
    QVERIFY(t.connections().empty());
    QVERIFY(t.steps(1).empty());
    QVERIFY(t.steps(0).empty());
    QVERIFY(t.source().kind.isEmpty());
    t.appendBatch(handshakeBatch(1, T0, 1));
    QCOMPARE(t.steps(1).size(), size_t(3));
}

void TestTimeline::inferredCalls_data()
{
    QTest::addColumn<Script>("script");
    QTest::addColumn<QStringList>("expected"); // connection 1's steps: "#frame" or the call

    QTest::newRow("handshake, data, close from both sides")
        << Script{kHandshake[0], kHandshake[1], kHandshake[2],
                  {'c', PSH | ACK, St::Established, St::Established},
                  {'c', FIN | ACK, St::FinWait1, St::CloseWait},
                  {'s', ACK, St::FinWait2, St::CloseWait},
                  {'s', FIN | ACK, St::TimeWait, St::LastAck},
                  {'c', ACK, St::TimeWait, St::Closed}}
        << QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "accept returns", "#4",
                       "close", "#5", "#6", "close", "#7", "#8"};
    QTest::newRow("refused: RST answers the SYN")
        << Script{kHandshake[0], {'s', RST | ACK, St::Closed, St::Closed}}
        << QStringList{"listen", "connect", "#1", "#2", "connect returns"};
    QTest::newRow("SYN sent again: one connect()")
        << Script{kHandshake[0], {'c', SYN, St::SynSent, St::SynRcvd, true}, kHandshake[1], kHandshake[2]}
        << QStringList{"listen", "connect", "#1", "#2", "#3", "connect returns", "#4", "accept returns"};
    QTest::newRow("a SYN+ACK that acks the wrong number: connect() waits for the right one")
        << Script{kHandshake[0], {'s', SYN | ACK, St::SynSent, St::SynRcvd}, kHandshake[1], kHandshake[2]}
        << QStringList{"listen", "connect", "#1", "#2", "#3", "connect returns", "#4", "accept returns"};
    QTest::newRow("capture began at the SYN+ACK")
        << Script{kHandshake[1], kHandshake[2]}
        << QStringList{"#1", "connect returns", "#2", "accept returns"};
    QTest::newRow("capture began mid-stream: only the close")
        << Script{{'c', PSH | ACK, St::Established, St::Established},
                  {'s', FIN | ACK, St::CloseWait, St::FinWait1}}
        << QStringList{"#1", "close", "#2"};
    QTest::newRow("FIN sent again: one close()")
        << Script{{'c', FIN | ACK, St::FinWait1, St::CloseWait},
                  {'c', FIN | ACK, St::FinWait1, St::CloseWait, true}}
        << QStringList{"close", "#1", "#2"};
    QTest::newRow("aborted with RST: no close() inferred")
        << Script{kHandshake[0], kHandshake[1], kHandshake[2], {'c', RST | ACK, St::Closed, St::Closed}}
        << QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "accept returns", "#4"};
}

void TestTimeline::inferredCalls()
{
    QFETCH(Script, script);
    QFETCH(QStringList, expected);
    Timeline t;
    t.setSource(fileSource());
    t.appendBatch(scriptBatch(script));
    QCOMPARE(describe(t, 1), expected);
    QVERIFY(t.steps(0).empty());
    QVERIFY(t.calls().empty()); // nothing was logged: every call is inferred, on connection 1
    const std::vector<SocketCall> all = t.allCalls();
    for (const SocketCall &c : all)
        QVERIFY(c.inferred);
    for (const TimelineStep &step : t.steps(1))
        QCOMPARE(step.isInferredCall(), step.kind == TimelineStep::Kind::Call);
    QCOMPARE(qsizetype(all.size()), expected.size() - qsizetype(t.segmentIndices(1).size()));
    QCOMPARE(t.hasInferredCalls(), !all.empty());
}

void TestTimeline::inferredCallsDescribeTheirSide()
{
    Timeline t;
    t.setSource(fileSource());
    t.appendBatch(scriptBatch({kHandshake[0], kHandshake[1], kHandshake[2],
                               {'s', FIN | ACK, St::CloseWait, St::FinWait1}}));
    QStringList got;
    const std::vector<SocketCall> calls = t.allCalls();
    for (const SocketCall &c : calls)
        got << QStringLiteral("%1 %2 [%3]").arg(c.side == CallSide::Client ? "client" : "server", c.call, c.detail);
    QCOMPARE(got, (QStringList{"server listen [127.0.0.1:6666]", "client connect [127.0.0.1:6666]",
                               "client connect returns [127.0.0.1:40001 → 127.0.0.1:6666]",
                               "server accept returns [127.0.0.1:40001]", "server close [127.0.0.1:40001]"}));
    // Each at the timestamp of the segment that shows it.
    QCOMPARE(calls[0].timeUs, T0);
    QCOMPARE(calls[2].timeUs, T0 + 100);
    QCOMPARE(calls[3].timeUs, T0 + 200);
    QCOMPARE(calls[4].timeUs, T0 + 300);

    Timeline refused;
    refused.setSource(fileSource());
    refused.appendBatch(scriptBatch({kHandshake[0], {'s', RST | ACK, St::Closed, St::Closed}}));
    const SocketCall last = refused.allCalls().back();
    QCOMPARE(last.call, QStringLiteral("connect returns"));
    QVERIFY2(last.detail.contains(QLatin1String("refused")), qPrintable(last.detail));
}

void TestTimeline::inferredCallsStayOnTheirConnection()
{
    // Two handshakes interleaved 10 µs apart: the time rule alone would give both connections'
    // calls to one of them.
    Timeline t;
    t.setSource(fileSource());
    CaptureBatch a = scriptBatch(kHandshake, 1, T0, 1);
    CaptureBatch b = scriptBatch(kHandshake, 2, T0 + 10, 4);
    CaptureBatch both;
    for (size_t i = 0; i < 3; ++i) {
        both.segments.push_back(a.segments[i]);
        both.segments.push_back(b.segments[i]);
    }
    both.connections = {a.connections[0], b.connections[0]};
    t.appendBatch(both);
    const QStringList each{"listen", "connect", "#", "#", "connect returns", "#", "accept returns"};
    for (uint32_t id : {1u, 2u}) {
        QStringList got = describe(t, id);
        for (QString &step : got)
            if (step.startsWith(QLatin1Char('#')))
                step = QStringLiteral("#");
        QCOMPARE(got, each);
    }
    for (uint32_t id : {1u, 2u}) {
        const QString client = QStringLiteral("127.0.0.1:4000%1").arg(id);
        for (const TimelineStep &step : t.steps(id)) {
            const SocketCall c = t.call(step);
            if (c.call == u"accept returns")
                QCOMPARE(c.detail, client);
        }
    }
}

void TestTimeline::inferredAcrossBatches()
{
    // A file's batches cut a connection anywhere: the inference carries over.
    Timeline t;
    t.setSource(fileSource());
    t.appendBatch(scriptBatch({kHandshake[0]}, 1, T0, 1));
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1"}));
    t.appendBatch(scriptBatch({kHandshake[1], kHandshake[2]}, 1, T0 + 100, 2));
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "accept returns"}));
}

void TestTimeline::liveCallsAreNotInferred()
{
    Timeline t;
    t.setSource({QStringLiteral("live"), QStringLiteral("lo"), QStringLiteral("EN10MB"), QStringLiteral("tcp port 6666")});
    t.appendBatch(scriptBatch(kHandshake));
    QVERIFY(t.calls().empty());
    QVERIFY(!t.hasInferredCalls());
    QCOMPARE(describe(t, 1), (QStringList{"#1", "#2", "#3"}));
}

// Timestamps are often coarse: calls inferred at the same time come in the order of the segments
// that showed them (capture order), not grouped by connection. Connection 1's FIN (frame 5) comes
// after connection 2's SYN (frame 4), both at T0 + 300.
void TestTimeline::inferredCallsAtTheSameTimeKeepCaptureOrder()
{
    Timeline t;
    t.setSource(fileSource());
    CaptureBatch first = scriptBatch(kHandshake, 1, T0, 1);
    CaptureBatch second = scriptBatch({{'c', SYN, St::SynSent, St::SynRcvd}}, 2, T0 + 300, 4);
    CaptureBatch fin = scriptBatch({{'c', FIN | ACK, St::FinWait1, St::CloseWait}}, 1, T0 + 300, 5);
    CaptureBatch all;
    for (const CaptureBatch *b : {&first, &second, &fin})
        all.segments.insert(all.segments.end(), b->segments.begin(), b->segments.end());
    all.connections = {first.connections[0], second.connections[0]};
    t.appendBatch(all);

    QStringList got;
    for (const SocketCall &c : t.allCalls())
        got << QStringLiteral("%1 %2 +%3").arg(c.call, c.detail).arg(c.timeUs - T0);
    QCOMPARE(got, (QStringList{"listen 127.0.0.1:6666 +0", "connect 127.0.0.1:6666 +0",
                               "connect returns 127.0.0.1:40001 → 127.0.0.1:6666 +100",
                               "accept returns 127.0.0.1:40001 +200",
                               "listen 127.0.0.1:6666 +300", "connect 127.0.0.1:6666 +300",
                               "close 127.0.0.1:6666 +300"}));
    // Each ladder has its own, in the same order.
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3",
                                           "accept returns", "close", "#5"}));
    QCOMPARE(describe(t, 2), (QStringList{"listen", "connect", "#4"}));
}

QTEST_APPLESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
