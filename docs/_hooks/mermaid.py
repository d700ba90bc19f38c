"""MkDocs hook: serve Mermaid from this repository, not from a CDN.

Material loads Mermaid from unpkg unless `mermaid` is already defined; the
site's extra_javascript names assets/vendor/mermaid.min.js, which this hook
adds to the build from node_modules (pinned by package-lock.json; `make docs`
runs `npm ci` first)."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

MERMAID = (
    Path(__file__).resolve().parents[2] / "node_modules/mermaid/dist/mermaid.min.js"
)


def on_files(files, config):
    if not MERMAID.is_file():
        raise PluginError(
            f"{MERMAID} is missing: run `npm ci` (or `make docs`, which does)."
        )
    files.append(
        File.generated(
            config, "assets/vendor/mermaid.min.js", abs_src_path=str(MERMAID)
        )
    )
    return files
