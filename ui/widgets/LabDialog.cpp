#include "LabDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace hv {

namespace {

QLabel *note(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color: #64748b;"));
    return l;
}

} // namespace

LabDialog::LabDialog(const LabSettings &current, const QString &layoutNote, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("labDialog"));
    //: zh: 实验网络：布局和丢包
    setWindowTitle(tr("Lab network: layout and losses"));
    auto *top = new QVBoxLayout(this);

    //: zh: 布局
    auto *layoutBox = new QGroupBox(tr("Layout"), this);
    auto *layoutRows = new QVBoxLayout(layoutBox);
    //: zh: 一台主机：服务器和客户端共用 lo（如同老师的笔记本电脑）
    oneHost_ = new QRadioButton(tr("One host: server and client share lo (as on a teacher's laptop)"), layoutBox);
    oneHost_->setObjectName(QStringLiteral("oneHost"));
    //: zh: 两台主机：客户端 10.0.0.1、服务器 10.0.0.2，在一对 veth 上（MTU 1500，MSS 1460，如同真实的局域网）
    twoHosts_ = new QRadioButton(tr("Two hosts: client 10.0.0.1 and server 10.0.0.2 on a veth pair (MTU 1500, MSS 1460, as on a real LAN)"), layoutBox);
    twoHosts_->setObjectName(QStringLiteral("twoHosts"));
    (current.twoHosts ? twoHosts_ : oneHost_)->setChecked(true);
    layoutRows->addWidget(oneHost_);
    layoutRows->addWidget(twoHosts_);
    if (!layoutNote.isEmpty()) {
        oneHost_->setEnabled(false);
        twoHosts_->setEnabled(false);
        layoutRows->addWidget(note(layoutNote, layoutBox));
    }
    top->addWidget(layoutBox);

    //: zh: 让内核丢弃（每次连接：下一次 Connect 起生效）
    auto *dropBox = new QGroupBox(tr("The kernel drops (each connection, from the next Connect)"), this);
    auto *dropRows = new QFormLayout(dropBox);
    synDrops_ = new QSpinBox(dropBox);
    synDrops_->setObjectName(QStringLiteral("synDrops"));
    synDrops_->setRange(0, 10);
    synDrops_->setValue(current.synDrops);
    //: zh: 客户端的前几个 SYN：
    dropRows->addRow(tr("The client's first SYNs:"), synDrops_);
    //: zh: 服务器的 SYN+ACK（第一个）
    synAck_ = new QCheckBox(tr("The server's SYN+ACK (the first)"), dropBox);
    synAck_->setObjectName(QStringLiteral("dropSynAck"));
    synAck_->setChecked(current.dropSynAck);
    dropRows->addRow(synAck_);
    //: zh: 完成握手的 ACK（客户端的第三个分节）
    ack_ = new QCheckBox(tr("The ACK that completes the handshake (the client's third segment)"), dropBox);
    ack_->setObjectName(QStringLiteral("dropAck"));
    ack_->setChecked(current.dropAck);
    dropRows->addRow(ack_);
    //: zh: 客户端的第一个 FIN
    fin_ = new QCheckBox(tr("The client's first FIN"), dropBox);
    fin_->setObjectName(QStringLiteral("dropFin"));
    fin_->setChecked(current.dropFin);
    dropRows->addRow(fin_);
    loss_ = new QSpinBox(dropBox);
    loss_->setObjectName(QStringLiteral("loss"));
    loss_->setRange(0, 50);
    loss_->setSuffix(QStringLiteral(" %"));
    loss_->setValue(current.lossPct);
    //: zh: 此外，随机丢弃（两个方向）：
    dropRows->addRow(tr("Besides, at random (both ways):"), loss_);
    //: zh: 被丢弃的分节在时序图上画成中途停下的箭头（✕）：抓包看到它发出，接收方却没收到。内核随后用它真实的定时器重传。
    dropRows->addRow(note(tr("A dropped segment is drawn as an arrow that stops short (✕): the capture saw it leave, the receiver never got it. The kernel then sends it again on its real timers."), dropBox));
    top->addWidget(dropBox);

    //: zh: 链路
    auto *linkBox = new QGroupBox(tr("Links"), this);
    auto *linkRows = new QFormLayout(linkBox);
    //: zh: 原样
    noShaping_ = new QRadioButton(tr("As they are"), linkBox);
    //: zh: 每个分节延迟：
    delayOn_ = new QRadioButton(tr("Every segment late by:"), linkBox);
    delayOn_->setObjectName(QStringLiteral("delayOn"));
    //: zh: 限速为：
    rateOn_ = new QRadioButton(tr("Rate limited to:"), linkBox);
    rateOn_->setObjectName(QStringLiteral("rateOn"));
    delay_ = new QSpinBox(linkBox);
    delay_->setObjectName(QStringLiteral("delay"));
    delay_->setRange(1, 5000);
    delay_->setSuffix(QStringLiteral(" ms"));
    delay_->setValue(current.delayMs > 0 ? current.delayMs : 100);
    rate_ = new QSpinBox(linkBox);
    rate_->setObjectName(QStringLiteral("rate"));
    rate_->setRange(8, 1000000);
    rate_->setSuffix(QStringLiteral(" kbit/s"));
    rate_->setValue(current.rateKbit > 0 ? current.rateKbit : 256);
    (current.delayMs > 0 ? delayOn_ : current.rateKbit > 0 ? rateOn_ : noShaping_)->setChecked(true);
    linkRows->addRow(noShaping_);
    linkRows->addRow(delayOn_, delay_);
    linkRows->addRow(rateOn_, rate_);
    //: zh: 延迟要用内核的 netem；没有 netem 的内核会直说。限速（tbf）让一个分节等它前面的分节发完：在两台主机上看得最清楚（lo 上的分组可达 64 KiB）。
    linkRows->addRow(note(tr("A delay needs the kernel's netem; a kernel without it says so. A rate limit (tbf) makes a segment wait for the ones before it: clearest on two hosts (packets on lo are up to 64 KiB)."), linkBox));
    top->addWidget(linkBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    top->addWidget(buttons);
}

LabSettings LabDialog::settings() const
{
    LabSettings s;
    s.twoHosts = twoHosts_->isChecked();
    s.synDrops = synDrops_->value();
    s.dropSynAck = synAck_->isChecked();
    s.dropAck = ack_->isChecked();
    s.dropFin = fin_->isChecked();
    s.lossPct = loss_->value();
    s.delayMs = delayOn_->isChecked() ? delay_->value() : 0;
    s.rateKbit = rateOn_->isChecked() ? rate_->value() : 0;
    return s;
}

} // namespace hv
