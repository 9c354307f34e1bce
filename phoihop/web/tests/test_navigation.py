"""The main navigation is what the apps registered (phoihop/navigation.py), rendered by the base template as
before: the same links in the same order, the administration menu and the audit only for their roles."""

from __future__ import annotations

import re

import pytest

from phoihop import navigation
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = [
    ("/", "Việc của tôi"),
    ("/cases/", "Hồ sơ"),
    ("#", "Nghiệp vụ"),
    ("/persons/", "Cán bộ, đảng viên"),
    ("/requests/", "Yêu cầu đến"),
    ("/registers/outgoing/", "Sổ văn bản"),
    ("/calendar/", "Lịch làm việc"),
]
# the kind apps' registers, in one menu
KINDS = [
    ("/letters/", "Đơn thư"),
    ("/vetting/", "Thẩm định"),
    ("/discipline/", "Kỷ luật"),
    ("/consultations/", "Hiệp y nhân sự"),
]
ADMINISTRATION = [
    ("/admin/agencies/", "Cơ quan phối hợp"),
    ("/admin/users/", "Người dùng"),
    ("/rules/deadlines/", "Quy tắc thời hạn"),
    ("/letters/rules/", "Quy định đơn thư"),
    ("/vetting/rules/", "Quy định thẩm định"),
    ("/discipline/rules/", "Quy định kỷ luật"),
    ("/consultations/types/", "Loại hiệp y, xin ý kiến"),
    ("/registry/bases/", "Căn cứ đăng ký"),
    ("/registers/templates/", "Mẫu văn bản"),
    ("/registers/formats/", "Thể thức văn bản, nhiệm kỳ"),
]


def _menu(html: str) -> str:
    return html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>\n          <form", 1)[0]


def _links(html: str, css: str) -> list[tuple[str, str]]:
    found = re.findall(rf'<a class="{css}[^"]*"[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    return [(href, re.sub(r"<[^>]+>", "", text).strip()) for href, text in found]


def test_an_officer_sees_the_apps_entries_in_order_and_no_administration(officer, signed_in):
    html = _menu(signed_in(officer).get("/persons/").content.decode())
    assert _links(html, "nav-link") == EVERYONE
    assert _links(html, "dropdown-item") == KINDS and "/admin/" not in html and "/audit/" not in html
    active = re.findall(r'<a class="nav-link active"[^>]*aria-current="page" href="([^"]+)"', html)
    assert active == ["/persons/"]  # the people app's pages mark its entry


def test_an_administrator_and_auditor_sees_the_menu_and_the_audit(hub, signed_in):
    user = UserFactory(username="qt.kt", agency=hub, roles=["admin", "auditor"])
    html = _menu(signed_in(user).get("/admin/users/").content.decode())
    assert _links(html, "nav-link") == [*EVERYONE, ("#", "Quản trị"), ("/audit/", "Nhật ký kiểm tra")]
    assert _links(html, "dropdown-item") == KINDS + ADMINISTRATION
    assert 'class="nav-link dropdown-toggle active"' in html


def test_signed_out_there_is_no_menu(rf):
    request = rf.get("/")
    assert navigation.menu(request) == []


def test_an_entry_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        navigation.register(navigation.NavEntry("cases", "x", 1, "cases:case_list"))
