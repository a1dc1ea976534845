#include "ChatPane.h"

#include "CallText.h"
#include "ChatInput.h"
#include "MessageText.h"

#include <QCheckBox>
#include <QAbstractItemView>
#include <QComboBox>
#include <QSignalBlocker>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace hv {

ChatPane::ChatPane(Role role, QWidget *parent) : QWidget(parent), role_(role)
{
    title_ = new QLabel(this);
    QFont titleFont = title_->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title_->setFont(titleFont);

    host_ = new QLineEdit(QStringLiteral("127.0.0.1"), this);
    host_->setObjectName(QStringLiteral("host"));
    port_ = new QSpinBox(this);
    port_->setObjectName(QStringLiteral("port"));
    port_->setRange(role == Role::Server ? 0 : 1, 65535);
    port_->setValue(6666);
    mainButton_ = new QPushButton(this);
    mainButton_->setObjectName(QStringLiteral("mainButton"));
    connect(mainButton_, &QPushButton::clicked, this, &ChatPane::onMainButton);
    connect(host_, &QLineEdit::returnPressed, this, &ChatPane::onMainButton);
    lastPort_ = quint16(port_->value());
    connect(port_, &QSpinBox::valueChanged, this, [this](int value) {
        const quint16 previous = std::exchange(lastPort_, quint16(value));
        if (!settingEndpoint_)
            Q_EMIT portEdited(quint16(value), previous);
    });

    auto *where = new QGridLayout;
    hostLabel_ = new QLabel(this);
    hostLabel_->setBuddy(host_);
    portLabel_ = new QLabel(this);
    portLabel_->setBuddy(port_);
    host_->setMinimumWidth(host_->fontMetrics().horizontalAdvance(QStringLiteral("255.255.255.255")) + 16);
    where->addWidget(hostLabel_, 0, 0);
    where->addWidget(host_, 0, 1, 1, 2);
    where->addWidget(portLabel_, 1, 0);
    where->addWidget(port_, 1, 1);
    where->addWidget(mainButton_, 1, 2);
    where->setColumnStretch(1, 1);

    if (role == Role::Server) {
        holdAccept_ = new QCheckBox(this);
        holdAccept_->setObjectName(QStringLiteral("holdAccept"));
        connect(holdAccept_, &QCheckBox::toggled, this, &ChatPane::holdAcceptChanged);
        // The point of the box, under it and wrapped: a long check box label would set the
        // pane's minimum width and squeeze the ladder on a small screen.
        holdAcceptNote_ = new QLabel(this);
        holdAcceptNote_->setObjectName(QStringLiteral("holdAcceptNote"));
        holdAcceptNote_->setWordWrap(true);
        holdAcceptNote_->setStyleSheet(QStringLiteral("color: #64748b;"));
    }

    if (role == Role::Client) {
        dropSyn_ = new QCheckBox(this);
        dropSyn_->setObjectName(QStringLiteral("dropSyn"));
        dropSyn_->setEnabled(false);
        connect(dropSyn_, &QCheckBox::toggled, this, &ChatPane::dropSynChanged);
        dropSynNote_ = new QLabel(this);
        dropSynNote_->setObjectName(QStringLiteral("dropSynNote"));
        dropSynNote_->setWordWrap(true);
        dropSynNote_->setStyleSheet(QStringLiteral("color: #64748b;"));
    }

    transcript_ = new QPlainTextEdit(this);
    transcript_->setObjectName(QStringLiteral("transcript"));
    transcript_->setReadOnly(true);
    transcript_->setMaximumBlockCount(5000);
    followTranscript();

    // The input box is never disabled: a peer that goes away while the user types must not send
    // the keystrokes to the next enabled field (the server's address, where Enter starts it).
    // Without a connection Enter keeps the text and says why nothing was sent.
    input_ = new ChatInput(this);
    input_->setObjectName(QStringLiteral("input"));
    inputNote_ = new QLabel(this);
    inputNote_->setObjectName(QStringLiteral("inputNote"));
    inputNote_->setWordWrap(true);
    inputNote_->setStyleSheet(QStringLiteral("color: #64748b;"));
    inputNote_->hide();
    connect(input_, &ChatInput::heldChanged, this, &ChatPane::updateInputNote);
    connect(input_, &QPlainTextEdit::textChanged, this, [this] {
        if (input_->holdsLongText())
            updateInputNote();
    });
    sendStatus_ = new QLabel(this);
    sendStatus_->setObjectName(QStringLiteral("sendStatus"));
    sendStatus_->setStyleSheet(QStringLiteral("color: #64748b;"));
    sendStatus_->hide();
    progressClock_ = new QTimer(this);
    progressClock_->setSingleShot(true);
    progressClock_->setInterval(kProgressMs);
    connect(progressClock_, &QTimer::timeout, this, &ChatPane::paintProgress);
    newline_ = new QCheckBox(this);
    newline_->setObjectName(QStringLiteral("newline"));
    newline_->setChecked(true);
    sendButton_ = new QPushButton(this);
    sendButton_->setObjectName(QStringLiteral("send"));
    sendButton_->setEnabled(false);
    auto emitSend = [this] {
        if (input_->length() == 0)
            return;
        if (!active_ && busy_) {
            //: zh: 还在连接中：连接好了再按回车。输入的文字还在。
            showProblem(tr("Still connecting: press Enter again once connected. Your text is kept."), QStringLiteral("inactive"));
            return;
        }
        if (!active_) {
            showProblem(role_ == Role::Server
                            //: zh: 服务器没有在运行：先按“启动”。输入的文字还在。
                            ? tr("The server is not running: press Start first. Your text is kept.")
                            //: zh: 没有连接：先按“连接”。输入的文字还在。
                            : tr("Not connected: press Connect first. Your text is kept."),
                        QStringLiteral("inactive"));
            return;
        }
        Q_EMIT sendRequested(input_->text());
    };
    connect(sendButton_, &QPushButton::clicked, this, emitSend);
    connect(input_, &ChatInput::submitted, this, emitSend);
    auto *say = new QHBoxLayout;
    say->addWidget(input_, 1);
    say->addWidget(sendButton_, 0, Qt::AlignBottom);

    // The server talks to several clients: who a message goes to, and who is there (the
    // kernel's own state of each connection).
    if (role == Role::Server) {
        peers_ = new QComboBox(this);
        peers_->setObjectName(QStringLiteral("peers"));
        peers_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        peers_->setMinimumContentsLength(14);
        peersLabel_ = new QLabel(this);
        peersLabel_->setBuddy(peers_);
    }

    // Messages under a control: wrapped, selectable (to copy into a question), hidden until said.
    auto message = [this](const char *name, const QString &style) {
        auto *label = new QLabel(this);
        label->setObjectName(QLatin1String(name));
        label->setWordWrap(true);
        label->setStyleSheet(style);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->hide();
        return label;
    };
    const QString error = QStringLiteral("color: #b00020;");
    problem_ = message("problem", error);
    inputProblem_ = message("inputProblem", error);
    // What holds while the pane is in this state (the server reachable from other machines):
    // a warning, not an error, kept until it no longer holds.
    notice_ = message("notice", QStringLiteral("color: #7a4a00; background: #fff4d6; padding: 3px;"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(where);
    layout->addWidget(notice_);
    if (holdAccept_) {
        layout->addWidget(holdAccept_);
        layout->addWidget(holdAcceptNote_);
    }
    if (dropSyn_) {
        layout->addWidget(dropSyn_);
        layout->addWidget(dropSynNote_);
    }
    layout->addWidget(problem_);
    layout->addWidget(transcript_, 1);
    if (peers_) {
        auto *to = new QHBoxLayout;
        to->addWidget(peersLabel_);
        to->addWidget(peers_, 1);
        layout->addLayout(to);
    }
    layout->addWidget(sendStatus_);
    layout->addLayout(say);
    layout->addWidget(inputProblem_);
    layout->addWidget(newline_);
    layout->addWidget(inputNote_);
    retranslate();
}

void ChatPane::setLab(bool lab)
{
    lab_ = lab;
    if (dropSyn_)
        dropSyn_->setEnabled(lab);
    retranslate();
}

void ChatPane::retranslate()
{
    const bool server = role_ == Role::Server;
    title_->setText(server ? tr("Server (QTcpServer)")
                           //: zh: 客户端（socket() + connect()）
                           : tr("Client (socket() + connect())"));
    hostLabel_->setText(server ? tr("Listen on") : tr("Server"));
    portLabel_->setText(tr("Port"));
    host_->setToolTip(server ? tr("127.0.0.1 accepts only this machine; 0.0.0.0 (INADDR_ANY, as in the tutorial) "
                                  "accepts connections to any local address")
                             : tr("The server's address"));
    port_->setToolTip(server ? tr("0 lets the kernel pick a free port") : tr("The server's port"));
    if (holdAccept_) {
        //: zh: 暂停 accept()
        holdAccept_->setText(tr("Hold accept()"));
        //: zh: 内核照样完成握手：连接在 accept 队列里等着。
        holdAcceptNote_->setText(tr("The kernel still completes the handshake: connections wait in the accept queue."));
        holdAccept_->setToolTip(tr("While held, new connections finish the three-way handshake and wait in the "
                                   "accept queue; accept() returns when you release it."));
    }
    if (dropSyn_) {
        //: zh: 丢掉第一个 SYN
        dropSyn_->setText(tr("Drop the first SYN"));
        //: zh: 实验网络的内核会丢掉每次连接的第一个 SYN：看客户端的内核怎样重发它。
        const QString inLab = tr("The lab's kernel drops the first SYN of each Connect: watch the client's kernel send it again.");
        //: zh: 只在实验网络里可用（--network lab）：本机的网络不会被改动。
        const QString notInLab = tr("In the lab network only (--network lab): this machine's own network is never changed.");
        dropSynNote_->setText(lab_ ? inLab : notInLab);
    }
    input_->setHint(tr("Type a message, Enter sends"));
    //: zh: 回车发送，Shift+回车换行。多长都可以：整条消息都会发出去。
    input_->setToolTip(tr("Enter sends, Shift+Enter starts a new line. Any length: the whole message is sent."));
    updateInputNote();
    if (progressShown_)
        paintProgress();
    if (peers_) {
        //: zh: 发给
        peersLabel_->setText(tr("To"));
        const QList<PeerInfo> peers = peerList_;
        peers_->clear(); // its words are in the new language too
        setPeers(peers);
    }
    sendButton_->setText(tr("Send"));
    // Short: a check box does not wrap, and a long one would widen the pane on a small screen.
    //: zh: 每条消息后加换行（\\n）
    newline_->setText(tr("Newline after each (\\n)"));
    //: zh: 每条消息以换行结束。nc 和教程里的客户端按行读取：没有换行，两条消息会连在一起显示。换行符也是发送的一个字节，时序图上的 Len 把它算在内。
    newline_->setToolTip(tr("End each message with a newline. nc and the tutorial's client read lines: without a newline two messages run together there. The newline is a byte sent like the others; the ladder's Len counts it."));
    setActive(active_);
}

QString ChatPane::host() const
{
    return host_->text().trimmed();
}

quint16 ChatPane::port() const
{
    return quint16(port_->value());
}

void ChatPane::setEndpoint(const QString &host, quint16 port)
{
    settingEndpoint_ = true;
    host_->setText(host);
    port_->setValue(port);
    settingEndpoint_ = false;
}

QString ChatPane::input() const
{
    return input_->text();
}

void ChatPane::setActive(bool active)
{
    active_ = active;
    if (active)
        clearProblem(QStringLiteral("inactive")); // there is something to send to now
    busy_ = false;
    const bool server = role_ == Role::Server;
    mainButton_->setText(server ? (active ? tr("Stop") : tr("Start"))
                                : (active ? tr("Disconnect") : tr("Connect")));
    host_->setEnabled(!active);
    port_->setEnabled(!active);
    sendButton_->setEnabled(active);
}

void ChatPane::setBusy(bool busy)
{
    busy_ = busy;
    if (busy) {
        mainButton_->setText(tr("Cancel"));
        host_->setEnabled(false);
        port_->setEnabled(false);
    } else {
        setActive(active_);
    }
}

void ChatPane::onMainButton()
{
    problem_->hide();
    clearProblem(QStringLiteral("no-peer"));
    if (active_ || busy_)
        Q_EMIT stopRequested();
    else
        Q_EMIT startRequested(host(), port());
}

static QString stamp()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
}

void ChatPane::appendSent(const QString &text, qsizetype bytes)
{
    // Bounded: a transcript line of a megabyte would take seconds to lay out, and the window
    // would keep megabytes for one message. The whole message went; its size says so.
    const qsizetype shown = shownLength(text, kShownChars, kShownLines);
    const bool cut = shown < text.size();
    QString line = text.left(shown);
    if (cut)
        line += QChar(0x2026); // …
    transcript_->appendPlainText(tr("%1  me → %2   (%3)").arg(stamp(), line, sentNote(bytes, shown, cut)));
}

void ChatPane::appendReceived(const QString &peer, const QString &received, const QString &note)
{
    // A message that ends its line (nc, the tutorial, our own panes) is shown on one line with its
    // byte count; the count (in `note`) still has the newline.
    QString text = received;
    if (text.endsWith(u'\n'))
        text.chop(text.endsWith(QLatin1String("\r\n")) ? 2 : 1);
    const qsizetype shown = shownLength(text, kShownChars, kShownLines);
    const QString line = shown < text.size() ? text.left(shown) + QChar(0x2026) : text;
    transcript_->appendPlainText(tr("%1  %2 → me: %3   (%4)").arg(stamp(), peer, line, note));
}

void ChatPane::showSendProgress(qint64 written, qint64 total, bool over)
{
    progressWritten_ = written;
    progressTotal_ = total;
    progressOver_ = over;
    // A small message goes at once and needs no word; a big one, or one that waits, is followed.
    if (!progressShown_ && over && written == total && total < (qint64(64) << 10))
        return;
    progressShown_ = true;
    if (over || !progressClock_->isActive()) {
        paintProgress();
        if (!over)
            progressClock_->start(); // the next redraw no sooner than kProgressMs
    }
}

void ChatPane::paintProgress()
{
    if (!progressShown_)
        return;
    QString text;
    if (!progressOver_)
        //: zh: 正在发送…… 已交给内核 %1，共 %2
        text = tr("sending… %1 of %2 taken by the kernel").arg(sizeText(progressWritten_), sizeText(progressTotal_));
    else if (progressWritten_ >= progressTotal_)
        //: zh: 已发送：内核收下了全部 %1
        text = tr("sent: the kernel has taken all %1").arg(sizeText(progressTotal_));
    else
        //: zh: 没有全部发出：连接结束前内核只收下了 %1，共 %2
        text = tr("not all sent: the kernel had taken %1 of %2 when the connection ended")
                   .arg(sizeText(progressWritten_), sizeText(progressTotal_));
    sendStatus_->setText(text);
    sendStatus_->show();
    if (progressOver_)
        progressClock_->stop();
    else if (!progressClock_->isActive())
        progressClock_->start();
}

QString ChatPane::sendStatus() const
{
    return sendStatus_->isVisible() || progressShown_ ? sendStatus_->text() : QString();
}

void ChatPane::updateInputNote()
{
    if (!input_->holdsLongText()) {
        inputNote_->hide();
        return;
    }
    //: zh: %1 个字符（%2）：太长，不能在这里编辑，按回车会完整发送。继续输入的文字加在末尾，Esc 撤回粘贴。
    inputNote_->setText(tr("%1 characters (%2): too long to edit here, Enter sends it whole. "
                           "What you type is added at the end; Esc takes the paste back.")
                            .arg(input_->length())
                            .arg(sizeText(input_->text().toUtf8().size())));
    inputNote_->show();
}

void ChatPane::appendEvent(const QString &text)
{
    transcript_->appendPlainText(QStringLiteral("%1  — %2").arg(stamp(), text));
}

void ChatPane::showProblem(const QString &message)
{
    problem_->setText(message);
    problem_->show();
}

void ChatPane::showProblem(const QString &message, const QString &tag)
{
    if (tag.isEmpty()) {
        showProblem(message);
        return;
    }
    problemTag_ = tag;
    inputProblem_->setText(message);
    inputProblem_->show();
}

void ChatPane::clearProblem(const QString &tag)
{
    if (problemTag_ != tag)
        return;
    problemTag_.clear();
    inputProblem_->hide();
}

QString ChatPane::problem() const
{
    if (inputProblem_->isVisible())
        return inputProblem_->text();
    return problem_->isVisible() ? problem_->text() : QString();
}

bool ChatPane::endsMessagesWithNewline() const
{
    return newline_->isChecked();
}

void ChatPane::setEndsMessagesWithNewline(bool on)
{
    newline_->setChecked(on);
}

QByteArray ChatPane::bytes(const QString &text) const
{
    QByteArray out = text.toUtf8();
    if (newline_->isChecked() && !out.endsWith('\n'))
        out += '\n';
    return out;
}

void ChatPane::followTranscript()
{
    // QPlainTextEdit follows new lines only while its scroll bar is at the very end; a pane that
    // changed height meanwhile (a note shown, a reconnect) left it a few lines short and it stopped
    // following. Here it follows unless the user scrolled up, and returns to following once they
    // scroll back down to the end.
    QScrollBar *bar = transcript_->verticalScrollBar();
    // What the user did (wheel, keys, a click on the bar, the slider dragged): when actionTriggered
    // comes, the slider's position is where the action takes it (its value follows after).
    connect(bar, &QAbstractSlider::actionTriggered, this, [this, bar](int) { followsTranscript_ = bar->sliderPosition() >= bar->maximum(); });
    connect(bar, &QAbstractSlider::sliderMoved, this, [this, bar](int value) { followsTranscript_ = value >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (followsTranscript_)
            bar->setValue(max);
    });
}

void ChatPane::showNotice(const QString &message)
{
    notice_->setText(message);
    notice_->setVisible(!message.isEmpty());
}

QString ChatPane::notice() const
{
    return notice_->isVisible() ? notice_->text() : QString();
}

void ChatPane::setPeers(const QList<PeerInfo> &peers)
{
    if (!peers_)
        return;
    // Refreshed every second: leave the list alone (and an open popup open) when nothing changed.
    auto same = [](const QList<PeerInfo> &a, const QList<PeerInfo> &b) {
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i)
            if (a[i].socket != b[i].socket || a[i].state != b[i].state || a[i].name != b[i].name)
                return false;
        return true;
    };
    if (peers_->count() > 0 && same(peers, peerList_))
        return;
    if (peers_->view()->isVisible())
        return; // the next refresh, once the user has picked
    peerList_ = peers;
    const uint32_t chosen = selectedPeer();
    const QSignalBlocker quiet(peers_);
    peers_->clear();
    //: zh: 所有客户端（%1 个）
    peers_->addItem(tr("All clients (%1)").arg(peers.size()), 0u);
    for (const PeerInfo &p : peers) {
        const QString state = p.state == TcpState::Unknown ? QString() : stateName(p.state);
        peers_->addItem(state.isEmpty() ? p.name : QStringLiteral("%1 · %2").arg(p.name, state), p.socket);
    }
    const int keep = peers_->findData(chosen);
    peers_->setCurrentIndex(keep >= 0 ? keep : 0);
    peers_->setToolTip(tr("Who Send talks to: one client, or every client connected now (with the kernel's own state of each connection)"));
}

uint32_t ChatPane::selectedPeer() const
{
    return peers_ && peers_->currentIndex() > 0 ? peers_->currentData().toUInt() : 0;
}

void ChatPane::clearInput()
{
    input_->clear();
}

} // namespace hv
