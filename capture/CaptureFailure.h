#pragma once
// Why a capture could not start, or what went wrong while it goes on, as a value: the kind decides
// what the user is told (and what a caller may do about it), the words are made when shown, in the
// language of the moment.
#include <QMetaType>
#include <QString>

#include <cstdint>

namespace hv {

struct CaptureFailure {
    enum class Kind : uint8_t {
        NoPermission,
        NoSuchInterface,
        InterfaceDown,
        NoSuchFile,
        IsDirectory,
        Unreadable,
        EmptyFile,
        NotACapture,
        UnsupportedLinkType,
        FilterRejected,
        Other
    };
    // What a file that is no capture seems to hold, when its first bytes tell (NotACapture).
    enum class Content : uint8_t { Unknown, Text, Gzip };

    Kind kind = Kind::Other;
    QString subject;   // the interface or the file path, as the user named it; FilterRejected: the filter
    QString detail;    // libpcap's or the OS's own words, when they add something ("" otherwise)
    int linkType = -1; // UnsupportedLinkType
    Content content = Content::Unknown;
};

// One line naming the subject once, then the reason; translated when called (context
// "hv::CaptureFailure").
QString describeFailure(const CaptureFailure &f);

// "sudo setcap cap_net_raw,cap_net_admin+eip <absolute path of this program>"
QString setcapCommand();

} // namespace hv

Q_DECLARE_METATYPE(hv::CaptureFailure)
