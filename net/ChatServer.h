#pragma once
// The tutorial's server, done with QTcpServer: listen, accept peers, receive, reply. The accepted
// descriptors are driven with plain calls (StreamSocket), so that every socket call the server
// makes is reported, typed and timed on the pcap clock, on the socket it was made on.
#include "ConnectionTracker.h" // hv::TcpState
#include "ReceivedText.h"
#include "SocketCall.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>

class QTcpServer;

namespace hv {

class StreamSocket;

// One connected peer as the server pane lists it.
struct PeerInfo {
    uint32_t socket = 0;  // SocketCall::socket of the accepted socket
    QString name;         // "127.0.0.1:46728"
    TcpState state = TcpState::Unknown; // the kernel's own (TCP_INFO)
    bool peerClosed = false;            // its FIN has arrived
};

class ChatServer : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultBacklog = 50; // QTcpServer's

    explicit ChatServer(QObject *parent = nullptr);
    ~ChatServer() override;

    // The backlog of the next listen(): how many connections whose handshake the kernel has
    // completed may wait in the accept queue.
    void setBacklog(int backlog) { backlog_ = backlog; }
    int backlog() const { return backlog_; }

    // Starts listening; false with *error set to a sentence naming the address and the reason.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void stop();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    uint32_t listenerSocket() const { return listener_; } // 0 when not listening
    // What the listening socket is bound to (the kernel's word), and whether an IPv6 one takes
    // IPv4 connections too. Meaningful while listening.
    Endpoint listenerEndpoint() const { return listenerEndpoint_; }
    bool listenerDualStack() const { return dualStack_; }
    // Whether a connection to `to` reaches this listener (address family, wildcard, port).
    bool reaches(const Endpoint &to) const;
    int peerCount() const;
    QList<PeerInfo> peers() const;

    // Sends to the peer with that socket number, or to every connected peer (0); returns the
    // number of peers it was queued for.
    int send(const QByteArray &bytes, uint32_t peerSocket = 0);
    // Closes every accepted connection (the server keeps listening).
    void closePeers();

    // Holding accept() back shows that the kernel completes the handshake on its own: connections
    // wait in the accept queue until accepting resumes.
    void setAcceptPaused(bool paused);
    // Whether a peer is closed when its FIN arrives (recv() returned 0; the default) or left open
    // half-closed, so that the server may still send (a half-close lesson), until closePeers().
    void setCloseOnPeerFin(bool close) { closeOnPeerFin_ = close; }
    bool acceptPaused() const { return acceptPaused_; }

Q_SIGNALS:
    void socketCall(const hv::SocketCall &call);
    void listeningChanged(bool listening);
    void peerConnected(const QString &peer);
    // The peer's socket is closed; `error` is what ended the connection (0: the usual close,
    // ECONNRESET: the peer's RST).
    void peerDisconnected(const QString &peer, int error);
    void peersChanged(); // a peer came, went, or its state changed
    void messageReceived(const QString &peer, const QByteArray &bytes); // each recv()'s bytes
    // What a peer sent, decoded on its own connection and gathered into short lines.
    void textReceived(const hv::ReceivedLine &line);
    // How far what send() was given has gone, over every peer it was queued for: the kernels
    // have taken `written` of `total` bytes. `over`: nothing is left to send (all went, or the
    // peers that had the rest have gone).
    void sendProgress(qint64 written, qint64 total, bool over);
    void problem(const QString &message);

private:
    void accepted(qintptr descriptor);
    SocketCall listenerCall(CallKind kind, int64_t timeUs) const;
    void reportSending();

    QTcpServer *server_ = nullptr;
    QList<QPointer<StreamSocket>> peers_;
    bool acceptPaused_ = false;
    bool closeOnPeerFin_ = true;
    int backlog_ = kDefaultBacklog;
    uint32_t listener_ = 0;
    Endpoint listenerEndpoint_;
    bool dualStack_ = false;
    qint64 sendWritten_ = 0;
    qint64 sendTotal_ = 0;
    bool queueing_ = false; // send() is handing a message to its peers
};

} // namespace hv
