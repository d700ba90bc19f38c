"""Outgoing webhooks: the shop tells other systems what happened (an order
placed, paid, shipped...), with a signed POST to each endpoint that staff
registered for the event's type.

This app sits at the bottom of the layers, next to project.core: the order,
payment, catalogue and inventory services call `events.webhook_event_enqueue`
(which only schedules work for after the commit) and it imports none of
them. Each delivery is a Celery task: the HTTP call happens outside any
transaction, is retried with exponential backoff, and every attempt is
recorded (docs/api.md "Webhooks")."""
