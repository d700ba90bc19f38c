"""Per-client-IP throttles for the account endpoints. Rates are read on each
request from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (THROTTLE_RATE_* in the
environment); counters live in the default cache, shared by all processes
once REDIS_URL is set."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ClientIPRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

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
