// Every export format, written to a temporary directory and read back.
#include "ExportFile.h"
#include "Exporter.h"
#include "JsonWriter.h"
#include "LadderLayout.h"
#include "PacketPipeline.h"

#include "CallSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <pcap/pcap.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <csignal>

using namespace hv;

namespace {

constexpr int64_t T0 = 1764170000000000;
constexpr uint32_t ClientIsn = 2750012345u, ServerIsn = 4000000000u;

struct Spec {
    Side from;
    uint16_t flags;
    uint32_t relSeq, relAck, len;
    TcpState client, server;
};

using S = TcpState;
constexpr uint16_t SYN = TcpFlag::Syn, ACK = TcpFlag::Ack, PSH = TcpFlag::Psh, FIN = TcpFlag::Fin;

const Spec kConversation[] = {
    {Side::Client, SYN, 0, 0, 0, S::SynSent, S::SynRcvd},
    {Side::Server, SYN | ACK, 0, 1, 0, S::Established, S::SynRcvd},
    {Side::Client, ACK, 1, 1, 0, S::Established, S::Established},
    {Side::Client, PSH | ACK, 1, 1, 5, S::Established, S::Established},
    {Side::Server, ACK, 1, 6, 0, S::Established, S::Established},
    {Side::Client, FIN | ACK, 6, 1, 0, S::FinWait1, S::CloseWait},
    {Side::Server, ACK, 1, 7, 0, S::FinWait2, S::CloseWait},
    {Side::Server, FIN | ACK, 1, 7, 0, S::TimeWait, S::LastAck},
    {Side::Client, ACK, 7, 2, 0, S::TimeWait, S::Closed},
};
constexpr size_t kSegments = std::size(kConversation);

Segment makeSegment(const Spec &spec, uint32_t frame, int64_t timeUs, uint32_t connectionId)
{
    Segment s;
    s.connection = connectionId;
    s.frame = frame;
    s.timeUs = timeUs;
    s.from = spec.from;
    s.flags = spec.flags;
    const bool client = spec.from == Side::Client;
    s.relSeq = spec.relSeq;
    s.relAck = spec.relAck;
    s.seq = (client ? ClientIsn : ServerIsn) + spec.relSeq;
    s.ack = (spec.flags & ACK) ? (client ? ServerIsn : ClientIsn) + spec.relAck : 0;
    s.len = spec.len;
    s.win = 512;
    s.winScaled = spec.flags & SYN ? 65495 : 65536;
    s.clientState = spec.client;
    s.serverState = spec.server;
    s.options.hasTimestamps = true;
    s.options.tsval = 1931230171u + frame;
    s.options.tsecr = frame == 1 ? 0 : 1931230171u;
    if (spec.flags & SYN) {
        s.options.mss = 65495;
        s.options.sackPerm = true;
        s.options.wscale = 7;
    }
    return s;
}

// `connections` conversations, one after the other, each `rounds` times longer in data.
void fill(Timeline &t, int connections = 1, int extraData = 0)
{
    t.setSource({QStringLiteral("file"), QStringLiteral("x.pcap"), QStringLiteral("EN10MB"), QString(), {}, {}});
    uint32_t frame = 1;
    for (int c = 1; c <= connections; ++c) {
        const uint32_t first = frame;
        const int64_t base = T0 + int64_t(c - 1) * 5'000'000;
        CaptureBatch b;
        for (size_t i = 0; i < kSegments; ++i) {
            b.segments.push_back(makeSegment(kConversation[i], frame++, base + int64_t(i) * 52, uint32_t(c)));
            if (i == 4) {
                for (int k = 0; k < extraData; ++k) {
                    Spec data = kConversation[3];
                    b.segments.push_back(makeSegment(data, frame++, base + 250 + k, uint32_t(c)));
                }
            }
        }
        Connection conn;
        conn.id = uint32_t(c);
        conn.client = {IpAddress::v4(127, 0, 0, 1), uint16_t(46727 + c)};
        conn.server = {IpAddress::v4(127, 0, 0, 1), 6666};
        conn.handshake = Handshake::Complete;
        conn.sawSyn = conn.sawSynAck = true;
        // What the tracker proves of kConversation: a listener answered with the SYN+ACK, which
        // established the client; the ACK after it, the server.
        conn.serverInitial = TcpState::Listen;
        conn.synAckFrame = first + 1;
        conn.establishingFrame = first + 2;
        b.connections.push_back(conn);
        b.counts.total = b.counts.tcp = frame - 1;
        t.appendBatch(b);
    }
    // A SACK block on the last segment, and one decoding error.
    CaptureBatch extra;
    Segment sack = makeSegment(kConversation[4], frame++, T0 + 300, 1);
    sack.options.sackBlockCount = 1;
    sack.options.sackBlocks[0] = {ClientIsn + 10, ClientIsn + 20};
    extra.segments.push_back(sack);
    extra.connections.push_back(t.connections()[0]);
    extra.errors.push_back({frame, QStringLiteral("truncated"), QStringLiteral("TCP header cut at 14 of 20 bytes")});
    extra.counts = {frame, frame - 1, 1, 0, 0, std::nullopt, std::nullopt, std::nullopt};
    t.appendBatch(extra);
}

// A live session's timeline: fill()'s first conversation with the calls our sockets logged (a
// listener, a client that connects, sends and closes, the server's accept, recv and close), a
// call on no connection captured and a refused connect.
void fillLive(Timeline &t)
{
    Timeline file;
    fill(file);
    t.setSource({QStringLiteral("live"), QStringLiteral("lo"), QStringLiteral("EN10MB"), QStringLiteral("tcp port 6666"), QStringLiteral("host"), {}});
    using hvtest::connectedCall;
    using hvtest::listenerCall;
    const Endpoint client = hvtest::loopback(46728), server = hvtest::loopback(6666);
    t.appendCall(listenerCall(CallKind::Socket, T0 - 5000, 1, server));
    t.appendCall(listenerCall(CallKind::Bind, T0 - 5000, 1, server));
    t.appendCall(listenerCall(CallKind::Listen, T0 - 4990, 1, server, 50));
    t.appendCall(connectedCall(CallKind::Connect, CallSide::Client, T0 - 10, 10, client, server));
    CaptureBatch b;
    for (size_t i = 0; i < kSegments; ++i)
        b.segments.push_back(file.segment(i));
    b.connections.push_back(file.connections()[0]);
    b.counts.total = b.counts.tcp = kSegments;
    b.counts.dropped = 3;
    b.counts.ifDropped = 0;
    t.appendBatch(b);
    t.appendCall(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 60, 10, client, server));
    t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 400, 20, server, client, -1, 1));
    t.appendCall(connectedCall(CallKind::Send, CallSide::Client, T0 + 150, 10, client, server, 5));
    t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, T0 + 450, 20, server, client, 5));
    t.appendCall(connectedCall(CallKind::Close, CallSide::Client, T0 + 250, 10, client, server));
    t.appendCall(connectedCall(CallKind::Recv, CallSide::Server, T0 + 500, 20, server, client, 0));
    t.appendCall(connectedCall(CallKind::Close, CallSide::Server, T0 + 510, 20, server, client));
    SocketCall loose;
    loose.kind = CallKind::Socket;
    loose.socket = 30;
    loose.timeUs = T0 + 900;
    t.appendCall(loose);
    SocketCall refused = connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 950, 31, hvtest::loopback(50000),
                                       hvtest::loopback(7777));
    refused.error = ECONNREFUSED;
    t.appendCall(refused);
    t.appendCall(listenerCall(CallKind::Close, T0 + 2000, 1, server));
    t.appendError({0, QStringLiteral("read"), QStringLiteral("the capture stopped")});
}

// A capture file into a timeline as the program reads one: libpcap, the pipeline, batches.
bool readCapture(Timeline &t, const QString &path, QString *why)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_t *p = pcap_open_offline_with_tstamp_precision(QFile::encodeName(path).constData(), PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    if (!p) {
        *why = QString::fromLocal8Bit(errbuf);
        return false;
    }
    t.setSource({QStringLiteral("file"), QFileInfo(path).fileName(), QString::fromStdString(linkTypeName(pcap_datalink(p))), QString(), {}, {}});
    PacketPipeline pipeline(pcap_datalink(p));
    const auto cb = [](u_char *user, const pcap_pkthdr *h, const u_char *bytes) {
        reinterpret_cast<PacketPipeline *>(user)->addFrame(*h, bytes);
    };
    int n = 0;
    while ((n = pcap_dispatch(p, 4096, cb, reinterpret_cast<u_char *>(&pipeline))) > 0)
        t.appendBatch(pipeline.takeBatch());
    if (pipeline.pending())
        t.appendBatch(pipeline.takeBatch());
    if (n < 0)
        *why = QString::fromLocal8Bit(pcap_geterr(p));
    pcap_close(p);
    return n == 0;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int inkPixels(const QImage &image)
{
    int ink = 0;
    const QRgb white = qRgb(255, 255, 255);
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if ((image.pixel(x, y) & 0xffffff) != (white & 0xffffff))
                ++ink;
    return ink;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void json();
    void jsonOptionsOnlyWhenPresent();
    void text();
    void liveDrops();
    void png();
    void pngGrowsWithContent();
    void pngCapped();
    void svg();
    void errors_data();
    void errors();
    void pcapHook();
    void streamedEqualsInMemory_data();
    void streamedEqualsInMemory();
    void streamedLongCapture();
    void jsonStringsEscapedAsQt();
    void writeFailures_data();
    void writeFailures();
    void failureMidwayKeepsTheOldFile_data();
    void failureMidwayKeepsTheOldFile();
    void progressAndCancel();
    void devicesWrittenInPlace();

private:
    QTemporaryDir dir_;
    QString path(const QString &name) const { return dir_.filePath(name); }
};

void TestExport::initTestCase()
{
    QVERIFY(dir_.isValid());
}

void TestExport::json()
{
    Timeline t;
    fill(t);
    QString error;
    QVERIFY2(exportTimeline(t, path("out.json"), &error), qPrintable(error));
    const QByteArray raw = readAll(path("out.json"));
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(raw, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);

    QCOMPARE(root["format"].toString(), QStringLiteral("handshake-viz/1"));
    QCOMPARE(root["source"].toObject()["kind"].toString(), QStringLiteral("file"));
    QCOMPARE(root["source"].toObject()["name"].toString(), QStringLiteral("x.pcap"));
    QCOMPARE(root["source"].toObject()["linktype"].toString(), QStringLiteral("EN10MB"));
    const QJsonObject packets = root["packets"].toObject();
    QCOMPARE(packets.keys(), (QStringList{"dropped", "if_dropped", "malformed", "skipped", "tcp", "total", "truncated"}));
    // A file does not say what its capture lost: unknown, not 0.
    QVERIFY(packets["dropped"].isNull());
    QVERIFY(packets["if_dropped"].isNull());
    QCOMPARE(packets["total"].toInteger(), qint64(kSegments + 2));
    QCOMPARE(packets["tcp"].toInteger(), qint64(kSegments + 1));
    QCOMPARE(packets["truncated"].toInteger(), 1);

    const QJsonArray errors = root["errors"].toArray();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].toObject()["frame"].toInteger(), qint64(kSegments + 2));
    QCOMPARE(errors[0].toObject()["kind"].toString(), QStringLiteral("truncated"));
    QVERIFY(errors[0].toObject()["reason"].toString().contains(QStringLiteral("14 of 20")));

    const QJsonArray connections = root["connections"].toArray();
    QCOMPARE(connections.size(), 1);
    const QJsonObject c = connections[0].toObject();
    QCOMPARE(c.keys(), (QStringList{"client", "handshake", "id", "segments", "server"}));
    QCOMPARE(c["id"].toInteger(), 1);
    QCOMPARE(c["client"].toObject()["addr"].toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(c["client"].toObject()["port"].toInteger(), 46728);
    QCOMPARE(c["server"].toObject()["port"].toInteger(), 6666);
    QCOMPARE(c["handshake"].toString(), QStringLiteral("complete"));

    const QJsonArray segs = c["segments"].toArray();
    QCOMPARE(segs.size(), qsizetype(kSegments + 1));
    const QJsonObject syn = segs[0].toObject();
    QCOMPARE(syn.keys(), (QStringList{"ack", "anomalies", "client_state", "flags", "frame", "from", "len", "options",
                                      "rel_ack", "rel_seq", "retransmission", "seq", "server_state", "time_us", "win",
                                      "win_scaled"}));
    QCOMPARE(syn["frame"].toInteger(), 1);
    QCOMPARE(syn["time_us"].toInteger(), T0);
    QCOMPARE(syn["from"].toString(), QStringLiteral("client"));
    QCOMPARE(syn["flags"].toString(), QStringLiteral("SYN"));
    QCOMPARE(syn["seq"].toInteger(), qint64(ClientIsn));
    QCOMPARE(syn["ack"].toInteger(), 0);
    QCOMPARE(syn["rel_seq"].toInteger(), 0);
    QCOMPARE(syn["len"].toInteger(), 0);
    QCOMPARE(syn["win"].toInteger(), 512);
    QCOMPARE(syn["win_scaled"].toInteger(), 65495);
    QCOMPARE(syn["retransmission"].toBool(), false);
    QCOMPARE(syn["anomalies"].toArray().size(), 0);
    QCOMPARE(syn["client_state"].toString(), QStringLiteral("SYN_SENT"));
    QCOMPARE(syn["server_state"].toString(), QStringLiteral("SYN_RCVD"));
    const QJsonObject opts = syn["options"].toObject();
    QCOMPARE(opts["mss"].toInteger(), 65495);
    QCOMPARE(opts["sack_perm"].toBool(), true);
    QCOMPARE(opts["tsval"].toInteger(), qint64(1931230172));
    QCOMPARE(opts["tsecr"].toInteger(), 0);
    QCOMPARE(opts["wscale"].toInteger(), 7);

    const QJsonObject synAck = segs[1].toObject();
    QCOMPARE(synAck["flags"].toString(), QStringLiteral("SYN, ACK"));
    QCOMPARE(synAck["from"].toString(), QStringLiteral("server"));
    QCOMPARE(synAck["seq"].toInteger(), qint64(ServerIsn));
    QCOMPARE(synAck["ack"].toInteger(), qint64(ClientIsn) + 1);
    QCOMPARE(synAck["rel_ack"].toInteger(), 1);
    QCOMPARE(segs[3].toObject()["flags"].toString(), QStringLiteral("PSH, ACK"));
    QCOMPARE(segs[3].toObject()["len"].toInteger(), 5);

    // Integers, written as integers: no exponent, no fraction.
    QVERIFY(raw.contains("\"time_us\": 1764170000000000"));
    QVERIFY(raw.contains("\"seq\": 2750012345"));
    QVERIFY(raw.contains("\"seq\": 4000000000"));
    QVERIFY(!raw.contains("e+"));

    const QJsonArray calls = root["socket_calls"].toArray();
    // A file's calls are inferred from its packets: listen() and connect() at the first SYN.
    QCOMPARE(calls.size(), qsizetype(t.allCalls().size()));
    QVERIFY(t.allCalls().size() > 2);
    const QJsonObject listen = calls[0].toObject();
    QCOMPARE(listen.keys(), (QStringList{"call", "connection", "detail", "inferred", "local", "peer", "side", "time_us"}));
    QCOMPARE(listen["time_us"].toInteger(), T0);
    QCOMPARE(listen["side"].toString(), QStringLiteral("server"));
    QCOMPARE(listen["call"].toString(), QStringLiteral("listen"));
    QCOMPARE(listen["detail"].toString(), QStringLiteral("127.0.0.1:6666"));
    QCOMPARE(listen["inferred"].toBool(), true);
    QCOMPARE(listen["connection"].toInteger(), 1);
    QCOMPARE(listen["local"].toString(), QStringLiteral("127.0.0.1:6666"));
    QVERIFY(listen["peer"].isNull());
    const QJsonObject connect = calls[1].toObject();
    QCOMPARE(connect["call"].toString(), QStringLiteral("connect"));
    QCOMPARE(connect["local"].toString(), QStringLiteral("127.0.0.1:46728"));
    QCOMPARE(connect["peer"].toString(), QStringLiteral("127.0.0.1:6666"));
    // connect() returns at the SYN+ACK, accept() at the ACK after it.
    QCOMPARE(calls[2].toObject()["call"].toString(), QStringLiteral("connect returns"));
    QCOMPARE(calls[2].toObject()["time_us"].toInteger(), T0 + 52);
    QCOMPARE(calls[3].toObject()["call"].toString(), QStringLiteral("accept returns"));
    QCOMPARE(calls[3].toObject()["time_us"].toInteger(), T0 + 104);
}

void TestExport::jsonOptionsOnlyWhenPresent()
{
    Timeline t;
    fill(t);
    const QJsonObject root = QJsonDocument::fromJson(timelineToJson(t)).object();
    const QJsonArray segs = root["connections"].toArray()[0].toObject()["segments"].toArray();
    const QJsonObject ack = segs[2].toObject()["options"].toObject();
    QCOMPARE(ack.keys(), (QStringList{"tsecr", "tsval"}));
    const QJsonObject sack = segs.last().toObject()["options"].toObject();
    QCOMPARE(sack["sack"].toArray().size(), 1);
    QCOMPARE(sack["sack"].toArray()[0].toArray()[0].toInteger(), qint64(ClientIsn) + 10);
    QCOMPARE(sack["sack"].toArray()[0].toArray()[1].toInteger(), qint64(ClientIsn) + 20);

    Segment bare;
    bare.connection = 1;
    Timeline plain;
    CaptureBatch b;
    b.segments.push_back(bare);
    Connection c;
    c.id = 1;
    b.connections.push_back(c);
    plain.appendBatch(b);
    const QJsonObject o = QJsonDocument::fromJson(timelineToJson(plain)).object();
    QVERIFY(o["connections"].toArray()[0].toObject()["segments"].toArray()[0].toObject()["options"].toObject().isEmpty());
}

void TestExport::text()
{
    Timeline t;
    fill(t, 2);
    QString error;
    QVERIFY2(exportTimeline(t, path("out.txt"), &error), qPrintable(error));
    const QStringList lines = QString::fromUtf8(readAll(path("out.txt"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    static const QRegularExpression segmentLine(QStringLiteral(R"(^\s*\d+ -?\d+\.\d{6} \S+ → \S+ TCP )"));
    const QStringList segments = lines.filter(segmentLine);
    QCOMPARE(segments.size(), qsizetype(t.segments().size()));

    const QString first = segments[0];
    QVERIFY2(first.startsWith(QStringLiteral("   1 0.000000 127.0.0.1:46728 → 127.0.0.1:6666 TCP 46728 → 6666 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=1931230172 TSecr=0 WS=128")),
             qPrintable(first));
    QVERIFY(first.endsWith(QStringLiteral("   client SYN_SENT | server SYN_RCVD")));
    QVERIFY(segments[1].contains(QStringLiteral("6666 → 46728 [SYN, ACK] Seq=0 Ack=1")));
    QVERIFY(segments[3].contains(QStringLiteral("[PSH, ACK] Seq=1 Ack=1 Win=65536 Len=5")));
    QVERIFY(lines.filter(QStringLiteral("SLE=%1 SRE=%2").arg(ClientIsn + 10).arg(ClientIsn + 20)).size() == 1);

    // Socket calls, in their place, and the second connection.
    const QStringList calls = lines.filter(QRegularExpression(QStringLiteral(R"(^\s+- -?\d+\.\d{6} (client|server) )")));
    QCOMPARE(calls.size(), qsizetype(t.allCalls().size()));
    QVERIFY2(calls[0].contains(QStringLiteral("0.000000 server listen() 127.0.0.1:6666 (inferred)")), qPrintable(calls[0]));
    QVERIFY(lines.indexOf(calls[0]) < lines.indexOf(first));
    QCOMPARE(lines.filter(QStringLiteral("# connection ")).size(), 2);
    QVERIFY(lines.filter(QStringLiteral("5.000000 127.0.0.1:46729 → 127.0.0.1:6666 TCP 46729 → 6666 [SYN]")).size() == 1);
    QVERIFY(lines.filter(QStringLiteral("# error: frame")).size() == 1);

    ExportOptions absolute;
    absolute.relativeNumbers = false;
    QVERIFY(timelineToText(t, absolute).contains(QStringLiteral("[SYN] Seq=%1 Win").arg(ClientIsn)));
}

void TestExport::liveDrops()
{
    // A live capture's drops, as the capture thread's batches carry them: numbers in JSON and in
    // the text header (0 is a number too), while a file says "unknown" (text()'s timeline).
    Timeline t;
    t.setSource({QStringLiteral("live"), QStringLiteral("lo"), QStringLiteral("EN10MB"), QStringLiteral("tcp port 6666"), QStringLiteral("lab"), {QStringLiteral("syn:2"), QStringLiteral("fin:1")}});
    CaptureBatch b;
    b.counts.total = b.counts.tcp = 4;
    b.counts.dropped = 1234;
    b.counts.ifDropped = 0;
    t.appendBatch(b);
    QString error;
    QVERIFY2(exportTimeline(t, path("live.json"), &error), qPrintable(error));
    const QJsonObject packets = QJsonDocument::fromJson(readAll(path("live.json"))).object()["packets"].toObject();
    // Where it ran and what its kernel was asked to drop, in the streamed file as in the builder's.
    const QJsonObject source = QJsonDocument::fromJson(readAll(path("live.json"))).object()["source"].toObject();
    QCOMPARE(source["network"].toString(), QStringLiteral("lab"));
    QCOMPARE(source["drops"].toArray(), (QJsonArray{QStringLiteral("syn:2"), QStringLiteral("fin:1")}));
    QCOMPARE(readAll(path("live.json")), timelineToJson(t));
    QVERIFY(packets["dropped"].isDouble());
    QCOMPARE(packets["dropped"].toInteger(), 1234);
    QVERIFY(packets["if_dropped"].isDouble());
    QCOMPARE(packets["if_dropped"].toInteger(), 0);
    const QString text = timelineToText(t, {});
    QVERIFY2(text.contains(QStringLiteral("# packets: 4 total, 4 tcp, 0 truncated, 0 malformed, 0 skipped, 1234 dropped, 0 if_dropped\n")),
             qPrintable(text));

    Timeline file;
    fill(file);
    QVERIFY(timelineToText(file, {}).contains(QStringLiteral(" skipped, unknown dropped, unknown if_dropped\n")));
}

void TestExport::png()
{
    Timeline t;
    fill(t);
    QString error;
    ExportOptions options;
    QVERIFY2(exportTimeline(t, path("out.png"), &error, options), qPrintable(error));
    QImage image(path("out.png"));
    QVERIFY(!image.isNull());
    const LadderGeometry g = layoutLadder(t, 1, options.font, options.width);
    QCOMPARE(image.width(), qRound(g.contentSize.width() * 2));
    QCOMPARE(image.height(), qRound(g.contentSize.height() * 2));
    QCOMPARE(image.pixel(1, 1) & 0xffffff, 0xffffffu); // white background
    const int ink = inkPixels(image);
    QVERIFY2(ink > image.width() * image.height() / 4 / 50, qPrintable(QString::number(ink))); // > 2 % drawn

    // Every arrow colour is there.
    auto hasColour = [&](QRgb c) {
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if ((image.pixel(x, y) & 0xffffff) == (c & 0xffffff))
                    return true;
        return false;
    };
    QVERIFY(hasColour(qRgb(0x25, 0x63, 0xeb))); // SYN
    QVERIFY(hasColour(qRgb(0x15, 0x80, 0x3d))); // data
    QVERIFY(hasColour(qRgb(0xea, 0x58, 0x0c))); // FIN

    options.connection = 1;
    QVERIFY(exportTimeline(t, path("one.png"), &error, options));
    QCOMPARE(QImage(path("one.png")).size(), image.size());
}

void TestExport::pngGrowsWithContent()
{
    QString error;
    Timeline small, large, two;
    fill(small);
    fill(large, 1, 10);
    fill(two, 2);
    QVERIFY(exportTimeline(small, path("small.png"), &error));
    QVERIFY(exportTimeline(large, path("large.png"), &error));
    QVERIFY(exportTimeline(two, path("two.png"), &error));
    const QImage a(path("small.png")), b(path("large.png")), c(path("two.png"));
    QVERIFY(b.height() > a.height());
    QVERIFY(c.height() > a.height() * 3 / 2); // both connections, stacked
    QCOMPARE(a.width(), b.width());
    QVERIFY(inkPixels(b) > inkPixels(a));

    ExportOptions wide;
    wide.width = 1400;
    QVERIFY(exportTimeline(small, path("wide.png"), &error, wide));
    QVERIFY(QImage(path("wide.png")).width() > a.width());
}

void TestExport::pngCapped()
{
    Timeline t;
    fill(t, 1, 400); // ~400 rows, far more than the cap
    ExportOptions options;
    options.width = 560;
    options.devicePixelRatio = 1;
    QString error;
    QVERIFY2(exportTimeline(t, path("capped.png"), &error, options), qPrintable(error));
    const QImage image(path("capped.png"));
    QCOMPARE(image.height(), int(kMaxPngLogicalHeight));
    // The notice band at the bottom is drawn (amber, not white).
    QVERIFY((image.pixel(2, image.height() - 3) & 0xffffff) != 0xffffffu);

    // The SVG keeps everything.
    QVERIFY(exportTimeline(t, path("capped.svg"), &error, options));
    const QByteArray svg = readAll(path("capped.svg"));
    QVERIFY(svg.count("PSH, ACK - Len: 5") >= 401);
}

void TestExport::svg()
{
    Timeline t;
    fill(t);
    QString error;
    QVERIFY2(exportTimeline(t, path("out.svg"), &error), qPrintable(error));
    const QString svg = QString::fromUtf8(readAll(path("out.svg")));
    QVERIFY(svg.startsWith(QStringLiteral("<?xml")));
    QVERIFY(svg.contains(QStringLiteral("<svg")));
    for (const char *text : {">SYN<", ">SYN, ACK<", ">ACK<", ">PSH, ACK - Len: 5<", ">FIN, ACK<", ">Seq=0 Ack=1<",
                             ">CLOSED<", ">LISTEN<", ">SYN_SENT<", ">SYN_RCVD<", ">ESTABLISHED<", ">FIN_WAIT_1<",
                             ">FIN_WAIT_2<", ">CLOSE_WAIT<", ">LAST_ACK<", ">TIME_WAIT<", ">client<", ">server<",
                             ">127.0.0.1:46728<", ">127.0.0.1:6666<", ">listen()<", ">connect()<",
                             "a SYN takes one sequence number"})
        QVERIFY2(svg.contains(QString::fromUtf8(text)), text);
}

void TestExport::errors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("png in a missing directory") << "missing/dir/OUT.png" << "cannot write %1: ";
    QTest::newRow("svg in a missing directory") << "missing/dir/OUT.svg" << "cannot write %1: ";
    QTest::newRow("json in a missing directory") << "missing/dir/OUT.json" << "cannot write %1: ";
    QTest::newRow("txt in a missing directory") << "missing/dir/OUT.txt" << "cannot write %1: ";
    QTest::newRow("unknown extension") << "OUT.xyz" << "unknown export format '.xyz' (use .png .svg .pdf .txt .json .pcap)";
    QTest::newRow("pcap without a writer") << "OUT.pcap" << "cannot write %1: ";
}

void TestExport::errors()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    Timeline t;
    fill(t);
    const QString target = path(file);
    QString error;
    QVERIFY(!exportTimeline(t, target, &error));
    if (expected.contains(QStringLiteral("%1"))) {
        const QString prefix = expected.arg(target);
        QVERIFY2(error.startsWith(prefix), qPrintable(error));
        QVERIFY2(error.length() > prefix.length() + 3, "a reason follows the file name");
    } else {
        QCOMPARE(error, expected);
    }
    QVERIFY(!QFile::exists(target));
}

void TestExport::pcapHook()
{
    Timeline t;
    fill(t);
    ExportOptions options;
    QString seen;
    options.pcapWriter = [&](const QString &p, QString *) {
        seen = p;
        return true;
    };
    QString error;
    QVERIFY(exportTimeline(t, path("raw.PCAP"), &error, options));
    QCOMPARE(seen, path("raw.PCAP"));
}

// A timeline to compare, by the name of a _data row.
void makeTimeline(const QString &kind, Timeline &t, const QString &tmp)
{
    if (kind == u"synthetic") {
        fill(t, 3, 5);
    } else if (kind == u"live") {
        fillLive(t);
    } else if (kind == u"empty") {
        // No source, no segments: null counts, empty arrays and objects.
    } else {
        QString capture = kind;
        if (kind == u"generated") {
            // IPv6 and IPv4, resets, interleaved connections, a Linux cooked header.
            capture = QDir(tmp).filePath(QStringLiteral("generated.pcap"));
            if (!QFile::exists(capture)) {
                const int rc = QProcess::execute(QStringLiteral("python3"),
                                                 {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), capture, QStringLiteral("--conns"),
                                                  QStringLiteral("400"), QStringLiteral("--rounds"), QStringLiteral("3"),
                                                  QStringLiteral("--ipv6-frac"), QStringLiteral("0.3"), QStringLiteral("--rst-frac"),
                                                  QStringLiteral("0.2"), QStringLiteral("--concurrency"), QStringLiteral("9"),
                                                  QStringLiteral("--linktype"), QStringLiteral("sll")});
                QVERIFY2(rc == 0, qPrintable(QStringLiteral("python3 %1/gen_tcp_pcap.py failed").arg(QStringLiteral(HV_TOOLS_DIR))));
            }
        }
        QString why;
        QVERIFY2(readCapture(t, capture, &why), qPrintable(capture + QStringLiteral(": ") + why));
        QVERIFY(t.segmentCount() > 0);
    }
}

void TestExport::streamedEqualsInMemory_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("tests/data/handshake.pcap") << QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap");
    QTest::newRow("resources/samples/handshake.pcap") << QStringLiteral(HV_SOURCE_DIR "/resources/samples/handshake.pcap");
    QTest::newRow("generated capture") << QStringLiteral("generated");
    QTest::newRow("synthetic, with SACK and errors") << QStringLiteral("synthetic");
    QTest::newRow("live, with logged calls") << QStringLiteral("live");
    QTest::newRow("empty") << QStringLiteral("empty");
}

// What exportTimeline() writes as it goes is, byte for byte, what the in-memory builders make
// (QJsonDocument's indented JSON, the QStringList of lines): whole, per connection, both numbers.
void TestExport::streamedEqualsInMemory()
{
    QFETCH(QString, kind);
    Timeline t;
    makeTimeline(kind, t, dir_.path());
    if (QTest::currentTestFailed())
        return;
    QString error;
    QVERIFY2(exportTimeline(t, path("streamed.json"), &error), qPrintable(error));
    const QByteArray json = readAll(path("streamed.json"));
    const QByteArray reference = timelineToJson(t);
    if (json != reference) {
        const auto at = std::mismatch(json.begin(), json.end(), reference.begin(), reference.end()).first - json.begin();
        QFAIL(qPrintable(QStringLiteral("JSON differs at byte %1:\n%2\nreference:\n%3")
                             .arg(at)
                             .arg(QString::fromUtf8(json.mid(std::max<qsizetype>(0, at - 200), 400)),
                                  QString::fromUtf8(reference.mid(std::max<qsizetype>(0, at - 200), 400)))));
    }

    std::vector<ExportOptions> variants(2);
    variants[1].relativeNumbers = false;
    if (t.connections().size() >= 2) {
        variants.push_back({});
        variants.back().connection = 2;
    }
    for (const ExportOptions &options : variants) {
        QVERIFY2(exportTimeline(t, path("streamed.txt"), &error, options), qPrintable(error));
        const QByteArray text = readAll(path("streamed.txt"));
        const QByteArray expected = timelineToText(t, options).toUtf8();
        if (text != expected) {
            const auto at = std::mismatch(text.begin(), text.end(), expected.begin(), expected.end()).first - text.begin();
            QFAIL(qPrintable(QStringLiteral("text (connection %1, %2) differs at byte %3:\n%4\nreference:\n%5")
                                 .arg(options.connection)
                                 .arg(options.relativeNumbers ? QStringLiteral("relative") : QStringLiteral("absolute"))
                                 .arg(at)
                                 .arg(QString::fromUtf8(text.mid(std::max<qsizetype>(0, at - 200), 400)),
                                      QString::fromUtf8(expected.mid(std::max<qsizetype>(0, at - 200), 400)))));
        }
    }
    // Nothing is left behind but the two documents.
    QVERIFY(!entries(dir_.path()).filter(QRegularExpression(QStringLiteral("^streamed\\.(json|txt)\\..+"))).size());
}

// A document of many chunks: still the same bytes.
void TestExport::streamedLongCapture()
{
    Timeline t;
    fill(t, 40, 400); // 40 connections, ~16 k segments, several MiB of JSON
    QString error;
    QVERIFY2(exportTimeline(t, path("long.json"), &error), qPrintable(error));
    QVERIFY(QFileInfo(path("long.json")).size() > 4 * ExportFile::kChunk);
    QVERIFY(readAll(path("long.json")) == timelineToJson(t));
    QVERIFY2(exportTimeline(t, path("long.txt"), &error), qPrintable(error));
    QVERIFY(QFileInfo(path("long.txt")).size() > ExportFile::kChunk);
    QVERIFY(readAll(path("long.txt")) == timelineToText(t).toUtf8());
}

// Every UTF-16 code unit alone, the pairs around the surrogate range, lone surrogates at the end
// and in the middle, control characters, quotes and backslashes: escaped as QJsonDocument does.
void TestExport::jsonStringsEscapedAsQt()
{
    auto qt = [](const QString &s) {
        const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
        return doc.mid(1, doc.size() - 2); // inside [ ]
    };
    for (uint u = 0; u <= 0xffff; ++u) {
        const QString s{QChar(char16_t(u))};
        if (JsonWriter::quoted(s) != qt(s))
            QFAIL(qPrintable(QStringLiteral("U+%1: %2, Qt: %3").arg(u, 4, 16, QLatin1Char('0'))
                                 .arg(QString::fromLatin1(JsonWriter::quoted(s).toHex()), QString::fromLatin1(qt(s).toHex()))));
    }
    const QStringList tricky = {
        QStringLiteral("plain"), QString(), QStringLiteral("a\"b\\c/d\x7f"), QStringLiteral("tab\tnl\ncr\rff\fbs\b\x01\x1f"),
        QStringLiteral("é中文🙂"), QString(QChar(0xd83d)) + QStringLiteral("x"), QStringLiteral("x") + QChar(0xd83d),
        QString(QChar(0xde42)) + QChar(0xd83d), QString(QChar(0xd83d)) + QChar(0xd83d) + QChar(0xde42),
        QString(QChar(0xfffe)) + QChar(0xffff) + QChar(0xfdd0)};
    for (const QString &s : tricky)
        QCOMPARE(JsonWriter::quoted(s), qt(s));

    // The same strings where an export writes them (source, errors): the whole document matches.
    Timeline t;
    fill(t);
    t.setSource({QStringLiteral("file"), tricky.join(QChar(0x2028)), QStringLiteral("EN\u0000MB"), QString(), {}, {}});
    CaptureBatch b;
    for (const QString &s : tricky)
        b.errors.push_back({7, s, s + QStringLiteral(" \"reason\"")});
    b.counts = t.counts();
    t.appendBatch(b);
    QString error;
    QVERIFY2(exportTimeline(t, path("tricky.json"), &error), qPrintable(error));
    QCOMPARE(readAll(path("tricky.json")), timelineToJson(t));
    QVERIFY2(exportTimeline(t, path("tricky.txt"), &error), qPrintable(error));
    QCOMPARE(readAll(path("tricky.txt")), timelineToText(t).toUtf8());
}

void TestExport::writeFailures_data()
{
    // Cases root cannot write either (CI runs as root): the path is a folder, a folder on the way
    // is a file, the folder is missing, /proc takes no new files.
    QTest::addColumn<QString>("file");   // in the test's directory, unless absolute
    QTest::addColumn<QString>("reason"); // what the message says after the path
    for (const char *ext : {"json", "txt", "png", "svg"}) {
        QTest::addRow("%s: a folder", ext) << QStringLiteral("folder.%1").arg(QLatin1String(ext)) << QString();
        QTest::addRow("%s: under a file", ext) << QStringLiteral("plain-file/x.%1").arg(QLatin1String(ext)) << QStringLiteral("Not a directory");
        QTest::addRow("%s: missing folder", ext) << QStringLiteral("missing/x.%1").arg(QLatin1String(ext))
                                                 << QStringLiteral("No such file or directory");
        QTest::addRow("%s: under /etc/passwd", ext) << QStringLiteral("/etc/passwd/x.%1").arg(QLatin1String(ext))
                                                    << QStringLiteral("Not a directory");
        QTest::addRow("%s: in /proc", ext) << QStringLiteral("/proc/hv-export-test.%1").arg(QLatin1String(ext)) << QString();
    }
}

// One line naming the file once and why; nothing left behind.
void TestExport::writeFailures()
{
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QTemporaryDir here;
    QVERIFY(QDir(here.path()).mkdir(QStringLiteral("folder.json")));
    QVERIFY(QDir(here.path()).mkdir(QStringLiteral("folder.txt")));
    QVERIFY(QDir(here.path()).mkdir(QStringLiteral("folder.png")));
    QVERIFY(QDir(here.path()).mkdir(QStringLiteral("folder.svg")));
    {
        QFile plain(here.filePath(QStringLiteral("plain-file")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write("x");
    }
    const QStringList before = entries(here.path());
    const QString target = QFileInfo(file).isAbsolute() ? file : here.filePath(file);
    Timeline t;
    fill(t);
    QString error;
    QVERIFY(!exportTimeline(t, target, &error));
    const QString prefix = QStringLiteral("cannot write %1: ").arg(target);
    QVERIFY2(error.startsWith(prefix), qPrintable(error));
    QVERIFY2(error.size() > prefix.size() + 3, qPrintable(error)); // a reason follows
    QVERIFY2(error.count(target) == 1, qPrintable(error));
    QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
    if (!reason.isEmpty())
        QVERIFY2(error.endsWith(reason), qPrintable(error));
    QCOMPARE(entries(here.path()), before);
    QCOMPARE(QFileInfo(here.filePath(QStringLiteral("plain-file"))).size(), 1);
    QVERIFY(QFileInfo(here.filePath(QStringLiteral("folder.json"))).isDir());
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/hv-export-test.json")));
}

void TestExport::failureMidwayKeepsTheOldFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("extraData");
    // Several chunks (the write of the first fails), and a document smaller than one chunk
    // (written only at the commit).
    QTest::newRow("json, long") << QStringLiteral("kept.json") << 3000;
    QTest::newRow("json, short") << QStringLiteral("kept.json") << 0;
    QTest::newRow("txt, long") << QStringLiteral("kept.txt") << 8000;
    QTest::newRow("txt, short") << QStringLiteral("kept.txt") << 0;
    QTest::newRow("png") << QStringLiteral("kept.png") << 0;
}

// A disk that fills up as the export writes (a file size limit: root is held to it too): the
// export fails naming the file and why, the file that was there stays as it was, no temporary
// file is left.
void TestExport::failureMidwayKeepsTheOldFile()
{
    QFETCH(QString, file);
    QFETCH(int, extraData);
    QTemporaryDir here;
    const QString target = here.filePath(file);
    const QByteArray good(6000, 'g');
    {
        QFile f(target);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(good);
    }
    Timeline t;
    fill(t, 1, extraData);

    rlimit saved{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of the signal
    rlimit tight = saved;
    tight.rlim_cur = 1000;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &tight) == 0);
    QString error;
    const bool ok = exportTimeline(t, target, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);

    QVERIFY(!ok);
    const QString prefix = QStringLiteral("cannot write %1: ").arg(target);
    QVERIFY2(error.startsWith(prefix), qPrintable(error));
    QVERIFY2(error.count(target) == 1, qPrintable(error));
    QVERIFY2(error.size() > prefix.size() + 3, qPrintable(error));
    QCOMPARE(readAll(target), good);
    QCOMPARE(entries(here.path()), QStringList{file});
}

// Progress after each chunk, up to the whole; a cancel keeps the old file and leaves no other.
void TestExport::progressAndCancel()
{
    Timeline t;
    fill(t, 20, 1000);
    for (const QString &name : {QStringLiteral("progress.json"), QStringLiteral("progress.txt")}) {
        std::vector<std::pair<uint64_t, uint64_t>> seen;
        ExportOptions options;
        options.progress = [&](uint64_t done, uint64_t total) {
            seen.emplace_back(done, total);
            return true;
        };
        QString error;
        QVERIFY2(exportTimeline(t, path(name), &error, options), qPrintable(error));
        QVERIFY2(seen.size() >= 2, qPrintable(name));
        for (size_t i = 0; i < seen.size(); ++i) {
            QVERIFY(seen[i].first <= seen[i].second);
            QCOMPARE(seen[i].second, seen[0].second);
            QVERIFY(i == 0 || seen[i].first >= seen[i - 1].first);
        }
        QVERIFY(seen[0].second >= t.segmentCount());

        const QByteArray whole = readAll(path(name));
        int calls = 0;
        options.progress = [&](uint64_t, uint64_t) { return ++calls < 2; };
        QVERIFY(!exportTimeline(t, path(name), &error, options));
        QCOMPARE(calls, 2);
        QVERIFY2(error.startsWith(QStringLiteral("cannot write %1: ").arg(path(name))), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
        QCOMPARE(readAll(path(name)), whole);
        QVERIFY(entries(dir_.path()).filter(QRegularExpression(QStringLiteral("^progress\\..+\\..+"))).isEmpty());
    }
}

// A device already at the path (or behind a symlink) is written in place, never replaced by a
// file: /dev/null takes everything, /dev/full says it is full.
void TestExport::devicesWrittenInPlace()
{
    QTemporaryDir here;
    Timeline t;
    fill(t, 3, 200);
    for (const char *ext : {"json", "txt", "svg"}) {
        const QString full = here.filePath(QStringLiteral("full.%1").arg(QLatin1String(ext)));
        const QString null = here.filePath(QStringLiteral("null.%1").arg(QLatin1String(ext)));
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), full));
        QVERIFY(QFile::link(QStringLiteral("/dev/null"), null));
        QString error;
        QVERIFY(!exportTimeline(t, full, &error));
        QCOMPARE(error, QStringLiteral("cannot write %1: No space left on device").arg(full));
        QVERIFY2(exportTimeline(t, null, &error), qPrintable(error));
    }
    struct stat st{};
    QVERIFY(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
    QVERIFY(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    QCOMPARE(entries(here.path()), (QStringList{"full.json", "full.svg", "full.txt", "null.json", "null.svg", "null.txt"}));
    QVERIFY(QFileInfo(here.filePath(QStringLiteral("full.json"))).isSymLink());
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
