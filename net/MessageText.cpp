#include "MessageText.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace hv {

QString bytesText(qsizetype n)
{
    return n == 1 ? QCoreApplication::translate("hv::MessageText", "1 byte")
                  : QCoreApplication::translate("hv::MessageText", "%1 bytes").arg(n);
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
