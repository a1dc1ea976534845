#include "LabTerminal.h"

#include "HostNamespace.h"
#include "LabNetwork.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <csignal>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

namespace hv {

namespace {

struct TerminalWords {
    Q_DECLARE_TR_FUNCTIONS(LabTerminals)
};

// The namespace's inode, as readlink /proc/PID/ns/net shows it: "net:[4026532291]".
QString namespaceName(int fd)
{
    struct stat st {};
    const bool ok = fd >= 0 ? ::fstat(fd, &st) == 0 : ::stat("/proc/self/ns/net", &st) == 0;
    return ok ? QStringLiteral("net:[%1]").arg(qulonglong(st.st_ino)) : QString();
}

QString shellQuoted(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

} // namespace

LabTerminals::LabTerminals(QObject *parent) : QObject(parent) {}

LabTerminals::~LabTerminals()
{
    for (QProcess *p : terminals_) {
        if (p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(1000))
                p->kill();
            p->waitForFinished(1000);
        }
        delete p;
    }
}

QString LabTerminals::terminalProgram()
{
    const QString chosen = qEnvironmentVariable("TERMINAL");
    if (!chosen.isEmpty()) {
        const QString found = QFileInfo(chosen).isAbsolute() ? chosen : QStandardPaths::findExecutable(chosen);
        if (!found.isEmpty())
            return found;
    }
    for (const char *name : {"x-terminal-emulator", "xterm", "konsole", "gnome-terminal"})
        if (const QString found = QStandardPaths::findExecutable(QString::fromLatin1(name)); !found.isEmpty())
            return found;
    return {};
}

bool LabTerminals::open(bool serverHost, const QString &rcFolder, QString *error)
{
    const NetworkChoice &net = currentNetwork();
    if (net.kind != NetworkChoice::Kind::Lab) {
        //: zh: 终端只能在实验网络里打开：这个程序现在用的是本机的网络（在那里用你平常的终端就行）
        *error = TerminalWords::tr("a terminal opens in the lab network only: this program is on the machine's own network (your usual terminal is there already)");
        return false;
    }
    const QString program = terminalProgram();
    if (program.isEmpty()) {
        //: zh: 找不到终端程序（试过 $TERMINAL、x-terminal-emulator、xterm、konsole、gnome-terminal）：安装一个，或者把 TERMINAL 设为你的终端
        *error = TerminalWords::tr("no terminal program found (tried $TERMINAL, x-terminal-emulator, xterm, konsole, gnome-terminal): install one, or set TERMINAL to yours");
        return false;
    }
    const bool there = serverHost && net.twoHosts && hasServerHost();
    const int nsFd = there ? serverHostNamespaceFd() : -1;
    QString host;
    if (there)
        //: zh: 实验网络·服务器主机 10.0.0.2
        host = TerminalWords::tr("lab: server host 10.0.0.2");
    else if (net.twoHosts)
        //: zh: 实验网络·客户端主机 10.0.0.1
        host = TerminalWords::tr("lab: client host 10.0.0.1");
    else
        //: zh: 实验网络·一台主机（lo，127.0.0.1）
        host = TerminalWords::tr("lab: one host (lo, 127.0.0.1)");
    //: zh: 这是本程序的实验网络：这里的 nc、ss -tan、tutorial 的 server/client 的流量都出现在时序图上。
    const QString hello = TerminalWords::tr("This is the program's lab network: what nc, ss -tan or the tutorial's server/client do here shows on the ladder.");
    //: zh: 注意：这个终端不在实验网络里（你的终端程序在别处启动了 shell）。请把 TERMINAL 设为 xterm 之类的终端再试。
    const QString outside = TerminalWords::tr("Careful: this terminal is NOT in the lab network (your terminal program started the shell elsewhere). Set TERMINAL to a terminal such as xterm and try again.");

    const QString rcPath = QDir(rcFolder).filePath(there ? QStringLiteral("lab-server-host.bashrc") : QStringLiteral("lab-client-host.bashrc"));
    QFile rc(rcPath);
    if (!rc.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        //: zh: 无法写入终端的启动文件 %1：%2
        *error = TerminalWords::tr("cannot write the terminal's start-up file %1: %2").arg(rcPath, rc.errorString());
        return false;
    }
    const QString rcText = QStringLiteral(
        "[ -f \"$HOME/.bashrc\" ] && . \"$HOME/.bashrc\"\n"
        "PS1=%1'\\w\\$ '\n"
        "if [ \"$(readlink /proc/$$/ns/net)\" = %2 ]; then\n"
        "  printf '%s\\n' %3\n"
        "else\n"
        "  printf '\\033[1;31m%s\\033[0m\\n' %4\n"
        "fi\n")
        .arg(shellQuoted(QLatin1Char('[') + host + QStringLiteral("] ")), shellQuoted(namespaceName(nsFd)),
             shellQuoted(host + QStringLiteral(": ") + hello), shellQuoted(outside));
    rc.write(rcText.toUtf8());
    rc.close();

    auto *p = new QProcess;
    p->setProgram(program);
    QStringList args;
    if (QFileInfo(program).fileName() == QLatin1String("gnome-terminal"))
        args << QStringLiteral("--");
    else
        args << QStringLiteral("-e");
    args << QStringLiteral("bash") << QStringLiteral("--rcfile") << rcPath << QStringLiteral("-i");
    p->setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HV_LAB_HOST"), host);
    p->setProcessEnvironment(env);
    // In the child, before exec: into the server host's namespace, and gone with this program.
    p->setChildProcessModifier([nsFd] {
        ::prctl(PR_SET_PDEATHSIG, SIGHUP);
        if (nsFd >= 0 && ::setns(nsFd, CLONE_NEWNET) != 0)
            ::_exit(127);
    });
    p->start();
    if (!p->waitForStarted(5000)) {
        //: zh: 无法启动终端 %1：%2
        *error = TerminalWords::tr("cannot start the terminal %1: %2").arg(program, p->errorString());
        delete p;
        return false;
    }
    terminals_.push_back(p);
    return true;
}

} // namespace hv
