// Presentation mode through the real window on two screens of its own (the offscreen platform
// given a 1024×768 projector and a 1920×1080 one): full screen on each, nothing outside it, no
// label or button narrower than its text at zoom 100 % to 250 %, Page Up / Page Down stepping even
// with a chat box focused, B blanking the screen, Esc leaving.
#include "ChatInput.h"
#include "ChatPane.h"
#include "ExplanationPanel.h"
#include "GuiWiring.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "Session.h"
#include "StepBar.h"
#include "Stepper.h"
#include "TestSupport.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QToolButton>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QWindow>

using namespace hv;

namespace {
QScreen *screenOf(QSize size);
}

class TestPresent : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fitsTheProjector_data();
    void fitsTheProjector();
    void presenterKeys();
};

void TestPresent::initTestCase()
{
    QCOMPARE(QGuiApplication::screens().size(), 2);
    QVERIFY(screenOf(QSize(1024, 768)));
    QVERIFY(screenOf(QSize(1920, 1080)));
}

namespace {

QScreen *screenOf(QSize size)
{
    for (QScreen *s : QGuiApplication::screens())
        if (s->geometry().size() == size)
            return s;
    return nullptr;
}

bool insideScrollArea(const QWidget *w)
{
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget())
        if (auto *area = qobject_cast<const QAbstractScrollArea *>(p->parentWidget()); area && area->viewport() == p)
            return true;
    return false;
}

// What is shown of a text with mnemonics: "&Connection:" is "Connection:", "&&" one '&'.
QString shown(QString text)
{
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}

// A label whose text is wider than it (a single line), or taller (wrapped), or a button whose
// text does not fit: what a student would see cut.
QStringList cutWidgets(QWidget *root)
{
    QStringList cut;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisible() || w->width() <= 0)
            continue;
        if (auto *l = qobject_cast<QLabel *>(w)) {
            if (l->text().isEmpty() || l->textFormat() == Qt::RichText || !l->pixmap().isNull())
                continue;
            const QRect box = l->contentsRect();
            if (l->wordWrap()) {
                if (l->heightForWidth(box.width()) > box.height() + 2)
                    cut << QStringLiteral("label %1 '%2': needs %3 px of height, has %4")
                               .arg(l->objectName(), l->text().left(40)).arg(l->heightForWidth(box.width())).arg(box.height());
            } else if (l->fontMetrics().horizontalAdvance(shown(l->text())) > box.width() + 1) {
                cut << QStringLiteral("label %1 '%2': %3 px wide in %4").arg(l->objectName(), l->text().left(40))
                           .arg(l->fontMetrics().horizontalAdvance(shown(l->text()))).arg(box.width());
            }
        } else if (auto *b = qobject_cast<QAbstractButton *>(w)) {
            auto *tool = qobject_cast<QToolButton *>(b);
            if (tool && (tool->toolButtonStyle() == Qt::ToolButtonIconOnly || (tool->toolButtonStyle() == Qt::ToolButtonFollowStyle && !tool->icon().isNull())))
                continue; // its text is its tooltip
            if (!b->text().isEmpty() && b->fontMetrics().horizontalAdvance(shown(b->text())) > b->width())
                cut << QStringLiteral("button %1 '%2': %3 wide").arg(b->objectName(), b->text()).arg(b->width());
        }
    }
    return cut;
}

} // namespace

void TestPresent::fitsTheProjector_data()
{
    QTest::addColumn<QSize>("screen");
    QTest::addColumn<QString>("lang");
    QTest::newRow("1024x768 zh") << QSize(1024, 768) << QStringLiteral("zh");
    QTest::newRow("1024x768 en") << QSize(1024, 768) << QStringLiteral("en");
    QTest::newRow("1920x1080 zh") << QSize(1920, 1080) << QStringLiteral("zh");
    QTest::newRow("1920x1080 en") << QSize(1920, 1080) << QStringLiteral("en");
}

void TestPresent::fitsTheProjector()
{
    QFETCH(QSize, screen);
    QFETCH(QString, lang);
    setLanguage(lang);
    QScreen *s = screenOf(screen);
    QVERIFY(s);
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.setGeometry(QRect(s->geometry().topLeft() + QPoint(10, 10), QSize(800, 600)));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(&session, &Session::captureFinished);
    session.openFile(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"));
    QVERIFY(finished.wait(10000));
    window.ladderView()->refreshNow();
    window.setPresenting(true);
    QTRY_COMPARE(window.screen(), s);
    QTRY_COMPARE(window.geometry(), s->geometry());
    QVERIFY(!window.clientPane()->isVisible() && !window.serverPane()->isVisible());
    QVERIFY(!window.menuBar()->isVisible());
    QVERIFY(window.ladderView()->spotlight());
    QCOMPARE(window.ladderView()->theme(), LadderTheme::HighContrast);
    QVERIFY(window.ladderView()->zoom() >= 1.0);
    for (qreal zoom : {1.0, 1.5, 2.0, 2.5}) {
        window.ladderView()->setZoom(zoom);
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(&window, Qt::Key_PageDown);
        QApplication::processEvents();
        // Nothing outside the screen (what scrolls inside a scroll area is that area's business).
        for (QWidget *w : window.findChildren<QWidget *>()) {
            if (!w->isVisible() || w->isWindow() || insideScrollArea(w))
                continue;
            const QRect global(w->mapToGlobal(QPoint(0, 0)), w->size());
            QVERIFY2(s->geometry().contains(global),
                     qPrintable(QStringLiteral("%1 %2 at %3,%4 %5x%6").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())
                                    .arg(global.x()).arg(global.y()).arg(global.width()).arg(global.height())));
        }
        const QStringList cut = cutWidgets(&window);
        QVERIFY2(cut.isEmpty(), qPrintable(QStringLiteral("zoom %1: ").arg(zoom) + cut.join(QStringLiteral("; "))));
    }
    // Esc leaves: the chats and menus again, the first zoom and theme.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.isPresenting());
    QVERIFY(window.clientPane()->isVisible() && window.menuBar()->isVisible());
    QCOMPARE(window.ladderView()->theme(), LadderTheme::Light);
    QVERIFY(!window.ladderView()->spotlight());
    setLanguage(QStringLiteral("en"));
}

void TestPresent::presenterKeys()
{
    Session session;
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy finished(&session, &Session::captureFinished);
    session.openFile(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"));
    QVERIFY(finished.wait(10000));
    window.ladderView()->refreshNow();
    Stepper *stepper = window.stepper();
    QCOMPARE(stepper->currentRow(), 0);
    // A chat box has the focus: Page Down still steps (a presenter remote), the arrows do not.
    ChatInput *input = window.clientPane()->inputEdit();
    input->setEnabled(true);
    input->setFocus();
    QVERIFY(input->hasFocus());
    QTest::keyClick(input, Qt::Key_PageDown);
    QTest::keyClick(input, Qt::Key_PageDown);
    QCOMPARE(stepper->currentRow(), 2);
    QTest::keyClick(input, Qt::Key_PageUp);
    QCOMPARE(stepper->currentRow(), 1);
    QTest::keyClick(input, Qt::Key_Right);
    QCOMPARE(stepper->currentRow(), 1);
    // F11: presenting; B blanks the screen and brings it back; '.' too; Esc leaves.
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.isPresenting());
    QWidget *black = window.findChild<QWidget *>(QStringLiteral("blackScreen"));
    QVERIFY(black && !black->isVisible());
    QTest::keyClick(&window, Qt::Key_B);
    QVERIFY(black->isVisible());
    QCOMPARE(black->geometry(), window.rect());
    QTest::keyClick(&window, Qt::Key_Period);
    QVERIFY(!black->isVisible());
    QTest::keyClick(window.ladderView(), Qt::Key_PageDown);
    QCOMPARE(stepper->currentRow(), 2);
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.isPresenting());
    QTest::keyClick(&window, Qt::Key_B); // B does nothing when not presenting
    QVERIFY(!black->isVisible());
}

int main(int argc, char **argv)
{
    // Two screens: a 1024×768 projector and a 1920×1080 one (Qt's offscreen platform reads them
    // from a JSON file).
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screens.json"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly))
        return 2;
    f.write(R"({"screens": [
        {"name": "projector", "x": 0, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "hd", "x": 1024, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
    f.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestPresent test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_present.moc"
