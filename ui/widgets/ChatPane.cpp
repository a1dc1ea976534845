#include "ChatPane.h"

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
#include <QSpinBox>
#include <QVBoxLayout>

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

    transcript_ = new QPlainTextEdit(this);
    transcript_->setObjectName(QStringLiteral("transcript"));
    transcript_->setReadOnly(true);
    transcript_->setMaximumBlockCount(5000);

    // The input box is never disabled: a peer that goes away while the user types must not send
    // the keystrokes to the next enabled field (the server's address, where Enter starts it).
    // Without a connection Enter keeps the text and says why nothing was sent.
    input_ = new QLineEdit(this);
    input_->setObjectName(QStringLiteral("input"));
    sendButton_ = new QPushButton(this);
    sendButton_->setObjectName(QStringLiteral("send"));
    sendButton_->setEnabled(false);
    auto emitSend = [this] {
        if (input_->text().isEmpty())
            return;
        if (!active_ && busy_) {
            //: zh: 还在连接中：连接好了再按回车。输入的文字还在。
            showProblem(tr("Still connecting: press Enter again once connected. Your text is kept."));
            return;
        }
        if (!active_) {
            showProblem(role_ == Role::Server
                            //: zh: 服务器没有在运行：先按“启动”。输入的文字还在。
                            ? tr("The server is not running: press Start first. Your text is kept.")
                            //: zh: 没有连接：先按“连接”。输入的文字还在。
                            : tr("Not connected: press Connect first. Your text is kept."));
            return;
        }
        Q_EMIT sendRequested(input_->text());
    };
    connect(sendButton_, &QPushButton::clicked, this, emitSend);
    connect(input_, &QLineEdit::returnPressed, this, emitSend);
    auto *say = new QHBoxLayout;
    say->addWidget(input_, 1);
    say->addWidget(sendButton_);

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

    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("problem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b00020;"));
    problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problem_->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(where);
    if (holdAccept_) {
        layout->addWidget(holdAccept_);
        layout->addWidget(holdAcceptNote_);
    }
    layout->addWidget(problem_);
    layout->addWidget(transcript_, 1);
    if (peers_) {
        auto *to = new QHBoxLayout;
        to->addWidget(peersLabel_);
        to->addWidget(peers_, 1);
        layout->addLayout(to);
    }
    layout->addLayout(say);
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
    input_->setPlaceholderText(tr("Type a message, Enter sends"));
    if (peers_) {
        //: zh: 发给
        peersLabel_->setText(tr("To"));
        const QList<PeerInfo> peers = peerList_;
        peers_->clear(); // its words are in the new language too
        setPeers(peers);
    }
    sendButton_->setText(tr("Send"));
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
    host_->setText(host);
    port_->setValue(port);
}

QString ChatPane::input() const
{
    return input_->text();
}

void ChatPane::setActive(bool active)
{
    active_ = active;
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
    transcript_->appendPlainText(tr("%1  me → %2   (%3)").arg(stamp(), text, bytesText(bytes)));
}

void ChatPane::appendReceived(const QString &peer, const QString &text, const QString &note)
{
    transcript_->appendPlainText(tr("%1  %2 → me: %3   (%4)").arg(stamp(), peer, text, note));
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
        const QString state = p.state == TcpState::Unknown ? QString() : QString::fromLatin1(tcpStateName(p.state));
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
