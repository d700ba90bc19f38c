"""Errors raised by services. They carry a machine code and a message and know
nothing of HTTP; the API maps them to its error shape (400, 404 and 409)."""


class ShopError(Exception):
    default_code = "error"
    default_message = "The operation could not be done."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
    ):
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.field = field
        super().__init__(self.message)


class InvalidInput(ShopError):
    """The input is wrong in a way only the service can tell (400)."""

    default_code = "invalid"
    default_message = "Invalid input."


class NotFound(ShopError):
    """The thing does not exist, or is not the caller's (404)."""

    default_code = "not_found"
    default_message = "Not found."


class Conflict(ShopError):
    """The input is valid but clashes with the current state: stock,
    duplicates, an illegal status change (409)."""

    default_code = "conflict"
    default_message = "The request conflicts with the current state."
