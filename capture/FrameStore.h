#pragma once
// Random access to the frames of a classic pcap file (the scratch files every capture writes
// through pcap_dump): frame N's bytes without decoding the N-1 before it. Qt Core only.
//
// The file is walked once, lazily, as far as the highest frame asked for; every 256th record's
// offset is kept, so a later lookup hops over at most 255 record headers, and a million-frame
// file costs ~4,000 offsets. The file may still be growing (a live capture writing it): a lookup
// past the walked part resumes the walk from where it stopped. Thread-safe: lookups serialise.
#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstdint>
#include <mutex>
#include <vector>

namespace hv {

struct StoredFrame {
    uint32_t number = 0;   // 1-based, in the file
    QByteArray bytes;      // the captured bytes (caplen of them)
    uint32_t caplen = 0;
    uint32_t origLen = 0;  // the length on the wire
    int linkType = 0;      // LINKTYPE_ value from the file header (what decodeFrame() takes)
    int64_t seconds = 0;   // timestamp, seconds since the epoch
    uint32_t nanoseconds = 0;
};

class FrameStore {
public:
    static constexpr uint32_t kIndexStride = 256;
    // Record lengths past this are taken for corruption rather than allocated (libpcap's own
    // limit is 256 KiB for most link types, 256 MiB for a few).
    static constexpr uint32_t kMaxCaplen = 256u * 1024 * 1024;

    explicit FrameStore(QString path);
    FrameStore(const FrameStore &) = delete;
    FrameStore &operator=(const FrameStore &) = delete;

    QString path() const { return path_; }

    // Frame `number` (1-based) into *out; false with a one-line *error otherwise, e.g.
    // "frame 12 is past the end of capture-1.pcap (10 frames)".
    bool read(uint32_t number, StoredFrame *out, QString *error);

    // Walks to the end and returns how many complete frames the file holds now (-1 on error).
    int64_t frameCount(QString *error);

    // How many record offsets the sparse index holds (for tests and the benchmark).
    size_t indexSize() const;

private:
    struct RecordHeader {
        uint32_t seconds = 0, fraction = 0, caplen = 0, origLen = 0;
    };

    bool openLocked(QString *error);
    bool readAt(qint64 offset, qint64 count, QByteArray *out);
    uint32_t u32(const char *p) const;
    RecordHeader parseRecord(const char *p) const;
    // Walks records from scanEnd_ until `target` frames are known or the file ends.
    bool scanLocked(uint32_t target, QString *error);
    QString fileName() const;
    QString pastEnd(uint32_t number) const;

    QString path_;
    mutable std::mutex mutex_;
    QFile file_;
    bool opened_ = false;
    QString openError_;
    bool swapped_ = false;
    bool nanosecond_ = false;
    int linkType_ = 0;
    uint32_t snaplen_ = 0;

    std::vector<qint64> checkpoints_; // [k] = offset of frame k * kIndexStride + 1
    uint32_t scanned_ = 0;            // complete frames walked so far
    qint64 scanEnd_ = 0;              // offset just past frame scanned_
    qint64 partialBytes_ = 0;         // bytes of an incomplete record after scanEnd_ at the last walk
    QString corrupt_;                 // why the walk cannot go past scanEnd_, if it cannot
};

} // namespace hv
