// handshake-viz and tshark read the same captures and must tell the same story, field by field.
// The captures are recorded here, on this machine, by tcpdump or dumpcap, from traffic this test
// makes itself on loopback; a second set comes from the shared synthetic generator.
//
// How each JSON value is matched to a tshark field (Wireshark 4.0, `tshark -2`: two passes, so
// relative numbers and the conversation completeness are final):
//   frame        frame.number                 every TCP frame on both sides, none twice
//   from         tcp.srcport                  the sender's port is the client's or the server's
//   flags        tcp.flags & 0x1FF            the JSON label ("SYN, ACK") turned back into bits
//   seq, ack     tcp.seq_raw, tcp.ack_raw
//   rel_seq      tcp.seq
//   rel_ack      tcp.ack                      without the ACK flag: ours 0, theirs 0 or empty
//   len          tcp.len
//   win          tcp.window_size_value
//   win_scaled   tcp.window_size
//   options      tcp.options.mss_val, .wscale.shift, .timestamp.tsval, .timestamp.tsecr,
//                .sack_perm (an FT_NONE field: present or not)
//   time_us      frame.time_epoch             truncated to microseconds
//   connection   tcp.stream                   one JSON connection is exactly one tshark stream
//   handshake    tcp.completeness             see handshakeFromCompleteness()
//   linktype     frame.encap_type             see linkTypeFromEncap()
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace {

// ---- tshark ------------------------------------------------------------------------------------

enum Field {
    FrameNumber, SrcPort, Flags, SeqRaw, AckRaw, Seq, Ack, Len, WindowValue, WindowSize, Mss, WscaleShift,
    TsVal, TsEcr, SackPerm, Completeness, Stream, EncapType, TimeEpoch, FieldCount
};

// In Field's order. The last three tie frames to connections, the capture to a link type and
// segments to their timestamps.
const char *const kFieldNames[FieldCount] = {
    "frame.number", "tcp.srcport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.seq", "tcp.ack", "tcp.len",
    "tcp.window_size_value", "tcp.window_size", "tcp.options.mss_val", "tcp.options.wscale.shift",
    "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr", "tcp.options.sack_perm", "tcp.completeness",
    "tcp.stream", "frame.encap_type", "frame.time_epoch",
};

struct TsharkFrames {
    QMap<int, QStringList> byFrame; // frame number -> fields in Field order
    QString error;
};

TsharkFrames runTshark(const QString &capture)
{
    QStringList args{QStringLiteral("-2"), QStringLiteral("-n"), QStringLiteral("-r"), capture,
                     QStringLiteral("-T"), QStringLiteral("fields"),
                     QStringLiteral("-E"), QStringLiteral("separator=/t"),
                     QStringLiteral("-E"), QStringLiteral("occurrence=f"),
                     // The defaults our numbers follow, pinned against a user's preferences file.
                     QStringLiteral("-o"), QStringLiteral("tcp.analyze_sequence_numbers:TRUE"),
                     QStringLiteral("-o"), QStringLiteral("tcp.relative_sequence_numbers:TRUE"),
                     QStringLiteral("-o"), QStringLiteral("tcp.default_window_scaling:Not known")};
    for (const char *name : kFieldNames)
        args << QStringLiteral("-e") << QLatin1String(name);
    args << QStringLiteral("-Y") << QStringLiteral("tcp");

    TsharkFrames out;
    const hvtest::Run r = hvtest::run(QStringLiteral("tshark"), args, 30000);
    if (!r.finished || r.exitCode != 0) {
        out.error = QStringLiteral("tshark failed (exit %1): %2").arg(r.exitCode).arg(QString::fromUtf8(r.err));
        return out;
    }
    for (const QByteArray &line : r.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QStringList fields = QString::fromUtf8(line).split(QLatin1Char('\t'));
        bool ok = false;
        const int frame = fields.value(FrameNumber).toInt(&ok);
        if (fields.size() != FieldCount || !ok) {
            out.error = QStringLiteral("unexpected tshark line: %1").arg(QString::fromUtf8(line));
            return out;
        }
        out.byFrame.insert(frame, fields);
    }
    return out;
}

// Wireshark's WTAP_ENCAP_* numbers (wiretap/wtap.h) for the link types a loopback capture uses,
// in libpcap's names, as the JSON's source.linktype spells them.
QString linkTypeFromEncap(int encap)
{
    switch (encap) {
    case 1: return QStringLiteral("EN10MB");
    case 7: return QStringLiteral("RAW");
    case 15: return QStringLiteral("NULL");
    case 25: return QStringLiteral("LINUX_SLL");
    case 210: return QStringLiteral("LINUX_SLL2");
    default: return QStringLiteral("WTAP_ENCAP_%1").arg(encap);
    }
}

// Wireshark 4.0's tcp.completeness is a bit mask of what the conversation showed:
// 1 SYN, 2 SYN-ACK, 4 ACK, 8 DATA, 16 FIN, 32 RST. Measured with tshark 4.0.17: a SYN-ACK does
// not set 4, any other segment with the ACK flag does (SYN, RST+ACK gives 37), and a capture
// that lost the SYN never gets 1. Our classes from it:
//   none      no SYN (the capture started after it)
//   complete  SYN, SYN-ACK and an ACK (1|2|4), whatever followed (FIN, RST, data)
//   refused   SYN and RST without a SYN-ACK
//   partial   any other conversation with a SYN
QString handshakeFromCompleteness(uint bits)
{
    if (!(bits & 1))
        return QStringLiteral("none");
    if ((bits & 7) == 7)
        return QStringLiteral("complete");
    if ((bits & 32) && !(bits & 2))
        return QStringLiteral("refused");
    return QStringLiteral("partial");
}

// "SYN, ACK" -> 0x012. Unknown words make the result -1 so that they show up as a mismatch.
int flagBitsFromLabel(const QString &label)
{
    static const QHash<QString, int> bits{
        {QStringLiteral("FIN"), 0x001}, {QStringLiteral("SYN"), 0x002}, {QStringLiteral("RST"), 0x004},
        {QStringLiteral("PSH"), 0x008}, {QStringLiteral("ACK"), 0x010}, {QStringLiteral("URG"), 0x020},
        {QStringLiteral("ECE"), 0x040}, {QStringLiteral("CWR"), 0x080}, {QStringLiteral("AE"), 0x100},
    };
    if (label == QLatin1String("<None>"))
        return 0;
    int mask = 0;
    for (const QString &word : label.split(QStringLiteral(", "))) {
        if (!bits.contains(word))
            return -1;
        mask |= bits.value(word);
    }
    return mask;
}

// "1700000000.000007000" -> "1700000000000007" (microseconds, truncated), exact in integers.
QString epochToMicroseconds(const QString &epoch)
{
    const qsizetype dot = epoch.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? epoch : epoch.left(dot);
    const QString fraction = dot < 0 ? QString() : epoch.mid(dot + 1);
    return QString::number(whole.toLongLong() * 1000000 + fraction.leftJustified(6, QLatin1Char('0'), true).toLongLong());
}

QString jsonNumber(const QJsonValue &v)
{
    return v.isDouble() ? QString::number(v.toInteger()) : QString();
}

// ---- the comparison ----------------------------------------------------------------------------

struct Comparison {
    QStringList mismatches;          // "frame 7 rel_ack: ours 1, theirs 6"
    QJsonObject json;                // what handshake-viz exported
    QMap<int, QStringList> tshark;   // what tshark said
    QString failure;                 // a step did not run at all
};

// frame 0: the capture as a whole.
void check(QStringList &out, int frame, const char *field, const QString &ours, const QString &theirs)
{
    if (ours != theirs)
        out << QStringLiteral("%1 %2: ours '%3', theirs '%4'")
                   .arg(frame ? QStringLiteral("frame %1").arg(frame) : QStringLiteral("capture"),
                        QLatin1String(field), ours, theirs);
}

// Runs both programs on `capture` and lists every disagreement.
Comparison compareWithTshark(const QString &capture, const QString &workDir)
{
    Comparison c;
    const QString jsonPath = QDir(workDir).filePath(QFileInfo(capture).completeBaseName() + QStringLiteral(".json"));
    const hvtest::Run viz = hvtest::runViz({QStringLiteral("--read"), capture, QStringLiteral("--export"), jsonPath}, 30000);
    if (!viz.finished || viz.exitCode != 0) {
        c.failure = QStringLiteral("handshake-viz --read %1 --export %2 failed (exit %3): %4")
                        .arg(capture, jsonPath).arg(viz.exitCode).arg(QString::fromUtf8(viz.err));
        return c;
    }
    c.json = hvtest::readJson(jsonPath);
    if (c.json.value(QLatin1String("format")).toString() != QLatin1String("handshake-viz/1")) {
        c.failure = QStringLiteral("%1 is not a handshake-viz/1 JSON export").arg(jsonPath);
        return c;
    }
    TsharkFrames theirs = runTshark(capture);
    if (!theirs.error.isEmpty()) {
        c.failure = theirs.error;
        return c;
    }
    c.tshark = theirs.byFrame;
    QStringList &bad = c.mismatches;
    const QJsonObject &json = c.json; // const: operator[] must not insert what is missing

    // The capture as a whole.
    const QString encap = c.tshark.isEmpty() ? QString()
                                              : linkTypeFromEncap(c.tshark.first().at(EncapType).toInt());
    check(bad, 0, "source.linktype", json[QLatin1String("source")][QLatin1String("linktype")].toString(), encap);
    check(bad, 0, "packets.tcp", jsonNumber(json[QLatin1String("packets")][QLatin1String("tcp")]),
          QString::number(c.tshark.size()));
    const QJsonArray errors = json[QLatin1String("errors")].toArray();
    if (!errors.isEmpty())
        bad << QStringLiteral("errors: ours %1, theirs none")
                   .arg(QString::fromUtf8(QJsonDocument(errors).toJson(QJsonDocument::Compact)));

    QSet<int> seen;
    QHash<QString, int> connectionOfStream; // tcp.stream -> JSON connection id
    for (const QJsonValue &connValue : json[QLatin1String("connections")].toArray()) {
        const QJsonObject conn = connValue.toObject();
        const int id = conn[QLatin1String("id")].toInt();
        const int clientPort = conn[QLatin1String("client")][QLatin1String("port")].toInt();
        const int serverPort = conn[QLatin1String("server")][QLatin1String("port")].toInt();
        QSet<QString> streams;
        uint completeness = 0;
        int firstFrame = 0;

        for (const QJsonValue &segValue : conn[QLatin1String("segments")].toArray()) {
            const QJsonObject seg = segValue.toObject();
            const int frame = seg[QLatin1String("frame")].toInt();
            if (!firstFrame)
                firstFrame = frame;
            if (seen.contains(frame)) {
                bad << QStringLiteral("frame %1: ours lists it twice").arg(frame);
                continue;
            }
            seen.insert(frame);
            if (!c.tshark.contains(frame)) {
                bad << QStringLiteral("frame %1: ours has it (connection %2), theirs is not TCP").arg(frame).arg(id);
                continue;
            }
            const QStringList &t = c.tshark[frame];
            streams.insert(t[Stream]);
            completeness |= t[Completeness].toUInt();

            const QString from = seg[QLatin1String("from")].toString();
            if (clientPort != serverPort) // a socket connected to itself has one port for both roles
                check(bad, frame, "from (sender port)",
                      QString::number(from == QLatin1String("client") ? clientPort : serverPort), t[SrcPort]);
            const int flags = flagBitsFromLabel(seg[QLatin1String("flags")].toString());
            check(bad, frame, "flags", QStringLiteral("0x%1").arg(flags, 3, 16, QLatin1Char('0')),
                  QStringLiteral("0x%1").arg(t[Flags].toUInt(nullptr, 0) & 0x1FF, 3, 16, QLatin1Char('0')));
            check(bad, frame, "seq", jsonNumber(seg[QLatin1String("seq")]), t[SeqRaw]);
            check(bad, frame, "ack", jsonNumber(seg[QLatin1String("ack")]), t[AckRaw]);
            check(bad, frame, "rel_seq", jsonNumber(seg[QLatin1String("rel_seq")]), t[Seq]);
            // Without the ACK flag there is no acknowledgement: ours is 0, tshark 4.0 prints 0 too
            // (an empty column is read as 0 as well).
            const bool ackFlag = flags > 0 && (flags & 0x010);
            check(bad, frame, "rel_ack", jsonNumber(seg[QLatin1String("rel_ack")]),
                  ackFlag ? t[Ack] : (t[Ack].isEmpty() ? QStringLiteral("0") : t[Ack]));
            check(bad, frame, "len", jsonNumber(seg[QLatin1String("len")]), t[Len]);
            check(bad, frame, "win", jsonNumber(seg[QLatin1String("win")]), t[WindowValue]);
            check(bad, frame, "win_scaled", jsonNumber(seg[QLatin1String("win_scaled")]), t[WindowSize]);
            const QJsonObject opt = seg[QLatin1String("options")].toObject();
            check(bad, frame, "options.mss", jsonNumber(opt[QLatin1String("mss")]), t[Mss]);
            check(bad, frame, "options.wscale", jsonNumber(opt[QLatin1String("wscale")]), t[WscaleShift]);
            check(bad, frame, "options.tsval", jsonNumber(opt[QLatin1String("tsval")]), t[TsVal]);
            check(bad, frame, "options.tsecr", jsonNumber(opt[QLatin1String("tsecr")]), t[TsEcr]);
            check(bad, frame, "options.sack_perm", opt[QLatin1String("sack_perm")].toBool() ? QStringLiteral("yes") : QString(),
                  t[SackPerm].isEmpty() ? QString() : QStringLiteral("yes"));
            check(bad, frame, "time_us", jsonNumber(seg[QLatin1String("time_us")]), epochToMicroseconds(t[TimeEpoch]));
        }

        if (streams.size() != 1) {
            bad << QStringLiteral("connection %1 (from frame %2): ours is one connection, theirs %3 streams (%4)")
                       .arg(id).arg(firstFrame).arg(streams.size()).arg(QStringList(streams.values()).join(u','));
            continue;
        }
        const QString stream = *streams.begin();
        if (connectionOfStream.contains(stream))
            bad << QStringLiteral("tcp.stream %1: theirs is one stream, ours connections %2 and %3")
                       .arg(stream).arg(connectionOfStream.value(stream)).arg(id);
        connectionOfStream.insert(stream, id);
        check(bad, firstFrame, qPrintable(QStringLiteral("connection %1 handshake (tcp.completeness %2)").arg(id).arg(completeness)),
              conn[QLatin1String("handshake")].toString(), handshakeFromCompleteness(completeness));
    }
    // Two empty columns agree too: make sure each compared option really occurred in the capture
    // (every scenario has a Linux SYN: MSS, SACK_PERM, timestamps, window scale).
    for (Field f : {Mss, WscaleShift, TsVal, TsEcr, SackPerm, Completeness, Stream, TimeEpoch}) {
        bool any = false;
        for (const QStringList &t : std::as_const(c.tshark))
            any = any || !t[f].isEmpty();
        if (!any)
            bad << QStringLiteral("%1: no frame has a value, the comparison would prove nothing")
                       .arg(QLatin1String(kFieldNames[f]));
    }
    for (auto it = c.tshark.cbegin(); it != c.tshark.cend(); ++it)
        if (!seen.contains(it.key()))
            bad << QStringLiteral("frame %1: theirs is TCP (stream %2), ours has no segment for it")
                       .arg(it.key()).arg(it.value().at(Stream));
    return c;
}

// ---- traffic on loopback -----------------------------------------------------------------------

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    Fd(Fd &&o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd &operator=(Fd &&o) noexcept
    {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    ~Fd() { reset(); }
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    void reset()
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

QString lastError(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)));
}

socklen_t loopbackAddress(int family, quint16 port, sockaddr_storage *ss)
{
    std::memset(ss, 0, sizeof *ss);
    if (family == AF_INET6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(ss);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        a->sin6_addr = in6addr_loopback;
        return sizeof *a;
    }
    auto *a = reinterpret_cast<sockaddr_in *>(ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof *a;
}

int remainingMs(const QDeadlineTimer &deadline)
{
    return int(std::max<qint64>(0, deadline.remainingTime()));
}

bool waitFor(int fd, short events, const QDeadlineTimer &deadline)
{
    pollfd p{fd, events, 0};
    int n;
    do
        n = ::poll(&p, 1, remainingMs(deadline));
    while (n < 0 && errno == EINTR);
    return n > 0;
}

// A socket bound to loopback port 0 (the kernel picks a free one), listening or not. Bound but not
// listening, it reserves a port that answers SYN with RST.
Fd boundSocket(int family, bool listening, quint16 *port, QString *why)
{
    Fd s(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!s)
        return *why = lastError("socket"), Fd();
    sockaddr_storage ss;
    const socklen_t len = loopbackAddress(family, 0, &ss);
    if (::bind(s.get(), reinterpret_cast<sockaddr *>(&ss), len) != 0)
        return *why = lastError("bind"), Fd();
    if (listening && ::listen(s.get(), 8) != 0)
        return *why = lastError("listen"), Fd();
    socklen_t got = sizeof ss;
    ::getsockname(s.get(), reinterpret_cast<sockaddr *>(&ss), &got);
    *port = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port
                                     : reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
    return s;
}

// Non-blocking connect, bounded. Returns the socket and 0, or no socket and the errno.
Fd connectTo(int family, quint16 port, int *error, const QDeadlineTimer &deadline)
{
    Fd s(::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!s)
        return *error = errno, Fd();
    sockaddr_storage ss;
    const socklen_t len = loopbackAddress(family, port, &ss);
    if (::connect(s.get(), reinterpret_cast<sockaddr *>(&ss), len) != 0) {
        if (errno != EINPROGRESS)
            return *error = errno, Fd();
        if (!waitFor(s.get(), POLLOUT, deadline))
            return *error = ETIMEDOUT, Fd();
        int soError = 0;
        socklen_t l = sizeof soError;
        ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &soError, &l);
        if (soError != 0)
            return *error = soError, Fd();
    }
    *error = 0;
    return s;
}

Fd acceptFrom(int listener, const QDeadlineTimer &deadline)
{
    if (!waitFor(listener, POLLIN, deadline))
        return Fd();
    return Fd(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
}

bool sendAll(int fd, const QByteArray &data, const QDeadlineTimer &deadline)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.constData() + done, size_t(data.size() - done), MSG_NOSIGNAL);
        if (n > 0)
            done += n;
        else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            if (!waitFor(fd, POLLOUT, deadline))
                return false;
        } else
            return false;
    }
    return true;
}

// Reads exactly `size` bytes (size < 0: until end of stream). False on error or timeout.
bool receive(int fd, qsizetype size, QByteArray *into, const QDeadlineTimer &deadline)
{
    char buf[65536];
    while (size < 0 || into->size() < size) {
        const size_t want = size < 0 ? sizeof buf : std::min<size_t>(sizeof buf, size_t(size - into->size()));
        const ssize_t n = ::recv(fd, buf, want, 0);
        if (n > 0)
            into->append(buf, n);
        else if (n == 0)
            return size < 0;
        else if (errno == EAGAIN || errno == EINTR) {
            if (!waitFor(fd, POLLIN, deadline))
                return false;
        } else
            return false;
    }
    return true;
}

enum class Traffic { Chat, Refused, Bulk };

struct TrafficResult {
    QString failure;
    quint16 clientPort = 0;
    qint64 clientBytes = 0; // payload the client sent
    qint64 serverBytes = 0;
};

quint16 localPort(int fd)
{
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len);
    return ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port
                                          : reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
}

constexpr qsizetype kBulkBytes = 400 * 1024;

// Client and server in this thread, each step bounded. Every chat message waits for its answer,
// so no two messages share a segment (Nagle) and the exchange is the same on every run.
TrafficResult makeTraffic(Traffic traffic, int family, int serverSocket, quint16 serverPort)
{
    TrafficResult r;
    const QDeadlineTimer deadline(10000);
    int error = 0;
    Fd client = connectTo(family, serverPort, &error, deadline);
    if (traffic == Traffic::Refused) {
        if (error != ECONNREFUSED)
            r.failure = QStringLiteral("connect to a port without a listener: expected ECONNREFUSED, got '%1'")
                            .arg(QString::fromLocal8Bit(std::strerror(error)));
        return r;
    }
    if (!client)
        return r.failure = QStringLiteral("connect: %1").arg(QString::fromLocal8Bit(std::strerror(error))), r;
    r.clientPort = localPort(client.get());
    Fd server = acceptFrom(serverSocket, deadline);
    if (!server)
        return r.failure = QStringLiteral("accept timed out or failed"), r;

    if (traffic == Traffic::Chat) {
        for (int i = 1; i <= 3; ++i) {
            const QByteArray question = QByteArrayLiteral("hello number ") + QByteArray::number(i) + '\n';
            const QByteArray answer = QByteArrayLiteral("got it, ") + QByteArray::number(i) + '\n';
            QByteArray got;
            if (!sendAll(client.get(), question, deadline) || !receive(server.get(), question.size(), &got, deadline))
                return r.failure = QStringLiteral("message %1 client -> server failed").arg(i), r;
            got.clear();
            if (!sendAll(server.get(), answer, deadline) || !receive(client.get(), answer.size(), &got, deadline))
                return r.failure = QStringLiteral("message %1 server -> client failed").arg(i), r;
            r.clientBytes += question.size();
            r.serverBytes += answer.size();
        }
    } else {
        // The client writes while the server reads, interleaved, so neither blocks on a full buffer.
        QByteArray data(kBulkBytes, 'x');
        for (qsizetype i = 0; i < data.size(); ++i)
            data[i] = char('a' + i % 26);
        qsizetype sent = 0;
        QByteArray got;
        char buf[65536];
        while (got.size() < data.size()) {
            pollfd p[2] = {{client.get(), short(sent < data.size() ? POLLOUT : 0), 0}, {server.get(), POLLIN, 0}};
            if (::poll(p, 2, remainingMs(deadline)) <= 0)
                return r.failure = QStringLiteral("bulk transfer stalled at %1/%2 bytes received").arg(got.size()).arg(data.size()), r;
            if (p[0].revents & POLLOUT) {
                const ssize_t n = ::send(client.get(), data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
                if (n > 0)
                    sent += n;
            }
            if (p[1].revents & POLLIN) {
                const ssize_t n = ::recv(server.get(), buf, sizeof buf, 0);
                if (n > 0)
                    got.append(buf, n);
                else if (n == 0)
                    return r.failure = QStringLiteral("bulk transfer: early end of stream"), r;
            }
        }
        if (got != data)
            return r.failure = QStringLiteral("bulk transfer: the server received other bytes"), r;
        r.clientBytes = data.size();
    }

    // Clean close, client first: FIN from the client, the server reads the end and closes too.
    client.reset();
    QByteArray rest;
    if (!receive(server.get(), -1, &rest, deadline) || !rest.isEmpty())
        return r.failure = QStringLiteral("the server did not see a clean end of stream"), r;
    server.reset();
    return r;
}

QLatin1String kField(const char *name) { return QLatin1String(name); }

// What the recorder's closing statistics say it lost, -1 when they are missing.
// tcpdump: "0 packets dropped by kernel"; dumpcap: "received/dropped on interface 'lo': 12/0".
int droppedByRecorder(const QByteArray &log)
{
    static const QRegularExpression tcpdump(QStringLiteral("(\\d+) packets dropped by kernel"));
    static const QRegularExpression dumpcap(QStringLiteral("received/dropped on interface '[^']*': \\d+/(\\d+)"));
    const QString text = QString::fromUtf8(log);
    for (const QRegularExpression *re : {&tcpdump, &dumpcap}) {
        const QRegularExpressionMatch m = re->match(text);
        if (m.hasMatch())
            return m.captured(1).toInt();
    }
    return -1;
}

// Leaves the capture and the exports behind when the test fails, and says where.
struct KeepOnFailure {
    QTemporaryDir &dir;
    ~KeepOnFailure()
    {
        if (QTest::currentTestFailed()) {
            dir.setAutoRemove(false);
            qWarning().noquote() << "files kept in" << dir.path();
        }
    }
};

} // namespace

class TestTsharkAgreement : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void recordedCapture_data();
    void recordedCapture();
    void syntheticCapture_data();
    void syntheticCapture();
    void bigTcpSuperPackets();

private:
    void report(const Comparison &c);
};

void TestTsharkAgreement::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HV_BINARY)).isExecutable(), HV_BINARY " is not built");
    if (!hvtest::haveProgram(QStringLiteral("tshark")))
        QSKIP("tshark is not installed (apt-get install tshark): nothing to agree with");
}

// Prints every mismatch, not just the first.
void TestTsharkAgreement::report(const Comparison &c)
{
    QVERIFY2(c.failure.isEmpty(), qPrintable(c.failure));
    for (const QString &m : c.mismatches)
        qWarning().noquote() << m;
    QVERIFY2(c.mismatches.isEmpty(),
             qPrintable(QStringLiteral("%1 disagreement(s) with tshark, first: %2").arg(c.mismatches.size()).arg(c.mismatches.value(0))));
    QVERIFY2(!c.tshark.isEmpty(), "tshark found no TCP frame at all");
}

void TestTsharkAgreement::recordedCapture_data()
{
    QTest::addColumn<QString>("recorder");   // tcpdump | dumpcap
    QTest::addColumn<QString>("interface");
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("traffic");
    QTest::addColumn<QString>("handshake");  // expected, in our words
    QTest::addColumn<QString>("linktype");   // expected; empty: whatever tshark says
    QTest::addColumn<QString>("lose");       // frames editcap deletes afterwards, as if never captured

    const QString tcpdump = QStringLiteral("tcpdump"), lo = QStringLiteral("lo");
    const QString complete = QStringLiteral("complete"), eth = QStringLiteral("EN10MB");
    const QString all;
    QTest::newRow("ipv4 lo chat") << tcpdump << lo << int(AF_INET) << int(Traffic::Chat) << complete << eth << all;
    QTest::newRow("ipv6 lo chat") << tcpdump << lo << int(AF_INET6) << int(Traffic::Chat) << complete << eth << all;
    // tcpdump 4.99 with libpcap 1.10 writes LINUX_SLL2 on "any"; older ones LINUX_SLL. Both are fine
    // as long as ours and tshark's agree, which compareWithTshark() checks.
    QTest::newRow("any cooked chat") << tcpdump << QStringLiteral("any") << int(AF_INET) << int(Traffic::Chat) << complete << QString() << all;
    QTest::newRow("ipv4 refused") << tcpdump << lo << int(AF_INET) << int(Traffic::Refused) << QStringLiteral("refused") << eth << all;
    QTest::newRow("ipv4 400 KB") << tcpdump << lo << int(AF_INET) << int(Traffic::Bulk) << complete << eth << all;
    QTest::newRow("pcapng dumpcap") << QStringLiteral("dumpcap") << lo << int(AF_INET) << int(Traffic::Chat) << complete << eth << all;
    // A capture that missed a handshake segment: relative numbers and window scaling then follow
    // Wireshark's guesses (base_seq from the first segment, scaling from the SYN that was seen).
    QTest::newRow("ipv4 chat, SYN lost") << tcpdump << lo << int(AF_INET) << int(Traffic::Chat)
                                         << QStringLiteral("none") << eth << QStringLiteral("1");
    QTest::newRow("ipv4 chat, SYN+ACK lost") << tcpdump << lo << int(AF_INET) << int(Traffic::Chat)
                                             << QStringLiteral("partial") << eth << QStringLiteral("2");
}

// Without the privilege to capture there is nothing to compare: skip, and say why. Any other
// reason a recorder does not start is a failure.
#define SKIP_OR_FAIL_START(log)                                                                             \
    do {                                                                                                    \
        const QByteArray startLog = (log);                                                                  \
        if (startLog.contains("ermission") || startLog.contains("not permitted"))                           \
            QSKIP(qPrintable(QStringLiteral("live capture needs root or CAP_NET_RAW: %1")                   \
                                 .arg(QString::fromUtf8(startLog.trimmed().left(160)))));                    \
        QFAIL(qPrintable(QStringLiteral("%1 did not start: %2").arg(recorder, QString::fromUtf8(startLog)))); \
    } while (false)

void TestTsharkAgreement::recordedCapture()
{
    QFETCH(QString, recorder);
    QFETCH(QString, interface);
    QFETCH(int, family);
    QFETCH(int, traffic);
    QFETCH(QString, handshake);
    QFETCH(QString, linktype);
    QFETCH(QString, lose);
    const auto kind = Traffic(traffic);

    if (!hvtest::haveProgram(recorder))
        QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(recorder)));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeepOnFailure keep{dir};

    // The server's socket exists before the capture starts, so the filter can name its port.
    QString why;
    quint16 port = 0;
    Fd serverSocket = boundSocket(family, kind != Traffic::Refused, &port, &why);
    if (!serverSocket && family == AF_INET6)
        QSKIP(qPrintable(QStringLiteral("no IPv6 on loopback (%1)").arg(why)));
    QVERIFY2(serverSocket, qPrintable(why));

    const QString filter = QStringLiteral("tcp port %1").arg(port);
    QString capture = dir.filePath(recorder == QLatin1String("dumpcap") ? QStringLiteral("rec.pcapng")
                                                                        : QStringLiteral("rec.pcap"));
    TrafficResult made;
    QByteArray recorderLog;
    if (recorder == QLatin1String("dumpcap")) {
        hvtest::Dumpcap rec;
        if (!rec.start(capture, filter, interface))
            SKIP_OR_FAIL_START(rec.errors());
        made = makeTraffic(kind, family, serverSocket.get(), port);
        rec.stop();
        recorderLog = rec.errors();
    } else {
        hvtest::Tcpdump rec;
        // Immediate mode so stop() loses nothing; 64 MB of buffer so immediate mode drops nothing
        // (see Tcpdump::start).
        if (!rec.start(capture, filter, interface,
                       {QStringLiteral("--immediate-mode"), QStringLiteral("-B"), QStringLiteral("65536")}))
            SKIP_OR_FAIL_START(rec.errors());
        made = makeTraffic(kind, family, serverSocket.get(), port);
        rec.stop();
        recorderLog = rec.errors();
    }
    serverSocket.reset();
    QVERIFY2(made.failure.isEmpty(), qPrintable(made.failure));
    // A packet the recorder lost is not a disagreement between the readers: say so apart.
    QVERIFY2(droppedByRecorder(recorderLog) == 0, recorderLog.constData());

    if (!lose.isEmpty()) {
        if (!hvtest::haveProgram(QStringLiteral("editcap")))
            QSKIP("editcap (wireshark-common) is not installed");
        const QString cut = dir.filePath(QStringLiteral("cut.pcap"));
        const hvtest::Run editcap = hvtest::run(QStringLiteral("editcap"), {capture, cut, lose}, 30000);
        QVERIFY2(editcap.finished && editcap.exitCode == 0, editcap.err.constData());
        capture = cut;
    }

    const Comparison c = compareWithTshark(capture, dir.path());
    report(c);
    if (QTest::currentTestFailed())
        return;

    // What the scenario itself promises, on top of agreeing with tshark.
    const QJsonObject source = c.json[kField("source")].toObject();
    if (!linktype.isEmpty())
        QCOMPARE(source[kField("linktype")].toString(), linktype);
    if (recorder == QLatin1String("dumpcap")) {
        QFile f(capture);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(4), QByteArray::fromHex("0a0d0d0a")); // pcapng's Section Header Block
    }
    const QJsonArray conns = c.json[kField("connections")].toArray();
    QCOMPARE(conns.size(), 1);
    const QJsonObject conn = conns.first().toObject();
    QCOMPARE(conn[kField("handshake")].toString(), handshake);
    QCOMPARE(conn[kField("server")][kField("port")].toInt(), int(port));
    QCOMPARE(conn[kField("client")][kField("addr")].toString(),
             family == AF_INET6 ? QStringLiteral("::1") : QStringLiteral("127.0.0.1"));
    if (made.clientPort)
        QCOMPARE(conn[kField("client")][kField("port")].toInt(), int(made.clientPort));

    const QJsonArray segments = conn[kField("segments")].toArray();
    qint64 fromClient = 0, fromServer = 0;
    bool scaled = false;
    for (const QJsonValue &v : segments) {
        const QJsonObject s = v.toObject();
        // Loopback does retransmit: a burst into a full receive buffer, then SACK (seen here).
        if (!s[kField("retransmission")].toBool())
            (s[kField("from")].toString() == QLatin1String("client") ? fromClient : fromServer) += s[kField("len")].toInteger();
        scaled = scaled || s[kField("win_scaled")].toInteger() != s[kField("win")].toInteger();
    }
    QCOMPARE(fromClient, made.clientBytes);
    QCOMPARE(fromServer, made.serverBytes);
    if (kind == Traffic::Refused) {
        QCOMPARE(segments.size(), 2);
        QCOMPARE(segments[0][kField("flags")].toString(), QStringLiteral("SYN"));
        QCOMPARE(segments[1][kField("flags")].toString(), QStringLiteral("RST, ACK"));
    }
    if (kind == Traffic::Bulk)
        QVERIFY2(scaled, "a 400 KB transfer on lo should show a scaled window (win_scaled != win)");
}

void TestTsharkAgreement::syntheticCapture_data()
{
    QTest::addColumn<QString>("linktype");   // the generator's word
    QTest::addColumn<QString>("expected");   // source.linktype
    QTest::newRow("en10mb") << QStringLiteral("en10mb") << QStringLiteral("EN10MB");
    QTest::newRow("null") << QStringLiteral("null") << QStringLiteral("NULL");
    QTest::newRow("raw") << QStringLiteral("raw") << QStringLiteral("RAW");
    QTest::newRow("sll") << QStringLiteral("sll") << QStringLiteral("LINUX_SLL");
}

void TestTsharkAgreement::syntheticCapture()
{
    QFETCH(QString, linktype);
    QFETCH(QString, expected);
    const QString generator = QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py");
    if (!QFileInfo::exists(generator))
        QSKIP(qPrintable(QStringLiteral("%1 is missing").arg(generator)));
    if (!hvtest::haveProgram(QStringLiteral("python3")))
        QSKIP("python3 is not installed");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeepOnFailure keep{dir};
    const QString capture = dir.filePath(QStringLiteral("gen-%1.pcap").arg(linktype));
    const hvtest::Run gen = hvtest::run(QStringLiteral("python3"),
                                        {generator, capture, QStringLiteral("--conns"), QStringLiteral("50"),
                                         QStringLiteral("--linktype"), linktype, QStringLiteral("--ipv6-frac"),
                                         QStringLiteral("0.5"), QStringLiteral("--rst-frac"), QStringLiteral("0.2")},
                                        30000);
    QVERIFY2(gen.finished && gen.exitCode == 0, gen.err.constData());

    const Comparison c = compareWithTshark(capture, dir.path());
    report(c);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(c.json[kField("source")][kField("linktype")].toString(), expected);
    const QJsonArray conns = c.json[kField("connections")].toArray();
    QCOMPARE(conns.size(), 50);
    int v6 = 0;
    for (const QJsonValue &v : conns) {
        QCOMPARE(v[kField("handshake")].toString(), QStringLiteral("complete"));
        v6 += v[kField("client")][kField("addr")].toString() == QLatin1String("::1");
    }
    QVERIFY2(v6 > 0 && v6 < 50, "the generator was asked for about half IPv6 connections");
}

// Linux BIG TCP, recorded for real: with lo's GSO limit above 64 KiB, IPv6 TCP hands the capture
// super-packets of up to 256 KiB, whose IPv6 payload length is 0. The Linux here (6.x) puts an
// RFC 2675 Jumbo Payload option on them, in a hop-by-hop header, and both readers take its length;
// a kernel that leaves it out makes packets that are ours to flag (ipv6_payload_length_0) and
// tshark's to call malformed: those are checked as such, then cut, and the rest compared. All of
// it happens in a network namespace of its own (unshare -n): its lo is the test's, and no setting
// of the machine changes. tcpdump records without a filter: "tcp port N" compiles to a test of the
// IPv6 next header, and the hop-by-hop header makes it miss every jumbogram.
void TestTsharkAgreement::bigTcpSuperPackets()
{
    for (const char *program : {"unshare", "ip", "python3", "tcpdump", "editcap"})
        if (!hvtest::haveProgram(QLatin1String(program)))
            QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QLatin1String(program))));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeepOnFailure keep{dir};
    const QString capture = dir.filePath(QStringLiteral("bigtcp.pcap"));
    const QString script = QStringLiteral(R"(set -e
ip link set lo up
ip link set dev lo gso_max_size 262144 gro_max_size 262144
tcpdump -i lo -n -U --immediate-mode -B 65536 -s 200 -w "$1" 2>"$1.log" &
td=$!
for i in $(seq 200); do grep -q "listening on" "$1.log" && break; sleep 0.05; done
python3 -c "$2"
sleep 0.3
kill $td
wait $td || true
cat "$1.log" >&2
)");
    const QString traffic = QStringLiteral(R"(
import socket, threading
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind(("::1", 0)); s.listen(1)
def serve():
    c, _ = s.accept()
    while c.recv(1 << 20):
        pass
    c.close()
t = threading.Thread(target=serve); t.start()
c = socket.socket(socket.AF_INET6)
c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
c.connect(s.getsockname()[:2]); c.sendall(b"x" * (16 << 20)); c.close(); t.join()
)");
    const hvtest::Run rec = hvtest::run(QStringLiteral("unshare"),
                                        {QStringLiteral("-n"), QStringLiteral("sh"), QStringLiteral("-c"), script,
                                         QStringLiteral("sh"), capture, traffic},
                                        60000);
    if (rec.err.contains("unshare failed") || rec.err.contains("ermission denied") || rec.err.contains("not permitted"))
        QSKIP(qPrintable(QStringLiteral("no network namespace of our own: %1").arg(QString::fromUtf8(rec.err.trimmed()))));
    QVERIFY2(rec.finished && rec.exitCode == 0, rec.err.constData());
    QVERIFY2(droppedByRecorder(rec.err) == 0, rec.err.constData());

    const hvtest::Run ours = hvtest::runViz({QStringLiteral("--read"), capture, QStringLiteral("--export"),
                                             dir.filePath(QStringLiteral("bigtcp.json"))});
    QVERIFY2(ours.exitCode == 0, ours.err.constData());
    QStringList flagged;
    qint64 biggest = 0;
    for (const QJsonValue &conn : hvtest::readJson(dir.filePath(QStringLiteral("bigtcp.json")))[kField("connections")].toArray())
        for (const QJsonValue &seg : conn[kField("segments")].toArray()) {
            biggest = std::max(biggest, seg[kField("len")].toInteger());
            if (seg[kField("anomalies")].toArray().contains(QStringLiteral("ipv6_payload_length_0")))
                flagged << QString::number(seg[kField("frame")].toInteger());
        }
    qInfo("largest segment %lld bytes; %lld flagged ipv6_payload_length_0", biggest, qlonglong(flagged.size()));
    QVERIFY2(biggest > 65535, "no super-packet: BIG TCP did not happen");

    QString compared = capture;
    if (!flagged.isEmpty()) {
        const hvtest::Run malformed = hvtest::run(QStringLiteral("tshark"),
                                                  {QStringLiteral("-n"), QStringLiteral("-r"), capture, QStringLiteral("-Y"),
                                                   QStringLiteral("_ws.malformed"), QStringLiteral("-T"), QStringLiteral("fields"),
                                                   QStringLiteral("-e"), QStringLiteral("frame.number")},
                                                  60000);
        QCOMPARE(QString::fromUtf8(malformed.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts), flagged);
        compared = dir.filePath(QStringLiteral("without-malformed.pcap"));
        const hvtest::Run cut = hvtest::run(QStringLiteral("editcap"), QStringList{capture, compared} + flagged, 30000);
        QVERIFY2(cut.finished && cut.exitCode == 0, cut.err.constData());
    }
    report(compareWithTshark(compared, dir.path()));
}

QTEST_GUILESS_MAIN(TestTsharkAgreement)
#include "tst_tshark_agreement.moc"
