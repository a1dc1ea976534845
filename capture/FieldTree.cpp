#include "FieldTree.h"

#include "ByteReader.h"
#include "TcpPacket.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QStringList>

namespace hv {

namespace {

constexpr int kNullLink = 0, kEthernet = 1, kLoop = 108, kSll = 113, kSll2 = 276;

QString hex(uint32_t value, int digits)
{
    return QStringLiteral("0x%1").arg(value, digits, 16, QLatin1Char('0'));
}

QString mac(const ByteReader &r, size_t offset, size_t count = 6)
{
    QStringList parts;
    for (size_t i = 0; i < count; ++i)
        parts << QStringLiteral("%1").arg(r.u8(offset + i).value_or(0), 2, 16, QLatin1Char('0'));
    return parts.join(QLatin1Char(':'));
}

QString etherTypeText(uint16_t type)
{
    switch (type) {
    case 0x0800: return QStringLiteral("0x0800 (IPv4)");
    case 0x86DD: return QStringLiteral("0x86dd (IPv6)");
    case 0x8100: return QStringLiteral("0x8100 (802.1Q VLAN)");
    case 0x88A8: return QStringLiteral("0x88a8 (802.1ad VLAN)");
    default: return hex(type, 4);
    }
}

// The one place that turns a frame into fields. A class only for tr(): the notes are for students.
class Builder {
    Q_DECLARE_TR_FUNCTIONS(hv::FieldTree)
public:
    Builder(const StoredFrame &frame, const Segment &segment, const Connection *connection)
        : f_(frame), seg_(segment), conn_(connection),
          r_(reinterpret_cast<const uint8_t *>(frame.bytes.constData()), size_t(frame.bytes.size()))
    {
    }

    FieldTree run()
    {
        FieldTree tree;
        tree.fields.push_back(frameField());
        const DecodeResult d = decodeFrame(f_.linkType, r_.bytes().data(), uint32_t(r_.size()), f_.origLen);
        if (d.status != DecodeStatus::Ok) {
            tree.problem = d.reason.empty() ? tr("not a TCP segment") : QString::fromStdString(d.reason);
            tree.headline = tr("Frame %1 · %2").arg(seg_.frame).arg(tree.problem);
            return tree;
        }
        p_ = d.tcp;
        if (Field link = linkField(); !link.name.isEmpty())
            tree.fields.push_back(std::move(link));
        tree.ipIndex = int(tree.fields.size());
        tree.fields.push_back(p_.src.addr.v6 ? ipv6Field() : ipv4Field());
        tree.tcpIndex = int(tree.fields.size());
        tree.fields.push_back(tcpField());
        if (p_.payloadLen > 0)
            tree.fields.push_back(payloadField());
        if (ipEnd_ > 0 && int(r_.size()) > ipEnd_)
            tree.fields.push_back({tr("Padding"), bytesText(int(r_.size()) - ipEnd_),
                                   tr("after the IP packet: Ethernet frames are at least 60 bytes, short ones are "
                                      "padded with zeros"),
                                   ipEnd_, int(r_.size()) - ipEnd_, {}});
        tree.headline = headline();
        return tree;
    }

private:
    static QString bytesText(qint64 n) { return n == 1 ? tr("1 byte") : tr("%1 bytes").arg(n); }
    uint8_t u8(size_t o) const { return r_.u8(o).value_or(0); }
    uint16_t be16(size_t o) const { return r_.be16(o).value_or(0); }
    uint32_t be32(size_t o) const { return r_.be32(o).value_or(0); }

    bool fromClient() const { return seg_.from == Side::Client; }
    QString sender() const { return fromClient() ? tr("client") : tr("server"); }
    QString receiver() const { return fromClient() ? tr("server") : tr("client"); }
    bool has(uint16_t flag) const { return p_.flags & flag; }

    QString headline() const
    {
        QString numbers = QStringLiteral("Seq=%1").arg(seg_.relSeq);
        QString absolute = QString::number(seg_.seq);
        if (has(TcpFlag::Ack)) {
            numbers += QStringLiteral(" Ack=%1").arg(seg_.relAck);
            absolute += QStringLiteral(" / %1").arg(seg_.ack);
        }
        if (seg_.len > 0)
            numbers += QStringLiteral(" Len=%1").arg(seg_.len);
        return tr("Frame %1 · %2 → %3 · %4 · %5 (abs %6)")
            .arg(seg_.frame)
            .arg(QString::fromStdString(p_.src.toString()), QString::fromStdString(p_.dst.toString()),
                 QString::fromStdString(flagsLabel(p_.flags)), numbers, absolute);
    }

    Field frameField() const
    {
        Field frame{tr("Frame %1").arg(seg_.frame),
                    tr("%1 bytes on the wire, %2 captured").arg(f_.origLen).arg(f_.caplen),
                    f_.caplen < f_.origLen
                        ? tr("the capture kept only the first %1 bytes (its snapshot length)").arg(f_.caplen)
                        : QString(),
                    0, int(r_.size()), {}};
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(f_.seconds * 1000 + f_.nanoseconds / 1000000);
        frame.children.push_back({tr("Arrival time"),
                                  when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.")) +
                                      QStringLiteral("%1").arg(f_.nanoseconds / 1000, 6, 10, QLatin1Char('0')),
                                  tr("when the kernel handed the packet to libpcap"), -1, 0, {}});
        frame.children.push_back({tr("Frame length"), bytesText(int(f_.origLen)),
                                  tr("as it was on the wire"), -1, 0, {}});
        frame.children.push_back({tr("Captured length"), bytesText(int(f_.caplen)),
                                  tr("what the capture file holds"), -1, 0, {}});
        frame.children.push_back({tr("Link type"),
                                  QStringLiteral("%1 (%2)").arg(QString::fromStdString(linkTypeName(f_.linkType))).arg(f_.linkType),
                                  tr("the kind of link-layer header in front of the IP packet"), -1, 0, {}});
        return frame;
    }

    Field linkField() const
    {
        const int ip = p_.ipOffset;
        switch (f_.linkType) {
        case kEthernet: {
            const bool zero = mac(r_, 0) == QLatin1String("00:00:00:00:00:00") && mac(r_, 6) == mac(r_, 0);
            Field eth{tr("Ethernet II"), tr("%1 → %2").arg(mac(r_, 6), mac(r_, 0)),
                      zero ? tr("both addresses are zero: this is the loopback interface (lo), where no frame leaves "
                                "the machine, but Linux still writes an Ethernet header")
                           : QString(),
                      0, ip, {}};
            eth.children.push_back({tr("Destination"), mac(r_, 0), tr("the next hop's hardware (MAC) address"), 0, 6, {}});
            eth.children.push_back({tr("Source"), mac(r_, 6), tr("the sending interface's MAC address"), 6, 6, {}});
            int pos = 12;
            while (pos + 2 <= ip) {
                const uint16_t type = be16(size_t(pos));
                eth.children.push_back({tr("Type"), etherTypeText(type), tr("what the frame carries"), pos, 2, {}});
                if (pos + 4 >= ip)
                    break;
                const uint16_t tci = be16(size_t(pos) + 2);
                eth.children.push_back({tr("VLAN tag"), tr("ID %1, priority %2").arg(tci & 0xFFF).arg(tci >> 13),
                                        tr("802.1Q: which virtual LAN the frame belongs to"), pos + 2, 2, {}});
                pos += 4;
            }
            return eth;
        }
        case kNullLink:
        case kLoop: {
            uint32_t family = be32(0);
            if (family & 0xFFFF0000u)
                family = (family >> 24) | ((family >> 8) & 0xFF00u) | ((family << 8) & 0xFF0000u) | (family << 24);
            Field null{f_.linkType == kLoop ? tr("Loopback header") : tr("Null/Loopback header"),
                       family == 2 ? QStringLiteral("IPv4") : QStringLiteral("IPv6"),
                       tr("BSD loopback: a 4-byte address family instead of an Ethernet header"), 0, 4, {}};
            null.children.push_back({tr("Address family"), QString::number(family),
                                     family == 2 ? tr("AF_INET (IPv4)") : tr("AF_INET6 (IPv6)"), 0, 4, {}});
            return null;
        }
        case kSll:
        case kSll2: {
            const bool v2 = f_.linkType == kSll2;
            Field sll{v2 ? tr("Linux cooked capture v2") : tr("Linux cooked capture"), QString(),
                      tr("a pseudo-header Linux writes when capturing on \"any\" interface"), 0, ip, {}};
            const int typeAt = v2 ? 10 : 0;
            const unsigned pktType = v2 ? u8(10) : be16(0);
            static const char *const kinds[] = {QT_TRANSLATE_NOOP("hv::FieldTree", "to this host"),
                                                QT_TRANSLATE_NOOP("hv::FieldTree", "broadcast"),
                                                QT_TRANSLATE_NOOP("hv::FieldTree", "multicast"),
                                                QT_TRANSLATE_NOOP("hv::FieldTree", "to another host"),
                                                QT_TRANSLATE_NOOP("hv::FieldTree", "sent by this host")};
            const QString kind = pktType < 5 ? tr(kinds[pktType]) : tr("type %1").arg(pktType);
            sll.value = kind;
            if (v2) {
                sll.children.push_back({tr("Protocol"), etherTypeText(be16(0)), QString(), 0, 2, {}});
                sll.children.push_back({tr("Interface index"), QString::number(be32(4)), QString(), 4, 4, {}});
            }
            sll.children.push_back({tr("Packet type"), kind, QString(), typeAt, v2 ? 1 : 2, {}});
            const unsigned addrLen = v2 ? u8(11) : be16(4);
            sll.children.push_back({tr("Address length"), QString::number(addrLen), QString(), v2 ? 11 : 4, v2 ? 1 : 2, {}});
            sll.children.push_back({tr("Address"), mac(r_, v2 ? 12 : 6, std::min(addrLen, 8u)),
                                    tr("the sender's link-layer address"), v2 ? 12 : 6, 8, {}});
            if (!v2)
                sll.children.push_back({tr("Protocol"), etherTypeText(be16(14)), QString(), 14, 2, {}});
            return sll;
        }
        default:
            if (ip > 0)
                return {tr("Link-layer header"), bytesText(ip), QString(), 0, ip, {}};
            return {};
        }
    }

    Field ipv4Field()
    {
        const int o = p_.ipOffset;
        const int ihl = (u8(size_t(o)) & 0xF) * 4;
        const uint16_t total = be16(size_t(o) + 2);
        const int tcpLen = p_.tcpHeaderLen;
        ipEnd_ = o + (total ? int(total) : ihl + tcpLen + int(p_.payloadLen));
        Field ip{tr("Internet Protocol version 4"),
                 tr("%1 → %2").arg(QString::fromStdString(p_.src.addr.toString()), QString::fromStdString(p_.dst.addr.toString())),
                 QString(), o, ihl, {}};
        auto add = [&](QString name, QString value, QString note, int at, int len) {
            ip.children.push_back({std::move(name), std::move(value), std::move(note), o + at, len, {}});
        };
        add(tr("Version"), QStringLiteral("4"), tr("the high 4 bits of the first byte"), 0, 1);
        add(tr("Header length"), tr("%1 bytes (IHL %2)").arg(ihl).arg(ihl / 4),
            ihl == 20 ? tr("%1 × 4-byte words: the fixed 20 bytes, no IP options").arg(ihl / 4)
                      : tr("%1 × 4-byte words: 20 fixed + %2 bytes of IP options").arg(ihl / 4).arg(ihl - 20),
            0, 1);
        const uint8_t tos = u8(size_t(o) + 1);
        static const char *const ecn[] = {QT_TRANSLATE_NOOP("hv::FieldTree", "Not-ECT: no ECN"),
                                          QT_TRANSLATE_NOOP("hv::FieldTree", "ECT(1): ECN capable"),
                                          QT_TRANSLATE_NOOP("hv::FieldTree", "ECT(0): ECN capable"),
                                          QT_TRANSLATE_NOOP("hv::FieldTree", "CE: congestion experienced")};
        add(tr("DSCP / ECN"), QStringLiteral("%1 (DSCP %2, ECN %3)").arg(hex(tos, 2)).arg(tos >> 2).arg(tos & 3),
            tr("priority class and explicit congestion notification; ECN: %1").arg(tr(ecn[tos & 3])), 1, 1);
        add(tr("Total length"), total ? bytesText(total) : QStringLiteral("0"),
            total ? tr("IP header %1 + TCP header %2 + payload %3 = %4 bytes")
                        .arg(ihl).arg(tcpLen).arg(p_.payloadLen).arg(total)
                  : tr("0: segmentation offload, the network card fills it in later; the frame's length is used"),
            2, 2);
        const uint16_t id = be16(size_t(o) + 4);
        add(tr("Identification"), QStringLiteral("%1 (%2)").arg(hex(id, 4)).arg(id),
            tr("tells fragments of one packet apart"), 4, 2);
        const uint16_t frag = be16(size_t(o) + 6);
        QStringList fragFlags;
        if (frag & 0x4000)
            fragFlags << QStringLiteral("DF");
        if (frag & 0x2000)
            fragFlags << QStringLiteral("MF");
        add(tr("Flags, fragment offset"),
            //: zh: %1（%2），片偏移 %3
            tr("%1 (%2), offset %3")
                .arg(hex(frag >> 13, 1), fragFlags.isEmpty() ? tr("none") : fragFlags.join(QStringLiteral(", ")))
                .arg((frag & 0x1FFF) * 8),
            (frag & 0x4000) ? tr("DF = don't fragment: the sender finds the path's MTU instead (and TCP's MSS keeps "
                                 "segments small enough)")
                            : tr("routers may fragment this packet"),
            6, 2);
        add(tr("Time to live"), QString::number(p_.ttl),
            tr("each router subtracts 1 and drops the packet at 0, so loops die out; Linux starts at 64"), 8, 1);
        add(tr("Protocol"), QStringLiteral("6 (TCP)"), tr("what the IP payload is"), 9, 1);
        const uint16_t checksum = be16(size_t(o) + 10);
        add(tr("Header checksum"), QStringLiteral("%1 (%2)").arg(hex(checksum, 4), ipv4ChecksumOk(o, ihl) ? tr("correct") : tr("wrong")),
            tr("covers the IP header only; routers recompute it as the TTL changes"), 10, 2);
        add(tr("Source address"), QString::fromStdString(p_.src.addr.toString()), tr("the %1's address").arg(sender()), 12, 4);
        add(tr("Destination address"), QString::fromStdString(p_.dst.addr.toString()), tr("the %1's address").arg(receiver()),
            16, 4);
        if (ihl > 20)
            add(tr("Options"), bytesText(ihl - 20), tr("IP options (rare today)"), 20, ihl - 20);
        return ip;
    }

    bool ipv4ChecksumOk(int o, int ihl) const
    {
        uint32_t sum = 0;
        for (int i = 0; i < ihl; i += 2)
            sum += be16(size_t(o + i));
        while (sum >> 16)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return sum == 0xFFFF && r_.has(size_t(o), size_t(ihl));
    }

    Field ipv6Field()
    {
        const int o = p_.ipOffset;
        const uint16_t payload = be16(size_t(o) + 4);
        ipEnd_ = o + 40 + (payload ? int(payload) : int(p_.tcpOffset) - o - 40 + p_.tcpHeaderLen + int(p_.payloadLen));
        Field ip{tr("Internet Protocol version 6"),
                 tr("%1 → %2").arg(QString::fromStdString(p_.src.addr.toString()), QString::fromStdString(p_.dst.addr.toString())),
                 QString(), o, 40, {}};
        auto add = [&](QString name, QString value, QString note, int at, int len) {
            ip.children.push_back({std::move(name), std::move(value), std::move(note), o + at, len, {}});
        };
        const uint32_t first = be32(size_t(o));
        add(tr("Version"), QStringLiteral("6"), tr("the high 4 bits of the first byte"), 0, 1);
        add(tr("Traffic class"), hex((first >> 20) & 0xFF, 2), tr("priority class and ECN, as IPv4's DSCP/ECN byte"), 0, 2);
        add(tr("Flow label"), hex(first & 0xFFFFF, 5), tr("lets routers keep one flow's packets on one path"), 1, 3);
        const int extension = p_.tcpOffset - o - 40;
        QString payloadNote;
        if (payload && extension > 0)
            payloadNote = tr("everything after the 40-byte IPv6 header: extension headers %1 + TCP header %2 + payload %3")
                              .arg(extension).arg(p_.tcpHeaderLen).arg(p_.payloadLen);
        else if (payload)
            payloadNote = tr("everything after the 40-byte IPv6 header: TCP header %1 + payload %2")
                              .arg(p_.tcpHeaderLen).arg(p_.payloadLen);
        else if (p_.ipLength == IpLength::Jumbo)
            //: zh: 0：超大数据报（jumbogram）：长度 %1 在逐跳选项首部的 Jumbo Payload 选项里（RFC 2675）
            payloadNote = tr("0: a jumbogram: its length, %1, is in the Jumbo Payload option of the hop-by-hop header (RFC 2675)")
                              .arg(bytesText(int64_t(extension) + p_.tcpHeaderLen + p_.payloadLen));
        else
            //: zh: 0，却没有 Jumbo Payload 选项：这不是合法的 IPv6（tshark 会标为格式错误）。Linux 的 BIG TCP 在网卡切分之前交出的超过 64 KiB 的超级分组就是这样；这里按帧的长度计算：%1
            payloadNote = tr("0 without a Jumbo Payload option: not valid IPv6 (tshark marks it malformed). A Linux BIG TCP super-packet of more than 64 KiB, captured before the network card cuts it up, looks like this; the frame's length is used: %1")
                              .arg(bytesText(int64_t(extension) + p_.tcpHeaderLen + p_.payloadLen));
        add(tr("Payload length"), payload ? bytesText(payload) : QStringLiteral("0"), payloadNote, 4, 2);
        const uint8_t next = u8(size_t(o) + 6);
        add(tr("Next header"), next == 6 ? QStringLiteral("6 (TCP)") : tr("%1 (an extension header)").arg(next),
            tr("what follows the IPv6 header"), 6, 1);
        add(tr("Hop limit"), QString::number(p_.ttl),
            tr("IPv6's TTL: each router subtracts 1 and drops the packet at 0; Linux starts at 64"), 7, 1);
        add(tr("Source address"), QString::fromStdString(p_.src.addr.toString()), tr("the %1's address").arg(sender()), 8, 16);
        add(tr("Destination address"), QString::fromStdString(p_.dst.addr.toString()), tr("the %1's address").arg(receiver()),
            24, 16);
        if (extension > 0)
            ip.children.push_back({tr("Extension headers"), bytesText(extension),
                                   tr("between the IPv6 header and TCP"), o + 40, extension, {}});
        return ip;
    }

    Field tcpField() const
    {
        const int o = p_.tcpOffset;
        const int hl = p_.tcpHeaderLen;
        Field tcp{tr("Transmission Control Protocol"),
                  tr("%1 → %2 · %3").arg(p_.src.port).arg(p_.dst.port).arg(QString::fromStdString(flagsLabel(p_.flags))),
                  tr("sent by the %1").arg(sender()), o, hl, {}};
        auto add = [&](QString name, QString value, QString note, int at, int len) {
            tcp.children.push_back({std::move(name), std::move(value), std::move(note), at < 0 ? -1 : o + at, len, {}});
        };
        add(tr("Source port"), QString::number(p_.src.port),
            fromClient() ? tr("the client's port: an ephemeral one the kernel picked at connect()")
                         : tr("the server's port: the one it called bind() and listen() on"),
            0, 2);
        add(tr("Destination port"), QString::number(p_.dst.port),
            fromClient() ? tr("the server's port: the one it called bind() and listen() on")
                         : tr("the client's port: an ephemeral one the kernel picked at connect()"),
            2, 2);

        const uint32_t ownIsn = conn_ ? (fromClient() ? conn_->clientIsn : conn_->serverIsn) : seg_.seq - seg_.relSeq;
        const uint32_t peerIsn = conn_ ? (fromClient() ? conn_->serverIsn : conn_->clientIsn) : seg_.ack - seg_.relAck;
        const bool syn = has(TcpFlag::Syn);
        QString seqNote;
        if (syn)
            seqNote = tr("relative 0: a SYN carries the %1's initial sequence number (ISN), picked at random; the SYN "
                         "itself takes one number, so its first data byte will be 1")
                          .arg(sender());
        else if (seg_.len > 0)
            seqNote = tr("the number of the first payload byte, counted from the %1's ISN (raw − %2)").arg(sender()).arg(ownIsn);
        else
            seqNote = tr("counted from the %1's ISN (raw − %2); no payload, so it takes no number").arg(sender()).arg(ownIsn);
        add(tr("Sequence number (relative)"), QString::number(seg_.relSeq), seqNote, 4, 4);
        add(tr("Sequence number (raw)"), QString::number(seg_.seq),
            syn ? tr("the 32-bit number on the wire: the ISN itself") : tr("the 32-bit number on the wire: ISN %1 + %2").arg(ownIsn).arg(seg_.relSeq),
            4, 4);
        const bool fin = has(TcpFlag::Fin);
        if (syn || fin || seg_.len > 0) {
            const uint32_t used = seg_.len + (syn ? 1 : 0) + (fin ? 1 : 0);
            QString how = syn ? tr("a SYN takes one") : fin ? (seg_.len ? tr("len + 1, a FIN takes one") : tr("a FIN takes one")) : tr("seq + len");
            add(tr("Next sequence number"),
                //: zh: %1（原始值 %2）
                tr("%1 (raw %2)").arg(seg_.relSeq + used).arg(seg_.seq + used),
                tr("%1 + %2 = %3 (%4): the ack the %5 will send back")
                    .arg(seg_.relSeq).arg(used).arg(seg_.relSeq + used).arg(how, receiver()),
                -1, 0);
        }
        if (has(TcpFlag::Ack)) {
            QString ackNote = syn && seg_.relAck == 1
                ? tr("ack = x + 1: the %1's ISN + 1 (a SYN takes one sequence number); the next byte expected from the %1")
                      .arg(receiver())
                : tr("the next byte expected from the %1: all before relative %2 has arrived").arg(receiver()).arg(seg_.relAck);
            add(tr("Acknowledgment number (relative)"), QString::number(seg_.relAck), ackNote, 8, 4);
            add(tr("Acknowledgment number (raw)"), QString::number(seg_.ack),
                tr("the 32-bit number on the wire: the %1's ISN %2 + %3").arg(receiver()).arg(peerIsn).arg(seg_.relAck), 8, 4);
        } else {
            add(tr("Acknowledgment number (raw)"), QString::number(p_.ack),
                tr("not used: the ACK flag is off (a first SYN has nothing to acknowledge yet)"), 8, 4);
        }
        add(tr("Header length"), tr("%1 bytes (data offset %2)").arg(hl).arg(hl / 4),
            hl == 20 ? tr("%1 × 4-byte words: the fixed 20 bytes, no options").arg(hl / 4)
                     : tr("%1 × 4-byte words: 20 fixed + %2 bytes of options").arg(hl / 4).arg(hl - 20),
            12, 1);
        tcp.children.push_back(flagsField());
        add(tr("Window"), QString::number(p_.window),
            tr("free space in the %1's receive buffer, as sent (before scaling)").arg(sender()), 14, 2);
        tcp.children.push_back(scaledWindowField());
        add(tr("Checksum"),
            //: zh: %1（未校验）
            tr("%1 (not checked)").arg(hex(be16(size_t(o) + 16), 4)),
            tr("covers the TCP segment and the IP addresses; on lo Linux leaves it to checksum offload, so in a "
               "capture it usually looks wrong"),
            16, 2);
        add(tr("Urgent pointer"), QString::number(p_.urgentPointer),
            has(TcpFlag::Urg) ? tr("the urgent data ends here (URG is set)") : tr("ignored: URG is not set"), 18, 2);
        if (hl > 20)
            tcp.children.push_back(optionsField(o + 20, o + hl));
        return tcp;
    }

    Field flagsField() const
    {
        const int o = p_.tcpOffset;
        Field flags{tr("Flags"), QStringLiteral("%1 (%2)").arg(hex(p_.flags, 3), QString::fromStdString(flagsLabel(p_.flags))),
                    QString(), o + 12, 2, {}};
        struct Bit {
            uint16_t bit;
            const char *name;
            const char *meaning;
        };
        static const Bit bits[] = {
            {TcpFlag::Fin, "FIN", QT_TRANSLATE_NOOP("hv::FieldTree", "finish: the sender has no more data and closes its direction")},
            {TcpFlag::Syn, "SYN", QT_TRANSLATE_NOOP("hv::FieldTree", "synchronize: opens a connection and carries the ISN")},
            {TcpFlag::Rst, "RST", QT_TRANSLATE_NOOP("hv::FieldTree", "reset: aborts the connection, or refuses it")},
            {TcpFlag::Psh, "PSH", QT_TRANSLATE_NOOP("hv::FieldTree", "push: hand the data to the application now")},
            {TcpFlag::Ack, "ACK", QT_TRANSLATE_NOOP("hv::FieldTree", "the acknowledgment number is valid (set on every segment after the first SYN)")},
            {TcpFlag::Urg, "URG", QT_TRANSLATE_NOOP("hv::FieldTree", "the urgent pointer is valid (rarely used)")},
            {TcpFlag::Ece, "ECE", QT_TRANSLATE_NOOP("hv::FieldTree", "ECN-Echo: on a SYN, \"I can do ECN\"; later, \"congestion was signalled\"")},
            {TcpFlag::Cwr, "CWR", QT_TRANSLATE_NOOP("hv::FieldTree", "congestion window reduced: the answer to ECE")},
            {TcpFlag::Ae, "AE", QT_TRANSLATE_NOOP("hv::FieldTree", "accurate ECN (formerly the ECN nonce, RFC 3540)")},
        };
        for (const Bit &b : bits)
            flags.children.push_back({QString::fromLatin1(b.name), has(b.bit) ? tr("set (1)") : tr("not set (0)"),
                                      tr(b.meaning), b.bit == TcpFlag::Ae ? o + 12 : o + 13, 1, {}});
        const unsigned reserved = (u8(size_t(o) + 12) >> 1) & 0x7;
        flags.children.push_back({tr("Reserved"), QString::number(reserved), tr("three bits that must be zero"), o + 12, 1, {}});
        return flags;
    }

    Field scaledWindowField() const
    {
        Field w{tr("Window (scaled)"), bytesText(int(seg_.winScaled)), QString(), p_.tcpOffset + 14, 2, {}};
        const int8_t own = conn_ ? (fromClient() ? conn_->clientWscale : conn_->serverWscale) : -1;
        const int8_t peer = conn_ ? (fromClient() ? conn_->serverWscale : conn_->clientWscale) : -1;
        const QString announcedIn = fromClient() ? tr("SYN") : tr("SYN+ACK");
        const bool ownSynSeen = conn_ && (fromClient() ? conn_->sawSyn : conn_->sawSynAck);
        const bool peerSynSeen = conn_ && (fromClient() ? conn_->sawSynAck : conn_->sawSyn);
        // The tracker's rule (Wireshark's): a side scales by its own shift once its SYN carried WS,
        // unless the other side's SYN was seen without it.
        if (has(TcpFlag::Syn)) {
            w.note = tr("a SYN's window is never scaled (RFC 7323): scaling starts once both sides have announced it");
        } else if (own >= 0 && !(peerSynSeen && peer < 0)) {
            w.value = tr("%1 × 2^%2 = %3 bytes").arg(p_.window).arg(int(own)).arg(seg_.winScaled);
            w.note = peerSynSeen
                ? tr("shift %1, announced by the %2 in its %3 (WS %1); both sides sent WS, so scaling is on")
                      .arg(int(own)).arg(sender(), announcedIn)
                : tr("shift %1, announced by the %2 in its %3 (WS %1); the %4's SYN was not captured, and as in "
                     "Wireshark it is taken to have agreed")
                      .arg(int(own)).arg(sender(), announcedIn, receiver());
        } else if (ownSynSeen && own < 0) {
            w.note = tr("not scaled: the %1 did not send WS in its %2, so neither side scales (RFC 7323)")
                         .arg(sender(), announcedIn);
        } else if (peerSynSeen && peer < 0) {
            w.note = tr("not scaled: the %1 did not send WS in its %2, so neither side scales (RFC 7323)")
                         .arg(receiver(), fromClient() ? tr("SYN+ACK") : tr("SYN"));
        } else {
            w.note = tr("scaling unknown: the %1's %2 was not captured, so the window is shown as sent")
                         .arg(sender(), announcedIn);
        }
        return w;
    }

    QString mssNote(uint32_t mss) const
    {
        const bool v6 = p_.src.addr.v6;
        const uint32_t headers = v6 ? 60 : 40;
        const uint32_t mtu = mss + headers;
        QString link;
        switch (mtu) {
        case 65535:
            // Linux clamps to what IPv4's 16-bit total length can say (IPv6 counts its payload only).
            link = v6 ? tr("the sender's link MTU is likely 65535")
                      : tr("on lo the MTU is 65536, but an IPv4 packet holds at most 65535 bytes (its total length is 16 bits)");
            break;
        case 65536: link = tr("on lo the MTU is 65536"); break;
        case 1500: link = tr("Ethernet's MTU is 1500"); break;
        case 9000: link = tr("with jumbo frames the MTU is 9000"); break;
        case 1492: link = tr("over PPPoE the MTU is 1492"); break;
        case 1280: link = tr("IPv6's minimum MTU is 1280"); break;
        default: link = tr("the sender's link MTU is likely %1").arg(mtu); break;
        }
        QString note = tr("MSS %1: %2, minus %3 bytes of %4+TCP headers; the largest payload the %5 wants in one segment")
                           .arg(mss).arg(link).arg(headers).arg(v6 ? QStringLiteral("IPv6") : QStringLiteral("IPv4"), sender());
        if (!has(TcpFlag::Syn))
            note += tr(" (only meaningful on a SYN)");
        return note;
    }

    Field optionsField(int begin, int end) const
    {
        Field options{tr("Options"), bytesText(end - begin), QString(), begin, end - begin, {}};
        QStringList names;
        int pos = begin;
        while (pos < end) {
            const uint8_t kind = u8(size_t(pos));
            if (kind == 0) {
                options.children.push_back({tr("End of option list (EOL)"), bytesText(end - pos),
                                            tr("the options end here; the rest of the header is padding"), pos, end - pos, {}});
                names << QStringLiteral("EOL");
                break;
            }
            if (kind == 1) {
                options.children.push_back({tr("No-operation (NOP)"), bytesText(1),
                                            tr("padding: one byte so that the next option starts on a 4-byte boundary"), pos,
                                            1, {}});
                names << QStringLiteral("NOP");
                ++pos;
                continue;
            }
            const uint8_t len = pos + 1 < end ? u8(size_t(pos) + 1) : 0;
            if (len < 2 || len > end - pos) {
                options.children.push_back({tr("Malformed option"), tr("kind %1, length %2").arg(int(kind)).arg(int(len)),
                                            QString::fromStdString(p_.optionProblem), pos, end - pos, {}});
                break;
            }
            QString shortName;
            Field opt = option(kind, pos, len, &shortName);
            names << shortName;
            opt.children.insert(opt.children.begin(),
                                {{tr("Kind"), QString::number(kind), QString(), pos, 1, {}},
                                 {tr("Length"), QString::number(len), tr("bytes, kind and length included"), pos + 1, 1, {}}});
            options.children.push_back(std::move(opt));
            pos += len;
        }
        options.note = names.join(QStringLiteral(", "));
        return options;
    }

    Field option(uint8_t kind, int pos, int len, QString *shortName) const
    {
        Field opt{QString(), QString(), QString(), pos, len, {}};
        switch (kind) {
        case 2:
            if (len == 4) {
                const uint16_t mss = be16(size_t(pos) + 2);
                opt.name = tr("Maximum segment size (MSS)");
                *shortName = QStringLiteral("MSS");
                opt.value = bytesText(mss);
                opt.note = mssNote(mss);
                opt.children.push_back({tr("MSS value"), QString::number(mss), QString(), pos + 2, 2, {}});
                return opt;
            }
            break;
        case 3:
            if (len == 3) {
                const unsigned shift = u8(size_t(pos) + 2);
                const unsigned used = std::min(shift, 14u);
                opt.name = tr("Window scale (WS)");
                *shortName = QStringLiteral("WS");
                opt.value = tr("shift %1 (× %2)").arg(shift).arg(1u << used);
                opt.note = tr("WS %1: a shift count, the window is multiplied by 2^%2 = %3; used on the %4's later "
                              "segments if both sides send WS")
                               .arg(shift).arg(used).arg(1u << used).arg(sender());
                if (shift > 14)
                    opt.note += tr(" (above the maximum 14, so 14 is used)");
                opt.children.push_back({tr("Shift count"), QString::number(shift), QString(), pos + 2, 1, {}});
                return opt;
            }
            break;
        case 4:
            if (len == 2) {
                opt.name = tr("SACK permitted (SACK_PERM)");
                *shortName = QStringLiteral("SACK_PERM");
                opt.value = tr("yes");
                opt.note = tr("the %1 can take selective acknowledgments (RFC 2018): after a loss the peer resends only "
                              "what is missing")
                               .arg(sender());
                return opt;
            }
            break;
        case 5:
            if (len >= 10 && (len - 2) % 8 == 0) {
                const int blocks = (len - 2) / 8;
                const uint32_t peerIsn = conn_ ? (fromClient() ? conn_->serverIsn : conn_->clientIsn) : 0;
                opt.name = tr("Selective acknowledgment (SACK)");
                *shortName = QStringLiteral("SACK");
                opt.value = blocks == 1 ? tr("1 block") : tr("%1 blocks").arg(blocks);
                opt.note = tr("byte ranges the %1 already holds beyond the ack, so only the gap must be resent")
                               .arg(sender());
                for (int i = 0; i < blocks; ++i) {
                    const uint32_t left = be32(size_t(pos + 2 + 8 * i));
                    const uint32_t right = be32(size_t(pos + 6 + 8 * i));
                    opt.children.push_back({tr("Block %1").arg(i + 1),
                                            tr("%1–%2 (relative), raw %3–%4")
                                                .arg(left - peerIsn).arg(right - peerIsn).arg(left).arg(right),
                                            tr("left edge and the first byte after the block"), pos + 2 + 8 * i, 8, {}});
                }
                return opt;
            }
            break;
        case 8:
            if (len == 10) {
                const uint32_t tsval = be32(size_t(pos) + 2);
                const uint32_t tsecr = be32(size_t(pos) + 6);
                opt.name = tr("Timestamps (TS)");
                *shortName = QStringLiteral("TS");
                opt.value = QStringLiteral("TSval %1, TSecr %2").arg(tsval).arg(tsecr);
                opt.note = tr("RFC 7323: used to measure the round-trip time and to reject old duplicate segments "
                              "once sequence numbers wrap (PAWS)");
                opt.children.push_back({QStringLiteral("TSval"), QString::number(tsval),
                                        tr("the %1's timestamp clock when it sent this").arg(sender()), pos + 2, 4, {}});
                opt.children.push_back({QStringLiteral("TSecr"), QString::number(tsecr),
                                        tsecr == 0 && !has(TcpFlag::Ack)
                                            ? tr("0: nothing to echo yet (the peer has not sent a timestamp)")
                                            : tr("echoes the latest TSval received from the %1: the difference "
                                                 "gives the round-trip time")
                                                  .arg(receiver()),
                                        pos + 6, 4, {}});
                return opt;
            }
            break;
        default:
            break;
        }
        static const QHash<int, const char *> known = {
            {19, QT_TRANSLATE_NOOP("hv::FieldTree", "MD5 signature")},
            {27, QT_TRANSLATE_NOOP("hv::FieldTree", "Quick-Start response")},
            {28, QT_TRANSLATE_NOOP("hv::FieldTree", "User timeout")},
            {29, "TCP-AO"},
            {30, QT_TRANSLATE_NOOP("hv::FieldTree", "Multipath TCP (MPTCP)")},
            {34, QT_TRANSLATE_NOOP("hv::FieldTree", "TCP Fast Open cookie (TFO)")},
            {253, QT_TRANSLATE_NOOP("hv::FieldTree", "experimental (RFC 4727)")},
            {254, QT_TRANSLATE_NOOP("hv::FieldTree", "experimental (RFC 4727)")}};
        const bool wrongLength = kind == 2 || kind == 3 || kind == 4 || kind == 5 || kind == 8;
        //: zh: 类型 %1
        *shortName = tr("kind %1").arg(int(kind));
        opt.name = tr("Option kind %1 (%2)").arg(int(kind)).arg(known.contains(kind) ? tr(known.value(kind))
                                                           : wrongLength ? tr("wrong length") : tr("unknown"));
        opt.value = bytesText(len);
        opt.note = wrongLength ? QString::fromStdString(p_.optionProblem) : tr("not interpreted here; skipped by its length");
        return opt;
    }

    Field payloadField() const
    {
        const int start = p_.tcpOffset + p_.tcpHeaderLen;
        const int captured = std::max(0, std::min(int(p_.payloadLen), int(r_.size()) - start));
        Field payload{tr("Payload"), bytesText(int(p_.payloadLen)), QString(), start, captured, {}};
        const QByteArray bytes = QByteArray(reinterpret_cast<const char *>(r_.bytes().data()) + start, captured);
        bool text = !bytes.isEmpty();
        for (char c : bytes)
            if ((uchar(c) < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F)
                text = false;
        if (text) {
            QString shown = QString::fromUtf8(bytes.left(60)).replace(QLatin1Char('\n'), QStringLiteral("\\n"))
                                .replace(QLatin1Char('\r'), QStringLiteral("\\r"));
            payload.note = tr("the application's bytes: \"%1\"%2").arg(shown, bytes.size() > 60 ? QStringLiteral("…") : QString());
        } else {
            payload.note = tr("the application's bytes (binary)");
        }
        if (captured < int(p_.payloadLen))
            payload.note += tr("; only %1 captured").arg(bytesText(captured));
        return payload;
    }

    const StoredFrame &f_;
    const Segment &seg_;
    const Connection *conn_;
    ByteReader r_;
    TcpPacket p_;
    int ipEnd_ = 0;
};

const Field *findIn(const std::vector<Field> &fields, const QString &name)
{
    for (const Field &f : fields) {
        if (f.name == name)
            return &f;
        if (const Field *inner = findIn(f.children, name))
            return inner;
    }
    return nullptr;
}

// Smaller wins; on equal size the deeper field (a child spelling out its parent), and among
// siblings of one size the first (the relative number before the raw one).
void innermost(const std::vector<Field> &fields, int byte, int depth, const Field *&best, int &bestDepth)
{
    for (const Field &f : fields) {
        if (!f.covers(byte))
            continue;
        if (!best || f.length < best->length || (f.length == best->length && depth > bestDepth)) {
            best = &f;
            bestDepth = depth;
        }
        innermost(f.children, byte, depth + 1, best, bestDepth);
    }
}

} // namespace

const Field *FieldTree::find(const QString &name) const
{
    return findIn(fields, name);
}

const Field *FieldTree::fieldAt(int byte) const
{
    const Field *best = nullptr;
    int depth = -1;
    innermost(fields, byte, 0, best, depth);
    return best;
}

FieldTree buildFieldTree(const StoredFrame &frame, const Segment &segment, const Connection *connection)
{
    return Builder(frame, segment, connection).run();
}

} // namespace hv
