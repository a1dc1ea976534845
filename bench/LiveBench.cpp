#include "LiveBench.h"

#include "ForkedChild.h"

// handshake-bench live [SECONDS]: the real window and session, a live capture on lo, and two
// floods into the session's own server, each SECONDS long (default 5):
//   bulk:  one peer sending 64 KiB buffers as fast as the server reads them;
//   small: one peer sending 64-byte writes with TCP_NODELAY (one segment each, ~100k+/s) to a
//          fast reader of the bench's own on a second port the capture covers.
// While they run, a probe thread posts a key event to the window every 10 ms and the GUI thread
// notes when it is delivered: input latency as the window experiences it (input queued behind
// whatever the GUI thread is doing). The baseline is the same probe for 1 s before any flood.
// An independent libpcap handle with a 256 MB ring counts the packets on the port (packets_seen);
// the session's timeline says how many it kept, its capture how many the kernel dropped.
// Prints key=value lines.

#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QInputDevice>
#include <QKeyEvent>
#include <QThread>
#include <QTimer>

#include <pcap/pcap.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <string>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
}

// A key press nobody acts on (Shift alone), marked by its native scan code, posted from the probe
// thread with the time it was posted.
constexpr quint32 kProbeScanCode = 0x7e57;

class ProbeFilter : public QObject {
public:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            auto *k = static_cast<QKeyEvent *>(event);
            if (k->nativeScanCode() == kProbeScanCode) {
                const int64_t posted = int64_t(k->nativeModifiers()) | (int64_t(k->nativeVirtualKey()) << 32);
                const std::lock_guard<std::mutex> lock(mutex);
                samples.push_back({posted, nowUs()});
                return true;
            }
        }
        return false;
    }
    struct Sample {
        int64_t postedUs, deliveredUs;
    };
    std::mutex mutex;
    std::vector<Sample> samples;
};

class Prober {
public:
    explicit Prober(QObject *target) : target_(target) {}
    void start()
    {
        thread_ = std::thread([this] {
            while (!stop_) {
                const int64_t t = nowUs();
                auto *e = new QKeyEvent(QEvent::KeyPress, Qt::Key_Shift, Qt::NoModifier, kProbeScanCode,
                                        quint32(uint64_t(t) >> 32), quint32(uint64_t(t) & 0xffffffffu));
                QCoreApplication::postEvent(target_, e);
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        });
    }
    void stop()
    {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
    }
    ~Prober() { stop(); }

private:
    QObject *target_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// An independent count of the packets on the ports: its own handle with a big ring, in a child
// process forked before any thread exists (so its ring is not in the bench's memory figures).
class Counter {
public:
    // Forks the child; it waits for the ports.
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
    bool start(quint16 port, quint16 port2, std::string *error)
    {
        const uint16_t ports[2] = {port, port2};
        char reply[256] = {};
        if (::write(to_, ports, sizeof ports) != sizeof ports || ::read(from_, reply, sizeof reply - 1) <= 0) {
            *error = "the counting process did not answer";
            return false;
        }
        if (reply[0] != '+') {
            *error = reply + 1;
            return false;
        }
        return true;
    }
    // Reads what is still queued, then the kernel's drop count.
    void stop()
    {
        const char stop = 's';
        uint64_t figures[2] = {};
        if (::write(to_, &stop, 1) == 1 && ::read(from_, figures, sizeof figures) == sizeof figures) {
            count_ = figures[0];
            drops_ = figures[1];
        }
        ::waitpid(pid_, nullptr, 0);
    }
    uint64_t count() const { return count_; }
    uint64_t drops() const { return drops_; }

private:
    static int child(int in, int out)
    {
        uint16_t ports[2];
        if (::read(in, ports, sizeof ports) != sizeof ports)
            return 1;
        char err[PCAP_ERRBUF_SIZE] = {};
        auto fail = [&](const char *why) {
            std::string reply = std::string("-") + why;
            (void)!::write(out, reply.c_str(), reply.size() + 1);
            return 1;
        };
        pcap_t *p = pcap_create("lo", err);
        if (!p)
            return fail(err);
        pcap_set_snaplen(p, 96);
        pcap_set_buffer_size(p, 256 << 20);
        pcap_set_immediate_mode(p, 1);
        if (pcap_activate(p) < 0)
            return fail(pcap_geterr(p));
        bpf_program prog{};
        const std::string filter = "tcp port " + std::to_string(ports[0]) + " or tcp port " + std::to_string(ports[1]);
        if (pcap_compile(p, &prog, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 || pcap_setfilter(p, &prog) != 0)
            return fail(pcap_geterr(p));
        pcap_freecode(&prog);
        pcap_setnonblock(p, 1, err);
        (void)!::write(out, "+", 2);
        uint64_t count = 0;
        auto drain = [&] {
            while (pcap_dispatch(p, 4096, [](u_char *user, const pcap_pkthdr *, const u_char *) {
                       ++*reinterpret_cast<uint64_t *>(user);
                   }, reinterpret_cast<u_char *>(&count)) > 0) {
            }
        };
        pollfd fds[2] = {{pcap_get_selectable_fd(p), POLLIN, 0}, {in, POLLIN, 0}};
        for (;;) {
            ::poll(fds, 2, 100);
            drain();
            if (fds[1].revents)
                break;
        }
        ::usleep(300000); // what is still on its way
        drain();
        pcap_stat st{};
        const uint64_t figures[2] = {count, pcap_stats(p, &st) == 0 ? uint64_t(st.ps_drop) : 0};
        (void)!::write(out, figures, sizeof figures);
        pcap_close(p);
        return 0;
    }

    pid_t pid_ = -1;
    int to_ = -1, from_ = -1;
    uint64_t count_ = 0;
    uint64_t drops_ = 0;
};

// A fast reader of its own, on a port the session's capture covers: the small-segment flood must
// not be limited by how fast the program's server reads (a full receive window makes the kernel
// merge small writes into big segments).
class Sink {
public:
    quint16 start()
    {
        listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(listenFd_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(listenFd_, 4) != 0
            || ::getsockname(listenFd_, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            return 0;
        thread_ = std::thread([this] {
            const int fd = ::accept(listenFd_, nullptr, nullptr);
            if (fd < 0)
                return;
            std::vector<char> buf(1 << 20);
            while (::recv(fd, buf.data(), buf.size(), 0) > 0) {
            }
            ::close(fd);
        });
        return ntohs(a.sin_port);
    }
    ~Sink()
    {
        ::shutdown(listenFd_, SHUT_RDWR);
        if (thread_.joinable())
            thread_.join();
        ::close(listenFd_);
    }

private:
    int listenFd_ = -1;
    std::thread thread_;
};

// A peer of the session's server, sending for `seconds` in a thread of its own.
struct Flood {
    std::thread thread;
    std::atomic<bool> done{false};
    uint64_t bytes = 0, writes = 0;
    int64_t endUs = 0;

    void run(quint16 port, double seconds, size_t chunk, bool noDelay)
    {
        thread = std::thread([=, this] {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
                std::perror("handshake-bench: flood connect");
                ::close(fd);
                endUs = nowUs();
                done = true;
                return;
            }
            if (noDelay) {
                const int one = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            }
            // A send timeout: a server that stops reading must not hang the bench.
            timeval tv{0, 200000};
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            std::vector<char> buf(chunk, 'x');
            const int64_t end = nowUs() + int64_t(seconds * 1e6);
            while (nowUs() < end) {
                const ssize_t n = ::send(fd, buf.data(), buf.size(), MSG_NOSIGNAL);
                if (n > 0) {
                    bytes += uint64_t(n);
                    ++writes;
                } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    break;
                }
            }
            endUs = nowUs();
            ::close(fd);
            done = true;
        });
    }
    void join()
    {
        if (thread.joinable())
            thread.join();
    }
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

// Peak RSS from now on (Linux >= 4.0: writing 5 to clear_refs resets VmHWM).
void resetPeak()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

// Runs the event loop until `done` or `ms` passed.
template<typename Done>
void spin(Done done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

struct PhaseFigures {
    double p95 = 0, max = 0, afterMax = 0;
    size_t samples = 0;
};

// The probes of [fromUs, toUs): delivered latency; those posted from 1 s after the flood ended to
// `settleUs`: the recovery.
PhaseFigures figures(ProbeFilter &probe, int64_t fromUs, int64_t toUs, int64_t settleUs)
{
    std::vector<double> during;
    double afterMax = 0;
    const std::lock_guard<std::mutex> lock(probe.mutex);
    for (const auto &s : probe.samples) {
        const double ms = double(s.deliveredUs - s.postedUs) / 1000.0;
        if (s.postedUs >= fromUs && s.postedUs < toUs)
            during.push_back(ms);
        else if (s.postedUs >= toUs + 1000000 && s.postedUs < settleUs)
            afterMax = std::max(afterMax, ms);
    }
    PhaseFigures f;
    f.samples = during.size();
    f.p95 = percentile(during, 0.95);
    f.max = during.empty() ? 0 : *std::max_element(during.begin(), during.end());
    f.afterMax = afterMax;
    return f;
}

} // namespace

int liveBench(int argc, char **argv)
{
    const double seconds = argc >= 2 ? std::atof(argv[1]) : 5.0;
    if (!(seconds > 0 && seconds <= 120)) {
        std::fprintf(stderr, "handshake-bench: live SECONDS must be in (0, 120]\n");
        return 2;
    }
    Counter counter; // forked now, before any thread
    if (!counter.fork()) {
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
    QString error;
    if (!session.startServer(QStringLiteral("127.0.0.1"), 0, &error)) {
        std::fprintf(stderr, "handshake-bench: %s\n", qUtf8Printable(error));
        return 1;
    }
    const quint16 port = session.server().port();
    spin([&] { return session.isLiveCaptureReady() || session.liveCaptureHasFailed(); }, 10000);
    if (!session.isLiveCaptureReady()) {
        std::fprintf(stderr, "handshake-bench: the live capture on lo did not start (live needs capture rights)\n");
        return 1;
    }
    Sink sink;
    const quint16 sinkPort = sink.start();
    if (!sinkPort) {
        std::perror("handshake-bench: sink");
        return 1;
    }
    session.coverPort(sinkPort);
    bool covered = false;
    session.whenLiveReady([&covered] { covered = true; });
    spin([&] { return covered; }, 10000);
    std::string why;
    if (!counter.start(port, sinkPort, &why)) {
        std::fprintf(stderr, "handshake-bench: the independent count cannot capture: %s\n", why.c_str());
        return 1;
    }

    ProbeFilter probe;
    app.installEventFilter(&probe);
    // A key event names its device: make the primary keyboard in this thread, before the probe
    // thread constructs events that point to it.
    (void)QInputDevice::primaryKeyboard();
    Prober prober(window.ladderView());
    prober.start();

    // Baseline: the idle window.
    const int64_t idleFrom = nowUs();
    spin([] { return false; }, 1000);
    const int64_t idleTo = nowUs();

    const uint64_t keptBefore = session.liveTimeline().counts().total;
    struct PhaseRun {
        const char *name;
        size_t chunk;
        bool noDelay;
        bool toSink;
        int64_t fromUs = 0, toUs = 0, settleUs = 0;
        uint64_t bytes = 0, writes = 0;
        long peakKb = 0, afterKb = 0;
        uint64_t droppedAfter = 0;
    } phases[] = {{"bulk", 65536, false, false}, {"small", 64, true, true}};
    for (PhaseRun &ph : phases) {
        Flood flood;
        resetPeak();
        ph.fromUs = nowUs();
        flood.run(ph.toSink ? sinkPort : port, seconds, ph.chunk, ph.noDelay);
        spin([&] { return flood.done.load(); }, int(seconds * 1000) + 30000);
        flood.join();
        ph.toUs = flood.endUs;
        ph.bytes = flood.bytes;
        ph.writes = flood.writes;
        // Recovery: 3 s after the flood.
        spin([] { return false; }, 3000);
        ph.settleUs = nowUs();
        ph.peakKb = statusKb("VmHWM:");
        ph.droppedAfter = session.liveTimeline().counts().dropped.value_or(0);
        ph.afterKb = statusKb("VmRSS:");
    }
    prober.stop();
    app.removeEventFilter(&probe);

    // Everything the capture had, into the timeline.
    uint64_t last = 0;
    for (int i = 0; i < 50; ++i) {
        spin([] { return false; }, 200);
        const uint64_t now = session.liveTimeline().counts().total;
        if (now == last)
            break;
        last = now;
    }
    counter.stop();
    const uint64_t kept = session.liveTimeline().counts().total - keptBefore;

    std::vector<double> idle;
    {
        const std::lock_guard<std::mutex> lock(probe.mutex);
        for (const auto &s : probe.samples)
            if (s.postedUs >= idleFrom && s.postedUs < idleTo)
                idle.push_back(double(s.deliveredUs - s.postedUs) / 1000.0);
    }
    const double idleP95 = percentile(idle, 0.95);
    std::printf("seconds=%.1f\n", seconds);
    std::printf("idle_input_p95_ms=%.1f\n", idleP95);
    double worstP95 = 0, worstMax = 0, worstAfter = 0;
    for (const PhaseRun &ph : phases) {
        const PhaseFigures f = figures(probe, ph.fromUs, ph.toUs, ph.settleUs);
        std::printf("%s_bytes=%llu\n", ph.name, static_cast<unsigned long long>(ph.bytes));
        std::printf("%s_writes=%llu\n", ph.name, static_cast<unsigned long long>(ph.writes));
        std::printf("%s_probes=%zu\n", ph.name, f.samples);
        std::printf("%s_input_p95_ms=%.1f\n", ph.name, f.p95);
        std::printf("%s_input_max_ms=%.1f\n", ph.name, f.max);
        std::printf("%s_after_1s_max_ms=%.1f\n", ph.name, f.afterMax);
        std::printf("%s_peak_rss_mb=%.1f\n", ph.name, double(ph.peakKb) / 1024.0);
        std::printf("%s_rss_after_mb=%.1f\n", ph.name, double(ph.afterKb) / 1024.0);
        std::printf("%s_dropped_by_then=%llu\n", ph.name, static_cast<unsigned long long>(ph.droppedAfter));
        worstP95 = std::max(worstP95, f.p95);
        worstMax = std::max(worstMax, f.max);
        worstAfter = std::max(worstAfter, f.afterMax);
    }
    std::printf("input_p95_ms=%.1f\n", worstP95);
    std::printf("input_max_ms=%.1f\n", worstMax);
    std::printf("input_p95_vs_idle=%.1f\n", idleP95 > 0 ? worstP95 / idleP95 : 0);
    std::printf("packets_seen=%llu\n", static_cast<unsigned long long>(counter.count()));
    std::printf("packets_seen_dropped=%llu\n", static_cast<unsigned long long>(counter.drops()));
    std::printf("packets_kept=%llu\n", static_cast<unsigned long long>(kept));
    const hv::PacketCounts &counts = session.liveTimeline().counts();
    std::printf("packets_dropped=%s\n", counts.dropped ? std::to_string(*counts.dropped).c_str() : "unknown");
    std::printf("rss_mb=%.1f\n", double(statusKb("VmRSS:")) / 1024.0);
    long peakKb = 0;
    for (const PhaseRun &ph : phases)
        peakKb = std::max(peakKb, ph.peakKb);
    std::printf("peak_rss_mb=%.1f\n", double(peakKb) / 1024.0);
    std::printf("target_input_p95_ms=100 input_met=%s\n", worstP95 <= 100 ? "yes" : "no");
    std::printf("target_after_1s_ms=1000 after_met=%s\n", worstAfter <= 1000 ? "yes" : "no");
    // Every packet kept, or counted as dropped by the kernel: nothing lost without a word.
    const uint64_t dropped = counts.dropped.value_or(0);
    std::printf("target_kept_plus_dropped=seen accounted_met=%s\n", kept + dropped == counter.count() ? "yes" : "no");
    std::printf("target_kept=seen kept_met=%s\n", kept >= counter.count() ? "yes" : "no");
    std::printf("target_rss_mb=300 rss_met=%s\n", peakKb <= 300 * 1024 ? "yes" : "no");
    return 0;
}
