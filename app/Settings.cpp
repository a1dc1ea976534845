#include "Settings.h"

#include "CommandLine.h"
#include "ChatPane.h"
#include "CallText.h"
#include "Language.h"
#include "LadderView.h"
#include "MainWindow.h"

#include <QAction>
#include <QFileInfo>
#include <QSettings>

namespace hv {

namespace {

QSettings &store()
{
    static QSettings settings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("handshake-viz"), QStringLiteral("handshake-viz"));
    return settings;
}

} // namespace

QString savedLanguage()
{
    const QString code = store().value(QStringLiteral("language")).toString();
    return code == u"zh" || code == u"en" ? code : QString();
}

void restoreSettings(MainWindow &window, const Options &options)
{
    QSettings &s = store();
    if (s.contains(QStringLiteral("window/geometry")))
        window.restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (s.contains(QStringLiteral("window/splitters")))
        window.restoreSplitterState(s.value(QStringLiteral("window/splitters")).toByteArray());
    if (s.contains(QStringLiteral("view/zoom")))
        window.ladderView()->setZoom(s.value(QStringLiteral("view/zoom")).toReal());
    if (s.contains(QStringLiteral("view/relative")))
        window.relativeAction()->setChecked(s.value(QStringLiteral("view/relative")).toBool());
    const int naming = s.value(QStringLiteral("view/stateNames"), -1).toInt();
    if (naming >= 0 && naming <= int(StateNaming::LinuxSs))
        window.setStateNamingShown(StateNaming(naming));
    const int theme = s.value(QStringLiteral("view/theme"), -1).toInt();
    if (theme >= 0 && theme <= int(LadderTheme::Dark))
        window.setTheme(LadderTheme(theme));
    window.setLastFolder(s.value(QStringLiteral("files/lastFolder")).toString());
    window.serverPane()->setEndsMessagesWithNewline(s.value(QStringLiteral("server/newline"), true).toBool());
    window.clientPane()->setEndsMessagesWithNewline(s.value(QStringLiteral("client/newline"), true).toBool());
    window.setRecentFiles(recentFiles());
    // The command line's addresses win; the saved ones are the defaults' replacement.
    if (!options.listenGiven && s.contains(QStringLiteral("server/host")))
        window.serverPane()->setEndpoint(s.value(QStringLiteral("server/host")).toString(),
                                         quint16(s.value(QStringLiteral("server/port")).toUInt()));
    if (!options.connectGiven && !options.listenGiven && s.contains(QStringLiteral("client/host")))
        window.clientPane()->setEndpoint(s.value(QStringLiteral("client/host")).toString(),
                                         quint16(s.value(QStringLiteral("client/port")).toUInt()));
}

void saveSettings(const MainWindow &window)
{
    QSettings &s = store();
    s.setValue(QStringLiteral("language"), currentLanguage());
    if (!window.isPresenting()) // a full-screen presentation is not the window's place
        s.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    s.setValue(QStringLiteral("window/splitters"), window.splitterState());
    s.setValue(QStringLiteral("view/zoom"), window.isPresenting() ? s.value(QStringLiteral("view/zoom"), 1.0).toReal()
                                                                  : window.ladderView()->zoom());
    s.setValue(QStringLiteral("view/relative"), window.relativeAction()->isChecked());
    s.setValue(QStringLiteral("view/stateNames"), int(window.stateNamingShown()));
    s.setValue(QStringLiteral("view/theme"), int(window.theme()));
    s.setValue(QStringLiteral("files/lastFolder"), window.lastFolder());
    s.setValue(QStringLiteral("server/host"), window.serverPane()->host());
    s.setValue(QStringLiteral("server/port"), window.serverPane()->port());
    s.setValue(QStringLiteral("client/host"), window.clientPane()->host());
    s.setValue(QStringLiteral("client/port"), window.clientPane()->port());
    s.setValue(QStringLiteral("server/newline"), window.serverPane()->endsMessagesWithNewline());
    s.setValue(QStringLiteral("client/newline"), window.clientPane()->endsMessagesWithNewline());
    s.sync();
}

QStringList recentFiles()
{
    QStringList out;
    for (const QString &p : store().value(QStringLiteral("files/recent")).toStringList())
        if (QFileInfo::exists(p) && !out.contains(p))
            out << p;
    return out.mid(0, kMaxRecentFiles);
}

QStringList addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentFiles();
    list.removeAll(absolute);
    list.prepend(absolute);
    list = list.mid(0, kMaxRecentFiles);
    store().setValue(QStringLiteral("files/recent"), list);
    store().sync();
    return list;
}

} // namespace hv
