#pragma once
// The plain records that leave the decoder. No Qt, no I/O: a decoded frame is a value.
#include <array>
#include <cstdint>
#include <string>
#include <utility>

namespace hv {

namespace TcpFlag {
constexpr uint16_t Fin = 0x001;
constexpr uint16_t Syn = 0x002;
constexpr uint16_t Rst = 0x004;
constexpr uint16_t Psh = 0x008;
constexpr uint16_t Ack = 0x010;
constexpr uint16_t Urg = 0x020;
constexpr uint16_t Ece = 0x040;
constexpr uint16_t Cwr = 0x080;
constexpr uint16_t Ae = 0x100; // RFC 3540 nonce sum bit, now "AE" (AccECN)
} // namespace TcpFlag

// Wireshark's words: "SYN", "SYN, ACK", "PSH, ACK", "FIN, ACK", "RST, ACK" (order FIN SYN RST PSH ACK URG ECE CWR AE).
std::string flagsLabel(uint16_t flags);

struct IpAddress {
    std::array<uint8_t, 16> bytes{}; // IPv4 uses the first 4
    bool v6 = false;

    static IpAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);
    std::string toString() const; // "127.0.0.1", "::1"
    auto operator<=>(const IpAddress &) const = default;
};

struct Endpoint {
    IpAddress addr;
    uint16_t port = 0;
    std::string toString() const; // "127.0.0.1:6666", "[::1]:6666"
    auto operator<=>(const Endpoint &) const = default;
};

struct TcpOptions {
    int32_t mss = -1;    // -1: absent
    int8_t wscale = -1;  // shift count; -1: absent
    bool sackPerm = false;
    bool hasTimestamps = false;
    uint32_t tsval = 0;
    uint32_t tsecr = 0;
    uint8_t sackBlockCount = 0;
    std::array<std::pair<uint32_t, uint32_t>, 4> sackBlocks{};
    bool operator==(const TcpOptions &) const = default;
};

// Where a segment's IP packet length came from.
enum class IpLength : uint8_t {
    Header, // the IPv4 total length or the IPv6 payload length
    Jumbo,  // IPv6 payload length 0 and an RFC 2675 Jumbo Payload option in the hop-by-hop header
    // The header says 0 and nothing else gives a length: the frame's (origLen). Segmentation
    // offload and Linux BIG TCP hand libpcap such super-packets (over 64 KiB) before they are cut
    // into wire-sized ones. Valid for IPv4 captured under TSO; for IPv6 only with a Jumbo option,
    // which is why the tracker flags it (tshark calls such a packet malformed).
    Frame,
};

// One TCP segment as read from one frame.
struct TcpPacket {
    Endpoint src;
    Endpoint dst;
    uint32_t seq = 0;
    uint32_t ack = 0;
    uint16_t flags = 0;
    uint16_t window = 0;
    uint16_t urgentPointer = 0;
    uint32_t payloadLen = 0;   // TCP payload bytes the IP header claims (not what was captured)
    uint8_t tcpHeaderLen = 0;  // data offset x 4
    uint8_t ttl = 0;           // TTL or hop limit
    uint16_t ipOffset = 0;     // where the IP header starts in the frame
    uint16_t tcpOffset = 0;    // where the TCP header starts in the frame
    IpLength ipLength = IpLength::Header;
    TcpOptions options;
    std::string optionProblem; // non-empty when the option walk stopped early (reported, segment still kept)
};

enum class DecodeStatus : uint8_t {
    Ok,        // a TCP segment
    Skipped,   // not TCP, a non-first fragment, an unknown EtherType/protocol: nothing to track
    Truncated, // the capture cut the packet short (snaplen)
    Malformed, // the packet itself is wrong
};

struct DecodeResult {
    DecodeStatus status = DecodeStatus::Skipped;
    std::string reason; // why, for anything but Ok
    TcpPacket tcp;      // valid when status == Ok
};

// Pure: (link type, bytes, caplen, original length) -> a result. Never reads past caplen.
DecodeResult decodeFrame(int linkType, const uint8_t *data, uint32_t caplen, uint32_t origLen);

bool isSupportedLinkType(int linkType);
std::string linkTypeName(int linkType);   // "EN10MB", "NULL", "LINUX_SLL" ...
std::string supportedLinkTypeNames();     // "EN10MB, NULL, LOOP, ..."

} // namespace hv
