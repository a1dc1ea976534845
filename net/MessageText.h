#pragma once
// Turns received bytes into text a chat pane can show without lying about them or drowning in them.
#include <QByteArray>
#include <QString>

namespace hv {

struct MessageText {
    QString text;          // what to show
    bool validUtf8 = true; // false: invalid sequences were shown as U+FFFD
    qsizetype hiddenBytes = 0; // bytes not shown because the message was huge
};

// "1 byte", "5 bytes" (translated).
QString bytesText(qsizetype n);
// A size as a person reads it: "512 bytes", "64 KiB", "1.5 MiB" (translated).
QString sizeText(qint64 n);

// How much of a long text a transcript shows: at most maxChars characters and maxLines lines,
// never half a character.
qsizetype shownLength(QStringView text, qsizetype maxChars, int maxLines);
// The note of a sent message: "(5 bytes)", "(1048576 bytes, first 4096 characters shown)".
QString sentNote(qint64 bytes, qsizetype shownChars, bool cut);

// Shows at most maxShownBytes; invalid UTF-8 becomes U+FFFD and is flagged, never dropped silently.
MessageText messageText(const QByteArray &bytes, qsizetype maxShownBytes = 4096);

// One-line description for the chat pane, e.g. "(5 bytes)" or "(70000 bytes, first 4096 shown; not valid UTF-8)".
QString messageNote(const QByteArray &bytes, const MessageText &shown);

} // namespace hv
