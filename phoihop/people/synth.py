"""Fictional persons at scale (`phoihop synth`, `make bench`).

Names are drawn from common Vietnamese family, middle and given names with a realistic distribution (about 38%
Nguyễn, then Trần, Lê, Phạm…); they are combinations, not anyone's record. Citizen IDs start with 99x
(990–999: no province has these codes) and Party cards with 99 — codes no real number uses — so a synthetic ID
can never be a real person's. Rows go in with bulk inserts in batches, inside one transaction per batch; the
full-text index follows by its triggers (SQLite) or its GIN index (PostgreSQL). Every person is registered for
the member register of its (fictional) unit, one INSERT … SELECT per batch.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.db import connection, transaction

from phoihop.people.bases import MEMBER_REGISTER, ensure_defaults
from phoihop.people.models import NameToken, PartyUnit, Person, RegistrationBasis, Relative
from phoihop.people.services import derived_columns
from phoihop.search.folding import fold_vi

FAMILY = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 30),
    ("Huỳnh", 21),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Đoàn", 7),
    ("Trịnh", 6),
    ("Lương", 5),
    ("Mai", 5),
    ("Lưu", 4),
    ("Cao", 5),
    ("Tạ", 3),
    ("Hà", 5),
    ("Kiều", 2),
    ("Lò", 3),
    ("Triệu", 3),
    ("Quách", 2),
    ("Thái", 2),
]
MIDDLE_M = [
    ("Văn", 45),
    ("Đức", 8),
    ("Minh", 8),
    ("Quang", 6),
    ("Hữu", 7),
    ("Thanh", 5),
    ("Ngọc", 4),
    ("Công", 5),
    ("Xuân", 4),
    ("Mạnh", 3),
    ("Trọng", 3),
    ("Đình", 5),
    ("Tuấn", 2),
    ("Bá", 2),
    ("Quốc", 3),
]
MIDDLE_F = [
    ("Thị", 55),
    ("Thu", 6),
    ("Ngọc", 6),
    ("Thanh", 5),
    ("Minh", 4),
    ("Kim", 4),
    ("Hồng", 4),
    ("Phương", 3),
    ("Diệu", 2),
    ("Bích", 3),
    ("Mai", 2),
    ("Thùy", 3),
    ("Khánh", 2),
]
GIVEN_M = [
    "An",
    "Bảo",
    "Bình",
    "Cường",
    "Chiến",
    "Công",
    "Dũng",
    "Duy",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hào",
    "Hiếu",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khang",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Lợi",
    "Luân",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quý",
    "Sơn",
    "Tài",
    "Tâm",
    "Tân",
    "Thắng",
    "Thành",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Toàn",
    "Trung",
    "Trường",
    "Tú",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Thái",
    "Hậu",
    "Kiệt",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Bích",
    "Châu",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Quỳnh",
    "Thảo",
    "Thắm",
    "Thanh",
    "Thu",
    "Thủy",
    "Thúy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vy",
    "Xuân",
    "Yến",
    "Nhàn",
    "Lụa",
    "Đào",
    "Hậu",
    "Tâm",
]
PLACES = [
    "Xã Tân Hòa",
    "Xã Yên Lạc",
    "Phường Bắc Sơn",
    "Xã Đông Bình",
    "Phường Hòa Bình",
    "Xã Thanh Xuân",
    "Xã Phú Mỹ",
    "Phường Quang Trung",
    "Xã Cẩm Thủy",
    "Xã Vĩnh Thịnh",
    "Phường Lê Lợi",
    "Xã An Khánh",
]
POSITIONS = [
    "Chuyên viên",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Bí thư chi bộ",
    "Phó Bí thư chi bộ",
    "Giáo viên",
    "Cán bộ",
    "Chủ tịch UBND xã",
    "Phó Chủ tịch UBND xã",
    "",
]


def _weighted(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [p for p, _w in pairs], [w for _p, w in pairs]


class NameMaker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.family, self.family_w = _weighted(FAMILY)
        self.mid_m, self.mid_m_w = _weighted(MIDDLE_M)
        self.mid_f, self.mid_f_w = _weighted(MIDDLE_F)

    def person(self) -> tuple[str, str]:
        rng = self.rng
        sex = "M" if rng.random() < 0.52 else "F"
        family = rng.choices(self.family, self.family_w)[0]
        if sex == "M":
            middle, given = rng.choices(self.mid_m, self.mid_m_w)[0], rng.choice(GIVEN_M)
        else:
            middle, given = rng.choices(self.mid_f, self.mid_f_w)[0], rng.choice(GIVEN_F)
        if rng.random() < 0.15:  # a second middle name
            middle += " " + rng.choice(["Hoàng", "Minh", "Ngọc", "Thanh", "Đức", "Bảo"])
        return f"{family} {middle} {given}", sex


def ensure_units(seed: int = 7, communes: int = 60, cells_per_commune: int = 8) -> list[Any]:
    """A fictional province tree (reused when it exists); returns the cells persons belong to."""
    existing = list(
        PartyUnit.objects.filter(kind="cell", code__startswith="SYN-").values_list("pk", flat=True)
    )
    if existing:
        return existing
    rng = random.Random(seed)
    with transaction.atomic():
        province = PartyUnit.objects.create(
            code="SYN-DBT",
            name="Đảng bộ tỉnh Sơn Hà (tổng hợp)",
            name_folded=fold_vi("Đảng bộ tỉnh Sơn Hà"),
            kind="province",
        )
        cells = []
        for c in range(communes):
            place = f"{rng.choice(['Xã', 'Phường'])} {rng.choice(PLACES).split(' ', 1)[1]} {c + 1}"
            commune = PartyUnit.objects.create(
                code=f"SYN-X{c:03d}",
                name=f"Đảng bộ {place}",
                name_folded=fold_vi(f"Đảng bộ {place}"),
                kind="direct",
                parent=province,
            )
            for k in range(cells_per_commune):
                name = f"Chi bộ thôn {k + 1}, {place}"
                cells.append(
                    PartyUnit(
                        code=f"SYN-X{c:03d}-C{k:02d}",
                        name=name,
                        name_folded=fold_vi(name),
                        kind="cell",
                        parent=commune,
                    )
                )
        PartyUnit.objects.bulk_create(cells)
    return list(PartyUnit.objects.filter(kind="cell", code__startswith="SYN-").values_list("pk", flat=True))


def _rows(n: int, start: int, agency_id: Any, cells: list[Any], seed: int) -> Iterator[dict[str, Any]]:
    maker = NameMaker(seed)
    rng = maker.rng
    today = date.today()
    for i in range(start, start + n):
        full_name, sex = maker.person()
        year = rng.randint(1945, 2004)
        birth = date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.85 else None
        joined = date(min(year + rng.randint(18, 40), today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        century = (year // 100 - 19) * 2 + (1 if sex == "F" else 0)
        yield {
            "full_name": full_name,
            "sex": sex,
            "birth_year": year,
            "birth_date": birth,
            # 990–999 are not province codes: no synthetic ID
            # can be a real one (unique for the first 10M rows)
            "national_id": f"99{(i // 1_000_000) % 10}{century}{year % 100:02d}{i % 1_000_000:06d}"
            if i < 10_000_000
            else None,
            "party_card": f"99{i:08d}",
            "home_town": rng.choice(PLACES),
            "unit_id": rng.choice(cells),
            "position": rng.choice(POSITIONS),
            "party_joined_on": joined,
            "status": "member",
            "owner_agency_id": agency_id,
        }


_DERIVED_CACHE: dict[tuple[str, str], dict[str, str]] = {}


def _derived(full_name: str, home_town: str) -> dict[str, str]:
    key = (full_name, home_town)
    found = _DERIVED_CACHE.get(key)
    if found is None:
        if len(_DERIVED_CACHE) > 500_000:
            _DERIVED_CACHE.clear()
        found = _DERIVED_CACHE[key] = derived_columns(full_name, "", home_town)
    return found


COLUMNS = [
    "uuid",
    "full_name",
    "other_names",
    "name_folded",
    "name_key",
    "search_text",
    "name_pairs",
    "name_reversed",
    "sort_key",
    "birth_date",
    "birth_year",
    "sex",
    "national_id",
    "party_card",
    "ethnicity",
    "religion",
    "home_town",
    "home_town_folded",
    "residence",
    "unit_id",
    "position",
    "management_level",
    "party_joined_on",
    "party_official_on",
    "status",
    "classification",
    "owner_agency_id",
    "merged_into_id",
    "version",
    "created_at",
    "updated_at",
]


_BIRTH_YEAR = COLUMNS.index("birth_year")


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Raw bulk insert (COPY on PostgreSQL, executemany on SQLite): the ORM's per-value compilation would cost
    more than the database work at this scale. Values are prepared exactly as the ORM would store them."""
    cols = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY people_person ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO people_person ({cols}) VALUES ({marks})", rows)  # noqa: S608


def _register(after_id: int, basis_id: Any, today: Any, stamp: Any) -> int:
    """The member-register basis for every person inserted after `after_id`; returns the highest id now."""
    cols = "person_id, basis_id, agency_id, case_id, since, lapsed_on, recorded_by_id, recorded_at"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO people_personbasis ({cols}) SELECT "  # noqa: S608
            "id, %s, owner_agency_id, NULL, %s, NULL, NULL, %s "
            "FROM people_person WHERE id > %s",
            [basis_id, today, stamp, after_id],
        )
        cursor.execute("SELECT max(id) FROM people_person")
        return cursor.fetchone()[0] or after_id


def generate_persons(
    n: int,
    *,
    agency: Any,
    seed: int = 2026,
    batch: int = 5000,
    relatives: int = 0,
    progress: Callable[[int, int, float], None] | None = None,
) -> int:
    """Insert `n` fictional persons (and `relatives` parents each); returns how many were inserted."""
    import uuid

    from django.utils import timezone

    cells = ensure_units()
    start = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    began, done, words = time.perf_counter(), 0, set()
    rows = _rows(n, start + 1, agency.pk, cells, seed + start)
    pg = connection.vendor == "postgresql"
    if not pg:
        with connection.cursor() as cursor:  # a bulk load: a large page cache; each batch still commits
            cursor.execute("PRAGMA cache_size = -400000")
    now = timezone.now()
    stamp = now if pg else now.isoformat()
    ensure_defaults()
    basis_pk = RegistrationBasis.objects.get(code=MEMBER_REGISTER).pk
    basis_id, today = (
        (basis_pk, timezone.localdate()) if pg else (basis_pk.hex, timezone.localdate().isoformat())
    )
    registered = start
    while done < n:
        chunk = []
        for _ in range(min(batch, n - done)):
            row = next(rows)
            derived = _derived(row["full_name"], row["home_town"])
            words.update(derived["name_key"].split())
            ident = uuid.uuid4()
            birth, joined = row["birth_date"], row["party_joined_on"]
            chunk.append(
                (
                    ident if pg else ident.hex,
                    row["full_name"],
                    "",
                    derived["name_folded"],
                    derived["name_key"],
                    derived["search_text"],
                    derived["name_pairs"],
                    derived["name_reversed"],
                    derived["sort_key"],
                    birth if pg or birth is None else birth.isoformat(),
                    row["birth_year"],
                    row["sex"],
                    row["national_id"],
                    row["party_card"],
                    "",
                    "",
                    row["home_town"],
                    derived["home_town_folded"],
                    "",
                    row["unit_id"] if pg else row["unit_id"].hex,
                    row["position"],
                    "none",
                    joined if pg else joined.isoformat(),
                    None,
                    row["status"],
                    0,
                    agency.pk if pg else agency.pk.hex,
                    None,
                    1,
                    stamp,
                    stamp,
                )
            )
        with transaction.atomic():
            _insert(chunk)
            registered = _register(registered, basis_id, today, stamp)
            if relatives:
                _relatives(chunk, relatives, seed + done)
        done += len(chunk)
        if progress:
            progress(done, n, time.perf_counter() - began)
    NameToken.objects.bulk_create([NameToken(token=w) for w in words], ignore_conflicts=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A bulk load leaves GIN entries in the index's pending list, which every query then scans
            # linearly until autovacuum merges it: merge it now, then refresh the planner's statistics.
            if connection.in_atomic_block:  # VACUUM cannot run in a transaction (the demo loads inside one)
                cursor.execute(
                    "SELECT gin_clean_pending_list(c.oid::regclass) FROM pg_index i JOIN "
                    "pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                    "WHERE i.indrelid = 'people_person'::regclass AND a.amname = 'gin'"
                )
                cursor.execute("ANALYZE people_person")
            else:
                # also sets the visibility map, so autovacuum does
                # not rescan a million fresh rows mid-benchmark
                cursor.execute("VACUUM (ANALYZE) people_person")
            # the units and the word list were filled in bulk too: without statistics the planner takes 541
            # units for a handful and joins them by hashing the whole table
            cursor.execute("ANALYZE people_partyunit")
            cursor.execute("ANALYZE people_personbasis")
            cursor.execute("ANALYZE people_nametoken")
        else:
            cursor.execute("ANALYZE")
    return done


def _relatives(chunk: list[tuple[Any, ...]], count: int, seed: int) -> None:
    maker = NameMaker(seed)
    ids = {
        str(u).replace("-", ""): pk
        for u, pk in Person.objects.filter(uuid__in=[row[0] for row in chunk]).values_list("uuid", "id")
    }
    kin = []
    for row in chunk:
        person_id = ids.get(str(row[0]).replace("-", ""))  # a UUID (PostgreSQL rows) or its hex (SQLite rows)
        if person_id is None:
            continue
        for relation in ("father", "mother")[:count]:
            name, _sex = maker.person()
            if relation == "father":
                name = " ".join([row[1].split()[0], *name.split()[1:]])
            kin.append(
                Relative(
                    person_id=person_id,
                    relation=relation,
                    full_name=name,
                    name_folded=fold_vi(name),
                    birth_year=(row[_BIRTH_YEAR] or 1970) - 25,
                )
            )
    Relative.objects.bulk_create(kin, batch_size=2000)


def print_progress(done: int, total: int, seconds: float) -> None:
    rate = done / seconds if seconds else 0
    sys.stderr.write(f"\r  {done:>10,}/{total:,} ({100 * done // total:3d}%)  {rate:,.0f}/s ")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def synth_persons(n: int, *, hub: Any, options: dict[str, Any], stdout: Any, stderr: Any) -> str:
    """`phoihop synth --persons N` (registered with core/loaders.py from the people app's `ready()`)."""
    stdout.write(f"Sinh {n:,} cán bộ, đảng viên hư cấu…")
    done = generate_persons(
        n,
        agency=hub,
        seed=options["seed"],
        batch=options["batch"],
        relatives=options["relatives"],
        progress=print_progress,
    )
    return f"Đã sinh {done:,} người."
