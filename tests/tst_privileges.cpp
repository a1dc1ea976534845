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
#include "ChatPane.h"
#include "Explanation.h"
#include "LabDialog.h"
#include "LabNetwork.h"
#include "CaptureFailure.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QApplication>
#include <QAction>
#include <QTimer>
#include <QRadioButton>
#include <QCheckBox>
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

#include <csignal>

#include <cstring>

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
    void labWindow();
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
    void labDropsOneSegment_data();
    void labDropsOneSegment();
    void labLossIsKnown();
    void labShapesTheLinks();
    void labWindow();
    void labLessons_data();
    void labLessons();
    void labEndsWithTheProgram_data();
    void labEndsWithTheProgram();
    void refusedUserNamespaces();
    void cleanupTestCase();

private:
    // A process for one of the copies, as the user without rights, in `workDir`.
    void prepare(QProcess &p, const QString &workDir, bool gui) const;
    // The program in the lab with `args` (--demo …, --lesson …), its JSON export read back; false
    // (with the test failed) when it did not run.
    bool labDemo(const QStringList &args, QJsonObject *root, QByteArray *stderrText = nullptr, int *exitCode = nullptr);
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

// In the lab (this child entered it before Qt started: HV_PRIVILEGES_LAB), as the user without
// privileges: the Lab menu's dialog switches to two hosts and drops the final ACK; with no data
// sent for a while, the server's timer runs out first and its SYN+ACK goes again; the ladder marks
// the lost ACK, explains the copy and the second ACK; a terminal opens on the server host.
void PrivilegesChild::labWindow()
{
    QCOMPARE(qulonglong(::geteuid()), qEnvironmentVariable("HV_EXPECT_UID").toULongLong());
    QVERIFY2(currentNetwork().kind == NetworkChoice::Kind::Lab, currentNetwork().labRefused.c_str());
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(session.interface(), QStringLiteral("lo"));
    // The parent said ibus is reached at an abstract socket: out of reach from the lab, and said.
    QVERIFY2(window.banner()->allText().contains(QStringLiteral("the input method ibus (unix:abstract=/tmp/dbus-hv-test)")),
             qPrintable(window.banner()->allText()));

    // Lab → Layout and losses…: two hosts, and the handshake's final ACK dropped.
    bool dialogSeen = false;
    QTimer::singleShot(200, &window, [&] {
        auto *dialog = qobject_cast<LabDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialogSeen = true;
        dialog->findChild<QRadioButton *>(QStringLiteral("twoHosts"))->setChecked(true);
        dialog->findChild<QCheckBox *>(QStringLiteral("dropAck"))->setChecked(true);
        dialog->accept();
    });
    auto *labAction = window.findChild<QAction *>(QStringLiteral("labAction"));
    QVERIFY(labAction && labAction->isEnabled());
    labAction->trigger();
    QVERIFY(dialogSeen);
    QVERIFY(currentNetwork().twoHosts);
    QCOMPARE(session.interface(), QStringLiteral("client0"));
    QCOMPARE(window.serverPane()->host(), QStringLiteral("10.0.0.2"));
    QCOMPARE(session.drops().size(), size_t(1));

    QString error;
    QVERIFY2(session.startServer(QStringLiteral("10.0.0.2"), 6666, &error), qPrintable(error));
    session.connectClient(QStringLiteral("10.0.0.2"), 6666);
    QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected(), 10000);
    // Nothing sent: only the server's SYN+ACK sent again (about a second later) and the ACK to it
    // make the server ESTABLISHED.
    QTRY_VERIFY_WITH_TIMEOUT(!session.timeline().connections().empty()
                                 && session.timeline().connections().front().serverState == TcpState::Established,
                             10000);
    const Timeline &t = session.timeline();
    const uint32_t id = t.connections().front().id;
    const std::vector<uint32_t> &mine = t.segmentIndices(id);
    int lost = -1, again = -1, second = -1;
    for (int k = 0; k < int(mine.size()); ++k) {
        const Segment x = t.segments()[mine[size_t(k)]];
        if (x.anomalies & Anomaly::DroppedByLab)
            lost = k;
        else if (lost >= 0 && again < 0 && x.retransmission && (x.flags & TcpFlag::Syn) && (x.flags & TcpFlag::Ack))
            again = k;
        else if (again >= 0 && second < 0 && x.from == Side::Client && x.serverState == TcpState::Established)
            second = k;
    }
    QVERIFY2(lost >= 0 && again > lost && second > again, qPrintable(QStringLiteral("%1 %2 %3").arg(lost).arg(again).arg(second)));
    QCOMPARE(t.segments()[mine[size_t(lost)]].serverState, TcpState::SynRcvd);
    auto explained = [&](int k) {
        TimelineStep step;
        step.kind = TimelineStep::Kind::Segment;
        step.index = mine[size_t(k)];
        return explainStep(t, id, step);
    };
    QVERIFY2(explained(lost).title.startsWith(QStringLiteral("Dropped by the lab")), qPrintable(explained(lost).title));
    QVERIFY2(explained(again).paragraphs.join(u' ').contains(QStringLiteral("The lab dropped the client's ACK")),
             qPrintable(explained(again).paragraphs.join(u'|')));
    QVERIFY2(explained(second).title.contains(QStringLiteral("second try")), qPrintable(explained(second).title));
    // The ladder draws the lost one stopping short.
    auto rowsSaid = [&] {
        QStringList out;
        for (const LadderRow &r : window.ladderView()->ladderGeometry().rows)
            if (!r.isCall)
                out << r.label.text + (r.lost ? QStringLiteral(" (lost: ") : QStringLiteral(" (")) + r.note.text + r.noteContinued.text + u')';
        return out.join(u'|');
    };
    QTRY_VERIFY2_WITH_TIMEOUT(std::any_of(window.ladderView()->ladderGeometry().rows.begin(), window.ladderView()->ladderGeometry().rows.end(),
                                          [](const LadderRow &r) {
                                              return r.lost && r.note.text.contains(QStringLiteral("dropped by"));
                                          }),
                              qPrintable(rowsSaid()), 10000);

    // A terminal on the server host ($TERMINAL: the parent's stand-in records where it ran).
    const QString record = qEnvironmentVariable("HV_TERMINAL_RECORD");
    auto *terminal = window.findChild<QAction *>(QStringLiteral("serverTerminalAction"));
    QVERIFY(terminal && terminal->isEnabled());
    terminal->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(record).size() > 0 && QFile(record).open(QIODevice::ReadOnly) && QFile(record).size() > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        QFile f(record);
        return f.open(QIODevice::ReadOnly) && f.readAll().contains("END");
    }(), 10000);
    QFile f(record);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray said = f.readAll();
    QVERIFY2(said.contains("server0") && !said.contains("client0"), said.constData()); // the server host's interfaces
    QVERIFY2(said.contains("[lab: server host 10.0.0.2]"), said.constData());           // its prompt
    QVERIFY2(said.contains("This is the program's lab network") && !said.contains("NOT in the lab"), said.constData());

    // Back to one host: refused while the sockets live, then done.
    session.disconnectClient();
    QTRY_VERIFY_WITH_TIMEOUT(!session.client().isBusy(), 5000);
    QVERIFY(!session.setLabLayout(false, &error));
    QVERIFY2(error.contains(QStringLiteral("stop the server")), qPrintable(error));
    session.stopServer();
    QVERIFY2(session.setLabLayout(false, &error), qPrintable(error));
    QCOMPARE(session.interface(), QStringLiteral("lo"));
    QVERIFY(!currentNetwork().twoHosts);
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
        // And those a process keeps open without being in them (the lab's server host).
        for (const QFileInfo &fd : QDir(p.filePath() + QStringLiteral("/fd")).entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
            char target[64] = {0};
            const ssize_t m = ::readlink(QFile::encodeName(fd.filePath()).constData(), target, sizeof target - 1);
            if (m > 5 && std::strncmp(target, "net:[", 5) == 0)
                ids.insert(QString::fromLatin1(target, int(m)));
        }
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
    // The interface's own drop counters are read in the lab's namespace (rtnetlink), not from
    // /sys/class/net, which shows the host's: known, and none.
    const QJsonValue ifDropped = root.value(QStringLiteral("packets")).toObject().value(QStringLiteral("if_dropped"));
    QVERIFY2(ifDropped.isDouble() && ifDropped.toInt() == 0, qPrintable(QJsonDocument(root.value(QStringLiteral("packets")).toObject()).toJson()));

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

bool TestPrivileges::labDemo(const QStringList &args, QJsonObject *root, QByteArray *stderrText, int *exitCode)
{
    const QString out = QDir(work_).filePath(QStringLiteral("labdemo.json"));
    QFile::remove(out);
    QProcess demo;
    prepare(demo, work_, false);
    QByteArray stdoutText, err;
    const bool finished = runToEnd(demo, program_, args + QStringList{QStringLiteral("--export"), out},
                                   120000, &stdoutText, &err);
    if (stderrText)
        *stderrText = err;
    if (exitCode)
        *exitCode = demo.exitCode();
    [&] { QVERIFY2(finished, ("the demo did not end within 120 s: " + err).constData()); }();
    if (!finished)
        return false;
    if (exitCode && demo.exitCode() != 0)
        return false; // the caller reads what it said
    [&] { QVERIFY2(demo.exitCode() == 0, err.constData()); }();
    QFile f(out);
    if (demo.exitCode() != 0 || !f.open(QIODevice::ReadOnly))
        return false;
    *root = QJsonDocument::fromJson(f.readAll()).object();
    return true;
}

namespace {

bool droppedByLab(const QJsonObject &s)
{
    return s.value(QStringLiteral("anomalies")).toArray().contains(QStringLiteral("dropped_by_lab"));
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

// One segment of the handshake dropped by the lab: the ladder marks it, the receiver's state does
// not move on it, and the kernel's recovery is what the ladder shows: the server sends its
// SYN+ACK again (lost SYN+ACK), or the first data or a SYN+ACK sent again and its ACK complete the
// handshake (lost final ACK). Which one happened is read from the packets, and said.
void TestPrivileges::labDropsOneSegment_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("layout");
    QTest::newRow("synack, one host") << QStringLiteral("synack") << QStringList{QStringLiteral("--network"), QStringLiteral("lab")};
    QTest::newRow("ack, one host") << QStringLiteral("ack") << QStringList{QStringLiteral("--network"), QStringLiteral("lab")};
    QTest::newRow("ack, two hosts") << QStringLiteral("ack") << QStringList{QStringLiteral("--lab"), QStringLiteral("two-hosts")};
    QTest::newRow("fin, two hosts") << QStringLiteral("fin") << QStringList{QStringLiteral("--lab"), QStringLiteral("two-hosts")};
}

void TestPrivileges::labDropsOneSegment()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, layout);
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    QJsonObject root;
    if (!labDemo(QStringList{QStringLiteral("--demo")} + layout + QStringList{QStringLiteral("--drop"), kind + QStringLiteral(":1")}, &root))
        return;
    QCOMPARE(root.value(QStringLiteral("source")).toObject().value(QStringLiteral("drops")).toArray(), QJsonArray{kind + QStringLiteral(":1")});
    const QJsonObject c = root.value(QStringLiteral("connections")).toArray().first().toObject();
    QCOMPARE(str(c, "handshake"), QStringLiteral("complete"));
    const QJsonArray segments = c.value(QStringLiteral("segments")).toArray();
    const QString dump = QString::fromUtf8(QJsonDocument(segments).toJson(QJsonDocument::Compact));
    std::vector<QJsonObject> seg;
    for (const QJsonValue &v : segments)
        seg.push_back(v.toObject());
    // Exactly one marked, the one asked for.
    std::vector<size_t> marked;
    for (size_t i = 0; i < seg.size(); ++i)
        if (droppedByLab(seg[i]))
            marked.push_back(i);
    QVERIFY2(marked.size() == 1, qPrintable(dump));
    const size_t lost = marked.front();
    const QJsonObject &l = seg[lost];
    if (kind == u"synack") {
        QCOMPARE(str(l, "flags"), QStringLiteral("SYN, ACK"));
        QCOMPARE(str(l, "client_state"), QStringLiteral("SYN_SENT")); // it never arrived
        QCOMPARE(str(l, "server_state"), QStringLiteral("SYN_RCVD"));
        // The next SYN+ACK is the server's copy, and that one makes the client ESTABLISHED.
        size_t again = lost + 1;
        while (again < seg.size() && str(seg[again], "flags") != u"SYN, ACK")
            ++again;
        QVERIFY2(again < seg.size(), qPrintable(dump));
        QVERIFY(seg[again].value(QStringLiteral("retransmission")).toBool());
        QCOMPARE(str(seg[again], "client_state"), QStringLiteral("ESTABLISHED"));
        for (size_t i = lost; i < again; ++i)
            QVERIFY2(str(seg[i], "client_state") == u"SYN_SENT", qPrintable(dump));
        const double waited = (seg[again].value(QStringLiteral("time_us")).toDouble() - l.value(QStringLiteral("time_us")).toDouble()) / 1e6;
        QVERIFY2(waited > 0.8 && waited < 3.5, qPrintable(QString::number(waited)));
    } else if (kind == u"ack") {
        QCOMPARE(str(l, "flags"), QStringLiteral("ACK"));
        QCOMPARE(str(l, "from"), QStringLiteral("client"));
        QCOMPARE(str(l, "client_state"), QStringLiteral("ESTABLISHED"));
        QCOMPARE(str(l, "server_state"), QStringLiteral("SYN_RCVD")); // not ESTABLISHED: it never got it
        size_t established = lost + 1;
        while (established < seg.size() && str(seg[established], "server_state") != u"ESTABLISHED")
            ++established;
        QVERIFY2(established < seg.size(), qPrintable(dump));
        const QJsonObject &e = seg[established];
        QCOMPARE(str(e, "from"), QStringLiteral("client"));
        bool synAckAgain = false;
        for (size_t i = lost + 1; i < established; ++i)
            synAckAgain = synAckAgain || (str(seg[i], "flags") == u"SYN, ACK" && seg[i].value(QStringLiteral("retransmission")).toBool());
        // The data completed it, or the ACK to the SYN+ACK sent again: one of the two, never neither.
        QVERIFY2(e.value(QStringLiteral("len")).toInt() > 0 || synAckAgain, qPrintable(dump));
        qInfo("the handshake was completed by %s", e.value(QStringLiteral("len")).toInt() > 0 ? "the first data" : "the ACK to a SYN+ACK sent again");
    } else {
        QVERIFY2(str(l, "flags").contains(QStringLiteral("FIN")), qPrintable(dump));
        QCOMPARE(str(l, "from"), QStringLiteral("client"));
        QCOMPARE(str(l, "client_state"), QStringLiteral("FIN_WAIT_1"));
        QCOMPARE(str(l, "server_state"), QStringLiteral("ESTABLISHED")); // no CLOSE_WAIT: no FIN arrived
        QVERIFY2(lost + 1 < seg.size(), qPrintable(dump));
        const QJsonObject &again = seg[lost + 1];
        QVERIFY2(str(again, "flags").contains(QStringLiteral("FIN")) && again.value(QStringLiteral("retransmission")).toBool(), qPrintable(dump));
        QCOMPARE(str(again, "server_state"), QStringLiteral("CLOSE_WAIT"));
    }
}

// Random loss the ladder still knows: the lab drops 20 % of the segments each way, at places
// drawn for the connection and repeated by the tracker. Checked against what the receiver does:
// after a data segment marked dropped, the receiver never acknowledges past its start until a
// copy that was not dropped has come (an unmarked loss, or a mark on a segment that arrived,
// would show as an ACK beyond it).
void TestPrivileges::labLossIsKnown()
{
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    // Forty messages, each its own segment (the demo waits for each one's ACK): enough segments
    // each way that a fifth of them are sure to include data and ACKs.
    QStringList args{QStringLiteral("--demo"), QStringLiteral("--lab"), QStringLiteral("two-hosts"), QStringLiteral("--loss"), QStringLiteral("20")};
    for (int i = 0; i < 40; ++i)
        args << QStringLiteral("--send") << QString(1000, QChar(u'a' + i % 26));
    QJsonObject root;
    if (!labDemo(args, &root))
        return;
    const QJsonObject c = root.value(QStringLiteral("connections")).toArray().first().toObject();
    std::vector<QJsonObject> seg;
    for (const QJsonValue &v : c.value(QStringLiteral("segments")).toArray())
        seg.push_back(v.toObject());
    const QString dump = QString::fromUtf8(QJsonDocument(c.value(QStringLiteral("segments")).toArray()).toJson(QJsonDocument::Compact));
    int marked = 0, checked = 0;
    for (size_t i = 0; i < seg.size(); ++i) {
        if (!droppedByLab(seg[i]))
            continue;
        ++marked;
        const int len = seg[i].value(QStringLiteral("len")).toInt();
        if (len == 0 || str(seg[i], "from") != u"client")
            continue;
        const quint32 start = quint32(seg[i].value(QStringLiteral("seq")).toDouble());
        for (size_t k = i + 1; k < seg.size(); ++k) {
            const QJsonObject &x = seg[k];
            if (str(x, "from") == u"client" && !droppedByLab(x) && x.value(QStringLiteral("len")).toInt() > 0
                && qint32(quint32(x.value(QStringLiteral("seq")).toDouble()) - start) <= 0
                && qint32(quint32(x.value(QStringLiteral("seq")).toDouble()) + quint32(x.value(QStringLiteral("len")).toInt()) - start) > 0)
                break; // a copy covering its start arrived
            if (str(x, "from") == u"server") {
                const quint32 ack = quint32(x.value(QStringLiteral("ack")).toDouble());
                QVERIFY2(qint32(ack - start) <= 0,
                         qPrintable(QStringLiteral("frame %1 acknowledges %2, past the start of frame %3 (%4), which the ladder says was dropped: %5")
                                        .arg(x.value(QStringLiteral("frame")).toInt()).arg(ack)
                                        .arg(seg[i].value(QStringLiteral("frame")).toInt()).arg(start).arg(dump)));
            }
        }
        ++checked;
    }
    QVERIFY2(marked > 0 && checked > 0, qPrintable(QStringLiteral("%1 marked, %2 data segments checked: %3").arg(marked).arg(checked).arg(dump)));
    qInfo("%d of %d segments dropped by the lab, %d of them data checked against the receiver's ACKs", marked, int(seg.size()), checked);
}

// The links: a delay through netem where the kernel has it (said plainly where it does not), a
// rate limit through tbf, which the capture shows as time: 40 kB at 400 kbit/s take 0.8 s at least.
void TestPrivileges::labShapesTheLinks()
{
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    QJsonObject root;
    QByteArray err;
    int exitCode = 0;
    if (labDemo({QStringLiteral("--demo"), QStringLiteral("--network"), QStringLiteral("lab"), QStringLiteral("--delay"), QStringLiteral("200")}, &root, &err, &exitCode)) {
        const QJsonArray segments = root.value(QStringLiteral("connections")).toArray().first().toObject().value(QStringLiteral("segments")).toArray();
        const double rtt = segments.at(1).toObject().value(QStringLiteral("time_us")).toDouble() - segments.at(0).toObject().value(QStringLiteral("time_us")).toDouble();
        QVERIFY2(rtt >= 190000, qPrintable(QString::number(rtt)));
        QVERIFY(root.value(QStringLiteral("source")).toObject().value(QStringLiteral("drops")).toArray().contains(QStringLiteral("delay:200")));
    } else {
        QCOMPARE(exitCode, 1);
        QVERIFY2(err.contains("this kernel has no netem") && err.contains("--rate"), err.constData());
        QVERIFY2(err.startsWith("handshake-viz: --delay: ") && err.count('\n') == 1, err.constData());
    }
    QVERIFY(labDemo({QStringLiteral("--demo"), QStringLiteral("--lab"), QStringLiteral("two-hosts"), QStringLiteral("--rate"), QStringLiteral("400"),
                     QStringLiteral("--send"), QString(40000, u'z')},
                    &root));
    QVERIFY(root.value(QStringLiteral("source")).toObject().value(QStringLiteral("drops")).toArray().contains(QStringLiteral("rate:400")));
    double firstData = -1, lastAck = -1;
    for (const QJsonValue &v : root.value(QStringLiteral("connections")).toArray().first().toObject().value(QStringLiteral("segments")).toArray()) {
        const QJsonObject s = v.toObject();
        const double t = s.value(QStringLiteral("time_us")).toDouble();
        if (str(s, "from") == u"client" && s.value(QStringLiteral("len")).toInt() > 0 && firstData < 0)
            firstData = t;
        if (str(s, "from") == u"server" && s.value(QStringLiteral("rel_ack")).toInt() == 40001)
            lastAck = t;
    }
    QVERIFY2(firstData >= 0 && lastAck > firstData, "the data or its last ACK is missing");
    const double seconds = (lastAck - firstData) / 1e6;
    QVERIFY2(seconds > 0.7 && seconds < 10, qPrintable(QStringLiteral("40 kB at 400 kbit/s took %1 s").arg(seconds)));
}

void TestPrivileges::labWindow()
{
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    // The user's terminal, stood in for by a script that runs the shell it is given with a few
    // commands and records what it saw.
    const QString record = QDir(scratch_).filePath(QStringLiteral("terminal.txt"));
    const QString script = dir_->filePath(QStringLiteral("fake-terminal"));
    {
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("#!/bin/sh\n[ \"$1\" = -e ] && shift\n"
                               "printf 'cut -d: -f1 /proc/net/dev\\necho \"PS1=$PS1\"\\nexit\\n' | \"$@\" > %1 2>&1\n"
                               "echo END >> %1\n").arg(record).toUtf8());
    }
    ::chmod(QFile::encodeName(script).constData(), 0755);
    QProcess child;
    prepare(child, work_, true);
    QProcessEnvironment env = child.processEnvironment();
    env.insert(QStringLiteral("HV_PRIVILEGES_LAB"), QStringLiteral("1"));
    env.insert(QStringLiteral("TERMINAL"), script);
    env.insert(QStringLiteral("HV_TERMINAL_RECORD"), record);
    env.insert(QStringLiteral("XMODIFIERS"), QStringLiteral("@im=ibus"));
    env.insert(QStringLiteral("IBUS_ADDRESS"), QStringLiteral("unix:abstract=/tmp/dbus-hv-test,guid=0123"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    QByteArray output, unused;
    const bool finished = runToEnd(child, self_, {QStringLiteral("labWindow")}, 90000, &output, &unused);
    QVERIFY2(finished, ("the lab window child did not end within 90 s:\n" + output).constData());
    QVERIFY2(child.exitStatus() == QProcess::NormalExit, ("the lab window child crashed:\n" + output).constData());
    QVERIFY2(child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("PASS   : PrivilegesChild::labWindow()"), output.constData());
}

// The lessons that drop segments, as the user without privileges (the lab is chosen for them):
// the lost SYNs with this kernel's waits (read from its setting), the SYN+ACK sent again, the data
// that completes the handshake; each connection then completes.
void TestPrivileges::labLessons_data()
{
    QTest::addColumn<QString>("lesson");
    QTest::newRow("lost-syn") << QStringLiteral("lost-syn");
    QTest::newRow("lost-synack") << QStringLiteral("lost-synack");
    QTest::newRow("lost-ack") << QStringLiteral("lost-ack");
    QTest::newRow("simultaneous-close") << QStringLiteral("simultaneous-close");
    QTest::newRow("simultaneous-open") << QStringLiteral("simultaneous-open");
    QTest::newRow("simultaneous-open two hosts") << QStringLiteral("simultaneous-open two-hosts");
}

void TestPrivileges::labLessons()
{
    QFETCH(QString, lesson);
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    QJsonObject root;
    QStringList args{QStringLiteral("--lesson"), lesson.section(QLatin1Char(' '), 0, 0)};
    if (lesson.contains(QLatin1Char(' ')))
        args << QStringLiteral("--lab") << lesson.section(QLatin1Char(' '), 1);
    lesson = lesson.section(QLatin1Char(' '), 0, 0);
    if (!labDemo(args, &root))
        return;
    QCOMPARE(root.value(QStringLiteral("source")).toObject().value(QStringLiteral("network")).toString(), QStringLiteral("lab"));
    const QJsonObject c = root.value(QStringLiteral("connections")).toArray().first().toObject();
    QCOMPARE(str(c, "handshake"), QStringLiteral("complete"));
    std::vector<QJsonObject> seg;
    for (const QJsonValue &v : c.value(QStringLiteral("segments")).toArray())
        seg.push_back(v.toObject());
    const QString dump = QString::fromUtf8(QJsonDocument(c.value(QStringLiteral("segments")).toArray()).toJson(QJsonDocument::Compact));
    if (lesson == u"lost-syn") {
        std::vector<double> syns;
        std::vector<bool> dropped;
        for (const QJsonObject &s : seg)
            if (str(s, "flags") == u"SYN") {
                syns.push_back(s.value(QStringLiteral("time_us")).toDouble());
                dropped.push_back(droppedByLab(s));
            }
        QCOMPARE(dropped, (std::vector<bool>{true, true, false})); // 1 + 2 SYNs, the first two lost
        const bool linear = QFileInfo::exists(QStringLiteral("/proc/sys/net/ipv4/tcp_syn_linear_timeouts"));
        const double second = (syns[2] - syns[1]) / 1e6, expected = linear ? 1.0 : 2.0;
        QVERIFY2(second > expected * 0.8 && second < expected * 1.6, qPrintable(QString::number(second)));
    } else if (lesson == u"lost-synack") {
        int synAcks = 0;
        for (const QJsonObject &s : seg)
            synAcks += str(s, "flags") == u"SYN, ACK";
        QVERIFY2(synAcks >= 2 && droppedByLab(seg[1]) && str(seg[1], "client_state") == u"SYN_SENT", qPrintable(dump));
    } else if (lesson == u"simultaneous-open") {
        // No listener: four SYNs (the first each way dropped by the lab, the copies crossing),
        // each side SYN_SENT, then SYN_RCVD on the other's SYN, then ESTABLISHED on its SYN+ACK.
        QStringList flags;
        for (const QJsonObject &s : seg)
            flags << str(s, "flags");
        QCOMPARE(flags.mid(0, 6), (QStringList{"SYN", "SYN", "SYN", "SYN", "SYN, ACK", "SYN, ACK"}));
        QVERIFY2(droppedByLab(seg[0]) && droppedByLab(seg[1]) && !droppedByLab(seg[2]) && !droppedByLab(seg[3]), qPrintable(dump));
        for (const char *side : {"client_state", "server_state"}) {
            QStringList states;
            for (const QJsonObject &s : seg)
                if (states.isEmpty() || states.last() != str(s, side))
                    states << str(s, side);
            states.removeAll(QString()); // the server's state before its socket existed: not proven
            QVERIFY2(states.mid(0, 3) == (QStringList{"SYN_SENT", "SYN_RCVD", "ESTABLISHED"}), qPrintable(side + QStringLiteral(": ") + states.join(u' ')));
        }
    } else if (lesson == u"simultaneous-close") {
        // The FINs crossed: the client in CLOSING, then both sides in TIME_WAIT.
        QVERIFY2(std::any_of(seg.begin(), seg.end(), [](const QJsonObject &s) { return str(s, "client_state") == u"CLOSING"; }), qPrintable(dump));
        QVERIFY2(str(seg.back(), "client_state") == u"TIME_WAIT" && str(seg.back(), "server_state") == u"TIME_WAIT", qPrintable(dump));
    } else {
        QVERIFY2(droppedByLab(seg[2]) && str(seg[2], "server_state") == u"SYN_RCVD", qPrintable(dump));
        QVERIFY2(seg[3].value(QStringLiteral("len")).toInt() > 0 && str(seg[3], "server_state") == u"ESTABLISHED", qPrintable(dump));
    }
}

// However the program ends (SIGTERM, or SIGKILL with no chance to tidy up) while the lab is at its
// fullest (two hosts, a veth pair, nftables rules dropping SYNs, the capture running), nothing of
// it remains: no network namespace (its veth pair and nftables table live and die in them), no
// process of the user, no scratch folder.
void TestPrivileges::labEndsWithTheProgram_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGKILL") << int(SIGKILL);
}

static QList<qint64> processesOf(uid_t uid)
{
    QList<qint64> pids;
    for (const QFileInfo &p : QDir(QStringLiteral("/proc")).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isPid = false;
        const qint64 pid = p.fileName().toLongLong(&isPid);
        struct stat st {};
        if (isPid && ::stat(QFile::encodeName(p.filePath()).constData(), &st) == 0 && st.st_uid == uid)
            pids << pid;
    }
    return pids;
}

void TestPrivileges::labEndsWithTheProgram()
{
    QFETCH(int, signal);
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/user")))
        QSKIP("this kernel has no user namespaces");
    if (!dropping_)
        QSKIP("needs root to drop to a user of its own: the user's other processes would be counted");
    const QSet<QString> before = netNamespaceIds();
    const QList<qint64> processesBefore = processesOf(uid_);
    QProcess demo;
    prepare(demo, work_, false);
    // Three SYNs dropped: the demo is still connecting a few seconds later.
    demo.start(program_, {QStringLiteral("--demo"), QStringLiteral("--lab"), QStringLiteral("two-hosts"), QStringLiteral("--drop"),
                          QStringLiteral("syn:3"), QStringLiteral("--export"), QDir(work_).filePath(QStringLiteral("ended.json"))});
    QVERIFY(demo.waitForStarted(10000));
    // Up: its namespaces (the client's and the server host) and its scratch folder.
    QTRY_VERIFY_WITH_TIMEOUT((netNamespaceIds() - before).size() >= 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(scratch_).entryList({QStringLiteral("handshake-viz-*")}, QDir::Dirs).isEmpty(), 10000);
    QTest::qWait(1500); // the first SYN dropped, the rules in place
    QCOMPARE(demo.state(), QProcess::Running);
    ::kill(pid_t(demo.processId()), signal);
    QVERIFY(demo.waitForFinished(15000));
    if (signal == SIGKILL)
        QCOMPARE(demo.exitStatus(), QProcess::CrashExit);
    QTRY_VERIFY2_WITH_TIMEOUT((netNamespaceIds() - before).isEmpty(),
                              qPrintable((netNamespaceIds() - before).values().join(u' ')), 5000);
    // None of its own left (the janitor, a helper, a terminal); others of that uid may come and go.
    auto leftOver = [&] {
        const QList<qint64> all = processesOf(uid_);
        QSet<qint64> now(all.begin(), all.end());
        for (qint64 pid : processesBefore)
            now.remove(pid);
        return now;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(leftOver().isEmpty(),
                              qPrintable(QStringLiteral("new processes of uid %1 left: %2").arg(uid_).arg(leftOver().size())), 5000);
    QTRY_VERIFY2_WITH_TIMEOUT(QDir(scratch_).entryList({QStringLiteral("handshake-viz-*")}, QDir::Dirs).isEmpty(),
                              qPrintable(QDir(scratch_).entryList().join(u' ')), 5000);
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
        // Before any thread: the lab, for the child's lab test (as the program does at start).
        if (qEnvironmentVariableIsSet("HV_PRIVILEGES_LAB"))
            hv::enterNetwork(hv::NetworkChoice::Asked::Lab);
        QApplication app(argc, argv);
        PrivilegesChild child;
        return QTest::qExec(&child, argc, argv);
    }
    QCoreApplication app(argc, argv);
    TestPrivileges test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_privileges.moc"
