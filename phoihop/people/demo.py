"""Fictional people for the demo province: a Party unit tree with history (a pre-2025 district merged into
communes), named persons with dossiers and registration bases — one whose retention ended, for the registry
keeper's review list — and a few thousand synthetic members so search has something to do."""

from __future__ import annotations

from datetime import date

from phoihop.core.models import Agency, User
from phoihop.people import services
from phoihop.people.bases import MEMBER_REGISTER, ensure_defaults
from phoihop.people.models import PersonBasis
from phoihop.people.synth import generate_persons
from phoihop.transactions import batch


@batch()  # many user actions, loaded together or not at all
def demo_people(synthetic: int = 3000) -> None:
    ensure_defaults()
    admin = User.objects.get(username="btc.quantri")
    officer = User.objects.get(username="btc.chuyenvien")
    unit = services.unit_create
    province = unit(
        actor=admin, code="DBT-SH", name="Đảng bộ tỉnh Sơn Hà", kind="province", valid_from=date(1997, 1, 1)
    )
    district = unit(
        actor=admin,
        code="HDB-DB",
        name="Đảng bộ huyện Đông Bình",
        kind="district",
        parent=province,
        valid_from=date(1997, 1, 1),
    )
    old_cell = unit(actor=admin, code="CB-TH-1", name="Chi bộ thôn Tân Hòa 1", kind="cell", parent=district)
    commune = unit(
        actor=admin,
        code="XTH",
        name="Đảng bộ xã Tân Hòa",
        kind="direct",
        parent=province,
        valid_from=date(2025, 7, 1),
    )
    bureau = unit(
        actor=admin, code="DBCQ", name="Đảng bộ các cơ quan Đảng tỉnh", kind="direct", parent=province
    )
    btc_cell = unit(
        actor=admin, code="CB-BTC", name="Chi bộ Ban Tổ chức Tỉnh ủy", kind="grassroots", parent=bureau
    )
    services.unit_move(actor=admin, unit=old_cell, parent=commune, on=date(2025, 7, 1))
    services.unit_merge(
        actor=admin,
        unit=district,
        into=commune,
        on=date(2025, 7, 1),
        note="Sắp xếp tổ chức bộ máy, bỏ cấp huyện (dữ liệu trình diễn)",
    )
    people = [
        ("Nguyễn Văn Đức", date(1975, 3, 12), "M", "Xã Tân Hòa", old_cell, "Bí thư chi bộ"),
        ("Nguyễn Văn Đức", date(1990, 8, 2), "M", "Xã Yên Lạc", btc_cell, "Chuyên viên"),
        ("Đoàn Văn Thử", date(1979, 5, 20), "M", "Phường Bắc Sơn", btc_cell, "Phó Trưởng phòng"),
        ("Lê Thị Thuỷ", date(1984, 11, 9), "F", "Xã Phú Mỹ", btc_cell, "Trưởng phòng"),
        ("Trần Thị Hoà", date(1968, 1, 30), "F", "Xã Tân Hòa", old_cell, "Giáo viên"),
        ("Hoàng Minh Khánh", date(1988, 6, 15), "M", "Phường Hòa Bình", btc_cell, "Chuyên viên"),
    ]
    persons = []
    for name, born, sex, town, cell, position in people:
        persons.append(
            services.person_create(
                actor=officer,
                full_name=name,
                birth_date=born,
                sex=sex,
                home_town=town,
                unit=cell,
                position=position,
                party_joined_on=date(born.year + 24, 5, 19),
                basis=MEMBER_REGISTER,
                confirm_distinct=True,
            )
        )
    # A member who moved away in 2016: the agency ended his basis then, and its five years of retention are
    # over, so he is on the registry keeper's review list (btc.lanhdao). History written as of then, not
    # through today's services, which date what they record today.
    gone = services.person_create(
        actor=officer,
        full_name="Phùng Văn Xa",
        birth_date=date(1950, 4, 2),
        sex="M",
        home_town="Xã Tân Hòa",
        unit=old_cell,
        party_joined_on=date(1975, 5, 19),
        basis=MEMBER_REGISTER,
        confirm_distinct=True,
    )
    PersonBasis.objects.filter(person=gone).update(since=date(2009, 3, 1), lapsed_on=date(2016, 8, 1))
    thu = persons[2]
    services.relative_add(
        actor=officer,
        person=thu,
        relation="father",
        full_name="Đoàn Văn Lành",
        birth_year=1950,
        occupation="Nông dân (đã nghỉ)",
        residence="Phường Bắc Sơn",
    )
    services.relative_add(
        actor=officer, person=thu, relation="mother", full_name="Phạm Thị Nụ", birth_year=1953
    )
    services.relative_add(
        actor=officer,
        person=thu,
        relation="sibling",
        full_name="Đoàn Thị Hiền",
        birth_year=1982,
        nationality="Việt Nam",
        residence="Nhật Bản (lao động có thời hạn)",
    )
    services.foreign_relation_add(
        actor=officer,
        person=thu,
        kind="relative_abroad",
        country="Nhật Bản",
        description="Em gái lao động có thời hạn tại Nhật Bản",
        since="2019",
    )
    services.dossier_entry_add(
        actor=officer,
        person=thu,
        period="09/1997 – 06/2001",
        description="Sinh viên Trường Đại học (hư cấu)",
        place="Hà Nội",
    )
    services.dossier_entry_add(
        actor=officer,
        person=thu,
        period="2002 – nay",
        description="Công tác tại cơ quan Đảng tỉnh Sơn Hà",
        place="Sơn Hà",
    )
    if synthetic:
        generate_persons(synthetic, agency=Agency.objects.get(is_hub=True), seed=1997, relatives=1)
