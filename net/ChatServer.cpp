#include "ChatServer.h"

#include "MessageText.h"

#include <QTcpServer>

#include <functional>
#include <unistd.h>

namespace hv {

QString endpointText(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(address.toString())
        : address.toString();
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

ChatServer::ChatServer(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::SocketCall>();
}

ChatServer::~ChatServer()
{
    stop();
}

void ChatServer::log(const QString &call, const QString &detail)
{
    Q_EMIT socketCall(SocketCall{realtimeMicros(), CallSide::Server, call, detail, false});
}

namespace {

// QTcpServer does socket(), bind(), listen() and accept(); the accepted descriptor goes to a
// PeerConnection instead of a QTcpSocket, so that the server's recv()/close() are ours to time.
class DescriptorServer : public QTcpServer {
public:
    using QTcpServer::QTcpServer;
    std::function<void(qintptr)> onAccepted;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (onAccepted)
            onAccepted(descriptor);
        else
            ::close(int(descriptor));
    }
};

} // namespace

bool ChatServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    stop();
    auto *server = new DescriptorServer(this);
    server->onAccepted = [this](qintptr descriptor) { accepted(descriptor); };
    server_ = server;
    // QTcpServer does socket(), bind() and listen() in one go (its backlog is 50); the log names all three.
    const int backlog = 50;
    const int64_t before = realtimeMicros();
    if (!server_->listen(address, port)) {
        const QString where = endpointText(address, port);
        QString why;
        switch (server_->serverError()) {
        case QAbstractSocket::AddressInUseError:
            why = tr("the port is already in use (another server, or the tutorial's server, is listening there); "
                     "stop it or pick another port");
            break;
        case QAbstractSocket::SocketAddressNotAvailableError:
            why = tr("this machine has no such address");
            break;
        case QAbstractSocket::SocketAccessError:
            why = tr("permission denied (ports below 1024 need privileges)");
            break;
        default:
            why = server_->errorString();
        }
        if (error)
            *error = tr("cannot listen on %1: %2").arg(where, why);
        delete server_;
        server_ = nullptr;
        return false;
    }
    const QString where = endpointText(server_->serverAddress(), server_->serverPort());
    Q_EMIT socketCall(SocketCall{before, CallSide::Server, QStringLiteral("socket"), QString(), false});
    Q_EMIT socketCall(SocketCall{before, CallSide::Server, QStringLiteral("bind"), where, false});
    log(QStringLiteral("listen"), tr("%1 backlog %2").arg(where).arg(backlog));
    connect(server_, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        Q_EMIT problem(tr("accept() failed: %1").arg(server_->errorString()));
    });
    if (acceptPaused_)
        server_->pauseAccepting();
    Q_EMIT listeningChanged(true);
    return true;
}

void ChatServer::stop()
{
    if (!server_)
        return;
    closePeers();
    const QString where = endpointText(server_->serverAddress(), server_->serverPort());
    server_->close();
    log(QStringLiteral("close"), tr("listening socket %1").arg(where));
    server_->deleteLater();
    server_ = nullptr;
    Q_EMIT listeningChanged(false);
}

bool ChatServer::isListening() const
{
    return server_ && server_->isListening();
}

QHostAddress ChatServer::address() const
{
    return server_ ? server_->serverAddress() : QHostAddress();
}

quint16 ChatServer::port() const
{
    return server_ ? server_->serverPort() : 0;
}

void ChatServer::setAcceptPaused(bool paused)
{
    acceptPaused_ = paused;
    if (!server_)
        return;
    if (paused) {
        server_->pauseAccepting();
    } else {
        server_->resumeAccepting(); // what waited in the accept queue is accepted now
    }
}

void ChatServer::accepted(qintptr descriptor)
{
    auto *peer = new PeerConnection(int(descriptor), this);
    const QString name = peer->peerName();
    log(QStringLiteral("accept returns"), name);
    peers_.append(peer);
    connect(peer, &PeerConnection::received, this, [this, name](const QByteArray &bytes) {
        log(QStringLiteral("recv"), tr("%1 from %2").arg(bytesText(bytes.size()), name));
        Q_EMIT messageReceived(name, bytes);
    });
    connect(peer, &PeerConnection::peerClosed, this, [this, peer, name] {
        // recv() returned 0: the client closed its side. The tutorial's server would loop on; this
        // one closes too, which is what sends the server's FIN.
        log(QStringLiteral("recv"), tr("returns 0: %1 closed its side").arg(name));
        log(QStringLiteral("close"), name);
        peer->close();
    });
    connect(peer, &PeerConnection::failed, this, [this, name](const QString &why) {
        Q_EMIT problem(tr("connection with %1: %2").arg(name, why));
    });
    connect(peer, &PeerConnection::closed, this, [this, peer, name] {
        peers_.removeAll(peer);
        peer->deleteLater();
        Q_EMIT peerDisconnected(name);
    });
    Q_EMIT peerConnected(name);
}

int ChatServer::send(const QByteArray &bytes)
{
    int sent = 0;
    for (const QPointer<PeerConnection> &peer : std::as_const(peers_)) {
        if (!peer || !peer->isOpen())
            continue;
        log(QStringLiteral("send"), tr("%1 to %2").arg(bytesText(bytes.size()), peer->peerName()));
        peer->send(bytes);
        ++sent;
    }
    return sent;
}

void ChatServer::closePeers()
{
    const auto peers = peers_;
    for (const QPointer<PeerConnection> &peer : peers) {
        if (!peer || !peer->isOpen())
            continue;
        log(QStringLiteral("close"), peer->peerName());
        peer->close();
    }
}

} // namespace hv
