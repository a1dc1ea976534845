// The real program, ended by a signal as a shell or a desktop ends it: SIGTERM, Ctrl+C (SIGINT)
// and SIGHUP go through the event loop, so the capture is joined and the scratch folder of raw
// packets removed, in the window and in a headless demo. A folder that a killed run left behind
// goes at the next start, and only such a folder: never a live run's, never another user's.
// Every run here has a private TMPDIR, so that no other process's folders are in the way.
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QStringList scratchFolders(const QString &tmp)
{
    return QDir(tmp).entryList({QStringLiteral("handshake-viz-*")}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::System);
}

// The scratch folders whose owner file names `pid`.
QStringList foldersOf(const QString &tmp, qint64 pid)
{
    QStringList out;
    for (const QString &name : scratchFolders(tmp)) {
        QFile owner(tmp + QLatin1Char('/') + name + QStringLiteral("/owner"));
        if (owner.open(QIODevice::ReadOnly) && owner.readAll().split(' ').value(0).toLongLong() == pid)
            out << name;
    }
    return out;
}

// The program with TMPDIR = `tmp`, started (stdout and stderr kept).
bool startViz(QProcess &p, const QString &tmp, const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), tmp);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HV_BINARY), args);
    return p.waitForStarted(10000);
}

// Kills what a failed test left running.
struct Reaper {
    QProcess &p;
    ~Reaper()
    {
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(5000);
        }
    }
};

// When process `pid` started, as /proc/PID/stat says (field 22).
QByteArray startTime(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = stat.readAll();
    return text.mid(text.lastIndexOf(')') + 2).split(' ').value(22 - 3);
}

// A pid that no process has now: one of a child that has ended.
qint64 deadPid()
{
    QProcess p;
    p.start(QStringLiteral("sleep"), {QStringLiteral("0.1")});
    if (!p.waitForStarted(5000))
        return 0;
    const qint64 pid = p.processId();
    return p.waitForFinished(5000) ? pid : 0;
}

bool plantFolder(const QString &tmp, const QString &name, const QByteArray &owner)
{
    if (!QDir(tmp).mkdir(name))
        return false;
    QFile f(tmp + QLatin1Char('/') + name + QStringLiteral("/capture-1.pcap"));
    if (!f.open(QIODevice::WriteOnly) || f.write("raw") != 3)
        return false;
    f.close();
    if (owner.isNull())
        return true;
    QFile o(tmp + QLatin1Char('/') + name + QStringLiteral("/owner"));
    return o.open(QIODevice::WriteOnly) && o.write(owner) == owner.size();
}

} // namespace

class TestSignals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowEndsCleanly_data();
    void windowEndsCleanly();
    void headlessDemoEndsCleanly_data();
    void headlessDemoEndsCleanly();
    void staleFoldersGoAtTheNextStart();
    void killedWindowLeavesNoFolder();
};

void TestSignals::windowEndsCleanly_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

// The window in the middle of a demo (capturing, chatting): a signal closes it as the window's
// close button would, exit status 0, and its scratch folder is gone.
void TestSignals::windowEndsCleanly()
{
    QFETCH(int, signal);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QProcess viz;
    Reaper reaper{viz};
    const QString port = QString::number(hvtest::freePort());
    QVERIFY(startViz(viz, tmp.path(),
                     {QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:") + port,
                      QStringLiteral("--send"), QStringLiteral("one"), QStringLiteral("--send"), QStringLiteral("two"),
                      QStringLiteral("--send"), QStringLiteral("three")}));
    // Its folder exists, with raw packets being written into it: the capture runs.
    QTRY_VERIFY_WITH_TIMEOUT(foldersOf(tmp.path(), viz.processId()).size() == 1, 15000);
    const QString folder = tmp.path() + QLatin1Char('/') + foldersOf(tmp.path(), viz.processId()).first();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(folder + QStringLiteral("/capture-1.pcap")).size() > 24, 15000);
    // Never kill(0, …): that is this test's whole process group, ctest with it.
    QVERIFY(viz.processId() > 0 && viz.state() == QProcess::Running);
    QCOMPARE(::kill(pid_t(viz.processId()), signal), 0);
    QVERIFY2(viz.waitForFinished(15000), "the window did not close");
    const QByteArray err = viz.readAllStandardError();
    QCOMPARE(viz.exitStatus(), QProcess::NormalExit); // not killed by the signal: it ended itself
    QVERIFY2(viz.exitCode() == 0, err.constData());
    QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));
    QCOMPARE(scratchFolders(tmp.path()), QStringList());
}

void TestSignals::headlessDemoEndsCleanly_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("name");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QStringLiteral("SIGTERM");
    QTest::newRow("SIGINT") << int(SIGINT) << QStringLiteral("SIGINT");
}

// A headless demo waiting for a peer that never closes: the signal ends the wait, nothing is
// exported, one line says why, the status is the shell's 128 + signal, and the folder is gone.
void TestSignals::headlessDemoEndsCleanly()
{
    QFETCH(int, signal);
    QFETCH(QString, name);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    hvtest::SilentPeer peer;
    QVERIFY(peer.port() != 0);
    const QString out = tmp.filePath(QStringLiteral("never.json"));
    QProcess viz;
    Reaper reaper{viz};
    QVERIFY(startViz(viz, tmp.path(),
                     {QStringLiteral("--demo"), QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(peer.port()),
                      QStringLiteral("--export"), out}));
    // The demo has said hello and closed its side: it waits (5 s) for the peer's close.
    QTRY_VERIFY_WITH_TIMEOUT(peer.firstAtEnd(), 15000);
    QCOMPARE(foldersOf(tmp.path(), viz.processId()).size(), qsizetype(1));
    const QString folder = tmp.path() + QLatin1Char('/') + foldersOf(tmp.path(), viz.processId()).first();
    // Never kill(0, …): that is this test's whole process group, ctest with it.
    QVERIFY(viz.processId() > 0 && viz.state() == QProcess::Running);
    QCOMPARE(::kill(pid_t(viz.processId()), signal), 0);
    QVERIFY2(viz.waitForFinished(3000), "the demo did not stop at once");
    const QString err = QString::fromUtf8(viz.readAllStandardError());
    QCOMPARE(viz.exitStatus(), QProcess::NormalExit);
    QVERIFY2(viz.exitCode() == 128 + signal, qPrintable(err));
    QCOMPARE(err, QStringLiteral("handshake-viz: interrupted by %1: nothing was exported\n").arg(name));
    QVERIFY(!QFileInfo::exists(out));
    QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));
    QCOMPARE(scratchFolders(tmp.path()), QStringList());
}

// Folders planted as earlier runs would have left them; a headless run starts (and cleans up).
void TestSignals::staleFoldersGoAtTheNextStart()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const qint64 dead = deadPid();
    QVERIFY(dead > 0);
    QVERIFY(::kill(pid_t(dead), 0) != 0);
    const QByteArray me = QByteArray::number(qint64(::getpid())) + ' ' + startTime(::getpid()) + '\n';
    QVERIFY(!startTime(::getpid()).isEmpty());

    // Gone: the owner has ended; or its pid is in use again by a process that started later.
    QVERIFY(plantFolder(tmp.path(), QStringLiteral("handshake-viz-Dead01"), QByteArray::number(dead) + " 4242\n"));
    QVERIFY(plantFolder(tmp.path(), QStringLiteral("handshake-viz-Reuse1"), QByteArray::number(qint64(::getpid())) + " 1\n"));
    // Kept: a live owner (this test); no owner file (a run just starting, an older version);
    // another user's; a link (to a dead run's folder elsewhere).
    QVERIFY(plantFolder(tmp.path(), QStringLiteral("handshake-viz-Live01"), me));
    QVERIFY(plantFolder(tmp.path(), QStringLiteral("handshake-viz-NoOwnr"), QByteArray()));
    QVERIFY(plantFolder(tmp.path(), QStringLiteral("handshake-viz-Other1"), QByteArray::number(dead) + " 0\n"));
    const QByteArray other = QFile::encodeName(tmp.filePath(QStringLiteral("handshake-viz-Other1")));
    QVERIFY(::chown(other.constData(), 65534, 65534) == 0);
    QVERIFY(::chown((other + "/owner").constData(), 65534, 65534) == 0);
    QTemporaryDir elsewhere;
    QVERIFY(plantFolder(elsewhere.path(), QStringLiteral("handshake-viz-Target"), QByteArray::number(dead) + " 0\n"));
    QVERIFY(QFile::link(elsewhere.filePath(QStringLiteral("handshake-viz-Target")), tmp.filePath(QStringLiteral("handshake-viz-Link01"))));

    QProcess viz;
    Reaper reaper{viz};
    QVERIFY(startViz(viz, tmp.path(),
                     {QStringLiteral("--read"), QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"),
                      QStringLiteral("--export"), tmp.filePath(QStringLiteral("x.json"))}));
    QVERIFY(viz.waitForFinished(30000));
    QVERIFY2(viz.exitStatus() == QProcess::NormalExit && viz.exitCode() == 0, viz.readAllStandardError().constData());
    QCOMPARE(scratchFolders(tmp.path()),
             (QStringList{QStringLiteral("handshake-viz-Link01"), QStringLiteral("handshake-viz-Live01"),
                          QStringLiteral("handshake-viz-NoOwnr"), QStringLiteral("handshake-viz-Other1")}));
    QVERIFY(QFileInfo::exists(elsewhere.filePath(QStringLiteral("handshake-viz-Target/capture-1.pcap"))));
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("handshake-viz-Other1/capture-1.pcap"))));
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("handshake-viz-Live01/capture-1.pcap"))));
    // The run's own folder went with it, and the folders it kept are as they were.
    QCOMPARE(foldersOf(tmp.path(), viz.processId()), QStringList());
    QFile::remove(tmp.filePath(QStringLiteral("handshake-viz-Link01")));
}

// Killed outright (SIGKILL: no handler runs): the program's janitor, forked at its start, finds
// the end of its pipe and removes the scratch folder at once, not at the next start.
void TestSignals::killedWindowLeavesNoFolder()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QProcess viz;
    Reaper reaper{viz};
    const QString port = QString::number(hvtest::freePort());
    QVERIFY(startViz(viz, tmp.path(), {QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:") + port}));
    QTRY_VERIFY_WITH_TIMEOUT(foldersOf(tmp.path(), viz.processId()).size() == 1, 15000);
    const QString folder = tmp.path() + QLatin1Char('/') + foldersOf(tmp.path(), viz.processId()).first();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(folder + QStringLiteral("/capture-1.pcap")).size() > 24, 15000);
    QVERIFY(viz.processId() > 0 && viz.state() == QProcess::Running);
    viz.kill(); // SIGKILL to the program alone
    QVERIFY(viz.waitForFinished(15000));
    QCOMPARE(viz.exitStatus(), QProcess::CrashExit);
    QTRY_VERIFY2_WITH_TIMEOUT(!QFileInfo::exists(folder), qPrintable(folder), 5000);
    QCOMPARE(scratchFolders(tmp.path()), QStringList());
}

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
