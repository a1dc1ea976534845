// Two documents in one window, and errors where people look: a capture file that cannot be read
// leaves what is shown alone and says why on the banner over the ladder; a file and the live
// session never mix; the title names what is shown.
#include "Banner.h"
#include "ChatPane.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace hv;

namespace {

// A Session and its window, as the program wires them.
struct Fixture {
    Session session;
    MainWindow window{&session.timeline()};
    Fixture()
    {
        window.resize(1400, 860);
        wireWindow(session, window);
        window.show();
    }
    // Opens a file and waits until the capture thread has read it to its end (or failed).
    bool open(const QString &path)
    {
        int finished = 0;
        QObject::connect(&session, &Session::captureFinished, &window, [&finished] { ++finished; });
        session.openFile(path);
        return QTest::qWaitFor([&] { return finished > 0; }, 10000);
    }
    bool openSample()
    {
        int finished = 0;
        QObject::connect(&session, &Session::captureFinished, &window, [&finished] { ++finished; });
        session.openSample();
        return QTest::qWaitFor([&] { return finished > 0; }, 10000);
    }
    QString banner() const { return window.banner()->text(int(SessionNotice::Topic::File)); }
};

QString sampleCopy(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("sample.pcap"));
    QFile::remove(path);
    QFile::copy(QStringLiteral(":/samples/handshake.pcap"), path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

} // namespace

class TestDocuments : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badFileKeepsWhatIsShown_data();
    void badFileKeepsWhatIsShown();
    void cutShortFileKeepsThePacketsBefore();
    void fileAndLiveNeverMix();
    void liveDropsAreOnTheBanner();
    void rawPacketsNotKeptAreOnTheBanner();
    void memoryLimitLeavesOlderConnectionsOnDisk();
    void cancelKeepsWhatWasRead();
};

void TestDocuments::badFileKeepsWhatIsShown_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // empty name of content: a folder
    QTest::addColumn<QString>("reason");
    QTest::newRow("text file") << QStringLiteral("notes.pcap") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QStringLiteral("text");
    QTest::newRow("folder") << QStringLiteral("captures") << QByteArray() << QStringLiteral("directory");
    QTest::newRow("missing") << QStringLiteral("gone.pcap") << QByteArray("-") << QStringLiteral("no such file");
    QTest::newRow("random bytes") << QStringLiteral("noise.pcap") << QByteArray("\x13\x37\xbe\xef\x00\x01\x02\x03 and more noise", 28)
                                  << QStringLiteral("not a pcap");
}

void TestDocuments::badFileKeepsWhatIsShown()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    Fixture f;
    QVERIFY(f.open(sampleCopy(dir)));
    QVERIFY(f.session.showsFile());
    const size_t connections = f.session.timeline().connections().size();
    const size_t segments = f.session.timeline().segmentCount();
    QVERIFY(connections > 0);
    const QString title = f.window.windowTitle();
    QCOMPARE(title, QStringLiteral("sample.pcap"));

    const QString path = dir.filePath(name);
    if (content.isEmpty()) {
        QVERIFY(QDir(dir.path()).mkdir(name));
    } else if (content != "-") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QVERIFY(f.open(path));
    // Nothing shown is lost, and the banner says why, naming the file once.
    QCOMPARE(f.session.timeline().connections().size(), connections);
    QCOMPARE(f.session.timeline().segmentCount(), segments);
    QCOMPARE(f.window.windowTitle(), title);
    QVERIFY(f.window.banner()->isVisibleTo(&f.window));
    const QString said = f.banner();
    QCOMPARE(said.count(name), 1);
    QVERIFY2(said.contains(reason, Qt::CaseInsensitive), qPrintable(said));
    // The status bar's counts do not replace it.
    QTest::qWait(50);
    QCOMPARE(f.banner(), said);
    // Its cause gone (a file that opens), it goes.
    QVERIFY(f.openSample());
    QTRY_VERIFY(!f.window.banner()->hasEntry(int(SessionNotice::Topic::File)));
}

void TestDocuments::cutShortFileKeepsThePacketsBefore()
{
    QTemporaryDir dir;
    QFile sample(QStringLiteral(":/samples/handshake.pcap"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    const QByteArray whole = sample.readAll();
    // The header, then records up to the middle of one: libpcap reads the whole ones, then fails.
    const QString path = dir.filePath(QStringLiteral("cut.pcap"));
    QFile cut(path);
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(whole.left(whole.size() / 2 + 7));
    cut.close();
    Fixture f;
    QVERIFY(f.open(path));
    QVERIFY(f.session.showsFile());
    const Timeline &t = f.session.timeline();
    QVERIFY(t.segmentCount() > 0);
    const QString said = f.banner();
    QVERIFY2(said.contains(QStringLiteral("cut.pcap")) && said.contains(QStringLiteral("frame %1").arg(t.counts().total + 1)),
             qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("%1 packets before it").arg(t.counts().total)), qPrintable(said));
}

void TestDocuments::fileAndLiveNeverMix()
{
    QTemporaryDir dir;
    Fixture f;
    QCOMPARE(f.window.windowTitle(), QStringLiteral("Live on lo"));
    const quint16 port = hvtest::freePort();
    QString error;
    QVERIFY2(f.session.startServer(QStringLiteral("127.0.0.1"), port, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(f.session.isLiveCaptureReady(), 10000);
    f.session.connectClient(QStringLiteral("127.0.0.1"), port);
    QTRY_VERIFY_WITH_TIMEOUT(f.session.client().isConnected(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(f.session.liveTimeline().segmentCount() >= 3, 5000);
    Timeline *live = &f.session.liveTimeline();
    QCOMPARE(f.window.timeline(), live);

    // A file replaces the view, not the live session: it goes on capturing meanwhile.
    QVERIFY(f.open(sampleCopy(dir)));
    QVERIFY(f.session.showsFile());
    QVERIFY(f.window.timeline() != live);
    QCOMPARE(f.window.windowTitle(), QStringLiteral("sample.pcap"));
    const size_t fileConnections = f.session.timeline().connections().size();
    QVERIFY(f.session.liveCapture().isRunning());
    QVERIFY(f.session.client().send("while the file is shown"));
    QTRY_VERIFY_WITH_TIMEOUT(f.session.liveTimeline().segmentCount() >= 5, 5000);
    QCOMPARE(f.session.timeline().connections().size(), fileConnections);

    // Back to live (Ctrl+L): everything captured meanwhile is there.
    Q_EMIT f.window.liveRequested();
    QVERIFY(!f.session.showsFile());
    QCOMPARE(f.window.timeline(), live);
    QCOMPARE(f.window.windowTitle(), QStringLiteral("Live on lo"));

    // Connect again while a file is shown: the live session comes back by itself, and the new
    // connection is the live session's #2, never the file's.
    QVERIFY(f.open(sampleCopy(dir)));
    QVERIFY(f.session.showsFile());
    f.session.disconnectClient();
    QTRY_VERIFY_WITH_TIMEOUT(!f.session.client().isBusy(), 5000);
    f.session.connectClient(QStringLiteral("127.0.0.1"), port);
    QVERIFY(!f.session.showsFile());
    QTRY_VERIFY_WITH_TIMEOUT(f.session.liveTimeline().connections().size() == 2, 5000);
    QCOMPARE(f.window.timeline(), live);
    const Connection *second = f.session.liveTimeline().connection(2);
    QVERIFY(second && second->server.port == port);
    f.session.stopServer();
}

namespace {

// In a child process: stops this one (the capture thread too: it reads nothing), sends `bytes`
// over loopback to `listener` (a listening socket of this process, on a port the capture covers),
// reads them there itself, then lets this process go on. Only system calls after fork(): this
// process has threads. Returns a descriptor that reads "k" once the child is done, then the end
// of file when it has gone (-1: no child). (Not waitpid(): Qt may reap children it did not make.)
int floodWhileStopped(int listener, quint16 port, long bytes)
{
    int done[2];
    if (::pipe2(done, O_CLOEXEC) != 0)
        return -1;
    const pid_t parent = ::getpid();
    const pid_t child = ::fork();
    if (child != 0) {
        ::close(done[1]);
        if (child < 0)
            ::close(done[0]);
        return child < 0 ? -1 : done[0];
    }
    static char buffer[1 << 16];
    ::kill(parent, SIGSTOP);
    const int out = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval limit{5, 0};
    ::setsockopt(out, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    int in = -1;
    if (::connect(out, reinterpret_cast<sockaddr *>(&to), sizeof to) == 0)
        in = ::accept(listener, nullptr, nullptr);
    if (in >= 0) {
        ::fcntl(out, F_SETFL, O_NONBLOCK);
        ::fcntl(in, F_SETFL, O_NONBLOCK);
        long sent = 0, got = 0;
        for (int rounds = 0; got < bytes && rounds < 1000000; ++rounds) {
            if (sent < bytes) {
                const ssize_t n = ::send(out, buffer, sizeof buffer, 0);
                sent += n > 0 ? n : 0;
            }
            const ssize_t n = ::recv(in, buffer, sizeof buffer, 0);
            got += n > 0 ? n : 0;
        }
        ::close(in);
    }
    ::close(out);
    ::kill(parent, SIGCONT);
    [[maybe_unused]] const ssize_t n = ::write(done[1], in >= 0 ? "k" : "x", 1);
    ::_exit(0);
}

} // namespace

// The kernel drops packets of the live capture (the smallest buffer, and the whole program stopped
// while 16 MB go by): the banner says how many and what to do, the status line counts them, and a
// language switch says it again from the same numbers.
void TestDocuments::liveDropsAreOnTheBanner()
{
    Fixture f;
    f.session.setCaptureBuffer(1);
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    QVERIFY(::bind(listener, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 && ::listen(listener, 4) == 0
            && ::getsockname(listener, reinterpret_cast<sockaddr *>(&a), &len) == 0);
    const quint16 port = ntohs(a.sin_port);
    f.session.coverPort(port);
    QTRY_VERIFY_WITH_TIMEOUT(f.session.isLiveCaptureReady(), 10000);
    QVERIFY(!f.window.banner()->hasEntry(int(SessionNotice::Topic::Drops)));

    const int child = floodWhileStopped(listener, port, 16 << 20);
    QVERIFY(child >= 0);
    pollfd childDone{child, POLLIN, 0};
    QVERIFY(::poll(&childDone, 1, 30000) == 1); // we are stopped and going again meanwhile
    char result = 0;
    const ssize_t n = ::read(child, &result, 1);
    ::close(child);
    QVERIFY2(n == 1 && result == 'k', "the flood did not run");

    const Timeline &t = f.session.liveTimeline();
    QTRY_VERIFY_WITH_TIMEOUT(t.counts().dropped.value_or(0) > 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(f.window.banner()->hasEntry(int(SessionNotice::Topic::Drops)), 5000);
    QTest::qWait(1200); // the banner says drops at most once a second: the last figure comes
    const uint64_t dropped = *t.counts().dropped;
    const QString said = f.window.banner()->text(int(SessionNotice::Topic::Drops));
    QVERIFY2(said.contains(QStringLiteral("the kernel dropped %1, because its capture buffer (1 KiB) was full").arg(dropped)),
             qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("--capture-buffer 65536")), qPrintable(said));
    auto *counts = f.window.statusBar()->findChild<QLabel *>(QStringLiteral("countsText"));
    QVERIFY(counts);
    QTRY_VERIFY2(counts->text().contains(QStringLiteral("dropped by the kernel: %1").arg(dropped)), qPrintable(counts->text()));

    Q_EMIT f.window.languageRequested(QStringLiteral("zh"));
    const QString zh = f.window.banner()->text(int(SessionNotice::Topic::Drops));
    Q_EMIT f.window.languageRequested(QStringLiteral("en"));
    QVERIFY2(zh.contains(QStringLiteral("内核丢弃了 %1 个").arg(dropped)), qPrintable(zh));
    QCOMPARE(f.window.banner()->text(int(SessionNotice::Topic::Drops)), said);

    // Once the drops stop, the counts still follow the traffic (they once stayed at the last
    // figure the drops were told with).
    const uint64_t before = t.counts().total;
    const int again = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QVERIFY(::connect(again, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
    const int accepted = ::accept(listener, nullptr, nullptr);
    QVERIFY(accepted >= 0);
    ::close(accepted);
    ::close(again);
    QTRY_VERIFY_WITH_TIMEOUT(t.counts().total > before, 5000);
    QTRY_VERIFY2_WITH_TIMEOUT(counts->text().startsWith(QStringLiteral("%1 packets").arg(t.counts().total)),
                              qPrintable(counts->text() + QStringLiteral(" / %1").arg(t.counts().total)), 5000);
    ::close(listener);
    f.session.stopCapture();
}

// The disk fills while live traffic comes (here a file size limit: writes past it fail with
// EFBIG, as they fail with ENOSPC on a full disk): the capture goes on, the banner names the first
// frame whose bytes were not kept and the system's reason, and the ladder keeps growing.
void TestDocuments::rawPacketsNotKeptAreOnTheBanner()
{
    Fixture f;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    f.session.coverPort(server.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(f.session.isLiveCaptureReady(), 10000);

    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGXFSZ, &ignore, &old);
    rlimit limit{}, saved{};
    ::getrlimit(RLIMIT_FSIZE, &saved);
    limit.rlim_cur = 1 << 20; // the raw file may not grow past 1 MiB
    limit.rlim_max = saved.rlim_max;
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.hasPendingConnections());
    QTcpSocket *peer = server.nextPendingConnection();
    qint64 got = 0;
    connect(peer, &QTcpSocket::readyRead, peer, [&] { got += peer->readAll().size(); });
    client.write(QByteArray(4 << 20, 'x'));
    QTRY_COMPARE_WITH_TIMEOUT(got, qint64(4 << 20), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(f.window.banner()->hasEntry(int(SessionNotice::Topic::LiveCapture)), 10000);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    ::sigaction(SIGXFSZ, &old, nullptr);
    const QString said = f.window.banner()->text(int(SessionNotice::Topic::LiveCapture));
    QVERIFY2(said.startsWith(QStringLiteral("From frame ")), qPrintable(said));
    QVERIFY2(said.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("The ladder goes on")), qPrintable(said));
    // The ladder went on: what came after the failure is on it.
    const uint64_t before = f.session.liveTimeline().counts().total;
    client.write("after");
    QTRY_VERIFY_WITH_TIMEOUT(f.session.liveTimeline().counts().total > before, 5000);
    QVERIFY(got > 0);
    f.session.stopCapture();
}

// A long session past its memory limit: the connections so far stay on disk as an earlier part
// (banner, with a button), the live ladder goes on with the next ones, and the part opens as a
// document holding every frame of it: nothing is dropped.
void TestDocuments::memoryLimitLeavesOlderConnectionsOnDisk()
{
    Fixture f;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    f.session.coverPort(server.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(f.session.isLiveCaptureReady(), 10000);
    const Timeline &live = f.session.liveTimeline();
    // Ten connections, each with a message, closed; then the limit falls below what they take.
    auto talk = [&](int count) {
        for (int i = 0; i < count; ++i) {
            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, server.serverPort());
            QVERIFY(client.waitForConnected(5000));
            QTRY_VERIFY(server.hasPendingConnections());
            std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
            client.write("hello");
            QVERIFY(client.waitForBytesWritten(5000));
            QVERIFY(peer->bytesAvailable() > 0 || peer->waitForReadyRead(5000));
            client.disconnectFromHost();
            peer->disconnectFromHost();
            QTRY_VERIFY(client.state() == QAbstractSocket::UnconnectedState);
        }
    };
    talk(10);
    QTRY_VERIFY_WITH_TIMEOUT(live.connections().size() >= 10, 5000);
    QVERIFY(f.session.earlierParts().empty());
    f.session.setMemoryLimit(int64_t(live.memoryBytes() / 2));
    talk(1); // the next counts check (at most a second away) finds the timeline past the limit
    QTRY_VERIFY_WITH_TIMEOUT(!f.session.earlierParts().empty(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(f.window.banner()->hasEntry(int(SessionNotice::Topic::Memory)), 5000);
    const Session::EarlierPart part = f.session.earlierParts().front();
    QCOMPARE(part.firstFrame, uint64_t(1));
    QVERIFY2(part.connections >= 10, qPrintable(QString::number(part.connections)));
    const QString said = f.window.banner()->text(int(SessionNotice::Topic::Memory));
    QVERIFY2(said.contains(QStringLiteral("frames 1 to %1 (%2 connections) stay on disk as earlier part 1")
                               .arg(part.lastFrame).arg(part.connections)),
             qPrintable(said));
    QCOMPARE(live.part(), 2);
    QVERIFY2(f.session.countsText().contains(QLatin1String("in part 2 (the earlier parts on disk)")),
             qPrintable(f.session.countsText()));
    auto *button = f.window.banner()->findChild<QPushButton *>(QStringLiteral("bannerEarlierPart"));
    QVERIFY(button && button->isVisible());

    // The live ladder goes on: a new connection is in the new part, the old ones are not.
    f.session.setMemoryLimit(0);
    talk(1);
    QTRY_VERIFY_WITH_TIMEOUT(!live.segments().empty(), 5000);
    QVERIFY(live.segments()[0].frame > part.lastFrame);
    for (size_t i = 0; i < live.segments().size(); ++i)
        QVERIFY(live.segments()[i].frame > part.lastFrame);
    QCOMPARE(live.counts().total >= part.lastFrame, true); // the counts ran on

    // The earlier part opens as a document with every one of its frames.
    int finished = 0;
    connect(&f.session, &Session::captureFinished, &f.window, [&finished] { ++finished; });
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished > 0, 10000);
    QVERIFY(f.session.showsFile());
    QVERIFY2(f.session.shownFile().endsWith(QLatin1String("earlier-part-1.pcap")), qPrintable(f.session.shownFile()));
    QCOMPARE(f.session.timeline().counts().total, part.lastFrame - part.firstFrame + 1);
    size_t withSyn = 0;
    for (const Connection &c : f.session.timeline().connections())
        withSyn += c.sawSyn && c.server.port == server.serverPort();
    QVERIFY2(withSyn >= 10, qPrintable(QString::number(withSyn)));
    f.session.stopCapture();
}

// A 66 MB capture being read: the status bar shows how far (bytes of the file, packets a
// second) with Cancel; a click on Cancel stops it, what was read stays on the ladder and the
// status line says how much.
void TestDocuments::cancelKeepsWhatWasRead()
{
    QTemporaryDir dir;
    const QString big = dir.filePath(QStringLiteral("big.pcap"));
    const hvtest::Run gen = hvtest::run(QStringLiteral("python3"), {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), big,
                                                                    QStringLiteral("--packets"), QStringLiteral("600000"), QStringLiteral("--seed"), QStringLiteral("1")},
                                        120000);
    QVERIFY2(gen.exitCode == 0, gen.err.constData());
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *box = window.findChild<QWidget *>(QStringLiteral("readProgress"));
    auto *text = window.findChild<QLabel *>(QStringLiteral("readText"));
    auto *cancel = window.findChild<QPushButton *>(QStringLiteral("readCancel"));
    QVERIFY(box && text && cancel && !box->isVisible());
    bool sawProgress = false;
    QString said;
    connect(&session, &Session::fileProgress, this, [&](qint64 done, qint64 total, quint64, qint64) {
        if (sawProgress)
            return;
        sawProgress = true;
        QVERIFY(done > 0 && done < total);
        QCOMPARE(total, QFileInfo(big).size());
        said = text->text();
        QVERIFY(box->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
    });
    QSignalSpy finished(&session, &Session::captureFinished);
    session.openFile(big);
    QVERIFY(finished.wait(30000));
    QVERIFY(sawProgress);
    QVERIFY2(said.startsWith(QLatin1String("Reading big.pcap: ")) && said.contains(QLatin1String("of 66.4 MB")) && said.contains(QLatin1String("packets/s")),
             qPrintable(said));
    QVERIFY(!box->isVisible());
    const uint64_t kept = session.timeline().counts().total;
    QVERIFY2(kept > 0 && kept < 599995, qPrintable(QString::number(kept)));
    QCOMPARE(uint64_t(session.timeline().segmentCount()), kept); // every frame read is on the ladder
    const QString status = window.findChild<QLabel *>(QStringLiteral("statusText"))->text();
    QVERIFY2(status.startsWith(QStringLiteral("Stopped reading big.pcap: %1 frames read").arg(kept)), qPrintable(status));
    QVERIFY(!session.isReadingFile());
}

QTEST_MAIN(TestDocuments)
#include "tst_documents.moc"
