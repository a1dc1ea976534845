// Stepping through a real capture in the real window (offscreen): the presenter keys on the
// window and on the ladder, never while typing in a chat box; a click on a row; the step bar;
// the explanation with the step's own numbers; live traffic followed or waiting for the student.
#include "ChatInput.h"
#include "ChatPane.h"
#include "ExplanationPanel.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Predict.h"
#include "PredictPanel.h"
#include "Session.h"
#include "StepBar.h"
#include "Stepper.h"
#include "TestSupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hv;

namespace {

struct Window {
    Session session;
    MainWindow window{&session.timeline()};

    Window()
    {
        wireWindow(session, window);
        window.show();
        window.activateWindow();
    }
    LadderView *ladder() const { return window.ladderView(); }
    Stepper *stepper() const { return window.stepper(); }
    QString explanation() const { return window.explanationPanel()->toPlainText(); }
    QString position() const { return window.stepBar()->positionLabel()->text(); }
    // Index of the first row whose segment has these flags (and payload, if len > 0), or -1.
    int rowOf(uint16_t flags, uint32_t len = 0, int from = 0)
    {
        const LadderGeometry &g = ladder()->ladderGeometry();
        for (size_t i = size_t(from); i < g.rows.size(); ++i) {
            const TimelineStep &st = g.rows[i].step;
            if (st.kind != TimelineStep::Kind::Segment)
                continue;
            const Segment &s = session.timeline().segments()[st.index];
            if (s.flags == flags && s.len == len)
                return int(i);
        }
        return -1;
    }
};

constexpr uint16_t SYN = TcpFlag::Syn, ACK = TcpFlag::Ack, PSH = TcpFlag::Psh, FIN = TcpFlag::Fin;

} // namespace

class TestSteppingGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fileOpensAtTheFirstStep();
    void presenterKeysOnTheWindowStep();
    void keysOnTheLadderStep();
    void typingInTheChatDoesNotStep();
    void clickingARowMakesItCurrent();
    void stepBarShowsAndDrives();
    void explanationUsesTheStepsNumbers();
    void liveTrafficIsFollowedOrWaitsForMe();
    void predictThroughTheWindow();
    void worksheetFromTheWindow();
    void slidesFromTheWindow();

private:
    std::unique_ptr<Window> openCapture();

    QTemporaryDir dir_;
    QString capture_;
};

void TestSteppingGui::initTestCase()
{
    QVERIFY(dir_.isValid());
    // A capture of the program's own demo: listen, connect, "hello", close. Without capture
    // rights, the capture kept in the sources (the same conversation) does as well.
    capture_ = dir_.filePath(QStringLiteral("demo.pcap"));
    const quint16 port = hvtest::freePort();
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--export"), capture_});
    if (r.exitCode != 0 || !QFile::exists(capture_)) {
        qWarning("demo capture failed (%s): using tests/data/handshake.pcap", r.err.constData());
        capture_ = QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap");
    }
}

std::unique_ptr<Window> TestSteppingGui::openCapture()
{
    auto w = std::make_unique<Window>();
    if (!QTest::qWaitForWindowActive(&w->window))
        qWarning("the window did not become active: window shortcuts will not fire");
    QSignalSpy finished(&w->session, &Session::captureFinished);
    w->session.openFile(capture_);
    if (!finished.wait(10000))
        return nullptr;
    w->ladder()->refreshNow();
    return w;
}

void TestSteppingGui::fileOpensAtTheFirstStep()
{
    auto w = openCapture();
    QVERIFY(w);
    const int rows = w->ladder()->rowCount();
    QVERIFY2(rows >= 10, qPrintable(QString::number(rows)));
    QCOMPARE(w->stepper()->rowCount(), rows);
    // Step 1, revealed up to it; the student presses Right to go on.
    QCOMPARE(w->ladder()->currentRow(), 0);
    QCOMPARE(w->ladder()->revealedRows(), 1);
    QVERIFY(!w->stepper()->isPlaying());
    QCOMPARE(w->position(), QStringLiteral("Step 1 / %1").arg(rows));
    QVERIFY2(w->explanation().contains(QLatin1String("listen()")), qPrintable(w->explanation()));
    QVERIFY(w->explanation().contains(QLatin1String("passive open")));
    QTest::qWait(Stepper::kStepIntervalMs + 100);
    QCOMPARE(w->ladder()->currentRow(), 0);
}

void TestSteppingGui::presenterKeysOnTheWindowStep()
{
    auto w = openCapture();
    QVERIFY(w);
    const int rows = w->ladder()->rowCount();
    const int syn = w->rowOf(SYN);
    QVERIFY(syn > 0);
    for (int i = 0; i < syn; ++i)
        QTest::keyClick(&w->window, Qt::Key_Right);
    QCOMPARE(w->ladder()->currentRow(), syn);
    QCOMPARE(w->ladder()->revealedRows(), syn + 1);
    // The SYN's arrow flies, then lands.
    QVERIFY(w->ladder()->currentProgress() < 1);
    QTRY_COMPARE_WITH_TIMEOUT(w->ladder()->currentProgress(), 1.0, 2000);
    const Connection &c = w->session.timeline().connections().at(0);
    const QString text = w->explanation();
    QVERIFY2(text.contains(QLatin1String("SYN")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ISN) %1; relative numbers show it as 0").arg(c.clientIsn)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("MSS")), qPrintable(text));

    QTest::keyClick(&w->window, Qt::Key_Left);
    QCOMPARE(w->ladder()->currentRow(), syn - 1);
    QCOMPARE(w->ladder()->revealedRows(), syn);
    QCOMPARE(w->ladder()->currentProgress(), 1.0);

    QTest::keyClick(&w->window, Qt::Key_End);
    QCOMPARE(w->ladder()->currentRow(), rows - 1);
    QCOMPARE(w->ladder()->revealedRows(), rows);
    QCOMPARE(w->position(), QStringLiteral("Step %1 / %1").arg(rows));
    QTest::keyClick(&w->window, Qt::Key_Right); // nothing after the last
    QCOMPARE(w->ladder()->currentRow(), rows - 1);

    QTest::keyClick(&w->window, Qt::Key_Home);
    QCOMPARE(w->ladder()->currentRow(), 0);
    QCOMPARE(w->ladder()->revealedRows(), 1);

    // Space plays at the readable pace, Space again pauses.
    QTest::keyClick(&w->window, Qt::Key_Space);
    QVERIFY(w->stepper()->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(w->ladder()->currentRow() >= 2, 4 * Stepper::kStepIntervalMs);
    QTest::keyClick(&w->window, Qt::Key_Space);
    QVERIFY(!w->stepper()->isPlaying());
    const int paused = w->ladder()->currentRow();
    QTest::qWait(Stepper::kStepIntervalMs + 200);
    QCOMPARE(w->ladder()->currentRow(), paused);
    // A presenter remote's Page Down / Page Up.
    QTest::keyClick(&w->window, Qt::Key_PageDown);
    QCOMPARE(w->ladder()->currentRow(), paused + 1);
    QTest::keyClick(&w->window, Qt::Key_PageUp);
    QCOMPARE(w->ladder()->currentRow(), paused);
}

void TestSteppingGui::keysOnTheLadderStep()
{
    auto w = openCapture();
    QVERIFY(w);
    w->ladder()->setFocus();
    QTest::keyClick(w->ladder(), Qt::Key_Right);
    QTest::keyClick(w->ladder(), Qt::Key_Right);
    QCOMPARE(w->ladder()->currentRow(), 2);
    QTest::keyClick(w->ladder(), Qt::Key_Left);
    QCOMPARE(w->ladder()->currentRow(), 1);
    QTest::keyClick(w->ladder(), Qt::Key_End);
    QCOMPARE(w->ladder()->currentRow(), w->ladder()->rowCount() - 1);
    // The ladder's own keys still work: zoom.
    QTest::keyClick(w->ladder(), Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(w->ladder()->zoom() > 1.0);
}

void TestSteppingGui::typingInTheChatDoesNotStep()
{
    auto w = openCapture();
    QVERIFY(w);
    QTest::keyClick(&w->window, Qt::Key_Right);
    QCOMPARE(w->ladder()->currentRow(), 1);
    for (ChatPane *pane : {w->window.clientPane(), w->window.serverPane()}) {
        ChatInput *input = pane->inputEdit();
        input->setEnabled(true); // not connected: the box may be disabled; typing is what matters
        input->clear();
        input->setFocus();
        QTest::keyClicks(input, QStringLiteral("hello"));
        QTest::keyClick(input, Qt::Key_Left);
        QTest::keyClick(input, Qt::Key_Space);
        QTest::keyClick(input, Qt::Key_Home);
        QTest::keyClick(input, Qt::Key_Right);
        QTest::keyClick(input, Qt::Key_End);
        QCOMPARE(input->text(), QStringLiteral("hell o"));
        QCOMPARE(input->cursorPosition(), 6);
        QCOMPARE(w->ladder()->currentRow(), 1);
        QCOMPARE(w->ladder()->revealedRows(), 2);
        QVERIFY(!w->stepper()->isPlaying());
    }
    // Back on the ladder, the keys step again.
    w->ladder()->setFocus();
    QTest::keyClick(w->ladder(), Qt::Key_Right);
    QCOMPARE(w->ladder()->currentRow(), 2);
}

void TestSteppingGui::clickingARowMakesItCurrent()
{
    auto w = openCapture();
    QVERIFY(w);
    const int ack = w->rowOf(ACK); // the handshake's final ACK: the first pure ACK
    QVERIFY(ack > 0);
    QTest::keyClick(&w->window, Qt::Key_End);
    w->ladder()->scrollToRow(ack);
    const LadderGeometry &g = w->ladder()->ladderGeometry();
    const LadderRow &row = g.rows[size_t(ack)];
    const QPoint at(int((g.clientX + g.serverX) / 2) - w->ladder()->horizontalScrollBar()->value(),
                    int((row.top + row.bottom) / 2) - w->ladder()->verticalScrollBar()->value());
    QTest::mouseClick(w->ladder()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(w->ladder()->currentRow(), ack);
    QCOMPARE(w->ladder()->revealedRows(), ack + 1);
    QCOMPARE(w->ladder()->currentProgress(), 1.0);
    const QString text = w->explanation();
    QVERIFY2(text.contains(QLatin1String("three-way handshake")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("accept() returns after this ACK")), qPrintable(text));
    // Rows not revealed cannot be clicked.
    const LadderRow &hidden = g.rows[size_t(ack + 2)];
    QTest::mouseClick(w->ladder()->viewport(), Qt::LeftButton, {},
                      QPoint(at.x(), int((hidden.top + hidden.bottom) / 2) - w->ladder()->verticalScrollBar()->value()));
    QCOMPARE(w->ladder()->currentRow(), ack);
}

void TestSteppingGui::stepBarShowsAndDrives()
{
    auto w = openCapture();
    QVERIFY(w);
    StepBar *bar = w->window.stepBar();
    QVERIFY(!bar->backAction()->isEnabled());
    QVERIFY(!bar->firstAction()->isEnabled());
    QVERIFY(bar->forwardAction()->isEnabled());
    bar->forwardAction()->trigger();
    bar->forwardAction()->trigger();
    QCOMPARE(w->position(), QStringLiteral("Step 3 / %1").arg(w->ladder()->rowCount()));
    QVERIFY(bar->backAction()->isEnabled());
    bar->lastAction()->trigger();
    QVERIFY(!bar->forwardAction()->isEnabled());
    bar->firstAction()->trigger();
    QCOMPARE(w->ladder()->currentRow(), 0);

    // Speed: the combo sets the stepper's pace.
    QComboBox *speed = bar->speedBox();
    QCOMPARE(speed->currentData().toReal(), 1.0);
    const int fastest = speed->count() - 1;
    speed->setCurrentIndex(fastest);
    Q_EMIT speed->activated(fastest);
    QCOMPARE(w->stepper()->speed(), 4.0);
    bar->playAction()->trigger();
    QVERIFY(w->stepper()->isPlaying());
    QCOMPARE(bar->playAction()->text(), StepBar::tr("Pause"));
    // At 4x the whole ladder plays in a few seconds, then stops.
    QTRY_COMPARE_WITH_TIMEOUT(w->ladder()->currentRow(), w->ladder()->rowCount() - 1,
                              w->ladder()->rowCount() * Stepper::kStepIntervalMs / 4 + 2000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->stepper()->isPlaying(), 2000);
    QCOMPARE(bar->playAction()->text(), StepBar::tr("Play"));

    QTest::mouseClick(bar->waitForMeBox(), Qt::LeftButton);
    QVERIFY(w->stepper()->waitForMe());
}

void TestSteppingGui::explanationUsesTheStepsNumbers()
{
    auto w = openCapture();
    QVERIFY(w);
    const Connection &c = w->session.timeline().connections().at(0);
    auto explainRow = [&](int row) {
        w->stepper()->goTo(row);
        return w->explanation();
    };
    const int synAck = w->rowOf(SYN | ACK);
    QString text = explainRow(synAck);
    QVERIFY2(text.contains(QStringLiteral("ISN %1").arg(c.serverIsn)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ack = %1 + 1 = %2").arg(c.clientIsn).arg(c.clientIsn + 1)), qPrintable(text));
    // The server's state changed when the SYN arrived: answering does not move it again.
    QVERIFY2(text.contains(QLatin1String("has been in SYN_RCVD since the SYN arrived")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("from SYN_RCVD to SYN_RCVD")), qPrintable(text));

    const int data = w->rowOf(PSH | ACK, 5);
    QVERIFY(data > 0);
    text = explainRow(data);
    QVERIFY2(text.contains(QLatin1String("next seq = seq + len = 1 + 5 = 6")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("PSH")));
    const int dataAck = w->rowOf(ACK, 0, data);
    text = explainRow(dataAck);
    QVERIFY2(text.contains(QLatin1String("ack = seq + len = 1 + 5 = 6")), qPrintable(text));

    const int fin = w->rowOf(FIN | ACK);
    QVERIFY(fin > 0);
    text = explainRow(fin);
    QVERIFY2(text.contains(QLatin1String("half close")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("FIN_WAIT_1")));
    QVERIFY(text.contains(QLatin1String("CLOSE_WAIT")));
    const int secondFin = w->rowOf(FIN | ACK, 0, fin + 1);
    text = explainRow(secondFin);
    QVERIFY2(text.contains(QLatin1String("LAST_ACK")), qPrintable(text));
    text = explainRow(w->ladder()->rowCount() - 1);
    QVERIFY2(text.contains(QLatin1String("TIME_WAIT")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("2×MSL")));
    QVERIFY(text.contains(QLatin1String("LAST_ACK")));
}

void TestSteppingGui::liveTrafficIsFollowedOrWaitsForMe()
{
    Window w;
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    const quint16 port = hvtest::freePort();
    QString error;
    QVERIFY2(w.session.startServer(QStringLiteral("127.0.0.1"), port, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(w.session.isLiveCaptureReady() || !w.session.liveCapture().isRunning(), 10000);
    if (!w.session.isLiveCaptureReady())
        QSKIP("no live capture here (needs CAP_NET_RAW)");
    QVERIFY(w.stepper()->isLive());
    QVERIFY(w.stepper()->isPlaying()); // following

    w.session.connectClient(QStringLiteral("127.0.0.1"), port);
    QTRY_VERIFY_WITH_TIMEOUT(w.session.client().isConnected(), 5000);
    // The steps arrive faster than they are shown; following reveals them at the pace and
    // reaches the handshake's final ACK.
    QTRY_VERIFY_WITH_TIMEOUT(w.rowOf(ACK) > 0, 5000);
    const int ack = w.rowOf(ACK);
    QTRY_VERIFY_WITH_TIMEOUT(w.ladder()->currentRow() >= ack, 20 * Stepper::kStepIntervalMs);
    QTRY_COMPARE_WITH_TIMEOUT(w.ladder()->revealedRows(), w.ladder()->rowCount(), 20 * Stepper::kStepIntervalMs);

    // Wait for me: new steps queue up until Right.
    QTest::mouseClick(w.window.stepBar()->waitForMeBox(), Qt::LeftButton);
    QVERIFY(!w.stepper()->isPlaying());
    const int before = w.ladder()->currentRow();
    QVERIFY(w.session.clientSend(QStringLiteral("hello")));
    QTRY_VERIFY_WITH_TIMEOUT(w.rowOf(PSH | ACK, 5) > before, 5000);
    QTest::qWait(Stepper::kSettleMs + Stepper::kStepIntervalMs);
    QCOMPARE(w.ladder()->currentRow(), before);
    QVERIFY(w.stepper()->queuedRows() > 0);
    QVERIFY2(w.position().contains(QLatin1String("waiting")), qPrintable(w.position()));
    QTest::keyClick(&w.window, Qt::Key_Right);
    QCOMPARE(w.ladder()->currentRow(), before + 1);
}

// Predict, then see, with the keys and clicks a class uses: Ctrl+Shift+P turns it on, → stops
// before the SYN with its question, a wrong key is marked wrong and the step shown, a click on the
// right choice scores, a number typed in the box and Enter answers, ← leaves a question unasked.
void TestSteppingGui::predictThroughTheWindow()
{
    auto w = openCapture();
    QVERIFY(w);
    PredictPanel *panel = w->window.predictPanel();
    QVERIFY(!panel->isVisible());
    QTest::keyClick(&w->window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(w->window.stepBar()->predictAction()->isChecked());
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->scoreLabel()->text(), QStringLiteral("Score: 0 / 0"));

    const int syn = w->rowOf(SYN);
    QVERIFY(syn > 0);
    for (int i = 0; i < syn + 2 && !w->stepper()->isHeld(); ++i)
        QTest::keyClick(&w->window, Qt::Key_Right);
    QVERIFY(w->stepper()->isHeld());
    QCOMPARE(w->ladder()->revealedRows(), syn); // the SYN is not drawn yet
    QCOMPARE(panel->questionLabel()->text(),
             QStringLiteral("The next segment goes from the client to the server. Which flags does it carry?"));
    QTest::keyClick(&w->window, Qt::Key_Right); // the question waits for its answer
    QCOMPARE(w->ladder()->revealedRows(), syn);

    // A wrong answer by its number key.
    const PredictQuestion q = *w->window.quiz()->pending();
    const int wrong = (q.correct + 1) % int(q.choices.size());
    QTest::keyClick(&w->window, Qt::Key(Qt::Key_1 + wrong));
    QCOMPARE(w->ladder()->revealedRows(), syn + 1);
    QVERIFY2(panel->verdictLabel()->text().startsWith(QLatin1String("Not quite: the answer is SYN")),
             qPrintable(panel->verdictLabel()->text()));
    QVERIFY(panel->choiceButtons()[q.correct]->text().startsWith(QStringLiteral("✓ [%1]").arg(q.correct + 1)));
    QVERIFY(panel->choiceButtons()[wrong]->text().startsWith(QStringLiteral("✗")));
    QCOMPARE(panel->scoreLabel()->text(), QStringLiteral("Score: 0 / 1"));

    // The SYN+ACK: a click on the right choice.
    QTest::keyClick(&w->window, Qt::Key_Right);
    QVERIFY(w->stepper()->isHeld());
    const PredictQuestion ack = *w->window.quiz()->pending();
    QCOMPARE(ack.kind, PredictQuestion::Kind::Ack);
    QVERIFY(panel->answerBox()->isVisible());
    QTest::mouseClick(panel->choiceButtons()[ack.correct], Qt::LeftButton);
    QCOMPARE(panel->scoreLabel()->text(), QStringLiteral("Score: 1 / 2"));
    QVERIFY(panel->verdictLabel()->text().startsWith(QLatin1String("Right: 1.")));

    // On to the next question; ← leaves it unanswered, → asks it again.
    for (int i = 0; i < 4 && !w->stepper()->isHeld(); ++i)
        QTest::keyClick(&w->window, Qt::Key_Right);
    QVERIFY(w->stepper()->isHeld());
    const int revealed = w->ladder()->revealedRows();
    QTest::keyClick(&w->window, Qt::Key_Left);
    QVERIFY(!w->stepper()->isHeld());
    QCOMPARE(w->ladder()->revealedRows(), revealed);
    QCOMPARE(panel->scoreLabel()->text(), QStringLiteral("Score: 1 / 2"));

    // Typed: skip to the data's Seq question and type the number.
    for (int i = 0; i < 12; ++i) {
        QTest::keyClick(&w->window, Qt::Key_Right);
        if (!w->stepper()->isHeld())
            continue;
        const PredictQuestion next = *w->window.quiz()->pending();
        if (next.numeric())
            break;
        QTest::keyClick(&w->window, Qt::Key(Qt::Key_1 + next.correct));
    }
    QVERIFY(w->stepper()->isHeld());
    const PredictQuestion numeric = *w->window.quiz()->pending();
    QVERIFY(numeric.numeric());
    const int asked = w->window.quiz()->asked();
    panel->answerBox()->setFocus();
    QTest::keyClicks(panel->answerBox(), QString::number(numeric.answer()));
    QVERIFY(w->stepper()->isHeld()); // digits typed in the box are not answers by key
    QTest::keyClick(panel->answerBox(), Qt::Key_Return);
    QVERIFY(!w->stepper()->isHeld());
    QCOMPARE(w->window.quiz()->asked(), asked + 1);
    QVERIFY(w->window.quiz()->lastAnswer()->right);
    QVERIFY(panel->verdictLabel()->text().startsWith(QLatin1String("Right:")));

    // Off again: the panel goes, stepping is free.
    QTest::keyClick(&w->window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!panel->isVisible());
    const int now = w->ladder()->revealedRows();
    QTest::keyClick(&w->window, Qt::Key_Right);
    QCOMPARE(w->ladder()->revealedRows(), now + 1);
}

// File → Export worksheet… (Ctrl+Shift+E): the fields unticked stay filled in, the file named in
// the save dialog and its answer key are written, the status bar names both.
void TestSteppingGui::worksheetFromTheWindow()
{
    auto w = openCapture();
    QVERIFY(w);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sheet.png"));
    bool sawDialog = false, sawFiles = false;
    // The two dialogs are modal: answer them from the event loop they run.
    QTimer::singleShot(300, [&] {
        auto *dialog = qApp->activeModalWidget();
        if (!dialog || dialog->objectName() != QLatin1String("worksheetDialog"))
            return;
        sawDialog = true;
        const QList<QCheckBox *> boxes = dialog->findChildren<QCheckBox *>();
        for (QCheckBox *box : boxes)
            if (box->text() == QLatin1String("Ack"))
                box->setChecked(false); // Ack given; Seq and the states blank
        QTimer::singleShot(300, [&] {
            auto *files = qobject_cast<QFileDialog *>(qApp->activeModalWidget());
            if (!files)
                return;
            sawFiles = true;
            files->selectNameFilter(QStringLiteral("PNG image (*.png)"));
            files->selectFile(path);
            // Typed, as a user does (selectFile() alone leaves the suggested name in the box).
            if (auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
                name->setText(path);
            QMetaObject::invokeMethod(files, "accept"); // protected in QFileDialog: a slot all the same
        });
        static_cast<QDialog *>(dialog)->accept();
    });
    QTest::keyClick(&w->window, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(sawDialog);
    QVERIFY(sawFiles);
    QTRY_VERIFY2(QFile::exists(path), qPrintable(w->window.findChild<QLabel *>(QStringLiteral("statusText"))->text() + QStringLiteral(" / ") + QDir(dir.path()).entryList().join(QLatin1Char(','))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sheet-answers.png"))));
    QVERIFY2(w->window.findChild<QLabel *>(QStringLiteral("statusText"))->text().contains(QLatin1String("sheet-answers.png")),
             qPrintable(w->window.findChild<QLabel *>(QStringLiteral("statusText"))->text()));
    // The same ladder: the worksheet no taller than its key (its notes are left out).
    const QImage sheet(path), key(dir.filePath(QStringLiteral("sheet-answers.png")));
    QVERIFY(!sheet.isNull() && !key.isNull());
    QCOMPARE(sheet.width(), key.width());
    QVERIFY(sheet.height() <= key.height());
}

// File → Export slides… (Ctrl+Alt+E) at step 5, "up to the current step", one picture per step,
// 1280 × 720: step-1.png … step-5.png and the named file, each of that size.
void TestSteppingGui::slidesFromTheWindow()
{
    auto w = openCapture();
    QVERIFY(w);
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(&w->window, Qt::Key_Right);
    QCOMPARE(w->stepper()->currentRow(), 4);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("talk.png"));
    bool sawDialog = false, sawFiles = false;
    QTimer::singleShot(300, [&] {
        auto *dialog = qApp->activeModalWidget();
        if (!dialog || dialog->objectName() != QLatin1String("slidesDialog"))
            return;
        sawDialog = true;
        dialog->findChild<QComboBox *>(QStringLiteral("slidesSteps"))->setCurrentIndex(2);
        dialog->findChild<QComboBox *>(QStringLiteral("slidesSize"))->setCurrentIndex(1);
        dialog->findChild<QCheckBox *>(QStringLiteral("slidesSeries"))->setChecked(true);
        QTimer::singleShot(300, [&] {
            auto *files = qobject_cast<QFileDialog *>(qApp->activeModalWidget());
            if (!files)
                return;
            sawFiles = true;
            if (auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
                name->setText(path);
            QMetaObject::invokeMethod(files, "accept");
        });
        static_cast<QDialog *>(dialog)->accept();
    });
    QTest::keyClick(&w->window, Qt::Key_E, Qt::ControlModifier | Qt::AltModifier);
    QVERIFY(sawDialog);
    QVERIFY(sawFiles);
    QTRY_VERIFY(QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files, QDir::Name),
             (QStringList{"step-1.png", "step-2.png", "step-3.png", "step-4.png", "step-5.png", "talk.png"}));
    for (const QString &name : QDir(dir.path()).entryList(QDir::Files))
        QCOMPARE(QImage(dir.filePath(name)).size(), QSize(1280, 720));
    QVERIFY2(w->window.findChild<QLabel *>(QStringLiteral("statusText"))->text().contains(QLatin1String("6 files")),
             qPrintable(w->window.findChild<QLabel *>(QStringLiteral("statusText"))->text()));
}

QTEST_MAIN(TestSteppingGui)
#include "tst_stepping_gui.moc"
