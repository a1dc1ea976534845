#include "Stepper.h"

#include <algorithm>
#include <cmath>

namespace hv {

Stepper::Stepper(QObject *parent) : QObject(parent)
{
    stepTimer_.setSingleShot(true);
    connect(&stepTimer_, &QTimer::timeout, this, &Stepper::onStepTimer);
    frameTimer_.setInterval(kFrameMs);
    connect(&frameTimer_, &QTimer::timeout, this, &Stepper::onFrame);
}

TimelineStep Stepper::stepAt(int row) const
{
    if (!source_ || row < 0 || size_t(row) >= count_ || size_t(row) >= source_->size())
        return {};
    return (*source_)[size_t(row)];
}

std::optional<TimelineStep> Stepper::currentStep() const
{
    if (current_ < 0 || current_ >= rowCount())
        return std::nullopt;
    return currentValue_;
}

int Stepper::findStep(const TimelineStep &step) const
{
    // By identity: a logged call keeps its index however the ladder around it changes, and a
    // call drawn at another time (its segment arrived) is still the same call.
    if (!source_)
        return -1;
    const size_t n = std::min(count_, source_->size());
    const auto end = source_->begin() + ptrdiff_t(n);
    const auto it = std::find_if(source_->begin(), end, [&](const TimelineStep &s) { return s.sameAs(step); });
    return it == end ? -1 : int(it - source_->begin());
}

void Stepper::setSteps(uint32_t connectionId, const std::vector<TimelineStep> &steps, bool live)
{
    // Only grown: the same revision. Anything else is a new one.
    const bool grew = source_ == &own_ && steps.size() >= own_.size() && std::equal(own_.begin(), own_.end(), steps.begin());
    if (!grew || connectionId != connectionId_)
        ++ownRevision_;
    own_ = steps;
    setSteps(connectionId, &own_, own_.size(), ownRevision_, live);
}

void Stepper::setSteps(uint32_t connectionId, const std::vector<TimelineStep> *steps, size_t count, uint64_t revision,
                       bool live)
{
    if (!fresh_ && connectionId == connectionId_ && live == live_ && steps == source_ && count == count_
        && revision == revision_)
        return;
    const bool sameSource = !fresh_ && live == live_;
    const std::optional<TimelineStep> was = currentStep();
    const bool onlyGrew = !fresh_ && connectionId == connectionId_ && steps == source_ && revision == revision_
        && count >= count_;
    const int oldCount = rowCount();
    source_ = steps;
    count_ = count;
    revision_ = revision;
    connectionId_ = connectionId;
    live_ = live;
    fresh_ = false;
    if (rowCount() > oldCount) {
        newRowsFrom_ = oldCount;
        sinceGrowth_.restart();
    }

    // Rows that only grew, or changed after it, leave the current one where it was; otherwise
    // look for it again.
    const bool stillThere = was && current_ >= 0 && current_ < rowCount() && stepAt(current_).sameAs(*was);
    const int row = !was ? -1 : (onlyGrew || stillThere) ? current_ : findStep(*was);
    if (held_ >= 0 && findStep(heldStep_) < 0)
        dropHold(); // the held step is gone (another ladder)
    if (!sameSource || (was && row < 0)) {
        startOver();
    } else if (!was) {
        // Nothing shown yet: a file starts at its first step; live rows wait for the timer.
        if (!live_ && rowCount() > 0)
            moveTo(0, Flight::Animate);
    } else if (row != current_) {
        // The same step moved (rows inserted before it): keep showing it, in flight or not.
        current_ = row;
        currentValue_ = stepAt(row);
        Q_EMIT currentRowChanged(current_);
        Q_EMIT revealedRowsChanged(revealedRows());
    } else {
        currentValue_ = stepAt(row); // the same step, maybe drawn at another time now
    }
    if (rowCount() != oldCount)
        Q_EMIT rowCountChanged(rowCount());
    scheduleNext();
}

void Stepper::restart()
{
    dropHold();
    fresh_ = true;
    const bool had = count_ > 0;
    source_ = nullptr;
    count_ = 0;
    own_.clear();
    connectionId_ = 0;
    stepTimer_.stop();
    setPlaying(false);
    moveTo(-1, Flight::Arrived);
    if (had)
        Q_EMIT rowCountChanged(0);
}

void Stepper::startOver()
{
    dropHold();
    stepTimer_.stop();
    setPlaying(follows());
    moveTo(!live_ && rowCount() > 0 ? 0 : -1, Flight::Animate);
}

void Stepper::moveTo(int row, Flight flight)
{
    row = std::clamp(row, -1, rowCount() - 1);
    current_ = row;
    currentValue_ = stepAt(row);
    sinceStep_.restart();
    const bool flies = flight == Flight::Animate && row >= 0 && currentValue_.kind == TimelineStep::Kind::Segment;
    if (flies) {
        const int ms = qRound(kFlightMs / speed_);
        // While playing, the arrow lands before the next step starts.
        flightMs_ = playing_ ? std::min(ms, intervalMs(queuedRows()) * 4 / 5) : ms;
        flightClock_.restart();
        progress_ = 0;
        frameTimer_.start();
    } else {
        frameTimer_.stop();
        progress_ = 1;
    }
    // Always told, even for the same index: after startOver() it may be another ladder's row.
    Q_EMIT currentRowChanged(current_);
    Q_EMIT revealedRowsChanged(revealedRows());
    Q_EMIT progressChanged(progress_);
}

void Stepper::onFrame()
{
    progress_ = std::min<qreal>(1.0, qreal(flightClock_.elapsed()) / std::max(1, flightMs_));
    if (progress_ >= 1)
        frameTimer_.stop();
    Q_EMIT progressChanged(progress_);
}

int Stepper::intervalMs(int queued) const
{
    const qreal base = kStepIntervalMs / speed_;
    if (!follows() || queued <= kComfortBacklog)
        return qRound(base);
    const qreal ratio = qreal(kComfortBacklog) / queued;
    return std::max(kMinIntervalMs, qRound(base * ratio * ratio));
}

void Stepper::scheduleNext()
{
    if (!playing_ || held_ >= 0) { // a held row waits for its release
        stepTimer_.stop();
        return;
    }
    const int queued = queuedRows();
    if (queued <= 0) {
        stepTimer_.stop();
        // Following live traffic waits for more; anything else has played to the end.
        if (!follows())
            setPlaying(false);
        return;
    }
    const qint64 since = sinceStep_.isValid() ? sinceStep_.elapsed() : kStepIntervalMs * 10;
    qint64 due = std::max<qint64>(0, intervalMs(queued) - since);
    if (live_ && current_ + 1 >= newRowsFrom_ && sinceGrowth_.isValid())
        due = std::max<qint64>(due, kSettleMs - sinceGrowth_.elapsed());
    stepTimer_.start(int(due));
}

void Stepper::onStepTimer()
{
    const int queued = queuedRows();
    if (!playing_ || queued <= 0) {
        scheduleNext();
        return;
    }
    if (follows() && queued > kMaxBacklog)
        moveTo(rowCount() - kComfortBacklog - 1, Flight::Arrived); // far behind: skip ahead
    else
        advanceTo(current_ + 1, Flight::Animate);
    scheduleNext();
}

void Stepper::setPlaying(bool playing)
{
    if (playing_ == playing)
        return;
    playing_ = playing;
    Q_EMIT playingChanged(playing_);
}

void Stepper::first()
{
    if (rowCount() == 0)
        return;
    dropHold();
    setPlaying(false);
    moveTo(0, Flight::Animate);
    scheduleNext();
}

void Stepper::back()
{
    if (held_ >= 0) { // back from a question: the row it held stays hidden, nothing asked
        dropHold();
        setPlaying(false);
        return;
    }
    if (!canGoBack())
        return;
    setPlaying(false);
    moveTo(current_ - 1, Flight::Arrived);
    scheduleNext();
}

void Stepper::forward()
{
    if (!canGoForward() || held_ >= 0)
        return;
    advanceTo(current_ + 1, Flight::Animate);
    stepTimer_.stop(); // the pace counts from this step
    scheduleNext();
}

void Stepper::last()
{
    if (rowCount() == 0 || current_ == rowCount() - 1 || held_ >= 0)
        return;
    advanceTo(rowCount() - 1, Flight::Animate);
    stepTimer_.stop();
    scheduleNext();
}

void Stepper::play()
{
    if (playing_)
        return;
    // At the end of a file, play means "again, from the start".
    if (!live_ && rowCount() > 0 && !canGoForward())
        moveTo(0, Flight::Animate);
    setPlaying(true);
    scheduleNext();
}

void Stepper::pause()
{
    setPlaying(false);
    scheduleNext();
}

void Stepper::togglePlay()
{
    if (playing_)
        pause();
    else
        play();
}

void Stepper::goTo(int row)
{
    if (row < 0 || row >= rowCount() || row == current_)
        return;
    if (row < current_) {
        // Looking back at a step: hold still there, whatever arrives meanwhile.
        dropHold();
        setPlaying(false);
        moveTo(row, Flight::Arrived);
    } else if (held_ < 0) {
        advanceTo(row, Flight::Animate);
        stepTimer_.stop();
    }
    scheduleNext();
}

void Stepper::setGate(std::function<bool(int row)> gate)
{
    gate_ = std::move(gate);
    if (!gate_)
        release();
}

int Stepper::gatedBefore(int row) const
{
    if (!gate_)
        return -1;
    for (int r = current_ + 1; r <= row && r < rowCount(); ++r)
        if (gate_(r))
            return r;
    return -1;
}

bool Stepper::advanceTo(int row, Flight flight)
{
    const int gated = gatedBefore(row);
    if (gated < 0) {
        moveTo(row, flight);
        return true;
    }
    if (gated - 1 > current_)
        moveTo(gated - 1, flight);
    held_ = gated;
    heldStep_ = stepAt(gated);
    stepTimer_.stop();
    Q_EMIT heldChanged(gated);
    return false;
}

void Stepper::dropHold()
{
    if (held_ < 0)
        return;
    held_ = -1;
    Q_EMIT heldChanged(-1);
}

void Stepper::release()
{
    if (held_ < 0)
        return;
    const int row = findStep(heldStep_);
    held_ = -1;
    Q_EMIT heldChanged(-1);
    if (row > current_)
        moveTo(row, Flight::Animate);
    stepTimer_.stop();
    scheduleNext();
}

void Stepper::setSpeed(qreal speed)
{
    speed = std::clamp(speed, 0.25, 4.0);
    if (qFuzzyCompare(speed, speed_))
        return;
    speed_ = speed;
    Q_EMIT speedChanged(speed_);
    stepTimer_.stop();
    scheduleNext();
}

void Stepper::setWaitForMe(bool wait)
{
    if (waitForMe_ == wait)
        return;
    waitForMe_ = wait;
    Q_EMIT waitForMeChanged(waitForMe_);
    // Live: waiting stops the automatic pace at once; not waiting any more follows again.
    if (live_)
        setPlaying(!wait);
    stepTimer_.stop();
    scheduleNext();
}

} // namespace hv
