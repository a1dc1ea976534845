#include "Predict.h"

#include "CallText.h"
#include "Stepper.h"

#include <QCoreApplication>

#include <algorithm>

namespace hv {

namespace {

constexpr uint16_t kMainFlags = TcpFlag::Fin | TcpFlag::Syn | TcpFlag::Rst | TcpFlag::Psh | TcpFlag::Ack;

uint32_t takes(const Segment &s)
{
    return s.len + ((s.flags & (TcpFlag::Syn | TcpFlag::Fin)) ? 1u : 0u);
}

// A fixed shuffle of the choices, the same for the same segment: the answer is not always first.
void shuffle(PredictQuestion &q)
{
    const uint32_t answer = q.choices[size_t(q.correct)];
    uint32_t x = q.frame * 2654435761u + 0x9e3779b9u;
    for (size_t i = q.choices.size(); i > 1; --i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        std::swap(q.choices[i - 1], q.choices[x % i]);
    }
    q.correct = int(std::find(q.choices.begin(), q.choices.end(), answer) - q.choices.begin());
}

// The answer first, then distractors not equal to it or to each other, up to `count` in all.
void fill(PredictQuestion &q, uint32_t answer, std::initializer_list<std::optional<uint32_t>> candidates, size_t count = 4)
{
    q.choices = {answer};
    for (const std::optional<uint32_t> &c : candidates) {
        if (q.choices.size() >= count)
            break;
        if (c && std::find(q.choices.begin(), q.choices.end(), *c) == q.choices.end())
            q.choices.push_back(*c);
    }
    q.correct = 0;
    shuffle(q);
}

std::vector<uint16_t> flagDistractors(uint16_t f)
{
    using namespace TcpFlag;
    if (f == Syn)
        return {Syn | Ack, Ack, Rst};
    if (f == (Syn | Ack))
        return {Syn, Ack, Rst | Ack};
    if (f & Rst)
        return {f == Rst ? uint16_t(Rst | Ack) : Rst, Syn | Ack, Fin | Ack, Ack};
    if (f & Fin)
        return {Ack, Rst | Ack, Psh | Ack};
    if (f == (Psh | Ack))
        return {Ack, Syn | Ack, Fin | Ack};
    if (f == Ack)
        return {Syn | Ack, Psh | Ack, Fin | Ack};
    return {Syn, Ack, Rst | Ack};
}

bool isHandshakeState(TcpState s)
{
    return s == TcpState::Closed || s == TcpState::Listen || s == TcpState::SynSent || s == TcpState::SynRcvd
        || s == TcpState::Established;
}

TcpState stateOf(const Segment &s, Side side)
{
    return side == Side::Client ? s.clientState : s.serverState;
}

void stateChoices(PredictQuestion &q, TcpState answer)
{
    using S = TcpState;
    // Distractors from the same part of the diagram, the state before first (the usual slip:
    // "nothing changed").
    const std::vector<S> open{S::SynRcvd, S::Established, S::SynSent, S::Listen, S::Closed};
    const std::vector<S> close{S::FinWait1, S::FinWait2, S::CloseWait, S::TimeWait, S::LastAck, S::Closing, S::Closed, S::Established};
    const std::vector<S> &group = isHandshakeState(answer) && answer != S::Closed ? open
        : (answer == S::Closed && isHandshakeState(q.before)) ? open : close;
    q.choices = {uint32_t(answer)};
    if (q.before != S::Unknown && q.before != answer)
        q.choices.push_back(uint32_t(q.before));
    for (S s : group) {
        if (q.choices.size() >= 4)
            break;
        if (std::find(q.choices.begin(), q.choices.end(), uint32_t(s)) == q.choices.end())
            q.choices.push_back(uint32_t(s));
    }
    q.correct = 0;
    shuffle(q);
}

// The words. A class only so that tr() files them under "PredictPanel".
class PredictWords {
    Q_DECLARE_TR_FUNCTIONS(PredictPanel)
public:
    static QString role(Side s)
    {
        if (s == Side::Client)
            //: zh: 客户端
            return tr("client");
        //: zh: 服务器
        return tr("server");
    }
    static QString flags(uint16_t f)
    {
        return QString::fromStdString(flagsLabel(f));
    }
    static QString numbering(bool relative)
    {
        if (relative)
            //: zh: 相对序号
            return tr("relative numbers");
        //: zh: 绝对序号
        return tr("absolute numbers");
    }
    static QString question(const PredictQuestion &q);
    static QString choice(const PredictQuestion &q, int i);
    static QString reason(const PredictQuestion &q);
    static QString verdict(const PredictAnswer &a);
};

QString PredictWords::question(const PredictQuestion &q)
{
    const Side to = q.sender == Side::Client ? Side::Server : Side::Client;
    switch (q.kind) {
    case PredictQuestion::Kind::Flags:
        //: zh: 下一个分节从%1发往%2。它带哪些标志？
        return tr("The next segment goes from the %1 to the %2. Which flags does it carry?").arg(role(q.sender), role(to));
    case PredictQuestion::Kind::Ack:
        //: zh: %1发出下一个分节（%2）。它的 Ack 号是多少？（%3）
        return tr("The %1 sends the next segment (%2). What is its Ack number? (%3)")
            .arg(role(q.sender), flags(q.flags), numbering(q.relative));
    case PredictQuestion::Kind::Seq:
        if (q.len > 0)
            //: zh: %1接下来发送 %2 字节。这个分节的 Seq 号是多少？（%3）
            return tr("The %1 sends %2 bytes next. What is the segment's Seq number? (%3)")
                .arg(role(q.sender)).arg(q.len).arg(numbering(q.relative));
        //: zh: %1发出下一个分节（%2）。它的 Seq 号是多少？（%3）
        return tr("The %1 sends the next segment (%2). What is its Seq number? (%3)")
            .arg(role(q.sender), flags(q.flags), numbering(q.relative));
    case PredictQuestion::Kind::State:
        //: zh: 下一个分节（%1 → %2，%3）之后，%4处于什么状态？
        return tr("After the next segment (%1 → %2, %3), which state is the %4 in?")
            .arg(role(q.sender), role(to), flags(q.flags), role(q.about));
    case PredictQuestion::Kind::Sender:
        //: zh: 下一个分节由谁发送？
        return tr("Who sends the next segment?");
    }
    return QString();
}

QString PredictWords::choice(const PredictQuestion &q, int i)
{
    if (i < 0 || size_t(i) >= q.choices.size())
        return QString();
    const uint32_t v = q.choices[size_t(i)];
    switch (q.kind) {
    case PredictQuestion::Kind::Flags:
        return flags(uint16_t(v));
    case PredictQuestion::Kind::Ack:
    case PredictQuestion::Kind::Seq:
        return QString::number(v);
    case PredictQuestion::Kind::State:
        return stateName(TcpState(v));
    case PredictQuestion::Kind::Sender:
        return role(Side(v));
    }
    return QString();
}

QString PredictWords::reason(const PredictQuestion &q)
{
    using namespace TcpFlag;
    switch (q.kind) {
    case PredictQuestion::Kind::Flags: {
        const uint16_t f = uint16_t(q.answer());
        if (f == Syn)
            //: zh: connect() 用一个单独的 SYN 开始握手：客户端还没有什么要确认的。
            return tr("connect() starts the handshake with a SYN alone: the client has nothing to acknowledge yet.");
        if (f == (Syn | Ack))
            //: zh: 服务器的内核用一个分节回答 SYN：它自己的 SYN，加上对客户端 SYN 的 ACK。
            return tr("The server's kernel answers a SYN with one segment: its own SYN, and an ACK of the client's.");
        if (f & Rst)
            //: zh: 复位：没有谁接受这个连接（没有监听者，或者被中止），不握手，也没有 FIN。
            return tr("A reset: nothing takes this connection (no listener, or an abort): no handshake, no FIN.");
        if (f & Fin)
            //: zh: close() 或 shutdown() 发出 FIN；和 SYN 之后的每个分节一样，它也带着 ACK。
            return tr("close() or shutdown() sends a FIN; like every segment after the SYN, it carries an ACK.");
        if (q.len > 0)
            //: zh: 数据和 ACK 一起发送（SYN 之后的每个分节都确认已收到的），PSH 表示发送方的缓冲区已发空。
            return tr("Data goes with ACK set (every segment after the SYN acknowledges what arrived), and PSH: the sender's buffer is empty now.");
        if (f == Ack)
            //: zh: 只是一个确认：没有数据，没有 SYN 或 FIN。
            return tr("Only an acknowledgement: no data, no SYN or FIN.");
        //: zh: 它的标志是 %1。
        return tr("Its flags are %1.").arg(flags(f));
    }
    case PredictQuestion::Kind::Ack:
        if (q.hasFrom)
            //: zh: ack = %1 + %2 = %3：%4的上一个分节 Seq 是 %1，占了 %2 个序号（每字节数据一个，SYN 或 FIN 各一个）。Ack 就是期望的下一个字节。
            return tr("ack = %1 + %2 = %3: the %4's segment before it has Seq %1 and took %2 sequence numbers (one per data byte, one for a SYN or FIN). The Ack names the next byte expected.")
                .arg(q.fromSeq).arg(q.fromLen + (q.fromSynOrFin ? 1 : 0)).arg(q.answer())
                .arg(role(q.sender == Side::Client ? Side::Server : Side::Client));
        //: zh: Ack 是%1期望的下一个字节：%2 之前的每个字节都已收到。
        return tr("The Ack names the next byte the %1 expects: every byte before %2 has arrived.")
            .arg(role(q.sender)).arg(q.answer());
    case PredictQuestion::Kind::Seq:
        if (q.hasFrom)
            //: zh: seq = %1 + %2 = %3：%4的上一个分节 Seq 是 %1，占了 %2 个序号（每字节数据一个，SYN 或 FIN 各一个）。
            return tr("seq = %1 + %2 = %3: the %4's previous segment had Seq %1 and took %2 sequence numbers (one per data byte, one for a SYN or FIN).")
                .arg(q.fromSeq).arg(q.fromLen + (q.fromSynOrFin ? 1 : 0)).arg(q.answer()).arg(role(q.sender));
        //: zh: Seq 是这个分节第一个字节的序号：%1。
        return tr("The Seq is the number of the segment's first byte: %1.").arg(q.answer());
    case PredictQuestion::Kind::State:
        if (q.before != TcpState::Unknown && q.before != TcpState(q.answer()))
            //: zh: 这个分节让%1从 %2 进入 %3。
            return tr("With this segment the %1 goes from %2 to %3.")
                .arg(role(q.about), stateName(q.before), stateName(TcpState(q.answer())));
        //: zh: 这个分节之后%1处于 %2。
        return tr("After this segment the %1 is in %2.").arg(role(q.about), stateName(TcpState(q.answer())));
    case PredictQuestion::Kind::Sender:
        //: zh: %1又发了一次 %2（重传）：它的计时器到期之前没有等到确认。
        return tr("The %1 sends %2 again (a retransmission): no acknowledgement came before its timer ran out.")
            .arg(role(q.sender), flags(q.flags));
    }
    return QString();
}

QString PredictWords::verdict(const PredictAnswer &a)
{
    const PredictQuestion &q = a.question;
    const QString right = choice(q, q.correct);
    const QString given = a.chosen >= 0 ? choice(q, a.chosen) : QString::number(a.typed);
    QString head;
    if (a.right)
        //: zh: 答对了：%1。
        head = tr("Right: %1.").arg(right);
    else
        //: zh: 不对：答案是 %1（你答的是 %2）。
        head = tr("Not quite: the answer is %1 (you said %2).").arg(right, given);
    return head + QLatin1Char(' ') + reason(q);
}

} // namespace

std::optional<PredictQuestion> predictQuestion(const Timeline &timeline, const TimelineStep &step, bool relativeNumbers)
{
    if (step.kind != TimelineStep::Kind::Segment || step.index >= timeline.segmentCount())
        return std::nullopt;
    const Segment s = timeline.segment(step.index);
    if (s.anomalies & Anomaly::Nonsense)
        return std::nullopt;
    const uint16_t main = s.flags & kMainFlags;
    if (main == 0)
        return std::nullopt;

    PredictQuestion q;
    q.connection = s.connection;
    q.step = step;
    q.frame = s.frame;
    q.sender = s.from;
    q.relative = relativeNumbers;
    q.flags = main;
    q.len = s.len;

    // The segments of the connection before this one: the sender's last, the peer's last, and
    // the states just before.
    const std::vector<uint32_t> &indices = timeline.segmentIndices(s.connection);
    const auto at = std::lower_bound(indices.begin(), indices.end(), step.index);
    std::optional<Segment> previous, previousSame, previousPeer;
    for (auto it = at; it != indices.begin();) {
        --it;
        const Segment p = timeline.segment(*it);
        if (!previous)
            previous = p;
        if (p.from == s.from && !previousSame)
            previousSame = p;
        if (p.from != s.from && !previousPeer)
            previousPeer = p;
        if (previousSame && previousPeer)
            break;
    }
    const TcpState clientBefore = previous ? previous->clientState : timeline.initialClientState(s.connection);
    const TcpState serverBefore = previous ? previous->serverState : timeline.initialServerState(s.connection);
    auto before = [&](Side side) { return side == Side::Client ? clientBefore : serverBefore; };
    const Side receiver = s.from == Side::Client ? Side::Server : Side::Client;
    const bool dropped = s.anomalies & Anomaly::DroppedByLab;

    auto flagsQuestion = [&] {
        q.kind = PredictQuestion::Kind::Flags;
        std::vector<uint16_t> d = flagDistractors(main);
        q.choices = {main};
        for (uint16_t f : d)
            if (q.choices.size() < 4 && std::find(q.choices.begin(), q.choices.end(), f) == q.choices.end())
                q.choices.push_back(f);
        q.correct = 0;
        shuffle(q);
        return q;
    };
    auto stateQuestion = [&](Side about) -> std::optional<PredictQuestion> {
        const TcpState after = stateOf(s, about);
        if (after == TcpState::Unknown || before(about) == TcpState::Unknown)
            return std::nullopt;
        q.kind = PredictQuestion::Kind::State;
        q.about = about;
        q.before = before(about);
        stateChoices(q, after);
        return q;
    };
    const auto number = [&](uint32_t absolute, uint32_t relative) { return relativeNumbers ? relative : absolute; };
    // A distractor below the answer, where it exists (relative numbers do not go below 0).
    const auto below = [&](uint32_t v, uint32_t by) -> std::optional<uint32_t> {
        if (relativeNumbers && v < by)
            return std::nullopt;
        return v - by;
    };

    if (s.retransmission) {
        q.kind = PredictQuestion::Kind::Sender;
        q.choices = {uint32_t(Side::Client), uint32_t(Side::Server)};
        q.correct = s.from == Side::Client ? 0 : 1;
        return q;
    }
    if ((main & TcpFlag::Syn) && !(main & TcpFlag::Ack))
        return flagsQuestion();
    if ((main & TcpFlag::Syn) && (main & TcpFlag::Ack)) {
        q.kind = PredictQuestion::Kind::Ack;
        const uint32_t answer = number(s.ack, s.relAck);
        if (previousPeer && (previousPeer->flags & TcpFlag::Syn) && uint32_t(previousPeer->seq + takes(*previousPeer)) == s.ack) {
            q.hasFrom = true;
            q.fromSeq = number(previousPeer->seq, previousPeer->relSeq);
            q.fromLen = previousPeer->len;
            q.fromSynOrFin = true;
        }
        fill(q, answer, {below(answer, 1), number(s.seq, s.relSeq), answer + 1, answer + 2});
        return q;
    }
    if (main & TcpFlag::Rst)
        return flagsQuestion();
    if (main & TcpFlag::Fin) {
        if (auto state = stateQuestion(s.from))
            return state;
        return flagsQuestion();
    }
    if (s.len > 0) {
        if (!previousSame)
            return flagsQuestion();
        q.kind = PredictQuestion::Kind::Seq;
        const uint32_t answer = number(s.seq, s.relSeq);
        const uint32_t prev = number(previousSame->seq, previousSame->relSeq);
        if (uint32_t(previousSame->seq + takes(*previousSame)) == s.seq) {
            q.hasFrom = true;
            q.fromSeq = prev;
            q.fromLen = previousSame->len;
            q.fromSynOrFin = previousSame->flags & (TcpFlag::Syn | TcpFlag::Fin);
        }
        fill(q, answer, {prev, answer + 1, below(answer, 1), answer + s.len});
        return q;
    }
    // A pure ACK: the state it moves (the receiver's, as the handshake's last ACK does), else its number.
    if (!dropped && before(receiver) != stateOf(s, receiver))
        if (auto state = stateQuestion(receiver))
            return state;
    if (!(main & TcpFlag::Ack))
        return std::nullopt;
    q.kind = PredictQuestion::Kind::Ack;
    const uint32_t answer = number(s.ack, s.relAck);
    if (previousPeer && uint32_t(previousPeer->seq + takes(*previousPeer)) == s.ack && takes(*previousPeer) > 0) {
        q.hasFrom = true;
        q.fromSeq = number(previousPeer->seq, previousPeer->relSeq);
        q.fromLen = previousPeer->len;
        q.fromSynOrFin = previousPeer->flags & (TcpFlag::Syn | TcpFlag::Fin);
    }
    const std::optional<uint32_t> peerSeq = previousPeer ? std::optional<uint32_t>(number(previousPeer->seq, previousPeer->relSeq)) : std::nullopt;
    fill(q, answer, {peerSeq, below(answer, 1), number(s.seq, s.relSeq), answer + 1, answer + 2});
    return q;
}

QString predictQuestionText(const PredictQuestion &q)
{
    return PredictWords::question(q);
}

QString predictChoiceText(const PredictQuestion &q, int index)
{
    return PredictWords::choice(q, index);
}

QString predictReason(const PredictQuestion &q)
{
    return PredictWords::reason(q);
}

QString predictVerdict(const PredictAnswer &a)
{
    return PredictWords::verdict(a);
}

// ---- the quiz ----------------------------------------------------------------------------------

Quiz::Quiz(Stepper *stepper, const Timeline *timeline, QObject *parent)
    : QObject(parent), stepper_(stepper), timeline_(timeline)
{
    stepper_->setGate([this](int row) { return gate(row); });
    connect(stepper_, &Stepper::heldChanged, this, &Quiz::onHeld);
    if (timeline_)
        connect(timeline_, &Timeline::cleared, this, &Quiz::forget);
}

void Quiz::setTimeline(const Timeline *timeline)
{
    if (timeline == timeline_)
        return;
    if (timeline_)
        disconnect(timeline_, nullptr, this, nullptr);
    timeline_ = timeline;
    if (timeline_)
        connect(timeline_, &Timeline::cleared, this, &Quiz::forget);
    forget();
}

bool Quiz::gate(int row)
{
    if (!enabled_ || !timeline_)
        return false;
    const TimelineStep step = stepper_->stepAt(row);
    if (step.kind != TimelineStep::Kind::Segment || answered_.count(keyOf(stepper_->connectionId(), step)))
        return false;
    return predictQuestion(*timeline_, step, relative_).has_value();
}

void Quiz::onHeld(int row)
{
    if (row < 0) {
        if (pending_) {
            pending_.reset();
            Q_EMIT changed();
        }
        return;
    }
    if (!timeline_)
        return;
    pending_ = predictQuestion(*timeline_, stepper_->stepAt(row), relative_);
    if (!pending_) { // cannot happen: the gate asked the same; never leave the stepper stuck
        stepper_->release();
        return;
    }
    last_.reset();
    Q_EMIT changed();
}

void Quiz::choose(int index)
{
    if (!pending_ || index < 0 || size_t(index) >= pending_->choices.size())
        return;
    PredictAnswer a;
    a.question = *pending_;
    a.chosen = index;
    a.right = index == pending_->correct;
    finish(std::move(a));
}

bool Quiz::answerTyped(const QString &text)
{
    if (!pending_ || !pending_->numeric())
        return false;
    bool ok = false;
    const qulonglong v = text.trimmed().toULongLong(&ok);
    if (!ok || v > 0xffffffffULL)
        return false;
    PredictAnswer a;
    a.question = *pending_;
    a.typed = uint32_t(v);
    a.right = a.typed == pending_->answer();
    const auto it = std::find(pending_->choices.begin(), pending_->choices.end(), a.typed);
    a.chosen = it == pending_->choices.end() ? -1 : int(it - pending_->choices.begin());
    finish(std::move(a));
    return true;
}

void Quiz::finish(PredictAnswer answer)
{
    answered_.insert(keyOf(stepper_->connectionId(), answer.question.step));
    ++asked_;
    if (answer.right)
        ++right_;
    last_ = std::move(answer);
    pending_.reset();
    Q_EMIT changed();
    stepper_->release();
}

void Quiz::setEnabled(bool enabled)
{
    if (enabled == enabled_)
        return;
    enabled_ = enabled;
    if (!enabled_) {
        pending_.reset();
        last_.reset();
        stepper_->release(); // the step asked about is shown without an answer
    }
    Q_EMIT enabledChanged(enabled_);
    Q_EMIT changed();
}

void Quiz::setRelativeNumbers(bool relative)
{
    if (relative == relative_)
        return;
    relative_ = relative;
    // The question waiting names its numbers in the numbering shown: ask it again in the new one.
    if (pending_ && timeline_) {
        const int row = stepper_->heldRow();
        if (row >= 0)
            pending_ = predictQuestion(*timeline_, stepper_->stepAt(row), relative_);
        Q_EMIT changed();
    }
}

void Quiz::resetScore()
{
    asked_ = right_ = 0;
    Q_EMIT changed();
}

void Quiz::forget()
{
    answered_.clear();
    pending_.reset();
    last_.reset();
    Q_EMIT changed();
}

} // namespace hv
