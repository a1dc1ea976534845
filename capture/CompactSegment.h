#pragma once
// A Segment in 36 bytes, for keeping millions of them. What the connection already knows is not
// repeated (relative numbers are seq/ack minus its bases, a scaled window is the window shifted by
// the sender's scale), times count from an epoch, the sender's usual TTL is kept once, and what
// few segments carry (MSS, WS, SACK, values that fit or derive no other way) goes to a side entry.
// Exact: unpack(pack(s)) == s for every field of every Segment, whatever the fields hold (the
// enums as long as they hold one of their values, or a state up to 255).
#include "ConnectionTracker.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hv {

struct CompactSegment {
    uint32_t frame = 0;
    uint32_t timeOffsetUs = 0; // since the epoch's base (PackBase::timeBaseUs)
    uint32_t connection = 0;
    uint32_t seq = 0, ack = 0;
    uint32_t tsval = 0, tsecr = 0; // inline: nearly every segment of a modern stack has them
    uint16_t win = 0;
    uint16_t len = 0;  // the low 16 bits; a longer segment's length is in its side entry
    uint16_t bits = 0; // CompactBit:: flags, side and the like
    uint8_t states = 0; // client state in the low 4 bits, server state in the high 4
    uint8_t anomalies = 0;

    bool hasRare() const;
};
static_assert(sizeof(CompactSegment) <= 36, "a CompactSegment is at most 36 bytes");

namespace CompactBit {
constexpr uint16_t FlagMask = 0x01FF;      // TCP flags FIN ... AE
constexpr uint16_t FromServer = 0x0200;
constexpr uint16_t Retransmission = 0x0400;
constexpr uint16_t HasTimestamps = 0x0800;
constexpr uint16_t HasRare = 0x1000;       // a side entry (RareOptions) goes with the record
constexpr uint16_t WinScaled = 0x2000;     // winScaled = win << the sender's window scale
constexpr uint16_t NoConnection = 0x4000;  // packed without its connection: nothing is derived
constexpr uint16_t SharedRare = 0x8000;    // with HasRare: the segment has no payload, and len holds
                                           // the number of its side entry among shared ones
} // namespace CompactBit

inline bool CompactSegment::hasRare() const { return bits & CompactBit::HasRare; }

// Which RareOptions fields hold something besides the TCP options.
namespace RareField {
constexpr uint16_t Ttl = 0x0001;       // not the sender's usual TTL
constexpr uint16_t Flags = 0x0002;     // flags beyond the 9 defined bits
constexpr uint16_t Anomalies = 0x0004; // more than 8 bits
constexpr uint16_t States = 0x0008;    // a state beyond 4 bits
constexpr uint16_t Len = 0x0010;       // more than 65535 bytes (IPv6 jumbogram, TSO/GSO)
constexpr uint16_t RelSeq = 0x0020;    // not seq minus the sender's base
constexpr uint16_t RelAck = 0x0040;    // not ack minus the peer's base (or 0 without ACK)
constexpr uint16_t WinScaled = 0x0080; // neither win nor win << the sender's scale
constexpr uint16_t Time = 0x0100;      // outside the epoch's 2^32 us (71 min)
} // namespace RareField

// What a CompactSegment cannot hold: the options of SYNs and SACK segments, and exceptions.
struct RareOptions {
    int32_t mss = -1;
    int8_t wscale = -1;
    bool sackPerm = false;
    uint8_t sackBlockCount = 0;
    uint8_t ttl = 0;
    uint16_t fields = 0; // RareField:: bits: which of the members below hold a value
    uint16_t flags = 0;
    uint16_t anomalies = 0;
    uint8_t clientState = 0, serverState = 0;
    uint32_t len = 0;
    uint32_t relSeq = 0, relAck = 0, winScaled = 0;
    int64_t timeUs = 0;
    std::array<std::pair<uint32_t, uint32_t>, 4> sackBlocks{};

    bool operator==(const RareOptions &) const = default;
};

// What records are packed against besides their connection: kept per store, not per record.
struct PackBase {
    int64_t timeBaseUs = 0; // the epoch: a record's time is this plus its offset
    uint8_t usualTtl = 0;   // the sender's usual TTL on the connection: what a record without a
                            // rare TTL has (0: none, and then every TTL is rare)
};

// Packs s. c is s's connection as of s or later (what the tracker or a batch snapshot holds: bases
// and window scales never change once known). With a connection of another id nothing is derived
// (the record says NoConnection). Whatever the record cannot hold goes to *rare, and then the
// record has HasRare; otherwise *rare is left alone.
CompactSegment pack(const Segment &s, const Connection &c, const PackBase &base, RareOptions *rare);

// The exact Segment back: same connection (or a later snapshot of it), same base, and the side
// entry when the record has one (else nullptr).
Segment unpack(const CompactSegment &r, const Connection &c, const RareOptions *rare, const PackBase &base);

// Segments in capture order, 36 bytes each plus a few side tables:
//   epochs      the time base of each run of records whose times fit 2^32 us from it
//   usual TTLs  per connection and side: the first non-zero TTL seen from that side
//   shared side entries: what the SYNs of one stack all carry (MSS, WS, SACK_PERM), stored once;
//               a record without payload names its entry in its len field (SharedRare)
//   side entries of other records with HasRare (SACK blocks, exceptions), by record index
// Records live in fixed chunks: appending never moves them, and the slack is under one chunk.
// Up to 2^32 records (frame numbers are 32-bit anyway).
class SegmentStore {
public:
    // c: s's connection as of s or later (its id is s.connection; if not, nothing is derived).
    void append(const Segment &s, const Connection &c);
    size_t size() const { return size_; }
    // connections: index = id - 1, as ConnectionTracker::connections() and Timeline::connections().
    Segment get(size_t i, const std::vector<Connection> &connections) const;
    // get(i, ...).timeUs without unpacking the rest (ordering a ladder's steps).
    int64_t timeUs(size_t i) const;
    // Record i's states after it, as later packets proved them (a StateRevision).
    void setStates(size_t i, TcpState client, TcpState server);
    const CompactSegment &record(size_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
    // Heap bytes held: records, side tables, their slack.
    size_t memoryBytes() const;

    size_t sharedRareCount() const { return shared_.size(); } // distinct shared side entries
    size_t ownRareCount() const { return rareAt_.size(); }     // records with a side entry of their own
    size_t epochCount() const { return epochs_.size(); }
    void clear();

    static constexpr unsigned kChunkBits = 12;
    static constexpr size_t kChunkSize = size_t(1) << kChunkBits; // records a chunk holds: 144 KiB

private:
    struct Epoch {
        size_t first; // index of its first record
        int64_t baseUs;
    };
    PackBase baseOf(size_t i, const CompactSegment &r) const;
    uint8_t usualTtl(uint32_t connection, bool fromServer) const;
    static bool shareable(const RareOptions &rare);
    uint32_t sharedIndex(const RareOptions &rare);

    std::vector<std::vector<CompactSegment>> chunks_;
    size_t size_ = 0;
    std::vector<Epoch> epochs_;
    std::vector<std::array<uint8_t, 2>> usualTtl_; // index = connection id - 1: the side's first non-zero TTL
    std::vector<RareOptions> shared_;
    std::unordered_map<uint64_t, uint32_t> sharedByHash_; // -> index into shared_
    uint32_t lastShared_ = 0;                             // the one used last
    std::vector<uint32_t> rareAt_;                 // records with a side entry of their own, ascending
    std::vector<RareOptions> rare_;                // parallel
};

} // namespace hv
