#pragma once
// What one connection's peer sends, made into lines a chat pane can show without lying about the
// bytes or drowning in them. TCP is a stream: a character may arrive split across two segments
// (é is two bytes, 你 three), so each connection has its own UTF-8 decoding state, which joins
// what belongs together and still marks bytes that are not UTF-8. And a peer may flood: what
// arrives within a short interval is gathered into one line with its byte count, whose text is
// bounded, so a pane gets at most a few short lines a second from each peer.
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QByteArrayView>
#include <QTimer>

namespace hv {

struct ReceivedLine {
    QString peer;           // who sent it ("127.0.0.1:46728")
    QString text;           // the first characters of what arrived (invalid bytes shown as U+FFFD)
    qint64 bytes = 0;       // every byte that arrived for this line
    int reads = 0;          // the recv() calls that brought them
    bool validUtf8 = true;  // false: some bytes were not UTF-8 (shown as U+FFFD)
    bool cut = false;       // more arrived than `text` shows
    bool endedInsideCharacter = false; // the connection ended in the middle of a UTF-8 character
};

// "(5 bytes)", "(70000 bytes in 3 recv() calls, first 4096 characters shown; not valid UTF-8, shown with �)".
QString receivedNote(const ReceivedLine &line);

class TextReceiver : public QObject {
    Q_OBJECT
public:
    // What arrives within this interval of a line's first bytes joins that line.
    static constexpr int kGatherMs = 100;
    // A line shows at most this many characters and lines of text; the byte count says the rest.
    static constexpr qsizetype kShownChars = 4096;
    static constexpr int kShownLines = 24;

    explicit TextReceiver(const QString &peer, QObject *parent = nullptr);

    // The bytes one recv() returned.
    void feed(const QByteArray &bytes);
    // The connection has ended: a gathered line goes out now (a character left incomplete is
    // shown as U+FFFD and said), and nothing more is decoded.
    void finish();
    // A gathered line goes out now (the connection goes on).
    void flush();

    // How many bytes at the end of `bytes` begin a UTF-8 character that is not complete yet
    // (0 to 3): those wait for the next read. Bytes that can never become a character (a stray
    // continuation byte, a lead byte no UTF-8 has) are not held: they are invalid at once.
    static qsizetype incompleteTail(QByteArrayView bytes);

Q_SIGNALS:
    void lineReady(const hv::ReceivedLine &line);

private:
    // The stream's state between reads is the incomplete character at the end of the last one,
    // kept here. Qt 6.4's stateful decoder keeps it too, but when the next byte does not continue
    // it, the decoder swallows that byte ("a\xc3" then "b" gives "a\uFFFD", not "a\uFFFDb";
    // measured with Qt 6.4.2): so each read is decoded whole, statelessly, after what was held.
    QByteArray held_;
    ReceivedLine line_;
    int newlines_ = 0;
    bool finished_ = false;
    QTimer timer_;
};

} // namespace hv

Q_DECLARE_METATYPE(hv::ReceivedLine)
