#pragma once
// One side of the chat: where it listens or connects, what was said, and a box to type in.
// It only shows and asks; the session decides what happens.
#include "ChatServer.h" // hv::PeerInfo

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace hv {

class ChatInput;

class ChatPane : public QWidget {
    Q_OBJECT
public:
    enum class Role { Client, Server };
    // What a transcript line shows of a message at most.
    static constexpr qsizetype kShownChars = 4096;
    static constexpr int kShownLines = 24;
    static constexpr int kProgressMs = 250; // the progress is redrawn at most this often
    explicit ChatPane(Role role, QWidget *parent = nullptr);

    Role role() const { return role_; }
    QString host() const;
    quint16 port() const;
    void setEndpoint(const QString &host, quint16 port);
    QString input() const;

    // Connected (client) or listening (server): flips the main button and enables sending.
    void setActive(bool active);
    bool isActive() const { return active_; }
    void setBusy(bool busy); // connecting: the button cancels

    // A message on its way: the transcript shows its beginning and its size, never megabytes.
    void appendSent(const QString &text, qsizetype bytes);
    void appendReceived(const QString &peer, const QString &text, const QString &note);
    // How far the kernel has taken what was sent ("sending… 64 KiB of 1.0 MiB", then "sent"),
    // under the transcript, redrawn a few times a second at most.
    void showSendProgress(qint64 written, qint64 total, bool over);
    QString sendStatus() const;
    void appendEvent(const QString &text);
    void showProblem(const QString &message); // inline, where the user looks; kept until the next action
    // A warning that holds while the pane stays as it is (the server reachable from other
    // machines); "" takes it away.
    void showNotice(const QString &message);
    QString notice() const;
    void clearInput();
    void retranslate();
    // The server's connected clients; Send goes to selectedPeer() (0: all of them).
    void setPeers(const QList<PeerInfo> &peers);
    uint32_t selectedPeer() const;
    QComboBox *peerBox() const { return peers_; }

    // Widgets a test or a presenter shortcut may drive.
    QPushButton *mainButton() const { return mainButton_; }
    QPushButton *sendButton() const { return sendButton_; }
    ChatInput *inputEdit() const { return input_; }
    QPlainTextEdit *transcript() const { return transcript_; }
    QCheckBox *holdAcceptBox() const { return holdAccept_; }
    QCheckBox *dropSynBox() const { return dropSyn_; }
    // "End each message with a newline" (on by default): what a line-reading peer (nc, the
    // tutorial's client) needs to show messages apart. The session sends what bytes() gives.
    QCheckBox *newlineBox() const { return newline_; }
    bool endsMessagesWithNewline() const;
    void setEndsMessagesWithNewline(bool on);
    // What a message typed as `text` puts on the wire: its UTF-8, and the newline if asked for
    // (not a second one when the text ends with one already).
    QByteArray bytes(const QString &text) const;
    // A problem shown with a tag goes by itself once it no longer holds (clearProblem(tag)):
    // "inactive" (nothing to send to: cleared when connected or listening), "no-peer" (the
    // server has no client: cleared when one connects).
    void showProblem(const QString &message, const QString &tag);
    void clearProblem(const QString &tag);
    QString problem() const;
    // The client's "drop the first SYN": usable in the lab network only (the note says why not).
    void setLab(bool lab);

Q_SIGNALS:
    void startRequested(const QString &host, quint16 port); // listen / connect
    void portEdited(quint16 port, quint16 previous);         // the user changed the port (not setEndpoint())
    void stopRequested();                                    // stop / disconnect
    void sendRequested(const QString &text);
    void holdAcceptChanged(bool hold);
    void dropSynChanged(bool drop); // the lab's kernel drops the first SYN of each Connect

private:
    void onMainButton();
    void paintProgress();
    void updateInputNote();
    void followTranscript(); // new lines scroll into view unless the user scrolled up on purpose
    bool followsTranscript_ = true;
    bool settingEndpoint_ = false;
    quint16 lastPort_ = 0; // the port box's value before its latest change

    Role role_;
    bool active_ = false;
    bool busy_ = false;
    QLabel *title_ = nullptr;
    QLabel *hostLabel_ = nullptr;
    QLabel *portLabel_ = nullptr;
    QLineEdit *host_ = nullptr;
    QSpinBox *port_ = nullptr;
    QPushButton *mainButton_ = nullptr;
    QCheckBox *holdAccept_ = nullptr;
    QLabel *holdAcceptNote_ = nullptr;
    QCheckBox *dropSyn_ = nullptr;
    QLabel *dropSynNote_ = nullptr;
    bool lab_ = false;
    QPlainTextEdit *transcript_ = nullptr;
    ChatInput *input_ = nullptr;
    QLabel *inputNote_ = nullptr;   // what the box does with a text too long to edit
    QLabel *sendStatus_ = nullptr;  // sending… / sent
    QTimer *progressClock_ = nullptr;
    qint64 progressWritten_ = 0, progressTotal_ = 0;
    bool progressOver_ = true;
    bool progressShown_ = false;
    QPushButton *sendButton_ = nullptr;
    QLabel *problem_ = nullptr;
    QLabel *inputProblem_ = nullptr; // a tagged problem: next to the input it is about
    QString problemTag_;
    QCheckBox *newline_ = nullptr;
    QLabel *notice_ = nullptr;
    QComboBox *peers_ = nullptr; // server only
    QLabel *peersLabel_ = nullptr;
    QList<PeerInfo> peerList_;
};

} // namespace hv
