#include "MessageText.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <algorithm>

namespace hv {

QString bytesText(qsizetype n)
{
    return n == 1 ? QCoreApplication::translate("hv::MessageText", "1 byte")
                  : QCoreApplication::translate("hv::MessageText", "%1 bytes").arg(n);
}

QString sizeText(qint64 n)
{
    if (n < 1024)
        return bytesText(qsizetype(n));
    const double kib = double(n) / 1024.0;
    if (kib < 1024.0)
        //: zh: %1 KiB
        return QCoreApplication::translate("hv::MessageText", "%1 KiB").arg(kib, 0, 'f', kib < 10 ? 1 : 0);
    const double mib = kib / 1024.0;
    //: zh: %1 MiB
    return QCoreApplication::translate("hv::MessageText", "%1 MiB").arg(mib, 0, 'f', mib < 100 ? 1 : 0);
}

qsizetype shownLength(QStringView text, qsizetype maxChars, int maxLines)
{
    qsizetype take = std::min(text.size(), maxChars);
    int lines = 0;
    for (qsizetype i = 0; i < take; ++i) {
        if (text.at(i) == QLatin1Char('\n') && ++lines >= maxLines) {
            take = i;
            break;
        }
    }
    if (take > 0 && take < text.size() && text.at(take - 1).isHighSurrogate())
        --take;
    return take;
}

QString sentNote(qint64 bytes, qsizetype shownChars, bool cut)
{
    QString note = bytesText(qsizetype(bytes));
    if (cut)
        note += QCoreApplication::translate("hv::MessageText", ", first %1 characters shown").arg(shownChars);
    return note;
}

MessageText messageText(const QByteArray &bytes, qsizetype maxShownBytes)
{
    MessageText m;
    QByteArray shown = bytes;
    if (bytes.size() > maxShownBytes) {
        shown = bytes.left(maxShownBytes);
        // Do not cut a UTF-8 sequence in half: back up to a lead byte.
        qsizetype cut = shown.size();
        while (cut > 0 && cut > shown.size() - 4 && (uchar(shown.at(cut - 1)) & 0xC0) == 0x80)
            --cut;
        if (cut > 0 && (uchar(shown.at(cut - 1)) & 0xC0) == 0xC0)
            --cut;
        shown.truncate(cut);
        m.hiddenBytes = bytes.size() - shown.size();
    }
    // Stateless: a broken sequence at the very end is shown as U+FFFD too, not held back for "more".
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
    m.text = decoder.decode(shown);
    m.validUtf8 = !decoder.hasError();
    return m;
}

QString messageNote(const QByteArray &bytes, const MessageText &shown)
{
    QString note = bytesText(bytes.size());
    if (shown.hiddenBytes > 0)
        note += QCoreApplication::translate("hv::MessageText", ", first %1 shown").arg(bytes.size() - shown.hiddenBytes);
    if (!shown.validUtf8)
        note += QCoreApplication::translate("hv::MessageText", "; not valid UTF-8, shown with \uFFFD");
    return note;
}

} // namespace hv
