"""What the rest of the shop calls to emit a webhook event. Nothing happens
inside the caller's transaction: the event is published after the commit
(and never if it rolls back), once per subject however many times the
transaction enqueued it, and only to endpoints listening for its type."""

from collections.abc import Callable, Hashable, Iterable

from project.core.transactions import on_commit_batch
from project.webhooks.models import EVENT_TYPES

# Builds each subject's `data` after the commit: {subject: data}; a subject
# left out (it disappeared) publishes nothing.
DataBuilder = Callable[[list], dict]


class _Batch:
    """The subjects of one event type (and builder) enqueued in a transaction."""

    def __init__(self, event_type: str, build: DataBuilder | None):
        self.event_type = event_type
        self.build = build
        self.subjects: dict[Hashable, dict | None] = {}

    def __call__(self):
        from project.webhooks.services import webhook_events_publish

        webhook_events_publish(
            event_type=self.event_type, subjects=self.subjects, build=self.build
        )


def webhook_event_enqueue(
    *,
    event_type: str,
    subject: Hashable,
    build: DataBuilder | None = None,
    data: dict | None = None,
) -> None:
    """Publish `event_type` about `subject` (an order's or product's primary
    key...) after the current transaction commits. Give `data`, or `build`,
    called once after the commit with every subject of this type enqueued in
    the transaction, and only when some endpoint listens."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type: {event_type}")
    if (build is None) == (data is None):
        raise ValueError("give either data or build")

    def add(batch: _Batch) -> None:
        batch.subjects[subject] = data

    on_commit_batch(
        ("webhooks", event_type, build), lambda: _Batch(event_type, build), add
    )


def webhook_events_enqueue(
    *, event_type: str, subjects: Iterable[Hashable], build: DataBuilder
) -> None:
    """webhook_event_enqueue() for many subjects of one type."""
    for subject in subjects:
        webhook_event_enqueue(event_type=event_type, subject=subject, build=build)


def stock_low(*, product, available: int, threshold: int) -> None:
    """The hook point for stock alerts: call it once when a product's
    available stock falls to or below its threshold (when its alert opens),
    and a `stock.low` event goes to the endpoints that listen:

        stock_low(product=record.product, available=available, threshold=threshold)
    """
    webhook_event_enqueue(
        event_type="stock.low",
        subject=product.pk,
        data={
            "product": {
                "id": str(product.uuid),
                "slug": product.slug,
                "name": product.get_title(),
            },
            "available": available,
            "threshold": threshold,
        },
    )
