"""MkDocs hook: the site's scripts come from this repository, not from a CDN.

Material loads Mermaid from unpkg unless `mermaid` is already defined, and
its offline plugin adds iframe-worker's shim (search from file://) from
unpkg unless a polyfill named iframe-worker is listed. mkdocs.yml lists both
as local files (extra_javascript, extra.polyfills); this hook adds them to
the build from node_modules, pinned by package-lock.json (`make docs` runs
`npm ci` first)."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDORED = {
    "assets/vendor/mermaid.min.js": NODE_MODULES / "mermaid/dist/mermaid.min.js",
    "assets/vendor/iframe-worker-shim.js": NODE_MODULES / "iframe-worker/shim/index.js",
}


def on_files(files, config):
    for site_path, source in VENDORED.items():
        if not source.is_file():
            raise PluginError(
                f"{source} is missing: run `npm ci` (or `make docs`, which does)."
            )
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files
