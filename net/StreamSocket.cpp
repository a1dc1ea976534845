#include "StreamSocket.h"

#include "SocketAddress.h"

#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hv {

namespace {

// One read notification takes at most this much, then lets the event loop breathe: a peer
// flooding the socket must not freeze the window.
constexpr int kReadsPerWakeup = 16;
constexpr size_t kReadChunk = 65536;
// Likewise one write notification gives the kernel at most this much; a huge send goes on at the
// next notification, with the window painted in between.
constexpr qint64 kWritePerWakeup = 1 << 20;

} // namespace

StreamSocket::StreamSocket(CallSide side, QObject *parent)
    : QObject(parent), side_(side), serial_(newSocketSerial())
{
    qRegisterMetaType<hv::SocketCall>();
}

StreamSocket::StreamSocket(int fd, CallSide side, uint32_t listener, QObject *parent)
    : QObject(parent), fd_(fd), side_(side), serial_(newSocketSerial()), listener_(listener)
{
    qRegisterMetaType<hv::SocketCall>();
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    local_ = localEndpointOf(fd_);
    peer_ = peerEndpointOf(fd_);
    watch();
}

StreamSocket::~StreamSocket()
{
    if (fd_ >= 0) {
        report(CallKind::Close, realtimeMicros());
        delete readNotifier_;
        delete writeNotifier_;
        ::close(fd_);
    }
}

SocketCall StreamSocket::call(CallKind kind, int64_t timeUs) const
{
    SocketCall c;
    c.kind = kind;
    c.side = side_;
    c.socket = serial_;
    c.listener = listener_;
    c.local = local_;
    c.peer = peer_;
    c.timeUs = timeUs;
    return c;
}

void StreamSocket::report(CallKind kind, int64_t timeUs, int64_t bytes, int error)
{
    SocketCall c = call(kind, timeUs);
    c.bytes = bytes;
    c.error = error;
    c.kernel = sampleKernel(fd_);
    Q_EMIT socketCall(c);
}

void StreamSocket::reportAccepted(int acceptQueue, int backlog)
{
    SocketCall c = call(CallKind::AcceptReturns, realtimeMicros());
    c.kernel = sampleKernel(fd_);
    c.acceptQueue = acceptQueue;
    c.backlog = backlog;
    Q_EMIT socketCall(c);
}

void StreamSocket::watch()
{
    readNotifier_ = new QSocketNotifier(fd_, QSocketNotifier::Read, this);
    connect(readNotifier_, &QSocketNotifier::activated, this, &StreamSocket::onReadable);
    writeNotifier_ = new QSocketNotifier(fd_, QSocketNotifier::Write, this);
    writeNotifier_->setEnabled(connecting_);
    connect(writeNotifier_, &QSocketNotifier::activated, this, &StreamSocket::onWritable);
}

bool StreamSocket::connectTo(const QHostAddress &address, quint16 port, int *error)
{
    if (fd_ >= 0)
        abort();
    const Endpoint remote = endpointFrom(address, port);
    local_ = peer_ = {};
    peerClosed_ = closeRequested_ = false;
    error_ = 0;
    queue_.clear();
    headOffset_ = 0;
    queued_ = 0;
    const int family = remote.addr.v6 ? AF_INET6 : AF_INET;
    const int64_t beforeSocket = realtimeMicros();
    fd_ = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        if (error)
            *error = errno;
        return false;
    }
    report(CallKind::Socket, beforeSocket); // no address yet
    peer_ = remote;

    sockaddr_storage ss{};
    socklen_t len = 0;
    if (family == AF_INET) {
        auto *in = reinterpret_cast<sockaddr_in *>(&ss);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        std::copy_n(peer_.addr.bytes.data(), 4, reinterpret_cast<uint8_t *>(&in->sin_addr));
        len = sizeof(sockaddr_in);
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&ss);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        std::copy_n(peer_.addr.bytes.data(), 16, in6->sin6_addr.s6_addr);
        in6->sin6_scope_id = address.scopeId().toUInt();
        len = sizeof(sockaddr_in6);
    }
    if (bound_) {
        sockaddr_storage any{};
        any.ss_family = sa_family_t(family);
        if (family == AF_INET)
            reinterpret_cast<sockaddr_in *>(&any)->sin_port = htons(bindPort_);
        else
            reinterpret_cast<sockaddr_in6 *>(&any)->sin6_port = htons(bindPort_);
        const int64_t beforeBind = realtimeMicros();
        if (::bind(fd_, reinterpret_cast<sockaddr *>(&any), family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6)) != 0) {
            const int why = errno;
            closeNow(false);
            if (error)
                *error = why;
            return false;
        }
        local_ = localEndpointOf(fd_);
        report(CallKind::Bind, beforeBind);
        bound_(local_, peer_);
    }
    const int64_t beforeConnect = realtimeMicros();
    const int rc = ::connect(fd_, reinterpret_cast<sockaddr *>(&ss), len);
    const int why = rc == 0 ? 0 : errno;
    // The kernel picked the local port inside connect(): the call is reported with both ends.
    local_ = localEndpointOf(fd_);
    report(CallKind::Connect, beforeConnect);
    if (rc != 0 && why != EINPROGRESS) {
        report(CallKind::ConnectReturns, realtimeMicros(), -1, why);
        closeNow(false);
        if (error)
            *error = why;
        return false;
    }
    connecting_ = true;
    watch();
    if (rc == 0)
        finishConnect();
    return true;
}

void StreamSocket::finishConnect()
{
    int why = 0;
    socklen_t len = sizeof why;
    if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &why, &len) != 0)
        why = errno;
    const int64_t now = realtimeMicros();
    if (why != 0) {
        report(CallKind::ConnectReturns, now, -1, why);
        connecting_ = false;
        Q_EMIT connectFailed(why);
        // The program closes the socket of a failed connect (the tutorial's client exits, which
        // does the same); nothing goes on the wire.
        closeNow(false);
        return;
    }
    connecting_ = false;
    local_ = localEndpointOf(fd_);
    peer_ = peerEndpointOf(fd_);
    report(CallKind::ConnectReturns, now);
    if (writeNotifier_)
        writeNotifier_->setEnabled(queued_ > 0);
    Q_EMIT connected();
}

TcpState StreamSocket::kernelState() const
{
    const KernelView k = sampleKernel(fd_);
    return k.known ? k.state : TcpState::Unknown;
}

qint64 StreamSocket::unacknowledgedBytes() const
{
    if (fd_ < 0)
        return -1;
    int inKernel = 0;
    if (::ioctl(fd_, SIOCOUTQ, &inKernel) != 0)
        return -1;
    return qint64(inKernel) + qint64(queued_);
}

void StreamSocket::onReadable()
{
    if (fd_ < 0 || connecting_)
        return;
    for (int i = 0; i < kReadsPerWakeup; ++i) {
        QByteArray buffer(qsizetype(kReadChunk), Qt::Uninitialized);
        const ssize_t n = ::recv(fd_, buffer.data(), kReadChunk, 0);
        if (n > 0) {
            buffer.truncate(qsizetype(n));
            report(CallKind::Recv, realtimeMicros(), n);
            Q_EMIT received(buffer);
            if (fd_ < 0)
                return; // a listener closed us
            continue;
        }
        if (n == 0) {
            peerClosed_ = true;
            report(CallKind::Recv, realtimeMicros(), 0);
            if (readNotifier_)
                readNotifier_->setEnabled(false);
            Q_EMIT peerClosed();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        // recv() returned -1: ECONNRESET when the peer's RST came (its kernel threw away what its
        // program had not read, and ours what we had not sent), EPIPE after our FIN ...
        fail(CallKind::Recv, errno);
        return;
    }
}

void StreamSocket::fail(CallKind kind, int why)
{
    error_ = why;
    report(kind, realtimeMicros(), -1, why);
    Q_EMIT failed(why);
    // Then the program closes the socket. The connection is gone already: nothing goes on the
    // wire (no FIN), and the call says so.
    if (fd_ < 0)
        return;
    SocketCall c = call(CallKind::Close, realtimeMicros());
    c.connectionGone = true;
    closeNow(false, &c);
}

void StreamSocket::send(const QByteArray &bytes)
{
    if (fd_ < 0 || closeRequested_ || bytes.isEmpty())
        return;
    SocketCall c = call(CallKind::Send, realtimeMicros());
    c.bytes = bytes.size();
    c.endsWithNewline = bytes.endsWith('\n');
    c.kernel = sampleKernel(fd_);
    Q_EMIT socketCall(c);
    queue_.push_back(bytes);
    queued_ += bytes.size();
    if (!connecting_)
        onWritable();
}

void StreamSocket::onWritable()
{
    if (connecting_) {
        finishConnect();
        return;
    }
    qint64 written = 0;
    int failure = 0;
    bool more = false; // the kernel would take more, but the event loop goes first
    while (fd_ >= 0 && !queue_.empty()) {
        if (written >= kWritePerWakeup) {
            more = true;
            break;
        }
        const QByteArray &head = queue_.front();
        const size_t left = size_t(head.size() - headOffset_);
        const ssize_t n = ::send(fd_, head.constData() + headOffset_, left, MSG_NOSIGNAL);
        if (n > 0) {
            written += n;
            queued_ -= n;
            headOffset_ += qsizetype(n);
            if (headOffset_ == head.size()) {
                queue_.pop_front();
                headOffset_ = 0;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            more = true;
            break;
        }
        failure = n < 0 ? errno : EPIPE;
        break;
    }
    if (writeNotifier_)
        writeNotifier_->setEnabled(more && failure == 0);
    if (written > 0)
        Q_EMIT bytesWritten(written, queued_);
    if (fd_ < 0)
        return; // a receiver of bytesWritten() closed us
    if (failure != 0) {
        // send() returned -1: EPIPE or ECONNRESET once the peer has reset the connection.
        fail(CallKind::Send, failure);
        return;
    }
    if (closeRequested_ && queue_.empty())
        closeNow(false);
}

void StreamSocket::close()
{
    if (fd_ < 0)
        return;
    if (connecting_) {
        closeNow(false);
        return;
    }
    closeRequested_ = true;
    onWritable(); // closes once nothing is left to send
}

void StreamSocket::abort()
{
    if (fd_ < 0)
        return;
    queue_.clear();
    headOffset_ = 0;
    queued_ = 0;
    // A connect() still waiting for its SYN+ACK has no connection to reset: Linux sends nothing.
    if (connecting_) {
        closeNow(false);
        return;
    }
    const linger hard{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    closeNow(true);
}

void StreamSocket::shutdownWrite()
{
    if (fd_ < 0 || connecting_)
        return;
    report(CallKind::Shutdown, realtimeMicros());
    ::shutdown(fd_, SHUT_WR);
}

void StreamSocket::closeNow(bool abortive, const SocketCall *reported)
{
    if (fd_ < 0)
        return;
    SocketCall c = reported ? *reported : call(CallKind::Close, realtimeMicros());
    c.abortive = abortive;
    Q_EMIT socketCall(c);
    // Notifiers must go before their descriptor does.
    delete readNotifier_;
    readNotifier_ = nullptr;
    delete writeNotifier_;
    writeNotifier_ = nullptr;
    ::close(fd_);
    fd_ = -1;
    connecting_ = false;
    Q_EMIT closed();
}

} // namespace hv
