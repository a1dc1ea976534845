#include "TcpPacket.h"

#include "ByteReader.h"

#include <concepts>
#include <optional>
#include <string_view>

namespace hv {

namespace {

// Link-layer header type values as pcap_datalink() reports them on Linux and as pcap files
// store them. Plain numbers instead of <pcap/dlt.h> macros: dlt.h gives DLT_RAW and DLT_LOOP
// different values on the BSDs, and a file written there must still read here.
namespace Link {
constexpr int Null = 0;        // DLT_NULL: 4-byte address family, host byte order of the writer
constexpr int Ethernet = 1;    // DLT_EN10MB
constexpr int Raw = 12;        // DLT_RAW on Linux and most systems
constexpr int RawBsdOs = 14;   // DLT_RAW on BSD/OS
constexpr int RawFile = 101;   // LINKTYPE_RAW, the file-format value
constexpr int Loop = 108;      // DLT_LOOP: like NULL, network byte order
constexpr int LinuxSll = 113;  // DLT_LINUX_SLL, 16-byte cooked header
constexpr int Ipv4 = 228;      // DLT_IPV4
constexpr int Ipv6 = 229;      // DLT_IPV6
constexpr int LinuxSll2 = 276; // DLT_LINUX_SLL2, 20-byte cooked header
} // namespace Link

constexpr std::string_view kSupportedNames = "EN10MB, NULL, LOOP, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6";

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86DD;
constexpr int kMaxVlanTags = 8;            // real networks stack two (802.1ad); more is garbage
constexpr int kMaxIpv6ExtensionHeaders = 16;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kIpv6NoNextHeader = 59;

// --- reason text (only built when a frame is not Ok) ---

struct Hex16 {
    uint16_t value;
};

void append(std::string &s, std::string_view v) { s += v; }
void append(std::string &s, const char *v) { s += v; }
void append(std::string &s, Hex16 h)
{
    constexpr char digits[] = "0123456789abcdef";
    s += "0x";
    for (int shift = 12; shift >= 0; shift -= 4)
        s += digits[(h.value >> shift) & 0xF];
}
template<std::integral T>
void append(std::string &s, T v)
{
    s += std::to_string(v);
}

template<typename... Parts>
std::string cat(const Parts &...parts)
{
    std::string s;
    (append(s, parts), ...);
    return s;
}

std::string_view etherTypeName(uint16_t type)
{
    switch (type) {
    case 0x0806: return " (ARP)";
    case 0x8035: return " (RARP)";
    case 0x8809: return " (slow protocols, LACP)";
    case 0x8847: return " (MPLS)";
    case 0x8863: return " (PPPoE discovery)";
    case 0x8864: return " (PPPoE session)";
    case 0x888E: return " (EAPOL)";
    case 0x88CC: return " (LLDP)";
    case 0x88F7: return " (PTP)";
    default: return "";
    }
}

std::string_view ipProtocolName(uint8_t proto)
{
    switch (proto) {
    case 1: return " (ICMP)";
    case 2: return " (IGMP)";
    case 4: return " (IPv4-in-IP)";
    case 17: return " (UDP)";
    case 41: return " (IPv6-in-IP)";
    case 47: return " (GRE)";
    case 50: return " (ESP)";
    case 58: return " (ICMPv6)";
    case 89: return " (OSPF)";
    case 103: return " (PIM)";
    case 112: return " (VRRP)";
    case 132: return " (SCTP)";
    case 136: return " (UDP-Lite)";
    default: return "";
    }
}

const char *ipv6ExtensionName(uint8_t nextHeader)
{
    switch (nextHeader) {
    case 0: return "IPv6 hop-by-hop options header";
    case 43: return "IPv6 routing header";
    case 44: return "IPv6 fragment header";
    case 51: return "IPv6 authentication header";
    case 60: return "IPv6 destination options header";
    case 135: return "IPv6 mobility header";
    case 139: return "IPv6 HIP header";
    case 140: return "IPv6 shim6 header";
    default: return nullptr; // not an extension header: an upper-layer protocol
    }
}

bool isIpv6Family(uint32_t family)
{
    // AF_INET6 is 10 on Linux, 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on macOS.
    return family == 10 || family == 24 || family == 28 || family == 30;
}

// One frame's walk. Offsets are absolute in the frame; every read goes through the
// reader (bounded by caplen), every length claim is checked against origLen or the
// enclosing header's claim first, so a lying header is Malformed and a short capture Truncated.
class FrameDecoder {
public:
    FrameDecoder(const uint8_t *data, uint32_t caplen, uint32_t origLen, DecodeResult &out)
        : m_reader(data, caplen), m_caplen(caplen), m_origLen(origLen), m_out(out)
    {
    }

    void run(int linkType)
    {
        switch (linkType) {
        case Link::Ethernet:
            if (need("Ethernet header", 0, 14, m_origLen, "the frame"))
                etherType(14, be16(12));
            return;
        case Link::Null:
        case Link::Loop:
            if (linkType == Link::Null)
                nullLoop("NULL", "NULL header");
            else
                nullLoop("LOOP", "LOOP header");
            return;
        case Link::LinuxSll:
            if (need("Linux cooked (SLL) header", 0, 16, m_origLen, "the frame"))
                etherType(16, be16(14));
            return;
        case Link::LinuxSll2:
            if (need("Linux cooked v2 (SLL2) header", 0, 20, m_origLen, "the frame"))
                etherType(20, be16(0));
            return;
        case Link::Raw:
        case Link::RawBsdOs:
        case Link::RawFile:
            rawIp();
            return;
        case Link::Ipv4:
            ipv4(0);
            return;
        case Link::Ipv6:
            ipv6(0);
            return;
        default:
            fail(DecodeStatus::Skipped, cat("unsupported link type ", linkType, " (supported: ", kSupportedNames, ")"));
            return;
        }
    }

private:
    // Callers have checked the range first; value_or only keeps a slip from becoming UB.
    uint8_t u8(size_t offset) const { return m_reader.u8(offset).value_or(0); }
    uint16_t be16(size_t offset) const { return m_reader.be16(offset).value_or(0); }
    uint32_t be32(size_t offset) const { return m_reader.be32(offset).value_or(0); }

    bool fail(DecodeStatus status, std::string reason)
    {
        m_out.status = status;
        m_out.reason = std::move(reason);
        return false;
    }

    // `size` bytes of `what` at `offset`: past `limit` (what the packet or its enclosing header
    // claims) the packet lies (Malformed); inside it but past caplen the capture was cut (Truncated).
    bool need(const char *what, size_t offset, size_t size, size_t limit, const char *limitName)
    {
        const size_t claimed = limit > offset ? limit - offset : 0;
        if (size > claimed)
            return fail(DecodeStatus::Malformed,
                        cat(what, " needs ", size, " bytes but ", limitName, " has only ", claimed, " left"));
        if (!m_reader.has(offset, size)) {
            const size_t captured = m_caplen > offset ? m_caplen - offset : 0;
            return fail(DecodeStatus::Truncated,
                        cat("snaplen cut the ", what, ": ", captured, " of ", size, " bytes captured"));
        }
        return true;
    }

    void nullLoop(const char *name, const char *headerName)
    {
        if (!need(headerName, 0, 4, m_origLen, "the frame"))
            return;
        // DLT_NULL holds the family in the writer's byte order, DLT_LOOP in network order, and
        // writers get both wrong: a family is small, so a value with high bits set is swapped.
        uint32_t family = be32(0);
        if (family & 0xFFFF0000u)
            family = (family >> 24) | ((family >> 8) & 0xFF00u) | ((family << 8) & 0xFF0000u) | (family << 24);
        if (family == 2)
            ipv4(4);
        else if (isIpv6Family(family))
            ipv6(4);
        else
            fail(DecodeStatus::Skipped,
                 cat(name, " address family ", family, " is neither IPv4 (2) nor IPv6 (10, 24, 28 or 30)"));
    }

    void rawIp()
    {
        const unsigned version = u8(0) >> 4; // caplen > 0 was checked before the link layer
        if (version == 4)
            ipv4(0);
        else if (version == 6)
            ipv6(0);
        else
            fail(DecodeStatus::Malformed, cat("raw IP packet has version ", version, ", neither 4 nor 6"));
    }

    void etherType(size_t offset, uint16_t type)
    {
        for (int tags = 0; type == 0x8100 || type == 0x88A8 || type == 0x9100; ++tags) {
            if (tags == kMaxVlanTags) {
                fail(DecodeStatus::Malformed, cat("more than ", kMaxVlanTags, " stacked VLAN tags"));
                return;
            }
            if (!need("802.1Q VLAN tag", offset, 4, m_origLen, "the frame"))
                return;
            type = be16(offset + 2);
            offset += 4;
        }
        if (type == kEtherIpv4)
            ipv4(offset);
        else if (type == kEtherIpv6)
            ipv6(offset);
        else if (type < 0x0600)
            fail(DecodeStatus::Skipped, cat("802.3 length field ", type, " instead of an EtherType (not IP)"));
        else
            fail(DecodeStatus::Skipped, cat("EtherType ", Hex16{type}, etherTypeName(type), " is not IPv4 or IPv6"));
    }

    void ipv4(size_t offset)
    {
        if (!need("IPv4 header", offset, 20, m_origLen, "the frame"))
            return;
        TcpPacket &tcp = m_out.tcp;
        tcp.ipOffset = static_cast<uint16_t>(offset);
        const unsigned versionIhl = u8(offset);
        const unsigned version = versionIhl >> 4;
        const unsigned ihl = versionIhl & 0xF;
        if (version != 4) {
            fail(DecodeStatus::Malformed, cat("IPv4 header has version ", version, ", not 4"));
            return;
        }
        if (ihl < 5) {
            fail(DecodeStatus::Malformed,
                 cat("IPv4 header length (IHL) ", ihl, " is ", ihl * 4, " bytes, below the minimum 5 (20 bytes)"));
            return;
        }
        const size_t headerLen = size_t{ihl} * 4;
        const size_t onWire = m_origLen - offset; // need() above: origLen >= offset + 20
        size_t totalLen = be16(offset + 2);
        if (totalLen == 0) {
            // Segmentation offload: the kernel hands libpcap the super-packet before the NIC
            // fills the length in. Use the frame's length (origLen, not caplen, so a snaplen
            // cut does not shrink the payload length).
            totalLen = onWire;
            m_out.tcp.ipLength = IpLength::Frame;
        } else if (totalLen < headerLen) {
            fail(DecodeStatus::Malformed,
                 cat("IPv4 total length ", totalLen, " is below its header length ", headerLen));
            return;
        } else if (totalLen > onWire) {
            fail(DecodeStatus::Malformed,
                 cat("IPv4 total length ", totalLen, " past the packet's ", onWire, " bytes"));
            return;
        }
        if (!need("IPv4 header", offset, headerLen, offset + totalLen, "the IPv4 packet"))
            return;
        const unsigned fragmentOffset = (be16(offset + 6) & 0x1FFFu) * 8;
        if (fragmentOffset != 0) {
            fail(DecodeStatus::Skipped,
                 cat("IPv4 fragment at offset ", fragmentOffset, " (only the first fragment holds the TCP header)"));
            return;
        }
        const uint8_t protocol = u8(offset + 9);
        if (protocol != kProtoTcp) {
            fail(DecodeStatus::Skipped, cat("IPv4 protocol ", protocol, ipProtocolName(protocol), " is not TCP"));
            return;
        }
        tcp.ttl = u8(offset + 8);
        tcp.src.addr.v6 = false;
        tcp.dst.addr.v6 = false;
        m_reader.copy(offset + 12, std::span(tcp.src.addr.bytes).first<4>());
        m_reader.copy(offset + 16, std::span(tcp.dst.addr.bytes).first<4>());
        tcpSegment(offset + headerLen, totalLen - headerLen, "the IPv4 payload");
    }

    void ipv6(size_t offset)
    {
        if (!need("IPv6 header", offset, 40, m_origLen, "the frame"))
            return;
        TcpPacket &tcp = m_out.tcp;
        tcp.ipOffset = static_cast<uint16_t>(offset);
        const unsigned version = u8(offset) >> 4;
        if (version != 6) {
            fail(DecodeStatus::Malformed, cat("IPv6 header has version ", version, ", not 6"));
            return;
        }
        const size_t onWire = m_origLen - offset - 40;
        const size_t headerPayloadLen = be16(offset + 4);
        size_t payloadLen = headerPayloadLen;
        if (payloadLen == 0) {
            // A jumbogram (RFC 2675: its hop-by-hop header, read below, holds the length) or a
            // segmentation-offload super-packet: until a Jumbo Payload option says otherwise, the
            // frame's length (origLen, so that a snaplen cut does not shrink it) is the truth.
            payloadLen = onWire;
            tcp.ipLength = IpLength::Frame;
        } else if (payloadLen > onWire) {
            fail(DecodeStatus::Malformed,
                 cat("IPv6 payload length ", payloadLen, " past the packet's ", onWire, " bytes"));
            return;
        }
        uint8_t nextHeader = u8(offset + 6);
        tcp.ttl = u8(offset + 7);
        tcp.src.addr.v6 = true;
        tcp.dst.addr.v6 = true;
        m_reader.copy(offset + 8, std::span(tcp.src.addr.bytes));
        m_reader.copy(offset + 24, std::span(tcp.dst.addr.bytes));

        size_t pos = offset + 40;
        size_t end = pos + payloadLen;
        for (int count = 0; nextHeader != kProtoTcp; ++count) {
            const char *name = ipv6ExtensionName(nextHeader);
            if (name == nullptr) {
                if (nextHeader == kIpv6NoNextHeader)
                    fail(DecodeStatus::Skipped, "IPv6 next header is 59 (no next header)");
                else
                    fail(DecodeStatus::Skipped,
                         cat("IPv6 next header ", nextHeader, ipProtocolName(nextHeader), " is not TCP"));
                return;
            }
            if (count == kMaxIpv6ExtensionHeaders) {
                fail(DecodeStatus::Malformed,
                     cat("too many IPv6 extension headers (more than ", kMaxIpv6ExtensionHeaders, ")"));
                return;
            }
            if (!need(name, pos, 2, end, "the IPv6 payload"))
                return;
            const size_t lengthField = u8(pos + 1);
            const size_t len = nextHeader == 44   ? 8
                             : nextHeader == 51 ? (lengthField + 2) * 4
                                                : (lengthField + 1) * 8;
            if (!need(name, pos, len, end, "the IPv6 payload"))
                return;
            // RFC 2675: the Jumbo Payload option lives in a hop-by-hop header, which only ever
            // comes first.
            if (nextHeader == 0 && count == 0) {
                const std::optional<uint32_t> jumbo = jumboPayloadLength(pos, len);
                if (!m_out.reason.empty())
                    return; // the option itself is wrong
                if (jumbo) {
                    if (headerPayloadLen != 0) {
                        fail(DecodeStatus::Malformed,
                             cat("IPv6 Jumbo Payload option in a packet whose payload length is ", headerPayloadLen,
                                 ", not 0"));
                        return;
                    }
                    if (*jumbo <= 0xFFFF) {
                        fail(DecodeStatus::Malformed,
                             cat("IPv6 Jumbo Payload length ", *jumbo, " is not above 65535"));
                        return;
                    }
                    if (*jumbo > onWire) {
                        fail(DecodeStatus::Malformed,
                             cat("IPv6 Jumbo Payload length ", *jumbo, " past the packet's ", onWire, " bytes"));
                        return;
                    }
                    payloadLen = *jumbo;
                    end = offset + 40 + payloadLen;
                    tcp.ipLength = IpLength::Jumbo;
                }
            }
            if (nextHeader == 44) {
                const unsigned fragmentOffset = be16(pos + 2) & 0xFFF8u; // 8-byte units in the top 13 bits
                if (fragmentOffset != 0) {
                    fail(DecodeStatus::Skipped,
                         cat("IPv6 fragment at offset ", fragmentOffset,
                             " (only the first fragment holds the TCP header)"));
                    return;
                }
            }
            nextHeader = u8(pos);
            pos += len;
        }
        tcpSegment(pos, end - pos, "the IPv6 payload");
    }

    // The Jumbo Payload option (RFC 2675: type 0xC2, 4 bytes of length) of the hop-by-hop header
    // at `pos`, `len` bytes long and captured whole (need() saw to it); nullopt when it has none.
    // An option of that type with the wrong length makes the packet Malformed (m_out.reason says
    // why). Options that do not fit stop the walk: they are not this decoder's to judge.
    std::optional<uint32_t> jumboPayloadLength(size_t pos, size_t len)
    {
        constexpr uint8_t kPad1 = 0, kJumbo = 0xC2;
        const size_t end = pos + len;
        for (size_t at = pos + 2; at < end;) {
            const uint8_t type = u8(at);
            if (type == kPad1) {
                ++at;
                continue;
            }
            if (end - at < 2)
                return std::nullopt;
            const size_t optLen = u8(at + 1);
            if (optLen > end - at - 2)
                return std::nullopt;
            if (type == kJumbo) {
                if (optLen != 4) {
                    fail(DecodeStatus::Malformed,
                         cat("IPv6 Jumbo Payload option has length ", optLen, ", expected 4"));
                    return std::nullopt;
                }
                return be32(at + 2);
            }
            at += 2 + optLen;
        }
        return std::nullopt;
    }

    // `segmentLen` is what the IP header says the segment holds; the capture may hold less.
    void tcpSegment(size_t offset, size_t segmentLen, const char *payloadName)
    {
        const size_t end = offset + segmentLen;
        if (!need("TCP header", offset, 20, end, payloadName))
            return;
        TcpPacket &tcp = m_out.tcp;
        tcp.tcpOffset = static_cast<uint16_t>(offset);
        const unsigned dataOffset = u8(offset + 12) >> 4;
        if (dataOffset < 5) {
            fail(DecodeStatus::Malformed, cat("TCP data offset ", dataOffset, " is ", dataOffset * 4,
                                              " bytes, below the minimum 5 (20 bytes)"));
            return;
        }
        const size_t headerLen = size_t{dataOffset} * 4;
        if (headerLen > segmentLen) {
            fail(DecodeStatus::Malformed, cat("TCP header length ", headerLen, " (data offset ", dataOffset,
                                              ") past the segment's ", segmentLen, " bytes"));
            return;
        }
        if (!need("TCP header", offset, headerLen, end, payloadName))
            return;
        tcp.src.port = be16(offset);
        tcp.dst.port = be16(offset + 2);
        tcp.seq = be32(offset + 4);
        tcp.ack = be32(offset + 8);
        tcp.flags = static_cast<uint16_t>(be16(offset + 12) & 0x1FFu);
        tcp.window = be16(offset + 14);
        tcp.urgentPointer = be16(offset + 18);
        tcp.tcpHeaderLen = static_cast<uint8_t>(headerLen);
        tcp.payloadLen = static_cast<uint32_t>(segmentLen - headerLen);
        if (headerLen > 20)
            options(offset + 20, offset + headerLen);
        m_out.status = DecodeStatus::Ok;
    }

    void optionProblem(std::string problem)
    {
        if (m_out.tcp.optionProblem.empty()) // the first problem explains the rest
            m_out.tcp.optionProblem = std::move(problem);
    }

    // tcpdump's walk (print-tcp.c): EOL ends, NOP is one byte, anything else carries a length
    // 2 <= len <= bytes left. A bad length stops the walk; what was read before stays.
    void options(size_t pos, size_t end)
    {
        TcpOptions &o = m_out.tcp.options;
        while (pos < end) {
            const uint8_t kind = u8(pos);
            if (kind == 0)
                return;
            if (kind == 1) {
                ++pos;
                continue;
            }
            if (end - pos < 2) {
                optionProblem(cat("TCP option kind ", kind, " is in the header's last byte with no room for its length"));
                return;
            }
            const uint8_t len = u8(pos + 1);
            if (len < 2) {
                optionProblem(cat("TCP option kind ", kind, " has length ", len,
                                  ", below the minimum 2; the option walk stopped there"));
                return;
            }
            if (len > end - pos) {
                optionProblem(cat("TCP option kind ", kind, " has length ", len, " past the header's ", end - pos,
                                  " remaining option bytes"));
                return;
            }
            switch (kind) {
            case 2:
                if (len == 4)
                    o.mss = be16(pos + 2);
                else
                    optionProblem(cat("TCP MSS option has length ", len, ", expected 4"));
                break;
            case 3:
                if (len == 3) {
                    const uint8_t shift = u8(pos + 2);
                    // RFC 7323 2.3: a receiver treats a shift above 14 as 14.
                    o.wscale = static_cast<int8_t>(shift > 14 ? 14 : shift);
                    if (shift > 14)
                        optionProblem(cat("TCP window scale shift ", shift, " is above the maximum 14; 14 is used"));
                } else {
                    optionProblem(cat("TCP window scale option has length ", len, ", expected 3"));
                }
                break;
            case 4:
                if (len == 2)
                    o.sackPerm = true;
                else
                    optionProblem(cat("TCP SACK-permitted option has length ", len, ", expected 2"));
                break;
            case 5:
                if (len >= 10 && (len - 2) % 8 == 0) {
                    const size_t blocks = (len - 2u) / 8;
                    o.sackBlockCount = 0;
                    for (size_t i = 0; i < blocks && i < o.sackBlocks.size(); ++i) {
                        o.sackBlocks[i] = {be32(pos + 2 + 8 * i), be32(pos + 6 + 8 * i)};
                        ++o.sackBlockCount;
                    }
                } else {
                    optionProblem(cat("TCP SACK option has length ", len, ", expected 2 + 8 per block"));
                }
                break;
            case 8:
                if (len == 10) {
                    o.hasTimestamps = true;
                    o.tsval = be32(pos + 2);
                    o.tsecr = be32(pos + 6);
                } else {
                    optionProblem(cat("TCP timestamps option has length ", len, ", expected 10"));
                }
                break;
            default: // unknown kinds (TFO, MPTCP, MD5 ...) are stepped over by their length
                break;
            }
            pos += len;
        }
    }

    ByteReader m_reader;
    uint32_t m_caplen;
    uint32_t m_origLen;
    DecodeResult &m_out;
};

void appendHex16(std::string &s, unsigned value)
{
    constexpr char digits[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        const unsigned digit = (value >> shift) & 0xF;
        if (digit != 0 || started || shift == 0) {
            s += digits[digit];
            started = true;
        }
    }
}

void appendDottedQuad(std::string &s, const uint8_t *b)
{
    for (int i = 0; i < 4; ++i) {
        if (i)
            s += '.';
        s += std::to_string(b[i]);
    }
}

} // namespace

std::string flagsLabel(uint16_t flags)
{
    struct Name {
        uint16_t bit;
        std::string_view text;
    };
    static constexpr Name names[] = {
        {TcpFlag::Fin, "FIN"}, {TcpFlag::Syn, "SYN"}, {TcpFlag::Rst, "RST"},
        {TcpFlag::Psh, "PSH"}, {TcpFlag::Ack, "ACK"}, {TcpFlag::Urg, "URG"},
        {TcpFlag::Ece, "ECE"}, {TcpFlag::Cwr, "CWR"}, {TcpFlag::Ae, "AE"},
    };
    std::string label;
    for (const Name &n : names) {
        if (flags & n.bit) {
            if (!label.empty())
                label += ", ";
            label += n.text;
        }
    }
    if (label.empty())
        label = "<None>"; // Wireshark's word for a segment with no flag set
    return label;
}

IpAddress IpAddress::v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    IpAddress address;
    address.bytes[0] = a;
    address.bytes[1] = b;
    address.bytes[2] = c;
    address.bytes[3] = d;
    return address;
}

std::string IpAddress::toString() const
{
    std::string s;
    if (!v6) {
        appendDottedQuad(s, bytes.data());
        return s;
    }
    uint16_t groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = static_cast<uint16_t>(bytes[2 * i] << 8 | bytes[2 * i + 1]);

    // RFC 4291 IPv4-mapped addresses print as ::ffff:a.b.c.d (RFC 5952 section 5).
    if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
        && groups[5] == 0xFFFF) {
        s = "::ffff:";
        appendDottedQuad(s, bytes.data() + 12);
        return s;
    }

    // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            ++j;
        if (j - i > bestLen) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            s += "::";
            i += bestLen - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':')
            s += ':';
        appendHex16(s, groups[i]);
    }
    return s;
}

std::string Endpoint::toString() const
{
    // Appended piece by piece: "[" + std::string makes GCC 12 warn falsely (-Wrestrict, GCC bug 105329).
    std::string s;
    s.reserve(48);
    if (addr.v6)
        s += '[';
    s += addr.toString();
    if (addr.v6)
        s += ']';
    s += ':';
    s += std::to_string(port);
    return s;
}

DecodeResult decodeFrame(int linkType, const uint8_t *data, uint32_t caplen, uint32_t origLen)
{
    DecodeResult result;
    if (caplen == 0) {
        result.status = DecodeStatus::Truncated;
        result.reason = cat("nothing captured: caplen 0 of ", origLen, " bytes");
        return result;
    }
    if (caplen > origLen) {
        result.status = DecodeStatus::Malformed;
        result.reason = cat("captured length ", caplen, " is larger than the original length ", origLen);
        return result;
    }
    if (data == nullptr) {
        result.status = DecodeStatus::Malformed;
        result.reason = cat("no packet bytes (null data with caplen ", caplen, ")");
        return result;
    }
    FrameDecoder(data, caplen, origLen, result).run(linkType);
    return result;
}

bool isSupportedLinkType(int linkType)
{
    switch (linkType) {
    case Link::Null:
    case Link::Ethernet:
    case Link::Raw:
    case Link::RawBsdOs:
    case Link::RawFile:
    case Link::Loop:
    case Link::LinuxSll:
    case Link::Ipv4:
    case Link::Ipv6:
    case Link::LinuxSll2:
        return true;
    default:
        return false;
    }
}

std::string linkTypeName(int linkType)
{
    switch (linkType) {
    case Link::Null: return "NULL";
    case Link::Ethernet: return "EN10MB";
    case Link::Raw:
    case Link::RawBsdOs:
    case Link::RawFile: return "RAW";
    case Link::Loop: return "LOOP";
    case Link::LinuxSll: return "LINUX_SLL";
    case Link::Ipv4: return "IPV4";
    case Link::Ipv6: return "IPV6";
    case Link::LinuxSll2: return "LINUX_SLL2";
    // A few unsupported ones people open by mistake, so the refusal names them.
    case 9: return "PPP";
    case 105: return "IEEE802_11";
    case 127: return "IEEE802_11_RADIO";
    case 189: return "USB_LINUX";
    case 220: return "USB_LINUX_MMAPPED";
    case 239: return "NFLOG";
    case 249: return "USBPCAP";
    case 253: return "NETLINK";
    default: return "LINKTYPE_" + std::to_string(linkType);
    }
}

std::string supportedLinkTypeNames()
{
    return std::string(kSupportedNames);
}

} // namespace hv
