#!/usr/bin/env bash
# Refreshes resources/i18n/*.ts from the sources (lupdate), keeping existing translations and
# dropping obsolete ones. Every library folder is scanned with its subfolders (ui/ holds model/,
# render/ and widgets/); tests, benchmarks and fuzzers have no user-facing text.
# Then fill what is unfinished (scripts/fill_translations.py, from the `//: zh:` comments or a
# JSON table) and run this script again so that lupdate writes the file in its own layout.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
lupdate=$(command -v lupdate 2>/dev/null || echo /usr/lib/qt6/bin/lupdate)
[[ -x $lupdate ]] || { echo "update-translations.sh: lupdate not found (install qt6-l10n-tools)" >&2; exit 1; }
cd "$top"
sources=(capture net ui app)
for d in "${sources[@]}"; do
  [[ -d $d ]] || { echo "update-translations.sh: no folder $d" >&2; exit 1; }
done
# A folder with sources that is not scanned would lose its strings silently: say so.
for d in */; do
  d=${d%/}
  case " ${sources[*]} build tests bench fuzz resources scripts docs " in *" $d "*) continue ;; esac
  if grep -rqsE '\btr\(|translate\(|QT_TR(ANSLATE)?_NOOP' "$d" --include='*.cpp' --include='*.h'; then
    echo "update-translations.sh: $d/ has translatable strings but is not scanned" >&2
    exit 1
  fi
done
"$lupdate" -recursive -extensions cpp,h -locations none -no-obsolete "${sources[@]}" \
  -ts resources/i18n/handshake-viz_zh_CN.ts
python3 scripts/fill_translations.py --check resources/i18n/handshake-viz_zh_CN.ts || true
