"""Fill a gettext catalogue from a translation table and report what is still missing.

Usage: python scripts/po_fill.py LANG   (reads scripts/translations_LANG.py: a dict named T)
Source strings are Vietnamese; the English catalogue is filled from scripts/translations_en.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    lang = sys.argv[1] if len(sys.argv) > 1 else "en"
    spec = importlib.util.spec_from_file_location("t", ROOT / f"scripts/translations_{lang}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table: dict[str, str | tuple[str, str]] = module.T
    path = ROOT / f"phoihop/locale/{lang}/LC_MESSAGES/django.po"
    po = polib.pofile(str(path))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in table:
            text = table[entry.msgid]
            if entry.msgid_plural:
                singular, plural = text if isinstance(text, tuple) else (text, text)
                entry.msgstr_plural = {0: singular, 1: plural}
            else:
                entry.msgstr = text if isinstance(text, str) else text[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.translated():
            missing.append(entry.msgid)
    po.metadata["Language"] = lang
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);" if lang == "en" else "nplurals=1; plural=0;"
    po.save(str(path))
    for msgid in missing:
        print(f"MISSING: {msgid!r}")
    print(f"{path.relative_to(ROOT)}: {len(po.translated_entries())} translated, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
