#include "Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace hv {

namespace {
QString installed = QStringLiteral("en");
}

void installLanguage(const QString &code)
{
    // Ours and Qt's own (dialog buttons, the command line's "Usage:"), replaced together.
    static QTranslator *ours = nullptr;
    static QTranslator *qt = nullptr;
    for (QTranslator **t : {&ours, &qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
    installed = code == QLatin1String("zh") ? QStringLiteral("zh") : QStringLiteral("en");
    if (installed != QLatin1String("zh"))
        return;
    ours = new QTranslator(QCoreApplication::instance());
    if (ours->load(QStringLiteral(":/i18n/handshake-viz_zh_CN.qm")))
        QCoreApplication::installTranslator(ours);
    qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

QString defaultLanguage()
{
    return QLocale().language() == QLocale::Chinese ? QStringLiteral("zh") : QStringLiteral("en");
}

QString currentLanguage()
{
    return installed;
}

} // namespace hv
