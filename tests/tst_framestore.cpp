// Random access to classic pcap files written here byte by byte (both byte orders, micro- and
// nanosecond magic, cut short, corrupt, still growing) and by libpcap's own pcap_dump.
#include "FrameStore.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <pcap/pcap.h>

using hv::FrameStore;
using hv::StoredFrame;

namespace {

struct Record {
    uint32_t seconds = 0;
    uint32_t fraction = 0;
    QByteArray bytes;
    uint32_t origLen = 0; // 0: the captured length
};

class PcapWriter {
public:
    PcapWriter(bool bigEndian, bool nano, uint32_t linkType = 1) : big_(bigEndian)
    {
        u32(nano ? 0xA1B23C4D : 0xA1B2C3D4);
        u16(2);
        u16(4);
        u32(0);        // thiszone
        u32(0);        // sigfigs
        u32(262144);   // snaplen
        u32(linkType);
    }
    void add(const Record &r)
    {
        u32(r.seconds);
        u32(r.fraction);
        u32(uint32_t(r.bytes.size()));
        u32(r.origLen ? r.origLen : uint32_t(r.bytes.size()));
        data_ += r.bytes;
    }
    void u16(uint16_t v)
    {
        const char b[2] = {char(big_ ? v >> 8 : v & 0xFF), char(big_ ? v & 0xFF : v >> 8)};
        data_ += QByteArray(b, 2);
    }
    void u32(uint32_t v)
    {
        char b[4];
        for (int i = 0; i < 4; ++i)
            b[big_ ? 3 - i : i] = char((v >> (8 * i)) & 0xFF);
        data_ += QByteArray(b, 4);
    }
    QByteArray &data() { return data_; }
    bool save(const QString &path) const
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data_) == data_.size();
    }

private:
    bool big_;
    QByteArray data_;
};

// Frame i's bytes: its number in the first 4 bytes, then a length that varies with i, so a hop that
// lands on the wrong record shows.
QByteArray frameBytes(uint32_t i)
{
    QByteArray b(int(20 + (i * 37) % 1500), char(i & 0xFF));
    b[0] = char(i >> 24);
    b[1] = char(i >> 16);
    b[2] = char(i >> 8);
    b[3] = char(i);
    return b;
}

uint32_t numberIn(const QByteArray &b)
{
    return uint32_t(uchar(b[0])) << 24 | uint32_t(uchar(b[1])) << 16 | uint32_t(uchar(b[2])) << 8 | uchar(b[3]);
}

} // namespace

class TestFrameStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }
    void byteOrdersAndPrecisions_data();
    void byteOrdersAndPrecisions();
    void fiveThousandFrames();
    void outOfRange();
    void cutShort();
    void notPcap_data();
    void notPcap();
    void corruptLength();
    void growingFile();
    void writtenByLibpcap();

private:
    QString path(const QString &name) const { return dir_.filePath(name); }
    QTemporaryDir dir_;
};

void TestFrameStore::byteOrdersAndPrecisions_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<bool>("nano");
    QTest::newRow("little-endian, microseconds") << false << false;
    QTest::newRow("big-endian, microseconds") << true << false;
    QTest::newRow("little-endian, nanoseconds") << false << true;
    QTest::newRow("big-endian, nanoseconds") << true << true;
}

void TestFrameStore::byteOrdersAndPrecisions()
{
    QFETCH(bool, bigEndian);
    QFETCH(bool, nano);
    PcapWriter w(bigEndian, nano, 113);
    w.add({1764170000, nano ? 123456789u : 123456u, frameBytes(1), 0});
    w.add({1764170001, nano ? 5u : 7u, frameBytes(2), 9000}); // snaplen cut: origLen > caplen
    w.add({1764170002, 0, frameBytes(3), 0});
    const QString file = path(QStringLiteral("order-%1-%2.pcap").arg(bigEndian).arg(nano));
    QVERIFY(w.save(file));

    FrameStore store(file);
    StoredFrame f;
    QString error;
    QVERIFY2(store.read(2, &f, &error), qPrintable(error));
    QCOMPARE(f.number, 2u);
    QCOMPARE(f.bytes, frameBytes(2));
    QCOMPARE(f.caplen, uint32_t(frameBytes(2).size()));
    QCOMPARE(f.origLen, 9000u);
    QCOMPARE(f.linkType, 113);
    QCOMPARE(f.seconds, 1764170001);
    QCOMPARE(f.nanoseconds, nano ? 5u : 7000u);

    QVERIFY2(store.read(1, &f, &error), qPrintable(error));
    QCOMPARE(f.bytes, frameBytes(1));
    QCOMPARE(f.nanoseconds, nano ? 123456789u : 123456000u);
    QVERIFY2(store.read(3, &f, &error), qPrintable(error));
    QCOMPARE(f.bytes, frameBytes(3));
    QCOMPARE(store.frameCount(&error), 3);
}

void TestFrameStore::fiveThousandFrames()
{
    constexpr uint32_t kFrames = 5000;
    PcapWriter w(false, false);
    for (uint32_t i = 1; i <= kFrames; ++i)
        w.add({1764170000 + i, i, frameBytes(i), 0});
    const QString file = path(QStringLiteral("big.pcap"));
    QVERIFY(w.save(file));

    FrameStore store(file);
    StoredFrame f;
    QString error;
    // Last first (the walk goes all the way), then the first and the middle from the index.
    for (uint32_t n : {kFrames, 1u, 2500u, 256u, 257u, 4864u, 4865u, 4999u, 2u}) {
        QVERIFY2(store.read(n, &f, &error), qPrintable(error));
        QCOMPARE(numberIn(f.bytes), n);
        QCOMPARE(f.bytes, frameBytes(n));
        QCOMPARE(f.seconds, int64_t(1764170000 + n));
    }
    // One offset per 256 frames, the first frame's included.
    QCOMPARE(store.indexSize(), size_t(kFrames / FrameStore::kIndexStride + 1));

    // A fresh store asked for the middle walks only that far.
    FrameStore fresh(file);
    QVERIFY2(fresh.read(2500, &f, &error), qPrintable(error));
    QCOMPARE(numberIn(f.bytes), 2500u);
    QCOMPARE(fresh.indexSize(), size_t(2500 / FrameStore::kIndexStride + 1));

    // Once indexed, a lookup hops over at most 255 record headers.
    QElapsedTimer t;
    t.start();
    for (uint32_t n = 1; n <= kFrames; n += 97)
        QVERIFY(store.read(n, &f, &error) && numberIn(f.bytes) == n);
    QVERIFY2(t.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms").arg(t.elapsed())));
}

void TestFrameStore::outOfRange()
{
    PcapWriter w(false, false);
    for (uint32_t i = 1; i <= 10; ++i)
        w.add({0, 0, frameBytes(i), 0});
    const QString file = path(QStringLiteral("capture-1.pcap"));
    QVERIFY(w.save(file));
    FrameStore store(file);
    StoredFrame f;
    QString error;
    QVERIFY(!store.read(12, &f, &error));
    QCOMPARE(error, QStringLiteral("frame 12 is past the end of capture-1.pcap (10 frames)"));
    QVERIFY(!store.read(0, &f, &error));
    QCOMPARE(error, QStringLiteral("frame 0 does not exist: frames are numbered from 1"));
    // Still usable after the errors.
    QVERIFY2(store.read(10, &f, &error), qPrintable(error));
    QCOMPARE(f.bytes, frameBytes(10));
    QVERIFY(!store.read(11, &f, &error));
    QCOMPARE(error, QStringLiteral("frame 11 is past the end of capture-1.pcap (10 frames)"));

    PcapWriter one(true, false);
    one.add({0, 0, frameBytes(1), 0});
    QVERIFY(one.save(path(QStringLiteral("one.pcap"))));
    FrameStore single(path(QStringLiteral("one.pcap")));
    QVERIFY(!single.read(2, &f, &error));
    QCOMPARE(error, QStringLiteral("frame 2 is past the end of one.pcap (1 frame)"));

    FrameStore missing(path(QStringLiteral("nothing-here.pcap")));
    QVERIFY(!missing.read(1, &f, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot open ")) && error.contains(QStringLiteral("nothing-here.pcap")),
             qPrintable(error));
}

void TestFrameStore::cutShort()
{
    PcapWriter w(false, true);
    for (uint32_t i = 1; i <= 3; ++i)
        w.add({0, 0, frameBytes(i), 0});
    w.data().chop(10); // the last record loses its end
    const QString file = path(QStringLiteral("cut.pcap"));
    QVERIFY(w.save(file));
    FrameStore store(file);
    StoredFrame f;
    QString error;
    QVERIFY2(store.read(2, &f, &error), qPrintable(error));
    QCOMPARE(f.bytes, frameBytes(2));
    QVERIFY(!store.read(3, &f, &error));
    const qsizetype partial = 16 + frameBytes(3).size() - 10;
    QCOMPARE(error, QStringLiteral("frame 3 is past the end of cut.pcap (2 frames, then %1 bytes of a record cut short)")
                        .arg(partial));

    // Cut inside a record header.
    PcapWriter h(false, false);
    h.add({0, 0, frameBytes(1), 0});
    h.data().append(QByteArray(5, '\0'));
    QVERIFY(h.save(path(QStringLiteral("cut-header.pcap"))));
    FrameStore store2(path(QStringLiteral("cut-header.pcap")));
    QVERIFY(!store2.read(2, &f, &error));
    QCOMPARE(error, QStringLiteral("frame 2 is past the end of cut-header.pcap (1 frame, then 5 bytes of a record cut short)"));

    // Cut inside the file header.
    QFile tiny(path(QStringLiteral("tiny.pcap")));
    QVERIFY(tiny.open(QIODevice::WriteOnly));
    tiny.write(PcapWriter(false, false).data().left(10));
    tiny.close();
    FrameStore store3(tiny.fileName());
    QVERIFY(!store3.read(1, &f, &error));
    QCOMPARE(error, QStringLiteral("tiny.pcap is too short for a pcap file header (10 of 24 bytes)"));
}

void TestFrameStore::notPcap_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pcapng") << QByteArray::fromHex("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000")
                            << QStringLiteral("x.pcap is a pcapng file; frames are read from classic pcap files only");
    QTest::newRow("text") << QByteArray("hello, this is not a capture file at all")
                          << QStringLiteral("x.pcap is not a pcap file (magic number 0x6c6c6568)");
}

void TestFrameStore::notPcap()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QFile file(path(QStringLiteral("x.pcap")));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    FrameStore store(file.fileName());
    StoredFrame f;
    QString error;
    QVERIFY(!store.read(1, &f, &error));
    QCOMPARE(error, expected);
    QVERIFY(!store.read(1, &f, &error)); // remembered, same words
    QCOMPARE(error, expected);
}

void TestFrameStore::corruptLength()
{
    PcapWriter w(false, false);
    w.add({0, 0, frameBytes(1), 0});
    w.u32(0);
    w.u32(0);
    w.u32(0xFFFFFFF0); // caplen of record 2
    w.u32(60);
    w.data().append(QByteArray(100, 'x'));
    QVERIFY(w.save(path(QStringLiteral("corrupt.pcap"))));
    FrameStore store(path(QStringLiteral("corrupt.pcap")));
    StoredFrame f;
    QString error;
    QVERIFY2(store.read(1, &f, &error), qPrintable(error));
    QVERIFY(!store.read(2, &f, &error));
    QVERIFY2(error.startsWith(QStringLiteral("frame 2 is past the end of corrupt.pcap (1 frame; record 2 of corrupt.pcap "
                                             "claims 4294967280 captured bytes")),
             qPrintable(error));
}

void TestFrameStore::growingFile()
{
    // A live capture appends while the details panel reads: a frame past the end today is there tomorrow.
    const QString file = path(QStringLiteral("growing.pcap"));
    PcapWriter w(false, false);
    w.add({0, 0, frameBytes(1), 0});
    const QByteArray first = w.data();
    w.add({0, 0, frameBytes(2), 0});
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(first);
    out.write(w.data().mid(first.size(), 7)); // half a record header
    out.flush();

    FrameStore store(file);
    StoredFrame f;
    QString error;
    QVERIFY(!store.read(2, &f, &error));
    QVERIFY2(error.contains(QStringLiteral("(1 frame, then 7 bytes")), qPrintable(error));
    out.write(w.data().mid(first.size() + 7));
    out.flush();
    QVERIFY2(store.read(2, &f, &error), qPrintable(error));
    QCOMPARE(f.bytes, frameBytes(2));
}

void TestFrameStore::writtenByLibpcap()
{
    // What Session's scratch files really are: pcap_dump output.
    pcap_t *dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
    QVERIFY(dead);
    const QByteArray file = path(QStringLiteral("dumped.pcap")).toLocal8Bit();
    pcap_dumper_t *dumper = pcap_dump_open(dead, file.constData());
    QVERIFY(dumper);
    for (uint32_t i = 1; i <= 600; ++i) {
        const QByteArray b = frameBytes(i);
        pcap_pkthdr h{};
        h.ts.tv_sec = 1764170000;
        h.ts.tv_usec = suseconds_t(i);
        h.caplen = bpf_u_int32(b.size());
        h.len = bpf_u_int32(b.size());
        pcap_dump(reinterpret_cast<u_char *>(dumper), &h, reinterpret_cast<const u_char *>(b.constData()));
    }
    pcap_dump_close(dumper);
    pcap_close(dead);

    FrameStore store(QString::fromLocal8Bit(file));
    StoredFrame f;
    QString error;
    for (uint32_t n : {600u, 1u, 300u, 513u}) {
        QVERIFY2(store.read(n, &f, &error), qPrintable(error));
        QCOMPARE(f.bytes, frameBytes(n));
        QCOMPARE(f.linkType, 1);
        QCOMPARE(f.nanoseconds, n * 1000);
    }
    QCOMPARE(store.frameCount(&error), 600);
}

QTEST_APPLESS_MAIN(TestFrameStore)
#include "tst_framestore.moc"
