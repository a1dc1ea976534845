#pragma once
// One accepted connection on the server side, driven by the plain socket calls the tutorial uses
// (recv, send, close) on its descriptor. QTcpSocket closes a socket by itself, inside its read
// handler, the moment recv() returns 0, before any signal: the ladder could then only show the
// server's close() after the FIN it caused. Here the program decides when to close, and says so
// first.
#include <QByteArray>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace hv {

class PeerConnection : public QObject {
    Q_OBJECT
public:
    // Takes ownership of a connected, accepted socket descriptor.
    explicit PeerConnection(int fd, QObject *parent = nullptr);
    ~PeerConnection() override;

    QString peerName() const { return peerName_; } // "127.0.0.1:46728"
    bool isOpen() const { return fd_ >= 0; }
    // Queues bytes; what the kernel does not take at once is sent when the socket is writable.
    void send(const QByteArray &bytes);
    // close(): queued bytes go first, then the descriptor is closed (the kernel sends FIN).
    void close();

Q_SIGNALS:
    void received(const QByteArray &bytes);
    void peerClosed();            // recv() returned 0: the peer sent FIN; we have not closed yet
    void closed();                // our descriptor is closed
    void failed(const QString &reason);

private:
    void onReadable();
    void onWritable();
    void closeNow();

    int fd_ = -1;
    QString peerName_;
    QSocketNotifier *readNotifier_ = nullptr;
    QSocketNotifier *writeNotifier_ = nullptr;
    QByteArray pending_;
    bool closeRequested_ = false;
};

} // namespace hv
