#pragma once
// "Open a terminal in the lab network": the user's terminal started inside the lab's client host
// (this program's own network namespace) or its server host, with a prompt that names the host,
// so that the tutorial's server.c/client.c, nc or ss -tan run there and show on the ladder.
//
// The terminal is this program's child: it ends with the program (also when the program is
// killed: PR_SET_PDEATHSIG), so it never keeps the lab alive afterwards. A terminal that hands
// its shells to a server process of its own (gnome-terminal) would start them outside the lab:
// the shell's start-up checks its own namespace and says so in the terminal.
#include <QObject>
#include <QString>

#include <vector>

class QProcess;

namespace hv {

class LabTerminals : public QObject {
    Q_OBJECT
public:
    explicit LabTerminals(QObject *parent = nullptr);
    ~LabTerminals() override; // every terminal still open is ended

    // Starts one on the server host (two hosts) or the client host; `rcFolder` holds its shell's
    // start-up file. False with *error: not in the lab, no terminal program found (the ones
    // tried, named), or it did not start.
    bool open(bool serverHost, const QString &rcFolder, QString *error);

    // The terminal program that would be started: $TERMINAL, x-terminal-emulator, xterm, konsole,
    // gnome-terminal, the first found ("" for none).
    static QString terminalProgram();

private:
    std::vector<QProcess *> terminals_;
};

} // namespace hv
