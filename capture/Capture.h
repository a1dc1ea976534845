#pragma once
// Owns the capture thread and its worker: start, stop (with a clean join), and the worker's signals
// re-emitted in the owner's thread.
#include "CaptureWorker.h"

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

Q_SIGNALS:
    void started(const hv::SourceInfo &source);
    void batchReady(const hv::CaptureBatch &batch);
    void failed(const QString &message);
    void finished();

private:
    CaptureRequest request_;
    QThread *thread_ = nullptr;
    CaptureWorker *worker_ = nullptr;
};

} // namespace hv
