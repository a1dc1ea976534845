#include "CaptureWorker.h"

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
    int linkType = 0;
    uint32_t frame = 0;
    ConnectionTracker tracker;
    CaptureBatch batch;
    std::vector<uint8_t> touched; // per connection id: already snapshotted in this batch
    pcap_dumper_t *dumper = nullptr;
};

int64_t micros(const timeval &tv)
{
    return int64_t(tv.tv_sec) * 1000000 + tv.tv_usec;
}

void onPacket(u_char *user, const pcap_pkthdr *hdr, const u_char *bytes)
{
    auto *s = reinterpret_cast<LoopState *>(user);
    if (s->dumper)
        pcap_dump(reinterpret_cast<u_char *>(s->dumper), hdr, bytes);
    ++s->frame;
    PacketCounts &c = s->batch.counts;
    ++c.total;
    DecodeResult r = decodeFrame(s->linkType, bytes, hdr->caplen, hdr->len);
    switch (r.status) {
    case DecodeStatus::Ok: {
        ++c.tcp;
        Segment seg = s->tracker.track(s->frame, micros(hdr->ts), r.tcp);
        if (seg.connection >= s->touched.size())
            s->touched.resize(seg.connection + 1, 0);
        s->touched[seg.connection] = 1;
        s->batch.segments.push_back(seg);
        return;
    }
    case DecodeStatus::Skipped:
        ++c.skipped;
        return;
    case DecodeStatus::Truncated:
        ++c.truncated;
        s->batch.errors.push_back({s->frame, QStringLiteral("truncated"), QString::fromStdString(r.reason)});
        return;
    case DecodeStatus::Malformed:
        ++c.malformed;
        s->batch.errors.push_back({s->frame, QStringLiteral("malformed"), QString::fromStdString(r.reason)});
        return;
    }
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
        if (!QFileInfo::exists(request_.source)) {
            *error = QStringLiteral("cannot open %1: no such file").arg(request_.source);
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
                     .arg(QString::fromStdString(linkTypeName(dlt)), QString::fromStdString(supportedLinkTypeNames()));
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
    LoopState s;
    s.linkType = pcap_datalink(handle_);
    s.tracker.setServerPortHint(request_.serverPortHint);
    if (!request_.dumpPath.isEmpty()) {
        s.dumper = pcap_dump_open(handle_, request_.dumpPath.toLocal8Bit().constData());
        if (!s.dumper)
            s.batch.errors.push_back({0, QStringLiteral("write"),
                                      QStringLiteral("cannot keep raw packets in %1: %2")
                                          .arg(request_.dumpPath, QString::fromLocal8Bit(pcap_geterr(handle_)))});
    }
    if (live)
        liveHandle_.store(handle_);

    QElapsedTimer sinceFlush;
    sinceFlush.start();
    auto flush = [&] {
        for (uint32_t id = 1; id < s.touched.size(); ++id)
            if (s.touched[id])
                s.batch.connections.push_back(s.tracker.connection(id));
        std::fill(s.touched.begin(), s.touched.end(), 0);
        const PacketCounts counts = s.batch.counts;
        Q_EMIT batchReady(s.batch);
        s.batch = CaptureBatch{};
        s.batch.counts = counts;
        if (s.dumper)
            pcap_dump_flush(s.dumper);
        sinceFlush.restart();
    };
    auto pending = [&] { return !s.batch.segments.empty() || !s.batch.errors.empty(); };

    // Live: our own poll() on libpcap's descriptor in non-blocking mode, so a batch that is waiting
    // is flushed on time even when no further packet comes (a blocking dispatch would sit on it), and
    // a stop is noticed within IdlePollMs.
    int fd = -1;
    if (live && pcap_setnonblock(handle_, 1, nullptr) == 0)
        fd = pcap_get_selectable_fd(handle_);
    constexpr int IdlePollMs = 50;
    while (!stopRequested_.load()) {
        if (fd >= 0) {
            const int wait = pending() ? std::max(0, int(FlushIntervalMs - sinceFlush.elapsed())) : IdlePollMs;
            pollfd pfd{fd, POLLIN, 0};
            ::poll(&pfd, 1, wait);
        }
        const int n = pcap_dispatch(handle_, live ? -1 : 4096, onPacket, reinterpret_cast<u_char *>(&s));
        if (n == PCAP_ERROR_BREAK)
            break;
        if (n == PCAP_ERROR) {
            s.batch.errors.push_back({s.frame + 1, QStringLiteral("read"),
                                      QStringLiteral("%1: %2").arg(request_.source, QString::fromLocal8Bit(pcap_geterr(handle_)))});
            break;
        }
        if (!live && n == 0)
            break; // end of file
        if (pending() && (sinceFlush.elapsed() >= FlushIntervalMs || s.batch.segments.size() >= 65536))
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
