#pragma once
// The ladder of one connection on screen. Reads the Timeline, lays it out with layoutLadder()
// and paints with LadderPainter; repaints at most ~60 times a second however fast the timeline
// changes, and follows new steps while the user is at the bottom.
#include "CallText.h"
#include "LadderLayout.h"
#include "LadderPainter.h"

#include <QAbstractScrollArea>
#include <QTimer>

namespace hv {

class LadderView : public QAbstractScrollArea {
    Q_OBJECT
public:
    static constexpr int kMinRepaintIntervalMs = 16; // ~60 Hz

    explicit LadderView(const Timeline *timeline, QWidget *parent = nullptr);

    // Every connection's ladder, stacked in id order (setConnection(AllConnections)), up to
    // kMaxStackedLadders of them (laying out 20,000 takes seconds; the rest are counted).
    static constexpr uint32_t AllConnections = 0xffffffffu;
    static constexpr size_t kMaxStackedLadders = 200;
    // A ladder with more rows than this is laid out again only once a resize has settled
    // (kResizeSettleMs without another): 100,000 rows take over a second, and dragging the window
    // edge sends a resize per mouse move. Meanwhile the old layout is shown.
    static constexpr size_t kDeferResizeRows = 5000;
    static constexpr int kResizeSettleMs = 200;

    // Another document (a capture file, or back to live): following the latest again.
    void setTimeline(const Timeline *timeline);
    const Timeline *timeline() const { return timeline_; }
    // 0 (the default): follow Timeline::defaultConnectionId(), the latest connection with a SYN.
    void setConnection(uint32_t id);
    uint32_t requestedConnection() const { return requested_; }
    // The connection on screen, or AllConnections.
    uint32_t shownConnection() const { return showsAll() ? AllConnections : geometry_.connectionId; }
    bool showsAll() const { return requested_ == AllConnections; }
    // The ladders of "all connections" (empty otherwise). There are no rows to step through then:
    // ladderGeometry() is empty.
    const LadderStack &ladderStack() const { return stack_; }

    void setRelativeNumbers(bool relative);
    bool relativeNumbers() const { return options_.relativeNumbers; }
    // How states are named (CallText.h): every label made again.
    void setStateNaming(StateNaming naming);
    // Colours (presentation mode: HighContrast or Dark) and the spotlight on the current row.
    void setTheme(LadderTheme theme);
    LadderTheme theme() const { return theme_; }
    void setSpotlight(bool on);
    bool spotlight() const { return paintOptions_.spotlight; }

    // Text size relative to the widget font, for the back of the classroom (Ctrl+wheel, Ctrl +/-/0).
    void setZoom(qreal factor);
    qreal zoom() const { return zoom_; }
    void zoomIn() { setZoom(zoom_ * 1.15); }
    void zoomOut() { setZoom(zoom_ / 1.15); }
    void resetZoom() { setZoom(1.0); }
    QFont ladderFont() const; // the base font handed to layoutLadder()

    // Step-by-step presentation: the highlighted row and how many rows are drawn (-1: all).
    void setCurrentRow(int row);
    int currentRow() const { return paintOptions_.currentRow; }
    void setRevealedRows(int count);
    int revealedRows() const { return paintOptions_.revealedRows; }
    // The current row's arrow drawn part way (0..1), for the step animation.
    void setCurrentProgress(qreal progress);
    qreal currentProgress() const { return paintOptions_.currentProgress; }
    int rowCount() const { return int(geometry_.rows.size()); }
    void scrollToRow(int row);

    // What is on screen, for tests and for exporting "what I see".
    // (Not geometry(): that name belongs to QWidget.)
    const LadderGeometry &ladderGeometry() const { return geometry_; }
    int rowAt(const QPoint &viewportPos) const;

    // Lays out pending timeline changes now instead of at the next throttled tick.
    void refreshNow();

Q_SIGNALS:
    void rowClicked(int row);
    void shownConnectionChanged(uint32_t id);
    void zoomChanged(qreal factor);
    // After every layout: the rows (ladderGeometry().steps) may have changed.
    void laidOut();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    QSize sizeHint() const override;

private:
    void scheduleRefresh();
    void watch();
    void relayout(bool followBottom);
    qreal laidOutWidth() const; // the width the shown ladder (or stack) was laid out for
    void updateScrollBars();
    QPointF toContent(const QPoint &viewportPos) const;
    QString toolTipFor(int row) const;

    const Timeline *timeline_;
    uint32_t requested_ = 0;
    LadderOptions options_;
    LadderPaintOptions paintOptions_;
    LadderGeometry geometry_;
    LadderStack stack_;
    QTimer refreshTimer_;
    QTimer resizeTimer_;
    bool dirty_ = true;
    qreal zoom_ = 1.0;
    LadderTheme theme_ = LadderTheme::Light;
};

} // namespace hv
