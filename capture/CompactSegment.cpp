#include "CompactSegment.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace hv {

namespace {

const Connection kNoConnection{};
const RareOptions kNoRare{};

// Derived against nothing: what a record without its connection is packed and unpacked against.
bool linked(const Segment &s, const Connection &c) { return s.connection != 0 && c.id == s.connection; }

bool defaultOptions(const TcpOptions &o)
{
    static_assert(sizeof(o.sackBlocks) == 32);
    uint64_t blocks[4];
    std::memcpy(blocks, o.sackBlocks.data(), sizeof blocks);
    return o.mss == -1 && o.wscale == -1 && !o.sackPerm && o.sackBlockCount == 0
        && (blocks[0] | blocks[1] | blocks[2] | blocks[3]) == 0;
}

// A new epoch starts this far before the time that opened it, so that times running a little
// backwards (merged captures, multi-queue NICs) stay in it: 4.5 minutes back, 67 forward.
constexpr uint64_t kEpochLeadUs = uint64_t(1) << 28;

constexpr uint32_t kNotShared = 0xFFFFFFFFu;

// Vectors kept for the whole capture grow by a quarter rather than double: less slack.
template<typename T>
void pushBack(std::vector<T> &v, const T &value)
{
    if (v.size() == v.capacity())
        v.reserve(v.size() + std::max<size_t>(v.size() / 4, 16));
    v.push_back(value);
}

uint64_t mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

// pack(), writing the record in place: the store appends into its chunk directly (a record
// returned through memory and copied at once stalls on wide loads of narrow stores).
[[gnu::always_inline]] inline void packInto(CompactSegment &r, const Segment &s, const Connection &conn,
                                            const PackBase &base, RareOptions *rare)
{
    const bool withConnection = linked(s, conn);
    const Connection &c = withConnection ? conn : kNoConnection;
    const bool fromServer = s.from == Side::Server;

    // Unsigned arithmetic: exact (mod 2^64) for any two times, however far apart.
    const uint64_t offset = uint64_t(s.timeUs) - uint64_t(base.timeBaseUs);
    const auto client = uint8_t(s.clientState), server = uint8_t(s.serverState);

    // Relative numbers: ConnectionTracker::track sets a side's base (Wireshark's base_seq) at that
    // side's first segment at the latest, and the peer's at the first ACK, before numbering the
    // segment; a base never changes once known. So they derive, but are checked, not trusted.
    const bool ownKnown = fromServer ? c.serverIsnKnown : c.clientIsnKnown;
    const uint32_t ownBase = fromServer ? c.serverIsn : c.clientIsn;
    const bool peerKnown = fromServer ? c.clientIsnKnown : c.serverIsnKnown;
    const uint32_t peerBase = fromServer ? c.clientIsn : c.serverIsn;
    const bool relAckDerives = (s.flags & TcpFlag::Ack) ? peerKnown && s.relAck == s.ack - peerBase : s.relAck == 0;

    // Whether a segment was scaled depends on what the tracker had seen when it came (both SYNs?
    // with WS?), which no snapshot tells: one bit says it. The shift is the sender's scale, set by
    // its first SYN and never changed.
    bool scaled = false, scaleDerives = true;
    if (s.winScaled != s.win) {
        const int ws = fromServer ? c.serverWscale : c.clientWscale;
        scaled = ws >= 0 && ws < 32 && (uint32_t(s.win) << ws) == s.winScaled;
        scaleDerives = scaled;
    }

    uint32_t fields = 0; // RareField:: bits
    fields |= offset > std::numeric_limits<uint32_t>::max() ? RareField::Time : 0;
    fields |= s.len > 0xFFFF ? RareField::Len : 0;
    fields |= (s.flags & ~uint32_t(CompactBit::FlagMask)) ? RareField::Flags : 0;
    fields |= (client > 0xF || server > 0xF) ? RareField::States : 0;
    fields |= s.anomalies > 0xFF ? RareField::Anomalies : 0;
    fields |= (s.ttl == 0 || s.ttl != base.usualTtl) ? RareField::Ttl : 0;
    fields |= (ownKnown && s.relSeq == s.seq - ownBase) ? 0 : RareField::RelSeq;
    fields |= relAckDerives ? 0 : RareField::RelAck;
    fields |= scaleDerives ? 0 : RareField::WinScaled;

    r.frame = s.frame;
    r.timeOffsetUs = uint32_t(offset);
    r.connection = s.connection;
    r.seq = s.seq;
    r.ack = s.ack;
    r.tsval = s.options.tsval;
    r.tsecr = s.options.tsecr;
    r.win = s.win;
    r.len = uint16_t(s.len);
    r.states = uint8_t(client | server << 4);
    r.anomalies = uint8_t(s.anomalies);
    uint32_t bits = s.flags & CompactBit::FlagMask;
    bits |= fromServer ? CompactBit::FromServer : 0;
    bits |= s.retransmission ? CompactBit::Retransmission : 0;
    bits |= s.options.hasTimestamps ? CompactBit::HasTimestamps : 0;
    bits |= withConnection ? 0 : CompactBit::NoConnection;
    bits |= scaled ? CompactBit::WinScaled : 0;

    if (fields != 0 || !defaultOptions(s.options)) {
        bits |= CompactBit::HasRare;
        RareOptions x;
        x.mss = s.options.mss;
        x.wscale = s.options.wscale;
        x.sackPerm = s.options.sackPerm;
        x.sackBlockCount = s.options.sackBlockCount;
        x.sackBlocks = s.options.sackBlocks;
        x.fields = uint16_t(fields);
        // Only the fields named hold a value: the others stay 0, so equal entries compare equal.
        if (fields & RareField::Time)
            x.timeUs = s.timeUs;
        if (fields & RareField::Len)
            x.len = s.len;
        if (fields & RareField::Flags)
            x.flags = s.flags;
        if (fields & RareField::States) {
            x.clientState = client;
            x.serverState = server;
        }
        if (fields & RareField::Anomalies)
            x.anomalies = s.anomalies;
        if (fields & RareField::Ttl)
            x.ttl = s.ttl;
        if (fields & RareField::RelSeq)
            x.relSeq = s.relSeq;
        if (fields & RareField::RelAck)
            x.relAck = s.relAck;
        if (fields & RareField::WinScaled)
            x.winScaled = s.winScaled;
        *rare = x;
    }
    r.bits = uint16_t(bits);
}

} // namespace

CompactSegment pack(const Segment &s, const Connection &c, const PackBase &base, RareOptions *rare)
{
    CompactSegment r;
    packInto(r, s, c, base, rare);
    return r;
}

Segment unpack(const CompactSegment &r, const Connection &conn, const RareOptions *rare, const PackBase &base)
{
    const Connection &c = (r.bits & CompactBit::NoConnection) ? kNoConnection : conn;
    const RareOptions &x = (r.bits & CompactBit::HasRare) && rare ? *rare : kNoRare;
    const bool lenIsShared = (r.bits & (CompactBit::HasRare | CompactBit::SharedRare))
        == (CompactBit::HasRare | CompactBit::SharedRare);
    const uint16_t has = x.fields;
    const bool fromServer = r.bits & CompactBit::FromServer;

    Segment s;
    s.frame = r.frame;
    s.timeUs = (has & RareField::Time) ? x.timeUs : int64_t(uint64_t(base.timeBaseUs) + r.timeOffsetUs);
    s.connection = r.connection;
    s.from = fromServer ? Side::Server : Side::Client;
    s.flags = (has & RareField::Flags) ? x.flags : uint16_t(r.bits & CompactBit::FlagMask);
    s.seq = r.seq;
    s.ack = r.ack;
    const uint32_t ownBase = fromServer ? c.serverIsn : c.clientIsn;
    const uint32_t peerBase = fromServer ? c.clientIsn : c.serverIsn;
    s.relSeq = (has & RareField::RelSeq) ? x.relSeq : r.seq - ownBase;
    s.relAck = (has & RareField::RelAck) ? x.relAck : (s.flags & TcpFlag::Ack) ? r.ack - peerBase : 0;
    s.len = (has & RareField::Len) ? x.len : lenIsShared ? 0 : r.len;
    s.win = r.win;
    if (has & RareField::WinScaled)
        s.winScaled = x.winScaled;
    else if (const int ws = fromServer ? c.serverWscale : c.clientWscale; (r.bits & CompactBit::WinScaled) && ws >= 0 && ws < 32)
        s.winScaled = uint32_t(r.win) << ws;
    else
        s.winScaled = r.win;
    s.ttl = (has & RareField::Ttl) ? x.ttl : base.usualTtl;
    s.options.mss = x.mss;
    s.options.wscale = x.wscale;
    s.options.sackPerm = x.sackPerm;
    s.options.hasTimestamps = r.bits & CompactBit::HasTimestamps;
    s.options.tsval = r.tsval;
    s.options.tsecr = r.tsecr;
    s.options.sackBlockCount = x.sackBlockCount;
    s.options.sackBlocks = x.sackBlocks;
    s.retransmission = r.bits & CompactBit::Retransmission;
    s.anomalies = (has & RareField::Anomalies) ? x.anomalies : r.anomalies;
    s.clientState = TcpState((has & RareField::States) ? x.clientState : uint8_t(r.states & 0xF));
    s.serverState = TcpState((has & RareField::States) ? x.serverState : uint8_t(r.states >> 4));
    return s;
}

void SegmentStore::append(const Segment &s, const Connection &c)
{
    const uint64_t sinceEpoch = epochs_.empty() ? 0 : uint64_t(s.timeUs) - uint64_t(epochs_.back().baseUs);
    if (epochs_.empty() || sinceEpoch > std::numeric_limits<uint32_t>::max())
        pushBack(epochs_, Epoch{size_, int64_t(uint64_t(s.timeUs) - kEpochLeadUs)});
    PackBase base{epochs_.back().baseUs, 0};
    if (linked(s, c)) {
        if (usualTtl_.size() < s.connection) {
            if (usualTtl_.capacity() < s.connection)
                usualTtl_.reserve(std::max<size_t>(s.connection, usualTtl_.size() + usualTtl_.size() / 4 + 16));
            usualTtl_.resize(s.connection, {0, 0});
        }
        uint8_t &usual = usualTtl_[s.connection - 1][s.from == Side::Server];
        if (usual == 0)
            usual = s.ttl;
        base.usualTtl = usual;
    }

    if ((size_ & (kChunkSize - 1)) == 0) {
        pushBack(chunks_, std::vector<CompactSegment>{});
        chunks_.back().reserve(kChunkSize);
    }
    CompactSegment &r = chunks_.back().emplace_back();
    RareOptions rare;
    packInto(r, s, c, base, &rare);
    if (r.hasRare()) {
        const bool canShare = r.len == 0 && !(rare.fields & RareField::Len) && shareable(rare);
        const uint32_t shared = canShare ? sharedIndex(rare) : kNotShared;
        if (shared <= 0xFFFF) {
            r.len = uint16_t(shared);
            r.bits |= CompactBit::SharedRare;
        } else {
            pushBack(rareAt_, uint32_t(size_));
            pushBack(rare_, rare);
        }
    }
    ++size_;
}

// The side entries one stack's SYNs all repeat, a few TTLs, odd flags: no SACK blocks and nothing
// tied to the one segment.
bool SegmentStore::shareable(const RareOptions &rare)
{
    constexpr uint16_t perSegment = RareField::Len | RareField::RelSeq | RareField::RelAck
        | RareField::WinScaled | RareField::Time;
    if (rare.sackBlockCount != 0 || (rare.fields & perSegment))
        return false;
    for (const auto &[left, right] : rare.sackBlocks)
        if (left != 0 || right != 0)
            return false;
    return true;
}

// Its index among the shared entries, added if new; kNotShared once 65536 are taken, or if another
// entry has the same hash.
uint32_t SegmentStore::sharedIndex(const RareOptions &rare)
{
    if (lastShared_ < shared_.size() && shared_[lastShared_] == rare) // SYN after SYN of one stack
        return lastShared_;
    uint64_t h = mix(0, uint32_t(rare.mss));
    h = mix(h, uint64_t(uint8_t(rare.wscale)) | uint64_t(rare.sackPerm) << 8 | uint64_t(rare.ttl) << 16
                   | uint64_t(rare.fields) << 24 | uint64_t(rare.flags) << 40);
    h = mix(h, uint64_t(rare.anomalies) | uint64_t(rare.clientState) << 16 | uint64_t(rare.serverState) << 24);
    const auto found = sharedByHash_.find(h);
    if (found != sharedByHash_.end()) {
        if (!(shared_[found->second] == rare))
            return kNotShared;
        lastShared_ = found->second;
        return lastShared_;
    }
    if (shared_.size() > 0xFFFF)
        return kNotShared;
    const auto index = uint32_t(shared_.size());
    pushBack(shared_, rare);
    sharedByHash_.emplace(h, index);
    lastShared_ = index;
    return index;
}

PackBase SegmentStore::baseOf(size_t i, const CompactSegment &r) const
{
    PackBase base;
    if (epochs_.size() == 1) {
        base.timeBaseUs = epochs_.front().baseUs;
    } else {
        const auto after = std::upper_bound(epochs_.begin(), epochs_.end(), i,
                                            [](size_t index, const Epoch &e) { return index < e.first; });
        base.timeBaseUs = std::prev(after)->baseUs;
    }
    if (!(r.bits & CompactBit::NoConnection))
        base.usualTtl = usualTtl(r.connection, r.bits & CompactBit::FromServer);
    return base;
}

uint8_t SegmentStore::usualTtl(uint32_t connection, bool fromServer) const
{
    return connection != 0 && connection <= usualTtl_.size() ? usualTtl_[connection - 1][fromServer] : 0;
}

Segment SegmentStore::get(size_t i, const std::vector<Connection> &connections) const
{
    const CompactSegment &r = record(i);
    const Connection &c = r.connection != 0 && r.connection <= connections.size() ? connections[r.connection - 1] : kNoConnection;
    const RareOptions *rare = nullptr;
    if (r.bits & CompactBit::SharedRare) {
        rare = &shared_[r.len];
    } else if (r.hasRare()) {
        const auto at = std::lower_bound(rareAt_.begin(), rareAt_.end(), uint32_t(i));
        rare = &rare_[size_t(at - rareAt_.begin())];
    }
    return unpack(r, c, rare, baseOf(i, r));
}

int64_t SegmentStore::timeUs(size_t i) const
{
    const CompactSegment &r = record(i);
    // A time outside its epoch is a per-segment field: never in a shared side entry.
    if (r.hasRare() && !(r.bits & CompactBit::SharedRare)) {
        const auto at = std::lower_bound(rareAt_.begin(), rareAt_.end(), uint32_t(i));
        const RareOptions &rare = rare_[size_t(at - rareAt_.begin())];
        if (rare.fields & RareField::Time)
            return rare.timeUs;
    }
    int64_t base = 0;
    if (epochs_.size() == 1) {
        base = epochs_.front().baseUs;
    } else if (!epochs_.empty()) {
        const auto after = std::upper_bound(epochs_.begin(), epochs_.end(), i,
                                            [](size_t index, const Epoch &e) { return index < e.first; });
        base = std::prev(after)->baseUs;
    }
    return int64_t(uint64_t(base) + r.timeOffsetUs);
}

void SegmentStore::setStates(size_t i, TcpState client, TcpState server)
{
    CompactSegment &r = chunks_[i >> kChunkBits][i & (kChunkSize - 1)];
    const auto c = uint8_t(client), s = uint8_t(server);
    RareOptions *own = nullptr;
    if (r.hasRare() && !(r.bits & CompactBit::SharedRare)) {
        const auto at = std::lower_bound(rareAt_.begin(), rareAt_.end(), uint32_t(i));
        own = &rare_[size_t(at - rareAt_.begin())];
    }
    const bool rareStates = r.hasRare() && (r.bits & CompactBit::SharedRare ? shared_[r.len] : *own).fields & RareField::States;
    if (c <= 0xF && s <= 0xF && !rareStates) {
        r.states = uint8_t(c | s << 4);
        return;
    }
    // States beyond 4 bits live in the record's own side entry; a shared entry is not the
    // record's to change, so the record gets its own copy of it first.
    if (!own) {
        RareOptions copy = r.hasRare() ? shared_[r.len] : RareOptions{};
        if (r.bits & CompactBit::SharedRare) {
            r.len = 0; // a shared entry is only used by records without payload
            r.bits &= uint16_t(~CompactBit::SharedRare);
        }
        r.bits |= CompactBit::HasRare;
        const auto at = std::lower_bound(rareAt_.begin(), rareAt_.end(), uint32_t(i));
        const auto k = at - rareAt_.begin();
        rareAt_.insert(at, uint32_t(i));
        own = &*rare_.insert(rare_.begin() + k, copy);
    }
    own->fields |= RareField::States;
    own->clientState = c;
    own->serverState = s;
}

size_t SegmentStore::memoryBytes() const
{
    size_t bytes = chunks_.capacity() * sizeof(chunks_[0]);
    for (const auto &chunk : chunks_)
        bytes += chunk.capacity() * sizeof(CompactSegment);
    bytes += epochs_.capacity() * sizeof(Epoch);
    bytes += usualTtl_.capacity() * sizeof(usualTtl_[0]);
    bytes += shared_.capacity() * sizeof(RareOptions);
    // libstdc++: a bucket array of pointers, a node per element (next, key and value).
    bytes += sharedByHash_.bucket_count() * sizeof(void *) + sharedByHash_.size() * (sizeof(void *) + 16);
    bytes += rareAt_.capacity() * sizeof(uint32_t) + rare_.capacity() * sizeof(RareOptions);
    return bytes;
}

void SegmentStore::clear()
{
    *this = SegmentStore{};
}

} // namespace hv
