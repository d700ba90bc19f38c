# The local webhook receiver of tests/webhooks, for the receivers' code of
# docs/webhooks.md (tests/docs/test_webhook_receivers.py).
from tests.webhooks.conftest import receiver  # noqa: F401
