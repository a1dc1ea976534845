#include "CommandLine.h"
#include "ExitSignals.h"
#include "GuiWiring.h"
#include "Settings.h"
#include "Headless.h"
#include "LabNetwork.h"
#include "Lessons.h"
#include "ScratchJanitor.h"
#include "Language.h"

#include <QApplication>
#include <QGuiApplication>
#include <cerrno>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// --lang's value as typed ("" when absent or not one we speak): a command-line error is said in
// the language asked for, before the whole command line has been understood.
QString languageAsked(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        QString value;
        if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size())
            value = arguments[i + 1];
        else if (arguments[i].startsWith(QLatin1String("--lang=")))
            value = arguments[i].mid(7);
        if (value == QLatin1String("zh") || value == QLatin1String("en"))
            return value;
    }
    return {};
}

// Says on stderr, in `lang`, why the program cannot start (what `message()` makes once the
// translations are in), and returns the exit status for it.
template<typename Message>
int failBeforeStart(const QString &lang, const Message &message)
{
    int appArgc = 1;
    char name[] = "handshake-viz";
    char *appArgv[] = {name, nullptr};
    QCoreApplication app(appArgc, appArgv);
    hv::installLanguage(lang);
    std::fprintf(stderr, "handshake-viz: %s\n", qUtf8Printable(message()));
    return 2;
}

// Qt's font database warns for every installed family when a text needs a script that no font
// here has OpenType tables for: Devanagari typed in a chat with no Indic font installed gives some
// thirty lines of `OpenType support missing for "DejaVu Sans", script 11` on stderr (a plain
// qWarning of qfontdatabase.cpp), for one message, and nothing the user could act on in this program: the
// characters show as boxes, as in any other. Those lines go; every other message goes on to Qt's
// own handler as before.
QtMessageHandler qtHandler = nullptr;

void quietFontProbes(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.trimmed().startsWith(QLatin1String("OpenType support missing for")))
        return;
    if (qtHandler)
        qtHandler(type, context, message);
}

} // namespace

int main(int argc, char **argv)
{
    qtHandler = qInstallMessageHandler(quietFontProbes);
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    // Run as root (or from cron/CI) there is often no XDG_RUNTIME_DIR; Qt then warns on stderr,
    // which would garble the one-line errors scripts read. Give it the directory it would pick.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = "/tmp/runtime-" + QByteArray::number(getuid());
        if (::mkdir(dir.constData(), 0700) == 0 || errno == EEXIST)
            qputenv("XDG_RUNTIME_DIR", dir);
    }

    hv::ParseResult parsed = hv::parseCommandLine(arguments);
    if (!parsed.error.isEmpty() || parsed.exitNow) {
        // Said to a person: parsed again once the language's translations are in. The application
        // is named as --help should name it, not by the path it was started with.
        int appArgc = 1;
        char name[] = "handshake-viz";
        char *appArgv[] = {name, nullptr};
        QCoreApplication app(appArgc, appArgv);
        const QString lang = languageAsked(arguments);
        hv::installLanguage(lang.isEmpty() ? hv::defaultLanguage() : lang);
        parsed = hv::parseCommandLine(arguments);
        if (!parsed.error.isEmpty()) {
            std::fprintf(stderr, "handshake-viz: %s\n", qUtf8Printable(parsed.error));
            return 2;
        }
        std::fputs(qUtf8Printable(parsed.output), stdout);
        return 0;
    }
    const hv::Options &options = parsed.options;
    // The command line's language, else the one chosen last time (the window's Language menu),
    // else the system's.
    const QString saved = options.headless() ? QString() : hv::savedLanguage();
    const QString lang = !options.lang.isEmpty() ? options.lang : !saved.isEmpty() ? saved : hv::defaultLanguage();

    // While single-threaded: the janitor that removes the scratch folders once the program has
    // ended, however it ends (see ScratchJanitor.h).
    hv::startScratchJanitor();

    // Before any thread exists (unshare(CLONE_NEWUSER) refuses a process with more than one): the
    // host's network where this process may capture, else the lab network of its own. A file
    // exported without a window needs neither (a window on a file may go live later).
    if (!(options.headless() && !options.demo && options.lesson.isEmpty())) {
        // Drops are made in the lab: asking for one asks for the lab.
        const hv::NetworkChoice::Asked asked = options.network == QLatin1String("lab") || !options.drops.isEmpty() || !options.lab.isEmpty()
                || options.delayMs > 0 || options.rateKbit > 0
                || (!options.lesson.isEmpty() && hv::lessonInfo(*hv::lessonNamed(options.lesson)).needsLab)
                                                   ? hv::NetworkChoice::Asked::Lab
                                               : options.network == QLatin1String("host") ? hv::NetworkChoice::Asked::Host
                                                                                           : hv::NetworkChoice::Asked::Auto;
        const hv::NetworkChoice &network = hv::enterNetwork(asked);
        if (asked == hv::NetworkChoice::Asked::Lab && network.kind != hv::NetworkChoice::Kind::Lab)
            return failBeforeStart(lang, [&] {
                //: zh: --network lab：私有的实验网络不可用：%1
                return QCoreApplication::translate("CommandLine", "--network lab: the lab network is unavailable: %1")
                    .arg(QString::fromStdString(network.labRefused));
            });
        std::string twoHostsError;
        if (options.lab == QLatin1String("two-hosts") && network.kind == hv::NetworkChoice::Kind::Lab
            && !hv::makeTwoHosts(&twoHostsError))
            return failBeforeStart(lang, [&] {
                //: zh: --lab two-hosts：无法搭建两台主机：%1
                return QCoreApplication::translate("CommandLine", "--lab two-hosts: cannot make the two hosts: %1")
                    .arg(QString::fromStdString(twoHostsError));
            });
    }

    if (options.headless()) {
        // Exports never open a window and need no Widgets: fonts still render offscreen.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        QGuiApplication::setApplicationName(QStringLiteral("handshake-viz"));
        QGuiApplication::setApplicationVersion(QStringLiteral("0.1.0"));
        hv::installLanguage(lang);
        // Before the session makes its scratch folder: a kill ends the run, and the folder with it.
        hv::ExitSignals exitSignals;
        return hv::runHeadless(options);
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("handshake-viz"));
    QApplication::setApplicationDisplayName(QStringLiteral("Handshake Visualizer"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    hv::setLanguage(lang);
    // SIGTERM, Ctrl+C, SIGHUP: as if the window were closed (exit status 0), with every
    // destructor run; a second one while closing ends the program at once.
    hv::ExitSignals exitSignals;
    QObject::connect(&exitSignals, &hv::ExitSignals::requested, &app, [] { QCoreApplication::exit(0); });
    return hv::runWindow(app, options);
}
