#pragma once
// The box a chat message is typed into: several lines (Enter sends, Shift+Enter starts a new
// line), any length, never slow. A text editor lays out a whole paragraph at once, and Qt's
// line breaking is quadratic in a paragraph without spaces: measured here, one 1 MiB line took
// 67 s to paste into a wrapping QPlainTextEdit and half a second per keystroke without wrapping
// (QLineEdit: 0.35 s to paste, 0.3 s per keystroke, and a 32,767-character limit by default); a
// megabyte of short lines takes 0.4 s to paste. So a text with a very long line, or a huge one,
// is held whole outside the editor, which shows its
// beginning and end: it is sent as it is, what is typed after it is added at its end,
// Backspace takes the last character back, Esc or Ctrl+Z gives back what was there before.
#include <QPlainTextEdit>

namespace hv {

class ChatInput : public QPlainTextEdit {
    Q_OBJECT
public:
    // Text longer than this, or with a line longer than kMaxEditableLine, is held (laying out a
    // quarter of a million characters of short lines takes about 0.1 s here, a megabyte 0.4 s).
    static constexpr qsizetype kMaxEditable = 1 << 18;
    static constexpr qsizetype kMaxEditableLine = 16384;
    static constexpr int kMaxVisibleLines = 6;

    explicit ChatInput(QWidget *parent = nullptr);

    // Exactly what was typed or pasted (lines joined by '\n'), whole.
    QString text() const;
    void setText(const QString &text);
    void clear();
    bool holdsLongText() const { return held_; }
    qsizetype length() const; // in characters, without building the text
    int cursorPosition() const;

    // Shown on one line, elided, while the box is empty (QPlainTextEdit's own placeholder wraps,
    // and a one-line box would show half of its second line).
    void setHint(const QString &hint);
    QString hint() const { return hint_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void submitted();        // Enter
    void heldChanged(bool held);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;
    void insertFromMimeData(const QMimeData *source) override;
    QMimeData *createMimeDataFromSelection() const override;

private:
    static bool tooLongToEdit(QStringView text);
    void hold(const QString &text, const QString &before);
    void release(const QString &text);
    void showHeld();
    void fitHeight();
    int heightFor(int lines) const;

    bool held_ = false;
    QString heldText_;
    QString beforeHeld_; // what the box held before, for Esc and Ctrl+Z
    QString hint_;
};

} // namespace hv
