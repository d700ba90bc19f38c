"""Content-Security-Policy (django-csp) for every response, by area.

Every HTML page gets settings.CONTENT_SECURITY_POLICY: nothing from another
host, scripts only from our origin or with the response's nonce, no plugins
(object-src 'none'), base-uri 'self', never framed (frame-ancestors 'none').
Each back office gets exactly what it needs on top (found by the browser
test, tests/browser/test_no_third_party_requests.py, which fails on any CSP
violation):

- the dashboard: inline style attributes (Oscar's templates and its
  widgets), and the two fixed inline handlers of Oscar's "Cancel" links
  ('unsafe-hashes' with their hashes). Its one inline script carries the
  nonce (templates/oscar/base.html); other handlers Oscar wrote inline are
  in static/shop/dashboard.js;
- Wagtail's admin: inline scripts and styles (its widgets and panels still
  write inline <script>s), images from blob: (upload previews);
- Django's admin: inline styles;
- the API docs (Swagger UI, ReDoc): inline styles (ReDoc's styled
  components), ReDoc's search worker from blob:.

Pages Wagtail lets its own admin frame (previews: X-Frame-Options
SAMEORIGIN) may be framed by our origin only. Any other API response (JSON)
gets default-src 'none': it never needs to load anything.
"""

from csp.constants import NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# sha256 of Oscar's two inline "Cancel" handlers (dashboard/partials/form.html,
# catalogue/*_form.html): the only inline script the dashboard runs that is
# not in a nonce'd <script>.
OSCAR_CANCEL_HANDLERS = (
    "'sha256-NqaPugiVKFsqU2P8L2sjJSLsiSKaQB+C9S5V0ZiRxfc='",  # window.history.go(-1);return false
    "'sha256-KfMr/znHoNXbaysXJVVD9BDDdgwELnZLrjgLxMfySJE='",  # window.close();return false;
)

API_POLICY = {
    "default-src": [NONE],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [NONE],
}

# Wagtail's admin still writes inline <script>s (date pickers, inline panels,
# filters fetched into the page), so its scripts may be inline; a nonce would
# make browsers ignore 'unsafe-inline', hence none there.
AREA_REPLACEMENTS = [("/cms/", {"script-src": [SELF, UNSAFE_INLINE]})]

AREA_UPDATES = [
    (
        "/dashboard/",
        {
            "script-src": [UNSAFE_HASHES, *OSCAR_CANCEL_HANDLERS],
            "style-src": [UNSAFE_INLINE],
        },
    ),
    ("/cms/", {"style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}),
    ("/admin/", {"style-src": [UNSAFE_INLINE]}),
    (
        "/api/v1/docs/",
        {"style-src": [UNSAFE_INLINE], "img-src": ["data:"]},
    ),
    (
        "/api/v1/redoc/",
        {"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]},
    ),
]


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by area (see above)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        path = request.path_info
        if path.startswith("/api/") and not _is_html(response):
            return PolicyParts(config=API_POLICY)
        update = {}
        for prefix, directives in AREA_UPDATES:
            if path.startswith(prefix):
                update = directives
                break
        replace = {}
        for prefix, directives in AREA_REPLACEMENTS:
            if path.startswith(prefix):
                replace.update(directives)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = [SELF]
        parts.update = {**update, **(parts.update or {})}
        parts.replace = {**replace, **(parts.replace or {})}
        # An unused nonce source would only lengthen the header.
        if not getattr(request, "_csp_nonce", None):
            parts.nonce = None
        return parts
