#include "ConnectionFilter.h"

#include <algorithm>

namespace hv {

namespace {

bool endedByReset(const Timeline &t, const Connection &c)
{
    const std::vector<uint32_t> &segs = t.segmentIndices(c.id);
    return !segs.empty() && (t.segment(segs.back()).flags & TcpFlag::Rst);
}

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin());
}

} // namespace

ConnectionQuery parseConnectionQuery(const QString &text)
{
    ConnectionQuery q;
    using C = ConnectionQuery::Class;
    for (const QString &raw : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString w = raw.toLower();
        if (w == u"complete" || w == u"完成")
            q.classes.push_back(C::Complete);
        else if (w == u"partial" || w == u"部分")
            q.classes.push_back(C::Partial);
        else if (w == u"refused" || w == u"拒绝")
            q.classes.push_back(C::Refused);
        else if (w == u"none" || w == u"无")
            q.classes.push_back(C::None);
        else if (w == u"reset" || w == u"rst" || w == u"重置")
            q.classes.push_back(C::Reset);
        else if (w.startsWith(QLatin1Char('#')) && w.size() > 1) {
            bool ok = false;
            const uint id = w.mid(1).toUInt(&ok);
            if (ok)
                q.ids.push_back(id);
            else
                q.unknown << raw;
        } else {
            bool ok = false;
            const uint port = w.toUInt(&ok);
            if (ok && port <= 65535)
                q.ports.push_back(uint16_t(port));
            else if (w.contains(QLatin1Char('.')) || w.contains(QLatin1Char(':')))
                q.addresses.push_back(w.toStdString());
            else
                q.unknown << raw;
        }
    }
    return q;
}

bool connectionMatches(const Timeline &t, const Connection &c, const ConnectionQuery &q)
{
    if (!q.unknown.isEmpty())
        return false;
    using C = ConnectionQuery::Class;
    for (C k : q.classes) {
        const bool ok = k == C::Complete ? c.handshake == Handshake::Complete
            : k == C::Partial            ? c.handshake == Handshake::Partial
            : k == C::Refused            ? c.handshake == Handshake::Refused
            : k == C::None               ? c.handshake == Handshake::None
            : k == C::Reset              ? endedByReset(t, c)
                                         : true;
        if (!ok)
            return false;
    }
    for (uint32_t id : q.ids)
        if (c.id != id)
            return false;
    for (uint16_t port : q.ports)
        if (c.client.port != port && c.server.port != port)
            return false;
    if (!q.addresses.empty()) {
        const std::string client = c.client.addr.toString(), server = c.server.addr.toString();
        const std::string clientFull = c.client.toString(), serverFull = c.server.toString();
        for (const std::string &a : q.addresses)
            if (!startsWith(client, a) && !startsWith(server, a) && !startsWith(clientFull, a) && !startsWith(serverFull, a))
                return false;
    }
    return true;
}

std::vector<uint32_t> filterConnections(const Timeline &t, const ConnectionQuery &q)
{
    std::vector<uint32_t> out;
    for (const Connection &c : t.connections())
        if (c.id && connectionMatches(t, c, q))
            out.push_back(c.id);
    return out;
}

} // namespace hv
