#include "LessonCardView.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hv {

LessonCardView::LessonCardView(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("lessonCard"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#lessonCard { background: #fffbeb; border: 1px solid #f59e0b; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(3);
    auto *top = new QHBoxLayout;
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("lessonTitle"));
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    title_->setFont(bold);
    state_ = new QLabel(this);
    state_->setObjectName(QStringLiteral("lessonState"));
    state_->setStyleSheet(QStringLiteral("color: #92400e;"));
    replay_ = new QPushButton(this);
    replay_->setObjectName(QStringLiteral("lessonReplay"));
    close_ = new QPushButton(this);
    close_->setObjectName(QStringLiteral("lessonClose"));
    connect(replay_, &QPushButton::clicked, this, &LessonCardView::replayRequested);
    connect(close_, &QPushButton::clicked, this, &LessonCardView::closeRequested);
    top->addWidget(title_);
    top->addWidget(state_, 1);
    top->addWidget(replay_);
    top->addWidget(close_);
    layout->addLayout(top);
    for (QLabel **l : {&goal_, &watch_, &question_}) {
        *l = new QLabel(this);
        (*l)->setWordWrap(true);
        (*l)->setTextFormat(Qt::RichText);
        layout->addWidget(*l);
    }
    goal_->setObjectName(QStringLiteral("lessonGoal"));
    watch_->setObjectName(QStringLiteral("lessonWatch"));
    question_->setObjectName(QStringLiteral("lessonQuestion"));
    retranslate();
    hide();
}

void LessonCardView::showCard(const LessonCardText &card)
{
    card_ = card;
    retranslate();
    show();
}

void LessonCardView::setState(const QString &state)
{
    state_->setText(state);
}

QString LessonCardView::title() const
{
    return card_.title;
}

void LessonCardView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

void LessonCardView::retranslate()
{
    //: zh: 重放
    replay_->setText(tr("Replay"));
    //: zh: 关闭
    close_->setText(tr("Close"));
    title_->setText(card_.title);
    auto line = [](const QString &label, const QString &text) {
        return QStringLiteral("<b>%1</b> %2").arg(label.toHtmlEscaped(), text.toHtmlEscaped());
    };
    //: zh: 目标：
    goal_->setText(line(tr("Goal:"), card_.goal));
    //: zh: 注意看：
    watch_->setText(line(tr("Watch:"), card_.watch));
    //: zh: 讨论：
    question_->setText(line(tr("Discuss:"), card_.question));
}

} // namespace hv
