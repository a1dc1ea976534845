#pragma once
// What the window shows before anything happened: the lessons, one click each (the same list as
// the Lessons menu, with each one's goal), and the other ways to start (the chat panes, a capture
// file, the sample). Plain text given by the window, in the language of the moment.
#include "LessonCardView.h"

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace hv {

class StartPage : public QFrame {
    Q_OBJECT
public:
    explicit StartPage(QWidget *parent = nullptr);
    // `count` lessons, carded by `card` (asked again when the language changes); `needsLab`
    // marks those that drop segments.
    void setLessons(int count, std::function<LessonCardText(int)> card, std::function<bool(int)> needsLab);
    QList<QPushButton *> lessonButtons() const { return buttons_; }

Q_SIGNALS:
    void lessonRequested(int index);
    void openRequested();   // "Open a capture file…"
    void sampleRequested(); // "Open the sample capture"
    void hideRequested();   // "Show the ladder"

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QLabel *title_ = nullptr;
    QLabel *intro_ = nullptr;
    QLabel *others_ = nullptr;
    QVBoxLayout *list_ = nullptr;
    QWidget *inner_ = nullptr;
    QPushButton *open_ = nullptr;
    QPushButton *sample_ = nullptr;
    QPushButton *hide_ = nullptr;
    QList<QPushButton *> buttons_;
    int count_ = 0;
    std::function<LessonCardText(int)> card_;
    std::function<bool(int)> needsLab_;
};

} // namespace hv
