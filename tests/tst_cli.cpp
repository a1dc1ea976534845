// The program as a user runs it from a shell: the headless demo, --read, and what it says on bad input.
#include "TestSupport.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoExportsEveryFormat();
    void readMatchesDemoExport();
    void badInput_data();
    void badInput();
    void portInUse();
    void helpNamesTheProgram();
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
                                           << QStringLiteral("needs --read FILE or --demo");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("nonsense"), QStringLiteral("--export"), QStringLiteral("x.json")}
                                << QStringLiteral("--listen nonsense");
    QTest::newRow("unwritable export") << QStringList{QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"), QStringLiteral("--export"), QStringLiteral("/nonexistent-dir/out.json")}
                                       << QStringLiteral("/nonexistent-dir/out.json");
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
