#pragma once
// Real losses in the lab network: the next N segments of a kind are dropped by the lab's own
// kernel (an nftables rule in its input hook, set through libnftables, never a shell), so the
// kernel really retransmits with its real timers. On loopback a packet is captured as it is sent
// and the input hook drops it after: the ladder shows the lost segment and the copies sent again.
// The rule goes once the capture has seen N of them. Only inside the lab (its network is the
// program's own): on the host's network nothing is ever changed.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

struct nft_ctx;

namespace hv {

struct Segment;
struct Connection;

struct DropRequest {
    enum class Kind { Syn, SynAck, Ack, Fin, Loss }; // Loss: count is a percentage, of every segment, for good
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

    // The drops to apply to connections to `port` from now on; false with *error when the rules
    // cannot be set (not in the lab, or the kernel refused them: libnftables' words).
    bool apply(const std::vector<DropRequest> &drops, uint16_t port, QString *error);
    // A segment the capture saw: counts it against its rule, and removes the rule after the last.
    void seen(const Segment &s, const Connection &c);
    // Every rule removed (the table with them).
    void clear();
    bool active() const { return !rules_.empty(); }
    const std::vector<DropRequest> &requested() const { return requested_; }

private:
    struct Rule {
        DropRequest request;
        int left = 0;
        QString chain;       // a base chain of its own in the table, deleted with the rule
        bool onServerHost = false;
        bool gone = false;
    };
    // On the server host (two hosts) or here: the rules for what the server receives go there.
    bool run(const QString &commands, QString *error, bool onServerHost = false);
    nft_ctx *ctx_ = nullptr;
    nft_ctx *serverCtx_ = nullptr; // made inside the server host, so its netlink socket is there
    uint16_t port_ = 0;
    std::vector<Rule> rules_;
    std::vector<DropRequest> requested_;
};

} // namespace hv
