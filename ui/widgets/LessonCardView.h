#pragma once
// The card of the lesson running (or last run) beside the ladder: its title, goal, what to watch
// and a question to discuss, with Replay and Close. Plain text given by the window's wiring, in
// the language of the moment (it asks again when the language changes).
#include <QFrame>

class QLabel;
class QPushButton;

namespace hv {

struct LessonCardText {
    QString title, goal, watch, question;
};

class LessonCardView : public QFrame {
    Q_OBJECT
public:
    explicit LessonCardView(QWidget *parent = nullptr);
    void showCard(const LessonCardText &card);
    // "running…" beside the title while the lesson runs, its outcome after.
    void setState(const QString &state);
    QString title() const;
    QPushButton *replayButton() const { return replay_; }

Q_SIGNALS:
    void replayRequested();
    void closeRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QLabel *title_ = nullptr;
    QLabel *state_ = nullptr;
    QLabel *goal_ = nullptr;
    QLabel *watch_ = nullptr;
    QLabel *question_ = nullptr;
    QPushButton *replay_ = nullptr;
    QPushButton *close_ = nullptr;
    LessonCardText card_;
};

} // namespace hv
