"""The pages benchmark stays honest: its data set builds, and every endpoint it loads answers 200 to its user
(a benchmark of 404s or redirects would print fine numbers)."""

from __future__ import annotations

import pytest
from django.test import Client

from phoihop import pages_bench

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_bench_endpoint_answers_its_user(monkeypatch):
    for name, value in {"PERSONS": 300, "CASES": 40, "REQUESTS": 12, "DOCUMENTS": 6, "EVENTS": 30}.items():
        monkeypatch.setattr(pages_bench, name, value)
    data = pages_bench.build(1, progress=False)
    clients = {}
    for key, user in data["users"].items():
        clients[key] = Client()
        clients[key].force_login(user)
    for ep in pages_bench.endpoints(data):
        response = clients[ep.user].get(ep.path)
        assert response.status_code == 200, (ep.label, ep.path, response.status_code)
