// The chat server and client on real loopback sockets, and how received bytes are shown.
#include "ChatClient.h"
#include "ChatServer.h"
#include "MessageText.h"
#include "PeerSupport.h"
#include "ReceivedText.h"
#include "SocketAddress.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace hv;

class TestChat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void conversationAndCallLog();
    void portInUse();
    void refused();
    void serverGoesAway();
    void addresses();
    void messageText_data();
    void messageText();
    void receivedText_data();
    void receivedText();
    void splitCharacterIsJoined_data();
    void splitCharacterIsJoined();
    void peerResetIsNamed_data();
    void peerResetIsNamed();
    void largeSendArrivesWholeWithProgress_data();
    void largeSendArrivesWholeWithProgress();
};

// The calls of one socket in the order they were reported.
static QList<SocketCall> callsOf(const QSignalSpy &spy)
{
    QList<SocketCall> calls;
    for (const auto &args : spy)
        calls << args.at(0).value<SocketCall>();
    return calls;
}

static QStringList callNames(const QSignalSpy &spy)
{
    QStringList names;
    for (const auto &args : spy)
        names << QString::fromLatin1(callName(args.at(0).value<SocketCall>().kind));
    return names;
}

void TestChat::conversationAndCallLog()
{
    ChatServer server;
    ChatClient client;
    QSignalSpy serverCalls(&server, &ChatServer::socketCall);
    QSignalSpy clientCalls(&client, &ChatClient::socketCall);
    QSignalSpy serverGot(&server, &ChatServer::messageReceived);
    QSignalSpy clientGot(&client, &ChatClient::messageReceived);
    QString error;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    QVERIFY(server.port() != 0);
    QCOMPARE(callNames(serverCalls), (QStringList{QStringLiteral("socket"), QStringLiteral("bind"), QStringLiteral("listen")}));

    client.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && server.peerCount() == 1, 5000);
    QVERIFY(client.send("hello"));
    QTRY_COMPARE_WITH_TIMEOUT(serverGot.size(), 1, 5000);
    QCOMPARE(serverGot.first().at(1).toByteArray(), QByteArray("hello"));
    QCOMPARE(serverGot.first().at(0).toString(), client.localEndpoint());
    QCOMPARE(server.send("你好"), 1);
    QTRY_COMPARE_WITH_TIMEOUT(clientGot.size(), 1, 5000);
    QCOMPARE(clientGot.first().at(0).toByteArray(), QByteArray("你好"));

    client.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(server.peerCount(), 0, 5000);
    const QStringList c = callNames(clientCalls);
    QCOMPARE(c.mid(0, 3), (QStringList{QStringLiteral("socket"), QStringLiteral("connect"), QStringLiteral("connect returns")}));
    QVERIFY(c.contains(QStringLiteral("send")) && c.contains(QStringLiteral("recv")) && c.last() == QLatin1String("close"));
    const QStringList s = callNames(serverCalls);
    QVERIFY(s.indexOf(QStringLiteral("accept returns")) > s.indexOf(QStringLiteral("listen")));
    QVERIFY(s.contains(QStringLiteral("close")));
    // Every call carries a time on the pcap clock, in order.
    int64_t previous = 0;
    for (const auto &args : clientCalls) {
        const auto call = args.at(0).value<SocketCall>();
        QVERIFY(call.timeUs >= previous);
        QCOMPARE(call.side, CallSide::Client);
        QVERIFY(!call.inferred);
        previous = call.timeUs;
    }
}

void TestChat::portInUse()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    ChatServer server;
    QString error;
    QVERIFY(!server.listen(QHostAddress::LocalHost, squatter.serverPort(), &error));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort())), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("in use")), qPrintable(error));
    QVERIFY(!server.isListening());
}

void TestChat::refused()
{
    quint16 port;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ChatClient client;
    QSignalSpy problems(&client, &ChatClient::problem);
    client.connectToHost(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE_WITH_TIMEOUT(problems.size(), 1, 5000);
    const QString message = problems.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("refused")) && message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(message));
    QVERIFY(!client.send("lost?")); // says why instead of queueing into nothing
}

void TestChat::serverGoesAway()
{
    auto *server = new ChatServer;
    QString error;
    QVERIFY(server->listen(QHostAddress::LocalHost, 0, &error));
    ChatClient client;
    QSignalSpy problems(&client, &ChatClient::problem);
    QSignalSpy gone(&client, &ChatClient::disconnected);
    client.connectToHost(QStringLiteral("127.0.0.1"), server->port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && server->peerCount() == 1, 5000);
    delete server; // closes the peer and the listening socket
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 5000);
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.last().first().toString().contains(QStringLiteral("closed")), qPrintable(problems.last().first().toString()));
}

void TestChat::addresses()
{
    // What the packets carry: "::" is IPv6's wildcard (not 0.0.0.0), ::ffff:a.b.c.d is IPv4.
    const Endpoint any6 = endpointFrom(QHostAddress(QHostAddress::AnyIPv6), 80);
    QVERIFY(any6.addr.v6);
    QVERIFY(isWildcard(any6.addr));
    QCOMPARE(QString::fromStdString(any6.toString()), QStringLiteral("[::]:80"));
    const Endpoint mapped = endpointFrom(QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 6666);
    QVERIFY(!mapped.addr.v6);
    QCOMPARE(QString::fromStdString(mapped.toString()), QStringLiteral("127.0.0.1:6666"));
    const Endpoint one = endpointFrom(QHostAddress::LocalHostIPv6, 1);
    QVERIFY(one.addr.v6);
    QCOMPARE(QString::fromStdString(one.toString()), QStringLiteral("[::1]:1"));
    QCOMPARE(endpointText(QHostAddress(QStringLiteral("10.1.2.3")), 7), QStringLiteral("10.1.2.3:7"));
}

void TestChat::messageText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qsizetype>("hidden");
    QTest::newRow("ascii") << QByteArray("hello") << qsizetype(4096) << QStringLiteral("hello") << true << qsizetype(0);
    QTest::newRow("chinese") << QByteArray("你好") << qsizetype(4096) << QStringLiteral("你好") << true << qsizetype(0);
    QTest::newRow("latin1 byte") << QByteArray("caf\xe9") << qsizetype(4096) << QStringLiteral("caf\uFFFD") << false << qsizetype(0);
    QTest::newRow("huge") << QByteArray(10000, 'x') << qsizetype(4096) << QString(4096, QLatin1Char('x')) << true << qsizetype(10000 - 4096);
    // The cut falls inside 好 (3 bytes): back up to its start rather than show half a character.
    QTest::newRow("cut inside a character") << QByteArray("ab你好") << qsizetype(6) << QStringLiteral("ab你") << true << qsizetype(3);
}

void TestChat::messageText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, limit);
    QFETCH(QString, shown);
    QFETCH(bool, valid);
    QFETCH(qsizetype, hidden);
    const MessageText m = hv::messageText(bytes, limit);
    QCOMPARE(m.text, shown);
    QCOMPARE(m.validUtf8, valid);
    QCOMPARE(m.hiddenBytes, hidden);
    const QString note = messageNote(bytes, m);
    QVERIFY2(note.contains(QString::number(bytes.size())), qPrintable(note));
    if (!valid)
        QVERIFY2(note.contains(QStringLiteral("UTF-8")), qPrintable(note));
}

// One connection's bytes, as recv() returned them, through the per-connection decoder.
void TestChat::receivedText_data()
{
    QTest::addColumn<QList<QByteArray>>("reads");
    QTest::addColumn<bool>("finish"); // the connection ends after them
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("cut");
    const QByteArray e = "\xc3\xa9";        // é: two bytes
    const QByteArray ni = "\xe4\xbd\xa0";   // 你: three
    const QByteArray smile = "\xf0\x9f\x98\x80"; // 😀: four (a surrogate pair in UTF-16)
    QTest::newRow("é split in two") << QList<QByteArray>{"caf" + e.left(1), e.mid(1) + "!"} << false
                                    << QStringLiteral("café!") << true << false;
    QTest::newRow("你 byte by byte") << QList<QByteArray>{ni.left(1), ni.mid(1, 1), ni.mid(2)} << false
                                    << QStringLiteral("你") << true << false;
    QTest::newRow("😀 split 1+3") << QList<QByteArray>{smile.left(1), smile.mid(1)} << false
                                 << QString::fromUtf8(smile) << true << false;
    QTest::newRow("a latin-1 byte is still invalid") << QList<QByteArray>{"caf\xe9", " ok"} << false
                                                     << QStringLiteral("caf\uFFFD ok") << false << false;
    QTest::newRow("a lead byte then ASCII") << QList<QByteArray>{"a\xc3", "b"} << false
                                            << QStringLiteral("a\uFFFDb") << false << false;
    // Qt 6.4's stateful decoder swallowed the byte after a held lead byte that it did not continue.
    QTest::newRow("a lead byte then é") << QList<QByteArray>{"a\xc3", e + "x"} << false
                                        << QStringLiteral("a\uFFFDéx") << false << false;
    QTest::newRow("a stray continuation byte") << QList<QByteArray>{"a\xa9", "b"} << false
                                               << QStringLiteral("a\uFFFDb") << false << false;
    QTest::newRow("an overlong start is not held") << QList<QByteArray>{"a\xe0\x80", "\x80" "b"} << false
                                                   << QString() << false << false;
    QTest::newRow("ends inside a character") << QList<QByteArray>{"ab" + ni.left(2)} << true
                                             << QStringLiteral("ab\uFFFD") << false << false;
    QTest::newRow("a flood is cut") << QList<QByteArray>{QByteArray(70000, 'x'), QByteArray(70000, 'y')} << false
                                    << QString(TextReceiver::kShownChars, QLatin1Char('x')) << true << true;
    QByteArray lines;
    for (int i = 0; i < 100; ++i)
        lines += "line\n";
    QTest::newRow("many lines are cut") << QList<QByteArray>{lines} << false
                                        << QStringLiteral("line\n").repeated(TextReceiver::kShownLines - 1) + QStringLiteral("line")
                                        << true << true;
}

void TestChat::receivedText()
{
    QFETCH(QList<QByteArray>, reads);
    QFETCH(bool, finish);
    QFETCH(QString, shown);
    QFETCH(bool, valid);
    QFETCH(bool, cut);
    TextReceiver receiver(QStringLiteral("127.0.0.1:5555"));
    QSignalSpy lines(&receiver, &TextReceiver::lineReady);
    qint64 bytes = 0;
    for (const QByteArray &r : reads) {
        receiver.feed(r);
        bytes += r.size();
    }
    QCOMPARE(lines.size(), 0); // gathered, not one line per read
    if (finish)
        receiver.finish();
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 1, 2000);
    const auto line = lines.first().first().value<ReceivedLine>();
    if (!shown.isEmpty())
        QCOMPARE(line.text, shown);
    else // how many U+FFFD an invalid run makes is Qt's choice; the text after it is not lost
        QVERIFY2(line.text.startsWith(QLatin1Char('a')) && line.text.endsWith(QLatin1Char('b'))
                     && line.text.contains(QChar::ReplacementCharacter), line.text.toUtf8().toHex(' ').constData());
    QCOMPARE(line.validUtf8, valid);
    QCOMPARE(line.cut, cut);
    QCOMPARE(line.bytes, bytes);
    QCOMPARE(line.reads, int(reads.size()));
    QCOMPARE(line.peer, QStringLiteral("127.0.0.1:5555"));
    const QString note = receivedNote(line);
    QVERIFY2(note.contains(QString::number(bytes)), qPrintable(note));
    QCOMPARE(note.contains(QLatin1String("not valid UTF-8")), !valid);
    QCOMPARE(note.contains(QLatin1String("shown")), cut || !valid);
    QCOMPARE(note.contains(QLatin1String("ended inside")), finish);
}

// A character the sender's kernel put in two segments (TCP_NODELAY, the second sent once the
// first has been read) is joined: the decoder lives as long as the connection, on either side.
void TestChat::splitCharacterIsJoined_data()
{
    QTest::addColumn<bool>("serverReceives");
    QTest::newRow("server receives") << true;
    QTest::newRow("client receives") << false;
}

void TestChat::splitCharacterIsJoined()
{
    QFETCH(bool, serverReceives);
    ChatServer server;
    ChatClient client;
    hvtest::RawPeer peer;
    QString error;
    QObject *receiver = serverReceives ? static_cast<QObject *>(&server) : &client;
    std::unique_ptr<QSignalSpy> reads, lines;
    if (serverReceives) {
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(peer.connectTo(server.port()));
        QTRY_COMPARE_WITH_TIMEOUT(server.peerCount(), 1, 5000);
        reads = std::make_unique<QSignalSpy>(&server, &ChatServer::messageReceived);
        lines = std::make_unique<QSignalSpy>(&server, &ChatServer::textReceived);
    } else {
        const quint16 port = peer.listen();
        QVERIFY(port);
        client.connectToHost(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && peer.tryAccept(), 5000);
        reads = std::make_unique<QSignalSpy>(&client, &ChatClient::messageReceived);
        lines = std::make_unique<QSignalSpy>(&client, &ChatClient::textReceived);
    }
    Q_UNUSED(receiver);
    const int bytesArg = serverReceives ? 1 : 0;
    // "café 你好": é cut after its first byte, 你 after its second.
    const QList<QByteArray> parts{"caf\xc3", "\xa9 \xe4\xbd", "\xa0\xe5\xa5\xbd"};
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QVERIFY(peer.send(parts[i]));
        QTRY_COMPARE_WITH_TIMEOUT(reads->size(), int(i + 1), 5000);
        QCOMPARE(reads->last().at(bytesArg).toByteArray(), parts[i]); // its own recv(): really split
    }
    QTRY_VERIFY_WITH_TIMEOUT(!lines->isEmpty(), 2000);
    QTest::qWait(TextReceiver::kGatherMs + 50); // a line of what came later, if any
    QString shown;
    qint64 bytes = 0;
    for (const auto &args : *lines) {
        const auto line = args.first().value<ReceivedLine>();
        QVERIFY2(line.validUtf8, qPrintable(line.text));
        QVERIFY2(!receivedNote(line).contains(QLatin1String("UTF-8")), qPrintable(receivedNote(line)));
        shown += line.text;
        bytes += line.bytes;
    }
    QCOMPARE(shown, QStringLiteral("café 你好"));
    QCOMPARE(bytes, qint64(QByteArray("café 你好").size()));
}

// A peer that closes with SO_LINGER {1, 0} sends RST: the side still connected learns it from
// recv() returning -1 with ECONNRESET, says "reset" (never "closed"), and its close() afterwards
// is marked as sending nothing.
void TestChat::peerResetIsNamed_data()
{
    QTest::addColumn<bool>("serverSide"); // our server's peer resets, or our client's server does
    QTest::newRow("a client resets our server's connection") << true;
    QTest::newRow("a server resets our client's connection") << false;
}

void TestChat::peerResetIsNamed()
{
    QFETCH(bool, serverSide);
    ChatServer server;
    ChatClient client;
    hvtest::RawPeer peer;
    QSignalSpy serverCalls(&server, &ChatServer::socketCall);
    QSignalSpy clientCalls(&client, &ChatClient::socketCall);
    QSignalSpy serverProblems(&server, &ChatServer::problem);
    QSignalSpy clientProblems(&client, &ChatClient::problem);
    QSignalSpy gone(&server, &ChatServer::peerDisconnected);
    QSignalSpy clientGone(&client, &ChatClient::disconnected);
    QString error;
    QString name;
    quint16 peerPort = 0; // the port of the side that resets
    if (serverSide) {
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(peer.connectTo(server.port()));
        QTRY_COMPARE_WITH_TIMEOUT(server.peerCount(), 1, 5000);
        peerPort = peer.localPort();
        name = QStringLiteral("127.0.0.1:%1").arg(peerPort);
        QCOMPARE(server.send("you will not read this"), 1);
    } else {
        const quint16 port = peer.listen();
        client.connectToHost(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && peer.tryAccept(), 5000);
        peerPort = port;
        name = QStringLiteral("127.0.0.1:%1").arg(port);
        QVERIFY(client.send("you will not read this"));
    }
    QTest::qWait(20); // the bytes are in the peer's receive buffer, unread
    peer.reset();

    QSignalSpy &problems = serverSide ? serverProblems : clientProblems;
    QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), 5000);
    const QString said = problems.last().first().toString();
    QVERIFY2(said.contains(name + QStringLiteral(" reset the connection (RST, ECONNRESET)")), qPrintable(said));
    QVERIFY2(!said.contains(QLatin1String("closed")), qPrintable(said));
    if (serverSide) {
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 5000);
        QCOMPARE(gone.first().at(0).toString(), name);
        QCOMPARE(gone.first().at(1).toInt(), ECONNRESET);
        QCOMPARE(server.peerCount(), 0);
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, 5000);
        QVERIFY(!client.isConnected());
    }

    // The calls of the connection's socket, after its send(): recv() -1 ECONNRESET, then close(),
    // which sent nothing; no recv() returning 0 (that would be a FIN).
    QList<SocketCall> calls = callsOf(serverSide ? serverCalls : clientCalls);
    while (!calls.isEmpty() && calls.first().kind != CallKind::Send)
        calls.removeFirst();
    QStringList seen;
    for (const SocketCall &c : calls)
        seen << QStringLiteral("%1 %2 %3").arg(QString::fromLatin1(callName(c.kind))).arg(c.bytes).arg(c.error);
    QVERIFY2(calls.size() >= 3, qPrintable(seen.join(QLatin1String(", "))));
    const SocketCall &recv = calls[calls.size() - 2];
    const SocketCall &close = calls.last();
    QVERIFY2(recv.kind == CallKind::Recv && recv.bytes == -1 && recv.error == ECONNRESET, qPrintable(seen.join(QLatin1String(", "))));
    QVERIFY2(close.kind == CallKind::Close && close.connectionGone && !close.abortive, qPrintable(seen.join(QLatin1String(", "))));
    QCOMPARE(recv.socket, close.socket);
    QCOMPARE(recv.peer.port, peerPort);
    for (const SocketCall &c : calls)
        QVERIFY2(!(c.kind == CallKind::Recv && c.bytes == 0), qPrintable(seen.join(QLatin1String(", "))));
}

// Megabytes go whole, the event loop running meanwhile, with their progress: the peer reads
// nothing at first (a small receive buffer, so the kernels cannot take it all), then everything.
void TestChat::largeSendArrivesWholeWithProgress_data()
{
    QTest::addColumn<bool>("fromServer");
    QTest::newRow("client sends") << false;
    QTest::newRow("server sends") << true;
}

void TestChat::largeSendArrivesWholeWithProgress()
{
    QFETCH(bool, fromServer);
    ChatServer server;
    ChatClient client;
    hvtest::RawPeer peer;
    QString error;
    QByteArray message;
    for (int i = 0; message.size() < (16 << 20); ++i)
        message += QByteArray::number(i) + " 你好 café\n";
    std::unique_ptr<QSignalSpy> progress;
    QElapsedTimer clock;
    if (fromServer) {
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(peer.connectTo(server.port()));
        const int small = 65536;
        ::setsockopt(peer.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        QTRY_COMPARE_WITH_TIMEOUT(server.peerCount(), 1, 5000);
        progress = std::make_unique<QSignalSpy>(&server, &ChatServer::sendProgress);
        clock.start();
        QCOMPARE(server.send(message), 1);
    } else {
        const quint16 port = peer.listen(65536);
        client.connectToHost(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && peer.tryAccept(), 5000);
        progress = std::make_unique<QSignalSpy>(&client, &ChatClient::sendProgress);
        clock.start();
        QVERIFY(client.send(message));
    }
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed()))); // send() queues, it does not wait
    QVERIFY(!progress->isEmpty());
    const auto first = progress->last();
    QVERIFY2(!first.at(2).toBool() && first.at(0).toLongLong() < message.size(),
             qPrintable(QStringLiteral("%1 of %2").arg(first.at(0).toLongLong()).arg(first.at(1).toLongLong())));
    QCOMPARE(first.at(1).toLongLong(), qint64(message.size()));

    peer.startReading(message.size());
    QTRY_VERIFY_WITH_TIMEOUT(peer.readingDone(), 20000);
    QCOMPARE(peer.receivedSize(), message.size());
    QVERIFY(peer.received() == message);
    QTRY_VERIFY_WITH_TIMEOUT(progress->last().at(2).toBool(), 5000);
    const auto last = progress->last();
    QCOMPARE(last.at(0).toLongLong(), qint64(message.size()));
    QCOMPARE(last.at(1).toLongLong(), qint64(message.size()));
    // Written never goes back, and is never more than the total.
    qint64 before = 0;
    for (const auto &args : *progress) {
        QVERIFY(args.at(0).toLongLong() >= before);
        QVERIFY(args.at(0).toLongLong() <= args.at(1).toLongLong());
        before = args.at(0).toLongLong();
    }
}

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
