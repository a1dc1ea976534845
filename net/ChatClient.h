#pragma once
// The tutorial's client: one plain TCP socket (StreamSocket) that connects once per Connect, sends
// what is typed and shows what comes back. Every socket call is reported, timed on the pcap clock.
#include "ReceivedText.h"
#include "SocketCall.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace hv {

class StreamSocket;

class ChatClient : public QObject {
    Q_OBJECT
public:
    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    // A name is looked up first (one address is tried: one Connect, one SYN).
    void connectToHost(const QString &host, quint16 port);
    // Each connection from now on binds its port first and calls `bound` before connect() (see
    // StreamSocket::bindFirst); an empty function: connect() picks the port, as usual.
    void setBindFirst(std::function<void(const Endpoint &local, const Endpoint &peer)> bound) { bindFirst_ = std::move(bound); }
    void disconnectFromHost(); // close(): FIN
    void abort();              // close with SO_LINGER 0: RST
    void shutdownWrite();      // shutdown(SHUT_WR): a half-close, our FIN; the server may still send
    bool isConnected() const;
    bool isBusy() const; // looking up, connecting or connected
    // Queues bytes for sending; false (and problem()) when not connected.
    bool send(const QByteArray &bytes);
    QString localEndpoint() const;
    // What the peer has not acknowledged yet of what send() was given (the kernel's count); -1 when not connected.
    qint64 unacknowledgedBytes() const;
    QString peerEndpoint() const;
    QString target() const { return target_; } // "127.0.0.1:6666" as asked for
    Endpoint targetEndpoint() const { return targetEndpoint_; } // the address tried; port 0 before

Q_SIGNALS:
    void socketCall(const hv::SocketCall &call);
    void connected();
    void disconnected();
    void refused(); // connect() failed with ECONNREFUSED: a RST answered the SYN
    void messageReceived(const QByteArray &bytes); // each recv()'s bytes
    // What the server sent, decoded on this connection and gathered into short lines.
    void textReceived(const hv::ReceivedLine &line);
    // How far what send() was given has gone: the kernel has taken `written` of `total` bytes
    // queued since the queue was last empty. `over`: nothing is left to send, either because all
    // went (written == total) or because the connection ended first.
    void sendProgress(qint64 written, qint64 total, bool over);
    void problem(const QString &message);

private:
    std::function<void(const Endpoint &, const Endpoint &)> bindFirst_;
    void start(const QHostAddress &address, quint16 port);
    QString connectError(int error) const;
    void dropSocket();
    void endSending();

    QPointer<StreamSocket> socket_;
    QString target_;
    Endpoint targetEndpoint_;
    int lookupId_ = -1;
    qint64 sendWritten_ = 0;
    qint64 sendTotal_ = 0;
};

} // namespace hv
