#pragma once
// The words for typed values, made when they are drawn: a socket call's label and details, a
// handshake class, a time gap, a state. Exports that are read by programs (text, JSON) use
// English whatever the interface language; the screen and pictures use the language of the
// moment, so a switch re-renders everything from the same values.
#include "ConnectionTracker.h"
#include "SocketCall.h"

#include <QString>

namespace hv {

enum class Words : uint8_t { English, Interface };

// "listen()", "connect()", "connect() returns", "accept() returns", "recv()" ...
QString callLabel(CallKind kind, Words words = Words::Interface);
// What the call was given or gave back: "127.0.0.1:6666 backlog 50", "5 bytes from 127.0.0.1:46728",
// "-1, connection refused" ... ("" when there is nothing to say).
QString callDetail(const SocketCall &call, Words words = Words::Interface);
// "noticed by the program 0.4 ms later": a call drawn at the segment that made it true.
QString noticedLater(int64_t delayUs, Words words = Words::Interface);
// "5 bytes", "1 byte".
QString byteCount(int64_t bytes, Words words = Words::Interface);
// "complete", "partial", "refused", "none".
QString handshakeDisplayName(Handshake h, Words words = Words::Interface);
// "+0.052 ms", "+12.3 ms", "+1.250 s".
QString formatTimeGap(int64_t deltaUs);
// RFC 793's names ("SYN_SENT"); Unknown: "?" (the ladder draws no box for it).
// How states are named on screen (the exports always say RFC 793's SYN_RCVD and so on, their
// contract): the tutorial's and UNP's SYN_RCVD, RFC 9293's SYN-RECEIVED, or Linux ss's SYN-RECV.
enum class StateNaming : uint8_t { Unp, Rfc9293, LinuxSs };
void setStateNaming(StateNaming naming); // the GUI thread's choice, read when text is made
StateNaming stateNaming();
QString stateName(TcpState state); // in the naming chosen; Unknown: "?"
QString stateName(TcpState state, StateNaming naming);

} // namespace hv
