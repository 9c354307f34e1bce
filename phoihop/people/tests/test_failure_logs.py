"""An import file that cannot be read gets the same answer for the user as before, and the log has why."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from phoihop.audit import context
from phoihop.people import imports


def test_an_unreadable_workbook_is_refused_as_before_and_logged_with_the_request_id(caplog: Any) -> None:
    token = context.set_current(context.RequestContext(request_id="req-import-000001"))
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(imports.ImportError_) as refused:
            imports.read_table("danh-sach.xlsx", b"PK\x03\x04 not really a workbook")
    finally:
        context.reset(token)
    assert "Không đọc được tệp Excel" in str(refused.value.messages[0])
    [record] = [r for r in caplog.records if r.name == "phoihop.people.imports"]
    assert "req-import-000001" in record.getMessage() and record.exc_info and record.exc_info[0] is not None
