"""The signature checks that docs/webhooks.md gives receivers (Python and
Node, the blocks titled shop_webhooks.py and shop-webhooks.mjs) accept what
the shop really sends and refuse anything else: each runs on a real
delivery to a local receiver, then on that request altered (one byte of the
body, the secret, the timestamp) or replayed too late, and on the page's
own example request. Change the signing, or the page, and this fails."""

import base64
import importlib.util
import json
import re
import shutil
import subprocess

import pytest

from project.webhooks.services import webhook_endpoint_create
from tests.docs.snippets import DOCS, titled_block
from tests.factories import make_product
from tests.shopping import place_order

pytestmark = pytest.mark.django_db

PAGE = "webhooks.md"
NODE = shutil.which("node")

NODE_HARNESS = """
import { readFileSync } from "node:fs";
import { verifiedEvent } from "./shop-webhooks.mjs";

const cases = JSON.parse(readFileSync(0, "utf8"));
const verdicts = cases.map(({ body, header, secret, now }) => {
  try {
    const args = [Buffer.from(body, "base64"), header, secret];
    return verifiedEvent(...(now === null ? args : [...args, now])).id;
  } catch {
    return null;
  }
});
console.log(JSON.stringify(verdicts));
"""


def _python_verifier(tmp_path):
    path = tmp_path / "shop_webhooks.py"
    path.write_text(titled_block(PAGE, "shop_webhooks.py"))
    spec = importlib.util.spec_from_file_location("shop_webhooks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def verify(body: bytes, header: str, secret: str, now):
        try:
            return module.verified_event(body, header, secret, now)["id"]
        except module.InvalidSignature:
            return None

    return verify


def _node_verdicts(tmp_path, cases) -> list:
    (tmp_path / "shop-webhooks.mjs").write_text(titled_block(PAGE, "shop-webhooks.mjs"))
    (tmp_path / "check.mjs").write_text(NODE_HARNESS)
    payload = [
        {**case, "body": base64.b64encode(case["body"]).decode()} for case in cases
    ]
    result = subprocess.run(  # noqa: S603  (fixed argv, no shell)
        [NODE, str(tmp_path / "check.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _page_example() -> dict:
    """The request and secret that docs/webhooks.md shows."""
    page = (DOCS / PAGE).read_text()
    request = re.search(r"```http\n(.*?)\n```", page, re.DOTALL)[1]
    head, body = request.split("\n\n", 1)
    header = re.search(r"^Shop-Signature: (.+)$", head, re.MULTILINE)[1]
    secret = re.search(r'"secret": "(whsec_[^"]+)"', page)[1]
    timestamp = int(re.search(r"t=(\d+)", header)[1])
    return {"body": body.encode(), "header": header, "secret": secret, "t": timestamp}


def _cases(delivered: dict, secret: str, example: dict) -> list[tuple[str, dict]]:
    body, header = delivered["body"], delivered["headers"]["Shop-Signature"]
    timestamp = int(re.search(r"t=(\d+)", header)[1])
    signature = header.split("v1=")[1]
    real = {"body": body, "header": header, "secret": secret}
    return [
        ("as delivered, now", {**real, "now": None}),
        ("as delivered, 299 s later", {**real, "now": timestamp + 299}),
        ("replayed 301 s later", {**real, "now": timestamp + 301}),
        ("another secret", {**real, "secret": secret + "x", "now": None}),
        ("a space added to the body", {**real, "body": body + b" ", "now": None}),
        (
            "another timestamp, same signature",
            {**real, "header": f"t={timestamp + 1},v1={signature}", "now": None},
        ),
        ("no signature", {**real, "header": f"t={timestamp}", "now": None}),
        ("no header", {**real, "header": "", "now": None}),
        (
            "the page's example request",
            {
                "body": example["body"],
                "header": example["header"],
                "secret": example["secret"],
                "now": example["t"],
            },
        ),
    ]


def _expected(delivered: dict, example: dict) -> dict:
    event_id = json.loads(delivered["body"])["id"]
    return {
        "as delivered, now": event_id,
        "as delivered, 299 s later": event_id,
        "replayed 301 s later": None,
        "another secret": None,
        "a space added to the body": None,
        "another timestamp, same signature": None,
        "no signature": None,
        "no header": None,
        "the page's example request": json.loads(example["body"])["id"],
    }


@pytest.fixture
def delivered(receiver, user_client, django_capture_on_commit_callbacks):
    """An order.placed event as the shop delivered it, with its secret."""
    endpoint = webhook_endpoint_create(url=receiver.url, events=["order.placed"])
    make_product("Lamp", price="12.50")
    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})
    [request] = receiver.requests
    return request, endpoint.secret


def test_the_python_check_accepts_the_shops_deliveries_only(delivered, tmp_path):
    request, secret = delivered
    example = _page_example()
    verify = _python_verifier(tmp_path)

    verdicts = {
        name: verify(case["body"], case["header"], case["secret"], case["now"])
        for name, case in _cases(request, secret, example)
    }

    assert verdicts == _expected(request, example)


def test_the_node_check_accepts_the_shops_deliveries_only(delivered, tmp_path):
    assert NODE, "Node (node) is needed to run the page's Node.js example"
    request, secret = delivered
    example = _page_example()
    cases = _cases(request, secret, example)

    verdicts = dict(
        zip(
            [name for name, _ in cases],
            _node_verdicts(tmp_path, [case for _, case in cases]),
            strict=True,
        )
    )

    assert verdicts == _expected(request, example)
