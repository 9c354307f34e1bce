"""The default registration bases, and a basis for every person registered before bases were recorded.

Existing persons get the inactive "legacy" basis (their agency's, since the day they were registered): nobody
guessed their purpose, and the registry keeper's review page lists them until an officer states a real basis.
Subjects of cases also get the case basis of each case, lapsed on the day the case closed. Set-based SQL: a
registry of a million persons is two INSERT … SELECT statements. The values are frozen here; the code's defaults
(`people/bases.py`) may change later without changing what this migration did.
"""

import uuid

from django.db import migrations
from django.utils import timezone

DEFAULTS = [
    # code, label, for_case, allows_non_members, retention_months, active, source
    ("case", "Người liên quan của hồ sơ vụ việc", True, True, 120, True,
     "Hồ sơ vụ việc của cơ quan; lưu 10 năm sau khi hồ sơ kết thúc (thời hiệu kỷ luật dài nhất, Quy định "
     "69-QĐ/TW) — giá trị mặc định, cần cơ quan xác nhận"),
    ("member-register", "Danh sách đảng viên của tổ chức đảng do cơ quan quản lý", False, False, 60, True,
     "Quản lý đảng viên của tổ chức đảng; lưu 5 năm sau khi không còn trong danh sách — giá trị mặc định, cần "
     "cơ quan xác nhận"),
    ("managed-cadre", "Cán bộ thuộc diện cơ quan quản lý", False, False, 60, True,
     "Phân cấp quản lý cán bộ (Quy định 377-QĐ/TW); lưu 5 năm sau khi thôi thuộc diện quản lý — giá trị mặc "
     "định, cần cơ quan xác nhận"),
    ("legacy", "Đăng ký trước khi ghi căn cứ (cần xác định lại)", False, True, 0, False,
     "Tạo khi nâng cấp cho hồ sơ có trước quy định ghi căn cứ đăng ký; không chọn được cho đăng ký mới"),
]  # fmt: skip


def seed(apps, schema_editor):
    Basis = apps.get_model("people", "RegistrationBasis")
    for code, label, for_case, non_members, months, active, source in DEFAULTS:
        Basis.objects.get_or_create(code=code, defaults={
            "id": uuid.uuid4(), "label": label, "for_case": for_case, "allows_non_members": non_members,
            "retention_months": months, "active": active, "source": source,
        })  # fmt: skip
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = "date(p.created_at)" if connection.vendor == "sqlite" else "(p.created_at AT TIME ZONE 'UTC')::date"
    legacy = Basis.objects.get(code="legacy").pk
    case = Basis.objects.get(code="case").pk
    legacy_id = legacy.hex if connection.vendor == "sqlite" else legacy
    case_id = case.hex if connection.vendor == "sqlite" else case
    columns = ", ".join(quote(c) for c in ["person_id", "basis_id", "agency_id", "case_id", "since", "lapsed_on",
                                              "recorded_at"])  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO people_personbasis ({columns}) "
            f"SELECT p.id, %s, p.owner_agency_id, NULL, {day}, NULL, %s FROM people_person p "
            "WHERE p.merged_into_id IS NULL",
            [legacy_id, now],
        )
        cursor.execute(
            f"INSERT INTO people_personbasis ({columns}) "
            "SELECT s.person_id, %s, c.owner_agency_id, c.id, c.opened_on, c.closed_on, %s "
            "FROM cases_casesubject s JOIN cases_case c ON c.id = s.case_id "
            "JOIN people_person p ON p.id = s.person_id WHERE p.merged_into_id IS NULL",
            [case_id, now],
        )


def unseed(apps, schema_editor):
    apps.get_model("people", "PersonBasis").objects.all().delete()
    apps.get_model("people", "RegistrationBasis").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0006_registration_bases"), ("cases", "0006_case_subjects")]
    operations = [migrations.RunPython(seed, unseed)]
