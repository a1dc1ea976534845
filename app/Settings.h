#pragma once
// What the program remembers between runs (QSettings: ~/.config/handshake-viz/handshake-viz.conf,
// under $XDG_CONFIG_HOME when set): the language, the server's and the client's address and
// port, the window's place and its splitters, the zoom, the numbering, the state names, the
// theme, the last folder a file came from, and the recent capture files. The command line wins
// over all of it for the run it starts.
#include <QString>
#include <QStringList>

namespace hv {

class MainWindow;
struct Options;

constexpr int kMaxRecentFiles = 8;

// The language saved ("" when none was).
QString savedLanguage();
// Puts what was saved into a window not shown yet (what `options` names itself is kept).
void restoreSettings(MainWindow &window, const Options &options);
// Saves the window's settings and the language of the moment.
void saveSettings(const MainWindow &window);
// The capture files opened lately, the latest first (those that still exist).
QStringList recentFiles();
// `path` becomes the latest (once), the list cut at kMaxRecentFiles; returns the new list.
QStringList addRecentFile(const QString &path);

} // namespace hv
