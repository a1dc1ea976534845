#pragma once
#include "CommandLine.h"

class QApplication;
class QString;

namespace hv {

class MainWindow;
class Session;

// installLanguage(), then every open window retranslates itself at once.
void setLanguage(const QString &code);

// Connects the window's requests to the session and the session's news to the window.
void wireWindow(Session &session, MainWindow &window);

// The settings' part of the wiring (Settings.h): the files opened join the recent ones.
void wireSettings(Session &session, MainWindow &window);

// The GUI program: a session, its window, the command line's --read/--demo, the event loop.
int runWindow(QApplication &app, const Options &options);

} // namespace hv
