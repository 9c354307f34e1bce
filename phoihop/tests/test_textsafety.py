"""Control characters are refused by every form and serializer
text field, with a message naming the character."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from rest_framework import serializers

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case
from phoihop.core.tests.factories import UserFactory
from phoihop.textsafety import control_character_problem, printable


def test_the_rule():
    assert control_character_problem("Nguyễn Văn Đức, 12/3 đường Lê Lợi", multiline=False) is None
    assert "U+0001" in control_character_problem("Hồ sơ\x01", multiline=True)
    assert "vị trí 6" in control_character_problem("Hồ sơ\x01", multiline=True)
    assert control_character_problem("dòng 1\r\ndòng 2\tcột", multiline=True) is None
    assert "một dòng" in control_character_problem("dòng 1\ndòng 2", multiline=False)
    for char in ("\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\u2066", "\ufffe"):
        assert control_character_problem(f"a{char}b", multiline=True), repr(char)
    assert printable("a\x01b\x7fc\x9bd\ne") == "a\u2401b\u2421c\ufffdd\ne"


class AnyForm(forms.Form):
    """A form written after the rule, by anyone: it gets the rule without asking."""

    title = forms.CharField(max_length=100)
    body = forms.CharField(widget=forms.Textarea, required=False)


def test_every_form_refuses_control_characters_in_vietnamese():
    form = AnyForm({"title": "Hồ sơ\x01mật", "body": "x"})
    assert not form.is_valid()
    assert form.errors["title"] == [
        "Có ký tự điều khiển không được phép (U+0001) ở vị trí 6; hãy xóa nó hoặc gõ lại đoạn văn bản."
    ]
    assert not AnyForm({"title": "một\ndòng"}).is_valid()  # a single-line input never holds a line break
    assert AnyForm({"title": "Hồ sơ", "body": "dòng 1\r\ndòng 2\tcột"}).is_valid()
    assert not AnyForm({"title": "Hồ sơ", "body": "dòng \x1b[31m"}).is_valid()


class AnySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    body = serializers.CharField(required=False)


def test_every_serializer_refuses_control_characters():
    bad = AnySerializer(data={"title": "Hồ sơ\x01mật"})
    assert not bad.is_valid() and "U+0001" in str(bad.errors["title"][0])
    assert bad.errors["title"][0].code == "control_characters"
    assert not AnySerializer(data={"title": "một\ndòng"}).is_valid()
    assert AnySerializer(data={"title": "Hồ sơ", "body": "dòng 1\ndòng 2"}).is_valid()
    assert not AnySerializer(data={"title": "Hồ sơ", "body": "\u202egnoc"}).is_valid()


@pytest.mark.django_db
def test_case_title_with_a_control_character_is_refused_on_the_page_and_the_api(hub):
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    client = Client()
    client.force_login(officer)
    page = client.post("/cases/new/", {"title": "Thẩm tra\x01", "classification": "0", "summary": ""})
    assert page.status_code == 200 and "ký tự điều khiển không được phép (U+0001)" in page.content.decode()
    api = client.post(
        "/api/v1/cases/", {"title": "Thẩm tra\x01", "classification": 0}, content_type="application/json"
    )
    assert api.status_code == 400 and "U+0001" in api.json()["errors"]["title"][0]
    assert not Case.objects.exists()
    ok = client.post(
        "/cases/new/", {"title": "Thẩm tra", "classification": "0", "summary": "Dòng 1\r\nDòng 2"}
    )
    assert ok.status_code == 302 and Case.objects.get().summary == "Dòng 1\r\nDòng 2"


@pytest.mark.django_db
def test_sign_in_name_with_a_control_character_is_refused_before_it_reaches_the_audit(officer, client):
    response = client.post(
        reverse("account_login"), {"login": "chuyen\x01vien", "password": "sai-mat-khau-roi"}
    )
    assert response.status_code == 200 and "U+0001" in response.content.decode()
    assert not AuditEvent.objects.filter(actor_name__contains="\x01").exists()
