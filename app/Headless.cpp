#include "Headless.h"

#include "Session.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>

namespace hv {

namespace {

void printError(const QString &line)
{
    std::fprintf(stderr, "handshake-viz: %s\n", qUtf8Printable(line));
}

// Runs the event loop until `done` says so or the deadline passes. False on timeout.
template <typename Pred>
bool waitUntil(Pred done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
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
    return !timedOut;
}

bool connectionClosed(const Timeline &t)
{
    for (const Connection &c : t.connections()) {
        const bool clientDone = c.clientState == TcpState::TimeWait || c.clientState == TcpState::Closed;
        const bool serverDone = c.serverState == TcpState::TimeWait || c.serverState == TcpState::Closed;
        if (c.sawSyn && clientDone && serverDone)
            return true;
    }
    return false;
}

int writeExports(Session &session, const Options &options)
{
    int failures = 0;
    for (const QString &out : options.exports) {
        QString error;
        if (!session.exportTo(out, &error)) {
            printError(error);
            ++failures;
        }
    }
    return failures ? 1 : 0;
}

int runRead(Session &session, const Options &options)
{
    QString failure;
    QObject::connect(&session, &Session::problem, [&](const QString &m) { failure = m; });
    bool finished = false;
    QObject::connect(&session, &Session::captureFinished, [&] { finished = true; });
    session.openFile(options.readFile);
    waitUntil([&] { return finished; }, 24 * 3600 * 1000);
    if (!failure.isEmpty()) {
        printError(failure);
        return 1;
    }
    for (const CaptureError &e : session.timeline().errors())
        if (e.kind == QLatin1String("read"))
            printError(QStringLiteral("%1 (frame %2); the %3 packets before it were kept")
                           .arg(e.reason).arg(e.frame).arg(e.frame - 1));
    return writeExports(session, options);
}

int runDemo(Session &session, const Options &options)
{
    QStringList problems;
    QObject::connect(&session, &Session::problem, [&](const QString &m) { problems << m; });
    session.setInterface(options.interface);

    QString error;
    if (!session.startServer(options.listenHost, options.listenPort, &error)) {
        printError(error);
        return 1;
    }
    if (options.connectPort != session.server().port())
        session.captureLive(options.connectPort);
    if (!waitUntil([&] { return session.isLiveCaptureReady() || !problems.isEmpty(); }, 10000)
        || !session.isLiveCaptureReady()) {
        printError(problems.isEmpty() ? QStringLiteral("capture on %1 did not start within 10 s").arg(options.interface)
                                      : problems.join(QStringLiteral("; ")));
        return 1;
    }

    // The client connects and sends; each message waits until the server has it, so every
    // message is its own segment (Nagle would otherwise merge them).
    QByteArray received;
    QObject::connect(&session.server(), &ChatServer::messageReceived,
                     [&](const QString &, const QByteArray &bytes) { received += bytes; });
    bool connected = false;
    QObject::connect(&session.client(), &ChatClient::connected, [&] { connected = true; });
    session.connectClient(options.connectHost, options.connectPort);
    if (!waitUntil([&] { return connected || !problems.isEmpty(); }, 10000) || !connected) {
        printError(problems.isEmpty() ? QStringLiteral("connecting to %1:%2 timed out").arg(options.connectHost).arg(options.connectPort)
                                      : problems.join(QStringLiteral("; ")));
        return 1;
    }
    const QStringList sends = options.sends.isEmpty() ? QStringList{QStringLiteral("hello")} : options.sends;
    QByteArray expected;
    for (const QString &text : sends) {
        expected += text.toUtf8();
        session.clientSend(text);
        if (!waitUntil([&] { return received.size() >= expected.size(); }, 10000)) {
            printError(QStringLiteral("the server did not receive '%1' within 10 s").arg(text));
            return 1;
        }
    }
    session.disconnectClient();
    // The server's Qt socket sees recv() return 0 and closes its side: FIN both ways, then TIME_WAIT.
    if (!waitUntil([&] { return connectionClosed(session.timeline()); }, 5000))
        printError(QStringLiteral("warning: the connection's close was not fully captured within 5 s; exporting what was seen"));
    bool finished = false;
    QObject::connect(&session, &Session::captureFinished, [&] { finished = true; });
    session.stopCapture();
    waitUntil([&] { return finished; }, 5000);
    session.stopServer();
    return writeExports(session, options);
}

} // namespace

int runHeadless(const Options &options)
{
    Session session;
    return options.demo ? runDemo(session, options) : runRead(session, options);
}

} // namespace hv
