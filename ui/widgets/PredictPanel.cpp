#include "PredictPanel.h"

#include "Predict.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace hv {

namespace {
constexpr int kChoices = 4;
}

PredictPanel::PredictPanel(Quiz *quiz, QWidget *parent) : QFrame(parent), quiz_(quiz)
{
    setObjectName(QStringLiteral("predictPanel"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#predictPanel { background: #eff6ff; border: 1px solid #3b82f6; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(4);

    auto *top = new QHBoxLayout;
    question_ = new QLabel(this);
    question_->setObjectName(QStringLiteral("predictQuestion"));
    question_->setWordWrap(true);
    question_->setTextFormat(Qt::PlainText);
    QFont bold = question_->font();
    bold.setBold(true);
    question_->setFont(bold);
    score_ = new QLabel(this);
    score_->setObjectName(QStringLiteral("predictScore"));
    reset_ = new QPushButton(this);
    reset_->setObjectName(QStringLiteral("predictReset"));
    reset_->setFocusPolicy(Qt::NoFocus);
    connect(reset_, &QPushButton::clicked, quiz_, &Quiz::resetScore);
    top->addWidget(question_, 1);
    top->addWidget(score_);
    top->addWidget(reset_);
    layout->addLayout(top);

    auto *row = new QHBoxLayout;
    for (int i = 0; i < kChoices; ++i) {
        auto *b = new QPushButton(this);
        b->setObjectName(QStringLiteral("predictChoice%1").arg(i + 1));
        // The step keys stay with the window; the answer is a click or its number key.
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QPushButton::clicked, quiz_, [this, i] { quiz_->choose(i); });
        // Keys 1..4 answer wherever the focus is, except in a text box (typing a digit there).
        auto *key = new QAction(this);
        key->setShortcut(QKeySequence(Qt::Key_1 + i));
        key->setShortcutContext(Qt::WindowShortcut);
        connect(key, &QAction::triggered, quiz_, [this, i] {
            if (choices_[i]->isVisible() && choices_[i]->isEnabled())
                quiz_->choose(i);
        });
        addAction(key);
        choices_ << b;
        row->addWidget(b);
    }
    row->addSpacing(12);
    typed_ = new QLineEdit(this);
    typed_->setObjectName(QStringLiteral("predictAnswer"));
    typed_->setMaxLength(10);
    typed_->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 18);
    connect(typed_, &QLineEdit::returnPressed, this, &PredictPanel::submitTyped);
    check_ = new QPushButton(this);
    check_->setObjectName(QStringLiteral("predictCheck"));
    check_->setFocusPolicy(Qt::NoFocus);
    connect(check_, &QPushButton::clicked, this, &PredictPanel::submitTyped);
    row->addWidget(typed_);
    row->addWidget(check_);
    row->addStretch(1);
    layout->addLayout(row);

    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("predictVerdict"));
    verdict_->setWordWrap(true);
    verdict_->setTextFormat(Qt::PlainText);
    layout->addWidget(verdict_);

    baseFont_ = font();
    connect(quiz_, &Quiz::changed, this, &PredictPanel::refresh);
    connect(quiz_, &Quiz::enabledChanged, this, &PredictPanel::refresh);
    refresh();
}

void PredictPanel::setZoom(qreal factor)
{
    // The ladder zooms out to show more of itself; its prose grows with it but never shrinks
    // below the normal size (at half size it could not be read).
    factor = std::max<qreal>(factor, 1.0);
    QFont f = baseFont_;
    if (baseFont_.pixelSize() > 0)
        f.setPixelSize(qRound(baseFont_.pixelSize() * factor));
    else
        f.setPointSizeF(baseFont_.pointSizeF() * factor);
    setFont(f);
    QFont bold = f;
    bold.setBold(true);
    question_->setFont(bold);
}

void PredictPanel::submitTyped()
{
    if (quiz_->answerTyped(typed_->text())) {
        typed_->clear();
        typed_->clearFocus(); // the step keys work again at once
        return;
    }
    if (!typed_->text().trimmed().isEmpty())
        //: zh: 请输入 0 到 4294967295 之间的整数。
        verdict_->setText(tr("Type a whole number from 0 to 4294967295."));
}

void PredictPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QFrame::changeEvent(event);
}

void PredictPanel::refresh()
{
    setVisible(quiz_->isEnabled());
    //: zh: 得分：%1 / %2
    score_->setText(tr("Score: %1 / %2").arg(quiz_->right()).arg(quiz_->asked()));
    //: zh: 清零
    reset_->setText(tr("Reset"));
    //: zh: 把得分清零
    reset_->setToolTip(tr("Start the score again from 0 / 0"));
    //: zh: 检查
    check_->setText(tr("Check"));
    //: zh: 或者输入数字，按回车
    typed_->setPlaceholderText(tr("or type it, Enter"));

    const std::optional<PredictQuestion> &q = quiz_->pending();
    const std::optional<PredictAnswer> &a = quiz_->lastAnswer();
    const PredictQuestion *shown = q ? &*q : a ? &a->question : nullptr;
    if (!shown) {
        //: zh: 预测模式：按 → 后，每个分节显示之前先回答一个关于它的问题。
        question_->setText(tr("Predict: press → and answer a question on each segment before it is shown."));
    } else {
        question_->setText(predictQuestionText(*shown));
    }
    for (int i = 0; i < kChoices; ++i) {
        QPushButton *b = choices_[i];
        const bool has = shown && size_t(i) < shown->choices.size();
        b->setVisible(has);
        if (!has)
            continue;
        QString text = QStringLiteral("[%1]  %2").arg(i + 1).arg(predictChoiceText(*shown, i));
        // After the answer: which was right, which was picked (marks, not only colour).
        if (!q && a) {
            if (i == shown->correct)
                text = QStringLiteral("✓ ") + text;
            else if (i == a->chosen)
                text = QStringLiteral("✗ ") + text;
        }
        b->setText(text);
        b->setEnabled(bool(q));
    }
    typed_->setVisible(shown && shown->numeric());
    check_->setVisible(shown && shown->numeric());
    typed_->setEnabled(bool(q));
    check_->setEnabled(bool(q));
    if (q)
        verdict_->clear();
    else if (a)
        verdict_->setText(predictVerdict(*a));
    else
        verdict_->clear();
    if (a && !q)
        verdict_->setStyleSheet(a->right ? QStringLiteral("color: #166534;") : QStringLiteral("color: #b91c1c;"));
    else
        verdict_->setStyleSheet(QString());
}

} // namespace hv
