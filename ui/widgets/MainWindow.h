#pragma once
// Lays out the client pane, the ladder and the server pane, with menus and a toolbar. It holds no
// logic: it shows, and tells what the user asked for through signals.
#include "LabDialog.h"
#include "LessonCardView.h"
#include "LadderPainter.h"
#include "Slides.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace hv {

class Banner;
class ChatPane;
class DetailsPanel;
struct FrameRequest;
class ConnectionList;
class ExplanationPanel;
class LadderView;
class PredictPanel;
class Quiz;
class StartPage;
class StepBar;
class Stepper;
class Timeline;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Timeline *timeline, QWidget *parent = nullptr);

    ChatPane *clientPane() const { return clientPane_; }
    ChatPane *serverPane() const { return serverPane_; }
    LadderView *ladderView() const { return ladder_; }
    DetailsPanel *detailsPanel() const { return details_; }
    QDockWidget *detailsDock() const { return detailsDock_; }
    // Opens the details dock on one frame (loaded in the background); Esc closes it.
    void showDetails(const FrameRequest &request);
    ConnectionList *connectionList() const { return connections_; }
    Stepper *stepper() const { return stepper_; }
    StepBar *stepBar() const { return stepBar_; }
    ExplanationPanel *explanationPanel() const { return explanation_; }
    Quiz *quiz() const { return quiz_; }
    PredictPanel *predictPanel() const { return predict_; }

    Banner *banner() const { return banner_; }
    // What the window shows: a capture file (its path) or, when that is empty, the live session
    // on `liveInterface`. Named in the title; "Back to live" is enabled for a file.
    void setDocument(const QString &filePath, const QString &liveInterface);
    // Shows another document: a capture file's timeline, or the live one again.
    void setTimeline(Timeline *timeline);
    Timeline *timeline() const { return timeline_; }

    // Presentation mode (F11, View → Present, --present): full screen, the chats and bars put
    // away, the ladder larger in high contrast with the current arrow spotlit; F11 or Esc leaves.
    void setPresenting(bool on);
    bool isPresenting() const { return presenting_; }
    // The ladder's colours (View → Theme); presentation mode picks high contrast over light.
    void setTheme(LadderTheme theme);

    // What the settings keep (app/Settings): the numbering, the state names, the theme, the last
    // folder a file dialog was in, the recent files (File → Open recent), the splitters.
    QAction *relativeAction() const { return relativeAction_; }
    StateNaming stateNamingShown() const { return naming_; }
    void setStateNamingShown(StateNaming naming);
    LadderTheme theme() const { return theme_; }
    QString lastFolder() const { return lastFolder_; }
    void setLastFolder(const QString &folder) { lastFolder_ = folder; }
    void setRecentFiles(const QStringList &paths);
    QStringList recentFiles() const { return recentFiles_; }
    QByteArray splitterState() const;
    void restoreSplitterState(const QByteArray &state);

    // Reading a capture file: how far (bytes of the file, packets a second) with Cancel, in the
    // status bar until hideReadProgress().
    void showReadProgress(const QString &file, qint64 done, qint64 total, quint64 packets, qint64 elapsedMs);
    void hideReadProgress();

    void showStatus(const QString &message);
    void showProblem(const QString &message);
    // The packet counts of the document shown, kept at the right of the status bar (messages
    // and problems on the left never hide them, nor they a message).
    void showCounts(const QString &counts);
    // The live session's memory limit the dialog starts from (MiB; 0: none).
    void setMemoryLimit(qint64 mib) { memoryLimitMiB_ = mib; }
    // The Lab menu: usable in the lab network only (whyNot says why not, as its tooltip); the
    // dialog starts from `current`, and asks `layoutNote` why the layout cannot change now.
    void setLab(bool inLab, const QString &whyNot);
    void setLabSettings(const LabSettings &current) { labSettings_ = current; }
    void setLabLayoutNote(std::function<QString()> layoutNote) { labLayoutNote_ = std::move(layoutNote); }
    // The Lessons menu: `count` lessons, each carded by `card` (asked again when the language
    // changes); `needsLab` marks those that drop segments.
    void setLessons(int count, std::function<LessonCardText(int)> card, std::function<bool(int)> needsLab);
    // The card of lesson `index` beside the ladder, and a word on how it goes ("running…", its outcome).
    void showLesson(int index);
    void setLessonState(const QString &state);
    LessonCardView *lessonCard() const { return lessonCard_; }
    // Before anything happened on the live session, the lessons list stands where the ladder will
    // be; Lessons → All lessons shows it again, a lesson or "Show the ladder" hides it.
    StartPage *startPage() const { return startPage_; }
    bool showsStartPage() const;

Q_SIGNALS:
    void openRequested(const QString &path);
    void sampleRequested();
    void liveRequested(); // "Back to live"
    void exportRequested(const QString &path);
    // File → Export worksheet…: `path` (.png .svg .pdf) with `blanks` (LadderBlank bits) left blank.
    void worksheetRequested(const QString &path, quint8 blanks);
    // File → Export slides…: the connection shown (or the latest), the steps and frames chosen.
    void slidesRequested(const QString &path, const hv::SlideOptions &options);
    void languageRequested(const QString &code); // "zh" or "en"
    void memoryLimitRequested(qint64 mib);       // File → Memory limit… (0: none)
    void labSettingsRequested(const hv::LabSettings &settings); // Lab → Layout and losses…, OK
    void labTerminalRequested(bool serverHost);  // Lab → Open a terminal on the client / server host
    void lessonRequested(int index);             // Lessons → one of them, or the card's Replay
    void readCancelRequested();                  // Cancel beside a file being read

protected:
    void changeEvent(QEvent *event) override;
    // A capture file dropped on the window opens.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDetailsDock();
    QWidget *ladderColumn();
    void wireStepping();
    void retranslate();
    void askMemoryLimit();
    void askLab();
    void updateTitle();
    void askOpen();
    void askExport();
    void askWorksheet();
    void askSlides();

    ChatPane *clientPane_ = nullptr;
    ChatPane *serverPane_ = nullptr;
    LadderView *ladder_ = nullptr;
    QDockWidget *detailsDock_ = nullptr;
    DetailsPanel *details_ = nullptr;
    QAction *hideDetailsAction_ = nullptr;
    ConnectionList *connections_ = nullptr;
    Timeline *timeline_ = nullptr;
    Stepper *stepper_ = nullptr; // the step-by-step state; the widgets below only show it
    StepBar *stepBar_ = nullptr;
    ExplanationPanel *explanation_ = nullptr;
    Quiz *quiz_ = nullptr;          // predict, then see: holds the stepper before each segment
    PredictPanel *predict_ = nullptr;
    QLabel *statusLabel_ = nullptr;
    QLabel *countsLabel_ = nullptr;
    QWidget *readBox_ = nullptr;
    QLabel *readLabel_ = nullptr;
    QProgressBar *readBar_ = nullptr;
    QPushButton *readCancel_ = nullptr;
    QAction *openAction_ = nullptr;
    QAction *memoryAction_ = nullptr;
    qint64 memoryLimitMiB_ = 0;
    QMenu *labMenu_ = nullptr;
    QAction *labAction_ = nullptr;
    QAction *clientTerminalAction_ = nullptr;
    QAction *serverTerminalAction_ = nullptr;
    bool inLab_ = false;
    QString labWhyNot_;
    LabSettings labSettings_;
    std::function<QString()> labLayoutNote_;
    QMenu *lessonsMenu_ = nullptr;
    QMenu *stateNamesMenu_ = nullptr;
    QAction *namesUnp_ = nullptr, *namesRfc_ = nullptr, *namesSs_ = nullptr;
    LessonCardView *lessonCard_ = nullptr;
    StartPage *startPage_ = nullptr;
    QStackedWidget *ladderStack_ = nullptr;
    QAction *startPageAction_ = nullptr;
    bool startAsked_ = false;     // Lessons → All lessons
    bool startDismissed_ = false; // "Show the ladder", or anything started
    void updateStartPage();
    std::function<LessonCardText(int)> lessonText_;
    std::function<bool(int)> lessonNeedsLab_;
    int lessonCount_ = 0;
    int currentLesson_ = -1;
    void fillLessonsMenu();
    QAction *exportAction_ = nullptr;
    QAction *worksheetAction_ = nullptr;
    QAction *slidesAction_ = nullptr;
    QAction *sampleAction_ = nullptr;
    QAction *backToLiveAction_ = nullptr;
    Banner *banner_ = nullptr;
    QString documentFile_;
    QString liveInterface_ = QStringLiteral("lo");
    QAction *quitAction_ = nullptr;
    QAction *relativeAction_ = nullptr;
    QAction *zoomInAction_ = nullptr;
    QAction *zoomOutAction_ = nullptr;
    QAction *zoomResetAction_ = nullptr;
    QAction *chineseAction_ = nullptr;
    QAction *englishAction_ = nullptr;
    QMenu *fileMenu_ = nullptr;
    QMenu *viewMenu_ = nullptr;
    QMenu *languageMenu_ = nullptr;
    QToolBar *toolBar_ = nullptr;
    bool presenting_ = false;
    StateNaming naming_ = StateNaming::Unp;
    QString lastFolder_;
    QStringList recentFiles_;
    QMenu *recentMenu_ = nullptr;
    QSplitter *mainSplitter_ = nullptr, *centreSplitter_ = nullptr;
    void fillRecentMenu();
    void showRelativeState();
    bool wasMaximized_ = false;
    qreal zoomBeforePresenting_ = 1.0;
    LadderTheme theme_ = LadderTheme::Light;
    QAction *presentAction_ = nullptr;
    QAction *leavePresentAction_ = nullptr;
    QAction *blackAction_ = nullptr;
    QAction *themeLight_ = nullptr, *themeContrast_ = nullptr, *themeDark_ = nullptr;
    QMenu *themeMenu_ = nullptr;
    QWidget *black_ = nullptr; // B or . while presenting: the screen goes black, as a presenter remote asks
    void applyTheme();
};

} // namespace hv
