#pragma once
// Draws a LadderGeometry. The one painter behind the screen and every image export: it reads the
// geometry only, never the timeline, a socket or the capture.
#include "LadderLayout.h"

#include <QColor>
#include <QRectF>

class QPainter;

namespace hv {

// The ladder's colours: the screen's and every export's (Light), a projector's (HighContrast),
// a dark room's (Dark).
enum class LadderTheme : uint8_t { Light, HighContrast, Dark };

struct LadderPaintOptions {
    int currentRow = -1;   // highlighted: the step being explained, or the one clicked
    int revealedRows = -1; // rows drawn when stepping through (-1: all)
    // How far the current row's arrow has travelled (0..1): the step animation. Before it lands
    // the arrow is drawn part way with its head at the tip, the receiver's state box comes on arrival.
    qreal currentProgress = 1.0;
    bool fillBackground = true;
    // The current row lit, the other rows veiled (presentation mode): the class looks at one arrow.
    bool spotlight = false;
};

class LadderPainter {
public:
    // Paints the part of the ladder inside `visible` (content coordinates; the painter's
    // transform maps content to the device). Only the rows crossing `visible` are drawn.
    static void paint(QPainter &painter, const LadderGeometry &geometry, const QRectF &visible,
                      const LadderPaintOptions &options = {});

    // Paints the part of a stack of ladders inside `visible` (stack coordinates): each ladder as
    // paint() draws it alone, a dashed line between two. No row is highlighted or hidden.
    static void paintStack(QPainter &painter, const LadderStack &stack, const QRectF &visible,
                           bool fillBackground = true);

    // The role headers alone, their top at `top`, on a band of background: kept in sight while
    // the view scrolls down a long ladder.
    static void paintHeaders(QPainter &painter, const LadderGeometry &geometry, qreal top);
    // Height of the band paintHeaders() covers.
    static qreal headerBandHeight(const LadderGeometry &geometry);

    // The theme the colours below and every paint call use while it lives (the GUI thread's
    // paint of the view); Light outside one.
    class ThemeScope {
    public:
        explicit ThemeScope(LadderTheme theme);
        ~ThemeScope();
        ThemeScope(const ThemeScope &) = delete;
        ThemeScope &operator=(const ThemeScope &) = delete;

    private:
        LadderTheme previous_;
    };

    static QColor background();
    static QColor arrowColor(ArrowKind kind);
    static QColor stateFill(TcpState state);
    static QColor stateBorder(TcpState state);
};

} // namespace hv
