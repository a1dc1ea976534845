#include "ChatInput.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QTextBlock>

#include <algorithm>
#include <cmath>

namespace hv {

namespace {

// What the held text's preview shows of its beginning and of its end.
constexpr qsizetype kPreviewHead = 160;
constexpr qsizetype kPreviewTail = 80;

QString oneLine(QStringView text)
{
    QString s = text.toString();
    s.replace(QLatin1Char('\n'), QChar(0x23CE)); // ⏎
    s.replace(QLatin1Char('\t'), QLatin1Char(' '));
    return s;
}

// Keys the box keeps for itself while it holds a long text (read-only, the editor claims none):
// typing, deleting, Enter, Esc, moving, and the clipboard's.
bool heldKey(const QKeyEvent *key)
{
    const Qt::KeyboardModifiers mods = key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    if (mods == Qt::NoModifier) {
        if (key->key() < Qt::Key_Escape)
            return true;
        switch (key->key()) {
        case Qt::Key_Escape:
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Delete:
        case Qt::Key_Backspace:
        case Qt::Key_Home:
        case Qt::Key_End:
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Up:
        case Qt::Key_Down:
            return true;
        default:
            return false;
        }
    }
    return key->matches(QKeySequence::Copy) || key->matches(QKeySequence::Paste) || key->matches(QKeySequence::Cut)
           || key->matches(QKeySequence::Undo) || key->matches(QKeySequence::SelectAll);
}

} // namespace

ChatInput::ChatInput(QWidget *parent) : QPlainTextEdit(parent)
{
    setTabChangesFocus(true); // Tab moves on, as in a one-line box
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // One line high, growing with what is typed up to kMaxVisibleLines, then it scrolls.
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            &ChatInput::fitHeight);
}

bool ChatInput::tooLongToEdit(QStringView text)
{
    if (text.size() > kMaxEditable)
        return true;
    if (text.size() <= kMaxEditableLine)
        return false;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        if (end - start > kMaxEditableLine)
            return true;
        start = end + 1;
    }
    return false;
}

QString ChatInput::text() const
{
    if (held_)
        return heldText_;
    // toPlainText() would also turn no-break spaces into spaces: only the line breaks change.
    QString s = document()->toRawText();
    for (QChar &c : s)
        if (c == QChar::ParagraphSeparator || c == QChar::LineSeparator)
            c = QLatin1Char('\n');
    return s;
}

qsizetype ChatInput::length() const
{
    return held_ ? heldText_.size() : document()->characterCount() - 1;
}

int ChatInput::cursorPosition() const
{
    return held_ ? int(std::min<qsizetype>(heldText_.size(), INT_MAX)) : textCursor().position();
}

void ChatInput::setText(const QString &text)
{
    if (tooLongToEdit(text))
        hold(text, QString());
    else
        release(text);
}

void ChatInput::clear()
{
    release(QString());
}

void ChatInput::hold(const QString &text, const QString &before)
{
    heldText_ = text;
    if (!held_)
        beforeHeld_ = before;
    const bool was = held_;
    held_ = true;
    setReadOnly(true);
    // Still typed into (and by an input method): what comes goes to the end of the text.
    setAttribute(Qt::WA_InputMethodEnabled, true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    showHeld();
    if (!was)
        Q_EMIT heldChanged(true);
}

void ChatInput::release(const QString &given)
{
    const QString text = given; // it may be heldText_ or beforeHeld_, cleared below
    const bool was = held_;
    held_ = false;
    heldText_.clear();
    beforeHeld_.clear();
    setReadOnly(false);
    setPlainText(text);
    moveCursor(QTextCursor::End);
    if (was)
        Q_EMIT heldChanged(false);
}

void ChatInput::showHeld()
{
    const QStringView all(heldText_);
    QString preview = all.size() <= kPreviewHead + kPreviewTail + 8
        ? oneLine(all)
        : oneLine(all.left(kPreviewHead)) + QStringLiteral(" … ") + oneLine(all.right(kPreviewTail));
    setPlainText(preview);
    moveCursor(QTextCursor::End);
}

void ChatInput::fitHeight()
{
    updateGeometry();
}

int ChatInput::heightFor(int lines) const
{
    // QPlainTextEdit wants the document margin above and below the lines and one pixel more
    // before it shows them without a scroll bar.
    const QMargins v = viewportMargins();
    return lines * int(std::ceil(QFontMetricsF(font()).lineSpacing())) + int(std::ceil(2 * document()->documentMargin()))
           + 2 * frameWidth() + v.top() + v.bottom() + 2;
}

QSize ChatInput::sizeHint() const
{
    const int lines = std::clamp(int(document()->documentLayout()->documentSize().height()), 1, kMaxVisibleLines);
    return {QPlainTextEdit::sizeHint().width(), heightFor(lines)};
}

QSize ChatInput::minimumSizeHint() const
{
    return {QPlainTextEdit::minimumSizeHint().width(), heightFor(1)};
}

void ChatInput::setHint(const QString &hint)
{
    hint_ = hint;
    viewport()->update();
}

void ChatInput::paintEvent(QPaintEvent *event)
{
    QPlainTextEdit::paintEvent(event);
    if (hint_.isEmpty() || document()->characterCount() > 1 || !document()->isEmpty())
        return;
    QPainter p(viewport());
    const int margin = int(document()->documentMargin());
    const QRect r = viewport()->rect().adjusted(margin, margin, -margin, -margin);
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(r, Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
               fontMetrics().elidedText(hint_, Qt::ElideRight, r.width()));
}

bool ChatInput::event(QEvent *event)
{
    // The window's keys (Space plays, the arrows step, Esc closes the details) do not take keys
    // from a box being typed into; an editable one claims them itself.
    if (held_ && event->type() == QEvent::ShortcutOverride && heldKey(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    // Page Up and Page Down are what presenter remotes send: they step the ladder even while a
    // chat box has the focus (a box a few lines tall has no pages to move through).
    if (event->type() == QEvent::ShortcutOverride) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_PageUp || key == Qt::Key_PageDown) && static_cast<QKeyEvent *>(event)->modifiers() == Qt::NoModifier) {
            event->ignore();
            return false;
        }
    }
    return QPlainTextEdit::event(event);
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        event->accept();
        Q_EMIT submitted();
        return;
    }
    if (!held_) {
        if (enter) {
            insertPlainText(QStringLiteral("\n")); // a new line, not a soft break inside one
            event->accept();
            return;
        }
        QPlainTextEdit::keyPressEvent(event);
        return;
    }
    // Holding a long text: it cannot be edited in place, but nothing typed is lost.
    event->accept();
    const QTextCursor cursor = textCursor();
    const bool allSelected = cursor.hasSelection() && cursor.selectionStart() == 0
                             && cursor.selectionEnd() >= document()->characterCount() - 1;
    if (event->key() == Qt::Key_Escape || event->matches(QKeySequence::Undo)) {
        release(beforeHeld_);
        return;
    }
    if (event->matches(QKeySequence::Cut) && allSelected) {
        QApplication::clipboard()->setText(heldText_);
        release(QString());
        return;
    }
    if ((event->key() == Qt::Key_Backspace || event->key() == Qt::Key_Delete) && allSelected) {
        release(QString());
        return;
    }
    if (event->key() == Qt::Key_Backspace) {
        qsizetype n = heldText_.size();
        if (n > 0)
            n -= (n > 1 && heldText_.at(n - 1).isLowSurrogate() && heldText_.at(n - 2).isHighSurrogate()) ? 2 : 1;
        heldText_.truncate(n);
        if (!tooLongToEdit(heldText_))
            release(heldText_);
        else
            showHeld();
        return;
    }
    if (event->matches(QKeySequence::Paste)) {
        heldText_ += QApplication::clipboard()->text();
        showHeld();
        return;
    }
    if (enter) { // Shift+Enter
        heldText_ += QLatin1Char('\n');
        showHeld();
        return;
    }
    const QString typed = event->text();
    const bool printable = !typed.isEmpty() && !(event->modifiers() & (Qt::ControlModifier | Qt::MetaModifier))
                           && std::none_of(typed.begin(), typed.end(), [](QChar c) { return c.category() == QChar::Other_Control; });
    if (printable) {
        heldText_ += typed;
        showHeld();
        return;
    }
    QPlainTextEdit::keyPressEvent(event); // moving, selecting, copying
}

void ChatInput::inputMethodEvent(QInputMethodEvent *event)
{
    if (!held_) {
        QPlainTextEdit::inputMethodEvent(event);
        return;
    }
    if (!event->commitString().isEmpty()) {
        heldText_ += event->commitString();
        showHeld();
    }
    event->accept();
}

void ChatInput::insertFromMimeData(const QMimeData *source)
{
    if (!source || !source->hasText())
        return;
    const QString pasted = source->text();
    if (held_) {
        heldText_ += pasted;
        showHeld();
        return;
    }
    if (pasted.size() <= kMaxEditableLine / 2 && length() + pasted.size() <= kMaxEditableLine) {
        QPlainTextEdit::insertFromMimeData(source); // short: nothing to check
        return;
    }
    const QString before = text();
    const QTextCursor c = textCursor();
    const QString combined = before.left(c.selectionStart()) + pasted + before.mid(c.selectionEnd());
    if (tooLongToEdit(combined))
        hold(combined, before);
    else
        QPlainTextEdit::insertFromMimeData(source);
}

QMimeData *ChatInput::createMimeDataFromSelection() const
{
    if (!held_)
        return QPlainTextEdit::createMimeDataFromSelection();
    // The preview stands for the whole text: copying it copies all of it.
    auto *whole = new QMimeData;
    whole->setText(heldText_);
    return whole;
}

} // namespace hv
