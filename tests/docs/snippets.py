"""Read the runnable examples out of the documentation's Markdown.

A runnable example is a code block in a content tab named "curl" (bash),
"JavaScript" (js) or "Python" (python), as the guide writes them:

    === "curl"

        ```bash
        curl ...
        ```

A block titled "Response: ..." (```json title="Response: 200 OK") documents
what the curl example before it prints."""

import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TABS = {"curl": "bash", "JavaScript": "js", "Python": "python"}

_TAB = re.compile(r'^(?P<indent> *)=== "(?P<name>[^"]+)"\s*$')
_FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[^`]*)$")


@dataclass
class Snippet:
    language: str  # bash, js, python
    code: str
    where: str  # page:line
    response: object = None  # the documented JSON, for curl examples
    response_title: str = ""


@dataclass
class Page:
    path: Path
    snippets: list[Snippet] = field(default_factory=list)

    def of(self, language: str) -> list[Snippet]:
        return [s for s in self.snippets if s.language == language]


def guide_pages() -> list[str]:
    """The pages of the "Integration guide" section of mkdocs.yml's nav, in
    order: a new resource's page runs as soon as it is in the nav."""

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names Python objects (!!python/name:...); they do not matter here
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *args: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)  # noqa: S506
    (section,) = [
        item["Integration guide"]
        for item in config["nav"]
        if "Integration guide" in item
    ]
    return [
        entry if isinstance(entry, str) else next(iter(entry.values()))
        for entry in section
    ]


def _block(lines: list[str], start: int) -> tuple[str, str, int]:
    """The fenced block opening at lines[start]: (info, code, next line)."""
    opening = _FENCE.match(lines[start])
    indent = len(opening["indent"])
    body = []
    for number in range(start + 1, len(lines)):
        if lines[number].strip() == "```" and (
            len(lines[number]) - len(lines[number].lstrip()) == indent
        ):
            code = textwrap.dedent("\n".join(body))
            return opening["info"].strip(), code, number + 1
        body.append(lines[number])
    raise ValueError(f"unclosed code block at line {start + 1}")


def read(relative: str) -> Page:
    path = DOCS / relative
    lines = path.read_text().splitlines()
    page = Page(path)
    tab = None
    number = 0
    while number < len(lines):
        line = lines[number]
        if match := _TAB.match(line):
            tab = match["name"]
            number += 1
            continue
        if _FENCE.match(line) and line.strip() != "```":
            info, code, after = _block(lines, number)
            language = info.split()[0] if info.split() else ""
            where = f"{relative}:{number + 1}"
            if tab in TABS and language == TABS[tab]:
                page.snippets.append(Snippet(language, code, where))
            elif language == "json" and 'title="Response' in info:
                curls = page.of("bash")
                assert curls, f"{where}: a response block before any curl example"
                curls[-1].response = json.loads(code)
                curls[-1].response_title = info
            tab = None
            number = after
            continue
        if line.strip() and not line.startswith(" "):
            tab = None  # prose: the tab group is over
        number += 1
    return page


def titled_block(relative: str, title: str) -> str:
    """The code of the one block titled `title` (```python title="x.py") on
    the page: a file that a page shows whole, for a test to run."""
    lines = (DOCS / relative).read_text().splitlines()
    found = []
    number = 0
    while number < len(lines):
        if _FENCE.match(lines[number]) and lines[number].strip() != "```":
            info, code, number = _block(lines, number)
            if f'title="{title}"' in info:
                found.append(code)
            continue
        number += 1
    assert len(found) == 1, f"{relative}: {len(found)} blocks titled {title!r}"
    return found[0]


def shape_errors(documented, actual, path="$") -> list[str]:
    """Where `actual` does not have the documented shape: every documented key
    present, the same JSON types (null matches anything), and the same value
    for the keys a client switches on (error codes, statuses)."""
    if documented is None or actual is None:
        return []
    if isinstance(documented, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r:.80}"]
        errors = []
        for key, value in documented.items():
            if key not in actual:
                errors.append(f"{path}.{key}: missing")
                continue
            switched_on = key in ("code", "type", "status", "reason")
            if switched_on and isinstance(value, str) and actual[key] != value:
                errors.append(f"{path}.{key}: {actual[key]!r} != {value!r}")
                continue
            errors += shape_errors(value, actual[key], f"{path}.{key}")
        return errors
    if isinstance(documented, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r:.80}"]
        if documented and actual:
            return shape_errors(documented[0], actual[0], f"{path}[0]")
        return []
    kinds = {bool: "boolean", int: "number", float: "number", str: "string"}
    if kinds[type(documented)] != kinds.get(type(actual)):
        return [f"{path}: expected a {kinds[type(documented)]}, got {actual!r:.80}"]
    return []
