"""A failure nobody sees at once is logged with the request that caused it and its traceback: text extraction
in the background (the version is marked failed, as before) and a template that does not render (refused with
the same message, as before)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from phoihop.cases import services as case_services
from phoihop.core.tests.factories import UserFactory
from phoihop.documents import tasks
from phoihop.documents.models import DocumentVersion
from phoihop.documents.tests import helpers

pytestmark = pytest.mark.django_db

REQUEST_ID = "req-upload-20261202"


def _records(caplog: Any, logger: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger and REQUEST_ID in r.getMessage()]


def test_a_failed_extraction_is_logged_with_the_uploads_request_id(
    hub: Any, caplog: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    case = case_services.case_open(actor=officer, title="Thẩm tra nhân sự B")

    def unreadable(*args: Any, **kwargs: Any) -> None:
        raise OSError("cannot start the extraction child")

    monkeypatch.setattr(tasks, "extract_isolated", unreadable)
    client = Client()
    client.force_login(officer)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/cases/{case.pk}/documents/",
            {
                "file": SimpleUploadedFile("bao-cao.txt", b"Noi dung"),
                "title": "Báo cáo",
            },
            HTTP_X_REQUEST_ID=REQUEST_ID,
        )
    assert response.status_code == 201, response.content
    assert DocumentVersion.objects.get().extraction == "failed"  # what the user sees, as before
    [record] = _records(caplog, "phoihop.documents.tasks")
    assert record.exc_info and "cannot start the extraction child" in str(record.exc_info[1])


def test_a_template_that_does_not_render_is_refused_and_logged(
    client: Client, admin_user: Any, caplog: Any
) -> None:
    from phoihop.documents.generation import template_path

    shipped = template_path("official.docx").read_bytes()
    broken = helpers.docx_with_text("{{ number }} {{ issuer }} {{ date_line }} {% if %}")
    client.force_login(admin_user)
    with caplog.at_level(logging.WARNING):
        refused = client.post(
            "/registers/templates/",
            {"file": SimpleUploadedFile("m.docx", broken), "reason": "Mẫu mới"},
            follow=True,
            HTTP_X_REQUEST_ID=REQUEST_ID,
        )
    assert "Mẫu không dựng được văn bản thử" in refused.content.decode()
    assert template_path("official.docx").read_bytes() == shipped
    [record] = _records(caplog, "phoihop.documents.services")
    assert record.exc_info is not None and record.exc_info[0] is not None
