#pragma once
// Shows explainStep()'s words for the current step as rich text, and says them again when the
// language changes.
#include "Explanation.h"

#include <QTextBrowser>
#include <optional>

namespace hv {

class ExplanationPanel : public QTextBrowser {
    Q_OBJECT
public:
    explicit ExplanationPanel(const Timeline *timeline, QWidget *parent = nullptr);

    // Another document (a capture file, or back to live): nothing is explained yet.
    void setTimeline(const Timeline *timeline);
    // The step to explain; nullopt: nothing shown yet (then how to start).
    void showStep(uint32_t connectionId, std::optional<TimelineStep> step);
    const StepExplanation &explanation() const { return explanation_; }

    QSize sizeHint() const override;
    qreal zoom() const { return zoom_; }

public Q_SLOTS:
    // The text grows with the ladder's zoom (a projector).
    void setZoom(qreal factor);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    const Timeline *timeline_;
    uint32_t connectionId_ = 0;
    std::optional<TimelineStep> step_;
    StepExplanation explanation_;
    QFont baseFont_;
    qreal zoom_ = 1.0;
};

} // namespace hv
