// The packet decoder against frames assembled here, byte by byte: every link type, IPv4 and
// IPv6 (with extension headers), TCP options, and the lies and cuts a decoder must survive.
#include "TcpPacket.h"

#include <QtTest>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

// Counts every operator new in this process, so a test can show the Ok path allocates nothing.
static std::atomic<long> g_allocations{0};

void *operator new(std::size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

using hv::DecodeResult;
using hv::DecodeStatus;
namespace F = hv::TcpFlag;

namespace {

// Link types by their pcap numbers (see capture/TcpPacket.cpp for why numbers, not DLT_ macros).
constexpr int kNull = 0, kEthernet = 1, kRaw = 12, kRawBsdOs = 14, kRawFile = 101, kLoop = 108, kSll = 113,
              kIpv4 = 228, kIpv6 = 229, kSll2 = 276;

// ---- frame builders ----

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
QByteArray optSack(std::initializer_list<std::pair<uint32_t, uint32_t>> blocks)
{
    QByteArray b = bytes({5, unsigned(2 + 8 * blocks.size())});
    for (auto [left, right] : blocks) {
        put32(b, left);
        put32(b, right);
    }
    return b;
}
// What Linux puts on a SYN over lo.
QByteArray linuxSynOptions(uint32_t tsval, uint32_t tsecr)
{
    return optMss(65495) + optSackPerm() + optTs(tsval, tsecr) + optNop() + optWs(7);
}

struct Tcp {
    uint16_t sport = 46728;
    uint16_t dport = 6666;
    uint32_t seq = 0;
    uint32_t ack = 0;
    uint16_t flags = 0;
    uint16_t window = 65495;
    uint16_t urgent = 0;
    QByteArray options{}; // padded with EOL to a multiple of 4
    QByteArray payload{};
    int dataOffset = -1;  // -1: from the options
};

QByteArray tcp(const Tcp &t)
{
    QByteArray opts = t.options;
    while (opts.size() % 4)
        opts.append('\0');
    const unsigned dataOffset = t.dataOffset >= 0 ? unsigned(t.dataOffset) : unsigned(20 + opts.size()) / 4;
    QByteArray b;
    put16(b, t.sport);
    put16(b, t.dport);
    put32(b, t.seq);
    put32(b, t.ack);
    put16(b, dataOffset << 12 | t.flags);
    put16(b, t.window);
    put16(b, 0); // checksum: never validated (offloaded on lo)
    put16(b, t.urgent);
    return b + opts + t.payload;
}

struct Ip4 {
    QByteArray src = bytes({127, 0, 0, 1});
    QByteArray dst = bytes({127, 0, 0, 1});
    unsigned protocol = 6;
    unsigned ttl = 64;
    unsigned version = 4;
    int ihl = -1;              // -1: from the options
    int totalLength = -1;      // -1: header + payload
    unsigned fragment = 0x4000; // flags + offset word; DF by default
    QByteArray options{};
};

QByteArray ipv4(const QByteArray &payload, const Ip4 &p = {})
{
    const unsigned ihl = p.ihl >= 0 ? unsigned(p.ihl) : unsigned(20 + p.options.size()) / 4;
    QByteArray b;
    put8(b, p.version << 4 | ihl);
    put8(b, 0);
    put16(b, p.totalLength >= 0 ? unsigned(p.totalLength) : unsigned(20 + p.options.size() + payload.size()));
    put16(b, 0x1234);
    put16(b, p.fragment);
    put8(b, p.ttl);
    put8(b, p.protocol);
    put16(b, 0);
    return b + p.src + p.dst + p.options + payload;
}

QByteArray loopback6() { return QByteArray(15, '\0') + bytes({1}); }

struct Ip6 {
    QByteArray src = loopback6();
    QByteArray dst = loopback6();
    unsigned nextHeader = 6;
    unsigned hopLimit = 64;
    unsigned version = 6;
    int payloadLength = -1; // -1: the payload's size
};

QByteArray ipv6(const QByteArray &payload, const Ip6 &p = {})
{
    QByteArray b;
    put32(b, uint32_t(p.version) << 28);
    put16(b, p.payloadLength >= 0 ? unsigned(p.payloadLength) : unsigned(payload.size()));
    put8(b, p.nextHeader);
    put8(b, p.hopLimit);
    return b + p.src + p.dst + payload;
}

// Hop-by-hop, routing or destination options: (lengthField + 1) * 8 bytes, padded with PadN.
QByteArray ext6(unsigned nextHeader, unsigned lengthField = 0)
{
    QByteArray b = bytes({nextHeader, lengthField});
    b.append(QByteArray(int(lengthField + 1) * 8 - 2, '\0'));
    return b;
}
// A hop-by-hop header holding an RFC 2675 Jumbo Payload option (type 0xC2, 4 bytes of length):
// `pad1` Pad1 options before it, PadN after it to a multiple of 8 bytes.
QByteArray jumbo6(unsigned nextHeader, uint32_t jumboLength, int pad1 = 0, unsigned optionLength = 4)
{
    QByteArray options = QByteArray(pad1, '\0') + bytes({0xC2, optionLength});
    put32(options, jumboLength);
    options.resize(options.size() - 4 + int(optionLength));
    while ((2 + options.size()) % 8) {
        const int rest = int(8 - (2 + options.size()) % 8);
        options += rest == 1 ? bytes({0}) : bytes({1, unsigned(rest - 2)}) + QByteArray(rest - 2, '\0');
    }
    return bytes({nextHeader, unsigned((2 + options.size()) / 8 - 1)}) + options;
}
QByteArray fragment6(unsigned nextHeader, unsigned offsetBytes, bool more)
{
    QByteArray b = bytes({nextHeader, 0});
    put16(b, offsetBytes | (more ? 1u : 0u));
    put32(b, 0xCAFE);
    return b;
}

QByteArray ethernet(const QByteArray &payload, unsigned etherType = 0x0800,
                    std::initializer_list<std::pair<unsigned, unsigned>> vlanTags = {})
{
    QByteArray b = bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // lo's all-zero MACs
    for (auto [tpid, tci] : vlanTags) {
        put16(b, tpid);
        put16(b, tci);
    }
    put16(b, etherType);
    return b + payload;
}
QByteArray nullHeader(const QByteArray &payload, uint32_t family, bool bigEndian)
{
    QByteArray b;
    if (bigEndian)
        put32(b, family);
    else
        b = bytes({family & 0xFF, (family >> 8) & 0xFF, (family >> 16) & 0xFF, family >> 24});
    return b + payload;
}
QByteArray sll(const QByteArray &payload, unsigned protocol)
{
    QByteArray b = bytes({0, 0, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0}); // incoming, ARPHRD_LOOPBACK
    put16(b, protocol);
    return b + payload;
}
QByteArray sll2(const QByteArray &payload, unsigned protocol)
{
    QByteArray b;
    put16(b, protocol);
    put16(b, 0);
    put32(b, 1); // ifindex
    b += bytes({0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0});
    return b + payload;
}

// The handshake and a data segment as Linux sends them on lo.
QByteArray synSegment() { return tcp({.seq = 1000, .flags = F::Syn, .options = linuxSynOptions(111, 0)}); }
QByteArray synAckSegment()
{
    return tcp({.sport = 6666, .dport = 46728, .seq = 5000, .ack = 1001, .flags = F::Syn | F::Ack,
                .options = linuxSynOptions(222, 111)});
}
QByteArray ackSegment() { return tcp({.seq = 1001, .ack = 5001, .flags = F::Ack, .window = 512}); }
QByteArray dataSegment()
{
    return tcp({.seq = 1001, .ack = 5001, .flags = F::Psh | F::Ack, .window = 512, .payload = "hello"});
}

// ---- what a result says, as one comparable line ----

QString describeOptions(const hv::TcpOptions &o)
{
    QStringList parts;
    if (o.mss >= 0)
        parts << QStringLiteral("mss=%1").arg(o.mss);
    if (o.sackPerm)
        parts << QStringLiteral("sack_perm");
    if (o.hasTimestamps)
        parts << QStringLiteral("ts=%1/%2").arg(o.tsval).arg(o.tsecr);
    if (o.wscale >= 0)
        parts << QStringLiteral("ws=%1").arg(o.wscale);
    if (o.sackBlockCount > 0) {
        QStringList blocks;
        for (int i = 0; i < o.sackBlockCount; ++i)
            blocks << QStringLiteral("%1-%2").arg(o.sackBlocks[i].first).arg(o.sackBlocks[i].second);
        parts << QStringLiteral("sack=") + blocks.join(',');
    }
    return parts.join(' ');
}

QString describe(const hv::TcpPacket &p)
{
    QString s = QStringLiteral("%1 > %2 [%3] seq=%4 ack=%5 win=%6 len=%7 hlen=%8 ttl=%9")
                    .arg(QString::fromStdString(p.src.toString()), QString::fromStdString(p.dst.toString()),
                         QString::fromStdString(hv::flagsLabel(p.flags)))
                    .arg(p.seq)
                    .arg(p.ack)
                    .arg(p.window)
                    .arg(p.payloadLen)
                    .arg(p.tcpHeaderLen)
                    .arg(p.ttl);
    s += QStringLiteral(" ip@%1 tcp@%2").arg(p.ipOffset).arg(p.tcpOffset);
    if (p.ipLength == hv::IpLength::Jumbo)
        s += QStringLiteral(" iplen=jumbo");
    else if (p.ipLength == hv::IpLength::Frame)
        s += QStringLiteral(" iplen=frame");
    if (p.urgentPointer)
        s += QStringLiteral(" urg=%1").arg(p.urgentPointer);
    const QString options = describeOptions(p.options);
    if (!options.isEmpty())
        s += ' ' + options;
    return s;
}

QByteArray statusName(DecodeStatus s)
{
    switch (s) {
    case DecodeStatus::Ok: return "Ok";
    case DecodeStatus::Skipped: return "Skipped";
    case DecodeStatus::Truncated: return "Truncated";
    case DecodeStatus::Malformed: return "Malformed";
    }
    return "?";
}

// Decodes from a heap buffer of exactly caplen bytes, so ASan sees any read past it.
DecodeResult decode(int linkType, const QByteArray &frame, int caplen = -1, int origLen = -1)
{
    const uint32_t cap = caplen >= 0 ? uint32_t(caplen) : uint32_t(frame.size());
    const uint32_t orig = origLen >= 0 ? uint32_t(origLen) : uint32_t(frame.size());
    Q_ASSERT(cap <= uint32_t(frame.size()));
    std::vector<uint8_t> exact(frame.constBegin(), frame.constBegin() + cap);
    return hv::decodeFrame(linkType, exact.data(), cap, orig);
}

} // namespace

Q_DECLARE_METATYPE(DecodeStatus)

class TestDecoder : public QObject {
    Q_OBJECT

private slots:
    void flagsLabel_data();
    void flagsLabel();
    void addressToString_data();
    void addressToString();
    void okSegments_data();
    void okSegments();
    void options_data();
    void options();
    void badFrames_data();
    void badFrames();
    void linkTypes_data();
    void linkTypes();
    void everyCaplenCut_data();
    void everyCaplenCut();
    void randomMutationsStayInBounds();
    void okPathDoesNotAllocate();
};

void TestDecoder::flagsLabel_data()
{
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("label");
    QTest::newRow("SYN") << int(F::Syn) << "SYN";
    QTest::newRow("SYN+ACK") << int(F::Syn | F::Ack) << "SYN, ACK";
    QTest::newRow("ACK") << int(F::Ack) << "ACK";
    QTest::newRow("PSH+ACK") << int(F::Psh | F::Ack) << "PSH, ACK";
    QTest::newRow("FIN+ACK") << int(F::Fin | F::Ack) << "FIN, ACK";
    QTest::newRow("RST+ACK") << int(F::Rst | F::Ack) << "RST, ACK";
    QTest::newRow("RST") << int(F::Rst) << "RST";
    QTest::newRow("SYN+ECE+CWR (ECN setup)") << int(F::Syn | F::Ece | F::Cwr) << "SYN, ECE, CWR";
    QTest::newRow("URG+ACK") << int(F::Urg | F::Ack) << "ACK, URG";
    QTest::newRow("AE") << int(F::Ae | F::Ack) << "ACK, AE";
    QTest::newRow("all nine") << 0x1FF << "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE";
    QTest::newRow("none") << 0 << "<None>";
}

void TestDecoder::flagsLabel()
{
    QFETCH(int, flags);
    QFETCH(QString, label);
    QCOMPARE(QString::fromStdString(hv::flagsLabel(uint16_t(flags))), label);
}

void TestDecoder::addressToString_data()
{
    QTest::addColumn<QByteArray>("address"); // 4 or 16 bytes
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("loopback") << bytes({127, 0, 0, 1}) << 6666 << "127.0.0.1" << "127.0.0.1:6666";
    QTest::newRow("v4 zeros") << bytes({0, 0, 0, 0}) << 0 << "0.0.0.0" << "0.0.0.0:0";
    QTest::newRow("v4 high") << bytes({255, 10, 200, 9}) << 65535 << "255.10.200.9" << "255.10.200.9:65535";
    QTest::newRow("::1") << loopback6() << 6666 << "::1" << "[::1]:6666";
    QTest::newRow("::") << QByteArray(16, '\0') << 80 << "::" << "[::]:80";
    QTest::newRow("fe80::1") << bytes({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}) << 22 << "fe80::1"
                             << "[fe80::1]:22";
    QTest::newRow("longest zero run wins") << bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1})
                                           << 443 << "2001:db8:0:1::1" << "[2001:db8:0:1::1]:443";
    QTest::newRow("first of equal runs") << bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1})
                                         << 443 << "2001:db8::1:0:0:1" << "[2001:db8::1:0:0:1]:443";
    QTest::newRow("single zero group not compressed")
        << bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}) << 1 << "2001:db8:0:1:1:1:1:1"
        << "[2001:db8:0:1:1:1:1:1]:1";
    QTest::newRow("v4-mapped") << bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}) << 6666
                               << "::ffff:192.0.2.1" << "[::ffff:192.0.2.1]:6666";
}

void TestDecoder::addressToString()
{
    QFETCH(QByteArray, address);
    QFETCH(int, port);
    QFETCH(QString, text);
    QFETCH(QString, endpoint);
    hv::IpAddress a;
    if (address.size() == 4) {
        a = hv::IpAddress::v4(uint8_t(address[0]), uint8_t(address[1]), uint8_t(address[2]), uint8_t(address[3]));
    } else {
        a.v6 = true;
        std::copy(address.begin(), address.end(), a.bytes.begin());
    }
    QCOMPARE(QString::fromStdString(a.toString()), text);
    QCOMPARE(QString::fromStdString(hv::Endpoint{a, uint16_t(port)}.toString()), endpoint);
}

void TestDecoder::okSegments_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("caplen");  // -1: the whole frame
    QTest::addColumn<int>("origLen"); // -1: the frame's size
    QTest::addColumn<QString>("expected");

    const QString lo = "127.0.0.1:46728 > 127.0.0.1:6666";
    const QString lo6 = "[::1]:46728 > [::1]:6666";
    const QString synTail = " ip@14 tcp@34 mss=65495 sack_perm ts=111/0 ws=7";

    QTest::newRow("SYN, Linux lo options") << kEthernet << ethernet(ipv4(synSegment())) << -1 << -1
        << lo + " [SYN] seq=1000 ack=0 win=65495 len=0 hlen=40 ttl=64" + synTail;
    QTest::newRow("SYN+ACK") << kEthernet << ethernet(ipv4(synAckSegment())) << -1 << -1
        << "127.0.0.1:6666 > 127.0.0.1:46728 [SYN, ACK] seq=5000 ack=1001 win=65495 len=0 hlen=40 ttl=64"
           " ip@14 tcp@34 mss=65495 sack_perm ts=222/111 ws=7";
    QTest::newRow("ACK") << kEthernet << ethernet(ipv4(ackSegment())) << -1 << -1
        << lo + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@14 tcp@34";
    QTest::newRow("PSH+ACK, 5 bytes") << kEthernet << ethernet(ipv4(dataSegment())) << -1 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@14 tcp@34";
    QTest::newRow("FIN+ACK, other addresses, TTL 3")
        << kEthernet
        << ethernet(ipv4(tcp({.sport = 6666, .dport = 40000, .seq = 7, .ack = 9, .flags = F::Fin | F::Ack}),
                         {.src = bytes({10, 0, 0, 2}), .dst = bytes({192, 168, 1, 20}), .ttl = 3}))
        << -1 << -1 << "10.0.0.2:6666 > 192.168.1.20:40000 [FIN, ACK] seq=7 ack=9 win=65495 len=0 hlen=20 ttl=3 ip@14 tcp@34";
    QTest::newRow("RST+ACK, all-ones seq/ack, urgent pointer, AE")
        << kEthernet
        << ethernet(ipv4(tcp({.seq = 0xFFFFFFFF, .ack = 0xFFFFFFFE, .flags = F::Rst | F::Ack | F::Urg | F::Ae,
                              .window = 0, .urgent = 77})))
        << -1 << -1
        << lo + " [RST, ACK, URG, AE] seq=4294967295 ack=4294967294 win=0 len=0 hlen=20 ttl=64 ip@14 tcp@34 urg=77";
    QTest::newRow("Ethernet padding to 60 bytes is not payload")
        << kEthernet << ethernet(ipv4(ackSegment())) + QByteArray(6, '\0') << -1 << -1
        << lo + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@14 tcp@34";
    QTest::newRow("snaplen cut in the payload: len from the IP header")
        << kEthernet << ethernet(ipv4(dataSegment())) << 14 + 20 + 20 + 2 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@14 tcp@34";
    QTest::newRow("IPv4 total length 0 (segmentation offload)")
        << kEthernet << ethernet(ipv4(dataSegment(), {.totalLength = 0})) << -1 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@14 tcp@34 iplen=frame";
    QTest::newRow("IPv4 with options (IHL 7)")
        << kEthernet << ethernet(ipv4(ackSegment(), {.options = bytes({1, 1, 1, 1, 0x94, 4, 0, 0})})) << -1 << -1
        << lo + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@14 tcp@42";
    QTest::newRow("IPv4 first fragment (MF, offset 0)")
        << kEthernet << ethernet(ipv4(dataSegment(), {.fragment = 0x2000})) << -1 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@14 tcp@34";
    QTest::newRow("802.1Q VLAN") << kEthernet << ethernet(ipv4(synSegment()), 0x0800, {{0x8100, 100}}) << -1 << -1
        << lo + " [SYN] seq=1000 ack=0 win=65495 len=0 hlen=40 ttl=64 ip@18 tcp@38 mss=65495 sack_perm ts=111/0 ws=7";
    QTest::newRow("802.1ad + 802.1Q (QinQ)")
        << kEthernet << ethernet(ipv4(dataSegment()), 0x0800, {{0x88A8, 10}, {0x8100, 20}}) << -1 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@22 tcp@42";
    QTest::newRow("Ethernet IPv6") << kEthernet << ethernet(ipv6(dataSegment()), 0x86DD) << -1 << -1
        << lo6 + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@14 tcp@54";
    QTest::newRow("VLAN IPv6") << kEthernet << ethernet(ipv6(ackSegment()), 0x86DD, {{0x8100, 5}}) << -1 << -1
        << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@18 tcp@58";

    const QString syn4 = lo + " [SYN] seq=1000 ack=0 win=65495 len=0 hlen=40 ttl=64 ip@4 tcp@24 mss=65495 sack_perm ts=111/0 ws=7";
    const QString syn6 = lo6 + " [SYN] seq=1000 ack=0 win=65495 len=0 hlen=40 ttl=64 ip@4 tcp@44 mss=65495 sack_perm ts=111/0 ws=7";
    QTest::newRow("NULL AF_INET little-endian") << kNull << nullHeader(ipv4(synSegment()), 2, false) << -1 << -1 << syn4;
    QTest::newRow("NULL AF_INET big-endian") << kNull << nullHeader(ipv4(synSegment()), 2, true) << -1 << -1 << syn4;
    QTest::newRow("NULL AF_INET6 24 LE (NetBSD)") << kNull << nullHeader(ipv6(synSegment()), 24, false) << -1 << -1 << syn6;
    QTest::newRow("NULL AF_INET6 28 BE (FreeBSD)") << kNull << nullHeader(ipv6(synSegment()), 28, true) << -1 << -1 << syn6;
    QTest::newRow("NULL AF_INET6 30 LE (macOS)") << kNull << nullHeader(ipv6(synSegment()), 30, false) << -1 << -1 << syn6;
    QTest::newRow("LOOP AF_INET big-endian") << kLoop << nullHeader(ipv4(synSegment()), 2, true) << -1 << -1 << syn4;
    QTest::newRow("LOOP AF_INET6 10 little-endian") << kLoop << nullHeader(ipv6(synSegment()), 10, false) << -1 << -1 << syn6;

    QTest::newRow("LINUX_SLL IPv4") << kSll << sll(ipv4(dataSegment()), 0x0800) << -1 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@16 tcp@36";
    QTest::newRow("LINUX_SLL IPv6") << kSll << sll(ipv6(dataSegment()), 0x86DD) << -1 << -1
        << lo6 + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@16 tcp@56";
    QTest::newRow("LINUX_SLL VLAN-tagged") << kSll << sll(bytes({0, 7, 8, 0}) + ipv4(ackSegment()), 0x8100) << -1 << -1
        << lo + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@20 tcp@40";
    QTest::newRow("LINUX_SLL2 IPv4") << kSll2 << sll2(ipv4(dataSegment()), 0x0800) << -1 << -1
        << lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@20 tcp@40";
    QTest::newRow("LINUX_SLL2 IPv6") << kSll2 << sll2(ipv6(synSegment()), 0x86DD) << -1 << -1
        << lo6 + " [SYN] seq=1000 ack=0 win=65495 len=0 hlen=40 ttl=64 ip@20 tcp@60 mss=65495 sack_perm ts=111/0 ws=7";

    const QString raw4 = lo + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@0 tcp@20";
    const QString raw6 = lo6 + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@0 tcp@40";
    QTest::newRow("RAW (12) IPv4") << kRaw << ipv4(dataSegment()) << -1 << -1 << raw4;
    QTest::newRow("RAW (12) IPv6") << kRaw << ipv6(dataSegment()) << -1 << -1 << raw6;
    QTest::newRow("RAW (14, BSD/OS) IPv4") << kRawBsdOs << ipv4(dataSegment()) << -1 << -1 << raw4;
    QTest::newRow("LINKTYPE_RAW (101) IPv6") << kRawFile << ipv6(dataSegment()) << -1 << -1 << raw6;
    QTest::newRow("IPV4 (228)") << kIpv4 << ipv4(dataSegment()) << -1 << -1 << raw4;
    QTest::newRow("IPV6 (229)") << kIpv6 << ipv6(dataSegment()) << -1 << -1 << raw6;

    QTest::newRow("IPv6 hop-by-hop, routing, destination options, first fragment")
        << kIpv6 << ipv6(ext6(43) + ext6(60, 1) + ext6(44, 2) + fragment6(6, 0, true) + dataSegment(), {.nextHeader = 0, .hopLimit = 1})
        << -1 << -1 << lo6 + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=1 ip@0 tcp@96";
    QTest::newRow("IPv6 authentication header")
        << kIpv6 << ipv6(bytes({6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2}) + ackSegment(), {.nextHeader = 51})
        << -1 << -1 << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@0 tcp@52";
    QByteArray sixteen;
    for (int i = 0; i < 16; ++i)
        sixteen += ext6(i == 15 ? 6 : 60);
    QTest::newRow("IPv6 16 extension headers (the limit)") << kIpv6 << ipv6(sixteen + ackSegment(), {.nextHeader = 60})
        << -1 << -1 << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@0 tcp@168";
    // Payload length 0. Without a Jumbo option (Linux BIG TCP's super-packets): the frame's length,
    // marked (the tracker flags it); origLen, not caplen, so that a snaplen cut does not shrink it.
    QTest::newRow("IPv6 payload length 0, no Jumbo option (BIG TCP)")
        << kIpv6 << ipv6(dataSegment(), {.payloadLength = 0}) << -1 << -1 << raw6 + " iplen=frame";
    const QByteArray big = tcp({.seq = 1001, .ack = 5001, .flags = F::Ack, .window = 512, .payload = QByteArray(196000, 'x')});
    QTest::newRow("IPv6 payload length 0, 196 kB, snaplen 200")
        << kEthernet << ethernet(ipv6(big, {.payloadLength = 0}), 0x86DD) << 200 << -1
        << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=196000 hlen=20 ttl=64 ip@14 tcp@54 iplen=frame";
    // With one (RFC 2675): the option's length, which counts the hop-by-hop header too. What is
    // past it in the frame is no payload.
    QTest::newRow("IPv6 jumbogram (Jumbo Payload option), snaplen 200")
        << kEthernet << ethernet(ipv6(jumbo6(6, 8 + uint32_t(big.size())) + big, {.nextHeader = 0, .payloadLength = 0}), 0x86DD)
        << 200 << -1 << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=196000 hlen=20 ttl=64 ip@14 tcp@62 iplen=jumbo";
    QTest::newRow("IPv6 jumbogram after Pad1 options, trailer after it")
        << kIpv6 << ipv6(jumbo6(6, 16 + uint32_t(big.size()), 4) + big + QByteArray(6, 't'), {.nextHeader = 0, .payloadLength = 0})
        << 120 << -1 << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=196000 hlen=20 ttl=64 ip@0 tcp@56 iplen=jumbo";
    QTest::newRow("IPv6 jumbogram, hop-by-hop then destination options")
        << kIpv6 << ipv6(jumbo6(60, 16 + uint32_t(big.size())) + ext6(6) + big, {.nextHeader = 0, .payloadLength = 0})
        << 100 << -1 << lo6 + " [ACK] seq=1001 ack=5001 win=512 len=196000 hlen=20 ttl=64 ip@0 tcp@56 iplen=jumbo";
    // A hop-by-hop header without the option is no jumbogram.
    QTest::newRow("IPv6 payload length 0, hop-by-hop without Jumbo option")
        << kIpv6 << ipv6(ext6(6) + dataSegment(), {.nextHeader = 0, .payloadLength = 0}) << -1 << -1
        << lo6 + " [PSH, ACK] seq=1001 ack=5001 win=512 len=5 hlen=20 ttl=64 ip@0 tcp@48 iplen=frame";
    QTest::newRow("IPv6 global addresses")
        << kIpv6
        << ipv6(ackSegment(), {.src = bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10}),
                               .dst = bytes({0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20})})
        << -1 << -1
        << "[2001:db8::10]:46728 > [2001:db8:1::20]:6666 [ACK] seq=1001 ack=5001 win=512 len=0 hlen=20 ttl=64 ip@0 tcp@40";
}

void TestDecoder::okSegments()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(int, caplen);
    QFETCH(int, origLen);
    QFETCH(QString, expected);
    const DecodeResult r = decode(linkType, frame, caplen, origLen);
    QCOMPARE(statusName(r.status), QByteArray("Ok"));
    QVERIFY2(r.reason.empty(), r.reason.c_str());
    QVERIFY2(r.tcp.optionProblem.empty(), r.tcp.optionProblem.c_str());
    QCOMPARE(describe(r.tcp), expected);
}

void TestDecoder::options_data()
{
    QTest::addColumn<QByteArray>("optionBytes"); // padded with EOL to a multiple of 4
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("problem"); // empty: none expected

    QTest::newRow("Linux SYN: MSS, SACK_PERM, TS, NOP, WS")
        << linuxSynOptions(1931230171, 0) << "mss=65495 sack_perm ts=1931230171/0 ws=7" << "";
    QTest::newRow("NOP NOP TS (Linux ACK)") << optNop() + optNop() + optTs(5, 6) << "ts=5/6" << "";
    QTest::newRow("one SACK block") << optNop() + optNop() + optSack({{100, 200}}) << "sack=100-200" << "";
    QTest::newRow("four SACK blocks")
        << optNop() + optNop() + optSack({{1, 2}, {3, 4}, {5, 6}, {7, 8}}) << "sack=1-2,3-4,5-6,7-8" << "";
    QTest::newRow("unknown kind skipped by its length")
        << bytes({254, 6, 0xf9, 0x89, 0, 0}) + optMss(1460) << "mss=1460" << "";
    QTest::newRow("EOL ends the walk") << optMss(1400) + bytes({0, 2, 0}) << "mss=1400" << "";
    QTest::newRow("option length 0 stops the walk")
        << optMss(536) + bytes({8, 0}) + optWs(2) << "mss=536" << "TCP option kind 8 has length 0";
    QTest::newRow("option length 1 stops the walk")
        << optSackPerm() + bytes({3, 1, 0, 0}) << "sack_perm" << "TCP option kind 3 has length 1";
    QTest::newRow("option overflowing the header")
        << optMss(1200) + bytes({8, 10, 0, 0}) << "mss=1200" << "kind 8 has length 10 past the header's 4 remaining";
    QTest::newRow("option kind in the last byte")
        << optNop() + optNop() + optNop() + bytes({2}) << "" << "kind 2 is in the header's last byte";
    QTest::newRow("MSS with the wrong length is skipped, walk goes on")
        << bytes({2, 3, 1}) + optWs(4) + bytes({1, 1}) << "ws=4" << "MSS option has length 3, expected 4";
    QTest::newRow("window scale above 14 is 14") << optNop() + optWs(15) << "ws=14" << "shift 15 is above the maximum 14";
    QTest::newRow("SACK with a partial block") << bytes({5, 6, 0, 0, 0, 0}) + optMss(1000)
                                               << "mss=1000" << "SACK option has length 6";
    QTest::newRow("timestamps with the wrong length") << bytes({8, 6, 0, 0, 0, 1}) + optSackPerm()
                                                      << "sack_perm" << "timestamps option has length 6, expected 10";
}

void TestDecoder::options()
{
    QFETCH(QByteArray, optionBytes);
    QFETCH(QString, expected);
    QFETCH(QString, problem);
    const DecodeResult r = decode(kEthernet, ethernet(ipv4(tcp({.flags = F::Syn, .options = optionBytes}))));
    QCOMPARE(statusName(r.status), QByteArray("Ok"));
    QCOMPARE(describeOptions(r.tcp.options), expected);
    const QString got = QString::fromStdString(r.tcp.optionProblem);
    if (problem.isEmpty())
        QVERIFY2(got.isEmpty(), qPrintable(got));
    else
        QVERIFY2(got.contains(problem), qPrintable(got));
}

void TestDecoder::badFrames_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("caplen");  // -1: the whole frame
    QTest::addColumn<int>("origLen"); // -1: the frame's size
    QTest::addColumn<DecodeStatus>("status");
    QTest::addColumn<QString>("reason"); // a part of the reason

    const QByteArray syn = ethernet(ipv4(synSegment())); // 74 bytes
    const int synSize = int(syn.size());
    const auto T = DecodeStatus::Truncated, M = DecodeStatus::Malformed, S = DecodeStatus::Skipped;

    // The capture record itself.
    QTest::newRow("caplen 0") << kEthernet << syn << 0 << synSize << T << "caplen 0 of 74 bytes";
    QTest::newRow("caplen > orig len") << kEthernet << syn << synSize << 60 << M
                                       << "captured length 74 is larger than the original length 60";

    // Snaplen cutting each header short: Truncated.
    QTest::newRow("snaplen inside Ethernet") << kEthernet << syn << 10 << -1 << T
                                             << "snaplen cut the Ethernet header: 10 of 14 bytes captured";
    QTest::newRow("snaplen inside VLAN tag") << kEthernet << ethernet(ipv4(synSegment()), 0x0800, {{0x8100, 1}}) << 16
                                             << -1 << T << "snaplen cut the 802.1Q VLAN tag: 2 of 4 bytes captured";
    QTest::newRow("snaplen inside IPv4") << kEthernet << syn << 14 + 12 << -1 << T
                                         << "snaplen cut the IPv4 header: 12 of 20 bytes captured";
    QTest::newRow("snaplen inside IPv4 options (IHL past capture)")
        << kEthernet << ethernet(ipv4(synSegment(), {.options = bytes({1, 1, 1, 0})})) << 14 + 22 << -1 << T
        << "snaplen cut the IPv4 header: 22 of 24 bytes captured";
    QTest::newRow("snaplen inside TCP fixed header") << kEthernet << syn << 14 + 20 + 14 << -1 << T
                                                     << "snaplen cut the TCP header: 14 of 20 bytes captured";
    QTest::newRow("snaplen inside TCP options") << kEthernet << syn << 14 + 20 + 30 << -1 << T
                                                << "snaplen cut the TCP header: 30 of 40 bytes captured";
    QTest::newRow("snaplen inside IPv6") << kIpv6 << ipv6(synSegment()) << 30 << -1 << T
                                         << "snaplen cut the IPv6 header: 30 of 40 bytes captured";
    QTest::newRow("snaplen inside IPv6 extension header")
        << kIpv6 << ipv6(ext6(6, 2) + ackSegment(), {.nextHeader = 0}) << 40 + 10 << -1 << T
        << "snaplen cut the IPv6 hop-by-hop options header: 10 of 24 bytes captured";
    // A jumbogram cut inside the header that holds its length: nothing says how long it is.
    QTest::newRow("snaplen inside a jumbogram's Jumbo Payload option")
        << kIpv6 << ipv6(jumbo6(6, 8 + 70000) + tcp({.flags = F::Ack, .payload = QByteArray(69980, 'x')}),
                         {.nextHeader = 0, .payloadLength = 0})
        << 40 + 5 << -1 << T << "snaplen cut the IPv6 hop-by-hop options header: 5 of 8 bytes captured";
    QTest::newRow("snaplen inside NULL header") << kNull << nullHeader(ipv4(synSegment()), 2, false) << 2 << -1 << T
                                                << "snaplen cut the NULL header: 2 of 4 bytes captured";
    QTest::newRow("snaplen inside SLL header") << kSll << sll(ipv4(synSegment()), 0x0800) << 15 << -1 << T
                                               << "snaplen cut the Linux cooked (SLL) header: 15 of 16";
    QTest::newRow("snaplen inside SLL2 header") << kSll2 << sll2(ipv4(synSegment()), 0x0800) << 19 << -1 << T
                                                << "snaplen cut the Linux cooked v2 (SLL2) header: 19 of 20";

    // Headers that lie: Malformed.
    QTest::newRow("frame shorter than Ethernet header") << kEthernet << syn.left(10) << -1 << -1 << M
                                                        << "Ethernet header needs 14 bytes but the frame has only 10 left";
    QTest::newRow("IPv4 version 6 behind EtherType IPv4") << kEthernet << ethernet(ipv4(synSegment(), {.version = 6}))
                                                          << -1 << -1 << M << "IPv4 header has version 6, not 4";
    QTest::newRow("DLT_IPV4 holding IPv6") << kIpv4 << ipv6(synSegment()) << -1 << -1 << M
                                           << "IPv4 header has version 6, not 4";
    QTest::newRow("IPv6 version 4 behind EtherType IPv6")
        << kEthernet << ethernet(ipv6(synSegment(), {.version = 4}), 0x86DD) << -1 << -1 << M
        << "IPv6 header has version 4, not 6";
    QTest::newRow("raw IP version 5") << kRaw << ipv4(synSegment(), {.version = 5}) << -1 << -1 << M
                                      << "raw IP packet has version 5, neither 4 nor 6";
    QTest::newRow("IHL < 5") << kEthernet << ethernet(ipv4(synSegment(), {.ihl = 4})) << -1 << -1 << M
                             << "IPv4 header length (IHL) 4 is 16 bytes, below the minimum 5";
    QTest::newRow("IHL 15 above total length") << kEthernet << ethernet(ipv4(ackSegment(), {.ihl = 15})) << -1 << -1
                                               << M << "IPv4 total length 40 is below its header length 60";
    QTest::newRow("IHL 15 past the packet (total length 0)")
        << kEthernet << ethernet(ipv4(ackSegment(), {.ihl = 15, .totalLength = 0})) << -1 << -1 << M
        << "IPv4 header needs 60 bytes but the IPv4 packet has only 40 left";
    QTest::newRow("total length below header") << kEthernet << ethernet(ipv4(synSegment(), {.totalLength = 12}))
                                               << -1 << -1 << M << "IPv4 total length 12 is below its header length 20";
    QTest::newRow("total length past the packet") << kEthernet << ethernet(ipv4(synSegment(), {.totalLength = 100}))
                                                  << -1 << -1 << M << "IPv4 total length 100 past the packet's 60 bytes";
    QTest::newRow("total length past the packet, snaplen shorter still")
        << kEthernet << ethernet(ipv4(synSegment(), {.totalLength = 100})) << 40 << -1 << M
        << "IPv4 total length 100 past the packet's 60 bytes";
    // A Jumbo Payload option that lies (RFC 2675 4: each is an error the receiver reports).
    const QByteArray bigAck = tcp({.flags = F::Ack, .payload = QByteArray(70000, 'x')});
    QTest::newRow("Jumbo option with a payload length")
        << kIpv6 << ipv6(jumbo6(6, 8 + uint32_t(bigAck.size())) + bigAck, {.nextHeader = 0, .payloadLength = 1000})
        << 100 << -1 << M << "IPv6 Jumbo Payload option in a packet whose payload length is 1000, not 0";
    QTest::newRow("Jumbo length not above 65535")
        << kIpv6 << ipv6(jumbo6(6, 8 + 20) + ackSegment(), {.nextHeader = 0, .payloadLength = 0}) << -1 << -1 << M
        << "IPv6 Jumbo Payload length 28 is not above 65535";
    QTest::newRow("Jumbo length past the packet")
        << kIpv6 << ipv6(jumbo6(6, 8 + uint32_t(bigAck.size()) + 1) + bigAck, {.nextHeader = 0, .payloadLength = 0})
        << 100 << -1 << M << "IPv6 Jumbo Payload length 70029 past the packet's 70028 bytes";
    QTest::newRow("Jumbo option of length 3")
        << kIpv6 << ipv6(jumbo6(6, 8 + uint32_t(bigAck.size()), 0, 3) + bigAck, {.nextHeader = 0, .payloadLength = 0})
        << 100 << -1 << M << "IPv6 Jumbo Payload option has length 3, expected 4";
    QTest::newRow("IPv6 payload length past the packet")
        << kIpv6 << ipv6(ackSegment(), {.payloadLength = 21}) << -1 << -1 << M
        << "IPv6 payload length 21 past the packet's 20 bytes";
    QTest::newRow("TCP header longer than the IP payload")
        << kEthernet << ethernet(ipv4(synSegment(), {.totalLength = 30})) << -1 << -1 << M
        << "TCP header needs 20 bytes but the IPv4 payload has only 10 left";
    QTest::newRow("TCP data offset < 5") << kEthernet << ethernet(ipv4(tcp({.flags = F::Syn, .dataOffset = 4})))
                                         << -1 << -1 << M << "TCP data offset 4 is 16 bytes, below the minimum 5";
    QTest::newRow("TCP data offset 0") << kEthernet << ethernet(ipv4(tcp({.flags = F::Syn, .dataOffset = 0})))
                                       << -1 << -1 << M << "TCP data offset 0";
    QTest::newRow("TCP data offset past the segment")
        << kEthernet << ethernet(ipv4(tcp({.flags = F::Ack, .payload = "hello", .dataOffset = 15}))) << -1 << -1 << M
        << "TCP header length 60 (data offset 15) past the segment's 25 bytes";
    QTest::newRow("TCP data offset past the segment, snaplen shorter still")
        << kEthernet << ethernet(ipv4(tcp({.flags = F::Ack, .payload = "hello", .dataOffset = 15}))) << 14 + 20 + 22
        << -1 << M << "TCP header length 60 (data offset 15) past the segment's 25 bytes";
    QTest::newRow("IPv6 extension header longer than the packet")
        << kIpv6 << ipv6(bytes({6, 255, 0, 0, 0, 0, 0, 0}) + ackSegment(), {.nextHeader = 43}) << -1 << -1 << M
        << "IPv6 routing header needs 2048 bytes but the IPv6 payload has only 28 left";
    QByteArray hundred;
    for (int i = 0; i < 100; ++i)
        hundred += ext6(i == 99 ? 6 : 60);
    QTest::newRow("100 chained IPv6 extension headers")
        << kIpv6 << ipv6(hundred + ackSegment(), {.nextHeader = 60}) << -1 << -1 << M
        << "too many IPv6 extension headers (more than 16)";
    QByteArray seventeen;
    for (int i = 0; i < 17; ++i)
        seventeen += ext6(i == 16 ? 6 : 0);
    QTest::newRow("17 chained IPv6 extension headers")
        << kIpv6 << ipv6(seventeen + ackSegment(), {.nextHeader = 0}) << -1 << -1 << M
        << "too many IPv6 extension headers";
    QByteArray nineTags;
    for (unsigned i = 0; i < 9; ++i) // TCI, then the next EtherType: eight more TPIDs, then IPv4
        nineTags += i < 8 ? bytes({0, i, 0x81, 0x00}) : bytes({0, i, 0x08, 0x00});
    QTest::newRow("nine stacked VLAN tags") << kEthernet << ethernet(nineTags + ipv4(ackSegment()), 0x8100)
                                            << -1 << -1 << M << "more than 8 stacked VLAN tags";

    // Not TCP over IP: Skipped.
    QTest::newRow("unknown EtherType (ARP)") << kEthernet << ethernet(QByteArray(28, '\0'), 0x0806) << -1 << -1 << S
                                             << "EtherType 0x0806 (ARP) is not IPv4 or IPv6";
    QTest::newRow("unknown EtherType behind VLAN") << kEthernet << ethernet(QByteArray(28, '\0'), 0x88cc, {{0x8100, 3}})
                                                   << -1 << -1 << S << "EtherType 0x88cc (LLDP)";
    QTest::newRow("802.3 length field") << kEthernet << ethernet(QByteArray(46, '\0'), 46) << -1 << -1 << S
                                        << "802.3 length field 46";
    QTest::newRow("unknown IP protocol (UDP)") << kEthernet << ethernet(ipv4(QByteArray(8, '\0'), {.protocol = 17}))
                                               << -1 << -1 << S << "IPv4 protocol 17 (UDP) is not TCP";
    QTest::newRow("unknown IPv4 protocol 253") << kRaw << ipv4(QByteArray(8, '\0'), {.protocol = 253}) << -1 << -1 << S
                                               << "IPv4 protocol 253 is not TCP";
    QTest::newRow("IPv6 ICMPv6 after hop-by-hop") << kIpv6 << ipv6(ext6(58) + QByteArray(8, '\0'), {.nextHeader = 0})
                                                  << -1 << -1 << S << "IPv6 next header 58 (ICMPv6) is not TCP";
    QTest::newRow("IPv6 no next header") << kIpv6 << ipv6(ext6(59), {.nextHeader = 60}) << -1 << -1 << S
                                         << "no next header";
    QTest::newRow("IPv4 non-first fragment") << kEthernet << ethernet(ipv4(QByteArray(20, 'x'), {.fragment = 185}))
                                             << -1 << -1 << S << "IPv4 fragment at offset 1480";
    QTest::newRow("IPv6 non-first fragment")
        << kIpv6 << ipv6(fragment6(6, 1448, false) + QByteArray(20, 'x'), {.nextHeader = 44}) << -1 << -1 << S
        << "IPv6 fragment at offset 1448";
    QTest::newRow("unknown NULL family") << kNull << nullHeader(ipv4(synSegment()), 7, false) << -1 << -1 << S
                                         << "NULL address family 7 is neither IPv4 (2) nor IPv6";
    QTest::newRow("unknown LOOP family") << kLoop << nullHeader(ipv4(synSegment()), 17, true) << -1 << -1 << S
                                         << "LOOP address family 17";
    QTest::newRow("unsupported link type") << 105 << syn << -1 << -1 << S
                                           << "unsupported link type 105 (supported: EN10MB, NULL, LOOP";
}

void TestDecoder::badFrames()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(int, caplen);
    QFETCH(int, origLen);
    QFETCH(DecodeStatus, status);
    QFETCH(QString, reason);
    const DecodeResult r = decode(linkType, frame, caplen, origLen);
    const QString got = QString::fromStdString(r.reason);
    QCOMPARE(statusName(r.status), statusName(status));
    QVERIFY2(got.contains(reason), qPrintable(got));
}

void TestDecoder::linkTypes_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<bool>("supported");
    QTest::addColumn<QString>("name");
    QTest::newRow("NULL") << kNull << true << "NULL";
    QTest::newRow("EN10MB") << kEthernet << true << "EN10MB";
    QTest::newRow("RAW 12") << kRaw << true << "RAW";
    QTest::newRow("RAW 14") << kRawBsdOs << true << "RAW";
    QTest::newRow("RAW 101") << kRawFile << true << "RAW";
    QTest::newRow("LOOP") << kLoop << true << "LOOP";
    QTest::newRow("LINUX_SLL") << kSll << true << "LINUX_SLL";
    QTest::newRow("IPV4") << kIpv4 << true << "IPV4";
    QTest::newRow("IPV6") << kIpv6 << true << "IPV6";
    QTest::newRow("LINUX_SLL2") << kSll2 << true << "LINUX_SLL2";
    QTest::newRow("IEEE802_11") << 105 << false << "IEEE802_11";
    QTest::newRow("unknown 4242") << 4242 << false << "LINKTYPE_4242";
    QTest::newRow("negative") << -1 << false << "LINKTYPE_-1";
}

void TestDecoder::linkTypes()
{
    QFETCH(int, linkType);
    QFETCH(bool, supported);
    QFETCH(QString, name);
    QCOMPARE(hv::isSupportedLinkType(linkType), supported);
    QCOMPARE(QString::fromStdString(hv::linkTypeName(linkType)), name);
    const QStringList all = QString::fromStdString(hv::supportedLinkTypeNames()).split(QStringLiteral(", "));
    QCOMPARE(all.contains(name), supported);
}

void TestDecoder::everyCaplenCut_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("Ethernet IPv4 SYN") << kEthernet << ethernet(ipv4(synSegment()));
    QTest::newRow("QinQ IPv4 data") << kEthernet << ethernet(ipv4(dataSegment()), 0x0800, {{0x88A8, 1}, {0x8100, 2}});
    QTest::newRow("Ethernet IPv6 ext SYN")
        << kEthernet << ethernet(ipv6(ext6(43, 1) + fragment6(6, 0, true) + synSegment(), {.nextHeader = 43}), 0x86DD);
    QTest::newRow("NULL IPv6") << kNull << nullHeader(ipv6(synAckSegment()), 30, false);
    QTest::newRow("SLL IPv4 options") << kSll << sll(ipv4(ackSegment(), {.options = bytes({1, 1, 1, 1})}), 0x0800);
    QTest::newRow("SLL2 IPv6") << kSll2 << sll2(ipv6(dataSegment()), 0x86DD);
    QTest::newRow("RAW IPv4") << kRaw << ipv4(synSegment());
}

// Cutting a good frame at every length: Truncated until the TCP header is whole, then the same
// segment as uncut. Never Malformed (the packet did not change), never a read past caplen.
void TestDecoder::everyCaplenCut()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    const DecodeResult whole = decode(linkType, frame);
    QCOMPARE(statusName(whole.status), QByteArray("Ok"));
    const int headersEnd = whole.tcp.tcpOffset + whole.tcp.tcpHeaderLen;
    for (int caplen = 0; caplen <= frame.size(); ++caplen) {
        const DecodeResult r = decode(linkType, frame, caplen);
        if (caplen < headersEnd) {
            QVERIFY2(r.status == DecodeStatus::Truncated,
                     qPrintable(QStringLiteral("caplen %1: %2 %3").arg(caplen).arg(QString(statusName(r.status)),
                                                                             QString::fromStdString(r.reason))));
            QVERIFY(r.reason.find("caplen 0") != std::string::npos || r.reason.find("snaplen cut the ") == 0);
        } else {
            QCOMPARE(statusName(r.status), QByteArray("Ok"));
            QCOMPARE(describe(r.tcp), describe(whole.tcp));
        }
    }
}

// Random bytes flipped in good frames, every supported link type: whatever comes out, the decoder
// stays inside the buffer (ASan builds check that), and what it reports is self-consistent.
void TestDecoder::randomMutationsStayInBounds()
{
    const std::pair<int, QByteArray> seeds[] = {
        {kEthernet, ethernet(ipv4(synSegment(), {.options = bytes({1, 1, 1, 1})}), 0x0800, {{0x8100, 1}})},
        {kEthernet, ethernet(ipv6(ext6(0) + ext6(60, 1) + fragment6(6, 0, false) + synAckSegment(), {.nextHeader = 0}), 0x86DD)},
        {kNull, nullHeader(ipv4(dataSegment()), 2, false)},
        {kLoop, nullHeader(ipv6(synSegment()), 24, true)},
        {kSll, sll(ipv4(synSegment()), 0x0800)},
        {kSll2, sll2(ipv6(synSegment()), 0x86DD)},
        {kRaw, ipv4(tcp({.flags = F::Syn, .options = optNop() + optNop() + optSack({{1, 2}, {3, 4}, {5, 6}, {7, 8}})}))},
        {kIpv6, ipv6(ext6(51, 0) + synSegment(), {.nextHeader = 43})},
        // Payload length 0: a jumbogram (its bytes after the TCP header cut by the snaplen, as
        // tcpdump -s 200 cuts them) and BIG TCP's plain super-packet.
        {kIpv6, ipv6(jumbo6(6, 16 + 20 + 70000, 2), {.nextHeader = 0, .payloadLength = 0}) + tcp({.flags = F::Ack})},
        {kIpv6, ipv6(dataSegment(), {.payloadLength = 0})},
    };
    std::mt19937 rng(20240601);
    int ok = 0;
    for (int round = 0; round < 40000; ++round) {
        const auto &[linkType, original] = seeds[round % std::size(seeds)];
        QByteArray frame = original;
        const int flips = 1 + int(rng() % 4);
        for (int i = 0; i < flips; ++i)
            frame[int(rng() % uint32_t(frame.size()))] = char(rng() & 0xFF);
        const int caplen = rng() % 4 == 0 ? int(rng() % uint32_t(frame.size() + 1)) : int(frame.size());
        // The jumbogram seed stands for 70 kB on the wire (origLen), of which it holds the first bytes.
        const int wire = round % std::size(seeds) == std::size(seeds) - 2 ? 40 + 16 + 20 + 70000 : int(frame.size());
        const int origLen = rng() % 8 == 0 ? caplen + int(rng() % 64) : wire;
        const DecodeResult r = decode(linkType, frame, caplen, origLen);
        if (r.status == DecodeStatus::Ok) {
            ++ok;
            QVERIFY(r.reason.empty());
            QVERIFY(r.tcp.tcpHeaderLen >= 20);
            QVERIFY(r.tcp.tcpOffset + r.tcp.tcpHeaderLen <= caplen);
            QVERIFY(r.tcp.tcpOffset >= r.tcp.ipOffset + 20);
            QVERIFY(uint32_t(r.tcp.tcpOffset) + r.tcp.tcpHeaderLen + r.tcp.payloadLen <= uint32_t(origLen));
            QVERIFY(r.tcp.options.sackBlockCount <= 4);
        } else {
            QVERIFY(!r.reason.empty());
        }
    }
    QVERIFY(ok > 1000); // the mutations did not just break everything
}

void TestDecoder::okPathDoesNotAllocate()
{
    const std::pair<int, QByteArray> frames[] = {
        {kEthernet, ethernet(ipv4(synSegment()), 0x0800, {{0x8100, 1}})},
        {kEthernet, ethernet(ipv6(ext6(6) + dataSegment(), {.nextHeader = 0}), 0x86DD)},
        {kNull, nullHeader(ipv4(synAckSegment()), 2, false)},
        {kSll, sll(ipv4(ackSegment()), 0x0800)},
        {kSll2, sll2(ipv6(dataSegment()), 0x86DD)},
        {kRaw, ipv4(tcp({.flags = F::Ack, .options = optNop() + optNop() + optSack({{1, 2}, {3, 4}})}))},
        {kIpv6, ipv6(jumbo6(6, 8 + 20 + 70000) + tcp({.flags = F::Ack, .payload = QByteArray(70000, 'x')}),
                     {.nextHeader = 0, .payloadLength = 0})},
        {kIpv6, ipv6(dataSegment(), {.payloadLength = 0})},
    };
    for (const auto &[linkType, frame] : frames) {
        const auto *data = reinterpret_cast<const uint8_t *>(frame.constData());
        const auto size = uint32_t(frame.size());
        const long before = g_allocations.load();
        const DecodeResult r = hv::decodeFrame(linkType, data, size, size);
        const long after = g_allocations.load();
        QCOMPARE(statusName(r.status), QByteArray("Ok"));
        QCOMPARE(after - before, 0L);
    }
}

QTEST_APPLESS_MAIN(TestDecoder)
#include "tst_decoder.moc"
