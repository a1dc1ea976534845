#pragma once
// What a clicked arrow really was: every header field (name | value | note) and the frame's bytes
// as a hex dump, the selected field's bytes lit up. Reading and decoding run in Qt's thread pool
// (loadFrameDetailsAsync); this widget only shows the value that comes back.
#include "FrameDetails.h"

#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

#include <utility>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTreeWidget;
class QTreeWidgetItem;

namespace hv {

class DetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DetailsPanel(QWidget *parent = nullptr);
    ~DetailsPanel() override;

    // Loads the frame in the background and shows it when it arrives; a newer request wins.
    void load(const FrameRequest &request);
    // Shows a loaded frame (what load() does once the worker is done). An error goes in the panel.
    void showDetails(const FrameDetails &details);
    void clear();

    bool isLoading() const { return loading_; }
    const FrameDetails &details() const { return details_; }
    QString headline() const;
    QString errorText() const;
    QTreeWidget *fieldView() const { return tree_; }
    QPlainTextEdit *hexView() const { return hex_; }

    // Selects the first field called `name`, as a click in the tree would; false when there is none.
    bool selectField(const QString &name);
    // The bytes lit up in the hex view: {first, count}; count 0 when none.
    std::pair<int, int> highlightedBytes() const { return highlighted_; }
    // Where byte `index` is drawn in the hex view's text (its first hex digit), for clicks and tests.
    QPoint hexCellPosition(int index) const;

Q_SIGNALS:
    void detailsShown(uint32_t frame); // a result (fields, or the reason there are none) is on screen

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void fillTree();
    void fillHex();
    void highlight(int offset, int length);
    void onFieldSelected();
    void selectByte(int index);
    int byteAt(const QPoint &viewportPos) const;

    QLabel *headline_ = nullptr;
    QLabel *error_ = nullptr;
    QSplitter *splitter_ = nullptr;
    QTreeWidget *tree_ = nullptr;
    QPlainTextEdit *hex_ = nullptr;
    QFutureWatcher<FrameDetails> watcher_;
    bool loading_ = false;
    FrameDetails details_;
    FrameRequest lastRequest_; // what details_ was loaded from, to load again in another language
    QHash<const Field *, QTreeWidgetItem *> items_;
    std::pair<int, int> highlighted_{0, 0};
    int offsetDigits_ = 4;
};

} // namespace hv
