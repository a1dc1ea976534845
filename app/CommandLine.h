#pragma once
// The command line contract of DESIGN.md, parsed into a plain value (no side effects).
#include <QSize>
#include <QString>
#include <QStringList>

namespace hv {

// A dry run for a class, not a load test.
constexpr int kMaxDemoClients = 64;
// The live capture's kernel buffer, in KiB as tcpdump's -B counts it: 8 MiB drops nothing at
// ~170 k packets/s here; libpcap takes no more than an int of bytes.
constexpr int kDefaultCaptureBufferKiB = 8192;
constexpr int kMaxCaptureBufferKiB = 2097151;

struct Options {
    QString readFile;            // --read FILE
    QStringList exports;         // --export OUT (repeatable)
    QStringList worksheets;      // --worksheet OUT (repeatable): .png .svg .pdf with blanks, and OUT-answers beside it
    uint8_t blanks = 0;          // --blank seq,ack,states: what a worksheet leaves blank (0: all three)
    // Slides (.png .svg .pdf exports): one connection, some of its steps, frames of a size, a series.
    uint32_t connection = 0;     // --connection ID (0: every one, or for slides the latest)
    QString steps;               // --steps 1-3|handshake
    QSize frame;                 // --size 1920x1080
    bool series = false;         // --series: step-1.png, step-2.png … beside OUT
    bool present = false;        // --present: the window starts in presentation mode
    bool slides() const { return !steps.isEmpty() || !frame.isEmpty() || series; }
    bool demo = false;           // --demo
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 6666;   // --listen ADDR:PORT
    QString connectHost;         // --connect HOST:PORT (default: the listen address)
    quint16 connectPort = 0;
    bool listenGiven = false, connectGiven = false;
    // --demo runs its own server unless --connect alone points the client at another one (the
    // tutorial's server on 6666, nc -l …): then the demo's server would only take its port.
    bool demoServer() const { return listenGiven || !connectGiven; }
    QString interface = QStringLiteral("lo"); // --interface IF
    QStringList sends;           // --send TEXT (repeatable)
    int clients = 1;             // --clients N: concurrent clients in --demo
    QString lang;                // --lang zh|en ("" = from the system locale)
    QString screenshot;          // --screenshot OUT.png: the window, once the demo/file has played, then exit
    int captureBufferKiB = kDefaultCaptureBufferKiB; // --capture-buffer KIB: the kernel's buffer for live capture
    QStringList drops;           // --drop KIND:N (repeatable): syn, synack, ack, fin; the lab only
    int delayMs = 0;             // --delay MS: every segment held MS ms (netem); the lab only
    int rateKbit = 0;            // --rate KBIT: the lab's links limited (tbf); the lab only
    QString lab;                 // --lab one-host|two-hosts ("" = one-host); implies --network lab
    bool interfaceGiven = false;  // --interface (or the lab's two hosts): the capture stays there; else it follows the addresses in use
    QString lesson;              // --lesson NAME: run one (headless with --export, else in the window)
    QString network;             // --network host|lab ("" = decided: the host's where it may capture, else the lab)
    int64_t memoryLimitMiB = -1; // --memory-limit MIB: what the live session keeps in memory (0: no limit, -1: the default)

    bool headless() const { return !exports.isEmpty() || !worksheets.isEmpty(); }
};

struct ParseResult {
    Options options;
    QString error;     // non-empty: one line for stderr
    bool exitNow = false; // --help / --version printed
    QString output;    // what --help / --version print
};

ParseResult parseCommandLine(const QStringList &arguments);

// "127.0.0.1:6666", "[::1]:6666", "localhost:80", ":6666" -> host, port. False on nonsense.
bool splitHostPort(const QString &text, QString *host, quint16 *port);

} // namespace hv
