#include "PictureFile.h"

#include "ExportFile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImageWriter>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>

namespace hv {

namespace {

struct PictureWords {
    Q_DECLARE_TR_FUNCTIONS(Exporter)
};

// QSvgGenerator names only the font's own family ("DejaVu Sans", or Qt's alias "Sans Serif",
// which is no CSS name): a viewer without it would fall back to a serif font. Give every
// family a generic fallback, through a CJK face for Chinese labels.
QByteArray withFontFallbacks(const QByteArray &svg)
{
    static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
    QString text = QString::fromUtf8(svg);
    QString out;
    out.reserve(text.size() + text.size() / 8);
    qsizetype last = 0;
    for (auto it = family.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        const bool mono = name.contains(QLatin1String("Mono"), Qt::CaseInsensitive)
            || name.compare(QLatin1String("monospace"), Qt::CaseInsensitive) == 0;
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += QStringLiteral("font-family=\"%1, %2\"")
                   .arg(name, mono ? QStringLiteral("monospace")
                                   : QStringLiteral("DejaVu Sans, Noto Sans, Noto Sans CJK SC, sans-serif"));
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out.toUtf8();
}

bool encodePng(QImage &image, QIODevice *device, QString *reason)
{
    image.setText(QStringLiteral("Software"), QStringLiteral("handshake-viz"));
    QImageWriter writer(device, "png");
    // Qt maps quality 80 to zlib level 1: measured on a 960 x 16000 ladder, 40 % less CPU than
    // the default level for a file 10 % larger (the picture is mostly flat white).
    writer.setQuality(80);
    if (writer.write(image))
        return true;
    if (reason)
        *reason = writer.errorString();
    return false;
}

} // namespace

QString saveBytes(const QString &path, const QByteArray &bytes)
{
    ExportFile file(path);
    if (!file.open())
        return file.error();
    file.buffer().assign(bytes.constData(), size_t(bytes.size()));
    if (!file.commit())
        return file.error();
    return QString();
}

QString savePng(QImage image, const QString &path)
{
    ExportFile file(path);
    if (!file.open())
        return file.error();
    QString reason;
    if (!encodePng(image, file.device(), &reason))
        return cannotWrite(path, reason);
    if (!file.commit())
        return file.error();
    return QString();
}

QByteArray pngBytes(QImage image, QString *reason)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!encodePng(image, &buffer, reason))
        return QByteArray();
    return buffer.data();
}

QByteArray svgDrawing(const QSizeF &size, const QString &title, const std::function<void(QPainter &)> &paint)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setResolution(96);
    svg.setTitle(title);
    svg.setDescription(PictureWords::tr("Drawn by handshake-viz"));
    {
        QPainter p(&svg);
        paint(p);
    }
    return withFontFallbacks(buffer.data());
}

QString savePdf(const QString &path, const QString &title, size_t pages, const std::function<QPageLayout(size_t)> &layout,
                const std::function<void(QPainter &, size_t)> &paint)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(96);
        pdf.setCreator(QStringLiteral("handshake-viz"));
        pdf.setTitle(title);
        pdf.setPageLayout(layout(0));
        QPainter p(&pdf);
        if (!p.isActive())
            //: zh: PDF 写入器无法启动
            return cannotWrite(path, PictureWords::tr("the PDF writer could not start"));
        for (size_t k = 0; k < pages; ++k) {
            if (k > 0) {
                pdf.setPageLayout(layout(k));
                pdf.newPage();
            }
            paint(p, k);
        }
    }
    return saveBytes(path, buffer.data());
}

} // namespace hv
