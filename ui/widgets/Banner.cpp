#include "Banner.h"

#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace hv {

Banner::Banner(QWidget *parent) : QFrame(parent), layout_(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("banner"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    // Amber on pale yellow: readable on a washed-out projector, not mistaken for the ladder.
    setStyleSheet(QStringLiteral("hv--Banner { background: #fef3c7; border-bottom: 2px solid #d97706; }"
                                 "QLabel#bannerText { color: #78350f; }"));
    layout_->setContentsMargins(10, 6, 6, 6);
    layout_->setSpacing(4);
    hide();
}

void Banner::setEntry(int key, const QString &text, const QString &command, bool offerSample, bool offerEarlierPart)
{
    // The same notice again (each Connect retries a capture that cannot start): leave it, and the
    // focus on its buttons, as they are.
    if (const auto it = entries_.constFind(key); it != entries_.cend() && it->label->text() == text
        && it->command == command && it->offerSample == offerSample && it->offerEarlierPart == offerEarlierPart)
        return;
    Entry &e = entries_[key];
    if (!e.row) {
        e.row = new QWidget(this);
        auto *row = new QHBoxLayout(e.row);
        row->setContentsMargins(0, 0, 0, 0);
        e.label = new QLabel(e.row);
        e.label->setObjectName(QStringLiteral("bannerText"));
        e.label->setWordWrap(true);
        e.label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row->addWidget(e.label, 1);
        layout_->addWidget(e.row);
    }
    e.label->setText(text);
    e.command = command;
    e.offerSample = offerSample;
    e.offerEarlierPart = offerEarlierPart;
    rebuild(key);
    show();
}

// The buttons of one entry, in the language of now.
void Banner::rebuild(int key)
{
    Entry &e = entries_[key];
    auto *row = static_cast<QHBoxLayout *>(e.row->layout());
    while (row->count() > 1) {
        QLayoutItem *item = row->takeAt(1);
        delete item->widget();
        delete item;
    }
    if (e.offerSample) {
        auto *sample = new QPushButton(tr("Open the sample capture"), e.row);
        sample->setObjectName(QStringLiteral("bannerSample"));
        connect(sample, &QPushButton::clicked, this, &Banner::sampleRequested);
        row->addWidget(sample, 0, Qt::AlignTop);
    }
    if (e.offerEarlierPart) {
        //: zh: 打开较早的部分
        auto *part = new QPushButton(tr("Open the earlier part"), e.row);
        part->setObjectName(QStringLiteral("bannerEarlierPart"));
        connect(part, &QPushButton::clicked, this, &Banner::earlierPartRequested);
        row->addWidget(part, 0, Qt::AlignTop);
    }
    if (!e.command.isEmpty()) {
        auto *copy = new QPushButton(tr("Copy the command"), e.row);
        copy->setObjectName(QStringLiteral("bannerCopy"));
        copy->setToolTip(e.command);
        const QString command = e.command;
        connect(copy, &QPushButton::clicked, this, [command] { QGuiApplication::clipboard()->setText(command); });
        row->addWidget(copy, 0, Qt::AlignTop);
    }
    auto *close = new QToolButton(e.row);
    close->setObjectName(QStringLiteral("bannerClose"));
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, [this, key] {
        clearEntry(key);
        Q_EMIT dismissed(key);
    });
    row->addWidget(close, 0, Qt::AlignTop);
}

void Banner::clearEntry(int key)
{
    const auto it = entries_.find(key);
    if (it == entries_.end())
        return;
    it->row->deleteLater();
    entries_.erase(it);
    if (entries_.isEmpty())
        hide();
}

QString Banner::text(int key) const
{
    const auto it = entries_.find(key);
    return it == entries_.end() ? QString() : it->label->text();
}

QString Banner::allText() const
{
    QStringList lines;
    for (const Entry &e : entries_)
        lines << e.label->text();
    return lines.join(QLatin1Char('\n'));
}

void Banner::retranslate()
{
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
        rebuild(it.key());
}

void Banner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

} // namespace hv
