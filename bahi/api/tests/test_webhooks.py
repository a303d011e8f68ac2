"""Contract of /companies/{id}/webhooks: register (secret shown once), list, disable, delete, the
delivery log; events of invoicing reach a real local receiver, signed."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from bahi.api.models import IdempotencyRecord
from bahi.api.tests.conftest import invoice_body
from bahi.identity.models import AuditRecord
from bahi.notifications.models import WebhookEndpoint
from bahi.notifications.services import drain_outbox
from bahi.notifications.signing import verify_signature
from bahi.notifications.tests.fake_dns import fake_dns

__all__ = ["fake_dns"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks(company):
    return f"/companies/{company.id}/webhooks"


def _register(admin_api, hooks, url, types, key="hook-1"):
    return admin_api.post(hooks, {"url": url, "event_types": types}, **{"Idempotency-Key": key})


def test_registering_shows_the_secret_once_and_stores_it_encrypted(admin_api, hooks, company):
    created = _register(admin_api, hooks, "https://erp.example.in/in", ["invoice.issued"])
    listed = admin_api.get(hooks)
    replay = _register(admin_api, hooks, "https://erp.example.in/in", ["invoice.issued"])

    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert (body["url"], body["event_types"], body["is_active"]) == (
        "https://erp.example.in/in",
        ["invoice.issued"],
        True,
    )
    assert "secret" not in listed.json()[0]
    assert body["secret"] not in listed.content.decode()
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert {**replay.json(), "secret": body["secret"]} == body
    assert replay.json()["secret"] == ""
    stored = b"".join(IdempotencyRecord.objects.values_list("response_body", flat=True))
    assert body["secret"].encode() not in stored
    assert WebhookEndpoint.objects.filter(company=company).count() == 1
    assert AuditRecord.objects.filter(object_type="notifications.webhookendpoint").count() == 1


def test_unknown_event_types_are_refused_with_the_field_path(admin_api, hooks):
    response = _register(admin_api, hooks, "https://erp.example.in/", ["invoice.deleted"])

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == ["body", "event_types"]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://2130706433:5432/", "2130706433 is 127.0.0.1, a loopback address"),
        ("https://10.0.0.5/admin", "10.0.0.5 is a private address"),
        ("http://localhost:8000/", "localhost names this machine (localhost)"),
        ("https://internal.example.in/", "internal.example.in resolves to a private address"),
    ],
)
def test_a_url_to_a_non_public_host_is_refused_as_a_problem_on_the_url_field(
    admin_api, hooks, fake_dns, url, reason
):
    fake_dns.set("internal.example.in", ["10.20.30.40"])

    response = _register(admin_api, hooks, url, ["invoice.issued"])

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "webhook_url_not_public"
    assert problem["type"] == "https://bahi.example/problems/webhook_url_not_public"
    assert problem["detail"] == (
        f"webhook URL must reach a public internet address: {reason} (an install that posts to "
        "its own network sets BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS=1)"
    )
    assert problem["errors"] == [{"path": ["body", "url"], "message": problem["detail"]}]
    assert "10.20.30.40" not in response.content.decode()
    assert fake_dns.connects == []
    assert not WebhookEndpoint.objects.exists()


def test_a_disabled_endpoint_receives_nothing_and_a_deleted_one_is_gone(
    admin_api, hooks, company, customer, receiver
):
    endpoint = _register(admin_api, hooks, receiver.url, ["invoice.issued"]).json()
    url = f"{hooks}/{endpoint['id']}"

    disabled = admin_api.post(f"{url}/disable", {})
    admin_api.post(f"/companies/{company.id}/documents", invoice_body(customer.id, issue=True))
    drain_outbox()
    deleted = admin_api.send("DELETE", url)

    assert disabled.json()["is_active"] is False
    assert receiver.requests == []
    assert deleted.status_code == 204
    assert admin_api.get(url).status_code == 404


def test_invoice_and_payment_events_are_delivered_signed_and_logged_with_attempts(
    admin_api, hooks, company, customer, receiver
):
    types = ["invoice.issued", "invoice.cancelled", "payment.received"]
    endpoint = _register(admin_api, hooks, receiver.url, types).json()
    receiver.statuses = [503]  # the first delivery fails, and is retried
    docs = f"/companies/{company.id}/documents"
    invoice = admin_api.post(docs, invoice_body(customer.id, issue=True)).json()
    admin_api.post(
        f"/companies/{company.id}/payments",
        {
            "kind": "receipt",
            "party_id": customer.id,
            "payment_date": "2025-10-02",
            "amount": "472.00",
            "mode": "upi",
            "allocations": [{"document_id": invoice["id"], "amount": "472.00"}],
        },
    )
    cancel_refused = admin_api.post(f"{docs}/{invoice['id']}/cancel", {"reason": "x"})

    drain_outbox()
    drain_outbox(now=timezone.now() + timedelta(minutes=1))  # the retry is due after 30 s
    log = admin_api.get(f"{hooks}/{endpoint['id']}/deliveries").json()

    assert cancel_refused.status_code == 422  # a payment is allocated to it
    sent = [json.loads(request.body) for request in receiver.requests]
    assert [item["type"] for item in sent] == [
        "invoice.issued",
        "payment.received",
        "invoice.issued",
    ]
    assert sent[0]["data"]["document_number"] == "INV/25-26/000001"
    assert sent[1]["data"]["allocations"] == [[invoice["id"], 47200]]
    for request in receiver.requests:
        assert verify_signature(
            endpoint["secret"], request.headers["Bahi-Signature"], request.body, tolerance=600
        )
    assert [(d["type"], d["state"]) for d in log] == [
        ("invoice.issued", "done"),
        ("payment.received", "done"),
    ]
    issued_attempts = [
        (a["attempt"], a["status_code"], a["is_success"]) for a in log[0]["attempts"]
    ]
    assert issued_attempts == [(1, 503, False), (2, 200, True)]
