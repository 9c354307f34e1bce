"""The registry case kinds plug into: one `KindSpec` per kind, registered from the kind app's `ready()`.

The engine imports no kind. A kind app (`phoihop/general/` is the example to copy) describes itself once —
code, label, number prefix, workflow (whose transitions carry their effects), deadline steps with their
defaults and legal source, the request kinds it sends, an optional one-to-one details model with its form and
serializer, an on-open hook run inside `case_open`'s transaction, detail panels, list columns, report
dimensions, demo and synth loaders — and calls `register_kind(spec)`. A spec is validated when it is
registered (so at start-up: every kind app's `ready()` runs before the first request or command) and
`cases.E001` reports a project with no kind at all.

`Case.kind` has no static choices: its values are the registered codes (`choices()`), so a new kind needs no
migration of the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.workflow import Workflow, WorkflowError, validate

CASE_STEP = DeadlineStep.CASE  # the case's own deadline; every other step is named after a request kind
MAX_CODE = 20  # Case.kind, DeadlineRule.kind
MAX_PREFIX = 10  # NumberSeries.prefix


@dataclass(frozen=True)
class Step:
    """A period a kind sets: the case's own (`code="case"`) or the answer to one of its request kinds. The
    days and unit are defaults an administrator may change (`DeadlineRule`); `basis` names the legal
    source."""

    code: str
    label: str | Promise
    days: int
    unit: str = DeadlineUnit.WORKING
    basis: str = ""
    max_extensions: int | None = None  # None: PHOIHOP_REQUEST_MAX_EXTENSIONS
    max_extension_days: int | None = None  # None: the period itself


@dataclass(frozen=True)
class Panel:
    """A block of the case page: a template included in the page's panel slot with `context(request, case)`
    (called only for a user who may see the case; it must restrict anything else it shows)."""

    name: str
    template: str
    context: Callable[[Any, Any], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Column:
    """A column of the case list for this kind: `value(case)` from the case (and its `details`)."""

    name: str
    label: str | Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Dimension:
    """A dimension the reports app may count cases of this kind by: an ORM path from `Case` (data only)."""

    code: str
    label: str | Promise
    path: str


@dataclass(frozen=True)
class DocumentTemplate:
    """An official document a kind drafts (the documents app renders it in either regime): `doc_type` is the
    code of `documents.choices.DocType` (its abbreviation in the number), `type_name` the name printed in
    capitals (blank for a công văn, which prints its subject under the number instead), `body` the default
    text with {case}, {subject} and {agency} filled in. The DOCX layout is the administrator's template
    `<code>.docx` when one was uploaded, else the shared one."""

    code: str
    label: str | Promise
    doc_type: str
    type_name: str
    body: str
    addressed: bool = False  # starts with "Kính gửi: …" (công văn, tờ trình, báo cáo sent upward)


@dataclass(frozen=True)
class KindSpec:
    code: str
    label: str | Promise
    prefix: str
    workflow: Workflow
    steps: tuple[Step, ...] = ()
    request_kinds: tuple[str, ...] = ()
    details_model: type[Any] | None = None  # one-to-one to Case, `related_name="details_<code>"` not required
    details_form: type[Any] | None = None  # a django Form of the details' fields (the new-case page shows it)
    details_serializer: type[Any] | None = None  # a DRF Serializer of the same fields (API create and read)
    on_open: Callable[..., None] | None = None  # (case=, details=, actor=) inside case_open's transaction
    # (case=, person=, actor=) inside case_subject_add's transaction: a person added to an open case
    on_subject_added: Callable[..., None] | None = None
    # The rule of the case's own deadline when it depends on the case (e.g. a letter's regime and type):
    # (case) -> rules.Period, read by case_extend and by case_clock_start; None: the kind's "case" step.
    case_rule: Callable[[Any], Any] | None = None
    # (case, user) -> why the user may not handle the case (a letter: the person concerned, its writer or a
    # relative of either), added to the engine's team checks; messages must not reveal who the writer is
    team_check: Callable[[Any, Any], list[str]] | None = None
    panels: tuple[Panel, ...] = ()
    documents: tuple[DocumentTemplate, ...] = ()  # what its case page offers to draft, beside the common ones
    # (case, user) -> {placeholder: text} its templates' bodies may name beside {case}, {subject}, {agency}
    # and {agency_self} (e.g. a letter's allegations); it reads through the policy as `user`
    document_fields: Callable[[Any, Any], dict[str, str]] | None = None
    columns: tuple[Column, ...] = ()
    # the details' relations the columns read (loaded with the page's details, never one query per row)
    columns_related: tuple[str, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    demo: Callable[[], None] | None = None
    synth: Callable[..., Any] | None = None
    # Valid details for the generated tests (cases/testing.py) and the API's documentation; {} without
    # details.
    example_details: dict[str, Any] = field(default_factory=dict)
    # (world) -> details the generated tests add to `example_details` once their province exists (a kind
    # whose details name a registered person creates one in it: the vetting's subject)
    example_setup: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    @property
    def final(self) -> frozenset[str]:
        return self.workflow.final

    def step(self, code: str) -> Step | None:
        return next((s for s in self.steps if s.code == code), None)

    def details_of(self, case: Any) -> Any | None:
        """The case's details row (None when the kind has none or it is missing); loaded for a whole page by
        `attach_details`, otherwise read here."""
        if self.details_model is None:
            return None
        if hasattr(case, DETAILS_ATTR):
            return getattr(case, DETAILS_ATTR)
        return self.details_model.objects.filter(case=case).first()


_REGISTRY: dict[str, KindSpec] = {}
DETAILS_ATTR = "_phoihop_kind_details"


def attach_details(cases: Iterable[Any]) -> list[Any]:
    """Loads the details of a page of cases with one query per kind that has details (never one per case), so
    a kind's list costs what the general kind's costs; `details_of` then reads them from the cases."""
    rows = list(cases)
    by_kind: dict[str, list[Any]] = {}
    for case in rows:
        by_kind.setdefault(case.kind, []).append(case)
    for code, group in by_kind.items():
        spec = _REGISTRY.get(code)
        if spec is None or spec.details_model is None:
            continue
        details = spec.details_model.objects.filter(case__in=[c.pk for c in group])
        if spec.columns_related:
            details = details.select_related(*spec.columns_related)
        found = {d.case_id: d for d in details}
        for case in group:
            setattr(case, DETAILS_ATTR, found.get(case.pk))
    return rows


class KindError(ImproperlyConfigured):
    pass


def _check(spec: KindSpec) -> None:
    where = f"case kind {spec.code!r}"
    if not spec.code or len(spec.code) > MAX_CODE or not spec.code.replace("_", "").isalnum():
        raise KindError(f"{where}: the code must be 1–{MAX_CODE} letters, digits or underscores")
    if spec.code in _REGISTRY:
        raise KindError(f"{where}: registered twice")
    if not spec.prefix or len(spec.prefix) > MAX_PREFIX or not spec.prefix.isalnum():
        raise KindError(f"{where}: the number prefix must be 1–{MAX_PREFIX} letters or digits")
    if clash := next((k for k in _REGISTRY.values() if k.prefix == spec.prefix), None):
        raise KindError(f"{where}: number prefix {spec.prefix!r} is already {clash.code!r}'s")
    if spec.workflow.kind != spec.code:
        raise KindError(f"{where}: its workflow says kind {spec.workflow.kind!r}")
    try:
        validate(spec.workflow)
    except WorkflowError as exc:
        raise KindError(f"{where}: {exc}") from None
    codes = [s.code for s in spec.steps]
    if len(codes) != len(set(codes)):
        raise KindError(f"{where}: a deadline step is declared twice")
    if unknown := set(spec.request_kinds) - set(RequestKind.values):
        raise KindError(f"{where}: unknown request kinds {sorted(unknown)}")
    if unknown := set(codes) - {CASE_STEP, *spec.request_kinds}:
        raise KindError(f"{where}: steps {sorted(unknown)} are neither 'case' nor one of its request kinds")
    if missing := set(spec.request_kinds) - set(codes):
        raise KindError(f"{where}: request kinds {sorted(missing)} have no deadline step")
    for s in spec.steps:
        if s.unit not in DeadlineUnit.values or not 1 <= s.days <= 365:
            raise KindError(f"{where}: step {s.code!r} needs 1–365 days in a known unit")
    if (spec.details_form or spec.details_serializer) and spec.details_model is None:
        raise KindError(f"{where}: a details form or serializer needs a details model")
    if spec.details_model is not None:
        link = next((f for f in spec.details_model._meta.get_fields() if f.name == "case"), None)
        if (
            link is None
            or not getattr(link, "one_to_one", False)
            or link.related_model._meta.label != "cases.Case"
        ):
            raise KindError(
                f"{where}: the details model needs `case = OneToOneField(Case, primary_key=True)`"
            )
    names = [p.name for p in spec.panels]
    if len(names) != len(set(names)):
        raise KindError(f"{where}: a panel name is used twice")
    codes = [d.code for d in spec.documents]
    if len(codes) != len(set(codes)) or any(
        not c or len(c) > 40 or not c.replace("_", "").isalnum() for c in codes
    ):
        raise KindError(f"{where}: document template codes must be unique, [a-z0-9_], at most 40 characters")


def register_kind(spec: KindSpec) -> KindSpec:
    """Register a kind (from its app's `ready()`); refuses an invalid or duplicate spec at start-up."""
    _check(spec)
    _REGISTRY[spec.code] = spec
    return spec


def unregister_kind(code: str) -> None:
    """For tests that register a throw-away spec."""
    _REGISTRY.pop(code, None)


def kinds() -> list[KindSpec]:
    """Every registered kind, in registration order (INSTALLED_APPS order)."""
    return list(_REGISTRY.values())


def get_kind(code: str) -> KindSpec:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KindError(f"case kind {code!r} is not registered") from None


def is_kind(code: Any) -> bool:
    return isinstance(code, str) and code in _REGISTRY


def default_code() -> str:
    """The kind a case is opened as when none is named: the first registered."""
    if not _REGISTRY:
        raise KindError("no case kind is registered (install a kind app such as phoihop.general)")
    return next(iter(_REGISTRY))


def choices() -> list[tuple[str, str | Promise]]:
    return [(k.code, k.label) for k in _REGISTRY.values()]


def label(code: str) -> str:
    spec = _REGISTRY.get(code)
    return str(spec.label) if spec is not None else code


def final_states() -> dict[str, frozenset[str]]:
    """Each kind's final states (from its workflow only)."""
    return {k.code: k.workflow.final for k in _REGISTRY.values()}


def all_states() -> list[tuple[str, str | Promise]]:
    """Every state of every kind once (the list filter); the first kind's label wins for a shared code."""
    seen: dict[str, str | Promise] = {}
    for spec in _REGISTRY.values():
        for code, name in spec.workflow.states.items():
            seen.setdefault(code, name)
    return list(seen.items())


def validate_all() -> list[str]:
    """Problems of the registry as a whole (each spec was checked when registered)."""
    return [] if _REGISTRY else ["no case kind is registered (install a kind app such as phoihop.general)"]


def by_codes(codes: Iterable[str]) -> list[KindSpec]:
    return [_REGISTRY[c] for c in codes if c in _REGISTRY]
