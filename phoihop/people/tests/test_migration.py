"""Upgrading a registry that has no bases yet: every person gets the placeholder "legacy" basis of its agency,
and every case subject the case basis of each case, lapsed when the case closed (migration people 0007)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from phoihop.cases.models import Case, CaseSubject
from phoihop.core.tests.factories import AgencyFactory

BEFORE, AFTER = [("people", "0005_fts_name")], [("people", "0007_seed_bases")]


@pytest.mark.django_db(transaction=True)
def test_existing_persons_get_a_placeholder_basis_and_case_subjects_a_case_basis():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Person = old.get_model("people", "Person")
        hub, police = AgencyFactory(code="BTC", is_hub=True), AgencyFactory(code="CA")
        common = {"name_folded": "x", "name_key": "x", "search_text": "x", "sort_key": "x"}
        member = Person.objects.create(full_name="Lý Văn Cũ", owner_agency_id=hub.pk, **common)
        subject = Person.objects.create(full_name="Lý Thị Vụ", owner_agency_id=police.pk, **common)
        merged = Person.objects.create(
            full_name="Ly Van Cu", owner_agency_id=hub.pk, merged_into=member, **common
        )
        open_case = Case.objects.create(
            number="PH-2026-00001", title="Mở", owner_agency=police, opened_on=date(2026, 1, 5)
        )
        closed = Case.objects.create(
            number="PH-2026-00002",
            title="Đóng",
            owner_agency=hub,
            opened_on=date(2020, 2, 1),
            closed_on=date(2021, 3, 1),
            status="concluded",
        )
        CaseSubject.objects.create(case=open_case, person_id=subject.pk)
        CaseSubject.objects.create(case=closed, person_id=subject.pk)
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        Basis, PersonBasis = (
            new.get_model("people", "RegistrationBasis"),
            new.get_model("people", "PersonBasis"),
        )
        assert set(Basis.objects.values_list("code", flat=True)) == {
            "case",
            "member-register",
            "managed-cadre",
            "legacy",
        }
        rows = {
            (r.person_id, r.basis.code, r.agency_id, r.case_id, r.lapsed_on)
            for r in PersonBasis.objects.select_related("basis")
        }
        assert rows == {
            (member.pk, "legacy", hub.pk, None, None),
            (subject.pk, "legacy", police.pk, None, None),
            (subject.pk, "case", police.pk, open_case.pk, None),
            (subject.pk, "case", hub.pk, closed.pk, date(2021, 3, 1)),
        }
        assert not PersonBasis.objects.filter(person_id=merged.pk).exists()
        assert PersonBasis.objects.get(person_id=member.pk).since is not None
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
