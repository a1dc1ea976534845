#include "CallText.h"

#include "SocketAddress.h"

#include <QCoreApplication>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace hv {

namespace {

// The source text, or its translation: QT_TRANSLATE_NOOP marks each for lupdate.
QString word(const char *text, Words words)
{
    return words == Words::Interface ? QCoreApplication::translate("CallText", text) : QString::fromUtf8(text);
}

QString errnoText(int error, Words words)
{
    switch (error) {
    case ECONNREFUSED: return word(QT_TRANSLATE_NOOP("CallText", "connection refused"), words);
    case ETIMEDOUT: return word(QT_TRANSLATE_NOOP("CallText", "timed out"), words);
    case ECONNRESET: return word(QT_TRANSLATE_NOOP("CallText", "connection reset"), words);
    //: zh: 管道已断开
    case EPIPE: return word(QT_TRANSLATE_NOOP("CallText", "broken pipe"), words);
    case ENETUNREACH: return word(QT_TRANSLATE_NOOP("CallText", "network unreachable"), words);
    case EHOSTUNREACH: return word(QT_TRANSLATE_NOOP("CallText", "host unreachable"), words);
    //: zh: 地址已被占用
    case EADDRINUSE: return word(QT_TRANSLATE_NOOP("CallText", "address already in use"), words);
    default: return QString::fromLocal8Bit(std::strerror(error));
    }
}

// The errno's own name, as a C program and the man pages spell it.
QString errnoName(int error)
{
    switch (error) {
    case ECONNREFUSED: return QStringLiteral("ECONNREFUSED");
    case ETIMEDOUT: return QStringLiteral("ETIMEDOUT");
    case ECONNRESET: return QStringLiteral("ECONNRESET");
    case EPIPE: return QStringLiteral("EPIPE");
    case ENETUNREACH: return QStringLiteral("ENETUNREACH");
    case EHOSTUNREACH: return QStringLiteral("EHOSTUNREACH");
    case EADDRINUSE: return QStringLiteral("EADDRINUSE");
    default: return QStringLiteral("errno %1").arg(error);
    }
}

// "returns -1, ECONNRESET (connection reset)": a call that failed, in the words of its man page.
QString failedReturn(int error, Words words)
{
    //: zh: 返回 -1，%1（%2）
    return word(QT_TRANSLATE_NOOP("CallText", "returns -1, %1 (%2)"), words).arg(errnoName(error), errnoText(error, words));
}

} // namespace

QString callLabel(CallKind kind, Words words)
{
    switch (kind) {
    case CallKind::ConnectReturns:
        //: zh: connect() 返回
        return word(QT_TRANSLATE_NOOP("CallText", "connect() returns"), words);
    case CallKind::AcceptReturns:
        //: zh: accept() 返回
        return word(QT_TRANSLATE_NOOP("CallText", "accept() returns"), words);
    default:
        return QString::fromLatin1(callName(kind)) + QStringLiteral("()");
    }
}

QString byteCount(int64_t bytes, Words words)
{
    if (bytes == 1)
        return word(QT_TRANSLATE_NOOP("CallText", "1 byte"), words);
    return word(QT_TRANSLATE_NOOP("CallText", "%1 bytes"), words).arg(bytes);
}

QString callDetail(const SocketCall &c, Words words)
{
    const QString local = c.local.port ? endpointText(c.local) : QString();
    const QString peer = c.hasPeer() ? endpointText(c.peer) : QString();
    const bool server = c.side == CallSide::Server;
    switch (c.kind) {
    case CallKind::Socket:
        return {};
    case CallKind::Bind: {
        QString text = local;
        if (c.reuseAddress)
            text += QStringLiteral(" (SO_REUSEADDR)");
        if (c.error != 0)
            text += QStringLiteral(": ") + failedReturn(c.error, words);
        return text;
    }
    case CallKind::Listen:
        if (c.backlog < 0)
            return local;
        //: zh: %1 backlog %2
        return word(QT_TRANSLATE_NOOP("CallText", "%1 backlog %2"), words).arg(local).arg(c.backlog);
    case CallKind::Connect:
        return peer;
    case CallKind::ConnectReturns:
        if (c.error != 0)
            //: zh: -1，%1
            return word(QT_TRANSLATE_NOOP("CallText", "-1, %1"), words).arg(errnoText(c.error, words));
        return local.isEmpty() || peer.isEmpty() ? QString() : QStringLiteral("%1 → %2").arg(local, peer);
    case CallKind::AcceptReturns:
        return peer;
    case CallKind::Send:
        if (c.error != 0)
            return failedReturn(c.error, words);
        if (c.bytes < 0)
            return QString();
        {
            QString count = byteCount(c.bytes, words);
            if (c.endsWithNewline)
                //: zh: %1（含换行符 \\n）
                count = word(QT_TRANSLATE_NOOP("CallText", "%1 (with the newline \\n)"), words).arg(count);
            if (server && !peer.isEmpty())
                //: zh: %1，发往 %2
                return word(QT_TRANSLATE_NOOP("CallText", "%1 to %2"), words).arg(count, peer);
            return count;
        }
    case CallKind::Recv:
        if (c.error != 0)
            return failedReturn(c.error, words);
        if (c.bytes == 0)
            return server && !peer.isEmpty()
                ? word(QT_TRANSLATE_NOOP("CallText", "returns 0: %1 closed its side"), words).arg(peer)
                : word(QT_TRANSLATE_NOOP("CallText", "returns 0: the other side closed its side"), words);
        if (server && !peer.isEmpty())
            //: zh: %1，来自 %2
            return word(QT_TRANSLATE_NOOP("CallText", "%1 from %2"), words).arg(byteCount(c.bytes, words), peer);
        return c.bytes >= 0 ? byteCount(c.bytes, words) : QString();
    case CallKind::Shutdown:
        return word(QT_TRANSLATE_NOOP("CallText", "SHUT_WR: no more sending"), words);
    case CallKind::Close:
        if (c.abortive)
            return word(QT_TRANSLATE_NOOP("CallText", "SO_LINGER 0: reset the connection"), words);
        if (c.connectionGone)
            //: zh: 连接已经没了：什么也不发送（没有 FIN）
            return word(QT_TRANSLATE_NOOP("CallText", "the connection is gone already: nothing is sent (no FIN)"), words);
        if (peer.isEmpty() && !local.isEmpty())
            return word(QT_TRANSLATE_NOOP("CallText", "listening socket %1"), words).arg(local);
        return peer;
    }
    return {};
}

QString noticedLater(int64_t delayUs, Words words)
{
    //: zh: 程序在 %1 后才察觉
    return word(QT_TRANSLATE_NOOP("CallText", "noticed by the program %1 later"), words)
        .arg(formatTimeGap(delayUs).mid(1));
}

QString handshakeDisplayName(Handshake h, Words words)
{
    const bool ui = words == Words::Interface;
    switch (h) {
    case Handshake::Complete:
        return ui ? QCoreApplication::translate("LadderLayout", "complete", "handshake class") : QStringLiteral("complete");
    case Handshake::Partial:
        return ui ? QCoreApplication::translate("LadderLayout", "partial", "handshake class") : QStringLiteral("partial");
    case Handshake::Refused:
        return ui ? QCoreApplication::translate("LadderLayout", "refused", "handshake class") : QStringLiteral("refused");
    case Handshake::None:
        break;
    }
    return ui ? QCoreApplication::translate("LadderLayout", "none", "handshake class") : QStringLiteral("none");
}

QString formatTimeGap(int64_t deltaUs)
{
    const QChar sign = deltaUs < 0 ? QChar(0x2212) : QLatin1Char('+');
    const double us = std::abs(double(deltaUs));
    if (us < 1e6)
        return QStringLiteral("%1%2 ms").arg(sign).arg(us / 1e3, 0, 'f', us < 1e5 ? 3 : 1);
    if (us < 1e8)
        return QStringLiteral("%1%2 s").arg(sign).arg(us / 1e6, 0, 'f', 3);
    return QStringLiteral("%1%2 s").arg(sign).arg(us / 1e6, 0, 'f', 0);
}

namespace {
std::atomic<StateNaming> g_naming{StateNaming::Unp};
}

void setStateNaming(StateNaming naming)
{
    g_naming = naming;
}

StateNaming stateNaming()
{
    return g_naming;
}

QString stateName(TcpState state)
{
    return stateName(state, g_naming);
}

QString stateName(TcpState state, StateNaming naming)
{
    if (naming == StateNaming::Unp || state == TcpState::Unknown)
        return QString::fromLatin1(tcpStateName(state));
    const bool ss = naming == StateNaming::LinuxSs;
    switch (state) {
    case TcpState::Closed: return ss ? QStringLiteral("CLOSE") : QStringLiteral("CLOSED");
    case TcpState::Listen: return QStringLiteral("LISTEN");
    case TcpState::SynSent: return QStringLiteral("SYN-SENT");
    case TcpState::SynRcvd: return ss ? QStringLiteral("SYN-RECV") : QStringLiteral("SYN-RECEIVED");
    case TcpState::Established: return ss ? QStringLiteral("ESTAB") : QStringLiteral("ESTABLISHED");
    case TcpState::FinWait1: return QStringLiteral("FIN-WAIT-1");
    case TcpState::FinWait2: return QStringLiteral("FIN-WAIT-2");
    case TcpState::Closing: return QStringLiteral("CLOSING");
    case TcpState::TimeWait: return QStringLiteral("TIME-WAIT");
    case TcpState::CloseWait: return QStringLiteral("CLOSE-WAIT");
    case TcpState::LastAck: return QStringLiteral("LAST-ACK");
    case TcpState::Unknown: break;
    }
    return QString::fromLatin1(tcpStateName(state));
}

} // namespace hv
