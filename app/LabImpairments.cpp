#include "LabImpairments.h"

#include "ConnectionTracker.h"
#include "HostNamespace.h"
#include "LabNetwork.h"

#include <QCoreApplication>
#include <QStringList>

#include <nftables/libnftables.h>

namespace hv {

namespace {

struct ImpairmentWords {
    Q_DECLARE_TR_FUNCTIONS(LabImpairments)
};

constexpr const char *kTable = "inet handshake_viz";

const char *kindName(DropRequest::Kind k)
{
    switch (k) {
    case DropRequest::Kind::Syn: return "syn";
    case DropRequest::Kind::SynAck: return "synack";
    case DropRequest::Kind::Ack: return "ack";
    case DropRequest::Kind::Fin: return "fin";
    case DropRequest::Kind::Loss: return "loss";
    }
    return "syn";
}

// The nftables match of each kind, for connections to `port` (the server's).
QString match(DropRequest::Kind k, uint16_t port)
{
    switch (k) {
    case DropRequest::Kind::Syn: // the client's SYN
        return QStringLiteral("tcp dport %1 tcp flags & (syn | ack) == syn").arg(port);
    case DropRequest::Kind::SynAck: // the server's answer
        return QStringLiteral("tcp sport %1 tcp flags & (syn | ack) == syn | ack").arg(port);
    case DropRequest::Kind::Ack: // the client's ACK that completes the handshake: the first bare ACK
        return QStringLiteral("tcp dport %1 tcp flags == ack").arg(port);
    case DropRequest::Kind::Fin: // the client's FIN
        return QStringLiteral("tcp dport %1 tcp flags & fin == fin").arg(port);
    case DropRequest::Kind::Loss: // either way (the percentage is added by the caller)
        return QStringLiteral("tcp dport %1").arg(port);
    }
    return {};
}

// Whether the capture's segment is one the rule drops.
bool matches(DropRequest::Kind k, const Segment &s, const Connection &c, uint16_t port)
{
    const bool toServer = s.from == Side::Client && c.server.port == port;
    const bool fromServer = s.from == Side::Server && c.server.port == port;
    const uint16_t f = s.flags;
    switch (k) {
    case DropRequest::Kind::Syn: return toServer && (f & (TcpFlag::Syn | TcpFlag::Ack)) == TcpFlag::Syn;
    case DropRequest::Kind::SynAck: return fromServer && (f & (TcpFlag::Syn | TcpFlag::Ack)) == (TcpFlag::Syn | TcpFlag::Ack);
    case DropRequest::Kind::Ack: return toServer && (f & 0xff) == TcpFlag::Ack; // all eight flags, as "tcp flags == ack"
    case DropRequest::Kind::Fin: return toServer && (f & TcpFlag::Fin);
    case DropRequest::Kind::Loss: return false; // never counted: it stays
    }
    return false;
}

} // namespace

bool DropRequest::parse(const QString &text, DropRequest *out)
{
    const QStringList parts = text.split(QLatin1Char(':'));
    if (parts.size() != 2)
        return false;
    bool ok = false;
    const int n = parts[1].toInt(&ok);
    if (!ok || n < 1 || n > 100)
        return false;
    const QString k = parts[0].toLower();
    if (k == u"syn")
        out->kind = Kind::Syn;
    else if (k == u"synack")
        out->kind = Kind::SynAck;
    else if (k == u"ack")
        out->kind = Kind::Ack;
    else if (k == u"fin")
        out->kind = Kind::Fin;
    else if (k == u"loss") // from --loss PCT
        out->kind = Kind::Loss;
    else
        return false;
    out->count = n;
    return true;
}

std::vector<DropRequest> DropRequest::parseAll(const QStringList &texts)
{
    std::vector<DropRequest> out;
    for (const QString &t : texts) {
        DropRequest r;
        if (parse(t, &r))
            out.push_back(r);
    }
    return out;
}

QString DropRequest::name() const
{
    return QStringLiteral("%1:%2").arg(QLatin1String(kindName(kind))).arg(count);
}

LabImpairments::LabImpairments() = default;

LabImpairments::~LabImpairments()
{
    clear();
    if (ctx_)
        nft_ctx_free(ctx_);
    if (serverCtx_)
        nft_ctx_free(serverCtx_);
}

bool LabImpairments::run(const QString &commands, QString *error, bool onServerHost)
{
    // The server host's rules are set from inside it (HostNamespace.h); without two hosts both are here.
    onServerHost = onServerHost && hasServerHost();
    const ServerHostScope there = onServerHost ? ServerHostScope() : ServerHostScope(ServerHostScope::Stay);
    nft_ctx *&ctx = onServerHost ? serverCtx_ : ctx_;
    if (!ctx) {
        ctx = nft_ctx_new(NFT_CTX_DEFAULT);
        if (!ctx) {
            //: zh: libnftables 无法启动
            *error = ImpairmentWords::tr("libnftables could not start");
            return false;
        }
        nft_ctx_buffer_output(ctx);
        nft_ctx_buffer_error(ctx);
    }
    const QByteArray text = commands.toUtf8();
    if (nft_run_cmd_from_buffer(ctx, text.constData()) != 0) {
        *error = QString::fromUtf8(nft_ctx_get_error_buffer(ctx)).trimmed().section(QLatin1Char('\n'), 0, 0);
        return false;
    }
    return true;
}

bool LabImpairments::apply(const std::vector<DropRequest> &drops, uint16_t port, QString *error)
{
    clear();
    requested_ = drops;
    if (drops.empty())
        return true;
    if (currentNetwork().kind != NetworkChoice::Kind::Lab) {
        //: zh: 丢弃分组只在实验网络里做（--network lab）：本机的网络不会被改动
        *error = ImpairmentWords::tr("dropping segments is done in the lab network only (--network lab): this machine's own network is never changed");
        return false;
    }
    port_ = port;
    // Two tables, one per host: what the server receives is dropped on the server host (where it
    // arrives), what the client receives here. On one host both are the same.
    QString here = QStringLiteral("add table %1\n").arg(QLatin1String(kTable));
    QString there = here;
    for (const DropRequest &d : drops) {
        Rule r;
        r.request = d;
        r.left = d.count;
        r.chain = QStringLiteral("drop_%1").arg(QLatin1String(kindName(d.kind)));
        r.onServerHost = d.kind != DropRequest::Kind::SynAck;
        // The input hook: a packet is captured as it is sent (lo) or as it arrives (veth), then
        // dropped on its way in.
        const QString chain = QStringLiteral("add chain %1 %2 { type filter hook input priority 0; policy accept; }\n")
                                  .arg(QLatin1String(kTable), r.chain);
        if (d.kind == DropRequest::Kind::Loss) {
            there += chain + QStringLiteral("add rule %1 %2 tcp dport %3 numgen random mod 100 < %4 counter drop\n")
                                 .arg(QLatin1String(kTable), r.chain).arg(port).arg(d.count);
            here += chain + QStringLiteral("add rule %1 %2 tcp sport %3 numgen random mod 100 < %4 counter drop\n")
                                .arg(QLatin1String(kTable), r.chain).arg(port).arg(d.count);
        } else {
            (r.onServerHost ? there : here) += chain + QStringLiteral("add rule %1 %2 %3 counter drop\n")
                                                          .arg(QLatin1String(kTable), r.chain, match(d.kind, port));
        }
        rules_.push_back(r);
    }
    const bool twoHosts = hasServerHost();
    const bool ok = twoHosts ? run(here, error) && run(there, error, true) : run(here + there.section(QLatin1Char('\n'), 1), error);
    if (!ok) {
        rules_.clear();
        //: zh: 无法在实验网络里设置丢弃规则：%1
        *error = ImpairmentWords::tr("cannot set the lab's drop rules: %1").arg(*error);
        return false;
    }
    return true;
}

void LabImpairments::seen(const Segment &s, const Connection &c)
{
    for (Rule &r : rules_) {
        if (r.gone || !matches(r.request.kind, s, c, port_))
            continue;
        if (--r.left > 0)
            continue;
        // The last one it was to drop: the next goes through (the kernel's retransmission, ~1 s away).
        QString error;
        run(QStringLiteral("flush chain %1 %2\ndelete chain %1 %2\n").arg(QLatin1String(kTable), r.chain), &error,
            r.onServerHost);
        r.gone = true;
    }
}

void LabImpairments::clear()
{
    if (!rules_.empty()) {
        QString error;
        run(QStringLiteral("delete table %1\n").arg(QLatin1String(kTable)), &error);
        if (hasServerHost())
            run(QStringLiteral("delete table %1\n").arg(QLatin1String(kTable)), &error, true);
    }
    rules_.clear();
}

} // namespace hv
