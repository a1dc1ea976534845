#include "Lessons.h"

#include "BindProbe.h"
#include "ChatClient.h"
#include "ChatServer.h"
#include "HostNamespace.h"
#include "LabNetwork.h"
#include "Session.h"
#include "StreamSocket.h"
#include "Timeline.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

namespace hv {

namespace {

struct LessonWords {
    Q_DECLARE_TR_FUNCTIONS(Lessons)
};

// A port nothing listens on now (the kernel's pick, given back at once), on the server's host.
quint16 unusedPort()
{
    const ServerHostScope onServerHost;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 6667;
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof in;
    quint16 port = 6667;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&in), sizeof in) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&in), &len) == 0)
        port = ntohs(in.sin_port);
    ::close(fd);
    return port;
}

// TcpExt ListenOverflows of this network namespace (/proc/net/netstat): connections a full accept
// queue turned away. -1 when it cannot be read.
int64_t listenOverflows()
{
    // The listener's host (the server host on two hosts): this thread's own network namespace.
    const ServerHostScope onServerHost;
    QFile f(QStringLiteral("/proc/thread-self/net/netstat"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    QList<QByteArray> names;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.startsWith("TcpExt:"))
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (names.isEmpty()) {
            names = fields;
            continue;
        }
        const qsizetype i = names.indexOf("ListenOverflows");
        return i > 0 && i < fields.size() ? fields[i].toLongLong() : -1;
    }
    return -1;
}

// Whether a socket of this network namespace listens on `port` (/proc/net/tcp and tcp6, state 0A).
bool somethingListensOn(quint16 port)
{
    const QByteArray local = QByteArray(":") + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const char *path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile f(QString::fromLatin1(path));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() > 3 && fields[1].endsWith(local) && fields[3] == "0A")
                return true;
        }
    }
    return false;
}

// The client's latest relative acknowledgment number on connection `id` (0: none yet).
uint32_t lastAckFromClient(const Timeline &t, uint32_t id)
{
    const std::vector<uint32_t> &mine = t.segmentIndices(id);
    for (size_t k = mine.size(); k-- > 0;) {
        const Segment x = t.segments()[mine[k]];
        if (x.from == Side::Client && (x.flags & TcpFlag::Ack))
            return x.relAck;
    }
    return 0;
}

} // namespace

const std::vector<LessonInfo> &allLessons()
{
    static const std::vector<LessonInfo> lessons = {
        {LessonId::Handshake, "handshake", false},
        {LessonId::AcceptHeld, "accept-held", false},
        {LessonId::QueueFull, "queue-full", false},
        {LessonId::Refused, "refused", false},
        {LessonId::LostSyn, "lost-syn", true},
        {LessonId::LostSynAck, "lost-synack", true},
        {LessonId::LostAck, "lost-ack", true},
        {LessonId::Abort, "abort", false},
        {LessonId::HalfClose, "half-close", false},
        {LessonId::SimultaneousClose, "simultaneous-close", true},
        {LessonId::SimultaneousOpen, "simultaneous-open", true},
        {LessonId::TimeWait, "time-wait", false},
        {LessonId::RandomIsn, "random-isn", false},
        {LessonId::Tutorial, "tutorial", false},
    };
    return lessons;
}

const LessonInfo &lessonInfo(LessonId id)
{
    return allLessons()[size_t(id)];
}

std::optional<LessonId> lessonNamed(const QString &name)
{
    for (const LessonInfo &l : allLessons())
        if (name == QLatin1String(l.name))
            return l.id;
    return std::nullopt;
}

LessonCard lessonCard(LessonId id)
{
    LessonCard c;
    switch (id) {
    case LessonId::Handshake:
        //: zh: 三次握手
        c.title = LessonWords::tr("The three-way handshake");
        //: zh: 看客户端和服务器的内核怎样用三个分节互相告知初始序号（ISN），并确认对方的 ISN。
        c.goal = LessonWords::tr("See how the client's and the server's kernels tell each other their initial sequence numbers (ISNs) in three segments, and acknowledge each other's.");
        //: zh: SYN 的 Seq、SYN+ACK 的 Ack = 对方 ISN + 1、第三个 ACK；两边的状态怎样从 CLOSED/LISTEN 变成 ESTABLISHED；connect() 和 accept() 在哪一步之后返回。
        c.watch = LessonWords::tr("The SYN's Seq, the SYN+ACK's Ack = the other's ISN + 1, the third ACK; how the states go from CLOSED/LISTEN to ESTABLISHED; after which step connect() and accept() return.");
        //: zh: 为什么是三次，而不是两次？两次握手会让哪一方不知道什么？
        c.question = LessonWords::tr("Why three segments and not two? With two, what would one side not know?");
        break;
    case LessonId::AcceptHeld:
        //: zh: 握手是内核做的，不是 accept()
        c.title = LessonWords::tr("The kernel does the handshake, not accept()");
        //: zh: 服务器程序暂时不调用 accept()：握手照样完成，连接在已完成连接队列里等着。
        c.goal = LessonWords::tr("The server program holds off calling accept(): the handshake completes all the same, and the connection waits in the accept queue.");
        //: zh: accept() 暂停时有三个客户端连接：每个都在它的 SYN+ACK 之后就是 ESTABLISHED，服务器那一端在 ACK 之后也是；accept() 返回的标记要到放开之后（约 2 秒）才出现，每一个都写着队列里还有几个在等（内核自己的计数）。
        c.watch = LessonWords::tr("Three clients connect while accept() is held: each is ESTABLISHED after its SYN+ACK, the server side after the ACK; the accept() returns marks come only once accept() is let go (about 2 s later), each saying how many still wait in the queue (the kernel's own count).");
        //: zh: 如果服务器一直不调用 accept()，而客户端不停地连接，会发生什么？（见 backlog）
        c.question = LessonWords::tr("If the server never called accept() and clients kept connecting, what would happen? (Think of the backlog.)");
        break;
    case LessonId::QueueFull:
        //: zh: 已完成连接队列满了
        c.title = LessonWords::tr("The accept queue is full");
        //: zh: listen() 的 backlog 为 1，accept() 暂停，四个客户端连接：放不下的连接，内核会丢弃它们的 ACK 或 SYN，让它们稍后重试。
        c.goal = LessonWords::tr("listen() with a backlog of 1, accept() held, four clients connecting: for the connections that do not fit, the kernel drops their ACK or SYN and lets them try again later.");
        //: zh: 前两个连接完成握手（队列能放 backlog + 1 个）；其余的出现重传的 SYN 或 SYN+ACK；accept() 放开后它们才完成；内核的 ListenOverflows 计数。
        c.watch = LessonWords::tr("The first two connections complete (the queue takes backlog + 1); the others show SYNs or SYN+ACKs sent again; they complete only once accept() is let go; the kernel's ListenOverflows count.");
        //: zh: 客户端认为自己已经 ESTABLISHED，服务器却还没有：这时客户端发的数据会怎样？
        c.question = LessonWords::tr("A client may believe it is ESTABLISHED while the server does not yet: what becomes of data it sends then?");
        break;
    case LessonId::Refused:
        //: zh: 连接被拒绝
        c.title = LessonWords::tr("Connection refused");
        //: zh: 没有程序在这个端口上监听：内核用 RST 回答 SYN，connect() 返回 ECONNREFUSED。
        c.goal = LessonWords::tr("Nothing listens on the port: the kernel answers the SYN with a RST, and connect() returns ECONNREFUSED.");
        //: zh: RST 的 Ack 是 SYN 的 Seq + 1；两边都停在 CLOSED；只有两个分节。
        c.watch = LessonWords::tr("The RST's Ack is the SYN's Seq + 1; both sides end CLOSED; two segments only.");
        //: zh: 如果 SYN 什么回答也没得到（例如被防火墙丢弃），客户端看到的会有什么不同？
        c.question = LessonWords::tr("If the SYN got no answer at all (a firewall dropping it), what would the client see instead?");
        break;
    case LessonId::LostSyn:
        //: zh: 丢失的 SYN
        c.title = LessonWords::tr("A lost SYN");
        //: zh: 实验网络丢弃前两个 SYN：客户端的内核按自己的定时器重发，connect() 晚几秒才返回。
        c.goal = LessonWords::tr("The lab drops the first two SYNs: the client's kernel sends them again on its own timers, and connect() returns seconds late.");
        //: zh: 被丢弃的 SYN 中途停下（✕）；重发的 SYN 是虚线，同一个 ISN；它们之间的时间间隔（这个内核的 net.ipv4.tcp_syn_linear_timeouts）。
        c.watch = LessonWords::tr("The dropped SYNs stop short (✕); the copies are dashed, with the same ISN; the gaps between them (this kernel's net.ipv4.tcp_syn_linear_timeouts).");
        //: zh: 客户端最多重发几次才放弃？这个数在哪里设置？
        c.question = LessonWords::tr("How many times does the client try before it gives up? Where is that set?");
        break;
    case LessonId::LostSynAck:
        //: zh: 丢失的 SYN+ACK
        c.title = LessonWords::tr("A lost SYN+ACK");
        //: zh: 实验网络丢弃服务器的第一个 SYN+ACK：谁重发什么？
        c.goal = LessonWords::tr("The lab drops the server's first SYN+ACK: who sends what again?");
        //: zh: 客户端仍在 SYN_SENT，服务器在 SYN_RCVD；约 1 秒后服务器重发 SYN+ACK，客户端也可能重发 SYN。
        c.watch = LessonWords::tr("The client stays in SYN_SENT, the server in SYN_RCVD; about a second later the server sends its SYN+ACK again, and the client may send its SYN again too.");
        //: zh: 为什么服务器要自己重发 SYN+ACK，而不只是等客户端重发 SYN？
        c.question = LessonWords::tr("Why does the server send its SYN+ACK again by itself, rather than wait for the client's SYN?");
        break;
    case LessonId::LostAck:
        //: zh: 丢失的最后一个 ACK
        c.title = LessonWords::tr("A lost final ACK");
        //: zh: 实验网络丢弃完成握手的 ACK：客户端以为连接已经建立，服务器还在 SYN_RCVD。
        c.goal = LessonWords::tr("The lab drops the ACK that completes the handshake: the client believes the connection is open, the server is still in SYN_RCVD.");
        //: zh: 客户端的第一份数据也带着 ACK：它一到，服务器就变为 ESTABLISHED，accept() 返回。
        c.watch = LessonWords::tr("The client's first data carries the ACK too: when it arrives the server becomes ESTABLISHED and accept() returns.");
        //: zh: 如果客户端一直不发数据，服务器会怎样做？
        c.question = LessonWords::tr("If the client sent no data, what would the server do?");
        break;
    case LessonId::Abort:
        //: zh: 中止连接
        c.title = LessonWords::tr("Abort");
        //: zh: 客户端用 SO_LINGER 0 关闭：内核发 RST 而不是 FIN，没有 TIME_WAIT。
        c.goal = LessonWords::tr("The client closes with SO_LINGER 0: its kernel sends a RST instead of a FIN, and there is no TIME_WAIT.");
        //: zh: close() 之后只有一个 RST；两边直接变为 CLOSED；服务器的 recv() 返回 ECONNRESET。
        c.watch = LessonWords::tr("After close() a single RST; both sides go straight to CLOSED; the server's recv() returns ECONNRESET.");
        //: zh: 还有什么情况会让内核发 RST 而不是 FIN？（提示：关闭时还有没读的数据）
        c.question = LessonWords::tr("What else makes the kernel send a RST instead of a FIN? (Hint: unread data at close.)");
        break;
    case LessonId::HalfClose:
        //: zh: 半关闭
        c.title = LessonWords::tr("Half-close");
        //: zh: 客户端 shutdown(SHUT_WR)：它不再发送，但还在接收；服务器在收到 FIN 之后还能发数据。
        c.goal = LessonWords::tr("The client calls shutdown(SHUT_WR): it sends no more but still receives; the server may still send after the FIN.");
        //: zh: 第一个 FIN 之后服务器发来的数据；服务器 recv() 返回 0；第二个 FIN 要晚一些。
        c.watch = LessonWords::tr("The server's data after the first FIN; the server's recv() returning 0; the second FIN, later.");
        //: zh: 服务器在 CLOSE_WAIT 里可以待多久？谁决定它什么时候关闭？
        c.question = LessonWords::tr("How long may the server stay in CLOSE_WAIT? Who decides when it closes?");
        break;
    case LessonId::SimultaneousClose:
        //: zh: 同时关闭
        c.title = LessonWords::tr("Simultaneous close");
        //: zh: 两边都在收到对方的 FIN 之前发出了自己的 FIN：少见的 CLOSING 状态。实验网络丢弃客户端的第一个 FIN，让两个 FIN 在路上交错。
        c.goal = LessonWords::tr("Each side sends its FIN before it has the other's: the rare state CLOSING. The lab drops the client's first FIN so that the two FINs cross.");
        //: zh: 客户端 FIN_WAIT_1 时收到服务器的 FIN → CLOSING；它重发的 FIN 让服务器从 FIN_WAIT_1 进入 TIME_WAIT；两边最后都在 TIME_WAIT。
        c.watch = LessonWords::tr("The client, in FIN_WAIT_1, gets the server's FIN → CLOSING; its FIN sent again takes the server from FIN_WAIT_1 to TIME_WAIT; both sides end in TIME_WAIT.");
        //: zh: 为什么这次两边都要等 TIME_WAIT，而平常只有先关闭的一方等？
        c.question = LessonWords::tr("Why do both sides wait in TIME_WAIT here, when usually only the side that closed first does?");
        break;
    case LessonId::SimultaneousOpen:
        //: zh: 同时打开
        c.title = LessonWords::tr("Simultaneous open");
        //: zh: 两个套接字各自 bind() 到对方要连接的端口，同时 connect()，没有谁 listen()：两个 SYN 在路上交错。实验网络丢掉每个方向的第一个 SYN，两边的重传计时器在同一个时钟节拍里到期，重发的 SYN 就交错了。
        c.goal = LessonWords::tr("Two sockets, each bound to the port the other connects to, connect() at once and nobody listen()s: the two SYNs cross. The lab drops the first SYN each way; both retransmission timers run out in the same tick, and the copies cross.");
        //: zh: 两边都是 SYN_SENT → SYN_RCVD → ESTABLISHED；每边都发 SYN+ACK（共 4 个 SYN、2 个 SYN+ACK），没有 accept()。
        c.watch = LessonWords::tr("Both sides go SYN_SENT → SYN_RCVD → ESTABLISHED; each sends a SYN+ACK (four SYNs, two SYN+ACKs in all), and there is no accept().");
        //: zh: 这里谁是客户端？为什么 TCP 并不需要有一方先监听？
        c.question = LessonWords::tr("Which side is the client here? Why does TCP not need one side to listen first?");
        break;
    case LessonId::TimeWait:
        //: zh: TIME_WAIT 和地址重用
        c.title = LessonWords::tr("TIME_WAIT and address reuse");
        //: zh: 服务器先关闭：它进入 TIME_WAIT。然后停掉监听，再 bind() 同一个地址和端口：没有 SO_REUSEADDR 时失败（EADDRINUSE），有它时成功。
        c.goal = LessonWords::tr("The server closes first: it goes to TIME_WAIT. Then its listener is closed and the same address and port bound again: without SO_REUSEADDR it fails (EADDRINUSE), with it it works.");
        //: zh: 主动关闭的一方进入 TIME_WAIT；两次 bind() 调用和它们的结果。Linux 保留 TIME_WAIT 60 秒。
        c.watch = LessonWords::tr("The side that closed first goes to TIME_WAIT; the two bind() calls and what they return. Linux keeps TIME_WAIT for 60 s.");
        //: zh: 为什么要等待，而不是立刻忘掉这个连接？
        c.question = LessonWords::tr("Why wait at all, instead of forgetting the connection at once?");
        break;
    case LessonId::RandomIsn:
        //: zh: ISN 是随机的
        c.title = LessonWords::tr("ISNs are random");
        //: zh: 同一个客户端连两次：原始 ISN 每次都不同，相对序号都从 0 开始。
        c.goal = LessonWords::tr("The same client connects twice: the raw ISNs differ each time, the relative numbers start at 0 both times.");
        //: zh: 关掉“相对序号”看原始的 Seq；比较两个连接的 SYN。
        c.watch = LessonWords::tr("Turn \"Relative sequence numbers\" off to see the raw Seq; compare the two connections' SYNs.");
        //: zh: 如果每个连接的 ISN 都从 0 开始，会有什么危险？
        c.question = LessonWords::tr("What could go wrong if every connection's ISN started at 0?");
        break;
    case LessonId::Tutorial:
        //: zh: 教程自己的程序
        c.title = LessonWords::tr("The tutorial's own programs");
        //: zh: 在这台机器上编译教程的 server.c 和 client.c，让它们和本程序的客户端、服务器对话：同样的握手，同样的分节。
        c.goal = LessonWords::tr("The tutorial's server.c and client.c, compiled on this machine, talk to this program's client and server: the same handshake, the same segments.");
        //: zh: 教程的服务器监听 INADDR_ANY:6666（backlog 5），它从标准输入读回复；教程的客户端连到 0.0.0.0:6666。它们的套接字调用不在时序图上（那不是本程序做的），分节都在。
        c.watch = LessonWords::tr("The tutorial's server listens on INADDR_ANY:6666 (backlog 5) and reads its replies from standard input; its client connects to 0.0.0.0:6666. Their socket calls are not on the ladder (this program did not make them); their segments all are.");
        //: zh: 客户端关闭以后，教程的服务器会怎样？（看它的 recv() 返回 0 时的代码）
        c.question = LessonWords::tr("What does the tutorial's server do once the client has closed? (Read its code for recv() returning 0.)");
        break;
    case LessonId::Count:
        break;
    }
    return c;
}

LessonRunner::LessonRunner(Session &session, QObject *parent) : QObject(parent), session_(session)
{
    poll_.setInterval(20);
    connect(&poll_, &QTimer::timeout, this, &LessonRunner::poll);
}

LessonRunner::~LessonRunner()
{
    if (running_)
        end(false, QString());
}

bool LessonRunner::start(LessonId id, QString *error)
{
    if (running_)
        end(false, QString());
    const LessonInfo &info = lessonInfo(id);
    if (info.needsLab && currentNetwork().kind != NetworkChoice::Kind::Lab) {
        //: zh: 课程“%1”要丢弃分节，这只在实验网络里做：用 --network lab 启动程序（本机的网络不会被改动）
        *error = LessonWords::tr("the lesson \"%1\" drops segments, which is done in the lab network only: start the program with --network lab (this machine's own network is never changed)")
                     .arg(lessonCard(id).title);
        return false;
    }
    id_ = id;
    running_ = true;
    refused_ = clientGone_ = false;
    serverReceived_ = clientReceived_ = 0;
    host_ = currentNetwork().twoHosts ? QStringLiteral("10.0.0.2") : QStringLiteral("127.0.0.1");
    acceptPausedBefore_ = session_.server().acceptPaused();
    backlogBefore_ = session_.server().backlog();
    overflowsBefore_ = overflowsAfter_ = -1;
    // A clean start: whatever was going on ends first.
    session_.disconnectClient();
    session_.stopServer();
    session_.server().setAcceptPaused(false);
    session_.server().setCloseOnPeerFin(true);
    // The user's drops are not the lesson's: none unless the lesson sets its own; back at the end.
    dropsBefore_ = session_.drops();
    session_.setDrops({});
    watches_.push_back(connect(&session_.client(), &ChatClient::refused, this, [this] { refused_ = true; }));
    watches_.push_back(connect(&session_.client(), &ChatClient::disconnected, this, [this] { clientGone_ = true; }));
    watches_.push_back(connect(&session_.client(), &ChatClient::messageReceived, this, [this](const QByteArray &b) { clientReceived_ += int(b.size()); }));
    watches_.push_back(connect(&session_.server(), &ChatServer::messageReceived, this,
                               [this](const QString &, const QByteArray &b) { serverReceived_ += int(b.size()); }));
    build(id);
    next_ = 0;
    Q_EMIT started(id);
    next();
    return true;
}

void LessonRunner::stop()
{
    if (running_)
        //: zh: 课程被中止
        end(false, LessonWords::tr("the lesson was stopped"));
}

void LessonRunner::build(LessonId id)
{
    steps_.clear();
    Session &s = session_;
    // The lesson's server on port 6666 (the tutorial's), or one the kernel picks if that is taken.
    // wanted < 0: the port the lesson chose already (port_).
    auto listen = [this, &s](int wanted = 6666) {
        //: zh: 服务器：socket()、bind()、listen()
        Step step{LessonWords::tr("the server: socket(), bind(), listen()"), {}, {}, 3000};
        step.act = [this, &s, wanted] {
            QString error;
            const quint16 port = wanted < 0 ? port_ : quint16(wanted);
            if (!s.startServer(host_, port, &error) && (wanted < 0 || !s.startServer(host_, 0, &error))) {
                end(false, error);
                return;
            }
            port_ = s.server().port();
        };
        step.until = [&s] { return s.server().isListening() && s.isLiveCaptureReady(); };
        return step;
    };
    auto connectClient = [this, &s](int timeoutMs = 10000) {
        //: zh: 客户端：connect()
        Step step{LessonWords::tr("the client: connect()"), {}, {}, timeoutMs};
        step.act = [this, &s] {
            clientGone_ = refused_ = false;
            s.connectClient(host_, port_);
        };
        step.until = [&s] { return s.client().isConnected(); };
        return step;
    };
    auto clientSends = [this, &s](const QString &text) {
        //: zh: 客户端：send()
        Step step{LessonWords::tr("the client: send()"), {}, {}, 10000};
        step.act = [this, &s, text] {
            serverReceived_ = 0;
            s.clientSend(text);
        };
        step.until = [this, text] { return serverReceived_ >= int(text.toUtf8().size()); };
        return step;
    };
    auto clientCloses = [this, &s] {
        //: zh: 客户端：close()
        Step step{LessonWords::tr("the client: close()"), {}, {}, 10000};
        step.act = [this, &s] {
            clientGone_ = false;
            s.disconnectClient();
        };
        step.until = [this] { return clientGone_; };
        return step;
    };
    auto pause = [](int ms, const QString &what) {
        auto clock = std::make_shared<QElapsedTimer>();
        Step step{what, [clock] { clock->start(); }, [clock, ms] { return clock->elapsed() >= ms; }, ms + 5000};
        return step;
    };
    // The latest connection's server side, as the packets show it.
    auto serverState = [&s] {
        const auto &cs = s.liveTimeline().connections();
        return cs.empty() ? TcpState::Unknown : cs.back().serverState;
    };
    //: zh: 等待最后的分节
    const QString settle = LessonWords::tr("waiting for the last segments");
    auto stopServer = [&s] {
        //: zh: 服务器：close() 关闭监听套接字
        return Step{LessonWords::tr("the server: close() its listening socket"), [&s] { s.stopServer(); }, [] { return true; }, 1000};
    };

    switch (id) {
    case LessonId::Handshake:
    case LessonId::LostSyn:
    case LessonId::LostSynAck:
    case LessonId::LostAck: {
        std::vector<DropRequest> drops;
        if (id == LessonId::LostSyn)
            drops.push_back({DropRequest::Kind::Syn, 2});
        else if (id == LessonId::LostSynAck)
            drops.push_back({DropRequest::Kind::SynAck, 1});
        else if (id == LessonId::LostAck)
            drops.push_back({DropRequest::Kind::Ack, 1});
        steps_.push_back(listen());
        steps_.back().act = [this, &s, drops, first = steps_.back().act] {
            s.setDrops(drops);
            first();
        };
        steps_.push_back(connectClient(id == LessonId::LostSyn ? 20000 : 10000));
        steps_.push_back(clientSends(QStringLiteral("hello")));
        steps_.push_back(clientCloses());
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    }
    case LessonId::AcceptHeld:
        steps_.push_back(listen());
        steps_.back().act = [&s, first = steps_.back().act] {
            s.server().setAcceptPaused(true);
            first();
        };
        steps_.push_back(connectClient());
        // Two more students while accept() is held: three connections wait in the queue.
        //: zh: 又有两个客户端 connect()
        steps_.push_back(Step{LessonWords::tr("two more clients: connect()"),
                              [this] { connectExtras(2); },
                              [this] { return extrasAll(2, [](ChatClient *c) { return c->isConnected(); }); },
                              10000});
        //: zh: accept() 暂停：握手已经完成，连接在已完成连接队列里等待
        steps_.push_back(pause(2000, LessonWords::tr("accept() is held: the handshake is done, the connection waits in the accept queue")));
        //: zh: 服务器：accept()
        steps_.push_back(Step{LessonWords::tr("the server: accept()"), [&s] { s.server().setAcceptPaused(false); },
                              [&s] { return s.server().peerCount() >= 3; }, 5000});
        steps_.push_back(clientSends(QStringLiteral("hello")));
        //: zh: 另外两个客户端：close()
        steps_.push_back(Step{LessonWords::tr("the two other clients: close()"),
                              [this] { closeExtras(2); },
                              [this] { return extrasAll(2, [](ChatClient *c) { return !c->isBusy(); }); },
                              5000});
        steps_.push_back(clientCloses());
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    case LessonId::QueueFull:
        steps_.push_back(listen());
        steps_.back().act = [this, &s, first = steps_.back().act] {
            s.server().setAcceptPaused(true);
            s.server().setBacklog(1);
            overflowsBefore_ = listenOverflows();
            first();
        };
        steps_.push_back(connectClient());
        //: zh: 又有三个客户端 connect()：队列只放得下 backlog + 1 = 2 个
        steps_.push_back(Step{LessonWords::tr("three more clients: connect(); the queue takes only backlog + 1 = 2"),
                              [this] { connectExtras(3); },
                              [] { return true; }, 1000});
        //: zh: accept() 暂停：放不下的连接在重试
        steps_.push_back(pause(3500, LessonWords::tr("accept() is held: the connections that do not fit try again")));
        //: zh: 服务器：accept()，一个接一个
        steps_.push_back(Step{LessonWords::tr("the server: accept(), one after another"),
                              [this, &s] {
                                  overflowsAfter_ = listenOverflows();
                                  s.server().setAcceptPaused(false);
                              },
                              [&s] { return s.server().peerCount() >= 4; }, 15000});
        //: zh: 所有客户端：close()
        steps_.push_back(Step{LessonWords::tr("every client: close()"),
                              [this, &s] {
                                  clientGone_ = false;
                                  s.disconnectClient();
                                  closeExtras(3);
                              },
                              [this, &s] { return !s.client().isBusy() && extrasAll(3, [](ChatClient *c) { return !c->isBusy(); }); },
                              5000});
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    case LessonId::Refused:
        //: zh: 客户端：connect() 到一个没有程序监听的端口
        steps_.push_back(Step{LessonWords::tr("the client: connect() to a port nothing listens on"),
                              [this, &s] {
                                  port_ = unusedPort();
                                  refused_ = clientGone_ = false;
                                  s.connectClient(host_, port_);
                              },
                              [this] { return refused_ || clientGone_; }, 10000});
        steps_.push_back(pause(300, settle));
        break;
    case LessonId::Abort:
        steps_.push_back(listen());
        steps_.push_back(connectClient());
        steps_.push_back(clientSends(QStringLiteral("bye")));
        //: zh: 客户端：SO_LINGER 0，然后 close()
        steps_.push_back(Step{LessonWords::tr("the client: SO_LINGER 0, then close()"),
                              [this, &s] {
                                  clientGone_ = false;
                                  s.client().abort();
                              },
                              [this] { return clientGone_; }, 5000});
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    case LessonId::HalfClose:
        steps_.push_back(listen());
        steps_.back().act = [&s, first = steps_.back().act] {
            s.server().setCloseOnPeerFin(false);
            first();
        };
        steps_.push_back(connectClient());
        steps_.push_back(clientSends(QStringLiteral("hello")));
        //: zh: 客户端：shutdown(SHUT_WR)
        steps_.push_back(Step{LessonWords::tr("the client: shutdown(SHUT_WR)"), [&s] { s.client().shutdownWrite(); },
                              [serverState] { return serverState() == TcpState::CloseWait; }, 5000});
        //: zh: 服务器：在客户端的 FIN 之后还在 send()
        steps_.push_back(Step{LessonWords::tr("the server: send(), after the client's FIN"),
                              [this, &s] {
                                  clientReceived_ = 0;
                                  s.serverSend(QStringLiteral("still here after your FIN"));
                              },
                              [this] { return clientReceived_ >= 25; }, 5000});
        //: zh: 服务器：close()
        steps_.push_back(Step{LessonWords::tr("the server: close()"),
                              [this, &s] {
                                  clientGone_ = false;
                                  s.server().closePeers();
                              },
                              [this] { return clientGone_; }, 5000});
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    case LessonId::SimultaneousClose:
        steps_.push_back(listen());
        steps_.back().act = [this, &s, first = steps_.back().act] {
            s.setDrops({DropRequest{DropRequest::Kind::Fin, 1}});
            first();
        };
        steps_.push_back(connectClient());
        //: zh: 服务器：accept()
        steps_.push_back(Step{LessonWords::tr("the server: accept()"), [] {}, [&s] { return s.server().peerCount() > 0; }, 5000});
        //: zh: 两边同时 close()：客户端的 FIN 被实验网络丢弃，服务器的 FIN 随后就发出
        steps_.push_back(Step{LessonWords::tr("both close() at once: the lab drops the client's FIN, the server's follows straight away"),
                              [this, &s] {
                                  clientGone_ = false;
                                  s.disconnectClient();
                                  s.server().closePeers();
                              },
                              [this, &s] {
                                  const auto &cs = s.liveTimeline().connections();
                                  return clientGone_ && !cs.empty() && cs.back().clientState == TcpState::TimeWait
                                      && cs.back().serverState == TcpState::TimeWait;
                              },
                              10000});
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    case LessonId::SimultaneousOpen:
        //: zh: 两个套接字各自 bind() 到对方要连接的端口，同时 connect()：实验网络丢掉每个方向的第一个 SYN
        steps_.push_back(Step{LessonWords::tr("two sockets bind() to each other's ports and connect() at once: the lab drops the first SYN each way"),
                              [this] { openBoth(); },
                              [this] { return openConnected_ >= 2 || openError_ != 0; }, 8000});
        steps_.push_back(pause(300, settle));
        //: zh: 一边 close()，另一边读到文件结束后也 close()
        steps_.push_back(Step{LessonWords::tr("one side close()s; the other reads the end of file and close()s too"),
                              [this] {
                                  if (openA_)
                                      openA_->close();
                              },
                              [this] { return openB_ && openB_->peerHasClosed(); }, 5000});
        //: zh: 另一边：close()
        steps_.push_back(Step{LessonWords::tr("the other side: close()"), [this] { openB_->close(); },
                              [this] { return !openB_->isOpen(); }, 5000});
        steps_.push_back(pause(300, settle));
        break;
    case LessonId::TimeWait:
        steps_.push_back(listen());
        steps_.push_back(connectClient());
        //: zh: 服务器：accept()
        steps_.push_back(Step{LessonWords::tr("the server: accept()"), [] {}, [&s] { return s.server().peerCount() > 0; }, 5000});
        //: zh: 服务器先 close()：它是主动关闭的一方
        steps_.push_back(Step{LessonWords::tr("the server calls close() first: it is the active closer"),
                              [this, &s] {
                                  clientGone_ = false;
                                  s.server().closePeers();
                              },
                              [this, serverState] { return clientGone_ && serverState() == TcpState::TimeWait; }, 5000});
        steps_.push_back(stopServer());
        //: zh: bind() 同一个地址和端口，没有 SO_REUSEADDR
        steps_.push_back(Step{LessonWords::tr("bind() the same address and port, without SO_REUSEADDR"),
                              [this, &s] {
                                  const BindProbe p = probeBind(s.server().listenerEndpoint(), false);
                                  bindWithout_ = p.error;
                                  for (const SocketCall &c : p.calls)
                                      s.liveTimeline().appendCall(c);
                              },
                              [] { return true; }, 1000});
        //: zh: 再 bind() 一次，这次先设置 SO_REUSEADDR
        steps_.push_back(Step{LessonWords::tr("bind() again, with SO_REUSEADDR set first"),
                              [this, &s] {
                                  const BindProbe p = probeBind(s.server().listenerEndpoint(), true);
                                  bindWith_ = p.error;
                                  for (const SocketCall &c : p.calls)
                                      s.liveTimeline().appendCall(c);
                              },
                              [] { return true; }, 1000});
        break;
    case LessonId::RandomIsn:
        steps_.push_back(listen());
        steps_.push_back(connectClient());
        steps_.push_back(clientCloses());
        steps_.push_back(connectClient());
        steps_.push_back(clientCloses());
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    case LessonId::Tutorial: {
        //: zh: 编译教程的 server.c 和 client.c
        steps_.push_back(Step{LessonWords::tr("compiling the tutorial's server.c and client.c"),
                              [this, &s] {
                                  compilerMissing_.clear();
                                  if (currentNetwork().twoHosts) {
                                      //: zh: 教程的程序在一台主机上运行：先把实验网络切换为一台主机（实验网络 → 布局和丢包…）
                                      end(false, LessonWords::tr("the tutorial's programs run on one host: switch the lab to one host first (Lab → Layout and losses…)"));
                                      return;
                                  }
                                  // Its port, 6666, unless a connection there is still in TIME_WAIT (its
                                  // bind() has no SO_REUSEADDR and would fail): then one the kernel picks,
                                  // written into the copy of its source, and said.
                                  port_ = 6666;
                                  Endpoint any;
                                  any.port = 6666;
                                  if (probeBind(any, false).error == EADDRINUSE) {
                                      port_ = unusedPort();
                                      //: zh: 6666 端口还被一个处在 TIME_WAIT 的连接占着：教程的程序改用 %1 端口编译
                                      Q_EMIT progress(LessonWords::tr("port 6666 is still held by a connection in TIME_WAIT: the tutorial's programs are built for port %1").arg(port_));
                                  }
                                  QString compiler;
                                  for (const char *name : {"cc", "gcc", "clang"})
                                      if (compiler.isEmpty())
                                          compiler = QStandardPaths::findExecutable(QString::fromLatin1(name));
                                  const QString folder = s.scratchFolder().isEmpty() ? QDir::tempPath() : s.scratchFolder();
                                  if (compiler.isEmpty()) {
                                      //: zh: 这台机器上没有 C 编译器（cc、gcc、clang）：由本程序的客户端和服务器来扮演教程的角色
                                      compilerMissing_ = LessonWords::tr("no C compiler on this machine (cc, gcc, clang): this program's client and server play the tutorial's parts");
                                      return;
                                  }
                                  for (const char *name : {"server", "client"}) {
                                      const QString source = QDir(folder).filePath(QStringLiteral("%1.c").arg(QLatin1String(name)));
                                      const QString binary = QDir(folder).filePath(QStringLiteral("tutorial-%1").arg(QLatin1String(name)));
                                      QFile::remove(source);
                                      QFile in(QStringLiteral(":/tutorial/%1.c").arg(QLatin1String(name)));
                                      QFile out(source);
                                      if (in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly))
                                          out.write(in.readAll().replace("#define PORT 6666", "#define PORT " + QByteArray::number(port_)));
                                      out.close();
                                      QProcess cc;
                                      cc.setProcessChannelMode(QProcess::MergedChannels);
                                      cc.start(compiler, {QStringLiteral("-w"), QStringLiteral("-o"), binary, source});
                                      if (!cc.waitForFinished(30000) || cc.exitCode() != 0) {
                                          //: zh: 无法编译教程的 %1：%2
                                          compilerMissing_ = LessonWords::tr("cannot compile the tutorial's %1: %2")
                                                                 .arg(QFileInfo(source).fileName(), QString::fromLocal8Bit(cc.readAll()).trimmed().left(300));
                                          return;
                                      }
                                      (QLatin1String(name) == QLatin1String("server") ? tutorialServer_ : tutorialClient_) = binary;
                                  }
                              },
                              [] { return true; }, 60000});
        // Its server (or ours, without a compiler) on 6666, our client against it.
        //: zh: 教程的服务器：socket()、bind(INADDR_ANY:6666)、listen(5)
        steps_.push_back(Step{LessonWords::tr("the tutorial's server: socket(), bind(INADDR_ANY:6666), listen(5)"),
                              [this, &s] {
                                  if (!compilerMissing_.isEmpty()) {
                                      QString error;
                                      if (!s.startServer(host_, port_, &error))
                                          end(false, error);
                                      return;
                                  }
                                  s.coverPort(port_);
                                  runProgram(tutorialServer_, "reply_from_server.c\n");
                              },
                              [this, &s] {
                                  if (compilerMissing_.isEmpty() && program_ && program_->state() == QProcess::NotRunning) {
                                      // It could not listen: its own words (bind error:Address already in use, when a
                                      // connection on 6666 is still in TIME_WAIT: the time-wait lesson).
                                      //: zh: 教程的服务器结束了：%1（如果是 Address already in use：6666 端口上还有连接处在 TIME_WAIT，最多等 60 秒；见 TIME_WAIT 那一课）
                                      end(false, LessonWords::tr("the tutorial's server ended: %1 (if that is Address already in use: a connection on port 6666 is still in TIME_WAIT; wait up to 60 s, see the TIME_WAIT lesson)")
                                                     .arg(QString::fromLocal8Bit(programOutput_ + program_->readAll()).simplified().left(200)));
                                      return false;
                                  }
                                  // (Its printf() goes to a pipe, held in stdio's buffer: the kernel is asked.)
                                  return s.isLiveCaptureReady()
                                      && (!compilerMissing_.isEmpty() ? s.server().isListening() : somethingListensOn(port_));
                              },
                              5000});
        steps_.push_back(connectClient());
        //: zh: 客户端：send()；教程的服务器 recv()，再 send() 它从标准输入读到的回复
        steps_.push_back(Step{LessonWords::tr("the client: send(); the tutorial's server recv()s it and send()s the reply it read from standard input"),
                              [this, &s] {
                                  clientReceived_ = serverReceived_ = 0;
                                  s.clientSend(QStringLiteral("hello"));
                              },
                              [this, &s] {
                                  if (!compilerMissing_.isEmpty() && serverReceived_ > 0 && clientReceived_ == 0) {
                                      serverReceived_ = -1000; // replied once
                                      s.serverSend(QStringLiteral("reply"));
                                  }
                                  return clientReceived_ > 0;
                              },
                              5000});
        steps_.push_back(clientCloses());
        //: zh: 教程的服务器在 recv() 返回 0 以后一直循环：结束它（内核替它关闭套接字）
        steps_.push_back(Step{LessonWords::tr("the tutorial's server loops on recv() returning 0: it is ended (its kernel closes the socket for it)"),
                              [this, &s] {
                                  if (compilerMissing_.isEmpty())
                                      endProgram();
                                  else
                                      s.stopServer();
                              },
                              [] { return true; }, 1000});
        steps_.push_back(pause(300, settle));
        // Our server on 6666, the tutorial's client against it.
        steps_.push_back(listen(-1));
        //: zh: 教程的客户端：connect(0.0.0.0:6666)，然后 send()
        steps_.push_back(Step{LessonWords::tr("the tutorial's client: connect(0.0.0.0:6666), then send()"),
                              [this, &s] {
                                  serverReceived_ = 0;
                                  if (compilerMissing_.isEmpty())
                                      runProgram(tutorialClient_, "hello_from_client.c\n");
                                  else
                                      s.connectClient(host_, port_);
                              },
                              [this, &s] {
                                  if (!compilerMissing_.isEmpty() && s.client().isConnected() && serverReceived_ == 0)
                                      s.clientSend(QStringLiteral("hello"));
                                  return serverReceived_ > 0;
                              },
                              5000});
        //: zh: 本程序的服务器：send() 回复
        steps_.push_back(Step{LessonWords::tr("this program's server: send() a reply"),
                              [this, &s] {
                                  clientReceived_ = 0;
                                  s.serverSend(QStringLiteral("hi"));
                              },
                              [this, &s] {
                                  // The tutorial's client prints into a pipe's buffer: its kernel's ACK of the reply tells.
                                  if (!compilerMissing_.isEmpty())
                                      return clientReceived_ > 0;
                                  const auto &cs = s.liveTimeline().connections();
                                  return !cs.empty() && s.liveTimeline().segmentsUpTo(cs.back().id, realtimeMicros()) > 0
                                      && lastAckFromClient(s.liveTimeline(), cs.back().id) >= 3;
                              },
                              5000});
        //: zh: 教程的客户端结束（它没有调用 close()：内核替它关闭）
        steps_.push_back(Step{LessonWords::tr("the tutorial's client ends (it never calls close(): its kernel closes for it)"),
                              [this, &s] {
                                  if (compilerMissing_.isEmpty())
                                      endProgram();
                                  else
                                      s.disconnectClient();
                              },
                              [&s] { return s.server().peerCount() == 0; }, 5000});
        steps_.push_back(pause(300, settle));
        steps_.push_back(stopServer());
        break;
    }
    case LessonId::Count:
        break;
    }
}

void LessonRunner::connectExtras(int n)
{
    while (int(extra_.size()) < n)
        extra_.push_back(&session_.addClient());
    for (int i = 0; i < n; ++i)
        extra_[size_t(i)]->connectToHost(host_, port_);
}

void LessonRunner::closeExtras(int n)
{
    for (int i = 0; i < n && i < int(extra_.size()); ++i)
        extra_[size_t(i)]->disconnectFromHost();
}

bool LessonRunner::extrasAll(int n, bool (*test)(ChatClient *)) const
{
    return int(extra_.size()) >= n && std::all_of(extra_.begin(), extra_.begin() + n, test);
}

// Socket A on the client's host, bound to port a, connects to port b of the server's host; socket
// B there, bound to b, connects to a at once. The lab's rules (armed for these ports before the
// first SYN) drop the first pure SYN each way: the two SYNs that reach the other side are copies,
// sent by retransmission timers armed microseconds apart, which the kernel's timer wheel runs in
// the same tick; each copy finds its receiver in SYN_SENT.
void LessonRunner::openBoth()
{
    openConnected_ = 0;
    openError_ = 0;
    const quint16 a = unusedPort();
    quint16 b = unusedPort();
    if (b == a)
        b = quint16(a + 1);
    session_.setDrops({DropRequest{DropRequest::Kind::Syn, 1}, DropRequest{DropRequest::Kind::PeerSyn, 1}});
    session_.armLab(a, b);
    const bool twoHosts = currentNetwork().twoHosts;
    const QHostAddress serverAddress(host_);
    const QHostAddress clientAddress(twoHosts ? QStringLiteral("10.0.0.1") : QStringLiteral("127.0.0.1"));
    openA_ = std::make_unique<StreamSocket>(CallSide::Client);
    openB_ = std::make_unique<StreamSocket>(CallSide::Server);
    for (StreamSocket *socket : {openA_.get(), openB_.get()}) {
        connect(socket, &StreamSocket::socketCall, &session_.liveTimeline(), &Timeline::appendCall);
        connect(socket, &StreamSocket::connected, this, [this] { ++openConnected_; });
        connect(socket, &StreamSocket::connectFailed, this, [this](int error) { openError_ = error ? error : ECONNREFUSED; });
    }
    openA_->bindFirst([](const Endpoint &, const Endpoint &) {}, a);
    openB_->bindFirst([](const Endpoint &, const Endpoint &) {}, b);
    session_.whenCapturing(b, [this, serverAddress, clientAddress, a, b] {
        if (!running_ || !openA_ || !openB_)
            return;
        int error = 0;
        if (!openA_->connectTo(serverAddress, b, &error)) {
            openError_ = error ? error : EINVAL;
            return;
        }
        const ServerHostScope there; // B is the server host's (one host: here)
        if (!openB_->connectTo(clientAddress, a, &error))
            openError_ = error ? error : EINVAL;
    });
}

void LessonRunner::runProgram(const QString &path, const QByteArray &input)
{
    endProgram();
    programOutput_.clear();
    program_ = std::make_unique<QProcess>();
    program_->setProcessChannelMode(QProcess::MergedChannels);
    connect(program_.get(), &QProcess::readyRead, this, [this] {
        // The tutorial's programs print in loops: only the beginning is kept.
        if (programOutput_.size() < 65536)
            programOutput_ += program_->readAll().left(65536);
        else
            program_->readAll();
    });
    program_->start(path, {});
    program_->write(input);
}

void LessonRunner::endProgram()
{
    if (!program_)
        return;
    program_->disconnect(this);
    if (program_->state() != QProcess::NotRunning) {
        program_->terminate();
        if (!program_->waitForFinished(1000))
            program_->kill();
        program_->waitForFinished(1000);
    }
    program_.reset();
}

void LessonRunner::next()
{
    if (!running_)
        return;
    if (next_ >= steps_.size()) {
        QString message;
        if (id_ == LessonId::TimeWait)
            //: zh: bind() 没有 SO_REUSEADDR：%1；有 SO_REUSEADDR：%2
            message = LessonWords::tr("bind() without SO_REUSEADDR: %1; with SO_REUSEADDR: %2")
                          .arg(bindWithout_ == 0 ? QStringLiteral("0") : QStringLiteral("-1, ") + QString::fromLocal8Bit(std::strerror(bindWithout_)),
                               bindWith_ == 0 ? QStringLiteral("0") : QStringLiteral("-1, ") + QString::fromLocal8Bit(std::strerror(bindWith_)));
        if (id_ == LessonId::SimultaneousOpen) {
            const auto &cs = session_.liveTimeline().connections();
            if (cs.empty() || !cs.back().simultaneousOpen)
                //: zh: 这一次两个 SYN 没有交错（两个重传计时器不在同一个节拍里到期）：请重放
                message = LessonWords::tr("the two SYNs did not cross this time (the two retransmission timers ran out in different ticks): replay it");
            else
                //: zh: 两个 SYN 交错了：两边都经过了 SYN_SENT → SYN_RCVD → ESTABLISHED
                message = LessonWords::tr("the SYNs crossed: both sides went SYN_SENT → SYN_RCVD → ESTABLISHED");
        }
        if (id_ == LessonId::Tutorial && !compilerMissing_.isEmpty())
            message = compilerMissing_;
        if (id_ == LessonId::QueueFull && overflowsBefore_ >= 0 && overflowsAfter_ >= 0)
            //: zh: 内核计数（TcpExt ListenOverflows）：队列满时拒绝了 %1 次
            message = LessonWords::tr("the kernel's count (TcpExt ListenOverflows): %1 turned away while the queue was full")
                          .arg(overflowsAfter_ - overflowsBefore_);
        end(true, message);
        return;
    }
    Step &step = steps_[next_];
    Q_EMIT progress(step.what);
    stepClock_.start();
    if (step.act)
        step.act();
    if (!running_)
        return; // the action ended the lesson (it could not listen)
    poll_.start();
    poll();
}

void LessonRunner::poll()
{
    if (!running_ || next_ >= steps_.size())
        return;
    Step &step = steps_[next_];
    if (step.until && !step.until()) {
        if (running_ && stepClock_.elapsed() > step.timeoutMs)
            //: zh: 课程停在“%1”：%2 秒内没有发生
            end(false, LessonWords::tr("the lesson stopped at \"%1\": it did not happen within %2 s").arg(step.what).arg(step.timeoutMs / 1000.0));
        return;
    }
    poll_.stop();
    ++next_;
    next();
}

void LessonRunner::end(bool ok, const QString &message)
{
    poll_.stop();
    // Our client first: ending a tutorial program first would make its side the active closer,
    // its port 6666 in TIME_WAIT for a minute (and its next bind() would fail).
    if (!ok)
        session_.disconnectClient();
    endProgram();
    const bool wasRunning = running_;
    running_ = false;
    for (const QMetaObject::Connection &c : watches_)
        disconnect(c);
    watches_.clear();
    // The simultaneous open's sockets: an unfinished lesson resets them (nothing waits for a FIN).
    if (!ok) {
        if (openA_ && openA_->isOpen())
            openA_->abort();
        if (openB_ && openB_->isOpen())
            openB_->abort();
    }
    openA_.reset();
    openB_.reset();
    if (!ok) {
        session_.disconnectClient();
        session_.stopServer();
    }
    session_.server().setAcceptPaused(acceptPausedBefore_);
    session_.server().setBacklog(backlogBefore_);
    session_.server().setCloseOnPeerFin(true);
    if (dropsBefore_)
        session_.setDrops(*std::exchange(dropsBefore_, std::nullopt));
    if (wasRunning)
        Q_EMIT finished(id_, ok, message);
}

} // namespace hv
