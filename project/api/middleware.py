"""Request hygiene shared by every page (the API's errors in its own shape)."""

from django.http import HttpResponseBadRequest

from project.api.exceptions import api_bad_request


class RejectNulBytesMiddleware:
    """A NUL character in the query string is refused with a 400: PostgreSQL
    cannot store or compare it, so views that search with a raw query
    parameter (Oscar's dashboard lists among them) would fail with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return api_bad_request(request)
            return HttpResponseBadRequest("Invalid character in the query string.")
        return self.get_response(request)
