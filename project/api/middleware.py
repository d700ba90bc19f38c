"""Request hygiene shared by every page (the API's errors in its own shape)."""

from django.http import HttpResponseBadRequest, JsonResponse


class RejectNulBytesMiddleware:
    """A NUL character in the query string (a parameter's name or value) is
    refused with a 400 naming the parameter: PostgreSQL cannot store or
    compare it, so views that search with a raw query parameter (Oscar's
    dashboard lists among them) would fail with a 500. Bodies are checked by
    the API's parsers (project.api.parsers) and Django's form fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return self.refuse(request, key.replace("\x00", "\\u0000"))
        return self.get_response(request)

    @staticmethod
    def refuse(request, parameter: str):
        message = "Null characters are not allowed."
        if request.path.startswith("/api/"):
            # The API's one error shape (project.api.exceptions).
            return JsonResponse(
                {
                    "type": "validation_error",
                    "errors": [
                        {
                            "code": "null_characters_not_allowed",
                            "detail": message,
                            "attr": parameter,
                        }
                    ],
                },
                status=400,
            )
        return HttpResponseBadRequest(
            f"{message} (query parameter {parameter!r})",
            content_type="text/plain; charset=utf-8",
        )
