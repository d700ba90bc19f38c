"""The limits of the API's login on the web login forms too: the dashboard's,
Wagtail's (/cms/ and its login for private pages) and Django admin's.

A POST to one of these forms is refused with 429 and Retry-After when the
client IP has used up the login rate (THROTTLE_RATE_LOGIN, shared with the
API's login), or when the email typed in is blocked for this IP by recent
failures (project.accounts.throttling). Wagtail's password reset form gets
the password reset rate."""

from django.http import HttpResponse

from project.accounts.rate_limits import LoginRateThrottle, PasswordResetRateThrottle
from project.accounts.throttling import login_block, request_ip

# View name -> the rate that applies to a POST to it.
LIMITED_FORMS = {
    "dashboard:login": LoginRateThrottle,
    "admin:login": LoginRateThrottle,
    "wagtailadmin_login": LoginRateThrottle,
    "wagtailcore_login": LoginRateThrottle,  # Wagtail's login for private pages
    "wagtailadmin_password_reset": PasswordResetRateThrottle,
}
LOGIN_FIELD = "username"  # the email, in Django's AuthenticationForm and Wagtail's


def too_many_requests(retry_after: int) -> HttpResponse:
    response = HttpResponse(
        "Too many attempts. Try again later.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(max(1, int(retry_after)))
    return response


class LoginFormLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        rate = LIMITED_FORMS.get(request.resolver_match.view_name)
        if rate is None:
            return None
        throttle = rate()
        if not throttle.allow_request(request, None):
            return too_many_requests(throttle.wait() or 1)
        if rate is LoginRateThrottle:
            email = request.POST.get(LOGIN_FIELD, "")
            block = login_block(email=email, ip=request_ip(request)) if email else None
            if block is not None:
                return too_many_requests(block.retry_after)
        return None
