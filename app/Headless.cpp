#include "Headless.h"

#include "Lessons.h"

#include "ExitSignals.h"
#include "Session.h"

#include <algorithm>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>
#include <algorithm>
#include <cstdio>

namespace hv {

namespace {

struct HeadlessWords {
    Q_DECLARE_TR_FUNCTIONS(Headless)
};

void printError(const QString &line)
{
    std::fprintf(stderr, "handshake-viz: %s\n", qUtf8Printable(line));
}

// A signal asked the program to end (ExitSignals): the run stops where it is, and says so.
constexpr int kInterrupted = -1;
bool interrupted()
{
    return ExitSignals::received() != 0;
}

// Runs the event loop until `done` says so or the deadline passes. False on timeout, and at once
// when an exit signal came (interrupted() tells which).
template <typename Pred>
bool waitUntil(Pred done, int timeoutMs)
{
    if (interrupted())
        return false;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || interrupted())
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    if (done())
        return true;
    poll.start();
    deadline.start(timeoutMs);
    loop.exec();
    return !timedOut && !interrupted();
}

// After a run that exported: the packets its capture lost, if any, in one line.
void warnOfDrops(const Session &session)
{
    const SessionNotice drops = session.dropsNotice();
    if (drops.dropped > 0 || drops.ifDropped > 0)
        //: zh: 警告：%1
        printError(HeadlessWords::tr("warning: %1").arg(noticeText(drops)));
    for (const CaptureError &e : session.liveTimeline().errors()) {
        if (e.kind != QLatin1String("write"))
            continue;
        SessionNotice n;
        n.kind = SessionNotice::Kind::RawPacketsNotKept;
        n.frame = e.frame;
        n.reason = e.reason;
        printError(HeadlessWords::tr("warning: %1").arg(noticeText(n)));
    }
}

bool isGone(TcpState s)
{
    return s == TcpState::TimeWait || s == TcpState::Closed;
}

// Every connection the demo opened has closed on both sides, as the packets show.
bool allClosed(const Timeline &t, size_t expected)
{
    size_t closed = 0;
    for (const Connection &c : t.connections())
        if (c.sawSyn && isGone(c.clientState) && isGone(c.serverState))
            ++closed;
    return closed >= expected;
}

// The peer's kernel has acknowledged `bytes` bytes from the client at `local`: what any TCP peer
// proves by its ACK, our server or not.
bool acknowledged(const Timeline &t, const QString &local, int64_t bytes)
{
    for (const Connection &c : t.connections()) {
        if (c.id == 0 || QString::fromStdString(c.client.toString()) != local)
            continue;
        const std::vector<uint32_t> &segs = t.segmentIndices(c.id);
        for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
            const Segment s = t.segments()[*it];
            if (s.from == Side::Server && (s.flags & TcpFlag::Ack))
                return int64_t(s.relAck) >= bytes + 1;
        }
    }
    return false;
}

int writeExports(Session &session, const Options &options)
{
    int failures = 0;
    for (const QString &out : options.exports) {
        QString error;
        const QString suffix = QFileInfo(out).suffix().toLower();
        const bool picture = suffix == u"png" || suffix == u"svg" || suffix == u"pdf";
        bool ok = false;
        if (suffix == u"apng" || (picture && options.slides())) { // an animation is always slides: a frame per step
            SlideOptions slides;
            slides.connection = options.connection;
            slides.frame = options.frame;
            slides.series = options.series;
            slides.font = ExportOptions::defaultFont();
            if (!options.steps.isEmpty())
                parseStepRange(options.steps, &slides, &error);
            ok = session.exportSlidesTo(out, &error, slides);
        } else {
            ExportOptions shown;
            shown.connection = options.connection;
            ok = session.exportTo(out, &error, shown);
        }
        if (!ok) {
            printError(error);
            ++failures;
        }
    }
    for (const QString &out : options.worksheets) {
        QString error;
        ExportOptions worksheet;
        worksheet.blanks = options.blanks;
        worksheet.connection = options.connection;
        if (!session.exportWorksheetTo(out, &error, worksheet)) {
            printError(error);
            ++failures;
        }
    }
    return failures ? 1 : 0;
}

int runRead(Session &session, const Options &options)
{
    QString failure;
    QObject::connect(&session, &Session::noticeRaised, [&](const SessionNotice &n) {
        if (n.kind == SessionNotice::Kind::CaptureFailed)
            failure = noticeText(n);
    });
    bool finished = false;
    QObject::connect(&session, &Session::captureFinished, [&] { finished = true; });
    session.openFile(options.readFile);
    waitUntil([&] { return finished; }, 24 * 3600 * 1000);
    if (interrupted())
        return kInterrupted;
    if (!failure.isEmpty()) {
        printError(failure);
        return 1;
    }
    for (const CaptureError &e : session.timeline().errors())
        if (e.kind == QLatin1String("read"))
            //: zh: %1：%2（第 %3 帧）；它之前的 %4 个分组已保留
            printError(HeadlessWords::tr("%1: %2 (frame %3); the %4 packets before it were kept")
                           .arg(options.readFile, e.reason).arg(e.frame).arg(e.frame - 1));
    return writeExports(session, options);
}

// One client of the demo: its socket, what it has sent, whether it is done.
struct DemoClient {
    ChatClient *client = nullptr;
    int number = 0;
    bool connected = false;
    bool refused = false;
    QString failure;
    int64_t sent = 0;
};

// The end of a live run: the capture drained and stopped, the server closed, the exports written,
// the kernel's drops told. kInterrupted when an exit signal came meanwhile.
int finishLive(Session &session, const Options &options)
{
    bool finished = false;
    QObject::connect(&session.liveCapture(), &Capture::finished, [&] { finished = true; });
    session.stopCapture();
    waitUntil([&] { return finished; }, 5000);
    if (interrupted())
        return kInterrupted;
    session.stopServer();
    const int exported = writeExports(session, options);
    warnOfDrops(session);
    return exported;
}

int runDemo(Session &session, const Options &options)
{
    QStringList problems;
    QObject::connect(&session, &Session::problem, [&](const QString &m) { problems << m; });
    QString captureFailure;
    QObject::connect(&session, &Session::noticeRaised, [&](const SessionNotice &n) {
        if (n.kind == SessionNotice::Kind::CaptureFailed)
            captureFailure = noticeText(n);
    });
    session.setCaptureBuffer(options.captureBufferKiB);
    session.setDrops(DropRequest::parseAll(options.drops));
    if (options.memoryLimitMiB >= 0)
        session.setMemoryLimit(options.memoryLimitMiB << 20);
    session.setInterface(options.interface, options.interfaceGiven);

    QString error;
    if ((options.delayMs > 0 || options.rateKbit > 0) && !session.setShaping(options.delayMs, options.rateKbit, &error)) {
        printError(QStringLiteral("%1: %2").arg(options.delayMs > 0 ? QStringLiteral("--delay") : QStringLiteral("--rate"), error));
        return 1;
    }
    if (options.demoServer() && !session.startServer(options.listenHost, options.listenPort, &error)) {
        printError(error);
        return 1;
    }
    if (const QString reachable = session.reachabilityNote(); !reachable.isEmpty())
        printError(HeadlessWords::tr("warning: %1").arg(reachable));
    // --listen …:0 lets the kernel pick the port: the client connects to the one it picked.
    const quint16 port = options.connectPort ? options.connectPort : session.server().port();
    session.coverPort(port);
    const bool ready = waitUntil([&] { return session.isLiveCaptureReady() || session.liveCaptureHasFailed(); }, 10000);
    if (interrupted())
        return kInterrupted;
    if (!ready || !session.isLiveCaptureReady()) {
        printError(!captureFailure.isEmpty() ? captureFailure
                                             : HeadlessWords::tr("capture on %1 did not start within 10 s").arg(options.interface));
        return 1;
    }

    // The clients connect at once; each sends its messages (numbered when there are several),
    // each waiting until the peer's kernel has acknowledged it, so every message is its own
    // segment (Nagle would otherwise merge them).
    const int count = std::max(1, options.clients);
    std::vector<DemoClient> demo(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        DemoClient &d = demo[size_t(i)];
        d.client = i == 0 ? &session.client() : &session.addClient();
        d.number = i + 1;
        QObject::connect(d.client, &ChatClient::connected, [&d] { d.connected = true; });
        QObject::connect(d.client, &ChatClient::refused, [&d] { d.refused = true; });
        QObject::connect(d.client, &ChatClient::problem, [&d](const QString &m) {
            if (!d.connected)
                d.failure = m;
        });
    }
    session.connectClient(options.connectHost, port);
    for (int i = 1; i < count; ++i)
        demo[size_t(i)].client->connectToHost(options.connectHost, port);
    const bool settled = waitUntil([&] {
        return std::all_of(demo.begin(), demo.end(), [](const DemoClient &d) { return d.connected || !d.failure.isEmpty(); });
    }, 15000);
    if (interrupted())
        return kInterrupted;

    // A refused connection is a lesson too: what happened is exported, then said.
    QStringList failures;
    for (const DemoClient &d : demo)
        if (!d.connected)
            failures << (d.failure.isEmpty() ? HeadlessWords::tr("connecting to %1:%2 timed out").arg(options.connectHost).arg(port)
                                             : d.failure);
    if (!settled || !failures.isEmpty()) {
        waitUntil([&] { return false; }, 300); // the RST's batch
        if (finishLive(session, options) == kInterrupted)
            return kInterrupted;
        failures.removeDuplicates();
        for (const QString &f : failures)
            printError(f);
        // And what the session found out about them (why our own listener did not take one).
        problems.removeDuplicates();
        for (const QString &p : problems)
            if (!failures.contains(p))
                printError(p);
        return 1;
    }

    const QStringList sends = options.sends.isEmpty() ? QStringList{QStringLiteral("hello")} : options.sends;
    // Under --loss a message may need several retransmissions, each waiting twice as long as the
    // one before (0.2 s, 0.4 s … 6.4 s): a minute, not ten seconds, before giving up.
    const bool lossy = std::any_of(options.drops.begin(), options.drops.end(), [](const QString &d) { return d.startsWith(QLatin1String("loss:")); });
    const int ackWaitS = lossy ? 60 : 10;
    for (const QString &text : sends) {
        for (DemoClient &d : demo) {
            const QByteArray bytes = (count > 1 ? QStringLiteral("%1 (client %2)").arg(text).arg(d.number) : text).toUtf8();
            d.client->send(bytes);
            d.sent += bytes.size();
        }
        for (DemoClient &d : demo) {
            const QString local = d.client->localEndpoint();
            // The kernel's word (nothing left unacknowledged) or the capture's (the peer's ACK):
            // a capture that dropped the ACK (a tiny buffer, a loaded machine) must not fail
            // a conversation that went well; its drops are told after the exports.
            if (!waitUntil([&] { return d.client->unacknowledgedBytes() == 0 || acknowledged(session.timeline(), local, d.sent); }, ackWaitS * 1000)) {
                if (interrupted())
                    return kInterrupted;
                //: zh: 对端 %1:%2 没有在 %4 秒内确认“%3”
                printError(HeadlessWords::tr("the peer at %1:%2 did not acknowledge '%3' within %4 s")
                               .arg(options.connectHost).arg(port)
                               .arg(text.size() > 40 ? text.left(37) + QStringLiteral("…") : text) // a line, not a kilobyte
                               .arg(ackWaitS));
                return 1;
            }
        }
    }
    for (DemoClient &d : demo)
        d.client->disconnectFromHost();
    // Our server sees recv() return 0 and closes its side: FIN both ways, then TIME_WAIT. (Another
    // server may keep its side open: the tutorial's does.)
    const bool closed = waitUntil([&] { return allClosed(session.timeline(), demo.size()); }, 5000);
    if (interrupted())
        return kInterrupted;
    if (!closed) {
        // FIN_WAIT_2: our FIN was acknowledged, the peer keeps its side open (the tutorial's
        // server does); anything else: the close was not (fully) captured.
        const bool peerOpen = std::any_of(session.timeline().connections().begin(), session.timeline().connections().end(),
                                          [](const Connection &c) { return c.clientState == TcpState::FinWait2; });
        printError(peerOpen ? HeadlessWords::tr("warning: the peer has not closed its side within 5 s (it acknowledged the client's FIN); exporting what was seen")
                            : HeadlessWords::tr("warning: the close was not fully captured within 5 s; exporting what was seen"));
    }
    return finishLive(session, options);
}

// --lesson NAME --export OUT…: the lesson runs on its own (LessonRunner), then what was captured
// is exported. A lesson that could not finish still exports what happened, and says where it stopped.
int runLesson(Session &session, const Options &options)
{
    session.setCaptureBuffer(options.captureBufferKiB);
    if (options.memoryLimitMiB >= 0)
        session.setMemoryLimit(options.memoryLimitMiB << 20);
    session.setInterface(options.interface, options.interfaceGiven);
    const std::optional<LessonId> id = lessonNamed(options.lesson);
    if (!id)
        return 2; // (the command line refused it already)
    QStringList problems;
    QObject::connect(&session, &Session::problem, [&](const QString &m) { problems << m; });
    LessonRunner runner(session);
    bool over = false, ok = false;
    QString message;
    QObject::connect(&runner, &LessonRunner::finished, [&](LessonId, bool good, const QString &said) {
        over = true;
        ok = good;
        message = said;
    });
    QString error;
    if (!runner.start(*id, &error)) {
        printError(error);
        return 1;
    }
    waitUntil([&] { return over; }, 60000);
    if (interrupted())
        return kInterrupted;
    if (!over)
        runner.stop();
    const int exported = finishLive(session, options);
    if (exported == kInterrupted)
        return kInterrupted;
    if (!ok) {
        printError(message);
        return 1;
    }
    if (!message.isEmpty())
        std::printf("%s\n", qUtf8Printable(message));
    return exported;
}

} // namespace

int runHeadless(const Options &options)
{
    int status = 0;
    {
        Session session; // gone before the line below: the capture joined, the scratch folder removed
        status = options.demo ? runDemo(session, options)
            : !options.lesson.isEmpty() ? runLesson(session, options)
                                         : runRead(session, options);
    }
    if (status == kInterrupted) {
        const int signal = ExitSignals::received();
        //: zh: 被 %1 中断：什么都没有导出
        printError(HeadlessWords::tr("interrupted by %1: nothing was exported").arg(QLatin1String(ExitSignals::name(signal))));
        return 128 + signal;
    }
    return status;
}

} // namespace hv
