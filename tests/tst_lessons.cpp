// The lessons, each run for real on this machine's kernel: headless (--lesson NAME --export x.json),
// checked against what the kernel must do in that situation, and through the window's Lessons
// menu (the card, Replay). The lessons that drop segments need the lab network and run as an
// unprivileged user in tst_privileges.
#include "CallText.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "Lessons.h"
#include "LessonCardView.h"
#include "Explanation.h"
#include "MainWindow.h"
#include "StartPage.h"
#include "Session.h"
#include "TestSupport.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QPushButton>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace hv;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

double num(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toDouble();
}

std::vector<QJsonObject> objects(const QJsonArray &a)
{
    std::vector<QJsonObject> out;
    for (const QJsonValue &v : a)
        out.push_back(v.toObject());
    return out;
}

} // namespace

class TestLessons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listNamesEveryLesson();
    void handshake();
    void acceptHeld();
    void queueFull();
    void refused();
    void abort();
    void halfClose();
    void timeWait();
    void randomIsn();
    void tutorialPrograms();
    void kernelAgreesWithTheLadder_data();
    void kernelAgreesWithTheLadder();
    void labLessonOnTheHostNetworkIsRefused();
    void windowRunsALesson();
    void startPageListsTheLessons();
    void simultaneousOpenExplained();
    void stateNamesSwitch();

private:
    // Runs --lesson `name`, its JSON export read back into root_; its stdout into out_.
    bool run(const QString &name);
    QTemporaryDir dir_;
    QJsonObject root_;
    QByteArray out_;
};

void TestLessons::initTestCase()
{
    QVERIFY(dir_.isValid());
}

bool TestLessons::run(const QString &name)
{
    const QString out = dir_.filePath(name + QStringLiteral(".json"));
    QProcess p;
    p.start(QStringLiteral(HV_BINARY), {QStringLiteral("--lesson"), name, QStringLiteral("--export"), out});
    const bool finished = p.waitForFinished(90000);
    out_ = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    [&] {
        QVERIFY2(finished, ("the lesson did not end within 90 s: " + err).constData());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, err.constData());
        QVERIFY2(err.isEmpty(), err.constData()); // a lesson that went well says nothing on stderr
    }();
    QFile f(out);
    if (QTest::currentTestFailed() || !f.open(QIODevice::ReadOnly))
        return false;
    root_ = QJsonDocument::fromJson(f.readAll()).object();
    return true;
}

void TestLessons::listNamesEveryLesson()
{
    QProcess p;
    p.start(QStringLiteral(HV_BINARY), {QStringLiteral("--lesson"), QStringLiteral("list")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), qsizetype(allLessons().size()));
    for (size_t i = 0; i < allLessons().size(); ++i)
        QVERIFY2(lines[qsizetype(i)].startsWith(QLatin1String(allLessons()[i].name) + u'\t'), qPrintable(lines[qsizetype(i)]));
    // In Chinese too: the names stay, the titles are translated.
    QProcess zh;
    zh.start(QStringLiteral(HV_BINARY), {QStringLiteral("--lang"), QStringLiteral("zh"), QStringLiteral("--lesson"), QStringLiteral("list")});
    QVERIFY(zh.waitForFinished(10000));
    const QString said = QString::fromUtf8(zh.readAllStandardOutput());
    QVERIFY2(said.startsWith(QStringLiteral("handshake\t三次握手")), qPrintable(said));
}

// The three-way handshake: SYN, SYN+ACK acknowledging the SYN's ISN + 1, the ACK; data; close,
// the client (the active closer) in TIME_WAIT.
void TestLessons::handshake()
{
    if (!run(QStringLiteral("handshake")))
        return;
    const QJsonArray cs = root_.value(QStringLiteral("connections")).toArray();
    QCOMPARE(cs.size(), qsizetype(1));
    const QJsonObject c = cs.first().toObject();
    QCOMPARE(str(c, "handshake"), QStringLiteral("complete"));
    const auto seg = objects(c.value(QStringLiteral("segments")).toArray());
    QVERIFY(seg.size() >= 7);
    QCOMPARE(str(seg[0], "flags"), QStringLiteral("SYN"));
    QCOMPARE(str(seg[1], "flags"), QStringLiteral("SYN, ACK"));
    QCOMPARE(str(seg[2], "flags"), QStringLiteral("ACK"));
    QCOMPARE(quint32(num(seg[1], "ack")), quint32(num(seg[0], "seq")) + 1);
    QCOMPARE(quint32(num(seg[2], "ack")), quint32(num(seg[1], "seq")) + 1);
    QCOMPARE(str(seg.back(), "client_state"), QStringLiteral("TIME_WAIT"));
}

// accept() held for two seconds: the handshake completes at once all the same; accept() returns
// only when let go.
void TestLessons::acceptHeld()
{
    if (!run(QStringLiteral("accept-held")))
        return;
    const QJsonObject c = root_.value(QStringLiteral("connections")).toArray().first().toObject();
    const auto seg = objects(c.value(QStringLiteral("segments")).toArray());
    QCOMPARE(str(seg[2], "server_state"), QStringLiteral("ESTABLISHED"));
    const double established = num(seg[2], "time_us");
    double accepted = -1;
    for (const QJsonObject &call : objects(root_.value(QStringLiteral("socket_calls")).toArray()))
        if (str(call, "call") == u"accept returns")
            accepted = num(call, "time_us");
    QVERIFY2(accepted > 0, "no accept() returns");
    const double held = (accepted - established) / 1e6;
    QVERIFY2(held > 1.8 && held < 5, qPrintable(QString::number(held)));
    // Three clients waited in the accept queue: each accept() took one, the kernel counting down.
    QList<int> queue;
    for (const QJsonObject &call : objects(root_.value(QStringLiteral("socket_calls")).toArray()))
        if (str(call, "call") == u"accept returns") {
            queue << call.value(QStringLiteral("accept_queue")).toInt(-1);
            QCOMPARE(call.value(QStringLiteral("backlog")).toInt(), 50);
        }
    QCOMPARE(queue, (QList<int>{2, 1, 0}));
    QCOMPARE(root_.value(QStringLiteral("connections")).toArray().size(), qsizetype(3));
}

// listen(backlog 1) with accept() held and four clients: the queue takes backlog + 1 = 2, the
// kernel drops the others' SYNs (or their ACKs) and they try again; all complete once accept() is
// let go; the kernel's ListenOverflows counted them.
void TestLessons::queueFull()
{
    if (!run(QStringLiteral("queue-full")))
        return;
    const QJsonArray cs = root_.value(QStringLiteral("connections")).toArray();
    QCOMPARE(cs.size(), qsizetype(4));
    QList<int> retried;
    for (const QJsonValue &v : cs) {
        const QJsonObject c = v.toObject();
        QCOMPARE(str(c, "handshake"), QStringLiteral("complete"));
        int again = 0;
        for (const QJsonObject &seg : objects(c.value(QStringLiteral("segments")).toArray()))
            again += seg.value(QStringLiteral("retransmission")).toBool() && str(seg, "flags").contains(QStringLiteral("SYN"));
        retried << again;
    }
    QCOMPARE(retried[0], 0);
    QCOMPARE(retried[1], 0);
    QVERIFY2(retried[2] > 0 && retried[3] > 0, qPrintable(QStringLiteral("%1 %2").arg(retried[2]).arg(retried[3])));
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("ListenOverflows\\): (\\d+)")).match(QString::fromUtf8(out_));
    QVERIFY2(m.hasMatch() && m.captured(1).toInt() >= 1, out_.constData());
}

// Nothing listens: the SYN is answered by a RST whose Ack is the SYN's Seq + 1; connect() fails
// with ECONNREFUSED; both sides CLOSED.
void TestLessons::refused()
{
    if (!run(QStringLiteral("refused")))
        return;
    const QJsonObject c = root_.value(QStringLiteral("connections")).toArray().first().toObject();
    QCOMPARE(str(c, "handshake"), QStringLiteral("refused"));
    const auto seg = objects(c.value(QStringLiteral("segments")).toArray());
    QCOMPARE(seg.size(), size_t(2));
    QCOMPARE(str(seg[0], "flags"), QStringLiteral("SYN"));
    QVERIFY2(str(seg[1], "flags").contains(QStringLiteral("RST")), qPrintable(str(seg[1], "flags")));
    QCOMPARE(quint32(num(seg[1], "ack")), quint32(num(seg[0], "seq")) + 1);
    QCOMPARE(str(seg[1], "client_state"), QStringLiteral("CLOSED"));
    QCOMPARE(str(seg[1], "server_state"), QStringLiteral("CLOSED"));
    bool refusedCall = false;
    for (const QJsonObject &call : objects(root_.value(QStringLiteral("socket_calls")).toArray()))
        refusedCall = refusedCall || (str(call, "call") == u"connect returns" && str(call, "detail").contains(QStringLiteral("refused")));
    QVERIFY(refusedCall);
}

// SO_LINGER 0: a RST from the client instead of a FIN, and no TIME_WAIT on either side.
void TestLessons::abort()
{
    if (!run(QStringLiteral("abort")))
        return;
    const QJsonObject c = root_.value(QStringLiteral("connections")).toArray().first().toObject();
    const auto seg = objects(c.value(QStringLiteral("segments")).toArray());
    bool rst = false;
    for (const QJsonObject &s : seg) {
        QVERIFY2(!(str(s, "from") == u"client" && str(s, "flags").contains(QStringLiteral("FIN"))), "the client sent a FIN");
        QVERIFY(str(s, "client_state") != u"TIME_WAIT" && str(s, "server_state") != u"TIME_WAIT");
        rst = rst || (str(s, "from") == u"client" && str(s, "flags").contains(QStringLiteral("RST")));
    }
    QVERIFY(rst);
    QCOMPARE(str(seg.back(), "client_state"), QStringLiteral("CLOSED"));
    QCOMPARE(str(seg.back(), "server_state"), QStringLiteral("CLOSED"));
}

// shutdown(SHUT_WR): the client's FIN, then data from the server, then the server's FIN.
void TestLessons::halfClose()
{
    if (!run(QStringLiteral("half-close")))
        return;
    const QJsonObject c = root_.value(QStringLiteral("connections")).toArray().first().toObject();
    const auto seg = objects(c.value(QStringLiteral("segments")).toArray());
    int clientFin = -1, dataAfter = -1, serverFin = -1;
    for (int i = 0; i < int(seg.size()); ++i) {
        const bool fin = str(seg[size_t(i)], "flags").contains(QStringLiteral("FIN"));
        const bool fromServer = str(seg[size_t(i)], "from") == u"server";
        if (fin && !fromServer && clientFin < 0)
            clientFin = i;
        else if (clientFin >= 0 && fromServer && seg[size_t(i)].value(QStringLiteral("len")).toInt() > 0 && dataAfter < 0)
            dataAfter = i;
        else if (fin && fromServer && serverFin < 0)
            serverFin = i;
    }
    QVERIFY2(clientFin >= 0 && dataAfter > clientFin && serverFin > dataAfter,
             qPrintable(QStringLiteral("client FIN %1, server data %2, server FIN %3").arg(clientFin).arg(dataAfter).arg(serverFin)));
    QCOMPARE(str(seg[size_t(dataAfter)], "client_state"), QStringLiteral("FIN_WAIT_2"));
    QCOMPARE(str(seg[size_t(dataAfter)], "server_state"), QStringLiteral("CLOSE_WAIT"));
}

// The server closes first and goes to TIME_WAIT; bind() to its address again fails with
// EADDRINUSE without SO_REUSEADDR, and works with it.
void TestLessons::timeWait()
{
    if (!run(QStringLiteral("time-wait")))
        return;
    const QJsonObject c = root_.value(QStringLiteral("connections")).toArray().first().toObject();
    const auto seg = objects(c.value(QStringLiteral("segments")).toArray());
    QCOMPARE(str(seg.back(), "server_state"), QStringLiteral("TIME_WAIT"));
    QCOMPARE(str(seg.back(), "client_state"), QStringLiteral("CLOSED"));
    QStringList binds;
    for (const QJsonObject &call : objects(root_.value(QStringLiteral("socket_calls")).toArray()))
        if (str(call, "call") == u"bind")
            binds << str(call, "detail");
    QCOMPARE(binds.size(), qsizetype(3)); // the listener's, then the two tries
    QVERIFY2(binds[1].contains(QStringLiteral("EADDRINUSE")) && !binds[1].contains(QStringLiteral("SO_REUSEADDR")), qPrintable(binds[1]));
    QVERIFY2(binds[2].contains(QStringLiteral("SO_REUSEADDR")) && !binds[2].contains(QStringLiteral("-1")), qPrintable(binds[2]));
    QVERIFY2(out_.contains("without SO_REUSEADDR: -1") && out_.contains("with SO_REUSEADDR: 0"), out_.constData());
}

// The same connection twice: different raw ISNs, relative numbers from 0 both times.
void TestLessons::randomIsn()
{
    if (!run(QStringLiteral("random-isn")))
        return;
    const QJsonArray cs = root_.value(QStringLiteral("connections")).toArray();
    QCOMPARE(cs.size(), qsizetype(2));
    QList<quint32> isns;
    for (const QJsonValue &v : cs) {
        const QJsonObject syn = v.toObject().value(QStringLiteral("segments")).toArray().first().toObject();
        QCOMPARE(str(syn, "flags"), QStringLiteral("SYN"));
        QCOMPARE(syn.value(QStringLiteral("rel_seq")).toInt(), 0);
        isns << quint32(num(syn, "seq"));
    }
    QVERIFY2(isns[0] != isns[1], qPrintable(QString::number(isns[0])));
}

// The kernel's own view (TCP_INFO, sampled with each of the program's calls) against the ladder:
// at the moment of each sample, the state the packets show for that side is the kernel's, in
// every lesson here; and there is something to compare (not a check that cannot fail).
void TestLessons::kernelAgreesWithTheLadder_data()
{
    QTest::addColumn<QString>("lesson");
    QTest::addColumn<int>("atLeast");
    QTest::newRow("handshake") << QStringLiteral("handshake") << 5;
    QTest::newRow("accept-held") << QStringLiteral("accept-held") << 12;
    QTest::newRow("refused") << QStringLiteral("refused") << 1;
    QTest::newRow("half-close") << QStringLiteral("half-close") << 6;
}

void TestLessons::kernelAgreesWithTheLadder()
{
    QFETCH(QString, lesson);
    QFETCH(int, atLeast);
    if (!run(lesson))
        return;
    std::map<int, std::vector<QJsonObject>> segments;
    for (const QJsonValue &c : root_.value(QStringLiteral("connections")).toArray())
        segments[c.toObject().value(QStringLiteral("id")).toInt()] = objects(c.toObject().value(QStringLiteral("segments")).toArray());
    int compared = 0;
    QStringList seen;
    for (const QJsonObject &call : objects(root_.value(QStringLiteral("socket_calls")).toArray())) {
        const QJsonObject kernel = call.value(QStringLiteral("kernel")).toObject();
        if (kernel.isEmpty() || call.value(QStringLiteral("connection")).isNull() || str(call, "call") == u"listen")
            continue;
        const auto &mine = segments[call.value(QStringLiteral("connection")).toInt()];
        const double at = num(kernel, "sampled_us");
        const QJsonObject *last = nullptr;
        for (const QJsonObject &s : mine)
            if (num(s, "time_us") <= at)
                last = &s;
        const QString side = str(call, "side");
        // Before any segment: a client that has not sent its SYN is CLOSED.
        const QString ladder = last ? str(*last, side == u"client" ? "client_state" : "server_state") : QStringLiteral("CLOSED");
        if (ladder == u"?")
            continue;
        seen << QStringLiteral("%1 %2: kernel %3, ladder %4").arg(side, str(call, "call"), str(kernel, "state"), ladder);
        // Linux keeps a connection's TIME_WAIT in a socket of its own: the program's says CLOSE.
        const bool agrees = str(kernel, "state") == ladder || (ladder == u"TIME_WAIT" && str(kernel, "state") == u"CLOSED");
        QVERIFY2(agrees, qPrintable(seen.join(u'\n')));
        ++compared;
    }
    QVERIFY2(compared >= atLeast, qPrintable(QStringLiteral("%1 compared: %2").arg(compared).arg(seen.join(u'\n'))));
}

// The tutorial's own server.c and client.c, compiled here (the tests install a C compiler):
// its server answers our client with the reply it read from standard input, its client talks to
// our server; two whole conversations, each with data both ways.
void TestLessons::tutorialPrograms()
{
    if (!run(QStringLiteral("tutorial")))
        return;
    const QJsonArray cs = root_.value(QStringLiteral("connections")).toArray();
    QCOMPARE(cs.size(), qsizetype(2));
    for (const QJsonValue &v : cs) {
        const QJsonObject c = v.toObject();
        QCOMPARE(str(c, "handshake"), QStringLiteral("complete"));
        int clientData = 0, serverData = 0;
        for (const QJsonObject &seg : objects(c.value(QStringLiteral("segments")).toArray()))
            (str(seg, "from") == u"client" ? clientData : serverData) += seg.value(QStringLiteral("len")).toInt();
        QVERIFY2(clientData > 0 && serverData > 0, qPrintable(QStringLiteral("%1 %2").arg(clientData).arg(serverData)));
    }
    // The first server is the tutorial's: none of its socket calls is this program's.
    const int firstId = cs.first().toObject().value(QStringLiteral("id")).toInt();
    for (const QJsonObject &call : objects(root_.value(QStringLiteral("socket_calls")).toArray()))
        QVERIFY2(!(call.value(QStringLiteral("connection")).toInt() == firstId && str(call, "side") == u"server"), qPrintable(str(call, "call")));
    // Its reply came from its standard input: "reply_from_server.c", 19 bytes.
    const auto first = objects(cs.first().toObject().value(QStringLiteral("segments")).toArray());
    QVERIFY(std::any_of(first.begin(), first.end(), [](const QJsonObject &seg) {
        return str(seg, "from") == u"server" && seg.value(QStringLiteral("len")).toInt() == 19;
    }));
}

// As root the program captures on the host's network: a lesson that drops segments is refused
// there with the reason, never run on the machine's own network.
void TestLessons::labLessonOnTheHostNetworkIsRefused()
{
    QProcess p;
    p.start(QStringLiteral(HV_BINARY), {QStringLiteral("--lesson"), QStringLiteral("lost-syn"), QStringLiteral("--network"), QStringLiteral("host"),
                                        QStringLiteral("--export"), dir_.filePath(QStringLiteral("no.json"))});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(p.readAllStandardError().contains("lab network only"), "no reason given");
}

// The window: Lessons → "Connection refused" shows its card, runs, and says it is done; Replay
// runs it again (a second refused connection).
void TestLessons::windowRunsALesson()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The user's own drops are not the lesson's: none while it runs, theirs again after.
    session.setDrops({DropRequest{DropRequest::Kind::Syn, 3}});
    auto *runner = window.findChild<LessonRunner *>(QStringLiteral("lessonRunner"));
    QVERIFY(runner);
    int dropsDuring = -1;
    connect(runner, &LessonRunner::started, this, [&] { dropsDuring = int(session.drops().size()); });
    auto *action = window.findChild<QAction *>(QStringLiteral("lesson%1").arg(int(LessonId::Refused)));
    QVERIFY(action);
    QVERIFY2(action->text().contains(QStringLiteral("Connection refused")), qPrintable(action->text()));
    action->trigger();
    LessonCardView *card = window.lessonCard();
    QVERIFY(card->isVisible());
    QCOMPARE(card->title(), QStringLiteral("Connection refused"));
    auto *state = card->findChild<QLabel *>(QStringLiteral("lessonState"));
    QVERIFY(state);
    QTRY_VERIFY2_WITH_TIMEOUT(state->text().startsWith(QStringLiteral("done")), qPrintable(state->text()), 15000);
    QCOMPARE(int(session.timeline().connections().size()), 1);
    QCOMPARE(session.timeline().connections().front().handshake, Handshake::Refused);
    QCOMPARE(session.timeline().connections().front().segmentCount, 2u); // one SYN: no drop asked of anyone
    QCOMPARE(dropsDuring, 0);
    QCOMPARE(session.drops().size(), size_t(1));
    QCOMPARE(session.drops().front().count, 3);
    QTest::mouseClick(card->replayButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(session.timeline().connections().size() == 2, 15000);
    QTRY_VERIFY2_WITH_TIMEOUT(state->text().startsWith(QStringLiteral("done")), qPrintable(state->text()), 15000);
    QCOMPARE(session.timeline().connections().back().handshake, Handshake::Refused);
    // The goal, what to watch and the question are on the card.
    for (const char *name : {"lessonGoal", "lessonWatch", "lessonQuestion"}) {
        auto *l = card->findChild<QLabel *>(QLatin1String(name));
        QVERIFY(l && l->text().size() > 20);
    }
}

// A new window: the lessons stand where the ladder will be, each one a button; a click runs it and
// the ladder takes the place; Lessons → All lessons (Ctrl+K) brings the list back, "Show the
// ladder" puts it away.
void TestLessons::startPageListsTheLessons()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.showsStartPage());
    StartPage *page = window.startPage();
    QVERIFY(page->isVisible());
    QVERIFY(!window.ladderView()->isVisible());
    const QList<QPushButton *> buttons = page->lessonButtons();
    QCOMPARE(buttons.size(), qsizetype(allLessons().size()));
    for (size_t i = 0; i < allLessons().size(); ++i) {
        QVERIFY2(buttons[qsizetype(i)]->text().contains(lessonCard(allLessons()[i].id).title), qPrintable(buttons[qsizetype(i)]->text()));
        QCOMPARE(buttons[qsizetype(i)]->text().contains(QLatin1String("(lab network)")), allLessons()[i].needsLab);
        QVERIFY(!buttons[qsizetype(i)]->toolTip().isEmpty()); // the goal
    }
    QTest::mouseClick(buttons[int(LessonId::Handshake)], Qt::LeftButton);
    QVERIFY(!window.showsStartPage());
    QVERIFY(window.ladderView()->isVisible());
    auto *state = window.lessonCard()->findChild<QLabel *>(QStringLiteral("lessonState"));
    QTRY_VERIFY2_WITH_TIMEOUT(state->text().startsWith(QStringLiteral("done")), qPrintable(state->text()), 15000);
    QCOMPARE(window.lessonCard()->title(), lessonCard(LessonId::Handshake).title);
    QCOMPARE(session.timeline().connections().back().handshake, Handshake::Complete);
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QVERIFY(window.showsStartPage());
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("startHide")), Qt::LeftButton);
    QVERIFY(!window.showsStartPage());
    QVERIFY(window.ladderView()->isVisible());
}

// A real simultaneous open (captured on lo in a namespace of its own, the first SYN each way
// dropped by nftables; read as a file, which knows nothing of the drops): the SYN that finds its
// receiver in SYN_SENT is explained as the SYNs crossing, the SYN+ACKs as the answers of a
// simultaneous open, never as a listener's.
void TestLessons::simultaneousOpenExplained()
{
    Session session;
    QSignalSpy finished(&session, &Session::captureFinished);
    session.openFile(QStringLiteral(HV_SOURCE_DIR "/tests/data/simultaneous-open.pcap"));
    QVERIFY(finished.wait(10000));
    const Timeline &t = session.timeline();
    QCOMPARE(t.connections().size(), size_t(1));
    QVERIFY(t.connections().front().simultaneousOpen);
    QCOMPARE(t.connections().front().handshake, Handshake::Complete);
    int crossed = 0, answers = 0;
    for (size_t i = 0; i < t.segmentCount(); ++i) {
        const Segment s = t.segment(i);
        const StepExplanation e = explainStep(t, 1, {TimelineStep::Kind::Segment, uint32_t(i), s.timeUs});
        const QString text = e.toPlainText();
        if (e.title.contains(QLatin1String("simultaneous open"))) {
            ++crossed;
            QVERIFY2(text.contains(QLatin1String("SYN_SENT when this SYN arrives")), qPrintable(text));
        }
        if ((s.flags & TcpFlag::Syn) && (s.flags & TcpFlag::Ack)) {
            ++answers;
            QVERIFY2(text.contains(QLatin1String("A simultaneous open")), qPrintable(text));
            QVERIFY2(!text.contains(QLatin1String("the socket listens")) && !text.contains(QLatin1String("SYN queue for")), qPrintable(text));
        }
    }
    QVERIFY(crossed >= 1);
    QCOMPARE(answers, 2);
}

// View → State names: the same ladder in the tutorial's SYN_RCVD, RFC 9293's SYN-RECEIVED and
// Linux ss's SYN-RECV, the explanation with it; the exports keep their contract's names.
void TestLessons::stateNamesSwitch()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QAction *>(QStringLiteral("lesson%1").arg(int(LessonId::Handshake)))->trigger();
    auto *state = window.lessonCard()->findChild<QLabel *>(QStringLiteral("lessonState"));
    QTRY_VERIFY2_WITH_TIMEOUT(state->text().startsWith(QStringLiteral("done")), qPrintable(state->text()), 15000);
    auto boxes = [&] {
        QStringList out;
        for (const LadderRow &r : window.ladderView()->ladderGeometry().rows)
            for (const LadderStateBox &b : r.states)
                out << b.text.text;
        return out;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(boxes().contains(QStringLiteral("SYN_RCVD")), qPrintable(boxes().join(u' ')), 10000);
    window.findChild<QAction *>(QStringLiteral("stateNamesRfc"))->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(boxes().contains(QStringLiteral("SYN-RECEIVED")) && boxes().contains(QStringLiteral("TIME-WAIT")),
                              qPrintable(boxes().join(u' ')), 5000);
    QVERIFY(!boxes().contains(QStringLiteral("SYN_RCVD")));
    window.findChild<QAction *>(QStringLiteral("stateNamesSs"))->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(boxes().contains(QStringLiteral("SYN-RECV")) && boxes().contains(QStringLiteral("ESTAB")),
                              qPrintable(boxes().join(u' ')), 5000);
    QCOMPARE(stateName(TcpState::SynRcvd), QStringLiteral("SYN-RECV"));
    window.findChild<QAction *>(QStringLiteral("stateNamesUnp"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(boxes().contains(QStringLiteral("SYN_RCVD")), 5000);
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    TestLessons test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_lessons.moc"
