#pragma once
// Picks what the ladder shows when a capture holds several connections: one of them, all of them
// stacked, or (the default) whichever is the latest, following new ones as they appear.
// It only shows the choice and reports the user's pick: the window hands it to the LadderView.
#include <QWidget>

#include <cstdint>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;

namespace hv {

class ConnectionListModel;
class Timeline;

class ConnectionList : public QWidget {
    Q_OBJECT
public:
    // Entries, top to bottom: "Follow the latest", "All connections", then one per connection.
    static constexpr int FollowRow = 0;
    static constexpr int AllRow = 1;
    static constexpr int FirstConnectionRow = 2;

    explicit ConnectionList(const Timeline *timeline, QWidget *parent = nullptr);

    QComboBox *comboBox() const { return combo_; }
    // The search box: only the connections matching it are listed (ConnectionFilter.h).
    QLineEdit *filterBox() const { return filter_; }
    void setFilterText(const QString &text);
    // Rows after the two fixed entries, one per connection.
    int connectionCount() const;
    // The id an entry stands for: 0 for "follow the latest", LadderView::AllConnections, or a
    // connection id. -1 when the row does not exist.
    int64_t idAt(int row) const;
    int rowOf(uint32_t id) const; // -1 when not listed

    // Shows `id` as the current choice (0: follow the latest) without reporting it.
    void setCurrent(uint32_t id);
    // The current choice, as for idAt().
    uint32_t current() const;
    // Chooses the entry as the user would, and reports it.
    void choose(uint32_t id);

    // Updates the entries from the timeline now instead of at the next throttled tick.
    void refreshNow();
    // Another document (a capture file, or back to live): the list starts over.
    void setTimeline(const Timeline *timeline);

Q_SIGNALS:
    // The user picked an entry: 0 (follow the latest), LadderView::AllConnections or an id.
    void connectionChosen(uint32_t id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void watch();

    const Timeline *timeline_;
    ConnectionListModel *model_;
    QLabel *label_;
    QComboBox *combo_;
    QLineEdit *filter_ = nullptr;
    QLabel *filterCount_ = nullptr;
    void showFilterCount();
    bool startOver_ = false;
    std::vector<uint32_t> changed_; // connections whose entries changed since the last refresh
    class QTimer *timer_ = nullptr;
};

} // namespace hv
