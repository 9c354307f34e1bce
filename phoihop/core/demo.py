"""The fictional demo province (tỉnh Sơn Hà): agencies, users of every role, pre-enrolled TOTP secrets.

Every name here is invented. Demo data is refused in production mode.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings

from phoihop.audit.services import audit_record
from phoihop.core import audit_events
from phoihop.core.choices import AgencyKind, Clearance
from phoihop.core.models import Agency, User
from phoihop.core.services import agency_create, token_create, user_create
from phoihop.transactions import batch

DEMO_PASSWORD = "SonHa-demo-2026"
PROVINCE = "Sơn Hà"

AGENCIES: list[tuple[str, str, str, bool]] = [
    ("BTC", f"Ban Tổ chức Tỉnh ủy {PROVINCE}", AgencyKind.PARTY_BOARD, True),
    ("UBKT", f"Ủy ban Kiểm tra Tỉnh ủy {PROVINCE}", AgencyKind.INSPECTION, False),
    ("CA", f"Công an tỉnh {PROVINCE}", AgencyKind.POLICE, False),
    ("QS", f"Bộ Chỉ huy Quân sự tỉnh {PROVINCE}", AgencyKind.MILITARY, False),
    ("TGDV", f"Ban Tuyên giáo và Dân vận Tỉnh ủy {PROVINCE}", AgencyKind.PARTY_BOARD, False),
    ("NC", f"Ban Nội chính Tỉnh ủy {PROVINCE}", AgencyKind.PARTY_BOARD, False),
    ("SNV", f"Sở Nội vụ tỉnh {PROVINCE}", AgencyKind.STATE, False),
    ("NGV", f"Phòng Ngoại vụ, Văn phòng UBND tỉnh {PROVINCE}", AgencyKind.STATE, False),
    ("TT", f"Thanh tra tỉnh {PROVINCE}", AgencyKind.INSPECTORATE, False),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    agency: str
    roles: tuple[str, ...]
    clearance: Clearance
    position: str


USERS: list[DemoUser] = [
    DemoUser("btc.quantri", "Lò Văn Khải", "BTC", ("admin",), Clearance.TOI_MAT, "Quản trị hệ thống"),
    DemoUser("btc.vanthu", "Đinh Thị Thoa", "BTC", ("clerk",), Clearance.MAT, "Văn thư"),
    DemoUser(
        "btc.chuyenvien", "Hà Minh Quân", "BTC", ("officer",), Clearance.TOI_MAT, "Chuyên viên Phòng BVCTNB"
    ),
    DemoUser("btc.lanhdao", "Vi Thị Hạnh", "BTC", ("leader",), Clearance.TUYET_MAT, "Phó Trưởng ban"),
    # Cleared for Mật but on no team: sees the classified demo case in the register as a number and a level.
    DemoUser(
        "btc.tonghop", "Lương Thị Ngân", "BTC", ("officer",), Clearance.MAT, "Chuyên viên Phòng Tổng hợp"
    ),
    # keepers of the letter writers' identity vault (letters):
    # a clerk each at the hub and the Inspection Commission
    DemoUser(
        "btc.khodon",
        "Tạ Thị Ngọc Lan",
        "BTC",
        ("clerk", "vault"),
        Clearance.MAT,
        "Văn thư đơn thư (giữ kho danh tính)",
    ),
    DemoUser("ubkt.khodon", "Khổng Văn Bình", "UBKT", ("clerk", "vault"), Clearance.MAT, "Văn thư đơn thư"),
    DemoUser("btc.giamsat", "Mạc Đức Tâm", "BTC", ("auditor",), Clearance.NONE, "Cán bộ kiểm tra nội bộ"),
    DemoUser(
        "ubkt.daumoi", "Lục Thị Yến", "UBKT", ("liaison", "officer"), Clearance.TOI_MAT, "Kiểm tra viên"
    ),
    DemoUser("ubkt.lanhdao", "Nông Văn Sơn", "UBKT", ("leader",), Clearance.TUYET_MAT, "Phó Chủ nhiệm"),
    DemoUser(
        "ca.daumoi",
        "Sầm Quốc Huy",
        "CA",
        ("liaison", "officer"),
        Clearance.TOI_MAT,
        "Cán bộ Phòng An ninh chính trị nội bộ",
    ),
    DemoUser("ca.lanhdao", "Hoàng Đình Lộc", "CA", ("leader",), Clearance.TUYET_MAT, "Phó Giám đốc"),
    DemoUser("qs.daumoi", "Triệu Văn Phúc", "QS", ("liaison",), Clearance.MAT, "Trợ lý Bảo vệ"),
    DemoUser("nc.daumoi", "Bế Thị Mai", "NC", ("liaison",), Clearance.MAT, "Chuyên viên"),
    DemoUser(
        "snv.chuyenvien", "Ma Thanh Tùng", "SNV", ("officer",), Clearance.NONE, "Chuyên viên Phòng Công chức"
    ),
]
API_USER = DemoUser(
    "api.ca", "Hệ thống tích hợp Công an tỉnh", "CA", ("liaison",), Clearance.MAT, "Tài khoản tích hợp"
)


def demo_is_loaded() -> bool:
    return Agency.objects.exists()


@batch()  # many user actions, loaded together or not at all
def demo_load() -> str:
    """Create the demo province in an empty database; returns the API token of the integration account."""
    if not (settings.DEMO or settings.DEBUG or settings.TESTING):
        raise RuntimeError("demo data is refused in production mode")
    agencies = {}
    for code, name, kind, is_hub in AGENCIES:
        agencies[code] = agency_create(actor=None, code=code, name=name, kind=kind, is_hub=is_hub)
    for spec in USERS:
        user, _generated = user_create(
            actor=None,
            username=spec.username,
            full_name=spec.full_name,
            agency=agencies[spec.agency],
            roles=spec.roles,
            clearance=spec.clearance,
            password=DEMO_PASSWORD,
            position=spec.position,
        )
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())}
        )
    api_user, _ = user_create(
        actor=None,
        username=API_USER.username,
        full_name=API_USER.full_name,
        agency=agencies[API_USER.agency],
        roles=API_USER.roles,
        clearance=API_USER.clearance,
        is_api_only=True,
        position=API_USER.position,
    )
    _token, raw = token_create(actor=None, user=api_user, name="demo")
    audit_record(action=audit_events.DEMO_LOAD, payload={"agencies": len(agencies), "users": len(USERS) + 1})
    return raw


def totp_secret(user: User) -> str | None:
    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(auth.data["secret"]) if auth else None


def current_code(secret: str, at: float | None = None) -> tuple[str, int]:
    """The one-time code valid now and the seconds it stays valid."""
    now = time.time() if at is None else at
    period = 30
    return format_hotp_value(hotp_value(secret, int(now) // period)), period - int(now) % period


def totp_url(user: User, secret: str) -> str:
    return get_mfa_adapter().build_totp_url(user, secret)
