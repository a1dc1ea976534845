#pragma once
// The interface language: our translations and Qt's own, installed together. No widgets: the
// command line and headless runs speak it too.
#include <QString>

namespace hv {

// Installs the Chinese ("zh") translations, or none ("en"). Needs a QCoreApplication.
void installLanguage(const QString &code);
// "zh" when the system locale is Chinese, else "en".
QString defaultLanguage();
// The code installed last ("en" before any).
QString currentLanguage();

} // namespace hv
