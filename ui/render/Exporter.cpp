#include "Exporter.h"

#include "ExportFile.h"
#include "PictureFile.h"
#include "JsonWriter.h"
#include "LadderLayout.h"
#include "LadderPainter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QFile>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace hv {

namespace {

// Error messages are for the person at the screen: in the interface language. The documents
// themselves (text, JSON) are read by programs and stay English.
struct ExportWords {
    Q_DECLARE_TR_FUNCTIONS(Exporter)
};


bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// "" from PictureFile's writers: done; else their message.
bool done(QString *error, const QString &message)
{
    return message.isEmpty() || fail(error, message);
}

// A document made in memory, written through ExportFile.
bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    return done(error, saveBytes(path, bytes));
}

QJsonValue number(int64_t v)
{
    return QJsonValue(qint64(v)); // stored as an integer: exact, printed without exponent
}

// ---- JSON --------------------------------------------------------------------------------------

QJsonObject endpointJson(const Endpoint &e)
{
    return {{QStringLiteral("addr"), QString::fromStdString(e.addr.toString())},
            {QStringLiteral("port"), int(e.port)}};
}

QJsonObject optionsJson(const TcpOptions &o)
{
    QJsonObject json;
    if (o.mss >= 0)
        json.insert(QStringLiteral("mss"), int(o.mss));
    if (o.sackPerm)
        json.insert(QStringLiteral("sack_perm"), true);
    if (o.hasTimestamps) {
        json.insert(QStringLiteral("tsval"), number(o.tsval));
        json.insert(QStringLiteral("tsecr"), number(o.tsecr));
    }
    if (o.wscale >= 0)
        json.insert(QStringLiteral("wscale"), int(o.wscale));
    if (o.sackBlockCount > 0) {
        QJsonArray blocks;
        for (size_t i = 0; i < std::min<size_t>(o.sackBlockCount, o.sackBlocks.size()); ++i)
            blocks.append(QJsonArray{number(o.sackBlocks[i].first), number(o.sackBlocks[i].second)});
        json.insert(QStringLiteral("sack"), blocks);
    }
    return json;
}

// null where the packets prove no state.
QJsonValue stateJson(TcpState state)
{
    return state == TcpState::Unknown ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(tcpStateName(state)));
}

QJsonValue endpointOrNull(const Endpoint &e)
{
    return e.port == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromStdString(e.toString()));
}

QJsonObject segmentJson(const Segment &s)
{
    QJsonArray anomalies;
    for (const std::string &a : anomalyNames(s.anomalies))
        anomalies.append(QString::fromStdString(a));
    return {
        {QStringLiteral("frame"), number(s.frame)},
        {QStringLiteral("time_us"), number(s.timeUs)},
        {QStringLiteral("from"), QString::fromLatin1(sideName(s.from))},
        {QStringLiteral("flags"), QString::fromStdString(flagsLabel(s.flags))},
        {QStringLiteral("seq"), number(s.seq)},
        {QStringLiteral("ack"), number(s.ack)},
        {QStringLiteral("rel_seq"), number(s.relSeq)},
        {QStringLiteral("rel_ack"), number(s.relAck)},
        {QStringLiteral("len"), number(s.len)},
        {QStringLiteral("win"), number(s.win)},
        {QStringLiteral("win_scaled"), number(s.winScaled)},
        {QStringLiteral("options"), optionsJson(s.options)},
        {QStringLiteral("retransmission"), s.retransmission},
        {QStringLiteral("anomalies"), anomalies},
        {QStringLiteral("client_state"), stateJson(s.clientState)},
        {QStringLiteral("server_state"), stateJson(s.serverState)},
    };
}

// ---- text --------------------------------------------------------------------------------------

// Seconds relative to the origin with six decimals, computed in integers ("-0.001000").
QString relativeSeconds(int64_t timeUs, int64_t originUs)
{
    const int64_t d = timeUs - originUs;
    const uint64_t a = d < 0 ? uint64_t(-(d + 1)) + 1 : uint64_t(d);
    return QStringLiteral("%1%2.%3")
        .arg(d < 0 ? QStringLiteral("-") : QString())
        .arg(a / 1000000)
        .arg(a % 1000000, 6, 10, QLatin1Char('0'));
}

QString segmentLine(const Segment &s, const Connection &c, int64_t originUs, bool relative)
{
    const Endpoint &src = s.from == Side::Client ? c.client : c.server;
    const Endpoint &dst = s.from == Side::Client ? c.server : c.client;
    QString info;
    if (s.retransmission)
        info += QStringLiteral("[TCP Retransmission] ");
    info += QStringLiteral("%1 → %2 [%3] Seq=%4").arg(src.port).arg(dst.port)
                .arg(QString::fromStdString(flagsLabel(s.flags)))
                .arg(relative ? s.relSeq : s.seq);
    if (s.flags & TcpFlag::Ack)
        info += QStringLiteral(" Ack=%1").arg(relative ? s.relAck : s.ack);
    info += QStringLiteral(" Win=%1 Len=%2").arg(s.winScaled).arg(s.len);
    const TcpOptions &o = s.options;
    if (o.mss >= 0)
        info += QStringLiteral(" MSS=%1").arg(o.mss);
    if (o.sackPerm)
        info += QStringLiteral(" SACK_PERM");
    if (o.hasTimestamps)
        info += QStringLiteral(" TSval=%1 TSecr=%2").arg(o.tsval).arg(o.tsecr);
    if (o.wscale >= 0)
        info += QStringLiteral(" WS=%1").arg(1u << std::min<int>(o.wscale, 14));
    for (size_t i = 0; i < std::min<size_t>(o.sackBlockCount, o.sackBlocks.size()); ++i)
        info += QStringLiteral(" SLE=%1 SRE=%2").arg(o.sackBlocks[i].first).arg(o.sackBlocks[i].second);
    for (const std::string &a : anomalyNames(s.anomalies))
        info += QStringLiteral(" [%1]").arg(QString::fromStdString(a));

    return QStringLiteral("%1 %2 %3 → %4 TCP %5   client %6 | server %7")
        .arg(s.frame, 4)
        .arg(relativeSeconds(s.timeUs, originUs),
             QString::fromStdString(src.toString()), QString::fromStdString(dst.toString()), info,
             stateName(s.clientState), stateName(s.serverState));
}

// A call as the ladder draws it: at `drawnUs` (the segment that made it true, if one did).
QString callLine(const SocketCall &call, int64_t drawnUs, int64_t originUs)
{
    QString line = QStringLiteral("%1 %2 %3 %4")
                       .arg(QStringLiteral("-"), 4)
                       .arg(relativeSeconds(drawnUs, originUs),
                            call.side == CallSide::Client ? QStringLiteral("client") : QStringLiteral("server"),
                            callLabel(call.kind, Words::English));
    const QString detail = callDetail(call, Words::English);
    if (!detail.isEmpty())
        line += QLatin1Char(' ') + detail;
    if (!call.inferred && call.timeUs > drawnUs)
        line += QStringLiteral(" (") + noticedLater(call.timeUs - drawnUs, Words::English) + QLatin1Char(')');
    if (call.inferred)
        line += QStringLiteral(" (inferred)");
    return line;
}

// The origin of the text's relative times: the first segment, else the first call.
int64_t textOrigin(const Timeline &timeline)
{
    if (timeline.segments().empty() && !timeline.calls().empty())
        return timeline.calls().front().timeUs;
    return timeline.firstSegmentTimeUs();
}

// The lines before the connections: format, source, packet counts, numbers.
QStringList textHeader(const Timeline &timeline, const ExportOptions &options)
{
    QStringList out;
    const SourceInfo &src = timeline.source();
    const PacketCounts &n = timeline.counts();
    out << QStringLiteral("# handshake-viz/1 text export");
    if (!src.kind.isEmpty())
        out << QStringLiteral("# source: %1 %2 (%3)").arg(src.kind, src.name, src.linkType);
    const auto known = [](const std::optional<uint64_t> &v) { return v ? QString::number(*v) : QStringLiteral("unknown"); };
    out << QStringLiteral("# packets: %1 total, %2 tcp, %3 truncated, %4 malformed, %5 skipped, %6 dropped, %7 if_dropped")
               .arg(n.total).arg(n.tcp).arg(n.truncated).arg(n.malformed).arg(n.skipped)
               .arg(known(n.dropped), known(n.ifDropped));
    if (n.copies.value_or(0) > 0)
        out.back() += QStringLiteral(", %1 copies").arg(*n.copies);
    out << QStringLiteral("# numbers: %1").arg(options.relativeNumbers ? QStringLiteral("relative")
                                                                       : QStringLiteral("absolute"));
    return out;
}

// The two lines before a connection's steps.
std::pair<QString, QString> connectionHeading(const Connection &c)
{
    return {QStringLiteral("#"),
            QStringLiteral("# connection %1: client %2 - server %3, handshake %4")
                .arg(c.id)
                .arg(QString::fromStdString(c.client.toString()), QString::fromStdString(c.server.toString()),
                     handshakeDisplayName(c.handshake, Words::English))};
}

// The lines after everything: the capture's errors.
QStringList textErrors(const Timeline &timeline)
{
    QStringList out;
    if (!timeline.errors().empty()) {
        out << QStringLiteral("#");
        for (const CaptureError &e : timeline.errors())
            out << QStringLiteral("# error: frame %1 %2: %3").arg(e.frame).arg(e.kind, e.reason);
    }
    return out;
}

// ---- pictures ----------------------------------------------------------------------------------

// The ladders an export draws: the screen's stacked layout, at the export's font and width.
struct Picture {
    LadderStack stack;
    QSizeF size;
};

// A PNG is cut at kMaxPngLogicalHeight: ladders below it are only counted.
Picture layoutPicture(const Timeline &timeline, const ExportOptions &options, qreal maxHeight = 1e300)
{
    const std::vector<uint32_t> ids = options.connection ? std::vector<uint32_t>{options.connection}
                                                         : stackedConnections(timeline);
    LadderOptions lo;
    lo.relativeNumbers = options.relativeNumbers;
    lo.blanks = options.blanks;
    Picture pic;
    updateStack(pic.stack, timeline, ids, options.font, options.width, lo, size_t(-1), maxHeight);
    pic.size = pic.stack.contentSize;
    return pic;
}

// Paints the ladders that fall within [0, height) and returns how many rows were left out.
size_t paintPicture(QPainter &p, const Picture &pic, qreal height)
{
    size_t hidden = pic.stack.omittedSteps;
    for (size_t i = 0; i < pic.stack.ladders.size(); ++i) {
        const qreal top = pic.stack.offsets[i];
        const LadderRows &rows = pic.stack.ladders[i].rows;
        // Rows are sorted: those ending below the cut are a tail.
        hidden += rows.size() - rows.firstBelow(height - top);
    }
    p.save();
    p.setClipRect(QRectF(0, 0, pic.size.width(), height));
    LadderPainter::paintStack(p, pic.stack, QRectF(0, 0, pic.size.width(), height));
    p.restore();
    return hidden;
}

bool writePng(const Timeline &timeline, const QString &path, QString *error, const ExportOptions &options)
{
    const Picture pic = layoutPicture(timeline, options, kMaxPngLogicalHeight);
    const QFontMetricsF fm(options.font);
    const bool cut = pic.size.height() > kMaxPngLogicalHeight;
    const qreal noticeHeight = std::ceil(fm.height() * 2.2);
    const qreal height = cut ? kMaxPngLogicalHeight : pic.size.height();
    // In quarter steps, so that strokes and text stay on a regular grid.
    const qreal fits = std::floor(std::sqrt(kMaxPngDevicePixels / std::max<qreal>(1, pic.size.width() * height)) * 4) / 4;
    const qreal dpr = std::max<qreal>(1, std::min(options.devicePixelRatio, fits));

    // Opaque: the background is white, and RGB encodes faster than RGBA.
    QImage image(QSize(int(std::ceil(pic.size.width() * dpr)), int(std::ceil(height * dpr))),
                 QImage::Format_RGB32);
    if (image.isNull())
        return fail(error, cannotWrite(path, ExportWords::tr("the image (%1 x %2 px) is too large for memory")
                                                 .arg(pic.size.width() * dpr).arg(height * dpr)));
    image.setDevicePixelRatio(dpr);
    image.fill(LadderPainter::background());
    {
        QPainter p(&image);
        const size_t hidden = paintPicture(p, pic, cut ? height - noticeHeight : height);
        if (cut) {
            const QRectF band(0, height - noticeHeight, pic.size.width(), noticeHeight);
            p.fillRect(band, QColor(0xfe, 0xf3, 0xc7));
            p.setPen(QColor(0x92, 0x40, 0x0e));
            QFont f = options.font;
            f.setBold(true);
            p.setFont(f);
            const QString notice =
                ExportWords::tr("Picture cut at %1 px: %2 more steps are not drawn. The .svg and .txt exports hold them all.")
                    .arg(kMaxPngLogicalHeight).arg(hidden);
            p.drawText(band.adjusted(12, 0, -12, 0), Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                       QFontMetricsF(f).elidedText(notice, Qt::ElideRight, band.width() - 24));
        }
    }
    return done(error, savePng(std::move(image), path));
}

bool writeSvg(const Timeline &timeline, const QString &path, QString *error, const ExportOptions &options)
{
    const Picture pic = layoutPicture(timeline, options);
    const QByteArray drawing = svgDrawing(pic.size, ExportWords::tr("TCP connection ladder"),
                                          [&](QPainter &p) { paintPicture(p, pic, pic.size.height()); });
    return writeFile(path, drawing, error);
}

// A PDF for handouts: A4 pages, the ladder as wide as the page, cut between rows (a row taller
// than a page is cut where it must). Text stays text (searchable, copyable).
bool writePdf(const Timeline &timeline, const QString &path, QString *error, const ExportOptions &options)
{
    const Picture pic = layoutPicture(timeline, options);
    // The page breaks: as far down as a page holds, at the bottom of the last row that fits.
    QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
    const QRectF paper = layout.paintRectPixels(96);
    const qreal scale = paper.width() / std::max<qreal>(1, pic.size.width());
    const qreal pageHeight = paper.height() / scale; // in the picture's pixels
    std::vector<qreal> bottoms;                        // of every row, in the stack's coordinates
    for (size_t i = 0; i < pic.stack.ladders.size(); ++i) {
        const LadderRows &rows = pic.stack.ladders[i].rows;
        for (size_t r = 0; r < rows.size(); ++r)
            bottoms.push_back(pic.stack.offsets[i] + rows.bottom(r));
        bottoms.push_back(pic.stack.offsets[i] + pic.stack.ladders[i].contentSize.height());
    }
    std::sort(bottoms.begin(), bottoms.end());
    std::vector<std::pair<qreal, qreal>> pages; // [top, bottom)
    for (qreal top = 0; top < pic.size.height() - 0.5;) {
        qreal bottom = std::min(pic.size.height(), top + pageHeight);
        if (bottom < pic.size.height()) {
            const auto it = std::upper_bound(bottoms.begin(), bottoms.end(), bottom);
            if (it != bottoms.begin() && *(it - 1) > top + pageHeight / 4)
                bottom = *(it - 1);
        }
        pages.emplace_back(top, bottom);
        top = bottom;
    }

    return done(error, savePdf(path, ExportWords::tr("TCP connection ladder"), pages.size(), [&](size_t) { return layout; },
                               [&](QPainter &p, size_t k) {
            const auto [top, bottom] = pages[k];
            p.save();
            p.scale(scale, scale);
            p.translate(0, -top);
            p.setClipRect(QRectF(0, top, pic.size.width(), bottom - top));
            // Rows that only touch the page's edges belong to the pages beside it (a PDF keeps
            // clipped text: it would be found twice).
            LadderPainter::paintStack(p, pic.stack, QRectF(0, top + 0.5, pic.size.width(), std::max<qreal>(0, bottom - top - 1)));
            p.restore();
        }));
}

// ---- streamed documents ------------------------------------------------------------------------
// exportTimeline() writes .json and .txt as it makes them, one segment at a time, into a buffer
// that goes to the file a mebibyte at a time: the memory beyond the model stays constant. The
// bytes are those timelineToJson() and timelineToText() make in memory (tests compare them).

void appendNumber(std::string &out, int64_t v)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    out.append(digits, size_t(end - digits));
}

// Right-aligned in `width` characters, as QString::arg(v, width).
void appendPadded(std::string &out, int64_t v, int width)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    const auto n = int(end - digits);
    if (n < width)
        out.append(size_t(width - n), ' ');
    out.append(digits, size_t(n));
}

void append(std::string &out, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    out.append(utf8.constData(), size_t(utf8.size()));
}

// relativeSeconds(), appended.
void appendRelativeSeconds(std::string &out, int64_t timeUs, int64_t originUs)
{
    const int64_t d = timeUs - originUs;
    const uint64_t a = d < 0 ? uint64_t(-(d + 1)) + 1 : uint64_t(d);
    if (d < 0)
        out.push_back('-');
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, a / 1000000).ptr;
    out.append(digits, size_t(end - digits));
    const auto micros = unsigned(a % 1000000);
    const char fraction[7] = {'.', char('0' + micros / 100000), char('0' + micros / 10000 % 10), char('0' + micros / 1000 % 10),
                              char('0' + micros / 100 % 10), char('0' + micros / 10 % 10), char('0' + micros % 10)};
    out.append(fraction, 7);
}

// flagsLabel() of each value of the nine flag bits, made once.
class FlagLabels {
public:
    const std::string &operator()(uint16_t flags)
    {
        if (flags >= labels_.size()) {
            other_ = flagsLabel(flags);
            return other_;
        }
        if (!made_[flags]) {
            labels_[flags] = flagsLabel(flags);
            made_[flags] = true;
        }
        return labels_[flags];
    }

private:
    std::array<std::string, 0x200> labels_;
    std::array<bool, 0x200> made_{};
    std::string other_;
};

void endpointMember(JsonWriter &w, std::string_view name, const Endpoint &e)
{
    w.key(name).beginObject();
    w.member("addr", e.addr.toString());
    w.member("port", int64_t(e.port));
    w.endObject();
}

void stateMember(JsonWriter &w, std::string_view name, TcpState state)
{
    if (state == TcpState::Unknown)
        w.key(name).null();
    else
        w.member(name, tcpStateName(state));
}

// segmentJson(), keys in QJsonObject's (sorted) order.
void writeSegment(JsonWriter &w, const Segment &s, FlagLabels &flags)
{
    w.beginObject();
    w.member("ack", int64_t(s.ack));
    w.key("anomalies").beginArray();
    if (s.anomalies)
        for (const std::string &a : anomalyNames(s.anomalies))
            w.string(a);
    w.endArray();
    stateMember(w, "client_state", s.clientState);
    w.member("flags", flags(s.flags));
    w.member("frame", int64_t(s.frame));
    w.member("from", sideName(s.from));
    w.member("len", int64_t(s.len));
    const TcpOptions &o = s.options;
    w.key("options").beginObject();
    if (o.mss >= 0)
        w.member("mss", int64_t(o.mss));
    if (o.sackBlockCount > 0) {
        w.key("sack").beginArray();
        for (size_t i = 0; i < std::min<size_t>(o.sackBlockCount, o.sackBlocks.size()); ++i) {
            w.beginArray();
            w.integer(o.sackBlocks[i].first);
            w.integer(o.sackBlocks[i].second);
            w.endArray();
        }
        w.endArray();
    }
    if (o.sackPerm)
        w.flag("sack_perm", true);
    if (o.hasTimestamps) {
        w.member("tsecr", int64_t(o.tsecr));
        w.member("tsval", int64_t(o.tsval));
    }
    if (o.wscale >= 0)
        w.member("wscale", int64_t(o.wscale));
    w.endObject();
    w.member("rel_ack", int64_t(s.relAck));
    w.member("rel_seq", int64_t(s.relSeq));
    w.flag("retransmission", s.retransmission);
    w.member("seq", int64_t(s.seq));
    stateMember(w, "server_state", s.serverState);
    w.member("time_us", s.timeUs);
    w.member("win", int64_t(s.win));
    w.member("win_scaled", int64_t(s.winScaled));
    w.endObject();
}

void endpointOrNullMember(JsonWriter &w, std::string_view name, const Endpoint &e)
{
    if (e.port == 0)
        w.key(name).null();
    else
        w.member(name, e.toString());
}

// A socket call as timelineToJson() writes it, keys sorted.
void writeCall(JsonWriter &w, const Timeline::PlacedCall &placed)
{
    const SocketCall &call = placed.call;
    w.beginObject();
    if (call.kind == CallKind::AcceptReturns && call.acceptQueue >= 0)
        w.member("accept_queue", int64_t(call.acceptQueue));
    if ((call.kind == CallKind::Listen || call.kind == CallKind::AcceptReturns) && call.backlog >= 0)
        w.member("backlog", int64_t(call.backlog));
    if (call.kind == CallKind::Send || call.kind == CallKind::Recv)
        w.member("bytes", call.bytes);
    w.member("call", callName(call.kind));
    if (placed.connection)
        w.member("connection", int64_t(placed.connection));
    else
        w.key("connection").null();
    w.member("detail", callDetail(call, Words::English));
    if (call.error != 0)
        w.member("errno", int64_t(call.error));
    w.flag("inferred", call.inferred);
    if (call.kernel.known && !call.inferred) {
        // TCP_INFO, sampled with the call (keys sorted as everywhere here).
        const KernelView &k = call.kernel;
        w.key("kernel").beginObject();
        w.member("retransmits", int64_t(k.retransmits));
        w.member("rto_us", int64_t(k.rtoUs));
        w.member("rtt_us", int64_t(k.rttUs));
        w.member("sacked", int64_t(k.sacked));
        w.member("sampled_us", k.sampledUs);
        w.member("snd_mss", int64_t(k.sndMss));
        w.member("state", tcpStateName(k.state));
        w.member("unacked", int64_t(k.unacked));
        w.endObject();
    }
    endpointOrNullMember(w, "local", call.local);
    if (!call.inferred)
        w.member("noticed_us", call.timeUs);
    endpointOrNullMember(w, "peer", call.peer);
    w.member("side", call.side == CallSide::Client ? "client" : "server");
    w.member("time_us", placed.drawnUs);
    w.endObject();
}

bool streamJson(const Timeline &timeline, const ExportOptions &options, ExportFile &file)
{
    // The order of the calls first (24 bytes each), then the calls one at a time.
    const std::vector<Timeline::CallRef> calls = timeline.callOrder();
    file.setProgress(options.progress, timeline.segmentCount() + calls.size());
    FlagLabels flags;
    JsonWriter w(file.buffer());
    w.beginObject();
    w.key("connections").beginArray();
    for (const Connection &c : timeline.connections()) {
        if (c.id == 0)
            continue;
        w.beginObject();
        endpointMember(w, "client", c.client);
        w.member("handshake", handshakeName(c.handshake));
        w.member("id", int64_t(c.id));
        w.key("segments").beginArray();
        for (uint32_t i : timeline.segmentIndices(c.id)) {
            writeSegment(w, timeline.segment(i), flags);
            if (!file.advance())
                return false;
        }
        w.endArray();
        endpointMember(w, "server", c.server);
        w.endObject();
    }
    w.endArray();

    w.key("errors").beginArray();
    for (const CaptureError &e : timeline.errors()) {
        w.beginObject();
        w.member("frame", int64_t(e.frame));
        w.member("kind", e.kind);
        w.member("reason", e.reason);
        w.endObject();
        if (!file.advance(0))
            return false;
    }
    w.endArray();
    w.member("format", "handshake-viz/1");

    const PacketCounts &n = timeline.counts();
    const auto known = [&](std::string_view name, const std::optional<uint64_t> &v) {
        if (v)
            w.member(name, int64_t(*v));
        else
            w.key(name).null();
    };
    w.key("packets").beginObject();
    if (n.copies.value_or(0) > 0) // on "any" only: segments seen again on a second interface, drawn once
        w.member("copies", int64_t(*n.copies));
    known("dropped", n.dropped);
    known("if_dropped", n.ifDropped);
    w.member("malformed", int64_t(n.malformed));
    w.member("skipped", int64_t(n.skipped));
    w.member("tcp", int64_t(n.tcp));
    w.member("total", int64_t(n.total));
    w.member("truncated", int64_t(n.truncated));
    w.endObject();

    w.key("socket_calls").beginArray();
    for (const Timeline::CallRef &ref : calls) {
        writeCall(w, timeline.placedCall(ref));
        if (!file.advance())
            return false;
    }
    w.endArray();

    const SourceInfo &src = timeline.source();
    w.key("source").beginObject();
    if (!src.network.isEmpty()) {
        w.key("drops").beginArray();
        for (const QString &d : src.drops)
            w.string(d);
        w.endArray();
    }
    w.member("kind", src.kind);
    w.member("linktype", src.linkType);
    w.member("name", src.name);
    if (!src.network.isEmpty())
        w.member("network", src.network);
    w.endObject();
    w.endObject();
    return true;
}

// The endpoints of a connection as the text names them, made once for all its lines.
struct TextEnds {
    explicit TextEnds(const Connection &c) : client(c.client.toString()), server(c.server.toString()) {}
    std::string client, server;
};

// segmentLine(), appended with its newline.
void appendSegmentLine(std::string &out, const Segment &s, const Connection &c, const TextEnds &ends, int64_t originUs,
                       bool relative, FlagLabels &flags)
{
    const bool fromClient = s.from == Side::Client;
    const std::string &src = fromClient ? ends.client : ends.server;
    const std::string &dst = fromClient ? ends.server : ends.client;
    appendPadded(out, s.frame, 4);
    out.push_back(' ');
    appendRelativeSeconds(out, s.timeUs, originUs);
    out.push_back(' ');
    out.append(src);
    out.append(" → ");
    out.append(dst);
    out.append(" TCP ");
    if (s.retransmission)
        out.append("[TCP Retransmission] ");
    appendNumber(out, fromClient ? c.client.port : c.server.port);
    out.append(" → ");
    appendNumber(out, fromClient ? c.server.port : c.client.port);
    out.append(" [");
    out.append(flags(s.flags));
    out.append("] Seq=");
    appendNumber(out, relative ? s.relSeq : s.seq);
    if (s.flags & TcpFlag::Ack) {
        out.append(" Ack=");
        appendNumber(out, relative ? s.relAck : s.ack);
    }
    out.append(" Win=");
    appendNumber(out, s.winScaled);
    out.append(" Len=");
    appendNumber(out, s.len);
    const TcpOptions &o = s.options;
    if (o.mss >= 0) {
        out.append(" MSS=");
        appendNumber(out, o.mss);
    }
    if (o.sackPerm)
        out.append(" SACK_PERM");
    if (o.hasTimestamps) {
        out.append(" TSval=");
        appendNumber(out, o.tsval);
        out.append(" TSecr=");
        appendNumber(out, o.tsecr);
    }
    if (o.wscale >= 0) {
        out.append(" WS=");
        appendNumber(out, 1u << std::min<int>(o.wscale, 14));
    }
    for (size_t i = 0; i < std::min<size_t>(o.sackBlockCount, o.sackBlocks.size()); ++i) {
        out.append(" SLE=");
        appendNumber(out, o.sackBlocks[i].first);
        out.append(" SRE=");
        appendNumber(out, o.sackBlocks[i].second);
    }
    if (s.anomalies) {
        for (const std::string &a : anomalyNames(s.anomalies)) {
            out.append(" [");
            out.append(a);
            out.push_back(']');
        }
    }
    out.append("   client ");
    out.append(tcpStateName(s.clientState));
    out.append(" | server ");
    out.append(tcpStateName(s.serverState));
    out.push_back('\n');
}

// callLine(), appended with its newline.
void appendCallLine(std::string &out, const SocketCall &call, int64_t drawnUs, int64_t originUs)
{
    out.append("   - ");
    appendRelativeSeconds(out, drawnUs, originUs);
    out.append(call.side == CallSide::Client ? " client " : " server ");
    append(out, callLabel(call.kind, Words::English));
    const QString detail = callDetail(call, Words::English);
    if (!detail.isEmpty()) {
        out.push_back(' ');
        append(out, detail);
    }
    if (!call.inferred && call.timeUs > drawnUs) {
        out.append(" (");
        append(out, noticedLater(call.timeUs - drawnUs, Words::English));
        out.push_back(')');
    }
    if (call.inferred)
        out.append(" (inferred)");
    out.push_back('\n');
}

bool streamText(const Timeline &timeline, const ExportOptions &options, ExportFile &file)
{
    const int64_t origin = textOrigin(timeline);
    file.setProgress(options.progress, options.connection ? timeline.segmentIndices(options.connection).size()
                                                          : timeline.segmentCount());
    std::string &out = file.buffer();
    const auto line = [&](const QString &text) {
        append(out, text);
        out.push_back('\n');
    };
    for (const QString &l : textHeader(timeline, options))
        line(l);

    FlagLabels flags;
    std::vector<TimelineStep> scratch; // one connection's steps at a time, none kept
    for (const Connection &c : timeline.connections()) {
        if (c.id == 0 || (options.connection && c.id != options.connection))
            continue;
        const auto heading = connectionHeading(c);
        line(heading.first);
        line(heading.second);
        const TextEnds ends(c);
        for (const TimelineStep &step : timeline.stepsOnce(c.id, &scratch)) {
            if (step.kind == TimelineStep::Kind::Segment) {
                appendSegmentLine(out, timeline.segment(step.index), c, ends, origin, options.relativeNumbers, flags);
                if (!file.advance())
                    return false;
            } else {
                appendCallLine(out, timeline.call(step), step.timeUs, origin);
                if (!file.advance(0))
                    return false;
            }
        }
    }
    if (!options.connection) {
        const std::vector<TimelineStep> &loose = timeline.stepsOnce(0, &scratch);
        if (!loose.empty()) {
            line(QStringLiteral("#"));
            line(QStringLiteral("# socket calls not tied to a connection"));
            for (const TimelineStep &step : loose) {
                appendCallLine(out, timeline.call(step), step.timeUs, origin);
                if (!file.advance(0))
                    return false;
            }
        }
    }
    for (const QString &l : textErrors(timeline))
        line(l);
    return true;
}

// Makes the document into the file as it goes: nothing is left at `path` unless all of it was.
template<typename Write>
bool writeStreamed(const QString &path, QString *error, const Write &write)
{
    ExportFile file(path);
    if (!file.open() || !write(file) || !file.commit())
        return fail(error, file.error());
    return true;
}

} // namespace

QFont ExportOptions::defaultFont()
{
    // Without a QGuiApplication there are no fonts to ask for (text and JSON exports still work).
    QFont f = qobject_cast<QGuiApplication *>(QCoreApplication::instance()) ? QGuiApplication::font() : QFont();
    f.setPixelSize(14);
    return f;
}

QStringList exportFormats()
{
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("txt"), QStringLiteral("json"),
            QStringLiteral("pcap")};
}

QByteArray timelineToJson(const Timeline &timeline)
{
    const SourceInfo &src = timeline.source();
    const PacketCounts &n = timeline.counts();
    QJsonObject root;
    root.insert(QStringLiteral("format"), QStringLiteral("handshake-viz/1"));
    QJsonObject source{{QStringLiteral("kind"), src.kind},
                       {QStringLiteral("name"), src.name},
                       {QStringLiteral("linktype"), src.linkType}};
    if (!src.network.isEmpty()) {
        source.insert(QStringLiteral("network"), src.network);
        source.insert(QStringLiteral("drops"), QJsonArray::fromStringList(src.drops));
    }
    root.insert(QStringLiteral("source"), source);
    QJsonObject packets{{QStringLiteral("total"), number(int64_t(n.total))},
                        {QStringLiteral("tcp"), number(int64_t(n.tcp))},
                        {QStringLiteral("truncated"), number(int64_t(n.truncated))},
                        {QStringLiteral("malformed"), number(int64_t(n.malformed))},
                        {QStringLiteral("skipped"), number(int64_t(n.skipped))},
                        // Live: what the kernel and the interface dropped; a file: unknown.
                        {QStringLiteral("dropped"), n.dropped ? number(int64_t(*n.dropped)) : QJsonValue()},
                        {QStringLiteral("if_dropped"), n.ifDropped ? number(int64_t(*n.ifDropped)) : QJsonValue()}};
    if (n.copies.value_or(0) > 0) // on "any" only: segments seen again on a second interface, drawn once
        packets.insert(QStringLiteral("copies"), number(int64_t(*n.copies)));
    root.insert(QStringLiteral("packets"), packets);
    QJsonArray errors;
    for (const CaptureError &e : timeline.errors())
        errors.append(QJsonObject{{QStringLiteral("frame"), number(e.frame)},
                                  {QStringLiteral("kind"), e.kind},
                                  {QStringLiteral("reason"), e.reason}});
    root.insert(QStringLiteral("errors"), errors);

    QJsonArray connections;
    for (const Connection &c : timeline.connections()) {
        if (c.id == 0)
            continue;
        QJsonArray segments;
        for (uint32_t i : timeline.segmentIndices(c.id))
            segments.append(segmentJson(timeline.segments()[i]));
        connections.append(QJsonObject{{QStringLiteral("id"), number(c.id)},
                                       {QStringLiteral("client"), endpointJson(c.client)},
                                       {QStringLiteral("server"), endpointJson(c.server)},
                                       {QStringLiteral("handshake"), QString::fromLatin1(handshakeName(c.handshake))},
                                       {QStringLiteral("segments"), segments}});
    }
    root.insert(QStringLiteral("connections"), connections);

    QJsonArray calls;
    for (const Timeline::PlacedCall &placed : timeline.allCalls()) {
        const SocketCall &call = placed.call;
        QJsonObject o{{QStringLiteral("time_us"), number(placed.drawnUs)},
                      {QStringLiteral("side"), call.side == CallSide::Client ? QStringLiteral("client")
                                                                              : QStringLiteral("server")},
                      {QStringLiteral("call"), QString::fromLatin1(callName(call.kind))},
                      {QStringLiteral("detail"), callDetail(call, Words::English)},
                      {QStringLiteral("inferred"), call.inferred},
                      {QStringLiteral("connection"), placed.connection ? QJsonValue(number(placed.connection))
                                                                       : QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("local"), endpointOrNull(call.local)},
                      {QStringLiteral("peer"), endpointOrNull(call.peer)}};
        // When the program itself saw it: a call drawn at the segment that made it true was
        // noticed later.
        if (!call.inferred)
            o.insert(QStringLiteral("noticed_us"), number(call.timeUs));
        if (call.kind == CallKind::Send || call.kind == CallKind::Recv)
            o.insert(QStringLiteral("bytes"), number(call.bytes));
        if ((call.kind == CallKind::Listen || call.kind == CallKind::AcceptReturns) && call.backlog >= 0)
            o.insert(QStringLiteral("backlog"), call.backlog);
        if (call.kind == CallKind::AcceptReturns && call.acceptQueue >= 0)
            o.insert(QStringLiteral("accept_queue"), call.acceptQueue);
        if (call.kernel.known && !call.inferred) {
            const KernelView &k = call.kernel;
            o.insert(QStringLiteral("kernel"), QJsonObject{{QStringLiteral("state"), QString::fromLatin1(tcpStateName(k.state))},
                                                           {QStringLiteral("retransmits"), int(k.retransmits)},
                                                           {QStringLiteral("rto_us"), number(k.rtoUs)},
                                                           {QStringLiteral("rtt_us"), number(k.rttUs)},
                                                           {QStringLiteral("snd_mss"), number(k.sndMss)},
                                                           {QStringLiteral("unacked"), number(k.unacked)},
                                                           {QStringLiteral("sacked"), number(k.sacked)},
                                                           {QStringLiteral("sampled_us"), number(k.sampledUs)}});
        }
        if (call.error != 0)
            o.insert(QStringLiteral("errno"), call.error);
        calls.append(o);
    }
    root.insert(QStringLiteral("socket_calls"), calls);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString timelineToText(const Timeline &timeline, const ExportOptions &options)
{
    const int64_t origin = textOrigin(timeline);
    const auto line = [&](const TimelineStep &step) { return callLine(timeline.call(step), step.timeUs, origin); };

    QStringList out = textHeader(timeline, options);
    for (const Connection &c : timeline.connections()) {
        if (c.id == 0 || (options.connection && c.id != options.connection))
            continue;
        const auto heading = connectionHeading(c);
        out << heading.first << heading.second;
        for (const TimelineStep &step : timeline.steps(c.id)) {
            if (step.kind == TimelineStep::Kind::Segment)
                out << segmentLine(timeline.segments()[step.index], c, origin, options.relativeNumbers);
            else
                out << line(step);
        }
    }
    const std::vector<TimelineStep> &loose = timeline.steps(0);
    if (!loose.empty() && !options.connection) {
        out << QStringLiteral("#");
        out << QStringLiteral("# socket calls not tied to a connection");
        for (const TimelineStep &step : loose)
            out << line(step);
    }
    out << textErrors(timeline);
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool exportTimeline(const Timeline &timeline, const QString &path, QString *error, const ExportOptions &options)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString known = QStringLiteral(".png .svg .pdf .txt .json .pcap");
    if (options.connection != 0 && !timeline.connection(options.connection))
        //: zh: 没有连接 %1（抓包里有 %2 个连接，编号 1 到 %2）
        return fail(error, cannotWrite(path, ExportWords::tr("there is no connection %1 (the capture has %2, numbered 1 to %2)")
                                                 .arg(options.connection).arg(timeline.connections().size())));
    if (suffix == u"json")
        return writeStreamed(path, error, [&](ExportFile &file) { return streamJson(timeline, options, file); });
    if (suffix == u"txt")
        return writeStreamed(path, error, [&](ExportFile &file) { return streamText(timeline, options, file); });
    if ((suffix == u"png" || suffix == u"svg" || suffix == u"pdf") && !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(error, cannotWrite(path, ExportWords::tr("drawing needs a QGuiApplication (use the offscreen platform)")));
    if (suffix == u"png")
        return writePng(timeline, path, error, options);
    if (suffix == u"svg")
        return writeSvg(timeline, path, error, options);
    if (suffix == u"pdf")
        return writePdf(timeline, path, error, options);
    if (suffix == u"pcap") {
        if (options.pcapWriter)
            return options.pcapWriter(path, error);
        return fail(error, cannotWrite(path, ExportWords::tr("the raw packets are written by the capture, not from the timeline")));
    }
    return fail(error, ExportWords::tr("unknown export format '%1' (use %2)")
                           .arg(suffix.isEmpty() ? QString() : QLatin1Char('.') + QFileInfo(path).suffix(), known));
}

QString worksheetAnswersPath(const QString &path)
{
    const QFileInfo info(path);
    const QString name = info.completeBaseName() + QStringLiteral("-answers")
        + (info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix());
    return info.dir().filePath(name);
}

std::optional<uint8_t> parseBlanks(const QString &list, QString *bad)
{
    uint8_t blanks = 0;
    for (const QString &word : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString w = word.trimmed().toLower();
        if (w == u"seq")
            blanks |= LadderBlank::Seq;
        else if (w == u"ack")
            blanks |= LadderBlank::Ack;
        else if (w == u"states" || w == u"state")
            blanks |= LadderBlank::States;
        else {
            if (bad)
                *bad = word.trimmed();
            return std::nullopt;
        }
    }
    if (blanks == 0) {
        if (bad)
            *bad = list;
        return std::nullopt;
    }
    return blanks;
}

bool exportWorksheet(const Timeline &timeline, const QString &path, QString *error, ExportOptions options)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != u"png" && suffix != u"svg" && suffix != u"pdf")
        //: zh: 练习单是图片或讲义：请用 .png、.svg 或 .pdf
        return fail(error, cannotWrite(path, ExportWords::tr("a worksheet is a picture or a handout: use .png, .svg or .pdf")));
    const QString answers = worksheetAnswersPath(path);
    if (options.blanks == 0)
        options.blanks = LadderBlank::All;
    if (!exportTimeline(timeline, path, error, options))
        return false;
    options.blanks = 0;
    if (!exportTimeline(timeline, answers, error, options)) {
        QFile::remove(path); // both or neither
        return false;
    }
    return true;
}

} // namespace hv
