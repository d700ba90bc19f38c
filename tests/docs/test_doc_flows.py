"""The documentation's examples run: every curl, JavaScript (fetch) and
Python (requests) example of a flow, read from the Markdown files in docs/
(tests/docs/snippets.py), runs in order against a live server, in a real
shell, Node and Python. A curl example whose response the page documents
must print a response of that shape. So the guide cannot rot: change the
API and its documented flow fails here.

The test changes only what a reader changes: the API's address (the docs
use `make serve`'s http://127.0.0.1:8000) and, for the password reset, the
link that arrives by email (read from the file-based email backend)."""

import os
import queue
import shutil
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command

from forked_apps.catalogue.reviews.models import ProductReview, ReviewReport
from forked_apps.order.models import Order
from forked_apps.wishlists.models import WishList
from project.accounts.models import User
from project.payments.models import Payment
from tests.docs.snippets import Page, guide_pages, read, shape_errors

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOCUMENTED_SERVER = "http://127.0.0.1:8000"
RESET_LINK = (
    "http://localhost:3000/reset-password?uid=OGNjZTBiZWMtZDM3Ni00YjdiLTk5YTgtNGM4ZjQ5NWNjYzM0"
    "&token=cz6b2y-5c0d1e3f0b8a7e2c4d9f"
)
GUIDE = guide_pages()  # the "Integration guide" of mkdocs.yml's nav, in order
STEP_SECONDS = 60
NODE = shutil.which("node")
BASH = shutil.which("bash")

# How each language reads the newest password reset link from the mail folder.
LAST_EMAIL_LINK = {
    "bash": """
last_email_link() {
  grep -ho 'http[^ ]*reset-password?[^ ]*' $(ls -t "$MAIL_DIR"/* | head -1) | head -1
}
""",
    "python": """
def last_email_link():
    import os, re
    folder = os.environ["MAIL_DIR"]
    newest = max((os.path.join(folder, f) for f in os.listdir(folder)), key=os.path.getmtime)
    return re.search(r"http\\S*reset-password\\?\\S*", open(newest).read()).group(0)
""",
    "js": """
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
function lastEmailLink() {
  const folder = process.env.MAIL_DIR;
  const newest = readdirSync(folder)
    .map((name) => join(folder, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  return readFileSync(newest, "utf8").match(/http\\S*reset-password\\?\\S*/)[0];
}
// A browser's localStorage, for the guest cart (Node has none).
const localStorage = {
  items: new Map(),
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; },
  setItem(key, value) { this.items.set(key, String(value)); },
  removeItem(key) { this.items.delete(key); },
};
""",
}
RESET_LINK_IN = {
    "bash": (f"'{RESET_LINK}'", '"$(last_email_link)"'),
    "python": (f'"{RESET_LINK}"', "last_email_link()"),
    "js": (f'"{RESET_LINK}"', "lastEmailLink()"),
}


def _adapted(code: str, language: str, server: str) -> str:
    documented, real = RESET_LINK_IN[language]
    return code.replace(DOCUMENTED_SERVER, server).replace(documented, real)


class Shell:
    """One bash process that runs the curl examples one at a time, keeping
    their variables, with `set -euo pipefail`: a failing curl ends it."""

    MARK = "__example_done__"

    def __init__(self, env):
        self.process = subprocess.Popen(  # noqa: S603  (fixed argv, no shell)
            [BASH, "--noprofile", "--norc"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send("set -euo pipefail\n" + LAST_EMAIL_LINK["bash"])

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, code: str) -> str:
        self.process.stdin.write(f"{code}\nprintf '\\n{self.MARK}\\n'\n")
        self.process.stdin.flush()
        output = []
        while True:
            line = self.lines.get(timeout=STEP_SECONDS)
            if line is None:
                raise AssertionError("the example failed:\n" + "".join(output))
            if line.strip() == self.MARK:
                return "".join(output).strip()
            output.append(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture
def flow_env(live_server, settings, tmp_path):
    settings.ALLOWED_HOSTS = ["*"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return {**os.environ, "MAIL_DIR": str(tmp_path / "mail")}


@pytest.fixture
def demo_shop(db):
    call_command("seed_demo", products=30, customers=2, verbosity=0)


def _run_curl(pages: list[Page], env, server: str) -> int:
    import json

    shell = Shell(env)
    ran = 0
    try:
        for page in pages:
            for snippet in page.of("bash"):
                output = shell.send(_adapted(snippet.code, "bash", server))
                ran += 1
                if snippet.response is None:
                    continue
                try:
                    printed = json.loads(output)
                except ValueError:
                    raise AssertionError(
                        f"{snippet.where}: documented a response but printed {output!r:.300}"
                    ) from None
                wrong = shape_errors(snippet.response, printed)
                assert not wrong, f"{snippet.where} {snippet.response_title}: {wrong}"
    finally:
        shell.close()
    return ran


def _run_program(pages: list[Page], language: str, env, server: str, tmp_path):
    code = "\n\n".join(
        f"{'//' if language == 'js' else '#'} {snippet.where}\n"
        + _adapted(snippet.code, language, server)
        for page in pages
        for snippet in page.of(language)
    )
    program = tmp_path / ("flow.mjs" if language == "js" else "flow.py")
    program.write_text(LAST_EMAIL_LINK[language] + "\n" + code + "\n")
    command = (
        [NODE, str(program)] if language == "js" else [sys.executable, str(program)]
    )
    result = subprocess.run(  # noqa: S603  (fixed argv, no shell)
        command, capture_output=True, text=True, env=env, timeout=STEP_SECONDS * 4
    )
    assert result.returncode == 0, (
        f"the {language} examples failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return len([s for page in pages for s in page.of(language)])


def _run(language, pages, env, server, tmp_path) -> int:
    if language == "bash":
        return _run_curl(pages, env, server)
    return _run_program(pages, language, env, server, tmp_path)


LANGUAGES = ["bash", "js", "python"]


def test_every_flow_has_its_examples_in_the_three_languages():
    for relative in ["authentication.md", *GUIDE]:
        page = read(relative)
        counts = {language: len(page.of(language)) for language in LANGUAGES}
        assert len(set(counts.values())) == 1, f"{relative}: {counts}"
    assert NODE, "Node (node) is needed to run the JavaScript examples"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_authentication_page_runs(language, live_server, flow_env, tmp_path):
    ran = _run(
        language, [read("authentication.md")], flow_env, live_server.url, tmp_path
    )

    # what the page did, as the shop saw it
    user = User.objects.get(email="ada@example.com")
    assert ran >= 10
    assert user.check_password("reset-Horse-battery-11")
    assert user.token_version >= 3  # logout-all, password change, password reset


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_integration_guide_runs(
    language, live_server, flow_env, demo_shop, tmp_path
):
    ran = _run(
        language, [read(page) for page in GUIDE], flow_env, live_server.url, tmp_path
    )

    # what the guide did, as the shop saw it: one order (the retry made no
    # second) with the WELCOME10 discount (applied, removed, applied again),
    # paid then cancelled and refunded, a review to moderate, one
    # report of someone else's review, and a wish list private again with
    # the first product (the one reviewed) left on it
    customer = User.objects.get(email="grace@example.com")
    order = Order.objects.get(user=customer)
    review = ProductReview.objects.get(user=customer)
    assert ran >= 20
    assert order.status == "cancelled"
    [discount] = order.discounts.all()
    assert discount.voucher_code == "WELCOME10" and discount.amount > 0
    assert order.total_incl_tax == (
        order.basket_total_before_discounts_incl_tax - discount.amount
    )
    assert Payment.objects.get(order=order).status == "refunded"
    assert review.status == ProductReview.FOR_MODERATION
    report = ReviewReport.objects.get(reporter=customer)
    assert report.reason == "off_topic" and report.review.user != customer
    wishlist = WishList.objects.get(owner=customer)
    assert wishlist.name == "Birthday ideas"
    assert wishlist.visibility == WishList.PRIVATE
    assert [line.product_id for line in wishlist.lines.all()] == [review.product_id]
