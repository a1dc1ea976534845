#include "CaptureArchive.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hv {

namespace {

struct ArchiveWords {
    Q_DECLARE_TR_FUNCTIONS(CaptureArchive)
};

} // namespace

CaptureArchive::CaptureArchive() : scratch_(QDir::tempPath() + QStringLiteral("/handshake-viz-XXXXXX"))
{
}

QString CaptureArchive::beginCapture(uint32_t connections, const PacketCounts &counts)
{
    connectionBase_ = connections;
    countBase_ = counts;
    if (!scratch_.isValid())
        return {};
    const QString path = scratch_.filePath(QStringLiteral("capture-%1.pcap").arg(++serial_));
    files_.push_back({path, std::make_shared<FrameStore>(path), counts.total});
    return path;
}

void CaptureArchive::renumber(CaptureBatch &batch) const
{
    if (connectionBase_ == 0 && countBase_.total == 0)
        return;
    const auto frameBase = uint32_t(countBase_.total);
    auto frame = [frameBase](uint32_t &f) {
        if (f)
            f += frameBase;
    };
    for (Segment &seg : batch.segments) {
        if (seg.connection)
            seg.connection += connectionBase_;
        seg.frame += frameBase;
    }
    for (Connection &c : batch.connections) {
        c.id += connectionBase_;
        frame(c.synAckFrame);
        frame(c.establishingFrame);
        frame(c.refusalFrame);
    }
    for (StateRevision &r : batch.revisions) {
        r.connection += connectionBase_;
        frame(r.frame);
    }
    for (CaptureError &e : batch.errors)
        frame(e.frame);
    batch.counts.total += countBase_.total;
    batch.counts.tcp += countBase_.tcp;
    batch.counts.truncated += countBase_.truncated;
    batch.counts.malformed += countBase_.malformed;
    batch.counts.skipped += countBase_.skipped;
}

CaptureArchive::Location CaptureArchive::locate(uint32_t frame) const
{
    // The latest capture whose numbering starts below the frame (one that saw nothing shares its
    // base with the next, and the next is the one that holds the frame).
    for (size_t i = files_.size(); i-- > 0;) {
        if (frame > files_[i].frameBase)
            return {files_[i].store, uint32_t(frame - files_[i].frameBase), i + 1 == files_.size()};
    }
    return {};
}

bool CaptureArchive::hasPackets() const
{
    constexpr qint64 PcapFileHeaderBytes = 24;
    for (const RawFile &f : files_)
        if (QFileInfo(f.path).size() > PcapFileHeaderBytes)
            return true;
    return false;
}

bool CaptureArchive::writePcap(const QString &path, QString *error) const
{
    // Each capture wrote its own file with the same link type; one file for Wireshark is the
    // first file's header followed by every file's records, in order.
    constexpr qint64 PcapFileHeaderBytes = 24;
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = ArchiveWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        return false;
    }
    bool wroteHeader = false;
    for (const RawFile &raw : files_) {
        QFile in(raw.path);
        if (!in.open(QIODevice::ReadOnly) || in.size() < PcapFileHeaderBytes)
            continue;
        const QByteArray header = in.read(PcapFileHeaderBytes);
        if (!wroteHeader) {
            out.write(header);
            wroteHeader = true;
        }
        while (!in.atEnd())
            if (out.write(in.read(1 << 20)) < 0)
                break;
    }
    if (!wroteHeader) {
        out.remove();
        *error = ArchiveWords::tr("cannot write %1: no packets have been captured yet").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (out.error() != QFileDevice::NoError) {
        *error = ArchiveWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        return false;
    }
    return true;
}

} // namespace hv
