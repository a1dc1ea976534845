// The real window on the offscreen platform with a capture file of several connections: the list
// above the ladder names them all, picking one shows its ladder, "All" stacks every ladder, and an
// export from the window writes what is on screen.
#include "ConnectionList.h"
#include "ExportFile.h"
#include "ExportProgress.h"
#include "Exporter.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "TestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QLineEdit>
#include <QTest>
#include <QTimer>

using namespace hv;

class TestConnectionList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsEveryConnection();
    void pickOneShowsItsLadder();
    void allStacksEveryLadder();
    void followTheLatestAgain();
    void inferredCallsAreDrawnAsInferred();
    void exportWritesWhatIsShown_data();
    void exportWritesWhatIsShown();
    void anotherFileStartsOver();
    void allIsCappedForBigCaptures();
    void exportProgressShowsAndCancels();
    void exportHoldsTheTimeline();
    void findByClassPortAndId();

private:
    QString generate(const QString &name, int connections);
    bool open(const QString &path);
    // Picks the entry as a user would: the combo box's current row, then its activated() signal.
    void pick(uint32_t id);
    QStringList clientPorts() const;

    QTemporaryDir dir_;
    QString fivePath_;
    std::unique_ptr<Session> session_;
    std::unique_ptr<MainWindow> window_;
};

QString TestConnectionList::generate(const QString &name, int connections)
{
    const QString out = dir_.filePath(name);
    const hvtest::Run r = hvtest::run(QStringLiteral("python3"),
                                      {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), out, QStringLiteral("--conns"),
                                       QString::number(connections)});
    return r.exitCode == 0 ? out : QString();
}

void TestConnectionList::initTestCase()
{
    QVERIFY(dir_.isValid());
    fivePath_ = generate(QStringLiteral("five.pcap"), 5);
    QVERIFY2(!fivePath_.isEmpty(), "gen_tcp_pcap.py failed");
}

void TestConnectionList::init()
{
    session_ = std::make_unique<Session>();
    window_ = std::make_unique<MainWindow>(&session_->timeline());
    wireWindow(*session_, *window_);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(open(fivePath_));
}

void TestConnectionList::cleanup()
{
    window_.reset();
    session_.reset();
}

bool TestConnectionList::open(const QString &path)
{
    QSignalSpy finished(session_.get(), &Session::captureFinished);
    session_->openFile(path);
    if (!finished.wait(20000))
        return false;
    QCoreApplication::processEvents(); // the last batch is queued before `finished`
    window_->connectionList()->refreshNow();
    window_->ladderView()->refreshNow();
    return true;
}

void TestConnectionList::pick(uint32_t id)
{
    ConnectionList *list = window_->connectionList();
    const int row = list->rowOf(id);
    QVERIFY(row >= 0);
    list->comboBox()->setCurrentIndex(row);
    Q_EMIT list->comboBox()->activated(row);
    window_->ladderView()->refreshNow();
}

QStringList TestConnectionList::clientPorts() const
{
    QStringList ports;
    for (const Connection &c : session_->timeline().connections())
        ports << QString::number(c.client.port);
    return ports;
}

void TestConnectionList::listsEveryConnection()
{
    ConnectionList *list = window_->connectionList();
    QComboBox *combo = list->comboBox();
    QCOMPARE(list->connectionCount(), 5);
    QCOMPARE(combo->count(), ConnectionList::FirstConnectionRow + 5);
    QCOMPARE(list->idAt(ConnectionList::AllRow), int64_t(LadderView::AllConnections));
    QVERIFY2(combo->itemText(ConnectionList::AllRow).startsWith(QLatin1String("All connections")),
             qPrintable(combo->itemText(ConnectionList::AllRow)));
    // The default stays "follow the latest", and says which one that is.
    QCOMPARE(combo->currentIndex(), int(ConnectionList::FollowRow));
    QCOMPARE(combo->itemText(ConnectionList::FollowRow), QStringLiteral("Follow the latest (#5)"));
    QCOMPARE(window_->ladderView()->shownConnection(), 5u);

    const QStringList ports = clientPorts();
    QCOMPARE(ports.size(), 5);
    for (int i = 0; i < 5; ++i) {
        const QString text = combo->itemText(ConnectionList::FirstConnectionRow + i);
        const QString expected = QStringLiteral("#%1 127.0.0.1:%2 → :8000 · complete · 11 segments").arg(i + 1).arg(ports[i]);
        QCOMPARE(text, expected);
        // Colour-coded by handshake class, explained in the tooltip.
        QVERIFY(!combo->itemIcon(ConnectionList::FirstConnectionRow + i).isNull());
        QVERIFY(!combo->itemData(ConnectionList::FirstConnectionRow + i, Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestConnectionList::pickOneShowsItsLadder()
{
    QSignalSpy shown(window_->ladderView(), &LadderView::shownConnectionChanged);
    pick(3);
    LadderView *ladder = window_->ladderView();
    QCOMPARE(ladder->requestedConnection(), 3u);
    QCOMPARE(ladder->shownConnection(), 3u);
    QVERIFY(!ladder->showsAll());
    QCOMPARE(shown.count(), 1);
    const LadderGeometry &g = ladder->ladderGeometry();
    QCOMPARE(g.client.endpoint, QStringLiteral("127.0.0.1:%1").arg(clientPorts()[2]));
    QCOMPARE(g.server.endpoint, QStringLiteral("127.0.0.1:8000"));
    QVERIFY(g.title.text.startsWith(QLatin1String("Connection 3 ")));
    QVERIFY(ladder->rowCount() > 11); // 11 segments and the inferred calls
}

void TestConnectionList::allStacksEveryLadder()
{
    pick(LadderView::AllConnections);
    LadderView *ladder = window_->ladderView();
    QVERIFY(ladder->showsAll());
    QCOMPARE(ladder->shownConnection(), LadderView::AllConnections);
    const LadderStack &stack = ladder->ladderStack();
    QCOMPARE(stack.ladders.size(), size_t(5));
    const QStringList ports = clientPorts();
    for (size_t i = 0; i < 5; ++i) {
        const LadderGeometry &g = stack.ladders[i];
        QCOMPARE(g.connectionId, uint32_t(i + 1));
        QCOMPARE(g.client.endpoint, QStringLiteral("127.0.0.1:%1").arg(ports[int(i)]));
        if (i > 0)
            QVERIFY(stack.offsets[i] >= stack.offsets[i - 1] + stack.ladders[i - 1].contentSize.height());
    }
    // The view scrolls over the whole stack; no single ladder's rows are stepped through, and the
    // step bar says what to do instead.
    QCOMPARE(ladder->rowCount(), 0);
    auto *position = window_->findChild<QLabel *>(QStringLiteral("stepPosition"));
    QVERIFY(position);
    QTRY_VERIFY2(position->text().contains(QLatin1String("Pick one connection")), qPrintable(position->text()));
    QVERIFY(stack.contentSize.height() > 5.0 * stack.ladders[0].contentSize.height() * 0.9);
    // What the window paints: every ladder's header has its client's port (the second ladder's,
    // scrolled to).
    ladder->resize(900, 700);
    ladder->refreshNow();
    QImage frame = ladder->viewport()->grab().toImage();
    QVERIFY(!frame.isNull());
    QCOMPARE(stack.ladderAt(stack.offsets[1] + 1), size_t(1));
    QCOMPARE(stack.ladderAt(-5), size_t(0));
    QCOMPARE(stack.ladderAt(stack.contentSize.height() + 1000), stack.ladders.size());

    // Back to one connection.
    pick(2);
    QVERIFY(!ladder->showsAll());
    QVERIFY(ladder->ladderStack().ladders.empty());
    QCOMPARE(ladder->ladderGeometry().client.endpoint, QStringLiteral("127.0.0.1:%1").arg(ports[1]));
}

void TestConnectionList::followTheLatestAgain()
{
    pick(2);
    QCOMPARE(window_->ladderView()->shownConnection(), 2u);
    pick(0);
    QCOMPARE(window_->ladderView()->requestedConnection(), 0u);
    QCOMPARE(window_->ladderView()->shownConnection(), session_->timeline().defaultConnectionId());

    // Asked of the ladder directly, the list follows.
    window_->ladderView()->setConnection(4);
    QCOMPARE(window_->connectionList()->current(), 4u);
    QCOMPARE(window_->connectionList()->comboBox()->currentIndex(), window_->connectionList()->rowOf(4));
}

void TestConnectionList::inferredCallsAreDrawnAsInferred()
{
    pick(1);
    const LadderGeometry &g = window_->ladderView()->ladderGeometry();
    QStringList calls;
    for (const LadderRow &row : g.rows) {
        if (!row.isCall)
            continue;
        QVERIFY(row.call.inferred);
        calls << row.call.text.text;
    }
    QCOMPARE(calls, (QStringList{"listen()", "connect()", "connect() returns", "accept() returns", "close()", "close()"}));
    QVERIFY(std::any_of(g.legend.begin(), g.legend.end(), [](const LadderLegendItem &item) {
        return item.mark == LadderLegendItem::Mark::InferredCall && item.text.text.contains(QLatin1String("inferred"));
    }));
}

void TestConnectionList::exportWritesWhatIsShown_data()
{
    QTest::addColumn<uint>("shown");
    QTest::addColumn<bool>("relative");
    QTest::newRow("#3, relative") << 3u << true;
    QTest::newRow("#4, absolute") << 4u << false;
    QTest::newRow("all") << uint(LadderView::AllConnections) << true;
}

void TestConnectionList::exportWritesWhatIsShown()
{
    QFETCH(uint, shown);
    QFETCH(bool, relative);
    pick(shown);
    window_->ladderView()->setRelativeNumbers(relative);
    const bool all = shown == LadderView::AllConnections;

    const QString txt = dir_.filePath(QStringLiteral("shown.txt"));
    const QString png = dir_.filePath(QStringLiteral("shown.png"));
    Q_EMIT window_->exportRequested(txt);
    Q_EMIT window_->exportRequested(png);

    QFile f(txt);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains(relative ? QLatin1String("# numbers: relative") : QLatin1String("# numbers: absolute")));
    for (uint id = 1; id <= 5; ++id) {
        const bool expected = all || id == shown;
        QCOMPARE(text.contains(QStringLiteral("# connection %1:").arg(id)), expected);
    }

    // The picture is the one an export of that connection alone draws.
    ExportOptions reference;
    reference.connection = all ? 0 : shown;
    reference.relativeNumbers = relative;
    const QString referencePng = dir_.filePath(QStringLiteral("reference.png"));
    QString error;
    QVERIFY2(exportTimeline(session_->timeline(), referencePng, &error, reference), qPrintable(error));
    const QImage got(png), want(referencePng);
    QVERIFY(!got.isNull());
    QCOMPARE(got.size(), want.size());
    QVERIFY(got == want);
    if (!all) {
        ExportOptions everything = reference;
        everything.connection = 0;
        QVERIFY(exportTimeline(session_->timeline(), referencePng, &error, everything));
        QVERIFY(QImage(referencePng).height() > got.height() * 3);
    }
}

void TestConnectionList::anotherFileStartsOver()
{
    pick(4);
    QCOMPARE(window_->ladderView()->shownConnection(), 4u);
    const QString two = generate(QStringLiteral("two.pcap"), 2);
    QVERIFY(!two.isEmpty());
    QVERIFY(open(two));
    ConnectionList *list = window_->connectionList();
    QCOMPARE(list->connectionCount(), 2);
    // #4 of the old file means nothing now: back to following the latest.
    QCOMPARE(list->comboBox()->currentIndex(), int(ConnectionList::FollowRow));
    QCOMPARE(window_->ladderView()->requestedConnection(), 0u);
    QCOMPARE(window_->ladderView()->shownConnection(), 2u);
}

void TestConnectionList::allIsCappedForBigCaptures()
{
    const size_t more = 3;
    const QString many = generate(QStringLiteral("many.pcap"), int(LadderView::kMaxStackedLadders + more));
    QVERIFY(!many.isEmpty());
    QVERIFY(open(many));
    QCOMPARE(size_t(window_->connectionList()->connectionCount()), LadderView::kMaxStackedLadders + more);
    pick(LadderView::AllConnections);
    const LadderStack &stack = window_->ladderView()->ladderStack();
    QCOMPARE(stack.ladders.size(), LadderView::kMaxStackedLadders);
    QCOMPARE(stack.omittedLadders, more);
    QCOMPARE(stack.omittedSteps, more * (11 + 6)); // 11 segments and 6 inferred calls each
    QVERIFY2(stack.omittedText.text.startsWith(QStringLiteral("%1 more connections").arg(more)),
             qPrintable(stack.omittedText.text));
    QVERIFY(stack.omittedText.rect.top() > stack.offsets.back() + stack.ladders.back().contentSize.height());
    QVERIFY(stack.contentSize.height() >= stack.omittedText.rect.bottom());
    // The last connection is still one pick away.
    pick(uint32_t(LadderView::kMaxStackedLadders + more));
    QCOMPARE(window_->ladderView()->shownConnection(), uint32_t(LadderView::kMaxStackedLadders + more));
}

// A long export's dialog: an export that will be done within half a second shows none; a longer
// one shows it over the window (as soon as QProgressDialog predicts it will take longer), and its
// Cancel button stops the export at the next chunk.
void TestConnectionList::exportProgressShowsAndCancels()
{
    {
        ExportProgress quick(window_.get(), QStringLiteral("short.json"));
        const auto report = quick.callback();
        for (uint64_t done = 0; done <= 100; done += 5) {
            QVERIFY(report(done, 100));
            QTest::qSleep(5);
        }
        QVERIFY(!quick.dialog()->isVisible());
    }

    ExportProgress progress(window_.get(), QStringLiteral("long.json"));
    const auto report = progress.callback();
    QElapsedTimer clock;
    clock.start();
    uint64_t done = 0;
    const uint64_t total = 1000000;
    while (!progress.dialog()->isVisible() && clock.elapsed() < 5000) {
        QVERIFY(report(done += 1000, total));
        QTest::qSleep(10);
    }
    QVERIFY(progress.dialog()->isVisible());
    QCOMPARE(progress.dialog()->windowModality(), Qt::WindowModal);
    QVERIFY(progress.dialog()->labelText().contains(QLatin1String("long.json")));
    QVERIFY(progress.dialog()->value() > 0);
    QVERIFY(!progress.wasCancelled());

    // The click comes through the event loop the dialog runs while the export goes on.
    QPushButton *cancel = progress.dialog()->findChild<QPushButton *>();
    QVERIFY(cancel);
    QTimer::singleShot(0, cancel, [cancel] { cancel->click(); });
    bool stopped = false;
    for (int i = 0; i < 500 && !stopped; ++i) {
        stopped = !report(done += 1000, total);
        QTest::qSleep(10);
    }
    QVERIFY(stopped);
    QVERIFY(progress.wasCancelled());
}

// While an export runs (and its dialog runs the event loop), what comes for the timeline waits;
// it is applied once the file is written. From the window, the export says it is done.
void TestConnectionList::exportHoldsTheTimeline()
{
    const QString many = generate(QStringLiteral("thousand.pcap"), 1500);
    QVERIFY(!many.isEmpty());
    QVERIFY(open(many));
    Timeline &t = session_->timeline();
    const size_t errors = t.errors().size();
    const size_t segments = t.segmentCount();
    int reports = 0;
    bool heldMeanwhile = true;
    ExportOptions options;
    options.progress = [&](uint64_t, uint64_t) {
        if (reports++ == 0)
            t.appendError({1, QStringLiteral("read"), QStringLiteral("came during the export")});
        heldMeanwhile = heldMeanwhile && t.isHeld() && t.errors().size() == errors;
        return true;
    };
    const QString json = dir_.filePath(QStringLiteral("held.json"));
    QString error;
    QVERIFY2(session_->exportTo(json, &error, options), qPrintable(error));
    QVERIFY(reports >= 2);
    QVERIFY(heldMeanwhile);
    QVERIFY(!t.isHeld());
    QCOMPARE(t.errors().size(), errors + 1);
    QCOMPARE(t.segmentCount(), segments);
    const QJsonObject doc = hvtest::readJson(json);
    QCOMPARE(doc.value(QLatin1String("errors")).toArray().size(), qsizetype(errors));
    QCOMPARE(doc.value(QLatin1String("connections")).toArray().size(), 1500);

    const QString txt = dir_.filePath(QStringLiteral("window.txt"));
    pick(LadderView::AllConnections);
    Q_EMIT window_->exportRequested(txt);
    QVERIFY(QFileInfo(txt).size() > ExportFile::kChunk);
    QStringList status;
    for (const QLabel *label : window_->statusBar()->findChildren<QLabel *>())
        status << label->text();
    QVERIFY2(status.contains(QStringLiteral("Exported window.txt")), qPrintable(status.join(u'|')));
}

// The search box: typed words narrow the list (a class, a port, #id, an address), the count says
// how many of how many, a pick from the narrowed list shows that ladder, clearing lists all again.
void TestConnectionList::findByClassPortAndId()
{
    const QString path = dir_.filePath(QStringLiteral("mixed.pcap"));
    const hvtest::Run r = hvtest::run(QStringLiteral("python3"), {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), path, QStringLiteral("--conns"),
                                                                  QStringLiteral("120"), QStringLiteral("--rst-frac"), QStringLiteral("0.25"),
                                                                  QStringLiteral("--seed"), QStringLiteral("4")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(open(path));
    ConnectionList *list = window_->connectionList();
    const Timeline &t = session_->timeline();
    QCOMPARE(list->connectionCount(), 120);
    int resets = 0;
    for (const Connection &c : t.connections()) {
        const std::vector<uint32_t> &segs = t.segmentIndices(c.id);
        resets += !segs.empty() && (t.segment(segs.back()).flags & TcpFlag::Rst);
    }
    QVERIFY(resets > 10 && resets < 60);
    auto *count = list->findChild<QLabel *>(QStringLiteral("connectionFilterCount"));
    QVERIFY(count && !count->isVisible());

    QTest::keyClicks(list->filterBox(), QStringLiteral("reset"));
    QCOMPARE(list->connectionCount(), resets);
    QVERIFY(count->isVisible());
    QCOMPARE(count->text(), QStringLiteral("%1 of 120").arg(resets));
    for (int row = ConnectionList::FirstConnectionRow; row < list->comboBox()->count(); ++row) {
        const Connection *c = t.connection(uint32_t(list->idAt(row)));
        QVERIFY(c && (t.segment(t.segmentIndices(c->id).back()).flags & TcpFlag::Rst));
    }
    // One connection by its id, or by its client's port: picked, its ladder shown.
    list->filterBox()->clear();
    QCOMPARE(list->connectionCount(), 120);
    QTest::keyClicks(list->filterBox(), QStringLiteral("#42"));
    QCOMPARE(list->connectionCount(), 1);
    pick(42);
    QCOMPARE(window_->ladderView()->shownConnection(), 42u);
    const QString port = QString::number(t.connection(17)->client.port);
    list->setFilterText(port);
    QVERIFY(list->rowOf(17) >= 0);
    QVERIFY(list->connectionCount() >= 1);
    // A word that means nothing lists nothing (and the ladder stays as it was); Chinese words work.
    list->setFilterText(QStringLiteral("nonsense"));
    QCOMPARE(list->connectionCount(), 0);
    QCOMPARE(window_->ladderView()->shownConnection(), 42u);
    list->setFilterText(QStringLiteral("重置"));
    QCOMPARE(list->connectionCount(), resets);
    list->setFilterText(QString());
    QCOMPARE(list->connectionCount(), 120);
    QVERIFY(!count->isVisible());
}

QTEST_MAIN(TestConnectionList)
#include "tst_connection_list.moc"
