#pragma once
// Predict, then see: the question on the step the quiz holds, its choices (keys 1 to 4), a box to
// type a number in, and after the answer whether it was right and why, with the score. Shows a
// Quiz and forwards the answers; hidden while predict is off.
#include <QFrame>
#include <QList>

class QLabel;
class QLineEdit;
class QPushButton;

namespace hv {

class Quiz;

class PredictPanel : public QFrame {
    Q_OBJECT
public:
    explicit PredictPanel(Quiz *quiz, QWidget *parent = nullptr);

    QLabel *questionLabel() const { return question_; }
    QLabel *verdictLabel() const { return verdict_; }
    QLabel *scoreLabel() const { return score_; }
    QLineEdit *answerBox() const { return typed_; }
    const QList<QPushButton *> &choiceButtons() const { return choices_; }

public Q_SLOTS:
    void setZoom(qreal factor);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void submitTyped();

    Quiz *quiz_;
    QLabel *question_ = nullptr;
    QList<QPushButton *> choices_;
    QLineEdit *typed_ = nullptr;
    QPushButton *check_ = nullptr;
    QLabel *verdict_ = nullptr;
    QLabel *score_ = nullptr;
    QPushButton *reset_ = nullptr;
    QFont baseFont_;
};

} // namespace hv
