#include "MainWindow.h"

#include <QInputDialog>

#include "Banner.h"
#include "ChatPane.h"
#include "DetailsPanel.h"
#include "ConnectionList.h"
#include "ExplanationPanel.h"
#include "LadderLayout.h"
#include "LadderView.h"
#include "Predict.h"
#include "PredictPanel.h"
#include "StartPage.h"
#include "StepBar.h"
#include "Stepper.h"

#include <QActionGroup>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QDataStream>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace hv {

namespace {

// A name typed without an extension takes the one of the chosen filter ("(*.svg)" -> .svg).
QString withFilterSuffix(const QString &path, const QString &selectedFilter)
{
    if (!QFileInfo(path).suffix().isEmpty())
        return path;
    const qsizetype star = selectedFilter.indexOf(QLatin1String("*."));
    if (star < 0)
        return path;
    return path + selectedFilter.mid(star + 1, selectedFilter.indexOf(QLatin1Char(')'), star) - star - 1);
}

} // namespace

MainWindow::MainWindow(Timeline *timeline, QWidget *parent) : QMainWindow(parent), timeline_(timeline)
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/handshake-viz.svg")));
    clientPane_ = new ChatPane(ChatPane::Role::Client, this);
    clientPane_->setObjectName(QStringLiteral("clientPane"));
    serverPane_ = new ChatPane(ChatPane::Role::Server, this);
    serverPane_->setObjectName(QStringLiteral("serverPane"));
    ladder_ = new LadderView(timeline, this);
    ladder_->setObjectName(QStringLiteral("ladder"));
    stepper_ = new Stepper(this);
    stepBar_ = new StepBar(stepper_, this);
    explanation_ = new ExplanationPanel(timeline, this);
    quiz_ = new Quiz(stepper_, timeline, this);
    predict_ = new PredictPanel(quiz_, this);

    // The centre column: the ladder, its step controls, then what the current step means.
    auto *stepping = new QWidget(this);
    auto *steppingLayout = new QVBoxLayout(stepping);
    steppingLayout->setContentsMargins(0, 0, 0, 0);
    steppingLayout->setSpacing(0);
    steppingLayout->addWidget(stepBar_);
    steppingLayout->addWidget(predict_);
    steppingLayout->addWidget(explanation_, 1);
    auto *centre = new QSplitter(Qt::Vertical, this);
    centreSplitter_ = centre;
    centre->setObjectName(QStringLiteral("centreColumn"));
    centre->addWidget(ladderColumn());
    centre->addWidget(stepping);
    centre->setStretchFactor(0, 3);
    centre->setStretchFactor(1, 1);
    centre->setSizes({560, 300}); // the explanation needs room for a few sentences from the start
    centre->setChildrenCollapsible(false);

    // Client left, server right: the same sides as the ladder's lifelines.
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    mainSplitter_ = splitter;
    setAcceptDrops(true);
    splitter->addWidget(clientPane_);
    splitter->addWidget(centre);
    splitter->addWidget(serverPane_);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    splitter->setStretchFactor(2, 2);
    // The starting shares (scaled to the window): the chats can hold a line of conversation, the
    // ladder gets the rest.
    splitter->setSizes({300, 800, 300});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("statusText"));
    statusBar()->addWidget(statusLabel_, 1);
    countsLabel_ = new QLabel(this);
    countsLabel_->setObjectName(QStringLiteral("countsText"));
    statusBar()->addPermanentWidget(countsLabel_);
    readBox_ = new QWidget(this);
    readBox_->setObjectName(QStringLiteral("readProgress"));
    auto *readLayout = new QHBoxLayout(readBox_);
    readLayout->setContentsMargins(0, 0, 0, 0);
    readLabel_ = new QLabel(readBox_);
    readLabel_->setObjectName(QStringLiteral("readText"));
    readBar_ = new QProgressBar(readBox_);
    readBar_->setRange(0, 1000);
    readBar_->setTextVisible(false);
    readBar_->setMaximumWidth(160);
    readCancel_ = new QPushButton(readBox_);
    readCancel_->setObjectName(QStringLiteral("readCancel"));
    connect(readCancel_, &QPushButton::clicked, this, &MainWindow::readCancelRequested);
    readLayout->addWidget(readLabel_);
    readLayout->addWidget(readBar_);
    readLayout->addWidget(readCancel_);
    statusBar()->addWidget(readBox_);
    readBox_->hide();
    createActions();
    createDetailsDock();
    wireStepping();
    retranslate();
    // 1400×860 where it fits; on a small screen (a 1024×768 projector) no more than the screen.
    QSize size(1400, 860);
    if (const QScreen *s = screen()) {
        const QSize room = s->availableGeometry().size();
        if (room.isValid())
            size = size.boundedTo(room);
    }
    resize(size);
}

void MainWindow::createActions()
{
    openAction_ = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), QString(), this);
    openAction_->setShortcut(QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::askOpen);
    exportAction_ = new QAction(style()->standardIcon(QStyle::SP_DialogSaveButton), QString(), this);
    exportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportAction_, &QAction::triggered, this, &MainWindow::askExport);
    worksheetAction_ = new QAction(this);
    worksheetAction_->setObjectName(QStringLiteral("worksheetAction"));
    worksheetAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(worksheetAction_, &QAction::triggered, this, &MainWindow::askWorksheet);
    slidesAction_ = new QAction(this);
    slidesAction_->setObjectName(QStringLiteral("slidesAction"));
    slidesAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    connect(slidesAction_, &QAction::triggered, this, &MainWindow::askSlides);
    sampleAction_ = new QAction(this);
    connect(sampleAction_, &QAction::triggered, this, &MainWindow::sampleRequested);
    backToLiveAction_ = new QAction(this);
    backToLiveAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    backToLiveAction_->setEnabled(false);
    connect(backToLiveAction_, &QAction::triggered, this, &MainWindow::liveRequested);
    memoryAction_ = new QAction(this);
    connect(memoryAction_, &QAction::triggered, this, &MainWindow::askMemoryLimit);
    labAction_ = new QAction(this);
    labAction_->setObjectName(QStringLiteral("labAction"));
    labAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(labAction_, &QAction::triggered, this, &MainWindow::askLab);
    clientTerminalAction_ = new QAction(this);
    clientTerminalAction_->setObjectName(QStringLiteral("clientTerminalAction"));
    connect(clientTerminalAction_, &QAction::triggered, this, [this] { Q_EMIT labTerminalRequested(false); });
    serverTerminalAction_ = new QAction(this);
    serverTerminalAction_->setObjectName(QStringLiteral("serverTerminalAction"));
    connect(serverTerminalAction_, &QAction::triggered, this, [this] { Q_EMIT labTerminalRequested(true); });
    quitAction_ = new QAction(this);
    quitAction_->setShortcut(QKeySequence::Quit);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);
    relativeAction_ = new QAction(this);
    relativeAction_->setCheckable(true);
    relativeAction_->setChecked(true);
    relativeAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(relativeAction_, &QAction::toggled, ladder_, &LadderView::setRelativeNumbers);
    connect(relativeAction_, &QAction::toggled, quiz_, &Quiz::setRelativeNumbers);
    connect(relativeAction_, &QAction::toggled, this, &MainWindow::showRelativeState);
    connect(stepBar_->predictAction(), &QAction::toggled, quiz_, &Quiz::setEnabled);
    connect(quiz_, &Quiz::enabledChanged, stepBar_->predictAction(), &QAction::setChecked);
    // Zoom for a projector: the ladder and, with it, the explanation under it.
    zoomInAction_ = new QAction(this);
    zoomInAction_->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(zoomInAction_, &QAction::triggered, ladder_, &LadderView::zoomIn);
    zoomOutAction_ = new QAction(this);
    zoomOutAction_->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOutAction_, &QAction::triggered, ladder_, &LadderView::zoomOut);
    zoomResetAction_ = new QAction(this);
    zoomResetAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(zoomResetAction_, &QAction::triggered, ladder_, &LadderView::resetZoom);
    connect(ladder_, &LadderView::zoomChanged, explanation_, &ExplanationPanel::setZoom);
    connect(ladder_, &LadderView::zoomChanged, predict_, &PredictPanel::setZoom);

    auto *languages = new QActionGroup(this);
    chineseAction_ = new QAction(QStringLiteral("中文"), languages);
    englishAction_ = new QAction(QStringLiteral("English"), languages);
    chineseAction_->setCheckable(true);
    englishAction_->setCheckable(true);
    connect(chineseAction_, &QAction::triggered, this, [this] { Q_EMIT languageRequested(QStringLiteral("zh")); });
    connect(englishAction_, &QAction::triggered, this, [this] { Q_EMIT languageRequested(QStringLiteral("en")); });

    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->addAction(openAction_);
    recentMenu_ = fileMenu_->addMenu(QString());
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    fileMenu_->addAction(sampleAction_);
    fileMenu_->addAction(backToLiveAction_);
    fileMenu_->addAction(exportAction_);
    fileMenu_->addAction(slidesAction_);
    fileMenu_->addAction(worksheetAction_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(memoryAction_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(quitAction_);
    viewMenu_ = menuBar()->addMenu(QString());
    viewMenu_->addAction(relativeAction_);
    // Three names for the same states: the tutorial's, the RFC's, the tool students run.
    stateNamesMenu_ = viewMenu_->addMenu(QString());
    auto *names = new QActionGroup(this);
    for (QAction **a : {&namesUnp_, &namesRfc_, &namesSs_}) {
        *a = new QAction(names);
        (*a)->setCheckable(true);
        stateNamesMenu_->addAction(*a);
    }
    namesUnp_->setObjectName(QStringLiteral("stateNamesUnp"));
    namesRfc_->setObjectName(QStringLiteral("stateNamesRfc"));
    namesSs_->setObjectName(QStringLiteral("stateNamesSs"));
    namesUnp_->setChecked(true);
    auto rename = [this](StateNaming naming) { setStateNamingShown(naming); };
    connect(namesUnp_, &QAction::triggered, this, [rename] { rename(StateNaming::Unp); });
    connect(namesRfc_, &QAction::triggered, this, [rename] { rename(StateNaming::Rfc9293); });
    connect(namesSs_, &QAction::triggered, this, [rename] { rename(StateNaming::LinuxSs); });
    // Presentation mode and themes.
    presentAction_ = new QAction(this);
    presentAction_->setObjectName(QStringLiteral("presentAction"));
    presentAction_->setCheckable(true);
    presentAction_->setShortcuts({QKeySequence(Qt::Key_F11), QKeySequence(Qt::Key_F5)});
    connect(presentAction_, &QAction::toggled, this, &MainWindow::setPresenting);
    leavePresentAction_ = new QAction(this);
    leavePresentAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    leavePresentAction_->setEnabled(false);
    connect(leavePresentAction_, &QAction::triggered, this, [this] { setPresenting(false); });
    blackAction_ = new QAction(this);
    blackAction_->setObjectName(QStringLiteral("blackAction"));
    blackAction_->setShortcuts({QKeySequence(Qt::Key_B), QKeySequence(Qt::Key_Period)});
    blackAction_->setEnabled(false);
    connect(blackAction_, &QAction::triggered, this, [this] {
        black_->setGeometry(rect());
        black_->setVisible(!black_->isVisible());
        black_->raise();
    });
    addActions({presentAction_, leavePresentAction_, blackAction_});
    black_ = new QWidget(this);
    black_->setObjectName(QStringLiteral("blackScreen"));
    black_->setAutoFillBackground(true);
    QPalette dark = black_->palette();
    dark.setColor(QPalette::Window, Qt::black);
    black_->setPalette(dark);
    black_->hide();
    viewMenu_->addSeparator();
    viewMenu_->addAction(presentAction_);
    themeMenu_ = viewMenu_->addMenu(QString());
    auto *themes = new QActionGroup(this);
    for (QAction **a : {&themeLight_, &themeContrast_, &themeDark_}) {
        *a = new QAction(themes);
        (*a)->setCheckable(true);
        themeMenu_->addAction(*a);
    }
    themeLight_->setObjectName(QStringLiteral("themeLight"));
    themeContrast_->setObjectName(QStringLiteral("themeContrast"));
    themeDark_->setObjectName(QStringLiteral("themeDark"));
    themeLight_->setChecked(true);
    connect(themeLight_, &QAction::triggered, this, [this] { setTheme(LadderTheme::Light); });
    connect(themeContrast_, &QAction::triggered, this, [this] { setTheme(LadderTheme::HighContrast); });
    connect(themeDark_, &QAction::triggered, this, [this] { setTheme(LadderTheme::Dark); });
    viewMenu_->addSeparator();
    viewMenu_->addAction(zoomInAction_);
    viewMenu_->addAction(zoomOutAction_);
    viewMenu_->addAction(zoomResetAction_);
    addActions({zoomInAction_, zoomOutAction_, zoomResetAction_});
    viewMenu_->addSeparator();
    viewMenu_->addActions(stepBar_->stepActions());
    viewMenu_->addAction(stepBar_->predictAction());
    // Also on the window itself, so the keys work whichever child has the focus.
    addActions(stepBar_->stepActions());
    addAction(stepBar_->predictAction());
    lessonsMenu_ = menuBar()->addMenu(QString());
    lessonsMenu_->setObjectName(QStringLiteral("lessonsMenu"));
    labMenu_ = menuBar()->addMenu(QString());
    labMenu_->addAction(labAction_);
    labMenu_->addSeparator();
    labMenu_->addAction(clientTerminalAction_);
    labMenu_->addAction(serverTerminalAction_);
    languageMenu_ = menuBar()->addMenu(QString());
    languageMenu_->addAction(chineseAction_);
    languageMenu_->addAction(englishAction_);

    toolBar_ = addToolBar(QString());
    toolBar_->setObjectName(QStringLiteral("mainToolBar"));
    toolBar_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar_->addAction(openAction_);
    toolBar_->addAction(exportAction_);
    toolBar_->addAction(backToLiveAction_);
    toolBar_->addSeparator();
    toolBar_->addAction(relativeAction_);
}

// Which connection the ladder shows, picked from a list above it. The list reflects what the
// ladder shows; the ladder does what the user picks.
QWidget *MainWindow::ladderColumn()
{
    connections_ = new ConnectionList(timeline_, this);
    connections_->setObjectName(QStringLiteral("connectionList"));
    auto *column = new QWidget(this);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    banner_ = new Banner(this);
    layout->addWidget(banner_);
    lessonCard_ = new LessonCardView(this);
    layout->addWidget(lessonCard_);
    connect(lessonCard_, &LessonCardView::replayRequested, this, [this] {
        if (currentLesson_ >= 0)
            Q_EMIT lessonRequested(currentLesson_);
    });
    connect(lessonCard_, &LessonCardView::closeRequested, lessonCard_, &QWidget::hide);
    layout->addWidget(connections_);
    startPage_ = new StartPage(this);
    ladderStack_ = new QStackedWidget(this);
    ladderStack_->addWidget(ladder_);
    ladderStack_->addWidget(startPage_);
    layout->addWidget(ladderStack_, 1);
    connect(startPage_, &StartPage::lessonRequested, this, [this](int i) {
        startAsked_ = false;
        startDismissed_ = true;
        updateStartPage();
        Q_EMIT lessonRequested(i);
    });
    connect(startPage_, &StartPage::hideRequested, this, [this] {
        startAsked_ = false;
        startDismissed_ = true;
        updateStartPage();
        ladder_->setFocus();
    });
    connect(startPage_, &StartPage::openRequested, this, &MainWindow::askOpen);
    connect(startPage_, &StartPage::sampleRequested, this, &MainWindow::sampleRequested);
    connect(connections_, &ConnectionList::connectionChosen, ladder_, &LadderView::setConnection);
    // The step keys (Home, End, arrows) go to the ladder again: in the list they would pick
    // another connection.
    connect(connections_, &ConnectionList::connectionChosen, ladder_, [this] { ladder_->setFocus(); });
    // A connection picked some other way (a test, a future "show this connection" action) shows too.
    connect(ladder_, &LadderView::shownConnectionChanged, connections_,
            [this] { connections_->setCurrent(ladder_->requestedConnection()); });
    return column;
}

// Pure view wiring: the stepper decides, the ladder, the step bar and the explanation show it.
void MainWindow::wireStepping()
{
    auto sync = [this] {
        const LadderGeometry &g = ladder_->ladderGeometry();
        stepper_->setSteps(ladder_->shownConnection(), g.rows.steps(), g.rows.size(), g.stepsRevision, timeline_->isLive());
    };
    connect(ladder_, &LadderView::laidOut, stepper_, sync);
    // An emptied timeline is a new capture on its way: start over with it.
    connect(timeline_, &Timeline::cleared, stepper_, &Stepper::restart);
    connect(ladder_, &LadderView::rowClicked, stepper_, &Stepper::goTo);
    connect(stepper_, &Stepper::currentRowChanged, ladder_, &LadderView::setCurrentRow);
    connect(stepper_, &Stepper::revealedRowsChanged, ladder_, &LadderView::setRevealedRows);
    connect(stepper_, &Stepper::progressChanged, ladder_, &LadderView::setCurrentProgress);
    connect(stepper_, &Stepper::currentRowChanged, explanation_,
            [this] { explanation_->showStep(stepper_->connectionId(), stepper_->currentStep()); });
    sync();
    // The start page gives way to the ladder once something happens.
    connect(timeline_, &Timeline::updated, this, &MainWindow::updateStartPage);
    connect(timeline_, &Timeline::cleared, this, &MainWindow::updateStartPage);
    ladder_->setCurrentRow(stepper_->currentRow());
    ladder_->setRevealedRows(stepper_->revealedRows());
}

void MainWindow::setTimeline(Timeline *timeline)
{
    if (timeline == timeline_)
        return;
    disconnect(timeline_, nullptr, stepper_, nullptr);
    disconnect(timeline_, &Timeline::updated, this, &MainWindow::updateStartPage);
    disconnect(timeline_, &Timeline::cleared, this, &MainWindow::updateStartPage);
    timeline_ = timeline;
    connect(timeline_, &Timeline::cleared, stepper_, &Stepper::restart);
    connect(timeline_, &Timeline::updated, this, &MainWindow::updateStartPage);
    connect(timeline_, &Timeline::cleared, this, &MainWindow::updateStartPage);
    stepper_->restart();
    details_->clear();
    detailsDock_->hide();
    connections_->setTimeline(timeline);
    explanation_->setTimeline(timeline);
    quiz_->setTimeline(timeline);
    ladder_->setTimeline(timeline);
}

void MainWindow::createDetailsDock()
{
    details_ = new DetailsPanel(this);
    details_->setObjectName(QStringLiteral("details"));
    detailsDock_ = new QDockWidget(this);
    detailsDock_->setObjectName(QStringLiteral("detailsDock"));
    detailsDock_->setWidget(details_);
    detailsDock_->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, detailsDock_);
    detailsDock_->hide();
    viewMenu_->addSeparator();
    viewMenu_->addAction(detailsDock_->toggleViewAction());
    // Esc closes the details wherever the focus is; disabled while hidden so Esc stays free otherwise.
    hideDetailsAction_ = new QAction(this);
    hideDetailsAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    hideDetailsAction_->setEnabled(false);
    addAction(hideDetailsAction_);
    connect(hideDetailsAction_, &QAction::triggered, detailsDock_, &QWidget::hide);
    connect(detailsDock_, &QDockWidget::visibilityChanged, hideDetailsAction_, [this] {
        hideDetailsAction_->setEnabled(!detailsDock_->isHidden());
    });
}

void MainWindow::showDetails(const FrameRequest &request)
{
    if (detailsDock_->isHidden()) {
        detailsDock_->show();
        // Two fifths of the window: room for the TCP header, the ladder keeps the rest.
        resizeDocks({detailsDock_}, {height() * 2 / 5}, Qt::Vertical);
    }
    detailsDock_->raise();
    hideDetailsAction_->setEnabled(true);
    details_->load(request);
}

void MainWindow::retranslate()
{
    updateTitle();
    openAction_->setText(tr("&Open capture…"));
    openAction_->setToolTip(tr("Open a .pcap or .pcapng file (Ctrl+O)"));
    exportAction_->setText(tr("&Export…"));
    //: zh: 把时序图导出为 PNG、SVG、PDF、文本、JSON，或把原始分组导出为 .pcap（Ctrl+E）
    exportAction_->setToolTip(tr("Export the ladder as PNG, SVG, PDF, text, JSON or the raw packets as .pcap (Ctrl+E)"));
    //: zh: 导出幻灯片…
    slidesAction_->setText(tr("Export s&lides…"));
    //: zh: 当前连接的时序图，按幻灯片尺寸分页：只到握手、到当前步骤，或每步一张（Ctrl+Alt+E）
    slidesAction_->setToolTip(tr("The connection's ladder in slide-sized frames: the handshake only, up to the current step, or one picture per step (Ctrl+Alt+E)"));
    //: zh: 导出练习单…
    worksheetAction_->setText(tr("Export &worksheet…"));
    //: zh: 时序图里 Seq、Ack 和状态留空给学生填写，另附答案（Ctrl+Shift+E）
    worksheetAction_->setToolTip(tr("The ladder with Seq, Ack and the states left blank for students, and its answer key (Ctrl+Shift+E)"));
    sampleAction_->setText(tr("Open the &sample capture"));
    sampleAction_->setToolTip(tr("A recorded demo on 127.0.0.1:6666: handshake, two messages, close. Needs no capture rights."));
    quitAction_->setText(tr("&Quit"));
    //: zh: 内存上限(&M)…
    memoryAction_->setText(tr("&Memory limit…"));
    //: zh: 实时会话在内存中最多保留多少；超过时，较早的连接留在磁盘上，可以作为较早的部分打开
    memoryAction_->setToolTip(tr("How much the live session keeps in memory; past it, older connections stay on disk, to be opened as an earlier part"));
    //: zh: 状态的名字(&N)
    stateNamesMenu_->setTitle(tr("State &names"));
    //: zh: SYN_RCVD：教程、UNP 的写法
    namesUnp_->setText(tr("SYN_RCVD: the tutorial's and UNP's"));
    //: zh: SYN-RECEIVED：RFC 9293 的写法
    namesRfc_->setText(tr("SYN-RECEIVED: RFC 9293's"));
    //: zh: SYN-RECV：Linux ss 的写法
    namesSs_->setText(tr("SYN-RECV: Linux ss's"));
    //: zh: 课程(&S)
    lessonsMenu_->setTitle(tr("Le&ssons"));
    fillLessonsMenu();
    fillRecentMenu();
    if (currentLesson_ >= 0 && lessonText_ && lessonCard_->isVisible())
        lessonCard_->showCard(lessonText_(currentLesson_));
    //: zh: 实验网络(&B)
    labMenu_->setTitle(tr("La&b"));
    //: zh: 布局和丢包(&L)…
    labAction_->setText(tr("&Layout and losses…"));
    //: zh: 在客户端主机上打开终端(&C)
    clientTerminalAction_->setText(tr("Open a terminal on the &client host"));
    //: zh: 在服务器主机上打开终端(&S)
    serverTerminalAction_->setText(tr("Open a terminal on the &server host"));
    for (QAction *a : {labAction_, clientTerminalAction_, serverTerminalAction_})
        a->setToolTip(inLab_ ? QString() : labWhyNot_);
    //: zh: 在实验网络里运行的终端：tutorial 的 server.c/client.c、nc、ss -tan 的流量都出现在时序图上
    clientTerminalAction_->setStatusTip(tr("A terminal inside the lab network: what the tutorial's server.c/client.c, nc or ss -tan do there shows on the ladder"));
    serverTerminalAction_->setStatusTip(clientTerminalAction_->statusTip());
    //: zh: 回到实时会话(&L)
    backToLiveAction_->setText(tr("Back to &live"));
    //: zh: 显示实时会话：服务器、客户端和一直在进行的抓包（Ctrl+L）
    backToLiveAction_->setToolTip(tr("Show the live session again: the server, the client and the capture that went on meanwhile (Ctrl+L)"));
    showRelativeState();
    //: zh: 放大(&I)
    zoomInAction_->setText(tr("Zoom &in"));
    //: zh: 缩小(&O)
    zoomOutAction_->setText(tr("Zoom &out"));
    //: zh: 原始大小(&A)
    zoomResetAction_->setText(tr("&Actual size"));
    //: zh: 演示模式
    presentAction_->setText(tr("&Presentation mode"));
    //: zh: 全屏，收起聊天面板，时序图放大、高对比度，当前箭头高亮；F11 或 Esc 退出；B 或 . 黑屏（翻页笔的按键）
    presentAction_->setToolTip(tr("Full screen, the chats folded away, the ladder larger in high contrast with the current arrow lit; F11 or Esc leaves; B or . blanks the screen (a presenter remote's keys)"));
    //: zh: 黑屏 / 恢复
    blackAction_->setText(tr("Black screen / back"));
    //: zh: 配色
    themeMenu_->setTitle(tr("&Theme"));
    //: zh: 浅色
    themeLight_->setText(tr("&Light"));
    //: zh: 高对比度（投影仪）
    themeContrast_->setText(tr("&High contrast (projector)"));
    //: zh: 深色
    themeDark_->setText(tr("&Dark"));
    relativeAction_->setToolTip(tr("Relative numbers start at 0 with each side's SYN; off shows the raw 32-bit numbers (Ctrl+R)"));
    fileMenu_->setTitle(tr("&File"));
    viewMenu_->setTitle(tr("&View"));
    languageMenu_->setTitle(tr("&Language / 语言"));
    toolBar_->setWindowTitle(tr("Main toolbar"));
    // Whatever translation is installed decides; the source strings are English.
    const bool zh = tr("&File") != QLatin1String("&File");
    chineseAction_->setChecked(zh);
    englishAction_->setChecked(!zh);
    detailsDock_->setWindowTitle(tr("Details: header fields and bytes"));
    detailsDock_->toggleViewAction()->setText(tr("&Details"));
    hideDetailsAction_->setText(tr("Hide details"));
    clientPane_->retranslate();
    serverPane_->retranslate();
}

void MainWindow::setDocument(const QString &filePath, const QString &liveInterface)
{
    documentFile_ = filePath;
    liveInterface_ = liveInterface;
    backToLiveAction_->setEnabled(!filePath.isEmpty());
    updateTitle();
    if (!filePath.isEmpty())
        startAsked_ = false; // a file opened: its ladder
    updateStartPage();
}

void MainWindow::updateTitle()
{
    // Qt adds " — Handshake Visualizer" (the application's display name) itself.
    setWindowFilePath(documentFile_);
    if (!documentFile_.isEmpty())
        setWindowTitle(QFileInfo(documentFile_).fileName());
    else
        //: zh: 实时：%1
        setWindowTitle(tr("Live on %1").arg(liveInterface_));
}

void MainWindow::setTheme(LadderTheme theme)
{
    theme_ = theme;
    (theme == LadderTheme::Dark ? themeDark_ : theme == LadderTheme::HighContrast ? themeContrast_ : themeLight_)->setChecked(true);
    applyTheme();
}

// The ladder's theme, and the panels under it in the same colours (a dark ladder over a white
// explanation would dazzle a dark room).
void MainWindow::applyTheme()
{
    const LadderTheme shown = presenting_ && theme_ == LadderTheme::Light ? LadderTheme::HighContrast : theme_;
    ladder_->setTheme(shown);
    ladder_->setSpotlight(presenting_);
    QPalette p = QApplication::palette(explanation_);
    if (shown == LadderTheme::Dark) {
        p.setColor(QPalette::Base, QColor(0x0f, 0x17, 0x2a));
        p.setColor(QPalette::Text, QColor(0xf1, 0xf5, 0xf9));
        p.setColor(QPalette::Window, QColor(0x1e, 0x29, 0x3b));
        p.setColor(QPalette::WindowText, QColor(0xf1, 0xf5, 0xf9));
    } else if (shown == LadderTheme::HighContrast) {
        p.setColor(QPalette::Text, Qt::black);
        p.setColor(QPalette::WindowText, Qt::black);
    }
    explanation_->setPalette(p);
}

void MainWindow::setPresenting(bool on)
{
    if (on == presenting_)
        return;
    presenting_ = on;
    presentAction_->setChecked(on);
    leavePresentAction_->setEnabled(on);
    blackAction_->setEnabled(on);
    black_->hide();
    // The chats fold away (the server's and the client's panes stay as they were, behind); the
    // toolbar and menus too: F11 or Esc gives them back.
    clientPane_->setVisible(!on);
    serverPane_->setVisible(!on);
    toolBar_->setVisible(!on);
    menuBar()->setVisible(!on);
    if (on) {
        detailsDock_->hide();
        wasMaximized_ = isMaximized();
        zoomBeforePresenting_ = ladder_->zoom();
        showFullScreen();
        // Without a window manager (a kiosk, Xvfb) nobody resizes a full-screen window: do it.
        if (const QScreen *here = screen())
            setGeometry(here->geometry());
        // Larger for the back of the room: by the screen's height (1.5 at 1080 lines, 1.25 at 768).
        const QScreen *s = screen();
        const qreal lines = s ? s->geometry().height() : 768;
        ladder_->setZoom(std::max(zoomBeforePresenting_, std::clamp(lines / 720.0, 1.0, 2.5)));
        ladder_->setFocus();
    } else {
        if (wasMaximized_)
            showMaximized();
        else
            showNormal();
        ladder_->setZoom(zoomBeforePresenting_);
    }
    applyTheme();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::showReadProgress(const QString &file, qint64 done, qint64 total, quint64 packets, qint64 elapsedMs)
{
    const double seconds = double(std::max<qint64>(1, elapsedMs)) / 1000.0;
    const double perSecond = double(packets) / seconds;
    const QString rate = perSecond >= 1e6 ? QStringLiteral("%1 M").arg(perSecond / 1e6, 0, 'f', 1)
                                          : QStringLiteral("%1 k").arg(perSecond / 1e3, 0, 'f', 0);
    //: zh: 正在读取 %1：%2 MB / %3 MB · 每秒 %4 个分组
    readLabel_->setText(tr("Reading %1: %2 MB of %3 MB · %4 packets/s")
                            .arg(QFileInfo(file).fileName(), QString::number(double(done) / 1e6, 'f', 1), QString::number(double(total) / 1e6, 'f', 1), rate));
    readBar_->setValue(total > 0 ? int(std::min<qint64>(1000, done * 1000 / total)) : 0);
    //: zh: 取消（保留已读的）
    readCancel_->setText(tr("Cancel (keep what was read)"));
    readBox_->show();
}

void MainWindow::hideReadProgress()
{
    readBox_->hide();
}

void MainWindow::showStatus(const QString &message)
{
    statusLabel_->setStyleSheet(QString());
    statusLabel_->setText(message);
}

void MainWindow::setLab(bool inLab, const QString &whyNot)
{
    inLab_ = inLab;
    labWhyNot_ = whyNot;
    for (QAction *a : {labAction_, clientTerminalAction_, serverTerminalAction_}) {
        a->setEnabled(inLab);
        a->setToolTip(inLab ? QString() : whyNot);
    }
}

void MainWindow::setLessons(int count, std::function<LessonCardText(int)> card, std::function<bool(int)> needsLab)
{
    lessonCount_ = count;
    lessonText_ = std::move(card);
    lessonNeedsLab_ = std::move(needsLab);
    fillLessonsMenu();
    startPage_->setLessons(count, lessonText_, lessonNeedsLab_);
    updateStartPage();
}

bool MainWindow::showsStartPage() const
{
    return ladderStack_->currentWidget() == startPage_;
}

void MainWindow::updateStartPage()
{
    // Empty: a live session where nothing was captured or called yet (a file always has its ladder).
    const bool empty = documentFile_.isEmpty() && timeline_->segmentCount() == 0 && timeline_->calls().empty();
    const bool show = lessonCount_ > 0 && (startAsked_ || (empty && !startDismissed_));
    ladderStack_->setCurrentWidget(show ? static_cast<QWidget *>(startPage_) : ladder_);
}

void MainWindow::fillLessonsMenu()
{
    if (!lessonsMenu_)
        return;
    lessonsMenu_->clear();
    if (!startPageAction_) {
        startPageAction_ = new QAction(this);
        startPageAction_->setObjectName(QStringLiteral("startPageAction"));
        startPageAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
        connect(startPageAction_, &QAction::triggered, this, [this] {
            startAsked_ = true;
            updateStartPage();
        });
    }
    //: zh: 全部课程（开始页）
    startPageAction_->setText(tr("&All lessons (start page)"));
    lessonsMenu_->addAction(startPageAction_);
    lessonsMenu_->addSeparator();
    for (int i = 0; i < lessonCount_ && lessonText_; ++i) {
        QString text = QStringLiteral("%1%2  %3").arg(i < 9 ? QStringLiteral("&") : QString()).arg(i + 1).arg(lessonText_(i).title);
        if (lessonNeedsLab_ && lessonNeedsLab_(i))
            //: zh: （实验网络）
            text += tr(" (lab network)");
        QAction *a = lessonsMenu_->addAction(text);
        a->setObjectName(QStringLiteral("lesson%1").arg(i));
        a->setStatusTip(lessonText_(i).goal);
        connect(a, &QAction::triggered, this, [this, i] { Q_EMIT lessonRequested(i); });
    }
}

void MainWindow::showLesson(int index)
{
    currentLesson_ = index;
    if (lessonText_ && index >= 0 && index < lessonCount_)
        lessonCard_->showCard(lessonText_(index));
}

void MainWindow::setLessonState(const QString &state)
{
    lessonCard_->setState(state);
}

void MainWindow::askLab()
{
    LabDialog dialog(labSettings_, labLayoutNote_ ? labLayoutNote_() : QString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    labSettings_ = dialog.settings();
    Q_EMIT labSettingsRequested(labSettings_);
}

void MainWindow::askMemoryLimit()
{
    bool ok = false;
    //: zh: 内存上限
    const int mib = QInputDialog::getInt(this, tr("Memory limit"),
                                         //: zh: 实时会话在内存中最多保留（MiB，0 表示不限）。超过时，到那时为止的连接留在磁盘上，成为可以打开的较早部分；什么都不会丢。
                                         tr("What the live session keeps in memory (MiB, 0: no limit). Past it, the connections so far stay on disk as an earlier part that can be opened; nothing is lost."),
                                         int(std::min<qint64>(memoryLimitMiB_, 1 << 30)), 0, 1 << 30, 64, &ok);
    if (!ok)
        return;
    memoryLimitMiB_ = mib;
    Q_EMIT memoryLimitRequested(mib);
}

void MainWindow::showCounts(const QString &counts)
{
    countsLabel_->setText(counts);
}

void MainWindow::showProblem(const QString &message)
{
    statusLabel_->setStyleSheet(QStringLiteral("color: #b00020;"));
    statusLabel_->setText(message);
}

void MainWindow::askOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open capture"), lastFolder_,
                                                      tr("Captures (*.pcap *.pcapng *.cap);;All files (*)"));
    if (path.isEmpty())
        return;
    lastFolder_ = QFileInfo(path).absolutePath();
    Q_EMIT openRequested(path);
}

// The toolbar button says which numbers are shown, not only whether it is pressed.
void MainWindow::showRelativeState()
{
    if (relativeAction_->isChecked())
        //: zh: 序号：相对(&R)
        relativeAction_->setText(tr("Numbers: &relative"));
    else
        //: zh: 序号：绝对(&R)
        relativeAction_->setText(tr("Numbers: abso&lute"));
}

void MainWindow::setStateNamingShown(StateNaming naming)
{
    naming_ = naming;
    (naming == StateNaming::Rfc9293 ? namesRfc_ : naming == StateNaming::LinuxSs ? namesSs_ : namesUnp_)->setChecked(true);
    ladder_->setStateNaming(naming);
    explanation_->showStep(stepper_->connectionId(), stepper_->currentStep());
}

void MainWindow::setRecentFiles(const QStringList &paths)
{
    recentFiles_ = paths;
    fillRecentMenu();
}

void MainWindow::fillRecentMenu()
{
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    //: zh: 最近打开(&T)
    recentMenu_->setTitle(tr("Open recen&t"));
    recentMenu_->setEnabled(!recentFiles_.isEmpty());
    for (int i = 0; i < recentFiles_.size(); ++i) {
        const QString path = recentFiles_[i];
        QAction *a = recentMenu_->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setObjectName(QStringLiteral("recent%1").arg(i));
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] {
            lastFolder_ = QFileInfo(path).absolutePath();
            Q_EMIT openRequested(path);
        });
    }
}

QByteArray MainWindow::splitterState() const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << mainSplitter_->saveState() << centreSplitter_->saveState();
    return out;
}

void MainWindow::restoreSplitterState(const QByteArray &state)
{
    QDataStream s(state);
    QByteArray main, centre;
    s >> main >> centre;
    if (s.status() != QDataStream::Ok)
        return;
    mainSplitter_->restoreState(main);
    centreSplitter_->restoreState(centre);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    const QString path = urls.first().toLocalFile();
    lastFolder_ = QFileInfo(path).absolutePath();
    event->acceptProposedAction();
    Q_EMIT openRequested(path);
}

void MainWindow::askExport()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export"), QStringLiteral("handshake.png"),
        //: zh: PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF 讲义 (*.pdf);;文本 (*.txt);;JSON (*.json);;供 Wireshark 用的原始分组 (*.pcap)
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF handout (*.pdf);;Text (*.txt);;JSON (*.json);;Raw packets for Wireshark (*.pcap)"),
        &selected);
    if (path.isEmpty())
        return;
    const QString out = withFilterSuffix(path, selected);
    Q_EMIT exportRequested(out);
}

// Which fields to leave blank, then where: the worksheet and its answer key beside it.
void MainWindow::askWorksheet()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("worksheetDialog"));
    //: zh: 练习单
    dialog.setWindowTitle(tr("Worksheet"));
    auto *layout = new QVBoxLayout(&dialog);
    //: zh: 留空给学生填写：
    layout->addWidget(new QLabel(tr("Leave blank for the students:"), &dialog));
    auto *seq = new QCheckBox(QStringLiteral("Seq"), &dialog);
    auto *ack = new QCheckBox(QStringLiteral("Ack"), &dialog);
    //: zh: TCP 状态
    auto *states = new QCheckBox(tr("TCP states"), &dialog);
    for (QCheckBox *box : {seq, ack, states}) {
        box->setChecked(true);
        layout->addWidget(box);
    }
    //: zh: 答案另存在旁边的“…-answers”文件里。注释会被去掉（它们会泄露答案）。
    auto *note = new QLabel(tr("The answer key is saved beside it as “…-answers”. The notes are left out (they would give the answers away)."), &dialog);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    auto refreshOk = [&] { buttons->button(QDialogButtonBox::Ok)->setEnabled(seq->isChecked() || ack->isChecked() || states->isChecked()); };
    for (QCheckBox *box : {seq, ack, states})
        connect(box, &QCheckBox::toggled, &dialog, refreshOk);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const quint8 blanks = quint8((seq->isChecked() ? LadderBlank::Seq : 0) | (ack->isChecked() ? LadderBlank::Ack : 0)
                                 | (states->isChecked() ? LadderBlank::States : 0));
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Worksheet"), QStringLiteral("worksheet.pdf"),
        //: zh: PDF 讲义 (*.pdf);;PNG 图片 (*.png);;SVG 矢量图 (*.svg)
        tr("PDF handout (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty())
        return;
    const QString out = withFilterSuffix(path, selected);
    Q_EMIT worksheetRequested(out, blanks);
}

// Which steps, what frames, then where.
void MainWindow::askSlides()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("slidesDialog"));
    //: zh: 幻灯片
    dialog.setWindowTitle(tr("Slides"));
    auto *layout = new QVBoxLayout(&dialog);
    const uint32_t shown = ladder_->showsAll() ? 0 : ladder_->shownConnection();
    auto *which = new QLabel(&dialog);
    which->setWordWrap(true);
    if (shown)
        //: zh: 连接 %1 的时序图。
        which->setText(tr("The ladder of connection %1.").arg(shown));
    else
        //: zh: 最新的连接的时序图（现在显示的是全部连接：在连接列表里选一个就导出它）。
        which->setText(tr("The ladder of the latest connection (all of them are shown now: pick one in the connection list to export it)."));
    layout->addWidget(which);
    //: zh: 步骤：
    layout->addWidget(new QLabel(tr("Steps:"), &dialog));
    auto *steps = new QComboBox(&dialog);
    steps->setObjectName(QStringLiteral("slidesSteps"));
    //: zh: 全部
    steps->addItem(tr("All of them"));
    //: zh: 只到握手完成
    steps->addItem(tr("The handshake only"));
    //: zh: 到当前步骤（第 %1 步）为止
    steps->addItem(tr("Up to the current step (step %1)").arg(std::max(1, stepper_->currentRow() + 1)));
    layout->addWidget(steps);
    //: zh: 画面：
    layout->addWidget(new QLabel(tr("Frames:"), &dialog));
    auto *size = new QComboBox(&dialog);
    size->setObjectName(QStringLiteral("slidesSize"));
    size->addItem(QStringLiteral("1920 × 1080 (16:9)"), QSize(1920, 1080));
    size->addItem(QStringLiteral("1280 × 720 (16:9)"), QSize(1280, 720));
    size->addItem(QStringLiteral("1024 × 768 (4:3)"), QSize(1024, 768));
    //: zh: 时序图本身的大小（一张）
    size->addItem(tr("The ladder's own size (one picture)"), QSize());
    layout->addWidget(size);
    //: zh: 每一步一张（step-1、step-2……）：一次点击一张幻灯片
    auto *series = new QCheckBox(tr("One picture per step (step-1, step-2 …): a slide per click"), &dialog);
    series->setObjectName(QStringLiteral("slidesSeries"));
    layout->addWidget(series);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    SlideOptions options;
    options.connection = shown;
    options.frame = size->currentData().toSize();
    options.series = series->isChecked();
    options.handshakeOnly = steps->currentIndex() == 1;
    if (steps->currentIndex() == 2)
        options.lastStep = std::max(1, stepper_->currentRow() + 1);
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Slides"), QStringLiteral("slides.png"),
        //: zh: PNG 图片 (*.png);;PDF 讲义 (*.pdf);;SVG 矢量图 (*.svg);;动画 PNG，逐步出现 (*.apng)
        tr("PNG image (*.png);;PDF handout (*.pdf);;SVG drawing (*.svg);;Animated PNG, the steps arriving (*.apng)"), &selected);
    if (path.isEmpty())
        return;
    const QString out = withFilterSuffix(path, selected);
    Q_EMIT slidesRequested(out, options);
}

} // namespace hv
