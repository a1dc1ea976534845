#include "CommandLine.h"

#include "Exporter.h"
#include "Slides.h"

#include "LabImpairments.h"
#include "Lessons.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

namespace hv {

namespace {

// The words of the command line, translated when a QCoreApplication with a translator exists
// (main() parses once to decide how to start, and again to say an error in --lang's language).
struct Words {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

} // namespace

bool splitHostPort(const QString &text, QString *host, quint16 *port)
{
    QString h;
    QString p;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0 || close + 1 >= text.size() || text.at(close + 1) != QLatin1Char(':'))
            return false;
        h = text.mid(1, close - 1);
        p = text.mid(close + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        if (colon < 0 || text.indexOf(QLatin1Char(':')) != colon)
            return false;
        h = text.left(colon);
        p = text.mid(colon + 1);
    }
    bool ok = false;
    const uint value = p.toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    *host = h.isEmpty() ? QStringLiteral("127.0.0.1") : h;
    *port = quint16(value);
    return true;
}

ParseResult parseCommandLine(const QStringList &arguments)
{
    ParseResult r;
    QCommandLineParser parser;
    parser.setApplicationDescription(Words::tr(
        "Handshake Visualizer: a real TCP server and client side by side, the segments the kernel sends "
        "captured with libpcap, and a ladder diagram of the handshake."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, Words::tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), Words::tr("Show the version."));
    const QCommandLineOption read(QStringLiteral("read"), Words::tr("Open a .pcap/.pcapng file."), QStringLiteral("FILE"));
    //: zh: 写出 OUT（.png .svg .pdf .apng .txt .json .pcap；.apng 是逐步出现的动画）后退出，不开窗口。可重复。
    const QCommandLineOption exportOpt(QStringLiteral("export"),
        Words::tr("Write OUT (.png .svg .pdf .apng .txt .json .pcap; .apng: the steps arriving, animated) and exit, without a window. Repeatable."), QStringLiteral("OUT"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        Words::tr("Listen, connect, chat, close and capture it all on loopback (with --export: headless)."));
    const QCommandLineOption listen(QStringLiteral("listen"), Words::tr("Server address (default 127.0.0.1:6666)."), QStringLiteral("ADDR:PORT"));
    const QCommandLineOption connectOpt(QStringLiteral("connect"), Words::tr("Where the client connects (default: the listen address)."), QStringLiteral("HOST:PORT"));
    //: zh: 抓包的接口（默认 lo；服务器监听或客户端连接的地址不在回环上时，改为所有接口 any）。
    const QCommandLineOption iface(QStringLiteral("interface"),
        Words::tr("Capture interface (default lo; all interfaces, any, once the server listens or the client connects beyond loopback)."), QStringLiteral("IF"));
    const QCommandLineOption send(QStringLiteral("send"), Words::tr("A message the client sends in --demo. Repeatable."), QStringLiteral("TEXT"));
    const QCommandLineOption clients(QStringLiteral("clients"),
        Words::tr("How many clients --demo connects at once, each sending its own numbered messages (default 1)."), QStringLiteral("N"));
    const QCommandLineOption lang(QStringLiteral("lang"), Words::tr("Interface language: zh or en."), QStringLiteral("zh|en"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        Words::tr("Save a picture of the window to OUT.png once --demo or --read has played, then exit."), QStringLiteral("OUT.png"));
    //: zh: 实时抓包时内核缓冲区的大小，单位 KiB（默认 8192）。缓冲区满时到达的分组会被内核丢弃。
    const QCommandLineOption buffer(QStringLiteral("capture-buffer"),
        Words::tr("The kernel's buffer for live capture, in KiB (default 8192). Packets that arrive while it is full are dropped."),
        QStringLiteral("KIB"));
    //: zh: 实时会话在内存中最多保留多少 MiB（默认：内存的四分之一，256 到 4096 之间；0：不限）。超过时，较早的连接留在磁盘上，成为可以打开的“较早部分”。
    const QCommandLineOption memory(QStringLiteral("memory-limit"),
        Words::tr("What the live session keeps in memory, in MiB (default: a quarter of the memory, from 256 to 4096; 0: no limit). Past it, older connections stay on disk as an earlier part that can be opened."),
        QStringLiteral("MIB"));
    //: zh: 在哪个网络上抓包：host（本机的网络，需要 root 或 setcap）或 lab（程序自己的私有网络，不需要任何权限）。默认：能在本机抓包就用 host，否则用 lab。
    const QCommandLineOption network(QStringLiteral("network"),
        Words::tr("Where live capture runs: host (this machine's network: root or setcap) or lab (a private network of the program's own: no privileges). Default: host where it may capture, else lab."),
        QStringLiteral("host|lab"));
    //: zh: 在实验网络里让内核丢弃接下来的 N 个这种分节：syn、synack、ack（完成握手的 ACK）或 fin。可以重复。
    const QCommandLineOption drop(QStringLiteral("drop"),
        Words::tr("In the lab network, the kernel drops the next N segments of a kind: syn, synack, ack (the one that completes the handshake) or fin. Repeatable."),
        QStringLiteral("KIND:N"));
    //: zh: 在实验网络里让内核随机丢弃这个连接端口上百分之 PCT 的分节（两个方向都丢，一直有效）。
    const QCommandLineOption loss(QStringLiteral("loss"),
        Words::tr("In the lab network, the kernel drops PCT percent of the segments on the connection's port at random, both ways, for good."),
        QStringLiteral("PCT"));
    //: zh: 在实验网络里让每个分节在发出时晚 MS 毫秒（netem；这个内核没有 netem 时会直说，并建议用 --rate）。
    const QCommandLineOption delay(QStringLiteral("delay"),
        Words::tr("In the lab network, every segment leaves MS ms late (netem; where the kernel has no netem this is said, and --rate offered instead)."),
        QStringLiteral("MS"));
    //: zh: 在实验网络里把链路限制为 KBIT kbit/s（tbf）：一个分节要等它前面的分节发完（串行化时延）。
    const QCommandLineOption rate(QStringLiteral("rate"),
        Words::tr("In the lab network, the links carry at most KBIT kbit/s (tbf): a segment waits for the ones before it (serialisation delay)."),
        QStringLiteral("KBIT"));
    //: zh: 运行一节课（NAME 见 --lesson list）：有 --export 时不开窗口，跑完就导出；否则在窗口里运行。
    const QCommandLineOption lesson(QStringLiteral("lesson"),
        Words::tr("Run a lesson (NAME: see --lesson list): with --export headless, exported when it is over; else in the window."),
        QStringLiteral("NAME|list"));
    //: zh: 实验网络的布局：one-host（服务器和客户端共用 lo，默认）或 two-hosts（客户端 10.0.0.1 和服务器 10.0.0.2 在一对 veth 上，MTU 1500）。意味着 --network lab。
    const QCommandLineOption lab(QStringLiteral("lab"),
        Words::tr("The lab network's layout: one-host (server and client share lo; the default) or two-hosts (client 10.0.0.1 and server 10.0.0.2 on a veth pair, MTU 1500). Implies --network lab."),
        QStringLiteral("one-host|two-hosts"));
    //: zh: 写一张练习单 OUT（.png .svg .pdf）：时序图里要填的字段留空、没有注释；答案写在旁边的 OUT-answers 里。不开窗口。可重复。
    const QCommandLineOption worksheet(QStringLiteral("worksheet"),
        Words::tr("Write a worksheet OUT (.png .svg .pdf): the ladder with the fields to fill in left blank and no notes; its answer key goes beside it as OUT-answers. Without a window. Repeatable."),
        QStringLiteral("OUT"));
    //: zh: 练习单留空哪些字段：seq、ack、states，用逗号分隔（默认三个都留空）。
    const QCommandLineOption blank(QStringLiteral("blank"),
        Words::tr("What a worksheet leaves blank: seq, ack, states, separated by commas (default: all three)."),
        QStringLiteral("LIST"));
    parser.addOptions({worksheet, blank});
    //: zh: 只导出编号为 ID 的连接（见连接列表里的 #ID）
    const QCommandLineOption connectionOpt(QStringLiteral("connection"),
        Words::tr("Export connection ID only (the #ID of the connection list)."), QStringLiteral("ID"));
    //: zh: 图片和 PDF 只画这些步骤：1-3、4、2-、-5，或 handshake（到完成握手的那个分节为止）
    const QCommandLineOption stepsOpt(QStringLiteral("steps"),
        Words::tr("Pictures and PDF draw these steps only: 1-3, 4, 2-, -5, or handshake (up to the segment that completed it)."),
        QStringLiteral("RANGE"));
    //: zh: 图片和 PDF 用这个尺寸的画面（例如 1920x1080）：长的时序图在步骤之间分页，每页都重复两端的标题
    const QCommandLineOption sizeOpt(QStringLiteral("size"),
        Words::tr("Pictures and PDF in frames of this size (e.g. 1920x1080): a long ladder is split into pages between steps, the headers on every page."),
        QStringLiteral("WxH"));
    //: zh: 每一步一张图：OUT 旁边的 step-1.png、step-2.png……（PDF：每步一页），一次点击一张幻灯片
    const QCommandLineOption seriesOpt(QStringLiteral("series"),
        Words::tr("One picture per step: step-1.png, step-2.png … beside OUT (a PDF: a page per step), a slide per click."));
    //: zh: 窗口以演示模式启动（全屏、高对比度；F11 或 Esc 退出）
    const QCommandLineOption presentOpt(QStringLiteral("present"),
        Words::tr("Start the window in presentation mode (full screen, high contrast; F11 or Esc leaves it)."));
    parser.addOptions({connectionOpt, stepsOpt, sizeOpt, seriesOpt, presentOpt});
    parser.addOptions({help, version, read, exportOpt, demo, listen, connectOpt, iface, send, clients, lang, screenshot, buffer, memory, network, drop, loss, delay, rate, lab, lesson});

    if (!parser.parse(arguments)) {
        r.error = parser.errorText();
        return r;
    }
    if (parser.isSet(help)) {
        r.exitNow = true;
        // Parsed before any QCoreApplication exists: Qt cannot name the program itself.
        r.output = parser.helpText().replace(QLatin1String("<executable_name>"), QLatin1String("handshake-viz"));
        return r;
    }
    if (parser.isSet(version)) {
        r.exitNow = true;
        r.output = QStringLiteral("handshake-viz 0.1.0\n");
        return r;
    }
    if (!parser.positionalArguments().isEmpty()) {
        r.error = Words::tr("unexpected argument '%1' (did you mean --read %1?)").arg(parser.positionalArguments().first());
        return r;
    }
    Options &o = r.options;
    o.readFile = parser.value(read);
    o.exports = parser.values(exportOpt);
    o.worksheets = parser.values(worksheet);
    if (parser.isSet(connectionOpt)) {
        bool ok = false;
        const uint id = parser.value(connectionOpt).toUInt(&ok);
        if (!ok || id == 0) {
            //: zh: --connection %1：应为连接编号（1、2、3……）
            r.error = Words::tr("--connection %1: expected a connection number (1, 2, 3 …)").arg(parser.value(connectionOpt));
            return r;
        }
        o.connection = id;
    }
    if (parser.isSet(stepsOpt)) {
        SlideOptions probe;
        QString why;
        if (!parseStepRange(parser.value(stepsOpt), &probe, &why)) {
            r.error = why;
            return r;
        }
        o.steps = parser.value(stepsOpt);
    }
    if (parser.isSet(sizeOpt)) {
        QString why;
        if (!parseFrameSize(parser.value(sizeOpt), &o.frame, &why)) {
            r.error = why;
            return r;
        }
    }
    o.series = parser.isSet(seriesOpt);
    o.present = parser.isSet(presentOpt);
    if (parser.isSet(blank)) {
        QString bad;
        const std::optional<uint8_t> blanks = parseBlanks(parser.value(blank), &bad);
        if (!blanks) {
            //: zh: --blank %1：“%2”不是 seq、ack 或 states
            r.error = Words::tr("--blank %1: '%2' is not seq, ack or states").arg(parser.value(blank), bad);
            return r;
        }
        o.blanks = *blanks;
        if (o.worksheets.isEmpty()) {
            //: zh: --blank 只对 --worksheet OUT 有用
            r.error = Words::tr("--blank is for --worksheet OUT");
            return r;
        }
    }
    o.demo = parser.isSet(demo);
    o.sends = parser.values(send);
    o.screenshot = parser.value(screenshot);
    if (parser.isSet(iface)) {
        o.interface = parser.value(iface);
        o.interfaceGiven = true;
    }
    o.listenGiven = parser.isSet(listen);
    o.connectGiven = parser.isSet(connectOpt);
    if (parser.isSet(listen) && !splitHostPort(parser.value(listen), &o.listenHost, &o.listenPort)) {
        r.error = Words::tr("--listen %1: expected ADDR:PORT, e.g. 127.0.0.1:6666 or [::1]:6666").arg(parser.value(listen));
        return r;
    }
    if (parser.isSet(connectOpt)) {
        if (!splitHostPort(parser.value(connectOpt), &o.connectHost, &o.connectPort) || o.connectPort == 0) {
            r.error = Words::tr("--connect %1: expected HOST:PORT, e.g. 127.0.0.1:6666").arg(parser.value(connectOpt));
            return r;
        }
    } else {
        o.connectHost = o.listenHost == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1")
                      : o.listenHost == QLatin1String("::")      ? QStringLiteral("::1")
                                                                 : o.listenHost;
        o.connectPort = o.listenPort;
    }
    if (parser.isSet(clients)) {
        bool ok = false;
        o.clients = parser.value(clients).toInt(&ok);
        if (!ok || o.clients < 1 || o.clients > kMaxDemoClients) {
            r.error = Words::tr("--clients %1: expected a number from 1 to %2").arg(parser.value(clients)).arg(kMaxDemoClients);
            return r;
        }
        if (!o.demo) {
            r.error = Words::tr("--clients needs --demo: it says how many clients the demo connects");
            return r;
        }
    }
    if (parser.isSet(buffer)) {
        bool ok = false;
        o.captureBufferKiB = parser.value(buffer).toInt(&ok);
        if (!ok || o.captureBufferKiB < 1 || o.captureBufferKiB > kMaxCaptureBufferKiB) {
            //: zh: --capture-buffer %1：应为 1 到 %2 之间的数（单位 KiB）
            r.error = Words::tr("--capture-buffer %1: expected a number from 1 to %2 (KiB)")
                          .arg(parser.value(buffer)).arg(kMaxCaptureBufferKiB);
            return r;
        }
    }
    for (const QString &d : parser.values(drop)) {
        DropRequest request;
        if (!DropRequest::parse(d, &request)) {
            //: zh: --drop %1：应为 syn:N、synack:N、ack:N 或 fin:N（N 为 1 到 100）
            r.error = Words::tr("--drop %1: expected syn:N, synack:N, ack:N or fin:N (N from 1 to 100)").arg(d);
            return r;
        }
        o.drops << d;
    }
    if (parser.isSet(loss)) {
        bool ok = false;
        const int pct = parser.value(loss).toInt(&ok);
        if (!ok || pct < 1 || pct > 100) {
            //: zh: --loss %1：应为 1 到 100 之间的百分数
            r.error = Words::tr("--loss %1: expected a percentage from 1 to 100").arg(parser.value(loss));
            return r;
        }
        o.drops << QStringLiteral("loss:%1").arg(pct);
    }
    auto number = [&](const QCommandLineOption &option, int lowest, int highest, int *out) {
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        if (!ok || v < lowest || v > highest) {
            //: zh: --%1 %2：应为 %3 到 %4 之间的整数
            r.error = Words::tr("--%1 %2: expected a whole number from %3 to %4")
                          .arg(option.names().constFirst(), parser.value(option))
                          .arg(lowest)
                          .arg(highest);
            return false;
        }
        *out = v;
        return true;
    };
    if (parser.isSet(delay) && !number(delay, 1, 10000, &o.delayMs))
        return r;
    if (parser.isSet(rate) && !number(rate, 8, 10000000, &o.rateKbit))
        return r;
    if (o.delayMs > 0 && o.rateKbit > 0) {
        //: zh: --delay 和 --rate 一次只能用一个
        r.error = Words::tr("--delay and --rate go one at a time");
        return r;
    }
    if ((o.delayMs > 0 || o.rateKbit > 0) && parser.value(network) == QLatin1String("host")) {
        //: zh: --delay 和 --rate 只在实验网络里起作用：不能和 --network host 一起用
        r.error = Words::tr("--delay and --rate work in the lab network only: they cannot go with --network host");
        return r;
    }
    if (!o.drops.isEmpty() && parser.value(network) == QLatin1String("host")) {
        //: zh: --drop 只在实验网络里丢弃分组：不能和 --network host 一起用
        r.error = Words::tr("--drop drops segments in the lab network only: it cannot go with --network host");
        return r;
    }
    if (parser.isSet(lesson)) {
        o.lesson = parser.value(lesson);
        if (o.lesson == u"list") {
            // One lesson a line, its name first.
            for (const LessonInfo &l : allLessons())
                r.output += QStringLiteral("%1\t%2%3\n")
                                .arg(QLatin1String(l.name), lessonCard(l.id).title,
                                     //: zh: （实验网络）
                                     l.needsLab ? Words::tr(" (lab network)") : QString());
            r.exitNow = true;
            return r;
        }
        if (!lessonNamed(o.lesson)) {
            //: zh: --lesson %1：没有这节课；--lesson list 列出所有课程
            r.error = Words::tr("--lesson %1: no such lesson; --lesson list shows them").arg(o.lesson);
            return r;
        }
        if (o.demo || !o.readFile.isEmpty()) {
            //: zh: --lesson 自己运行服务器和客户端：不能和 --demo 或 --read 一起用
            r.error = Words::tr("--lesson runs its own server and client: it cannot go with --demo or --read");
            return r;
        }
        if (lessonInfo(*lessonNamed(o.lesson)).needsLab && parser.value(network) == QLatin1String("host")) {
            //: zh: 这节课要丢弃分节，只在实验网络里做：不能和 --network host 一起用
            r.error = Words::tr("this lesson drops segments, which is done in the lab network only: it cannot go with --network host");
            return r;
        }
    }
    if (parser.isSet(lab)) {
        o.lab = parser.value(lab);
        if (o.lab != QLatin1String("one-host") && o.lab != QLatin1String("two-hosts")) {
            //: zh: --lab %1：应为 one-host 或 two-hosts
            r.error = Words::tr("--lab %1: expected one-host or two-hosts").arg(o.lab);
            return r;
        }
        if (parser.value(network) == QLatin1String("host")) {
            //: zh: --lab 说的是实验网络的布局：不能和 --network host 一起用
            r.error = Words::tr("--lab lays out the lab network: it cannot go with --network host");
            return r;
        }
        if (o.lab == QLatin1String("two-hosts")) {
            // The server host and the client host, unless told otherwise.
            if (!o.listenGiven)
                o.listenHost = QStringLiteral("10.0.0.2");
            if (!o.connectGiven)
                o.connectHost = o.listenHost;
            if (!parser.isSet(iface)) {
                o.interface = QStringLiteral("client0");
                o.interfaceGiven = true; // the lab's own link: it does not follow the listener
            }
        }
    }
    if (parser.isSet(network)) {
        o.network = parser.value(network);
        if (o.network != QLatin1String("host") && o.network != QLatin1String("lab")) {
            //: zh: --network %1：应为 host 或 lab
            r.error = Words::tr("--network %1: expected host or lab").arg(o.network);
            return r;
        }
    }
    if (parser.isSet(memory)) {
        bool ok = false;
        o.memoryLimitMiB = parser.value(memory).toLongLong(&ok);
        if (!ok || o.memoryLimitMiB < 0 || o.memoryLimitMiB > (int64_t(1) << 30)) {
            //: zh: --memory-limit %1：应为 0 或一个正数（单位 MiB）
            r.error = Words::tr("--memory-limit %1: expected 0 or a positive number (MiB)").arg(parser.value(memory));
            return r;
        }
    }
    if (parser.isSet(lang)) {
        o.lang = parser.value(lang);
        if (o.lang != QLatin1String("zh") && o.lang != QLatin1String("en")) {
            r.error = Words::tr("--lang %1: expected zh or en").arg(o.lang);
            return r;
        }
    }
    if (o.demo && !o.readFile.isEmpty()) {
        r.error = Words::tr("--demo and --read cannot be combined: a demo captures live traffic");
        return r;
    }
    if (!o.exports.isEmpty() && !o.demo && o.readFile.isEmpty() && o.lesson.isEmpty()) {
        //: zh: --export 需要 --read FILE、--demo 或 --lesson NAME：现在还没有可以导出的东西
        r.error = Words::tr("--export needs --read FILE, --demo or --lesson NAME: there is nothing to export yet");
        return r;
    }
    if (!o.worksheets.isEmpty() && !o.demo && o.readFile.isEmpty() && o.lesson.isEmpty()) {
        //: zh: --worksheet 需要 --read FILE、--demo 或 --lesson NAME：现在还没有可以画的东西
        r.error = Words::tr("--worksheet needs --read FILE, --demo or --lesson NAME: there is nothing to draw yet");
        return r;
    }
    static const QStringList formats = {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("apng"),
                                        QStringLiteral("txt"), QStringLiteral("json"), QStringLiteral("pcap")};
    for (const QString &out : std::as_const(o.exports)) {
        if (!formats.contains(QFileInfo(out).suffix().toLower())) {
            //: zh: --export %1：未知格式（请用 .png .svg .pdf .apng .txt .json .pcap）
            r.error = Words::tr("--export %1: unknown format (use .png .svg .pdf .apng .txt .json .pcap)").arg(out);
            return r;
        }
    }
    if (o.slides()) {
        bool picture = false;
        for (const QString &out : std::as_const(o.exports)) {
            const QString suffix = QFileInfo(out).suffix().toLower();
            picture = picture || suffix == u"png" || suffix == u"svg" || suffix == u"pdf" || suffix == u"apng";
        }
        if (!picture) {
            //: zh: --steps、--size 和 --series 用于图片：请加上 --export OUT.png（或 .svg、.pdf）
            r.error = Words::tr("--steps, --size and --series are for pictures: add --export OUT.png (or .svg, .pdf)");
            return r;
        }
    }
    for (const QString &out : std::as_const(o.worksheets)) {
        const QString suffix = QFileInfo(out).suffix().toLower();
        if (suffix != u"png" && suffix != u"svg" && suffix != u"pdf") {
            //: zh: --worksheet %1：练习单是图片或讲义：请用 .png、.svg 或 .pdf
            r.error = Words::tr("--worksheet %1: a worksheet is a picture or a handout: use .png, .svg or .pdf").arg(out);
            return r;
        }
    }
    return r;
}

} // namespace hv
