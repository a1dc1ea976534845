#include "LadderView.h"

#include "CallText.h"

#include <QEvent>
#include <QKeyEvent>
#include <QWheelEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

namespace hv {

LadderView::LadderView(const Timeline *timeline, QWidget *parent)
    : QAbstractScrollArea(parent), timeline_(timeline)
{
    setFrameShape(QFrame::NoFrame);
    viewport()->setAutoFillBackground(false);
    viewport()->setMouseTracking(false);
    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(kMinRepaintIntervalMs);
    connect(&refreshTimer_, &QTimer::timeout, this, [this] {
        if (dirty_)
            relayout(true);
    });
    resizeTimer_.setSingleShot(true);
    resizeTimer_.setInterval(kResizeSettleMs);
    connect(&resizeTimer_, &QTimer::timeout, this, [this] {
        if (qreal(viewport()->width()) != laidOutWidth())
            relayout(true);
    });
    watch();
    relayout(false);
}

void LadderView::watch()
{
    // Only what changes the picture on screen: the shown connection's steps, the loose calls
    // while no connection is shown, and for "follow the latest" or "all", new connections.
    connect(timeline_, &Timeline::updated, this, [this](const TimelineUpdate &u) {
        const uint32_t shown = showsAll() ? AllConnections : geometry_.connectionId;
        bool relevant = showsAll() ? !u.steps.empty() || !u.connections.empty() || u.looseSteps
                                   : std::binary_search(u.steps.begin(), u.steps.end(), shown)
                                         || std::binary_search(u.connections.begin(), u.connections.end(), shown)
                                         || (shown == 0 && u.looseSteps);
        if (!relevant && requested_ == 0 && !u.connections.empty())
            relevant = timeline_->defaultConnectionId() != shown;
        if (relevant)
            scheduleRefresh();
    });
    connect(timeline_, &Timeline::cleared, this, &LadderView::scheduleRefresh);
    connect(timeline_, &Timeline::sourceChanged, this, &LadderView::scheduleRefresh);
}

void LadderView::setTimeline(const Timeline *timeline)
{
    if (timeline == timeline_)
        return;
    disconnect(timeline_, nullptr, this, nullptr);
    timeline_ = timeline;
    watch();
    requested_ = 0;
    paintOptions_.currentRow = -1;
    geometry_ = {};
    stack_ = {};
    dirty_ = true;
    relayout(false);
    verticalScrollBar()->setValue(0);
}

qreal LadderView::laidOutWidth() const
{
    return showsAll() ? (stack_.ladders.empty() ? -1 : stack_.ladders.front().requestedWidth) : geometry_.requestedWidth;
}

void LadderView::setConnection(uint32_t id)
{
    if (requested_ == id)
        return;
    requested_ = id;
    paintOptions_.currentRow = -1;
    dirty_ = true;
    relayout(false);
    verticalScrollBar()->setValue(0);
}

void LadderView::setRelativeNumbers(bool relative)
{
    if (options_.relativeNumbers == relative)
        return;
    options_.relativeNumbers = relative;
    dirty_ = true;
    relayout(false);
}

void LadderView::setStateNaming(StateNaming naming)
{
    if (stateNaming() == naming)
        return;
    hv::setStateNaming(naming);
    options_.stateNaming = uint8_t(naming);
    dirty_ = true;
    relayout(false);
}

void LadderView::setCurrentRow(int row)
{
    paintOptions_.currentRow = row;
    if (row >= 0)
        scrollToRow(row);
    viewport()->update();
}

void LadderView::setRevealedRows(int count)
{
    paintOptions_.revealedRows = count;
    viewport()->update();
}

void LadderView::setCurrentProgress(qreal progress)
{
    if (paintOptions_.currentProgress == progress)
        return;
    paintOptions_.currentProgress = progress;
    viewport()->update();
}

void LadderView::scrollToRow(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const LadderRow &r = geometry_.rows[size_t(row)];
    const int header = int(LadderPainter::headerBandHeight(geometry_));
    const int top = int(r.top) - header, bottom = int(r.bottom);
    QScrollBar *bar = verticalScrollBar();
    const int height = viewport()->height();
    if (top < bar->value())
        bar->setValue(top);
    else if (bottom > bar->value() + height)
        bar->setValue(bottom - height);
}

void LadderView::scheduleRefresh()
{
    dirty_ = true;
    // Single-shot, never restarted while pending: at most one relayout per interval however
    // many batches arrive in between.
    if (!refreshTimer_.isActive())
        refreshTimer_.start();
}

void LadderView::refreshNow()
{
    refreshTimer_.stop();
    relayout(true);
}

void LadderView::relayout(bool followBottom)
{
    dirty_ = false;
    resizeTimer_.stop(); // laid out for the width of now
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;

    const uint32_t before = shownConnection();
    const bool hadGeometry = !geometry_.fonts.label.family().isEmpty() || !stack_.ladders.empty();
    if (showsAll()) {
        geometry_ = {};
        updateStack(stack_, *timeline_, stackedConnections(*timeline_), ladderFont(), qreal(viewport()->width()),
                    options_, kMaxStackedLadders);
    } else {
        stack_ = {};
        const uint32_t id = requested_ ? requested_ : timeline_->defaultConnectionId();
        updateLadder(geometry_, *timeline_, id, ladderFont(), qreal(viewport()->width()), options_);
    }

    updateScrollBars();
    // Live steps arrive one by one and the newest matter: follow them while the user stays at the
    // bottom. A capture file arrives at once and is read from its handshake, at the top.
    // When stepping, the rows below the revealed ones are blank: the current row is followed instead
    // (the stack of all connections is not stepped through).
    const bool live = timeline_->isLive();
    if (followBottom && atBottom && live && (showsAll() || paintOptions_.revealedRows < 0))
        bar->setValue(bar->maximum());
    viewport()->update();
    if (!hadGeometry || before != shownConnection())
        Q_EMIT shownConnectionChanged(shownConnection());
    Q_EMIT laidOut();
}

void LadderView::updateScrollBars()
{
    const QSize view = viewport()->size();
    const QSizeF content = showsAll() ? stack_.contentSize : geometry_.contentSize;
    verticalScrollBar()->setRange(0, std::max(0, int(std::ceil(content.height())) - view.height()));
    verticalScrollBar()->setPageStep(view.height());
    verticalScrollBar()->setSingleStep(std::max(8, fontMetrics().height() * 2));
    horizontalScrollBar()->setRange(0, std::max(0, int(std::ceil(content.width())) - view.width()));
    horizontalScrollBar()->setPageStep(view.width());
    horizontalScrollBar()->setSingleStep(std::max(8, fontMetrics().height()));
}

QPointF LadderView::toContent(const QPoint &viewportPos) const
{
    return QPointF(viewportPos) + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

int LadderView::rowAt(const QPoint &viewportPos) const
{
    return geometry_.rowAt(toContent(viewportPos).y());
}

void LadderView::setTheme(LadderTheme theme)
{
    if (theme == theme_)
        return;
    theme_ = theme;
    viewport()->update();
}

void LadderView::setSpotlight(bool on)
{
    if (on == paintOptions_.spotlight)
        return;
    paintOptions_.spotlight = on;
    viewport()->update();
}

void LadderView::paintEvent(QPaintEvent *event)
{
    const LadderPainter::ThemeScope theme(theme_);
    QPainter p(viewport());
    const QPointF offset(horizontalScrollBar()->value(), verticalScrollBar()->value());
    p.fillRect(event->rect(), LadderPainter::background());
    p.translate(-offset);
    const QRectF visible = QRectF(event->rect()).translated(offset);
    if (showsAll()) {
        LadderPainter::paintStack(p, stack_, visible, false);
        p.resetTransform();
        // The headers of the ladder at the top, once they scroll away (not under the next title).
        const size_t i = stack_.ladderAt(offset.y());
        if (i < stack_.ladders.size()) {
            const LadderGeometry &g = stack_.ladders[i];
            const qreal top = stack_.offsets[i];
            if (offset.y() > top + g.client.rect.top() && offset.y() + LadderPainter::headerBandHeight(g) < top + g.lifelineBottom) {
                p.translate(-offset.x(), 0);
                LadderPainter::paintHeaders(p, g, 0);
            }
        }
        return;
    }
    LadderPainter::paint(p, geometry_, visible, paintOptions_);
    p.resetTransform();
    // Keep the role headers in sight once they start to scroll away.
    if (offset.y() > geometry_.client.rect.top()) {
        p.translate(-offset.x(), 0);
        LadderPainter::paintHeaders(p, geometry_, 0);
    }
}

void LadderView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (qreal(viewport()->width()) == laidOutWidth()) {
        resizeTimer_.stop();
        updateScrollBars();
    } else if (!showsAll() && geometry_.rows.size() > kDeferResizeRows) {
        updateScrollBars();
        resizeTimer_.start(); // restarted by every resize: once it has settled
    } else {
        dirty_ = true;
        relayout(true);
    }
}

void LadderView::scrollContentsBy(int, int)
{
    // The sticky headers make a plain scroll() wrong: repaint the viewport.
    viewport()->update();
}

void LadderView::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint());
    if (row >= 0 && (paintOptions_.revealedRows < 0 || row < paintOptions_.revealedRows)) {
        paintOptions_.currentRow = row;
        viewport()->update();
        Q_EMIT rowClicked(row);
    }
    QAbstractScrollArea::mousePressEvent(event);
}

QString LadderView::toolTipFor(int row) const
{
    const LadderRow &r = geometry_.rows[size_t(row)];
    if (r.isCall) {
        const SocketCall c = timeline_->call(r.step);
        return QStringLiteral("%1 %2\n%3").arg(c.side == CallSide::Client ? tr("client") : tr("server"),
                                               callLabel(c.kind), callDetail(c));
    }
    // The full texts, for what had to be elided.
    const Segment &s = timeline_->segments()[r.step.index];
    QString tip = tr("frame %1").arg(s.frame);
    tip += QLatin1Char('\n') + QString::fromStdString(flagsLabel(s.flags));
    if (s.len)
        tip += tr(" - Len: %1").arg(s.len);
    tip += QLatin1Char('\n') + tr("Seq=%1 Ack=%2 (absolute %3 / %4)").arg(s.relSeq).arg(s.relAck).arg(s.seq).arg(s.ack);
    tip += QLatin1Char('\n') + tr("Win=%1 (scaled %2)").arg(s.win).arg(s.winScaled);
    return tip;
}

bool LadderView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        if (row >= 0 && (paintOptions_.revealedRows < 0 || row < paintOptions_.revealedRows))
            QToolTip::showText(help->globalPos(), toolTipFor(row), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void LadderView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        dirty_ = true;
        relayout(false);
    } else if (event->type() == QEvent::LanguageChange) {
        // Every word of the ladder is made when it is laid out: lay it out again, from scratch.
        geometry_ = {};
        stack_ = {};
        dirty_ = true;
        relayout(false);
    }
}

QFont LadderView::ladderFont() const
{
    QFont f = font();
    const qreal px = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * logicalDpiY() / 72.0;
    f.setPixelSize(std::max(6, qRound(px * zoom_)));
    return f;
}

void LadderView::setZoom(qreal factor)
{
    factor = std::clamp(factor, 0.5, 4.0);
    if (qFuzzyCompare(factor, zoom_))
        return;
    // Keep the row at the top of the view in place while everything grows.
    const int row = int(geometry_.firstRowBelow(verticalScrollBar()->value()));
    zoom_ = factor;
    dirty_ = true;
    relayout(false);
    if (row > 0 && row < rowCount())
        verticalScrollBar()->setValue(int(geometry_.rows[size_t(row)].top));
    Q_EMIT zoomChanged(zoom_);
}

void LadderView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y();
        if (steps > 0)
            zoomIn();
        else if (steps < 0)
            zoomOut();
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void LadderView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::ZoomIn) || (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_Equal)) {
        zoomIn();
    } else if (event->matches(QKeySequence::ZoomOut)) {
        zoomOut();
    } else if (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_0) {
        resetZoom();
    } else {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

QSize LadderView::sizeHint() const
{
    return QSize(720, 600);
}

} // namespace hv
