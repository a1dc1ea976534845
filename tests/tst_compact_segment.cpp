// CompactSegment and SegmentStore: every field of every Segment comes back exactly, for segments
// the tracker made (scripted conversations, random traffic, synthetic pcaps of every link type
// through PacketPipeline and its batches) and for arbitrary ones.
#include "CompactSegment.h"
#include "PacketPipeline.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <pcap/pcap.h>

#include <random>

using namespace hv;

namespace {

constexpr uint16_t FIN = TcpFlag::Fin;
constexpr uint16_t SYN = TcpFlag::Syn;
constexpr uint16_t RST = TcpFlag::Rst;
constexpr uint16_t PSH = TcpFlag::Psh;
constexpr uint16_t ACK = TcpFlag::Ack;

// A new Segment member must be added to differences() below (and to the record).
static_assert(sizeof(Segment) == 120 && sizeof(TcpOptions) == 52, "Segment changed: update differences()");

// The fields in which two segments differ, "" when none.
QString differences(const Segment &a, const Segment &b)
{
    QStringList out;
    const auto check = [&](const char *name, auto x, auto y) {
        if (x != y)
            out << QStringLiteral("%1 %2 != %3").arg(QLatin1String(name)).arg(qlonglong(x)).arg(qlonglong(y));
    };
    check("frame", a.frame, b.frame);
    check("timeUs", a.timeUs, b.timeUs);
    check("connection", a.connection, b.connection);
    check("from", int(a.from), int(b.from));
    check("flags", a.flags, b.flags);
    check("seq", a.seq, b.seq);
    check("ack", a.ack, b.ack);
    check("relSeq", a.relSeq, b.relSeq);
    check("relAck", a.relAck, b.relAck);
    check("len", a.len, b.len);
    check("win", a.win, b.win);
    check("winScaled", a.winScaled, b.winScaled);
    check("ttl", a.ttl, b.ttl);
    check("mss", a.options.mss, b.options.mss);
    check("wscale", a.options.wscale, b.options.wscale);
    check("sackPerm", a.options.sackPerm, b.options.sackPerm);
    check("hasTimestamps", a.options.hasTimestamps, b.options.hasTimestamps);
    check("tsval", a.options.tsval, b.options.tsval);
    check("tsecr", a.options.tsecr, b.options.tsecr);
    check("sackBlockCount", a.options.sackBlockCount, b.options.sackBlockCount);
    for (size_t i = 0; i < a.options.sackBlocks.size(); ++i) {
        check("sackBlocks.first", a.options.sackBlocks[i].first, b.options.sackBlocks[i].first);
        check("sackBlocks.second", a.options.sackBlocks[i].second, b.options.sackBlocks[i].second);
    }
    check("retransmission", a.retransmission, b.retransmission);
    check("anomalies", a.anomalies, b.anomalies);
    check("clientState", int(a.clientState), int(b.clientState));
    check("serverState", int(a.serverState), int(b.serverState));
    return out.join(QStringLiteral(", "));
}

#define COMPARE_SEGMENTS(actual, expected, where)                                                    \
    do {                                                                                             \
        const QString diff_ = differences(actual, expected);                                         \
        if (!diff_.isEmpty())                                                                        \
            QFAIL(qPrintable(QStringLiteral("%1: %2").arg(where, diff_)));                           \
    } while (false)

IpAddress ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    return IpAddress::v4(a, b, c, d);
}

IpAddress ipv6(uint16_t last)
{
    IpAddress ip;
    ip.v6 = true;
    ip.bytes[0] = 0x20;
    ip.bytes[1] = 0x01;
    ip.bytes[14] = uint8_t(last >> 8);
    ip.bytes[15] = uint8_t(last & 0xff);
    return ip;
}

// What the derivations may not need for a segment the tracker made: they must equal track()'s.
constexpr uint16_t kDerived = RareField::RelSeq | RareField::RelAck | RareField::WinScaled;

// Segments as a tracker made them, with the connection as it was right after each.
struct Tracked {
    std::vector<Segment> segments;
    std::vector<Connection> snapshots; // parallel
    ConnectionTracker tracker;

    void feed(uint32_t frame, int64_t timeUs, const TcpPacket &p)
    {
        segments.push_back(tracker.track(frame, timeUs, p));
        snapshots.push_back(tracker.connection(segments.back().connection));
    }
};

// Every segment through pack/unpack against its connection as of then and as of the end, and
// through a SegmentStore (appended with the snapshot, read with the final connections).
void checkRoundTrip(const Tracked &t, const QString &what)
{
    SegmentStore store;
    for (size_t i = 0; i < t.segments.size(); ++i) {
        const Segment &s = t.segments[i];
        const Connection &then = t.snapshots[i];
        const Connection &final = t.tracker.connection(s.connection);
        const PackBase base{s.timeUs - 12345, s.ttl};
        RareOptions rare;
        const CompactSegment r = pack(s, then, base, &rare);
        const QString where = QStringLiteral("%1, segment %2").arg(what).arg(i);
        if (r.hasRare())
            QVERIFY2(!(rare.fields & kDerived), qPrintable(where + QStringLiteral(": not derived")));
        COMPARE_SEGMENTS(unpack(r, then, r.hasRare() ? &rare : nullptr, base), s, where + QStringLiteral(" (snapshot)"));
        COMPARE_SEGMENTS(unpack(r, final, r.hasRare() ? &rare : nullptr, base), s, where + QStringLiteral(" (final)"));
        store.append(s, then);
    }
    QCOMPARE(store.size(), t.segments.size());
    for (size_t i = 0; i < t.segments.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, t.tracker.connections()), t.segments[i],
                         QStringLiteral("%1, stored segment %2").arg(what).arg(i));
    for (size_t i = 0; i < t.segments.size(); ++i)
        QCOMPARE(store.timeUs(i), t.segments[i].timeUs);
}

struct Wire {
    Endpoint client{ipv4(10, 0, 0, 1), 46728};
    Endpoint server{ipv4(10, 0, 0, 2), 443};
    Tracked t;
    uint32_t frame = 0;
    int64_t timeUs = 1'700'000'000'000'000;

    TcpPacket packet(bool fromClient, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0) const
    {
        TcpPacket p;
        p.src = fromClient ? client : server;
        p.dst = fromClient ? server : client;
        p.flags = flags;
        p.seq = seq;
        p.ack = ack;
        p.payloadLen = len;
        p.window = 1000;
        p.tcpHeaderLen = 20;
        p.ttl = fromClient ? 64 : 57;
        return p;
    }
    void feed(const TcpPacket &p, int64_t stepUs = 250)
    {
        timeUs += stepUs;
        t.feed(++frame, timeUs, p);
    }
    void c(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0) { feed(packet(true, flags, seq, ack, len)); }
    void s(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0) { feed(packet(false, flags, seq, ack, len)); }
    TcpPacket syn(bool fromClient, uint16_t flags, uint32_t seq, uint32_t ack, int ws) const
    {
        TcpPacket p = packet(fromClient, flags, seq, ack);
        p.options.mss = 1460;
        p.options.wscale = int8_t(ws);
        p.options.sackPerm = true;
        return p;
    }
};

// Random traffic over a few 4-tuples: plausible and implausible flags, numbers near and far from
// the expected ones, options, TTL changes, times that jump hours ahead and step back.
Tracked randomTraffic(uint32_t seed, int segments)
{
    std::mt19937 rng(seed);
    const auto pick = [&](uint32_t n) { return uint32_t(rng() % n); };
    const Endpoint endpoints[] = {
        {ipv4(192, 168, 1, 10), 50000}, {ipv4(192, 168, 1, 20), 80},  {ipv4(192, 168, 1, 10), 50001},
        {ipv6(1), 40000},               {ipv6(2), 8080},                {ipv4(192, 168, 1, 20), 50000},
    };
    constexpr uint16_t flagChoices[] = {SYN, SYN | ACK, ACK, PSH | ACK, FIN | ACK, RST, RST | ACK, FIN,
                                        SYN | FIN, 0, ACK | TcpFlag::Ece, TcpFlag::Ae | ACK};
    Tracked t;
    std::vector<uint32_t> nextSeq(6, 0);
    int64_t time = 1'600'000'000'000'000;
    for (int i = 0; i < segments; ++i) {
        const uint32_t a = pick(6);
        uint32_t b = pick(6);
        if (b == a && pick(8) != 0)
            b = (a + 1) % 6;
        TcpPacket p;
        p.src = endpoints[a];
        p.dst = endpoints[b];
        p.flags = flagChoices[pick(sizeof flagChoices / sizeof flagChoices[0])];
        if (pick(4) == 0)
            nextSeq[a] = uint32_t(rng());
        p.seq = nextSeq[a];
        p.payloadLen = pick(3) == 0 ? pick(2000) : 0;
        if (pick(50) == 0)
            p.payloadLen = 65536 + pick(200000); // a GSO super-segment or a jumbogram
        nextSeq[a] += p.payloadLen + ((p.flags & (SYN | FIN)) ? 1 : 0);
        if (pick(6) == 0)
            nextSeq[a] -= p.payloadLen; // a retransmission
        p.ack = (p.flags & ACK) || pick(5) == 0 ? nextSeq[b] + (pick(4) == 0 ? pick(100) : 0) : 0;
        p.window = uint16_t(rng());
        p.ttl = uint8_t(pick(10) == 0 ? pick(256) : 64 - a);
        if (p.flags & SYN) {
            if (pick(3) != 0)
                p.options.mss = int32_t(pick(65536));
            if (pick(3) != 0)
                p.options.wscale = int8_t(pick(16));
            p.options.sackPerm = pick(2);
        }
        if (pick(3) != 0) {
            p.options.hasTimestamps = true;
            p.options.tsval = uint32_t(rng());
            p.options.tsecr = uint32_t(rng());
        }
        if (pick(10) == 0) {
            p.options.sackBlockCount = uint8_t(1 + pick(4));
            for (uint32_t k = 0; k < p.options.sackBlockCount; ++k)
                p.options.sackBlocks[k] = {uint32_t(rng()), uint32_t(rng())};
        }
        if (pick(40) == 0)
            p.optionProblem = "option runs past the header";
        const uint32_t step = pick(100);
        if (step == 0)
            time += int64_t(3) * 3600 * 1'000'000; // three hours later
        else if (step == 1)
            time -= 5'000'000; // five seconds back
        else if (step == 2)
            time -= int64_t(20) * 60 * 1'000'000; // twenty minutes back: past an epoch's lead
        else
            time += pick(5000);
        t.feed(uint32_t(i + 1) + (pick(20) == 0 ? pick(1000) : 0), time, p);
    }
    return t;
}

// An arbitrary Segment: any value in every field (enums within what their bits hold).
Segment randomSegment(std::mt19937_64 &rng)
{
    const auto any = [&]() { return rng(); };
    Segment s;
    s.frame = uint32_t(any());
    s.timeUs = (any() % 4 == 0) ? int64_t(any()) : 1'700'000'000'000'000 + int64_t(any() % 10'000'000'000ull);
    s.connection = uint32_t(any() % 5); // 0 .. 4
    s.from = any() % 2 ? Side::Server : Side::Client;
    s.flags = uint16_t(any() % 8 == 0 ? any() : any() & 0x1FF);
    s.seq = uint32_t(any());
    s.ack = uint32_t(any());
    s.relSeq = uint32_t(any());
    s.relAck = any() % 2 ? 0 : uint32_t(any());
    s.len = any() % 4 == 0 ? uint32_t(any()) : uint32_t(any() % 1500);
    s.win = uint16_t(any());
    s.winScaled = any() % 2 ? s.win : any() % 2 ? uint32_t(s.win) << (any() % 15) : uint32_t(any());
    s.ttl = uint8_t(any());
    if (any() % 3 == 0) {
        s.options.mss = int32_t(any());
        s.options.wscale = int8_t(any());
        s.options.sackPerm = any() % 2;
    }
    s.options.hasTimestamps = any() % 2;
    s.options.tsval = uint32_t(any());
    s.options.tsecr = uint32_t(any());
    if (any() % 4 == 0) {
        s.options.sackBlockCount = uint8_t(any());
        for (auto &block : s.options.sackBlocks)
            block = {uint32_t(any()), uint32_t(any())};
    }
    s.retransmission = any() % 2;
    s.anomalies = uint16_t(any() % 4 == 0 ? any() : any() & 0x7F);
    s.clientState = TcpState(any() % 8 == 0 ? uint8_t(any()) : uint8_t(any() % 11));
    s.serverState = TcpState(any() % 8 == 0 ? uint8_t(any()) : uint8_t(any() % 11));
    return s;
}

Connection randomConnection(std::mt19937_64 &rng, uint32_t id)
{
    Connection c;
    c.id = id;
    c.clientIsnKnown = rng() % 4 != 0;
    c.serverIsnKnown = rng() % 4 != 0;
    c.clientIsn = uint32_t(rng());
    c.serverIsn = uint32_t(rng());
    c.clientWscale = int8_t(rng() % 3 == 0 ? -1 : int(rng() % 15));
    c.serverWscale = int8_t(rng() % 3 == 0 ? -1 : int(rng() % 15));
    return c;
}

// A segment the way track() would number it on connection c: derivable.
void deriveFrom(Segment &s, const Connection &c)
{
    const bool server = s.from == Side::Server;
    s.relSeq = s.seq - (server ? c.serverIsn : c.clientIsn);
    s.relAck = (s.flags & ACK) ? s.ack - (server ? c.clientIsn : c.serverIsn) : 0;
}

} // namespace

class TestCompactSegment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layout();

    void trackedConversations_data();
    void trackedConversations();
    void randomTrafficRoundTrips_data();
    void randomTrafficRoundTrips();
    void pipelineOverSyntheticCaptures_data();
    void pipelineOverSyntheticCaptures();

    void arbitrarySegmentsRoundTrip();
    void arbitrarySegmentsThroughStore();

    void noHandshakeSeen();
    void windowScaleOnOneSideOnly();
    void captureSpanningHours();
    void timesAtTheExtremes();
    void longSegments();
    void sackBlocks();
    void ttlOtherThanUsual();
    void wrongOrMissingConnection();
    void sharedSideEntriesAndMemory();
    void sharedSideEntriesRunOut();
};

void TestCompactSegment::layout()
{
    QVERIFY(sizeof(CompactSegment) <= 36);
    QCOMPARE(sizeof(CompactSegment), size_t(36));
    QCOMPARE(alignof(CompactSegment), size_t(4));
}

void TestCompactSegment::trackedConversations_data()
{
    QTest::addColumn<QString>("script");
    // c/s: from the client/server; the rest is flags, seq, ack, len.
    QTest::newRow("clean, both WS") << QStringLiteral("handshake 7 7; c PA 1 1 5; s A 1 6; c FA 6 1; s A 1 7; s FA 1 7; c A 7 2");
    QTest::newRow("clean, no WS") << QStringLiteral("handshake -1 -1; c PA 1 1 100; s PA 1 101 300; c A 101 301; c R 101 0");
    QTest::newRow("WS only on the SYN") << QStringLiteral("handshake 7 -1; c PA 1 1 5; s A 1 6; s PA 1 6 9; c A 6 10");
    QTest::newRow("WS only on the SYN+ACK") << QStringLiteral("handshake -1 9; c PA 1 1 5; s A 1 6");
    QTest::newRow("SYN lost") << QStringLiteral("s SAws7 0 1; c A 1 1; s PA 1 1 9; c A 1 10; c FA 1 10; s FA 10 2; c A 2 11");
    QTest::newRow("SYN+ACK lost") << QStringLiteral("c Sws7 0 0; c A 1 1; s PA 1 1 9; c A 1 10");
    QTest::newRow("mid-connection, server first") << QStringLiteral("s PA 500 900 20; c A 900 520; c PA 900 520 3; s A 520 903");
    QTest::newRow("mid-connection, pure ACKs first") << QStringLiteral("c A 5 7; s A 7 5; c PA 5 7 10; s PA 7 15 1");
    QTest::newRow("first segment without ACK, then data") << QStringLiteral("c P 77 0 10; s A 3 87; c PA 87 3 10; s PA 3 97 4");
    QTest::newRow("refused") << QStringLiteral("c Sws7 0 0; s RA 0 1; c Sws7 0 0; s RA 0 1");
    QTest::newRow("retransmitted SYN and data") << QStringLiteral("c Sws7 0 0; c Sws7 0 0; s SAws7 0 1; c A 1 1; c PA 1 1 5; c PA 1 1 5; s A 1 6");
    QTest::newRow("simultaneous open") << QStringLiteral("c Sws3 0 0; s Sws4 0 0; c SAws3 0 1; s SAws4 0 1; c A 1 1; s A 1 1");
    QTest::newRow("nonsense flags") << QStringLiteral("c SF 0 0; c 0 0 0; c F 0 9; handshake 7 7; s SR 1 1; c F 1 1");
    QTest::newRow("new connection on the tuple") << QStringLiteral("handshake 7 7; c FA 1 1; s FA 1 2; c A 2 2; handshake 2 -1; c PA 1 1 5");
}

// Runs a small script of segments through a tracker. Sequence numbers are relative to ISNs chosen
// near the 2^32 wrap; "handshake W1 W2" is SYN (WS W1), SYN+ACK (WS W2), ACK with fresh ISNs.
void TestCompactSegment::trackedConversations()
{
    QFETCH(QString, script);
    Wire w;
    uint32_t clientIsn = 0xFFFFFFF0u, serverIsn = 0x7FFFFFFFu;
    for (const QString &step : script.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList f = step.trimmed().split(QLatin1Char(' '));
        if (f[0] == QLatin1String("handshake")) {
            clientIsn += 0x01000000u;
            serverIsn += 0x01000000u;
            w.feed(w.syn(true, SYN, clientIsn, 0, f[1].toInt()));
            w.feed(w.syn(false, SYN | ACK, serverIsn, clientIsn + 1, f[2].toInt()));
            w.c(ACK, clientIsn + 1, serverIsn + 1);
            continue;
        }
        const bool fromClient = f[0] == QLatin1String("c");
        QString flagText = f[1];
        int ws = -1;
        if (const qsizetype at = flagText.indexOf(QLatin1String("ws")); at >= 0) {
            ws = flagText.mid(at + 2).toInt();
            flagText = flagText.left(at);
        }
        uint16_t flags = 0;
        for (const QChar ch : flagText) {
            flags = uint16_t(flags | (ch == u'S' ? SYN : ch == u'A' ? ACK : ch == u'F' ? FIN : ch == u'R' ? RST : ch == u'P' ? PSH : 0));
        }
        const uint32_t own = fromClient ? clientIsn : serverIsn, peer = fromClient ? serverIsn : clientIsn;
        const uint32_t ack = (flags & ACK) ? peer + f[3].toUInt() : f[3].toUInt();
        TcpPacket p = (flags & SYN) ? w.syn(fromClient, flags, own + f[2].toUInt(), ack, ws)
                                    : w.packet(fromClient, flags, own + f[2].toUInt(), ack, f.size() > 4 ? f[4].toUInt() : 0);
        p.window = uint16_t(300 + w.frame);
        p.options.hasTimestamps = w.frame % 2;
        p.options.tsval = 1000 + w.frame;
        p.options.tsecr = 2000 + w.frame;
        w.feed(p);
    }
    checkRoundTrip(w.t, QString::fromLatin1(QTest::currentDataTag()));
}

void TestCompactSegment::randomTrafficRoundTrips_data()
{
    QTest::addColumn<uint>("seed");
    for (uint seed = 1; seed <= 40; ++seed)
        QTest::addRow("seed %u", seed) << seed;
}

void TestCompactSegment::randomTrafficRoundTrips()
{
    QFETCH(uint, seed);
    const Tracked t = randomTraffic(seed, 3000);
    checkRoundTrip(t, QStringLiteral("seed %1").arg(seed));
}

void TestCompactSegment::pipelineOverSyntheticCaptures_data()
{
    QTest::addColumn<QString>("linkType");
    QTest::addColumn<QStringList>("options");
    for (const char *link : {"en10mb", "null", "raw", "sll"})
        QTest::addRow("%s", link) << QString::fromLatin1(link)
                                  << QStringList{QStringLiteral("--ipv6-frac"), QStringLiteral("0.3"),
                                                 QStringLiteral("--rst-frac"), QStringLiteral("0.2")};
    QTest::newRow("en10mb, all RST, 3 rounds") << QStringLiteral("en10mb")
                                               << QStringList{QStringLiteral("--rst-frac"), QStringLiteral("1"),
                                                              QStringLiteral("--rounds"), QStringLiteral("3")};
    QTest::newRow("raw, ns, IPv6 only") << QStringLiteral("raw")
                                        << QStringList{QStringLiteral("--nsec"), QStringLiteral("--ipv6-frac"),
                                                       QStringLiteral("1")};
}

// The capture thread's path: frames through PacketPipeline, batches cut every 500 frames, each
// batch's segments appended with that batch's connection snapshots (as a Timeline has them), read
// back with the tracker's final connections.
void TestCompactSegment::pipelineOverSyntheticCaptures()
{
    QFETCH(QString, linkType);
    QFETCH(QStringList, options);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("t.pcap"));
    QProcess gen;
    gen.start(QStringLiteral("python3"), QStringList{QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), file,
                                                     QStringLiteral("--conns"), QStringLiteral("400"),
                                                     QStringLiteral("--linktype"), linkType} + options);
    QVERIFY(gen.waitForFinished(60000));
    QVERIFY2(gen.exitCode() == 0, gen.readAllStandardError().constData());

    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_t *p = pcap_open_offline_with_tstamp_precision(file.toLocal8Bit().constData(), PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    QVERIFY2(p, errbuf);
    PacketPipeline pipeline(pcap_datalink(p));
    SegmentStore store;
    std::vector<Segment> expected;
    const auto deliver = [&] {
        CaptureBatch batch = pipeline.takeBatch();
        std::vector<const Connection *> byId;
        for (const Connection &c : batch.connections) {
            if (byId.size() <= c.id)
                byId.resize(c.id + 1, nullptr);
            byId[c.id] = &c;
        }
        for (const Segment &s : batch.segments) {
            store.append(s, *byId.at(s.connection));
            expected.push_back(s);
        }
    };
    pcap_pkthdr *header = nullptr;
    const u_char *bytes = nullptr;
    while (pcap_next_ex(p, &header, &bytes) == 1) {
        pipeline.addFrame(*header, bytes);
        if (pipeline.frameCount() % 500 == 0)
            deliver();
    }
    pcap_close(p);
    deliver();

    QVERIFY(expected.size() > 2000);
    QCOMPARE(store.size(), expected.size());
    const auto &connections = pipeline.tracker().connections();
    for (size_t i = 0; i < expected.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, connections), expected[i], QStringLiteral("segment %1").arg(i));
    // Only the SYNs' options need a side entry, all alike: stored once.
    QCOMPARE(store.ownRareCount(), size_t(0));
    QCOMPARE(store.sharedRareCount(), size_t(1));
    QCOMPARE(store.epochCount(), size_t(1));
}

void TestCompactSegment::arbitrarySegmentsRoundTrip()
{
    std::mt19937_64 rng(20261126);
    for (int i = 0; i < 200000; ++i) {
        Segment s = randomSegment(rng);
        const Connection c = randomConnection(rng, rng() % 3 == 0 ? uint32_t(rng() % 5) : s.connection);
        if (rng() % 2)
            deriveFrom(s, c);
        const PackBase base{rng() % 2 ? s.timeUs - int64_t(rng() % 5'000'000'000ull) : int64_t(rng()), uint8_t(rng() % 2 ? s.ttl : rng())};
        RareOptions rare;
        rare.mss = 12345; // left alone unless the record needs a side entry
        const CompactSegment r = pack(s, c, base, &rare);
        if (!r.hasRare())
            QCOMPARE(rare.mss, 12345);
        COMPARE_SEGMENTS(unpack(r, c, r.hasRare() ? &rare : nullptr, base), s, QStringLiteral("random segment %1").arg(i));
    }
}

void TestCompactSegment::arbitrarySegmentsThroughStore()
{
    std::mt19937_64 rng(7);
    std::vector<Connection> connections;
    for (uint32_t id = 1; id <= 4; ++id)
        connections.push_back(randomConnection(rng, id));
    SegmentStore store;
    std::vector<Segment> expected;
    for (int i = 0; i < 100000; ++i) {
        Segment s = randomSegment(rng);
        if (rng() % 2 && s.connection != 0)
            deriveFrom(s, connections[s.connection - 1]);
        if (rng() % 2)
            s.timeUs = expected.empty() ? 0 : expected.back().timeUs + int64_t(rng() % 100'000'000);
        static const Connection none{};
        const Connection &c = s.connection == 0 ? none : rng() % 10 == 0 ? connections[rng() % 4] : connections[s.connection - 1];
        store.append(s, c);
        expected.push_back(s);
    }
    for (size_t i = 0; i < expected.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, connections), expected[i], QStringLiteral("stored random segment %1").arg(i));
    for (size_t i = 0; i < expected.size(); ++i)
        QCOMPARE(store.timeUs(i), expected[i].timeUs);
    QVERIFY(store.epochCount() > 1);
}

// No handshake: the first segments of each side set the bases (Wireshark's: relative numbers start
// at 1, the peer's base from the first ACK number); a side that has sent nothing yet still has
// relAck derived once the other side acked it.
void TestCompactSegment::noHandshakeSeen()
{
    Wire w;
    w.c(PSH | ACK, 1000, 5000, 10); // client base 999, server base 4999
    w.c(PSH, 1010, 0, 10);          // no ACK: relAck 0
    w.c(TcpFlag::Psh, 1020, 77, 10); // no ACK flag but an ack number: relAck still 0
    w.s(ACK, 5000, 1030);
    w.s(PSH | ACK, 5000, 1030, 100);
    w.c(ACK, 1030, 5100);
    QCOMPARE(w.t.segments[0].relSeq, 1u);
    QCOMPARE(w.t.segments[0].relAck, 1u);
    QCOMPARE(w.t.segments[2].relAck, 0u);
    QCOMPARE(w.t.segments[2].anomalies, uint16_t(Anomaly::AckNumberWithoutAckFlag));
    checkRoundTrip(w.t, QStringLiteral("no handshake"));

    Wire late; // the server speaks first, with an ACK: the client's base comes from it
    late.s(ACK, 300, 200);
    late.c(PSH | ACK, 200, 300, 5);
    QCOMPARE(late.t.segments[1].relSeq, 1u);
    checkRoundTrip(late.t, QStringLiteral("server first"));
}

// Scaling depends on what was seen when (Wireshark's rule); the record keeps that as one bit.
void TestCompactSegment::windowScaleOnOneSideOnly()
{
    for (const auto &[clientWs, serverWs] : {std::pair{7, -1}, std::pair{-1, 7}, std::pair{7, 0}, std::pair{14, 3}}) {
        Wire w;
        w.c(ACK, 1, 1); // before any SYN: raw windows
        w.feed(w.syn(true, SYN, 100, 0, clientWs));
        w.s(ACK, 5, 101); // before the SYN+ACK
        w.feed(w.syn(false, SYN | ACK, 500, 101, serverWs));
        w.c(ACK, 101, 501);
        w.s(PSH | ACK, 501, 101, 10);
        w.c(ACK, 101, 511);
        checkRoundTrip(w.t, QStringLiteral("client WS %1, server WS %2").arg(clientWs).arg(serverWs));
    }
    Wire lost; // SYN lost; a SYN+ACK with WS 7: the server's windows are scaled, the client's not
    lost.feed(lost.syn(false, SYN | ACK, 500, 101, 7));
    TcpPacket ack = lost.packet(true, ACK, 101, 501);
    ack.window = 512;
    lost.feed(ack);
    TcpPacket data = lost.packet(false, PSH | ACK, 501, 101, 5);
    data.window = 512;
    lost.feed(data);
    checkRoundTrip(lost.t, QStringLiteral("SYN lost"));
}

void TestCompactSegment::captureSpanningHours()
{
    Wire w;
    w.feed(w.syn(true, SYN, 1, 0, 7));
    w.feed(w.syn(false, SYN | ACK, 9, 2, 7));
    for (int i = 0; i < 300; ++i) // five hours, a segment a minute
        w.feed(w.packet(i % 2, PSH | ACK, i % 2 ? 2u + i : 10u + i, i % 2 ? 10u + i : 2u + i, 1), int64_t(60'000'000));
    w.feed(w.packet(true, ACK, 500, 500), -int64_t(2) * 3600 * 1'000'000); // two hours back
    w.feed(w.packet(true, ACK, 500, 500), 1);
    SegmentStore store;
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        store.append(w.t.segments[i], w.t.snapshots[i]);
    QVERIFY(store.epochCount() >= 5);
    QCOMPARE(store.ownRareCount(), size_t(0)); // time never needs a side entry
    QCOMPARE(store.sharedRareCount(), size_t(1)); // the SYNs' options
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, w.t.tracker.connections()), w.t.segments[i], QStringLiteral("segment %1").arg(i));
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        QCOMPARE(store.timeUs(i), w.t.segments[i].timeUs);
    checkRoundTrip(w.t, QStringLiteral("five hours"));
}

void TestCompactSegment::timesAtTheExtremes()
{
    constexpr int64_t limit = int64_t(1) << 62; // timestampMicros() saturates here
    const int64_t times[] = {0, -1, 1, limit, -limit, std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 5, -limit + 3};
    SegmentStore store;
    std::vector<Segment> expected;
    for (const int64_t t : times) {
        Segment s;
        s.frame = uint32_t(expected.size() + 1);
        s.timeUs = t;
        for (const int64_t base : times) {
            RareOptions rare;
            const CompactSegment r = pack(s, Connection{}, PackBase{base, 0}, &rare);
            COMPARE_SEGMENTS(unpack(r, Connection{}, r.hasRare() ? &rare : nullptr, PackBase{base, 0}), s,
                             QStringLiteral("time %1, base %2").arg(t).arg(base));
        }
        store.append(s, Connection{});
        expected.push_back(s);
    }
    for (size_t i = 0; i < expected.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, {}), expected[i], QStringLiteral("segment %1").arg(i));
    for (size_t i = 0; i < expected.size(); ++i)
        QCOMPARE(store.timeUs(i), expected[i].timeUs);
}

void TestCompactSegment::longSegments()
{
    Wire w;
    w.feed(w.syn(true, SYN, 1, 0, 7));
    w.feed(w.syn(false, SYN | ACK, 9, 2, 7));
    w.c(ACK, 2, 10);
    for (const uint32_t len : {65535u, 65536u, 100000u, 0xFFFFFFFFu, 0u, 131072u})
        w.c(PSH | ACK, 2, 10, len);
    SegmentStore store;
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        store.append(w.t.segments[i], w.t.snapshots[i]);
    QCOMPARE(store.ownRareCount(), size_t(4)); // each length over 65535
    QCOMPARE(store.sharedRareCount(), size_t(1)); // the SYNs' options
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, w.t.tracker.connections()), w.t.segments[i], QStringLiteral("segment %1").arg(i));
}

void TestCompactSegment::sackBlocks()
{
    Wire w;
    w.feed(w.syn(true, SYN, 1, 0, 7));
    w.feed(w.syn(false, SYN | ACK, 9, 2, 7));
    for (uint8_t count = 0; count <= 4; ++count) {
        TcpPacket p = w.packet(true, ACK, 2, 10);
        p.options.sackBlockCount = count;
        for (uint8_t k = 0; k < count; ++k)
            p.options.sackBlocks[k] = {0xFFFFFF00u + k * 100u, 0xFFFFFF00u + k * 100u + 50u};
        w.feed(p);
    }
    checkRoundTrip(w.t, QStringLiteral("SACK"));
    SegmentStore store;
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        store.append(w.t.segments[i], w.t.snapshots[i]);
    QCOMPARE(store.ownRareCount(), size_t(4)); // each segment with SACK blocks
    QCOMPARE(store.sharedRareCount(), size_t(1)); // both SYNs carry the same options
}

void TestCompactSegment::ttlOtherThanUsual()
{
    Wire w;
    for (const uint8_t ttl : {uint8_t(0), uint8_t(64), uint8_t(64), uint8_t(0), uint8_t(63), uint8_t(64), uint8_t(255)}) {
        TcpPacket p = w.packet(true, ACK, 2, 10);
        p.ttl = ttl;
        w.feed(p);
        TcpPacket q = w.packet(false, ACK, 10, 2);
        q.ttl = uint8_t(ttl + 1);
        w.feed(q);
    }
    SegmentStore store;
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        store.append(w.t.segments[i], w.t.snapshots[i]);
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, w.t.tracker.connections()), w.t.segments[i], QStringLiteral("segment %1").arg(i));
    // A TTL of 0 is always rare. Client: 0 rare, 64 becomes the usual one, 0 63 255 rare (4).
    // Server (one more): 1 becomes the usual one, 65 65 64 65 and 0 (256) rare (5). Shared
    // entries: TTL 0, 63, 255, 65, 64.
    size_t withSideEntry = 0;
    for (size_t i = 0; i < store.size(); ++i)
        withSideEntry += store.record(i).hasRare();
    QCOMPARE(withSideEntry, size_t(4 + 5));
    QCOMPARE(store.ownRareCount(), size_t(0));
    QCOMPARE(store.sharedRareCount(), size_t(5));
}

// A record packed against another connection than its own derives nothing, and says so: reading
// it back with the right connections (or none) is still exact.
void TestCompactSegment::wrongOrMissingConnection()
{
    Wire w;
    w.feed(w.syn(true, SYN, 1, 0, 7));
    w.feed(w.syn(false, SYN | ACK, 9, 2, 5));
    w.c(ACK, 2, 10);
    w.s(PSH | ACK, 10, 2, 7);
    Connection other = w.t.tracker.connection(1);
    other.id = 2;
    other.clientIsn += 5;
    SegmentStore store;
    for (const Segment &s : w.t.segments)
        store.append(s, other);
    Segment zero = w.t.segments.back();
    zero.connection = 0;
    store.append(zero, Connection{});
    for (size_t i = 0; i < w.t.segments.size(); ++i) {
        QVERIFY(store.record(i).bits & CompactBit::NoConnection);
        COMPARE_SEGMENTS(store.get(i, w.t.tracker.connections()), w.t.segments[i], QStringLiteral("segment %1").arg(i));
        COMPARE_SEGMENTS(store.get(i, {}), w.t.segments[i], QStringLiteral("segment %1 without connections").arg(i));
    }
    COMPARE_SEGMENTS(store.get(w.t.segments.size(), {}), zero, QStringLiteral("connection 0"));
}

void TestCompactSegment::sharedSideEntriesAndMemory()
{
    Tracked t;
    uint32_t frame = 0;
    for (uint16_t port = 1000; port < 3000; ++port) { // 2000 connections of 6 segments
        const Endpoint c{ipv4(10, 0, 0, 1), port}, s{ipv4(10, 0, 0, 2), 80};
        const auto packet = [&](bool fromClient, uint16_t flags, uint32_t seq, uint32_t ack) {
            TcpPacket p;
            p.src = fromClient ? c : s;
            p.dst = fromClient ? s : c;
            p.flags = flags;
            p.seq = seq;
            p.ack = ack;
            p.ttl = 64;
            p.window = 500;
            p.options.hasTimestamps = true;
            if (flags & SYN) {
                p.options.mss = 1460;
                p.options.wscale = 7;
                p.options.sackPerm = true;
            }
            return p;
        };
        const auto feed = [&](const TcpPacket &p) {
            ++frame;
            t.feed(frame, int64_t(frame) * 10, p);
        };
        feed(packet(true, SYN, port * 1000u, 0));
        feed(packet(false, SYN | ACK, port * 7u, port * 1000u + 1));
        feed(packet(true, ACK, port * 1000u + 1, port * 7u + 1));
        feed(packet(true, FIN | ACK, port * 1000u + 1, port * 7u + 1));
        feed(packet(false, FIN | ACK, port * 7u + 1, port * 1000u + 2));
        feed(packet(true, ACK, port * 1000u + 2, port * 7u + 2));
    }
    SegmentStore store;
    for (size_t i = 0; i < t.segments.size(); ++i)
        store.append(t.segments[i], t.snapshots[i]);
    QCOMPARE(store.ownRareCount(), size_t(0));
    QCOMPARE(store.sharedRareCount(), size_t(1)); // every SYN carries the same options
    for (size_t i = 0; i < t.segments.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, t.tracker.connections()), t.segments[i], QStringLiteral("segment %1").arg(i));
    // 36 bytes a record, chunks allocated whole; the side tables add little (usual TTLs: 2 bytes a
    // connection, with slack).
    const size_t bytes = store.memoryBytes();
    const size_t chunks = (t.segments.size() + SegmentStore::kChunkSize - 1) / SegmentStore::kChunkSize;
    QVERIFY2(bytes >= t.segments.size() * 36, qPrintable(QString::number(bytes)));
    QVERIFY2(bytes <= chunks * SegmentStore::kChunkSize * 36 + 2000 * 2 * 2 + 2048, qPrintable(QString::number(bytes)));
    store.clear();
    QCOMPARE(store.size(), size_t(0));
    QVERIFY(store.memoryBytes() < 1024);
}

// A SYN with data cannot name a shared entry in its len; past 65536 distinct entries none can:
// they get entries of their own.
void TestCompactSegment::sharedSideEntriesRunOut()
{
    Wire w;
    TcpPacket fastOpen = w.syn(true, SYN, 1, 0, 7);
    fastOpen.payloadLen = 100;
    w.feed(fastOpen);
    w.feed(w.syn(false, SYN | ACK, 9, 2, 7));
    SegmentStore store;
    for (size_t i = 0; i < w.t.segments.size(); ++i)
        store.append(w.t.segments[i], w.t.snapshots[i]);
    QCOMPARE(store.ownRareCount(), size_t(1));
    QCOMPARE(store.sharedRareCount(), size_t(1));

    for (size_t i = 0; i < w.t.segments.size(); ++i)
        COMPARE_SEGMENTS(store.get(i, w.t.tracker.connections()), w.t.segments[i], QStringLiteral("segment %1").arg(i));

    Connection c;
    c.id = 1;
    c.clientIsnKnown = true;
    c.clientIsn = 1000;
    SegmentStore many;
    std::vector<Segment> expected;
    for (int32_t mss = 0; mss < 70000; ++mss) {
        Segment s;
        s.frame = uint32_t(mss);
        s.connection = 1;
        s.flags = SYN;
        s.seq = 1000;
        s.ttl = 64;
        s.options.mss = mss;
        many.append(s, c);
        expected.push_back(s);
    }
    QCOMPARE(many.sharedRareCount(), size_t(65536));
    QCOMPARE(many.ownRareCount(), size_t(70000 - 65536));
    for (size_t i = 0; i < expected.size(); ++i)
        COMPARE_SEGMENTS(many.get(i, {c}), expected[i], QStringLiteral("SYN %1").arg(i));
}

QTEST_APPLESS_MAIN(TestCompactSegment)
#include "tst_compact_segment.moc"
