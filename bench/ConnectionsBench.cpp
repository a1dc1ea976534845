#include "ConnectionsBench.h"

#include "ForkedChild.h"

// handshake-bench connections [SECONDS] [RATE] [follow|all]: what a class does to the window over
// a lesson.
// The real session and window (shown), our server on a loopback port with the live capture on lo
// as the program runs it, and a driver in a forked child (its work is not on the GUI thread nor
// in our CPU and memory figures) that opens RATE connections a second for SECONDS (default 25 for
// 120 s: 3,000 connections). Each connection sends a short message; the bench, on the GUI thread,
// sends the same bytes back through the program's own server (Session::serverSend to that peer),
// so the round trip includes the GUI thread's event loop: accept, recv, the timeline, the ladder,
// the connection list and the panes. Then the client closes, the server closes on its recv() of 0,
// and the connection goes through its whole teardown. The ladder follows the latest connection
// (the default), or shows all of them stacked (VIEW all).
//
// Round trip: from the message's send() to the whole reply read, in the driver. The figures of the
// first minute are compared with those of the last (first and last third when SECONDS < 120): a
// cost that grows with the session shows as a ratio above 1. GUI CPU: the GUI thread's own CPU
// clock (pthread_getcpuclockid) over the same windows. Connections open on a fixed schedule
// (open loop: a slow window does not slow the class down). Prints key=value lines; the exit status
// is 3 when a connection failed, or the ladder did not get all of them through their teardown, or
// the server still holds a peer.

#include "ConnectionList.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "SocketAddress.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool readAll(int fd, void *data, size_t size)
{
    auto *p = static_cast<char *>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= size_t(n);
    }
    return true;
}

bool writeAll(int fd, const void *data, size_t size)
{
    const auto *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= size_t(n);
    }
    return true;
}

// What became of one connection of the driver.
struct Outcome {
    enum Stage : int32_t { Connect, Send, Receive, Done };
    // Failures that are no errno.
    static constexpr int32_t kTimeout = -1;  // no whole reply within kTimeoutUs of connect()
    static constexpr int32_t kEnd = -2;      // the server closed before the reply was whole
    static constexpr int32_t kMismatch = -3; // the reply was not the message

    int64_t startUs = 0;   // connect() called (steady clock, shared with the parent)
    int64_t connectUs = 0; // connect() done, from startUs
    int64_t rttUs = -1;    // the message's send() to the whole reply read
    int32_t error = 0;     // 0, an errno, or one of the above
    int32_t stage = Connect;
};

struct DriverRequest {
    uint16_t port = 0;
    double seconds = 0;
    double rate = 0;
};

struct DriverHeader {
    int64_t startUs = 0; // the schedule's first connection
    uint64_t count = 0;  // outcomes that follow
};

constexpr int64_t kTimeoutUs = 10'000'000;

// The class: a forked child (before any thread exists) that opens connections on a fixed
// schedule with non-blocking sockets in one poll loop, and reports every outcome at the end.
class Driver {
public:
    bool fork()
    {
        hv::bench::ForkedChild c;
        if (!c.fork([this](int in, int out) { return child(in, out); }))
            return false;
        pid_ = c.pid;
        to_ = c.to;
        from_ = c.from;
        return true;
    }
    bool start(const DriverRequest &request) { return writeAll(to_, &request, sizeof request); }
    // Readable once the driver is done.
    int resultFd() const { return from_; }
    bool results(DriverHeader *header, std::vector<Outcome> *outcomes)
    {
        if (!readAll(from_, header, sizeof *header))
            return false;
        outcomes->resize(header->count);
        const bool ok = header->count == 0 || readAll(from_, outcomes->data(), header->count * sizeof(Outcome));
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
        return ok;
    }
    ~Driver()
    {
        if (pid_ > 0) {
            ::close(to_); // the child's read fails: it exits
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }

private:
    struct Active {
        int fd = -1;
        size_t index = 0;
        bool connected = false;
        int64_t sentUs = 0;
        size_t got = 0;
        char message[40] = {};
        size_t length = 0;
    };

    static int child(int in, int out)
    {
        DriverRequest rq;
        if (!readAll(in, &rq, sizeof rq))
            return 1;
        const auto total = size_t(std::llround(rq.seconds * rq.rate));
        std::vector<Outcome> outcomes(total);
        std::vector<Active> active;
        const int64_t t0 = nowUs();
        size_t opened = 0;
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(rq.port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

        auto fail = [&](Active &a, int error) {
            outcomes[a.index].error = error;
            ::close(a.fd);
            a.fd = -1;
        };
        auto sendMessage = [&](Active &a, int64_t now) {
            Outcome &o = outcomes[a.index];
            o.connectUs = now - o.startUs;
            o.stage = Outcome::Send;
            a.connected = true;
            const ssize_t n = ::send(a.fd, a.message, a.length, MSG_NOSIGNAL);
            a.sentUs = nowUs();
            if (n != ssize_t(a.length)) {
                fail(a, n < 0 ? errno : Outcome::kMismatch);
                return;
            }
            o.stage = Outcome::Receive;
        };
        auto open = [&](size_t index) {
            Active a;
            a.index = index;
            a.length = size_t(std::snprintf(a.message, sizeof a.message, "hello %zu\n", index + 1));
            Outcome &o = outcomes[index];
            o.startUs = nowUs();
            a.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (a.fd < 0) {
                o.error = errno;
                return;
            }
            if (::connect(a.fd, reinterpret_cast<const sockaddr *>(&to), sizeof to) == 0) {
                sendMessage(a, nowUs());
            } else if (errno != EINPROGRESS) {
                fail(a, errno);
                return;
            }
            if (a.fd >= 0)
                active.push_back(a);
        };

        std::vector<pollfd> fds;
        for (;;) {
            int64_t now = nowUs();
            while (opened < total && now >= t0 + int64_t(double(opened) * 1e6 / rq.rate))
                open(opened++);
            for (Active &a : active)
                if (now - outcomes[a.index].startUs > kTimeoutUs)
                    fail(a, Outcome::kTimeout);
            active.erase(std::remove_if(active.begin(), active.end(), [](const Active &a) { return a.fd < 0; }),
                         active.end());
            if (opened == total && active.empty())
                break;
            fds.clear();
            for (const Active &a : active)
                fds.push_back({a.fd, short(a.connected ? POLLIN : POLLOUT), 0});
            int64_t wait = 100'000;
            if (opened < total)
                wait = std::clamp<int64_t>(t0 + int64_t(double(opened) * 1e6 / rq.rate) - now, 0, wait);
            const timespec ts{time_t(wait / 1'000'000), long(wait % 1'000'000) * 1000};
            if (::ppoll(fds.data(), fds.size(), &ts, nullptr) <= 0)
                continue;
            now = nowUs();
            for (size_t i = 0; i < fds.size(); ++i) {
                if (!fds[i].revents)
                    continue;
                Active &a = active[i];
                if (!a.connected) {
                    int error = 0;
                    socklen_t len = sizeof error;
                    ::getsockopt(a.fd, SOL_SOCKET, SO_ERROR, &error, &len);
                    if (error != 0)
                        fail(a, error);
                    else
                        sendMessage(a, now);
                    continue;
                }
                char buf[64];
                const ssize_t n = ::recv(a.fd, buf, sizeof buf, 0);
                if (n < 0) {
                    if (errno != EAGAIN && errno != EINTR)
                        fail(a, errno);
                    continue;
                }
                if (n == 0) {
                    fail(a, Outcome::kEnd);
                    continue;
                }
                if (a.got + size_t(n) > a.length || std::memcmp(buf, a.message + a.got, size_t(n)) != 0) {
                    fail(a, Outcome::kMismatch);
                    continue;
                }
                a.got += size_t(n);
                if (a.got == a.length) {
                    Outcome &o = outcomes[a.index];
                    o.rttUs = nowUs() - a.sentUs;
                    o.stage = Outcome::Done;
                    ::close(a.fd); // the client closes: its FIN, then the server's
                    a.fd = -1;
                }
            }
        }
        const DriverHeader header{t0, uint64_t(outcomes.size())};
        if (!writeAll(out, &header, sizeof header) || !writeAll(out, outcomes.data(), outcomes.size() * sizeof(Outcome)))
            return 1;
        return 0;
    }

    pid_t pid_ = -1;
    int to_ = -1, from_ = -1;
};

// The GUI thread's CPU time, read from another thread every 100 ms, and the time it waited for a
// core (the scheduler's run queue, /proc/self/task/TID/schedstat): on a busy machine the round
// trip grows with that wait, which is not the program's cost.
class CpuSampler {
public:
    struct Sample {
        int64_t wallUs, cpuUs, waitUs;
    };
    // Call on the GUI thread.
    bool start()
    {
        if (pthread_getcpuclockid(pthread_self(), &clock_) != 0)
            return false;
        schedstat_ = "/proc/self/task/" + std::to_string(::gettid()) + "/schedstat";
        thread_ = std::thread([this] {
            while (!stop_) {
                record();
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
        return true;
    }
    void stop()
    {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
        record();
    }
    ~CpuSampler() { stop(); }
    // Percent of one core the GUI thread used over [fromUs, toUs), or (wait) spent waiting for one.
    double percent(int64_t fromUs, int64_t toUs, bool wait = false) const
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto first = std::lower_bound(samples_.begin(), samples_.end(), fromUs,
                                            [](const Sample &s, int64_t t) { return s.wallUs < t; });
        auto last = std::upper_bound(samples_.begin(), samples_.end(), toUs,
                                     [](int64_t t, const Sample &s) { return t < s.wallUs; });
        if (first == samples_.end() || last == samples_.begin())
            return 0;
        --last;
        if (last <= first)
            return 0;
        const int64_t used = wait ? last->waitUs - first->waitUs : last->cpuUs - first->cpuUs;
        return 100.0 * double(used) / double(last->wallUs - first->wallUs);
    }

private:
    void record()
    {
        timespec ts{};
        if (clock_gettime(clock_, &ts) != 0)
            return;
        Sample s{nowUs(), int64_t(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000, 0};
        std::ifstream f(schedstat_);
        long long run = 0, waited = 0;
        if (f >> run >> waited)
            s.waitUs = waited / 1000;
        const std::lock_guard<std::mutex> lock(mutex_);
        samples_.push_back(s);
    }

    clockid_t clock_{};
    std::string schedstat_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<Sample> samples_;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

long statusKb(const char *key)
{
    std::ifstream f("/proc/self/status");
    std::string line;
    const size_t n = std::strlen(key);
    while (std::getline(f, line))
        if (line.compare(0, n, key) == 0)
            return std::atol(line.c_str() + n + 1);
    return 0;
}

// Runs the event loop (sleeping in it, not spinning) until `done` or `ms` passed.
template<typename Done>
bool waitFor(Done done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}

std::string reasonOf(const Outcome &o)
{
    static const char *stages[] = {"connect", "send", "recv", "done"};
    std::string why;
    switch (o.error) {
    case Outcome::kTimeout: why = "timeout"; break;
    case Outcome::kEnd: why = "closed_early"; break;
    case Outcome::kMismatch: why = "wrong_reply"; break;
    default:
        if (const char *name = strerrorname_np(o.error))
            why = name;
        else
            why = "errno" + std::to_string(o.error);
    }
    return std::string(stages[std::clamp(o.stage, 0, 3)]) + ":" + why;
}

bool gone(hv::TcpState s)
{
    return s == hv::TcpState::TimeWait || s == hv::TcpState::Closed;
}

} // namespace

int connectionsBench(int argc, char **argv)
{
    const double seconds = argc >= 2 ? std::atof(argv[1]) : 120.0;
    const double rate = argc >= 3 ? std::atof(argv[2]) : 25.0;
    const std::string view = argc >= 4 ? argv[3] : "follow";
    if (!(seconds > 0 && seconds <= 3600) || !(rate > 0 && rate <= 1000) || (view != "follow" && view != "all")) {
        std::fprintf(stderr, "handshake-bench: connections SECONDS must be in (0, 3600], RATE in (0, 1000], VIEW follow or all\n");
        return 2;
    }
    Driver driver; // forked now, before any thread
    if (!driver.fork()) {
        std::perror("handshake-bench: fork");
        return 1;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int qargc = 1;
    char name[] = "handshake-bench";
    char *qargv[] = {name, nullptr};
    QApplication app(qargc, qargv);

    hv::Session session;
    hv::MainWindow window(&session.timeline());
    hv::wireWindow(session, window);
    window.resize(1400, 860);
    window.show();
    // What the ladder shows: the latest connection (the program's default), or all of them stacked
    // (the connection list's second entry, as a teacher picks it).
    if (view == "all")
        window.connectionList()->choose(hv::LadderView::AllConnections);
    QString error;
    if (!session.startServer(QStringLiteral("127.0.0.1"), 0, &error)) {
        std::fprintf(stderr, "handshake-bench: %s\n", qUtf8Printable(error));
        return 1;
    }
    const quint16 port = session.server().port();
    waitFor([&] { return session.isLiveCaptureReady() || session.liveCaptureHasFailed(); }, 10000);
    if (!session.isLiveCaptureReady()) {
        std::fprintf(stderr, "handshake-bench: the live capture on lo did not start (connections needs capture rights)\n");
        return 1;
    }

    // The reply: each message back to the peer that sent it, through the program's server.
    QHash<QString, uint32_t> peerSockets;
    uint64_t replies = 0, unknownPeers = 0;
    QObject::connect(&session.server(), &hv::ChatServer::socketCall, &app, [&](const hv::SocketCall &c) {
        if (c.kind == hv::CallKind::AcceptReturns)
            peerSockets.insert(hv::endpointText(c.peer), c.socket);
        else if (c.kind == hv::CallKind::Close && c.hasPeer())
            peerSockets.remove(hv::endpointText(c.peer));
    });
    QObject::connect(&session.server(), &hv::ChatServer::messageReceived, &app,
                     [&](const QString &peer, const QByteArray &bytes) {
                         const auto it = peerSockets.constFind(peer);
                         if (it == peerSockets.constEnd()) {
                             ++unknownPeers;
                             return;
                         }
                         replies += session.serverSend(bytes, it.value());
                     });

    CpuSampler cpu;
    if (!cpu.start()) {
        std::fprintf(stderr, "handshake-bench: no CPU clock for the GUI thread\n");
        return 1;
    }
    // Baseline: the idle window for a second.
    const int64_t idleFrom = nowUs();
    waitFor([] { return false; }, 1000);
    const int64_t idleTo = nowUs();

    if (!driver.start({port, seconds, rate})) {
        std::fprintf(stderr, "handshake-bench: the driver process did not answer\n");
        return 1;
    }
    {
        QEventLoop loop;
        QSocketNotifier done(driver.resultFd(), QSocketNotifier::Read);
        QObject::connect(&done, &QSocketNotifier::activated, &loop, &QEventLoop::quit);
        QTimer::singleShot(int(seconds * 1000) + int(kTimeoutUs / 1000) + 30000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    DriverHeader header;
    std::vector<Outcome> outcomes;
    if (!driver.results(&header, &outcomes)) {
        std::fprintf(stderr, "handshake-bench: the driver process did not report\n");
        return 1;
    }
    // The last teardowns and the capture's last batches.
    waitFor([&] { return session.server().peerCount() == 0; }, 5000);
    waitFor([] { return false; }, 1000);
    cpu.stop();

    const int64_t t0 = header.startUs;
    const auto totalUs = int64_t(seconds * 1e6);
    const int64_t windowUs = seconds >= 120 ? 60'000'000 : totalUs / 3;
    std::vector<double> first, last;
    std::map<std::string, int> reasons;
    size_t failures = 0;
    std::vector<double> connectFirst, connectLast;
    for (const Outcome &o : outcomes) {
        if (o.stage != Outcome::Done) {
            ++failures;
            ++reasons[reasonOf(o)];
            continue;
        }
        const int64_t at = o.startUs - t0;
        const double ms = double(o.rttUs) / 1000.0;
        if (at < windowUs) {
            first.push_back(ms);
            connectFirst.push_back(double(o.connectUs) / 1000.0);
        }
        if (at >= totalUs - windowUs) {
            last.push_back(ms);
            connectLast.push_back(double(o.connectUs) / 1000.0);
        }
    }
    // The trend, in six slices of the run.
    constexpr int kSlices = 6;
    std::string rttSlices, cpuSlices;
    for (int i = 0; i < kSlices; ++i) {
        const int64_t from = totalUs * i / kSlices, to = totalUs * (i + 1) / kSlices;
        std::vector<double> v;
        for (const Outcome &o : outcomes)
            if (o.stage == Outcome::Done && o.startUs - t0 >= from && o.startUs - t0 < to)
                v.push_back(double(o.rttUs) / 1000.0);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%.1f", i ? "," : "", percentile(v, 0.95));
        rttSlices += buf;
        std::snprintf(buf, sizeof buf, "%s%.0f", i ? "," : "", cpu.percent(t0 + from, t0 + to));
        cpuSlices += buf;
    }

    const hv::Timeline &timeline = session.liveTimeline();
    size_t onLadder = 0, tornDown = 0;
    for (const hv::Connection &c : timeline.connections()) {
        if (c.id == 0 || c.server.port != port)
            continue;
        ++onLadder;
        tornDown += gone(c.clientState) && gone(c.serverState);
    }

    const double p95First = percentile(first, 0.95), p95Last = percentile(last, 0.95);
    const double ratio = p95First > 0 ? p95Last / p95First : 0;
    std::string why;
    for (const auto &[reason, n] : reasons)
        why += (why.empty() ? "" : ",") + reason + "=" + std::to_string(n);
    std::printf("seconds=%.1f\n", seconds);
    std::printf("rate=%.1f\n", rate);
    std::printf("view=%s\n", view.c_str());
    std::printf("window_seconds=%.1f\n", double(windowUs) / 1e6);
    std::printf("connections=%zu\n", outcomes.size());
    std::printf("failures=%zu\n", failures);
    std::printf("failure_reasons=%s\n", why.empty() ? "none" : why.c_str());
    std::printf("rtt_p50_first_minute_ms=%.2f\n", percentile(first, 0.50));
    std::printf("rtt_p95_first_minute_ms=%.2f\n", p95First);
    std::printf("rtt_p50_last_minute_ms=%.2f\n", percentile(last, 0.50));
    std::printf("rtt_p95_last_minute_ms=%.2f\n", p95Last);
    std::printf("rtt_max_ms=%.2f\n", [&] {
        double m = 0;
        for (const Outcome &o : outcomes)
            if (o.stage == Outcome::Done)
                m = std::max(m, double(o.rttUs) / 1000.0);
        return m;
    }());
    std::printf("rtt_p95_slices_ms=%s\n", rttSlices.c_str());
    std::printf("connect_p95_first_minute_ms=%.2f\n", percentile(connectFirst, 0.95));
    std::printf("connect_p95_last_minute_ms=%.2f\n", percentile(connectLast, 0.95));
    std::printf("rtt_ratio=%.2f\n", ratio);
    std::printf("gui_cpu_idle_pct=%.1f\n", cpu.percent(idleFrom, idleTo));
    std::printf("gui_cpu_first_minute_pct=%.1f\n", cpu.percent(t0, t0 + windowUs));
    std::printf("gui_cpu_last_minute_pct=%.1f\n", cpu.percent(t0 + totalUs - windowUs, t0 + totalUs));
    std::printf("gui_cpu_slices_pct=%s\n", cpuSlices.c_str());
    // Time the GUI thread was ready to run but waited for a core (another program's work).
    std::printf("gui_wait_for_cpu_first_minute_pct=%.1f\n", cpu.percent(t0, t0 + windowUs, true));
    std::printf("gui_wait_for_cpu_last_minute_pct=%.1f\n", cpu.percent(t0 + totalUs - windowUs, t0 + totalUs, true));
    std::printf("replies=%llu\n", static_cast<unsigned long long>(replies));
    std::printf("messages_from_unknown_peers=%llu\n", static_cast<unsigned long long>(unknownPeers));
    std::printf("ladder_connections=%zu\n", onLadder);
    std::printf("ladder_torn_down=%zu\n", tornDown);
    std::printf("ladder_segments=%zu\n", timeline.segmentCount());
    const hv::PacketCounts &counts = timeline.counts();
    std::printf("packets_dropped=%s\n", counts.dropped ? std::to_string(*counts.dropped).c_str() : "unknown");
    std::printf("server_peers_left=%d\n", session.server().peerCount());
    std::printf("rss_mb=%.1f\n", double(statusKb("VmRSS:")) / 1024.0);
    std::printf("peak_rss_mb=%.1f\n", double(statusKb("VmHWM:")) / 1024.0);
    std::printf("target_rtt_ratio=2 target_met=%s\n", p95First > 0 && ratio <= 2 ? "yes" : "no");
    // A run that lost connections, or left some of them open, measured something else.
    const bool whole = failures == 0 && onLadder == outcomes.size() && tornDown == outcomes.size()
        && session.server().peerCount() == 0;
    return whole ? 0 : 3;
}
