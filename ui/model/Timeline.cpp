#include "Timeline.h"

#include <QCoreApplication>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <limits>

namespace hv {

namespace {

constexpr int64_t kCallSlackUs = 1'000'000; // a call within 1 s of a connection's segments is its

// Calls that open something happen before the traffic they cause.
bool opensSomething(const QString &call)
{
    return call == u"socket" || call == u"bind" || call == u"listen" || call == u"connect";
}

// Calls that report what a segment did (connect() returning after the SYN+ACK, accept() after the
// final ACK, recv() after data) follow a segment carrying the same timestamp.
bool followsSegment(const QString &call)
{
    return call.endsWith(u" returns") || call == u"recv";
}

const std::vector<uint32_t> kNoIndices;
const std::vector<TimelineStep> kNoSteps;

} // namespace

Timeline::Timeline(QObject *parent)
    : QObject(parent)
{
}

void Timeline::clear()
{
    source_ = {};
    counts_ = {};
    errors_.clear();
    connections_.clear();
    segments_.clear();
    calls_.clear();
    callTies_.clear();
    inferredCalls_ = 0;
    inference_.clear();
    segmentsByConnection_.clear();
    spans_.clear();
    callConnection_.clear();
    callsByConnection_.clear();
    steps_.clear();
    stepsValid_.clear();
    stepsGeneration_.clear();
    callsAssigned_ = false;
    Q_EMIT changed();
}

void Timeline::setSource(const SourceInfo &source)
{
    source_ = source;
    Q_EMIT changed();
}

void Timeline::appendBatch(const CaptureBatch &batch)
{
    // Live calls are measured as they happen; a file's can only be deduced from its packets.
    const bool inferring = source_.kind == u"file";
    for (const Connection &c : batch.connections) {
        if (c.id == 0)
            continue;
        if (connections_.size() < c.id) {
            connections_.resize(c.id);
            segmentsByConnection_.resize(c.id);
            spans_.resize(c.id);
        }
        connections_[c.id - 1] = c;
    }
    for (const Segment &s : batch.segments) {
        const auto index = static_cast<uint32_t>(segments_.size());
        if (s.connection != 0 && segmentsByConnection_.size() < s.connection) {
            // A segment whose connection snapshot is missing from the batch: keep it reachable.
            connections_.resize(s.connection);
            segmentsByConnection_.resize(s.connection);
            spans_.resize(s.connection);
        }
        // Packed against the connection's latest snapshot (bases and scales never change once
        // known); a segment without one (id 0, or a gap) is kept whole in its side entry.
        segments_.append(s, s.connection != 0 ? connections_[s.connection - 1] : Connection{});
        if (s.connection == 0)
            continue;
        segmentsByConnection_[s.connection - 1].push_back(index);
        Span &span = spans_[s.connection - 1];
        if (!span.any) {
            span = {s.timeUs, s.timeUs, true};
        } else {
            span.firstUs = std::min(span.firstUs, s.timeUs);
            span.lastUs = std::max(span.lastUs, s.timeUs);
        }
        if (stepsValid_.size() > s.connection)
            stepsValid_[s.connection] = 0;
        if (inferring)
            inferCalls(s, index);
    }
    errors_.insert(errors_.end(), batch.errors.begin(), batch.errors.end());
    counts_ = batch.counts;
    if (!batch.segments.empty())
        callsAssigned_ = false; // spans moved
    Q_EMIT changed();
}

void Timeline::appendCall(const SocketCall &call)
{
    insertCall(call, 0);
    Q_EMIT changed();
}

void Timeline::appendCallFor(uint32_t connectionId, const SocketCall &call)
{
    insertCall(call, connectionId);
    Q_EMIT changed();
}

void Timeline::insertCall(const SocketCall &call, uint32_t connectionId)
{
    const auto at = std::upper_bound(calls_.begin(), calls_.end(), call.timeUs,
                                     [](int64_t t, const SocketCall &c) { return t < c.timeUs; });
    callTies_.insert(callTies_.begin() + (at - calls_.begin()), connectionId);
    calls_.insert(at, call);
    if (call.inferred)
        ++inferredCalls_;
    callsAssigned_ = false;
}

// What the program on each side must have called for the kernel to send what the file holds.
// Each call goes in at the segment's timestamp: listen() and connect() before the SYN, close()
// before that side's first FIN; "connect returns" after the SYN+ACK reaches the client (or the
// RST that refuses it), "accept returns" after the final ACK reaches the server. Driven by the
// tracker's states, so retransmissions and nonsense segments infer nothing.
void Timeline::inferCalls(const Segment &s, uint32_t index)
{
    if (s.connection == 0)
        return;
    if (inference_.size() < s.connection)
        inference_.resize(s.connection);
    Inference &inf = inference_[s.connection - 1];
    TcpState clientBefore = inf.client, serverBefore = inf.server;
    if (!inf.seen) {
        // The tracker's view before a first segment that is not a SYN: the capture began later.
        const bool syn = s.flags & TcpFlag::Syn, ack = s.flags & TcpFlag::Ack;
        if (syn && ack) {
            clientBefore = TcpState::SynSent;
            serverBefore = TcpState::SynRcvd;
        } else if (!syn) {
            clientBefore = serverBefore = TcpState::Established;
        }
    }
    inf.seen = true;
    inf.client = s.clientState;
    inf.server = s.serverState;

    if (s.connection >= (TimelineStep::kInferredBit >> 3))
        return; // a step could not name it (2^28 connections)
    auto add = [&](InferredCall k) {
        inf.have |= uint8_t(1u << k);
        inf.segment[k] = index;
        ++inferredCalls_; // appendBatch has already marked this connection's steps for a rebuild
    };

    const bool fromClient = s.from == Side::Client;
    if (fromClient && !inf.has(Connect) && s.clientState == TcpState::SynSent && clientBefore != TcpState::SynSent) {
        add(Listen); // a SYN only gets an answer from a listening socket
        add(Connect);
    }
    if (!fromClient && !inf.has(ConnectReturns) && clientBefore == TcpState::SynSent) {
        if (s.clientState == TcpState::Established) {
            add(ConnectReturns);
        } else if (s.flags & TcpFlag::Rst) {
            inf.refused = true;
            add(ConnectReturns);
        }
    }
    if (fromClient && !inf.has(AcceptReturns) && serverBefore == TcpState::SynRcvd && s.serverState == TcpState::Established)
        add(AcceptReturns);
    if ((s.flags & TcpFlag::Fin) && !(s.flags & (TcpFlag::Syn | TcpFlag::Rst)) && !s.retransmission) {
        const InferredCall close = fromClient ? ClientClose : ServerClose;
        if (!inf.has(close))
            add(close);
    }
}

// The inferred calls of a connection as steps, in the order they were inferred.
void Timeline::inferred(uint32_t connectionId, std::vector<TimelineStep> *out) const
{
    out->clear();
    if (connectionId == 0 || connectionId > inference_.size())
        return;
    const Inference &inf = inference_[connectionId - 1];
    // In the order they were inferred: by the segment that showed them, and calls shown by one
    // segment in the order of the kinds (listen before connect).
    for (unsigned k = 0; k < InferredKinds; ++k)
        if (inf.has(InferredCall(k)))
            out->push_back({TimelineStep::Kind::Call, TimelineStep::kInferredBit | (connectionId << 3) | k,
                            segments_.timeUs(inf.segment[k])});
    std::stable_sort(out->begin(), out->end(), [&](const TimelineStep &x, const TimelineStep &y) {
        return inf.segment[x.index & 7] < inf.segment[y.index & 7];
    });
}

SocketCall Timeline::inferredCall(uint32_t connectionId, unsigned kind) const
{
    if (connectionId == 0 || connectionId > inference_.size() || kind >= InferredKinds)
        return SocketCall{0, CallSide::Client, QString(), QString(), true};
    const Inference &inf = inference_[connectionId - 1];
    const Connection *c = connection(connectionId);
    const QString client = c ? QString::fromStdString(c->client.toString()) : QString();
    const QString server = c ? QString::fromStdString(c->server.toString()) : QString();
    // Each call's side, name and what it names: the client's calls name the server and the
    // server's the client, except listen() (its own address) and connect() returning (both).
    const bool byClient = kind == Connect || kind == ConnectReturns || kind == ClientClose;
    QString name = QStringLiteral("close");
    QString detail = byClient ? server : client;
    switch (InferredCall(kind)) {
    case Listen:
        name = QStringLiteral("listen");
        detail = server;
        break;
    case Connect:
        name = QStringLiteral("connect");
        break;
    case ConnectReturns:
        name = QStringLiteral("connect returns");
        detail = inf.refused ? QCoreApplication::translate("Timeline", "-1, connection refused")
                 : client.isEmpty() ? QString()
                                    : client + QStringLiteral(" → ") + server;
        break;
    case AcceptReturns:
        name = QStringLiteral("accept returns");
        break;
    case ClientClose:
    case ServerClose:
    case InferredKinds:
        break;
    }
    return SocketCall{segments_.timeUs(inf.segment[kind]), byClient ? CallSide::Client : CallSide::Server, name,
                      detail, true};
}

SocketCall Timeline::call(const TimelineStep &step) const
{
    if (step.isInferredCall())
        return inferredCall((step.index & ~TimelineStep::kInferredBit) >> 3, step.index & 7);
    if (step.kind == TimelineStep::Kind::Call && step.index < calls_.size())
        return calls_[step.index];
    return {};
}

std::vector<SocketCall> Timeline::allCalls() const
{
    if (inferredCalls_ == 0)
        return calls_;
    // Time order; at the same time, the order they were inferred in (the segment that showed
    // them, in capture order, then the kind), as if each had been inserted when inferred.
    struct Key {
        int64_t timeUs;
        uint32_t segment;
        uint32_t stepIndex;
    };
    std::vector<Key> keys;
    keys.reserve(inferredCalls_);
    std::vector<TimelineStep> steps;
    for (uint32_t id = 1; id <= inference_.size(); ++id) {
        inferred(id, &steps);
        for (const TimelineStep &step : steps)
            keys.push_back({step.timeUs, inference_[id - 1].segment[step.index & 7], step.index});
    }
    std::sort(keys.begin(), keys.end(), [](const Key &x, const Key &y) {
        return x.timeUs != y.timeUs ? x.timeUs < y.timeUs
             : x.segment != y.segment ? x.segment < y.segment
                                      : (x.stepIndex & 7) < (y.stepIndex & 7);
    });
    std::vector<SocketCall> all;
    all.reserve(keys.size());
    for (const Key &k : keys)
        all.push_back(call(TimelineStep{TimelineStep::Kind::Call, k.stepIndex, k.timeUs}));
    std::vector<SocketCall> merged;
    merged.reserve(all.size() + calls_.size());
    std::merge(calls_.begin(), calls_.end(), all.begin(), all.end(), std::back_inserter(merged),
               [](const SocketCall &x, const SocketCall &y) { return x.timeUs < y.timeUs; });
    return merged;
}

void Timeline::appendError(const CaptureError &error)
{
    errors_.push_back(error);
    Q_EMIT changed();
}

const Connection *Timeline::connection(uint32_t id) const
{
    if (id == 0 || id > connections_.size() || connections_[id - 1].id != id)
        return nullptr;
    return &connections_[id - 1];
}

const std::vector<uint32_t> &Timeline::segmentIndices(uint32_t connectionId) const
{
    if (connectionId == 0 || connectionId > segmentsByConnection_.size())
        return kNoIndices;
    return segmentsByConnection_[connectionId - 1];
}

uint32_t Timeline::callConnection(size_t callIndex) const
{
    assignCalls();
    return callIndex < callConnection_.size() ? callConnection_[callIndex] : 0;
}

uint32_t Timeline::defaultConnectionId() const
{
    uint32_t latest = 0;
    for (auto it = connections_.rbegin(); it != connections_.rend(); ++it) {
        if (it->id == 0)
            continue;
        if (latest == 0)
            latest = it->id;
        if (it->sawSyn)
            return it->id;
    }
    return latest;
}

int64_t Timeline::firstSegmentTimeUs() const
{
    int64_t first = std::numeric_limits<int64_t>::max();
    for (const Span &span : spans_)
        if (span.any)
            first = std::min(first, span.firstUs);
    return first == std::numeric_limits<int64_t>::max() ? 0 : first;
}

const std::vector<TimelineStep> &Timeline::steps(uint32_t connectionId) const
{
    if (connectionId > connections_.size())
        return kNoSteps;
    assignCalls();
    if (steps_.size() <= connectionId) {
        steps_.resize(connections_.size() + 1);
        stepsValid_.resize(connections_.size() + 1, 0);
    }
    if (!stepsValid_[connectionId])
        buildSteps(connectionId);
    return steps_[connectionId];
}

void Timeline::assignCalls() const
{
    if (callsAssigned_)
        return;
    callsAssigned_ = true;

    const size_t ids = connections_.size() + 1;
    std::vector<std::vector<uint32_t>> byConnection(ids);
    callConnection_.assign(calls_.size(), 0);

    for (size_t i = 0; i < calls_.size(); ++i) {
        if (callTies_[i] != 0 && callTies_[i] < ids) {
            callConnection_[i] = callTies_[i];
            byConnection[callTies_[i]].push_back(static_cast<uint32_t>(i));
            continue;
        }
        const int64_t t = calls_[i].timeUs;
        uint32_t best = 0;
        int64_t bestDistance = std::numeric_limits<int64_t>::max();
        uint32_t next = 0, latest = 0;
        int64_t nextFirst = std::numeric_limits<int64_t>::max();
        int64_t latestFirst = std::numeric_limits<int64_t>::min();
        for (size_t k = 0; k < spans_.size(); ++k) {
            const Span &span = spans_[k];
            if (!span.any)
                continue;
            const auto id = static_cast<uint32_t>(k + 1);
            const int64_t distance = t < span.firstUs ? span.firstUs - t
                                     : t > span.lastUs ? t - span.lastUs
                                                       : 0;
            if (distance <= kCallSlackUs && distance <= bestDistance) {
                best = id; // "<=": the later connection wins a tie
                bestDistance = distance;
            }
            if (span.firstUs > t && span.firstUs < nextFirst) {
                next = id;
                nextFirst = span.firstUs;
            }
            if (span.firstUs <= t && span.firstUs >= latestFirst) {
                latest = id;
                latestFirst = span.firstUs;
            }
        }
        if (best == 0)
            best = opensSomething(calls_[i].call) ? next : (latest ? latest : next);
        callConnection_[i] = best;
        byConnection[best].push_back(static_cast<uint32_t>(i));
    }

    if (stepsValid_.size() < ids)
        stepsValid_.resize(ids, 0);
    if (callsByConnection_.size() < ids)
        callsByConnection_.resize(ids);
    for (size_t id = 0; id < ids; ++id) {
        if (byConnection[id] != callsByConnection_[id]) {
            stepsValid_[id] = 0;
            callsByConnection_[id] = std::move(byConnection[id]);
        }
    }
}

void Timeline::buildSteps(uint32_t connectionId) const
{
    std::vector<TimelineStep> &out = steps_[connectionId];
    out.clear();
    static const std::vector<uint32_t> none;
    const std::vector<uint32_t> &segs = connectionId ? segmentsByConnection_[connectionId - 1] : none;
    const std::vector<uint32_t> &logged =
        connectionId < callsByConnection_.size() ? callsByConnection_[connectionId] : none;

    // The calls: logged ones (time order) and inferred ones (inference order), merged by time.
    std::vector<TimelineStep> calls;
    inferred(connectionId, &calls);
    std::stable_sort(calls.begin(), calls.end(),
                     [](const TimelineStep &x, const TimelineStep &y) { return x.timeUs < y.timeUs; });
    if (!logged.empty()) {
        std::vector<TimelineStep> loggedSteps;
        loggedSteps.reserve(logged.size());
        for (uint32_t i : logged)
            loggedSteps.push_back({TimelineStep::Kind::Call, i, calls_[i].timeUs});
        std::vector<TimelineStep> both;
        both.reserve(calls.size() + loggedSteps.size());
        std::merge(loggedSteps.begin(), loggedSteps.end(), calls.begin(), calls.end(), std::back_inserter(both),
                   [](const TimelineStep &x, const TimelineStep &y) { return x.timeUs < y.timeUs; });
        calls = std::move(both);
    }
    out.reserve(segs.size() + calls.size());

    size_t s = 0, c = 0;
    while (s < segs.size() || c < calls.size()) {
        bool takeCall = false;
        const int64_t segTime = s < segs.size() ? segments_.timeUs(segs[s]) : 0;
        if (c < calls.size() && s < segs.size()) {
            takeCall = calls[c].timeUs < segTime
                       || (calls[c].timeUs == segTime && !followsSegment(call(calls[c]).call));
        } else {
            takeCall = c < calls.size();
        }
        if (takeCall) {
            out.push_back(calls[c]);
            ++c;
        } else {
            out.push_back({TimelineStep::Kind::Segment, segs[s], segTime});
            ++s;
        }
    }
    stepsValid_[connectionId] = 1;
    static std::atomic<uint64_t> generations{0};
    if (stepsGeneration_.size() <= connectionId)
        stepsGeneration_.resize(steps_.size(), 0);
    stepsGeneration_[connectionId] = ++generations;
}

uint64_t Timeline::stepsGeneration(uint32_t connectionId) const
{
    (void)steps(connectionId); // brings them up to date
    return connectionId < stepsGeneration_.size() ? stepsGeneration_[connectionId] : 0;
}

} // namespace hv
