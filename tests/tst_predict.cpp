// Predict, then see: the questions made from a real capture and their right answers, held to
// TCP's own arithmetic (a known conversation, frame by frame) and to tshark's fields on many
// generated connections; the quiz holding the stepper, a wrong answer marked wrong, the score.
#include "Predict.h"
#include "Session.h"
#include "Stepper.h"
#include "TestSupport.h"

#include <QApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace hv;

namespace {

using Kind = PredictQuestion::Kind;

std::unique_ptr<Session> open(const QString &path)
{
    auto s = std::make_unique<Session>();
    QSignalSpy finished(s.get(), &Session::captureFinished);
    s->openFile(path);
    if (!finished.wait(30000))
        return nullptr;
    return s;
}

// The step of frame `frame` (1-based) in a connection's ladder.
std::optional<TimelineStep> stepOfFrame(const Timeline &t, uint32_t frame)
{
    for (size_t i = 0; i < t.segmentCount(); ++i)
        if (t.segment(i).frame == frame)
            return TimelineStep{TimelineStep::Kind::Segment, uint32_t(i), t.segment(i).timeUs};
    return std::nullopt;
}

// Every question is well formed: 2 to 4 distinct choices, exactly one of them the answer.
bool wellFormed(const PredictQuestion &q, QString *why)
{
    if (q.choices.size() < 2 || q.choices.size() > 4) {
        *why = QStringLiteral("%1 choices").arg(q.choices.size());
        return false;
    }
    std::vector<uint32_t> sorted = q.choices;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        *why = QStringLiteral("a choice twice");
        return false;
    }
    if (q.correct < 0 || size_t(q.correct) >= q.choices.size()) {
        *why = QStringLiteral("no right choice");
        return false;
    }
    return true;
}

} // namespace

class TestPredict : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownConversation_data();
    void knownConversation();
    void agreesWithTshark();
    void callsAndNonsenseAreNotAsked();
    void quizHoldsChecksAndScores();
    void typedNumbersAndGoingBack();
};

void TestPredict::knownConversation_data()
{
    // tests/data/handshake.pcap: listen, connect, "hello", "world!", close (tshark -r shows it).
    QTest::addColumn<int>("frame");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("answer"); // the right choice's words (English, relative numbers)
    QTest::addColumn<QString>("reason"); // a piece of the explanation of it
    QTest::newRow("1 SYN: which flags") << 1 << int(Kind::Flags) << "SYN" << "nothing to acknowledge";
    QTest::newRow("2 SYN+ACK: the ISN + 1") << 2 << int(Kind::Ack) << "1" << "ack = 0 + 1 = 1";
    QTest::newRow("3 ACK: the server established") << 3 << int(Kind::State) << "ESTABLISHED" << "from SYN_RCVD to ESTABLISHED";
    QTest::newRow("4 data after the ACK") << 4 << int(Kind::Seq) << "1" << "seq = 1 + 0 = 1";
    QTest::newRow("5 ACK of 5 bytes") << 5 << int(Kind::Ack) << "6" << "ack = 1 + 5 = 6";
    QTest::newRow("6 the next data") << 6 << int(Kind::Seq) << "6" << "seq = 1 + 5 = 6";
    QTest::newRow("7 ACK of 6 bytes") << 7 << int(Kind::Ack) << "12" << "ack = 6 + 6 = 12";
    QTest::newRow("8 the client's FIN") << 8 << int(Kind::State) << "FIN_WAIT_1" << "from ESTABLISHED to FIN_WAIT_1";
    QTest::newRow("9 the server's FIN") << 9 << int(Kind::State) << "LAST_ACK" << "from CLOSE_WAIT to LAST_ACK";
    QTest::newRow("10 the last ACK") << 10 << int(Kind::State) << "CLOSED" << "from LAST_ACK to CLOSED";
}

void TestPredict::knownConversation()
{
    QFETCH(int, frame);
    QFETCH(int, kind);
    QFETCH(QString, answer);
    QFETCH(QString, reason);
    static std::unique_ptr<Session> s = open(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"));
    QVERIFY(s);
    const std::optional<TimelineStep> step = stepOfFrame(s->timeline(), uint32_t(frame));
    QVERIFY(step);
    const std::optional<PredictQuestion> q = predictQuestion(s->timeline(), *step, true);
    QVERIFY(q);
    QString why;
    QVERIFY2(wellFormed(*q, &why), qPrintable(why));
    QCOMPARE(int(q->kind), kind);
    QCOMPARE(predictChoiceText(*q, q->correct), answer);
    QVERIFY2(predictReason(*q).contains(reason), qPrintable(predictReason(*q)));
    QVERIFY(!predictQuestionText(*q).isEmpty());
    // The same step, the same question (the order of choices too).
    const std::optional<PredictQuestion> again = predictQuestion(s->timeline(), *step, true);
    QCOMPARE(again->choices, q->choices);
    QCOMPARE(again->correct, q->correct);
}

void TestPredict::agreesWithTshark()
{
    if (!hvtest::haveProgram(QStringLiteral("tshark")))
        QSKIP("tshark is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString pcap = dir.filePath(QStringLiteral("many.pcap"));
    const hvtest::Run gen = hvtest::run(QStringLiteral("python3"),
                                        {QStringLiteral(HV_TOOLS_DIR "/gen_tcp_pcap.py"), pcap, QStringLiteral("--conns"), QStringLiteral("60"),
                                         QStringLiteral("--rounds"), QStringLiteral("2"), QStringLiteral("--rst-frac"), QStringLiteral("0.2"),
                                         QStringLiteral("--ipv6-frac"), QStringLiteral("0.3"), QStringLiteral("--concurrency"), QStringLiteral("7"),
                                         QStringLiteral("--seed"), QStringLiteral("11")});
    QVERIFY2(gen.exitCode == 0, gen.err.constData());
    // tshark's own numbers: frame, relative seq and ack, raw seq and ack, flags.
    const hvtest::Run t = hvtest::run(QStringLiteral("tshark"),
                                      {QStringLiteral("-r"), pcap, QStringLiteral("-T"), QStringLiteral("fields"),
                                       QStringLiteral("-e"), QStringLiteral("frame.number"), QStringLiteral("-e"), QStringLiteral("tcp.seq"),
                                       QStringLiteral("-e"), QStringLiteral("tcp.ack"), QStringLiteral("-e"), QStringLiteral("tcp.seq_raw"),
                                       QStringLiteral("-e"), QStringLiteral("tcp.ack_raw"), QStringLiteral("-e"), QStringLiteral("tcp.flags")});
    QVERIFY2(t.exitCode == 0, t.err.constData());
    struct Fields { uint32_t seq, ack, seqRaw, ackRaw; uint16_t flags; };
    std::map<uint32_t, Fields> byFrame;
    for (const QByteArray &line : t.out.split('\n')) {
        const QList<QByteArray> f = line.split('\t');
        if (f.size() < 6)
            continue;
        byFrame[f[0].toUInt()] = {f[1].toUInt(), f[2].toUInt(), f[3].toUInt(), f[4].toUInt(), uint16_t(f[5].toUInt(nullptr, 16))};
    }
    QVERIFY(byFrame.size() > 500);

    auto s = open(pcap);
    QVERIFY(s);
    const Timeline &tl = s->timeline();
    std::map<Kind, int> kinds;
    for (bool relative : {true, false}) {
        for (size_t i = 0; i < tl.segmentCount(); ++i) {
            const Segment seg = tl.segment(i);
            const std::optional<PredictQuestion> q = predictQuestion(tl, {TimelineStep::Kind::Segment, uint32_t(i), seg.timeUs}, relative);
            QVERIFY2(q, qPrintable(QStringLiteral("frame %1 has no question").arg(seg.frame)));
            QString why;
            QVERIFY2(wellFormed(*q, &why), qPrintable(QStringLiteral("frame %1: %2").arg(seg.frame).arg(why)));
            const Fields &f = byFrame.at(seg.frame);
            ++kinds[q->kind];
            switch (q->kind) {
            case Kind::Ack:
                QCOMPARE(q->answer(), relative ? f.ack : f.ackRaw);
                break;
            case Kind::Seq:
                QCOMPARE(q->answer(), relative ? f.seq : f.seqRaw);
                break;
            case Kind::Flags:
                QCOMPARE(q->answer(), uint32_t(f.flags & 0x1f));
                break;
            case Kind::State:
                QCOMPARE(TcpState(q->answer()), q->about == Side::Client ? seg.clientState : seg.serverState);
                QVERIFY(TcpState(q->answer()) != TcpState::Unknown);
                break;
            case Kind::Sender:
                QCOMPARE(Side(q->answer()), seg.from);
                break;
            }
        }
    }
    // A conversation of this kind asks all but "who sends" (nothing is sent again).
    QVERIFY(kinds[Kind::Flags] > 0 && kinds[Kind::Ack] > 0 && kinds[Kind::Seq] > 0 && kinds[Kind::State] > 0);
}

void TestPredict::callsAndNonsenseAreNotAsked()
{
    auto s = open(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"));
    QVERIFY(s);
    const Timeline &tl = s->timeline();
    const std::vector<TimelineStep> &steps = tl.steps(1);
    int calls = 0;
    for (const TimelineStep &st : steps) {
        if (st.kind == TimelineStep::Kind::Call) {
            ++calls;
            QVERIFY(!predictQuestion(tl, st, true));
        }
    }
    QVERIFY(calls > 0); // the calls inferred for a file (listen(), connect() ...)
    QVERIFY(!predictQuestion(tl, {TimelineStep::Kind::Segment, uint32_t(tl.segmentCount()), 0}, true));
}

void TestPredict::quizHoldsChecksAndScores()
{
    auto s = open(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"));
    QVERIFY(s);
    const Timeline &tl = s->timeline();
    Stepper stepper;
    Quiz quiz(&stepper, &tl);
    stepper.setSteps(1, tl.steps(1), false);
    QCOMPARE(stepper.currentRow(), 0);
    quiz.setEnabled(true);
    QSignalSpy held(&stepper, &Stepper::heldChanged);

    // Forward over the calls to the SYN: held there, not shown.
    int guard = 0;
    while (!stepper.isHeld() && guard++ < 20)
        stepper.forward();
    QVERIFY(stepper.isHeld());
    const int synRow = stepper.heldRow();
    QCOMPARE(stepper.currentRow(), synRow - 1);
    QVERIFY(quiz.pending());
    QCOMPARE(quiz.pending()->kind, Kind::Flags);
    QCOMPARE(quiz.pending()->frame, 1u);
    stepper.forward(); // the question waits: nothing moves
    QCOMPARE(stepper.currentRow(), synRow - 1);

    // A wrong answer: marked wrong, the step shown all the same.
    const int wrong = (quiz.pending()->correct + 1) % int(quiz.pending()->choices.size());
    quiz.choose(wrong);
    QVERIFY(!stepper.isHeld());
    QCOMPARE(stepper.currentRow(), synRow);
    QVERIFY(quiz.lastAnswer());
    QVERIFY(!quiz.lastAnswer()->right);
    QCOMPARE(quiz.asked(), 1);
    QCOMPARE(quiz.right(), 0);
    QVERIFY2(predictVerdict(*quiz.lastAnswer()).startsWith(QLatin1String("Not quite: the answer is SYN")),
             qPrintable(predictVerdict(*quiz.lastAnswer())));

    // The SYN+ACK: the right answer.
    stepper.forward();
    QVERIFY(stepper.isHeld());
    QCOMPARE(quiz.pending()->kind, Kind::Ack);
    quiz.choose(quiz.pending()->correct);
    QVERIFY(quiz.lastAnswer()->right);
    QCOMPARE(quiz.asked(), 2);
    QCOMPARE(quiz.right(), 1);
    QVERIFY(predictVerdict(*quiz.lastAnswer()).startsWith(QLatin1String("Right: 1.")));

    // Back and forward again: answered steps are not asked again.
    stepper.first();
    while (stepper.currentRow() < synRow + 1 && !stepper.isHeld())
        stepper.forward();
    QVERIFY(!stepper.isHeld());
    QCOMPARE(quiz.asked(), 2);

    // Playing stops at the next question and goes on after the answer.
    stepper.setSpeed(4);
    stepper.play();
    QTRY_VERIFY_WITH_TIMEOUT(stepper.isHeld(), 3000);
    QVERIFY(stepper.isPlaying());
    const int at = stepper.currentRow();
    QTest::qWait(400);
    QCOMPARE(stepper.currentRow(), at);
    quiz.choose(quiz.pending()->correct);
    QTRY_VERIFY_WITH_TIMEOUT(stepper.currentRow() > at + 1 || stepper.isHeld(), 3000);

    // Off: nothing is held; the score stays.
    quiz.setEnabled(false);
    QVERIFY(!stepper.isHeld());
    QVERIFY(quiz.asked() >= 3);
    quiz.resetScore();
    QCOMPARE(quiz.asked(), 0);
}

void TestPredict::typedNumbersAndGoingBack()
{
    auto s = open(QStringLiteral(HV_SOURCE_DIR "/tests/data/handshake.pcap"));
    QVERIFY(s);
    const Timeline &tl = s->timeline();
    Stepper stepper;
    Quiz quiz(&stepper, &tl);
    quiz.setRelativeNumbers(false);
    stepper.setSteps(1, tl.steps(1), false);
    quiz.setEnabled(true);
    stepper.last(); // a jump stops at the first question on the way
    QVERIFY(stepper.isHeld());
    QCOMPARE(quiz.pending()->kind, Kind::Flags);
    quiz.choose(quiz.pending()->correct);
    stepper.forward();
    QVERIFY(stepper.isHeld());
    QCOMPARE(quiz.pending()->kind, Kind::Ack);
    QVERIFY(!quiz.pending()->relative);
    const uint32_t isnPlusOne = tl.segment(0).seq + 1; // absolute: the client's ISN + 1
    QCOMPARE(quiz.pending()->answer(), isnPlusOne);
    QVERIFY(!quiz.answerTyped(QStringLiteral("twelve"))); // not a number: nothing checked
    QVERIFY(stepper.isHeld());
    // Back from a question: the step stays hidden, nothing counted.
    const int before = stepper.currentRow();
    stepper.back();
    QVERIFY(!stepper.isHeld());
    QVERIFY(!quiz.pending());
    QCOMPARE(stepper.currentRow(), before);
    QCOMPARE(quiz.asked(), 1);
    stepper.forward();
    QVERIFY(stepper.isHeld());
    QVERIFY(quiz.answerTyped(QString::number(isnPlusOne)));
    QVERIFY(quiz.lastAnswer()->right);
    QCOMPARE(quiz.right(), 2);
    for (int guard = 0; !stepper.isHeld() && guard < 5; ++guard)
        stepper.forward(); // connect() returns: a call, not asked
    QVERIFY(stepper.isHeld());
    QCOMPARE(quiz.pending()->kind, Kind::State); // the final ACK: a choice, no number to type
    QVERIFY(!quiz.answerTyped(QStringLiteral("7")));
    QVERIFY(stepper.isHeld());
}

QTEST_MAIN(TestPredict)
#include "tst_predict.moc"
