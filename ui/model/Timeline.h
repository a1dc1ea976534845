#pragma once
// The GUI-thread model of everything that happened: segments and connections from the capture
// thread, the program's typed socket calls. No widgets. Layout, explanation and exports read it.
//
// Three rules make it true:
// - A call goes on the connection its socket has, by 4-tuple, never by time. A listening socket's
//   calls go on the connections that came to it: socket() bind() listen() on each, its close()
//   on those still waiting in its queues (the close is what resets them).
// - Steps are in causal order: a call after the segment that makes it possible and before the
//   segment it causes (connect() returns right after the SYN+ACK, accept() no earlier than the
//   ACK that completed the handshake, recv() after its data, every FIN after its close()).
// - A state is what the packets (the tracker's facts) or our own sockets prove: a SYN nobody has
//   answered leaves the server Unknown, or LISTEN where one of our listeners was listening.
// For a capture file nobody logged the calls: they are inferred from the tracker's facts.
#include "CaptureBatch.h"
#include "CompactSegment.h"
#include "SocketCall.h"

#include <QMetaType>
#include <QObject>
#include <array>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

namespace hv {

// One thing that happens on a connection's ladder, in the order it is drawn.
struct TimelineStep {
    enum class Kind : uint8_t { Segment, Call };
    Kind kind = Kind::Segment;
    // A segment: its index into Timeline::segments(). A call: Timeline::call(step) gives it; for a
    // logged call this is its index into Timeline::calls(), for an inferred one it names the
    // connection and which of its calls (isInferredCall()).
    uint32_t index = 0;
    // When it is drawn: a segment's capture time; a call's time, or for a call that a segment
    // made true, that segment's time (the program noticed later: SocketCall::timeUs).
    int64_t timeUs = 0;
    bool operator==(const TimelineStep &) const = default;
    // The same step, wherever and whenever it is drawn now.
    bool sameAs(const TimelineStep &o) const { return kind == o.kind && index == o.index; }

    static constexpr uint32_t kInferredBit = 0x80000000u;
    bool isInferredCall() const { return kind == Kind::Call && (index & kInferredBit); }
};

class Timeline;

// Timeline::segments(): the segments in capture order. Each is kept as a 36-byte record
// (SegmentStore) and unpacked, exactly, on access: operator[] returns a Segment by value, with
// the states as the timeline proves them (see Timeline::segment()).
// Valid until the timeline is cleared or destroyed.
class SegmentList {
public:
    size_t size() const;
    bool empty() const { return size() == 0; }
    Segment operator[](size_t i) const;

private:
    friend class Timeline;
    explicit SegmentList(const Timeline *timeline) : timeline_(timeline) {}
    const Timeline *timeline_;
};

// What one change did, for views that redraw only what changed.
struct TimelineUpdate {
    std::vector<uint32_t> steps;       // connections whose steps changed (grown, or revised: see stepsRevision())
    std::vector<uint32_t> connections; // connections new or whose snapshot changed
    bool looseSteps = false;           // steps(0) changed
    bool counts = false;               // counts() or errors() changed
    bool empty() const { return steps.empty() && connections.empty() && !looseSteps && !counts; }
};

class Timeline : public QObject {
    Q_OBJECT
public:
    explicit Timeline(QObject *parent = nullptr);

    void clear();
    // A new part of the same live session: everything is forgotten (as clear() does, cleared() is
    // emitted) except the source, the counts, which run on, and the local addresses. Segments and
    // calls that come next are numbered on; connections still open go on from their next segment,
    // as in a capture started while they were open.
    void startPart();
    // Which part of the session this is: 1, then one more at each startPart() (clear(): 1 again).
    int part() const { return part_; }
    // Heap bytes the model holds (segments, per-connection records, steps built, calls): an
    // estimate from capacities, in O(connections).
    size_t memoryBytes() const;
    void setSource(const SourceInfo &source);
    // This machine's own addresses (a wildcard listener takes connections to these only; loopback
    // is always local). Empty: unknown, any address counts.
    void setLocalAddresses(std::vector<IpAddress> addresses);
    bool isLocal(const IpAddress &address) const; // loopback, or one of those addresses
    void appendBatch(const CaptureBatch &batch);
    void appendCall(const SocketCall &call);
    void appendError(const CaptureError &error);
    // While held, the changes above wait and are applied in the order they came (with their
    // signals) at the last release(): an export that lets the event loop run for its progress
    // dialog reads a timeline that stays as it was, and references it holds stay valid.
    void hold();
    void release();
    bool isHeld() const { return holds_ > 0; }

    const SourceInfo &source() const { return source_; }
    bool isLive() const { return source_.kind != QLatin1String("file"); }
    const PacketCounts &counts() const { return counts_; }
    const std::vector<CaptureError> &errors() const { return errors_; }
    const std::vector<Connection> &connections() const { return connections_; } // index = id - 1
    SegmentList segments() const { return SegmentList(this); }                // capture order
    // Segment i with its states as proven: a server state the packets leave Unknown is LISTEN
    // where one of our listeners was listening for it.
    Segment segment(size_t i) const;
    size_t segmentCount() const { return segments_.size(); }
    // Heap bytes the segments take (records and side tables), for the benchmark.
    size_t segmentBytes() const { return segments_.memoryBytes(); }

    // The calls logged as they happened (live), in the order they were logged.
    const std::vector<SocketCall> &calls() const { return calls_; }
    // The call of a step of kind Call (a logged one or an inferred one).
    SocketCall call(const TimelineStep &step) const;
    // Every call, logged and inferred, in time order (exports), with the connection each is on
    // (0: a listener's own, or one on no connection captured).
    struct PlacedCall {
        SocketCall call;
        uint32_t connection = 0;
        int64_t drawnUs = 0; // where its connection's ladder draws it (SocketCall::timeUs, or the segment that made it true)
    };
    std::vector<PlacedCall> allCalls() const;
    // The same calls in the same order, each by reference (24 bytes, where a PlacedCall takes
    // ~100): an export of a file with a million inferred calls writes them one at a time.
    struct CallRef {
        int64_t drawnUs = 0;
        uint64_t order = 0;      // at the same time: logged ones as logged, inferred ones by frame
        uint32_t connection = 0; // as PlacedCall::connection
        uint32_t index = 0;      // as TimelineStep::index of a call: into calls(), or an inferred one
    };
    std::vector<CallRef> callOrder() const;
    PlacedCall placedCall(const CallRef &ref) const;
    // The connection whose 4-tuple the socket of logged call `callIndex` has (0: none, or a listener).
    uint32_t callConnection(size_t callIndex) const;

    // The connection with that id, or nullptr (unknown id, or a gap left by a batch that skipped ids).
    const Connection *connection(uint32_t id) const;
    // Indices into segments() of one connection, in capture order.
    const std::vector<uint32_t> &segmentIndices(uint32_t connectionId) const;
    // The state of `side` of the connection as its packets show it at `timeUs` (after its last
    // segment captured at or before then; before the first, the connection's initial state).
    TcpState stateAt(uint32_t connectionId, Side side, int64_t timeUs) const;
    // Whether the kernel's own view sampled with a call (SocketCall::kernel) agrees with the state
    // the packets show at that moment: nullopt when there is nothing to compare (no sample, no
    // connection, or a state the packets leave Unknown).
    std::optional<bool> kernelAgrees(const SocketCall &call, uint32_t connectionId) const;
    // The ids of the connections that have a snapshot and a segment, increasing: the ladders of
    // "all connections". Kept as batches come (a view reads it without going over every connection).
    const std::vector<uint32_t> &connectionsWithSegments() const { return withSegments_; }
    // The states before a connection's first segment, as proven (the top of its ladder).
    TcpState initialClientState(uint32_t connectionId) const;
    TcpState initialServerState(uint32_t connectionId) const;
    // One of our listeners was listening for this connection (its server endpoint, when it began).
    bool reachedOurListener(uint32_t connectionId) const;

    // The ladder of one connection in causal order: its segments (capture order) and the calls
    // of its sockets and its listener. steps(0): the calls drawn on no connection's ladder (a
    // listener before any client, a connect whose SYN was never captured).
    // The reference stays valid until the next change of the timeline.
    const std::vector<TimelineStep> &steps(uint32_t connectionId) const;
    // The same steps, not kept: those steps() keeps when they are up to date, else built into
    // `scratch`. An export walks every connection once; through steps() it would leave every
    // connection's steps in memory. Valid until the next change, or the next use of `scratch`.
    const std::vector<TimelineStep> &stepsOnce(uint32_t connectionId, std::vector<TimelineStep> *scratch) const;
    // The steps as last built, not brought up to date (changes since wait for the next steps()),
    // with their generation (0: never built), and how many of them are still the steps of an
    // older `generation` (as stepsUnchangedSince(), without building). A ladder's rows read these
    // between two layouts: rows laid out from the steps of then, never from newer ones.
    const std::vector<TimelineStep> &stepsAsBuilt(uint32_t connectionId, uint64_t *generation) const;
    size_t stepsAsBuiltUnchangedSince(uint32_t connectionId, uint64_t generation) const;
    // Changes whenever steps(connectionId) is rebuilt, unique across timelines: a ladder laid out
    // from the same generation has exactly these steps, without comparing them one by one.
    uint64_t stepsGeneration(uint32_t connectionId) const;
    // Changes only when steps(connectionId) changed other than by growing at the end: a ladder
    // laid out at the same revision can lay out just the new steps.
    uint64_t stepsRevision(uint32_t connectionId) const;
    // How many leading steps of the connection, and the rows drawn from them, are as they were at
    // stepsGeneration() == `generation`: all of them (SIZE_MAX) when they only grew since, 0 when
    // that is too long ago to tell. A view lays out again only what follows.
    size_t stepsUnchangedSince(uint32_t connectionId, uint64_t generation) const;
    // The position (in segmentIndices()) of the last FIN `side` sent before position `before`,
    // or -1: in O(log FINs), however long the connection.
    int64_t lastFinBefore(uint32_t connectionId, Side side, uint32_t before) const;
    // The position of the first FIN (counted as lastFinBefore() counts them) or the first RST
    // `side` sent, or -1: in O(1).
    int64_t firstFin(uint32_t connectionId, Side side) const;
    int64_t firstRst(uint32_t connectionId, Side side) const;
    // How many of the connection's segments, from its first, were captured at or before
    // `timeUs` (a connection's segments are in capture order, their times never go back): in
    // O(log segments).
    uint32_t segmentsUpTo(uint32_t connectionId, int64_t timeUs) const;

    // How many calls the builds of steps(0) have read so far: each build reads the calls that are
    // or may still be loose, not the whole log (tests hold it to that).
    uint64_t looseCallsRead() const { return looseCallsRead_; }

    // Whether any call was inferred from packets rather than logged (a capture file's calls).
    bool hasInferredCalls() const { return inferredAny_; }

    // What a view shows when the user picked nothing: the latest connection that saw a SYN, else
    // the latest connection, else 0.
    uint32_t defaultConnectionId() const;

    // Time of the earliest segment (0 if none): the origin of relative times in text exports.
    int64_t firstSegmentTimeUs() const;

Q_SIGNALS:
    void cleared();
    void sourceChanged();
    void updated(const hv::TimelineUpdate &update);

private:
    // What the program's sockets are: attribution by 4-tuple, kept per socket number.
    struct SocketRecord {
        CallSide side = CallSide::Client;
        bool isListener = false;
        bool tupleKnown = false;
        uint32_t listener = 0; // accepted: its listening socket
        Endpoint local, peer;
        int64_t anchorUs = 0;  // connect() (client) or accept() returning (server)
        uint32_t connection = 0;
        std::vector<uint32_t> calls; // indices into calls_
    };
    struct ListenerRecord {
        uint32_t socket = 0;
        Endpoint local;
        bool dualStack = false;
        int64_t listenUs = 0;
        int64_t closeUs = std::numeric_limits<int64_t>::max();
        std::vector<uint32_t> opening; // socket(), bind(), listen(): indices into calls_
        uint32_t closeCall = kNoCall;
        uint32_t members = 0;
    };
    struct ConnectionRecord {
        std::vector<uint32_t> segments; // indices into segments_
        // Positions in `segments` of the first and the last FIN each side sent (not SYN+FIN or
        // RST+FIN nonsense); [0] client, [1] server; 0xFFFFFFFF: none.
        uint32_t firstFin[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
        uint32_t lastFin[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
        uint32_t firstRst[2] = {0xFFFFFFFFu, 0xFFFFFFFFu}; // the first RST each side sent
        int64_t firstUs = 0, lastUs = 0;
        int64_t finishedUs = std::numeric_limits<int64_t>::max(); // both sides gone from then
        uint32_t clientSocket = 0, serverSocket = 0;
        int32_t listener = -1;     // index into listeners_
        bool acceptedByUs = false; // serverSocket came from accept()
        bool listed = false;       // in withSegments_
    };
    static constexpr uint32_t kNoCall = 0xFFFFFFFFu;
    // Inferred calls of a capture file, by kind (TimelineStep index: bit 31, id << 3, kind).
    enum InferredCall : uint8_t {
        Listen, Connect, ConnectReturns, AcceptReturns, ClientClose, ServerClose,
        ServerConnect, ServerConnectReturns, // a simultaneous open: the "server" connected too
        InferredKinds
    };
    static_assert(InferredKinds <= 8, "a step names an inferred call in 3 bits");

    friend class SegmentList;
    void touch(uint32_t connectionId);
    void growConnections(uint32_t count);
    void touchLoose();
    void list(uint32_t connectionId);
    void flush(TimelineUpdate update = {});
    TimelineUpdate pending_;
    uint32_t updateSerial_ = 1;
    std::vector<uint32_t> touchedIn_; // per connection id: the update that last touched it

    static uint64_t tupleKey(const Endpoint &a, const Endpoint &b);
    void indexConnection(uint32_t id);
    void resolve(uint32_t socket);
    bool matchesListener(const ListenerRecord &l, uint32_t connectionId) const;
    void joinListener(uint32_t connectionId);
    bool finishedBy(uint32_t connectionId, int64_t timeUs) const;
    uint32_t positionOfFrame(uint32_t connectionId, uint32_t frame) const; // in the connection's segments
    void buildSteps(uint32_t connectionId) const;
    int holds_ = 0;
    int part_ = 1;
    std::vector<std::function<void()>> held_; // changes waiting for release()
    void inferredSteps(uint32_t connectionId, std::vector<TimelineStep> *out,
                       std::vector<uint32_t> *positions = nullptr) const;
    SocketCall inferredCall(uint32_t connectionId, unsigned kind, int64_t timeUs) const;
    bool listenerCloseApplies(const ListenerRecord &l, uint32_t connectionId) const;
    TcpState proven(TcpState server, uint32_t connectionId, int64_t timeUs) const;
    bool listeningAt(uint32_t connectionId, int64_t timeUs) const; // our listener of it listened then

    SourceInfo source_;
    PacketCounts counts_;
    std::vector<CaptureError> errors_;
    std::vector<Connection> connections_;
    SegmentStore segments_; // packed against connections_ (the latest snapshots)
    std::vector<ConnectionRecord> records_; // index = id - 1
    std::vector<uint32_t> withSegments_;    // connectionsWithSegments()
    std::vector<SocketCall> calls_;
    std::unordered_map<uint32_t, SocketRecord> sockets_;
    std::vector<ListenerRecord> listeners_;
    std::unordered_map<uint64_t, std::vector<uint32_t>> connectionsByTuple_; // ids on a tuple
    std::unordered_map<uint64_t, std::vector<uint32_t>> pendingByTuple_;     // sockets waiting for theirs
    bool tupleIndexed_ = false; // connectionsByTuple_ is built (the first socket of ours asked)
    std::vector<IpAddress> localAddresses_;
    bool inferredAny_ = false;
    uint32_t latestId_ = 0, latestWithSyn_ = 0; // defaultConnectionId(), kept as batches come

    // Steps are built when asked for (at most ~60 times a second), changes come far more often.
    // A deque: growing it for a new connection leaves every connection's vector where it was, so
    // the pointers a ladder and the stepper hold to the steps on screen (steps(id)) stay valid
    // until clear() (which they are told about).
    mutable std::deque<std::vector<TimelineStep>> steps_; // index = id (0: loose calls)
    // The calls that are on nobody's ladder or may still be (indices into calls_, increasing):
    // those of sockets not yet given a connection, of listeners, of no socket. A socket given its
    // connection keeps it, so its calls leave for good when steps(0) is next built: that build
    // reads only these, not every call of the session (a class's 3,000 connections log ~20,000,
    // and every connection captured changes steps(0)).
    mutable std::vector<uint32_t> looseCandidates_;
    mutable uint64_t looseCallsRead_ = 0; // calls the builds of steps(0) have read, for the tests
    mutable std::vector<char> stepsValid_;
    mutable std::vector<uint64_t> stepsGeneration_;
    mutable std::vector<uint64_t> stepsRevision_;
    // Where a call goes among a connection's segments (see buildSteps()).
    struct StepPlace {
        uint32_t position; // before segment `position` (all of them: after the last)
        int64_t timeUs;
        uint64_t order;
        TimelineStep step;
        bool operator==(const StepPlace &) const = default;
    };
    // Where each call of a connection goes among its segments, sorted as drawn (connection 0:
    // the loose calls, by time); *inferred: whether inferred calls are among them.
    // `memo`: the last build of a live connection, to place only what may have moved (or null).
    struct StepsMemo;
    void placeCalls(uint32_t connectionId, std::vector<StepPlace> *placed, bool *inferred,
                    const StepsMemo *memo = nullptr) const;
    // Appends the connection's steps from its segment `k` and placed[p] on; returns the size
    // `out` had after the last segment (prefixEnd when none was added).
    uint32_t mergeSteps(uint32_t connectionId, const std::vector<StepPlace> &placed, size_t p, uint32_t k,
                        uint32_t prefixEnd, std::vector<TimelineStep> *out) const;
    // What the last build of a live connection's steps was made of, to continue it when only
    // segments came: how many segments, where the step after the last of them went, the calls
    // placed. (A file's steps are built once, with inferred calls: no memo for them.)
    struct StepsMemo {
        uint32_t segments = 0;
        uint32_t prefixEnd = 0;
        std::vector<StepPlace> placed;
        // What placed them: every call before callsSeen, on these sockets and this listener.
        size_t callsSeen = 0;
        uint32_t clientSocket = 0, serverSocket = 0;
        int32_t listener = -1;
    };
    mutable std::unordered_map<uint32_t, StepsMemo> stepsMemo_;
    // Per connection, what the last build left as it was: the generation before it, and how many
    // leading steps (and rows drawn from them) the build kept (max: all, it only grew). State
    // revisions since the last build lower it (rows from that segment on show other states).
    mutable std::vector<uint64_t> stepsPreviousGeneration_;
    mutable std::vector<uint32_t> stepsUnchanged_;
    mutable std::vector<uint32_t> revisedFrom_;
};

} // namespace hv

Q_DECLARE_METATYPE(hv::TimelineUpdate)
