#pragma once
// Wires the chat server and client, the capture thread and the timeline: the program's behaviour
// without any widget. The window and the headless mode both drive one of these.
#include "Capture.h"
#include "ChatClient.h"
#include "ChatServer.h"
#include "Exporter.h"
#include "FrameDetails.h"
#include "Timeline.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

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
    // The capture bundled with the program (a demo on 127.0.0.1:6666): works without capture rights.
    void openSample();
    // Live capture of one TCP port on the session's interface (restarts it if the port changes).
    void captureLive(quint16 port);
    bool isLiveCaptureReady() const { return liveReady_; }
    void stopCapture();

    // Where the raw bytes of timeline frame `frame` are: the scratch file of the capture that saw it
    // and its number there (a restarted live capture numbers from 1 again; the timeline does not).
    struct FrameLocation {
        std::shared_ptr<FrameStore> store; // null when no capture kept it
        uint32_t frameInFile = 0;
        bool mayGrow = false; // its capture is still writing the file
    };
    FrameLocation locateFrame(uint32_t frame) const;
    // Everything the details panel needs to load timeline segment `segmentIndex`, by value.
    FrameRequest frameRequest(uint32_t segmentIndex) const;

    // Format by extension; .pcap writes the raw packets as libpcap read them. `options` says what
    // the pictures and the text show (which connection, relative numbers); the session supplies
    // the .pcap writer.
    bool exportTo(const QString &path, QString *error, const ExportOptions &options = {});

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
    struct RawFile {
        std::shared_ptr<FrameStore> store;
        uint64_t frameBase = 0; // timeline frame numbers of this capture start after this one
    };
    std::vector<RawFile> rawFiles_; // parallel to rawPaths_
    int captureSerial_ = 0;
    // A restarted live capture numbers its connections and frames from 1 again; these shift them
    // past what the timeline already holds so nothing captured earlier is overwritten.
    uint32_t connectionBase_ = 0;
    PacketCounts countBase_;
    bool writeRawPackets(const QString &path, QString *error) const;
};

} // namespace hv
