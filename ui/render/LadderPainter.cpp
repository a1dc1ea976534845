#include "LadderPainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace hv {

namespace {

// The colours of one theme (LadderTheme): the screen's and the exports' (Light), a projector's
// (HighContrast: darker ink, stronger fills, that survive a washed-out picture), a dark room's.
struct Palette {
    QColor background, text, muted, faint, lifeline, headerFill, headerBorder, clientAccent, serverAccent, warning;
    QColor callFill, callBorder, callText, callBorderInferred, callTextInferred, callInferredFill, highlight, highlightEdge;
    QColor separator, bandLine;
    QColor arrowSyn, arrowData, arrowFin, arrowRst, arrowAck;
    QColor fillSyn, fillEstablished, fillClosing, fillTimeWait, fillOther;
    QColor borderSyn, borderEstablished, borderClosing, borderTimeWait, borderOther;
};

const Palette &paletteOf(LadderTheme theme)
{
    static const Palette light{
        QColor(Qt::white), QColor(0x0f, 0x17, 0x2a), QColor(0x47, 0x55, 0x69), QColor(0x8a, 0x94, 0xa6), QColor(0x94, 0xa3, 0xb8),
        QColor(0xf1, 0xf5, 0xf9), QColor(0x94, 0xa3, 0xb8), QColor(0x1d, 0x4e, 0xd8), QColor(0x7e, 0x22, 0xce), QColor(0xb9, 0x1c, 0x1c),
        QColor(0xf5, 0xf0, 0xff), QColor(0x93, 0x33, 0xea), QColor(0x6b, 0x21, 0xa8), QColor(0xb7, 0x94, 0xf6), QColor(0x8b, 0x5c, 0xc6),
        QColor(Qt::white), QColor(0xfe, 0xf9, 0xc3), QColor(0xea, 0xb3, 0x08), QColor(0xcb, 0xd5, 0xe1), QColor(0xe2, 0xe8, 0xf0),
        QColor(0x25, 0x63, 0xeb), QColor(0x15, 0x80, 0x3d), QColor(0xea, 0x58, 0x0c), QColor(0xdc, 0x26, 0x26), QColor(0x47, 0x55, 0x69),
        QColor(0xdb, 0xea, 0xfe), QColor(0xdc, 0xfc, 0xe7), QColor(0xff, 0xed, 0xd5), QColor(0xfe, 0xf3, 0xc7), QColor(0xf1, 0xf5, 0xf9),
        QColor(0x3b, 0x82, 0xf6), QColor(0x16, 0xa3, 0x4a), QColor(0xf9, 0x73, 0x16), QColor(0xd9, 0x77, 0x06), QColor(0x94, 0xa3, 0xb8)};
    static const Palette contrast{
        QColor(Qt::white), QColor(Qt::black), QColor(0x1f, 0x29, 0x37), QColor(0x37, 0x41, 0x51), QColor(0x33, 0x41, 0x55),
        QColor(0xe2, 0xe8, 0xf0), QColor(0x1f, 0x29, 0x37), QColor(0x1e, 0x3a, 0x8a), QColor(0x58, 0x1c, 0x87), QColor(0x99, 0x1b, 0x1b),
        QColor(0xed, 0xe9, 0xfe), QColor(0x6b, 0x21, 0xa8), QColor(0x3b, 0x07, 0x64), QColor(0x7c, 0x3a, 0xed), QColor(0x58, 0x1c, 0x87),
        QColor(Qt::white), QColor(0xfd, 0xe0, 0x47), QColor(0xa1, 0x62, 0x07), QColor(0x64, 0x74, 0x8b), QColor(0x64, 0x74, 0x8b),
        QColor(0x1d, 0x4e, 0xd8), QColor(0x16, 0x65, 0x34), QColor(0xc2, 0x41, 0x0c), QColor(0xb9, 0x1c, 0x1c), QColor(0x11, 0x18, 0x27),
        QColor(0xbf, 0xdb, 0xfe), QColor(0xbb, 0xf7, 0xd0), QColor(0xfe, 0xd7, 0xaa), QColor(0xfd, 0xe6, 0x8a), QColor(0xe2, 0xe8, 0xf0),
        QColor(0x1d, 0x4e, 0xd8), QColor(0x15, 0x80, 0x3d), QColor(0xc2, 0x41, 0x0c), QColor(0xa1, 0x62, 0x07), QColor(0x33, 0x41, 0x55)};
    static const Palette dark{
        QColor(0x0f, 0x17, 0x2a), QColor(0xf1, 0xf5, 0xf9), QColor(0xcb, 0xd5, 0xe1), QColor(0x94, 0xa3, 0xb8), QColor(0x64, 0x74, 0x8b),
        QColor(0x1e, 0x29, 0x3b), QColor(0x64, 0x74, 0x8b), QColor(0x93, 0xc5, 0xfd), QColor(0xd8, 0xb4, 0xfe), QColor(0xfc, 0xa5, 0xa5),
        QColor(0x2e, 0x10, 0x65), QColor(0xa8, 0x55, 0xf7), QColor(0xe9, 0xd5, 0xff), QColor(0x7c, 0x3a, 0xed), QColor(0xc4, 0xb5, 0xfd),
        QColor(0x0f, 0x17, 0x2a), QColor(0x42, 0x20, 0x06), QColor(0xfa, 0xcc, 0x15), QColor(0x47, 0x55, 0x69), QColor(0x33, 0x41, 0x55),
        QColor(0x60, 0xa5, 0xfa), QColor(0x4a, 0xde, 0x80), QColor(0xfb, 0x92, 0x3c), QColor(0xf8, 0x71, 0x71), QColor(0xcb, 0xd5, 0xe1),
        QColor(0x1e, 0x3a, 0x8a), QColor(0x14, 0x53, 0x2d), QColor(0x7c, 0x2d, 0x12), QColor(0x71, 0x3f, 0x12), QColor(0x1e, 0x29, 0x3b),
        QColor(0x60, 0xa5, 0xfa), QColor(0x4a, 0xde, 0x80), QColor(0xfb, 0x92, 0x3c), QColor(0xfa, 0xcc, 0x15), QColor(0x94, 0xa3, 0xb8)};
    switch (theme) {
    case LadderTheme::HighContrast: return contrast;
    case LadderTheme::Dark: return dark;
    case LadderTheme::Light: break;
    }
    return light;
}

// The theme of the paint under way (LadderPainter::ThemeScope); Light otherwise (exports).
LadderTheme g_theme = LadderTheme::Light;
const Palette &P()
{
    return paletteOf(g_theme);
}

constexpr int kTextFlags = Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine | Qt::TextDontClip;

void drawText(QPainter &p, const LadderText &t, const QFont &font, const QColor &color,
              int flags = kTextFlags)
{
    if (t.text.isEmpty())
        return;
    p.setFont(font);
    p.setPen(color);
    p.drawText(t.rect, flags, t.text);
}

// Sizes of strokes and marks, from the geometry's unit (the label line height) so that a
// projector-sized font gets proportionally bolder lines.
struct Marks {
    explicit Marks(qreal unit)
        : stroke(std::max(1.6, unit / 8.5)), head(unit * 0.66), headHalfWidth(unit * 0.3),
          dot(std::max(2.5, unit * 0.18)), ring(unit * 0.4), diamond(unit * 0.28), thin(std::max(1.2, unit / 12))
    {
    }
    qreal stroke, head, headHalfWidth, dot, ring, diamond, thin;
};

void drawArrowShape(QPainter &p, const QLineF &line, const QColor &color, bool dashed, const Marks &m, bool tail = true)
{
    const QPointF dir = (line.p2() - line.p1()) / std::max<qreal>(line.length(), 1);
    const QPointF normal(-dir.y(), dir.x());
    const QPointF base = line.p2() - dir * m.head;

    p.save();
    QPen pen(color, m.stroke, dashed ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin);
    p.setPen(pen);
    p.drawLine(QLineF(line.p1(), base + dir * 0.5));
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPolygon(QPolygonF({line.p2(), base + normal * m.headHalfWidth, base - normal * m.headHalfWidth}));
    // The tail: where the segment leaves the sender.
    if (tail)
        p.drawEllipse(line.p1(), m.dot, m.dot);
    if (dashed) {
        // A hollow ring around the tail: "this one was sent before".
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(color, m.thin));
        p.drawEllipse(line.p1(), m.ring, m.ring);
    }
    p.restore();
}

// Where a segment the lab dropped stops: short of the receiver, which never got it.
constexpr qreal kLostAt = 0.62;

QPointF arrowEnd(const LadderRow &row)
{
    return row.lost ? row.arrowFrom + (row.arrowTo - row.arrowFrom) * kLostAt : row.arrowTo;
}

// A cross just past a lost segment's head: "it went no further".
void drawLostCross(QPainter &p, const LadderRow &row, const Marks &m)
{
    const QPointF dir = (row.arrowTo - row.arrowFrom) / std::max<qreal>(QLineF(row.arrowFrom, row.arrowTo).length(), 1);
    const QPointF c = arrowEnd(row) + dir * m.head * 1.1;
    const qreal r = m.head * 0.7;
    p.save();
    p.setPen(QPen(P().warning, m.stroke * 1.2, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
    p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
    p.restore();
}

void drawArrow(QPainter &p, const LadderRow &row, const Marks &m)
{
    drawArrowShape(p, QLineF(row.arrowFrom, arrowEnd(row)), LadderPainter::arrowColor(row.kind), row.retransmission, m);
    if (row.lost)
        drawLostCross(p, row, m);
}

// An arrow on its way: a faint trace of the whole path (where it is going), the part travelled
// so far with the head at the tip. The head shrinks near the start rather than point backwards.
void drawArrowInFlight(QPainter &p, const LadderRow &row, const Marks &m, qreal progress)
{
    const QColor color = LadderPainter::arrowColor(row.kind);
    QColor trace = color;
    trace.setAlpha(46);
    p.save();
    p.setPen(QPen(trace, m.thin, Qt::DotLine, Qt::FlatCap));
    p.drawLine(row.arrowFrom, arrowEnd(row));
    p.restore();
    const QLineF travelled(row.arrowFrom, row.arrowFrom + (arrowEnd(row) - row.arrowFrom) * std::clamp<qreal>(progress, 0, 1));
    Marks small = m;
    small.head = std::min(m.head, travelled.length());
    small.headHalfWidth = m.headHalfWidth * small.head / std::max<qreal>(m.head, 1);
    drawArrowShape(p, travelled, color, row.retransmission, small);
}

void drawStateBox(QPainter &p, const LadderStateBox &box, const QFont &font, const Marks &m)
{
    p.save();
    const QColor border = LadderPainter::stateBorder(box.state);
    p.setPen(QPen(border, m.thin * 1.2));
    p.drawLine(box.anchor, QPointF(box.side == Side::Client ? box.text.rect.right() : box.text.rect.left(),
                                   box.anchor.y()));
    p.setBrush(LadderPainter::stateFill(box.state));
    const qreal r = box.text.rect.height() / 2.6;
    p.drawRoundedRect(box.text.rect, r, r);
    p.setBrush(border);
    p.setPen(Qt::NoPen);
    p.drawEllipse(box.anchor, m.dot, m.dot);
    drawText(p, box.text, font, P().text, Qt::AlignCenter | Qt::TextSingleLine | Qt::TextDontClip);
    p.restore();
}

// An inferred call (deduced from a capture file, not logged) is drawn lighter: dashed outline, no
// fill, a hollow diamond, italic text.
QPen callBorderPen(bool inferred, const Marks &marks)
{
    return inferred ? QPen(P().callBorderInferred, marks.thin * 1.2, Qt::DashLine) : QPen(P().callBorder, marks.thin * 1.2);
}

void drawCall(QPainter &p, const LadderCallMarker &m, const LadderFonts &fonts, const Marks &marks)
{
    p.save();
    p.setPen(callBorderPen(m.inferred, marks));
    const QRectF &r = m.text.rect;
    p.drawLine(m.anchor, QPointF(m.side == CallSide::Client ? r.right() : r.left(), m.anchor.y()));
    p.setBrush(m.inferred ? P().callInferredFill : P().callFill);
    p.drawRect(r);
    // A diamond on the lifeline: a call, as opposed to a state (round dot).
    const QPointF a = m.anchor;
    const qreal d = marks.diamond;
    if (m.inferred) {
        p.setPen(QPen(P().callBorderInferred, marks.thin));
        p.setBrush(P().callInferredFill);
    } else {
        p.setPen(Qt::NoPen);
        p.setBrush(P().callBorder);
    }
    p.drawPolygon(QPolygonF({a + QPointF(0, -d), a + QPointF(d, 0), a + QPointF(0, d), a + QPointF(-d, 0)}));
    QFont code = fonts.code;
    code.setItalic(m.inferred);
    drawText(p, m.text, code, m.inferred ? P().callTextInferred : P().callText,
             Qt::AlignCenter | Qt::TextSingleLine | Qt::TextDontClip);
    drawText(p, m.detail, fonts.small, m.kernelDisagrees ? P().warning : P().muted);
    p.restore();
}

void drawHeader(QPainter &p, const LadderHeader &h, const LadderFonts &fonts, const QColor &accent)
{
    p.save();
    p.setPen(QPen(P().headerBorder, 1.2));
    p.setBrush(P().headerFill);
    p.drawRoundedRect(h.rect, 6, 6);
    // A coloured bar on top tells the two roles apart at a glance.
    p.setPen(Qt::NoPen);
    p.setBrush(accent);
    QPainterPath bar;
    bar.addRoundedRect(QRectF(h.rect.left(), h.rect.top(), h.rect.width(), 8), 6, 6);
    QPainterPath clip;
    clip.addRect(QRectF(h.rect.left(), h.rect.top(), h.rect.width(), 4));
    p.drawPath(bar.intersected(clip));
    const int centred = Qt::AlignCenter | Qt::TextSingleLine | Qt::TextDontClip;
    drawText(p, h.roleText, fonts.role, accent, centred);
    drawText(p, h.endpointText, fonts.endpoint, P().muted, centred);
    p.restore();
}

void drawLegend(QPainter &p, const LadderGeometry &g, const Marks &m)
{
    using Mark = LadderLegendItem::Mark;
    for (const LadderLegendItem &item : g.legend) {
        const QRectF &r = item.sample;
        const qreal cy = r.center().y();
        switch (item.mark) {
        case Mark::Arrow:
        case Mark::Retransmission:
            drawArrowShape(p, QLineF(r.left() + m.ring, cy, r.right(), cy), LadderPainter::arrowColor(item.kind),
                           item.mark == Mark::Retransmission, m, item.mark == Mark::Retransmission);
            break;
        case Mark::State:
            p.save();
        {
            // A worksheet's key shows no state's colour: its boxes have none.
            const TcpState sample = (g.options.blanks & LadderBlank::States) ? TcpState::Unknown : TcpState::Established;
            p.setPen(QPen(LadderPainter::stateBorder(sample), m.thin * 1.2));
            p.setBrush(LadderPainter::stateFill(sample));
        }
            p.drawRoundedRect(r, r.height() / 2.6, r.height() / 2.6);
            p.restore();
            break;
        case Mark::Call:
        case Mark::InferredCall:
            p.save();
            p.setPen(callBorderPen(item.mark == Mark::InferredCall, m));
            p.setBrush(item.mark == Mark::InferredCall ? P().callInferredFill : P().callFill);
            p.drawRect(r);
            p.restore();
            break;
        }
        drawText(p, item.text, g.fonts.small, P().muted);
    }
}

} // namespace

QColor LadderPainter::background()
{
    return P().background;
}

QColor LadderPainter::arrowColor(ArrowKind kind)
{
    switch (kind) {
    case ArrowKind::Syn: return P().arrowSyn;
    case ArrowKind::Data: return P().arrowData;
    case ArrowKind::Fin: return P().arrowFin;
    case ArrowKind::Rst: return P().arrowRst;
    case ArrowKind::Ack: break;
    }
    return P().arrowAck;
}

QColor LadderPainter::stateFill(TcpState state)
{
    switch (state) {
    case TcpState::SynSent:
    case TcpState::SynRcvd: return P().fillSyn;
    case TcpState::Established: return P().fillEstablished;
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::Closing:
    case TcpState::CloseWait:
    case TcpState::LastAck: return P().fillClosing;
    case TcpState::TimeWait: return P().fillTimeWait;
    case TcpState::Closed:
    case TcpState::Listen:
    case TcpState::Unknown: break;
    }
    return P().fillOther;
}

QColor LadderPainter::stateBorder(TcpState state)
{
    switch (state) {
    case TcpState::SynSent:
    case TcpState::SynRcvd: return P().borderSyn;
    case TcpState::Established: return P().borderEstablished;
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::Closing:
    case TcpState::CloseWait:
    case TcpState::LastAck: return P().borderClosing;
    case TcpState::TimeWait: return P().borderTimeWait;
    case TcpState::Closed:
    case TcpState::Listen:
    case TcpState::Unknown: break;
    }
    return P().borderOther;
}

LadderPainter::ThemeScope::ThemeScope(LadderTheme theme) : previous_(g_theme)
{
    g_theme = theme;
}

LadderPainter::ThemeScope::~ThemeScope()
{
    g_theme = previous_;
}

void LadderPainter::paint(QPainter &p, const LadderGeometry &g, const QRectF &visible,
                          const LadderPaintOptions &options)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    if (options.fillBackground)
        p.fillRect(visible, background());

    const size_t revealed = options.revealedRows < 0 ? g.rows.size()
                                                      : std::min(g.rows.size(), size_t(options.revealedRows));
    const size_t first = g.firstRowBelow(visible.top());

    // Highlight first, under everything else.
    if (options.currentRow >= 0 && size_t(options.currentRow) < revealed) {
        const qreal rowTop = g.rows.top(size_t(options.currentRow));
        const qreal rowBottom = g.rows.bottom(size_t(options.currentRow));
        const QRectF band(0, rowTop, g.contentSize.width(), rowBottom - rowTop);
        if (band.intersects(visible)) {
            p.save();
            p.setPen(Qt::NoPen);
            p.setBrush(P().highlight);
            p.drawRect(band);
            p.setBrush(P().highlightEdge);
            p.drawRect(QRectF(0, rowTop, 4, rowBottom - rowTop));
            p.restore();
        }
    }

    const Marks marks(g.unit);
    if (visible.top() < g.headerBottom + 1) {
        drawText(p, g.title, g.fonts.title, P().text);
        drawLegend(p, g, marks);
        drawText(p, g.gutterTitle, g.fonts.small, P().faint);
        drawHeader(p, g.client, g.fonts, P().clientAccent);
        drawHeader(p, g.server, g.fonts, P().serverAccent);
    }

    // Lifelines
    p.save();
    p.setPen(QPen(P().lifeline, marks.stroke, Qt::SolidLine, Qt::FlatCap));
    const qreal top = std::max(g.lifelineTop, visible.top());
    const qreal bottom = std::min(g.lifelineBottom, visible.bottom());
    if (bottom > top) {
        p.drawLine(QPointF(g.clientX, top), QPointF(g.clientX, bottom));
        p.drawLine(QPointF(g.serverX, top), QPointF(g.serverX, bottom));
    }
    p.restore();

    for (const LadderStateBox &box : g.initialStates)
        if (box.text.rect.intersects(visible))
            drawStateBox(p, box, g.fonts.state, marks);

    // Rows are made when read: read only those on screen.
    qreal rowTop = first < g.rows.size() ? g.rows.top(first) : 0;
    for (size_t i = first; i < revealed; ++i) {
        if (rowTop > visible.bottom())
            break;
        const LadderRow row = g.rows[i];
        rowTop = row.bottom;
        drawText(p, row.gap, g.fonts.small, P().faint);
        if (row.isCall) {
            drawCall(p, row.call, g.fonts, marks);
            continue;
        }
        const bool flying = int(i) == options.currentRow && options.currentProgress < 1;
        if (flying)
            drawArrowInFlight(p, row, marks, options.currentProgress);
        else
            drawArrow(p, row, marks);
        const QColor color = arrowColor(row.kind);
        const int centred = Qt::AlignCenter | Qt::TextSingleLine | Qt::TextDontClip;
        p.save();
        if (flying) // the words fade in as the segment travels
            p.setOpacity(0.2 + 0.8 * std::max<qreal>(0, options.currentProgress));
        drawText(p, row.label, g.fonts.label, color.darker(115), centred);
        drawText(p, row.numbers, g.fonts.numbers, P().text, centred);
        p.restore();
        if (!flying) {
            drawText(p, row.note, g.fonts.note, row.noteIsWarning ? P().warning : P().muted, centred);
            drawText(p, row.noteContinued, g.fonts.note, row.noteIsWarning ? P().warning : P().muted, centred);
        }
        // The sender changes state as it sends, the receiver when the segment arrives.
        for (const LadderStateBox &box : row.states)
            if (!flying || box.side == row.from)
                drawStateBox(p, box, g.fonts.state, marks);
    }

    if (!g.emptyText.text.isEmpty())
        drawText(p, g.emptyText, g.fonts.note, P().faint, Qt::AlignCenter | Qt::TextSingleLine | Qt::TextDontClip);
    // Spotlight: a veil of the background over the rows above and below the current one.
    if (options.spotlight && options.currentRow >= 0 && size_t(options.currentRow) < revealed) {
        QColor veil = background();
        veil.setAlpha(150);
        const qreal litTop = g.rows.top(size_t(options.currentRow));
        const qreal litBottom = g.rows.bottom(size_t(options.currentRow));
        const qreal veilTop = std::max(g.headerBottom, visible.top());
        const qreal veilBottom = std::min(visible.bottom(), g.contentSize.height());
        if (litTop > veilTop)
            p.fillRect(QRectF(visible.left(), veilTop, visible.width(), litTop - veilTop), veil);
        if (veilBottom > litBottom)
            p.fillRect(QRectF(visible.left(), litBottom, visible.width(), veilBottom - litBottom), veil);
    }
    p.restore();
}

void LadderPainter::paintStack(QPainter &p, const LadderStack &stack, const QRectF &visible, bool fillBackground)
{
    if (fillBackground)
        p.fillRect(visible, background());
    LadderPaintOptions po;
    po.fillBackground = false;
    for (size_t i = stack.ladderAt(visible.top()); i < stack.ladders.size(); ++i) {
        const qreal top = stack.offsets[i];
        if (top - stack.separator > visible.bottom())
            break;
        if (i > 0) {
            const qreal y = top - stack.separator / 2;
            p.save();
            p.setPen(QPen(P().separator, 1, Qt::DashLine));
            p.drawLine(QPointF(visible.left(), y), QPointF(std::max(visible.right(), stack.contentSize.width()), y));
            p.restore();
        }
        p.save();
        p.translate(0, top);
        LadderPainter::paint(p, stack.ladders[i], visible.translated(0, -top), po);
        p.restore();
    }
    if (!stack.omittedText.text.isEmpty() && stack.omittedText.rect.intersects(visible))
        drawText(p, stack.omittedText, stack.omittedFont, P().muted);
}

qreal LadderPainter::headerBandHeight(const LadderGeometry &g)
{
    return g.client.rect.height() + 2 * std::round(g.client.rect.height() * 0.15);
}

void LadderPainter::paintHeaders(QPainter &p, const LadderGeometry &g, qreal top)
{
    const qreal pad = std::round(g.client.rect.height() * 0.15);
    const qreal band = headerBandHeight(g);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(QRectF(0, top, std::max(g.contentSize.width(), p.window().width() * 1.0), band), background());
    p.setPen(QPen(P().bandLine, 1));
    p.drawLine(QPointF(0, top + band - 0.5), QPointF(g.contentSize.width(), top + band - 0.5));
    p.translate(0, top + pad - g.client.rect.top());
    drawHeader(p, g.client, g.fonts, P().clientAccent);
    drawHeader(p, g.server, g.fonts, P().serverAccent);
    p.restore();
}

} // namespace hv
