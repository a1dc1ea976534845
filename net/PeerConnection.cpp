#include "PeerConnection.h"

#include <QHostAddress>
#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hv {

namespace {

QString nameOfPeer(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
        return QStringLiteral("?");
    QHostAddress address(reinterpret_cast<const sockaddr *>(&ss));
    quint16 port = 0;
    if (ss.ss_family == AF_INET)
        port = ntohs(reinterpret_cast<const sockaddr_in *>(&ss)->sin_port);
    else if (ss.ss_family == AF_INET6)
        port = ntohs(reinterpret_cast<const sockaddr_in6 *>(&ss)->sin6_port);
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const QHostAddress v4(address.toIPv4Address(&mapped));
        if (mapped)
            return QStringLiteral("%1:%2").arg(v4.toString()).arg(port);
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    }
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

} // namespace

PeerConnection::PeerConnection(int fd, QObject *parent) : QObject(parent), fd_(fd)
{
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    peerName_ = nameOfPeer(fd_);
    readNotifier_ = new QSocketNotifier(fd_, QSocketNotifier::Read, this);
    connect(readNotifier_, &QSocketNotifier::activated, this, &PeerConnection::onReadable);
    writeNotifier_ = new QSocketNotifier(fd_, QSocketNotifier::Write, this);
    writeNotifier_->setEnabled(false);
    connect(writeNotifier_, &QSocketNotifier::activated, this, &PeerConnection::onWritable);
}

PeerConnection::~PeerConnection()
{
    if (fd_ >= 0)
        ::close(fd_);
}

void PeerConnection::onReadable()
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n > 0) {
            Q_EMIT received(QByteArray(buffer, qsizetype(n)));
            if (fd_ < 0)
                return; // a listener closed us
            continue;
        }
        if (n == 0) {
            readNotifier_->setEnabled(false);
            Q_EMIT peerClosed();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        closeNow();
        Q_EMIT failed(why);
        return;
    }
}

void PeerConnection::send(const QByteArray &bytes)
{
    if (fd_ < 0 || closeRequested_)
        return;
    pending_ += bytes;
    onWritable();
}

void PeerConnection::onWritable()
{
    while (fd_ >= 0 && !pending_.isEmpty()) {
        const ssize_t n = ::send(fd_, pending_.constData(), size_t(pending_.size()), MSG_NOSIGNAL);
        if (n > 0) {
            pending_.remove(0, qsizetype(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            writeNotifier_->setEnabled(true);
            return;
        }
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        closeNow();
        Q_EMIT failed(why);
        return;
    }
    if (writeNotifier_)
        writeNotifier_->setEnabled(false);
    if (closeRequested_ && fd_ >= 0)
        closeNow();
}

void PeerConnection::close()
{
    if (fd_ < 0)
        return;
    closeRequested_ = true;
    onWritable(); // closes once nothing is left to send
}

void PeerConnection::closeNow()
{
    if (fd_ < 0)
        return;
    // Notifiers must go before their descriptor does.
    delete readNotifier_;
    readNotifier_ = nullptr;
    delete writeNotifier_;
    writeNotifier_ = nullptr;
    ::close(fd_);
    fd_ = -1;
    Q_EMIT closed();
}

} // namespace hv
