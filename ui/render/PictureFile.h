#pragma once
// What every picture export shares (the ladder, a worksheet, slides): the file written whole or
// not at all (ExportFile), PNG at zlib's fastest level, SVG whose text names generic font
// fallbacks, PDF pages of any size with text kept as text. Each call returns "" once the file is
// in place, else the message "cannot write PATH: REASON".
#include <QByteArray>
#include <QImage>
#include <QPageLayout>
#include <QSizeF>
#include <QString>

#include <cstddef>
#include <functional>

class QPainter;

namespace hv {

QString saveBytes(const QString &path, const QByteArray &bytes);
// The image as a PNG (tagged as made by handshake-viz).
QString savePng(QImage image, const QString &path);
// The same PNG in memory, for a file made of several pictures (an animated PNG); empty on failure.
QByteArray pngBytes(QImage image, QString *reason = nullptr);
// An SVG drawing `size` logical pixels large (96 dpi), drawn by `paint`.
QByteArray svgDrawing(const QSizeF &size, const QString &title, const std::function<void(QPainter &)> &paint);
// A PDF of `pages` pages at 96 dpi, page k laid out by layout(k) and drawn by paint(painter, k).
QString savePdf(const QString &path, const QString &title, size_t pages, const std::function<QPageLayout(size_t)> &layout,
                const std::function<void(QPainter &, size_t)> &paint);

} // namespace hv
