#pragma once
// Small helpers shared by the end-to-end tests: free ports, child processes, the program itself.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace hvtest {

// A loopback port nobody listens on right now (the kernel picks it).
inline quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
};

// Runs a program to completion (bounded), capturing its output.
inline Run run(const QString &program, const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("could not start %1: %2").arg(program, p.errorString()).toUtf8();
        return r;
    }
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline Run runViz(const QStringList &args, int timeoutMs = 60000)
{
    return run(QStringLiteral(HV_BINARY), args, timeoutMs);
}

inline QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// tcpdump writing to a file, started and confirmed listening before the traffic begins.
class Tcpdump {
public:
    // extraArgs go before the filter, e.g. {"--immediate-mode", "-B", "65536"}. Without immediate mode
    // libpcap hands packets over in blocks once a second (TPACKET_V3), so those of the last second
    // before stop() can be lost; with it, each packet takes a snaplen-sized slot (256 KiB) and the
    // default 2 MB buffer holds eight: a burst on "any" (which sees every loopback packet twice)
    // overflows it, hence the larger buffer (-B, in KiB).
    bool start(const QString &file, const QString &filter, const QString &iface = QStringLiteral("lo"),
               const QStringList &extraArgs = {})
    {
        proc_.setProcessChannelMode(QProcess::SeparateChannels);
        proc_.start(QStringLiteral("tcpdump"), QStringList{QStringLiteral("-i"), iface, QStringLiteral("-U"),
                                                           QStringLiteral("-n"), QStringLiteral("-w"), file}
                                                   + extraArgs + QStringList{filter});
        if (!proc_.waitForStarted(10000))
            return false;
        // tcpdump says "listening on lo" once the capture is active.
        for (int i = 0; i < 100; ++i) {
            proc_.waitForReadyRead(100);
            stderr_ += proc_.readAllStandardError();
            if (stderr_.contains("listening on"))
                return true;
            if (proc_.state() == QProcess::NotRunning)
                return false;
        }
        return false;
    }
    void stop()
    {
        if (proc_.state() == QProcess::NotRunning)
            return;
        // Without --immediate-mode, TPACKET_V3 holds packets until its 1 s block timeout and a quick
        // SIGTERM loses them; with it, -U writes each packet as it comes. A short grace still helps.
        QTest::qWait(300);
        proc_.terminate();
        proc_.waitForFinished(10000);
    }
    QByteArray errors() { return stderr_ + proc_.readAllStandardError(); }
    ~Tcpdump() { stop(); }

private:
    QProcess proc_;
    QByteArray stderr_;
};

// True when `program` is on PATH.
inline bool haveProgram(const QString &program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

// Wireshark's dumpcap writing pcapng, confirmed capturing before the traffic begins.
class Dumpcap {
public:
    bool start(const QString &file, const QString &filter, const QString &iface = QStringLiteral("lo"))
    {
        proc_.setProcessChannelMode(QProcess::SeparateChannels);
        proc_.start(QStringLiteral("dumpcap"), {QStringLiteral("-i"), iface, QStringLiteral("-w"), file,
                                                QStringLiteral("-f"), filter});
        if (!proc_.waitForStarted(10000))
            return false;
        for (int i = 0; i < 100; ++i) {
            proc_.waitForReadyRead(100);
            stderr_ += proc_.readAllStandardError();
            // dumpcap says "Capturing on" just before it opens the device: a refusal follows at once.
            if (stderr_.contains("Capturing on")) {
                proc_.waitForFinished(300);
                stderr_ += proc_.readAllStandardError();
                return proc_.state() != QProcess::NotRunning;
            }
            if (proc_.state() == QProcess::NotRunning)
                return false;
        }
        return false;
    }
    void stop()
    {
        if (proc_.state() == QProcess::NotRunning)
            return;
        QTest::qWait(500); // dumpcap reads with a 250 ms timeout: let the last segments arrive
        proc_.terminate();
        if (!proc_.waitForFinished(10000)) {
            proc_.kill();
            proc_.waitForFinished(5000);
        }
    }
    QByteArray errors() { return stderr_ + proc_.readAllStandardError(); }
    ~Dumpcap() { stop(); }

private:
    QProcess proc_;
    QByteArray stderr_;
};

// A TCP peer on 127.0.0.1 in a thread of its own: it accepts everything, reads everything and
// closes nothing (so a demo that connects to it waits for its close). Counts what it read.
class SilentPeer {
public:
    SilentPeer()
    {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(listener_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(listener_, 16) != 0
            || ::getsockname(listener_, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            return;
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~SilentPeer()
    {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
        for (const pollfd &p : fds_)
            ::close(p.fd);
    }
    quint16 port() const { return port_; }
    int64_t firstRead() const { return firstRead_; }      // bytes from the first connection
    bool firstAtEnd() const { return firstAtEnd_; }       // the first connection sent its FIN
    int64_t read() const { return read_; }                // bytes from all of them

private:
    void run()
    {
        fds_.push_back({listener_, POLLIN, 0});
        std::vector<char> buffer(1 << 20);
        while (!stop_) {
            if (::poll(fds_.data(), fds_.size(), 20) <= 0)
                continue;
            for (size_t i = 0; i < fds_.size(); ++i) {
                if (!(fds_[i].revents & (POLLIN | POLLHUP)))
                    continue;
                if (i == 0) {
                    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
                    if (fd >= 0)
                        fds_.push_back({fd, POLLIN, 0});
                    continue;
                }
                const ssize_t n = ::read(fds_[i].fd, buffer.data(), buffer.size());
                if (n > 0) {
                    read_ += n;
                    if (i == 1)
                        firstRead_ += n;
                } else {
                    fds_[i].events = 0; // at its end: kept open, never closed from here
                    if (i == 1)
                        firstAtEnd_ = true;
                }
            }
        }
    }

    int listener_ = -1;
    quint16 port_ = 0;
    std::vector<pollfd> fds_;
    std::atomic<bool> stop_{false};
    std::atomic<int64_t> firstRead_{0}, read_{0};
    std::atomic<bool> firstAtEnd_{false};
    std::thread thread_;
};

} // namespace hvtest
