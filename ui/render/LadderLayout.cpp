#include "LadderLayout.h"

#include "CallText.h"
#include "VectorState.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QHash>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace hv {

// Named, not anonymous: LadderRowContext (declared in the header) holds a Builder.
namespace ladder_detail {

int pixelSizeOf(const QFont &font)
{
    if (font.pixelSize() > 0)
        return font.pixelSize();
    if (font.pointSizeF() > 0)
        return qRound(font.pointSizeF() * 96.0 / 72.0);
    return 14;
}

QFont sized(const QFont &base, qreal px, QFont::Weight weight = QFont::Normal, bool italic = false)
{
    QFont f = base;
    f.setPixelSize(std::max(8, qRound(px)));
    f.setWeight(weight);
    f.setItalic(italic);
    return f;
}

// Every state and call a ladder may show: the side columns are sized for the widest of them,
// not for what this connection happens to contain, so that rows appended later line up and
// stacked ladders share their columns.
const char *const kStateSamples[] = {"ESTABLISHED", "FIN_WAIT_1", "CLOSE_WAIT", "TIME_WAIT", "SYN_SENT"};
const char *const kCallSamples[] = {"accept() returns", "connect() returns", "connect()"};

QString clockTime(int64_t timeUs)
{
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString roleName(Side side)
{
    return side == Side::Client ? QCoreApplication::translate("LadderLayout", "client")
                                : QCoreApplication::translate("LadderLayout", "server");
}

// Font metrics that remember widths: shaping a string costs microseconds, and a long ladder
// measures the same labels ("ACK", "+0.010 ms") over and over.
class Metrics {
public:
    explicit Metrics(const QFont &font) : fm_(font) {}
    qreal height() const { return fm_.height(); }
    qreal horizontalAdvance(const QString &text) const
    {
        if (const auto it = cache_.constFind(text); it != cache_.cend())
            return *it;
        if (cache_.size() > 4096)
            cache_.clear(); // mostly one-off numbers by then
        const qreal w = fm_.horizontalAdvance(text);
        cache_.insert(text, w);
        return w;
    }
    QString elidedText(const QString &text, Qt::TextElideMode mode, qreal width) const
    {
        return fm_.elidedText(text, mode, width);
    }

private:
    QFontMetricsF fm_;
    mutable QHash<QString, qreal> cache_;
};

// What decides the place of a segment row's words: their widths. For a row's height these are
// worked out from typed facts (the flags, the number of digits) and widths measured once per
// layout, never by shaping the row's own strings; the row's words, made when it is read, go in
// the same places. The estimates are upper bounds (every digit as wide as the widest), so the
// words never cross the arrow.
struct SegmentWidths {
    qreal label = 0, numbers = 0, note = 0, note2 = 0;
    int noteLines = 0; // 0, 1 or 2
};

// Which teaching note a segment carries, with its numbers: the one place that decides it.
enum class NoteKind : uint8_t {
    None, DroppedByLab, Anomaly, Retransmission, RstRefused, RstAbort, IsnRelative, Isn, SynAck, FinWithData, Fin, Data, ThirdAck,
    Count
};
struct NoteFacts {
    NoteKind kind = NoteKind::None;
    uint32_t a = 0, b = 0, c = 0; // the numbers, in the order of %1 %2 %3
    int args = 0;
};

// The vertical places of a segment row's parts.
struct SegmentPlaces {
    qreal labelTop = 0, midY = 0, y0 = 0, y1 = 0, numbersTop = 0, noteTop = 0, note2Top = 0, bottom = 0;
};

int digits(uint32_t v)
{
    // Comparisons, not divisions: every row's numbers are measured this way.
    static constexpr uint32_t kPowers[] = {10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u};
    int n = 1;
    for (uint32_t p : kPowers) {
        if (v < p)
            break;
        ++n;
    }
    return n;
}

// Lays out rows one by one; all metrics come from the geometry's fonts and fixed columns so that
// a later call can continue where an earlier one stopped, and a row can be made again alone from
// the tail before it.
class Builder {
public:
    Builder(LadderGeometry &g, const Timeline &timeline)
        : g_(g), timeline_(timeline), fmLabel_(g.fonts.label), fmNumbers_(g.fonts.numbers),
          fmNote_(g.fonts.note), fmSmall_(g.fonts.small), fmState_(g.fonts.state),
          fmCode_(g.fonts.code)
    {
        lh_ = fmLabel_.height();
        sh_ = fmSmall_.height();
        // Asked for once: every call into the font engine takes the font cache's lock.
        numbersH_ = fmNumbers_.height();
        noteH_ = fmNote_.height();
        pad_ = std::round(sh_ * 0.5);
        boxH_ = std::ceil(std::max(fmState_.height(), fmCode_.height()) + sh_ * 0.45);
        boxPadX_ = std::round(sh_ * 0.55);
        connector_ = std::round(sh_ * 0.5);
        textPad_ = std::round(sh_ * 0.5);
        margin_ = std::round(lh_ * 0.9);
        dwLabel_ = digitWidth(fmLabel_);
        dwNumbers_ = digitWidth(fmNumbers_);
        dwNote_ = digitWidth(fmNote_);
        lenPrefix_ = fmLabel_.horizontalAdvance(QStringLiteral(" - Len: "));
        seqPrefix_ = fmNumbers_.horizontalAdvance(QStringLiteral("Seq="));
        ackPrefix_ = fmNumbers_.horizontalAdvance(QStringLiteral(" Ack="));
        blankNumbers_ = fmNumbers_.horizontalAdvance(ladderBlankText());
        noteTemplateWidth_.fill(-1);
    }

    void layoutColumns(qreal width);
    void layoutHeaders(const Connection *connection);
    void layoutTitle(const Connection *connection);
    void layoutLegend();
    // The height of the row of `step` after `tail`, which it then moves past the row. No words.
    qreal measure(const TimelineStep &step, LadderTail &tail);
    // Moves `tail` past the row of `step` (its height is known): what measure() does, without the height.
    void advance(const TimelineStep &step, LadderTail &tail) const;
    // The row of `step` with its words, at tail.nextTop; moves `tail` past it.
    LadderRow build(const TimelineStep &step, LadderTail &tail);
    void finish(size_t rowCount);

private:
    bool hasGutter() const { return g_.gutterRight - margin_ > 1; }
    qreal drop() const { return std::clamp(g_.middleWidth * 0.08, lh_ * 1.0, lh_ * 2.2); }
    qreal maxTextWidth() const { return std::max<qreal>(g_.middleWidth - 2 * textPad_, 10); }
    qreal boxWidthFor(const Metrics &fm, const QString &text) const
    {
        return fm.horizontalAdvance(text) + 2 * boxPadX_;
    }
    template<typename FontMetrics>
    static LadderText elide(const FontMetrics &fm, const QString &text, qreal maxWidth)
    {
        LadderText t;
        t.text = text;
        if (fm.horizontalAdvance(text) > maxWidth) {
            t.text = fm.elidedText(text, Qt::ElideRight, maxWidth);
            t.elided = true;
        }
        return t;
    }
    static qreal digitWidth(const Metrics &fm)
    {
        qreal w = 0;
        for (char c = '0'; c <= '9'; ++c)
            w = std::max(w, fm.horizontalAdvance(QString(QLatin1Char(c))));
        return w;
    }
    LadderStateBox stateBox(Side side, TcpState state, qreal y) const;
    void wrapNote(const QString &note, qreal maxWidth, LadderText &first, LadderText &second) const;
    LadderText gapText(int64_t timeUs, qreal centerY, const LadderTail &tail) const;
    void buildSegment(const TimelineStep &step, LadderRow &row, LadderTail &tail);
    void buildCall(const TimelineStep &step, LadderRow &row, const LadderTail &tail);
    qreal callBottom(qreal top) const { return std::ceil(top + std::round(pad_ * 0.6) + boxH_ + std::round(pad_ * 0.6)); }
    NoteFacts noteFacts(const Segment &s, const LadderTail &tail) const;
    QString noteTemplate(NoteKind kind) const;
    QString noteText(const NoteFacts &facts, const Segment &s) const;
    QString labelText(const Segment &s) const;
    qreal flagsWidth(uint16_t flags);
    SegmentWidths estimate(const Segment &s, const NoteFacts &facts);
    SegmentPlaces places(const SegmentWidths &w, qreal top) const;
    static void moveTail(const Segment &s, LadderTail &tail);

    LadderGeometry &g_;
    const Timeline &timeline_;
    Metrics fmLabel_, fmNumbers_, fmNote_, fmSmall_, fmState_, fmCode_;
    mutable qreal slopeWidth_ = -1, drop_ = 0, slope_ = 0, clearance_ = 0; // places() of this width
    qreal lh_ = 0, sh_ = 0, numbersH_ = 0, noteH_ = 0, pad_ = 0, boxH_ = 0, boxPadX_ = 0, connector_ = 0, textPad_ = 0, margin_ = 0;
    qreal dwLabel_ = 0, dwNumbers_ = 0, dwNote_ = 0, lenPrefix_ = 0, seqPrefix_ = 0, ackPrefix_ = 0, blankNumbers_ = 0;
    std::array<qreal, size_t(NoteKind::Count)> noteTemplateWidth_{};
    QHash<uint16_t, qreal> flagsWidth_;
    struct FlagsSlot {
        uint16_t flags = 0;
        bool valid = false;
        qreal width = 0;
    };
    std::array<FlagsSlot, 16> flagsSlots_{};
};

void Builder::layoutColumns(qreal width)
{
    qreal naturalOuter = 0;
    for (const char *s : kStateSamples)
        naturalOuter = std::max(naturalOuter, boxWidthFor(fmState_, QString::fromLatin1(s)));
    for (const char *s : kCallSamples)
        naturalOuter = std::max(naturalOuter, boxWidthFor(fmCode_, QString::fromLatin1(s)));
    naturalOuter = std::ceil(naturalOuter);

    qreal gutter = std::max(fmSmall_.horizontalAdvance(QStringLiteral("+999.999 ms")),
                            fmSmall_.horizontalAdvance(QStringLiteral("00:00:00.000")));
    gutter = std::ceil(gutter);
    qreal gutterGap = std::round(sh_ * 0.8);

    // State names and call names are what the columns beside the lifelines are for: they are
    // never shortened. When the width runs out, the time gutter goes first, then the content
    // grows wider than asked (the view scrolls) while the arrow labels are elided.
    const qreal outer = naturalOuter;
    auto middleFor = [&] { return width - 2 * margin_ - gutter - gutterGap - 2 * connector_ - 2 * outer; };
    if (middleFor() < lh_ * 10) {
        gutter = 0;
        gutterGap = 0;
    }
    const qreal middle = std::max(lh_ * 6, middleFor());

    g_.outerWidth = outer;
    g_.middleWidth = middle;
    g_.gutterRight = margin_ + gutter;
    g_.clientX = std::round(g_.gutterRight + gutterGap + outer + connector_);
    g_.serverX = std::round(g_.clientX + middle);
    g_.contentSize.setWidth(std::ceil(g_.serverX + connector_ + outer + margin_));
}

void Builder::layoutTitle(const Connection *connection)
{
    QString title;
    if (connection) {
        const size_t count = timeline_.segmentIndices(connection->id).size();
        const QString segments = count == 1 ? QCoreApplication::translate("LadderLayout", "1 segment")
                                            : QCoreApplication::translate("LadderLayout", "%1 segments").arg(count);
        title = QCoreApplication::translate("LadderLayout", "Connection %1 · handshake %2 · %3")
                    .arg(connection->id)
                    .arg(handshakeDisplayName(connection->handshake), segments);
    } else if (timeline_.defaultConnectionId() == 0 && timeline_.part() > 1) {
        //: zh: 第 %1 部分还没有 TCP 连接：之前的连接留在磁盘上
        title = QCoreApplication::translate("LadderLayout", "No TCP connection in part %1 yet: the earlier ones stay on disk")
                    .arg(timeline_.part());
    } else if (timeline_.defaultConnectionId() == 0) {
        title = QCoreApplication::translate("LadderLayout", "No TCP connection yet");
    } else {
        // The loose calls of a stack or an export, under connections that do exist.
        //: zh: 不在任何连接上的套接字调用
        title = QCoreApplication::translate("LadderLayout", "Socket calls on no connection");
    }
    if (g_.options.blanks) {
        QStringList fields;
        if (g_.options.blanks & LadderBlank::Seq)
            fields << QStringLiteral("Seq");
        if (g_.options.blanks & LadderBlank::Ack)
            fields << QStringLiteral("Ack");
        if (g_.options.blanks & LadderBlank::States)
            //: zh: 状态
            fields << QCoreApplication::translate("LadderLayout", "states");
        //: zh: 练习：填写 %1 · %2 · 姓名 ________
        title = QCoreApplication::translate("LadderLayout", "Worksheet: fill in %1 · %2 · Name ________")
                    .arg(fields.join(QStringLiteral(", ")), title);
    }
    const QFontMetricsF fm(g_.fonts.title);
    g_.title = elide(fm, title, g_.contentSize.width() - 2 * margin_);
    g_.title.rect = QRectF(margin_, margin_, fm.horizontalAdvance(g_.title.text), fm.height());
    layoutLegend();
}

void Builder::layoutLegend()
{
    g_.legend.clear();
    g_.topOfHeaders = g_.title.rect.bottom();
    if (!g_.options.legend)
        return;
    using Mark = LadderLegendItem::Mark;
    const struct {
        Mark mark;
        ArrowKind kind;
        const char *text;
    } items[] = {
        {Mark::Arrow, ArrowKind::Syn, QT_TRANSLATE_NOOP("LadderLayout", "SYN: open")},
        {Mark::Arrow, ArrowKind::Ack, QT_TRANSLATE_NOOP("LadderLayout", "ACK")},
        {Mark::Arrow, ArrowKind::Data, QT_TRANSLATE_NOOP("LadderLayout", "data")},
        {Mark::Arrow, ArrowKind::Fin, QT_TRANSLATE_NOOP("LadderLayout", "FIN: close")},
        {Mark::Arrow, ArrowKind::Rst, QT_TRANSLATE_NOOP("LadderLayout", "RST: abort")},
        {Mark::Retransmission, ArrowKind::Data, QT_TRANSLATE_NOOP("LadderLayout", "sent again")},
        {Mark::State, ArrowKind::Syn, QT_TRANSLATE_NOOP("LadderLayout", "TCP state")},
        {Mark::Call, ArrowKind::Syn, QT_TRANSLATE_NOOP("LadderLayout", "socket call")},
        // Only where there are some: a capture file's calls are deduced, never logged.
        {Mark::InferredCall, ArrowKind::Syn, QT_TRANSLATE_NOOP("LadderLayout", "socket call (inferred)")},
    };
    const qreal sampleW = std::round(lh_ * 1.6), gap = std::round(sh_ * 0.4), itemGap = std::round(sh_ * 1.2);
    const qreal right = g_.contentSize.width() - margin_;
    qreal x = margin_, y = std::round(g_.title.rect.bottom() + sh_ * 0.4);
    for (const auto &item : items) {
        if (item.mark == Mark::InferredCall && !timeline_.hasInferredCalls())
            continue;
        LadderLegendItem li;
        li.mark = item.mark;
        li.kind = item.kind;
        li.text = elide(fmSmall_, QCoreApplication::translate("LadderLayout", item.text), right - margin_ - sampleW - gap);
        const qreal w = sampleW + gap + fmSmall_.horizontalAdvance(li.text.text);
        if (x > margin_ && x + w > right) {
            x = margin_;
            y += std::round(sh_ * 1.3);
        }
        li.sample = QRectF(x, y + sh_ * 0.15, sampleW, sh_ * 0.7);
        li.text.rect = QRectF(x + sampleW + gap, y, w - sampleW - gap, sh_);
        g_.legend.push_back(li);
        x += w + itemGap;
    }
    g_.topOfHeaders = y + sh_;
}

void Builder::layoutHeaders(const Connection *connection)
{
    const QFontMetricsF fmRole(g_.fonts.role), fmEndpoint(g_.fonts.endpoint);
    const qreal top = std::round(g_.topOfHeaders + lh_ * 0.6);
    const qreal padX = std::round(lh_ * 0.6), padY = std::round(sh_ * 0.35);
    const qreal height = std::ceil(fmRole.height() + fmEndpoint.height() + 2 * padY);
    const qreal midX = (g_.clientX + g_.serverX) / 2;
    const qreal gap = lh_ * 0.5;

    auto make = [&](Side side, const Endpoint *endpoint) {
        LadderHeader h;
        h.role = roleName(side);
        // The lab's two hosts are hosts of their own: the header says so (one host shares lo).
        const SourceInfo &src = timeline_.source();
        if (src.network == QLatin1String("lab") && src.kind == QLatin1String("live") && src.name != QLatin1String("lo")) {
            //: zh: 客户端主机
            const QString clientHost = QCoreApplication::translate("LadderLayout", "client host");
            //: zh: 服务器主机
            const QString serverHost = QCoreApplication::translate("LadderLayout", "server host");
            h.role = side == Side::Client ? clientHost : serverHost;
        }
        h.endpoint = endpoint ? QString::fromStdString(endpoint->toString()) : QString();
        h.text = h.endpoint.isEmpty() ? h.role : h.role + QLatin1Char(' ') + h.endpoint;
        const qreal x = side == Side::Client ? g_.clientX : g_.serverX;
        const qreal natural = std::max(fmRole.horizontalAdvance(h.role),
                                       fmEndpoint.horizontalAdvance(h.endpoint)) + 2 * padX;
        const qreal room = side == Side::Client ? midX - gap - margin_
                                                : g_.contentSize.width() - margin_ - midX - gap;
        const qreal w = std::ceil(std::min(natural, room));
        qreal left = x - w / 2;
        if (side == Side::Client)
            left = std::clamp(left, margin_, midX - gap - w);
        else
            left = std::clamp(left, midX + gap, g_.contentSize.width() - margin_ - w);
        h.rect = QRectF(std::round(left), top, w, height);
        const qreal inner = w - 2 * padX;
        h.roleText = elide(fmRole, h.role, inner);
        h.roleText.rect = QRectF(h.rect.left() + padX, top + padY, inner, fmRole.height());
        h.endpointText = elide(fmEndpoint, h.endpoint, inner);
        h.endpointText.rect = QRectF(h.rect.left() + padX, h.roleText.rect.bottom(), inner, fmEndpoint.height());
        return h;
    };
    g_.client = make(Side::Client, connection ? &connection->client : nullptr);
    g_.server = make(Side::Server, connection ? &connection->server : nullptr);
    g_.headerBottom = top + height;
    g_.lifelineTop = g_.headerBottom;

    g_.gutterTitle = {};
    if (hasGutter())
        g_.gutterTitle = elide(fmSmall_, QCoreApplication::translate("LadderLayout", "time"), g_.gutterRight - margin_);
    const qreal gw = fmSmall_.horizontalAdvance(g_.gutterTitle.text);
    g_.gutterTitle.rect = QRectF(g_.gutterRight - gw, g_.headerBottom - sh_ - padY, gw, sh_);

    // Before the first segment both sides are where a passive and an active open start; when the
    // capture began mid-connection that is unknown, and the first segment's row shows both states.
    g_.tail = {};
    g_.tail.nextTop = g_.headerBottom + pad_;
    const std::vector<TimelineStep> &steps = timeline_.steps(connection ? connection->id : 0);
    const auto firstSegment = std::find_if(steps.begin(), steps.end(), [](const TimelineStep &s) {
        return s.kind == TimelineStep::Kind::Segment;
    });
    bool startsWithSyn = true;
    if (firstSegment != steps.end()) {
        const Segment &s = timeline_.segments()[firstSegment->index];
        startsWithSyn = (s.flags & TcpFlag::Syn) && !(s.flags & TcpFlag::Ack);
    }
    // Only what is proven: the server is LISTEN once a SYN+ACK answered (or one of our listeners
    // listened), CLOSED when a RST refused, and shown as nothing while unknown.
    g_.initialClient = connection ? timeline_.initialClientState(connection->id) : TcpState::Unknown;
    g_.initialServer = connection ? timeline_.initialServerState(connection->id) : TcpState::Unknown;
    if (connection && startsWithSyn) {
        const qreal y = g_.headerBottom + pad_ + boxH_ / 2;
        if (g_.initialClient != TcpState::Unknown) {
            g_.initialStates.push_back(stateBox(Side::Client, g_.initialClient, y));
            g_.tail.clientStateKnown = true;
            g_.tail.clientState = g_.initialClient;
        }
        if (g_.initialServer != TcpState::Unknown) {
            g_.initialStates.push_back(stateBox(Side::Server, g_.initialServer, y));
            g_.tail.serverStateKnown = true;
            g_.tail.serverState = g_.initialServer;
        }
        if (!g_.initialStates.empty())
            g_.tail.nextTop = y + boxH_ / 2 + pad_;
    }
}

LadderStateBox Builder::stateBox(Side side, TcpState state, qreal y) const
{
    LadderStateBox box;
    box.side = side;
    // A worksheet's blank box claims no state: not by its words, nor by its colour.
    box.state = (g_.options.blanks & LadderBlank::States) ? TcpState::Unknown : state;
    // A worksheet's blank box is as wide as the widest name: its size tells nothing.
    const QString name = (g_.options.blanks & LadderBlank::States) ? QStringLiteral("            ") : stateName(state);
    box.text = elide(fmState_, name, g_.outerWidth - 2 * boxPadX_);
    const qreal w = std::ceil(std::min(boxWidthFor(fmState_, box.text.text), g_.outerWidth));
    const qreal x = side == Side::Client ? g_.clientX : g_.serverX;
    const qreal left = side == Side::Client ? x - connector_ - w : x + connector_;
    box.text.rect = QRectF(left, y - boxH_ / 2, w, boxH_);
    box.anchor = QPointF(x, y);
    return box;
}

LadderText Builder::gapText(int64_t timeUs, qreal centerY, const LadderTail &tail) const
{
    if (!hasGutter())
        return {};
    const QString text = tail.hasPrevious ? formatTimeGap(timeUs - tail.previousTimeUs) : clockTime(timeUs);
    LadderText t = elide(fmSmall_, text, g_.gutterRight - margin_);
    const qreal w = fmSmall_.horizontalAdvance(t.text);
    t.rect = QRectF(g_.gutterRight - w, centerY - sh_ / 2, w, sh_);
    return t;
}

// A note too wide for the arrow goes on two lines. Where to break, best first: after a colon
// ("ack = 0 + 1:" / "a SYN takes one sequence number"), before an "=" ("next seq = seq + len" /
// "= 1 + 1448 = 1449"), at any space; among equals, the most even split. When no break lets
// both halves fit, the first line takes what fits and the second is elided.
void Builder::wrapNote(const QString &note, qreal maxWidth, LadderText &first, LadderText &second) const
{
    second = {};
    if (fmNote_.horizontalAdvance(note) <= maxWidth) {
        first = {note, {}, false};
        return;
    }
    struct Break {
        qsizetype at; // the first line is note.left(at)
        int priority;
    };
    std::vector<Break> breaks;
    for (qsizetype i = 1; i + 1 < note.size(); ++i) {
        if (note[i] != QLatin1Char(' '))
            continue;
        if (note[i - 1] == QLatin1Char(':'))
            breaks.push_back({i, 0});
        else if (note[i + 1] == QLatin1Char('='))
            breaks.push_back({i, 1});
        else
            breaks.push_back({i, 2});
    }
    const Break *best = nullptr;
    qreal bestImbalance = 0;
    for (const Break &b : breaks) {
        const qreal w1 = fmNote_.horizontalAdvance(note.left(b.at));
        const qreal w2 = fmNote_.horizontalAdvance(note.mid(b.at + 1));
        if (w1 > maxWidth || w2 > maxWidth)
            continue;
        const qreal imbalance = std::abs(w1 - w2);
        if (!best || b.priority < best->priority || (b.priority == best->priority && imbalance < bestImbalance)) {
            best = &b;
            bestImbalance = imbalance;
        }
    }
    if (best) {
        first = {note.left(best->at), {}, false};
        second = {note.mid(best->at + 1), {}, false};
        return;
    }
    for (auto it = breaks.rbegin(); it != breaks.rend(); ++it) {
        if (fmNote_.horizontalAdvance(note.left(it->at)) <= maxWidth) {
            first = {note.left(it->at), {}, false};
            second = elide(fmNote_, note.mid(it->at + 1), maxWidth);
            return;
        }
    }
    first = elide(fmNote_, note, maxWidth);
}

NoteFacts Builder::noteFacts(const Segment &s, const LadderTail &tail) const
{
    const bool rel = g_.options.relativeNumbers;
    const uint32_t seq = rel ? s.relSeq : s.seq;
    const uint32_t ack = rel ? s.relAck : s.ack;
    const bool syn = s.flags & TcpFlag::Syn, fin = s.flags & TcpFlag::Fin;
    const bool rst = s.flags & TcpFlag::Rst, hasAck = s.flags & TcpFlag::Ack;
    auto facts = [](NoteKind kind, int args = 0, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) {
        return NoteFacts{kind, a, b, c, args};
    };
    if (g_.options.blanks) // a worksheet: the notes would give the answers away
        return facts(NoteKind::None);
    if (s.anomalies & Anomaly::DroppedByLab)
        return facts(NoteKind::DroppedByLab);
    if (s.anomalies)
        return facts(NoteKind::Anomaly);
    if (s.retransmission)
        return facts(NoteKind::Retransmission);
    if (rst) {
        if (const Connection *c = timeline_.connection(s.connection); c && c->refusalFrame == s.frame)
            return facts(NoteKind::RstRefused);
        return facts(NoteKind::RstAbort);
    }
    if (syn && !hasAck)
        return facts(rel ? NoteKind::IsnRelative : NoteKind::Isn, 1, s.seq);
    if (syn && hasAck)
        return facts(NoteKind::SynAck, 1, uint32_t(ack - 1));
    if (fin) {
        if (s.len > 0)
            return facts(NoteKind::FinWithData, 3, seq, s.len, uint32_t(seq + s.len + 1));
        return facts(NoteKind::Fin, 2, seq, uint32_t(seq + 1));
    }
    if (s.len > 0)
        return facts(NoteKind::Data, 3, seq, s.len, uint32_t(seq + s.len));
    if (hasAck && s.from == Side::Client && tail.previousWasSynAck && s.ack == tail.synAckSeq + 1)
        return facts(NoteKind::ThirdAck, 1, uint32_t(ack - 1));
    return facts(NoteKind::None);
}

QString Builder::noteTemplate(NoteKind kind) const
{
    switch (kind) {
    case NoteKind::DroppedByLab:
        //: zh: ✕ 被实验网络丢弃：接收方没有收到它
        return QCoreApplication::translate("LadderLayout", "✕ dropped by the lab: the receiver never got it");
    case NoteKind::Retransmission:
        return QCoreApplication::translate("LadderLayout", "↻ retransmission: sent again, same Seq");
    case NoteKind::RstRefused:
        return QCoreApplication::translate("LadderLayout", "RST: nothing listens on this port, connect() fails");
    case NoteKind::RstAbort:
        return QCoreApplication::translate("LadderLayout", "RST: the connection is aborted");
    case NoteKind::IsnRelative:
        return QCoreApplication::translate("LadderLayout", "initial sequence number (ISN) %1, shown as 0");
    case NoteKind::Isn:
        return QCoreApplication::translate("LadderLayout", "initial sequence number (ISN) %1");
    case NoteKind::SynAck:
        return QCoreApplication::translate("LadderLayout", "ack = %1 + 1: a SYN takes one sequence number");
    case NoteKind::FinWithData:
        return QCoreApplication::translate("LadderLayout", "a FIN takes one sequence number: next seq = %1 + %2 + 1 = %3");
    case NoteKind::Fin:
        return QCoreApplication::translate("LadderLayout", "a FIN takes one sequence number: next seq = %1 + 1 = %2");
    case NoteKind::Data:
        return QCoreApplication::translate("LadderLayout", "next seq = seq + len = %1 + %2 = %3");
    case NoteKind::ThirdAck:
        return QCoreApplication::translate("LadderLayout", "ack = %1 + 1: the server's SYN takes one too");
    case NoteKind::Anomaly:
        return QCoreApplication::translate("LadderLayout", "anomaly: %1");
    case NoteKind::None:
    case NoteKind::Count:
        break;
    }
    return {};
}

QString Builder::noteText(const NoteFacts &f, const Segment &s) const
{
    if (f.kind == NoteKind::Anomaly) {
        QStringList names;
        for (const std::string &n : anomalyNames(s.anomalies))
            names << QString::fromStdString(n);
        return noteTemplate(f.kind).arg(names.join(QStringLiteral(", ")));
    }
    QString text = noteTemplate(f.kind);
    if (f.args >= 1)
        text = text.arg(f.a);
    if (f.args >= 2)
        text = text.arg(f.b);
    if (f.args >= 3)
        text = text.arg(f.c);
    return text;
}

QString Builder::labelText(const Segment &s) const
{
    QString label = QString::fromStdString(flagsLabel(s.flags));
    if (label.isEmpty())
        //: zh: <无标志>
        label = QCoreApplication::translate("LadderLayout", "<none>", "no TCP flag set");
    if (s.len > 0)
        label += QStringLiteral(" - Len: %1").arg(s.len);
    return label;
}

qreal Builder::flagsWidth(uint16_t flags)
{
    // A ladder has a handful of flag combinations: a direct-mapped slot answers almost every row.
    FlagsSlot &slot = flagsSlots_[(flags ^ (flags >> 4)) % flagsSlots_.size()];
    if (slot.valid && slot.flags == flags)
        return slot.width;
    qreal w = 0;
    if (const auto it = flagsWidth_.constFind(flags); it != flagsWidth_.cend()) {
        w = *it;
    } else {
        Segment s;
        s.flags = flags;
        s.len = 0;
        w = fmLabel_.horizontalAdvance(labelText(s));
        flagsWidth_.insert(flags, w);
    }
    slot = {flags, true, w};
    return w;
}

SegmentWidths Builder::estimate(const Segment &s, const NoteFacts &facts)
{
    const bool rel = g_.options.relativeNumbers;
    const qreal maxText = maxTextWidth();
    SegmentWidths w;
    w.label = flagsWidth(s.flags) + (s.len > 0 ? lenPrefix_ + digits(s.len) * dwLabel_ : 0);
    const uint8_t blanks = g_.options.blanks;
    w.numbers = seqPrefix_ + ((blanks & LadderBlank::Seq) ? blankNumbers_ : digits(rel ? s.relSeq : s.seq) * dwNumbers_);
    if (s.flags & TcpFlag::Ack)
        w.numbers += ackPrefix_ + ((blanks & LadderBlank::Ack) ? blankNumbers_ : digits(rel ? s.relAck : s.ack) * dwNumbers_);
    w.label = std::min(w.label, maxText);
    w.numbers = std::min(w.numbers, maxText);
    if (facts.kind == NoteKind::None)
        return w;
    qreal note = 0;
    if (facts.kind == NoteKind::Anomaly) {
        note = fmNote_.horizontalAdvance(noteText(facts, s)); // rare: measured as it is
    } else {
        qreal &templ = noteTemplateWidth_[size_t(facts.kind)];
        if (templ < 0) {
            QString bare = noteTemplate(facts.kind);
            for (const char *placeholder : {"%1", "%2", "%3"})
                bare.remove(QLatin1String(placeholder));
            templ = fmNote_.horizontalAdvance(bare);
        }
        note = templ;
        if (facts.args >= 1)
            note += digits(facts.a) * dwNote_;
        if (facts.args >= 2)
            note += digits(facts.b) * dwNote_;
        if (facts.args >= 3)
            note += digits(facts.c) * dwNote_;
    }
    // One line when it surely fits; otherwise two, placed as if both were as wide as they may be.
    if (note + 1 <= maxText) {
        w.noteLines = 1;
        w.note = note;
    } else {
        w.noteLines = 2;
        w.note = w.note2 = maxText;
    }
    return w;
}

SegmentPlaces Builder::places(const SegmentWidths &w, qreal top) const
{
    // Text sits horizontally centred on the slanted arrow: it must clear the line at its edge,
    // where the line is highest (above) or lowest (below).
    // The same for every row of a layout (a division and a clamp per row were a third of it).
    if (g_.middleWidth != slopeWidth_) {
        slopeWidth_ = g_.middleWidth;
        drop_ = drop();
        slope_ = drop_ / (2 * g_.middleWidth);
        clearance_ = std::max<qreal>(2, sh_ * 0.15);
    }
    const qreal d = drop_, slope = slope_, clearance = clearance_;
    SegmentPlaces p;
    p.labelTop = top + pad_;
    const qreal labelBottom = p.labelTop + lh_;
    p.midY = std::max(labelBottom + clearance + w.label * slope, top + pad_ + boxH_ / 2 + d / 2);
    p.y0 = p.midY - d / 2;
    p.y1 = p.midY + d / 2;
    p.numbersTop = p.midY + clearance + w.numbers * slope;
    qreal textBottom = p.numbersTop + numbersH_;
    if (w.noteLines >= 1) {
        p.noteTop = std::max(textBottom + 1, p.midY + clearance + w.note * slope);
        textBottom = p.noteTop + noteH_;
    }
    if (w.noteLines >= 2) {
        p.note2Top = std::max(textBottom, p.midY + clearance + w.note2 * slope);
        textBottom = p.note2Top + noteH_;
    }
    p.bottom = std::ceil(std::max(textBottom, p.y1 + boxH_ / 2) + pad_);
    return p;
}

// What a segment tells the rows after it. A state the packets do not prove changes nothing (the
// last box shown still stands).
void Builder::moveTail(const Segment &s, LadderTail &tail)
{
    if (s.clientState != TcpState::Unknown) {
        tail.clientStateKnown = true;
        tail.clientState = s.clientState;
    }
    if (s.serverState != TcpState::Unknown) {
        tail.serverStateKnown = true;
        tail.serverState = s.serverState;
    }
    tail.sawSegment = true;
    tail.previousWasSynAck = s.from == Side::Server && (s.flags & TcpFlag::Syn) && (s.flags & TcpFlag::Ack);
    tail.synAckSeq = s.seq;
}

qreal Builder::measure(const TimelineStep &step, LadderTail &tail)
{
    const qreal top = tail.nextTop;
    qreal bottom = 0;
    if (step.kind == TimelineStep::Kind::Segment) {
        const Segment s = timeline_.segments()[step.index];
        bottom = places(estimate(s, noteFacts(s, tail)), top).bottom;
        moveTail(s, tail);
    } else {
        bottom = callBottom(top);
    }
    tail.nextTop = bottom;
    tail.hasPrevious = true;
    tail.previousTimeUs = step.timeUs;
    return bottom - top;
}

void Builder::advance(const TimelineStep &step, LadderTail &tail) const
{
    if (step.kind == TimelineStep::Kind::Segment)
        moveTail(timeline_.segments()[step.index], tail);
    tail.hasPrevious = true;
    tail.previousTimeUs = step.timeUs;
}

void Builder::buildSegment(const TimelineStep &step, LadderRow &row, LadderTail &tail)
{
    const Segment s = timeline_.segments()[step.index];
    const bool fromClient = s.from == Side::Client;
    const qreal x0 = fromClient ? g_.clientX : g_.serverX;
    const qreal x1 = fromClient ? g_.serverX : g_.clientX;
    const qreal midX = (g_.clientX + g_.serverX) / 2;
    const qreal maxText = maxTextWidth();
    const bool rel = g_.options.relativeNumbers;

    row.from = s.from;
    row.kind = arrowKind(s.flags, s.len);
    row.retransmission = s.retransmission;
    row.lost = s.anomalies & Anomaly::DroppedByLab;

    const NoteFacts facts = noteFacts(s, tail);
    const SegmentWidths w = estimate(s, facts);
    const SegmentPlaces p = places(w, row.top);

    row.label = elide(fmLabel_, labelText(s), maxText);
    const qreal wl = fmLabel_.horizontalAdvance(row.label.text);
    const uint8_t blanks = g_.options.blanks;
    QString numbers = QStringLiteral("Seq=%1").arg((blanks & LadderBlank::Seq) ? ladderBlankText() : QString::number(rel ? s.relSeq : s.seq));
    if (s.flags & TcpFlag::Ack)
        numbers += QStringLiteral(" Ack=%1").arg((blanks & LadderBlank::Ack) ? ladderBlankText() : QString::number(rel ? s.relAck : s.ack));
    row.numbers = elide(fmNumbers_, numbers, maxText);
    const qreal wn = fmNumbers_.horizontalAdvance(row.numbers.text);
    row.noteIsWarning = facts.kind == NoteKind::DroppedByLab || facts.kind == NoteKind::Anomaly || facts.kind == NoteKind::Retransmission
        || facts.kind == NoteKind::RstRefused || facts.kind == NoteKind::RstAbort;
    if (w.noteLines == 1)
        row.note = elide(fmNote_, noteText(facts, s), maxText);
    else if (w.noteLines == 2)
        wrapNote(noteText(facts, s), maxText, row.note, row.noteContinued);

    row.arrowFrom = QPointF(x0, p.y0);
    row.arrowTo = QPointF(x1, p.y1);
    row.label.rect = QRectF(midX - wl / 2, p.labelTop, wl, lh_);
    row.numbers.rect = QRectF(midX - wn / 2, p.numbersTop, wn, numbersH_);
    if (!row.note.text.isEmpty()) {
        const qreal wnote = fmNote_.horizontalAdvance(row.note.text);
        row.note.rect = QRectF(midX - wnote / 2, p.noteTop, wnote, noteH_);
    }
    if (!row.noteContinued.text.isEmpty()) {
        const qreal wnote2 = fmNote_.horizontalAdvance(row.noteContinued.text);
        row.noteContinued.rect = QRectF(midX - wnote2 / 2, p.note2Top, wnote2, noteH_);
    }

    // The sender's state changes as it sends (top of the arrow), the receiver's as it receives.
    // A state the packets do not prove gets no box (and the last box shown still stands).
    auto track = [&](Side side, TcpState now, bool known, TcpState before) {
        if (now != TcpState::Unknown && (!known || before != now))
            row.states.push_back(stateBox(side, now, side == s.from ? p.y0 : p.y1));
    };
    track(Side::Client, s.clientState, tail.clientStateKnown, tail.clientState);
    track(Side::Server, s.serverState, tail.serverStateKnown, tail.serverState);

    row.gap = gapText(step.timeUs, p.y0, tail);
    row.bottom = p.bottom;
    moveTail(s, tail);
}

void Builder::buildCall(const TimelineStep &step, LadderRow &row, const LadderTail &tail)
{
    const SocketCall c = timeline_.call(step);
    row.isCall = true;
    LadderCallMarker &m = row.call;
    m.side = c.side;
    m.inferred = c.inferred;
    const bool client = c.side == CallSide::Client;
    const qreal x = client ? g_.clientX : g_.serverX;
    const qreal top = row.top + std::round(pad_ * 0.6);
    const qreal cy = top + boxH_ / 2;

    m.text = elide(fmCode_, callLabel(c.kind), g_.outerWidth - 2 * boxPadX_);
    const qreal w = std::ceil(std::min(boxWidthFor(fmCode_, m.text.text), g_.outerWidth));
    m.text.rect = QRectF(client ? x - connector_ - w : x + connector_, top, w, boxH_);
    m.anchor = QPointF(x, cy);

    QString detail = callDetail(c);
    // Drawn at the segment that made it true; when the program noticed is part of the lesson.
    if (!c.inferred && c.timeUs > step.timeUs) {
        const QString later = noticedLater(c.timeUs - step.timeUs);
        detail = detail.isEmpty() ? later : QStringLiteral("%1 · %2").arg(detail, later);
    }
    if (c.inferred)
        detail = detail.isEmpty() ? QCoreApplication::translate("LadderLayout", "inferred from the packets")
                                  : QCoreApplication::translate("LadderLayout", "%1 · inferred").arg(detail);
    // The kernel's own word (TCP_INFO, sampled with the call) beside what the packets show.
    // Only where the sample tells of the row's own moment: a connect() drawn before its SYN was
    // sampled after the SYN and its answer, and "kernel: ESTABLISHED" there would read as
    // ESTABLISHED before the SYN (the exports keep every sample).
    const bool sameMoment = g_.connectionId == 0
        || timeline_.segmentsUpTo(g_.connectionId, step.timeUs) == timeline_.segmentsUpTo(g_.connectionId, c.kernel.sampledUs);
    if (c.kernel.known && sameMoment && c.kind != CallKind::Socket && c.kind != CallKind::Bind
        && !(g_.options.blanks & LadderBlank::States)) {
        const std::optional<bool> agrees = timeline_.kernelAgrees(c, g_.connectionId);
        QString said;
        if (agrees == false)
            //: zh: 内核说 %1，时序图却是 %2
            said = QCoreApplication::translate("LadderLayout", "kernel says %1, the ladder %2")
                       .arg(stateName(c.kernel.state),
                            stateName(timeline_.stateAt(g_.connectionId, c.side == CallSide::Client ? Side::Client : Side::Server, c.kernel.sampledUs)));
        else if (c.kernel.state == TcpState::Closed && agrees == true
                 && timeline_.stateAt(g_.connectionId, c.side == CallSide::Client ? Side::Client : Side::Server, c.kernel.sampledUs) == TcpState::TimeWait)
            //: zh: 内核：这个套接字是 CLOSED，连接的 TIME_WAIT 另外保存（ss -tan 能看到）
            said = QCoreApplication::translate("LadderLayout", "kernel: CLOSED for this socket, the connection's TIME_WAIT kept apart (ss -tan shows it)");
        else if (c.kind == CallKind::AcceptReturns && c.acceptQueue >= 0)
            //: zh: 内核：%1；已完成连接队列里还有 %2 个（backlog %3）
            said = QCoreApplication::translate("LadderLayout", "kernel: %1; %2 more in the accept queue (backlog %3)")
                       .arg(stateName(c.kernel.state))
                       .arg(c.acceptQueue)
                       .arg(c.backlog);
        else
            //: zh: 内核：%1
            said = QCoreApplication::translate("LadderLayout", "kernel: %1").arg(stateName(c.kernel.state));
        m.kernelDisagrees = agrees == false;
        detail = detail.isEmpty() ? said : QStringLiteral("%1 · %2").arg(detail, said);
    }
    m.detail = elide(fmSmall_, detail, maxTextWidth());
    const qreal dw = fmSmall_.horizontalAdvance(m.detail.text);
    m.detail.rect = QRectF(client ? x + textPad_ : x - textPad_ - dw, cy - sh_ / 2, dw, sh_);

    row.gap = gapText(step.timeUs, cy, tail);
    row.bottom = callBottom(row.top);
}

LadderRow Builder::build(const TimelineStep &step, LadderTail &tail)
{
    LadderRow row;
    row.step = step;
    row.top = tail.nextTop;
    if (step.kind == TimelineStep::Kind::Segment)
        buildSegment(step, row, tail);
    else
        buildCall(step, row, tail);
    tail.nextTop = row.bottom;
    tail.hasPrevious = true;
    tail.previousTimeUs = step.timeUs;
    return row;
}

void Builder::finish(size_t rowCount)
{
    g_.emptyText = {};
    qreal bottom = g_.tail.nextTop;
    if (rowCount == 0) {
        const QString text = QCoreApplication::translate("LadderLayout", "Waiting for TCP segments…");
        g_.emptyText = elide(fmNote_, text, maxTextWidth());
        const qreal w = fmNote_.horizontalAdvance(g_.emptyText.text);
        g_.emptyText.rect = QRectF((g_.clientX + g_.serverX - w) / 2, bottom + lh_, w, noteH_);
        bottom = g_.emptyText.rect.bottom() + lh_;
    }
    g_.lifelineBottom = std::ceil(bottom + lh_ * 0.6);
    g_.contentSize.setHeight(g_.lifelineBottom + margin_);
}

} // namespace ladder_detail

using namespace ladder_detail;

LadderFonts LadderFonts::fromBase(const QFont &base)
{
    const qreal px = std::max(10, pixelSizeOf(base));
    LadderFonts f;
    f.title = sized(base, px * 1.05, QFont::Bold);
    f.role = sized(base, px * 1.1, QFont::Bold);
    f.endpoint = sized(base, px * 0.95);
    f.label = sized(base, px, QFont::DemiBold);
    f.numbers = sized(base, px * 0.95);
    f.note = sized(base, px * 0.85, QFont::Normal, true);
    f.small = sized(base, px * 0.8);
    f.state = sized(base, px * 0.8, QFont::DemiBold);
    QFont mono = base;
    mono.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Noto Sans Mono"),
                      QStringLiteral("monospace")});
    mono.setStyleHint(QFont::Monospace);
    f.code = sized(mono, px * 0.85);
    return f;
}

ArrowKind arrowKind(uint16_t flags, uint32_t len)
{
    if (flags & TcpFlag::Rst)
        return ArrowKind::Rst;
    if (flags & TcpFlag::Syn)
        return ArrowKind::Syn;
    if (flags & TcpFlag::Fin)
        return ArrowKind::Fin;
    if (len > 0)
        return ArrowKind::Data;
    return ArrowKind::Ack;
}

// Everything a row needs to be made again later: the timeline, and a copy of the geometry's
// fonts, columns and options (its rows left empty), with a builder whose width caches last.
struct LadderRowContext {
    const Timeline *timeline = nullptr;
    LadderGeometry shell;
    std::unique_ptr<Builder> builder;
    Builder &make()
    {
        if (!builder)
            builder = std::make_unique<Builder>(shell, *timeline);
        return *builder;
    }
};

// The layout functions' way into LadderRows.
struct LadderRowsAccess {
    static void start(LadderRows &rows, std::shared_ptr<LadderRowContext> context)
    {
        rows = {};
        rows.context_ = std::move(context);
    }
    static LadderRowContext *context(const LadderRows &rows) { return rows.context_.get(); }
    static void setGeneration(LadderRows &rows, uint64_t generation) { rows.generation_ = generation; }
    // Keeps the first n rows; returns the tail after them.
    static LadderTail truncate(LadderRows &rows, size_t n, const std::vector<TimelineStep> &steps)
    {
        rows.cursor_ = {};
        for (auto it = rows.kept_.begin(); it != rows.kept_.end();)
            it = it->first >= n ? rows.kept_.erase(it) : std::next(it);
        rows.heights_.resize(n);
        rows.blocks_.resize((n + LadderRows::kBlock - 1) / LadderRows::kBlock);
        const size_t b = (n - 1) / LadderRows::kBlock;
        LadderTail tail = rows.blocks_[b];
        Builder &builder = rows.context_->make();
        for (size_t k = b * LadderRows::kBlock; k < n; ++k) {
            builder.advance(steps[k], tail);
            tail.nextTop += rows.heights_[k];
        }
        return tail;
    }
    static void reserve(LadderRows &rows, size_t count)
    {
        if (rows.heights_.capacity() < count) {
            rows.heights_.reserve(count);
            rows.blocks_.reserve(count / LadderRows::kBlock + 1);
        }
    }
    static void append(LadderRows &rows, const LadderTail &before, qreal height)
    {
        if (rows.heights_.size() % LadderRows::kBlock == 0)
            rows.blocks_.push_back(before);
        rows.heights_.push_back(uint16_t(std::clamp<qreal>(std::round(height), 0, 65535)));
    }
};

qreal LadderRows::top(size_t i) const
{
    const size_t b = i / kBlock;
    qreal t = blocks_[b].nextTop;
    for (size_t k = b * kBlock; k < i; ++k)
        t += heights_[k];
    return t;
}

const std::vector<TimelineStep> *LadderRows::steps() const
{
    return context_ ? &context_->timeline->steps(context_->shell.connectionId) : nullptr;
}

const std::vector<TimelineStep> &LadderRows::currentSteps(size_t *valid) const
{
    uint64_t generation = 0;
    const std::vector<TimelineStep> &steps = context_->timeline->stepsAsBuilt(context_->shell.connectionId, &generation);
    *valid = generation == generation_ ? steps.size()
                                       : std::min(steps.size(), context_->timeline->stepsAsBuiltUnchangedSince(context_->shell.connectionId, generation_));
    return steps;
}

TimelineStep LadderRows::step(size_t i) const
{
    if (!context_)
        return {};
    size_t valid = 0;
    const std::vector<TimelineStep> &steps = currentSteps(&valid);
    return i < valid ? steps[i] : TimelineStep{};
}

size_t LadderRows::firstBelow(qreal y) const
{
    if (blocks_.empty())
        return 0;
    // The last checkpoint at or above y, then row by row.
    auto it = std::upper_bound(blocks_.begin(), blocks_.end(), y,
                               [](qreal v, const LadderTail &t) { return v < t.nextTop; });
    const size_t b = it == blocks_.begin() ? 0 : size_t(it - blocks_.begin()) - 1;
    qreal bottom = blocks_[b].nextTop;
    for (size_t i = b * kBlock; i < heights_.size(); ++i) {
        bottom += heights_[i];
        if (y < bottom)
            return i;
    }
    return heights_.size();
}

size_t LadderRows::bytes() const
{
    size_t n = heights_.capacity() * sizeof(uint16_t) + blocks_.capacity() * sizeof(LadderTail);
    for (const auto &[i, row] : kept_)
        n += sizeof(row) + 64 + row.states.capacity() * sizeof(LadderStateBox)
            + 2 * size_t(row.label.text.capacity() + row.numbers.text.capacity() + row.note.text.capacity()
                         + row.noteContinued.text.capacity() + row.gap.text.capacity() + row.call.text.text.capacity()
                         + row.call.detail.text.capacity());
    return n;
}

LadderRow LadderRows::operator[](size_t i) const
{
    if (i >= heights_.size() || !context_)
        return {};
    if (const auto it = kept_.find(i); it != kept_.end())
        return it->second;
    LadderRowContext &ctx = *context_;
    size_t valid = 0;
    const std::vector<TimelineStep> &steps = currentSteps(&valid);
    LadderTail tail;
    size_t k = 0;
    // From the row read last when it is just above (painting reads rows in order), else from the
    // checkpoint of i's block.
    if (cursor_.valid && cursor_.next <= i && i - cursor_.next < kBlock) {
        tail = cursor_.tail;
        k = cursor_.next;
    } else {
        k = (i / kBlock) * kBlock;
        tail = blocks_[i / kBlock];
    }
    if (i >= valid) { // the timeline changed since: an empty row in its place until the next layout
        LadderRow row;
        row.top = top(i);
        row.bottom = row.top + heights_[i];
        return row;
    }
    Builder &b = ctx.make();
    for (; k < i; ++k) {
        b.advance(steps[k], tail);
        tail.nextTop += heights_[k];
    }
    LadderRow row = b.build(steps[i], tail);
    // The place worked out at layout time is the place (the same arithmetic, so the same number).
    row.bottom = row.top + heights_[i];
    tail.nextTop = row.bottom;
    cursor_ = {i + 1, tail, true};
    if (kept_.size() >= kKept)
        kept_.clear();
    kept_.emplace(i, row);
    return row;
}

int LadderGeometry::rowAt(qreal y) const
{
    const size_t i = firstRowBelow(y);
    if (i < rows.size() && rows.top(i) <= y)
        return int(i);
    return -1;
}

namespace {

// A new context for `g` as laid out so far (columns, fonts, options), and the rows started empty.
void startRows(LadderGeometry &g, const Timeline &timeline)
{
    auto ctx = std::make_shared<LadderRowContext>();
    ctx->timeline = &timeline;
    ctx->shell = g;
    LadderRowsAccess::start(ctx->shell.rows, nullptr);
    LadderRowsAccess::start(g.rows, std::move(ctx));
}

void appendRows(LadderGeometry &g, const std::vector<TimelineStep> &steps, size_t from)
{
    LadderRowContext *ctx = LadderRowsAccess::context(g.rows);
    Builder &b = ctx->make();
    clearVectorUpperState(); // floating point from here on: see VectorState.h
    if (from == 0) // a whole layout; appends grow as vectors do
        LadderRowsAccess::reserve(g.rows, steps.size());
    for (size_t i = from; i < steps.size(); ++i) {
        const LadderTail before = g.tail;
        const qreal height = b.measure(steps[i], g.tail);
        LadderRowsAccess::append(g.rows, before, height);
        // Whole pixels: the next row starts where this one ends, as stored.
        g.tail.nextTop = before.nextTop + std::round(height);
    }
}

} // namespace

LadderGeometry layoutLadder(const Timeline &timeline, uint32_t connectionId, const QFont &font,
                            qreal width, const LadderOptions &options)
{
    LadderGeometry g;
    g.connectionId = connectionId;
    g.baseFont = font;
    g.requestedWidth = width;
    g.options = options;
    g.fonts = LadderFonts::fromBase(font);
    g.unit = QFontMetricsF(g.fonts.label).height();

    const Connection *connection = timeline.connection(connectionId);
    g.stepsGeneration = timeline.stepsGeneration(connectionId);
    g.stepsRevision = timeline.stepsRevision(connectionId);
    Builder b(g, timeline);
    b.layoutColumns(width);
    b.layoutTitle(connection);
    b.layoutHeaders(connection);
    startRows(g, timeline);
    const std::vector<TimelineStep> &steps = timeline.steps(connectionId);
    LadderRowsAccess::setGeneration(g.rows, g.stepsGeneration);
    appendRows(g, steps, 0);
    b.finish(g.rows.size());
    return g;
}

bool updateLadder(LadderGeometry &g, const Timeline &timeline, uint32_t connectionId,
                  const QFont &font, qreal width, const LadderOptions &options)
{
    const std::vector<TimelineStep> &steps = timeline.steps(connectionId);
    const Connection *connection = timeline.connection(connectionId);
    const QString clientEndpoint = connection ? QString::fromStdString(connection->client.toString()) : QString();
    const QString serverEndpoint = connection ? QString::fromStdString(connection->server.toString()) : QString();

    const uint64_t generation = timeline.stepsGeneration(connectionId);
    const LadderRowContext *ctx = LadderRowsAccess::context(g.rows);
    // The same generation: the same steps (a repaint, or another ladder changed). Otherwise the
    // timeline says how many leading steps (and the rows drawn from them) stayed as they were:
    // all of them when they only grew.
    const size_t unchanged = generation == g.stepsGeneration ? std::numeric_limits<size_t>::max()
                                                             : timeline.stepsUnchangedSince(connectionId, g.stepsGeneration);
    bool canAppend = ctx && ctx->timeline == &timeline && g.connectionId == connectionId && g.baseFont == font
        && g.requestedWidth == width && g.options == options && unchanged > 0
        && g.client.endpoint == clientEndpoint && g.server.endpoint == serverEndpoint
        && !g.fonts.label.family().isEmpty()
        && (!connection || (g.initialClient == timeline.initialClientState(connectionId)
                            && g.initialServer == timeline.initialServerState(connectionId)));
    // The legend's "(inferred)" entry comes with the first inferred call, and moves everything down.
    const bool legendInferred = std::any_of(g.legend.begin(), g.legend.end(), [](const LadderLegendItem &item) {
        return item.mark == LadderLegendItem::Mark::InferredCall;
    });
    canAppend = canAppend && legendInferred == (options.legend && timeline.hasInferredCalls());
    // Rows after the unchanged ones are laid out again (a call that moved among the newest
    // segments, states revised from a segment on).
    const size_t keep = std::min({unchanged, g.rows.size(), steps.size()});
    if (keep == 0 && !g.rows.empty())
        canAppend = false; // nothing to keep: a whole new layout
    if (canAppend && !g.tail.sawSegment) {
        // The initial states depend on the first segment: start over when it is new.
        canAppend = std::none_of(steps.begin() + ptrdiff_t(keep), steps.end(),
                                 [](const TimelineStep &s) { return s.kind == TimelineStep::Kind::Segment; });
    }
    if (!canAppend) {
        g = layoutLadder(timeline, connectionId, font, width, options);
        return true;
    }
    g.stepsGeneration = generation;
    LadderRowsAccess::setGeneration(g.rows, generation);
    g.stepsRevision = timeline.stepsRevision(connectionId);
    if (keep < g.rows.size())
        g.tail = LadderRowsAccess::truncate(g.rows, keep, steps);
    // Nothing new (the title's handshake and segment count only change with a segment).
    if (steps.size() == g.rows.size())
        return false;
    Builder b(g, timeline);
    b.layoutTitle(connection);
    appendRows(g, steps, g.rows.size());
    b.finish(g.rows.size());
    return false;
}

size_t LadderStack::ladderAt(qreal y) const
{
    // offsets are increasing: the last ladder starting at or above y.
    const auto after = std::upper_bound(offsets.begin(), offsets.end(), y);
    if (after == offsets.begin())
        return 0;
    const size_t i = size_t(after - offsets.begin()) - 1;
    return y < offsets[i] + ladders[i].contentSize.height() + separator ? i : ladders.size();
}

std::vector<uint32_t> stackedConnections(const Timeline &timeline)
{
    // Kept by the timeline: going over every connection here, at every layout of the live
    // "all connections" view, cost more each minute of a class.
    const std::vector<uint32_t> &listed = timeline.connectionsWithSegments();
    std::vector<uint32_t> ids;
    ids.reserve(listed.size() + 1);
    ids.assign(listed.begin(), listed.end());
    if (ids.empty() || !timeline.steps(0).empty())
        ids.push_back(0);
    return ids;
}

bool updateStack(LadderStack &stack, const Timeline &timeline, const std::vector<uint32_t> &ids,
                 const QFont &font, qreal width, const LadderOptions &options, size_t maxLadders,
                 qreal maxHeight)
{
    bool restarted = false;
    stack.separator = std::round(QFontMetricsF(font).height() * 1.2);
    qreal y = 0, contentWidth = 0;
    // The key to colours and shapes once, at the top: the same for every ladder.
    LadderOptions rest = options;
    rest.legend = false;
    size_t n = 0;
    for (; n < ids.size() && n < maxLadders && (n == 0 || y < maxHeight); ++n) {
        if (n == stack.ladders.size()) {
            stack.ladders.emplace_back();
            stack.offsets.push_back(0);
        }
        LadderGeometry &g = stack.ladders[n];
        if (updateLadder(g, timeline, ids[n], font, width, n == 0 ? options : rest))
            restarted = true;
        stack.offsets[n] = y;
        y += g.contentSize.height() + stack.separator;
        contentWidth = std::max(contentWidth, g.contentSize.width());
    }
    if (n != stack.ladders.size())
        restarted = true;
    stack.ladders.resize(n);
    stack.offsets.resize(n);

    stack.omittedLadders = ids.size() - n;
    stack.omittedSteps = 0;
    for (size_t i = n; i < ids.size(); ++i)
        stack.omittedSteps += timeline.steps(ids[i]).size();
    stack.omittedText = {};
    qreal bottom = n ? y - stack.separator : 0;
    if (stack.omittedLadders) {
        QFont f = LadderFonts::fromBase(font).note;
        const QFontMetricsF fm(f);
        const QString text =
            stack.omittedLadders == 1
                ? QCoreApplication::translate("LadderLayout", "1 more connection (%1 steps) not drawn here: pick it "
                                                              "from the list, or export as .svg or .txt for all")
                      .arg(stack.omittedSteps)
                : QCoreApplication::translate("LadderLayout", "%1 more connections (%2 steps) not drawn here: pick one "
                                                              "from the list, or export as .svg or .txt for all")
                      .arg(stack.omittedLadders)
                      .arg(stack.omittedSteps);
        const qreal margin = std::round(fm.height());
        stack.omittedText.text = text;
        stack.omittedText.rect = QRectF(margin, bottom + stack.separator, fm.horizontalAdvance(text), fm.height());
        stack.omittedFont = f;
        bottom = stack.omittedText.rect.bottom() + margin;
        contentWidth = std::max(contentWidth, stack.omittedText.rect.right() + margin);
    }
    stack.contentSize = QSizeF(std::ceil(contentWidth), std::ceil(bottom));
    return restarted;
}

QString ladderBlankText()
{
    return QStringLiteral("______");
}

} // namespace hv
