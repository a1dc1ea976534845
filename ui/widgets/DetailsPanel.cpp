#include "DetailsPanel.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <functional>

namespace hv {

namespace {

constexpr int kBytesPerLine = 16;
constexpr int kOffsetRole = Qt::UserRole;
constexpr int kLengthRole = Qt::UserRole + 1;

// Columns of one hex line: "0000  45 00 00 3c 12 34 40 00  40 06 7c b5 7f 00 00 01  E..<.4@.@.|....."
int hexColumn(int offsetDigits, int i) { return offsetDigits + 2 + 3 * i + (i >= 8 ? 1 : 0); }
int asciiColumn(int offsetDigits, int i) { return offsetDigits + 2 + 3 * kBytesPerLine + 2 + i; }

QColor highlightColour() { return QColor(0xff, 0xd5, 0x4f); } // amber: readable on the light text view

// QTreeView sizes rows without asking how wide the column is, so wrapped text gets one line and an
// ellipsis. This delegate measures the note at its column's width: long notes take two lines.
class WrappingDelegate : public QStyledItemDelegate {
public:
    WrappingDelegate(QTreeView *view, int column) : QStyledItemDelegate(view), view_(view), column_(column) {}

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (index.column() != column_)
            return size;
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const int margin = view_->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view_) + 1;
        const int width = std::max(40, view_->columnWidth(column_) - 2 * margin);
        const QRect text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, opt.text);
        size.setHeight(std::max(size.height(), text.height() + 2));
        return size;
    }

private:
    QTreeView *view_;
    int column_;
};

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<hv::FrameDetails>();
    headline_ = new QLabel(this);
    headline_->setObjectName(QStringLiteral("detailsHeadline"));
    headline_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = headline_->font();
    bold.setBold(true);
    headline_->setFont(bold);
    headline_->setWordWrap(true);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("detailsError"));
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->hide();

    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("detailsFields"));
    tree_->setColumnCount(3);
    tree_->setAlternatingRowColors(true);
    tree_->setWordWrap(true); // notes are sentences
    tree_->setUniformRowHeights(false);
    tree_->setItemDelegateForColumn(2, new WrappingDelegate(tree_, 2));
    // Row heights depend on the note column's width: lay the rows out again when it changes.
    connect(tree_->header(), &QHeaderView::sectionResized, tree_, [this](int column) {
        if (column == 2)
            tree_->doItemsLayout();
    });
    tree_->header()->setStretchLastSection(true);
    tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
    tree_->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(tree_, &QTreeWidget::itemSelectionChanged, this, &DetailsPanel::onFieldSelected);

    hex_ = new QPlainTextEdit(this);
    hex_->setObjectName(QStringLiteral("detailsHex"));
    hex_->setReadOnly(true);
    hex_->setLineWrapMode(QPlainTextEdit::NoWrap);
    hex_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    hex_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    hex_->setCursorWidth(0); // the lit bytes say where we are; a caret would only add a stray bar
    hex_->viewport()->installEventFilter(this);
    // Just the dump's width (offset, 16 bytes, their characters): the tree gets the rest.
    hex_->setMinimumWidth(hex_->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 74
                          + hex_->verticalScrollBar()->sizeHint().width() + 2 * hex_->frameWidth() + 8);

    // The step controls own the arrow keys, Home, End and Space window-wide; here they move in the
    // tree and the dump instead.
    tree_->installEventFilter(this);
    hex_->installEventFilter(this);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->addWidget(tree_);
    splitter_->addWidget(hex_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 0);
    splitter_->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addWidget(headline_);
    layout->addWidget(error_);
    layout->addWidget(splitter_, 1);

    connect(&watcher_, &QFutureWatcher<FrameDetails>::finished, this, [this] {
        if (watcher_.isCanceled() || watcher_.future().resultCount() == 0)
            return;
        loading_ = false;
        showDetails(watcher_.result());
    });
    retranslate();
}

DetailsPanel::~DetailsPanel()
{
    // The worker holds only values; let it finish unwatched (the thread pool outlives us).
    watcher_.disconnect();
}

void DetailsPanel::retranslate()
{
    tree_->setHeaderLabels({tr("Field"), tr("Value"), tr("What it means")});
    if (!loading_ && details_.frame == 0)
        headline_->setText(tr("Click an arrow of the ladder to see its header fields and bytes."));
}

void DetailsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        // The fields' names and notes are words made when the frame was read: read it again.
        if (details_.frame != 0 && lastRequest_.store && lastRequest_.segment.frame == details_.frame)
            load(lastRequest_);
    }
    QWidget::changeEvent(event);
}

void DetailsPanel::load(const FrameRequest &request)
{
    lastRequest_ = request;
    loading_ = true;
    headline_->setText(tr("Frame %1 · loading…").arg(request.segment.frame));
    // setFuture() lets go of the previous future: a slower, older load can no longer land here.
    watcher_.setFuture(loadFrameDetailsAsync(request));
}

void DetailsPanel::clear()
{
    watcher_.setFuture(QFuture<FrameDetails>());
    loading_ = false;
    details_ = FrameDetails();
    lastRequest_ = FrameRequest();
    items_.clear();
    tree_->clear();
    hex_->clear();
    error_->hide();
    highlighted_ = {0, 0};
    retranslate();
}

void DetailsPanel::showDetails(const FrameDetails &details)
{
    details_ = details;
    headline_->setText(details_.tree.headline);
    const QString problem = !details_.error.isEmpty() ? details_.error : details_.tree.problem;
    error_->setText(problem);
    error_->setVisible(!problem.isEmpty());
    highlighted_ = {0, 0};
    fillTree();
    fillHex();
    Q_EMIT detailsShown(details_.frame);
}

QString DetailsPanel::headline() const
{
    return headline_->text();
}

QString DetailsPanel::errorText() const
{
    return error_->isVisibleTo(this) ? error_->text() : QString();
}

void DetailsPanel::fillTree()
{
    const QSignalBlocker quiet(tree_);
    tree_->clear();
    items_.clear();
    std::function<void(const Field &, QTreeWidgetItem *)> add = [&](const Field &f, QTreeWidgetItem *parent) {
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree_);
        item->setText(0, f.name);
        item->setText(1, f.value);
        item->setText(2, f.note);
        item->setData(0, kOffsetRole, f.offset);
        item->setData(0, kLengthRole, f.length);
        const QString where = f.offset < 0 ? tr("computed, not in the packet")
                            : f.length == 1 ? tr("byte %1").arg(f.offset)
                                            : tr("bytes %1–%2").arg(f.offset).arg(f.offset + f.length - 1);
        item->setToolTip(0, QStringLiteral("%1\n%2").arg(f.name, where));
        item->setToolTip(1, f.value);
        if (!f.note.isEmpty())
            item->setToolTip(2, QStringLiteral("<p>%1</p>").arg(f.note.toHtmlEscaped()));
        if (f.offset < 0) {
            QFont italic = item->font(0);
            italic.setItalic(true);
            item->setFont(0, italic);
        }
        items_.insert(&f, item);
        for (const Field &c : f.children)
            add(c, item);
    };
    for (const Field &f : details_.tree.fields)
        add(f, nullptr);
    // Open what a student came for: IP, and TCP with its options; the frame's bookkeeping and the
    // link layer stay shut.
    const FieldTree &t = details_.tree;
    if (t.ipIndex >= 0)
        items_.value(&t.fields[size_t(t.ipIndex)])->setExpanded(true);
    if (t.tcpIndex >= 0) {
        const Field &tcp = t.fields[size_t(t.tcpIndex)];
        items_.value(&tcp)->setExpanded(true);
        if (!tcp.children.empty() && !tcp.children.back().children.empty())
            items_.value(&tcp.children.back())->setExpanded(true);
    }
    tree_->resizeColumnToContents(0);
    tree_->setColumnWidth(0, std::min(tree_->columnWidth(0) + 12, 320));
    tree_->resizeColumnToContents(1);
    tree_->setColumnWidth(1, std::min(tree_->columnWidth(1) + 12, 320));
    // An arrow is about TCP: its header starts at the top, IP is a scroll away.
    if (t.tcpIndex >= 0)
        tree_->scrollToItem(items_.value(&t.fields[size_t(t.tcpIndex)]), QAbstractItemView::PositionAtTop);
}

void DetailsPanel::fillHex()
{
    const QByteArray &bytes = details_.stored.bytes;
    offsetDigits_ = 4;
    while (offsetDigits_ < 8 && (qint64(1) << (4 * offsetDigits_)) < bytes.size())
        ++offsetDigits_;
    QString text;
    text.reserve(int(bytes.size() / kBytesPerLine + 1) * (offsetDigits_ + 70));
    for (qsizetype line = 0; line < bytes.size(); line += kBytesPerLine) {
        if (line)
            text += QLatin1Char('\n');
        QString row(asciiColumn(offsetDigits_, 0), QLatin1Char(' '));
        row.replace(0, offsetDigits_, QStringLiteral("%1").arg(line, offsetDigits_, 16, QLatin1Char('0')));
        QString ascii;
        for (int i = 0; i < kBytesPerLine && line + i < bytes.size(); ++i) {
            const auto b = uchar(bytes[line + i]);
            row.replace(hexColumn(offsetDigits_, i), 2, QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0')));
            ascii += (b >= 0x20 && b < 0x7F) ? QLatin1Char(char(b)) : QLatin1Char('.');
        }
        text += row + ascii;
    }
    hex_->setPlainText(text);
    hex_->setExtraSelections({});
}

bool DetailsPanel::selectField(const QString &name)
{
    const Field *f = details_.tree.find(name);
    QTreeWidgetItem *item = f ? items_.value(f) : nullptr;
    if (!item)
        return false;
    tree_->setCurrentItem(item);
    tree_->scrollToItem(item);
    return true;
}

void DetailsPanel::onFieldSelected()
{
    const QList<QTreeWidgetItem *> selected = tree_->selectedItems();
    if (selected.isEmpty()) {
        highlight(0, 0);
        return;
    }
    highlight(selected.first()->data(0, kOffsetRole).toInt(), selected.first()->data(0, kLengthRole).toInt());
}

void DetailsPanel::highlight(int offset, int length)
{
    const int size = int(details_.stored.bytes.size());
    if (offset < 0 || length <= 0 || offset >= size) {
        highlighted_ = {0, 0};
        hex_->setExtraSelections({});
        return;
    }
    length = std::min(length, size - offset);
    highlighted_ = {offset, length};
    QTextCharFormat format;
    format.setBackground(highlightColour());
    format.setForeground(Qt::black);
    QList<QTextEdit::ExtraSelection> selections;
    QTextDocument *doc = hex_->document();
    const int last = offset + length - 1;
    for (int line = offset / kBytesPerLine; line <= last / kBytesPerLine; ++line) {
        const QTextBlock block = doc->findBlockByNumber(line);
        if (!block.isValid())
            break;
        const int from = std::max(offset, line * kBytesPerLine) - line * kBytesPerLine;
        const int to = std::min(last, line * kBytesPerLine + kBytesPerLine - 1) - line * kBytesPerLine;
        auto span = [&](int startColumn, int endColumn) {
            QTextCursor c(doc);
            c.setPosition(block.position() + startColumn);
            c.setPosition(block.position() + endColumn, QTextCursor::KeepAnchor);
            selections.append({c, format});
        };
        span(hexColumn(offsetDigits_, from), hexColumn(offsetDigits_, to) + 2);
        span(asciiColumn(offsetDigits_, from), asciiColumn(offsetDigits_, to) + 1);
    }
    hex_->setExtraSelections(selections);
    // Bring the first lit line into view without moving what the user scrolled to otherwise.
    QTextCursor c(doc->findBlockByNumber(offset / kBytesPerLine));
    hex_->setTextCursor(c);
    hex_->ensureCursorVisible();
}

QPoint DetailsPanel::hexCellPosition(int index) const
{
    const QTextBlock block = hex_->document()->findBlockByNumber(index / kBytesPerLine);
    if (!block.isValid())
        return {-1, -1};
    QTextCursor c(block);
    c.setPosition(block.position() + hexColumn(offsetDigits_, index % kBytesPerLine));
    const QRect r = hex_->cursorRect(c);
    return QPoint(r.left() + hex_->fontMetrics().horizontalAdvance(QLatin1Char('0')) / 2, r.center().y());
}

int DetailsPanel::byteAt(const QPoint &viewportPos) const
{
    const QTextCursor c = hex_->cursorForPosition(viewportPos);
    const int line = c.blockNumber();
    const int column = c.positionInBlock();
    // cursorForPosition gives the gap nearest the pointer: the character under the pointer is the
    // one before that gap when the pointer is left of it.
    const int over = viewportPos.x() < hex_->cursorRect(c).left() ? column - 1 : column;
    int index = -1;
    const int asciiStart = asciiColumn(offsetDigits_, 0);
    if (over >= asciiStart) {
        index = over - asciiStart;
    } else if (over >= hexColumn(offsetDigits_, 0)) {
        // A space belongs to the byte on its left: a click between two bytes still picks one.
        int hexAt = over - hexColumn(offsetDigits_, 0);
        if (hexAt >= 3 * 8)
            --hexAt; // the wider gap between the two groups of eight
        index = std::min(hexAt / 3, kBytesPerLine - 1);
    }
    if (index < 0 || index >= kBytesPerLine)
        return -1;
    const int byte = line * kBytesPerLine + index;
    return byte < details_.stored.bytes.size() ? byte : -1;
}

void DetailsPanel::selectByte(int index)
{
    const Field *f = details_.tree.fieldAt(index);
    if (QTreeWidgetItem *item = f ? items_.value(f) : nullptr) {
        tree_->setCurrentItem(item);
        tree_->scrollToItem(item);
    }
}

bool DetailsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && (watched == tree_ || watched == hex_)) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Home:
        case Qt::Key_End:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
        case Qt::Key_Space:
            event->accept(); // the key goes to the widget, not to a window shortcut
            return false;
        default:
            break;
        }
    }
    if (watched == hex_->viewport() && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && !hex_->textCursor().hasSelection()) {
            const int byte = byteAt(mouse->position().toPoint());
            if (byte >= 0)
                selectByte(byte);
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hv
