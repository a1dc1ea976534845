// The program as a user runs it from a shell: the headless demo, --read, and what it says on bad input.
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <atomic>
#include <csignal>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoExportsEveryFormat();
    void readMatchesDemoExport();
    void badInput_data();
    void badInput();
    void portInUse();
    void helpNamesTheProgram();
    void noFontProbeNoise();
    void refusedDemoExportsWhatHappened();
    void ipv6OnlyListenerIsNotOnAnIpv4Ladder();
    void orderIn20Demos();
    void severalClients();
    void connectToPortZero();
    void helpAndErrorsInChinese();
    void demoReportsKernelDrops();
    void captureBufferMustBeANumber();
    void memoryLimitMustBeANumber();
    void exportFailureSaysOneLine_data();
    void exportFailureSaysOneLine();
    void exportSuccessSaysNothing();
    void worksheetAndItsAnswers();
    void pdfIsPagesOfText();
    void slidesOfTheHandshake();
    void slideSeriesAndPages();
    void animatedSteps();
    void oneConnectionOfSeveral();
};

static int nonBackgroundPixels(const QImage &img)
{
    const QRgb bg = img.pixel(0, 0);
    int n = 0;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2)
            if (img.pixel(x, y) != bg)
                ++n;
    return n;
}

void TestCli::demoExportsEveryFormat()
{
    QTemporaryDir dir;
    const quint16 port = hvtest::freePort();
    const QString base = dir.filePath(QStringLiteral("demo"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                          QStringLiteral("--send"), QStringLiteral("hello"),
                                          QStringLiteral("--send"), QStringLiteral("你好"), // 6 bytes of UTF-8
                                          QStringLiteral("--export"), base + QStringLiteral(".json"),
                                          QStringLiteral("--export"), base + QStringLiteral(".png"),
                                          QStringLiteral("--export"), base + QStringLiteral(".svg"),
                                          QStringLiteral("--export"), base + QStringLiteral(".txt"),
                                          QStringLiteral("--export"), base + QStringLiteral(".pcap")});
    QVERIFY2(r.finished, "the demo did not finish within 60 s");
    QVERIFY2(r.exitCode == 0, r.err.constData());

    const QJsonObject root = hvtest::readJson(base + QStringLiteral(".json"));
    QCOMPARE(root.value(QLatin1String("format")).toString(), QStringLiteral("handshake-viz/1"));
    QCOMPARE(root.value(QLatin1String("source")).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("live"));
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QCOMPARE(conns.size(), 1);
    const QJsonObject c = conns.first().toObject();
    QCOMPARE(c.value(QLatin1String("handshake")).toString(), QStringLiteral("complete"));
    QCOMPARE(c.value(QLatin1String("server")).toObject().value(QLatin1String("port")).toInt(), int(port));
    QCOMPARE(c.value(QLatin1String("client")).toObject().value(QLatin1String("addr")).toString(), QStringLiteral("127.0.0.1"));
    const QJsonArray segs = c.value(QLatin1String("segments")).toArray();
    QStringList labels;
    QList<int> clientLens;
    for (const QJsonValue &v : segs) {
        const QJsonObject s = v.toObject();
        labels << s.value(QLatin1String("flags")).toString();
        if (s.value(QLatin1String("from")).toString() == QLatin1String("client") && s.value(QLatin1String("len")).toInt() > 0)
            clientLens << s.value(QLatin1String("len")).toInt();
        for (const char *key : {"frame", "time_us", "from", "flags", "seq", "ack", "rel_seq", "rel_ack", "len", "win",
                                "win_scaled", "options", "retransmission", "anomalies", "client_state", "server_state"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
    }
    QCOMPARE(labels.mid(0, 3), (QStringList{QStringLiteral("SYN"), QStringLiteral("SYN, ACK"), QStringLiteral("ACK")}));
    QCOMPARE(clientLens, (QList<int>{5, 6}));
    QVERIFY(labels.contains(QStringLiteral("FIN, ACK")));
    const QJsonObject syn = segs.first().toObject();
    QCOMPARE(syn.value(QLatin1String("rel_seq")).toInt(), 0);
    QVERIFY(syn.value(QLatin1String("options")).toObject().value(QLatin1String("mss")).toInt() > 0);
    // The socket calls measured in the process are there too, in time order.
    QStringList calls;
    for (const QJsonValue &v : root.value(QLatin1String("socket_calls")).toArray())
        calls << v.toObject().value(QLatin1String("call")).toString();
    for (const char *call : {"listen", "connect", "connect returns", "accept returns", "send", "close"})
        QVERIFY2(calls.contains(QLatin1String(call)), call);
    QVERIFY(calls.indexOf(QStringLiteral("listen")) < calls.indexOf(QStringLiteral("connect")));
    // Causes come before effects, on the same clock: each side's close() before its FIN leaves.
    for (const char *side : {"client", "server"}) {
        qint64 closeAt = 0, finAt = 0;
        for (const QJsonValue &v : root.value(QLatin1String("socket_calls")).toArray()) {
            const QJsonObject call = v.toObject();
            if (call.value(QLatin1String("side")).toString() == QLatin1String(side)
                && call.value(QLatin1String("call")).toString() == QLatin1String("close") && !closeAt
                && !call.value(QLatin1String("detail")).toString().contains(QLatin1String("listening")))
                closeAt = call.value(QLatin1String("time_us")).toInteger();
        }
        for (const QJsonValue &v : segs) {
            const QJsonObject s = v.toObject();
            if (s.value(QLatin1String("from")).toString() == QLatin1String(side)
                && s.value(QLatin1String("flags")).toString().contains(QLatin1String("FIN")) && !finAt)
                finAt = s.value(QLatin1String("time_us")).toInteger();
        }
        QVERIFY2(closeAt > 0 && finAt > 0, side);
        QVERIFY2(closeAt <= finAt, qPrintable(QStringLiteral("%1: close() at %2, FIN at %3").arg(QLatin1String(side)).arg(closeAt).arg(finAt)));
    }

    const QImage png(base + QStringLiteral(".png"));
    QVERIFY(!png.isNull());
    QVERIFY2(png.height() > png.width(), "a ladder of ten segments is taller than wide");
    QVERIFY2(nonBackgroundPixels(png) > 2000, "the PNG is blank");

    QFile svg(base + QStringLiteral(".svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    for (const char *text : {"SYN, ACK", "ESTABLISHED", "TIME_WAIT", "PSH, ACK - Len: 5"})
        QVERIFY2(svgText.contains(text), text);

    QFile txt(base + QStringLiteral(".txt"));
    QVERIFY(txt.open(QIODevice::ReadOnly));
    QVERIFY(txt.readAll().contains("[SYN, ACK] Seq=0 Ack=1"));

    // The raw packets open in tshark as the same ten-odd TCP frames.
    const hvtest::Run tshark = hvtest::run(QStringLiteral("tshark"), {QStringLiteral("-r"), base + QStringLiteral(".pcap"),
                                                                      QStringLiteral("-T"), QStringLiteral("fields"),
                                                                      QStringLiteral("-e"), QStringLiteral("tcp.len")});
    QVERIFY2(tshark.exitCode == 0, tshark.err.constData());
    QCOMPARE(tshark.out.trimmed().split('\n').size(), segs.size());
}

void TestCli::readMatchesDemoExport()
{
    // A demo's .pcap read back gives the same segments as the demo's own JSON.
    QTemporaryDir dir;
    const quint16 port = hvtest::freePort();
    const QString live = dir.filePath(QStringLiteral("live.json"));
    const QString pcap = dir.filePath(QStringLiteral("live.pcap"));
    QCOMPARE(hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                              QStringLiteral("--export"), live, QStringLiteral("--export"), pcap}).exitCode, 0);
    const QString read = dir.filePath(QStringLiteral("read.json"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), pcap, QStringLiteral("--export"), read});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray a = hvtest::readJson(live).value(QLatin1String("connections")).toArray();
    const QJsonArray b = hvtest::readJson(read).value(QLatin1String("connections")).toArray();
    QCOMPARE(a.size(), 1);
    QCOMPARE(b.size(), 1);
    QCOMPARE(a.first().toObject().value(QLatin1String("segments")), b.first().toObject().value(QLatin1String("segments")));
    QCOMPARE(hvtest::readJson(read).value(QLatin1String("source")).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("file"));
}

void TestCli::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mustSay");
    QTest::newRow("missing file") << QStringList{QStringLiteral("--read"), QStringLiteral("/nonexistent/x.pcap"), QStringLiteral("--export"), QStringLiteral("/tmp/hv-never.json")}
                                  << QStringLiteral("/nonexistent/x.pcap: no such file");
    QTest::newRow("not a capture") << QStringList{QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/CMakeLists.txt"), QStringLiteral("--export"), QStringLiteral("/tmp/hv-never.json")}
                                   << QStringLiteral("CMakeLists.txt");
    QTest::newRow("unknown format") << QStringList{QStringLiteral("--demo"), QStringLiteral("--export"), QStringLiteral("out.xyz")}
                                    << QStringLiteral("out.xyz: unknown format");
    QTest::newRow("export without source") << QStringList{QStringLiteral("--export"), QStringLiteral("out.png")}
                                           << QStringLiteral("needs --read FILE, --demo or --lesson NAME");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("nonsense"), QStringLiteral("--export"), QStringLiteral("x.json")}
                                << QStringLiteral("--listen nonsense");
    QTest::newRow("unwritable export") << QStringList{QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"), QStringLiteral("--export"), QStringLiteral("/nonexistent-dir/out.json")}
                                       << QStringLiteral("/nonexistent-dir/out.json");
    QTest::newRow("worksheet as text") << QStringList{QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"), QStringLiteral("--worksheet"), QStringLiteral("/tmp/hv-never.txt")}
                                       << QStringLiteral("--worksheet /tmp/hv-never.txt: a worksheet is a picture or a handout");
    QTest::newRow("blank nonsense") << QStringList{QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"), QStringLiteral("--worksheet"), QStringLiteral("/tmp/hv-never.pdf"), QStringLiteral("--blank"), QStringLiteral("seq,flags")}
                                    << QStringLiteral("--blank seq,flags: 'flags' is not seq, ack or states");
    QTest::newRow("worksheet without source") << QStringList{QStringLiteral("--worksheet"), QStringLiteral("/tmp/hv-never.pdf")}
                                              << QStringLiteral("--worksheet needs --read FILE, --demo or --lesson NAME");
    QTest::newRow("no such interface") << QStringList{QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(hvtest::freePort()), QStringLiteral("--interface"), QStringLiteral("nosuchif0"), QStringLiteral("--export"), QStringLiteral("/tmp/hv-never.json")}
                                       << QStringLiteral("nosuchif0");
}

void TestCli::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mustSay);
    const hvtest::Run r = hvtest::runViz(args, 30000);
    QVERIFY2(r.finished, "hung on bad input");
    QVERIFY2(r.exitCode != 0, r.err.constData());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(mustSay), qPrintable(err));
    // One line naming the problem, not a wall of text.
    QVERIFY2(err.trimmed().count(QLatin1Char('\n')) <= 1, qPrintable(err));
}

void TestCli::portInUse()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort()),
                                          QStringLiteral("--export"), QStringLiteral("/tmp/hv-never.json")});
    QVERIFY(r.exitCode != 0);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(squatter.serverPort())), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("in use")), qPrintable(err));
}

// --help is what a newcomer reads first: it names the program and every option of DESIGN.md.
void TestCli::helpNamesTheProgram()
{
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(QLatin1String("Usage: handshake-viz ")), qPrintable(out));
    for (const char *option : {"--read", "--export", "--demo", "--listen", "--connect", "--interface", "--send", "--lang",
                               "--screenshot"})
        QVERIFY2(out.contains(QLatin1String(option)), option);
}

// A chat in a script that no font here has OpenType tables for (Devanagari; fonts-noto-cjk and
// DejaVu have none): Qt's font database would print "OpenType support missing for …" once per
// installed family (measured: 36 lines for one message). The window's run prints none of them;
// the offscreen platform's own note about size hints is all there is.
void TestCli::noFontProbeNoise()
{
    // Only where no font has Devanagari (else Qt has nothing to warn of, and this proves nothing).
    const hvtest::Run fonts = hvtest::run(QStringLiteral("fc-list"), {QStringLiteral(":lang=hi")});
    if (fonts.exitCode != 0 || !fonts.out.trimmed().isEmpty())
        QSKIP("a font here covers Devanagari (or fc-list is missing): Qt would print nothing to hide");
    QTemporaryDir dir;
    const quint16 port = hvtest::freePort();
    const QString shot = dir.filePath(QStringLiteral("shot.png"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                          QStringLiteral("--send"), QStringLiteral("नमस्ते دنیا สวัสดี"), QStringLiteral("--screenshot"), shot});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    QVERIFY(!QImage(shot).isNull());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(!err.contains(QLatin1String("OpenType")), qPrintable(err));
}

// ---------------------------------------------------------------------------------------------
// Reading the text export: one section per connection, one line per step, in ladder order.

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

struct TextConnection {
    int id = 0;
    QString client; // "127.0.0.1:49534"
    QString server;
    QStringList lines; // the steps, header excluded
};

// "# connection 1: client A - server B, handshake complete", then its steps until the next "#" line.
QList<TextConnection> textConnections(const QString &text)
{
    static const QRegularExpression header(QStringLiteral(R"(^# connection (\d+): client (\S+) - server (\S+),)"));
    QList<TextConnection> out;
    bool inside = false;
    for (const QString &line : text.split(u'\n')) {
        if (line.startsWith(u'#')) {
            const QRegularExpressionMatch m = header.match(line);
            inside = m.hasMatch();
            if (inside)
                out.append({m.captured(1).toInt(), m.captured(2), m.captured(3), {}});
            continue;
        }
        if (inside && !line.trimmed().isEmpty())
            out.last().lines << line;
    }
    return out;
}

bool isCallLine(const QString &line)
{
    return line.startsWith(QLatin1String("   - "));
}

// A segment line: "   4 0.008110 A → B TCP ..." — who sent it, by the connection's endpoints.
QString segmentSender(const TextConnection &c, const QString &line)
{
    const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
    if (isCallLine(line) || words.size() < 3)
        return {};
    return words[2] == c.client ? QStringLiteral("client") : words[2] == c.server ? QStringLiteral("server") : QString();
}

// The first line at or after `from` that contains `what`, -1 when there is none.
qsizetype lineWith(const QStringList &lines, const QString &what, qsizetype from = 0)
{
    for (qsizetype i = from; i < lines.size(); ++i)
        if (lines[i].contains(what))
            return i;
    return -1;
}

QString numbered(const QStringList &lines)
{
    QStringList out;
    for (qsizetype i = 0; i < lines.size(); ++i)
        out << QStringLiteral("%1:%2").arg(i).arg(lines[i]);
    return out.join(u'\n');
}

QJsonArray callsOf(const QJsonObject &root, int connection)
{
    QJsonArray out;
    for (const QJsonValue &v : root.value(QLatin1String("socket_calls")).toArray())
        if (v.toObject().value(QLatin1String("connection")).toInt(-1) == connection)
            out.append(v);
    return out;
}

} // namespace

// Qt binds "::" IPv6-only: an IPv4 connect to the same port is refused by the kernel, and the
// ladder must not put our listener (LISTEN, SYN_RCVD, its calls) on that connection. The user is
// told why the listener missed it, after the refusal itself.
void TestCli::ipv6OnlyListenerIsNotOnAnIpv4Ladder()
{
    QTemporaryDir dir;
    const quint16 port = hvtest::freePort();
    QVERIFY(port);
    const QString json = dir.filePath(QStringLiteral("v6only.json"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("[::]:%1").arg(port),
                                          QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(port),
                                          QStringLiteral("--export"), json},
                                         30000);
    QVERIFY2(r.finished, "the demo did not finish within 30 s");
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(r.exitCode != 0, qPrintable(err));
    QStringList lines = err.trimmed().split(u'\n');
    // First the warning about "::" (reachable from other machines, and where; or that this machine
    // has no address for them now), then the errors, each once.
    QVERIFY2(lines.size() == 3 && lines[0].startsWith(QLatin1String("handshake-viz: warning: ")), qPrintable(err));
    lines.removeFirst();
    QVERIFY2(lines[0].contains(QLatin1String("refused")), qPrintable(err));
    QVERIFY2(lines[1].contains(QStringLiteral("[::]:%1, which takes IPv6 only").arg(port)), qPrintable(err));
    QVERIFY2(lines[1].contains(QStringLiteral("[::1]:%1").arg(port)), qPrintable(err));

    const QJsonObject root = hvtest::readJson(json);
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QCOMPARE(conns.size(), 1);
    const QJsonObject c = conns.first().toObject();
    const int id = c.value(QLatin1String("id")).toInt();
    QCOMPARE(c.value(QLatin1String("handshake")).toString(), QStringLiteral("refused"));
    for (const QJsonValue &v : c.value(QLatin1String("segments")).toArray())
        QCOMPARE(v.toObject().value(QLatin1String("server_state")).toString(), QStringLiteral("CLOSED"));
    int listens = 0;
    for (const QJsonValue &v : root.value(QLatin1String("socket_calls")).toArray()) {
        const QJsonObject call = v.toObject();
        if (call.value(QLatin1String("side")).toString() != QLatin1String("server"))
            continue;
        QVERIFY2(call.value(QLatin1String("connection")).toInt(-1) != id,
                 qPrintable(call.value(QLatin1String("call")).toString() + QStringLiteral(" is on the IPv4 connection")));
        listens += call.value(QLatin1String("call")).toString() == QLatin1String("listen");
    }
    QCOMPARE(listens, 1); // it did listen, on no connection of this ladder
}

// A demo whose client finds nobody listening still exports what happened (SYN answered by RST),
// then says why on stderr and fails. The server never left CLOSED: nobody was in SYN_RCVD.
void TestCli::refusedDemoExportsWhatHappened()
{
    QTemporaryDir dir;
    const quint16 closed = hvtest::freePort();
    QVERIFY(closed);
    const QString base = dir.filePath(QStringLiteral("refused"));
    // The demo's own server listens on a port the kernel picks (its default, 6666, may be taken
    // on a shared machine); the client goes to the closed port.
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                          QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(closed),
                                          QStringLiteral("--export"), base + QStringLiteral(".json"),
                                          QStringLiteral("--export"), base + QStringLiteral(".txt"),
                                          QStringLiteral("--export"), base + QStringLiteral(".pcap")},
                                         30000);
    QVERIFY2(r.finished, "the refused demo did not finish within 30 s");
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(r.exitCode != 0, qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("refused")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("127.0.0.1:%1").arg(closed)), qPrintable(err));
    QVERIFY2(err.trimmed().count(u'\n') == 0, qPrintable(err)); // one line
    for (const char *ext : {".json", ".txt", ".pcap"})
        QVERIFY2(QFileInfo(base + QLatin1String(ext)).size() > 0, ext);

    const QJsonObject root = hvtest::readJson(base + QStringLiteral(".json"));
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QCOMPARE(conns.size(), 1);
    const QJsonObject c = conns.first().toObject();
    const int id = c.value(QLatin1String("id")).toInt();
    QVERIFY(id > 0);
    QCOMPARE(c.value(QLatin1String("handshake")).toString(), QStringLiteral("refused"));
    QCOMPARE(c.value(QLatin1String("server")).toObject().value(QLatin1String("port")).toInt(), int(closed));
    const QJsonArray segs = c.value(QLatin1String("segments")).toArray();
    QVERIFY(segs.size() >= 2);
    QCOMPARE(segs.first().toObject().value(QLatin1String("flags")).toString(), QStringLiteral("SYN"));
    QCOMPARE(segs.last().toObject().value(QLatin1String("from")).toString(), QStringLiteral("server"));
    QVERIFY(segs.last().toObject().value(QLatin1String("flags")).toString().contains(QLatin1String("RST")));
    for (const QJsonValue &v : segs) {
        const QJsonValue state = v.toObject().value(QLatin1String("server_state"));
        QVERIFY2(state.isString() && state.toString() == QLatin1String("CLOSED"),
                 qPrintable(QStringLiteral("frame %1: server_state %2")
                                .arg(v.toObject().value(QLatin1String("frame")).toInt())
                                .arg(state.isNull() ? QStringLiteral("null") : state.toString())));
    }
    // The client learns it from connect(): the call that returned, on this connection.
    int connectReturns = 0;
    for (const QJsonValue &v : root.value(QLatin1String("socket_calls")).toArray()) {
        const QJsonObject call = v.toObject();
        if (call.value(QLatin1String("call")).toString() != QLatin1String("connect returns"))
            continue;
        ++connectReturns;
        QCOMPARE(call.value(QLatin1String("side")).toString(), QStringLiteral("client"));
        QCOMPARE(call.value(QLatin1String("connection")).toInt(-1), id);
        QVERIFY2(call.value(QLatin1String("detail")).toString().contains(QLatin1String("refused")),
                 qPrintable(call.value(QLatin1String("detail")).toString()));
    }
    QCOMPARE(connectReturns, 1);

    const QString text = readText(base + QStringLiteral(".txt"));
    QVERIFY2(text.contains(QLatin1String("handshake refused")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("[RST, ACK]")), qPrintable(text));

    // The raw packets are the same connection when read back.
    const QString again = dir.filePath(QStringLiteral("again.json"));
    const hvtest::Run read = hvtest::runViz({QStringLiteral("--read"), base + QStringLiteral(".pcap"), QStringLiteral("--export"), again});
    QVERIFY2(read.exitCode == 0, read.err.constData());
    const QJsonArray back = hvtest::readJson(again).value(QLatin1String("connections")).toArray();
    QCOMPARE(back.size(), 1);
    const QJsonObject b = back.first().toObject();
    for (const char *key : {"client", "server", "handshake", "segments"})
        QVERIFY2(b.value(QLatin1String(key)) == c.value(QLatin1String(key)), key);
}

// The ladder's causal order, run after run (one event loop noticing two sockets is not the
// kernel's order): connect() returns at the SYN+ACK, before accept() returns after the final ACK;
// a FIN only after its side's close() or shutdown(); recv() only after the data arrived.
void TestCli::orderIn20Demos()
{
    QTemporaryDir dir;
    QElapsedTimer clock;
    clock.start();
    for (int run = 1; run <= 20; ++run) {
        const quint16 port = hvtest::freePort();
        const QString txt = dir.filePath(QStringLiteral("order-%1.txt").arg(run));
        const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                              QStringLiteral("--send"), QStringLiteral("hi"), QStringLiteral("--export"), txt},
                                             15000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(QStringLiteral("run %1: %2").arg(run).arg(QString::fromUtf8(r.err))));
        const QList<TextConnection> conns = textConnections(readText(txt));
        QVERIFY2(conns.size() == 1, qPrintable(QStringLiteral("run %1: %2 connections").arg(run).arg(conns.size())));
        const TextConnection &c = conns.first();
        const QStringList &l = c.lines;
        // What went wrong, with the numbered steps (alive until the end of the QVERIFY2 using it).
        const auto where = [&](const QString &what) {
            return QStringLiteral("run %1, %2:\n%3").arg(run).arg(what, numbered(l)).toUtf8();
        };

        const qsizetype synAck = lineWith(l, QStringLiteral("[SYN, ACK]"));
        const qsizetype finalAck = lineWith(l, QStringLiteral("[ACK]"), synAck + 1);
        const qsizetype connectReturns = lineWith(l, QStringLiteral("client connect() returns"));
        const qsizetype acceptReturns = lineWith(l, QStringLiteral("server accept() returns"));
        QVERIFY2(synAck >= 0 && connectReturns >= 0 && acceptReturns >= 0 && finalAck >= 0, where(QStringLiteral("a handshake step is missing")).constData());
        QVERIFY2(segmentSender(c, l[finalAck]) == QLatin1String("client"), where(QStringLiteral("the ACK after the SYN+ACK is the client's")).constData());
        QVERIFY2(synAck < connectReturns, where(QStringLiteral("connect() returns before the SYN+ACK")).constData());
        QVERIFY2(connectReturns < acceptReturns, where(QStringLiteral("accept() returns before connect() does")).constData());
        QVERIFY2(finalAck < acceptReturns, where(QStringLiteral("accept() returns before the final ACK")).constData());

        int fins = 0;
        for (qsizetype i = 0; i < l.size(); ++i) {
            if (!l[i].contains(QLatin1String("[FIN, ACK]")) && !l[i].contains(QLatin1String("[FIN]")))
                continue;
            ++fins;
            const QString side = segmentSender(c, l[i]);
            QVERIFY2(!side.isEmpty(), where(QStringLiteral("line %1 names neither endpoint").arg(i)).constData());
            bool closedBefore = false;
            for (qsizetype j = 0; j < i; ++j)
                closedBefore |= isCallLine(l[j]) && !l[j].contains(QLatin1String("listening socket"))
                                && (l[j].contains(side + QStringLiteral(" close()"))
                                    || l[j].contains(side + QStringLiteral(" shutdown()")));
            QVERIFY2(closedBefore, where(QStringLiteral("the %1's FIN (line %2) comes before its close()").arg(side).arg(i)).constData());
        }
        QVERIFY2(fins == 2, where(QStringLiteral("%1 FINs, not one each way").arg(fins)).constData());

        qsizetype data = -1;
        for (qsizetype i = 0; i < l.size() && data < 0; ++i)
            if (segmentSender(c, l[i]) == QLatin1String("client") && l[i].contains(QLatin1String(" Len=2 ")))
                data = i;
        const qsizetype recv = lineWith(l, QStringLiteral("server recv() 2 bytes"));
        QVERIFY2(data >= 0 && recv >= 0, where(QStringLiteral("the data segment or its recv() is missing")).constData());
        QVERIFY2(data < recv, where(QStringLiteral("recv() returns before the data arrived")).constData());
    }
    qInfo("20 demos in %lld ms", qlonglong(clock.elapsed()));
}

// --clients 3: three connections at once, each carrying its own client's numbered message, and
// every call given to the connection whose 4-tuple its socket has.
void TestCli::severalClients()
{
    QTemporaryDir dir;
    const quint16 port = hvtest::freePort();
    const QString base = dir.filePath(QStringLiteral("three"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                          QStringLiteral("--clients"), QStringLiteral("3"), QStringLiteral("--send"), QStringLiteral("hello"),
                                          QStringLiteral("--export"), base + QStringLiteral(".json"),
                                          QStringLiteral("--export"), base + QStringLiteral(".txt"),
                                          QStringLiteral("--export"), base + QStringLiteral(".pcap")});
    QVERIFY2(r.finished, "the demo did not finish within 60 s");
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // Which client's message went on which connection: the payloads, as tshark reads the packets.
    const hvtest::Run tshark = hvtest::run(QStringLiteral("tshark"), {QStringLiteral("-r"), base + QStringLiteral(".pcap"),
                                                                      QStringLiteral("-Y"), QStringLiteral("tcp.len > 0"),
                                                                      QStringLiteral("-T"), QStringLiteral("fields"),
                                                                      QStringLiteral("-e"), QStringLiteral("tcp.srcport"),
                                                                      QStringLiteral("-e"), QStringLiteral("tcp.payload")});
    QVERIFY2(tshark.exitCode == 0, tshark.err.constData());
    QMap<int, QString> payloadFrom; // client port -> what it sent
    for (const QByteArray &line : tshark.out.trimmed().split('\n')) {
        const QList<QByteArray> f = line.split('\t');
        QVERIFY2(f.size() == 2, line.constData());
        payloadFrom[f[0].toInt()] += QString::fromUtf8(QByteArray::fromHex(QByteArray(f[1]).replace(':', "")));
    }

    const QJsonObject root = hvtest::readJson(base + QStringLiteral(".json"));
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QCOMPARE(conns.size(), 3);
    const QList<TextConnection> text = textConnections(readText(base + QStringLiteral(".txt")));
    QCOMPARE(text.size(), 3);
    QSet<int> clientNumbers, clientPorts;
    for (const QJsonValue &v : conns) {
        const QJsonObject c = v.toObject();
        const int id = c.value(QLatin1String("id")).toInt();
        const int clientPort = c.value(QLatin1String("client")).toObject().value(QLatin1String("port")).toInt();
        clientPorts << clientPort;
        QCOMPARE(c.value(QLatin1String("handshake")).toString(), QStringLiteral("complete"));
        QCOMPARE(c.value(QLatin1String("server")).toObject().value(QLatin1String("port")).toInt(), int(port));
        QStringList flags;
        for (const QJsonValue &s : c.value(QLatin1String("segments")).toArray())
            flags << s.toObject().value(QLatin1String("from")).toString() + u' ' + s.toObject().value(QLatin1String("flags")).toString();
        QVERIFY2(flags.mid(0, 3) == (QStringList{QStringLiteral("client SYN"), QStringLiteral("server SYN, ACK"), QStringLiteral("client ACK")}),
                 qPrintable(flags.join(u'|')));
        QVERIFY2(flags.contains(QStringLiteral("client FIN, ACK")) && flags.contains(QStringLiteral("server FIN, ACK")),
                 qPrintable(flags.join(u'|')));

        static const QRegularExpression numberedHello(QStringLiteral(R"(^hello \(client (\d)\)$)"));
        const QRegularExpressionMatch m = numberedHello.match(payloadFrom.value(clientPort));
        QVERIFY2(m.hasMatch(), qPrintable(QStringLiteral("client port %1 sent '%2'").arg(clientPort).arg(payloadFrom.value(clientPort))));
        const int k = m.captured(1).toInt();
        clientNumbers << k;
        const int bytes = int(QStringLiteral("hello (client %1)").arg(k).toUtf8().size());

        int sends = 0, recvs = 0;
        for (const QJsonValue &call : callsOf(root, id)) {
            const QJsonObject o = call.toObject();
            const QString side = o.value(QLatin1String("side")).toString();
            const QString name = o.value(QLatin1String("call")).toString();
            const QString what = QStringLiteral("connection %1: %2 %3 %4").arg(id).arg(side, name, o.value(QLatin1String("detail")).toString());
            if (side == QLatin1String("client") && name == QLatin1String("send")) {
                ++sends;
                QVERIFY2(o.value(QLatin1String("bytes")).toInt() == bytes, qPrintable(what));
                QCOMPARE(o.value(QLatin1String("local")).toString(), QStringLiteral("127.0.0.1:%1").arg(clientPort));
            }
            if (side == QLatin1String("server") && name == QLatin1String("recv") && o.value(QLatin1String("bytes")).toInt() != 0) {
                ++recvs;
                QVERIFY2(o.value(QLatin1String("bytes")).toInt() == bytes, qPrintable(what));
                QCOMPARE(o.value(QLatin1String("peer")).toString(), QStringLiteral("127.0.0.1:%1").arg(clientPort));
            }
        }
        QCOMPARE(sends, 1);
        QCOMPARE(recvs, 1);

        // The ladder's words: this connection's recv() names this connection's client, no other.
        const auto t = std::find_if(text.begin(), text.end(), [id](const TextConnection &tc) { return tc.id == id; });
        QVERIFY(t != text.end());
        QCOMPARE(t->client, QStringLiteral("127.0.0.1:%1").arg(clientPort));
        QStringList recvLines;
        for (const QString &line : t->lines)
            if (line.contains(QLatin1String("server recv() ")) && !line.contains(QLatin1String("returns 0")))
                recvLines << line;
        QVERIFY2(recvLines.size() == 1, qPrintable(numbered(t->lines)));
        QVERIFY2(recvLines.first().endsWith(QStringLiteral("server recv() %1 bytes from 127.0.0.1:%2").arg(bytes).arg(clientPort)),
                 qPrintable(recvLines.first()));
    }
    QCOMPARE(clientPorts.size(), 3);
    QCOMPARE(clientNumbers, (QSet<int>{1, 2, 3}));
}

// --listen 127.0.0.1:0: the kernel picks the port, and the client connects to the one it picked.
void TestCli::connectToPortZero()
{
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("zero.json"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                          QStringLiteral("--export"), json});
    QVERIFY2(r.finished, "the demo did not finish within 60 s");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject root = hvtest::readJson(json);
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QCOMPARE(conns.size(), 1);
    const QJsonObject c = conns.first().toObject();
    QCOMPARE(c.value(QLatin1String("handshake")).toString(), QStringLiteral("complete"));
    const int port = c.value(QLatin1String("server")).toObject().value(QLatin1String("port")).toInt();
    QVERIFY2(port > 0, "the connection's server port is 0");
    QString listenedOn, connectedTo;
    for (const QJsonValue &v : root.value(QLatin1String("socket_calls")).toArray()) {
        const QJsonObject call = v.toObject();
        if (call.value(QLatin1String("call")).toString() == QLatin1String("listen"))
            listenedOn = call.value(QLatin1String("local")).toString();
        if (call.value(QLatin1String("call")).toString() == QLatin1String("connect"))
            connectedTo = call.value(QLatin1String("peer")).toString();
    }
    QCOMPARE(listenedOn, QStringLiteral("127.0.0.1:%1").arg(port));
    QCOMPARE(connectedTo, QStringLiteral("127.0.0.1:%1").arg(port));
}

// --lang zh before anything else is understood: Qt's own words (the parser's error, "Usage:",
// "Options:") come from qtbase's Chinese catalogue. Our option descriptions are being translated
// separately, so only Qt's words and the exit codes are asserted here.
void TestCli::helpAndErrorsInChinese()
{
    const QString qtCatalogue = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm");
    QVERIFY2(QFileInfo::exists(qtCatalogue),
             qPrintable(qtCatalogue + QStringLiteral(" is missing (Debian: qt6-translations-l10n): Qt's own words stay English")));
    static const QRegularExpression cjk(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));

    const hvtest::Run english = hvtest::runViz({QStringLiteral("--bogus")}, 10000);
    const hvtest::Run bogus = hvtest::runViz({QStringLiteral("--lang"), QStringLiteral("zh"), QStringLiteral("--bogus")}, 10000);
    QVERIFY(bogus.finished);
    const QString err = QString::fromUtf8(bogus.err);
    QCOMPARE(bogus.exitCode, 2);
    QCOMPARE(english.exitCode, 2);
    QVERIFY2(err.startsWith(QLatin1String("handshake-viz: ")), qPrintable(err));
    QVERIFY2(err.contains(cjk), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("bogus")), qPrintable(err));
    QVERIFY2(err.trimmed().count(u'\n') == 0, qPrintable(err));
    QVERIFY2(err != QString::fromUtf8(english.err), qPrintable(err));
    QVERIFY2(!QString::fromUtf8(english.err).contains(cjk), english.err.constData());
    QCOMPARE(bogus.out, QByteArray());
    // --lang=zh, after the bad option: the same words.
    const hvtest::Run after = hvtest::runViz({QStringLiteral("--bogus"), QStringLiteral("--lang=zh")}, 10000);
    QCOMPARE(after.exitCode, 2);
    QCOMPARE(QString::fromUtf8(after.err), err);

    const hvtest::Run help = hvtest::runViz({QStringLiteral("--lang"), QStringLiteral("zh"), QStringLiteral("--help")}, 10000);
    QCOMPARE(help.exitCode, 0);
    const QString out = QString::fromUtf8(help.out);
    const QString usage = out.section(u'\n', 0, 0);
    QVERIFY2(usage.startsWith(QStringLiteral("用法：handshake-viz ")), qPrintable(usage)); // Qt's "Usage: %1"
    QVERIFY2(usage.contains(cjk), qPrintable(usage));
    QVERIFY2(out.contains(QStringLiteral("\n选项：\n")), qPrintable(out));                // Qt's "Options:"
    for (const char *option : {"--read", "--export", "--demo", "--lang"})
        QVERIFY2(out.contains(QLatin1String(option)), option);
}

namespace {

// Sends `bytes` to 127.0.0.1:`port` on a new connection, then closes it.
bool blast(quint16 port, int64_t bytes)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        ::close(fd);
        return false;
    }
    const std::vector<char> chunk(1 << 20, 'x');
    for (int64_t sent = 0; sent < bytes;) {
        const ssize_t n = ::send(fd, chunk.data(), size_t(std::min<int64_t>(bytes - sent, int64_t(chunk.size()))), 0);
        if (n <= 0)
            break;
        sent += n;
    }
    ::close(fd);
    return true;
}

} // namespace

// The whole program, its capture really dropping: a demo with the smallest capture buffer
// (--capture-buffer 1: one 256 KiB block) talks to a peer that never closes, so it waits 5 s for
// the close; meanwhile the program is stopped (SIGSTOP: its capture reads nothing) while 16 MB go
// to the same port. Its exports and its warning say how many packets the kernel dropped; tcpdump
// with a big buffer, running all along, saw exactly the packets kept and dropped.
void TestCli::demoReportsKernelDrops()
{
    QTemporaryDir dir;
    hvtest::SilentPeer peer;
    QVERIFY(peer.port() != 0);
    hvtest::Tcpdump witness;
    const QString witnessFile = dir.filePath(QStringLiteral("witness.pcap"));
    QVERIFY2(witness.start(witnessFile, QStringLiteral("tcp port %1").arg(peer.port()), QStringLiteral("lo"),
                           {QStringLiteral("-B"), QStringLiteral("131072")}),
             witness.errors().constData());

    QProcess viz;
    viz.start(QStringLiteral(HV_BINARY),
              {QStringLiteral("--demo"), QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(peer.port()),
               QStringLiteral("--capture-buffer"), QStringLiteral("1"),
               QStringLiteral("--export"), dir.filePath(QStringLiteral("out.json")),
               QStringLiteral("--export"), dir.filePath(QStringLiteral("out.txt"))});
    QVERIFY(viz.waitForStarted(10000));
    struct Reap {
        QProcess &p;
        ~Reap()
        {
            if (p.state() != QProcess::NotRunning && p.processId() > 0) {
                ::kill(pid_t(p.processId()), SIGCONT);
                p.kill();
                p.waitForFinished(5000);
            }
        }
    } reap{viz};
    // The demo has sent its message and closed its side: it now waits for the peer's FIN.
    QTRY_VERIFY_WITH_TIMEOUT(peer.firstAtEnd(), 20000);
    QCOMPARE(peer.firstRead(), qint64(5)); // "hello"
    QTest::qWait(100);
    // kill(0, …) would stop this test's whole process group (ctest with it): only a real pid.
    const pid_t vizPid = pid_t(viz.processId());
    QVERIFY2(vizPid > 0 && viz.state() == QProcess::Running, qPrintable(QString::fromUtf8(viz.readAllStandardError())));
    QCOMPARE(::kill(vizPid, SIGSTOP), 0);
    const bool blasted = blast(peer.port(), 16 << 20);
    QTRY_VERIFY_WITH_TIMEOUT(peer.read() >= 5 + (16 << 20), 10000);
    QTest::qWait(100);
    QCOMPARE(::kill(vizPid, SIGCONT), 0);
    QVERIFY(blasted);
    QVERIFY2(viz.waitForFinished(30000), "the demo did not end");
    const QString err = QString::fromUtf8(viz.readAllStandardError());
    QVERIFY2(viz.exitStatus() == QProcess::NormalExit && viz.exitCode() == 0, qPrintable(err));
    witness.stop();

    const QJsonObject packets = hvtest::readJson(dir.filePath(QStringLiteral("out.json"))).value(QLatin1String("packets")).toObject();
    QVERIFY2(packets.value(QLatin1String("dropped")).isDouble(), qPrintable(err));
    const qint64 dropped = packets.value(QLatin1String("dropped")).toInteger();
    const qint64 kept = packets.value(QLatin1String("total")).toInteger();
    QVERIFY2(dropped > 0, qPrintable(err));
    QVERIFY(packets.value(QLatin1String("if_dropped")).isDouble());
    QVERIFY2(err.contains(QStringLiteral("warning: Packets lost: of those the capture on lo wanted, the kernel dropped %1,").arg(dropped)),
             qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("--capture-buffer 65536")), qPrintable(err));
    QFile text(dir.filePath(QStringLiteral("out.txt")));
    QVERIFY(text.open(QIODevice::ReadOnly));
    QVERIFY(text.readAll().contains(QStringLiteral(" skipped, %1 dropped, ").arg(dropped).toUtf8()));

    // What the witness saw (it began before the demo and ended after it).
    const hvtest::Run read = hvtest::runViz({QStringLiteral("--read"), witnessFile, QStringLiteral("--export"),
                                             dir.filePath(QStringLiteral("witness.json"))});
    QVERIFY2(read.exitCode == 0, read.err.constData());
    const QJsonObject seen = hvtest::readJson(dir.filePath(QStringLiteral("witness.json"))).value(QLatin1String("packets")).toObject();
    const qint64 all = seen.value(QLatin1String("total")).toInteger();
    qInfo("the demo kept %lld packets and the kernel dropped %lld of its capture; tcpdump saw %lld", kept, dropped, all);
    QVERIFY(kept < all);
    // Nothing goes to the port before the demo's capture covers it (the demo connects only then)
    // or after it stops (the peer never closes): each packet tcpdump saw was kept or dropped.
    QVERIFY2(kept + dropped == all, qPrintable(QStringLiteral("%1 + %2 != %3").arg(kept).arg(dropped).arg(all)));
}

void TestCli::captureBufferMustBeANumber()
{
    for (const char *bad : {"0", "-5", "lots", "3000000"}) {
        const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--capture-buffer"), QLatin1String(bad),
                                              QStringLiteral("--export"), QStringLiteral("/tmp/hv-never.json")},
                                             10000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("--capture-buffer %1: expected a number from 1 to 2097151 (KiB)").arg(QLatin1String(bad))),
                 r.err.constData());
    }
}

void TestCli::memoryLimitMustBeANumber()
{
    for (const char *bad : {"-1", "lots", "2e9", "99999999999"}) {
        const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--memory-limit"), QLatin1String(bad),
                                              QStringLiteral("--export"), QStringLiteral("/tmp/hv-never.json")},
                                             10000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("--memory-limit %1: expected 0 or a positive number (MiB)").arg(QLatin1String(bad))),
                 r.err.constData());
    }
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/hv-never.json")));
}

void TestCli::exportFailureSaysOneLine_data()
{
    // What root cannot write either (CI runs as root), and a disk that is full.
    QTest::addColumn<QString>("file");   // in the test's folder, unless absolute
    QTest::addColumn<QString>("reason");
    QTest::newRow("json: a folder") << QStringLiteral("folder.json") << QString();
    QTest::newRow("txt: under /etc/passwd") << QStringLiteral("/etc/passwd/out.txt") << QStringLiteral("Not a directory");
    QTest::newRow("json: missing folder") << QStringLiteral("missing/out.json") << QStringLiteral("No such file or directory");
    QTest::newRow("json: /dev/full") << QStringLiteral("full.json") << QStringLiteral("No space left on device");
    QTest::newRow("txt: /dev/full") << QStringLiteral("full.txt") << QStringLiteral("No space left on device");
    QTest::newRow("pcap: a folder") << QStringLiteral("folder.pcap") << QString();
    QTest::newRow("pcap: /dev/full") << QStringLiteral("full.pcap") << QStringLiteral("No space left on device");
}

// One line on stderr, "handshake-viz: cannot write PATH: REASON", the file named once; a non-zero
// exit; nothing written where it was not asked, and the other export of the same run still made.
void TestCli::exportFailureSaysOneLine()
{
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.json")));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.pcap")));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), dir.filePath(QStringLiteral("full.json"))));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), dir.filePath(QStringLiteral("full.txt"))));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), dir.filePath(QStringLiteral("full.pcap"))));
    const QStringList before = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
    const QString target = QFileInfo(file).isAbsolute() ? file : dir.filePath(file);
    const QString other = dir.filePath(QStringLiteral("other.json"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"),
                                          QStringLiteral("--export"), target, QStringLiteral("--export"), other});
    QVERIFY(r.finished);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    const QString err = QString::fromUtf8(r.err);
    const QString prefix = QStringLiteral("handshake-viz: cannot write %1: ").arg(target);
    QVERIFY2(err.startsWith(prefix), qPrintable(err));
    QVERIFY2(err.endsWith(QLatin1Char('\n')) && err.count(QLatin1Char('\n')) == 1, qPrintable(err));
    QVERIFY2(err.count(target) == 1, qPrintable(err));
    QVERIFY2(err.trimmed().size() > prefix.size() + 3, qPrintable(err));
    if (!reason.isEmpty())
        QVERIFY2(err.trimmed().endsWith(reason), qPrintable(err));
    QStringList after = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
    QVERIFY(after.removeOne(QStringLiteral("other.json")));
    QCOMPARE(after, before);
    QVERIFY(hvtest::readJson(other).contains(QLatin1String("connections")));
    QVERIFY(QFileInfo(QStringLiteral("/dev/full")).exists() && !QFileInfo(QStringLiteral("/dev/full")).isFile());
}

void TestCli::exportSuccessSaysNothing()
{
    QTemporaryDir dir;
    QStringList args{QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap")};
    for (const char *name : {"out.json", "out.txt", "out.pcap"})
        args << QStringLiteral("--export") << dir.filePath(QLatin1String(name));
    const hvtest::Run r = hvtest::runViz(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{"out.json", "out.pcap", "out.txt"}));
}

static QString pdfText(const QString &path)
{
    const hvtest::Run r = hvtest::run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    return r.exitCode == 0 ? QString::fromUtf8(r.out) : QString();
}

static int pdfPages(const QString &path)
{
    const hvtest::Run r = hvtest::run(QStringLiteral("pdfinfo"), {path});
    for (const QByteArray &line : r.out.split('\n'))
        if (line.startsWith("Pages:"))
            return line.mid(6).trimmed().toInt();
    return -1;
}

// A worksheet of the known conversation: the asked fields blank (nothing of them left to read,
// not even a state's colour in the picture), the answer key beside it with every number.
void TestCli::worksheetAndItsAnswers()
{
    if (!hvtest::haveProgram(QStringLiteral("pdftotext")))
        QFAIL("pdftotext (poppler-utils) is not installed: scripts/deps.sh installs it");
    QTemporaryDir dir;
    const QString sheet = dir.filePath(QStringLiteral("sheet.pdf"));
    const QString png = dir.filePath(QStringLiteral("sheet.png"));
    hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"),
                                    QStringLiteral("--worksheet"), sheet, QStringLiteral("--worksheet"), png});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.trimmed().isEmpty());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sheet-answers.pdf"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sheet-answers.png"))));
    const QString blank = pdfText(sheet);
    const QString key = pdfText(dir.filePath(QStringLiteral("sheet-answers.pdf")));
    QVERIFY2(blank.contains(QLatin1String("Name ________")), qPrintable(blank));
    QCOMPARE(blank.count(QLatin1String("Seq=______")), 10); // every segment
    QCOMPARE(blank.count(QLatin1String("Ack=______")), 9);  // all but the SYN
    for (const char *given : {"Seq=1", "Ack=1", "ESTABLISHED", "SYN_SENT", "TIME_WAIT", "ack = "})
        QVERIFY2(!blank.contains(QLatin1String(given)), given);
    for (const char *answer : {"Seq=0", "Ack=12", "ESTABLISHED", "SYN_SENT", "TIME_WAIT", "LAST_ACK"})
        QVERIFY2(key.contains(QLatin1String(answer)), answer);
    QVERIFY(!key.contains(QLatin1String("______")));
    // The picture: its state boxes all one neutral colour (green is ESTABLISHED's on the key).
    const QImage sheetImage(png), keyImage(dir.filePath(QStringLiteral("sheet-answers.png")));
    QVERIFY(!sheetImage.isNull() && !keyImage.isNull());
    auto greens = [](const QImage &img) {
        int n = 0;
        for (int y = 0; y < img.height(); y += 2)
            for (int x = 0; x < img.width(); x += 2)
                n += img.pixel(x, y) == qRgb(0xdc, 0xfc, 0xe7);
        return n;
    };
    QVERIFY(greens(keyImage) > 100);
    QCOMPARE(greens(sheetImage), 0);

    // Only Seq blank: the Acks and the states are given.
    r = hvtest::runViz({QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"),
                        QStringLiteral("--worksheet"), sheet, QStringLiteral("--blank"), QStringLiteral("seq")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString seqOnly = pdfText(sheet);
    QCOMPARE(seqOnly.count(QLatin1String("Seq=______")), 10);
    QVERIFY(seqOnly.contains(QLatin1String("Ack=12")));
    QVERIFY(seqOnly.contains(QLatin1String("ESTABLISHED")));
    QVERIFY(!seqOnly.contains(QLatin1String("Ack=______")));

    // In Chinese, the title says so.
    r = hvtest::runViz({QStringLiteral("--lang"), QStringLiteral("zh"), QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"),
                        QStringLiteral("--worksheet"), sheet});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(pdfText(sheet).contains(QStringLiteral("练习")), qPrintable(pdfText(sheet)));
}

// A PDF of a long capture: A4 pages cut between rows, every connection's title searchable.
void TestCli::pdfIsPagesOfText()
{
    if (!hvtest::haveProgram(QStringLiteral("pdfinfo")))
        QFAIL("pdfinfo (poppler-utils) is not installed: scripts/deps.sh installs it");
    QTemporaryDir dir;
    const QString pcap = dir.filePath(QStringLiteral("g.pcap"));
    const hvtest::Run gen = hvtest::run(QStringLiteral("python3"), {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), pcap,
                                                                    QStringLiteral("--conns"), QStringLiteral("12"), QStringLiteral("--seed"), QStringLiteral("5")});
    QVERIFY2(gen.exitCode == 0, gen.err.constData());
    const QString pdf = dir.filePath(QStringLiteral("g.pdf"));
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), pcap, QStringLiteral("--export"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const int pages = pdfPages(pdf);
    QVERIFY2(pages >= 6 && pages <= 14, qPrintable(QString::number(pages))); // 12 ladders of ~0.8 pages each
    const QString text = pdfText(pdf);
    for (int c = 1; c <= 12; ++c)
        QVERIFY2(text.contains(QStringLiteral("Connection %1 ").arg(c)), qPrintable(QString::number(c)));
    QCOMPARE(text.count(QLatin1String("FIN, ACK")), 24);
}

// Slides: "handshake only" on a 16:9 frame of exactly the size asked, its text the handshake's and
// nothing after it; a series of one file per step; a long ladder split into frames (PNG pages and
// PDF pages alike, the headers on each); one connection of several.
void TestCli::slidesOfTheHandshake()
{
    QTemporaryDir dir;
    const QString capture = QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap");
    const QString png = dir.filePath(QStringLiteral("hs.png")), svg = dir.filePath(QStringLiteral("hs.svg")), pdf = dir.filePath(QStringLiteral("hs.pdf"));
    hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), capture, QStringLiteral("--steps"), QStringLiteral("handshake"),
                                    QStringLiteral("--size"), QStringLiteral("1920x1080"), QStringLiteral("--export"), png,
                                    QStringLiteral("--export"), svg, QStringLiteral("--export"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QImage(png).size(), QSize(1920, 1080));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3); // one frame each: nothing paged
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString drawing = QString::fromUtf8(f.readAll());
    for (const char *shown : {">SYN<", ">SYN, ACK<", ">ACK<", "ESTABLISHED", "connect()"})
        QVERIFY2(drawing.contains(QLatin1String(shown)), shown);
    for (const char *after : {"FIN, ACK", "FIN_WAIT", "PSH", "accept() returns", "Len:"}) // (the legend names FIN)
        QVERIFY2(!drawing.contains(QLatin1String(after)), after);
    QCOMPARE(pdfPages(pdf), 1);
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QLatin1String("SYN, ACK")) && !text.contains(QLatin1String("FIN, ACK")), qPrintable(text));
}

// An animated PNG of the steps arriving: decoded by another program (Pillow), it has a frame per
// step, each the picture of that step of the series (pixel for pixel), shown a second, the last
// three; any PNG viewer shows its first frame. Without --size every frame is the tallest's size.
void TestCli::animatedSteps()
{
    QTemporaryDir dir;
    const QString capture = QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap");
    const QString apng = dir.filePath(QStringLiteral("arrive.apng"));
    const QString series = dir.filePath(QStringLiteral("series/last.png"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("series")));
    const QStringList same{QStringLiteral("--read"), capture, QStringLiteral("--steps"), QStringLiteral("2-6"), QStringLiteral("--size"), QStringLiteral("1280x720")};
    hvtest::Run r = hvtest::runViz(same + QStringList{QStringLiteral("--export"), apng});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = hvtest::runViz(same + QStringList{QStringLiteral("--series"), QStringLiteral("--export"), series});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QImage(apng).size(), QSize(1280, 720)); // the default image: the first frame

    const QString frames = dir.filePath(QStringLiteral("frames"));
    const QString decode = QStringLiteral(
        "import sys\n"
        "from PIL import Image\n"
        "im = Image.open(sys.argv[1])\n"
        "print(im.format, im.n_frames, im.is_animated)\n"
        "for k in range(im.n_frames):\n"
        "    im.seek(k)\n"
        "    im.convert('RGB').save('%s/frame-%d.png' % (sys.argv[2], k + 1))\n"
        "    print(k + 1, im.size[0], im.size[1], im.info.get('duration'))\n");
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("frames")));
    r = hvtest::run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), decode, apng, frames});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList lines = QString::fromUtf8(r.out).trimmed().split(u'\n');
    QCOMPARE(lines.value(0), QStringLiteral("PNG 5 True"));
    QCOMPARE(lines.size(), 6);
    for (int k = 1; k <= 5; ++k) {
        const QStringList w = lines[k].split(u' ');
        QCOMPARE(w.value(0).toInt(), k);
        QCOMPARE(QSize(w.value(1).toInt(), w.value(2).toInt()), QSize(1280, 720));
        QCOMPARE(w.value(3).toDouble(), k == 5 ? 3000.0 : 1000.0);
        const QImage got = QImage(QStringLiteral("%1/frame-%2.png").arg(frames).arg(k)).convertToFormat(QImage::Format_RGB32);
        const QImage want = QImage(dir.filePath(QStringLiteral("series/step-%1.png").arg(k))).convertToFormat(QImage::Format_RGB32);
        QVERIFY2(!got.isNull() && got == want, qPrintable(QStringLiteral("frame %1 is not step %1 of the series").arg(k)));
    }

    // No size asked: the frames grow with the ladder, all padded to the last one's height.
    const QString free = dir.filePath(QStringLiteral("free.apng"));
    r = hvtest::runViz({QStringLiteral("--read"), capture, QStringLiteral("--steps"), QStringLiteral("handshake"), QStringLiteral("--export"), free});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = hvtest::run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), decode, free, frames});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList freeLines = QString::fromUtf8(r.out).trimmed().split(u'\n');
    QVERIFY2(freeLines.size() >= 4, r.out.constData());
    QVERIFY2(freeLines[0].startsWith(QLatin1String("PNG ")) && freeLines[0].endsWith(QLatin1String(" True")), r.out.constData());
    QCOMPARE(freeLines[0].split(u' ').value(1).toInt(), int(freeLines.size() - 1));
    const QSize first(freeLines[1].split(u' ').value(1).toInt(), freeLines[1].split(u' ').value(2).toInt());
    for (qsizetype k = 2; k < freeLines.size(); ++k)
        QCOMPARE(QSize(freeLines[k].split(u' ').value(1).toInt(), freeLines[k].split(u' ').value(2).toInt()), first);
    QCOMPARE(QImage(free).size(), first);

    // A long ladder (one connection of 40 round trips: 167 steps) is refused whole, saying why
    // and what to do, rather than drawing minutes of frames; a range of it goes.
    const QString longCapture = dir.filePath(QStringLiteral("long.pcap"));
    r = hvtest::run(QStringLiteral("python3"), {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), longCapture, QStringLiteral("--conns"),
                                                QStringLiteral("1"), QStringLiteral("--rounds"), QStringLiteral("40")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString longApng = dir.filePath(QStringLiteral("long.apng"));
    r = hvtest::runViz({QStringLiteral("--read"), longCapture, QStringLiteral("--export"), longApng});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("is too long (at most 150)") && r.err.contains("--steps"), r.err.constData());
    QVERIFY(!QFileInfo::exists(longApng));
    r = hvtest::runViz({QStringLiteral("--read"), longCapture, QStringLiteral("--steps"), QStringLiteral("1-20"), QStringLiteral("--export"), longApng});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFileInfo::exists(longApng));
}

void TestCli::slideSeriesAndPages()
{
    QTemporaryDir dir;
    const QString capture = QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap");
    // Steps 2 to 6, a frame each: step-1.png … step-5.png, and the named file (the last of them).
    const QString named = dir.filePath(QStringLiteral("talk.png"));
    hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), capture, QStringLiteral("--steps"), QStringLiteral("2-6"),
                                    QStringLiteral("--series"), QStringLiteral("--size"), QStringLiteral("1280x720"), QStringLiteral("--export"), named});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files, (QStringList{"step-1.png", "step-2.png", "step-3.png", "step-4.png", "step-5.png", "talk.png"}));
    for (const QString &name : files)
        QCOMPARE(QImage(dir.filePath(name)).size(), QSize(1280, 720));
    // Each step adds a row: no two frames the same, the last equal to the named file.
    QVERIFY(QImage(dir.filePath(QStringLiteral("step-1.png"))) != QImage(dir.filePath(QStringLiteral("step-2.png"))));
    QCOMPARE(QImage(dir.filePath(QStringLiteral("step-5.png"))), QImage(named));

    // The whole ladder in 16:9 frames: as many PNG pages as PDF pages, each the size asked.
    QTemporaryDir pagesDir;
    const QString page = pagesDir.filePath(QStringLiteral("all.png")), pdf = pagesDir.filePath(QStringLiteral("all.pdf"));
    r = hvtest::runViz({QStringLiteral("--read"), capture, QStringLiteral("--size"), QStringLiteral("1280x720"),
                        QStringLiteral("--export"), page, QStringLiteral("--export"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    files = QDir(pagesDir.path()).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 2, qPrintable(files.join(u' ')));
    QCOMPARE(files.first(), QStringLiteral("all-2.png"));
    QCOMPARE(files.last(), QStringLiteral("all.png"));
    for (const QString &name : files)
        QCOMPARE(QImage(pagesDir.filePath(name)).size(), QSize(1280, 720));
    if (hvtest::haveProgram(QStringLiteral("pdfinfo"))) {
        QCOMPARE(pdfPages(pdf), int(files.size()));
        const QString text = pdfText(pdf);
        QCOMPARE(text.count(QLatin1String("FIN, ACK")), 2); // every step once, on one page
        QCOMPARE(text.count(QLatin1String("client")) >= int(files.size()), true); // the headers on every page
    }
}

void TestCli::oneConnectionOfSeveral()
{
    QTemporaryDir dir;
    const QString pcap = dir.filePath(QStringLiteral("three.pcap"));
    const hvtest::Run gen = hvtest::run(QStringLiteral("python3"), {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), pcap,
                                                                    QStringLiteral("--conns"), QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("2")});
    QVERIFY2(gen.exitCode == 0, gen.err.constData());
    const QString txt = dir.filePath(QStringLiteral("two.txt")), svg = dir.filePath(QStringLiteral("two.svg"));
    hvtest::Run r = hvtest::runViz({QStringLiteral("--read"), pcap, QStringLiteral("--connection"), QStringLiteral("2"),
                                    QStringLiteral("--export"), txt, QStringLiteral("--export"), svg});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile t(txt);
    QVERIFY(t.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(t.readAll());
    QVERIFY2(text.contains(QLatin1String("# connection 2:")), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("# connection 1:")) && !text.contains(QLatin1String("# connection 3:")));
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QString drawing = QString::fromUtf8(s.readAll());
    QVERIFY(drawing.contains(QLatin1String("Connection 2 ")) && !drawing.contains(QLatin1String("Connection 1 ")));
    // Bad: no such connection, nonsense numbers, steps past the end, a size out of range.
    const QList<QPair<QStringList, QString>> bad = {
        {{QStringLiteral("--connection"), QStringLiteral("7"), QStringLiteral("--export"), svg}, QStringLiteral("there is no connection 7 (the capture has 3, numbered 1 to 3)")},
        {{QStringLiteral("--connection"), QStringLiteral("0"), QStringLiteral("--export"), svg}, QStringLiteral("--connection 0: expected a connection number")},
        {{QStringLiteral("--steps"), QStringLiteral("40-50"), QStringLiteral("--export"), svg}, QStringLiteral("has only")},
        {{QStringLiteral("--steps"), QStringLiteral("5-2"), QStringLiteral("--export"), svg}, QStringLiteral("--steps 5-2: expected")},
        {{QStringLiteral("--size"), QStringLiteral("1920by1080"), QStringLiteral("--export"), svg}, QStringLiteral("--size 1920by1080: expected")},
        {{QStringLiteral("--series"), QStringLiteral("--export"), txt}, QStringLiteral("are for pictures")},
    };
    for (const auto &[args, says] : bad) {
        r = hvtest::runViz(QStringList{QStringLiteral("--read"), pcap} + args);
        QVERIFY2(r.exitCode != 0, qPrintable(args.join(u' ')));
        QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.err).trimmed().count(QLatin1Char('\n')) == 0, r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
