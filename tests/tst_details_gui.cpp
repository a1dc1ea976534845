// The details panel in the real window on the offscreen platform: a capture made by the program
// itself, opened like a user would, the SYN+ACK arrow clicked with the mouse, fields checked, the
// MSS selected and its four bytes lit in the hex dump; then a live capture restarted on another
// port (frames numbered on from the first capture), and a frame that cannot be read.
#include "DetailsPanel.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QApplication>
#include <QDockWidget>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace hv;

class TestDetailsGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void clickSynAckOfAnOpenedFile();
    void restartedLiveCaptureFindsItsFrames();
    void unreadableFrameShowsTheReason();

private:
    QTemporaryDir dir_;
    QString capture_;
    quint16 capturePort_ = 0;
};

namespace {

int rowWithLabel(const LadderGeometry &g, const QString &label)
{
    for (size_t i = 0; i < g.rows.size(); ++i)
        if (!g.rows[i].isCall && g.rows[i].label.text == label)
            return int(i);
    return -1;
}

// The index into Timeline::segments() of the n-th segment (0-based) carrying `flags` exactly.
int segmentWithFlags(const Timeline &t, uint16_t flags, int nth = 0)
{
    for (size_t i = 0; i < t.segments().size(); ++i)
        if (t.segments()[i].flags == flags && nth-- == 0)
            return int(i);
    return -1;
}

QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &name)
{
    const QList<QTreeWidgetItem *> found = tree->findItems(name, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return found.isEmpty() ? nullptr : found.first();
}

// The lit hex digits of the dump, spaces removed. Each lit line has two spans: hex, then ASCII.
QString litHex(QPlainTextEdit *hex)
{
    const QList<QTextEdit::ExtraSelection> lit = hex->extraSelections();
    QString digits;
    for (qsizetype i = 0; i < lit.size(); i += 2)
        digits += lit[i].cursor.selectedText().remove(QLatin1Char(' '));
    return digits;
}

} // namespace

void TestDetailsGui::initTestCase()
{
    QVERIFY(dir_.isValid());
    capture_ = dir_.filePath(QStringLiteral("handshake.pcap"));
    capturePort_ = hvtest::freePort();
    const hvtest::Run r = hvtest::runViz({QStringLiteral("--demo"), QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:%1").arg(capturePort_), QStringLiteral("--export"),
                                          capture_});
    if (r.exitCode != 0 && r.err.contains("CAP_NET_RAW"))
        QSKIP("live capture on lo is not permitted here: the test capture cannot be made");
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
}

void TestDetailsGui::clickSynAckOfAnOpenedFile()
{
    Session session;
    MainWindow window(&session.timeline());
    window.resize(1400, 860); // the default size on a screen it fits (the offscreen one is 800×800)
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    QSignalSpy finished(&session, &Session::captureFinished);
    session.openFile(capture_);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);
    LadderView *ladder = window.ladderView();
    ladder->refreshNow();
    // Step controls may reveal one step at a time: show them all (End), so every arrow can be clicked.
    if (ladder->revealedRows() >= 0 && ladder->revealedRows() < ladder->rowCount()) {
        ladder->setFocus();
        QTest::keyClick(ladder, Qt::Key_End);
        QTRY_VERIFY(ladder->revealedRows() < 0 || ladder->revealedRows() >= ladder->rowCount());
    }
    QVERIFY(!window.detailsDock()->isVisible());

    // Click the middle of the SYN+ACK arrow.
    const int row = rowWithLabel(ladder->ladderGeometry(), QStringLiteral("SYN, ACK"));
    QVERIFY(row >= 0);
    ladder->scrollToRow(row);
    QTest::qWait(50);
    const LadderRow &r = ladder->ladderGeometry().rows[size_t(row)];
    const QPointF middle = (r.arrowFrom + r.arrowTo) / 2;
    const QPoint at = (middle - QPointF(ladder->horizontalScrollBar()->value(), ladder->verticalScrollBar()->value())).toPoint();
    QVERIFY2(ladder->viewport()->rect().contains(at), "the arrow is not on screen");
    QCOMPARE(ladder->rowAt(at), row);
    QTest::mouseClick(ladder->viewport(), Qt::LeftButton, {}, at);

    DetailsPanel *panel = window.detailsPanel();
    QTRY_VERIFY_WITH_TIMEOUT(window.detailsDock()->isVisible(), 2000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading() && panel->details().frame == 2, 5000);
    QVERIFY2(panel->errorText().isEmpty(), qPrintable(panel->errorText()));
    const QString headline = panel->headline();
    QVERIFY2(headline.startsWith(QStringLiteral("Frame 2 · 127.0.0.1:%1 → 127.0.0.1:").arg(capturePort_)), qPrintable(headline));
    QVERIFY2(headline.contains(QStringLiteral(" · SYN, ACK · Seq=0 Ack=1 (abs ")), qPrintable(headline));

    // The fields, in the tree widget the student sees.
    QTreeWidget *tree = panel->fieldView();
    auto value = [&](const QString &name) {
        QTreeWidgetItem *item = findItem(tree, name);
        return item ? item->text(1) : QStringLiteral("<missing %1>").arg(name);
    };
    QCOMPARE(value(QStringLiteral("SYN")), QStringLiteral("set (1)"));
    QCOMPARE(value(QStringLiteral("ACK")), QStringLiteral("set (1)"));
    for (const char *off : {"FIN", "RST", "PSH", "URG", "ECE", "CWR", "AE"})
        QCOMPARE(value(QString::fromLatin1(off)), QStringLiteral("not set (0)"));
    QCOMPARE(value(QStringLiteral("Acknowledgment number (relative)")), QStringLiteral("1"));
    QCOMPARE(value(QStringLiteral("Sequence number (relative)")), QStringLiteral("0"));
    QCOMPARE(value(QStringLiteral("Source port")), QString::number(capturePort_));
    QCOMPARE(value(QStringLiteral("Time to live")), QStringLiteral("64"));
    QCOMPARE(value(QStringLiteral("Maximum segment size (MSS)")), QStringLiteral("65495 bytes"));
    QVERIFY(findItem(tree, QStringLiteral("Maximum segment size (MSS)"))->text(2).contains(QStringLiteral("MSS 65495: on lo")));
    QVERIFY(findItem(tree, QStringLiteral("Window scale (WS)")));
    QVERIFY(findItem(tree, QStringLiteral("Timestamps (TS)")));

    // Click the MSS row: its 4 option bytes light up in the dump.
    QTreeWidgetItem *mss = findItem(tree, QStringLiteral("Maximum segment size (MSS)"));
    tree->scrollToItem(mss);
    QTest::qWait(20);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(mss).center());
    QCOMPARE(tree->currentItem(), mss);
    const Field *mssField = panel->details().tree.find(QStringLiteral("Maximum segment size (MSS)"));
    QVERIFY(mssField);
    QCOMPARE(panel->highlightedBytes(), std::make_pair(mssField->offset, 4));
    QCOMPARE(mssField->offset, 14 + 20 + 20); // Ethernet, IPv4, the fixed TCP header: MSS is the first option
    const QByteArray optionBytes = panel->details().stored.bytes.mid(mssField->offset, 4);
    QCOMPARE(optionBytes.toHex(), QByteArray("0204ffd7")); // kind 2, length 4, 65495
    QCOMPARE(litHex(panel->hexView()), QStringLiteral("0204ffd7"));

    // Click a byte in the dump: the field holding it is selected (byte 22 is the IPv4 TTL).
    QTest::mouseClick(panel->hexView()->viewport(), Qt::LeftButton, {}, panel->hexCellPosition(22));
    QVERIFY(tree->currentItem());
    QCOMPARE(tree->currentItem()->text(0), QStringLiteral("Time to live"));
    QCOMPARE(panel->highlightedBytes(), std::make_pair(22, 1));
    // The space between two bytes belongs to the left one (byte 21: IPv4 flags and fragment offset).
    const int charWidth = panel->hexView()->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    QTest::mouseClick(panel->hexView()->viewport(), Qt::LeftButton, {}, panel->hexCellPosition(22) - QPoint(charWidth, 0));
    QCOMPARE(tree->currentItem()->text(0), QStringLiteral("Flags, fragment offset"));
    QCOMPARE(panel->highlightedBytes(), std::make_pair(20, 2));

    // Another arrow replaces the details; Esc closes them.
    const int ackRow = rowWithLabel(ladder->ladderGeometry(), QStringLiteral("PSH, ACK - Len: 5"));
    QVERIFY(ackRow >= 0);
    Q_EMIT ladder->rowClicked(ackRow);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading() && panel->details().frame == 4, 5000);
    QVERIFY(findItem(tree, QStringLiteral("Payload")));
    QVERIFY(findItem(tree, QStringLiteral("Payload"))->text(2).contains(QStringLiteral("\"hello\"")));
    QVERIFY2(findItem(tree, QStringLiteral("Window (scaled)"))->text(1).contains(QStringLiteral("× 2^")),
             qPrintable(findItem(tree, QStringLiteral("Window (scaled)"))->text(1)));
    ladder->setFocus();
    QTest::keyClick(ladder, Qt::Key_Escape);
    QTRY_VERIFY(!window.detailsDock()->isVisible());

    // Opening another file forgets the details of this one.
    Q_EMIT ladder->rowClicked(row);
    QTRY_VERIFY_WITH_TIMEOUT(panel->details().frame == 2, 5000);
    session.openFile(capture_);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 10000);
    QVERIFY(!window.detailsDock()->isVisible() || panel->details().frame == 0);
}

void TestDetailsGui::restartedLiveCaptureFindsItsFrames()
{
    Session session;
    MainWindow window(&session.timeline());
    window.resize(1400, 860); // the default size on a screen it fits (the offscreen one is 800×800)
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Two live captures one after the other (the first stopped, the second started by the next
    // Start, its frames numbered on from the first's): each SYN+ACK must come from its own raw file.
    QList<quint16> ports;
    for (int round = 0; round < 2; ++round) {
        const quint16 port = hvtest::freePort();
        ports << port;
        QString error;
        session.stopServer();
        if (round > 0) {
            session.stopCapture();
            QTRY_VERIFY_WITH_TIMEOUT(!session.liveCapture().isRunning(), 5000);
        }
        QVERIFY2(session.startServer(QStringLiteral("127.0.0.1"), port, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(session.isLiveCaptureReady(), 10000);
        session.connectClient(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(segmentWithFlags(session.timeline(), TcpFlag::Syn | TcpFlag::Ack, round) >= 0, 5000);
        session.disconnectClient();
        QTRY_VERIFY_WITH_TIMEOUT(!session.client().isConnected(), 5000);
    }
    QVERIFY(session.timeline().connections().size() >= 2);

    DetailsPanel *panel = window.detailsPanel();
    for (int round = 0; round < 2; ++round) {
        const int index = segmentWithFlags(session.timeline(), TcpFlag::Syn | TcpFlag::Ack, round);
        const FrameRequest request = session.frameRequest(uint32_t(index));
        QVERIFY2(request.error.isEmpty(), qPrintable(request.error));
        if (round == 1)
            QVERIFY2(request.frameInFile < request.segment.frame,
                     qPrintable(QStringLiteral("frame %1 is %2 in its file").arg(request.segment.frame).arg(request.frameInFile)));
        window.showDetails(request);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading() && panel->details().frame == request.segment.frame, 5000);
        QVERIFY2(panel->errorText().isEmpty(), qPrintable(panel->errorText()));
        QVERIFY2(panel->headline().startsWith(QStringLiteral("Frame %1 · 127.0.0.1:%2 → ").arg(request.segment.frame).arg(ports[round])),
                 qPrintable(panel->headline()));
        QVERIFY(panel->headline().contains(QStringLiteral("SYN, ACK · Seq=0 Ack=1")));
    }
    session.stopServer();
}

void TestDetailsGui::unreadableFrameShowsTheReason()
{
    Session session;
    MainWindow window(&session.timeline());
    window.resize(1400, 860); // the default size on a screen it fits (the offscreen one is 800×800)
    wireWindow(session, window);
    window.show();
    QSignalSpy finished(&session, &Session::captureFinished);
    session.openFile(capture_);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);

    DetailsPanel *panel = window.detailsPanel();
    FrameRequest request = session.frameRequest(0);
    QVERIFY(request.store);
    request.frameInFile = 999; // as if the scratch file had lost its tail
    window.showDetails(request);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading() && panel->details().frame == request.segment.frame, 5000);
    QVERIFY(window.detailsDock()->isVisible());
    QVERIFY2(panel->errorText().startsWith(QStringLiteral("frame 999 is past the end of capture-1.pcap (")),
             qPrintable(panel->errorText()));
    QCOMPARE(panel->fieldView()->topLevelItemCount(), 0);
    QVERIFY(panel->hexView()->toPlainText().isEmpty());

    // A segment index the timeline does not have: said in the panel too.
    window.showDetails(session.frameRequest(100000));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading() && panel->errorText().contains(QStringLiteral("not in the timeline")), 5000);

    // And a good one afterwards still works.
    window.showDetails(session.frameRequest(1));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading() && panel->errorText().isEmpty() && panel->details().frame == 2, 5000);
    QVERIFY(panel->fieldView()->topLevelItemCount() >= 4);
}

QTEST_MAIN(TestDetailsGui)
#include "tst_details_gui.moc"
