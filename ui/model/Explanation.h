#pragma once
// Says in plain words what a step does and why, with the step's own numbers: "the client picked
// ISN 3607734168; relative numbers show it as 0", "ack = x + 1", TIME_WAIT... A function of the
// timeline alone, in the language of the moment: the panel asks again when the language changes.
#include "Timeline.h"

#include <QString>
#include <QStringList>

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

// What step `step` of connection `connectionId`'s ladder does.
StepExplanation explainStep(const Timeline &timeline, uint32_t connectionId, const TimelineStep &step);
// Before the first step: what to press (a file) or what to do (live).
StepExplanation idleExplanation(bool live);

} // namespace hv
