// ConnectionTracker: roles, Wireshark's relative numbers, window scaling, RFC 793 states as seen
// from the wire, handshake classes, retransmissions and anomalies. Segments are built as values.
#include "ConnectionTracker.h"

#include <QTest>

#include <algorithm>

using namespace hv;

namespace {

constexpr uint16_t FIN = TcpFlag::Fin;
constexpr uint16_t SYN = TcpFlag::Syn;
constexpr uint16_t RST = TcpFlag::Rst;
constexpr uint16_t PSH = TcpFlag::Psh;
constexpr uint16_t ACK = TcpFlag::Ack;

IpAddress ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    IpAddress ip;
    ip.bytes[0] = a;
    ip.bytes[1] = b;
    ip.bytes[2] = c;
    ip.bytes[3] = d;
    return ip;
}

IpAddress ipv6(uint16_t last) // ::last, e.g. ::1
{
    IpAddress ip;
    ip.v6 = true;
    ip.bytes[14] = uint8_t(last >> 8);
    ip.bytes[15] = uint8_t(last & 0xff);
    return ip;
}

Endpoint loopback(uint16_t port) { return Endpoint{ipv4(127, 0, 0, 1), port}; }

QString name(TcpState s) { return QString::fromLatin1(tcpStateName(s)); }
QString name(Handshake h) { return QString::fromLatin1(handshakeName(h)); }
QString name(Side s) { return QString::fromLatin1(sideName(s)); }

// Two endpoints and a tracker; frames are numbered as they are fed.
struct Wire {
    Endpoint client = loopback(46728);
    Endpoint server = loopback(6666);
    ConnectionTracker tracker;
    uint32_t frame = 0;

    static TcpPacket packet(const Endpoint &src, const Endpoint &dst, uint16_t flags, uint32_t seq,
                            uint32_t ack, uint32_t len = 0)
    {
        TcpPacket p;
        p.src = src;
        p.dst = dst;
        p.flags = flags;
        p.seq = seq;
        p.ack = ack;
        p.payloadLen = len;
        p.window = 1000;
        p.tcpHeaderLen = 20;
        p.ttl = 64;
        return p;
    }
    TcpPacket c(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0) const
    {
        return packet(client, server, flags, seq, ack, len);
    }
    TcpPacket s(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0) const
    {
        return packet(server, client, flags, seq, ack, len);
    }
    Segment feed(const TcpPacket &p)
    {
        ++frame;
        return tracker.track(frame, int64_t(frame) * 1000, p);
    }
    Segment fromClient(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0)
    {
        return feed(c(flags, seq, ack, len));
    }
    Segment fromServer(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0)
    {
        return feed(s(flags, seq, ack, len));
    }
    const Connection &conn(uint32_t id = 1) const { return tracker.connection(id); }

    // SYN, SYN+ACK, ACK with client ISN ci and server ISN si: both ESTABLISHED.
    void handshake(uint32_t ci, uint32_t si)
    {
        fromClient(SYN, ci, 0);
        fromServer(SYN | ACK, si, ci + 1);
        fromClient(ACK, ci + 1, si + 1);
    }
};

constexpr uint32_t kClientIsn = 0xFFFFFFFDu; // relative numbers must survive the 2^32 wrap
constexpr uint32_t kServerIsn = 123456u;

struct Step {
    bool fromClient;
    uint16_t flags;
    uint32_t seq, ack, len;
};

// The clean conversation: handshake, 5 bytes and their ACK, active close by the client.
const Step kClean[] = {
    {true, SYN, kClientIsn, 0, 0},
    {false, SYN | ACK, kServerIsn, kClientIsn + 1, 0},
    {true, ACK, kClientIsn + 1, kServerIsn + 1, 0},
    {true, PSH | ACK, kClientIsn + 1, kServerIsn + 1, 5},
    {false, ACK, kServerIsn + 1, kClientIsn + 6, 0},
    {true, FIN | ACK, kClientIsn + 6, kServerIsn + 1, 0},
    {false, ACK, kServerIsn + 1, kClientIsn + 7, 0},
    {false, FIN | ACK, kServerIsn + 1, kClientIsn + 7, 0},
    {true, ACK, kClientIsn + 7, kServerIsn + 2, 0},
};

} // namespace

class TestTracker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void names();
    void anomalyNamesInBitOrder();

    void cleanConversation_data();
    void cleanConversation();
    void clientIsSynSenderDespitePortsAndHint();
    void refused();
    void simultaneousOpen();
    void simultaneousClose();
    void finAckCombinedSkipsFinWait2();
    void finCarryingData();
    void serverClosesFirst();
    void handshakeCompletedByData();

    void midConnection_data();
    void midConnection();
    void synAckFirst();

    void windowScaling_data();
    void windowScaling();
    void windowScalingWithOneSynLost_data();
    void windowScalingWithOneSynLost();

    void retransmissions();
    void answersReviseTheSyn();
    void refusalRevisesTheSyn();
    void unansweredSynCopiesStayUnknown();
    void droppedFinalAckIsRevised();
    void handshakeFacts();
    void newSynAfterUnansweredOnesIsANewConnection();
    void simultaneousOpenFacts();

    void anomaliesDoNotMoveState_data();
    void anomaliesDoNotMoveState();
    void lengthFromTheFrame_data();
    void lengthFromTheFrame();
    void nonsenseIsNotBelieved();
    void dataOnSynStillOpens();

    void rstFromEstablished_data();
    void rstFromEstablished();

    void newConnectionAfterTimeWait();
    void newConnectionAfterRefusal();
    void sameTupleSynWhileOpenIsNotNew();

    void ipv6Endpoints();
    void tupleIsTheWholeTuple();
    void manyConnectionsInterleaved();
    void labDropsMoveOnlyTheSender();
    void labSimultaneousOpen();
    void labFinPastAHoleClaimsNothing();
    void labFinCopyAfterAnotherCopy();
    void labRulesRetired();
};

void TestTracker::names()
{
    const std::pair<TcpState, const char *> states[] = {
        {TcpState::Closed, "CLOSED"},           {TcpState::Listen, "LISTEN"},
        {TcpState::SynSent, "SYN_SENT"},        {TcpState::SynRcvd, "SYN_RCVD"},
        {TcpState::Established, "ESTABLISHED"}, {TcpState::FinWait1, "FIN_WAIT_1"},
        {TcpState::FinWait2, "FIN_WAIT_2"},     {TcpState::Closing, "CLOSING"},
        {TcpState::TimeWait, "TIME_WAIT"},      {TcpState::CloseWait, "CLOSE_WAIT"},
        {TcpState::LastAck, "LAST_ACK"},
    };
    for (const auto &[state, text] : states)
        QCOMPARE(name(state), QString::fromLatin1(text));
    QCOMPARE(name(Side::Client), QStringLiteral("client"));
    QCOMPARE(name(Side::Server), QStringLiteral("server"));
    QCOMPARE(name(Handshake::None), QStringLiteral("none"));
    QCOMPARE(name(Handshake::Partial), QStringLiteral("partial"));
    QCOMPARE(name(Handshake::Complete), QStringLiteral("complete"));
    QCOMPARE(name(Handshake::Refused), QStringLiteral("refused"));
}

void TestTracker::anomalyNamesInBitOrder()
{
    QVERIFY(anomalyNames(0).empty());
    const std::vector<std::string> all = {"syn_fin", "syn_rst", "data_on_syn", "ack_number_without_ack_flag",
                                          "no_flags", "fin_without_ack", "bad_options", "ipv6_payload_length_0"};
    QVERIFY(anomalyNames(0xff) == all);
    QVERIFY(anomalyNames(Anomaly::NoFlags | Anomaly::SynFin) == (std::vector<std::string>{"syn_fin", "no_flags"}));
}

void TestTracker::cleanConversation_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<QString>("from");
    QTest::addColumn<uint>("relSeq");
    QTest::addColumn<uint>("relAck");
    QTest::addColumn<uint>("len");
    QTest::addColumn<QString>("clientState");
    QTest::addColumn<QString>("serverState");
    QTest::addColumn<QString>("handshake");

    // Until the server answers, the SYN proves nothing about it (the answer revises the row).
    QTest::newRow("SYN") << 0 << "client" << 0u << 0u << 0u << "SYN_SENT" << "?" << "partial";
    QTest::newRow("SYN, ACK") << 1 << "server" << 0u << 1u << 0u << "ESTABLISHED" << "SYN_RCVD" << "partial";
    QTest::newRow("ACK") << 2 << "client" << 1u << 1u << 0u << "ESTABLISHED" << "ESTABLISHED" << "complete";
    QTest::newRow("PSH, ACK - Len: 5") << 3 << "client" << 1u << 1u << 5u << "ESTABLISHED" << "ESTABLISHED" << "complete";
    QTest::newRow("ACK of data") << 4 << "server" << 1u << 6u << 0u << "ESTABLISHED" << "ESTABLISHED" << "complete";
    QTest::newRow("FIN, ACK (client)") << 5 << "client" << 6u << 1u << 0u << "FIN_WAIT_1" << "CLOSE_WAIT" << "complete";
    QTest::newRow("ACK of client FIN") << 6 << "server" << 1u << 7u << 0u << "FIN_WAIT_2" << "CLOSE_WAIT" << "complete";
    QTest::newRow("FIN, ACK (server)") << 7 << "server" << 1u << 7u << 0u << "TIME_WAIT" << "LAST_ACK" << "complete";
    QTest::newRow("ACK of server FIN") << 8 << "client" << 7u << 2u << 0u << "TIME_WAIT" << "CLOSED" << "complete";
}

void TestTracker::cleanConversation()
{
    QFETCH(int, step);
    QFETCH(QString, from);
    QFETCH(uint, relSeq);
    QFETCH(uint, relAck);
    QFETCH(uint, len);
    QFETCH(QString, clientState);
    QFETCH(QString, serverState);
    QFETCH(QString, handshake);

    Wire w;
    w.client = loopback(1023); // lower than the server's port: the SYN decides, not the port
    Segment seg;
    for (int i = 0; i <= step; ++i) {
        const Step &st = kClean[i];
        seg = st.fromClient ? w.fromClient(st.flags, st.seq, st.ack, st.len)
                            : w.fromServer(st.flags, st.seq, st.ack, st.len);
    }
    QCOMPARE(seg.frame, uint32_t(step + 1));
    QCOMPARE(seg.connection, 1u);
    QCOMPARE(name(seg.from), from);
    QCOMPARE(seg.seq, kClean[step].seq);
    QCOMPARE(seg.relSeq, relSeq);
    QCOMPARE(seg.relAck, relAck);
    QCOMPARE(seg.len, len);
    QCOMPARE(name(seg.clientState), clientState);
    QCOMPARE(name(seg.serverState), serverState);
    QVERIFY(!seg.retransmission);
    QCOMPARE(seg.anomalies, uint16_t(0));

    QCOMPARE(w.tracker.connections().size(), size_t(1));
    const Connection &c = w.conn();
    QCOMPARE(name(c.handshake), handshake);
    QVERIFY(c.client == w.client);
    QVERIFY(c.server == w.server);
    QCOMPARE(c.clientState, seg.clientState);
    QCOMPARE(c.serverState, seg.serverState);
    QCOMPARE(c.clientIsn, kClientIsn);
    QVERIFY(c.clientIsnKnown);
    QCOMPARE(c.segmentCount, uint32_t(step + 1));
    if (step >= 1) {
        QVERIFY(c.serverIsnKnown);
        QCOMPARE(c.serverIsn, kServerIsn);
        QVERIFY(c.sawSynAck);
    }
    QCOMPARE(c.sawHandshakeAck, step >= 2);
}

void TestTracker::clientIsSynSenderDespitePortsAndHint()
{
    Wire w;
    w.client = loopback(80);
    w.server = loopback(50000);
    w.tracker.setServerPortHint(80);
    const Segment syn = w.fromClient(SYN, 7, 0);
    QCOMPARE(syn.from, Side::Client);
    QVERIFY(w.conn().client == w.client);
    QCOMPARE(w.fromServer(SYN | ACK, 9, 8).from, Side::Server);
}

void TestTracker::refused()
{
    Wire w;
    w.fromClient(SYN, 1000, 0);
    const Segment rst = w.fromServer(RST | ACK, 0, 1001);
    QCOMPARE(rst.from, Side::Server);
    // Wireshark shows "[RST, ACK] Seq=1 Ack=1": no SYN from the server, so its base is seq - 1.
    QCOMPARE(rst.relSeq, 1u);
    QCOMPARE(rst.relAck, 1u);
    QCOMPARE(rst.clientState, TcpState::Closed);
    QCOMPARE(rst.serverState, TcpState::Closed);
    QCOMPARE(w.conn().handshake, Handshake::Refused);
}

void TestTracker::simultaneousOpen()
{
    Wire w;
    w.client = loopback(40001);
    w.server = loopback(40000);
    const uint32_t a = 5000, b = 9000;

    Segment s = w.fromClient(SYN, a, 0);
    QCOMPARE(name(s.clientState), QStringLiteral("SYN_SENT"));
    QCOMPARE(name(s.serverState), QStringLiteral("?"));

    s = w.fromServer(SYN, b, 0); // crossed on the wire: each side had sent its SYN
    // It answers the first SYN: that row's server is SYN_RCVD too.
    const std::vector<StateRevision> revised = w.tracker.takeRevisions();
    QCOMPARE(revised.size(), size_t(1));
    QCOMPARE(revised[0].frame, 1u);
    QCOMPARE(revised[0].clientState, TcpState::SynSent);
    QCOMPARE(revised[0].serverState, TcpState::SynRcvd);
    QCOMPARE(s.from, Side::Server);
    QCOMPARE(s.relSeq, 0u);
    QCOMPARE(s.relAck, 0u);
    QVERIFY(!s.retransmission);
    QCOMPARE(name(s.clientState), QStringLiteral("SYN_RCVD"));
    QCOMPARE(name(s.serverState), QStringLiteral("SYN_RCVD"));

    s = w.fromClient(SYN | ACK, a, b + 1); // the same ISN again, now with ACK: not a retransmission
    QVERIFY(!s.retransmission);
    QCOMPARE(s.relSeq, 0u);
    QCOMPARE(s.relAck, 1u);
    QCOMPARE(name(s.clientState), QStringLiteral("SYN_RCVD"));
    QCOMPARE(name(s.serverState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(w.conn().handshake, Handshake::Partial);

    s = w.fromServer(SYN | ACK, b, a + 1);
    QVERIFY(!s.retransmission);
    QCOMPARE(name(s.clientState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(name(s.serverState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(w.conn().handshake, Handshake::Complete);
    QVERIFY(w.conn().client == w.client);
}

void TestTracker::simultaneousClose()
{
    Wire w;
    const uint32_t c = 100, s = 900;
    w.handshake(c, s);

    Segment seg = w.fromClient(FIN | ACK, c + 1, s + 1);
    QCOMPARE(name(seg.clientState), QStringLiteral("FIN_WAIT_1"));
    QCOMPARE(name(seg.serverState), QStringLiteral("CLOSE_WAIT"));

    // The server's FIN does not ack the client's: it was sent before that FIN arrived.
    seg = w.fromServer(FIN | ACK, s + 1, c + 1);
    QVERIFY(!seg.retransmission);
    QCOMPARE(name(seg.clientState), QStringLiteral("CLOSING"));
    QCOMPARE(name(seg.serverState), QStringLiteral("CLOSING"));

    seg = w.fromClient(ACK, c + 2, s + 2);
    QCOMPARE(name(seg.clientState), QStringLiteral("CLOSING"));
    QCOMPARE(name(seg.serverState), QStringLiteral("TIME_WAIT"));

    seg = w.fromServer(ACK, s + 2, c + 2);
    QCOMPARE(name(seg.clientState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(name(seg.serverState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(w.conn().handshake, Handshake::Complete);
}

void TestTracker::finAckCombinedSkipsFinWait2()
{
    Wire w;
    const uint32_t c = 100, s = 900;
    w.handshake(c, s);
    w.fromClient(FIN | ACK, c + 1, s + 1);
    // The passive closer acks the FIN and sends its own in one segment (Linux's delayed ACK).
    Segment seg = w.fromServer(FIN | ACK, s + 1, c + 2);
    QCOMPARE(name(seg.clientState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(name(seg.serverState), QStringLiteral("LAST_ACK"));
    seg = w.fromClient(ACK, c + 2, s + 2);
    QCOMPARE(name(seg.clientState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(name(seg.serverState), QStringLiteral("CLOSED"));
}

void TestTracker::finCarryingData()
{
    Wire w;
    const uint32_t c = 100, s = 900;
    w.handshake(c, s);
    // FIN with 5 bytes: the FIN occupies c + 6, so its ACK is c + 7.
    Segment seg = w.fromClient(FIN | PSH | ACK, c + 1, s + 1, 5);
    QCOMPARE(name(seg.clientState), QStringLiteral("FIN_WAIT_1"));
    seg = w.fromServer(ACK, s + 1, c + 6); // acks the data only
    QCOMPARE(name(seg.clientState), QStringLiteral("FIN_WAIT_1"));
    seg = w.fromServer(ACK, s + 1, c + 7);
    QCOMPARE(seg.relAck, 7u);
    QCOMPARE(name(seg.clientState), QStringLiteral("FIN_WAIT_2"));
}

void TestTracker::serverClosesFirst()
{
    Wire w;
    const uint32_t c = 100, s = 900;
    w.handshake(c, s);
    Segment seg = w.fromServer(FIN | ACK, s + 1, c + 1);
    QCOMPARE(name(seg.clientState), QStringLiteral("CLOSE_WAIT"));
    QCOMPARE(name(seg.serverState), QStringLiteral("FIN_WAIT_1"));
    seg = w.fromClient(ACK, c + 1, s + 2);
    QCOMPARE(name(seg.serverState), QStringLiteral("FIN_WAIT_2"));
    // The client's FIN acks the server's: CLOSE_WAIT -> LAST_ACK.
    seg = w.fromClient(FIN | ACK, c + 1, s + 2);
    QCOMPARE(name(seg.clientState), QStringLiteral("LAST_ACK"));
    QCOMPARE(name(seg.serverState), QStringLiteral("TIME_WAIT"));
    seg = w.fromServer(FIN | ACK, s + 1, c + 2); // the server's FIN again (our ACK was lost)
    QVERIFY(seg.retransmission);
    QCOMPARE(name(seg.clientState), QStringLiteral("LAST_ACK"));
    seg = w.fromServer(ACK, s + 2, c + 2);
    QCOMPARE(name(seg.clientState), QStringLiteral("CLOSED"));
    QCOMPARE(name(seg.serverState), QStringLiteral("TIME_WAIT"));
}

void TestTracker::handshakeCompletedByData()
{
    // The pure ACK of the handshake may be missing from the capture; data acking the SYN+ACK
    // completes it just as well.
    Wire w;
    w.fromClient(SYN, 10, 0);
    w.fromServer(SYN | ACK, 20, 11);
    const Segment seg = w.fromClient(PSH | ACK, 11, 21, 3);
    QCOMPARE(name(seg.serverState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(w.conn().handshake, Handshake::Complete);
}

void TestTracker::midConnection_data()
{
    QTest::addColumn<int>("hint");
    QTest::addColumn<int>("clientPort");
    QTest::addColumn<int>("serverPort");
    QTest::addColumn<bool>("firstFromServer");

    QTest::newRow("hint, server speaks first") << 6666 << 50000 << 6666 << true;
    QTest::newRow("hint, client speaks first") << 6666 << 50000 << 6666 << false;
    QTest::newRow("hint beats the lower port") << 40000 << 3000 << 40000 << false;
    QTest::newRow("hint matching neither port") << 7 << 51000 << 6666 << true;
    QTest::newRow("well-known port, no hint") << 0 << 51000 << 80 << false;
    QTest::newRow("lower port, no hint") << 0 << 51000 << 6666 << true;
}

void TestTracker::midConnection()
{
    QFETCH(int, hint);
    QFETCH(int, clientPort);
    QFETCH(int, serverPort);
    QFETCH(bool, firstFromServer);

    Wire w;
    w.client = loopback(uint16_t(clientPort));
    w.server = loopback(uint16_t(serverPort));
    w.tracker.setServerPortHint(uint16_t(hint));
    const uint32_t c = 70000, s = 3000000000u;

    // The capture starts after the handshake: relative numbers start at 1 on both sides.
    const Segment first = firstFromServer ? w.fromServer(PSH | ACK, s, c, 10) : w.fromClient(PSH | ACK, c, s, 10);
    QCOMPARE(first.from, firstFromServer ? Side::Server : Side::Client);
    QCOMPARE(first.relSeq, 1u);
    QCOMPARE(first.relAck, 1u);
    QCOMPARE(first.winScaled, uint32_t(first.win)); // scaling unknown: the raw value
    QCOMPARE(name(first.clientState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(name(first.serverState), QStringLiteral("ESTABLISHED"));

    const Segment reply = firstFromServer ? w.fromClient(ACK, c, s + 10) : w.fromServer(ACK, s, c + 10);
    QCOMPARE(reply.relSeq, 1u);
    QCOMPARE(reply.relAck, 11u);

    const Connection &conn = w.conn();
    QVERIFY(conn.client == w.client);
    QVERIFY(conn.server == w.server);
    QCOMPARE(conn.handshake, Handshake::None);
    QCOMPARE(conn.clientIsn, c - 1);
    QCOMPARE(conn.serverIsn, s - 1);

    // A close seen from the middle still walks the states.
    const uint32_t clientNext = firstFromServer ? c : c + 10;
    const uint32_t serverNext = firstFromServer ? s + 10 : s;
    const Segment fin = w.fromClient(FIN | ACK, clientNext, serverNext);
    QVERIFY(!fin.retransmission);
    QCOMPARE(name(fin.clientState), QStringLiteral("FIN_WAIT_1"));
    QCOMPARE(name(fin.serverState), QStringLiteral("CLOSE_WAIT"));
    const Segment last = w.fromServer(FIN | ACK, serverNext, clientNext + 1);
    QCOMPARE(name(last.clientState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(name(last.serverState), QStringLiteral("LAST_ACK"));
    QCOMPARE(conn.handshake, Handshake::None);
}

void TestTracker::synAckFirst()
{
    // The SYN was missed: the SYN+ACK's sender is the server, even from the higher port.
    Wire w;
    w.client = loopback(80);
    w.server = loopback(60000);
    Segment seg = w.fromServer(SYN | ACK, 500, 101);
    QCOMPARE(seg.from, Side::Server);
    QVERIFY(w.conn().server == w.server);
    QCOMPARE(seg.relSeq, 0u);
    QCOMPARE(seg.relAck, 1u);
    QCOMPARE(name(seg.clientState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(name(seg.serverState), QStringLiteral("SYN_RCVD"));
    seg = w.fromClient(ACK, 101, 501);
    QCOMPARE(seg.relSeq, 1u);
    QCOMPARE(seg.relAck, 1u);
    QCOMPARE(name(seg.serverState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(w.conn().handshake, Handshake::None);
}

void TestTracker::windowScaling_data()
{
    QTest::addColumn<int>("clientWs");
    QTest::addColumn<int>("serverWs");
    QTest::addColumn<uint>("clientScaled"); // a later client segment with win 512
    QTest::addColumn<uint>("serverScaled"); // a later server segment with win 512

    QTest::newRow("WS 7 on both SYNs") << 7 << 7 << 65536u << 65536u;
    QTest::newRow("each side its own shift") << 7 << 2 << 65536u << 2048u;
    QTest::newRow("WS 0 on both") << 0 << 0 << 512u << 512u;
    QTest::newRow("WS only on the SYN") << 7 << -1 << 512u << 512u;
    QTest::newRow("WS only on the SYN+ACK") << -1 << 7 << 512u << 512u;
    QTest::newRow("no WS") << -1 << -1 << 512u << 512u;
    QTest::newRow("shift above 14 counts as 14") << 15 << 14 << (512u << 14) << (512u << 14);
}

void TestTracker::windowScaling()
{
    QFETCH(int, clientWs);
    QFETCH(int, serverWs);
    QFETCH(uint, clientScaled);
    QFETCH(uint, serverScaled);

    Wire w;
    TcpPacket syn = w.c(SYN, 1, 0);
    syn.window = 65495;
    syn.options.wscale = int8_t(clientWs);
    TcpPacket synAck = w.s(SYN | ACK, 1, 2);
    synAck.window = 65483;
    synAck.options.wscale = int8_t(serverWs);

    const Segment s1 = w.feed(syn);
    QCOMPARE(s1.winScaled, 65495u); // a SYN's window is never scaled
    const Segment s2 = w.feed(synAck);
    QCOMPARE(s2.winScaled, 65483u);

    TcpPacket ack = w.c(ACK, 2, 2);
    ack.window = 512;
    const Segment s3 = w.feed(ack);
    QCOMPARE(s3.win, uint16_t(512));
    QCOMPARE(s3.winScaled, clientScaled);
    TcpPacket data = w.s(PSH | ACK, 2, 2, 5);
    data.window = 512;
    QCOMPARE(w.feed(data).winScaled, serverScaled);
    QCOMPARE(int(w.conn().clientWscale), std::min(clientWs, 14));
}

// The capture missed the SYN or the SYN+ACK. Expected values are tshark 4.0's tcp.window_size on
// the same segments (tests/tst_tshark_agreement.cpp found the disagreement): a side is scaled by its
// own shift when its SYN carried WS and the other SYN is not known to lack it.
void TestTracker::windowScalingWithOneSynLost_data()
{
    QTest::addColumn<bool>("synLost");      // else the SYN+ACK is lost
    QTest::addColumn<int>("ws");             // WS on the SYN that was captured; -1: none
    QTest::addColumn<uint>("clientScaled"); // a later client segment with win 512
    QTest::addColumn<uint>("serverScaled"); // a later server segment with win 512

    QTest::newRow("SYN lost, SYN+ACK with WS 7") << true << 7 << 512u << 65536u;
    QTest::newRow("SYN lost, SYN+ACK with WS 15 counts as 14") << true << 15 << 512u << (512u << 14);
    QTest::newRow("SYN lost, SYN+ACK without WS") << true << -1 << 512u << 512u;
    QTest::newRow("SYN+ACK lost, SYN with WS 7") << false << 7 << 65536u << 512u;
    QTest::newRow("SYN+ACK lost, SYN without WS") << false << -1 << 512u << 512u;
}

void TestTracker::windowScalingWithOneSynLost()
{
    QFETCH(bool, synLost);
    QFETCH(int, ws);
    QFETCH(uint, clientScaled);
    QFETCH(uint, serverScaled);

    Wire w;
    TcpPacket first = synLost ? w.s(SYN | ACK, 1, 2) : w.c(SYN, 1, 0);
    first.options.wscale = int8_t(ws);
    QCOMPARE(w.feed(first).winScaled, uint32_t(first.window)); // a SYN's window is never scaled

    TcpPacket ack = w.c(ACK, 2, 2);
    ack.window = 512;
    QCOMPARE(w.feed(ack).winScaled, clientScaled);
    TcpPacket data = w.s(PSH | ACK, 2, 2, 5);
    data.window = 512;
    QCOMPARE(w.feed(data).winScaled, serverScaled);
}

void TestTracker::retransmissions()
{
    Wire w;
    const uint32_t c = 1000, s = 2000;
    Segment seg = w.fromClient(SYN, c, 0);
    QVERIFY(!seg.retransmission);
    seg = w.fromClient(SYN, c, 0);
    QVERIFY(seg.retransmission);
    QCOMPARE(seg.relSeq, 0u);
    QCOMPARE(name(seg.clientState), QStringLiteral("SYN_SENT"));
    QCOMPARE(name(seg.serverState), QStringLiteral("?"));
    QCOMPARE(seg.connection, 1u);

    QVERIFY(!w.fromServer(SYN | ACK, s, c + 1).retransmission);
    seg = w.fromServer(SYN | ACK, s, c + 1);
    QVERIFY(seg.retransmission);
    w.fromClient(ACK, c + 1, s + 1);

    QVERIFY(!w.fromClient(PSH | ACK, c + 1, s + 1, 5).retransmission);
    seg = w.fromClient(PSH | ACK, c + 1, s + 1, 5);
    QVERIFY(seg.retransmission);
    QCOMPARE(seg.relSeq, 1u);
    QVERIFY(w.fromClient(PSH | ACK, c + 3, s + 1, 3).retransmission);   // inside what was sent
    QVERIFY(!w.fromClient(PSH | ACK, c + 1, s + 1, 10).retransmission); // carries new bytes
    QVERIFY(!w.fromClient(ACK, c + 11, s + 1).retransmission);          // a pure ACK never is
    QVERIFY(!w.fromServer(ACK, s + 1, c + 11).retransmission);

    seg = w.fromClient(FIN | ACK, c + 11, s + 1);
    QVERIFY(!seg.retransmission);
    QCOMPARE(name(seg.clientState), QStringLiteral("FIN_WAIT_1"));
    QCOMPARE(name(seg.serverState), QStringLiteral("CLOSE_WAIT"));
    seg = w.fromClient(FIN | ACK, c + 11, s + 1);
    QVERIFY(seg.retransmission);
    QCOMPARE(name(seg.clientState), QStringLiteral("FIN_WAIT_1"));
    QCOMPARE(name(seg.serverState), QStringLiteral("CLOSE_WAIT"));
    QCOMPARE(w.tracker.connections().size(), size_t(1));
}

void TestTracker::anomaliesDoNotMoveState_data()
{
    QTest::addColumn<int>("flags");
    QTest::addColumn<uint>("ack");
    QTest::addColumn<uint>("len");
    QTest::addColumn<bool>("badOptions");
    QTest::addColumn<int>("expected");

    // Each nonsense one would move a state if it were believed (FIN -> FIN_WAIT_1, RST -> CLOSED).
    QTest::newRow("SYN+FIN") << int(SYN | FIN) << 0u << 0u << false << int(Anomaly::SynFin);
    QTest::newRow("SYN+RST") << int(SYN | RST) << 0u << 0u << false << int(Anomaly::SynRst);
    QTest::newRow("FIN without ACK") << int(FIN) << 0u << 0u << false << int(Anomaly::FinWithoutAck);
    QTest::newRow("FIN+PSH without ACK, ack number set")
        << int(FIN | PSH) << 501u << 3u << false << int(Anomaly::FinWithoutAck | Anomaly::AckNumberWithoutAckFlag);
    QTest::newRow("no flags") << 0 << 0u << 4u << false << int(Anomaly::NoFlags);
    QTest::newRow("no flags, ack number set") << 0 << 501u << 0u << false
                                              << int(Anomaly::NoFlags | Anomaly::AckNumberWithoutAckFlag);
    QTest::newRow("ack number without ACK flag") << int(PSH) << 501u << 3u << false
                                                 << int(Anomaly::AckNumberWithoutAckFlag);
    QTest::newRow("data on a SYN") << int(SYN) << 0u << 8u << false << int(Anomaly::DataOnSyn);
    QTest::newRow("bad options") << int(ACK) << 501u << 0u << true << int(Anomaly::BadOptions);
}

void TestTracker::anomaliesDoNotMoveState()
{
    QFETCH(int, flags);
    QFETCH(uint, ack);
    QFETCH(uint, len);
    QFETCH(bool, badOptions);
    QFETCH(int, expected);

    Wire w;
    w.handshake(100, 500);
    TcpPacket p = w.c(uint16_t(flags), 101, ack, len);
    if (badOptions)
        p.optionProblem = "option length 1 at offset 20";
    const Segment seg = w.feed(p);
    QCOMPARE(seg.anomalies, uint16_t(expected));
    QCOMPARE(name(seg.clientState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(name(seg.serverState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(w.tracker.connections().size(), size_t(1));
    QCOMPARE(w.conn().handshake, Handshake::Complete);
}

void TestTracker::lengthFromTheFrame_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<int>("ipLength");
    QTest::addColumn<int>("expected");
    // IPv6 payload length 0 without a Jumbo option (BIG TCP) is flagged; a jumbogram and IPv4's
    // total length 0 (segmentation offload, which tshark accepts too) are not.
    QTest::newRow("IPv6, length from the frame") << true << int(IpLength::Frame) << int(Anomaly::Ipv6PayloadLengthZero);
    QTest::newRow("IPv6 jumbogram") << true << int(IpLength::Jumbo) << 0;
    QTest::newRow("IPv6, length from the header") << true << int(IpLength::Header) << 0;
    QTest::newRow("IPv4 total length 0 (TSO)") << false << int(IpLength::Frame) << 0;
}

void TestTracker::lengthFromTheFrame()
{
    QFETCH(bool, v6);
    QFETCH(int, ipLength);
    QFETCH(int, expected);
    Wire w;
    if (v6) {
        w.client = {ipv6(1), 46728};
        w.server = {ipv6(1), 6666};
    }
    w.handshake(100, 500);
    TcpPacket p = w.c(ACK, 101, 501, 196000);
    p.ipLength = IpLength(ipLength);
    const Segment seg = w.feed(p);
    QCOMPARE(seg.anomalies, uint16_t(expected));
    QCOMPARE(anomalyNames(seg.anomalies).size(), size_t(expected ? 1 : 0));
    // A remark, not nonsense: the segment counts as usual (its bytes are acknowledged by number).
    QCOMPARE(seg.len, 196000u);
    QCOMPARE(seg.relSeq, 1u);
    const Segment ack = w.fromServer(ACK, 501, 101 + 196000);
    QCOMPARE(ack.relAck, 196001u);
    QVERIFY(!ack.retransmission);
    QCOMPARE(w.fromClient(ACK, 101 + 196000, 501).retransmission, false);
    QCOMPARE(name(seg.clientState), QStringLiteral("ESTABLISHED"));
}

void TestTracker::answersReviseTheSyn()
{
    Wire w;
    QCOMPARE(w.fromClient(SYN, 100, 0).serverState, TcpState::Unknown);
    QCOMPARE(w.conn().serverInitial, TcpState::Unknown);
    QVERIFY(w.tracker.takeRevisions().empty());
    const Segment synAck = w.fromServer(SYN | ACK, 500, 101);
    QCOMPARE(synAck.serverState, TcpState::SynRcvd);
    const std::vector<StateRevision> r = w.tracker.takeRevisions();
    QCOMPARE(r.size(), size_t(1));
    QCOMPARE(r[0].connection, 1u);
    QCOMPARE(r[0].frame, 1u);
    QCOMPARE(r[0].clientState, TcpState::SynSent);
    QCOMPARE(r[0].serverState, TcpState::SynRcvd);
    QCOMPARE(w.conn().serverInitial, TcpState::Listen); // a SYN+ACK proves a listener
    QCOMPARE(w.conn().clientInitial, TcpState::Closed);
    QVERIFY(w.tracker.takeRevisions().empty()); // taken once
}

void TestTracker::refusalRevisesTheSyn()
{
    Wire w;
    w.fromClient(SYN, 100, 0);
    w.fromServer(RST | ACK, 0, 101);
    const std::vector<StateRevision> r = w.tracker.takeRevisions();
    QCOMPARE(r.size(), size_t(1));
    QCOMPARE(r[0].frame, 1u);
    QCOMPARE(r[0].serverState, TcpState::Closed); // CLOSED all along
    QCOMPARE(w.conn().serverInitial, TcpState::Closed);
    QCOMPARE(w.conn().refusalFrame, 2u);
    QCOMPARE(w.conn().handshake, Handshake::Refused);
    QCOMPARE(w.conn().synAckFrame, 0u);
}

void TestTracker::unansweredSynCopiesStayUnknown()
{
    // A full accept queue drops the first SYNs; only the copy the SYN+ACK answers is revised.
    Wire w;
    w.fromClient(SYN, 100, 0);
    QVERIFY(w.fromClient(SYN, 100, 0).retransmission);
    const Segment third = w.fromClient(SYN, 100, 0);
    QCOMPARE(third.serverState, TcpState::Unknown);
    w.fromServer(SYN | ACK, 500, 101);
    const std::vector<StateRevision> r = w.tracker.takeRevisions();
    QCOMPARE(r.size(), size_t(1));
    QCOMPARE(r[0].frame, 3u);
    QCOMPARE(r[0].serverState, TcpState::SynRcvd);
    QCOMPARE(w.conn().serverInitial, TcpState::Unknown); // the first SYN went unanswered
    // A client that gives up sends RST: that proves nothing about a server that never answered.
    Wire gaveUp;
    gaveUp.fromClient(SYN, 100, 0);
    const Segment rst = gaveUp.fromClient(RST, 101, 0);
    QCOMPARE(rst.clientState, TcpState::Closed);
    QCOMPARE(rst.serverState, TcpState::Unknown);
}

void TestTracker::droppedFinalAckIsRevised()
{
    // The accept queue is full: the server drops the final ACK (and the data after it) and sends
    // its SYN+ACK again; the client, ESTABLISHED all along, answers with another ACK.
    Wire w;
    w.handshake(100, 500);
    QCOMPARE(w.conn().handshake, Handshake::Complete);
    QCOMPARE(w.conn().establishingFrame, 3u);
    w.tracker.takeRevisions();
    w.fromClient(PSH | ACK, 101, 501, 5);
    const Segment again = w.fromServer(SYN | ACK, 500, 101);
    QVERIFY(again.retransmission);
    QCOMPARE(again.serverState, TcpState::SynRcvd);
    QCOMPARE(again.clientState, TcpState::Established);
    // One revision for the span from the dropped ACK to just before this SYN+ACK: every client
    // segment in it keeps its client state, its server state is SYN_RCVD.
    const std::vector<StateRevision> r = w.tracker.takeRevisions();
    QCOMPARE(r.size(), size_t(1));
    QCOMPARE(r[0].frame, 3u);
    QCOMPARE(r[0].lastFrame, 4u);
    QCOMPARE(r[0].serverState, TcpState::SynRcvd);
    QCOMPARE(r[0].clientState, TcpState::Unknown);
    QCOMPARE(w.conn().handshake, Handshake::Partial);
    QCOMPARE(w.conn().establishingFrame, 0u);
    const Segment ack = w.fromClient(ACK, 106, 501);
    QCOMPARE(ack.serverState, TcpState::Established);
    QCOMPARE(w.conn().establishingFrame, 6u);
    QCOMPARE(w.conn().handshake, Handshake::Complete);
    // Once the server has sent something else, its ESTABLISHED stands: a late copy of its
    // SYN+ACK revises nothing.
    w.tracker.takeRevisions();
    w.fromServer(ACK, 501, 106);
    w.fromServer(SYN | ACK, 500, 101);
    QVERIFY(w.tracker.takeRevisions().empty());
    QCOMPARE(w.conn().serverState, TcpState::Established);
}

void TestTracker::newSynAfterUnansweredOnesIsANewConnection()
{
    // Nobody answered; the client gave up and connects again from the same port, a new ISN.
    Wire w;
    w.fromClient(SYN, 100, 0);
    w.fromClient(SYN, 100, 0);
    const Segment again = w.fromClient(SYN, 9000, 0);
    QCOMPARE(again.connection, 2u);
    QVERIFY(!again.retransmission);
    const Segment synAck = w.fromServer(SYN | ACK, 500, 9001);
    QCOMPARE(synAck.connection, 2u);
    QCOMPARE(synAck.clientState, TcpState::Established);
    QCOMPARE(w.conn(1).segmentCount, 2u);
    QCOMPARE(w.conn(2).serverInitial, TcpState::Listen);
}

void TestTracker::simultaneousOpenFacts()
{
    Wire w;
    w.fromClient(SYN, 100, 0);
    w.fromServer(SYN, 500, 0);
    QVERIFY(w.conn().simultaneousOpen);
    QCOMPARE(w.conn().serverInitial, TcpState::Closed); // it connected too: nothing listened
}

void TestTracker::handshakeFacts()
{
    Wire w;
    w.handshake(100, 500);
    QCOMPARE(w.conn().synAckFrame, 2u);
    QCOMPARE(w.conn().establishingFrame, 3u);
    QCOMPARE(w.conn().refusalFrame, 0u);
    QCOMPARE(w.conn().clientInitial, TcpState::Closed);
    QCOMPARE(w.conn().serverInitial, TcpState::Listen);
    // Data can complete the handshake when the ACK was lost: it is the establishing segment.
    Wire lost;
    lost.fromClient(SYN, 100, 0);
    lost.fromServer(SYN | ACK, 500, 101);
    lost.fromClient(PSH | ACK, 101, 501, 3);
    QCOMPARE(lost.conn().establishingFrame, 3u);
    // Mid-connection: no handshake facts are invented.
    Wire mid;
    mid.fromClient(ACK, 100, 500);
    QCOMPARE(mid.conn().synAckFrame, 0u);
    QCOMPARE(mid.conn().establishingFrame, 0u);
    QCOMPARE(mid.conn().clientInitial, TcpState::Established);
}

void TestTracker::nonsenseIsNotBelieved()
{
    // A FIN without ACK is not recorded as the client's FIN: the real one later is no retransmission.
    Wire w;
    w.handshake(100, 500);
    QCOMPARE(w.fromClient(FIN, 101, 0).anomalies, Anomaly::FinWithoutAck);
    const Segment fin = w.fromClient(FIN | ACK, 101, 501);
    QVERIFY(!fin.retransmission);
    QCOMPARE(fin.anomalies, uint16_t(0));
    QCOMPARE(name(fin.clientState), QStringLiteral("FIN_WAIT_1"));

    // A SYN+FIN scan opens nothing: no handshake, and no state is claimed for either side.
    Wire scan;
    const Segment probe = scan.fromClient(SYN | FIN, 7, 0);
    QCOMPARE(probe.anomalies, Anomaly::SynFin);
    QCOMPARE(probe.clientState, TcpState::Unknown);
    QCOMPARE(probe.serverState, TcpState::Unknown);
    QCOMPARE(scan.conn().handshake, Handshake::None);
}

void TestTracker::dataOnSynStillOpens()
{
    // Flagged, but a SYN with data (TCP Fast Open) is a real SYN.
    Wire w;
    const Segment syn = w.fromClient(SYN, 100, 0, 10);
    QCOMPARE(syn.anomalies, Anomaly::DataOnSyn);
    QCOMPARE(name(syn.clientState), QStringLiteral("SYN_SENT"));
    QCOMPARE(name(syn.serverState), QStringLiteral("?"));
    QCOMPARE(w.conn().handshake, Handshake::Partial);
}

void TestTracker::rstFromEstablished_data()
{
    QTest::addColumn<bool>("fromClient");
    QTest::addColumn<int>("flags");
    QTest::newRow("client RST, ACK") << true << int(RST | ACK);
    QTest::newRow("client RST") << true << int(RST);
    QTest::newRow("server RST, ACK") << false << int(RST | ACK);
    QTest::newRow("server RST") << false << int(RST);
}

void TestTracker::rstFromEstablished()
{
    QFETCH(bool, fromClient);
    QFETCH(int, flags);
    Wire w;
    w.handshake(100, 500);
    const bool withAck = flags & ACK;
    const Segment seg = fromClient ? w.fromClient(uint16_t(flags), 101, withAck ? 501 : 0)
                                   : w.fromServer(uint16_t(flags), 501, withAck ? 101 : 0);
    QCOMPARE(seg.anomalies, uint16_t(0));
    QCOMPARE(name(seg.clientState), QStringLiteral("CLOSED"));
    QCOMPARE(name(seg.serverState), QStringLiteral("CLOSED"));
    QCOMPARE(w.conn().handshake, Handshake::Complete); // an RST later does not undo the handshake
}

void TestTracker::newConnectionAfterTimeWait()
{
    Wire w;
    for (const Step &st : kClean)
        st.fromClient ? w.fromClient(st.flags, st.seq, st.ack, st.len) : w.fromServer(st.flags, st.seq, st.ack, st.len);
    QCOMPARE(name(w.conn().clientState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(name(w.conn().serverState), QStringLiteral("CLOSED"));

    Segment seg = w.fromClient(SYN, kClientIsn, 0); // the old ISN: a late copy of the old SYN
    QCOMPARE(seg.connection, 1u);
    QVERIFY(seg.retransmission);
    QCOMPARE(name(seg.clientState), QStringLiteral("TIME_WAIT"));

    const uint32_t fresh = 777777;
    seg = w.fromClient(SYN, fresh, 0);
    QCOMPARE(seg.connection, 2u);
    QVERIFY(!seg.retransmission);
    QCOMPARE(seg.relSeq, 0u);
    QCOMPARE(name(seg.clientState), QStringLiteral("SYN_SENT"));
    QCOMPARE(name(seg.serverState), QStringLiteral("?"));
    QCOMPARE(w.tracker.connections().size(), size_t(2));
    QCOMPARE(w.conn(2).id, 2u);
    QCOMPARE(w.conn(2).clientIsn, fresh);
    QCOMPARE(w.conn(2).handshake, Handshake::Partial);

    // Later segments go to the new connection; the old one is left as it was.
    seg = w.fromServer(SYN | ACK, 42, fresh + 1);
    QCOMPARE(seg.connection, 2u);
    QCOMPARE(seg.relSeq, 0u);
    QCOMPARE(seg.relAck, 1u);
    QCOMPARE(name(w.conn(1).clientState), QStringLiteral("TIME_WAIT"));
    QCOMPARE(w.conn(1).segmentCount, 10u);
    QCOMPARE(w.conn(2).segmentCount, 2u);
}

void TestTracker::newConnectionAfterRefusal()
{
    Wire w;
    w.fromClient(SYN, 1000, 0);
    w.fromServer(RST | ACK, 0, 1001);
    const Segment seg = w.fromClient(SYN, 5000, 0);
    QCOMPARE(seg.connection, 2u);
    QCOMPARE(w.conn(1).handshake, Handshake::Refused);
    QCOMPARE(w.conn(2).handshake, Handshake::Partial);
}

void TestTracker::sameTupleSynWhileOpenIsNotNew()
{
    Wire w;
    w.handshake(100, 500);
    const Segment seg = w.fromClient(SYN, 99999, 0);
    QCOMPARE(seg.connection, 1u);
    QCOMPARE(name(seg.clientState), QStringLiteral("ESTABLISHED"));
    QCOMPARE(w.tracker.connections().size(), size_t(1));
}

void TestTracker::ipv6Endpoints()
{
    Wire w;
    w.client = Endpoint{ipv6(1), 46728};
    w.server = Endpoint{ipv6(1), 6666};
    w.handshake(100, 500);
    Segment seg = w.fromServer(PSH | ACK, 501, 101, 4);
    QCOMPARE(seg.from, Side::Server);
    QCOMPARE(seg.relSeq, 1u);
    QCOMPARE(seg.relAck, 1u);
    QCOMPARE(w.conn().handshake, Handshake::Complete);
    QVERIFY(w.conn().client.addr.v6);
    QVERIFY(w.conn().client == w.client);

    // Same ports over IPv4 and another IPv6 pair: separate connections.
    Wire both;
    both.client = Endpoint{ipv6(1), 46728};
    both.server = Endpoint{ipv6(1), 6666};
    both.fromClient(SYN, 1, 0);
    both.client = loopback(46728);
    both.server = loopback(6666);
    QCOMPARE(both.fromClient(SYN, 2, 0).connection, 2u);
    both.client = Endpoint{ipv6(2), 46728};
    both.server = Endpoint{ipv6(3), 6666};
    QCOMPARE(both.fromClient(SYN, 3, 0).connection, 3u);
    QCOMPARE(both.fromServer(SYN | ACK, 9, 4).connection, 3u);
    QCOMPARE(both.tracker.connections().size(), size_t(3));
}

// Connections are found by a hash of the 4-tuple: every byte of both addresses, the address family
// and both ports tell connections apart, in either direction.
void TestTracker::tupleIsTheWholeTuple()
{
    IpAddress v4 = ipv4(10, 0, 0, 1);
    IpAddress v6SameBytes = v4;
    v6SameBytes.v6 = true;
    IpAddress lastByte = ipv6(1);
    IpAddress otherLastByte = ipv6(2);
    IpAddress firstByte = ipv6(1);
    firstByte.bytes[0] = 0x20;
    const Endpoint server{ipv4(10, 0, 0, 2), 80};
    const Endpoint clients[] = {
        {v4, 1000},        {v4, 1001},        {v6SameBytes, 1000}, {lastByte, 1000},
        {otherLastByte, 1000}, {firstByte, 1000}, {server.addr, 1000}, {v4, 80},
    };
    Wire w;
    w.server = server;
    for (const Endpoint &c : clients) {
        w.client = c;
        w.fromClient(SYN, 100, 0);
    }
    QCOMPARE(w.tracker.connections().size(), std::size(clients));
    for (uint32_t i = 0; i < std::size(clients); ++i) {
        w.client = clients[i];
        const Segment answer = w.fromServer(SYN | ACK, 500 + i, 101);
        QCOMPARE(answer.connection, i + 1);
        QCOMPARE(answer.from, Side::Server);
        QCOMPARE(answer.relAck, 1u);
        QVERIFY(w.conn(i + 1).client == clients[i]);
    }

    // Endpoints that differ in the family alone, or in the last address byte alone: still two sides.
    for (const auto &[a, b] : {std::pair{v4, v6SameBytes}, std::pair{lastByte, otherLastByte}, std::pair{firstByte, lastByte}}) {
        Wire pair;
        pair.client = Endpoint{a, 7000};
        pair.server = Endpoint{b, 7000};
        pair.fromClient(SYN, 1, 0);
        const Segment reply = pair.fromServer(SYN | ACK, 50, 2);
        QCOMPARE(reply.from, Side::Server);
        QCOMPARE(reply.relAck, 1u);
        QCOMPARE(name(reply.clientState), QStringLiteral("ESTABLISHED"));
        QCOMPARE(pair.tracker.connections().size(), size_t(1));
    }

    // A socket connected to itself: one connection, every segment the client's.
    Wire self;
    self.client = self.server = Endpoint{ipv6(1), 5000};
    QCOMPARE(self.fromClient(SYN, 7, 0).connection, 1u);
    const Segment again = self.fromServer(SYN | ACK, 7, 8);
    QCOMPARE(again.connection, 1u);
    QCOMPARE(again.from, Side::Client);
    QCOMPARE(self.tracker.connections().size(), size_t(1));
    // Both ends are the one socket: no client or server state is claimed (was SYN_SENT forever).
    QCOMPARE(again.clientState, TcpState::Unknown);
    QCOMPARE(again.serverState, TcpState::Unknown);
    QCOMPARE(self.fromClient(ACK, 8, 8).clientState, TcpState::Unknown);
}

// The lab network's drops, repeated by the tracker (LabDropPlan.h): a dropped segment moves its
// sender only; its copy that arrives moves the receiver.
namespace {

void armLab(Wire &w, std::vector<LabDropRule> rules)
{
    auto plan = std::make_shared<LabDropPlan>();
    plan->arm(w.client.port, w.server.port, std::move(rules));
    w.tracker.setLabDropPlan(plan);
}

LabDropRule dropRule(LabDropRule::Kind kind, int count)
{
    LabDropRule r;
    r.kind = kind;
    r.count = count;
    return r;
}

} // namespace

// A simultaneous open as the lab makes it (Lessons.cpp): the first SYN each way dropped, the two
// copies cross. Each side SYN_SENT, then SYN_RCVD on the other's SYN, then ESTABLISHED on the
// other's SYN+ACK; the dropped SYNs claim nothing for their receivers.
void TestTracker::labSimultaneousOpen()
{
    Wire w;
    armLab(w, {dropRule(LabDropRule::Kind::Syn, 1), dropRule(LabDropRule::Kind::PeerSyn, 1)});
    const Segment a1 = w.fromClient(SYN, 100, 0);
    QVERIFY(a1.anomalies & Anomaly::DroppedByLab);
    QCOMPARE(a1.clientState, TcpState::SynSent);
    QCOMPARE(a1.serverState, TcpState::Unknown);
    const Segment b1 = w.fromServer(SYN, 500, 0);
    QVERIFY(b1.anomalies & Anomaly::DroppedByLab);
    QCOMPARE(b1.serverState, TcpState::SynSent); // its own connect(): it had no SYN of the client's
    QCOMPARE(b1.clientState, TcpState::SynSent);
    const Segment b2 = w.fromServer(SYN, 500, 0);
    QVERIFY(b2.retransmission && !(b2.anomalies & Anomaly::DroppedByLab));
    QCOMPARE(b2.clientState, TcpState::SynRcvd);
    QCOMPARE(b2.serverState, TcpState::SynSent);
    const Segment a2 = w.fromClient(SYN, 100, 0);
    QCOMPARE(a2.serverState, TcpState::SynRcvd);
    QCOMPARE(a2.clientState, TcpState::SynRcvd);
    const Segment a3 = w.fromClient(SYN | ACK, 100, 501);
    QVERIFY(!a3.retransmission);
    QCOMPARE(a3.serverState, TcpState::Established);
    const Segment b3 = w.fromServer(SYN | ACK, 500, 101);
    QCOMPARE(b3.clientState, TcpState::Established);
    const Connection &c = w.tracker.connection(1);
    QVERIFY(c.simultaneousOpen);
    QCOMPARE(c.serverInitial, TcpState::Closed);
    QCOMPARE(c.handshake, Handshake::Complete);
    // Nothing revised the dropped SYN's row into a SYN_RCVD that never was.
    for (const StateRevision &r : w.tracker.takeRevisions())
        QVERIFY2(r.frame != a1.frame, "the dropped SYN's server state was revised");
}

void TestTracker::labDropsMoveOnlyTheSender()
{
    Wire w;
    armLab(w, {dropRule(LabDropRule::Kind::SynAck, 1)});
    w.fromClient(SYN, 100, 0);
    const Segment lost = w.fromServer(SYN | ACK, 500, 101);
    QVERIFY(lost.anomalies & Anomaly::DroppedByLab);
    QCOMPARE(lost.clientState, TcpState::SynSent); // it never arrived
    QCOMPARE(lost.serverState, TcpState::SynRcvd);
    const Segment again = w.fromServer(SYN | ACK, 500, 101);
    QVERIFY(again.retransmission && !(again.anomalies & Anomaly::DroppedByLab));
    QCOMPARE(again.clientState, TcpState::Established); // the copy did
    QCOMPARE(w.tracker.connection(1).synAckFrame, again.frame);
}

// --loss drops data D1; D2 and the FIN come through: the server holds the FIN out of order until
// D1's copy fills the hole. Shown: nothing claimed for the server (not CLOSE_WAIT).
void TestTracker::labFinPastAHoleClaimsNothing()
{
    Wire w;
    LabDropRule loss;
    loss.kind = LabDropRule::Kind::Loss;
    loss.dropAt[2] = true; // the client's third segment: SYN, ACK, then D1
    armLab(w, {loss});
    w.fromClient(SYN, 100, 0);
    w.fromServer(SYN | ACK, 500, 101);
    w.fromClient(ACK, 101, 501);
    const Segment d1 = w.fromClient(PSH | ACK, 101, 501, 10);
    QVERIFY(d1.anomalies & Anomaly::DroppedByLab);
    w.fromClient(PSH | ACK, 111, 501, 10);
    const Segment fin = w.fromClient(FIN | ACK, 121, 501);
    QCOMPARE(fin.clientState, TcpState::FinWait1);
    QCOMPARE(fin.serverState, TcpState::Unknown);
}

// The FIN dropped; before its timer runs out an earlier data segment is sent again (its ACK was
// lost); then the FIN's own copy: that one gives the server its FIN (CLOSE_WAIT).
void TestTracker::labFinCopyAfterAnotherCopy()
{
    Wire w;
    armLab(w, {dropRule(LabDropRule::Kind::Fin, 1)});
    w.fromClient(SYN, 100, 0);
    w.fromServer(SYN | ACK, 500, 101);
    w.fromClient(ACK, 101, 501);
    w.fromClient(PSH | ACK, 101, 501, 10);
    const Segment fin = w.fromClient(FIN | ACK, 111, 501);
    QVERIFY(fin.anomalies & Anomaly::DroppedByLab);
    QCOMPARE(fin.serverState, TcpState::Established);
    const Segment dataAgain = w.fromClient(PSH | ACK, 101, 501, 10);
    QVERIFY(dataAgain.retransmission);
    QCOMPARE(dataAgain.serverState, TcpState::Established);
    const Segment finAgain = w.fromClient(FIN | ACK, 111, 501);
    QVERIFY(finAgain.retransmission);
    QCOMPARE(finAgain.serverState, TcpState::CloseWait);
}

// The next connection's rules replaced this one's (they were deleted at `retiredAt`): from then on
// nothing of it is dropped, and the FIN dropped before still moves the receiver when its copy comes.
void TestTracker::labRulesRetired()
{
    Wire w;
    auto plan = std::make_shared<LabDropPlan>();
    plan->arm(w.client.port, w.server.port, {dropRule(LabDropRule::Kind::Fin, 2)});
    w.tracker.setLabDropPlan(plan);
    w.fromClient(SYN, 100, 0);
    w.fromServer(SYN | ACK, 500, 101);
    w.fromClient(ACK, 101, 501);
    QVERIFY(w.fromClient(FIN | ACK, 101, 501).anomalies & Anomaly::DroppedByLab);
    plan->retireAll(int64_t(w.frame + 1) * 1000); // Wire's times: frame × 1 ms
    plan->arm(50000, w.server.port, {dropRule(LabDropRule::Kind::Syn, 1)});
    const Segment again = w.fromClient(FIN | ACK, 101, 501); // the second FIN rule would drop it: gone
    QVERIFY(!(again.anomalies & Anomaly::DroppedByLab));
    QCOMPARE(again.serverState, TcpState::CloseWait);
}

// Thousands of connections at once (the lookup table grows many times while they are open), their
// segments interleaved in shuffled orders, then a second generation on a third of the tuples.
void TestTracker::manyConnectionsInterleaved()
{
    constexpr uint32_t n = 12000;
    const auto tuple = [](uint32_t i) {
        Endpoint client = i % 3 == 0 ? Endpoint{ipv6(uint16_t(i / 7)), uint16_t(32768 + i % 5000)}
                                     : Endpoint{ipv4(10, uint8_t(i >> 16), uint8_t(i >> 8), uint8_t(i)), uint16_t(40000 + i % 3)};
        Endpoint server{i % 3 == 0 ? ipv6(0xffff) : ipv4(192, 168, 0, 1), uint16_t(443 + i % 2)};
        return std::pair{client, server};
    };
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i)
        order[i] = i;
    uint32_t seed = 12345;
    const auto shuffle = [&] {
        for (uint32_t i = n - 1; i > 0; --i) {
            seed = seed * 1103515245u + 12345u;
            std::swap(order[i], order[(seed >> 8) % (i + 1)]);
        }
    };
    const auto clientIsn = [](uint32_t i, uint32_t generation) { return i * 2654435761u + generation * 77u; };
    const auto serverIsn = [](uint32_t i, uint32_t generation) { return ~i * 40503u + generation; };

    ConnectionTracker tracker;
    uint32_t frame = 0;
    const auto send = [&](uint32_t i, bool fromClient, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len = 0) {
        const auto [client, server] = tuple(i);
        ++frame;
        return tracker.track(frame, frame, Wire::packet(fromClient ? client : server, fromClient ? server : client,
                                                          flags, seq, ack, len));
    };
    for (uint32_t generation = 0; generation < 2; ++generation) {
        const uint32_t count = generation == 0 ? n : n / 3;
        const uint32_t firstId = generation == 0 ? 1 : n + 1;
        const auto idOf = [&](uint32_t i) { return generation == 0 ? i + 1 : firstId + i; };
        for (uint32_t i = 0; i < count; ++i)
            QCOMPARE(send(i, true, SYN, clientIsn(i, generation), 0).connection, idOf(i));
        shuffle();
        for (uint32_t i : order) {
            if (i >= count)
                continue;
            const Segment s = send(i, false, SYN | ACK, serverIsn(i, generation), clientIsn(i, generation) + 1);
            QCOMPARE(s.connection, idOf(i));
            QCOMPARE(s.relAck, 1u);
        }
        shuffle();
        for (uint32_t i : order) {
            if (i >= count)
                continue;
            const uint32_t c = clientIsn(i, generation) + 1, sv = serverIsn(i, generation) + 1;
            send(i, true, ACK, c, sv);
            const Segment data = send(i, true, PSH | ACK, c, sv, i % 100 + 1);
            QCOMPARE(data.connection, idOf(i));
            QCOMPARE(data.relSeq, 1u);
            QCOMPARE(name(data.serverState), QStringLiteral("ESTABLISHED"));
        }
        shuffle();
        for (uint32_t i : order) {
            if (i >= count)
                continue;
            const uint32_t c = clientIsn(i, generation) + 1 + i % 100 + 1, sv = serverIsn(i, generation) + 1;
            send(i, true, FIN | ACK, c, sv);
            send(i, false, FIN | ACK, sv, c + 1);
            const Segment last = send(i, true, ACK, c + 1, sv + 1);
            QCOMPARE(last.connection, idOf(i));
            QCOMPARE(last.relSeq, i % 100 + 3);
            QCOMPARE(last.relAck, 2u);
            QCOMPARE(name(last.clientState), QStringLiteral("TIME_WAIT"));
            QCOMPARE(name(last.serverState), QStringLiteral("CLOSED"));
        }
        QCOMPARE(tracker.connections().size(), size_t(firstId - 1 + count));
    }
    for (uint32_t i = 0; i < n; ++i) {
        const Connection &c = tracker.connection(i + 1);
        QCOMPARE(c.handshake, Handshake::Complete);
        QCOMPARE(c.segmentCount, 7u);
        QCOMPARE(c.clientIsn, clientIsn(i, 0));
        QVERIFY(c.client == tuple(i).first);
    }
    for (uint32_t i = 0; i < n / 3; ++i)
        QCOMPARE(tracker.connection(n + 1 + i).clientIsn, clientIsn(i, 1));
}

QTEST_APPLESS_MAIN(TestTracker)
#include "tst_tracker.moc"
