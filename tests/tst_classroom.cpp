// A classroom on a real network: forty students, each on a host of its own (a network namespace
// with a veth link into a bridge), connect to the teacher's server on the bridge's address while
// one more client connects from the teacher's own machine (over lo). The capture has to follow
// the listener off loopback ("any"), see every student once although each segment crosses both
// the bridge and its port, and keep the forty apart. Also: where the capture goes for each kind of
// listen address, and the "reachable from other machines" warning in the server's pane.
//
// The test runs in a network namespace of its own, made before Qt starts a thread (as root; as
// anyone else in a user namespace of its own, in which it is root): nothing it does reaches the
// machine's own network.
#include "ChatPane.h"
#include "ConnectionFilter.h"
#include "GuiWiring.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <fcntl.h>
#include <map>
#include <sched.h>
#include <set>
#include <tuple>
#include <unistd.h>

using namespace hv;

namespace {

constexpr int kStudents = 40;
constexpr int kCaptureReadyMs = 10000;
constexpr int kWaitMs = 15000;
const QString kBridgeAddress = QStringLiteral("10.20.0.1");

QString g_setupError; // why the classroom's network could not be made ("" when it was)

bool writeFile(const char *path, const QByteArray &text)
{
    const int fd = ::open(path, O_WRONLY);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, text.constData(), size_t(text.size())) == text.size();
    ::close(fd);
    return ok;
}

bool ip(const QStringList &args)
{
    const hvtest::Run r = hvtest::run(QStringLiteral("ip"), args, 10000);
    if (r.exitCode != 0 || !r.finished) {
        g_setupError = QStringLiteral("ip %1: %2").arg(args.join(u' '), QString::fromLocal8Bit(r.err).trimmed());
        return false;
    }
    return true;
}

// Before QApplication: the namespace is the process's only while no other thread exists.
void enterClassroomNetwork()
{
    const uid_t uid = geteuid();
    const gid_t gid = getegid();
    if (::unshare(CLONE_NEWNET | (uid == 0 ? 0 : CLONE_NEWUSER)) != 0) {
        g_setupError = QStringLiteral("unshare: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    if (uid != 0 && !(writeFile("/proc/self/setgroups", "deny") && writeFile("/proc/self/uid_map", QByteArray("0 ") + QByteArray::number(uid) + " 1")
                      && writeFile("/proc/self/gid_map", QByteArray("0 ") + QByteArray::number(gid) + " 1"))) {
        g_setupError = QStringLiteral("user namespace maps: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
}

void makeBridge()
{
    // The teacher's machine: lo, and br0 with the classroom's address (its ports come with the students).
    if (!g_setupError.isEmpty())
        return;
    ip({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")})
        && ip({QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("br0"), QStringLiteral("type"), QStringLiteral("bridge")})
        && ip({QStringLiteral("addr"), QStringLiteral("add"), kBridgeAddress + QStringLiteral("/24"), QStringLiteral("dev"), QStringLiteral("br0")})
        && ip({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("br0"), QStringLiteral("up")});
}

QString python()
{
    return QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");
}

bool isGone(TcpState s) { return s == TcpState::TimeWait || s == TcpState::Closed; }

QString describe(const Timeline &t, uint32_t id)
{
    QStringList lines;
    const Connection *c = t.connection(id);
    if (!c)
        return QStringLiteral("no connection #%1").arg(id);
    lines << QStringLiteral("#%1 %2 > %3").arg(id).arg(QString::fromStdString(c->client.toString()), QString::fromStdString(c->server.toString()));
    for (uint32_t i : t.segmentIndices(id)) {
        const Segment s = t.segments()[i];
        lines << QStringLiteral("  frame %1 %2 %3 seq %4 ack %5 len %6%7")
                     .arg(s.frame)
                     .arg(s.from == Side::Client ? QStringLiteral("c>s") : QStringLiteral("s>c"))
                     .arg(QString::fromStdString(flagsLabel(s.flags)))
                     .arg(s.relSeq)
                     .arg(s.relAck)
                     .arg(s.len)
                     .arg(s.retransmission ? QStringLiteral(" (retransmission)") : QString());
    }
    return lines.join(u'\n');
}

} // namespace

class TestClassroom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void whereTheCaptureGoes_data();
    void whereTheCaptureGoes();
    void fortyStudentsOverVeth();
    void warningInTheServerPane();
};

void TestClassroom::initTestCase()
{
    // As root (CI) the namespace is always there; elsewhere a kernel or policy may refuse user
    // namespaces (AppArmor's restriction on some distributions): then there is nothing to test on.
    if (!g_setupError.isEmpty() && geteuid() != 0)
        QSKIP(qPrintable(QStringLiteral("no network namespace of our own: %1").arg(g_setupError)));
    if (!g_setupError.isEmpty())
        QFAIL(qPrintable(QStringLiteral("the classroom's network could not be made: %1").arg(g_setupError)));
}

void TestClassroom::whereTheCaptureGoes_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<bool>("chosen");
    QTest::addColumn<QString>("interface");
    QTest::addColumn<bool>("reachable");
    QTest::newRow("loopback stays on lo") << QStringLiteral("127.0.0.1") << false << QStringLiteral("lo") << false;
    QTest::newRow("::1 stays on lo") << QStringLiteral("::1") << false << QStringLiteral("lo") << false;
    QTest::newRow("0.0.0.0 goes to any") << QStringLiteral("0.0.0.0") << false << QStringLiteral("any") << true;
    QTest::newRow("the bridge's address goes to any") << kBridgeAddress << false << QStringLiteral("any") << true;
    QTest::newRow("--interface lo stays") << kBridgeAddress << true << QStringLiteral("lo") << true;
}

void TestClassroom::whereTheCaptureGoes()
{
    QFETCH(QString, listen);
    QFETCH(bool, chosen);
    QFETCH(QString, interface);
    QFETCH(bool, reachable);
    Session session;
    session.setInterface(QStringLiteral("lo"), chosen);
    QString error;
    QVERIFY2(session.startServer(listen, 0, &error), qPrintable(error));
    QCOMPARE(session.interface(), interface);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLiveCaptureReady() || session.liveCaptureHasFailed(), kCaptureReadyMs);
    QVERIFY(session.isLiveCaptureReady());
    QCOMPARE(session.liveTimeline().source().name, interface);
    if (interface == QLatin1String("any"))
        QCOMPARE(session.liveTimeline().source().linkType, QStringLiteral("LINUX_SLL2")); // it names each frame's interface
    const QString note = session.reachabilityNote();
    if (!reachable) {
        QCOMPARE(note, QString());
        return;
    }
    // Where students connect: the bridge's address with the port the kernel picked, and the interface.
    const QString where = QStringLiteral("%1:%2 (br0)").arg(kBridgeAddress).arg(session.server().port());
    QVERIFY2(note.contains(where), qPrintable(note));
    QVERIFY2(note.startsWith(QStringLiteral("Reachable from other machines")), qPrintable(note));
}

void TestClassroom::fortyStudentsOverVeth()
{
    Session session;
    QString error;
    // Before the class: a chat on loopback, so that the capture is running on lo when the server
    // moves it to every interface (it is stopped and started again there).
    QTcpServer local;
    QVERIFY(local.listen(QHostAddress::LocalHost, 0));
    session.connectClient(QStringLiteral("127.0.0.1"), local.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected() && local.hasPendingConnections(), kWaitMs);
    QCOMPARE(session.liveTimeline().source().name, QStringLiteral("lo"));
    session.disconnectClient();
    delete local.nextPendingConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!session.client().isBusy(), kWaitMs);

    // A listen that fails (not an address here) leaves the capture where it is.
    QVERIFY(!session.startServer(QStringLiteral("10.99.0.1"), 0, &error));
    QCOMPARE(session.interface(), QStringLiteral("lo"));

    QVERIFY2(session.startServer(kBridgeAddress, 0, &error), qPrintable(error));
    const quint16 port = session.server().port();
    QCOMPARE(session.interface(), QStringLiteral("any"));
    QTRY_VERIFY_WITH_TIMEOUT(session.isLiveCaptureReady() && session.liveTimeline().source().name == QLatin1String("any"), kCaptureReadyMs);
    QSignalSpy accepted(&session.server(), &ChatServer::peerConnected);

    // The teacher's own client, to the same address: this one goes over lo.
    session.connectClient(kBridgeAddress, port);
    QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected(), kWaitMs);
    const QString teacherEnd = session.client().localEndpoint();
    const quint16 teacherPort = quint16(teacherEnd.mid(teacherEnd.lastIndexOf(u':') + 1).toUInt());
    QVERIFY2(teacherEnd.startsWith(kBridgeAddress + u':') && teacherPort != 0, qPrintable(teacherEnd));
    QVERIFY(session.clientSend(QStringLiteral("teacher: hello\n")));

    // Forty students, each from a host of its own, all at once.
    QProcess students;
    students.start(python(), {QStringLiteral(HV_SOURCE_DIR "/tests/classroom_students.py"), QStringLiteral("--students"),
                              QString::number(kStudents), QStringLiteral("--server"), kBridgeAddress, QStringLiteral("--port"),
                              QString::number(port), QStringLiteral("--bridge"), QStringLiteral("br0"), QStringLiteral("--timeout"),
                              QStringLiteral("40")});
    QVERIFY(students.waitForStarted(10000));
    // The event loop keeps running meanwhile (the server accepts, the capture delivers).
    QTRY_VERIFY_WITH_TIMEOUT(students.state() == QProcess::NotRunning, 60000);
    const QByteArray out = students.readAllStandardOutput();
    const QByteArray err = students.readAllStandardError();
    QVERIFY2(students.exitStatus() == QProcess::NormalExit && students.exitCode() == 0, err.constData());

    // Who they were: "student N ADDRESS:PORT ok".
    std::set<std::pair<QString, quint16>> studentEnds;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> w = line.split(' ');
        if (w.size() != 4 || w[0] != "student" || w[3] != "ok")
            continue;
        const qsizetype colon = w[2].lastIndexOf(':');
        studentEnds.insert({QString::fromLatin1(w[2].left(colon)), quint16(w[2].mid(colon + 1).toUInt())});
    }
    QCOMPARE(int(studentEnds.size()), kStudents);
    session.disconnectClient();

    const Timeline &t = session.liveTimeline();
    // The class: the connections to the bridge's address (the chat on lo before it is #1).
    auto classIds = [&t, port] {
        std::vector<uint32_t> ids;
        for (uint32_t id : t.connectionsWithSegments())
            if (t.connection(id) && t.connection(id)->server.port == port)
                ids.push_back(id);
        return ids;
    };
    auto allOver = [&t, &classIds] {
        if (classIds().size() != size_t(kStudents + 1))
            return false;
        for (uint32_t id : classIds()) {
            const Connection *c = t.connection(id);
            if (!c || c->handshake != Handshake::Complete || !isGone(c->clientState) || !isGone(c->serverState))
                return false;
        }
        return true;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(allOver(), qPrintable(QStringLiteral("%1 connections of the class on the ladder").arg(classIds().size())), kWaitMs);
    QCOMPARE(accepted.count(), kStudents + 1);

    // Each student once, from its own address, to the bridge's; the teacher's client on lo.
    std::set<std::pair<QString, quint16>> seen;
    bool teacherSeen = false;
    for (uint32_t id : classIds()) {
        const Connection *c = t.connection(id);
        const QString dump = describe(t, id);
        QCOMPARE(QString::fromStdString(c->server.toString()), QStringLiteral("%1:%2").arg(kBridgeAddress).arg(port));
        const auto end = std::make_pair(QString::fromStdString(c->client.addr.toString()), c->client.port);
        if (end.first == kBridgeAddress && end.second == teacherPort) {
            QVERIFY2(!teacherSeen, qPrintable(dump));
            teacherSeen = true;
        } else {
            QVERIFY2(studentEnds.count(end) == 1, qPrintable(dump));
            QVERIFY2(seen.insert(end).second, qPrintable(dump));
        }
        // Each segment once: one SYN, one SYN+ACK, no copy taken for a retransmission; and the
        // student's line ("student N: hello\n", or the teacher's) drawn, in either direction.
        int syns = 0, synAcks = 0, lines = 0;
        std::set<std::tuple<int, uint16_t, uint32_t, uint32_t, uint32_t>> distinct;
        for (uint32_t i : t.segmentIndices(id)) {
            const Segment s = t.segments()[i];
            QVERIFY2(!s.retransmission, qPrintable(dump));
            QVERIFY2(distinct.insert({int(s.from), s.flags, s.seq, s.ack, s.len}).second, qPrintable(dump));
            lines += s.from == Side::Client && s.len >= 15;
            syns += (s.flags & (TcpFlag::Syn | TcpFlag::Ack)) == TcpFlag::Syn;
            synAcks += (s.flags & (TcpFlag::Syn | TcpFlag::Ack)) == (TcpFlag::Syn | TcpFlag::Ack);
        }
        QVERIFY2(syns == 1 && synAcks == 1 && lines == 1, qPrintable(dump));
    }
    QVERIFY(teacherSeen);
    QCOMPARE(int(seen.size()), kStudents);
    // The students' segments crossed the bridge and its port: every one of them was seen twice,
    // and counted, not drawn, the second time.
    QVERIFY(t.counts().copies.has_value());
    QVERIFY2(*t.counts().copies >= uint64_t(kStudents) * 6, qPrintable(QString::number(*t.counts().copies)));

    // The connection list's search over the class (and the chat before it).
    QCOMPARE(filterConnections(t, parseConnectionQuery(QStringLiteral("complete"))).size(), size_t(kStudents + 2));
    const std::vector<uint32_t> one = filterConnections(t, parseConnectionQuery(QStringLiteral("10.20.0.17")));
    QCOMPARE(one.size(), size_t(1));
    QCOMPARE(QString::fromStdString(t.connection(one[0])->client.addr.toString()), QStringLiteral("10.20.0.17"));
    QCOMPARE(filterConnections(t, parseConnectionQuery(QStringLiteral("reset"))).size(), size_t(0));

    // Saved and read back: one .pcap although the capture moved from lo (Ethernet framing) to
    // any (cooked v2): tshark reads every frame of it, and so do we, drawing each segment once.
    QTemporaryDir dir;
    const QString pcap = dir.filePath(QStringLiteral("class.pcap"));
    QVERIFY2(session.exportTo(pcap, &error), qPrintable(error));
    const hvtest::Run tshark = hvtest::run(QStringLiteral("tshark"), {QStringLiteral("-r"), pcap, QStringLiteral("-T"), QStringLiteral("fields"),
                                                                       QStringLiteral("-e"), QStringLiteral("frame.number")});
    QVERIFY2(tshark.exitCode == 0, tshark.err.constData());
    QCOMPARE(uint64_t(tshark.out.trimmed().split('\n').size()), t.counts().total);
    const QString json = dir.filePath(QStringLiteral("class.json"));
    const hvtest::Run back = hvtest::runViz({QStringLiteral("--read"), pcap, QStringLiteral("--export"), json});
    QVERIFY2(back.exitCode == 0, back.err.constData());
    const QJsonObject root = hvtest::readJson(json);
    const QJsonArray conns = root.value(QLatin1String("connections")).toArray();
    QCOMPARE(conns.size(), qsizetype(kStudents + 2));
    for (const QJsonValue &c : conns) {
        QCOMPARE(c.toObject().value(QLatin1String("handshake")).toString(), QStringLiteral("complete"));
        for (const QJsonValue &seg : c.toObject().value(QLatin1String("segments")).toArray())
            QVERIFY2(!seg.toObject().value(QLatin1String("retransmission")).toBool(), qPrintable(QJsonDocument(c.toObject()).toJson()));
    }
    QCOMPARE(uint64_t(root.value(QLatin1String("packets")).toObject().value(QLatin1String("copies")).toInteger()), *t.counts().copies);
}

void TestClassroom::warningInTheServerPane()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    ChatPane *server = window.serverPane();
    server->setEndpoint(QStringLiteral("0.0.0.0"), 0);
    server->mainButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(session.server().isListening(), kWaitMs);
    const QString where = QStringLiteral("%1:%2 (br0)").arg(kBridgeAddress).arg(session.server().port());
    QTRY_VERIFY2_WITH_TIMEOUT(server->notice().contains(where), qPrintable(server->notice()), kWaitMs);
    QCOMPARE(window.windowTitle(), QStringLiteral("Live on any")); // the title follows the capture
    // Stopped, the server is reachable no more: the warning goes with it.
    server->mainButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!session.server().isListening(), kWaitMs);
    QCOMPARE(server->notice(), QString());
    // On loopback there is nothing to warn of.
    server->setEndpoint(QStringLiteral("127.0.0.1"), 0);
    server->mainButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(session.server().isListening(), kWaitMs);
    QCOMPARE(server->notice(), QString());
}

int main(int argc, char **argv)
{
    enterClassroomNetwork();
    QApplication app(argc, argv);
    makeBridge();
    TestClassroom test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_classroom.moc"
