#pragma once
// SIGTERM, SIGINT (Ctrl+C) and SIGHUP end the program through its event loop, so that every
// destructor runs: the capture thread is joined and the scratch folder of raw packets removed.
// The handler only stores the signal and writes its number into a pipe (both async-signal-safe);
// a QSocketNotifier on the pipe's other end says it in the thread that made this object. A second
// signal while the program is ending ends it at once (_exit(128 + signal)): a capture that hangs
// cannot keep a user from quitting. A signal ignored when the program started (nohup, a
// background job) stays ignored. Qt Core only.
#include <QObject>

class QSocketNotifier;

namespace hv {

class ExitSignals : public QObject {
    Q_OBJECT
public:
    // Installs the handlers; one object per process.
    explicit ExitSignals(QObject *parent = nullptr);
    ~ExitSignals() override;

    // The first exit signal received (SIGTERM, SIGINT, SIGHUP), 0 while none was. Any thread.
    static int received();
    // "SIGTERM", "SIGINT", "SIGHUP".
    static const char *name(int signal);

Q_SIGNALS:
    void requested(int signal); // the first one, from the event loop

private:
    QSocketNotifier *notifier_ = nullptr;
};

} // namespace hv
