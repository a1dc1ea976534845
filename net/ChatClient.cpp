#include "ChatClient.h"

#include "SocketAddress.h"
#include "StreamSocket.h"

#include <QHostInfo>

#include <cerrno>
#include <cstring>
#include <utility>

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

void ChatClient::endSending()
{
    if (sendTotal_ == 0)
        return;
    const qint64 written = std::exchange(sendWritten_, 0);
    Q_EMIT sendProgress(written, std::exchange(sendTotal_, 0), true);
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
    // One decoder per connection: a character the server's kernel split across two segments
    // is joined here.
    auto *text = new TextReceiver(endpointText(targetEndpoint_), s);
    connect(text, &TextReceiver::lineReady, this, &ChatClient::textReceived);
    connect(s, &StreamSocket::received, this, [this, text](const QByteArray &bytes) {
        text->feed(bytes);
        Q_EMIT messageReceived(bytes);
    });
    connect(s, &StreamSocket::bytesWritten, this, [this](qint64 written, qint64 remaining) {
        sendWritten_ += written;
        if (remaining > 0) {
            Q_EMIT sendProgress(sendWritten_, sendTotal_, false);
            return;
        }
        endSending();
    });
    connect(s, &StreamSocket::peerClosed, this, [this, s, text] {
        // recv() returned 0: the server closed its side (its FIN); the client closes too.
        text->finish();
        Q_EMIT problem(tr("the server %1 closed the connection").arg(target_));
        s->close();
    });
    connect(s, &StreamSocket::failed, this, [this, text](int error) {
        text->finish();
        switch (error) {
        case ECONNRESET:
            //: zh: 服务器 %1 复位了连接（RST，ECONNRESET）：它还没读的数据被丢弃了
            Q_EMIT problem(tr("the server %1 reset the connection (RST, ECONNRESET): what it had not read was thrown away").arg(target_));
            break;
        case EPIPE:
            //: zh: 到 %1 的连接已经断开（EPIPE）：对方已经关闭或复位了连接，不能再发送了
            Q_EMIT problem(tr("the connection to %1 is gone (EPIPE): the server had closed or reset it, nothing more can be sent").arg(target_));
            break;
        default:
            Q_EMIT problem(tr("connection with %1 failed: %2").arg(target_, QString::fromLocal8Bit(std::strerror(error))));
        }
    });
    connect(s, &StreamSocket::closed, this, [this, text] {
        text->finish();
        endSending(); // what the kernel never took is said, not forgotten
        dropSocket();
        Q_EMIT disconnected();
    });
    int error = 0;
    if (bindFirst_)
        s->bindFirst(bindFirst_);
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

void ChatClient::shutdownWrite()
{
    if (socket_)
        socket_->shutdownWrite();
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
    sendTotal_ += bytes.size();
    socket_->send(bytes);
    return true;
}

QString ChatClient::localEndpoint() const
{
    return socket_ ? endpointText(socket_->local()) : QString();
}

qint64 ChatClient::unacknowledgedBytes() const
{
    return socket_ && isConnected() ? socket_->unacknowledgedBytes() : -1;
}

QString ChatClient::peerEndpoint() const
{
    return socket_ ? endpointText(socket_->peer()) : QString();
}

} // namespace hv
