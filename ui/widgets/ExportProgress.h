#pragma once
// The progress of a long export, for the person who asked for it: a .txt or .json of a capture
// with a million segments takes seconds. A window-modal dialog appears once the export is
// predicted to take more than half a second (QProgressDialog's minimumDuration), moves as the file
// is written, and its Cancel stops the export (nothing is left at the path). Give callback() to ExportOptions::progress; the timeline must be held
// meanwhile (Timeline::hold(), as Session::exportTo() does), since the dialog runs the event loop.
#include <QElapsedTimer>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>

class QProgressDialog;
class QWidget;

namespace hv {

class ExportProgress {
public:
    ExportProgress(QWidget *parent, const QString &fileName);
    ~ExportProgress();
    ExportProgress(const ExportProgress &) = delete;
    ExportProgress &operator=(const ExportProgress &) = delete;

    std::function<bool(uint64_t done, uint64_t total)> callback();
    bool wasCancelled() const;
    QProgressDialog *dialog() const { return dialog_.get(); }

    // The dialog's scale: done/total in thousandths.
    static constexpr int kSteps = 1000;
    // Exports predicted to take less than this show no dialog.
    static constexpr int kShowAfterMs = 500;

private:
    bool report(uint64_t done, uint64_t total);

    std::unique_ptr<QProgressDialog> dialog_;
    QElapsedTimer sinceUpdate_;
};

} // namespace hv
