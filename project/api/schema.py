"""drf-spectacular hooks: the schema documents /api/v1/ only."""


def only_api_v1(endpoints, **kwargs):
    """Keep the endpoints under /api/v1/ (Wagtail's admin API and the
    dashboard are not part of the public contract)."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith("/api/v1/")
    ]
