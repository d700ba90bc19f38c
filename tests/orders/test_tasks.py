"""Celery tasks run at least once (acks_late: a worker killed mid-task leaves
the message to run again; errors retry with backoff), so each must be
idempotent: the customer gets one email per order and kind, Oscar's
purchase counters move once per order."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from oscar.apps.analytics.models import ProductRecord, UserRecord

from forked_apps.order.models import Order
from forked_apps.order.tasks import record_order_analytics, send_order_email
from project.accounts.tasks import send_password_reset_email
from project.celery import app as celery_app
from project.core.effects.models import SideEffect
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.shopping import place_order


class FlakySMTPBackend(LocmemBackend):
    """An SMTP server that refuses the first `failures` connections."""

    failures = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures > 0:
            FlakySMTPBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp(settings):
    """The flaky server, with inline tasks returning their outcome (as a
    worker records it) instead of raising it into the test."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakySMTPBackend"
    celery_app.conf.task_eager_propagates = False
    yield FlakySMTPBackend
    celery_app.conf.task_eager_propagates = True
    FlakySMTPBackend.failures = 0


@pytest.fixture
def order(user):
    make_product("Lamp", stock=10)
    placed = place_order(bearer_client(user), {"lamp": 2})
    return Order.objects.get(uuid=placed["id"])


@pytest.mark.django_db
def test_the_confirmation_email_goes_out_once_however_often_the_task_runs(order):
    for _ in range(3):  # a redelivered message, a retry
        send_order_email.apply(args=(order.pk, "placed"))

    assert len(mail.outbox) == 1
    assert order.number in mail.outbox[0].subject
    assert SideEffect.objects.filter(key=f"order-email:{order.pk}:placed").count() == 1


@pytest.mark.django_db
def test_a_status_email_goes_out_once_per_status(order):
    send_order_email.apply(args=(order.pk, "status"))
    send_order_email.apply(args=(order.pk, "status"))
    Order.objects.filter(pk=order.pk).update(status="cancelled")
    send_order_email.apply(args=(order.pk, "status"))
    send_order_email.apply(args=(order.pk, "placed"))

    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 3
    assert sum("is now pending" in s for s in subjects) == 1
    assert sum("is now cancelled" in s for s in subjects) == 1


@pytest.mark.django_db
def test_an_email_that_failed_is_sent_by_the_retry(order, flaky_smtp):
    flaky_smtp.failures = 2  # the mail server drops the first two attempts

    # (inline, Celery runs each retry at once, without the backoff's wait)
    result = send_order_email.apply(args=(order.pk, "placed"))

    assert result.successful()
    assert flaky_smtp.failures == 0  # two attempts failed
    assert len(mail.outbox) == 1  # the third sent it, once
    assert SideEffect.objects.filter(key=f"order-email:{order.pk}:placed").exists()


@pytest.mark.django_db
def test_an_email_that_never_went_out_is_not_recorded_as_sent(order, flaky_smtp):
    flaky_smtp.failures = 100  # down for longer than every retry

    result = send_order_email.apply(args=(order.pk, "placed"))

    assert result.failed()  # retried until max_retries, then failed
    assert flaky_smtp.failures == 100 - 1 - send_order_email.max_retries
    assert mail.outbox == []
    assert not SideEffect.objects.exists()
    flaky_smtp.failures = 0  # back: the next delivery of the message sends it
    send_order_email.apply(args=(order.pk, "placed"))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_purchase_counters_move_once_per_order(order, user):
    record_order_analytics.apply(args=(order.pk,))
    record_order_analytics.apply(args=(order.pk,))

    product_record = ProductRecord.objects.get(product__slug="lamp")
    assert product_record.num_purchases == 2  # the order's quantity, once
    assert UserRecord.objects.get(user=user).num_orders == 1
    order.refresh_from_db()
    assert order.analytics_tracked is True


@pytest.mark.django_db
def test_a_password_reset_email_is_sent_once_per_message(user):
    result = send_password_reset_email.apply(args=(user.pk,), task_id="message-1")
    send_password_reset_email.apply(args=(user.pk,), task_id="message-1")  # again
    send_password_reset_email.apply(args=(user.pk,), task_id="message-2")  # a new ask

    assert result.successful()
    assert len(mail.outbox) == 2


def test_every_task_is_acked_late_and_retried_with_backoff():
    celery_app.loader.import_default_modules()  # what a worker imports
    ours = {
        name: task
        for name, task in celery_app.tasks.items()
        if name.startswith(("project.", "forked_apps."))
    }

    assert {
        "forked_apps.order.tasks.send_order_email",
        "forked_apps.order.tasks.record_order_analytics",
        "project.accounts.tasks.send_password_reset_email",
        "project.workflows.tasks.cancel_unpaid_orders",
    } <= set(ours)
    for name, task in ours.items():
        assert task.acks_late and task.reject_on_worker_lost, name
        assert Exception in task.autoretry_for, name
        assert task.retry_backoff and task.max_retries, name


def test_beat_runs_cancel_unpaid_orders(settings):
    celery_app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "project.workflows.tasks.cancel_unpaid_orders" in tasks
    assert tasks <= set(celery_app.tasks)


@pytest.mark.django_db
def test_each_status_of_quick_moves_gets_its_own_email(
    django_capture_on_commit_callbacks,
):
    from forked_apps.order.services import order_status_change
    from project.workflows.payments import order_pay

    make_product("Kettle", stock=3)
    placed = place_order(bearer_client(UserFactory()), {"kettle": 1})
    order = Order.objects.get(uuid=placed["id"])
    mail.outbox.clear()
    # The tasks run only after both moves: the order is already shipped.
    with django_capture_on_commit_callbacks() as callbacks:
        order_pay(order=order, provider_name="sandbox", token="tok_success")
        order_status_change(order=order, status="shipped", tracking_number="TRK-1")
    for callback in callbacks:
        callback()

    subjects = sorted(message.subject for message in mail.outbox)
    assert any(subject.endswith("is now paid") for subject in subjects), subjects
    assert any(subject.endswith("is now shipped") for subject in subjects), subjects
