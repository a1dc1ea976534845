#pragma once
// Real losses in the lab network: segments of one connection dropped by the lab's own kernel (an
// nftables rule in its input hook, set through libnftables, never a shell), so the kernel really
// retransmits with its real timers. Every rule is scoped to the connection (both its ports) and
// deterministic (it counts what it matches with `numgen inc`): the tracker repeats it on the
// captured segments (LabDropPlan.h) and marks the ones dropped, which the capture saw before the
// input hook dropped them. Only inside the lab (its network is the program's own): on the host's
// network nothing is ever changed.
#include "LabDropPlan.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

struct nft_ctx;

namespace hv {

struct DropRequest {
    using Kind = LabDropRule::Kind; // Loss: count is a percentage, of every segment each way
    Kind kind = Kind::Syn;
    int count = 0;
    static bool parse(const QString &text, DropRequest *out); // "syn:2", "synack:1", "ack:1", "fin:1"
    static std::vector<DropRequest> parseAll(const QStringList &texts); // those that parse
    QString name() const;                                      // "syn:2"
};

class LabImpairments {
public:
    LabImpairments();
    ~LabImpairments();
    LabImpairments(const LabImpairments &) = delete;
    LabImpairments &operator=(const LabImpairments &) = delete;

    // The drops for the connection from clientPort to serverPort, replacing the rules of the one
    // before; *rules gets them as the tracker repeats them (a loss rate's slots drawn here). False
    // with *error when the rules cannot be set (not in the lab, or the kernel refused them:
    // libnftables' words).
    bool apply(const std::vector<DropRequest> &drops, uint16_t clientPort, uint16_t serverPort,
               std::vector<LabDropRule> *rules, QString *error);
    // Every rule removed (the table with them).
    void clear();

private:
    // On the server host (two hosts) or here: the rules for what the server receives go there.
    bool run(const QString &commands, QString *error, bool onServerHost = false);
    nft_ctx *ctx_ = nullptr;
    nft_ctx *serverCtx_ = nullptr; // made inside the server host, so its netlink socket is there
    bool active_ = false;
};

} // namespace hv
