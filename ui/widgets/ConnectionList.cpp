#include "ConnectionList.h"

#include "LadderView.h"
#include "Timeline.h"

#include <QAbstractListModel>
#include <QComboBox>
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
    bool refresh(bool startOver)
    {
        std::vector<uint32_t> ids;
        ids.reserve(timeline_->connections().size());
        for (const Connection &c : timeline_->connections())
            if (c.id)
                ids.push_back(c.id);
        const bool extends = !startOver && ids.size() >= ids_.size()
            && std::equal(ids_.begin(), ids_.end(), ids.begin());
        if (!extends) {
            beginResetModel();
            ids_ = std::move(ids);
            endResetModel();
            return false;
        }
        if (ids.size() > ids_.size()) {
            const int first = rowCount();
            beginInsertRows({}, first, first + int(ids.size() - ids_.size()) - 1);
            ids_ = std::move(ids);
            endInsertRows();
        }
        // Segment counts and handshake classes move on, and the fixed entries name the latest.
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
        return true;
    }

    void retranslate() { Q_EMIT dataChanged(index(0), index(rowCount() - 1)); }

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

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(label_);
    layout->addWidget(combo_, 1);

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
    connect(timeline_, &Timeline::changed, timer, [this, timer] {
        // Emptied: a new capture file is on its way, whose connection #3 is not the old #3.
        if (timeline_->connections().empty() && timeline_->segments().empty())
            startOver_ = true;
        if (!timer->isActive())
            timer->start();
    });
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

void ConnectionList::refreshNow()
{
    const uint32_t chosen = current();
    const bool cleared = std::exchange(startOver_, false);
    if (model_->refresh(cleared)) {
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
    model_->retranslate();
}

} // namespace hv
