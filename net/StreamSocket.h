#pragma once
// One TCP socket driven by the plain calls the tutorial uses (socket, connect, recv, send,
// shutdown, close) on a non-blocking descriptor, each call reported as a typed SocketCall at the
// moment it is made. QTcpSocket decides some of them by itself: it retries a refused connect on
// a second socket (two SYNs for one click) and closes inside its read handler the moment recv()
// returns 0, before any signal, so a ladder could only show the close() after the FIN it caused.
// Here the program makes every call, and says so first.
#include "ConnectionTracker.h" // hv::TcpState
#include "SocketCall.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

#include <functional>

#include <deque>

class QSocketNotifier;

namespace hv {

class StreamSocket : public QObject {
    Q_OBJECT
public:
    // Not open yet: connectTo() opens it (the client's side).
    explicit StreamSocket(CallSide side, QObject *parent = nullptr);
    // Takes a connected descriptor accept() returned (the server's side); `listener` is the
    // listening socket's number.
    StreamSocket(int fd, CallSide side, uint32_t listener, QObject *parent = nullptr);
    // An open descriptor is closed (and the close() reported).
    ~StreamSocket() override;

    // socket() and a non-blocking connect(): connected() or connectFailed() follows. False (with
    // errno in *error) when the kernel refuses at once (no such address family, no route ...).
    bool connectTo(const QHostAddress &address, quint16 port, int *error);
    // Before connectTo(): bind() the socket to the wildcard address and a port the kernel picks,
    // and call `bound` with that port and the peer's before connect() sends the SYN (the lab's
    // drops are set for exactly this connection: LabDropPlan.h). The bind() is reported.
    // `port` non-zero: that port instead (a simultaneous open binds each socket to the port the
    // other connects to).
    void bindFirst(std::function<void(const Endpoint &local, const Endpoint &peer)> bound, quint16 port = 0)
    {
        bound_ = std::move(bound);
        bindPort_ = port;
    }

    uint32_t serial() const { return serial_; }
    uint32_t listener() const { return listener_; }
    CallSide side() const { return side_; }
    const Endpoint &local() const { return local_; }
    const Endpoint &peer() const { return peer_; }
    bool isOpen() const { return fd_ >= 0; }
    bool isConnecting() const { return fd_ >= 0 && connecting_; }
    bool isConnected() const { return fd_ >= 0 && !connecting_; }
    bool peerHasClosed() const { return peerClosed_; }
    // The errno that ended the connection (ECONNRESET: the peer's RST), 0 while none did.
    int error() const { return error_; }
    // Bytes given to send() that the kernel has not taken yet.
    qint64 bytesToWrite() const { return queued_; }
    // The kernel's own state of the connection (TCP_INFO), Unknown when closed or not readable.
    TcpState kernelState() const;
    // Bytes given to the kernel and not yet acknowledged by the peer, or queued here and not yet
    // given (SIOCOUTQ plus our queue); -1 without a descriptor.
    qint64 unacknowledgedBytes() const;

    // accept() has returned this socket: reported once by the listener that took it.
    // `acceptQueue`: connections still waiting in the listener's accept queue after it, -1 unknown.
    void reportAccepted(int acceptQueue = -1, int backlog = -1);

    // Queues bytes; what the kernel does not take at once goes when the socket is writable, a
    // little at a time so that the event loop keeps running (bytesWritten() tells how far).
    void send(const QByteArray &bytes);
    // close(): queued bytes first, then the descriptor is closed (the kernel sends FIN).
    void close();
    // close() with SO_LINGER 0: the kernel drops what is queued and sends RST.
    void abort();
    // shutdown(SHUT_WR): our FIN, while the peer may still send.
    void shutdownWrite();

Q_SIGNALS:
    void socketCall(const hv::SocketCall &call);
    void connected();
    void connectFailed(int error);
    void received(const QByteArray &bytes);
    // The kernel took `written` more bytes of what send() queued; `remaining` still wait here.
    void bytesWritten(qint64 written, qint64 remaining);
    void peerClosed();        // recv() returned 0: the peer sent FIN; we have not closed yet
    // recv()/send() failed (ECONNRESET: the peer reset the connection); the call that failed is
    // reported first, the program's close() after this signal.
    void failed(int error);
    void closed();            // our descriptor is closed

private:
    quint16 bindPort_ = 0; // bindFirst()'s port (0: the kernel picks)
    SocketCall call(CallKind kind, int64_t timeUs) const;
    void report(CallKind kind, int64_t timeUs, int64_t bytes = -1, int error = 0);
    void watch();
    void onReadable();
    void onWritable();
    void finishConnect();
    void closeNow(bool abortive, const SocketCall *reported = nullptr);
    void fail(CallKind call, int error);

    std::function<void(const Endpoint &, const Endpoint &)> bound_;
    int fd_ = -1;
    CallSide side_;
    uint32_t serial_;
    uint32_t listener_ = 0;
    Endpoint local_, peer_;
    bool connecting_ = false;
    bool peerClosed_ = false;
    bool closeRequested_ = false;
    int error_ = 0;
    QSocketNotifier *readNotifier_ = nullptr;
    QSocketNotifier *writeNotifier_ = nullptr;
    // What send() queued and the kernel has not taken: whole buffers, the first one taken up to
    // headOffset_ (dropping a taken prefix never copies what follows).
    std::deque<QByteArray> queue_;
    qsizetype headOffset_ = 0;
    qint64 queued_ = 0;
};

} // namespace hv
