#pragma once
// Where everything of one connection's ladder goes: a pure function of the timeline, a font and a
// width. No widget, no painter: the view, the exporters and the tests all read the same geometry.
#include "CallText.h"
#include "Timeline.h"

#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <vector>

namespace hv {

// Fields a worksheet leaves blank for students to fill in (LadderOptions::blanks).
namespace LadderBlank {
constexpr uint8_t Seq = 0x1;
constexpr uint8_t Ack = 0x2;
constexpr uint8_t States = 0x4; // state boxes and the kernel's word on them
constexpr uint8_t All = Seq | Ack | States;
} // namespace LadderBlank
// "______": what a blank field shows.
QString ladderBlankText();

struct LadderOptions {
    bool relativeNumbers = true; // Seq/Ack relative to each side's ISN (Wireshark's default)
    bool legend = true;          // a key to colours and shapes under the title
    uint8_t stateNaming = 0;     // StateNaming (CallText.h) the labels were made in: a change lays out again
    // A worksheet: these fields drawn blank (LadderBlank bits), the teaching notes (which give the
    // arithmetic away) left out, and the title says so. 0: the ladder as it is.
    uint8_t blanks = 0;
    bool operator==(const LadderOptions &) const = default;
};

// Every font the ladder uses, all sized in pixels so that metrics taken here hold on any paint
// device (screen, a 2x QImage, an SVG generator at 72 dpi).
struct LadderFonts {
    QFont title;
    QFont role;     // "client", bold
    QFont endpoint; // "127.0.0.1:46728"
    QFont label;    // "SYN, ACK"
    QFont numbers;  // "Seq=0 Ack=1"
    QFont note;     // the teaching note, italic
    QFont small;    // time gutter, call details
    QFont state;    // state boxes: "ESTABLISHED"
    QFont code;     // call markers: "connect()"

    static LadderFonts fromBase(const QFont &base);
};

enum class ArrowKind : uint8_t { Syn, Ack, Data, Fin, Rst };
ArrowKind arrowKind(uint16_t flags, uint32_t len);

// A piece of text as drawn: already elided so that it fits `rect`.
struct LadderText {
    QString text;
    QRectF rect;
    bool elided = false;
};

struct LadderHeader {
    QRectF rect;
    QString role;     // "client"
    QString endpoint; // "127.0.0.1:46728" ("" when not known yet)
    QString text;     // "client 127.0.0.1:46728"
    LadderText roleText, endpointText;
};

struct LadderStateBox {
    Side side = Side::Client;
    TcpState state = TcpState::Closed;
    LadderText text;  // "ESTABLISHED"; text.rect is the box
    QPointF anchor;   // the point of the lifeline it belongs to
};

struct LadderCallMarker {
    CallSide side = CallSide::Client;
    LadderText text;   // "connect()"; text.rect is the marker
    LadderText detail; // "127.0.0.1:6666 backlog 50", in the middle, next to the caller
    bool inferred = false;
    bool kernelDisagrees = false; // TCP_INFO says another state than the packets: drawn in red (should never happen)
    QPointF anchor;    // dot on the caller's lifeline
};

// One step of the ladder. Rows are stacked top to bottom without overlapping.
struct LadderRow {
    TimelineStep step;
    qreal top = 0, bottom = 0;
    LadderText gap; // "+0.052 ms" in the left gutter (the first row: the clock time)

    // Segment rows
    Side from = Side::Client;
    ArrowKind kind = ArrowKind::Ack;
    bool retransmission = false;
    bool lost = false;          // the lab dropped it: drawn stopping short of the receiver, with a cross
    QPointF arrowFrom, arrowTo; // sender lifeline -> receiver lifeline, slanting down
    LadderText label;           // "PSH, ACK - Len: 5"
    LadderText numbers;         // "Seq=1 Ack=1"
    LadderText note;            // "next seq = seq + len = 1 + 5 = 6"
    LadderText noteContinued;   // a second line when the note is wider than the arrow
    bool noteIsWarning = false; // retransmission, RST, anomalies
    std::vector<LadderStateBox> states; // sides whose state changed with this segment

    // Call rows
    bool isCall = false;
    LadderCallMarker call;

    QRectF rect(qreal width) const { return QRectF(0, top, width, bottom - top); }
};

// One entry of the key: a sample of the mark, then its meaning.
struct LadderLegendItem {
    enum class Mark : uint8_t { Arrow, Retransmission, State, Call, InferredCall };
    Mark mark = Mark::Arrow;
    ArrowKind kind = ArrowKind::Syn; // for Arrow
    QRectF sample;
    LadderText text;
};

// What the next row needs to know about the rows above it.
struct LadderTail {
    qreal nextTop = 0; // where the next row starts
    bool hasPrevious = false;
    int64_t previousTimeUs = 0;
    bool sawSegment = false;
    bool clientStateKnown = false, serverStateKnown = false;
    TcpState clientState = TcpState::Closed, serverState = TcpState::Closed;
    bool previousWasSynAck = false; // the last segment was a SYN+ACK from the server
    uint32_t synAckSeq = 0;         // its sequence number (absolute)
};

struct LadderRowContext; // how the rows of one layout are made (fonts, columns, the timeline)

// The rows of one ladder. Where every row goes is known at once: its height comes from typed
// facts and cached widths (no text is shaped for it), two bytes a row. Its words and shapes are
// made when the row is read, and the last few hundred read are kept: a ladder of a million
// steps costs a few MB, and painting reads only the rows on screen.
// Rows read the timeline they were laid out from: lay out again after it changes (it may only
// grow in between: a row past its steps comes back empty).
class LadderRows {
public:
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = LadderRow;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = LadderRow;
        const_iterator() = default;
        const_iterator(const LadderRows *rows, size_t i) : rows_(rows), i_(i) {}
        LadderRow operator*() const { return (*rows_)[i_]; }
        const_iterator &operator++() { ++i_; return *this; }
        const_iterator operator++(int) { const_iterator t = *this; ++i_; return t; }
        const_iterator &operator--() { --i_; return *this; }
        const_iterator &operator+=(difference_type n) { i_ = size_t(difference_type(i_) + n); return *this; }
        const_iterator operator+(difference_type n) const { return {rows_, size_t(difference_type(i_) + n)}; }
        difference_type operator-(const const_iterator &o) const { return difference_type(i_) - difference_type(o.i_); }
        bool operator==(const const_iterator &o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator &o) const { return i_ != o.i_; }
        bool operator<(const const_iterator &o) const { return i_ < o.i_; }

    private:
        const LadderRows *rows_ = nullptr;
        size_t i_ = 0;
    };

    size_t size() const { return heights_.size(); }
    bool empty() const { return heights_.empty(); }
    // Row i with its words and shapes (made now, or kept from an earlier read).
    LadderRow operator[](size_t i) const;
    LadderRow front() const { return (*this)[0]; }
    LadderRow back() const { return (*this)[size() - 1]; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    // Cheap: no words made.
    qreal top(size_t i) const;
    qreal bottom(size_t i) const { return top(i) + heights_[i]; }
    TimelineStep step(size_t i) const;
    // The timeline's steps the rows are made from (their first size()); null before any layout.
    const std::vector<TimelineStep> *steps() const;
    // First row whose bottom lies below y (size() if none).
    size_t firstBelow(qreal y) const;
    // What they keep: heights, checkpoints and the rows kept from reads.
    size_t bytes() const;

private:
    friend struct LadderRowsAccess;
    static constexpr size_t kBlock = 128; // a checkpoint of the tail every kBlock rows
    static constexpr size_t kKept = 384;  // rows kept from reads
    std::shared_ptr<LadderRowContext> context_;
    std::vector<uint16_t> heights_;
    std::vector<LadderTail> blocks_; // the tail before row k * kBlock (nextTop: that row's top)
    struct Cursor {
        size_t next = 0; // the row the tail is before
        LadderTail tail;
        bool valid = false;
    };
    mutable Cursor cursor_;
    mutable std::unordered_map<size_t, LadderRow> kept_;
    uint64_t generation_ = 0; // of the timeline's steps they were laid out from
    // The steps of the layout as they are now, and how many of them are still those of the layout
    // (all, unless someone rebuilt them since: then the rows past them are left blank until the
    // next layout, never drawn from other steps than their heights came from).
    const std::vector<TimelineStep> &currentSteps(size_t *valid) const;
};

struct LadderGeometry {
    // Inputs, kept to tell whether an update can just append rows.
    uint32_t connectionId = 0;
    QFont baseFont;
    qreal requestedWidth = 0;
    LadderOptions options;
    uint64_t stepsGeneration = 0;    // Timeline::stepsGeneration() they were taken from
    uint64_t stepsRevision = 0;      // Timeline::stepsRevision() they were taken at
    TcpState initialClient = TcpState::Unknown, initialServer = TcpState::Unknown; // the boxes at the top

    LadderFonts fonts;
    QSizeF contentSize;
    LadderText title;  // "Connection 1 · handshake complete"
    LadderText gutterTitle; // "time" ("" when the gutter had to go for lack of width)
    std::vector<LadderLegendItem> legend;
    qreal unit = 16; // the label line height: strokes, arrowheads and dots scale with it
    qreal clientX = 0, serverX = 0;
    qreal lifelineTop = 0, lifelineBottom = 0;
    qreal gutterRight = 0; // the time gutter ends here
    LadderHeader client, server;
    qreal topOfHeaders = 0; // below the title and the legend
    qreal headerBottom = 0;
    std::vector<LadderStateBox> initialStates; // CLOSED / LISTEN at the top
    LadderRows rows; // one per step of Timeline::steps(connectionId), in that order
    LadderText emptyText; // shown when there is nothing to draw yet

    // First row whose bottom lies below y (rows.size() if none): rows are sorted and disjoint.
    size_t firstRowBelow(qreal y) const { return rows.firstBelow(y); }
    // The row containing y, or -1.
    int rowAt(qreal y) const;

    // Where the next row starts, and what the next row needs to know about the rows above.
    using Tail = LadderTail;
    Tail tail;
    // Column metrics fixed at the first layout (so appended rows line up).
    qreal outerWidth = 0, middleWidth = 0;
};

// Lays out the ladder of one connection (0: the socket calls not tied to any connection yet).
// `font` is the base font (its point size is converted to pixels at 96 dpi); `width` the
// width available in logical pixels. The content may come out wider when `width` is too narrow
// for the minimum layout.
LadderGeometry layoutLadder(const Timeline &timeline, uint32_t connectionId, const QFont &font,
                            qreal width, const LadderOptions &options = {});

// Brings `geometry` up to date. When only steps were appended (the live case) the new rows are
// laid out after the existing ones; otherwise the whole ladder is laid out again.
// Returns true when it had to start over.
bool updateLadder(LadderGeometry &geometry, const Timeline &timeline, uint32_t connectionId,
                  const QFont &font, qreal width, const LadderOptions &options = {});

// Several ladders one under another, each with its own title and role headers: what "All
// connections" shows and what an export of more than one connection draws. Each ladder is laid
// out exactly as it would be alone, except that only the first carries the legend.
struct LadderStack {
    std::vector<LadderGeometry> ladders;
    std::vector<qreal> offsets; // top of each ladder, in the stack's coordinates
    qreal separator = 0;        // the gap between two ladders (a dashed line runs in its middle)
    QSizeF contentSize;
    // Connections asked for but past the limits of updateStack(), and their steps.
    size_t omittedLadders = 0, omittedSteps = 0;
    LadderText omittedText; // "19,800 more connections …", under the last ladder ("" if none)
    QFont omittedFont;

    // The ladder whose span (with the gap below it) holds y: the first when y is above the stack,
    // ladders.size() when it is below or the stack is empty.
    size_t ladderAt(qreal y) const;
};

// What "all connections" shows: every connection that has a segment, in id order, then the calls
// tied to no connection (0) if there are any, or alone when there is nothing else.
std::vector<uint32_t> stackedConnections(const Timeline &timeline);

// Brings `stack` up to date with the ladders of `ids`, in that order (updateLadder on each: a
// ladder that only gained steps is appended to). Returns true when any ladder had to start over.
// At most `maxLadders` are laid out, and none that would start below `maxHeight`: a capture of
// thousands of connections would take seconds and hundreds of MB for ladders nobody scrolls to.
// The rest are counted, and a line under the last ladder says so.
bool updateStack(LadderStack &stack, const Timeline &timeline, const std::vector<uint32_t> &ids,
                 const QFont &font, qreal width, const LadderOptions &options = {},
                 size_t maxLadders = size_t(-1), qreal maxHeight = 1e300);

} // namespace hv
