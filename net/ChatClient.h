#pragma once
// The tutorial's client, done with QTcpSocket. Reports each socket call on the pcap clock.
#include "SocketCall.h"

#include <QHostAddress>
#include <QObject>

class QTcpSocket;

namespace hv {

class ChatClient : public QObject {
    Q_OBJECT
public:
    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    void connectToHost(const QString &host, quint16 port);
    void disconnectFromHost();
    void abort(); // close with RST (SO_LINGER 0 semantics: Qt's abort())
    bool isConnected() const;
    bool isBusy() const; // connecting or connected
    // Queues bytes for sending; false (and problem()) when not connected.
    bool send(const QByteArray &bytes);
    QString localEndpoint() const;
    QString peerEndpoint() const;

Q_SIGNALS:
    void socketCall(const hv::SocketCall &call);
    void connected();
    void disconnected();
    void messageReceived(const QByteArray &bytes);
    void problem(const QString &message);

private:
    void log(const QString &call, const QString &detail);
    QString describeError() const;

    QTcpSocket *socket_ = nullptr;
    QString target_;
};

} // namespace hv
