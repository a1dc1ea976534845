#pragma once
// One arrow's details, loaded away from the GUI thread: where its frame is, and what came of it
// (the bytes and the field tree, or the reason it could not be read). Values both ways.
#include "FieldTree.h"
#include "FrameStore.h"

#include <QFuture>
#include <QMetaType>

#include <memory>
#include <optional>

namespace hv {

struct FrameRequest {
    std::shared_ptr<FrameStore> store; // the raw file holding the frame; null when there is none
    uint32_t frameInFile = 0;          // 1-based, in that file
    bool mayGrow = false;              // a live capture is still writing the file
    Segment segment;                   // what the tracker made of the frame (segment.frame is the number shown)
    std::optional<Connection> connection;
    QString error;                     // why the frame cannot be located ("" when it can)
};

struct FrameDetails {
    uint32_t frame = 0; // the timeline's frame number
    QString error;      // "" when the frame was read
    StoredFrame stored; // its bytes
    FieldTree tree;
};

// Reads and decodes in the calling thread (any thread). A file that may still grow is given half a
// second to catch up: a batch reaches the GUI a moment before its packets are flushed to the file.
FrameDetails loadFrameDetails(const FrameRequest &request);

// The same in Qt's global thread pool.
QFuture<FrameDetails> loadFrameDetailsAsync(FrameRequest request);

} // namespace hv

Q_DECLARE_METATYPE(hv::FrameDetails)
