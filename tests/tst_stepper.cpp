// The stepping model without widgets: bounds of first/back/forward/last, play on the timer,
// "wait for me" queueing live rows, following live traffic and catching up, the arrow's flight.
#include "Stepper.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace hv;

namespace {

constexpr int64_t T0 = 1764170000000000;

// n rows: segments, with a call every `callEvery` rows (0: none). Distinct times, so identities differ.
std::vector<TimelineStep> rows(int n, int callEvery = 0, int64_t t0 = T0)
{
    std::vector<TimelineStep> out;
    uint32_t segments = 0, calls = 0;
    for (int i = 0; i < n; ++i) {
        const bool call = callEvery > 0 && i % callEvery == 0;
        out.push_back({call ? TimelineStep::Kind::Call : TimelineStep::Kind::Segment, call ? calls++ : segments++,
                       t0 + i * 100});
    }
    return out;
}

} // namespace

class TestStepper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fileStartsAtTheFirstStepPaused();
    void firstBackForwardLastStayInBounds();
    void goToBackHidesLaterRows();
    void arrowFliesOnForwardOnly();
    void playAdvancesOnTheTimerAndStopsAtTheEnd();
    void playAtTheEndStartsAgain();
    void speedSetsTheInterval();
    void speedSetsTheInterval_data();
    void waitForMeQueuesLiveRows();
    void followLivePacesReadably();
    void followLiveCatchesUpWhenFarBehind();
    void backPausesFollowingAndNewRowsQueue();
    void rowsInsertedBeforeKeepTheCurrentStep();
    void anotherLadderStartsOver();
    void restartForgetsTheRows();
};

void TestStepper::fileStartsAtTheFirstStepPaused()
{
    Stepper s;
    QSignalSpy current(&s, &Stepper::currentRowChanged);
    QCOMPARE(s.currentRow(), -1);
    s.setSteps(1, rows(5), false);
    QCOMPARE(s.rowCount(), 5);
    QCOMPARE(s.currentRow(), 0);
    QCOMPARE(s.revealedRows(), 1);
    QCOMPARE(s.queuedRows(), 4);
    QVERIFY(!s.isPlaying());
    QVERIFY(!current.isEmpty());
    QCOMPARE(current.last().at(0).toInt(), 0);
    // More of the file arriving does not move on by itself.
    s.setSteps(1, rows(8), false);
    QTest::qWait(Stepper::kStepIntervalMs + 100);
    QCOMPARE(s.currentRow(), 0);
    QCOMPARE(s.rowCount(), 8);
    // An empty ladder first (the file's connection not laid out yet), then its rows.
    Stepper t;
    t.setSteps(0, {}, false);
    QCOMPARE(t.currentRow(), -1);
    t.setSteps(1, rows(3), false);
    QCOMPARE(t.currentRow(), 0);
}

void TestStepper::firstBackForwardLastStayInBounds()
{
    Stepper s;
    s.setSteps(1, rows(4), false);
    QVERIFY(!s.canGoBack());
    s.back();
    QCOMPARE(s.currentRow(), 0);
    s.first();
    QCOMPARE(s.currentRow(), 0);
    for (int i = 0; i < 10; ++i)
        s.forward();
    QCOMPARE(s.currentRow(), 3);
    QCOMPARE(s.revealedRows(), 4);
    QVERIFY(!s.canGoForward());
    QVERIFY(s.canGoBack());
    s.back();
    QCOMPARE(s.currentRow(), 2);
    QCOMPARE(s.revealedRows(), 3);
    s.first();
    QCOMPARE(s.currentRow(), 0);
    QCOMPARE(s.revealedRows(), 1);
    s.last();
    QCOMPARE(s.currentRow(), 3);
    s.last();
    QCOMPARE(s.currentRow(), 3);
    // Nothing to step through: nothing moves, nothing breaks.
    Stepper empty;
    empty.setSteps(0, {}, false);
    empty.first();
    empty.back();
    empty.forward();
    empty.last();
    empty.play();
    QCOMPARE(empty.currentRow(), -1);
    QVERIFY(!empty.isPlaying());
}

void TestStepper::goToBackHidesLaterRows()
{
    Stepper s;
    s.setSteps(1, rows(6), false);
    s.last();
    QSignalSpy revealed(&s, &Stepper::revealedRowsChanged);
    s.goTo(2);
    QCOMPARE(s.currentRow(), 2);
    QCOMPARE(s.revealedRows(), 3);
    QCOMPARE(revealed.last().at(0).toInt(), 3);
    s.goTo(99);
    s.goTo(-1);
    QCOMPARE(s.currentRow(), 2);
    s.goTo(4);
    QCOMPARE(s.currentRow(), 4);
    QCOMPARE(s.revealedRows(), 5);
}

void TestStepper::arrowFliesOnForwardOnly()
{
    Stepper s;
    s.setSteps(1, rows(6, 3), false); // rows 0 and 3 are calls
    QCOMPARE(s.progress(), 1.0);      // a call does not fly
    s.forward();                      // row 1, a segment
    QVERIFY(s.progress() < 0.5);
    QSignalSpy progress(&s, &Stepper::progressChanged);
    QTRY_COMPARE_WITH_TIMEOUT(s.progress(), 1.0, 3 * Stepper::kFlightMs);
    QVERIFY2(progress.size() >= 3, "the flight is animated in several frames");
    // Frames in between grow.
    qreal previous = -1;
    for (const QList<QVariant> &args : progress) {
        QVERIFY(args.at(0).toReal() >= previous);
        previous = args.at(0).toReal();
    }
    s.forward();
    QTRY_COMPARE_WITH_TIMEOUT(s.progress(), 1.0, 3 * Stepper::kFlightMs);
    s.back(); // looking back shows the arrow where it landed
    QCOMPARE(s.progress(), 1.0);
}

void TestStepper::playAdvancesOnTheTimerAndStopsAtTheEnd()
{
    Stepper s;
    s.setSpeed(4); // one step per 150 ms
    s.setSteps(1, rows(5), false);
    QSignalSpy playing(&s, &Stepper::playingChanged);
    QElapsedTimer clock;
    clock.start();
    s.play();
    QVERIFY(s.isPlaying());
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 4, 5000);
    // Four steps at the pace, not all at once.
    QVERIFY2(clock.elapsed() >= 3 * Stepper::kStepIntervalMs / 4, qPrintable(QString::number(clock.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(!s.isPlaying(), 2000);
    QCOMPARE(playing.size(), 2);
    QTest::qWait(300);
    QCOMPARE(s.currentRow(), 4);
}

void TestStepper::playAtTheEndStartsAgain()
{
    Stepper s;
    s.setSpeed(4);
    s.setSteps(1, rows(3), false);
    s.last();
    s.togglePlay();
    QCOMPARE(s.currentRow(), 0);
    QVERIFY(s.isPlaying());
    s.togglePlay();
    QVERIFY(!s.isPlaying());
    QTest::qWait(400);
    QCOMPARE(s.currentRow(), 0);
}

void TestStepper::speedSetsTheInterval_data()
{
    QTest::addColumn<qreal>("speed");
    QTest::addColumn<bool>("live");
    QTest::addColumn<int>("queued");
    QTest::addColumn<int>("interval");
    QTest::newRow("1x") << 1.0 << false << 1 << 600;
    QTest::newRow("0.25x") << 0.25 << false << 1 << 2400;
    QTest::newRow("4x") << 4.0 << false << 1 << 150;
    QTest::newRow("clamped above") << 10.0 << false << 1 << 150;
    QTest::newRow("file: no catching up") << 1.0 << false << 50 << 600;
    QTest::newRow("live, a handshake behind") << 1.0 << true << Stepper::kComfortBacklog << 600;
    QTest::newRow("live, twice that: 4 times as fast") << 1.0 << true << 2 * Stepper::kComfortBacklog << 150;
    QTest::newRow("live, far behind: floor") << 4.0 << true << Stepper::kMaxBacklog - 1 << Stepper::kMinIntervalMs;
}

void TestStepper::speedSetsTheInterval()
{
    QFETCH(qreal, speed);
    QFETCH(bool, live);
    QFETCH(int, queued);
    QFETCH(int, interval);
    Stepper s;
    s.setSteps(1, {}, live);
    s.setSpeed(speed);
    QCOMPARE(s.intervalMs(queued), interval);
}

void TestStepper::waitForMeQueuesLiveRows()
{
    Stepper s;
    s.setSpeed(4);
    s.setWaitForMe(true);
    s.setSteps(1, rows(3), true);
    QVERIFY(!s.isPlaying());
    QTest::qWait(Stepper::kSettleMs + 2 * Stepper::kStepIntervalMs / 4);
    QCOMPARE(s.currentRow(), -1); // nothing revealed by itself
    QCOMPARE(s.queuedRows(), 3);
    s.forward();
    QCOMPARE(s.currentRow(), 0);
    s.setSteps(1, rows(6), true);
    QTest::qWait(Stepper::kSettleMs + 2 * Stepper::kStepIntervalMs / 4);
    QCOMPARE(s.currentRow(), 0);
    QCOMPARE(s.queuedRows(), 5);
    // Play reveals what queued, then stops: it does not follow what comes after.
    s.togglePlay();
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 5, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!s.isPlaying(), 2000);
    s.setSteps(1, rows(7), true);
    QTest::qWait(Stepper::kSettleMs + Stepper::kStepIntervalMs / 2);
    QCOMPARE(s.currentRow(), 5);
    // Not waiting any more: it follows again.
    s.setWaitForMe(false);
    QVERIFY(s.isPlaying());
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 6, 2000);
    QVERIFY(s.isPlaying()); // still following, waiting for traffic
}

void TestStepper::followLivePacesReadably()
{
    Stepper s;
    QVERIFY(!s.waitForMe());
    s.setSteps(1, {}, true);
    QVERIFY(s.isPlaying()); // following, nothing yet
    QElapsedTimer clock;
    clock.start();
    s.setSteps(1, rows(2), true);
    QCOMPARE(s.currentRow(), -1); // settles first
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 0, 2000);
    const qint64 first = clock.elapsed();
    QVERIFY2(first >= Stepper::kSettleMs - 20, qPrintable(QString::number(first)));
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 1, 3000);
    const qint64 second = clock.elapsed();
    QVERIFY2(second - first >= Stepper::kStepIntervalMs - 50, qPrintable(QString::number(second - first)));
    QVERIFY(s.isPlaying());
    // A row arriving long after the last step shows shortly after it settles.
    QTest::qWait(Stepper::kStepIntervalMs);
    clock.restart();
    s.setSteps(1, rows(3), true);
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 2, 2000);
    QVERIFY2(clock.elapsed() < Stepper::kStepIntervalMs, qPrintable(QString::number(clock.elapsed())));
}

void TestStepper::followLiveCatchesUpWhenFarBehind()
{
    Stepper s;
    s.setSpeed(4); // the plain pace: one row per 150 ms
    const int plainMs = Stepper::kStepIntervalMs / 4;
    s.setSteps(1, {}, true);
    QElapsedTimer clock;
    clock.start();
    s.setSteps(1, rows(100), true);
    // Far behind it skips ahead, then plays the newest rows at the plain pace.
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 99, 5000);
    QVERIFY2(clock.elapsed() < 100 * plainMs / 2, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(clock.elapsed() >= (Stepper::kComfortBacklog - 1) * plainMs, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(s.isPlaying());
    // 25 behind: faster than the plain pace, and every row still shown.
    QSignalSpy current(&s, &Stepper::currentRowChanged);
    clock.restart();
    s.setSteps(1, rows(125), true);
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 124, 6000);
    QVERIFY2(clock.elapsed() < 25 * plainMs * 4 / 5, qPrintable(QString::number(clock.elapsed())));
    QList<int> seen;
    for (const QList<QVariant> &args : current)
        seen << args.at(0).toInt();
    for (int row = 100; row < 125; ++row)
        QVERIFY2(seen.contains(row), qPrintable(QString::number(row)));
}

void TestStepper::backPausesFollowingAndNewRowsQueue()
{
    Stepper s;
    s.setSpeed(4);
    s.setSteps(1, {}, true);
    s.setSteps(1, rows(3), true);
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 2, 3000);
    s.back();
    QVERIFY(!s.isPlaying());
    s.setSteps(1, rows(5), true);
    QTest::qWait(Stepper::kSettleMs + Stepper::kStepIntervalMs / 2);
    QCOMPARE(s.currentRow(), 1);
    QCOMPARE(s.queuedRows(), 3);
    s.play(); // catches up again, then keeps following
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 4, 3000);
    QVERIFY(s.isPlaying());
}

void TestStepper::rowsInsertedBeforeKeepTheCurrentStep()
{
    Stepper s;
    s.setWaitForMe(true);
    std::vector<TimelineStep> r = rows(3);
    s.setSteps(1, r, true);
    s.forward();
    s.forward();
    QCOMPARE(s.currentRow(), 1);
    const TimelineStep shown = *s.currentStep();
    // A socket call logged earlier lands before it: the same step stays current, one row lower.
    r.insert(r.begin() + 1, TimelineStep{TimelineStep::Kind::Call, 0, T0 + 50});
    s.setSteps(1, r, true);
    QCOMPARE(s.currentRow(), 2);
    QVERIFY(*s.currentStep() == shown);
    // A call drawn at another time (the segment that made it true arrived) is the same call.
    s.forward();
    s.back();
    s.back();
    QCOMPARE(s.currentRow(), 1);
    r[1].timeUs -= 40;
    s.setSteps(1, r, true);
    QCOMPARE(s.currentRow(), 1);
    // The live ladder moving from "calls before any connection" to connection 1 keeps its place.
    s.setSteps(2, r, true);
    QCOMPARE(s.currentRow(), 1);
}

void TestStepper::anotherLadderStartsOver()
{
    Stepper s;
    s.setSteps(1, rows(5), false);
    s.last();
    QSignalSpy current(&s, &Stepper::currentRowChanged);
    s.setSteps(2, rows(4, 0, T0 + 1000000), false);
    QCOMPARE(s.currentRow(), 0);
    QCOMPARE(s.connectionId(), 2u);
    QVERIFY(!current.isEmpty());
    // From a file to live traffic: follow it from the start.
    s.setSteps(1, rows(2), true);
    QVERIFY(s.isPlaying());
    QCOMPARE(s.currentRow(), -1);
    QTRY_COMPARE_WITH_TIMEOUT(s.currentRow(), 0, 2000);
}

void TestStepper::restartForgetsTheRows()
{
    Stepper s;
    s.setSteps(1, rows(5), false);
    s.last();
    s.restart();
    QCOMPARE(s.currentRow(), -1);
    QCOMPARE(s.rowCount(), 0);
    // The same file opened again: from its first step.
    s.setSteps(1, rows(5), false);
    QCOMPARE(s.currentRow(), 0);
}

QTEST_GUILESS_MAIN(TestStepper)
#include "tst_stepper.moc"
