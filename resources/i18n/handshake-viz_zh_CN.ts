<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <translation>连接 %1 · 握手 %2 · %3</translation>
    </message>
    <message>
        <source>No TCP connection yet</source>
        <translation>还没有 TCP 连接</translation>
    </message>
    <message>
        <source>SYN: open</source>
        <translation>SYN:建立</translation>
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
        <translation>FIN:关闭</translation>
    </message>
    <message>
        <source>RST: abort</source>
        <translation>RST:复位</translation>
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
        <translation>异常:%1</translation>
    </message>
    <message>
        <source>↻ retransmission: sent again, same Seq</source>
        <translation>↻ 重传:同样的 Seq 又发了一次</translation>
    </message>
    <message>
        <source>RST: nothing listens on this port, connect() fails</source>
        <translation>RST:这个端口上没有程序在监听,connect() 失败</translation>
    </message>
    <message>
        <source>RST: the connection is aborted</source>
        <translation>RST:连接被强行中止</translation>
    </message>
    <message>
        <source>initial sequence number (ISN) %1, shown as 0</source>
        <translation>初始序号 (ISN) %1,相对序号显示为 0</translation>
    </message>
    <message>
        <source>initial sequence number (ISN) %1</source>
        <translation>初始序号 (ISN) %1</translation>
    </message>
    <message>
        <source>ack = %1 + 1: a SYN takes one sequence number</source>
        <translation>ack = %1 + 1:SYN 占用一个序号</translation>
    </message>
    <message>
        <source>a FIN takes one sequence number: next seq = %1 + %2 + 1 = %3</source>
        <translation>FIN 占用一个序号:下一个 seq = %1 + %2 + 1 = %3</translation>
    </message>
    <message>
        <source>a FIN takes one sequence number: next seq = %1 + 1 = %2</source>
        <translation>FIN 占用一个序号:下一个 seq = %1 + 1 = %2</translation>
    </message>
    <message>
        <source>next seq = seq + len = %1 + %2 = %3</source>
        <translation>下一个 seq = seq + len = %1 + %2 = %3</translation>
    </message>
    <message>
        <source>ack = %1 + 1: the server's SYN takes one too</source>
        <translation>ack = %1 + 1:服务器的 SYN 同样占用一个序号</translation>
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
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>hv</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1:%2</translation>
    </message>
    <message>
        <source>the image (%1 x %2 px) is too large for memory</source>
        <translation>图像 (%1 x %2 像素) 太大,内存放不下</translation>
    </message>
    <message>
        <source>Picture cut at %1 px: %2 more steps are not drawn. The .svg and .txt exports hold them all.</source>
        <translation>图像在 %1 像素处截断:还有 %2 步没有画出。.svg 和 .txt 导出包含全部步骤。</translation>
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
        <translation>绘图需要 QGuiApplication(请使用 offscreen 平台)</translation>
    </message>
    <message>
        <source>the raw packets are written by the capture, not from the timeline</source>
        <translation>原始分组由抓包部分写出,不能从时间线生成</translation>
    </message>
    <message>
        <source>unknown export format '%1' (use %2)</source>
        <translation>未知的导出格式 '%1'(可用 %2)</translation>
    </message>
</context>
<context>
    <name>hv::ChatClient</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>after the server closed</source>
        <translation>在服务器关闭之后</translation>
    </message>
    <message>
        <source>the server %1 closed the connection</source>
        <translation>服务器 %1 关闭了连接</translation>
    </message>
    <message>
        <source>connection to %1 refused: nothing is listening there (start the server first); the kernel answered the SYN with RST</source>
        <translation>连接 %1 被拒绝:那里没有程序在监听(请先启动服务器);内核用 RST 回应了 SYN</translation>
    </message>
    <message>
        <source>cannot connect to %1: host not found</source>
        <translation>无法连接 %1:找不到主机</translation>
    </message>
    <message>
        <source>connection to %1 timed out: no SYN+ACK came back</source>
        <translation>连接 %1 超时:没有收到 SYN+ACK</translation>
    </message>
    <message>
        <source>connection to %1 failed: network unreachable (%2)</source>
        <translation>连接 %1 失败:网络不可达 (%2)</translation>
    </message>
    <message>
        <source>connection to %1: %2</source>
        <translation>连接 %1:%2</translation>
    </message>
    <message>
        <source>abort: reset the connection</source>
        <translation>abort:复位连接</translation>
    </message>
    <message>
        <source>not connected: connect to the server before sending</source>
        <translation>未连接:请先连接服务器再发送</translation>
    </message>
</context>
<context>
    <name>hv::ChatPane</name>
    <message>
        <source>Server (QTcpServer)</source>
        <translation>服务器 (QTcpServer)</translation>
    </message>
    <message>
        <source>Client (QTcpSocket)</source>
        <translation>客户端 (QTcpSocket)</translation>
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
        <translation>127.0.0.1 只接受本机的连接;0.0.0.0(即教程里的 INADDR_ANY 通配地址)接受发往本机任何地址的连接</translation>
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
        <source>Hold accept(): the kernel still completes the handshake</source>
        <translation>暂停 accept():内核照样完成握手</translation>
    </message>
    <message>
        <source>While held, new connections finish the three-way handshake and wait in the accept queue; accept() returns when you release it.</source>
        <translation>暂停期间,新连接照样完成三次握手,并在已完成连接队列里等待;取消暂停后 accept() 才返回。</translation>
    </message>
    <message>
        <source>Type a message, Enter sends</source>
        <translation>输入消息,按回车发送</translation>
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
        <translation>%1  我 → %2   (%3)</translation>
    </message>
    <message>
        <source>%1  %2 → me: %3   (%4)</source>
        <translation>%1  %2 → 我:%3   (%4)</translation>
    </message>
</context>
<context>
    <name>hv::ChatServer</name>
    <message>
        <source>the port is already in use (another server, or the tutorial's server, is listening there); stop it or pick another port</source>
        <translation>端口已被占用(另一个服务器,或者教程里的服务器,正在那里监听);请先停掉它,或者换一个端口</translation>
    </message>
    <message>
        <source>this machine has no such address</source>
        <translation>本机没有这个地址</translation>
    </message>
    <message>
        <source>permission denied (ports below 1024 need privileges)</source>
        <translation>权限不够(1024 以下的端口需要特权)</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>无法在 %1 上监听:%2</translation>
    </message>
    <message>
        <source>%1 backlog %2</source>
        <translation>%1 backlog %2</translation>
    </message>
    <message>
        <source>accept() failed: %1</source>
        <translation>accept() 失败:%1</translation>
    </message>
    <message>
        <source>listening socket %1</source>
        <translation>监听套接字 %1</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1,来自 %2</translation>
    </message>
    <message>
        <source>connection with %1: %2</source>
        <translation>与 %1 的连接:%2</translation>
    </message>
    <message>
        <source>returns 0: %1 closed its side</source>
        <translation>返回 0:%1 关闭了它那一端</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1,发往 %2</translation>
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
        <translation>Seq=%1 Ack=%2(绝对值 %3 / %4)</translation>
    </message>
    <message>
        <source>Win=%1 (scaled %2)</source>
        <translation>Win=%1(缩放后 %2)</translation>
    </message>
</context>
<context>
    <name>hv::MainWindow</name>
    <message>
        <source>Handshake Visualizer — TCP three-way handshake</source>
        <translation>握手可视化 — TCP 三次握手</translation>
    </message>
    <message>
        <source>&amp;Open capture…</source>
        <translation>打开抓包文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .pcap or .pcapng file (Ctrl+O)</source>
        <translation>打开 .pcap 或 .pcapng 文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the ladder as PNG, SVG, text, JSON or the raw packets as .pcap (Ctrl+E)</source>
        <translation>把时序图导出为 PNG、SVG、文本、JSON,或把原始分组导出为 .pcap (Ctrl+E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Relative sequence numbers</source>
        <translation>相对序号(&amp;R)</translation>
    </message>
    <message>
        <source>Relative numbers start at 0 with each side's SYN; off shows the raw 32-bit numbers (Ctrl+R)</source>
        <translation>相对序号从每一方的 SYN 开始计为 0;关掉则显示原始的 32 位序号 (Ctrl+R)</translation>
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
        <source>PNG image (*.png);;SVG drawing (*.svg);;Text (*.txt);;JSON (*.json);;Raw packets for Wireshark (*.pcap)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;文本 (*.txt);;JSON (*.json);;给 Wireshark 用的原始分组 (*.pcap)</translation>
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
        <translation>,只显示前 %1 字节</translation>
    </message>
    <message>
        <source>; not valid UTF-8, shown with �</source>
        <translation>;不是合法的 UTF-8,无法解码处显示为 �</translation>
    </message>
</context>
<context>
    <name>hv::Session</name>
    <message>
        <source>Capturing on %1 (%2)</source>
        <translation>正在 %1 上抓包 (%2)</translation>
    </message>
    <message>
        <source>Reading %1 (%2)</source>
        <translation>正在读取 %1 (%2)</translation>
    </message>
    <message>
        <source>%1 packets, %2 TCP, %3 connections</source>
        <translation>%1 个分组,%2 个 TCP,%3 个连接</translation>
    </message>
    <message>
        <source>cannot listen on %1: not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)</source>
        <translation>无法在 %1 上监听:这不是 IP 地址(可用 127.0.0.1、0.0.0.0 或 ::1 等)</translation>
    </message>
    <message>
        <source>no client is connected to the server: nothing was sent</source>
        <translation>没有客户端连着服务器:什么也没发出去</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1:%2</translation>
    </message>
    <message>
        <source>cannot write %1: no packets have been captured yet</source>
        <translation>无法写入 %1:还没有抓到任何分组</translation>
    </message>
</context>
</TS>