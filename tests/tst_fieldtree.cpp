// The details tree of frames built here byte by byte and tracked by the real tracker: exact byte
// ranges for every field a student can click, and notes that quote the frame's own numbers.
#include "FieldTree.h"

#include <QtTest>

using namespace hv;

namespace {

constexpr int kEthernet = 1, kRawFile = 101;

void put8(QByteArray &b, unsigned v) { b.append(char(v & 0xFF)); }
void put16(QByteArray &b, unsigned v)
{
    put8(b, v >> 8);
    put8(b, v);
}
void put32(QByteArray &b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}
QByteArray bytes(std::initializer_list<unsigned> list)
{
    QByteArray b;
    for (unsigned v : list)
        put8(b, v);
    return b;
}

QByteArray optMss(unsigned mss) { QByteArray b = bytes({2, 4}); put16(b, mss); return b; }
QByteArray optWs(unsigned shift) { return bytes({3, 3, shift}); }
QByteArray optSackPerm() { return bytes({4, 2}); }
QByteArray optNop() { return bytes({1}); }
QByteArray optTs(uint32_t val, uint32_t ecr) { QByteArray b = bytes({8, 10}); put32(b, val); put32(b, ecr); return b; }
// What Linux puts on a SYN over lo: MSS, SACK_PERM, TS, NOP, WS.
QByteArray linuxSynOptions(unsigned mss, uint32_t tsval, uint32_t tsecr)
{
    return optMss(mss) + optSackPerm() + optTs(tsval, tsecr) + optNop() + optWs(7);
}

struct Tcp {
    uint16_t sport = 46728, dport = 6666;
    uint32_t seq = 0, ack = 0;
    uint16_t flags = 0;
    uint16_t window = 65495;
    QByteArray options;
    QByteArray payload;
};

QByteArray tcpBytes(const Tcp &t)
{
    QByteArray b;
    put16(b, t.sport);
    put16(b, t.dport);
    put32(b, t.seq);
    put32(b, t.ack);
    put16(b, unsigned((20 + t.options.size()) / 4) << 12 | t.flags);
    put16(b, t.window);
    put16(b, 0xFE30); // checksum left to offload, as on lo
    put16(b, 0);
    return b + t.options + t.payload;
}

QByteArray ipv4(const QByteArray &segment)
{
    QByteArray b = bytes({0x45, 0});
    put16(b, unsigned(20 + segment.size()));
    put16(b, 0x1234);
    put16(b, 0x4000); // DF
    put8(b, 64);
    put8(b, 6);
    put16(b, 0);
    b += bytes({127, 0, 0, 1, 127, 0, 0, 1});
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += uint32_t(uchar(b[i])) << 8 | uchar(b[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    b[10] = char((~sum >> 8) & 0xFF);
    b[11] = char(~sum & 0xFF);
    return b + segment;
}

QByteArray ipv6(const QByteArray &segment)
{
    QByteArray b;
    put32(b, 0x60000000);
    put16(b, unsigned(segment.size()));
    put8(b, 6);
    put8(b, 64);
    for (int i = 0; i < 2; ++i)
        b += QByteArray(15, '\0') + bytes({1});
    return b + segment;
}

QByteArray ethernet(const QByteArray &packet, unsigned etherType)
{
    QByteArray b(12, '\0');
    put16(b, etherType);
    return b + packet;
}

StoredFrame stored(const QByteArray &frame, int linkType = kEthernet)
{
    StoredFrame f;
    f.number = 1;
    f.bytes = frame;
    f.caplen = uint32_t(frame.size());
    f.origLen = uint32_t(frame.size());
    f.linkType = linkType;
    f.seconds = 1764170000;
    f.nanoseconds = 123456000;
    return f;
}

// Frames through the real decoder and tracker, as the capture thread would.
struct Conversation {
    ConnectionTracker tracker;
    uint32_t frames = 0;
    std::vector<Segment> segments;

    Segment add(const StoredFrame &f)
    {
        const DecodeResult d = decodeFrame(f.linkType, reinterpret_cast<const uint8_t *>(f.bytes.constData()),
                                           f.caplen, f.origLen);
        if (d.status != DecodeStatus::Ok)
            qFatal("test frame does not decode: %s", d.reason.c_str());
        ++frames;
        segments.push_back(tracker.track(frames, 1764170000000000 + frames, d.tcp));
        return segments.back();
    }
    const Connection &connection() const { return tracker.connection(1); }
};

constexpr uint32_t kClientIsn = 2750012345u, kServerIsn = 3607734168u;

Tcp syn()
{
    Tcp t;
    t.seq = kClientIsn;
    t.flags = TcpFlag::Syn;
    t.options = linuxSynOptions(65495, 1931230171, 0);
    return t;
}
Tcp synAck()
{
    Tcp t;
    t.sport = 6666;
    t.dport = 46728;
    t.seq = kServerIsn;
    t.ack = kClientIsn + 1;
    t.flags = TcpFlag::Syn | TcpFlag::Ack;
    t.window = 65483;
    t.options = linuxSynOptions(65495, 1931230172, 1931230171);
    return t;
}
Tcp ack(uint32_t seqOffset = 1, QByteArray payload = {})
{
    Tcp t;
    t.seq = kClientIsn + seqOffset;
    t.ack = kServerIsn + 1;
    t.flags = TcpFlag::Ack | (payload.isEmpty() ? 0 : TcpFlag::Psh);
    t.window = 512;
    t.options = optNop() + optNop() + optTs(1931230173, 1931230172);
    t.payload = payload;
    return t;
}

// The field and its byte range, or a failure that names what was missing.
#define CHECK_FIELD(tree, name, off, len)                                                                     \
    do {                                                                                                      \
        const Field *f_ = (tree).find(QStringLiteral(name));                                                  \
        QVERIFY2(f_, name " is missing");                                                                     \
        QCOMPARE(f_->offset, off);                                                                            \
        QCOMPARE(f_->length, len);                                                                            \
    } while (0)

const Field &child(const Field &parent, const QString &name)
{
    for (const Field &c : parent.children)
        if (c.name == name)
            return c;
    qFatal("no child %s under %s", qPrintable(name), qPrintable(parent.name));
}

} // namespace

class TestFieldTree : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ipv4SynOnEthernet();
    void ipv4SynAck();
    void dataWithScaledWindow();
    void ipv6Syn();
    void ipv6PayloadLengthZero();
    void windowScalingNotes();
    void sackBlocksAndEndOfOptions();
    void fieldAtByte();
    void rawIpHasNoLinkLayer();
    void undecodableFrameKeepsTheFrameRow();
};

void TestFieldTree::ipv4SynOnEthernet()
{
    Conversation c;
    const StoredFrame f = stored(ethernet(ipv4(tcpBytes(syn())), 0x0800));
    QCOMPARE(f.bytes.size(), 74);
    const Segment s = c.add(f);
    const FieldTree tree = buildFieldTree(f, s, &c.connection());
    QVERIFY2(tree.problem.isEmpty(), qPrintable(tree.problem));
    QCOMPARE(tree.headline, QStringLiteral("Frame 1 · 127.0.0.1:46728 → 127.0.0.1:6666 · SYN · Seq=0 (abs 2750012345)"));

    QCOMPARE(tree.fields.size(), size_t(4)); // frame, Ethernet, IPv4, TCP: no payload
    CHECK_FIELD(tree, "Frame 1", 0, 74);
    CHECK_FIELD(tree, "Ethernet II", 0, 14);
    QVERIFY(tree.find(QStringLiteral("Ethernet II"))->note.contains(QStringLiteral("loopback")));
    CHECK_FIELD(tree, "Internet Protocol version 4", 14, 20);
    CHECK_FIELD(tree, "Time to live", 22, 1);
    QCOMPARE(tree.find(QStringLiteral("Time to live"))->value, QStringLiteral("64"));
    CHECK_FIELD(tree, "Total length", 16, 2);
    QCOMPARE(tree.find(QStringLiteral("Total length"))->value, QStringLiteral("60 bytes"));
    QCOMPARE(tree.find(QStringLiteral("Total length"))->note,
             QStringLiteral("IP header 20 + TCP header 40 + payload 0 = 60 bytes"));
    QVERIFY(tree.find(QStringLiteral("Header checksum"))->value.endsWith(QStringLiteral("(correct)")));
    CHECK_FIELD(tree, "Source address", 26, 4);
    CHECK_FIELD(tree, "Destination address", 30, 4);
    QCOMPARE(tree.find(QStringLiteral("Source address"))->value, QStringLiteral("127.0.0.1"));

    CHECK_FIELD(tree, "Transmission Control Protocol", 34, 40);
    CHECK_FIELD(tree, "Source port", 34, 2);
    CHECK_FIELD(tree, "Destination port", 36, 2);
    QCOMPARE(tree.find(QStringLiteral("Destination port"))->value, QStringLiteral("6666"));
    CHECK_FIELD(tree, "Sequence number (relative)", 38, 4);
    QCOMPARE(tree.find(QStringLiteral("Sequence number (relative)"))->value, QStringLiteral("0"));
    QCOMPARE(tree.find(QStringLiteral("Sequence number (raw)"))->value, QStringLiteral("2750012345"));
    QCOMPARE(tree.find(QStringLiteral("Next sequence number"))->value, QStringLiteral("1 (raw 2750012346)"));
    QVERIFY(!tree.find(QStringLiteral("Acknowledgment number (relative)"))); // no ACK flag
    CHECK_FIELD(tree, "Acknowledgment number (raw)", 42, 4);
    const Field &tcpHeaderLength = child(tree.fields[3], QStringLiteral("Header length"));
    QCOMPARE(tcpHeaderLength.offset, 46);
    QCOMPARE(tcpHeaderLength.length, 1);
    QCOMPARE(tcpHeaderLength.value, QStringLiteral("40 bytes (data offset 10)"));

    // Every flag bit, set or not, on the byte that holds it.
    const Field *flags = tree.find(QStringLiteral("Flags"));
    QVERIFY(flags);
    QCOMPARE(flags->offset, 46);
    QCOMPARE(flags->length, 2);
    QCOMPARE(flags->value, QStringLiteral("0x002 (SYN)"));
    const QStringList names{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
    for (const QString &name : names) {
        const Field &bit = child(*flags, name);
        QCOMPARE(bit.value, name == QLatin1String("SYN") ? QStringLiteral("set (1)") : QStringLiteral("not set (0)"));
        QCOMPARE(bit.offset, name == QLatin1String("AE") ? 46 : 47);
        QCOMPARE(bit.length, 1);
        QVERIFY(!bit.note.isEmpty());
    }
    CHECK_FIELD(tree, "Window", 48, 2);
    QCOMPARE(tree.find(QStringLiteral("Window"))->value, QStringLiteral("65495"));
    QVERIFY(tree.find(QStringLiteral("Window (scaled)"))->note.contains(QStringLiteral("never scaled")));
    CHECK_FIELD(tree, "Checksum", 50, 2);
    CHECK_FIELD(tree, "Urgent pointer", 52, 2);

    // The options, byte for byte.
    CHECK_FIELD(tree, "Options", 54, 20);
    QCOMPARE(tree.find(QStringLiteral("Options"))->note, QStringLiteral("MSS, SACK_PERM, TS, NOP, WS"));
    CHECK_FIELD(tree, "Maximum segment size (MSS)", 54, 4);
    CHECK_FIELD(tree, "MSS value", 56, 2);
    CHECK_FIELD(tree, "SACK permitted (SACK_PERM)", 58, 2);
    CHECK_FIELD(tree, "Timestamps (TS)", 60, 10);
    CHECK_FIELD(tree, "TSval", 62, 4);
    CHECK_FIELD(tree, "TSecr", 66, 4);
    CHECK_FIELD(tree, "No-operation (NOP)", 70, 1);
    CHECK_FIELD(tree, "Window scale (WS)", 71, 3);
    CHECK_FIELD(tree, "Shift count", 73, 1);
    const Field *mss = tree.find(QStringLiteral("Maximum segment size (MSS)"));
    QCOMPARE(mss->value, QStringLiteral("65495 bytes"));
    // 65536 - 40 would be 65496: IPv4's 16-bit total length caps the packet at 65535 first.
    QCOMPARE(mss->note, QStringLiteral("MSS 65495: on lo the MTU is 65536, but an IPv4 packet holds at most 65535 bytes "
                                       "(its total length is 16 bits), minus 40 bytes of IPv4+TCP headers; the largest "
                                       "payload the client wants in one segment"));
    QCOMPARE(mss->children.front().name, QStringLiteral("Kind"));
    QCOMPARE(mss->children.front().offset, 54);
    const Field *ws = tree.find(QStringLiteral("Window scale (WS)"));
    QCOMPARE(ws->value, QStringLiteral("shift 7 (× 128)"));
    QVERIFY2(ws->note.startsWith(QStringLiteral("WS 7: a shift count, the window is multiplied by 2^7 = 128")),
             qPrintable(ws->note));
    const Field *ts = tree.find(QStringLiteral("Timestamps (TS)"));
    QCOMPARE(ts->value, QStringLiteral("TSval 1931230171, TSecr 0"));
    QVERIFY(ts->note.contains(QStringLiteral("round-trip")) && ts->note.contains(QStringLiteral("PAWS")));
    QVERIFY(tree.find(QStringLiteral("TSecr"))->note.contains(QStringLiteral("nothing to echo")));
    QVERIFY(tree.find(QStringLiteral("No-operation (NOP)"))->note.contains(QStringLiteral("4-byte boundary")));
    QVERIFY(tree.find(QStringLiteral("SACK permitted (SACK_PERM)"))->note.contains(QStringLiteral("selective")));
}

void TestFieldTree::ipv4SynAck()
{
    Conversation c;
    c.add(stored(ethernet(ipv4(tcpBytes(syn())), 0x0800)));
    const StoredFrame f = stored(ethernet(ipv4(tcpBytes(synAck())), 0x0800));
    const Segment s = c.add(f);
    const FieldTree tree = buildFieldTree(f, s, &c.connection());
    QCOMPARE(tree.headline,
             QStringLiteral("Frame 2 · 127.0.0.1:6666 → 127.0.0.1:46728 · SYN, ACK · Seq=0 Ack=1 (abs 3607734168 / 2750012346)"));
    const Field *relAck = tree.find(QStringLiteral("Acknowledgment number (relative)"));
    QVERIFY(relAck);
    QCOMPARE(relAck->value, QStringLiteral("1"));
    QCOMPARE(relAck->offset, 42);
    QCOMPARE(relAck->length, 4);
    QVERIFY2(relAck->note.contains(QStringLiteral("x + 1")) && relAck->note.contains(QStringLiteral("client")),
             qPrintable(relAck->note));
    QVERIFY(tree.find(QStringLiteral("Acknowledgment number (raw)"))->note.contains(QStringLiteral("2750012345 + 1")));
    QCOMPARE(child(*tree.find(QStringLiteral("Flags")), QStringLiteral("ACK")).value, QStringLiteral("set (1)"));
    QVERIFY(tree.find(QStringLiteral("Source port"))->note.contains(QStringLiteral("server")));
    QCOMPARE(tree.find(QStringLiteral("TSecr"))->value, QStringLiteral("1931230171"));
    QVERIFY(tree.find(QStringLiteral("Maximum segment size (MSS)"))->note.contains(QStringLiteral("the server wants")));
}

void TestFieldTree::dataWithScaledWindow()
{
    Conversation c;
    c.add(stored(ethernet(ipv4(tcpBytes(syn())), 0x0800)));
    c.add(stored(ethernet(ipv4(tcpBytes(synAck())), 0x0800)));
    c.add(stored(ethernet(ipv4(tcpBytes(ack())), 0x0800)));
    const StoredFrame f = stored(ethernet(ipv4(tcpBytes(ack(1, "hello"))), 0x0800));
    const Segment s = c.add(f);
    const FieldTree tree = buildFieldTree(f, s, &c.connection());
    QCOMPARE(tree.headline, QStringLiteral("Frame 4 · 127.0.0.1:46728 → 127.0.0.1:6666 · PSH, ACK · Seq=1 Ack=1 Len=5 "
                                           "(abs 2750012346 / 3607734169)"));
    const Field *scaled = tree.find(QStringLiteral("Window (scaled)"));
    QCOMPARE(scaled->value, QStringLiteral("512 × 2^7 = 65536 bytes"));
    QCOMPARE(scaled->note, QStringLiteral("shift 7, announced by the client in its SYN (WS 7); both sides sent WS, so "
                                          "scaling is on"));
    QCOMPARE(scaled->offset, 14 + 20 + 14);
    // 14 Ethernet + 20 IPv4 + 32 TCP (NOP NOP TS)
    CHECK_FIELD(tree, "Payload", 66, 5);
    QVERIFY(tree.find(QStringLiteral("Payload"))->note.contains(QStringLiteral("\"hello\"")));
    QCOMPARE(tree.find(QStringLiteral("Next sequence number"))->value, QStringLiteral("6 (raw 2750012351)"));
    QCOMPARE(tree.find(QStringLiteral("Options"))->note, QStringLiteral("NOP, NOP, TS"));
    QCOMPARE(tree.find(QStringLiteral("TSecr"))->note.contains(QStringLiteral("server")), true);
    QCOMPARE(tree.find(QStringLiteral("Total length"))->note,
             QStringLiteral("IP header 20 + TCP header 32 + payload 5 = 57 bytes"));
    // Ethernet pads a 71-byte frame? No: only below 60. This one has no padding.
    QVERIFY(!tree.find(QStringLiteral("Padding")));

    // A bare ACK is 66 bytes; a short one (no options) would be padded to 60.
    Tcp tiny = ack(6);
    tiny.options.clear();
    QByteArray frame = ethernet(ipv4(tcpBytes(tiny)), 0x0800) + QByteArray(6, '\0');
    const StoredFrame padded = stored(frame);
    const Segment seg_t2 = c.add(padded);
    const FieldTree t2 = buildFieldTree(padded, seg_t2, &c.connection());
    CHECK_FIELD(t2, "Padding", 54, 6);
}

void TestFieldTree::ipv6Syn()
{
    Conversation c;
    const StoredFrame f = stored(ethernet(ipv6(tcpBytes([] {
                                              Tcp t = syn();
                                              t.options = linuxSynOptions(65476, 1, 0);
                                              return t;
                                          }())),
                                          0x86DD));
    QCOMPARE(f.bytes.size(), 94);
    const Segment s = c.add(f);
    const FieldTree tree = buildFieldTree(f, s, &c.connection());
    QCOMPARE(tree.headline, QStringLiteral("Frame 1 · [::1]:46728 → [::1]:6666 · SYN · Seq=0 (abs 2750012345)"));
    CHECK_FIELD(tree, "Ethernet II", 0, 14);
    QCOMPARE(child(tree.fields[1], QStringLiteral("Type")).value, QStringLiteral("0x86dd (IPv6)"));
    CHECK_FIELD(tree, "Internet Protocol version 6", 14, 40);
    CHECK_FIELD(tree, "Payload length", 18, 2);
    QCOMPARE(tree.find(QStringLiteral("Payload length"))->value, QStringLiteral("40 bytes"));
    QVERIFY(tree.find(QStringLiteral("Payload length"))->note.contains(QStringLiteral("TCP header 40 + payload 0")));
    CHECK_FIELD(tree, "Next header", 20, 1);
    CHECK_FIELD(tree, "Hop limit", 21, 1);
    QCOMPARE(tree.find(QStringLiteral("Hop limit"))->value, QStringLiteral("64"));
    CHECK_FIELD(tree, "Source address", 22, 16);
    CHECK_FIELD(tree, "Destination address", 38, 16);
    QCOMPARE(tree.find(QStringLiteral("Destination address"))->value, QStringLiteral("::1"));
    CHECK_FIELD(tree, "Transmission Control Protocol", 54, 40);
    CHECK_FIELD(tree, "Flags", 66, 2);
    CHECK_FIELD(tree, "Options", 74, 20);
    CHECK_FIELD(tree, "Maximum segment size (MSS)", 74, 4);
    CHECK_FIELD(tree, "SACK permitted (SACK_PERM)", 78, 2);
    CHECK_FIELD(tree, "Timestamps (TS)", 80, 10);
    CHECK_FIELD(tree, "No-operation (NOP)", 90, 1);
    CHECK_FIELD(tree, "Window scale (WS)", 91, 3);
    QCOMPARE(tree.find(QStringLiteral("Maximum segment size (MSS)"))->note,
             QStringLiteral("MSS 65476: on lo the MTU is 65536, minus 60 bytes of IPv6+TCP headers; the largest payload "
                            "the client wants in one segment"));
}

// Payload length 0: the note says where the length came from, a Jumbo Payload option or the frame.
void TestFieldTree::ipv6PayloadLengthZero()
{
    Conversation c;
    Tcp data = syn();
    data.flags = TcpFlag::Ack;
    data.options.clear();
    data.payload = QByteArray(70000, 'x');
    const QByteArray segment = tcpBytes(data);
    QByteArray zero = ipv6(segment);
    zero[4] = zero[5] = 0;
    const StoredFrame bigTcp = stored(ethernet(zero, 0x86DD));
    const Segment first = c.add(bigTcp);
    QCOMPARE(first.anomalies, uint16_t(Anomaly::Ipv6PayloadLengthZero));
    const FieldTree frameLength = buildFieldTree(bigTcp, first, &c.connection());
    QCOMPARE(frameLength.find(QStringLiteral("Payload length"))->value, QStringLiteral("0"));
    QVERIFY2(frameLength.find(QStringLiteral("Payload length"))->note.startsWith(
                 QStringLiteral("0 without a Jumbo Payload option: not valid IPv6 (tshark marks it malformed).")),
             qPrintable(frameLength.find(QStringLiteral("Payload length"))->note));
    QVERIFY(frameLength.find(QStringLiteral("Payload length"))->note.endsWith(QStringLiteral("the frame's length is used: 70020 bytes")));

    // The same segment as an RFC 2675 jumbogram: a hop-by-hop header with the option first.
    QByteArray jumbo = ipv6(bytes({6, 0, 0xC2, 4}) + QByteArray(4, '\0') + segment);
    jumbo[4] = jumbo[5] = 0;
    jumbo[6] = 0; // next header: hop-by-hop
    const uint32_t length = uint32_t(8 + segment.size());
    for (int i = 0; i < 4; ++i)
        jumbo[40 + 4 + i] = char((length >> (24 - 8 * i)) & 0xFF);
    const StoredFrame jumbogram = stored(ethernet(jumbo, 0x86DD));
    const Segment second = c.add(jumbogram);
    QCOMPARE(second.anomalies, uint16_t(0));
    QCOMPARE(second.len, 70000u);
    const FieldTree fromOption = buildFieldTree(jumbogram, second, &c.connection());
    QCOMPARE(fromOption.find(QStringLiteral("Payload length"))->note,
             QStringLiteral("0: a jumbogram: its length, 70028 bytes, is in the Jumbo Payload option of the hop-by-hop header (RFC 2675)"));
    QCOMPARE(fromOption.find(QStringLiteral("Extension headers"))->length, 8);
}

void TestFieldTree::windowScalingNotes()
{
    auto scaledNote = [](Conversation &c, const Tcp &t) {
        const StoredFrame f = stored(ethernet(ipv4(tcpBytes(t)), 0x0800));
        const Segment s = c.add(f);
        const FieldTree tree = buildFieldTree(f, s, &c.connection());
        const Field *w = tree.find(QStringLiteral("Window (scaled)"));
        return w ? w->value + QStringLiteral(" | ") + w->note : QStringLiteral("<missing>");
    };
    Tcp fromServer = ack();
    fromServer.sport = 6666;
    fromServer.dport = 46728;
    fromServer.seq = kServerIsn + 1;
    fromServer.ack = kClientIsn + 1;

    { // Neither SYN carries WS.
        Conversation c;
        Tcp s1 = syn(), s2 = synAck();
        s1.options = optMss(65495);
        s2.options = optMss(65495);
        c.add(stored(ethernet(ipv4(tcpBytes(s1)), 0x0800)));
        c.add(stored(ethernet(ipv4(tcpBytes(s2)), 0x0800)));
        QCOMPARE(scaledNote(c, ack()), QStringLiteral("512 bytes | not scaled: the client did not send WS in its SYN, so "
                                                      "neither side scales (RFC 7323)"));
    }
    { // The SYN was lost to the capture: the server's shift still applies (as Wireshark).
        Conversation c;
        c.add(stored(ethernet(ipv4(tcpBytes(synAck())), 0x0800)));
        QCOMPARE(scaledNote(c, fromServer), QStringLiteral("512 × 2^7 = 65536 bytes | shift 7, announced by the server in its "
                                                           "SYN+ACK (WS 7); the client's SYN was not captured, and as in "
                                                           "Wireshark it is taken to have agreed"));
        QCOMPARE(scaledNote(c, ack()), QStringLiteral("512 bytes | scaling unknown: the client's SYN was not captured, so the "
                                                      "window is shown as sent"));
    }
}

void TestFieldTree::sackBlocksAndEndOfOptions()
{
    Conversation c;
    c.add(stored(ethernet(ipv4(tcpBytes(syn())), 0x0800)));
    c.add(stored(ethernet(ipv4(tcpBytes(synAck())), 0x0800)));
    Tcp t = ack();
    t.sport = 6666;
    t.dport = 46728;
    t.seq = kServerIsn + 1;
    t.ack = kClientIsn + 101;
    QByteArray sack = bytes({5, 18});
    put32(sack, kClientIsn + 201);
    put32(sack, kClientIsn + 301);
    put32(sack, kClientIsn + 401);
    put32(sack, kClientIsn + 501);
    t.options = optNop() + optNop() + sack + bytes({0, 0, 0, 0}); // 2 + 18 + EOL + 3 padding
    const StoredFrame f = stored(ethernet(ipv4(tcpBytes(t)), 0x0800));
    const Segment seg_tree = c.add(f);
    const FieldTree tree = buildFieldTree(f, seg_tree, &c.connection());
    CHECK_FIELD(tree, "Options", 54, 24);
    QCOMPARE(tree.find(QStringLiteral("Options"))->note, QStringLiteral("NOP, NOP, SACK, EOL"));
    CHECK_FIELD(tree, "Selective acknowledgment (SACK)", 56, 18);
    CHECK_FIELD(tree, "Block 1", 58, 8);
    CHECK_FIELD(tree, "Block 2", 66, 8);
    QCOMPARE(tree.find(QStringLiteral("Block 1"))->value,
             QStringLiteral("201–301 (relative), raw %1–%2").arg(kClientIsn + 201).arg(kClientIsn + 301));
    QCOMPARE(tree.find(QStringLiteral("Selective acknowledgment (SACK)"))->value, QStringLiteral("2 blocks"));
    CHECK_FIELD(tree, "End of option list (EOL)", 74, 4);
    QVERIFY(tree.find(QStringLiteral("End of option list (EOL)"))->note.contains(QStringLiteral("padding")));
}

void TestFieldTree::fieldAtByte()
{
    Conversation c;
    const StoredFrame f = stored(ethernet(ipv4(tcpBytes(syn())), 0x0800));
    const Segment seg_tree = c.add(f);
    const FieldTree tree = buildFieldTree(f, seg_tree, &c.connection());
    auto nameAt = [&](int byte) { const Field *x = tree.fieldAt(byte); return x ? x->name : QStringLiteral("<none>"); };
    QCOMPARE(nameAt(0), QStringLiteral("Destination"));
    QCOMPARE(nameAt(13), QStringLiteral("Type"));
    QCOMPARE(nameAt(22), QStringLiteral("Time to live"));
    QCOMPARE(nameAt(40), QStringLiteral("Sequence number (relative)")); // the first of two views of the same bytes
    QCOMPARE(nameAt(47), QStringLiteral("FIN"));
    QCOMPARE(nameAt(54), QStringLiteral("Kind"));
    QCOMPARE(nameAt(57), QStringLiteral("MSS value"));
    QCOMPARE(nameAt(70), QStringLiteral("No-operation (NOP)"));
    QCOMPARE(nameAt(74), QStringLiteral("<none>"));
    QCOMPARE(nameAt(-1), QStringLiteral("<none>"));
}

void TestFieldTree::rawIpHasNoLinkLayer()
{
    Conversation c;
    const StoredFrame f = stored(ipv4(tcpBytes(syn())), kRawFile);
    const Segment seg_tree = c.add(f);
    const FieldTree tree = buildFieldTree(f, seg_tree, &c.connection());
    QCOMPARE(tree.fields.size(), size_t(3));
    CHECK_FIELD(tree, "Internet Protocol version 4", 0, 20);
    CHECK_FIELD(tree, "Maximum segment size (MSS)", 40, 4);
    QCOMPARE(child(tree.fields[0], QStringLiteral("Link type")).value, QStringLiteral("RAW (101)"));
}

void TestFieldTree::undecodableFrameKeepsTheFrameRow()
{
    // A frame cut inside the TCP header (the store read fewer bytes than the tracker saw).
    Conversation c;
    const StoredFrame whole = stored(ethernet(ipv4(tcpBytes(syn())), 0x0800));
    const Segment s = c.add(whole);
    StoredFrame cut = whole;
    cut.bytes.truncate(40);
    cut.caplen = 40;
    const FieldTree tree = buildFieldTree(cut, s, nullptr);
    QVERIFY(!tree.problem.isEmpty());
    QVERIFY2(tree.headline.startsWith(QStringLiteral("Frame 1 · ")), qPrintable(tree.headline));
    QCOMPARE(tree.fields.size(), size_t(1));
    CHECK_FIELD(tree, "Frame 1", 0, 40);
    QVERIFY(tree.fields[0].note.contains(QStringLiteral("first 40 bytes")));

    // And garbage on an unknown link type.
    StoredFrame junk = stored(QByteArray(3, 'x'), 147);
    const FieldTree t2 = buildFieldTree(junk, s, nullptr);
    QVERIFY(!t2.problem.isEmpty());
}

QTEST_APPLESS_MAIN(TestFieldTree)
#include "tst_fieldtree.moc"
