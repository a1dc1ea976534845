#pragma once
// Step-by-step presentation of one ladder, without widgets: which row is current, how many rows
// are drawn, whether it plays by itself, how fast, and how far the current arrow has flown.
// The view, the step bar and the explanation panel only show what it says.
//
// Rewind semantics: the rows drawn are always the current one and those before it; going back
// hides the later rows again, going forward reveals the next one with its arrow in flight.
// Live traffic is "followed" (played at a readable pace, faster when far behind) unless the user
// asked to be waited for; then new rows queue up until forward or play.
#include "Timeline.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>
#include <vector>

namespace hv {

class Stepper : public QObject {
    Q_OBJECT
public:
    static constexpr int kStepIntervalMs = 600; // one step per interval when playing at 1x
    static constexpr int kFlightMs = 400;       // the current arrow's flight at 1x
    static constexpr int kFrameMs = 16;         // animation ticks (~60 Hz)
    // Live rows can still be reordered for a few milliseconds after they arrive (a socket call is
    // logged before the capture thread delivers the segment that caused it): reveal them a little
    // later so the arrow that flies is the one that stays.
    static constexpr int kSettleMs = 150;
    // Following live traffic: up to this many rows behind (a whole handshake arrives at once), the
    // normal pace; further behind, the interval shrinks with the square of the backlog (not below
    // kMinIntervalMs), fast through the old rows, slowing down as it nears the newest; more than
    // kMaxBacklog behind, jump so that only kComfortBacklog remain to be played.
    static constexpr int kComfortBacklog = 10;
    static constexpr int kMaxBacklog = 40;
    static constexpr int kMinIntervalMs = 60;

    explicit Stepper(QObject *parent = nullptr);

    // The rows of the ladder on screen (one per step, in drawing order). Called on every layout:
    // a no-op when nothing changed. The current step is followed by identity, so rows inserted
    // before it (a late socket call) do not move what the user is looking at. A different ladder
    // (another connection without the current step, another source) starts over: a file at its
    // first step, paused; live traffic following (unless waitForMe).
    // `steps` is the timeline's own vector, read where it is (never copied: a ladder of a million
    // steps is laid out 60 times a second while live); the rows are its first `count`. `revision`
    // changes when they were reordered or replaced, not when they only grew (Timeline::stepsRevision()).
    void setSteps(uint32_t connectionId, const std::vector<TimelineStep> *steps, size_t count, uint64_t revision,
                  bool live);
    // The same with a copy of `steps` (all of them).
    void setSteps(uint32_t connectionId, const std::vector<TimelineStep> &steps, bool live);
    // Forget the rows: the next setSteps() starts over (a new capture file was opened).
    void restart();

    uint32_t connectionId() const { return connectionId_; }
    bool isLive() const { return live_; }
    int rowCount() const { return int(count_); }
    int currentRow() const { return current_; } // -1: nothing shown yet
    int revealedRows() const { return current_ + 1; }
    int queuedRows() const { return rowCount() - revealedRows(); } // rows not shown yet
    std::optional<TimelineStep> currentStep() const;

    bool isPlaying() const { return playing_; }
    qreal speed() const { return speed_; }
    bool waitForMe() const { return waitForMe_; }
    qreal progress() const { return progress_; } // the current arrow's flight, 0..1 (1: arrived)

    bool canGoBack() const { return current_ > 0; }
    bool canGoForward() const { return current_ + 1 < rowCount(); }

    // The pause between two steps while playing, in ms, for a given number of rows not shown yet.
    int intervalMs(int queued) const;

    // Step `row` as the stepper sees it now (an empty step outside the rows).
    TimelineStep stepAt(int row) const;

    // A gate before rows are revealed going forward (predict, then see): when it says true for a
    // row, forward, play, following live traffic, last() and goTo() stop before that row and the
    // stepper waits there (heldRow()) until release() reveals it, or the user goes back. Rows
    // before it that a jump passes are revealed as usual. Unset: nothing is held.
    void setGate(std::function<bool(int row)> gate);
    int heldRow() const { return held_ >= 0 ? findStep(heldStep_) : -1; } // -1: nothing waits
    bool isHeld() const { return held_ >= 0; }

public Q_SLOTS:
    void first();
    void back();
    void forward();
    void last();
    void play();
    void pause();
    void togglePlay();
    void goTo(int row); // e.g. a click on a row of the ladder; pauses when it goes back
    void setSpeed(qreal speed); // clamped to 0.25 .. 4
    void setWaitForMe(bool wait);
    // The row held by the gate is revealed (its arrow flies), and stepping goes on as before.
    void release();

Q_SIGNALS:
    // The gate holds row `row` (-1: nothing is held any more: revealed, or the user went back).
    void heldChanged(int row);
    void currentRowChanged(int row);
    void revealedRowsChanged(int count);
    void rowCountChanged(int count);
    void progressChanged(qreal progress);
    void playingChanged(bool playing);
    void speedChanged(qreal speed);
    void waitForMeChanged(bool wait);

private:
    enum class Flight { Animate, Arrived };
    void moveTo(int row, Flight flight);
    void setPlaying(bool playing);
    void startOver();
    void scheduleNext();
    void onStepTimer();
    void onFrame();
    int findStep(const TimelineStep &step) const;
    bool follows() const { return live_ && !waitForMe_; }
    // Going forward to `row`: the first row after the current one up to it that the gate holds,
    // or -1.
    int gatedBefore(int row) const;
    // Moves forward to `row` unless the gate holds a row on the way: then moves to the row
    // before it and holds that one. Returns false when it held.
    bool advanceTo(int row, Flight flight);
    void dropHold();

    const std::vector<TimelineStep> *source_ = nullptr; // the rows: its first count_
    size_t count_ = 0;
    uint64_t revision_ = 0;
    std::vector<TimelineStep> own_; // what the copying setSteps() copied
    uint64_t ownRevision_ = 0;
    TimelineStep currentValue_;     // the step of current_, as it was when it became current
    uint32_t connectionId_ = 0;
    bool live_ = false;
    bool fresh_ = true; // no rows seen since construction or restart()
    int current_ = -1;
    bool playing_ = false;
    qreal speed_ = 1.0;
    bool waitForMe_ = false;

    qreal progress_ = 1.0;
    int flightMs_ = kFlightMs;
    QElapsedTimer flightClock_;
    QTimer frameTimer_;
    QTimer stepTimer_;
    QElapsedTimer sinceStep_;   // time since the current row last changed
    QElapsedTimer sinceGrowth_; // time since rows last arrived
    int newRowsFrom_ = 0;       // the first of the rows that arrived last
    std::function<bool(int)> gate_;
    int held_ = -1;             // >= 0: a row waits for the gate (found again by heldStep_)
    TimelineStep heldStep_;
};

} // namespace hv
