"""The staff examples that docs/merchandiser.md shows run: its titled curl
block (create-voucher.sh) makes a coupon through the staff API of a live
server, prints the documented response, and the coupon is one the shop
knows (the same code, upper-cased, with its terms). Change the API and the
page must follow."""

import json
import os
import shutil
import subprocess
from decimal import Decimal

import pytest

from forked_apps.voucher.models import Voucher
from tests.conftest import PASSWORD
from tests.docs.snippets import DOCS, shape_errors, titled_block
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE = "merchandiser.md"
BASH = shutil.which("bash")


def _documented_response(title: str) -> dict:
    """The JSON block right after the block titled `title` on the page."""
    page = (DOCS / PAGE).read_text()
    after = page.split(f'title="{title}"', 1)[1]
    block = after.split('```json title="Response', 1)[1]
    return json.loads(block.split("\n", 1)[1].split("\n```", 1)[0])


def test_the_coupon_example_makes_a_coupon(live_server, settings, api_client):
    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(email="ops@shop.example", password=PASSWORD, is_staff=True)
    login = api_client.post(
        "/api/v1/auth/login",
        {"email": "ops@shop.example", "password": PASSWORD},
        format="json",
    )
    script = titled_block(PAGE, "create-voucher.sh")
    env = {
        **os.environ,
        "API": f"{live_server.url}/api/v1",
        "STAFF": login.json()["access"],
    }

    result = subprocess.run(  # noqa: S603  (fixed argv, no shell)
        [BASH, "--noprofile", "--norc", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    printed = json.loads(result.stdout)
    wrong = shape_errors(_documented_response("create-voucher.sh"), printed)
    assert not wrong, wrong
    voucher = Voucher.objects.get(uuid=printed["id"])
    assert (voucher.code, voucher.usage) == ("SORRY-5", Voucher.SINGLE_USE)
    benefit = voucher.offers.get().benefit
    assert (benefit.type, benefit.value) == ("Absolute", Decimal("5.00"))
