#pragma once
// Slide-ready pictures of one ladder: a range of its steps (or the handshake only), in frames of
// a given size (16:9 for a projector) that split a long ladder into pages at row boundaries, the
// role headers repeated on every page; or a series, one frame per step as it is revealed (a slide
// per click). The same geometry and painter as the screen; text stays text in SVG and PDF.
#include "Timeline.h"

#include <QFont>
#include <QSize>
#include <QString>
#include <QStringList>

namespace hv {

struct SlideOptions {
    uint32_t connection = 0;     // 0: the timeline's default connection (the latest with a SYN)
    int firstStep = 1;           // 1-based rows of that connection's ladder, inclusive
    int lastStep = 0;            // 0: to the end
    bool handshakeOnly = false;  // the rows up to the segment that completed (or refused) the handshake
    QSize frame;                 // device pixels; empty: the ladder's own width, one frame as tall as it needs
    bool series = false;         // one frame per step, step-1, step-2 … beside the path
    int frameMs = 1000;          // an animated PNG: how long each step shows (the last: 3 s at least)
    bool relativeNumbers = true;
    uint8_t blanks = 0;          // LadderBlank bits (a worksheet)
    QFont font;
};

// Parses "1-3", "4", "2-", "-5" or "handshake" into options; false with *error naming it.
bool parseStepRange(const QString &text, SlideOptions *options, QString *error);
// Parses "1920x1080" (both 64..8192); false with *error naming it.
bool parseFrameSize(const QString &text, QSize *size, QString *error);

// Writes `path` (.png, .svg, .pdf or .apng): a .pdf holds every page (or every step of a series)
// as a page of its own; a .png or .svg the first, and the pages after it as NAME-2.png,
// NAME-3.png … beside it; a series writes step-1.png, step-2.png … (step-1.svg …) in the folder of
// `path`, and `path` itself as the last step. An .apng is the series animated: a frame per step,
// the steps arriving one by one, in one file. *written lists every file written. False with *error (and
// nothing written) on failure.
bool exportSlides(const Timeline &timeline, const QString &path, const SlideOptions &options, QString *error,
                  QStringList *written = nullptr);

} // namespace hv
