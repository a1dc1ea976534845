#include "GuiWiring.h"

#include "Language.h"

#include "ChatPane.h"
#include "DetailsPanel.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "MessageText.h"
#include "Session.h"
#include "Stepper.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace hv {

namespace {

bool saveScreenshot(QWidget &window, const QString &path)
{
    if (window.grab().save(path))
        return true;
    std::fprintf(stderr, "handshake-viz: cannot write %s: saving the screenshot failed\n", qUtf8Printable(path));
    return false;
}

// A screenshot shows the whole ladder: every step revealed, the last arrow landed.
void screenshotWhenLanded(QApplication &app, MainWindow &window, const QString &path)
{
    window.stepper()->last();
    QTimer::singleShot(Stepper::kFlightMs + 200, &window, [&app, &window, path] {
        app.exit(saveScreenshot(window, path) ? 0 : 1);
    });
}

} // namespace

void setLanguage(const QString &code)
{
    installLanguage(code);
    // Installing or removing a translator posts LanguageChange to every widget, which retranslates
    // itself; send it now so the switch is visible at once.
    QEvent change(QEvent::LanguageChange);
    for (QWidget *w : QApplication::topLevelWidgets())
        QCoreApplication::sendEvent(w, &change);
}

void wireWindow(Session &session, MainWindow &window)
{
    ChatPane *server = window.serverPane();
    ChatPane *client = window.clientPane();
    Session *s = &session;

    QObject::connect(server, &ChatPane::startRequested, s, [s, server](const QString &host, quint16 port) {
        QString error;
        if (!s->startServer(host, port, &error))
            server->showProblem(error);
    });
    QObject::connect(server, &ChatPane::stopRequested, s, &Session::stopServer);
    QObject::connect(server, &ChatPane::holdAcceptChanged, &session.server(), &ChatServer::setAcceptPaused);
    QObject::connect(server, &ChatPane::sendRequested, s, [s, server](const QString &text) {
        if (s->serverSend(text)) {
            server->appendSent(text, text.toUtf8().size());
            server->clearInput();
        }
    });
    QObject::connect(&session.server(), &ChatServer::listeningChanged, server, [s, server](bool on) {
        server->setActive(on);
        if (on) {
            server->setEndpoint(s->server().address().toString(), s->server().port());
            server->appendEvent(QObject::tr("listening on %1").arg(endpointText(s->server().address(), s->server().port())));
        } else {
            server->appendEvent(QObject::tr("stopped listening"));
        }
    });
    QObject::connect(&session.server(), &ChatServer::peerConnected, server,
                     [server](const QString &peer) { server->appendEvent(QObject::tr("accepted %1").arg(peer)); });
    QObject::connect(&session.server(), &ChatServer::peerDisconnected, server,
                     [server](const QString &peer) { server->appendEvent(QObject::tr("%1 closed").arg(peer)); });
    QObject::connect(&session.server(), &ChatServer::messageReceived, server,
                     [server](const QString &peer, const QByteArray &bytes) {
                         const MessageText m = messageText(bytes);
                         server->appendReceived(peer, m.text, messageNote(bytes, m));
                     });
    QObject::connect(&session.server(), &ChatServer::problem, server, &ChatPane::showProblem);

    QObject::connect(client, &ChatPane::startRequested, s, [s, client](const QString &host, quint16 port) {
        client->setBusy(true);
        s->connectClient(host, port);
    });
    QObject::connect(client, &ChatPane::stopRequested, s, [s, client] {
        s->disconnectClient();
        client->setActive(false);
    });
    QObject::connect(client, &ChatPane::sendRequested, s, [s, client](const QString &text) {
        if (s->clientSend(text)) {
            client->appendSent(text, text.toUtf8().size());
            client->clearInput(); // only once it is on its way: a failed send keeps what was typed
        }
    });
    QObject::connect(&session.client(), &ChatClient::connected, client, [s, client] {
        client->setActive(true);
        client->appendEvent(QObject::tr("connected %1 → %2").arg(s->client().localEndpoint(), s->client().peerEndpoint()));
    });
    QObject::connect(&session.client(), &ChatClient::disconnected, client, [client] {
        client->setActive(false);
        client->appendEvent(QObject::tr("disconnected"));
    });
    QObject::connect(&session.client(), &ChatClient::messageReceived, client, [client](const QByteArray &bytes) {
        const MessageText m = messageText(bytes);
        client->appendReceived(QObject::tr("server"), m.text, messageNote(bytes, m));
    });
    QObject::connect(&session.client(), &ChatClient::problem, client, [client](const QString &message) {
        client->setActive(false);
        client->showProblem(message);
    });

    QObject::connect(&window, &MainWindow::openRequested, s, &Session::openFile);
    QObject::connect(&window, &MainWindow::sampleRequested, s, &Session::openSample);
    QObject::connect(&window, &MainWindow::exportRequested, s, [s, w = &window](const QString &path) {
        // What is on screen: the connection shown (or all of them) with its kind of numbers.
        const LadderView *ladder = w->ladderView();
        ExportOptions options;
        options.connection = ladder->showsAll() ? 0 : ladder->shownConnection();
        options.relativeNumbers = ladder->relativeNumbers();
        QString error;
        if (s->exportTo(path, &error, options))
            w->showStatus(QObject::tr("Exported %1").arg(QFileInfo(path).fileName()));
        else
            QMessageBox::warning(w, QObject::tr("Export failed"), error);
    });
    QObject::connect(&window, &MainWindow::languageRequested, &window, &setLanguage);
    QObject::connect(s, &Session::status, &window, &MainWindow::showStatus);
    QObject::connect(s, &Session::problem, &window, &MainWindow::showProblem);

    // Click an arrow: its frame's header fields and bytes, read from the capture's raw file.
    QObject::connect(window.ladderView(), &LadderView::rowClicked, &window, [s, w = &window](int row) {
        const LadderGeometry &g = w->ladderView()->ladderGeometry();
        if (row < 0 || size_t(row) >= g.rows.size() || g.rows[size_t(row)].step.kind != TimelineStep::Kind::Segment)
            return;
        w->showDetails(s->frameRequest(g.rows[size_t(row)].step.index));
        // The dock takes room from the ladder: keep the clicked arrow in sight once it is laid out.
        QTimer::singleShot(0, w->ladderView(), [l = w->ladderView(), row] {
            if (row < l->rowCount())
                l->scrollToRow(row);
        });
    });
    // Another capture file empties the timeline: the details shown belong to the one before.
    QObject::connect(&session.timeline(), &Timeline::changed, &window, [s, w = &window] {
        if (s->timeline().segments().empty() && w->detailsPanel()->details().frame != 0) {
            w->detailsPanel()->clear();
            w->detailsDock()->hide();
        }
    });
}

int runWindow(QApplication &app, const Options &options)
{
    Session session;
    session.setInterface(options.interface);
    MainWindow window(&session.timeline());
    wireWindow(session, window);
    window.serverPane()->setEndpoint(options.listenHost, options.listenPort);
    window.clientPane()->setEndpoint(options.connectHost, options.connectPort ? options.connectPort : options.listenPort);
    window.show();

    if (!options.readFile.isEmpty()) {
        if (!options.screenshot.isEmpty())
            QObject::connect(&session, &Session::captureFinished, &window, [&window, &options, &app] {
                QTimer::singleShot(500, &window, [&window, &options, &app] {
                    screenshotWhenLanded(app, window, options.screenshot);
                });
            });
        session.openFile(options.readFile);
    } else if (options.demo) {
        // A hands-free run for a projector: listen, connect once capture is up, then chat.
        QString error;
        if (session.startServer(options.listenHost, options.listenPort, &error)) {
            QObject::connect(&session, &Session::liveCaptureReady, &window, [&session, &options] {
                session.connectClient(options.connectHost, options.connectPort);
            }, Qt::SingleShotConnection);
            QObject::connect(&session.client(), &ChatClient::connected, &window, [&session, &options, &window, &app] {
                const QStringList sends = options.sends.isEmpty() ? QStringList{QStringLiteral("hello")} : options.sends;
                int delay = 800;
                for (const QString &text : sends) {
                    QTimer::singleShot(delay, &window, [&window, text] {
                        window.clientPane()->inputEdit()->setText(text);
                        Q_EMIT window.clientPane()->sendRequested(text);
                    });
                    delay += 800;
                }
                // Then the client closes: the teardown is half the lesson.
                QTimer::singleShot(delay, &window, [&session] { session.disconnectClient(); });
                if (!options.screenshot.isEmpty())
                    QTimer::singleShot(delay + 1500, &window, [&window, &options, &app] {
                        screenshotWhenLanded(app, window, options.screenshot);
                    });
            }, Qt::SingleShotConnection);
        } else {
            window.serverPane()->showProblem(error);
        }
    }
    return app.exec();
}

} // namespace hv
