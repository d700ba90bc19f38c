from rest_framework import pagination
from rest_framework.exceptions import ValidationError

# Past this many results a page would make the database skip them all
# (OFFSET): deeper pages are refused; filters narrow a list instead.
MAX_PAGINATED_RESULTS = 10_000


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 20 by default, at most 100 (larger asks are
    capped); pages beyond the first 10,000 results are a 400 `page_too_deep`."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        page = request.query_params.get(self.page_query_param, "1")
        page_size = self.get_page_size(request) or self.page_size
        if page.isdigit() and (int(page) - 1) * page_size >= MAX_PAGINATED_RESULTS:
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Only the first {MAX_PAGINATED_RESULTS} results can be "
                        "paged through; narrow the list with filters."
                    ]
                },
                code="page_too_deep",
            )
        return super().paginate_queryset(queryset, request, view)
