#include "CaptureWorker.h"

#include "PacketPipeline.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <pcap/pcap.h>
#include <poll.h>

#include <algorithm>

namespace hv {

namespace {

// State of one read loop, handed to libpcap's callback.
struct LoopState {
    PacketPipeline pipeline;
    pcap_dumper_t *dumper = nullptr;
};

void onPacket(u_char *user, const pcap_pkthdr *hdr, const u_char *bytes)
{
    auto *s = reinterpret_cast<LoopState *>(user);
    if (s->dumper)
        pcap_dump(reinterpret_cast<u_char *>(s->dumper), hdr, bytes);
    s->pipeline.addFrame(*hdr, bytes);
}

// The decoder names the link types it reads; libpcap knows most others, but not the 16 it
// reserves for private use (147-162, USER0-USER15), which are what odd tools write.
QString linkTypeLabel(int dlt)
{
    if (const char *name = pcap_datalink_val_to_name(dlt))
        return QString::fromLatin1(name);
    if (dlt >= 147 && dlt <= 162)
        return QStringLiteral("USER%1, for private use").arg(dlt - 147);
    return QString::fromStdString(linkTypeName(dlt));
}

} // namespace

QString capturePermissionHint(const QString &device)
{
    const QString exe = QCoreApplication::applicationFilePath();
    return QStringLiteral("capturing on %1 is not permitted: the program needs CAP_NET_RAW. "
                          "Grant it once with: sudo setcap cap_net_raw,cap_net_admin+eip %2 "
                          "(scripts/run.sh does this). Chat and opening capture files still work.")
        .arg(device, exe.isEmpty() ? QStringLiteral("handshake-viz") : exe);
}

CaptureWorker::CaptureWorker(CaptureRequest request, QObject *parent)
    : QObject(parent), request_(std::move(request))
{
}

CaptureWorker::~CaptureWorker()
{
    if (handle_)
        pcap_close(handle_);
}

void CaptureWorker::requestStop()
{
    stopRequested_.store(true);
    // pcap_breakloop is safe from another thread on Linux (it signals the poll through an eventfd).
    if (pcap *h = liveHandle_.load())
        pcap_breakloop(h);
}

bool CaptureWorker::open(QString *error)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    const QByteArray src = request_.source.toLocal8Bit();
    if (request_.kind == CaptureRequest::Kind::File) {
        const QFileInfo file(request_.source);
        if (!file.exists()) {
            *error = QStringLiteral("cannot open %1: no such file").arg(request_.source);
            return false;
        }
        // libpcap would say "truncated dump file; tried to read 4 file header bytes, only got 0".
        if (file.isFile() && file.size() == 0) {
            *error = QStringLiteral("cannot read %1: the file is empty").arg(request_.source);
            return false;
        }
        handle_ = pcap_open_offline_with_tstamp_precision(src.constData(), PCAP_TSTAMP_PRECISION_MICRO, errbuf);
        if (!handle_) {
            *error = QStringLiteral("cannot read %1: %2").arg(request_.source, QString::fromLocal8Bit(errbuf));
            return false;
        }
    } else {
        handle_ = pcap_create(src.constData(), errbuf);
        if (!handle_) {
            *error = QStringLiteral("cannot capture on %1: %2").arg(request_.source, QString::fromLocal8Bit(errbuf));
            return false;
        }
        pcap_set_snaplen(handle_, request_.snaplen);
        pcap_set_timeout(handle_, request_.bufferTimeoutMs);
        pcap_set_buffer_size(handle_, request_.bufferBytes);
        pcap_set_tstamp_precision(handle_, PCAP_TSTAMP_PRECISION_MICRO);
        const int rc = pcap_activate(handle_);
        if (rc < 0) {
            if (rc == PCAP_ERROR_PERM_DENIED)
                *error = capturePermissionHint(request_.source);
            else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
                *error = QStringLiteral("cannot capture on %1: no such interface").arg(request_.source);
            else
                *error = QStringLiteral("cannot capture on %1: %2 (%3)")
                             .arg(request_.source, QString::fromLocal8Bit(pcap_statustostr(rc)),
                                  QString::fromLocal8Bit(pcap_geterr(handle_)));
            return false;
        }
        if (rc > 0)
            qWarning("capture on %s: %s", src.constData(), pcap_statustostr(rc));
    }
    const int dlt = pcap_datalink(handle_);
    if (!isSupportedLinkType(dlt)) {
        *error = QStringLiteral("%1: link type %2 (%3) is not supported (supported: %4)")
                     .arg(request_.source)
                     .arg(dlt)
                     .arg(linkTypeLabel(dlt), QString::fromStdString(supportedLinkTypeNames()));
        return false;
    }
    if (!request_.filter.isEmpty()) {
        bpf_program prog{};
        const QByteArray f = request_.filter.toUtf8();
        if (pcap_compile(handle_, &prog, f.constData(), 1, PCAP_NETMASK_UNKNOWN) < 0
            || pcap_setfilter(handle_, &prog) < 0) {
            *error = QStringLiteral("capture filter '%1' rejected: %2")
                         .arg(request_.filter, QString::fromLocal8Bit(pcap_geterr(handle_)));
            pcap_freecode(&prog);
            return false;
        }
        pcap_freecode(&prog);
    }
    return true;
}

void CaptureWorker::run()
{
    QString error;
    if (!open(&error)) {
        if (handle_) {
            pcap_close(handle_);
            handle_ = nullptr;
        }
        Q_EMIT failed(error);
        Q_EMIT finished();
        return;
    }
    SourceInfo info;
    info.kind = request_.kind == CaptureRequest::Kind::Live ? QStringLiteral("live") : QStringLiteral("file");
    info.name = request_.source;
    info.linkType = QString::fromStdString(linkTypeName(pcap_datalink(handle_)));
    info.filter = request_.filter;
    Q_EMIT started(info);
    loop();
    pcap_close(handle_);
    handle_ = nullptr;
    Q_EMIT finished();
}

void CaptureWorker::loop()
{
    const bool live = request_.kind == CaptureRequest::Kind::Live;
    LoopState s{PacketPipeline(pcap_datalink(handle_), request_.serverPortHint)};
    if (!request_.dumpPath.isEmpty()) {
        s.dumper = pcap_dump_open(handle_, request_.dumpPath.toLocal8Bit().constData());
        if (!s.dumper)
            s.pipeline.addError({0, QStringLiteral("write"),
                                 QStringLiteral("cannot keep raw packets in %1: %2")
                                     .arg(request_.dumpPath, QString::fromLocal8Bit(pcap_geterr(handle_)))});
    }
    if (live)
        liveHandle_.store(handle_);

    QElapsedTimer sinceFlush;
    sinceFlush.start();
    auto flush = [&] {
        // Raw bytes reach the file before their segments reach the GUI, so a click on a fresh
        // arrow finds its frame.
        if (s.dumper)
            pcap_dump_flush(s.dumper);
        Q_EMIT batchReady(s.pipeline.takeBatch());
        sinceFlush.restart();
    };

    // Live: our own poll() on libpcap's descriptor in non-blocking mode, so a batch that is waiting
    // is flushed on time even when no further packet comes (a blocking dispatch would sit on it), and
    // a stop is noticed within IdlePollMs.
    int fd = -1;
    if (live && pcap_setnonblock(handle_, 1, nullptr) == 0)
        fd = pcap_get_selectable_fd(handle_);
    constexpr int IdlePollMs = 50;
    while (!stopRequested_.load()) {
        if (fd >= 0) {
            const int wait = s.pipeline.pending() ? std::max(0, int(FlushIntervalMs - sinceFlush.elapsed())) : IdlePollMs;
            pollfd pfd{fd, POLLIN, 0};
            ::poll(&pfd, 1, wait);
        }
        const int n = pcap_dispatch(handle_, live ? -1 : 4096, onPacket, reinterpret_cast<u_char *>(&s));
        if (n == PCAP_ERROR_BREAK)
            break;
        if (n == PCAP_ERROR) {
            s.pipeline.addError({s.pipeline.frameCount() + 1, QStringLiteral("read"),
                                 QStringLiteral("%1: %2").arg(request_.source, QString::fromLocal8Bit(pcap_geterr(handle_)))});
            break;
        }
        if (!live && n == 0)
            break; // end of file
        if (s.pipeline.pending() && (sinceFlush.elapsed() >= FlushIntervalMs || s.pipeline.pendingSegments() >= 65536))
            flush();
    }
    if (live) {
        liveHandle_.store(nullptr);
        // Whatever the kernel already queued belongs to the capture: read it before saying goodbye.
        if (pcap_setnonblock(handle_, 1, nullptr) == 0) {
            for (int i = 0; i < 64; ++i)
                if (pcap_dispatch(handle_, -1, onPacket, reinterpret_cast<u_char *>(&s)) <= 0)
                    break;
        }
    }
    flush();
    if (s.dumper)
        pcap_dump_close(s.dumper);
}

} // namespace hv
