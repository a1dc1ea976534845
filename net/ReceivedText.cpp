#include "ReceivedText.h"

#include "MessageText.h"

#include <QCoreApplication>

#include <algorithm>

namespace hv {

QString receivedNote(const ReceivedLine &line)
{
    QString note = bytesText(line.bytes);
    if (line.reads > 1)
        //: zh: ，分 %1 次 recv() 收到
        note += QCoreApplication::translate("hv::MessageText", " in %1 recv() calls").arg(line.reads);
    if (line.cut)
        //: zh: ，只显示前 %1 个字符
        note += QCoreApplication::translate("hv::MessageText", ", first %1 characters shown").arg(line.text.size());
    if (line.endedInsideCharacter)
        //: zh: ；连接在一个 UTF-8 字符的中间结束了
        note += QCoreApplication::translate("hv::MessageText", "; the connection ended inside a UTF-8 character");
    if (!line.validUtf8)
        note += QCoreApplication::translate("hv::MessageText", "; not valid UTF-8, shown with \uFFFD");
    return note;
}

TextReceiver::TextReceiver(const QString &peer, QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::ReceivedLine>();
    line_.peer = peer;
    timer_.setSingleShot(true);
    timer_.setInterval(kGatherMs);
    connect(&timer_, &QTimer::timeout, this, &TextReceiver::flush);
}

void TextReceiver::feed(const QByteArray &bytes)
{
    if (finished_ || bytes.isEmpty())
        return;
    const qsizetype invalidBefore = decoder_.invalid();
    // Every byte goes through the decoder, shown or not: its state must follow the stream, and
    // an invalid byte far into a flood still makes the line "not valid UTF-8".
    const QString text = decoder_.decode(bytes);
    if (decoder_.invalid() != invalidBefore)
        line_.validUtf8 = false;
    line_.bytes += bytes.size();
    ++line_.reads;
    if (!line_.cut) {
        qsizetype take = std::min(text.size(), kShownChars - line_.text.size());
        // Lines of text count too: a pasted log is shown by its first lines.
        for (qsizetype i = 0; i < take; ++i) {
            if (text.at(i) == QLatin1Char('\n') && ++newlines_ >= kShownLines) {
                take = i;
                break;
            }
        }
        if (take > 0 && take < text.size() && text.at(take - 1).isHighSurrogate())
            --take; // never half of a character outside the Basic Multilingual Plane
        line_.text += QStringView(text).left(take);
        line_.cut = take < text.size();
    }
    if (!timer_.isActive())
        timer_.start();
}

void TextReceiver::flush()
{
    timer_.stop();
    if (line_.reads == 0 && !line_.endedInsideCharacter)
        return;
    const ReceivedLine out = line_;
    line_ = ReceivedLine{};
    line_.peer = out.peer;
    newlines_ = 0;
    Q_EMIT lineReady(out);
}

void TextReceiver::finish()
{
    if (finished_)
        return;
    finished_ = true;
    if (decoder_.held() > 0) {
        // The stream ended in the middle of a character: its first bytes will never be completed.
        line_.endedInsideCharacter = true;
        line_.validUtf8 = false;
        if (!line_.cut)
            line_.text += QChar::ReplacementCharacter;
    }
    flush();
}

} // namespace hv
