// The ladder's geometry (a pure function, no widget) and the view that shows it.
#include "LadderLayout.h"
#include "LadderPainter.h"
#include "LadderView.h"

#include "CallSupport.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTest>
#include <QTranslator>

#include <tuple>
#include <vector>

using namespace hv;

namespace {

constexpr int64_t T0 = 1764170000000000;
constexpr uint32_t ClientIsn = 2750012345u, ServerIsn = 4294967000u; // the server's wraps past 2^32

Connection theConnection(uint32_t id = 1)
{
    Connection c;
    c.id = id;
    c.client = {IpAddress::v4(127, 0, 0, 1), 46728};
    c.server = {IpAddress::v4(127, 0, 0, 1), 6666};
    c.handshake = Handshake::Complete;
    c.sawSyn = c.sawSynAck = c.sawHandshakeAck = true;
    c.clientIsn = ClientIsn;
    c.serverIsn = ServerIsn;
    c.clientIsnKnown = c.serverIsnKnown = true;
    // What the tracker proves of kConversation: a listener answered, frame 2 established the
    // client, frame 3 the server.
    c.clientInitial = TcpState::Closed;
    c.serverInitial = TcpState::Listen;
    c.synAckFrame = 2;
    c.establishingFrame = 3;
    return c;
}

struct Spec {
    Side from;
    uint16_t flags;
    uint32_t relSeq, relAck, len;
    TcpState client, server;
};

using S = TcpState;
constexpr uint16_t SYN = TcpFlag::Syn, ACK = TcpFlag::Ack, PSH = TcpFlag::Psh, FIN = TcpFlag::Fin;

// Handshake, "hello" and "hi!", the client closes first: 11 segments, as the kernel sends them.
const Spec kConversation[] = {
    {Side::Client, SYN, 0, 0, 0, S::SynSent, S::SynRcvd},
    {Side::Server, SYN | ACK, 0, 1, 0, S::Established, S::SynRcvd},
    {Side::Client, ACK, 1, 1, 0, S::Established, S::Established},
    {Side::Client, PSH | ACK, 1, 1, 5, S::Established, S::Established},
    {Side::Server, ACK, 1, 6, 0, S::Established, S::Established},
    {Side::Server, PSH | ACK, 1, 6, 3, S::Established, S::Established},
    {Side::Client, ACK, 6, 4, 0, S::Established, S::Established},
    {Side::Client, FIN | ACK, 6, 4, 0, S::FinWait1, S::CloseWait},
    {Side::Server, ACK, 4, 7, 0, S::FinWait2, S::CloseWait},
    {Side::Server, FIN | ACK, 4, 7, 0, S::TimeWait, S::LastAck},
    {Side::Client, ACK, 7, 5, 0, S::TimeWait, S::Closed},
};

Segment makeSegment(const Spec &spec, uint32_t frame, int64_t timeUs, uint32_t connectionId = 1)
{
    Segment s;
    s.connection = connectionId;
    s.frame = frame;
    s.timeUs = timeUs;
    s.from = spec.from;
    s.flags = spec.flags;
    const bool client = spec.from == Side::Client;
    s.relSeq = spec.relSeq;
    s.relAck = spec.relAck;
    s.seq = (client ? ClientIsn : ServerIsn) + spec.relSeq;
    s.ack = (spec.flags & ACK) ? (client ? ServerIsn : ClientIsn) + spec.relAck : 0;
    s.len = spec.len;
    s.win = 65495;
    s.winScaled = 65495;
    s.clientState = spec.client;
    s.serverState = spec.server;
    return s;
}

CaptureBatch conversation(size_t count = std::size(kConversation))
{
    CaptureBatch b;
    for (size_t i = 0; i < count; ++i)
        b.segments.push_back(makeSegment(kConversation[i], uint32_t(i + 1), T0 + int64_t(i) * 52));
    b.connections.push_back(theConnection());
    b.counts.total = b.counts.tcp = count;
    return b;
}

// The calls of the program's listener (socket 1), client (2) and accepted socket (3).
void addCalls(Timeline &t)
{
    using namespace hvtest;
    const Endpoint server = loopback(6666), client = loopback(46728);
    t.appendCall(listenerCall(CallKind::Listen, T0 - 2000, 1, server, 50));
    t.appendCall(connectedCall(CallKind::Connect, CallSide::Client, T0 - 10, 2, client, server));
    t.appendCall(connectedCall(CallKind::ConnectReturns, CallSide::Client, T0 + 60, 2, client, server));
    t.appendCall(connectedCall(CallKind::AcceptReturns, CallSide::Server, T0 + 110, 3, server, client, -1, 1));
}

QFont testFont()
{
    QFont f;
    f.setPixelSize(14);
    return f;
}

QStringList labels(const LadderGeometry &g)
{
    QStringList out;
    for (const LadderRow &r : g.rows)
        if (!r.isCall)
            out << r.label.text;
    return out;
}

QStringList allStates(const LadderGeometry &g)
{
    QStringList out;
    for (const LadderStateBox &b : g.initialStates)
        out << b.text.text;
    for (const LadderRow &r : g.rows)
        for (const LadderStateBox &b : r.states)
            out << b.text.text;
    return out;
}

// Every piece of text of the geometry with the font it is drawn in.
// Every text of a ladder with its font. Rows are made when read: the copies read are kept here,
// beside the pointers into them.
struct Texts {
    std::vector<LadderRow> rows;
    std::vector<std::pair<const LadderText *, QFont>> items;
};

Texts texts(const LadderGeometry &g)
{
    Texts all;
    all.rows.assign(g.rows.begin(), g.rows.end());
    std::vector<std::pair<const LadderText *, QFont>> &out = all.items;
    out.emplace_back(&g.title, g.fonts.title);
    out.emplace_back(&g.client.roleText, g.fonts.role);
    out.emplace_back(&g.client.endpointText, g.fonts.endpoint);
    out.emplace_back(&g.server.roleText, g.fonts.role);
    out.emplace_back(&g.server.endpointText, g.fonts.endpoint);
    out.emplace_back(&g.gutterTitle, g.fonts.small);
    for (const LadderLegendItem &item : g.legend)
        out.emplace_back(&item.text, g.fonts.small);
    for (const LadderStateBox &b : g.initialStates)
        out.emplace_back(&b.text, g.fonts.state);
    for (const LadderRow &r : all.rows) {
        out.emplace_back(&r.gap, g.fonts.small);
        if (r.isCall) {
            out.emplace_back(&r.call.text, g.fonts.code);
            out.emplace_back(&r.call.detail, g.fonts.small);
            continue;
        }
        out.emplace_back(&r.label, g.fonts.label);
        out.emplace_back(&r.numbers, g.fonts.numbers);
        out.emplace_back(&r.note, g.fonts.note);
        out.emplace_back(&r.noteContinued, g.fonts.note);
        for (const LadderStateBox &b : r.states)
            out.emplace_back(&b.text, g.fonts.state);
    }
    return all;
}

// Translates the two role names into Chinese, as the --lang zh translation would.
class ChineseRoles : public QTranslator {
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        if (qstrcmp(context, "LadderLayout") == 0 && qstrcmp(source, "client") == 0)
            return QStringLiteral("客户端");
        if (qstrcmp(context, "LadderLayout") == 0 && qstrcmp(source, "server") == 0)
            return QStringLiteral("服务器");
        return {};
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class TestLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lifelinesAndHeaders();
    void arrowsGoFromSenderToReceiver();
    void rowsStackWithoutOverlap_data();
    void rowsStackWithoutOverlap();
    void labelsInWiresharksWords();
    void teachingNotes();
    void stateBoxes();
    void callMarkers();
    void timeGutter();
    void absoluteNumbers();
    void elidedTextFits_data();
    void elidedTextFits();
    void notesWrap();
    void legend();
    void appendingMatchesFullLayout();
    void labHostsAreNamed();
    void longLadderRowsReadInAnyOrder_data();
    void longLadderRowsReadInAnyOrder();
    void rowLookup();
    void noConnectionYet();
    void midStreamCapture();
    void paintsCjk();
    void formatting();

    void viewShowsDefaultConnection();
    void viewThrottlesAndFollowsBottom();
    void viewKeepsPositionWhenScrolledUp();
    void viewStartsAtTheTopOfAFile();
    void viewToggles();
    void viewLaysOutAHugeLadderOnceAResizeSettles();
};

void TestLayout::lifelinesAndHeaders()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QVERIFY(g.clientX < g.serverX);
    QVERIFY(g.clientX > g.gutterRight);
    QVERIFY(g.contentSize.width() <= 900);
    QCOMPARE(g.client.text, QStringLiteral("client 127.0.0.1:46728"));
    QCOMPARE(g.server.text, QStringLiteral("server 127.0.0.1:6666"));
    QCOMPARE(g.client.roleText.text, QStringLiteral("client"));
    QCOMPARE(g.server.endpointText.text, QStringLiteral("127.0.0.1:6666"));
    QVERIFY(g.client.rect.left() <= g.clientX && g.clientX <= g.client.rect.right());
    QVERIFY(g.server.rect.left() <= g.serverX && g.serverX <= g.server.rect.right());
    QVERIFY(g.client.rect.right() < g.server.rect.left());
    QCOMPARE(g.lifelineTop, g.headerBottom);
    QVERIFY(g.lifelineBottom >= g.rows.back().bottom);
    QVERIFY(g.contentSize.height() >= g.lifelineBottom);
    QVERIFY(g.title.text.contains(QStringLiteral("Connection 1")));
    QVERIFY(g.title.text.contains(QStringLiteral("complete")));
}

void TestLayout::arrowsGoFromSenderToReceiver()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QCOMPARE(g.rows.size(), std::size(kConversation));
    for (size_t i = 0; i < g.rows.size(); ++i) {
        const LadderRow &r = g.rows[i];
        const bool client = kConversation[i].from == Side::Client;
        QCOMPARE(r.from, kConversation[i].from);
        QCOMPARE(r.arrowFrom.x(), client ? g.clientX : g.serverX);
        QCOMPARE(r.arrowTo.x(), client ? g.serverX : g.clientX);
        QVERIFY2(r.arrowTo.y() > r.arrowFrom.y(), "arrows slant down");
        QVERIFY(r.arrowFrom.y() >= r.top && r.arrowTo.y() <= r.bottom);
    }
    QCOMPARE(g.rows[0].kind, ArrowKind::Syn);
    QCOMPARE(g.rows[1].kind, ArrowKind::Syn);
    QCOMPARE(g.rows[2].kind, ArrowKind::Ack);
    QCOMPARE(g.rows[3].kind, ArrowKind::Data);
    QCOMPARE(g.rows[7].kind, ArrowKind::Fin);
}

void TestLayout::rowsStackWithoutOverlap_data()
{
    QTest::addColumn<qreal>("width");
    QTest::addColumn<int>("pixelSize");
    QTest::newRow("900 px, 14 px font") << qreal(900) << 14;
    QTest::newRow("1600 px, projector font") << qreal(1600) << 24;
    QTest::newRow("520 px") << qreal(520) << 14;
    QTest::newRow("240 px") << qreal(240) << 14;
}

void TestLayout::rowsStackWithoutOverlap()
{
    QFETCH(qreal, width);
    QFETCH(int, pixelSize);
    Timeline t;
    addCalls(t);
    t.appendBatch(conversation());
    QFont f;
    f.setPixelSize(pixelSize);
    const LadderGeometry g = layoutLadder(t, 1, f, width);
    QCOMPARE(g.rows.size(), std::size(kConversation) + 4);
    qreal previousBottom = g.headerBottom;
    for (const LadderStateBox &b : g.initialStates)
        previousBottom = std::max(previousBottom, b.text.rect.bottom());
    for (size_t i = 0; i < g.rows.size(); ++i) {
        const LadderRow &r = g.rows[i];
        QVERIFY2(r.top >= previousBottom, qPrintable(QStringLiteral("row %1 overlaps the one above").arg(i)));
        QVERIFY(r.bottom > r.top);
        previousBottom = r.bottom;
        auto inside = [&](const QRectF &rect) { return rect.isNull() || (rect.top() >= r.top && rect.bottom() <= r.bottom); };
        QVERIFY(inside(r.gap.rect));
        if (r.isCall) {
            QVERIFY(inside(r.call.text.rect));
            continue;
        }
        QVERIFY(inside(r.label.rect));
        QVERIFY(inside(r.numbers.rect));
        QVERIFY(inside(r.note.rect));
        QVERIFY(inside(r.noteContinued.rect));
        for (const LadderStateBox &b : r.states)
            QVERIFY(inside(b.text.rect));
        // The label stays above the arrow, the numbers below it, across the text's width.
        const QLineF arrow(r.arrowFrom, r.arrowTo);
        auto lineY = [&](qreal x) {
            return arrow.p1().y() + (arrow.p2().y() - arrow.p1().y()) * (x - arrow.p1().x()) / (arrow.p2().x() - arrow.p1().x());
        };
        for (qreal x : {r.label.rect.left(), r.label.rect.right()})
            QVERIFY(r.label.rect.bottom() <= lineY(x));
        for (qreal x : {r.numbers.rect.left(), r.numbers.rect.right()})
            QVERIFY(r.numbers.rect.top() >= lineY(x));
        QVERIFY(r.numbers.rect.bottom() <= r.note.rect.top() || r.note.text.isEmpty());
    }
}

void TestLayout::labelsInWiresharksWords()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    const QStringList l = labels(g);
    QCOMPARE(l.value(0), QStringLiteral("SYN"));
    QCOMPARE(l.value(1), QStringLiteral("SYN, ACK"));
    QCOMPARE(l.value(2), QStringLiteral("ACK"));
    QCOMPARE(l.value(3), QStringLiteral("PSH, ACK - Len: 5"));
    QCOMPARE(l.value(5), QStringLiteral("PSH, ACK - Len: 3"));
    QCOMPARE(l.value(7), QStringLiteral("FIN, ACK"));
    QCOMPARE(g.rows[0].numbers.text, QStringLiteral("Seq=0"));
    QCOMPARE(g.rows[1].numbers.text, QStringLiteral("Seq=0 Ack=1"));
    QCOMPARE(g.rows[2].numbers.text, QStringLiteral("Seq=1 Ack=1"));
    QCOMPARE(g.rows[4].numbers.text, QStringLiteral("Seq=1 Ack=6"));
    for (const LadderRow &r : g.rows)
        QVERIFY(!r.label.elided && !r.numbers.elided && !r.note.elided);
}

void TestLayout::teachingNotes()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QCOMPARE(g.rows[1].note.text, QStringLiteral("ack = 0 + 1: a SYN takes one sequence number"));
    QCOMPARE(g.rows[2].note.text, QStringLiteral("ack = 0 + 1: the server's SYN takes one too"));
    QCOMPARE(g.rows[3].note.text, QStringLiteral("next seq = seq + len = 1 + 5 = 6"));
    QVERIFY(g.rows[0].note.text.contains(QString::number(ClientIsn)));
    QVERIFY(g.rows[7].note.text.startsWith(QStringLiteral("a FIN takes one sequence number")));
    QVERIFY(g.rows[7].note.text.endsWith(QStringLiteral("= 7")));
    QVERIFY(g.rows[4].note.text.isEmpty()); // a plain ACK needs no arithmetic
    for (const LadderRow &r : g.rows)
        QVERIFY(!r.noteIsWarning);

    // Retransmissions, resets and anomalies are flagged.
    Timeline bad;
    CaptureBatch b = conversation(3);
    Segment again = b.segments[0];
    again.frame = 4;
    again.timeUs += 1'000'000;
    again.retransmission = true;
    Segment rst = makeSegment({Side::Server, TcpFlag::Rst | ACK, 1, 1, 0, S::Closed, S::Closed}, 5, T0 + 2'000'000);
    Segment odd = makeSegment({Side::Client, SYN | FIN, 0, 0, 0, S::Closed, S::Closed}, 6, T0 + 3'000'000);
    odd.anomalies = Anomaly::SynFin;
    b.segments.insert(b.segments.end(), {again, rst, odd});
    bad.appendBatch(b);
    const LadderGeometry gb = layoutLadder(bad, 1, testFont(), 900);
    QVERIFY(gb.rows[3].retransmission);
    QVERIFY(gb.rows[3].noteIsWarning);
    QVERIFY(gb.rows[3].note.text.contains(QStringLiteral("retransmission")));
    QCOMPARE(gb.rows[4].kind, ArrowKind::Rst);
    QVERIFY(gb.rows[4].noteIsWarning);
    QVERIFY(gb.rows[5].note.text.contains(QStringLiteral("syn_fin")) || gb.rows[5].note.text.contains(QStringLiteral("anomaly")));
}

void TestLayout::stateBoxes()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QCOMPARE(g.initialStates.size(), size_t(2));
    QCOMPARE(g.initialStates[0].text.text, QStringLiteral("CLOSED"));
    QCOMPARE(g.initialStates[1].text.text, QStringLiteral("LISTEN"));
    const QStringList states = allStates(g);
    for (const char *name : {"SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1", "CLOSE_WAIT", "FIN_WAIT_2",
                             "LAST_ACK", "TIME_WAIT"})
        QVERIFY2(states.contains(QLatin1String(name)), name);
    QCOMPARE(states.count(QStringLiteral("ESTABLISHED")), 2); // once per side, only when it changes

    // Each box sits outside its own lifeline: the sender's at the arrow's start, the receiver's at its end.
    const LadderRow &syn = g.rows[0];
    QCOMPARE(syn.states.size(), size_t(2));
    for (const LadderStateBox &b : syn.states) {
        if (b.side == Side::Client) {
            QCOMPARE(b.text.text, QStringLiteral("SYN_SENT"));
            QVERIFY(b.text.rect.right() <= g.clientX);
            QCOMPARE(b.anchor.y(), syn.arrowFrom.y());
        } else {
            QCOMPARE(b.text.text, QStringLiteral("SYN_RCVD"));
            QVERIFY(b.text.rect.left() >= g.serverX);
            QCOMPARE(b.anchor.y(), syn.arrowTo.y());
        }
    }
    const LadderRow &synAck = g.rows[1];
    QCOMPARE(synAck.states.size(), size_t(1));
    QCOMPARE(synAck.states[0].side, Side::Client);
    QCOMPARE(synAck.states[0].text.text, QStringLiteral("ESTABLISHED"));
    QVERIFY(g.rows[4].states.empty());
}

void TestLayout::callMarkers()
{
    Timeline t;
    addCalls(t);
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QStringList order;
    for (const LadderRow &r : g.rows)
        order << (r.isCall ? r.call.text.text : r.label.text);
    QCOMPARE(order.mid(0, 7), (QStringList{"listen()", "connect()", "SYN", "SYN, ACK", "connect() returns", "ACK",
                                            "accept() returns"}));
    for (const LadderRow &r : g.rows) {
        if (!r.isCall)
            continue;
        if (r.call.side == CallSide::Client) {
            QVERIFY(r.call.text.rect.right() <= g.clientX);
            QCOMPARE(r.call.anchor.x(), g.clientX);
        } else {
            QVERIFY(r.call.text.rect.left() >= g.serverX);
            QCOMPARE(r.call.anchor.x(), g.serverX);
        }
    }
    QCOMPARE(g.rows[0].call.detail.text, QStringLiteral("127.0.0.1:6666 backlog 50"));
}

void TestLayout::timeGutter()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QVERIFY(!g.rows[0].gap.text.startsWith(QLatin1Char('+'))); // the clock time
    QCOMPARE(g.rows[1].gap.text, QStringLiteral("+0.052 ms"));
    for (const LadderRow &r : g.rows)
        QVERIFY(r.gap.rect.right() <= g.gutterRight + 0.01);
}

void TestLayout::absoluteNumbers()
{
    Timeline t;
    t.appendBatch(conversation());
    LadderOptions absolute;
    absolute.relativeNumbers = false;
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900, absolute);
    QCOMPARE(g.rows[0].numbers.text, QStringLiteral("Seq=%1").arg(ClientIsn));
    QCOMPARE(g.rows[1].numbers.text, QStringLiteral("Seq=%1 Ack=%2").arg(ServerIsn).arg(ClientIsn + 1));
    // The arithmetic follows the numbers shown, wrapping like TCP does.
    QCOMPARE(g.rows[1].note.text, QStringLiteral("ack = %1 + 1: a SYN takes one sequence number").arg(ClientIsn));
    QCOMPARE(g.rows[5].note.text, QStringLiteral("next seq = seq + len = %1 + 3 = %2")
                                      .arg(uint32_t(ServerIsn + 1)).arg(uint32_t(ServerIsn + 4)));
}

void TestLayout::elidedTextFits_data()
{
    QTest::addColumn<qreal>("width");
    QTest::addColumn<bool>("expectElided");
    QTest::newRow("wide") << qreal(1200) << false;
    QTest::newRow("very narrow") << qreal(200) << true;
}

void TestLayout::elidedTextFits()
{
    QFETCH(qreal, width);
    QFETCH(bool, expectElided);
    Timeline t;
    addCalls(t);
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), width);
    bool anyElided = false;
    const Texts all = texts(g);
    for (const auto &[text, font] : all.items) {
        if (text->text.isEmpty())
            continue;
        const qreal advance = QFontMetricsF(font).horizontalAdvance(text->text);
        QVERIFY2(advance <= text->rect.width() + 0.5,
                 qPrintable(QStringLiteral("'%1' is %2 px in a %3 px slot").arg(text->text).arg(advance).arg(text->rect.width())));
        QVERIFY2(text->rect.left() >= -0.5 && text->rect.right() <= g.contentSize.width() + 0.5, qPrintable(text->text));
        anyElided = anyElided || text->elided;
    }
    for (const LadderRow &r : g.rows) {
        if (r.isCall)
            continue;
        for (const LadderStateBox &b : r.states)
            QVERIFY2(!b.text.elided, "state names are never shortened");
        for (const LadderText *text : {&r.label, &r.numbers, &r.note, &r.noteContinued}) {
            if (text->text.isEmpty())
                continue;
            QVERIFY(text->rect.left() >= g.clientX - 0.5);
            QVERIFY(text->rect.right() <= g.serverX + 0.5);
        }
    }
    QCOMPARE(anyElided, expectElided);
    for (const LadderRow &r : g.rows)
        QVERIFY(!r.isCall || !r.call.text.elided);
}

void TestLayout::notesWrap()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry wide = layoutLadder(t, 1, testFont(), 1200);
    const LadderGeometry narrow = layoutLadder(t, 1, testFont(), 560);
    QVERIFY(wide.rows[1].noteContinued.text.isEmpty());
    // Split after the colon, both halves whole.
    QCOMPARE(narrow.rows[1].note.text, QStringLiteral("ack = 0 + 1:"));
    QCOMPARE(narrow.rows[1].noteContinued.text, QStringLiteral("a SYN takes one sequence number"));
    QVERIFY(narrow.rows[1].noteContinued.rect.top() >= narrow.rows[1].note.rect.bottom());
    // Too narrow for the gutter: the times go, the lifelines keep their columns.
    QVERIFY(narrow.contentSize.width() <= 560 || narrow.gutterTitle.text.isEmpty());
}

void TestLayout::legend()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QCOMPARE(g.legend.size(), size_t(8));
    for (const LadderLegendItem &item : g.legend) {
        QVERIFY(item.sample.bottom() <= g.client.rect.top());
        QVERIFY(item.text.rect.right() <= g.contentSize.width());
    }
    LadderOptions none;
    none.legend = false;
    const LadderGeometry bare = layoutLadder(t, 1, testFont(), 900, none);
    QVERIFY(bare.legend.empty());
    QVERIFY(bare.client.rect.top() < g.client.rect.top());
}

void TestLayout::appendingMatchesFullLayout()
{
    Timeline t;
    addCalls(t);
    CaptureBatch all = conversation();
    CaptureBatch first;
    first.connections = all.connections;
    first.segments.assign(all.segments.begin(), all.segments.begin() + 4);
    CaptureBatch rest;
    rest.connections = all.connections;
    rest.segments.assign(all.segments.begin() + 4, all.segments.end());

    t.appendBatch(first);
    LadderGeometry g = layoutLadder(t, 1, testFont(), 800);
    const size_t rowsBefore = g.rows.size();
    t.appendBatch(rest);
    QVERIFY(!updateLadder(g, t, 1, testFont(), 800)); // appended, not redone
    QVERIFY(g.rows.size() > rowsBefore);
    const LadderGeometry fresh = layoutLadder(t, 1, testFont(), 800);
    QCOMPARE(g.rows.size(), fresh.rows.size());
    for (size_t i = 0; i < g.rows.size(); ++i) {
        QCOMPARE(g.rows[i].top, fresh.rows[i].top);
        QCOMPARE(g.rows[i].bottom, fresh.rows[i].bottom);
        QCOMPARE(g.rows[i].label.text, fresh.rows[i].label.text);
        QCOMPARE(g.rows[i].note.text, fresh.rows[i].note.text);
        QCOMPARE(g.rows[i].gap.text, fresh.rows[i].gap.text);
        QCOMPARE(g.rows[i].states.size(), fresh.rows[i].states.size());
    }
    QCOMPARE(g.contentSize, fresh.contentSize);
    QCOMPARE(g.title.text, fresh.title.text);

    // A new width lays out again; a call inserted in the past lays out again what follows it
    // (the rows above stay), and the result is what a fresh layout gives.
    QVERIFY(updateLadder(g, t, 1, testFont(), 700));
    t.appendCall(hvtest::connectedCall(CallKind::Send, CallSide::Client, T0 + 1, 2, hvtest::loopback(46728),
                                       hvtest::loopback(6666), 5));
    updateLadder(g, t, 1, testFont(), 700);
    QCOMPARE(g.rows.size(), fresh.rows.size() + 1);
    const LadderGeometry again = layoutLadder(t, 1, testFont(), 700);
    QCOMPARE(g.rows.size(), again.rows.size());
    for (size_t i = 0; i < g.rows.size(); ++i) {
        QCOMPARE(g.rows[i].top, again.rows[i].top);
        QCOMPARE(g.rows[i].bottom, again.rows[i].bottom);
        QCOMPARE(g.rows[i].isCall, again.rows[i].isCall);
        QCOMPARE(g.rows[i].label.text, again.rows[i].label.text);
        QCOMPARE(g.rows[i].call.text.text, again.rows[i].call.text.text);
        QCOMPARE(g.rows[i].gap.text, again.rows[i].gap.text);
        QCOMPARE(g.rows[i].states.size(), again.rows[i].states.size());
    }
    QCOMPARE(g.contentSize, again.contentSize);

    // Between two layouts the steps may be rebuilt (a call came and someone asked for the steps):
    // the rows keep the steps their heights came from, or are blank, never a newer step in an
    // older row's place (that drew a segment in a call's height, over the rows below it).
    g = layoutLadder(t, 1, testFont(), 700); // no row read yet (none kept from reads)
    std::vector<LadderRow> before;
    {
        const LadderGeometry ref = layoutLadder(t, 1, testFont(), 700);
        for (size_t i = 0; i < ref.rows.size(); ++i)
            before.push_back(ref.rows[i]);
    }
    t.appendCall(hvtest::connectedCall(CallKind::Send, CallSide::Client, T0 + 2, 2, hvtest::loopback(46728),
                                       hvtest::loopback(6666), 7));
    QCOMPARE(t.steps(1).size(), before.size() + 1); // rebuilt, the new call among the old steps
    size_t blank = 0;
    for (size_t i = 0; i < g.rows.size(); ++i) {
        const LadderRow row = g.rows[i];
        if (row.label.text.isEmpty() && row.call.text.text.isEmpty()) {
            ++blank;
            continue;
        }
        QCOMPARE(row.isCall, before[i].isCall);
        QCOMPARE(row.label.text, before[i].label.text);
        QCOMPARE(row.call.text.text, before[i].call.text.text);
    }
    QVERIFY(blank > 0); // the rows after the new call wait for the next layout
    updateLadder(g, t, 1, testFont(), 700);
    QCOMPARE(g.rows.size(), before.size() + 1);
    for (size_t i = 0; i < g.rows.size(); ++i)
        QVERIFY(!g.rows[i].label.text.isEmpty() || !g.rows[i].call.text.text.isEmpty());
}

// In the lab's two-hosts layout each side is a host of its own (a veth between two namespaces);
// on one host (lo) and on the host's network the headers say client and server as always.
void TestLayout::labHostsAreNamed()
{
    for (const auto &[name, network, role] : std::vector<std::tuple<QString, QString, QString>>{
             {QStringLiteral("client0"), QStringLiteral("lab"), QStringLiteral("client host")},
             {QStringLiteral("lo"), QStringLiteral("lab"), QStringLiteral("client")},
             {QStringLiteral("eth0"), QStringLiteral("host"), QStringLiteral("client")}}) {
        Timeline t;
        t.setSource({QStringLiteral("live"), name, QStringLiteral("EN10MB"), QString(), network, {}});
        t.appendBatch(conversation());
        const LadderGeometry g = layoutLadder(t, 1, testFont(), 800);
        QCOMPARE(g.client.role, role);
        QCOMPARE(g.server.role, QString(role).replace(QLatin1String("client"), QLatin1String("server")));
    }
}

// A ladder long enough for many checkpoints: rows are made when read, from the checkpoint of
// their block or the row read before. Read in any order they are the same rows, each holds its
// words inside its band (the heights came from estimates, never from the words), and looking up
// a row by its y agrees with a scan.
void TestLayout::longLadderRowsReadInAnyOrder_data()
{
    QTest::addColumn<qreal>("width");
    QTest::newRow("wide") << qreal(1200);
    QTest::newRow("narrow: notes on two lines") << qreal(430);
}

void TestLayout::longLadderRowsReadInAnyOrder()
{
    QFETCH(qreal, width);
    CaptureBatch b = conversation(3);
    uint32_t clientSeq = 1, serverAck = 1;
    int64_t time = T0 + 1000;
    for (uint32_t i = 0; i < 700; ++i) {
        const uint32_t len = 1 + (i * 7919u) % 65000u;
        Segment data = makeSegment({Side::Client, PSH | ACK, clientSeq, 1, len, S::Established, S::Established},
                                   uint32_t(b.segments.size() + 1), time += 37);
        data.retransmission = i % 97 == 5;
        if (i % 151 == 7)
            data.anomalies = 1;
        b.segments.push_back(data);
        clientSeq += len;
        serverAck = clientSeq;
        b.segments.push_back(makeSegment({Side::Server, ACK, 1, serverAck, 0, S::Established, S::Established},
                                         uint32_t(b.segments.size() + 1), time += 11));
    }
    b.counts.total = b.counts.tcp = b.segments.size();
    Timeline t;
    addCalls(t);
    t.appendBatch(b);
    const LadderGeometry g = layoutLadder(t, 1, testFont(), width);
    QVERIFY(g.rows.size() > 1400);

    // In order, each row inside its band, the words clear of the arrow.
    std::vector<LadderRow> inOrder;
    qreal previousBottom = 0;
    bool twoLines = false;
    for (size_t i = 0; i < g.rows.size(); ++i) {
        const LadderRow r = g.rows[i];
        QCOMPARE(r.top, g.rows.top(i));
        QCOMPARE(r.bottom, g.rows.bottom(i));
        QVERIFY(i == 0 || r.top == previousBottom);
        previousBottom = r.bottom;
        auto inside = [&](const QRectF &rect) { return rect.isNull() || (rect.top() >= r.top && rect.bottom() <= r.bottom); };
        QVERIFY2(inside(r.label.rect) && inside(r.numbers.rect) && inside(r.note.rect) && inside(r.noteContinued.rect),
                 qPrintable(QStringLiteral("row %1: '%2' outside its band").arg(i).arg(r.note.text)));
        if (!r.isCall) {
            const QLineF arrow(r.arrowFrom, r.arrowTo);
            auto lineY = [&](qreal x) {
                return arrow.p1().y() + (arrow.p2().y() - arrow.p1().y()) * (x - arrow.p1().x()) / (arrow.p2().x() - arrow.p1().x());
            };
            for (qreal x : {r.label.rect.left(), r.label.rect.right()})
                QVERIFY2(r.label.rect.bottom() <= lineY(x) + 0.01, qPrintable(QString::number(i)));
            for (qreal x : {r.numbers.rect.left(), r.numbers.rect.right()})
                QVERIFY2(r.numbers.rect.top() >= lineY(x) - 0.01, qPrintable(QString::number(i)));
            QVERIFY(!r.note.elided || !r.noteContinued.text.isEmpty() || r.note.text.isEmpty() || width < 500);
        }
        twoLines = twoLines || !r.noteContinued.text.isEmpty();
        inOrder.push_back(r);
    }
    QCOMPARE(twoLines, width < 500);

    // Backwards and scattered, on a copy laid out the same: the same rows.
    const LadderGeometry again = layoutLadder(t, 1, testFont(), width);
    std::vector<size_t> order;
    for (size_t i = again.rows.size(); i-- > 0;)
        order.push_back(i);
    for (size_t i = 0; i < again.rows.size(); i += 131)
        order.push_back((i * 7 + 3) % again.rows.size());
    for (size_t i : order) {
        const LadderRow r = again.rows[i];
        const LadderRow &w = inOrder[i];
        QCOMPARE(r.top, w.top);
        QCOMPARE(r.bottom, w.bottom);
        QCOMPARE(r.label.text, w.label.text);
        QCOMPARE(r.label.rect, w.label.rect);
        QCOMPARE(r.numbers.text, w.numbers.text);
        QCOMPARE(r.note.text, w.note.text);
        QCOMPARE(r.note.rect, w.note.rect);
        QCOMPARE(r.noteContinued.text, w.noteContinued.text);
        QCOMPARE(r.gap.text, w.gap.text);
        QCOMPARE(r.states.size(), w.states.size());
        for (size_t k = 0; k < r.states.size(); ++k)
            QCOMPARE(r.states[k].text.rect, w.states[k].text.rect);
        QCOMPARE(r.call.text.text, w.call.text.text);
    }

    // Looking up by y, across checkpoints.
    for (qreal y = g.headerBottom - 5; y < g.lifelineBottom; y += 97.3) {
        size_t scan = 0;
        while (scan < inOrder.size() && inOrder[scan].bottom <= y)
            ++scan;
        QCOMPARE(g.firstRowBelow(y), scan);
    }
    // What the rows keep: a few bytes each, however many were read.
    QVERIFY2(g.rows.bytes() < g.rows.size() * 4 + 400 * 1024, qPrintable(QString::number(g.rows.bytes())));
}

void TestLayout::rowLookup()
{
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QCOMPARE(g.firstRowBelow(0), size_t(0));
    QCOMPARE(g.firstRowBelow(g.rows[3].top + 1), size_t(3));
    QCOMPARE(g.firstRowBelow(g.rows.back().bottom + 1), g.rows.size());
    QCOMPARE(g.rowAt((g.rows[5].top + g.rows[5].bottom) / 2), 5);
    QCOMPARE(g.rowAt(1), -1);
}

void TestLayout::noConnectionYet()
{
    Timeline t;
    t.appendCall(hvtest::listenerCall(CallKind::Listen, T0, 1, hvtest::loopback(6666), 50));
    const LadderGeometry g = layoutLadder(t, t.defaultConnectionId(), testFont(), 900);
    QCOMPARE(g.connectionId, 0u);
    QCOMPARE(g.client.text, QStringLiteral("client"));
    QCOMPARE(g.server.text, QStringLiteral("server"));
    QCOMPARE(g.rows.size(), size_t(1));
    QCOMPARE(g.rows[0].call.text.text, QStringLiteral("listen()"));

    Timeline empty;
    const LadderGeometry e = layoutLadder(empty, 0, testFont(), 900);
    QVERIFY(e.rows.empty());
    QVERIFY(!e.emptyText.text.isEmpty());
    QVERIFY(e.contentSize.height() > e.emptyText.rect.bottom());
}

void TestLayout::midStreamCapture()
{
    // The capture began after the handshake: no CLOSED/LISTEN guess, the first row shows both states.
    Timeline t;
    CaptureBatch b = conversation();
    b.segments.erase(b.segments.begin(), b.segments.begin() + 3);
    b.connections[0].handshake = Handshake::None;
    t.appendBatch(b);
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QVERIFY(g.initialStates.empty());
    QCOMPARE(g.rows[0].states.size(), size_t(2));
    QVERIFY(g.title.text.contains(QStringLiteral("none")));
}

void TestLayout::paintsCjk()
{
    ChineseRoles zh;
    QCoreApplication::installTranslator(&zh);
    Timeline t;
    t.appendBatch(conversation());
    const LadderGeometry g = layoutLadder(t, 1, testFont(), 900);
    QCoreApplication::removeTranslator(&zh);
    QCOMPARE(g.client.roleText.text, QStringLiteral("客户端"));
    QCOMPARE(g.client.text, QStringLiteral("客户端 127.0.0.1:46728"));

    QImage image(g.contentSize.toSize() * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        LadderPainter::paint(p, g, QRectF(QPointF(0, 0), g.contentSize));
    }
    // Glyphs, not empty boxes: the text has enough ink and the font has the characters.
    const QRect r = QRectF(g.client.roleText.rect.topLeft() * 2, g.client.roleText.rect.size() * 2).toAlignedRect();
    int ink = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            if (qGray(image.pixel(x, y)) < 150)
                ++ink;
    QVERIFY2(ink > 60, qPrintable(QString::number(ink)));
    QVERIFY(QFontMetricsF(g.fonts.role).inFontUcs4(QChar(0x5BA2).unicode()) || ink > 60);
}

void TestLayout::formatting()
{
    QCOMPARE(formatTimeGap(52), QStringLiteral("+0.052 ms"));
    QCOMPARE(formatTimeGap(12345), QStringLiteral("+12.345 ms"));
    QCOMPARE(formatTimeGap(250000), QStringLiteral("+250.0 ms"));
    QCOMPARE(formatTimeGap(1250000), QStringLiteral("+1.250 s"));
    QCOMPARE(formatTimeGap(-10), QStringLiteral("\u22120.010 ms"));
    QCOMPARE(callLabel(CallKind::Listen, Words::English), QStringLiteral("listen()"));
    QCOMPARE(callLabel(CallKind::ConnectReturns, Words::English), QStringLiteral("connect() returns"));
    QCOMPARE(callLabel(CallKind::AcceptReturns, Words::English), QStringLiteral("accept() returns"));
}

void TestLayout::viewShowsDefaultConnection()
{
    Timeline t;
    LadderView view(&t);
    view.resize(800, 500);
    view.show();
    QCOMPARE(view.shownConnection(), 0u);
    t.appendBatch(conversation());
    view.refreshNow();
    QCOMPARE(view.shownConnection(), 1u);
    QCOMPARE(view.ladderGeometry().rows.size(), std::size(kConversation));

    // A later connection without a SYN does not take over; a later one with a SYN does.
    CaptureBatch mid;
    mid.segments.push_back(makeSegment(kConversation[4], 12, T0 + 5000, 2));
    mid.connections.push_back(theConnection(2));
    mid.connections.back().sawSyn = false;
    t.appendBatch(mid);
    view.refreshNow();
    QCOMPARE(view.shownConnection(), 1u);
    CaptureBatch next;
    next.segments.push_back(makeSegment(kConversation[0], 13, T0 + 9000, 3));
    next.connections.push_back(theConnection(3));
    t.appendBatch(next);
    view.refreshNow();
    QCOMPARE(view.shownConnection(), 3u);

    view.setConnection(2);
    QCOMPARE(view.shownConnection(), 2u);
    QCOMPARE(view.ladderGeometry().rows.size(), size_t(1));
    view.setConnection(0);
    QCOMPARE(view.shownConnection(), 3u);
}

void TestLayout::viewThrottlesAndFollowsBottom()
{
    Timeline t;
    LadderView view(&t);
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const CaptureBatch all = conversation();
    CaptureBatch first;
    first.connections = all.connections;
    first.segments.assign(all.segments.begin(), all.segments.begin() + 1);
    t.appendBatch(first);
    view.refreshNow();
    QCOMPARE(view.ladderGeometry().rows.size(), size_t(1));

    // Many changes in a burst: nothing is laid out synchronously, one refresh follows shortly.
    for (size_t i = 1; i < all.segments.size(); ++i) {
        CaptureBatch one;
        one.connections = all.connections;
        one.segments.push_back(all.segments[i]);
        t.appendBatch(one);
    }
    QCOMPARE(view.ladderGeometry().rows.size(), size_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(view.ladderGeometry().rows.size(), all.segments.size(), 1000);
    // Content taller than the viewport; the view was at the top (= bottom of a short ladder): it follows.
    QVERIFY(view.verticalScrollBar()->maximum() > 0);
    QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
}

void TestLayout::viewStartsAtTheTopOfAFile()
{
    Timeline t;
    t.setSource({QStringLiteral("file"), QStringLiteral("x.pcap"), QStringLiteral("EN10MB"), QString(), {}, {}});
    LadderView view(&t);
    view.resize(700, 300);
    view.show();
    t.appendBatch(conversation());
    view.refreshNow();
    QVERIFY(view.verticalScrollBar()->maximum() > 0);
    QCOMPARE(view.verticalScrollBar()->value(), 0);
}

void TestLayout::viewKeepsPositionWhenScrolledUp()
{
    Timeline t;
    LadderView view(&t);
    view.resize(700, 300);
    view.show();
    t.appendBatch(conversation());
    view.refreshNow();
    view.verticalScrollBar()->setValue(10);
    CaptureBatch more;
    more.connections.push_back(theConnection());
    Segment extra = makeSegment(kConversation[6], 12, T0 + 10000);
    more.segments.push_back(extra);
    t.appendBatch(more);
    view.refreshNow();
    QCOMPARE(view.verticalScrollBar()->value(), 10);
    QCOMPARE(view.ladderGeometry().rows.size(), std::size(kConversation) + 1);
}

void TestLayout::viewToggles()
{
    Timeline t;
    LadderView view(&t);
    view.resize(800, 600);
    t.appendBatch(conversation());
    view.refreshNow();
    QVERIFY(view.relativeNumbers());
    QCOMPARE(view.ladderGeometry().rows[1].numbers.text, QStringLiteral("Seq=0 Ack=1"));
    view.setRelativeNumbers(false);
    QCOMPARE(view.ladderGeometry().rows[1].numbers.text,
             QStringLiteral("Seq=%1 Ack=%2").arg(ServerIsn).arg(ClientIsn + 1));
    view.setCurrentRow(3);
    QCOMPARE(view.currentRow(), 3);
    view.setRevealedRows(2);
    QCOMPARE(view.revealedRows(), 2);

    const qreal before = view.ladderGeometry().contentSize.height();
    view.zoomIn();
    QVERIFY(view.zoom() > 1);
    QVERIFY(view.ladderGeometry().contentSize.height() > before);
    view.resetZoom();
    QCOMPARE(view.ladderGeometry().contentSize.height(), before);

    // Renders offscreen without touching the timeline beyond the geometry.
    QImage shot = view.viewport()->grab().toImage();
    QVERIFY(!shot.isNull());
}

// Dragging the window edge sends a resize per mouse move. A small ladder follows each at once; a
// huge one (a full layout takes a second) is laid out again only once the resizing has stopped.
void TestLayout::viewLaysOutAHugeLadderOnceAResizeSettles()
{
    Timeline t;
    CaptureBatch b;
    b.connections.push_back(theConnection());
    const size_t n = LadderView::kDeferResizeRows + 1000;
    for (size_t i = 0; i < n; ++i) {
        // After the handshake: data and ACKs going back and forth.
        const Spec &spec = i < 3 ? kConversation[i] : kConversation[3 + i % 4];
        b.segments.push_back(makeSegment(spec, uint32_t(i + 1), T0 + int64_t(i) * 52));
    }
    t.appendBatch(b);
    LadderView view(&t);
    view.resize(700, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.refreshNow();
    QCOMPARE(view.ladderGeometry().rows.size(), n);
    const qreal before = view.ladderGeometry().requestedWidth;
    QCOMPARE(before, qreal(view.viewport()->width()));

    for (int w = 710; w <= 800; w += 10) {
        view.resize(w, 400); // a visible widget gets its resize event at once
        QVERIFY(qreal(view.viewport()->width()) > before);
        QCOMPARE(view.ladderGeometry().requestedWidth, before); // the old layout is still shown
    }
    QTRY_COMPARE_WITH_TIMEOUT(view.ladderGeometry().requestedWidth, qreal(view.viewport()->width()), 10000);
    QCOMPARE(view.ladderGeometry().rows.size(), n);
    QVERIFY(view.ladderGeometry().contentSize.width() <= view.viewport()->width() + 1);

    // A small ladder: laid out for each new width at once.
    Timeline small;
    small.appendBatch(conversation());
    LadderView other(&small);
    other.resize(700, 400);
    other.show();
    QVERIFY(QTest::qWaitForWindowExposed(&other));
    other.refreshNow();
    other.resize(760, 400);
    QCOMPARE(other.ladderGeometry().requestedWidth, qreal(other.viewport()->width()));
}

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
