#include "GuiWiring.h"

#include "Settings.h"

#include "LabNetwork.h"
#include "Lessons.h"

#include <QCheckBox>
#include <QSignalBlocker>

#include "Banner.h"
#include "ChatInput.h"
#include "ChatPane.h"
#include "DetailsPanel.h"
#include "ExportProgress.h"
#include "Language.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "MessageText.h"
#include "Session.h"
#include "SocketAddress.h"
#include "Stepper.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QSpinBox>
#include <QTimer>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

namespace hv {

namespace {

bool saveScreenshot(QWidget &window, const QString &path)
{
    if (window.grab().save(path))
        return true;
    std::fprintf(stderr, "handshake-viz: cannot write %s: saving the screenshot failed\n", qUtf8Printable(path));
    return false;
}

// A screenshot shows the whole ladder: every step revealed, the last arrow landed.
void screenshotWhenLanded(QApplication &app, MainWindow &window, const QString &path)
{
    window.stepper()->last();
    QTimer::singleShot(Stepper::kFlightMs + 200, &window, [&app, &window, path] {
        app.exit(saveScreenshot(window, path) ? 0 : 1);
    });
}

// The notices on the banner, kept as values so that a language switch says them again.
class NoticeBoard : public QObject {
public:
    NoticeBoard(Session &session, MainWindow &window) : QObject(&window), window_(window)
    {
        connect(&session, &Session::noticeRaised, this, [this](const SessionNotice &n) {
            notices_[int(n.topic)] = n;
            show(n);
        });
        connect(&session, &Session::noticeCleared, this, [this](SessionNotice::Topic topic) {
            notices_.erase(int(topic));
            window_.banner()->clearEntry(int(topic));
        });
        connect(window.banner(), &Banner::dismissed, this, [this](int key) { notices_.erase(key); });
        connect(window.banner(), &Banner::sampleRequested, &session, &Session::openSample);
        connect(window.banner(), &Banner::earlierPartRequested, &session, &Session::openLatestEarlierPart);
    }
    void retranslate()
    {
        for (const auto &[key, n] : notices_)
            show(n);
    }

private:
    void show(const SessionNotice &n)
    {
        const bool permission = n.kind == SessionNotice::Kind::CaptureFailed
                                && n.failure.kind == CaptureFailure::Kind::NoPermission;
        window_.banner()->setEntry(int(n.topic), noticeText(n), permission ? setcapCommand() : QString(),
                                   n.offersSample(), n.offersEarlierPart());
    }

    MainWindow &window_;
    std::map<int, SessionNotice> notices_;
};

} // namespace

void setLanguage(const QString &code)
{
    installLanguage(code);
    // The name the window manager shows after each title ("capture.pcap — Handshake Visualizer").
    //: zh: TCP 握手可视化
    QGuiApplication::setApplicationDisplayName(QCoreApplication::translate("hv::MainWindow", "Handshake Visualizer"));
    // Installing or removing a translator posts LanguageChange to every widget, which retranslates
    // itself; send it now so the switch is visible at once.
    QEvent change(QEvent::LanguageChange);
    for (QWidget *w : QApplication::topLevelWidgets())
        QCoreApplication::sendEvent(w, &change);
}

namespace {

LabSettings labSettingsOf(const Session &s)
{
    LabSettings l;
    l.twoHosts = currentNetwork().twoHosts;
    for (const DropRequest &d : s.drops()) {
        switch (d.kind) {
        case DropRequest::Kind::Syn: l.synDrops = d.count; break;
        case DropRequest::Kind::SynAck: l.dropSynAck = true; break;
        case DropRequest::Kind::Ack: l.dropAck = true; break;
        case DropRequest::Kind::Fin: l.dropFin = true; break;
        case DropRequest::Kind::Loss: l.lossPct = d.count; break;
        case DropRequest::Kind::PeerSyn: break; // a lesson's own (simultaneous open), never the dialog's
        }
    }
    l.delayMs = s.delayMs();
    l.rateKbit = s.rateKbit();
    return l;
}

std::vector<DropRequest> dropsOf(const LabSettings &l)
{
    std::vector<DropRequest> out;
    auto add = [&](DropRequest::Kind kind, int count) {
        if (count > 0)
            out.push_back(DropRequest{kind, count});
    };
    add(DropRequest::Kind::Syn, l.synDrops);
    add(DropRequest::Kind::SynAck, l.dropSynAck ? 1 : 0);
    add(DropRequest::Kind::Ack, l.dropAck ? 1 : 0);
    add(DropRequest::Kind::Fin, l.dropFin ? 1 : 0);
    add(DropRequest::Kind::Loss, l.lossPct);
    return out;
}

// A banner entry of its own, after the session's notice topics.
constexpr int kInputMethodBanner = 1000;

// The Lab menu, its dialog and terminals, and the client pane's "drop the first SYN".
void wireLab(Session &session, MainWindow &window)
{
    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    Session *s = &session;
    const NetworkChoice &net = currentNetwork();
    const bool inLab = net.kind == NetworkChoice::Kind::Lab;
    QString whyNot;
    if (!inLab && net.hostMayCapture)
        //: zh: 这个程序在本机的网络上抓包（它有这个权限）：实验网络没有启用（用 --network lab 启动就能用）
        whyNot = QObject::tr("This program captures on the machine's own network (it may): the lab network is not in use (start with --network lab for it)");
    else if (!inLab)
        //: zh: 实验网络不可用：%1
        whyNot = QObject::tr("The lab network is unavailable: %1").arg(QString::fromStdString(net.labRefused));
    window.setLab(inLab, whyNot);
    client->setLab(inLab);
    if (const std::string im = inputMethodOutOfReach(); !im.empty())
        //: zh: 在这里可能无法输入中文：输入法 %1 在一个抽象 Unix 套接字上等待连接，而抽象套接字属于本机的网络，不属于实验网络。可以在别的程序里输入再粘贴过来，或者给程序抓包的权限（setcap），让它留在本机的网络上。
        window.banner()->setEntry(kInputMethodBanner, QObject::tr("Typing Chinese may not work here: the input method %1 listens on an abstract Unix socket, which belongs to the machine's network, not the lab's. Type in another program and paste, or give the program the capture capabilities (setcap) so that it stays on the machine's network.")
                                                          .arg(QString::fromStdString(im)));
    window.setLabSettings(labSettingsOf(session));
    window.setLabLayoutNote([s] {
        //: zh: 要改变布局，先停止服务器、断开客户端：它们的套接字留在创建它们的主机上。
        const QString busy = QObject::tr("To change the layout, stop the server and disconnect the client first: their sockets stay on the host they were made on.");
        return s->server().isListening() || s->client().isBusy() ? busy : QString();
    });
    if (!session.drops().empty()) {
        // --drop asked for some: the box says drops are on (without replacing them by its own).
        const QSignalBlocker quiet(client->dropSynBox());
        client->dropSynBox()->setChecked(true);
    }
    QObject::connect(client, &ChatPane::dropSynChanged, s, [s, &window](bool drop) {
        // The first SYN only: the other drops set in the Lab dialog stay.
        LabSettings l = labSettingsOf(*s);
        l.synDrops = drop ? std::max(l.synDrops, 1) : 0;
        s->setDrops(dropsOf(l));
        window.setLabSettings(l);
    });
    QObject::connect(&window, &MainWindow::labSettingsRequested, s, [s, &window, server, client](const LabSettings &l) {
        QString error;
        const bool wasTwo = currentNetwork().twoHosts;
        if (l.twoHosts != wasTwo) {
            if (!s->setLabLayout(l.twoHosts, &error)) {
                window.showProblem(error);
            } else {
                // The two hosts' own addresses (or loopback again), the ports as they were.
                const QString serverHost = l.twoHosts ? QStringLiteral("10.0.0.2") : QStringLiteral("127.0.0.1");
                server->setEndpoint(serverHost, server->port());
                client->setEndpoint(serverHost, client->port());
            }
        }
        s->setDrops(dropsOf(l));
        if ((l.delayMs != s->delayMs() || l.rateKbit != s->rateKbit()) && !s->setShaping(l.delayMs, l.rateKbit, &error))
            window.showProblem(error);
        {
            const QSignalBlocker quiet(client->dropSynBox());
            client->dropSynBox()->setChecked(l.synDrops > 0);
        }
        window.setLabSettings(labSettingsOf(*s));
        //: zh: 实验网络：两台主机（客户端 10.0.0.1，服务器 10.0.0.2）；设置从下一次 Connect 起生效
        const QString two = QObject::tr("Lab network: two hosts (client 10.0.0.1, server 10.0.0.2); the settings apply from the next Connect");
        //: zh: 实验网络：一台主机（lo）；设置从下一次 Connect 起生效
        const QString one = QObject::tr("Lab network: one host (lo); the settings apply from the next Connect");
        window.showStatus(currentNetwork().twoHosts ? two : one);
    });
    QObject::connect(&window, &MainWindow::labTerminalRequested, s, [s, &window](bool serverHost) {
        QString error;
        if (!s->openLabTerminal(serverHost, &error))
            window.showProblem(error);
    });
}

// The Lessons menu and card: each lesson run by one LessonRunner, its steps in the status line.
void wireLessons(Session &session, MainWindow &window)
{
    auto *runner = new LessonRunner(session, &window);
    runner->setObjectName(QStringLiteral("lessonRunner"));
    const int count = int(allLessons().size());
    window.setLessons(
        count,
        [](int i) {
            const LessonCard c = lessonCard(allLessons()[size_t(i)].id);
            return LessonCardText{c.title, c.goal, c.watch, c.question};
        },
        [](int i) { return allLessons()[size_t(i)].needsLab; });
    QObject::connect(&window, &MainWindow::lessonRequested, runner, [runner, &window](int i) {
        QString error;
        window.showLesson(i);
        if (!runner->start(allLessons()[size_t(i)].id, &error)) {
            //: zh: 不能在这里运行
            window.setLessonState(QObject::tr("cannot run here"));
            window.showProblem(error);
        }
    });
    QObject::connect(runner, &LessonRunner::started, &window, [&window](LessonId) {
        //: zh: 正在进行……
        window.setLessonState(QObject::tr("running…"));
    });
    QObject::connect(runner, &LessonRunner::progress, &window, [&window](const QString &what) {
        //: zh: 课程：%1
        window.showStatus(QObject::tr("Lesson: %1").arg(what));
    });
    QObject::connect(runner, &LessonRunner::finished, &window, [&window](LessonId, bool ok, const QString &message) {
        if (ok) {
            //: zh: 完成：逐步查看时序图，或者按“重放”再来一次
            window.setLessonState(QObject::tr("done: step through the ladder, or Replay"));
            //: zh: 课程完成
            window.showStatus(message.isEmpty() ? QObject::tr("Lesson done") : message);
        } else {
            //: zh: 没有完成
            window.setLessonState(QObject::tr("not finished"));
            if (!message.isEmpty())
                window.showProblem(message);
        }
    });
}

} // namespace

void wireWindow(Session &session, MainWindow &window)
{
    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    Session *s = &session;

    QObject::connect(server, &ChatPane::startRequested, s, [s, server](const QString &host, quint16 port) {
        QString error;
        if (!s->startServer(host, port, &error))
            server->showProblem(error);
    });
    QObject::connect(server, &ChatPane::stopRequested, s, &Session::stopServer);
    wireLab(session, window);
    wireLessons(session, window);
    QObject::connect(server, &ChatPane::holdAcceptChanged, &session.server(), &ChatServer::setAcceptPaused);
    QObject::connect(server, &ChatPane::sendRequested, s, [s, server](const QString &text) {
        const QByteArray bytes = server->bytes(text); // with the newline, unless unticked
        QString why;
        if (s->serverSend(bytes, server->selectedPeer(), &why)) {
            server->clearProblem(QStringLiteral("no-peer"));
            server->appendSent(text, bytes.size());
            server->clearInput(); // only once it is on its way: a failed send keeps what was typed
        } else {
            // Next to the input, and gone once a client is there to send to.
            //: zh: %1。输入的文字还在。
            server->showProblem(QObject::tr("%1. Your text is kept.").arg(why), QStringLiteral("no-peer"));
        }
    });
    QObject::connect(&session.server(), &ChatServer::sendProgress, server, &ChatPane::showSendProgress);
    // The client's port follows the server's while it is the same (as it is typed, and once the
    // server listens: port 0 is the kernel's pick, known only then); a client port set apart by
    // hand, or restored so, stays.
    auto clientPortByHand = std::make_shared<bool>(false);
    QObject::connect(client, &ChatPane::portEdited, server, [server, clientPortByHand](quint16 port, quint16) {
        *clientPortByHand = port != server->port();
    });
    QObject::connect(server, &ChatPane::portEdited, client, [client, clientPortByHand](quint16 port, quint16 previous) {
        if (!*clientPortByHand && client->port() == previous && port != 0 && !client->isActive())
            client->setEndpoint(client->host(), port);
    });
    QObject::connect(&session.server(), &ChatServer::listeningChanged, server, [s, server, client, clientPortByHand](bool on) {
        server->setActive(on);
        if (on) {
            // Asked for: port 0 (the kernel picks), or the one the client has too.
            const bool follow = !*clientPortByHand && (server->port() == 0 || client->port() == server->port());
            server->setEndpoint(s->server().address().toString(), s->server().port());
            server->appendEvent(QObject::tr("listening on %1").arg(endpointText(s->server().address(), s->server().port())));
            server->showNotice(s->reachabilityNote());
            if (!client->isActive() && follow)
                client->setEndpoint(client->host(), s->server().port());
        } else {
            server->appendEvent(QObject::tr("stopped listening"));
            server->showNotice(QString());
            server->setPeers({});
        }
    });
    QObject::connect(&session.server(), &ChatServer::peerConnected, server, [server](const QString &peer) {
        server->appendEvent(QObject::tr("accepted %1").arg(peer));
        server->clearProblem(QStringLiteral("no-peer")); // there is someone to send to now
    });
    QObject::connect(&session.server(), &ChatServer::peerDisconnected, server, [server](const QString &peer, int error) {
        // A reset is not a close: no FIN came, and what was in flight is lost.
        server->appendEvent(error == ECONNRESET
                                //: zh: %1 复位了连接（RST）
                                ? QObject::tr("%1 reset the connection (RST)").arg(peer)
                                : error != 0
                                //: zh: 与 %1 的连接失败了：%2
                                ? QObject::tr("the connection with %1 failed: %2").arg(peer, QString::fromLocal8Bit(std::strerror(error)))
                                : QObject::tr("%1 closed").arg(peer));
    });
    // Who is connected, with the kernel's state of each: on every change, and once a second
    // while there are peers (CLOSE_WAIT, FIN_WAIT_2 move on by themselves).
    auto *peerClock = new QTimer(server);
    peerClock->setInterval(1000);
    auto refreshPeers = [s, server, peerClock] {
        const QList<PeerInfo> peers = s->server().peers();
        server->setPeers(peers);
        if (peers.isEmpty())
            peerClock->stop();
        else if (!peerClock->isActive())
            peerClock->start();
    };
    QObject::connect(peerClock, &QTimer::timeout, server, refreshPeers);
    QObject::connect(&session.server(), &ChatServer::peersChanged, server, refreshPeers);
    // Decoded per connection and gathered: a flooding client makes a few bounded lines a second.
    QObject::connect(&session.server(), &ChatServer::textReceived, server, [server](const ReceivedLine &line) {
        server->appendReceived(line.peer, line.cut ? line.text + QChar(0x2026) : line.text, receivedNote(line));
    });
    QObject::connect(&session.server(), &ChatServer::problem, server, qOverload<const QString &>(&ChatPane::showProblem));

    QObject::connect(client, &ChatPane::startRequested, s, [s, client](const QString &host, quint16 port) {
        client->setBusy(true);
        s->connectClient(host, port);
    });
    QObject::connect(client, &ChatPane::stopRequested, s, [s, client] {
        s->disconnectClient();
        client->setActive(false);
    });
    QObject::connect(client, &ChatPane::sendRequested, s, [s, client](const QString &text) {
        const QByteArray bytes = client->bytes(text); // with the newline, unless unticked
        if (s->clientSend(bytes)) {
            client->appendSent(text, bytes.size());
            client->clearInput(); // only once it is on its way: a failed send keeps what was typed
        }
    });
    QObject::connect(&session.client(), &ChatClient::sendProgress, client, &ChatPane::showSendProgress);
    QObject::connect(&session.client(), &ChatClient::connected, client, [s, client] {
        client->setActive(true);
        client->appendEvent(QObject::tr("connected %1 → %2").arg(s->client().localEndpoint(), s->client().peerEndpoint()));
    });
    QObject::connect(&session.client(), &ChatClient::disconnected, client, [client] {
        client->setActive(false);
        client->appendEvent(QObject::tr("disconnected"));
    });
    QObject::connect(&session.client(), &ChatClient::textReceived, client, [client](const ReceivedLine &line) {
        client->appendReceived(QObject::tr("server"), line.cut ? line.text + QChar(0x2026) : line.text, receivedNote(line));
    });
    QObject::connect(&session.client(), &ChatClient::problem, client, [client](const QString &message) {
        client->showProblem(message);
    });

    QObject::connect(&window, &MainWindow::openRequested, s, &Session::openFile);
    QObject::connect(&window, &MainWindow::sampleRequested, s, &Session::openSample);
    QObject::connect(&window, &MainWindow::liveRequested, s, &Session::showLive);
    QObject::connect(&window, &MainWindow::exportRequested, s, [s, w = &window](const QString &path) {
        // What is on screen: the connection shown (or all of them) with its kind of numbers.
        const LadderView *ladder = w->ladderView();
        ExportOptions options;
        options.connection = ladder->showsAll() ? 0 : ladder->shownConnection();
        options.relativeNumbers = ladder->relativeNumbers();
        // A .txt or .json of a long capture takes seconds: a dialog shows how far it got.
        ExportProgress progress(w, QFileInfo(path).fileName());
        options.progress = progress.callback();
        QString error;
        if (s->exportTo(path, &error, options))
            w->showStatus(QObject::tr("Exported %1").arg(QFileInfo(path).fileName()));
        else if (progress.wasCancelled()) {
            //: zh: 已取消导出 %1
            const QString said = QObject::tr("Export of %1 cancelled");
            w->showStatus(said.arg(QFileInfo(path).fileName()));
        } else
            QMessageBox::warning(w, QObject::tr("Export failed"), error);
    });
    QObject::connect(&window, &MainWindow::slidesRequested, s, [s, w = &window](const QString &path, const SlideOptions &asked) {
        SlideOptions options = asked;
        options.relativeNumbers = w->ladderView()->relativeNumbers();
        options.font = ExportOptions::defaultFont();
        QString error;
        QStringList written;
        if (s->exportSlidesTo(path, &error, options, &written)) {
            QStringList names;
            for (const QString &f : std::as_const(written))
                names << QFileInfo(f).fileName();
            const QString list = names.size() > 4 ? names.mid(0, 2).join(QStringLiteral(", ")) + QStringLiteral(" … ") + names.last()
                                                  : names.join(QStringLiteral(", "));
            if (names.size() == 1) {
                //: zh: 已导出 %1
                w->showStatus(QObject::tr("Exported %1").arg(list));
            } else {
                //: zh: 已导出 %1 个文件：%2
                w->showStatus(QObject::tr("Exported %1 files: %2").arg(names.size()).arg(list));
            }
        } else {
            QMessageBox::warning(w, QObject::tr("Export failed"), error);
        }
    });
    QObject::connect(&window, &MainWindow::worksheetRequested, s, [s, w = &window](const QString &path, quint8 blanks) {
        const LadderView *ladder = w->ladderView();
        ExportOptions options;
        options.connection = ladder->showsAll() ? 0 : ladder->shownConnection();
        options.relativeNumbers = ladder->relativeNumbers();
        options.blanks = blanks;
        QString error;
        if (s->exportWorksheetTo(path, &error, options))
            //: zh: 已导出练习单 %1 和答案 %2
            w->showStatus(QObject::tr("Exported the worksheet %1 and its answers %2")
                              .arg(QFileInfo(path).fileName(), QFileInfo(worksheetAnswersPath(path)).fileName()));
        else
            QMessageBox::warning(w, QObject::tr("Export failed"), error);
    });
    auto *notices = new NoticeBoard(session, window);
    QObject::connect(&window, &MainWindow::languageRequested, &window, [notices, s, w = &window](const QString &code) {
        setLanguage(code);
        notices->retranslate();
        w->showCounts(s->countsText());
    });
    QObject::connect(s, &Session::status, &window, &MainWindow::showStatus);
    // A file being read: how far, with Cancel (what was read stays).
    QObject::connect(s, &Session::fileProgress, &window, [s, w = &window](qint64 done, qint64 total, quint64 packets, qint64 elapsedMs) {
        if (s->isReadingFile())
            w->showReadProgress(s->shownFile(), done, total, packets, elapsedMs);
    });
    QObject::connect(s, &Session::captureFinished, &window, &MainWindow::hideReadProgress);
    QObject::connect(&window, &MainWindow::readCancelRequested, s, &Session::cancelOpen);
    QObject::connect(s, &Session::countsChanged, &window, [s, w = &window] { w->showCounts(s->countsText()); });
    QObject::connect(s, &Session::problem, &window, &MainWindow::showProblem);
    QObject::connect(s, &Session::documentChanged, &window, [s, w = &window] {
        w->setTimeline(&s->timeline());
        w->setDocument(s->shownFile(), s->interface());
        w->showCounts(s->countsText());
    });
    window.setDocument(QString(), session.interface());
    QObject::connect(s, &Session::interfaceChanged, &window, [s, w = &window] { w->setDocument(s->shownFile(), s->interface()); });
    window.setMemoryLimit(session.memoryLimit() >> 20);
    QObject::connect(&window, &MainWindow::memoryLimitRequested, s, [s](qint64 mib) { s->setMemoryLimit(mib << 20); });

    // Click an arrow: its frame's header fields and bytes, read from the capture's raw file.
    QObject::connect(window.ladderView(), &LadderView::rowClicked, &window, [s, w = &window](int row) {
        const LadderGeometry &g = w->ladderView()->ladderGeometry();
        if (row < 0 || size_t(row) >= g.rows.size() || g.rows[size_t(row)].step.kind != TimelineStep::Kind::Segment)
            return;
        w->showDetails(s->frameRequest(g.rows[size_t(row)].step.index));
        // The dock takes room from the ladder: keep the clicked arrow in sight once it is laid out.
        QTimer::singleShot(0, w->ladderView(), [l = w->ladderView(), row] {
            if (row < l->rowCount())
                l->scrollToRow(row);
        });
    });
}

void wireSettings(Session &session, MainWindow &window)
{
    // Each capture file opened joins the recent ones (File → Open recent).
    QObject::connect(&session, &Session::documentChanged, &window, [&session, &window] {
        if (!session.shownFile().isEmpty())
            window.setRecentFiles(addRecentFile(session.shownFile()));
    });
}

int runWindow(QApplication &app, const Options &options)
{
    Session session;
    session.setInterface(options.interface, options.interfaceGiven);
    session.setCaptureBuffer(options.captureBufferKiB);
    session.setDrops(DropRequest::parseAll(options.drops));
    if (options.memoryLimitMiB >= 0)
        session.setMemoryLimit(options.memoryLimitMiB << 20);
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    if (options.delayMs > 0 || options.rateKbit > 0) {
        QString error;
        if (!session.setShaping(options.delayMs, options.rateKbit, &error))
            window.clientPane()->showProblem(error);
    }
    window.serverPane()->setEndpoint(options.listenHost, options.listenPort);
    window.clientPane()->setEndpoint(options.connectHost, options.connectPort ? options.connectPort : options.listenPort);
    restoreSettings(window, options);
    wireSettings(session, window);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &window, [&window] { saveSettings(window); });
    window.show();
    if (options.present)
        window.setPresenting(true);

    if (const std::optional<LessonId> lesson = lessonNamed(options.lesson)) {
        // --lesson NAME in the window: as if picked from the Lessons menu.
        const int index = int(*lesson);
        QTimer::singleShot(0, &window, [&window, index] { Q_EMIT window.lessonRequested(index); });
        if (!options.screenshot.isEmpty())
            if (auto *runner = window.findChild<LessonRunner *>(QStringLiteral("lessonRunner")))
                QObject::connect(runner, &LessonRunner::finished, &window, [&window, &options, &app] {
                    // Once the ladder has played the lesson's last steps, from its first step
                    // (Home: the top of the ladder, where the lesson begins).
                    QTimer::singleShot(1500, &window, [&window, &options, &app] {
                        if (auto *first = window.findChild<QAction *>(QStringLiteral("stepFirst")))
                            first->trigger();
                        QTimer::singleShot(500, &window, [&window, &options, &app] { screenshotWhenLanded(app, window, options.screenshot); });
                    });
                });
    } else if (!options.readFile.isEmpty()) {
        if (!options.screenshot.isEmpty())
            QObject::connect(&session, &Session::captureFinished, &window, [&window, &options, &app] {
                QTimer::singleShot(500, &window, [&window, &options, &app] {
                    screenshotWhenLanded(app, window, options.screenshot);
                });
            });
        session.openFile(options.readFile);
    } else if (options.demo) {
        // A hands-free run for a projector: listen, connect once capture is up, then chat.
        QString error;
        if (!options.demoServer() || session.startServer(options.listenHost, options.listenPort, &error)) {
            const quint16 port = options.connectPort ? options.connectPort : session.server().port();
            session.connectClient(options.connectHost, port);
            // More clients at once (--clients N), each with its own numbered messages.
            for (int i = 2; i <= options.clients; ++i) {
                ChatClient &extra = session.addClient();
                QObject::connect(&extra, &ChatClient::connected, &window, [&extra, &options, i] {
                    const QStringList sends = options.sends.isEmpty() ? QStringList{QStringLiteral("hello")} : options.sends;
                    int delay = 800;
                    for (const QString &text : sends) {
                        QTimer::singleShot(delay, &extra, [&extra, text, i] {
                            extra.send(QStringLiteral("%1 (client %2)").arg(text).arg(i).toUtf8());
                        });
                        delay += 800;
                    }
                    QTimer::singleShot(delay, &extra, [&extra] { extra.disconnectFromHost(); });
                }, Qt::SingleShotConnection);
                session.whenLiveReady([&extra, &options, port] { extra.connectToHost(options.connectHost, port); });
            }
            QObject::connect(&session.client(), &ChatClient::connected, &window, [&session, &options, &window, &app] {
                const QStringList sends = options.sends.isEmpty() ? QStringList{QStringLiteral("hello")} : options.sends;
                int delay = 800;
                for (const QString &text : sends) {
                    const QString said = options.clients > 1 ? QStringLiteral("%1 (client 1)").arg(text) : text;
                    QTimer::singleShot(delay, &window, [&window, said] {
                        window.clientPane()->inputEdit()->setText(said);
                        Q_EMIT window.clientPane()->sendRequested(said);
                    });
                    delay += 800;
                }
                // Then the client closes: the teardown is half the lesson.
                QTimer::singleShot(delay, &window, [&session] { session.disconnectClient(); });
                if (!options.screenshot.isEmpty())
                    QTimer::singleShot(delay + 1500, &window, [&window, &options, &app] {
                        screenshotWhenLanded(app, window, options.screenshot);
                    });
            }, Qt::SingleShotConnection);
        } else {
            window.serverPane()->showProblem(error);
        }
    }
    return app.exec();
}

} // namespace hv
