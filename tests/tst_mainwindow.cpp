// The real window on the offscreen platform: click Start, click Connect, type and send, and the
// ladder holds what the kernel sent.
#include "ChatPane.h"
#include "ExplanationPanel.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

using namespace hv;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startConnectChat();
    void refusedConnectionIsExplained();
    void portInUseIsShownInThePane();
    void switchesToChineseAndBack();
    void ladderSpeaksChinese();
    void zoomKeysGrowLadderAndExplanation();
    void typingAfterThePeerLeftIsKept();
    void fitsASmallScreen();
};

static int handshakeArrows(const LadderGeometry &g)
{
    QStringList labels;
    for (const LadderRow &row : g.rows)
        if (!row.isCall)
            labels << row.label.text;
    return labels.size() >= 3 && labels[0] == QLatin1String("SYN") && labels[1] == QLatin1String("SYN, ACK")
                   && labels[2] == QLatin1String("ACK")
               ? 3
               : 0;
}

void TestMainWindow::startConnectChat()
{
    Session session;
    MainWindow window(&session.timeline());
    window.resize(1400, 860); // the default size on a screen it fits (the offscreen one is 800×800)
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    const quint16 port = hvtest::freePort();
    server->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(server->mainButton(), Qt::LeftButton);
    QVERIFY(session.server().isListening());
    QCOMPARE(server->mainButton()->text(), ChatPane::tr("Stop"));
    QTRY_VERIFY_WITH_TIMEOUT(session.isLiveCaptureReady(), 10000);

    client->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(client->mainButton()->text(), ChatPane::tr("Disconnect"), 5000);

    // The ladder model holds the three handshake arrows, client to server and back.
    LadderView *ladder = window.ladderView();
    QTRY_COMPARE_WITH_TIMEOUT(handshakeArrows(ladder->ladderGeometry()), 3, 5000);
    const LadderGeometry &g = ladder->ladderGeometry();
    QVERIFY(g.clientX < g.serverX);
    QCOMPARE(g.server.endpoint, QStringLiteral("127.0.0.1:%1").arg(port));
    QVERIFY(g.client.endpoint.startsWith(QLatin1String("127.0.0.1:")));

    // Type into the client and press Enter: the server pane shows it, the ladder gets the data arrow.
    QTest::keyClicks(client->inputEdit(), QStringLiteral("hello"));
    QTest::keyClick(client->inputEdit(), Qt::Key_Return);
    QCOMPARE(client->inputEdit()->text(), QString()); // sent, so cleared
    QTRY_VERIFY_WITH_TIMEOUT(server->transcript()->toPlainText().contains(QLatin1String("hello")), 5000);
    auto hasLabel = [&](const QString &label) {
        for (const LadderRow &row : window.ladderView()->ladderGeometry().rows)
            if (!row.isCall && row.label.text == label)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasLabel(QStringLiteral("PSH, ACK - Len: 5")), 5000);

    // The server answers.
    QTest::keyClicks(server->inputEdit(), QStringLiteral("hi!"));
    QTest::mouseClick(server->sendButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(client->transcript()->toPlainText().contains(QLatin1String("hi!")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(hasLabel(QStringLiteral("PSH, ACK - Len: 3")), 5000);

    // Disconnect: FIN both ways reaches the ladder.
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(hasLabel(QStringLiteral("FIN, ACK")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(session.timeline().connections().size() == 1
                                 && session.timeline().connections()[0].clientState == TcpState::TimeWait, 5000);
}

void TestMainWindow::refusedConnectionIsExplained()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    ChatPane *client = window.clientPane();
    const quint16 port = hvtest::freePort(); // nobody listens here
    client->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::keyClicks(client->inputEdit(), QString()); // nothing typed yet
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QLabel *problem = client->findChild<QLabel *>(QStringLiteral("problem"));
    QVERIFY(problem);
    QTRY_VERIFY_WITH_TIMEOUT(problem->isVisible(), 5000);
    QVERIFY2(problem->text().contains(QStringLiteral("refused")), qPrintable(problem->text()));
    QVERIFY2(problem->text().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(problem->text()));
    QCOMPARE(client->mainButton()->text(), ChatPane::tr("Connect"));
    // The capture saw the SYN answered by RST: a refused handshake on the ladder.
    QTRY_VERIFY_WITH_TIMEOUT(!session.timeline().connections().empty()
                                 && session.timeline().connections()[0].handshake == Handshake::Refused, 5000);
}

void TestMainWindow::portInUseIsShownInThePane()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    ChatPane *server = window.serverPane();
    server->setEndpoint(QStringLiteral("127.0.0.1"), squatter.serverPort());
    QTest::mouseClick(server->mainButton(), Qt::LeftButton);
    QVERIFY(!session.server().isListening());
    QLabel *problem = server->findChild<QLabel *>(QStringLiteral("problem"));
    QVERIFY(problem && problem->isVisibleTo(&window));
    QVERIFY2(problem->text().contains(QStringLiteral("in use")), qPrintable(problem->text()));
    QCOMPARE(server->mainButton()->text(), ChatPane::tr("Start"));
}

void TestMainWindow::switchesToChineseAndBack()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    Q_EMIT window.languageRequested(QStringLiteral("zh"));
    QCOMPARE(window.serverPane()->mainButton()->text(), QStringLiteral("启动"));
    QCOMPARE(window.clientPane()->mainButton()->text(), QStringLiteral("连接"));
    QVERIFY2(window.windowTitle().contains(QStringLiteral("实时")), qPrintable(window.windowTitle()));
    Q_EMIT window.languageRequested(QStringLiteral("en"));
    QCOMPARE(window.serverPane()->mainButton()->text(), QStringLiteral("Start"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Live on lo"));
}

// The ladder's own words follow the language too: the title's handshake class and the calls that
// returned ("connect() 返回"), on the sample capture.
void TestMainWindow::ladderSpeaksChinese()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    Q_EMIT window.languageRequested(QStringLiteral("zh"));
    session.openSample();
    LadderView *ladder = window.ladderView();
    QTRY_VERIFY_WITH_TIMEOUT(handshakeArrows(ladder->ladderGeometry()) == 3, 10000);
    const LadderGeometry &g = ladder->ladderGeometry();
    QVERIFY2(g.title.text.contains(QStringLiteral("握手完成")), qPrintable(g.title.text));
    QStringList calls;
    for (const LadderRow &row : g.rows)
        if (row.isCall)
            calls << row.call.text.text;
    QVERIFY2(calls.contains(QStringLiteral("connect() 返回")), qPrintable(calls.join(u'|')));
    QVERIFY2(calls.contains(QStringLiteral("accept() 返回")), qPrintable(calls.join(u'|')));
    QVERIFY2(!calls.join(u'|').contains(QLatin1String("returns")), qPrintable(calls.join(u'|')));
    // The status bar counts one connection as one (no "1 connections").
    auto *status = window.statusBar()->findChild<QLabel *>(QStringLiteral("statusText"));
    QVERIFY(status);
    QTRY_VERIFY2(status->text().endsWith(QStringLiteral("，1 个连接")), qPrintable(status->text()));

    Q_EMIT window.languageRequested(QStringLiteral("en"));
    QTRY_VERIFY_WITH_TIMEOUT(ladder->ladderGeometry().title.text.contains(QLatin1String("handshake complete")), 5000);
}

// Ctrl++ / Ctrl+- / Ctrl+0 on the window, whichever child has the focus (here the client's
// input box): the ladder and the explanation under it grow and shrink together.
void TestMainWindow::zoomKeysGrowLadderAndExplanation()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.clientPane()->inputEdit()->setFocus();
    LadderView *ladder = window.ladderView();
    ExplanationPanel *explanation = window.explanationPanel();
    const qreal ladderPx = ladder->ladderGeometry().fonts.label.pixelSize();
    const qreal textPt = explanation->font().pointSizeF() > 0 ? explanation->font().pointSizeF()
                                                               : explanation->font().pixelSize();
    auto textSize = [&] {
        return explanation->font().pointSizeF() > 0 ? explanation->font().pointSizeF() : explanation->font().pixelSize();
    };

    QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY2(ladder->zoom() > 1.2, qPrintable(QString::number(ladder->zoom())));
    QCOMPARE(explanation->zoom(), ladder->zoom());
    QVERIFY(textSize() > textPt);
    QVERIFY(ladder->ladderGeometry().fonts.label.pixelSize() > ladderPx);
    QCOMPARE(window.clientPane()->inputEdit()->text(), QString()); // nothing typed into the box

    QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(ladder->zoom(), 1.0);
    QCOMPARE(explanation->zoom(), 1.0);
    QCOMPARE(textSize(), textPt);
    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(ladder->zoom() < 1.0);
    QVERIFY(textSize() < textPt);
}

// The server goes away while the client's user is typing: the keystrokes stay in the client's
// box (it is never disabled, so the focus does not jump to the server's address field, where
// Enter would try to start a server), and Enter says why nothing was sent.
void TestMainWindow::typingAfterThePeerLeftIsKept()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    const quint16 port = hvtest::freePort();
    server->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(server->mainButton(), Qt::LeftButton);
    QVERIFY(session.server().isListening());
    client->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(client->mainButton()->text(), ChatPane::tr("Disconnect"), 5000);
    client->inputEdit()->setFocus();
    QTest::keyClicks(client->inputEdit(), QStringLiteral("are you "));

    QTest::mouseClick(server->mainButton(), Qt::LeftButton); // the server stops: the peer is gone
    QTRY_COMPARE_WITH_TIMEOUT(client->mainButton()->text(), ChatPane::tr("Connect"), 5000);
    QVERIFY(client->inputEdit()->isEnabled());
    QVERIFY(!client->sendButton()->isEnabled());
    client->inputEdit()->setFocus(); // where the user's focus was
    QTest::keyClicks(client->inputEdit(), QStringLiteral("there?"));
    QTest::keyClick(client->inputEdit(), Qt::Key_Return);
    QCOMPARE(client->inputEdit()->text(), QStringLiteral("are you there?"));
    QLabel *problem = client->findChild<QLabel *>(QStringLiteral("problem"));
    QVERIFY(problem && problem->isVisibleTo(&window));
    QVERIFY2(problem->text().contains(QLatin1String("Not connected")), qPrintable(problem->text()));
    QCOMPARE(server->host(), QStringLiteral("127.0.0.1")); // nothing landed in the server's fields
    QVERIFY(!session.server().isListening());
}

// A 1024×768 projector (the offscreen screen is smaller still): the window fits the screen, and
// the ladder gets more room than either chat pane (no long check box label widens the server's).
void TestMainWindow::fitsASmallScreen()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QSize room = window.screen()->availableGeometry().size();
    QVERIFY2(room.width() < 1400, "the offscreen screen is expected to be small");
    QVERIFY2(window.width() <= room.width() && window.height() <= room.height(),
             qPrintable(QStringLiteral("%1x%2 on %3x%4").arg(window.width()).arg(window.height()).arg(room.width()).arg(room.height())));
    QVERIFY(window.ladderView()->width() > window.serverPane()->width());
    QVERIFY(window.ladderView()->width() > window.clientPane()->width());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
