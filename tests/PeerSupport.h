#pragma once
// A real TCP peer for the chat's tests, on plain blocking descriptors so that it does exactly
// what a C program does: connect or accept, send bytes (each its own segment with TCP_NODELAY),
// read in a thread of its own (the program under test runs on the test's thread and must keep
// running while the peer reads), and reset the connection (SO_LINGER {1, 0}, then close()).
#include <QByteArray>
#include <QElapsedTimer>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace hvtest {

class RawPeer {
public:
    RawPeer() = default;
    RawPeer(const RawPeer &) = delete;
    RawPeer &operator=(const RawPeer &) = delete;
    ~RawPeer()
    {
        stopReading();
        stopFlood();
        if (fd_ >= 0)
            ::close(fd_);
        if (listener_ >= 0)
            ::close(listener_);
    }

    // Listens on 127.0.0.1, port picked by the kernel. A receive buffer set here (before
    // listen()) is the accepted socket's: a small one makes a sender wait for the reader.
    quint16 listen(int receiveBuffer = 0)
    {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (receiveBuffer > 0)
            ::setsockopt(listener_, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(listener_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(listener_, 4) != 0
            || ::getsockname(listener_, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            return 0;
        return ntohs(a.sin_port);
    }
    // Whether a connection waits to be accepted; accepts it (without blocking).
    bool tryAccept()
    {
        if (fd_ >= 0)
            return true;
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 0) != 1)
            return false;
        fd_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        noDelay();
        return fd_ >= 0;
    }
    bool connectTo(quint16 port)
    {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0)
            return false;
        noDelay();
        return true;
    }
    quint16 localPort() const
    {
        sockaddr_in a{};
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr *>(&a), &len);
        return ntohs(a.sin_port);
    }

    bool send(const QByteArray &bytes)
    {
        qsizetype off = 0;
        while (off < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.constData() + off, size_t(bytes.size() - off), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            off += n;
        }
        return true;
    }

    // close() with SO_LINGER {1, 0}: the kernel throws away what is unread and unsent and
    // answers with RST instead of FIN.
    void reset()
    {
        stopReading();
        const linger hard{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        ::close(fd_);
        fd_ = -1;
    }

    // Reads in a thread until `expected` bytes, end of stream or timeoutMs.
    void startReading(qsizetype expected, int timeoutMs = 20000)
    {
        reader_ = std::thread([this, expected, timeoutMs] {
            QElapsedTimer clock;
            clock.start();
            QByteArray chunk(1 << 16, Qt::Uninitialized);
            while (!stop_ && clock.elapsed() < timeoutMs) {
                {
                    std::lock_guard lock(mutex_);
                    if (got_.size() >= expected)
                        break;
                }
                pollfd p{fd_, POLLIN, 0};
                if (::poll(&p, 1, 50) != 1)
                    continue;
                const ssize_t n = ::recv(fd_, chunk.data(), size_t(chunk.size()), 0);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    break;
                std::lock_guard lock(mutex_);
                got_.append(chunk.constData(), n);
            }
            done_ = true;
        });
    }
    bool readingDone() const { return done_; }
    QByteArray received() const
    {
        std::lock_guard lock(mutex_);
        return got_;
    }
    qsizetype receivedSize() const
    {
        std::lock_guard lock(mutex_);
        return got_.size();
    }
    void stopReading()
    {
        stop_ = true;
        if (reader_.joinable())
            reader_.join();
        stop_ = false;
    }

    // Sends `chunk` again and again for durationMs, from a thread of its own (as fast as the
    // program under test reads).
    void startFlood(const QByteArray &chunk, int durationMs)
    {
        flooder_ = std::thread([this, chunk, durationMs] {
            QElapsedTimer clock;
            clock.start();
            qsizetype off = 0; // the stream is the chunk repeated, whatever the kernel takes at once
            while (!stopFlood_ && clock.elapsed() < durationMs) {
                pollfd p{fd_, POLLOUT, 0};
                if (::poll(&p, 1, 50) != 1)
                    continue;
                const ssize_t n = ::send(fd_, chunk.constData() + off, size_t(chunk.size() - off), MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n > 0) {
                    flooded_ += n;
                    off = (off + n) % chunk.size();
                } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    break;
                }
            }
            floodDone_ = true;
        });
    }
    bool floodDone() const { return floodDone_; }
    qint64 flooded() const { return flooded_; }
    void stopFlood()
    {
        stopFlood_ = true;
        if (flooder_.joinable())
            flooder_.join();
        stopFlood_ = false;
    }

    int fd() const { return fd_; }

private:
    void noDelay()
    {
        const int one = 1;
        if (fd_ >= 0)
            ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }

    int listener_ = -1;
    int fd_ = -1;
    std::thread reader_;
    std::thread flooder_;
    mutable std::mutex mutex_;
    QByteArray got_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> done_{false};
    std::atomic<bool> stopFlood_{false};
    std::atomic<bool> floodDone_{false};
    std::atomic<qint64> flooded_{0};
};

} // namespace hvtest
