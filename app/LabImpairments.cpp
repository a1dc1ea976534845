#include "LabImpairments.h"

#include "HostNamespace.h"
#include "LabNetwork.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>

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
    case DropRequest::Kind::PeerSyn: return "peersyn";
    }
    return "syn";
}

// The nftables match of each kind's flags (LabDropPlan.cpp's labRuleMatches is the same test).
QString flagsMatch(DropRequest::Kind k)
{
    switch (k) {
    case DropRequest::Kind::Syn: return QStringLiteral("tcp flags & (syn | ack) == syn ");
    case DropRequest::Kind::SynAck: return QStringLiteral("tcp flags & (syn | ack) == syn | ack ");
    case DropRequest::Kind::Ack: return QStringLiteral("tcp flags == ack "); // the bare ACK that completes the handshake
    case DropRequest::Kind::Fin: return QStringLiteral("tcp flags & fin == fin ");
    case DropRequest::Kind::PeerSyn: return QStringLiteral("tcp flags & (syn | ack) == syn ");
    case DropRequest::Kind::Loss: break;
    }
    return {};
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

bool LabImpairments::apply(const std::vector<DropRequest> &drops, uint16_t clientPort, uint16_t serverPort,
                           std::vector<LabDropRule> *rules, QString *error)
{
    clear();
    rules->clear();
    if (drops.empty())
        return true;
    if (currentNetwork().kind != NetworkChoice::Kind::Lab) {
        //: zh: 丢弃分组只在实验网络里做（--network lab）：本机的网络不会被改动
        *error = ImpairmentWords::tr("dropping segments is done in the lab network only (--network lab): this machine's own network is never changed");
        return false;
    }
    // One chain per host, its rules in the order of *rules (a packet one rule drops is never
    // counted by the next, in the kernel as in LabDropMirror). What the server receives is dropped
    // on the server host, where it arrives; what the client receives, here. On one host both are here.
    const QString head = QStringLiteral("add table %1\nadd chain %1 drops { type filter hook input priority 0; policy accept; }\n")
                             .arg(QLatin1String(kTable));
    QString here = head, there = head;
    const QString toServer = QStringLiteral("add rule %1 drops tcp sport %2 tcp dport %3 ").arg(QLatin1String(kTable)).arg(clientPort).arg(serverPort);
    const QString toClient = QStringLiteral("add rule %1 drops tcp sport %2 tcp dport %3 ").arg(QLatin1String(kTable)).arg(serverPort).arg(clientPort);
    std::mt19937 random{std::random_device{}()};
    for (const DropRequest &d : drops) {
        LabDropRule r;
        r.kind = d.kind;
        r.count = d.count;
        if (d.kind == DropRequest::Kind::Loss) {
            // d.count of every hundred, at places drawn now: random to look at, known to the ladder.
            std::array<int, 100> order{};
            std::iota(order.begin(), order.end(), 0);
            std::shuffle(order.begin(), order.end(), random);
            QStringList places;
            for (int i = 0; i < d.count; ++i)
                r.dropAt[size_t(order[size_t(i)])] = true;
            for (int i = 0; i < 100; ++i)
                if (r.dropAt[size_t(i)])
                    places << QStringLiteral("%1 : drop").arg(i);
            const QString map = QStringLiteral("numgen inc mod 100 vmap { %1 }\n").arg(places.join(QStringLiteral(", ")));
            there += toServer + map;
            here += toClient + map;
        } else {
            // The first d.count matches: numgen counts only the packets that reach it.
            const QString rule = flagsMatch(d.kind) + QStringLiteral("numgen inc mod 1000000000 < %1 counter drop\n").arg(d.count);
            if (d.kind == DropRequest::Kind::SynAck || d.kind == DropRequest::Kind::PeerSyn)
                here += toClient + rule;
            else
                there += toServer + rule;
        }
        rules->push_back(r);
    }
    active_ = true;
    const bool ok = hasServerHost() ? run(here, error) && run(there, error, true) : run(here + there.mid(head.size()), error);
    if (!ok) {
        clear();
        rules->clear();
        //: zh: 无法在实验网络里设置丢弃规则：%1
        *error = ImpairmentWords::tr("cannot set the lab's drop rules: %1").arg(*error);
        return false;
    }
    return true;
}

void LabImpairments::clear()
{
    if (active_) {
        QString error;
        run(QStringLiteral("delete table %1\n").arg(QLatin1String(kTable)), &error);
        if (hasServerHost())
            run(QStringLiteral("delete table %1\n").arg(QLatin1String(kTable)), &error, true);
    }
    active_ = false;
}

} // namespace hv
