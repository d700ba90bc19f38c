"""Per-client-IP request rates for the login, register and password reset
endpoints of the API and the web login forms alike. Rates are read on each
request from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (THROTTLE_RATE_* in the
environment); counters live in the default cache, shared by all processes
once REDIS_URL is set. The client IP is project.core.client_ip's (REMOTE_ADDR,
or X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies). The web login forms use
the same classes (project.accounts.middleware), so one budget per IP holds on
every login page."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from project.core.client_ip import client_ip


class ClientIPRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class LoginRateThrottle(ClientIPRateThrottle):
    scope = "login"


class RegisterRateThrottle(ClientIPRateThrottle):
    scope = "register"


class PasswordResetRateThrottle(ClientIPRateThrottle):
    scope = "password_reset"
