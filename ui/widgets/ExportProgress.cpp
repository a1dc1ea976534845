#include "ExportProgress.h"

#include <QCoreApplication>

#include <algorithm>
#include <QProgressDialog>

namespace hv {

namespace {

struct ProgressWords {
    Q_DECLARE_TR_FUNCTIONS(hv::MainWindow)
};

// The dialog runs the event loop each time it moves: often enough to answer a click, not so
// often that the export waits for it.
constexpr qint64 kUpdateEveryMs = 40;

} // namespace

ExportProgress::ExportProgress(QWidget *parent, const QString &fileName)
    : dialog_(std::make_unique<QProgressDialog>(parent))
{
    dialog_->setWindowModality(Qt::WindowModal);
    dialog_->setWindowTitle(ProgressWords::tr("Export"));
    //: zh: 正在写入 %1…
    dialog_->setLabelText(ProgressWords::tr("Writing %1…").arg(fileName));
    dialog_->setRange(0, kSteps);
    dialog_->setMinimumDuration(kShowAfterMs);
    dialog_->setAutoReset(false);
    dialog_->setAutoClose(false);
    dialog_->setValue(0); // starts its clock: it shows once the export has run kShowAfterMs
}

ExportProgress::~ExportProgress() = default;

std::function<bool(uint64_t, uint64_t)> ExportProgress::callback()
{
    return [this](uint64_t done, uint64_t total) { return report(done, total); };
}

bool ExportProgress::wasCancelled() const
{
    return dialog_->wasCanceled();
}

bool ExportProgress::report(uint64_t done, uint64_t total)
{
    if (sinceUpdate_.isValid() && sinceUpdate_.elapsed() < kUpdateEveryMs)
        return !dialog_->wasCanceled();
    sinceUpdate_.start();
    const int value = total ? int(std::min<uint64_t>(done, total) * kSteps / total) : 0;
    // At least 1: setValue(0) again would restart the dialog's clock.
    // Before it shows (kShowAfterMs), setValue() only decides whether to; once shown, it runs the
    // event loop (the dialog is modal): it paints and hears the Cancel.
    dialog_->setValue(std::clamp(value, 1, kSteps - 1));
    return !dialog_->wasCanceled();
}

} // namespace hv
