#pragma once
// What the capture thread hands to the GUI thread, by value, through a queued signal.
#include "ConnectionTracker.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace hv {

struct PacketCounts {
    uint64_t total = 0;
    uint64_t tcp = 0;
    uint64_t truncated = 0;
    uint64_t malformed = 0;
    uint64_t skipped = 0;
    // What a live capture lost, cumulative since it began; nullopt where nobody knows (a file does
    // not say what its capture missed). `dropped`: packets the filter took that the kernel threw
    // away for want of room in the capture buffer (pcap_stats' ps_drop); none of them reached
    // `total`. `ifDropped`: what the interface itself dropped meanwhile (ps_ifdrop's counters:
    // rx_missed_errors + rx_fifo_errors; every packet of the interface, filtered or not); nullopt
    // for an interface without them ("any").
    std::optional<uint64_t> dropped;
    std::optional<uint64_t> ifDropped;
    // Live on all interfaces ("any"), TCP frames that were a second sighting of a segment already
    // seen on another interface of this machine (a bridge and its port, a veth and the bridge it
    // is in): counted here, in `tcp` too, and not tracked; each segment is drawn once. nullopt
    // where no such copies can be told apart (one interface, a file).
    std::optional<uint64_t> copies;
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
    // Live: where the capture ran ("host", or "lab": the program's own network) and the drops
    // its kernel was asked for ("syn:2"); both empty for a file.
    QString network;
    QStringList drops;
};

struct CaptureBatch {
    std::vector<Segment> segments;       // in capture order
    std::vector<Connection> connections; // snapshots of every connection a segment of this batch touched
    std::vector<CaptureError> errors;
    // Segments of an earlier batch whose states later packets proved otherwise, in the order the
    // tracker decided them (those of this batch's segments are made in them already).
    std::vector<StateRevision> revisions;
    PacketCounts counts;                 // running totals, as of the end of this batch
    int64_t fileOffset = -1;             // a file: the bytes of it read so far (-1: live, or not known)
};

} // namespace hv

Q_DECLARE_METATYPE(hv::CaptureBatch)
Q_DECLARE_METATYPE(hv::SourceInfo)
