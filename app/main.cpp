#include "CommandLine.h"
#include "GuiWiring.h"
#include "Headless.h"

#include <QApplication>
#include <cerrno>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>


int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const hv::ParseResult parsed = hv::parseCommandLine(arguments);
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "handshake-viz: %s\n", qUtf8Printable(parsed.error));
        return 2;
    }
    if (parsed.exitNow) {
        std::fputs(qUtf8Printable(parsed.output), stdout);
        return 0;
    }
    const hv::Options &options = parsed.options;
    // Exports never open a window; fonts still render through the offscreen platform.
    if (options.headless() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    // Run as root (or from cron/CI) there is often no XDG_RUNTIME_DIR; Qt then warns on stderr,
    // which would garble the one-line errors scripts read. Give it the directory it would pick.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = "/tmp/runtime-" + QByteArray::number(getuid());
        if (::mkdir(dir.constData(), 0700) == 0 || errno == EEXIST)
            qputenv("XDG_RUNTIME_DIR", dir);
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("handshake-viz"));
    QApplication::setApplicationDisplayName(QStringLiteral("Handshake Visualizer"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    hv::setLanguage(options.lang.isEmpty() ? hv::defaultLanguage() : options.lang);

    if (options.headless())
        return hv::runHeadless(options);
    return hv::runWindow(app, options);
}
