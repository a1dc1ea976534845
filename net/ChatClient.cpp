#include "ChatClient.h"
#include "ChatServer.h"
#include "MessageText.h"

#include <QTcpSocket>

namespace hv {

ChatClient::ChatClient(QObject *parent) : QObject(parent), socket_(new QTcpSocket(this))
{
    qRegisterMetaType<hv::SocketCall>();
    connect(socket_, &QTcpSocket::connected, this, [this] {
        log(QStringLiteral("connect returns"), tr("%1 → %2").arg(localEndpoint(), peerEndpoint()));
        Q_EMIT connected();
    });
    connect(socket_, &QTcpSocket::readyRead, this, [this] {
        const QByteArray bytes = socket_->readAll();
        if (bytes.isEmpty())
            return;
        log(QStringLiteral("recv"), bytesText(bytes.size()));
        Q_EMIT messageReceived(bytes);
    });
    connect(socket_, &QTcpSocket::disconnected, this, [this] {
        Q_EMIT disconnected();
    });
    connect(socket_, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError) {
            // recv() returned 0: the server closed; we close our side too.
            log(QStringLiteral("close"), tr("after the server closed"));
            Q_EMIT problem(tr("the server %1 closed the connection").arg(target_));
            return;
        }
        Q_EMIT problem(describeError());
    });
}

ChatClient::~ChatClient() = default;

void ChatClient::log(const QString &call, const QString &detail)
{
    Q_EMIT socketCall(SocketCall{realtimeMicros(), CallSide::Client, call, detail, false});
}

QString ChatClient::describeError() const
{
    switch (socket_->error()) {
    case QAbstractSocket::ConnectionRefusedError:
        return tr("connection to %1 refused: nothing is listening there (start the server first); "
                  "the kernel answered the SYN with RST").arg(target_);
    case QAbstractSocket::HostNotFoundError:
        return tr("cannot connect to %1: host not found").arg(target_);
    case QAbstractSocket::SocketTimeoutError:
        return tr("connection to %1 timed out: no SYN+ACK came back").arg(target_);
    case QAbstractSocket::NetworkError:
        return tr("connection to %1 failed: network unreachable (%2)").arg(target_, socket_->errorString());
    default:
        return tr("connection to %1: %2").arg(target_, socket_->errorString());
    }
}

void ChatClient::connectToHost(const QString &host, quint16 port)
{
    if (socket_->state() != QAbstractSocket::UnconnectedState)
        socket_->abort();
    QHostAddress literal;
    target_ = literal.setAddress(host) ? endpointText(literal, port) : QStringLiteral("%1:%2").arg(host).arg(port);
    log(QStringLiteral("socket"), QString());
    log(QStringLiteral("connect"), target_);
    socket_->connectToHost(host, port);
}

void ChatClient::disconnectFromHost()
{
    if (socket_->state() == QAbstractSocket::UnconnectedState)
        return;
    log(QStringLiteral("close"), target_);
    socket_->disconnectFromHost();
}

void ChatClient::abort()
{
    if (socket_->state() == QAbstractSocket::UnconnectedState)
        return;
    log(QStringLiteral("close"), tr("abort: reset the connection"));
    socket_->abort();
}

bool ChatClient::isConnected() const
{
    return socket_->state() == QAbstractSocket::ConnectedState;
}

bool ChatClient::isBusy() const
{
    return socket_->state() != QAbstractSocket::UnconnectedState;
}

bool ChatClient::send(const QByteArray &bytes)
{
    if (!isConnected()) {
        Q_EMIT problem(tr("not connected: connect to the server before sending"));
        return false;
    }
    log(QStringLiteral("send"), bytesText(bytes.size()));
    socket_->write(bytes);
    return true;
}

QString ChatClient::localEndpoint() const
{
    return endpointText(socket_->localAddress(), socket_->localPort());
}

QString ChatClient::peerEndpoint() const
{
    return endpointText(socket_->peerAddress(), socket_->peerPort());
}

} // namespace hv
