"""Serve the example storefront from its own origin, with nothing but the
standard library (no build step): `make storefront`, or

    python examples/storefront/serve.py --port 8001 --api http://127.0.0.1:8000/api/v1

Files are served from this folder; /config.js tells the pages where the API
is (the --api option, else the config.js file here); any other path without
a file extension is a page of the single-page app (index.html), so the
shop's FRONTEND_URL links (/products/<slug>/, /categories/<slug>/,
/account/) and the password reset link (/reset-password/?uid=&token=) open
the right page. Responses carry a Content-Security-Policy that allows
scripts from this origin only and API calls to the API's origin only."""

import argparse
import functools
import json
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent


class StorefrontHandler(SimpleHTTPRequestHandler):
    api_url = ""

    def __init__(self, *args, api_url: str, **kwargs):
        self.api_url = api_url
        super().__init__(*args, directory=str(HERE), **kwargs)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/config.js" and self.api_url:
            return self._send(
                f"export const API_URL = {json.dumps(self.api_url)};\n",
                "text/javascript; charset=utf-8",
            )
        if path.endswith("/") and path != "/" or "." not in path.rsplit("/", 1)[-1]:
            self.path = "/index.html"  # a page of the app: the app's router shows it
        return super().do_GET()

    def end_headers(self):
        api = urlsplit(self.api_url or "http://127.0.0.1:8000")
        api_origin = f"{api.scheme}://{api.netloc}"
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'self'; connect-src 'self' {api_origin}; "
            f"img-src 'self' data: {api_origin}; object-src 'none'; base-uri 'self'",
        )
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: str, content_type: str):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # quieter than the default
        if getattr(self.server, "verbose", True):
            super().log_message(format, *args)


def make_server(
    host: str, port: int, api_url: str, verbose=True
) -> ThreadingHTTPServer:
    """A storefront server (not started); port 0 picks a free port."""
    handler = functools.partial(StorefrontHandler, api_url=api_url)
    server = ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument(
        "--api",
        default="",
        help="the API's base URL, e.g. http://127.0.0.1:8000/api/v1",
    )
    options = parser.parse_args()
    server = make_server(options.host, options.port, options.api)
    print(
        f"Storefront on http://{options.host}:{options.port}/ "
        f"(API: {options.api or 'from config.js'}); Ctrl+C stops it."
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
