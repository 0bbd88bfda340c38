class ApplicationError(Exception):
    """A business rule refused an operation; the message is safe to show to the user."""

    def __init__(self, message: str, *, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class NotAllowed(ApplicationError):
    """Refused because of who asks, not what was asked (the API answers it 403)."""
