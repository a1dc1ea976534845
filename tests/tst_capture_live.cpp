// Real capture: libpcap on lo in the capture thread while a real client connects to a real server.
#include "Capture.h"
#include "TestSupport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace hv;

class TestCaptureLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handshakeOnLoopback();
    void stopIsPrompt();
    void missingInterfaceIsReported();
};

static std::vector<Segment> collect(const QList<QList<QVariant>> &batches)
{
    std::vector<Segment> all;
    for (const auto &args : batches) {
        const auto b = args.at(0).value<CaptureBatch>();
        all.insert(all.end(), b.segments.begin(), b.segments.end());
    }
    return all;
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
    QVERIFY2(started.wait(10000), failed.isEmpty() ? "capture did not start" : qPrintable(failed.first().first().toString()));
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
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("nosuchif0")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestCaptureLive)
#include "tst_capture_live.moc"
