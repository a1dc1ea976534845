#include "StartPage.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace hv {

StartPage::StartPage(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("startPage"));
    // Everything scrolls: on a small screen (a 1024×768 projector, the ladder column narrow) the
    // page asks for no more room than the ladder it stands in for.
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *inner = new QWidget(scroll);
    auto *page = new QVBoxLayout(inner);
    page->setContentsMargins(16, 12, 16, 12);
    title_ = new QLabel(inner);
    title_->setObjectName(QStringLiteral("startTitle"));
    QFont big = title_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    title_->setFont(big);
    title_->setWordWrap(true);
    intro_ = new QLabel(inner);
    intro_->setWordWrap(true);
    page->addWidget(title_);
    page->addWidget(intro_);
    // Each lesson is one button (Tab and Enter, or a click).
    list_ = new QVBoxLayout;
    list_->setContentsMargins(0, 4, 0, 4);
    list_->setSpacing(4);
    page->addLayout(list_);
    others_ = new QLabel(inner);
    others_->setWordWrap(true);
    page->addWidget(others_);
    auto *row = new QHBoxLayout;
    open_ = new QPushButton(inner);
    open_->setObjectName(QStringLiteral("startOpen"));
    sample_ = new QPushButton(inner);
    sample_->setObjectName(QStringLiteral("startSample"));
    hide_ = new QPushButton(inner);
    hide_->setObjectName(QStringLiteral("startHide"));
    connect(open_, &QPushButton::clicked, this, &StartPage::openRequested);
    connect(sample_, &QPushButton::clicked, this, &StartPage::sampleRequested);
    connect(hide_, &QPushButton::clicked, this, &StartPage::hideRequested);
    row->addWidget(open_);
    row->addWidget(sample_);
    row->addStretch(1);
    row->addWidget(hide_);
    page->addLayout(row);
    page->addStretch(1);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    inner_ = inner;
    rebuild();
}

void StartPage::setLessons(int count, std::function<LessonCardText(int)> card, std::function<bool(int)> needsLab)
{
    count_ = count;
    card_ = std::move(card);
    needsLab_ = std::move(needsLab);
    rebuild();
}

void StartPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QFrame::changeEvent(event);
}

void StartPage::rebuild()
{
    //: zh: 课程：每种经典情形一键发生，在这台机器真实的 Linux 协议栈上
    title_->setText(tr("Lessons: each classic situation in one click, on this machine's real Linux stack"));
    //: zh: 每节课自己建立套接字、运行、然后停下；时序图、卡片和内核自己的状态并排显示。可以重放。
    intro_->setText(tr("Each lesson sets up its sockets, runs and stops by itself; the ladder, its card and the kernel's own state appear side by side. Replay it as often as you like."));
    //: zh: 或者：在两边的面板里启动服务器并连接，打开一个抓包文件，或者看录好的示例。
    others_->setText(tr("Or: start the server and connect in the panes on either side, open a capture file, or look at the recorded sample."));
    //: zh: 打开抓包文件…
    open_->setText(tr("Open a capture file…"));
    //: zh: 打开示例抓包
    sample_->setText(tr("Open the sample capture"));
    //: zh: 显示时序图
    hide_->setText(tr("Show the ladder"));
    for (QPushButton *b : std::as_const(buttons_))
        delete b;
    buttons_.clear();
    for (int i = 0; i < count_ && card_; ++i) {
        const LessonCardText c = card_(i);
        QString text = QStringLiteral("%1.  %2").arg(i + 1).arg(c.title);
        if (needsLab_ && needsLab_(i))
            //: zh: （实验网络）
            text += tr(" (lab network)");
        auto *b = new QPushButton(text, inner_);
        b->setObjectName(QStringLiteral("startLesson%1").arg(i));
        b->setToolTip(c.goal);
        b->setStyleSheet(QStringLiteral("text-align: left; padding: 4px 8px;"));
        connect(b, &QPushButton::clicked, this, [this, i] { Q_EMIT lessonRequested(i); });
        list_->addWidget(b);
        buttons_ << b;
    }
}

} // namespace hv
