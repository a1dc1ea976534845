#pragma once
// Wires the chat server and clients, the capture threads and the timelines: the program's
// behaviour without any widget. The window and the headless mode both drive one of these.
//
// Two documents, never mixed: the live session (our server and client, one live capture that
// covers every port the session uses) and a capture file opened to look at. Opening a file sets
// the live session aside, still capturing (students keep talking); "back to live" shows it again.
// Live traffic never lands among a file's connections.
#include "Capture.h"
#include "CaptureArchive.h"
#include "CaptureFailure.h"
#include "ChatClient.h"
#include "ChatServer.h"
#include "CommandLine.h"
#include "Exporter.h"
#include "Slides.h"
#include "FrameDetails.h"
#include "Timeline.h"

#include <QElapsedTimer>
#include <QObject>
#include "LabImpairments.h"
#include "LabTerminal.h"

#include <QSet>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace hv {

// Something the user must see over the ladder until it is dismissed or its cause is gone. Typed:
// its words are made when shown (noticeText()), in the language of that moment.
struct SessionNotice {
    enum class Topic : uint8_t { LiveCapture, File, Drops, Memory };
    enum class Kind : uint8_t { CaptureFailed, FileCutShort, PacketsDropped, RawPacketsNotKept, EarlierPartOnDisk };
    Topic topic = Topic::LiveCapture;
    Kind kind = Kind::CaptureFailed;
    CaptureFailure failure; // CaptureFailed
    QString file;           // FileCutShort: the file, the frame where it breaks, libpcap's words;
                            // RawPacketsNotKept: the first frame not kept, the system's words
    uint32_t frame = 0;
    QString reason;
    // PacketsDropped: the live session's totals so far (PacketCounts::dropped, ifDropped), the
    // interface, and the kernel buffer the capture had (KiB).
    uint64_t dropped = 0;
    uint64_t ifDropped = 0;
    QString interface;
    int bufferKiB = 0;
    // EarlierPartOnDisk: the memory limit (bytes), how many parts are on disk, the newest of them
    // (its frames and connections), and `frame`: where the part on screen starts.
    int64_t limitBytes = 0;
    int parts = 0;
    uint64_t partFirstFrame = 0, partLastFrame = 0;
    uint32_t partConnections = 0;
    bool offersSample() const { return kind == Kind::CaptureFailed && failure.kind == CaptureFailure::Kind::NoPermission; }
    bool offersEarlierPart() const { return kind == Kind::EarlierPartOnDisk; }
};
QString noticeText(const SessionNotice &notice);

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    ChatServer &server() { return server_; }
    ChatClient &client() { return client_; }
    // The document on screen (the live session unless a file is shown), and each of them.
    Timeline &timeline() { return showingFile_ ? *fileTimeline_ : liveTimeline_; }
    const Timeline &timeline() const { return showingFile_ ? *fileTimeline_ : liveTimeline_; }
    Timeline &liveTimeline() { return liveTimeline_; }
    const Timeline &liveTimeline() const { return liveTimeline_; }
    bool showsFile() const { return showingFile_; }
    QString shownFile() const { return showingFile_ ? filePath_ : QString(); }
    // The session's scratch folder (gone with the session, also after a crash), "" without one.
    QString scratchFolder() const;
    Capture &liveCapture() { return live_; }

    // The live capture's interface. Chosen (--interface, the lab's link) it stays; otherwise it
    // follows the addresses the session uses: lo while they are all loopback, every interface
    // ("any") from the first one that is not (a server on 0.0.0.0 or a LAN address, a client
    // connecting to another machine). It never goes back: "any" holds lo too.
    void setInterface(const QString &interface, bool chosen = true)
    {
        interface_ = interface;
        interfaceChosen_ = chosen;
    }
    QString interface() const { return interface_; }
    // While our server listens beyond loopback on the host's network: that it can be reached from
    // other machines, and at which addresses (empty when only this machine can reach it).
    QString reachabilityNote() const;
    // The kernel's buffer for the next live capture (KiB); what arrives while it is full is dropped,
    // counted, and said (noticeRaised() with PacketsDropped, the status line).
    void setCaptureBuffer(int kib) { captureBufferKiB_ = kib; }
    // What the live session may keep in memory (bytes; 0: no limit). Past it, checked at most once
    // a second, the connections so far are left on disk as an earlier part (their raw packets are
    // in the session's capture already) and the live ladder goes on with a new part.
    void setMemoryLimit(int64_t bytes) { memoryLimit_ = bytes; }
    // Segments the lab's kernel drops at each Connect, in connections to the port connected to
    // (LabImpairments; the lab network only: elsewhere the Connect says why and drops nothing).
    void setDrops(std::vector<DropRequest> drops) { drops_ = std::move(drops); }
    // The drops set, for the connection between these ports (the client's first): the lab's rules
    // in its kernel, their copy in the capture's plan. The client does it when it connects; a
    // lesson with sockets of its own (a simultaneous open) calls it before their connect()s.
    void armLab(uint16_t clientPort, uint16_t serverPort);
    // Once the live capture covers `port` (or could not), `then` runs: sockets of a lesson's own
    // connect only then, so that their SYNs are on the ladder.
    void whenCapturing(quint16 port, std::function<void()> then);
    const std::vector<DropRequest> &drops() const { return drops_; }
    // Every segment in the lab delayed (netem) or its links rate-limited (tbf); both 0: neither.
    // False with *error where that cannot be done (not in the lab, no netem in this kernel).
    bool setShaping(int delayMs, int rateKbit, QString *error);
    int delayMs() const { return delayMs_; }
    int rateKbit() const { return rateKbit_; }
    // The lab's layout: two hosts (the server's sockets on 10.0.0.2, the capture on client0) or one
    // (both on lo). Only while the server is stopped and the client disconnected (their sockets
    // stay where they were made); false with *error saying why not.
    bool setLabLayout(bool twoHosts, QString *error);
    // The user's terminal inside the lab's server host or client host (LabTerminal.h).
    bool openLabTerminal(bool serverHost, QString *error);
    int64_t memoryLimit() const { return memoryLimit_; }
    static int64_t defaultMemoryLimit(); // a quarter of the memory, 256 MiB to 4 GiB
    struct EarlierPart {
        uint64_t firstFrame = 0, lastFrame = 0; // the session's frame numbers, both included
        uint32_t connections = 0;               // connections seen in it
    };
    const std::vector<EarlierPart> &earlierParts() const { return earlierParts_; }
    // Writes earlier part `index` to a file in the scratch folder and opens it as a document
    // (what openFile() does with it); false with *error when it cannot be written.
    bool openEarlierPart(size_t index, QString *error);
    int captureBuffer() const { return captureBufferKiB_; }
    // What the live session has lost so far, as the banner says it (dropped 0: nothing).
    SessionNotice dropsNotice() const;

    // Listens, and makes sure the live capture covers its port.
    bool startServer(const QString &host, quint16 port, QString *error = nullptr);
    void stopServer();
    // Connects once the live capture covers the port (or has failed: chat still works).
    void connectClient(const QString &host, quint16 port);
    void disconnectClient();
    bool clientSend(const QString &text);
    bool clientSend(const QByteArray &bytes);
    // To one peer (its socket number) or to every peer (0).
    bool serverSend(const QString &text, uint32_t peerSocket = 0);
    // Nothing sent (no client, or that one has gone): false, and why in *why when asked, else
    // said as a problem().
    bool serverSend(const QByteArray &bytes, uint32_t peerSocket = 0, QString *why = nullptr);

    // Extra clients of the session (--demo --clients N): each a real ChatClient of its own.
    ChatClient &addClient();
    std::vector<ChatClient *> clients() const;

    // Reads a capture file in the capture thread, as a document of its own; what was shown stays
    // until the file is known to open (a file that cannot be read leaves it and says why).
    void openFile(const QString &path);
    // The capture bundled with the program (a demo on 127.0.0.1:6666): works without capture rights.
    void openSample();
    // Stops reading the file being opened: what was read stays, and says where it stopped.
    void cancelOpen();
    bool isReadingFile() const { return file_.isRunning(); }
    void openLatestEarlierPart(); // the banner's button: the newest earlier part (problem() when it cannot)
    // Shows the live session again.
    void showLive();

    // The live capture covers `port` too (the filter grows on the open handle; started if need be).
    void coverPort(quint16 port);
    void uncoverPort(quint16 port); // no longer: a listen() that failed on it
    bool isLiveCaptureReady() const { return liveReady_; }
    QString liveFilter() const;
    // Ends the live capture (draining what the kernel already has).
    void stopCapture();
    bool liveCaptureHasFailed() const { return liveFailed_; }
    // Runs `then` once the live capture covers every port asked for (at once when it does, or
    // when it failed: the chat goes on without a ladder).
    void whenLiveReady(std::function<void()> then) { whenCovered(std::move(then)); }

    // Where the raw bytes of a frame of the shown document are, and everything the details panel
    // needs to load segment `segmentIndex` of it, by value.
    FrameRequest frameRequest(uint32_t segmentIndex) const;

    // The shown document. Format by extension; .pcap writes the raw packets as libpcap read them.
    bool exportTo(const QString &path, QString *error, const ExportOptions &options = {});
    // A worksheet and its answer key (exportWorksheet()), of the timeline shown.
    bool exportWorksheetTo(const QString &path, QString *error, const ExportOptions &options = {});
    // Slides of one ladder (exportSlides()), of the timeline shown.
    bool exportSlidesTo(const QString &path, QString *error, const SlideOptions &options, QStringList *written = nullptr);
    // The live session's raw packets, whatever is shown (offered before a file replaces the view).
    bool liveHasPackets() const { return liveArchive_.hasPackets(); }
    bool saveLivePcap(const QString &path, QString *error) const { return liveArchive_.writePcap(path, error); }

    // The packets, connections and drops of the shown document, in the interface's language.
    QString countsText() const;

Q_SIGNALS:
    void status(const QString &message);  // a line for the status bar
    void problem(const QString &message); // something that went wrong just now (shown where it happened)
    void noticeRaised(const hv::SessionNotice &notice); // stays over the ladder
    void noticeCleared(hv::SessionNotice::Topic topic); // its cause is gone
    void documentChanged();               // timeline() is another document now
    void interfaceChanged();              // the live capture runs on interface() now
    void liveCaptureReady();              // the live capture covers every port asked for
    void liveCaptureFailed();
    void captureFinished();               // a capture file has been read to its end (or failed, or was cancelled)
    // Reading a file: `done` of `total` bytes, `packets` so far, `elapsedMs` since it began.
    void fileProgress(qint64 done, qint64 total, quint64 packets, qint64 elapsedMs);
    // The shown document's packet counts changed (countsText()): at most once a second while
    // live traffic comes, once more after it stops; at the end of a file; on a document change.
    void countsChanged();

private:
    void startLive();
    void covered(const SourceInfo &source);        // the live capture covers every port asked for
    void uncovered(const CaptureFailure &failure); // it cannot: say so, and let the chat go on
    void whenCovered(std::function<void()> then);
    void coverAndGo(quint16 port, std::function<void()> then);
    void wireClient(ChatClient &client);
    // Why a connection refused at `to` missed our own listener on that port; empty otherwise.
    QString listenerMissHint(const Endpoint &to) const;
    void liveActivity();
    // The capture interface for a connection to or a listener on `host` (setInterface() says how).
    void followAddress(const QString &host);
    void liveBatch(CaptureBatch batch);
    void tellDrops();
    void tellCounts();
    void checkMemory();

    ChatServer server_;
    ChatClient client_;
    std::vector<std::unique_ptr<ChatClient>> extraClients_;
    QString interface_ = QStringLiteral("lo");
    bool interfaceChosen_ = false;
    int captureBufferKiB_ = kDefaultCaptureBufferKiB;
    // Drops are told when they first appear, then at most once a second while they grow (a flood
    // drops in every batch), and once more after the last growth.
    QTimer dropsPace_;
    QTimer countsPace_;
    int64_t memoryLimit_ = defaultMemoryLimit();
    std::vector<DropRequest> drops_;
    int delayMs_ = 0, rateKbit_ = 0;
    LabImpairments lab_;
    LabTerminals labTerminals_;
    std::shared_ptr<LabDropPlan> labPlan_ = std::make_shared<LabDropPlan>(); // shared with the capture thread
    std::vector<EarlierPart> earlierParts_;
    bool countsUntold_ = false;
    bool dropsUntold_ = false;

    // The live document.
    Timeline liveTimeline_;
    Capture live_;
    CaptureArchive liveArchive_;
    QSet<quint16> ports_;          // every port the session uses: listeners', and where the client connects
    QString requestedFilter_;      // what the live capture was last asked to cover
    QString rejectedFilter_;       // a filter the capture refused (waiting for it would be forever)
    bool liveReady_ = false;       // the capture runs with requestedFilter_ in effect
    bool liveFailed_ = false;
    std::vector<std::function<void()>> waiting_; // run once the filter covers their port

    // The file document.
    std::unique_ptr<Timeline> fileTimeline_;
    std::unique_ptr<Timeline> openingTimeline_; // a file being opened, not shown until it opens
    std::unique_ptr<CaptureArchive> fileArchive_, openingArchive_;
    Capture file_;
    QString filePath_, openingPath_;
    qint64 openingBytes_ = 0;     // the size of the file being read
    qint64 lastOffset_ = 0;       // how far into it the reading got
    QElapsedTimer readClock_;
    bool readCancelled_ = false;
    bool showingFile_ = false;
    QString samplePath_;
};

} // namespace hv

Q_DECLARE_METATYPE(hv::SessionNotice)
