#include "ExitSignals.h"

#include <QSocketNotifier>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace hv {

namespace {

constexpr int kExitSignals[] = {SIGTERM, SIGINT, SIGHUP};

static_assert(std::atomic<int>::is_always_lock_free, "the handler may only touch a lock-free atomic");
std::atomic<int> g_received{0};
int g_pipe[2] = {-1, -1};

extern "C" void onExitSignal(int signal)
{
    const int savedErrno = errno;
    int none = 0;
    if (!g_received.compare_exchange_strong(none, signal))
        ::_exit(128 + signal); // again while ending: the user insists
    const unsigned char byte = static_cast<unsigned char>(signal);
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

ExitSignals::ExitSignals(QObject *parent) : QObject(parent)
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qWarning("cannot watch for SIGTERM/SIGINT/SIGHUP (pipe: %s): they end the program without cleaning up",
                 strerror(errno));
        return;
    }
    notifier_ = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, [this] {
        unsigned char byte = 0;
        int signal = 0;
        while (::read(g_pipe[0], &byte, 1) == 1)
            signal = signal ? signal : byte;
        if (signal)
            Q_EMIT requested(signal);
    });
    for (int s : kExitSignals) {
        struct sigaction old{};
        if (::sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
            continue; // nohup, a background job: whoever started us wants it ignored
        struct sigaction action{};
        action.sa_handler = onExitSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(s, &action, nullptr);
    }
}

ExitSignals::~ExitSignals()
{
    // Back to the defaults: what follows (static destructors) has no event loop to tell.
    for (int s : kExitSignals) {
        struct sigaction old{};
        if (::sigaction(s, nullptr, &old) == 0 && old.sa_handler == onExitSignal)
            ::signal(s, SIG_DFL);
    }
    delete notifier_;
    notifier_ = nullptr;
    for (int &fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

int ExitSignals::received()
{
    return g_received.load();
}

const char *ExitSignals::name(int signal)
{
    switch (signal) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
    }
}

} // namespace hv
