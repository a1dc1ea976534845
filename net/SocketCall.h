#pragma once
// A socket call made (or, for a capture file, inferred) by one side, timed on the same clock as pcap.
#include <QMetaType>
#include <QString>
#include <cstdint>

namespace hv {

enum class CallSide : uint8_t { Client, Server };

struct SocketCall {
    int64_t timeUs = 0;  // CLOCK_REALTIME microseconds, the clock pcap timestamps use
    CallSide side = CallSide::Client;
    QString call;        // "socket", "bind", "listen", "connect", "connect returns", "accept returns", "send", "recv", "close"
    QString detail;      // "127.0.0.1:6666 backlog 50", "5 bytes" ...
    bool inferred = false; // true when deduced from packets rather than measured
};

int64_t realtimeMicros();

} // namespace hv

Q_DECLARE_METATYPE(hv::SocketCall)
