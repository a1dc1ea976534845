#pragma once
// The tutorial's server, done with QTcpServer: listen, accept peers, receive, reply. Every socket
// call it makes is reported, timed on the pcap clock, so the ladder can show what caused what.
#include "PeerConnection.h"
#include "SocketCall.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>

class QTcpServer;

namespace hv {

class ChatServer : public QObject {
    Q_OBJECT
public:
    explicit ChatServer(QObject *parent = nullptr);
    ~ChatServer() override;

    // Starts listening; false with *error set to a sentence naming the address and the reason.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void stop();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    int peerCount() const { return int(peers_.size()); }

    // Sends to every connected peer; returns the number of peers it was queued for.
    int send(const QByteArray &bytes);
    // Closes every accepted connection (the server keeps listening).
    void closePeers();

    // Holding accept() back shows that the kernel completes the handshake on its own: connections
    // wait in the accept queue until accepting resumes.
    void setAcceptPaused(bool paused);
    bool acceptPaused() const { return acceptPaused_; }

Q_SIGNALS:
    void socketCall(const hv::SocketCall &call);
    void listeningChanged(bool listening);
    void peerConnected(const QString &peer);
    void peerDisconnected(const QString &peer);
    void messageReceived(const QString &peer, const QByteArray &bytes);
    void problem(const QString &message);

private:
    void accepted(qintptr descriptor);
    void log(const QString &call, const QString &detail);

    QTcpServer *server_ = nullptr;
    QList<QPointer<PeerConnection>> peers_;
    bool acceptPaused_ = false;
};

QString endpointText(const QHostAddress &address, quint16 port);

} // namespace hv
