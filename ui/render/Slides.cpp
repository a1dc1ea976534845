#include "Slides.h"

#include "ExportFile.h"
#include "PictureFile.h"
#include "LadderLayout.h"
#include "LadderPainter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace hv {

namespace {

struct SlideWords {
    Q_DECLARE_TR_FUNCTIONS(Exporter)
};

// Widest logical layout of a frame: a 1920-pixel frame is drawn at 1.5x, its text as large on a
// projector as the window's at 150 %.
constexpr qreal kMaxLogicalWidth = 1280;
constexpr qreal kNaturalWidth = 960;
constexpr size_t kMaxAnimatedFrames = 150; // an animated PNG: a frame per step, at most this many

// One frame: a part of the ladder (content coordinates), with the headers repeated on top unless
// it starts at the top of the ladder itself.
struct Frame {
    qreal from = 0, to = 0;
    bool natural = false; // from the top of the ladder: title, legend, headers, first states
    int current = -1;     // the highlighted row (a series), -1: none
    int revealed = -1;    // rows drawn (a series), -1: all
};

struct Plan {
    LadderGeometry geometry;
    qreal dpr = 2;            // device pixels per logical pixel
    qreal scale = 1;          // content to logical (a ladder wider than the frame is shrunk)
    QSizeF logical;           // the frame in logical pixels (height 0: as tall as each frame needs)
    std::vector<Frame> frames;
};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// The rows [first, last] of the ladder in frames at most `capacity` tall (content units).
std::vector<Frame> pages(const LadderGeometry &g, size_t first, size_t last, qreal capacity, qreal band, qreal bottomPad)
{
    std::vector<Frame> out;
    size_t r = first;
    while (r <= last) {
        Frame f;
        f.natural = r == 0;
        f.from = f.natural ? 0 : g.rows.top(r);
        const qreal room = f.natural ? capacity : capacity - band;
        size_t end = r; // the last row on this page: at least one
        while (end + 1 <= last && g.rows.bottom(end + 1) + (end + 1 == last ? bottomPad : 0) - f.from <= room)
            ++end;
        f.to = g.rows.bottom(end) + (end == last ? bottomPad : 0);
        out.push_back(f);
        r = end + 1;
    }
    return out;
}

void paintFrame(QPainter &p, const Plan &plan, const Frame &f)
{
    const LadderGeometry &g = plan.geometry;
    const qreal w = plan.logical.width() / plan.scale;
    const qreal band = f.natural ? 0 : LadderPainter::headerBandHeight(g);
    LadderPaintOptions o;
    o.currentRow = f.current;
    o.revealedRows = f.revealed;
    p.save();
    p.scale(plan.scale, plan.scale);
    if (!f.natural)
        LadderPainter::paintHeaders(p, g, 0);
    p.translate(0, band - f.from);
    const QRectF visible(0, f.from, std::max(w, g.contentSize.width()), f.to - f.from);
    p.setClipRect(visible);
    LadderPainter::paint(p, g, visible, o);
    p.restore();
}

qreal frameHeight(const Plan &plan, const Frame &f)
{
    if (plan.logical.height() > 0)
        return plan.logical.height();
    const qreal band = f.natural ? 0 : LadderPainter::headerBandHeight(plan.geometry);
    return std::ceil((f.to - f.from + band) * plan.scale);
}

// The frame as an image `logicalHeight` tall (at least its own height; the rest is background).
QImage renderFrame(const Plan &plan, const Frame &f, qreal logicalHeight = 0)
{
    const QSizeF logical(plan.logical.width(), std::max(logicalHeight, frameHeight(plan, f)));
    QImage image(QSize(int(std::lround(logical.width() * plan.dpr)), int(std::lround(logical.height() * plan.dpr))), QImage::Format_RGB32);
    if (image.isNull())
        return image;
    image.setDevicePixelRatio(plan.dpr);
    image.fill(LadderPainter::background());
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    paintFrame(p, plan, f);
    return image;
}

// "" from PictureFile's writers: done; else their message.
bool done(QString *error, const QString &message)
{
    return message.isEmpty() || fail(error, message);
}

QString tooLarge(const QString &path)
{
    //: zh: 图片太大，内存放不下
    return cannotWrite(path, SlideWords::tr("the image is too large for memory"));
}

bool writePng(const Plan &plan, const Frame &f, const QString &path, QString *error)
{
    QImage image = renderFrame(plan, f);
    if (image.isNull())
        return fail(error, tooLarge(path));
    return done(error, savePng(std::move(image), path));
}

// CRC-32 as PNG chunks use it (ISO 3309, the zlib polynomial), over the chunk's type and data.
uint32_t pngCrc(const QByteArray &bytes)
{
    static const auto table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    uint32_t c = 0xffffffffu;
    for (char b : bytes)
        c = table[(c ^ uint8_t(b)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void putU32(QByteArray &out, uint32_t v)
{
    out.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
}

void putU16(QByteArray &out, uint16_t v)
{
    out.append(char(v >> 8)).append(char(v));
}

void putChunk(QByteArray &out, const char *type, const QByteArray &data)
{
    putU32(out, uint32_t(data.size()));
    QByteArray typed(type, 4);
    typed += data;
    out += typed;
    putU32(out, pngCrc(typed));
}

uint32_t getU32(const QByteArray &b, qsizetype at)
{
    return uint32_t(uint8_t(b[at])) << 24 | uint32_t(uint8_t(b[at + 1])) << 16 | uint32_t(uint8_t(b[at + 2])) << 8 | uint8_t(b[at + 3]);
}

// A PNG's chunks: (type, data) in order; empty if it is not a well-formed PNG.
std::vector<std::pair<QByteArray, QByteArray>> pngChunks(const QByteArray &png)
{
    std::vector<std::pair<QByteArray, QByteArray>> out;
    static const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    if (!png.startsWith(signature))
        return {};
    for (qsizetype at = 8; at + 12 <= png.size();) {
        const uint32_t len = getU32(png, at);
        if (qsizetype(len) > png.size() - at - 12)
            return {};
        out.emplace_back(png.mid(at + 4, 4), png.mid(at + 8, qsizetype(len)));
        at += 12 + qsizetype(len);
    }
    return out;
}

// An animated PNG (APNG, as browsers and most viewers play it): every frame the same size (the
// tallest's; the others padded with background), each shown `frameMs`, the last `lastMs`, played
// once and left on the last. A viewer that knows no APNG shows the first frame.
bool writeApng(const Plan &plan, const QString &path, int frameMs, int lastMs, QString *error)
{
    qreal tallest = 0;
    for (const Frame &f : plan.frames)
        tallest = std::max(tallest, frameHeight(plan, f));
    QByteArray out("\x89PNG\r\n\x1a\n", 8);
    uint32_t sequence = 0;
    for (size_t k = 0; k < plan.frames.size(); ++k) {
        const QImage image = renderFrame(plan, plan.frames[k], tallest);
        if (image.isNull())
            return fail(error, tooLarge(path));
        QString reason;
        const QByteArray png = pngBytes(image, &reason);
        if (png.isEmpty())
            return fail(error, cannotWrite(path, reason));
        const auto chunks = pngChunks(png);
        if (chunks.empty() || chunks.front().first != "IHDR")
            //: zh: 无法写入 %1：Qt 的 PNG 编码器给出的数据无法读懂
            return fail(error, SlideWords::tr("cannot write %1: Qt's PNG encoder gave data that cannot be read back").arg(path));
        if (k == 0) {
            putChunk(out, "IHDR", chunks.front().second);
            QByteArray actl;
            putU32(actl, uint32_t(plan.frames.size())); // num_frames
            putU32(actl, 1);                            // num_plays: once, then the last frame stays
            putChunk(out, "acTL", actl);
        }
        QByteArray fctl;
        putU32(fctl, sequence++);
        putU32(fctl, uint32_t(image.width()));
        putU32(fctl, uint32_t(image.height()));
        putU32(fctl, 0); // x offset
        putU32(fctl, 0); // y offset
        putU16(fctl, uint16_t(k + 1 == plan.frames.size() ? lastMs : frameMs)); // delay numerator
        putU16(fctl, 1000);                                                      // … over 1000: ms
        fctl.append(char(0)); // dispose: none (the next frame covers it all)
        fctl.append(char(0)); // blend: source
        putChunk(out, "fcTL", fctl);
        // The frame's compressed stream, whole (Qt cuts it into several IDAT chunks; joined, it is one).
        QByteArray stream;
        for (const auto &[type, data] : chunks)
            if (type == "IDAT")
                stream += data;
        if (k == 0) {
            putChunk(out, "IDAT", stream); // the default image is the first frame
        } else {
            QByteArray fdat;
            putU32(fdat, sequence++);
            fdat += stream;
            putChunk(out, "fdAT", fdat);
        }
    }
    putChunk(out, "IEND", {});
    return done(error, saveBytes(path, out));
}

bool writeSvg(const Plan &plan, const Frame &f, const QString &path, QString *error)
{
    const QSizeF logical(plan.logical.width(), frameHeight(plan, f));
    const QByteArray drawing = svgDrawing(logical, SlideWords::tr("TCP connection ladder"), [&](QPainter &p) {
        p.fillRect(QRectF(QPointF(0, 0), logical), LadderPainter::background());
        paintFrame(p, plan, f);
    });
    return done(error, saveBytes(path, drawing));
}

bool writePdf(const Plan &plan, const QString &path, QString *error)
{
    // A page the frame's size (96 px to the inch: 0.75 pt a pixel), no margins.
    auto layoutFor = [&](size_t k) {
        const QSizeF px(plan.logical.width(), frameHeight(plan, plan.frames[k]));
        return QPageLayout(QPageSize(px * 0.75, QPageSize::Point, QString(), QPageSize::ExactMatch), QPageLayout::Portrait,
                           QMarginsF(0, 0, 0, 0), QPageLayout::Point);
    };
    return done(error, savePdf(path, SlideWords::tr("TCP connection ladder"), plan.frames.size(), layoutFor, [&](QPainter &p, size_t k) {
        p.fillRect(QRectF(0, 0, plan.logical.width(), frameHeight(plan, plan.frames[k])), LadderPainter::background());
        paintFrame(p, plan, plan.frames[k]);
    }));
}

// The row that completed the handshake (the client's ACK that made the server ESTABLISHED, else
// the RST that refused it), or -1.
int handshakeEnd(const Timeline &timeline, const LadderGeometry &g, const Connection &c)
{
    const uint32_t frame = c.establishingFrame ? c.establishingFrame : c.refusalFrame;
    if (frame == 0)
        return -1;
    for (size_t r = 0; r < g.rows.size(); ++r) {
        const TimelineStep st = g.rows.step(r);
        if (st.kind == TimelineStep::Kind::Segment && timeline.segment(st.index).frame == frame)
            return int(r);
    }
    return -1;
}

} // namespace

bool parseStepRange(const QString &text, SlideOptions *options, QString *error)
{
    const QString t = text.trimmed().toLower();
    if (t == u"handshake") {
        options->handshakeOnly = true;
        return true;
    }
    static const QRegularExpression range(QStringLiteral("^(\\d*)(-?)(\\d*)$"));
    const QRegularExpressionMatch m = range.match(QString(t).remove(QLatin1Char(' ')));
    const QString from = m.captured(1), dash = m.captured(2), to = m.captured(3);
    bool okA = true, okB = true;
    const int a = from.isEmpty() ? 1 : from.toInt(&okA);
    const int b = to.isEmpty() ? 0 : to.toInt(&okB);
    const bool valid = m.hasMatch() && okA && okB && (!from.isEmpty() || !to.isEmpty()) && a >= 1
        && (dash.isEmpty() ? to.isEmpty() : true) && (to.isEmpty() || b >= a);
    if (!valid) {
        //: zh: --steps %1：应为 1-3、4、2-、-5 或 handshake（步骤从 1 开始编号）
        *error = SlideWords::tr("--steps %1: expected 1-3, 4, 2-, -5 or handshake (steps are numbered from 1)").arg(text);
        return false;
    }
    options->firstStep = a;
    options->lastStep = dash.isEmpty() ? a : b;
    return true;
}

bool parseFrameSize(const QString &text, QSize *size, QString *error)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)\\s*[xX×]\\s*(\\d+)$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    const int w = m.hasMatch() ? m.captured(1).toInt() : 0, h = m.hasMatch() ? m.captured(2).toInt() : 0;
    if (w < 64 || h < 64 || w > 8192 || h > 8192) {
        //: zh: --size %1：应为 宽x高 像素，例如 1920x1080（每边 64 到 8192）
        *error = SlideWords::tr("--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1920x1080 (64 to 8192 each)").arg(text);
        return false;
    }
    *size = QSize(w, h);
    return true;
}

bool exportSlides(const Timeline &timeline, const QString &path, const SlideOptions &options, QString *error, QStringList *written)
{
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    if (suffix != u"png" && suffix != u"svg" && suffix != u"pdf" && suffix != u"apng")
        //: zh: 无法写入 %1：幻灯片是图片：请用 .png、.svg、.pdf 或 .apng（动画）
        return fail(error, SlideWords::tr("cannot write %1: slides are pictures: use .png, .svg, .pdf or .apng (animated)").arg(path));
    const bool animated = suffix == u"apng";
    const uint32_t id = options.connection ? options.connection : timeline.defaultConnectionId();
    const Connection *c = id ? timeline.connection(id) : nullptr;
    if (!c) {
        if (timeline.connections().empty())
            //: zh: 无法写入 %1：抓包里没有 TCP 连接
            return fail(error, SlideWords::tr("cannot write %1: the capture has no TCP connection").arg(path));
        //: zh: 无法写入 %1：没有连接 %2（抓包里有 %3 个连接，编号 1 到 %3）
        return fail(error, SlideWords::tr("cannot write %1: there is no connection %2 (the capture has %3, numbered 1 to %3)")
                               .arg(path).arg(id).arg(timeline.connections().size()));
    }

    Plan plan;
    const QFont font = options.font;
    qreal logicalWidth = kNaturalWidth;
    if (!options.frame.isEmpty()) {
        logicalWidth = std::min<qreal>(options.frame.width(), kMaxLogicalWidth);
        plan.dpr = options.frame.width() / logicalWidth;
    }
    LadderOptions lo;
    lo.relativeNumbers = options.relativeNumbers;
    lo.blanks = options.blanks;
    plan.geometry = layoutLadder(timeline, id, font, logicalWidth, lo);
    const LadderGeometry &g = plan.geometry;
    plan.scale = g.contentSize.width() > logicalWidth ? logicalWidth / g.contentSize.width() : 1;
    plan.logical = QSizeF(logicalWidth, options.frame.isEmpty() ? 0 : options.frame.height() / plan.dpr);

    const size_t n = g.rows.size();
    if (n == 0)
        //: zh: 无法写入 %1：连接 %2 还没有步骤
        return fail(error, SlideWords::tr("cannot write %1: connection %2 has no steps yet").arg(path).arg(id));
    size_t first = size_t(std::max(1, options.firstStep) - 1);
    size_t last = options.lastStep > 0 ? size_t(options.lastStep - 1) : n - 1;
    if (options.handshakeOnly) {
        const int end = handshakeEnd(timeline, g, *c);
        if (end < 0)
            //: zh: 无法写入 %1：连接 %2 的握手没有完成（没有抓到完成握手的 ACK，也没有 RST）：请用 --steps 指定步骤
            return fail(error, SlideWords::tr("cannot write %1: connection %2's handshake did not complete (no ACK completing it and no RST was captured): name the steps with --steps")
                                   .arg(path).arg(id));
        first = 0;
        last = size_t(end);
    }
    if (first >= n)
        //: zh: 无法写入 %1：连接 %2 只有 %3 步
        return fail(error, SlideWords::tr("cannot write %1: connection %2 has only %3 steps").arg(path).arg(id).arg(n));
    last = std::min(last, n - 1);

    // A short range on a big frame: laid out narrower and drawn larger, so that it fills the
    // frame (up to twice the size): a slide is read from the back of the room.
    auto regionHeight = [&](const LadderGeometry &lg) {
        const qreal top = first == 0 ? 0 : lg.rows.top(first) - LadderPainter::headerBandHeight(lg);
        return lg.rows.bottom(last) + std::round(lg.unit * 0.8) - top;
    };
    if (plan.logical.height() > 0) {
        const qreal height = regionHeight(g) * plan.scale;
        const qreal enlarge = std::min<qreal>(2.0, 0.95 * plan.logical.height() / std::max<qreal>(1, height));
        if (enlarge > 1.1) {
            LadderGeometry narrower = layoutLadder(timeline, id, font, logicalWidth / enlarge, lo);
            const qreal s = logicalWidth / std::max<qreal>(narrower.contentSize.width(), logicalWidth / enlarge);
            if (narrower.rows.size() == n && regionHeight(narrower) * s <= plan.logical.height() && s > plan.scale) {
                plan.geometry = std::move(narrower);
                plan.scale = s;
            }
        }
    }
    const qreal bottomPad = std::round(g.unit * 0.8);
    const qreal band = LadderPainter::headerBandHeight(g);
    const qreal capacity = plan.logical.height() > 0 ? plan.logical.height() / plan.scale : 1e300;
    if (!options.series && !animated) {
        plan.frames = pages(g, first, last, capacity, band, bottomPad);
        for (Frame &f : plan.frames)
            f.revealed = int(last) + 1; // the rows after the range stay hidden (they may start inside its padding)
    } else {
        for (size_t k = first; k <= last; ++k) {
            Frame f;
            f.natural = first == 0;
            f.from = f.natural ? 0 : g.rows.top(first);
            f.to = g.rows.bottom(k) + bottomPad;
            f.current = int(k);
            f.revealed = int(k) + 1;
            // Taller than the frame: the newest rows, under the headers.
            if (f.to - f.from > capacity) {
                f.natural = false;
                size_t top = k;
                while (top > first && f.to - g.rows.top(top - 1) <= capacity - band)
                    --top;
                f.from = g.rows.top(top);
            }
            plan.frames.push_back(f);
        }
    }

    // Where each frame goes.
    QStringList paths;
    const QString dir = info.absolutePath();
    if (suffix == u"pdf" || animated) {
        paths << path;
    } else if (options.series) {
        for (size_t k = 0; k < plan.frames.size(); ++k)
            paths << QDir(dir).filePath(QStringLiteral("step-%1.%2").arg(k + 1).arg(info.suffix()));
    } else {
        paths << path;
        for (size_t k = 1; k < plan.frames.size(); ++k)
            paths << QDir(dir).filePath(QStringLiteral("%1-%2.%3").arg(info.completeBaseName()).arg(k + 1).arg(info.suffix()));
    }
    QStringList done;
    auto undo = [&] {
        for (const QString &p : std::as_const(done))
            QFile::remove(p);
        return false;
    };
    if (suffix == u"pdf") {
        if (!writePdf(plan, path, error))
            return false;
        done << path;
    } else if (animated) {
        // Each frame is drawn and kept whole (the tallest's size without --size): a long ladder
        // would take minutes and gigabytes, and a slide of it could not be watched anyway.
        if (plan.frames.size() > kMaxAnimatedFrames)
            //: zh: 无法写入 %1：动画有 %2 步，太长了（最多 %3 步）：请用 --steps 选一个范围（或在导出幻灯片对话框里选“握手”或“到当前步骤”）
            return fail(error, SlideWords::tr("cannot write %1: an animation of %2 steps is too long (at most %3): choose a range with --steps (or handshake, or up to the current step, in the slides dialog)")
                                   .arg(path).arg(plan.frames.size()).arg(kMaxAnimatedFrames));
        if (!writeApng(plan, path, options.frameMs, std::max(options.frameMs, 3000), error))
            return false;
        done << path;
    } else {
        for (size_t k = 0; k < plan.frames.size(); ++k) {
            const bool ok = suffix == u"png" ? writePng(plan, plan.frames[k], paths[qsizetype(k)], error)
                                              : writeSvg(plan, plan.frames[k], paths[qsizetype(k)], error);
            if (!ok)
                return undo();
            done << paths[qsizetype(k)];
        }
        // A series: the named file is its last step (everything asked for, revealed).
        if (options.series) {
            const bool ok = suffix == u"png" ? writePng(plan, plan.frames.back(), path, error)
                                              : writeSvg(plan, plan.frames.back(), path, error);
            if (!ok)
                return undo();
            done << path;
        }
    }
    if (written)
        *written = done;
    return true;
}

} // namespace hv
