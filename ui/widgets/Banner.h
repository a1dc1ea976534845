#pragma once
// Messages that must not be missed, in a band over the ladder: no capture rights, a file that
// cannot be read. Not a modal box (the class goes on), not the status bar (counts overwrite it,
// and a projector may cut it off). Each entry stays until dismissed or replaced by its owner.
#include <QFrame>
#include <QMap>

class QLabel;
class QVBoxLayout;

namespace hv {

class Banner : public QFrame {
    Q_OBJECT
public:
    explicit Banner(QWidget *parent = nullptr);

    // One entry per key: a new text for a key replaces its old one. `command` (a shell line)
    // gets a "Copy the command" button; `offerSample` an "Open the sample capture" one;
    // `offerEarlierPart` an "Open the earlier part" one.
    void setEntry(int key, const QString &text, const QString &command = {}, bool offerSample = false,
                  bool offerEarlierPart = false);
    void clearEntry(int key);
    bool hasEntry(int key) const { return entries_.contains(key); }
    QString text(int key) const;   // what entry `key` says ("" when there is none)
    QString allText() const;       // every entry, one per line (tests, screenshots)

Q_SIGNALS:
    void sampleRequested();
    void earlierPartRequested(); // "Open the earlier part"
    void dismissed(int key);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Entry {
        QWidget *row = nullptr;
        QLabel *label = nullptr;
        QString command;
        bool offerSample = false;
        bool offerEarlierPart = false;
    };
    void rebuild(int key);
    void retranslate();

    QVBoxLayout *layout_;
    QMap<int, Entry> entries_;
};

} // namespace hv
