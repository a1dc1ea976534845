#pragma once
// The GUI-thread model of everything that happened: segments and connections from the capture
// thread, socket calls from the chat objects. No widgets. Paint code and exporters read it.
// For a capture file nobody logged the socket calls: they are inferred from the packets.
#include "CaptureBatch.h"
#include "CompactSegment.h"
#include "SocketCall.h"

#include <QObject>
#include <array>
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
    int64_t timeUs = 0;
    bool operator==(const TimelineStep &) const = default;

    static constexpr uint32_t kInferredBit = 0x80000000u;
    bool isInferredCall() const { return kind == Kind::Call && (index & kInferredBit); }
};

// Timeline::segments(): the segments in capture order. Each is kept as a 36-byte record
// (SegmentStore) and unpacked, exactly, on access: operator[] returns a Segment by value.
// Valid until the timeline is cleared or destroyed.
class SegmentList {
public:
    size_t size() const { return store_->size(); }
    bool empty() const { return store_->size() == 0; }
    Segment operator[](size_t i) const { return store_->get(i, *connections_); }

private:
    friend class Timeline;
    SegmentList(const SegmentStore *store, const std::vector<Connection> *connections)
        : store_(store), connections_(connections) {}
    const SegmentStore *store_;
    const std::vector<Connection> *connections_;
};

class Timeline : public QObject {
    Q_OBJECT
public:
    explicit Timeline(QObject *parent = nullptr);

    void clear();
    void setSource(const SourceInfo &source);
    void appendBatch(const CaptureBatch &batch);
    void appendCall(const SocketCall &call);
    // A call known to belong to that connection: callConnection()'s time rule does not apply.
    void appendCallFor(uint32_t connectionId, const SocketCall &call);
    void appendError(const CaptureError &error);

    const SourceInfo &source() const { return source_; }
    const PacketCounts &counts() const { return counts_; }
    const std::vector<CaptureError> &errors() const { return errors_; }
    const std::vector<Connection> &connections() const { return connections_; } // index = id - 1
    SegmentList segments() const { return {&segments_, &connections_}; }       // capture order
    // Heap bytes the segments take (records and side tables), for the benchmark.
    size_t segmentBytes() const { return segments_.memoryBytes(); }
    // The calls logged as they happened (live), in time order. A capture file's calls are not
    // kept: they are inferred from the packets when a ladder asks (steps(), call(), allCalls()).
    const std::vector<SocketCall> &calls() const { return calls_; }
    // The call of a step of kind Call (a logged one or an inferred one).
    SocketCall call(const TimelineStep &step) const;
    // Every call, logged and inferred, in time order (exports).
    std::vector<SocketCall> allCalls() const;

    // The connection with that id, or nullptr (unknown id, or a gap left by a batch that skipped ids).
    const Connection *connection(uint32_t id) const;
    // Indices into segments() of one connection, in capture order.
    const std::vector<uint32_t> &segmentIndices(uint32_t connectionId) const;

    // The ladder of one connection: its segments (capture order) merged with the socket calls
    // attached to it (time order). Stable: a call goes before a segment with the same timestamp,
    // except "... returns" and "recv", which a segment causes and so follow it.
    // steps(0) holds the calls attached to no connection yet (e.g. listen() before any traffic).
    // The reference stays valid until the next change of the timeline.
    const std::vector<TimelineStep> &steps(uint32_t connectionId) const;
    // Changes whenever steps(connectionId) is rebuilt, unique across timelines: a ladder laid out
    // from the same generation has exactly these steps, without comparing them one by one.
    uint64_t stepsGeneration(uint32_t connectionId) const;

    // Which connection the logged call calls()[callIndex] is drawn on (0: none yet). Live calls carry no connection, so:
    // a call belongs to the connection whose span [first segment - 1 s, last segment + 1 s] holds it
    // (the nearest such span, the later connection on a tie); outside every span, a call that opens
    // something (socket, bind, listen, connect) goes to the next connection to start, if any, and
    // any other call to the latest connection started before it.
    // A call appended with a connection id stays on that connection. (An inferred call is always
    // on the connection whose packets it was inferred from.)
    uint32_t callConnection(size_t callIndex) const;

    // Whether any call was inferred from packets rather than logged (a capture file's calls).
    bool hasInferredCalls() const { return inferredCalls_ > 0; }

    // What a view shows when the user picked nothing: the latest connection that saw a SYN, else
    // the latest connection, else 0.
    uint32_t defaultConnectionId() const;

    // Time of the earliest segment (0 if none): the origin of relative times in text exports.
    int64_t firstSegmentTimeUs() const;

Q_SIGNALS:
    void changed();

private:
    void insertCall(const SocketCall &call, uint32_t connectionId);
    void inferCalls(const Segment &segment, uint32_t index);
    void assignCalls() const;
    void buildSteps(uint32_t connectionId) const;

    struct Span {
        int64_t firstUs = 0, lastUs = 0;
        bool any = false;
    };

    SourceInfo source_;
    PacketCounts counts_;
    std::vector<CaptureError> errors_;
    std::vector<Connection> connections_;
    SegmentStore segments_; // packed against connections_ (the latest snapshots)
    std::vector<SocketCall> calls_;
    std::vector<uint32_t> callTies_; // parallel to calls_: the connection it was appended for, or 0
    size_t inferredCalls_ = 0;

    // What the packets of a capture file have shown so far of one connection's socket calls:
    // each call happens at most once per connection, so a time per kind is all there is to keep
    // (the texts are written when a ladder asks for them).
    enum InferredCall : uint8_t { Listen, Connect, ConnectReturns, AcceptReturns, ClientClose, ServerClose, InferredKinds };
    struct Inference {
        bool seen = false; // a segment of it arrived: the states below are those after it
        TcpState client = TcpState::Closed, server = TcpState::Listen;
        uint8_t have = 0;       // bit k: call k was inferred
        bool refused = false;   // connect() returned -1 (a RST answered the SYN)
        // segment[k]: the index in segments() of the segment that showed call k. The call has its
        // time; calls are ordered by it (then by kind: listen before connect).
        std::array<uint32_t, InferredKinds> segment{};
        bool has(InferredCall k) const { return have & (1u << k); }
    };
    std::vector<Inference> inference_; // index = id - 1
    void inferred(uint32_t connectionId, std::vector<TimelineStep> *out) const;
    SocketCall inferredCall(uint32_t connectionId, unsigned kind) const;

    std::vector<std::vector<uint32_t>> segmentsByConnection_; // index = id - 1
    std::vector<Span> spans_;                                 // index = id - 1

    // Caches rebuilt on demand: steps are asked for at most ~60 times a second, changes can
    // come far more often.
    mutable bool callsAssigned_ = false;
    mutable std::vector<uint32_t> callConnection_;                 // per call
    mutable std::vector<std::vector<uint32_t>> callsByConnection_; // index = id (0: none)
    mutable std::vector<std::vector<TimelineStep>> steps_;         // index = id (0: unattached calls)
    mutable std::vector<char> stepsValid_;                         // index = id
    mutable std::vector<uint64_t> stepsGeneration_;                // index = id
};

} // namespace hv
