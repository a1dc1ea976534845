#pragma once
// The file an export writes, a mebibyte at a time as the document is made.
//
// A regular file (or one not there yet) is written through a QSaveFile: until commit() nothing is
// at the path, so a failed or cancelled export leaves no partial file and keeps the file it would
// have replaced. A device or a FIFO that is already there (/dev/stdout, /dev/full, a pipe given
// as the path or behind a symlink) is written directly: QSaveFile would write a file next to it
// and rename that over the device node itself.
#include <QByteArray>
#include <QFileDevice>
#include <QString>

#include <functional>
#include <memory>
#include <string>

namespace hv {

// "cannot write PATH: REASON", in the interface language: every export error names its file so.
QString cannotWrite(const QString &path, const QString &reason);

class ExportFile {
public:
    static constexpr qsizetype kChunk = qsizetype(1) << 20;
    using Progress = std::function<bool(uint64_t done, uint64_t total)>;

    explicit ExportFile(const QString &path);
    ~ExportFile(); // without commit(): nothing is left at the path
    ExportFile(const ExportFile &) = delete;
    ExportFile &operator=(const ExportFile &) = delete;

    bool open();
    // The bytes not yet written: append to it, then call advance().
    std::string &buffer() { return buffer_; }
    // `units` more of `total` done (segments, calls): when a chunk has gathered, it is written and
    // the progress hears of it. False once writing failed or the progress cancelled.
    void setProgress(Progress progress, uint64_t total);
    bool advance(uint64_t units = 1)
    {
        done_ += units;
        return buffer_.size() < size_t(kChunk) || passChunk();
    }
    // For writers that want the device itself (QImageWriter): nothing may be left in buffer().
    QIODevice *device() const { return file_.get(); }
    // Writes what is left and puts the file in place.
    bool commit();
    // "cannot write PATH: REASON" after a false from any of the above.
    const QString &error() const { return error_; }

private:
    bool writeBuffer();
    bool passChunk();
    bool fail(const QString &reason);

    QString path_;
    std::unique_ptr<QFileDevice> file_;
    bool direct_ = false;
    std::string buffer_;
    Progress progress_;
    uint64_t done_ = 0, total_ = 0;
    QString error_;
};

} // namespace hv
