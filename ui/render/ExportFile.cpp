#include "ExportFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace hv {

namespace {

// The same context as the rest of the exporter's words (Exporter.cpp).
struct ExportWords {
    Q_DECLARE_TR_FUNCTIONS(Exporter)
};

} // namespace

QString cannotWrite(const QString &path, const QString &reason)
{
    return ExportWords::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), reason);
}

ExportFile::ExportFile(const QString &path) : path_(path) {}

// A QSaveFile not committed removes its temporary file when it goes.
ExportFile::~ExportFile() = default;

bool ExportFile::open()
{
    // QFileInfo follows symlinks: what is at the end of them decides.
    const QFileInfo target(path_);
    direct_ = target.exists() && !target.isFile() && !target.isDir();
    if (direct_)
        file_ = std::make_unique<QFile>(path_);
    else
        file_ = std::make_unique<QSaveFile>(path_);
    // Unbuffered: the chunks are ours, a second buffer would only copy them.
    if (!file_->open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return fail(file_->errorString());
    buffer_.reserve(size_t(kChunk + kChunk / 4));
    return true;
}

void ExportFile::setProgress(Progress progress, uint64_t total)
{
    progress_ = std::move(progress);
    total_ = total;
    done_ = 0;
}

bool ExportFile::writeBuffer()
{
    if (!file_)
        return false;
    const char *data = buffer_.data();
    auto left = qint64(buffer_.size());
    while (left > 0) {
        const qint64 n = file_->write(data, left);
        if (n <= 0)
            return fail(file_->errorString());
        data += n;
        left -= n;
    }
    buffer_.clear(); // keeps its capacity
    return true;
}

bool ExportFile::passChunk()
{
    if (!writeBuffer())
        return false;
    if (progress_ && !progress_(done_, total_))
        //: zh: 导出已取消
        return fail(ExportWords::tr("the export was cancelled"));
    return true;
}

bool ExportFile::commit()
{
    if (!file_ || !writeBuffer())
        return false;
    if (auto *save = qobject_cast<QSaveFile *>(file_.get())) {
        if (!save->commit())
            return fail(save->errorString());
    } else {
        // A device says it is full when the bytes reach it: at the flush, or at the close.
        if (!file_->flush())
            return fail(file_->errorString());
        file_->close();
        if (file_->error() != QFileDevice::NoError)
            return fail(file_->errorString());
    }
    file_.reset();
    return true;
}

bool ExportFile::fail(const QString &reason)
{
    if (error_.isEmpty())
        error_ = cannotWrite(path_, reason);
    file_.reset(); // a QSaveFile's temporary file goes at once
    return false;
}

} // namespace hv
