"""The `phoihop` commands of the foundation: demo, demo otp, user add, token create."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import audit_verify
from phoihop.core import demo
from phoihop.core.models import Agency, ApiToken, User
from phoihop.core.services import hash_token

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_mode(settings):
    settings.DEMO = True


def test_demo_loads_province_and_prints_sign_ins(demo_mode):
    out = run("demo")
    assert Agency.objects.count() == 9 and Agency.objects.get(is_hub=True).code == "BTC"
    assert set(Agency.objects.values_list("code", flat=True)) == {
        "BTC",
        "UBKT",
        "CA",
        "QS",
        "TGDV",
        "NC",
        "SNV",
        "NGV",
        "TT",
    }
    roles = set(User.objects.values_list("roles__code", flat=True))
    assert roles >= {"clerk", "officer", "leader", "liaison", "auditor", "admin"}
    assert demo.DEMO_PASSWORD in out and "btc.chuyenvien" in out
    raw = out.split("(chỉ hiện một lần) ")[1].split()[0]
    assert ApiToken.objects.filter(key_hash=hash_token(raw)).exists()
    assert audit_verify().ok
    again = run("demo")
    assert "không nạp lại" in again and Agency.objects.count() == 9


def test_demo_refused_in_production_mode(settings):
    settings.DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chế độ vận hành"):
        call_command("demo")
    assert not Agency.objects.exists()


def test_demo_otp_prints_the_current_code_and_qr(demo_mode):
    run("demo")
    user = User.objects.get(username="ca.daumoi")
    code, _ = demo.current_code(demo.totp_secret(user))
    out = run("demo", "otp", "ca.daumoi", "--qr")
    assert "Mã OTP của ca.daumoi" in out
    assert out.strip().splitlines()[-1] == code  # alone on the last line, for scripts
    assert "▀" in out or "█" in out  # the enrolment QR code drawn in the terminal


def test_user_add_with_generated_password(hub):
    out = run(
        "user",
        "add",
        "tran.binh",
        "--agency",
        "btc",
        "--role",
        "officer,leader",
        "--clearance",
        "toi-mat",
        "--full-name",
        "Trần Bình",
    )
    user = User.objects.get(username="tran.binh")
    assert user.role_codes == {"officer", "leader"} and user.clearance == 2 and user.agency == hub
    password = out.strip().split()[-1]
    assert user.check_password(password)
    assert AuditEvent.objects.filter(
        action="user.create", object_id=str(user.pk), actor_id__isnull=True
    ).exists()


def test_user_add_password_from_stdin(hub, monkeypatch):
    run(
        "user",
        "add",
        "doc.stdin",
        "--agency",
        "BTC",
        "--role",
        "clerk",
        "--clearance",
        "none",
        "--password-stdin",
        stdin="Mat-khau-tu-stdin-2026\n",
        monkeypatch=monkeypatch,
    )
    assert User.objects.get(username="doc.stdin").check_password("Mat-khau-tu-stdin-2026")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "KHONGCO", "--role", "officer", "--clearance", "mat"], "Không có cơ quan"),
        (["--agency", "BTC", "--role", "boss", "--clearance", "mat"], "Vai trò không hợp lệ"),
    ],
)
def test_user_add_bad_input(hub, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("user", "add", "sai.roi", *args)
    assert not User.objects.filter(username="sai.roi").exists()


def test_token_create_prints_token_as_last_word(hub):
    run("user", "add", "api.btc", "--agency", "BTC", "--role", "liaison", "--clearance", "none", "--api-only")
    out = run("token", "create", "api.btc")
    raw = out.strip().split()[-1]
    assert ApiToken.objects.filter(key_hash=hash_token(raw), user__username="api.btc").exists()


def test_token_create_refused_for_human_accounts(officer):
    with pytest.raises(CommandError, match="tài khoản tích hợp"):
        call_command("token", "create", officer.username)


def test_demo_includes_cases_for_the_walkthrough(demo_mode):
    from phoihop.cases.models import Case, CoordinationRequest

    run("demo")
    assert Case.objects.filter(kind="general").count() == 2
    waiting = CoordinationRequest.objects.get(status="sent", case__kind="general")
    assert waiting.to_agency.code == "CA" and waiting.days == 10 and waiting.unit == "working"
    assert Case.objects.filter(kind="general", status="concluded").count() == 1
