#pragma once
// Writes the timeline to a file whose extension picks the format: .png and .svg draw the ladder
// with LadderPainter (the screen's picture), .txt is its text twin in tshark's summary style,
// .json the handshake-viz/1 contract of DESIGN.md. Raw packets (.pcap) belong to the capture side:
// pass a writer in ExportOptions::pcapWriter to route them through here.
#include "Timeline.h"

#include <QByteArray>
#include <QFont>
#include <QString>
#include <QStringList>
#include <functional>

namespace hv {

struct ExportOptions {
    uint32_t connection = 0;     // 0: every connection, stacked; otherwise that connection only (.png .svg .txt)
    bool relativeNumbers = true; // Seq/Ack in .png .svg .txt (JSON always carries both)
    qreal width = 960;           // logical pixels of .png / .svg
    qreal devicePixelRatio = 2;  // .png only
    QFont font = defaultFont();  // base font of .png / .svg
    // Writes `path` as .pcap; returns false and sets *error on failure. Unset: .pcap is refused.
    std::function<bool(const QString &path, QString *error)> pcapWriter;

    static QFont defaultFont(); // the application font at 14 px
};

// Taller PNGs are cut here, with a notice at the bottom.
constexpr qreal kMaxPngLogicalHeight = 16000;
// A PNG has at most about this many device pixels: a picture too big for them at the asked
// device pixel ratio gets a lower one, down to 1. Encoding costs ~30 ns a pixel (libpng tries
// five filters on every row): a 2x picture 16000 px tall (61 Mpx) took 2.5 s of CPU, at 1x it
// takes well under a second, and a picture that tall is read by scrolling, not projected.
constexpr qreal kMaxPngDevicePixels = 16e6;

bool exportTimeline(const Timeline &timeline, const QString &path, QString *error,
                    const ExportOptions &options = {});

// The formats exportTimeline() understands, by extension: {"png", "svg", "txt", "json", "pcap"}.
QStringList exportFormats();

// The documents themselves, for callers that want them in memory (and for tests).
QByteArray timelineToJson(const Timeline &timeline);
QString timelineToText(const Timeline &timeline, const ExportOptions &options = {});

} // namespace hv
