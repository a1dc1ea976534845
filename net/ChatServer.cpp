#include "ChatServer.h"

#include "SocketAddress.h"
#include "StreamSocket.h"

#include "HostNamespace.h"

#include <QTcpServer>

#include <cerrno>
#include <cstring>
#include <functional>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hv {

ChatServer::ChatServer(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::SocketCall>();
}

ChatServer::~ChatServer()
{
    stop();
}

SocketCall ChatServer::listenerCall(CallKind kind, int64_t timeUs) const
{
    SocketCall c;
    c.kind = kind;
    c.side = CallSide::Server;
    c.socket = listener_;
    c.local = listenerEndpoint_;
    c.timeUs = timeUs;
    return c;
}

namespace {

// QTcpServer does socket(), bind(), listen() and accept(); the accepted descriptor goes to a
// StreamSocket instead of a QTcpSocket, so that the server's recv()/close() are ours to time.
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
    server_->setListenBacklogSize(backlog_);
    // QTcpServer does socket(), bind() and listen() in one go; the log names all three.
    const int64_t before = realtimeMicros();
    bool listening = false;
    {
        // In the lab's two-hosts layout, on the server host (see HostNamespace.h).
        const ServerHostScope onServerHost;
        listening = onServerHost.ok() && server_->listen(address, port);
    }
    if (!listening) {
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
    listener_ = newSocketSerial();
    // The kernel's word for what the socket is bound to, and whether an IPv6 one takes IPv4 too
    // (Qt binds "::" IPv6-only, "Any" dual-stack).
    const int fd = int(server_->socketDescriptor());
    listenerEndpoint_ = localEndpointOf(fd);
    if (listenerEndpoint_.port == 0)
        listenerEndpoint_ = endpointFrom(server_->serverAddress(), server_->serverPort());
    int v6only = 1;
    socklen_t len = sizeof v6only;
    dualStack_ = listenerEndpoint_.addr.v6
        && ::getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) == 0 && v6only == 0;
    Q_EMIT socketCall(listenerCall(CallKind::Socket, before));
    Q_EMIT socketCall(listenerCall(CallKind::Bind, before));
    SocketCall l = listenerCall(CallKind::Listen, before);
    l.backlog = backlog_;
    l.dualStack = dualStack_;
    l.kernel = sampleKernel(fd);
    Q_EMIT socketCall(l);
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
    // Timed before the close: it is what sends a RST to each connection still in the accept queue.
    Q_EMIT socketCall(listenerCall(CallKind::Close, realtimeMicros()));
    server_->close();
    server_->deleteLater();
    server_ = nullptr;
    listener_ = 0;
    Q_EMIT listeningChanged(false);
}

bool ChatServer::isListening() const
{
    return server_ && server_->isListening();
}

bool ChatServer::reaches(const Endpoint &to) const
{
    if (!isListening() || to.port != listenerEndpoint_.port)
        return false;
    const IpAddress &l = listenerEndpoint_.addr;
    if (isWildcard(l))
        return l.v6 == to.addr.v6 || (l.v6 && dualStack_);
    return l == to.addr;
}

QHostAddress ChatServer::address() const
{
    return server_ ? server_->serverAddress() : QHostAddress();
}

quint16 ChatServer::port() const
{
    return server_ ? server_->serverPort() : 0;
}

int ChatServer::peerCount() const
{
    int n = 0;
    for (const QPointer<StreamSocket> &p : peers_)
        n += p && p->isOpen();
    return n;
}

QList<PeerInfo> ChatServer::peers() const
{
    QList<PeerInfo> out;
    for (const QPointer<StreamSocket> &p : peers_) {
        if (!p || !p->isOpen())
            continue;
        out.append({p->serial(), endpointText(p->peer()), p->kernelState(), p->peerHasClosed()});
    }
    return out;
}

void ChatServer::setAcceptPaused(bool paused)
{
    acceptPaused_ = paused;
    if (!server_)
        return;
    if (paused)
        server_->pauseAccepting();
    else
        server_->resumeAccepting(); // what waited in the accept queue is accepted now
}

void ChatServer::accepted(qintptr descriptor)
{
    auto *peer = new StreamSocket(int(descriptor), CallSide::Server, listener_, this);
    const QString name = endpointText(peer->peer());
    connect(peer, &StreamSocket::socketCall, this, &ChatServer::socketCall);
    // The listener's accept queue as this accept() leaves it (TCP_INFO: tcpi_unacked).
    const KernelView listening = server_ ? sampleKernel(int(server_->socketDescriptor())) : KernelView{};
    peer->reportAccepted(listening.known ? int(listening.unacked) : -1, backlog_);
    peers_.append(peer);
    // One decoder per connection: a character split across two segments is joined here.
    auto *text = new TextReceiver(name, peer);
    connect(text, &TextReceiver::lineReady, this, &ChatServer::textReceived);
    connect(peer, &StreamSocket::received, this, [this, name, text](const QByteArray &bytes) {
        text->feed(bytes);
        Q_EMIT messageReceived(name, bytes);
    });
    connect(peer, &StreamSocket::bytesWritten, this, [this](qint64 written, qint64) {
        sendWritten_ += written;
        reportSending();
    });
    connect(peer, &StreamSocket::peerClosed, this, [this, peer, text] {
        // recv() returned 0: the client closed its side. The tutorial's server would loop on; this
        // one closes too, which is what sends the server's FIN.
        text->finish();
        Q_EMIT peersChanged();
        if (closeOnPeerFin_)
            peer->close();
    });
    connect(peer, &StreamSocket::failed, this, [this, name, text](int error) {
        text->finish();
        switch (error) {
        case ECONNRESET:
            //: zh: %1 复位了连接（RST，ECONNRESET）：它还没读的数据被丢弃了
            Q_EMIT problem(tr("%1 reset the connection (RST, ECONNRESET): what it had not read was thrown away").arg(name));
            break;
        case EPIPE:
            //: zh: 到 %1 的连接已经断开（EPIPE）：对方已经关闭或复位了连接，不能再发送了
            Q_EMIT problem(tr("the connection to %1 is gone (EPIPE): the client had closed or reset it, nothing more can be sent").arg(name));
            break;
        default:
            Q_EMIT problem(tr("connection with %1: %2").arg(name, QString::fromLocal8Bit(std::strerror(error))));
        }
    });
    connect(peer, &StreamSocket::closed, this, [this, peer, name, text] {
        text->finish();
        peers_.removeAll(peer);
        peer->deleteLater();
        reportSending(); // what this peer never took is said, not forgotten
        Q_EMIT peerDisconnected(name, peer->error());
        Q_EMIT peersChanged();
    });
    Q_EMIT peerConnected(name);
    Q_EMIT peersChanged();
}

int ChatServer::send(const QByteArray &bytes, uint32_t peerSocket)
{
    QList<StreamSocket *> to;
    for (const QPointer<StreamSocket> &peer : std::as_const(peers_))
        if (peer && peer->isConnected() && (peerSocket == 0 || peer->serial() == peerSocket))
            to.append(peer);
    if (to.isEmpty() || bytes.isEmpty())
        return int(to.size());
    // Every peer's share counts before the first goes: one progress for the whole message.
    sendTotal_ += bytes.size() * to.size();
    queueing_ = true;
    for (StreamSocket *peer : std::as_const(to))
        peer->send(bytes);
    queueing_ = false;
    reportSending();
    return int(to.size());
}

void ChatServer::reportSending()
{
    if (sendTotal_ == 0 || queueing_)
        return;
    bool queued = false;
    for (const QPointer<StreamSocket> &peer : std::as_const(peers_))
        queued = queued || (peer && peer->isOpen() && peer->bytesToWrite() > 0);
    Q_EMIT sendProgress(sendWritten_, sendTotal_, !queued);
    if (!queued)
        sendWritten_ = sendTotal_ = 0;
}

void ChatServer::closePeers()
{
    const auto peers = peers_;
    for (const QPointer<StreamSocket> &peer : peers)
        if (peer && peer->isOpen())
            peer->close();
}

} // namespace hv
