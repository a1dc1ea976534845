#include "CaptureArchive.h"

#include "ScratchJanitor.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hv {

namespace {

struct ArchiveWords {
    Q_DECLARE_TR_FUNCTIONS(CaptureArchive)
};

constexpr uint32_t kLinkEthernet = 1;   // LINKTYPE_ETHERNET (lo, veth)
constexpr uint32_t kLinkCookedV2 = 276; // LINKTYPE_LINUX_SLL2 ("any")

uint32_t readU32(const QByteArray &bytes, qsizetype at, bool swapped)
{
    uint32_t v = 0;
    std::memcpy(&v, bytes.constData() + at, 4);
    return swapped ? qbswap(v) : v;
}

void writeU32(QByteArray &bytes, qsizetype at, uint32_t v, bool swapped)
{
    if (swapped)
        v = qbswap(v);
    std::memcpy(bytes.data() + at, &v, 4);
}

// A pcap file header's byte order and link type.
struct PcapHeader {
    bool swapped = false;
    uint32_t linkType = 0;
};

PcapHeader readHeader(const QByteArray &header)
{
    PcapHeader h;
    uint32_t magic = 0;
    std::memcpy(&magic, header.constData(), 4);
    h.swapped = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u; // written on another byte order
    h.linkType = readU32(header, 20, h.swapped);
    return h;
}

// An Ethernet record (rh: its 16-byte record header) as a Linux cooked v2 one, appended to `out`:
// the 14-byte Ethernet header becomes the 20-byte cooked header (protocol, the sender's address;
// interface index 0: not known), the rest is the same bytes. What a capture on lo kept, in the
// file of a session whose capture then moved to "any".
void appendAsCookedV2(QByteArray &out, QByteArray rh, const QByteArray &body, bool swapped)
{
    if (body.size() < 14) { // not even an Ethernet header: kept as it is, cut
        out += rh;
        out += body;
        return;
    }
    QByteArray cooked(20, '\0');
    cooked[0] = body[12]; // protocol: the EtherType, big-endian
    cooked[1] = body[13];
    const bool loopback = std::all_of(body.begin() + 6, body.begin() + 12, [](char c) { return c == 0; });
    const uint16_t arphrd = loopback ? 772 : 1; // ARPHRD_LOOPBACK, ARPHRD_ETHER
    cooked[8] = char(arphrd >> 8);
    cooked[9] = char(arphrd & 0xff);
    cooked[10] = 0; // PACKET_HOST (the direction is not known)
    cooked[11] = 6; // the address's length
    std::memcpy(cooked.data() + 12, body.constData() + 6, 6);
    writeU32(rh, 8, readU32(rh, 8, swapped) + 6, swapped);   // captured length
    writeU32(rh, 12, readU32(rh, 12, swapped) + 6, swapped); // original length
    out += rh;
    out += cooked;
    out.append(body.constData() + 14, body.size() - 14);
}

const QString kScratchPrefix = QStringLiteral("handshake-viz-");
const QString kOwnerFile = QStringLiteral("owner");

// When process `pid` started (clock ticks since boot, /proc/PID/stat field 22); nullopt when it
// does not exist or cannot be read.
std::optional<uint64_t> processStartTime(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = stat.readAll();
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses; the fields after the last
    // ')' are plain. STATE is field 3, the start time field 22.
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    constexpr int kStartTime = 22 - 3;
    if (fields.size() <= kStartTime)
        return std::nullopt;
    bool ok = false;
    const uint64_t start = fields[kStartTime].toULongLong(&ok);
    return ok ? std::optional<uint64_t>(start) : std::nullopt;
}

// Whether the process an owner file names has ended. Unsure (unreadable, garbled): no.
bool ownerHasEnded(const QByteArray &owner)
{
    const QList<QByteArray> parts = owner.trimmed().split(' ');
    bool ok = false;
    const qlonglong pid = parts.value(0).toLongLong(&ok);
    if (!ok || pid <= 0 || pid > std::numeric_limits<pid_t>::max())
        return false;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return true; // no such process
    // A process with that pid exists (EPERM: another user's): ours only if it started when ours did.
    bool hasStart = false;
    const uint64_t recorded = parts.value(1).toULongLong(&hasStart);
    if (!hasStart)
        return false;
    const std::optional<uint64_t> now = processStartTime(pid_t(pid));
    return now && *now != recorded;
}

void removeStaleOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { CaptureArchive::removeStale(QDir::tempPath()); });
}

} // namespace

CaptureArchive::CaptureArchive()
    : scratch_((removeStaleOnce(), QDir::tempPath() + QLatin1Char('/') + kScratchPrefix + QStringLiteral("XXXXXX")))
{
    if (!scratch_.isValid())
        return;
    tellScratchJanitor(scratch_.path());
    QFile owner(scratch_.filePath(kOwnerFile));
    if (owner.open(QIODevice::WriteOnly)) {
        const pid_t pid = ::getpid();
        owner.write(QByteArray::number(qlonglong(pid)) + ' ' + QByteArray::number(processStartTime(pid).value_or(0)) + '\n');
    }
}

QStringList CaptureArchive::removeStale(const QString &tempDir)
{
    QStringList removed;
    const QDir dir(tempDir);
    const QStringList names = dir.entryList({kScratchPrefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        struct stat st{};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid())
            continue; // another user's, or a link: never ours to remove
        QFile owner(path + QLatin1Char('/') + kOwnerFile);
        if (!owner.open(QIODevice::ReadOnly))
            continue; // being made right now, or made by a version that wrote no owner
        if (!ownerHasEnded(owner.read(64)))
            continue;
        owner.close();
        if (QDir(path).removeRecursively())
            removed << path;
    }
    return removed;
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
    // Drops run from 0 in every capture; the timeline's are those of all of them (unknown only
    // while no capture has said).
    auto drops = [](std::optional<uint64_t> &now, const std::optional<uint64_t> &before) {
        if (now && before)
            *now += *before;
        else if (!now)
            now = before;
    };
    drops(batch.counts.dropped, countBase_.dropped);
    drops(batch.counts.ifDropped, countBase_.ifDropped);
    drops(batch.counts.copies, countBase_.copies);
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

uint32_t CaptureArchive::outputLinkType(QString *why) const
{
    // The captures' own when they agree; cooked v2 when the capture moved from lo (Ethernet
    // framing) to "any": those Ethernet records are written as cooked ones (one .pcap has one
    // link type). Anything else cannot be one .pcap.
    std::vector<uint32_t> types;
    for (const RawFile &raw : files_) {
        QFile in(raw.path);
        if (!in.open(QIODevice::ReadOnly) || in.size() < 24)
            continue;
        const uint32_t t = readHeader(in.read(24)).linkType;
        if (std::find(types.begin(), types.end(), t) == types.end())
            types.push_back(t);
    }
    if (types.size() <= 1)
        return types.empty() ? 0 : types.front();
    if (types.size() == 2 && std::find(types.begin(), types.end(), kLinkEthernet) != types.end()
        && std::find(types.begin(), types.end(), kLinkCookedV2) != types.end())
        return kLinkCookedV2;
    if (why)
        //: zh: 会话的几次抓包链路类型不同（%1 和 %2），一个 .pcap 文件装不下
        *why = ArchiveWords::tr("the session's captures have different link types (%1 and %2), which one .pcap cannot hold")
                   .arg(types[0]).arg(types[1]);
    return 0;
}

bool CaptureArchive::writePcap(const QString &path, uint64_t firstFrame, uint64_t lastFrame, QString *error) const
{
    QString mixed;
    const uint32_t linkType = outputLinkType(&mixed);
    if (!mixed.isEmpty()) {
        *error = ArchiveWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), mixed);
        return false;
    }
    constexpr qint64 PcapFileHeaderBytes = 24, RecordHeaderBytes = 16;
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = ArchiveWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        return false;
    }
    bool wroteHeader = false;
    uint64_t written = 0;
    for (const RawFile &raw : files_) {
        if (raw.frameBase >= lastFrame)
            break;
        QFile in(raw.path);
        if (!in.open(QIODevice::ReadOnly) || in.size() < PcapFileHeaderBytes)
            continue;
        QByteArray header = in.read(PcapFileHeaderBytes);
        const PcapHeader h = readHeader(header);
        const bool swapped = h.swapped;
        const bool convert = h.linkType != linkType; // Ethernet records into a cooked v2 file
        if (!wroteHeader) {
            writeU32(header, 20, linkType, swapped);
            out.write(header);
            wroteHeader = true;
        }
        // Our own files (pcap_dump): records one after another, each with its captured length.
        QByteArray buffer;
        uint64_t frame = raw.frameBase;
        while (frame < lastFrame) {
            const QByteArray rh = in.read(RecordHeaderBytes);
            if (rh.size() < RecordHeaderBytes)
                break;
            uint32_t caplen = 0;
            std::memcpy(&caplen, rh.constData() + 8, 4);
            if (swapped)
                caplen = qbswap(caplen);
            if (caplen > FrameStore::kMaxCaplen)
                break; // damage: what came before is kept
            const QByteArray body = in.read(caplen);
            if (body.size() < qsizetype(caplen))
                break;
            ++frame;
            if (frame < firstFrame)
                continue;
            if (convert)
                appendAsCookedV2(buffer, rh, body, swapped);
            else {
                buffer += rh;
                buffer += body;
            }
            ++written;
            if (buffer.size() >= (1 << 20)) {
                out.write(buffer);
                buffer.clear();
            }
        }
        out.write(buffer);
    }
    if (!wroteHeader || written == 0) {
        out.cancelWriting();
        //: zh: 无法写入 %1：会话的抓包里没有第 %2 到 %3 帧
        *error = ArchiveWords::tr("cannot write %1: frames %2 to %3 are not in the session's capture")
                     .arg(QDir::toNativeSeparators(path)).arg(firstFrame).arg(lastFrame);
        return false;
    }
    if (!out.commit()) {
        *error = ArchiveWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        return false;
    }
    return true;
}

bool CaptureArchive::writePcap(const QString &path, QString *error) const
{
    // Each capture wrote its own file with the same link type; one file for Wireshark is the
    // first file's header followed by every file's records, in order.
    constexpr qint64 PcapFileHeaderBytes = 24;
    const auto cannotWrite = [&](const QString &reason) {
        *error = ArchiveWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), reason);
        return false;
    };
    // Whole or not at all, as every export: a QSaveFile puts the file in place once complete, so a
    // failure leaves no partial file and keeps the one it would have replaced. A device already at
    // the path (or behind a symlink: /dev/full) is written in place; a rename would replace the
    // device node itself.
    const QFileInfo target(path);
    std::unique_ptr<QFileDevice> out;
    if (target.exists() && !target.isFile() && !target.isDir())
        out = std::make_unique<QFile>(path);
    else
        out = std::make_unique<QSaveFile>(path);
    QString mixed;
    const uint32_t linkType = outputLinkType(&mixed);
    if (!mixed.isEmpty())
        return cannotWrite(mixed);
    if (!out->open(QIODevice::WriteOnly))
        return cannotWrite(out->errorString());
    bool wroteHeader = false;
    for (const RawFile &raw : files_) {
        QFile in(raw.path);
        if (!in.open(QIODevice::ReadOnly) || in.size() < PcapFileHeaderBytes)
            continue;
        QByteArray header = in.read(PcapFileHeaderBytes);
        const PcapHeader h = readHeader(header);
        if (!wroteHeader) {
            writeU32(header, 20, linkType, h.swapped);
            if (out->write(header) != header.size())
                return cannotWrite(out->errorString());
            wroteHeader = true;
        }
        if (h.linkType == linkType) {
            while (!in.atEnd()) {
                const QByteArray chunk = in.read(1 << 20);
                if (out->write(chunk) != chunk.size())
                    return cannotWrite(out->errorString());
            }
            continue;
        }
        // Ethernet records (a capture on lo before the session moved to "any"), one by one.
        QByteArray buffer;
        for (;;) {
            const QByteArray rh = in.read(16);
            if (rh.size() < 16)
                break;
            const uint32_t caplen = readU32(rh, 8, h.swapped);
            if (caplen > FrameStore::kMaxCaplen)
                break; // damage: what came before is kept
            const QByteArray body = in.read(caplen);
            if (body.size() < qsizetype(caplen))
                break;
            appendAsCookedV2(buffer, rh, body, h.swapped);
            if (buffer.size() >= (1 << 20)) {
                if (out->write(buffer) != buffer.size())
                    return cannotWrite(out->errorString());
                buffer.clear();
            }
        }
        if (out->write(buffer) != buffer.size())
            return cannotWrite(out->errorString());
    }
    if (!wroteHeader) { // a QSaveFile not committed leaves nothing
        *error = ArchiveWords::tr("cannot write %1: no packets have been captured yet").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (auto *save = qobject_cast<QSaveFile *>(out.get())) {
        if (!save->commit())
            return cannotWrite(save->errorString());
    } else {
        if (!out->flush())
            return cannotWrite(out->errorString());
        out->close();
        if (out->error() != QFileDevice::NoError)
            return cannotWrite(out->errorString());
    }
    return true;
}

} // namespace hv
