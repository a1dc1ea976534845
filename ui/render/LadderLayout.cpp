#include "LadderLayout.h"

#include "CallText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QHash>

#include <algorithm>
#include <cmath>

namespace hv {

namespace {

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

// Lays out rows one by one; all metrics come from the geometry's fonts and fixed columns so that
// a later call can continue where an earlier one stopped.
class Builder {
public:
    Builder(LadderGeometry &g, const Timeline &timeline)
        : g_(g), timeline_(timeline), fmLabel_(g.fonts.label), fmNumbers_(g.fonts.numbers),
          fmNote_(g.fonts.note), fmSmall_(g.fonts.small), fmState_(g.fonts.state),
          fmCode_(g.fonts.code)
    {
        lh_ = fmLabel_.height();
        sh_ = fmSmall_.height();
        pad_ = std::round(sh_ * 0.5);
        boxH_ = std::ceil(std::max(fmState_.height(), fmCode_.height()) + sh_ * 0.45);
        boxPadX_ = std::round(sh_ * 0.55);
        connector_ = std::round(sh_ * 0.5);
        textPad_ = std::round(sh_ * 0.5);
        margin_ = std::round(lh_ * 0.9);
    }

    void layoutColumns(qreal width);
    void layoutHeaders(const Connection *connection);
    void layoutTitle(const Connection *connection);
    void layoutLegend();
    void addStep(const TimelineStep &step);
    void finish();

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
    LadderStateBox stateBox(Side side, TcpState state, qreal y) const;
    void wrapNote(const QString &note, qreal maxWidth, LadderText &first, LadderText &second) const;
    LadderText gapText(int64_t timeUs, qreal centerY) const;
    void addSegment(const TimelineStep &step, LadderRow &row);
    void addCall(const TimelineStep &step, LadderRow &row);
    QString noteFor(const Segment &s, bool *warning) const;

    LadderGeometry &g_;
    const Timeline &timeline_;
    Metrics fmLabel_, fmNumbers_, fmNote_, fmSmall_, fmState_, fmCode_;
    qreal lh_ = 0, sh_ = 0, pad_ = 0, boxH_ = 0, boxPadX_ = 0, connector_ = 0, textPad_ = 0, margin_ = 0;
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
    } else if (timeline_.defaultConnectionId() == 0) {
        title = QCoreApplication::translate("LadderLayout", "No TCP connection yet");
    } else {
        // The loose calls of a stack or an export, under connections that do exist.
        //: zh: 不在任何连接上的套接字调用
        title = QCoreApplication::translate("LadderLayout", "Socket calls on no connection");
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
    box.state = state;
    const QString name = QString::fromLatin1(tcpStateName(state));
    box.text = elide(fmState_, name, g_.outerWidth - 2 * boxPadX_);
    const qreal w = std::ceil(std::min(boxWidthFor(fmState_, box.text.text), g_.outerWidth));
    const qreal x = side == Side::Client ? g_.clientX : g_.serverX;
    const qreal left = side == Side::Client ? x - connector_ - w : x + connector_;
    box.text.rect = QRectF(left, y - boxH_ / 2, w, boxH_);
    box.anchor = QPointF(x, y);
    return box;
}

LadderText Builder::gapText(int64_t timeUs, qreal centerY) const
{
    if (!hasGutter())
        return {};
    const QString text = g_.tail.hasPrevious ? formatTimeGap(timeUs - g_.tail.previousTimeUs) : clockTime(timeUs);
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

QString Builder::noteFor(const Segment &s, bool *warning) const
{
    const bool rel = g_.options.relativeNumbers;
    const uint32_t seq = rel ? s.relSeq : s.seq;
    const uint32_t ack = rel ? s.relAck : s.ack;
    const bool syn = s.flags & TcpFlag::Syn, fin = s.flags & TcpFlag::Fin;
    const bool rst = s.flags & TcpFlag::Rst, hasAck = s.flags & TcpFlag::Ack;
    *warning = false;

    if (s.anomalies) {
        *warning = true;
        QStringList names;
        for (const std::string &n : anomalyNames(s.anomalies))
            names << QString::fromStdString(n);
        return QCoreApplication::translate("LadderLayout", "anomaly: %1").arg(names.join(QStringLiteral(", ")));
    }
    if (s.retransmission) {
        *warning = true;
        return QCoreApplication::translate("LadderLayout", "↻ retransmission: sent again, same Seq");
    }
    if (rst) {
        *warning = true;
        if (const Connection *c = timeline_.connection(s.connection); c && c->refusalFrame == s.frame)
            return QCoreApplication::translate("LadderLayout", "RST: nothing listens on this port, connect() fails");
        return QCoreApplication::translate("LadderLayout", "RST: the connection is aborted");
    }
    if (syn && !hasAck) {
        return rel ? QCoreApplication::translate("LadderLayout", "initial sequence number (ISN) %1, shown as 0").arg(s.seq)
                   : QCoreApplication::translate("LadderLayout", "initial sequence number (ISN) %1").arg(s.seq);
    }
    if (syn && hasAck) {
        return QCoreApplication::translate("LadderLayout", "ack = %1 + 1: a SYN takes one sequence number")
            .arg(uint32_t(ack - 1));
    }
    if (fin) {
        if (s.len > 0)
            return QCoreApplication::translate("LadderLayout", "a FIN takes one sequence number: next seq = %1 + %2 + 1 = %3")
                .arg(seq).arg(s.len).arg(uint32_t(seq + s.len + 1));
        return QCoreApplication::translate("LadderLayout", "a FIN takes one sequence number: next seq = %1 + 1 = %2")
            .arg(seq).arg(uint32_t(seq + 1));
    }
    if (s.len > 0) {
        return QCoreApplication::translate("LadderLayout", "next seq = seq + len = %1 + %2 = %3")
            .arg(seq).arg(s.len).arg(uint32_t(seq + s.len));
    }
    if (hasAck && s.from == Side::Client && g_.tail.previousWasSynAck && s.ack == g_.tail.synAckSeq + 1) {
        return QCoreApplication::translate("LadderLayout", "ack = %1 + 1: the server's SYN takes one too")
            .arg(uint32_t(ack - 1));
    }
    return {};
}

void Builder::addSegment(const TimelineStep &step, LadderRow &row)
{
    const Segment &s = timeline_.segments()[step.index];
    const bool fromClient = s.from == Side::Client;
    const qreal x0 = fromClient ? g_.clientX : g_.serverX;
    const qreal x1 = fromClient ? g_.serverX : g_.clientX;
    const qreal W = g_.middleWidth;
    const qreal midX = (g_.clientX + g_.serverX) / 2;
    const qreal d = drop();
    const qreal maxText = maxTextWidth();
    const bool rel = g_.options.relativeNumbers;

    row.from = s.from;
    row.kind = arrowKind(s.flags, s.len);
    row.retransmission = s.retransmission;

    QString label = QString::fromStdString(flagsLabel(s.flags));
    if (label.isEmpty())
        //: zh: <无标志>
        label = QCoreApplication::translate("LadderLayout", "<none>", "no TCP flag set");
    if (s.len > 0)
        label += QStringLiteral(" - Len: %1").arg(s.len);
    row.label = elide(fmLabel_, label, maxText);
    const qreal wl = fmLabel_.horizontalAdvance(row.label.text);

    QString numbers = QStringLiteral("Seq=%1").arg(rel ? s.relSeq : s.seq);
    if (s.flags & TcpFlag::Ack)
        numbers += QStringLiteral(" Ack=%1").arg(rel ? s.relAck : s.ack);
    row.numbers = elide(fmNumbers_, numbers, maxText);
    const qreal wn = fmNumbers_.horizontalAdvance(row.numbers.text);

    const QString note = noteFor(s, &row.noteIsWarning);
    wrapNote(note, maxText, row.note, row.noteContinued);
    const qreal wnote = note.isEmpty() ? 0 : fmNote_.horizontalAdvance(row.note.text);
    const qreal wnote2 = row.noteContinued.text.isEmpty() ? 0 : fmNote_.horizontalAdvance(row.noteContinued.text);

    // Text sits horizontally centred on the slanted arrow: it must clear the line at its edge,
    // where the line is highest (above) or lowest (below).
    const qreal clearance = std::max<qreal>(2, sh_ * 0.15);
    const qreal T = row.top;
    const qreal labelTop = T + pad_;
    const qreal labelBottom = labelTop + lh_;
    qreal midY = labelBottom + clearance + d * wl / (2 * W);
    midY = std::max(midY, T + pad_ + boxH_ / 2 + d / 2);
    const qreal y0 = midY - d / 2, y1 = midY + d / 2;
    row.arrowFrom = QPointF(x0, y0);
    row.arrowTo = QPointF(x1, y1);
    row.label.rect = QRectF(midX - wl / 2, labelTop, wl, lh_);

    const qreal numbersTop = midY + clearance + d * wn / (2 * W);
    row.numbers.rect = QRectF(midX - wn / 2, numbersTop, wn, fmNumbers_.height());
    qreal textBottom = row.numbers.rect.bottom();
    if (!note.isEmpty()) {
        const qreal noteTop = std::max(textBottom + 1, midY + clearance + d * wnote / (2 * W));
        row.note.rect = QRectF(midX - wnote / 2, noteTop, wnote, fmNote_.height());
        textBottom = row.note.rect.bottom();
    }
    if (!row.noteContinued.text.isEmpty()) {
        const qreal top = std::max(textBottom, midY + clearance + d * wnote2 / (2 * W));
        row.noteContinued.rect = QRectF(midX - wnote2 / 2, top, wnote2, fmNote_.height());
        textBottom = row.noteContinued.rect.bottom();
    }

    // The sender's state changes as it sends (top of the arrow), the receiver's as it receives.
    // A state the packets do not prove gets no box (and the last box shown still stands).
    auto track = [&](Side side, TcpState now, bool &known, TcpState &before) {
        if (now == TcpState::Unknown)
            return;
        if (!known || before != now) {
            const bool isSender = side == s.from;
            row.states.push_back(stateBox(side, now, isSender ? y0 : y1));
        }
        known = true;
        before = now;
    };
    track(Side::Client, s.clientState, g_.tail.clientStateKnown, g_.tail.clientState);
    track(Side::Server, s.serverState, g_.tail.serverStateKnown, g_.tail.serverState);

    row.gap = gapText(step.timeUs, y0);
    row.bottom = std::ceil(std::max({textBottom, y1 + boxH_ / 2, y0 + boxH_ / 2}) + pad_);

    g_.tail.sawSegment = true;
    g_.tail.previousWasSynAck = s.from == Side::Server && (s.flags & TcpFlag::Syn) && (s.flags & TcpFlag::Ack);
    g_.tail.synAckSeq = s.seq;
}

void Builder::addCall(const TimelineStep &step, LadderRow &row)
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
    m.detail = elide(fmSmall_, detail, maxTextWidth());
    const qreal dw = fmSmall_.horizontalAdvance(m.detail.text);
    m.detail.rect = QRectF(client ? x + textPad_ : x - textPad_ - dw, cy - sh_ / 2, dw, sh_);

    row.gap = gapText(step.timeUs, cy);
    row.bottom = std::ceil(top + boxH_ + std::round(pad_ * 0.6));
}

void Builder::addStep(const TimelineStep &step)
{
    LadderRow row;
    row.step = step;
    row.top = g_.tail.nextTop;
    if (step.kind == TimelineStep::Kind::Segment)
        addSegment(step, row);
    else
        addCall(step, row);
    g_.tail.nextTop = row.bottom;
    g_.tail.hasPrevious = true;
    g_.tail.previousTimeUs = step.timeUs;
    g_.steps.push_back(step);
    g_.rows.push_back(std::move(row));
}

void Builder::finish()
{
    g_.emptyText = {};
    qreal bottom = g_.tail.nextTop;
    if (g_.rows.empty()) {
        const QString text = QCoreApplication::translate("LadderLayout", "Waiting for TCP segments…");
        g_.emptyText = elide(fmNote_, text, maxTextWidth());
        const qreal w = fmNote_.horizontalAdvance(g_.emptyText.text);
        g_.emptyText.rect = QRectF((g_.clientX + g_.serverX - w) / 2, bottom + lh_, w, fmNote_.height());
        bottom = g_.emptyText.rect.bottom() + lh_;
    }
    g_.lifelineBottom = std::ceil(bottom + lh_ * 0.6);
    g_.contentSize.setHeight(g_.lifelineBottom + margin_);
}

} // namespace

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

size_t LadderGeometry::firstRowBelow(qreal y) const
{
    return size_t(std::upper_bound(rows.begin(), rows.end(), y,
                                   [](qreal v, const LadderRow &r) { return v < r.bottom; })
                  - rows.begin());
}

int LadderGeometry::rowAt(qreal y) const
{
    const size_t i = firstRowBelow(y);
    if (i < rows.size() && rows[i].top <= y)
        return int(i);
    return -1;
}

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
    const std::vector<TimelineStep> &steps = timeline.steps(connectionId);
    g.rows.reserve(steps.size());
    g.steps.reserve(steps.size());
    for (const TimelineStep &step : steps)
        b.addStep(step);
    b.finish();
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
    // The same generation: the same steps (a repaint, or another ladder changed). The same
    // revision: the rows laid out are the start of the new steps, which only grew.
    bool canAppend = g.connectionId == connectionId && g.baseFont == font && g.requestedWidth == width
        && g.options == options && steps.size() >= g.steps.size() && g.client.endpoint == clientEndpoint
        && g.server.endpoint == serverEndpoint && !g.fonts.label.family().isEmpty()
        && (generation == g.stepsGeneration || timeline.stepsRevision(connectionId) == g.stepsRevision)
        && (!connection || (g.initialClient == timeline.initialClientState(connectionId)
                            && g.initialServer == timeline.initialServerState(connectionId)));
    // The legend's "(inferred)" entry comes with the first inferred call, and moves everything down.
    const bool legendInferred = std::any_of(g.legend.begin(), g.legend.end(), [](const LadderLegendItem &item) {
        return item.mark == LadderLegendItem::Mark::InferredCall;
    });
    canAppend = canAppend && legendInferred == (options.legend && timeline.hasInferredCalls());
    if (canAppend && !g.tail.sawSegment) {
        // The initial states depend on the first segment: start over when it is new.
        canAppend = std::none_of(steps.begin() + ptrdiff_t(g.steps.size()), steps.end(),
                                 [](const TimelineStep &s) { return s.kind == TimelineStep::Kind::Segment; });
    }
    if (!canAppend) {
        g = layoutLadder(timeline, connectionId, font, width, options);
        return true;
    }
    g.stepsGeneration = generation;
    g.stepsRevision = timeline.stepsRevision(connectionId);
    // Nothing new (the title's handshake and segment count only change with a segment).
    if (steps.size() == g.steps.size())
        return false;
    Builder b(g, timeline);
    b.layoutTitle(connection);
    for (size_t i = g.steps.size(); i < steps.size(); ++i)
        b.addStep(steps[i]);
    b.finish();
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
    std::vector<uint32_t> ids;
    for (const Connection &c : timeline.connections())
        if (c.id && !timeline.segmentIndices(c.id).empty())
            ids.push_back(c.id);
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

} // namespace hv
