"""The Vietnamese shell: language, dates, local assets only, CSP, catalogues complete, error pages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR)


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)


def test_home_uses_only_local_assets_that_exist(officer, signed_in):
    response = signed_in(officer).get("/")
    html = response.content.decode()
    urls = _asset_urls(html)
    assert any("bootstrap.min.css" in u for u in urls) and any("htmx" in u for u in urls)
    for url in urls:
        assert url.startswith("/static/"), f"non-local asset {url}"
        assert finders.find(url.removeprefix("/static/")), f"missing static file {url}"


def test_content_security_policy_has_no_external_origin(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_no_inline_scripts_or_styles_in_shell(officer, signed_in):
    html = signed_in(officer).get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert "<style" not in html and ' style="' not in html


def test_login_page_is_vietnamese_and_accessible(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'href="#main"' in html  # skip link
    for field_id in re.findall(r'<input[^>]+id="([^"]+)"', html):
        if "hidden" not in field_id:
            assert f'for="{field_id}"' in html, f"input {field_id} has no label"


def test_dates_are_dd_mm_yyyy_in_both_languages():
    for lang in ("vi", "en"):
        with translation.override(lang):
            rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}|{{ d }}").render(
                Context({"d": date(2026, 2, 14)})
            )
        assert rendered == "14/02/2026|14/02/2026", (lang, rendered)


def test_time_zone_is_vietnam():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh" and settings.LANGUAGE_CODE == "vi"


@pytest.mark.parametrize(
    "path",
    [LOCALE / "locale/en/LC_MESSAGES/django.po", LOCALE / "locale_vendor/vi/LC_MESSAGES/django.po"],
    ids=["en", "vendor-vi"],
)
def test_catalogues_are_complete_and_compiled(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:5]}"
    mo = path.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= path.stat().st_mtime - 1, "run `make messages` to compile"
    compiled = polib.mofile(str(mo))
    assert {e.msgid for e in compiled} >= {e.msgid for e in po.translated_entries()}


def test_every_source_string_is_in_the_english_catalogue():
    """A string added to code or templates without `make messages` shows up here."""
    po = polib.pofile(str(LOCALE / "locale/en/LC_MESSAGES/django.po"))
    known = {e.msgid for e in po}
    pattern = re.compile(r"""(?:\{%\s*translate\s+|\{%\s*trans\s+|\b_\()\s*["']([^"'{}]+?)["']""")
    missing = set()
    for path in Path(settings.BASE_DIR).rglob("*"):
        if path.suffix not in {".py", ".html"} or "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for match in pattern.finditer(source):
            text = match.group(1)
            if re.match(r"""\s*["']""", source[match.end() :]):
                continue  # implicitly concatenated literal: only its first part was captured
            if (
                re.search(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", text, re.IGNORECASE)
                and text not in known
            ):
                missing.add((path.name, text))
    assert not missing, sorted(missing)[:10]


def test_error_pages_in_vietnamese(client, officer, signed_in):
    response = signed_in(officer).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_non_admin_gets_403_on_administration(officer, signed_in):
    response = signed_in(officer).get("/admin/users/")
    assert response.status_code == 403
    assert "Chỉ quản trị viên" in response.content.decode()


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_no_email_password_reset(client):
    login = client.get("/accounts/login/").content.decode()
    assert "Forgot" not in login and "password/reset" not in login
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    assert "quản trị viên" in response.content.decode()
    assert client.post("/accounts/password/reset/", {"email": "a@b.c"}).status_code == 405


def test_pages_stay_vietnamese_for_an_english_browser_until_the_user_chooses(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    client.cookies["phoihop_language"] = "en"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="en">' in response.content.decode()
