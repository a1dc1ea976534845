#include "CaptureFailure.h"

#include "TcpPacket.h"

#include <QCoreApplication>
#include <pcap/pcap.h>

#include <algorithm>

namespace hv {

namespace {

// The decoder names the link types it reads; libpcap knows most others, but not the 16 it
// reserves for private use (147-162, USER0-USER15), which are what odd tools write.
QString linkTypeLabel(int dlt)
{
    if (const char *name = pcap_datalink_val_to_name(dlt))
        return QString::fromLatin1(name);
    if (dlt >= 147 && dlt <= 162)
        //: zh: USER%1，供私人使用
        return QCoreApplication::translate("hv::CaptureFailure", "USER%1, for private use").arg(dlt - 147);
    return QString::fromStdString(linkTypeName(dlt));
}

// A path pasted into a shell as one word.
QString shellWord(const QString &s)
{
    static const QString plain = QStringLiteral("+-./,:=@_%");
    const bool needsQuotes = s.isEmpty() || std::any_of(s.begin(), s.end(), [](QChar c) {
                                 return !(c.isLetterOrNumber() && c.unicode() < 128) && !plain.contains(c);
                             });
    if (!needsQuotes)
        return s;
    QString quoted = s;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QString setcapCommand()
{
    const QString exe = QCoreApplication::applicationFilePath();
    return QStringLiteral("sudo setcap cap_net_raw,cap_net_admin+eip %1")
        .arg(exe.isEmpty() ? QStringLiteral("handshake-viz") : shellWord(exe));
}

// Each message spelt out in full (QCoreApplication::translate with literal strings), so that
// lupdate finds them; the subject comes first, once, then the reason.
QString describeFailure(const CaptureFailure &f)
{
    using Kind = CaptureFailure::Kind;
    const QString &s = f.subject;
    switch (f.kind) {
    case Kind::NoPermission:
        //: zh: 不允许在 %1 上抓包：程序需要 CAP_NET_RAW 权限。只需授予一次：%2（scripts/run.sh 会这样做）。聊天和打开抓包文件仍然可用。
        return QCoreApplication::translate(
                   "hv::CaptureFailure",
                   "capturing on %1 is not permitted: the program needs CAP_NET_RAW. Grant it once with: %2 "
                   "(scripts/run.sh does this). Chat and opening capture files still work.")
            .arg(s, setcapCommand());
    case Kind::NoSuchInterface:
        //: zh: 无法在 %1 上抓包：没有这个网络接口
        return QCoreApplication::translate("hv::CaptureFailure", "cannot capture on %1: no such interface").arg(s);
    case Kind::InterfaceDown:
        //: zh: 无法在 %1 上抓包：该接口未启用
        return QCoreApplication::translate("hv::CaptureFailure", "cannot capture on %1: the interface is down").arg(s);
    case Kind::NoSuchFile:
        //: zh: 无法打开 %1：没有这个文件
        return QCoreApplication::translate("hv::CaptureFailure", "cannot open %1: no such file").arg(s);
    case Kind::IsDirectory:
        //: zh: 无法读取 %1：这是一个目录，不是抓包文件
        return QCoreApplication::translate("hv::CaptureFailure",
                                           "cannot read %1: it is a directory, not a capture file")
            .arg(s);
    case Kind::Unreadable:
        if (f.detail.isEmpty())
            //: zh: 无法读取 %1：没有权限
            return QCoreApplication::translate("hv::CaptureFailure", "cannot read %1: permission denied").arg(s);
        //: zh: 无法读取 %1：%2
        return QCoreApplication::translate("hv::CaptureFailure", "cannot read %1: %2").arg(s, f.detail);
    case Kind::EmptyFile:
        //: zh: 无法读取 %1：文件是空的
        return QCoreApplication::translate("hv::CaptureFailure", "cannot read %1: the file is empty").arg(s);
    case Kind::NotACapture:
        switch (f.content) {
        case CaptureFailure::Content::Text:
            //: zh: 无法读取 %1：这是文本，不是 pcap 或 pcapng 抓包文件
            return QCoreApplication::translate("hv::CaptureFailure",
                                               "cannot read %1: it is text, not a pcap or pcapng capture")
                .arg(s);
        case CaptureFailure::Content::Gzip:
            //: zh: 无法读取 %1：它是 gzip 压缩的；请先解压（gunzip）
            return QCoreApplication::translate("hv::CaptureFailure",
                                               "cannot read %1: it is compressed with gzip; decompress it first (gunzip)")
                .arg(s);
        case CaptureFailure::Content::Unknown:
            break;
        }
        //: zh: 无法读取 %1：不是 pcap 或 pcapng 抓包文件
        return QCoreApplication::translate("hv::CaptureFailure",
                                           "cannot read %1: not a pcap or pcapng capture")
            .arg(s);
    case Kind::UnsupportedLinkType:
        //: zh: 无法打开 %1：不支持链路类型 %2（%3）（支持的类型：%4）
        return QCoreApplication::translate("hv::CaptureFailure",
                                           "cannot open %1: link type %2 (%3) is not supported (supported: %4)")
            .arg(s)
            .arg(f.linkType)
            .arg(linkTypeLabel(f.linkType), QString::fromStdString(supportedLinkTypeNames()));
    case Kind::FilterRejected:
        //: zh: 抓包过滤器“%1”被拒绝：%2
        return QCoreApplication::translate("hv::CaptureFailure", "capture filter '%1' rejected: %2").arg(s, f.detail);
    case Kind::Other:
        break;
    }
    if (f.detail.isEmpty())
        //: zh: 无法打开 %1
        return QCoreApplication::translate("hv::CaptureFailure", "cannot open %1").arg(s);
    //: zh: 无法打开 %1：%2
    return QCoreApplication::translate("hv::CaptureFailure", "cannot open %1: %2").arg(s, f.detail);
}

} // namespace hv
