#pragma once
// Lessons: each classic situation of connection setup and teardown, made to happen for real on
// this machine's Linux stack by a short script of the session's own actions (listen, connect,
// hold accept(), drop segments in the lab, half-close, abort, bind again), in one click or
// headless (--lesson NAME). A lesson stops by itself; the ladder, the explanations and the card
// (goal, what to watch, a question) tell the rest. Every lesson works on the host's network where
// capture is allowed; those that drop segments need the lab network (LabImpairments).
#include "LabImpairments.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QProcess;

namespace hv {

class Session;

enum class LessonId : uint8_t {
    Handshake,  // the three-way handshake
    AcceptHeld, // the kernel does the handshake, not accept()
    QueueFull,  // backlog 1, accept held, four clients: the kernel drops what does not fit
    Refused,    // nothing listens: RST, ECONNREFUSED
    LostSyn,    // the first SYNs dropped: the kernel's backoff
    LostSynAck, // the SYN+ACK dropped: the server sends it again
    LostAck,    // the final ACK dropped: the data completes the handshake
    Abort,      // SO_LINGER 0: RST instead of FIN, no TIME_WAIT
    HalfClose,  // shutdown(SHUT_WR): the other side still sends
    SimultaneousClose, // both FINs cross (the client's first one lost in the lab): CLOSING
    SimultaneousOpen,  // two connect()s to each other, no listener: the SYNs cross (the first each way lost in the lab)
    TimeWait,   // the active closer waits; bind() again: EADDRINUSE, or SO_REUSEADDR
    RandomIsn,  // the same connection twice: raw ISNs differ, relative ones do not
    Tutorial,   // the tutorial's own server.c and client.c, compiled here, against ours
    Count
};

struct LessonInfo {
    LessonId id;
    const char *name; // on the command line: --lesson NAME
    bool needsLab;    // it drops segments: the lab network only
};
const std::vector<LessonInfo> &allLessons();
std::optional<LessonId> lessonNamed(const QString &name);
const LessonInfo &lessonInfo(LessonId id);

// The card shown beside the ladder, in the language of the moment.
struct LessonCard {
    QString title;
    QString goal;
    QString watch;
    QString question;
};
LessonCard lessonCard(LessonId id);

// Runs one lesson on a session: stops the server and the client first, sets what the lesson
// needs, runs its script (each step an action, then a condition to wait for, with a time limit),
// and puts the session's own settings back at the end.
class LessonRunner : public QObject {
    Q_OBJECT
public:
    explicit LessonRunner(Session &session, QObject *parent = nullptr);
    ~LessonRunner() override;

    // False with *error when it cannot run here (it needs the lab and this is the host's network).
    bool start(LessonId id, QString *error);
    void stop(); // ends the running lesson at once (finished() with ok = false)
    bool isRunning() const { return running_; }

Q_SIGNALS:
    void started(hv::LessonId id);
    void progress(const QString &what); // what the lesson does now, for the status line
    void finished(hv::LessonId id, bool ok, const QString &message);

private:
    struct Step {
        QString what;                 // said when the step starts
        std::function<void()> act;
        std::function<bool()> until;  // the step is over when this holds
        int timeoutMs = 10000;        // or this long: the lesson fails, saying which step
    };
    void build(LessonId id);
    void next();
    void poll();
    void end(bool ok, const QString &message);

    Session &session_;
    LessonId id_ = LessonId::Handshake;
    bool running_ = false;
    std::vector<Step> steps_;
    size_t next_ = 0;
    QTimer poll_;
    QElapsedTimer stepClock_;
    QString host_;
    quint16 port_ = 6666;
    // What the lesson changed, put back at the end.
    bool acceptPausedBefore_ = false;
    int backlogBefore_ = 0;
    std::optional<std::vector<DropRequest>> dropsBefore_;
    // What the script saw.
    bool refused_ = false;
    bool clientGone_ = false;
    int serverReceived_ = 0;
    int clientReceived_ = 0;
    int64_t overflowsBefore_ = -1, overflowsAfter_ = -1; // TcpExt ListenOverflows around the full-queue lesson
    int bindWithout_ = 0, bindWith_ = 0; // the TIME_WAIT lesson's two bind()s: their errno
    std::vector<QMetaObject::Connection> watches_;
    std::vector<class ChatClient *> extra_;
    // The simultaneous open's two sockets (each bound to the port the other connects to).
    std::unique_ptr<class StreamSocket> openA_, openB_;
    int openConnected_ = 0;
    int openError_ = 0;
    // The tutorial lesson: its compiled programs, the one running, what it printed.
    QString tutorialServer_, tutorialClient_;
    std::unique_ptr<QProcess> program_;
    QByteArray programOutput_;
    QString compilerMissing_; // why the tutorial's programs could not be built ("": they were)
    void runProgram(const QString &path, const QByteArray &input);
    void openBoth(); // the simultaneous open's two connect()s
    // The first n extra clients (made as needed): connect to the lesson's server, close, or all pass `test`.
    void connectExtras(int n);
    void closeExtras(int n);
    bool extrasAll(int n, bool (*test)(class ChatClient *)) const;
    void endProgram(); // the session's extra clients a lesson made (kept for a replay)
};

} // namespace hv
