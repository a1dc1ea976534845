#include "CaptureWorker.h"

#include "VectorState.h"

#include "PacketPipeline.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hv {

namespace {

// State of one read loop, handed to libpcap's callback.
struct LoopState {
    PacketPipeline pipeline;
    pcap_dumper_t *dumper = nullptr;
    uint32_t flushedUpTo = 0; // frames the raw file surely holds (the last flush that worked)
    const bpf_program *earlyFilter = nullptr; // see CaptureWorker::earlyFilter_
    int64_t earlyFromUs = 0, earlyUntilUs = 0;
};

void onPacket(u_char *user, const pcap_pkthdr *hdr, const u_char *bytes)
{
    auto *s = reinterpret_cast<LoopState *>(user);
    if (s->earlyFilter) {
        const int64_t t = int64_t(hdr->ts.tv_sec) * 1000000 + hdr->ts.tv_usec;
        if (t >= s->earlyFromUs && t <= s->earlyUntilUs && pcap_offline_filter(s->earlyFilter, hdr, bytes) == 0)
            return; // taken before the filter was on: not part of this capture
    }
    if (s->dumper)
        pcap_dump(reinterpret_cast<u_char *>(s->dumper), hdr, bytes);
    s->pipeline.addFrame(*hdr, bytes);
}

// The clock of the kernel's packet timestamps, as pcap hands them over (microseconds).
int64_t realtimeUs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// libpcap 1.10 (pcap-linux.c) hands the kernel a filter unchanged unless the handle is "cooked"
// (DLT_LINUX_SLL/SLL2, and the IrDA, LAPD and netlink captures), whose programs fix_program()
// rewrites for offsets the kernel sees differently. These link types are never cooked.
bool kernelTakesProgramAsCompiled(int dlt)
{
    return dlt == DLT_EN10MB || dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_IPV6;
}

// Replaces the socket's filter with `prog` in one step: the kernel swaps the filter pointer
// under RCU, so each packet meets either the old filter or the new one, never none.
bool attachToSocket(pcap *handle, const bpf_program &prog)
{
    static_assert(sizeof(sock_filter) == sizeof(bpf_insn) && offsetof(sock_filter, code) == offsetof(bpf_insn, code)
                      && offsetof(sock_filter, jt) == offsetof(bpf_insn, jt)
                      && offsetof(sock_filter, jf) == offsetof(bpf_insn, jf)
                      && offsetof(sock_filter, k) == offsetof(bpf_insn, k),
                  "struct sock_filter and struct bpf_insn must be the same instruction");
    if (prog.bf_len == 0 || prog.bf_len > USHRT_MAX)
        return false;
    sock_fprog code{static_cast<unsigned short>(prog.bf_len), reinterpret_cast<sock_filter *>(prog.bf_insns)};
    return ::setsockopt(pcap_fileno(handle), SOL_SOCKET, SO_ATTACH_FILTER, &code, sizeof code) == 0;
}

// rx_missed_errors + rx_fifo_errors of `device`: what libpcap 1.10 adds up for ps_ifdrop, but only
// in promiscuous mode (pcap_stats_linux()), which this capture never asks for; so they are read
// here. Asked of rtnetlink (RTM_GETLINK, IFLA_STATS64) in this thread's own network namespace:
// /sys/class/net shows the namespace that mounted it, which in the lab network is the host's (its
// lo is not the lab's, and the lab's client0 is not there at all). nullopt for a device without
// them ("any").
std::optional<uint64_t> interfaceDropCounters(const QByteArray &device)
{
    const unsigned index = ::if_nametoindex(device.constData());
    if (index == 0)
        return std::nullopt;
    const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return std::nullopt;
    struct {
        nlmsghdr header;
        ifinfomsg info;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = RTM_GETLINK;
    request.header.nlmsg_flags = NLM_F_REQUEST;
    request.info.ifi_family = AF_UNSPEC;
    request.info.ifi_index = int(index);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    std::optional<uint64_t> result;
    alignas(nlmsghdr) char reply[8192];
    if (::sendto(fd, &request, sizeof request, 0, reinterpret_cast<sockaddr *>(&kernel), sizeof kernel) >= 0) {
        const ssize_t n = ::recv(fd, reply, sizeof reply, 0);
        const auto *h = reinterpret_cast<const nlmsghdr *>(reply);
        if (n >= ssize_t(NLMSG_LENGTH(sizeof(ifinfomsg))) && NLMSG_OK(h, unsigned(n)) && h->nlmsg_type == RTM_NEWLINK) {
            int left = int(IFLA_PAYLOAD(h));
            for (const rtattr *a = IFLA_RTA(static_cast<const ifinfomsg *>(NLMSG_DATA(h))); RTA_OK(a, left); a = RTA_NEXT(a, left)) {
                if (a->rta_type != IFLA_STATS64 || RTA_PAYLOAD(a) < sizeof(rtnl_link_stats64))
                    continue;
                rtnl_link_stats64 stats;
                std::memcpy(&stats, RTA_DATA(a), sizeof stats);
                result = uint64_t(stats.rx_missed_errors) + uint64_t(stats.rx_fifo_errors);
            }
        }
    }
    ::close(fd);
    return result;
}

// libpcap's messages often start with the file or device they are about ("x.pcap: Permission
// denied"), and ours name it already: keep only the words that add something.
QString withoutSubject(QString message, const QString &subject)
{
    const QString prefix = subject + QStringLiteral(": ");
    if (message.startsWith(prefix))
        message.remove(0, prefix.size());
    return message.trimmed();
}

// The same for a file, whose path may also stand inside the message ("error opening x.pcap").
QString withoutPath(const QString &message, const QString &path)
{
    return withoutSubject(message, path).replace(path, QStringLiteral("the file"));
}

CaptureFailure filterFailure(const QString &filter, QString pcapError)
{
    // "can't parse filter expression: syntax error": the message says that it is a filter already.
    const QString parse = QStringLiteral("can't parse filter expression: ");
    if (pcapError.startsWith(parse))
        pcapError.remove(0, parse.size());
    return {CaptureFailure::Kind::FilterRejected, filter, pcapError.trimmed()};
}

// What a file that libpcap cannot read seems to hold, from its first bytes.
CaptureFailure::Content sniffContent(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return CaptureFailure::Content::Unknown;
    const QByteArray head = file.read(512);
    if (head.startsWith("\x1f\x8b"))
        return CaptureFailure::Content::Gzip;
    // Text: valid UTF-8 (a character cut at the 512th byte is no error for a stateful decoder)
    // with no control characters but the usual white space.
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8.decode(head);
    if (head.isEmpty() || utf8.hasError())
        return CaptureFailure::Content::Unknown;
    const bool printable = std::all_of(text.begin(), text.end(), [](QChar c) {
        return c.isPrint() || c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t')
            || c == QLatin1Char('\f') || c == QChar(0xFEFF);
    });
    return printable ? CaptureFailure::Content::Text : CaptureFailure::Content::Unknown;
}

// What can be told about a capture file without libpcap; nullopt when it is worth trying.
std::optional<CaptureFailure> checkFileBeforeOpening(const QString &path)
{
    using Kind = CaptureFailure::Kind;
    const QFileInfo file(path);
    if (!file.exists())
        return CaptureFailure{Kind::NoSuchFile, path, {}};
    if (file.isDir())
        return CaptureFailure{Kind::IsDirectory, path, {}};
    // access(R_OK), as the real user: a program given capture capabilities reads no more files
    // than its user may (and root may read them all, as libpcap would).
    if (!file.isReadable())
        return CaptureFailure{Kind::Unreadable, path, {}};
    // libpcap would say "truncated dump file; tried to read 4 file header bytes, only got 0".
    if (file.isFile() && file.size() == 0)
        return CaptureFailure{Kind::EmptyFile, path, {}};
    return std::nullopt;
}

// libpcap's refusal to open a file, sorted: its own words where they say more than the kind.
CaptureFailure fileOpenFailure(const QString &path, const QString &pcapError)
{
    using Kind = CaptureFailure::Kind;
    if (pcapError.contains(QLatin1String("unknown file format"))) {
        CaptureFailure f{Kind::NotACapture, path, {}};
        f.content = sniffContent(path);
        return f;
    }
    // Checked above already; these come from a race with whoever changes the file, or from a
    // path that stat() and fopen() see differently.
    if (pcapError.contains(QLatin1String("Permission denied")))
        return {Kind::Unreadable, path, {}};
    if (pcapError.contains(QLatin1String("No such file")))
        return {Kind::NoSuchFile, path, {}};
    if (pcapError.contains(QLatin1String("Is a directory")))
        return {Kind::IsDirectory, path, {}};
    return {Kind::Other, path, withoutPath(pcapError, path)};
}

// A live source libpcap refuses to activate (rc < 0).
CaptureFailure activateFailure(const QString &device, int rc, const QString &pcapError)
{
    using Kind = CaptureFailure::Kind;
    switch (rc) {
    case PCAP_ERROR_PERM_DENIED: {
        // Without rights libpcap cannot even look the device up and says "not permitted" for a
        // misspelt name too; a name it does not list is the better answer.
        pcap_if_t *all = nullptr;
        char errbuf[PCAP_ERRBUF_SIZE] = {0};
        bool listed = true;
        if (pcap_findalldevs(&all, errbuf) == 0) {
            listed = false;
            for (pcap_if_t *d = all; d && !listed; d = d->next)
                listed = device == QString::fromLocal8Bit(d->name);
            pcap_freealldevs(all);
        }
        return {listed ? Kind::NoPermission : Kind::NoSuchInterface, device, {}};
    }
    case PCAP_ERROR_NO_SUCH_DEVICE:
        return {Kind::NoSuchInterface, device, {}};
    case PCAP_ERROR_IFACE_NOT_UP:
        return {Kind::InterfaceDown, device, {}};
    default: {
        const QString status = QString::fromLocal8Bit(pcap_statustostr(rc));
        QString detail = withoutSubject(pcapError, device);
        if (detail.isEmpty() || detail == status)
            detail = status;
        else if (rc != PCAP_ERROR)
            detail = QStringLiteral("%1 (%2)").arg(status, detail);
        return {Kind::Other, device, detail};
    }
    }
}

} // namespace

CaptureWorker::CaptureWorker(CaptureRequest request, QObject *parent)
    : QObject(parent), request_(std::move(request)), wakeFd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
}

CaptureWorker::~CaptureWorker()
{
    if (handle_)
        pcap_close(handle_);
    if (wakeFd_ >= 0)
        ::close(wakeFd_);
}

void CaptureWorker::wake()
{
    // Without the eventfd the loop still sees the request within its idle poll (50 ms).
    if (wakeFd_ >= 0) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(wakeFd_, &one, sizeof one);
    }
}

void CaptureWorker::requestStop()
{
    stopRequested_.store(true);
    wake();
    // pcap_breakloop is safe from another thread on Linux (it signals libpcap's own poll through an
    // eventfd), but only while the handle is open.
    QMutexLocker lock(&breakMutex_);
    if (breakable_)
        pcap_breakloop(handle_);
}

void CaptureWorker::setFilter(const QString &filter)
{
    {
        QMutexLocker lock(&filterMutex_);
        pendingFilter_ = filter;
        filterPending_.store(true);
    }
    wake();
}

bool CaptureWorker::open(CaptureFailure *failure)
{
    if (!(request_.kind == CaptureRequest::Kind::File ? openFile(failure) : openLive(failure)))
        return false;
    const int dlt = pcap_datalink(handle_);
    if (!isSupportedLinkType(dlt)) {
        *failure = {CaptureFailure::Kind::UnsupportedLinkType, request_.source, {}, dlt};
        return false;
    }
    return setFilterAtOpen(failure);
}

bool CaptureWorker::openFile(CaptureFailure *failure)
{
    if (std::optional<CaptureFailure> early = checkFileBeforeOpening(request_.source)) {
        *failure = *early;
        return false;
    }
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    handle_ = pcap_open_offline_with_tstamp_precision(request_.source.toLocal8Bit().constData(),
                                                      PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    if (!handle_) {
        *failure = fileOpenFailure(request_.source, QString::fromLocal8Bit(errbuf));
        return false;
    }
    return true;
}

bool CaptureWorker::openLive(CaptureFailure *failure)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    const QByteArray device = request_.source.toLocal8Bit();
    handle_ = pcap_create(device.constData(), errbuf);
    if (!handle_) {
        *failure = {CaptureFailure::Kind::Other, request_.source,
                    withoutSubject(QString::fromLocal8Bit(errbuf), request_.source)};
        return false;
    }
    pcap_set_snaplen(handle_, request_.snaplen);
    pcap_set_timeout(handle_, request_.bufferTimeoutMs);
    pcap_set_buffer_size(handle_, request_.bufferBytes);
    pcap_set_tstamp_precision(handle_, PCAP_TSTAMP_PRECISION_MICRO);
    earlyFromUs_ = realtimeUs();
    const int rc = pcap_activate(handle_);
    if (rc < 0) {
        *failure = activateFailure(request_.source, rc, QString::fromLocal8Bit(pcap_geterr(handle_)));
        return false;
    }
    if (rc > 0)
        qWarning("capture on %s: %s", device.constData(), pcap_statustostr(rc));
    // On lo every packet passes the packet socket twice, going out and coming in, and libpcap
    // throws the outgoing copy away in userland (linux_check_direction()): in the ring the copies
    // take half the room, and ps_drop counts a dropped copy of either kind, so that it says twice
    // what the ladder misses (measured: 38,362 drops for 19,181 packets lost). Not letting the
    // outgoing copies in (Linux 4.20) loses nothing and makes ps_drop exact. Only on lo: elsewhere,
    // and on "any" (lo among its devices), outgoing packets are wanted, and there an older kernel's
    // ps_drop may count copies too.
    if (request_.source == QLatin1String("lo")) {
        const int one = 1;
        ::setsockopt(pcap_fileno(handle_), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    }
    // On "any" the cooked v2 header names the interface of each frame: what lets a segment seen
    // on a bridge and again on its port be drawn once (PacketPipeline::followOneInterfacePerDirection).
    // libpcap 1.10 offers it on "any"; where it is not offered, the v1 header stays and copies are
    // not told apart (as tcpdump -i any shows them).
    if (request_.source == QLatin1String("any") && pcap_set_datalink(handle_, DLT_LINUX_SLL2) != 0)
        qWarning("capture on any: no Linux cooked v2 headers (%s): a segment crossing a bridge shows twice", pcap_geterr(handle_));
    drops_ = {};
    if (const std::optional<uint64_t> counters = interfaceDropCounters(device)) {
        drops_.interface = 0;
        drops_.lastInterface = *counters;
    }
    return true;
}

void CaptureWorker::readDrops()
{
    // libpcap keeps ps_drop as a running total since pcap_activate(), in an unsigned int: the
    // difference from the last read is right across its wrap. It counts packets the filter took
    // (a packet the kernel filter rejects is no drop) that found the ring full, including packets
    // not read yet; see pcap_stats_linux() in libpcap 1.10's pcap-linux.c.
    pcap_stat st{};
    if (pcap_stats(handle_, &st) == 0) {
        drops_.kernel += uint32_t(st.ps_drop - drops_.lastPsDrop);
        drops_.lastPsDrop = st.ps_drop;
    }
    if (drops_.interface) {
        if (const std::optional<uint64_t> now = interfaceDropCounters(request_.source.toLocal8Bit())) {
            // Counters that went back started again from 0 (the device was made anew).
            *drops_.interface += *now >= drops_.lastInterface ? *now - drops_.lastInterface : *now;
            drops_.lastInterface = *now;
        }
    }
}

bool CaptureWorker::setFilterAtOpen(CaptureFailure *failure)
{
    const bool live = request_.kind == CaptureRequest::Kind::Live;
    directKernelFilter_ = live && kernelTakesProgramAsCompiled(pcap_datalink(handle_));
    if (request_.filter.isEmpty())
        return true;
    auto prog = std::shared_ptr<bpf_program>(new bpf_program{}, [](bpf_program *p) {
        pcap_freecode(p);
        delete p;
    });
    if (pcap_compile(handle_, prog.get(), request_.filter.toUtf8().constData(), 1, PCAP_NETMASK_UNKNOWN) < 0) {
        *failure = filterFailure(request_.filter, QString::fromLocal8Bit(pcap_geterr(handle_)));
        return false;
    }
    // Attached by us as every later filter will be (applyFilter says why): had pcap_setfilter()
    // attached it, libpcap would keep filtering the ring's first block(s) in userland with this
    // program, and drop there what a new filter attached past it had let in.
    if (directKernelFilter_ && attachToSocket(handle_, *prog)) {
        earlyFilter_ = prog;
        earlyUntilUs_ = realtimeUs();
        return true;
    }
    directKernelFilter_ = false;
    if (pcap_setfilter(handle_, prog.get()) < 0) {
        *failure = filterFailure(request_.filter, QString::fromLocal8Bit(pcap_geterr(handle_)));
        return false;
    }
    return true;
}

void CaptureWorker::applyFilter(const QString &filter, const std::function<void()> &readWhatIsQueued)
{
    bpf_program prog{};
    if (pcap_compile(handle_, &prog, filter.toUtf8().constData(), 1, PCAP_NETMASK_UNKNOWN) < 0) {
        Q_EMIT problem(filterFailure(filter, QString::fromLocal8Bit(pcap_geterr(handle_))));
        return;
    }
    // pcap_setfilter() on Linux (set_kernel_filter() in pcap-linux.c) first attaches a filter that
    // rejects everything, drains the socket, then attaches the new program: what arrives in between
    // is lost. The kernel replaces a socket filter atomically, so we attach the program ourselves
    // where libpcap would attach it unchanged. libpcap never learns of it, and need not: it filters
    // in userland only after a pcap_setfilter() (filter_in_userland), which this handle never had.
    if (!(directKernelFilter_ && attachToSocket(handle_, prog))) {
        // A cooked handle (its program must be rewritten as fix_program() does), the kernel refused
        // it (too long for it, no memory for it), or a file: pcap_setfilter() then, which may also
        // filter in userland. Live, it re-filters the ring's unread blocks with the new program, so
        // read what can be read first: only the block the kernel is still filling meets the new
        // filter early. (A file's next packets simply meet the new filter.)
        if (request_.kind == CaptureRequest::Kind::Live)
            readWhatIsQueued();
        directKernelFilter_ = false;
        if (pcap_setfilter(handle_, &prog) < 0) {
            Q_EMIT problem(filterFailure(filter, QString::fromLocal8Bit(pcap_geterr(handle_))));
            pcap_freecode(&prog);
            return;
        }
    }
    pcap_freecode(&prog);
    Q_EMIT filterChanged(filter);
}

void CaptureWorker::run()
{
    CaptureFailure failure;
    if (!open(&failure)) {
        if (handle_) {
            pcap_close(handle_);
            handle_ = nullptr;
        }
        Q_EMIT failed(failure);
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
    earlyFilter_.reset();
    Q_EMIT finished();
}

void CaptureWorker::loop()
{
    const bool live = request_.kind == CaptureRequest::Kind::Live;
    LoopState s{PacketPipeline(pcap_datalink(handle_), request_.serverPortHint)};
    if (live && request_.labDrops)
        s.pipeline.setLabDropPlan(request_.labDrops);
    // Live or read back: a session's own capture on "any", saved and opened again, is drawn as it
    // was live (on cooked v2 frames only: those name their interface).
    s.pipeline.followOneInterfacePerDirection();
    if (earlyFilter_) {
        s.earlyFilter = earlyFilter_.get();
        s.earlyFromUs = earlyFromUs_;
        s.earlyUntilUs = earlyUntilUs_;
    }
    if (!request_.dumpPath.isEmpty()) {
        s.dumper = pcap_dump_open(handle_, request_.dumpPath.toLocal8Bit().constData());
        if (!s.dumper)
            s.pipeline.addError({0, QStringLiteral("write"),
                                 QStringLiteral("cannot keep raw packets in %1: %2")
                                     .arg(request_.dumpPath, withoutPath(QString::fromLocal8Bit(pcap_geterr(handle_)),
                                                                         request_.dumpPath))});
    }

    QElapsedTimer sinceFlush, sinceStats;
    sinceFlush.start();
    sinceStats.start();
    Drops sentDrops = drops_; // as the last batch said them
    auto flush = [&] {
        // Raw bytes reach the file before their segments reach the GUI, so a click on a fresh
        // arrow finds its frame.
        // A failed fwrite() in pcap_dump() leaves the stream's error flag; the flush may still
        // succeed with nothing left to write.
        if (s.dumper && (pcap_dump_flush(s.dumper) != 0 || std::ferror(pcap_dump_file(s.dumper)))) {
            // The disk is full (or a file size limit was reached): the capture goes on without
            // its raw bytes, and says so once, with the system's reason.
            const int err = errno;
            pcap_dump_close(s.dumper);
            s.dumper = nullptr;
            s.pipeline.addError({s.flushedUpTo + 1, QStringLiteral("write"),
                                 QStringLiteral("cannot keep raw packets in %1: %2")
                                     .arg(request_.dumpPath, QString::fromLocal8Bit(std::strerror(err)))});
        } else if (s.dumper) {
            s.flushedUpTo = s.pipeline.frameCount();
        }
        CaptureBatch batch = s.pipeline.takeBatch();
        if (!live)
            if (FILE *f = pcap_file(handle_))
                batch.fileOffset = int64_t(ftello(f));
        if (live) {
            // One getsockopt() (and two small sysfs reads) a batch, at most ~60 a second.
            readDrops();
            sinceStats.restart();
            batch.counts.dropped = drops_.kernel;
            batch.counts.ifDropped = drops_.interface;
            sentDrops = drops_;
        }
        Q_EMIT batchReady(batch);
        sinceFlush.restart();
    };
    // Something for the GUI: packets, or drops it has not been told of (packets that are dropped
    // make no batch of their own).
    auto news = [&] { return s.pipeline.pending() || (live && !(drops_ == sentDrops)); };
    auto dispatch = [&](int count) {
        clearVectorUpperState(); // Qt (a queued signal's metatype) may have dirtied it: see VectorState.h
        return pcap_dispatch(handle_, count, onPacket, reinterpret_cast<u_char *>(&s));
    };
    // Live, non-blocking: what the kernel has handed over (whole blocks of the ring) and no more.
    auto readWhatIsQueued = [&] {
        for (int i = 0; i < 64; ++i) {
            const int n = dispatch(-1);
            if (n != PCAP_ERROR_BREAK && n <= 0)
                break;
        }
    };

    // Live: our own poll() on libpcap's descriptor in non-blocking mode, so a batch that is waiting
    // is flushed on time even when no further packet comes (a blocking dispatch would sit on it), and
    // a stop or a filter change wakes it through wakeFd_ (or is noticed within IdlePollMs).
    int fd = -1;
    if (live && pcap_setnonblock(handle_, 1, nullptr) == 0)
        fd = pcap_get_selectable_fd(handle_);
    if (live && fd < 0) {
        QMutexLocker lock(&breakMutex_);
        breakable_ = true;
    }
    constexpr int IdlePollMs = 50;
    while (!stopRequested_.load()) {
        if (fd >= 0) {
            const int wait = news() ? std::max(0, int(FlushIntervalMs - sinceFlush.elapsed())) : IdlePollMs;
            pollfd pfd[2] = {{fd, POLLIN, 0}, {wakeFd_, POLLIN, 0}};
            if (::poll(pfd, wakeFd_ >= 0 ? 2 : 1, wait) > 0 && (pfd[1].revents & POLLIN)) {
                uint64_t count = 0;
                [[maybe_unused]] const ssize_t n = ::read(wakeFd_, &count, sizeof count);
            }
        }
        const int n = dispatch(live ? -1 : 4096);
        if (n == PCAP_ERROR_BREAK)
            break;
        if (n == PCAP_ERROR) {
            // The frame is named here and the file by whoever shows the error (it knows which).
            const uint32_t frame = s.pipeline.frameCount() + 1;
            s.pipeline.addError({frame, QStringLiteral("read"),
                                 QStringLiteral("cannot read frame %1: %2")
                                     .arg(frame)
                                     .arg(withoutPath(QString::fromLocal8Bit(pcap_geterr(handle_)), request_.source))});
            break;
        }
        if (!live && n == 0)
            break; // end of file
        if (filterPending_.load()) {
            std::optional<QString> filter;
            {
                QMutexLocker lock(&filterMutex_);
                filter.swap(pendingFilter_);
                filterPending_.store(false);
            }
            if (filter)
                applyFilter(*filter, readWhatIsQueued);
        }
        // Between batches too, so that drops with no packet after them are told (within ~60 ms).
        if (live && sinceStats.elapsed() >= IdlePollMs) {
            readDrops();
            sinceStats.restart();
        }
        if (news() && (sinceFlush.elapsed() >= FlushIntervalMs || s.pipeline.pendingSegments() >= 65536))
            flush();
    }
    if (live) {
        {
            QMutexLocker lock(&breakMutex_);
            breakable_ = false;
        }
        // Whatever the kernel already queued belongs to the capture: read it before saying goodbye
        // (a pcap_breakloop() not yet seen makes the first read return at once: hence the retries).
        if (pcap_setnonblock(handle_, 1, nullptr) == 0)
            readWhatIsQueued();
    }
    flush(); // live, with the drops as they are now: the capture's final figure
    if (s.dumper)
        pcap_dump_close(s.dumper);
}

} // namespace hv
