#include "ChatClient.h"

#include "SocketAddress.h"
#include "StreamSocket.h"

#include <QHostInfo>

#include <cerrno>
#include <cstring>

namespace hv {

ChatClient::ChatClient(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::SocketCall>();
}

ChatClient::~ChatClient()
{
    if (lookupId_ >= 0)
        QHostInfo::abortHostLookup(lookupId_);
    delete socket_; // an open socket is closed, and that close() is reported
}

QString ChatClient::connectError(int error) const
{
    switch (error) {
    case ECONNREFUSED:
        return tr("connection to %1 refused: nothing is listening there (start the server first); "
                  "the kernel answered the SYN with RST").arg(target_);
    case ETIMEDOUT:
        return tr("connection to %1 timed out: no SYN+ACK came back, though the kernel sent the SYN "
                  "again and again").arg(target_);
    case ENETUNREACH:
    case EHOSTUNREACH:
        return tr("cannot connect to %1: no route to that network").arg(target_);
    case EADDRNOTAVAIL:
        return tr("cannot connect to %1: this machine has no address to connect from").arg(target_);
    default:
        return tr("connection to %1 failed: %2").arg(target_, QString::fromLocal8Bit(std::strerror(error)));
    }
}

void ChatClient::dropSocket()
{
    if (!socket_)
        return;
    StreamSocket *s = socket_;
    socket_ = nullptr;
    s->disconnect(this);
    s->deleteLater();
}

void ChatClient::connectToHost(const QString &host, quint16 port)
{
    if (lookupId_ >= 0) {
        QHostInfo::abortHostLookup(lookupId_);
        lookupId_ = -1;
    }
    if (socket_) {
        socket_->abort();
        dropSocket();
    }
    QHostAddress literal;
    if (literal.setAddress(host)) {
        target_ = endpointText(literal, port);
        start(literal, port);
        return;
    }
    target_ = QStringLiteral("%1:%2").arg(host).arg(port);
    lookupId_ = QHostInfo::lookupHost(host, this, [this, host, port](const QHostInfo &info) {
        lookupId_ = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            Q_EMIT problem(tr("cannot connect to %1: host not found (%2)").arg(target_, info.errorString()));
            Q_EMIT disconnected();
            return;
        }
        // One address, one SYN: the ladder shows what one connect() does.
        start(info.addresses().constFirst(), port);
    });
}

void ChatClient::start(const QHostAddress &address, quint16 port)
{
    auto *s = new StreamSocket(CallSide::Client, this);
    socket_ = s;
    targetEndpoint_ = endpointFrom(address, port);
    connect(s, &StreamSocket::socketCall, this, &ChatClient::socketCall);
    connect(s, &StreamSocket::connected, this, &ChatClient::connected);
    connect(s, &StreamSocket::connectFailed, this, [this](int error) {
        if (error == ECONNREFUSED)
            Q_EMIT refused();
        Q_EMIT problem(connectError(error));
    });
    connect(s, &StreamSocket::received, this, &ChatClient::messageReceived);
    connect(s, &StreamSocket::peerClosed, this, [this, s] {
        // recv() returned 0: the server closed its side; the client closes too.
        Q_EMIT problem(tr("the server %1 closed the connection").arg(target_));
        s->close();
    });
    connect(s, &StreamSocket::failed, this, [this](int error) {
        Q_EMIT problem(error == ECONNRESET
                           ? tr("the server %1 reset the connection (RST): what it had not read was thrown away").arg(target_)
                           : tr("connection with %1 failed: %2").arg(target_, QString::fromLocal8Bit(std::strerror(error))));
    });
    connect(s, &StreamSocket::closed, this, [this] {
        dropSocket();
        Q_EMIT disconnected();
    });
    int error = 0;
    if (!s->connectTo(address, port, &error)) {
        Q_EMIT problem(connectError(error));
        if (socket_ == s) { // socket() itself failed: nothing was opened, nothing closed
            dropSocket();
            Q_EMIT disconnected();
        }
    }
}

void ChatClient::disconnectFromHost()
{
    if (lookupId_ >= 0) {
        QHostInfo::abortHostLookup(lookupId_);
        lookupId_ = -1;
        Q_EMIT disconnected();
    }
    if (socket_)
        socket_->close();
}

void ChatClient::abort()
{
    if (socket_)
        socket_->abort();
}

bool ChatClient::isConnected() const
{
    return socket_ && socket_->isConnected();
}

bool ChatClient::isBusy() const
{
    return lookupId_ >= 0 || (socket_ && socket_->isOpen());
}

bool ChatClient::send(const QByteArray &bytes)
{
    if (!isConnected()) {
        Q_EMIT problem(tr("not connected: connect to the server before sending"));
        return false;
    }
    socket_->send(bytes);
    return true;
}

QString ChatClient::localEndpoint() const
{
    return socket_ ? endpointText(socket_->local()) : QString();
}

QString ChatClient::peerEndpoint() const
{
    return socket_ ? endpointText(socket_->peer()) : QString();
}

} // namespace hv
