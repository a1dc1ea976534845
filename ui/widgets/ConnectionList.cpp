#include "ConnectionList.h"

#include "ConnectionFilter.h"

#include "LadderView.h"
#include "Timeline.h"

#include <QAbstractListModel>
#include <QComboBox>
#include <QLineEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QPixmap>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace hv {

namespace {

// The handshake classes at a glance; the entry's text names the class too (colour is never the
// only cue, and a projector washes colours out).
QColor handshakeColor(Handshake h)
{
    switch (h) {
    case Handshake::Complete: return QColor(0x16, 0xa3, 0x4a);
    case Handshake::Partial: return QColor(0xd9, 0x77, 0x06);
    case Handshake::Refused: return QColor(0xdc, 0x26, 0x26);
    case Handshake::None: break;
    }
    return QColor(0x94, 0xa3, 0xb8);
}

QIcon dotIcon(const QColor &color)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    if (color.isValid()) {
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(6, 6, 20, 20));
    }
    return QIcon(pixmap);
}

QIcon handshakeIcon(Handshake h)
{
    static QIcon icons[4];
    QIcon &icon = icons[size_t(h) & 3];
    if (icon.isNull())
        icon = dotIcon(handshakeColor(h));
    return icon;
}

// The fixed entries get a blank of the same size: their text lines up with the connections'.
QIcon blankIcon()
{
    static QIcon icon;
    if (icon.isNull())
        icon = dotIcon(QColor());
    return icon;
}

QString handshakeText(Handshake h)
{
    switch (h) {
    case Handshake::Complete: return ConnectionList::tr("complete");
    case Handshake::Partial: return ConnectionList::tr("partial");
    case Handshake::Refused: return ConnectionList::tr("refused");
    case Handshake::None: break;
    }
    return ConnectionList::tr("no handshake seen");
}

QString handshakeExplanation(Handshake h)
{
    switch (h) {
    case Handshake::Complete: return ConnectionList::tr("SYN, SYN+ACK and ACK were all seen: the connection was set up");
    case Handshake::Partial: return ConnectionList::tr("the handshake started but did not finish in this capture");
    case Handshake::Refused: return ConnectionList::tr("the SYN was answered by a RST: nothing listened on that port");
    case Handshake::None: break;
    }
    return ConnectionList::tr("the capture began after the handshake");
}

} // namespace

// The entries of the list, read from the timeline. Rows are only ever appended while a capture
// goes on (connection ids grow), so the combo box keeps its choice and an open popup stays open.
class ConnectionListModel : public QAbstractListModel {
public:
    explicit ConnectionListModel(const Timeline *timeline, QObject *parent)
        : QAbstractListModel(parent), timeline_(timeline)
    {
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ConnectionList::FirstConnectionRow + int(ids_.size());
    }

    int64_t idAt(int row) const
    {
        if (row == ConnectionList::FollowRow)
            return 0;
        if (row == ConnectionList::AllRow)
            return LadderView::AllConnections;
        const int i = row - ConnectionList::FirstConnectionRow;
        return i >= 0 && i < int(ids_.size()) ? int64_t(ids_[size_t(i)]) : -1;
    }

    int rowOf(uint32_t id) const
    {
        if (id == 0)
            return ConnectionList::FollowRow;
        if (id == LadderView::AllConnections)
            return ConnectionList::AllRow;
        const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
        return it != ids_.end() && *it == id ? ConnectionList::FirstConnectionRow + int(it - ids_.begin()) : -1;
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= rowCount())
            return {};
        const int row = index.row();
        if (row == ConnectionList::FollowRow) {
            if (role == Qt::DisplayRole) {
                const uint32_t latest = timeline_->defaultConnectionId();
                return latest ? ConnectionList::tr("Follow the latest (#%1)").arg(latest)
                              : ConnectionList::tr("Follow the latest");
            }
            if (role == Qt::ToolTipRole)
                return ConnectionList::tr("Show the latest connection that sent a SYN, and switch as new ones appear");
            if (role == Qt::DecorationRole)
                return blankIcon();
            return {};
        }
        if (row == ConnectionList::AllRow) {
            if (role == Qt::DisplayRole)
                return ConnectionList::tr("All connections (%1)").arg(ids_.size());
            if (role == Qt::ToolTipRole)
                return ConnectionList::tr("Every connection's ladder, one under another, in the order they appeared");
            if (role == Qt::DecorationRole)
                return blankIcon();
            return {};
        }
        const Connection *c = timeline_->connection(uint32_t(idAt(row)));
        if (!c)
            return {};
        switch (role) {
        case Qt::DisplayRole: return entryText(*c);
        case Qt::DecorationRole: return handshakeIcon(c->handshake);
        case Qt::ToolTipRole: return handshakeExplanation(c->handshake);
        default: return {};
        }
    }

    // Catches up with the timeline; returns false when the list had to start over (a new capture).
    // Otherwise only the connections past the last one listed are read, and only the rows of
    // `changed` (ids whose snapshot moved on) are redrawn.
    // Only the connections matching `query` are listed (all when it is empty).
    void setQuery(const ConnectionQuery &query)
    {
        query_ = query;
        filtered_ = !query.empty();
        refresh(true, {});
    }
    bool isFiltered() const { return filtered_; }
    size_t listed() const { return ids_.size(); }

    bool refresh(bool startOver, const std::vector<uint32_t> &changed)
    {
        const std::vector<Connection> &all = timeline_->connections();
        if (filtered_) {
            // Filtered: the matching ids again (a connection's class moves on as its segments come).
            std::vector<uint32_t> ids = filterConnections(*timeline_, query_);
            if (ids != ids_ || startOver) {
                beginResetModel();
                ids_ = std::move(ids);
                endResetModel();
                return false;
            }
            Q_EMIT dataChanged(index(0), index(rowCount() - 1));
            return true;
        }
        if (startOver) {
            beginResetModel();
            ids_.clear();
            for (const Connection &c : all)
                if (c.id)
                    ids_.push_back(c.id);
            endResetModel();
            return false;
        }
        std::vector<uint32_t> added;
        for (size_t i = ids_.empty() ? 0 : ids_.back(); i < all.size(); ++i)
            if (all[i].id)
                added.push_back(all[i].id);
        if (!added.empty()) {
            const int first = rowCount();
            beginInsertRows({}, first, first + int(added.size()) - 1);
            ids_.insert(ids_.end(), added.begin(), added.end());
            endInsertRows();
        }
        // The fixed entries name the latest and the count; segment counts and handshake classes
        // move on in the rows that changed.
        Q_EMIT dataChanged(index(0), index(ConnectionList::FirstConnectionRow - 1));
        int lo = -1, hi = -1;
        for (uint32_t id : changed) {
            const int row = rowOf(id);
            if (row < 0)
                continue;
            lo = lo < 0 ? row : std::min(lo, row);
            hi = std::max(hi, row);
        }
        if (lo >= 0)
            Q_EMIT dataChanged(index(lo), index(hi));
        return true;
    }

    void retranslate() { Q_EMIT dataChanged(index(0), index(rowCount() - 1)); }
    void setTimeline(const Timeline *timeline) { timeline_ = timeline; }

private:
    // "#1 127.0.0.1:46728 → :6666 · complete · 10 segments": the server's address is left out
    // when it is the client's (loopback), its port is what tells servers apart.
    QString entryText(const Connection &c) const
    {
        const QString client = QString::fromStdString(c.client.toString());
        QString server = QString::fromStdString(c.server.toString());
        if (c.server.addr == c.client.addr)
            server = QLatin1Char(':') + QString::number(c.server.port);
        const size_t n = timeline_->segmentIndices(c.id).size();
        const QString segments = n == 1 ? ConnectionList::tr("1 segment") : ConnectionList::tr("%1 segments").arg(n);
        return QStringLiteral("#%1 %2 → %3 · %4 · %5").arg(c.id).arg(client, server, handshakeText(c.handshake), segments);
    }

    const Timeline *timeline_;
    std::vector<uint32_t> ids_; // increasing
    ConnectionQuery query_;
    bool filtered_ = false;
};

ConnectionList::ConnectionList(const Timeline *timeline, QWidget *parent)
    : QWidget(parent), timeline_(timeline), model_(new ConnectionListModel(timeline, this)),
      label_(new QLabel(this)), combo_(new QComboBox(this))
{
    combo_->setObjectName(QStringLiteral("connectionCombo"));
    combo_->setModel(model_);
    // Sized by a typical entry, not by measuring every entry of a capture with thousands.
    combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo_->setMinimumContentsLength(16);
    combo_->setMaxVisibleItems(16);
    if (auto *list = qobject_cast<QListView *>(combo_->view()))
        list->setUniformItemSizes(true);
    label_->setBuddy(combo_);

    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("connectionFilter"));
    filter_->setClearButtonEnabled(true);
    filterCount_ = new QLabel(this);
    filterCount_->setObjectName(QStringLiteral("connectionFilterCount"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(label_);
    layout->addWidget(combo_, 3);
    layout->addWidget(filter_, 2);
    layout->addWidget(filterCount_);
    connect(filter_, &QLineEdit::textChanged, this, &ConnectionList::setFilterText);

    connect(combo_, &QComboBox::activated, this, [this](int row) {
        const int64_t id = idAt(row);
        if (id >= 0)
            Q_EMIT connectionChosen(uint32_t(id));
    });

    // Batches can come far faster than anyone reads a list: catch up at most 10 times a second.
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setInterval(100);
    connect(timer, &QTimer::timeout, this, &ConnectionList::refreshNow);
    timer_ = timer;
    watch();
    startOver_ = true;
    refreshNow();
    combo_->setCurrentIndex(FollowRow);
    retranslate();
}

int ConnectionList::connectionCount() const
{
    return model_->rowCount() - FirstConnectionRow;
}

int64_t ConnectionList::idAt(int row) const
{
    return model_->idAt(row);
}

int ConnectionList::rowOf(uint32_t id) const
{
    return model_->rowOf(id);
}

void ConnectionList::setCurrent(uint32_t id)
{
    const int row = rowOf(id);
    if (row >= 0)
        combo_->setCurrentIndex(row);
}

uint32_t ConnectionList::current() const
{
    const int64_t id = idAt(combo_->currentIndex());
    return id < 0 ? 0 : uint32_t(id);
}

void ConnectionList::choose(uint32_t id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    combo_->setCurrentIndex(row);
    Q_EMIT connectionChosen(id);
}

void ConnectionList::watch()
{
    connect(timeline_, &Timeline::updated, timer_, [this](const TimelineUpdate &u) {
        if (u.connections.empty())
            return;
        changed_.insert(changed_.end(), u.connections.begin(), u.connections.end());
        if (!timer_->isActive())
            timer_->start();
    });
    // Emptied: a new capture file is on its way, whose connection #3 is not the old #3.
    connect(timeline_, &Timeline::cleared, timer_, [this] {
        startOver_ = true;
        changed_.clear();
        if (!timer_->isActive())
            timer_->start();
    });
}

void ConnectionList::setTimeline(const Timeline *timeline)
{
    if (timeline == timeline_)
        return;
    disconnect(timeline_, nullptr, timer_, nullptr);
    timeline_ = timeline;
    model_->setTimeline(timeline);
    watch();
    startOver_ = true;
    changed_.clear();
    refreshNow();
    combo_->setCurrentIndex(FollowRow);
}

void ConnectionList::setFilterText(const QString &text)
{
    if (filter_->text() != text)
        filter_->setText(text); // comes back here through textChanged
    const uint32_t chosen = current();
    model_->setQuery(parseConnectionQuery(text));
    setCurrent(chosen);
    if (combo_->currentIndex() < 0)
        combo_->setCurrentIndex(FollowRow);
    showFilterCount();
}

void ConnectionList::showFilterCount()
{
    if (!model_->isFiltered()) {
        filterCount_->clear();
        filterCount_->hide();
        return;
    }
    //: zh: %1 / %2 个
    filterCount_->setText(tr("%1 of %2").arg(model_->listed()).arg(timeline_->connections().size()));
    filterCount_->show();
}

void ConnectionList::refreshNow()
{
    timer_->stop();
    const uint32_t chosen = current();
    const bool cleared = std::exchange(startOver_, false);
    std::vector<uint32_t> changed = std::exchange(changed_, {});
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    const bool kept = model_->refresh(cleared, changed);
    showFilterCount();
    if (kept || (model_->isFiltered() && !cleared)) {
        if (model_->isFiltered())
            setCurrent(chosen);
        if (combo_->currentIndex() < 0)
            combo_->setCurrentIndex(FollowRow);
        return;
    }
    // Started over: a new capture file (or ids that arrived out of order). A connection picked
    // in the old list means nothing in the new one; "all" and "follow" still do.
    const bool stillThere = chosen == 0 || chosen == LadderView::AllConnections || rowOf(chosen) >= 0;
    if (stillThere && !(cleared && chosen != LadderView::AllConnections)) {
        setCurrent(chosen);
    } else {
        combo_->setCurrentIndex(FollowRow);
        if (chosen != 0)
            Q_EMIT connectionChosen(0);
    }
}

void ConnectionList::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ConnectionList::retranslate()
{
    label_->setText(tr("&Connection:"));
    combo_->setToolTip(tr("Which connection the ladder shows (the colour is how far its handshake got)"));
    //: zh: 查找：地址、端口、#编号、refused、reset……
    filter_->setPlaceholderText(tr("Find: address, port, #id, refused, reset…"));
    //: zh: 只列出符合的连接：地址或其开头（10.0.0.）、端口（6666）、#编号、握手类别（complete、partial、refused、none）或 reset（以 RST 结束）；几个词都要符合
    filter_->setToolTip(tr("List only the connections that match: an address or its beginning (10.0.0.), a port (6666), #id, a handshake class (complete, partial, refused, none) or reset (ended by a RST); every word must hold"));
    model_->retranslate();
}

} // namespace hv
