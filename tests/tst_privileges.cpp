// Without capture rights the program says so, with the command that fixes it, and the rest still
// works: the window (a banner offering the bundled sample) and the headless demo (one line on
// stderr, non-zero exit).
//
// Capture rights belong to a binary (file capabilities) and a uid. CI runs as root, so this test
// makes the user that has none: it copies the program and itself into a fresh directory (a copy
// carries no file capabilities) and runs the copies as uid/gid 65534. As root that drop must work;
// a drop that fails is a failure, never a skip. As any other user the copies run as that user,
// unless the user's own process hands them capture rights (ambient capabilities): then the checks
// would prove nothing and are skipped.
#include "Banner.h"
#include "CaptureFailure.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

using namespace hv;

namespace {

constexpr uid_t kNobody = 65534;
constexpr int kCapNetAdmin = 12;
constexpr int kCapNetRaw = 13;
// The child's exit codes when the drop itself went wrong (before exec: nothing else can report).
constexpr int kDropFailed = 125;
constexpr int kRegainedRoot = 126;

const char *const kChildVariable = "HV_PRIVILEGES_CHILD";
const char *const kBannerMarker = "HV-BANNER: ";

// One capability set of this process from /proc/self/status ("CapAmb", "CapEff" ...).
quint64 capabilitySet(const char *name)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray prefix = QByteArray(name) + ':';
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().toULongLong(nullptr, 16);
    return 0;
}

bool hasCaptureCapability(quint64 set)
{
    return set & ((quint64(1) << kCapNetRaw) | (quint64(1) << kCapNetAdmin));
}

// The file capabilities of `path` (what getcap shows): empty when it has none.
QByteArray fileCapabilities(const QString &path)
{
    char value[256];
    const ssize_t n = ::getxattr(QFile::encodeName(path).constData(), "security.capability", value, sizeof value);
    return n > 0 ? QByteArray(value, int(n)) : QByteArray();
}

// The sentence the program says when it may not capture on `interface`, for the program at `program`.
QString noPermissionSentence(const QString &interface, const QString &program)
{
    CaptureFailure f;
    f.kind = CaptureFailure::Kind::NoPermission;
    f.subject = interface;
    // describeFailure() names this process's own path (setcapCommand()); the child names its own.
    return describeFailure(f).replace(setcapCommand(),
                                      QStringLiteral("sudo setcap cap_net_raw,cap_net_admin+eip ") + program);
}

} // namespace

// Run by TestPrivileges in a child process, as the user without capture rights.
class PrivilegesChild : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowOffersTheSample();
};

class TestPrivileges : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void windowOffersTheSample();
    void headlessDemoSaysNoPermission();
    void headlessDemoInTheLab_data();
    void headlessDemoInTheLab();
    void labDropsSyns();
    void refusedUserNamespaces();
    void cleanupTestCase();

private:
    // A process for one of the copies, as the user without rights, in `workDir`.
    void prepare(QProcess &p, const QString &workDir, bool gui) const;
    // Starts it and waits (bounded) for its end; on a hang it is killed and the test fails.
    bool runToEnd(QProcess &p, const QString &program, const QStringList &args, int timeoutMs, QByteArray *out,
                  QByteArray *err);

    std::unique_ptr<QTemporaryDir> dir_;
    QString program_;   // the copy of handshake-viz
    QString self_;      // the copy of this test
    QString home_, runtime_, scratch_, work_;
    uid_t uid_ = 0;     // whom the copies run as
    gid_t gid_ = 0;
    bool dropping_ = false;
    QString guiBanner_; // what the window's banner said, with the test's path (for the headless check)
};

// ---------------------------------------------------------------------------------------------
// The child: a window without capture rights.

void PrivilegesChild::windowOffersTheSample()
{
    // The drop happened: this process is whom the parent meant, with no capture capability left.
    QCOMPARE(qulonglong(::getuid()), qEnvironmentVariable("HV_EXPECT_UID").toULongLong());
    QCOMPARE(qulonglong(::geteuid()), qEnvironmentVariable("HV_EXPECT_UID").toULongLong());
    QVERIFY2(!hasCaptureCapability(capabilitySet("CapEff")) && !hasCaptureCapability(capabilitySet("CapPrm")),
             "the child still holds CAP_NET_RAW or CAP_NET_ADMIN");

    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Banner *banner = window.banner();
    const int key = int(SessionNotice::Topic::LiveCapture);
    const QString expected = noPermissionSentence(session.interface(), QCoreApplication::applicationFilePath());

    // Every status line (the counts among them) lands while the banner keeps its sentence.
    QStringList bannerAtStatus;
    QStringList statuses;
    auto *statusLabel = window.statusBar()->findChild<QLabel *>(QStringLiteral("statusText"));
    QVERIFY(statusLabel);
    connect(&session, &Session::status, &window, [&](const QString &message) {
        // Connected after wireWindow: the window has shown it by now.
        statuses << message;
        bannerAtStatus << (banner->isVisible() ? banner->text(key) : QStringLiteral("<banner hidden>"));
    });

    const quint16 port = hvtest::freePort();
    QString error;
    QVERIFY2(session.startServer(QStringLiteral("127.0.0.1"), port, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(banner->hasEntry(key), 10000);
    QVERIFY(session.liveCaptureHasFailed());
    QVERIFY(banner->isVisible());
    const QString said = banner->text(key);
    std::printf("%s%s\n", kBannerMarker, qUtf8Printable(said));
    std::fflush(stdout);
    QCOMPARE(said, expected);
    QVERIFY2(said.contains(QStringLiteral("setcap cap_net_raw,cap_net_admin+eip ")
                           + QCoreApplication::applicationFilePath()),
             qPrintable(said));
    QVERIFY2(QCoreApplication::applicationFilePath().startsWith(qEnvironmentVariable("HV_COPY_DIR") + u'/'),
             qPrintable(QCoreApplication::applicationFilePath()));

    // The banner makes its buttons anew whenever the notice is raised again (each retried capture
    // fails again): look them up each time.
    const auto button = [banner](const char *name) { return banner->findChild<QPushButton *>(QLatin1String(name)); };
    QVERIFY(button("bannerSample"));
    QVERIFY(button("bannerSample")->isVisible());
    QVERIFY(button("bannerCopy"));
    QVERIFY(button("bannerCopy")->isVisible());
    QTest::mouseClick(button("bannerCopy"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), setcapCommand());

    // The chat works without a ladder.
    QSignalSpy received(&session.server(), &ChatServer::messageReceived);
    session.connectClient(QStringLiteral("127.0.0.1"), port);
    QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected(), 10000);
    QVERIFY(session.clientSend(QStringLiteral("still talking")));
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 10000);
    QCOMPARE(received.first().at(1).toByteArray(), QByteArray("still talking"));
    session.disconnectClient();
    QVERIFY(session.timeline().connections().empty()); // nothing was captured
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(key), expected);
    QVERIFY(button("bannerSample") && button("bannerSample")->isVisible());

    // The banner's button opens the bundled sample: a connection on the ladder.
    QTest::mouseClick(button("bannerSample"), Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(session.showsFile() && !session.timeline().connections().empty(),
                              qPrintable(QStringLiteral("status bar: '%1'; banner: '%2'").arg(statusLabel->text(), banner->allText())),
                              10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.ladderView()->rowCount() >= 3, 10000);
    QStringList arrows;
    for (const LadderRow &row : window.ladderView()->ladderGeometry().rows)
        if (!row.isCall)
            arrows << row.label.text;
    QVERIFY2(arrows.mid(0, 3) == (QStringList{QStringLiteral("SYN"), QStringLiteral("SYN, ACK"), QStringLiteral("ACK")}),
             qPrintable(arrows.join(u'|')));

    // The file's counts reach the status bar, and the banner still says why there is no live ladder.
    auto *countsLabel = window.statusBar()->findChild<QLabel *>(QStringLiteral("countsText"));
    QVERIFY(countsLabel);
    QTRY_VERIFY_WITH_TIMEOUT(countsLabel->text().contains(QLatin1String(" packets, ")), 10000);
    QVERIFY2(countsLabel->text().contains(QLatin1String("1 connection")), qPrintable(countsLabel->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(statusLabel->text().startsWith(QLatin1String("Read sample")), qPrintable(statusLabel->text()), 10000);
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(key), expected);
    QCOMPARE(banner->allText(), expected); // the sample opened cleanly: no File notice beside it
    QVERIFY2(!statuses.isEmpty(), "no status line was shown");
    for (qsizetype i = 0; i < statuses.size(); ++i)
        QVERIFY2(bannerAtStatus[i] == expected,
                 qPrintable(QStringLiteral("after status '%1' the banner said '%2'").arg(statuses[i], bannerAtStatus[i])));
}

// ---------------------------------------------------------------------------------------------
// The parent.

void TestPrivileges::initTestCase()
{
    dropping_ = ::geteuid() == 0;
    if (dropping_) {
        uid_ = kNobody;
        gid_ = kNobody;
    } else {
        uid_ = ::getuid();
        gid_ = ::getgid();
        // Ambient capabilities pass through exec to the copies: they could capture after all.
        if (hasCaptureCapability(capabilitySet("CapAmb")))
            QSKIP(qPrintable(QStringLiteral("not root, and this user's processes hold CAP_NET_RAW/CAP_NET_ADMIN as "
                                            "ambient capabilities (CapAmb %1 in /proc/self/status): the program "
                                            "would capture, so its no-permission path cannot be checked here. "
                                            "Run the test as root (it drops to uid 65534) or without them.")
                                 .arg(capabilitySet("CapAmb"), 0, 16)));
    }

    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    QVERIFY(QFile::setPermissions(dir_->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                    | QFileDevice::ReadGroup | QFileDevice::ExeGroup
                                                    | QFileDevice::ReadOther | QFileDevice::ExeOther));
    // Uid 65534 must be able to walk down to the copies.
    if (dropping_)
        for (QDir d(dir_->path()); !d.isRoot(); d.cdUp())
            QVERIFY2(QFileInfo(d.path()).permission(QFileDevice::ExeOther),
                     qPrintable(d.path() + QStringLiteral(" is closed to other users: uid 65534 cannot reach the copies "
                                                          "(point TMPDIR at a directory it can reach, e.g. /tmp)")));

    const auto copyExecutable = [this](const QString &from, const QString &name) {
        const QString to = dir_->filePath(name);
        if (!QFile::copy(from, to))
            return QString();
        ::chmod(QFile::encodeName(to).constData(), 0755);
        return to;
    };
    program_ = copyExecutable(QStringLiteral(HV_BINARY), QStringLiteral("handshake-viz"));
    QVERIFY2(!program_.isEmpty(), HV_BINARY);
    self_ = copyExecutable(QCoreApplication::applicationFilePath(), QFileInfo(QCoreApplication::applicationFilePath()).fileName());
    QVERIFY(!self_.isEmpty());
    // What getcap would show: the copies carry no capabilities, whatever the originals have.
    for (const QString &copy : {program_, self_}) {
        const QByteArray caps = fileCapabilities(copy);
        if (!caps.isEmpty() && !dropping_)
            QSKIP(qPrintable(copy + QStringLiteral(" has file capabilities after copying: the program could capture")));
        QVERIFY2(caps.isEmpty(), qPrintable(copy + QStringLiteral(" has file capabilities after copying")));
    }

    // A home, a runtime directory, a scratch directory and a working directory of the user's own.
    const std::pair<QString *, const char *> dirs[] = {{&home_, "home"}, {&runtime_, "runtime"}, {&scratch_, "tmp"}, {&work_, "work"}};
    for (const auto &[d, name] : dirs) {
        *d = dir_->filePath(QString::fromLatin1(name));
        QVERIFY(QDir().mkpath(*d));
        QVERIFY2(::chown(QFile::encodeName(*d).constData(), uid_, gid_) == 0, qPrintable(*d));
        // XDG_RUNTIME_DIR must be 0700 or Qt complains on stderr; the exports' directory is plain.
        QVERIFY(::chmod(QFile::encodeName(*d).constData(), d == &work_ ? 0755 : 0700) == 0);
    }
}

void TestPrivileges::cleanupTestCase()
{
    // Root removes what 65534 wrote in its directories too.
    if (dir_) {
        const QString path = dir_->path();
        dir_.reset();
        QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
    }
}

void TestPrivileges::prepare(QProcess &p, const QString &workDir, bool gui) const
{
    // A clean environment: nothing of the caller's session (its display, its runtime directory).
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin"));
    env.insert(QStringLiteral("HOME"), home_);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime_);
    env.insert(QStringLiteral("TMPDIR"), scratch_);
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    if (gui) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QString::fromLatin1(kChildVariable), QStringLiteral("1"));
        env.insert(QStringLiteral("HV_EXPECT_UID"), QString::number(uid_));
        env.insert(QStringLiteral("HV_COPY_DIR"), dir_->path());
    }
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(workDir);
    if (dropping_) {
        p.setChildProcessModifier([] {
            if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0
                || ::getuid() != kNobody || ::geteuid() != kNobody || ::getegid() != kNobody)
                ::_exit(kDropFailed);
            if (::setuid(0) == 0)
                ::_exit(kRegainedRoot);
        });
    }
}

bool TestPrivileges::runToEnd(QProcess &p, const QString &program, const QStringList &args, int timeoutMs,
                              QByteArray *out, QByteArray *err)
{
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        *err = QStringLiteral("could not start %1: %2").arg(program, p.errorString()).toUtf8();
        return false;
    }
    const bool finished = p.waitForFinished(timeoutMs);
    if (!finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    *out = p.readAllStandardOutput();
    if (p.processChannelMode() != QProcess::MergedChannels)
        *err = p.readAllStandardError();
    return finished;
}

void TestPrivileges::windowOffersTheSample()
{
    QProcess child;
    prepare(child, work_, true);
    child.setProcessChannelMode(QProcess::MergedChannels);
    QByteArray output, unused;
    const bool finished = runToEnd(child, self_, {QStringLiteral("windowOffersTheSample")}, 90000, &output, &unused);
    QVERIFY2(finished, ("the window child did not end within 90 s:\n" + output).constData());
    QVERIFY2(child.exitStatus() == QProcess::NormalExit, ("the window child crashed:\n" + output).constData());
    QVERIFY2(child.exitCode() != kDropFailed, "as root, dropping to uid/gid 65534 failed");
    QVERIFY2(child.exitCode() != kRegainedRoot, "after dropping to uid 65534 the child could become root again");
    QVERIFY2(child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("PASS   : PrivilegesChild::windowOffersTheSample()"), output.constData());
    QVERIFY2(output.contains("Totals: 3 passed, 0 failed, 0 skipped"), output.constData()); // with init/cleanup
    for (const QByteArray &line : output.split('\n')) {
        // The offscreen platform's own remark on every top-level window is no warning of ours.
        if (line.startsWith("QWARN") && !line.endsWith("This plugin does not support propagateSizeHints()"))
            QFAIL(("a Qt warning in the window child:\n" + output).constData());
        if (line.startsWith(kBannerMarker))
            guiBanner_ = QString::fromUtf8(line.mid(int(qstrlen(kBannerMarker))));
    }
    QVERIFY2(guiBanner_.contains(QStringLiteral("setcap cap_net_raw,cap_net_admin+eip ") + self_), output.constData());
}

void TestPrivileges::headlessDemoSaysNoPermission()
{
    const QString out = QDir(work_).filePath(QStringLiteral("x.json"));
    const quint16 port = hvtest::freePort();
    QProcess demo;
    prepare(demo, work_, false);
    QByteArray stdoutText, stderrText;
    QElapsedTimer clock;
    clock.start();
    const bool finished = runToEnd(demo, program_,
                                   {QStringLiteral("--demo"), QStringLiteral("--network"), QStringLiteral("host"),
                                    QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                    QStringLiteral("--export"), out},
                                   30000, &stdoutText, &stderrText);
    QVERIFY2(finished, ("the headless demo did not end within 30 s: " + stderrText).constData());
    QVERIFY2(demo.exitStatus() == QProcess::NormalExit, stderrText.constData());
    QVERIFY2(demo.exitCode() != kDropFailed, "as root, dropping to uid/gid 65534 failed");
    QVERIFY2(demo.exitCode() != kRegainedRoot, "after dropping to uid 65534 the child could become root again");
    QVERIFY2(demo.exitCode() != 0, stderrText.constData());
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms to say it").arg(clock.elapsed())));

    // One line, the sentence and nothing else: no Qt warning, no trace, nothing on stdout.
    const QString expected = noPermissionSentence(QStringLiteral("lo"), program_);
    QVERIFY2(expected.contains(QStringLiteral("setcap cap_net_raw,cap_net_admin+eip ") + program_), qPrintable(expected));
    QCOMPARE(QString::fromUtf8(stderrText), QStringLiteral("handshake-viz: ") + expected + u'\n');
    QCOMPARE(stdoutText, QByteArray());
    // The window said the same, each naming its own program.
    if (!guiBanner_.isEmpty())
        QCOMPARE(QString(guiBanner_).replace(self_, program_), expected);
}

// The same user with no capability, in the lab network (chosen for it, or asked for): a whole
// live conversation is captured, handshake, data and teardown, and when the program ends its
// namespaces and its scratch folder are gone.
void TestPrivileges::headlessDemoInTheLab_data()
{
    QTest::addColumn<QStringList>("network");
    QTest::addColumn<QString>("clientAddress");
    QTest::addColumn<QString>("serverAddress");
    QTest::addColumn<int>("mss");
    QTest::newRow("chosen for the user") << QStringList{} << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1") << 65495;
    QTest::newRow("--network lab") << QStringList{QStringLiteral("--network"), QStringLiteral("lab")} << QStringLiteral("127.0.0.1")
                                   << QStringLiteral("127.0.0.1") << 65495;
    // Two hosts on a veth pair: their own addresses, and the MSS of a real LAN's MTU of 1500.
    QTest::newRow("--lab two-hosts") << QStringList{QStringLiteral("--lab"), QStringLiteral("two-hosts")} << QStringLiteral("10.0.0.1")
                                     << QStringLiteral("10.0.0.2") << 1460;
    // And over IPv6 (fd00::1 and fd00::2, without the second of duplicate address detection).
    QTest::newRow("--lab two-hosts, IPv6") << QStringList{QStringLiteral("--lab"), QStringLiteral("two-hosts"), QStringLiteral("--listen"),
                                                          QStringLiteral("[fd00::2]:6666")}
                                           << QStringLiteral("fd00::1") << QStringLiteral("fd00::2") << 1440;
}

static QSet<QString> netNamespaceIds()
{
    QSet<QString> ids;
    for (const QFileInfo &p : QDir(QStringLiteral("/proc")).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isPid = false;
        p.fileName().toInt(&isPid);
        if (!isPid)
            continue;
        char link[64] = {0};
        const ssize_t n = ::readlink(QFile::encodeName(p.filePath() + QStringLiteral("/ns/net")).constData(), link, sizeof link - 1);
        if (n > 0)
            ids.insert(QString::fromLatin1(link, int(n)));
    }
    return ids;
}

void TestPrivileges::headlessDemoInTheLab()
{
    QFETCH(QStringList, network);
    QFETCH(QString, clientAddress);
    QFETCH(QString, serverAddress);
    QFETCH(int, mss);
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    const QSet<QString> before = netNamespaceIds();
    const QString out = QDir(work_).filePath(QStringLiteral("lab.json"));
    QFile::remove(out);
    QProcess demo;
    prepare(demo, work_, false);
    QByteArray stdoutText, stderrText;
    const bool finished = runToEnd(demo, program_,
                                   network + QStringList{QStringLiteral("--demo"), QStringLiteral("--send"), QStringLiteral("hello lab"),
                                                         QStringLiteral("--export"), out},
                                   30000, &stdoutText, &stderrText);
    QVERIFY2(finished, ("the lab demo did not end within 30 s: " + stderrText).constData());
    QVERIFY2(demo.exitCode() != kDropFailed && demo.exitCode() != kRegainedRoot, "the drop to uid 65534 failed");
    if (demo.exitCode() != 0 && stderrText.contains("lab network is unavailable"))
        QSKIP(stderrText.constData()); // user namespaces refused here (said, as the program says it)
    QVERIFY2(demo.exitCode() == 0, stderrText.constData());

    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonArray connections = root.value(QStringLiteral("connections")).toArray();
    QVERIFY2(connections.size() >= 1, "nothing was captured in the lab");
    const QJsonObject c = connections.first().toObject();
    QCOMPARE(c.value(QStringLiteral("handshake")).toString(), QStringLiteral("complete"));
    QCOMPARE(c.value(QStringLiteral("client")).toObject().value(QStringLiteral("addr")).toString(), clientAddress);
    QCOMPARE(c.value(QStringLiteral("server")).toObject().value(QStringLiteral("addr")).toString(), serverAddress);
    const QJsonObject synOptions = c.value(QStringLiteral("segments")).toArray().first().toObject().value(QStringLiteral("options")).toObject();
    QCOMPARE(synOptions.value(QStringLiteral("mss")).toInt(), mss);
    bool data = false, clientFin = false, serverFin = false;
    for (const QJsonValue &v : c.value(QStringLiteral("segments")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString flags = s.value(QStringLiteral("flags")).toString();
        data = data || s.value(QStringLiteral("len")).toInt() == 9; // "hello lab"
        const bool fin = flags.contains(QStringLiteral("FIN"));
        clientFin = clientFin || (fin && s.value(QStringLiteral("from")).toString() == QStringLiteral("client"));
        serverFin = serverFin || (fin && s.value(QStringLiteral("from")).toString() == QStringLiteral("server"));
    }
    QVERIFY2(data && clientFin && serverFin, qPrintable(QJsonDocument(c).toJson()));

    // Nothing of it remains: no namespace of its own (they die with the process), no scratch folder.
    QTRY_VERIFY_WITH_TIMEOUT(!(netNamespaceIds() - before).size(), 5000);
    QVERIFY2(QDir(scratch_).entryList({QStringLiteral("handshake-viz-*")}, QDir::Dirs).isEmpty(),
             qPrintable(QDir(scratch_).entryList().join(u' ')));
}

// "Drop the first two SYNs" in the lab: the lab's kernel drops them after the capture saw them,
// the client's kernel sends the SYN again with its own timers, and the third gets through. The
// waits are this kernel's: read from its setting, never assumed (net.ipv4.tcp_syn_linear_timeouts,
// from 6.5: the first retransmissions 1 s apart; before it, 1 s then doubling). A new network
// namespace starts with the kernel's default for it, which the file's presence tells.
void TestPrivileges::labDropsSyns()
{
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    const QString out = QDir(work_).filePath(QStringLiteral("drops.json"));
    QFile::remove(out);
    QProcess demo;
    prepare(demo, work_, false);
    QByteArray stdoutText, stderrText;
    const bool finished = runToEnd(demo, program_,
                                   {QStringLiteral("--demo"), QStringLiteral("--drop"), QStringLiteral("syn:2"),
                                    QStringLiteral("--export"), out},
                                   40000, &stdoutText, &stderrText);
    QVERIFY2(finished, ("the demo did not end within 40 s: " + stderrText).constData());
    if (demo.exitCode() != 0 && stderrText.contains("lab network is unavailable"))
        QSKIP(stderrText.constData());
    QVERIFY2(demo.exitCode() == 0, stderrText.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonObject source = root.value(QStringLiteral("source")).toObject();
    QCOMPARE(source.value(QStringLiteral("network")).toString(), QStringLiteral("lab"));
    QCOMPARE(source.value(QStringLiteral("drops")).toArray(), QJsonArray{QStringLiteral("syn:2")});
    const QJsonObject c = root.value(QStringLiteral("connections")).toArray().first().toObject();
    QCOMPARE(c.value(QStringLiteral("handshake")).toString(), QStringLiteral("complete"));
    std::vector<qint64> syns;
    std::vector<bool> again;
    for (const QJsonValue &v : c.value(QStringLiteral("segments")).toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("flags")).toString() == QStringLiteral("SYN")) {
            syns.push_back(qint64(s.value(QStringLiteral("time_us")).toDouble()));
            again.push_back(s.value(QStringLiteral("retransmission")).toBool());
        }
    }
    QCOMPARE(syns.size(), size_t(3)); // two dropped (captured on their way), the third answered
    QCOMPARE(again, (std::vector<bool>{false, true, true}));
    const bool linear = QFileInfo::exists(QStringLiteral("/proc/sys/net/ipv4/tcp_syn_linear_timeouts"));
    const double first = double(syns[1] - syns[0]) / 1e6, second = double(syns[2] - syns[1]) / 1e6;
    QVERIFY2(first > 0.8 && first < 1.6, qPrintable(QString::number(first)));
    const double expected = linear ? 1.0 : 2.0;
    QVERIFY2(second > expected * 0.8 && second < expected * 1.6,
             qPrintable(QStringLiteral("second wait %1 s, expected about %2 s (%3)")
                            .arg(second).arg(expected).arg(linear ? QStringLiteral("linear timeouts") : QStringLiteral("doubling"))));
}

// A machine that refuses user namespaces, simulated for this process alone (never a machine-wide
// setting): a seccomp filter makes unshare() fail with EPERM, then the program runs as the same
// user with no capability. Asked for the lab it says why it cannot and exits 2; left to choose,
// it says it may not capture and why the lab is unavailable too; a file still opens.
static void refuseUnshare()
{
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof code[0], code};
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
        ::_exit(124);
}

void TestPrivileges::refusedUserNamespaces()
{
#if !defined(__x86_64__)
    QSKIP("the seccomp filter of this test is written for x86-64");
#endif
    const bool dropping = dropping_;
    auto run = [&](const QStringList &args, QByteArray *err) {
        QProcess p;
        prepare(p, work_, false);
        p.setChildProcessModifier([dropping] {
            if (dropping && (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0))
                ::_exit(kDropFailed);
            refuseUnshare();
        });
        QByteArray out;
        if (!runToEnd(p, program_, args, 30000, &out, err))
            return -1;
        return p.exitCode();
    };
    QByteArray err;
    QCOMPARE(run({QStringLiteral("--demo"), QStringLiteral("--network"), QStringLiteral("lab"), QStringLiteral("--export"),
                  QDir(work_).filePath(QStringLiteral("never.json"))},
                 &err),
             2);
    QVERIFY2(err.startsWith("handshake-viz: --network lab: the lab network is unavailable: Operation not permitted"), err.constData());
    QVERIFY(!QFileInfo::exists(QDir(work_).filePath(QStringLiteral("never.json"))));

    err.clear();
    const int chosen = run({QStringLiteral("--demo"), QStringLiteral("--export"), QDir(work_).filePath(QStringLiteral("never.json"))}, &err);
    QVERIFY2(chosen != 0 && chosen != 124 && chosen != kDropFailed, err.constData());
    QVERIFY2(err.contains("setcap cap_net_raw,cap_net_admin+eip"), err.constData());
    QVERIFY2(err.contains("The lab network, which needs no privileges, is unavailable too: Operation not permitted"), err.constData());

    // A capture file needs neither network.
    err.clear();
    const QString sample = QDir(work_).filePath(QStringLiteral("sample.json"));
    const QString pcap = QDir(work_).filePath(QStringLiteral("sample.pcap"));
    QFile::remove(pcap);
    QVERIFY(QFile::copy(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"), pcap));
    ::chmod(QFile::encodeName(pcap).constData(), 0644);
    QCOMPARE(run({QStringLiteral("--read"), pcap, QStringLiteral("--export"), sample}, &err), 0);
    QVERIFY2(QFileInfo(sample).size() > 100, err.constData());
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(kChildVariable)) {
        QApplication app(argc, argv);
        PrivilegesChild child;
        return QTest::qExec(&child, argc, argv);
    }
    QCoreApplication app(argc, argv);
    TestPrivileges test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_privileges.moc"
