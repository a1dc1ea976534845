#pragma once
// Reads packets with libpcap (a live interface or a file) in a worker thread, decodes and tracks
// them there, and hands batches to the GUI thread at most ~60 times a second.
#include "CaptureBatch.h"

#include <QObject>
#include <QString>
#include <atomic>

struct pcap;

namespace hv {

struct CaptureRequest {
    enum class Kind { Live, File };
    Kind kind = Kind::Live;
    QString source;               // interface name ("lo") or file path
    QString filter;               // BPF, e.g. "tcp port 6666"; empty: everything
    QString dumpPath;             // when set, every packet read is also written here as .pcap
    uint16_t serverPortHint = 0;  // the port being listened on, for the tracker's roles
    int bufferTimeoutMs = 10;     // short, so a handshake shows at once (not immediate mode: it drops)
    int bufferBytes = 8 << 20;
    int snaplen = 262144;
};

class CaptureWorker : public QObject {
    Q_OBJECT
public:
    explicit CaptureWorker(CaptureRequest request, QObject *parent = nullptr);
    ~CaptureWorker() override;

    // Thread-safe: asks run() to drain what the kernel already has, flush, and return.
    void requestStop();

    // Opens the source and loops until EOF, an error or requestStop(). Call in the worker thread.
    void run();

    // Batch flushing interval: ~60 Hz.
    static constexpr int FlushIntervalMs = 16;

Q_SIGNALS:
    void started(const hv::SourceInfo &source);
    void batchReady(const hv::CaptureBatch &batch);
    void failed(const QString &message); // could not open or start the source at all
    void finished();

private:
    bool open(QString *error);
    void loop();

    CaptureRequest request_;
    pcap *handle_ = nullptr;
    std::atomic<bool> stopRequested_{false};
    std::atomic<pcap *> liveHandle_{nullptr};
};

// Human words for "capture is not permitted" with the command that fixes it.
QString capturePermissionHint(const QString &device);

} // namespace hv
