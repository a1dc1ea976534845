#pragma once
// Every header field of one frame, as a tree a student can read: name, value, a plain-language
// note computed from the actual values, and the bytes the field occupies (for the hex view).
// Qt Core only; a pure function of its inputs, so it runs in any thread and tests build the bytes.
#include "ConnectionTracker.h"
#include "FrameStore.h"

#include <QString>
#include <vector>

namespace hv {

struct Field {
    QString name;  // "Maximum segment size (MSS)"
    QString value; // "65495 bytes"
    QString note;  // "MSS 65495: on lo the MTU is 65536, minus 40 bytes of IPv4+TCP headers ..."
    int offset = -1; // first byte in the frame; -1 for a computed field with no bytes of its own
    int length = 0;
    std::vector<Field> children;

    bool covers(int byte) const { return offset >= 0 && byte >= offset && byte < offset + length; }
};

struct FieldTree {
    std::vector<Field> fields; // Frame, link layer, IP, TCP, payload (what is there)
    // "Frame 2 · 127.0.0.1:6666 → 127.0.0.1:46728 · SYN, ACK · Seq=0 Ack=1 (abs 3607734168 / 93554881)"
    QString headline;
    QString problem; // why the bytes could not be read as a TCP segment ("" when they could)
    int ipIndex = -1;  // which of `fields` is the IP header (-1: none)
    int tcpIndex = -1; // which is the TCP header; its last child is "Options" when there are any

    // The first field (depth first) whose name is `name`, or nullptr.
    const Field *find(const QString &name) const;
    // The innermost field holding `byte` (the smallest one, the deepest on a tie), or nullptr.
    const Field *fieldAt(int byte) const;
};

// The tree of `frame`, decoded as `frame.linkType`. `segment` is what the tracker made of it (its
// frame number is the one shown, relative numbers come from it); `connection` (may be null) gives
// the ISNs and the window scaling each side announced.
FieldTree buildFieldTree(const StoredFrame &frame, const Segment &segment, const Connection *connection);

} // namespace hv
