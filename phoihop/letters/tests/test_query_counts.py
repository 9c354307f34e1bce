"""The letters' lists ask the database a fixed number of times whatever their rows
(web/tests/test_query_counts.py names this test for them): the register and its API, the transfers waiting,
the vault's read log, a letter's allegations and related letters, and the letter's panel on the case page."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.cases.tests.helpers import login
from phoihop.letters import services, textgen
from phoihop.letters.models import Transfer
from phoihop.letters.tests.conftest import open_letter

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 6


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries), len(response.content)


def test_letter_lists_do_not_ask_once_per_row(world):
    officer, keeper = login(world["owner"]), login(world["keeper"])
    ubkt = world["ubkt_leader"]
    first = open_letter(world["owner"], [world["person"]], title="Đơn đo số truy vấn")

    grown_so_far: list[int] = []

    def grow(n: int) -> None:
        for i in range(n):
            # a match for `first`'s kin
            open_letter(world["owner"], [world["person"]], title=f"Đơn gần giống {i}")
            texts = textgen.allegations(random.Random(1000 + len(grown_so_far)))
            grown_so_far.append(i)
            source = open_letter(ubkt, title=f"Đơn UBKT {i}", allegations=texts)
            services.letter_classify(
                actor=ubkt,
                case=source,
                processable=True,
                outcome="transfer",
                to_agency=world["BTC"],
                slip=f"{i}/PC",
            )
            services.vault_open(actor=world["keeper"], case=first, reason=f"Lý do mở kho lần {i} đủ dài")

    lists = {
        "register": (officer, "/letters/"),
        "register-filtered": (officer, "/letters/?letter_type=denunciation"),
        "transfers": (officer, "/letters/transfers/"),
        "vault-reads": (keeper, "/letters/vault-reads/"),
        "api-letters": (officer, "/api/v1/letters/"),
        "api-transfers": (officer, "/api/v1/letters/transfers/"),
    }
    grow(FEW)
    latest = lambda: Transfer.objects.order_by("-sent_on", "-id").first()  # noqa: E731
    for c, p in lists.values():  # the sessions' first requests warm up
        _queries(c, p)
    few = {k: _queries(c, p) for k, (c, p) in lists.items()}
    grow(MANY - FEW)
    for c, p in lists.values():
        _queries(c, p)
    many = {k: _queries(c, p) for k, (c, p) in lists.items()}
    assert latest() is not None
    grown = {k: (few[k][0], many[k][0]) for k in lists if few[k][0] != many[k][0]}
    assert not grown, grown
    assert all(many[k][1] > few[k][1] for k in lists), (few, many)


def test_a_letters_panel_and_its_items_do_not_ask_once_per_allegation(world):
    officer = login(world["owner"])
    small = open_letter(
        world["owner"], [world["person"]], allegations=["Một nội dung về tuyển dụng xã Đông."] * 1
    )
    big = open_letter(
        world["owner"],
        title="Đơn nhiều nội dung",
        allegations=[f"Nội dung thứ {i} về đất đai ở thôn số {i} năm 20{i:02d}" for i in range(8)],
    )
    for path in (
        "/cases/{}/",
        "/api/v1/letters/{}/allegations/",
        "/api/v1/letters/{}/matches/",
        "/letters/{}/classify/",
    ):
        client = officer if "classify" not in path else login(world["leader"])
        _queries(client, path.format(small.pk))  # warm up
        q_small, _ = _queries(client, path.format(small.pk))
        q_big, _ = _queries(client, path.format(big.pk))
        assert q_small == q_big, (path, q_small, q_big)
