"""Workflows: the shop's steps that span orders, payments and stock, in one
place that the API, the dashboard, the Celery tasks and the demo data all
call. Nothing below this package knows the whole picture:

    project.api | forked_apps.dashboard | project.demo     entry points
        -> project.workflows                               this package
        -> project.payments                                payment and refund states
        -> forked_apps.order                               orders, checkout
        -> forked_apps.basket -> forked_apps.catalogue
        -> forked_apps.partner                             the inventory
        -> project.core

(import-linter checks these layers: see [tool.importlinter] in pyproject.toml.)

A payment provider is called only from here, and never inside a database
transaction (gateway.py enforces it): the payment or refund is opened and
committed first, the provider is called, and its answer is recorded in a
second transaction through the same state machine that webhooks and
reconciliation use. A crash or timeout in between leaves a pending payment
or refund that a webhook, reconciliation or a retry settles."""
