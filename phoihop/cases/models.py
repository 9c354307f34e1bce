"""Cases, their participants, coordination requests between agencies, the timeline, and number series."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import (
    ClockEntryKind,
    DeadlineStep,
    DeadlineUnit,
    OpinionAnswer,
    RequestKind,
    RequestStatus,
    TeamRole,
)
from phoihop.cases.querysets import CaseQuerySet, RequestQuerySet
from phoihop.core.choices import Clearance


class Case(models.Model):
    """A matter one agency handles with others. Partners see it only as participants; an agency that merely
    received a request sees that request, not the case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("số hồ sơ"), max_length=20, unique=True)
    # A registered kind's code (cases/kinds.py): no static choices, so a new kind needs no migration here.
    kind = models.CharField(_("loại"), max_length=20)
    title = models.CharField(_("trích yếu"), max_length=300)
    # fold_vi(title), kept by save(): the search reads a stored column (a trigram index on PostgreSQL), never
    # folds every title of the table per query
    title_folded = models.CharField(max_length=300, editable=False, blank=True, default="")
    summary = models.TextField(_("nội dung"), blank=True)
    subject_name = models.CharField(_("người liên quan"), max_length=200, blank=True)
    owner_agency = models.ForeignKey(
        "core.Agency", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_cases",
    )
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Clearance.choices, default=Clearance.NONE
    )
    status = models.CharField(_("trạng thái"), max_length=20, default="open")
    opened_on = models.DateField(_("ngày mở"))
    # The deadline: `due_on` is computed from the case's DeadlineClock by cases.deadlines (never written
    # elsewhere); `due_days`/`due_unit` are the clock's base period (the rule's when the case opened), and
    # `paused_on` the start of the clock's open pause, kept here so lists can filter on them.
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_unit = models.CharField(max_length=10, choices=DeadlineUnit.choices, blank=True)
    paused_on = models.DateField(_("tạm dừng tính hạn từ"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả"), blank=True)
    related = models.ManyToManyField("self", verbose_name=_("hồ sơ liên quan"), blank=True, symmetrical=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ vụ việc")
        verbose_name_plural = _("hồ sơ vụ việc")
        # Newest opened first, the order of every case list (the API's included): read from case_opened_idx.
        ordering = ["-opened_on", "-number"]
        indexes = [
            models.Index(fields=["owner_agency", "status"], name="case_owner_status_idx"),
            models.Index(fields=["due_on"], name="case_due_idx"),
            # The lists' order (newest opened first): a page is read from the index, not sorted from all rows.
            models.Index(fields=["-opened_on", "-number"], name="case_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from phoihop.search.folding import fold_vi

        self.title_folded = fold_vi(self.title)[:300]
        fields = kwargs.get("update_fields")
        if fields is not None and "title" in fields:
            kwargs["update_fields"] = {*fields, "title_folded"}
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        from phoihop.cases.kinds import label

        return label(self.kind)

    @property
    def state_label(self) -> str:
        from phoihop.cases.kinds import get_kind, is_kind

        states = get_kind(self.kind).workflow.states if is_kind(self.kind) else {}
        return str(states.get(self.status, self.status))

    @property
    def state_tone(self) -> str:
        """The badge colour of the case's state (its kind's workflow says which states are final)."""
        from phoihop.cases.kinds import get_kind, is_kind

        return get_kind(self.kind).workflow.tone(self.status) if is_kind(self.kind) else "secondary"


class CaseSubject(models.Model):
    """A registered person the case is about (the people registry's Person)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_links")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_subject_once")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.person_id}"


class CaseTeamMember(models.Model):
    """A person of the owner agency assigned to a case: its lead officer (role lead, kept in step with
    `Case.lead_officer`) or an assigned officer. Inside the owner agency, a case classified at or above the
    agency's `team_only_from` is visible only to its team and the agency's leaders."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.PROTECT,
        related_name="case_teams",
    )
    role = models.CharField(
        _("vai trò trong tổ"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên tổ xử lý hồ sơ")
        verbose_name_plural = _("tổ xử lý hồ sơ")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_team_once")]
        # the access rule asks "the cases of this user": user first
        indexes = [models.Index(fields=["user", "case"], name="case_team_user_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.user_id} ({self.role})"


class Participant(models.Model):
    """An agency that co-handles a case and therefore sees it (within clearance)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="participant_once")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.agency_id}"


class CoordinationRequest(models.Model):
    """A request from one agency to another within a case, answered by a deadline."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    from_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        "core.Agency", verbose_name=_("gửi đến"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại yêu cầu"), max_length=20, choices=RequestKind.choices)
    body = models.TextField(_("nội dung yêu cầu"))
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Clearance.choices, default=Clearance.NONE
    )
    days = models.PositiveSmallIntegerField(_("thời hạn (số ngày)"))
    unit = models.CharField(
        _("đơn vị"), max_length=10, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING
    )
    sent_on = models.DateField(_("ngày gửi"))
    # Computed from the request's DeadlineClock by
    # cases.deadlines; `paused_on` mirrors the clock's open pause.
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    paused_on = models.DateField(_("tạm dừng tính hạn từ"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(_("ý kiến"), max_length=10, choices=OpinionAnswer.choices, blank=True)
    response = models.TextField(_("nội dung trả lời"), blank=True)
    # Set when the owner agency shares the request and its answer with the case's co-handling agencies;
    # until then a participant sees only the requests addressed to itself.
    shared_at = models.DateTimeField(_("chia sẻ với cơ quan cùng xử lý lúc"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu phối hợp")
        verbose_name_plural = _("yêu cầu phối hợp")
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["to_agency", "status", "due_on"], name="request_inbox_idx"),
            # The API's inbox order; the page's (open first,
            # then by deadline) has its index in migration 0011.
            models.Index(fields=["to_agency", "due_on"], name="request_to_due_idx"),
            # The home page's queues (due soon, overdue; nearest deadline first) walk the running requests in
            # deadline order and stop at the tenth they may show, whatever the number of old ones.
            models.Index(
                fields=["due_on"],
                name="request_running_due_idx",
                condition=models.Q(status__in=["sent", "received"], paused_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_agency.code}"  # a code, never the agency's id

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.SENT, RequestStatus.RECEIVED)

    @property
    def extensions(self) -> int:
        """How many times the deadline was extended (from the clock's history)."""
        annotated = getattr(self, "extension_count", None)  # RequestQuerySet.with_extension_count()
        if annotated is not None:
            return int(annotated)
        clock = getattr(self, "clock", None)
        return clock.extension_count() if clock is not None else 0

    @property
    def remaining_days(self) -> int | None:
        """While the clock is paused: the units still to run when it resumes."""
        from phoihop.cases.deadlines import remaining_units

        return remaining_units(self) if self.paused_on is not None else None


class TimelineEvent(models.Model):
    """One line of a case's history, written by the small functions in cases/timeline.py: a code (`kind`) and
    its parameters (`data`: identifiers, dates and codes, never content), rendered when read in the reader's
    language and through the access policy (cases/history.py). `text` is only the line of a row written before
    that (kept as it was when it could not be converted; shown marked as old)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    request = models.ForeignKey(
        CoordinationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(max_length=500, blank=True, default="")  # legacy rows only
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text or self.kind


class StateChange(models.Model):
    """A change of a case's state (a workflow transition) or of a request's (its withdrawal), with the reason
    given: the timeline refers to it by key and shows the reason when read, to whoever may see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="state_changes")
    request = models.ForeignKey(
        CoordinationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="state_changes"
    )
    name = models.CharField(_("thao tác"), max_length=30, blank=True)  # the transition's code
    source = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    target = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển trạng thái")
        verbose_name_plural = _("chuyển trạng thái")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class NumberSeries(models.Model):
    """The last number used per prefix and year; incremented under a row lock, so never duplicated."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="series_once")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class DeadlineRule(models.Model):
    """An administrator-editable period per case kind and step (rules are data). A change applies to cases and
    requests opened afterwards; running deadlines keep the period they started with."""

    kind = models.CharField(_("loại hồ sơ"), max_length=20)  # a registered kind's code
    step = models.CharField(_("bước"), max_length=20, choices=DeadlineStep.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    unit = models.CharField(_("đơn vị"), max_length=10, choices=DeadlineUnit.choices)
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=2)
    max_extension_days = models.PositiveSmallIntegerField(_("số ngày tối đa mỗi lần gia hạn"), default=30)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy tắc thời hạn")
        verbose_name_plural = _("quy tắc thời hạn")
        ordering = ["kind", "step"]
        constraints = [models.UniqueConstraint(fields=["kind", "step"], name="deadline_rule_once")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.step}: {self.days} {self.unit}"


class DeadlineClock(models.Model):
    """The history a due date is computed from (docs/deadlines.md): start, unit and base period, plus the
    entries below (extensions, pauses, resumptions). Exactly one of `case` / `request` owns it; the owner's
    `due_on` is `deadlines.due_date(clock, calendar)`, recomputed on every entry and every calendar change."""

    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="clock")
    request = models.OneToOneField(
        CoordinationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="clock"
    )
    start = models.DateField(_("ngày bắt đầu tính hạn"))
    unit = models.CharField(_("đơn vị"), max_length=10, choices=DeadlineUnit.choices)
    period = models.PositiveSmallIntegerField(_("thời hạn"))
    # Deadlines older than the clock (data migration): the units their stored due date had beyond the
    # period, and how many extensions they had used. Zero for every clock started since.
    carried_days = models.PositiveSmallIntegerField(default=0)
    carried_extensions = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đồng hồ thời hạn")
        verbose_name_plural = _("đồng hồ thời hạn")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False, request__isnull=True)
                | models.Q(case__isnull=True, request__isnull=False),
                name="clock_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start} + {self.period} {self.unit}"

    def extension_count(self) -> int:
        return self.carried_extensions + self.entries.filter(kind=ClockEntryKind.EXTEND).count()


class ClockEntry(models.Model):
    """One event of a deadline clock, never changed or deleted: the history the due date is computed from."""

    clock = models.ForeignKey(DeadlineClock, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("loại"), max_length=10, choices=ClockEntryKind.choices)
    # extend: the day it was granted; pause: the last day
    # that counts; resume: counting restarts the day after.
    on = models.DateField(_("ngày"))
    days = models.PositiveSmallIntegerField(_("số ngày"), default=0)  # extend: units added
    decision = models.CharField(_("số quyết định"), max_length=100, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến thời hạn")
        verbose_name_plural = _("diễn biến thời hạn")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"
