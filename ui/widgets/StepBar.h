#pragma once
// The controls of the step-by-step presentation: first, back, play/pause, forward, last, the
// speed, "wait for me" and "step 3 / 10". Shows a Stepper and forwards the user's clicks to it.
// The five actions carry the presenter keys (Space, Left, Right, Home, End; Page Up/Down, which
// most presenter remotes send): add them to the window so they work wherever the focus is, except
// in a text box, which keeps those keys for typing.
#include <QToolBar>

class QCheckBox;
class QComboBox;
class QLabel;

namespace hv {

class Stepper;

class StepBar : public QToolBar {
    Q_OBJECT
public:
    explicit StepBar(Stepper *stepper, QWidget *parent = nullptr);

    QAction *firstAction() const { return first_; }
    QAction *backAction() const { return back_; }
    QAction *playAction() const { return play_; }
    QAction *forwardAction() const { return forward_; }
    QAction *lastAction() const { return last_; }
    QList<QAction *> stepActions() const { return {first_, back_, play_, forward_, last_}; }
    // Predict, then see (checkable, Ctrl+Shift+P): the window's Quiz follows it.
    QAction *predictAction() const { return predict_; }

    QComboBox *speedBox() const { return speed_; }
    QCheckBox *waitForMeBox() const { return waitForMe_; }
    QLabel *positionLabel() const { return position_; }

    static const QList<qreal> &speeds(); // 0.25 .. 4

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh(); // enabled states, play/pause, "step 3 / 10"

    Stepper *stepper_;
    QAction *first_ = nullptr;
    QAction *back_ = nullptr;
    QAction *play_ = nullptr;
    QAction *forward_ = nullptr;
    QAction *last_ = nullptr;
    QAction *predict_ = nullptr;
    QLabel *speedLabel_ = nullptr;
    QComboBox *speed_ = nullptr;
    QCheckBox *waitForMe_ = nullptr;
    QLabel *position_ = nullptr;
};

} // namespace hv
