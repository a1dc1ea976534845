#include "Session.h"

#include "Exporter.h"

#include <QFile>
#include <QFileInfo>

namespace hv {

Session::Session(QObject *parent) : QObject(parent)
{
    connect(&server_, &ChatServer::socketCall, &timeline_, &Timeline::appendCall);
    connect(&client_, &ChatClient::socketCall, &timeline_, &Timeline::appendCall);
    connect(&server_, &ChatServer::problem, this, &Session::problem);
    connect(&client_, &ChatClient::problem, this, &Session::problem);
    connect(&capture_, &Capture::batchReady, &timeline_, &Timeline::appendBatch);
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
        Q_EMIT status(tr("%1 packets, %2 TCP, %3 connections").arg(c.total).arg(c.tcp).arg(timeline_.connections().size()));
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
    CaptureRequest r = request;
    if (scratch_.isValid()) {
        rawPath_ = scratch_.filePath(QStringLiteral("capture-%1.pcap").arg(++captureSerial_));
        r.dumpPath = rawPath_;
    }
    timeline_.beginCapture();
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
    client_.connectToHost(host, port);
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
    capture_.stop();
    capturedPort_ = 0;
    timeline_.clear();
    CaptureRequest r;
    r.kind = CaptureRequest::Kind::File;
    r.source = path;
    startCapture(r);
}

void Session::stopCapture()
{
    capture_.requestStop();
}

bool Session::exportTo(const QString &path, QString *error)
{
    if (QFileInfo(path).suffix().compare(QLatin1String("pcap"), Qt::CaseInsensitive) != 0)
        return exportTimeline(timeline_, path, error);
    if (rawPath_.isEmpty() || !QFileInfo::exists(rawPath_)) {
        *error = tr("cannot write %1: no packets have been captured yet").arg(path);
        return false;
    }
    QFile::remove(path);
    if (!QFile::copy(rawPath_, path)) {
        *error = tr("cannot write %1: copying the raw packets failed").arg(path);
        return false;
    }
    return true;
}

} // namespace hv
