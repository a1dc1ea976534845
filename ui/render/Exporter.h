#pragma once
// Writes the timeline to a file whose extension picks the format: .png and .svg draw the ladder
// with LadderPainter (the screen's picture), .txt is its text twin in tshark's summary style,
// .json the handshake-viz/1 contract of DESIGN.md. Raw packets (.pcap) belong to the capture side:
// pass a writer in ExportOptions::pcapWriter to route them through here.
//
// .txt and .json are written as they are made, a mebibyte at a time, one connection's steps at a
// time (Timeline::stepsOnce()): the memory they take beyond the model stays the same however long
// the capture. A failed or cancelled export leaves no file, and keeps the one it would replace
// (ExportFile).
#include "Timeline.h"

#include <QByteArray>
#include <QFont>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace hv {

struct ExportOptions {
    uint32_t connection = 0;     // 0: every connection, stacked; otherwise that connection only (.png .svg .txt)
    bool relativeNumbers = true; // Seq/Ack in .png .svg .txt (JSON always carries both)
    qreal width = 960;           // logical pixels of .png / .svg
    qreal devicePixelRatio = 2;  // .png only
    QFont font = defaultFont();  // base font of .png / .svg / .pdf
    // A worksheet (.png .svg .pdf): these fields blank (LadderBlank bits of LadderLayout.h), no
    // teaching notes. See exportWorksheet().
    uint8_t blanks = 0;
    // Writes `path` as .pcap; returns false and sets *error on failure. Unset: .pcap is refused.
    std::function<bool(const QString &path, QString *error)> pcapWriter;
    // .txt and .json call this after each mebibyte they write: `done` of `total` (segments, and
    // for JSON the socket calls). Returning false cancels the export. It may run the event loop
    // (a progress dialog) if the timeline cannot change meanwhile: see Timeline::hold().
    std::function<bool(uint64_t done, uint64_t total)> progress;

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

// The formats exportTimeline() understands, by extension: {"png", "svg", "pdf", "txt", "json", "pcap"}.
QStringList exportFormats();

// A worksheet for students: `path` (.png, .svg or .pdf) with options.blanks left blank (all of
// Seq, Ack and the states when 0), and its answer key beside it (worksheetAnswersPath()): the
// same ladder filled in, with its notes. Both or neither are written.
bool exportWorksheet(const Timeline &timeline, const QString &path, QString *error, ExportOptions options = {});
// "lesson.pdf" -> "lesson-answers.pdf", in the same folder.
QString worksheetAnswersPath(const QString &path);
// Parses "seq,ack,states" (any of them, any order, case-insensitive) into LadderBlank bits;
// nullopt names the first word that is none of them in *bad.
std::optional<uint8_t> parseBlanks(const QString &list, QString *bad);

// The documents themselves, built whole in memory (QJsonDocument, QStringList) by the code the
// streamed exports replaced: the reference tests hold exportTimeline()'s .json and .txt to, byte
// for byte. Too big for a long capture (a QJsonDocument of 1.5 M segments took 6 GB).
QByteArray timelineToJson(const Timeline &timeline);
QString timelineToText(const Timeline &timeline, const ExportOptions &options = {});

} // namespace hv
