"""The English catalogue is the one source of the English (`phoihop/locale/en/LC_MESSAGES/django.po`, edited
by hand; `make messages` re-extracts and compiles). Here: it passes `msgfmt -c`, every string the code uses
(extracted exactly as `make messages` does, contexts included) has an English msgstr that is not fuzzy, it
holds no string the code no longer uses, and the compiled `.mo` says what the `.po` says."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale/en/LC_MESSAGES/django.po"
MSGFMT = (
    shutil.which("msgfmt") or "msgfmt"
)  # GNU gettext (Debian package `gettext`, README), as `make messages`


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def test_the_catalogue_passes_msgfmt_check(tmp_path):
    result = subprocess.run(
        [MSGFMT, "-c", "-o", str(tmp_path / "django.mo"), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_every_string_of_the_code_has_its_english_and_none_is_stale(tmp_path):
    """Extract as `make messages` does (from a copy, so the catalogue is untouched) and compare."""
    tree = tmp_path / "phoihop"
    shutil.copytree(
        BASE,
        tree,
        ignore=shutil.ignore_patterns(
            "static", "locale", "locale_vendor", "tests", "__pycache__", "*.mo", "*.po"
        ),
    )
    out = tmp_path / "out" / "locale"
    out.mkdir(parents=True)
    cwd = Path.cwd()
    os.chdir(tree)
    try:
        with override_settings(LOCALE_PATHS=[out]):
            call_command("makemessages", locale=["en"], ignore_patterns=["tests/*", "static/*"], verbosity=0)
    finally:
        os.chdir(cwd)
    extracted = {_key(e) for e in polib.pofile(str(out / "en/LC_MESSAGES/django.po")) if e.msgid}
    po = polib.pofile(str(PO))
    translated = {
        _key(e) for e in po if e.msgid and not e.obsolete and e.translated() and "fuzzy" not in e.flags
    }
    present = {_key(e) for e in po if e.msgid and not e.obsolete}
    missing = sorted(extracted - translated)
    assert not missing, (
        f"no English (or fuzzy) in {PO.name}: {missing[:10]} — run `make messages` and fill them"
    )
    stale = sorted(present - extracted)
    assert not stale, f"strings no longer in the code: {stale[:10]} — run `make messages`"


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "-o", str(fresh), str(PO)], check=True)
    with fresh.open("rb") as a, PO.with_suffix(".mo").open("rb") as b:
        expected, committed = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert committed._catalog == expected._catalog, "the .mo is older than the .po: run `make messages`"  # type: ignore[attr-defined]
