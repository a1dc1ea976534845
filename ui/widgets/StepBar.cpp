#include "StepBar.h"

#include "LadderView.h"
#include "Stepper.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace hv {

const QList<qreal> &StepBar::speeds()
{
    static const QList<qreal> all{0.25, 0.5, 1.0, 2.0, 4.0};
    return all;
}

StepBar::StepBar(Stepper *stepper, QWidget *parent) : QToolBar(parent), stepper_(stepper)
{
    setObjectName(QStringLiteral("stepBar"));
    setMovable(false);
    setFloatable(false);
    setToolButtonStyle(Qt::ToolButtonIconOnly);

    auto action = [this](QStyle::StandardPixmap icon, const QString &name, QList<QKeySequence> keys) {
        auto *a = new QAction(style()->standardIcon(icon), QString(), this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        // Window-wide: the ladder, the buttons, the window itself. A text box with the focus still
        // gets these keys: it claims them (ShortcutOverride) for moving the cursor and typing.
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        return a;
    };
    first_ = action(QStyle::SP_MediaSkipBackward, QStringLiteral("stepFirst"), {Qt::Key_Home});
    back_ = action(QStyle::SP_MediaSeekBackward, QStringLiteral("stepBack"), {Qt::Key_Left, Qt::Key_PageUp});
    play_ = action(QStyle::SP_MediaPlay, QStringLiteral("stepPlay"), {Qt::Key_Space, Qt::Key_MediaTogglePlayPause});
    forward_ = action(QStyle::SP_MediaSeekForward, QStringLiteral("stepForward"), {Qt::Key_Right, Qt::Key_PageDown});
    last_ = action(QStyle::SP_MediaSkipForward, QStringLiteral("stepLast"), {Qt::Key_End});
    connect(first_, &QAction::triggered, stepper_, &Stepper::first);
    connect(back_, &QAction::triggered, stepper_, &Stepper::back);
    connect(play_, &QAction::triggered, stepper_, &Stepper::togglePlay);
    connect(forward_, &QAction::triggered, stepper_, &Stepper::forward);
    connect(last_, &QAction::triggered, stepper_, &Stepper::last);

    addSeparator();
    speedLabel_ = new QLabel(this);
    speed_ = new QComboBox(this);
    speed_->setObjectName(QStringLiteral("stepSpeed"));
    speed_->setFocusPolicy(Qt::NoFocus); // the arrow keys keep stepping after a pick
    for (qreal s : speeds())
        speed_->addItem(QStringLiteral("%1×").arg(s), s);
    speed_->setCurrentIndex(int(speeds().indexOf(stepper_->speed())));
    speedLabel_->setBuddy(speed_);
    addWidget(speedLabel_);
    addWidget(speed_);
    connect(speed_, &QComboBox::activated, this, [this](int index) { stepper_->setSpeed(speed_->itemData(index).toReal()); });
    connect(stepper_, &Stepper::speedChanged, this, [this](qreal s) {
        const int index = speed_->findData(s);
        if (index >= 0)
            speed_->setCurrentIndex(index);
    });

    waitForMe_ = new QCheckBox(this);
    waitForMe_->setObjectName(QStringLiteral("waitForMe"));
    waitForMe_->setFocusPolicy(Qt::NoFocus); // Space plays, it does not toggle this
    waitForMe_->setChecked(stepper_->waitForMe());
    addSeparator();
    addWidget(waitForMe_);
    connect(waitForMe_, &QCheckBox::toggled, stepper_, &Stepper::setWaitForMe);
    connect(stepper_, &Stepper::waitForMeChanged, waitForMe_, &QCheckBox::setChecked);

    predict_ = new QAction(this);
    predict_->setObjectName(QStringLiteral("predictToggle"));
    predict_->setCheckable(true);
    predict_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    predict_->setShortcutContext(Qt::WindowShortcut);
    auto *predictButton = new QToolButton(this);
    predictButton->setObjectName(QStringLiteral("predictButton"));
    predictButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    predictButton->setFocusPolicy(Qt::NoFocus);
    predictButton->setDefaultAction(predict_);
    addSeparator();
    addWidget(predictButton);

    auto *spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addWidget(spacer);
    position_ = new QLabel(this);
    position_->setObjectName(QStringLiteral("stepPosition"));
    position_->setTextFormat(Qt::PlainText);
    addWidget(position_);

    connect(stepper_, &Stepper::currentRowChanged, this, &StepBar::refresh);
    connect(stepper_, &Stepper::rowCountChanged, this, &StepBar::refresh);
    connect(stepper_, &Stepper::playingChanged, this, &StepBar::refresh);
    retranslate();
}

void StepBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QToolBar::changeEvent(event);
}

void StepBar::retranslate()
{
    //: zh: 逐步控制
    setWindowTitle(tr("Step controls"));
    //: zh: 第一步
    first_->setText(tr("First step"));
    //: zh: 回到第一步（Home）
    first_->setToolTip(tr("Back to the first step (Home)"));
    //: zh: 上一步
    back_->setText(tr("Previous step"));
    //: zh: 后退一步（←）
    back_->setToolTip(tr("Back one step (Left arrow)"));
    //: zh: 下一步
    forward_->setText(tr("Next step"));
    //: zh: 前进一步，箭头从发送方飞向接收方（→）
    forward_->setToolTip(tr("Forward one step: its arrow travels from sender to receiver (Right arrow)"));
    //: zh: 最后一步
    last_->setText(tr("Last step"));
    //: zh: 跳到最后一步（End）
    last_->setToolTip(tr("Jump to the last step (End)"));
    //: zh: 速度：
    speedLabel_->setText(tr("Speed:"));
    //: zh: 播放速度：1× 约每 0.6 秒一步
    speed_->setToolTip(tr("Playing speed: at 1× one step every 0.6 s"));
    //: zh: 等等我
    waitForMe_->setText(tr("Wait for me"));
    //: zh: 实时抓包时，新的步骤先排队，按 → 或空格才显示，而不是自动播放
    waitForMe_->setToolTip(tr("Live traffic: new steps queue up and appear only when you press Right arrow or Space, instead of playing by themselves"));
    //: zh: 先预测
    predict_->setText(tr("Predict"));
    //: zh: 先预测，再揭晓：每个分节显示之前，先回答一个由它的真实数值生成的问题（Ctrl+Shift+P）
    predict_->setToolTip(tr("Predict, then see: before each segment is shown, answer a question made from its real numbers (Ctrl+Shift+P)"));
    refresh();
}

void StepBar::refresh()
{
    const bool playing = stepper_->isPlaying();
    play_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    if (playing) {
        //: zh: 暂停
        play_->setText(tr("Pause"));
        //: zh: 暂停（空格）
        play_->setToolTip(tr("Pause (Space)"));
    } else {
        //: zh: 播放
        play_->setText(tr("Play"));
        //: zh: 自动逐步播放（空格）
        play_->setToolTip(tr("Play the steps one after another (Space)"));
    }
    first_->setEnabled(stepper_->canGoBack());
    back_->setEnabled(stepper_->canGoBack());
    forward_->setEnabled(stepper_->canGoForward());
    last_->setEnabled(stepper_->canGoForward());
    play_->setEnabled(stepper_->rowCount() > 0 || stepper_->isLive());
    const int count = stepper_->rowCount();
    if (count == 0 && stepper_->connectionId() == LadderView::AllConnections) {
        // The stack of every ladder is not stepped through.
        //: zh: 选一个连接来逐步查看
        position_->setText(tr("Pick one connection to step through it"));
    } else if (count == 0) {
        //: zh: 还没有步骤
        position_->setText(tr("No steps yet"));
    } else {
        //: zh: 第 %1 步 / 共 %2 步
        QString text = tr("Step %1 / %2").arg(stepper_->currentRow() + 1).arg(count);
        if (stepper_->isLive() && stepper_->queuedRows() > 0 && !playing)
            //: zh: （%n 步等待中）
            text += tr(" (%n waiting)", nullptr, stepper_->queuedRows());
        position_->setText(text);
    }
}

} // namespace hv
