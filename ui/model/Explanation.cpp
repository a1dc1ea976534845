#include "Explanation.h"

#include "CallText.h"

#include <QCoreApplication>

#include <algorithm>
#include <cerrno>

namespace hv {


namespace {

QString num(uint64_t v)
{
    return QString::number(v);
}

Side otherSide(Side s)
{
    return s == Side::Client ? Side::Server : Side::Client;
}

// The words for one step. A class only so that tr() has the context "ExplanationPanel" (what
// lupdate files the strings under), with the timeline and the connection at hand.
class Explainer {
    Q_DECLARE_TR_FUNCTIONS(ExplanationPanel)
public:
    explicit Explainer(const Timeline &timeline) : t_(timeline) {}

    StepExplanation segment(uint32_t index) const;
    StepExplanation segmentSteps(uint32_t index) const;
    StepExplanation droppedByLab(uint32_t index, const Segment &s) const;
    StepExplanation call(const TimelineStep &step, uint32_t connectionId) const;
    static StepExplanation idle(bool live);

private:
    static QString role(Side s)
    {
        if (s == Side::Client)
            //: zh: 客户端
            return tr("client");
        //: zh: 服务器
        return tr("server");
    }
    static QString role(CallSide s) { return role(s == CallSide::Client ? Side::Client : Side::Server); }
    static QString both(uint32_t absolute, uint32_t relative)
    {
        //: zh: %1（相对 %2）
        return tr("%1 (relative %2)").arg(num(absolute), num(relative));
    }
    QString endpoint(const Connection *c, Side s) const
    {
        if (!c)
            return QString();
        return QString::fromStdString(s == Side::Client ? c->client.toString() : c->server.toString());
    }
    static QStringList optionPoints(const Segment &s);
    static QString anomalyText(const std::string &name);

    const Timeline &t_;
};

QStringList Explainer::optionPoints(const Segment &s)
{
    QStringList out;
    const TcpOptions &o = s.options;
    if (o.mss >= 0)
        //: zh: MSS %1：它在一个段里愿意接收的最大数据量（以太网上是 1460 = 1500 − 40 字节首部；回环接口上是 65495）。
        out << tr("MSS %1: the largest payload it accepts in one segment (on Ethernet 1460 = 1500 − 40 header bytes; on loopback 65495).")
                   .arg(o.mss);
    if (o.wscale >= 0)
        //: zh: WS %1：窗口缩放。16 位的窗口字段以 2^%1 = %2 字节为单位计数，所以窗口可以超过 64 KiB。只有双方的 SYN 都带这个选项时才生效。
        out << tr("WS %1: window scale. The 16-bit window field counts in units of 2^%1 = %2 bytes, so the window can grow beyond 64 KiB. Used only if both SYNs carry it.")
                   .arg(num(uint32_t(o.wscale)), num(uint64_t(1) << std::min<int>(o.wscale, 30)));
    if (o.sackPerm)
        //: zh: SACK_PERM：它可以确认乱序到达的数据块（选择性确认），这样只需重传真正缺失的字节。
        out << tr("SACK_PERM: it can acknowledge blocks that arrived out of order (selective acknowledgment), so only the missing bytes are sent again.");
    if (o.hasTimestamps)
        //: zh: TS val %1：时间戳，由对方原样回显，用来测量往返时间，并防止序号回绕后把旧段当成新段（PAWS）。
        out << tr("TS val %1: timestamps, echoed by the peer, to measure the round-trip time and to protect against old segments after the sequence numbers wrap around (PAWS).")
                   .arg(num(o.tsval));
    //: zh: 窗口 %1：在对方必须停下来等 ACK 之前，它还能接收多少字节（SYN 里的窗口从不缩放）。
    out << tr("Window %1: how many bytes it can receive before the other side must wait for an ACK (the window of a SYN is never scaled).")
               .arg(num(s.win));
    return out;
}

QString Explainer::anomalyText(const std::string &name)
{
    if (name == "syn_fin")
        //: zh: SYN 和 FIN 同时置位：在一个段里既打开又关闭。正常的 TCP 协议栈不会发这种段；端口扫描器会这样做，用来绕过简单的防火墙。
        return tr("SYN and FIN together: open and close in one segment. No normal TCP stack sends this; port scanners do, to slip past simple firewalls.");
    if (name == "syn_rst")
        //: zh: SYN 和 RST 同时置位：互相矛盾的标志，正常的协议栈从不发送。
        return tr("SYN and RST together: contradictory flags, never sent by a normal stack.");
    if (name == "data_on_syn")
        //: zh: SYN 携带数据：这是允许的（TCP Fast Open 就这样用），但不常见：接收方要等握手完成后才能把这些数据交给程序。
        return tr("Data on a SYN: allowed (TCP Fast Open uses it) but unusual: the receiver may hand it to the program only once the handshake completes.");
    if (name == "ack_number_without_ack_flag")
        //: zh: 确认号不为零，却没有 ACK 标志：这个数必须被忽略；有些扫描器会在这里留下垃圾值。
        return tr("An acknowledgment number without the ACK flag: the number must be ignored; some scanners leave garbage there.");
    if (name == "no_flags")
        //: zh: 没有任何标志（"空"段）：在任何状态下都无效；端口扫描器会用它来探测。
        return tr("No flags at all (a \"null\" segment): invalid in every state; port scanners use it to probe.");
    if (name == "fin_without_ack")
        //: zh: 没有 ACK 的 FIN：握手之后每个段都必须带 ACK；扫描器会发送单独的 FIN。
        return tr("FIN without ACK: after the handshake every segment must carry ACK; scanners send a bare FIN.");
    if (name == "bad_options")
        //: zh: TCP 选项格式错误：解析选项时不得不提前停止。
        return tr("The TCP options are malformed: reading them had to stop early.");
    if (name == "ipv6_payload_length_0")
        //: zh: IPv6 的载荷长度字段是 0，却没有 Jumbo Payload 选项（RFC 2675），所以这里按帧的长度来读它；tshark 会把它标为格式错误的分组。Linux 的 BIG TCP 就会这样：内核把超过 64 KiB 的一大块数据作为一个“超级分组”交给网卡（在这里被抓到），由网卡再切成线路上真正传送的分节。线路上不会出现这样的分组。
        return tr("The IPv6 payload length is 0 and there is no Jumbo Payload option (RFC 2675), so the frame's length is used here; tshark marks such a packet as malformed. Linux BIG TCP does this: the kernel hands the network card one super-packet of more than 64 KiB (the one captured here), and the card cuts it into the segments the wire really carries. No such packet is ever on the wire.");
    return QString::fromStdString(name);
}

StepExplanation Explainer::segment(uint32_t index) const
{
    const Segment lostOne = t_.segments()[index];
    if (lostOne.anomalies & Anomaly::DroppedByLab)
        return droppedByLab(index, lostOne);
    StepExplanation e = segmentSteps(index);
    // A remark on a segment that counts as usual (data on a SYN, bad options, a length taken from
    // the frame): said first, the usual explanation after it. (Nonsense segments are explained
    // as such by segmentSteps().)
    const uint16_t anomalies = t_.segments()[index].anomalies;
    const uint16_t remarks = anomalies & ~Anomaly::Nonsense & ~Anomaly::DroppedByLab;
    if (remarks && !(anomalies & Anomaly::Nonsense)) {
        e.warning = true;
        QStringList notes;
        for (const std::string &name : anomalyNames(remarks))
            notes << anomalyText(name);
        e.paragraphs = notes + e.paragraphs;
    }
    return e;
}

StepExplanation Explainer::droppedByLab(uint32_t index, const Segment &s) const
{
    // What the rest of the explanation would say happens when the segment arrives does not
    // happen: it never arrives. Its numbers still are what they are.
    StepExplanation e = segmentSteps(index);
    e.warning = true;
    e.paragraphs.clear();
    e.points.clear();
    const QString sender = role(s.from), receiver = role(otherSide(s.from));
    //: zh: 被实验网络丢弃：%1
    e.title = tr("Dropped by the lab: %1").arg(e.title);
    //: zh: 实验网络按你的要求丢弃了这个分节（它的 nftables 规则在接收方的入口处）：抓包看到它从%1发出，%2却从没收到它。所以%2的状态不变；%1以为它已经送达。
    e.paragraphs << tr("The lab network dropped this segment, as you asked (its nftables rule, on the receiver's way in): the capture saw it leave the %1, and the %2 never got it. So the %2's state does not change; the %1 believes it was delivered.")
                        .arg(sender, receiver);
    const bool syn = s.flags & TcpFlag::Syn, ack = s.flags & TcpFlag::Ack, fin = s.flags & TcpFlag::Fin;
    if (syn && !ack && s.from == Side::Client)
        //: zh: 客户端停在 SYN_SENT，connect() 还在等待。没有回答，它的内核会在重传定时器到期时再发一次 SYN（同一个 ISN）：看下面的虚线箭头和时间间隔。
        e.paragraphs << tr("The client stays in SYN_SENT and its connect() keeps waiting. With no answer, its kernel sends the SYN again (the same ISN) when its retransmission timer runs out: see the dashed arrow below and the gap before it.");
    else if (syn && !ack)
        //: zh: %1（它也调用了 connect()）停在 SYN_SENT。没有回答，它的内核会在重传定时器到期时再发一次 SYN（同一个 ISN）。
        e.paragraphs << tr("The %1 (it called connect() too) stays in SYN_SENT. With no answer, its kernel sends the SYN again (the same ISN) when its retransmission timer runs out.")
                            .arg(sender);
    else if (syn && ack)
        //: zh: 客户端仍在 SYN_SENT，connect() 没有返回。服务器把半打开的连接留在 SYN_RCVD，定时器到期时重发 SYN+ACK；客户端也可能先重发它的 SYN，服务器会再用 SYN+ACK 回答。客户端在收到其中一个 SYN+ACK 时才变为 ESTABLISHED。
        e.paragraphs << tr("The client is still in SYN_SENT and connect() has not returned. The server keeps the half-open connection in SYN_RCVD and sends its SYN+ACK again when its timer runs out; the client may send its SYN again first, and the server answers that copy with a SYN+ACK too. The client becomes ESTABLISHED when one of them arrives.");
    else if (fin)
        //: zh: %2没有收到 FIN：它仍是原来的状态，recv() 也不会返回 0。%1（FIN_WAIT_1）等不到对 FIN 的确认，会在定时器到期时重发 FIN。
        e.paragraphs << tr("The %2 did not get the FIN: it stays as it was, and its recv() does not return 0. The %1 (FIN_WAIT_1) gets no ACK of its FIN and sends it again when its timer runs out.")
                            .arg(sender, receiver);
    else if (s.len == 0 && ack)
        //: zh: 一个只带 ACK 的分节永远不会被重发：TCP 不确认 ACK。如果这是握手的最后一个 ACK，服务器仍在 SYN_RCVD，accept() 拿不到这个连接；以后任何一个带 ACK 的分节（通常是客户端的第一份数据）都能完成握手，或者服务器的定时器先到期，它重发 SYN+ACK，客户端再回答一个 ACK。下面的时序图显示实际是哪一种。
        e.paragraphs << tr("A segment that carries only an ACK is never sent again: TCP does not acknowledge ACKs. If this was the handshake's last ACK, the server is still in SYN_RCVD and accept() cannot take the connection; any later segment that carries the ACK (usually the client's first data) completes the handshake, or the server's timer runs out first, it sends its SYN+ACK again and the client answers with another ACK. The ladder below shows which happened.");
    else
        //: zh: %1会重发这些数据：在重传定时器到期时，或者在%2的重复 ACK 告诉它有一部分缺失时（快速重传）。
        e.paragraphs << tr("The %1 sends this data again: when its retransmission timer runs out, or when the %2's duplicate ACKs tell it a piece is missing (fast retransmit).")
                            .arg(sender, receiver);
    return e;
}

StepExplanation Explainer::segmentSteps(uint32_t index) const
{
    StepExplanation e;
    const SegmentList segments = t_.segments();
    const Segment s = segments[index];
    const Connection *c = t_.connection(s.connection);

    // What came before on this connection: the states before this segment, the FINs and the
    // data it may answer.
    // Unpacked one at a time, backwards from this segment: a connection may hold millions.
    const std::vector<uint32_t> &mine = t_.segmentIndices(s.connection);
    const size_t earlier = size_t(std::lower_bound(mine.begin(), mine.end(), index) - mine.begin());
    std::optional<Segment> previous;
    if (earlier > 0)
        previous = segments[mine[earlier - 1]];
    const Segment *prev = previous ? &*previous : nullptr;
    const TcpState clientBefore = prev ? prev->clientState : t_.initialClientState(s.connection);
    const TcpState serverBefore = prev ? prev->serverState : t_.initialServerState(s.connection);
    // Looked for among the last kLookBack segments only: an explanation must come at once,
    // whatever the length of the connection; beyond that, nothing is claimed. FINs are found
    // wherever they are (the timeline keeps their positions).
    constexpr size_t kLookBack = 65536;
    auto lastFrom = [&](Side side, auto &&pred) -> std::optional<Segment> {
        for (size_t k = earlier; k-- > 0 && earlier - k <= kLookBack;) {
            Segment x = segments[mine[k]];
            if (x.from == side && pred(x))
                return x;
        }
        return std::nullopt;
    };

    const Side from = s.from, to = otherSide(from);
    const QString sender = role(from), receiver = role(to);
    const QString senderBefore = stateName(from == Side::Client ? clientBefore : serverBefore);
    const QString senderAfter = stateName(from == Side::Client ? s.clientState : s.serverState);
    const QString receiverAfter = stateName(to == Side::Client ? s.clientState : s.serverState);
    const bool syn = s.flags & TcpFlag::Syn, fin = s.flags & TcpFlag::Fin, rst = s.flags & TcpFlag::Rst;
    const bool ack = s.flags & TcpFlag::Ack, psh = s.flags & TcpFlag::Psh;
    QString flags = QString::fromStdString(flagsLabel(s.flags));
    if (flags.isEmpty())
        //: zh: <无标志>
        flags = tr("<none>", "no TCP flag set");
    if (s.len > 0)
        flags += QStringLiteral(" - Len: %1").arg(s.len);

    //: zh: %1 %2 → %3 %4 · 第 %5 帧 · %6
    e.subtitle = tr("%1 %2 → %3 %4 · frame %5 · %6")
                     .arg(sender, endpoint(c, from), receiver, endpoint(c, to), num(s.frame), flags);
    if (!prev && !syn)
        //: zh: 抓包开始时这个连接已经建立：相对序号从看到的第一个段算起，而不是从 ISN 算起。
        e.paragraphs << tr("The capture began after this connection was opened: relative numbers count from the first segment seen, not from an ISN.");

    if (s.anomalies & Anomaly::Nonsense) {
        e.warning = true;
        //: zh: 异常：%1
        e.title = tr("Anomaly: %1").arg(flags);
        for (const std::string &name : anomalyNames(s.anomalies))
            e.paragraphs << anomalyText(name);
        //: zh: 这样的段不会改变这里的任何 TCP 状态：真实的协议栈会丢弃它，或者用 RST 回应。
        e.paragraphs << tr("Such a segment changes no TCP state here: a real stack drops it or answers with RST.");
        return e;
    }

    // The two SYNs crossed: this one finds its receiver in SYN_SENT (it connect()ed too).
    const TcpState receiverBeforeState = to == Side::Client ? clientBefore : serverBefore;
    const TcpState receiverAfterState = to == Side::Client ? s.clientState : s.serverState;
    if (syn && !ack && receiverBeforeState == TcpState::SynSent && receiverAfterState == TcpState::SynRcvd) {
        //: zh: SYN：两个 SYN 交错（同时打开）
        e.title = tr("SYN: the two SYNs cross (a simultaneous open)");
        //: zh: %1也调用了 connect()，已经发出了自己的 SYN：这个 SYN 到达时它处于 SYN_SENT。没有谁在监听，%1的内核照样接受这个 SYN（RFC 9293 3.5，同时打开）：它进入 SYN_RCVD，并用 SYN+ACK 回答——再发一次自己的 SYN（同一个 ISN），加上对这个 SYN 的 ACK。
        e.paragraphs << tr("The %1 called connect() too and has sent its own SYN: it is in SYN_SENT when this SYN arrives. Nothing listens, and the %1's kernel takes the SYN all the same (RFC 9293 3.5, simultaneous open): it goes to SYN_RCVD and answers with a SYN+ACK, its own SYN again (the same ISN) with an ACK of this one.")
                            .arg(receiver);
        if (s.retransmission)
            //: zh: 这是%1的第二份 SYN（它的定时器到期后重发的）：第一份被实验网络丢弃了，这样两边重发的 SYN 才会在路上交错。
            e.paragraphs << tr("This is the %1's second SYN, sent when its timer ran out: the lab dropped the first, so that the two sides' copies cross on the way.")
                                .arg(sender);
        //: zh: 这里没有服务器：每一方既是客户端也是服务器。两边都会发 SYN+ACK，各自在收到对方的 SYN+ACK 时进入 ESTABLISHED，connect() 返回；没有 accept()。
        e.paragraphs << tr("There is no server here: each side is both. Both send a SYN+ACK, each becomes ESTABLISHED when the other's arrives and its connect() returns; there is no accept().");
        //: zh: ISN = %1（相对 0）；下一个序号 = ISN + 1 = %2（相对 1）
        e.arithmetic << tr("ISN = %1 (relative 0); next seq = ISN + 1 = %2 (relative 1)").arg(num(s.seq), num(uint32_t(s.seq + 1)));
        return e;
    }

    if (s.retransmission) {
        e.warning = true;
        //: zh: 重传：%1又发了一次
        e.title = tr("Retransmission: the %1 sends it again").arg(sender);
        //: zh: 这个段重复了%1之前发过的一个段，Seq 相同，都是 %2：对它的 ACK 没有及时回来。
        e.paragraphs << tr("This segment repeats one the %1 sent before, with the same Seq %2: no ACK for it came back in time.")
                            .arg(sender, both(s.seq, s.relSeq));
        // What the lab dropped is known (LabDropPlan.h): said instead of the usual guesses.
        const std::optional<Segment> droppedCopy = lastFrom(from, [&](const Segment &x) {
            return (x.anomalies & Anomaly::DroppedByLab) && x.seq == s.seq && (x.flags & (TcpFlag::Syn | TcpFlag::Fin)) == (s.flags & (TcpFlag::Syn | TcpFlag::Fin));
        });
        const std::optional<Segment> droppedAck = syn && ack ? lastFrom(to, [](const Segment &x) {
            return (x.anomalies & Anomaly::DroppedByLab) && (x.flags & TcpFlag::Ack) && !(x.flags & TcpFlag::Syn) && x.len == 0;
        }) : std::nullopt;
        const std::optional<Segment> droppedAnswer = syn && !ack ? lastFrom(to, [](const Segment &x) {
            return (x.anomalies & Anomaly::DroppedByLab) && (x.flags & TcpFlag::Syn) && (x.flags & TcpFlag::Ack);
        }) : std::nullopt;
        if (droppedAnswer) {
            //: zh: 服务器其实回答了（第 %1 帧的 SYN+ACK），但实验网络把回答丢弃了：客户端仍在 SYN_SENT，它的定时器到期，于是再发一次 SYN。处于 SYN_RCVD 的服务器会再用 SYN+ACK 回答这一份。
            e.paragraphs << tr("The server did answer (the SYN+ACK of frame %1), but the lab dropped the answer: the client, still in SYN_SENT, had its timer run out and sent its SYN again. The server, in SYN_RCVD, answers this copy with a SYN+ACK again.")
                                .arg(droppedAnswer->frame);
        } else if (droppedCopy) {
            //: zh: 实验网络丢弃了上一份（第 %1 帧），%2没有收到它，也就没有回应；%3的定时器到期（%4 之后），于是再发一次。这一份到达了。
            e.paragraphs << tr("The lab dropped the copy before (frame %1): the %2 never got it, so no answer came; the %3's timer ran out (%4 later) and it sent it again. This copy arrived.")
                                .arg(droppedCopy->frame)
                                .arg(receiver, sender, formatTimeGap(s.timeUs - droppedCopy->timeUs).mid(1));
        } else if (droppedAck) {
            //: zh: 实验网络丢弃了客户端完成握手的 ACK（第 %1 帧）：服务器没有收到它，仍处于 SYN_RCVD。它的定时器到期，于是重发 SYN+ACK；客户端却早已认为连接建立了，它会用一个新的 ACK 回答。
            e.paragraphs << tr("The lab dropped the client's ACK that would complete the handshake (frame %1): the server never got it and is still in SYN_RCVD. Its timer ran out, so it sends the SYN+ACK again; the client, which believes the connection is open already, answers with another ACK.")
                                .arg(droppedAck->frame);
        } else if (syn && !ack) {
            // How long the kernel waited is in the capture; how it chooses the wait depends on
            // the kernel (and its net.ipv4.tcp_syn_linear_timeouts), so it is only described.
            const std::optional<Segment> before = lastFrom(from, [](const Segment &x) {
                return (x.flags & (TcpFlag::Syn | TcpFlag::Ack)) == TcpFlag::Syn;
            });
            if (before)
                //: zh: 这一份在上一份之后 %1 发出：内核等这么久没有得到回应，就再发一次 SYN。Linux 第一次等约 1 秒；之后的等待时间或者每次翻倍，或者（6.5 及以后的内核，见 net.ipv4.tcp_syn_linear_timeouts）前几次都是 1 秒。
                e.paragraphs << tr("This copy left %1 after the one before: the kernel waited that long for an answer, then sent the SYN again. Linux waits about 1 s first; later waits either double or, on kernels from 6.5 (net.ipv4.tcp_syn_linear_timeouts), stay at 1 s for the first tries.")
                                    .arg(formatTimeGap(s.timeUs - before->timeUs).mid(1));
            //: zh: 上一个 SYN 没有得到任何回应。可能的原因：服务器的已完成连接队列满了（握手已完成、还没被 accept() 取走的连接太多，Linux 会丢弃新的 SYN），SYN 在路上丢了，或者防火墙丢弃了发往这个端口的 SYN。
            e.paragraphs << tr("Nothing answered the SYN before. The usual reasons: the server's accept queue is full (too many connections whose handshake is done wait for accept(), and Linux drops new SYNs), the SYN was lost on the way, or a firewall drops SYNs to this port.");
            if (s.serverState == TcpState::Listen)
                //: zh: 这里的服务器套接字一直在监听（LISTEN）：内核丢弃了那个 SYN，没有为它进入 SYN_RCVD。
                e.paragraphs << tr("The server's socket here was listening (LISTEN) all along: its kernel dropped that SYN and never went to SYN_RCVD for it.");
        } else if (syn && ack && from == Side::Server
                   && lastFrom(to, [](const Segment &x) { return (x.flags & TcpFlag::Ack) && !(x.flags & TcpFlag::Syn) && x.relAck == 1; })) {
            //: zh: 服务器再次发出 SYN+ACK：它没有收下客户端的 ACK，仍处于 SYN_RCVD。在 Linux 上，accept 队列满时内核会丢弃完成握手的 ACK 并重发 SYN+ACK；客户端却早已认为连接建立了。
            e.paragraphs << tr("The server sends its SYN+ACK again: it never took the client's ACK and is still in SYN_RCVD. On Linux a full accept queue makes the kernel drop the ACK that would complete the handshake and send the SYN+ACK again, while the client already believes the connection is open.");
        } else {
            //: zh: TCP 有一个重传定时器（RTO：Linux 上至少 200 毫秒，每重试一次翻倍）。定时器到期时，还没被确认的字节会再发一次。已经收到这些字节的接收方会丢弃副本并再次确认。
            e.paragraphs << tr("TCP keeps a retransmission timer (RTO: at least 200 ms on Linux, doubled after every try). When it runs out, the bytes not yet acknowledged are sent again. A receiver that already has them drops the copy and acknowledges again.");
        }
        e.arithmetic << QStringLiteral("Seq = %1").arg(both(s.seq, s.relSeq));
        return e;
    }

    if (rst) {
        e.warning = true;
        const bool refused = c && c->refusalFrame == s.frame;
        if (refused) {
            //: zh: RST：连接被拒绝
            e.title = tr("RST: connection refused");
            //: zh: 端口 %1 上没有程序在监听，所以服务器的内核用复位（RST）而不是 SYN+ACK 来回应这个 SYN。
            e.paragraphs << tr("Nothing listens on port %1, so the server's kernel answers the SYN with a reset instead of a SYN+ACK.")
                                .arg(c ? num(c->server.port) : QStringLiteral("?"));
            if (ack) {
                //: zh: 它的 ack = %1 + 1 = %2 确认了那个 SYN，客户端因此知道这个 RST 是对自己的 SYN 的回应，而不是伪造的。
                e.paragraphs << tr("Its ack = %1 + 1 = %2 acknowledges the SYN, so the client knows the RST answers its own SYN and is not forged.")
                                    .arg(num(uint32_t(s.ack - 1)), num(s.ack));
                e.arithmetic << QStringLiteral("ack = %1 + 1 = %2").arg(num(uint32_t(s.ack - 1)), num(s.ack));
            }
            //: zh: connect() 失败，错误为 ECONNREFUSED（"Connection refused"，连接被拒绝）。连接从未建立：双方都是 CLOSED，没有 FIN，也没有 TIME_WAIT。
            e.paragraphs << tr("connect() fails with ECONNREFUSED (\"Connection refused\"). No connection ever existed: both sides are CLOSED, there is no FIN and no TIME_WAIT.");
        } else {
            //: zh: RST：%1中止了连接
            e.title = tr("RST: the %1 aborts the connection").arg(sender);
            //: zh: 复位会立刻结束连接，不经过 FIN 交换：双方都丢弃这个连接，变为 CLOSED。还没交给程序的数据被丢弃，%1下一次调用 recv() 或 send() 会失败，错误为 ECONNRESET（"Connection reset by peer"，连接被对方重置）。
            e.paragraphs << tr("A reset ends the connection at once, without the FIN exchange: both sides drop it and are CLOSED. Data not yet delivered is thrown away, and the %1's next recv() or send() fails with ECONNRESET (\"Connection reset by peer\").")
                                .arg(receiver);
            //: zh: 常见原因：程序关闭套接字时还有没读的数据，或者把 SO_LINGER 设成了 0（即中止连接）；或者收到了接收方不认识（或已经忘掉）的连接的段。RST 不需要回应，所以也没有 TIME_WAIT。
            e.paragraphs << tr("Usual causes: a program closed its socket with unread data or with SO_LINGER set to 0 (an abort), or a segment arrived for a connection the receiver does not know (any more). Nothing answers an RST, so there is no TIME_WAIT either.");
            e.arithmetic << QStringLiteral("Seq = %1").arg(both(s.seq, s.relSeq));
        }
        return e;
    }

    if (syn && !ack) {
        if (from == Side::Client) {
            //: zh: SYN：客户端发起连接
            e.title = tr("SYN: the client opens the connection");
            //: zh: connect() 让客户端内核发出一个 SYN（"同步序号"）："我想建立连接，我的字节从这里开始编号"。它从 %1（内核为客户端挑选的临时端口）发往 %2。
            e.paragraphs << tr("connect() made the client's kernel send a SYN (\"synchronize sequence numbers\"): \"I want to open a connection, and my bytes are numbered from here\". It leaves from %1, a port the kernel picked for the client (an ephemeral port), for %2.")
                                .arg(endpoint(c, Side::Client), endpoint(c, Side::Server));
        } else {
            //: zh: 来自%1的 SYN
            e.title = tr("SYN from the %1").arg(sender);
        }
        //: zh: %1选定了初始序号（ISN）%2；相对序号把它显示为 0。ISN 的选法让人难以猜到（时钟加上地址和密钥的哈希），这样旧连接残留的段或攻击者伪造的段就对不上号。
        e.paragraphs << tr("The %1 picked the initial sequence number (ISN) %2; relative numbers show it as 0. The ISN is hard to guess (a clock plus a hash of the addresses and a secret), so that segments of an old connection or of an attacker do not fit.")
                            .arg(sender, num(s.seq));
        //: zh: SYN 不携带数据，但要占用一个序号：第一个数据字节的序号将是 %1（相对 1）。%2的状态从 %3 变为 %4。
        e.paragraphs << tr("A SYN carries no data but takes one sequence number: the first data byte will be number %1 (relative 1). The %2 goes from %3 to %4.")
                            .arg(num(uint32_t(s.seq + 1)), sender, senderBefore, senderAfter);
        if (from == Side::Client) {
            if (s.serverState == TcpState::SynRcvd)
                //: zh: 服务器的监听套接字收到它：内核为这个连接进入 SYN_RCVD，并立刻用 SYN+ACK 回应（下一步）。
                e.paragraphs << tr("The server's listening socket receives it: its kernel goes to SYN_RCVD for this connection and answers with a SYN+ACK at once (the next step).");
            else if (s.serverState == TcpState::Closed)
                //: zh: 那个端口上没有程序在监听：服务器一直是 CLOSED，它的内核会用 RST 回应。
                e.paragraphs << tr("Nothing listens on that port: the server is CLOSED all along, and its kernel will answer with a RST.");
            else if (s.serverState == TcpState::Listen)
                //: zh: 服务器的内核没有回应这个 SYN（至少目前没有）：服务器对它而言仍是 LISTEN，没有进入 SYN_RCVD。Linux 在 accept 队列满时就是这样丢弃 SYN 的；客户端会在约 1 秒后重发。
                e.paragraphs << tr("The server's kernel has not answered this SYN (not yet, at least): for it the server is still LISTEN, not SYN_RCVD. That is how Linux drops a SYN while the accept queue is full; the client sends it again after about 1 s.");
            else if (s.serverState == TcpState::Unknown)
                //: zh: 抓包里没有对这个 SYN 的回应，所以无法知道服务器做了什么（accept 队列满时丢弃、被防火墙过滤、或在路上丢失）：这里不显示服务器的状态。
                e.paragraphs << tr("No answer to this SYN was captured, so the packets do not tell what the server did with it (dropped for a full accept queue, filtered, or lost on the way): no server state is shown.");
        }
        //: zh: 选项：%1说明自己能做什么。
        e.paragraphs << tr("Options: the %1 says what it can do.").arg(sender);
        e.points = optionPoints(s);
        //: zh: ISN = %1（相对 0）；下一个序号 = ISN + 1 = %2（相对 1）
        e.arithmetic << tr("ISN = %1 (relative 0); next seq = ISN + 1 = %2 (relative 1)").arg(num(s.seq), num(uint32_t(s.seq + 1)));
        return e;
    }

    if (syn && ack) {
        //: zh: SYN+ACK：%1应答
        e.title = tr("SYN+ACK: the %1 answers").arg(sender);
        const bool crossed = c && c->simultaneousOpen;
        if (crossed)
            //: zh: 同时打开：%1收到了对方的 SYN，而它自己的 SYN 已经发出。它回答 SYN+ACK：自己的 SYN（与之前同一个 ISN）加上对对方 SYN 的 ACK。对方也会这样做。
            e.paragraphs << tr("A simultaneous open: the %1 got the other side's SYN after sending its own. It answers with a SYN+ACK: its own SYN (the same ISN as before) with an ACK of the other's. The other side does the same.")
                                .arg(sender);
        else if (from == Side::Server)
            //: zh: 服务器内核自己立即回应这个 SYN：只要套接字在监听就够了，accept() 不参与。SYN+ACK 在一个段里做了两件事。
            e.paragraphs << tr("The server's kernel answers the SYN by itself, at once: the socket listens, that is enough; accept() plays no part in it. SYN+ACK does two things in one segment.");
        //: zh: SYN：%1选定自己的初始序号 ISN %2（相对 0）：两个方向各自给自己的字节编号。
        e.paragraphs << tr("SYN: the %1 picks its own initial sequence number, ISN %2 (relative 0): each direction numbers its bytes on its own.")
                            .arg(sender, num(s.seq));
        //: zh: ACK：ack = %1的 ISN + 1 = %2 + 1 = %3（相对 1）："我收到了你的 SYN；我等着你的下一个字节，序号 %3"。%1的 SYN 占用了一个序号，所以 ack 要多一。
        e.paragraphs << tr("ACK: ack = the %1's ISN + 1 = %2 + 1 = %3 (relative 1): \"I got your SYN; the next byte I expect from you is number %3\". The %1's SYN took one sequence number, so the ack is one more.")
                            .arg(receiver, num(uint32_t(s.ack - 1)), num(s.ack));
        if (crossed)
            //: zh: %1从收到对方的 SYN 起就处于 SYN_RCVD（没有未完成连接队列（SYN 队列）：没有监听套接字）。这个分节到达时，%2进入 %3，它的 connect() 返回。
            e.paragraphs << tr("The %1 has been in SYN_RCVD since the other side's SYN arrived (there is no SYN queue: no listening socket). When this segment arrives, the %2 is %3 and its connect() returns.")
                                .arg(sender, receiver, receiverAfter);
        else if (senderBefore == senderAfter)
            // The server's state changed when the SYN arrived, not when it answers.
            //: zh: %1从收到 SYN 起就处于 %2；这个尚未完成的连接在未完成连接队列（SYN 队列）里等待最后一个 ACK。这个分节到达时，%3进入 %4，它的 connect() 返回。
            e.paragraphs << tr("The %1 has been in %2 since the SYN arrived; the half-open connection waits in the SYN queue for the last ACK. When this segment arrives, the %3 is %4 and its connect() returns.")
                                .arg(sender, senderAfter, receiver, receiverAfter);
        else
            //: zh: %1的状态从 %2 变为 %3；这个半打开的连接在 SYN 队列里等待对方的 ACK。这个段到达时，%4进入 %5，它的 connect() 返回。
            e.paragraphs << tr("The %1 goes from %2 to %3; the half-open connection waits in the SYN queue for the last ACK. When this segment arrives, the %4 is %5 and its connect() returns.")
                                .arg(sender, senderBefore, senderAfter, receiver, receiverAfter);
        //: zh: 选项是对对方选项的回应：每一方发送的段都不超过对方的 MSS；窗口缩放和 SACK 只有双方的 SYN 都提出时才使用。
        e.paragraphs << tr("The options answer the other side's: each side sends at most the other's MSS; window scaling and SACK are used only if both SYNs offered them.");
        e.points = optionPoints(s);
        //: zh: ack = %1 + 1 = %2（SYN 占用一个序号）
        e.arithmetic << tr("ack = %1 + 1 = %2 (a SYN takes one sequence number)").arg(num(uint32_t(s.ack - 1)), num(s.ack));
        return e;
    }

    const bool completesHandshake = c && c->establishingFrame == s.frame && from == Side::Client;
    // The handshake's ACK was lost (the lab dropped it): a later segment carrying the ACK did its work.
    const std::optional<Segment> lostAck = completesHandshake
        ? lastFrom(Side::Client, [](const Segment &x) { return (x.anomalies & Anomaly::DroppedByLab) && x.len == 0 && !(x.flags & (TcpFlag::Syn | TcpFlag::Fin)); })
        : std::nullopt;
    if (completesHandshake && lostAck && s.len > 0) {
        //: zh: 数据完成了三次握手
        e.title = tr("Data completes the three-way handshake");
        //: zh: 握手的最后一个 ACK（第 %1 帧）被实验网络丢弃了，服务器一直停在 SYN_RCVD。这个数据分节也带着 ACK：ack = 服务器的 ISN + 1 = %2，确认了服务器的 SYN。它一到，服务器就变为 ESTABLISHED，accept() 可以返回，数据随即交给服务器：握手由数据完成，不需要再发一个 ACK。
        e.paragraphs << tr("The handshake's last ACK (frame %1) was dropped by the lab, and the server stayed in SYN_RCVD. This data segment carries the ACK too: ack = the server's ISN + 1 = %2, acknowledging the server's SYN. When it arrives the server becomes ESTABLISHED, accept() can return, and the data goes to the server: the data completed the handshake, no other ACK was needed.")
                            .arg(lostAck->frame)
                            .arg(num(s.ack));
    } else if (completesHandshake && lostAck) {
        //: zh: ACK：三次握手完成（第二次）
        e.title = tr("ACK: the three-way handshake is complete (at the second try)");
        //: zh: 握手的最后一个 ACK（第 %1 帧）被实验网络丢弃了；服务器的定时器到期后重发了 SYN+ACK，客户端用这个 ACK 回答。它一到，服务器就变为 ESTABLISHED，accept() 可以返回。
        e.paragraphs << tr("The handshake's last ACK (frame %1) was dropped by the lab; the server's timer ran out, it sent its SYN+ACK again, and the client answered with this ACK. When it arrives the server becomes ESTABLISHED and accept() can return.")
                            .arg(lostAck->frame);
        return e;
    }
    if (completesHandshake && !lostAck) {
        //: zh: ACK：三次握手完成
        e.title = tr("ACK: the three-way handshake is complete");
        //: zh: 客户端确认服务器的 SYN：ack = 服务器的 ISN + 1 = %1 + 1 = %2（相对 1）。它自己的 seq 是 %3：它的 SYN 用掉了 ISN，所以下一个序号是 ISN + 1。这个 ACK 不携带数据，也不占用序号。
        e.paragraphs << tr("The client acknowledges the server's SYN: ack = the server's ISN + 1 = %1 + 1 = %2 (relative 1). Its own seq is %3: its SYN used the ISN, so its next number is ISN + 1. This ACK carries no data and takes no sequence number.")
                            .arg(num(uint32_t(s.ack - 1)), num(s.ack), both(s.seq, s.relSeq));
        //: zh: 客户端在收到 SYN+ACK 时就已经是 ESTABLISHED；服务器在这个 ACK 到达时变为 ESTABLISHED。三个段之后，双方都知道了对方的 ISN，也知道自己的 ISN 对方已经收到：这就是三次握手。
        e.paragraphs << tr("The client has been ESTABLISHED since the SYN+ACK arrived; the server becomes ESTABLISHED when this ACK arrives. After three segments each side knows the other's ISN and that its own got through: that is the three-way handshake.");
        //: zh: accept() 在这个 ACK 之后才返回：内核已经完成了握手，并把连接从 SYN 队列移进 accept 队列。accept() 只是从这个队列里取出连接，并不参与握手（在服务器面板里暂停 accept() 就能看到）。
        e.paragraphs << tr("accept() returns after this ACK, not before: the kernel completed the handshake and moved the connection from the SYN queue to the accept queue. accept() only takes it from that queue; it takes no part in the handshake (hold accept() in the server pane to see it).");
        //: zh: ack = %1 + 1 = %2（服务器的 SYN 也占用一个序号）
        e.arithmetic << tr("ack = %1 + 1 = %2 (the server's SYN takes one too)").arg(num(uint32_t(s.ack - 1)), num(s.ack));
        if (s.len == 0)
            return e;
    }

    auto lastFin = [&](Side side) -> std::optional<Segment> {
        const int64_t k = t_.lastFinBefore(s.connection, side, uint32_t(earlier));
        return k < 0 ? std::nullopt : std::optional<Segment>(segments[mine[size_t(k)]]);
    };
    const std::optional<Segment> peerFin = lastFin(to);

    if (fin) {
        const uint32_t finRel = s.relSeq + s.len; // the number the FIN occupies
        if (!peerFin) {
            //: zh: FIN：%1关闭自己这一端（半关闭）
            e.title = tr("FIN: the %1 closes its side (half close)").arg(sender);
            //: zh: close()（或 shutdown()）让%1的内核发出 FIN："我不会再发送数据了"。只关闭这一个方向：%2仍然可以发送，%1也仍然可以接收。
            e.paragraphs << tr("close() (or shutdown()) made the %1's kernel send a FIN: \"I will send no more data\". Only this direction closes: the %2 may still send, and the %1 still receives.")
                                .arg(sender, receiver);
            //: zh: FIN 和 SYN 一样占用一个序号：它的序号是 %1（相对），所以对它的确认将是 %2。
            e.paragraphs << tr("A FIN takes one sequence number, like a SYN: it is number %1 (relative), so the ACK for it will be %2.")
                                .arg(num(finRel), num(uint32_t(finRel + 1)));
            //: zh: %1现在处于 %2：它在等待对自己 FIN 的确认（之后是 FIN_WAIT_2，再等对方的 FIN）。FIN 到达后，%3进入 %4：它的 recv() 返回 0（文件结束），它的程序接着也应该调用 close()。
            e.paragraphs << tr("The %1 is now %2: it waits for the ACK of its FIN (then FIN_WAIT_2, until the peer's FIN). When the FIN arrives, the %3 goes to %4: its recv() returns 0 (end of file), and its program should close() in turn.")
                                .arg(sender, senderAfter, receiver, receiverAfter);
        } else {
            //: zh: FIN：%1也关闭了
            e.title = tr("FIN: the %1 closes too").arg(sender);
            //: zh: %1读到了文件结束（recv() 返回 0）并调用了 close()：它的内核发出自己的 FIN。它同样占用一个序号：序号 %2（相对），所以最后一个 ACK 将是 %3。
            e.paragraphs << tr("The %1 read the end of file (recv() returned 0) and called close(): its kernel sends its own FIN. It takes one sequence number too: number %2 (relative), so the last ACK will be %3.")
                                .arg(sender, num(finRel), num(uint32_t(finRel + 1)));
            if (ack && s.ack == uint32_t(peerFin->seq + peerFin->len + 1))
                //: zh: 它的 ack = %1 在同一个段里也确认了%2的 FIN。
                e.paragraphs << tr("Its ack = %1 also acknowledges the %2's FIN, in the same segment.").arg(num(s.relAck), receiver);
            //: zh: %1现在处于 %2：它在等最后一个 ACK。这个 FIN 到达后，%3进入 %4。
            e.paragraphs << tr("The %1 is now %2: it waits for the last ACK. When this FIN arrives, the %3 goes to %4.")
                                .arg(sender, senderAfter, receiver, receiverAfter);
        }
        if (s.len > 0) {
            //: zh: 它还携带了 %1 字节数据，这些数据的序号排在 FIN 之前。
            e.paragraphs << tr("It also carries %1 bytes of data, numbered before the FIN.").arg(s.len);
            //: zh: 下一个序号 = seq + len + 1 = %1 + %2 + 1 = %3（FIN 占用一个序号）
            e.arithmetic << tr("next seq = seq + len + 1 = %1 + %2 + 1 = %3 (a FIN takes one sequence number)")
                                .arg(num(s.relSeq), num(s.len), num(uint32_t(finRel + 1)));
        } else {
            //: zh: 下一个序号 = seq + 1 = %1 + 1 = %2（FIN 占用一个序号）
            e.arithmetic << tr("next seq = seq + 1 = %1 + 1 = %2 (a FIN takes one sequence number)")
                                .arg(num(s.relSeq), num(uint32_t(finRel + 1)));
        }
        return e;
    }

    if (s.len > 0) {
        const uint32_t next = s.relSeq + s.len;
        if (e.title.isEmpty())
            //: zh: 数据：%1 字节，从%2发往%3
            e.title = tr("Data: %1 bytes from the %2 to the %3").arg(num(s.len), sender, receiver);
        //: zh: send() 把这些字节交给%1的内核，内核用这个段把它们发出去。Seq %2 是第一个字节的序号：这个段携带第 %3 到第 %4 个字节（相对），所以%1的下一个段从 %3 + %5 = %6 开始。
        e.paragraphs << tr("send() handed the bytes to the %1's kernel, which sends them in this segment. Seq %2 is the number of the first byte: the segment carries bytes %3 to %4 (relative), so the %1's next segment starts at %3 + %5 = %6.")
                            .arg(sender, both(s.seq, s.relSeq), num(s.relSeq), num(uint32_t(next - 1)), num(s.len), num(next));
        if (psh)
            //: zh: PSH（推送）要求接收方立即把数据交给程序，而不是等更多数据。
            e.paragraphs << tr("PSH (push) asks the receiver to hand the data to the program now instead of waiting for more.");
        if (ack)
            //: zh: 握手之后的每个段都带 ACK 标志：ack = %1 顺便告诉%2，%3到目前为止从它那里收到了多少。
            e.paragraphs << tr("Every segment after the handshake has the ACK flag: ack = %1 tells the %2, in passing, how much the %3 has received from it so far.")
                                .arg(both(s.ack, s.relAck), receiver, sender);
        //: zh: %1将用 ack = %2（相对）确认它："第 %2 个字节之前的都收到了，下一个请发 %2"。
        e.paragraphs << tr("The %1 will acknowledge it with ack = %2 (relative): \"everything before byte %2 arrived; send %2 next\".")
                            .arg(receiver, num(next));
        //: zh: 下一个序号 = seq + len = %1 + %2 = %3 → %4的确认：ack = %3
        e.arithmetic << tr("next seq = seq + len = %1 + %2 = %3 → the %4's ACK: ack = %3")
                            .arg(num(s.relSeq), num(s.len), num(next), receiver);
        //: zh: 绝对值：%1 + %2 = %3
        e.arithmetic << tr("absolute: %1 + %2 = %3").arg(num(s.seq), num(s.len), num(uint32_t(s.seq + s.len)));
        return e;
    }

    if (completesHandshake)
        return e;

    if (ack && peerFin && s.ack == uint32_t(peerFin->seq + peerFin->len + 1)) {
        const uint32_t finRel = peerFin->relSeq + peerFin->len;
        const std::optional<Segment> ownFin = lastFin(from);
        if (ownFin) {
            //: zh: ACK：最后一个 ACK；%1进入 TIME_WAIT 等待
            e.title = tr("ACK: the last ACK; the %1 waits in TIME_WAIT").arg(sender);
            //: zh: %1确认%2的 FIN：ack = %3 + 1 = %4（FIN 占用了一个序号）。处于 LAST_ACK 的%2收到它后变为 CLOSED：它忘掉了这个连接。
            e.paragraphs << tr("The %1 acknowledges the %2's FIN: ack = %3 + 1 = %4 (the FIN took one number). The %2, in LAST_ACK, receives it and is CLOSED: it forgets the connection.")
                                .arg(sender, receiver, num(finRel), num(uint32_t(finRel + 1)));
            //: zh: 先关闭的%1要在 %2 状态停留 2×MSL（最大报文段生存时间的两倍；Linux 固定为 60 秒），然后才忘掉这个连接。为什么要等？如果这最后一个 ACK 丢了，%3会重发它的 FIN，%1必须还在才能回应；而且这个连接残留在网络中的旧段必须先消失，同样的两个"地址:端口"才能用于新的连接。
            e.paragraphs << tr("The %1, which closed first, stays in %2 for 2×MSL (twice the maximum segment lifetime; Linux waits a fixed 60 s) before it forgets the connection too. Why wait? If this last ACK is lost, the %3 sends its FIN again and the %1 must still be there to answer it; and stray old segments of this connection must die out before the same two address:port pairs can be used for a new one.")
                                .arg(sender, senderAfter, receiver);
        } else {
            //: zh: 对 FIN 的确认：连接处于半关闭状态
            e.title = tr("ACK of the FIN: the connection is half closed");
            //: zh: %1确认%2的 FIN：ack = %3 + 1 = %4（FIN 占用了一个序号）。%2进入 %5，等待%1的 FIN。
            e.paragraphs << tr("The %1 acknowledges the %2's FIN: ack = %3 + 1 = %4 (the FIN took one number). The %2 goes to %5 and waits for the %1's FIN.")
                                .arg(sender, receiver, num(finRel), num(uint32_t(finRel + 1)), receiverAfter);
            //: zh: %1处于 %2：来自%3的方向已经关闭，但在它的程序调用 close() 之前，%1仍然可以发送数据。
            e.paragraphs << tr("The %1 is in %2: the direction from the %3 is closed, but the %1 may still send data until its program calls close().")
                                .arg(sender, senderAfter, receiver);
        }
        //: zh: ack = %1 + 1 = %2（FIN 占用一个序号）
        e.arithmetic << tr("ack = %1 + 1 = %2 (a FIN takes one sequence number)").arg(num(finRel), num(uint32_t(finRel + 1)));
        return e;
    }

    const std::optional<Segment> data =
        ack ? lastFrom(to, [&](const Segment &x) { return x.len > 0 && uint32_t(x.seq + x.len) == s.ack; })
            : std::nullopt;
    if (data) {
        //: zh: ACK：%1确认收到数据
        e.title = tr("ACK: the %1 confirms the data").arg(sender);
        //: zh: ack = seq + len = %1 + %2 = %3："第 %3 个字节之前的都收到了；下一个请发 %3"。数据一进入接收缓冲区，%4的内核就发出这个确认，不等程序去读。
        e.paragraphs << tr("ack = seq + len = %1 + %2 = %3: \"everything before byte %3 arrived; send %3 next\". The %4's kernel sends this as soon as the data is in its receive buffer, before the program reads it.")
                            .arg(num(data->relSeq), num(data->len), num(s.relAck), sender);
        //: zh: 它不携带数据，所以%1自己的 seq（%2）不会增加。
        e.paragraphs << tr("It carries no data, so the %1's own seq (%2) does not advance.").arg(sender, num(s.relSeq));
        e.arithmetic << QStringLiteral("ack = %1 + %2 = %3").arg(num(data->relSeq), num(data->len), num(s.relAck));
        return e;
    }

    if (ack) {
        //: zh: ACK：%1的确认
        e.title = tr("ACK from the %1").arg(sender);
        //: zh: 一个纯确认：ack = %1——这个字节之前的数据都收到了。它不携带数据，也不占用序号。
        e.paragraphs << tr("A pure acknowledgment: ack = %1, everything before that byte arrived. It carries no data and takes no sequence number.")
                            .arg(both(s.ack, s.relAck));
        //: zh: 窗口 %1：%2现在还能接收多少字节。与上一个相同的 ACK（重复确认）告诉对方好像丢了一个段；只改变窗口的 ACK 是窗口更新。
        e.paragraphs << tr("Window %1: how many more bytes the %2 can take now. An ACK that repeats the previous one (a duplicate ACK) tells the peer a segment seems missing; one that only changes the window is a window update.")
                            .arg(num(s.winScaled), sender);
        return e;
    }

    //: zh: %1：来自%2的段
    e.title = tr("%1: a segment from the %2").arg(flags, sender);
    //: zh: 标志 %1，Seq %2。
    e.paragraphs << tr("Flags %1, Seq %2.").arg(flags, both(s.seq, s.relSeq));
    return e;
}

StepExplanation Explainer::call(const TimelineStep &step, uint32_t connectionId) const
{
    StepExplanation e;
    const SocketCall call = t_.call(step);
    const Connection *c = t_.connection(connectionId);
    const QString who = role(call.side);
    const QString detail = callDetail(call);
    e.title = callLabel(call.kind);
    e.subtitle = detail.isEmpty() ? who : QStringLiteral("%1 · %2").arg(who, detail);
    // Drawn at the segment that made it true; the program saw it a little later.
    if (!call.inferred && call.timeUs > step.timeUs)
        e.subtitle += QStringLiteral(" · ") + noticedLater(call.timeUs - step.timeUs);
    if (call.inferred)
        //: zh: （推断）
        e.subtitle += tr(" (inferred)");

    // Had the other side's FIN arrived when the call was made? (a second close)
    const Side peer = call.side == CallSide::Client ? Side::Server : Side::Client;
    // Or did its RST? Both from the positions the timeline keeps, however long the connection.
    const int64_t before = t_.segmentsUpTo(connectionId, step.timeUs);
    const int64_t peerFin = t_.firstFin(connectionId, peer), peerRst = t_.firstRst(connectionId, peer);
    const bool peerClosed = peerFin >= 0 && peerFin < before;
    const bool peerReset = peerRst >= 0 && peerRst < before;
    const bool listener = call.side == CallSide::Server && !call.hasPeer();
    const QString local = call.local.port ? QString::fromStdString(call.local.toString())
                          : c ? endpoint(c, call.side == CallSide::Client ? Side::Client : Side::Server) : QString();
    const QString remote = call.hasPeer() ? QString::fromStdString(call.peer.toString())
                           : c ? endpoint(c, call.side == CallSide::Client ? Side::Server : Side::Client) : QString();
    const QString bytes = call.bytes >= 0 ? byteCount(call.bytes) : QString();

    switch (call.kind) {
    case CallKind::Socket:
        //: zh: socket()：%1得到一个套接字
        e.title = tr("socket(): the %1 gets a socket").arg(who);
        //: zh: 程序向内核申请一个 TCP 套接字：socket(AF_INET, SOCK_STREAM, 0) 返回一个文件描述符。线路上还没有任何数据；这个套接字既没有地址，也没有连接（CLOSED）。
        e.paragraphs << tr("The program asks its kernel for a TCP socket: socket(AF_INET, SOCK_STREAM, 0) returns a file descriptor. Nothing goes over the wire yet; the socket has no address and no connection (CLOSED).");
        break;
    case CallKind::Bind:
        //: zh: bind()：%1占用一个地址
        e.title = tr("bind(): the %1 takes its address").arg(who);
        //: zh: bind() 把套接字绑定到 %1——客户端要连接的地址和端口。线路上仍然没有任何数据。（教程里的 INADDR_ANY，即 0.0.0.0，表示本机的所有地址。）
        e.paragraphs << tr("bind() attaches the socket to %1, the address and port clients will connect to. Still nothing on the wire. (INADDR_ANY in the tutorial, 0.0.0.0, means every address of this machine.)")
                            .arg(local);
        break;
    case CallKind::Listen:
        //: zh: listen()：被动打开
        e.title = tr("listen(): passive open");
        //: zh: 服务器先后调用了 socket() 和 bind()，现在调用 listen()：这就是"被动打开"。它的套接字变成监听套接字，状态为 LISTEN，地址 %1。它不发送任何东西：服务器只是等待。
        e.paragraphs << tr("The server called socket() and bind(), and now listen(): a passive open. Its socket becomes a listening socket, state LISTEN, on %1. It sends nothing: a server only waits.")
                            .arg(local);
        //: zh: 从现在起，内核自己会用 SYN+ACK 回应发到这个端口的每一个 SYN，并把已完成握手的连接放进 accept 队列（队列长度就是 backlog），直到程序调用 accept() 取走。
        e.paragraphs << tr("From now on the kernel itself answers every SYN for this port with a SYN+ACK, and keeps connections whose handshake is complete in the accept queue (its length is the backlog) until the program calls accept().");
        if (call.backlog >= 0)
            //: zh: backlog %1：最多 %1 个已完成握手的连接可以在 accept 队列里等待（Linux 实际允许 backlog + 1 个）；队列满了，新来的 SYN 会被丢弃。
            e.paragraphs << tr("Backlog %1: at most %1 connections whose handshake is complete may wait in the accept queue (Linux lets backlog + 1 in); while it is full, new SYNs are dropped.").arg(call.backlog);
        break;
    case CallKind::Connect:
        //: zh: connect()：主动打开
        e.title = tr("connect(): active open");
        //: zh: 客户端请求内核连接到 %1：这就是"主动打开"。内核挑一个空闲的本地端口（临时端口），选定初始序号，然后发出 SYN——也就是下一步。connect() 会一直阻塞，直到服务器的 SYN+ACK 到达（如果回来的是 RST 就失败）。
        e.paragraphs << tr("The client asks its kernel to connect to %1: an active open. The kernel picks a free local port (an ephemeral port), chooses an initial sequence number and sends a SYN, the next step. connect() blocks until the server's SYN+ACK arrives (or fails if an RST comes back).")
                            .arg(remote);
        break;
    case CallKind::ConnectReturns:
        if (call.error == ECONNREFUSED) {
            e.warning = true;
            //: zh: connect() 失败：连接被拒绝
            e.title = tr("connect() fails: connection refused");
            //: zh: RST 告诉客户端内核：那个端口上没有程序在监听。connect() 返回 -1，errno 为 ECONNREFUSED。连接从未建立。
            e.paragraphs << tr("The RST told the client's kernel that nothing listens on that port. connect() returns -1 with errno ECONNREFUSED. No connection was ever made.");
        } else if (call.error != 0) {
            e.warning = true;
            //: zh: connect() 失败：%1
            e.title = tr("connect() fails: %1").arg(detail);
            //: zh: 连接没有建立：connect() 返回 -1，errno 说明了原因。
            e.paragraphs << tr("No connection was made: connect() returns -1 and errno says why.");
        } else {
            //: zh: connect() 返回：客户端已连接
            e.title = tr("connect() returns: the client is connected");
            //: zh: SYN+ACK 到了；客户端内核回了最后一个 ACK，进入 ESTABLISHED。connect() 返回 0：客户端现在就可以发送数据，即使服务器程序还没调用 accept()。
            e.paragraphs << tr("The SYN+ACK arrived; the client's kernel answered with the last ACK of the handshake and is ESTABLISHED. connect() returns 0: the client may send data now, even before the server program calls accept().");
        }
        break;
    case CallKind::AcceptReturns:
        //: zh: accept() 返回：服务器程序拿到这个连接
        e.title = tr("accept() returns: the server program gets the connection");
        //: zh: accept() 为来自 %1 的连接返回一个新的套接字。最后一个 ACK 到达时内核就已经完成了握手，并把连接放进了 accept 队列；accept() 只是从队列里把它取出来。所以即使服务器程序迟迟不调用 accept()，握手也照样完成（在服务器面板里试试暂停 accept()）。
        e.paragraphs << tr("accept() returns a new socket for the connection from %1. The kernel completed the handshake when the final ACK arrived and put the connection in the accept queue; accept() only takes it from there. That is why the handshake completes even when the server program is slow to call accept() (try holding accept() in the server pane).")
                            .arg(remote);
        break;
    case CallKind::Send:
        if (call.error != 0) {
            e.warning = true;
            //: zh: send() 失败：%1
            e.title = tr("send() fails: %1").arg(detail);
            //: zh: 内核不再接受要发送的数据：对方已经复位了连接（ECONNRESET），或者连接已经结束（EPIPE）。还在发送缓冲区里的数据永远不会发出去了。
            e.paragraphs << tr("The kernel takes no more data to send: the peer has reset the connection (ECONNRESET), or the connection has ended (EPIPE). What was still in the send buffer will never go out.");
            break;
        }
        //: zh: send()：%1把数据交给内核
        e.title = tr("send(): the %1 hands data to its kernel").arg(who);
        //: zh: send() 把字节（%1）复制到套接字的发送缓冲区就返回；什么时候发到线路上由内核决定（下一个数据段）。每个字节都有一个序号。
        e.paragraphs << tr("send() copies the bytes (%1) into the socket's send buffer and returns; the kernel decides when they go on the wire (the next data segment). Every byte gets a sequence number.")
                            .arg(bytes);
        if (call.endsWithNewline)
            //: zh: 最后一个字节是换行符（\\n）：它结束这一行，按行读取的对方（nc、教程里的程序）因此把每条消息单独显示成一行。聊天面板会在每条消息末尾加上它，除非取消勾选“每条消息后加换行”。它也是一个字节：数据分节的 Len 把它算在内。
            e.paragraphs << tr("The last byte is a newline (\\n): it ends the line, so that a peer that reads lines (nc, the tutorial's programs) shows each message on its own line. The chat panes add one to each message unless \"Newline after each\" is unticked. It is a byte like any other: the data segment's Len counts it.");
        break;
    case CallKind::Recv:
        if (call.error != 0) {
            e.warning = true;
            //: zh: recv() 失败：%1
            e.title = tr("recv() fails: %1").arg(detail);
            if (call.error == ECONNRESET)
                //: zh: 对方的 RST 到了：连接被复位，recv() 返回 -1，errno 为 ECONNRESET。对方内核丢弃了它的程序还没读的数据，这一端还没发出的数据也丢了。这不是 FIN：没有四次挥手，也没有 TIME_WAIT。程序接着 close() 这个套接字，线路上什么也不再发送。
                e.paragraphs << tr("The peer's RST arrived: the connection is reset, and recv() returns -1 with errno ECONNRESET. The peer's kernel threw away what its program had not read, and what this side had not sent is lost too. This is not a FIN: no closing handshake, no TIME_WAIT. The program then close()s the socket, and nothing more goes on the wire.");
            else
                //: zh: recv() 返回 -1，errno 说明了原因：连接已经不能再用了。
                e.paragraphs << tr("recv() returns -1 and errno says why: the connection cannot be used any more.");
            break;
        }
        if (call.bytes == 0) {
            //: zh: recv() 返回 0：数据流结束
            e.title = tr("recv() returns 0: end of the stream");
            //: zh: 对方的 FIN 到了：recv() 返回 0，就像 read() 读到文件末尾返回 0 一样。程序由此知道对方不会再发数据了，它也应该 close() 自己的套接字。
            e.paragraphs << tr("The peer's FIN arrived: recv() returns 0, the way read() returns 0 at the end of a file. The program knows the other side will send nothing more, and should close() its socket too.");
            break;
        }
        //: zh: recv()：%1读取数据
        e.title = tr("recv(): the %1 reads data").arg(who);
        //: zh: recv() 从接收缓冲区取出内核已经收到并确认过的字节（%1）。ACK 不等程序：是内核自己发的。
        e.paragraphs << tr("recv() takes bytes (%1) that the kernel has already received and acknowledged out of the receive buffer. The ACK did not wait for the program: the kernel sends it by itself.")
                            .arg(bytes);
        break;
    case CallKind::Shutdown:
        //: zh: shutdown()：%1关闭自己的发送方向
        e.title = tr("shutdown(): the %1 closes its sending side").arg(who);
        //: zh: shutdown(SHUT_WR) 让内核发出 FIN（下一步）："我不会再发送数据了"；但套接字仍然打开，还可以接收对方发来的数据，直到对方也关闭。这就是半关闭。
        e.paragraphs << tr("shutdown(SHUT_WR) makes the kernel send a FIN (the next step): \"I will send no more data\"; but the socket stays open and still receives what the other side sends, until it closes too. That is a half-close.");
        break;
    case CallKind::Close:
        //: zh: close()：%1关闭套接字
        e.title = tr("close(): the %1 closes its socket").arg(who);
        if (call.connectionGone || (peerReset && !call.abortive && !listener))
            //: zh: 对方已经复位了连接（它的 RST 到了），连接已经不存在：close() 只是释放描述符，线路上什么也不发送——没有 FIN，也没有 TIME_WAIT。
            e.paragraphs << tr("The other side has reset the connection (its RST arrived), so the connection is gone: close() only frees the descriptor and nothing goes on the wire, no FIN and no TIME_WAIT.");
        else if (call.abortive)
            //: zh: SO_LINGER 设为 0 的 close() 是一次中止：内核丢弃还没发出的数据，发出 RST 而不是 FIN。没有四次挥手，也没有 TIME_WAIT。
            e.paragraphs << tr("A close() with SO_LINGER set to 0 is an abort: the kernel throws away what is not sent yet and sends a RST instead of a FIN. No FIN exchange, and no TIME_WAIT.");
        else if (listener)
            //: zh: 关闭监听套接字：以后发到 %1 的 SYN 会被 RST 拒绝。还在 accept 队列里、没被 accept() 取走的连接会被内核用 RST 复位。
            e.paragraphs << tr("Closing the listening socket: SYNs to %1 are refused with RST from now on. Connections still waiting in the accept queue, never taken by accept(), are reset by the kernel with RST.").arg(local);
        else if (peerClosed)
            //: zh: 对方已经关闭了它那一端（FIN 已到），所以这是第二个关闭：内核发出自己的 FIN，然后等待最后一个 ACK（LAST_ACK）。
            e.paragraphs << tr("The other side has closed its half already (its FIN arrived), so this is the second close: the kernel sends its own FIN and then waits for the last ACK (LAST_ACK).");
        else
            //: zh: 程序不再使用这个套接字。如果连接还开着，内核会发出 FIN（这一端的下一个箭头）："我不会再发送数据了"。关闭监听套接字则什么也不发送；之后发到这个端口的 SYN 会被 RST 拒绝。
            e.paragraphs << tr("The program is done with the socket. If the connection is open, the kernel sends a FIN (the next arrow from this side): \"I will send no more data\". Closing a listening socket sends nothing; SYNs to its port are then refused with RST.");
        break;
    default:
        //: zh: %1调用了 %2。
        e.paragraphs << tr("The %1 called %2.").arg(who, callLabel(call.kind));
        break;
    }
    if (call.inferred)
        //: zh: 这个调用不在抓包里：它是从数据包推断出来的（抓包只记录线路上传输的内容）。
        e.paragraphs << tr("This call is not in the capture: it is deduced from the packets (a capture only holds what went over the wire).");
    return e;
}

StepExplanation Explainer::idle(bool live)
{
    StepExplanation e;
    //: zh: 逐步讲解
    e.title = tr("Step by step");
    if (live)
        //: zh: 先启动服务器（右侧），再连接客户端（左侧）：两个内核交换的每一个段都会出现在梯形图上，并在这里逐步讲解。勾选"等等我"后，新的步骤只有在你按 → 或空格时才显示。
        e.paragraphs << tr("Start the server (right), then connect the client (left): every segment the two kernels exchange appears on the ladder and is explained here, step by step. Tick \"Wait for me\" to reveal new steps only when you press Right arrow or Space.");
    if (live)
        //: zh: 或者从“课程”菜单里选一节课：它让一个经典场景真实地发生一次（握手、连接被拒绝、丢失的 SYN、已完成连接队列满了、半关闭、TIME_WAIT……），自己停下，旁边有一张讲解卡片。
        e.paragraphs << tr("Or pick a lesson from the Lessons menu: it makes one classic situation happen for real (the handshake, a refused connection, a lost SYN, a full accept queue, a half-close, TIME_WAIT…), stops by itself, and comes with a card beside the ladder.");
    //: zh: 按 →（右方向键）前进一步，空格自动播放；← 后退，Home 和 End 跳到第一步和最后一步。点击一个箭头，它就成为当前步骤。
    e.paragraphs << tr("Right arrow goes forward one step, Space plays; Left arrow goes back, Home and End jump to the first and the last step. Click an arrow to make it the current step.");
    return e;
}

} // namespace

QString StepExplanation::toHtml() const
{
    QString html;
    html += QStringLiteral("<h3 style=\"margin-bottom:2px; color:%1\">%2</h3>")
                .arg(warning ? QStringLiteral("#b91c1c") : QStringLiteral("#0f172a"), title.toHtmlEscaped());
    if (!subtitle.isEmpty())
        html += QStringLiteral("<p style=\"color:#64748b; margin-top:0px\">%1</p>").arg(subtitle.toHtmlEscaped());
    for (const QString &p : paragraphs)
        html += QStringLiteral("<p>%1</p>").arg(p.toHtmlEscaped());
    // The arithmetic before the list of options: it is the point, and it stays in sight.
    if (!arithmetic.isEmpty()) {
        QStringList lines;
        for (const QString &a : arithmetic)
            lines << a.toHtmlEscaped();
        html += QStringLiteral("<table cellpadding=\"6\" bgcolor=\"#eef2ff\"><tr><td><code style=\"color:#1e3a8a\">%1</code></td></tr></table>")
                    .arg(lines.join(QStringLiteral("<br/>")));
    }
    if (!points.isEmpty()) {
        html += QStringLiteral("<ul style=\"margin-top:0px\">");
        for (const QString &p : points)
            html += QStringLiteral("<li>%1</li>").arg(p.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    return html;
}

QString StepExplanation::toPlainText() const
{
    QStringList out{title};
    if (!subtitle.isEmpty())
        out << subtitle;
    out << paragraphs << arithmetic;
    for (const QString &p : points)
        out << QStringLiteral("• ") + p;
    return out.join(QLatin1Char('\n'));
}

StepExplanation explainStep(const Timeline &timeline, uint32_t connectionId, const TimelineStep &step)
{
    Explainer x(timeline);
    if (step.kind == TimelineStep::Kind::Segment) {
        if (step.index < timeline.segmentCount())
            return x.segment(step.index);
    } else if (step.isInferredCall() || step.index < timeline.calls().size()) {
        return x.call(step, connectionId);
    }
    return Explainer::idle(timeline.isLive());
}

StepExplanation idleExplanation(bool live)
{
    return Explainer::idle(live);
}

} // namespace hv
