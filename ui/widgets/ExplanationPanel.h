#pragma once
// Says in plain words what the current step does and why, with the step's own numbers:
// "the client picked ISN 3607734168; relative numbers show it as 0", "ack = x + 1", TIME_WAIT...
// The words come from explain(), a function of the timeline alone (no widget state); the panel
// shows them as rich text and says them again when the language changes.
#include "Timeline.h"

#include <QStringList>
#include <QTextBrowser>
#include <optional>

namespace hv {

struct StepExplanation {
    QString title;          // "SYN+ACK: the server answers"
    QString subtitle;       // "server 127.0.0.1:6666 → client 127.0.0.1:46728 · frame 2"
    QStringList paragraphs; // the plain explanation
    QStringList points;     // a list under it (the options of a SYN)
    QStringList arithmetic; // "ack = 3607734168 + 1 = 3607734169"
    bool warning = false;   // RST, retransmission, anomaly

    QString toHtml() const;
    QString toPlainText() const;
};

class ExplanationPanel : public QTextBrowser {
    Q_OBJECT
public:
    explicit ExplanationPanel(const Timeline *timeline, QWidget *parent = nullptr);

    // The step to explain; nullopt: nothing shown yet (then how to start).
    void showStep(uint32_t connectionId, std::optional<TimelineStep> step);
    const StepExplanation &explanation() const { return explanation_; }

    // What a step of connection `connectionId` does, in the current language.
    static StepExplanation explain(const Timeline &timeline, uint32_t connectionId, const TimelineStep &step);
    // Before the first step: what to press (a file) or what to do (live).
    static StepExplanation idle(bool live);

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
