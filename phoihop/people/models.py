"""Party units (a tree with history), persons, their dossiers, and merges of duplicate persons.

Persons have an integer key for joins and the search index (SQLite FTS5 rows are integers) and a random UUID
for every URL and API response, so identifiers stay non-guessable.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.people.choices import (
    BlockReason,
    ErasureMode,
    ForeignRelationKind,
    HoldCause,
    HoldOutcome,
    IdentifierField,
    JobState,
    ManagementLevel,
    PersonStatus,
    Relation,
    Sex,
    UnitEventKind,
    UnitKind,
)


class PartyUnit(models.Model):
    """A Party organisation. Units that ceased (pre-2025 districts, merged cells) stay, with their validity
    and what they merged into, so old cases still resolve."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("hợp nhất vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> bool:
        return self.valid_to is None


class PartyUnitEvent(models.Model):
    """History of a unit: creation, renames, moves, merges, dissolution (the old values are kept here)."""

    unit = models.ForeignKey(PartyUnit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=UnitEventKind.choices)
    on = models.DateField()
    old_name = models.CharField(max_length=300, blank=True)
    new_name = models.CharField(max_length=300, blank=True)
    other = models.ForeignKey(PartyUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.on}"


class Person(models.Model):
    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    other_names = models.CharField(_("tên gọi khác"), max_length=300, blank=True)
    # Maintained by the services (and the bulk generator) from full_name / other_names / home_town:
    name_folded = models.CharField(max_length=120, editable=False)
    name_key = models.CharField(max_length=120, editable=False)
    search_text = models.CharField(max_length=500, editable=False)
    name_pairs = models.CharField(
        max_length=500, editable=False, blank=True, default=""
    )  # "nguyen0van van0duc"
    name_reversed = models.CharField(
        max_length=120, editable=False, blank=True, default=""
    )  # "duc van nguyen"
    sort_key = models.CharField(max_length=255, editable=False)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices, blank=True)
    national_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    party_card = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    religion = models.CharField(_("tôn giáo"), max_length=50, blank=True)
    home_town = models.CharField(_("quê quán"), max_length=200, blank=True)
    home_town_folded = models.CharField(max_length=200, blank=True, editable=False)
    residence = models.CharField(_("nơi ở hiện nay"), max_length=200, blank=True)
    unit = models.ForeignKey(
        PartyUnit,
        verbose_name=_("tổ chức đảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    management_level = models.CharField(
        _("diện quản lý"), max_length=20, choices=ManagementLevel.choices, default=ManagementLevel.NONE
    )
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    party_official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.MEMBER
    )
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Clearance.choices, default=Clearance.NONE
    )
    owner_agency = models.ForeignKey(
        "core.Agency", verbose_name=_("cơ quan quản lý hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_persons", editable=False
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention job anonymised the record: the keys stay, identifying fields are cleared.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("cán bộ, đảng viên")
        verbose_name_plural = _("cán bộ, đảng viên")
        indexes = [
            models.Index(fields=["name_key", "birth_year"], name="person_key_year_idx"),
            models.Index(fields=["name_folded", "birth_year"], name="person_folded_year_idx"),
            models.Index(fields=["sort_key"], name="person_sort_idx"),
            models.Index(fields=["birth_date"], name="person_birth_idx"),
            models.Index(fields=["unit", "sort_key"], name="person_unit_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class NameToken(models.Model):
    """Every folded word that occurs in a name: the vocabulary typo-tolerant search corrects against."""

    token = models.CharField(max_length=60, primary_key=True)

    def __str__(self) -> str:
        return self.token


class DossierEntry(models.Model):
    """One line of the work and activity history in the résumé (lý lịch)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="history")
    period = models.CharField(_("thời gian"), max_length=50)
    description = models.CharField(_("công tác, hoạt động"), max_length=500)
    place = models.CharField(_("nơi"), max_length=200, blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.period}: {self.description}"


class Relative(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    relation = models.CharField(_("quan hệ"), max_length=20, choices=Relation.choices)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    nationality = models.CharField(_("quốc tịch"), max_length=60, default="Việt Nam")
    residence = models.CharField(_("nơi ở"), max_length=200, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=200, blank=True)
    political_history = models.TextField(_("lịch sử chính trị"), blank=True)
    linked_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["relation", "name_folded"], name="relative_rel_name_idx")]

    def __str__(self) -> str:
        return self.full_name


class ForeignRelation(models.Model):
    """The foreign-relations register: memberships, awards, relatives abroad, foreign spouse, contacts."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="foreign_relations")
    kind = models.CharField(_("loại"), max_length=20, choices=ForeignRelationKind.choices)
    country = models.CharField(_("quốc gia"), max_length=100, blank=True)
    description = models.CharField(_("nội dung"), max_length=500)
    since = models.CharField(_("từ"), max_length=30, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class DisciplineRecord(models.Model):
    """Discipline received (filled by discipline notices; a live one surfaces in every later vetting)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="discipline")
    form = models.CharField(_("hình thức"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    authority = models.CharField(_("cấp quyết định"), max_length=200)
    reason = models.TextField(_("lý do"), blank=True)
    # An appeal that annuls or changes the decision keeps this row (the dossier shows both): the day it was
    # annulled, and the row of the sanction that replaced it when the appeal changed it.
    annulled_on = models.DateField(_("ngày bị hủy khi giải quyết khiếu nại"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.form} ({self.decided_on})"


class PersonMerge(models.Model):
    """A human decision that two records are one person: what moved is kept so it can be undone exactly."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)  # {"app.model.field": [pk, ...]}
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class RegistrationBasis(models.Model):
    """Why an agency may keep a person in the registry (domain.md §4: each processing purpose states its
    basis), and how long after the basis lapses the record is kept. Administrators edit the list; the one
    basis "subject of a case" (`for_case`) is built in, because cases add and end it themselves."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã"), max_length=40, unique=True)
    label = models.CharField(_("tên căn cứ"), max_length=200)
    for_case = models.BooleanField(_("theo hồ sơ vụ việc"), default=False, editable=False)
    allows_non_members = models.BooleanField(_("áp dụng cho người ngoài Đảng"), default=False)
    retention_months = models.PositiveSmallIntegerField(_("thời hạn lưu sau khi hết căn cứ (tháng)"))
    active = models.BooleanField(_("đang áp dụng"), default=True)
    source = models.CharField(_("nguồn, căn cứ pháp lý"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("căn cứ đăng ký")
        verbose_name_plural = _("căn cứ đăng ký")
        ordering = ["-for_case", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["for_case"], condition=models.Q(for_case=True), name="basis_one_case_basis"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PersonBasis(models.Model):
    """One reason one agency keeps one person: a basis from the list, or a case. `lapsed_on` starts the
    basis's retention clock (a case closing, the person leaving the Party, an officer ending it); a person
    every one of whose bases lapsed longer ago than its retention period goes on the registry keeper's review
    list."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bases")
    basis = models.ForeignKey(
        RegistrationBasis, verbose_name=_("căn cứ"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("hồ sơ vụ việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.DateField(_("từ ngày"))
    lapsed_on = models.DateField(_("hết căn cứ từ ngày"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("căn cứ đăng ký của người")
        verbose_name_plural = _("căn cứ đăng ký của người")
        ordering = ["since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "basis", "agency"],
                condition=models.Q(case__isnull=True, lapsed_on__isnull=True),
                name="person_basis_current_once",
            ),
            # One row per person and case: closing the case lapses it, reopening makes it current again.
            models.UniqueConstraint(
                fields=["person", "case"],
                condition=models.Q(case__isnull=False),
                name="person_case_basis_once",
            ),
        ]
        indexes = [models.Index(fields=["person", "lapsed_on"], name="person_basis_lapse_idx")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.basis_id}:{self.agency_id}"


class RetentionJob(models.Model):
    """The registry keeper's decision to delete or anonymise persons whose retention ended, run in the
    background: every person is checked first (progress shown), then all are erased in one transaction — or
    none."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mode = models.CharField(_("cách xử lý"), max_length=10, choices=ErasureMode.choices)
    persons = models.JSONField(default=list)  # the persons' UUIDs (text), fixed when requested
    total = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    blocked = models.JSONField(default=list)  # [{"person": uuid, "reason": BlockReason}]
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt xóa, ẩn danh hồ sơ")
        verbose_name_plural = _("lượt xóa, ẩn danh hồ sơ")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.mode} {self.pk}"

    @property
    def percent(self) -> int:
        return 100 if self.state == JobState.DONE else (100 * self.checked // self.total if self.total else 0)

    @property
    def running(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.CHECKING, JobState.APPLYING)

    def blocked_reasons(self) -> list[tuple[str, str]]:
        """(person UUID, why) for each person that stopped the job, the reason in the reader's language."""
        labels = dict(BlockReason.choices)
        return [(b.get("person", ""), str(labels.get(b.get("reason", ""), ""))) for b in self.blocked]


class IdentifierHold(models.Model):
    """A citizen ID or Party card number the registry keeper is reconciling. It opens when someone enters a
    number held by a person they may not see, or when the keeper holds a number; while it is open, entering
    the number is refused with the same words whatever the cause, so the refusal does not tell a hidden person
    exists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    field = models.CharField(_("loại số"), max_length=20, choices=IdentifierField.choices)
    number = models.CharField(_("số"), max_length=20)
    cause = models.CharField(_("lý do"), max_length=10, choices=HoldCause.choices)
    holder = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=HoldOutcome.choices, blank=True)

    class Meta:
        verbose_name = _("số định danh cần đối chiếu")
        verbose_name_plural = _("số định danh cần đối chiếu")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "number"],
                condition=models.Q(resolved_at__isnull=True),
                name="identifier_hold_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field} {self.pk}"
