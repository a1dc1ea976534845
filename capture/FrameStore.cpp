#include "FrameStore.h"

#include <QFileInfo>

namespace hv {

namespace {

constexpr qint64 kFileHeaderBytes = 24;
constexpr qint64 kRecordHeaderBytes = 16;
constexpr qint64 kScanChunkBytes = 1 << 20;

constexpr uint32_t kMagicMicro = 0xA1B2C3D4;
constexpr uint32_t kMagicNano = 0xA1B23C4D;
constexpr uint32_t kMagicPcapng = 0x0A0D0D0A; // a section header block, either byte order

uint32_t byteSwap(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

uint32_t littleEndian32(const char *p)
{
    const auto *b = reinterpret_cast<const unsigned char *>(p);
    return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}

} // namespace

FrameStore::FrameStore(QString path) : path_(std::move(path)), file_(path_) {}

QString FrameStore::fileName() const
{
    return QFileInfo(path_).fileName();
}

uint32_t FrameStore::u32(const char *p) const
{
    // The file header's magic says which order the writer used; the fields follow it.
    const uint32_t le = littleEndian32(p);
    return swapped_ ? byteSwap(le) : le;
}

FrameStore::RecordHeader FrameStore::parseRecord(const char *p) const
{
    return {u32(p), u32(p + 4), u32(p + 8), u32(p + 12)};
}

bool FrameStore::readAt(qint64 offset, qint64 count, QByteArray *out)
{
    if (!file_.seek(offset))
        return false;
    *out = file_.read(count);
    return out->size() == count;
}

bool FrameStore::openLocked(QString *error)
{
    if (opened_)
        return true;
    if (!openError_.isEmpty()) {
        *error = openError_;
        return false;
    }
    // Unbuffered: a live capture keeps appending, and QFile's buffer would hide what came since.
    if (!file_.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path_, file_.errorString());
        return false; // not remembered: the writer may not have created it yet
    }
    QByteArray header;
    if (!readAt(0, kFileHeaderBytes, &header)) {
        *error = QStringLiteral("%1 is too short for a pcap file header (%2 of %3 bytes)")
                     .arg(fileName())
                     .arg(header.size())
                     .arg(kFileHeaderBytes);
        file_.close();
        return false; // a writer that has just started may not have flushed the header yet
    }
    const uint32_t magic = littleEndian32(header.constData());
    if (magic == kMagicMicro || magic == kMagicNano) {
        swapped_ = false;
    } else if (byteSwap(magic) == kMagicMicro || byteSwap(magic) == kMagicNano) {
        swapped_ = true;
    } else {
        openError_ = magic == kMagicPcapng
            ? QStringLiteral("%1 is a pcapng file; frames are read from classic pcap files only").arg(fileName())
            : QStringLiteral("%1 is not a pcap file (magic number 0x%2)").arg(fileName()).arg(magic, 8, 16, QLatin1Char('0'));
        *error = openError_;
        file_.close();
        return false;
    }
    nanosecond_ = (swapped_ ? byteSwap(magic) : magic) == kMagicNano;
    snaplen_ = u32(header.constData() + 16);
    // The low 16 bits are the link type; the upper ones carry FCS information (pcap-savefile(5)).
    linkType_ = int(u32(header.constData() + 20) & 0xFFFFu);
    checkpoints_.assign(1, kFileHeaderBytes);
    scanned_ = 0;
    scanEnd_ = kFileHeaderBytes;
    opened_ = true;
    return true;
}

bool FrameStore::scanLocked(uint32_t target, QString *error)
{
    const qint64 size = file_.size();
    QByteArray chunk;
    qint64 chunkStart = 0;
    partialBytes_ = 0;
    while (scanned_ < target && corrupt_.isEmpty()) {
        const qint64 pos = scanEnd_;
        if (pos + kRecordHeaderBytes > size) {
            partialBytes_ = size - pos;
            break;
        }
        if (pos < chunkStart || pos + kRecordHeaderBytes > chunkStart + chunk.size()) {
            chunkStart = pos;
            if (!readAt(pos, std::min(kScanChunkBytes, size - pos), &chunk)) {
                *error = QStringLiteral("cannot read %1: %2").arg(path_, file_.errorString());
                return false;
            }
        }
        const RecordHeader h = parseRecord(chunk.constData() + (pos - chunkStart));
        if (h.caplen > kMaxCaplen) {
            corrupt_ = QStringLiteral("record %1 of %2 claims %3 captured bytes: the file is corrupt from offset %4")
                           .arg(scanned_ + 1)
                           .arg(fileName())
                           .arg(h.caplen)
                           .arg(pos);
            break;
        }
        const qint64 next = pos + kRecordHeaderBytes + h.caplen;
        if (next > size) {
            partialBytes_ = size - pos;
            break;
        }
        ++scanned_;
        scanEnd_ = next;
        if (scanned_ % kIndexStride == 0)
            checkpoints_.push_back(next);
    }
    return true;
}

QString FrameStore::pastEnd(uint32_t number) const
{
    QString why = QStringLiteral("frame %1 is past the end of %2 (%3 frame%4")
                      .arg(number)
                      .arg(fileName())
                      .arg(scanned_)
                      .arg(scanned_ == 1 ? QString() : QStringLiteral("s"));
    if (!corrupt_.isEmpty())
        return why + QStringLiteral("; %1)").arg(corrupt_);
    if (partialBytes_ > 0)
        why += QStringLiteral(", then %1 bytes of a record cut short").arg(partialBytes_);
    return why + QLatin1Char(')');
}

bool FrameStore::read(uint32_t number, StoredFrame *out, QString *error)
{
    std::lock_guard lock(mutex_);
    if (number == 0) {
        *error = QStringLiteral("frame 0 does not exist: frames are numbered from 1");
        return false;
    }
    if (!openLocked(error))
        return false;
    if (number > scanned_) {
        if (!scanLocked(number, error))
            return false;
        if (number > scanned_) {
            *error = pastEnd(number);
            return false;
        }
    }
    // From the nearest checkpoint at or before the frame, hop over the records in between.
    const uint32_t k = (number - 1) / kIndexStride;
    qint64 pos = checkpoints_[k];
    QByteArray header;
    for (uint32_t n = k * kIndexStride + 1;; ++n) {
        if (!readAt(pos, kRecordHeaderBytes, &header)) {
            *error = QStringLiteral("cannot read frame %1 of %2: %3").arg(number).arg(fileName(), file_.errorString());
            return false;
        }
        const RecordHeader h = parseRecord(header.constData());
        if (n == number) {
            StoredFrame f;
            f.number = number;
            f.caplen = h.caplen;
            f.origLen = h.origLen;
            f.linkType = linkType_;
            f.seconds = h.seconds;
            f.nanoseconds = nanosecond_ ? h.fraction : h.fraction * 1000u;
            if (!readAt(pos + kRecordHeaderBytes, h.caplen, &f.bytes)) {
                *error = QStringLiteral("cannot read frame %1 of %2: %3").arg(number).arg(fileName(), file_.errorString());
                return false;
            }
            *out = std::move(f);
            return true;
        }
        pos += kRecordHeaderBytes + h.caplen;
    }
}

int64_t FrameStore::frameCount(QString *error)
{
    std::lock_guard lock(mutex_);
    if (!openLocked(error) || !scanLocked(UINT32_MAX, error))
        return -1;
    return scanned_;
}

size_t FrameStore::indexSize() const
{
    std::lock_guard lock(mutex_);
    return checkpoints_.size();
}

} // namespace hv
