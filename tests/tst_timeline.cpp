// The GUI-thread model: batches merge, calls go on the connection their socket has (never by
// time), steps come in causal order, and states are only what the packets or our sockets prove.
// Segments come from the real ConnectionTracker fed with packets built here.
#include "Timeline.h"

#include "Explanation.h"

#include "CallSupport.h"

#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <limits>
#include <set>

using namespace hv;
using hvtest::connectedCall;
using hvtest::listenerCall;
using hvtest::loopback;

namespace {

constexpr int64_t T0 = 1764170000000000;
constexpr uint16_t SYN = TcpFlag::Syn, ACK = TcpFlag::Ack, FIN = TcpFlag::Fin, RST = TcpFlag::Rst, PSH = TcpFlag::Psh;
constexpr uint32_t CI = 1000, SI = 5000; // the ISNs of every client and server here

// Packets through the real tracker, handed over as the capture thread would: batches with the
// snapshots of the connections they touched and the tracker's revisions.
class FakeCapture {
public:
    void packet(const Endpoint &src, const Endpoint &dst, uint16_t flags, uint32_t seq, uint32_t ack, int64_t timeUs,
                uint32_t len = 0, IpLength ipLength = IpLength::Header)
    {
        TcpPacket p;
        p.ipLength = ipLength;
        p.src = src;
        p.dst = dst;
        p.flags = flags;
        p.seq = seq;
        p.ack = ack;
        p.payloadLen = len;
        p.window = 65495;
        const Segment s = tracker_.track(++frame_, timeUs, p);
        pending_.segments.push_back(s);
        touched_.insert(s.connection);
    }
    CaptureBatch take()
    {
        for (uint32_t id : touched_)
            pending_.connections.push_back(tracker_.connection(id));
        touched_.clear();
        pending_.revisions = tracker_.takeRevisions();
        pending_.counts.total = pending_.counts.tcp = frame_;
        return std::exchange(pending_, {});
    }
    uint32_t frames() const { return frame_; }

private:
    ConnectionTracker tracker_;
    uint32_t frame_ = 0;
    CaptureBatch pending_;
    std::set<uint32_t> touched_;
};

// SYN, SYN+ACK, ACK, 100 µs apart from t0.
void handshake(FakeCapture &cap, const Endpoint &client, const Endpoint &server, int64_t t0)
{
    cap.packet(client, server, SYN, CI, 0, t0);
    cap.packet(server, client, SYN | ACK, SI, CI + 1, t0 + 100);
    cap.packet(client, server, ACK, CI + 1, SI + 1, t0 + 200);
}

SourceInfo liveSource()
{
    return {QStringLiteral("live"), QStringLiteral("lo"), QStringLiteral("EN10MB"), QStringLiteral("tcp port 6666"), {}, {}};
}

SourceInfo fileSource()
{
    return {QStringLiteral("file"), QStringLiteral("x.pcap"), QStringLiteral("EN10MB"), QString(), {}, {}};
}

// A connection's ladder: "#frame" for a segment, the call's name otherwise.
QStringList describe(const Timeline &t, uint32_t id)
{
    QStringList out;
    for (const TimelineStep &s : t.steps(id)) {
        if (s.kind == TimelineStep::Kind::Segment)
            out << QStringLiteral("#%1").arg(t.segments()[s.index].frame);
        else
            out << QString::fromLatin1(callName(t.call(s).kind));
    }
    return out;
}

// The server's listening socket 1 on 127.0.0.1:6666: socket(), bind(), listen().
void listenOn(Timeline &t, int64_t timeUs, uint32_t socket = 1, uint16_t port = 6666)
{
    t.appendCall(listenerCall(CallKind::Socket, timeUs, socket, loopback(port)));
    t.appendCall(listenerCall(CallKind::Bind, timeUs, socket, loopback(port)));
    t.appendCall(listenerCall(CallKind::Listen, timeUs, socket, loopback(port), 50));
}

// Our client's socket(): no address yet; then connect() with both ends.
void connectFrom(Timeline &t, int64_t timeUs, uint32_t socket, uint16_t clientPort, uint16_t serverPort = 6666)
{
    SocketCall s;
    s.kind = CallKind::Socket;
    s.side = CallSide::Client;
    s.socket = socket;
    s.timeUs = timeUs - 10;
    t.appendCall(s);
    t.appendCall(connectedCall(CallKind::Connect, CallSide::Client, timeUs, socket, loopback(clientPort), loopback(serverPort)));
}

std::vector<SocketCall> callsOn(const Timeline &t, uint32_t id)
{
    std::vector<SocketCall> out;
    for (const TimelineStep &s : t.steps(id))
        if (s.kind == TimelineStep::Kind::Call)
            out.push_back(t.call(s));
    return out;
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void anomalyRemarkKeepsTheExplanation();
    void batchesMerge();
    void stepsOnScreenStayWhereTheyAre();
    void snapshotsReplacedById();
    void gapsInIds();
    void explanationsOfALongConnection();
    void errorsAccumulateCountsReplace();
    void callsKeptInTheOrderLogged();
    void callsGoToTheirSocketsConnection();
    void listenerCallsOnlyOnItsConnections();
    void secondListenerLeavesOldLaddersAlone();
    void callsWaitForTheirConnection();
    void looseLadderReadsOnlyWhatMayBeLoose();
    void wildcardListenerTakesOnlyItsOwn();
    void acceptedSocketWithoutItsHandshake();
    void listenerOpenWhenTheSynCame();
    void onlyUnansweredSynsAreListen();
    void causalOrder();
    void stepsContinueWhereTheyWere();
    void listenerCloseBeforeTheResetsItCauses();
    void refusedConnectReturnsAfterTheRst();
    void resetRecvAfterTheRst();
    void refusedServerWasClosedAllAlong();
    void unansweredSynProvesNothing();
    void unansweredSynIsListenWhereWeListen();
    void droppedFinalAckIsRevised();
    void updatesNameWhatChanged();
    void revisionOnlyWhenNotAppended();
    void defaultConnection();
    void clearEmpties();
    void heldChangesWaitForTheRelease();
    void inferredCalls_data();
    void inferredCalls();
    void inferredCallsDescribeTheirSide();
    void inferredCallsStayOnTheirConnection();
    void inferredAcrossBatches();
    void liveCallsAreNotInferred();
    void inferredCallsAtTheSameTimeKeepCaptureOrder();
};

void TestTimeline::batchesMerge()
{
    Timeline t;
    QSignalSpy spy(&t, &Timeline::updated);
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    cap.packet(loopback(40001), loopback(6666), PSH | ACK, CI + 1, SI + 1, T0 + 300, 5);
    t.appendBatch(cap.take());
    QCOMPARE(spy.count(), 2);
    QCOMPARE(t.segments().size(), size_t(4));
    for (uint32_t i = 0; i < 4; ++i)
        QCOMPARE(t.segments()[i].frame, i + 1);
    QCOMPARE(t.segmentIndices(1), (std::vector<uint32_t>{0, 1, 2, 3}));
    QCOMPARE(t.steps(1).size(), size_t(4));
}

// The ladder and the stepper read steps(id) where it is: connections that come later, and
// steps asked for them, must not move the vector they hold.
void TestTimeline::stepsOnScreenStayWhereTheyAre()
{
    Timeline t;
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    const std::vector<TimelineStep> *onScreen = &t.steps(1);
    QCOMPARE(onScreen->size(), size_t(3));
    for (uint16_t i = 0; i < 300; ++i) {
        handshake(cap, loopback(uint16_t(41000 + i)), loopback(6666), T0 + 1000 * (i + 1));
        t.appendBatch(cap.take());
        QCOMPARE(t.steps(i + 2u).size(), size_t(3)); // grows the table of steps
    }
    cap.packet(loopback(40001), loopback(6666), PSH | ACK, CI + 1, SI + 1, T0 + 400000, 5);
    t.appendBatch(cap.take());
    QCOMPARE(&t.steps(1), onScreen);
    QCOMPARE(onScreen->size(), size_t(4));
    QCOMPARE(t.segments()[onScreen->back().index].len, 5u);
}

void TestTimeline::snapshotsReplacedById()
{
    Timeline t;
    FakeCapture cap;
    cap.packet(loopback(40001), loopback(6666), SYN, CI, 0, T0);
    t.appendBatch(cap.take());
    QCOMPARE(t.connection(1)->handshake, Handshake::Partial);
    cap.packet(loopback(6666), loopback(40001), SYN | ACK, SI, CI + 1, T0 + 1);
    cap.packet(loopback(40001), loopback(6666), ACK, CI + 1, SI + 1, T0 + 2);
    cap.packet(loopback(40002), loopback(6666), SYN, CI, 0, T0 + 3);
    t.appendBatch(cap.take());
    QCOMPARE(t.connections().size(), size_t(2));
    QCOMPARE(t.connection(1)->handshake, Handshake::Complete);
    QCOMPARE(t.connection(1)->segmentCount, 3u);
    QCOMPARE(t.connection(2)->client.port, uint16_t(40002));
    QCOMPARE(t.segmentIndices(2), (std::vector<uint32_t>{3}));
}

void TestTimeline::gapsInIds()
{
    Timeline t;
    CaptureBatch b;
    Segment s;
    s.connection = 3;
    s.frame = 7;
    s.timeUs = T0;
    s.flags = SYN;
    b.segments.push_back(s);
    Connection c;
    c.id = 3;
    c.sawSyn = true;
    b.connections.push_back(c);
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
    QCOMPARE(t.connectionsWithSegments(), std::vector<uint32_t>{3});

    // Segments of #5 before its snapshot, then #4 whole, then #5's snapshot: listed in id order,
    // each once it has both.
    CaptureBatch early;
    s.connection = 5;
    s.frame = 8;
    early.segments.push_back(s);
    t.appendBatch(early);
    QCOMPARE(t.connectionsWithSegments(), std::vector<uint32_t>{3});
    CaptureBatch four;
    s.connection = 4;
    s.frame = 9;
    four.segments.push_back(s);
    c.id = 4;
    four.connections.push_back(c);
    t.appendBatch(four);
    QCOMPARE(t.connectionsWithSegments(), (std::vector<uint32_t>{3, 4}));
    CaptureBatch late;
    c.id = 5;
    late.connections.push_back(c);
    t.appendBatch(late);
    QCOMPARE(t.connectionsWithSegments(), (std::vector<uint32_t>{3, 4, 5}));
    t.clear();
    QVERIFY(t.connectionsWithSegments().empty());
}

// A remark (IPv6 payload length 0, from a BIG TCP super-packet) is said first, and the data is
// still explained as data; a nonsense segment is explained as nonsense only.
void TestTimeline::anomalyRemarkKeepsTheExplanation()
{
    IpAddress one;
    one.v6 = true;
    one.bytes[15] = 1;
    const Endpoint client{one, 46728}, server{one, 6666};
    FakeCapture cap;
    handshake(cap, client, server, T0);
    cap.packet(client, server, ACK, CI + 1, SI + 1, T0 + 300, 196000, IpLength::Frame);
    cap.packet(client, server, SYN | FIN, CI + 1, 0, T0 + 400);
    Timeline t;
    t.setSource(fileSource());
    t.appendBatch(cap.take());
    auto explain = [&](uint32_t frame) {
        for (const TimelineStep &step : t.steps(1))
            if (step.kind == TimelineStep::Kind::Segment && t.segments()[step.index].frame == frame)
                return explainStep(t, 1, step);
        return StepExplanation{};
    };
    const StepExplanation big = explain(4);
    QVERIFY(big.warning);
    QCOMPARE(big.title, QStringLiteral("Data: 196000 bytes from the client to the server"));
    QVERIFY2(big.paragraphs.value(0).startsWith(QStringLiteral("The IPv6 payload length is 0 and there is no Jumbo Payload option")),
             qPrintable(big.paragraphs.join(QLatin1Char('\n'))));
    QVERIFY(big.paragraphs.filter(QStringLiteral("send() handed the bytes")).size() == 1);
    const StepExplanation odd = explain(5);
    QVERIFY(odd.warning);
    QVERIFY2(odd.title.startsWith(QStringLiteral("Anomaly: ")), qPrintable(odd.title));
    QVERIFY(odd.paragraphs.filter(QStringLiteral("changes no TCP state")).size() == 1);
}

// The FINs an explanation answers are found wherever they are, after any amount of data; the
// data an ACK confirms is looked for among the recent segments only.
void TestTimeline::explanationsOfALongConnection()
{
    const Endpoint client = loopback(40001), server = loopback(6666);
    FakeCapture cap;
    handshake(cap, client, server, T0);
    constexpr uint32_t kData = 100000, kLen = 10;
    for (uint32_t i = 0; i < kData; ++i)
        cap.packet(client, server, PSH | ACK, CI + 1 + i * kLen, SI + 1, T0 + 1000 + i, kLen);
    const uint32_t end = CI + 1 + kData * kLen;
    cap.packet(server, client, ACK, SI + 1, end, T0 + 200000);                 // the data, at last
    cap.packet(client, server, FIN | ACK, end, SI + 1, T0 + 200100);           // the client closes
    cap.packet(client, server, FIN | ACK, end, SI + 1, T0 + 400100);           // and sends it again
    cap.packet(server, client, ACK, SI + 1, end + 1, T0 + 400200);             // half closed
    cap.packet(server, client, FIN | ACK, SI + 1, end + 1, T0 + 500000);       // the server closes
    cap.packet(client, server, ACK, end + 1, SI + 2, T0 + 500100);             // the last ACK
    Timeline t;
    t.setSource(fileSource());
    t.appendBatch(cap.take());
    const uint32_t first = 3 + kData + 1; // frame of the server's ACK of all the data
    auto explain = [&](uint32_t frame) {
        const std::vector<TimelineStep> &steps = t.steps(1);
        for (size_t k = steps.size(); k-- > 0;)
            if (steps[k].kind == TimelineStep::Kind::Segment && t.segments()[steps[k].index].frame == frame)
                return explainStep(t, 1, steps[k]);
        return StepExplanation{};
    };
    QCOMPARE(explain(first).title, QStringLiteral("ACK: the server confirms the data"));
    QCOMPARE(explain(first + 3).title, QStringLiteral("ACK of the FIN: the connection is half closed"));
    QCOMPARE(explain(first + 5).title, QStringLiteral("ACK: the last ACK; the client waits in TIME_WAIT"));
    // An ACK of data sent more than 65536 segments before claims nothing about which data.
    cap.packet(server, client, ACK, SI + 2, CI + 1 + kLen, T0 + 600000);
    t.appendBatch(cap.take());
    QVERIFY(explain(first + 6).title != QStringLiteral("ACK: the server confirms the data"));
}

void TestTimeline::errorsAccumulateCountsReplace()
{
    Timeline t;
    CaptureBatch a;
    a.errors.push_back({3, QStringLiteral("truncated"), QStringLiteral("snaplen")});
    a.counts = {10, 8, 1, 0, 1, 3, 0, std::nullopt};
    CaptureBatch b;
    b.errors.push_back({9, QStringLiteral("malformed"), QStringLiteral("data offset 3 < 5")});
    b.counts = {20, 17, 1, 1, 1, 7, 2, std::nullopt};
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
    // Drops are running totals as well, kept as numbers.
    QCOMPARE(t.counts().dropped, std::optional<uint64_t>(7));
    QCOMPARE(t.counts().ifDropped, std::optional<uint64_t>(2));
}

void TestTimeline::callsKeptInTheOrderLogged()
{
    // calls() keeps each call's index for good (steps name calls by it); allCalls() is by time.
    Timeline t;
    t.appendCall(listenerCall(CallKind::Listen, T0 + 10, 1, loopback(6666), 50));
    t.appendCall(listenerCall(CallKind::Close, T0 + 90, 1, loopback(6666)));
    t.appendCall(listenerCall(CallKind::Socket, T0 + 5, 2, loopback(7000)));
    QCOMPARE(t.calls().size(), size_t(3));
    QCOMPARE(t.calls()[0].kind, CallKind::Listen);
    QCOMPARE(t.calls()[2].kind, CallKind::Socket);
    const std::vector<Timeline::PlacedCall> all = t.allCalls();
    QCOMPARE(all.size(), size_t(3));
    QCOMPARE(all[0].call.kind, CallKind::Socket);
    QCOMPARE(all[1].call.kind, CallKind::Listen);
    QCOMPARE(all[2].call.kind, CallKind::Close);
    for (const auto &p : all)
        QCOMPARE(p.connection, 0u);
}

void TestTimeline::callsGoToTheirSocketsConnection()
{
    // Three students on our server, interleaved to the microsecond, each sending its own length;
    // our server answers each. Each ladder holds exactly its own calls.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    FakeCapture cap;
    const Endpoint server = loopback(6666);
    const uint16_t ports[3] = {40001, 40002, 40003};
    for (int i = 0; i < 3; ++i)
        connectFrom(t, T0 - 100 + i, uint32_t(10 + i), ports[i]);
    for (int i = 0; i < 3; ++i)
        cap.packet(loopback(ports[i]), server, SYN, CI, 0, T0 + i);
    for (int i = 0; i < 3; ++i)
        cap.packet(server, loopback(ports[i]), SYN | ACK, SI, CI + 1, T0 + 10 + i);
    for (int i = 0; i < 3; ++i)
        cap.packet(loopback(ports[i]), server, ACK, CI + 1, SI + 1, T0 + 20 + i);
    t.appendBatch(cap.take());
    for (int i = 0; i < 3; ++i) {
        t.appendCall(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 30 + i, uint32_t(10 + i), loopback(ports[i]), server));
        t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 40 + i, uint32_t(20 + i), server, loopback(ports[i]), -1, 1));
    }
    // Client i sends i + 1 bytes, the server reads them and answers with 10 + i.
    for (int i = 0; i < 3; ++i) {
        const auto n = uint32_t(i + 1), m = uint32_t(10 + i);
        t.appendCall(connectedCall(CallKind::Send, CallSide::Client, T0 + 100 + i, uint32_t(10 + i), loopback(ports[i]), server, n));
        cap.packet(loopback(ports[i]), server, PSH | ACK, CI + 1, SI + 1, T0 + 110 + i, n);
        cap.packet(server, loopback(ports[i]), ACK, SI + 1, CI + 1 + n, T0 + 120 + i);
        t.appendBatch(cap.take());
        t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, T0 + 130 + i, uint32_t(20 + i), server, loopback(ports[i]), n));
        t.appendCall(connectedCall(CallKind::Send, CallSide::Server, T0 + 140 + i, uint32_t(20 + i), server, loopback(ports[i]), m));
    }
    // A fourth client talks to someone else's server (nc -l 7000): its own calls only.
    connectFrom(t, T0 + 200, 13, 40004, 7000);
    handshake(cap, loopback(40004), loopback(7000), T0 + 210);
    t.appendBatch(cap.take());

    for (uint32_t id = 1; id <= 3; ++id) {
        const int i = int(id) - 1;
        int sends = 0, recvs = 0;
        for (const SocketCall &c : callsOn(t, id)) {
            QVERIFY2(c.socket == 1 || c.socket == uint32_t(10 + i) || c.socket == uint32_t(20 + i),
                     qPrintable(QStringLiteral("connection %1 holds a call of socket %2").arg(id).arg(c.socket)));
            if (c.kind == CallKind::Send) {
                ++sends;
                QCOMPARE(c.bytes, c.side == CallSide::Client ? int64_t(i + 1) : int64_t(10 + i));
            }
            if (c.kind == CallKind::Recv) {
                ++recvs;
                QCOMPARE(c.bytes, int64_t(i + 1));
            }
        }
        QCOMPARE(sends, 2);
        QCOMPARE(recvs, 1);
        QCOMPARE(describe(t, id).mid(0, 5), (QStringList{"socket", "bind", "listen", "socket", "connect"}));
    }
    QCOMPARE(describe(t, 4), (QStringList{"socket", "connect", "#16", "#17", "#18"}));
    QVERIFY(t.steps(0).empty());
    // JSON's "connection": the socket's, never a listener's.
    for (const Timeline::PlacedCall &p : t.allCalls())
        QCOMPARE(p.connection, p.call.socket == 1 ? 0u : p.call.socket >= 20 ? p.call.socket - 19 : p.call.socket - 9);
}

void TestTimeline::listenerCallsOnlyOnItsConnections()
{
    // A SYN to our port before we listened, and one to another port: neither is the listener's.
    Timeline t;
    t.setSource(liveSource());
    FakeCapture cap;
    cap.packet(loopback(40001), loopback(6666), SYN, CI, 0, T0 - 10000);
    cap.packet(loopback(6666), loopback(40001), RST | ACK, 0, CI + 1, T0 - 9990);
    t.appendBatch(cap.take());
    listenOn(t, T0 - 5000);
    handshake(cap, loopback(40002), loopback(7000), T0);
    handshake(cap, loopback(40003), loopback(6666), T0 + 1000);
    t.appendBatch(cap.take());
    QCOMPARE(describe(t, 1), (QStringList{"#1", "#2"}));
    QCOMPARE(describe(t, 2), (QStringList{"#3", "#4", "#5"}));
    QCOMPARE(describe(t, 3), (QStringList{"socket", "bind", "listen", "#6", "#7", "#8"}));
    QVERIFY(t.reachedOurListener(3));
    QVERIFY(!t.reachedOurListener(2));
    QVERIFY(!t.reachedOurListener(1));
}

void TestTimeline::secondListenerLeavesOldLaddersAlone()
{
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 300, 20, loopback(6666), loopback(40001), -1, 1));
    const QStringList before = describe(t, 1);
    const uint64_t revision = t.stepsRevision(1);

    // Stop (the accepted connection is ours: the listener's close is not on it), start again on
    // another port and on the same one.
    t.appendCall(listenerCall(CallKind::Close, T0 + 10000, 1, loopback(6666)));
    listenOn(t, T0 + 20000, 2, 6667);
    listenOn(t, T0 + 20000, 3, 6666);
    handshake(cap, loopback(40002), loopback(6667), T0 + 30000);
    handshake(cap, loopback(40003), loopback(6666), T0 + 40000);
    t.appendBatch(cap.take());
    QCOMPARE(describe(t, 1), before);
    QCOMPARE(t.stepsRevision(1), revision);
    for (uint32_t id : {2u, 3u}) {
        const std::vector<SocketCall> calls = callsOn(t, id);
        QCOMPARE(calls.size(), size_t(3));
        for (const SocketCall &c : calls)
            QCOMPARE(c.socket, id);
    }
    QCOMPARE(t.steps(0).size(), size_t(1)); // the first listener's close, on nobody's ladder
}

void TestTimeline::callsWaitForTheirConnection()
{
    // Live: socket() and connect() are logged before the capture delivers the SYN.
    Timeline t;
    t.setSource(liveSource());
    connectFrom(t, T0 - 20, 10, 40001);
    QCOMPARE(describe(t, 0), (QStringList{"socket", "connect"}));
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    // The whole conversation, to TIME_WAIT.
    cap.packet(loopback(40001), loopback(6666), FIN | ACK, CI + 1, SI + 1, T0 + 300);
    cap.packet(loopback(6666), loopback(40001), FIN | ACK, SI + 1, CI + 2, T0 + 400);
    cap.packet(loopback(40001), loopback(6666), ACK, CI + 2, SI + 2, T0 + 500);
    t.appendBatch(cap.take());
    QVERIFY(t.steps(0).empty());
    QCOMPARE(describe(t, 1).mid(0, 3), (QStringList{"socket", "connect", "#1"}));

    // The kernel may give the next connect() the same port at once (loopback reuses TIME_WAIT
    // tuples): its calls wait for their own SYN instead of joining #1.
    connectFrom(t, T0 + 60'000'000, 11, 40001);
    QCOMPARE(describe(t, 0), (QStringList{"socket", "connect"}));
    const size_t before = t.steps(1).size();
    cap.packet(loopback(40001), loopback(6666), SYN, CI + 77777, 0, T0 + 60'000'050);
    t.appendBatch(cap.take());
    QCOMPARE(t.connections().size(), size_t(2));
    QCOMPARE(t.steps(1).size(), before);
    QCOMPARE(describe(t, 2), (QStringList{"socket", "connect", "#7"}));
    QVERIFY(t.steps(0).empty());
}

// A class: 400 short connections to our server, each accept() logged before the capture delivers
// its handshake (as live), steps(0) read after every batch as the "all connections" view reads
// it. Each build of the loose ladder reads the calls that are or may still be loose (the
// listener's, those still waiting for their connection), never the whole log: the cost of a new
// batch does not grow with the session.
void TestTimeline::looseLadderReadsOnlyWhatMayBeLoose()
{
    Timeline t;
    t.setSource(liveSource());
    // A call that stays loose for good: a connect() to a port the capture never covered.
    connectFrom(t, T0 - 20000, 5, 39999, 9999);
    listenOn(t, T0 - 10000);
    QCOMPARE(describe(t, 0), (QStringList{"socket", "connect", "socket", "bind", "listen"}));
    FakeCapture cap;
    const Endpoint server = loopback(6666);
    constexpr int kConnections = 400;
    uint64_t readBefore = 0;
    for (int i = 0; i < kConnections; ++i) {
        const int64_t at = T0 + int64_t(i) * 40000;
        const Endpoint client = loopback(uint16_t(40000 + i));
        const auto socket = uint32_t(100 + i);
        t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, at + 300, socket, server, client, -1, 1));
        QVERIFY(!t.steps(0).empty()); // accept() waits there for its connection
        handshake(cap, client, server, at);
        cap.packet(client, server, PSH | ACK, CI + 1, SI + 1, at + 400, 9);
        t.appendBatch(cap.take());
        t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, at + 500, socket, server, client, 9));
        t.appendCall(connectedCall(CallKind::Send, CallSide::Server, at + 510, socket, server, client, 9));
        cap.packet(server, client, PSH | ACK, SI + 1, CI + 10, at + 520, 9);
        cap.packet(client, server, FIN | ACK, CI + 10, SI + 10, at + 600);
        t.appendBatch(cap.take());
        t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, at + 700, socket, server, client, 0));
        t.appendCall(connectedCall(CallKind::Close, CallSide::Server, at + 710, socket, server, client));
        cap.packet(server, client, FIN | ACK, SI + 10, CI + 11, at + 720);
        cap.packet(client, server, ACK, CI + 11, SI + 11, at + 800);
        t.appendBatch(cap.take());
        QCOMPARE(describe(t, 0), (QStringList{"socket", "connect"}));
        if (i == kConnections / 2)
            readBefore = t.looseCallsRead();
    }
    QCOMPARE(t.calls().size(), size_t(5 + 5 * kConnections));
    // The listener's three calls, the loose pair, and the accept() waiting: a few per build, and
    // at most a few builds per connection.
    const uint64_t perConnection = (t.looseCallsRead() - readBefore) / (kConnections - kConnections / 2 - 1);
    QVERIFY2(perConnection <= 30, qPrintable(QStringLiteral("%1 calls read per connection").arg(perConnection)));
    // And every ladder holds its own calls.
    QCOMPARE(describe(t, 1).mid(0, 7), (QStringList{"socket", "bind", "listen", "#1", "#2", "#3", "accept returns"}));
    QCOMPARE(callsOn(t, uint32_t(kConnections)).size(), size_t(3 + 5));
}

void TestTimeline::wildcardListenerTakesOnlyItsOwn()
{
    // Our server on 0.0.0.0:6666 and on [::]:6667 (IPv6 only, as Qt binds "::"); the client
    // talks to a classmate's server on port 6666 and to our [::] port over IPv4.
    Timeline t;
    t.setSource(liveSource());
    t.setLocalAddresses({IpAddress::v4(10, 0, 0, 1)});
    const Endpoint any4{IpAddress::v4(0, 0, 0, 0), 6666};
    Endpoint any6;
    any6.addr.v6 = true;
    any6.port = 6667;
    t.appendCall(listenerCall(CallKind::Listen, T0 - 5000, 1, any4, 50));
    t.appendCall(listenerCall(CallKind::Listen, T0 - 5000, 2, any6, 50));
    FakeCapture cap;
    const Endpoint me{IpAddress::v4(10, 0, 0, 1), 40001}, classmate{IpAddress::v4(10, 0, 0, 7), 6666};
    handshake(cap, me, classmate, T0);                                        // #1: someone else's
    handshake(cap, Endpoint{IpAddress::v4(10, 0, 0, 7), 40002}, Endpoint{IpAddress::v4(10, 0, 0, 1), 6666}, T0 + 1000); // #2: ours
    cap.packet(loopback(40003), loopback(6667), SYN, CI, 0, T0 + 2000);      // #3: IPv4 to a v6-only port
    cap.packet(loopback(6667), loopback(40003), RST | ACK, 0, CI + 1, T0 + 2010);
    t.appendBatch(cap.take());
    QVERIFY(!t.reachedOurListener(1));
    QVERIFY(t.reachedOurListener(2));
    QVERIFY(!t.reachedOurListener(3));
    QCOMPARE(t.initialServerState(3), TcpState::Closed);
    QCOMPARE(describe(t, 1), (QStringList{"#1", "#2", "#3"}));
    QCOMPARE(describe(t, 2).mid(0, 1), QStringList{"listen"});
}

void TestTimeline::acceptedSocketWithoutItsHandshake()
{
    // The capture covered the port a moment after the student connected: its first captured
    // segment is data, after accept() returned. accept() and recv() still go on its ladder.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0, 20, loopback(6666), loopback(40001), -1, 1));
    FakeCapture cap;
    cap.packet(loopback(40001), loopback(6666), PSH | ACK, CI + 1, SI + 1, T0 + 500, 4);
    t.appendBatch(cap.take());
    t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, T0 + 520, 20, loopback(6666), loopback(40001), 4));
    QVERIFY(t.steps(0).empty() || describe(t, 0).indexOf(QStringLiteral("accept returns")) < 0);
    QCOMPARE(describe(t, 1).mid(3), (QStringList{"accept returns", "#1", "recv"}));
}

void TestTimeline::listenerOpenWhenTheSynCame()
{
    // Listener A closes with a connection in its queue (the close resets it); B listens on the
    // same port 0.2 ms later. The reset belongs to A's ladder, not B's.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000, 1);
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    t.appendCall(listenerCall(CallKind::Close, T0 + 1000, 1, loopback(6666)));
    listenOn(t, T0 + 1200, 2);
    cap.packet(loopback(6666), loopback(40001), RST | ACK, SI + 1, CI + 1, T0 + 1001);
    t.appendBatch(cap.take());
    const QStringList steps = describe(t, 1);
    QCOMPARE(steps, (QStringList{"socket", "bind", "listen", "#1", "#2", "#3", "close", "#4"}));
    for (const SocketCall &c : callsOn(t, 1))
        QCOMPARE(c.socket, 1u);
}

void TestTimeline::onlyUnansweredSynsAreListen()
{
    // Our listener is there, but the first segment seen is the client's RST of a connection
    // whose start was not captured: that proves nothing of the server.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    FakeCapture cap;
    cap.packet(loopback(40001), loopback(6666), RST | ACK, CI + 1, SI + 1, T0);
    t.appendBatch(cap.take());
    QCOMPARE(t.segments()[0].serverState, TcpState::Unknown);
    QVERIFY(t.initialServerState(1) != TcpState::Listen);
}

// A live connection grows a batch at a time, with calls arriving before and after the segments
// they belong among. The steps built a batch at a time (continuing the last build) are exactly
// those built at once from everything; and what stepsUnchangedSince() promises about the steps
// of an earlier build holds.
void TestTimeline::stepsContinueWhereTheyWere()
{
    struct Op {
        bool isCall;
        SocketCall call;
        CaptureBatch batch;
    };
    std::vector<Op> ops;
    FakeCapture cap;
    const Endpoint c = loopback(40001), s = loopback(6666);
    auto call = [&](const SocketCall &x) { ops.push_back({true, x, {}}); };
    auto batch = [&] { ops.push_back({false, {}, cap.take()}); };
    call(listenerCall(CallKind::Socket, T0 - 5000, 1, s));
    call(listenerCall(CallKind::Listen, T0 - 5000, 1, s, 50));
    call(connectedCall(CallKind::Connect, CallSide::Client, T0 - 20, 10, c, s));
    handshake(cap, c, s, T0);
    batch();
    call(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 150, 10, c, s));
    call(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 300, 20, s, c, -1, 1));
    uint32_t seq = CI + 1;
    int64_t time = T0 + 1000;
    for (int round = 0; round < 80; ++round) {
        const int packets = 1 + round % 4;
        for (int k = 0; k < packets; ++k) {
            const uint32_t len = 10 + uint32_t(round * 7 + k);
            // Some recv() calls are logged before the capture delivers their data: they come
            // after every segment of then, and move among the new ones when these arrive.
            if ((round + k) % 3 == 0)
                call(connectedCall(CallKind::Recv, CallSide::Server, time + 5, 20, s, c, len));
            cap.packet(c, s, PSH | ACK, seq, SI + 1, time, len);
            seq += len;
            cap.packet(s, c, ACK, SI + 1, seq, time + 3);
            if ((round + k) % 3 == 1)
                call(connectedCall(CallKind::Recv, CallSide::Server, time + 4, 20, s, c, len));
            time += 10;
        }
        batch();
        if (round % 5 == 2)
            call(connectedCall(CallKind::Send, CallSide::Server, time - 1, 20, s, c, 3));
    }
    call(connectedCall(CallKind::Close, CallSide::Client, time + 50, 10, c, s));
    cap.packet(c, s, FIN | ACK, seq, SI + 1, time + 60);
    batch();

    Timeline t;
    t.setSource(liveSource());
    std::vector<TimelineStep> previous;
    uint64_t previousGeneration = 0;
    size_t checked = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].isCall)
            t.appendCall(ops[i].call);
        else
            t.appendBatch(ops[i].batch);
        const std::vector<TimelineStep> now = t.steps(1); // built on from the last build
        Timeline fresh;
        fresh.setSource(liveSource());
        for (size_t k = 0; k <= i; ++k) {
            if (ops[k].isCall)
                fresh.appendCall(ops[k].call);
            else
                fresh.appendBatch(ops[k].batch);
        }
        // Built without being kept (what exports use), before anything built them: the same.
        std::vector<TimelineStep> scratch;
        QVERIFY(fresh.stepsOnce(1, &scratch) == now);
        QVERIFY(!fresh.connection(1) || &fresh.stepsOnce(1, &scratch) == &scratch); // not kept
        QVERIFY(fresh.stepsOnce(0, &scratch) == t.steps(0));
        QVERIFY2(now == fresh.steps(1), qPrintable(QStringLiteral("after step %1:\n%2\nfresh:\n%3")
                                                        .arg(i)
                                                        .arg(describe(t, 1).join(u' '), describe(fresh, 1).join(u' '))));
        if (previousGeneration) {
            const size_t promised = t.stepsUnchangedSince(1, previousGeneration);
            const auto mismatch = std::mismatch(previous.begin(), previous.end(), now.begin(), now.end());
            const size_t common = size_t(mismatch.first - previous.begin());
            if (promised == std::numeric_limits<size_t>::max())
                QVERIFY2(common == previous.size(), qPrintable(QStringLiteral("step %1: said grown, changed at %2").arg(i).arg(common)));
            else
                QVERIFY2(promised <= common, qPrintable(QStringLiteral("step %1: promised %2, only %3 stayed").arg(i).arg(promised).arg(common)));
            ++checked;
        }
        previous = now;
        previousGeneration = t.stepsGeneration(1);
    }
    QVERIFY(checked > 100);
    // Every recv() found its place among the segments (none left at the end).
    QCOMPARE(describe(t, 1).last(), QStringLiteral("#%1").arg(cap.frames()));
}

void TestTimeline::causalOrder()
{
    // What the program noticed late is drawn where the kernel made it true.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    connectFrom(t, T0 - 20, 10, 40001);
    const Endpoint c = loopback(40001), s = loopback(6666);
    FakeCapture cap;
    handshake(cap, c, s, T0);
    t.appendBatch(cap.take());
    // accept() noticed before connect() returning was: the event loop's order, not the kernel's.
    t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 300, 20, s, c, -1, 1));
    t.appendCall(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 350, 10, c, s));
    t.appendCall(connectedCall(CallKind::Send, CallSide::Client, T0 + 400, 10, c, s, 5));
    cap.packet(c, s, PSH | ACK, CI + 1, SI + 1, T0 + 410, 5);
    cap.packet(s, c, ACK, SI + 1, CI + 6, T0 + 420);
    t.appendBatch(cap.take());
    t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, T0 + 430, 20, s, c, 5));
    t.appendCall(connectedCall(CallKind::Close, CallSide::Client, T0 + 500, 10, c, s));
    // recv() returning 0 is logged before the FIN's batch arrives.
    t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, T0 + 512, 20, s, c, 0));
    cap.packet(c, s, FIN | ACK, CI + 6, SI + 1, T0 + 510);
    cap.packet(s, c, ACK, SI + 1, CI + 7, T0 + 515);
    t.appendBatch(cap.take());
    t.appendCall(connectedCall(CallKind::Close, CallSide::Server, T0 + 530, 20, s, c));
    cap.packet(s, c, FIN | ACK, SI + 1, CI + 7, T0 + 540);
    cap.packet(c, s, ACK, CI + 7, SI + 2, T0 + 550);
    t.appendBatch(cap.take());

    QCOMPARE(describe(t, 1), (QStringList{"socket", "bind", "listen", "socket", "connect", "#1", "#2", "connect returns",
                                           "#3", "accept returns", "send", "#4", "#5", "recv", "close", "#6", "recv", "#7",
                                           "close", "#8", "#9"}));
    // connect() returning is drawn at the SYN+ACK; when the program saw it stays in the call.
    for (const TimelineStep &step : t.steps(1)) {
        if (step.kind != TimelineStep::Kind::Call)
            continue;
        const SocketCall call = t.call(step);
        if (call.kind == CallKind::ConnectReturns) {
            QCOMPARE(step.timeUs, T0 + 100);
            QCOMPARE(call.timeUs, T0 + 350);
        } else {
            QCOMPARE(step.timeUs, call.timeUs);
        }
    }
}

void TestTimeline::listenerCloseBeforeTheResetsItCauses()
{
    // Hold accept(), then Stop: the connection waiting in the queue is reset by the close.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    connectFrom(t, T0 - 20, 10, 40001);
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    t.appendCall(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 150, 10, loopback(40001), loopback(6666)));
    t.appendCall(listenerCall(CallKind::Close, T0 + 1000, 1, loopback(6666)));
    cap.packet(loopback(6666), loopback(40001), RST | ACK, SI + 1, CI + 1, T0 + 1000);
    t.appendBatch(cap.take());
    QCOMPARE(describe(t, 1), (QStringList{"socket", "bind", "listen", "socket", "connect", "#1", "#2", "connect returns",
                                           "#3", "close", "#4"}));
    QVERIFY(t.steps(0).empty());
    const Segment rst = t.segments()[3];
    QCOMPARE(rst.clientState, TcpState::Closed);
    QCOMPARE(rst.serverState, TcpState::Closed);
}

void TestTimeline::refusedConnectReturnsAfterTheRst()
{
    Timeline t;
    t.setSource(liveSource());
    connectFrom(t, T0 - 20, 10, 40001);
    SocketCall refused = connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 900, 10, loopback(40001), loopback(6666));
    refused.error = ECONNREFUSED;
    t.appendCall(refused);
    t.appendCall(connectedCall(CallKind::Close, CallSide::Client, T0 + 901, 10, loopback(40001), loopback(6666)));
    FakeCapture cap;
    cap.packet(loopback(40001), loopback(6666), SYN, CI, 0, T0);
    cap.packet(loopback(6666), loopback(40001), RST | ACK, 0, CI + 1, T0 + 15);
    t.appendBatch(cap.take());
    QCOMPARE(describe(t, 1), (QStringList{"socket", "connect", "#1", "#2", "connect returns", "close"}));
    QCOMPARE(t.steps(1)[4].timeUs, T0 + 15);
    QCOMPARE(t.connection(1)->handshake, Handshake::Refused);
    QCOMPARE(t.connection(1)->refusalFrame, 2u);
}

// The peer resets an open connection: recv() returning -1 ECONNRESET is what the RST made true,
// drawn after it even when the program's clock reads a little earlier than the capture's (as
// recv() returning 0 is drawn after the FIN), then the close().
void TestTimeline::resetRecvAfterTheRst()
{
    Timeline t;
    t.setSource(liveSource());
    connectFrom(t, T0 - 20, 10, 40001);
    const Endpoint c = loopback(40001), s = loopback(6666);
    FakeCapture cap;
    handshake(cap, c, s, T0);
    t.appendCall(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 150, 10, c, s));
    SocketCall reset = connectedCall(CallKind::Recv, CallSide::Client, T0 + 590, 10, c, s, -1);
    reset.error = ECONNRESET;
    t.appendCall(reset); // logged before the RST's batch came
    SocketCall close = connectedCall(CallKind::Close, CallSide::Client, T0 + 605, 10, c, s);
    close.connectionGone = true;
    t.appendCall(close);
    cap.packet(s, c, RST | ACK, SI + 1, CI + 1, T0 + 600);
    t.appendBatch(cap.take());
    QCOMPARE(describe(t, 1), (QStringList{"socket", "connect", "#1", "#2", "connect returns", "#3", "#4", "recv", "close"}));
    for (const TimelineStep &step : t.steps(1))
        if (step.kind == TimelineStep::Kind::Call && t.call(step).error == ECONNRESET)
            QCOMPARE(step.timeUs, T0 + 600); // drawn at the RST
}

void TestTimeline::refusedServerWasClosedAllAlong()
{
    // Live and from a file alike: the SYN's row is revised when the RST arrives, in a later batch.
    for (const SourceInfo &source : {liveSource(), fileSource()}) {
        Timeline t;
        t.setSource(source);
        FakeCapture cap;
        cap.packet(loopback(40001), loopback(6666), SYN, CI, 0, T0);
        t.appendBatch(cap.take());
        QCOMPARE(t.segments()[0].serverState, TcpState::Unknown); // nothing proven yet
        (void)t.steps(1);
        const uint64_t revision = t.stepsRevision(1);
        cap.packet(loopback(6666), loopback(40001), RST | ACK, 0, CI + 1, T0 + 15);
        t.appendBatch(cap.take());
        QCOMPARE(t.initialServerState(1), TcpState::Closed);
        QCOMPARE(t.initialClientState(1), TcpState::Closed);
        for (size_t i = 0; i < t.segments().size(); ++i)
            QCOMPARE(t.segments()[i].serverState, TcpState::Closed);
        QVERIFY(t.stepsRevision(1) != revision); // the SYN's row was drawn: it is drawn again
    }
}

void TestTimeline::unansweredSynProvesNothing()
{
    // A file: SYNs the server never answered (+1 s, +3 s: a full accept queue), then one it did.
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    const Endpoint c = loopback(40001), s = loopback(6666);
    cap.packet(c, s, SYN, CI, 0, T0);
    cap.packet(c, s, SYN, CI, 0, T0 + 1'000'000);
    t.appendBatch(cap.take());
    cap.packet(c, s, SYN, CI, 0, T0 + 3'000'000);
    cap.packet(s, c, SYN | ACK, SI, CI + 1, T0 + 3'000'100);
    cap.packet(c, s, ACK, CI + 1, SI + 1, T0 + 3'000'200);
    t.appendBatch(cap.take());
    QCOMPARE(t.segments()[0].serverState, TcpState::Unknown);
    QCOMPARE(t.segments()[1].serverState, TcpState::Unknown);
    QCOMPARE(t.segments()[2].serverState, TcpState::SynRcvd);
    QVERIFY(t.segments()[1].retransmission);
    // The SYN+ACK answered a later copy: of the server before the first SYN nothing is proven.
    QCOMPARE(t.initialServerState(1), TcpState::Unknown);
    for (uint32_t i = 0; i < 2; ++i)
        QCOMPARE(t.segments()[i].clientState, TcpState::SynSent);
    // Never answered at all: nothing is claimed of the server, not even LISTEN.
    Timeline never;
    never.setSource(fileSource());
    FakeCapture cap2;
    cap2.packet(c, s, SYN, CI, 0, T0);
    cap2.packet(c, s, SYN, CI, 0, T0 + 1'000'000);
    never.appendBatch(cap2.take());
    QCOMPARE(never.initialServerState(1), TcpState::Unknown);
    QCOMPARE(never.segments()[1].serverState, TcpState::Unknown);
}

void TestTimeline::unansweredSynIsListenWhereWeListen()
{
    // Live, our listener on the port: the server never left LISTEN for a SYN it dropped.
    Timeline t;
    t.setSource(liveSource());
    listenOn(t, T0 - 5000);
    FakeCapture cap;
    const Endpoint c = loopback(40001), s = loopback(6666);
    cap.packet(c, s, SYN, CI, 0, T0);
    cap.packet(c, s, SYN, CI, 0, T0 + 1'000'000);
    t.appendBatch(cap.take());
    QCOMPARE(t.segments()[0].serverState, TcpState::Listen);
    QCOMPARE(t.segments()[1].serverState, TcpState::Listen);
    QCOMPARE(t.initialServerState(1), TcpState::Listen);
    for (size_t i = 0; i < t.segments().size(); ++i)
        QVERIFY(t.segments()[i].serverState != TcpState::SynRcvd);
}

void TestTimeline::droppedFinalAckIsRevised()
{
    // The server's accept queue was full: it dropped the final ACK and sent its SYN+ACK again.
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    const Endpoint c = loopback(40001), s = loopback(6666);
    handshake(cap, c, s, T0);
    t.appendBatch(cap.take());
    QCOMPARE(t.segments()[2].serverState, TcpState::Established);
    (void)t.steps(1);
    const uint64_t revision = t.stepsRevision(1);
    cap.packet(s, c, SYN | ACK, SI, CI + 1, T0 + 1'000'000);
    cap.packet(c, s, ACK, CI + 1, SI + 1, T0 + 1'000'100);
    cap.packet(s, c, PSH | ACK, SI + 1, CI + 1, T0 + 1'000'200, 3); // the server program has it: it sends
    t.appendBatch(cap.take());
    QCOMPARE(t.segments()[2].serverState, TcpState::SynRcvd);
    QCOMPARE(t.segments()[2].clientState, TcpState::Established);
    QCOMPARE(t.segments()[3].serverState, TcpState::SynRcvd);
    QCOMPARE(t.segments()[4].serverState, TcpState::Established);
    QCOMPARE(t.connection(1)->establishingFrame, 5u);
    QVERIFY(t.stepsRevision(1) != revision);
    // accept() could only return after the ACK the server did take.
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "#4", "#5",
                                           "accept returns", "#6"}));
}

void TestTimeline::updatesNameWhatChanged()
{
    Timeline t;
    t.setSource(liveSource());
    QSignalSpy spy(&t, &Timeline::updated);
    listenOn(t, T0 - 5000);
    QCOMPARE(spy.count(), 3);
    QVERIFY(spy.last().at(0).value<TimelineUpdate>().looseSteps);
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    handshake(cap, loopback(40002), loopback(7000), T0);
    t.appendBatch(cap.take());
    const TimelineUpdate batch = spy.last().at(0).value<TimelineUpdate>();
    QCOMPARE(batch.steps, (std::vector<uint32_t>{1, 2}));
    QCOMPARE(batch.connections, (std::vector<uint32_t>{1, 2}));
    QVERIFY(batch.counts);
    t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 300, 20, loopback(6666), loopback(40001), -1, 1));
    const TimelineUpdate call = spy.last().at(0).value<TimelineUpdate>();
    QCOMPARE(call.steps, (std::vector<uint32_t>{1}));
    QVERIFY(call.connections.empty());
}

void TestTimeline::revisionOnlyWhenNotAppended()
{
    Timeline t;
    t.setSource(liveSource());
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    const uint64_t revision = t.stepsRevision(1);
    const uint64_t generation = t.stepsGeneration(1);
    cap.packet(loopback(40001), loopback(6666), PSH | ACK, CI + 1, SI + 1, T0 + 300, 5);
    t.appendBatch(cap.take());
    QVERIFY(t.stepsGeneration(1) != generation);
    QCOMPARE(t.stepsRevision(1), revision); // it only grew
    // A call that goes before a segment already there: laid out again.
    connectFrom(t, T0 - 20, 10, 40001);
    QVERIFY(t.stepsRevision(1) != revision);
    QCOMPARE(describe(t, 1), (QStringList{"socket", "connect", "#1", "#2", "#3", "#4"}));
}

void TestTimeline::defaultConnection()
{
    Timeline t;
    QCOMPARE(t.defaultConnectionId(), 0u);
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    QCOMPARE(t.defaultConnectionId(), 1u);
    // Capture started after its handshake: no SYN seen.
    cap.packet(loopback(40002), loopback(6666), ACK, CI + 1, SI + 1, T0 + 500);
    t.appendBatch(cap.take());
    QCOMPARE(t.defaultConnectionId(), 1u);
    handshake(cap, loopback(40003), loopback(6666), T0 + 900);
    t.appendBatch(cap.take());
    QCOMPARE(t.defaultConnectionId(), 3u);

    Timeline noSyn;
    FakeCapture only;
    only.packet(loopback(40002), loopback(6666), ACK, CI + 1, SI + 1, T0 + 500);
    noSyn.appendBatch(only.take());
    QCOMPARE(noSyn.defaultConnectionId(), 1u);
}

void TestTimeline::heldChangesWaitForTheRelease()
{
    FakeCapture cap;
    const Endpoint c = loopback(40001), s = loopback(6666);
    handshake(cap, c, s, T0);
    const CaptureBatch first = cap.take();
    cap.packet(c, s, FIN | ACK, CI + 1, SI + 1, T0 + 500);
    const CaptureBatch second = cap.take();
    const SocketCall listen = listenerCall(CallKind::Listen, T0 - 10, 1, s, 50);
    const SocketCall connect = connectedCall(CallKind::Connect, CallSide::Client, T0 - 5, 10, c, s);
    const CaptureError error{7, QStringLiteral("truncated"), QStringLiteral("cut")};

    Timeline direct;
    direct.setSource(liveSource());
    direct.appendCall(listen);
    direct.appendBatch(first);
    direct.appendCall(connect);
    direct.appendError(error);
    direct.appendBatch(second);

    Timeline held;
    held.setSource(liveSource());
    held.appendCall(listen);
    QSignalSpy updates(&held, &Timeline::updated);
    held.hold();
    held.hold(); // holds nest: the last release applies
    held.appendBatch(first);
    held.appendCall(connect);
    held.appendError(error);
    held.appendBatch(second);
    QVERIFY(held.isHeld());
    QCOMPARE(held.segmentCount(), size_t(0));
    QCOMPARE(held.calls().size(), size_t(1));
    QVERIFY(held.errors().empty());
    QCOMPARE(updates.count(), 0);
    held.release();
    QCOMPARE(held.segmentCount(), size_t(0));
    held.release();
    QVERIFY(!held.isHeld());
    QCOMPARE(updates.count(), 4); // each change's own signal, at the release
    QCOMPARE(held.segmentCount(), direct.segmentCount());
    QCOMPARE(held.calls().size(), direct.calls().size());
    QCOMPARE(held.errors().size(), size_t(1));
    QCOMPARE(held.connections().size(), direct.connections().size());
    QVERIFY(held.steps(1) == direct.steps(1));
    QCOMPARE(describe(held, 1), describe(direct, 1));

    // A clear and a new source wait too, in their place among the other changes.
    held.hold();
    held.clear();
    held.setSource(fileSource());
    held.appendBatch(first);
    QCOMPARE(held.segmentCount(), direct.segmentCount());
    held.release();
    QCOMPARE(held.segmentCount(), first.segments.size());
    QCOMPARE(held.source().kind, QStringLiteral("file"));
    QVERIFY(held.calls().empty());
}

void TestTimeline::clearEmpties()
{
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    handshake(cap, loopback(40001), loopback(6666), T0);
    t.appendBatch(cap.take());
    connectFrom(t, T0, 10, 40001);
    QSignalSpy spy(&t, &Timeline::cleared);
    t.clear();
    QCOMPARE(spy.count(), 1);
    QVERIFY(t.segments().empty());
    QVERIFY(t.calls().empty());
    QVERIFY(t.connections().empty());
    QVERIFY(t.steps(1).empty());
    QVERIFY(t.steps(0).empty());
    QVERIFY(t.source().kind.isEmpty());
    FakeCapture again;
    handshake(again, loopback(40001), loopback(6666), T0);
    t.appendBatch(again.take());
    QCOMPARE(t.steps(1).size(), size_t(3));
}

// Scripts of packets for one connection, client 127.0.0.1:40001, server :6666, 100 µs apart.
struct Pkt {
    char from; // 'c' or 's'
    uint16_t flags;
    uint32_t seq, ack, len;
};
using Script = std::vector<Pkt>;
Q_DECLARE_METATYPE(Script)

static CaptureBatch run(FakeCapture &cap, const Script &script, int64_t t0 = T0, uint16_t clientPort = 40001)
{
    const Endpoint c = loopback(clientPort), s = loopback(6666);
    for (size_t i = 0; i < script.size(); ++i) {
        const Pkt &p = script[i];
        cap.packet(p.from == 'c' ? c : s, p.from == 'c' ? s : c, p.flags, p.seq, p.ack, t0 + int64_t(i) * 100, p.len);
    }
    return cap.take();
}

static const Script kHandshake = {{'c', SYN, CI, 0, 0}, {'s', SYN | ACK, SI, CI + 1, 0}, {'c', ACK, CI + 1, SI + 1, 0}};

void TestTimeline::inferredCalls_data()
{
    QTest::addColumn<Script>("script");
    QTest::addColumn<QStringList>("expected"); // connection 1's steps: "#frame" or the call

    QTest::newRow("handshake, data, close from both sides")
        << Script{kHandshake[0], kHandshake[1], kHandshake[2],
                  {'c', PSH | ACK, CI + 1, SI + 1, 5},
                  {'c', FIN | ACK, CI + 6, SI + 1, 0},
                  {'s', ACK, SI + 1, CI + 7, 0},
                  {'s', FIN | ACK, SI + 1, CI + 7, 0},
                  {'c', ACK, CI + 7, SI + 2, 0}}
        << QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "accept returns", "#4",
                       "close", "#5", "#6", "close", "#7", "#8"};
    QTest::newRow("refused: RST answers the SYN, no listener")
        << Script{kHandshake[0], {'s', RST | ACK, 0, CI + 1, 0}}
        << QStringList{"connect", "#1", "#2", "connect returns"};
    // The first SYN went unanswered: a listener is proven only for the copy the SYN+ACK answered.
    QTest::newRow("SYN sent again: one connect(), listen() before the copy answered")
        << Script{kHandshake[0], {'c', SYN, CI, 0, 0}, kHandshake[1], kHandshake[2], {'s', PSH | ACK, SI + 1, CI + 1, 4}}
        << QStringList{"connect", "#1", "listen", "#2", "#3", "connect returns", "#4", "accept returns", "#5"};
    // The handshake alone does not prove accept(): the connection may wait in the accept queue.
    QTest::newRow("handshake only: no accept()")
        << Script{kHandshake[0], kHandshake[1], kHandshake[2], {'c', PSH | ACK, CI + 1, SI + 1, 5}, {'s', ACK, SI + 1, CI + 6, 0}}
        << QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "#4", "#5"};
    QTest::newRow("simultaneous open: two connect()s, no listen(), no accept()")
        << Script{{'c', SYN, CI, 0, 0}, {'s', SYN, SI, 0, 0}, {'c', SYN | ACK, CI, SI + 1, 0}, {'s', SYN | ACK, SI, CI + 1, 0}}
        << QStringList{"connect", "#1", "connect", "#2", "#3", "connect returns", "#4", "connect returns"};
    QTest::newRow("never answered: connect() only")
        << Script{kHandshake[0], {'c', SYN, CI, 0, 0}}
        << QStringList{"connect", "#1", "#2"};
    QTest::newRow("capture began at the SYN+ACK")
        << Script{kHandshake[1], kHandshake[2], {'s', FIN | ACK, SI + 1, CI + 1, 0}}
        << QStringList{"#1", "connect returns", "#2", "accept returns", "close", "#3"};
    QTest::newRow("capture began mid-stream: only the close")
        << Script{{'c', PSH | ACK, CI + 1, SI + 1, 5}, {'s', FIN | ACK, SI + 1, CI + 6, 0}}
        << QStringList{"#1", "close", "#2"};
    QTest::newRow("FIN sent again: one close()")
        << Script{{'c', FIN | ACK, CI + 1, SI + 1, 0}, {'c', FIN | ACK, CI + 1, SI + 1, 0}}
        << QStringList{"close", "#1", "#2"};
    QTest::newRow("aborted with RST: no close() inferred")
        << Script{kHandshake[0], kHandshake[1], kHandshake[2], {'c', RST | ACK, CI + 1, SI + 1, 0}}
        << QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "#4"};
}

void TestTimeline::inferredCalls()
{
    QFETCH(Script, script);
    QFETCH(QStringList, expected);
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    t.appendBatch(run(cap, script));
    QCOMPARE(describe(t, 1), expected);
    QVERIFY(t.steps(0).empty());
    QVERIFY(t.calls().empty()); // nothing was logged: every call is inferred, on connection 1
    const std::vector<Timeline::PlacedCall> all = t.allCalls();
    for (const Timeline::PlacedCall &c : all) {
        QVERIFY(c.call.inferred);
        QCOMPARE(c.connection, 1u);
    }
    for (const TimelineStep &step : t.steps(1))
        QCOMPARE(step.isInferredCall(), step.kind == TimelineStep::Kind::Call);
    QCOMPARE(qsizetype(all.size()), expected.size() - qsizetype(t.segmentIndices(1).size()));
}

void TestTimeline::inferredCallsDescribeTheirSide()
{
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    t.appendBatch(run(cap, {kHandshake[0], kHandshake[1], kHandshake[2], {'s', FIN | ACK, SI + 1, CI + 1, 0}}));
    QStringList got;
    const std::vector<Timeline::PlacedCall> calls = t.allCalls();
    for (const Timeline::PlacedCall &p : calls)
        got << QStringLiteral("%1 %2 %3 > %4")
                   .arg(p.call.side == CallSide::Client ? "client" : "server", callName(p.call.kind),
                        QString::fromStdString(p.call.local.toString()), QString::fromStdString(p.call.peer.toString()));
    QCOMPARE(got, (QStringList{"server listen 127.0.0.1:6666 > 0.0.0.0:0", "client connect 127.0.0.1:40001 > 127.0.0.1:6666",
                               "client connect returns 127.0.0.1:40001 > 127.0.0.1:6666",
                               "server accept returns 127.0.0.1:6666 > 127.0.0.1:40001",
                               "server close 127.0.0.1:6666 > 127.0.0.1:40001"}));
    // Each at the timestamp of the segment that shows it.
    QCOMPARE(calls[0].drawnUs, T0);
    QCOMPARE(calls[2].drawnUs, T0 + 100);
    QCOMPARE(calls[3].drawnUs, T0 + 200);
    QCOMPARE(calls[4].drawnUs, T0 + 300);

    Timeline refused;
    refused.setSource(fileSource());
    FakeCapture cap2;
    refused.appendBatch(run(cap2, {kHandshake[0], {'s', RST | ACK, 0, CI + 1, 0}}));
    const SocketCall last = refused.allCalls().back().call;
    QCOMPARE(last.kind, CallKind::ConnectReturns);
    QCOMPARE(last.error, ECONNREFUSED);
}

void TestTimeline::inferredCallsStayOnTheirConnection()
{
    // Two handshakes interleaved 10 µs apart: each connection has its own calls.
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    for (size_t i = 0; i < 3; ++i) {
        const Pkt &p = kHandshake[i];
        for (uint16_t port : {uint16_t(40001), uint16_t(40002)}) {
            const Endpoint c = loopback(port), s = loopback(6666);
            cap.packet(p.from == 'c' ? c : s, p.from == 'c' ? s : c, p.flags, p.seq, p.ack, T0 + int64_t(i) * 100 + (port - 40001) * 10);
        }
    }
    t.appendBatch(cap.take());
    const QStringList each{"listen", "connect", "#", "#", "connect returns", "#"};
    for (uint32_t id : {1u, 2u}) {
        QStringList got = describe(t, id);
        for (QString &step : got)
            if (step.startsWith(QLatin1Char('#')))
                step = QStringLiteral("#");
        QCOMPARE(got, each);
        for (const SocketCall &c : callsOn(t, id))
            QCOMPARE(c.side == CallSide::Client ? c.local.port : c.peer.port == 0 ? uint16_t(40000 + id) : c.peer.port,
                     uint16_t(40000 + id));
    }
}

void TestTimeline::inferredAcrossBatches()
{
    // A file's batches cut a connection anywhere: the inference carries over.
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    t.appendBatch(run(cap, {kHandshake[0]}));
    QCOMPARE(describe(t, 1), (QStringList{"connect", "#1"})); // no listener proven yet
    t.appendBatch(run(cap, {kHandshake[1], kHandshake[2]}, T0 + 100));
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3"}));
}

void TestTimeline::liveCallsAreNotInferred()
{
    Timeline t;
    t.setSource(liveSource());
    FakeCapture cap;
    t.appendBatch(run(cap, kHandshake));
    QVERIFY(t.calls().empty());
    QVERIFY(!t.hasInferredCalls());
    QCOMPARE(describe(t, 1), (QStringList{"#1", "#2", "#3"}));
}

// Timestamps are often coarse: calls inferred at the same time come in the order of the segments
// that showed them (capture order), not grouped by connection.
void TestTimeline::inferredCallsAtTheSameTimeKeepCaptureOrder()
{
    Timeline t;
    t.setSource(fileSource());
    FakeCapture cap;
    const Endpoint c1 = loopback(40001), c2 = loopback(40002), s = loopback(6666);
    cap.packet(c1, s, SYN, CI, 0, T0);
    cap.packet(s, c1, SYN | ACK, SI, CI + 1, T0 + 100);
    cap.packet(c1, s, ACK, CI + 1, SI + 1, T0 + 200);
    cap.packet(c2, s, SYN, CI, 0, T0 + 300);                // frame 4
    cap.packet(c1, s, FIN | ACK, CI + 1, SI + 1, T0 + 300); // frame 5, same time
    cap.packet(s, c2, SYN | ACK, SI, CI + 1, T0 + 300);     // frame 6, same time
    t.appendBatch(cap.take());

    QStringList got;
    for (const Timeline::PlacedCall &p : t.allCalls())
        got << QStringLiteral("#%1 %2 +%3").arg(p.connection).arg(callName(p.call.kind)).arg(p.drawnUs - T0);
    QCOMPARE(got, (QStringList{"#1 listen +0", "#1 connect +0", "#1 connect returns +100",
                               "#2 listen +300", "#2 connect +300", "#1 close +300", "#2 connect returns +300"}));
    QCOMPARE(describe(t, 1), (QStringList{"listen", "connect", "#1", "#2", "connect returns", "#3", "close", "#5"}));
    QCOMPARE(describe(t, 2), (QStringList{"listen", "connect", "#4", "#6", "connect returns"}));
}

QTEST_APPLESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
