#include "Capture.h"

#include <QCoreApplication>

namespace hv {

Capture::Capture(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hv::CaptureBatch>();
    qRegisterMetaType<hv::SourceInfo>();
    qRegisterMetaType<hv::CaptureFailure>();
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
    filter_.clear();
    // The worker stays in this thread's object tree; only its blocking run() executes in the capture
    // thread, so its signals reach us queued and it is deleted here after the join.
    auto *worker = new CaptureWorker(request, this);
    {
        QMutexLocker lock(&workerMutex_);
        worker_ = worker;
    }
    connect(worker_, &CaptureWorker::started, this, [this](const SourceInfo &source) {
        filter_ = source.filter;
        Q_EMIT started(source);
    });
    connect(worker_, &CaptureWorker::batchReady, this, &Capture::batchReady);
    connect(worker_, &CaptureWorker::failed, this, &Capture::failed);
    connect(worker_, &CaptureWorker::problem, this, &Capture::problem);
    connect(worker_, &CaptureWorker::filterChanged, this, [this](const QString &filter) {
        filter_ = filter;
        Q_EMIT filterChanged(filter);
    });
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

void Capture::setFilter(const QString &filter)
{
    QMutexLocker lock(&workerMutex_);
    if (worker_)
        worker_->setFilter(filter);
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
    QMutexLocker lock(&workerMutex_);
    worker_ = nullptr;
}

} // namespace hv
