#pragma once
// Predict, then see: before a segment of the ladder is shown, the student answers one question
// made from that segment's own numbers (which flags, what Ack, what Seq after the data, which
// state now, who sends next). No widgets: the question is typed values, its words are made when
// drawn (predictQuestionText() and the others), and the Quiz keeps the score of the session.
//
// Only what the packets prove is asked: a state the packets leave Unknown, a segment with
// flags no stack sends, a call (nothing on the wire to predict) get no question.
#include "Timeline.h"

#include <QObject>
#include <QString>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace hv {

class Stepper;

struct PredictQuestion {
    enum class Kind : uint8_t {
        Flags,  // which flags does the next segment carry?
        Ack,    // what Ack number?
        Seq,    // what Seq number (after the sender's data)?
        State,  // which state is `about` in after it?
        Sender, // who sends next? (a segment sent again)
    };
    Kind kind = Kind::Flags;
    uint32_t connection = 0;
    TimelineStep step;          // the step asked about (a segment)
    uint32_t frame = 0;
    Side sender = Side::Client; // who sends the segment
    Side about = Side::Client;  // State: whose state
    bool relative = true;       // Ack, Seq: the numbering the ladder shows
    uint16_t flags = 0;         // the segment's flags and length (the question names them)
    uint32_t len = 0;
    // The choices, typed: flag masks (Flags), numbers (Ack, Seq), TcpState values (State), Side
    // values (Sender). choices[correct] is the answer.
    std::vector<uint32_t> choices;
    int correct = 0;
    // Where the answer comes from (Ack: the peer's segment it acknowledges; Seq: the sender's
    // previous one): its Seq, its data, and whether a SYN or FIN took one number more. Only set
    // when that segment alone gives the answer (not a delayed ACK of several, not a gap).
    bool hasFrom = false;
    uint32_t fromSeq = 0;
    uint32_t fromLen = 0;
    bool fromSynOrFin = false;
    // State: the state before the segment.
    TcpState before = TcpState::Unknown;

    bool numeric() const { return kind == Kind::Ack || kind == Kind::Seq; }
    uint32_t answer() const { return choices.at(size_t(correct)); }
};

// The question on step `step` of a ladder (a segment of `timeline`), or nullopt when there is
// nothing the packets prove to ask. Deterministic: the same step gives the same question and the
// same order of choices.
std::optional<PredictQuestion> predictQuestion(const Timeline &timeline, const TimelineStep &step, bool relativeNumbers);

// The words, in the language of the moment.
QString predictQuestionText(const PredictQuestion &q);
QString predictChoiceText(const PredictQuestion &q, int index);
// Why the right answer is right, with the segment's numbers ("ack = 0 + 1 = 1: …").
QString predictReason(const PredictQuestion &q);

// One answer given.
struct PredictAnswer {
    PredictQuestion question;
    int chosen = -1;      // the choice picked, or -1: a number typed
    uint32_t typed = 0;   // the number typed (chosen == -1)
    bool right = false;
};
// "Right: SYN, ACK." / "Not quite: the answer is SYN, ACK (you said ACK)." and the reason.
QString predictVerdict(const PredictAnswer &a);

// The session's quiz: holds the stepper at each segment not yet answered while it is on, asks
// about it, checks the answer, keeps the score and reveals the step. A step answered once is not
// asked again (going back and forward again); another capture forgets them.
class Quiz : public QObject {
    Q_OBJECT
public:
    Quiz(Stepper *stepper, const Timeline *timeline, QObject *parent = nullptr);

    void setTimeline(const Timeline *timeline);
    bool isEnabled() const { return enabled_; }
    bool relativeNumbers() const { return relative_; }
    // The question waiting for an answer (the stepper holds its row), if any.
    const std::optional<PredictQuestion> &pending() const { return pending_; }
    // The last answer given (shown until the next question).
    const std::optional<PredictAnswer> &lastAnswer() const { return last_; }
    int asked() const { return asked_; }
    int right() const { return right_; }

public Q_SLOTS:
    void setEnabled(bool enabled);
    void setRelativeNumbers(bool relative);
    // Answers the pending question with choice `index`; ignored when nothing waits.
    void choose(int index);
    // Answers a numeric question with a typed number: false (nothing checked) when nothing
    // numeric waits or the text is not a number 0..4294967295.
    bool answerTyped(const QString &text);
    void resetScore();
    // Forget what was answered (another capture): its steps are asked again.
    void forget();

Q_SIGNALS:
    void enabledChanged(bool enabled);
    void changed(); // the pending question, the last answer or the score changed

private:
    bool gate(int row);
    void onHeld(int row);
    void finish(PredictAnswer answer);
    using Key = std::tuple<uint32_t, uint8_t, uint32_t>; // connection, step kind, step index
    static Key keyOf(uint32_t connection, const TimelineStep &step)
    {
        return {connection, uint8_t(step.kind), step.index};
    }

    Stepper *stepper_;
    const Timeline *timeline_;
    bool enabled_ = false;
    bool relative_ = true;
    std::optional<PredictQuestion> pending_;
    std::optional<PredictAnswer> last_;
    std::set<Key> answered_;
    int asked_ = 0;
    int right_ = 0;
};

} // namespace hv
