#pragma once
// Lab → Layout and losses…: what the lab network does to the next connection (its layout, the
// segments its kernel drops, a delay or a rate limit). Only values: the window's wiring applies
// them to the session.
#include <QDialog>

class QCheckBox;
class QLabel;
class QRadioButton;
class QSpinBox;

namespace hv {

struct LabSettings {
    bool twoHosts = false;
    int synDrops = 0;          // the client's first N SYNs
    bool dropSynAck = false;   // the server's first SYN+ACK
    bool dropAck = false;      // the client's ACK that completes the handshake
    bool dropFin = false;      // the client's first FIN
    int lossPct = 0;           // of every segment, each way
    int delayMs = 0;           // netem
    int rateKbit = 0;          // tbf
    bool operator==(const LabSettings &) const = default;
};

class LabDialog : public QDialog {
    Q_OBJECT
public:
    // layoutNote: why the layout cannot change now ("" when it can).
    LabDialog(const LabSettings &current, const QString &layoutNote, QWidget *parent = nullptr);
    LabSettings settings() const;

private:
    QRadioButton *oneHost_ = nullptr, *twoHosts_ = nullptr;
    QSpinBox *synDrops_ = nullptr, *loss_ = nullptr, *delay_ = nullptr, *rate_ = nullptr;
    QCheckBox *synAck_ = nullptr, *ack_ = nullptr, *fin_ = nullptr;
    QRadioButton *noShaping_ = nullptr, *delayOn_ = nullptr, *rateOn_ = nullptr;
};

} // namespace hv
