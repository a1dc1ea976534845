#pragma once
// Reads packets with libpcap (a live interface or a file) in a worker thread, decodes and tracks
// them there, and hands batches to the GUI thread at most ~60 times a second.
#include "CaptureBatch.h"
#include "CaptureFailure.h"
#include "LabDropPlan.h"

#include <QMutex>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

struct pcap;
struct bpf_program;

namespace hv {

struct CaptureRequest {
    enum class Kind { Live, File };
    Kind kind = Kind::Live;
    QString source;               // interface name ("lo") or file path
    QString filter;               // BPF, e.g. "tcp port 6666"; empty: everything
    QString dumpPath;             // when set, every packet read is also written here as .pcap
    uint16_t serverPortHint = 0;  // the port being listened on, for the tracker's roles
    std::shared_ptr<LabDropPlan> labDrops; // live in the lab: which segments its rules drop
    int bufferTimeoutMs = 10;     // short, so a handshake shows at once (not immediate mode: it drops)
    // The kernel's capture buffer (pcap_set_buffer_size; libpcap 1.10 makes it whole 256 KiB
    // blocks of its TPACKET_V3 ring, at least one): what does not fit while the worker is behind
    // is dropped, and counted (PacketCounts::dropped).
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

    // Thread-safe: asks run() to capture with `filter` from now on, on the open source, losing no
    // packet that the old filter (before) or the new one (after) lets through. Applied between two
    // reads, at once (the loop's poll wakes for it); then filterChanged(). A filter that does not
    // compile leaves the one in effect and says so in problem() (FilterRejected). Several requests
    // before the loop gets to them: the last one counts.
    void setFilter(const QString &filter);

    // Opens the source and loops until EOF, an error or requestStop(). Call in the worker thread.
    void run();

    // Batch flushing interval: ~60 Hz.
    static constexpr int FlushIntervalMs = 16;

Q_SIGNALS:
    void started(const hv::SourceInfo &source);
    void batchReady(const hv::CaptureBatch &batch);
    void failed(const hv::CaptureFailure &failure);  // could not open or start the source at all
    void problem(const hv::CaptureFailure &failure); // the capture goes on: a filter change rejected
    void filterChanged(const QString &filter);       // the filter now in effect
    void finished();

private:
    bool open(CaptureFailure *failure);
    bool openFile(CaptureFailure *failure);
    bool openLive(CaptureFailure *failure);
    bool setFilterAtOpen(CaptureFailure *failure);
    void loop();
    void applyFilter(const QString &filter, const std::function<void()> &readWhatIsQueued);
    void wake();
    void readDrops();

    // A live handle's drop counters (pcap_stats() and the interface's), as running 64-bit totals
    // since it opened.
    struct Drops {
        uint64_t kernel = 0;      // ps_drop, carried past its 32-bit wrap
        uint32_t lastPsDrop = 0;  // ps_drop as last read
        std::optional<uint64_t> interface; // nullopt: the interface has no counters to read
        uint64_t lastInterface = 0;        // its counters as last read
        bool operator==(const Drops &) const = default;
    };

    CaptureRequest request_;
    pcap *handle_ = nullptr;
    std::atomic<bool> stopRequested_{false};
    int wakeFd_ = -1; // an eventfd in the loop's poll: a stop or a filter change is seen at once
    // Set while the loop reads in blocking mode, where only pcap_breakloop() ends a read; the mutex
    // keeps requestStop() from calling it on a handle that run() is closing.
    QMutex breakMutex_;
    bool breakable_ = false;

    QMutex filterMutex_;
    std::optional<QString> pendingFilter_;
    std::atomic<bool> filterPending_{false};
    // We attach the kernel filter ourselves (applyFilter says why) until libpcap holds a filter
    // program of its own: from then on only pcap_setfilter() may change it.
    bool directKernelFilter_ = false;
    // An initial filter we attached ourselves, and when: the ring took every packet from
    // pcap_activate() until then, so those in that span are filtered again with it in userland
    // (pcap_setfilter() does the same for a filter it attaches).
    std::shared_ptr<bpf_program> earlyFilter_;
    int64_t earlyFromUs_ = 0, earlyUntilUs_ = 0;
    Drops drops_;
};

} // namespace hv
