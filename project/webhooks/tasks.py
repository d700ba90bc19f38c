"""Webhook deliveries, run by Celery after the event's transaction commits."""

from celery import shared_task

from project.webhooks.delivery import webhook_delivery_attempt


# The attempts are counted in the database (OUTGOING_WEBHOOKS_MAX_ATTEMPTS);
# Celery's own cap is only a backstop above any sensible setting.
@shared_task(bind=True, max_retries=50, ignore_result=True)
def deliver_webhook(self, delivery_id: str) -> None:
    """One attempt; a failure that may be retried comes back after an
    exponential backoff (the number of attempts is kept in the database).
    Without a broker (tasks run inline) the attempts follow one another at
    once instead."""
    retry_in = webhook_delivery_attempt(delivery_id=delivery_id)
    while retry_in is not None and self.request.is_eager:
        retry_in = webhook_delivery_attempt(delivery_id=delivery_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)
