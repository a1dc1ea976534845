#pragma once
// What the capture thread hands to the GUI thread, by value, through a queued signal.
#include "ConnectionTracker.h"

#include <QMetaType>
#include <QString>
#include <vector>

namespace hv {

struct PacketCounts {
    uint64_t total = 0;
    uint64_t tcp = 0;
    uint64_t truncated = 0;
    uint64_t malformed = 0;
    uint64_t skipped = 0;
};

struct CaptureError {
    uint32_t frame = 0; // 0: not tied to one frame (a file-level error)
    QString kind;       // "truncated", "malformed", "read"
    QString reason;
};

struct SourceInfo {
    QString kind;     // "live" or "file"
    QString name;     // interface or file path
    QString linkType; // "EN10MB", ...
    QString filter;   // BPF filter in use ("" for none)
};

struct CaptureBatch {
    std::vector<Segment> segments;       // in capture order
    std::vector<Connection> connections; // snapshots of every connection a segment of this batch touched
    std::vector<CaptureError> errors;
    // Segments of an earlier batch whose states later packets proved otherwise, in the order the
    // tracker decided them (those of this batch's segments are made in them already).
    std::vector<StateRevision> revisions;
    PacketCounts counts;                 // running totals, as of the end of this batch
};

} // namespace hv

Q_DECLARE_METATYPE(hv::CaptureBatch)
Q_DECLARE_METATYPE(hv::SourceInfo)
