#pragma once
// The raw packets a document's captures saw, kept so that an arrow's bytes can be shown and the
// whole can be saved for Wireshark. Every capture writes its own classic pcap file into one
// scratch folder; a capture started later (a new interface, a retry after a failure) numbers its
// frames and connections from 1 again, and the archive shifts them past what came before, so the
// timeline's numbers stay unique. Qt Core only.
#include "CaptureBatch.h"
#include "FrameStore.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace hv {

// The scratch folder is `handshake-viz-XXXXXX` in the temporary directory, with an `owner` file
// naming the process that made it ("PID STARTTIME": its pid and its start time in clock ticks
// since boot, field 22 of /proc/PID/stat, so that a pid used again is not taken for the owner).
// The folder goes with the archive; one that a killed run left behind goes at the next start.
class CaptureArchive {
public:
    CaptureArchive();

    // Removes the scratch folders in `tempDir` whose owner has ended: this user's folders only
    // (a real directory, not a link), with an owner file naming a process that no longer exists
    // (no such pid, or the pid's process started at another time). A folder without an owner file
    // (a run just starting, or an older version's) is left alone. Returns the folders removed. The
    // first archive of a process calls it on QDir::tempPath() once.
    static QStringList removeStale(const QString &tempDir);

    bool isValid() const { return scratch_.isValid(); }
    QString folder() const { return scratch_.path(); }
    QString pathFor(const QString &name) const { return scratch_.filePath(name); }

    // A raw file for the next capture, which starts after `connections` connections and `counts`
    // packets already in the timeline ("" when there is no scratch folder).
    QString beginCapture(uint32_t connections, const PacketCounts &counts);
    // The newest capture's numbers in the timeline's: frames, connection ids, counts, the frames
    // the connections and revisions name.
    void renumber(CaptureBatch &batch) const;

    // Where the raw bytes of timeline frame `frame` are.
    struct Location {
        std::shared_ptr<FrameStore> store; // null when no capture kept it
        uint32_t frameInFile = 0;
        bool newest = false;               // in the newest capture's file (which may still grow)
    };
    Location locate(uint32_t frame) const;

    // One file for Wireshark: the first file's header, then every file's records in order.
    bool writePcap(const QString &path, QString *error) const;
    // The same with timeline frames first..last only (both included): a part of a long session.
    bool writePcap(const QString &path, uint64_t firstFrame, uint64_t lastFrame, QString *error) const;
    bool hasPackets() const;

private:
    // The link type one .pcap of every capture is written with (0 and *why: they cannot share one).
    uint32_t outputLinkType(QString *why) const;
    struct RawFile {
        QString path;
        std::shared_ptr<FrameStore> store;
        uint64_t frameBase = 0; // timeline frame numbers of this capture start after this one
    };
    QTemporaryDir scratch_;
    std::vector<RawFile> files_;
    uint32_t connectionBase_ = 0;
    PacketCounts countBase_;
    int serial_ = 0;
};

} // namespace hv
