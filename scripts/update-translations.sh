#!/usr/bin/env bash
# Refreshes resources/i18n/*.ts from the sources (lupdate), keeping existing translations.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
lupdate=$(command -v lupdate 2>/dev/null || echo /usr/lib/qt6/bin/lupdate)
cd "$top"
"$lupdate" -locations none -no-obsolete capture net ui app -ts resources/i18n/handshake-viz_zh_CN.ts
