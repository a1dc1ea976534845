#include "ExplanationPanel.h"

#include <QEvent>

namespace hv {

ExplanationPanel::ExplanationPanel(const Timeline *timeline, QWidget *parent)
    : QTextBrowser(parent), timeline_(timeline)
{
    setObjectName(QStringLiteral("explanation"));
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    // The stepping keys stay with the window: this panel is read, not typed into.
    setFocusPolicy(Qt::NoFocus);
    setMinimumHeight(fontMetrics().lineSpacing() * 6);
    baseFont_ = font();
    render();
}

void ExplanationPanel::setZoom(qreal factor)
{
    if (qFuzzyCompare(factor, zoom_))
        return;
    zoom_ = factor;
    // The ladder zooms out to show more of itself; its prose grows with it but never shrinks
    // below the normal size (at half size it could not be read).
    factor = std::max<qreal>(factor, 1.0);
    QFont f = baseFont_;
    if (baseFont_.pixelSize() > 0)
        f.setPixelSize(qRound(baseFont_.pixelSize() * factor));
    else
        f.setPointSizeF(baseFont_.pointSizeF() * factor);
    setFont(f);
    render();
}

void ExplanationPanel::showStep(uint32_t connectionId, std::optional<TimelineStep> step)
{
    connectionId_ = connectionId;
    step_ = step;
    render();
}

void ExplanationPanel::setTimeline(const Timeline *timeline)
{
    timeline_ = timeline;
    connectionId_ = 0;
    step_.reset();
    render();
}

void ExplanationPanel::render()
{
    explanation_ = step_ ? explainStep(*timeline_, connectionId_, *step_) : idleExplanation(timeline_->isLive());
    setHtml(explanation_.toHtml());
}

void ExplanationPanel::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        render();
}

QSize ExplanationPanel::sizeHint() const
{
    return QSize(640, fontMetrics().lineSpacing() * 11);
}

} // namespace hv
