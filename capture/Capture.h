#pragma once
// Owns the capture thread and its worker: start, stop (with a clean join), and the worker's signals
// re-emitted in the owner's thread.
#include "CaptureWorker.h"

#include <QMutex>
#include <QObject>
#include <QThread>

namespace hv {

class Capture : public QObject {
    Q_OBJECT
public:
    explicit Capture(QObject *parent = nullptr);
    ~Capture() override;

    void start(const CaptureRequest &request);
    // Asks the worker to drain what libpcap already holds, emit the last batch and end; finished()
    // follows once that last batch has been delivered here.
    void requestStop();
    // The same, then joins the thread and delivers the worker's last signals before returning. Idempotent.
    void stop();
    bool isRunning() const;
    const CaptureRequest &request() const { return request_; }

    // Thread-safe: the running capture goes on with `filter` (BPF; "" for everything), losing no
    // packet that either the old filter (until the change) or the new one (after it) lets through.
    // filterChanged() once it is in effect (within a few milliseconds), or problem() with
    // FilterRejected, the old filter staying. Without a running capture it does nothing: start()
    // takes its filter from the request.
    void setFilter(const QString &filter);
    // The filter in effect, as started() and filterChanged() last told this thread ("" for none);
    // SourceInfo::filter of started() is the one it began with.
    const QString &filter() const { return filter_; }

Q_SIGNALS:
    void started(const hv::SourceInfo &source);
    void batchReady(const hv::CaptureBatch &batch);
    void failed(const hv::CaptureFailure &failure);  // could not open or start at all; finished() follows
    void problem(const hv::CaptureFailure &failure); // the capture goes on (a filter change rejected)
    void filterChanged(const QString &filter);
    void finished();

private:
    CaptureRequest request_;
    QString filter_;
    QThread *thread_ = nullptr;
    CaptureWorker *worker_ = nullptr;
    mutable QMutex workerMutex_; // worker_ as setFilter() sees it from any thread
};

} // namespace hv
