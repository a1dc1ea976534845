// The real window on the offscreen platform: click Start, click Connect, type and send, and the
// ladder holds what the kernel sent.
#include "ChatInput.h"
#include "ChatPane.h"
#include "ConnectionList.h"
#include "DetailsPanel.h"
#include "ExplanationPanel.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "Stepper.h"
#include "TestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QXmlStreamReader>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

using namespace hv;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startConnectChat();
    void refusedConnectionIsExplained();
    void portInUseIsShownInThePane();
    void switchesToChineseAndBack();
    void ladderSpeaksChinese();
    void languageSwitchRerendersEverything();
    void zoomKeysGrowLadderAndExplanation();
    void typingAfterThePeerLeftIsKept();
    void fitsASmallScreen();
};

static int handshakeArrows(const LadderGeometry &g)
{
    QStringList labels;
    for (const LadderRow &row : g.rows)
        if (!row.isCall)
            labels << row.label.text;
    return labels.size() >= 3 && labels[0] == QLatin1String("SYN") && labels[1] == QLatin1String("SYN, ACK")
                   && labels[2] == QLatin1String("ACK")
               ? 3
               : 0;
}

void TestMainWindow::startConnectChat()
{
    Session session;
    MainWindow window(&session.timeline());
    window.resize(1400, 860); // the default size on a screen it fits (the offscreen one is 800×800)
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    const quint16 port = hvtest::freePort();
    server->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(server->mainButton(), Qt::LeftButton);
    QVERIFY(session.server().isListening());
    QCOMPARE(server->mainButton()->text(), ChatPane::tr("Stop"));
    QTRY_VERIFY_WITH_TIMEOUT(session.isLiveCaptureReady(), 10000);

    client->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(session.client().isConnected(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(client->mainButton()->text(), ChatPane::tr("Disconnect"), 5000);

    // The ladder model holds the three handshake arrows, client to server and back.
    LadderView *ladder = window.ladderView();
    QTRY_COMPARE_WITH_TIMEOUT(handshakeArrows(ladder->ladderGeometry()), 3, 5000);
    const LadderGeometry &g = ladder->ladderGeometry();
    QVERIFY(g.clientX < g.serverX);
    QCOMPARE(g.server.endpoint, QStringLiteral("127.0.0.1:%1").arg(port));
    QVERIFY(g.client.endpoint.startsWith(QLatin1String("127.0.0.1:")));

    // Type into the client and press Enter: the server pane shows it, the ladder gets the data arrow.
    QTest::keyClicks(client->inputEdit(), QStringLiteral("hello"));
    QTest::keyClick(client->inputEdit(), Qt::Key_Return);
    QCOMPARE(client->inputEdit()->text(), QString()); // sent, so cleared
    QTRY_VERIFY_WITH_TIMEOUT(server->transcript()->toPlainText().contains(QLatin1String("hello")), 5000);
    auto hasLabel = [&](const QString &label) {
        for (const LadderRow &row : window.ladderView()->ladderGeometry().rows)
            if (!row.isCall && row.label.text == label)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasLabel(QStringLiteral("PSH, ACK - Len: 6")), 5000); // "hello" and the pane's newline

    // The server answers.
    QTest::keyClicks(server->inputEdit(), QStringLiteral("hi!"));
    QTest::mouseClick(server->sendButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(client->transcript()->toPlainText().contains(QLatin1String("hi!")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(hasLabel(QStringLiteral("PSH, ACK - Len: 4")), 5000);

    // Disconnect: FIN both ways reaches the ladder.
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(hasLabel(QStringLiteral("FIN, ACK")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(session.timeline().connections().size() == 1
                                 && session.timeline().connections()[0].clientState == TcpState::TimeWait, 5000);
}

void TestMainWindow::refusedConnectionIsExplained()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    ChatPane *client = window.clientPane();
    const quint16 port = hvtest::freePort(); // nobody listens here
    client->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::keyClicks(client->inputEdit(), QString()); // nothing typed yet
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QLabel *problem = client->findChild<QLabel *>(QStringLiteral("problem"));
    QVERIFY(problem);
    QTRY_VERIFY_WITH_TIMEOUT(problem->isVisible(), 5000);
    QVERIFY2(problem->text().contains(QStringLiteral("refused")), qPrintable(problem->text()));
    QVERIFY2(problem->text().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(problem->text()));
    QCOMPARE(client->mainButton()->text(), ChatPane::tr("Connect"));
    // The capture saw the SYN answered by RST: a refused handshake on the ladder.
    QTRY_VERIFY_WITH_TIMEOUT(!session.timeline().connections().empty()
                                 && session.timeline().connections()[0].handshake == Handshake::Refused, 5000);
}

void TestMainWindow::portInUseIsShownInThePane()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    ChatPane *server = window.serverPane();
    server->setEndpoint(QStringLiteral("127.0.0.1"), squatter.serverPort());
    QTest::mouseClick(server->mainButton(), Qt::LeftButton);
    QVERIFY(!session.server().isListening());
    QLabel *problem = server->findChild<QLabel *>(QStringLiteral("problem"));
    QVERIFY(problem && problem->isVisibleTo(&window));
    QVERIFY2(problem->text().contains(QStringLiteral("in use")), qPrintable(problem->text()));
    QCOMPARE(server->mainButton()->text(), ChatPane::tr("Start"));
}

void TestMainWindow::switchesToChineseAndBack()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    Q_EMIT window.languageRequested(QStringLiteral("zh"));
    QCOMPARE(window.serverPane()->mainButton()->text(), QStringLiteral("启动"));
    QCOMPARE(window.clientPane()->mainButton()->text(), QStringLiteral("连接"));
    QVERIFY2(window.windowTitle().contains(QStringLiteral("实时")), qPrintable(window.windowTitle()));
    Q_EMIT window.languageRequested(QStringLiteral("en"));
    QCOMPARE(window.serverPane()->mainButton()->text(), QStringLiteral("Start"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Live on lo"));
}

// The ladder's own words follow the language too: the title's handshake class and the calls that
// returned ("connect() 返回"), on the sample capture.
void TestMainWindow::ladderSpeaksChinese()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    Q_EMIT window.languageRequested(QStringLiteral("zh"));
    session.openSample();
    LadderView *ladder = window.ladderView();
    QTRY_VERIFY_WITH_TIMEOUT(handshakeArrows(ladder->ladderGeometry()) == 3, 10000);
    const LadderGeometry &g = ladder->ladderGeometry();
    QVERIFY2(g.title.text.contains(QStringLiteral("握手完成")), qPrintable(g.title.text));
    QStringList calls;
    for (const LadderRow &row : g.rows)
        if (row.isCall)
            calls << row.call.text.text;
    QVERIFY2(calls.contains(QStringLiteral("connect() 返回")), qPrintable(calls.join(u'|')));
    QVERIFY2(calls.contains(QStringLiteral("accept() 返回")), qPrintable(calls.join(u'|')));
    QVERIFY2(!calls.join(u'|').contains(QLatin1String("returns")), qPrintable(calls.join(u'|')));
    // The status bar counts one connection as one (no "1 connections").
    auto *counts = window.statusBar()->findChild<QLabel *>(QStringLiteral("countsText"));
    QVERIFY(counts);
    QTRY_VERIFY2(counts->text().endsWith(QStringLiteral("，1 个连接")), qPrintable(counts->text()));

    Q_EMIT window.languageRequested(QStringLiteral("en"));
    QTRY_VERIFY_WITH_TIMEOUT(ladder->ladderGeometry().title.text.contains(QLatin1String("handshake complete")), 5000);
}

// What the Chinese interface keeps in Latin letters, in both languages: the flags and fields as
// Wireshark writes them, the option names, RFC 793's state names, errno names, units, and the
// socket calls (only as calls, "connect()"). Everything else of two letters or more is English
// that should have been translated. Not words either: numbers (hex, IPv6 and MAC addresses),
// quotations (“hello”, the payload; “Connection refused”, what strerror() says) and the original
// term after a Chinese one, as Chinese technical writing gives it: 同步（synchronize）.
static const QSet<QString> kKeptWords = {
    QStringLiteral("SYN"), QStringLiteral("ACK"), QStringLiteral("FIN"), QStringLiteral("RST"),
    QStringLiteral("PSH"), QStringLiteral("URG"), QStringLiteral("ECE"), QStringLiteral("CWR"),
    QStringLiteral("Seq"), QStringLiteral("Ack"), QStringLiteral("Len"),
    QStringLiteral("seq"), QStringLiteral("ack"), QStringLiteral("len"),
    QStringLiteral("ISN"), QStringLiteral("MSS"), QStringLiteral("WS"), QStringLiteral("SACK_PERM"), QStringLiteral("SACK"),
    QStringLiteral("TS"), QStringLiteral("TSval"), QStringLiteral("PAWS"), QStringLiteral("MSL"), QStringLiteral("TCP"),
    QStringLiteral("CLOSED"), QStringLiteral("LISTEN"), QStringLiteral("SYN_SENT"), QStringLiteral("SYN_RCVD"),
    QStringLiteral("ESTABLISHED"), QStringLiteral("FIN_WAIT_1"), QStringLiteral("FIN_WAIT_2"),
    QStringLiteral("CLOSING"), QStringLiteral("TIME_WAIT"), QStringLiteral("CLOSE_WAIT"), QStringLiteral("LAST_ACK"),
    QStringLiteral("ms"), QStringLiteral("KiB"),
    QStringLiteral("backlog"), // listen()'s parameter, by its name in the manual and the textbooks
    QStringLiteral("Linux"),   // "Linux waits a fixed 60 s": what the numbers are measured on
};
// The details panel names the lower layers' fields too.
static const QSet<QString> kKeptInDetails = {
    QStringLiteral("IP"), QStringLiteral("IPv4"), QStringLiteral("IHL"), QStringLiteral("TTL"),
    QStringLiteral("DF"), QStringLiteral("DSCP"), QStringLiteral("ECN"), QStringLiteral("Not-ECT"),
    QStringLiteral("MTU"), QStringLiteral("MAC"), QStringLiteral("II"), QStringLiteral("EN10MB"), QStringLiteral("lo"),
    QStringLiteral("libpcap"), QStringLiteral("RFC"), QStringLiteral("AE"), QStringLiteral("NOP"), QStringLiteral("TSecr"),
};

static QStringList englishWords(const QString &text, const QSet<QString> &alsoKept = {})
{
    static const QSet<QString> calls = {
        QStringLiteral("socket"), QStringLiteral("bind"), QStringLiteral("listen"), QStringLiteral("connect"),
        QStringLiteral("accept"), QStringLiteral("send"), QStringLiteral("recv"), QStringLiteral("read"),
        QStringLiteral("close"), QStringLiteral("shutdown"),
    };
    static const QRegularExpression notWords(QStringLiteral(
        R"(0x[0-9A-Fa-f]+|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}|“[^”]*”|(?<=[\x{3400}-\x{9fff}])（[A-Za-z][A-Za-z -]*）)"));
    static const QRegularExpression token(QStringLiteral(R"([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)"));
    static const QRegularExpression errnoName(QStringLiteral(R"(^E[A-Z]{4,}$)"));
    QString t = text;
    t.replace(notWords, QStringLiteral(" "));
    QStringList found;
    for (auto it = token.globalMatch(t); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString word = m.captured();
        if (std::count_if(word.begin(), word.end(), [](QChar c) { return c.isLetter(); }) < 2)
            continue;
        if (kKeptWords.contains(word) || alsoKept.contains(word) || errnoName.match(word).hasMatch())
            continue;
        if (calls.contains(word) && t.mid(m.capturedEnd()).startsWith(QLatin1Char('(')))
            continue;
        found << word;
    }
    return found;
}

static bool hasCjk(const QString &text)
{
    static const QRegularExpression cjk(QStringLiteral("[\\x{3000}-\\x{303f}\\x{3400}-\\x{9fff}\\x{ff00}-\\x{ffef}]"));
    return cjk.match(text).hasMatch();
}

// Every text the ladder draws, each with where it is.
static QList<std::pair<QString, QString>> ladderTexts(const LadderGeometry &g)
{
    QList<std::pair<QString, QString>> t;
    t << std::pair{QStringLiteral("title"), g.title.text} << std::pair{QStringLiteral("gutter title"), g.gutterTitle.text}
      << std::pair{QStringLiteral("empty"), g.emptyText.text};
    for (const LadderLegendItem &item : g.legend)
        t << std::pair{QStringLiteral("legend"), item.text.text};
    for (const LadderHeader *h : {&g.client, &g.server})
        t << std::pair{QStringLiteral("header"), h->role} << std::pair{QStringLiteral("header"), h->text}
          << std::pair{QStringLiteral("header"), h->roleText.text} << std::pair{QStringLiteral("header"), h->endpointText.text};
    for (const LadderStateBox &box : g.initialStates)
        t << std::pair{QStringLiteral("initial state"), box.text.text};
    for (size_t i = 0; i < g.rows.size(); ++i) {
        const LadderRow &r = g.rows[i];
        const QString where = QStringLiteral("row %1 ").arg(i);
        t << std::pair{where + QStringLiteral("time"), r.gap.text};
        if (r.isCall) {
            t << std::pair{where + QStringLiteral("call"), r.call.text.text}
              << std::pair{where + QStringLiteral("call detail"), r.call.detail.text};
            continue;
        }
        t << std::pair{where + QStringLiteral("label"), r.label.text} << std::pair{where + QStringLiteral("numbers"), r.numbers.text}
          << std::pair{where + QStringLiteral("note"), r.note.text} << std::pair{where + QStringLiteral("note"), r.noteContinued.text};
        for (const LadderStateBox &box : r.states)
            t << std::pair{where + QStringLiteral("state"), box.text.text};
    }
    return t;
}

static QList<std::pair<QString, QString>> explanationTexts(const StepExplanation &e)
{
    QList<std::pair<QString, QString>> t{{QStringLiteral("explanation title"), e.title},
                                         {QStringLiteral("explanation subtitle"), e.subtitle}};
    for (const QStringList *list : {&e.paragraphs, &e.points, &e.arithmetic})
        for (const QString &line : *list)
            t << std::pair{QStringLiteral("explanation"), line};
    return t;
}

static QList<std::pair<QString, QString>> connectionListTexts(const ConnectionList *list)
{
    QList<std::pair<QString, QString>> t;
    const QComboBox *combo = list->comboBox();
    for (int i = 0; i < combo->count(); ++i)
        t << std::pair{QStringLiteral("connection list"), combo->itemText(i)}
          << std::pair{QStringLiteral("connection list tooltip"), combo->itemData(i, Qt::ToolTipRole).toString()};
    return t;
}

static void addItems(QList<std::pair<QString, QString>> &t, const QTreeWidgetItem *item)
{
    for (int c = 0; c < item->columnCount(); ++c)
        t << std::pair{QStringLiteral("details field"), item->text(c)};
    for (int i = 0; i < item->childCount(); ++i)
        addItems(t, item->child(i));
}

static QList<std::pair<QString, QString>> detailsTexts(const DetailsPanel *panel)
{
    QList<std::pair<QString, QString>> t{{QStringLiteral("details headline"), panel->headline()},
                                         {QStringLiteral("details error"), panel->errorText()}};
    const QTreeWidget *tree = panel->fieldView();
    for (int c = 0; c < tree->columnCount(); ++c)
        t << std::pair{QStringLiteral("details header"), tree->headerItem()->text(c)};
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        addItems(t, tree->topLevelItem(i));
    return t;
}

// "where: text [words]" for each text that still has English words in it.
static QStringList untranslated(const QList<std::pair<QString, QString>> &texts, const QSet<QString> &alsoKept = {})
{
    QStringList bad;
    for (const auto &[where, text] : texts)
        if (const QStringList words = englishWords(text, alsoKept); !words.isEmpty())
            bad << QStringLiteral("%1: \"%2\" [%3]").arg(where, text, words.join(u' '));
    return bad;
}

// True when `bad` is empty; otherwise prints every offending text (a QVERIFY2 message is cut short).
static bool noneLeft(const QStringList &bad)
{
    for (const QString &line : bad)
        qWarning("untranslated: %s", qPrintable(line));
    return bad.isEmpty();
}

// The texts an SVG shows (<text>, and its <title> and <desc>).
static QStringList svgTexts(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {QStringLiteral("<cannot read %1>").arg(path)};
    QStringList texts;
    QXmlStreamReader xml(&f);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("text") || name == QLatin1String("title") || name == QLatin1String("desc"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    return texts;
}

static QString fileText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A connection shown a few steps in, then Chinese at run time: every word of the ladder, the
// explanation, the connection list and an arrow's details is said again in Chinese, with no
// English left but protocol tokens. Exports: pictures follow the language; .txt and .json are
// English for programs, whatever the language.
void TestMainWindow::languageSwitchRerendersEverything()
{
    Session session;
    MainWindow window(&session.timeline());
    window.resize(1400, 860);
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(&session, &Session::captureFinished);
    session.openSample();
    QVERIFY(finished.wait(10000));
    LadderView *ladder = window.ladderView();
    ladder->refreshNow();
    QVERIFY(!session.timeline().connections().empty());
    const uint32_t id = session.timeline().connections()[0].id;
    window.connectionList()->choose(id);
    ladder->refreshNow();
    QTRY_COMPARE(ladder->shownConnection(), id);
    QTRY_VERIFY(window.stepper()->rowCount() >= 10);
    for (int i = 0; i < 5; ++i)
        window.stepper()->forward();
    QCOMPARE(window.stepper()->currentRow(), 5);
    QVERIFY2(!hasCjk(ladder->ladderGeometry().title.text), qPrintable(ladder->ladderGeometry().title.text));
    // An arrow's details, open before the switch (the click makes it the current step).
    const int synAck = [&] {
        const LadderGeometry &g = ladder->ladderGeometry();
        for (size_t i = 0; i < g.rows.size(); ++i)
            if (!g.rows[i].isCall && g.rows[i].label.text == QLatin1String("SYN, ACK"))
                return int(i);
        return -1;
    }();
    QVERIFY(synAck >= 0);
    DetailsPanel *details = window.detailsPanel();
    Q_EMIT ladder->rowClicked(synAck);
    QTRY_VERIFY_WITH_TIMEOUT(!details->isLoading() && details->details().frame != 0, 5000);
    QVERIFY2(details->headline().startsWith(QLatin1String("Frame ")), qPrintable(details->headline()));
    const int current = window.stepper()->currentRow();
    QCOMPARE(current, synAck);
    const QString englishExplanation = window.explanationPanel()->explanation().title;
    QVERIFY2(englishExplanation.startsWith(QLatin1String("SYN+ACK")) && !hasCjk(englishExplanation),
             qPrintable(englishExplanation));

    Q_EMIT window.languageRequested(QStringLiteral("zh"));
    // The tests after this one expect English, whatever happens here.
    const auto backToEnglish = qScopeGuard([&window] { Q_EMIT window.languageRequested(QStringLiteral("en")); });
    QTRY_VERIFY2(hasCjk(ladder->ladderGeometry().title.text), qPrintable(ladder->ladderGeometry().title.text));
    QCOMPARE(window.stepper()->currentRow(), current); // the switch keeps the place
    QCOMPARE(ladder->ladderGeometry().rows.size(), size_t(window.stepper()->rowCount()));

    QStringList bad = untranslated(ladderTexts(ladder->ladderGeometry()));
    QVERIFY2(noneLeft(bad), "English words left (listed above)");
    QVERIFY2(hasCjk(window.explanationPanel()->explanation().title), qPrintable(window.explanationPanel()->explanation().title));
    bad = untranslated(explanationTexts(window.explanationPanel()->explanation()));
    QVERIFY2(noneLeft(bad), "English words left (listed above)");
    bad = untranslated(connectionListTexts(window.connectionList()));
    QVERIFY2(noneLeft(bad), "English words left (listed above)");

    // The details that were open: their words are made when the frame is read, so the panel
    // reads it again.
    QTRY_VERIFY_WITH_TIMEOUT(!details->isLoading() && details->details().frame != 0
                                 && hasCjk(details->headline()), 5000);
    bad = untranslated(detailsTexts(details), kKeptInDetails);
    QVERIFY2(noneLeft(bad), "English words left in the details (listed above)");

    // Every step's explanation, and every arrow's details, in Chinese (each offending text once).
    QStringList badSteps;
    for (int row = 0; row < window.stepper()->rowCount(); ++row) {
        window.stepper()->goTo(row);
        badSteps << untranslated(explanationTexts(window.explanationPanel()->explanation()));
        const LadderRow &r = ladder->ladderGeometry().rows[size_t(row)];
        if (r.isCall)
            continue;
        const uint32_t frame = session.frameRequest(r.step.index).segment.frame;
        Q_EMIT ladder->rowClicked(row);
        QTRY_VERIFY_WITH_TIMEOUT(!details->isLoading() && details->details().frame == frame, 5000);
        QVERIFY2(hasCjk(details->headline()), qPrintable(details->headline()));
        badSteps << untranslated(detailsTexts(details), kKeptInDetails);
    }
    badSteps.removeDuplicates();
    QVERIFY2(noneLeft(badSteps), "English words left (listed above)");
    window.stepper()->goTo(current);

    // Back to English: the exports of the ladder shown hold no Chinese.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ExportOptions options;
    options.connection = ladder->shownConnection();
    options.relativeNumbers = ladder->relativeNumbers();
    auto exportAs = [&](const QString &name) {
        const QString path = dir.filePath(name);
        QString error;
        if (!session.exportTo(path, &error, options))
            qWarning("export %s: %s", qPrintable(path), qPrintable(error));
        return path;
    };
    Q_EMIT window.languageRequested(QStringLiteral("en"));
    QTRY_VERIFY(!hasCjk(ladder->ladderGeometry().title.text));
    for (const QString &name : {QStringLiteral("en.svg"), QStringLiteral("en.txt")}) {
        const QString text = fileText(exportAs(name));
        QVERIFY2(!text.isEmpty(), qPrintable(name));
        QVERIFY2(!hasCjk(text), qPrintable(name + QLatin1Char('\n') + text.left(2000)));
    }

    // And in Chinese: the picture speaks Chinese, the files for programs stay English.
    Q_EMIT window.languageRequested(QStringLiteral("zh"));
    QTRY_VERIFY(hasCjk(ladder->ladderGeometry().title.text));
    const QStringList svg = svgTexts(exportAs(QStringLiteral("zh.svg")));
    QVERIFY(svg.size() > 20);
    QVERIFY2(hasCjk(svg.join(u' ')), qPrintable(svg.join(u'|')));
    QList<std::pair<QString, QString>> svgLabelled;
    for (const QString &text : svg)
        svgLabelled << std::pair{QStringLiteral("zh.svg"), text};
    bad = untranslated(svgLabelled, {QStringLiteral("handshake-viz")}); // <desc>: drawn by the program, by its name
    QVERIFY2(noneLeft(bad), "English words left (listed above)");
    for (const QString &name : {QStringLiteral("zh.txt"), QStringLiteral("zh.json")}) {
        const QString text = fileText(exportAs(name));
        QVERIFY2(!text.isEmpty(), qPrintable(name));
        QVERIFY2(!hasCjk(text), qPrintable(name + QLatin1Char('\n') + text.left(2000)));
    }
}

// Ctrl++ / Ctrl+- / Ctrl+0 on the window, whichever child has the focus (here the client's
// input box): the ladder and the explanation under it grow together; zoomed out, only the ladder
// shrinks (the explanation stays at its normal size).
void TestMainWindow::zoomKeysGrowLadderAndExplanation()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.clientPane()->inputEdit()->setFocus();
    LadderView *ladder = window.ladderView();
    ExplanationPanel *explanation = window.explanationPanel();
    const qreal ladderPx = ladder->ladderGeometry().fonts.label.pixelSize();
    const qreal textPt = explanation->font().pointSizeF() > 0 ? explanation->font().pointSizeF()
                                                               : explanation->font().pixelSize();
    auto textSize = [&] {
        return explanation->font().pointSizeF() > 0 ? explanation->font().pointSizeF() : explanation->font().pixelSize();
    };

    QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY2(ladder->zoom() > 1.2, qPrintable(QString::number(ladder->zoom())));
    QCOMPARE(explanation->zoom(), ladder->zoom());
    QVERIFY(textSize() > textPt);
    QVERIFY(ladder->ladderGeometry().fonts.label.pixelSize() > ladderPx);
    QCOMPARE(window.clientPane()->inputEdit()->text(), QString()); // nothing typed into the box

    QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(ladder->zoom(), 1.0);
    QCOMPARE(explanation->zoom(), 1.0);
    QCOMPARE(textSize(), textPt);
    // Zoomed out, the ladder shows more of itself; its prose stays readable, at the normal size.
    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(ladder->zoom() < 1.0);
    QVERIFY(ladder->ladderGeometry().fonts.label.pixelSize() < ladderPx);
    QCOMPARE(textSize(), textPt);
}

// The server goes away while the client's user is typing: the keystrokes stay in the client's
// box (it is never disabled, so the focus does not jump to the server's address field, where
// Enter would try to start a server), and Enter says why nothing was sent.
void TestMainWindow::typingAfterThePeerLeftIsKept()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    const quint16 port = hvtest::freePort();
    server->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(server->mainButton(), Qt::LeftButton);
    QVERIFY(session.server().isListening());
    client->setEndpoint(QStringLiteral("127.0.0.1"), port);
    QTest::mouseClick(client->mainButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(client->mainButton()->text(), ChatPane::tr("Disconnect"), 5000);
    client->inputEdit()->setFocus();
    QTest::keyClicks(client->inputEdit(), QStringLiteral("are you "));

    QTest::mouseClick(server->mainButton(), Qt::LeftButton); // the server stops: the peer is gone
    QTRY_COMPARE_WITH_TIMEOUT(client->mainButton()->text(), ChatPane::tr("Connect"), 5000);
    QVERIFY(client->inputEdit()->isEnabled());
    QVERIFY(!client->sendButton()->isEnabled());
    client->inputEdit()->setFocus(); // where the user's focus was
    QTest::keyClicks(client->inputEdit(), QStringLiteral("there?"));
    QTest::keyClick(client->inputEdit(), Qt::Key_Return);
    QCOMPARE(client->inputEdit()->text(), QStringLiteral("are you there?"));
    QLabel *problem = client->findChild<QLabel *>(QStringLiteral("inputProblem")); // under the input
    QVERIFY(problem && problem->isVisibleTo(&window));
    QVERIFY2(problem->text().contains(QLatin1String("Not connected")), qPrintable(problem->text()));
    QCOMPARE(server->host(), QStringLiteral("127.0.0.1")); // nothing landed in the server's fields
    QVERIFY(!session.server().isListening());
}

// A 1024×768 projector (the offscreen screen is smaller still): the window fits the screen, and
// the ladder gets more room than either chat pane (no long check box label widens the server's).
void TestMainWindow::fitsASmallScreen()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QSize room = window.screen()->availableGeometry().size();
    QVERIFY2(room.width() < 1400, "the offscreen screen is expected to be small");
    QVERIFY2(window.width() <= room.width() && window.height() <= room.height(),
             qPrintable(QStringLiteral("%1x%2 on %3x%4").arg(window.width()).arg(window.height()).arg(room.width()).arg(room.height())));
    // The ladder's place (the start page stands in it until something happens).
    const QWidget *place = window.ladderView()->parentWidget();
    QVERIFY(place->width() > window.serverPane()->width());
    QVERIFY(place->width() > window.clientPane()->width());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
