#include "FrameDetails.h"

#include <QCoreApplication>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace hv {

FrameDetails loadFrameDetails(const FrameRequest &request)
{
    FrameDetails details;
    details.frame = request.segment.frame;
    if (!request.error.isEmpty() || !request.store) {
        details.error = request.error.isEmpty()
            //: zh: 第 %1 帧：没有保留它的原始字节
            ? QCoreApplication::translate("hv::FieldTree", "frame %1: its raw bytes were not kept").arg(request.segment.frame)
            : request.error;
        details.tree.headline = QCoreApplication::translate("hv::FieldTree", "Frame %1").arg(request.segment.frame);
        return details;
    }
    constexpr int kGrowRetries = 10;
    constexpr int kGrowWaitMs = 50;
    QString error;
    bool ok = request.store->read(request.frameInFile, &details.stored, &error);
    for (int i = 0; !ok && request.mayGrow && i < kGrowRetries; ++i) {
        QThread::msleep(kGrowWaitMs);
        ok = request.store->read(request.frameInFile, &details.stored, &error);
    }
    if (!ok) {
        details.error = error;
        details.tree.headline = QCoreApplication::translate("hv::FieldTree", "Frame %1").arg(request.segment.frame);
        return details;
    }
    details.tree = buildFieldTree(details.stored, request.segment,
                                  request.connection ? &*request.connection : nullptr);
    return details;
}

QFuture<FrameDetails> loadFrameDetailsAsync(FrameRequest request)
{
    return QtConcurrent::run([request = std::move(request)] { return loadFrameDetails(request); });
}

} // namespace hv
