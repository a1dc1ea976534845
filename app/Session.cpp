#include "Session.h"

#include "Exporter.h"

#include <QFile>
#include <QFileInfo>

#include <memory>

namespace hv {

Session::Session(QObject *parent) : QObject(parent)
{
    connect(&server_, &ChatServer::socketCall, &timeline_, &Timeline::appendCall);
    connect(&client_, &ChatClient::socketCall, &timeline_, &Timeline::appendCall);
    connect(&server_, &ChatServer::problem, this, &Session::problem);
    connect(&client_, &ChatClient::problem, this, &Session::problem);
    connect(&capture_, &Capture::batchReady, this, [this](CaptureBatch batch) {
        if (connectionBase_ || countBase_.total) {
            const auto frameBase = uint32_t(countBase_.total);
            for (Segment &seg : batch.segments) {
                seg.connection += connectionBase_;
                seg.frame += frameBase;
            }
            for (Connection &c : batch.connections)
                c.id += connectionBase_;
            for (CaptureError &e : batch.errors)
                if (e.frame)
                    e.frame += frameBase;
            batch.counts.total += countBase_.total;
            batch.counts.tcp += countBase_.tcp;
            batch.counts.truncated += countBase_.truncated;
            batch.counts.malformed += countBase_.malformed;
            batch.counts.skipped += countBase_.skipped;
        }
        timeline_.appendBatch(batch);
    });
    connect(&capture_, &Capture::started, this, [this](const SourceInfo &source) {
        timeline_.setSource(source);
        if (source.kind == QLatin1String("live")) {
            liveReady_ = true;
            Q_EMIT status(tr("Capturing on %1 (%2)").arg(source.name, source.filter));
            Q_EMIT liveCaptureReady();
        } else {
            Q_EMIT status(tr("Reading %1 (%2)").arg(QFileInfo(source.name).fileName(), source.linkType));
        }
    });
    connect(&capture_, &Capture::failed, this, [this](const QString &message) {
        liveReady_ = false;
        capturedPort_ = 0;
        Q_EMIT problem(message);
    });
    connect(&capture_, &Capture::finished, this, [this] {
        liveReady_ = false;
        const PacketCounts &c = timeline_.counts();
        const size_t n = timeline_.connections().size();
        QString connections;
        if (n == 1)
            //: zh: 1 个连接
            connections = tr("1 connection");
        else
            //: zh: %1 个连接
            connections = tr("%1 connections").arg(n);
        //: zh: %1 个分组，其中 TCP %2 个，%3
        Q_EMIT status(tr("%1 packets, %2 TCP, %3").arg(c.total).arg(c.tcp).arg(connections));
        Q_EMIT captureFinished();
    });
}

Session::~Session()
{
    capture_.stop();
}

void Session::startCapture(const CaptureRequest &request)
{
    liveReady_ = false;
    capture_.stop(); // its last batch is queued and lands before this capture's first
    CaptureRequest r = request;
    if (request.kind == CaptureRequest::Kind::File) {
        timeline_.clear();
        rawPaths_.clear();
        rawFiles_.clear();
        connectionBase_ = 0;
        countBase_ = {};
    } else {
        connectionBase_ = uint32_t(timeline_.connections().size());
        countBase_ = timeline_.counts();
    }
    if (scratch_.isValid()) {
        r.dumpPath = scratch_.filePath(QStringLiteral("capture-%1.pcap").arg(++captureSerial_));
        rawPaths_ << r.dumpPath;
        rawFiles_.push_back({std::make_shared<FrameStore>(r.dumpPath), countBase_.total});
    }
    capture_.start(r);
}

bool Session::startServer(const QString &host, quint16 port, QString *error)
{
    QHostAddress address;
    if (!address.setAddress(host)) {
        const QString message = tr("cannot listen on %1: not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)").arg(host);
        if (error)
            *error = message;
        Q_EMIT problem(message);
        return false;
    }
    QString why;
    if (!server_.listen(address, port, &why)) {
        if (error)
            *error = why;
        Q_EMIT problem(why);
        return false;
    }
    captureLive(server_.port());
    return true;
}

void Session::stopServer()
{
    server_.stop();
}

void Session::connectClient(const QString &host, quint16 port)
{
    captureLive(port);
    if (liveReady_) {
        client_.connectToHost(host, port);
        return;
    }
    // The SYN is the first thing to teach: hold connect() until the capture is listening (or has
    // failed, in which case the chat still works without a ladder).
    auto go = std::make_shared<QMetaObject::Connection>();
    auto fail = std::make_shared<QMetaObject::Connection>();
    auto once = [this, host, port, go, fail] {
        QObject::disconnect(*go);
        QObject::disconnect(*fail);
        client_.connectToHost(host, port);
    };
    *go = connect(this, &Session::liveCaptureReady, this, once);
    *fail = connect(&capture_, &Capture::failed, this, once);
}

void Session::disconnectClient()
{
    client_.disconnectFromHost();
}

bool Session::clientSend(const QString &text)
{
    return client_.send(text.toUtf8());
}

bool Session::serverSend(const QString &text)
{
    if (server_.send(text.toUtf8()) == 0) {
        Q_EMIT problem(tr("no client is connected to the server: nothing was sent"));
        return false;
    }
    return true;
}

void Session::captureLive(quint16 port)
{
    if (capture_.isRunning() && capturedPort_ == port && capture_.request().kind == CaptureRequest::Kind::Live)
        return;
    CaptureRequest r;
    r.kind = CaptureRequest::Kind::Live;
    r.source = interface_;
    r.filter = QStringLiteral("tcp port %1").arg(port);
    r.serverPortHint = port;
    capturedPort_ = port;
    startCapture(r);
}

void Session::openFile(const QString &path)
{
    capturedPort_ = 0;
    CaptureRequest r;
    r.kind = CaptureRequest::Kind::File;
    r.source = path;
    startCapture(r);
}

void Session::openSample()
{
    // libpcap reads files, not Qt resources: copy it out once.
    const QString path = scratch_.filePath(QStringLiteral("sample-handshake.pcap"));
    if (!QFileInfo::exists(path) && !QFile::copy(QStringLiteral(":/samples/handshake.pcap"), path)) {
        Q_EMIT problem(tr("cannot open the bundled sample: copying it to %1 failed").arg(path));
        return;
    }
    openFile(path);
}

void Session::stopCapture()
{
    capture_.requestStop();
}

Session::FrameLocation Session::locateFrame(uint32_t frame) const
{
    // The latest capture whose numbering starts below the frame (one that saw nothing shares its
    // base with the next, and the next is the one that holds the frame).
    for (size_t i = rawFiles_.size(); i-- > 0;) {
        if (frame > rawFiles_[i].frameBase)
            return {rawFiles_[i].store, uint32_t(frame - rawFiles_[i].frameBase),
                    i + 1 == rawFiles_.size() && capture_.isRunning()};
    }
    return {};
}

FrameRequest Session::frameRequest(uint32_t segmentIndex) const
{
    FrameRequest request;
    const SegmentList segments = timeline_.segments();
    if (segmentIndex >= segments.size()) {
        request.error = tr("segment %1 is not in the timeline (it holds %2)").arg(segmentIndex).arg(segments.size());
        return request;
    }
    request.segment = segments[segmentIndex];
    if (const Connection *c = timeline_.connection(request.segment.connection))
        request.connection = *c;
    const FrameLocation where = locateFrame(request.segment.frame);
    if (!where.store) {
        request.error = tr("frame %1: its raw bytes were not kept (no scratch directory for capture files)")
                            .arg(request.segment.frame);
        return request;
    }
    request.store = where.store;
    request.frameInFile = where.frameInFile;
    request.mayGrow = where.mayGrow;
    return request;
}

bool Session::exportTo(const QString &path, QString *error, const ExportOptions &shown)
{
    ExportOptions options = shown;
    options.pcapWriter = [this](const QString &out, QString *why) { return writeRawPackets(out, why); };
    return exportTimeline(timeline_, path, error, options);
}

bool Session::writeRawPackets(const QString &path, QString *error) const
{
    // Each (re)started capture wrote its own file with the same link type; one file for Wireshark
    // is the first file's header followed by every file's records, in order.
    constexpr qint64 PcapFileHeaderBytes = 24;
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = tr("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    bool wroteHeader = false;
    for (const QString &raw : rawPaths_) {
        QFile in(raw);
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
        *error = tr("cannot write %1: no packets have been captured yet").arg(path);
        return false;
    }
    if (out.error() != QFileDevice::NoError) {
        *error = tr("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    return true;
}

} // namespace hv
