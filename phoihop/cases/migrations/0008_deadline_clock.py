"""The deadline clock (docs/deadlines.md): `DeadlineClock` and its `ClockEntry` history for every case and request
with a deadline; `Case.paused_on`; the rule's maximum length of one extension. Existing deadlines move into clocks:
start = sent_on / opened_on, period = days / due_days; the old rows kept only how many extensions and pauses there
had been, not their days, so the units the stored due date has beyond the period are carried as `carried_days`
(and the count of extensions as `carried_extensions`), chosen so the recomputation gives the stored due date; an
open pause becomes a pause entry on its date. The legacy columns are dropped in the next migration."""

from datetime import timedelta

import django.db.models.deletion
import holidays
from django.conf import settings
from django.db import migrations, models

ONE = timedelta(days=1)


def _calendar(CalendarDay, agency_id):
    """`is_working(day)` as core.calendar answers it: an override (the agency's beats the province's), else the
    statutory days off and make-up days, else Monday to Friday."""
    years = {}

    def year(y):
        if y not in years:
            found = {}
            rows = CalendarDay.objects.filter(date__year=y).filter(
                models.Q(agency__isnull=True) | models.Q(agency_id=agency_id)
            )
            for row in rows.order_by("date", "agency_id"):
                if row.date not in found or row.agency_id is not None:
                    found[row.date] = row.kind == "work"
            vn = holidays.country_holidays("VN", years=y)
            offs = {d for d in vn if d.year == y}
            makeup = {d for d in getattr(vn, "weekend_workdays", ()) if d.year == y}
            years[y] = (found, offs, makeup)
        return years[y]

    def is_working(day):
        found, offs, makeup = year(day.year)
        if day in found:
            return found[day]
        if day in offs:
            return False
        if day in makeup:
            return True
        return day.weekday() < 5

    return is_working


def _due(start, unit, total, is_working):
    """The clock's due date with no closed pause (the old rows had none): the total-th counted unit."""
    day, counted = start, 0
    while counted < total:
        day += ONE
        if unit == "calendar" or is_working(day):
            counted += 1
    if unit == "calendar":
        while not is_working(day):
            day += ONE
    return day


def _carried(start, unit, period, due, is_working):
    """The fewest extra units whose recomputation reaches the stored due date."""
    if due is None or due <= start:
        return 0, due
    if unit == "working":
        extra = sum(1 for n in range(1, (due - start).days + 1) if is_working(start + timedelta(days=n))) - period
    else:
        extra = (due - start).days - period
    extra = max(0, extra)
    while extra > 0 and _due(start, unit, period + extra - 1, is_working) >= due:
        extra -= 1  # a calendar-day due date rolled over a weekend: the roll is not an extension
    while _due(start, unit, period + extra, is_working) < due:
        extra += 1
    return extra, _due(start, unit, period + extra, is_working)


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Request = apps.get_model("cases", "CoordinationRequest")
    Clock = apps.get_model("cases", "DeadlineClock")
    Entry = apps.get_model("cases", "ClockEntry")
    CalendarDay = apps.get_model("core", "CalendarDay")
    Rule = apps.get_model("cases", "DeadlineRule")
    # An administrator's rule allowed extensions of up to 90 days; its new limit is its own period.
    for rule in Rule.objects.all():
        rule.max_extension_days = min(max(rule.days, 1), 365)
        rule.save(update_fields=["max_extension_days"])
    calendars = {}
    for req in Request.objects.filter(clock__isnull=True).order_by("sent_on", "id").iterator():
        is_working = calendars.setdefault(req.to_agency_id, _calendar(CalendarDay, req.to_agency_id))
        unit = req.unit or "working"
        extra, due = _carried(req.sent_on, unit, req.days, req.due_on, is_working)
        clock = Clock.objects.create(request_id=req.pk, start=req.sent_on, unit=unit, period=req.days,
                                     carried_days=extra, carried_extensions=req.extensions)
        if req.paused_on is not None:
            Entry.objects.create(clock=clock, kind="pause", on=req.paused_on)
        if due != req.due_on:
            Request.objects.filter(pk=req.pk).update(due_on=due)
    for case in Case.objects.filter(clock__isnull=True, due_days__isnull=False, due_on__isnull=False).iterator():
        is_working = calendars.setdefault(case.owner_agency_id, _calendar(CalendarDay, case.owner_agency_id))
        unit = case.due_unit or "working"
        extra, due = _carried(case.opened_on, unit, case.due_days, case.due_on, is_working)
        Clock.objects.create(case_id=case.pk, start=case.opened_on, unit=unit, period=case.due_days, carried_days=extra)
        if due != case.due_on:
            Case.objects.filter(pk=case.pk).update(due_on=due)


def backwards(apps, schema_editor):
    pass  # the clocks are dropped with their tables; the legacy columns come back in 0009's reverse


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_title_fold_index"),
        ("core", "0004_calendarday"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="paused_on",
            field=models.DateField(blank=True, null=True, verbose_name="tạm dừng tính hạn từ"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["due_on"], name="case_due_idx"),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="max_extension_days",
            field=models.PositiveSmallIntegerField(default=30, verbose_name="số ngày tối đa mỗi lần gia hạn"),
        ),
        migrations.CreateModel(
            name="DeadlineClock",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start", models.DateField(verbose_name="ngày bắt đầu tính hạn")),
                ("unit", models.CharField(choices=[("working", "ngày làm việc"), ("calendar", "ngày lịch")], max_length=10, verbose_name="đơn vị")),
                ("period", models.PositiveSmallIntegerField(verbose_name="thời hạn")),
                ("carried_days", models.PositiveSmallIntegerField(default=0)),
                ("carried_extensions", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("case", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="clock", to="cases.case")),
                ("request", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="clock", to="cases.coordinationrequest")),
            ],
            options={
                "verbose_name": "đồng hồ thời hạn",
                "verbose_name_plural": "đồng hồ thời hạn",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("case__isnull", False), ("request__isnull", True)), models.Q(("case__isnull", True), ("request__isnull", False)), _connector="OR"),
                        name="clock_has_one_owner",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ClockEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("extend", "Gia hạn"), ("pause", "Tạm dừng tính hạn"), ("resume", "Tiếp tục tính hạn")], max_length=10, verbose_name="loại")),
                ("on", models.DateField(verbose_name="ngày")),
                ("days", models.PositiveSmallIntegerField(default=0, verbose_name="số ngày")),
                ("decision", models.CharField(blank=True, max_length=100, verbose_name="số quyết định")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="lý do")),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("clock", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="entries", to="cases.deadlineclock")),
            ],
            options={
                "verbose_name": "diễn biến thời hạn",
                "verbose_name_plural": "diễn biến thời hạn",
                "ordering": ["at", "id"],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
