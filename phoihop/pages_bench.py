"""Pages and API under load (`make bench`, PHOIHOP_BENCH_ONLY=pages).

Builds a province-sized data set (fictional persons, cases, coordination requests, documents and audit events)
at 1× and at 10× (PHOIHOP_BENCH_SCALES, default "1,10"), serves it with the production server settings
(gunicorn, PHOIHOP_WEB_WORKERS workers, no debug, no demo) on loopback, and runs a bounded closed loop of C
clients (PHOIHOP_BENCH_CLIENTS, default "4") against each endpoint for PHOIHOP_BENCH_SECONDS seconds (default
6). Each client is a process with one keep-alive connection that sends its next request when the previous
answer has been read. Printed per endpoint: p50/p95/p99 latency and throughput as a ratio of the cheapest
authenticated view (`GET /api/v1/users/me/`) measured in the same run, next to the targets of issue 15 (p95 ≤
50 ms at 4 clients; throughput ≥ 0.25 of the baseline for lists and searches, ≥ 0.5 for detail pages; at 10×
data within a factor of 1.5 of 1×). Nothing here asserts a time.

  PHOIHOP_BENCH_PAGES_PERSONS   persons at 1× (default
  303,006); cases 20,002, requests 3,000, documents 5,000 and
                                audit events 100,000 at 1×, all multiplied by the scale
  PHOIHOP_BENCH_PAGES_SIZE      a fraction of every count above (default 1), to try the benchmark quickly
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

SIZE = float(
    os.environ.get("PHOIHOP_BENCH_PAGES_SIZE", "1")
)  # a fraction, for a quick try of the bench itself
PERSONS = int(int(os.environ.get("PHOIHOP_BENCH_PAGES_PERSONS", "303006")) * SIZE)
CASES, REQUESTS, DOCUMENTS, EVENTS = (int(n * SIZE) for n in (20_002, 3_000, 5_000, 100_000))
SCALES = [int(s) for s in os.environ.get("PHOIHOP_BENCH_SCALES", "1,10").split(",") if s.strip()]
CLIENTS = [int(c) for c in os.environ.get("PHOIHOP_BENCH_CLIENTS", "4").split(",") if c.strip()]
SECONDS = float(os.environ.get("PHOIHOP_BENCH_SECONDS", "6"))
PORT = int(os.environ.get("PHOIHOP_BENCH_PORT", "8199"))

TITLE_WORDS = [
    "Thẩm tra",
    "xác minh",
    "tiêu chuẩn chính trị",
    "đồng chí",
    "đơn thư",
    "phản ánh",
    "bổ nhiệm",
    "quy hoạch",
    "nhân sự",
    "đại hội",
    "chi bộ",
    "Đảng ủy",
    "xã",
    "phường",
    "cán bộ",
    "lý lịch",
    "quan hệ nước ngoài",
    "đi nước ngoài",
    "khen thưởng",
    "kỷ luật",
    "hiệp y",
    "ứng cử",
    "kết nạp",
    "đảng viên",
    "kiểm tra",
    "báo cáo",
]


@dataclass(frozen=True)
class Endpoint:
    label: str
    path: str
    user: str  # which signed-in user asks
    kind: str  # "baseline", "list" or "detail"


# --------------------------------------------------------------------------------------------------- data set
def _title(rng: random.Random, name: str) -> str:
    words = rng.sample(TITLE_WORDS, 4)
    return f"{words[0].capitalize()} {words[1]} {words[2]} {words[3]} {name}"[:300]


def build(scale: int, *, progress: bool = True) -> dict[str, Any]:
    """The data set at `scale`× (adds to what an earlier scale built, so 10× reuses the 1× rows)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from phoihop.cases.models import Case, CaseSubject, CoordinationRequest, Participant
    from phoihop.core.models import Agency, Role, User
    from phoihop.documents.models import Document, DocumentVersion
    from phoihop.people.models import Person
    from phoihop.people.synth import generate_persons, print_progress

    hub, _made = Agency.objects.get_or_create(
        code="BTC", defaults={"name": "Ban Tổ chức (bench)", "kind": "party_board", "is_hub": True}
    )
    partners = []
    for code, name, kind in [
        ("CA", "Công an tỉnh (bench)", "police"),
        ("QS", "Bộ Chỉ huy quân sự (bench)", "military"),
        ("UBKT", "Ủy ban Kiểm tra (bench)", "inspection"),
        ("NC", "Ban Nội chính (bench)", "internal_affairs"),
        ("TG", "Ban Tuyên giáo (bench)", "propaganda"),
        ("SNV", "Sở Nội vụ (bench)", "home_affairs"),
    ]:
        partners.append(Agency.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0])
    police = partners[0]
    users = _users(hub, police, make_password, Role, User)
    have_persons = Person.objects.count()
    want = PERSONS * scale
    began = time.perf_counter()
    if have_persons < want:
        generate_persons(want - have_persons, agency=hub, progress=print_progress if progress else None)
    print(f"  data {scale}×: {want:,} persons ({time.perf_counter() - began:.0f} s)", flush=True)

    rng = random.Random(scale)
    today = timezone.localdate()
    have = Case.objects.count()
    person_ids = list(Person.objects.order_by("?").values_list("id", flat=True)[:5000])
    began = time.perf_counter()
    officer = users["officer"]
    for start in range(have, CASES * scale, 5000):
        batch, subjects, participants = [], [], []
        for i in range(start, min(start + 5000, CASES * scale)):
            opened = today - timedelta(days=rng.randint(0, 3 * 365))
            owner = hub if rng.random() < 0.85 else rng.choice(partners)
            concluded = rng.random() < 0.4
            overdue = not concluded and rng.random() < 0.08
            due = (
                today - timedelta(days=rng.randint(1, 60))
                if overdue
                else today + timedelta(days=rng.randint(1, 90))
            )
            title = _title(rng, f"số {i + 1}")
            case = Case(
                number=f"HS-B{i + 1:07d}",
                kind="general",
                title=title,
                title_folded=_fold(title),
                summary="",
                owner_agency=owner,
                lead_officer=officer if owner == hub and rng.random() < 0.5 else None,
                classification=rng.choice([0, 0, 0, 1, 1, 2]),
                status="concluded" if concluded else "open",
                opened_on=opened,
                due_on=None if concluded else due,
                due_days=30,
                due_unit="working",
                closed_on=opened + timedelta(days=20) if concluded else None,
            )
            batch.append(case)
            subjects.append(CaseSubject(case=case, person_id=rng.choice(person_ids)))
            if owner == hub and rng.random() < 0.3:
                participants.append(Participant(case=case, agency=rng.choice(partners)))
        with transaction.atomic():
            Case.objects.bulk_create(batch)
            CaseSubject.objects.bulk_create(subjects)
            Participant.objects.bulk_create(participants)
            for case in batch:
                case.created_at = timezone.make_aware(
                    datetime.combine(case.opened_on, datetime.min.time())
                ) + timedelta(seconds=rng.randint(0, 86_000))
            Case.objects.bulk_update(batch, ["created_at"], batch_size=1000)
    print(f"  data {scale}×: {CASES * scale:,} cases ({time.perf_counter() - began:.0f} s)", flush=True)

    began = time.perf_counter()
    hub_cases = list(
        Case.objects.filter(owner_agency=hub, classification__lte=1).values_list("pk", flat=True)[
            : CASES * scale
        ]
    )
    have = CoordinationRequest.objects.count()
    for start in range(have, REQUESTS * scale, 2000):
        requests: list[Any] = []
        for _ in range(start, min(start + 2000, REQUESTS * scale)):
            to = police if rng.random() < 0.57 else rng.choice(partners[1:])
            sent = today - timedelta(days=rng.randint(0, 700))
            status = rng.choice(["sent", "received", "answered", "answered"])
            requests.append(
                CoordinationRequest(
                    case_id=rng.choice(hub_cases),
                    from_agency=hub,
                    to_agency=to,
                    kind=rng.choice(["verify", "information"]),
                    body="Đề nghị cung cấp thông tin (dữ liệu giả lập)",
                    classification=rng.choice([0, 0, 1]),
                    days=15,
                    unit="working",
                    sent_on=sent,
                    due_on=sent + timedelta(days=21),
                    status=status,
                    sent_by=officer,
                )
            )
        with transaction.atomic():
            CoordinationRequest.objects.bulk_create(requests)
    print(f"  data {scale}×: {REQUESTS * scale:,} requests ({time.perf_counter() - began:.0f} s)", flush=True)

    began = time.perf_counter()
    have = Document.objects.count()
    for start in range(have, DOCUMENTS * scale, 2000):
        docs, versions = [], []
        for i in range(start, min(start + 2000, DOCUMENTS * scale)):
            title = _title(rng, f"tài liệu {i + 1}")
            doc = Document(
                case_id=rng.choice(hub_cases),
                doc_type="CV",
                title=title,
                title_folded=_fold(title),
                classification=rng.choice([0, 0, 1]),
                owner_agency=hub,
                created_by=officer,
            )
            docs.append(doc)
            versions.append(
                DocumentVersion(
                    document=doc,
                    filename=f"tai-lieu-{i + 1}.pdf",
                    content_type="application/pdf",
                    size=1000,
                    sha256="0" * 64,
                    blob=f"bench/{i + 1:08d}",
                    key_id="bench",
                    uploaded_by=officer,
                    extraction="done",
                )
            )
        with transaction.atomic():
            Document.objects.bulk_create(docs)
            DocumentVersion.objects.bulk_create(versions)
    print(
        f"  data {scale}×: {DOCUMENTS * scale:,} documents ({time.perf_counter() - began:.0f} s)", flush=True
    )

    began = time.perf_counter()
    _fill_events(EVENTS * scale)
    print(
        f"  data {scale}×: {EVENTS * scale:,} audit events ({time.perf_counter() - began:.0f} s)", flush=True
    )
    _analyze()
    shown = (
        Case.objects.filter(owner_agency=hub, classification=0, status="open").order_by("-created_at").first()
    )
    subject = CaseSubject.objects.filter(case=shown).select_related("person").first()
    return {"users": users, "case": shown, "person": subject.person if subject else Person.objects.first()}


def _fold(text: str) -> str:
    from phoihop.search.folding import fold_vi

    return fold_vi(text)


def _users(hub: Any, police: Any, make_password: Any, Role: Any, User: Any) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    out = {}
    for key, username, agency, roles, clearance in [
        ("officer", "cv.bench", hub, ["officer"], 2),
        ("leader", "ld.bench", hub, ["leader"], 3),
        ("liaison", "dm.bench", police, ["liaison"], 2),
        ("auditor", "kt.bench", hub, ["auditor"], 3),
    ]:
        user, made = User.objects.get_or_create(
            username=username,
            defaults={"agency": agency, "clearance": clearance, "password": make_password(None)},
        )
        if made:
            user.roles.add(*[Role.objects.get_or_create(code=code)[0] for code in roles])
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "bench"})
        out[key] = user
    return out


def _fill_events(target: int) -> None:
    """Chained audit events up to `target` rows, in bulk, linked exactly as audit_record links them."""
    from django.db import transaction
    from django.utils import timezone

    from phoihop.audit.chain import GENESIS_HASH, canonical_payload, event_texts, record_hash
    from phoihop.audit.models import AuditEvent

    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = head if head else (0, GENESIS_HASH)
    payload = canonical_payload({"fields": ["status"]})
    now, batch = timezone.now() - timedelta(days=365), []
    while seq < target:
        seq += 1
        event = AuditEvent(
            seq=seq,
            occurred_at=now + timedelta(seconds=seq),
            actor_name="cv.bench",
            agency_code="BTC",
            action="record.read",
            object_type="cases.case",
            object_id=f"{seq:08d}",
            object_repr="",
            outcome="allowed",
            request_id=f"{seq:032x}",
            ip="127.0.0.1",
            user_agent="bench",
            payload=payload,
            prev_hash=prev,
        )
        event.hash = prev = record_hash(prev, event_texts(event))
        batch.append(event)
        if len(batch) == 5000 or seq == target:
            with transaction.atomic():
                AuditEvent.objects.bulk_create(batch)
            batch = []


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# ------------------------------------------------------------------------------------------------ the server
def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_server() -> subprocess.Popen[bytes]:
    """gunicorn with the production settings on loopback (no debug, no demo, TLS assumed at the proxy)."""
    from django.conf import settings

    if not _free(PORT):
        raise SystemExit(f"port {PORT} is taken (set PHOIHOP_BENCH_PORT)")
    env = dict(os.environ)
    env.update(
        {
            "PHOIHOP_DEBUG": "0",
            "PHOIHOP_DEMO": "0",
            "PHOIHOP_SECRET_KEY": settings.SECRET_KEY,
            "PHOIHOP_ENCRYPTION_KEY": settings.ENCRYPTION_KEY,
            "PHOIHOP_SSL_REDIRECT": "0",
            "PHOIHOP_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    demo_marker = os.path.join(os.environ["PHOIHOP_DATA_DIR"], "DEMO")
    if os.path.exists(demo_marker):
        os.remove(demo_marker)
    # the production static files (hashed names in a manifest), collected as `phoihop serve` does
    subprocess.run(
        [sys.executable, "-m", "phoihop.cli", "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    workers = os.environ.get("PHOIHOP_WEB_WORKERS", "3")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "phoihop.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        env=env,
    )
    for _ in range(300):
        time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit("the bench server did not start")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            continue
    proc.terminate()
    raise SystemExit("the bench server did not answer /healthz")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def session_cookie(user: Any) -> str:
    """A signed-in session (the user has a TOTP authenticator,
    so the API's session authentication accepts it)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# ------------------------------------------------------------------------------------------------ the load
def _client(path: str, cookie: str, until: float, out: Any) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": cookie, "Accept-Language": "vi", "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    samples, errors = [], 0
    while time.perf_counter() < until:
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            continue
        samples.append(time.perf_counter() - began)
    out.put((samples, errors))


def load(path: str, cookie: str, clients: int, seconds: float) -> dict[str, float]:
    ctx = multiprocessing.get_context("fork")
    # warm-up: every worker's caches and the database's pages, not counted
    _run(ctx, path, cookie, clients, min(1.5, seconds / 3))
    samples, errors, elapsed = _run(ctx, path, cookie, clients, seconds)
    ordered = sorted(samples) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

    return {
        "rps": len(samples) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "n": len(samples),
        "errors": errors,
    }


def _run(ctx: Any, path: str, cookie: str, clients: int, seconds: float) -> tuple[list[float], int, float]:
    out = ctx.Queue()
    began = time.perf_counter()
    until = began + seconds
    procs = [ctx.Process(target=_client, args=(path, cookie, until, out)) for _ in range(clients)]
    for p in procs:
        p.start()
    samples: list[float] = []
    errors = 0
    for _ in procs:
        got, bad = out.get()
        samples.extend(got)
        errors += bad
    for p in procs:
        p.join()
    return samples, errors, time.perf_counter() - began


def endpoints(data: dict[str, Any]) -> list[Endpoint]:
    from django.urls import reverse

    case, person = data["case"], data["person"]
    name = _q(" ".join(person.full_name.split()[-2:]))

    def at(url_name: str, query: str = "", *args: Any) -> str:
        return reverse(url_name, args=args) + (f"?{query}" if query else "")

    return [
        Endpoint("baseline GET /api/v1/users/me/", at("api:users-me"), "officer", "baseline"),
        Endpoint("API global search", at("api:search", f"q={name}"), "officer", "list"),
        Endpoint("API cases page_size=50", at("api:case-list", "page_size=50"), "officer", "list"),
        Endpoint("API cases overdue", at("api:case-list", "overdue=true"), "officer", "list"),
        Endpoint("API cases q=", at("api:case-list", f"q={_q('tham tra')}"), "officer", "list"),
        Endpoint("API persons q=", at("api:person-list", f"q={name}"), "officer", "list"),
        Endpoint("API requests (partner)", at("api:request-list"), "liaison", "list"),
        Endpoint("API audit events", at("api:audit-event-list"), "auditor", "list"),
        Endpoint("API notifications", at("api:notification-list"), "officer", "list"),
        Endpoint("page / (my work)", at("web:home"), "officer", "list"),
        Endpoint("page cases", at("cases:case_list"), "officer", "list"),
        Endpoint("page cases overdue", at("cases:case_list", "overdue=1"), "officer", "list"),
        Endpoint("page inbox (partner)", at("cases:request_inbox"), "liaison", "list"),
        Endpoint("page persons q=", at("people:person_list", f"q={name}"), "officer", "list"),
        Endpoint("page search q=", at("search:search", f"q={name}"), "officer", "list"),
        Endpoint("page incoming register", at("documents:registers", "", "incoming"), "liaison", "list"),
        Endpoint("page audit", at("audit:event_list"), "auditor", "list"),
        Endpoint("API case detail", at("api:case-detail", "", case.pk), "officer", "detail"),
        Endpoint("API person detail", at("api:person-detail", "", person.uuid), "officer", "detail"),
        Endpoint("page case detail", at("cases:case_detail", "", case.pk), "officer", "detail"),
        Endpoint("page person detail", at("people:person_detail", "", person.uuid), "officer", "detail"),
    ]


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def _verdict(ep: Endpoint, row: dict[str, float], base: float, clients: int) -> str:
    ratio = row["rps"] / base if base else 0.0
    floor = 0.5 if ep.kind == "detail" else 0.25
    ok = ratio >= floor and (clients != 4 or row["p95"] <= 50) and not row["errors"]
    return f"ratio {ratio:5.2f} (≥ {floor})  {'OK' if ok else 'BELOW TARGET'}"


def run() -> None:
    """Called by phoihop.bench inside its scratch database."""
    results: dict[tuple[int, int, str], dict[str, float]] = {}
    for scale in SCALES:
        data = build(scale)
        cookies = {key: session_cookie(user) for key, user in data["users"].items()}
        server = start_server()
        try:
            eps = endpoints(data)
            for clients in CLIENTS:
                print(
                    f"  pages at {scale}× data, {clients} clients, {SECONDS:.0f} s per endpoint:", flush=True
                )
                base = load(eps[0].path, cookies[eps[0].user], clients, SECONDS)
                results[(scale, clients, eps[0].label)] = base
                for ep in eps:
                    row = base if ep.kind == "baseline" else load(ep.path, cookies[ep.user], clients, SECONDS)
                    results[(scale, clients, ep.label)] = row
                    print(
                        (
                            f"    {ep.label:34} p50 {row['p50']:6.1f} ms  p95 "
                            f"{row['p95']:6.1f} ms  p99 {row['p99']:6.1f} ms  "
                            f"{row['rps']:6.1f}/s  {_verdict(ep, row, base['rps'], clients)}"
                        )
                        + (f"  {int(row['errors'])} errors" if row["errors"] else ""),
                        flush=True,
                    )
        finally:
            stop_server(server)
    if len(SCALES) > 1:
        small, big = SCALES[0], SCALES[-1]
        print(f"  growth from {small}× to {big}× data (p95 ratio; target ≤ 1.5):")
        for clients in CLIENTS:
            for label in [ep_label for (s, c, ep_label) in results if s == small and c == clients]:
                a, b = results[(small, clients, label)], results.get((big, clients, label))
                if b:
                    growth = b["p95"] / a["p95"] if a["p95"] else float("nan")
                    print(f"    {label:34} {growth:5.2f}  {'OK' if growth <= 1.5 else 'ABOVE TARGET'}")
