// Broken and unusual capture files through the real reader: hv::Capture on a file written here,
// byte by byte. Whatever the file holds, the capture ends (never a crash or a hang), every good
// packet before a fault is kept, and the fault is told with its kind, the file (once), the frame
// and libpcap's words.
#include "Capture.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <grp.h>
#include <unistd.h>

#include <random>

using namespace hv;

namespace {

// ---- little-endian writers (pcap and pcapng as a little-endian host writes them) ----

void le16(QByteArray &b, unsigned v)
{
    b.append(char(v & 0xFF));
    b.append(char((v >> 8) & 0xFF));
}
void le32(QByteArray &b, uint32_t v)
{
    le16(b, v & 0xFFFF);
    le16(b, v >> 16);
}
void be16(QByteArray &b, unsigned v)
{
    b.append(char((v >> 8) & 0xFF));
    b.append(char(v & 0xFF));
}
void be32(QByteArray &b, uint32_t v)
{
    be16(b, v >> 16);
    be16(b, v & 0xFFFF);
}

constexpr int kEthernet = 1;
constexpr uint32_t kClientIsn = 1000, kServerIsn = 5000;
constexpr uint32_t kBaseSec = 1764170000;

// Ethernet + IPv4 + TCP from 127.0.0.1:46728 or :6666, no options.
QByteArray frame(bool fromClient, uint16_t flags, uint32_t seq, uint32_t ack, const QByteArray &payload = {})
{
    QByteArray tcp;
    be16(tcp, fromClient ? 46728 : 6666);
    be16(tcp, fromClient ? 6666 : 46728);
    be32(tcp, seq);
    be32(tcp, ack);
    be16(tcp, 5u << 12 | flags);
    be16(tcp, 65495);
    be32(tcp, 0); // checksum, urgent pointer
    tcp += payload;
    QByteArray ip;
    ip.append(char(0x45));
    ip.append(char(0));
    be16(ip, unsigned(20 + tcp.size()));
    be32(ip, 0x40000000u); // id 0, DF
    ip.append(char(64));
    ip.append(char(6));
    be16(ip, 0);
    be32(ip, 0x7F000001u);
    be32(ip, 0x7F000001u);
    QByteArray eth(12, '\0');
    be16(eth, 0x0800);
    return eth + ip + tcp;
}

// A handshake and one data segment: four TCP frames.
QList<QByteArray> conversation()
{
    return {frame(true, TcpFlag::Syn, kClientIsn, 0),
            frame(false, TcpFlag::Syn | TcpFlag::Ack, kServerIsn, kClientIsn + 1),
            frame(true, TcpFlag::Ack, kClientIsn + 1, kServerIsn + 1),
            frame(true, TcpFlag::Psh | TcpFlag::Ack, kClientIsn + 1, kServerIsn + 1, "hello")};
}

// ---- classic pcap ----

constexpr uint32_t kMagicMicro = 0xA1B2C3D4, kMagicNano = 0xA1B23C4D;

QByteArray pcapHeader(uint32_t linkType = kEthernet, uint32_t magic = kMagicMicro, uint32_t snaplen = 262144)
{
    QByteArray b;
    le32(b, magic);
    le16(b, 2);
    le16(b, 4);
    le32(b, 0); // thiszone
    le32(b, 0); // sigfigs
    le32(b, snaplen);
    le32(b, linkType);
    return b;
}

QByteArray pcapRecordHeader(uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t len)
{
    QByteArray b;
    le32(b, sec);
    le32(b, frac);
    le32(b, caplen);
    le32(b, len);
    return b;
}

QByteArray pcapRecord(const QByteArray &data, uint32_t frac = 0, uint32_t sec = kBaseSec)
{
    return pcapRecordHeader(sec, frac, uint32_t(data.size()), uint32_t(data.size())) + data;
}

// The conversation as records, the n-th one n milliseconds after kBaseSec.
QByteArray pcapRecords(const QList<QByteArray> &frames, bool nanoseconds = false)
{
    QByteArray b;
    for (qsizetype i = 0; i < frames.size(); ++i)
        b += pcapRecord(frames[i], uint32_t(i + 1) * (nanoseconds ? 1000000u : 1000u));
    return b;
}

QByteArray goodPcap()
{
    return pcapHeader() + pcapRecords(conversation());
}

// ---- pcapng ----

QByteArray pad4(QByteArray b)
{
    while (b.size() % 4)
        b.append('\0');
    return b;
}

QByteArray block(uint32_t type, const QByteArray &body)
{
    const QByteArray padded = pad4(body);
    const auto total = uint32_t(12 + padded.size());
    QByteArray b;
    le32(b, type);
    le32(b, total);
    b += padded;
    le32(b, total);
    return b;
}

QByteArray sectionHeader()
{
    QByteArray body;
    le32(body, 0x1A2B3C4D);
    le16(body, 1);
    le16(body, 0);
    le32(body, 0xFFFFFFFF); // section length unknown (-1)
    le32(body, 0xFFFFFFFF);
    return block(0x0A0D0D0A, body);
}

// `options`: pcapng options without the end-of-options marker.
QByteArray interfaceDescription(uint16_t linkType = kEthernet, const QByteArray &options = {})
{
    QByteArray body;
    le16(body, linkType);
    le16(body, 0);
    le32(body, 262144);
    if (!options.isEmpty())
        body += options + QByteArray(4, '\0');
    return block(1, body);
}

QByteArray pcapngOption(uint16_t code, const QByteArray &value)
{
    QByteArray b;
    le16(b, code);
    le16(b, unsigned(value.size()));
    return b + pad4(value);
}

QByteArray enhancedPacket(const QByteArray &data, uint32_t interfaceId = 0, uint64_t timeUs = uint64_t(kBaseSec) * 1000000)
{
    QByteArray body;
    le32(body, interfaceId);
    le32(body, uint32_t(timeUs >> 32));
    le32(body, uint32_t(timeUs));
    le32(body, uint32_t(data.size()));
    le32(body, uint32_t(data.size()));
    body += pad4(data);
    return block(6, body);
}

// A Custom Block (pcapng 4.8, copiable) with a private enterprise number and its own bytes.
QByteArray customBlock()
{
    QByteArray body;
    le32(body, 32473); // the example PEN of RFC 5612
    body += "handshake-viz was here";
    return block(0x00000BAD, body);
}

// ---- driving the real reader ----

struct Outcome {
    bool started = false;
    bool finished = false;
    qint64 elapsedMs = 0;
    std::optional<CaptureFailure> failure; // what Capture::failed said
    QString message;                       // describeFailure() of it, empty when none
    SourceInfo source;
    std::vector<Segment> segments;
    std::vector<CaptureError> errors;
    PacketCounts counts;
};

Outcome readFile(const QString &path)
{
    Capture capture;
    QSignalSpy started(&capture, &Capture::started);
    QSignalSpy batches(&capture, &Capture::batchReady);
    QSignalSpy failed(&capture, &Capture::failed);
    QSignalSpy finished(&capture, &Capture::finished);
    CaptureRequest request;
    request.kind = CaptureRequest::Kind::File;
    request.source = path;
    QElapsedTimer clock;
    clock.start();
    capture.start(request);
    Outcome out;
    out.finished = finished.wait(10000) || !finished.isEmpty();
    out.elapsedMs = clock.elapsed();
    capture.stop();
    out.started = !started.isEmpty();
    if (out.started)
        out.source = started.first().first().value<SourceInfo>();
    if (!failed.isEmpty()) {
        out.failure = failed.first().first().value<CaptureFailure>();
        out.message = describeFailure(*out.failure);
    }
    for (const auto &args : batches) {
        const auto b = args.first().value<CaptureBatch>();
        out.segments.insert(out.segments.end(), b.segments.begin(), b.segments.end());
        out.errors.insert(out.errors.end(), b.errors.begin(), b.errors.end());
        out.counts = b.counts;
    }
    return out;
}

QString describe(const Outcome &o)
{
    QStringList lines;
    lines << QStringLiteral("started=%1 finished=%2 failure='%3' segments=%4 total=%5")
                 .arg(o.started)
                 .arg(o.finished)
                 .arg(o.message)
                 .arg(o.segments.size())
                 .arg(o.counts.total);
    for (const CaptureError &e : o.errors)
        lines << QStringLiteral("  error frame %1 %2: %3").arg(e.frame).arg(e.kind, e.reason);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestCaptureFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void openFailures_data();
    void openFailures();
    void files_data();
    void files();
    void nanosecondTimestampsAreScaled();
    void outOfRangeTimestampsSaturate_data();
    void outOfRangeTimestampsSaturate();
    void keepsEveryGoodPacketBeforeGarbage_data();
    void keepsEveryGoodPacketBeforeGarbage();

private:
    // Runs one test function (or function:row) of this program again as uid/gid 65534 and expects it
    // to pass: for what root may do but a user may not.
    void runAsNobody(const QString &testFunction)
    {
        QProcess child;
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.setChildProcessModifier([] {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(125);
        });
        child.start(QCoreApplication::applicationFilePath(), {testFunction});
        if (!child.waitForStarted(10000))
            QSKIP(qPrintable(QStringLiteral("running as root, and the test cannot run itself as uid 65534 (%1): "
                                            "this row needs a user that may not read the file")
                                 .arg(child.errorString())));
        QVERIFY(child.waitForFinished(30000));
        const QByteArray output = child.readAll();
        if (child.exitCode() == 125)
            QSKIP("running as root, and dropping to uid 65534 failed: this row needs a user that may not read the file");
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("PASS   : TestCaptureFiles::" + testFunction.section(QLatin1Char(':'), 0, 0).toLatin1()),
                 output.constData());
    }

    // A file name of its own for each data row: "truncated-record-header.pcap".
    QString pathForRow() const
    {
        QString name = QString::fromLatin1(QTest::currentDataTag());
        for (QChar &c : name)
            if (!c.isLetterOrNumber())
                c = QLatin1Char('-');
        return dir_.filePath(name + QStringLiteral(".pcap"));
    }

    QTemporaryDir dir_;
};

void TestCaptureFiles::initTestCase()
{
    QVERIFY(dir_.isValid());
}

// A file that does not open says so through failed(): the kind, and a message that names the
// file once, then the reason (never "x.pcap: x.pcap: Permission denied"); the capture never starts.
void TestCaptureFiles::openFailures_data()
{
    using Kind = CaptureFailure::Kind;
    QTest::addColumn<QString>("make");    // "file" (with content), "nothing", "directory", "unreadable"
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("kind");        // CaptureFailure::Kind
    QTest::addColumn<QString>("says");    // in the message
    QTest::addColumn<int>("linkType");    // expected in the failure, -1: none

    const QList<QByteArray> conv = conversation();
    const QString file = QStringLiteral("file");
    QByteArray noise;
    std::mt19937 random(20251201); // fixed: the same bytes every run, and no capture magic among them
    for (int i = 0; i < 256; ++i)
        noise.append(char(random() & 0xFF));
    QByteArray gzip("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
    gzip += noise;

    auto row = [](const char *tag, const QString &make, const QByteArray &content, Kind kind, const QString &says,
                  int linkType = -1) {
        QTest::newRow(tag) << make << content << int(kind) << says << linkType;
    };
    row("nonexistent path", QStringLiteral("nothing"), {}, Kind::NoSuchFile, QStringLiteral(": no such file"));
    row("a directory", QStringLiteral("directory"), {}, Kind::IsDirectory, QStringLiteral(": it is a directory"));
    row("unreadable file", QStringLiteral("unreadable"), goodPcap(), Kind::Unreadable,
        QStringLiteral(": permission denied"));
    row("empty file", file, {}, Kind::EmptyFile, QStringLiteral(": the file is empty"));
    row("text file", file, "tcp 127.0.0.1:46728 > 127.0.0.1:6666 SYN\n", Kind::NotACapture,
        QStringLiteral(": it is text, not a pcap or pcapng capture"));
    row("UTF-8 text", file, QStringLiteral("抓包 — a note, not a capture\n").toUtf8(), Kind::NotACapture,
        QStringLiteral(": it is text, not a pcap or pcapng capture"));
    row("bad magic", file, "GIF89a\x01\x00\x01\x00\x80\x00\x00", Kind::NotACapture,
        QStringLiteral(": not a pcap or pcapng capture"));
    row("random bytes", file, noise, Kind::NotACapture, QStringLiteral(": not a pcap or pcapng capture"));
    row("gzip-compressed", file, gzip, Kind::NotACapture, QStringLiteral(": it is compressed with gzip"));
    row("truncated file header", file, pcapHeader().left(10), Kind::Other, QStringLiteral(": truncated dump file"));
    row("magic only", file, pcapHeader().left(4), Kind::Other, QStringLiteral(": truncated dump file"));
    row("unknown link type 147 (USER0)", file, pcapHeader(147) + pcapRecords(conv), Kind::UnsupportedLinkType,
        QStringLiteral(": link type 147 (USER0, for private use) is not supported"), 147);
    row("unknown link type 65000", file, pcapHeader(65000) + pcapRecords(conv), Kind::UnsupportedLinkType,
        QStringLiteral(": link type 65000"), 65000);
    row("pcapng without an interface", file, sectionHeader(), Kind::Other,
        QStringLiteral(": the capture file has no Interface Description Blocks"));
    row("pcapng interface of link type USER0", file,
        sectionHeader() + interfaceDescription(147) + enhancedPacket(conv[0]), Kind::UnsupportedLinkType,
        QStringLiteral(": link type 147 (USER0, for private use) is not supported"), 147);
    row("pcapng truncated section header", file, sectionHeader().left(20), Kind::Other,
        QStringLiteral(": truncated pcapng dump file"));
}

void TestCaptureFiles::openFailures()
{
    QFETCH(QString, make);
    QFETCH(QByteArray, content);
    QFETCH(int, kind);
    QFETCH(QString, says);
    QFETCH(int, linkType);

    const QString path = pathForRow();
    if (make == QLatin1String("directory")) {
        QVERIFY(QDir().mkpath(path));
    } else if (make != QLatin1String("nothing")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
        f.close();
        if (make == QLatin1String("unreadable")) {
            QVERIFY(f.setPermissions({}));
            if (::geteuid() == 0) {
                // Root reads any file, as libpcap would for it: run this very row as nobody.
                runAsNobody(QStringLiteral("openFailures:") + QString::fromLatin1(QTest::currentDataTag()));
                return;
            }
        }
    }

    const Outcome o = readFile(path);
    const QByteArray what = describe(o).toUtf8();
    QVERIFY2(o.finished, what.constData());
    QVERIFY2(o.elapsedMs < 5000, what.constData());
    QVERIFY2(o.failure, what.constData());
    QVERIFY2(!o.started && o.segments.empty(), what.constData());
    QCOMPARE(int(o.failure->kind), kind);
    QCOMPARE(o.failure->subject, path);
    QCOMPARE(o.failure->linkType, linkType);
    QVERIFY2(o.message.contains(says), what.constData());
    QVERIFY2(o.message.count(QFileInfo(path).fileName()) == 1, what.constData()); // the file, named once
    QVERIFY2(o.message.contains(path + says), what.constData());                   // then the reason
    QVERIFY2(!o.message.contains(QLatin1Char('\n')), what.constData());
}

// A file that opens and fails part-way keeps what came before and reports a "read" error on the
// frame that could not be read, in libpcap's words (files that do not open: openFailures).
void TestCaptureFiles::files_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("segments");      // TCP segments delivered
    QTest::addColumn<int>("total");         // frames counted
    QTest::addColumn<QString>("errorKind"); // of the only error, empty: none
    QTest::addColumn<int>("errorFrame");
    QTest::addColumn<QString>("errorReason");

    const QList<QByteArray> conv = conversation();
    const QByteArray good = goodPcap();
    const QByteArray oneGood = pcapHeader() + pcapRecord(conv[0]);

    QTest::newRow("good pcap") << good << 4 << 4 << QString() << 0 << QString();
    QTest::newRow("good pcap, big-endian writer")
        << [&] {
               QByteArray b;
               be32(b, kMagicMicro);
               be16(b, 2);
               be16(b, 4);
               be32(b, 0);
               be32(b, 0);
               be32(b, 65535);
               be32(b, kEthernet);
               for (const QByteArray &f : conv) {
                   be32(b, kBaseSec);
                   be32(b, 0);
                   be32(b, uint32_t(f.size()));
                   be32(b, uint32_t(f.size()));
                   b += f;
               }
               return b;
           }()
        << 4 << 4 << QString() << 0 << QString();
    QTest::newRow("header only, no packets") << pcapHeader() << 0 << 0 << QString() << 0 << QString();

    // Faults after the first record: the first frame is kept, frame 2 carries the read error.
    QTest::newRow("truncated record header")
        << oneGood + pcapRecordHeader(kBaseSec, 0, 60, 60).left(9) << 1 << 1 << QStringLiteral("read") << 2 << QStringLiteral("truncated dump file");
    QTest::newRow("truncated record data")
        << oneGood + pcapRecord(conv[1]).left(16 + 30) << 1 << 1 << QStringLiteral("read") << 2
        << QStringLiteral("truncated dump file");
    QTest::newRow("absurd caplen 0x7fffffff")
        << oneGood + pcapRecordHeader(kBaseSec, 0, 0x7FFFFFFF, 0x7FFFFFFF) + conv[1] << 1 << 1 << QStringLiteral("read")
        << 2 << QStringLiteral("invalid packet capture length 2147483647");
    QTest::newRow("caplen 0xffffffff")
        << oneGood + pcapRecordHeader(kBaseSec, 0, 0xFFFFFFFF, 60) << 1 << 1 << QStringLiteral("read") << 2
        << QStringLiteral("invalid packet capture length");

    // Records libpcap hands over but that are wrong in themselves: counted and listed, never tracked.
    QTest::newRow("caplen above len")
        << oneGood + pcapRecordHeader(kBaseSec, 0, uint32_t(conv[1].size()), 20) + conv[1] << 1 << 2
        << QStringLiteral("malformed") << 2 << QStringLiteral("larger than the original length");
    QTest::newRow("caplen 0")
        << oneGood + pcapRecordHeader(kBaseSec, 0, 0, 60) << 1 << 2 << QStringLiteral("truncated") << 2
        << QStringLiteral("caplen 0");
    QTest::newRow("caplen above the file's snaplen")
        << pcapHeader(kEthernet, kMagicMicro, 40) + pcapRecords(conv) << 0 << 4 << QStringLiteral("truncated") << 4
        << QStringLiteral("snaplen cut");

    // pcapng.
    const QByteArray ngStart = sectionHeader() + interfaceDescription();
    QByteArray ngPackets;
    for (const QByteArray &f : conv)
        ngPackets += enhancedPacket(f);
    QTest::newRow("pcapng") << ngStart + ngPackets << 4 << 4 << QString() << 0 << QString();
    QTest::newRow("pcapng with custom, local and statistics blocks")
        << ngStart + customBlock() + enhancedPacket(conv[0]) + block(0x80000001, "a block for local use")
               + enhancedPacket(conv[1]) + block(0x00000F00, "an unknown block type") + enhancedPacket(conv[2])
               + block(5, QByteArray(16, '\0')) + customBlock() + enhancedPacket(conv[3])
        << 4 << 4 << QString() << 0 << QString();
    QTest::newRow("pcapng packet on an undeclared interface")
        << ngStart + enhancedPacket(conv[0]) + enhancedPacket(conv[1], 3) + enhancedPacket(conv[2]) << 1 << 1
        << QStringLiteral("read") << 2 << QStringLiteral("interface 3");
    QTest::newRow("pcapng second interface of another link type")
        << ngStart + enhancedPacket(conv[0]) + interfaceDescription(113) + enhancedPacket(conv[1], 1) << 1 << 1
        << QStringLiteral("read") << 2 << QStringLiteral("interface");
    QTest::newRow("pcapng block length below the minimum")
        << ngStart + enhancedPacket(conv[0]) + [] {
               QByteArray b;
               le32(b, 6);
               le32(b, 8);
               le32(b, 8);
               return b;
           }()
        << 1 << 1 << QStringLiteral("read") << 2 << QStringLiteral("length");
    QTest::newRow("pcapng block cut short")
        << ngStart + enhancedPacket(conv[0]) + enhancedPacket(conv[1]).left(30) << 1 << 1 << QStringLiteral("read") << 2
        << QStringLiteral("truncated");
}

void TestCaptureFiles::files()
{
    QFETCH(QByteArray, content);
    QFETCH(int, segments);
    QFETCH(int, total);
    QFETCH(QString, errorKind);
    QFETCH(int, errorFrame);
    QFETCH(QString, errorReason);

    const QString path = pathForRow();
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(content), content.size());
    f.close();

    const Outcome o = readFile(path);
    const QByteArray what = describe(o).toUtf8();
    QVERIFY2(o.finished, what.constData());
    QVERIFY2(o.elapsedMs < 5000, what.constData());
    QVERIFY2(!o.failure, what.constData());
    QVERIFY2(o.started, what.constData());
    QCOMPARE(o.source.kind, QStringLiteral("file"));
    QCOMPARE(o.source.name, path);
    QVERIFY2(int(o.segments.size()) == segments, what.constData());
    QVERIFY2(int(o.counts.total) == total, what.constData());
    // The segments that made it are the conversation's, numbered as in the file.
    for (size_t i = 0; i < o.segments.size(); ++i) {
        QVERIFY2(o.segments[i].frame >= 1, what.constData());
        QCOMPARE(o.segments[i].connection, 1u);
    }
    if (o.segments.size() >= 3) {
        QCOMPARE(o.segments[0].flags, TcpFlag::Syn);
        QCOMPARE(o.segments[2].clientState, TcpState::Established);
    }

    if (errorKind.isEmpty()) {
        QVERIFY2(o.errors.empty(), what.constData());
        return;
    }
    QVERIFY2(!o.errors.empty(), what.constData());
    const CaptureError &e = o.errors.back();
    QCOMPARE(e.kind, errorKind);
    QCOMPARE(int(e.frame), errorFrame);
    QVERIFY2(e.reason.contains(errorReason), what.constData());
    if (errorKind == QLatin1String("read")) {
        // It names the frame; the file is named by whoever shows it, so not here again.
        QVERIFY2(e.reason.contains(QStringLiteral("frame %1").arg(errorFrame)), what.constData());
        QVERIFY2(!e.reason.contains(QFileInfo(path).fileName()), what.constData());
    }
}

// A nanosecond pcap (magic a1b23c4d) is read at microsecond precision: times are scaled, not
// taken as microseconds.
void TestCaptureFiles::nanosecondTimestampsAreScaled()
{
    const QString path = dir_.filePath(QStringLiteral("nanoseconds.pcap"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QList<QByteArray> conv = conversation();
    QByteArray content = pcapHeader(kEthernet, kMagicNano);
    for (qsizetype i = 0; i < conv.size(); ++i)
        content += pcapRecord(conv[i], uint32_t(i) * 250000000u + 999u); // i quarter-seconds + 999 ns
    f.write(content);
    f.close();

    const Outcome o = readFile(path);
    QVERIFY2(o.finished && !o.failure && o.errors.empty(), qPrintable(describe(o)));
    QCOMPARE(o.segments.size(), size_t(4));
    for (size_t i = 0; i < o.segments.size(); ++i)
        QCOMPARE(o.segments[i].timeUs, int64_t(kBaseSec) * 1000000 + int64_t(i) * 250000);
}

// pcapng times are 64-bit counts of any unit plus an offset in seconds: libpcap can hand over
// seconds far beyond what microseconds since the epoch hold. Found by fuzz_capture_file (signed
// overflow in the conversion); such times saturate at +-2^62 us and the packet is kept.
void TestCaptureFiles::outOfRangeTimestampsSaturate_data()
{
    QTest::addColumn<QByteArray>("idbOptions");
    QTest::addColumn<quint64>("units");
    QTest::addColumn<qint64>("timeUs");

    constexpr qint64 limit = qint64(1) << 62;
    const auto tsresol = [](uint8_t r) { return pcapngOption(9, QByteArray(1, char(r))); };
    const auto tsoffset = [](qint64 seconds) {
        QByteArray v;
        le32(v, uint32_t(quint64(seconds)));
        le32(v, uint32_t(quint64(seconds) >> 32));
        return pcapngOption(14, v);
    };
    QTest::newRow("in range") << QByteArray() << quint64(1764170000123456) << qint64(1764170000123456);
    QTest::newRow("all ones, microseconds (the fuzzer's input)") << QByteArray() << ~quint64(0) << limit;
    QTest::newRow("2^63 microseconds") << QByteArray() << (quint64(1) << 63) << limit;
    QTest::newRow("2^62 seconds (if_tsresol 0)") << tsresol(0) << (quint64(1) << 62) << limit;
    QTest::newRow("if_tsoffset far in the past") << tsoffset(-(qint64(1) << 62)) << quint64(5) << -limit;
    QTest::newRow("if_tsoffset far in the future") << tsoffset(qint64(1) << 61) << quint64(5) << limit;
    QTest::newRow("if_tsoffset -1 s, time 0") << tsoffset(-1) << quint64(0) << qint64(-1000000);
}

void TestCaptureFiles::outOfRangeTimestampsSaturate()
{
    QFETCH(QByteArray, idbOptions);
    QFETCH(quint64, units);
    QFETCH(qint64, timeUs);

    const QString path = pathForRow();
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(sectionHeader() + interfaceDescription(kEthernet, idbOptions) + enhancedPacket(conversation()[0], 0, units));
    f.close();

    const Outcome o = readFile(path);
    QVERIFY2(o.finished && !o.failure && o.errors.empty(), qPrintable(describe(o)));
    QCOMPARE(o.segments.size(), size_t(1));
    QCOMPARE(o.segments[0].timeUs, timeUs);
}

// Good frames, then bytes that are no record: every good frame is delivered, tracked as usual,
// and the error names the frame that could not be read.
void TestCaptureFiles::keepsEveryGoodPacketBeforeGarbage_data()
{
    QTest::addColumn<int>("goodFrames");
    QTest::addColumn<QByteArray>("garbage");
    QTest::addColumn<QString>("reason");

    QByteArray noise;
    for (int i = 0; i < 64; ++i)
        noise.append(char(0xA5 ^ (i * 37)));
    QTest::newRow("3 frames, noise") << 3 << noise << QStringLiteral("invalid packet capture length");
    QTest::newRow("4 frames, text") << 4 << QByteArray("this is where the capture stops making sense")
                                    << QStringLiteral("invalid packet capture length");
    QTest::newRow("4 frames, zeros") << 4 << QByteArray(40, '\0') << QStringLiteral("");
    QTest::newRow("400 frames, 0xff") << 400 << QByteArray(40, '\xff') << QStringLiteral("invalid packet capture length");
    QTest::newRow("5000 frames (more than one dispatch), noise")
        << 5000 << noise << QStringLiteral("invalid packet capture length");
}

void TestCaptureFiles::keepsEveryGoodPacketBeforeGarbage()
{
    QFETCH(int, goodFrames);
    QFETCH(QByteArray, garbage);
    QFETCH(QString, reason);

    // A handshake, then data segments from the client, each one a new 5-byte chunk.
    QList<QByteArray> frames = conversation().mid(0, 3);
    uint32_t seq = kClientIsn + 1;
    while (frames.size() < goodFrames) {
        frames << frame(true, TcpFlag::Psh | TcpFlag::Ack, seq, kServerIsn + 1, "chunk");
        seq += 5;
    }
    frames = frames.mid(0, goodFrames);
    const QString path = pathForRow();
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(pcapHeader() + pcapRecords(frames) + garbage);
    f.close();

    const Outcome o = readFile(path);
    const QByteArray what = describe(o).toUtf8();
    QVERIFY2(o.finished && !o.failure, what.constData());
    QCOMPARE(int(o.segments.size()), goodFrames);
    for (int i = 0; i < goodFrames; ++i) {
        QCOMPARE(o.segments[size_t(i)].frame, uint32_t(i + 1));
        QVERIFY(!o.segments[size_t(i)].retransmission);
    }
    QCOMPARE(o.segments.back().clientState, TcpState::Established);
    if (reason.isEmpty()) {
        // 40 zero bytes read as two empty records and a cut header: libpcap's call, either way
        // nothing is tracked from them and nothing crashes.
        for (const CaptureError &e : o.errors)
            QVERIFY2(int(e.frame) > goodFrames, what.constData());
        return;
    }
    QVERIFY2(o.errors.size() == 1, what.constData());
    QCOMPARE(o.errors[0].kind, QStringLiteral("read"));
    QCOMPARE(int(o.errors[0].frame), goodFrames + 1);
    QVERIFY2(o.errors[0].reason.contains(reason), what.constData());
    QVERIFY2(o.errors[0].reason.contains(QStringLiteral("frame %1").arg(goodFrames + 1)), what.constData());
    QVERIFY2(!o.errors[0].reason.contains(QFileInfo(path).fileName()), what.constData());
}

QTEST_GUILESS_MAIN(TestCaptureFiles)
#include "tst_capture_files.moc"
