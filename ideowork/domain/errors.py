"""Errors whose message is meant for the user (Simplified Chinese, says what to do)."""


class UserError(Exception):
    """Bad input or a state the user can fix; shown as is, never as a traceback."""


class ValidationError(UserError):
    """A record that cannot be saved as entered; `field` names the offending field, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(UserError):
    """A record that no longer exists (deleted in another window, or a wrong id)."""
