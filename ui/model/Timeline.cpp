#include "Timeline.h"

#include "VectorState.h"

#include "SocketAddress.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <iterator>
#include <limits>

namespace hv {

namespace {

// Clocks: a call is timed in user space, a segment by the kernel, both on CLOCK_REALTIME in whole
// microseconds. A connect() is timed before the system call that sends its SYN, an accept() after
// the ACK that queued it; this much slack absorbs the rounding and nothing else.
constexpr int64_t kClockSlackUs = 1000;

const std::vector<uint32_t> kNoIndices;
const std::vector<TimelineStep> kNoSteps;

uint64_t nextGeneration()
{
    static std::atomic<uint64_t> generations{0};
    return ++generations;
}

bool isGone(TcpState s)
{
    return s == TcpState::TimeWait || s == TcpState::Closed;
}

bool sameEndpoint(const Endpoint &a, const Endpoint &b)
{
    return a.port == b.port && a.addr == b.addr;
}

uint64_t endpointHash(const Endpoint &e)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint8_t b : e.addr.bytes)
        h = (h ^ b) * 0x100000001b3ull;
    h = (h ^ e.port) * 0x100000001b3ull;
    h = (h ^ uint64_t(e.addr.v6)) * 0x100000001b3ull;
    return h ^ (h >> 31);
}

} // namespace

// ---- SegmentList --------------------------------------------------------------------------------

size_t SegmentList::size() const
{
    return timeline_->segments_.size();
}

Segment SegmentList::operator[](size_t i) const
{
    return timeline_->segment(i);
}

// ---- Timeline -----------------------------------------------------------------------------------

Timeline::Timeline(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::TimelineUpdate>();
}

void Timeline::hold()
{
    ++holds_;
}

void Timeline::release()
{
    if (holds_ == 0 || --holds_ > 0)
        return;
    // Applied one at a time: a change may itself hold and release (a slot of its signal).
    std::vector<std::function<void()>> waiting = std::exchange(held_, {});
    for (size_t i = 0; i < waiting.size(); ++i) {
        if (holds_ > 0) { // held again by one of them: the rest waits, in order
            held_.insert(held_.begin(), std::make_move_iterator(waiting.begin() + ptrdiff_t(i)),
                         std::make_move_iterator(waiting.end()));
            return;
        }
        waiting[i]();
    }
}

void Timeline::setLocalAddresses(std::vector<IpAddress> addresses)
{
    if (holds_) {
        held_.push_back([this, a = std::move(addresses)]() mutable { setLocalAddresses(std::move(a)); });
        return;
    }
    localAddresses_ = std::move(addresses);
}

void Timeline::clear()
{
    if (holds_) {
        held_.push_back([this] { clear(); });
        return;
    }
    source_ = {};
    counts_ = {};
    part_ = 1;
    errors_.clear();
    connections_.clear();
    segments_.clear();
    records_.clear();
    withSegments_.clear();
    calls_.clear();
    sockets_.clear();
    listeners_.clear();
    connectionsByTuple_.clear();
    pendingByTuple_.clear();
    tupleIndexed_ = false;
    inferredAny_ = false;
    latestId_ = latestWithSyn_ = 0;
    steps_.clear();
    looseCandidates_.clear();
    looseCallsRead_ = 0;
    stepsValid_.clear();
    stepsGeneration_.clear();
    stepsRevision_.clear();
    stepsMemo_.clear();
    stepsPreviousGeneration_.clear();
    stepsUnchanged_.clear();
    revisedFrom_.clear();
    pending_ = {};
    touchedIn_.clear();
    Q_EMIT cleared();
}

void Timeline::startPart()
{
    const SourceInfo source = source_;
    const PacketCounts counts = counts_;
    const int part = part_;
    clear();
    source_ = source;
    counts_ = counts;
    part_ = part + 1;
}

size_t Timeline::memoryBytes() const
{
    size_t bytes = segments_.memoryBytes();
    bytes += connections_.capacity() * sizeof(Connection) + records_.capacity() * sizeof(ConnectionRecord);
    for (const ConnectionRecord &r : records_)
        bytes += r.segments.capacity() * sizeof(uint32_t);
    for (const std::vector<TimelineStep> &steps : steps_)
        bytes += sizeof(steps) + steps.capacity() * sizeof(TimelineStep);
    for (const auto &[id, memo] : stepsMemo_)
        bytes += 64 + memo.placed.capacity() * sizeof(StepPlace);
    bytes += calls_.capacity() * sizeof(SocketCall);
    for (const auto &[socket, record] : sockets_)
        bytes += 64 + sizeof(record) + record.calls.capacity() * sizeof(uint32_t);
    // The tuple index: a node and a vector per connection.
    bytes += connectionsByTuple_.size() * (64 + sizeof(uint32_t)) + connectionsByTuple_.bucket_count() * sizeof(void *);
    bytes += (stepsValid_.capacity() + touchedIn_.capacity() * sizeof(uint32_t))
        + (stepsGeneration_.capacity() + stepsRevision_.capacity() + stepsPreviousGeneration_.capacity()) * sizeof(uint64_t)
        + (stepsUnchanged_.capacity() + revisedFrom_.capacity()) * sizeof(uint32_t);
    return bytes;
}

void Timeline::setSource(const SourceInfo &source)
{
    if (holds_) {
        held_.push_back([this, source] { setSource(source); });
        return;
    }
    source_ = source;
    Q_EMIT sourceChanged();
}

void Timeline::touch(uint32_t connectionId)
{
    if (connectionId < stepsValid_.size())
        stepsValid_[connectionId] = 0;
    if (connectionId == 0) {
        pending_.looseSteps = true;
        return;
    }
    // Once per update: a batch touches a connection once per segment.
    if (touchedIn_.size() <= connectionId)
        touchedIn_.resize(std::max<size_t>(connectionId + 1, touchedIn_.size() * 2), 0);
    if (touchedIn_[connectionId] != updateSerial_) {
        touchedIn_[connectionId] = updateSerial_;
        pending_.steps.push_back(connectionId);
    }
}

void Timeline::touchLoose()
{
    if (!stepsValid_.empty())
        stepsValid_[0] = 0;
    pending_.looseSteps = true;
}

void Timeline::list(uint32_t id)
{
    ConnectionRecord &r = records_[id - 1];
    if (r.listed || r.segments.empty() || connections_[id - 1].id != id)
        return;
    r.listed = true;
    // Ids come in increasing order (a connection's first segment is in the batch that makes it);
    // one whose snapshot came late goes where it belongs.
    if (withSegments_.empty() || withSegments_.back() < id)
        withSegments_.push_back(id);
    else
        withSegments_.insert(std::lower_bound(withSegments_.begin(), withSegments_.end(), id), id);
}

void Timeline::flush(TimelineUpdate update)
{
    TimelineUpdate u = std::exchange(pending_, {});
    ++updateSerial_;
    u.connections.insert(u.connections.end(), update.connections.begin(), update.connections.end());
    u.counts = u.counts || update.counts;
    std::sort(u.steps.begin(), u.steps.end()); // each once already
    std::sort(u.connections.begin(), u.connections.end());
    u.connections.erase(std::unique(u.connections.begin(), u.connections.end()), u.connections.end());
    if (!u.empty())
        Q_EMIT updated(u);
}

uint64_t Timeline::tupleKey(const Endpoint &a, const Endpoint &b)
{
    // The same for both directions.
    return endpointHash(a) + endpointHash(b);
}

void Timeline::appendBatch(const CaptureBatch &batch)
{
    if (holds_) {
        held_.push_back([this, batch] { appendBatch(batch); });
        return;
    }
    clearVectorUpperState(); // see VectorState.h: the GUI thread runs Qt code between batches
    TimelineUpdate update;
    std::vector<uint32_t> fresh; // ids seen for the first time
    for (const Connection &c : batch.connections) {
        if (c.id == 0)
            continue;
        if (connections_.size() < c.id)
            growConnections(c.id);
        if (connections_[c.id - 1].id == 0)
            fresh.push_back(c.id);
        connections_[c.id - 1] = c;
        latestId_ = std::max(latestId_, c.id);
        if (c.sawSyn)
            latestWithSyn_ = std::max(latestWithSyn_, c.id);
        update.connections.push_back(c.id);
        if (source_.kind == QLatin1String("file") && (c.synAckFrame || c.establishingFrame || c.refusalFrame))
            inferredAny_ = true;
    }
    const bool file = source_.kind == QLatin1String("file");
    const size_t firstNew = segments_.size();
    for (const Segment &s : batch.segments) {
        const auto index = static_cast<uint32_t>(segments_.size());
        if (s.connection != 0 && records_.size() < s.connection)
            growConnections(s.connection); // its snapshot is missing from the batch: keep it reachable
        // Packed against the connection's latest snapshot (bases and scales never change once
        // known); a segment without one (id 0, or a gap) is kept whole in its side entry.
        segments_.append(s, s.connection != 0 ? connections_[s.connection - 1] : Connection{});
        if (s.connection == 0)
            continue;
        ConnectionRecord &r = records_[s.connection - 1];
        if (r.segments.empty()) {
            r.firstUs = r.lastUs = s.timeUs;
        } else {
            r.firstUs = std::min(r.firstUs, s.timeUs);
            r.lastUs = std::max(r.lastUs, s.timeUs);
        }
        if ((s.flags & TcpFlag::Fin) && !(s.flags & (TcpFlag::Syn | TcpFlag::Rst))) {
            const int side = s.from == Side::Client ? 0 : 1;
            if (r.firstFin[side] == kNoCall)
                r.firstFin[side] = uint32_t(r.segments.size());
            r.lastFin[side] = uint32_t(r.segments.size());
        }
        if ((s.flags & TcpFlag::Rst) && r.firstRst[s.from == Side::Client ? 0 : 1] == kNoCall)
            r.firstRst[s.from == Side::Client ? 0 : 1] = uint32_t(r.segments.size());
        r.segments.push_back(index);
        if (r.segments.size() == 1)
            list(s.connection);
        if (r.finishedUs == std::numeric_limits<int64_t>::max() && isGone(s.clientState) && isGone(s.serverState))
            r.finishedUs = s.timeUs;
        if (file && !inferredAny_ && !s.retransmission
            && (((s.flags & TcpFlag::Syn) && !(s.flags & TcpFlag::Ack)) || (s.flags & TcpFlag::Fin)))
            inferredAny_ = true;
        touch(s.connection);
    }
    for (const StateRevision &rev : batch.revisions) {
        const uint32_t at = positionOfFrame(rev.connection, rev.frame);
        if (at == kNoCall)
            continue;
        const std::vector<uint32_t> &segs = records_[rev.connection - 1].segments;
        bool drawn = false; // a row already drawn changed: the ladder is laid out again
        auto revise = [&](uint32_t index, TcpState client) {
            segments_.setStates(index, client, rev.serverState);
            drawn = drawn || index < firstNew;
        };
        if (rev.lastFrame == 0) {
            revise(segs[at], rev.clientState);
        } else {
            // The client's segments of a span: their server state, each keeping its own client state.
            for (uint32_t k = at; k < segs.size() && segments_.record(segs[k]).frame <= rev.lastFrame; ++k)
                if (!(segments_.record(segs[k]).bits & CompactBit::FromServer))
                    revise(segs[k], segments_.get(segs[k], connections_).clientState);
        }
        if (drawn && rev.connection < stepsRevision_.size()) {
            stepsRevision_[rev.connection] = nextGeneration();
            // The rows from this segment on show other states. Its step comes at least `at` steps
            // down (calls only add steps before it).
            if (rev.connection < revisedFrom_.size())
                revisedFrom_[rev.connection] = std::min(revisedFrom_[rev.connection], at);
        }
        touch(rev.connection);
    }
    for (uint32_t id : fresh) {
        list(id); // its segments came before its snapshot
        indexConnection(id);
    }
    errors_.insert(errors_.end(), batch.errors.begin(), batch.errors.end());
    counts_ = batch.counts;
    update.counts = true;
    flush(std::move(update));
}

void Timeline::growConnections(uint32_t count)
{
    // A quarter more each time, not double: a capture of a hundred thousand short connections
    // would otherwise keep up to twice their records (~170 bytes each) for nothing.
    if (connections_.capacity() < count) {
        const size_t room = std::max<size_t>(count, connections_.capacity() + connections_.capacity() / 4 + 256);
        connections_.reserve(room);
        records_.reserve(room);
    }
    connections_.resize(count);
    records_.resize(count);
}

void Timeline::indexConnection(uint32_t id)
{
    joinListener(id);
    // Only sockets of ours look connections up by 4-tuple: a capture file has none, and its
    // hundred thousand connections need no index.
    if (!tupleIndexed_)
        return;
    const Connection &c = connections_[id - 1];
    const uint64_t key = tupleKey(c.client, c.server);
    connectionsByTuple_[key].push_back(id);
    if (const auto it = pendingByTuple_.find(key); it != pendingByTuple_.end()) {
        const std::vector<uint32_t> waiting = it->second; // resolve() edits the list
        for (uint32_t socket : waiting)
            resolve(socket);
    }
}

bool Timeline::matchesListener(const ListenerRecord &l, uint32_t id) const
{
    const Connection &c = connections_[id - 1];
    const ConnectionRecord &r = records_[id - 1];
    // Its first SYN came while the listener listened: the listener took it or dropped it (a full
    // queue). A RST later (the listener closed meanwhile) does not undo that.
    if (c.server.port != l.local.port || r.segments.empty())
        return false;
    // A wildcard listener takes its family's addresses of this machine (an IPv6 one IPv4's too
    // when dual-stack), never a server elsewhere that happens to use the same port.
    const bool address = isWildcard(l.local.addr)
        ? (l.local.addr.v6 ? c.server.addr.v6 || l.dualStack : !c.server.addr.v6) && isLocal(c.server.addr)
        : c.server.addr == l.local.addr;
    return address && r.firstUs >= l.listenUs - kClockSlackUs && r.firstUs < l.closeUs;
}

bool Timeline::isLocal(const IpAddress &a) const
{
    static const std::array<uint8_t, 16> loopback6{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if ((!a.v6 && a.bytes[0] == 127) || (a.v6 && a.bytes == loopback6))
        return true;
    return localAddresses_.empty() || std::find(localAddresses_.begin(), localAddresses_.end(), a) != localAddresses_.end();
}

void Timeline::joinListener(uint32_t id)
{
    ConnectionRecord &r = records_[id - 1];
    if (r.listener >= 0)
        return;
    // The listener that was open when the first SYN came; only if none was, one that opened a
    // moment after it (the clocks' rounding). A listener that closed and the next one on the same
    // port 0.2 ms later are told apart this way.
    int32_t slack = -1;
    for (size_t i = listeners_.size(); i-- > 0;) {
        if (!matchesListener(listeners_[i], id))
            continue;
        if (r.firstUs >= listeners_[i].listenUs) {
            slack = int32_t(i);
            break;
        }
        if (slack < 0)
            slack = int32_t(i);
    }
    if (slack >= 0) {
        r.listener = slack;
        ++listeners_[size_t(slack)].members;
        touchLoose();
    }
}

// Gives a socket whose 4-tuple is known the connection it has: a client's the first one on the
// tuple that starts after its connect(); an accepted socket's the latest one on the tuple that
// began before accept() returned and had not ended. Until that connection is captured the socket
// waits for it.
void Timeline::resolve(uint32_t serial)
{
    const auto found = sockets_.find(serial);
    if (found == sockets_.end())
        return;
    SocketRecord &s = found->second;
    if (!s.tupleKnown || s.connection != 0 || s.isListener)
        return;
    if (!tupleIndexed_) {
        tupleIndexed_ = true;
        for (const Connection &c : connections_)
            if (c.id != 0)
                connectionsByTuple_[tupleKey(c.client, c.server)].push_back(c.id);
    }
    const uint64_t key = tupleKey(s.local, s.peer);
    uint32_t best = 0;
    if (const auto it = connectionsByTuple_.find(key); it != connectionsByTuple_.end()) {
        for (uint32_t id : it->second) {
            const Connection &c = connections_[id - 1];
            const ConnectionRecord &r = records_[id - 1];
            if (s.side == CallSide::Client) {
                if (!sameEndpoint(c.client, s.local) || !sameEndpoint(c.server, s.peer) || r.clientSocket != 0
                    || r.firstUs < s.anchorUs - kClockSlackUs)
                    continue;
                if (best == 0 || r.firstUs < records_[best - 1].firstUs)
                    best = id;
            } else {
                // (A connection whose handshake was not captured, the capture covering its port
                // only just now, may first be seen after accept() returned.)
                if (!sameEndpoint(c.server, s.local) || !sameEndpoint(c.client, s.peer) || r.serverSocket != 0
                    || (r.firstUs > s.anchorUs + kClockSlackUs && c.sawSyn) || r.finishedUs < s.anchorUs - kClockSlackUs)
                    continue;
                if (best == 0 || r.firstUs > records_[best - 1].firstUs)
                    best = id;
            }
        }
    }
    auto &waiting = pendingByTuple_[key];
    if (best == 0) {
        if (std::find(waiting.begin(), waiting.end(), serial) == waiting.end())
            waiting.push_back(serial);
        return;
    }
    waiting.erase(std::remove(waiting.begin(), waiting.end(), serial), waiting.end());
    if (waiting.empty())
        pendingByTuple_.erase(key);
    s.connection = best;
    ConnectionRecord &r = records_[best - 1];
    if (s.side == CallSide::Client) {
        r.clientSocket = serial;
    } else {
        r.serverSocket = serial;
        // accept() returned it: the connection is its listener's, whatever the addresses say.
        for (size_t i = 0; i < listeners_.size(); ++i) {
            if (listeners_[i].socket != s.listener || s.listener == 0)
                continue;
            r.acceptedByUs = true;
            if (r.listener != int32_t(i)) {
                if (r.listener >= 0)
                    --listeners_[size_t(r.listener)].members;
                r.listener = int32_t(i);
                ++listeners_[i].members;
            }
            break;
        }
    }
    touch(best);
    touchLoose();
}

void Timeline::appendCall(const SocketCall &call)
{
    if (holds_) {
        held_.push_back([this, call] { appendCall(call); });
        return;
    }
    const auto index = static_cast<uint32_t>(calls_.size());
    calls_.push_back(call);
    if (call.socket == 0) {
        looseCandidates_.push_back(index);
        touchLoose();
        flush();
        return;
    }
    SocketRecord &s = sockets_[call.socket];
    s.side = call.side;
    s.calls.push_back(index);
    if (call.listener)
        s.listener = call.listener;
    if (call.local.port)
        s.local = call.local;

    if (call.kind == CallKind::Listen) {
        s.isListener = true;
        ListenerRecord l;
        l.socket = call.socket;
        l.local = call.local;
        l.dualStack = call.dualStack;
        l.listenUs = call.timeUs;
        l.opening = s.calls; // socket() and bind() came first
        listeners_.push_back(std::move(l));
        touchLoose();
    } else if (s.isListener) {
        for (ListenerRecord &l : listeners_) {
            if (l.socket != call.socket)
                continue;
            if (call.kind == CallKind::Close) {
                l.closeCall = index;
                l.closeUs = call.timeUs;
            } else {
                l.opening.push_back(index);
            }
        }
        for (uint32_t id = 1; id <= records_.size(); ++id) {
            const int32_t li = records_[id - 1].listener;
            if (li >= 0 && listeners_[size_t(li)].socket == call.socket)
                touch(id);
        }
        touchLoose();
    } else {
        if (!s.tupleKnown && call.hasPeer() && s.local.port != 0
            && (call.kind == CallKind::Connect || call.kind == CallKind::AcceptReturns || s.calls.size() == 1)) {
            s.peer = call.peer;
            s.tupleKnown = true;
            s.anchorUs = call.timeUs;
            resolve(call.socket);
        }
        if (s.connection != 0)
            touch(s.connection);
        else
            touchLoose();
    }
    // On nobody's ladder for now (or a listener's: on those of its connections, or on nobody's).
    if (s.isListener || s.connection == 0)
        looseCandidates_.push_back(index);
    flush();
}

void Timeline::appendError(const CaptureError &error)
{
    if (holds_) {
        held_.push_back([this, error] { appendError(error); });
        return;
    }
    errors_.push_back(error);
    TimelineUpdate u;
    u.counts = true;
    flush(std::move(u));
}

const Connection *Timeline::connection(uint32_t id) const
{
    if (id == 0 || id > connections_.size() || connections_[id - 1].id != id)
        return nullptr;
    return &connections_[id - 1];
}

const std::vector<uint32_t> &Timeline::segmentIndices(uint32_t connectionId) const
{
    if (connectionId == 0 || connectionId > records_.size())
        return kNoIndices;
    return records_[connectionId - 1].segments;
}

TcpState Timeline::stateAt(uint32_t connectionId, Side side, int64_t timeUs) const
{
    const std::vector<uint32_t> &mine = segmentIndices(connectionId);
    const SegmentList list = segments();
    const size_t lo = segmentsUpTo(connectionId, timeUs);
    if (lo == 0)
        return side == Side::Client ? initialClientState(connectionId) : initialServerState(connectionId);
    const Segment s = list[mine[lo - 1]];
    return side == Side::Client ? s.clientState : s.serverState;
}

std::optional<bool> Timeline::kernelAgrees(const SocketCall &call, uint32_t connectionId) const
{
    if (!call.kernel.known || call.inferred || connectionId == 0 || call.kind == CallKind::Listen)
        return std::nullopt;
    // Nothing captured yet (a SYN still in a lab's rate-limit queue is captured when it leaves):
    // the packets say nothing to compare.
    if (segmentsUpTo(connectionId, call.kernel.sampledUs) == 0)
        return std::nullopt;
    const TcpState seen = stateAt(connectionId, call.side == CallSide::Client ? Side::Client : Side::Server, call.kernel.sampledUs);
    if (seen == TcpState::Unknown || call.kernel.state == TcpState::Unknown)
        return std::nullopt;
    // Linux keeps a connection's TIME_WAIT in a small socket of its own (ss -tan shows it); the
    // program's socket itself says CLOSE from then on.
    if (seen == TcpState::TimeWait && call.kernel.state == TcpState::Closed)
        return true;
    return seen == call.kernel.state;
}

bool Timeline::reachedOurListener(uint32_t connectionId) const
{
    return connectionId != 0 && connectionId <= records_.size() && records_[connectionId - 1].listener >= 0;
}

bool Timeline::listeningAt(uint32_t connectionId, int64_t timeUs) const
{
    if (!reachedOurListener(connectionId))
        return false;
    const ListenerRecord &l = listeners_[size_t(records_[connectionId - 1].listener)];
    return timeUs >= l.listenUs - kClockSlackUs && timeUs < l.closeUs;
}

TcpState Timeline::proven(TcpState server, uint32_t connectionId, int64_t timeUs) const
{
    // Our listener was listening then: the server side never left LISTEN for a SYN it did not
    // answer (dropped by a full accept queue) or has not answered yet.
    if (server == TcpState::Unknown && listeningAt(connectionId, timeUs))
        return TcpState::Listen;
    return server;
}

Segment Timeline::segment(size_t i) const
{
    Segment s = segments_.get(i, connections_);
    // Only a client's SYN the server did not answer: anything else the server never saw is not
    // proven LISTEN by a listener of ours being there.
    if (s.serverState == TcpState::Unknown && s.from == Side::Client
        && (s.flags & (TcpFlag::Syn | TcpFlag::Ack | TcpFlag::Rst | TcpFlag::Fin)) == TcpFlag::Syn)
        s.serverState = proven(s.serverState, s.connection, s.timeUs);
    return s;
}

TcpState Timeline::initialClientState(uint32_t connectionId) const
{
    const Connection *c = connection(connectionId);
    return c ? c->clientInitial : TcpState::Unknown;
}

TcpState Timeline::initialServerState(uint32_t connectionId) const
{
    const Connection *c = connection(connectionId);
    if (!c)
        return TcpState::Unknown;
    // Our own listen() proves LISTEN at the first SYN, whatever became of it later, unless the
    // packets proved CLOSED then (a RST answered that very SYN) and accept() did not take it.
    const ConnectionRecord &r = records_[connectionId - 1];
    if (r.segments.empty())
        return c->serverInitial;
    const CompactSegment &first = segments_.record(r.segments.front());
    const bool firstIsSyn = !(first.bits & CompactBit::FromServer)
        && (first.bits & (TcpFlag::Syn | TcpFlag::Ack | TcpFlag::Rst | TcpFlag::Fin)) == TcpFlag::Syn;
    if (firstIsSyn && listeningAt(connectionId, r.firstUs)
        && (c->serverInitial != TcpState::Closed || r.acceptedByUs))
        return TcpState::Listen;
    return c->serverInitial;
}

uint32_t Timeline::positionOfFrame(uint32_t connectionId, uint32_t frame) const
{
    if (frame == 0 || connectionId == 0 || connectionId > records_.size())
        return kNoCall;
    const std::vector<uint32_t> &segs = records_[connectionId - 1].segments;
    // Frames grow in capture order.
    const auto it = std::lower_bound(segs.begin(), segs.end(), frame, [this](uint32_t index, uint32_t f) {
        return segments_.record(index).frame < f;
    });
    if (it == segs.end() || segments_.record(*it).frame != frame)
        return kNoCall;
    return uint32_t(it - segs.begin());
}

bool Timeline::finishedBy(uint32_t connectionId, int64_t timeUs) const
{
    return records_[connectionId - 1].finishedUs < timeUs;
}

bool Timeline::listenerCloseApplies(const ListenerRecord &l, uint32_t connectionId) const
{
    // Closing a listener resets what still waits in its queues; a connection accept() took, or
    // one already over, does not notice.
    const ConnectionRecord &r = records_[connectionId - 1];
    return l.closeCall != kNoCall && !r.acceptedByUs && !finishedBy(connectionId, l.closeUs);
}

uint32_t Timeline::callConnection(size_t callIndex) const
{
    if (callIndex >= calls_.size())
        return 0;
    const auto it = sockets_.find(calls_[callIndex].socket);
    return it == sockets_.end() || it->second.isListener ? 0 : it->second.connection;
}

// ---- inferred calls (capture files) --------------------------------------------------------------

// What the program on each side must have called for the kernel to send what the file holds,
// from the tracker's facts: listen() and connect() before the SYN (listen() only once a SYN+ACK
// proves a listener), connect() returning right after the SYN+ACK (or the RST that refuses it),
// accept() after the segment that completed the handshake, close() before each side's first FIN.
void Timeline::inferredSteps(uint32_t id, std::vector<TimelineStep> *out, std::vector<uint32_t> *positions) const
{
    out->clear();
    if (positions)
        positions->clear();
    if (source_.kind != QLatin1String("file") || id == 0 || id > records_.size() || id >= (TimelineStep::kInferredBit >> 3))
        return;
    const Connection &c = connections_[id - 1];
    const std::vector<uint32_t> &segs = records_[id - 1].segments;
    if (c.id == 0 || segs.empty())
        return;
    const uint32_t synAck = positionOfFrame(id, c.synAckFrame);
    const uint32_t established = positionOfFrame(id, c.establishingFrame);
    uint32_t firstSyn = kNoCall, answeredSyn = kNoCall, serverSyn = kNoCall, clientFin = kNoCall, serverFin = kNoCall;
    bool serverSpoke = false; // data or a FIN from the server after the handshake: accept() took it
    for (uint32_t k = 0; k < segs.size(); ++k) {
        const CompactSegment &r = segments_.record(segs[k]);
        const uint16_t flags = r.bits & CompactBit::FlagMask;
        const bool fromServer = r.bits & CompactBit::FromServer;
        const bool pureSyn = (flags & (TcpFlag::Syn | TcpFlag::Ack | TcpFlag::Rst | TcpFlag::Fin)) == TcpFlag::Syn;
        if (!fromServer && pureSyn && (synAck == kNoCall || k < synAck))
            answeredSyn = k; // the last copy before the SYN+ACK is the one it answered
        if (r.bits & CompactBit::Retransmission)
            continue;
        if (firstSyn == kNoCall && !fromServer && pureSyn)
            firstSyn = k;
        if (serverSyn == kNoCall && fromServer && pureSyn)
            serverSyn = k;
        if ((flags & TcpFlag::Fin) && !(flags & (TcpFlag::Syn | TcpFlag::Rst))) {
            uint32_t &fin = fromServer ? serverFin : clientFin;
            if (fin == kNoCall)
                fin = k;
        }
        if (!serverSpoke && fromServer && established != kNoCall && k > established && !(flags & (TcpFlag::Syn | TcpFlag::Rst))) {
            // (A shared side entry's record has no payload: its len field names the entry.)
            const bool shared = r.bits & CompactBit::SharedRare;
            serverSpoke = (flags & TcpFlag::Fin) || (!shared && r.len > 0)
                          || (!shared && r.hasRare() && segments_.get(segs[k], connections_).len > 0);
        }
    }
    // Listen, connect and close go before the segment that shows them, the returns after it.
    auto add = [&](InferredCall kind, uint32_t at) {
        if (at == kNoCall)
            return;
        out->push_back({TimelineStep::Kind::Call, TimelineStep::kInferredBit | (id << 3) | kind,
                        segments_.timeUs(segs[at])});
        if (positions)
            positions->push_back(kind == ConnectReturns || kind == AcceptReturns || kind == ServerConnectReturns ? at + 1 : at);
    };
    if (c.simultaneousOpen) {
        // Two active opens: each side called connect(), nothing listened, nobody accepted.
        add(Connect, firstSyn);
        add(ServerConnect, serverSyn);
        add(ConnectReturns, synAck);
        add(ServerConnectReturns, established);
    } else {
        // listen() before the SYN the SYN+ACK answered (a listener proven then, not before).
        if (synAck != kNoCall)
            add(Listen, c.serverInitial == TcpState::Listen ? firstSyn : answeredSyn);
        add(Connect, firstSyn);
        add(ConnectReturns, synAck != kNoCall ? synAck : positionOfFrame(id, c.refusalFrame));
        // accept() only where the server program is proven to have had the socket: it sent data or
        // closed. A connection left in the accept queue (accept() held) gets none.
        if (serverSpoke)
            add(AcceptReturns, established);
    }
    add(ClientClose, clientFin);
    add(ServerClose, serverFin);
}

SocketCall Timeline::inferredCall(uint32_t id, unsigned kind, int64_t timeUs) const
{
    SocketCall call;
    call.inferred = true;
    const Connection *c = connection(id);
    if (!c || kind >= InferredKinds)
        return call;
    static constexpr CallKind kinds[InferredKinds] = {CallKind::Listen, CallKind::Connect, CallKind::ConnectReturns,
                                                      CallKind::AcceptReturns, CallKind::Close, CallKind::Close,
                                                      CallKind::Connect, CallKind::ConnectReturns};
    call.kind = kinds[kind];
    const bool byClient = kind == Connect || kind == ConnectReturns || kind == ClientClose;
    call.side = byClient ? CallSide::Client : CallSide::Server;
    call.local = byClient ? c->client : c->server;
    if (kind != Listen)
        call.peer = byClient ? c->server : c->client;
    if (kind == ConnectReturns && c->synAckFrame == 0)
        call.error = ECONNREFUSED;
    call.timeUs = timeUs; // the segment's that shows it
    return call;
}

SocketCall Timeline::call(const TimelineStep &step) const
{
    if (step.isInferredCall())
        return inferredCall((step.index & ~TimelineStep::kInferredBit) >> 3, step.index & 7, step.timeUs);
    if (step.kind == TimelineStep::Kind::Call && step.index < calls_.size())
        return calls_[step.index];
    return {};
}

std::vector<Timeline::PlacedCall> Timeline::allCalls() const
{
    const std::vector<CallRef> order = callOrder();
    std::vector<PlacedCall> out;
    out.reserve(order.size());
    for (const CallRef &ref : order)
        out.push_back(placedCall(ref));
    return out;
}

std::vector<Timeline::CallRef> Timeline::callOrder() const
{
    // Each logged call at the time its ladder draws it.
    std::vector<int64_t> drawn(calls_.size());
    for (uint32_t i = 0; i < calls_.size(); ++i)
        drawn[i] = calls_[i].timeUs;
    std::vector<TimelineStep> scratch;
    for (uint32_t id = 1; id <= records_.size(); ++id) {
        if (records_[id - 1].clientSocket == 0 && records_[id - 1].serverSocket == 0)
            continue;
        for (const TimelineStep &step : stepsOnce(id, &scratch))
            if (step.kind == TimelineStep::Kind::Call && !step.isInferredCall() && step.index < drawn.size())
                drawn[step.index] = step.timeUs;
    }
    std::vector<CallRef> refs;
    refs.reserve(calls_.size());
    for (uint32_t i = 0; i < calls_.size(); ++i)
        refs.push_back({drawn[i], i, callConnection(i), i});
    if (inferredAny_) {
        std::vector<TimelineStep> steps;
        std::vector<uint32_t> positions;
        for (uint32_t id = 1; id <= records_.size(); ++id) {
            inferredSteps(id, &steps, &positions);
            const std::vector<uint32_t> &segs = records_[id - 1].segments;
            for (size_t k = 0; k < steps.size(); ++k) {
                const unsigned kind = steps[k].index & 7;
                // Inferred at the same time: in the order of the segments that show them.
                const bool returns = kind == ConnectReturns || kind == AcceptReturns || kind == ServerConnectReturns;
                const uint32_t shownBy = returns ? positions[k] - 1 : positions[k];
                const uint64_t order = uint64_t(calls_.size()) + uint64_t(segments_.record(segs[shownBy]).frame) * 8 + kind;
                refs.push_back({steps[k].timeUs, order, id, steps[k].index});
            }
        }
    }
    // Time order; at the same time, the order they were logged in (inferred ones: the order of
    // the connections' first frames, then listen before connect).
    std::stable_sort(refs.begin(), refs.end(), [](const CallRef &x, const CallRef &y) {
        return x.drawnUs != y.drawnUs ? x.drawnUs < y.drawnUs : x.order < y.order;
    });
    return refs;
}

Timeline::PlacedCall Timeline::placedCall(const CallRef &ref) const
{
    if (ref.index & TimelineStep::kInferredBit)
        return {inferredCall(ref.connection, ref.index & 7, ref.drawnUs), ref.connection, ref.drawnUs};
    if (ref.index < calls_.size())
        return {calls_[ref.index], ref.connection, ref.drawnUs};
    return {};
}

// ---- steps ----------------------------------------------------------------------------------------

uint32_t Timeline::defaultConnectionId() const
{
    return latestWithSyn_ ? latestWithSyn_ : latestId_;
}

int64_t Timeline::firstSegmentTimeUs() const
{
    int64_t first = std::numeric_limits<int64_t>::max();
    for (const ConnectionRecord &r : records_)
        if (!r.segments.empty())
            first = std::min(first, r.firstUs);
    return first == std::numeric_limits<int64_t>::max() ? 0 : first;
}

const std::vector<TimelineStep> &Timeline::steps(uint32_t connectionId) const
{
    if (connectionId > connections_.size())
        return kNoSteps;
    if (steps_.size() <= connectionId) {
        steps_.resize(connections_.size() + 1);
        stepsValid_.resize(connections_.size() + 1, 0);
        stepsGeneration_.resize(connections_.size() + 1, 0);
        stepsRevision_.resize(connections_.size() + 1, 0);
        stepsPreviousGeneration_.resize(connections_.size() + 1, 0);
        stepsUnchanged_.resize(connections_.size() + 1, 0);
        revisedFrom_.resize(connections_.size() + 1, kNoCall);
    }
    if (!stepsValid_[connectionId])
        buildSteps(connectionId);
    return steps_[connectionId];
}

uint64_t Timeline::stepsGeneration(uint32_t connectionId) const
{
    (void)steps(connectionId); // brings them up to date
    return connectionId < stepsGeneration_.size() ? stepsGeneration_[connectionId] : 0;
}

uint64_t Timeline::stepsRevision(uint32_t connectionId) const
{
    (void)steps(connectionId);
    return connectionId < stepsRevision_.size() ? stepsRevision_[connectionId] : 0;
}

const std::vector<TimelineStep> &Timeline::stepsAsBuilt(uint32_t connectionId, uint64_t *generation) const
{
    if (connectionId >= steps_.size() || connectionId >= stepsGeneration_.size()) {
        *generation = 0;
        return kNoSteps;
    }
    *generation = stepsGeneration_[connectionId];
    return steps_[connectionId];
}

size_t Timeline::stepsAsBuiltUnchangedSince(uint32_t connectionId, uint64_t generation) const
{
    if (connectionId >= stepsGeneration_.size() || generation == 0)
        return 0;
    if (generation == stepsGeneration_[connectionId])
        return std::numeric_limits<size_t>::max();
    if (generation != stepsPreviousGeneration_[connectionId])
        return 0;
    const uint32_t unchanged = stepsUnchanged_[connectionId];
    return unchanged == kNoCall ? std::numeric_limits<size_t>::max() : unchanged;
}

size_t Timeline::stepsUnchangedSince(uint32_t connectionId, uint64_t generation) const
{
    (void)steps(connectionId);
    if (connectionId >= stepsGeneration_.size() || generation == 0)
        return 0;
    if (generation == stepsGeneration_[connectionId])
        return std::numeric_limits<size_t>::max();
    if (generation != stepsPreviousGeneration_[connectionId])
        return 0; // more than one build ago: nobody knows
    const uint32_t unchanged = stepsUnchanged_[connectionId];
    return unchanged == kNoCall ? std::numeric_limits<size_t>::max() : unchanged;
}

int64_t Timeline::lastFinBefore(uint32_t connectionId, Side side, uint32_t before) const
{
    if (connectionId == 0 || connectionId > records_.size())
        return -1;
    const ConnectionRecord &r = records_[connectionId - 1];
    const int i = side == Side::Client ? 0 : 1;
    if (r.firstFin[i] == kNoCall || r.firstFin[i] >= before)
        return -1;
    if (r.lastFin[i] < before)
        return r.lastFin[i];
    // Between two copies of the FIN (a retransmission): back from `before`, never past the first.
    for (uint32_t k = before; k-- > r.firstFin[i];) {
        const CompactSegment &x = segments_.record(r.segments[k]);
        const bool fromServer = x.bits & CompactBit::FromServer;
        if (fromServer == (i == 1) && (x.bits & TcpFlag::Fin) && !(x.bits & (TcpFlag::Syn | TcpFlag::Rst)))
            return k;
    }
    return r.firstFin[i];
}

int64_t Timeline::firstFin(uint32_t connectionId, Side side) const
{
    if (connectionId == 0 || connectionId > records_.size())
        return -1;
    const uint32_t k = records_[connectionId - 1].firstFin[side == Side::Client ? 0 : 1];
    return k == kNoCall ? -1 : int64_t(k);
}

int64_t Timeline::firstRst(uint32_t connectionId, Side side) const
{
    if (connectionId == 0 || connectionId > records_.size())
        return -1;
    const uint32_t k = records_[connectionId - 1].firstRst[side == Side::Client ? 0 : 1];
    return k == kNoCall ? -1 : int64_t(k);
}

uint32_t Timeline::segmentsUpTo(uint32_t connectionId, int64_t timeUs) const
{
    if (connectionId == 0 || connectionId > records_.size())
        return 0;
    const std::vector<uint32_t> &segs = records_[connectionId - 1].segments;
    const auto it = std::partition_point(segs.begin(), segs.end(),
                                         [&](uint32_t index) { return segments_.timeUs(index) <= timeUs; });
    return uint32_t(it - segs.begin());
}

const std::vector<TimelineStep> &Timeline::stepsOnce(uint32_t connectionId, std::vector<TimelineStep> *scratch) const
{
    if (connectionId > connections_.size())
        return kNoSteps;
    if (connectionId < stepsValid_.size() && stepsValid_[connectionId])
        return steps_[connectionId];
    std::vector<StepPlace> placed;
    placeCalls(connectionId, &placed, nullptr);
    scratch->clear();
    if (connectionId == 0) {
        scratch->reserve(placed.size());
        for (const StepPlace &p : placed)
            scratch->push_back(p.step);
    } else {
        scratch->reserve(records_[connectionId - 1].segments.size() + placed.size());
        mergeSteps(connectionId, placed, 0, 0, 0, scratch);
    }
    return *scratch;
}

void Timeline::placeCalls(uint32_t id, std::vector<StepPlace> *out, bool *anyInferred, const StepsMemo *memo) const
{
    std::vector<StepPlace> &placed = *out;
    placed.clear();
    if (anyInferred)
        *anyInferred = false;
    if (id == 0) {
        // The calls on nobody's ladder, in time order. Only the candidates are read; those of a
        // socket that has its connection now are never loose again and leave the list.
        looseCallsRead_ += looseCandidates_.size();
        size_t stay = 0;
        for (const uint32_t i : looseCandidates_) {
            const SocketCall &c = calls_[i];
            bool loose = true;
            if (const auto it = sockets_.find(c.socket); it != sockets_.end() && c.socket != 0) {
                const SocketRecord &s = it->second;
                if (!s.isListener) {
                    loose = s.connection == 0;
                    if (!loose)
                        continue; // for good
                } else {
                    for (const ListenerRecord &l : listeners_) {
                        if (l.socket != c.socket)
                            continue;
                        if (c.kind != CallKind::Close) {
                            loose = l.members == 0;
                        } else {
                            for (uint32_t k = 1; k <= records_.size() && loose; ++k) {
                                const int32_t li = records_[k - 1].listener;
                                loose = !(li >= 0 && &listeners_[size_t(li)] == &l && listenerCloseApplies(l, k));
                            }
                        }
                    }
                }
            }
            looseCandidates_[stay++] = i;
            if (loose)
                placed.push_back({0, c.timeUs, i, {TimelineStep::Kind::Call, i, c.timeUs}});
        }
        looseCandidates_.resize(stay);
        std::stable_sort(placed.begin(), placed.end(),
                         [](const StepPlace &x, const StepPlace &y) { return x.timeUs < y.timeUs; });
        return;
    }
    const Connection &c = connections_[id - 1];
    const ConnectionRecord &r = records_[id - 1];
    const auto count = uint32_t(r.segments.size());
    auto timeAt = [&](uint32_t k) { return segments_.timeUs(r.segments[k]); };
    // Segments before a call timed at t: those strictly earlier when the call causes what
    // follows (a call and its segment in the same microsecond: the call first), those not
    // later when it reports what came before. (Binary search over the segments themselves:
    // no copy of their times, however many.)
    auto byTime = [&](int64_t t, bool follows) {
        uint32_t lo = 0, hi = count;
        while (lo < hi) {
            const uint32_t mid = lo + (hi - lo) / 2;
            const int64_t m = timeAt(mid);
            if (follows ? m <= t : m < t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    auto firstFinFrom = [&](CallSide side) {
        return r.firstFin[side == CallSide::Client ? 0 : 1];
    };
    auto firstRstFrom = [&](CallSide side) {
        return r.firstRst[side == CallSide::Client ? 0 : 1];
    };
    auto placeLogged = [&](uint32_t index) {
        const SocketCall &call = calls_[index];
        uint32_t position = byTime(call.timeUs, false);
        int64_t drawn = call.timeUs;
        // A call made true by a segment comes after it: connect() returns at the SYN+ACK (or
        // the RST), before anything else; accept() and recv() of the FIN no earlier than the
        // segment, and later if that is when the program got them.
        auto after = [&](uint32_t at, bool right) {
            if (at == kNoCall)
                return;
            if (right) {
                position = at + 1;
                drawn = timeAt(at);
            } else {
                position = std::max(at + 1, byTime(call.timeUs, true));
                drawn = std::max(call.timeUs, timeAt(at));
            }
        };
        switch (call.kind) {
        case CallKind::ConnectReturns:
            after(positionOfFrame(id, call.error == 0 ? c.synAckFrame
                                      : call.error == ECONNREFUSED ? c.refusalFrame
                                                                   : 0),
                  true);
            break;
        case CallKind::AcceptReturns:
            after(positionOfFrame(id, c.establishingFrame), false);
            break;
        case CallKind::Recv:
            if (call.error == ECONNRESET)
                // recv() learns of the reset from the peer's RST: drawn after it.
                after(firstRstFrom(call.side == CallSide::Client ? CallSide::Server : CallSide::Client), false);
            else if (call.bytes == 0)
                after(firstFinFrom(call.side == CallSide::Client ? CallSide::Server : CallSide::Client), false);
            else
                position = byTime(call.timeUs, true);
            break;
        default:
            break;
        }
        placed.push_back({position, drawn, index, {TimelineStep::Kind::Call, index, drawn}});
    };
    // A live connection built before with the same sockets: a call placed then by its time alone
    // stays where it was unless a segment that came since is not later than it (a call logged
    // before the capture delivered its segment); calls made true by a segment, and the
    // listener's, are placed again (a handful); new calls are placed and merged in. A flood's
    // tens of thousands of recv() calls cost a pass, not a binary search each, per build.
    if (memo && memo->segments > 0 && memo->segments <= count && memo->callsSeen <= calls_.size()
        && memo->clientSocket == r.clientSocket && memo->serverSocket == r.serverSocket && memo->listener == r.listener) {
        int64_t newFrom = std::numeric_limits<int64_t>::max(); // the earliest segment since
        for (uint32_t k = memo->segments; k < count; ++k)
            newFrom = std::min(newFrom, timeAt(k));
        auto byTimeAlone = [](const SocketCall &call) {
            return call.kind != CallKind::ConnectReturns && call.kind != CallKind::AcceptReturns
                && !(call.kind == CallKind::Recv && (call.bytes == 0 || call.error == ECONNRESET));
        };
        std::vector<StepPlace> kept;
        kept.reserve(memo->placed.size() + 16);
        for (const StepPlace &old : memo->placed) {
            if (old.order >= (uint64_t(1) << 40)) { // an inferred call: not a live connection's
                kept.clear();
                newFrom = std::numeric_limits<int64_t>::min();
                break;
            }
            const SocketCall &call = calls_[size_t(old.order)];
            // Not one of the connection's own sockets: its listener's.
            const bool listenerCall = call.socket == 0 || (call.socket != r.clientSocket && call.socket != r.serverSocket);
            if (!listenerCall && byTimeAlone(call) && call.timeUs < newFrom)
                kept.push_back(old);
            else if (!listenerCall)
                placeLogged(uint32_t(old.order)); // again, into `placed`
        }
        if (newFrom != std::numeric_limits<int64_t>::min()) {
            for (uint32_t socket : {r.clientSocket, r.serverSocket}) {
                if (socket == 0)
                    continue;
                if (const auto it = sockets_.find(socket); it != sockets_.end()) {
                    const std::vector<uint32_t> &calls = it->second.calls;
                    // The calls since the last build: at the end (indices grow).
                    auto first = std::lower_bound(calls.begin(), calls.end(), memo->callsSeen);
                    for (; first != calls.end(); ++first)
                        placeLogged(*first);
                }
            }
            if (r.listener >= 0) {
                const ListenerRecord &l = listeners_[size_t(r.listener)];
                for (uint32_t index : l.opening)
                    placeLogged(index);
                if (listenerCloseApplies(l, id))
                    placeLogged(l.closeCall);
            }
            auto less = [](const StepPlace &x, const StepPlace &y) {
                if (x.position != y.position)
                    return x.position < y.position;
                if (x.timeUs != y.timeUs)
                    return x.timeUs < y.timeUs;
                return x.order < y.order;
            };
            std::sort(placed.begin(), placed.end(), less);
            std::vector<StepPlace> merged;
            merged.reserve(kept.size() + placed.size());
            std::merge(kept.begin(), kept.end(), placed.begin(), placed.end(), std::back_inserter(merged), less);
            placed = std::move(merged);
            return;
        }
        placed.clear();
    }
    for (uint32_t socket : {r.clientSocket, r.serverSocket}) {
        if (socket == 0)
            continue;
        if (const auto it = sockets_.find(socket); it != sockets_.end())
            for (uint32_t index : it->second.calls)
                placeLogged(index);
    }
    if (r.listener >= 0) {
        const ListenerRecord &l = listeners_[size_t(r.listener)];
        for (uint32_t index : l.opening)
            placeLogged(index);
        if (listenerCloseApplies(l, id))
            placeLogged(l.closeCall);
    }
    std::vector<TimelineStep> inferred;
    std::vector<uint32_t> positions;
    inferredSteps(id, &inferred, &positions);
    for (size_t k = 0; k < inferred.size(); ++k)
        placed.push_back({positions[k], inferred[k].timeUs, (uint64_t(1) << 40) + (inferred[k].index & 7), inferred[k]});
    std::stable_sort(placed.begin(), placed.end(), [](const StepPlace &x, const StepPlace &y) {
        if (x.position != y.position)
            return x.position < y.position;
        if (x.timeUs != y.timeUs)
            return x.timeUs < y.timeUs;
        return x.order < y.order;
    });

    if (anyInferred)
        *anyInferred = !inferred.empty();
}

uint32_t Timeline::mergeSteps(uint32_t id, const std::vector<StepPlace> &placed, size_t p, uint32_t k,
                              uint32_t prefixEnd, std::vector<TimelineStep> *out) const
{
    const ConnectionRecord &r = records_[id - 1];
    const auto count = uint32_t(r.segments.size());
    for (; k < count; ++k) {
        while (p < placed.size() && placed[p].position <= k)
            out->push_back(placed[p++].step);
        out->push_back({TimelineStep::Kind::Segment, r.segments[k], segments_.timeUs(r.segments[k])});
        prefixEnd = uint32_t(out->size());
    }
    while (p < placed.size())
        out->push_back(placed[p++].step);
    return prefixEnd;
}

void Timeline::buildSteps(uint32_t id) const
{
    std::vector<TimelineStep> out;
    // Where each call goes: before segment `position` of the connection (after all of them when
    // position == their count), ordered among its neighbours by the time it is drawn at.
    std::vector<StepPlace> placed;
    size_t reused = 0;                    // leading steps kept from the last build
    std::vector<TimelineStep> oldTail;    // what followed them then
    size_t oldSize = 0;
    bool inferred = false;
    {
        const StepsMemo *memo = nullptr;
        if (id != 0 && source_.kind != QLatin1String("file"))
            if (const auto it = stepsMemo_.find(id); it != stepsMemo_.end() && it->second.prefixEnd <= steps_[id].size())
                memo = &it->second;
        placeCalls(id, &placed, &inferred, memo);
    }

    if (id == 0) {
        for (const StepPlace &p : placed)
            out.push_back(p.step);
    } else {
        const auto count = uint32_t(records_[id - 1].segments.size());
        // Only segments came since the last build, and every call drawn among the segments of
        // then is where it was: those steps stay, the rest is merged again (a live connection
        // grows by a batch at a time; rebuilding a million steps for each would cost the window).
        // A file's connections (inferred calls, built once) keep no memo.
        const bool live = source_.kind != QLatin1String("file") && !inferred;
        if (!live)
            stepsMemo_.erase(id);
        StepsMemo scratch;
        StepsMemo &memo = live ? stepsMemo_[id] : scratch;
        std::vector<TimelineStep> &old = steps_[id];
        size_t p = 0;
        uint32_t k = 0;
        if (live && memo.segments > 0 && memo.segments <= count && memo.prefixEnd <= old.size()) {
            const uint32_t m = memo.segments;
            auto before = [m](const StepPlace &x) { return x.position <= m - 1; };
            const auto oldEnd = std::find_if_not(memo.placed.begin(), memo.placed.end(), before);
            const auto newEnd = std::find_if_not(placed.begin(), placed.end(), before);
            if (oldEnd - memo.placed.begin() == newEnd - placed.begin() && std::equal(memo.placed.begin(), oldEnd, placed.begin())) {
                oldTail.assign(old.begin() + ptrdiff_t(memo.prefixEnd), old.end());
                out = std::move(old);
                out.resize(memo.prefixEnd);
                reused = memo.prefixEnd;
                p = size_t(newEnd - placed.begin());
                k = m;
            }
        }
        out.reserve(count + placed.size());
        const uint32_t prefixEnd = mergeSteps(id, placed, p, k, reused ? uint32_t(out.size()) : 0, &out);
        if (live) {
            const ConnectionRecord &r = records_[id - 1];
            memo.segments = count;
            memo.prefixEnd = prefixEnd;
            memo.placed = std::move(placed);
            memo.callsSeen = calls_.size();
            memo.clientSocket = r.clientSocket;
            memo.serverSocket = r.serverSocket;
            memo.listener = r.listener;
        }
    }

    std::vector<TimelineStep> &old = steps_[id];
    // How many leading steps stayed: those reused, then as many as match.
    size_t unchanged = 0;
    if (reused) {
        const auto mismatch = std::mismatch(oldTail.begin(), oldTail.end(), out.begin() + ptrdiff_t(reused), out.end());
        unchanged = reused + size_t(mismatch.first - oldTail.begin());
        oldSize = reused + oldTail.size();
    } else {
        const auto mismatch = std::mismatch(old.begin(), old.end(), out.begin(), out.end());
        unchanged = size_t(mismatch.first - old.begin());
        oldSize = old.size();
    }
    const bool grew = unchanged == oldSize;
    if (!grew)
        stepsRevision_[id] = nextGeneration();
    old = std::move(out);
    stepsValid_[id] = 1;
    // What this build kept as it was, states revised since the last one taken into account.
    uint32_t kept = grew ? kNoCall : uint32_t(unchanged);
    if (revisedFrom_[id] != kNoCall)
        kept = std::min(kept, revisedFrom_[id]);
    revisedFrom_[id] = kNoCall;
    stepsPreviousGeneration_[id] = stepsGeneration_[id];
    stepsUnchanged_[id] = kept;
    stepsGeneration_[id] = nextGeneration();
}

} // namespace hv
