#include "Session.h"

#include "LabNetwork.h"
#include "SocketAddress.h"

#include <QCoreApplication>
#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QNetworkInterface>
#include <QScopeGuard>

#include <algorithm>
#include <limits>
#include <unistd.h>

namespace hv {

namespace {

struct SessionWords {
    Q_DECLARE_TR_FUNCTIONS(hv::Session)
};

QString filterFor(const QSet<quint16> &ports)
{
    QList<quint16> sorted(ports.begin(), ports.end());
    std::sort(sorted.begin(), sorted.end());
    QStringList parts;
    for (quint16 p : sorted)
        parts << QStringLiteral("tcp port %1").arg(p);
    return parts.join(QStringLiteral(" or "));
}

QString countsText(const Timeline &t)
{
    const PacketCounts &c = t.counts();
    size_t n = t.connections().size();
    if (t.part() > 1) // ids run on from the earlier parts: count the ones this part has
        n = size_t(std::count_if(t.connections().begin(), t.connections().end(), [](const Connection &x) { return x.id != 0; }));
    QString connections;
    if (n == 1)
        //: zh: 1 个连接
        connections = SessionWords::tr("1 connection");
    else
        //: zh: %1 个连接
        connections = SessionWords::tr("%1 connections").arg(n);
    if (t.part() > 1)
        //: zh: 第 %1 部分有 %2（较早的部分在磁盘上）
        connections = SessionWords::tr("%2 in part %1 (the earlier parts on disk)").arg(t.part()).arg(connections);
    //: zh: %1 个分组，其中 TCP %2 个，%3
    QString text = SessionWords::tr("%1 packets, %2 TCP, %3").arg(c.total).arg(c.tcp).arg(connections);
    if (c.dropped.value_or(0) > 0)
        //: zh: ，内核丢弃：%1
        text += SessionWords::tr(", dropped by the kernel: %1").arg(*c.dropped);
    if (c.ifDropped.value_or(0) > 0)
        //: zh: ，网络接口丢弃：%1
        text += SessionWords::tr(", dropped by the interface: %1").arg(*c.ifDropped);
    if (c.copies.value_or(0) > 0)
        //: zh: ，在第二个接口上又看到并只画一次的分节：%1
        text += SessionWords::tr(", seen again on a second interface and drawn once: %1").arg(*c.copies);
    return text;
}

// A buffer to suggest after drops: four times the one that was too small, 64 MiB at least.
int biggerBuffer(int kib)
{
    return int(std::clamp<int64_t>(std::max<int64_t>(int64_t(kib) * 4, 65536), 1, kMaxCaptureBufferKiB));
}

} // namespace

QString noticeText(const SessionNotice &n)
{
    if (n.kind == SessionNotice::Kind::PacketsDropped) {
        QStringList said;
        if (n.dropped > 0)
            //: zh: 分组丢失：%2 上的抓包要的分组中，内核丢弃了 %1 个，因为抓包缓冲区（%3 KiB）满了。时序图里没有它们，可能出现缺口，或者连接看起来不对。请一次少发一些（更小的洪泛），或者用更大的缓冲区重新启动程序：--capture-buffer %4。
            said << SessionWords::tr("Packets lost: of those the capture on %2 wanted, the kernel dropped %1, because its capture buffer (%3 KiB) was full. The ladder misses them and may show gaps or connections that look wrong. Send less at once (a smaller flood), or start the program again with a bigger buffer: --capture-buffer %4.")
                        .arg(n.dropped).arg(n.interface).arg(n.bufferKiB).arg(biggerBuffer(n.bufferKiB));
        if (n.ifDropped > 0)
            //: zh: 网络接口 %2 自己在此期间也丢弃了分组：%1 个（不一定是这次抓包要的），时序图里同样没有它们。
            said << SessionWords::tr("The interface %2 itself dropped packets meanwhile: %1 (not necessarily ones this capture wanted); the ladder misses those too.")
                        .arg(n.ifDropped).arg(n.interface);
        return said.join(QLatin1Char(' '));
    }
    if (n.kind == SessionNotice::Kind::EarlierPartOnDisk) {
        const QString connections = n.partConnections == 1 ? SessionWords::tr("1 connection")
                                                           : SessionWords::tr("%1 connections").arg(n.partConnections);
        //: zh: 为了让实时会话占用的内存不超过 %1 MiB，第 %2–%3 帧（%4）留在了磁盘上，成为较早的第 %5 部分；时序图从这里接着画。什么都没有丢：打开较早的部分可以看到它们，保存抓包（.pcap）会包含全部分组。
        return SessionWords::tr("To keep the live session under %1 MiB of memory, frames %2 to %3 (%4) stay on disk as earlier part %5; the ladder goes on from here. Nothing is lost: open the earlier part to see them, and a saved capture (.pcap) holds every packet.")
            .arg(n.limitBytes >> 20)
            .arg(n.partFirstFrame)
            .arg(n.partLastFrame)
            .arg(connections)
            .arg(n.parts);
    }
    if (n.kind == SessionNotice::Kind::RawPacketsNotKept)
        //: zh: 从第 %1 帧起，原始分组不再保存到磁盘（%2）。时序图照常继续，但这些帧的字节无法显示，导出的 .pcap 也在它们之前结束。请腾出磁盘空间，然后重新开始抓包。
        return SessionWords::tr("From frame %1 on, the raw packets are no longer kept on disk (%2). The ladder goes on, but the bytes of those frames cannot be shown, and an exported .pcap ends before them. Free some disk space, then start the capture again.")
            .arg(n.frame)
            .arg(n.reason);
    if (n.kind == SessionNotice::Kind::FileCutShort)
        //: zh: %1 在第 %2 帧处被截断（%3）：显示的是它之前的 %4 个分组。
        return SessionWords::tr("%1 is cut short at frame %2 (%3): the %4 packets before it are shown.")
            .arg(QFileInfo(n.file).fileName())
            .arg(n.frame)
            .arg(n.reason)
            .arg(n.frame > 0 ? n.frame - 1 : 0);
    QString text = describeFailure(n.failure);
    if (n.failure.kind == CaptureFailure::Kind::NoPermission && !currentNetwork().labRefused.empty())
        //: zh: 不需要权限的实验网络也不可用：%1。另一个办法：请管理员允许非特权用户命名空间（见 README 的“无需 root 的抓包”）。
        text += QLatin1Char(' ') + SessionWords::tr("The lab network, which needs no privileges, is unavailable too: %1. The other way out: ask for unprivileged user namespaces to be allowed (README, \"Capture without root\").")
                                       .arg(QString::fromStdString(currentNetwork().labRefused));
    return text;
}

Session::Session(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::SessionNotice>();
    // A wildcard listener (0.0.0.0, the tutorial's INADDR_ANY) takes connections to these only.
    std::vector<IpAddress> local;
    for (const QHostAddress &a : QNetworkInterface::allAddresses())
        local.push_back(endpointFrom(a, 0).addr);
    liveTimeline_.setLocalAddresses(std::move(local));
    wireClient(client_);
    connect(&server_, &ChatServer::socketCall, &liveTimeline_, &Timeline::appendCall);
    connect(&server_, &ChatServer::problem, this, &Session::problem);

    connect(&live_, &Capture::batchReady, this, &Session::liveBatch);
    dropsPace_.setSingleShot(true);
    dropsPace_.setInterval(1000);
    connect(&dropsPace_, &QTimer::timeout, this, [this] {
        if (dropsUntold_)
            tellDrops();
    });
    countsPace_.setSingleShot(true);
    countsPace_.setInterval(1000);
    connect(&countsPace_, &QTimer::timeout, this, [this] {
        if (countsUntold_)
            tellCounts();
    });
    connect(&live_, &Capture::started, this, [this](const SourceInfo &started) {
        SourceInfo source = started;
        source.network = currentNetwork().kind == NetworkChoice::Kind::Lab ? QStringLiteral("lab") : QStringLiteral("host");
        source.drops = liveTimeline_.source().drops;
        liveTimeline_.setSource(source);
        liveFailed_ = false;
        Q_EMIT noticeCleared(SessionNotice::Topic::LiveCapture);
        if (source.filter != requestedFilter_) {
            live_.setFilter(requestedFilter_); // ports were added while it was starting
            return;
        }
        covered(source);
    });
    connect(&live_, &Capture::filterChanged, this, [this](const QString &filter) {
        if (filter != requestedFilter_)
            return; // a newer request is on its way
        SourceInfo source = liveTimeline_.source();
        source.filter = filter;
        liveTimeline_.setSource(source);
        covered(source);
    });
    connect(&live_, &Capture::failed, this, [this](const CaptureFailure &failure) {
        liveReady_ = false;
        liveFailed_ = true;
        uncovered(failure);
        Q_EMIT liveCaptureFailed();
    });
    // The capture goes on with its old filter: a port may go uncovered, and the user is told.
    connect(&live_, &Capture::problem, this, [this](const CaptureFailure &failure) {
        if (failure.kind == CaptureFailure::Kind::FilterRejected)
            rejectedFilter_ = failure.subject;
        uncovered(failure);
    });
    connect(&live_, &Capture::finished, this, [this] {
        liveReady_ = false;
        for (auto &go : std::exchange(waiting_, {}))
            go();
    });

    connect(&file_, &Capture::batchReady, this, [this](CaptureBatch batch) {
        Timeline *target = openingTimeline_ ? openingTimeline_.get() : fileTimeline_.get();
        CaptureArchive *archive = openingArchive_ ? openingArchive_.get() : fileArchive_.get();
        if (!target)
            return;
        archive->renumber(batch);
        target->appendBatch(batch);
        if (batch.fileOffset >= 0)
            lastOffset_ = batch.fileOffset;
        if (batch.fileOffset >= 0)
            Q_EMIT fileProgress(batch.fileOffset, openingBytes_, target->counts().total, readClock_.isValid() ? readClock_.elapsed() : 0);
    });
    connect(&file_, &Capture::started, this, [this](const SourceInfo &source) {
        if (!openingTimeline_)
            return;
        openingTimeline_->setSource(source);
        // The file opens: it becomes the document shown. The one it replaces lives until the
        // views have let go of it.
        std::unique_ptr<Timeline> old = std::exchange(fileTimeline_, std::move(openingTimeline_));
        fileArchive_ = std::move(openingArchive_);
        filePath_ = openingPath_;
        showingFile_ = true;
        Q_EMIT noticeCleared(SessionNotice::Topic::File);
        Q_EMIT documentChanged();
        //: zh: 正在读取 %1（%2）
        Q_EMIT status(SessionWords::tr("Reading %1 (%2)").arg(QFileInfo(source.name).fileName(), source.linkType));
    });
    connect(&file_, &Capture::failed, this, [this](const CaptureFailure &failure) {
        // Nothing shown is lost: the document on screen stays.
        openingTimeline_.reset();
        openingArchive_.reset();
        SessionNotice n;
        n.topic = SessionNotice::Topic::File;
        n.failure = failure;
        Q_EMIT noticeRaised(n);
    });
    connect(&file_, &Capture::finished, this, [this] {
        if (readCancelled_ && showingFile_ && fileTimeline_ && !openingTimeline_) {
            readCancelled_ = false;
            //: zh: 已停止读取 %1：读了 %2 帧（%3 MB / %4 MB），已读的都保留
            Q_EMIT status(SessionWords::tr("Stopped reading %1: %2 frames read (%3 MB of %4 MB), all of them kept")
                              .arg(QFileInfo(filePath_).fileName())
                              .arg(fileTimeline_->counts().total)
                              .arg(QString::number(double(lastOffset_) / 1e6, 'f', 1), QString::number(double(openingBytes_) / 1e6, 'f', 1)));
            Q_EMIT countsChanged();
            Q_EMIT captureFinished();
            return;
        }
        readCancelled_ = false;
        if (showingFile_ && fileTimeline_ && !openingTimeline_) {
            for (const CaptureError &e : fileTimeline_->errors()) {
                if (e.kind != QLatin1String("read"))
                    continue;
                SessionNotice n;
                n.topic = SessionNotice::Topic::File;
                n.kind = SessionNotice::Kind::FileCutShort;
                n.file = filePath_;
                n.frame = e.frame;
                n.reason = e.reason;
                Q_EMIT noticeRaised(n);
            }
            //: zh: 已读完 %1
            Q_EMIT status(SessionWords::tr("Read %1 to its end").arg(QFileInfo(filePath_).fileName()));
            Q_EMIT countsChanged();
        }
        Q_EMIT captureFinished();
    });
}

void Session::liveBatch(CaptureBatch batch)
{
    liveArchive_.renumber(batch);
    const PacketCounts before = liveTimeline_.counts();
    liveTimeline_.appendBatch(batch);
    for (const CaptureError &e : batch.errors) {
        if (e.kind != QLatin1String("write"))
            continue;
        SessionNotice n;
        n.topic = SessionNotice::Topic::LiveCapture;
        n.kind = SessionNotice::Kind::RawPacketsNotKept;
        n.frame = e.frame;
        n.reason = e.reason;
        Q_EMIT noticeRaised(n);
    }
    // (Also while a file is shown: the live session's memory is checked with its counts.)
    countsUntold_ = true;
    if (!countsPace_.isActive())
        tellCounts();
    const PacketCounts &now = liveTimeline_.counts();
    if (now.dropped.value_or(0) == before.dropped.value_or(0) && now.ifDropped.value_or(0) == before.ifDropped.value_or(0))
        return;
    dropsUntold_ = true;
    if (!dropsPace_.isActive())
        tellDrops();
}

SessionNotice Session::dropsNotice() const
{
    const PacketCounts &c = liveTimeline_.counts();
    SessionNotice n;
    n.topic = SessionNotice::Topic::Drops;
    n.kind = SessionNotice::Kind::PacketsDropped;
    n.dropped = c.dropped.value_or(0);
    n.ifDropped = c.ifDropped.value_or(0);
    n.interface = liveTimeline_.source().name.isEmpty() ? interface_ : liveTimeline_.source().name;
    n.bufferKiB = captureBufferKiB_;
    return n;
}

void Session::tellDrops()
{
    dropsUntold_ = false;
    dropsPace_.start();
    Q_EMIT noticeRaised(dropsNotice());
}

void Session::tellCounts()
{
    countsUntold_ = false;
    countsPace_.start();
    checkMemory();
    Q_EMIT countsChanged();
}

int64_t Session::defaultMemoryLimit()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
    const int64_t ram = pages > 0 && pageSize > 0 ? int64_t(pages) * pageSize : int64_t(4) << 30;
    return std::clamp<int64_t>(ram / 4, int64_t(256) << 20, int64_t(4) << 30);
}

// At most once a second (with the counts): past the limit, what the live timeline holds is left
// on disk as an earlier part, and the timeline starts a new one.
void Session::checkMemory()
{
    // An export reading the live timeline holds it: the next check comes a second later.
    if (memoryLimit_ <= 0 || liveTimeline_.isHeld() || liveTimeline_.memoryBytes() <= size_t(memoryLimit_))
        return;
    EarlierPart part;
    part.firstFrame = earlierParts_.empty() ? 1 : earlierParts_.back().lastFrame + 1;
    part.lastFrame = liveTimeline_.counts().total;
    for (const Connection &c : liveTimeline_.connections())
        part.connections += c.id != 0;
    if (part.lastFrame < part.firstFrame)
        return; // nothing captured: the calls alone cannot be left on disk
    earlierParts_.push_back(part);
    liveTimeline_.startPart();
    SessionNotice n;
    n.topic = SessionNotice::Topic::Memory;
    n.kind = SessionNotice::Kind::EarlierPartOnDisk;
    n.limitBytes = memoryLimit_;
    n.parts = int(earlierParts_.size());
    n.partFirstFrame = part.firstFrame;
    n.partLastFrame = part.lastFrame;
    n.partConnections = part.connections;
    Q_EMIT noticeRaised(n);
}

bool Session::openEarlierPart(size_t index, QString *error)
{
    if (index >= earlierParts_.size()) {
        //: zh: 实时会话没有较早的部分
        *error = SessionWords::tr("the live session has no earlier part");
        return false;
    }
    const EarlierPart &part = earlierParts_[index];
    const QString path = liveArchive_.pathFor(QStringLiteral("earlier-part-%1.pcap").arg(index + 1));
    if (!QFileInfo::exists(path) && !liveArchive_.writePcap(path, part.firstFrame, part.lastFrame, error))
        return false;
    openFile(path);
    return true;
}

void Session::openLatestEarlierPart()
{
    QString error;
    if (earlierParts_.empty() || !openEarlierPart(earlierParts_.size() - 1, &error))
        Q_EMIT problem(error.isEmpty() ? SessionWords::tr("the live session has no earlier part") : error);
}

QString Session::countsText() const
{
    if (showingFile_)
        return fileTimeline_ ? hv::countsText(*fileTimeline_) : QString();
    return hv::countsText(liveTimeline_);
}

Session::~Session()
{
    file_.stop();
    live_.stop();
}

void Session::covered(const SourceInfo &source)
{
    liveReady_ = true;
    if (currentNetwork().kind == NetworkChoice::Kind::Lab)
        //: zh: 正在实验网络的 %1 上抓包（%2）：这是本程序自己的私有网络，不需要任何权限；程序之外的软件连不到它的服务器
        Q_EMIT status(SessionWords::tr("Capturing on %1 in the lab network (%2): a private network of this program's own, no privileges needed; programs outside it cannot reach its server")
                          .arg(source.name, source.filter));
    else
        //: zh: 正在 %1 上抓包（%2）
        Q_EMIT status(SessionWords::tr("Capturing on %1 (%2)").arg(source.name, source.filter));
    for (auto &go : std::exchange(waiting_, {}))
        go();
    Q_EMIT liveCaptureReady();
}

void Session::uncovered(const CaptureFailure &failure)
{
    SessionNotice n;
    n.topic = SessionNotice::Topic::LiveCapture;
    n.failure = failure;
    Q_EMIT noticeRaised(n);
    // The chat goes on without a ladder: what waited for the capture goes now.
    for (auto &go : std::exchange(waiting_, {}))
        go();
}

void Session::wireClient(ChatClient &client)
{
    connect(&client, &ChatClient::socketCall, &liveTimeline_, &Timeline::appendCall);
    connect(&client, &ChatClient::problem, this, &Session::problem);
    // Refused on our own server's port, at an address our listener does not take: say why, after
    // the refusal itself (queued: the client reports refused() before its problem()).
    connect(&client, &ChatClient::refused, this, [this, c = &client] {
        const QString hint = listenerMissHint(c->targetEndpoint());
        if (!hint.isEmpty())
            Q_EMIT problem(hint);
    }, Qt::QueuedConnection);
}

QString Session::listenerMissHint(const Endpoint &to) const
{
    if (!server_.isListening() || to.port != server_.port() || server_.reaches(to) || !liveTimeline_.isLocal(to.addr))
        return QString();
    const Endpoint l = server_.listenerEndpoint();
    const QString listener = endpointText(l);
    const QString target = endpointText(to);
    if (isWildcard(l.addr) && l.addr.v6)
        //: zh: 我们的服务器监听 %1，只接受 IPv6 连接（Qt 把 “::” 绑定为仅 IPv6）：到 %2 的 IPv4 连接到不了它。请连接 [::1]:%3，或者监听 0.0.0.0:%3
        return SessionWords::tr("our server listens on %1, which takes IPv6 only (Qt binds \"::\" that way): an IPv4 connection to %2 does not reach it. Connect to [::1]:%3, or listen on 0.0.0.0:%3")
            .arg(listener, target).arg(l.port);
    if (isWildcard(l.addr))
        //: zh: 我们的服务器监听 %1，只接受 IPv4 连接：到 %2 的 IPv6 连接到不了它。请连接 127.0.0.1:%3
        return SessionWords::tr("our server listens on %1, which takes IPv4 only: an IPv6 connection to %2 does not reach it. Connect to 127.0.0.1:%3")
            .arg(listener, target).arg(l.port);
    //: zh: 我们的服务器只在 %1 上监听：到 %2 的连接到不了它，即使在同一台机器上。请连接 %1，或者监听 0.0.0.0:%3
    return SessionWords::tr("our server listens on %1 only: a connection to %2 does not reach it, even on this machine. Connect to %1, or listen on 0.0.0.0:%3")
        .arg(listener, target).arg(l.port);
}

ChatClient &Session::addClient()
{
    extraClients_.push_back(std::make_unique<ChatClient>());
    wireClient(*extraClients_.back());
    return *extraClients_.back();
}

std::vector<ChatClient *> Session::clients() const
{
    std::vector<ChatClient *> out{const_cast<ChatClient *>(&client_)};
    for (const auto &c : extraClients_)
        out.push_back(c.get());
    return out;
}

void Session::liveActivity()
{
    // Talking to the live session shows it: its new connections are never drawn among a file's.
    if (showingFile_) {
        showLive();
        //: zh: 回到实时会话
        Q_EMIT status(SessionWords::tr("Back to the live session"));
    }
}

void Session::showLive()
{
    if (!showingFile_)
        return;
    showingFile_ = false;
    Q_EMIT documentChanged();
}

QString Session::liveFilter() const
{
    return requestedFilter_;
}

void Session::startLive()
{
    liveReady_ = false;
    liveFailed_ = false;
    CaptureRequest r;
    r.kind = CaptureRequest::Kind::Live;
    r.source = interface_;
    r.filter = requestedFilter_;
    r.serverPortHint = server_.isListening() ? server_.port() : 0;
    if (currentNetwork().kind == NetworkChoice::Kind::Lab)
        r.labDrops = labPlan_;
    r.bufferBytes = int(std::min<int64_t>(int64_t(captureBufferKiB_) * 1024, std::numeric_limits<int>::max()));
    r.dumpPath = liveArchive_.beginCapture(uint32_t(liveTimeline_.connections().size()), liveTimeline_.counts());
    live_.start(r);
}

void Session::coverPort(quint16 port)
{
    if (port == 0)
        return;
    ports_.insert(port);
    const QString filter = filterFor(ports_);
    if (live_.isRunning()) {
        if (filter == requestedFilter_)
            return; // covered, or about to be
        requestedFilter_ = filter;
        liveReady_ = false;
        live_.setFilter(filter); // on the open handle: nothing already flowing is missed
        return;
    }
    // Not running: the first port, or the capture failed or ended (the cause may be gone now).
    requestedFilter_ = filter;
    startLive();
}

void Session::uncoverPort(quint16 port)
{
    if (port == 0 || !ports_.remove(port) || !live_.isRunning())
        return;
    requestedFilter_ = filterFor(ports_);
    if (!requestedFilter_.isEmpty())
        live_.setFilter(requestedFilter_);
}

void Session::whenCovered(std::function<void()> then)
{
    // Nothing will cover it: the capture failed, ended, or refused this very filter.
    if (liveReady_ || liveFailed_ || !live_.isRunning() || rejectedFilter_ == requestedFilter_)
        then();
    else
        waiting_.push_back(std::move(then));
}

void Session::whenCapturing(quint16 port, std::function<void()> then)
{
    liveActivity();
    coverAndGo(port, std::move(then));
}

void Session::coverAndGo(quint16 port, std::function<void()> then)
{
    coverPort(port);
    whenCovered(std::move(then));
}

void Session::followAddress(const QString &host)
{
    if (interfaceChosen_ || interface_ != QLatin1String("lo") || currentNetwork().kind == NetworkChoice::Kind::Lab)
        return;
    QHostAddress address;
    const bool loopback = address.setAddress(host) ? address.isLoopback()
                                                   : host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
    if (loopback)
        return;
    // Students' SYNs arrive on the LAN's interface, this machine's own connections (even to its
    // LAN address) on lo: "any" sees both. A bridge and its ports would show each segment twice
    // there; the capture follows each direction of a connection on one interface (PacketPipeline).
    // Connections open on lo now go on in the new capture as new entries (its tracker starts anew).
    interface_ = QStringLiteral("any");
    if (live_.isRunning()) {
        live_.stop();
        startLive();
    }
    Q_EMIT interfaceChanged();
    //: zh: %1 不在回环上：抓包改为所有接口（any），来自其他机器的连接走网卡，本机自己的连接走 lo
    Q_EMIT status(SessionWords::tr("%1 is beyond loopback: capturing on every interface (any) now, so that connections from other machines (on the network card) and from this one (on lo) are both seen").arg(host));
}

QString Session::reachabilityNote() const
{
    if (!server_.isListening() || currentNetwork().kind == NetworkChoice::Kind::Lab)
        return QString();
    const QHostAddress listener = server_.address();
    if (listener.isLoopback())
        return QString();
    const bool anyV4 = listener == QHostAddress(QHostAddress::AnyIPv4) || listener == QHostAddress(QHostAddress::Any);
    const bool anyV6 = listener == QHostAddress(QHostAddress::AnyIPv6);
    // Where students would connect: this machine's addresses that the listener takes, by interface.
    QStringList where;
    for (const QNetworkInterface &nic : QNetworkInterface::allInterfaces()) {
        if (!(nic.flags() & QNetworkInterface::IsUp) || (nic.flags() & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : nic.addressEntries()) {
            const QHostAddress a = entry.ip();
            const bool v4 = a.protocol() == QHostAddress::IPv4Protocol;
            const bool taken = anyV4 ? v4 : anyV6 ? (!v4 && !a.isLinkLocal()) : a.isEqual(listener, QHostAddress::TolerantConversion);
            if (taken)
                where << QStringLiteral("%1 (%2)").arg(endpointText(a, server_.port()), nic.humanReadableName());
        }
    }
    if (where.isEmpty() && (anyV4 || anyV6))
        //: zh: 服务器监听所有地址，但这台机器现在除了回环没有别的地址：只有本机的程序能连上
        return SessionWords::tr("The server listens on every address, but this machine has no address besides loopback now: only programs on it can connect.");
    constexpr qsizetype kShown = 6;
    const qsizetype more = where.size() - kShown;
    if (more > 0) {
        where = where.mid(0, kShown);
        //: zh: 另外 %1 个
        where << SessionWords::tr("%1 more").arg(more);
    }
    //: zh: 其他机器可以连上这个服务器：学生连接 %1。网络上能到达这台机器的任何人都能连接，下课后请停止服务器。
    return SessionWords::tr("Reachable from other machines: students connect to %1. Anyone on the network who can reach this machine can connect; stop the server after class.")
        .arg(where.join(QStringLiteral(", ")));
}

bool Session::startServer(const QString &host, quint16 port, QString *error)
{
    liveActivity();
    QHostAddress address;
    if (!address.setAddress(host)) {
        //: zh: 无法在 %1 上监听：这不是 IP 地址（例如 127.0.0.1、0.0.0.0 或 ::1）
        const QString message = SessionWords::tr("cannot listen on %1: not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)").arg(host);
        if (error)
            *error = message;
        Q_EMIT problem(message);
        return false;
    }
    // The capture covers a known port before the listener opens: the first student's SYN is not
    // missed while the filter changes.
    const bool wasCovered = ports_.contains(port);
    coverPort(port);
    QString why;
    if (!server_.listen(address, port, &why)) {
        if (!wasCovered)
            uncoverPort(port); // someone else's server: not ours to watch
        if (error)
            *error = why;
        Q_EMIT problem(why);
        return false;
    }
    coverPort(server_.port());
    followAddress(host); // once it listens: a typo or a port in use leaves the capture where it was
    return true;
}

void Session::stopServer()
{
    server_.stop();
}

void Session::connectClient(const QString &host, quint16 port)
{
    liveActivity();
    followAddress(host);
    // The lab's drops are for this connection: its port is bound first, the rules set for both
    // ports (and repeated by the tracker, LabDropPlan.h) before connect() sends the SYN.
    if (drops_.empty())
        client_.setBindFirst({});
    else
        client_.setBindFirst([this](const Endpoint &local, const Endpoint &peer) { armLab(local.port, peer.port); });
    // The SYN is the first thing to teach: connect() waits until the capture covers the port
    // (or has failed, and then the chat works without a ladder).
    coverAndGo(port, [this, host, port] { client_.connectToHost(host, port); });
}

bool Session::setShaping(int delayMs, int rateKbit, QString *error)
{
    std::string why;
    if (!shapeLab(delayMs, rateKbit, &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    delayMs_ = delayMs;
    rateKbit_ = rateKbit;
    // The exports name it with the drops (what was asked of the lab's kernel in this session).
    SourceInfo source = liveTimeline_.source();
    const QString asked = delayMs > 0 ? QStringLiteral("delay:%1").arg(delayMs) : QStringLiteral("rate:%1").arg(rateKbit);
    if ((delayMs > 0 || rateKbit > 0) && !source.drops.contains(asked)) {
        source.drops << asked;
        liveTimeline_.setSource(source);
    }
    return true;
}

bool Session::setLabLayout(bool twoHosts, QString *error)
{
    if (currentNetwork().kind == NetworkChoice::Kind::Lab && currentNetwork().twoHosts == twoHosts)
        return true;
    if (server_.isListening() || client_.isBusy()) {
        //: zh: 先停止服务器、断开客户端：它们的套接字留在创建它们的主机上
        *error = SessionWords::tr("stop the server and disconnect the client first: their sockets stay on the host they were made on");
        return false;
    }
    std::string why;
    const bool shaped = delayMs_ > 0 || rateKbit_ > 0;
    if (shaped)
        shapeLab(0, 0, &why); // the old links go back to plain
    if (!useTwoHosts(twoHosts, &why)) {
        //: zh: 无法改变实验网络的布局：%1
        *error = SessionWords::tr("cannot change the lab's layout: %1").arg(QString::fromStdString(why));
        return false;
    }
    interface_ = twoHosts ? QStringLiteral("client0") : QStringLiteral("lo");
    Q_EMIT interfaceChanged();
    if (shaped && !shapeLab(delayMs_, rateKbit_, &why))
        Q_EMIT problem(QString::fromStdString(why));
    if (live_.isRunning()) { // the capture follows, on the new interface
        live_.stop();
        startLive();
    }
    return true;
}

QString Session::scratchFolder() const
{
    return liveArchive_.isValid() ? liveArchive_.folder() : QString();
}

bool Session::openLabTerminal(bool serverHost, QString *error)
{
    return labTerminals_.open(serverHost, liveArchive_.isValid() ? liveArchive_.folder() : QDir::tempPath(), error);
}

void Session::armLab(uint16_t clientPort, uint16_t serverPort)
{
    std::vector<LabDropRule> rules;
    QString error;
    // apply() deletes the rules of the connections before: their mirrors stop now.
    labPlan_->retireAll(realtimeMicros());
    if (!lab_.apply(drops_, clientPort, serverPort, &rules, &error)) {
        Q_EMIT problem(error);
        return;
    }
    labPlan_->arm(clientPort, serverPort, std::move(rules));
    // What the exports say was asked of the lab's kernel (everything asked in this session).
    SourceInfo source = liveTimeline_.source();
    for (const DropRequest &d : drops_)
        if (!source.drops.contains(d.name()))
            source.drops << d.name();
    liveTimeline_.setSource(source);
}

void Session::disconnectClient()
{
    client_.disconnectFromHost();
}

bool Session::clientSend(const QString &text)
{
    return clientSend(text.toUtf8());
}

bool Session::clientSend(const QByteArray &bytes)
{
    liveActivity();
    return client_.send(bytes);
}

bool Session::serverSend(const QString &text, uint32_t peerSocket)
{
    return serverSend(text.toUtf8(), peerSocket);
}

bool Session::serverSend(const QByteArray &bytes, uint32_t peerSocket, QString *why)
{
    liveActivity();
    if (server_.send(bytes, peerSocket) == 0) {
        const QString message = peerSocket ? SessionWords::tr("that client is no longer connected: nothing was sent")
                                           : SessionWords::tr("no client is connected to the server: nothing was sent");
        if (why)
            *why = message;
        else
            Q_EMIT problem(message);
        return false;
    }
    return true;
}

void Session::openFile(const QString &path)
{
    file_.stop();
    openingTimeline_ = std::make_unique<Timeline>();
    openingArchive_ = std::make_unique<CaptureArchive>();
    openingPath_ = path;
    openingBytes_ = QFileInfo(path).size();
    lastOffset_ = 0;
    readCancelled_ = false;
    readClock_.start();
    CaptureRequest r;
    r.kind = CaptureRequest::Kind::File;
    r.source = path;
    r.dumpPath = openingArchive_->beginCapture(0, {});
    file_.start(r);
}

void Session::openSample()
{
    // libpcap reads files, not Qt resources: copy it out once.
    if (samplePath_.isEmpty() || !QFileInfo::exists(samplePath_)) {
        const QString path = liveArchive_.pathFor(QStringLiteral("sample-handshake.pcap"));
        if (!liveArchive_.isValid() || !QFile::copy(QStringLiteral(":/samples/handshake.pcap"), path)) {
            Q_EMIT problem(SessionWords::tr("cannot open the bundled sample: copying it to %1 failed").arg(path));
            return;
        }
        samplePath_ = path;
    }
    openFile(samplePath_);
}

void Session::cancelOpen()
{
    if (!file_.isRunning())
        return;
    readCancelled_ = true;
    file_.requestStop();
}

void Session::stopCapture()
{
    live_.requestStop();
}

FrameRequest Session::frameRequest(uint32_t segmentIndex) const
{
    FrameRequest request;
    const Timeline &t = timeline();
    if (segmentIndex >= t.segmentCount()) {
        request.error = SessionWords::tr("segment %1 is not in the timeline (it holds %2)").arg(segmentIndex).arg(t.segmentCount());
        return request;
    }
    request.segment = t.segments()[segmentIndex];
    if (const Connection *c = t.connection(request.segment.connection))
        request.connection = *c;
    const CaptureArchive *archive = showingFile_ ? fileArchive_.get() : &liveArchive_;
    const CaptureArchive::Location where = archive ? archive->locate(request.segment.frame) : CaptureArchive::Location{};
    if (!where.store) {
        request.error = SessionWords::tr("frame %1: its raw bytes were not kept (no scratch directory for capture files)")
                            .arg(request.segment.frame);
        return request;
    }
    request.store = where.store;
    request.frameInFile = where.frameInFile;
    request.mayGrow = where.newest && (showingFile_ ? file_.isRunning() : live_.isRunning());
    return request;
}

bool Session::exportTo(const QString &path, QString *error, const ExportOptions &shown)
{
    ExportOptions options = shown;
    const CaptureArchive *archive = showingFile_ ? fileArchive_.get() : &liveArchive_;
    options.pcapWriter = [archive](const QString &out, QString *why) {
        if (!archive) {
            *why = SessionWords::tr("cannot write %1: no packets have been captured yet").arg(out);
            return false;
        }
        return archive->writePcap(out, why);
    };
    // A progress dialog runs the event loop while the export reads the timeline: batches and
    // calls that come meanwhile wait, and are applied once it is written.
    Timeline &shownTimeline = timeline();
    shownTimeline.hold();
    const auto release = qScopeGuard([&] { shownTimeline.release(); });
    return exportTimeline(shownTimeline, path, error, options);
}

bool Session::exportWorksheetTo(const QString &path, QString *error, const ExportOptions &options)
{
    Timeline &shownTimeline = timeline();
    shownTimeline.hold();
    const auto release = qScopeGuard([&] { shownTimeline.release(); });
    return exportWorksheet(shownTimeline, path, error, options);
}

bool Session::exportSlidesTo(const QString &path, QString *error, const SlideOptions &options, QStringList *written)
{
    Timeline &shownTimeline = timeline();
    shownTimeline.hold();
    const auto release = qScopeGuard([&] { shownTimeline.release(); });
    return exportSlides(shownTimeline, path, options, error, written);
}

} // namespace hv
