#include "ReceivedText.h"

#include "MessageText.h"

#include <QCoreApplication>
#include <QStringDecoder>

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

qsizetype TextReceiver::incompleteTail(QByteArrayView bytes)
{
    const qsizetype n = bytes.size();
    for (qsizetype k = 1; k <= 3 && k <= n; ++k) {
        const uchar lead = uchar(bytes[n - k]);
        if ((lead & 0xC0) == 0x80)
            continue; // a continuation byte: its lead is further back
        const qsizetype need = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4                        ? 4
                                                                                      : 0;
        if (need <= k)
            return 0; // ASCII, a lead byte UTF-8 never uses, or a character already complete
        if (k >= 2) {
            // The second byte's range depends on the lead (no overlong forms, no surrogates,
            // nothing above U+10FFFF): outside it the bytes will never be a character.
            const uchar second = uchar(bytes[n - k + 1]);
            const uchar lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            const uchar hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            if (second < lo || second > hi)
                return 0;
        }
        return k;
    }
    return 0;
}

void TextReceiver::feed(const QByteArray &bytes)
{
    if (finished_ || bytes.isEmpty())
        return;
    // Every byte is decoded, shown or not: an invalid byte far into a flood still makes the line
    // "not valid UTF-8".
    const QByteArray joined = held_.isEmpty() ? bytes : held_ + bytes;
    const qsizetype tail = incompleteTail(joined);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom);
    const QString text = decoder.decode(QByteArrayView(joined).first(joined.size() - tail));
    held_ = joined.right(tail);
    if (decoder.hasError())
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
    if (!held_.isEmpty()) {
        // The stream ended in the middle of a character: its first bytes will never be completed.
        line_.endedInsideCharacter = true;
        line_.validUtf8 = false;
        if (!line_.cut)
            line_.text += QChar::ReplacementCharacter;
    }
    flush();
}

} // namespace hv
