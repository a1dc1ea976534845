// What the program remembers, with the real QSettings in a configuration folder of the test's own:
// a window's zoom, numbering, state names, theme, addresses, place, language and last folder
// survive into the next window; the command line's addresses win over them; the capture files
// opened become File → Open recent (latest first, at most 8, gone ones left out), and one dropped
// on the window opens.
#include "ChatPane.h"
#include "CommandLine.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "Language.h"
#include "MainWindow.h"
#include "Session.h"
#include "Settings.h"
#include "TestSupport.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace hv;

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void surviveARestart();
    void commandLineWins();
    void recentFilesAndDrops();
};

void TestSettings::surviveARestart()
{
    QSize savedSize;
    const QString folder = QStringLiteral(HV_SOURCE_DIR "/tests/data");
    {
        Session session;
        MainWindow window(&session.timeline());
        wireWindow(session, window);
        restoreSettings(window, Options{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Wider than the window's minimum, whatever the toolbar and search box need.
        const QSize wanted = window.minimumSizeHint().expandedTo(QSize(900, 640)) + QSize(13, 7);
        window.setGeometry(QRect(QPoint(40, 50), wanted));
        savedSize = window.size();
        QCOMPARE(savedSize, wanted);
        window.ladderView()->setZoom(1.6);
        window.relativeAction()->setChecked(false);
        window.setStateNamingShown(StateNaming::Rfc9293);
        window.setTheme(LadderTheme::Dark);
        window.serverPane()->setEndpoint(QStringLiteral("0.0.0.0"), 7777);
        window.clientPane()->setEndpoint(QStringLiteral("127.0.0.2"), 7777);
        window.setLastFolder(folder);
        setLanguage(QStringLiteral("zh"));
        saveSettings(window);
    }
    setLanguage(QStringLiteral("en"));
    QCOMPARE(savedLanguage(), QStringLiteral("zh"));
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    restoreSettings(window, Options{});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), savedSize);
    QCOMPARE(window.ladderView()->zoom(), 1.6);
    QVERIFY(!window.relativeAction()->isChecked());
    QVERIFY(!window.ladderView()->relativeNumbers());
    QCOMPARE(window.relativeAction()->text(), QStringLiteral("Numbers: abso&lute")); // the toolbar says which
    QCOMPARE(window.stateNamingShown(), StateNaming::Rfc9293);
    QCOMPARE(window.theme(), LadderTheme::Dark);
    QCOMPARE(window.ladderView()->theme(), LadderTheme::Dark);
    QCOMPARE(window.serverPane()->host(), QStringLiteral("0.0.0.0"));
    QCOMPARE(window.serverPane()->port(), quint16(7777));
    QCOMPARE(window.clientPane()->host(), QStringLiteral("127.0.0.2"));
    QCOMPARE(window.lastFolder(), folder);
}

void TestSettings::commandLineWins()
{
    const ParseResult parsed = parseCommandLine({QStringLiteral("handshake-viz"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:6001")});
    QVERIFY(parsed.error.isEmpty());
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.serverPane()->setEndpoint(parsed.options.listenHost, parsed.options.listenPort);
    window.clientPane()->setEndpoint(parsed.options.listenHost, parsed.options.listenPort);
    restoreSettings(window, parsed.options);
    QCOMPARE(window.serverPane()->port(), quint16(6001)); // not the 7777 saved above
    QCOMPARE(window.clientPane()->port(), quint16(6001));
    QCOMPARE(window.ladderView()->zoom(), 1.6);           // the rest is restored
}

void TestSettings::recentFilesAndDrops()
{
    QTemporaryDir dir;
    QStringList made;
    for (int i = 0; i < 10; ++i) {
        const QString path = dir.filePath(QStringLiteral("c%1.pcap").arg(i));
        QVERIFY(QFile::copy(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"), path));
        made << path;
    }
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    wireSettings(session, window);
    restoreSettings(window, Options{});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const QString &path : made) {
        QSignalSpy finished(&session, &Session::captureFinished);
        session.openFile(path);
        QVERIFY(finished.wait(10000));
    }
    QStringList expected;
    for (int i = 9; i >= 2; --i)
        expected << made[i];
    QCOMPARE(recentFiles(), expected);
    QCOMPARE(window.recentFiles(), expected);
    // The menu: the latest first; a click opens it again.
    auto *menu = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(menu && menu->isEnabled());
    QCOMPARE(menu->actions().size(), 8);
    QVERIFY(menu->actions().first()->text().contains(QLatin1String("c9.pcap")));
    QSignalSpy opened(&window, &MainWindow::openRequested);
    menu->actions().last()->trigger();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().toString(), made[2]);
    // A file gone from the disk is left out.
    QVERIFY(QFile::remove(made[9]));
    QCOMPARE(recentFiles().first(), made[8]);

    // Dropped on the window: it opens.
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(made[0])});
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy finished(&session, &Session::captureFinished);
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(finished.wait(10000));
    QCOMPARE(session.shownFile(), made[0]);
    QCOMPARE(recentFiles().first(), made[0]);
    QCOMPARE(window.lastFolder(), dir.path());
}

int main(int argc, char **argv)
{
    // A configuration folder of this run's own, before anything reads the settings.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QApplication app(argc, argv);
    TestSettings test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settings.moc"
