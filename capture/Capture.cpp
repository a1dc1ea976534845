#include "Capture.h"

#include <QCoreApplication>

namespace hv {

Capture::Capture(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::CaptureBatch>();
    qRegisterMetaType<hv::SourceInfo>();
}

Capture::~Capture()
{
    stop();
}

bool Capture::isRunning() const
{
    return thread_ && thread_->isRunning();
}

void Capture::start(const CaptureRequest &request)
{
    stop();
    request_ = request;
    // The worker stays in this thread's object tree; only its blocking run() executes in the capture
    // thread, so its signals reach us queued and it is deleted here after the join.
    worker_ = new CaptureWorker(request, this);
    connect(worker_, &CaptureWorker::started, this, &Capture::started);
    connect(worker_, &CaptureWorker::batchReady, this, &Capture::batchReady);
    connect(worker_, &CaptureWorker::failed, this, &Capture::failed);
    CaptureWorker *worker = worker_;
    connect(worker_, &CaptureWorker::finished, this, [this, worker] {
        if (worker_ && worker_ != worker)
            return; // an earlier capture, already stopped and replaced
        stop(); // the loop has returned: join the thread now
        Q_EMIT finished();
    });
    thread_ = QThread::create([worker] { worker->run(); });
    thread_->setObjectName(QStringLiteral("capture"));
    thread_->start();
}

void Capture::requestStop()
{
    if (worker_)
        worker_->requestStop();
}

void Capture::stop()
{
    if (!thread_)
        return;
    worker_->requestStop();
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
    // Deliver what the worker emitted before it ended (its last batch, finished()) now, so that
    // when stop() returns everything captured has reached our listeners; nothing is lost to a
    // clear() or a new capture that follows.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    worker_->deleteLater();
    worker_ = nullptr;
}

} // namespace hv
