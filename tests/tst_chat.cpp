// The chat server and client on real loopback sockets, and how received bytes are shown.
#include "ChatClient.h"
#include "ChatServer.h"
#include "MessageText.h"
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
};

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

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
