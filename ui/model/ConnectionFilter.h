#pragma once
// Finding connections among many (a class of forty, a capture of 200 000): a query of words, all
// of which must hold, matched against the typed connection records (no text is made for a
// connection unless an address is asked for):
//   complete | partial | refused | none | reset    the handshake's class, or a RST at its end
//   (完成 部分 拒绝 无 重置 in Chinese)
//   #12                                            connection 12
//   6666                                           a port, at either end
//   10.0.0.  ::1  192.168.1.23:50000               an address (or its beginning), with a port
//   anything else                                  matches nothing (said as an unknown word)
#include "Timeline.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace hv {

struct ConnectionQuery {
    enum class Class : uint8_t { Any, Complete, Partial, Refused, None, Reset };
    std::vector<Class> classes;         // each must hold
    std::vector<uint32_t> ids;          // #N
    std::vector<uint16_t> ports;        // either end
    std::vector<std::string> addresses; // a prefix of either end's "address" or "address:port"
    QStringList unknown;                // words that are none of these
    bool empty() const { return classes.empty() && ids.empty() && ports.empty() && addresses.empty() && unknown.empty(); }
};

ConnectionQuery parseConnectionQuery(const QString &text);
bool connectionMatches(const Timeline &timeline, const Connection &c, const ConnectionQuery &q);
// The ids of the connections that match, increasing (all of them for an empty query).
std::vector<uint32_t> filterConnections(const Timeline &timeline, const ConnectionQuery &q);

} // namespace hv
