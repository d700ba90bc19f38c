"""Reconciliation (project/workflows/reconciliation.py): mismatches planted
between our payments and the sandbox provider's books are found, the safe
ones settled through the services, the rest left for a person, from the
command and from the dashboard."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from project.payments.models import Payment, Refund, SandboxCharge
from project.payments.providers.sandbox import SandboxProvider
from project.workflows.payments import order_pay
from project.workflows.reconciliation import reconcile
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.shopping import place_order


@pytest.fixture
def lamp(db):
    return make_product("Lamp", price="19.99", stock=10)


def new_order(quantity=1) -> Order:
    placed = place_order(bearer_client(UserFactory()), {"lamp": quantity})
    return Order.objects.get(uuid=placed["id"])


def window():
    now = timezone.now()
    return {"since": now - timedelta(days=1), "until": now + timedelta(days=1)}


def kinds(report) -> list[str]:
    return sorted(mismatch.kind for mismatch in report.mismatches)


def test_agreeing_books_have_no_mismatch(lamp):
    order_pay(order=new_order(), provider_name="sandbox", token="tok_success")
    order_pay(order=new_order(), provider_name="sandbox", token="tok_fail")

    report = reconcile(provider_name="sandbox", **window())

    assert report.checked == 2 and report.matched == 2 and report.mismatches == []


def test_a_refund_made_at_the_provider_is_recorded_and_the_order_cancelled(lamp):
    order = new_order(quantity=3)
    payment = order_pay(order=order, provider_name="sandbox", token="tok_success")
    # Someone refunds in the provider's own dashboard.
    SandboxProvider().refund(
        reference=payment.transaction_reference,
        amount=payment.amount,
        currency=payment.currency,
        idempotency_key="dashboard-refund",
    )

    looked = reconcile(provider_name="sandbox", **window())
    assert kinds(looked) == ["refunded_there_paid_here"]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED  # looking changes nothing

    settled = reconcile(provider_name="sandbox", settle=True, **window())

    assert [m.action for m in settled.mismatches] == ["settled"]
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
    assert order.status == Order.CANCELLED
    assert StockRecord.objects.get(product=lamp).num_allocated == 0


def test_a_planted_amount_difference_is_left_for_a_person(lamp):
    payment = order_pay(order=new_order(), provider_name="sandbox", token="tok_success")
    SandboxCharge.objects.update(amount=Decimal("1.00"))

    report = reconcile(provider_name="sandbox", settle=True, **window())

    assert kinds(report) == ["amount_differs"]
    assert report.mismatches[0].action == "needs_review"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED


def test_a_charge_we_know_nothing_about_is_reported(lamp):
    SandboxCharge.objects.create(
        reference="sbx_stranger",
        idempotency_key="elsewhere",
        amount=Decimal("5.00"),
        currency="USD",
        status="succeeded",
        metadata={"payment_id": "not-ours"},
    )

    report = reconcile(provider_name="sandbox", settle=True, **window())

    assert kinds(report) == ["unknown_here"]
    assert report.needs_review[0].record.reference == "sbx_stranger"


def test_a_pending_payment_the_provider_never_saw_fails_after_the_grace(lamp, settings):
    order = new_order()
    payment = Payment.objects.create(
        order=order, provider="sandbox", amount=order.total_incl_tax, currency="USD"
    )
    settings.RECONCILE_PENDING_GRACE_MINUTES = 15
    assert reconcile(provider_name="sandbox", settle=True, **window()).mismatches == []

    Payment.objects.filter(pk=payment.pk).update(
        updated_at=timezone.now() - timedelta(minutes=16)
    )
    report = reconcile(provider_name="sandbox", settle=True, **window())

    assert kinds(report) == ["unknown_there_pending_here"]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    order.refresh_from_db()
    assert order.status == Order.PENDING  # it may be paid again, or expire


def test_the_command_reports_and_fails_while_a_person_is_needed(lamp):
    order_pay(order=new_order(), provider_name="sandbox", token="tok_success")
    SandboxCharge.objects.update(amount=Decimal("1.00"))
    out = StringIO()
    today = timezone.localdate().isoformat()

    with pytest.raises(CommandError) as failed:
        call_command(
            "reconcile_payments", "--since", today, "--until", today, stdout=out
        )

    assert failed.value.returncode == 1
    assert "amount_differs" in out.getvalue() and "needs_review" in out.getvalue()


def test_the_command_settles_the_safe_ones(lamp):
    payment = order_pay(order=new_order(), provider_name="sandbox", token="tok_timeout")
    out = StringIO()

    call_command("reconcile_payments", "--settle", stdout=out)

    assert "paid_there_pending_here" in out.getvalue() and "settled" in out.getvalue()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED


def test_the_dashboard_shows_mismatches_and_settles_the_safe_ones(lamp, client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    payment = order_pay(order=new_order(), provider_name="sandbox", token="tok_timeout")
    today = timezone.localdate().isoformat()
    form = {"provider": "sandbox", "date_from": today, "date_to": today}

    shown = client.get("/dashboard/orders/payments/reconcile/", form)
    assert shown.status_code == 200
    assert b"paid_there_pending_here" in shown.content
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING

    settled = client.post("/dashboard/orders/payments/reconcile/", form)

    assert settled.status_code == 200 and b"1 mismatches settled" in settled.content
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED


def test_support_may_look_but_not_settle(lamp, client):
    from django.contrib.auth.models import Group

    support = UserFactory(is_staff=True)
    support.groups.add(Group.objects.get(name="Support"))
    client.force_login(support)
    payment = order_pay(order=new_order(), provider_name="sandbox", token="tok_timeout")
    today = timezone.localdate().isoformat()
    form = {"provider": "sandbox", "date_from": today, "date_to": today}

    assert client.post("/dashboard/orders/payments/reconcile/", form).status_code == 403
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
