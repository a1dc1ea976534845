// Interop with the tutorial's own C programs: they talk, tcpdump records, our decoder explains.
// Two programs we did not write, a recorder we did not write: only the reading is ours.
#include "TestSupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class TestSeedInterop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tutorialServerAndClient();

private:
    QTemporaryDir dir_;
    quint16 port_ = 0;
};

void TestSeedInterop::initTestCase()
{
    QVERIFY(dir_.isValid());
    port_ = hvtest::freePort();
    QVERIFY(port_ != 0);
    // The tutorial hard-codes port 6666. Build a copy that listens on a free port so the test cannot
    // collide with a running demo; nothing else in the programs changes.
    for (const char *name : {"server", "client"}) {
        QFile src(QStringLiteral(HV_SEED_DIR "/%1.c").arg(QLatin1String(name)));
        QVERIFY2(src.open(QIODevice::ReadOnly), qPrintable(src.fileName()));
        QByteArray code = src.readAll();
        QVERIFY(code.contains("#define PORT 6666"));
        code.replace("#define PORT 6666", "#define PORT " + QByteArray::number(port_));
        const QString copy = dir_.filePath(QStringLiteral("%1.c").arg(QLatin1String(name)));
        QFile out(copy);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(code);
        out.close();
        const hvtest::Run cc = hvtest::run(QStringLiteral("gcc"), {QStringLiteral("-w"), QStringLiteral("-o"),
                                                                  dir_.filePath(QLatin1String(name)), copy});
        QVERIFY2(cc.exitCode == 0, cc.err.constData());
    }
}

void TestSeedInterop::tutorialServerAndClient()
{
    const QString pcap = dir_.filePath(QStringLiteral("seed.pcap"));
    hvtest::Tcpdump dump;
    QVERIFY2(dump.start(pcap, QStringLiteral("tcp port %1").arg(port_), QStringLiteral("lo"), {QStringLiteral("--immediate-mode")}),
             dump.errors().constData());

    QProcess server;
    // Their printf()s go to a pipe, fully buffered; stdbuf makes them line-buffered so we can follow.
    server.start(QStringLiteral("stdbuf"), {QStringLiteral("-oL"), dir_.filePath(QStringLiteral("server"))});
    QVERIFY(server.waitForStarted());
    QByteArray serverOut;
    QTRY_VERIFY_WITH_TIMEOUT((serverOut += server.readAllStandardOutput()).contains("listen the port"), 5000);

    QProcess client;
    client.start(QStringLiteral("stdbuf"), {QStringLiteral("-oL"), dir_.filePath(QStringLiteral("client"))});
    QVERIFY(client.waitForStarted());
    // scanf("%s") reads one word; stdin stays open so neither program spins on EOF.
    client.write("hello\n");
    QTRY_VERIFY_WITH_TIMEOUT((serverOut += server.readAllStandardOutput()).contains("recv data is:hello"), 5000);
    server.write("world\n");
    QByteArray clientOut;
    QTRY_VERIFY_WITH_TIMEOUT((clientOut += client.readAllStandardOutput()).contains("recv data is:world"), 5000);

    // The client goes first (its kernel sends FIN), then the server.
    client.terminate();
    QVERIFY(client.waitForFinished(5000));
    QTest::qWait(200);
    server.kill();
    QVERIFY(server.waitForFinished(5000));
    dump.stop();

    const QString json = dir_.filePath(QStringLiteral("seed.json"));
    const QString txt = dir_.filePath(QStringLiteral("seed.txt"));
    const hvtest::Run viz = hvtest::runViz({QStringLiteral("--read"), pcap, QStringLiteral("--export"), json,
                                            QStringLiteral("--export"), txt});
    QVERIFY2(viz.exitCode == 0, viz.err.constData());
    const QJsonObject root = hvtest::readJson(json);
    QCOMPARE(root.value(QLatin1String("format")).toString(), QStringLiteral("handshake-viz/1"));
    QCOMPARE(root.value(QLatin1String("source")).toObject().value(QLatin1String("linktype")).toString(), QStringLiteral("EN10MB"));
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QFile text(txt);
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QByteArray summary = text.readAll();
    QVERIFY2(conns.size() == 1, summary.constData());
    const QJsonObject c = conns.first().toObject();
    QCOMPARE(c.value(QLatin1String("handshake")).toString(), QStringLiteral("complete"));
    QCOMPARE(c.value(QLatin1String("server")).toObject().value(QLatin1String("port")).toInt(), int(port_));
    const QJsonArray segs = c.value(QLatin1String("segments")).toArray();
    QVERIFY(segs.size() >= 7);
    auto seg = [&](int i) { return segs.at(i).toObject(); };
    QCOMPARE(seg(0).value(QLatin1String("flags")).toString(), QStringLiteral("SYN"));
    QCOMPARE(seg(0).value(QLatin1String("from")).toString(), QStringLiteral("client"));
    QCOMPARE(seg(1).value(QLatin1String("flags")).toString(), QStringLiteral("SYN, ACK"));
    QCOMPARE(seg(1).value(QLatin1String("rel_ack")).toInteger(), 1);
    QCOMPARE(qint64(seg(1).value(QLatin1String("ack")).toDouble()), qint64(seg(0).value(QLatin1String("seq")).toDouble()) + 1);
    QCOMPARE(seg(2).value(QLatin1String("flags")).toString(), QStringLiteral("ACK"));
    QCOMPARE(seg(2).value(QLatin1String("client_state")).toString(), QStringLiteral("ESTABLISHED"));
    QCOMPARE(seg(2).value(QLatin1String("server_state")).toString(), QStringLiteral("ESTABLISHED"));

    // "hello" from the client and "world" from the server, 5 bytes each, numbered on from 1.
    int clientData = 0, serverData = 0;
    bool clientFin = false, serverFin = false;
    for (const QJsonValue &v : segs) {
        const QJsonObject s = v.toObject();
        const QString from = s.value(QLatin1String("from")).toString();
        if (s.value(QLatin1String("len")).toInt() > 0) {
            QCOMPARE(s.value(QLatin1String("len")).toInt(), 5);
            QCOMPARE(s.value(QLatin1String("rel_seq")).toInteger(), 1);
            (from == QLatin1String("client") ? clientData : serverData)++;
        }
        if (s.value(QLatin1String("flags")).toString().contains(QLatin1String("FIN")))
            (from == QLatin1String("client") ? clientFin : serverFin) = true;
    }
    QCOMPARE(clientData, 1);
    QCOMPARE(serverData, 1);
    QVERIFY(clientFin);
    QVERIFY(serverFin);
    const QJsonObject last = segs.last().toObject();
    QCOMPARE(last.value(QLatin1String("client_state")).toString(), QStringLiteral("TIME_WAIT"));
    QCOMPARE(last.value(QLatin1String("server_state")).toString(), QStringLiteral("CLOSED"));

    QVERIFY2(summary.contains("[SYN]") && summary.contains("[SYN, ACK]"), summary.constData());
}

QTEST_GUILESS_MAIN(TestSeedInterop)
#include "tst_seed_interop.moc"
