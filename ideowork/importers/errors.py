"""Errors raised by the importers."""

from __future__ import annotations

from ideowork.domain.errors import UserError

__all__ = ["PlanImportError"]


class PlanImportError(UserError):
    """A 实施方案 file cannot be read.

    ``message`` is written for the user (Simplified Chinese): it says what is wrong with the
    file and how to fix it, and can be shown in a dialog as it is.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
