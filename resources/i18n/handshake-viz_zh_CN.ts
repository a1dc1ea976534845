<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallText</name>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>network unreachable</source>
        <translation>网络不可达</translation>
    </message>
    <message>
        <source>host unreachable</source>
        <translation>主机不可达</translation>
    </message>
    <message>
        <source>connect() returns</source>
        <extracomment>zh: connect() 返回</extracomment>
        <translation>connect() 返回</translation>
    </message>
    <message>
        <source>accept() returns</source>
        <extracomment>zh: accept() 返回</extracomment>
        <translation>accept() 返回</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1 backlog %2</source>
        <extracomment>zh: %1 backlog %2</extracomment>
        <translation>%1，backlog %2</translation>
    </message>
    <message>
        <source>-1, %1</source>
        <extracomment>zh: -1，%1</extracomment>
        <translation>-1，%1</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <extracomment>zh: %1，发往 %2</extracomment>
        <translation>%1，发往 %2</translation>
    </message>
    <message>
        <source>returns 0: %1 closed its side</source>
        <translation>返回 0：%1 关闭了它那一端</translation>
    </message>
    <message>
        <source>returns 0: the other side closed its side</source>
        <translation>返回 0：对方关闭了它那一端</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <extracomment>zh: %1，来自 %2</extracomment>
        <translation>%1，来自 %2</translation>
    </message>
    <message>
        <source>SHUT_WR: no more sending</source>
        <translation>SHUT_WR：不再发送</translation>
    </message>
    <message>
        <source>SO_LINGER 0: reset the connection</source>
        <translation>SO_LINGER 0：复位连接</translation>
    </message>
    <message>
        <source>listening socket %1</source>
        <translation>监听套接字 %1</translation>
    </message>
    <message>
        <source>noticed by the program %1 later</source>
        <extracomment>zh: 程序在 %1 后才察觉</extracomment>
        <translation>程序在 %1 后才察觉</translation>
    </message>
    <message>
        <source>broken pipe</source>
        <extracomment>zh: 管道已断开</extracomment>
        <translation>管道已断开</translation>
    </message>
    <message>
        <source>returns -1, %1 (%2)</source>
        <extracomment>zh: 返回 -1，%1（%2）</extracomment>
        <translation>返回 -1，%1（%2）</translation>
    </message>
    <message>
        <source>the connection is gone already: nothing is sent (no FIN)</source>
        <extracomment>zh: 连接已经没了：什么也不发送（没有 FIN）</extracomment>
        <translation>连接已经没了：什么也不发送（没有 FIN）</translation>
    </message>
    <message>
        <source>address already in use</source>
        <extracomment>zh: 地址已被占用</extracomment>
        <translation>地址已被占用</translation>
    </message>
    <message>
        <source>%1 (with the newline \n)</source>
        <extracomment>zh: %1（含换行符 \n）</extracomment>
        <translation>%1（含换行符 \n）</translation>
    </message>
</context>
<context>
    <name>CaptureArchive</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot write %1: no packets have been captured yet</source>
        <translation>无法写入 %1：还没有抓到任何分组</translation>
    </message>
    <message>
        <source>cannot write %1: frames %2 to %3 are not in the session's capture</source>
        <extracomment>zh: 无法写入 %1：会话的抓包里没有第 %2 到 %3 帧</extracomment>
        <translation>无法写入 %1：会话的抓包里没有第 %2 到 %3 帧</translation>
    </message>
    <message>
        <source>the session's captures have different link types (%1 and %2), which one .pcap cannot hold</source>
        <extracomment>zh: 会话的几次抓包链路类型不同（%1 和 %2），一个 .pcap 文件装不下</extracomment>
        <translation>会话的几次抓包链路类型不同（%1 和 %2），一个 .pcap 文件装不下</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Handshake Visualizer: a real TCP server and client side by side, the segments the kernel sends captured with libpcap, and a ladder diagram of the handshake.</source>
        <translation>握手可视化（Handshake Visualizer）：并排运行一个真实的 TCP 服务器和客户端，用 libpcap 抓取内核发出的分节，并画出握手过程的时序图。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>显示版本号。</translation>
    </message>
    <message>
        <source>Open a .pcap/.pcapng file.</source>
        <translation>打开一个 .pcap/.pcapng 文件。</translation>
    </message>
    <message>
        <source>Listen, connect, chat, close and capture it all on loopback (with --export: headless).</source>
        <translation>在回环接口上依次监听、连接、聊天、关闭，并把这一切抓下来（与 --export 一起使用时不打开窗口）。</translation>
    </message>
    <message>
        <source>Server address (default 127.0.0.1:6666).</source>
        <translation>服务器地址（默认 127.0.0.1:6666）。</translation>
    </message>
    <message>
        <source>Where the client connects (default: the listen address).</source>
        <translation>客户端连接的地址（默认：监听地址）。</translation>
    </message>
    <message>
        <source>A message the client sends in --demo. Repeatable.</source>
        <translation>--demo 中客户端发送的一条消息。可重复使用。</translation>
    </message>
    <message>
        <source>How many clients --demo connects at once, each sending its own numbered messages (default 1).</source>
        <translation>--demo 同时连接的客户端个数，每个客户端发送自己编号的消息（默认 1）。</translation>
    </message>
    <message>
        <source>Interface language: zh or en.</source>
        <translation>界面语言：zh 或 en。</translation>
    </message>
    <message>
        <source>Save a picture of the window to OUT.png once --demo or --read has played, then exit.</source>
        <translation>--demo 或 --read 播放完后，把窗口截图保存到 OUT.png，然后退出。</translation>
    </message>
    <message>
        <source>unexpected argument '%1' (did you mean --read %1?)</source>
        <translation>多余的参数“%1”（是不是想用 --read %1？）</translation>
    </message>
    <message>
        <source>--listen %1: expected ADDR:PORT, e.g. 127.0.0.1:6666 or [::1]:6666</source>
        <translation>--listen %1：应为 ADDR:PORT，例如 127.0.0.1:6666 或 [::1]:6666</translation>
    </message>
    <message>
        <source>--connect %1: expected HOST:PORT, e.g. 127.0.0.1:6666</source>
        <translation>--connect %1：应为 HOST:PORT，例如 127.0.0.1:6666</translation>
    </message>
    <message>
        <source>--clients %1: expected a number from 1 to %2</source>
        <translation>--clients %1：应为 1 到 %2 之间的数</translation>
    </message>
    <message>
        <source>--clients needs --demo: it says how many clients the demo connects</source>
        <translation>--clients 要与 --demo 一起使用：它指定演示中连接几个客户端</translation>
    </message>
    <message>
        <source>--lang %1: expected zh or en</source>
        <translation>--lang %1：应为 zh 或 en</translation>
    </message>
    <message>
        <source>--demo and --read cannot be combined: a demo captures live traffic</source>
        <translation>--demo 和 --read 不能同时使用：演示抓取的是实时流量</translation>
    </message>
    <message>
        <source>The kernel's buffer for live capture, in KiB (default 8192). Packets that arrive while it is full are dropped.</source>
        <extracomment>zh: 实时抓包时内核缓冲区的大小，单位 KiB（默认 8192）。缓冲区满时到达的分组会被内核丢弃。</extracomment>
        <translation>实时抓包时内核缓冲区的大小，单位 KiB（默认 8192）。缓冲区满时到达的分组会被内核丢弃。</translation>
    </message>
    <message>
        <source>--capture-buffer %1: expected a number from 1 to %2 (KiB)</source>
        <extracomment>zh: --capture-buffer %1：应为 1 到 %2 之间的数（单位 KiB）</extracomment>
        <translation>--capture-buffer %1：应为 1 到 %2 之间的数（单位 KiB）</translation>
    </message>
    <message>
        <source>What the live session keeps in memory, in MiB (default: a quarter of the memory, from 256 to 4096; 0: no limit). Past it, older connections stay on disk as an earlier part that can be opened.</source>
        <extracomment>zh: 实时会话在内存中最多保留多少 MiB（默认：内存的四分之一，256 到 4096 之间；0：不限）。超过时，较早的连接留在磁盘上，成为可以打开的“较早部分”。</extracomment>
        <translation>实时会话在内存中最多保留多少 MiB（默认：内存的四分之一，256 到 4096 之间；0：不限）。超过时，较早的连接留在磁盘上，成为可以打开的“较早部分”。</translation>
    </message>
    <message>
        <source>--memory-limit %1: expected 0 or a positive number (MiB)</source>
        <extracomment>zh: --memory-limit %1：应为 0 或一个正数（单位 MiB）</extracomment>
        <translation>--memory-limit %1：应为 0 或一个正数（单位 MiB）</translation>
    </message>
    <message>
        <source>Where live capture runs: host (this machine's network: root or setcap) or lab (a private network of the program's own: no privileges). Default: host where it may capture, else lab.</source>
        <extracomment>zh: 在哪个网络上抓包：host（本机的网络，需要 root 或 setcap）或 lab（程序自己的私有网络，不需要任何权限）。默认：能在本机抓包就用 host，否则用 lab。</extracomment>
        <translation>在哪个网络上抓包：host（本机的网络，需要 root 或 setcap）或 lab（程序自己的私有网络，不需要任何权限）。默认：能在本机抓包就用 host，否则用 lab。</translation>
    </message>
    <message>
        <source>--network %1: expected host or lab</source>
        <extracomment>zh: --network %1：应为 host 或 lab</extracomment>
        <translation>--network %1：应为 host 或 lab</translation>
    </message>
    <message>
        <source>--network lab: the lab network is unavailable: %1</source>
        <extracomment>zh: --network lab：私有的实验网络不可用：%1</extracomment>
        <translation>--network lab：私有的实验网络不可用：%1</translation>
    </message>
    <message>
        <source>In the lab network, the kernel drops the next N segments of a kind: syn, synack, ack (the one that completes the handshake) or fin. Repeatable.</source>
        <extracomment>zh: 在实验网络里让内核丢弃接下来的 N 个这种分节：syn、synack、ack（完成握手的 ACK）或 fin。可以重复。</extracomment>
        <translation>在实验网络里让内核丢弃接下来的 N 个这种分节：syn、synack、ack（完成握手的 ACK）或 fin。可以重复。</translation>
    </message>
    <message>
        <source>--drop %1: expected syn:N, synack:N, ack:N or fin:N (N from 1 to 100)</source>
        <extracomment>zh: --drop %1：应为 syn:N、synack:N、ack:N 或 fin:N（N 为 1 到 100）</extracomment>
        <translation>--drop %1：应为 syn:N、synack:N、ack:N 或 fin:N（N 为 1 到 100）</translation>
    </message>
    <message>
        <source>--drop drops segments in the lab network only: it cannot go with --network host</source>
        <extracomment>zh: --drop 只在实验网络里丢弃分组：不能和 --network host 一起用</extracomment>
        <translation>--drop 只在实验网络里丢弃分组：不能和 --network host 一起用</translation>
    </message>
    <message>
        <source>In the lab network, the kernel drops PCT percent of the segments on the connection's port at random, both ways, for good.</source>
        <extracomment>zh: 在实验网络里让内核随机丢弃这个连接端口上百分之 PCT 的分节（两个方向都丢，一直有效）。</extracomment>
        <translation>在实验网络里让内核随机丢弃这个连接端口上百分之 PCT 的分节（两个方向都丢，一直有效）。</translation>
    </message>
    <message>
        <source>--loss %1: expected a percentage from 1 to 100</source>
        <extracomment>zh: --loss %1：应为 1 到 100 之间的百分数</extracomment>
        <translation>--loss %1：应为 1 到 100 之间的百分数</translation>
    </message>
    <message>
        <source>The lab network's layout: one-host (server and client share lo; the default) or two-hosts (client 10.0.0.1 and server 10.0.0.2 on a veth pair, MTU 1500). Implies --network lab.</source>
        <extracomment>zh: 实验网络的布局：one-host（服务器和客户端共用 lo，默认）或 two-hosts（客户端 10.0.0.1 和服务器 10.0.0.2 在一对 veth 上，MTU 1500）。意味着 --network lab。</extracomment>
        <translation>实验网络的布局：one-host（服务器和客户端共用 lo，默认）或 two-hosts（客户端 10.0.0.1 和服务器 10.0.0.2 在一对 veth 上，MTU 1500）。意味着 --network lab。</translation>
    </message>
    <message>
        <source>--lab %1: expected one-host or two-hosts</source>
        <extracomment>zh: --lab %1：应为 one-host 或 two-hosts</extracomment>
        <translation>--lab %1：应为 one-host 或 two-hosts</translation>
    </message>
    <message>
        <source>--lab lays out the lab network: it cannot go with --network host</source>
        <extracomment>zh: --lab 说的是实验网络的布局：不能和 --network host 一起用</extracomment>
        <translation>--lab 说的是实验网络的布局：不能和 --network host 一起用</translation>
    </message>
    <message>
        <source>--lab two-hosts: cannot make the two hosts: %1</source>
        <extracomment>zh: --lab two-hosts：无法搭建两台主机：%1</extracomment>
        <translation>--lab two-hosts：无法搭建两台主机：%1</translation>
    </message>
    <message>
        <source>In the lab network, every segment leaves MS ms late (netem; where the kernel has no netem this is said, and --rate offered instead).</source>
        <extracomment>zh: 在实验网络里让每个分节在发出时晚 MS 毫秒（netem；这个内核没有 netem 时会直说，并建议用 --rate）。</extracomment>
        <translation>在实验网络里让每个分节在发出时晚 MS 毫秒（netem；这个内核没有 netem 时会直说，并建议用 --rate）。</translation>
    </message>
    <message>
        <source>In the lab network, the links carry at most KBIT kbit/s (tbf): a segment waits for the ones before it (serialisation delay).</source>
        <extracomment>zh: 在实验网络里把链路限制为 KBIT kbit/s（tbf）：一个分节要等它前面的分节发完（串行化时延）。</extracomment>
        <translation>在实验网络里把链路限制为 KBIT kbit/s（tbf）：一个分节要等它前面的分节发完（串行化时延）。</translation>
    </message>
    <message>
        <source>--%1 %2: expected a whole number from %3 to %4</source>
        <extracomment>zh: --%1 %2：应为 %3 到 %4 之间的整数</extracomment>
        <translation>--%1 %2：应为 %3 到 %4 之间的整数</translation>
    </message>
    <message>
        <source>--delay and --rate go one at a time</source>
        <extracomment>zh: --delay 和 --rate 一次只能用一个</extracomment>
        <translation>--delay 和 --rate 一次只能用一个</translation>
    </message>
    <message>
        <source>--delay and --rate work in the lab network only: they cannot go with --network host</source>
        <extracomment>zh: --delay 和 --rate 只在实验网络里起作用：不能和 --network host 一起用</extracomment>
        <translation>--delay 和 --rate 只在实验网络里起作用：不能和 --network host 一起用</translation>
    </message>
    <message>
        <source>Run a lesson (NAME: see --lesson list): with --export headless, exported when it is over; else in the window.</source>
        <extracomment>zh: 运行一节课（NAME 见 --lesson list）：有 --export 时不开窗口，跑完就导出；否则在窗口里运行。</extracomment>
        <translation>运行一节课（NAME 见 --lesson list）：有 --export 时不开窗口，跑完就导出；否则在窗口里运行。</translation>
    </message>
    <message>
        <source> (lab network)</source>
        <extracomment>zh: （实验网络）</extracomment>
        <translation>（实验网络）</translation>
    </message>
    <message>
        <source>--lesson %1: no such lesson; --lesson list shows them</source>
        <extracomment>zh: --lesson %1：没有这节课；--lesson list 列出所有课程</extracomment>
        <translation>--lesson %1：没有这节课；--lesson list 列出所有课程</translation>
    </message>
    <message>
        <source>--lesson runs its own server and client: it cannot go with --demo or --read</source>
        <extracomment>zh: --lesson 自己运行服务器和客户端：不能和 --demo 或 --read 一起用</extracomment>
        <translation>--lesson 自己运行服务器和客户端：不能和 --demo 或 --read 一起用</translation>
    </message>
    <message>
        <source>this lesson drops segments, which is done in the lab network only: it cannot go with --network host</source>
        <extracomment>zh: 这节课要丢弃分节，只在实验网络里做：不能和 --network host 一起用</extracomment>
        <translation>这节课要丢弃分节，只在实验网络里做：不能和 --network host 一起用</translation>
    </message>
    <message>
        <source>--export needs --read FILE, --demo or --lesson NAME: there is nothing to export yet</source>
        <extracomment>zh: --export 需要 --read FILE、--demo 或 --lesson NAME：现在还没有可以导出的东西</extracomment>
        <translation>--export 需要 --read FILE、--demo 或 --lesson NAME：现在还没有可以导出的东西</translation>
    </message>
    <message>
        <source>Write a worksheet OUT (.png .svg .pdf): the ladder with the fields to fill in left blank and no notes; its answer key goes beside it as OUT-answers. Without a window. Repeatable.</source>
        <extracomment>zh: 写一张练习单 OUT（.png .svg .pdf）：时序图里要填的字段留空、没有注释；答案写在旁边的 OUT-answers 里。不开窗口。可重复。</extracomment>
        <translation>写一张练习单 OUT（.png .svg .pdf）：时序图里要填的字段留空、没有注释；答案写在旁边的 OUT-answers 里。不开窗口。可重复。</translation>
    </message>
    <message>
        <source>What a worksheet leaves blank: seq, ack, states, separated by commas (default: all three).</source>
        <extracomment>zh: 练习单留空哪些字段：seq、ack、states，用逗号分隔（默认三个都留空）。</extracomment>
        <translation>练习单留空哪些字段：seq、ack、states，用逗号分隔（默认三个都留空）。</translation>
    </message>
    <message>
        <source>--blank %1: '%2' is not seq, ack or states</source>
        <extracomment>zh: --blank %1：“%2”不是 seq、ack 或 states</extracomment>
        <translation>--blank %1：“%2”不是 seq、ack 或 states</translation>
    </message>
    <message>
        <source>--blank is for --worksheet OUT</source>
        <extracomment>zh: --blank 只对 --worksheet OUT 有用</extracomment>
        <translation>--blank 只对 --worksheet OUT 有用</translation>
    </message>
    <message>
        <source>--worksheet needs --read FILE, --demo or --lesson NAME: there is nothing to draw yet</source>
        <extracomment>zh: --worksheet 需要 --read FILE、--demo 或 --lesson NAME：现在还没有可以画的东西</extracomment>
        <translation>--worksheet 需要 --read FILE、--demo 或 --lesson NAME：现在还没有可以画的东西</translation>
    </message>
    <message>
        <source>--worksheet %1: a worksheet is a picture or a handout: use .png, .svg or .pdf</source>
        <extracomment>zh: --worksheet %1：练习单是图片或讲义：请用 .png、.svg 或 .pdf</extracomment>
        <translation>--worksheet %1：练习单是图片或讲义：请用 .png、.svg 或 .pdf</translation>
    </message>
    <message>
        <source>Export connection ID only (the #ID of the connection list).</source>
        <extracomment>zh: 只导出编号为 ID 的连接（见连接列表里的 #ID）</extracomment>
        <translation>只导出编号为 ID 的连接（见连接列表里的 #ID）</translation>
    </message>
    <message>
        <source>Pictures and PDF draw these steps only: 1-3, 4, 2-, -5, or handshake (up to the segment that completed it).</source>
        <extracomment>zh: 图片和 PDF 只画这些步骤：1-3、4、2-、-5，或 handshake（到完成握手的那个分节为止）</extracomment>
        <translation>图片和 PDF 只画这些步骤：1-3、4、2-、-5，或 handshake（到完成握手的那个分节为止）</translation>
    </message>
    <message>
        <source>Pictures and PDF in frames of this size (e.g. 1920x1080): a long ladder is split into pages between steps, the headers on every page.</source>
        <extracomment>zh: 图片和 PDF 用这个尺寸的画面（例如 1920x1080）：长的时序图在步骤之间分页，每页都重复两端的标题</extracomment>
        <translation>图片和 PDF 用这个尺寸的画面（例如 1920x1080）：长的时序图在步骤之间分页，每页都重复两端的标题</translation>
    </message>
    <message>
        <source>One picture per step: step-1.png, step-2.png … beside OUT (a PDF: a page per step), a slide per click.</source>
        <extracomment>zh: 每一步一张图：OUT 旁边的 step-1.png、step-2.png……（PDF：每步一页），一次点击一张幻灯片</extracomment>
        <translation>每一步一张图：OUT 旁边的 step-1.png、step-2.png……（PDF：每步一页），一次点击一张幻灯片</translation>
    </message>
    <message>
        <source>--connection %1: expected a connection number (1, 2, 3 …)</source>
        <extracomment>zh: --connection %1：应为连接编号（1、2、3……）</extracomment>
        <translation>--connection %1：应为连接编号（1、2、3……）</translation>
    </message>
    <message>
        <source>--steps, --size and --series are for pictures: add --export OUT.png (or .svg, .pdf)</source>
        <extracomment>zh: --steps、--size 和 --series 用于图片：请加上 --export OUT.png（或 .svg、.pdf）</extracomment>
        <translation>--steps、--size 和 --series 用于图片：请加上 --export OUT.png（或 .svg、.pdf）</translation>
    </message>
    <message>
        <source>Start the window in presentation mode (full screen, high contrast; F11 or Esc leaves it).</source>
        <extracomment>zh: 窗口以演示模式启动（全屏、高对比度；F11 或 Esc 退出）</extracomment>
        <translation>窗口以演示模式启动（全屏、高对比度；F11 或 Esc 退出）</translation>
    </message>
    <message>
        <source>Write OUT (.png .svg .pdf .apng .txt .json .pcap; .apng: the steps arriving, animated) and exit, without a window. Repeatable.</source>
        <extracomment>zh: 写出 OUT（.png .svg .pdf .apng .txt .json .pcap；.apng 是逐步出现的动画）后退出，不开窗口。可重复。</extracomment>
        <translation>写出 OUT（.png .svg .pdf .apng .txt .json .pcap；.apng 是逐步出现的动画）后退出，不开窗口。可重复。</translation>
    </message>
    <message>
        <source>Capture interface (default lo; all interfaces, any, once the server listens or the client connects beyond loopback).</source>
        <extracomment>zh: 抓包的接口（默认 lo；服务器监听或客户端连接的地址不在回环上时，改为所有接口 any）。</extracomment>
        <translation>抓包的接口（默认 lo；服务器监听或客户端连接的地址不在回环上时，改为所有接口 any）。</translation>
    </message>
    <message>
        <source>--export %1: unknown format (use .png .svg .pdf .apng .txt .json .pcap)</source>
        <extracomment>zh: --export %1：未知格式（请用 .png .svg .pdf .apng .txt .json .pcap）</extracomment>
        <translation>--export %1：未知格式（请用 .png .svg .pdf .apng .txt .json .pcap）</translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>client</source>
        <extracomment>zh: 客户端</extracomment>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <extracomment>zh: 服务器</extracomment>
        <translation>服务器</translation>
    </message>
    <message>
        <source>%1 (relative %2)</source>
        <extracomment>zh: %1（相对 %2）</extracomment>
        <translation>%1（相对 %2）</translation>
    </message>
    <message>
        <source>MSS %1: the largest payload it accepts in one segment (on Ethernet 1460 = 1500 − 40 header bytes; on loopback 65495).</source>
        <extracomment>zh: MSS %1：它在一个段里愿意接收的最大数据量（以太网上是 1460 = 1500 − 40 字节首部；回环接口上是 65495）。</extracomment>
        <translation>MSS %1：它在一个分节里愿意接收的最大数据量（以太网上是 1460 = 1500 − 40 字节首部；回环接口上是 65495）。</translation>
    </message>
    <message>
        <source>WS %1: window scale. The 16-bit window field counts in units of 2^%1 = %2 bytes, so the window can grow beyond 64 KiB. Used only if both SYNs carry it.</source>
        <extracomment>zh: WS %1：窗口缩放。16 位的窗口字段以 2^%1 = %2 字节为单位计数，所以窗口可以超过 64 KiB。只有双方的 SYN 都带这个选项时才生效。</extracomment>
        <translation>WS %1：窗口缩放。16 位的窗口字段以 2^%1 = %2 字节为单位计数，所以窗口可以超过 64 KiB。只有双方的 SYN 都带这个选项时才生效。</translation>
    </message>
    <message>
        <source>SACK_PERM: it can acknowledge blocks that arrived out of order (selective acknowledgment), so only the missing bytes are sent again.</source>
        <extracomment>zh: SACK_PERM：它可以确认乱序到达的数据块（选择性确认），这样只需重传真正缺失的字节。</extracomment>
        <translation>SACK_PERM：它可以确认乱序到达的数据块（选择确认），这样只需重传真正缺失的字节。</translation>
    </message>
    <message>
        <source>TS val %1: timestamps, echoed by the peer, to measure the round-trip time and to protect against old segments after the sequence numbers wrap around (PAWS).</source>
        <extracomment>zh: TS val %1：时间戳，由对方原样回显，用来测量往返时间，并防止序号回绕后把旧段当成新段（PAWS）。</extracomment>
        <translation>TSval %1：时间戳，由对方原样回显，用来测量往返时间，并防止序号回绕后把旧分节当成新分节（PAWS）。</translation>
    </message>
    <message>
        <source>Window %1: how many bytes it can receive before the other side must wait for an ACK (the window of a SYN is never scaled).</source>
        <extracomment>zh: 窗口 %1：在对方必须停下来等 ACK 之前，它还能接收多少字节（SYN 里的窗口从不缩放）。</extracomment>
        <translation>窗口 %1：在对方必须停下来等 ACK 之前，它还能接收多少字节（SYN 里的窗口从不缩放）。</translation>
    </message>
    <message>
        <source>SYN and FIN together: open and close in one segment. No normal TCP stack sends this; port scanners do, to slip past simple firewalls.</source>
        <extracomment>zh: SYN 和 FIN 同时置位：在一个段里既打开又关闭。正常的 TCP 协议栈不会发这种段；端口扫描器会这样做，用来绕过简单的防火墙。</extracomment>
        <translation>SYN 和 FIN 同时置位：在一个分节里既打开又关闭。正常的 TCP 协议栈不会发这种分节；端口扫描器会这样做，用来绕过简单的防火墙。</translation>
    </message>
    <message>
        <source>SYN and RST together: contradictory flags, never sent by a normal stack.</source>
        <extracomment>zh: SYN 和 RST 同时置位：互相矛盾的标志，正常的协议栈从不发送。</extracomment>
        <translation>SYN 和 RST 同时置位：互相矛盾的标志，正常的协议栈从不发送。</translation>
    </message>
    <message>
        <source>Data on a SYN: allowed (TCP Fast Open uses it) but unusual: the receiver may hand it to the program only once the handshake completes.</source>
        <extracomment>zh: SYN 携带数据：这是允许的（TCP Fast Open 就这样用），但不常见：接收方要等握手完成后才能把这些数据交给程序。</extracomment>
        <translation>SYN 携带数据：这是允许的（TCP Fast Open 就这样用），但不常见：接收方要等握手完成后才能把这些数据交给程序。</translation>
    </message>
    <message>
        <source>An acknowledgment number without the ACK flag: the number must be ignored; some scanners leave garbage there.</source>
        <extracomment>zh: 确认号不为零，却没有 ACK 标志：这个数必须被忽略；有些扫描器会在这里留下垃圾值。</extracomment>
        <translation>有确认号却没有 ACK 标志：这个确认号必须被忽略；有些扫描器会在这里留下垃圾值。</translation>
    </message>
    <message>
        <source>No flags at all (a "null" segment): invalid in every state; port scanners use it to probe.</source>
        <extracomment>zh: 没有任何标志（"空"段）：在任何状态下都无效；端口扫描器会用它来探测。</extracomment>
        <translation>没有任何标志（“空”分节）：在任何状态下都无效；端口扫描器会用它来探测。</translation>
    </message>
    <message>
        <source>FIN without ACK: after the handshake every segment must carry ACK; scanners send a bare FIN.</source>
        <extracomment>zh: 没有 ACK 的 FIN：握手之后每个段都必须带 ACK；扫描器会发送单独的 FIN。</extracomment>
        <translation>没有 ACK 的 FIN：握手之后每个分节都必须带 ACK；扫描器会发送单独的 FIN。</translation>
    </message>
    <message>
        <source>The TCP options are malformed: reading them had to stop early.</source>
        <extracomment>zh: TCP 选项格式错误：解析选项时不得不提前停止。</extracomment>
        <translation>TCP 选项格式错误：解析选项时不得不提前停止。</translation>
    </message>
    <message>
        <source>%1 %2 → %3 %4 · frame %5 · %6</source>
        <extracomment>zh: %1 %2 → %3 %4 · 第 %5 帧 · %6</extracomment>
        <translation>%1 %2 → %3 %4 · 第 %5 帧 · %6</translation>
    </message>
    <message>
        <source>The capture began after this connection was opened: relative numbers count from the first segment seen, not from an ISN.</source>
        <extracomment>zh: 抓包开始时这个连接已经建立：相对序号从看到的第一个段算起，而不是从 ISN 算起。</extracomment>
        <translation>抓包开始时这个连接已经建立：相对序号从看到的第一个分节算起，而不是从 ISN 算起。</translation>
    </message>
    <message>
        <source>Anomaly: %1</source>
        <extracomment>zh: 异常：%1</extracomment>
        <translation>异常：%1</translation>
    </message>
    <message>
        <source>Such a segment changes no TCP state here: a real stack drops it or answers with RST.</source>
        <extracomment>zh: 这样的段不会改变这里的任何 TCP 状态：真实的协议栈会丢弃它，或者用 RST 回应。</extracomment>
        <translation>这样的分节不会改变这里的任何 TCP 状态：真实的协议栈会丢弃它，或者用 RST 回应。</translation>
    </message>
    <message>
        <source>Retransmission: the %1 sends it again</source>
        <extracomment>zh: 重传：%1又发了一次</extracomment>
        <translation>重传：%1又发了一次</translation>
    </message>
    <message>
        <source>This segment repeats one the %1 sent before, with the same Seq %2: no ACK for it came back in time.</source>
        <extracomment>zh: 这个段重复了%1之前发过的一个段，Seq 相同，都是 %2：对它的 ACK 没有及时回来。</extracomment>
        <translation>这个分节重复了%1之前发过的一个分节，Seq 相同，都是 %2：对它的 ACK 没有及时回来。</translation>
    </message>
    <message>
        <source>TCP keeps a retransmission timer (RTO: at least 200 ms on Linux, doubled after every try). When it runs out, the bytes not yet acknowledged are sent again. A receiver that already has them drops the copy and acknowledges again.</source>
        <extracomment>zh: TCP 有一个重传定时器（RTO：Linux 上至少 200 毫秒，每重试一次翻倍）。定时器到期时，还没被确认的字节会再发一次。已经收到这些字节的接收方会丢弃副本并再次确认。</extracomment>
        <translation>TCP 有一个重传定时器（RTO：Linux 上至少 200 毫秒，每重试一次翻倍）。定时器到期时，还没被确认的字节会再发一次。已经收到这些字节的接收方会丢弃副本并再次确认。</translation>
    </message>
    <message>
        <source>RST: connection refused</source>
        <extracomment>zh: RST：连接被拒绝</extracomment>
        <translation>RST：连接被拒绝</translation>
    </message>
    <message>
        <source>Nothing listens on port %1, so the server's kernel answers the SYN with a reset instead of a SYN+ACK.</source>
        <extracomment>zh: 端口 %1 上没有程序在监听，所以服务器的内核用复位（RST）而不是 SYN+ACK 来回应这个 SYN。</extracomment>
        <translation>端口 %1 上没有程序在监听，所以服务器的内核用复位（RST）而不是 SYN+ACK 来回应这个 SYN。</translation>
    </message>
    <message>
        <source>Its ack = %1 + 1 = %2 acknowledges the SYN, so the client knows the RST answers its own SYN and is not forged.</source>
        <extracomment>zh: 它的 ack = %1 + 1 = %2 确认了那个 SYN，客户端因此知道这个 RST 是对自己的 SYN 的回应，而不是伪造的。</extracomment>
        <translation>它的 ack = %1 + 1 = %2 确认了那个 SYN，客户端因此知道这个 RST 是对自己的 SYN 的回应，而不是伪造的。</translation>
    </message>
    <message>
        <source>connect() fails with ECONNREFUSED ("Connection refused"). No connection ever existed: both sides are CLOSED, there is no FIN and no TIME_WAIT.</source>
        <extracomment>zh: connect() 失败，错误为 ECONNREFUSED（"Connection refused"，连接被拒绝）。连接从未建立：双方都是 CLOSED，没有 FIN，也没有 TIME_WAIT。</extracomment>
        <translation>connect() 失败，错误为 ECONNREFUSED（“Connection refused”，连接被拒绝）。连接从未建立：双方都是 CLOSED，没有 FIN，也没有 TIME_WAIT。</translation>
    </message>
    <message>
        <source>RST: the %1 aborts the connection</source>
        <extracomment>zh: RST：%1中止了连接</extracomment>
        <translation>RST：%1中止了连接</translation>
    </message>
    <message>
        <source>A reset ends the connection at once, without the FIN exchange: both sides drop it and are CLOSED. Data not yet delivered is thrown away, and the %1's next recv() or send() fails with ECONNRESET ("Connection reset by peer").</source>
        <extracomment>zh: 复位会立刻结束连接，不经过 FIN 交换：双方都丢弃这个连接，变为 CLOSED。还没交给程序的数据被丢弃，%1下一次调用 recv() 或 send() 会失败，错误为 ECONNRESET（"Connection reset by peer"，连接被对方重置）。</extracomment>
        <translation>复位会立刻结束连接，不经过 FIN 交换：双方都丢弃这个连接，变为 CLOSED。还没交给程序的数据被丢弃，%1下一次调用 recv() 或 send() 会失败，错误为 ECONNRESET（“Connection reset by peer”，连接被对方重置）。</translation>
    </message>
    <message>
        <source>Usual causes: a program closed its socket with unread data or with SO_LINGER set to 0 (an abort), or a segment arrived for a connection the receiver does not know (any more). Nothing answers an RST, so there is no TIME_WAIT either.</source>
        <extracomment>zh: 常见原因：程序关闭套接字时还有没读的数据，或者把 SO_LINGER 设成了 0（即中止连接）；或者收到了接收方不认识（或已经忘掉）的连接的段。RST 不需要回应，所以也没有 TIME_WAIT。</extracomment>
        <translation>常见原因：程序关闭套接字时还有没读的数据，或者把 SO_LINGER 设成了 0（即中止连接）；或者收到了接收方不认识（或已经忘掉）的连接的分节。RST 不需要回应，所以也没有 TIME_WAIT。</translation>
    </message>
    <message>
        <source>SYN: the client opens the connection</source>
        <extracomment>zh: SYN：客户端发起连接</extracomment>
        <translation>SYN：客户端发起连接</translation>
    </message>
    <message>
        <source>connect() made the client's kernel send a SYN ("synchronize sequence numbers"): "I want to open a connection, and my bytes are numbered from here". It leaves from %1, a port the kernel picked for the client (an ephemeral port), for %2.</source>
        <extracomment>zh: connect() 让客户端内核发出一个 SYN（"同步序号"）："我想建立连接，我的字节从这里开始编号"。它从 %1（内核为客户端挑选的临时端口）发往 %2。</extracomment>
        <translation>connect() 让客户端内核发出一个 SYN（“同步序号”）：“我想建立连接，我的字节从这里开始编号”。它从 %1（内核为客户端挑选的临时端口）发往 %2。</translation>
    </message>
    <message>
        <source>SYN from the %1</source>
        <extracomment>zh: 来自%1的 SYN</extracomment>
        <translation>来自%1的 SYN</translation>
    </message>
    <message>
        <source>The %1 picked the initial sequence number (ISN) %2; relative numbers show it as 0. The ISN is hard to guess (a clock plus a hash of the addresses and a secret), so that segments of an old connection or of an attacker do not fit.</source>
        <extracomment>zh: %1选定了初始序号（ISN）%2；相对序号把它显示为 0。ISN 的选法让人难以猜到（时钟加上地址和密钥的哈希），这样旧连接残留的段或攻击者伪造的段就对不上号。</extracomment>
        <translation>%1选定了初始序号（ISN）%2；相对序号把它显示为 0。ISN 的选法让人难以猜到（时钟加上地址和密钥的哈希），这样旧连接残留的分节或攻击者伪造的分节就对不上号。</translation>
    </message>
    <message>
        <source>A SYN carries no data but takes one sequence number: the first data byte will be number %1 (relative 1). The %2 goes from %3 to %4.</source>
        <extracomment>zh: SYN 不携带数据，但要占用一个序号：第一个数据字节的序号将是 %1（相对 1）。%2的状态从 %3 变为 %4。</extracomment>
        <translation>SYN 不携带数据，但要占用一个序号：第一个数据字节的序号将是 %1（相对 1）。%2的状态从 %3 变为 %4。</translation>
    </message>
    <message>
        <source>Options: the %1 says what it can do.</source>
        <extracomment>zh: 选项：%1说明自己能做什么。</extracomment>
        <translation>选项：%1声明自己支持哪些功能。</translation>
    </message>
    <message>
        <source>ISN = %1 (relative 0); next seq = ISN + 1 = %2 (relative 1)</source>
        <extracomment>zh: ISN = %1（相对 0）；下一个序号 = ISN + 1 = %2（相对 1）</extracomment>
        <translation>ISN = %1（相对 0）；下一个序号 = ISN + 1 = %2（相对 1）</translation>
    </message>
    <message>
        <source>SYN+ACK: the %1 answers</source>
        <extracomment>zh: SYN+ACK：%1应答</extracomment>
        <translation>SYN+ACK：%1应答</translation>
    </message>
    <message>
        <source>The server's kernel answers the SYN by itself, at once: the socket listens, that is enough; accept() plays no part in it. SYN+ACK does two things in one segment.</source>
        <extracomment>zh: 服务器内核自己立即回应这个 SYN：只要套接字在监听就够了，accept() 不参与。SYN+ACK 在一个段里做了两件事。</extracomment>
        <translation>服务器内核自己立即回应这个 SYN：只要套接字在监听就够了，accept() 不参与。SYN+ACK 在一个分节里做了两件事。</translation>
    </message>
    <message>
        <source>SYN: the %1 picks its own initial sequence number, ISN %2 (relative 0): each direction numbers its bytes on its own.</source>
        <extracomment>zh: SYN：%1选定自己的初始序号 ISN %2（相对 0）：两个方向各自给自己的字节编号。</extracomment>
        <translation>SYN：%1选定自己的初始序号 ISN %2（相对 0）：两个方向各自给自己的字节编号。</translation>
    </message>
    <message>
        <source>ACK: ack = the %1's ISN + 1 = %2 + 1 = %3 (relative 1): "I got your SYN; the next byte I expect from you is number %3". The %1's SYN took one sequence number, so the ack is one more.</source>
        <extracomment>zh: ACK：ack = %1的 ISN + 1 = %2 + 1 = %3（相对 1）："我收到了你的 SYN；我等着你的下一个字节，序号 %3"。%1的 SYN 占用了一个序号，所以 ack 要多一。</extracomment>
        <translation>ACK：ack = %1的 ISN + 1 = %2 + 1 = %3（相对 1）：“我收到了你的 SYN；我等着你的下一个字节，序号 %3”。%1的 SYN 占用了一个序号，所以 ack 要多一。</translation>
    </message>
    <message>
        <source>The %1 goes from %2 to %3; the half-open connection waits in the SYN queue for the last ACK. When this segment arrives, the %4 is %5 and its connect() returns.</source>
        <extracomment>zh: %1的状态从 %2 变为 %3；这个半打开的连接在 SYN 队列里等待对方的 ACK。这个段到达时，%4进入 %5，它的 connect() 返回。</extracomment>
        <translation>%1的状态从 %2 变为 %3；这个尚未完成的连接在未完成连接队列（SYN 队列）里等待最后一个 ACK。这个分节到达时，%4进入 %5，它的 connect() 返回。</translation>
    </message>
    <message>
        <source>The options answer the other side's: each side sends at most the other's MSS; window scaling and SACK are used only if both SYNs offered them.</source>
        <extracomment>zh: 选项是对对方选项的回应：每一方发送的段都不超过对方的 MSS；窗口缩放和 SACK 只有双方的 SYN 都提出时才使用。</extracomment>
        <translation>选项是对对方选项的回应：每一方发送的分节都不超过对方的 MSS；窗口缩放和 SACK 只有双方的 SYN 都提出时才使用。</translation>
    </message>
    <message>
        <source>ack = %1 + 1 = %2 (a SYN takes one sequence number)</source>
        <extracomment>zh: ack = %1 + 1 = %2（SYN 占用一个序号）</extracomment>
        <translation>ack = %1 + 1 = %2（SYN 占用一个序号）</translation>
    </message>
    <message>
        <source>ACK: the three-way handshake is complete</source>
        <extracomment>zh: ACK：三次握手完成</extracomment>
        <translation>ACK：三次握手完成</translation>
    </message>
    <message>
        <source>The client acknowledges the server's SYN: ack = the server's ISN + 1 = %1 + 1 = %2 (relative 1). Its own seq is %3: its SYN used the ISN, so its next number is ISN + 1. This ACK carries no data and takes no sequence number.</source>
        <extracomment>zh: 客户端确认服务器的 SYN：ack = 服务器的 ISN + 1 = %1 + 1 = %2（相对 1）。它自己的 seq 是 %3：它的 SYN 用掉了 ISN，所以下一个序号是 ISN + 1。这个 ACK 不携带数据，也不占用序号。</extracomment>
        <translation>客户端确认服务器的 SYN：ack = 服务器的 ISN + 1 = %1 + 1 = %2（相对 1）。它自己的 seq 是 %3：它的 SYN 用掉了 ISN，所以下一个序号是 ISN + 1。这个 ACK 不携带数据，也不占用序号。</translation>
    </message>
    <message>
        <source>The client has been ESTABLISHED since the SYN+ACK arrived; the server becomes ESTABLISHED when this ACK arrives. After three segments each side knows the other's ISN and that its own got through: that is the three-way handshake.</source>
        <extracomment>zh: 客户端在收到 SYN+ACK 时就已经是 ESTABLISHED；服务器在这个 ACK 到达时变为 ESTABLISHED。三个段之后，双方都知道了对方的 ISN，也知道自己的 ISN 对方已经收到：这就是三次握手。</extracomment>
        <translation>客户端在收到 SYN+ACK 时就已经是 ESTABLISHED；服务器在这个 ACK 到达时变为 ESTABLISHED。三个分节之后，双方都知道了对方的 ISN，也知道自己的 ISN 对方已经收到：这就是三次握手。</translation>
    </message>
    <message>
        <source>accept() returns after this ACK, not before: the kernel completed the handshake and moved the connection from the SYN queue to the accept queue. accept() only takes it from that queue; it takes no part in the handshake (hold accept() in the server pane to see it).</source>
        <extracomment>zh: accept() 在这个 ACK 之后才返回：内核已经完成了握手，并把连接从 SYN 队列移进 accept 队列。accept() 只是从这个队列里取出连接，并不参与握手（在服务器面板里暂停 accept() 就能看到）。</extracomment>
        <translation>accept() 在这个 ACK 之后才返回：内核已经完成了握手，把连接从未完成连接队列（SYN 队列）移进了已完成连接队列。accept() 只是从这个队列里取出连接，并不参与握手（在服务器面板里暂停 accept() 就能看到）。</translation>
    </message>
    <message>
        <source>ack = %1 + 1 = %2 (the server's SYN takes one too)</source>
        <extracomment>zh: ack = %1 + 1 = %2（服务器的 SYN 也占用一个序号）</extracomment>
        <translation>ack = %1 + 1 = %2（服务器的 SYN 也占用一个序号）</translation>
    </message>
    <message>
        <source>FIN: the %1 closes its side (half close)</source>
        <extracomment>zh: FIN：%1关闭自己这一端（半关闭）</extracomment>
        <translation>FIN：%1关闭自己这一端（半关闭）</translation>
    </message>
    <message>
        <source>close() (or shutdown()) made the %1's kernel send a FIN: "I will send no more data". Only this direction closes: the %2 may still send, and the %1 still receives.</source>
        <extracomment>zh: close()（或 shutdown()）让%1的内核发出 FIN："我不会再发送数据了"。只关闭这一个方向：%2仍然可以发送，%1也仍然可以接收。</extracomment>
        <translation>close()（或 shutdown()）让%1的内核发出 FIN：“我不会再发送数据了”。只关闭这一个方向：%2仍然可以发送，%1也仍然可以接收。</translation>
    </message>
    <message>
        <source>A FIN takes one sequence number, like a SYN: it is number %1 (relative), so the ACK for it will be %2.</source>
        <extracomment>zh: FIN 和 SYN 一样占用一个序号：它的序号是 %1（相对），所以对它的确认将是 %2。</extracomment>
        <translation>FIN 和 SYN 一样占用一个序号：它的序号是 %1（相对），所以对它的确认将是 %2。</translation>
    </message>
    <message>
        <source>The %1 is now %2: it waits for the ACK of its FIN (then FIN_WAIT_2, until the peer's FIN). When the FIN arrives, the %3 goes to %4: its recv() returns 0 (end of file), and its program should close() in turn.</source>
        <extracomment>zh: %1现在处于 %2：它在等待对自己 FIN 的确认（之后是 FIN_WAIT_2，再等对方的 FIN）。FIN 到达后，%3进入 %4：它的 recv() 返回 0（文件结束），它的程序接着也应该调用 close()。</extracomment>
        <translation>%1现在处于 %2：它在等待对自己 FIN 的确认（之后是 FIN_WAIT_2，再等对方的 FIN）。FIN 到达后，%3进入 %4：它的 recv() 返回 0（文件结束），它的程序接着也应该调用 close()。</translation>
    </message>
    <message>
        <source>FIN: the %1 closes too</source>
        <extracomment>zh: FIN：%1也关闭了</extracomment>
        <translation>FIN：%1也关闭了</translation>
    </message>
    <message>
        <source>The %1 read the end of file (recv() returned 0) and called close(): its kernel sends its own FIN. It takes one sequence number too: number %2 (relative), so the last ACK will be %3.</source>
        <extracomment>zh: %1读到了文件结束（recv() 返回 0）并调用了 close()：它的内核发出自己的 FIN。它同样占用一个序号：序号 %2（相对），所以最后一个 ACK 将是 %3。</extracomment>
        <translation>%1读到了文件结束（recv() 返回 0）并调用了 close()：它的内核发出自己的 FIN。它同样占用一个序号：序号 %2（相对），所以最后一个 ACK 将是 %3。</translation>
    </message>
    <message>
        <source>Its ack = %1 also acknowledges the %2's FIN, in the same segment.</source>
        <extracomment>zh: 它的 ack = %1 在同一个段里也确认了%2的 FIN。</extracomment>
        <translation>它的 ack = %1 在同一个分节里也确认了%2的 FIN。</translation>
    </message>
    <message>
        <source>The %1 is now %2: it waits for the last ACK. When this FIN arrives, the %3 goes to %4.</source>
        <extracomment>zh: %1现在处于 %2：它在等最后一个 ACK。这个 FIN 到达后，%3进入 %4。</extracomment>
        <translation>%1现在处于 %2：它在等最后一个 ACK。这个 FIN 到达后，%3进入 %4。</translation>
    </message>
    <message>
        <source>It also carries %1 bytes of data, numbered before the FIN.</source>
        <extracomment>zh: 它还携带了 %1 字节数据，这些数据的序号排在 FIN 之前。</extracomment>
        <translation>它还携带了 %1 字节数据，这些数据的序号排在 FIN 之前。</translation>
    </message>
    <message>
        <source>next seq = seq + len + 1 = %1 + %2 + 1 = %3 (a FIN takes one sequence number)</source>
        <extracomment>zh: 下一个序号 = seq + len + 1 = %1 + %2 + 1 = %3（FIN 占用一个序号）</extracomment>
        <translation>下一个序号 = seq + len + 1 = %1 + %2 + 1 = %3（FIN 占用一个序号）</translation>
    </message>
    <message>
        <source>next seq = seq + 1 = %1 + 1 = %2 (a FIN takes one sequence number)</source>
        <extracomment>zh: 下一个序号 = seq + 1 = %1 + 1 = %2（FIN 占用一个序号）</extracomment>
        <translation>下一个序号 = seq + 1 = %1 + 1 = %2（FIN 占用一个序号）</translation>
    </message>
    <message>
        <source>Data: %1 bytes from the %2 to the %3</source>
        <extracomment>zh: 数据：%1 字节，从%2发往%3</extracomment>
        <translation>数据：%1 字节，从%2发往%3</translation>
    </message>
    <message>
        <source>send() handed the bytes to the %1's kernel, which sends them in this segment. Seq %2 is the number of the first byte: the segment carries bytes %3 to %4 (relative), so the %1's next segment starts at %3 + %5 = %6.</source>
        <extracomment>zh: send() 把这些字节交给%1的内核，内核用这个段把它们发出去。Seq %2 是第一个字节的序号：这个段携带第 %3 到第 %4 个字节（相对），所以%1的下一个段从 %3 + %5 = %6 开始。</extracomment>
        <translation>send() 把这些字节交给%1的内核，内核用这个分节把它们发出去。Seq %2 是第一个字节的序号：这个分节携带第 %3 到第 %4 个字节（相对），所以%1的下一个分节从 %3 + %5 = %6 开始。</translation>
    </message>
    <message>
        <source>PSH (push) asks the receiver to hand the data to the program now instead of waiting for more.</source>
        <extracomment>zh: PSH（推送）要求接收方立即把数据交给程序，而不是等更多数据。</extracomment>
        <translation>PSH（推送）要求接收方立即把数据交给程序，而不是等更多数据。</translation>
    </message>
    <message>
        <source>Every segment after the handshake has the ACK flag: ack = %1 tells the %2, in passing, how much the %3 has received from it so far.</source>
        <extracomment>zh: 握手之后的每个段都带 ACK 标志：ack = %1 顺便告诉%2，%3到目前为止从它那里收到了多少。</extracomment>
        <translation>握手之后的每个分节都带 ACK 标志：ack = %1 顺便告诉%2，%3到目前为止从它那里收到了多少。</translation>
    </message>
    <message>
        <source>The %1 will acknowledge it with ack = %2 (relative): "everything before byte %2 arrived; send %2 next".</source>
        <extracomment>zh: %1将用 ack = %2（相对）确认它："第 %2 个字节之前的都收到了，下一个请发 %2"。</extracomment>
        <translation>%1将用 ack = %2（相对）确认它：“第 %2 个字节之前的都收到了，下一个请发 %2”。</translation>
    </message>
    <message>
        <source>next seq = seq + len = %1 + %2 = %3 → the %4's ACK: ack = %3</source>
        <extracomment>zh: 下一个序号 = seq + len = %1 + %2 = %3 → %4的确认：ack = %3</extracomment>
        <translation>下一个序号 = seq + len = %1 + %2 = %3 → %4的确认：ack = %3</translation>
    </message>
    <message>
        <source>absolute: %1 + %2 = %3</source>
        <extracomment>zh: 绝对值：%1 + %2 = %3</extracomment>
        <translation>绝对值：%1 + %2 = %3</translation>
    </message>
    <message>
        <source>ACK: the last ACK; the %1 waits in TIME_WAIT</source>
        <extracomment>zh: ACK：最后一个 ACK；%1进入 TIME_WAIT 等待</extracomment>
        <translation>ACK：最后一个 ACK；%1进入 TIME_WAIT 等待</translation>
    </message>
    <message>
        <source>The %1 acknowledges the %2's FIN: ack = %3 + 1 = %4 (the FIN took one number). The %2, in LAST_ACK, receives it and is CLOSED: it forgets the connection.</source>
        <extracomment>zh: %1确认%2的 FIN：ack = %3 + 1 = %4（FIN 占用了一个序号）。处于 LAST_ACK 的%2收到它后变为 CLOSED：它忘掉了这个连接。</extracomment>
        <translation>%1确认%2的 FIN：ack = %3 + 1 = %4（FIN 占用了一个序号）。处于 LAST_ACK 的%2收到它后变为 CLOSED：它忘掉了这个连接。</translation>
    </message>
    <message>
        <source>The %1, which closed first, stays in %2 for 2×MSL (twice the maximum segment lifetime; Linux waits a fixed 60 s) before it forgets the connection too. Why wait? If this last ACK is lost, the %3 sends its FIN again and the %1 must still be there to answer it; and stray old segments of this connection must die out before the same two address:port pairs can be used for a new one.</source>
        <extracomment>zh: 先关闭的%1要在 %2 状态停留 2×MSL（最大报文段生存时间的两倍；Linux 固定为 60 秒），然后才忘掉这个连接。为什么要等？如果这最后一个 ACK 丢了，%3会重发它的 FIN，%1必须还在才能回应；而且这个连接残留在网络中的旧段必须先消失，同样的两个"地址:端口"才能用于新的连接。</extracomment>
        <translation>先关闭的%1要在 %2 状态停留 2×MSL（最长分节生命期的两倍；Linux 固定为 60 秒），然后才忘掉这个连接。为什么要等？如果这最后一个 ACK 丢了，%3会重发它的 FIN，%1必须还在才能回应；而且这个连接残留在网络中的旧分节必须先消失，同样的套接字对（两端的“地址:端口”）才能用于新的连接。</translation>
    </message>
    <message>
        <source>ACK of the FIN: the connection is half closed</source>
        <extracomment>zh: 对 FIN 的确认：连接处于半关闭状态</extracomment>
        <translation>对 FIN 的确认：连接处于半关闭状态</translation>
    </message>
    <message>
        <source>The %1 acknowledges the %2's FIN: ack = %3 + 1 = %4 (the FIN took one number). The %2 goes to %5 and waits for the %1's FIN.</source>
        <extracomment>zh: %1确认%2的 FIN：ack = %3 + 1 = %4（FIN 占用了一个序号）。%2进入 %5，等待%1的 FIN。</extracomment>
        <translation>%1确认%2的 FIN：ack = %3 + 1 = %4（FIN 占用了一个序号）。%2进入 %5，等待%1的 FIN。</translation>
    </message>
    <message>
        <source>The %1 is in %2: the direction from the %3 is closed, but the %1 may still send data until its program calls close().</source>
        <extracomment>zh: %1处于 %2：来自%3的方向已经关闭，但在它的程序调用 close() 之前，%1仍然可以发送数据。</extracomment>
        <translation>%1处于 %2：来自%3的方向已经关闭，但在它的程序调用 close() 之前，%1仍然可以发送数据。</translation>
    </message>
    <message>
        <source>ack = %1 + 1 = %2 (a FIN takes one sequence number)</source>
        <extracomment>zh: ack = %1 + 1 = %2（FIN 占用一个序号）</extracomment>
        <translation>ack = %1 + 1 = %2（FIN 占用一个序号）</translation>
    </message>
    <message>
        <source>ACK: the %1 confirms the data</source>
        <extracomment>zh: ACK：%1确认收到数据</extracomment>
        <translation>ACK：%1确认收到数据</translation>
    </message>
    <message>
        <source>ack = seq + len = %1 + %2 = %3: "everything before byte %3 arrived; send %3 next". The %4's kernel sends this as soon as the data is in its receive buffer, before the program reads it.</source>
        <extracomment>zh: ack = seq + len = %1 + %2 = %3："第 %3 个字节之前的都收到了；下一个请发 %3"。数据一进入接收缓冲区，%4的内核就发出这个确认，不等程序去读。</extracomment>
        <translation>ack = seq + len = %1 + %2 = %3：“第 %3 个字节之前的都收到了；下一个请发 %3”。数据一进入接收缓冲区，%4的内核就发出这个确认，不等程序去读。</translation>
    </message>
    <message>
        <source>It carries no data, so the %1's own seq (%2) does not advance.</source>
        <extracomment>zh: 它不携带数据，所以%1自己的 seq（%2）不会增加。</extracomment>
        <translation>它不携带数据，所以%1自己的 seq（%2）不会增加。</translation>
    </message>
    <message>
        <source>ACK from the %1</source>
        <extracomment>zh: ACK：%1的确认</extracomment>
        <translation>ACK：%1的确认</translation>
    </message>
    <message>
        <source>A pure acknowledgment: ack = %1, everything before that byte arrived. It carries no data and takes no sequence number.</source>
        <extracomment>zh: 一个纯确认：ack = %1——这个字节之前的数据都收到了。它不携带数据，也不占用序号。</extracomment>
        <translation>一个纯确认：ack = %1——这个字节之前的数据都收到了。它不携带数据，也不占用序号。</translation>
    </message>
    <message>
        <source>Window %1: how many more bytes the %2 can take now. An ACK that repeats the previous one (a duplicate ACK) tells the peer a segment seems missing; one that only changes the window is a window update.</source>
        <extracomment>zh: 窗口 %1：%2现在还能接收多少字节。与上一个相同的 ACK（重复确认）告诉对方好像丢了一个段；只改变窗口的 ACK 是窗口更新。</extracomment>
        <translation>窗口 %1：%2现在还能接收多少字节。与上一个相同的 ACK（重复确认）告诉对方好像丢了一个分节；只改变窗口的 ACK 是窗口更新。</translation>
    </message>
    <message>
        <source>%1: a segment from the %2</source>
        <extracomment>zh: %1：来自%2的段</extracomment>
        <translation>%1：来自%2的分节</translation>
    </message>
    <message>
        <source>Flags %1, Seq %2.</source>
        <extracomment>zh: 标志 %1，Seq %2。</extracomment>
        <translation>标志 %1，Seq %2。</translation>
    </message>
    <message>
        <source> (inferred)</source>
        <extracomment>zh: （推断）</extracomment>
        <translation>（推断）</translation>
    </message>
    <message>
        <source>socket(): the %1 gets a socket</source>
        <extracomment>zh: socket()：%1得到一个套接字</extracomment>
        <translation>socket()：%1得到一个套接字</translation>
    </message>
    <message>
        <source>The program asks its kernel for a TCP socket: socket(AF_INET, SOCK_STREAM, 0) returns a file descriptor. Nothing goes over the wire yet; the socket has no address and no connection (CLOSED).</source>
        <extracomment>zh: 程序向内核申请一个 TCP 套接字：socket(AF_INET, SOCK_STREAM, 0) 返回一个文件描述符。线路上还没有任何数据；这个套接字既没有地址，也没有连接（CLOSED）。</extracomment>
        <translation>程序向内核申请一个 TCP 套接字：socket(AF_INET, SOCK_STREAM, 0) 返回一个文件描述符。线路上还没有任何数据；这个套接字既没有地址，也没有连接（CLOSED）。</translation>
    </message>
    <message>
        <source>bind(): the %1 takes its address</source>
        <extracomment>zh: bind()：%1占用一个地址</extracomment>
        <translation>bind()：%1绑定地址</translation>
    </message>
    <message>
        <source>bind() attaches the socket to %1, the address and port clients will connect to. Still nothing on the wire. (INADDR_ANY in the tutorial, 0.0.0.0, means every address of this machine.)</source>
        <extracomment>zh: bind() 把套接字绑定到 %1——客户端要连接的地址和端口。线路上仍然没有任何数据。（教程里的 INADDR_ANY，即 0.0.0.0，表示本机的所有地址。）</extracomment>
        <translation>bind() 把套接字绑定到 %1——客户端要连接的地址和端口。线路上仍然没有任何数据。（教程里的 INADDR_ANY，即 0.0.0.0，表示本机的所有地址。）</translation>
    </message>
    <message>
        <source>listen(): passive open</source>
        <extracomment>zh: listen()：被动打开</extracomment>
        <translation>listen()：被动打开</translation>
    </message>
    <message>
        <source>The server called socket() and bind(), and now listen(): a passive open. Its socket becomes a listening socket, state LISTEN, on %1. It sends nothing: a server only waits.</source>
        <extracomment>zh: 服务器先后调用了 socket() 和 bind()，现在调用 listen()：这就是"被动打开"。它的套接字变成监听套接字，状态为 LISTEN，地址 %1。它不发送任何东西：服务器只是等待。</extracomment>
        <translation>服务器先后调用了 socket() 和 bind()，现在调用 listen()：这就是“被动打开”。它的套接字变成监听套接字，状态为 LISTEN，地址 %1。它不发送任何东西：服务器只是等待。</translation>
    </message>
    <message>
        <source>From now on the kernel itself answers every SYN for this port with a SYN+ACK, and keeps connections whose handshake is complete in the accept queue (its length is the backlog) until the program calls accept().</source>
        <extracomment>zh: 从现在起，内核自己会用 SYN+ACK 回应发到这个端口的每一个 SYN，并把已完成握手的连接放进 accept 队列（队列长度就是 backlog），直到程序调用 accept() 取走。</extracomment>
        <translation>从现在起，内核自己会用 SYN+ACK 回应发到这个端口的每一个 SYN，并把已完成握手的连接放进已完成连接队列（队列长度的上限就是 listen() 的 backlog 参数），直到程序调用 accept() 取走。</translation>
    </message>
    <message>
        <source>connect(): active open</source>
        <extracomment>zh: connect()：主动打开</extracomment>
        <translation>connect()：主动打开</translation>
    </message>
    <message>
        <source>The client asks its kernel to connect to %1: an active open. The kernel picks a free local port (an ephemeral port), chooses an initial sequence number and sends a SYN, the next step. connect() blocks until the server's SYN+ACK arrives (or fails if an RST comes back).</source>
        <extracomment>zh: 客户端请求内核连接到 %1：这就是"主动打开"。内核挑一个空闲的本地端口（临时端口），选定初始序号，然后发出 SYN——也就是下一步。connect() 会一直阻塞，直到服务器的 SYN+ACK 到达（如果回来的是 RST 就失败）。</extracomment>
        <translation>客户端请求内核连接到 %1：这就是“主动打开”。内核挑一个空闲的本地端口（临时端口），选定初始序号，然后发出 SYN——也就是下一步。connect() 会一直阻塞，直到服务器的 SYN+ACK 到达（如果回来的是 RST 就失败）。</translation>
    </message>
    <message>
        <source>connect() fails: connection refused</source>
        <extracomment>zh: connect() 失败：连接被拒绝</extracomment>
        <translation>connect() 失败：连接被拒绝</translation>
    </message>
    <message>
        <source>The RST told the client's kernel that nothing listens on that port. connect() returns -1 with errno ECONNREFUSED. No connection was ever made.</source>
        <extracomment>zh: RST 告诉客户端内核：那个端口上没有程序在监听。connect() 返回 -1，errno 为 ECONNREFUSED。连接从未建立。</extracomment>
        <translation>RST 告诉客户端内核：那个端口上没有程序在监听。connect() 返回 -1，errno 为 ECONNREFUSED。连接从未建立。</translation>
    </message>
    <message>
        <source>connect() returns: the client is connected</source>
        <extracomment>zh: connect() 返回：客户端已连接</extracomment>
        <translation>connect() 返回：客户端已连接</translation>
    </message>
    <message>
        <source>The SYN+ACK arrived; the client's kernel answered with the last ACK of the handshake and is ESTABLISHED. connect() returns 0: the client may send data now, even before the server program calls accept().</source>
        <extracomment>zh: SYN+ACK 到了；客户端内核回了最后一个 ACK，进入 ESTABLISHED。connect() 返回 0：客户端现在就可以发送数据，即使服务器程序还没调用 accept()。</extracomment>
        <translation>SYN+ACK 到了；客户端内核回了最后一个 ACK，进入 ESTABLISHED。connect() 返回 0：客户端现在就可以发送数据，即使服务器程序还没调用 accept()。</translation>
    </message>
    <message>
        <source>accept() returns: the server program gets the connection</source>
        <extracomment>zh: accept() 返回：服务器程序拿到这个连接</extracomment>
        <translation>accept() 返回：服务器程序拿到这个连接</translation>
    </message>
    <message>
        <source>accept() returns a new socket for the connection from %1. The kernel completed the handshake when the final ACK arrived and put the connection in the accept queue; accept() only takes it from there. That is why the handshake completes even when the server program is slow to call accept() (try holding accept() in the server pane).</source>
        <extracomment>zh: accept() 为来自 %1 的连接返回一个新的套接字。最后一个 ACK 到达时内核就已经完成了握手，并把连接放进了 accept 队列；accept() 只是从队列里把它取出来。所以即使服务器程序迟迟不调用 accept()，握手也照样完成（在服务器面板里试试暂停 accept()）。</extracomment>
        <translation>accept() 为来自 %1 的连接返回一个新的套接字。最后一个 ACK 到达时内核就已经完成了握手，并把连接放进了已完成连接队列；accept() 只是从队列里把它取出来。所以即使服务器程序迟迟不调用 accept()，握手也照样完成（在服务器面板里试试暂停 accept()）。</translation>
    </message>
    <message>
        <source>send(): the %1 hands data to its kernel</source>
        <extracomment>zh: send()：%1把数据交给内核</extracomment>
        <translation>send()：%1把数据交给内核</translation>
    </message>
    <message>
        <source>send() copies the bytes (%1) into the socket's send buffer and returns; the kernel decides when they go on the wire (the next data segment). Every byte gets a sequence number.</source>
        <extracomment>zh: send() 把字节（%1）复制到套接字的发送缓冲区就返回；什么时候发到线路上由内核决定（下一个数据段）。每个字节都有一个序号。</extracomment>
        <translation>send() 把字节（%1）复制到套接字的发送缓冲区就返回；什么时候发到线路上由内核决定（下一个数据分节）。每个字节都有一个序号。</translation>
    </message>
    <message>
        <source>recv() returns 0: end of the stream</source>
        <extracomment>zh: recv() 返回 0：数据流结束</extracomment>
        <translation>recv() 返回 0：数据流结束</translation>
    </message>
    <message>
        <source>The peer's FIN arrived: recv() returns 0, the way read() returns 0 at the end of a file. The program knows the other side will send nothing more, and should close() its socket too.</source>
        <extracomment>zh: 对方的 FIN 到了：recv() 返回 0，就像 read() 读到文件末尾返回 0 一样。程序由此知道对方不会再发数据了，它也应该 close() 自己的套接字。</extracomment>
        <translation>对方的 FIN 到了：recv() 返回 0，就像 read() 读到文件末尾返回 0 一样。程序由此知道对方不会再发数据了，它也应该 close() 自己的套接字。</translation>
    </message>
    <message>
        <source>recv(): the %1 reads data</source>
        <extracomment>zh: recv()：%1读取数据</extracomment>
        <translation>recv()：%1读取数据</translation>
    </message>
    <message>
        <source>recv() takes bytes (%1) that the kernel has already received and acknowledged out of the receive buffer. The ACK did not wait for the program: the kernel sends it by itself.</source>
        <extracomment>zh: recv() 从接收缓冲区取出内核已经收到并确认过的字节（%1）。ACK 不等程序：是内核自己发的。</extracomment>
        <translation>recv() 从接收缓冲区取出内核已经收到并确认过的字节（%1）。ACK 不等程序：是内核自己发的。</translation>
    </message>
    <message>
        <source>close(): the %1 closes its socket</source>
        <extracomment>zh: close()：%1关闭套接字</extracomment>
        <translation>close()：%1关闭套接字</translation>
    </message>
    <message>
        <source>The other side has closed its half already (its FIN arrived), so this is the second close: the kernel sends its own FIN and then waits for the last ACK (LAST_ACK).</source>
        <extracomment>zh: 对方已经关闭了它那一端（FIN 已到），所以这是第二个关闭：内核发出自己的 FIN，然后等待最后一个 ACK（LAST_ACK）。</extracomment>
        <translation>对方已经关闭了它那一端（FIN 已到），所以这是第二个关闭：内核发出自己的 FIN，然后等待最后一个 ACK（LAST_ACK）。</translation>
    </message>
    <message>
        <source>The program is done with the socket. If the connection is open, the kernel sends a FIN (the next arrow from this side): "I will send no more data". Closing a listening socket sends nothing; SYNs to its port are then refused with RST.</source>
        <extracomment>zh: 程序不再使用这个套接字。如果连接还开着，内核会发出 FIN（这一端的下一个箭头）："我不会再发送数据了"。关闭监听套接字则什么也不发送；之后发到这个端口的 SYN 会被 RST 拒绝。</extracomment>
        <translation>程序不再使用这个套接字。如果连接还开着，内核会发出 FIN（这一端的下一个箭头）：“我不会再发送数据了”。关闭监听套接字则什么也不发送；之后发到这个端口的 SYN 会被 RST 拒绝。</translation>
    </message>
    <message>
        <source>The %1 called %2.</source>
        <extracomment>zh: %1调用了 %2。</extracomment>
        <translation>%1调用了 %2。</translation>
    </message>
    <message>
        <source>This call is not in the capture: it is deduced from the packets (a capture only holds what went over the wire).</source>
        <extracomment>zh: 这个调用不在抓包里：它是从数据包推断出来的（抓包只记录线路上传输的内容）。</extracomment>
        <translation>这个调用不在抓包里：它是从分组推断出来的（抓包只记录线路上传输的内容）。</translation>
    </message>
    <message>
        <source>Step by step</source>
        <extracomment>zh: 逐步讲解</extracomment>
        <translation>逐步讲解</translation>
    </message>
    <message>
        <source>Start the server (right), then connect the client (left): every segment the two kernels exchange appears on the ladder and is explained here, step by step. Tick "Wait for me" to reveal new steps only when you press Right arrow or Space.</source>
        <extracomment>zh: 先启动服务器（右侧），再连接客户端（左侧）：两个内核交换的每一个段都会出现在梯形图上，并在这里逐步讲解。勾选"等等我"后，新的步骤只有在你按 → 或空格时才显示。</extracomment>
        <translation>先启动服务器（右侧），再连接客户端（左侧）：两个内核交换的每一个分节都会出现在时序图上，并在这里逐步讲解。勾选“等等我”后，新的步骤只有在你按 → 或空格时才显示。</translation>
    </message>
    <message>
        <source>Right arrow goes forward one step, Space plays; Left arrow goes back, Home and End jump to the first and the last step. Click an arrow to make it the current step.</source>
        <extracomment>zh: 按 →（右方向键）前进一步，空格自动播放；← 后退，Home 和 End 跳到第一步和最后一步。点击一个箭头，它就成为当前步骤。</extracomment>
        <translation>按 →（右方向键）前进一步，空格自动播放；← 后退，Home 和 End 跳到第一步和最后一步。点击一个箭头，它就成为当前步骤。</translation>
    </message>
    <message>
        <source>The %1 has been in %2 since the SYN arrived; the half-open connection waits in the SYN queue for the last ACK. When this segment arrives, the %3 is %4 and its connect() returns.</source>
        <extracomment>zh: %1从收到 SYN 起就处于 %2；这个尚未完成的连接在未完成连接队列（SYN 队列）里等待最后一个 ACK。这个分节到达时，%3进入 %4，它的 connect() 返回。</extracomment>
        <translation>%1从收到 SYN 起就处于 %2；这个尚未完成的连接在未完成连接队列（SYN 队列）里等待最后一个 ACK。这个分节到达时，%3进入 %4，它的 connect() 返回。</translation>
    </message>
    <message>
        <source>The server's socket here was listening (LISTEN) all along: its kernel dropped that SYN and never went to SYN_RCVD for it.</source>
        <extracomment>zh: 这里的服务器套接字一直在监听（LISTEN）：内核丢弃了那个 SYN，没有为它进入 SYN_RCVD。</extracomment>
        <translation>这里服务器的套接字一直在监听（LISTEN）：它的内核丢弃了那个 SYN，没有为它进入 SYN_RCVD。</translation>
    </message>
    <message>
        <source>The server sends its SYN+ACK again: it never took the client's ACK and is still in SYN_RCVD. On Linux a full accept queue makes the kernel drop the ACK that would complete the handshake and send the SYN+ACK again, while the client already believes the connection is open.</source>
        <extracomment>zh: 服务器再次发出 SYN+ACK：它没有收下客户端的 ACK，仍处于 SYN_RCVD。在 Linux 上，accept 队列满时内核会丢弃完成握手的 ACK 并重发 SYN+ACK；客户端却早已认为连接建立了。</extracomment>
        <translation>服务器再次发出 SYN+ACK：它没有收下客户端的 ACK，仍处于 SYN_RCVD。在 Linux 上，已完成连接队列满时，内核会丢弃本该完成握手的 ACK 并重发 SYN+ACK，而客户端早已认为连接建立了。</translation>
    </message>
    <message>
        <source>The server's listening socket receives it: its kernel goes to SYN_RCVD for this connection and answers with a SYN+ACK at once (the next step).</source>
        <extracomment>zh: 服务器的监听套接字收到它：内核为这个连接进入 SYN_RCVD，并立刻用 SYN+ACK 回应（下一步）。</extracomment>
        <translation>服务器的监听套接字收到它：内核为这个连接进入 SYN_RCVD，并立即用 SYN+ACK 回应（下一步）。</translation>
    </message>
    <message>
        <source>Nothing listens on that port: the server is CLOSED all along, and its kernel will answer with a RST.</source>
        <extracomment>zh: 那个端口上没有程序在监听：服务器一直是 CLOSED，它的内核会用 RST 回应。</extracomment>
        <translation>那个端口上没有程序在监听：服务器一直是 CLOSED，它的内核会用 RST 回应。</translation>
    </message>
    <message>
        <source>The server's kernel has not answered this SYN (not yet, at least): for it the server is still LISTEN, not SYN_RCVD. That is how Linux drops a SYN while the accept queue is full; the client sends it again after about 1 s.</source>
        <extracomment>zh: 服务器的内核没有回应这个 SYN（至少目前没有）：服务器对它而言仍是 LISTEN，没有进入 SYN_RCVD。Linux 在 accept 队列满时就是这样丢弃 SYN 的；客户端会在约 1 秒后重发。</extracomment>
        <translation>服务器的内核没有回应这个 SYN（至少目前还没有）：就这个连接而言，服务器仍是 LISTEN，而不是 SYN_RCVD。Linux 在已完成连接队列满时就是这样丢弃 SYN 的；客户端约 1 秒后会重发。</translation>
    </message>
    <message>
        <source>No answer to this SYN was captured, so the packets do not tell what the server did with it (dropped for a full accept queue, filtered, or lost on the way): no server state is shown.</source>
        <extracomment>zh: 抓包里没有对这个 SYN 的回应，所以无法知道服务器做了什么（accept 队列满时丢弃、被防火墙过滤、或在路上丢失）：这里不显示服务器的状态。</extracomment>
        <translation>抓包里没有对这个 SYN 的回应，所以从分组看不出服务器怎样处理了它（因已完成连接队列满而丢弃、被过滤，或在路上丢失）：这里不显示服务器的状态。</translation>
    </message>
    <message>
        <source>Backlog %1: at most %1 connections whose handshake is complete may wait in the accept queue (Linux lets backlog + 1 in); while it is full, new SYNs are dropped.</source>
        <extracomment>zh: backlog %1：最多 %1 个已完成握手的连接可以在 accept 队列里等待（Linux 实际允许 backlog + 1 个）；队列满了，新来的 SYN 会被丢弃。</extracomment>
        <translation>backlog %1：最多 %1 个已完成握手的连接可以在已完成连接队列里等待（Linux 实际允许 backlog + 1 个）；队列满时，新来的 SYN 会被丢弃。</translation>
    </message>
    <message>
        <source>connect() fails: %1</source>
        <extracomment>zh: connect() 失败：%1</extracomment>
        <translation>connect() 失败：%1</translation>
    </message>
    <message>
        <source>No connection was made: connect() returns -1 and errno says why.</source>
        <extracomment>zh: 连接没有建立：connect() 返回 -1，errno 说明了原因。</extracomment>
        <translation>连接没有建立：connect() 返回 -1，errno 说明了原因。</translation>
    </message>
    <message>
        <source>shutdown(): the %1 closes its sending side</source>
        <extracomment>zh: shutdown()：%1关闭自己的发送方向</extracomment>
        <translation>shutdown()：%1关闭自己的发送方向</translation>
    </message>
    <message>
        <source>shutdown(SHUT_WR) makes the kernel send a FIN (the next step): "I will send no more data"; but the socket stays open and still receives what the other side sends, until it closes too. That is a half-close.</source>
        <extracomment>zh: shutdown(SHUT_WR) 让内核发出 FIN（下一步）："我不会再发送数据了"；但套接字仍然打开，还可以接收对方发来的数据，直到对方也关闭。这就是半关闭。</extracomment>
        <translation>shutdown(SHUT_WR) 让内核发出 FIN（下一步）：“我不会再发送数据了”；但套接字仍然打开，还能接收对方发来的数据，直到对方也关闭。这就是半关闭。</translation>
    </message>
    <message>
        <source>A close() with SO_LINGER set to 0 is an abort: the kernel throws away what is not sent yet and sends a RST instead of a FIN. No FIN exchange, and no TIME_WAIT.</source>
        <extracomment>zh: SO_LINGER 设为 0 的 close() 是一次中止：内核丢弃还没发出的数据，发出 RST 而不是 FIN。没有四次挥手，也没有 TIME_WAIT。</extracomment>
        <translation>SO_LINGER 设为 0 的 close() 是一次中止：内核丢弃还没发出的数据，发出 RST 而不是 FIN。没有 FIN 交换，也没有 TIME_WAIT。</translation>
    </message>
    <message>
        <source>Closing the listening socket: SYNs to %1 are refused with RST from now on. Connections still waiting in the accept queue, never taken by accept(), are reset by the kernel with RST.</source>
        <extracomment>zh: 关闭监听套接字：以后发到 %1 的 SYN 会被 RST 拒绝。还在 accept 队列里、没被 accept() 取走的连接会被内核用 RST 复位。</extracomment>
        <translation>关闭监听套接字：从现在起，发到 %1 的 SYN 会被 RST 拒绝。还在已完成连接队列里等待、从没被 accept() 取走的连接，会被内核用 RST 复位。</translation>
    </message>
    <message>
        <source>&lt;none&gt;</source>
        <comment>no TCP flag set</comment>
        <extracomment>zh: &lt;无标志&gt;</extracomment>
        <translation>&lt;无标志&gt;</translation>
    </message>
    <message>
        <source>This copy left %1 after the one before: the kernel waited that long for an answer, then sent the SYN again. Linux waits about 1 s first; later waits either double or, on kernels from 6.5 (net.ipv4.tcp_syn_linear_timeouts), stay at 1 s for the first tries.</source>
        <extracomment>zh: 这一份在上一份之后 %1 发出：内核等这么久没有得到回应，就再发一次 SYN。Linux 第一次等约 1 秒；之后的等待时间或者每次翻倍，或者（6.5 及以后的内核，见 net.ipv4.tcp_syn_linear_timeouts）前几次都是 1 秒。</extracomment>
        <translation>这一份在上一份之后 %1 发出：内核等这么久没有得到回应，就再发一次 SYN。Linux 第一次等约 1 秒；之后的等待时间或者每次翻倍，或者（6.5 及以后的内核，见 net.ipv4.tcp_syn_linear_timeouts）前几次都是 1 秒。</translation>
    </message>
    <message>
        <source>Nothing answered the SYN before. The usual reasons: the server's accept queue is full (too many connections whose handshake is done wait for accept(), and Linux drops new SYNs), the SYN was lost on the way, or a firewall drops SYNs to this port.</source>
        <extracomment>zh: 上一个 SYN 没有得到任何回应。可能的原因：服务器的已完成连接队列满了（握手已完成、还没被 accept() 取走的连接太多，Linux 会丢弃新的 SYN），SYN 在路上丢了，或者防火墙丢弃了发往这个端口的 SYN。</extracomment>
        <translation>上一个 SYN 没有得到任何回应。可能的原因：服务器的已完成连接队列满了（握手已完成、还没被 accept() 取走的连接太多，Linux 会丢弃新的 SYN），SYN 在路上丢了，或者防火墙丢弃了发往这个端口的 SYN。</translation>
    </message>
    <message>
        <source>The IPv6 payload length is 0 and there is no Jumbo Payload option (RFC 2675), so the frame's length is used here; tshark marks such a packet as malformed. Linux BIG TCP does this: the kernel hands the network card one super-packet of more than 64 KiB (the one captured here), and the card cuts it into the segments the wire really carries. No such packet is ever on the wire.</source>
        <extracomment>zh: IPv6 的载荷长度字段是 0，却没有 Jumbo Payload 选项（RFC 2675），所以这里按帧的长度来读它；tshark 会把它标为格式错误的分组。Linux 的 BIG TCP 就会这样：内核把超过 64 KiB 的一大块数据作为一个“超级分组”交给网卡（在这里被抓到），由网卡再切成线路上真正传送的分节。线路上不会出现这样的分组。</extracomment>
        <translation>IPv6 的载荷长度字段是 0，却没有 Jumbo Payload 选项（RFC 2675），所以这里按帧的长度来读它；tshark 会把它标为格式错误的分组。Linux 的 BIG TCP 就会这样：内核把超过 64 KiB 的一大块数据作为一个“超级分组”交给网卡（在这里被抓到），由网卡再切成线路上真正传送的分节。线路上不会出现这样的分组。</translation>
    </message>
    <message>
        <source>send() fails: %1</source>
        <extracomment>zh: send() 失败：%1</extracomment>
        <translation>send() 失败：%1</translation>
    </message>
    <message>
        <source>The kernel takes no more data to send: the peer has reset the connection (ECONNRESET), or the connection has ended (EPIPE). What was still in the send buffer will never go out.</source>
        <extracomment>zh: 内核不再接受要发送的数据：对方已经复位了连接（ECONNRESET），或者连接已经结束（EPIPE）。还在发送缓冲区里的数据永远不会发出去了。</extracomment>
        <translation>内核不再接受要发送的数据：对方已经复位了连接（ECONNRESET），或者连接已经结束（EPIPE）。还在发送缓冲区里的数据永远不会发出去了。</translation>
    </message>
    <message>
        <source>recv() fails: %1</source>
        <extracomment>zh: recv() 失败：%1</extracomment>
        <translation>recv() 失败：%1</translation>
    </message>
    <message>
        <source>The peer's RST arrived: the connection is reset, and recv() returns -1 with errno ECONNRESET. The peer's kernel threw away what its program had not read, and what this side had not sent is lost too. This is not a FIN: no closing handshake, no TIME_WAIT. The program then close()s the socket, and nothing more goes on the wire.</source>
        <extracomment>zh: 对方的 RST 到了：连接被复位，recv() 返回 -1，errno 为 ECONNRESET。对方内核丢弃了它的程序还没读的数据，这一端还没发出的数据也丢了。这不是 FIN：没有四次挥手，也没有 TIME_WAIT。程序接着 close() 这个套接字，线路上什么也不再发送。</extracomment>
        <translation>对方的 RST 到了：连接被复位，recv() 返回 -1，errno 为 ECONNRESET。对方内核丢弃了它的程序还没读的数据，这一端还没发出的数据也丢了。这不是 FIN：没有四次挥手，也没有 TIME_WAIT。程序接着 close() 这个套接字，线路上什么也不再发送。</translation>
    </message>
    <message>
        <source>recv() returns -1 and errno says why: the connection cannot be used any more.</source>
        <extracomment>zh: recv() 返回 -1，errno 说明了原因：连接已经不能再用了。</extracomment>
        <translation>recv() 返回 -1，errno 说明了原因：连接已经不能再用了。</translation>
    </message>
    <message>
        <source>The other side has reset the connection (its RST arrived), so the connection is gone: close() only frees the descriptor and nothing goes on the wire, no FIN and no TIME_WAIT.</source>
        <extracomment>zh: 对方已经复位了连接（它的 RST 到了），连接已经不存在：close() 只是释放描述符，线路上什么也不发送——没有 FIN，也没有 TIME_WAIT。</extracomment>
        <translation>对方已经复位了连接（它的 RST 到了），连接已经不存在：close() 只是释放描述符，线路上什么也不发送——没有 FIN，也没有 TIME_WAIT。</translation>
    </message>
    <message>
        <source>Dropped by the lab: %1</source>
        <extracomment>zh: 被实验网络丢弃：%1</extracomment>
        <translation>被实验网络丢弃：%1</translation>
    </message>
    <message>
        <source>The lab network dropped this segment, as you asked (its nftables rule, on the receiver's way in): the capture saw it leave the %1, and the %2 never got it. So the %2's state does not change; the %1 believes it was delivered.</source>
        <extracomment>zh: 实验网络按你的要求丢弃了这个分节（它的 nftables 规则在接收方的入口处）：抓包看到它从%1发出，%2却从没收到它。所以%2的状态不变；%1以为它已经送达。</extracomment>
        <translation>实验网络按你的要求丢弃了这个分节（它的 nftables 规则在接收方的入口处）：抓包看到它从%1发出，%2却从没收到它。所以%2的状态不变；%1以为它已经送达。</translation>
    </message>
    <message>
        <source>The client stays in SYN_SENT and its connect() keeps waiting. With no answer, its kernel sends the SYN again (the same ISN) when its retransmission timer runs out: see the dashed arrow below and the gap before it.</source>
        <extracomment>zh: 客户端停在 SYN_SENT，connect() 还在等待。没有回答，它的内核会在重传定时器到期时再发一次 SYN（同一个 ISN）：看下面的虚线箭头和时间间隔。</extracomment>
        <translation>客户端停在 SYN_SENT，connect() 还在等待。没有回答，它的内核会在重传定时器到期时再发一次 SYN（同一个 ISN）：看下面的虚线箭头和时间间隔。</translation>
    </message>
    <message>
        <source>The client is still in SYN_SENT and connect() has not returned. The server keeps the half-open connection in SYN_RCVD and sends its SYN+ACK again when its timer runs out; the client may send its SYN again first, and the server answers that copy with a SYN+ACK too. The client becomes ESTABLISHED when one of them arrives.</source>
        <extracomment>zh: 客户端仍在 SYN_SENT，connect() 没有返回。服务器把半打开的连接留在 SYN_RCVD，定时器到期时重发 SYN+ACK；客户端也可能先重发它的 SYN，服务器会再用 SYN+ACK 回答。客户端在收到其中一个 SYN+ACK 时才变为 ESTABLISHED。</extracomment>
        <translation>客户端仍在 SYN_SENT，connect() 没有返回。服务器把半打开的连接留在 SYN_RCVD，定时器到期时重发 SYN+ACK；客户端也可能先重发它的 SYN，服务器会再用 SYN+ACK 回答。客户端在收到其中一个 SYN+ACK 时才变为 ESTABLISHED。</translation>
    </message>
    <message>
        <source>The %2 did not get the FIN: it stays as it was, and its recv() does not return 0. The %1 (FIN_WAIT_1) gets no ACK of its FIN and sends it again when its timer runs out.</source>
        <extracomment>zh: %2没有收到 FIN：它仍是原来的状态，recv() 也不会返回 0。%1（FIN_WAIT_1）等不到对 FIN 的确认，会在定时器到期时重发 FIN。</extracomment>
        <translation>%2没有收到 FIN：它仍是原来的状态，recv() 也不会返回 0。%1（FIN_WAIT_1）等不到对 FIN 的确认，会在定时器到期时重发 FIN。</translation>
    </message>
    <message>
        <source>A segment that carries only an ACK is never sent again: TCP does not acknowledge ACKs. If this was the handshake's last ACK, the server is still in SYN_RCVD and accept() cannot take the connection; any later segment that carries the ACK (usually the client's first data) completes the handshake, or the server's timer runs out first, it sends its SYN+ACK again and the client answers with another ACK. The ladder below shows which happened.</source>
        <extracomment>zh: 一个只带 ACK 的分节永远不会被重发：TCP 不确认 ACK。如果这是握手的最后一个 ACK，服务器仍在 SYN_RCVD，accept() 拿不到这个连接；以后任何一个带 ACK 的分节（通常是客户端的第一份数据）都能完成握手，或者服务器的定时器先到期，它重发 SYN+ACK，客户端再回答一个 ACK。下面的时序图显示实际是哪一种。</extracomment>
        <translation>一个只带 ACK 的分节永远不会被重发：TCP 不确认 ACK。如果这是握手的最后一个 ACK，服务器仍在 SYN_RCVD，accept() 拿不到这个连接；以后任何一个带 ACK 的分节（通常是客户端的第一份数据）都能完成握手，或者服务器的定时器先到期，它重发 SYN+ACK，客户端再回答一个 ACK。下面的时序图显示实际是哪一种。</translation>
    </message>
    <message>
        <source>The %1 sends this data again: when its retransmission timer runs out, or when the %2's duplicate ACKs tell it a piece is missing (fast retransmit).</source>
        <extracomment>zh: %1会重发这些数据：在重传定时器到期时，或者在%2的重复 ACK 告诉它有一部分缺失时（快速重传）。</extracomment>
        <translation>%1会重发这些数据：在重传定时器到期时，或者在%2的重复 ACK 告诉它有一部分缺失时（快速重传）。</translation>
    </message>
    <message>
        <source>The server did answer (the SYN+ACK of frame %1), but the lab dropped the answer: the client, still in SYN_SENT, had its timer run out and sent its SYN again. The server, in SYN_RCVD, answers this copy with a SYN+ACK again.</source>
        <extracomment>zh: 服务器其实回答了（第 %1 帧的 SYN+ACK），但实验网络把回答丢弃了：客户端仍在 SYN_SENT，它的定时器到期，于是再发一次 SYN。处于 SYN_RCVD 的服务器会再用 SYN+ACK 回答这一份。</extracomment>
        <translation>服务器其实回答了（第 %1 帧的 SYN+ACK），但实验网络把回答丢弃了：客户端仍在 SYN_SENT，它的定时器到期，于是再发一次 SYN。处于 SYN_RCVD 的服务器会再用 SYN+ACK 回答这一份。</translation>
    </message>
    <message>
        <source>The lab dropped the copy before (frame %1): the %2 never got it, so no answer came; the %3's timer ran out (%4 later) and it sent it again. This copy arrived.</source>
        <extracomment>zh: 实验网络丢弃了上一份（第 %1 帧），%2没有收到它，也就没有回应；%3的定时器到期（%4 之后），于是再发一次。这一份到达了。</extracomment>
        <translation>实验网络丢弃了上一份（第 %1 帧），%2没有收到它，也就没有回应；%3的定时器到期（%4 之后），于是再发一次。这一份到达了。</translation>
    </message>
    <message>
        <source>The lab dropped the client's ACK that would complete the handshake (frame %1): the server never got it and is still in SYN_RCVD. Its timer ran out, so it sends the SYN+ACK again; the client, which believes the connection is open already, answers with another ACK.</source>
        <extracomment>zh: 实验网络丢弃了客户端完成握手的 ACK（第 %1 帧）：服务器没有收到它，仍处于 SYN_RCVD。它的定时器到期，于是重发 SYN+ACK；客户端却早已认为连接建立了，它会用一个新的 ACK 回答。</extracomment>
        <translation>实验网络丢弃了客户端完成握手的 ACK（第 %1 帧）：服务器没有收到它，仍处于 SYN_RCVD。它的定时器到期，于是重发 SYN+ACK；客户端却早已认为连接建立了，它会用一个新的 ACK 回答。</translation>
    </message>
    <message>
        <source>Data completes the three-way handshake</source>
        <extracomment>zh: 数据完成了三次握手</extracomment>
        <translation>数据完成了三次握手</translation>
    </message>
    <message>
        <source>The handshake's last ACK (frame %1) was dropped by the lab, and the server stayed in SYN_RCVD. This data segment carries the ACK too: ack = the server's ISN + 1 = %2, acknowledging the server's SYN. When it arrives the server becomes ESTABLISHED, accept() can return, and the data goes to the server: the data completed the handshake, no other ACK was needed.</source>
        <extracomment>zh: 握手的最后一个 ACK（第 %1 帧）被实验网络丢弃了，服务器一直停在 SYN_RCVD。这个数据分节也带着 ACK：ack = 服务器的 ISN + 1 = %2，确认了服务器的 SYN。它一到，服务器就变为 ESTABLISHED，accept() 可以返回，数据随即交给服务器：握手由数据完成，不需要再发一个 ACK。</extracomment>
        <translation>握手的最后一个 ACK（第 %1 帧）被实验网络丢弃了，服务器一直停在 SYN_RCVD。这个数据分节也带着 ACK：ack = 服务器的 ISN + 1 = %2，确认了服务器的 SYN。它一到，服务器就变为 ESTABLISHED，accept() 可以返回，数据随即交给服务器：握手由数据完成，不需要再发一个 ACK。</translation>
    </message>
    <message>
        <source>ACK: the three-way handshake is complete (at the second try)</source>
        <extracomment>zh: ACK：三次握手完成（第二次）</extracomment>
        <translation>ACK：三次握手完成（第二次）</translation>
    </message>
    <message>
        <source>The handshake's last ACK (frame %1) was dropped by the lab; the server's timer ran out, it sent its SYN+ACK again, and the client answered with this ACK. When it arrives the server becomes ESTABLISHED and accept() can return.</source>
        <extracomment>zh: 握手的最后一个 ACK（第 %1 帧）被实验网络丢弃了；服务器的定时器到期后重发了 SYN+ACK，客户端用这个 ACK 回答。它一到，服务器就变为 ESTABLISHED，accept() 可以返回。</extracomment>
        <translation>握手的最后一个 ACK（第 %1 帧）被实验网络丢弃了；服务器的定时器到期后重发了 SYN+ACK，客户端用这个 ACK 回答。它一到，服务器就变为 ESTABLISHED，accept() 可以返回。</translation>
    </message>
    <message>
        <source>Or pick a lesson from the Lessons menu: it makes one classic situation happen for real (the handshake, a refused connection, a lost SYN, a full accept queue, a half-close, TIME_WAIT…), stops by itself, and comes with a card beside the ladder.</source>
        <extracomment>zh: 或者从“课程”菜单里选一节课：它让一个经典场景真实地发生一次（握手、连接被拒绝、丢失的 SYN、已完成连接队列满了、半关闭、TIME_WAIT……），自己停下，旁边有一张讲解卡片。</extracomment>
        <translation>或者从“课程”菜单里选一节课：它让一个经典场景真实地发生一次（握手、连接被拒绝、丢失的 SYN、已完成连接队列满了、半关闭、TIME_WAIT……），自己停下，旁边有一张讲解卡片。</translation>
    </message>
    <message>
        <source>The %1 (it called connect() too) stays in SYN_SENT. With no answer, its kernel sends the SYN again (the same ISN) when its retransmission timer runs out.</source>
        <extracomment>zh: %1（它也调用了 connect()）停在 SYN_SENT。没有回答，它的内核会在重传定时器到期时再发一次 SYN（同一个 ISN）。</extracomment>
        <translation>%1（它也调用了 connect()）停在 SYN_SENT。没有回答，它的内核会在重传定时器到期时再发一次 SYN（同一个 ISN）。</translation>
    </message>
    <message>
        <source>SYN: the two SYNs cross (a simultaneous open)</source>
        <extracomment>zh: SYN：两个 SYN 交错（同时打开）</extracomment>
        <translation>SYN：两个 SYN 交错（同时打开）</translation>
    </message>
    <message>
        <source>The %1 called connect() too and has sent its own SYN: it is in SYN_SENT when this SYN arrives. Nothing listens, and the %1's kernel takes the SYN all the same (RFC 9293 3.5, simultaneous open): it goes to SYN_RCVD and answers with a SYN+ACK, its own SYN again (the same ISN) with an ACK of this one.</source>
        <extracomment>zh: %1也调用了 connect()，已经发出了自己的 SYN：这个 SYN 到达时它处于 SYN_SENT。没有谁在监听，%1的内核照样接受这个 SYN（RFC 9293 3.5，同时打开）：它进入 SYN_RCVD，并用 SYN+ACK 回答——再发一次自己的 SYN（同一个 ISN），加上对这个 SYN 的 ACK。</extracomment>
        <translation>%1也调用了 connect()，已经发出了自己的 SYN：这个 SYN 到达时它处于 SYN_SENT。没有谁在监听，%1的内核照样接受这个 SYN（RFC 9293 3.5，同时打开）：它进入 SYN_RCVD，并用 SYN+ACK 回答——再发一次自己的 SYN（同一个 ISN），加上对这个 SYN 的 ACK。</translation>
    </message>
    <message>
        <source>This is the %1's second SYN, sent when its timer ran out: the lab dropped the first, so that the two sides' copies cross on the way.</source>
        <extracomment>zh: 这是%1的第二份 SYN（它的定时器到期后重发的）：第一份被实验网络丢弃了，这样两边重发的 SYN 才会在路上交错。</extracomment>
        <translation>这是%1的第二份 SYN（它的定时器到期后重发的）：第一份被实验网络丢弃了，这样两边重发的 SYN 才会在路上交错。</translation>
    </message>
    <message>
        <source>There is no server here: each side is both. Both send a SYN+ACK, each becomes ESTABLISHED when the other's arrives and its connect() returns; there is no accept().</source>
        <extracomment>zh: 这里没有服务器：每一方既是客户端也是服务器。两边都会发 SYN+ACK，各自在收到对方的 SYN+ACK 时进入 ESTABLISHED，connect() 返回；没有 accept()。</extracomment>
        <translation>这里没有服务器：每一方既是客户端也是服务器。两边都会发 SYN+ACK，各自在收到对方的 SYN+ACK 时进入 ESTABLISHED，connect() 返回；没有 accept()。</translation>
    </message>
    <message>
        <source>A simultaneous open: the %1 got the other side's SYN after sending its own. It answers with a SYN+ACK: its own SYN (the same ISN as before) with an ACK of the other's. The other side does the same.</source>
        <extracomment>zh: 同时打开：%1收到了对方的 SYN，而它自己的 SYN 已经发出。它回答 SYN+ACK：自己的 SYN（与之前同一个 ISN）加上对对方 SYN 的 ACK。对方也会这样做。</extracomment>
        <translation>同时打开：%1收到了对方的 SYN，而它自己的 SYN 已经发出。它回答 SYN+ACK：自己的 SYN（与之前同一个 ISN）加上对对方 SYN 的 ACK。对方也会这样做。</translation>
    </message>
    <message>
        <source>The %1 has been in SYN_RCVD since the other side's SYN arrived (there is no SYN queue: no listening socket). When this segment arrives, the %2 is %3 and its connect() returns.</source>
        <extracomment>zh: %1从收到对方的 SYN 起就处于 SYN_RCVD（没有未完成连接队列（SYN 队列）：没有监听套接字）。这个分节到达时，%2进入 %3，它的 connect() 返回。</extracomment>
        <translation>%1从收到对方的 SYN 起就处于 SYN_RCVD（没有未完成连接队列（SYN 队列）：没有监听套接字）。这个分节到达时，%2进入 %3，它的 connect() 返回。</translation>
    </message>
    <message>
        <source>The last byte is a newline (\n): it ends the line, so that a peer that reads lines (nc, the tutorial's programs) shows each message on its own line. The chat panes add one to each message unless "Newline after each" is unticked. It is a byte like any other: the data segment's Len counts it.</source>
        <extracomment>zh: 最后一个字节是换行符（\n）：它结束这一行，按行读取的对方（nc、教程里的程序）因此把每条消息单独显示成一行。聊天面板会在每条消息末尾加上它，除非取消勾选“每条消息后加换行”。它也是一个字节：数据分节的 Len 把它算在内。</extracomment>
        <translation>最后一个字节是换行符（\n）：它结束这一行，按行读取的对方（nc、教程里的程序）因此把每条消息单独显示成一行。聊天面板会在每条消息末尾加上它，除非取消勾选“每条消息后加换行”。它也是一个字节：数据分节的 Len 把它算在内。</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>the image (%1 x %2 px) is too large for memory</source>
        <translation>图像（%1 × %2 像素）太大，内存放不下</translation>
    </message>
    <message>
        <source>Picture cut at %1 px: %2 more steps are not drawn. The .svg and .txt exports hold them all.</source>
        <translation>图像在 %1 像素处截断：还有 %2 步没有画出。导出为 .svg 或 .txt 则包含全部步骤。</translation>
    </message>
    <message>
        <source>TCP connection ladder</source>
        <translation>TCP 连接时序图</translation>
    </message>
    <message>
        <source>Drawn by handshake-viz</source>
        <translation>由 handshake-viz 绘制</translation>
    </message>
    <message>
        <source>drawing needs a QGuiApplication (use the offscreen platform)</source>
        <translation>绘图需要 QGuiApplication（请使用 offscreen 平台）</translation>
    </message>
    <message>
        <source>the raw packets are written by the capture, not from the timeline</source>
        <translation>原始分组由抓包部分写出，不能从时间线生成</translation>
    </message>
    <message>
        <source>unknown export format '%1' (use %2)</source>
        <translation>未知的导出格式“%1”（可用 %2）</translation>
    </message>
    <message>
        <source>the export was cancelled</source>
        <extracomment>zh: 导出已取消</extracomment>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>the PDF writer could not start</source>
        <extracomment>zh: PDF 写入器无法启动</extracomment>
        <translation>PDF 写入器无法启动</translation>
    </message>
    <message>
        <source>a worksheet is a picture or a handout: use .png, .svg or .pdf</source>
        <extracomment>zh: 练习单是图片或讲义：请用 .png、.svg 或 .pdf</extracomment>
        <translation>练习单是图片或讲义：请用 .png、.svg 或 .pdf</translation>
    </message>
    <message>
        <source>there is no connection %1 (the capture has %2, numbered 1 to %2)</source>
        <extracomment>zh: 没有连接 %1（抓包里有 %2 个连接，编号 1 到 %2）</extracomment>
        <translation>没有连接 %1（抓包里有 %2 个连接，编号 1 到 %2）</translation>
    </message>
    <message>
        <source>--steps %1: expected 1-3, 4, 2-, -5 or handshake (steps are numbered from 1)</source>
        <extracomment>zh: --steps %1：应为 1-3、4、2-、-5 或 handshake（步骤从 1 开始编号）</extracomment>
        <translation>--steps %1：应为 1-3、4、2-、-5 或 handshake（步骤从 1 开始编号）</translation>
    </message>
    <message>
        <source>--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1920x1080 (64 to 8192 each)</source>
        <extracomment>zh: --size %1：应为 宽x高 像素，例如 1920x1080（每边 64 到 8192）</extracomment>
        <translation>--size %1：应为 宽x高 像素，例如 1920x1080（每边 64 到 8192）</translation>
    </message>
    <message>
        <source>cannot write %1: the capture has no TCP connection</source>
        <extracomment>zh: 无法写入 %1：抓包里没有 TCP 连接</extracomment>
        <translation>无法写入 %1：抓包里没有 TCP 连接</translation>
    </message>
    <message>
        <source>cannot write %1: there is no connection %2 (the capture has %3, numbered 1 to %3)</source>
        <extracomment>zh: 无法写入 %1：没有连接 %2（抓包里有 %3 个连接，编号 1 到 %3）</extracomment>
        <translation>无法写入 %1：没有连接 %2（抓包里有 %3 个连接，编号 1 到 %3）</translation>
    </message>
    <message>
        <source>cannot write %1: connection %2 has no steps yet</source>
        <extracomment>zh: 无法写入 %1：连接 %2 还没有步骤</extracomment>
        <translation>无法写入 %1：连接 %2 还没有步骤</translation>
    </message>
    <message>
        <source>cannot write %1: connection %2's handshake did not complete (no ACK completing it and no RST was captured): name the steps with --steps</source>
        <extracomment>zh: 无法写入 %1：连接 %2 的握手没有完成（没有抓到完成握手的 ACK，也没有 RST）：请用 --steps 指定步骤</extracomment>
        <translation>无法写入 %1：连接 %2 的握手没有完成（没有抓到完成握手的 ACK，也没有 RST）：请用 --steps 指定步骤</translation>
    </message>
    <message>
        <source>cannot write %1: connection %2 has only %3 steps</source>
        <extracomment>zh: 无法写入 %1：连接 %2 只有 %3 步</extracomment>
        <translation>无法写入 %1：连接 %2 只有 %3 步</translation>
    </message>
    <message>
        <source>cannot write %1: Qt's PNG encoder gave data that cannot be read back</source>
        <extracomment>zh: 无法写入 %1：Qt 的 PNG 编码器给出的数据无法读懂</extracomment>
        <translation>无法写入 %1：Qt 的 PNG 编码器给出的数据无法读懂</translation>
    </message>
    <message>
        <source>cannot write %1: slides are pictures: use .png, .svg, .pdf or .apng (animated)</source>
        <extracomment>zh: 无法写入 %1：幻灯片是图片：请用 .png、.svg、.pdf 或 .apng（动画）</extracomment>
        <translation>无法写入 %1：幻灯片是图片：请用 .png、.svg、.pdf 或 .apng（动画）</translation>
    </message>
    <message>
        <source>the image is too large for memory</source>
        <extracomment>zh: 图片太大，内存放不下</extracomment>
        <translation>图片太大，内存放不下</translation>
    </message>
    <message>
        <source>cannot write %1: an animation of %2 steps is too long (at most %3): choose a range with --steps (or handshake, or up to the current step, in the slides dialog)</source>
        <extracomment>zh: 无法写入 %1：动画有 %2 步，太长了（最多 %3 步）：请用 --steps 选一个范围（或在导出幻灯片对话框里选“握手”或“到当前步骤”）</extracomment>
        <translation>无法写入 %1：动画有 %2 步，太长了（最多 %3 步）：请用 --steps 选一个范围（或在导出幻灯片对话框里选“握手”或“到当前步骤”）</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>%1: %2 (frame %3); the %4 packets before it were kept</source>
        <extracomment>zh: %1：%2（第 %3 帧）；它之前的 %4 个分组已保留</extracomment>
        <translation>%1：%2（第 %3 帧）；它之前的 %4 个分组已保留</translation>
    </message>
    <message>
        <source>capture on %1 did not start within 10 s</source>
        <translation>在 %1 上的抓包没有在 10 秒内开始</translation>
    </message>
    <message>
        <source>connecting to %1:%2 timed out</source>
        <translation>连接 %1:%2 超时</translation>
    </message>
    <message>
        <source>warning: the close was not fully captured within 5 s; exporting what was seen</source>
        <translation>警告：5 秒内没有完整抓到关闭过程；只导出已看到的部分</translation>
    </message>
    <message>
        <source>warning: the peer has not closed its side within 5 s (it acknowledged the client's FIN); exporting what was seen</source>
        <translation>警告：对方在 5 秒内没有关闭自己那一端（它确认了客户端的 FIN）；导出已看到的内容</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <extracomment>zh: 警告：%1</extracomment>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>interrupted by %1: nothing was exported</source>
        <extracomment>zh: 被 %1 中断：什么都没有导出</extracomment>
        <translation>被 %1 中断：什么都没有导出</translation>
    </message>
    <message>
        <source>the peer at %1:%2 did not acknowledge '%3' within %4 s</source>
        <extracomment>zh: 对端 %1:%2 没有在 %4 秒内确认“%3”</extracomment>
        <translation>对端 %1:%2 没有在 %4 秒内确认“%3”</translation>
    </message>
</context>
<context>
    <name>LabImpairments</name>
    <message>
        <source>libnftables could not start</source>
        <extracomment>zh: libnftables 无法启动</extracomment>
        <translation>libnftables 无法启动</translation>
    </message>
    <message>
        <source>dropping segments is done in the lab network only (--network lab): this machine's own network is never changed</source>
        <extracomment>zh: 丢弃分组只在实验网络里做（--network lab）：本机的网络不会被改动</extracomment>
        <translation>丢弃分组只在实验网络里做（--network lab）：本机的网络不会被改动</translation>
    </message>
    <message>
        <source>cannot set the lab's drop rules: %1</source>
        <extracomment>zh: 无法在实验网络里设置丢弃规则：%1</extracomment>
        <translation>无法在实验网络里设置丢弃规则：%1</translation>
    </message>
</context>
<context>
    <name>LabTerminals</name>
    <message>
        <source>a terminal opens in the lab network only: this program is on the machine's own network (your usual terminal is there already)</source>
        <extracomment>zh: 终端只能在实验网络里打开：这个程序现在用的是本机的网络（在那里用你平常的终端就行）</extracomment>
        <translation>终端只能在实验网络里打开：这个程序现在用的是本机的网络（在那里用你平常的终端就行）</translation>
    </message>
    <message>
        <source>no terminal program found (tried $TERMINAL, x-terminal-emulator, xterm, konsole, gnome-terminal): install one, or set TERMINAL to yours</source>
        <extracomment>zh: 找不到终端程序（试过 $TERMINAL、x-terminal-emulator、xterm、konsole、gnome-terminal）：安装一个，或者把 TERMINAL 设为你的终端</extracomment>
        <translation>找不到终端程序（试过 $TERMINAL、x-terminal-emulator、xterm、konsole、gnome-terminal）：安装一个，或者把 TERMINAL 设为你的终端</translation>
    </message>
    <message>
        <source>lab: server host 10.0.0.2</source>
        <extracomment>zh: 实验网络·服务器主机 10.0.0.2</extracomment>
        <translation>实验网络·服务器主机 10.0.0.2</translation>
    </message>
    <message>
        <source>lab: client host 10.0.0.1</source>
        <extracomment>zh: 实验网络·客户端主机 10.0.0.1</extracomment>
        <translation>实验网络·客户端主机 10.0.0.1</translation>
    </message>
    <message>
        <source>lab: one host (lo, 127.0.0.1)</source>
        <extracomment>zh: 实验网络·一台主机（lo，127.0.0.1）</extracomment>
        <translation>实验网络·一台主机（lo，127.0.0.1）</translation>
    </message>
    <message>
        <source>This is the program's lab network: what nc, ss -tan or the tutorial's server/client do here shows on the ladder.</source>
        <extracomment>zh: 这是本程序的实验网络：这里的 nc、ss -tan、tutorial 的 server/client 的流量都出现在时序图上。</extracomment>
        <translation>这是本程序的实验网络：这里的 nc、ss -tan、tutorial 的 server/client 的流量都出现在时序图上。</translation>
    </message>
    <message>
        <source>Careful: this terminal is NOT in the lab network (your terminal program started the shell elsewhere). Set TERMINAL to a terminal such as xterm and try again.</source>
        <extracomment>zh: 注意：这个终端不在实验网络里（你的终端程序在别处启动了 shell）。请把 TERMINAL 设为 xterm 之类的终端再试。</extracomment>
        <translation>注意：这个终端不在实验网络里（你的终端程序在别处启动了 shell）。请把 TERMINAL 设为 xterm 之类的终端再试。</translation>
    </message>
    <message>
        <source>cannot write the terminal's start-up file %1: %2</source>
        <extracomment>zh: 无法写入终端的启动文件 %1：%2</extracomment>
        <translation>无法写入终端的启动文件 %1：%2</translation>
    </message>
    <message>
        <source>cannot start the terminal %1: %2</source>
        <extracomment>zh: 无法启动终端 %1：%2</extracomment>
        <translation>无法启动终端 %1：%2</translation>
    </message>
</context>
<context>
    <name>LadderLayout</name>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>1 segment</source>
        <translation>1 个分节</translation>
    </message>
    <message>
        <source>%1 segments</source>
        <translation>%1 个分节</translation>
    </message>
    <message>
        <source>Connection %1 · handshake %2 · %3</source>
        <translation>连接 %1 · 握手%2 · %3</translation>
    </message>
    <message>
        <source>No TCP connection yet</source>
        <translation>还没有 TCP 连接</translation>
    </message>
    <message>
        <source>SYN: open</source>
        <translation>SYN：建立</translation>
    </message>
    <message>
        <source>ACK</source>
        <translation>ACK</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>FIN: close</source>
        <translation>FIN：关闭</translation>
    </message>
    <message>
        <source>RST: abort</source>
        <translation>RST：中止</translation>
    </message>
    <message>
        <source>sent again</source>
        <translation>重传</translation>
    </message>
    <message>
        <source>TCP state</source>
        <translation>TCP 状态</translation>
    </message>
    <message>
        <source>socket call</source>
        <translation>套接字调用</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>anomaly: %1</source>
        <translation>异常：%1</translation>
    </message>
    <message>
        <source>↻ retransmission: sent again, same Seq</source>
        <translation>↻ 重传：同样的 Seq 又发了一次</translation>
    </message>
    <message>
        <source>RST: nothing listens on this port, connect() fails</source>
        <translation>RST：这个端口上没有程序在监听，connect() 失败</translation>
    </message>
    <message>
        <source>RST: the connection is aborted</source>
        <translation>RST：连接被强行中止</translation>
    </message>
    <message>
        <source>initial sequence number (ISN) %1, shown as 0</source>
        <translation>初始序号（ISN）%1，相对序号显示为 0</translation>
    </message>
    <message>
        <source>initial sequence number (ISN) %1</source>
        <translation>初始序号（ISN）%1</translation>
    </message>
    <message>
        <source>ack = %1 + 1: a SYN takes one sequence number</source>
        <translation>ack = %1 + 1：SYN 占用一个序号</translation>
    </message>
    <message>
        <source>a FIN takes one sequence number: next seq = %1 + %2 + 1 = %3</source>
        <translation>FIN 占用一个序号：下一个 seq = %1 + %2 + 1 = %3</translation>
    </message>
    <message>
        <source>a FIN takes one sequence number: next seq = %1 + 1 = %2</source>
        <translation>FIN 占用一个序号：下一个 seq = %1 + 1 = %2</translation>
    </message>
    <message>
        <source>next seq = seq + len = %1 + %2 = %3</source>
        <translation>下一个 seq = seq + len = %1 + %2 = %3</translation>
    </message>
    <message>
        <source>ack = %1 + 1: the server's SYN takes one too</source>
        <translation>ack = %1 + 1：服务器的 SYN 同样占用一个序号</translation>
    </message>
    <message>
        <source>inferred from the packets</source>
        <translation>由分组推断</translation>
    </message>
    <message>
        <source>%1 · inferred</source>
        <translation>%1 · 推断</translation>
    </message>
    <message>
        <source>Waiting for TCP segments…</source>
        <translation>等待 TCP 分节…</translation>
    </message>
    <message>
        <source>socket call (inferred)</source>
        <translation>套接字调用（推断）</translation>
    </message>
    <message>
        <source>1 more connection (%1 steps) not drawn here: pick it from the list, or export as .svg or .txt for all</source>
        <translation>另有 1 个连接（%1 步）未在此画出：请从列表中选择它，或导出为 .svg 或 .txt 查看全部</translation>
    </message>
    <message>
        <source>%1 more connections (%2 steps) not drawn here: pick one from the list, or export as .svg or .txt for all</source>
        <translation>另有 %1 个连接（%2 步）未在此画出：请从列表中选择，或导出为 .svg 或 .txt 查看全部</translation>
    </message>
    <message>
        <source>complete</source>
        <comment>handshake class</comment>
        <translation>完成</translation>
    </message>
    <message>
        <source>partial</source>
        <comment>handshake class</comment>
        <translation>未完成</translation>
    </message>
    <message>
        <source>refused</source>
        <comment>handshake class</comment>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>none</source>
        <comment>handshake class</comment>
        <translation>未见</translation>
    </message>
    <message>
        <source>&lt;none&gt;</source>
        <comment>no TCP flag set</comment>
        <extracomment>zh: &lt;无标志&gt;</extracomment>
        <translation>&lt;无标志&gt;</translation>
    </message>
    <message>
        <source>Socket calls on no connection</source>
        <extracomment>zh: 不在任何连接上的套接字调用</extracomment>
        <translation>不在任何连接上的套接字调用</translation>
    </message>
    <message>
        <source>No TCP connection in part %1 yet: the earlier ones stay on disk</source>
        <extracomment>zh: 第 %1 部分还没有 TCP 连接：之前的连接留在磁盘上</extracomment>
        <translation>第 %1 部分还没有 TCP 连接：之前的连接留在磁盘上</translation>
    </message>
    <message>
        <source>client host</source>
        <extracomment>zh: 客户端主机</extracomment>
        <translation>客户端主机</translation>
    </message>
    <message>
        <source>server host</source>
        <extracomment>zh: 服务器主机</extracomment>
        <translation>服务器主机</translation>
    </message>
    <message>
        <source>✕ dropped by the lab: the receiver never got it</source>
        <extracomment>zh: ✕ 被实验网络丢弃：接收方没有收到它</extracomment>
        <translation>✕ 被实验网络丢弃：接收方没有收到它</translation>
    </message>
    <message>
        <source>kernel says %1, the ladder %2</source>
        <extracomment>zh: 内核说 %1，时序图却是 %2</extracomment>
        <translation>内核说 %1，时序图却是 %2</translation>
    </message>
    <message>
        <source>kernel: CLOSED for this socket, the connection's TIME_WAIT kept apart (ss -tan shows it)</source>
        <extracomment>zh: 内核：这个套接字是 CLOSED，连接的 TIME_WAIT 另外保存（ss -tan 能看到）</extracomment>
        <translation>内核：这个套接字是 CLOSED，连接的 TIME_WAIT 另外保存（ss -tan 能看到）</translation>
    </message>
    <message>
        <source>kernel: %1; %2 more in the accept queue (backlog %3)</source>
        <extracomment>zh: 内核：%1；已完成连接队列里还有 %2 个（backlog %3）</extracomment>
        <translation>内核：%1；已完成连接队列里还有 %2 个（backlog %3）</translation>
    </message>
    <message>
        <source>kernel: %1</source>
        <extracomment>zh: 内核：%1</extracomment>
        <translation>内核：%1</translation>
    </message>
    <message>
        <source>states</source>
        <extracomment>zh: 状态</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <source>Worksheet: fill in %1 · %2 · Name ________</source>
        <extracomment>zh: 练习：填写 %1 · %2 · 姓名 ________</extracomment>
        <translation>练习：填写 %1 · %2 · 姓名 ________</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>The three-way handshake</source>
        <extracomment>zh: 三次握手</extracomment>
        <translation>三次握手</translation>
    </message>
    <message>
        <source>See how the client's and the server's kernels tell each other their initial sequence numbers (ISNs) in three segments, and acknowledge each other's.</source>
        <extracomment>zh: 看客户端和服务器的内核怎样用三个分节互相告知初始序号（ISN），并确认对方的 ISN。</extracomment>
        <translation>看客户端和服务器的内核怎样用三个分节互相告知初始序号（ISN），并确认对方的 ISN。</translation>
    </message>
    <message>
        <source>The SYN's Seq, the SYN+ACK's Ack = the other's ISN + 1, the third ACK; how the states go from CLOSED/LISTEN to ESTABLISHED; after which step connect() and accept() return.</source>
        <extracomment>zh: SYN 的 Seq、SYN+ACK 的 Ack = 对方 ISN + 1、第三个 ACK；两边的状态怎样从 CLOSED/LISTEN 变成 ESTABLISHED；connect() 和 accept() 在哪一步之后返回。</extracomment>
        <translation>SYN 的 Seq、SYN+ACK 的 Ack = 对方 ISN + 1、第三个 ACK；两边的状态怎样从 CLOSED/LISTEN 变成 ESTABLISHED；connect() 和 accept() 在哪一步之后返回。</translation>
    </message>
    <message>
        <source>Why three segments and not two? With two, what would one side not know?</source>
        <extracomment>zh: 为什么是三次，而不是两次？两次握手会让哪一方不知道什么？</extracomment>
        <translation>为什么是三次，而不是两次？两次握手会让哪一方不知道什么？</translation>
    </message>
    <message>
        <source>The kernel does the handshake, not accept()</source>
        <extracomment>zh: 握手是内核做的，不是 accept()</extracomment>
        <translation>握手是内核做的，不是 accept()</translation>
    </message>
    <message>
        <source>The server program holds off calling accept(): the handshake completes all the same, and the connection waits in the accept queue.</source>
        <extracomment>zh: 服务器程序暂时不调用 accept()：握手照样完成，连接在已完成连接队列里等着。</extracomment>
        <translation>服务器程序暂时不调用 accept()：握手照样完成，连接在已完成连接队列里等着。</translation>
    </message>
    <message>
        <source>If the server never called accept() and clients kept connecting, what would happen? (Think of the backlog.)</source>
        <extracomment>zh: 如果服务器一直不调用 accept()，而客户端不停地连接，会发生什么？（见 backlog）</extracomment>
        <translation>如果服务器一直不调用 accept()，而客户端不停地连接，会发生什么？（见 backlog）</translation>
    </message>
    <message>
        <source>Connection refused</source>
        <extracomment>zh: 连接被拒绝</extracomment>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>Nothing listens on the port: the kernel answers the SYN with a RST, and connect() returns ECONNREFUSED.</source>
        <extracomment>zh: 没有程序在这个端口上监听：内核用 RST 回答 SYN，connect() 返回 ECONNREFUSED。</extracomment>
        <translation>没有程序在这个端口上监听：内核用 RST 回答 SYN，connect() 返回 ECONNREFUSED。</translation>
    </message>
    <message>
        <source>The RST's Ack is the SYN's Seq + 1; both sides end CLOSED; two segments only.</source>
        <extracomment>zh: RST 的 Ack 是 SYN 的 Seq + 1；两边都停在 CLOSED；只有两个分节。</extracomment>
        <translation>RST 的 Ack 是 SYN 的 Seq + 1；两边都停在 CLOSED；只有两个分节。</translation>
    </message>
    <message>
        <source>If the SYN got no answer at all (a firewall dropping it), what would the client see instead?</source>
        <extracomment>zh: 如果 SYN 什么回答也没得到（例如被防火墙丢弃），客户端看到的会有什么不同？</extracomment>
        <translation>如果 SYN 什么回答也没得到（例如被防火墙丢弃），客户端看到的会有什么不同？</translation>
    </message>
    <message>
        <source>A lost SYN</source>
        <extracomment>zh: 丢失的 SYN</extracomment>
        <translation>丢失的 SYN</translation>
    </message>
    <message>
        <source>The lab drops the first two SYNs: the client's kernel sends them again on its own timers, and connect() returns seconds late.</source>
        <extracomment>zh: 实验网络丢弃前两个 SYN：客户端的内核按自己的定时器重发，connect() 晚几秒才返回。</extracomment>
        <translation>实验网络丢弃前两个 SYN：客户端的内核按自己的定时器重发，connect() 晚几秒才返回。</translation>
    </message>
    <message>
        <source>The dropped SYNs stop short (✕); the copies are dashed, with the same ISN; the gaps between them (this kernel's net.ipv4.tcp_syn_linear_timeouts).</source>
        <extracomment>zh: 被丢弃的 SYN 中途停下（✕）；重发的 SYN 是虚线，同一个 ISN；它们之间的时间间隔（这个内核的 net.ipv4.tcp_syn_linear_timeouts）。</extracomment>
        <translation>被丢弃的 SYN 中途停下（✕）；重发的 SYN 是虚线，同一个 ISN；它们之间的时间间隔（这个内核的 net.ipv4.tcp_syn_linear_timeouts）。</translation>
    </message>
    <message>
        <source>How many times does the client try before it gives up? Where is that set?</source>
        <extracomment>zh: 客户端最多重发几次才放弃？这个数在哪里设置？</extracomment>
        <translation>客户端最多重发几次才放弃？这个数在哪里设置？</translation>
    </message>
    <message>
        <source>A lost SYN+ACK</source>
        <extracomment>zh: 丢失的 SYN+ACK</extracomment>
        <translation>丢失的 SYN+ACK</translation>
    </message>
    <message>
        <source>The lab drops the server's first SYN+ACK: who sends what again?</source>
        <extracomment>zh: 实验网络丢弃服务器的第一个 SYN+ACK：谁重发什么？</extracomment>
        <translation>实验网络丢弃服务器的第一个 SYN+ACK：谁重发什么？</translation>
    </message>
    <message>
        <source>The client stays in SYN_SENT, the server in SYN_RCVD; about a second later the server sends its SYN+ACK again, and the client may send its SYN again too.</source>
        <extracomment>zh: 客户端仍在 SYN_SENT，服务器在 SYN_RCVD；约 1 秒后服务器重发 SYN+ACK，客户端也可能重发 SYN。</extracomment>
        <translation>客户端仍在 SYN_SENT，服务器在 SYN_RCVD；约 1 秒后服务器重发 SYN+ACK，客户端也可能重发 SYN。</translation>
    </message>
    <message>
        <source>Why does the server send its SYN+ACK again by itself, rather than wait for the client's SYN?</source>
        <extracomment>zh: 为什么服务器要自己重发 SYN+ACK，而不只是等客户端重发 SYN？</extracomment>
        <translation>为什么服务器要自己重发 SYN+ACK，而不只是等客户端重发 SYN？</translation>
    </message>
    <message>
        <source>A lost final ACK</source>
        <extracomment>zh: 丢失的最后一个 ACK</extracomment>
        <translation>丢失的最后一个 ACK</translation>
    </message>
    <message>
        <source>The lab drops the ACK that completes the handshake: the client believes the connection is open, the server is still in SYN_RCVD.</source>
        <extracomment>zh: 实验网络丢弃完成握手的 ACK：客户端以为连接已经建立，服务器还在 SYN_RCVD。</extracomment>
        <translation>实验网络丢弃完成握手的 ACK：客户端以为连接已经建立，服务器还在 SYN_RCVD。</translation>
    </message>
    <message>
        <source>The client's first data carries the ACK too: when it arrives the server becomes ESTABLISHED and accept() returns.</source>
        <extracomment>zh: 客户端的第一份数据也带着 ACK：它一到，服务器就变为 ESTABLISHED，accept() 返回。</extracomment>
        <translation>客户端的第一份数据也带着 ACK：它一到，服务器就变为 ESTABLISHED，accept() 返回。</translation>
    </message>
    <message>
        <source>If the client sent no data, what would the server do?</source>
        <extracomment>zh: 如果客户端一直不发数据，服务器会怎样做？</extracomment>
        <translation>如果客户端一直不发数据，服务器会怎样做？</translation>
    </message>
    <message>
        <source>Abort</source>
        <extracomment>zh: 中止连接</extracomment>
        <translation>中止连接</translation>
    </message>
    <message>
        <source>The client closes with SO_LINGER 0: its kernel sends a RST instead of a FIN, and there is no TIME_WAIT.</source>
        <extracomment>zh: 客户端用 SO_LINGER 0 关闭：内核发 RST 而不是 FIN，没有 TIME_WAIT。</extracomment>
        <translation>客户端用 SO_LINGER 0 关闭：内核发 RST 而不是 FIN，没有 TIME_WAIT。</translation>
    </message>
    <message>
        <source>After close() a single RST; both sides go straight to CLOSED; the server's recv() returns ECONNRESET.</source>
        <extracomment>zh: close() 之后只有一个 RST；两边直接变为 CLOSED；服务器的 recv() 返回 ECONNRESET。</extracomment>
        <translation>close() 之后只有一个 RST；两边直接变为 CLOSED；服务器的 recv() 返回 ECONNRESET。</translation>
    </message>
    <message>
        <source>What else makes the kernel send a RST instead of a FIN? (Hint: unread data at close.)</source>
        <extracomment>zh: 还有什么情况会让内核发 RST 而不是 FIN？（提示：关闭时还有没读的数据）</extracomment>
        <translation>还有什么情况会让内核发 RST 而不是 FIN？（提示：关闭时还有没读的数据）</translation>
    </message>
    <message>
        <source>Half-close</source>
        <extracomment>zh: 半关闭</extracomment>
        <translation>半关闭</translation>
    </message>
    <message>
        <source>The client calls shutdown(SHUT_WR): it sends no more but still receives; the server may still send after the FIN.</source>
        <extracomment>zh: 客户端 shutdown(SHUT_WR)：它不再发送，但还在接收；服务器在收到 FIN 之后还能发数据。</extracomment>
        <translation>客户端 shutdown(SHUT_WR)：它不再发送，但还在接收；服务器在收到 FIN 之后还能发数据。</translation>
    </message>
    <message>
        <source>The server's data after the first FIN; the server's recv() returning 0; the second FIN, later.</source>
        <extracomment>zh: 第一个 FIN 之后服务器发来的数据；服务器 recv() 返回 0；第二个 FIN 要晚一些。</extracomment>
        <translation>第一个 FIN 之后服务器发来的数据；服务器 recv() 返回 0；第二个 FIN 要晚一些。</translation>
    </message>
    <message>
        <source>How long may the server stay in CLOSE_WAIT? Who decides when it closes?</source>
        <extracomment>zh: 服务器在 CLOSE_WAIT 里可以待多久？谁决定它什么时候关闭？</extracomment>
        <translation>服务器在 CLOSE_WAIT 里可以待多久？谁决定它什么时候关闭？</translation>
    </message>
    <message>
        <source>TIME_WAIT and address reuse</source>
        <extracomment>zh: TIME_WAIT 和地址重用</extracomment>
        <translation>TIME_WAIT 和地址重用</translation>
    </message>
    <message>
        <source>The server closes first: it goes to TIME_WAIT. Then its listener is closed and the same address and port bound again: without SO_REUSEADDR it fails (EADDRINUSE), with it it works.</source>
        <extracomment>zh: 服务器先关闭：它进入 TIME_WAIT。然后停掉监听，再 bind() 同一个地址和端口：没有 SO_REUSEADDR 时失败（EADDRINUSE），有它时成功。</extracomment>
        <translation>服务器先关闭：它进入 TIME_WAIT。然后停掉监听，再 bind() 同一个地址和端口：没有 SO_REUSEADDR 时失败（EADDRINUSE），有它时成功。</translation>
    </message>
    <message>
        <source>The side that closed first goes to TIME_WAIT; the two bind() calls and what they return. Linux keeps TIME_WAIT for 60 s.</source>
        <extracomment>zh: 主动关闭的一方进入 TIME_WAIT；两次 bind() 调用和它们的结果。Linux 保留 TIME_WAIT 60 秒。</extracomment>
        <translation>主动关闭的一方进入 TIME_WAIT；两次 bind() 调用和它们的结果。Linux 保留 TIME_WAIT 60 秒。</translation>
    </message>
    <message>
        <source>Why wait at all, instead of forgetting the connection at once?</source>
        <extracomment>zh: 为什么要等待，而不是立刻忘掉这个连接？</extracomment>
        <translation>为什么要等待，而不是立刻忘掉这个连接？</translation>
    </message>
    <message>
        <source>ISNs are random</source>
        <extracomment>zh: ISN 是随机的</extracomment>
        <translation>ISN 是随机的</translation>
    </message>
    <message>
        <source>The same client connects twice: the raw ISNs differ each time, the relative numbers start at 0 both times.</source>
        <extracomment>zh: 同一个客户端连两次：原始 ISN 每次都不同，相对序号都从 0 开始。</extracomment>
        <translation>同一个客户端连两次：原始 ISN 每次都不同，相对序号都从 0 开始。</translation>
    </message>
    <message>
        <source>Turn "Relative sequence numbers" off to see the raw Seq; compare the two connections' SYNs.</source>
        <extracomment>zh: 关掉“相对序号”看原始的 Seq；比较两个连接的 SYN。</extracomment>
        <translation>关掉“相对序号”看原始的 Seq；比较两个连接的 SYN。</translation>
    </message>
    <message>
        <source>What could go wrong if every connection's ISN started at 0?</source>
        <extracomment>zh: 如果每个连接的 ISN 都从 0 开始，会有什么危险？</extracomment>
        <translation>如果每个连接的 ISN 都从 0 开始，会有什么危险？</translation>
    </message>
    <message>
        <source>the lesson "%1" drops segments, which is done in the lab network only: start the program with --network lab (this machine's own network is never changed)</source>
        <extracomment>zh: 课程“%1”要丢弃分节，这只在实验网络里做：用 --network lab 启动程序（本机的网络不会被改动）</extracomment>
        <translation>课程“%1”要丢弃分节，这只在实验网络里做：用 --network lab 启动程序（本机的网络不会被改动）</translation>
    </message>
    <message>
        <source>the lesson was stopped</source>
        <extracomment>zh: 课程被中止</extracomment>
        <translation>课程被中止</translation>
    </message>
    <message>
        <source>the server: socket(), bind(), listen()</source>
        <extracomment>zh: 服务器：socket()、bind()、listen()</extracomment>
        <translation>服务器：socket()、bind()、listen()</translation>
    </message>
    <message>
        <source>the client: connect()</source>
        <extracomment>zh: 客户端：connect()</extracomment>
        <translation>客户端：connect()</translation>
    </message>
    <message>
        <source>the client: send()</source>
        <extracomment>zh: 客户端：send()</extracomment>
        <translation>客户端：send()</translation>
    </message>
    <message>
        <source>the client: close()</source>
        <extracomment>zh: 客户端：close()</extracomment>
        <translation>客户端：close()</translation>
    </message>
    <message>
        <source>waiting for the last segments</source>
        <extracomment>zh: 等待最后的分节</extracomment>
        <translation>等待最后的分节</translation>
    </message>
    <message>
        <source>the server: close() its listening socket</source>
        <extracomment>zh: 服务器：close() 关闭监听套接字</extracomment>
        <translation>服务器：close() 关闭监听套接字</translation>
    </message>
    <message>
        <source>accept() is held: the handshake is done, the connection waits in the accept queue</source>
        <extracomment>zh: accept() 暂停：握手已经完成，连接在已完成连接队列里等待</extracomment>
        <translation>accept() 暂停：握手已经完成，连接在已完成连接队列里等待</translation>
    </message>
    <message>
        <source>the server: accept()</source>
        <extracomment>zh: 服务器：accept()</extracomment>
        <translation>服务器：accept()</translation>
    </message>
    <message>
        <source>the client: connect() to a port nothing listens on</source>
        <extracomment>zh: 客户端：connect() 到一个没有程序监听的端口</extracomment>
        <translation>客户端：connect() 到一个没有程序监听的端口</translation>
    </message>
    <message>
        <source>the client: SO_LINGER 0, then close()</source>
        <extracomment>zh: 客户端：SO_LINGER 0，然后 close()</extracomment>
        <translation>客户端：SO_LINGER 0，然后 close()</translation>
    </message>
    <message>
        <source>the client: shutdown(SHUT_WR)</source>
        <extracomment>zh: 客户端：shutdown(SHUT_WR)</extracomment>
        <translation>客户端：shutdown(SHUT_WR)</translation>
    </message>
    <message>
        <source>the server: send(), after the client's FIN</source>
        <extracomment>zh: 服务器：在客户端的 FIN 之后还在 send()</extracomment>
        <translation>服务器：在客户端的 FIN 之后还在 send()</translation>
    </message>
    <message>
        <source>the server: close()</source>
        <extracomment>zh: 服务器：close()</extracomment>
        <translation>服务器：close()</translation>
    </message>
    <message>
        <source>the server calls close() first: it is the active closer</source>
        <extracomment>zh: 服务器先 close()：它是主动关闭的一方</extracomment>
        <translation>服务器先 close()：它是主动关闭的一方</translation>
    </message>
    <message>
        <source>bind() the same address and port, without SO_REUSEADDR</source>
        <extracomment>zh: bind() 同一个地址和端口，没有 SO_REUSEADDR</extracomment>
        <translation>bind() 同一个地址和端口，没有 SO_REUSEADDR</translation>
    </message>
    <message>
        <source>bind() again, with SO_REUSEADDR set first</source>
        <extracomment>zh: 再 bind() 一次，这次先设置 SO_REUSEADDR</extracomment>
        <translation>再 bind() 一次，这次先设置 SO_REUSEADDR</translation>
    </message>
    <message>
        <source>bind() without SO_REUSEADDR: %1; with SO_REUSEADDR: %2</source>
        <extracomment>zh: bind() 没有 SO_REUSEADDR：%1；有 SO_REUSEADDR：%2</extracomment>
        <translation>bind() 没有 SO_REUSEADDR：%1；有 SO_REUSEADDR：%2</translation>
    </message>
    <message>
        <source>the lesson stopped at "%1": it did not happen within %2 s</source>
        <extracomment>zh: 课程停在“%1”：%2 秒内没有发生</extracomment>
        <translation>课程停在“%1”：%2 秒内没有发生</translation>
    </message>
    <message>
        <source>Three clients connect while accept() is held: each is ESTABLISHED after its SYN+ACK, the server side after the ACK; the accept() returns marks come only once accept() is let go (about 2 s later), each saying how many still wait in the queue (the kernel's own count).</source>
        <extracomment>zh: accept() 暂停时有三个客户端连接：每个都在它的 SYN+ACK 之后就是 ESTABLISHED，服务器那一端在 ACK 之后也是；accept() 返回的标记要到放开之后（约 2 秒）才出现，每一个都写着队列里还有几个在等（内核自己的计数）。</extracomment>
        <translation>accept() 暂停时有三个客户端连接：每个都在它的 SYN+ACK 之后就是 ESTABLISHED，服务器那一端在 ACK 之后也是；accept() 返回的标记要到放开之后（约 2 秒）才出现，每一个都写着队列里还有几个在等（内核自己的计数）。</translation>
    </message>
    <message>
        <source>two more clients: connect()</source>
        <extracomment>zh: 又有两个客户端 connect()</extracomment>
        <translation>又有两个客户端 connect()</translation>
    </message>
    <message>
        <source>the two other clients: close()</source>
        <extracomment>zh: 另外两个客户端：close()</extracomment>
        <translation>另外两个客户端：close()</translation>
    </message>
    <message>
        <source>The accept queue is full</source>
        <extracomment>zh: 已完成连接队列满了</extracomment>
        <translation>已完成连接队列满了</translation>
    </message>
    <message>
        <source>listen() with a backlog of 1, accept() held, four clients connecting: for the connections that do not fit, the kernel drops their ACK or SYN and lets them try again later.</source>
        <extracomment>zh: listen() 的 backlog 为 1，accept() 暂停，四个客户端连接：放不下的连接，内核会丢弃它们的 ACK 或 SYN，让它们稍后重试。</extracomment>
        <translation>listen() 的 backlog 为 1，accept() 暂停，四个客户端连接：放不下的连接，内核会丢弃它们的 ACK 或 SYN，让它们稍后重试。</translation>
    </message>
    <message>
        <source>The first two connections complete (the queue takes backlog + 1); the others show SYNs or SYN+ACKs sent again; they complete only once accept() is let go; the kernel's ListenOverflows count.</source>
        <extracomment>zh: 前两个连接完成握手（队列能放 backlog + 1 个）；其余的出现重传的 SYN 或 SYN+ACK；accept() 放开后它们才完成；内核的 ListenOverflows 计数。</extracomment>
        <translation>前两个连接完成握手（队列能放 backlog + 1 个）；其余的出现重传的 SYN 或 SYN+ACK；accept() 放开后它们才完成；内核的 ListenOverflows 计数。</translation>
    </message>
    <message>
        <source>A client may believe it is ESTABLISHED while the server does not yet: what becomes of data it sends then?</source>
        <extracomment>zh: 客户端认为自己已经 ESTABLISHED，服务器却还没有：这时客户端发的数据会怎样？</extracomment>
        <translation>客户端认为自己已经 ESTABLISHED，服务器却还没有：这时客户端发的数据会怎样？</translation>
    </message>
    <message>
        <source>three more clients: connect(); the queue takes only backlog + 1 = 2</source>
        <extracomment>zh: 又有三个客户端 connect()：队列只放得下 backlog + 1 = 2 个</extracomment>
        <translation>又有三个客户端 connect()：队列只放得下 backlog + 1 = 2 个</translation>
    </message>
    <message>
        <source>accept() is held: the connections that do not fit try again</source>
        <extracomment>zh: accept() 暂停：放不下的连接在重试</extracomment>
        <translation>accept() 暂停：放不下的连接在重试</translation>
    </message>
    <message>
        <source>the server: accept(), one after another</source>
        <extracomment>zh: 服务器：accept()，一个接一个</extracomment>
        <translation>服务器：accept()，一个接一个</translation>
    </message>
    <message>
        <source>every client: close()</source>
        <extracomment>zh: 所有客户端：close()</extracomment>
        <translation>所有客户端：close()</translation>
    </message>
    <message>
        <source>the kernel's count (TcpExt ListenOverflows): %1 turned away while the queue was full</source>
        <extracomment>zh: 内核计数（TcpExt ListenOverflows）：队列满时拒绝了 %1 次</extracomment>
        <translation>内核计数（TcpExt ListenOverflows）：队列满时拒绝了 %1 次</translation>
    </message>
    <message>
        <source>The tutorial's own programs</source>
        <extracomment>zh: 教程自己的程序</extracomment>
        <translation>教程自己的程序</translation>
    </message>
    <message>
        <source>The tutorial's server.c and client.c, compiled on this machine, talk to this program's client and server: the same handshake, the same segments.</source>
        <extracomment>zh: 在这台机器上编译教程的 server.c 和 client.c，让它们和本程序的客户端、服务器对话：同样的握手，同样的分节。</extracomment>
        <translation>在这台机器上编译教程的 server.c 和 client.c，让它们和本程序的客户端、服务器对话：同样的握手，同样的分节。</translation>
    </message>
    <message>
        <source>The tutorial's server listens on INADDR_ANY:6666 (backlog 5) and reads its replies from standard input; its client connects to 0.0.0.0:6666. Their socket calls are not on the ladder (this program did not make them); their segments all are.</source>
        <extracomment>zh: 教程的服务器监听 INADDR_ANY:6666（backlog 5），它从标准输入读回复；教程的客户端连到 0.0.0.0:6666。它们的套接字调用不在时序图上（那不是本程序做的），分节都在。</extracomment>
        <translation>教程的服务器监听 INADDR_ANY:6666（backlog 5），它从标准输入读回复；教程的客户端连到 0.0.0.0:6666。它们的套接字调用不在时序图上（那不是本程序做的），分节都在。</translation>
    </message>
    <message>
        <source>What does the tutorial's server do once the client has closed? (Read its code for recv() returning 0.)</source>
        <extracomment>zh: 客户端关闭以后，教程的服务器会怎样？（看它的 recv() 返回 0 时的代码）</extracomment>
        <translation>客户端关闭以后，教程的服务器会怎样？（看它的 recv() 返回 0 时的代码）</translation>
    </message>
    <message>
        <source>compiling the tutorial's server.c and client.c</source>
        <extracomment>zh: 编译教程的 server.c 和 client.c</extracomment>
        <translation>编译教程的 server.c 和 client.c</translation>
    </message>
    <message>
        <source>the tutorial's programs run on one host: switch the lab to one host first (Lab → Layout and losses…)</source>
        <extracomment>zh: 教程的程序在一台主机上运行：先把实验网络切换为一台主机（实验网络 → 布局和丢包…）</extracomment>
        <translation>教程的程序在一台主机上运行：先把实验网络切换为一台主机（实验网络 → 布局和丢包…）</translation>
    </message>
    <message>
        <source>port 6666 is still held by a connection in TIME_WAIT: the tutorial's programs are built for port %1</source>
        <extracomment>zh: 6666 端口还被一个处在 TIME_WAIT 的连接占着：教程的程序改用 %1 端口编译</extracomment>
        <translation>6666 端口还被一个处在 TIME_WAIT 的连接占着：教程的程序改用 %1 端口编译</translation>
    </message>
    <message>
        <source>no C compiler on this machine (cc, gcc, clang): this program's client and server play the tutorial's parts</source>
        <extracomment>zh: 这台机器上没有 C 编译器（cc、gcc、clang）：由本程序的客户端和服务器来扮演教程的角色</extracomment>
        <translation>这台机器上没有 C 编译器（cc、gcc、clang）：由本程序的客户端和服务器来扮演教程的角色</translation>
    </message>
    <message>
        <source>cannot compile the tutorial's %1: %2</source>
        <extracomment>zh: 无法编译教程的 %1：%2</extracomment>
        <translation>无法编译教程的 %1：%2</translation>
    </message>
    <message>
        <source>the tutorial's server: socket(), bind(INADDR_ANY:6666), listen(5)</source>
        <extracomment>zh: 教程的服务器：socket()、bind(INADDR_ANY:6666)、listen(5)</extracomment>
        <translation>教程的服务器：socket()、bind(INADDR_ANY:6666)、listen(5)</translation>
    </message>
    <message>
        <source>the tutorial's server ended: %1 (if that is Address already in use: a connection on port 6666 is still in TIME_WAIT; wait up to 60 s, see the TIME_WAIT lesson)</source>
        <extracomment>zh: 教程的服务器结束了：%1（如果是 Address already in use：6666 端口上还有连接处在 TIME_WAIT，最多等 60 秒；见 TIME_WAIT 那一课）</extracomment>
        <translation>教程的服务器结束了：%1（如果是 Address already in use：6666 端口上还有连接处在 TIME_WAIT，最多等 60 秒；见 TIME_WAIT 那一课）</translation>
    </message>
    <message>
        <source>the client: send(); the tutorial's server recv()s it and send()s the reply it read from standard input</source>
        <extracomment>zh: 客户端：send()；教程的服务器 recv()，再 send() 它从标准输入读到的回复</extracomment>
        <translation>客户端：send()；教程的服务器 recv()，再 send() 它从标准输入读到的回复</translation>
    </message>
    <message>
        <source>the tutorial's server loops on recv() returning 0: it is ended (its kernel closes the socket for it)</source>
        <extracomment>zh: 教程的服务器在 recv() 返回 0 以后一直循环：结束它（内核替它关闭套接字）</extracomment>
        <translation>教程的服务器在 recv() 返回 0 以后一直循环：结束它（内核替它关闭套接字）</translation>
    </message>
    <message>
        <source>the tutorial's client: connect(0.0.0.0:6666), then send()</source>
        <extracomment>zh: 教程的客户端：connect(0.0.0.0:6666)，然后 send()</extracomment>
        <translation>教程的客户端：connect(0.0.0.0:6666)，然后 send()</translation>
    </message>
    <message>
        <source>this program's server: send() a reply</source>
        <extracomment>zh: 本程序的服务器：send() 回复</extracomment>
        <translation>本程序的服务器：send() 回复</translation>
    </message>
    <message>
        <source>the tutorial's client ends (it never calls close(): its kernel closes for it)</source>
        <extracomment>zh: 教程的客户端结束（它没有调用 close()：内核替它关闭）</extracomment>
        <translation>教程的客户端结束（它没有调用 close()：内核替它关闭）</translation>
    </message>
    <message>
        <source>Simultaneous close</source>
        <extracomment>zh: 同时关闭</extracomment>
        <translation>同时关闭</translation>
    </message>
    <message>
        <source>Each side sends its FIN before it has the other's: the rare state CLOSING. The lab drops the client's first FIN so that the two FINs cross.</source>
        <extracomment>zh: 两边都在收到对方的 FIN 之前发出了自己的 FIN：少见的 CLOSING 状态。实验网络丢弃客户端的第一个 FIN，让两个 FIN 在路上交错。</extracomment>
        <translation>两边都在收到对方的 FIN 之前发出了自己的 FIN：少见的 CLOSING 状态。实验网络丢弃客户端的第一个 FIN，让两个 FIN 在路上交错。</translation>
    </message>
    <message>
        <source>The client, in FIN_WAIT_1, gets the server's FIN → CLOSING; its FIN sent again takes the server from FIN_WAIT_1 to TIME_WAIT; both sides end in TIME_WAIT.</source>
        <extracomment>zh: 客户端 FIN_WAIT_1 时收到服务器的 FIN → CLOSING；它重发的 FIN 让服务器从 FIN_WAIT_1 进入 TIME_WAIT；两边最后都在 TIME_WAIT。</extracomment>
        <translation>客户端 FIN_WAIT_1 时收到服务器的 FIN → CLOSING；它重发的 FIN 让服务器从 FIN_WAIT_1 进入 TIME_WAIT；两边最后都在 TIME_WAIT。</translation>
    </message>
    <message>
        <source>Why do both sides wait in TIME_WAIT here, when usually only the side that closed first does?</source>
        <extracomment>zh: 为什么这次两边都要等 TIME_WAIT，而平常只有先关闭的一方等？</extracomment>
        <translation>为什么这次两边都要等 TIME_WAIT，而平常只有先关闭的一方等？</translation>
    </message>
    <message>
        <source>both close() at once: the lab drops the client's FIN, the server's follows straight away</source>
        <extracomment>zh: 两边同时 close()：客户端的 FIN 被实验网络丢弃，服务器的 FIN 随后就发出</extracomment>
        <translation>两边同时 close()：客户端的 FIN 被实验网络丢弃，服务器的 FIN 随后就发出</translation>
    </message>
    <message>
        <source>Simultaneous open</source>
        <extracomment>zh: 同时打开</extracomment>
        <translation>同时打开</translation>
    </message>
    <message>
        <source>Two sockets, each bound to the port the other connects to, connect() at once and nobody listen()s: the two SYNs cross. The lab drops the first SYN each way; both retransmission timers run out in the same tick, and the copies cross.</source>
        <extracomment>zh: 两个套接字各自 bind() 到对方要连接的端口，同时 connect()，没有谁 listen()：两个 SYN 在路上交错。实验网络丢掉每个方向的第一个 SYN，两边的重传计时器在同一个时钟节拍里到期，重发的 SYN 就交错了。</extracomment>
        <translation>两个套接字各自 bind() 到对方要连接的端口，同时 connect()，没有谁 listen()：两个 SYN 在路上交错。实验网络丢掉每个方向的第一个 SYN，两边的重传计时器在同一个时钟节拍里到期，重发的 SYN 就交错了。</translation>
    </message>
    <message>
        <source>Both sides go SYN_SENT → SYN_RCVD → ESTABLISHED; each sends a SYN+ACK (four SYNs, two SYN+ACKs in all), and there is no accept().</source>
        <extracomment>zh: 两边都是 SYN_SENT → SYN_RCVD → ESTABLISHED；每边都发 SYN+ACK（共 4 个 SYN、2 个 SYN+ACK），没有 accept()。</extracomment>
        <translation>两边都是 SYN_SENT → SYN_RCVD → ESTABLISHED；每边都发 SYN+ACK（共 4 个 SYN、2 个 SYN+ACK），没有 accept()。</translation>
    </message>
    <message>
        <source>Which side is the client here? Why does TCP not need one side to listen first?</source>
        <extracomment>zh: 这里谁是客户端？为什么 TCP 并不需要有一方先监听？</extracomment>
        <translation>这里谁是客户端？为什么 TCP 并不需要有一方先监听？</translation>
    </message>
    <message>
        <source>two sockets bind() to each other's ports and connect() at once: the lab drops the first SYN each way</source>
        <extracomment>zh: 两个套接字各自 bind() 到对方要连接的端口，同时 connect()：实验网络丢掉每个方向的第一个 SYN</extracomment>
        <translation>两个套接字各自 bind() 到对方要连接的端口，同时 connect()：实验网络丢掉每个方向的第一个 SYN</translation>
    </message>
    <message>
        <source>one side close()s; the other reads the end of file and close()s too</source>
        <extracomment>zh: 一边 close()，另一边读到文件结束后也 close()</extracomment>
        <translation>一边 close()，另一边读到文件结束后也 close()</translation>
    </message>
    <message>
        <source>the other side: close()</source>
        <extracomment>zh: 另一边：close()</extracomment>
        <translation>另一边：close()</translation>
    </message>
    <message>
        <source>the two SYNs did not cross this time (the two retransmission timers ran out in different ticks): replay it</source>
        <extracomment>zh: 这一次两个 SYN 没有交错（两个重传计时器不在同一个节拍里到期）：请重放</extracomment>
        <translation>这一次两个 SYN 没有交错（两个重传计时器不在同一个节拍里到期）：请重放</translation>
    </message>
    <message>
        <source>the SYNs crossed: both sides went SYN_SENT → SYN_RCVD → ESTABLISHED</source>
        <extracomment>zh: 两个 SYN 交错了：两边都经过了 SYN_SENT → SYN_RCVD → ESTABLISHED</extracomment>
        <translation>两个 SYN 交错了：两边都经过了 SYN_SENT → SYN_RCVD → ESTABLISHED</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <source>client</source>
        <extracomment>zh: 客户端</extracomment>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <extracomment>zh: 服务器</extracomment>
        <translation>服务器</translation>
    </message>
    <message>
        <source>relative numbers</source>
        <extracomment>zh: 相对序号</extracomment>
        <translation>相对序号</translation>
    </message>
    <message>
        <source>absolute numbers</source>
        <extracomment>zh: 绝对序号</extracomment>
        <translation>绝对序号</translation>
    </message>
    <message>
        <source>The next segment goes from the %1 to the %2. Which flags does it carry?</source>
        <extracomment>zh: 下一个分节从%1发往%2。它带哪些标志？</extracomment>
        <translation>下一个分节从%1发往%2。它带哪些标志？</translation>
    </message>
    <message>
        <source>The %1 sends the next segment (%2). What is its Ack number? (%3)</source>
        <extracomment>zh: %1发出下一个分节（%2）。它的 Ack 号是多少？（%3）</extracomment>
        <translation>%1发出下一个分节（%2）。它的 Ack 号是多少？（%3）</translation>
    </message>
    <message>
        <source>The %1 sends %2 bytes next. What is the segment's Seq number? (%3)</source>
        <extracomment>zh: %1接下来发送 %2 字节。这个分节的 Seq 号是多少？（%3）</extracomment>
        <translation>%1接下来发送 %2 字节。这个分节的 Seq 号是多少？（%3）</translation>
    </message>
    <message>
        <source>The %1 sends the next segment (%2). What is its Seq number? (%3)</source>
        <extracomment>zh: %1发出下一个分节（%2）。它的 Seq 号是多少？（%3）</extracomment>
        <translation>%1发出下一个分节（%2）。它的 Seq 号是多少？（%3）</translation>
    </message>
    <message>
        <source>After the next segment (%1 → %2, %3), which state is the %4 in?</source>
        <extracomment>zh: 下一个分节（%1 → %2，%3）之后，%4处于什么状态？</extracomment>
        <translation>下一个分节（%1 → %2，%3）之后，%4处于什么状态？</translation>
    </message>
    <message>
        <source>Who sends the next segment?</source>
        <extracomment>zh: 下一个分节由谁发送？</extracomment>
        <translation>下一个分节由谁发送？</translation>
    </message>
    <message>
        <source>connect() starts the handshake with a SYN alone: the client has nothing to acknowledge yet.</source>
        <extracomment>zh: connect() 用一个单独的 SYN 开始握手：客户端还没有什么要确认的。</extracomment>
        <translation>connect() 用一个单独的 SYN 开始握手：客户端还没有什么要确认的。</translation>
    </message>
    <message>
        <source>The server's kernel answers a SYN with one segment: its own SYN, and an ACK of the client's.</source>
        <extracomment>zh: 服务器的内核用一个分节回答 SYN：它自己的 SYN，加上对客户端 SYN 的 ACK。</extracomment>
        <translation>服务器的内核用一个分节回答 SYN：它自己的 SYN，加上对客户端 SYN 的 ACK。</translation>
    </message>
    <message>
        <source>A reset: nothing takes this connection (no listener, or an abort): no handshake, no FIN.</source>
        <extracomment>zh: 复位：没有谁接受这个连接（没有监听者，或者被中止），不握手，也没有 FIN。</extracomment>
        <translation>复位：没有谁接受这个连接（没有监听者，或者被中止），不握手，也没有 FIN。</translation>
    </message>
    <message>
        <source>close() or shutdown() sends a FIN; like every segment after the SYN, it carries an ACK.</source>
        <extracomment>zh: close() 或 shutdown() 发出 FIN；和 SYN 之后的每个分节一样，它也带着 ACK。</extracomment>
        <translation>close() 或 shutdown() 发出 FIN；和 SYN 之后的每个分节一样，它也带着 ACK。</translation>
    </message>
    <message>
        <source>Data goes with ACK set (every segment after the SYN acknowledges what arrived), and PSH: the sender's buffer is empty now.</source>
        <extracomment>zh: 数据和 ACK 一起发送（SYN 之后的每个分节都确认已收到的），PSH 表示发送方的缓冲区已发空。</extracomment>
        <translation>数据和 ACK 一起发送（SYN 之后的每个分节都确认已收到的），PSH 表示发送方的缓冲区已发空。</translation>
    </message>
    <message>
        <source>Only an acknowledgement: no data, no SYN or FIN.</source>
        <extracomment>zh: 只是一个确认：没有数据，没有 SYN 或 FIN。</extracomment>
        <translation>只是一个确认：没有数据，没有 SYN 或 FIN。</translation>
    </message>
    <message>
        <source>Its flags are %1.</source>
        <extracomment>zh: 它的标志是 %1。</extracomment>
        <translation>它的标志是 %1。</translation>
    </message>
    <message>
        <source>ack = %1 + %2 = %3: the %4's segment before it has Seq %1 and took %2 sequence numbers (one per data byte, one for a SYN or FIN). The Ack names the next byte expected.</source>
        <extracomment>zh: ack = %1 + %2 = %3：%4的上一个分节 Seq 是 %1，占了 %2 个序号（每字节数据一个，SYN 或 FIN 各一个）。Ack 就是期望的下一个字节。</extracomment>
        <translation>ack = %1 + %2 = %3：%4的上一个分节 Seq 是 %1，占了 %2 个序号（每字节数据一个，SYN 或 FIN 各一个）。Ack 就是期望的下一个字节。</translation>
    </message>
    <message>
        <source>The Ack names the next byte the %1 expects: every byte before %2 has arrived.</source>
        <extracomment>zh: Ack 是%1期望的下一个字节：%2 之前的每个字节都已收到。</extracomment>
        <translation>Ack 是%1期望的下一个字节：%2 之前的每个字节都已收到。</translation>
    </message>
    <message>
        <source>seq = %1 + %2 = %3: the %4's previous segment had Seq %1 and took %2 sequence numbers (one per data byte, one for a SYN or FIN).</source>
        <extracomment>zh: seq = %1 + %2 = %3：%4的上一个分节 Seq 是 %1，占了 %2 个序号（每字节数据一个，SYN 或 FIN 各一个）。</extracomment>
        <translation>seq = %1 + %2 = %3：%4的上一个分节 Seq 是 %1，占了 %2 个序号（每字节数据一个，SYN 或 FIN 各一个）。</translation>
    </message>
    <message>
        <source>The Seq is the number of the segment's first byte: %1.</source>
        <extracomment>zh: Seq 是这个分节第一个字节的序号：%1。</extracomment>
        <translation>Seq 是这个分节第一个字节的序号：%1。</translation>
    </message>
    <message>
        <source>With this segment the %1 goes from %2 to %3.</source>
        <extracomment>zh: 这个分节让%1从 %2 进入 %3。</extracomment>
        <translation>这个分节让%1从 %2 进入 %3。</translation>
    </message>
    <message>
        <source>After this segment the %1 is in %2.</source>
        <extracomment>zh: 这个分节之后%1处于 %2。</extracomment>
        <translation>这个分节之后%1处于 %2。</translation>
    </message>
    <message>
        <source>The %1 sends %2 again (a retransmission): no acknowledgement came before its timer ran out.</source>
        <extracomment>zh: %1又发了一次 %2（重传）：它的计时器到期之前没有等到确认。</extracomment>
        <translation>%1又发了一次 %2（重传）：它的计时器到期之前没有等到确认。</translation>
    </message>
    <message>
        <source>Right: %1.</source>
        <extracomment>zh: 答对了：%1。</extracomment>
        <translation>答对了：%1。</translation>
    </message>
    <message>
        <source>Not quite: the answer is %1 (you said %2).</source>
        <extracomment>zh: 不对：答案是 %1（你答的是 %2）。</extracomment>
        <translation>不对：答案是 %1（你答的是 %2）。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>stopped listening</source>
        <translation>已停止监听</translation>
    </message>
    <message>
        <source>accepted %1</source>
        <translation>已接受 %1</translation>
    </message>
    <message>
        <source>%1 closed</source>
        <translation>%1 已关闭</translation>
    </message>
    <message>
        <source>connected %1 → %2</source>
        <translation>已连接 %1 → %2</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <extracomment>zh: 已导出 %1</extracomment>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>%1 reset the connection (RST)</source>
        <extracomment>zh: %1 复位了连接（RST）</extracomment>
        <translation>%1 复位了连接（RST）</translation>
    </message>
    <message>
        <source>the connection with %1 failed: %2</source>
        <extracomment>zh: 与 %1 的连接失败了：%2</extracomment>
        <translation>与 %1 的连接失败了：%2</translation>
    </message>
    <message>
        <source>Export of %1 cancelled</source>
        <extracomment>zh: 已取消导出 %1</extracomment>
        <translation>已取消导出 %1</translation>
    </message>
    <message>
        <source>This program captures on the machine's own network (it may): the lab network is not in use (start with --network lab for it)</source>
        <extracomment>zh: 这个程序在本机的网络上抓包（它有这个权限）：实验网络没有启用（用 --network lab 启动就能用）</extracomment>
        <translation>这个程序在本机的网络上抓包（它有这个权限）：实验网络没有启用（用 --network lab 启动就能用）</translation>
    </message>
    <message>
        <source>The lab network is unavailable: %1</source>
        <extracomment>zh: 实验网络不可用：%1</extracomment>
        <translation>实验网络不可用：%1</translation>
    </message>
    <message>
        <source>To change the layout, stop the server and disconnect the client first: their sockets stay on the host they were made on.</source>
        <extracomment>zh: 要改变布局，先停止服务器、断开客户端：它们的套接字留在创建它们的主机上。</extracomment>
        <translation>要改变布局，先停止服务器、断开客户端：它们的套接字留在创建它们的主机上。</translation>
    </message>
    <message>
        <source>Lab network: two hosts (client 10.0.0.1, server 10.0.0.2); the settings apply from the next Connect</source>
        <extracomment>zh: 实验网络：两台主机（客户端 10.0.0.1，服务器 10.0.0.2）；设置从下一次 Connect 起生效</extracomment>
        <translation>实验网络：两台主机（客户端 10.0.0.1，服务器 10.0.0.2）；设置从下一次 Connect 起生效</translation>
    </message>
    <message>
        <source>Lab network: one host (lo); the settings apply from the next Connect</source>
        <extracomment>zh: 实验网络：一台主机（lo）；设置从下一次 Connect 起生效</extracomment>
        <translation>实验网络：一台主机（lo）；设置从下一次 Connect 起生效</translation>
    </message>
    <message>
        <source>Typing Chinese may not work here: the input method %1 listens on an abstract Unix socket, which belongs to the machine's network, not the lab's. Type in another program and paste, or give the program the capture capabilities (setcap) so that it stays on the machine's network.</source>
        <extracomment>zh: 在这里可能无法输入中文：输入法 %1 在一个抽象 Unix 套接字上等待连接，而抽象套接字属于本机的网络，不属于实验网络。可以在别的程序里输入再粘贴过来，或者给程序抓包的权限（setcap），让它留在本机的网络上。</extracomment>
        <translation>在这里可能无法输入中文：输入法 %1 在一个抽象 Unix 套接字上等待连接，而抽象套接字属于本机的网络，不属于实验网络。可以在别的程序里输入再粘贴过来，或者给程序抓包的权限（setcap），让它留在本机的网络上。</translation>
    </message>
    <message>
        <source>cannot run here</source>
        <extracomment>zh: 不能在这里运行</extracomment>
        <translation>不能在这里运行</translation>
    </message>
    <message>
        <source>running…</source>
        <extracomment>zh: 正在进行……</extracomment>
        <translation>正在进行……</translation>
    </message>
    <message>
        <source>Lesson: %1</source>
        <extracomment>zh: 课程：%1</extracomment>
        <translation>课程：%1</translation>
    </message>
    <message>
        <source>done: step through the ladder, or Replay</source>
        <extracomment>zh: 完成：逐步查看时序图，或者按“重放”再来一次</extracomment>
        <translation>完成：逐步查看时序图，或者按“重放”再来一次</translation>
    </message>
    <message>
        <source>Lesson done</source>
        <extracomment>zh: 课程完成</extracomment>
        <translation>课程完成</translation>
    </message>
    <message>
        <source>not finished</source>
        <extracomment>zh: 没有完成</extracomment>
        <translation>没有完成</translation>
    </message>
    <message>
        <source>Exported the worksheet %1 and its answers %2</source>
        <translation>已导出练习单 %1 和答案 %2</translation>
    </message>
    <message>
        <source>Exported %1 files: %2</source>
        <extracomment>zh: 已导出 %1 个文件：%2</extracomment>
        <translation>已导出 %1 个文件：%2</translation>
    </message>
    <message>
        <source>%1. Your text is kept.</source>
        <extracomment>zh: %1。输入的文字还在。</extracomment>
        <translation>%1。输入的文字还在。</translation>
    </message>
</context>
<context>
    <name>hv::Banner</name>
    <message>
        <source>Open the sample capture</source>
        <translation>打开示例抓包</translation>
    </message>
    <message>
        <source>Copy the command</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Open the earlier part</source>
        <extracomment>zh: 打开较早的部分</extracomment>
        <translation>打开较早的部分</translation>
    </message>
</context>
<context>
    <name>hv::CaptureFailure</name>
    <message>
        <source>USER%1, for private use</source>
        <extracomment>zh: USER%1，供私人使用</extracomment>
        <translation>USER%1，保留给私人使用</translation>
    </message>
    <message>
        <source>capturing on %1 is not permitted: the program needs CAP_NET_RAW. Grant it once with: %2 (scripts/run.sh does this). Chat and opening capture files still work.</source>
        <extracomment>zh: 不允许在 %1 上抓包：程序需要 CAP_NET_RAW 权限。只需授予一次：%2（scripts/run.sh 会这样做）。聊天和打开抓包文件仍然可用。</extracomment>
        <translation>不允许在 %1 上抓包：程序需要 CAP_NET_RAW 权限。只需授予一次：%2（scripts/run.sh 会这样做）。聊天和打开抓包文件仍然可用。</translation>
    </message>
    <message>
        <source>cannot capture on %1: no such interface</source>
        <extracomment>zh: 无法在 %1 上抓包：没有这个网络接口</extracomment>
        <translation>无法在 %1 上抓包：没有这个网络接口</translation>
    </message>
    <message>
        <source>cannot capture on %1: the interface is down</source>
        <extracomment>zh: 无法在 %1 上抓包：该接口未启用</extracomment>
        <translation>无法在 %1 上抓包：该接口未启用</translation>
    </message>
    <message>
        <source>cannot open %1: no such file</source>
        <extracomment>zh: 无法打开 %1：没有这个文件</extracomment>
        <translation>无法打开 %1：没有这个文件</translation>
    </message>
    <message>
        <source>cannot read %1: it is a directory, not a capture file</source>
        <extracomment>zh: 无法读取 %1：这是一个目录，不是抓包文件</extracomment>
        <translation>无法读取 %1：这是一个目录，不是抓包文件</translation>
    </message>
    <message>
        <source>cannot read %1: permission denied</source>
        <extracomment>zh: 无法读取 %1：没有权限</extracomment>
        <translation>无法读取 %1：没有权限</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <extracomment>zh: 无法读取 %1：%2</extracomment>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>cannot read %1: the file is empty</source>
        <extracomment>zh: 无法读取 %1：文件是空的</extracomment>
        <translation>无法读取 %1：文件是空的</translation>
    </message>
    <message>
        <source>cannot read %1: it is text, not a pcap or pcapng capture</source>
        <extracomment>zh: 无法读取 %1：这是文本，不是 pcap 或 pcapng 抓包文件</extracomment>
        <translation>无法读取 %1：这是文本，不是 pcap 或 pcapng 抓包文件</translation>
    </message>
    <message>
        <source>cannot read %1: it is compressed with gzip; decompress it first (gunzip)</source>
        <extracomment>zh: 无法读取 %1：它是 gzip 压缩的；请先解压（gunzip）</extracomment>
        <translation>无法读取 %1：它是 gzip 压缩的；请先解压（gunzip）</translation>
    </message>
    <message>
        <source>cannot read %1: not a pcap or pcapng capture</source>
        <extracomment>zh: 无法读取 %1：不是 pcap 或 pcapng 抓包文件</extracomment>
        <translation>无法读取 %1：不是 pcap 或 pcapng 抓包文件</translation>
    </message>
    <message>
        <source>cannot open %1: link type %2 (%3) is not supported (supported: %4)</source>
        <extracomment>zh: 无法打开 %1：不支持链路类型 %2（%3）（支持的类型：%4）</extracomment>
        <translation>无法打开 %1：不支持链路类型 %2（%3）；支持的类型：%4</translation>
    </message>
    <message>
        <source>capture filter '%1' rejected: %2</source>
        <extracomment>zh: 抓包过滤器“%1”被拒绝：%2</extracomment>
        <translation>抓包过滤器“%1”被拒绝：%2</translation>
    </message>
    <message>
        <source>cannot open %1</source>
        <extracomment>zh: 无法打开 %1</extracomment>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <extracomment>zh: 无法打开 %1：%2</extracomment>
        <translation>无法打开 %1：%2</translation>
    </message>
</context>
<context>
    <name>hv::ChatClient</name>
    <message>
        <source>the server %1 closed the connection</source>
        <translation>服务器 %1 关闭了连接</translation>
    </message>
    <message>
        <source>connection to %1 refused: nothing is listening there (start the server first); the kernel answered the SYN with RST</source>
        <translation>连接 %1 被拒绝：那里没有程序在监听（请先启动服务器）；内核用 RST 回应了 SYN</translation>
    </message>
    <message>
        <source>not connected: connect to the server before sending</source>
        <translation>未连接：请先连接服务器再发送</translation>
    </message>
    <message>
        <source>connection to %1 timed out: no SYN+ACK came back, though the kernel sent the SYN again and again</source>
        <translation>连接 %1 超时：内核一再重发 SYN，却始终没有收到 SYN+ACK</translation>
    </message>
    <message>
        <source>cannot connect to %1: no route to that network</source>
        <translation>无法连接 %1：没有通往那个网络的路由</translation>
    </message>
    <message>
        <source>cannot connect to %1: this machine has no address to connect from</source>
        <translation>无法连接 %1：本机没有可用来发起连接的地址</translation>
    </message>
    <message>
        <source>connection to %1 failed: %2</source>
        <translation>连接 %1 失败：%2</translation>
    </message>
    <message>
        <source>cannot connect to %1: host not found (%2)</source>
        <translation>无法连接 %1：找不到主机（%2）</translation>
    </message>
    <message>
        <source>connection with %1 failed: %2</source>
        <translation>与 %1 的连接出错：%2</translation>
    </message>
    <message>
        <source>the server %1 reset the connection (RST, ECONNRESET): what it had not read was thrown away</source>
        <extracomment>zh: 服务器 %1 复位了连接（RST，ECONNRESET）：它还没读的数据被丢弃了</extracomment>
        <translation>服务器 %1 复位了连接（RST，ECONNRESET）：它还没读的数据被丢弃了</translation>
    </message>
    <message>
        <source>the connection to %1 is gone (EPIPE): the server had closed or reset it, nothing more can be sent</source>
        <extracomment>zh: 到 %1 的连接已经断开（EPIPE）：对方已经关闭或复位了连接，不能再发送了</extracomment>
        <translation>到 %1 的连接已经断开（EPIPE）：对方已经关闭或复位了连接，不能再发送了</translation>
    </message>
</context>
<context>
    <name>hv::ChatPane</name>
    <message>
        <source>Server (QTcpServer)</source>
        <translation>服务器（QTcpServer）</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>127.0.0.1 accepts only this machine; 0.0.0.0 (INADDR_ANY, as in the tutorial) accepts connections to any local address</source>
        <translation>127.0.0.1 只接受本机的连接；0.0.0.0（即教程里的 INADDR_ANY 通配地址）接受发往本机任何地址的连接</translation>
    </message>
    <message>
        <source>The server's address</source>
        <translation>服务器的地址</translation>
    </message>
    <message>
        <source>0 lets the kernel pick a free port</source>
        <translation>填 0 由内核选一个空闲端口</translation>
    </message>
    <message>
        <source>The server's port</source>
        <translation>服务器的端口</translation>
    </message>
    <message>
        <source>While held, new connections finish the three-way handshake and wait in the accept queue; accept() returns when you release it.</source>
        <translation>暂停期间，新连接照样完成三次握手，并在已完成连接队列里等待；取消暂停后 accept() 才返回。</translation>
    </message>
    <message>
        <source>Type a message, Enter sends</source>
        <translation>回车发送消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1  me → %2   (%3)</source>
        <translation>%1  我 → %2   （%3）</translation>
    </message>
    <message>
        <source>%1  %2 → me: %3   (%4)</source>
        <translation>%1  %2 → 我：%3   （%4）</translation>
    </message>
    <message>
        <source>The server is not running: press Start first. Your text is kept.</source>
        <translation>服务器没有在运行：先按“启动”。输入的文字还在。</translation>
    </message>
    <message>
        <source>Not connected: press Connect first. Your text is kept.</source>
        <translation>没有连接：先按“连接”。输入的文字还在。</translation>
    </message>
    <message>
        <source>Still connecting: press Enter again once connected. Your text is kept.</source>
        <extracomment>zh: 还在连接中：连接好了再按回车。输入的文字还在。</extracomment>
        <translation>还在连接中：连接好了再按回车。输入的文字还在。</translation>
    </message>
    <message>
        <source>Hold accept()</source>
        <extracomment>zh: 暂停 accept()</extracomment>
        <translation>暂停 accept()</translation>
    </message>
    <message>
        <source>The kernel still completes the handshake: connections wait in the accept queue.</source>
        <extracomment>zh: 内核照样完成握手：连接在 accept 队列里等着。</extracomment>
        <translation>内核照样完成握手：连接在已完成连接队列里等着。</translation>
    </message>
    <message>
        <source>Client (socket() + connect())</source>
        <translation>客户端（socket() + connect()）</translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>zh: 发给</extracomment>
        <translation>发给</translation>
    </message>
    <message>
        <source>All clients (%1)</source>
        <extracomment>zh: 所有客户端（%1 个）</extracomment>
        <translation>所有客户端（%1 个）</translation>
    </message>
    <message>
        <source>Who Send talks to: one client, or every client connected now (with the kernel's own state of each connection)</source>
        <translation>“发送”发给谁：某一个客户端，或者当前连着的所有客户端（附有内核给出的每个连接的状态）</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line. Any length: the whole message is sent.</source>
        <extracomment>zh: 回车发送，Shift+回车换行。多长都可以：整条消息都会发出去。</extracomment>
        <translation>回车发送，Shift+回车换行。多长都可以：整条消息都会发出去。</translation>
    </message>
    <message>
        <source>sending… %1 of %2 taken by the kernel</source>
        <extracomment>zh: 正在发送…… 已交给内核 %1，共 %2</extracomment>
        <translation>正在发送…… 已交给内核 %1，共 %2</translation>
    </message>
    <message>
        <source>sent: the kernel has taken all %1</source>
        <extracomment>zh: 已发送：内核收下了全部 %1</extracomment>
        <translation>已发送：内核收下了全部 %1</translation>
    </message>
    <message>
        <source>not all sent: the kernel had taken %1 of %2 when the connection ended</source>
        <extracomment>zh: 没有全部发出：连接结束前内核只收下了 %1，共 %2</extracomment>
        <translation>没有全部发出：连接结束前内核只收下了 %1，共 %2</translation>
    </message>
    <message>
        <source>%1 characters (%2): too long to edit here, Enter sends it whole. What you type is added at the end; Esc takes the paste back.</source>
        <extracomment>zh: %1 个字符（%2）：太长，不能在这里编辑，按回车会完整发送。继续输入的文字加在末尾，Esc 撤回粘贴。</extracomment>
        <translation>%1 个字符（%2）：太长，不能在这里编辑，按回车会完整发送。继续输入的文字加在末尾，Esc 撤回粘贴。</translation>
    </message>
    <message>
        <source>Drop the first SYN</source>
        <extracomment>zh: 丢掉第一个 SYN</extracomment>
        <translation>丢掉第一个 SYN</translation>
    </message>
    <message>
        <source>The lab's kernel drops the first SYN of each Connect: watch the client's kernel send it again.</source>
        <extracomment>zh: 实验网络的内核会丢掉每次连接的第一个 SYN：看客户端的内核怎样重发它。</extracomment>
        <translation>实验网络的内核会丢掉每次连接的第一个 SYN：看客户端的内核怎样重发它。</translation>
    </message>
    <message>
        <source>In the lab network only (--network lab): this machine's own network is never changed.</source>
        <extracomment>zh: 只在实验网络里可用（--network lab）：本机的网络不会被改动。</extracomment>
        <translation>只在实验网络里可用（--network lab）：本机的网络不会被改动。</translation>
    </message>
    <message>
        <source>Newline after each (\n)</source>
        <extracomment>zh: 每条消息后加换行（\n）</extracomment>
        <translation>每条消息后加换行（\n）</translation>
    </message>
    <message>
        <source>End each message with a newline. nc and the tutorial's client read lines: without a newline two messages run together there. The newline is a byte sent like the others; the ladder's Len counts it.</source>
        <extracomment>zh: 每条消息以换行结束。nc 和教程里的客户端按行读取：没有换行，两条消息会连在一起显示。换行符也是发送的一个字节，时序图上的 Len 把它算在内。</extracomment>
        <translation>每条消息以换行结束。nc 和教程里的客户端按行读取：没有换行，两条消息会连在一起显示。换行符也是发送的一个字节，时序图上的 Len 把它算在内。</translation>
    </message>
</context>
<context>
    <name>hv::ChatServer</name>
    <message>
        <source>the port is already in use (another server, or the tutorial's server, is listening there); stop it or pick another port</source>
        <translation>端口已被占用（另一个服务器，或者教程里的服务器，正在那里监听）；请先停掉它，或者换一个端口</translation>
    </message>
    <message>
        <source>this machine has no such address</source>
        <translation>本机没有这个地址</translation>
    </message>
    <message>
        <source>permission denied (ports below 1024 need privileges)</source>
        <translation>权限不够（1024 以下的端口需要特权）</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>无法在 %1 上监听：%2</translation>
    </message>
    <message>
        <source>accept() failed: %1</source>
        <translation>accept() 失败：%1</translation>
    </message>
    <message>
        <source>connection with %1: %2</source>
        <translation>与 %1 的连接：%2</translation>
    </message>
    <message>
        <source>%1 reset the connection (RST, ECONNRESET): what it had not read was thrown away</source>
        <extracomment>zh: %1 复位了连接（RST，ECONNRESET）：它还没读的数据被丢弃了</extracomment>
        <translation>%1 复位了连接（RST，ECONNRESET）：它还没读的数据被丢弃了</translation>
    </message>
    <message>
        <source>the connection to %1 is gone (EPIPE): the client had closed or reset it, nothing more can be sent</source>
        <extracomment>zh: 到 %1 的连接已经断开（EPIPE）：对方已经关闭或复位了连接，不能再发送了</extracomment>
        <translation>到 %1 的连接已经断开（EPIPE）：对方已经关闭或复位了连接，不能再发送了</translation>
    </message>
</context>
<context>
    <name>hv::ConnectionList</name>
    <message>
        <source>complete</source>
        <translation>握手完成</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>握手未完成</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>no handshake seen</source>
        <translation>未见握手</translation>
    </message>
    <message>
        <source>SYN, SYN+ACK and ACK were all seen: the connection was set up</source>
        <translation>SYN、SYN+ACK 和 ACK 都已看到：连接已建立</translation>
    </message>
    <message>
        <source>the handshake started but did not finish in this capture</source>
        <translation>握手已经开始，但在这次抓包中没有完成</translation>
    </message>
    <message>
        <source>the SYN was answered by a RST: nothing listened on that port</source>
        <translation>SYN 收到的回应是 RST：那个端口上没有程序在监听</translation>
    </message>
    <message>
        <source>the capture began after the handshake</source>
        <translation>抓包在握手之后才开始</translation>
    </message>
    <message>
        <source>Follow the latest (#%1)</source>
        <translation>跟随最新连接（#%1）</translation>
    </message>
    <message>
        <source>Follow the latest</source>
        <translation>跟随最新连接</translation>
    </message>
    <message>
        <source>Show the latest connection that sent a SYN, and switch as new ones appear</source>
        <translation>显示最近发出 SYN 的连接，有新连接出现时自动切换过去</translation>
    </message>
    <message>
        <source>All connections (%1)</source>
        <translation>全部连接（%1）</translation>
    </message>
    <message>
        <source>Every connection's ladder, one under another, in the order they appeared</source>
        <translation>每个连接的时序图，按出现的先后顺序自上而下排列</translation>
    </message>
    <message>
        <source>1 segment</source>
        <translation>1 个分节</translation>
    </message>
    <message>
        <source>%1 segments</source>
        <translation>%1 个分节</translation>
    </message>
    <message>
        <source>&amp;Connection:</source>
        <translation>连接(&amp;C)：</translation>
    </message>
    <message>
        <source>Which connection the ladder shows (the colour is how far its handshake got)</source>
        <translation>时序图显示哪个连接（颜色表示它的握手进行到了哪一步）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <extracomment>zh: %1 / %2 个</extracomment>
        <translation>%1 / %2 个</translation>
    </message>
    <message>
        <source>Find: address, port, #id, refused, reset…</source>
        <extracomment>zh: 查找：地址、端口、#编号、refused、reset……</extracomment>
        <translation>查找：地址、端口、#编号、refused、reset……</translation>
    </message>
    <message>
        <source>List only the connections that match: an address or its beginning (10.0.0.), a port (6666), #id, a handshake class (complete, partial, refused, none) or reset (ended by a RST); every word must hold</source>
        <extracomment>zh: 只列出符合的连接：地址或其开头（10.0.0.）、端口（6666）、#编号、握手类别（complete、partial、refused、none）或 reset（以 RST 结束）；几个词都要符合</extracomment>
        <translation>只列出符合的连接：地址或其开头（10.0.0.）、端口（6666）、#编号、握手类别（complete、partial、refused、none）或 reset（以 RST 结束）；几个词都要符合</translation>
    </message>
</context>
<context>
    <name>hv::DetailsPanel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Click an arrow of the ladder to see its header fields and bytes.</source>
        <translation>点击时序图中的箭头，查看它的首部字段和字节。</translation>
    </message>
    <message>
        <source>Frame %1 · loading…</source>
        <translation>第 %1 帧 · 正在加载…</translation>
    </message>
    <message>
        <source>computed, not in the packet</source>
        <translation>计算得出，不在分组里</translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>第 %1 字节</translation>
    </message>
    <message>
        <source>bytes %1–%2</source>
        <translation>第 %1–%2 字节</translation>
    </message>
</context>
<context>
    <name>hv::FieldTree</name>
    <message>
        <source>not a TCP segment</source>
        <translation>不是 TCP 分节</translation>
    </message>
    <message>
        <source>Frame %1 · %2</source>
        <translation>第 %1 帧 · %2</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>after the IP packet: Ethernet frames are at least 60 bytes, short ones are padded with zeros</source>
        <translation>位于 IP 数据报之后：以太网帧至少 60 字节，不足的用零填充</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Frame %1 · %2 → %3 · %4 · %5 (abs %6)</source>
        <translation>第 %1 帧 · %2 → %3 · %4 · %5（绝对值 %6）</translation>
    </message>
    <message>
        <source>Frame %1</source>
        <translation>第 %1 帧</translation>
    </message>
    <message>
        <source>%1 bytes on the wire, %2 captured</source>
        <translation>线路上 %1 字节，抓到 %2 字节</translation>
    </message>
    <message>
        <source>the capture kept only the first %1 bytes (its snapshot length)</source>
        <translation>抓包只保留了前 %1 字节（快照长度）</translation>
    </message>
    <message>
        <source>Arrival time</source>
        <translation>到达时间</translation>
    </message>
    <message>
        <source>when the kernel handed the packet to libpcap</source>
        <translation>内核把这个分组交给 libpcap 的时刻</translation>
    </message>
    <message>
        <source>Frame length</source>
        <translation>帧长度</translation>
    </message>
    <message>
        <source>as it was on the wire</source>
        <translation>在线路上的长度</translation>
    </message>
    <message>
        <source>Captured length</source>
        <translation>抓取长度</translation>
    </message>
    <message>
        <source>what the capture file holds</source>
        <translation>抓包文件里保存的长度</translation>
    </message>
    <message>
        <source>Link type</source>
        <translation>链路类型</translation>
    </message>
    <message>
        <source>the kind of link-layer header in front of the IP packet</source>
        <translation>IP 数据报前面的链路层首部是哪一种</translation>
    </message>
    <message>
        <source>Ethernet II</source>
        <translation>以太网 II</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>both addresses are zero: this is the loopback interface (lo), where no frame leaves the machine, but Linux still writes an Ethernet header</source>
        <translation>两个地址都是零：这是回环接口（lo），帧不会离开本机，但 Linux 仍然写了一个以太网首部</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>目的地址</translation>
    </message>
    <message>
        <source>the next hop's hardware (MAC) address</source>
        <translation>下一跳的硬件（MAC）地址</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源地址</translation>
    </message>
    <message>
        <source>the sending interface's MAC address</source>
        <translation>发送接口的 MAC 地址</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>what the frame carries</source>
        <translation>帧里承载的是哪种协议</translation>
    </message>
    <message>
        <source>VLAN tag</source>
        <translation>VLAN 标签</translation>
    </message>
    <message>
        <source>ID %1, priority %2</source>
        <translation>ID %1，优先级 %2</translation>
    </message>
    <message>
        <source>802.1Q: which virtual LAN the frame belongs to</source>
        <translation>802.1Q：这个帧属于哪个虚拟局域网</translation>
    </message>
    <message>
        <source>Loopback header</source>
        <translation>回环首部</translation>
    </message>
    <message>
        <source>Null/Loopback header</source>
        <translation>Null/回环首部</translation>
    </message>
    <message>
        <source>BSD loopback: a 4-byte address family instead of an Ethernet header</source>
        <translation>BSD 回环：用 4 字节的地址族代替以太网首部</translation>
    </message>
    <message>
        <source>Address family</source>
        <translation>地址族</translation>
    </message>
    <message>
        <source>AF_INET (IPv4)</source>
        <translation>AF_INET（IPv4）</translation>
    </message>
    <message>
        <source>AF_INET6 (IPv6)</source>
        <translation>AF_INET6（IPv6）</translation>
    </message>
    <message>
        <source>Linux cooked capture v2</source>
        <translation>Linux cooked capture v2</translation>
    </message>
    <message>
        <source>Linux cooked capture</source>
        <translation>Linux cooked capture</translation>
    </message>
    <message>
        <source>a pseudo-header Linux writes when capturing on "any" interface</source>
        <translation>在“any”接口上抓包时 Linux 写入的伪首部</translation>
    </message>
    <message>
        <source>to this host</source>
        <translation>发给本机</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>multicast</source>
        <translation>多播</translation>
    </message>
    <message>
        <source>to another host</source>
        <translation>发给其他主机</translation>
    </message>
    <message>
        <source>sent by this host</source>
        <translation>由本机发出</translation>
    </message>
    <message>
        <source>type %1</source>
        <translation>类型 %1</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Interface index</source>
        <translation>接口索引</translation>
    </message>
    <message>
        <source>Packet type</source>
        <translation>分组类型</translation>
    </message>
    <message>
        <source>Address length</source>
        <translation>地址长度</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>the sender's link-layer address</source>
        <translation>发送方的链路层地址</translation>
    </message>
    <message>
        <source>Link-layer header</source>
        <translation>链路层首部</translation>
    </message>
    <message>
        <source>Internet Protocol version 4</source>
        <translation>网际协议 IPv4</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>the high 4 bits of the first byte</source>
        <translation>第一个字节的高 4 位</translation>
    </message>
    <message>
        <source>Header length</source>
        <translation>首部长度</translation>
    </message>
    <message>
        <source>%1 bytes (IHL %2)</source>
        <translation>%1 字节（IHL %2）</translation>
    </message>
    <message>
        <source>%1 × 4-byte words: the fixed 20 bytes, no IP options</source>
        <translation>%1 × 4 字节：只有固定的 20 字节，没有 IP 选项</translation>
    </message>
    <message>
        <source>%1 × 4-byte words: 20 fixed + %2 bytes of IP options</source>
        <translation>%1 × 4 字节：固定的 20 字节 + %2 字节 IP 选项</translation>
    </message>
    <message>
        <source>Not-ECT: no ECN</source>
        <translation>Not-ECT：不使用 ECN</translation>
    </message>
    <message>
        <source>ECT(1): ECN capable</source>
        <translation>ECT(1)：支持 ECN</translation>
    </message>
    <message>
        <source>ECT(0): ECN capable</source>
        <translation>ECT(0)：支持 ECN</translation>
    </message>
    <message>
        <source>CE: congestion experienced</source>
        <translation>CE：遇到拥塞</translation>
    </message>
    <message>
        <source>DSCP / ECN</source>
        <translation>DSCP / ECN</translation>
    </message>
    <message>
        <source>priority class and explicit congestion notification; ECN: %1</source>
        <translation>优先级类别和显式拥塞通知；ECN 取值 %1</translation>
    </message>
    <message>
        <source>Total length</source>
        <translation>总长度</translation>
    </message>
    <message>
        <source>IP header %1 + TCP header %2 + payload %3 = %4 bytes</source>
        <translation>IP 首部 %1 + TCP 首部 %2 + 载荷 %3 = %4 字节</translation>
    </message>
    <message>
        <source>0: segmentation offload, the network card fills it in later; the frame's length is used</source>
        <translation>0：分段卸载，由网卡稍后填写；这里按帧的长度计算</translation>
    </message>
    <message>
        <source>Identification</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>tells fragments of one packet apart</source>
        <translation>用来辨认哪些分片属于同一个数据报</translation>
    </message>
    <message>
        <source>Flags, fragment offset</source>
        <translation>标志、片偏移</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>DF = don't fragment: the sender finds the path's MTU instead (and TCP's MSS keeps segments small enough)</source>
        <translation>DF = 不分片：发送方改为探测路径 MTU（TCP 的 MSS 也让分节足够小）</translation>
    </message>
    <message>
        <source>routers may fragment this packet</source>
        <translation>路由器可以对这个数据报分片</translation>
    </message>
    <message>
        <source>Time to live</source>
        <translation>生存时间（TTL）</translation>
    </message>
    <message>
        <source>each router subtracts 1 and drops the packet at 0, so loops die out; Linux starts at 64</source>
        <translation>每经过一个路由器减 1，减到 0 就丢弃，这样陷入环路的分组终会消失；Linux 的初始值是 64</translation>
    </message>
    <message>
        <source>what the IP payload is</source>
        <translation>IP 载荷是哪种协议</translation>
    </message>
    <message>
        <source>Header checksum</source>
        <translation>首部校验和</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>covers the IP header only; routers recompute it as the TTL changes</source>
        <translation>只覆盖 IP 首部；TTL 改变时路由器会重新计算</translation>
    </message>
    <message>
        <source>Source address</source>
        <translation>源地址</translation>
    </message>
    <message>
        <source>the %1's address</source>
        <translation>%1的地址</translation>
    </message>
    <message>
        <source>Destination address</source>
        <translation>目的地址</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>IP options (rare today)</source>
        <translation>IP 选项（如今很少见）</translation>
    </message>
    <message>
        <source>Internet Protocol version 6</source>
        <translation>网际协议 IPv6</translation>
    </message>
    <message>
        <source>Traffic class</source>
        <translation>通信量类</translation>
    </message>
    <message>
        <source>priority class and ECN, as IPv4's DSCP/ECN byte</source>
        <translation>优先级类别和 ECN，同 IPv4 的 DSCP/ECN 字节</translation>
    </message>
    <message>
        <source>Flow label</source>
        <translation>流标号</translation>
    </message>
    <message>
        <source>lets routers keep one flow's packets on one path</source>
        <translation>让路由器把同一个流的分组保持在同一条路径上</translation>
    </message>
    <message>
        <source>Payload length</source>
        <translation>载荷长度</translation>
    </message>
    <message>
        <source>everything after the 40-byte IPv6 header: extension headers %1 + TCP header %2 + payload %3</source>
        <translation>40 字节 IPv6 首部之后的全部内容：扩展首部 %1 + TCP 首部 %2 + 载荷 %3</translation>
    </message>
    <message>
        <source>everything after the 40-byte IPv6 header: TCP header %1 + payload %2</source>
        <translation>40 字节 IPv6 首部之后的全部内容：TCP 首部 %1 + 载荷 %2</translation>
    </message>
    <message>
        <source>Next header</source>
        <translation>下一个首部</translation>
    </message>
    <message>
        <source>%1 (an extension header)</source>
        <translation>%1（扩展首部）</translation>
    </message>
    <message>
        <source>what follows the IPv6 header</source>
        <translation>IPv6 首部后面跟的是什么</translation>
    </message>
    <message>
        <source>Hop limit</source>
        <translation>跳数限制</translation>
    </message>
    <message>
        <source>IPv6's TTL: each router subtracts 1 and drops the packet at 0; Linux starts at 64</source>
        <translation>IPv6 的 TTL：每经过一个路由器减 1，减到 0 就丢弃；Linux 的初始值是 64</translation>
    </message>
    <message>
        <source>Extension headers</source>
        <translation>扩展首部</translation>
    </message>
    <message>
        <source>between the IPv6 header and TCP</source>
        <translation>位于 IPv6 首部和 TCP 之间</translation>
    </message>
    <message>
        <source>Transmission Control Protocol</source>
        <translation>传输控制协议 TCP</translation>
    </message>
    <message>
        <source>%1 → %2 · %3</source>
        <translation>%1 → %2 · %3</translation>
    </message>
    <message>
        <source>sent by the %1</source>
        <translation>由%1发出</translation>
    </message>
    <message>
        <source>Source port</source>
        <translation>源端口</translation>
    </message>
    <message>
        <source>the client's port: an ephemeral one the kernel picked at connect()</source>
        <translation>客户端的端口：调用 connect() 时内核挑选的临时端口</translation>
    </message>
    <message>
        <source>the server's port: the one it called bind() and listen() on</source>
        <translation>服务器的端口：它调用 bind() 和 listen() 时用的端口</translation>
    </message>
    <message>
        <source>Destination port</source>
        <translation>目的端口</translation>
    </message>
    <message>
        <source>relative 0: a SYN carries the %1's initial sequence number (ISN), picked at random; the SYN itself takes one number, so its first data byte will be 1</source>
        <translation>相对值 0：SYN 携带%1随机选定的初始序号（ISN）；SYN 本身占用一个序号，所以第一个数据字节的序号将是 1</translation>
    </message>
    <message>
        <source>the number of the first payload byte, counted from the %1's ISN (raw − %2)</source>
        <translation>第一个载荷字节的序号，从%1的 ISN 算起（原始值 − %2）</translation>
    </message>
    <message>
        <source>counted from the %1's ISN (raw − %2); no payload, so it takes no number</source>
        <translation>从%1的 ISN 算起（原始值 − %2）；没有载荷，所以不占用序号</translation>
    </message>
    <message>
        <source>Sequence number (relative)</source>
        <translation>序号（相对）</translation>
    </message>
    <message>
        <source>Sequence number (raw)</source>
        <translation>序号（原始）</translation>
    </message>
    <message>
        <source>the 32-bit number on the wire: the ISN itself</source>
        <translation>线路上的 32 位数：就是 ISN 本身</translation>
    </message>
    <message>
        <source>the 32-bit number on the wire: ISN %1 + %2</source>
        <translation>线路上的 32 位数：ISN %1 + %2</translation>
    </message>
    <message>
        <source>a SYN takes one</source>
        <translation>SYN 占用一个序号</translation>
    </message>
    <message>
        <source>len + 1, a FIN takes one</source>
        <translation>len + 1，FIN 占用一个序号</translation>
    </message>
    <message>
        <source>a FIN takes one</source>
        <translation>FIN 占用一个序号</translation>
    </message>
    <message>
        <source>seq + len</source>
        <translation>seq + len</translation>
    </message>
    <message>
        <source>Next sequence number</source>
        <translation>下一个序号</translation>
    </message>
    <message>
        <source>%1 + %2 = %3 (%4): the ack the %5 will send back</source>
        <translation>%1 + %2 = %3（%4）：%5将回送的 ack</translation>
    </message>
    <message>
        <source>ack = x + 1: the %1's ISN + 1 (a SYN takes one sequence number); the next byte expected from the %1</source>
        <translation>ack = x + 1：%1的 ISN + 1（SYN 占用一个序号）；即期望从%1收到的下一个字节</translation>
    </message>
    <message>
        <source>the next byte expected from the %1: all before relative %2 has arrived</source>
        <translation>期望从%1收到的下一个字节：相对序号 %2 之前的都已到达</translation>
    </message>
    <message>
        <source>Acknowledgment number (relative)</source>
        <translation>确认号（相对）</translation>
    </message>
    <message>
        <source>Acknowledgment number (raw)</source>
        <translation>确认号（原始）</translation>
    </message>
    <message>
        <source>the 32-bit number on the wire: the %1's ISN %2 + %3</source>
        <translation>线路上的 32 位数：%1的 ISN %2 + %3</translation>
    </message>
    <message>
        <source>not used: the ACK flag is off (a first SYN has nothing to acknowledge yet)</source>
        <translation>不使用：ACK 标志没有置位（第一个 SYN 还没有什么可确认的）</translation>
    </message>
    <message>
        <source>%1 bytes (data offset %2)</source>
        <translation>%1 字节（数据偏移 %2）</translation>
    </message>
    <message>
        <source>%1 × 4-byte words: the fixed 20 bytes, no options</source>
        <translation>%1 × 4 字节：只有固定的 20 字节，没有选项</translation>
    </message>
    <message>
        <source>%1 × 4-byte words: 20 fixed + %2 bytes of options</source>
        <translation>%1 × 4 字节：固定的 20 字节 + %2 字节选项</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>free space in the %1's receive buffer, as sent (before scaling)</source>
        <translation>%1接收缓冲区的空闲空间，即发送时的原值（缩放前）</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>covers the TCP segment and the IP addresses; on lo Linux leaves it to checksum offload, so in a capture it usually looks wrong</source>
        <translation>覆盖 TCP 分节和 IP 地址；在 lo 上 Linux 把它交给校验和卸载，所以在抓包里它通常看起来是错的</translation>
    </message>
    <message>
        <source>Urgent pointer</source>
        <translation>紧急指针</translation>
    </message>
    <message>
        <source>the urgent data ends here (URG is set)</source>
        <translation>紧急数据到此结束（URG 已置位）</translation>
    </message>
    <message>
        <source>ignored: URG is not set</source>
        <translation>忽略：URG 没有置位</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>finish: the sender has no more data and closes its direction</source>
        <translation>终止（finish）：发送方没有更多数据，关闭自己这个方向</translation>
    </message>
    <message>
        <source>synchronize: opens a connection and carries the ISN</source>
        <translation>同步（synchronize）：发起连接，并携带 ISN</translation>
    </message>
    <message>
        <source>reset: aborts the connection, or refuses it</source>
        <translation>复位（reset）：中止连接，或拒绝连接</translation>
    </message>
    <message>
        <source>push: hand the data to the application now</source>
        <translation>推送（push）：立即把数据交给应用程序</translation>
    </message>
    <message>
        <source>the acknowledgment number is valid (set on every segment after the first SYN)</source>
        <translation>确认号有效（第一个 SYN 之后的每个分节都置位）</translation>
    </message>
    <message>
        <source>the urgent pointer is valid (rarely used)</source>
        <translation>紧急指针有效（很少使用）</translation>
    </message>
    <message>
        <source>ECN-Echo: on a SYN, "I can do ECN"; later, "congestion was signalled"</source>
        <translation>ECN 回显（ECN-Echo）：在 SYN 里表示“我支持 ECN”；之后表示“收到了拥塞信号”</translation>
    </message>
    <message>
        <source>congestion window reduced: the answer to ECE</source>
        <translation>拥塞窗口已减小：对 ECE 的回应</translation>
    </message>
    <message>
        <source>accurate ECN (formerly the ECN nonce, RFC 3540)</source>
        <translation>精确 ECN（以前是 ECN 随机数位，RFC 3540）</translation>
    </message>
    <message>
        <source>set (1)</source>
        <translation>置位（1）</translation>
    </message>
    <message>
        <source>not set (0)</source>
        <translation>未置位（0）</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>three bits that must be zero</source>
        <translation>三位，必须为零</translation>
    </message>
    <message>
        <source>Window (scaled)</source>
        <translation>窗口（缩放后）</translation>
    </message>
    <message>
        <source>SYN</source>
        <translation>SYN</translation>
    </message>
    <message>
        <source>SYN+ACK</source>
        <translation>SYN+ACK</translation>
    </message>
    <message>
        <source>a SYN's window is never scaled (RFC 7323): scaling starts once both sides have announced it</source>
        <translation>SYN 里的窗口从不缩放（RFC 7323）：双方都通告了窗口缩放之后才开始缩放</translation>
    </message>
    <message>
        <source>%1 × 2^%2 = %3 bytes</source>
        <translation>%1 × 2^%2 = %3 字节</translation>
    </message>
    <message>
        <source>shift %1, announced by the %2 in its %3 (WS %1); both sides sent WS, so scaling is on</source>
        <translation>移位 %1，由%2在它的 %3 里通告（WS %1）；双方都发了 WS，所以启用缩放</translation>
    </message>
    <message>
        <source>shift %1, announced by the %2 in its %3 (WS %1); the %4's SYN was not captured, and as in Wireshark it is taken to have agreed</source>
        <translation>移位 %1，由%2在它的 %3 里通告（WS %1）；没有抓到%4的 SYN，这里和 Wireshark 一样假定对方同意</translation>
    </message>
    <message>
        <source>not scaled: the %1 did not send WS in its %2, so neither side scales (RFC 7323)</source>
        <translation>不缩放：%1在它的 %2 里没有发 WS，所以双方都不缩放（RFC 7323）</translation>
    </message>
    <message>
        <source>scaling unknown: the %1's %2 was not captured, so the window is shown as sent</source>
        <translation>缩放未知：没有抓到%1的 %2，所以窗口按发送时的原值显示</translation>
    </message>
    <message>
        <source>the sender's link MTU is likely 65535</source>
        <translation>发送方链路的 MTU 可能是 65535</translation>
    </message>
    <message>
        <source>on lo the MTU is 65536, but an IPv4 packet holds at most 65535 bytes (its total length is 16 bits)</source>
        <translation>lo 的 MTU 是 65536，但一个 IPv4 数据报最多 65535 字节（总长度字段只有 16 位）</translation>
    </message>
    <message>
        <source>on lo the MTU is 65536</source>
        <translation>lo 的 MTU 是 65536</translation>
    </message>
    <message>
        <source>Ethernet's MTU is 1500</source>
        <translation>以太网的 MTU 是 1500</translation>
    </message>
    <message>
        <source>with jumbo frames the MTU is 9000</source>
        <translation>使用巨型帧时 MTU 是 9000</translation>
    </message>
    <message>
        <source>over PPPoE the MTU is 1492</source>
        <translation>PPPoE 上的 MTU 是 1492</translation>
    </message>
    <message>
        <source>IPv6's minimum MTU is 1280</source>
        <translation>IPv6 的最小 MTU 是 1280</translation>
    </message>
    <message>
        <source>the sender's link MTU is likely %1</source>
        <translation>发送方链路的 MTU 可能是 %1</translation>
    </message>
    <message>
        <source>MSS %1: %2, minus %3 bytes of %4+TCP headers; the largest payload the %5 wants in one segment</source>
        <translation>MSS %1：%2，再减去 %3 字节的 %4+TCP 首部；这是%5希望在一个分节里收到的最大载荷</translation>
    </message>
    <message>
        <source> (only meaningful on a SYN)</source>
        <translation>（只在 SYN 里有意义）</translation>
    </message>
    <message>
        <source>End of option list (EOL)</source>
        <translation>选项表结束（EOL）</translation>
    </message>
    <message>
        <source>the options end here; the rest of the header is padding</source>
        <translation>选项到此结束；首部的其余部分是填充</translation>
    </message>
    <message>
        <source>No-operation (NOP)</source>
        <translation>无操作（NOP）</translation>
    </message>
    <message>
        <source>padding: one byte so that the next option starts on a 4-byte boundary</source>
        <translation>填充：占一个字节，让下一个选项从 4 字节边界开始</translation>
    </message>
    <message>
        <source>Malformed option</source>
        <translation>格式错误的选项</translation>
    </message>
    <message>
        <source>kind %1, length %2</source>
        <translation>类型 %1，长度 %2</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>bytes, kind and length included</source>
        <translation>字节数，包括类型和长度这两个字节</translation>
    </message>
    <message>
        <source>Maximum segment size (MSS)</source>
        <translation>最大分节长度（MSS）</translation>
    </message>
    <message>
        <source>MSS value</source>
        <translation>MSS 值</translation>
    </message>
    <message>
        <source>Window scale (WS)</source>
        <translation>窗口缩放（WS）</translation>
    </message>
    <message>
        <source>shift %1 (× %2)</source>
        <translation>移位 %1（× %2）</translation>
    </message>
    <message>
        <source>WS %1: a shift count, the window is multiplied by 2^%2 = %3; used on the %4's later segments if both sides send WS</source>
        <translation>WS %1：移位计数，窗口要乘以 2^%2 = %3；双方都发了 WS 时，用于%4之后的分节</translation>
    </message>
    <message>
        <source> (above the maximum 14, so 14 is used)</source>
        <translation>（超过了最大值 14，所以按 14 处理）</translation>
    </message>
    <message>
        <source>Shift count</source>
        <translation>移位计数</translation>
    </message>
    <message>
        <source>SACK permitted (SACK_PERM)</source>
        <translation>允许选择确认（SACK_PERM）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>the %1 can take selective acknowledgments (RFC 2018): after a loss the peer resends only what is missing</source>
        <translation>%1能接受选择确认（RFC 2018）：出现丢失后，对方只需重传缺失的部分</translation>
    </message>
    <message>
        <source>Selective acknowledgment (SACK)</source>
        <translation>选择确认（SACK）</translation>
    </message>
    <message>
        <source>1 block</source>
        <translation>1 个块</translation>
    </message>
    <message>
        <source>%1 blocks</source>
        <translation>%1 个块</translation>
    </message>
    <message>
        <source>byte ranges the %1 already holds beyond the ack, so only the gap must be resent</source>
        <translation>%1在 ack 之后已经收到的字节范围，这样只需重传中间的空缺</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>块 %1</translation>
    </message>
    <message>
        <source>%1–%2 (relative), raw %3–%4</source>
        <translation>%1–%2（相对），原始值 %3–%4</translation>
    </message>
    <message>
        <source>left edge and the first byte after the block</source>
        <translation>左边界，以及块之后的第一个字节</translation>
    </message>
    <message>
        <source>Timestamps (TS)</source>
        <translation>时间戳（TS）</translation>
    </message>
    <message>
        <source>RFC 7323: used to measure the round-trip time and to reject old duplicate segments once sequence numbers wrap (PAWS)</source>
        <translation>RFC 7323：用来测量往返时间，并在序号回绕后拒收旧的重复分节（PAWS）</translation>
    </message>
    <message>
        <source>the %1's timestamp clock when it sent this</source>
        <translation>%1发出这个分节时的时间戳时钟值</translation>
    </message>
    <message>
        <source>0: nothing to echo yet (the peer has not sent a timestamp)</source>
        <translation>0：还没有可回显的值（对方还没发过时间戳）</translation>
    </message>
    <message>
        <source>echoes the latest TSval received from the %1: the difference gives the round-trip time</source>
        <translation>回显最近从%1收到的 TSval：两者之差就是往返时间</translation>
    </message>
    <message>
        <source>Option kind %1 (%2)</source>
        <translation>选项类型 %1（%2）</translation>
    </message>
    <message>
        <source>wrong length</source>
        <translation>长度错误</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>not interpreted here; skipped by its length</source>
        <translation>这里不解析；按它的长度跳过</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>the application's bytes: "%1"%2</source>
        <translation>应用程序的字节：“%1”%2</translation>
    </message>
    <message>
        <source>the application's bytes (binary)</source>
        <translation>应用程序的字节（二进制）</translation>
    </message>
    <message>
        <source>; only %1 captured</source>
        <translation>；只抓到了 %1</translation>
    </message>
    <message>
        <source>%1 (%2), offset %3</source>
        <extracomment>zh: %1（%2），片偏移 %3</extracomment>
        <translation>%1（%2），片偏移 %3</translation>
    </message>
    <message>
        <source>%1 (raw %2)</source>
        <extracomment>zh: %1（原始值 %2）</extracomment>
        <translation>%1（原始值 %2）</translation>
    </message>
    <message>
        <source>%1 (not checked)</source>
        <extracomment>zh: %1（未校验）</extracomment>
        <translation>%1（未校验）</translation>
    </message>
    <message>
        <source>MD5 signature</source>
        <translation>MD5 签名</translation>
    </message>
    <message>
        <source>Quick-Start response</source>
        <translation>快速启动响应（Quick-Start）</translation>
    </message>
    <message>
        <source>User timeout</source>
        <translation>用户超时</translation>
    </message>
    <message>
        <source>Multipath TCP (MPTCP)</source>
        <translation>多路径 TCP（MPTCP）</translation>
    </message>
    <message>
        <source>TCP Fast Open cookie (TFO)</source>
        <translation>TCP 快速打开 cookie（TFO）</translation>
    </message>
    <message>
        <source>experimental (RFC 4727)</source>
        <translation>实验用（RFC 4727）</translation>
    </message>
    <message>
        <source>kind %1</source>
        <extracomment>zh: 类型 %1</extracomment>
        <translation>类型 %1</translation>
    </message>
    <message>
        <source>frame %1: its raw bytes were not kept</source>
        <extracomment>zh: 第 %1 帧：没有保留它的原始字节</extracomment>
        <translation>第 %1 帧：没有保留它的原始字节</translation>
    </message>
    <message>
        <source>0: a jumbogram: its length, %1, is in the Jumbo Payload option of the hop-by-hop header (RFC 2675)</source>
        <extracomment>zh: 0：超大数据报（jumbogram）：长度 %1 在逐跳选项首部的 Jumbo Payload 选项里（RFC 2675）</extracomment>
        <translation>0：超大数据报（jumbogram）：长度 %1 在逐跳选项首部的 Jumbo Payload 选项里（RFC 2675）</translation>
    </message>
    <message>
        <source>0 without a Jumbo Payload option: not valid IPv6 (tshark marks it malformed). A Linux BIG TCP super-packet of more than 64 KiB, captured before the network card cuts it up, looks like this; the frame's length is used: %1</source>
        <extracomment>zh: 0，却没有 Jumbo Payload 选项：这不是合法的 IPv6（tshark 会标为格式错误）。Linux 的 BIG TCP 在网卡切分之前交出的超过 64 KiB 的超级分组就是这样；这里按帧的长度计算：%1</extracomment>
        <translation>0，却没有 Jumbo Payload 选项：这不是合法的 IPv6（tshark 会标为格式错误）。Linux 的 BIG TCP 在网卡切分之前交出的超过 64 KiB 的超级分组就是这样；这里按帧的长度计算：%1</translation>
    </message>
</context>
<context>
    <name>hv::LabDialog</name>
    <message>
        <source>Lab network: layout and losses</source>
        <extracomment>zh: 实验网络：布局和丢包</extracomment>
        <translation>实验网络：布局和丢包</translation>
    </message>
    <message>
        <source>Layout</source>
        <extracomment>zh: 布局</extracomment>
        <translation>布局</translation>
    </message>
    <message>
        <source>One host: server and client share lo (as on a teacher's laptop)</source>
        <extracomment>zh: 一台主机：服务器和客户端共用 lo（如同老师的笔记本电脑）</extracomment>
        <translation>一台主机：服务器和客户端共用 lo（如同老师的笔记本电脑）</translation>
    </message>
    <message>
        <source>Two hosts: client 10.0.0.1 and server 10.0.0.2 on a veth pair (MTU 1500, MSS 1460, as on a real LAN)</source>
        <extracomment>zh: 两台主机：客户端 10.0.0.1、服务器 10.0.0.2，在一对 veth 上（MTU 1500，MSS 1460，如同真实的局域网）</extracomment>
        <translation>两台主机：客户端 10.0.0.1、服务器 10.0.0.2，在一对 veth 上（MTU 1500，MSS 1460，如同真实的局域网）</translation>
    </message>
    <message>
        <source>The kernel drops (each connection, from the next Connect)</source>
        <extracomment>zh: 让内核丢弃（每次连接：下一次 Connect 起生效）</extracomment>
        <translation>让内核丢弃（每次连接：下一次 Connect 起生效）</translation>
    </message>
    <message>
        <source>The client's first SYNs:</source>
        <extracomment>zh: 客户端的前几个 SYN：</extracomment>
        <translation>客户端的前几个 SYN：</translation>
    </message>
    <message>
        <source>The server's SYN+ACK (the first)</source>
        <extracomment>zh: 服务器的 SYN+ACK（第一个）</extracomment>
        <translation>服务器的 SYN+ACK（第一个）</translation>
    </message>
    <message>
        <source>The ACK that completes the handshake (the client's third segment)</source>
        <extracomment>zh: 完成握手的 ACK（客户端的第三个分节）</extracomment>
        <translation>完成握手的 ACK（客户端的第三个分节）</translation>
    </message>
    <message>
        <source>The client's first FIN</source>
        <extracomment>zh: 客户端的第一个 FIN</extracomment>
        <translation>客户端的第一个 FIN</translation>
    </message>
    <message>
        <source>Besides, at random (both ways):</source>
        <extracomment>zh: 此外，随机丢弃（两个方向）：</extracomment>
        <translation>此外，随机丢弃（两个方向）：</translation>
    </message>
    <message>
        <source>A dropped segment is drawn as an arrow that stops short (✕): the capture saw it leave, the receiver never got it. The kernel then sends it again on its real timers.</source>
        <extracomment>zh: 被丢弃的分节在时序图上画成中途停下的箭头（✕）：抓包看到它发出，接收方却没收到。内核随后用它真实的定时器重传。</extracomment>
        <translation>被丢弃的分节在时序图上画成中途停下的箭头（✕）：抓包看到它发出，接收方却没收到。内核随后用它真实的定时器重传。</translation>
    </message>
    <message>
        <source>Links</source>
        <extracomment>zh: 链路</extracomment>
        <translation>链路</translation>
    </message>
    <message>
        <source>As they are</source>
        <extracomment>zh: 原样</extracomment>
        <translation>原样</translation>
    </message>
    <message>
        <source>Every segment late by:</source>
        <extracomment>zh: 每个分节延迟：</extracomment>
        <translation>每个分节延迟：</translation>
    </message>
    <message>
        <source>Rate limited to:</source>
        <extracomment>zh: 限速为：</extracomment>
        <translation>限速为：</translation>
    </message>
    <message>
        <source>A delay needs the kernel's netem; a kernel without it says so. A rate limit (tbf) makes a segment wait for the ones before it: clearest on two hosts (packets on lo are up to 64 KiB).</source>
        <extracomment>zh: 延迟要用内核的 netem；没有 netem 的内核会直说。限速（tbf）让一个分节等它前面的分节发完：在两台主机上看得最清楚（lo 上的分组可达 64 KiB）。</extracomment>
        <translation>延迟要用内核的 netem；没有 netem 的内核会直说。限速（tbf）让一个分节等它前面的分节发完：在两台主机上看得最清楚（lo 上的分组可达 64 KiB）。</translation>
    </message>
</context>
<context>
    <name>hv::LadderView</name>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>frame %1</source>
        <translation>第 %1 帧</translation>
    </message>
    <message>
        <source> - Len: %1</source>
        <translation> - Len: %1</translation>
    </message>
    <message>
        <source>Seq=%1 Ack=%2 (absolute %3 / %4)</source>
        <translation>Seq=%1 Ack=%2（绝对值 %3 / %4）</translation>
    </message>
    <message>
        <source>Win=%1 (scaled %2)</source>
        <translation>Win=%1（缩放后 %2）</translation>
    </message>
</context>
<context>
    <name>hv::LessonCardView</name>
    <message>
        <source>Replay</source>
        <extracomment>zh: 重放</extracomment>
        <translation>重放</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>zh: 关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Goal:</source>
        <extracomment>zh: 目标：</extracomment>
        <translation>目标：</translation>
    </message>
    <message>
        <source>Watch:</source>
        <extracomment>zh: 注意看：</extracomment>
        <translation>注意看：</translation>
    </message>
    <message>
        <source>Discuss:</source>
        <extracomment>zh: 讨论：</extracomment>
        <translation>讨论：</translation>
    </message>
</context>
<context>
    <name>hv::MainWindow</name>
    <message>
        <source>&amp;Open capture…</source>
        <translation>打开抓包文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .pcap or .pcapng file (Ctrl+O)</source>
        <translation>打开 .pcap 或 .pcapng 文件（Ctrl+O）</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Relative numbers start at 0 with each side's SYN; off shows the raw 32-bit numbers (Ctrl+R)</source>
        <translation>相对序号从每一方的 SYN 开始计为 0；关闭则显示原始的 32 位序号（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language / 语言</source>
        <translation>语言 / Language(&amp;L)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Open capture</source>
        <translation>打开抓包文件</translation>
    </message>
    <message>
        <source>Captures (*.pcap *.pcapng *.cap);;All files (*)</source>
        <translation>抓包文件 (*.pcap *.pcapng *.cap);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open the &amp;sample capture</source>
        <translation>打开示例抓包(&amp;S)</translation>
    </message>
    <message>
        <source>A recorded demo on 127.0.0.1:6666: handshake, two messages, close. Needs no capture rights.</source>
        <translation>在 127.0.0.1:6666 上录制的演示：握手、两条消息、关闭。不需要抓包权限。</translation>
    </message>
    <message>
        <source>Details: header fields and bytes</source>
        <translation>详细信息：首部字段和字节</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详细信息(&amp;D)</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>隐藏详细信息</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <extracomment>zh: 放大(&amp;I)</extracomment>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <extracomment>zh: 缩小(&amp;O)</extracomment>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <extracomment>zh: 原始大小(&amp;A)</extracomment>
        <translation>原始大小(&amp;A)</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <extracomment>zh: 回到实时会话(&amp;L)</extracomment>
        <translation>回到实时会话(&amp;L)</translation>
    </message>
    <message>
        <source>Show the live session again: the server, the client and the capture that went on meanwhile (Ctrl+L)</source>
        <extracomment>zh: 显示实时会话：服务器、客户端和一直在进行的抓包（Ctrl+L）</extracomment>
        <translation>再次显示实时会话：服务器、客户端，以及期间一直在进行的抓包（Ctrl+L）</translation>
    </message>
    <message>
        <source>Live on %1</source>
        <extracomment>zh: 实时：%1</extracomment>
        <translation>实时：%1</translation>
    </message>
    <message>
        <source>Handshake Visualizer</source>
        <extracomment>zh: TCP 握手可视化</extracomment>
        <translation>TCP 握手可视化</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <extracomment>zh: 正在写入 %1…</extracomment>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>&amp;Memory limit…</source>
        <extracomment>zh: 内存上限(&amp;M)…</extracomment>
        <translation>内存上限(&amp;M)…</translation>
    </message>
    <message>
        <source>How much the live session keeps in memory; past it, older connections stay on disk, to be opened as an earlier part</source>
        <extracomment>zh: 实时会话在内存中最多保留多少；超过时，较早的连接留在磁盘上，可以作为较早的部分打开</extracomment>
        <translation>实时会话在内存中最多保留多少；超过时，较早的连接留在磁盘上，可以作为较早的部分打开</translation>
    </message>
    <message>
        <source>Memory limit</source>
        <extracomment>zh: 内存上限</extracomment>
        <translation>内存上限</translation>
    </message>
    <message>
        <source>What the live session keeps in memory (MiB, 0: no limit). Past it, the connections so far stay on disk as an earlier part that can be opened; nothing is lost.</source>
        <extracomment>zh: 实时会话在内存中最多保留（MiB，0 表示不限）。超过时，到那时为止的连接留在磁盘上，成为可以打开的较早部分；什么都不会丢。</extracomment>
        <translation>实时会话在内存中最多保留（MiB，0 表示不限）。超过时，到那时为止的连接留在磁盘上，成为可以打开的较早部分；什么都不会丢。</translation>
    </message>
    <message>
        <source>La&amp;b</source>
        <extracomment>zh: 实验网络(&amp;B)</extracomment>
        <translation>实验网络(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Layout and losses…</source>
        <extracomment>zh: 布局和丢包(&amp;L)…</extracomment>
        <translation>布局和丢包(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a terminal on the &amp;client host</source>
        <extracomment>zh: 在客户端主机上打开终端(&amp;C)</extracomment>
        <translation>在客户端主机上打开终端(&amp;C)</translation>
    </message>
    <message>
        <source>Open a terminal on the &amp;server host</source>
        <extracomment>zh: 在服务器主机上打开终端(&amp;S)</extracomment>
        <translation>在服务器主机上打开终端(&amp;S)</translation>
    </message>
    <message>
        <source>A terminal inside the lab network: what the tutorial's server.c/client.c, nc or ss -tan do there shows on the ladder</source>
        <extracomment>zh: 在实验网络里运行的终端：tutorial 的 server.c/client.c、nc、ss -tan 的流量都出现在时序图上</extracomment>
        <translation>在实验网络里运行的终端：tutorial 的 server.c/client.c、nc、ss -tan 的流量都出现在时序图上</translation>
    </message>
    <message>
        <source>Le&amp;ssons</source>
        <extracomment>zh: 课程(&amp;S)</extracomment>
        <translation>课程(&amp;S)</translation>
    </message>
    <message>
        <source> (lab network)</source>
        <extracomment>zh: （实验网络）</extracomment>
        <translation>（实验网络）</translation>
    </message>
    <message>
        <source>State &amp;names</source>
        <extracomment>zh: 状态的名字(&amp;N)</extracomment>
        <translation>状态的名字(&amp;N)</translation>
    </message>
    <message>
        <source>SYN_RCVD: the tutorial's and UNP's</source>
        <extracomment>zh: SYN_RCVD：教程、UNP 的写法</extracomment>
        <translation>SYN_RCVD：教程、UNP 的写法</translation>
    </message>
    <message>
        <source>SYN-RECEIVED: RFC 9293's</source>
        <extracomment>zh: SYN-RECEIVED：RFC 9293 的写法</extracomment>
        <translation>SYN-RECEIVED：RFC 9293 的写法</translation>
    </message>
    <message>
        <source>SYN-RECV: Linux ss's</source>
        <extracomment>zh: SYN-RECV：Linux ss 的写法</extracomment>
        <translation>SYN-RECV：Linux ss 的写法</translation>
    </message>
    <message>
        <source>Export the ladder as PNG, SVG, PDF, text, JSON or the raw packets as .pcap (Ctrl+E)</source>
        <extracomment>zh: 把时序图导出为 PNG、SVG、PDF、文本、JSON，或把原始分组导出为 .pcap（Ctrl+E）</extracomment>
        <translation>把时序图导出为 PNG、SVG、PDF、文本、JSON，或把原始分组导出为 .pcap（Ctrl+E）</translation>
    </message>
    <message>
        <source>Export &amp;worksheet…</source>
        <extracomment>zh: 导出练习单…</extracomment>
        <translation>导出练习单…</translation>
    </message>
    <message>
        <source>The ladder with Seq, Ack and the states left blank for students, and its answer key (Ctrl+Shift+E)</source>
        <extracomment>zh: 时序图里 Seq、Ack 和状态留空给学生填写，另附答案（Ctrl+Shift+E）</extracomment>
        <translation>时序图里 Seq、Ack 和状态留空给学生填写，另附答案（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF handout (*.pdf);;Text (*.txt);;JSON (*.json);;Raw packets for Wireshark (*.pcap)</source>
        <extracomment>zh: PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF 讲义 (*.pdf);;文本 (*.txt);;JSON (*.json);;供 Wireshark 用的原始分组 (*.pcap)</extracomment>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF 讲义 (*.pdf);;文本 (*.txt);;JSON (*.json);;供 Wireshark 用的原始分组 (*.pcap)</translation>
    </message>
    <message>
        <source>Worksheet</source>
        <extracomment>zh: 练习单</extracomment>
        <translation>练习单</translation>
    </message>
    <message>
        <source>Leave blank for the students:</source>
        <extracomment>zh: 留空给学生填写：</extracomment>
        <translation>留空给学生填写：</translation>
    </message>
    <message>
        <source>TCP states</source>
        <extracomment>zh: TCP 状态</extracomment>
        <translation>TCP 状态</translation>
    </message>
    <message>
        <source>The answer key is saved beside it as “…-answers”. The notes are left out (they would give the answers away).</source>
        <extracomment>zh: 答案另存在旁边的“…-answers”文件里。注释会被去掉（它们会泄露答案）。</extracomment>
        <translation>答案另存在旁边的“…-answers”文件里。注释会被去掉（它们会泄露答案）。</translation>
    </message>
    <message>
        <source>PDF handout (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)</source>
        <extracomment>zh: PDF 讲义 (*.pdf);;PNG 图片 (*.png);;SVG 矢量图 (*.svg)</extracomment>
        <translation>PDF 讲义 (*.pdf);;PNG 图片 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>&amp;All lessons (start page)</source>
        <extracomment>zh: 全部课程（开始页）</extracomment>
        <translation>全部课程（开始页）</translation>
    </message>
    <message>
        <source>Export s&amp;lides…</source>
        <extracomment>zh: 导出幻灯片…</extracomment>
        <translation>导出幻灯片…</translation>
    </message>
    <message>
        <source>The connection's ladder in slide-sized frames: the handshake only, up to the current step, or one picture per step (Ctrl+Alt+E)</source>
        <extracomment>zh: 当前连接的时序图，按幻灯片尺寸分页：只到握手、到当前步骤，或每步一张（Ctrl+Alt+E）</extracomment>
        <translation>当前连接的时序图，按幻灯片尺寸分页：只到握手、到当前步骤，或每步一张（Ctrl+Alt+E）</translation>
    </message>
    <message>
        <source>Slides</source>
        <extracomment>zh: 幻灯片</extracomment>
        <translation>幻灯片</translation>
    </message>
    <message>
        <source>The ladder of connection %1.</source>
        <extracomment>zh: 连接 %1 的时序图。</extracomment>
        <translation>连接 %1 的时序图。</translation>
    </message>
    <message>
        <source>The ladder of the latest connection (all of them are shown now: pick one in the connection list to export it).</source>
        <extracomment>zh: 最新的连接的时序图（现在显示的是全部连接：在连接列表里选一个就导出它）。</extracomment>
        <translation>最新的连接的时序图（现在显示的是全部连接：在连接列表里选一个就导出它）。</translation>
    </message>
    <message>
        <source>Steps:</source>
        <extracomment>zh: 步骤：</extracomment>
        <translation>步骤：</translation>
    </message>
    <message>
        <source>All of them</source>
        <extracomment>zh: 全部</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <source>The handshake only</source>
        <extracomment>zh: 只到握手完成</extracomment>
        <translation>只到握手完成</translation>
    </message>
    <message>
        <source>Up to the current step (step %1)</source>
        <extracomment>zh: 到当前步骤（第 %1 步）为止</extracomment>
        <translation>到当前步骤（第 %1 步）为止</translation>
    </message>
    <message>
        <source>Frames:</source>
        <extracomment>zh: 画面：</extracomment>
        <translation>画面：</translation>
    </message>
    <message>
        <source>The ladder's own size (one picture)</source>
        <extracomment>zh: 时序图本身的大小（一张）</extracomment>
        <translation>时序图本身的大小（一张）</translation>
    </message>
    <message>
        <source>One picture per step (step-1, step-2 …): a slide per click</source>
        <extracomment>zh: 每一步一张（step-1、step-2……）：一次点击一张幻灯片</extracomment>
        <translation>每一步一张（step-1、step-2……）：一次点击一张幻灯片</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <extracomment>zh: 演示模式</extracomment>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Full screen, the chats folded away, the ladder larger in high contrast with the current arrow lit; F11 or Esc leaves; B or . blanks the screen (a presenter remote's keys)</source>
        <extracomment>zh: 全屏，收起聊天面板，时序图放大、高对比度，当前箭头高亮；F11 或 Esc 退出；B 或 . 黑屏（翻页笔的按键）</extracomment>
        <translation>全屏，收起聊天面板，时序图放大、高对比度，当前箭头高亮；F11 或 Esc 退出；B 或 . 黑屏（翻页笔的按键）</translation>
    </message>
    <message>
        <source>Black screen / back</source>
        <extracomment>zh: 黑屏 / 恢复</extracomment>
        <translation>黑屏 / 恢复</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <extracomment>zh: 配色</extracomment>
        <translation>配色</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <extracomment>zh: 浅色</extracomment>
        <translation>浅色</translation>
    </message>
    <message>
        <source>&amp;High contrast (projector)</source>
        <extracomment>zh: 高对比度（投影仪）</extracomment>
        <translation>高对比度（投影仪）</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <extracomment>zh: 深色</extracomment>
        <translation>深色</translation>
    </message>
    <message>
        <source>Numbers: &amp;relative</source>
        <extracomment>zh: 序号：相对(&amp;R)</extracomment>
        <translation>序号：相对(&amp;R)</translation>
    </message>
    <message>
        <source>Numbers: abso&amp;lute</source>
        <extracomment>zh: 序号：绝对(&amp;R)</extracomment>
        <translation>序号：绝对(&amp;R)</translation>
    </message>
    <message>
        <source>Open recen&amp;t</source>
        <extracomment>zh: 最近打开(&amp;T)</extracomment>
        <translation>最近打开(&amp;T)</translation>
    </message>
    <message>
        <source>Reading %1: %2 MB of %3 MB · %4 packets/s</source>
        <extracomment>zh: 正在读取 %1：%2 MB / %3 MB · 每秒 %4 个分组</extracomment>
        <translation>正在读取 %1：%2 MB / %3 MB · 每秒 %4 个分组</translation>
    </message>
    <message>
        <source>Cancel (keep what was read)</source>
        <extracomment>zh: 取消（保留已读的）</extracomment>
        <translation>取消（保留已读的）</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF handout (*.pdf);;SVG drawing (*.svg);;Animated PNG, the steps arriving (*.apng)</source>
        <extracomment>zh: PNG 图片 (*.png);;PDF 讲义 (*.pdf);;SVG 矢量图 (*.svg);;动画 PNG，逐步出现 (*.apng)</extracomment>
        <translation>PNG 图片 (*.png);;PDF 讲义 (*.pdf);;SVG 矢量图 (*.svg);;动画 PNG，逐步出现 (*.apng)</translation>
    </message>
</context>
<context>
    <name>hv::MessageText</name>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>, first %1 shown</source>
        <translation>，只显示前 %1 字节</translation>
    </message>
    <message>
        <source>; not valid UTF-8, shown with �</source>
        <translation>；不是合法的 UTF-8，无法解码处显示为 �</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <extracomment>zh: %1 KiB</extracomment>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <extracomment>zh: %1 MiB</extracomment>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>, first %1 characters shown</source>
        <extracomment>zh: ，只显示前 %1 个字符</extracomment>
        <translation>，只显示前 %1 个字符</translation>
    </message>
    <message>
        <source> in %1 recv() calls</source>
        <extracomment>zh: ，分 %1 次 recv() 收到</extracomment>
        <translation>，分 %1 次 recv() 收到</translation>
    </message>
    <message>
        <source>; the connection ended inside a UTF-8 character</source>
        <extracomment>zh: ；连接在一个 UTF-8 字符的中间结束了</extracomment>
        <translation>；连接在一个 UTF-8 字符的中间结束了</translation>
    </message>
</context>
<context>
    <name>hv::PredictPanel</name>
    <message>
        <source>Type a whole number from 0 to 4294967295.</source>
        <extracomment>zh: 请输入 0 到 4294967295 之间的整数。</extracomment>
        <translation>请输入 0 到 4294967295 之间的整数。</translation>
    </message>
    <message>
        <source>Score: %1 / %2</source>
        <extracomment>zh: 得分：%1 / %2</extracomment>
        <translation>得分：%1 / %2</translation>
    </message>
    <message>
        <source>Reset</source>
        <extracomment>zh: 清零</extracomment>
        <translation>清零</translation>
    </message>
    <message>
        <source>Start the score again from 0 / 0</source>
        <extracomment>zh: 把得分清零</extracomment>
        <translation>把得分清零</translation>
    </message>
    <message>
        <source>Check</source>
        <extracomment>zh: 检查</extracomment>
        <translation>检查</translation>
    </message>
    <message>
        <source>or type it, Enter</source>
        <extracomment>zh: 或者输入数字，按回车</extracomment>
        <translation>或者输入数字，按回车</translation>
    </message>
    <message>
        <source>Predict: press → and answer a question on each segment before it is shown.</source>
        <extracomment>zh: 预测模式：按 → 后，每个分节显示之前先回答一个关于它的问题。</extracomment>
        <translation>预测模式：按 → 后，每个分节显示之前先回答一个关于它的问题。</translation>
    </message>
</context>
<context>
    <name>hv::Session</name>
    <message>
        <source>Capturing on %1 (%2)</source>
        <extracomment>zh: 正在 %1 上抓包（%2）</extracomment>
        <translation>正在 %1 上抓包（%2）</translation>
    </message>
    <message>
        <source>Reading %1 (%2)</source>
        <extracomment>zh: 正在读取 %1（%2）</extracomment>
        <translation>正在读取 %1（%2）</translation>
    </message>
    <message>
        <source>cannot listen on %1: not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)</source>
        <extracomment>zh: 无法在 %1 上监听：这不是 IP 地址（例如 127.0.0.1、0.0.0.0 或 ::1）</extracomment>
        <translation>无法在 %1 上监听：这不是 IP 地址（可用 127.0.0.1、0.0.0.0 或 ::1 等）</translation>
    </message>
    <message>
        <source>no client is connected to the server: nothing was sent</source>
        <translation>没有客户端连着服务器：什么也没发出去</translation>
    </message>
    <message>
        <source>cannot write %1: no packets have been captured yet</source>
        <translation>无法写入 %1：还没有抓到任何分组</translation>
    </message>
    <message>
        <source>cannot open the bundled sample: copying it to %1 failed</source>
        <translation>无法打开自带的示例抓包：复制到 %1 失败</translation>
    </message>
    <message>
        <source>segment %1 is not in the timeline (it holds %2)</source>
        <translation>分节 %1 不在时间线中（时间线共有 %2 个分节）</translation>
    </message>
    <message>
        <source>frame %1: its raw bytes were not kept (no scratch directory for capture files)</source>
        <translation>第 %1 帧：没有保留它的原始字节（没有存放抓包文件的临时目录）</translation>
    </message>
    <message>
        <source>1 connection</source>
        <extracomment>zh: 1 个连接</extracomment>
        <translation>1 个连接</translation>
    </message>
    <message>
        <source>%1 connections</source>
        <extracomment>zh: %1 个连接</extracomment>
        <translation>%1 个连接</translation>
    </message>
    <message>
        <source>%1 packets, %2 TCP, %3</source>
        <extracomment>zh: %1 个分组，其中 TCP %2 个，%3</extracomment>
        <translation>%1 个分组，其中 TCP %2 个，%3</translation>
    </message>
    <message>
        <source>%1 is cut short at frame %2 (%3): the %4 packets before it are shown.</source>
        <extracomment>zh: %1 在第 %2 帧处被截断（%3）：显示的是它之前的 %4 个分组。</extracomment>
        <translation>%1 在第 %2 帧处被截断（%3）：显示的是它之前的 %4 个分组。</translation>
    </message>
    <message>
        <source>Back to the live session</source>
        <extracomment>zh: 回到实时会话</extracomment>
        <translation>回到实时会话</translation>
    </message>
    <message>
        <source>that client is no longer connected: nothing was sent</source>
        <translation>那个客户端已经断开：什么也没发出去</translation>
    </message>
    <message>
        <source>our server listens on %1, which takes IPv6 only (Qt binds "::" that way): an IPv4 connection to %2 does not reach it. Connect to [::1]:%3, or listen on 0.0.0.0:%3</source>
        <extracomment>zh: 我们的服务器监听 %1，只接受 IPv6 连接（Qt 把 “::” 绑定为仅 IPv6）：到 %2 的 IPv4 连接到不了它。请连接 [::1]:%3，或者监听 0.0.0.0:%3</extracomment>
        <translation>我们的服务器监听 %1，只接受 IPv6 连接（Qt 把 “::” 绑定为仅 IPv6）：到 %2 的 IPv4 连接到不了它。请连接 [::1]:%3，或者监听 0.0.0.0:%3</translation>
    </message>
    <message>
        <source>our server listens on %1, which takes IPv4 only: an IPv6 connection to %2 does not reach it. Connect to 127.0.0.1:%3</source>
        <extracomment>zh: 我们的服务器监听 %1，只接受 IPv4 连接：到 %2 的 IPv6 连接到不了它。请连接 127.0.0.1:%3</extracomment>
        <translation>我们的服务器监听 %1，只接受 IPv4 连接：到 %2 的 IPv6 连接到不了它。请连接 127.0.0.1:%3</translation>
    </message>
    <message>
        <source>our server listens on %1 only: a connection to %2 does not reach it, even on this machine. Connect to %1, or listen on 0.0.0.0:%3</source>
        <extracomment>zh: 我们的服务器只在 %1 上监听：到 %2 的连接到不了它，即使在同一台机器上。请连接 %1，或者监听 0.0.0.0:%3</extracomment>
        <translation>我们的服务器只在 %1 上监听：到 %2 的连接到不了它，即使在同一台机器上。请连接 %1，或者监听 0.0.0.0:%3</translation>
    </message>
    <message>
        <source>, dropped by the kernel: %1</source>
        <extracomment>zh: ，内核丢弃：%1</extracomment>
        <translation>，内核丢弃：%1</translation>
    </message>
    <message>
        <source>, dropped by the interface: %1</source>
        <extracomment>zh: ，网络接口丢弃：%1</extracomment>
        <translation>，网络接口丢弃：%1</translation>
    </message>
    <message>
        <source>Packets lost: of those the capture on %2 wanted, the kernel dropped %1, because its capture buffer (%3 KiB) was full. The ladder misses them and may show gaps or connections that look wrong. Send less at once (a smaller flood), or start the program again with a bigger buffer: --capture-buffer %4.</source>
        <extracomment>zh: 分组丢失：%2 上的抓包要的分组中，内核丢弃了 %1 个，因为抓包缓冲区（%3 KiB）满了。时序图里没有它们，可能出现缺口，或者连接看起来不对。请一次少发一些（更小的洪泛），或者用更大的缓冲区重新启动程序：--capture-buffer %4。</extracomment>
        <translation>分组丢失：%2 上的抓包要的分组中，内核丢弃了 %1 个，因为抓包缓冲区（%3 KiB）满了。时序图里没有它们，可能出现缺口，或者连接看起来不对。请一次少发一些（更小的洪泛），或者用更大的缓冲区重新启动程序：--capture-buffer %4。</translation>
    </message>
    <message>
        <source>The interface %2 itself dropped packets meanwhile: %1 (not necessarily ones this capture wanted); the ladder misses those too.</source>
        <extracomment>zh: 网络接口 %2 自己在此期间也丢弃了分组：%1 个（不一定是这次抓包要的），时序图里同样没有它们。</extracomment>
        <translation>网络接口 %2 自己在此期间也丢弃了分组：%1 个（不一定是这次抓包要的），时序图里同样没有它们。</translation>
    </message>
    <message>
        <source>From frame %1 on, the raw packets are no longer kept on disk (%2). The ladder goes on, but the bytes of those frames cannot be shown, and an exported .pcap ends before them. Free some disk space, then start the capture again.</source>
        <extracomment>zh: 从第 %1 帧起，原始分组不再保存到磁盘（%2）。时序图照常继续，但这些帧的字节无法显示，导出的 .pcap 也在它们之前结束。请腾出磁盘空间，然后重新开始抓包。</extracomment>
        <translation>从第 %1 帧起，原始分组不再保存到磁盘（%2）。时序图照常继续，但这些帧的字节无法显示，导出的 .pcap 也在它们之前结束。请腾出磁盘空间，然后重新开始抓包。</translation>
    </message>
    <message>
        <source>Read %1 to its end</source>
        <extracomment>zh: 已读完 %1</extracomment>
        <translation>已读完 %1</translation>
    </message>
    <message>
        <source>the live session has no earlier part</source>
        <extracomment>zh: 实时会话没有较早的部分</extracomment>
        <translation>实时会话没有较早的部分</translation>
    </message>
    <message>
        <source>To keep the live session under %1 MiB of memory, frames %2 to %3 (%4) stay on disk as earlier part %5; the ladder goes on from here. Nothing is lost: open the earlier part to see them, and a saved capture (.pcap) holds every packet.</source>
        <extracomment>zh: 为了让实时会话占用的内存不超过 %1 MiB，第 %2–%3 帧（%4）留在了磁盘上，成为较早的第 %5 部分；时序图从这里接着画。什么都没有丢：打开较早的部分可以看到它们，保存抓包（.pcap）会包含全部分组。</extracomment>
        <translation>为了让实时会话占用的内存不超过 %1 MiB，第 %2–%3 帧（%4）留在了磁盘上，成为较早的第 %5 部分；时序图从这里接着画。什么都没有丢：打开较早的部分可以看到它们，保存抓包（.pcap）会包含全部分组。</translation>
    </message>
    <message>
        <source>%2 in part %1 (the earlier parts on disk)</source>
        <extracomment>zh: 第 %1 部分有 %2（较早的部分在磁盘上）</extracomment>
        <translation>第 %1 部分有 %2（较早的部分在磁盘上）</translation>
    </message>
    <message>
        <source>The lab network, which needs no privileges, is unavailable too: %1. The other way out: ask for unprivileged user namespaces to be allowed (README, "Capture without root").</source>
        <extracomment>zh: 不需要权限的实验网络也不可用：%1。另一个办法：请管理员允许非特权用户命名空间（见 README 的“无需 root 的抓包”）。</extracomment>
        <translation>不需要权限的实验网络也不可用：%1。另一个办法：请管理员允许非特权用户命名空间（见 README 的“无需 root 的抓包”）。</translation>
    </message>
    <message>
        <source>Capturing on %1 in the lab network (%2): a private network of this program's own, no privileges needed; programs outside it cannot reach its server</source>
        <extracomment>zh: 正在实验网络的 %1 上抓包（%2）：这是本程序自己的私有网络，不需要任何权限；程序之外的软件连不到它的服务器</extracomment>
        <translation>正在实验网络的 %1 上抓包（%2）：这是本程序自己的私有网络，不需要任何权限；程序之外的软件连不到它的服务器</translation>
    </message>
    <message>
        <source>stop the server and disconnect the client first: their sockets stay on the host they were made on</source>
        <extracomment>zh: 先停止服务器、断开客户端：它们的套接字留在创建它们的主机上</extracomment>
        <translation>先停止服务器、断开客户端：它们的套接字留在创建它们的主机上</translation>
    </message>
    <message>
        <source>cannot change the lab's layout: %1</source>
        <extracomment>zh: 无法改变实验网络的布局：%1</extracomment>
        <translation>无法改变实验网络的布局：%1</translation>
    </message>
    <message>
        <source>Stopped reading %1: %2 frames read (%3 MB of %4 MB), all of them kept</source>
        <extracomment>zh: 已停止读取 %1：读了 %2 帧（%3 MB / %4 MB），已读的都保留</extracomment>
        <translation>已停止读取 %1：读了 %2 帧（%3 MB / %4 MB），已读的都保留</translation>
    </message>
    <message>
        <source>, seen again on a second interface and drawn once: %1</source>
        <extracomment>zh: ，在第二个接口上又看到并只画一次的分节：%1</extracomment>
        <translation>，在第二个接口上又看到并只画一次的分节：%1</translation>
    </message>
    <message>
        <source>%1 is beyond loopback: capturing on every interface (any) now, so that connections from other machines (on the network card) and from this one (on lo) are both seen</source>
        <extracomment>zh: %1 不在回环上：抓包改为所有接口（any），来自其他机器的连接走网卡，本机自己的连接走 lo</extracomment>
        <translation>%1 不在回环上：抓包改为所有接口（any），来自其他机器的连接走网卡，本机自己的连接走 lo</translation>
    </message>
    <message>
        <source>The server listens on every address, but this machine has no address besides loopback now: only programs on it can connect.</source>
        <extracomment>zh: 服务器监听所有地址，但这台机器现在除了回环没有别的地址：只有本机的程序能连上</extracomment>
        <translation>服务器监听所有地址，但这台机器现在除了回环没有别的地址：只有本机的程序能连上</translation>
    </message>
    <message>
        <source>%1 more</source>
        <extracomment>zh: 另外 %1 个</extracomment>
        <translation>另外 %1 个</translation>
    </message>
    <message>
        <source>Reachable from other machines: students connect to %1. Anyone on the network who can reach this machine can connect; stop the server after class.</source>
        <extracomment>zh: 其他机器可以连上这个服务器：学生连接 %1。网络上能到达这台机器的任何人都能连接，下课后请停止服务器。</extracomment>
        <translation>其他机器可以连上这个服务器：学生连接 %1。网络上能到达这台机器的任何人都能连接，下课后请停止服务器。</translation>
    </message>
</context>
<context>
    <name>hv::StartPage</name>
    <message>
        <source>Lessons: each classic situation in one click, on this machine's real Linux stack</source>
        <extracomment>zh: 课程：每种经典情形一键发生，在这台机器真实的 Linux 协议栈上</extracomment>
        <translation>课程：每种经典情形一键发生，在这台机器真实的 Linux 协议栈上</translation>
    </message>
    <message>
        <source>Each lesson sets up its sockets, runs and stops by itself; the ladder, its card and the kernel's own state appear side by side. Replay it as often as you like.</source>
        <extracomment>zh: 每节课自己建立套接字、运行、然后停下；时序图、卡片和内核自己的状态并排显示。可以重放。</extracomment>
        <translation>每节课自己建立套接字、运行、然后停下；时序图、卡片和内核自己的状态并排显示。可以重放。</translation>
    </message>
    <message>
        <source>Or: start the server and connect in the panes on either side, open a capture file, or look at the recorded sample.</source>
        <extracomment>zh: 或者：在两边的面板里启动服务器并连接，打开一个抓包文件，或者看录好的示例。</extracomment>
        <translation>或者：在两边的面板里启动服务器并连接，打开一个抓包文件，或者看录好的示例。</translation>
    </message>
    <message>
        <source>Open a capture file…</source>
        <extracomment>zh: 打开抓包文件…</extracomment>
        <translation>打开抓包文件…</translation>
    </message>
    <message>
        <source>Open the sample capture</source>
        <extracomment>zh: 打开示例抓包</extracomment>
        <translation>打开示例抓包</translation>
    </message>
    <message>
        <source>Show the ladder</source>
        <extracomment>zh: 显示时序图</extracomment>
        <translation>显示时序图</translation>
    </message>
    <message>
        <source> (lab network)</source>
        <extracomment>zh: （实验网络）</extracomment>
        <translation>（实验网络）</translation>
    </message>
</context>
<context>
    <name>hv::StepBar</name>
    <message>
        <source>Step controls</source>
        <extracomment>zh: 逐步控制</extracomment>
        <translation>逐步控制</translation>
    </message>
    <message>
        <source>First step</source>
        <extracomment>zh: 第一步</extracomment>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Back to the first step (Home)</source>
        <extracomment>zh: 回到第一步（Home）</extracomment>
        <translation>回到第一步（Home）</translation>
    </message>
    <message>
        <source>Previous step</source>
        <extracomment>zh: 上一步</extracomment>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Back one step (Left arrow)</source>
        <extracomment>zh: 后退一步（←）</extracomment>
        <translation>后退一步（←）</translation>
    </message>
    <message>
        <source>Next step</source>
        <extracomment>zh: 下一步</extracomment>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Forward one step: its arrow travels from sender to receiver (Right arrow)</source>
        <extracomment>zh: 前进一步，箭头从发送方飞向接收方（→）</extracomment>
        <translation>前进一步，箭头从发送方飞向接收方（→）</translation>
    </message>
    <message>
        <source>Last step</source>
        <extracomment>zh: 最后一步</extracomment>
        <translation>最后一步</translation>
    </message>
    <message>
        <source>Jump to the last step (End)</source>
        <extracomment>zh: 跳到最后一步（End）</extracomment>
        <translation>跳到最后一步（End）</translation>
    </message>
    <message>
        <source>Speed:</source>
        <extracomment>zh: 速度：</extracomment>
        <translation>速度：</translation>
    </message>
    <message>
        <source>Playing speed: at 1× one step every 0.6 s</source>
        <extracomment>zh: 播放速度：1× 约每 0.6 秒一步</extracomment>
        <translation>播放速度：1× 时每 0.6 秒一步</translation>
    </message>
    <message>
        <source>Wait for me</source>
        <extracomment>zh: 等等我</extracomment>
        <translation>等等我</translation>
    </message>
    <message>
        <source>Live traffic: new steps queue up and appear only when you press Right arrow or Space, instead of playing by themselves</source>
        <extracomment>zh: 实时抓包时，新的步骤先排队，按 → 或空格才显示，而不是自动播放</extracomment>
        <translation>实时抓包时，新的步骤先排队，按 → 或空格才显示，而不是自动播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <extracomment>zh: 暂停</extracomment>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <extracomment>zh: 暂停（空格）</extracomment>
        <translation>暂停（空格）</translation>
    </message>
    <message>
        <source>Play</source>
        <extracomment>zh: 播放</extracomment>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the steps one after another (Space)</source>
        <extracomment>zh: 自动逐步播放（空格）</extracomment>
        <translation>自动逐步播放（空格）</translation>
    </message>
    <message>
        <source>No steps yet</source>
        <extracomment>zh: 还没有步骤</extracomment>
        <translation>还没有步骤</translation>
    </message>
    <message>
        <source>Step %1 / %2</source>
        <extracomment>zh: 第 %1 步 / 共 %2 步</extracomment>
        <translation>第 %1 步 / 共 %2 步</translation>
    </message>
    <message numerus="yes">
        <source> (%n waiting)</source>
        <extracomment>zh: （%n 步等待中）</extracomment>
        <translation>
            <numerusform>（%n 步等待中）</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick one connection to step through it</source>
        <extracomment>zh: 选一个连接来逐步查看</extracomment>
        <translation>选一个连接来逐步查看</translation>
    </message>
    <message>
        <source>Predict</source>
        <extracomment>zh: 先预测</extracomment>
        <translation>先预测</translation>
    </message>
    <message>
        <source>Predict, then see: before each segment is shown, answer a question made from its real numbers (Ctrl+Shift+P)</source>
        <extracomment>zh: 先预测，再揭晓：每个分节显示之前，先回答一个由它的真实数值生成的问题（Ctrl+Shift+P）</extracomment>
        <translation>先预测，再揭晓：每个分节显示之前，先回答一个由它的真实数值生成的问题（Ctrl+Shift+P）</translation>
    </message>
</context>
</TS>