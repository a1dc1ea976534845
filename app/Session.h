#pragma once
// Wires the chat server and client, the capture thread and the timeline: the program's behaviour
// without any widget. The window and the headless mode both drive one of these.
#include "Capture.h"
#include "ChatClient.h"
#include "ChatServer.h"
#include "Timeline.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

namespace hv {

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    ChatServer &server() { return server_; }
    ChatClient &client() { return client_; }
    Timeline &timeline() { return timeline_; }
    Capture &capture() { return capture_; }

    void setInterface(const QString &interface) { interface_ = interface; }
    QString interface() const { return interface_; }

    // Listens and makes sure the kernel's segments on that port are being captured.
    bool startServer(const QString &host, quint16 port, QString *error = nullptr);
    void stopServer();
    void connectClient(const QString &host, quint16 port);
    void disconnectClient();
    bool clientSend(const QString &text);
    bool serverSend(const QString &text);

    // Replaces what is shown with a capture file, decoded in the capture thread.
    void openFile(const QString &path);
    // Live capture of one TCP port on the session's interface (restarts it if the port changes).
    void captureLive(quint16 port);
    bool isLiveCaptureReady() const { return liveReady_; }
    void stopCapture();

    // Format by extension; .pcap writes the raw packets as libpcap read them.
    bool exportTo(const QString &path, QString *error);

Q_SIGNALS:
    void status(const QString &message);  // a line for the status bar
    void problem(const QString &message); // something the user must read
    void liveCaptureReady();
    void captureFinished();

private:
    void startCapture(const CaptureRequest &request);

    ChatServer server_;
    ChatClient client_;
    Capture capture_;
    Timeline timeline_;
    QString interface_ = QStringLiteral("lo");
    quint16 capturedPort_ = 0;
    bool liveReady_ = false;
    QTemporaryDir scratch_;
    QStringList rawPaths_; // the .pcap files the captures shown so far wrote, in order
    int captureSerial_ = 0;
    // A restarted live capture numbers its connections and frames from 1 again; these shift them
    // past what the timeline already holds so nothing captured earlier is overwritten.
    uint32_t connectionBase_ = 0;
    PacketCounts countBase_;
    bool writeRawPackets(const QString &path, QString *error) const;
};

} // namespace hv
